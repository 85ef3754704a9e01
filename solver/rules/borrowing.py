"""Staff working another line's post."""

from __future__ import annotations

from model.rules import BORROWED_POST
from solver.context import BuildContext


def add_borrowing(ctx: BuildContext) -> None:
    """Working another line's post only where trained, penalised per shift and reported
    (planner's rule)."""
    for cell in ctx.vars.borrowed:
        ctx.count(BORROWED_POST, ctx.vars.x[cell])
