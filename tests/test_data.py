"""The embedded default data set (data/*.yaml) against seed 000 and the roster rules."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from model.calendar import DayKind
from model.contract import ServiceLine
from model.dataset import DataSet
from model.loaders import DATA_DIR, load_dataset
from model.shifts import ShiftCategory
from model.staff import HoursRegime, Staff

SEED_000 = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_ce5d929da6d74280.txt"
CHECK_DAY = date(2026, 12, 1)  # contract start assumed by the data (data/README.md)
FIRST_YEAR_END = date(2027, 11, 30)

# seed 000, 三(三): 序号, 服务类别, 服务名称, 单项服务数量, 月单项服务成本预算（元）, as printed.
PRINTED = [
    (1, "医技辅助类", "放射助理服务", 1, "5664.26"),
    (2, "医技辅助类", "视光科助理服务", 3, "6770.16"),
    (3, "医技辅助类", "眼特科助理服务", 5, "6225.66"),
    (4, "医技辅助类", "斜弱视与眼整形专科助理服务", 3, "8368.06"),
    (5, "医技辅助类", "屈光手术专科助理服务", 1, "7299.36"),
    (6, "医技辅助类", "中药房助理服务", 1, "6181.26"),
    (7, "护理助理类", "医疗美容护理助理服务", 3, "13660.96"),
    (8, "护理助理类", "斜弱视与眼整形专科护理助理服务", 2, "7049.8"),
    (9, "护理助理类", "其他临床护理助理服务", 2, "6050.9"),
    (10, "护理助理类", "眼科门诊护理助理服务", 1, "5940.26"),
    (11, "护理助理类", "口腔科护理助理服务", 1, "4579.56"),
    (12, "护理助理类", "社区中心护理助理服务", 1, "6230.16"),
    (13, "导诊类", "门诊综合服务部导诊服务", 4, "4471.26"),
    (14, "导诊类", "体检科健康体检助理服务", 4, "5578.06"),
    (15, "导诊类", "医疗美容科客户服务", 1, "4707.36"),
    (16, "导诊类", "功能科导诊服务", 1, "4455.36"),
    (17, "医助类", "斜弱视与眼整形专科医生助理服务", 1, "8571.96"),
    (18, "医助类", "青光眼与白内障病区医生助理服务", 1, "6672.96"),
    (19, "医助类", "眼表疾病与白内障病区医生助理服务", 1, "7098.66"),
    (20, "医助类", "眼底疾病与白内障病区医生助理服务", 1, "7391.16"),
    (21, "医助类", "眼外伤与白内障病区医生助理服务", 1, "7023.06"),
    (22, "职能后勤辅助类", "医疗美容新媒体运营服务", 1, "10534.06"),
    (23, "职能后勤辅助类", "收费服务", 2, "4471.26"),
    (24, "职能后勤辅助类", "司机服务", 1, "7383.26"),
    (25, "职能后勤辅助类", "保卫科内勤服务", 1, "5917.26"),
    (26, "职能后勤辅助类", "保卫科综合服务", 1, "5917.26"),
    (27, "职能后勤辅助类", "信息科技术服务", 1, "7514.26"),
]

WEEK = [DayKind.WORKDAY] * 5 + [DayKind.SATURDAY, DayKind.SUNDAY]


@pytest.fixture(scope="module")
def data() -> DataSet:
    return load_dataset(DATA_DIR)


def test_embedded_data_loads_and_validates(data: DataSet) -> None:
    assert data.problems() == []
    assert len(data.sites) == 4
    assert {s.address for s in data.sites} == {
        "柳州市中山东路43号", "柳州市中山东路42号", "柳州市罗池路27号", "柳州市映山街2号"}
    assert data.calendar_overrides == ()  # no invented 2027 make-up days


@pytest.mark.parametrize("seq, category, name, headcount, cost", PRINTED)
def test_line_as_printed(data: DataSet, seq: int, category: str, name: str, headcount: int,
                         cost: str) -> None:
    line = data.line_by_id[f"L{seq:02d}"]
    assert (line.seq, line.category, line.name) == (seq, category, name)
    assert line.headcount == headcount
    assert line.unit_cost == Decimal(cost)
    assert line.management_fee == 0
    assert line.requirements.source == f"seed 000 附件{seq}"


def test_lines_in_printed_order(data: DataSet) -> None:
    assert [line.id for line in data.lines] == [f"L{i:02d}" for i in range(1, 28)]
    assert [line.seq for line in data.lines] == list(range(1, 28))


@pytest.mark.skipif(not SEED_000.exists(), reason="seed text not available")
def test_lines_match_the_seed_text(data: DataSet) -> None:
    """Parse the seed's table itself: every name ends in 服务, followed by count and cost."""
    text = SEED_000.read_text(encoding="utf-8")
    table = text[text.index("月服务费合计（元）"):text.index("总计")]
    tokens = [t.strip() for t in table.splitlines() if t.strip()]
    rows = [(tokens[i], int(tokens[i + 1]), Decimal(tokens[i + 2]))
            for i, t in enumerate(tokens) if t.endswith("服务")]
    assert rows == [(line.name, line.headcount, line.unit_cost) for line in data.lines]
    totals = text[text.index("总计"):].split(maxsplit=3)
    assert int(totals[1]) == sum(line.headcount for line in data.lines) == 46
    assert Decimal(totals[2]) == sum(line.unit_cost for line in data.lines)


