"""Checker findings in words: rule names, breach lists, new breaches, roster/data mismatches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from model.dataset import DataSet
from model.roster import RosterResult, Violation


def rule_name(data: DataSet, rule_id: str) -> str:
    """The Chinese name of a rule id: a contract rule as the data set names it, or a check
    of the checker (model.vocabulary holds the names of both)."""
    return data.rule_name(rule_id)


def describe_violations(data: DataSet, violations: Sequence[Violation], limit: int = 8
                        ) -> str:
    """Chinese lines naming each rule broken and the breaches."""
    lines = []
    for v in violations[:limit]:
        lines.append(f"  - 「{rule_name(data, v.rule)}」：{v.message}")
    if len(violations) > limit:
        lines.append(f"  …… 另有 {len(violations) - limit} 处")
    return "\n".join(lines)


def _key(v: Violation) -> tuple[str, str | None, date | None, str]:
    return (v.rule, v.staff_id, v.day, v.message)


def new_violations(before: Sequence[Violation], after: Sequence[Violation]) -> list[Violation]:
    """Breaches in `after` that `before` did not have (pre-existing ones are not blamed)."""
    old = {_key(v) for v in before}
    return [v for v in after if _key(v) not in old]


def roster_problems(data: DataSet, roster: RosterResult) -> list[str]:
    """Unknown 工号/岗位/班次, dates outside the period, two cells of one person-day."""
    problems = []
    if not roster.status.has_roster:
        problems.append(f"排班状态为 {roster.status.label}，没有可发布的排班")
    if roster.end < roster.start:
        problems.append(f"排班周期结束日期 {roster.end} 早于开始日期 {roster.start}")
    seen: set[tuple[str, date]] = set()
    for a in roster.assignments:
        where = f"{a.day} {a.staff_id} {a.post_id} {a.shift}"
        if a.staff_id not in data.staff_by_id:
            problems.append(f"{where}：未知工号 {a.staff_id}")
        if a.post_id not in data.post_by_id:
            problems.append(f"{where}：未知岗位 {a.post_id}")
        if a.shift not in data.shift_by_code:
            problems.append(f"{where}：未知班次 {a.shift}")
        if not roster.start <= a.day <= roster.end:
            problems.append(f"{where}：日期不在排班周期 {roster.start}~{roster.end} 内")
        if (a.staff_id, a.day) in seen:
            problems.append(f"{where}：同一人同一天有多个班次")
        seen.add((a.staff_id, a.day))
    return problems
