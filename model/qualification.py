"""Whether a person meets a line's staff requirements on a day (the one definition shared by the
solver's eligibility, the checker and the reports), recorded exceptions included."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from model.contract import Requirements, ServiceLine
from model.dataset import DataSet
from model.posts import Post
from model.staff import QualificationException, RequirementKind, Staff


def major_ok(major: str, accepted: Iterable[str]) -> bool:
    """The person's major is one of the accepted ones (either contains the other)."""
    major = major.strip()
    if not major:
        return False
    return any(m and (m in major or major in m) for m in (a.strip() for a in accepted))


def education_ok(data: DataSet, member: Staff, reqs: Requirements) -> bool:
    """At least the line's minimum, in the order of the data set's education levels."""
    return data.contract.education_at_least(member.education, reqs.min_education)


def height_ok(member: Staff, reqs: Requirements) -> bool:
    return reqs.min_height_cm is None or (
        member.height_cm is not None and member.height_cm >= reqs.min_height_cm)


def trained_from(member: Staff, reqs: Requirements) -> date:
    """First day the person may work a post of the line alone: hire date + training days."""
    return member.hire_date + timedelta(days=reqs.training_days)


def certificate_name(data: DataSet, type_id: str) -> str:
    """The certificate type's Chinese name (its id only when the type is unknown)."""
    for cert in data.certificate_types:
        if cert.id == type_id:
            return cert.name
    return type_id


def age_limit_text(reqs: Requirements) -> str:
    """The age limit as the attachments word it: "40周岁及以下" or "40周岁以下"."""
    if reqs.max_age is None:
        return ""
    return f"{reqs.max_age}周岁{'及以下' if reqs.age_inclusive else '以下'}"


@dataclass(frozen=True)
class Shortfall:
    """One requirement of a line the person does not meet on a day, and the exception that
    waives it, if any."""

    kind: RequirementKind
    text: str  # what is required and what the person has, in Chinese
    waiver: QualificationException | None = None

    @property
    def waived(self) -> bool:
        return self.waiver is not None


def shortfalls(data: DataSet, member: Staff, line: ServiceLine, day: date,
               post_id: str | None = None) -> tuple[Shortfall, ...]:
    """Every requirement of `line` (education, major, age, height, certificates valid on
    `day`, pre-duty training) that `member` does not meet on `day`; each names the exception
    of the person that waives it for this line (or for post `post_id`), if one holds."""
    reqs = line.requirements
    found: list[tuple[RequirementKind, str]] = []
    if not education_ok(data, member, reqs):
        found.append((RequirementKind.EDUCATION, f"{reqs.min_education}及以上学历"
                                                 f"（本人{member.education}）"))
    if reqs.majors and not major_ok(member.major, reqs.majors):
        have = f"本人{member.major}" if member.major.strip() else "未登记专业"
        found.append((RequirementKind.MAJOR, f"{'或'.join(reqs.majors)}专业（{have}）"))
    if reqs.max_age is not None:
        age = member.age_on(day)
        if not reqs.age_ok(age):
            found.append((RequirementKind.AGE, f"年龄{age_limit_text(reqs)}（本人{age}岁）"))
    if not height_ok(member, reqs):
        have = f"本人{member.height_cm} cm" if member.height_cm is not None else "未登记身高"
        found.append((RequirementKind.HEIGHT, f"身高{reqs.min_height_cm} cm及以上（{have}）"))
    for type_id in reqs.required_certificates:
        cert = member.certificate(type_id)
        name = certificate_name(data, type_id)
        if cert is None:
            found.append((RequirementKind.CERTIFICATE, f"持有{name}（未持有）"))
        elif not cert.valid_on(day):
            found.append((RequirementKind.CERTIFICATE,
                          f"持有有效的{name}（已于{cert.expires_on}到期）"))
    ready = trained_from(member, reqs)
    if day < ready:
        found.append((RequirementKind.TRAINING, f"完成{reqs.training_days}天岗前培训"
                                                f"（{ready}起方可上岗）"))
    return tuple(Shortfall(kind, text, _waiver(member, kind, line.id, post_id, day))
                 for kind, text in found)


def _waiver(member: Staff, kind: RequirementKind, line_id: str, post_id: str | None,
            day: date) -> QualificationException | None:
    for exception in member.exceptions:
        if exception.covers(kind, line_id, post_id, day):
            return exception
    return None


@dataclass(frozen=True)
class LineVerdict:
    """A person against one line of a post on one day."""

    line: ServiceLine
    shortfalls: tuple[Shortfall, ...]

    @property
    def ok(self) -> bool:
        """Every requirement met or waived by a recorded exception."""
        return all(s.waived for s in self.shortfalls)

    @property
    def failed(self) -> tuple[Shortfall, ...]:
        return tuple(s for s in self.shortfalls if not s.waived)

    @property
    def waived(self) -> tuple[Shortfall, ...]:
        return tuple(s for s in self.shortfalls if s.waived)


def post_verdicts(data: DataSet, member: Staff, post: Post, day: date) -> list[LineVerdict]:
    """The person against each (known) line of the post on `day`, in the post's order."""
    return [LineVerdict(line, shortfalls(data, member, line, day, post.id))
            for line in (data.line_by_id.get(line_id) for line_id in post.lines)
            if line is not None]


def borrowed_verdict(data: DataSet, member: Staff, post: Post, day: date) -> LineVerdict | None:
    """The line whose requirements qualify the person for the borrowed post on `day`: the
    first line of the post met outright, else the first met with exceptions; None if no
    line of the post is met."""
    verdicts = [v for v in post_verdicts(data, member, post, day) if v.ok]
    clean = [v for v in verdicts if not v.shortfalls]
    chosen = clean or verdicts
    return chosen[0] if chosen else None


def borrowed_problem(data: DataSet, member: Staff, post: Post, day: date) -> str | None:
    """Why the person may not be borrowed to `post` on `day`, in the hospital's words (the
    closest line's unmet requirements); None if they meet some line of the post."""
    verdicts = post_verdicts(data, member, post, day)
    if not verdicts or any(v.ok for v in verdicts):
        return None
    closest = min(verdicts, key=lambda v: len(v.failed))
    which = f"（{closest.line.name}）" if len(verdicts) > 1 else ""
    return f"借调岗位{which}要求" + "、".join(s.text for s in closest.failed)


def waiver_note(data: DataSet, member: Staff, post: Post, day: date) -> str:
    """For a borrowed post met only through recorded exceptions: which requirements they
    waive, in Chinese ("按已备案例外借调（免年龄要求）"); empty otherwise."""
    verdict = borrowed_verdict(data, member, post, day)
    if verdict is None or not verdict.waived:
        return ""
    kinds = "、".join(dict.fromkeys(s.kind.label for s in verdict.waived))
    return f"按已备案例外借调（免{kinds}要求）"


def exception_text(exception: QualificationException) -> str:
    """An exception in Chinese: what is waived, the reason, who approved it, until when."""
    waived = "、".join(kind.label for kind in exception.waives)
    parts = [f"已备案例外（免{waived}要求）：{exception.reason}"]
    if exception.approved_by:
        parts.append(f"批准：{exception.approved_by}")
    if exception.until is not None:
        parts.append(f"有效至 {exception.until}")
    return "，".join(parts)