def test_seed_totals_and_formula(data: DataSet) -> None:
    """The printed 总计 181727.6 is the sum of unit costs, not of 数量 x 成本 (README)."""
    assert sum(line.headcount for line in data.lines) == 46
    assert sum(line.unit_cost for line in data.lines) == Decimal("181727.60")
    monthly = sum(line.monthly_fee for line in data.lines)
    assert monthly == Decimal("311948.52")
    assert monthly * 36 == Decimal("11230146.72")


@pytest.mark.parametrize("line_id, max_age, inclusive", [
    ("L01", 45, True), ("L05", 35, False), ("L06", 40, True), ("L08", 40, False),
    ("L09", 28, True), ("L10", 40, False), ("L11", 35, False), ("L17", 35, False),
    ("L20", 45, True), ("L24", 48, True), ("L25", 50, True), ("L27", 35, True)])
def test_age_limits(data: DataSet, line_id: str, max_age: int, inclusive: bool) -> None:
    reqs = data.line_by_id[line_id].requirements
    assert (reqs.max_age, reqs.age_inclusive) == (max_age, inclusive)


def test_requirements_spot_checks(data: DataSet) -> None:
    line = data.line_by_id
    assert set(line["L01"].requirements.required_certificates) == {
        "TECH", "RAD_TRAIN", "RAD_HEALTH"}
    for line_id in ("L07", "L09", "L12"):
        assert "NURSE" in line[line_id].requirements.required_certificates
    assert line["L06"].requirements.required_certificates == ("TCM_PHARM",)
    assert line["L24"].requirements.required_certificates == ("DL_A",)
    assert line["L24"].requirements.min_education == "中专"
    assert set(line["L25"].requirements.required_certificates) == {"FIRE_OP", "FIRE_MGR",
                                                                    "DL_C1"}
    assert set(line["L26"].requirements.required_certificates) == {
        "FIRE_OP", "DL_C1", "HV_ELEC", "LV_ELEC"}
    assert line["L18"].requirements.min_height_cm == line["L19"].requirements.min_height_cm == 155
    assert all(line[i].requirements.min_height_cm is None for i in line if i not in ("L18", "L19"))
    assert {i: line[i].requirements.training_days for i in ("L01", "L08", "L09", "L10", "L17")} \
        == {"L01": 14, "L08": 30, "L09": 30, "L10": 60, "L17": 7}
    assert line["L22"].requirements.min_education == "本科"
    assert line["L27"].requirements.min_education == "本科"


