"""Column generation: a decomposable data set read into per-person arrays, and exact checks.

The pattern path handles rosters of one post whose demand is given by date (the benchmark's
shape): people interact only through each dated row's head count, and each person's hard
rules are the personal contract limits (staff_*) and forbidden successions. `supported` says
whether a data set has that shape with no other rule in force; `build_problem` reads it into
numpy arrays for the pricing and the master; `pattern_breaches` and `pattern_cost` are the
exact per-person check and cost of one pattern (a shift index per day, -1 for a day off), the
same terms the model and the checker count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.dataset import DataSet
from model.events import RequestKind
from model.rules import (
    BORROWED_POST,
    COVER_ABSORB,
    COVERAGE_MIN,
    COVERAGE_TARGET,
    DATED_COVER_OVER,
    DATED_COVER_UNDER,
    FORBIDDEN_SUCCESSION,
    REQUESTED_ABSENCE,
    REQUESTS,
    SHADOWING,
    STABLE_PATTERN,
    STAFF_MAX_CONSECUTIVE,
    STAFF_MAX_MINUTES,
    STAFF_MAX_SHIFTS,
    STAFF_MAX_WEEKENDS,
    STAFF_MIN_CONSECUTIVE,
    STAFF_MIN_DAYS_OFF,
    STAFF_MIN_MINUTES,
    TRAINING_MANDATORY,
    TRAINING_QUARTERLY,
)
from model.shadowing import solo_from
from model.staff import Employment
from solver.decompose import decomposable
from solver.horizon import Horizon

#: hard rules the pricing keeps exactly (the per-person check below)
PRICED_HARD = (FORBIDDEN_SUCCESSION, STAFF_MAX_SHIFTS, STAFF_MAX_MINUTES, STAFF_MIN_MINUTES,
               STAFF_MAX_CONSECUTIVE, STAFF_MIN_CONSECUTIVE, STAFF_MIN_DAYS_OFF,
               STAFF_MAX_WEEKENDS)
#: soft rules whose penalty the master and the pricing count
PRICED_SOFT = (REQUESTS, DATED_COVER_UNDER, DATED_COVER_OVER)
#: rules that count nothing on such a data set: demand by day kind, cover rules, training
#: sessions and newcomers on a dated day are absent (decomposable; a newcomer before the
#: first day is refused below), every person works the post of their own line
INERT = (COVERAGE_MIN, COVERAGE_TARGET, COVER_ABSORB, BORROWED_POST, STABLE_PATTERN,
         TRAINING_QUARTERLY, TRAINING_MANDATORY, SHADOWING)
#: a limit that does not bind
UNLIMITED = 1 << 40
#: the cost of a cell that cannot be worked
FORBIDDEN = 1e18


def unsupported(data: DataSet, horizon: Horizon) -> str | None:
    """Why the pattern path cannot take this data set (an internal reason), None if it can."""
    if not decomposable(data):
        return "people interact otherwise than through dated demand"
    if len(data.posts) != 1 or data.posts[0].demand or data.posts[0].required_certificates:
        return "not a single post with dated demand only"
    if data.pins or data.tails:
        return "pinned shifts or a previous roster's tail"
    post = data.posts[0]
    vendors = [s for s in data.staff if s.employment is Employment.VENDOR]
    if not vendors:
        return "nobody to roster"
    for member in vendors:
        ready = solo_from(member, data.line_by_id.get(member.line_id))
        if member.line_id not in post.lines or ready > horizon.start:
            return f"{member.id} does not work the post from the first day"
        if member.limits is not None and not member.limits.edge_runs_exempt:
            return f"{member.id}: runs at the horizon's edges are not exempt"
    for rule in data.rules.rules:
        active = rule.hard or rule.weight > 0
        if not active or rule.id in INERT:
            continue
        if rule.id in PRICED_HARD and not rule.hard:
            return f"rule {rule.id} is soft with a weight"
        if rule.id in PRICED_SOFT and rule.hard:
            return f"rule {rule.id} is hard"
        if rule.id == REQUESTED_ABSENCE and not any(a.requested for a in data.absences):
            continue
        if rule.id not in PRICED_HARD and rule.id not in PRICED_SOFT:
            return f"rule {rule.id} is in force"
    return None


def supported(data: DataSet, horizon: Horizon) -> bool:
    """Whether the pattern path can take this data set (see unsupported)."""
    return unsupported(data, horizon) is None


@dataclass
class Problem:
    """The arrays of one data set: P people, n days, S shifts (cover rows by day and shift)."""

    staff_ids: tuple[str, ...]
    shifts: tuple[str, ...]
    post_id: str
    minutes: np.ndarray  # int64[S]
    forbid: np.ndarray  # bool[S, S]: forbid[s, t] = t may not follow s the next day
    allowed: np.ndarray  # bool[P, n, S]
    work_cost: np.ndarray  # float64[P, n, S]: request penalty of working s on day d
    off_cost: np.ndarray  # float64[P, n]: request penalty of a day off
    max_type: np.ndarray  # int64[P, S]
    min_minutes: np.ndarray  # int64[P]
    max_minutes: np.ndarray  # int64[P]
    max_run: np.ndarray  # int64[P]
    min_run: np.ndarray  # int64[P]
    min_off: np.ndarray  # int64[P]
    max_weekends: np.ndarray  # int64[P]
    #: per day: -1 not a weekend day, else the weekend's number
    weekend: np.ndarray  # int64[n]
    #: per day: 1 the first day of its weekend inside the horizon, 0 the second, -1 neither
    weekend_first: np.ndarray  # int64[n]
    has_row: np.ndarray  # bool[n, S]
    target: np.ndarray  # int64[n, S]
    under_weight: np.ndarray  # float64[n, S]
    #: per person above the target; -1: nobody above the target is allowed
    over_weight: np.ndarray  # float64[n, S]

    @property
    def people(self) -> int:
        return len(self.staff_ids)

    @property
    def days(self) -> int:
        return int(self.weekend.shape[0])


def _weekends(horizon: Horizon) -> tuple[np.ndarray, np.ndarray]:
    weekend = np.full(horizon.n, -1, dtype=np.int64)
    first = np.full(horizon.n, -1, dtype=np.int64)
    groups: dict[int, int] = {}
    for d in range(horizon.n):
        day = horizon.date(d)
        if day.weekday() >= 5:
            saturday = day.toordinal() - (day.weekday() - 5)
            is_first = saturday not in groups
            groups.setdefault(saturday, len(groups))
            weekend[d] = groups[saturday]
            first[d] = 1 if is_first else 0
    return weekend, first


def build_problem(data: DataSet, horizon: Horizon) -> Problem:
    """The arrays of a data set the pattern path supports (see `supported`)."""
    post = data.posts[0]
    shifts = tuple(post.shifts)
    code_index = {code: i for i, code in enumerate(shifts)}
    members = [s for s in data.staff if s.employment is Employment.VENDOR]
    person = {m.id: i for i, m in enumerate(members)}
    P, n, S = len(members), horizon.n, len(shifts)
    by_code = data.shift_by_code
    minutes = np.array([by_code[c].minutes for c in shifts], dtype=np.int64)
    forbid = np.zeros((S, S), dtype=np.bool_)
    if data.rules[FORBIDDEN_SUCCESSION].hard:
        for s, code in enumerate(shifts):
            for nxt in by_code[code].forbidden_next:
                if nxt in code_index:
                    forbid[s, code_index[nxt]] = True
    rows = np.zeros((n, S), dtype=np.bool_)
    open_ = np.zeros((n, S), dtype=np.bool_)
    target = np.zeros((n, S), dtype=np.int64)
    under = np.zeros((n, S))
    over = np.full((n, S), -1.0)
    w_under, w_over = data.rules[DATED_COVER_UNDER].weight, data.rules[DATED_COVER_OVER].weight
    for row in post.dated_demand:
        d = horizon.index(row.day)
        if d is None or row.shift not in code_index:
            continue
        s = code_index[row.shift]
        rows[d, s] = True
        open_[d, s] = post.dated_open(row.shift, row.day)
        target[d, s] = row.target
        under[d, s] = w_under * row.under_weight
        over[d, s] = -1.0 if row.over_weight is None else w_over * row.over_weight
    allowed = np.repeat(open_[None, :, :], P, axis=0)
    caps_hard = data.rules[STAFF_MAX_SHIFTS].hard
    max_type = np.full((P, S), UNLIMITED, dtype=np.int64)
    lo = np.zeros(P, dtype=np.int64)
    hi = np.full(P, UNLIMITED, dtype=np.int64)
    max_run = np.full(P, n, dtype=np.int64)
    min_run = np.ones(P, dtype=np.int64)
    min_off = np.ones(P, dtype=np.int64)
    max_wk = np.full(P, UNLIMITED, dtype=np.int64)
    rule = data.rules
    for p, member in enumerate(members):
        lim = member.limits
        if lim is None:
            continue
        if rule[STAFF_MAX_SHIFTS].hard:
            for code, cap in lim.max_shifts.items():
                if code in code_index:
                    max_type[p, code_index[code]] = cap
                    if cap == 0 and caps_hard:
                        allowed[p, :, code_index[code]] = False
        if rule[STAFF_MIN_MINUTES].hard and lim.min_minutes:
            lo[p] = lim.min_minutes
        if rule[STAFF_MAX_MINUTES].hard and lim.max_minutes is not None:
            hi[p] = lim.max_minutes
        if rule[STAFF_MAX_CONSECUTIVE].hard and lim.max_consecutive_days is not None:
            max_run[p] = min(n, lim.max_consecutive_days)
        if rule[STAFF_MIN_CONSECUTIVE].hard and lim.min_consecutive_days:
            min_run[p] = lim.min_consecutive_days
        if rule[STAFF_MIN_DAYS_OFF].hard and lim.min_consecutive_days_off:
            min_off[p] = lim.min_consecutive_days_off
        if rule[STAFF_MAX_WEEKENDS].hard and lim.max_weekends is not None:
            max_wk[p] = lim.max_weekends
    for absence in data.absences:
        p_or_none = person.get(absence.staff_id)
        if p_or_none is None or not absence.approved:
            continue
        begin = max(0, (absence.start - horizon.start).days)
        end = min(n - 1, (absence.end - horizon.start).days)
        allowed[p_or_none, begin:end + 1, :] = False
    work_cost = np.zeros((P, n, S))
    off_cost = np.zeros((P, n))
    weight = rule[REQUESTS].weight
    for request in data.requests:
        p_or_none, d = person.get(request.staff_id), horizon.index(request.day)
        if p_or_none is None or d is None or request.weight == 0 or not weight:
            continue
        w = weight * request.weight
        wanted = code_index.get(request.shift or "")
        if request.kind is RequestKind.DAY_OFF:
            work_cost[p_or_none, d, :] += w
        elif request.kind is RequestKind.SHIFT_UNWANTED:
            if wanted is not None:
                work_cost[p_or_none, d, wanted] += w
        else:  # wanted: every other choice misses it
            off_cost[p_or_none, d] += w
            work_cost[p_or_none, d, :] += w
            if wanted is not None:
                work_cost[p_or_none, d, wanted] -= w
    weekend, first = _weekends(horizon)
    return Problem(
        staff_ids=tuple(m.id for m in members), shifts=shifts, post_id=post.id,
        minutes=minutes, forbid=forbid, allowed=allowed, work_cost=work_cost,
        off_cost=off_cost, max_type=max_type, min_minutes=lo, max_minutes=hi,
        max_run=max_run, min_run=min_run, min_off=min_off, max_weekends=max_wk,
        weekend=weekend, weekend_first=first, has_row=rows, target=target,
        under_weight=under, over_weight=over)


def _runs(worked: np.ndarray, value: bool) -> list[tuple[int, int]]:
    out, d, n = [], 0, len(worked)
    while d < n:
        if bool(worked[d]) != value:
            d += 1
            continue
        start = d
        while d < n and bool(worked[d]) == value:
            d += 1
        out.append((start, d - start))
    return out


def pattern_breaches(prob: Problem, p: int, pattern: np.ndarray) -> list[str]:
    """Every hard rule the pattern of person `p` breaks (empty: a valid roster for them)."""
    found: list[str] = []
    n = prob.days
    worked = pattern >= 0
    for day in np.flatnonzero(worked):
        if not prob.allowed[p, day, pattern[day]]:
            found.append(f"day {day}: shift {prob.shifts[pattern[day]]} not allowed")
    for d in range(n - 1):
        if worked[d] and worked[d + 1] and prob.forbid[pattern[d], pattern[d + 1]]:
            found.append(f"day {d}: succession")
    counts = np.bincount(pattern[worked], minlength=len(prob.shifts))
    for s in np.flatnonzero(counts > prob.max_type[p]):
        found.append(f"{counts[s]} x {prob.shifts[s]}")
    total = int(prob.minutes[pattern[worked]].sum())
    if not prob.min_minutes[p] <= total <= prob.max_minutes[p]:
        found.append(f"{total} minutes")
    for start, length in _runs(worked, True):
        if length > prob.max_run[p]:
            found.append(f"run of {length} from day {start}")
        if 0 < start and start + length < n and length < prob.min_run[p]:
            found.append(f"short run of {length} from day {start}")
    for start, length in _runs(worked, False):
        if 0 < start and start + length < n and length < prob.min_off[p]:
            found.append(f"short rest of {length} from day {start}")
    weekends = len({int(prob.weekend[d]) for d in np.flatnonzero(worked) if prob.weekend[d] >= 0})
    if weekends > prob.max_weekends[p]:
        found.append(f"{weekends} weekends")
    return found


def pattern_cost(prob: Problem, p: int, pattern: np.ndarray) -> float:
    """The request penalty of person `p` working `pattern`."""
    days = np.arange(prob.days)
    worked = pattern >= 0
    return float(prob.work_cost[p, days[worked], pattern[worked]].sum()
                 + prob.off_cost[p, days[~worked]].sum())


def cover_counts(prob: Problem, patterns: list[np.ndarray]) -> np.ndarray:
    """Head count per day and shift (int64[n, S]) of a roster of patterns."""
    counts = np.zeros((prob.days, len(prob.shifts)), dtype=np.int64)
    for pattern in patterns:
        d = np.flatnonzero(pattern >= 0)
        counts[d, pattern[d]] += 1
    return counts


def roster_cost(prob: Problem, patterns: list[np.ndarray]) -> float:
    """The whole roster's penalty: requests plus each dated row's under and over cover (a
    row without over weight above its target counts as infinite)."""
    counts = cover_counts(prob, patterns)
    rows = prob.has_row
    short = np.maximum(0, prob.target - counts)
    excess = np.maximum(0, counts - prob.target)
    if np.any(excess[rows & (prob.over_weight < 0)] > 0):
        return float("inf")
    cover = (prob.under_weight * short)[rows].sum() + (
        np.maximum(prob.over_weight, 0) * excess)[rows].sum()
    # a shift worked where there is no dated row cannot happen (the cell is not allowed)
    return float(cover + sum(pattern_cost(prob, p, x) for p, x in enumerate(patterns)))
