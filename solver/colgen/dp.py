"""The pricing's dynamic programmes over one person's days, compiled by numba.

State: (last shift, length of the current run of worked days) or (off, length of the current
run of days off, capped at the minimum); a run touching day 0 is recognised by its length
(d + 1 on day d) and exempt from the minimum run rules, as is a run touching the last day.
The timed variant adds the worked time in units and a mixed-radix counter of capped counts
(worked weekends, shifts of a type) to the state.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from solver.colgen.problem import FORBIDDEN


@njit(cache=True)
def cheapest_pattern(work: np.ndarray, off: np.ndarray, forbid: np.ndarray,
                     weekend_first: np.ndarray, weekend_price: float, max_run: int,
                     min_run: int, min_off: int) -> tuple[float, np.ndarray]:  # pragma: no cover
    """The cheapest pattern (shift index per day, -1 off) for cell costs work[d, s] (at least
    FORBIDDEN: not allowed), day-off costs off[d] (at least FORBIDDEN: the day must be worked),
    weekend_price per worked weekend."""
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
    if off[0] < big:
        val[nw] = off[0]
    for d in range(1, n):
        new[:] = np.inf
        # a day off after a run of worked days long enough (or one from day 0)
        best, arg = np.inf, -1
        for i in range(nw):
            r = i % k + 1
            if val[i] < best and (r >= min_run or r == d):
                best, arg = val[i], i
        if arg >= 0 and off[d] < big:
            new[nw] = best + off[d]
            pred[d, nw] = arg
        for r in range(1, o + 1):
            i = nw + r - 1
            if val[i] == np.inf or off[d] >= big:
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


@njit(cache=True)
def cheapest_timed_pattern(work: np.ndarray, off: np.ndarray, forbid: np.ndarray,
                           weekend_first: np.ndarray, weekend_price: float, max_run: int,
                           min_run: int, min_off: int, units: np.ndarray, low: int,
                           high: int, digits: np.ndarray, radix: np.ndarray,
                           type_digit: np.ndarray, weekend_digit: int
                           ) -> tuple[float, np.ndarray]:  # pragma: no cover
    """As cheapest_pattern, with the worked time (units[s] per shift s) kept exactly in the
    state (the total between `low` and `high` units) and a counter q of capped counts in
    mixed radix: digits[q, j] its j-th digit, radix[j] the j-th place, digit j at most
    caps (the last level of each digit: digits.max); type_digit[s] the digit counting shift s
    (-1 none), weekend_digit the digit counting worked weekends (-1: weekend_price is charged
    instead)."""
    n, S = work.shape
    k = max(max_run, 1)
    o = max(min_off, 1)
    nw = S * k
    ns = nw + o
    levels = high + 1
    nq, nd = digits.shape
    cap = np.zeros(nd, dtype=np.int64)
    for j in range(nd):
        for q in range(nq):
            cap[j] = max(cap[j], digits[q, j])
    price = 0.0 if weekend_digit >= 0 else weekend_price
    big = FORBIDDEN / 2
    val = np.full((ns, levels, nq), np.inf)
    new = np.full((ns, levels, nq), np.inf)
    pred = np.full((n, ns, levels, nq), -1, dtype=np.int32)
    # q after working shift t from counter q (weekend counted or not); -1: over a cap
    step = np.full((2, nq, S), -1, dtype=np.int64)
    for q in range(nq):
        for t in range(S):
            for charged in range(2):
                r = q
                j = type_digit[t]
                if j >= 0:
                    r = r + radix[j] if digits[q, j] < cap[j] else -1
                if r >= 0 and charged == 1 and weekend_digit >= 0:
                    j = weekend_digit
                    r = r + radix[j] if digits[q, j] < cap[j] else -1
                step[charged, q, t] = r
    for s in range(S):
        charged = 1 if weekend_first[0] >= 0 else 0
        q1 = step[charged, 0, s]
        if work[0, s] < big and units[s] <= high and q1 >= 0:
            val[s * k, units[s], q1] = work[0, s] + price * charged
    if off[0] < big:
        val[nw, 0, 0] = off[0]
    umax = 0
    for t in range(S):
        umax = max(umax, units[t])
    for d in range(1, n):
        new[:, :, :] = np.inf
        first = weekend_first[d]
        c_start = 1 if first >= 0 else 0
        c_cont = 1 if first == 1 else 0
        # d days hold at most d * umax units; below `least` the minimum is out of reach
        least = max(0, low - (n - d) * umax)
        for m in range(least, min(levels, d * umax + 1)):
            for q in range(nq):
                reached = False
                for i in range(ns):
                    if val[i, m, q] < np.inf:
                        reached = True
                        break
                if not reached:
                    continue
                best, arg = np.inf, -1
                for i in range(nw):
                    r = i % k + 1
                    if val[i, m, q] < best and (r >= min_run or r == d):
                        best, arg = val[i, m, q], i
                if arg >= 0 and off[d] < big:
                    new[nw, m, q] = best + off[d]
                    pred[d, nw, m, q] = arg
                for r in range(1, o + 1):
                    i = nw + r - 1
                    if val[i, m, q] == np.inf or off[d] >= big:
                        continue
                    j = nw + min(r + 1, o) - 1
                    if val[i, m, q] + off[d] < new[j, m, q]:
                        new[j, m, q] = val[i, m, q] + off[d]
                        pred[d, j, m, q] = i
                best_off, arg_off = np.inf, -1
                for r in range(1, o + 1):
                    i = nw + r - 1
                    if val[i, m, q] < best_off and (r >= o or r == d):
                        best_off, arg_off = val[i, m, q], i
                for t in range(S):
                    c = work[d, t]
                    mt = m + units[t]
                    if c >= big or mt > high:
                        continue
                    q_start = step[c_start, q, t]
                    if arg_off >= 0 and q_start >= 0:
                        v = best_off + c + price * c_start
                        j = t * k
                        if v < new[j, mt, q_start]:
                            new[j, mt, q_start] = v
                            pred[d, j, mt, q_start] = arg_off
                    q_cont = step[c_cont, q, t]
                    if q_cont < 0:
                        continue
                    extra = price * c_cont
                    for s in range(S):
                        if forbid[s, t]:
                            continue
                        for r in range(1, k):
                            i = s * k + r - 1
                            if val[i, m, q] == np.inf:
                                continue
                            v = val[i, m, q] + c + extra
                            j = t * k + r
                            if v < new[j, mt, q_cont]:
                                new[j, mt, q_cont] = v
                                pred[d, j, mt, q_cont] = i
        val, new = new, val
    best, arg, at, aq = np.inf, -1, -1, -1
    for i in range(ns):
        for m in range(low, levels):
            for q in range(nq):
                if val[i, m, q] < best:
                    best, arg, at, aq = val[i, m, q], i, m, q
    pattern = np.full(n, -1, dtype=np.int64)
    if arg < 0:
        return np.inf, pattern
    i, m, q = arg, at, aq
    for d in range(n - 1, -1, -1):
        before = pred[d, i, m, q]
        if i < nw:
            t = i // k
            pattern[d] = t
            m -= units[t]
            j = type_digit[t]
            if j >= 0:
                q -= radix[j]
            if weekend_digit >= 0 and weekend_first[d] >= 0 and (
                    weekend_first[d] == 1 or d == 0 or before >= nw):
                q -= radix[weekend_digit]
        i = before
    return best, pattern


@njit(cache=True)
def breaks_rules(pattern: np.ndarray, allowed: np.ndarray, forbid: np.ndarray,
                 minutes: np.ndarray, max_type: np.ndarray, min_minutes: int,
                 max_minutes: int, max_run: int, min_run: int, min_off: int,
                 weekend: np.ndarray, max_weekends: int) -> bool:  # pragma: no cover
    """Whether the pattern breaks a hard rule of problem.pattern_breaches (compiled, for
    filtering candidates; that function stays the authority)."""
    n, S = allowed.shape
    counts = np.zeros(S, dtype=np.int64)
    total = 0
    seen = np.zeros(n + 1, dtype=np.bool_)
    weekends = 0
    for d in range(n):
        s = pattern[d]
        if s < 0:
            continue
        if not allowed[d, s]:
            return True
        if d + 1 < n and pattern[d + 1] >= 0 and forbid[s, pattern[d + 1]]:
            return True
        counts[s] += 1
        total += minutes[s]
        w = weekend[d]
        if w >= 0 and not seen[w]:
            seen[w] = True
            weekends += 1
    for s in range(S):
        if counts[s] > max_type[s]:
            return True
    if total < min_minutes or total > max_minutes or weekends > max_weekends:
        return True
    d = 0
    while d < n:
        on = pattern[d] >= 0
        start = d
        while d < n and (pattern[d] >= 0) == on:
            d += 1
        length = d - start
        inner = 0 < start and d < n
        if on and (length > max_run or (inner and length < min_run)):
            return True
        if not on and inner and length < min_off:
            return True
    return False


@njit(cache=True)
def adjust_minutes(pattern: np.ndarray, cell: np.ndarray, off: np.ndarray,
                   open_cells: np.ndarray, forced: np.ndarray, allowed: np.ndarray,
                   forbid: np.ndarray, minutes: np.ndarray, max_type: np.ndarray,
                   min_minutes: int, max_minutes: int, max_run: int, min_run: int,
                   min_off: int, weekend: np.ndarray, max_weekends: int, tries: int
                   ) -> np.ndarray:  # pragma: no cover
    """The pattern with one day changed (another shift, a shift added or taken away) so
    that the worked time is within its limits and breaks_rules holds: the cheapest of the
    first `tries` such changes by cost change (cell[d, s] worked, off[d] a day off; ties by
    day, then day off before shifts in their order), among cells of open_cells and days
    not forced. An empty array: none."""
    n, S = cell.shape
    total = 0
    counts = np.zeros(S, dtype=np.int64)
    for d in range(n):
        if pattern[d] >= 0:
            total += minutes[pattern[d]]
            counts[pattern[d]] += 1
    low, high = min_minutes - total, max_minutes - total
    change = np.empty(n * (S + 1))
    day = np.empty(n * (S + 1), dtype=np.int64)
    shift = np.empty(n * (S + 1), dtype=np.int64)
    m = 0
    for d in range(n):
        if forced[d] >= 0:
            continue
        s = pattern[d]
        now = cell[d, s] if s >= 0 else off[d]
        before = pattern[d - 1] if d > 0 else -1
        after = pattern[d + 1] if d + 1 < n else -1
        if s >= 0 and low <= -minutes[s] <= high:
            change[m], day[m], shift[m] = off[d] - now, d, -1
            m += 1
        for t in range(S):
            if not open_cells[d, t] or t == s:
                continue
            delta = minutes[t] - (minutes[s] if s >= 0 else 0)
            if delta < low or delta > high or counts[t] + 1 > max_type[t]:
                continue
            if (before >= 0 and forbid[before, t]) or (after >= 0 and forbid[t, after]):
                continue
            change[m], day[m], shift[m] = cell[d, t] - now, d, t
            m += 1
    order = np.argsort(change[:m], kind="mergesort")
    trial = pattern.copy()
    for i in order[:tries]:
        trial[day[i]] = shift[i]
        if not breaks_rules(trial, allowed, forbid, minutes, max_type, min_minutes,
                            max_minutes, max_run, min_run, min_off, weekend, max_weekends):
            return trial
        trial[day[i]] = pattern[day[i]]
    return np.empty(0, dtype=np.int64)
