"""Window search: CP-SAT over a block of days and people, the rest of the roster fixed.

A move frees every cell of a block of people over a window of consecutive days and keeps the
others; a small CP-SAT model of the block keeps each person's hard rules with the fixed days
counted (successions and runs across the window's edges, the horizon's edges exempt as in
problem.pattern_breaches; shifts per type, minutes and weekends with the rest of the horizon
counted) and minimises the block's request costs plus the cover penalty of the window's rows
given the fixed people's head counts, from the current roster as a complete hint. A move is
kept only when every changed pattern passes pattern_breaches and roster_cost falls. Windows
are drawn where the penalty is (and at random); the block's size follows what CP-SAT solves
to optimality within a move's time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from ortools.sat.python import cp_model

from solver.colgen.problem import UNLIMITED, Problem, pattern_breaches, roster_cost

#: seconds of CP-SAT per move
MOVE_S = 1.0
#: window lengths in days (the longest also bounded by the cell budget)
MIN_DAYS = 7
MAX_DAYS = 28
#: free cells (person, day, allowed shift) of the first move, and the budget's bounds
START_CELLS = 3_000
MIN_CELLS = 300
MAX_CELLS = 40_000
#: the budget grows by GROW after a move proven optimal in under half its time, shrinks by
#: SHRINK after a move not proven optimal
GROW = 1.25
SHRINK = 0.8
#: share of windows centred on a uniformly random day (the others: drawn by the penalty)
UNIFORM_SHARE = 0.3
#: objective scale where a cost is not an integer
SCALE = 1000

#: a day's literal: a fixed day's value or a free day's variable
Lit = bool | cp_model.IntVar | cp_model.NotBooleanVariable


def _never() -> bool:
    return False


@dataclass
class Move:
    """One move's outcome: whether it was kept, the roster's penalty after it, whether CP-SAT
    proved the block optimal, its seconds."""

    accepted: bool
    cost: float
    optimal: bool
    seconds: float


@dataclass
class WindowStats:
    """A window search's record: the final penalty, moves tried and kept, whether it ended
    for want of a kept move (WindowSearch.run's stall_s)."""

    cost: float
    tried: int = 0
    accepted: int = 0
    stalled: bool = False


def _scale(prob: Problem) -> int:
    values = np.concatenate([prob.work_cost.ravel(), prob.off_cost.ravel(),
                             prob.under_weight.ravel(), prob.over_weight.ravel()])
    return 1 if np.all(np.abs(values - np.round(values)) < 1e-9) else SCALE


def _clause(model: cp_model.CpModel, literals: Sequence[Lit]) -> None:
    """Add a clause of literals, each a bool (a fixed day) or a CP-SAT literal."""
    free: list[cp_model.LiteralT] = []
    for lit in literals:
        if isinstance(lit, bool):
            if lit:
                return
            continue
        free.append(lit)
    if not free:
        raise ValueError("a fixed clause is broken")  # the current roster breaks a rule
    model.add_bool_or(free)


def _runs(model: cp_model.CpModel, work: Callable[[int], Lit], first: int, last: int,
          n: int, shortest: int, value: bool) -> None:
    """No run of `value` (worked or off) shorter than `shortest` that starts after day 0 and
    ends before the last day and touches the days first..last-1."""
    def negate(lit: Lit) -> Lit:
        return (not lit) if isinstance(lit, bool) else cast(Lit, lit.Not())

    def is_value(d: int) -> Lit:
        lit = work(d)
        return lit if value else negate(lit)

    def is_not(d: int) -> Lit:
        return negate(is_value(d))

    for length in range(1, shortest):
        for d in range(max(1, first - length), min(last, n - 1 - length) + 1):
            # cells d-1 .. d+length must touch the window
            if d - 1 > last - 1 or d + length < first:
                continue
            _clause(model, [is_value(d - 1), *(is_not(e) for e in range(d, d + length)),
                            is_value(d + length)])


def window_move(prob: Problem, patterns: list[np.ndarray], people: Sequence[int],
                first: int, last: int, time_limit: float, *, workers: int = 1,
                seed: int = 0, cost: float | None = None) -> Move:
    """Re-roster `people` over days first..last-1 with everything else fixed (see the module
    docstring); `patterns` is changed in place only when the move is kept. `cost`: the
    roster's current penalty (computed when not given)."""
    began = time.monotonic()
    if cost is None:
        cost = roster_cost(prob, patterns)
    shifts = len(prob.shifts)
    scale = _scale(prob)
    model = cp_model.CpModel()
    block = set(people)
    days = range(first, last)
    x: dict[tuple[int, int, int], cp_model.IntVar] = {}
    w: dict[tuple[int, int], cp_model.IntVar] = {}
    hint: list[tuple[cp_model.IntVar, int]] = []
    terms: list[tuple[cp_model.IntVar, int]] = []
    constant = 0
    for p in people:
        pattern = patterns[p]
        for d in days:
            cells = []
            for s in np.flatnonzero(prob.allowed[p, d]):
                var = model.new_bool_var(f"x{p}_{d}_{s}")
                x[p, d, int(s)] = var
                cells.append(var)
                hint.append((var, int(pattern[d] == s)))
                c = int(round(scale * prob.work_cost[p, d, s]))
                if c:
                    terms.append((var, c))
            work = model.new_bool_var(f"w{p}_{d}")
            w[p, d] = work
            model.add(sum(cells) == work)
            hint.append((work, int(pattern[d] >= 0)))
            off = int(round(scale * prob.off_cost[p, d]))
            if off:  # off_cost * (1 - work)
                constant += off
                terms.append((work, -off))
        _person(model, prob, p, pattern, first, last, x, w, hint)
    # cover of the window's rows: the fixed people's counts plus the block's
    fixed = np.zeros((last - first, shifts), dtype=np.int64)
    for q, pattern in enumerate(patterns):
        if q in block:
            continue
        part = pattern[first:last]
        on = np.flatnonzero(part >= 0)
        fixed[on, part[on]] += 1
    for d in days:
        for s in np.flatnonzero(prob.has_row[d]):
            free = [x[p, d, int(s)] for p in people if (p, d, int(s)) in x]
            base = int(fixed[d - first, s])
            target = int(prob.target[d, s])
            now = base + sum(int(patterns[p][d] == s) for p in people)
            count = sum(free) + base
            under = int(round(scale * prob.under_weight[d, s]))
            if under and base < target:
                short = model.new_int_var(0, target - base, f"u{d}_{s}")
                model.add(short >= target - count)
                terms.append((short, under))
                hint.append((short, max(0, target - now)))
            if prob.over_weight[d, s] < 0:
                if free:
                    model.add(count <= target)
            else:
                over = int(round(scale * prob.over_weight[d, s]))
                if over and base + len(free) > target:
                    excess = model.new_int_var(0, base + len(free), f"o{d}_{s}")
                    model.add(excess >= count - target)
                    terms.append((excess, over))
                    hint.append((excess, max(0, now - target)))
    model.minimize(cp_model.LinearExpr.weighted_sum([v for v, _c in terms],
                                                    [c for _v, c in terms]) + constant)
    for var, value in hint:
        model.add_hint(var, value)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit - (time.monotonic() - began))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    optimal = status == cp_model.OPTIMAL
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Move(False, cost, optimal, time.monotonic() - began)
    changed: dict[int, np.ndarray] = {}
    for p in people:
        new = patterns[p].copy()
        for d in days:
            new[d] = -1
            for s in np.flatnonzero(prob.allowed[p, d]):
                if solver.boolean_value(x[p, d, int(s)]):
                    new[d] = int(s)
        if not np.array_equal(new, patterns[p]):
            changed[p] = new
    if not changed or any(pattern_breaches(prob, p, new) for p, new in changed.items()):
        return Move(False, cost, optimal, time.monotonic() - began)
    old = {p: patterns[p] for p in changed}
    for p, new in changed.items():
        patterns[p] = new
    after = roster_cost(prob, patterns)
    if after < cost - 1e-9:
        return Move(True, after, optimal, time.monotonic() - began)
    for p, pattern in old.items():
        patterns[p] = pattern
    return Move(False, cost, optimal, time.monotonic() - began)


