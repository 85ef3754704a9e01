"""Which (staff, day, post, shift) cells may be used at all (solver/RULES.md, eligibility)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from model.dataset import DataSet
from model.events import Absence
from model.posts import Post
from model.qualification import borrowed_problem, certificate_name
from model.rules import STAFF_MAX_SHIFTS
from model.staff import Employment, Staff
from solver.horizon import Horizon


def is_own_post(member: Staff, post: Post) -> bool:
    return member.line_id in post.lines


def may_fill(member: Staff, post: Post) -> bool:
    """Own line's post, or a post the person is trained for (borrowed)."""
    return is_own_post(member, post) or post.id in member.skills


def ineligibility(data: DataSet, horizon: Horizon, member: Staff, d: int, post: Post,
                  shift: str) -> str | None:
    """Why `member` may not work `shift` at `post` on day `d`, in Chinese; None if they may."""
    day = horizon.date(d)
    demand = post.demand_for(shift)
    if demand is None and not post.dated_open(shift, day):
        if shift not in post.shifts:
            return f"岗位{post.name}没有{shift}班"
        return f"{post.name}{shift}班当天（按日期需求）无需求"
    if demand is not None and post.need_on(shift, day, horizon.days[d].kind).target == 0:
        return f"{post.name}{shift}班当天（{horizon.days[d].kind.label}）无需求"
    if member.employment is not Employment.VENDOR:
        return "院方人员不参与外包排班"
    if not may_fill(member, post):
        return f"未经{post.name}岗位培训"
    for cert in post.required_certificates:
        held = member.certificate(cert)
        if held is None:
            return f"缺少证书{certificate_name(data, cert)}"
        if not held.valid_on(day):
            return f"证书{certificate_name(data, cert)}已于{held.expires_on}过期"
    if day < member.hire_date:
        return "尚未入职"
    index = _index(data)
    # own post in pre-duty training: eligible, shadowed (rules/shadowing.py, RULES.md rule 4)
    if not is_own_post(member, post):
        problem = borrowed_problem(data, member, post, day)
        if problem is not None:
            return problem
    absence = index.absent.get(member.id, {}).get(day)
    if absence is not None:
        return f"已批准{absence.kind.value}"
    if member.limits is not None and index.caps_hard and member.limits.max_shifts.get(shift) == 0:
        return f"个人合同不上{shift}班"
    return None


@dataclass(frozen=True)
class _Index:
    """Per data set: each person's approved absence by day (the first in data order),
    and whether a personal cap of 0 shifts makes cells ineligible (rule hard)."""

    data: DataSet
    absent: dict[str, dict[date, Absence]]
    caps_hard: bool


#: One cached index, for the last data set asked about: a cell-by-cell scan of every absence
#: is quadratic on long horizons.
_last_index: _Index | None = None


def _index(data: DataSet) -> _Index:
    global _last_index
    if _last_index is None or _last_index.data is not data:
        absent: dict[str, dict[date, Absence]] = defaultdict(dict)
        for absence in data.absences:
            if not absence.approved:
                continue
            day = absence.start
            while day <= absence.end:
                absent[absence.staff_id].setdefault(day, absence)
                day += timedelta(days=1)
        _last_index = _Index(data, dict(absent), data.rules[STAFF_MAX_SHIFTS].hard)
    return _last_index

