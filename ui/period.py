"""The period on screen: a calendar month or whole weeks from a day, and the one before or
after it. Pure functions, so the page and its tests agree on the dates."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

MONTH = "按月"
WEEKS = "按周"
MODES = (MONTH, WEEKS)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    mode: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> int:
        return max(1, self.days // 7)

    @property
    def label(self) -> str:
        if self.mode == MONTH:
            return f"{self.start.year} 年 {self.start.month} 月"
        return f"{self.start} 起 {self.weeks} 周"

    def contains(self, start: date, end: date) -> bool:
        return (start, end) == (self.start, self.end)


def month(year: int, number: int) -> Period:
    """The calendar month: its first to its last day."""
    last = calendar.monthrange(year, number)[1]
    return Period(date(year, number, 1), date(year, number, last), MONTH)


def weeks(start: date, count: int) -> Period:
    return Period(start, start + timedelta(days=7 * count - 1), WEEKS)


def month_of(day: date) -> Period:
    return month(day.year, day.month)


def shifted(period: Period, step: int) -> Period:
    """The period `step` periods later (earlier when negative), of the same kind and size."""
    if period.mode == MONTH:
        index = period.start.year * 12 + period.start.month - 1 + step
        return month(index // 12, index % 12 + 1)
    return weeks(period.start + timedelta(days=7 * period.weeks * step), period.weeks)


def month_choices(around: date, before: int = 3, after: int = 12) -> list[date]:
    """First days of the months from `before` months before `around` to `after` after it."""
    first = month_of(around)
    return [shifted(first, step).start for step in range(-before, after + 1)]
