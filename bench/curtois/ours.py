"""One engine run of a Curtois-Qu instance: solve with a seed, write, evaluate (a BenchRow).

The instance is read into the project's model (bench/curtois/instance.py), solved by
`solve_roster` (the same `build_model` as the hospital), written as the benchmark solution file
and scored by the independent evaluator (bench/curtois/evaluate.py); a score that differs from
the solver's objective or a hard breach raises ScoreMismatch.
"""

from __future__ import annotations

import csv
import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "bench" / "results" / "curtois"
#: General engine settings used here (SolveOptions; measured in bench/README.md): from 150
#: days on the first roster is built person by person, and above 200 000 cells the full model
#: only scores the roster improved by person blocks.
CONSTRUCT_FROM_DAYS = 150
MAX_SEARCH_CELLS = 200_000


@dataclass
class BenchRow:
    """One engine run of an instance (the JSON summary's `runs` hold these)."""

    instance: str
    staff: int
    days: int
    shift_types: int
    status: str
    seed: int = 0
    objective: int | None = None
    evaluated: int | None = None
    parts: dict[str, int] = field(default_factory=dict)
    breaches: dict[str, int] = field(default_factory=dict)
    best_upper: int | None = None
    best_lower: int | None = None
    gap_percent: float | None = None
    lower_bound: float | None = None
    #: the engine path (SolveStats.path) and the column generation's LP bound, where it ran
    path: str = "cp-sat"
    lp_bound: float | None = None
    first_solution_s: float | None = None
    wall_s: float = 0.0
    #: solve_roster's own parts: model building, search, checker and explanations after it
    build_s: float = 0.0
    search_s: float = 0.0
    explain_s: float = 0.0
    #: the solve's promise: it returns within time limit + margin
    margin_s: float = 0.0
    #: loading the file and the checker's recomputation (outside solve_roster's own timing)
    load_and_check_s: float = 0.0
    stages: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    load_before: float = 0.0
    load_after: float = 0.0
    solution: str | None = None


def best_known(folder: Path) -> dict[str, tuple[int, int]]:
    """instance name -> (best upper bound, best lower bound) from best_known.csv."""
    path = folder / "best_known.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["instance"]: (int(row["best_upper_bound"]), int(row["best_lower_bound"]))
                for row in csv.DictReader(handle)}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class ScoreMismatch(RuntimeError):
    """The evaluator disagrees with the solver, or finds a hard breach: never a silent result."""


def run_instance(number: int, folder: Path, out: Path | None, time_limit: float,
                 workers: int, bounds: dict[str, tuple[int, int]],
                 progress: Callable[[float, float, float], None] | None = None,
                 seed: int = 0) -> BenchRow:
    """Load, solve (CP-SAT's random seed `seed`), write InstanceN.seedS.sol.txt, evaluate one
    instance; raises ScoreMismatch on any disagreement."""
    from bench.curtois.evaluate import evaluate, parse_solution, read_instance
    from bench.curtois.instance import instance_path, load_instance
    from bench.curtois.solution import roster_grid, solution_text
    from model.roster import SolveStatus
    from solver.solve import SolveOptions, solve_roster

    load_before = os.getloadavg()[0]
    started = time.monotonic()
    path = instance_path(number, folder)
    inst = load_instance(path)
    options = SolveOptions(time_limit_s=time_limit, workers=workers, on_progress=progress,
                           construct_from_days=CONSTRUCT_FROM_DAYS,
                           max_search_cells=MAX_SEARCH_CELLS, seed=seed)
    result = solve_roster(inst.data, inst.start, inst.horizon, options)
    wall = time.monotonic() - started
    upper, lower = bounds.get(inst.name, (None, None))
    stats = result.stats
    row = BenchRow(instance=inst.name, staff=len(inst.staff_ids), days=inst.horizon,
                   shift_types=len(inst.shift_ids), status=result.status.value, seed=seed,
                   best_upper=upper, best_lower=lower, lower_bound=result.best_bound,
                   first_solution_s=stats.time_to_first_solution_s if stats else None,
                   wall_s=round(wall, 2),
                   load_and_check_s=round(wall - (stats.wall_time_s if stats else 0), 2),
                   build_s=round(stats.build_s, 2) if stats else 0.0,
                   search_s=round(stats.search_s, 2) if stats else 0.0,
                   explain_s=round(stats.explain_s, 2) if stats else 0.0,
                   margin_s=stats.margin_s or 0.0 if stats else 0.0,
                   stages=list(stats.stages) if stats else [],
                   path=stats.path if stats else "cp-sat",
                   lp_bound=stats.lp_bound if stats else None,
                   load_before=round(load_before, 2))
    if result.status.has_roster:
        grid = roster_grid(inst, result.assignments)
        text = solution_text(inst, grid)
        if out is not None:
            target = out / f"{inst.name}.seed{seed}.sol.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="ascii")
            row.solution = str(target)
        report = evaluate(read_instance(path), parse_solution(text))
        row.objective = result.objective
        row.evaluated = report.penalty
        row.parts = dict(report.parts)
        row.breaches = report.breach_counts()
        checker = sum(p.cost for p in result.penalties)
        if upper:
            row.gap_percent = round(100 * (report.penalty - upper) / upper, 2)
        # a quickly constructed roster (no roster found in time) may break hard rules: the
        # evaluator must then agree with the checker on it, and the row says so
        constructed = result.status is SolveStatus.CONSTRUCTED
        if (not report.feasible and not constructed) or report.penalty != result.objective \
                or checker != report.penalty:
            row.load_after = round(os.getloadavg()[0], 2)
            raise ScoreMismatch(
                f"{inst.name}：评估器 {report.penalty}（{report.parts}），求解器目标 "
                f"{result.objective}，检查器 {checker}，硬约束违反 {report.breach_counts()}")
    row.peak_rss_mb = round(peak_rss_mb(), 1)
    row.load_after = round(os.getloadavg()[0], 2)
    return row


