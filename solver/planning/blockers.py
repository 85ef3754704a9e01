"""Posts the rules make impossible to staff: which rule blocks which shift, and the change."""

from __future__ import annotations

from dataclasses import dataclass

from model.dataset import DataSet
from model.hours import daily_overtime_minutes
from model.posts import Post
from model.rules import MAX_DAILY_OVERTIME, MAX_SHIFT_LENGTH
from model.shifts import ShiftType
from model.staff import Employment, HoursRegime
from solver.horizon import Horizon
from solver.planning.data import scope_posts


@dataclass(frozen=True)
class Blocker:
    """A shift with demand at a post that no candidate of its lines may work."""

    post_id: str
    shift: str
    rule_id: str
    text: str


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"


def _has_demand(post: Post, shift: str, horizon: Horizon) -> bool:
    demand = post.demand_for(shift)
    return demand is not None and any(
        post.need_on(shift, day.day, day.kind).min > demand.supply(day.kind)
        for day in horizon.days)


def _regimes(data: DataSet, post: Post) -> set[HoursRegime]:
    """The working-time regimes of the people who may fill the post: its lines' vendor staff,
    or the regime a planned hire would get (综合计算工时 at a 24-hour post)."""
    regimes = {m.regime for m in data.staff if m.employment is Employment.VENDOR
               and m.line_id in post.lines}
    if regimes:
        return regimes
    return {HoursRegime.COMPREHENSIVE if post.around_the_clock else HoursRegime.STANDARD}


def _blocked_by(data: DataSet, shift: ShiftType, regime: HoursRegime) -> str | None:
    """The hard rule that forbids this shift to a person of this regime, if any."""
    length = data.rules[MAX_SHIFT_LENGTH]
    if length.hard and length.value is not None and shift.minutes > length.value * 60:
        return MAX_SHIFT_LENGTH
    daily = data.rules[MAX_DAILY_OVERTIME]
    standard = data.contract.working_time
    if (regime is HoursRegime.STANDARD and daily.hard and daily.value is not None
            and daily_overtime_minutes(shift.minutes, standard) > daily.value * 60):
        return MAX_DAILY_OVERTIME
    return None


def _text(data: DataSet, post: Post, shift: ShiftType, rule_id: str) -> str:
    rule = data.rules[rule_id]
    cap = int(round((rule.value or 0) * 60))
    where = f"{post.name}的 {shift.code} 班（{shift.name}）每班 {_hours(shift.minutes)} 小时"
    if rule_id == MAX_SHIFT_LENGTH:
        return (f"{where}，超过「{rule.name}」{_hours(cap)} 小时，任何人都不能上这个班，"
                f"岗位无法排班。要能排班：把「{rule.name}」提高到至少 "
                f"{_hours(shift.minutes)} 小时，或把该班拆成每班不超过 {_hours(cap)} 小时的班次。")
    standard = data.contract.working_time
    overtime = daily_overtime_minutes(shift.minutes, standard)
    longest = standard.daily_minutes + cap
    return (f"{where}，标准工时下当日加班 {_hours(overtime)} 小时，超过「{rule.name}」"
            f"{_hours(cap)} 小时，标准工时人员都不能上这个班，岗位无法排班。要能排班："
            f"经劳动行政部门批准，让该岗位人员实行综合计算工时（不计每日加班），或把该班拆成"
            f"每班不超过 {_hours(longest)} 小时的班次。")


def blocked_posts(data: DataSet, horizon: Horizon, line_ids: set[str]) -> list[Blocker]:
    """Every shift with demand at the lines' posts that a hard rule forbids to everyone who
    could fill it (所有候选人员), with the sentence that names the rule and the change."""
    out = []
    for post in scope_posts(data, line_ids):
        regimes = _regimes(data, post)
        for demand in post.demand:
            shift = data.shift_by_code.get(demand.shift)
            if shift is None or not _has_demand(post, demand.shift, horizon):
                continue
            rules = {_blocked_by(data, shift, regime) for regime in regimes}
            if None in rules:
                continue
            rule_id = MAX_SHIFT_LENGTH if MAX_SHIFT_LENGTH in rules else MAX_DAILY_OVERTIME
            out.append(Blocker(post.id, demand.shift, rule_id,
                               _text(data, post, shift, rule_id)))
    return out
