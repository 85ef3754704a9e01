"""Forbidden shift successions: a shift type's `forbidden_next` codes on the next day."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from model.rules import FORBIDDEN_SUCCESSION
from solver.context import BuildContext


def add_forbidden_succession(ctx: BuildContext) -> None:
    """No shift listed in a shift type's forbidden_next on the day after it (shift settings)."""
    forbidden = {shift.code: tuple(sorted(set(shift.forbidden_next)))
                 for shift in ctx.data.shifts if shift.forbidden_next}
    if not forbidden:
        return
    hard = ctx.rule(FORBIDDEN_SUCCESSION).hard
    for (staff_id, d), today in ctx.vars.day_shifts.items():
        tomorrow = dict(ctx.vars.shifts_of(staff_id, d + 1))
        if not tomorrow:
            continue
        # shifts of day d with the same forbidden set share one constraint: at most one shift
        # a day, so "one of these today and one of those tomorrow" is a single clique
        groups: dict[tuple[str, ...], list] = defaultdict(list)
        for code, lit in today:
            banned = tuple(t for t in forbidden.get(code, ()) if t in tomorrow)
            if banned:
                groups[banned].append(lit)
        for banned, lits in groups.items():
            after = [tomorrow[t] for t in banned]
            if hard:
                _forbid_clique(ctx, staff_id, lits, after)
            else:
                _count_pair(ctx, staff_id, d, lits, after)


def _forbid_clique(ctx: BuildContext, staff_id: str, today: list, after: list) -> None:
    if ctx.explain:
        ctx.enforce(ctx.model.add(cp_model.LinearExpr.Sum([*today, *after]) <= 1),
                    FORBIDDEN_SUCCESSION, staff_id)
    else:
        ctx.model.add_at_most_one([*today, *after])


def _count_pair(ctx: BuildContext, staff_id: str, d: int, today: list, after: list) -> None:
    """breach = (one of `today` worked) and (one of `after` worked), exactly."""
    first, second = cp_model.LinearExpr.Sum(today), cp_model.LinearExpr.Sum(after)
    breach = ctx.model.new_bool_var(f"b_{FORBIDDEN_SUCCESSION}_{staff_id}_{d}")
    ctx.model.add(breach >= first + second - 1)
    ctx.model.add(breach <= first)
    ctx.model.add(breach <= second)
    ctx.count(FORBIDDEN_SUCCESSION, breach)
