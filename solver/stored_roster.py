"""Stored rosters seen by the checker: a bare roster completed, and the tail worked cells leave."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from model.calendar import DayKind
from model.dataset import DataSet
from model.events import PreviousTail
from model.hours import period_bounds, prorated_standard_minutes
from model.roster import Assignment, RosterResult
from model.shifts import ShiftCategory
from model.staff import Staff
from model.training import TrainingAttendance
from solver.check import evaluate
from solver.horizon import Horizon

#: Days looked back for the tail of the previous roster (consecutive days worked).
TAIL_LOOKBACK_DAYS = 31
#: A last shift older than this is not carried (no rest rule reaches that far).
LAST_SHIFT_DAYS = 7


def complete_roster(data: DataSet, roster: RosterResult) -> RosterResult:
    """`roster` (cells, status, objective, stats, notes as stored) with coverage, gaps,
    summaries and penalties recomputed by the checker (for Excel and re-checks)."""
    from solver.solve import roster_from_assignments  # loads ortools: only when needed

    horizon = Horizon.of(data.calendar, roster.start, (roster.end - roster.start).days + 1)
    completed = roster_from_assignments(data, horizon, list(roster.assignments),
                                        status=roster.status, objective=roster.objective,
                                        best_bound=None, stats=roster.stats, notes=(),
                                        training=roster.training)
    return completed.model_copy(update={"notes": roster.notes})


def tail_window(start: date, data: DataSet | None = None) -> tuple[date, date]:
    """The days whose roster the tail before `start` is computed from: from the earliest of
    TAIL_LOOKBACK_DAYS before, the first of the month and (given the data) the first day of
    every 综合计算工时 person's approved period containing `start`, to the day before."""
    first = min(start - timedelta(days=TAIL_LOOKBACK_DAYS), start.replace(day=1))
    for member in data.staff if data is not None else ():
        if member.period is not None:
            first = min(first, period_bounds(start, member.period)[0])
    return first, start - timedelta(days=1)


def _period_so_far(data: DataSet, member: Staff, start: date,
                   worked: Mapping[date, Assignment],
                   trained: Mapping[date, int]) -> tuple[int, int]:
    """综合计算工时: (minutes worked on non-holiday days, overtime so far) in the person's
    approved period before `start`, as if that part of the period were one roster: the
    excess over the standard prorated to the day before `start`, plus holiday minutes;
    training minutes (`trained` per day) count as worked (0, 0 without such a period, or
    when it begins on `start`)."""
    if member.period is None:
        return 0, 0
    first, last = period_bounds(start, member.period)
    if first >= start:
        return 0, 0
    kinds = {item.day: item.kind for item in data.calendar.days(first, (start - first).days)}
    regular = holiday = 0
    for day, a in worked.items():
        shift = data.shift_by_code.get(a.shift)
        if shift is None or not first <= day < start:
            continue
        if kinds[day] is DayKind.HOLIDAY:
            holiday += shift.minutes
        else:
            regular += shift.minutes
    for day, minutes in trained.items():
        if not first <= day < start:
            continue
        if kinds[day] is DayKind.HOLIDAY:
            holiday += minutes
        else:
            regular += minutes
    std = prorated_standard_minutes(data.contract.working_time, member.period, first, last,
                                    start - timedelta(days=1))
    return regular, max(0, regular - std) + holiday


def tails_from_cells(data: DataSet, start: date, cells: Mapping[date, Sequence[Assignment]],
                     covered: set[date], training: Sequence[TrainingAttendance] = ()
                     ) -> tuple[PreviousTail, ...]:
    """What the worked roster before `start` leaves: consecutive days up to start-1, the
    last shift (end, night?), and nights, weekend days and overtime minutes of the month
    so far, the last three as the checker counts them; for 综合计算工时 the minutes worked
    and the overtime so far in the approved period (`cells` and `training`, the roster's
    training attendances, whose time is working time, must reach back to its first day:
    `tail_window(start, data)`)."""
    by_staff: dict[str, dict[date, Assignment]] = defaultdict(dict)
    for day, items in cells.items():
        if day < start:
            for a in items:
                by_staff[a.staff_id][day] = a
    month_first = start.replace(day=1)
    summaries = {}
    month_cells = [a for day, items in cells.items() if month_first <= day < start
                   for a in items if a.staff_id in data.staff_by_id]
    trained: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for item in training:
        if item.day < start and item.staff_id in data.staff_by_id:
            trained[item.staff_id][item.day] += item.minutes
    month_training = [t for t in training if month_first <= t.day < start
                      and t.staff_id in data.staff_by_id]
    if month_cells or month_training:
        plain = data.with_changes(tails=())
        evaluation = evaluate(plain, month_first, (start - month_first).days, month_cells,
                              month_training or None)
        summaries = {s.staff_id: s for s in evaluation.staff_summary}
    tails = []
    for member in data.staff:
        worked = by_staff.get(member.id, {})
        consecutive = 0
        day = start - timedelta(days=1)
        at_work = set(worked) | set(trained.get(member.id, {}))
        while day in covered and day in at_work and consecutive < TAIL_LOOKBACK_DAYS:
            consecutive += 1
            day -= timedelta(days=1)
        recent = [d for d in worked if (start - d).days <= LAST_SHIFT_DAYS]
        last = worked[max(recent)] if recent else None
        summary = summaries.get(member.id)
        nights = summary.nights if summary else 0
        weekends = summary.weekend_days if summary else 0
        overtime = int(round(summary.overtime_hours * 60)) if summary else 0
        period_minutes, period_overtime = _period_so_far(data, member, start, worked,
                                                        trained.get(member.id, {}))
        if not (consecutive or last or nights or weekends or overtime or period_minutes
                or period_overtime):
            continue
        shift = data.shift_by_code.get(last.shift) if last else None
        tails.append(PreviousTail(
            staff_id=member.id, consecutive_days=consecutive,
            last_shift_end=last.segments[-1][1] if last else None,
            last_shift_was_night=bool(shift and shift.category is ShiftCategory.NIGHT),
            last_shift_day=last.day if last else None,
            nights=nights, weekend_days=weekends, overtime_minutes=overtime,
            period_minutes=period_minutes, period_overtime_minutes=period_overtime))
    return tuple(tails)
