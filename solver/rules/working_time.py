"""Working hours, overtime and its pay (劳动法 Art. 36, 41, 44)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from model.calendar import DayKind
from model.hours import (
    PAY_150,
    PAY_200,
    PAY_300,
    calendar_months,
    calendar_weeks,
    daily_overtime_minutes,
    overtime_fen_per_minute,
    standard_minutes,
    week_monday,
    week_owner_month,
)
from model.rules import MAX_DAILY_OVERTIME, MAX_MONTHLY_OVERTIME, OVERTIME_PAY, WEEKLY_HOURS
from model.staff import HoursRegime, Staff
from solver.context import BuildContext


@dataclass
class PersonHours:
    """Linear expressions of one person's overtime minutes by pay category."""

    m150: list = field(default_factory=list)
    m200: list = field(default_factory=list)
    m300: list = field(default_factory=list)
    by_month: dict[tuple[int, int], list] = field(default_factory=lambda: defaultdict(list))


def _person_hours(ctx: BuildContext, member: Staff) -> PersonHours:
    shifts = ctx.data.shift_by_code
    days = ctx.horizon.days
    weekly_hours = ctx.rule(WEEKLY_HOURS).value or 40
    result = PersonHours()
    regular: dict[int, list] = defaultdict(list)  # day -> min(minutes, 480) * lit
    for d, item in enumerate(days):
        month = (item.day.year, item.day.month)
        for t, lit in ctx.vars.shifts_of(member.id, d):
            minutes = shifts[t].minutes
            if item.kind is DayKind.HOLIDAY:
                result.m300.append(minutes * lit)
                result.by_month[month].append(minutes * lit)
                continue
            ot = daily_overtime_minutes(minutes)
            if ot:
                result.m150.append(ot * lit)
                result.by_month[month].append(ot * lit)
            regular[d].append((minutes - ot) * lit)
    if member.regime is HoursRegime.COMPREHENSIVE:
        groups = [(month, idx) for month, idx in calendar_months(days).items()]
    else:
        groups = [(week_owner_month(week_monday(days[idx[0]].day)), idx)
                  for idx in calendar_weeks(days)]
    for number, (owner, indices) in enumerate(groups):
        terms = [term for d in indices for term in regular[d]]
        if not terms:
            continue
        std = standard_minutes(days, indices, weekly_hours)
        upper = sum(shifts[t].minutes for d in indices
                    for t, _ in ctx.vars.shifts_of(member.id, d))
        if upper <= std:
            continue
        excess = ctx.exact_max0(f"excess_{member.id}_{number}", sum(terms) - std, upper - std)
        result.m200.append(excess)
        result.by_month[owner].append(excess)
    return result


def add_working_time(ctx: BuildContext) -> None:
    """Overtime beyond 8 h a day / 40 h a week (averaged per month for 综合计算工时), paid
    150/200/300 % and capped at 3 h a day and 36 h a month (劳动法 Art. 36, 41, 44)."""
    wage_share = ctx.rule(OVERTIME_PAY).value or 0.0
    daily_cap = int(round(ctx.value(MAX_DAILY_OVERTIME) * 60))
    monthly_cap = int(round(ctx.value(MAX_MONTHLY_OVERTIME) * 60))
    shifts = ctx.data.shift_by_code
    tails = {t.staff_id: t.overtime_minutes for t in ctx.data.tails}
    start_month = (ctx.horizon.start.year, ctx.horizon.start.month)
    for member in ctx.data.vendor_staff():
        for d in range(ctx.horizon.n):
            for t, lit in ctx.vars.shifts_of(member.id, d):
                if daily_overtime_minutes(shifts[t].minutes) > daily_cap:
                    ctx.forbid_together(MAX_DAILY_OVERTIME, member.id, [lit])
        hours = _person_hours(ctx, member)
        unit_cost = ctx.data.line_by_id[member.line_id].unit_cost
        rates = [overtime_fen_per_minute(unit_cost, wage_share, pay)
                 for pay in (PAY_150, PAY_200, PAY_300)]
        pay_expr = (rates[0] * sum(hours.m150) + rates[1] * sum(hours.m200)
                    + rates[2] * sum(hours.m300))
        if hours.m150 or hours.m200 or hours.m300:
            ctx.count(OVERTIME_PAY, pay_expr)
        for month, terms in hours.by_month.items():
            tail = tails.get(member.id, 0) if month == start_month else 0
            upper = tail + ctx.horizon.n * 24 * 60
            ctx.cap(MAX_MONTHLY_OVERTIME, member.id, sum(terms) + tail, monthly_cap, upper)
