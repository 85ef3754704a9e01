"""Check of forbidden shift successions (solver/rules/succession.py)."""

from __future__ import annotations

from collections import defaultdict

from solver.check.context import Breach, Context, Work, work_label


def check_forbidden_succession(ctx: Context) -> list[Breach]:
    """forbidden_succession: a t.forbidden_next shift the day after t (shift settings)."""
    out = []
    for staff_id, works in ctx.by_staff.items():
        on_day: dict[int, list[Work]] = defaultdict(list)
        for w in works:
            on_day[w.d].append(w)
        for w in works:
            for nxt in on_day.get(w.d + 1, ()):
                if nxt.shift.code in w.shift.forbidden_next:
                    out.append(Breach(1, f"{work_label(nxt)} 紧接前一天的 {w.shift.code} 班"
                                         f"（{w.shift.code} 班后次日不得上 {nxt.shift.code} 班）",
                                      staff_id, nxt.day))
    return out
