"""The doctors' schedule (出诊表): sessions by doctor, date and 时段, and 停诊/加诊 changes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from enum import StrEnum
from functools import cached_property

from pydantic import Field, model_validator

from model.base import Frozen
from model.calendar import month_period, parse_month


class ClinicPeriod(StrEnum):
    """A 时段 of the clinic day."""

    MORNING = "上午"
    AFTERNOON = "下午"
    EVENING = "晚上"


class ChangeKind(StrEnum):
    """A change to the published schedule (seed 000 附件8: 处理临时增加号源及停诊工作)."""

    CANCEL = "停诊"
    ADD = "加诊"


def month_of(day: date) -> str:
    """The month a day belongs to, as YYYY-MM (how a schedule names the months it covers)."""
    return f"{day.year:04d}-{day.month:02d}"


class ClinicSession(Frozen):
    """One doctor holding a clinic in one room on one date and 时段."""

    doctor: str = Field(min_length=1)
    department_id: str = Field(min_length=1)
    day: date
    period: ClinicPeriod
    room: str = Field(min_length=1)

    @property
    def key(self) -> tuple[str, date, ClinicPeriod]:
        return self.doctor, self.day, self.period


class ClinicChange(Frozen):
    """A 停诊 (the doctor's session on that date and 时段 is cancelled) or a 加诊 (a session
    added, in the room and department given)."""

    kind: ChangeKind
    doctor: str = Field(min_length=1)
    day: date
    period: ClinicPeriod
    department_id: str | None = None
    room: str | None = None

    @model_validator(mode="after")
    def _added_where(self) -> ClinicChange:
        if self.kind is ChangeKind.ADD and (not self.department_id or not self.room):
            raise ValueError("加诊须写明科室和诊室")
        return self

    @property
    def key(self) -> tuple[str, date, ClinicPeriod]:
        return self.doctor, self.day, self.period

    def session(self) -> ClinicSession:
        """The session a 加诊 adds."""
        return ClinicSession(doctor=self.doctor, department_id=self.department_id or "",
                             day=self.day, period=self.period, room=self.room or "")


class ClinicSchedule(Frozen):
    """The 出诊表 of whole months: the sessions open after every change applied so far (and
    those changes, for the record). A date of a covered month without sessions is closed."""

    months: tuple[str, ...] = Field(min_length=1, description="Months covered, YYYY-MM")
    sessions: tuple[ClinicSession, ...] = ()
    changes: tuple[ClinicChange, ...] = Field((), description="Changes already applied")

    def covers(self, day: date) -> bool:
        return month_of(day) in self.months

    @cached_property
    def _by_day(self) -> dict[date, list[ClinicSession]]:
        out: dict[date, list[ClinicSession]] = defaultdict(list)
        for session in self.sessions:
            out[session.day].append(session)
        return out

    def on(self, day: date) -> list[ClinicSession]:
        """The open sessions of a date, in the order of the schedule."""
        return list(self._by_day.get(day, ()))

    def days(self) -> list[date]:
        """Every date of the covered months, in order."""
        out: list[date] = []
        for month in sorted(self.months):
            first, n_days = month_period(*parse_month(month))
            out += [date.fromordinal(first.toordinal() + i) for i in range(n_days)]
        return out

    def merged(self, other: ClinicSchedule) -> ClinicSchedule:
        """This schedule and another one's months together (e.g. two months' files)."""
        return ClinicSchedule(months=tuple(sorted({*self.months, *other.months})),
                              sessions=(*self.sessions, *other.sessions),
                              changes=(*self.changes, *other.changes))

    def with_changes(self, changes: tuple[ClinicChange, ...]) -> ClinicSchedule:
        """The schedule after `changes` (checked first with `change_problems`)."""
        cancelled = {c.key for c in changes if c.kind is ChangeKind.CANCEL}
        kept = [s for s in self.sessions if s.key not in cancelled]
        added = [c.session() for c in changes if c.kind is ChangeKind.ADD]
        # a new instance, not model_copy: the copy would carry the cached index by day
        return ClinicSchedule(months=self.months, sessions=(*kept, *added),
                              changes=(*self.changes, *changes))


def session_problems(sessions: list[ClinicSession]) -> list[tuple[int, str, str]]:
    """(index, field, message) of every session that repeats a doctor's 时段 or a room's."""
    out: list[tuple[int, str, str]] = []
    doctors: dict[tuple, int] = {}
    rooms: dict[tuple, int] = {}
    for i, session in enumerate(sessions):
        if session.key in doctors:
            out.append((i, "医生", "重复：该医生在同一日期、时段已有出诊"))
        doctors.setdefault(session.key, i)
        room_key = (session.room, session.day, session.period)
        if room_key in rooms and rooms[room_key] != doctors[session.key]:
            out.append((i, "诊室", "诊室重复：同一日期、时段已有其他医生出诊"))
        rooms.setdefault(room_key, i)
    return out


def change_problems(schedule: ClinicSchedule, changes: list[ClinicChange]
                    ) -> list[tuple[int, str, str]]:
    """(index, field, message) of every change that does not fit the schedule: a 停诊 with
    no matching session, a 加诊 of a doctor or room already holding that 时段, a change
    outside the schedule's months, the same doctor's 时段 changed twice."""
    open_keys = {s.key for s in schedule.sessions}
    busy_rooms = {(s.room, s.day, s.period) for s in schedule.sessions}
    seen: dict[tuple, int] = {}
    out: list[tuple[int, str, str]] = []
    for i, change in enumerate(changes):
        if not schedule.covers(change.day):
            out.append((i, "日期", f"不在出诊表的月份内（{'、'.join(schedule.months)}）"))
        elif change.key in seen:
            out.append((i, "医生", "重复：该医生在同一日期、时段已有变更"))
        elif change.kind is ChangeKind.CANCEL and change.key not in open_keys:
            out.append((i, "医生", "停诊：出诊表中没有该医生在该日期、时段的出诊"))
        elif change.kind is ChangeKind.ADD and change.key in open_keys:
            out.append((i, "医生", "加诊：该医生在该日期、时段已出诊"))
        elif change.kind is ChangeKind.ADD and (change.room, change.day,
                                                 change.period) in busy_rooms:
            out.append((i, "诊室", "加诊：该诊室在该日期、时段已有医生出诊"))
        seen.setdefault(change.key, i)
    return out
