"""The window search (solver/colgen/window.py): known optima across a window's edge, no move
that breaks a rule, brute force over a whole tiny roster, and the engine's roster re-checked."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import numpy as np
import pytest

from bench.curtois.evaluate import evaluate, parse_solution, read_instance
from bench.curtois.instance import instance_path, load_instance
from bench.curtois.solution import roster_grid, solution_text
from model.roster import SolveStatus
from solver import solve as solve_module
from solver.check import evaluate as check
from solver.colgen import engine
from solver.colgen.problem import pattern_breaches, roster_cost
from solver.colgen.window import WindowSearch, window_move
from solver.solve import SolveOptions, solve_roster
from tests.curtois_tiny import tiny_problem


def instance_text(people: dict[str, str], days: int, cover: str, *,
                  shifts: str = "D,480,\n", days_off: str = "", on: str = "",
                  off: str = "") -> str:
    """An instance text from a Monday: `people` maps an id to its staff fields."""
    staff = "".join(f"{sid},{fields}\n" for sid, fields in people.items())
    return (f"SECTION_HORIZON\n{days}\nSECTION_SHIFTS\n{shifts}SECTION_STAFF\n{staff}"
            f"SECTION_DAYS_OFF\n{days_off}SECTION_SHIFT_ON_REQUESTS\n{on}"
            f"SECTION_SHIFT_OFF_REQUESTS\n{off}SECTION_COVER\n{cover}")


def daily(days: int, code: str = "D", target: int = 1, under: int = 100, over: int = 1) -> str:
    return "".join(f"{d},{code},{target},{under},{over}\n" for d in range(days))


def problem_of(text: str, tmp_path: Path):
    _inst, prob, reference = tiny_problem(text, tmp_path)
    return prob, reference


def parse(prob, row: str) -> np.ndarray:
    return np.array([-1 if c == "-" else prob.shifts.index(c) for c in row], dtype=np.int64)


def shown(prob, pattern: np.ndarray) -> str:
    return "".join("-" if s < 0 else prob.shifts[s] for s in pattern)


def penalty(reference, prob, patterns) -> float:
    """The independent evaluator's penalty of a roster (it must be feasible)."""
    text = "".join(f"{sid},{','.join('-' if s < 0 else prob.shifts[s] for s in x)}\n"
                   for sid, x in zip(prob.staff_ids, patterns, strict=True))
    report = evaluate(reference, parse_solution(text))
    assert report.feasible
    return report.penalty


#: one person A, one shift D demanded once a day (under 100, over 1): staff fields, days,
#: the current roster, the window (first, last), the best roster of the window given the
#: fixed days (the fields are MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutive,
#: MinConsecutive, MinConsecutiveDaysOff, MaxWeekends)
EDGES: dict[str, tuple[str, int, str, tuple[int, int], str]] = {
    # days 0-2 worked and fixed: day 3 must be off, day 4 worked
    "max run 3 with the fixed days before": ("D=9,10000,0,3,1,1,2", 5, "DDD--", (3, 5),
                                             "DDD-D"),
    # day 4 worked and fixed: with it, at most 2 in a row
    "max run 2 with the fixed day after": ("D=9,10000,0,2,1,1,2", 5, "----D", (0, 4),
                                           "DD-DD"),
    # D, a rest from day 1, D on day 4 fixed: day 2 may not end a rest of 1 day
    "min rest 2 with the fixed rest before": ("D=9,10000,0,7,1,2,2", 5, "D---D", (2, 4),
                                              "D--DD"),
    # days 0 and 4 fixed off: the run between them of 3 at least, so all of days 1-3
    "min run 3 between fixed rests": ("D=9,10000,0,7,3,1,2", 7, "-----DD", (1, 4),
                                      "-DDD-DD"),
    "min run 3 at the horizon's edge": ("D=9,10000,0,7,3,1,2", 5, "---DD", (0, 3), "DDDDD"),
    # 3 shifts at most, 2 worked on fixed days: one more in the window
    "max 3 shifts with the fixed days counted": ("D=3,10000,0,7,1,1,2", 5, "DD---", (2, 5),
                                                 "1"),
    # 1440 minutes (3 shifts), 2 on fixed days
    "max minutes with the fixed days counted": ("D=9,1440,0,7,1,1,2", 5, "DD---", (2, 5),
                                                "1"),
    # one weekend at most, Saturday 5 worked and fixed: the second weekend stays off
    "max weekends with the fixed weekend counted": ("D=14,10000,0,7,1,1,1", 14,
                                                    "-----D--------", (7, 14),
                                                    "-----D-DDDDD--"),
}


