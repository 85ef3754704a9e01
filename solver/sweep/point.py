"""One grid point solved: its scenario's data, a deterministic roster solve, its table row."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ortools.sat.python import cp_model
from pydantic import Field

from model.base import Frozen
from model.dataset import DataSet
from model.errors import DataError
from model.roster import Assignment, SolveStatus
from model.rules import OVERTIME_PAY
from model.settlement import predicted_line_scores
from solver.build import BuiltModel, build_model
from solver.check import evaluate
from solver.explain import pin_conflicts
from solver.horizon import Horizon
from solver.planning import line_components
from solver.solve import configure_workers
from solver.status import map_status
from solver.sweep.grid import (
    DEFAULT_PERIOD_WEEKS,
    DEFAULT_TIME_LIMIT,
    SweepPoint,
)

#: Wall-clock guard per solve: this many seconds per deterministic unit, at least the minimum.
WALL_PER_DETERMINISTIC_S = 20.0
WALL_MINIMUM_S = 60.0

#: Status of a row whose scenario could not be built or solved at all.
ERROR = "ERROR"

STATUS_LABELS = {**{s.value: s.label for s in SolveStatus}, ERROR: "失败"}


@dataclass(frozen=True)
class SweepSettings:
    start: date
    weeks: int = DEFAULT_PERIOD_WEEKS
    #: deterministic time limit per scenario (CP-SAT work units, about seconds)
    time_limit: float = DEFAULT_TIME_LIMIT
    seed: int = 0

    @property
    def n_days(self) -> int:
        return 7 * self.weeks

    @property
    def wall_limit_s(self) -> float:
        return max(WALL_MINIMUM_S, WALL_PER_DETERMINISTIC_S * self.time_limit)


class SweepRow(Frozen):
    """One scenario's line of the sweep table."""

    index: int
    name: str
    labels: dict[str, str] = Field(default_factory=dict)
    headcount: int | None = None
    monthly_cost: Decimal | None = Field(None, description="月服务费合计（元）")
    contract_cost: Decimal | None = Field(None, description="合同期总金额（元）")
    gaps: int | None = Field(None, description="未覆盖的最低需求（人次）")
    overtime_hours: float | None = None
    overtime_cost: Decimal | None = None
    deduction: Decimal | None = Field(None, description="预计考核扣款（元，附件28）")
    status: str = Field(description="SolveStatus value or ERROR")
    objective: int | None = None
    best_bound: int | None = None
    reproducible: bool = True
    error: str = ""
    wall_time_s: float = Field(0.0, description="Not deterministic: excluded from comparisons")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def ok(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL.value, SolveStatus.FEASIBLE.value)

    def comparable(self) -> dict[str, Any]:
        """Every deterministic field (what must not depend on the executor)."""
        return self.model_dump(mode="json", exclude={"wall_time_s"})


def component_data(data: DataSet, line_ids: Iterable[str]) -> DataSet:
    """The lines, their posts, staff and events: an independent part of the roster. Training
    sessions are left out (their seats are shared by every line: a sweep compares headcounts
    and costs without them)."""
    ids = set(line_ids)
    posts = tuple(p for p in data.posts if set(p.lines) & ids)
    post_ids = {p.id for p in posts}
    staff = tuple(m for m in data.staff if m.line_id in ids)
    staff_ids = {m.id for m in staff}
    return data.with_changes(
        lines=tuple(line for line in data.lines if line.id in ids), posts=posts, staff=staff,
        cover_rules=tuple(r for r in data.cover_rules if r.post_id in post_ids),
        patterns=tuple(p for p in data.patterns if p.line_id in ids),
        absences=tuple(a for a in data.absences if a.staff_id in staff_ids),
        requests=tuple(r for r in data.requests if r.staff_id in staff_ids),
        pins=tuple(p for p in data.pins if p.staff_id in staff_ids),
        tails=tuple(t for t in data.tails if t.staff_id in staff_ids),
        training_sessions=(), training_done=())


@dataclass
class ScenarioSolve:
    status: SolveStatus
    objective: int | None
    best_bound: int | None
    assignments: list[Assignment]
    reproducible: bool
    deterministic_time: float


def _assignments(built: BuiltModel, solver: cp_model.CpSolver) -> list[Assignment]:
    data, horizon = built.ctx.data, built.ctx.horizon
    out = []
    for (staff_id, d, post_id, shift), var in built.ctx.vars.x.items():
        if solver.Value(var):
            day = horizon.date(d)
            shift_type = data.shift_by_code[shift]
            out.append(Assignment(
                staff_id=staff_id, line_id=data.staff_by_id[staff_id].line_id,
                post_id=post_id, shift=shift, day=day,
                segments=tuple(shift_type.segment_datetimes(day)),
                hours=shift_type.minutes / 60,
                borrowed=(staff_id, d, post_id, shift) in built.ctx.vars.borrowed))
    return out