def _person(model: cp_model.CpModel, prob: Problem, p: int, pattern: np.ndarray, first: int,
            last: int, x: dict[tuple[int, int, int], cp_model.IntVar],
            w: dict[tuple[int, int], cp_model.IntVar],
            hint: list[tuple[cp_model.IntVar, int]]) -> None:
    """Person p's hard rules over the window with the fixed days counted."""
    n, shifts = prob.days, len(prob.shifts)
    days = range(first, last)
    outside = np.ones(n, dtype=np.bool_)
    outside[first:last] = False
    worked_out = outside & (pattern >= 0)

    def work(d: int) -> Lit:
        return w[p, d] if first <= d < last else bool(pattern[d] >= 0)

    # successions, the fixed days just outside the window among them
    for d in range(max(0, first - 1), min(n - 1, last)):
        for s, t in zip(*np.nonzero(prob.forbid), strict=True):
            a, b = (p, d, int(s)), (p, d + 1, int(t))
            left = x.get(a) if first <= d else bool(pattern[d] == s)
            right = x.get(b) if d + 1 < last else bool(pattern[d + 1] == t)
            if left is None or right is None or left is False or right is False:
                continue
            if left is True:
                model.add(right == 0)  # type: ignore[arg-type]
            elif right is True:
                model.add(left == 0)
            else:
                model.add_bool_or([left.Not(), right.Not()])
    # shifts per type and minutes, the rest of the horizon counted
    counts_out = np.bincount(pattern[worked_out], minlength=shifts)
    for s in range(shifts):
        cap = int(prob.max_type[p, s])
        if cap < UNLIMITED:
            cells = [x[p, d, s] for d in days if (p, d, s) in x]
            if cells:
                model.add(sum(cells) <= cap - int(counts_out[s]))
    minutes_out = int(prob.minutes[pattern[worked_out]].sum())
    lo, hi = int(prob.min_minutes[p]), int(prob.max_minutes[p])
    if lo > 0 or hi < UNLIMITED:
        total = sum(int(prob.minutes[s]) * v for (q, _d, s), v in x.items() if q == p)
        if lo > 0:
            model.add(total >= lo - minutes_out)  # type: ignore[operator]
        if hi < UNLIMITED:
            model.add(total <= hi - minutes_out)  # type: ignore[operator]
    # weekends: a weekend worked outside the window is counted already
    if prob.max_weekends[p] < UNLIMITED:
        fixed_weekends = {int(prob.weekend[d]) for d in np.flatnonzero(worked_out)
                          if prob.weekend[d] >= 0}
        groups: dict[int, list[int]] = {}
        for d in days:
            k = int(prob.weekend[d])
            if k >= 0 and k not in fixed_weekends:
                groups.setdefault(k, []).append(d)
        flags = []
        for k, members in groups.items():
            flag = model.new_bool_var(f"k{p}_{k}")
            for d in members:
                model.add_implication(w[p, d], flag)
            flags.append(flag)
            hint.append((flag, int(any(pattern[d] >= 0 for d in members))))
        if flags:
            model.add(sum(flags) <= int(prob.max_weekends[p]) - len(fixed_weekends))
    # runs: at most max_run worked days in a row, no short runs or rests inside the horizon
    longest = int(prob.max_run[p])
    if longest < n:
        for start in range(max(0, first - longest), min(last - 1, n - longest - 1) + 1):
            span = range(start, start + longest + 1)
            fixed = sum(1 for d in span if not first <= d < last and pattern[d] >= 0)
            free = [w[p, d] for d in span if first <= d < last]
            model.add(sum(free) <= longest - fixed)
    _runs(model, work, first, last, n, int(prob.min_run[p]), True)
    _runs(model, work, first, last, n, int(prob.min_off[p]), False)


