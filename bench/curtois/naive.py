"""The naive baseline: the plain CP-SAT model of FORMAT.md, built straight from the instance file.

One boolean per employee, day and shift type, at most one shift a day, the hard rules H2-H9 of
FORMAT.md section 4 written as its linear rules, the soft objective of section 5 with integer
under/over slacks per cover line; CP-SAT's default search with a time limit, workers and a
random seed. It reads the instance with the independent evaluator's reader and shares no code
with the project's model (bench/curtois/instance.py, solver/): it is what the engine is
measured against. The roster is written as a benchmark solution file and scored by the
evaluator (bench/curtois/evaluate.py), like the engine's.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ortools.sat.python import cp_model

from bench.curtois.evaluate import OFF, Employee, Instance, evaluate, parse_solution, read_instance
from bench.curtois.ours import ScoreMismatch, peak_rss_mb

#: CP-SAT status name -> the benchmark's status code (the JSON keeps these)
STATUS = {"OPTIMAL": "OPTIMAL", "FEASIBLE": "FEASIBLE", "INFEASIBLE": "INFEASIBLE",
          "MODEL_INVALID": "MODEL_INVALID", "UNKNOWN": "UNKNOWN"}


@dataclass
class NaiveModel:
    """The CP-SAT model, its cell variables x[(employee, day, shift)] and the objective."""

    model: cp_model.CpModel
    x: dict[tuple[str, int, str], cp_model.IntVar]
    objective: cp_model.LinearExprT


@dataclass
class NaiveResult:
    """One solve of the naive model: status code, objective, bound and the roster grid."""

    status: str
    objective: int | None
    bound: float | None
    grid: dict[str, list[str | None]] | None
    build_s: float
    search_s: float
    first_solution_s: float | None = None


@dataclass
class NaiveRun:
    """One naive run of a benchmark instance, scored by the evaluator (the JSON holds these)."""

    instance: str
    seed: int
    status: str
    objective: int | None = None
    evaluated: int | None = None
    parts: dict[str, int] = field(default_factory=dict)
    breaches: dict[str, int] = field(default_factory=dict)
    lower_bound: float | None = None
    first_solution_s: float | None = None
    build_s: float = 0.0
    search_s: float = 0.0
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    load_before: float = 0.0
    load_after: float = 0.0
    solution: str | None = None


def _work(x: dict[tuple[str, int, str], cp_model.IntVar], e: str, d: int,
          shifts: list[str]) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.sum([x[(e, d, s)] for s in shifts])


def _employee_rules(m: cp_model.CpModel, inst: Instance, e: Employee,
                    x: dict[tuple[str, int, str], cp_model.IntVar]) -> None:
    """H1-H9 for one employee, each as FORMAT.md section 4 writes it."""
    h, shifts = inst.horizon, list(inst.lengths)
    work = [_work(x, e.id, d, shifts) for d in range(h)]
    for d in range(h):  # H1
        m.add(work[d] <= 1)
    for d in range(h - 1):  # H2
        for s in shifts:
            for t in inst.cannot_follow.get(s, []):
                m.add(x[(e.id, d, s)] + x[(e.id, d + 1, t)] <= 1)
    for s in shifts:  # H3 (a type missing from MaxShifts is unlimited)
        if s in e.max_shifts:
            m.add(sum(x[(e.id, d, s)] for d in range(h)) <= e.max_shifts[s])
    minutes = sum(inst.lengths[s] * x[(e.id, d, s)] for d in range(h) for s in shifts)
    m.add(minutes <= e.max_minutes)  # H4
    m.add(minutes >= e.min_minutes)
    c = e.max_run
    for d in range(h - c):  # H5
        m.add(sum(work[d:d + c + 1]) <= c)
    for length in range(1, e.min_run):  # H6: no off, L worked, off
        for d in range(h - length - 1):
            inner = cp_model.LinearExpr.sum(work[d + 1:d + length + 1])
            m.add(work[d] + (length - inner) + work[d + length + 1] >= 1)
    for length in range(1, e.min_off):  # H7: no worked, L off, worked
        for d in range(h - length - 1):
            inner = cp_model.LinearExpr.sum(work[d + 1:d + length + 1])
            m.add((1 - work[d]) + inner + (1 - work[d + length + 1]) >= 1)
    weekends = []
    for k in range(h // 7):  # H8
        kw = m.new_bool_var(f"kw_{e.id}_{k}")
        sat, sun = work[7 * k + 5], work[7 * k + 6]
        m.add(kw >= sat)
        m.add(kw >= sun)
        m.add(kw <= sat + sun)
        weekends.append(kw)
    m.add(sum(weekends) <= e.max_weekends)
    for d in inst.days_off.get(e.id, []):  # H9
        if 0 <= d < h:
            m.add(work[d] == 0)


def build_naive(inst: Instance) -> NaiveModel:
    """The plain model of FORMAT.md sections 3-5 for an instance read by the evaluator."""
    m = cp_model.CpModel()
    h, shifts = inst.horizon, list(inst.lengths)
    x = {(e.id, d, s): m.new_bool_var(f"x_{e.id}_{d}_{s}")
         for e in inst.employees for d in range(h) for s in shifts}
    for e in inst.employees:
        _employee_rules(m, inst, e, x)
    terms: list[cp_model.LinearExprT] = []
    for e_id, d, s, w in inst.on:  # an on-request is missed unless that shift is worked
        terms.append(w * (1 - x[(e_id, d, s)]))
    for e_id, d, s, w in inst.off:  # an off-request is broken if that shift is worked
        terms.append(w * x[(e_id, d, s)])
    staff = len(inst.employees)
    for d, s, r, wu, wo in inst.cover:
        under = m.new_int_var(0, max(r, 0), f"under_{d}_{s}")
        over = m.new_int_var(0, staff, f"over_{d}_{s}")
        m.add(sum(x[(e.id, d, s)] for e in inst.employees) - over + under == r)
        terms.append(wu * under + wo * over)
    objective = sum(terms)
    m.minimize(objective)
    return NaiveModel(m, x, objective)


class _FirstSolution(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.first_s: float | None = None

    def on_solution_callback(self) -> None:
        if self.first_s is None:
            self.first_s = time.monotonic() - self.started


def solve_naive(inst: Instance, *, time_limit_s: float, workers: int, seed: int) -> NaiveResult:
    """Build and solve the naive model; building counts in the time limit, as for the engine."""
    started = time.monotonic()
    built = build_naive(inst)
    build_s = time.monotonic() - started
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s - build_s)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    callback = _FirstSolution(started)
    code = solver.solve(built.model, callback)
    search_s = time.monotonic() - started - build_s
    status = STATUS[solver.status_name(code)]
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return NaiveResult(status, None, None, None, build_s, search_s, callback.first_s)
    grid: dict[str, list[str | None]] = {}
    for e in inst.employees:
        row: list[str | None] = []
        for d in range(inst.horizon):
            worked = [s for s in inst.lengths if solver.boolean_value(built.x[(e.id, d, s)])]
            row.append(worked[0] if worked else None)
        grid[e.id] = row
    return NaiveResult(status, round(solver.objective_value), solver.best_objective_bound,
                       grid, build_s, search_s, callback.first_s)


def solution_text(inst: Instance, grid: dict[str, list[str | None]]) -> str:
    """The benchmark solution format: per employee, the ID then a shift ID or '-' per day."""
    return "".join(",".join([e.id, *(code or OFF for code in grid[e.id])]) + "\n"
                   for e in inst.employees)


def run_naive(path: Path, out: Path | None, time_limit: float, workers: int,
              seed: int) -> NaiveRun:
    """Solve one instance file with the naive model, write its solution file (InstanceN.naive.
    seedS.sol.txt), score it with the evaluator (its penalty is the run's score); raises
    ScoreMismatch if the evaluator finds a hard breach, a penalty above the model's objective,
    or another penalty than a proven optimum's."""
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    inst = read_instance(path)
    name = path.stem
    result = solve_naive(inst, time_limit_s=time_limit, workers=workers, seed=seed)
    run = NaiveRun(instance=name, seed=seed, status=result.status,
                   lower_bound=result.bound, first_solution_s=_round(result.first_solution_s),
                   build_s=round(result.build_s, 2), search_s=round(result.search_s, 2),
                   load_before=round(load_before, 2))
    if result.grid is not None:
        text = solution_text(inst, result.grid)
        if out is not None:
            target = out / f"{name}.naive.seed{seed}.sol.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="ascii")
            run.solution = str(target)
        report = evaluate(inst, parse_solution(text))
        run.objective, run.evaluated = result.objective, report.penalty
        run.parts, run.breaches = dict(report.parts), report.breach_counts()
        # the cover slacks are exact only at an optimum: a roster found before it may carry
        # both an under and an over slack on one line, so its objective bounds the penalty
        # from above; the evaluator's penalty is the roster's score
        claimed, proved = result.objective, result.status == "OPTIMAL"
        if not report.feasible or claimed is None or report.penalty > claimed or (
                proved and report.penalty != claimed):
            raise ScoreMismatch(f"{name} 朴素模型：评估器 {report.penalty}（{report.parts}），"
                                f"模型目标 {result.objective}，硬约束违反 {run.breaches}")
    run.wall_s = round(time.monotonic() - started, 2)
    run.peak_rss_mb = round(peak_rss_mb(), 1)
    run.load_after = round(os.getloadavg()[0], 2)
    return run


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
