"""Roster store timings: publish and read back a 4-week roster of the embedded data set
(46 staff) and of a 1000-staff synthetic hospital, on SQLite and on PostgreSQL.

    python -m bench.bench_store [--repeat 3]

The 46-staff roster is solved (workers 2); the 1000-staff roster is the solved roster copied
onto each copy of the hospital (bench/synthetic.py), so it is legal by construction and the
checker confirms it. PostgreSQL is started by tests/pg.py (skipped when unavailable).
Columns: publish (checker + data set + version + cells, one transaction), read (cells back
as a roster), read+check (plus coverage, gaps and summaries recomputed), tail (the tail
of the previous roster for the next solve), each the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from bench.synthetic import synthetic_hospital
from model.dataset import DataSet
from model.events import PreviousTail
from model.loaders import DATA_DIR, load_dataset
from model.roster import RosterResult
from solver.check import evaluate
from solver.check_report import roster_problems
from solver.solve import SolveOptions, solve_roster
from solver.stored_roster import complete_roster, tail_window, tails_from_cells
from store.cells import roster_in_force, training_in_force
from store.db import Store, open_store
from store.records import VersionInfo
from store.tables import ORIGIN_PUBLISH, PUBLISHED
from store.versions import author_name, read_version
from store.writes import NewVersion, add_version

T = TypeVar("T")
START = date(2026, 11, 30)
DAYS = 28


def copied_roster(base: RosterResult, data, copies: int) -> RosterResult:
    """The base roster repeated on every copy of the hospital (ids suffixed _k)."""
    def suffix(value: str, copy: int) -> str:
        return value if copy == 0 else f"{value}_{copy}"

    cells = []
    for copy in range(copies):
        for a in base.assignments:
            staff, post = suffix(a.staff_id, copy), suffix(a.post_id, copy)
            if staff in data.staff_by_id and post in data.post_by_id:
                cells.append(a.model_copy(update={
                    "staff_id": staff, "post_id": post, "line_id": suffix(a.line_id, copy)}))
    return base.model_copy(update={"assignments": tuple(cells), "coverage": (), "gaps": (),
                                   "staff_summary": (), "penalties": ()})


def timed(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def publish(store: Store, data: DataSet, roster: RosterResult) -> VersionInfo:
    """What `roster publish` does with a legal roster (ui/roster_service.publish, which bench/
    may not import): the data checks and the checker, then one write transaction."""
    assert not roster_problems(data, roster)
    days = (roster.end - roster.start).days + 1
    evaluation = evaluate(data, roster.start, days, list(roster.assignments))
    assert not evaluation.violations, evaluation.violations[:3]
    return add_version(store, NewVersion.of_roster(
        data, roster, status=PUBLISHED, origin=ORIGIN_PUBLISH, scenario="",
        author=author_name(), reason="", forced=False,
        checker_objective=evaluation.objective, checker_violations=evaluation.violations))


def tails_before(store: Store, data: DataSet, start: date) -> tuple[PreviousTail, ...] | None:
    """The tail of the roster in force before `start`, as ui/roster_service.tails_before."""
    first, last = tail_window(start, data)
    chosen, cells = roster_in_force(store, first, last, contract=data.contract.id)
    if last not in chosen:
        return None
    training = training_in_force(store, first, last, contract=data.contract.id)
    return tails_from_cells(data, start, cells, set(chosen), training)


def measure(url: str, data, roster: RosterResult, repeat: int) -> dict:
    store = open_store(url)
    try:
        publish_s, info = timed(lambda: publish(store, data, roster), repeat)
        read_s, _ = timed(lambda: read_version(store, info.id), repeat)
        full_s, _ = timed(lambda: complete_roster(*read_version(store, info.id)[1:]), repeat)
        next_start = roster.end + timedelta(days=1)
        tail_s, _ = timed(lambda: tails_before(store, data, next_start), repeat)
    finally:
        store.dispose()
    return {"publish": publish_s, "read": read_s, "read+check": full_s, "tail": tail_s,
            "cells": len(roster.assignments)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--staff", type=int, default=1000)
    args = parser.parse_args()
    base = load_dataset(DATA_DIR)
    solved = solve_roster(base, START, DAYS, SolveOptions(time_limit_s=60, workers=2))
    assert solved.status.has_roster, solved.status
    big = synthetic_hospital(base, args.staff)
    copies = -(-args.staff // len(base.staff))
    big_roster = copied_roster(solved, big, copies)
    started = time.perf_counter()
    violations = evaluate(big, START, DAYS, list(big_roster.assignments)).violations
    check_s = time.perf_counter() - started
    assert not violations, violations[:3]
    cases = [(f"{len(base.staff)} 人 4 周", base, solved),
             (f"{len(big.staff)} 人 4 周", big, big_roster)]

    backends = []
    tmp = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    backends.append(("SQLite", lambda name: f"sqlite:///{tmp / name}.db"))
    server = None
    try:
        from tests.pg import PgServer, PgUnavailable

        try:
            server = PgServer().start()
            backends.append(("PostgreSQL", lambda name: server.create_database()))
        except PgUnavailable as exc:
            print(f"PostgreSQL 跳过：{exc}")
        print(f"checker alone on the {len(big.staff)}-staff roster: {check_s:.2f} s\n")
        print("| roster | cells | database | publish s | read s | read+check s | tail s |")
        print("|---|---:|---|---:|---:|---:|---:|")
        for label, data, roster in cases:
            for backend, make_url in backends:
                row = measure(make_url(f"{backend}-{len(data.staff)}"), data, roster,
                              args.repeat)
                print(f"| {label} | {row['cells']} | {backend} | {row['publish']:.2f} | "
                      f"{row['read']:.2f} | {row['read+check']:.2f} | {row['tail']:.2f} |")
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
