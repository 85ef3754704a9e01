"""Newcomers in pre-duty training (岗前培训, seed 000 attachments) and their 带教 pairs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from model.contract import ServiceLine
from model.dataset import DataSet
from model.roster import Assignment
from model.staff import Employment, Staff

#: The newcomer's mark in the grid and the workbook (学 = 跟班学习).
SHADOW_MARK = "学"


def solo_from(member: Staff, line: ServiceLine | None) -> date:
    """First day the person works alone: the recorded date, else hire date + the line's
    pre-duty training days (no line known: the hire date)."""
    if member.solo_from is not None:
        return member.solo_from
    days = line.requirements.training_days if line is not None else 0
    return member.hire_date + timedelta(days=days)


def in_training(member: Staff, line: ServiceLine | None, day: date) -> bool:
    """Whether the person is within the pre-duty training period on `day`."""
    return member.hire_date <= day < solo_from(member, line)


def is_newcomer(data: DataSet, member: Staff, day: date) -> bool:
    """In training on `day`, by the person's own line in the data set."""
    return in_training(member, data.line_by_id.get(member.line_id), day)


def training_until(data: DataSet, member: Staff) -> date | None:
    """Last day of the person's pre-duty training; None when there is none."""
    first_alone = solo_from(member, data.line_by_id.get(member.line_id))
    return first_alone - timedelta(days=1) if first_alone > member.hire_date else None


@dataclass(frozen=True)
class ShadowPair:
    """One newcomer shadowing one trained colleague (带教老师) at one post, day and shift;
    `mentor_id` None: nobody trained is there (a breach of the rule)."""

    newcomer_id: str
    mentor_id: str | None
    day: date
    post_id: str
    shift: str


def shadow_pairs(data: DataSet, assignments: Iterable[Assignment]) -> list[ShadowPair]:
    """The 带教 pairs of a roster, matched per post, day and shift: newcomers in data order,
    each with the first trained colleague not yet paired, own line's colleagues first."""
    order = {member.id: i for i, member in enumerate(data.staff)}
    at: dict[tuple[date, str, str], list[Staff]] = defaultdict(list)
    for a in assignments:
        member = data.staff_by_id.get(a.staff_id)
        if member is not None and member.employment is Employment.VENDOR:
            at[(a.day, a.post_id, a.shift)].append(member)
    pairs: list[ShadowPair] = []
    for (day, post_id, shift), people in sorted(at.items()):
        people.sort(key=lambda m: order[m.id])
        newcomers = [m for m in people if is_newcomer(data, m, day)]
        free = [m for m in people if not is_newcomer(data, m, day)]
        for newcomer in newcomers:
            mentor = _pick(newcomer, free)
            if mentor is not None:
                free.remove(mentor)
            pairs.append(ShadowPair(newcomer.id, mentor.id if mentor else None, day, post_id,
                                    shift))
    return pairs


def _pick(newcomer: Staff, free: Sequence[Staff]) -> Staff | None:
    for member in free:
        if member.line_id == newcomer.line_id:
            return member
    return free[0] if free else None


def pairs_by_cell(pairs: Iterable[ShadowPair]) -> dict[tuple[str, date], ShadowPair]:
    """Each newcomer's pair by (newcomer id, day), for marking the grid's cells."""
    return {(p.newcomer_id, p.day): p for p in pairs}


def _who(data: DataSet, staff_id: str | None) -> str:
    if staff_id is None:
        return "（无带教同事）"
    member = data.staff_by_id.get(staff_id)
    return f"{member.name}（{staff_id}）" if member else staff_id


def mentor_text(data: DataSet, pair: ShadowPair) -> str:
    """The newcomer's cell note: who teaches them, and until when they are in training."""
    member = data.staff_by_id.get(pair.newcomer_id)
    until = training_until(data, member) if member else None
    period = f"，岗前培训至 {until}" if until else ""
    if pair.mentor_id is None:
        return f"岗前培训跟班：无已培训同事同岗同班{period}，不计入在岗人数"
    return f"带教：跟 {_who(data, pair.mentor_id)} 学习{period}，不计入在岗人数"


def pair_rows(data: DataSet, pairs: Iterable[ShadowPair]) -> list[dict[str, str]]:
    """The 带教 list as users read it (date, post, shift, newcomer, mentor, training end)."""
    rows = []
    for pair in pairs:
        post = data.post_by_id.get(pair.post_id)
        member = data.staff_by_id.get(pair.newcomer_id)
        until = training_until(data, member) if member else None
        rows.append({"日期": pair.day.isoformat(), "岗位": post.name if post else pair.post_id,
                     "班次": pair.shift, "新员工": _who(data, pair.newcomer_id),
                     "带教老师": _who(data, pair.mentor_id),
                     "岗前培训至": until.isoformat() if until else "—"})
    return rows