@pytest.mark.parametrize("case", sorted(EDGES))
def test_a_window_move_finds_the_known_optimum_across_its_edge(case, tmp_path):
    staff, days, current, (first, last), expected = EDGES[case]
    prob, reference = problem_of(instance_text({"A": staff}, days, daily(days)), tmp_path)
    patterns = [parse(prob, current)]
    assert not pattern_breaches(prob, 0, patterns[0])
    before = roster_cost(prob, patterns)
    move = window_move(prob, patterns, [0], first, last, 5.0)
    assert move.optimal and move.accepted
    result = shown(prob, patterns[0])
    assert result[:first] == current[:first] and result[last:] == current[last:]
    if expected.isdigit():
        assert result[first:last].count("D") == int(expected)
    else:
        assert result == expected
    assert not pattern_breaches(prob, 0, patterns[0])
    assert move.cost == roster_cost(prob, patterns) == penalty(reference, prob, patterns)
    assert move.cost < before


def test_a_window_move_keeps_a_forbidden_succession_across_its_edge(tmp_path):
    # N may not be followed by D; day 0's N fixed: day 1 cannot be D (N there costs 1 over)
    shifts = "D,480,\nN,480,D\n"
    cover = daily(3, "D") + daily(3, "N", target=0)
    prob, reference = problem_of(instance_text({"A": "D=9|N=9,10000,0,7,1,1,2"}, 3, cover,
                                               shifts=shifts), tmp_path)
    patterns = [parse(prob, "N--")]
    move = window_move(prob, patterns, [0], 1, 3, 5.0)
    assert move.accepted and shown(prob, patterns[0]) == "N-D"
    # days 0 and 1 short of D (200), N on day 0 above its target of 0 (1)
    assert move.cost == 201 == penalty(reference, prob, patterns)


#: the best roster already, or nothing better across the window's edge: staff fields, days,
#: the roster, the window
NOTHING_BETTER = {
    "the optimum": ("D=9,10000,0,3,1,1,2", 5, "DDD-D", (0, 5)),
    # days 0 and 3 fixed off: one or two worked days between them would be a short run
    "a short run between fixed rests": ("D=9,10000,0,7,3,1,2", 7, "----DDD", (1, 3)),
    # day 1 fixed off after day 0: working day 2 would end a rest of 1
    "a short rest after a fixed day": ("D=9,10000,0,7,1,2,2", 5, "D--DD", (2, 3)),
}


@pytest.mark.parametrize("case", sorted(NOTHING_BETTER))
def test_a_move_that_finds_nothing_better_changes_nothing(case, tmp_path):
    staff, days, current, (first, last) = NOTHING_BETTER[case]
    prob, _reference = problem_of(instance_text({"A": staff}, days, daily(days)), tmp_path)
    patterns = [parse(prob, current)]
    before = roster_cost(prob, patterns)
    move = window_move(prob, patterns, [0], first, last, 5.0)
    assert move.optimal and not move.accepted and move.cost == before
    assert shown(prob, patterns[0]) == current


#: two people, two shifts (N may not be followed by D), random demand and requests
TWO = {"A": "D=3|N=2,1920,480,3,2,2,1", "B": "D=4|N=4,1920,960,2,1,1,1"}


