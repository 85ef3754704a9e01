"""Qualification checks on crafted staff: boundaries checked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from model.compliance import (
    ComplianceSummary,
    borrowing_report,
    compliance_report,
    compliance_summary,
    expiring_certificates,
)
from model.contract import (
    CertificateType,
    Department,
    Requirements,
    ServiceLine,
)
from model.dataset import DataSet
from model.posts import Post, ShiftDemand
from model.staff import (
    Certificate,
    Employment,
    Gender,
    QualificationException,
    RequirementKind,
    Staff,
)

NURSE = CertificateType(id="nurse", name="护士执业资格证")
FIRE = CertificateType(id="fire", name="消防设施操作员证（中级）")

NURSING_REQS = Requirements(
    min_education="大专", majors=("护理",), max_age=35, age_inclusive=True,
    min_height_cm=155, required_certificates=("nurse",), training_days=30,
    source="附件8")
EXCLUSIVE_REQS = Requirements(min_education="中专", max_age=35,
                              age_inclusive=False, source="附件13")


def _line(line_id: str, reqs: Requirements) -> ServiceLine:
    return ServiceLine(id=line_id, seq=int(line_id[1:]), name=f"服务{line_id}",
                       category="护理助理类", department_id="D1", headcount=1,
                       unit_cost=D("6000"), requirements=reqs)


def _staff(staff_id: str, line_id: str, **changes) -> Staff:
    fields = dict(id=staff_id, name=f"员工{staff_id}", gender=Gender.FEMALE,
                  birth_date=date(1990, 6, 15), education="大专", major="护理学",
                  height_cm=160, hire_date=date(2020, 1, 1), line_id=line_id,
                  certificates=(Certificate(type_id="nurse", number="N1",
                                            expires_on=date(2025, 6, 30)),))
    fields.update(changes)
    return Staff(**fields)


def _data(*staff: Staff) -> DataSet:
    return DataSet(
        departments=(Department(id="D1", name="斜弱视与眼整形", site_id="ZS43"),),
        certificate_types=(NURSE, FIRE),
        lines=(_line("L08", NURSING_REQS), _line("L13", EXCLUSIVE_REQS)),
        staff=staff).validated()


def _by_code(items, staff_id):
    return {i.code: i for i in items if i.staff_id == staff_id}


ON = date(2025, 6, 15)  # the crafted staff turn 35 on this day


def test_fully_qualified_member_passes_every_check():
    items = compliance_report(_data(_staff("A", "L08")), ON)
    checks = _by_code(items, "A")
    assert set(checks) == {"age", "education", "major", "height", "cert:nurse"}
    assert all(i.ok for i in items)
    assert checks["age"].check == "年龄"
    assert "35 岁" in checks["age"].detail and "35岁及以下" in checks["age"].detail
    assert checks["cert:nurse"].check == "证书：护士执业资格证"
    assert all(i.name == "员工A" and i.line_id == "L08" for i in items)


def test_age_exactly_at_inclusive_limit_passes_and_at_exclusive_limit_fails():
    data = _data(_staff("A", "L08"), _staff("B", "L13"))
    items = compliance_report(data, ON)
    assert _by_code(items, "A")["age"].ok  # 35, 35岁及以下
    exclusive = _by_code(items, "B")["age"]
    assert not exclusive.ok  # 35, 35岁以下
    assert "35岁以下" in exclusive.detail and "不符合" in exclusive.detail
    # the day before the birthday the member is 34 and passes both
    assert _by_code(compliance_report(data, date(2025, 6, 14)), "B")["age"].ok
    # a year later the inclusive limit fails too
    assert not _by_code(compliance_report(data, date(2026, 6, 15)), "A")["age"].ok


def test_expired_required_certificate_fails_from_the_day_after_expiry():
    data = _data(_staff("A", "L08"))
    assert _by_code(compliance_report(data, date(2025, 6, 30)), "A")["cert:nurse"].ok
    after = _by_code(compliance_report(data, date(2025, 7, 1)), "A")["cert:nurse"]
    assert not after.ok
    assert "2025-06-30" in after.detail and "2025-07-01" in after.detail


def test_missing_certificate_fails():
    item = _by_code(compliance_report(_data(_staff("A", "L08", certificates=())), ON),
                    "A")["cert:nurse"]
    assert not item.ok and "未持有" in item.detail


def test_certificate_without_expiry_is_valid():
    member = _staff("A", "L08", certificates=(Certificate(type_id="nurse"),))
    item = _by_code(compliance_report(_data(member), date(2040, 1, 1)), "A")["cert:nurse"]
    assert item.ok and "长期有效" in item.detail


def test_too_short_fails_and_exact_minimum_passes():
    items = compliance_report(_data(_staff("S", "L08", height_cm=154),
                                    _staff("T", "L08", height_cm=155),
                                    _staff("U", "L08", height_cm=None)), ON)
    short = _by_code(items, "S")["height"]
    assert not short.ok and "154 cm" in short.detail and "155 cm" in short.detail
    assert _by_code(items, "T")["height"].ok
    assert not _by_code(items, "U")["height"].ok
    assert "未登记身高" in _by_code(items, "U")["height"].detail


def test_wrong_education_fails_higher_passes():
    items = compliance_report(_data(_staff("E", "L08", education="中专"),
                                    _staff("F", "L08", education="本科")), ON)
    low = _by_code(items, "E")["education"]
    assert not low.ok
    assert "中专" in low.detail and "大专及以上" in low.detail
    assert _by_code(items, "F")["education"].ok


@pytest.mark.parametrize(("major", "ok"), [
    ("护理学", True),  # accepted major inside the member's major
    ("护理", True),
    ("高级护理", True),
    ("临床医学", False),
    ("", False),
])
def test_major_substring_either_way(major, ok):
    item = _by_code(compliance_report(_data(_staff("M", "L08", major=major)), ON), "M")["major"]
    assert item.ok is ok


def test_major_match_when_line_lists_a_longer_name():
    reqs = NURSING_REQS.model_copy(update={"majors": ("护理学", "助产")})
    data = DataSet(departments=(Department(id="D1", name="d", site_id="S"),),
                   certificate_types=(NURSE,), lines=(_line("L08", reqs),),
                   staff=(_staff("M", "L08", major="护理"),))
    assert _by_code(compliance_report(data, ON), "M")["major"].ok


def test_lines_without_major_or_height_rules_do_not_check_them():
    checks = _by_code(compliance_report(_data(_staff("B", "L13", major="")), ON), "B")
    assert set(checks) == {"age", "education"}


def test_hospital_staff_skipped_unless_asked():
    data = _data(_staff("H", "L08", employment=Employment.HOSPITAL, certificates=()))
    assert compliance_report(data, ON) == []
    assert _by_code(compliance_report(data, ON, include_hospital=True), "H")


def test_training_check_optional():
    member = _staff("N", "L08", hire_date=date(2025, 6, 1))  # 30 training days
    data = _data(member)
    assert "training" not in _by_code(compliance_report(data, ON), "N")
    item = _by_code(compliance_report(data, ON, include_training=True), "N")["training"]
    assert not item.ok and "2025-07-01" in item.detail
    ready = compliance_report(data, date(2025, 7, 1), include_training=True)
    assert _by_code(ready, "N")["training"].ok


def test_unknown_line_is_reported():
    data = DataSet(lines=(), staff=(_staff("X", "L99"),))  # not validated on purpose
    (item,) = compliance_report(data, ON)
    assert item.code == "line" and not item.ok and "L99" in item.detail


def test_summary_per_member():
    data = _data(_staff("A", "L08"),
                 _staff("B", "L13"),
                 _staff("C", "L08", height_cm=150, education="中专"))
    summary = {s.staff_id: s for s in compliance_summary(data, ON)}
    assert list(summary) == ["A", "B", "C"]
    assert summary["A"].ok and summary["A"].failed == () and summary["A"].checked == 5
    assert summary["A"].text == "全部符合（5 项）"
    assert not summary["B"].ok and summary["B"].failed_checks == ("年龄",)
    assert summary["C"].failed_checks == ("学历", "身高")
    assert summary["C"].text.startswith("不符合：学历")
    assert ComplianceSummary.from_items(compliance_report(data, ON)) == list(summary.values())


def test_expiring_certificates_window_and_order():
    members = (
        _staff("A", "L08"),  # nurse, last valid day 2025-06-30: 15 days left
        _staff("B", "L08", certificates=(
            Certificate(type_id="nurse", expires_on=date(2025, 5, 1)),  # expired
            Certificate(type_id="fire", expires_on=date(2025, 7, 15)),  # exactly 30 days
        )),
        _staff("C", "L08", certificates=(
            Certificate(type_id="nurse", expires_on=date(2025, 7, 16)),  # 31 days: out
            Certificate(type_id="fire"),  # no expiry: out
        )),
        _staff("D", "L13", certificates=(
            Certificate(type_id="nurse", expires_on=ON),  # last valid day today
        )),
    )
    found = expiring_certificates(_data(*members), ON, 30)
    assert [(e.staff_id, e.certificate_type, e.expires_on) for e in found] == [
        ("B", "nurse", date(2025, 5, 1)),
        ("D", "nurse", ON),
        ("A", "nurse", date(2025, 6, 30)),
        ("B", "fire", date(2025, 7, 15)),
    ]
    expired, today, soon, edge = found
    assert expired.expired and expired.days_left == -45 and "已过期 45 天" in expired.detail
    assert expired.required and "岗位必备证书" in expired.detail
    assert not today.expired and today.days_left == 0 and not today.required
    assert soon.days_left == 15 and "还剩 15 天" in soon.detail
    assert soon.certificate_name == "护士执业资格证" and soon.number == "N1"
    assert edge.days_left == 30 and not edge.required
    assert [e.staff_id for e in expiring_certificates(_data(*members), ON, 0)] == ["B", "D"]
    with pytest.raises(ValueError):
        expiring_certificates(_data(*members), ON, -1)


# -- borrowing: each skill against the borrowed post's lines ---------------------------------
def _borrowing_data(*staff: Staff) -> DataSet:
    demand = (ShiftDemand(shift="D"),)
    return DataSet(
        departments=(Department(id="D1", name="斜弱视与眼整形", site_id="ZS43"),),
        certificate_types=(NURSE, FIRE),
        lines=(_line("L01", Requirements()), _line("L08", NURSING_REQS),
               _line("L13", EXCLUSIVE_REQS)),
        posts=(Post(id="P08", name="护理岗", department_id="D1", lines=("L08",), demand=demand),
               Post(id="PX", name="合用岗", department_id="D1", lines=("L13", "L08"),
                    demand=demand),
               Post(id="P01", name="本项目岗", department_id="D1", lines=("L01",),
                    demand=demand)),
        staff=staff)


def test_borrowing_report_names_the_line_met_or_what_fails():
    waiver = QualificationException(line_id="L08", waives=(RequirementKind.MAJOR,),
                                    reason="护理部批准顶岗", approved_by="护理部")
    data = _borrowing_data(
        _staff("A", "L01", skills=("P08", "P01")),  # P01 is her own line's post: not listed
        _staff("B", "L01", skills=("P08",), major="市场营销"),
        _staff("C", "L01", skills=("P08",), major="市场营销", exceptions=(waiver,)),
        _staff("D", "L01", skills=("PX",)),  # 35 on ON: not under 35 (L13), fits L08
        _staff("H", "L01", skills=("P08",), employment=Employment.HOSPITAL))
    items = {i.staff_id: i for i in borrowing_report(data, ON)}
    assert list(items) == ["A", "B", "C", "D"]
    assert items["A"].ok and items["A"].via_line == "L08" and items["A"].waived == ()
    assert "符合服务L08的要求" in items["A"].detail
    assert not items["B"].ok and items["B"].via_line == ""
    assert "借调岗位要求护理专业（本人市场营销）" in items["B"].detail
    assert "不得借调到护理岗" in items["B"].detail
    assert items["C"].ok and "按已备案例外" in items["C"].detail
    assert "护理部批准顶岗" in items["C"].waived[0] and "批准：护理部" in items["C"].waived[0]
    assert items["D"].ok and items["D"].via_line == "L08"
    # after the nurse licence expires (2025-06-30) no line of P08 is met
    later = {i.staff_id: i for i in borrowing_report(data, date(2025, 7, 1))}
    assert not later["A"].ok and "已于2025-06-30到期" in later["A"].detail
