"""Working hours, overtime and its pay, shift length (劳动法 Art. 36, 39, 41, 44)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from model.calendar import DayKind
from model.events import PreviousTail
from model.hours import (
    PAY_150,
    PAY_200,
    PAY_300,
    PeriodWindow,
    calendar_weeks,
    daily_overtime_minutes,
    overtime_fen_per_minute,
    period_windows,
    standard_minutes,
    week_monday,
    week_owner_month,
)
from model.rules import MAX_DAILY_OVERTIME, MAX_MONTHLY_OVERTIME, MAX_SHIFT_LENGTH, OVERTIME_PAY
from model.staff import Staff
from model.working_time import HoursPeriod
from solver.context import BuildContext


@dataclass
class PersonHours:
    """Linear expressions of one person's overtime minutes by pay category, and the sums the
    overtime cap applies to: per month, or per approved period of 综合计算工时."""

    m150: list = field(default_factory=list)
    m200: list = field(default_factory=list)
    m300: list = field(default_factory=list)
    by_month: dict[tuple[int, int], list] = field(default_factory=lambda: defaultdict(list))
    by_period: list[tuple[PeriodWindow, list]] = field(default_factory=list)


def _standard_hours(ctx: BuildContext, member: Staff, result: PersonHours) -> None:
    """标准工时: beyond 8 h a day at 150 %, beyond the week's standard at 200 %."""
    shifts = ctx.data.shift_by_code
    days = ctx.horizon.days
    standard = ctx.data.contract.working_time
    regular: dict[int, list] = defaultdict(list)  # day -> min(minutes, 480) * lit
    for d, item in enumerate(days):
        if item.kind is DayKind.HOLIDAY:
            continue
        month = result.by_month[(item.day.year, item.day.month)]
        for t, lit in ctx.vars.shifts_of(member.id, d):
            minutes = shifts[t].minutes
            ot = daily_overtime_minutes(minutes, standard)
            if ot:
                result.m150.append(ot * lit)
                month.append(ot * lit)
            regular[d].append((minutes - ot) * lit)
        for extra in ctx.extra_time.get((member.id, d), ()):
            # the day's overtime of shift + training: ot(m + e) = ot(m) + ot(e) + delta
            alone = daily_overtime_minutes(extra.minutes, standard)
            ot_terms = [alone * extra.lit] + [
                (daily_overtime_minutes(shifts[t].minutes + extra.minutes, standard)
                 - daily_overtime_minutes(shifts[t].minutes, standard) - alone) * both
                for t, both in extra.with_shift.items()]
            result.m150.extend(ot_terms)
            month.extend(ot_terms)
            regular[d].append(extra.minutes * extra.lit - sum(ot_terms))
    for number, indices in enumerate(calendar_weeks(days)):
        terms = [term for d in indices for term in regular[d]]
        if not terms:
            continue
        std = standard_minutes(days, indices, standard.weekly_hours)
        upper = sum(shifts[t].minutes for d in indices
                    for t, _ in ctx.vars.shifts_of(member.id, d)) + sum(
            extra.minutes for d in indices for extra in ctx.extra_time.get((member.id, d), ()))
        if upper <= std:
            continue
        excess = ctx.exact_max0(f"excess_{member.id}_{number}", sum(terms) - std, upper - std)
        result.m200.append(excess)
        result.by_month[week_owner_month(week_monday(days[indices[0]].day))].append(excess)


def _comprehensive_hours(ctx: BuildContext, member: Staff, period: HoursPeriod,
                         tail: PreviousTail | None, monthly_cap: int,
                         result: PersonHours) -> None:
    """综合计算工时: the period's worked minutes beyond its standard at 150 %, no daily
    overtime; holiday minutes stay at 300 % (model.hours.period_windows)."""
    shifts = ctx.data.shift_by_code
    days = ctx.horizon.days
    windows = period_windows(days, period, ctx.data.contract.working_time, monthly_cap,
                             tail.period_minutes if tail else 0,
                             tail.period_overtime_minutes if tail else 0)
    for number, window in enumerate(windows):
        terms = [shifts[t].minutes * lit for d in window.indices
                 if days[d].kind is not DayKind.HOLIDAY
                 for t, lit in ctx.vars.shifts_of(member.id, d)]
        terms += [extra.minutes * extra.lit for d in window.indices
                  if days[d].kind is not DayKind.HOLIDAY
                  for extra in ctx.extra_time.get((member.id, d), ())]
        capped: list = []
        upper = sum(max((shifts[t].minutes for t, _ in ctx.vars.shifts_of(member.id, d)),
                        default=0)
                    + sum(extra.minutes for extra in ctx.extra_time.get((member.id, d), ()))
                    for d in window.indices)
        if terms and upper + window.offset > 0:
            excess = ctx.exact_max0(f"excess_{member.id}_{number}",
                                    sum(terms) + window.offset, upper + window.offset)
            result.m150.append(excess)
            capped.append(excess)
            if period is HoursPeriod.WEEK:
                result.by_month[window.owner].append(excess)
        if period is not HoursPeriod.WEEK:
            result.by_period.append((window, capped))


