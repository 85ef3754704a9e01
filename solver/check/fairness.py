"""Checks of fair shares of weekends, nights and holidays in a line (solver/rules/fairness.py)."""

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


def _has_eligible_cell(ctx: Context, staff: Staff,
                       wanted: Callable[[ShiftType | None, int], bool]) -> bool:
    """Whether some eligible cell (post, shift, day) of the person satisfies `wanted`."""
    for post in ctx.data.posts:
        if staff.line_id not in post.lines and post.id not in staff.skills:
            continue
        for demand in post.demand:
            shift = ctx.data.shift_by_code.get(demand.shift)
            for d in range(ctx.D):
                if wanted(shift, d) and not cell_problems(ctx, staff, post, demand.shift, d):
                    return True
    return False


def _fairness(ctx: Context, what: str, wanted: Callable[[ShiftType | None, int], bool],
              count: Callable[[str], int]) -> list[Breach]:
    """max - min of `count` within each line's group of >= 2 members with an eligible cell."""
    groups: dict[str, list[Staff]] = defaultdict(list)
    for staff in ctx.data.staff:
        if _has_eligible_cell(ctx, staff, wanted):
            groups[staff.line_id].append(staff)
    out = []
    for line_id, members in groups.items():
        if len(members) < 2:
            continue
        values = {s.id: count(s.id) for s in members}
        spread = max(values.values()) - min(values.values())
        shown = "、".join(f"{s.name} {values[s.id]}" for s in members)
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
