"""Checks of stable patterns: fixed rest weekdays and weekly rotations
(solver/rules/patterns.py)."""

from __future__ import annotations

from model.patterns import WEEKDAY_LABELS, pattern_positions
from solver.check.context import Breach, Context, staff_label


def check_stable_pattern(ctx: Context) -> list[Breach]:
    """stable_pattern: per own person of a line with a pattern, each worked fixed rest day
    and each worked day on another shift than the week's rotation shift (RULES.md)."""
    out = []
    for pattern in ctx.data.patterns:
        for staff_id, position in pattern_positions(ctx.data.staff, pattern.line_id).items():
            staff = ctx.data.staff_by_id[staff_id]
            for work in ctx.by_staff.get(staff_id, ()):
                item = ctx.cal[work.d]
                if pattern.is_rest_day(item):
                    weekday = WEEKDAY_LABELS[item.day.isoweekday()]
                    out.append(Breach(1, f"{staff_label(staff)} {item.day.isoformat()}（{weekday}）"
                                         f"是固定休息日，却排了 {work.shift.code} 班",
                                      staff_id, item.day))
                wanted = pattern.rotation_shift(position, item.day)
                if wanted is not None and work.shift.code != wanted:
                    out.append(Breach(1, f"{staff_label(staff)} {item.day.isoformat()} 本周轮换"
                                         f"应上 {wanted} 班，排了 {work.shift.code} 班",
                                      staff_id, item.day))
    return out
