"""Scenario sweeps: a grid of headcounts, fees and demand changes (scenarios/grids/*.yaml),
each point a `Scenario` applied to the base data and rostered, run on a local process pool
or a Ray cluster, gathered into one table (issue 5).

Results do not depend on the executor nor on the machine's load: every roster solve is
single-threaded with a fixed random seed and a *deterministic* time limit (CP-SAT's
`max_deterministic_time`, work units instead of seconds), and each scenario is split into
the groups of lines that share posts or trained staff (their rosters do not interact, so
the sum of the groups' objectives is the roster's objective). A wall-clock guard stops a
solve that runs far beyond its deterministic budget; such a row is marked, since it may not
be reproducible.

Executors: `process` (default) is a local `ProcessPoolExecutor` (spawned workers);
`ray` starts a local Ray instance with `workers` CPUs, or connects to a cluster at `address`
(whose nodes need this package installed: `pip install hospital-roster[ray]`); a Ray
instance the caller already started is used as is and left running.

Grid file (YAML):

    name: 视光科与导诊人数
    base_scenario: ../management_fee_quote.yaml   # optional, relative to the grid file
    period: {start: 2026-11-30, weeks: 1}         # else the base scenario's, else that week
    time_limit: 5        # deterministic seconds per scenario (CLI --time-limit overrides)
    seed: 0
    headcount: {L02: [2, 3, 4], L13: [3, 4]}      # one axis per line
    headcount_delta: {L14: [-1, 0]}
    management_fee: [0, "6%"]                     # one axis: fee of every line ("*")
    unit_cost: {L07: [13660.96, 12000]}
    demand_scale: {OPT_REFRACT: [1.0, 1.5]}       # scale_target of the post's demand
    axes:                                         # explicit axes: any Scenario fields
      - name: 周六验光
        values:
          - {label: 不开, demand: [{post_id: OPT_REFRACT, demand: [...]}]}
          - {label: 照常}
"""

from __future__ import annotations

import contextlib
import itertools
import math
import multiprocessing
import sys
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from ortools.sat.python import cp_model
from pydantic import Field, ValidationError

from model.base import Frozen
from model.cost import (
    CONTRACT_MONTHS,
    assessment_deduction,
    predicted_score,
)
from model.dataset import DataSet
from model.errors import DataError, Problem
from model.roster import Assignment, SolveStatus
from model.rules import OVERTIME_PAY
from solver.build import BuiltModel, build_model
from solver.check import evaluate
from solver.explain import pin_conflicts
from solver.horizon import Horizon
from solver.planning import line_components
from solver.solve import configure_workers
from solver.status import map_status

#: Period when neither the grid nor its base scenario gives one: the contract's first week.
DEFAULT_PERIOD_START = date(2026, 11, 30)
DEFAULT_PERIOD_WEEKS = 1
DEFAULT_TIME_LIMIT = 10.0
#: Wall-clock guard per solve: this many seconds per deterministic unit, at least the minimum.
WALL_PER_DETERMINISTIC_S = 20.0
WALL_MINIMUM_S = 60.0

EXECUTORS = ("process", "ray", "inline")

#: Status of a row whose scenario could not be built or solved at all.
ERROR = "ERROR"

STATUS_LABELS = {**{s.value: s.label for s in SolveStatus}, ERROR: "失败"}

#: Shorthand keys of a grid file -> builder of its axes.
SHORTHANDS = ("headcount", "headcount_delta", "management_fee", "unit_cost", "demand_scale")
MAPPING_FIELDS = ("headcount", "headcount_delta", "management_fee", "unit_cost", "rules")
SEQUENCE_FIELDS = ("demand", "add_departments", "add_lines", "add_shifts", "add_posts",
                   "add_staff", "remove_staff")


# ---------------------------------------------------------------------------------------
# The grid
# ---------------------------------------------------------------------------------------

class GridValue(Frozen):
    """One value of an axis: a label and the scenario fields it sets."""

    label: str
    changes: dict[str, Any] = Field(default_factory=dict)


class GridAxis(Frozen):
    name: str
    values: tuple[GridValue, ...] = Field(min_length=1)


class GridPeriod(Frozen):
    start: date
    weeks: int = Field(1, ge=1, le=53)


