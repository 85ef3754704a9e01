"""Night shifts per period."""

from __future__ import annotations

import math

from model.rules import MAX_NIGHTS
from model.shifts import ShiftCategory
from solver.context import BuildContext


def add_max_nights(ctx: BuildContext) -> None:
    """At most `value` night shifts per 4 weeks, pro rata over the horizon (planner's rule)."""
    limit = math.ceil(ctx.value(MAX_NIGHTS) * ctx.horizon.n / 28)
    shifts = ctx.data.shift_by_code
    nights: dict[str, list] = {}
    for (staff_id, _d, t), lit in ctx.vars.w.items():
        if shifts[t].category is ShiftCategory.NIGHT:
            nights.setdefault(staff_id, []).append(lit)
    for staff_id, lits in nights.items():
        if len(lits) > limit:
            ctx.cap(MAX_NIGHTS, staff_id, sum(lits), limit, len(lits))
