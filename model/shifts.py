"""Shift types (班次): one or more time segments, possibly split or crossing midnight."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from model.base import MINUTES_PER_DAY, Frozen, clock_to_minutes

#: A split shift's break is shorter than this; a later segment that would only fit after
#: a longer break is a segment list in the wrong order.
MAX_BREAK_MINUTES = 8 * 60


class ShiftCategory(StrEnum):
    DAY = "白班"
    EVENING = "晚班"
    NIGHT = "夜班"


class Segment(Frozen):
    """A working interval; end <= start means it ends on the next day."""

    start: str = Field(description="HH:MM")
    end: str = Field(description="HH:MM; 24:00 allowed")

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        clock_to_minutes(value)
        return value


class ShiftType(Frozen):
    """A shift type; it belongs to the day it starts on."""

    code: str = Field(description="Short code printed in the roster grid, e.g. 导, A, N")
    name: str
    segments: tuple[Segment, ...] = Field(min_length=1)
    category: ShiftCategory = ShiftCategory.DAY
    colour: str = Field("#DDEBF7", pattern=r"^#[0-9A-Fa-f]{6}$")
    forbidden_next: tuple[str, ...] = Field(
        (), description="Shift codes that may not be worked on the day after this shift "
                        "(rule forbidden_succession); empty = no restriction")

    @model_validator(mode="after")
    def _segments_ordered(self) -> ShiftType:
        previous_end = -1
        for start, end in self.intervals():
            if start < previous_end:
                raise ValueError(f"班次 {self.code} 的时间段重叠或顺序颠倒")
            if previous_end >= 0 and start - previous_end >= MAX_BREAK_MINUTES:
                raise ValueError(f"班次 {self.code} 的时间段顺序颠倒或间隔超过 "
                                 f"{MAX_BREAK_MINUTES // 60} 小时")
            previous_end = end
        if self.intervals()[-1][1] - self.intervals()[0][0] > 2 * MINUTES_PER_DAY:
            raise ValueError(f"班次 {self.code} 跨度超过 48 小时")
        return self

    def intervals(self) -> list[tuple[int, int]]:
        """Segments as (start, end) minutes from the shift day's midnight; end may pass 1440."""
        result: list[tuple[int, int]] = []
        offset = 0
        last = -1
        for seg in self.segments:
            start = clock_to_minutes(seg.start) + offset
            if start < last:  # the next segment starts after midnight
                offset += MINUTES_PER_DAY
                start += MINUTES_PER_DAY
            end = clock_to_minutes(seg.end) + offset
            if end <= start:
                end += MINUTES_PER_DAY
            result.append((start, end))
            last = end
        return result

    @property
    def minutes(self) -> int:
        """Paid minutes: the sum of segment lengths."""
        return sum(end - start for start, end in self.intervals())

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def start_minute(self) -> int:
        return self.intervals()[0][0]

    @property
    def end_minute(self) -> int:
        return self.intervals()[-1][1]

    @property
    def crosses_midnight(self) -> bool:
        return self.end_minute > MINUTES_PER_DAY

    def segment_datetimes(self, day: date) -> list[tuple[datetime, datetime]]:
        """Real start/end datetimes of each segment when worked on `day`."""
        midnight = datetime.combine(day, time())
        return [(midnight + timedelta(minutes=s), midnight + timedelta(minutes=e))
                for s, e in self.intervals()]
