"""Stable patterns (固定排班模式): a line's fixed rest weekdays and weekly shift rotation."""

from __future__ import annotations

from ortools.sat.python import cp_model

from model.patterns import pattern_positions
from model.rules import STABLE_PATTERN
from solver.context import BuildContext


def add_stable_pattern(ctx: BuildContext) -> cp_model.LinearExpr:
    """Per own person of a line with a pattern and per day: 1 for working on a fixed rest
    weekday, 1 for working a shift other than the week's rotation shift (soft; RULES.md).
    Adds the count to the rule and returns it."""
    terms: list[cp_model.IntVar] = []
    for pattern in ctx.data.patterns:
        positions = pattern_positions(ctx.data.staff, pattern.line_id)
        for staff_id, position in positions.items():
            for d, item in enumerate(ctx.horizon.days):
                if pattern.is_rest_day(item):
                    lit = ctx.vars.work.get((staff_id, d))
                    if lit is not None:
                        terms.append(lit)
                wanted = pattern.rotation_shift(position, item.day)
                if wanted is not None:
                    # at most one shift a day: the other shifts' sum is 1 iff one is worked
                    terms += [lit for shift, lit in ctx.vars.shifts_of(staff_id, d)
                              if shift != wanted]
    total = cp_model.LinearExpr.Sum(terms)
    if terms:
        ctx.count(STABLE_PATTERN, total)
    return total
