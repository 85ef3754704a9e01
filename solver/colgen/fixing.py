"""Integer rosters by gradual cell fixing (after Strandmark, Qu and Curtois 2020), with pricing.

After each LP a person's share of a (day, shift) cell is the weight of their patterns that
work it. When the LP value has stopped falling (by at most STALL in a round), or PATIENCE
rounds have passed without a fixing step, cells at FIX_ONE or more are forced for their
person (the threshold lowered by LOWER_BY down to LOWEST when none qualifies) and cells whose
smoothed share is at most FIX_ZERO are forbidden; the person's columns that contradict a fix
are bounded to 0 and their pricing keeps the fixes in every new pattern. When no cell can be
fixed, a column of weight FIX_COLUMN or more (else a fractional person's heaviest) is fixed
to 1 and that person is priced no more. From PACE_FROM of the time on, people are also fixed
to their heaviest column at the pace that finishes by the deadline. A person whose fixes
leave no pattern (their artificial column in the LP) has their fixes relaxed. At the
deadline, or once the LP is integral and nothing more prices out, everyone takes their
heaviest column.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from solver.colgen.generate import (
    ENTER,
    FEW_ITERATIONS,
    ITERATIONS,
    LARGE_CELLS,
    LAST_LP_S,
    Generation,
    clip_duals,
)
from solver.colgen.problem import pattern_cost

#: a cell whose share is at least this is forced (lowered by LOWER_BY while above LOWEST
#: when no cell qualifies)
FIX_ONE = 0.75
LOWER_BY = 0.9
LOWEST = 0.51
#: a cell whose smoothed share is at most this is forbidden; the smoothing keeps KEEP of the
#: history each round, which starts at HISTORY_START
FIX_ZERO = 0.05
KEEP = 0.95
HISTORY_START = 0.5
#: the LP value may fall by at most this in a round for a fixing step
STALL = 1.0
#: rounds without a fixing step after which one is taken whatever the LP does
PATIENCE = 3
#: the weight from which a column is fixed when no cell can be
FIX_COLUMN = 0.5
#: the share of the dive's time after which people are also fixed to a column at the pace
#: that finishes by the deadline
PACE_FROM = 1 / 3
#: a column's weight counted as 0 / as 1
ZERO = 1e-9
ONE = 1.0 - 1e-7


def _never() -> bool:
    return False


@dataclass
class CellFixing:
    """The state of one fixing dive: the columns as arrays, the fixes, the share history."""

    gen: Generation
    #: per person and day the forced shift (-1 none), per person the forbidden cells
    forced: np.ndarray = field(init=False)
    forbidden: np.ndarray = field(init=False)
    history: np.ndarray = field(init=False)
    #: people fixed to one column (priced no more)
    done: set[int] = field(default_factory=set)
    #: per person the columns bounded to 0 by their cell fixes
    closed: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        prob = self.gen.prob
        shape = (prob.people, prob.days, len(prob.shifts))
        self.forced = np.full(shape[:2], -1, dtype=np.int64)
        self.forbidden = np.zeros(shape, dtype=np.bool_)
        self.history = np.full(shape, HISTORY_START)
        self.seen = 0
        self.col = np.zeros(0, dtype=np.int64)
        self.person = np.zeros(0, dtype=np.int64)
        self.pats = np.zeros((0, prob.days), dtype=np.int64)
        #: per row whether its column is not bounded to 0 by a cell fix
        self.open = np.zeros(0, dtype=np.bool_)

    def sync(self) -> None:
        """Take the master's columns added since the last call into the arrays."""
        new = self.gen.master.columns[self.seen:]
        if not new:
            return
        self.seen += len(new)
        self.col = np.concatenate([self.col, [c for c, _p, _x in new]])
        self.person = np.concatenate([self.person, [p for _c, p, _x in new]])
        self.pats = np.vstack([self.pats, np.stack([x for _c, _p, x in new])])
        self.open = np.concatenate([self.open, np.ones(len(new), dtype=np.bool_)])

    def weights_of(self, weights: np.ndarray) -> np.ndarray:
        """The LP weight per row, 0 for a column closed since that LP."""
        return np.where(self.open, weights[self.col], 0.0)

    def shares(self, weights: np.ndarray) -> np.ndarray:
        """Per person, day and shift the LP weight of their patterns working that cell."""
        prob = self.gen.prob
        n, S = prob.days, len(prob.shifts)
        w = self.weights_of(weights)
        rows = np.flatnonzero(w > ZERO)
        return _cells(self.person[rows], self.pats[rows], w[rows], prob.people, n, S)

    def keeps(self, p: int, pats: np.ndarray) -> np.ndarray:
        """Which of person p's patterns keep their fixes (bool per row of pats)."""
        days = np.flatnonzero(self.forced[p] >= 0)
        ok = (pats[:, days] == self.forced[p, days]).all(axis=1)
        on = pats >= 0
        bad = self.forbidden[p][np.arange(pats.shape[1])[None, :], np.maximum(pats, 0)] & on
        return ok & ~bad.any(axis=1)

    def apply(self, p: int) -> None:
        """Person p's fixes into their pricing and their contradicting columns bounded to 0."""
        self.gen.pricers[p].set_fixes(self.forced[p], self.forbidden[p])
        mine = np.flatnonzero(self.person == p)
        bad = mine[~self.keeps(p, self.pats[mine])]
        self.open[bad] = False
        columns = [int(c) for c in self.col[bad]]
        self.gen.master.close(columns)
        self.closed.setdefault(p, []).extend(columns)

    def relax(self, p: int) -> None:
        """Drop person p's cell fixes (their fixes leave them no pattern)."""
        self.forced[p] = -1
        self.forbidden[p] = False
        self.gen.pricers[p].set_fixes(self.forced[p], self.forbidden[p])
        self.gen.master.reopen(self.closed.pop(p, []))
        self.open[self.person == p] = True

    def fix_cells(self, weights: np.ndarray, threshold: float) -> int:
        """Force every person's cells at `threshold` or more and forbid those whose history
        is at most FIX_ZERO (each fix leaves some of their weight); the forced cells."""
        prob = self.gen.prob
        n, S = prob.days, len(prob.shifts)
        w_all = self.weights_of(weights)
        forced_count = 0
        for p in range(prob.people):
            if p in self.done:
                continue
            mine = np.flatnonzero((self.person == p) & (w_all > ZERO))
            if not len(mine):
                continue
            pats, w = self.pats[mine], w_all[mine].copy()
            cell = _cells(np.zeros(len(mine), dtype=np.int64), pats, w, 1, n, S)[0]
            changed = False
            while True:
                free = np.where((self.forced[p] < 0)[:, None], cell, 0.0)
                d, s = np.unravel_index(int(np.argmax(free)), free.shape)
                if free[d, s] < threshold:
                    break
                self.forced[p, d] = s
                w[pats[:, d] != s] = 0.0
                cell = _cells(np.zeros(len(mine), dtype=np.int64), pats, w, 1, n, S)[0]
                forced_count += 1
                changed = True
            zero = ((self.history[p] <= FIX_ZERO) & ~self.forbidden[p]
                    & (self.forced[p] < 0)[:, None] & prob.allowed[p])
            for d, s in zip(*np.nonzero(zero), strict=True):
                having = pats[:, d] == s
                if w[having].sum() > ZERO:
                    if w[~having].sum() <= ZERO:
                        continue  # all their weight works it: not forbidden
                    w[having] = 0.0
                self.forbidden[p, d, s] = True
                changed = True
            if changed:
                self.apply(p)
        return forced_count

    def fix_columns(self, weights: np.ndarray, count: int, fractional_only: bool) -> int:
        """Fix the heaviest column of up to `count` people to 1 (heaviest first; with
        `fractional_only`, columns of weight in [FIX_COLUMN, 1), else a fractional person's
        heaviest column when there is none such); the people fixed."""
        w = self.weights_of(weights)
        free = np.array([p not in self.done for p in self.person], dtype=np.bool_)
        best: dict[int, int] = {}  # person: row of their heaviest column
        for row in np.flatnonzero(free & (w > ZERO)):
            p = int(self.person[row])
            if p not in best or w[row] > w[best[p]]:
                best[p] = int(row)
        if fractional_only:
            heavy = {p: r for p, r in best.items() if FIX_COLUMN <= w[r] < ONE}
            if not heavy:
                several = np.bincount(self.person[free & (w > ZERO)],
                                      minlength=self.gen.prob.people)
                heavy = {p: r for p, r in best.items() if several[p] > 1}
            best = heavy
        fixed = 0
        for p in sorted(best, key=lambda p: -w[best[p]])[:count]:
            self.gen.master.fix(p, int(self.col[best[p]]))
            self.done.add(p)
            fixed += 1
        return fixed

    def step(self, weights: np.ndarray) -> bool:
        """One fixing step: cells at a lowering threshold, else a column (False: the LP is
        integral for everyone left, nothing to fix)."""
        threshold = FIX_ONE
        while threshold > LOWEST:
            if self.fix_cells(weights, threshold):
                return True
            threshold *= LOWER_BY
        return self.fix_columns(weights, 1, True) > 0


