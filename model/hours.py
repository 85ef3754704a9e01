"""Working-time definitions shared by the solver, the checker and the reports.

Everything here is a pure function of the calendar and the data, so that the CP-SAT
model and the independent checker count weeks, months and overtime the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from model.calendar import CalendarDay, DayKind

STANDARD_DAY_MINUTES = 8 * 60
#: Art. 44 pay categories, as multiples of the hourly wage.
PAY_150, PAY_200, PAY_300 = Decimal("1.5"), Decimal("2"), Decimal("3")
#: Statutory monthly working days used for the hourly rate (劳社部发〔2008〕3号).
MONTHLY_PAY_DAYS = Decimal("21.75")


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_owner_month(monday: date) -> tuple[int, int]:
    """A calendar week counts towards the month of its Thursday (ISO-8601 convention)."""
    thursday = monday + timedelta(days=3)
    return thursday.year, thursday.month


def calendar_weeks(days: Sequence[CalendarDay]) -> list[list[int]]:
    """Indices of the horizon's days grouped by calendar week (Monday-Sunday)."""
    weeks: dict[date, list[int]] = {}
    for index, item in enumerate(days):
        weeks.setdefault(week_monday(item.day), []).append(index)
    return list(weeks.values())


def calendar_months(days: Sequence[CalendarDay]) -> dict[tuple[int, int], list[int]]:
    months: dict[tuple[int, int], list[int]] = {}
    for index, item in enumerate(days):
        months.setdefault((item.day.year, item.day.month), []).append(index)
    return months


def standard_minutes(days: Sequence[CalendarDay], indices: Sequence[int],
                     weekly_hours: float = 40) -> int:
    """Standard hours of those days: weekly_hours / 5 for each legal workday (make-up days
    included, holidays and in-lieu days excluded)."""
    per_day = int(round(weekly_hours * 60 / 5))
    return per_day * sum(1 for i in indices if days[i].kind.is_workday)


def is_weekend_day(item: CalendarDay) -> bool:
    """Saturday or Sunday that is not a make-up workday."""
    return item.day.weekday() >= 5 and item.kind is not DayKind.MAKEUP


def is_holiday_day(item: CalendarDay) -> bool:
    """A statutory holiday or an in-lieu day off (the holiday break)."""
    return item.kind in (DayKind.HOLIDAY, DayKind.IN_LIEU)


def daily_overtime_minutes(shift_minutes: int) -> int:
    """Minutes of one shift beyond the standard 8-hour day."""
    return max(0, shift_minutes - STANDARD_DAY_MINUTES)


def hourly_wage(unit_cost: Decimal, wage_share: float) -> Decimal:
    """Hourly wage = monthly wage / 21.75 / 8, the monthly wage being a share of the
    line's monthly cost budget (劳动法 Art. 44; the share is a setting)."""
    monthly_wage = unit_cost * Decimal(str(wage_share))
    return monthly_wage / MONTHLY_PAY_DAYS / 8


def overtime_fen_per_minute(unit_cost: Decimal, wage_share: float, multiple: Decimal) -> int:
    """Overtime pay in fen (0.01 yuan) per minute at a pay multiple, rounded half up."""
    fen = hourly_wage(unit_cost, wage_share) * multiple * 100 / 60
    return int(fen.quantize(Decimal(1), rounding=ROUND_HALF_UP))
