"""Re-planning after an absence: the past stays, the rest changes as little as possible."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from ortools.sat.python import cp_model

from model.dataset import DataSet
from model.events import Absence, Pin
from model.roster import Assignment, Change, RosterResult
from model.training import TrainingChange, training_changes
from solver.build import BuiltModel
from solver.solve import SolveOptions, solve_roster

#: Penalty per changed cell (fen-equivalent): above fairness and requests, below coverage,
#: so a change is made to close a gap, not to polish a preference.
CHANGE_WEIGHT = 10_000
OFF = "休"


@dataclass(frozen=True)
class ReplanResult:
    roster: RosterResult
    changes: tuple[Change, ...]
    #: training attendances added or cancelled from the re-plan's first day
    training: tuple[TrainingChange, ...] = ()


def _cell_label(data: DataSet, assignment: Assignment | None) -> str:
    if assignment is None:
        return OFF
    return f"{data.post_by_id[assignment.post_id].name} {assignment.shift}"


def _past_pins(published: RosterResult, from_day: date, staff_ids: list[str]) -> list[Pin]:
    worked = {(a.staff_id, a.day): a for a in published.assignments if a.day < from_day}
    pins = []
    day = published.start
    while day < from_day and day <= published.end:
        for staff_id in staff_ids:
            a = worked.get((staff_id, day))
            pins.append(Pin(staff_id=staff_id, day=day, post_id=a.post_id if a else None,
                            shift=a.shift if a else None))
        day = date.fromordinal(day.toordinal() + 1)
    return pins


def _change_terms(published: RosterResult, from_day: date
                  ) -> Callable[[BuiltModel], cp_model.LinearExpr]:
    kept = {(a.staff_id, a.day, a.post_id, a.shift) for a in published.assignments
            if a.day >= from_day}

    def terms(built: BuiltModel) -> cp_model.LinearExpr:
        total = cp_model.LinearExpr.Sum([])
        horizon = built.ctx.horizon
        for (staff_id, d, post_id, shift), var in built.ctx.vars.x.items():
            day = horizon.date(d)
            if day < from_day:
                continue
            if (staff_id, day, post_id, shift) in kept:
                total += CHANGE_WEIGHT * (1 - var)
            else:
                total += CHANGE_WEIGHT * var
        return total

    return terms


def replan(data: DataSet, published: RosterResult, absence: Absence, from_day: date,
           options: SolveOptions | None = None) -> ReplanResult:
    """Re-solve the published period from `from_day` with the new absence, the days before
    pinned, and the fewest changed cells (the published roster is the solution hint)."""
    start = max(absence.start, from_day)
    if start > absence.end:
        raise ValueError(
            f"缺勤 {absence.start}~{absence.end} 在重排起始日 {from_day} 之前，无需重排")
    absence = absence.model_copy(update={"start": start})
    changed = data.with_changes(absences=(*data.absences, absence))
    return replan_changed(changed, published, from_day, options, labels=data)


def replan_changed(changed: DataSet, published: RosterResult, from_day: date,
                   options: SolveOptions | None = None, *, labels: DataSet | None = None
                   ) -> ReplanResult:
    """Re-solve the published period from `from_day` on `changed` data (a new absence, a
    demand re-derived after 停诊/加诊), the days before pinned, with the fewest changed cells;
    `labels` names the cells of the changes (default: `changed`)."""
    options = options or SolveOptions()
    staff_ids = [m.id for m in changed.vendor_staff()]
    changed = changed.with_changes(
        pins=(*[p for p in changed.pins if p.day >= from_day],
              *_past_pins(published, from_day, staff_ids)))
    n_days = (published.end - published.start).days + 1
    run_options = replace(options, hint=published.assignments,
                          extra_terms=_change_terms(published, from_day),
                          training_kept=published.training, training_fixed_before=from_day)
    roster = solve_roster(changed, published.start, n_days, run_options)
    named = labels or changed
    before = {(a.staff_id, a.day): a for a in published.assignments}
    after = {(a.staff_id, a.day): a for a in roster.assignments}
    changes = []
    for key in sorted(set(before) | set(after)):
        if key[1] < from_day:
            continue
        old, new = before.get(key), after.get(key)
        if (old is None) != (new is None) or (
                old and new and (old.post_id, old.shift) != (new.post_id, new.shift)):
            changes.append(Change(staff_id=key[0], day=key[1],
                                  before=_cell_label(named, old), after=_cell_label(named, new)))
    return ReplanResult(roster=roster, changes=tuple(changes), training=tuple(
        training_changes(published.training, roster.training, from_day)))