def solve_deterministic(data: DataSet, start: date, n_days: int, time_limit: float,
                        seed: int = 0) -> ScenarioSolve:
    """The roster of `data` (weighted objective of every rule), one independent group of
    lines at a time, each single-threaded with a fixed seed; the deterministic budget left by
    a group that finishes early passes to the next ones, in a fixed order."""
    wall_started = time.monotonic()
    horizon = Horizon.of(data.calendar, start, n_days)
    if pin_conflicts(data, horizon):
        return ScenarioSolve(SolveStatus.INFEASIBLE, None, None, [], True, 0.0)
    sizes = {line.id: 0 for line in data.lines}
    for member in data.vendor_staff():
        sizes[member.line_id] += 1
    # smallest groups first: the budget they leave passes to the larger ones
    groups = sorted(line_components(data), key=lambda ids: (sum(sizes[i] for i in ids), ids))
    remaining = time_limit
    statuses: list[SolveStatus] = []
    objective = bound = 0
    assignments: list[Assignment] = []
    reproducible = True
    used = 0.0
    wall_limit = max(WALL_MINIMUM_S, WALL_PER_DETERMINISTIC_S * time_limit)
    for position, line_ids in enumerate(groups):
        sub = component_data(data, line_ids)
        built = build_model(sub, horizon)
        if not built.ctx.vars.x:
            continue
        goal = built.objective_expr()
        built.model.minimize(goal)
        solver = cp_model.CpSolver()
        configure_workers(solver.parameters, 1)
        solver.parameters.random_seed = seed
        budget = max(0.05, remaining / (len(groups) - position))
        solver.parameters.max_deterministic_time = budget
        wall_left = wall_limit - (time.monotonic() - wall_started)
        solver.parameters.max_time_in_seconds = max(1.0, wall_left)
        code = solver.Solve(built.model)
        status = map_status(code)
        statuses.append(status)
        used += solver.deterministic_time
        remaining = max(0.0, remaining - solver.deterministic_time)
        if status is not SolveStatus.OPTIMAL and solver.deterministic_time < budget * 0.99:
            reproducible = False  # stopped by the wall clock, not by the work budget
        if not status.has_roster:
            return ScenarioSolve(status, None, None, [], reproducible, used)
        # the value of the returned solution: after a limit, ObjectiveValue() may not be it
        objective += int(round(solver.Value(goal)))
        bound += math.ceil(solver.BestObjectiveBound() - 1e-6)
        assignments += _assignments(built, solver)
    overall = (SolveStatus.OPTIMAL if all(s is SolveStatus.OPTIMAL for s in statuses)
               else SolveStatus.FEASIBLE)
    assignments.sort(key=lambda a: (a.day, a.staff_id, a.post_id))
    return ScenarioSolve(overall, objective, bound, assignments, reproducible, used)


def scenario_data(base: DataSet, point: SweepPoint, settings: SweepSettings) -> DataSet:
    from model.scenario import Period, Scenario, apply_scenario

    body = {"name": point.name or "网格点", **point.changes,
            "period": Period(start=settings.start, weeks=settings.weeks)}
    scenario = Scenario.model_validate(body)
    # Events go with their person: a headcount cut removes staff, and with them their
    # absences, requests, pins and tails (applied without events, then given back).
    bare = base.with_changes(absences=(), requests=(), pins=(), tails=())
    applied = apply_scenario(bare, scenario, file=f"情景 {point.name}")
    kept = {member.id for member in applied.staff}
    return applied.with_changes(
        absences=tuple(a for a in base.absences if a.staff_id in kept),
        requests=tuple(r for r in base.requests if r.staff_id in kept),
        pins=tuple(p for p in base.pins if p.staff_id in kept),
        tails=tuple(t for t in base.tails if t.staff_id in kept))


def predicted_deductions(data: DataSet, gaps_raw: Sequence[tuple[date, str, str, int]]
                         ) -> Decimal:
    """The contract's assessment sheet per line and month: each uncovered required shift is
    a failed task of the line that owns the post (its first line), under the sheet's item
    and its cap (`model.settlement.predicted_line_scores`); the deductions' sum."""
    rows = predicted_line_scores(data, [(day, post, missing)
                                        for day, post, _shift, missing in gaps_raw])
    return sum((row.deduction for row in rows), Decimal(0))


def solve_point(base: DataSet, point: SweepPoint, settings: SweepSettings) -> SweepRow:
    """One row of the table; any failure is reported in the row, never raised."""
    started = time.monotonic()
    try:
        data = scenario_data(base, point, settings)
        monthly = sum((line.monthly_fee for line in data.lines), Decimal(0))
        row = SweepRow(index=point.index, name=point.name, labels=point.labels,
                       headcount=sum(line.headcount for line in data.lines),
                       monthly_cost=monthly, contract_cost=monthly * data.contract.months,
                       status=SolveStatus.UNKNOWN.value)
        result = solve_deterministic(data, settings.start, settings.n_days,
                                     settings.time_limit, settings.seed)
        update: dict[str, Any] = {"status": result.status.value,
                                  "reproducible": result.reproducible}
        if result.status.has_roster:
            evaluation = evaluate(data, settings.start, settings.n_days, result.assignments)
            update.update(
                gaps=sum(missing for *_rest, missing in evaluation.gaps_raw),
                overtime_hours=round(sum(s.overtime_hours for s in evaluation.staff_summary), 2),
                overtime_cost=Decimal(evaluation.counts.get(OVERTIME_PAY, 0)) / 100,
                deduction=predicted_deductions(data, evaluation.gaps_raw),
                objective=result.objective, best_bound=result.best_bound)
            if evaluation.violations:
                update["error"] = "独立核对发现硬规则违反：" + evaluation.violations[0].message
            elif evaluation.objective != result.objective:
                update["error"] = (f"独立核对的目标值 {evaluation.objective} 与求解器 "
                                   f"{result.objective} 不一致")
        elif result.status is SolveStatus.INFEASIBLE:
            update["error"] = "硬规则互相矛盾（如固定排班冲突），无排班"
        row = row.model_copy(update=update)
    except DataError as exc:
        row = SweepRow(index=point.index, name=point.name, labels=point.labels, status=ERROR,
                       error="；".join(p.message + (f"（{p.field}）" if p.field else "")
                                      for p in exc.problems))
    except Exception as exc:  # a failed scenario never stops the others
        row = SweepRow(index=point.index, name=point.name, labels=point.labels, status=ERROR,
                       error=f"{type(exc).__name__}: {exc}")
    return row.model_copy(update={"wall_time_s": round(time.monotonic() - started, 3)})
