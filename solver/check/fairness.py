"""Checks of fair shares of weekends, nights and holidays in a line, in proportion to the days
each person can work them (solver/rules/fairness.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from model.hours import (
    is_holiday_day,
    is_weekend_day,
)
from model.shifts import ShiftCategory, ShiftType
from model.staff import Staff
from solver.check.context import Breach, Context
from solver.check.eligibility import cell_problems
from solver.check.nights import nights_of


def _available_days(ctx: Context, staff: Staff,
                    wanted: Callable[[ShiftType | None, int], bool]) -> int:
    """The days with some eligible cell (post, shift) of the person satisfying `wanted`."""
    cells = [(post, demand.shift, ctx.data.shift_by_code.get(demand.shift))
             for post in ctx.data.posts
             if staff.line_id in post.lines or post.id in staff.skills
             for demand in post.demand]
    return sum(1 for d in range(ctx.D)
               if any(wanted(shift, d) and not cell_problems(ctx, staff, post, code, d)
                      for post, code, shift in cells))


def full_horizon_count(count: int, available: int, most: int) -> int:
    """`count` scaled to `most` available days: round(count x most / available), halves up."""
    return (2 * count * most + available) // (2 * available)


def _fairness(ctx: Context, what: str, wanted: Callable[[ShiftType | None, int], bool],
              count: Callable[[str], int]) -> list[Breach]:
    """max - min of `count` within each line's group of >= 2 members with an eligible cell,
    each count scaled to the group's most available days (full_horizon_count)."""
    groups: dict[str, list[tuple[Staff, int]]] = defaultdict(list)
    for staff in ctx.data.staff:
        available = _available_days(ctx, staff, wanted)
        if available:
            groups[staff.line_id].append((staff, available))
    out = []
    for line_id, members in groups.items():
        if len(members) < 2:
            continue
        most = max(available for _s, available in members)
        raw = {s.id: count(s.id) for s, _a in members}
        values = {s.id: full_horizon_count(raw[s.id], a, most) for s, a in members}
        spread = max(values.values()) - min(values.values())
        shown = "、".join(
            f"{s.name} {raw[s.id]}" if a == most
            else f"{s.name} {raw[s.id]}（可排 {a}/{most} 天，折合 {values[s.id]}）"
            for s, a in members)
        out.append(Breach(spread, f"项目 {line_id} {what}相差 {spread}（{shown}）"))
    return out


def check_fair_weekends(ctx: Context) -> list[Breach]:
    """fair_weekends: spread of weekend days worked per line (planner's rule)."""
    return _fairness(ctx, "周末班天数", lambda shift, d: is_weekend_day(ctx.cal[d]),
                     lambda sid: sum(1 for d in ctx.worked_days(sid) if is_weekend_day(ctx.cal[d])))


def check_fair_nights(ctx: Context) -> list[Breach]:
    """fair_nights: spread of night shifts per line (planner's rule)."""
    return _fairness(ctx, "夜班个数",
                     lambda shift, d: shift is not None and shift.category is ShiftCategory.NIGHT,
                     lambda sid: nights_of(ctx, sid))


def check_fair_holidays(ctx: Context) -> list[Breach]:
    """fair_holidays: spread of holiday days worked per line (planner's rule)."""
    return _fairness(ctx, "节假日班天数", lambda shift, d: is_holiday_day(ctx.cal[d]),
                     lambda sid: sum(1 for d in ctx.worked_days(sid) if is_holiday_day(ctx.cal[d])))
