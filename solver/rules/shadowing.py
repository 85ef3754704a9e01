"""Newcomers in pre-duty training work only beside a trained colleague (seed 000 attachments)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from model.rules import SHADOWING
from solver.context import BuildContext


def add_shadowing(ctx: BuildContext) -> None:
    """Per post, day and shift: newcomers <= trained colleagues there (one mentor each);
    hard forbids a shortfall, soft counts max(0, newcomers - trained) exactly."""
    hard = ctx.rule(SHADOWING).hard
    for (post_id, d, shift), cells in ctx.vars.at_post.items():
        newcomers = [ctx.vars.x[c] for c in cells if c in ctx.vars.newcomer]
        if not newcomers:
            continue
        trained = [ctx.vars.x[c] for c in cells if c not in ctx.vars.newcomer]
        short = cp_model.LinearExpr.Sum(newcomers) - cp_model.LinearExpr.Sum(trained)
        if hard:
            ctx.model.add(short <= 0)
        else:
            ctx.count(SHADOWING, ctx.exact_max0(f"shadow_{post_id}_{d}_{shift}", short,
                                                len(newcomers)))
