"""Checks of consecutive working days and the weekly day off (solver/rules/sequence.py)."""

from __future__ import annotations

from model.hours import (
    calendar_weeks,
    week_monday,
    weekly_rest_required,
)
from model.rules import (
    MAX_CONSECUTIVE,
    WEEKLY_REST,
)
from solver.check.context import Breach, Context, staff_label


def check_max_consecutive(ctx: Context) -> list[Breach]:
    """max_consecutive_days: windows of k+1 days at work (a training day is one), tail
    counted (劳动法 Art. 38)."""
    k = int(round(ctx.value(MAX_CONSECUTIVE)))
    out = []
    for staff in ctx.people:
        tail = ctx.tails.get(staff.id)
        c = tail.consecutive_days if tail is not None else 0
        worked = ctx.present_days(staff.id) | set(range(-c, 0))
        for first in range(max(-c, -k), ctx.D - k):
            if all(d in worked for d in range(first, first + k + 1)):
                last = ctx.cal[first + k].day
                out.append(Breach(1, f"{staff_label(staff)} 截至 {last.isoformat()} 连续工作 "
                                     f"{k + 1} 天", staff.id, last))
    return out


def check_weekly_rest(ctx: Context) -> list[Breach]:
    """weekly_rest_day: r days off (no shift, no training) in each Monday-Sunday week; in
    the first week the days before the start count as the tail shows them, a last week cut
    by the end only for what its days after the end cannot give (劳动法 Art. 38)."""
    r = int(round(ctx.value(WEEKLY_REST)))
    out = []
    for staff in ctx.people:
        worked = ctx.present_days(staff.id)
        tail = ctx.tails.get(staff.id)
        before = tail.consecutive_days if tail is not None else 0
        for week in calendar_weeks(ctx.cal):
            required = weekly_rest_required(ctx.cal, week, r, before)
            if required <= 0 and len(week) < 7:
                continue
            missing = max(0, required - sum(1 for d in week if d not in worked))
            monday = week_monday(ctx.cal[week[0]].day)
            carried = "（含上期排班的天数）" if ctx.cal[week[0]].day != monday else ""
            out.append(Breach(missing, f"{staff_label(staff)} {monday.isoformat()} 起的一周"
                                       f"{carried}少休 {missing} 天", staff.id,
                              ctx.cal[week[0]].day))
    return out
