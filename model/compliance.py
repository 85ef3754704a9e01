"""Staff qualification checks against their line's requirements (seed 000, attachments 1-27,
section 一 of each): age, education, major, height, required certificates on a date; the
borrowing check (each post a person may be borrowed to against its lines); certificates
expiring soon; and who has had no training yet this quarter (seed 000 六.4).

Pure functions on a `DataSet`; labels and details are in Chinese for the planner.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from pydantic import Field

from model.base import Frozen
from model.contract import Requirements, ServiceLine
from model.dataset import DataSet
from model.qualification import (
    borrowed_problem,
    borrowed_verdict,
    certificate_name,
    education_ok,
    exception_text,
    height_ok,
    major_ok,
    trained_from,
)
from model.staff import Employment, Staff
from model.training import (
    TrainingAttendance,
    attend_problem,
    quarter_bounds,
    quarter_label,
)
from model.vocabulary import plain

CHECK_LINE = "服务项目"
CHECK_AGE = "年龄"
CHECK_EDUCATION = "学历"
CHECK_MAJOR = "专业"
CHECK_HEIGHT = "身高"
CHECK_CERTIFICATE = "证书"
CHECK_TRAINING = "岗前培训"


class ComplianceItem(Frozen):
    """One check of one staff member on one date."""

    staff_id: str
    name: str
    line_id: str
    check: str = Field(description="Chinese label: 年龄, 学历, 专业, 身高, 证书：<名称> ...")
    code: str = Field(description="Machine key: age, education, major, height, cert:<type id>")
    ok: bool
    detail: str = Field(description="Chinese explanation with the figures compared")


def _age_rule(reqs: Requirements) -> str:
    if reqs.max_age is None:
        return "无年龄要求"
    if reqs.age_inclusive:
        return f"{reqs.max_age}岁及以下"
    return f"{reqs.max_age}岁以下（不含{reqs.max_age}岁）"


def _verdict(ok: bool) -> str:
    return "符合" if ok else "不符合"


def check_staff(data: DataSet, member: Staff, on: date,
                include_training: bool = False) -> list[ComplianceItem]:
    """Every requirement of the member's line checked on `on` (only the requirements the
    line states; education always, it has a default minimum)."""
    def item(check: str, code: str, ok: bool, detail: str) -> ComplianceItem:
        return ComplianceItem(staff_id=member.id, name=member.name, line_id=member.line_id,
                              check=check, code=code, ok=ok, detail=detail)

    line: ServiceLine | None = data.line_by_id.get(member.line_id)
    if line is None:
        return [item(CHECK_LINE, "line", False, f"服务项目 {member.line_id} 不存在，无法核对资格")]
    reqs = line.requirements
    source = f"（{plain(reqs.source)}）" if reqs.source else ""
    out: list[ComplianceItem] = []

    if reqs.max_age is not None:
        age = member.age_on(on)
        ok = reqs.age_ok(age)
        out.append(item(CHECK_AGE, "age", ok,
                        f"{on} 时 {age} 岁（出生 {member.birth_date}），要求{_age_rule(reqs)}，"
                        f"{_verdict(ok)}{source}"))

    ok = education_ok(data, member, reqs)
    out.append(item(CHECK_EDUCATION, "education", ok,
                    f"学历{member.education}，要求{reqs.min_education}及以上，"
                    f"{_verdict(ok)}{source}"))

    if reqs.majors:
        accepted = "、".join(reqs.majors)
        if not member.major.strip():
            out.append(item(CHECK_MAJOR, "major", False,
                            f"未登记专业，要求专业：{accepted}{source}"))
        else:
            ok = major_ok(member.major, reqs.majors)
            out.append(item(CHECK_MAJOR, "major", ok,
                            f"专业“{member.major}”，要求专业：{accepted}，{_verdict(ok)}{source}"))

    if reqs.min_height_cm is not None:
        if member.height_cm is None:
            out.append(item(CHECK_HEIGHT, "height", False,
                            f"未登记身高，要求身高不低于 {reqs.min_height_cm} cm{source}"))
        else:
            ok = height_ok(member, reqs)
            out.append(item(CHECK_HEIGHT, "height", ok,
                            f"身高 {member.height_cm} cm，要求不低于 {reqs.min_height_cm} cm，"
                            f"{_verdict(ok)}{source}"))

    for type_id in reqs.required_certificates:
        label = f"{CHECK_CERTIFICATE}：{certificate_name(data, type_id)}"
        cert = member.certificate(type_id)
        if cert is None:
            out.append(item(label, f"cert:{type_id}", False, f"未持有该证书（岗位必备）{source}"))
        elif cert.valid_on(on):
            until = f"有效期至 {cert.expires_on}" if cert.expires_on else "长期有效"
            out.append(item(label, f"cert:{type_id}", True, f"持有，{until}，符合"))
        else:
            assert cert.expires_on is not None  # invalid on a day: it has an expiry date
            out.append(item(label, f"cert:{type_id}", False,
                            f"已过期：最后有效日 {cert.expires_on}，自 "
                            f"{cert.expires_on + timedelta(days=1)} 起不得从事该岗位"))

    if include_training:
        ready = member.solo_from or trained_from(member, reqs)
        ok = on >= ready
        length = (f"独立上岗日期 {member.solo_from}" if member.solo_from
                  else f"岗前培训 {reqs.training_days} 天")
        verdict = "已可独立上岗" if ok else f"{ready} 起方可独立上岗（培训期内带教跟班）"
        out.append(item(CHECK_TRAINING, "training", ok,
                        f"入职 {member.hire_date}，{length}，{verdict}"))
    return out


def compliance_report(data: DataSet, on: date, include_hospital: bool = False,
                      include_training: bool = False) -> list[ComplianceItem]:
    """Each staff member against their line's requirements on `on`, in staff order.

    Only the vendor's staff by default: the contract's requirements bind the vendor, and the
    hospital's own employees enter the roster only as hospital supply (solver/RULES.md,
    eligibility 6). `include_training` adds the pre-duty training check (hire date +
    the line's training days), which limits working alone rather than qualification."""
    items: list[ComplianceItem] = []
    for member in data.staff:
        if member.employment is Employment.HOSPITAL and not include_hospital:
            continue
        items += check_staff(data, member, on, include_training=include_training)
    return items


class ComplianceSummary(Frozen):
    """Per staff member: all checks passed, or which failed."""

    staff_id: str
    name: str
    line_id: str
    ok: bool
    failed: tuple[ComplianceItem, ...] = ()
    checked: int = Field(0, description="Number of checks made")

    @property
    def failed_checks(self) -> tuple[str, ...]:
        return tuple(i.check for i in self.failed)

    @property
    def text(self) -> str:
        if self.ok:
            return f"全部符合（{self.checked} 项）"
        return "不符合：" + "；".join(f"{i.check}（{i.detail}）" for i in self.failed)

    @classmethod
    def from_items(cls, items: Iterable[ComplianceItem]) -> list[ComplianceSummary]:
        """Group items by staff member, first-seen order."""
        groups: dict[str, list[ComplianceItem]] = {}
        for entry in items:
            groups.setdefault(entry.staff_id, []).append(entry)
        out = []
        for staff_id, group in groups.items():
            failed = tuple(i for i in group if not i.ok)
            first = group[0]
            out.append(cls(staff_id=staff_id, name=first.name, line_id=first.line_id,
                           ok=not failed, failed=failed, checked=len(group)))
        return out


def compliance_summary(data: DataSet, on: date, **options: bool) -> list[ComplianceSummary]:
    """`compliance_report` grouped per staff member."""
    return ComplianceSummary.from_items(compliance_report(data, on, **options))


class BorrowingItem(Frozen):
    """One post a person may be borrowed to (a skill) against the post's lines on one date."""

    staff_id: str
    name: str
    line_id: str = Field(description="The person's own line")
    post_id: str
    post_name: str
    ok: bool = Field(description="Meets a line of the post, outright or by an exception")
    via_line: str = Field("", description="Line id whose requirements are met")
    via_line_name: str = ""
    waived: tuple[str, ...] = Field((), description="Recorded exceptions used, in Chinese")
    detail: str = Field(description="Chinese explanation: the line met, or what is not met")


def borrowing_report(data: DataSet, on: date,
                     include_hospital: bool = False) -> list[BorrowingItem]:
    """Each vendor staff member's borrowed posts (skills outside the own line) against the
    requirements of the post's lines on `on` (solver/RULES.md, eligibility 7), in staff and
    skill order; a post with several lines needs one of them met, and the item says which."""
    out: list[BorrowingItem] = []
    for member in data.staff:
        if member.employment is Employment.HOSPITAL and not include_hospital:
            continue
        for post_id in member.skills:
            post = data.post_by_id.get(post_id)
            if post is None or member.line_id in post.lines:
                continue
            verdict = borrowed_verdict(data, member, post, on)
            if verdict is None:
                problem = borrowed_problem(data, member, post, on) or "不符合被借调岗位的要求"
                out.append(BorrowingItem(
                    staff_id=member.id, name=member.name, line_id=member.line_id,
                    post_id=post.id, post_name=post.name, ok=False,
                    detail=f"{problem}，{on} 不得借调到{post.name}"))
                continue
            waived = tuple(dict.fromkeys(exception_text(s.waiver) for s in verdict.waived
                                         if s.waiver is not None))
            detail = f"符合{verdict.line.name}的要求"
            if waived:
                unmet = "、".join(s.text for s in verdict.waived)
                detail = f"按已备案例外符合{verdict.line.name}的要求，未满足：{unmet}"
            out.append(BorrowingItem(
                staff_id=member.id, name=member.name, line_id=member.line_id, post_id=post.id,
                post_name=post.name, ok=True, via_line=verdict.line.id,
                via_line_name=verdict.line.name, waived=waived, detail=detail))
    return out


class ExpiringCertificate(Frozen):
    """A certificate that has expired or expires within the window."""

    staff_id: str
    name: str
    line_id: str
    certificate_type: str
    certificate_name: str
    number: str = ""
    expires_on: date = Field(description="Last valid day")
    days_left: int = Field(description="expires_on - on; negative once expired")
    expired: bool
    required: bool = Field(description="Required by the member's line")
    detail: str


def expiring_certificates(data: DataSet, on: date, within_days: int,
                          include_hospital: bool = False) -> list[ExpiringCertificate]:
    """Certificates with an expiry date already passed on `on`, or on or before
    `on + within_days`, sorted by expiry date (then staff id, certificate type)."""
    if within_days < 0:
        raise ValueError("提前天数不能为负数")
    limit = on + timedelta(days=within_days)
    out: list[ExpiringCertificate] = []
    for member in data.staff:
        if member.employment is Employment.HOSPITAL and not include_hospital:
            continue
        line = data.line_by_id.get(member.line_id)
        required = set(line.requirements.required_certificates) if line else set()
        for cert in member.certificates:
            if cert.expires_on is None or cert.expires_on > limit:
                continue
            days_left = (cert.expires_on - on).days
            expired = cert.expires_on < on
            cert_name = certificate_name(data, cert.type_id)
            role = "岗位必备证书" if cert.type_id in required else "证书"
            if expired:
                detail = (f"{role}“{cert_name}”已于 {cert.expires_on} 到期"
                          f"（已过期 {-days_left} 天）")
            elif days_left == 0:
                detail = f"{role}“{cert_name}”今天（{cert.expires_on}）为最后有效日"
            else:
                detail = f"{role}“{cert_name}”将于 {cert.expires_on} 到期（还剩 {days_left} 天）"
            out.append(ExpiringCertificate(
                staff_id=member.id, name=member.name, line_id=member.line_id,
                certificate_type=cert.type_id, certificate_name=cert_name, number=cert.number,
                expires_on=cert.expires_on, days_left=days_left, expired=expired,
                required=cert.type_id in required, detail=detail))
    out.sort(key=lambda e: (e.expires_on, e.staff_id, e.certificate_type))
    return out


class QuarterTraining(Frozen):
    """One person's quarterly training (seed 000 六.4) as of a date."""

    staff_id: str
    name: str
    line_id: str
    quarter: str
    trained: bool
    detail: str = Field(description="Chinese: the training done, or the sessions still open")


def quarter_training(data: DataSet, on: date,
                     attendances: Iterable[TrainingAttendance] = ()) -> list[QuarterTraining]:
    """Each vendor person hired by `on`: trained in the quarter of `on` up to that day (the
    data's records and the rosters' `attendances`) or not; for those not yet, the sessions
    left this quarter that are open to them."""
    first, last = quarter_bounds(on)
    done: dict[str, list[tuple[date, str]]] = {}
    for record in data.training_done:
        if first <= record.day <= on:
            done.setdefault(record.staff_id, []).append((record.day, record.topic or "培训"))
    sessions = data.training_session_by_id
    for item in attendances:
        if first <= item.day <= on:
            session = sessions.get(item.session_id)
            done.setdefault(item.staff_id, []).append(
                (item.day, session.name if session else item.session_id))
    out = []
    for member in data.vendor_staff():
        if member.hire_date > on:
            continue
        had = sorted(done.get(member.id, []))
        if had:
            detail = "；".join(f"{day.isoformat()} {topic}" for day, topic in had)
        else:
            left = [s for s in data.training_sessions if on < s.day <= last
                    and attend_problem(s, member, data.absences) is None]
            detail = (f"本季度尚未培训；本季度余下可参加 {len(left)} 场，最早 {left[0].label()}"
                      if left else "本季度尚未培训，本季度余下没有可参加的场次：请补充培训安排")
        out.append(QuarterTraining(staff_id=member.id, name=member.name, line_id=member.line_id,
                                   quarter=quarter_label(on), trained=bool(had), detail=detail))
    return out