def two_people(rng: np.random.Generator, days: int) -> str:
    cover = "".join(f"{d},{c},{int(rng.integers(0, 3))},{int(rng.integers(1, 100))},"
                    f"{int(rng.integers(1, 20))}\n" for d in range(days) for c in "DN")
    on = "".join(f"{sid},{d},{c},{int(rng.integers(1, 5))}\n" for sid in TWO
                 for d in range(days) for c in "DN" if rng.random() < 0.15)
    off = "".join(f"{sid},{d},{c},{int(rng.integers(1, 5))}\n" for sid in TWO
                  for d in range(days) for c in "DN" if rng.random() < 0.15)
    return instance_text(TWO, days, cover, shifts="D,480,\nN,480,D\n", on=on, off=off)


def valid_rosters(prob, reference):
    """Every roster of valid patterns (pattern_breaches) and its evaluator penalty."""
    options = [[np.array(c, dtype=np.int64)
                for c in itertools.product(range(-1, len(prob.shifts)), repeat=prob.days)
                if not pattern_breaches(prob, p, np.array(c, dtype=np.int64))]
               for p in range(prob.people)]
    for combo in itertools.product(*options):
        yield list(combo), roster_cost(prob, list(combo))


@pytest.mark.parametrize("instance_seed", [1, 2, 3])
def test_moves_never_break_a_rule_and_the_whole_window_reaches_the_optimum(instance_seed,
                                                                           tmp_path):
    rng = np.random.default_rng(instance_seed)
    prob, reference = problem_of(two_people(rng, 5), tmp_path)
    rosters = list(valid_rosters(prob, reference))
    assert rosters
    optimum = min(cost for _x, cost in rosters)
    # from the worst valid roster: random windows and blocks, each move checked
    patterns, cost = max(rosters, key=lambda item: item[1])
    search = WindowSearch(prob, np.random.default_rng(instance_seed), move_s=5.0)
    for _ in range(10):
        who, first, last = search.pick(patterns)
        who = who if rng.random() < 0.5 else [int(rng.integers(prob.people))]
        first = int(rng.integers(0, prob.days - 1))
        last = int(rng.integers(first + 1, prob.days + 1))
        move = window_move(prob, patterns, who, first, last, 5.0, cost=cost)
        assert move.cost <= cost
        cost = move.cost
        assert all(not pattern_breaches(prob, p, x) for p, x in enumerate(patterns))
        assert cost == roster_cost(prob, patterns) == penalty(reference, prob, patterns)
    move = window_move(prob, patterns, [0, 1], 0, prob.days, 10.0, cost=cost)
    assert move.optimal and move.cost == optimum
    assert penalty(reference, prob, patterns) == optimum


def test_the_search_only_improves_and_keeps_every_rule(tmp_path):
    rng = np.random.default_rng(5)
    prob, reference = problem_of(two_people(rng, 5), tmp_path)
    rosters = list(valid_rosters(prob, reference))
    patterns, start = max(rosters, key=lambda item: item[1])
    stats = WindowSearch(prob, np.random.default_rng(0)).run(patterns, time.monotonic() + 2)
    assert stats.tried >= 1 and stats.cost <= start
    assert stats.cost == roster_cost(prob, patterns) == penalty(reference, prob, patterns)
    assert all(not pattern_breaches(prob, p, x) for p, x in enumerate(patterns))


def test_the_engine_improves_by_windows_and_the_checker_agrees():
    inst = load_instance(instance_path(8))
    limit = 10.0
    started = time.monotonic()
    result = solve_roster(inst.data, inst.start, inst.horizon,
                          SolveOptions(time_limit_s=limit, workers=2, max_search_cells=1))
    assert time.monotonic() - started <= limit + solve_module.time_margin(limit)
    stats = result.stats
    assert stats is not None and stats.path == "colgen"
    assert any(stage.startswith("窗口改进") for stage in stats.stages)
    ev = check(inst.data, inst.start, inst.horizon, list(result.assignments))
    assert not ev.violations and ev.objective == result.objective
    text = solution_text(inst, roster_grid(inst, result.assignments))
    assert evaluate(read_instance(inst.path), parse_solution(text)).penalty == result.objective
    assert stats.solver_status == ("OPTIMAL" if result.status is SolveStatus.OPTIMAL
                                   else "FEASIBLE")


