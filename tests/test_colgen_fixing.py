"""Cell fixing on the pattern path (solver/colgen/fixing.py): forced and forbidden cells in the
pricing and its repair, the master's bounds, the fixing dive's rosters, a whole solve."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from bench.curtois.evaluate import evaluate, parse_solution, read_instance
from bench.curtois.instance import parse_instance
from bench.curtois.solution import roster_grid, solution_text
from solver.check import evaluate as check
from solver.colgen.engine import CELL_DIVE_CELLS, dive_for
from solver.colgen.fixing import CellFixing, cell_dive
from solver.colgen.generate import dive, generate
from solver.colgen.pricing import PersonPricer
from solver.colgen.problem import pattern_breaches, roster_cost
from solver.solve import SolveOptions, solve_roster
from tests.curtois_tiny import tiny_problem


def instance_text(staff: list[str], *, days: int = 4, shifts: str = "D,480,\nN,480,D\n",
                  codes: tuple[str, ...] = ("D", "N"), on: str = "", target: int = 1) -> str:
    """An instance of `staff` lines (ID,limits) from a Monday; each shift in `codes` wanted
    `target` times a day at under weight 100 and over weight 1."""
    cover = "".join(f"{d},{c},{target},100,1\n" for d in range(days) for c in codes)
    people = "".join(f"{line}\n" for line in staff)
    return (f"SECTION_HORIZON\n{days}\nSECTION_SHIFTS\n{shifts}SECTION_STAFF\n{people}"
            f"SECTION_DAYS_OFF\nSECTION_SHIFT_ON_REQUESTS\n{on}"
            f"SECTION_SHIFT_OFF_REQUESTS\nSECTION_COVER\n{cover}")


def problem_of(text: str, tmp_path: Path):
    inst, prob, _reference = tiny_problem(text, tmp_path)
    return inst, prob


def fixes(days: int, shifts: int, forced: dict[int, int] | None = None,
          forbidden: tuple[tuple[int, int], ...] = ()) -> tuple[np.ndarray, np.ndarray]:
    on = np.full(days, -1, dtype=np.int64)
    for d, s in (forced or {}).items():
        on[d] = s
    off = np.zeros((days, shifts), dtype=np.bool_)
    for d, s in forbidden:
        off[d, s] = True
    return on, off


# one person, 4 days, D and N (N may not be followed by D), anything allowed
FREE = "A,D=4|N=4,10000,0,4,1,1,2"


def test_a_forced_cell_is_honoured_by_the_pricing_even_against_the_duals(tmp_path):
    _inst, prob = problem_of(instance_text([FREE]), tmp_path)
    duals = np.zeros(prob.has_row.shape)
    duals[:, 0] = -5.0  # D costs 5 a day, N 1: the free optimum works nothing
    duals[:, 1] = -1.0
    pricer = PersonPricer(prob, 0)
    patterns, best_rc, _lower = pricer.price(duals)
    assert (patterns[0] < 0).all() and best_rc == 0
    pricer.set_fixes(*fixes(4, 2, forced={1: 0}))  # D on Tuesday: no day off, no N
    patterns, best_rc, _lower = pricer.price(duals)
    assert [list(x) for x in patterns] == [[-1, 0, -1, -1]] and best_rc == 5
    assert pricer.keeps_fixes(patterns[0]) and not pricer.keeps_fixes(np.full(4, -1))
    # N forced on Monday though it costs 1: D, which pays 3, may not follow it on Tuesday
    duals[:, 0] = 3.0
    pricer.set_fixes(*fixes(4, 2, forced={0: 1}))
    patterns, best_rc, _lower = pricer.price(duals)
    assert list(patterns[0]) == [1, -1, 0, 0] and best_rc == -5


def test_a_forbidden_cell_is_honoured_by_the_pricing(tmp_path):
    _inst, prob = problem_of(instance_text([FREE]), tmp_path)
    duals = np.zeros(prob.has_row.shape)
    duals[:, 0] = 4.0  # D pays 4 a day, N 1
    duals[:, 1] = 1.0
    pricer = PersonPricer(prob, 0)
    pricer.set_fixes(*fixes(4, 2, forbidden=((2, 0),)))
    patterns, best_rc, _lower = pricer.price(duals)
    # Wednesday off (N there would bar D on Thursday): 4 + 4 + 4 beats 4 + 4 + 1
    assert list(patterns[0]) == [0, 0, -1, 0] and best_rc == -12
    pricer.set_fixes(*fixes(4, 2))  # cleared: D every day
    patterns, best_rc, _lower = pricer.price(duals)
    assert list(patterns[0]) == [0, 0, 0, 0] and best_rc == -16


def test_the_repair_honours_forced_and_forbidden_cells(tmp_path):
    # at most 2 shifts (960 minutes) in 4 days: priced by multipliers (budget 0), repaired
    _inst, prob = problem_of(instance_text(["A,D=4|N=4,960,0,4,1,1,2"]), tmp_path)
    duals = np.zeros(prob.has_row.shape)
    duals[:, 0] = [5.0, 4.0, 3.0, 2.0]  # D best on Monday, then Tuesday
    pricer = PersonPricer(prob, 0, budget=0)
    assert not pricer.timed
    free = pricer.repair(duals)
    assert free is not None and not pattern_breaches(prob, 0, free)
    assert free[3] != 0  # without fixes Thursday (the least paid) is not worked
    pricer.set_fixes(*fixes(4, 2, forced={3: 0}, forbidden=((0, 0), (1, 0))))
    fixed = pricer.repair(duals)
    assert fixed is not None and fixed[3] == 0 and fixed[0] != 0 and fixed[1] != 0
    assert pricer.keeps_fixes(fixed) and not pattern_breaches(prob, 0, fixed)
    patterns, _best_rc, _lower = pricer.price(duals)
    assert patterns and all(pricer.keeps_fixes(x) and not pattern_breaches(prob, 0, x)
                            for x in patterns)


# two people, one shift, one wanted a day; A asks for Monday and Tuesday, B for Wednesday
# and Thursday (weight 5 each), each works at most 2 shifts
TWO = instance_text(["A,D=2,10000,0,4,1,1,2", "B,D=2,10000,0,4,1,1,2"], shifts="D,480,\n",
                    codes=("D",), on="A,0,D,5\nA,1,D,5\nB,2,D,5\nB,3,D,5\n")


def test_an_integral_lp_forces_the_obvious_cells_and_closes_the_other_columns(tmp_path):
    _inst, prob = problem_of(TWO, tmp_path)
    gen = generate(prob, time.monotonic() + 10)
    assert gen.converged and gen.lp_value == 0
    # a column against A's wishes, to be closed by the fixes
    assert gen.master.add_pattern(0, np.array([-1, -1, 0, 0]))
    weights = gen.master.lp_weights() if gen.master.solve_lp(5) else None
    assert weights is not None
    fixing = CellFixing(gen)
    fixing.sync()
    assert fixing.fix_cells(weights, 0.75) == 4
    assert list(fixing.forced[0]) == [0, 0, -1, -1]
    assert list(fixing.forced[1]) == [-1, -1, 0, 0]
    against = [c for c, p, x in gen.master.columns if p == 0 and x[0] < 0]
    assert against and set(against) <= set(fixing.closed[0])
    assert gen.master.solve_lp(5) is not None
    assert all(gen.master.lp_weights()[c] == 0 for c in against)
    chosen = cell_dive(gen, time.monotonic() + 5)
    assert [list(x) for x in chosen if x is not None] == [[0, 0, -1, -1], [-1, -1, 0, 0]]
    # the pricers' fixes are cleared afterwards
    assert all((pricer.forced < 0).all() and not pricer.closed.any()
               for pricer in gen.pricers)


def test_fixes_that_leave_no_pattern_are_relaxed(tmp_path):
    _inst, prob = problem_of(TWO, tmp_path)
    gen = generate(prob, time.monotonic() + 10)
    fixing = CellFixing(gen)
    fixing.sync()
    # three forced days for A, who may work two: no pattern keeps them
    fixing.forced[0, :3] = 0
    fixing.apply(0)
    patterns, best_rc, _lower = gen.pricers[0].price(np.zeros(prob.has_row.shape))
    assert not patterns and best_rc == np.inf
    assert gen.master.solve_lp(5) is not None
    weights = gen.master.lp_weights()
    assert weights[gen.master.artificial[0]] > 0.99  # only the artificial column is left
    fixing.relax(0)
    assert (fixing.forced[0] < 0).all() and 0 not in fixing.closed
    assert gen.master.solve_lp(5) is not None
    assert gen.master.lp_weights()[gen.master.artificial[0]] < 1e-9


def test_the_fixing_dive_returns_a_complete_valid_roster(tmp_path):
    # three people, two shifts, 4 days, a fractional LP (five shifts to share among limits)
    staff = ["A,D=2|N=2,1440,480,3,1,1,2", "B,D=3|N=1,1440,480,2,1,1,2",
             "C,D=1|N=3,1920,960,3,2,1,2"]
    _inst, prob = problem_of(instance_text(staff, on="A,0,N,2\nB,3,D,1\nC,1,D,3\n"),
                             tmp_path)
    gen = generate(prob, time.monotonic() + 10)
    lp = gen.lp_value
    assert lp is not None
    chosen = cell_dive(gen, time.monotonic() + 5)
    assert all(x is not None for x in chosen)
    complete = [x for x in chosen if x is not None]
    assert all(not pattern_breaches(prob, p, x) for p, x in enumerate(complete))
    assert roster_cost(prob, complete) >= lp - 1e-6


def test_the_dive_is_chosen_by_the_problems_size(tmp_path):
    _inst, prob = problem_of(TWO, tmp_path)
    assert prob.people * prob.days <= CELL_DIVE_CELLS and dive_for(prob) is cell_dive
    prob.weekend = np.full(CELL_DIVE_CELLS, -1, dtype=np.int64)  # 2 people x 3,000 days
    assert prob.days == CELL_DIVE_CELLS and dive_for(prob) is dive


def test_a_whole_solve_with_the_fixing_dive_is_confirmed_by_the_checker_and_evaluator(
        tmp_path):
    staff = ["A,D=3|N=2,1920,960,3,1,1,2", "B,D=3|N=2,1920,960,3,1,1,2",
             "C,D=2|N=3,1920,960,3,1,1,2"]
    text = instance_text(staff, days=7, on="A,0,N,2\nB,3,D,1\nC,1,D,3\n")
    path = tmp_path / "Tiny.txt"
    path.write_text(text, encoding="ascii")
    inst = parse_instance(text)
    result = solve_roster(inst.data, inst.start, inst.horizon,
                          SolveOptions(time_limit_s=10, workers=1))
    assert result.stats is not None and result.stats.path == "colgen"
    assert "取整" in result.stats.stages
    ev = check(inst.data, inst.start, inst.horizon, list(result.assignments))
    assert not ev.violations and ev.objective == result.objective
    report = evaluate(read_instance(path), parse_solution(
        solution_text(inst, roster_grid(inst, result.assignments))))
    assert report.feasible and report.penalty == result.objective
