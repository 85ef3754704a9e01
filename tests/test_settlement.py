"""Attendance against the roster, service units, the stored month and its settlement: by hand."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from model.assessment import AssessmentEvent, EventSource
from model.attendance import ColumnMapping, parse_punches, read_attendance
from model.errors import DataError
from model.events import Absence, AbsenceKind
from model.loaders import load_dataset
from model.money import yuan_in_words
from model.punches import PunchDay, evaluate_day, evaluate_punches, proposed_events
from model.roster import Assignment
from model.settlement import person_units, settle_month
from model.shifts import Segment, ShiftType
from store.tables import AssessmentEventRow, AttendanceRow
from tests.tiny import MONDAY, line, need, person, post, tiny
from ui import roster_service as repo
from ui import settlement_service as service

pytest_plugins = ("tests.pg",)

SHEET = load_dataset().assessment
assert SHEET is not None
#: 导班 of 眼科门诊 (seed 000 附件10): 07:45-12:00 + 14:15-17:00.
GUIDE = ShiftType(code="导", name="导班", segments=(Segment(start="07:45", end="12:00"),
                                                   Segment(start="14:15", end="17:00")))
DAY = date(2026, 12, 8)


def clock(*texts: str) -> tuple[int, ...]:
    return tuple(m for text in texts for m in parse_punches(text) or [])


def guide_day(*punches: str, leave: Absence | None = None):
    cell = Assignment(staff_id="S1", line_id="L01", post_id="P1", shift="导", day=DAY,
                      segments=(), hours=7)
    punch = PunchDay(staff_id="S1", day=DAY, punches=clock(*punches)) if punches else None
    return evaluate_day(cell, punch, GUIDE.intervals(), leave, SHEET, "S1", DAY)


# -- punches against a split shift -------------------------------------------------------------
def test_on_time_split_shift():
    day = guide_day("07:41", "12:03", "14:12", "17:02")
    assert not day.late and not day.early and day.missing_punches == 0
    assert day.worked_minutes == 255 + 165  # 07:45-12:00 and 14:15-17:00
    assert proposed_events([day], SHEET) == []


def test_within_grace_is_not_late():
    day = guide_day("07:50", "12:00", "14:20", "16:55")  # 5 minutes each: grace is 5
    assert not day.late and not day.early
    assert day.worked_minutes == 250 + 155


def test_late_in_the_morning_and_after_the_break():
    day = guide_day("07:58", "12:01", "14:22", "17:00")
    assert [s.late_minutes for s in day.segments] == [13, 7]
    events = proposed_events([day], SHEET)
    assert [e.kind for e in events] == ["late", "late"]
    assert events[0].points == 5 and "07:58 打卡" in events[0].note
    assert day.worked_minutes == (720 - 478) + (1020 - 862)


def test_early_leave_before_the_break_and_at_the_end():
    day = guide_day("07:40", "11:40", "14:10", "16:30")
    assert [s.early_minutes for s in day.segments] == [20, 30]
    assert [e.kind for e in proposed_events([day], SHEET)] == ["early_leave", "early_leave"]


def test_a_missing_punch_is_proposed_as_the_sheet_says():
    day = guide_day("07:40", "12:02", "17:01")  # no punch back from the break
    assert day.segments[1].arrival is None and day.segments[1].departure == 1021
    assert day.missing_punches == 1 and not day.late
    (event,) = proposed_events([day], SHEET)
    assert event.kind == SHEET.proposals.missing_punch and "14:15 上班缺卡" in event.note
    # only the day's first and last punch: both ends of the break are missing
    assert guide_day("07:40", "17:01").missing_punches == 2


# -- 旷工 versus approved leave ------------------------------------------------------------------
def test_no_punch_without_leave_is_absence_without_leave():
    day = guide_day()
    assert day.absent and day.worked_minutes == 0
    (event,) = proposed_events([day], SHEET)
    assert event.kind == "absent" and event.points == 20


def test_no_punch_with_approved_leave_is_not_absence():
    leave = Absence(staff_id="S1", kind=AbsenceKind.ANNUAL, start=DAY, end=DAY)
    day = guide_day(leave=leave)
    assert not day.absent and day.leave == "年假"
    assert proposed_events([day], SHEET) == []


def test_leave_only_requested_is_still_absence():
    asked = Absence(staff_id="S1", kind=AbsenceKind.PERSONAL, start=DAY, end=DAY,
                    approved=False)
    assert guide_day(leave=asked).absent


def test_unrostered_work_counts_as_extra_minutes():
    (day,) = evaluate_punches([], {}, [PunchDay(staff_id="S1", day=DAY,
                                                punches=clock("09:00", "13:30"))],
                              [], SHEET, [DAY], ["S1"])
    assert day.shift is None and day.extra_minutes == 270 and not day.absent


def test_a_night_punch_after_midnight():
    assert parse_punches("次日 06:02") == [1440 + 362]
    assert parse_punches("07:43 12:01，14:12") == [463, 721, 852]
    assert parse_punches("未打卡") == [] and parse_punches("7点") is None


# -- service units ----------------------------------------------------------------------------
def test_a_vacant_post_delivers_less_than_its_units():
    # L01 contracts 2 people at 6000 a month; only S1 is employed, and works the full month.
    data = tiny(staff=[person("S1")], lines=[line("L01", 2)], posts=[post("P1", need("A"))],
                assessment=SHEET)
    # December 2026: 23 legal workdays x 8 h = 184 h
    (units,) = person_units(data, SHEET, 2026, 12, {"S1": 184 * 60})
    assert units.prescribed_minutes == 184 * 60 and units.units == 1
    statement = settle_month(data, SHEET, 2026, 12, {"S1": 184 * 60}, [])
    (row,) = statement.lines
    assert row.units == 1 and row.headcount == 2
    assert row.billed_fee == D("6000.00")  # pro rata: 12000 x 1 / 2
    assert row.payable == D("6000.00") and statement.payable_total == D("6000.00")
    # half the month worked: half a unit
    half = settle_month(data, SHEET, 2026, 12, {"S1": 92 * 60}, []).lines[0]
    assert half.units == D("0.5") and half.billed_fee == D("3000.00")
    # billed in full when the contract says so
    full = SHEET.model_copy(update={"shortfall": "full"})
    assert settle_month(data, full, 2026, 12, {"S1": 92 * 60}, []).lines[0].billed_fee \
        == D("12000.00")


def test_approved_annual_leave_counts_towards_the_unit():
    leave = Absence(staff_id="S1", kind=AbsenceKind.ANNUAL, start=date(2026, 12, 7),
                    end=date(2026, 12, 8))
    data = tiny(staff=[person("S1")], lines=[line("L01", 1)], posts=[post("P1", need("A"))],
                absences=(leave,), assessment=SHEET)
    (units,) = person_units(data, SHEET, 2026, 12, {"S1": (184 - 16) * 60})
    assert units.credited_minutes == 184 * 60 and units.units == 1


def test_the_deduction_is_taken_from_the_fee_for_the_units():
    data = tiny(staff=[person("S1")], lines=[line("L01", 2)], posts=[post("P1", need("A"))],
                assessment=SHEET)
    late = [AssessmentEvent(line_id="L01", staff_id="S1", day=DAY, kind="late", points=5)] * 5
    (row,) = settle_month(data, SHEET, 2026, 12, {"S1": 184 * 60}, late).lines
    assert row.score == 80 and row.deduction == D("600.00")  # 10 % of 6000
    assert row.payable == D("5400.00")


# -- the attendance file ----------------------------------------------------------------------
def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "打卡记录"
    ws.append(["十二月考勤报表"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


HEAD = ["工号", "姓名", "日期", "上班1", "下班1", "上班2", "下班2"]


def test_an_export_is_read_by_id_or_name_and_merged():
    data = tiny(staff=[person("S1"), person("S2")])
    content = _xlsx([HEAD, ["S1", "", "2026-12-08", "07:41", "12:03", "14:12", "17:02"],
                     ["", "员工S2", "26-12-08 星期二", "08:00", "", "", "16:00"],
                     ["S2", "", "2026/12/8", "", "", "", "16:05"]])
    days = read_attendance(content, "十二月.xlsx", data)
    assert [(d.staff_id, d.punches) for d in days] == [
        ("S1", (461, 723, 852, 1022)), ("S2", (480, 960, 965))]


def test_a_renamed_column_is_mapped():
    data = tiny(staff=[person("S1")])
    content = "员工编号,考勤日期,打卡时间\nS1,2026-12-08,07:41 12:03 14:12 17:02\n".encode()
    mapping = ColumnMapping(staff_id="员工编号", day="考勤日期", punches=("打卡时间",))
    (day,) = read_attendance(content, "a.csv", data, mapping)
    assert day.punches == (461, 723, 852, 1022)


def test_a_malformed_file_is_rejected_at_sheet_row_and_column():
    data = tiny(staff=[person("S1")])
    content = _xlsx([HEAD, ["S1", "", "2026-12-08", "7点45", "12:03", "", ""],
                     ["S9", "", "2026-12-08", "07:45", "", "", ""],
                     ["S1", "", "12月8号", "07:45", "", "", ""]])
    with pytest.raises(DataError) as caught:
        read_attendance(content, "考勤.xlsx", data)
    found = {(p.sheet, p.row, p.column, p.field, p.message) for p in caught.value.problems}
    bad_time = "应为打卡时间（如 07:43，次日 06:02；未打卡可留空）"
    assert ("打卡记录", 3, 4, "上班1", bad_time) in found
    assert ("打卡记录", 4, 1, "工号", "未知工号") in found
    assert ("打卡记录", 5, 3, "日期", "应为日期（如 2026-12-07）") in found
    assert len(found) == 3
    text = str(caught.value)
    assert "工作表 打卡记录，第 3 行第 4 列，字段 上班1" in text and "未导入任何数据" in text


def test_a_file_without_the_columns_names_them():
    data = tiny(staff=[person("S1")])
    with pytest.raises(DataError, match="缺少打卡时间列"):
        read_attendance("工号,日期\nS1,2026-12-08\n".encode(), "a.csv", data)


# -- the store --------------------------------------------------------------------------------
#: Mon 2026-11-30 .. Sun 12-06, post P1: one A (08-16) every day.
WEEK = {"S1": ("A", "A", "A", None, "A", "A", None), "S2": (None, None, None, "A", None, None, "A")}


def _published(store):
    from tests.test_store import hand_roster

    data = tiny(staff=[person("S1"), person("S2")], lines=[line("L01", 2)],
                posts=[post("P1", need("A"))], assessment=SHEET)
    version = repo.publish(store, data, hand_roster(data, MONDAY, WEEK))
    return data, version


def _csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    lines = ["工号,日期,上班打卡,下班打卡", *(",".join(r) for r in rows)]
    return "\n".join(lines).encode("utf-8")


def count(store, table) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_import_stores_attendance_and_proposals_with_the_roster_version(store):
    data, version = _published(store)
    # S1 works A on Dec 1, 2, 4, 5 and S2 on Dec 3 and 6 (A is 08:00-16:00). S1 is 20 minutes
    # late on Dec 1 and has no punch at all on Dec 2 (旷工); S2 also works, unrostered,
    # on Dec 5 09:00-12:00.
    content = _csv([("S1", "2026-12-01", "08:20", "16:00"),
                    ("S1", "2026-12-04", "07:55", "16:01"), ("S1", "2026-12-05", "07:58",
                                                              "16:02"),
                    ("S2", "2026-12-03", "07:50", "16:00"), ("S2", "2026-12-06", "07:59",
                                                              "16:00"),
                    ("S2", "2026-12-05", "09:00", "12:00")])
    summary = service.import_attendance(store, data, 2026, 12, content, "a.csv")
    assert (summary.late, summary.absent, summary.extra_hours) == (1, 1, 3)
    events = service.month_events(store, "", 2026, 12)
    assert [(s.event.day.day, s.event.kind, s.version_id) for s in events] == [
        (1, "late", version.id), (2, "absent", version.id)]
    assert all(s.event.source is EventSource.ATTENDANCE for s in events)
    days = {(a.result.staff_id, a.result.day.day): a for a in
            service.month_attendance(store, "", 2026, 12)}
    assert days[("S1", 1)].result.worked_minutes == 460 and days[("S1", 2)].result.absent
    assert days[("S2", 5)].result.extra_minutes == 180
    # importing again replaces the month (no doubled events)
    service.import_attendance(store, data, 2026, 12, content, "a.csv")
    assert count(store, AssessmentEventRow) == 2


def test_a_malformed_import_stores_nothing(store):
    data, _ = _published(store)
    bad = _csv([("S1", "2026-12-01", "08:20", "16:00"), ("S1", "2026-12-02", "8点", "16:00")])
    with pytest.raises(DataError) as caught:
        service.import_attendance(store, data, 2026, 12, bad, "a.csv")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.field) == (3, 3, "上班打卡")
    assert count(store, AttendanceRow) == 0 and count(store, AssessmentEventRow) == 0


def test_events_are_checked_recorded_and_withdrawn(store):
    from model.users import Actor, Role
    from store.db import StoreError

    data, _ = _published(store)
    complaint = AssessmentEvent(line_id="L01", staff_id="S1", day=DAY, kind="complaint",
                                points=5, note="患者投诉服务态度")
    with pytest.raises(StoreError, match="无权记录考核"):
        service.record_event(store, data, complaint, actor=Actor("访客", Role.READER))
    with pytest.raises(StoreError, match="每次扣 5-20 分"):
        service.record_event(store, data, complaint.model_copy(
            update={"kind": "discord_delay", "points": 30}))
    event_id = service.record_event(store, data, complaint,
                                    actor=Actor("质控组", Role.MANAGER))
    result = service.settle(store, data, 2026, 12)
    (row,) = result.statement.lines
    # the roster covers Dec 1-6, P1 every day: no gap (the days without a roster are noted)
    assert result.gap_events == ()
    assert row.score == 95 and row.sheet.items[0].lost == 5
    assert "本月未导入考勤" in " ".join(result.statement.notes)
    service.withdraw(store, "", event_id)
    assert service.settle(store, data, 2026, 12).statement.lines[0].score == 100


def test_the_workbook_holds_the_statement_and_a_form_per_line(store):
    data, _ = _published(store)
    service.import_attendance(store, data, 2026, 12, _csv([("S1", "2026-12-01", "08:20",
                                                             "16:00")]), "a.csv")
    result = service.settle(store, data, 2026, 12)
    wb = load_workbook(io.BytesIO(result.workbook()))
    assert wb.sheetnames == ["月度结算表", "考核表01"]
    form = wb["考核表01"]
    texts = [str(c.value) for row in form.iter_rows() for c in row if c.value is not None]
    joined = "\n".join(texts)
    assert "岗位：项目L01" in joined and "考核月份：2026 年 12 月" in joined
    assert "12月1日 员工S1：无故迟到 扣5分" in joined and "旷工 扣20分" in joined
    row = result.statement.lines[0]
    # 工作纪律: one late arrival (5) and five days without a punch (5 x 20), capped at 20
    assert row.score == 80 and "合计 105 分，本项 20 分扣完为止" in joined
    assert f"（大写：{yuan_in_words(row.payable)}）" in joined
    assert str(form.page_setup.paperSize) == form.PAPERSIZE_A4
    sizes = {c.font.size for r in form.iter_rows() for c in r if c.value is not None}
    assert min(sizes) >= 8
    statement = wb["月度结算表"]
    assert [c.value for c in statement[2]][:3] == ["序号", "服务项目（岗位）", "合同数量"]
    assert any("增值税发票金额" in str(c.value) for r in statement.iter_rows() for c in r)


def test_a_name_typed_as_a_formula_stays_text(store):
    data, _ = _published(store)
    service.record_event(store, data, AssessmentEvent(
        line_id="L01", day=DAY, kind="dress", points=5, note="=HYPERLINK(\"x\")"))
    wb = load_workbook(io.BytesIO(service.settle(store, data, 2026, 12).workbook()))
    cells = [c for r in wb["考核表01"].iter_rows() for c in r
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_the_day_after_the_roster_is_noted(store):
    data, _ = _published(store)
    notes = service.settle(store, data, 2026, 12).statement.notes
    assert any("25 天没有已发布的排班" in n for n in notes)
    assert date(2026, 12, 7) == MONDAY + timedelta(days=7)


def test_a_seven_hour_post_prescribes_seven_hour_days():
    # S1 is rostered 7-hour split shifts on all 23 workdays of December: a full unit,
    # although 23 x 7 h = 161 h is less than 23 x 8 h.
    data = tiny(staff=[person("S1")], lines=[line("L01", 1)], posts=[post("P1", need("D"))],
                assessment=SHEET)
    (units,) = person_units(data, SHEET, 2026, 12, {"S1": 161 * 60}, {"S1": [420] * 23})
    assert units.prescribed_minutes == 161 * 60 and units.units == 1
    (short,) = person_units(data, SHEET, 2026, 12, {"S1": 154 * 60}, {"S1": [420] * 23})
    assert short.units == D("0.9565")  # 22 of 23 days: 154 / 161
