"""Tiny hand-checkable data sets for solver tests (1-3 staff, 1-3 days).

Defaults: one line L01 (unit cost 6000), one department, shifts D (08:00-12:00 +
14:30-17:30, 7 h), A (08-16), P (16-24), N (00-08, night); one post P1 of line L01.
2026-12-01 is a Tuesday (workday); 2026-11-30 is a Monday.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from model.contract import (
    CertificateType,
    Department,
    Requirements,
    ServiceLine,
    Site,
)
from model.dataset import DataSet
from model.posts import Need, Post, ShiftDemand
from model.rules import RuleSet
from model.shifts import Segment, ShiftCategory, ShiftType
from model.staff import Gender, Staff

TUESDAY = date(2026, 12, 1)
MONDAY = date(2026, 11, 30)

SHIFTS = (
    ShiftType(code="D", name="白班", segments=(Segment(start="08:00", end="12:00"),
                                              Segment(start="14:30", end="17:30"))),
    ShiftType(code="A", name="A班", segments=(Segment(start="08:00", end="16:00"),)),
    ShiftType(code="P", name="P班", segments=(Segment(start="16:00", end="24:00"),),
              category=ShiftCategory.EVENING),
    ShiftType(code="N", name="N班", segments=(Segment(start="00:00", end="08:00"),),
              category=ShiftCategory.NIGHT),
    ShiftType(code="L", name="长班", segments=(Segment(start="08:00", end="18:00"),)),
)

ALL_DAYS = ("workday", "saturday", "sunday", "holiday", "in_lieu", "makeup")


def need(shift: str, minimum: int = 1, target: int | None = None, days=ALL_DAYS,
         supply: int = 0) -> ShiftDemand:
    """A shift needing `minimum` (and `target`) people on the given day kinds."""
    target = minimum if target is None else target
    return ShiftDemand(shift=shift, by_day={k: Need(min=minimum, target=target) for k in days},
                       hospital_supply={k: supply for k in days} if supply else {})


def post(post_id: str = "P1", *demand: ShiftDemand, lines=("L01",), certs=(),
         around_the_clock=False) -> Post:
    return Post(id=post_id, name=f"岗位{post_id}", department_id="DEP",
                lines=lines, demand=demand or (need("D"),), required_certificates=certs,
                around_the_clock=around_the_clock)


def person(staff_id: str, line: str = "L01", **changes) -> Staff:
    fields = dict(id=staff_id, name=f"员工{staff_id}", gender=Gender.FEMALE,
                  birth_date=date(1995, 1, 1), education="大专",
                  hire_date=date(2020, 1, 1), line_id=line)
    fields.update(changes)
    return Staff(**fields)


def line(line_id: str = "L01", headcount: int = 3) -> ServiceLine:
    return ServiceLine(id=line_id, seq=int(line_id[1:]), name=f"项目{line_id}",
                       category="护理助理类", department_id="DEP", headcount=headcount,
                       unit_cost=Decimal("6000"), requirements=Requirements(training_days=0))


def tiny(*, staff=None, posts=None, lines=None, rules: dict | None = None, shifts=(),
         **extra) -> DataSet:
    """A validated tiny data set; `rules` maps rule id -> changed fields."""
    staff = staff if staff is not None else (person("S1"), person("S2"), person("S3"))
    return DataSet(
        sites=(Site(id="X", name="院区", address="地址"),),
        departments=(Department(id="DEP", name="科室", site_id="X"),),
        certificate_types=(CertificateType(id="C1", name="证书一"),),
        lines=lines or (line("L01", len(staff)),), staff=tuple(staff), shifts=(*SHIFTS, *shifts),
        posts=tuple(posts or (post(),)), rules=RuleSet().with_changes(rules or {}),
        source="tiny", **extra).validated()


def cells(result):
    return {(a.staff_id, a.day, a.post_id, a.shift) for a in result.assignments}


def missing(result) -> int:
    return sum(g.missing for g in result.gaps)