def row_penalty(prob: Problem, patterns: list[np.ndarray]) -> np.ndarray:
    """Each dated row's under and over cover penalty (float64[n, S])."""
    counts = np.zeros((prob.days, len(prob.shifts)), dtype=np.int64)
    for pattern in patterns:
        d = np.flatnonzero(pattern >= 0)
        counts[d, pattern[d]] += 1
    short = np.maximum(0, prob.target - counts) * prob.under_weight
    excess = np.maximum(0, counts - prob.target) * np.maximum(prob.over_weight, 0)
    return np.where(prob.has_row, short + excess, 0.0)


class WindowSearch:
    """Window moves one after another, the block's size adapted (see the module docstring)."""

    def __init__(self, prob: Problem, rng: np.random.Generator, *, workers: int = 1,
                 seed: int = 0, move_s: float = MOVE_S) -> None:
        self.prob, self.rng, self.workers, self.seed = prob, rng, workers, seed
        self.move_s = move_s
        self.budget = float(START_CELLS)
        #: allowed shifts per person and day, on average (cells per person-day)
        self.width = max(1.0, float(prob.allowed.sum()) / max(1, prob.people * prob.days))

    def pick(self, patterns: list[np.ndarray]) -> tuple[list[int], int, int]:
        """A block: its people and its days first..last-1. Everyone where the budget allows
        a week at least; else a week and as many people as fit, half of them drawn among
        those allowed to work a penalised row of the window."""
        prob, rng = self.prob, self.rng
        n, people = prob.days, prob.people
        cap = int(self.budget / (people * self.width))
        if cap >= min(MIN_DAYS, n):
            length = int(rng.integers(MIN_DAYS, max(MIN_DAYS, min(MAX_DAYS, cap)) + 1))
        else:
            length = MIN_DAYS
        length = min(length, n)
        rows = row_penalty(prob, patterns)
        weights = rows.sum(axis=1)
        if rng.random() < UNIFORM_SHARE or weights.sum() <= 0:
            centre = int(rng.integers(n))
        else:
            centre = int(rng.choice(n, p=weights / weights.sum()))
        first = min(max(0, centre - length // 2), n - length)
        last = first + length
        if cap >= min(MIN_DAYS, n):
            return list(range(people)), first, last
        size = min(people, max(2, int(self.budget / (length * self.width))))
        chosen: set[int] = set()
        window = rows[first:last]
        if window.sum() > 0:
            flat = int(rng.choice(window.size, p=(window / window.sum()).ravel()))
            d, s = divmod(flat, window.shape[1])
            able = np.flatnonzero(prob.allowed[:, first + d, s])
            take = min(len(able), (size + 1) // 2)
            chosen.update(int(p) for p in rng.choice(able, take, replace=False))
        rest = np.array([p for p in range(people) if p not in chosen], dtype=np.int64)
        more = min(len(rest), size - len(chosen))
        chosen.update(int(p) for p in rng.choice(rest, more, replace=False))
        return sorted(chosen), first, last

    def run(self, patterns: list[np.ndarray], deadline: float,
            stop: Callable[[], bool] = _never, floor: float | None = None,
            stall_s: float | None = None) -> WindowStats:
        """Moves until the deadline, `stop()`, a penalty at a proven lower bound `floor` or,
        given `stall_s`, that many seconds without a kept move (stats.stalled); `patterns`
        is changed in place."""
        stats = WindowStats(roster_cost(self.prob, patterns))
        last_kept = time.monotonic()
        while not stop() and (floor is None or stats.cost > floor + 1e-9):
            left = deadline - time.monotonic()
            if left < min(0.2, self.move_s):
                break
            if stall_s is not None and time.monotonic() - last_kept >= stall_s:
                stats.stalled = True
                break
            who, first, last = self.pick(patterns)
            move = window_move(self.prob, patterns, who, first, last, min(self.move_s, left),
                               workers=self.workers, seed=self.seed + stats.tried,
                               cost=stats.cost)
            stats.tried += 1
            if move.accepted:
                stats.accepted += 1
                stats.cost = move.cost
                last_kept = time.monotonic()
            if move.optimal and move.seconds < 0.5 * self.move_s:
                self.budget = min(MAX_CELLS, self.budget * GROW)
            elif not move.optimal:
                self.budget = max(MIN_CELLS, self.budget * SHRINK)
        return stats


def window_search(prob: Problem, patterns: list[np.ndarray], deadline: float,
                  rng: np.random.Generator, *, workers: int = 1, seed: int = 0,
                  stop: Callable[[], bool] = _never, floor: float | None = None,
                  stall_s: float | None = None) -> WindowStats:
    """Window moves on `patterns` (changed in place) until the deadline (time.monotonic), a
    penalty at the proven lower bound `floor` or `stall_s` seconds without a kept move."""
    return WindowSearch(prob, rng, workers=workers, seed=seed).run(patterns, deadline, stop,
                                                                   floor, stall_s)

