"""Working-day sequences: consecutive days and the weekly day off."""

from __future__ import annotations

from model.hours import calendar_weeks, weekly_rest_required
from model.rules import MAX_CONSECUTIVE, WEEKLY_REST
from model.staff import Employment
from solver.context import BuildContext


def _tail_days(ctx: BuildContext) -> dict[str, int]:
    return {tail.staff_id: tail.consecutive_days for tail in ctx.data.tails}


def add_max_consecutive(ctx: BuildContext) -> None:
    """At most `value` consecutive working days (a training day is one), counting the
    previous roster's tail (planner's rule; 劳动法 Art. 38)."""
    k = ctx.rule(MAX_CONSECUTIVE).int_value()
    tails = _tail_days(ctx)
    for member in ctx.data.staff:
        if member.employment is not Employment.VENDOR:
            continue
        c = tails.get(member.id, 0)
        for first in range(-min(c, k), ctx.horizon.n - k):
            window = range(max(first, 0), first + k + 1)
            lits = [lit for d in window if (lit := ctx.present(member.id, d)) is not None]
            if len(lits) == len(window):
                ctx.forbid_together(MAX_CONSECUTIVE, member.id, lits)


def add_weekly_rest(ctx: BuildContext) -> None:
    """At least `value` full days off in every calendar week (劳动法 Art. 38; a day at a
    training session is no day off): a whole week
    inside the horizon, the first week's days before the start as the tail shows them, a
    last week cut by the horizon's end only for what its days after the end cannot give
    (model.hours.weekly_rest_required)."""
    r = ctx.rule(WEEKLY_REST).int_value()
    tails = _tail_days(ctx)
    days = ctx.horizon.days
    for week in calendar_weeks(days):
        for member in ctx.data.staff:
            required = weekly_rest_required(days, week, r, tails.get(member.id, 0))
            if required <= 0:
                continue
            lits = [lit for d in week if (lit := ctx.present(member.id, d)) is not None]
            if len(lits) > len(week) - required:
                ctx.cap(WEEKLY_REST, member.id, sum(lits), len(week) - required, len(lits))
