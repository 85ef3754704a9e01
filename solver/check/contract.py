"""Checks of the personal contract limits, Staff.limits (solver/rules/contract.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from model.staff import Staff, StaffLimits
from solver.check.context import Breach, Context, staff_label


def _limited(ctx: Context) -> list[tuple[Staff, StaffLimits]]:
    """People with personal limits, each with those limits."""
    return [(s, s.limits) for s in ctx.people if s.limits is not None]


def check_staff_max_shifts(ctx: Context) -> list[Breach]:
    """staff_max_shifts_per_type: shifts of type t above the limit (personal contract)."""
    out = []
    for staff, limits in _limited(ctx):
        done = Counter(w.shift.code for w in ctx.by_staff.get(staff.id, ()))
        for code, limit in limits.max_shifts.items():
            if done[code] > limit:
                out.append(Breach(done[code] - limit, f"{staff_label(staff)} 上了 "
                                                      f"{done[code]} 个 {code} 班，合同上限 "
                                                      f"{limit}", staff.id))
    return out


def _staff_minutes(ctx: Context, staff: Staff) -> int:
    return sum(w.minutes for w in ctx.by_staff.get(staff.id, ()))


def check_staff_max_minutes(ctx: Context) -> list[Breach]:
    """staff_max_total_minutes: minutes worked above the limit (personal contract)."""
    out = []
    for staff, limits in _limited(ctx):
        limit, worked = limits.max_minutes, _staff_minutes(ctx, staff)
        if limit is not None and worked > limit:
            out.append(Breach(worked - limit, f"{staff_label(staff)} 排班 {worked} 分钟，"
                                              f"超过合同上限 {limit} 分钟", staff.id))
    return out


def check_staff_min_minutes(ctx: Context) -> list[Breach]:
    """staff_min_total_minutes: minutes short of the limit (personal contract)."""
    out = []
    for staff, limits in _limited(ctx):
        limit, worked = limits.min_minutes, _staff_minutes(ctx, staff)
        if limit is not None and worked < limit:
            out.append(Breach(limit - worked, f"{staff_label(staff)} 排班 {worked} 分钟，"
                                              f"少于合同下限 {limit} 分钟", staff.id))
    return out


def check_staff_max_consecutive(ctx: Context) -> list[Breach]:
    """staff_max_consecutive_days: windows of k+1 worked days, tail counted (personal contract)."""
    out = []
    for staff, limits in _limited(ctx):
        k = limits.max_consecutive_days
        if k is None:
            continue
        tail = ctx.tails.get(staff.id)
        c = tail.consecutive_days if tail is not None else 0
        worked = ctx.worked_days(staff.id) | set(range(-c, 0))
        for first in range(max(-c, -k), ctx.D - k):
            if all(d in worked for d in range(first, first + k + 1)):
                last = ctx.cal[first + k].day
                out.append(Breach(1, f"{staff_label(staff)} 截至 {last.isoformat()} 连续工作 "
                                     f"{k + 1} 天，合同上限 {k} 天", staff.id, last))
    return out


def _runs(flags: list[bool], value: bool) -> list[tuple[int, int]]:
    """Maximal runs (first day, length) of `value` in flags."""
    out, d = [], 0
    while d < len(flags):
        if flags[d] != value:
            d += 1
            continue
        first = d
        while d < len(flags) and flags[d] == value:
            d += 1
        out.append((first, d - first))
    return out


def _short_inner_runs(ctx: Context, staff: Staff, limits: StaffLimits, shortest: int | None,
                      worked: bool, what: str) -> list[Breach]:
    """Runs shorter than `shortest` that touch neither day 0 nor the last day (every run,
    when limits.edge_runs_exempt is off)."""
    if shortest is None or shortest <= 1:
        return []
    days = ctx.worked_days(staff.id)
    flags = [d in days for d in range(ctx.D)]
    exempt = limits.edge_runs_exempt
    out = []
    for first, length in _runs(flags, worked):
        inner = first > 0 and first + length < ctx.D
        if (inner or not exempt) and length < shortest:
            out.append(Breach(1, f"{staff_label(staff)} {ctx.cal[first].day.isoformat()} 起"
                                 f"{what} {length} 天，少于合同下限 {shortest} 天",
                              staff.id, ctx.cal[first].day))
    return out


def check_staff_min_consecutive(ctx: Context) -> list[Breach]:
    """staff_min_consecutive_days: short inner runs of worked days (personal contract)."""
    return [b for staff, limits in _limited(ctx) for b in _short_inner_runs(
        ctx, staff, limits, limits.min_consecutive_days, True, "连续工作")]


def check_staff_min_days_off(ctx: Context) -> list[Breach]:
    """staff_min_consecutive_days_off: short inner runs of days off (personal contract)."""
    return [b for staff, limits in _limited(ctx) for b in _short_inner_runs(
        ctx, staff, limits, limits.min_consecutive_days_off, False, "连续休息")]


def check_staff_max_weekends(ctx: Context) -> list[Breach]:
    """staff_max_weekends: weekends worked above the limit (personal contract)."""
    weekends: dict[date, list[int]] = defaultdict(list)
    for d in range(ctx.D):
        day = ctx.cal[d].day
        if day.weekday() >= 5:
            weekends[day - timedelta(days=day.weekday() - 5)].append(d)
    out = []
    for staff, limits in _limited(ctx):
        limit = limits.max_weekends
        if limit is None:
            continue
        days = ctx.worked_days(staff.id)
        worked = sum(1 for ds in weekends.values() if any(d in days for d in ds))
        if worked > limit:
            out.append(Breach(worked - limit, f"{staff_label(staff)} 工作 {worked} 个周末，"
                                              f"合同上限 {limit} 个", staff.id))
    return out
