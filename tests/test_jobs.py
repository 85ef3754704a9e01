"""ui/jobs.py: a solve in its own process streams its progress and phase, returns a roster
the checker accepts, stops at once with its best roster, reports its errors, and leaves no
process behind."""

from __future__ import annotations

import multiprocessing
import time
from datetime import date
from pathlib import Path

from model.loaders import load_dataset
from solver.check import evaluate
from solver.solve import SolveOptions, solve_roster
from tests.slow_solve import broken_solve, held_solve, stuck_solve, unpicklable_failure
from tests.tiny import TUESDAY, person, tiny
from ui import jobs
from ui.jobs import SolveJob

WAIT_S = 120


def _gone(job: SolveJob) -> bool:
    """The child has ended and been reaped (no zombie left in the process table)."""
    alive = {child.pid for child in multiprocessing.active_children()}
    return job.pid is not None and job.pid not in alive and not Path(f"/proc/{job.pid}").exists()


def _first_point(job: SolveJob) -> None:
    deadline = time.monotonic() + WAIT_S
    while not job.points:
        assert time.monotonic() < deadline and not job.done, job.error
        time.sleep(0.02)


def test_a_tiny_solve_in_a_child_process_streams_progress_and_returns_a_checked_roster():
    data = tiny(staff=[person("S1"), person("S2")])
    job = SolveJob(kind="solve", label="一天", time_limit_s=10).start(
        solve_roster, (data, TUESDAY, 2), SolveOptions(time_limit_s=10, workers=1))
    assert job.pid is not None and job.wait(WAIT_S)
    assert job.error is None and job.points
    result = job.result
    assert result.status.has_roster and len(result.assignments) == 2
    evaluation = evaluate(data, TUESDAY, 2, list(result.assignments))
    assert evaluation.violations == [] and evaluation.objective == result.objective
    assert job.best.objective == result.objective and not job.stopped_by_user
    assert _gone(job)


def test_the_scenario_batch_tells_its_phase():
    from ui.views.scenarios import solve_scenarios

    data = tiny(staff=[person("S1")])
    job = SolveJob(kind="scenarios", label="情景", time_limit_s=10).start(
        solve_scenarios, ([("k1", "情景甲", data)], TUESDAY, 1),
        SolveOptions(time_limit_s=10, workers=1))
    assert job.wait(WAIT_S) and job.error is None
    assert job.phase == "1/1 情景甲"
    ((key, run),) = job.result
    assert key == "k1" and run.name == "情景甲" and run.result.status.has_roster
    assert evaluate(data, TUESDAY, 7, list(run.result.assignments)).violations == []
    assert _gone(job)


def test_stop_during_a_long_solve_returns_the_best_roster_at_once():
    # 26 weeks of the embedded data take about a minute to prove optimal on 2 workers; the
    # stop comes once a roster within twice the bound is found (the very first rosters have
    # hundreds of gaps, whose reasons take minutes to explain after any stop). The instance
    # keeps the fixed demand in January too (not the example 出诊表's) and has no Q1 2027
    # training sessions: the search reaches its first good roster with a different number of
    # gaps on a different demand, and training in the weekly hours makes 26 weeks ~4x slower
    # to reach that point (data/README.md "Quarterly training")
    data = load_dataset().with_clinics(None).with_changes(training_sessions=())
    start = date(2026, 11, 30)
    job = SolveJob(kind="solve", label="半年", time_limit_s=300).start(
        solve_roster, (data, start, 26 * 7), SolveOptions(time_limit_s=300, workers=2))
    deadline = time.monotonic() + WAIT_S
    while not job.points or job.points[-1].objective > 2 * job.points[-1].bound:
        assert time.monotonic() < deadline and not job.done, job.error
        time.sleep(0.02)
    asked = time.monotonic()
    job.request_stop()
    assert job.wait(WAIT_S)
    assert time.monotonic() - asked < 2.0
    assert job.error is None and job.stopped_by_user
    result = job.result
    assert result.status.name == "FEASIBLE" and result.status.has_roster
    assert result.objective <= job.points[-1].objective
    assert evaluate(data, start, 26 * 7, list(result.assignments)).violations == []
    assert _gone(job)


def test_stop_while_held_in_the_solution_callback_keeps_the_first_roster():
    data = load_dataset()
    start = date(2026, 11, 30)
    job = SolveJob(kind="solve", label="两周", time_limit_s=300).start(
        held_solve, (data, start, 14), SolveOptions(time_limit_s=300, workers=2))
    _first_point(job)
    asked = time.monotonic()
    job.request_stop()
    assert job.wait(WAIT_S) and time.monotonic() - asked < 2.0
    assert job.result.status.has_roster and job.result.objective == job.points[0].objective
    assert _gone(job)


def test_an_exception_in_the_child_is_reported_with_its_message():
    data = tiny(staff=[person("S1")])
    job = SolveJob(kind="solve", label="坏", time_limit_s=10).start(
        broken_solve, (data, TUESDAY, 3), SolveOptions(time_limit_s=10, workers=1))
    assert job.wait(WAIT_S)
    assert job.result is None and isinstance(job.error, RuntimeError)
    assert str(job.error) == "模拟的求解器故障（2026-12-01 起 3 天）"
    assert _gone(job)


def test_an_exception_that_cannot_be_pickled_comes_back_with_its_message():
    data = tiny(staff=[person("S1")])
    job = SolveJob(kind="solve", label="坏", time_limit_s=10).start(
        unpicklable_failure, (data, TUESDAY, 1), SolveOptions(time_limit_s=10, workers=1))
    assert job.wait(WAIT_S)
    assert isinstance(job.error, jobs.SolveError) and str(job.error) == "排班数据无法读取"
    assert _gone(job)


def test_a_child_that_ignores_the_stop_is_terminated_and_says_no_roster_was_kept(
        monkeypatch):
    monkeypatch.setattr(jobs, "STOP_GRACE_S", 1.0)
    data = tiny(staff=[person("S1")])
    job = SolveJob(kind="solve", label="卡住", time_limit_s=10).start(
        stuck_solve, (data, TUESDAY, 1), SolveOptions(time_limit_s=10, workers=1))
    time.sleep(0.5)
    asked = time.monotonic()
    job.request_stop()
    assert job.wait(WAIT_S) and time.monotonic() - asked < 4.0
    assert job.result is None and "未能保留排班" in str(job.error)
    assert _gone(job)


def test_a_function_that_cannot_reach_the_child_is_an_error_not_a_crash():
    data = tiny(staff=[person("S1")])
    job = SolveJob(kind="solve", label="本地函数", time_limit_s=10).start(
        lambda *args: solve_roster(*args), (data, TUESDAY, 1), SolveOptions())
    assert job.done and job.pid is None and "无法启动求解进程" in str(job.error)
