"""Planning and sweep benchmark (figures, not a timed test): `python -m bench.bench_planning`.

1. Sweep time against the number of scenarios (4, 8, 16) and the executor: in-process
   (no pool: the solving time alone), 1, 2, 4 local processes and a local Ray instance
   (started by the sweep, start-up included), on the embedded data, one-week roster per
   scenario, fixed deterministic time limit and seed.
   Every configuration must give the same rows (deterministic fields compared).
2. The planning solve (`solver.planning.plan_headcount`) on the embedded data, all lines,
   without and with overtime.

Prints the rows with the machine, load and commit, to paste into bench/README.md.
Options: --sizes 4,8,16  --workers 1,2,4  --no-ray  --time-limit 2  --weeks 1
         --skip-planning  --skip-sweep
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import time
from datetime import date
from pathlib import Path

from model.dataset import DataSet
from model.loaders import load_dataset
from solver.planning import PlanningOptions, plan_headcount
from solver.sweep import grid_from_dict, ray_available, run_sweep

#: The representative planning period: National Day 2026 (holidays 10-01..10-07).
NATIONAL_DAY_WEEK = date(2026, 9, 28)

ROOT = Path(__file__).resolve().parent.parent


def grid_of(data: DataSet, size: int, time_limit: float, weeks: int = 1):
    """4: the first line of 3 or more staff x fee; 8: x the second; 16: x the third (each
    line's axis: its headcount less one, and as it is), from the contract's first week."""
    lines = [line for line in data.lines if line.headcount >= 3][:3]
    axes = {1: 4, 2: 8, 3: 16}
    count = next(n for n, s in axes.items() if s == size)
    headcount = {line.id: [line.headcount - 1, line.headcount] for line in lines[:count]}
    raw = {"name": f"bench {size}",
           "period": {"start": data.contract.period_start().isoformat(), "weeks": weeks},
           "time_limit": time_limit, "seed": 0, "headcount": headcount,
           "management_fee": [0, "6%"]}
    grid = grid_from_dict(raw)
    assert grid.size == size, grid.size
    return grid


def machine() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{platform.node()} · {os.cpu_count()} CPUs · {platform.python_version()} · "
            f"load {load} · commit {commit}")


def bench_sweeps(sizes: list[int], workers: list[int], with_ray: bool, limit: float,
                 weeks: int = 1) -> None:
    data = load_dataset()
    print(f"\n## sweep: {weeks}-week roster per scenario, deterministic limit {limit:g}, seed 0")
    print("| scenarios | executor | workers | wall s | s / scenario | optimal | identical |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for size in sizes:
        grid = grid_of(data, size, limit, weeks)
        reference = None
        configs = [("inline", 1)] + [("process", w) for w in workers]
        if with_ray:
            configs.append(("ray", 2))
        for executor, count in configs:
            started = time.monotonic()
            result = run_sweep(data, grid, executor=executor, workers=count)
            wall = time.monotonic() - started
            rows = [row.comparable() for row in result.rows]
            reference = reference or rows
            optimal = sum(1 for row in result.rows if row.status == "OPTIMAL")
            print(f"| {size} | {executor} | {count} | {wall:.1f} | {wall / size:.2f} | "
                  f"{optimal}/{size} | {'yes' if rows == reference else 'NO'} |", flush=True)


def bench_planning() -> None:
    data = load_dataset()
    print(f"\n## planning: embedded data, all {len(data.lines)} lines, "
          f"{NATIONAL_DAY_WEEK} + 4 weeks, 2 threads")
    print("| overtime | status | headcount today -> optimum | monthly fee delta | "
          "overtime cost | line groups | wall s |")
    print("|---|---|---|---:|---:|---:|---:|")
    for allow in (False, True):
        started = time.monotonic()
        result = plan_headcount(data, PlanningOptions(start=NATIONAL_DAY_WEEK,
                                                      allow_overtime=allow, time_limit_s=120,
                                                      workers=2))
        wall = time.monotonic() - started
        print(f"| {'allowed' if allow else 'avoidable forbidden'} | {result.status.value} | "
              f"{result.headcount_today} -> {result.headcount_optimum} | "
              f"{result.monthly_delta:,.2f} | {result.overtime_cost:,.2f} | "
              f"{len(result.components)} | {wall:.1f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="4,8,16")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--time-limit", type=float, default=2.0)
    parser.add_argument("--weeks", type=int, default=1)
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument("--skip-planning", action="store_true")
    args = parser.parse_args()
    print(machine())
    if not args.skip_planning:
        bench_planning()
    if not args.skip_sweep:
        ok, why = ray_available()
        if not ok and not args.no_ray:
            print(f"(Ray skipped: {why})")
        bench_sweeps([int(x) for x in args.sizes.split(",")],
                     [int(x) for x in args.workers.split(",")],
                     ok and not args.no_ray, args.time_limit, args.weeks)
    print(f"\nend: load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
