"""CP-SAT solutions: the record of a search, its roster cells as assignments, solution hints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ortools.sat.python import cp_model

from model.roster import Assignment
from solver.build import BuiltModel


class StopSignal(Protocol):
    """What a solve watches to stop early: a threading.Event, or a multiprocessing one set by
    the parent of a solve in a child process (ui/jobs.py)."""

    def is_set(self) -> bool: ...


@dataclass
class SolverRun:
    """What one optimisation returned: the solver holding the solution and its status, or
    a roster built without the full model (`roster`, scored by the checker alone)."""

    solver: cp_model.CpSolver | None
    status: cp_model.CpSolverStatus
    stages: list[str] = field(default_factory=list)
    #: seconds from the start of the solve to the first solution (None: none found)
    first_solution_s: float | None = None
    #: False when the roster was not searched by the full model (no bound)
    searched: bool = True
    #: the roster when it does not come from `solver`: built by person blocks within the
    #: limit (status FEASIBLE, every hard rule kept), or constructed quickly when no roster
    #: was found in time (`constructed`)
    roster: list[Assignment] | None = None
    constructed: bool = False


def set_hint(model: cp_model.CpModel, indices: Iterable[int], values: Iterable[int]) -> None:
    """Replace the model's solution hint by `values` for the variables at proto `indices`,
    written to the proto in one go (one add_hint per variable is slow on large models).
    Nothing is written when there is nothing to hint, as with an empty add_hint loop."""
    model.clear_hints()
    indices, values = list(indices), list(values)
    if not indices:
        return
    hint = model.proto.solution_hint
    hint.vars.extend(indices)
    hint.values.extend(values)


def hint_cells(built: BuiltModel, worked: set[tuple[str, int, str, str]]) -> None:
    """Hint every roster cell of the model: 1 if it is in `worked`, else 0."""
    cells = built.ctx.vars.x
    set_hint(built.model, (var.Index() for var in cells.values()),
             (1 if cell in worked else 0 for cell in cells))


def hint_from_solver(model: cp_model.CpModel, solver: cp_model.CpSolver,
                     variables: Iterable[cp_model.IntVar]) -> None:
    """Hint `variables` with their values in the solver's returned solution."""
    chosen = list(variables)
    set_hint(model, (var.Index() for var in chosen), (solver.Value(var) for var in chosen))


def assignments_from_solution(built: BuiltModel, solver: cp_model.CpSolver
                              ) -> list[Assignment]:
    """The worked cells of the solver's returned solution, as assignments."""
    return assignments_from_cells(
        built, [cell for cell, var in built.ctx.vars.x.items() if solver.Value(var)])


def assignments_from_cells(built: BuiltModel, cells: Iterable[tuple[str, int, str, str]]
                           ) -> list[Assignment]:
    """Roster cells (staff id, day index, post id, shift) of the model, as assignments."""
    data, horizon = built.ctx.data, built.ctx.horizon
    result = []
    for staff_id, d, post_id, shift in cells:
        day = horizon.date(d)
        shift_type = data.shift_by_code[shift]
        result.append(Assignment(
            staff_id=staff_id, line_id=data.staff_by_id[staff_id].line_id, post_id=post_id,
            shift=shift, day=day, segments=tuple(shift_type.segment_datetimes(day)),
            hours=shift_type.minutes / 60,
            borrowed=(staff_id, d, post_id, shift) in built.ctx.vars.borrowed))
    return sorted(result, key=lambda a: (a.day, a.staff_id, a.post_id))


def pinned_cells(built: BuiltModel, staff_ids: Iterable[str] | None = None
                 ) -> list[tuple[str, int, str, str]]:
    """The model's cells fixed by a pin (of `staff_ids` only, when given): what a quickly
    constructed roster keeps of people it has no roster for (every other day off)."""
    wanted = None if staff_ids is None else set(staff_ids)
    horizon, cells = built.ctx.horizon, built.ctx.vars.x
    found = []
    for pin in built.ctx.data.pins:
        d = horizon.index(pin.day)
        if pin.is_off or d is None or (wanted is not None and pin.staff_id not in wanted):
            continue
        cell = (pin.staff_id, d, pin.post_id or "", pin.shift or "")
        if cell in cells:
            found.append(cell)
    return found