def test_a_roster_at_the_proven_bound_is_reported_optimal():
    # Instance11: the window search reaches the pattern bound (3,443) within seconds (1.5 s
    # alone on the machine); the limit leaves room for a loaded one, whose generation share
    # (a quarter of the limit) must still converge
    inst = load_instance(instance_path(11))
    result = solve_roster(inst.data, inst.start, inst.horizon,
                          SolveOptions(time_limit_s=120, workers=2))
    assert result.status is SolveStatus.OPTIMAL and result.objective == 3_443
    assert result.stats is not None and result.stats.solver_status == "OPTIMAL"
    assert result.stats.wall_time_s < 120
    ev = check(inst.data, inst.start, inst.horizon, list(result.assignments))
    assert not ev.violations and ev.objective == result.objective


def test_the_search_stops_at_a_proven_bound(tmp_path):
    prob, _reference = problem_of(instance_text({"A": "D=9,10000,0,3,1,1,2"}, 5, daily(5)),
                                  tmp_path)
    patterns = [parse(prob, "-----")]  # 500; the optimum DDD-D costs 100
    began = time.monotonic()
    stats = WindowSearch(prob, np.random.default_rng(0)).run(
        patterns, time.monotonic() + 30, floor=100)
    assert stats.cost == 100 == roster_cost(prob, patterns)
    assert time.monotonic() - began < 10 and stats.accepted <= stats.tried


def test_the_search_stops_when_no_move_is_kept_for_stall_seconds(tmp_path):
    prob, _reference = problem_of(instance_text({"A": "D=9,10000,0,3,1,1,2"}, 5, daily(5)),
                                  tmp_path)
    patterns = [parse(prob, "DDD-D")]  # the optimum (100): no move can be kept
    began = time.monotonic()
    stats = WindowSearch(prob, np.random.default_rng(0)).run(
        patterns, time.monotonic() + 30, stall_s=0.5)
    assert stats.stalled and stats.accepted == 0 and stats.tried >= 1
    assert stats.cost == 100 == roster_cost(prob, patterns)
    assert time.monotonic() - began < 10


def test_the_full_model_takes_over_only_with_time_left_and_few_cells():
    assert engine.handover_stall(5_000, False, 600, 300) == 30.0  # 5 % of the limit
    assert engine.handover_stall(5_000, False, 100, 80) == engine.STALL_MIN_S
    assert engine.handover_stall(5_000, False, 60, 30) is None  # too little time left
    assert engine.handover_stall(engine.HANDOVER_CELLS + 1, False, 600, 300) is None
    assert engine.handover_stall(5_000, True, 600, 300) is None  # the model is not built


def quick_handover(monkeypatch) -> None:
    """Window moves on every problem, stalled after 0.5 s, handed over with 1 s left."""
    monkeypatch.setattr(engine, "WINDOW_CELLS", 0)
    monkeypatch.setattr(engine, "STALL_MIN_S", 0.5)
    monkeypatch.setattr(engine, "STALL_SHARE", 0.0)
    monkeypatch.setattr(engine, "HANDOVER_S", 1.0)


def test_stalled_windows_hand_over_to_the_full_model(monkeypatch):
    # Instance1: the pattern bound (558) is below the optimum (607), so the windows cannot
    # stop at it; once they stall, the full model's search proves 607 (the bound's splits,
    # which would prove it first, are off: test_colgen_split.py has them)
    monkeypatch.setattr(engine, "SPLIT_SHARE", 0.0)
    quick_handover(monkeypatch)
    inst = load_instance(instance_path(1))
    result = solve_roster(inst.data, inst.start, inst.horizon,
                          SolveOptions(time_limit_s=30, workers=2))
    stats = result.stats
    assert stats is not None and stats.path == "colgen"
    windows = [i for i, stage in enumerate(stats.stages) if stage.startswith("窗口改进")]
    assert windows and stats.stages[windows[0] + 1] == "加权"
    assert result.status is SolveStatus.OPTIMAL and result.objective == 607
    ev = check(inst.data, inst.start, inst.horizon, list(result.assignments))
    assert not ev.violations and ev.objective == result.objective
