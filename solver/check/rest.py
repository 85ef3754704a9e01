"""Checks of rest between shifts across midnight (solver/rules/rest.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from model.base import MINUTES_PER_DAY
from model.events import PreviousTail
from model.rules import (
    MIN_REST,
)
from model.shifts import ShiftCategory
from solver.check.context import Breach, Context, is_night, staff_label, work_label


def _tail_end_minute(ctx: Context, tail: PreviousTail) -> int | None:
    if tail.last_shift_end is None:
        return None
    midnight = datetime.combine(ctx.start, time())
    delta = tail.last_shift_end.replace(tzinfo=None) - midnight
    return int(delta.total_seconds() // 60)


def check_min_rest(ctx: Context) -> list[Breach]:
    """min_rest_hours: pairs of shifts with rest < value, across midnight (planner's rule)."""
    need = ctx.minutes_value(MIN_REST)
    out = []
    for staff_id, works in ctx.by_staff.items():
        tail = ctx.tails.get(staff_id)
        tail_end = _tail_end_minute(ctx, tail) if tail is not None else None
        for i, later in enumerate(works):
            begin = later.d * MINUTES_PER_DAY + later.start_minute
            if tail_end is not None and begin - tail_end < need:
                out.append(Breach(1, f"{work_label(later)} 距上期最后一班结束仅休息 "
                                     f"{(begin - tail_end) / 60:g} 小时", staff_id, later.day))
            for earlier in works[:i]:
                if earlier.d >= later.d:
                    continue
                rest = begin - (earlier.d * MINUTES_PER_DAY + earlier.end_minute)
                if rest < need:
                    out.append(Breach(1, f"{work_label(later)} 距 {earlier.day.isoformat()} "
                                         f"{earlier.shift.code} 班结束仅休息 {rest / 60:g} 小时",
                                      staff_id, later.day))
    return out


def check_no_day_after_night(ctx: Context) -> list[Breach]:
    """no_day_after_night: person-days with a DAY shift after a NIGHT (planner's rule)."""
    out = []
    for staff_id, works in ctx.by_staff.items():
        nights = {w.d for w in works if is_night(w)}
        tail = ctx.tails.get(staff_id)
        if tail is not None and tail.last_shift_was_night \
                and tail.last_shift_day == ctx.start - timedelta(days=1):
            nights.add(-1)
        days = sorted({w.d for w in works if w.shift.category is ShiftCategory.DAY})
        staff = ctx.data.staff_by_id[staff_id]
        out += [Breach(1, f"{staff_label(staff)} {ctx.cal[d].day.isoformat()} 夜班后次日上白班",
                       staff_id, ctx.cal[d].day) for d in days if d - 1 in nights]
    return out
