"""Rest between shifts, computed from real segment times across midnight."""

from __future__ import annotations

from datetime import datetime, time

from model.base import MINUTES_PER_DAY
from model.rules import MIN_REST, NO_DAY_AFTER_NIGHT
from model.shifts import ShiftCategory
from solver.context import BuildContext


def add_min_rest(ctx: BuildContext) -> None:
    """At least `value` hours between the end of one shift and the start of the next, from
    real segment times (a P shift ending 24:00 forbids an 08:00 start next day);
    planner's rule."""
    rest = int(round(ctx.value(MIN_REST) * 60))
    shifts = ctx.data.shift_by_code
    for (staff_id, d, t), lit in ctx.vars.w.items():
        end = d * MINUTES_PER_DAY + shifts[t].end_minute
        for d2 in range(d + 1, min(ctx.horizon.n, d + 3)):
            for t2, lit2 in ctx.vars.shifts_of(staff_id, d2):
                start = d2 * MINUTES_PER_DAY + shifts[t2].start_minute
                if start - end < rest:
                    ctx.forbid_together(MIN_REST, staff_id, [lit, lit2])
    for tail in ctx.data.tails:
        if tail.last_shift_end is None:
            continue
        origin = datetime.combine(ctx.horizon.start, time())
        end = int((tail.last_shift_end - origin).total_seconds() // 60)
        for d in range(min(ctx.horizon.n, 3)):
            for t2, lit2 in ctx.vars.shifts_of(tail.staff_id, d):
                start = d * MINUTES_PER_DAY + shifts[t2].start_minute
                if start - end < rest:
                    ctx.forbid_together(MIN_REST, tail.staff_id, [lit2])


def add_no_day_after_night(ctx: BuildContext) -> None:
    """No day shift on the day after a night shift (planner's rule)."""
    shifts = ctx.data.shift_by_code
    for (staff_id, d, t), lit in ctx.vars.w.items():
        if shifts[t].category is not ShiftCategory.NIGHT:
            continue
        for t2, lit2 in ctx.vars.shifts_of(staff_id, d + 1):
            if shifts[t2].category is ShiftCategory.DAY:
                ctx.forbid_together(NO_DAY_AFTER_NIGHT, staff_id, [lit, lit2])
    for tail in ctx.data.tails:
        if not tail.last_shift_was_night or tail.last_shift_day is None:
            continue
        if (ctx.horizon.start - tail.last_shift_day).days != 1:
            continue
        for t2, lit2 in ctx.vars.shifts_of(tail.staff_id, 0):
            if shifts[t2].category is ShiftCategory.DAY:
                ctx.forbid_together(NO_DAY_AFTER_NIGHT, tail.staff_id, [lit2])
