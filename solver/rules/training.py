"""Quarterly training placed in the roster: who attends which session (seed 000 六.4)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date

from ortools.sat.python import cp_model

from model.rules import TRAINING_MANDATORY, TRAINING_QUARTERLY
from model.staff import Staff
from model.training import (
    TrainingAttendance,
    TrainingSession,
    attend_problem,
    quarter_of,
    trained_in_quarter,
)
from solver.context import BuildContext, ExtraTime


def add_training(ctx: BuildContext) -> None:
    """A literal per person and session open to them; capacity; no overlapping shift; at most
    one session a day and one optional session a quarter, none besides a mandatory one; a
    person untrained this quarter attends one of the quarter's sessions in the horizon
    (training_quarterly); every person of a mandatory session's lines attends it
    (training_mandatory). The time counts as working time through ctx.extra_time
    (solver/rules/working_time.py)."""
    data, horizon = ctx.data, ctx.horizon
    by_session: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for member in data.vendor_staff():
        by_day: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        optional: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        quarter_lits: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        mandatory: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        for session in data.training_sessions:
            d = horizon.index(session.day)
            if d is None or attend_problem(session, member, data.absences) is not None:
                continue
            quarter = quarter_of(session.day)
            done = trained_in_quarter(member.id, session.day, data.training_done)
            if done and not session.mandatory:
                continue  # trained this quarter: only mandatory sessions are planned
            lit = ctx.model.new_bool_var(f"train_{member.id}_{session.id}")
            ctx.training[(member.id, session.id)] = lit
            by_session[session.id].append(lit)
            by_day[d].append(lit)
            (mandatory if session.mandatory else optional)[quarter].append(lit)
            if not done:
                quarter_lits[quarter].append(lit)
            if session.mandatory:
                ctx.count(TRAINING_MANDATORY, 1 - lit)
            _no_overlap(ctx, member, session, d, lit)
        for lits in (*by_day.values(), *optional.values()):
            if len(lits) > 1:
                ctx.model.add_at_most_one(lits)
        for quarter, lits in mandatory.items():  # a mandatory session is the quarter's one
            for other in optional.get(quarter, ()):
                for lit in lits:
                    ctx.model.add_bool_or([lit.Not(), other.Not()])
        for quarter, lits in quarter_lits.items():
            trained = ctx.model.new_bool_var(f"trained_{member.id}_{quarter[0]}_{quarter[1]}")
            ctx.model.add_bool_or(lits).only_enforce_if(trained)  # trained = OR(lits)
            for lit in lits:
                ctx.model.add_implication(lit, trained)
            ctx.count(TRAINING_QUARTERLY, 1 - trained)
    for session in data.training_sessions:
        lits = by_session.get(session.id, [])
        if len(lits) > session.capacity:
            ctx.model.add(sum(lits) <= session.capacity)


def _no_overlap(ctx: BuildContext, member: Staff, session: TrainingSession, d: int,
                lit: cp_model.IntVar) -> None:
    """No shift overlapping the session (the day's, or the previous night's running into
    it); the other shifts of the day get a literal 'attends and works it' for the hours."""
    shifts = ctx.data.shift_by_code
    with_shift: dict[str, cp_model.IntVar] = {}
    for offset, day in ((0, d), (1, d - 1)):
        for code, shift_lit in ctx.vars.shifts_of(member.id, day):
            if session.overlaps(shifts[code].intervals(), offset):
                ctx.model.add_bool_or([lit.Not(), shift_lit.Not()])
            elif offset == 0:
                both = ctx.model.new_bool_var(f"train_{member.id}_{session.id}_{code}")
                ctx.model.add_implication(both, lit)  # both = lit AND shift_lit, as clauses
                ctx.model.add_implication(both, shift_lit)
                ctx.model.add_bool_or([lit.Not(), shift_lit.Not(), both])
                with_shift[code] = both
    ctx.extra_time.setdefault((member.id, d), []).append(
        ExtraTime(lit=lit, minutes=session.minutes, with_shift=with_shift))


def keep_training(ctx: BuildContext, kept: Sequence[TrainingAttendance], before: date) -> None:
    """A re-plan: the attendances of sessions before `before` are exactly those `kept` (they
    have happened); the later ones are hinted as kept."""
    wanted = {(a.staff_id, a.session_id) for a in kept}
    for (staff_id, session_id), lit in ctx.training.items():
        attended = int((staff_id, session_id) in wanted)
        if ctx.data.training_session_by_id[session_id].day < before:
            ctx.model.add(lit == attended)
        else:
            ctx.model.add_hint(lit, attended)


def training_from_solution(ctx: BuildContext, value: Callable[[cp_model.IntVar], int]
                           ) -> list[TrainingAttendance]:
    """The attendances of a solution; `value` maps a literal to its value (solver.Value)."""
    out = []
    for (staff_id, session_id), lit in ctx.training.items():
        if value(lit):
            session = ctx.data.training_session_by_id[session_id]
            out.append(TrainingAttendance(staff_id=staff_id, session_id=session_id,
                                          day=session.day, minutes=session.minutes))
    return sorted(out, key=lambda a: (a.day, a.session_id, a.staff_id))
