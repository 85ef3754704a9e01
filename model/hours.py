"""Working-time definitions shared by the solver, the checker, the cost and planning.

Everything here is a pure function of the calendar and the data, so that the CP-SAT
model and the independent checker count weeks, months, approved periods and overtime the
same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from model.calendar import CalendarDay, DayKind
from model.working_time import NATIONAL_STANDARD, HoursPeriod, WorkingTimeStandard

#: Art. 44 pay categories, as multiples of the hourly wage.
PAY_150, PAY_200, PAY_300 = Decimal("1.5"), Decimal("2"), Decimal("3")

Month = tuple[int, int]


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


def weekly_rest_required(days: Sequence[CalendarDay], week: Sequence[int], rest_days: int,
                         consecutive_before: int = 0) -> int:
    """Days off the horizon's part of one calendar week must hold for `rest_days` days off in
    the whole Monday-Sunday week (劳动法第38条). Days of the week before the horizon count as
    worked only as far as the previous roster's tail shows (its last `consecutive_before` days
    in a row), any other earlier day as off, as a missing tail counts nothing as worked; days
    after the horizon are the next roster's, which may still give the rest: a partial last
    week requires only what its missing days cannot give (none for one rest day)."""
    first = days[week[0]].day
    before = (first - week_monday(first)).days
    after = 7 - before - len(week)
    rest_before = before - min(consecutive_before, before)
    return max(0, rest_days - rest_before - after)


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


def daily_overtime_minutes(shift_minutes: int,
                           standard: WorkingTimeStandard = NATIONAL_STANDARD) -> int:
    """Minutes of one shift beyond the standard day (标准工时 only)."""
    return max(0, shift_minutes - standard.daily_minutes)


def hourly_wage(unit_cost: Decimal, wage_share: float,
                standard: WorkingTimeStandard = NATIONAL_STANDARD) -> Decimal:
    """Hourly wage = monthly wage / 21.75 / 8, the monthly wage being a share of the
    line's monthly cost budget (劳动法 Art. 44; the share is a setting, the divisor and the
    day's hours come from the working-time standard)."""
    monthly_wage = unit_cost * Decimal(str(wage_share))
    return monthly_wage / standard.wage_divisor_days / Decimal(str(standard.daily_hours))


def overtime_fen_per_minute(unit_cost: Decimal, wage_share: float, multiple: Decimal,
                            standard: WorkingTimeStandard = NATIONAL_STANDARD) -> int:
    """Overtime pay in fen (0.01 yuan) per minute at a pay multiple, rounded half up."""
    fen = hourly_wage(unit_cost, wage_share, standard) * multiple * 100 / 60
    return int(fen.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- 综合计算工时: approved periods ------------------------------------------------------

def period_bounds(day: date, period: HoursPeriod) -> tuple[date, date]:
    """First and last day of the approved period (calendar week, month, quarter, year)
    that contains `day`."""
    if period is HoursPeriod.WEEK:
        first = week_monday(day)
        return first, first + timedelta(days=6)
    if period is HoursPeriod.YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    months = period.months
    first_month = (day.month - 1) // months * months + 1
    first = date(day.year, first_month, 1)
    end_month = first_month + months
    after = date(day.year + 1, 1, 1) if end_month > 12 else date(day.year, end_month, 1)
    return first, after - timedelta(days=1)


def prorated_standard_minutes(standard: WorkingTimeStandard, period: HoursPeriod,
                              first: date, last: date, upto: date) -> int:
    """The period's standard minutes for its days from `first` to `upto` (inclusive), in
    proportion to calendar days: the whole standard when `upto` is the period's last day,
    0 before it begins."""
    if upto < first:
        return 0
    elapsed = (min(upto, last) - first).days + 1
    total = (last - first).days + 1
    return int(round(standard.period_minutes(period) * elapsed / total))


@dataclass(frozen=True)
class PeriodWindow:
    """One approved period of a 综合计算工时 person, as a horizon sees it.

    The period's overtime is what its worked minutes exceed its standard by; a horizon
    ending inside the period compares against the standard prorated to its last day, and
    counts only the growth of the excess since the start (the tail's part was counted by
    the roster before). With no tail nothing is known to be worked before the horizon: 0,
    as for every field of the tail. `excess(worked)` = max(0, worked + offset)."""

    period: HoursPeriod
    first: date
    last: date
    indices: tuple[int, ...]
    prior_minutes: int
    prior_overtime: int
    std_before: int
    std_end: int
    cap_minutes: int

    @property
    def prior_excess(self) -> int:
        return max(0, self.prior_minutes - self.std_before)

    @property
    def offset(self) -> int:
        return self.prior_minutes - self.std_end - self.prior_excess

    @property
    def allowance(self) -> int:
        """Minutes the horizon may work in the period before overtime begins."""
        return -self.offset

    def excess(self, worked: int) -> int:
        """Overtime minutes (150 %) this horizon adds, `worked` being its non-holiday minutes
        in the period."""
        return max(0, worked + self.offset)

    @property
    def owner(self) -> Month:
        """The month the period's overtime is reported under: a week's Thursday month, else
        the period's first month."""
        if self.period is HoursPeriod.WEEK:
            return week_owner_month(self.first)
        return self.first.year, self.first.month

    def label(self) -> str:
        """The period in Chinese: 2026 年 12 月, 2026 年第 4 季度, 2026 年, 12月7日起的一周."""
        if self.period is HoursPeriod.MONTH:
            return f"{self.first.year} 年 {self.first.month} 月"
        if self.period is HoursPeriod.QUARTER:
            return f"{self.first.year} 年第 {(self.first.month - 1) // 3 + 1} 季度"
        if self.period is HoursPeriod.YEAR:
            return f"{self.first.year} 年"
        return f"{self.first.year} 年 {self.first.month} 月 {self.first.day} 日起的一周"


def period_windows(days: Sequence[CalendarDay], period: HoursPeriod,
                   standard: WorkingTimeStandard, monthly_cap_minutes: int,
                   prior_minutes: int = 0, prior_overtime: int = 0) -> list[PeriodWindow]:
    """The approved periods the horizon's days fall in, in order. Only the period that
    contains the first day can have begun before the horizon: it takes the tail's minutes
    and overtime. The overtime cap of a period is the monthly cap times its
    months (a week's overtime is capped with its Thursday's month instead, cap_minutes 0)."""
    if not days:
        return []
    groups: dict[date, list[int]] = {}
    bounds: dict[date, date] = {}
    for index, item in enumerate(days):
        first, last = period_bounds(item.day, period)
        groups.setdefault(first, []).append(index)
        bounds[first] = last
    start, end = days[0].day, days[-1].day
    out = []
    for first, indices in groups.items():
        last = bounds[first]
        began_before = first < start
        out.append(PeriodWindow(
            period=period, first=first, last=last, indices=tuple(indices),
            prior_minutes=prior_minutes if began_before else 0,
            prior_overtime=prior_overtime if began_before else 0,
            std_before=prorated_standard_minutes(standard, period, first, last,
                                                 start - timedelta(days=1)),
            std_end=prorated_standard_minutes(standard, period, first, last, end),
            cap_minutes=monthly_cap_minutes * period.months))
    return out
