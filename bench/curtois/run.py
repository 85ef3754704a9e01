"""`roster bench ...`: public benchmarks solved by the hospital's own engine.

`roster bench curtois` reads the Curtois-Qu instances (data/benchmarks/curtois) into the
project's model, solves each with `solve_roster` (the same `build_model` as the hospital),
writes the benchmark solution file, scores it with the independent evaluator
(model/curtois_eval.py, written from FORMAT.md alone) and stops loudly if that score differs
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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from model.errors import DataError

bench_app = typer.Typer(add_completion=False, no_args_is_help=True,
                        help="公开基准测试：用医院排班引擎求解公开算例并与已知最优比较")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "bench" / "results" / "curtois"
#: General engine settings used here (SolveOptions; measured in bench/README.md): from 150
#: days on the first roster is built person by person, and above 200 000 cells the full model
#: only scores the roster improved by person blocks.
CONSTRUCT_FROM_DAYS = 150
MAX_SEARCH_CELLS = 200_000


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
    #: loading the file and the checker's recomputation (outside solve_roster's own timing)
    load_and_check_s: float = 0.0
    stages: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    load_before: float = 0.0
    load_after: float = 0.0
    solution: str | None = None


def parse_instances(text: str) -> list[int]:
    """'1-24', '1,3,5-7' -> instance numbers (1..24)."""
    numbers: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        low, sep, high = part.partition("-")
        try:
            first, last = int(low), int(high) if sep else int(low)
        except ValueError:
            raise typer.BadParameter(f"算例编号应为 1-24 的列表或区间，得到 {part!r}") from None
        if not 1 <= first <= last <= 24:
            raise typer.BadParameter(f"算例编号应在 1-24 之间，得到 {part!r}")
        numbers += [n for n in range(first, last + 1) if n not in numbers]
    if not numbers:
        raise typer.BadParameter("没有选择任何算例")
    return numbers


def best_known(folder: Path) -> dict[str, tuple[int, int]]:
    """instance name -> (best upper bound, best lower bound) from best_known.csv."""
    path = folder / "best_known.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["instance"]: (int(row["best_upper_bound"]), int(row["best_lower_bound"]))
                for row in csv.DictReader(handle)}


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=5, check=False)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--",
                                "model", "solver", "ui"], capture_output=True, text=True,
                               timeout=5, check=False)
        return out.stdout.strip() + ("+本地修改" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "未知"


def machine() -> dict[str, object]:
    import ortools

    return {"platform": platform.platform(), "python": platform.python_version(),
            "ortools": ortools.__version__, "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()], "commit": _commit()}


class ScoreMismatch(RuntimeError):
    """The evaluator disagrees with the solver, or finds a hard breach: never a silent result."""


def run_instance(number: int, folder: Path, out: Path | None, time_limit: float,
                 workers: int, bounds: dict[str, tuple[int, int]],
                 progress=None) -> BenchRow:
    """Load, solve, write, evaluate one instance; raises ScoreMismatch on any disagreement."""
    from model.curtois import instance_path, load_instance, roster_grid, solution_text
    from model.curtois_eval import evaluate, parse_solution, read_instance
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
        if not report.feasible or report.penalty != result.objective or checker != report.penalty:
            row.load_after = round(os.getloadavg()[0], 2)
            raise ScoreMismatch(
                f"{inst.name}：评估器 {report.penalty}（{report.parts}），求解器目标 "
                f"{result.objective}，检查器 {checker}，硬约束违反 {report.breach_counts()}")
    row.peak_rss_mb = round(_peak_rss_mb(), 1)
    row.load_after = round(os.getloadavg()[0], 2)
    return row


HEADER = ("算例", "人数", "天数", "班次", "目标值", "评估值", "已知上界", "已知下界", "差距%",
          "本次下界", "首解s", "用时s", "状态")


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
              row.first_solution_s, row.wall_s, row.status)
    widths = (11, 4, 4, 4, 8, 8, 8, 8, 8, 8, 7, 7, 9)
    return " ".join(_cell(v).rjust(w) for v, w in zip(values, widths, strict=True))


def _header() -> str:
    widths = (11, 4, 4, 4, 8, 8, 8, 8, 8, 8, 7, 7, 9)
    return " ".join(h.rjust(w - sum(1 for ch in h if ord(ch) > 127)) for h, w in
                    zip(HEADER, widths, strict=True))


def _write_json(path: Path, summary: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")


@bench_app.command("curtois")
def curtois(
    instances: Annotated[str, typer.Option("--instances", help="算例编号，如 1-24 或 1,3,5-8")]
    = "1-24",
    time_limit: Annotated[float, typer.Option("--time-limit", help="每个算例的求解时限（秒）")]
    = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="CP-SAT 并行线程数")] = 2,
    out: Annotated[Path | None, typer.Option(
        "--out", help="解文件目录（每个算例一个 InstanceN.sol.txt）")] = DEFAULT_OUT,
    json_out: Annotated[Path | None, typer.Option("--json", help="JSON 汇总文件")] = None,
    data_dir: Annotated[Path | None, typer.Option(
        "--data", help="算例目录（默认 data/benchmarks/curtois）")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="不显示求解过程")] = False,
) -> None:
    """Curtois-Qu 排班基准（Instance1-24）：逐个求解，每完成一个输出一行，写出解文件和 JSON 汇总；
    独立评估器的得分与求解器目标值不一致时立即报错退出。"""
    from model.curtois import BENCH_DIR

    folder = data_dir or BENCH_DIR
    numbers = parse_instances(instances)
    bounds = best_known(folder)
    summary: dict[str, object] = {
        "benchmark": "Curtois-Qu shift scheduling instances (data/benchmarks/curtois)",
        "command": f"roster bench curtois --instances {instances} --time-limit {time_limit:g} "
                   f"--workers {workers}",
        "time_limit_s": time_limit, "workers": workers, "machine": machine(), "rows": []}
    rows: list[dict] = summary["rows"]  # type: ignore[assignment]
    typer.echo(f"Curtois-Qu 基准：{len(numbers)} 个算例，每个时限 {time_limit:g} 秒，"
               f"{workers} 线程；机器 {os.cpu_count()} 核，负载 {os.getloadavg()[0]:.2f}", err=True)
    typer.echo(_header())
    for position, number in enumerate(numbers, 1):
        typer.echo(f"[{position}/{len(numbers)}] Instance{number} 求解中…", err=True)
        progress = None if quiet else _progress(time.monotonic())
        try:
            row = run_instance(number, folder, out, time_limit, workers, bounds, progress)
        except DataError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from exc
        except ScoreMismatch as exc:
            typer.echo(f"错误：评估器与求解器不一致或存在硬约束违反 —— {exc}", err=True)
            summary["error"] = str(exc)
            if json_out is not None:
                _write_json(json_out, summary)
            raise typer.Exit(1) from exc
        rows.append(asdict(row))
        typer.echo(format_row(row))
        if json_out is not None:
            _write_json(json_out, summary)
    summary["machine_after"] = {"load_average": [round(x, 2) for x in os.getloadavg()],
                                "peak_rss_mb": round(_peak_rss_mb(), 1)}
    if json_out is not None:
        _write_json(json_out, summary)
        typer.echo(f"已写入 JSON：{json_out}", err=True)
    if out is not None:
        typer.echo(f"解文件目录：{out}", err=True)


def _progress(started: float):
    last = [0.0]

    def show(objective: float, bound: float, elapsed: float) -> None:
        now = time.monotonic()
        if now - last[0] < 1.0:
            return
        last[0] = now
        typer.echo(f"  [{now - started:7.1f}s] 当前最优 {objective:,.0f}   下界 {bound:,.0f}",
                   err=True)
    return show
