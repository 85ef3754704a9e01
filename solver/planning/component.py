"""Solving one component: template members offered, two lexicographic stages, more rounds."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from model.dataset import DataSet
from model.roster import Assignment, SolveStatus
from solver.build import build_model
from solver.check import Evaluation, evaluate
from solver.horizon import Horizon
from solver.planning.data import PlanningOptions, vendor_need, with_templates
from solver.planning.model import PlanVars, add_planning
from solver.solution import assignments_from_solution, hint_from_solver
from solver.solve import configure_workers
from solver.status import map_status

#: Share of a component's time budget the coverage stage may use (it usually needs far less:
#: it stops at the first roster without gaps, 0 being its trivial bound).
COVERAGE_STAGE_SHARE = 0.5


def initial_templates(data: DataSet, horizon: Horizon, line_id: str) -> int:
    """Template members to offer a line at first: enough for its peak day with five working
    days in seven and a margin, beyond the staff it has (at least one, to test hiring)."""
    need, _detail = vendor_need(data, horizon, {line_id})
    peak = max(need, default=0)
    if peak == 0:
        return 0
    staff = sum(1 for s in data.staff if s.line_id == line_id)
    return max(1, math.ceil(peak * 7 / 5) + 1 - staff)


@dataclass
class Outcome:
    status: SolveStatus
    data: DataSet
    horizon: Horizon
    plan: PlanVars | None = None
    active: dict[str, bool] = field(default_factory=dict)
    assignments: list[Assignment] = field(default_factory=list)
    gaps: int | None = None
    gaps_proven: bool = False
    cost_fen: int | None = None
    bound_fen: int | None = None
    templates: dict[str, int] = field(default_factory=dict)
    _evaluation: Evaluation | None = None

    def evaluation(self) -> Evaluation | None:
        """The independent checker's view of the solution (hours, overtime, gaps)."""
        if self._evaluation is None and self.status.has_roster and self.plan is not None:
            self._evaluation = evaluate(self.data, self.horizon.start, self.horizon.n,
                                        self.assignments)
        return self._evaluation


def _solver(options: PlanningOptions, seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, seconds)
    configure_workers(solver.parameters, options.workers)
    solver.parameters.random_seed = options.seed
    return solver


def _solve_once(data: DataSet, horizon: Horizon, templates: dict[str, int],
                options: PlanningOptions, budget: float) -> Outcome:
    started = time.monotonic()
    candidates, template_ids = with_templates(data, horizon.start, horizon.n, templates)
    built = build_model(candidates, horizon)
    plan = add_planning(built, template_ids, allow_overtime=options.allow_overtime)
    model = built.model
    outcome = Outcome(status=SolveStatus.UNKNOWN, data=candidates, horizon=horizon,
                      plan=plan, templates=dict(templates))
    # Stage 1: fewest uncovered required shifts.
    for lit in plan.active.values():
        model.add_hint(lit, 1)
    model.minimize(plan.gaps)
    solver = _solver(options, budget * COVERAGE_STAGE_SHARE)
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        outcome.status = map_status(status)
        return outcome
    gaps = int(round(solver.Value(plan.gaps)))  # the returned solution's, not ObjectiveValue()
    outcome.gaps_proven = status == cp_model.OPTIMAL
    model.add(plan.gaps <= gaps)
    hint_from_solver(model, solver, (*built.ctx.vars.x.values(), *plan.active.values()))
    # Stage 2: lowest cost, then fewest changes.
    model.minimize(plan.k * plan.cost + plan.changes)
    remaining = budget - (time.monotonic() - started)
    solver = _solver(options, remaining)
    status = solver.Solve(model)
    outcome.status = map_status(status)
    if not outcome.status.has_roster:
        return outcome
    if not outcome.gaps_proven and outcome.status is SolveStatus.OPTIMAL:
        outcome.status = SolveStatus.FEASIBLE  # optimal for a gap count not proven minimal
    outcome.gaps = int(round(solver.Value(plan.gaps)))
    outcome.cost_fen = int(round(solver.Value(plan.cost)))
    outcome.bound_fen = (outcome.cost_fen if status == cp_model.OPTIMAL
                         else math.floor(solver.BestObjectiveBound() / plan.k))
    outcome.active = {m: bool(solver.Value(lit)) for m, lit in plan.active.items()}
    outcome.assignments = assignments_from_solution(built, solver)
    return outcome


def solve_component(data: DataSet, horizon: Horizon, lines: tuple[str, ...],
                    options: PlanningOptions, budget: float) -> tuple[Outcome, int]:
    started = time.monotonic()
    templates = {line_id: initial_templates(data, horizon, line_id) for line_id in lines}
    rounds = 0
    outcome: Outcome | None = None
    while True:
        rounds += 1
        remaining = budget - (time.monotonic() - started)
        outcome = _solve_once(data, horizon, templates, options, max(remaining, 1.0))
        if not outcome.status.has_roster or rounds >= options.max_rounds:
            break
        assert outcome.plan is not None
        full = [line_id for line_id, ids in outcome.plan.templates.items()
                if ids and all(outcome.active[m] for m in ids)]
        if not full or time.monotonic() - started > budget * 0.8:
            break
        for line_id in full:
            templates[line_id] = 2 * templates[line_id] + 1
    return outcome, rounds


def component_size(data: DataSet, horizon: Horizon, line_ids: tuple[str, ...]) -> int:
    need, _detail = vendor_need(data, horizon, set(line_ids))
    return sum(need)


def nothing_needed(data: DataSet, horizon: Horizon) -> Outcome:
    return Outcome(status=SolveStatus.OPTIMAL, data=data, horizon=horizon, gaps=0,
                   gaps_proven=True, cost_fen=0, bound_fen=0)
