"""Check of night shifts per period (solver/rules/nights.py)."""

from __future__ import annotations

import math
from fractions import Fraction

from model.rules import (
    MAX_NIGHTS,
)
from solver.check.context import Breach, Context, is_night, staff_label


def nights_of(ctx: Context, staff_id: str) -> int:
    return sum(1 for w in ctx.by_staff.get(staff_id, ()) if is_night(w))


def check_max_nights(ctx: Context) -> list[Breach]:
    """max_nights_per_4_weeks: nights above ceil(n * D / 28) per person (planner's rule)."""
    limit = math.ceil(Fraction(str(ctx.value(MAX_NIGHTS))) * ctx.D / 28)
    out = []
    for staff in ctx.people:
        nights = nights_of(ctx, staff.id)
        out.append(Breach(max(0, nights - limit), f"{staff_label(staff)} 夜班 {nights} 个，"
                                                  f"超过上限 {limit}", staff.id))
    return out
