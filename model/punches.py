"""Clock-in punches against the published roster: hours worked, lateness, early leave,
missing punches, absence without leave (旷工) and unrostered work, per person and day.

A day's punches are given as minutes from that day's midnight (a night shift's punches after
midnight carry their own date in the export and are moved onto the shift's day here). Each
segment of the rostered shift owns the punches between the midpoints of the breaks around it
(the first and last segments reach to the ends of the day): its first punch is the arrival,
its last (when there are two or more, or when a single punch lies in the later half of the
segment) the departure. Grace minutes come from the contract's assessment sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from pydantic import Field

from model.assessment import AssessmentEvent, AssessmentSheet, EventSource
from model.base import MINUTES_PER_DAY, Frozen, minutes_to_clock
from model.events import Absence
from model.roster import Assignment


class PunchDay(Frozen):
    """One person's punches on one day, as read from the export (minutes from midnight,
    sorted; a punch after the next midnight is 1440 + minutes)."""

    staff_id: str
    day: date
    punches: tuple[int, ...] = ()
    #: where it was read (file, sheet, row) for messages
    where: str = ""


class SegmentCheck(Frozen):
    """One rostered segment against its punches."""

    start: int
    end: int
    arrival: int | None
    departure: int | None
    late_minutes: int = 0
    early_minutes: int = 0

    @property
    def missing(self) -> int:
        return (self.arrival is None) + (self.departure is None)


class DayResult(Frozen):
    """What a person's day came to: the rostered shift (if any), the segments' checks,
    minutes worked, approved leave, 旷工 and unrostered minutes."""

    staff_id: str
    day: date
    line_id: str | None = None
    post_id: str | None = None
    shift: str | None = None
    punches: tuple[int, ...] = ()
    segments: tuple[SegmentCheck, ...] = ()
    worked_minutes: int = 0
    extra_minutes: int = Field(0, description="Minutes worked on a day without a shift")
    leave: str | None = Field(None, description="The approved leave that covers the day")
    absent: bool = Field(False, description="Rostered, no punch, no approved leave: 旷工")

    @property
    def late(self) -> tuple[SegmentCheck, ...]:
        return tuple(s for s in self.segments if s.late_minutes)

    @property
    def early(self) -> tuple[SegmentCheck, ...]:
        return tuple(s for s in self.segments if s.early_minutes)

    @property
    def missing_punches(self) -> int:
        return 0 if self.absent or not self.punches else sum(s.missing for s in self.segments)


def _owned(punches: Sequence[int], bounds: list[tuple[int, int]]) -> list[list[int]]:
    """The punches of each segment: between the midpoints of the breaks around it."""
    edges = [-MINUTES_PER_DAY]
    edges += [(bounds[i][1] + bounds[i + 1][0]) // 2 for i in range(len(bounds) - 1)]
    edges.append(3 * MINUTES_PER_DAY)
    return [[p for p in punches if edges[i] <= p < edges[i + 1]] for i in range(len(bounds))]


def check_segment(start: int, end: int, punches: Sequence[int], grace_late: int,
                  grace_early: int) -> SegmentCheck:
    """A segment against the punches it owns."""
    arrival: int | None = None
    departure: int | None = None
    if len(punches) >= 2:
        arrival, departure = punches[0], punches[-1]
    elif punches:
        if punches[0] < (start + end) / 2:
            arrival = punches[0]
        else:
            departure = punches[0]
    late = max(0, arrival - start) if arrival is not None else 0
    early = max(0, end - departure) if departure is not None else 0
    return SegmentCheck(start=start, end=end, arrival=arrival, departure=departure,
                        late_minutes=late if late > grace_late else 0,
                        early_minutes=early if early > grace_early else 0)


def _worked(check: SegmentCheck) -> int:
    """Minutes of a segment worked: from arrival (or its start when the arrival punch is
    missing) to departure (or its end), clipped to the segment."""
    begin = max(check.start, check.arrival if check.arrival is not None else check.start)
    finish = min(check.end, check.departure if check.departure is not None else check.end)
    return max(0, finish - begin)


def evaluate_day(assignment: Assignment | None, punches: PunchDay | None,
                 shift_minutes: list[tuple[int, int]] | None, leave: Absence | None,
                 sheet: AssessmentSheet, staff_id: str, day: date) -> DayResult:
    """One person's day. `shift_minutes` are the rostered shift's segments in minutes from
    the day's midnight (`ShiftType.intervals()`), None without a shift."""
    times = tuple(sorted(punches.punches)) if punches else ()
    leave_kind = leave.kind.value if leave is not None and leave.approved else None
    if assignment is None or not shift_minutes:
        extra = times[-1] - times[0] if len(times) >= 2 else 0
        return DayResult(staff_id=staff_id, day=day, punches=times, extra_minutes=extra,
                         leave=leave_kind)
    base = DayResult(staff_id=staff_id, day=day, line_id=assignment.line_id,
                     post_id=assignment.post_id, shift=assignment.shift, punches=times,
                     leave=leave_kind)
    if not times:
        return base.model_copy(update={"absent": leave_kind is None})
    owned = _owned(times, shift_minutes)
    checks = tuple(check_segment(s, e, mine, sheet.grace_late_minutes,
                                 sheet.grace_early_minutes)
                   for (s, e), mine in zip(shift_minutes, owned, strict=True))
    return base.model_copy(update={"segments": checks,
                                   "worked_minutes": sum(_worked(c) for c in checks)})


