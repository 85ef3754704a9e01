"""Quarterly staff training (seed 000 六.4): sessions, attendances, the quarter they count in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from pydantic import Field, field_validator, model_validator

from model.base import Frozen, clock_to_minutes
from model.events import Absence
from model.plausible import EARLIEST_DAY, LATEST_DAY
from model.staff import Employment, Staff

#: The mark of a training attendance in the roster grid, the workbook and the legend, and
#: the colour of a day with training and no shift.
TRAINING_MARK = "训"
TRAINING_COLOUR = "#E2EFDA"


class TrainingSession(Frozen):
    """One training session: a date, a time, a room for `capacity` people, open to the staff
    of `lines` (empty: every line); a mandatory session must be attended by all of them."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1, description="Topic, e.g. 院感与消毒隔离")
    day: date = Field(ge=EARLIEST_DAY, le=LATEST_DAY)
    start: str = Field(description="HH:MM")
    end: str = Field(description="HH:MM, after start on the same day")
    capacity: int = Field(ge=1, le=500)
    lines: tuple[str, ...] = Field((), description="Lines whose staff may attend; empty: all")
    mandatory: bool = Field(False, description="Every person of its lines must attend")
    source: str = ""

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        clock_to_minutes(value)
        return value

    @model_validator(mode="after")
    def _ends_after_start(self) -> TrainingSession:
        if self.end_minute <= self.start_minute:
            raise ValueError(f"培训 {self.name} 的结束时间应晚于开始时间（同一天内）")
        return self

    @property
    def start_minute(self) -> int:
        return clock_to_minutes(self.start)

    @property
    def end_minute(self) -> int:
        return clock_to_minutes(self.end)

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute

    def overlaps(self, intervals: Iterable[tuple[int, int]], day_offset: int) -> bool:
        """Whether a shift's intervals (minutes from its own day's midnight), worked
        `day_offset` days before the session's day, overlap the session's time."""
        first = self.start_minute + day_offset * 1440
        last = self.end_minute + day_offset * 1440
        return any(start < last and first < end for start, end in intervals)

    def label(self) -> str:
        return f"{self.day.isoformat()} {self.start}-{self.end} {self.name}"


class TrainingAttendance(Frozen):
    """One person attending one session (placed by the roster, or recorded as done)."""

    staff_id: str
    session_id: str
    day: date = Field(ge=EARLIEST_DAY, le=LATEST_DAY)
    minutes: int = Field(0, ge=0, le=1440, description="Training time counted as working time")


class TrainingChange(Frozen):
    """A training attendance a re-plan adds or cancels (the person must be told)."""

    staff_id: str
    session_id: str
    day: date
    added: bool


def training_changes(before: Sequence[TrainingAttendance], after: Sequence[TrainingAttendance],
                     since: date) -> list[TrainingChange]:
    """The attendances on or after `since` that are in `after` and not in `before` (added)
    or the other way round (cancelled), by day and person."""
    def keys(items: Sequence[TrainingAttendance]) -> set[tuple[date, str, str]]:
        return {(t.day, t.staff_id, t.session_id) for t in items if t.day >= since}

    old, new = keys(before), keys(after)
    changes = [TrainingChange(staff_id=s, session_id=k, day=d, added=True)
               for d, s, k in new - old]
    changes += [TrainingChange(staff_id=s, session_id=k, day=d, added=False)
                for d, s, k in old - new]
    return sorted(changes, key=lambda c: (c.day, c.staff_id, not c.added, c.session_id))


def training_change_text(change: TrainingChange, sessions: dict[str, TrainingSession]) -> str:
    """新增培训：院感与消毒隔离 17:30-19:00 / 取消培训：…"""
    session = sessions.get(change.session_id)
    what = f"{session.name} {session.start}-{session.end}" if session else "业务培训"
    return f"{'新增' if change.added else '取消'}培训：{what}"


def training_note(attendance: TrainingAttendance,
                  sessions: dict[str, TrainingSession]) -> str:
    """How a cell's training reads: 培训：院感防控 17:45-19:15（1.5 小时，计入工时）."""
    session = sessions.get(attendance.session_id)
    what = f"{session.name} {session.start}-{session.end}" if session else "业务培训"
    return f"培训：{what}（{attendance.minutes / 60:g} 小时，计入工时）"


class TrainingRecord(Frozen):
    """A training a person already attended this quarter, outside this data's sessions or in
    an earlier roster (data/training.yaml `attended:`)."""

    staff_id: str
    day: date = Field(ge=EARLIEST_DAY, le=LATEST_DAY)
    topic: str = ""


def attend_problem(session: TrainingSession, member: Staff,
                   absences: Sequence[Absence]) -> str | None:
    """Why the person may not attend the session (None: they may): not vendor staff, not
    hired yet, another line's session, or approved leave that day (solver/RULES.md training)."""
    if member.employment is not Employment.VENDOR:
        return "非外包人员"
    if member.hire_date > session.day:
        return f"入职日期 {member.hire_date.isoformat()} 在培训之后"
    if session.lines and member.line_id not in session.lines:
        return "该场培训不面向本人所在项目"
    leave = next((a for a in absences if a.staff_id == member.id and a.approved
                  and a.covers(session.day)), None)
    if leave is not None:
        return f"当日{leave.kind.value}"
    return None


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter 1..4) of a day."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(day: date) -> tuple[date, date]:
    """First and last day of the day's quarter."""
    year, quarter = quarter_of(day)
    first = date(year, 3 * quarter - 2, 1)
    last = (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1))
    return first, date.fromordinal(last.toordinal() - 1)


def quarter_label(day: date) -> str:
    year, quarter = quarter_of(day)
    return f"{year} 年第{'一二三四'[quarter - 1]}季度"


def trained_in_quarter(staff_id: str, day: date, records: Sequence[TrainingRecord],
                       attendances: Sequence[TrainingAttendance] = ()) -> bool:
    """Whether the person has a training in the quarter of `day` (records or attendances)."""
    quarter = quarter_of(day)
    return (any(r.staff_id == staff_id and quarter_of(r.day) == quarter for r in records)
            or any(a.staff_id == staff_id and quarter_of(a.day) == quarter
                   for a in attendances))


def untrained_staff(staff: Sequence[Staff], day: date, records: Sequence[TrainingRecord],
                    attendances: Sequence[TrainingAttendance] = ()) -> list[Staff]:
    """Vendor staff hired by `day` with no training in its quarter so far."""
    return [s for s in staff if s.employment is Employment.VENDOR and s.hire_date <= day
            and not trained_in_quarter(s.id, day, records, attendances)]
