"""The column-generation path (solver/colgen): pricing by dynamic programming against brute
force and the independent evaluator, the proven LP bound, the path choice, whole solves."""

from __future__ import annotations

import itertools
import math
import time
from pathlib import Path

import numpy as np
import pytest

from bench.curtois.evaluate import evaluate, parse_solution, read_instance
from bench.curtois.instance import instance_path, load_instance, parse_instance
from bench.curtois.solution import roster_grid, solution_text
from model.roster import SolveStatus
from solver import solve as solve_module
from solver.check import evaluate as check
from solver.colgen.generate import best_responses, dive, generate
from solver.colgen.pricing import PersonPricer
from solver.colgen.problem import (
    build_problem,
    pattern_breaches,
    pattern_cost,
    roster_cost,
    supported,
)
from solver.horizon import Horizon
from solver.solve import SolveOptions, choose_path, solve_roster
from tests.curtois_tiny import tiny_problem
from tests.tiny import MONDAY, tiny


def one_person(staff: str, *, shifts: str = "D,480,\n", days_off: str = "",
               on: str = "", off: str = "", days: int = 7, codes: tuple[str, ...] = ("D",),
               target: int = 1) -> str:
    """An instance text of one person A from a Monday; every shift demanded `target` times a
    day at under weight 100 and over weight 1."""
    cover = "".join(f"{d},{c},{target},100,1\n" for d in range(days) for c in codes)
    return (f"SECTION_HORIZON\n{days}\nSECTION_SHIFTS\n{shifts}SECTION_STAFF\nA,{staff}\n"
            f"SECTION_DAYS_OFF\n{days_off}SECTION_SHIFT_ON_REQUESTS\n{on}"
            f"SECTION_SHIFT_OFF_REQUESTS\n{off}SECTION_COVER\n{cover}")


def problem_of(text: str, tmp_path: Path):
    return tiny_problem(text, tmp_path)


def as_row(prob, pattern) -> list[str]:
    return ["-" if s < 0 else prob.shifts[s] for s in pattern]


def feasible(reference, prob, pattern) -> bool:
    """The independent evaluator's verdict on person A working `pattern`."""
    text = "A," + ",".join(as_row(prob, pattern)) + "\n"
    return evaluate(reference, parse_solution(text)).feasible


def brute_force(prob, reference, duals):
    """The least reduced cost over every pattern the evaluator accepts, and those patterns."""
    best, argbest = math.inf, []
    for combo in itertools.product(range(-1, len(prob.shifts)), repeat=prob.days):
        pattern = np.array(combo, dtype=np.int64)
        if not feasible(reference, prob, pattern):
            continue
        d = np.flatnonzero(pattern >= 0)
        rc = pattern_cost(prob, 0, pattern) - duals[d, pattern[d]].sum()
        if rc < best - 1e-9:
            best, argbest = rc, [pattern]
        elif abs(rc - best) <= 1e-9:
            argbest.append(pattern)
    return best, argbest


# -- pricing: the known best pattern under each resource -----------------------------------
#: MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutive, MinConsecutive,
#: MinConsecutiveDaysOff, MaxWeekends; days off; the best pattern of a one-shift week where
#: each worked day saves 100 (its under-cover weight), or its number of worked days where
#: several patterns tie
KNOWN: dict[str, tuple[str, str, str | int]] = {
    "max consecutive 3": ("D=7,10000,0,3,1,1,2", "", "DDD-DDD"),
    "min days off 2": ("D=7,10000,0,2,1,2,2", "", 4),
    "max per type 2": ("D=2,10000,0,7,1,1,2", "", 2),
    "max minutes 3 shifts": ("D=7,1440,0,7,1,1,2", "", 3),
    "min minutes 5 shifts, weekend off": ("D=7,10000,2400,7,1,1,0", "", "DDDDD--"),
    "no weekend": ("D=7,10000,0,7,1,1,0", "", "DDDDD--"),
    "day off on Wednesday": ("D=7,10000,0,7,1,1,2", "A,2\n", "DD-DDDD"),
    "min run 3 between days off": ("D=7,10000,0,7,3,1,2", "A,1,4\n", "D----DD"),
}


@pytest.mark.parametrize("case", sorted(KNOWN))
def test_pricing_finds_the_known_best_pattern(case, tmp_path):
    staff, days_off, expected = KNOWN[case]
    _inst, prob, reference = problem_of(one_person(staff, days_off=days_off), tmp_path)
    duals = np.where(prob.has_row, prob.under_weight, 0.0)
    patterns, best_rc, lower = PersonPricer(prob, 0).price(duals)
    assert patterns and all(feasible(reference, prob, x) for x in patterns)
    worked = int((patterns[0] >= 0).sum())
    if isinstance(expected, str):
        assert "".join(as_row(prob, patterns[0])) == expected
        assert best_rc == -100 * expected.count("D")
    else:
        assert worked == expected and best_rc == -100 * expected
    assert lower == pytest.approx(best_rc)  # exact: the limits are in the state


