"""The Curtois-Qu benchmark run: the engine and the naive model interleaved, seed by seed.

`roster bench curtois` (ui/cli/bench.py): for each instance and each seed, the engine's run
(bench/curtois/ours.py) then the naive model's (bench/curtois/naive.py), each with the same
time limit and workers, each in its own process (bench/curtois/child.py: a run's peak memory
is its own), each roster written and scored by the independent evaluator. Per instance: the
median of the engine's penalties over the seeds, their range, the naive median, the ratio of
the medians, the LP bound, the engine path, the wall time (max over seeds) and the peak
memory; one table row printed as each instance finishes, the JSON summary rewritten after
each.
"""

from __future__ import annotations

import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from bench.curtois.ours import (
    DEFAULT_OUT,
    ROOT,
    ScoreMismatch,
    best_known,
    peak_rss_mb,
)

__all__ = ["DEFAULT_OUT", "DEFAULT_SEEDS", "ResumeError", "ScoreMismatch", "run_benchmark",
           "summarise"]

DEFAULT_SEEDS = (1, 2, 3)
#: status code (kept in the JSON) -> the table's word
STATUS_ZH = {"OPTIMAL": "最优", "FEASIBLE": "可行", "CONSTRUCTED": "快速构造", "INFEASIBLE": "无解",
             "MODEL_INVALID": "模型无效", "UNKNOWN": "未找到", "TIMEOUT": "超时", "FAILED": "失败"}
PATH_ZH = {"cp-sat": "约束规划", "colgen": "列生成"}


class Echo(Protocol):
    """Prints one line of output (stdout, or stderr with err=True), like typer.echo."""

    def __call__(self, message: str, *, err: bool = False) -> None: ...


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


def child_timeout(time_limit: float) -> float:
    """How long a child may run before it is stopped and recorded as 超时: the limit, half of
    it again (the engine's margin is 2 s + 5 %), and 300 s for loading and model building."""
    return 1.5 * time_limit + 300


def run_child(kind: str, number: int, *, folder: Path, out: Path | None, time_limit: float,
              workers: int, seed: int, bounds: dict[str, tuple[int, int]],
              quiet: bool = True, timeout_s: float | None = None) -> dict[str, object]:
    """Run the engine (kind "ours") or the naive model ("naive") on one instance in a fresh
    interpreter (bench/curtois/child.py); its row as a dict. A child that crashes or overruns
    gives a row with status FAILED or TIMEOUT and no roster; an exception in the child is
    raised here."""
    with tempfile.TemporaryDirectory(prefix="curtois-") as tmp:
        args_path, result_path = Path(tmp) / "args.pickle", Path(tmp) / "result.pickle"
        args_path.write_bytes(pickle.dumps((kind, number, folder, out, time_limit, workers,
                                            seed, bounds, quiet)))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "bench.curtois.child", str(args_path),
                                    str(result_path)], cwd=ROOT, env=env)
        timed_out = False
        try:
            process.wait(timeout_s or child_timeout(time_limit))
        except subprocess.TimeoutExpired:
            timed_out = True
            process.kill()
            process.wait()
        message = pickle.loads(result_path.read_bytes()) if result_path.exists() else None
    if message is None:
        return {"instance": f"Instance{number}", "seed": seed,
                "status": "TIMEOUT" if timed_out else "FAILED", "objective": None,
                "evaluated": None, "breaches": {},
                "wall_s": round(time.monotonic() - started, 2), "peak_rss_mb": None,
                "exit_code": process.returncode}
    tag, payload = message
    if tag == "raise":
        raise payload
    return dict(payload)


def _feasible(runs: list[dict[str, object]]) -> list[int]:
    """The evaluator's penalties of the runs whose roster has no hard breach."""
    return [int(r["evaluated"]) for r in runs  # type: ignore[call-overload]
            if r.get("evaluated") is not None and not r.get("breaches")]


def _most(runs: list[dict[str, object]], key: str) -> float | None:
    values = [float(v) for r in runs if isinstance(v := r.get(key), int | float)]
    return max(values) if values else None


