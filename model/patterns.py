"""A line's preferred pattern (固定排班模式): fixed rest weekdays and a weekly shift rotation."""

from __future__ import annotations

from datetime import date

from pydantic import Field, field_validator, model_validator

from model.base import Frozen
from model.calendar import CalendarDay, DayKind
from model.plausible import EARLIEST_DAY, LATEST_DAY
from model.staff import Employment, Staff

#: Weekday names a file may use for rest days -> ISO weekday (Monday 1 .. Sunday 7).
WEEKDAY_NAMES: dict[str, int] = {
    **{f"周{c}": i for i, c in enumerate("一二三四五六日", 1)},
    "周天": 7,
    **{f"星期{c}": i for i, c in enumerate("一二三四五六日", 1)},
    "星期天": 7,
}
#: How a weekday is shown to a user.
WEEKDAY_LABELS: dict[int, str] = {i: f"周{c}" for i, c in enumerate("一二三四五六日", 1)}


class WorkPattern(Frozen):
    """The pattern a line's own staff should keep, so that rosters look alike week to week:
    `rest_days` are the weekdays they rest (做五休二 on fixed days, e.g. 周六、周日), `rotation`
    the shift each works, one week each in turn (e.g. A, P, N). A 调休上班日 is a working day
    whatever its weekday. The line's n-th own vendor person (data order, from 0) works
    rotation[(n + weeks since rotation_start) mod len] in a week."""

    line_id: str = Field(description="The line whose own staff keep the pattern")
    rest_days: tuple[int, ...] = Field(
        (), description="ISO weekdays of rest (1 Monday .. 7 Sunday) or 周一..周日")
    rotation: tuple[str, ...] = Field((), description="Shift codes, one week each, in order")
    rotation_start: date | None = Field(
        None, ge=EARLIEST_DAY, le=LATEST_DAY,
        description="A Monday: the week the line's first person works rotation[0]")
    source: str = Field("", description="Why the line keeps this pattern")

    @field_validator("rest_days", mode="before")
    @classmethod
    def _weekday_names(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return tuple(WEEKDAY_NAMES.get(v.strip(), v) if isinstance(v, str) else v
                         for v in value)
        return value

    @field_validator("rest_days")
    @classmethod
    def _possible_rest_days(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        wrong = [v for v in value if not 1 <= v <= 7]
        if wrong:
            raise ValueError(f"休息日应为周一至周日（1-7），得到 {wrong[0]}")
        if len(set(value)) != len(value):
            raise ValueError("休息日有重复")
        if len(value) == 7:
            raise ValueError("休息日不能是一周七天：没有工作日")
        return tuple(sorted(value))

    @model_validator(mode="after")
    def _something_and_anchored(self) -> WorkPattern:
        if not self.rest_days and not self.rotation:
            raise ValueError("排班模式应给出固定休息日或轮换班次")
        if self.rotation and self.rotation_start is None:
            raise ValueError("轮换班次须给出轮换起始周的周一")
        if self.rotation_start is not None and self.rotation_start.weekday() != 0:
            raise ValueError(f"轮换起始日 {self.rotation_start.isoformat()} 不是周一")
        return self

    def is_rest_day(self, item: CalendarDay) -> bool:
        """Whether the pattern rests on this day (a 调休上班日 is never a rest day)."""
        return item.day.isoweekday() in self.rest_days and item.kind is not DayKind.MAKEUP

    def rotation_shift(self, position: int, day: date) -> str | None:
        """The shift the line's `position`-th person works in the week of `day`, if any."""
        if not self.rotation or self.rotation_start is None:
            return None
        weeks = (day - self.rotation_start).days // 7
        return self.rotation[(weeks + position) % len(self.rotation)]

    def describe(self) -> str:
        """The pattern in the hospital's words."""
        parts = []
        if self.rest_days:
            parts.append("固定休息日 " + "、".join(WEEKDAY_LABELS[d] for d in self.rest_days))
        if self.rotation:
            parts.append("按周轮换 " + "→".join(self.rotation))
        return "；".join(parts)


def pattern_positions(staff: tuple[Staff, ...], line_id: str) -> dict[str, int]:
    """Each own vendor person of the line -> their place in the rotation (data order, from 0)."""
    members = [s.id for s in staff if s.line_id == line_id and s.employment is Employment.VENDOR]
    return {staff_id: n for n, staff_id in enumerate(members)}
