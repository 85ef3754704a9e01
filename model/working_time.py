"""The working-time standard (weekly and monthly standard hours, wage divisor) and periods."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import Field, field_validator

from model.base import Frozen


class HoursPeriod(StrEnum):
    """The approved averaging period of 综合计算工时 (原劳动部审批办法 第五条); in data
    either the Chinese value or the English name (week, month, quarter, year)."""

    WEEK = "周"
    MONTH = "月"
    QUARTER = "季度"
    YEAR = "年"

    @classmethod
    def _missing_(cls, value: object) -> HoursPeriod | None:
        for member in cls:
            if isinstance(value, str) and value.strip().lower() == member.name.lower():
                return member
        return None

    @property
    def months(self) -> int:
        """Whole months in the period (0 for a week)."""
        return {"WEEK": 0, "MONTH": 1, "QUARTER": 3, "YEAR": 12}[self.name]


class WorkingTimeStandard(Frozen):
    """The national working-time standard a contract works under; each figure with its
    source. 综合计算工时 averages against these standard hours over its approved period."""

    daily_hours: float = Field(
        8, gt=0, le=24,
        description="Standard hours a day (劳动法第36条；国务院关于职工工作时间的规定第三条)")
    weekly_hours: float = Field(
        40, gt=0, le=168,
        description="Standard hours a week (国务院关于职工工作时间的规定第三条)")
    monthly_standard_hours: float = Field(
        166.64, gt=0,
        description="Standard hours a month, 20.83 days x 8 h, the figure 综合计算工时 "
                    "averages against (劳社部发〔2008〕3号)")
    wage_divisor_days: Decimal = Field(
        Decimal("21.75"), gt=0,
        description="Monthly paid days for the daily and hourly wage (劳社部发〔2008〕3号)")
    source: str = Field("劳动法第36条；国务院关于职工工作时间的规定；劳社部发〔2008〕3号",
                        description="Where the figures come from")

    @field_validator("wage_divisor_days", mode="before")
    @classmethod
    def _decimal_from_float(cls, value: object) -> object:
        if isinstance(value, float):
            return Decimal(str(value))
        return value

    @property
    def daily_minutes(self) -> int:
        return int(round(self.daily_hours * 60))

    @property
    def weekly_minutes(self) -> int:
        return int(round(self.weekly_hours * 60))

    def period_minutes(self, period: HoursPeriod) -> int:
        """Standard minutes of a whole approved period: a week's weekly hours, else the
        monthly standard hours times the months of the period."""
        if period is HoursPeriod.WEEK:
            return self.weekly_minutes
        return int(round(self.monthly_standard_hours * 60 * period.months))


#: The current national standard (the default of every contract).
NATIONAL_STANDARD = WorkingTimeStandard()
