"""Checks of demand given by date (solver/rules/dated_cover.py)."""

from __future__ import annotations

from solver.check.context import Breach, Context, post_label


def _dated_rows(ctx: Context):
    """(post, row, d, assigned) of every dated demand row inside the horizon."""
    for post in ctx.data.posts:
        for row in post.dated_demand:
            d = (row.day - ctx.start).days
            if 0 <= d < ctx.D:
                yield post, row, d, ctx.assigned(post.id, d, row.shift)


def check_dated_cover_under(ctx: Context) -> list[Breach]:
    """dated_cover_under: under_weight x max(0, target - assigned) per row (post demand)."""
    return [Breach(row.under_weight * (row.target - a),
                   f"{post_label(post)} {row.day.isoformat()} {row.shift} 班 {a} 人，比目标 "
                   f"{row.target} 少 {row.target - a} 人（每人 {row.under_weight}）", None,
                   row.day)
            for post, row, d, a in _dated_rows(ctx) if a < row.target]


def check_dated_cover_over(ctx: Context) -> list[Breach]:
    """dated_cover_over: over_weight x max(0, assigned - target) per row (post demand)."""
    return [Breach(row.over_weight * (a - row.target),
                   f"{post_label(post)} {row.day.isoformat()} {row.shift} 班 {a} 人，比目标 "
                   f"{row.target} 多 {a - row.target} 人（每人 {row.over_weight}）", None, row.day)
            for post, row, d, a in _dated_rows(ctx)
            if row.over_weight is not None and a > row.target]


def check_dated_coverage_max(ctx: Context) -> list[Breach]:
    """dated_coverage_max: rows without an over weight, nobody above the target (post demand)."""
    return [Breach(1, f"{post_label(post)} {row.day.isoformat()} {row.shift} 班排了 {a} 人，"
                      f"超过目标 {row.target}（不允许超员）", None, row.day)
            for post, row, d, a in _dated_rows(ctx)
            if row.over_weight is None and a > row.target]
