"""Why a line's optimum is what it is: the busiest period's bound and the reasons in Chinese."""

from __future__ import annotations

import math
from datetime import date

from model.calendar import DayKind
from model.dataset import DataSet
from model.hours import calendar_weeks, period_windows, standard_minutes
from model.money import format_yuan
from model.rules import WEEKLY_REST
from model.staff import HoursRegime
from model.working_time import HoursPeriod
from solver.horizon import Horizon
from solver.planning.data import PlanningOptions, scope_posts
from solver.planning.result import LinePlan


def workload_bound(data: DataSet, horizon: Horizon, line_ids: set[str],
                   allow_overtime: bool) -> tuple[int, str]:
    """A lower bound on the people needed from the busiest week (or month, for the
    comprehensive regime) and the sentence that explains it: each person works at most one
    shift a day, rests `weekly_rest_day` days in a full week, and without overtime works
    regular (non-holiday) shifts only within the standard hours."""
    rest_rule = data.rules[WEEKLY_REST]
    rest = rest_rule.int_value() if rest_rule.hard and rest_rule.value else 0
    standard = data.contract.working_time
    members = [m for m in data.vendor_staff() if m.line_id in line_ids]
    periods = {m.period for m in members}
    period = next(iter(periods)) if len(periods) == 1 else None
    comprehensive = bool(members) and period is not None
    one_regime = comprehensive or all(m.regime is HoursRegime.STANDARD for m in members)
    daily_cap: int | None = standard.daily_minutes
    if comprehensive and period is not None:
        windows = period_windows(horizon.days, period, standard, 0)
        groups = [(list(w.indices), w.allowance) for w in windows]
        daily_cap = None
    else:
        groups = [(indices, standard_minutes(horizon.days, indices, standard.weekly_hours))
                  for indices in calendar_weeks(horizon.days)]
    posts = scope_posts(data, line_ids)
    best, text = 0, ""
    for indices, std in groups:
        total = regular = 0
        shortest: int | None = None
        for post in posts:
            for demand in post.demand:
                minutes = data.shift_by_code[demand.shift].minutes
                if daily_cap is not None:
                    minutes = min(minutes, daily_cap)
                for d in indices:
                    kind = horizon.days[d].kind
                    people = max(0, demand.need(kind).min - demand.supply(kind))
                    total += people
                    if people and kind is not DayKind.HOLIDAY:
                        regular += people
                        shortest = minutes if shortest is None else min(shortest, minutes)
        if total == 0:
            continue
        full_week = not comprehensive and len(indices) == 7
        cap = len(indices) - (rest if full_week else 0)
        bound = math.ceil(total / max(cap, 1))
        why = f"每人最多上 {cap} 天" + (f"（每周至少休息 {rest} 天）" if full_week and rest else "")
        if not allow_overtime and one_regime and regular and shortest:
            per = std // shortest
            if per > 0 and math.ceil(regular / per) > bound:
                bound = math.ceil(regular / per)
                why = (f"不加班时每人正常工时不超过标准工时 {round(std / 60, 2):g} 小时，"
                       f"最多 {per} 个 {shortest / 60:g} 小时的班")
        if bound > best:
            first, last = horizon.date(indices[0]), horizon.date(indices[-1])
            unit = _UNIT[period] if comprehensive and period is not None else "这一周"
            holiday = total - regular
            best = bound
            text = (f"{first.month}月{first.day}日至{last.month}月{last.day}日{unit}"
                    f"共需 {total} 人次"
                    + (f"（其中法定节假日 {holiday} 人次）" if holiday else "")
                    + f"，{why}，至少需要 {bound} 人。")
    return best, text


_UNIT = {HoursPeriod.WEEK: "这一周", HoursPeriod.MONTH: "这个月", HoursPeriod.QUARTER: "这个季度",
         HoursPeriod.YEAR: "这一年"}


def _dates(days: tuple[date, ...] | list[date], limit: int = 6) -> str:
    shown = "、".join(f"{d.month}月{d.day}日" for d in days[:limit])
    return shown + (f" 等 {len(days)} 天" if len(days) > limit else "")


def binding_reasons(plan: LinePlan, horizon: Horizon, need: list[int], detail: list[list[str]],
                    scope_count: int, scope: set[str], options: PlanningOptions) -> tuple[str, ...]:
    """Why the optimum is what it is, in Chinese, from the demand and the solution."""
    out: list[str] = []
    if not plan.status.has_roster:
        return (f"求解未得到结果（{plan.status.label}），人数按现状列出。",)
    together = (f"（与 {'、'.join(plan.shared_with)} 共用岗位，按合计计算）"
                if plan.shared_with else "")
    if plan.peak_need == 0:
        out.append("代表期内该项目岗位没有最低在岗需求，无需人员。")
        return tuple(out)
    if plan.blocked:
        out.extend(plan.blocked)
        out.append(f"在规则改好之前无法排出班表；人数按需求所需列出：至少 "
                   f"{max(plan.peak_need, plan.workload_bound)} 人，不因无法排班而减少。")
        if plan.gaps:
            out.append(f"因此代表期内有 {plan.gaps} 人次最低需求无法覆盖。")
        return tuple(out)
    first_peak = horizon.index(plan.peak_days[0])
    assert first_peak is not None
    out.append(f"最忙的日子需要 {plan.peak_need} 人同时在岗{together}："
               f"{_dates(plan.peak_days)}（{'；'.join(detail[first_peak])}）。")
    if scope_count <= plan.peak_need:
        out.append(f"人数由最忙的日子决定：这些天全部 {scope_count} 人都必须在岗。")
    elif scope_count <= plan.workload_bound:
        out.append(f"人数由最忙的时段决定：{plan.workload_text}")
    else:
        out.append(f"峰值只需 {plan.peak_need} 人，最忙时段的下界为 {plan.workload_bound} 人；"
                   f"每周休息、最多连续工作天数、两班间休息、夜班上限"
                   f"{'与标准工时' if not options.allow_overtime else '与加班上限'}等硬规则"
                   f"合起来使得需要 {scope_count} 人。")
    if plan.full_days:
        out.append(f"解中全员在岗的日子：{_dates(plan.full_days)}。")
    if plan.overtime_hours > 0:
        out.append(f"依赖加班 {plan.overtime_hours:g} 小时"
                   f"（法定节假日 {plan.overtime_300_hours:g}、"
                   f"休息日及超时 {plan.overtime_200_hours:g}、延时 {plan.overtime_150_hours:g}），"
                   f"代表期加班费 {format_yuan(plan.overtime_cost)}。")
    if plan.gaps:
        out.append(f"仍有 {plan.gaps} 人次最低需求无法覆盖（与人数无关的硬规则或资质限制）。")
    if plan.saturated:
        out.append("候选的待招聘人员已全部用上：实际最优人数可能更多，请加长求解时间后重试。")
    return tuple(out)
