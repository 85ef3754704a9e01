"""The Excel roster export, checked cell by cell after reopening the workbook."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from model.calendar import DayKind
from model.contract import ContractTerms, Department, ServiceLine
from model.dataset import DataSet
from model.events import Absence, AbsenceKind
from model.posts import Need, Post, ShiftDemand
from model.roster import (
    Assignment,
    CoverageRow,
    Gap,
    PenaltyLine,
    RosterResult,
    SolveStats,
    SolveStatus,
    StaffSummary,
)
from model.roster_excel import (
    BORROWED_COLOUR,
    HOLIDAY_FILL,
    HOURS_HEADERS,
    SHORTFALL_FILL,
    roster_title,
    roster_workbook,
)
from model.shifts import Segment, ShiftCategory, ShiftType
from model.staff import Gender, Staff

START, END = date(2026, 2, 15), date(2026, 2, 17)
D15, D16, D17 = date(2026, 2, 15), date(2026, 2, 16), date(2026, 2, 17)

GUIDE = ShiftType(code="导", name="导诊班", colour="#FFE699",
                  segments=(Segment(start="07:30", end="12:00"),
                            Segment(start="14:30", end="17:30")))
NEB = ShiftType(code="W", name="雾化班", colour="#C6E0B4",
                segments=(Segment(start="08:00", end="12:00"),
                          Segment(start="14:30", end="18:30")))
NIGHT = ShiftType(code="N", name="夜班", colour="#B4C6E7", category=ShiftCategory.NIGHT,
                  segments=(Segment(start="20:00", end="08:00"),))
SHIFTS = {s.code: s for s in (GUIDE, NEB, NIGHT)}


def _need(n: int) -> dict[DayKind, Need]:
    return {kind: Need(min=n, target=n) for kind in DayKind}


def _staff(staff_id: str, name: str, line_id: str, skills: tuple[str, ...] = ()) -> Staff:
    return Staff(id=staff_id, name=name, gender=Gender.FEMALE, birth_date=date(1998, 3, 1),
                 education="大专", hire_date=date(2024, 1, 1), line_id=line_id,
                 skills=skills)


def _data() -> DataSet:
    return DataSet(
        departments=(Department(id="D1", name="门诊部", site_id="ZS43"),
                     Department(id="D2", name="治疗中心", site_id="ZS43")),
        lines=(ServiceLine(id="L01", seq=1, name="门诊导诊", category="导诊类",
                           department_id="D1", headcount=2, unit_cost=Decimal("4200")),
               ServiceLine(id="L02", seq=2, name="雾化治疗辅助", category="护理助理类",
                           department_id="D2", headcount=1, unit_cost=Decimal("4500"))),
        staff=(_staff("S001", "张丽", "L01"), _staff("S002", "李娜", "L01", skills=("P2",)),
               _staff("S003", "王芳", "L02")),
        shifts=(GUIDE, NEB, NIGHT),
        posts=(Post(id="P1", name="门诊导诊岗", department_id="D1", lines=("L01",),
                    demand=(ShiftDemand(shift="导", by_day=_need(1)),
                            ShiftDemand(shift="W", by_day=_need(1)))),
               Post(id="P2", name="雾化室岗", department_id="D2", lines=("L02",),
                    demand=(ShiftDemand(shift="W", by_day=_need(1)),
                            ShiftDemand(shift="N", by_day=_need(1))))),
        absences=(Absence(staff_id="S001", kind=AbsenceKind.ANNUAL, start=D17, end=D17,
                          note="探亲"),),
    ).validated()


def _assign(staff_id: str, line_id: str, post_id: str, code: str, day: date,
            cover_for: str | None = None, borrowed: bool = False) -> Assignment:
    shift = SHIFTS[code]
    return Assignment(staff_id=staff_id, line_id=line_id, post_id=post_id, shift=code, day=day,
                      segments=tuple(shift.segment_datetimes(day)), hours=shift.hours,
                      cover_for=cover_for, borrowed=borrowed)


def _result() -> RosterResult:
    assignments = (
        _assign("S001", "L01", "P1", "导", D15, cover_for="W"),
        _assign("S001", "L01", "P1", "导", D16),
        _assign("S002", "L01", "P2", "W", D16, borrowed=True),
        _assign("S002", "L01", "P1", "导", D17),
        _assign("S003", "L02", "P2", "N", D15),
        _assign("S003", "L02", "P2", "W", D17),
    )
    coverage = (
        CoverageRow(post_id="P1", day=D15, shift="导", required=1, target=1, hospital_supply=0,
                    assigned=1, shortfall=0),
        CoverageRow(post_id="P1", day=D15, shift="W", required=1, target=1, hospital_supply=0,
                    assigned=0, absorbed=True, shortfall=0),
        CoverageRow(post_id="P2", day=D16, shift="W", required=1, target=1, hospital_supply=0,
                    assigned=1, shortfall=0),
        CoverageRow(post_id="P2", day=D17, shift="N", required=1, target=1, hospital_supply=0,
                    assigned=0, shortfall=1),
    )
    gaps = (Gap(day=D17, post_id="P2", shift="N", missing=1,
                reasons=("S003 当天已上雾化班", "S001 年假")),)
    summaries = (
        StaffSummary(staff_id="S001", hours=15.0, overtime_hours=7.5, overtime_300_hours=7.5,
                     overtime_cost=542.07, holiday_days=1, days_worked=2),
        StaffSummary(staff_id="S002", hours=15.5, overtime_hours=15.5, overtime_300_hours=15.5,
                     overtime_cost=1120.35, holiday_days=2, days_worked=2),
        StaffSummary(staff_id="S003", hours=20.0, overtime_hours=20.0, overtime_200_hours=12.0,
                     overtime_300_hours=8.0, overtime_cost=1300.0, nights=1, weekend_days=1,
                     holiday_days=2, days_worked=2),
    )
    return RosterResult(
        start=START, end=END, status=SolveStatus.OPTIMAL, objective=2_345_678, best_bound=2345678.0,
        assignments=assignments, coverage=coverage, gaps=gaps, staff_summary=summaries,
        penalties=(PenaltyLine(rule="coverage_min", name="最低在岗人数", count=1,
                               weight=1_000_000, cost=1_000_000),
                   PenaltyLine(rule="borrowed_post", count=1, weight=5_000, cost=5_000)),
        stats=SolveStats(wall_time_s=12.345, time_to_first_solution_s=0.42, workers=8,
                         solver_status="OPTIMAL", variables=120, constraints=340),
        notes=("春节期间按节假日需求排班。",),
    )


@pytest.fixture(scope="module")
def wb():
    content = roster_workbook(_data(), _result(), monthly_fee_total=Decimal("22500.00"),
                              overtime_cost_total=Decimal("2962.42"))
    assert content[:2] == b"PK"
    return load_workbook(io.BytesIO(content))


def _argb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


def _find_row(ws, column: int, value: object) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row=row, column=column).value == value:
            return row
    raise AssertionError(f"{value!r} not found in column {column} of {ws.title}")


def _fill(cell) -> str:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else ""


# -- sheet names -----------------------------------------------------------------------------
def test_sheet_names(wb):
    assert wb.sheetnames == ["排班表", "覆盖", "工时", "费用", "说明"]


# -- 排班表 -----------------------------------------------------------------------------------
def test_titles_name_the_contract():
    data = _data().model_copy(update={"contract": ContractTerms(short_name="示例医院")})
    book = load_workbook(io.BytesIO(roster_workbook(data, _result())))
    assert book["排班表"]["A1"].value == "示例医院 辅助服务外包人员排班表"
    assert book["费用"]["A1"].value.startswith("示例医院 辅助服务费用（2026-02-15 至 ")
    assert book.properties.title == "示例医院 辅助服务外包人员排班表"


def test_grid_title_and_headers(wb):
    ws = wb["排班表"]
    assert ws["A1"].value == roster_title(_data()) == "辅助服务外包人员排班表"
    assert "2026年2月15日" in ws["A2"].value and "2026年2月17日" in ws["A2"].value
    assert [ws.cell(row=3, column=c).value for c in range(1, 8)] == [
        "工号", "姓名", "2/15", "2/16", "2/17", "班次", "工时"]
    assert [ws.cell(row=4, column=c).value for c in (3, 4, 5)] == ["日", "一", "二"]
    # 2/15 is a Sunday inside the Spring Festival break (in-lieu day off), 2/16-17 statutory.
    assert [ws.cell(row=5, column=c).value for c in (3, 4, 5)] == ["休", "春节", "春节"]
    for col in (3, 4, 5):
        assert _fill(ws.cell(row=3, column=col)) == HOLIDAY_FILL


def test_grid_groups_by_department_then_line(wb):
    ws = wb["排班表"]
    column_a = [ws.cell(row=r, column=1).value for r in range(6, ws.max_row + 1)]
    line1 = column_a.index("科室：门诊部 ／ 服务项目：1. 门诊导诊（2人）")
    s001 = column_a.index("S001")
    line2 = column_a.index("科室：治疗中心 ／ 服务项目：2. 雾化治疗辅助（1人）")
    s003 = column_a.index("S003")
    assert line1 < s001 < column_a.index("S002") < line2 < s003


def test_grid_staff_row(wb):
    ws = wb["排班表"]
    row = _find_row(ws, 1, "S001")
    assert ws.cell(row=row, column=2).value == "张丽"
    plain = ws.cell(row=row, column=4)
    assert plain.value == "导"
    assert _fill(plain) == _argb(GUIDE.colour)
    absent = ws.cell(row=row, column=5)
    assert absent.value == "假"
    assert "年假" in absent.comment.text and "探亲" in absent.comment.text
    assert ws.cell(row=row, column=6).value == 2  # shifts
    assert ws.cell(row=row, column=7).value == pytest.approx(15.0)  # hours

    s003 = _find_row(ws, 1, "S003")
    night = ws.cell(row=s003, column=3)
    assert night.value == "N" and _fill(night) == _argb(NIGHT.colour)
    assert ws.cell(row=s003, column=4).value is None  # day off: holiday shading only
    assert _fill(ws.cell(row=s003, column=4)) == HOLIDAY_FILL
    assert ws.cell(row=s003, column=7).value == pytest.approx(20.0)


def test_grid_cover_mark(wb):
    ws = wb["排班表"]
    cell = ws.cell(row=_find_row(ws, 1, "S001"), column=3)
    assert cell.value == "导\n顶雾"  # the cover mark on a line of its own
    assert _fill(cell) == _argb(GUIDE.colour)
    assert "雾化班" in cell.comment.text and "顶替" in cell.comment.text
    assert cell.border.left.style == "double"


def test_grid_borrowed_mark(wb):
    ws = wb["排班表"]
    row = _find_row(ws, 1, "S002")
    cell = ws.cell(row=row, column=4)
    assert cell.value == "W\n借雾"  # 借 and the post's one-character mark (雾化室岗)
    assert _fill(cell) == _argb(NEB.colour)
    assert cell.border.left.style == "mediumDashed"
    assert cell.border.left.color.rgb == BORROWED_COLOUR
    assert "雾化室岗" in cell.comment.text and "借调" in cell.comment.text
    own = ws.cell(row=row, column=5)
    assert own.value == "导" and own.border.left.style == "thin"
    # Day columns share one width; the two-line cell wraps and its row is two lines tall.
    assert len({ws.column_dimensions[c].width for c in "CDE"}) == 1
    assert cell.alignment.wrap_text is True
    assert ws.row_dimensions[row].height > ws.row_dimensions[_find_row(ws, 1, "S003")].height


def test_grid_freeze_and_print_setup(wb):
    ws = wb["排班表"]
    assert ws.freeze_panes == "C6"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    # an explicit scale (manual page breaks are dropped in fit-to-page mode)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is False
    assert 89 <= int(ws.page_setup.scale) <= 100
    assert ws.print_title_rows.replace("$", "") == "3:5"
    assert ws.print_title_cols.replace("$", "") == "A:B"


def test_grid_legend(wb):
    ws = wb["排班表"]
    top = _find_row(ws, 3, "图例")  # in the day columns, beside no repeated name column
    assert top > _find_row(ws, 1, "S003")
    for shift in (GUIDE, NEB, NIGHT):
        row = next(r for r in range(top, ws.max_row + 1)
                   if ws.cell(row=r, column=3).value == shift.code)
        assert ws.cell(row=row, column=4).value.startswith(shift.name + "：")
        assert _fill(ws.cell(row=row, column=3)) == _argb(shift.colour)
        if shift is GUIDE:
            assert "07:30-12:00" in ws.cell(row=row, column=4).value
        if shift is NIGHT:
            assert "20:00-08:00" in ws.cell(row=row, column=4).value
    legend_text = " ".join(str(ws.cell(row=r, column=4).value or "")
                           for r in range(top, ws.max_row + 1))
    for words in ("借调：", "顶替：", "已批准：", "待批准：", "已驳回："):
        assert words in legend_text


# -- 覆盖 -------------------------------------------------------------------------------------
def test_coverage_sheet(wb):
    ws = wb["覆盖"]
    header = _find_row(ws, 1, "日期")  # the day-by-day detail, below the printed summary
    assert [c.value for c in ws[header]] == ["日期", "星期", "岗位", "班次", "需求", "目标",
                                             "院方人员", "排班人数", "顶替", "缺口"]
    rows = [[c.value for c in ws[r]] for r in range(header + 1, header + 5)]
    assert rows[0][0].date() == D15 and rows[0][1] == "日" and rows[0][2] == "门诊导诊岗"
    assert rows[1][8] == "是"  # the absorbed 雾化班 of 2/15
    red = rows[3]
    assert red[0].date() == D17 and red[2] == "雾化室岗" and red[3] == "N 夜班"
    assert red[9] == 1
    for col in range(1, 11):
        assert _fill(ws.cell(row=header + 4, column=col)) == SHORTFALL_FILL
        assert _fill(ws.cell(row=header + 3, column=col)) != SHORTFALL_FILL
    title = next(r for r in range(header, ws.max_row + 1)
                 if str(ws.cell(row=r, column=1).value).startswith("缺口明细"))
    assert [ws.cell(row=title + 1, column=c).value for c in range(1, 7)] == [
        "日期", "星期", "岗位", "班次", "缺少人数", "原因"]
    gap = [ws.cell(row=title + 2, column=c).value for c in range(1, 7)]
    assert gap[0].date() == D17 and gap[2] == "雾化室岗" and gap[4] == 1
    assert "S003 当天已上雾化班" in gap[5] and "S001 年假" in gap[5]


# -- 工时 -------------------------------------------------------------------------------------
def test_hours_sheet(wb):
    ws = wb["工时"]
    assert [c.value for c in ws[1]] == HOURS_HEADERS
    row = _find_row(ws, 1, "S003")
    values = [ws.cell(row=row, column=c).value for c in range(1, 13)]
    assert values[:3] == ["S003", "王芳", "雾化治疗辅助"]
    assert values[3] == 2
    assert values[4] == pytest.approx(20.0)
    assert values[5:8] == [0, 12, 8]
    assert values[8] == pytest.approx(1300.0)
    assert "¥" in ws.cell(row=row, column=9).number_format
    assert values[9:] == [1, 1, 2]
    total = _find_row(ws, 1, "合计")
    assert ws.cell(row=total, column=5).value == pytest.approx(50.5)
    assert ws.cell(row=total, column=9).value == pytest.approx(2962.42)
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == ["S001", "S002", "S003"]


# -- 费用 -------------------------------------------------------------------------------------
def test_cost_sheet(wb):
    ws = wb["费用"]
    fee = _find_row(ws, 1, "月度服务费合计")
    assert ws.cell(row=fee, column=3).value == pytest.approx(22500.00)
    assert ws.cell(row=fee, column=3).number_format == '"¥"#,##0.00'
    overtime = _find_row(ws, 1, "加班费合计")
    assert ws.cell(row=overtime, column=3).value == pytest.approx(2962.42)
    line1 = _find_row(ws, 2, "门诊导诊")
    assert ws.cell(row=line1, column=3).value == 2
    assert ws.cell(row=line1, column=5).value == pytest.approx(1662.42)
    assert "¥" in ws.cell(row=line1, column=5).number_format
    line2 = _find_row(ws, 2, "雾化治疗辅助")
    assert ws.cell(row=line2, column=5).value == pytest.approx(1300.0)


def test_cost_sheet_without_totals():
    content = roster_workbook(_data(), _result())
    ws = load_workbook(io.BytesIO(content))["费用"]
    assert ws.cell(row=_find_row(ws, 1, "月度服务费合计"), column=3).value == "未提供"
    computed = ws.cell(row=_find_row(ws, 1, "加班费合计"), column=3).value
    assert computed == pytest.approx(542.07 + 1120.35 + 1300.0)


# -- 说明 -------------------------------------------------------------------------------------
def test_notes_sheet(wb):
    ws = wb["说明"]
    rule = _find_row(ws, 2, "两班之间最少休息")
    assert [ws.cell(row=rule, column=c).value for c in range(2, 6)] == [
        "两班之间最少休息", 12, "硬", 50000]
    assert ws.cell(row=rule, column=1).value == 5  # its number in the list, never its id
    target = _find_row(ws, 2, "目标在岗人数")
    assert ws.cell(row=target, column=4).value == "软"
    assert ws.cell(row=_find_row(ws, 1, "状态"), column=2).value == "已证明最优"
    assert ws.cell(row=_find_row(ws, 1, "目标值"), column=2).value == 2345678
    assert ws.cell(row=_find_row(ws, 1, "用时（秒）"), column=2).value == pytest.approx(12.35)
    assert ws.cell(row=_find_row(ws, 1, "首个解用时（秒）"), column=2).value == pytest.approx(0.42)
    assert ws.cell(row=_find_row(ws, 1, "并行线程数"), column=2).value == 8
    penalties = _find_row(ws, 1, "罚分（按规则）")
    first = penalties + 2
    assert ws.cell(row=first, column=1).value == "最低在岗人数"
    assert ws.cell(row=first, column=5).value == 1_000_000
    assert ws.cell(row=first + 1, column=1).value == "跨项目借调"  # name from the rule set
    notes = [str(ws.cell(row=r, column=1).value) for r in range(1, ws.max_row + 1)]
    assert any("春节期间按节假日需求排班" in n for n in notes)


def test_infeasible_result_still_exports():
    result = RosterResult(start=START, end=END, status=SolveStatus.INFEASIBLE)
    ws = load_workbook(io.BytesIO(roster_workbook(_data(), result)))["排班表"]
    row = _find_row(ws, 1, "S001")
    assert ws.cell(row=row, column=5).value == "假"
    assert ws.cell(row=row, column=6).value == 0
    assert "硬规则互相矛盾" in ws["A2"].value
