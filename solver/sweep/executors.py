"""Executors of a sweep's points: inline, a local process pool (spawned workers) or Ray."""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import threading
import types
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from model.dataset import DataSet
from solver.sweep.grid import SweepPoint
from solver.sweep.point import ERROR, SweepRow, SweepSettings, solve_point

EXECUTORS = ("process", "ray", "inline")

#: on_row(done, total, row)
RowFn = Callable[[int, int, SweepRow], None]

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


def run_inline(base: DataSet, points: list[SweepPoint], settings: SweepSettings,
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


def run_process(base: DataSet, points: list[SweepPoint], settings: SweepSettings,
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


def run_ray(base: DataSet, points: list[SweepPoint], settings: SweepSettings, workers: int,
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
