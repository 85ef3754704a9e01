"""The decision variables, built once up front into one structure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from model.dataset import DataSet
from model.shadowing import is_newcomer
from model.staff import Employment
from solver.eligibility import ineligibility, is_own_post, may_fill
from solver.horizon import Horizon

Cell = tuple[str, int, str, str]  # (staff_id, day index, post_id, shift code)


@dataclass
class RosterVars:
    """x[cell] = 1 if the person works that cell; w and work aggregate it."""

    x: dict[Cell, cp_model.IntVar] = field(default_factory=dict)
    #: (staff, day, shift) -> literal: works this shift (at any post) that day
    w: dict[tuple[str, int, str], cp_model.IntVar] = field(default_factory=dict)
    #: (staff, day) -> literal: works that day
    work: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    borrowed: set[Cell] = field(default_factory=set)
    #: cells of a newcomer in pre-duty training: shadowed, never counted as cover
    newcomer: set[Cell] = field(default_factory=set)
    #: (post, day, shift) -> cells there
    at_post: dict[tuple[str, int, str], list[Cell]] = field(default_factory=dict)
    #: (staff, day) -> [(shift, literal)]
    day_shifts: dict[tuple[str, int], list[tuple[str, cp_model.IntVar]]] = field(
        default_factory=dict)

    def counted_at(self, post_id: str, d: int, shift: str) -> list[Cell]:
        """Cells there that count towards coverage (newcomers in training do not)."""
        return [c for c in self.at_post.get((post_id, d, shift), []) if c not in self.newcomer]

    def shifts_of(self, staff_id: str, d: int) -> list[tuple[str, cp_model.IntVar]]:
        return self.day_shifts.get((staff_id, d), [])


def build_vars(model: cp_model.CpModel, data: DataSet, horizon: Horizon) -> RosterVars:
    """One boolean per eligible cell; w and work as exact aggregates (one shift a day)."""
    rv = RosterVars()
    by_staff_day_shift: dict[tuple[str, int, str], list[cp_model.IntVar]] = defaultdict(list)
    for member in data.staff:
        if member.employment is not Employment.VENDOR:
            continue
        fillable = [post for post in data.posts if may_fill(member, post)]
        for d in range(horizon.n):
            for post in fillable:
                for shift in post.shifts:
                    if ineligibility(data, horizon, member, d, post, shift) is not None:
                        continue
                    cell = (member.id, d, post.id, shift)
                    var = model.new_bool_var(f"x_{member.id}_{d}_{post.id}_{shift}")
                    rv.x[cell] = var
                    if not is_own_post(member, post):
                        rv.borrowed.add(cell)
                    if is_newcomer(data, member, horizon.date(d)):
                        rv.newcomer.add(cell)
                    rv.at_post.setdefault((post.id, d, shift), []).append(cell)
                    by_staff_day_shift[(member.id, d, shift)].append(var)
    by_staff_day: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    for (staff_id, d, shift), cells in by_staff_day_shift.items():
        if len(cells) == 1:
            lit = cells[0]
        else:
            lit = model.new_bool_var(f"w_{staff_id}_{d}_{shift}")
            model.add(lit == sum(cells))
        rv.w[(staff_id, d, shift)] = lit
        by_staff_day[(staff_id, d)].append(lit)
        rv.day_shifts.setdefault((staff_id, d), []).append((shift, lit))
    for key, lits in by_staff_day.items():
        if len(lits) == 1:
            rv.work[key] = lits[0]
            continue
        day_lit = model.new_bool_var(f"work_{key[0]}_{key[1]}")
        model.add(day_lit == sum(lits))  # also: at most one shift per person per day
        rv.work[key] = day_lit
    return rv
