"""Why a roster has a gap, and which hard rules contradict each other."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from model.dataset import DataSet
from model.events import Pin
from model.qualification import waiver_note
from model.roster import Assignment, Conflict, Gap
from model.scenario import is_planned_hire
from model.shadowing import is_newcomer, solo_from
from model.staff import Employment, Staff
from solver.build import build_model
from solver.check import check_roster
from solver.eligibility import ineligibility, may_fill
from solver.horizon import Horizon

PIN_RULE = "pin"
#: Candidates explained per gap; the rest are counted.
MAX_LISTED = 8


def _who(data: DataSet, staff_id: str) -> str:
    member = data.staff_by_id.get(staff_id)
    if member is None:
        return staff_id
    return member.name if is_planned_hire(staff_id) else f"{member.name}（{staff_id}）"


def _day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def describe_pin(data: DataSet, pin: Pin) -> str:
    if pin.is_off:
        return f"固定排班：{_who(data, pin.staff_id)} {_day(pin.day)} 休息"
    post = data.post_by_id.get(pin.post_id or "")
    return (f"固定排班：{_who(data, pin.staff_id)} {_day(pin.day)} "
            f"{post.name if post else pin.post_id} {pin.shift}班")


def pin_conflicts(data: DataSet, horizon: Horizon) -> list[Conflict]:
    """Pins that cannot hold whatever else happens: an ineligible cell, or two pins on one
    person's day."""
    conflicts = []
    seen: Counter[tuple[str, date]] = Counter(
        (p.staff_id, p.day) for p in data.pins if horizon.index(p.day) is not None)
    for pin in data.pins:
        d = horizon.index(pin.day)
        if d is None:
            continue
        if seen[(pin.staff_id, pin.day)] > 1:
            conflicts.append(Conflict(rule=PIN_RULE, message=(
                f"{describe_pin(data, pin)} 与同一天的另一条固定排班冲突（每人每天最多一个班）")))
            continue
        if pin.is_off:
            continue
        member = data.staff_by_id[pin.staff_id]
        post = data.post_by_id[pin.post_id or ""]
        reason = ineligibility(data, horizon, member, d, post, pin.shift or "")
        if reason is not None:
            conflicts.append(Conflict(rule=PIN_RULE,
                                      message=f"{describe_pin(data, pin)} 与「{reason}」冲突"))
    return conflicts


@dataclass
class _OwnCells:
    """Per person, their own assignments and the checker's findings on them alone, computed
    once for all the gaps a person is a candidate for (a stopped solve's roster can have
    hundreds)."""

    data: DataSet
    horizon: Horizon
    assignments: list[Assignment]
    cells: dict[str, list[Assignment]] = field(default_factory=dict)
    found: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    def of(self, staff_id: str) -> list[Assignment]:
        if not self.cells:
            for a in self.assignments:
                self.cells.setdefault(a.staff_id, []).append(a)
        return self.cells.get(staff_id, [])

    def violations(self, staff_id: str) -> set[tuple[str, str]]:
        if staff_id not in self.found:
            self.found[staff_id] = {(v.rule, v.message) for v in check_roster(
                self.data, self.horizon.start, self.horizon.n, self.of(staff_id))}
        return self.found[staff_id]


def _candidate_reason(data: DataSet, horizon: Horizon, assignments: _OwnCells,
                      staff_id: str, day: date, post_id: str, shift: str) -> str:
    member = data.staff_by_id[staff_id]
    d = horizon.index(day)
    assert d is not None
    post = data.post_by_id[post_id]
    reason = ineligibility(data, horizon, member, d, post, shift)
    if reason is not None:
        return reason
    if is_newcomer(data, member, day):
        first_alone = solo_from(member, data.line_by_id.get(member.line_id))
        return f"岗前培训中（{first_alone}起可独立上岗），只能跟班带教，不计入在岗人数"
    note = "" if member.line_id in post.lines else waiver_note(data, member, post, day)
    return (f"{note}；" if note else "") + _eligible_reason(data, horizon, assignments, member,
                                                          day, post_id, shift)


def _eligible_reason(data: DataSet, horizon: Horizon, assignments: _OwnCells,
                     member: Staff, day: date, post_id: str, shift: str) -> str:
    """Why an eligible candidate was not used: busy that day, a rule it would break, or the
    objective's trade-off."""
    staff_id = member.id
    own = assignments.of(staff_id)
    same_day = [a for a in own if a.day == day]
    if same_day:
        a = same_day[0]
        return f"当天已排{data.post_by_id[a.post_id].name}{a.shift}班"
    trial = Assignment(staff_id=staff_id, line_id=member.line_id, post_id=post_id,
                       shift=shift, day=day, segments=(), hours=0)
    # Personal rules depend on the person's own shifts only: check just those.
    before = assignments.violations(staff_id)
    after = check_roster(data, horizon.start, horizon.n, [*own, trial])
    broken = sorted({data.rules[v.rule].name for v in after
                     if (v.rule, v.message) not in before and v.rule in _rule_ids(data)
                     and v.staff_id == staff_id})
    if broken:
        return "若排此班将违反：" + "、".join(broken)
    return "可排但未排（目标权衡）"


