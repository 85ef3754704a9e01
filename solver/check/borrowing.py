"""Check of staff working another line's post (solver/rules/borrowing.py)."""

from __future__ import annotations

from solver.check.context import Breach, Context, work_label


def check_borrowing(ctx: Context) -> list[Breach]:
    """borrowed_post: assignments at a post outside the person's line (planner's rule)."""
    return [Breach(1, f"{work_label(w)}：跨项目借调", w.staff.id, w.day)
            for w in ctx.works if w.staff.line_id not in w.post.lines]
