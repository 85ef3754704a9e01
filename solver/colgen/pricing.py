"""Pricing: a person's cheapest roster by dynamic programming, global limits by Lagrange.

The dynamic programme runs over the person's days with the state (last shift, length of the
current run of worked days) or (off, length of the current run of days off, capped at the
minimum), so runs of worked days and days off (their minimum and maximum, the horizon's
edges exempt), forbidden successions and days that cannot be worked are kept exactly. The
limits over the whole horizon (shifts per type, total minutes, working weekends) are priced
with non-negative multipliers that a subgradient loop adjusts; for any multipliers the
programme's value minus the multipliers times the limits is a lower bound on the person's
cheapest valid roster, so the bound it gives is valid even when the loop stops early. A roster
is returned as a column only when the exact check (problem.pattern_breaches) passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numba import njit

from solver.colgen.problem import FORBIDDEN, UNLIMITED, Problem, pattern_breaches

#: subgradient iterations without a better bound before the step is halved, and its floor
STALL = 3
MIN_THETA = 1e-3
#: runs of the programme when repairing a pattern that breaks a limit over the horizon
REPAIR_TRIES = 12


@njit(cache=True)
def cheapest_pattern(work: np.ndarray, off: np.ndarray, forbid: np.ndarray,
                     weekend_first: np.ndarray, weekend_price: float, max_run: int,
                     min_run: int, min_off: int) -> tuple[float, np.ndarray]:  # pragma: no cover
    """The cheapest pattern (shift index per day, -1 off) for cell costs work[d, s] (at least
    FORBIDDEN: not allowed), day-off costs off[d], weekend_price per worked weekend."""
    n, S = work.shape
    k = max(max_run, 1)
    o = max(min_off, 1)
    nw = S * k
    ns = nw + o
    big = FORBIDDEN / 2
    val = np.full(ns, np.inf)
    new = np.full(ns, np.inf)
    pred = np.full((n, ns), -1, dtype=np.int32)
    for s in range(S):
        if work[0, s] < big:
            val[s * k] = work[0, s] + (weekend_price if weekend_first[0] >= 0 else 0.0)
    val[nw] = off[0]
    for d in range(1, n):
        new[:] = np.inf
        # a day off after a run of worked days long enough (or one from day 0)
        best, arg = np.inf, -1
        for i in range(nw):
            r = i % k + 1
            if val[i] < best and (r >= min_run or r == d):
                best, arg = val[i], i
        if arg >= 0:
            new[nw] = best + off[d]
            pred[d, nw] = arg
        for r in range(1, o + 1):
            i = nw + r - 1
            if val[i] == np.inf:
                continue
            t = min(r + 1, o)
            j = nw + t - 1
            if val[i] + off[d] < new[j]:
                new[j] = val[i] + off[d]
                pred[d, j] = i
        # the best day off to start a run from
        best_off, arg_off = np.inf, -1
        for r in range(1, o + 1):
            i = nw + r - 1
            if val[i] < best_off and (r >= o or r == d):
                best_off, arg_off = val[i], i
        first = weekend_first[d]
        for t in range(S):
            c = work[d, t]
            if c >= big:
                continue
            if arg_off >= 0:
                v = best_off + c + (weekend_price if first >= 0 else 0.0)
                j = t * k
                if v < new[j]:
                    new[j] = v
                    pred[d, j] = arg_off
            extra = weekend_price if first == 1 else 0.0
            for s in range(S):
                if forbid[s, t]:
                    continue
                for r in range(1, k):
                    i = s * k + r - 1
                    if val[i] == np.inf:
                        continue
                    v = val[i] + c + extra
                    j = t * k + r
                    if v < new[j]:
                        new[j] = v
                        pred[d, j] = i
        val, new = new, val
    best, arg = np.inf, -1
    for i in range(ns):
        if val[i] < best:
            best, arg = val[i], i
    pattern = np.full(n, -1, dtype=np.int64)
    if arg < 0:
        return np.inf, pattern
    i = arg
    for d in range(n - 1, -1, -1):
        pattern[d] = i // k if i < nw else -1
        i = pred[d, i]
    return best, pattern


@dataclass
class PersonPricer:
    """The pricing of one person, keeping its multipliers from one call to the next."""

    prob: Problem
    p: int
    #: multipliers: per shift type, max minutes, min minutes, weekends
    mu_type: np.ndarray = field(init=False)
    mu_max: float = 0.0
    mu_min: float = 0.0
    mu_weekend: float = 0.0
    #: calls of the dynamic programme so far
    calls: int = 0
    #: the subgradient step's scale, halved when the bound stalls
    theta: float = 1.0
    stalled: int = 0

    def __post_init__(self) -> None:
        self.mu_type = np.zeros(len(self.prob.shifts))
        prob, p = self.prob, self.p
        self.base = np.where(prob.allowed[p], prob.work_cost[p], FORBIDDEN)
        self.days_open = prob.allowed[p].sum(axis=0)
        self.unit = float(prob.minutes.mean()) if len(prob.minutes) else 1.0
        self.type_binds = prob.max_type[p] < self.days_open
        self.max_binds = prob.max_minutes[p] < UNLIMITED
        self.min_binds = prob.min_minutes[p] > 0
        self.wk_binds = prob.max_weekends[p] < int((prob.weekend >= 0).sum())

    def _dp(self, duals: np.ndarray, banned: np.ndarray | None = None,
            bonus: float = 0.0) -> tuple[float, np.ndarray]:
        prob, p = self.prob, self.p
        per_shift = (self.mu_type + (self.mu_max - self.mu_min - bonus) * prob.minutes
                     / self.unit)
        work = self.base - duals + per_shift[None, :]
        work[~prob.allowed[p]] = FORBIDDEN
        if banned is not None:
            work[banned] = FORBIDDEN
        self.calls += 1
        return cheapest_pattern(work, prob.off_cost[p], prob.forbid, prob.weekend_first,
                                self.mu_weekend, int(prob.max_run[p]), int(prob.min_run[p]),
                                int(prob.min_off[p]))

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

    def price(self, duals: np.ndarray, iterations: int = 6
              ) -> tuple[list[np.ndarray], float, float]:
        """Valid patterns found for cover duals[d, s] (each with its own cost), the best one's
        reduced cost before the convexity dual (inf if none), and a lower bound on the
        person's least reduced cost over every valid pattern."""
        prob, p = self.prob, self.p
        found: list[np.ndarray] = []
        best_rc, bound = np.inf, -np.inf
        days = np.arange(prob.days)
        for _ in range(max(1, iterations)):
            value, pattern = self._dp(duals)
            if value == np.inf:
                return found, np.inf, np.inf  # no roster at all for the day-by-day rules
            lagrange = value - self._constant()
            if lagrange > bound + 1e-6:
                self.stalled = 0
            else:
                self.stalled += 1
                if self.stalled >= STALL:
                    self.theta, self.stalled = max(self.theta / 2, MIN_THETA), 0
            bound = max(bound, lagrange)
            g_type, g_max, g_min, g_wk = self._excess(pattern)
            valid = (g_type <= 0).all() and g_max <= 1e-9 and g_min <= 1e-9 and g_wk <= 0
            if valid and not pattern_breaches(prob, p, pattern):
                worked = pattern >= 0
                rc = float(prob.work_cost[p, days[worked], pattern[worked]].sum()
                           + prob.off_cost[p, days[~worked]].sum()
                           - duals[days[worked], pattern[worked]].sum())
                if not any(np.array_equal(pattern, f) for f in found):
                    found.append(pattern)
                best_rc = min(best_rc, rc)
                slack = (float((self.mu_type * -g_type).sum()) + self.mu_max * -g_max
                         + self.mu_min * -g_min + self.mu_weekend * -g_wk)
                if slack <= 1e-9:
                    return found, best_rc, best_rc  # exact: the relaxation's optimum is valid
            # subgradient step towards the target (the best valid reduced cost, or above)
            norm = float((g_type ** 2).sum()) + g_max ** 2 + g_min ** 2 + g_wk ** 2
            gap = (best_rc - lagrange) if best_rc < np.inf else abs(lagrange) * 0.01 + 1.0
            step = self.theta * max(gap, 1e-3) / max(norm, 1e-9)
            self.mu_type = np.maximum(0.0, self.mu_type + step * g_type)
            self.mu_max = max(0.0, self.mu_max + step * g_max)
            self.mu_min = max(0.0, self.mu_min + step * g_min)
            self.mu_weekend = max(0.0, self.mu_weekend + step * g_wk)
        repaired = None if found else self.repair(duals)
        if repaired is not None:
            found.append(repaired)
            worked = repaired >= 0
            best_rc = float(prob.work_cost[p, days[worked], repaired[worked]].sum()
                            + prob.off_cost[p, days[~worked]].sum()
                            - duals[days[worked], repaired[worked]].sum())
        return found, best_rc, bound

    def repair(self, duals: np.ndarray, tries: int = REPAIR_TRIES) -> np.ndarray | None:
        """A valid pattern near the relaxation's: the least valuable cells of a limit that is
        exceeded are banned (whole weekends for the weekend limit), work is made cheaper while
        the minutes fall short, and the programme is run again (None: none found)."""
        prob, p = self.prob, self.p
        banned = np.zeros(prob.allowed[p].shape, dtype=np.bool_)
        bonus = 0.0
        for _ in range(tries):
            value, pattern = self._dp(duals, banned, bonus)
            if value == np.inf:
                return None
            g_type, g_max, g_min, g_wk = self._excess(pattern)
            if ((g_type <= 0).all() and g_max <= 1e-9 and g_min <= 1e-9 and g_wk <= 0
                    and not pattern_breaches(prob, p, pattern)):
                return pattern
            days = np.flatnonzero(pattern >= 0)
            cost = self.base[days, pattern[days]] - duals[days, pattern[days]]
            for s in np.flatnonzero(g_type > 0):
                on = np.flatnonzero(pattern[days] == s)
                worst = on[np.argsort(-cost[on])[:int(g_type[s])]]
                banned[days[worst], s] = True
            if g_max > 1e-9:
                count = int(np.ceil(g_max * self.unit / prob.minutes.max()))
                worst = np.argsort(-cost)[:count]
                banned[days[worst], pattern[days[worst]]] = True
            if g_wk > 0:
                groups: dict[int, float] = {}
                for i, d in enumerate(days):
                    if prob.weekend[d] >= 0:
                        k = int(prob.weekend[d])
                        groups[k] = groups.get(k, 0.0) + float(cost[i])
                for k in sorted(groups, key=lambda k: -groups[k])[:int(g_wk)]:
                    banned[prob.weekend == k, :] = True
            if g_min > 1e-9:
                bonus += max(1.0, float(np.abs(cost).mean()) if len(cost) else 1.0)
        return None