def _rule_ids(data: DataSet) -> set[str]:
    return {rule.id for rule in data.rules.rules}


#: the reason given to a gap whose analysis was cut for time (see gap_reasons)
CUT_FOR_TIME = "求解时限已到，此缺口的原因未逐一分析（延长求解时限可得到完整原因）"


def gap_reasons(data: DataSet, horizon: Horizon, assignments: list[Assignment],
                gaps_raw: list[tuple[date, str, str, int]],
                deadline: float | None = None) -> list[Gap]:
    """Each uncovered required shift with why nobody could fill it, in Chinese. With a
    `deadline` (time.monotonic seconds) the gaps are explained in order until it passes; the
    rest get CUT_FOR_TIME as their one reason (gaps without a qualified person always get
    theirs: it costs nothing)."""
    gaps = []
    own = _OwnCells(data, horizon, assignments)
    for day, post_id, shift, missing in gaps_raw:
        post = data.post_by_id[post_id]
        candidates = [m for m in data.staff
                      if m.employment is Employment.VENDOR and may_fill(m, post)]
        if not candidates:
            reasons: tuple[str, ...] = ("没有可胜任此岗位的人员（本项目人员或已培训人员）",)
        elif deadline is not None and time.monotonic() >= deadline:
            reasons = (CUT_FOR_TIME,)
        else:
            reasons = tuple(
                f"{_who(data, m.id)}："
                f"{_candidate_reason(data, horizon, own, m.id, day, post_id, shift)}"
                for m in candidates[:MAX_LISTED])
            if len(candidates) > MAX_LISTED:
                reasons += (f"……另有 {len(candidates) - MAX_LISTED} 名可胜任人员未列出",)
        gaps.append(Gap(day=day, post_id=post_id, shift=shift, missing=missing,
                        reasons=reasons))
    return gaps


def _describe_enforcement(data: DataSet, rule_id: str, staff_id: str) -> str:
    rule = data.rules[rule_id]
    value = "" if rule.value is None else f"（{rule.value:g}）"
    return f"规则「{rule.name}」{value}适用于 {_who(data, staff_id)}"


def explain_infeasibility(data: DataSet, horizon: Horizon, workers: int = 8,
                          time_limit_s: float = 20.0,
                          deadline: float | None = None) -> list[Conflict]:
    """The smallest set of hard rules in conflict, found with CP-SAT assumptions and then
    shrunk by deletion, in Chinese. With a `deadline` (time.monotonic seconds) each solve
    ends by it, and the shrinking stops there (the set found so far is returned)."""
    built = build_model(data, horizon, explain=True)
    labels: dict[int, Conflict] = {}
    for item in built.pins:
        labels[item.literal.Index()] = Conflict(rule=PIN_RULE,
                                                message=describe_pin(data, item.pin))
    for (rule_id, staff_id), lit in built.ctx.enforcement.items():
        labels[lit.Index()] = Conflict(rule=rule_id,
                                       message=_describe_enforcement(data, rule_id, staff_id))
    literals = {index: built.model.get_bool_var_from_proto_index(index) for index in labels}

    def infeasible(subset: list[int]) -> tuple[bool, list[int]]:
        built.model.clear_assumptions()
        built.model.add_assumptions([literals[i] for i in subset])
        solver = cp_model.CpSolver()
        left = time_limit_s if deadline is None else min(time_limit_s,
                                                         deadline - time.monotonic())
        solver.parameters.max_time_in_seconds = max(0.05, left)
        solver.parameters.num_workers = 1
        status = solver.Solve(built.model)
        if status != cp_model.INFEASIBLE:
            return False, []
        return True, list(solver.SufficientAssumptionsForInfeasibility())

    is_infeasible, core = infeasible(list(labels))
    if not is_infeasible:
        return [Conflict(rule="unknown", message="未能在时限内确定冲突的规则")]
    core = core or list(labels)
    if len(core) <= 30:
        for index in list(core):
            if index not in core:
                continue
            if deadline is not None and time.monotonic() >= deadline:
                break
            trial = [i for i in core if i != index]
            still, smaller = infeasible(trial)
            if still:
                core = [i for i in (smaller or trial) if i in trial]
    return [labels[i] for i in core]
