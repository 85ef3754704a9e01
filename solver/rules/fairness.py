"""Fair shares of weekends, nights and holidays within a line, in proportion to the days each
person can work them (a newcomer, a leaver or someone on leave for part of the horizon)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from model.hours import is_holiday_day, is_weekend_day
from model.rules import FAIR_HOLIDAYS, FAIR_NIGHTS, FAIR_WEEKENDS
from model.shifts import ShiftCategory
from solver.context import BuildContext


def _scaled_total(ctx: BuildContext, rule_id: str, staff_id: str, lits: list, available: int,
                  most: int) -> cp_model.IntVar:
    """The person's count of `lits` scaled to `most` available days: round(count x most /
    available), halves up, in integers: (2 x most x count + available) // (2 x available)."""
    total = ctx.model.new_int_var(0, len(lits), f"{rule_id}_n_{staff_id}")
    ctx.model.add(total == sum(lits))
    if available == most:
        return total
    upper = (2 * most * len(lits) + available) // (2 * available)
    scaled = ctx.model.new_int_var(0, upper, f"{rule_id}_scaled_{staff_id}")
    ctx.model.add_division_equality(scaled, 2 * most * total + available, 2 * available)
    return scaled


def _spread(ctx: BuildContext, rule_id: str, counts: dict[str, list],
            days: dict[str, set[int]]) -> None:
    """Penalise max - min of the per-person counts of each line's eligible members, each
    count scaled to the group's most available days."""
    by_line: dict[str, list[str]] = defaultdict(list)
    for staff_id in counts:
        by_line[ctx.data.staff_by_id[staff_id].line_id].append(staff_id)
    for line_id, members in by_line.items():
        if len(members) < 2:
            continue
        most = max(len(days[s]) for s in members)
        totals = [_scaled_total(ctx, rule_id, s, counts[s], len(days[s]), most)
                  for s in members]
        upper = max((2 * most * len(counts[s]) + len(days[s])) // (2 * len(days[s]))
                    for s in members)
        high = ctx.model.new_int_var(0, upper, f"{rule_id}_max_{line_id}")
        low = ctx.model.new_int_var(0, upper, f"{rule_id}_min_{line_id}")
        ctx.model.add_max_equality(high, totals)
        ctx.model.add_min_equality(low, totals)
        ctx.count(rule_id, high - low)


def _collect(ctx: BuildContext, per_day: Callable[[int, str], bool]
             ) -> tuple[dict[str, list], dict[str, set[int]]]:
    """Per person, the day-literals (weekend/holiday) or shift literals (night) that count,
    and the days on which the person has one (the days they can work them)."""
    counts: dict[str, list] = defaultdict(list)
    days: dict[str, set[int]] = defaultdict(set)
    for (staff_id, d, t), lit in ctx.vars.w.items():
        if per_day(d, t):
            counts[staff_id].append(lit)
            days[staff_id].add(d)
    return counts, days


def add_fairness(ctx: BuildContext) -> None:
    """Weekends, nights and holidays spread evenly among a line's staff who can work them:
    minimise max - min, not just the sum; a person who can work them on fewer days than the
    most available member counts in proportion (planner's rule)."""
    days = ctx.horizon.days
    shifts = ctx.data.shift_by_code
    _spread(ctx, FAIR_WEEKENDS, *_collect(ctx, lambda d, t: is_weekend_day(days[d])))
    _spread(ctx, FAIR_NIGHTS,
            *_collect(ctx, lambda d, t: shifts[t].category is ShiftCategory.NIGHT))
    _spread(ctx, FAIR_HOLIDAYS, *_collect(ctx, lambda d, t: is_holiday_day(days[d])))
