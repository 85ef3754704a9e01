"""Personal contract limits (Staff.limits): shifts per type, minutes, runs of worked days and
days off, working weekends; over the whole horizon."""

from __future__ import annotations

from ortools.sat.python import cp_model

from model.rules import (
    STAFF_MAX_CONSECUTIVE,
    STAFF_MAX_MINUTES,
    STAFF_MAX_SHIFTS,
    STAFF_MAX_WEEKENDS,
    STAFF_MIN_CONSECUTIVE,
    STAFF_MIN_DAYS_OFF,
    STAFF_MIN_MINUTES,
)
from model.staff import Employment, Staff, StaffLimits
from solver.context import BuildContext


def _limited(ctx: BuildContext) -> list[tuple[Staff, StaffLimits]]:
    """Vendor staff with personal limits, each with those limits."""
    return [(m, m.limits) for m in ctx.data.staff
            if m.limits is not None and m.employment is Employment.VENDOR]


def add_staff_max_shifts(ctx: BuildContext) -> None:
    """At most limits.max_shifts[t] shifts of type t over the horizon (personal contract)."""
    for member, limits in _limited(ctx):
        for code, limit in limits.max_shifts.items():
            lits = [lit for d in range(ctx.horizon.n)
                    if (lit := ctx.vars.w.get((member.id, d, code))) is not None]
            if len(lits) > limit:
                ctx.cap(STAFF_MAX_SHIFTS, member.id, cp_model.LinearExpr.Sum(lits), limit,
                        len(lits))


def add_staff_minutes(ctx: BuildContext) -> None:
    """Paid minutes over the horizon between limits.min_minutes and limits.max_minutes
    (personal contract)."""
    minutes = {shift.code: shift.minutes for shift in ctx.data.shifts}
    for member, limits in _limited(ctx):
        if limits.max_minutes is None and limits.min_minutes is None:
            continue
        lits, coefficients, upper = [], [], 0
        for d in range(ctx.horizon.n):
            day = ctx.vars.shifts_of(member.id, d)
            lits += [lit for _t, lit in day]
            coefficients += [minutes[t] for t, _lit in day]
            upper += max((minutes[t] for t, _ in day), default=0)
        worked = cp_model.LinearExpr.WeightedSum(lits, coefficients)
        if limits.max_minutes is not None and upper > limits.max_minutes:
            ctx.cap(STAFF_MAX_MINUTES, member.id, worked, limits.max_minutes, upper)
        if limits.min_minutes:
            # minutes >= min  <=>  -minutes <= -min; the soft count is the shortfall
            ctx.cap(STAFF_MIN_MINUTES, member.id, -worked, -limits.min_minutes, 0)


def _work(ctx: BuildContext, staff_id: str, d: int):
    """The person's worked-day literal, or None when the day cannot be worked."""
    return ctx.vars.work.get((staff_id, d))


def most_worked(length: int, k: int | None, m: int, o: int) -> int:
    """The most worked days in `length` consecutive days strictly inside the horizon under
    runs of at most k worked days and at least o days off between runs (the window may cut
    runs at its ends; m does not bound a cut run): a small dynamic programme."""
    big = length if k is None else k
    # state: (run kind, run length so far), kind 'W' or 'O'; a cut run at the window's start
    # may have any length already, so start from every state
    best: dict[tuple[str, int], int] = {("W", j): 0 for j in range(0, big + 1)}
    best.update({("O", j): 0 for j in range(1, o + 1)})
    for _ in range(length):
        nxt: dict[tuple[str, int], int] = {}
        for (kind, j), value in best.items():
            if kind == "W":
                if j + 1 <= big:
                    key = ("W", j + 1)
                    nxt[key] = max(nxt.get(key, -1), value + 1)
                key = ("O", 1)
                nxt[key] = max(nxt.get(key, -1), value)
            else:
                key = ("O", min(j + 1, o))
                nxt[key] = max(nxt.get(key, -1), value)
                if j >= o:
                    key = ("W", 1)
                    nxt[key] = max(nxt.get(key, -1), value + 1)
        best = nxt
    return max(best.values())


def add_staff_max_consecutive(ctx: BuildContext) -> None:
    """At most limits.max_consecutive_days worked days in a row, the previous roster's tail
    counting as worked days before the horizon (personal contract)."""
    tails = {tail.staff_id: tail.consecutive_days for tail in ctx.data.tails}
    for member, limits in _limited(ctx):
        k = limits.max_consecutive_days
        if k is None:
            continue
        c = tails.get(member.id, 0)
        for first in range(-min(c, k), ctx.horizon.n - k):
            lits = [_work(ctx, member.id, d) for d in range(max(first, 0), first + k + 1)]
            if all(lit is not None for lit in lits):
                ctx.forbid_together(STAFF_MAX_CONSECUTIVE, member.id, lits)
        _window_caps(ctx, member, limits)


