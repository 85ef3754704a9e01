"""A lower bound above the pattern LP's: a best-first branch and price that splits on totals of
missing and surplus cover (after Burke & Curtois 2014's branch and price on these benchmarks).

Every roster's missing cover on a row is a whole number, so is any sum of them: a node whose
LP has a fractional total T (the under slacks of the rows of one under weight, else the over
slacks of one over weight, else one row's slack) splits into T <= floor and T >= ceil. The
splits are rows on slack columns only (Master.add_total), so the pricing is unchanged: each
node's LP is generated again from every column so far, and its bound is the Lagrangian one at
the LP's duals (node_bound), valid whatever the duals. A node whose LP gives everyone one
whole pattern holds a roster, the new incumbent where it is better. A node at or above the
incumbent is closed; the tree's bound is the least open node's (the incumbent once none is
open). A node whose slacks are all whole cannot be split here: its bound is final.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from solver.colgen.generate import ENTER, TOLERANCE, Generation
from solver.colgen.problem import pattern_cost, roster_cost

#: a total this close to a whole number counts as whole
WHOLE = 1e-6
#: pricing rounds in a row that add no column (the pricing inexact) before a node stops
IDLE_ROUNDS = 3
#: subgradient steps per person and pricing call in the nodes
ITERATIONS = 10


def _never() -> bool:
    return False


def whole(bound: float) -> float:
    """A bound rounded up to the next whole number (penalties are whole); -inf stays."""
    return bound if bound == -math.inf else math.ceil(bound - TOLERANCE)


@dataclass(frozen=True)
class Split:
    """One side of a branch: total row `total` within [lower, upper]."""

    total: int
    lower: float
    upper: float


@dataclass(order=True)
class Node:
    """An open node: its bound so far (its parent's until it is solved) and its splits."""

    bound: float
    order: int
    splits: tuple[Split, ...] = field(compare=False)


@dataclass
class SplitResult:
    """The tree's proven bound, the nodes solved, whether it closed (the bound is then the
    incumbent's penalty: that roster is optimal), and a roster better than the incumbent
    found as a node's whole LP solution (None: none) with its penalty."""

    bound: float
    nodes: int = 0
    closed: bool = False
    patterns: list[np.ndarray] | None = None
    cost: float | None = None


def _candidates(gen: Generation) -> list[tuple[float, np.ndarray]]:
    """The totals a node may split on, as (weight, slack columns): the under slacks per under
    weight and the over slacks per over weight (largest weight first), then each slack."""
    master, prob = gen.master, gen.prob
    under = prob.under_weight[master.row_days, master.row_shifts]
    over = prob.over_weight[master.row_days, master.row_shifts]
    groups: list[tuple[float, np.ndarray]] = []
    for weights, cols in ((under, master.under_col), (over, master.over_col)):
        for w in sorted(set(weights[cols >= 0].tolist()), reverse=True):
            groups.append((w, cols[(weights == w) & (cols >= 0)]))
    groups.sort(key=lambda g: -g[0])
    single = [(float(w), np.array([c], dtype=np.int32))
              for weights, cols in ((under, master.under_col), (over, master.over_col))
              for w, c in zip(weights, cols, strict=True) if c >= 0]
    return groups + sorted(single, key=lambda g: -g[0])


def _pick(candidates: list[tuple[float, np.ndarray]], weights: np.ndarray
          ) -> tuple[int, float] | None:
    """The total to split at these LP weights and its value: among the weight groups, else
    among single slacks, the fractional one of most weight x distance to a whole number;
    None if every total is whole."""
    for single in (False, True):
        best, arg = 0.0, None
        for i, (w, cols) in enumerate(candidates):
            if (len(cols) == 1) != single:
                continue
            value = float(weights[cols].sum())
            frac = value - math.floor(value)
            score = min(frac, 1.0 - frac)
            if score > WHOLE and score * w > best:
                best, arg = score * w, (i, value)
        if arg is not None:
            return arg
    return None


def node_bound(gen: Generation, pi: np.ndarray, y: np.ndarray,
               bounds: list[tuple[float, float]], people: float) -> float:
    """The Lagrangian bound of a node at duals (pi, y) from clip_node, where `people` is the
    sum of the people's lower bounds on their least reduced cost at pi."""
    prob = gen.prob
    value = float((prob.target * pi)[prob.has_row].sum()) + people
    for dual, (lower, upper) in zip(y, bounds, strict=True):
        value += dual * (lower if dual > 0 else upper) if dual else 0.0
    return value


def clip_node(gen: Generation, cover: np.ndarray, totals: np.ndarray,
              bounds: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Duals at which every slack column's reduced cost is at least 0 (so the Lagrangian
    bound holds): total duals y of the sign their row's bounds allow (>= 0 with a lower
    bound, <= 0 with an upper one), and cover duals within [-over weight + the y of the
    totals holding the row's over slack, under weight - those holding its under slack]. If
    that box is empty for a row, the totals' duals are dropped (y = 0: the plain box)."""
    master, prob = gen.master, gen.prob
    y = np.array([0.0 if (d > 0 and lo == -np.inf) or (d < 0 and hi == np.inf) else d
                  for d, (lo, hi) in zip(totals, bounds, strict=True)])
    rows = len(master.under_col)
    for attempt in range(2):
        shift_u, shift_v = np.zeros(rows), np.zeros(rows)
        where_u = {int(c): i for i, c in enumerate(master.under_col)}
        where_v = {int(c): i for i, c in enumerate(master.over_col) if c >= 0}
        for dual, cols in zip(y, master.totals, strict=True):
            for c in cols:
                if int(c) in where_u:
                    shift_u[where_u[int(c)]] += dual
                elif int(c) in where_v:
                    shift_v[where_v[int(c)]] += dual
        d, s = master.row_days, master.row_shifts
        over = prob.over_weight[d, s]
        low = np.where(over >= 0, -over + shift_v, -np.inf)
        high = prob.under_weight[d, s] - shift_u
        if (low <= high + 1e-12).all() or attempt:
            break
        y = np.zeros_like(y)
    pi = np.zeros(prob.has_row.shape)
    pi[d, s] = np.minimum(np.maximum(cover[d, s], low), high)
    return pi, y


def whole_roster(gen: Generation, weights: np.ndarray) -> list[np.ndarray] | None:
    """The roster of an LP solution that gives everyone one pattern at weight 1 and no
    artificial column any weight (None where it does not)."""
    master = gen.master
    artificial = [*master.artificial, *master.total_artificial]
    if weights[artificial].max(initial=0.0) > WHOLE:
        return None
    chosen: list[np.ndarray | None] = [None] * gen.prob.people
    for column, p, pattern in master.columns:
        w = weights[column] if column < len(weights) else 0.0  # added after this LP
        if WHOLE < w < 1.0 - WHOLE:
            return None
        if w >= 1.0 - WHOLE:
            chosen[p] = pattern
    if any(x is None for x in chosen):
        return None
    return [x for x in chosen if x is not None]


@dataclass
class NodeRun:
    """A solved node: its bound, its LP's value and weights, whether its LP converged."""

    bound: float
    value: float
    weights: np.ndarray | None
    converged: bool


def solve_node(gen: Generation, splits: tuple[Split, ...], start: float, deadline: float,
               close_at: float, stop: Callable[[], bool] = _never) -> NodeRun:
    """Column generation on a node (its splits on the total rows, every other total row
    free) until no pattern prices out, the bound reaches `close_at` or the deadline."""
    master, prob = gen.master, gen.prob
    bounds = [(-np.inf, np.inf)] * len(master.totals)
    for split in splits:
        lo, hi = bounds[split.total]
        bounds[split.total] = (max(lo, split.lower), min(hi, split.upper))
    for i, (lo, hi) in enumerate(bounds):
        master.bound_total(i, lo, hi)
    best, value, weights, idle = start, math.inf, None, 0
    while time.monotonic() < deadline and not stop():
        solved = master.solve_lp(deadline - time.monotonic())
        if solved is None:
            break
        value, cover, sigma = solved
        weights = master.lp_weights()
        pi, y = clip_node(gen, cover, master.total_duals(), bounds)
        people, added, exact = 0.0, 0, True
        for p, pricer in enumerate(gen.pricers):
            if time.monotonic() >= deadline or stop():
                return NodeRun(best, value, weights, False)
            patterns, best_rc, lower = pricer.price(pi, ITERATIONS)
            people += lower
            exact = exact and lower >= best_rc - 1e-9
            for pattern in patterns:
                days = np.flatnonzero(pattern >= 0)
                rc = pattern_cost(prob, p, pattern) - pi[days, pattern[days]].sum()
                if rc - sigma[p] < ENTER and master.add_pattern(p, pattern):
                    added += 1
        best = max(best, node_bound(gen, pi, y, bounds, people))
        if whole(best) >= close_at or whole(best) >= whole(value):
            return NodeRun(best, value, weights, True)
        if not added:
            idle += 1
            if exact or idle >= IDLE_ROUNDS:
                return NodeRun(best, value, weights, True)
        else:
            idle = 0
    return NodeRun(best, value, weights, False)


def split_bound(gen: Generation, incumbent: float, deadline: float,
                stop: Callable[[], bool] = _never, patience: float = math.inf
                ) -> SplitResult:
    """The best-first tree (see the module docstring) from the generation `gen` (its root
    node goes on generating where `gen` had not converged), against the incumbent roster's
    penalty, until it closes, the deadline, or `patience` seconds without a rise of its
    (whole) bound or a better roster. The master's columns are reopened first (after a
    dive) and its total rows left free at the end."""
    master = gen.master
    root = gen.bound if gen.bound is not None else -math.inf
    result = SplitResult(bound=root)
    master.reopen_all()
    candidates = _candidates(gen)
    made: dict[int, int] = {}  # candidate -> total row
    heap = [Node(root, 0, ())]
    final = math.inf  # the least bound of the nodes that cannot be split (theirs stand)
    order = 1
    close_at = math.ceil(incumbent - TOLERANCE)
    level, rose = whole(root), time.monotonic()
    while heap and time.monotonic() < deadline and not stop():
        now = min(heap[0].bound, final)
        if whole(now) > level:
            level, rose = whole(now), time.monotonic()
        elif time.monotonic() - rose > patience:
            break
        node = heapq.heappop(heap)
        if whole(node.bound) >= close_at:
            heap.clear()  # the least open node reaches the incumbent: every node does
            break
        run = solve_node(gen, node.splits, node.bound, deadline, close_at, stop)
        result.nodes += 1
        roster = None if run.weights is None else whole_roster(gen, run.weights)
        if roster is not None and roster_cost(gen.prob, roster) < close_at:
            result.patterns, result.cost = roster, roster_cost(gen.prob, roster)
            close_at = math.ceil(result.cost - TOLERANCE)
            rose = time.monotonic()  # progress: patience starts again
        if whole(run.bound) >= close_at:
            continue
        if not run.converged or run.weights is None:
            heapq.heappush(heap, Node(run.bound, node.order, node.splits))
            break
        chosen = _pick(candidates, run.weights)
        if chosen is None:
            final = min(final, run.bound)
            continue
        index, value = chosen
        if index not in made:
            made[index] = master.add_total(candidates[index][1])
        total = made[index]
        for side in (Split(total, -np.inf, math.floor(value)),
                     Split(total, math.ceil(value), np.inf)):
            heapq.heappush(heap, Node(run.bound, order, (*node.splits, side)))
            order += 1
    for i in range(len(master.totals)):
        master.bound_total(i, -np.inf, np.inf)
    least = min([n.bound for n in heap] + [final])
    result.closed = bool(least == math.inf)
    result.bound = float(max(root, min(least, close_at)))
    return result