class Grid(Frozen):
    """A sweep: the cartesian product of its axes, over a base scenario."""

    name: str = "情景网格"
    description: str = ""
    base_scenario: str | None = Field(None, description="Scenario file, relative to the grid")
    period: GridPeriod | None = None
    time_limit: float | None = Field(None, gt=0)
    seed: int = 0
    axes: tuple[GridAxis, ...] = Field(min_length=1)
    folder: str = Field("", description="Folder of the grid file (for base_scenario)")

    @property
    def size(self) -> int:
        return math.prod(len(axis.values) for axis in self.axes)


class SweepPoint(Frozen):
    """One grid point: its position, name, the label per axis, the scenario fields."""

    index: int
    name: str
    labels: dict[str, str]
    changes: dict[str, Any]


def _number_label(value: object) -> str:
    return f"{value:+d}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _shorthand_axes(raw: dict[str, Any]) -> list[dict[str, Any]]:
    axes: list[dict[str, Any]] = []
    for line_id, values in (raw.get("headcount") or {}).items():
        axes.append({"name": f"{line_id} 人数", "values": [
            {"label": f"{v}人", "changes": {"headcount": {line_id: v}}} for v in values]})
    for line_id, values in (raw.get("headcount_delta") or {}).items():
        axes.append({"name": f"{line_id} 人数增减", "values": [
            {"label": _number_label(v), "changes": {"headcount_delta": {line_id: v}}}
            for v in values]})
    if raw.get("management_fee") is not None:
        axes.append({"name": "管理费", "values": [
            {"label": str(v), "changes": {"management_fee": {"*": v}}}
            for v in raw["management_fee"]]})
    for line_id, values in (raw.get("unit_cost") or {}).items():
        axes.append({"name": f"{line_id} 成本预算", "values": [
            {"label": str(v), "changes": {"unit_cost": {line_id: v}}} for v in values]})
    for post_id, values in (raw.get("demand_scale") or {}).items():
        axes.append({"name": f"{post_id} 目标倍数", "values": [
            {"label": f"x{v}", "changes": {"demand": [{"post_id": post_id, "scale_target": v}]}}
            for v in values]})
    return axes


def _explicit_axes(raw: dict[str, Any]) -> list[dict[str, Any]]:
    axes = []
    for axis in raw.get("axes") or []:
        if not isinstance(axis, dict):
            axes.append(axis)
            continue
        values = []
        for position, value in enumerate(axis.get("values") or [], start=1):
            if isinstance(value, dict):
                changes = {k: v for k, v in value.items() if k != "label"}
                values.append({"label": str(value.get("label", position)), "changes": changes})
            else:
                values.append(value)
        axes.append({**axis, "values": values})
    return axes


def grid_from_dict(raw: dict[str, Any], *, folder: str = "", file: str = "网格") -> Grid:
    """Validate a grid mapping (a parsed grid file); every problem reported at once."""
    if not isinstance(raw, dict):
        raise DataError([Problem(file, "网格文件应为映射（name:, headcount:, axes: ...）")])
    known = {"name", "description", "base_scenario", "period", "time_limit", "seed", "axes",
             *SHORTHANDS}
    problems = [Problem(file, "未知字段", field=key, value=key) for key in raw if key not in known]
    for key in ("headcount", "headcount_delta", "unit_cost", "demand_scale"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, dict) or not all(
                isinstance(v, list) and v for v in value.values())):
            problems.append(Problem(file, "应为映射：编号 -> 取值列表", field=key))
    fee = raw.get("management_fee")
    if fee is not None and (not isinstance(fee, list) or not fee):
        problems.append(Problem(file, "应为取值列表，如 [0, \"6%\"]", field="management_fee"))
    if problems:
        raise DataError(problems)
    body = {k: v for k, v in raw.items() if k not in SHORTHANDS}
    body["axes"] = _shorthand_axes(raw) + _explicit_axes(raw)
    body["folder"] = folder
    try:
        grid = Grid.model_validate(body)
    except ValidationError as exc:
        from model.loaders import pydantic_problems

        raise DataError(pydantic_problems(file, exc)) from None
    for axis in grid.axes:
        for value in axis.values:
            unknown = set(value.changes) - set(MAPPING_FIELDS) - set(SEQUENCE_FIELDS)
            if unknown:
                problems.append(Problem(file, "情景中没有这些字段：" + "、".join(sorted(unknown)),
                                        field=f"axes.{axis.name}.{value.label}"))
    if problems:
        raise DataError(problems)
    return grid


