"""Checks of the training placed in the roster (solver/rules/training.py; seed 000 六.4)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from model.staff import Staff
from model.training import (
    TrainingSession,
    attend_problem,
    quarter_label,
    quarter_of,
    trained_in_quarter,
)
from solver.check.context import Breach, Context, staff_label


def check_training_placement(ctx: Context) -> list[Breach]:
    """training_placement (always hard): every attendance is of a known session in the
    horizon, on its day, for its minutes, by a person who may attend it, within its capacity,
    one a day, and no shift of the person overlaps it."""
    if ctx.training is None:
        return []
    out = []
    seats: Counter[str] = Counter()
    per_day: Counter[tuple[str, int]] = Counter()
    for item in ctx.training:
        session = ctx.data.training_session_by_id.get(item.session_id)
        staff = ctx.data.staff_by_id.get(item.staff_id)
        d = (item.day - ctx.start).days
        if session is None or staff is None or not 0 <= d < ctx.D or session.day != item.day:
            out.append(Breach(1, f"{item.staff_id} {item.day.isoformat()} 培训 "
                                 f"{item.session_id}：未知人员、场次或日期不符",
                              item.staff_id, item.day))
            continue
        seats[session.id] += 1
        per_day[(staff.id, d)] += 1
        where = f"{staff_label(staff)} 参加培训 {session.label()}"
        problem = attend_problem(session, staff, ctx.data.absences)
        if problem is not None:
            out.append(Breach(1, f"{where}：{problem}", staff.id, item.day))
        if item.minutes != session.minutes:
            out.append(Breach(1, f"{where}：计入工时 {item.minutes} 分钟，应为 "
                                 f"{session.minutes} 分钟", staff.id, item.day))
        clash = overlapping_shift(ctx, staff, session, d)
        if clash is not None:
            out.append(Breach(1, f"{where}：与 {clash} 时间重叠", staff.id, item.day))
    for session_id, taken in seats.items():
        session = ctx.data.training_session_by_id[session_id]
        if taken > session.capacity:
            out.append(Breach(taken - session.capacity, f"培训 {session.label()} 安排 {taken} "
                                                        f"人，超过名额 {session.capacity} 人",
                              None, session.day))
    for (staff_id, d), count in per_day.items():
        if count > 1:
            out.append(Breach(count - 1, f"{staff_label(ctx.data.staff_by_id[staff_id])} "
                                         f"{ctx.cal[d].day.isoformat()} 安排了 {count} 场培训",
                              staff_id, ctx.cal[d].day))
    return out


def check_training_quarterly(ctx: Context) -> list[Breach]:
    """training_quarterly: a person with no training yet in a quarter, for whom the horizon
    holds a session of that quarter they may attend, attends none (seed 000 六.4)."""
    if ctx.training is None:
        return []
    by_quarter: dict[tuple[int, int], list[TrainingSession]] = defaultdict(list)
    for session in ctx.data.training_sessions:
        if 0 <= (session.day - ctx.start).days < ctx.D:
            by_quarter[quarter_of(session.day)].append(session)
    out = []
    for staff in ctx.people:
        for sessions in by_quarter.values():
            day = sessions[0].day
            if trained_in_quarter(staff.id, day, ctx.data.training_done, ctx.training):
                continue
            open_ = [s for s in sessions if attend_problem(s, staff, ctx.data.absences) is None]
            if open_:
                reasons = "；".join(f"{s.label()}{why_not(ctx, staff, s)}" for s in open_)
                out.append(Breach(1, f"{staff_label(staff)} {quarter_label(day)}尚未参加培训"
                                     f"（{reasons}）", staff.id, day))
    return out


def check_training_mandatory(ctx: Context) -> list[Breach]:
    """training_mandatory: a person of a mandatory session's lines, free to attend it (not on
    leave, hired), does not attend."""
    if ctx.training is None:
        return []
    attended = {(a.staff_id, a.session_id) for a in ctx.training}
    out = []
    for session in ctx.data.training_sessions:
        if not session.mandatory or not 0 <= (session.day - ctx.start).days < ctx.D:
            continue
        for staff in ctx.people:
            if ((staff.id, session.id) not in attended
                    and attend_problem(session, staff, ctx.data.absences) is None):
                out.append(Breach(1, f"{staff_label(staff)} 未参加必修培训 {session.label()}"
                                     f"{why_not(ctx, staff, session)}", staff.id, session.day))
    return out


def overlapping_shift(ctx: Context, staff: Staff, session: TrainingSession, d: int
                      ) -> str | None:
    """The person's shift (that day's, or the previous night's) overlapping the session."""
    for work in ctx.by_staff.get(staff.id, ()):
        offset = d - work.d
        if offset in (0, 1) and session.overlaps(work.shift.intervals(), offset):
            return f"{work.day.isoformat()} {work.post.name} {work.shift.code} 班"
    return None


def why_not(ctx: Context, staff: Staff, session: TrainingSession) -> str:
    """Why an open session was not attended: a shift at that time, or no seat left."""
    d = (session.day - ctx.start).days
    clash = overlapping_shift(ctx, staff, session, d)
    if clash is not None:
        return f"：当时在岗（{clash}）"
    taken = sum(1 for a in ctx.training or () if a.session_id == session.id)
    if taken >= session.capacity:
        return f"：名额已满（{taken}/{session.capacity} 人）"
    return "：有空位，未安排"


#: Training misses listed one by one in a roster's notes; the rest are counted.
TRAINING_NOTES_SHOWN = 10


def training_notes(misses: Sequence[str]) -> tuple[str, ...]:
    """The training misses as notes: the first ones with their reasons, then how many more."""
    shown = tuple(f"培训未安排：{m}" for m in misses[:TRAINING_NOTES_SHOWN])
    more = len(misses) - TRAINING_NOTES_SHOWN
    return (*shown, f"另有 {more} 人次培训未安排") if more > 0 else shown
