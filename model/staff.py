"""Staff members, their certificates, skills, qualification exceptions and working-hour regime."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from model.base import Frozen
from model.plausible import (
    EARLIEST_BIRTH_DATE,
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_HEIGHT_CM,
    MAX_TRAINING_DAYS,
    MIN_HEIGHT_CM,
    MIN_WORKING_AGE,
    years_between,
)
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
    expires_on: date | None = Field(None, ge=EARLIEST_DAY, le=LATEST_DAY,
                                    description="Last valid day; None = no expiry")

    def valid_on(self, day: date) -> bool:
        return self.expires_on is None or day <= self.expires_on


class RequirementKind(StrEnum):
    """A line requirement kind (seed 000, attachments 1-27, section 一) an exception may waive."""

    EDUCATION = "education"
    MAJOR = "major"
    AGE = "age"
    HEIGHT = "height"
    CERTIFICATE = "certificate"
    TRAINING = "training"

    @property
    def label(self) -> str:
        """The requirement in the hospital's words."""
        return {"education": "学历", "major": "专业", "age": "年龄", "height": "身高",
                "certificate": "证书", "training": "岗前培训"}[self.value]


class QualificationException(Frozen):
    """A recorded exception: requirements of one line (or of every line of one post) waived
    for this person, with the reason and optionally who approved it and until when."""

    line_id: str | None = Field(None, description="Line whose requirements are waived")
    post_id: str | None = Field(None, description="Post whose lines' requirements are waived")
    waives: tuple[RequirementKind, ...] = Field(min_length=1, description="Waived requirements")
    reason: str = Field(description="Why the hospital accepts it (must not be empty)")
    approved_by: str = Field("", description="Who approved it (科室、护理部 ...)")
    until: date | None = Field(None, description="Last day it holds; None = no end")

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("例外必须写明理由")
        return value.strip()

    @model_validator(mode="after")
    def _one_target(self) -> QualificationException:
        if (self.line_id is None) == (self.post_id is None):
            raise ValueError("例外须指明一个服务项目或一个岗位（二选一）")
        return self

    def holds_on(self, day: date) -> bool:
        return self.until is None or day <= self.until

    def covers(self, kind: RequirementKind, line_id: str, post_id: str | None,
               day: date) -> bool:
        """Whether it waives `kind` of line `line_id` (checked for post `post_id`) on `day`."""
        target = self.line_id == line_id if self.line_id is not None else self.post_id == post_id
        return target and kind in self.waives and self.holds_on(day)


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
    birth_date: date = Field(ge=EARLIEST_BIRTH_DATE, le=LATEST_DAY)
    education: str = Field(description="Education level, one of the data set's levels")
    major: str = ""
    height_cm: int | None = Field(None, ge=MIN_HEIGHT_CM, le=MAX_HEIGHT_CM)
    hire_date: date = Field(ge=EARLIEST_DAY, le=LATEST_DAY)
    line_id: str = Field(description="Primary service line")
    skills: tuple[str, ...] = Field(
        (), description="Other posts (post ids) this person is trained for and may be borrowed to")
    certificates: tuple[Certificate, ...] = ()
    exceptions: tuple[QualificationException, ...] = Field(
        (), description="Recorded exceptions to the requirements of a line or post worked "
                        "when borrowed (solver/RULES.md, eligibility 7)")
    employment: Employment = Employment.VENDOR
    regime: HoursRegime = HoursRegime.STANDARD
    hours_period: HoursPeriod | None = Field(
        None, description="综合计算工时 only: the approved averaging period (week, month, "
                          "quarter, year); None = month")
    limits: StaffLimits | None = Field(
        None, description="Personal contract limits (max shifts per type, minutes, runs, "
                          "weekends); None = only the rules of the rule set apply")
    solo_from: date | None = Field(
        None, description="First day the person works a post alone (独立上岗日期), overriding "
                          "hire date + the line's training_days (solver/RULES.md, shadowing)")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Staff:
        if self.hire_date < self.birth_date:
            raise ValueError("入职日期早于出生日期")
        if years_between(self.birth_date, self.hire_date) < MIN_WORKING_AGE:
            raise ValueError(f"入职时未满 {MIN_WORKING_AGE} 周岁（出生 {self.birth_date}，"
                             f"入职 {self.hire_date}）")
        return self

    @model_validator(mode="after")
    def _solo_after_hire(self) -> Staff:
        if self.solo_from is None:
            return self
        if self.solo_from < self.hire_date:
            raise ValueError(f"独立上岗日期 {self.solo_from} 早于入职日期 {self.hire_date}")
        if (self.solo_from - self.hire_date).days > MAX_TRAINING_DAYS:
            raise ValueError(f"独立上岗日期 {self.solo_from} 距入职日期 {self.hire_date} 超过 "
                             f"{MAX_TRAINING_DAYS} 天，岗前培训不会这么长")
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
