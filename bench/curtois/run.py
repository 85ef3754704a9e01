"""The Curtois-Qu benchmark run: solve, write, evaluate each instance; rows and JSON summary.

`roster bench curtois` (ui/cli/bench.py) reads the Curtois-Qu instances (data/benchmarks/curtois)
into the project's model, solves each with `solve_roster` (the same `build_model` as the
hospital), writes the benchmark solution file, scores it with the independent evaluator
(bench/curtois/evaluate.py, written from FORMAT.md alone) and stops loudly if that score differs
from the solver's objective or finds a hard breach.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import resource
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "bench" / "results" / "curtois"
#: General engine settings used here (SolveOptions; measured in bench/README.md): from 150
#: days on the first roster is built person by person, and above 200 000 cells the full model
#: only scores the roster improved by person blocks.
CONSTRUCT_FROM_DAYS = 150
MAX_SEARCH_CELLS = 200_000


class Echo(Protocol):
    """Prints one line of output (stdout, or stderr with err=True), like typer.echo."""

    def __call__(self, message: str, *, err: bool = False) -> None: ...


@dataclass
class BenchRow:
    """One instance's result (the JSON summary holds these)."""

    instance: str
    staff: int
    days: int
    shift_types: int
    status: str
    objective: int | None = None
    evaluated: int | None = None
    parts: dict[str, int] = field(default_factory=dict)
    breaches: dict[str, int] = field(default_factory=dict)
    best_upper: int | None = None
    best_lower: int | None = None
    gap_percent: float | None = None
    lower_bound: float | None = None
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


def _commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=5, check=False)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--",
                                "model", "solver", "ui", "bench/curtois"],
                               capture_output=True, text=True,
                               timeout=5, check=False)
        return out.stdout.strip() + ("+本地修改" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "未知"


def machine() -> dict[str, object]:
    """The machine, the OR-Tools version and the commit, for the JSON summary."""
    import ortools

    version = ortools.__version__  # type: ignore[attr-defined]  # the package has no stubs for it
    return {"platform": platform.platform(), "python": platform.python_version(),
            "ortools": version, "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()], "commit": _commit()}


class ScoreMismatch(RuntimeError):
    """The evaluator disagrees with the solver, or finds a hard breach: never a silent result."""


def run_instance(number: int, folder: Path, out: Path | None, time_limit: float,
                 workers: int, bounds: dict[str, tuple[int, int]],
                 progress: Callable[[float, float, float], None] | None = None) -> BenchRow:
    """Load, solve, write, evaluate one instance; raises ScoreMismatch on any disagreement."""
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
                           max_search_cells=MAX_SEARCH_CELLS)
    result = solve_roster(inst.data, inst.start, inst.horizon, options)
    wall = time.monotonic() - started
    upper, lower = bounds.get(inst.name, (None, None))
    stats = result.stats
    row = BenchRow(instance=inst.name, staff=len(inst.staff_ids), days=inst.horizon,
                   shift_types=len(inst.shift_ids), status=result.status.value,
                   best_upper=upper, best_lower=lower, lower_bound=result.best_bound,
                   first_solution_s=stats.time_to_first_solution_s if stats else None,
                   wall_s=round(wall, 2),
                   load_and_check_s=round(wall - (stats.wall_time_s if stats else 0), 2),
                   build_s=round(stats.build_s, 2) if stats else 0.0,
                   search_s=round(stats.search_s, 2) if stats else 0.0,
                   explain_s=round(stats.explain_s, 2) if stats else 0.0,
                   margin_s=stats.margin_s or 0.0 if stats else 0.0,
                   stages=list(stats.stages) if stats else [],
                   load_before=round(load_before, 2))
    if result.status.has_roster:
        grid = roster_grid(inst, result.assignments)
        text = solution_text(inst, grid)
        if out is not None:
            target = out / f"{inst.name}.sol.txt"
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


HEADER = ("算例", "人数", "天数", "班次", "目标值", "评估值", "已知上界", "已知下界", "差距%",
          "本次下界", "首解s", "建模s", "搜索s", "检查s", "用时s", "状态")
WIDTHS = (11, 4, 4, 4, 8, 8, 8, 8, 8, 8, 7, 6, 6, 6, 7, 11)


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def format_row(row: BenchRow) -> str:
    values = (row.instance, row.staff, row.days, row.shift_types, row.objective, row.evaluated,
              row.best_upper, row.best_lower, row.gap_percent,
              None if row.lower_bound is None else round(row.lower_bound),
              row.first_solution_s, row.build_s, row.search_s, row.explain_s, row.wall_s,
              row.status)
    return " ".join(_cell(v).rjust(w) for v, w in zip(values, WIDTHS, strict=True))


def header() -> str:
    return " ".join(h.rjust(w - sum(1 for ch in h if ord(ch) > 127)) for h, w in
                    zip(HEADER, WIDTHS, strict=True))


def write_json(path: Path, summary: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")


def run_benchmark(numbers: list[int], *, instances: str, time_limit: float, workers: int,
                  out: Path | None, json_out: Path | None, data_dir: Path | None, quiet: bool,
                  echo: Echo) -> dict[str, object]:
    """Solve the chosen instances one by one, one row printed as each finishes, the JSON
    summary rewritten after each; a DataError propagates, a ScoreMismatch is recorded in the
    summary (written) and re-raised."""
    from bench.curtois.instance import BENCH_DIR

    folder = data_dir or BENCH_DIR
    bounds = best_known(folder)
    summary: dict[str, object] = {
        "benchmark": "Curtois-Qu shift scheduling instances (data/benchmarks/curtois)",
        "command": f"roster bench curtois --instances {instances} --time-limit {time_limit:g} "
                   f"--workers {workers}",
        "time_limit_s": time_limit, "workers": workers, "machine": machine(), "rows": []}
    rows: list[dict[str, object]] = []
    summary["rows"] = rows
    echo(f"Curtois-Qu 基准：{len(numbers)} 个算例，每个时限 {time_limit:g} 秒，"
         f"{workers} 线程；机器 {os.cpu_count()} 核，负载 {os.getloadavg()[0]:.2f}", err=True)
    echo(header())
    for position, number in enumerate(numbers, 1):
        echo(f"[{position}/{len(numbers)}] Instance{number} 求解中…", err=True)
        progress = None if quiet else progress_printer(time.monotonic(), echo)
        try:
            row = run_instance(number, folder, out, time_limit, workers, bounds, progress)
        except ScoreMismatch as exc:
            summary["error"] = str(exc)
            if json_out is not None:
                write_json(json_out, summary)
            raise
        rows.append(asdict(row))
        echo(format_row(row))
        if json_out is not None:
            write_json(json_out, summary)
    summary["machine_after"] = {"load_average": [round(x, 2) for x in os.getloadavg()],
                                "peak_rss_mb": round(peak_rss_mb(), 1)}
    if json_out is not None:
        write_json(json_out, summary)
        echo(f"已写入 JSON：{json_out}", err=True)
    if out is not None:
        echo(f"解文件目录：{out}", err=True)
    return summary


def progress_printer(started: float, echo: Echo) -> Callable[[float, float, float], None]:
    """The solver's progress on stderr, at most once a second."""
    last = [0.0]

    def show(objective: float, bound: float, elapsed: float) -> None:
        now = time.monotonic()
        if now - last[0] < 1.0:
            return
        last[0] = now
        echo(f"  [{now - started:7.1f}s] 当前最优 {objective:,.0f}   下界 {bound:,.0f}",
             err=True)
    return show