def test_staff_per_line_equals_headcount(data: DataSet) -> None:
    assert len(data.staff) == 46
    counts = Counter(member.line_id for member in data.staff)
    assert {line.id: line.headcount for line in data.lines} == dict(counts)
    assert all(member.line_id in data.line_by_id for member in data.staff)
    assert [m.id for m in data.staff] == [f"W{i:03d}" for i in range(1, 47)]


def test_certificate_expiry_matches_type(data: DataSet) -> None:
    types = {c.id: c for c in data.certificate_types}
    for member in data.staff:
        for cert in member.certificates:
            assert (cert.expires_on is not None) == types[cert.type_id].expires, (member.id, cert)


#: The embedded data's education levels, lowest first (data/contract.yaml).
EDUCATION_ORDER = ("中专", "大专", "本科", "硕士")


def fit_problems(member: Staff, line: ServiceLine, day: date = CHECK_DAY) -> list[str]:
    """Independent requirement check: fails on `day`, or a required certificate expires
    within the first contract year."""
    reqs = line.requirements
    found = []
    if EDUCATION_ORDER.index(member.education) < EDUCATION_ORDER.index(reqs.min_education):
        found.append("education")
    if reqs.majors and member.major not in reqs.majors:
        found.append("major")
    if not reqs.age_ok(member.age_on(day)):
        found.append("age")
    if reqs.min_height_cm and (member.height_cm or 0) < reqs.min_height_cm:
        found.append("height")
    for type_id in reqs.required_certificates:
        cert = member.certificate(type_id)
        if cert is None or not cert.valid_on(day):
            found.append(f"missing {type_id}")
        elif cert.expires_on is not None and cert.expires_on <= FIRST_YEAR_END:
            found.append(f"expiring {type_id}")
    return found


def test_only_the_deliberate_staff_are_out_of_line(data: DataSet) -> None:
    out = {m.id: fit_problems(m, data.line_by_id[m.line_id]) for m in data.staff}
    out = {k: v for k, v in out.items() if v}
    assert out == {"W016": ["expiring NURSE"], "W025": ["age"]}
    assert data.staff_by_id["W016"].certificate("NURSE").expires_on == date(2027, 3, 31)
    assert data.staff_by_id["W025"].age_on(CHECK_DAY) == 42
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Staff deliberately out of line"):]
    section = section[:section.index("\n## ", 3)]
    assert set(re.findall(r"W\d{3}", section)) >= {"W016", "W025"}
    assert "W009" in section  # in pre-duty training at the start (shown, not out of line)


def test_every_borrowing_meets_the_borrowed_line_or_is_a_recorded_exception(
        data: DataSet) -> None:
    """Over the first 4 weeks (2026-11-30 ..), each skill fits a line of the post, or each
    unmet requirement is waived by a recorded exception with a reason (independent check)."""
    waived_cells = set()
    for member in data.staff:
        for post_id in member.skills:
            post = data.post_by_id[post_id]
            assert member.line_id not in post.lines, (member.id, post_id)
            for offset in range(28):
                day = date(2026, 11, 30) + timedelta(days=offset)
                fits = []
                for line_id in post.lines:
                    line = data.line_by_id[line_id]
                    unmet = [p.split()[-1] if p.startswith("missing") else p
                             for p in fit_problems(member, line, day) if "expiring" not in p]
                    if day < member.hire_date + timedelta(line.requirements.training_days):
                        unmet.append("training")
                    unmet = ["certificate" if u in line.requirements.required_certificates
                             else u for u in unmet]
                    waivers = [e for e in member.exceptions
                               if (e.line_id == line_id or e.post_id == post_id)
                               and (e.until is None or day <= e.until) and e.reason.strip()]
                    left = [u for u in unmet if not any(u in e.waives for e in waivers)]
                    fits.append(not left)
                    if unmet and not left:
                        waived_cells.add((member.id, post_id, tuple(unmet)))
                assert any(fits), (member.id, post_id, day)
    assert waived_cells == {("W025", "EYE_OPD", ("age",))}
    assert "EYE_OPD" not in data.staff_by_id["W026"].skills  # 市场营销: not 护理学 (附件10)
    assert "WARD_TRA_DOC" not in data.staff_by_id["W038"].skills  # 40: over 35 (附件21)