def test_pricing_keeps_successions_and_requests(tmp_path):
    # N may not be followed by D; A wants N on Monday (weight 3), not D on Tuesday (weight 2)
    text = one_person("D=7|N=7,10000,0,7,1,1,2", shifts="D,480,\nN,480,D\n",
                      on="A,0,N,3\n", off="A,1,D,2\n", codes=("D", "N"), target=0)
    _inst, prob, reference = problem_of(text, tmp_path)
    duals = np.zeros(prob.has_row.shape)
    duals[:, 0] = 1.0  # D saves 1 a day, N nothing: Monday N (its request) then no D Tuesday
    patterns, best_rc, lower = PersonPricer(prob, 0).price(duals)
    assert "".join(as_row(prob, patterns[0])) == "N-DDDDD"
    assert best_rc == -5 and lower == pytest.approx(-5)
    assert feasible(reference, prob, patterns[0])


STAFF_CASES = ["D=3|N=2,2400,960,3,2,2,1", "D=7|N=1,2880,1440,4,1,2,0",
               "D=5|N=5,1920,480,2,2,1,1"]


@pytest.mark.parametrize("staff", STAFF_CASES)
def test_pricing_equals_brute_force_and_never_breaks_a_hard_rule(staff, tmp_path):
    text = one_person(staff, shifts="D,480,\nN,480,D\n", days_off="A,4\n",
                      on="A,0,N,2\n", off="A,2,D,3\n", codes=("D", "N"))
    _inst, prob, reference = problem_of(text, tmp_path)
    rng = np.random.default_rng(7)
    for _ in range(3):
        duals = np.where(prob.has_row, rng.uniform(-1, 6, prob.has_row.shape), 0.0)
        best, _argbest = brute_force(prob, reference, duals)
        exact = PersonPricer(prob, 0)
        patterns, best_rc, lower = exact.price(duals)
        assert best_rc == pytest.approx(best) and lower == pytest.approx(best)
        assert all(feasible(reference, prob, x) and not pattern_breaches(prob, 0, x)
                   for x in patterns)


@pytest.mark.parametrize("staff", STAFF_CASES)
def test_relaxed_pricing_gives_a_valid_bound_and_valid_patterns(staff, tmp_path):
    # no exact state (budget 0): the limits over the horizon are priced by multipliers and
    # the patterns repaired
    text = one_person(staff, shifts="D,480,\nN,480,D\n", days_off="A,4\n",
                      on="A,0,N,2\n", off="A,2,D,3\n", codes=("D", "N"))
    _inst, prob, reference = problem_of(text, tmp_path)
    rng = np.random.default_rng(11)
    for _ in range(3):
        duals = np.where(prob.has_row, rng.uniform(-1, 6, prob.has_row.shape), 0.0)
        best, _argbest = brute_force(prob, reference, duals)
        relaxed = PersonPricer(prob, 0, budget=0)
        assert not relaxed.timed
        patterns, best_rc, lower = relaxed.price(duals)
        assert lower <= best + 1e-6
        assert patterns and best_rc >= best - 1e-6
        assert all(feasible(reference, prob, x) for x in patterns)


def test_the_exact_check_agrees_with_the_evaluator_on_random_patterns():
    inst = load_instance(instance_path(1))
    horizon = Horizon.of(inst.data.calendar, inst.start, inst.horizon)
    prob = build_problem(inst.data, horizon)
    reference = read_instance(inst.path)
    rng = np.random.default_rng(3)
    agree = {True: 0, False: 0}
    for _ in range(300):
        p = int(rng.integers(prob.people))
        pattern = np.where(rng.random(prob.days) < 0.6, 0, -1).astype(np.int64)
        rows = {sid: ["-"] * prob.days for sid in prob.staff_ids}
        rows[prob.staff_ids[p]] = as_row(prob, pattern)
        text = "".join(f"{sid},{','.join(r)}\n" for sid, r in rows.items())
        report = evaluate(reference, parse_solution(text))
        mine = not pattern_breaches(prob, p, pattern)
        # the other people are off throughout: only their minimum minutes can fail
        theirs = not any(item.startswith(prob.staff_ids[p] + " ")
                         or item.startswith(prob.staff_ids[p] + ":")
                         for items in report.breaches.values() for item in items)
        assert mine == theirs
        agree[mine] += 1
    assert agree[True] and agree[False]


