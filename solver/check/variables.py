"""Check of one assignment per person per day (the model side is solver/variables.py)."""

from __future__ import annotations

from collections import Counter

from solver.check.context import Breach, Context, staff_label


def check_one_per_day(ctx: Context) -> list[Breach]:
    """one_per_day: at most one assignment per person per day (RULES.md eligibility; hard)."""
    out = []
    for staff_id, works in ctx.by_staff.items():
        per_day = Counter(w.d for w in works)
        for d, n in sorted(per_day.items()):
            if n > 1:
                staff = ctx.data.staff_by_id[staff_id]
                out.append(Breach(1, f"{staff_label(staff)} {ctx.cal[d].day.isoformat()} "
                                     f"排了 {n} 个班", staff_id, ctx.cal[d].day))
    return out