def test_everyone_trained_before_the_contract_but_the_new_hire(data: DataSet) -> None:
    late = [m.id for m in data.staff
            if m.hire_date + timedelta(data.line_by_id[m.line_id].requirements.training_days)
            > CHECK_DAY]
    assert late == ["W009"]


def test_shift_times_from_attachment_10(data: DataSet) -> None:
    shift = data.shift_by_code
    assert [(s.start, s.end) for s in shift["导"].segments] == [("07:45", "12:00"),
                                                                ("14:15", "17:00")]
    for code in ("副", "雾"):
        assert [(s.start, s.end) for s in shift[code].segments] == [("08:00", "12:00"),
                                                                    ("14:30", "17:30")]
    assert shift["N"].category is ShiftCategory.NIGHT and shift["N"].start_minute == 0
    assert all(shift[c].hours == 8 for c in "APN")
    assert shift["E"].category is ShiftCategory.EVENING
    # the evening clinic ends early enough for a day shift 12 h later
    assert shift["D"].start_minute + 1440 - shift["E"].end_minute >= 12 * 60
    colours = [s.colour.upper() for s in data.shifts]
    assert len(set(colours)) == len(colours)


def test_fire_room_two_certified_per_shift_every_day(data: DataSet) -> None:
    post = data.post_by_id["FIRE_ROOM"]
    assert post.around_the_clock and post.required_certificates == ("FIRE_OP",)
    assert set(post.lines) == {"L25", "L26"}
    covered = sorted(iv for code in post.shifts for iv in data.shift_by_code[code].intervals())
    assert covered[0][0] == 0 and covered[-1][1] == 1440
    assert all(a[1] == b[0] for a, b in zip(covered, covered[1:], strict=False))
    assert all(data.shift_by_code[code].hours <= 8 for code in post.shifts)
    vendor = 0
    for item in post.demand:
        for kind in DayKind:
            assert item.need(kind).min >= 2, (item.shift, kind)
            assert item.supply(kind) <= item.need(kind).min
        vendor += sum(item.need(k).min - item.supply(k) for k in WEEK)
    assert vendor == 5  # the two 保卫科 staff cover the A shift on workdays
    for member in data.staff:
        if member.line_id in post.lines:
            assert member.holds_valid("FIRE_OP", CHECK_DAY)
            assert member.regime is HoursRegime.COMPREHENSIVE


def test_eye_clinic_cover_rule_and_borrowing(data: DataSet) -> None:
    rules = [r for r in data.cover_rules if r.post_id == "EYE_OPD"]
    assert len(rules) == 1 and rules[0].shift == "雾" and rules[0].absorbers == ("导", "副")
    assert "附件10" in rules[0].source
    post = data.post_by_id["EYE_OPD"]
    assert post.lines == ("L10",) and post.window
    fog = post.demand_for("雾").need(DayKind.WORKDAY)
    assert (fog.min, fog.target) == (0, 1)
    borrowers = [m for m in data.staff if "EYE_OPD" in m.skills]
    assert len(borrowers) >= 2 and {m.line_id for m in borrowers} == {"L13"}


