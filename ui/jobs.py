"""Background solves: CP-SAT runs in a child process, never on the page's thread.

A `SolveJob` starts a picklable top-level function (`solve_roster`, `replan`, the scenario
page's batch) with its arguments in a process of the "forkserver" context (safe under
Streamlit: the children are forked from a single-threaded server process that has imported
the solver once, never from the app's threaded process, so a solve starts in a fraction of a
second). The child's `SolveOptions.stop` is a multiprocessing event the parent sets; its
progress points, its phase (`report_phase`) and finally its pickled result or error come
back over a queue, which a small reader thread in the parent drains into the job, so the
page polls plain attributes. A stop makes the solver return its best roster at once
(solver.solve polls the event every 50 ms); a child that has not answered within
`STOP_GRACE_S` after the stop is terminated, and the job reports that no roster could be
kept. The child is a daemon (it dies with the app) and is always joined, so no process is
left behind.

Streamlit runs a page's script as the `__main__` module, and a child would run
`__main__` again (the whole app, in the child) before it unpickles its function; the job's
function lives in an importable module, so a job's child is started without the parent's
main module (`_preparation_data`).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.spawn
import pickle
import queue as queues
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from solver.solve import SolveOptions

CONTEXT = multiprocessing.get_context("forkserver")
#: imported once by the fork server, so that a job's child starts in a fraction of a second
CONTEXT.set_forkserver_preload(["solver.solve", "solver.replan", "solver.sweep", "ui.jobs"])
#: seconds a child may take to return its roster after a stop before it is terminated
STOP_GRACE_S = 5.0
#: how often the reader thread looks at the queue and the child
POLL_S = 0.05

#: the child's queue, set while a job's function runs in it (see report_phase)
_reporter: Any = None
#: the name of every job's process begins so
CHILD_PREFIX = "roster-solve-"


def _preparation_data(name: str, original: Callable[[str], dict] = (
        multiprocessing.spawn.get_preparation_data)) -> dict:
    """What a spawned process is told of its parent; for a job's process, not the main
    module (the app's page script under Streamlit), which the child must not run."""
    data = original(name)
    if name.startswith(CHILD_PREFIX):
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


multiprocessing.spawn.get_preparation_data = _preparation_data


class SolveError(RuntimeError):
    """An error of the child process (its own exception when that cannot be pickled)."""


@dataclass(frozen=True)
class ProgressPoint:
    objective: float
    bound: float
    elapsed: float


def report_phase(text: str) -> None:
    """Tell the parent what the job is doing now (e.g. "2/3 情景A"); called by the job's
    function in the child. Outside a job (a direct call, a test) there is nobody to tell."""
    if _reporter is not None:
        _reporter.put(("phase", text))


def _child_main(run: Callable[..., Any], args: tuple, options: SolveOptions,
                channel: Any, stop: Any) -> None:
    """The child process: run the function with progress and stop wired to the parent."""
    global _reporter
    _reporter = channel

    def progress(objective: float, bound: float, elapsed: float) -> None:
        channel.put(("point", (objective, bound, elapsed)))

    try:
        result = run(*args, replace(options, on_progress=progress, stop=stop))
        channel.put(("result", pickle.dumps(result)))
    except BaseException as exc:  # noqa: BLE001 - reported on the page, never swallowed
        try:
            payload = pickle.dumps(exc)
            pickle.loads(payload)
        except Exception:  # noqa: BLE001 - an exception that does not survive pickling
            payload = pickle.dumps(SolveError(str(exc) or "求解进程出错"))
        channel.put(("error", payload))
    finally:
        channel.close()
        channel.join_thread()  # everything is in the pipe before the process ends


@dataclass
class SolveJob:
    """One solve (or re-plan, or batch of scenario solves) running in its own process."""

    kind: str
    label: str
    time_limit_s: float
    meta: dict[str, Any] = field(default_factory=dict, repr=False)
    stop: Any = field(default_factory=CONTEXT.Event, repr=False)
    points: list[ProgressPoint] = field(default_factory=list, repr=False)
    result: Any = field(default=None, repr=False)
    error: BaseException | None = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    phase: str = ""
    #: the child's process id while it runs (None before the start)
    pid: int | None = None
    _stop_at: float | None = field(default=None, repr=False)
    _done: threading.Event = field(default_factory=threading.Event, repr=False)
    _process: Any = field(default=None, repr=False)

    def start(self, run: Callable[..., Any], args: tuple, options: SolveOptions) -> SolveJob:
        """Run `run(*args, options)` in a child process with this job's progress and stop
        wired in; `run` and `args` must be picklable (a module's top-level function)."""
        channel = CONTEXT.Queue()
        options = replace(options, on_progress=None, stop=None)
        self._process = CONTEXT.Process(target=_child_main, daemon=True,
                                        args=(run, args, options, channel, self.stop),
                                        name=f"{CHILD_PREFIX}{self.kind}")
        try:
            self._process.start()
        except Exception as exc:  # noqa: BLE001 - e.g. a function that cannot be pickled
            self.error = SolveError(f"无法启动求解进程：{exc}")
            channel.close()
            self.finished = time.monotonic()
            self._done.set()
            return self
        self.pid = self._process.pid
        threading.Thread(target=self._read, args=(channel,), daemon=True,
                         name=f"solve-{self.kind}-reader").start()
        return self

    def _read(self, channel: Any) -> None:
        """Drain the child's queue into the job until its result or error, then reap it."""
        process = self._process
        try:
            while True:
                if (self._stop_at is not None
                        and time.monotonic() - self._stop_at > STOP_GRACE_S):
                    process.terminate()
                    self.error = SolveError(
                        f"停止后 {STOP_GRACE_S:g} 秒内求解没有结束，已强制结束，未能保留排班")
                    return
                alive = process.is_alive()
                try:
                    kind, body = channel.get(timeout=POLL_S)
                except queues.Empty:
                    if alive:
                        continue
                    # everything the child sent is in the pipe once it has ended
                    self.error = SolveError(
                        f"求解进程意外结束（退出码 {process.exitcode}），没有返回排班")
                    return
                if self._take(kind, body):
                    return
        except BaseException as exc:  # noqa: BLE001 - e.g. a result that cannot be unpickled
            self.error = exc
            process.terminate()
        finally:
            process.join(STOP_GRACE_S)
            if process.is_alive():
                process.kill()
                process.join()
            channel.close()
            self.finished = time.monotonic()
            self._done.set()

    def _take(self, kind: str, body: Any) -> bool:
        """One message of the child; True for its last (the result or the error)."""
        if kind == "point":
            self.record(*body)
        elif kind == "phase":
            self.phase = body
        elif kind == "result":
            self.result = pickle.loads(body)
        else:
            self.error = pickle.loads(body)
        return kind in ("result", "error")

    def record(self, objective: float, bound: float, elapsed: float) -> None:
        """One improving solution (from the reader thread)."""
        self.points.append(ProgressPoint(objective, bound, elapsed))

    def request_stop(self) -> None:
        """Ask the solver to stop now and return its best roster so far."""
        if self._stop_at is None:
            self._stop_at = time.monotonic()
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
