"""Job functions for tests of ui/jobs.py: top-level (so that a job's child process can
unpickle them) wrappers of the real solver that hold or fail on purpose."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from model.dataset import DataSet
from model.roster import RosterResult
from solver.solve import SolveOptions, solve_roster

#: the longest a held solve waits for its stop
HOLD_S = 60.0


def held_solve(data: DataSet, start: date, n_days: int, options: SolveOptions
               ) -> RosterResult:
    """The real solve, held in CP-SAT's solution callback after each reported roster until
    the stop is set: a long solve whose first roster is known to the caller."""
    report = options.on_progress
    stop = options.stop
    assert report is not None and stop is not None

    def hold(objective: float, bound: float, elapsed: float) -> None:
        report(objective, bound, elapsed)
        stop.wait(HOLD_S)  # type: ignore[attr-defined]

    return solve_roster(data, start, n_days, replace(options, on_progress=hold))


def broken_solve(data: DataSet, start: date, n_days: int, options: SolveOptions
                 ) -> RosterResult:
    """Fails in the child, as a fault of the solver would."""
    raise RuntimeError(f"模拟的求解器故障（{start} 起 {n_days} 天）")


def stuck_solve(data: DataSet, start: date, n_days: int, options: SolveOptions
                ) -> RosterResult:
    """Ignores the stop altogether (a solver that never returns)."""
    import time

    time.sleep(HOLD_S)
    return solve_roster(data, start, n_days, options)


class LockedError(Exception):
    """An exception that cannot be pickled: it holds a lock."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        import threading

        self.lock = threading.Lock()


def unpicklable_failure(data: DataSet, start: date, n_days: int, options: SolveOptions
                        ) -> RosterResult:
    """Fails with an exception that cannot travel back to the parent as it is."""
    raise LockedError("排班数据无法读取")
