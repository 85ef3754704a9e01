"""The planning horizon: consecutive days with their calendar classification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, timedelta

from model.calendar import CalendarDay, WorkCalendar


@dataclass(frozen=True)
class Horizon:
    start: date
    days: tuple[CalendarDay, ...]

    @classmethod
    def of(cls, calendar: WorkCalendar, start: date, n_days: int) -> Horizon:
        if n_days <= 0:
            raise ValueError("排班天数必须大于 0")
        return cls(start=start, days=tuple(calendar.days(start, n_days)))

    @property
    def n(self) -> int:
        return len(self.days)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.n - 1)

    def date(self, index: int) -> dt.date:
        return self.start + timedelta(days=index)

    def index(self, day: dt.date) -> int | None:
        offset = (day - self.start).days
        return offset if 0 <= offset < self.n else None
