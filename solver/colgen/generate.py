"""Column generation until no pattern prices out, its bound, integer rosters, best responses."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import numpy as np

from solver.colgen.master import Master
from solver.colgen.pricing import PRICING_OPS, TIMED_BUDGET, PersonPricer
from solver.colgen.problem import Problem, cover_counts, pattern_cost, roster_cost

#: a column enters when its reduced cost is below this
ENTER = -1e-6
#: diving: pricing rounds between two fixings, the weight above which a pattern is fixed at
#: once
DIVE_ROUNDS = 2
FIX_WEIGHT = 0.99
#: seconds allowed past the deadline for the LP that gives everyone their heaviest pattern
LAST_LP_S = 1.0
#: slack for rounding a bound up to the next integer (penalties are integers)
TOLERANCE = 1e-6
#: subgradient iterations per person and pricing call; on problems above LARGE_CELLS
#: person-days, FEW_ITERATIONS
ITERATIONS = 10
FEW_ITERATIONS = 3
LARGE_CELLS = 5_000
#: rounds in a row that add no column (the pricing inexact) before the generation stops
IDLE_ROUNDS = 3
#: Wentges smoothing: the weight of the best bound's duals in the duals priced
SMOOTHING = 0.5
#: the final bound pass: subgradient steps per person, the time kept for it (in rounds of
#: the generation, at most FINAL_SHARE of its time)
FINAL_ITERATIONS = 30
FINAL_ROUNDS = 3.0
FINAL_SHARE = 0.15
#: the programme's size kept exact for a person's first pattern when the first round found
#: none (first_patterns; Instance22's person 19: 0.1 s, where the repair fails)
FIRST_BUDGET = 100_000_000
#: partial pricing on problems of at least PARTIAL_CELLS person-days: a pass over everyone
#: in MIN_CHUNKS to PARTIAL_CHUNKS chunks (the LP solved after each; each chunk about an LP's
#: pricing time), a full round every FULL_EVERY passes
PARTIAL_CELLS = 3_000
PARTIAL_CHUNKS = 10
MIN_CHUNKS = 2
FULL_EVERY = 3
#: a pass of partial pricing that lowers the LP by less than this share of its value ends the
#: partial pricing (the tail's full rounds give the bounds)
PARTIAL_GAIN = 0.02


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
    #: the cover duals of the last round's LP (clipped)
    duals: np.ndarray | None = None
    #: the cover duals at which the bound was found
    bound_duals: np.ndarray | None = None

    @property
    def columns(self) -> int:
        return len(self.master.columns)


def clip_duals(prob: Problem, duals: np.ndarray) -> np.ndarray:
    """Cover duals within [-over weight, under weight] (any such duals give a valid bound)."""
    low = np.where(prob.over_weight >= 0, -prob.over_weight, -np.inf)
    return np.where(prob.has_row, np.clip(duals, low, prob.under_weight), 0.0)


def _iterations(prob: Problem) -> int:
    """Subgradient iterations per pricing: fewer on large problems (many people and days),
    where a round of pricing must stay short."""
    return ITERATIONS if prob.people * prob.days <= LARGE_CELLS else FEW_ITERATIONS


def _never() -> bool:
    return False


def _price_round(gen: Generation, duals: np.ndarray, sigma: np.ndarray, deadline: float,
                 skip: Collection[int] = (), stop: Callable[[], bool] = _never,
                 lp_duals: np.ndarray | None = None, iterations: int | None = None
                 ) -> tuple[float, int, bool, bool]:
    """Price everyone not in `skip` once at `duals`; add the columns that price out at
    `lp_duals` (default: `duals`) and the convexity duals `sigma`. Returns the sum of the
    people's lower bounds at `duals`, the columns added, whether every pricing was exact,
    and whether everyone was priced before the deadline. `iterations`: subgradient steps
    per person (default: by the problem's size)."""
    prob = gen.prob
    if lp_duals is None:
        lp_duals = duals
    total, added, exact = 0.0, 0, True
    for p, pricer in enumerate(gen.pricers):
        if p in skip:
            continue
        if time.monotonic() >= deadline or stop():
            return total, added, exact, False
        patterns, best_rc, lower = pricer.price(duals, iterations or _iterations(prob))
        total += lower
        exact = exact and lower >= best_rc - 1e-9
        for pattern in patterns:
            days = np.flatnonzero(pattern >= 0)
            rc = pattern_cost(prob, p, pattern) - lp_duals[days, pattern[days]].sum()
            if rc - sigma[p] < ENTER and gen.master.add_pattern(p, pattern):
                added += 1
    return total, added, exact, True


def first_patterns(gen: Generation, stop: Callable[[], bool] = _never) -> int:
    """A first pattern for everyone the first round left without one (the repair may fail at
    the LP's duals, and a failed call's multipliers may keep it failing): a fresh pricer's at
    no cover prices, keeping the worked time exactly up to FIRST_BUDGET. Returns the columns
    added."""
    prob = gen.prob
    have = {p for _c, p, _x in gen.master.columns}
    added = 0
    for p, pricer in enumerate(gen.pricers):
        if p in have or stop():
            continue
        fresh = PersonPricer(prob, p, max(pricer.budget, FIRST_BUDGET))
        found = fresh.price(np.zeros(prob.has_row.shape), _iterations(prob))[0]
        added += sum(gen.master.add_pattern(p, pattern) for pattern in found)
    return added


def chunks_of(prob: Problem) -> int:
    """How many LP solves a pass over everyone takes: one (everyone priced at one dual
    point) up to PARTIAL_CELLS person-days, at most PARTIAL_CHUNKS above (partial pricing)."""
    return 1 if prob.people * prob.days < PARTIAL_CELLS else min(PARTIAL_CHUNKS, prob.people)


def generate(prob: Problem, deadline: float, first_by: float | None = None,
             stop: Callable[[], bool] = _never) -> Generation:
    """Column generation from the artificial columns until no pattern prices out, the
    deadline (time.monotonic seconds) passes or `stop()`; the first round, which gives
    everyone their first pattern, may go on until `first_by` (default: the deadline).

    The duals are stabilised (Wentges): each full round prices everyone at SMOOTHING x the
    duals of the best bound so far + the rest x the LP's, and a column enters when it prices
    out at the LP's duals; a round where none does (a mis-pricing) prices the LP's own duals
    next. Every priced point lies in clip_duals' box, so each full round's bound is valid. On
    large problems (chunks_of) the rounds between two full ones price the people in chunks at
    the LP's own duals, the LP solved again after each chunk, so that the duals move several
    times in a pass (no bound from those: the people are priced at different points); a
    full round follows every FULL_EVERY passes and a pass that adds nothing, and only full
    rounds after a pass that lowers the LP by less than PARTIAL_GAIN. Unless it
    converged, the generation keeps time for a final bound pass: everyone priced again at
    the best bound's duals with FINAL_ITERATIONS subgradient steps (their multipliers warm)."""
    budget = min(TIMED_BUDGET, PRICING_OPS / max(prob.people, 1))
    gen = Generation(prob, Master(prob),
                     [PersonPricer(prob, p, budget) for p in range(prob.people)])
    best_bound = -math.inf
    centre: np.ndarray | None = None  # the duals of the best bound so far
    smoothing = 0.0  # the first round prices the LP's duals
    idle = 0
    sigma = np.zeros(prob.people)
    began = time.monotonic()
    reserve = 0.0  # kept for the final bound pass: a few rounds' time
    chunks = chunks_of(prob)
    cursor, passes, pass_added, pass_began = 0, 0, 0, math.inf
    lp_time, per_person = 0.0, 0.0  # the last LP's seconds, the last chunk's per person
    full = True  # the first round prices everyone (their first patterns)
    while ((time.monotonic() < deadline - reserve or not gen.rounds) and idle < IDLE_ROUNDS
           and not stop()):
        until = deadline if gen.rounds else max(deadline, first_by or deadline)
        round_began = time.monotonic()
        solved = gen.master.solve_lp(until - time.monotonic(), primal=True)
        if solved is None:
            break
        lp_time = time.monotonic() - round_began
        value, raw, sigma = solved
        gen.lp_value, gen.rounds = value, gen.rounds + 1
        lp_duals = gen.duals = clip_duals(prob, raw)
        if not full:
            # as many people as take about an LP's time to price, in [people / chunks,
            # people / MIN_CHUNKS]
            size = prob.people // MIN_CHUNKS if per_person <= 0 else int(
                lp_time / per_person)
            size = max(-(-prob.people // chunks), min(size, prob.people // MIN_CHUNKS))
            now = set(range(cursor, min(cursor + size, prob.people)))
            priced_from = time.monotonic()
            added = _price_round(gen, lp_duals, sigma, until,
                                 set(range(prob.people)) - now, stop)[1]
            per_person = (time.monotonic() - priced_from) / max(len(now), 1)
            pass_added += added
            cursor = cursor + size if cursor + size < prob.people else 0
            if not cursor:
                passes += 1
                full = passes % FULL_EVERY == 0 or not pass_added
                if pass_began - value < PARTIAL_GAIN * abs(value):
                    chunks, full = 1, True  # the tail: full (stabilised) rounds from here
                pass_added, pass_began = 0, value
            continue
        duals = lp_duals if centre is None or smoothing <= 0 else (
            smoothing * centre + (1 - smoothing) * lp_duals)
        people, added, exact, complete = _price_round(gen, duals, sigma, until, (), stop,
                                                      lp_duals)
        if complete:
            # any duals within the slacks' weights give a valid bound (see clip_duals)
            here = float((prob.target * duals)[prob.has_row].sum()) + people
            if here > best_bound:
                best_bound, centre = here, duals
            if math.ceil(best_bound - TOLERANCE) >= math.ceil(value - TOLERANCE):
                # the integer bound cannot rise any more: the LP has nothing left to give
                gen.converged = True
                break
        if complete and gen.rounds == 1:
            added += first_patterns(gen, stop)
        if complete and not added:
            if smoothing > 0:
                smoothing = 0.0  # a mis-pricing: the LP's own duals next
                continue
            if exact:
                gen.converged = True
                break
            idle += 1  # the pricers' multipliers move on: price again
        else:
            idle = 0
            smoothing = SMOOTHING
            full = chunks == 1
        reserve = min(FINAL_SHARE * (deadline - began),
                      FINAL_ROUNDS * (time.monotonic() - round_began))
    if centre is not None and not gen.converged and not stop():
        people, _added, _exact, complete = _price_round(
            gen, centre, sigma, deadline, (), stop, gen.duals, FINAL_ITERATIONS)
        if complete:
            best_bound = max(best_bound,
                             float((prob.target * centre)[prob.has_row].sum()) + people)
    gen.bound = None if best_bound == -math.inf else best_bound
    gen.bound_duals = centre
    have = {p for _c, p, _x in gen.master.columns}
    gen.missing = [p for p in range(prob.people) if p not in have]
    return gen


def dive(gen: Generation, deadline: float, stop: Callable[[], bool] = _never
         ) -> list[np.ndarray | None]:
    """A pattern per person by diving: fix the person whose heaviest LP pattern weighs most
    (and everyone above FIX_WEIGHT, and more when the pace would not finish by the deadline),
    price the others again for a few rounds, repeat; at the deadline everyone left takes
    their heaviest pattern (None: that person has no valid pattern). The master keeps the
    fixings."""
    prob, master = gen.prob, gen.master
    fixed: dict[int, np.ndarray] = {}
    weights: np.ndarray | None = None
    while len(fixed) < prob.people and time.monotonic() < deadline and not stop():
        step_began = time.monotonic()
        for _ in range(DIVE_ROUNDS):
            solved = master.solve_lp(deadline - time.monotonic())
            if solved is None:
                break
            weights = master.lp_weights()
            _value, raw, sigma = solved
            added = _price_round(gen, clip_duals(prob, raw), sigma, deadline, fixed, stop)[1]
            if not added or time.monotonic() >= deadline:
                break
        solved = master.solve_lp(deadline - time.monotonic())
        if solved is None:
            break
        weights = master.lp_weights()
        heaviest = master.heaviest(weights)
        free = sorted((p for p in heaviest if p not in fixed),
                      key=lambda p: -heaviest[p][0])
        if not free:
            break
        # as many people at a step as it takes to finish by the deadline at this step's pace
        per_step = time.monotonic() - step_began
        affordable = max(1.0, (deadline - time.monotonic()) / max(per_step, 1e-3))
        count = max(1, math.ceil(len(free) / affordable),
                    sum(1 for p in free if heaviest[p][0] >= FIX_WEIGHT))
        for p in free[:count]:
            column, pattern = heaviest[p][1], heaviest[p][2]
            master.fix(p, column)
            fixed[p] = pattern
    chosen: list[np.ndarray | None] = [fixed.get(p) for p in range(prob.people)]
    if weights is None and master.solve_lp(LAST_LP_S) is not None:
        weights = master.lp_weights()  # the time was up before the first step
    if weights is not None:
        for p, heaviest_pattern in enumerate(master.pick(weights)):
            if chosen[p] is None:
                chosen[p] = heaviest_pattern
    for _column, p, pattern in master.columns:  # no LP in time: any valid pattern
        if chosen[p] is None:
            chosen[p] = pattern
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
                   order: np.random.Generator | None = None,
                   stop: Callable[[], bool] = _never) -> tuple[float, int]:
    """Re-roster one person at a time against everyone else's head counts, keeping a new
    pattern only when the whole roster's penalty falls, until a full pass changes nothing or
    the deadline; `patterns` is changed in place. Returns the penalty and the changes."""
    counts = cover_counts(prob, patterns)
    cost = roster_cost(prob, patterns)
    changes = 0
    improved = True
    while improved and time.monotonic() < deadline and not stop():
        improved = False
        people = np.arange(prob.people)
        if order is not None:
            order.shuffle(people)
        for p in people:
            if time.monotonic() >= deadline or stop():
                break
            current = patterns[p]
            d = np.flatnonzero(current >= 0)
            counts[d, current[d]] -= 1
            found, _rc, _lower = pricers[p].price(response_duals(prob, counts),
                                                  _iterations(prob))
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