def _cells(person: np.ndarray, pats: np.ndarray, w: np.ndarray, people: int, n: int,
           S: int) -> np.ndarray:
    """Sum of w over the patterns' worked cells, per person, day and shift."""
    rows, days = np.nonzero(pats >= 0)
    index = (person[rows] * n + days) * S + pats[rows, days]
    return np.bincount(index, weights=w[rows], minlength=people * n * S).reshape(people, n, S)


def _price(fixing: CellFixing, duals: np.ndarray, sigma: np.ndarray, deadline: float,
           stop: Callable[[], bool]) -> int:
    """Price everyone not fixed to a column under their fixes; the columns added."""
    gen = fixing.gen
    prob = gen.prob
    iterations = ITERATIONS if prob.people * prob.days <= LARGE_CELLS else FEW_ITERATIONS
    added = 0
    for p, pricer in enumerate(gen.pricers):
        if p in fixing.done:
            continue
        if time.monotonic() >= deadline or stop():
            break
        patterns, _best_rc, _lower = pricer.price(duals, iterations)
        for pattern in patterns:
            days = np.flatnonzero(pattern >= 0)
            rc = pattern_cost(prob, p, pattern) - duals[days, pattern[days]].sum()
            if (rc - sigma[p] < ENTER and pricer.keeps_fixes(pattern)
                    and gen.master.add_pattern(p, pattern)):
                added += 1
    return added


