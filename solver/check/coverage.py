"""Checks of coverage per post, day and shift and of 24-hour posts (solver/rules/coverage.py)."""

from __future__ import annotations

from datetime import date

from model.base import MINUTES_PER_DAY
from solver.check.context import Breach, Context


def check_coverage_max(ctx: Context) -> list[Breach]:
    """coverage_max: no vendor staff above the target, a <= max(0, g - h) (planner's rule)."""
    return [Breach(1, f"{c.where()} 排了 {c.assigned} 人，超过目标 {c.target}"
                      f"（院方提供 {c.supply} 人）", None, c.day)
            for c in ctx.cells if c.target > 0 and c.assigned > max(0, c.target - c.supply)]


def check_coverage_min(ctx: Context) -> list[Breach]:
    """coverage_min: max(0, m - effective) per post/day/shift (seed 004 顶岗补位制)."""
    return [Breach(c.min_shortfall, f"{c.where()} 缺 {c.min_shortfall} 人（最低 {c.minimum}）",
                   None, c.day) for c in ctx.cells]


def check_coverage_target(ctx: Context) -> list[Breach]:
    """coverage_target: max(0, g - effective) per post/day/shift (seed 004 顶岗补位制)."""
    return [Breach(c.target_shortfall, f"{c.where()} 比目标 {c.target} 少 "
                                        f"{c.target_shortfall} 人", None, c.day)
            for c in ctx.cells]


def check_cover_absorb(ctx: Context) -> list[Breach]:
    """cover_absorb: number of absorbed post/day/shift (seed 000 附件10 (一)8、(二)6)."""
    return [Breach(1, f"{c.where()} 无人，由其他班次顶替", None, c.day)
            for c in ctx.cells if c.absorbed]


def uncovered_minutes(ctx: Context) -> list[tuple[str, date, int, int]]:
    """24-hour posts, minute by minute (RULES.md coverage): runs of minutes where h + a of
    the covering shifts is 0, as (post, day, from, to) minutes of that day. No count: the
    objective counts coverage per shift. Minutes of day 0 that shifts of day -1 can reach
    belong to the previous roster and are skipped."""
    out = []
    horizon = ctx.D * MINUTES_PER_DAY
    for post in ctx.data.posts:
        if not post.around_the_clock:
            continue
        level = [0] * (horizon + 2 * MINUTES_PER_DAY + 1)
        spill = 0
        for demand in post.demand:
            shift = ctx.data.shift_by_code.get(demand.shift)
            if shift is None:
                continue
            spans = shift.intervals()
            spill = max(spill, spans[-1][1] - MINUTES_PER_DAY)
            for d in range(ctx.D):
                people = demand.supply(ctx.cal[d].kind) + ctx.assigned(post.id, d, demand.shift)
                for begin, end in spans:
                    level[d * MINUTES_PER_DAY + begin] += people
                    level[d * MINUTES_PER_DAY + end] -= people
        on_duty = 0
        empty = []
        for minute in range(horizon):
            on_duty += level[minute]
            empty.append(on_duty == 0 and minute >= spill)
        for d in range(ctx.D):
            base = d * MINUTES_PER_DAY
            minute = 0
            while minute < MINUTES_PER_DAY:
                if not empty[base + minute]:
                    minute += 1
                    continue
                run = minute
                while minute < MINUTES_PER_DAY and empty[base + minute]:
                    minute += 1
                out.append((post.id, ctx.cal[d].day, run, minute))
    return out
