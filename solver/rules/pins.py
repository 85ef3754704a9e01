"""Cells fixed by the planner."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from model.events import Pin
from solver.context import BuildContext


@dataclass(frozen=True)
class PinLiteral:
    pin: Pin
    literal: cp_model.IntVar


def add_pins(ctx: BuildContext) -> list[PinLiteral]:
    """Pinned cells are worked as pinned, pinned days off are free (planner's rule, hard).
    Pins on cells that cannot be used are reported before solving (solver.explain)."""
    result = []
    for number, pin in enumerate(ctx.data.pins):
        d = ctx.horizon.index(pin.day)
        if d is None:
            continue
        lit = ctx.model.new_bool_var(f"pin_{number}")
        if pin.is_off:
            work = ctx.vars.work.get((pin.staff_id, d))
            if work is not None:
                ctx.model.add(work == 0).OnlyEnforceIf(lit)
        else:
            var = ctx.vars.x.get((pin.staff_id, d, pin.post_id or "", pin.shift or ""))
            if var is None:
                continue  # ineligible: reported by explain.pin_conflicts
            ctx.model.add(var == 1).OnlyEnforceIf(lit)
        if not ctx.explain:
            ctx.model.add(lit == 1)
        result.append(PinLiteral(pin, lit))
    return result
