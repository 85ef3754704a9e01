"""Fair shares of weekends, nights and holidays within a line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from model.hours import is_holiday_day, is_weekend_day
from model.rules import FAIR_HOLIDAYS, FAIR_NIGHTS, FAIR_WEEKENDS
from model.shifts import ShiftCategory
from solver.context import BuildContext


def _spread(ctx: BuildContext, rule_id: str, counts: dict[str, list]) -> None:
    """Penalise max - min of the per-person counts of each line's eligible members."""
    by_line: dict[str, list[str]] = defaultdict(list)
    for staff_id in counts:
        by_line[ctx.data.staff_by_id[staff_id].line_id].append(staff_id)
    for line_id, members in by_line.items():
        if len(members) < 2:
            continue
        upper = max(len(counts[s]) for s in members)
        totals = []
        for staff_id in members:
            total = ctx.model.new_int_var(0, upper, f"{rule_id}_n_{staff_id}")
            ctx.model.add(total == sum(counts[staff_id]))
            totals.append(total)
        high = ctx.model.new_int_var(0, upper, f"{rule_id}_max_{line_id}")
        low = ctx.model.new_int_var(0, upper, f"{rule_id}_min_{line_id}")
        ctx.model.add_max_equality(high, totals)
        ctx.model.add_min_equality(low, totals)
        ctx.count(rule_id, high - low)


def _collect(ctx: BuildContext, per_day: Callable[[int, str], bool]) -> dict[str, list]:
    """Per person, the day-literals (weekend/holiday) or shift literals (night) that count."""
    counts: dict[str, list] = defaultdict(list)
    for (staff_id, d, t), lit in ctx.vars.w.items():
        if per_day(d, t):
            counts[staff_id].append(lit)
    return counts


def add_fairness(ctx: BuildContext) -> None:
    """Weekends, nights and holidays spread evenly among a line's staff who can work them:
    minimise max - min, not just the sum (planner's rule)."""
    days = ctx.horizon.days
    shifts = ctx.data.shift_by_code
    _spread(ctx, FAIR_WEEKENDS, _collect(ctx, lambda d, t: is_weekend_day(days[d])))
    _spread(ctx, FAIR_NIGHTS,
            _collect(ctx, lambda d, t: shifts[t].category is ShiftCategory.NIGHT))
    _spread(ctx, FAIR_HOLIDAYS, _collect(ctx, lambda d, t: is_holiday_day(days[d])))