def load_grid(path: Path | str) -> Grid:
    path = Path(path)
    if not path.exists():
        raise DataError([Problem(str(path), "网格文件不存在")])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError([Problem(str(path), f"YAML 格式错误：{exc}")]) from None
    return grid_from_dict(raw, folder=str(path.parent), file=str(path))


def _merge(target: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if key in MAPPING_FIELDS:
            target.setdefault(key, {}).update(value or {})
        else:
            target.setdefault(key, []).extend(value or [])


def grid_points(grid: Grid) -> list[SweepPoint]:
    """The cartesian product of the axes, first axis slowest, in a fixed order."""
    points = []
    for index, combo in enumerate(itertools.product(*(axis.values for axis in grid.axes))):
        changes: dict[str, Any] = {}
        for value in combo:
            _merge(changes, value.changes)
        labels = {axis.name: value.label for axis, value in zip(grid.axes, combo, strict=True)}
        name = "；".join(f"{axis}={label}" for axis, label in labels.items())
        points.append(SweepPoint(index=index, name=name, labels=labels, changes=changes))
    return points


# ---------------------------------------------------------------------------------------
# Solving one scenario
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SweepSettings:
    start: date = DEFAULT_PERIOD_START
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
    contract_cost: Decimal | None = Field(None, description="36个月总金额（元）")
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
    """The lines, their posts, staff and events: an independent part of the roster."""
    ids = set(line_ids)
    posts = tuple(p for p in data.posts if set(p.lines) & ids)
    post_ids = {p.id for p in posts}
    staff = tuple(m for m in data.staff if m.line_id in ids)
    staff_ids = {m.id for m in staff}
    return data.with_changes(
        lines=tuple(line for line in data.lines if line.id in ids), posts=posts, staff=staff,
        cover_rules=tuple(r for r in data.cover_rules if r.post_id in post_ids),
        absences=tuple(a for a in data.absences if a.staff_id in staff_ids),
        requests=tuple(r for r in data.requests if r.staff_id in staff_ids),
        pins=tuple(p for p in data.pins if p.staff_id in staff_ids),
        tails=tuple(t for t in data.tails if t.staff_id in staff_ids))


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
        built.model.Minimize(goal)
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
    """Attachment 28: each uncovered required shift is a failed task (15 points) of the line
    that owns the post (its first line); the deduction follows from each line's score and
    monthly fee, over the solved period."""
    failed: dict[str, int] = {}
    for _day, post_id, _shift, missing in gaps_raw:
        lines = data.post_by_id[post_id].lines
        if lines:
            failed[lines[0]] = failed.get(lines[0], 0) + missing
    total = Decimal(0)
    for line_id, count in failed.items():
        line = data.line_by_id[line_id]
        total += assessment_deduction(predicted_score(count), line.monthly_fee)
    return total


def solve_point(base: DataSet, point: SweepPoint, settings: SweepSettings) -> SweepRow:
    """One row of the table; any failure is reported in the row, never raised."""
    started = time.monotonic()
    try:
        data = scenario_data(base, point, settings)
        monthly = sum((line.monthly_fee for line in data.lines), Decimal(0))
        row = SweepRow(index=point.index, name=point.name, labels=point.labels,
                       headcount=sum(line.headcount for line in data.lines),
                       monthly_cost=monthly, contract_cost=monthly * CONTRACT_MONTHS,
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


# ---------------------------------------------------------------------------------------
# Executors
# ---------------------------------------------------------------------------------------

#: on_row(done, total, row)
RowFn = Callable[[int, int, SweepRow], None]


class SweepResult(Frozen):
    grid_name: str
    rows: tuple[SweepRow, ...]
    executor: str
    workers: int
    start: date
    weeks: int
    time_limit: float
    seed: int
    wall_time_s: float

    def frontier(self) -> tuple[int, ...]:
        """Indices of the rows on the cost/gaps trade-off frontier (no other row has fewer
        or equal gaps at lower or equal monthly cost, one of them strictly)."""
        solved = [r for r in self.rows if r.ok and r.gaps is not None
                  and r.monthly_cost is not None]
        out = []
        for row in solved:
            dominated = any(
                o.gaps <= row.gaps and o.monthly_cost <= row.monthly_cost  # type: ignore[operator]
                and (o.gaps < row.gaps or o.monthly_cost < row.monthly_cost)  # type: ignore[operator]
                for o in solved)
            if not dominated:
                out.append(row.index)
        return tuple(out)


_WORKER_BASE: DataSet | None = None


def _init_worker(base: DataSet) -> None:
    global _WORKER_BASE
    _WORKER_BASE = base


def _solve_in_worker(point: SweepPoint, settings: SweepSettings) -> SweepRow:
    assert _WORKER_BASE is not None
    return solve_point(_WORKER_BASE, point, settings)


def _error_row(point: SweepPoint, exc: BaseException) -> SweepRow:
    return SweepRow(index=point.index, name=point.name, labels=point.labels, status=ERROR,
                    error=f"{type(exc).__name__}: {exc}")


def _run_inline(base: DataSet, points: list[SweepPoint], settings: SweepSettings,
                on_row: RowFn | None) -> list[SweepRow]:
    rows = []
    for point in points:
        rows.append(solve_point(base, point, settings))
        if on_row is not None:
            on_row(len(rows), len(points), rows[-1])
    return rows


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _neutral_main() -> Iterator[None]:
    """While workers are spawned, hide the running `__main__` from multiprocessing.

    A spawned worker re-runs the parent's main script unless that script has neither a file
    nor a module spec. The main script may be anything (a Streamlit page, an AppTest script,
    a notebook, a bench script without a main guard): running it again in every worker would
    be wrong or crash the pool. The workers need nothing from it: `_solve_in_worker` and its
    arguments live in importable modules."""
    with _MAIN_LOCK:
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if saved is not None:
                sys.modules["__main__"] = saved


def _run_process(base: DataSet, points: list[SweepPoint], settings: SweepSettings,
                 workers: int, on_row: RowFn | None) -> list[SweepRow]:
    rows: list[SweepRow] = []
    # spawn, not fork: the parent may hold solver or server threads (Streamlit, a roster
    # solve of the app); workers start clean and import only what they need
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker, initargs=(base,)) as pool:
        with _neutral_main():  # every worker is started by one of these submits
            futures = {pool.submit(_solve_in_worker, point, settings): point
                       for point in points}
        for future in as_completed(futures):
            try:
                row = future.result()
            except Exception as exc:  # e.g. a worker process killed
                row = _error_row(futures[future], exc)
            rows.append(row)
            if on_row is not None:
                on_row(len(rows), len(points), row)
    return rows


def ray_available() -> tuple[bool, str]:
    try:
        import ray  # noqa: F401
    except Exception as exc:  # ImportError, or a broken install
        return False, f"无法导入 ray：{exc}（pip install 'hospital-roster[ray]'）"
    return True, ""


def _run_ray(base: DataSet, points: list[SweepPoint], settings: SweepSettings, workers: int,
             address: str | None, on_row: RowFn | None) -> list[SweepRow]:
    import ray

    started_here = False
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
        started_here = True
    try:
        remote = ray.remote(num_cpus=1, max_retries=0)(solve_point)
        base_ref = ray.put(base)
        by_ref = {remote.remote(base_ref, point, settings): point for point in points}
        pending = list(by_ref)
        rows: list[SweepRow] = []
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                try:
                    row = ray.get(ref)
                except Exception as exc:  # a task or worker failure
                    row = _error_row(by_ref[ref], exc)
                rows.append(row)
                if on_row is not None:
                    on_row(len(rows), len(points), row)
        return rows
    finally:
        if started_here:
            ray.shutdown()


def effective_settings(grid: Grid, base_scenario_period: Any = None,
                       time_limit: float | None = None) -> SweepSettings:
    period = grid.period or base_scenario_period
    return SweepSettings(
        start=period.start if period else DEFAULT_PERIOD_START,
        weeks=period.weeks if period else DEFAULT_PERIOD_WEEKS,
        time_limit=time_limit or grid.time_limit or DEFAULT_TIME_LIMIT, seed=grid.seed)


def sweep_base(data: DataSet, grid: Grid) -> tuple[DataSet, Any]:
    """The data every point starts from: `data` with the grid's base scenario, if any, and
    that scenario's period."""
    if not grid.base_scenario:
        return data, None
    from model.scenario import apply_scenario, load_scenario

    path = Path(grid.folder or ".") / grid.base_scenario
    scenario = load_scenario(path, data)
    return apply_scenario(data, scenario, file=str(path)), scenario.period


def run_sweep(data: DataSet, grid: Grid, *, executor: str = "process", workers: int = 2,
              address: str | None = None, time_limit: float | None = None,
              on_row: RowFn | None = None) -> SweepResult:
    """Solve every grid point; rows in grid order whichever executor ran them."""
    if executor not in EXECUTORS:
        raise ValueError(f"未知执行方式 {executor!r}（可选：{'、'.join(EXECUTORS)}）")
    started = time.monotonic()
    base, period = sweep_base(data, grid)
    settings = effective_settings(grid, period, time_limit)
    points = grid_points(grid)
    if executor == "inline":
        rows = _run_inline(base, points, settings, on_row)
    elif executor == "process":
        rows = _run_process(base, points, settings, max(1, workers), on_row)
    else:
        rows = _run_ray(base, points, settings, max(1, workers), address, on_row)
    rows.sort(key=lambda r: r.index)
    return SweepResult(grid_name=grid.name, rows=tuple(rows), executor=executor,
                       workers=workers, start=settings.start, weeks=settings.weeks,
                       time_limit=settings.time_limit, seed=settings.seed,
                       wall_time_s=round(time.monotonic() - started, 3))


# ---------------------------------------------------------------------------------------
# The table: rows, CSV, Excel with its chart, PNG chart
# ---------------------------------------------------------------------------------------

FIXED_HEADERS = ("人数", "月服务费（元）", "36个月总金额（元）", "缺口（人次）", "加班（小时）",
                 "加班费（元）", "预计考核扣款（元）", "求解状态", "目标值", "下界", "可复现",
                 "成本-缺口前沿", "说明", "用时（秒）")


def axis_names(result: SweepResult) -> list[str]:
    names: list[str] = []
    for row in result.rows:
        for name in row.labels:
            if name not in names:
                names.append(name)
    return names


def table_rows(result: SweepResult) -> tuple[list[str], list[list[Any]]]:
    """Headers (Chinese) and one list of cells per scenario, money as float yuan."""
    axes = axis_names(result)
    frontier = set(result.frontier())
    headers = ["序号", "情景", *axes, *FIXED_HEADERS]

    def money(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    body = []
    for row in result.rows:
        body.append([
            row.index + 1, row.name, *(row.labels.get(a, "") for a in axes), row.headcount,
            money(row.monthly_cost), money(row.contract_cost), row.gaps, row.overtime_hours,
            money(row.overtime_cost), money(row.deduction), row.status_label, row.objective,
            row.best_bound, "是" if row.reproducible else "否（墙钟时限）",
            "是" if row.index in frontier else "", row.error, row.wall_time_s])
    return headers, body


def sweep_csv(result: SweepResult) -> bytes:
    """UTF-8 with BOM, so that Excel opens the Chinese headers correctly."""
    import csv
    import io

    headers, body = table_rows(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for cells in body:
        writer.writerow(["" if c is None else c for c in cells])
    return buffer.getvalue().encode("utf-8-sig")


def sweep_workbook(result: SweepResult) -> bytes:
    """情景汇总 (the table with a cost/gaps scatter chart), 成本-缺口前沿 (the frontier rows,
    drawn as a line on the chart) and 说明 (how it was solved)."""
    import io

    from openpyxl import Workbook
    from openpyxl.chart import Reference, ScatterChart, Series
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    headers, body = table_rows(result)
    book = Workbook()
    sheet = book.active
    sheet.title = "情景汇总"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cells in body:
        sheet.append(cells)
    sheet.freeze_panes = "C2"
    money_columns = {"月服务费（元）", "36个月总金额（元）", "加班费（元）", "预计考核扣款（元）"}
    for col, header in enumerate(headers, start=1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = 34 if header in ("情景", "说明") else 14
        if header in money_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.number_format = '"¥"#,##0.00'
    frontier_fill = PatternFill("solid", fgColor="E2EFDA")
    front_col = headers.index("成本-缺口前沿") + 1
    for row_cells in sheet.iter_rows(min_row=2):
        if row_cells[front_col - 1].value == "是":
            for cell in row_cells:
                cell.fill = frontier_fill
    n = len(body)
    front_rows = sorted((r for r in result.rows if r.index in set(result.frontier())),
                        key=lambda r: (r.gaps, r.monthly_cost))
    front = book.create_sheet("成本-缺口前沿")
    front.append(["缺口（人次）", "月服务费（元）", "序号", "情景"])
    for cell in front[1]:
        cell.font = Font(bold=True)
    for r in front_rows:
        front.append([r.gaps, float(r.monthly_cost or 0), r.index + 1, r.name])
    front.column_dimensions["D"].width = 60
    for (cell,) in front.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = '"¥"#,##0.00'
    if n:
        chart = ScatterChart()
        chart.title = "月服务费与缺口（成本-缺口权衡）"
        chart.style = 13
        chart.x_axis.title = "缺口（人次）"
        chart.y_axis.title = "月服务费（元）"
        gaps_col = headers.index("缺口（人次）") + 1
        cost_col = headers.index("月服务费（元）") + 1
        points = Series(Reference(sheet, min_col=cost_col, min_row=2, max_row=n + 1),
                        Reference(sheet, min_col=gaps_col, min_row=2, max_row=n + 1),
                        title="情景")
        points.marker.symbol = "circle"
        points.marker.size = 8
        points.marker.graphicalProperties.solidFill = "8EA9DB"
        points.marker.graphicalProperties.line.solidFill = "4472C4"
        points.graphicalProperties.line.noFill = True
        chart.series.append(points)
        if front_rows:
            last = len(front_rows) + 1
            line = Series(Reference(front, min_col=2, min_row=2, max_row=last),
                          Reference(front, min_col=1, min_row=2, max_row=last), title="前沿")
            line.marker.symbol = "diamond"
            line.marker.size = 9
            line.marker.graphicalProperties.solidFill = "C00000"
            line.graphicalProperties.line.solidFill = "C00000"
            chart.series.append(line)
        most = max((r.gaps or 0 for r in result.rows), default=0)
        chart.x_axis.majorUnit = max(1, math.ceil(most / 10))
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.width, chart.height = 18, 10
        sheet.add_chart(chart, f"B{n + 4}")
    notes = book.create_sheet("说明")
    for line in (
        ("网格", result.grid_name),
        ("排班期", f"{result.start} 起 {result.weeks} 周"),
        ("每个情景的确定性时限", f"{result.time_limit:g}（CP-SAT 工作量单位，约合秒）"),
        ("随机种子", result.seed),
        ("执行方式", f"{result.executor}，{result.workers} 个进程/CPU"),
        ("总用时（秒）", result.wall_time_s),
        ("缺口", "未覆盖的最低在岗需求（人次），每人次按附件28计一次未完成任务（扣15分）"),
        ("预计考核扣款", "按各项目的得分与月服务费计算（附件28），计入求解期内的缺口"),
        ("成本-缺口前沿", "没有其他情景能以不高于它的月服务费做到不多于它的缺口"),
        ("可复现", "每个情景单线程、固定种子、确定性时限求解：任何执行方式结果相同；"
                   "“否”表示被墙钟保护时限截断"),
    ):
        notes.append(list(line))
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei",
             "Microsoft YaHei", "PingFang SC")


def frontier_png(result: SweepResult) -> bytes:
    """Scatter of monthly cost against gaps, the frontier joined by a line (matplotlib)."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    installed = {font.name for font in font_manager.fontManager.ttflist}
    cjk = [name for name in CJK_FONTS if name in installed]
    rc = {"font.sans-serif": [*cjk, "DejaVu Sans"], "axes.unicode_minus": False}
    labels = (("缺口（人次）", "月服务费（元）", "情景", "前沿", "成本与缺口的权衡")
              if cjk else ("gaps (person-shifts)", "monthly fee (yuan)", "scenarios",
                           "frontier", "cost vs gaps"))
    solved = [r for r in result.rows if r.ok and r.gaps is not None]
    front = sorted((r for r in solved if r.index in set(result.frontier())),
                   key=lambda r: (r.gaps, r.monthly_cost))
    with plt.rc_context(rc):
        fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
        ax.scatter([r.gaps for r in solved], [float(r.monthly_cost or 0) for r in solved],
                   color="#8EA9DB", label=labels[2], zorder=2)
        if front:
            ax.plot([r.gaps for r in front], [float(r.monthly_cost or 0) for r in front],
                    color="#C00000", marker="o", label=labels[3], zorder=3)
            for r in front:
                ax.annotate(str(r.index + 1), (r.gaps, float(r.monthly_cost or 0)),
                            textcoords="offset points", xytext=(4, 4), fontsize=8)
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"¥{v:,.0f}"))
        most = max((r.gaps or 0 for r in solved), default=0)
        ax.set_xlim(-0.5, most + 0.5)
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.set_title(f"{result.grid_name}：{labels[4]}" if cjk else labels[4])
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
    return buffer.getvalue()
