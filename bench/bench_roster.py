"""Roster engine benchmark: prints figures (not a timed test).

    python bench/bench_roster.py [--quick]

Each configuration runs in a fresh subprocess so that its peak memory (ru_maxrss) is its own.
Rows: data, staff, weeks, workers, time limit, status, objective, bound, gap %, time to first
feasible, wall time, peak MB, hard violations found by the independent checker.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = date(2026, 11, 30)


def run_one(staff: int, weeks: int, workers: int, limit: float) -> dict:
    """Solve one configuration in this process and return its figures."""
    sys.path.insert(0, str(ROOT))
    from bench.synthetic import synthetic_hospital
    from model.loaders import load_dataset
    from solver.check import evaluate
    from solver.solve import SolveOptions, solve_roster

    data = load_dataset()
    if staff != len(data.staff):
        data = synthetic_hospital(data, staff)
    result = solve_roster(data, START, weeks * 7,
                          SolveOptions(time_limit_s=limit, workers=workers))
    violations = None
    if result.status.has_roster:
        evaluation = evaluate(data, START, weeks * 7, list(result.assignments), result.training)
        violations = len(evaluation.violations)
        assert evaluation.objective == result.objective, "checker disagrees with the solver"
    gap = None
    if result.objective and result.best_bound is not None:
        gap = 100 * (result.objective - result.best_bound) / max(1, abs(result.objective))
    return {
        "staff": len(data.staff), "weeks": weeks, "workers": workers, "limit": limit,
        "status": result.status.value, "objective": result.objective,
        "bound": result.best_bound, "gap_pct": gap,
        "first_s": result.stats.time_to_first_solution_s if result.stats else None,
        "wall_s": result.stats.wall_time_s if result.stats else None,
        "gaps": sum(g.missing for g in result.gaps), "violations": violations,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _spawn(staff: int, weeks: int, workers: int, limit: float) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(staff), str(weeks), str(workers), str(limit)],
        capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _print_row(row: dict) -> None:
    print(f"{row['staff']:>5} {row['weeks']:>3} {row['workers']:>3} {row['limit']:>6.0f} "
          f"{row['status']:>9} {_fmt(row['objective'], ',d'):>13} {_fmt(row['bound'], ',.0f'):>13} "
          f"{_fmt(row['gap_pct'], '.2f'):>7} {_fmt(row['first_s'], '.2f'):>7} "
          f"{_fmt(row['wall_s'], '.2f'):>7} {row['peak_mb']:>7.0f} {row['gaps']:>5} "
          f"{_fmt(row['violations'], 'd'):>5}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=4)
    parser.add_argument("--quick", action="store_true", help="embedded data only")
    args = parser.parse_args()
    if args.one:
        staff, weeks, workers, limit = args.one
        print(json.dumps(run_one(int(staff), int(weeks), int(workers), float(limit))))
        return
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip()
    print(f"# commit {commit}; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}; "
          f"python {platform.python_version()}")
    print(f"{'staff':>5} {'wk':>3} {'wrk':>3} {'limit':>6} {'status':>9} {'objective':>13} "
          f"{'bound':>13} {'gap%':>7} {'first':>7} {'wall':>7} {'peakMB':>7} {'gaps':>5} "
          f"{'viol':>5}")
    for weeks in (1, 4, 8):
        for workers in (1, 2, 8):
            _print_row(_spawn(46, weeks, workers, 120))
    if args.quick:
        return
    for staff in (200, 500, 1000):
        _print_row(_spawn(staff, 4, 8, 120))


if __name__ == "__main__":
    main()
