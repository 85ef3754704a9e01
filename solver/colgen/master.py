"""The restricted master over people's patterns, solved by HiGHS (LP, and as an integer programme).

Rows: one convexity row per person (their patterns' weights sum to 1) and one row per dated
cover row (head count + under - over = target). Columns: the patterns (cost = their request
penalty), each row's under and over slack at its weights (no over slack where nobody above the
target is allowed), and per person an artificial column at a prohibitive cost that keeps the
LP feasible before that person has a valid pattern (it is never part of a returned roster).
Total rows (add_total) bound a sum of slack columns, for the bound's splits (split.py); each
has two artificial columns at TOTAL_ARTIFICIAL x the largest slack weight, so that a split
no roster can meet still has an LP.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import highspy
import numpy as np

from solver.colgen.problem import Problem, pattern_cost

#: the cost of a person's artificial column
ARTIFICIAL = 1e7
#: a total row's artificial columns cost this many times the largest slack weight (a larger
#: factor made HiGHS's dual simplex stall on Instance9)
TOTAL_ARTIFICIAL = 10.0
#: HiGHS's simplex_strategy values: its own choice, the primal simplex
CHOOSE = 0
PRIMAL = 4


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints a banner on stdout (C level) when a solver is created: kept off the
    user's screen."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):  # no real stdout (e.g. captured): nothing to hide
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance."""
    with _quiet_stdout():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