def test_weekend_and_holiday_posts(data: DataSet) -> None:
    def open_on(post_id: str, kind: DayKind) -> bool:
        return any(d.need(kind).target > d.supply(kind) for d in data.post_by_id[post_id].demand)

    for post_id in ("AES_NURSE", "AES_DESK", "CASHIER", "OPD_GUIDE", "ESP_EXAM"):
        assert open_on(post_id, DayKind.SUNDAY) and open_on(post_id, DayKind.HOLIDAY), post_id
    assert data.post_by_id["CASHIER"].demand_for("值") is not None
    assert data.post_by_id["STR_NURSE"].demand_for("E").need(DayKind.WORKDAY).min == 1
    for post in data.posts:  # every workday post also works on make-up workdays
        for item in post.demand:
            assert item.need(DayKind.WORKDAY) == item.need(DayKind.MAKEUP), (post.id, item.shift)
    windows = {p.id for p in data.posts if p.window}
    assert {"OPD_GUIDE", "EYE_OPD", "CASHIER", "FUN_GUIDE", "PEC_GUIDE", "AES_DESK"} <= windows


def test_every_line_has_a_post(data: DataSet) -> None:
    staffed = {line_id for post in data.posts for line_id in post.lines}
    assert staffed == set(data.line_by_id)


def weekly_flow(data: DataSet, field: str, per_week: int, day: date) -> tuple[int, int]:
    """Max-flow of one standard week (5 workdays, Sat, Sun): each post-shift-day needs
    `field` people (minus hospital supply), each person works at most one shift a day and
    `per_week` a week, only at own or trained posts with valid certificates on `day`."""
    from ortools.graph.python import max_flow

    graph = max_flow.SimpleMaxFlow()
    nodes: dict[object, int] = {}

    def node(key: object) -> int:
        return nodes.setdefault(key, len(nodes))

    source, sink = node("source"), node("sink")
    for member in data.staff:
        graph.add_arc_with_capacity(node(member.id), sink, per_week)
        for index in range(7):
            graph.add_arc_with_capacity(node((member.id, index)), node(member.id), 1)
    total = 0
    for post in data.posts:
        for item in post.demand:
            for index, kind in enumerate(WEEK):
                need = max(0, getattr(item.need(kind), field) - item.supply(kind))
                if not need:
                    continue
                total += need
                cell = node((post.id, item.shift, index))
                graph.add_arc_with_capacity(source, cell, need)
                for member in data.staff:
                    if member.line_id not in post.lines and post.id not in member.skills:
                        continue
                    if all(member.holds_valid(c, day) for c in post.required_certificates):
                        graph.add_arc_with_capacity(cell, node((member.id, index)), 1)
    graph.solve(source, sink)
    return graph.optimal_flow(), total


def test_minimum_demand_coverable_at_five_shifts_a_week(data: DataSet) -> None:
    flow, total = weekly_flow(data, "min", 5, date(2026, 12, 14))
    assert (flow, total) == (193, 193)
    assert total <= 5 * len(data.staff) * 0.85  # slack overall


def test_targets_need_a_sixth_day_for_a_few(data: DataSet) -> None:
    flow5, total = weekly_flow(data, "target", 5, date(2026, 12, 14))
    flow6, _ = weekly_flow(data, "target", 6, date(2026, 12, 14))
    assert total == 230 and flow5 < total and flow6 == total


def test_expired_nurse_licence_shows_in_capacity(data: DataSet) -> None:
    """After W016's licence expires (2027-03-31) the 医疗美容 minimum is no longer coverable."""
    flow, total = weekly_flow(data, "min", 5, date(2027, 4, 5))
    assert flow < total


def test_december_events_refer_to_staff(data: DataSet) -> None:
    assert any(a.kind.value == "年假" and a.approved for a in data.absences)
    assert any(a.kind.value == "事假" and not a.approved for a in data.absences)
    kinds = {r.kind.value for r in data.requests}
    assert {"休息", "不想上"} <= kinds
    for event in (*data.absences, *data.requests):
        assert event.staff_id in data.staff_by_id
        day = getattr(event, "start", None) or event.day
        assert (day.year, day.month) == (2026, 12)
