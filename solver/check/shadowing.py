"""Checks that each newcomer in training has a trained colleague beside them (rules/shadowing)."""

from __future__ import annotations

from solver.check.context import Breach, Context, post_label, staff_label


def check_shadowing(ctx: Context) -> list[Breach]:
    """shadowing: max(0, newcomers - trained) vendor staff per post, day and shift (seed 000
    attachments, 岗前培训期)."""
    out = []
    for (_post_id, _d, shift), works in ctx.vendor_at.items():
        newcomers = [w for w in works if ctx.in_training(w.staff, w.day)]
        short = len(newcomers) - (len(works) - len(newcomers))
        if short > 0:
            first = newcomers[0]
            names = "、".join(staff_label(w.staff) for w in newcomers)
            out.append(Breach(short, f"{post_label(first.post)} {first.day.isoformat()} {shift} "
                                     f"班：岗前培训中的 {names} 缺 {short} 名带教同事",
                              first.staff.id, first.day))
    return out