class Master:
    """The restricted master of one problem; patterns are added column by column."""

    def __init__(self, prob: Problem) -> None:
        self.prob = prob
        P = prob.people
        self.h = new_highs()
        self.inf = highspy.kHighsInf
        days, shifts = np.nonzero(prob.has_row)
        self.row_of = np.full(prob.has_row.shape, -1, dtype=np.int64)
        self.row_of[days, shifts] = P + np.arange(len(days))
        self.n_rows = P + len(days)
        lower = np.concatenate([np.ones(P), prob.target[days, shifts].astype(float)])
        self.h.addRows(self.n_rows, lower, lower.copy(), 0, np.zeros(0, dtype=np.int32),
                       np.zeros(0, dtype=np.int32), np.zeros(0))
        self.n_cols = 0
        #: per cover row (in has_row's order) its under and over slack column (-1: none)
        self.under_col = np.full(len(days), -1, dtype=np.int32)
        self.over_col = np.full(len(days), -1, dtype=np.int32)
        for i, (d, s) in enumerate(zip(days, shifts, strict=True)):
            row = np.array([P + i], dtype=np.int32)
            self.under_col[i] = self._add(float(prob.under_weight[d, s]), row, np.ones(1))
            if prob.over_weight[d, s] >= 0:
                self.over_col[i] = self._add(float(prob.over_weight[d, s]), row, -np.ones(1))
        self.row_days, self.row_shifts = days, shifts
        #: total rows: the slack columns each sums; their artificial columns
        self.totals: list[np.ndarray] = []
        self.total_artificial: list[int] = []
        self.artificial = [self._add(ARTIFICIAL, np.array([p], dtype=np.int32), np.ones(1))
                           for p in range(P)]
        self.columns: list[tuple[int, int, np.ndarray]] = []  # (column, person, pattern)
        self.seen: set[tuple[int, bytes]] = set()

    def _add(self, cost: float, rows: np.ndarray, values: np.ndarray) -> int:
        self.h.addCol(cost, 0.0, self.inf, len(rows), rows, values)
        self.n_cols += 1
        return self.n_cols - 1

    def add_pattern(self, p: int, pattern: np.ndarray) -> bool:
        """Add person p's pattern as a column (False if it is already there)."""
        key = (p, pattern.tobytes())
        if key in self.seen:
            return False
        self.seen.add(key)
        d = np.flatnonzero(pattern >= 0)
        rows = self.row_of[d, pattern[d]]
        rows = np.concatenate([[p], rows[rows >= 0]]).astype(np.int32)
        column = self._add(pattern_cost(self.prob, p, pattern), rows, np.ones(len(rows)))
        self.columns.append((column, p, pattern))
        return True

    def solve_lp(self, time_limit: float, primal: bool = False
                 ) -> tuple[float, np.ndarray, np.ndarray] | None:
        """The LP's value, the cover rows' duals (float64[n, S], 0 where no row) and the
        convexity rows' duals; None if HiGHS did not solve it in time. `primal`: by the
        primal simplex, which starts from the last basis when only columns were added (the
        column generation's case: 2-3 times faster per round on Instance13 than HiGHS's
        choice); else HiGHS chooses (after fixings the last basis is no longer feasible)."""
        # HiGHS's clock runs over every solve of the instance: the limit is on that clock
        self.h.setOptionValue("time_limit", self.h.getRunTime() + max(0.05, time_limit))
        self.h.setOptionValue("simplex_strategy", PRIMAL if primal else CHOOSE)
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        dual = np.asarray(self.h.getSolution().row_dual)
        cover = np.zeros(self.prob.has_row.shape)
        rows = self.row_of >= 0
        cover[rows] = dual[self.row_of[rows]]
        value = float(self.h.getInfo().objective_function_value)
        return value, cover, dual[:self.prob.people]

    def add_total(self, columns: np.ndarray) -> int:
        """A row bounding the sum of these slack columns (free until bound_total), with its
        two artificial columns; returns its index among the total rows."""
        row = self.n_rows + len(self.totals)
        cols = np.asarray(columns, dtype=np.int32)
        self.h.addRow(-self.inf, self.inf, len(cols), cols, np.ones(len(cols)))
        weights = np.concatenate([self.prob.under_weight[self.prob.has_row],
                                  self.prob.over_weight[self.prob.has_row], [1.0]])
        cost = TOTAL_ARTIFICIAL * float(weights.max())
        for sign in (1.0, -1.0):
            self.total_artificial.append(
                self._add(cost, np.array([row], dtype=np.int32), np.array([sign])))
        self.totals.append(cols)
        return len(self.totals) - 1

    def bound_total(self, total: int, lower: float, upper: float) -> None:
        """Bound total row `total` to [lower, upper] (-inf / inf: unbounded that side)."""
        self.h.changeRowBounds(self.n_rows + total, lower, upper)

    def total_duals(self) -> np.ndarray:
        """The last LP's duals of the total rows."""
        dual = np.asarray(self.h.getSolution().row_dual)
        return dual[self.n_rows:self.n_rows + len(self.totals)].copy()

    def reopen_all(self) -> None:
        """Every pattern and artificial column bounded to [0, inf) again (after a dive)."""
        cols = np.array([c for c, _p, _x in self.columns] + list(self.artificial),
                        dtype=np.int32)
        self.reopen(list(cols))

    def lp_weights(self) -> np.ndarray:
        """The LP's value of every column."""
        return np.asarray(self.h.getSolution().col_value)

    def heaviest(self, values: np.ndarray) -> dict[int, tuple[float, int, np.ndarray]]:
        """Per person with a pattern of weight above 0 in `values`: (weight, column,
        pattern) of the heaviest."""
        found: dict[int, tuple[float, int, np.ndarray]] = {}
        for column, p, pattern in self.columns:
            if column >= len(values):
                continue  # added after these values were found
            weight = float(values[column])
            if weight > 1e-9 and (p not in found or weight > found[p][0]):
                found[p] = (weight, column, pattern)
        return found

    def fix(self, p: int, column: int) -> None:
        """Fix person p to the pattern of `column`: their other columns and artificial
        column are closed (new columns must not be added for p afterwards)."""
        closed = [c for c, q, _x in self.columns if q == p and c != column]
        closed.append(self.artificial[p])
        cols = np.array(closed, dtype=np.int32)
        self.h.changeColsBounds(len(cols), cols, np.zeros(len(cols)), np.zeros(len(cols)))

    def close(self, columns: list[int]) -> None:
        """Bound these columns to 0 (patterns that contradict a person's cell fixes)."""
        if columns:
            cols = np.array(columns, dtype=np.int32)
            self.h.changeColsBounds(len(cols), cols, np.zeros(len(cols)), np.zeros(len(cols)))

    def reopen(self, columns: list[int]) -> None:
        """Bound these columns to [0, inf) again (a person's cell fixes relaxed)."""
        if columns:
            cols = np.array(columns, dtype=np.int32)
            self.h.changeColsBounds(len(cols), cols, np.zeros(len(cols)),
                                    np.full(len(cols), self.inf))

    def pick(self, values: np.ndarray) -> list[np.ndarray | None]:
        """Per person, the pattern of largest weight in `values` (None: none above 0)."""
        chosen: list[np.ndarray | None] = [None] * self.prob.people
        weight = np.zeros(self.prob.people)
        for column, p, pattern in self.columns:
            if column < len(values) and values[column] > weight[p] + 1e-9:
                chosen[p], weight[p] = pattern, values[column]
        return chosen