def _person_hours(ctx: BuildContext, member: Staff, tail: PreviousTail | None,
                  monthly_cap: int) -> PersonHours:
    shifts = ctx.data.shift_by_code
    days = ctx.horizon.days
    result = PersonHours()
    period = member.period
    holiday_by_period: dict[int, list] = defaultdict(list)
    if period is None:
        _standard_hours(ctx, member, result)
    else:
        _comprehensive_hours(ctx, member, period, tail, monthly_cap, result)
    owner_of = {d: n for n, (window, _) in enumerate(result.by_period) for d in window.indices}
    for d, item in enumerate(days):
        if item.kind is not DayKind.HOLIDAY:
            continue
        worked = [shifts[t].minutes * lit for t, lit in ctx.vars.shifts_of(member.id, d)]
        worked += [extra.minutes * extra.lit for extra in ctx.extra_time.get((member.id, d), ())]
        for term in worked:
            result.m300.append(term)
            if d in owner_of:
                holiday_by_period[owner_of[d]].append(term)
            else:
                result.by_month[(item.day.year, item.day.month)].append(term)
    for n, (_window, capped) in enumerate(result.by_period):
        capped.extend(holiday_by_period[n])
    return result


def _training_daily_cap(ctx: BuildContext, member: Staff, d: int, daily_cap: int) -> None:
    """标准工时: a day's shift plus training beyond the daily overtime cap is one breach (the
    shift alone already beyond it is counted once, by the shift)."""
    shifts = ctx.data.shift_by_code
    standard = ctx.data.contract.working_time
    for extra in ctx.extra_time.get((member.id, d), ()):
        if daily_overtime_minutes(extra.minutes, standard) > daily_cap:
            ctx.forbid_together(MAX_DAILY_OVERTIME, member.id, [extra.lit])
            continue
        for t, both in extra.with_shift.items():
            alone = daily_overtime_minutes(shifts[t].minutes, standard)
            together = daily_overtime_minutes(shifts[t].minutes + extra.minutes, standard)
            if alone <= daily_cap < together:
                ctx.forbid_together(MAX_DAILY_OVERTIME, member.id, [both])


def add_working_time(ctx: BuildContext) -> None:
    """Overtime and its pay, and the caps: 标准工时 beyond 8 h a day (150 %) or 40 h a week
    (200 %), capped at 3 h a day; 综合计算工时 beyond the approved period's standard (150 %),
    no daily cap; statutory holidays 300 %; the overtime cap per month, or per period for
    综合计算工时; no shift longer than the maximum shift length (劳动法 Art. 36, 39, 41, 44)."""
    wage_share = ctx.rule(OVERTIME_PAY).value or 0.0
    daily_cap = int(round(ctx.value(MAX_DAILY_OVERTIME) * 60))
    monthly_cap = int(round(ctx.value(MAX_MONTHLY_OVERTIME) * 60))
    max_shift = int(round(ctx.value(MAX_SHIFT_LENGTH) * 60))
    standard = ctx.data.contract.working_time
    shifts = ctx.data.shift_by_code
    tails = {t.staff_id: t for t in reversed(ctx.data.tails)}
    start_month = (ctx.horizon.start.year, ctx.horizon.start.month)
    for member in ctx.data.vendor_staff():
        for d in range(ctx.horizon.n):
            for t, lit in ctx.vars.shifts_of(member.id, d):
                if shifts[t].minutes > max_shift:
                    ctx.forbid_together(MAX_SHIFT_LENGTH, member.id, [lit])
                if (member.period is None
                        and daily_overtime_minutes(shifts[t].minutes, standard) > daily_cap):
                    ctx.forbid_together(MAX_DAILY_OVERTIME, member.id, [lit])
            if member.period is None:
                _training_daily_cap(ctx, member, d, daily_cap)
        tail = tails.get(member.id)
        hours = _person_hours(ctx, member, tail, monthly_cap)
        unit_cost = ctx.data.line_by_id[member.line_id].unit_cost
        rates = [overtime_fen_per_minute(unit_cost, wage_share, pay, standard)
                 for pay in (PAY_150, PAY_200, PAY_300)]
        pay_expr = (rates[0] * sum(hours.m150) + rates[1] * sum(hours.m200)
                    + rates[2] * sum(hours.m300))
        if hours.m150 or hours.m200 or hours.m300:
            ctx.count(OVERTIME_PAY, pay_expr)
        upper = ctx.horizon.n * 24 * 60
        for month, terms in hours.by_month.items():
            before = tail.overtime_minutes if tail and month == start_month else 0
            ctx.cap(MAX_MONTHLY_OVERTIME, member.id, sum(terms) + before, monthly_cap,
                    before + upper)
        for window, terms in hours.by_period:
            if not terms:
                continue
            ctx.cap(MAX_MONTHLY_OVERTIME, member.id, sum(terms) + window.prior_overtime,
                    window.cap_minutes, window.prior_overtime + upper)
