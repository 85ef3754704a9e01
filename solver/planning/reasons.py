"""Why a line's optimum is what it is: the busiest period's bound and the reasons in Chinese."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from model.calendar import DayKind
from model.dataset import DataSet
from model.hours import calendar_weeks, period_windows, standard_minutes
from model.money import format_yuan
from model.roster import Assignment
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
                    day, kind = horizon.days[d].day, horizon.days[d].kind
                    need = post.need_on(demand.shift, day, kind)
                    people = max(0, need.min - demand.supply(kind))
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


def overtime_reasons(data: DataSet, horizon: Horizon, assignments: Sequence[Assignment],
                     members: set[str], plan: LinePlan, allow_overtime: bool
                     ) -> tuple[str, ...]:
    """Why overtime remains in the plan, from the solution: hours worked on statutory
    holidays (300 %), the part of 标准工时 shifts beyond the daily standard (150 %), and what
    else the solution works beyond the standard hours (综合计算工时 periods, rest days)."""
    if plan.overtime_hours <= 0:
        return ()
    worked = [a for a in assignments if a.staff_id in members]
    kinds = {d.day: d for d in horizon.days}
    head = (f"加班 {plan.overtime_hours:g} 小时，代表期加班费 {format_yuan(plan.overtime_cost)}"
            + ("（已允许合法加班代替招聘）：" if allow_overtime else
               "；未允许加班代替招聘，以下加班随需求本身发生，多招人也不能避免："))
    out = [head]
    if plan.overtime_300_hours > 0:
        by_name: dict[str, list[date]] = defaultdict(list)
        for a in worked:
            day = kinds.get(a.day)
            if day is not None and day.kind is DayKind.HOLIDAY:
                by_name[day.name or "法定节假日"].append(a.day)
        names = "、".join(f"{name}（{_dates(sorted(set(days)))}）"
                         for name, days in sorted(by_name.items(), key=lambda i: min(i[1])))
        out.append(f"法定节假日上班 {plan.overtime_300_hours:g} 小时按 300% 计：{names}"
                   "。这些日子岗位必须有人在岗，这部分加班与招多少人无关。")
    daily = data.contract.working_time.daily_minutes
    long_shifts: dict[str, int] = defaultdict(int)
    for a in worked:
        member = data.staff_by_id.get(a.staff_id)
        shift = data.shift_by_code.get(a.shift)
        if (member is not None and shift is not None and member.regime is HoursRegime.STANDARD
                and shift.minutes > daily):
            long_shifts[shift.code] += 1
    long_hours = sum((data.shift_by_code[code].minutes - daily) * count
                     for code, count in long_shifts.items()) / 60
    if plan.overtime_150_hours > 0 and long_shifts:
        by_code = data.shift_by_code
        shifts = "、".join(f"{by_code[code].name}（{by_code[code].minutes / 60:g} 小时，"
                          f"{count} 个）" for code, count in sorted(long_shifts.items()))
        out.append(f"标准工时人员的班次长于每日 {daily / 60:g} 小时：{shifts}，超出部分共 "
                   f"{long_hours:g} 小时按 150% 计，由班次本身的长度决定。")
    rest = round(plan.overtime_150_hours - (long_hours if long_shifts else 0), 2)
    if rest > 0.01:
        comprehensive = any(data.staff_by_id[m].regime is HoursRegime.COMPREHENSIVE
                            for m in members if m in data.staff_by_id)
        out.append(f"综合计算工时：综合计算周期内超过标准工时的 {rest:g} 小时按 150% 计。"
                   if comprehensive else f"其余延时加班 {rest:g} 小时按 150% 计。")
    if plan.overtime_200_hours > 0:
        out.append(f"休息日上班超过标准工时的 {plan.overtime_200_hours:g} 小时按 200% 计"
                   + ("（允许加班时，比多招一人更便宜）。" if allow_overtime else "。"))
    return tuple(out)


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
    out.extend(plan.overtime_reasons)
    if plan.gaps:
        out.append(f"仍有 {plan.gaps} 人次最低需求无法覆盖（与人数无关的硬规则或资质限制）。")
    if plan.saturated:
        out.append("候选的待招聘人员已全部用上：实际最优人数可能更多，请加长求解时间后重试。")
    return tuple(out)