# -- the master: the LP bound and integer rosters ------------------------------------------
@pytest.mark.parametrize(("number", "optimum"), [(1, 607), (2, 828)])
def test_lp_bound_is_below_the_proven_optimum_and_tight(number, optimum):
    inst = load_instance(instance_path(number))
    horizon = Horizon.of(inst.data.calendar, inst.start, inst.horizon)
    prob = build_problem(inst.data, horizon)
    gen = generate(prob, time.monotonic() + 30)
    assert gen.converged and gen.bound is not None
    assert 0.9 * optimum <= gen.bound <= optimum + 1e-6
    assert gen.lp_value is not None and gen.bound <= gen.lp_value + 1e-6
    patterns = dive(gen, time.monotonic() + 10)
    assert all(x is not None for x in patterns)
    complete = [x for x in patterns if x is not None]
    assert all(not pattern_breaches(prob, p, x) for p, x in enumerate(complete))
    before = roster_cost(prob, complete)
    after, _changes = best_responses(prob, gen.pricers, complete, time.monotonic() + 5)
    assert optimum <= after <= before
    assert after == roster_cost(prob, complete)
    grid = {sid: as_row(prob, x) for sid, x in zip(prob.staff_ids, complete, strict=True)}
    text = "".join(f"{sid},{','.join(row)}\n" for sid, row in grid.items())
    report = evaluate(read_instance(inst.path), parse_solution(text))
    assert report.feasible and report.penalty == after


# -- the path choice and whole solves --------------------------------------------------------
def test_path_choice_by_the_problems_shape():
    inst = load_instance(instance_path(1))
    horizon = Horizon.of(inst.data.calendar, inst.start, inst.horizon)
    assert choose_path(inst.data, horizon, SolveOptions()) == "colgen"
    assert choose_path(inst.data, horizon, SolveOptions(engine="cp-sat")) == "cp-sat"
    assert choose_path(inst.data, horizon, SolveOptions(staged=True)) == "cp-sat"
    strict = inst.data.with_changes(staff=tuple(
        s.model_copy(update={"limits": s.limits.model_copy(update={"edge_runs_exempt": False})})
        for s in inst.data.staff))
    assert choose_path(strict, horizon, SolveOptions()) == "cp-sat"
    hospital = tiny()  # demand by day kind, the hospital's rules in force
    assert choose_path(hospital, Horizon.of(hospital.calendar, MONDAY, 7),
                       SolveOptions()) == "cp-sat"


def test_the_colgen_path_proves_instance1_and_the_checker_and_evaluator_agree():
    inst = load_instance(instance_path(1))
    result = solve_roster(inst.data, inst.start, inst.horizon,
                          SolveOptions(time_limit_s=30, workers=2))
    stats = result.stats
    assert stats is not None and stats.path == "colgen"
    assert stats.stages[0].startswith("列生成") and "取整" in stats.stages
    assert stats.lp_bound is not None and stats.lp_bound <= 607
    assert result.status is SolveStatus.OPTIMAL and result.objective == 607
    assert result.best_bound is not None and result.best_bound <= 607
    ev = check(inst.data, inst.start, inst.horizon, list(result.assignments))
    assert ev.objective == 607 and not ev.violations
    text = solution_text(inst, roster_grid(inst, result.assignments))
    assert evaluate(read_instance(inst.path), parse_solution(text)).penalty == 607


def test_the_colgen_path_keeps_the_time_limit_when_the_full_model_is_not_searched():
    inst = load_instance(instance_path(8))
    limit = 4.0
    started = time.monotonic()
    result = solve_roster(inst.data, inst.start, inst.horizon,
                          SolveOptions(time_limit_s=limit, workers=2, max_search_cells=1))
    wall = time.monotonic() - started
    assert wall <= limit + solve_module.time_margin(limit)
    stats = result.stats
    assert stats is not None and stats.path == "colgen" and "检查器评分" in stats.stages
    assert result.status is SolveStatus.FEASIBLE
    ev = check(inst.data, inst.start, inst.horizon, list(result.assignments))
    assert not ev.violations and ev.objective == result.objective
    text = solution_text(inst, roster_grid(inst, result.assignments))
    assert evaluate(read_instance(inst.path), parse_solution(text)).penalty == result.objective
    assert stats.lp_bound is None or stats.lp_bound <= result.objective


def test_parse_instance_text_stays_supported():
    inst = parse_instance(one_person("D=7,10000,0,3,1,1,2"))
    horizon = Horizon.of(inst.data.calendar, inst.start, inst.horizon)
    assert supported(inst.data, horizon)


def test_a_stop_request_ends_the_colgen_path_at_once_with_the_roster_so_far():
    import threading

    inst = load_instance(instance_path(8))
    stop = threading.Event()
    stop.set()
    started = time.monotonic()
    result = solve_roster(inst.data, inst.start, inst.horizon,
                          SolveOptions(time_limit_s=60, workers=2, stop=stop))
    assert time.monotonic() - started < 10
    assert result.stats is not None and result.stats.path == "colgen"
    assert result.status in (SolveStatus.CONSTRUCTED, SolveStatus.FEASIBLE)
    ev = check(inst.data, inst.start, inst.horizon, list(result.assignments))
    assert ev.objective == result.objective
