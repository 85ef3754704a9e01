"""Planning inputs: the options, the chosen lines' data, their components, demand, templates."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from model.dataset import DataSet
from model.staff import Certificate, Staff
from solver.horizon import Horizon

#: Default length of the representative period, in weeks.
DEFAULT_WEEKS = 4

ProgressFn = Callable[[str], None]


@dataclass(frozen=True)
class PlanningOptions:
    #: first day of the representative period; None: `default_start` of the data
    start: date | None = None
    n_days: int = DEFAULT_WEEKS * 7
    #: line ids to plan; empty = every line
    lines: tuple[str, ...] = ()
    allow_overtime: bool = False
    #: let trained staff of one line cover another line's posts (off: each line on its own)
    allow_borrowing: bool = False
    time_limit_s: float = 60.0
    workers: int = 2
    seed: int = 0
    #: how often a component is solved again with doubled templates when it hired them all
    max_rounds: int = 3
    on_progress: ProgressFn | None = None

    def start_for(self, data: DataSet) -> date:
        """The period's first day: the one given, else `default_start(data)`."""
        return self.start or default_start(data)


def default_start(data: DataSet, today: date | None = None) -> date:
    """The default representative period starts on the Monday of the contract's first week
    (`ContractTerms.period_start`), or without a contract start on the next Monday."""
    return data.contract.period_start(today)


def planning_data(data: DataSet, lines: tuple[str, ...] | set[str] = (),
                  allow_borrowing: bool = False, start: date | None = None) -> DataSet:
    """The chosen lines with their posts (restricted to those lines) and staff; dated events
    dropped (training sessions too); borrowing only between chosen lines, and only if
    allowed. With `start`, current staff count as trained by then (the period is
    representative: someone who joins later is still part of today's headcount)."""
    chosen = set(lines) if lines else {line.id for line in data.lines}
    unknown = sorted(chosen - set(data.line_by_id))
    if unknown:
        raise ValueError(f"未知服务项目：{', '.join(unknown)}")
    posts = [post.model_copy(update={"lines": tuple(x for x in post.lines if x in chosen)})
             for post in data.posts if set(post.lines) & chosen]
    post_ids = {post.id for post in posts}
    staff = [member.model_copy(update={
        "skills": tuple(s for s in member.skills if s in post_ids) if allow_borrowing else (),
        # recorded qualification exceptions go with the lines and posts that are planned
        "exceptions": tuple(e for e in member.exceptions
                            if (e.line_id or "") in chosen or (e.post_id or "") in post_ids),
        "hire_date": _trained_by(data, member, start),
        # trained by the period (as the hire date above): no own date of working alone
        "solo_from": member.solo_from if start is None else None})
        for member in data.staff if member.line_id in chosen]
    return data.with_changes(
        lines=tuple(line for line in data.lines if line.id in chosen),
        posts=tuple(posts), staff=tuple(staff),
        cover_rules=tuple(rule for rule in data.cover_rules if rule.post_id in post_ids),
        patterns=tuple(p for p in data.patterns if p.line_id in chosen),
        absences=(), requests=(), pins=(), tails=(), training_sessions=(), training_done=())


def _trained_by(data: DataSet, member: Staff, start: date | None) -> date:
    if start is None:
        return member.hire_date
    training = data.line_by_id[member.line_id].requirements.training_days
    return max(member.birth_date, min(member.hire_date, start - timedelta(days=training)))


def line_components(data: DataSet) -> list[tuple[str, ...]]:
    """Groups of lines linked by a shared post or (if present) a staff skill, in data order."""
    parent = {line.id: line.id for line in data.lines}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for post in data.posts:
        for other in post.lines[1:]:
            join(post.lines[0], other)
    for member in data.staff:
        for skill in member.skills:
            post = data.post_by_id[skill]
            if post.lines:
                join(member.line_id, post.lines[0])
    groups: dict[str, list[str]] = defaultdict(list)
    for line in data.lines:
        groups[find(line.id)].append(line.id)
    return [tuple(ids) for ids in groups.values()]


def scope_posts(data: DataSet, line_ids: set[str]):
    return [post for post in data.posts if set(post.lines) & line_ids]


def vendor_need(data: DataSet, horizon: Horizon, line_ids: set[str]
                ) -> tuple[list[int], list[list[str]]]:
    """Per day: vendor people needed at the posts of these lines (min - hospital supply),
    and what makes up that number."""
    need = [0] * horizon.n
    detail: list[list[str]] = [[] for _ in range(horizon.n)]
    for post in scope_posts(data, line_ids):
        for demand in post.demand:
            for d, day in enumerate(horizon.days):
                people = max(0, post.need_on(demand.shift, day.day, day.kind).min
                             - demand.supply(day.kind))
                if people:
                    need[d] += people
                    detail[d].append(f"{post.name} {demand.shift}班 {people} 人")
    return need, detail


def with_templates(data: DataSet, start: date, n_days: int, templates: dict[str, int]
                   ) -> tuple[DataSet, dict[str, list[str]]]:
    """`data` plus `templates[line]` planned hires per line (model.scenario's 待招聘 members,
    trained before `start`), each also holding the certificates its line's posts require."""
    from model.scenario import Period, Scenario, apply_scenario

    counts: defaultdict[str, int] = defaultdict(int)
    for member in data.staff:
        counts[member.line_id] += 1
    scenario = Scenario(
        name="规划候选人员", period=Period(start=start, weeks=max(1, math.ceil(n_days / 7))),
        headcount={line.id: counts[line.id] + templates.get(line.id, 0) for line in data.lines})
    extended = apply_scenario(data, scenario)
    existing = {member.id for member in data.staff}
    by_line: dict[str, list[str]] = defaultdict(list)
    staff = []
    for member in extended.staff:
        if member.id not in existing:
            member = _with_post_certificates(extended, member)
            by_line[member.line_id].append(member.id)
        staff.append(member)
    lines = tuple(line.model_copy(update={"headcount": counts[line.id]})
                  for line in extended.lines)
    return extended.with_changes(staff=tuple(staff), lines=lines), dict(by_line)


def _with_post_certificates(data: DataSet, member: Staff) -> Staff:
    held = {cert.type_id for cert in member.certificates}
    missing = sorted({cert for post in data.posts if member.line_id in post.lines
                      for cert in post.required_certificates} - held)
    if not missing:
        return member
    extra = tuple(Certificate(type_id=cert, number="待提供") for cert in missing)
    return member.model_copy(update={"certificates": (*member.certificates, *extra)})
