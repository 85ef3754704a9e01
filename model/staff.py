"""Staff members, their certificates, skills and working-hour regime."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from model.base import Frozen
from model.contract import Education
from model.working_time import HoursPeriod


class Gender(StrEnum):
    MALE = "男"
    FEMALE = "女"


class Employment(StrEnum):
    """Who employs the person: the outsourcing vendor, or the hospital itself."""

    VENDOR = "外包"
    HOSPITAL = "院方"


class HoursRegime(StrEnum):
    """Working-hour regime (劳动法 Art. 36/39)."""

    STANDARD = "标准工时"  # 8 h a day, 40 h a week
    COMPREHENSIVE = "综合计算工时"  # hours averaged over the period (24-hour posts)


class Certificate(Frozen):
    """A certificate held by a staff member."""

    type_id: str
    number: str = ""
    expires_on: date | None = Field(None, description="Last valid day; None = no expiry")

    def valid_on(self, day: date) -> bool:
        return self.expires_on is None or day <= self.expires_on


class StaffLimits(Frozen):
    """A person's own contract limits over the planning horizon; None = no limit.

    Rules staff_max_shifts_per_type, staff_max/min_total_minutes, staff_max/min_consecutive_days,
    staff_min_consecutive_days_off and staff_max_weekends (solver/RULES.md)."""

    max_shifts: dict[str, int] = Field(
        default_factory=dict,
        description="Shift code -> most shifts of that type over the horizon (0 forbids it); "
                    "a code not listed is unlimited")
    max_minutes: int | None = Field(None, ge=0, description="Most paid minutes over the horizon")
    min_minutes: int | None = Field(None, ge=0, description="Fewest paid minutes over the horizon")
    max_consecutive_days: int | None = Field(None, ge=1)
    min_consecutive_days: int | None = Field(
        None, ge=1, description="Shortest run of worked days; runs touching the horizon's "
                                "first or last day are exempt")
    min_consecutive_days_off: int | None = Field(
        None, ge=1, description="Shortest run of days off between two worked days; runs "
                                "touching the horizon's first or last day are exempt")
    max_weekends: int | None = Field(
        None, ge=0, description="Most weekends (Saturday-Sunday) with a shift on either day")
    edge_runs_exempt: bool = Field(
        True, description="Runs touching the horizon's first or last day are exempt from the "
                          "minimum run rules (they may continue outside it); False: every run "
                          "counts, as if the days outside were off (working runs) or worked "
                          "(runs of days off)")

    @field_validator("max_shifts")
    @classmethod
    def _non_negative(cls, value: dict[str, int]) -> dict[str, int]:
        for code, limit in value.items():
            if limit < 0:
                raise ValueError(f"班次 {code} 的上限 {limit} 不能为负")
        return value

    @model_validator(mode="after")
    def _min_not_above_max(self) -> StaffLimits:
        if (self.min_minutes is not None and self.max_minutes is not None
                and self.min_minutes > self.max_minutes):
            raise ValueError(f"最少工时 {self.min_minutes} 分钟大于最多工时 "
                             f"{self.max_minutes} 分钟")
        return self


class Staff(Frozen):
    """A staff member (工号 = id)."""

    id: str = Field(description="工号")
    name: str
    gender: Gender
    birth_date: date
    education: Education
    major: str = ""
    height_cm: int | None = None
    hire_date: date
    line_id: str = Field(description="Primary service line")
    skills: tuple[str, ...] = Field(
        (), description="Other posts (post ids) this person is trained for and may be borrowed to")
    certificates: tuple[Certificate, ...] = ()
    employment: Employment = Employment.VENDOR
    regime: HoursRegime = HoursRegime.STANDARD
    hours_period: HoursPeriod | None = Field(
        None, description="综合计算工时 only: the approved averaging period (week, month, "
                          "quarter, year); None = month")
    limits: StaffLimits | None = Field(
        None, description="Personal contract limits (max shifts per type, minutes, runs, "
                          "weekends); None = only the rules of the rule set apply")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Staff:
        if self.hire_date < self.birth_date:
            raise ValueError("入职日期早于出生日期")
        return self

    @model_validator(mode="after")
    def _period_only_comprehensive(self) -> Staff:
        if self.hours_period is not None and self.regime is not HoursRegime.COMPREHENSIVE:
            raise ValueError("综合计算周期只适用于综合计算工时，"
                             f"{self.regime.value}人员不应填写")
        return self

    @property
    def period(self) -> HoursPeriod | None:
        """The averaging period in force: None under 标准工时, month unless approved otherwise."""
        if self.regime is not HoursRegime.COMPREHENSIVE:
            return None
        return self.hours_period or HoursPeriod.MONTH

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def certificate(self, type_id: str) -> Certificate | None:
        for cert in self.certificates:
            if cert.type_id == type_id:
                return cert
        return None

    def holds_valid(self, type_id: str, day: date) -> bool:
        cert = self.certificate(type_id)
        return cert is not None and cert.valid_on(day)