def _window_caps(ctx: BuildContext, member: Staff, lim: StaffLimits) -> None:
    """Redundant: with runs of at most k worked days and at least o days off between them, any
    k + o consecutive days hold at most most_worked(k + o) worked days. Stated for the linear
    relaxation and propagation; added only when both rules are hard (it then cuts nothing)."""
    k, o = lim.max_consecutive_days, lim.min_consecutive_days_off or 1
    if k is None or o <= 1 or ctx.explain or not (
            ctx.rule(STAFF_MAX_CONSECUTIVE).hard and ctx.rule(STAFF_MIN_DAYS_OFF).hard):
        return
    length = k + o
    cap = most_worked(length, k, lim.min_consecutive_days or 1, o)
    for first in range(0, ctx.horizon.n - length + 1):
        lits = [lit for d in range(first, first + length)
                if (lit := _work(ctx, member.id, d)) is not None]
        if len(lits) > cap:
            ctx.model.add(cp_model.LinearExpr.Sum(lits) <= cap)


def _short_runs(ctx: BuildContext, rule_id: str, member: Staff, limits: StaffLimits,
                shortest: int, worked: bool) -> None:
    """Forbid (or count) every run of 1..shortest-1 worked days (worked=True) or days off
    with the opposite on both sides inside the horizon: runs touching day 0 or the last
    day are exempt, unless limits.edge_runs_exempt is off (the days outside then bound
    every run)."""
    n = ctx.horizon.n
    edge = 0 if limits.edge_runs_exempt else 1
    for length in range(1, shortest):
        for d in range(-edge, n - length - 1 + edge):
            pattern: list = []
            possible = True
            for j, inside in ((d, False), *((d + i, True) for i in range(1, length + 1)),
                              (d + length + 1, False)):
                if not 0 <= j < n:
                    continue  # outside the horizon: the opposite of the run, by definition
                lit = _work(ctx, member.id, j)
                wants_work = inside == worked
                if lit is None:
                    if wants_work:  # the day cannot be worked: this pattern cannot occur
                        possible = False
                        break
                    continue  # a day that cannot be worked is always off
                pattern.append(lit if wants_work else lit.Not())
            if possible and pattern:
                ctx.forbid_together(rule_id, member.id, pattern)


def add_staff_min_consecutive(ctx: BuildContext) -> None:
    """Runs of worked days at least limits.min_consecutive_days long, except runs touching
    the horizon's first or last day (personal contract)."""
    for member, limits in _limited(ctx):
        m = limits.min_consecutive_days
        if m is not None and m > 1:
            _short_runs(ctx, STAFF_MIN_CONSECUTIVE, member, limits, m, worked=True)


def add_staff_min_days_off(ctx: BuildContext) -> None:
    """Runs of days off between worked days at least limits.min_consecutive_days_off long,
    except runs touching the horizon's first or last day (personal contract)."""
    for member, limits in _limited(ctx):
        o = limits.min_consecutive_days_off
        if o is not None and o > 1:
            _short_runs(ctx, STAFF_MIN_DAYS_OFF, member, limits, o, worked=False)


def weekends(ctx: BuildContext) -> list[list[int]]:
    """Day indices of each Saturday-Sunday weekend with a day in the horizon."""
    groups: dict[int, list[int]] = {}
    for d in range(ctx.horizon.n):
        day = ctx.horizon.date(d)
        if day.weekday() >= 5:
            saturday = day.toordinal() - (day.weekday() - 5)
            groups.setdefault(saturday, []).append(d)
    return list(groups.values())


def add_staff_max_weekends(ctx: BuildContext) -> None:
    """At most limits.max_weekends weekends with a shift on the Saturday or the Sunday
    (personal contract)."""
    model = ctx.model
    for member, limits in _limited(ctx):
        limit = limits.max_weekends
        if limit is None:
            continue
        worked = []
        for number, days in enumerate(weekends(ctx)):
            lits = [lit for d in days if (lit := _work(ctx, member.id, d)) is not None]
            if len(lits) == 1:
                worked.append(lits[0])
            elif lits:
                weekend = model.new_bool_var(f"weekend_{member.id}_{number}")
                model.add_bool_or([weekend.Not(), *lits])  # exactly: weekend = OR(days)
                for lit in lits:
                    model.add_implication(lit, weekend)
                worked.append(weekend)
        if len(worked) > limit:
            ctx.cap(STAFF_MAX_WEEKENDS, member.id, cp_model.LinearExpr.Sum(worked), limit,
                    len(worked))