def cell_dive(gen: Generation, deadline: float, stop: Callable[[], bool] = _never
              ) -> list[np.ndarray | None]:
    """A pattern per person by gradual cell fixing interleaved with pricing (see the module
    docstring), by the deadline (time.monotonic seconds); None: that person has no valid
    pattern. The pricers' fixes are cleared at the end; the master keeps its bounds."""
    prob, master = gen.prob, gen.master
    fixing = CellFixing(gen)
    weights: np.ndarray | None = None
    start = time.monotonic()
    pace_from = start + PACE_FROM * max(0.0, deadline - start)
    previous = math.inf
    waited = 0
    while len(fixing.done) < prob.people and time.monotonic() < deadline and not stop():
        began = time.monotonic()
        # after added columns, primal simplex re-solves the master about twice as fast as dual
        solved = master.solve_lp(deadline - began, primal=True)
        if solved is None:
            break
        value, raw, sigma = solved
        weights = master.lp_weights()
        fixing.sync()
        fixing.history = KEEP * fixing.history + (1 - KEEP) * fixing.shares(weights)
        for p in list(fixing.closed):
            if p not in fixing.done and weights[master.artificial[p]] > 1e-6:
                fixing.relax(p)
        change, previous = value - previous, value
        added = _price(fixing, clip_duals(prob, raw), sigma, deadline, stop)
        if -STALL <= change <= 0 or not added or waited >= PATIENCE:
            if not fixing.step(weights) and not added:
                break  # integral and nothing prices out: the LP's roster is the dive's
            waited = 0
        else:
            waited += 1
        # from PACE_FROM of the time on, as many people fixed to a column as it takes to
        # finish by the deadline at the pace of this round
        now = time.monotonic()
        rounds_left = (deadline - now) / max(now - began, 1e-3)
        free = prob.people - len(fixing.done)
        if now >= pace_from and free > rounds_left:
            fixing.fix_columns(weights, math.ceil(free / max(rounds_left, 1.0)), False)
    # the last fixes into the weights (this LP may take LAST_LP_S past the deadline)
    if master.solve_lp(max(LAST_LP_S, deadline - time.monotonic()), primal=True) is not None:
        weights = master.lp_weights()
    chosen: list[np.ndarray | None] = [None] * prob.people
    if weights is not None:
        chosen = master.pick(weights)
    fixing.sync()
    for p in range(prob.people):  # no weight on a column: one that keeps the fixes, or any
        if chosen[p] is None:
            mine = np.flatnonzero(fixing.person == p)
            if len(mine):
                ok = mine[fixing.keeps(p, fixing.pats[mine])]
                chosen[p] = fixing.pats[ok[0] if len(ok) else mine[0]]
    for p in range(prob.people):
        gen.pricers[p].set_fixes(np.full(prob.days, -1, dtype=np.int64),
                                 np.zeros(prob.allowed[p].shape, dtype=np.bool_))
    return chosen