def summarise(ours: list[dict[str, object]], naive: list[dict[str, object]],
              upper: int | None) -> dict[str, object]:
    """One instance's row from its runs: the engine's median run's fields (the JSON keys of a
    single run, kept), then the median, range and values over seeds of the engine and of the
    naive model (rosters with no hard breach only), the ratio of the medians, the best bounds,
    the wall time and peak memory (max over seeds), and every run."""
    values, naive_values = _feasible(ours), _feasible(naive)
    median = statistics.median(values) if values else None
    chosen = next((r for r in ours if values and r.get("evaluated") == statistics.median_low(
        values) and not r.get("breaches")), ours[0])
    row = dict(chosen)
    naive_median = statistics.median(naive_values) if naive_values else None
    ratio = None
    if median is not None and naive_median is not None:
        ratio = round(median / naive_median, 3) if naive_median else (1.0 if not median else None)
    row.update({
        "seeds": [r.get("seed") for r in ours],
        "statuses": [r.get("status") for r in ours],
        "ours_values": values, "ours_median": median,
        "ours_min": min(values) if values else None, "ours_max": max(values) if values else None,
        "naive_values": naive_values, "naive_median": naive_median,
        "naive_min": min(naive_values) if naive_values else None,
        "naive_max": max(naive_values) if naive_values else None,
        "naive_statuses": [r.get("status") for r in naive],
        "ratio": ratio,
        "gap_percent": round(100 * (median - upper) / upper, 2) if upper and median is not None
        else None,
        "lower_bound": _most(ours, "lower_bound"), "lp_bound": _most(ours, "lp_bound"),
        "path": chosen.get("path"),
        "wall_s": _most(ours, "wall_s") or 0.0, "naive_wall_s": _most(naive, "wall_s"),
        "peak_rss_mb": _most(ours, "peak_rss_mb"),
        "naive_peak_rss_mb": _most(naive, "peak_rss_mb"),
        "runs": ours, "naive_runs": naive})
    return row


HEADER = ("算例", "人数", "天数", "班次", "本引擎中位", "范围", "朴素中位", "比值", "已知上界",
          "差距%", "LP下界", "本次下界", "路径", "用时s", "峰值MB", "状态", "朴素状态")
WIDTHS = (11, 4, 4, 4, 10, 15, 10, 6, 8, 8, 8, 8, 8, 7, 7, 12, 10)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _statuses(codes: object) -> str:
    words = [STATUS_ZH.get(str(c), "其他") for c in codes] if isinstance(codes, list) else []
    return "/".join(dict.fromkeys(words)) or "–"


def format_row(row: dict[str, object]) -> str:
    """One instance's table line (user-facing: Chinese words, '–' where a value is missing,
    and where the pattern bound is not above 0: it says nothing there)."""
    low, high = row.get("ours_min"), row.get("ours_max")
    spread = None if low is None else f"{low}-{high}"
    lp, bound = row.get("lp_bound"), row.get("lower_bound")
    path, ratio = row.get("path"), row.get("ratio")
    values = (row.get("instance"), row.get("staff"), row.get("days"), row.get("shift_types"),
              row.get("ours_median"), spread, row.get("naive_median"),
              None if ratio is None else f"{ratio:.2f}",
              row.get("best_upper"), row.get("gap_percent"),
              round(lp) if isinstance(lp, int | float) and lp > 0 else None,
              round(bound) if isinstance(bound, int | float) else None,
              PATH_ZH.get(str(path), "其他") if path else None, row.get("wall_s"),
              row.get("peak_rss_mb"), _statuses(row.get("statuses")),
              _statuses(row.get("naive_statuses")))
    return " ".join(" " * max(0, w - _width(text)) + text
                    for text, w in zip(map(_cell, values), WIDTHS, strict=True))


def header() -> str:
    return " ".join(" " * max(0, w - _width(h)) + h for h, w in zip(HEADER, WIDTHS, strict=True))


