"""Excel template round trip and the reader's problem reports."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from model.contract import CertificateType, Department, ServiceLine
from model.dataset import DataSet
from model.errors import DataError, Problem
from model.events import (
    Absence,
    AbsenceKind,
    LeaveStatus,
    Pin,
    PreviousTail,
    Request,
    RequestKind,
)
from model.excel_io import (
    SHEET_ABSENCES,
    SHEET_CERTIFICATES,
    SHEET_HELP,
    SHEET_OPTIONS,
    SHEET_PATTERNS,
    SHEET_PINS,
    SHEET_REQUESTS,
    SHEET_STAFF,
    SHEETS,
    read_workbook,
    write_template,
)
from model.patterns import WorkPattern
from model.posts import Post, ShiftDemand
from model.shifts import Segment, ShiftCategory, ShiftType
from model.staff import Certificate, Employment, Gender, HoursRegime, Staff
from model.working_time import HoursPeriod

FILE = "排班输入.xlsx"


# -- fixtures ----------------------------------------------------------------------------------
def _line(line_id: str, seq: int, name: str) -> ServiceLine:
    return ServiceLine(id=line_id, seq=seq, name=name, category="导诊类",
                       department_id="D1", headcount=3, unit_cost=Decimal("4000"))


def _shift(code: str, name: str, start: str, end: str,
           category: ShiftCategory = ShiftCategory.DAY) -> ShiftType:
    return ShiftType(code=code, name=name, segments=(Segment(start=start, end=end),),
                     category=category)


@pytest.fixture(scope="module")
def base() -> DataSet:
    """A small hand-built data set: two lines, two departments, two posts, three shifts."""
    data = DataSet(
        departments=(Department(id="D1", name="门诊部", site_id="S1"),
                     Department(id="D2", name="病房", site_id="S1")),
        certificate_types=(CertificateType(id="C01", name="护士执业资格证"),
                           CertificateType(id="C02", name="消防设施操作员证", expires=False)),
        lines=(_line("L01", 1, "导诊服务"), _line("L02", 2, "护理助理")),
        shifts=(_shift("A", "白班", "08:00", "17:00"),
                _shift("P", "晚班", "17:00", "22:00", ShiftCategory.EVENING),
                _shift("N", "夜班", "22:00", "08:00", ShiftCategory.NIGHT)),
        posts=(Post(id="P01", name="导诊台", department_id="D1", lines=("L01",),
                    demand=(ShiftDemand(shift="A"), ShiftDemand(shift="P"))),
               Post(id="P02", name="病房陪护", department_id="D2", lines=("L02",),
                    demand=(ShiftDemand(shift="A"), ShiftDemand(shift="N")))),
    )
    staff = (
        Staff(id="1001", name="张三", gender=Gender.FEMALE, birth_date=date(1995, 3, 8),
              education="大专", major="护理", height_cm=162,
              hire_date=date(2020, 7, 1), line_id="L01", skills=("P02",),
              certificates=(Certificate(type_id="C01", number="HS-001",
                                        expires_on=date(2028, 12, 31)),
                            Certificate(type_id="C02"))),
        Staff(id="1002", name="李四", gender=Gender.MALE, birth_date=date(1988, 11, 30),
              education="中专", hire_date=date(2015, 1, 5), line_id="L02",
              employment=Employment.HOSPITAL, regime=HoursRegime.COMPREHENSIVE),
        Staff(id="1003", name="王五", gender=Gender.FEMALE, birth_date=date(2000, 2, 29),
              education="本科", major="临床医学", height_cm=158,
              hire_date=date(2024, 2, 29), line_id="L01", skills=("P01", "P02"),
              certificates=(Certificate(type_id="C01", number="HS-003",
                                        expires_on=date(2027, 6, 30)),)),
    )
    absences = (
        Absence(staff_id="1001", kind=AbsenceKind.ANNUAL, start=date(2026, 3, 2),
                end=date(2026, 3, 6)),
        Absence(staff_id="1003", kind=AbsenceKind.TRAINING, start=date(2026, 3, 10),
                end=date(2026, 3, 10), approved=False, note="院内培训"),
        Absence(staff_id="1001", kind=AbsenceKind.PERSONAL, start=date(2026, 3, 11),
                end=date(2026, 3, 11), status=LeaveStatus.REFUSED, note="人手不足"),
    )
    requests = (
        Request(staff_id="1002", day=date(2026, 3, 8), kind=RequestKind.DAY_OFF),
        Request(staff_id="1001", day=date(2026, 3, 12), kind=RequestKind.SHIFT_WANTED,
                shift="P", weight=20),
        Request(staff_id="1003", day=date(2026, 3, 14), kind=RequestKind.SHIFT_UNWANTED,
                shift="A", weight=0),
    )
    pins = (
        Pin(staff_id="1001", day=date(2026, 3, 9), post_id="P01", shift="A"),
        Pin(staff_id="1002", day=date(2026, 3, 9), post_id="P02", shift="N"),
        Pin(staff_id="1003", day=date(2026, 3, 15)),
    )
    patterns = (WorkPattern(line_id="L01", rest_days=(6, 7), source="门诊周末不开"),
                WorkPattern(line_id="L02", rotation=("A", "N"), rotation_start=date(2026, 3, 2)))
    return data.with_changes(staff=staff, absences=absences, requests=requests, pins=pins,
                             patterns=patterns)


@pytest.fixture(scope="module")
def template(base: DataSet) -> bytes:
    return write_template(base)


# -- helpers -----------------------------------------------------------------------------------
def column(ws: Worksheet, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


def put(ws: Worksheet, row: int, header: str, value: object) -> None:
    cell = ws.cell(row, column(ws, header))
    cell.value = value  # ws.cell(row, col, None) would leave the old value in place
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.number_format = "General"  # a number in a date-formatted cell would be a date


def copy_row(ws: Worksheet, row: int) -> int:
    """Append a copy of `row`; return the new Excel row number."""
    new = ws.max_row + 1
    for cell in ws[row]:
        ws.cell(new, cell.column).value = cell.value
    return new


def edit(template: bytes, change: Callable[..., None]) -> bytes:
    """Apply `change(workbook)` to a copy of the template and return the new bytes."""
    wb = load_workbook(io.BytesIO(template))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def problems_of(content: bytes | Path, base: DataSet, file_name: str | None = FILE
                ) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        read_workbook(content, base, file_name)
    assert caught.value.problems, "DataError without problems"
    return caught.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def cell_edit(sheet: str, row: int, header: str, value: object) -> Callable[..., None]:
    return lambda wb: put(wb[sheet], row, header, value)


# -- template ----------------------------------------------------------------------------------
def test_round_trip_gives_back_the_same_collections(base: DataSet, template: bytes) -> None:
    result = read_workbook(template, base, FILE)
    assert result.staff == base.staff
    assert result.absences == base.absences
    assert result.requests == base.requests
    assert result.pins == base.pins
    assert result.patterns == base.patterns
    assert result.lines == base.lines and result.posts == base.posts


def test_round_trip_from_a_path(base: DataSet, template: bytes, tmp_path: Path) -> None:
    path = tmp_path / "输入.xlsx"
    path.write_bytes(template)
    assert read_workbook(path, base).staff == base.staff


def test_template_layout(base: DataSet, template: bytes) -> None:
    wb = load_workbook(io.BytesIO(template))
    assert wb.sheetnames == [SHEET_HELP, SHEET_STAFF, SHEET_CERTIFICATES, SHEET_ABSENCES,
                             SHEET_REQUESTS, SHEET_PINS, SHEET_PATTERNS, SHEET_OPTIONS]
    assert wb[SHEET_OPTIONS].sheet_state == "hidden"
    assert wb[SHEET_HELP].sheet_state == "visible"
    for spec in SHEETS:
        ws = wb[spec.name]
        assert [c.value for c in ws[1]] == list(spec.headers)
        assert ws.freeze_panes == "A2"
        assert all(ws.column_dimensions[chr(64 + i)].width >= 6
                   for i in range(1, len(spec.headers) + 1))
    staff = wb[SHEET_STAFF]
    assert [c.value for c in staff[2]][:3] == ["1001", "张三", "女"]
    birth = staff.cell(2, column(staff, "出生日期"))
    assert isinstance(birth.value, datetime) and birth.number_format == "yyyy-mm-dd"
    assert staff.cell(2, column(staff, "服务项目")).value == "L01 导诊服务"
    assert staff.cell(4, column(staff, "其他已培训岗位")).value == "导诊台；病房陪护"  # by name
    assert wb[SHEET_CERTIFICATES].max_row == 4  # header + three certificates
    assert wb[SHEET_PINS].cell(4, 3).value is None  # pinned day off: no post, no shift


def test_template_drop_downs_use_named_lists(template: bytes) -> None:
    wb = load_workbook(io.BytesIO(template))
    names = wb.defined_names
    assert {"opt_line", "opt_post", "opt_shift", "opt_cert", "opt_gender", "opt_education",
            "opt_absence_kind", "opt_request_kind"} <= set(names)
    lists = {col[0]: [v for v in col[1:] if v is not None]
             for col in wb[SHEET_OPTIONS].iter_cols(values_only=True)}
    assert lists["服务项目"] == ["L01 导诊服务", "L02 护理助理"]
    assert lists["岗位"] == ["导诊台", "病房陪护"]  # names, never the ids
    assert lists["班次"] == ["A", "P", "N"]
    assert lists["证书类型"] == ["护士执业资格证", "消防设施操作员证"]
    staff_formulas = {dv.formula1 for dv in wb[SHEET_STAFF].data_validations.dataValidation
                      if dv.type == "list"}
    assert {"opt_gender", "opt_education", "opt_line", "opt_employment",
            "opt_regime"} <= staff_formulas
    pin_formulas = {dv.formula1 for dv in wb[SHEET_PINS].data_validations.dataValidation}
    assert {"opt_post", "opt_shift"} <= pin_formulas


def test_help_sheet_explains_sheets_and_all_or_nothing(template: bytes) -> None:
    wb = load_workbook(io.BytesIO(template))
    text = "\n".join(str(c.value) for row in wb[SHEET_HELP].iter_rows() for c in row
                     if c.value is not None)
    for spec in SHEETS:
        assert f"工作表“{spec.name}”" in text
    assert "YYYY-MM-DD" in text
    assert "不会导入任何数据" in text and "一次列出所有问题" in text
    assert "L01" in text and "导诊台" in text  # reference tables


def test_empty_data_set_gives_a_readable_template() -> None:
    data = DataSet()
    content = write_template(data)
    assert read_workbook(content, data, FILE).staff == ()


# -- file level --------------------------------------------------------------------------------
def test_not_an_xlsx_file(base: DataSet) -> None:
    problem = only(problems_of("工号,姓名\n1001,张三\n".encode(), base, "人员.csv"))
    assert problem.file == "人员.csv"
    assert ".xlsx" in problem.message and problem.sheet is None and problem.row is None


def test_corrupt_zip(base: DataSet, template: bytes) -> None:
    problem = only(problems_of(template[: len(template) // 2], base, "坏文件.xlsx"))
    assert problem.file == "坏文件.xlsx"
    assert ".xlsx" in problem.message


def test_zip_that_is_not_a_workbook(base: DataSet) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    problem = only(problems_of(buffer.getvalue(), base, "archive.xlsx"))
    assert problem.file == "archive.xlsx" and "无法打开" in problem.message


def test_old_xls_file(base: DataSet) -> None:
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    problem = only(problems_of(content, base, "旧表.xls"))
    assert ".xls" in problem.message and "另存为" in problem.message


def test_empty_file(base: DataSet, tmp_path: Path) -> None:
    problem = only(problems_of(b"", base, "空.xlsx"))
    assert problem.file == "空.xlsx" and "文件为空" in problem.message
    path = tmp_path / "空白.xlsx"
    path.write_bytes(b"")
    assert only(problems_of(path, base, None)).file == "空白.xlsx"


def test_missing_path(base: DataSet, tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path / "没有.xlsx", base, None))
    assert problem.file == "没有.xlsx" and "不存在" in problem.message


def test_problem_text_names_the_location(base: DataSet, template: bytes) -> None:
    content = edit(template, cell_edit(SHEET_STAFF, 3, "性别", "未知"))
    text = str(only(problems_of(content, base)))
    assert text.startswith(f"{FILE}，工作表 人员，第 3 行，字段 性别：")
    assert "男、女" in text


# -- structure ---------------------------------------------------------------------------------
@pytest.mark.parametrize("sheet", [s.name for s in SHEETS if not s.optional])
def test_missing_sheet(base: DataSet, template: bytes, sheet: str) -> None:
    content = edit(template, lambda wb: wb.remove(wb[sheet]))
    problems = problems_of(content, base)
    problem = only([p for p in problems if p.sheet == sheet])
    assert problem.file == FILE and f"缺少工作表“{sheet}”" in problem.message
    if sheet != SHEET_STAFF:
        assert problems == [problem]


def test_an_older_workbook_without_the_patterns_sheet_keeps_the_patterns(
        base: DataSet, template: bytes) -> None:
    content = edit(template, lambda wb: wb.remove(wb[SHEET_PATTERNS]))
    assert read_workbook(content, base, FILE).patterns == base.patterns


def test_a_renamed_patterns_sheet_is_not_passed_over(base: DataSet, template: bytes) -> None:
    def rename(wb) -> None:
        wb[SHEET_PATTERNS].title = "模式"
    problem = only(problems_of(edit(template, rename), base))
    assert problem.sheet == SHEET_PATTERNS and "“模式”" in problem.message


def test_patterns_typed_in_the_workbook(base: DataSet, template: bytes) -> None:
    def change(wb) -> None:
        ws = wb[SHEET_PATTERNS]
        put(ws, 2, "固定休息日", "周日")
        put(ws, 3, "轮换班次", "A，N、A")
        put(ws, 3, "轮换起始周一", "2026-03-09")
    result = read_workbook(edit(template, change), base, FILE)
    assert [(p.line_id, p.rest_days, p.rotation, p.rotation_start) for p in result.patterns] == [
        ("L01", (7,), (), None), ("L02", (), ("A", "N", "A"), date(2026, 3, 9))]


def test_every_pattern_problem_is_located(base: DataSet, template: bytes) -> None:
    def change(wb) -> None:
        ws = wb[SHEET_PATTERNS]
        put(ws, 2, "固定休息日", "周末")
        put(ws, 3, "轮换班次", "A、Q")
        put(ws, 3, "轮换起始周一", "2026-03-10")
        row = copy_row(ws, 3)
        put(ws, row, "轮换班次", "P")
        put(ws, row, "轮换起始周一", None)
    found = {(p.row, p.field): p.message for p in problems_of(edit(template, change), base)}
    assert "周一 … 周日" in found[(2, "固定休息日")]
    assert (3, "轮换班次") in found  # Q is no shift
    assert "不是周一" in found[(3, "轮换起始周一")]
    assert "第 3 行" in found[(4, "服务项目")]  # a second pattern for L02
    assert "须填写轮换起始周一" in found[(4, "轮换起始周一")]


def test_missing_sheet_staff_does_not_flood_unknown_ids(base: DataSet, template: bytes
                                                        ) -> None:
    content = edit(template, lambda wb: wb.remove(wb[SHEET_STAFF]))
    assert len(problems_of(content, base)) == 1


def test_missing_column(base: DataSet, template: bytes) -> None:
    content = edit(template, cell_edit(SHEET_STAFF, 1, "身高cm", "身高"))
    problem = only(problems_of(content, base))
    assert (problem.sheet, problem.row, problem.field) == (SHEET_STAFF, 1, "身高cm")
    assert "缺少列" in problem.message


def test_missing_column_in_other_sheet(base: DataSet, template: bytes) -> None:
    def drop(wb: object) -> None:
        ws = wb[SHEET_ABSENCES]  # type: ignore[index]
        ws.delete_cols(column(ws, "结束日期"))

    problem = only(problems_of(edit(template, drop), base))
    assert (problem.sheet, problem.row, problem.field) == (SHEET_ABSENCES, 1, "结束日期")


def test_sheet_without_header(base: DataSet, template: bytes) -> None:
    def clear(wb: object) -> None:
        ws = wb[SHEET_PINS]  # type: ignore[index]
        ws.delete_rows(1, ws.max_row)

    problem = only(problems_of(edit(template, clear), base))
    assert (problem.sheet, problem.row) == (SHEET_PINS, 1) and "表头" in problem.message


def test_reordered_and_extra_columns_are_accepted(base: DataSet, template: bytes) -> None:
    def shuffle(wb: object) -> None:
        ws = wb[SHEET_REQUESTS]  # type: ignore[index]
        ws.move_range("A1:A10", cols=7)  # 工号 to the far right
        ws.cell(1, 6, "审核人")
        ws.cell(2, 6, "护士长")

    assert read_workbook(edit(template, shuffle), base, FILE).requests == base.requests


def test_blank_rows_are_ignored_and_rows_keep_excel_numbers(base: DataSet,
                                                             template: bytes) -> None:
    def insert(wb: object) -> None:
        ws = wb[SHEET_ABSENCES]  # type: ignore[index]
        ws.insert_rows(3, 2)
        ws.cell(3, 1, "   ")  # whitespace only counts as blank
        put(ws, 5, "类型", "旷工")  # the row that was 3 is now 5 in Excel

    problem = only(problems_of(edit(template, insert), base))
    assert (problem.sheet, problem.row, problem.field) == (SHEET_ABSENCES, 5, "类型")


# -- cells -------------------------------------------------------------------------------------
def test_duplicate_staff_id(base: DataSet, template: bytes) -> None:
    problem = only(problems_of(edit(template, lambda wb: copy_row(wb[SHEET_STAFF], 2)), base))
    assert (problem.sheet, problem.row, problem.field, problem.value) == (
        SHEET_STAFF, 5, "工号", "1001")
    assert "重复" in problem.message and "第 2 行" in problem.message


def test_numeric_staff_id_is_read_as_text(base: DataSet, template: bytes) -> None:
    def numbers(wb: object) -> None:
        put(wb[SHEET_STAFF], 2, "工号", 1001)  # type: ignore[index]
        put(wb[SHEET_PINS], 2, "工号", 1001.0)  # type: ignore[index]

    result = read_workbook(edit(template, numbers), base, FILE)
    assert result.staff == base.staff and result.pins == base.pins


@pytest.mark.parametrize(("sheet", "row", "header", "value", "expected"), [
    (SHEET_STAFF, 2, "服务项目", "L99 不存在", "未知服务项目"),
    (SHEET_STAFF, 3, "其他已培训岗位", "P01、P77", "未知岗位"),
    (SHEET_PINS, 2, "岗位", "P77", "未知岗位"),
    (SHEET_REQUESTS, 3, "班次", "X", "未知班次"),
    (SHEET_PINS, 3, "班次", "Z", "未知班次"),
    (SHEET_CERTIFICATES, 3, "证书类型", "C99", "未知证书类型"),
    (SHEET_CERTIFICATES, 2, "工号", "9999", "未知工号"),
    (SHEET_ABSENCES, 3, "工号", "9999", "未知工号"),
    (SHEET_REQUESTS, 2, "工号", "9999", "未知工号"),
    (SHEET_PINS, 4, "工号", "9999", "未知工号"),
])
def test_unknown_reference(base: DataSet, template: bytes, sheet: str, row: int, header: str,
                           value: str, expected: str) -> None:
    problem = only(problems_of(edit(template, cell_edit(sheet, row, header, value)), base))
    assert (problem.file, problem.sheet, problem.row, problem.field) == (FILE, sheet, row,
                                                                         header)
    assert problem.message.startswith(expected)
    assert problem.value in (value, "P77")


def test_line_accepts_id_or_name(base: DataSet, template: bytes) -> None:
    def names(wb: object) -> None:
        put(wb[SHEET_STAFF], 2, "服务项目", "L01")  # type: ignore[index]
        put(wb[SHEET_STAFF], 3, "服务项目", "护理助理")  # type: ignore[index]

    assert read_workbook(edit(template, names), base, FILE).staff == base.staff


def test_pin_shift_not_offered_by_post(base: DataSet, template: bytes) -> None:
    problem = only(problems_of(edit(template, cell_edit(SHEET_PINS, 2, "班次", "N")), base))
    assert (problem.sheet, problem.row, problem.field) == (SHEET_PINS, 2, "班次")
    assert "P01" in problem.message and "A、P" in problem.message


def test_pin_post_without_shift(base: DataSet, template: bytes) -> None:
    problem = only(problems_of(edit(template, cell_edit(SHEET_PINS, 2, "班次", None)), base))
    assert (problem.sheet, problem.row, problem.field) == (SHEET_PINS, 2, "班次")
    assert "同时填写" in problem.message


def test_request_wanted_without_shift(base: DataSet, template: bytes) -> None:
    problem = only(problems_of(edit(template, cell_edit(SHEET_REQUESTS, 3, "班次", None)),
                               base))
    assert (problem.sheet, problem.row, problem.field) == (SHEET_REQUESTS, 3, "班次")
    assert "想上" in problem.message


def test_duplicate_certificate_type_for_one_person(base: DataSet, template: bytes) -> None:
    problem = only(problems_of(edit(template, cell_edit(SHEET_CERTIFICATES, 3, "证书类型",
                                                        "C01")), base))
    assert (problem.sheet, problem.row, problem.field) == (SHEET_CERTIFICATES, 3, "证书类型")


@pytest.mark.parametrize(("sheet", "row", "header", "value", "expected"), [
    (SHEET_STAFF, 2, "出生日期", "2026-02-30", "日期不存在"),
    (SHEET_ABSENCES, 2, "开始日期", "2026-13-01", "日期不存在"),
    (SHEET_STAFF, 3, "入职日期", 45000, "这里是一个数字"),
    (SHEET_REQUESTS, 2, "日期", 46090.0, "这里是一个数字"),
    (SHEET_PINS, 3, "日期", "下周一", "格式 YYYY-MM-DD"),
    (SHEET_CERTIFICATES, 2, "有效期至", "2028/02/30", "日期不存在"),
])
def test_bad_dates(base: DataSet, template: bytes, sheet: str, row: int, header: str,
                   value: object, expected: str) -> None:
    problem = only(problems_of(edit(template, cell_edit(sheet, row, header, value)), base))
    assert (problem.sheet, problem.row, problem.field, problem.value) == (sheet, row, header,
                                                                          value)
    assert expected in problem.message and "应为" in problem.message


def test_dates_as_excel_date_datetime_or_text(base: DataSet, template: bytes) -> None:
    def mixed(wb: object) -> None:
        ws = wb[SHEET_ABSENCES]  # type: ignore[index]
        put(ws, 2, "开始日期", "2026-03-02")
        put(ws, 2, "结束日期", datetime(2026, 3, 6, 0, 0))
        ws.cell(2, column(ws, "结束日期")).number_format = "yyyy/m/d"
        put(ws, 3, "开始日期", " 2026-3-10 ")
        put(ws, 3, "结束日期", "2026/03/10")

    assert read_workbook(edit(template, mixed), base, FILE).absences == base.absences


@pytest.mark.parametrize(("sheet", "row", "start", "end"), [
    (SHEET_ABSENCES, 2, "开始日期", "结束日期"),
    (SHEET_STAFF, 2, "出生日期", "入职日期"),
])
def test_reversed_dates(base: DataSet, template: bytes, sheet: str, row: int, start: str,
                        end: str) -> None:
    content = edit(template, cell_edit(sheet, row, end, date(1990, 1, 1)))
    problem = only(problems_of(content, base))
    assert (problem.sheet, problem.row, problem.field) == (sheet, row, end)
    assert "早于" in problem.message


@pytest.mark.parametrize(("sheet", "row", "header", "value", "expected"), [
    (SHEET_STAFF, 2, "身高cm", "一米六", "应为整数"),
    (SHEET_STAFF, 4, "身高cm", 158.5, "应为整数"),
    (SHEET_REQUESTS, 3, "权重", "高", "应为整数"),
    (SHEET_REQUESTS, 4, "权重", -1, "不小于 0"),
])
def test_bad_numbers(base: DataSet, template: bytes, sheet: str, row: int, header: str,
                     value: object, expected: str) -> None:
    problem = only(problems_of(edit(template, cell_edit(sheet, row, header, value)), base))
    assert (problem.sheet, problem.row, problem.field, problem.value) == (sheet, row, header,
                                                                          value)
    assert expected in problem.message


def test_number_given_as_text_is_accepted(base: DataSet, template: bytes) -> None:
    content = edit(template, cell_edit(SHEET_STAFF, 2, "身高cm", " 162 "))
    assert read_workbook(content, base, FILE).staff == base.staff


@pytest.mark.parametrize(("sheet", "row", "header", "value"), [
    (SHEET_STAFF, 2, "性别", "M"),
    (SHEET_STAFF, 3, "学历", "博士"),
    (SHEET_STAFF, 4, "用工方式", "劳务派遣"),
    (SHEET_STAFF, 2, "工时制度", "弹性"),
    (SHEET_ABSENCES, 2, "类型", "旷工"),
    (SHEET_ABSENCES, 3, "状态", "待定"),
    (SHEET_REQUESTS, 2, "类型", "调班"),
])
def test_invalid_choice(base: DataSet, template: bytes, sheet: str, row: int, header: str,
                        value: str) -> None:
    problem = only(problems_of(edit(template, cell_edit(sheet, row, header, value)), base))
    assert (problem.sheet, problem.row, problem.field, problem.value) == (sheet, row, header,
                                                                          value)
    assert problem.message.startswith("应为")


@pytest.mark.parametrize(("sheet", "row", "header"), [
    (SHEET_STAFF, 3, "姓名"),
    (SHEET_STAFF, 2, "服务项目"),
    (SHEET_STAFF, 4, "性别"),
    (SHEET_CERTIFICATES, 2, "证书类型"),
    (SHEET_ABSENCES, 2, "开始日期"),
    (SHEET_REQUESTS, 2, "类型"),
    (SHEET_PINS, 2, "日期"),
])
def test_blank_required_cell(base: DataSet, template: bytes, sheet: str, row: int,
                             header: str) -> None:
    problem = only(problems_of(edit(template, cell_edit(sheet, row, header, "  ")), base))
    assert (problem.sheet, problem.row, problem.field) == (sheet, row, header)
    assert "必填" in problem.message


def test_blank_optional_cells_take_defaults(base: DataSet, template: bytes) -> None:
    def clear(wb: object) -> None:
        put(wb[SHEET_STAFF], 3, "用工方式", None)  # type: ignore[index]
        put(wb[SHEET_ABSENCES], 2, "状态", None)  # type: ignore[index]
        put(wb[SHEET_REQUESTS], 2, "权重", None)  # type: ignore[index]

    result = read_workbook(edit(template, clear), base, FILE)
    assert result.staff[1].employment is Employment.VENDOR
    assert result.absences[0].approved is True
    assert result.requests[0].weight == 10


def test_absence_status_column_reads_the_three_statuses(base: DataSet, template: bytes
                                                        ) -> None:
    wb = load_workbook(io.BytesIO(template))
    ws = wb[SHEET_ABSENCES]
    assert [ws.cell(r, column(ws, "状态")).value for r in (2, 3, 4)] == ["已批准", "待批准",
                                                                         "已驳回"]
    statuses = [a.status for a in read_workbook(template, base, FILE).absences]
    assert statuses == [LeaveStatus.APPROVED, LeaveStatus.REQUESTED, LeaveStatus.REFUSED]


def test_older_workbook_with_the_approved_column_still_reads(base: DataSet, template: bytes
                                                            ) -> None:
    def older(wb: object) -> None:
        ws = wb[SHEET_ABSENCES]  # type: ignore[index]
        col = column(ws, "状态")
        ws.cell(1, col, "已批准")
        for row, value in ((2, "是"), (3, "否"), (4, None)):
            ws.cell(row, col).value = value

    statuses = [a.status for a in read_workbook(edit(template, older), base, FILE).absences]
    assert statuses == [LeaveStatus.APPROVED, LeaveStatus.REQUESTED, LeaveStatus.APPROVED]


def test_every_problem_is_reported_at_once(base: DataSet, template: bytes) -> None:
    def many(wb: object) -> None:
        staff = wb[SHEET_STAFF]  # type: ignore[index]
        put(staff, copy_row(staff, 3), "姓名", "李四（重复）")
        put(staff, 2, "性别", "X")
        put(staff, 2, "身高cm", "高")
        put(staff, 3, "出生日期", "2026-02-30")
        put(wb[SHEET_CERTIFICATES], 4, "证书类型", "C99")  # type: ignore[index]
        put(wb[SHEET_ABSENCES], 3, "结束日期", "2026-03-01")  # type: ignore[index]
        put(wb[SHEET_REQUESTS], 4, "权重", "很高")  # type: ignore[index]
        put(wb[SHEET_PINS], 2, "工号", "8888")  # type: ignore[index]
        put(wb[SHEET_PINS], 3, "岗位", "P99")  # type: ignore[index]

    problems = problems_of(edit(template, many), base)
    located = {(p.sheet, p.row, p.field) for p in problems}
    assert located == {
        (SHEET_STAFF, 2, "性别"), (SHEET_STAFF, 2, "身高cm"), (SHEET_STAFF, 3, "出生日期"),
        (SHEET_STAFF, 5, "工号"), (SHEET_CERTIFICATES, 4, "证书类型"),
        (SHEET_ABSENCES, 3, "结束日期"), (SHEET_REQUESTS, 4, "权重"),
        (SHEET_PINS, 2, "工号"), (SHEET_PINS, 3, "岗位"),
    }
    assert len(problems) == len(located)
    assert all(p.file == FILE for p in problems)
    assert all(p.message for p in problems)


def test_references_are_checked_against_the_base(base: DataSet, template: bytes) -> None:
    smaller = base.model_copy(update={"posts": (base.posts[0],)})
    problems = problems_of(template, smaller)
    assert {(p.sheet, p.row, p.field) for p in problems} == {
        (SHEET_STAFF, 2, "其他已培训岗位"), (SHEET_STAFF, 4, "其他已培训岗位"),
        (SHEET_PINS, 3, "岗位")}


def test_previous_tail_of_a_removed_person(base: DataSet, template: bytes) -> None:
    with_tail = base.model_copy(update={"tails": (PreviousTail(staff_id="1002"),)})

    def remove_1002(wb: object) -> None:
        wb[SHEET_STAFF].delete_rows(3)  # type: ignore[index]
        for sheet in (SHEET_REQUESTS, SHEET_PINS):
            wb[sheet].delete_rows(2 if sheet == SHEET_REQUESTS else 3)  # type: ignore[index]

    problem = only(problems_of(edit(template, remove_1002), with_tail))
    assert (problem.file, problem.sheet, problem.field, problem.value) == (
        FILE, SHEET_STAFF, "工号", "1002")
    assert "上期" in problem.message


def test_approved_period_column(base: DataSet, template: bytes) -> None:
    # 李四 (row 3) is on 综合计算工时: a quarter is read back; under 标准工时 (张三, row 2)
    # a period is refused on that row.
    staff = read_workbook(edit(template, cell_edit("人员", 3, "综合计算周期", "季度")), base,
                          FILE).staff
    assert {m.id: m.hours_period for m in staff}["1002"] is HoursPeriod.QUARTER
    problem = only(problems_of(edit(template, cell_edit("人员", 2, "综合计算周期", "月")), base))
    assert problem.row == 2 and "综合计算周期只适用于综合计算工时" in problem.message
    again = base.with_changes(staff=staff)
    assert read_workbook(write_template(again), again, FILE).staff == staff


# -- formulas, dates and duplicates in an imported workbook -------------------------------------
def test_a_formula_cell_is_reported_as_a_formula(base: DataSet, template: bytes) -> None:
    content = edit(template, cell_edit(SHEET_STAFF, 3, "出生日期", "=DATE(1990,1,1)"))
    problem = only(problems_of(content, base))
    assert (problem.sheet, problem.row, problem.field) == (SHEET_STAFF, 3, "出生日期")
    assert "公式" in problem.message and problem.value == "=DATE(1990,1,1)"


def test_dates_in_messages_read_as_dates(base: DataSet, template: bytes) -> None:
    # A birth date in 1800 is implausible; the message shows the date as the user typed it.
    content = edit(template, cell_edit(SHEET_STAFF, 3, "出生日期", datetime(1800, 1, 1)))
    text = str(only(problems_of(content, base)))
    assert "1800-01-01" in text and "datetime" not in text and "应不小于 1930-01-01" in text


def test_duplicate_leave_rows_are_reported(base: DataSet, template: bytes) -> None:
    content = edit(template, lambda wb: copy_row(wb[SHEET_ABSENCES], 2))
    problem = only(problems_of(content, base))
    assert problem.sheet == SHEET_ABSENCES and problem.row == 5 and "重复的请假" in problem.message
