"""Column generation until no pattern prices out, its bound, integer rosters, best responses."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from solver.colgen.master import Master
from solver.colgen.pricing import PersonPricer
from solver.colgen.problem import Problem, cover_counts, pattern_cost, roster_cost

#: a column enters when its reduced cost is below this
ENTER = -1e-6
#: subgradient iterations per person and pricing call
ITERATIONS = 10
#: rounds in a row that add no column (the pricing inexact) before the generation stops
IDLE_ROUNDS = 3


@dataclass
class Generation:
    """What the column generation found: its bound, its LP value, the rounds and columns."""

    prob: Problem
    master: Master
    pricers: list[PersonPricer]
    #: a proven lower bound on every roster's penalty (None: none proven in time)
    bound: float | None = None
    lp_value: float | None = None
    rounds: int = 0
    #: whether no pattern prices out any more (the LP bound is the pattern relaxation's)
    converged: bool = False
    #: people without a valid pattern so far
    missing: list[int] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return len(self.master.columns)


def clip_duals(prob: Problem, duals: np.ndarray) -> np.ndarray:
    """Cover duals within [-over weight, under weight] (any such duals give a valid bound)."""
    low = np.where(prob.over_weight >= 0, -prob.over_weight, -np.inf)
    return np.where(prob.has_row, np.clip(duals, low, prob.under_weight), 0.0)


def generate(prob: Problem, deadline: float) -> Generation:
    """Column generation from the artificial columns until no pattern prices out or the
    deadline (time.monotonic seconds) passes."""
    gen = Generation(prob, Master(prob), [PersonPricer(prob, p) for p in range(prob.people)])
    best_bound = -math.inf
    idle = 0
    while time.monotonic() < deadline and idle < IDLE_ROUNDS:
        solved = gen.master.solve_lp(deadline - time.monotonic())
        if solved is None:
            break
        value, raw, sigma = solved
        gen.lp_value, gen.rounds = value, gen.rounds + 1
        duals = clip_duals(prob, raw)
        bound = float((prob.target * duals)[prob.has_row].sum())
        added, exact, complete = 0, True, True
        for p, pricer in enumerate(gen.pricers):
            if time.monotonic() >= deadline:
                complete = False
                break
            patterns, best_rc, lower = pricer.price(duals, ITERATIONS)
            bound += lower
            exact = exact and lower >= best_rc - 1e-9
            for pattern in patterns:
                days = np.flatnonzero(pattern >= 0)
                rc = pattern_cost(prob, p, pattern) - duals[days, pattern[days]].sum()
                if rc - sigma[p] < ENTER and gen.master.add_pattern(p, pattern):
                    added += 1
        if complete:
            best_bound = max(best_bound, bound)
        if complete and not added:
            if exact:
                gen.converged = True
                break
            idle += 1  # the pricers' multipliers move on: price again
        else:
            idle = 0
    gen.bound = None if best_bound == -math.inf else best_bound
    have = {p for _c, p, _x in gen.master.columns}
    gen.missing = [p for p in range(prob.people) if p not in have]
    return gen


def integer_roster(gen: Generation, deadline: float) -> list[np.ndarray | None]:
    """A pattern per person from the columns: the restricted master as an integer programme
    in HiGHS until the deadline, else the LP's heaviest pattern per person (None: that
    person has no valid pattern)."""
    left = deadline - time.monotonic()
    chosen = gen.master.solve_integer(left) if left > 0.2 and gen.master.columns else None
    if chosen is None:
        if gen.master.solve_lp(max(0.05, deadline - time.monotonic())) is None:
            return [None] * gen.prob.people
        chosen = gen.master.pick(gen.master.lp_weights())
    return chosen


def response_duals(prob: Problem, others: np.ndarray) -> np.ndarray:
    """Cover prices for one more person given the head counts of everyone else: the under
    weight saved below a row's target, the over weight paid at or above it (a row closed
    above its target: forbidden)."""
    below = others < prob.target
    over = np.where(prob.over_weight >= 0, -prob.over_weight, -1e12)
    return np.where(prob.has_row, np.where(below, prob.under_weight, over), 0.0)


def best_responses(prob: Problem, pricers: list[PersonPricer],
                   patterns: list[np.ndarray], deadline: float,
                   order: np.random.Generator | None = None) -> tuple[float, int]:
    """Re-roster one person at a time against everyone else's head counts, keeping a new
    pattern only when the whole roster's penalty falls, until a full pass changes nothing or
    the deadline; `patterns` is changed in place. Returns the penalty and the changes."""
    counts = cover_counts(prob, patterns)
    cost = roster_cost(prob, patterns)
    changes = 0
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        people = np.arange(prob.people)
        if order is not None:
            order.shuffle(people)
        for p in people:
            if time.monotonic() >= deadline:
                break
            current = patterns[p]
            d = np.flatnonzero(current >= 0)
            counts[d, current[d]] -= 1
            found, _rc, _lower = pricers[p].price(response_duals(prob, counts), ITERATIONS)
            best, best_cost = current, cost
            for pattern in found:
                patterns[p] = pattern
                trial = roster_cost(prob, patterns)
                if trial < best_cost - 1e-9:
                    best, best_cost = pattern, trial
            patterns[p] = best
            d = np.flatnonzero(best >= 0)
            counts[d, best[d]] += 1
            if best is not current:
                cost, changes, improved = best_cost, changes + 1, True
    return cost, changes