def evaluate_punches(assignments: Iterable[Assignment],
                     shifts: Mapping[str, list[tuple[int, int]]],
                     punches: Iterable[PunchDay], absences: Iterable[Absence],
                     sheet: AssessmentSheet, days: Sequence[date],
                     staff_ids: Iterable[str]) -> list[DayResult]:
    """Every person's every day of `days`: the roster's cells against the punches and the
    approved leave. A person with neither a shift nor a punch on a day has no row."""
    cells = {(a.staff_id, a.day): a for a in assignments}
    punched = {(p.staff_id, p.day): p for p in punches}
    leave = list(absences)
    out = []
    for staff_id in sorted(set(staff_ids)):
        for day in days:
            cell, punch = cells.get((staff_id, day)), punched.get((staff_id, day))
            if cell is None and punch is None:
                continue
            away = next((a for a in leave if a.staff_id == staff_id and a.covers(day)
                         and a.approved), None)
            out.append(evaluate_day(cell, punch, shifts.get(cell.shift) if cell else None,
                                    away, sheet, staff_id, day))
    return out


def proposed_events(results: Iterable[DayResult], sheet: AssessmentSheet
                    ) -> list[AssessmentEvent]:
    """The events the attendance proposes: each late arrival and early leave of a segment,
    each missing punch (when the sheet names a kind for it) and each 旷工 day."""
    kinds = sheet.proposals
    out = []
    for r in results:
        if r.line_id is None:
            continue

        def event(kind: str, note: str, r: DayResult = r) -> AssessmentEvent:
            return AssessmentEvent(line_id=r.line_id or "", staff_id=r.staff_id, day=r.day,
                                   kind=kind, points=sheet.kind(kind).lowest, note=note,
                                   source=EventSource.ATTENDANCE)

        if r.absent:
            out.append(event(kinds.absent, f"{r.shift} 班无打卡、无已批准的请假"))
            continue
        for s in r.late:
            out.append(event(kinds.late, f"{r.shift} 班 {minutes_to_clock(s.start)} 上班，"
                                         f"{minutes_to_clock(s.arrival or 0)} 打卡，"
                                         f"迟到 {s.late_minutes} 分钟"))
        for s in r.early:
            out.append(event(kinds.early, f"{r.shift} 班 {minutes_to_clock(s.end)} 下班，"
                                          f"{minutes_to_clock(s.departure or 0)} 打卡，"
                                          f"早退 {s.early_minutes} 分钟"))
        if kinds.missing_punch is not None and r.punches:
            for s in r.segments:
                if s.arrival is None:
                    out.append(event(kinds.missing_punch, f"{r.shift} 班 "
                                     f"{minutes_to_clock(s.start)} 上班缺卡"))
                if s.departure is None:
                    out.append(event(kinds.missing_punch, f"{r.shift} 班 "
                                     f"{minutes_to_clock(s.end)} 下班缺卡"))
    return out
