"""Demand given by date, with its own under- and over-cover prices (Post.dated_demand)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from model.rules import DATED_COVER_OVER, DATED_COVER_UNDER
from solver.context import BuildContext


def add_dated_cover(ctx: BuildContext) -> None:
    """Each person short of a dated row's target costs its under weight; above the target
    costs its over weight, and without one nobody above the target is allowed (post demand)."""
    for post in ctx.data.posts:
        for row in post.dated_demand:
            d = ctx.horizon.index(row.day)
            if d is None:
                continue
            lits = [ctx.vars.x[c] for c in ctx.vars.counted_at(post.id, d, row.shift)]
            key = f"{post.id}_{d}_{row.shift}"
            assigned = cp_model.LinearExpr.Sum(lits)
            if row.over_weight is None and len(lits) > row.target:
                ctx.model.add(assigned <= row.target)
            over_counted = bool(row.over_weight) and len(lits) > row.target
            under_counted = row.target > 0 and row.under_weight > 0
            if not lits:
                if under_counted:
                    ctx.count(DATED_COVER_UNDER, row.target, row.under_weight)
                continue
            if over_counted and row.over_weight is not None:
                over = ctx.exact_max0(f"over_{key}", assigned - row.target,
                                      len(lits) - row.target)
                ctx.count(DATED_COVER_OVER, over, row.over_weight)
            if under_counted:
                under = ctx.exact_max0(f"under_{key}", row.target - assigned, row.target)
                ctx.count(DATED_COVER_UNDER, under, row.under_weight)
