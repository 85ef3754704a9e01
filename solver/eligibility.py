"""Which (staff, day, post, shift) cells may be used at all (solver/RULES.md, eligibility)."""

from __future__ import annotations

from datetime import timedelta

from model.dataset import DataSet
from model.posts import Post
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
    if demand is None:
        return f"岗位{post.name}没有{shift}班"
    if demand.need(horizon.days[d].kind).target == 0:
        return f"{post.name}{shift}班当天（{horizon.days[d].kind.label}）无需求"
    if member.employment is not Employment.VENDOR:
        return "院方人员不参与外包排班"
    if not may_fill(member, post):
        return f"未经{post.name}岗位培训"
    for cert in post.required_certificates:
        held = member.certificate(cert)
        if held is None:
            return f"缺少证书{_cert_name(data, cert)}"
        if not held.valid_on(day):
            return f"证书{_cert_name(data, cert)}已于{held.expires_on}过期"
    if day < member.hire_date:
        return "尚未入职"
    if is_own_post(member, post):
        line = data.line_by_id[member.line_id]
        ready = member.hire_date + timedelta(days=line.requirements.training_days)
        if day < ready:
            return f"岗前培训中（{ready}起可独立上岗）"
    for absence in data.absences_on(member.id, day):
        if absence.approved:
            return f"已批准{absence.kind.value}"
    return None


def _cert_name(data: DataSet, cert_id: str) -> str:
    for cert in data.certificate_types:
        if cert.id == cert_id:
            return cert.name
    return cert_id
