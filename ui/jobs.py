"""Background solves: CP-SAT runs in a worker thread, never on the page's thread.

A `SolveJob` owns the stop event handed to `SolveOptions.stop` and records every improving
solution reported through `SolveOptions.on_progress`; the page keeps the job in
`st.session_state` and polls it from a fragment, so a long solve never freezes the page and
the stop button reaches the solver (which then returns the best roster found so far).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from solver.solve import SolveOptions


@dataclass(frozen=True)
class ProgressPoint:
    objective: float
    bound: float
    elapsed: float


@dataclass
class SolveJob:
    """One solve (or re-plan, or batch of scenario solves) running in its own thread."""

    kind: str
    label: str
    time_limit_s: float
    meta: dict[str, Any] = field(default_factory=dict, repr=False)
    stop: threading.Event = field(default_factory=threading.Event)
    points: list[ProgressPoint] = field(default_factory=list, repr=False)
    result: Any = field(default=None, repr=False)
    error: BaseException | None = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    phase: str = ""
    _done: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def start(self, run: Callable[[SolveOptions], Any], options: SolveOptions) -> SolveJob:
        """Run `run(options)` in a daemon thread with this job's progress and stop wired in."""
        options = replace(options, on_progress=self.record, stop=self.stop)
        self._thread = threading.Thread(target=self._main, args=(run, options), daemon=True,
                                        name=f"solve-{self.kind}")
        self._thread.start()
        return self

    def _main(self, run: Callable[[SolveOptions], Any], options: SolveOptions) -> None:
        try:
            self.result = run(options)
        except BaseException as exc:  # noqa: BLE001 - reported on the page, never swallowed
            self.error = exc
        finally:
            self.finished = time.monotonic()
            self._done.set()

    def record(self, objective: float, bound: float, elapsed: float) -> None:
        """on_progress callback (called from the solver's thread)."""
        self.points.append(ProgressPoint(objective, bound, elapsed))

    def request_stop(self) -> None:
        self.stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def stopped_by_user(self) -> bool:
        return self.stop.is_set()

    @property
    def best(self) -> ProgressPoint | None:
        return self.points[-1] if self.points else None

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started
