"""Model-side tests of cell eligibility (solver/eligibility.py, checked by
solver/check/eligibility.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from model.contract import Requirements, ServiceLine
from model.events import Absence, AbsenceKind
from model.staff import Certificate, QualificationException, RequirementKind
from tests.conftest import solve_checked
from tests.tiny import TUESDAY, line, missing, need, person, post, tiny


def test_expired_certificate_blocks_the_post_from_expiry():
    # Post needs C1; S1's C1 expires 2026-12-01: works Tue, not Wed -> one gap on Wed.
    staff = [person("S1", certificates=(Certificate(type_id="C1", expires_on=TUESDAY),))]
    data = tiny(staff=staff, posts=[post("P1", need("D"), certs=("C1",))])
    result = solve_checked(data, TUESDAY, 2)
    assert [a.day for a in result.assignments] == [TUESDAY]
    assert [g.day for g in result.gaps] == [TUESDAY + timedelta(days=1)]
    assert any("过期" in r for r in result.gaps[0].reasons)


def test_approved_absence_is_hard():
    staff = [person("S1")]
    absence = Absence(staff_id="S1", kind=AbsenceKind.ANNUAL, start=TUESDAY, end=TUESDAY)
    data = tiny(staff=staff, absences=(absence,))
    result = solve_checked(data, TUESDAY, 1)
    assert result.assignments == () and missing(result) == 1
    assert any("年假" in r for r in result.gaps[0].reasons)


# -- qualification on borrowed posts (RULES.md eligibility 7) --------------------------------
# S1 of line L01 is trained for P2 of line L02 (skills); L02 states the requirement under
# test. S1 is 31 on TUESDAY (born 1995-01-01), 大专, hired 2020, no major, no height.

def _borrowed_line(line_id: str = "L02", **reqs) -> ServiceLine:
    return ServiceLine(id=line_id, seq=int(line_id[1:]), name=f"项目{line_id}",
                       category="护理助理类", department_id="DEP", headcount=1,
                       unit_cost=Decimal("6000"),
                       requirements=Requirements(**{"training_days": 0, **reqs}))


def _borrow(member, days: int = 1, lines=("L02",), **reqs):
    extra = tuple(_borrowed_line(i) for i in lines if i != "L02")
    data = tiny(staff=[member], posts=[post("P2", need("D"), lines=lines)],
                lines=(line("L01", 1), _borrowed_line("L02", **reqs), *extra))
    return solve_checked(data, TUESDAY, days)


def _refused(result, text: str) -> None:
    """The borrowed cell is not used: a gap whose reason names the failed requirement."""
    assert result.assignments == () and missing(result) == len(result.gaps) >= 1
    reasons = " ".join(result.gaps[0].reasons)
    assert "借调岗位要求" in reasons and text in reasons, reasons


def test_borrowed_person_meeting_the_borrowed_line_is_used():
    member = person("S1", skills=("P2",), major="护理学", height_cm=160,
                    certificates=(Certificate(type_id="C1"),))
    result = _borrow(member, min_education="大专", majors=("护理学",), max_age=31,
                     min_height_cm=160, required_certificates=("C1",), training_days=30)
    assert [(a.staff_id, a.post_id) for a in result.assignments] == [("S1", "P2")]
    assert result.gaps == ()


def test_borrowed_education_below_the_line_is_refused():
    _refused(_borrow(person("S1", skills=("P2",)), min_education="本科"),
             "本科及以上学历（本人大专）")


def test_borrowed_major_not_accepted_is_refused():
    _refused(_borrow(person("S1", skills=("P2",), major="市场营销"), majors=("护理学",)),
             "护理学专业（本人市场营销）")


def test_borrowed_age_inclusive_and_exclusive_limits():
    member = person("S1", skills=("P2",))  # 31 on TUESDAY
    assert len(_borrow(member, max_age=31, age_inclusive=True).assignments) == 1  # 31岁及以下
    _refused(_borrow(member, max_age=30, age_inclusive=True), "年龄30周岁及以下（本人31岁）")
    _refused(_borrow(member, max_age=31, age_inclusive=False), "年龄31周岁以下（本人31岁）")
    assert len(_borrow(member, max_age=32, age_inclusive=False).assignments) == 1


def test_borrowed_height_below_the_line_is_refused():
    _refused(_borrow(person("S1", skills=("P2",), height_cm=154), min_height_cm=155),
             "身高155 cm及以上（本人154 cm）")
    _refused(_borrow(person("S1", skills=("P2",)), min_height_cm=155), "未登记身高")


def test_borrowed_line_certificate_missing_or_expired_that_day():
    _refused(_borrow(person("S1", skills=("P2",)), required_certificates=("C1",)),
             "持有证书一（未持有）")
    valid_to_tuesday = person("S1", skills=("P2",),
                              certificates=(Certificate(type_id="C1", expires_on=TUESDAY),))
    result = _borrow(valid_to_tuesday, days=2, required_certificates=("C1",))
    assert [a.day for a in result.assignments] == [TUESDAY]  # valid on its last day
    assert [g.day for g in result.gaps] == [TUESDAY + timedelta(days=1)]
    assert "已于2026-12-01到期" in " ".join(result.gaps[0].reasons)


def test_borrowed_line_training_counts_from_hire():
    member = person("S1", skills=("P2",), hire_date=TUESDAY - timedelta(days=29))
    result = _borrow(member, days=2, training_days=30)
    assert [a.day for a in result.assignments] == [TUESDAY + timedelta(days=1)]
    assert "完成30天岗前培训（2026-12-02起方可上岗）" in " ".join(result.gaps[0].reasons)


def test_recorded_exception_waives_the_named_requirement_only():
    waiver = QualificationException(line_id="L02", waives=(RequirementKind.MAJOR,),
                                    reason="院方批准", approved_by="护理部", until=TUESDAY)
    member = person("S1", skills=("P2",), major="市场营销", exceptions=(waiver,))
    result = _borrow(member, days=2, majors=("护理学",))
    assert [a.day for a in result.assignments] == [TUESDAY]  # not after `until`
    reasons = " ".join(result.gaps[0].reasons)
    assert "护理学专业" in reasons
    # an exception for the post works too; one for another requirement does not
    by_post = QualificationException(post_id="P2", waives=(RequirementKind.MAJOR,), reason="批准")
    assert len(_borrow(person("S1", skills=("P2",), major="市场营销", exceptions=(by_post,)),
                       majors=("护理学",)).assignments) == 1
    other = QualificationException(line_id="L02", waives=(RequirementKind.AGE,), reason="批准")
    _refused(_borrow(person("S1", skills=("P2",), major="市场营销", exceptions=(other,)),
                     majors=("护理学",)), "护理学专业")


def test_post_of_several_lines_needs_one_of_them():
    member = person("S1", skills=("P2",), major="市场营销")
    result = _borrow(member, lines=("L02", "L03"), majors=("护理学",))  # L03: no major rule
    assert len(result.assignments) == 1


def test_gap_reason_notes_a_candidate_borrowed_by_exception():
    # S1 must cover her own P1 and is the only candidate for P2 (major waived): P2 is the gap
    waiver = QualificationException(line_id="L02", waives=(RequirementKind.MAJOR,),
                                    reason="院方批准")
    member = person("S1", skills=("P2",), major="市场营销", exceptions=(waiver,))
    posts = [post("P1", need("D")), post("P2", need("D"), lines=("L02",))]
    data = tiny(staff=[member], posts=posts,
                lines=(line("L01", 1), _borrowed_line("L02", majors=("护理学",))))
    result = solve_checked(data, TUESDAY, 1)
    assert [a.post_id for a in result.assignments] == ["P1"]
    assert [g.post_id for g in result.gaps] == ["P2"]
    assert result.gaps[0].reasons[0].startswith(
        "员工S1（S1）：按已备案例外借调（免专业要求）；当天已排")
