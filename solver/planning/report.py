"""The answer: each line's plan and the overall result, from the component solves."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from model.dataset import DataSet
from model.roster import SolveStatus
from model.staff import Employment
from solver.horizon import Horizon
from solver.planning.blockers import blocked_posts
from solver.planning.component import Outcome
from solver.planning.data import PlanningOptions, vendor_need
from solver.planning.reasons import binding_reasons, overtime_reasons, workload_bound
from solver.planning.result import ComponentSolve, LinePlan, PlanResult


def component_result(outcome: Outcome, line_ids: tuple[str, ...], rounds: int,
                     wall: float) -> ComponentSolve:
    evaluation = outcome.evaluation()
    violations = tuple(v.message for v in evaluation.violations) if evaluation else ()
    return ComponentSolve(lines=line_ids, status=outcome.status, gaps=outcome.gaps,
                          gaps_proven=outcome.gaps_proven, cost_fen=outcome.cost_fen,
                          bound_fen=outcome.bound_fen, rounds=rounds,
                          templates=outcome.templates, wall_time_s=round(wall, 3),
                          violations=violations)


def line_plan(original: DataSet, outcome: Outcome, line_id: str,
              component: tuple[str, ...], options: PlanningOptions) -> LinePlan:
    line = original.line_by_id[line_id]
    data, horizon = outcome.data, outcome.horizon
    vendor = [m for m in original.staff if m.line_id == line_id
              and m.employment is Employment.VENDOR]
    plan = outcome.plan
    if plan is None and outcome.status.has_roster:  # nothing needed: release everyone
        kept: list[str] = []
        hired = 0
    elif plan is None:
        kept, hired = [m.id for m in vendor], 0
    else:
        kept = [m for m in plan.current.get(line_id, []) if outcome.active.get(m)]
        hired = sum(1 for m in plan.templates.get(line_id, []) if outcome.active.get(m))
    has_answer = outcome.status.has_roster
    optimum = len(kept) + hired if has_answer else line.headcount
    released = tuple(m.id for m in vendor if m.id not in kept) if has_answer else ()
    scope = set(component) if _shares_posts(data, component) else {line_id}
    blockers = [b for b in blocked_posts(data, horizon, scope)
                if data.post_by_id[b.post_id].lines[0] == line_id]
    members = set(kept) | ({m for m in plan.templates.get(line_id, [])
                            if outcome.active.get(m)} if plan else set())
    summary = _overtime_of(outcome, members)
    gaps = _line_gaps(outcome, line_id)
    need, detail = vendor_need(data, horizon, scope)
    peak = max(need, default=0)
    peak_days = tuple(horizon.date(d) for d, n in enumerate(need) if n == peak and peak > 0)
    bound, bound_text = workload_bound(data, horizon, scope, options.allow_overtime)
    scope_members = _active_members(outcome, scope)
    if blockers and has_answer:
        # a post the rules block is never planned with fewer people than its demand needs:
        # this line (the post's first) carries what the scope's active members fall short of
        short = max(peak, bound) - len(scope_members)
        if short > 0:
            optimum += short
            keep = min(len(vendor), optimum)
            kept = [m.id for m in vendor][:keep]
            released = tuple(m.id for m in vendor[keep:])
            hired = optimum - keep
    full_days = _full_days(outcome, scope_members)
    delta = (optimum - line.headcount) * line.unit_price
    saturated = bool(plan and plan.templates.get(line_id)
                     and all(outcome.active.get(m) for m in plan.templates[line_id]))
    result = LinePlan(
        line_id=line_id, name=line.name, headcount_today=line.headcount,
        staff_today=len(vendor), optimum=optimum, kept=tuple(kept), released=released,
        hired=hired, unit_price=line.unit_price, monthly_fee_today=line.monthly_fee,
        monthly_fee_optimum=optimum * line.unit_price, monthly_delta=delta,
        contract_delta=delta * original.contract.months, gaps=gaps, peak_need=peak,
        peak_days=peak_days, workload_bound=bound, workload_text=bound_text,
        full_days=full_days,
        shared_with=tuple(x for x in component if x != line_id and x in scope),
        saturated=saturated, status=outcome.status,
        blocked=tuple(b.text for b in blockers), **summary)
    result = result.model_copy(update={"overtime_reasons": overtime_reasons(
        data, horizon, outcome.assignments, members, result, options.allow_overtime)})
    return result.model_copy(update={"binding": binding_reasons(result, horizon, need, detail,
                                                          len(scope_members), scope,
                                                          options)})


def _shares_posts(data: DataSet, component: tuple[str, ...]) -> bool:
    return any(len(set(post.lines) & set(component)) > 1 for post in data.posts)


def _active_members(outcome: Outcome, scope: set[str]) -> set[str]:
    data = outcome.data
    return {m for m, on in outcome.active.items() if on and data.staff_by_id[m].line_id in scope}


def _overtime_of(outcome: Outcome, members: set[str]) -> dict[str, object]:
    evaluation = outcome.evaluation()
    if evaluation is None:
        return {}
    rows = [s for s in evaluation.staff_summary if s.staff_id in members]
    cost = sum((Decimal(str(s.overtime_cost)) for s in rows), Decimal(0))
    return {"overtime_hours": round(sum(s.overtime_hours for s in rows), 2),
            "overtime_150_hours": round(sum(s.overtime_150_hours for s in rows), 2),
            "overtime_200_hours": round(sum(s.overtime_200_hours for s in rows), 2),
            "overtime_300_hours": round(sum(s.overtime_300_hours for s in rows), 2),
            "overtime_cost": cost.quantize(Decimal("0.01"))}


def _line_gaps(outcome: Outcome, line_id: str) -> int:
    evaluation = outcome.evaluation()
    if evaluation is None:
        return 0
    posts = outcome.data.post_by_id
    return sum(missing for _day, post_id, _shift, missing in evaluation.gaps_raw
               if posts[post_id].lines and posts[post_id].lines[0] == line_id)


def _full_days(outcome: Outcome, members: set[str]) -> tuple[date, ...]:
    if not members:
        return ()
    working: dict[date, set[str]] = defaultdict(set)
    for a in outcome.assignments:
        if a.staff_id in members:
            working[a.day].add(a.staff_id)
    return tuple(sorted(day for day, who in working.items() if len(who) == len(members)))


def plan_result(data: DataSet, options: PlanningOptions, horizon: Horizon,
                lines: tuple[LinePlan, ...], solves: tuple[ComponentSolve, ...],
                wall: float) -> PlanResult:
    statuses = {s.status for s in solves}
    if not solves or statuses == {SolveStatus.OPTIMAL}:
        status = SolveStatus.OPTIMAL
    elif all(s.status.has_roster for s in solves):
        status = SolveStatus.FEASIBLE
    elif SolveStatus.INFEASIBLE in statuses:
        status = SolveStatus.INFEASIBLE
    else:
        status = SolveStatus.UNKNOWN
    answered = all(s.cost_fen is not None for s in solves)
    cost = sum(s.cost_fen or 0 for s in solves) if answered else None
    bound = sum(s.bound_fen or 0 for s in solves) if answered else None
    gap_pct = (None if cost is None or bound is None else
               0.0 if cost == bound else round(100.0 * (cost - bound) / max(cost, 1), 3))
    today = sum((p.monthly_fee_today for p in lines), Decimal(0))
    optimum = sum((p.monthly_fee_optimum for p in lines), Decimal(0))
    notes = ["代表期按无请假、无个人请求、无固定排班计算，现有人员均视为已完成岗前培训；"
             "各项目的岗位由本项目人员承担"
             + ("（允许已培训人员跨项目借调）。" if options.allow_borrowing
                else "（不跨项目借调）。"),
             "加班费为代表期（视作一个月）的金额；法定节假日上班按 300% 计，属需求本身。"]
    if not options.allow_overtime:
        notes.append("未允许加班：标准工时每周正常工时不超过标准工时，不产生 200% 加班；"
                     "综合计算工时每个综合计算周期的工时不超过该周期的标准工时，不产生 150% 加班。")
    impossible = [p for p in lines if p.impossible]
    if impossible:
        notes.append("规则使以下项目的岗位无法排班：" + "、".join(f"{p.line_id} {p.name}"
                                                   for p in impossible)
                     + "。这些项目按需求所需人数列出（不少于需求），须先按说明修改规则或班次。")
    for solve in solves:
        for message in solve.violations:
            notes.append(f"独立核对发现问题（{'、'.join(solve.lines)}）：{message}")
    return PlanResult(
        start=horizon.start, end=horizon.end, allow_overtime=options.allow_overtime,
        allow_borrowing=options.allow_borrowing, status=status, lines=lines,
        components=solves, headcount_today=sum(p.headcount_today for p in lines),
        headcount_optimum=sum(p.optimum for p in lines), monthly_today=today,
        monthly_optimum=optimum, monthly_delta=optimum - today,
        contract_delta=(optimum - today) * data.contract.months,
        overtime_cost=sum((p.overtime_cost for p in lines), Decimal(0)),
        cost_fen=cost, bound_fen=bound, gap_pct=gap_pct, wall_time_s=round(wall, 3),
        notes=tuple(notes))