def write_json(path: Path, summary: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")


def _said(label: str, run: dict[str, object]) -> str:
    value = run.get("evaluated")
    score = "无排班" if value is None else f"{value:,}"
    return (f"    {label}：{score}（{STATUS_ZH.get(str(run.get('status')), '其他')}，"
            f"{_cell(run.get('wall_s'))} 秒，{_cell(run.get('peak_rss_mb'))} MB）")


class ResumeError(ValueError):
    """A summary to resume that was measured otherwise (a Chinese message)."""


Runs = dict[tuple[str, int], dict[str, object]]


def _earlier_runs(json_out: Path | None, time_limit: float, workers: int
                  ) -> tuple[dict[str, Any] | None, Runs, Runs]:
    """The summary in `json_out` to go on with (None: none yet) and its engine and naive runs
    by (instance, seed); ResumeError when it was run with another time limit or workers."""
    if json_out is None or not json_out.exists():
        return None, {}, {}
    try:
        earlier = json.loads(json_out.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResumeError(f"无法读取要续跑的汇总 {json_out}：{exc}") from exc
    if not isinstance(earlier, dict):
        raise ResumeError(f"要续跑的汇总 {json_out} 不是基准汇总")
    measured = (earlier.get("time_limit_s"), earlier.get("workers"))
    if measured != (time_limit, workers):
        raise ResumeError(
            f"{json_out} 是以时限 {measured[0]} 秒、{measured[1]} 线程测的，与本次（"
            f"{time_limit:g} 秒、{workers} 线程）不同，不能续跑；请换一个 --json 文件")
    ours: Runs = {}
    naive: Runs = {}
    for row in earlier.get("rows", []):
        for kind, runs in (("runs", ours), ("naive_runs", naive)):
            for run in row.get(kind, []):
                runs[(str(run.get("instance")), int(run.get("seed", 0)))] = run
    return earlier, ours, naive


def _instance_number(name: object) -> int:
    digits = "".join(ch for ch in str(name) if ch.isdigit())
    return int(digits) if digits else 0


def run_benchmark(numbers: list[int], *, instances: str, time_limit: float, workers: int,
                  out: Path | None, json_out: Path | None, data_dir: Path | None, quiet: bool,
                  echo: Echo, seeds: tuple[int, ...] = DEFAULT_SEEDS,
                  naive: bool = True, resume: bool = False) -> dict[str, object]:
    """For each instance, for each seed, the engine then (unless `naive` is False) the naive
    model, each in its own process; one row printed per instance, the JSON summary rewritten
    after each. With `resume`, the runs already in `json_out` (same time limit and workers)
    are kept and not run again, and its other instances' rows stay: a long table is measured
    over several sittings (each sitting's machine and load recorded under "sittings"). A
    DataError propagates; a ScoreMismatch is recorded in the summary (written) and re-raised."""
    from bench.curtois.instance import BENCH_DIR

    folder = data_dir or BENCH_DIR
    bounds = best_known(folder)
    seed_text = ",".join(map(str, seeds))
    earlier, done_ours, done_naive = (_earlier_runs(json_out, time_limit, workers) if resume
                                      else (None, {}, {}))
    summary: dict[str, object] = {
        "benchmark": "Curtois-Qu shift scheduling instances (data/benchmarks/curtois)",
        "command": f"roster bench curtois --instances {instances} --time-limit {time_limit:g} "
                   f"--workers {workers} --seeds {seed_text}" + ("" if naive else " --no-naive")
                   + (" --resume" if resume else ""),
        "time_limit_s": time_limit, "workers": workers, "seeds": list(seeds), "naive": naive,
        "machine": machine(), "rows": []}
    this_sitting = summary["machine"]  # the machine and its load as this sitting starts
    sittings: list[object] = []
    if earlier is not None:
        summary["machine"] = earlier.get("machine", summary["machine"])
        sittings = list(earlier.get("sittings") or [
            {"command": earlier.get("command"), "machine": earlier.get("machine"),
             "machine_after": earlier.get("machine_after")}])
        summary["sittings"] = sittings
    rows: list[dict[str, object]] = [
        row for row in (earlier or {}).get("rows", [])
        if _instance_number(row.get("instance")) not in numbers]
    summary["rows"] = rows
    echo(f"Curtois-Qu 基准：{len(numbers)} 个算例，每个 {len(seeds)} 轮（不同随机数），每轮时限 "
         f"{time_limit:g} 秒、{workers} 线程" + ("，本引擎与朴素模型交替" if naive else "")
         + f"；机器 {os.cpu_count()} 核，负载 {os.getloadavg()[0]:.2f}", err=True)
    echo(header())
    for position, number in enumerate(numbers, 1):
        ours_runs: list[dict[str, object]] = []
        naive_runs: list[dict[str, object]] = []
        name = f"Instance{number}"
        for key in sorted(k for k in done_ours if k[0] == name and k[1] not in seeds):
            ours_runs.append(done_ours[key])  # earlier sittings' other seeds stay
        for key in sorted(k for k in done_naive if k[0] == name
                          and (k[1] not in seeds or not naive)):
            naive_runs.append(done_naive[key])  # and all of them when the naive model rests
        for turn, seed in enumerate(seeds, 1):
            echo(f"[{position}/{len(numbers)}] Instance{number} 第 {turn}/{len(seeds)} 轮…",
                 err=True)
            kinds = ("ours", "naive") if naive else ("ours",)
            for kind in kinds:
                done = (done_ours if kind == "ours" else done_naive).get((name, seed))
                if done is not None:
                    (ours_runs if kind == "ours" else naive_runs).append(done)
                    echo(_said("本引擎" if kind == "ours" else "朴素模型", done) + "（上次已测）",
                         err=True)
                    continue
                try:
                    run = run_child(kind, number, folder=folder, out=out, time_limit=time_limit,
                                    workers=workers, seed=seed, bounds=bounds, quiet=quiet)
                except ScoreMismatch as exc:
                    summary["error"] = str(exc)
                    if json_out is not None:
                        write_json(json_out, summary)
                    raise
                (ours_runs if kind == "ours" else naive_runs).append(run)
                echo(_said("本引擎" if kind == "ours" else "朴素模型", run), err=True)
        row = summarise(ours_runs, naive_runs, bounds.get(name, (None, None))[0])
        rows.append(row)
        rows.sort(key=lambda r: _instance_number(r.get("instance")))
        echo(format_row(row))
        if json_out is not None:
            write_json(json_out, summary)
    summary["machine_after"] = {"load_average": [round(x, 2) for x in os.getloadavg()],
                                "peak_rss_mb": round(peak_rss_mb(), 1)}
    if earlier is not None:
        sittings.append({"command": summary["command"], "machine": this_sitting,
                         "machine_after": summary["machine_after"]})
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
