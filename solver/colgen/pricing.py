"""Pricing: a person's cheapest roster by dynamic programming, global limits by Lagrange.

The dynamic programme (solver/colgen/dp.py) keeps runs of worked days and days off (their
minimum and maximum, the horizon's edges exempt), forbidden successions and days that cannot
be worked exactly; where its size allows, also the worked time and the capped counts
(weekends, shifts of a type). The limits it does not keep are priced
with non-negative multipliers that a subgradient loop adjusts; for any multipliers the
programme's value minus the multipliers times the limits is a lower bound on the person's
cheapest valid roster, so the bound it gives is valid even when the loop stops early. A roster
is returned as a column only when the exact check (problem.pattern_breaches) passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from solver.colgen.dp import adjust_minutes, cheapest_pattern, cheapest_timed_pattern
from solver.colgen.problem import FORBIDDEN, UNLIMITED, Problem, pattern_breaches

#: the subgradient step's scale at each pricing call (Polyak's, in (0, 2]), the steps without
#: a better bound before it is halved, its floor, and the gap between the bound and the best
#: valid reduced cost below which the steps stop
THETA = 2.0
STALL = 3
MIN_THETA = 1e-3
GAP = 1e-6
#: the largest programme (days x states x time levels x counted levels x shifts) that keeps
#: the worked time (and capped counts) exactly in its state, for one person; above it the
#: limits are priced by multipliers. generate() shares PRICING_OPS among the people instead.
TIMED_BUDGET = 5_000_000
PRICING_OPS = 150_000_000
#: runs of the programme when repairing a pattern that breaks a limit over the horizon
REPAIR_TRIES = 24
#: changes of one day tried to bring a repaired pattern's worked time into its limits
ADJUST_TRIES = 40
#: the extra cost of a cell banned while repairing (kept finite: fixed days stay feasible)
BANNED = 1e9


def _counter(kept: list[tuple[int, int]], shifts: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The mixed-radix counter of cheapest_timed_pattern for digits (cap, shift type or -1
    for weekends): digits[q, j], radix[j], type_digit[s], weekend_digit."""
    radix = np.ones(max(len(kept), 1), dtype=np.int64)
    for j in range(1, len(kept)):
        radix[j] = radix[j - 1] * (kept[j - 1][0] + 1)
    total = int(radix[-1] * (kept[-1][0] + 1)) if kept else 1
    digits = np.zeros((total, max(len(kept), 1)), dtype=np.int64)
    for q in range(total):
        for j, (cap, _what) in enumerate(kept):
            digits[q, j] = (q // radix[j]) % (cap + 1)
    type_digit = np.full(shifts, -1, dtype=np.int64)
    weekend_digit = -1
    for j, (_cap, what) in enumerate(kept):
        if what == -1:
            weekend_digit = j
        else:
            type_digit[what] = j
    return digits, radix, type_digit, weekend_digit


@dataclass
class PersonPricer:
    """The pricing of one person, keeping its multipliers from one call to the next."""

    prob: Problem
    p: int
    #: the largest programme kept exact (see TIMED_BUDGET)
    budget: float = TIMED_BUDGET
    #: multipliers: per shift type, max minutes, min minutes, weekends
    mu_type: np.ndarray = field(init=False)
    mu_max: float = 0.0
    mu_min: float = 0.0
    mu_weekend: float = 0.0
    #: calls of the dynamic programme so far
    calls: int = 0

    def __post_init__(self) -> None:
        self.mu_type = np.zeros(len(self.prob.shifts))
        prob, p = self.prob, self.p
        # cell fixes (set_fixes): cells closed to the person, days that must be worked
        self.closed = np.zeros(prob.allowed[p].shape, dtype=np.bool_)
        self.forced = np.full(prob.days, -1, dtype=np.int64)
        self.off = prob.off_cost[p].astype(float)
        self.base = np.where(prob.allowed[p], prob.work_cost[p], FORBIDDEN)
        self.days_open = prob.allowed[p].sum(axis=0)
        self.unit = float(prob.minutes.mean()) if len(prob.minutes) else 1.0
        self.type_binds = prob.max_type[p] < self.days_open
        # the worked time exactly in the programme's state where that is small enough
        step = int(np.gcd.reduce(prob.minutes)) if len(prob.minutes) else 1
        self.units = (prob.minutes // max(step, 1)).astype(np.int64)
        longest = int(self.units.max()) * prob.days if len(self.units) else 0
        self.high = min(longest, int(prob.max_minutes[p]) // max(step, 1))
        self.low = -(-int(prob.min_minutes[p]) // max(step, 1))
        states = len(prob.shifts) * int(prob.max_run[p]) + int(prob.min_off[p])
        size = prob.days * states * (self.high + 1) * len(prob.shifts)
        self.timed = size <= self.budget
        weekends = int(prob.weekend.max()) + 1 if len(prob.weekend) else 0
        # capped counts kept exactly in a mixed-radix counter while the programme stays
        # within its budget: weekends first, then the shift types of smallest cap
        caps: list[tuple[int, int]] = []  # (digit's cap, shift type or -1 for weekends)
        if prob.max_weekends[p] < weekends:
            caps.append((int(prob.max_weekends[p]), -1))
        caps += sorted((int(prob.max_type[p][t]), int(t))
                       for t in np.flatnonzero(self.type_binds) if prob.max_type[p][t] > 0)
        kept: list[tuple[int, int]] = []
        levels = 1
        for cap, what in caps:
            if self.timed and size * levels * (cap + 1) <= self.budget:
                kept.append((cap, what))
                levels *= cap + 1
        self.counter = _counter(kept, len(prob.shifts))
        self.weekends_counted = any(what == -1 for _cap, what in kept)
        counted = {what for _cap, what in kept}
        self.type_binds = self.type_binds & np.array(
            [t not in counted for t in range(len(prob.shifts))], dtype=np.bool_)
        self.max_binds = not self.timed and prob.max_minutes[p] < UNLIMITED
        self.min_binds = not self.timed and prob.min_minutes[p] > 0
        self.wk_binds = (not self.weekends_counted
                         and prob.max_weekends[p] < int(prob.weekend.max()) + 1)

    def set_fixes(self, forced: np.ndarray, forbidden: np.ndarray) -> None:
        """Fix cells for every later pattern: forced[d] the shift that must be worked on day d
        (-1: free; no day off on a forced day, no other shift), forbidden[d, s] the cells that
        may not be worked. All -1 and False: no fixes."""
        prob, p = self.prob, self.p
        self.forced = forced.astype(np.int64).copy()
        self.closed = forbidden.astype(np.bool_).copy()
        days = np.flatnonzero(self.forced >= 0)
        self.closed[days, :] = True
        self.closed[days, self.forced[days]] = False
        self.off = np.where(self.forced >= 0, FORBIDDEN, prob.off_cost[p]).astype(float)

    def keeps_fixes(self, pattern: np.ndarray) -> bool:
        """Whether `pattern` works every forced cell and no forbidden one."""
        days = np.flatnonzero(self.forced >= 0)
        if not np.array_equal(pattern[days], self.forced[days]):
            return False
        worked = np.flatnonzero(pattern >= 0)
        return not self.closed[worked, pattern[worked]].any()

    def _dp(self, duals: np.ndarray, banned: np.ndarray | None = None,
            bonus: float = 0.0, noise: np.ndarray | None = None) -> tuple[float, np.ndarray]:
        prob, p = self.prob, self.p
        per_shift = (self.mu_type + (self.mu_max - self.mu_min - bonus) * prob.minutes
                     / self.unit)
        work = self.base - duals + per_shift[None, :]
        if noise is not None:
            work = work + noise
        work[~prob.allowed[p] | self.closed] = FORBIDDEN
        if banned is not None:
            work[banned] += BANNED
        self.calls += 1
        if self.timed:
            if self.low > self.high:
                return np.inf, np.full(prob.days, -1, dtype=np.int64)
            value, pattern = cheapest_timed_pattern(
                work, self.off, prob.forbid, prob.weekend_first, self.mu_weekend,
                int(prob.max_run[p]), int(prob.min_run[p]), int(prob.min_off[p]), self.units,
                self.low, self.high, *self.counter)
        else:
            value, pattern = cheapest_pattern(
                work, self.off, prob.forbid, prob.weekend_first, self.mu_weekend,
                int(prob.max_run[p]), int(prob.min_run[p]), int(prob.min_off[p]))
        # a forced cell or a day off that cannot be avoided: no pattern keeps the fixes
        return (np.inf, pattern) if value >= FORBIDDEN / 2 else (value, pattern)

    def _constant(self) -> float:
        prob, p = self.prob, self.p
        total = float((self.mu_type[self.type_binds] * prob.max_type[p][self.type_binds]).sum())
        if self.max_binds:
            total += self.mu_max * prob.max_minutes[p] / self.unit
        if self.min_binds:
            total -= self.mu_min * prob.min_minutes[p] / self.unit
        if self.wk_binds:
            total += self.mu_weekend * prob.max_weekends[p]
        return total

    def _excess(self, pattern: np.ndarray) -> tuple[np.ndarray, float, float, float]:
        prob, p = self.prob, self.p
        worked = pattern >= 0
        counts = np.bincount(pattern[worked], minlength=len(prob.shifts))
        minutes = float(prob.minutes[pattern[worked]].sum()) / self.unit
        weekends = len({int(prob.weekend[d]) for d in np.flatnonzero(worked)
                        if prob.weekend[d] >= 0})
        g_type = np.where(self.type_binds, counts - prob.max_type[p], 0).astype(float)
        g_max = minutes - prob.max_minutes[p] / self.unit if self.max_binds else 0.0
        g_min = prob.min_minutes[p] / self.unit - minutes if self.min_binds else 0.0
        g_wk = float(weekends - prob.max_weekends[p]) if self.wk_binds else 0.0
        return g_type, g_max, g_min, g_wk

    def reduced_cost(self, duals: np.ndarray, pattern: np.ndarray) -> float:
        """The pattern's reduced cost for cover duals[d, s], before the convexity dual."""
        prob, p = self.prob, self.p
        days = np.arange(prob.days)
        worked = pattern >= 0
        return float(prob.work_cost[p, days[worked], pattern[worked]].sum()
                     + prob.off_cost[p, days[~worked]].sum()
                     - duals[days[worked], pattern[worked]].sum())

    def price(self, duals: np.ndarray, iterations: int = 6
              ) -> tuple[list[np.ndarray], float, float]:
        """Valid patterns found for cover duals[d, s] (each with its own cost), the best one's
        reduced cost before the convexity dual (inf if none), and a lower bound on the
        person's least reduced cost over every valid pattern.

        The multipliers start from the last call's; each call's subgradient steps are
        Polyak's towards the best valid reduced cost found (a repaired pattern's when the
        programme's own are not valid), from THETA and halved after STALL steps without a
        better bound, so that they follow the duals from one call to the next."""
        prob, p = self.prob, self.p
        found: list[np.ndarray] = []
        best_rc, bound = np.inf, -np.inf
        theta, stalled = THETA, 0
        repaired = False
        for _ in range(max(1, iterations)):
            value, pattern = self._dp(duals)
            if value == np.inf:
                return found, np.inf, np.inf  # no roster at all for the day-by-day rules
            lagrange = value - self._constant()
            if lagrange > bound + 1e-6:
                stalled = 0
            else:
                stalled += 1
                if stalled >= STALL:
                    theta, stalled = max(theta / 2, MIN_THETA), 0
            bound = max(bound, lagrange)
            g_type, g_max, g_min, g_wk = self._excess(pattern)
            valid = (g_type <= 0).all() and g_max <= 1e-9 and g_min <= 1e-9 and g_wk <= 0
            if valid and not pattern_breaches(prob, p, pattern):
                rc = self.reduced_cost(duals, pattern)
                if not any(np.array_equal(pattern, f) for f in found):
                    found.append(pattern)
                best_rc = min(best_rc, rc)
                slack = (float((self.mu_type * -g_type).sum()) + self.mu_max * -g_max
                         + self.mu_min * -g_min + self.mu_weekend * -g_wk)
                if slack <= 1e-9:
                    return found, best_rc, best_rc  # exact: the relaxation's optimum is valid
            if best_rc == np.inf and not repaired:
                # a valid pattern's reduced cost is the steps' target (and a column)
                repaired = True
                fixed = self.repair(duals)
                if fixed is not None:
                    found.append(fixed)
                    best_rc = self.reduced_cost(duals, fixed)
            if best_rc - bound <= GAP:
                break  # the bound meets the best valid pattern: nothing left to find
            # subgradient step towards the target (the best valid reduced cost, or above)
            norm = float((g_type ** 2).sum()) + g_max ** 2 + g_min ** 2 + g_wk ** 2
            if norm <= 1e-12:
                break  # the relaxed optimum breaks nothing priced: no direction to move in
            gap = (best_rc - lagrange) if best_rc < np.inf else abs(lagrange) * 0.01 + 1.0
            step = theta * max(gap, 1e-3) / norm
            self.mu_type = np.maximum(0.0, self.mu_type + step * g_type)
            self.mu_max = max(0.0, self.mu_max + step * g_max)
            self.mu_min = max(0.0, self.mu_min + step * g_min)
            self.mu_weekend = max(0.0, self.mu_weekend + step * g_wk)
        return found, best_rc, bound

    def repair(self, duals: np.ndarray, tries: int = REPAIR_TRIES, seed: int = 0
               ) -> np.ndarray | None:
        """A valid pattern near the relaxation's: the least valuable cells of a shift type
        over its cap are banned (whole weekends for the weekend limit), the worked time is
        brought into its limits by a price per minute found by bisection, and the programme
        is run again (None: none found)."""
        prob, p = self.prob, self.p
        banned = np.zeros(prob.allowed[p].shape, dtype=np.bool_)
        bonus, step = 0.0, None
        too_much: float | None = None  # a bonus at which the time was above its maximum
        too_little: float | None = None  # one at which it was below its minimum
        noise: np.ndarray | None = None
        for _ in range(tries):
            value, pattern = self._dp(duals, banned, bonus, noise)
            if value == np.inf:
                return None
            g_type, g_max, g_min, g_wk = self._excess(pattern)
            if (g_type <= 0).all() and g_wk <= 0:
                if g_max > 1e-9 or g_min > 1e-9:
                    adjusted = self._adjust_minutes(pattern, duals)
                    if adjusted is not None:
                        return adjusted
                elif not pattern_breaches(prob, p, pattern):
                    return pattern
            days = np.flatnonzero(pattern >= 0)
            cost = self.base[days, pattern[days]] - duals[days, pattern[days]]
            if step is None:
                step = max(1.0, float(np.abs(cost).mean()) if len(cost) else 1.0)
                # equal cells make the worked time jump with the price: spread them
                rng = np.random.default_rng((p, seed))
                noise = rng.uniform(0.0, step, prob.allowed[p].shape)
            before = int(banned.sum())
            for s in np.flatnonzero(g_type > 0):
                on = np.flatnonzero(pattern[days] == s)
                worst = on[np.argsort(-cost[on])[:int(g_type[s])]]
                banned[days[worst], s] = True
            if g_wk > 0:
                groups: dict[int, float] = {}
                for i, d in enumerate(days):
                    if prob.weekend[d] >= 0:
                        k = int(prob.weekend[d])
                        groups[k] = groups.get(k, 0.0) + float(cost[i])
                for k in sorted(groups, key=lambda k: -groups[k])[:int(g_wk)]:
                    banned[prob.weekend == k, :] = True
            if int(banned.sum()) > before:
                too_much = too_little = None  # another problem now: bisect afresh
                continue
            if g_max > 1e-9 or g_min > 1e-9:
                if g_max > 1e-9:
                    too_much = bonus
                else:
                    too_little = bonus
                if too_much is not None and too_little is not None:
                    bonus = (too_much + too_little) / 2
                else:
                    bonus += -step if g_max > 1e-9 else step
                    step *= 2
        return None

    def _adjust_minutes(self, pattern: np.ndarray, duals: np.ndarray) -> np.ndarray | None:
        """The pattern with one day changed (another shift, a shift added or taken away)
        so that the worked time is within its limits and every hard rule holds: the
        cheapest of the first ADJUST_TRIES such changes by cost (None: none); compiled
        (dp.adjust_minutes), the result confirmed by the exact check."""
        prob, p = self.prob, self.p
        adjusted = adjust_minutes(
            pattern, self.base - duals, prob.off_cost[p].astype(float),
            prob.allowed[p] & ~self.closed, self.forced, prob.allowed[p], prob.forbid,
            prob.minutes.astype(np.int64), prob.max_type[p].astype(np.int64),
            int(prob.min_minutes[p]), int(prob.max_minutes[p]), int(prob.max_run[p]),
            int(prob.min_run[p]), int(prob.min_off[p]), prob.weekend.astype(np.int64),
            int(prob.max_weekends[p]), ADJUST_TRIES)
        if len(adjusted) == 0 or pattern_breaches(prob, p, adjusted):
            return None
        return adjusted
