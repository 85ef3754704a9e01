"""The compiled rule check and minutes adjustment against the exact check, and the partial
pricing's proven bound on the toy roster."""

from __future__ import annotations

import math
import time

import numpy as np

from bench.curtois.instance import instance_path, load_instance
from solver.colgen import generate as generate_module
from solver.colgen.dp import adjust_minutes, breaks_rules
from solver.colgen.generate import Generation, first_patterns, generate
from solver.colgen.master import Master
from solver.colgen.pricing import PersonPricer
from solver.colgen.problem import build_problem, pattern_breaches
from solver.horizon import Horizon
from tests.test_colgen import one_person, problem_of
from tests.test_colgen_bound import _optimum, _toy


def _rules(prob, p):
    return (prob.allowed[p], prob.forbid, prob.minutes.astype(np.int64),
            prob.max_type[p].astype(np.int64), int(prob.min_minutes[p]),
            int(prob.max_minutes[p]), int(prob.max_run[p]), int(prob.min_run[p]),
            int(prob.min_off[p]), prob.weekend.astype(np.int64), int(prob.max_weekends[p]))


def test_the_compiled_check_agrees_with_the_exact_check_on_random_patterns():
    inst = load_instance(instance_path(4))
    horizon = Horizon.of(inst.data.calendar, inst.start, inst.horizon)
    prob = build_problem(inst.data, horizon)
    rng = np.random.default_rng(5)
    seen = {True: 0, False: 0}
    for _ in range(150):
        p = int(rng.integers(prob.people))
        duals = rng.uniform(-20, 120, prob.has_row.shape)
        for found in PersonPricer(prob, p).price(duals, 3)[0]:  # valid, then one day changed
            for change in range(4):
                pattern = found.copy()
                if change:
                    pattern[rng.integers(prob.days)] = rng.integers(-1, len(prob.shifts))
                valid = not pattern_breaches(prob, p, pattern)
                assert breaks_rules(pattern, *_rules(prob, p)) == (not valid)
                seen[valid] += 1
    assert seen[True] > 20 and seen[False] > 20


def test_the_minutes_adjustment_takes_the_cheapest_valid_change(tmp_path):
    # a week of D, exactly 3 shifts (1440 minutes), at most 3 days in a row; the pattern
    # works Monday-Thursday (4 shifts). Dropping a day: Monday (cost change -1 + 5 = 4),
    # Tuesday (-2 + 5 = 3, but then Monday alone and Wednesday-Thursday: valid), Wednesday
    # (1 + 5), Thursday (-3 + 5 = 2): Thursday is the cheapest
    text = one_person("D=7,1440,1440,3,1,1,2", target=0)
    _inst, prob, _ref = problem_of(text, tmp_path)
    pattern = np.array([0, 0, 0, 0, -1, -1, -1], dtype=np.int64)
    assert pattern_breaches(prob, 0, pattern)
    cell = np.array([[-5.0], [-5.0], [-5.0], [-5.0], [0.0], [0.0], [0.0]])
    off = np.array([-1.0, -2.0, 1.0, -3.0, 0.0, 0.0, 0.0])
    pricer = PersonPricer(prob, 0)
    rules = _rules(prob, 0)
    args = (pattern, cell, off, prob.allowed[0], pricer.forced, *rules)
    adjusted = adjust_minutes(*args, 40)
    assert adjusted.tolist() == [0, 0, 0, -1, -1, -1, -1]
    assert not pattern_breaches(prob, 0, adjusted)
    # Thursday forced: Tuesday is the next cheapest
    forced = np.full(7, -1, dtype=np.int64)
    forced[3] = 0
    args = (pattern, cell, off, prob.allowed[0], forced, *rules)
    assert adjust_minutes(*args, 40).tolist() == [0, -1, 0, 0, -1, -1, -1]
    # at least 2 days in a row: Wednesday off is the cheapest change (-4 + 5) but leaves
    # Thursday alone; the next, Thursday off, is valid; with a single try: none
    _inst, prob, _ref = problem_of(one_person("D=7,1440,1440,3,2,1,2", target=0), tmp_path)
    off = np.array([-1.0, -2.0, -4.0, -3.0, 0.0, 0.0, 0.0])
    args = (pattern, cell, off, prob.allowed[0], pricer.forced, *_rules(prob, 0))
    assert adjust_minutes(*args, 40).tolist() == [0, 0, 0, -1, -1, -1, -1]
    assert len(adjust_minutes(*args, 1)) == 0


def test_partial_pricing_on_the_toy_gives_a_proven_bound(monkeypatch):
    _inst, prob = _toy()
    optimum, _roster = _optimum(prob)
    monkeypatch.setattr(generate_module, "PARTIAL_CELLS", 0)
    monkeypatch.setattr(generate_module, "PARTIAL_CHUNKS", 2)
    assert generate_module.chunks_of(prob) == 2
    gen = generate(prob, time.monotonic() + 10)
    assert gen.bound is not None and gen.lp_value is not None
    assert gen.bound <= optimum + 1e-6 and gen.lp_value <= optimum + 1e-6
    assert gen.converged and math.ceil(gen.bound - 1e-6) == math.ceil(gen.lp_value - 1e-6)


def test_first_patterns_give_everyone_without_a_column_a_valid_one():
    _inst, prob = _toy()
    gen = Generation(prob, Master(prob), [PersonPricer(prob, p) for p in range(prob.people)])
    assert first_patterns(gen) >= prob.people
    have = {p for _c, p, _x in gen.master.columns}
    assert have == set(range(prob.people))
    assert all(not pattern_breaches(prob, p, x) for _c, p, x in gen.master.columns)
    assert first_patterns(gen) == 0  # everyone has one: nothing more
