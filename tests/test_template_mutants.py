"""Template mutation test: every sheet, column and kind of value broken, each mutant located.

A generator breaks the input template written by `write_template`: every input sheet (deleted,
renamed, emptied, a row duplicated, a blank row, columns reordered, an unknown column), every
column header (blank, renamed, spaced, duplicated) and every cell of one filled row with a set
of values chosen by the column's kind (blank, formula, spaces, long text, wrong type, impossible
or implausible date, negative, huge or decimal number, unknown reference, value outside a
drop-down's list). Each mutant is read back with `read_workbook` and must either be rejected
with a problem located at the mutated cell (sheet, Excel row, column header; the header row for
header mutants, the sheet alone for sheet mutants), or be accepted for a reason stated in
`ACCEPTED` below. An accepted mutant without a stated reason fails, and so does a stated
reason that no longer applies (the mutant is now rejected) or that no mutant uses.

Run it as a script (`python tests/test_template_mutants.py`) to print the counts. Over 400
lines on purpose: the base, the generator, the table of reasons and the verdict are read
together, and split apart each table would sit away from the mutants it explains.
"""

from __future__ import annotations

import io
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from model.contract import CertificateType, Department, ServiceLine
from model.dataset import DataSet
from model.errors import DataError, Problem
from model.events import Absence, AbsenceKind, Pin, Request, RequestKind
from model.excel_io import SHEET_HELP, SHEET_OPTIONS, SHEETS, read_workbook, write_template
from model.excel_io.sheets import Column, SheetSpec
from model.patterns import WorkPattern
from model.posts import Post, ShiftDemand
from model.shifts import Segment, ShiftCategory, ShiftType
from model.staff import Certificate, Employment, Gender, HoursRegime, Staff
from model.working_time import HoursPeriod

FILE = "排班输入.xlsx"
LONG_TEXT = "长" * 2000


# -- the base: a tiny data set whose mutated rows have every column filled ----------------------
def _line(line_id: str, seq: int, name: str) -> ServiceLine:
    return ServiceLine(id=line_id, seq=seq, name=name, category="导诊类",
                       department_id="D1", headcount=3, unit_cost=Decimal("4000"))


def _shift(code: str, name: str, start: str, end: str,
           category: ShiftCategory = ShiftCategory.DAY) -> ShiftType:
    return ShiftType(code=code, name=name, segments=(Segment(start=start, end=end),),
                     category=category)


@cache
def base() -> DataSet:
    """Two lines, two posts, three shifts, two certificate types; staff 1001 has every
    event and 1002 (the mutated staff row) has every staff column filled and nothing
    referring to it, so that changing its 工号 breaks no other sheet."""
    data = DataSet(
        departments=(Department(id="D1", name="门诊部", site_id="S1"),
                     Department(id="D2", name="病房", site_id="S1")),
        certificate_types=(CertificateType(id="C01", name="护士执业资格证"),
                           CertificateType(id="C02", name="消防设施操作员证")),
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
                                        expires_on=date(2028, 12, 31)),)),
        Staff(id="1002", name="李四", gender=Gender.MALE, birth_date=date(1988, 11, 30),
              education="中专", major="临床医学", height_cm=175, hire_date=date(2015, 1, 5),
              line_id="L02", skills=("P01",), employment=Employment.HOSPITAL,
              regime=HoursRegime.COMPREHENSIVE, hours_period=HoursPeriod.QUARTER),
    )
    return data.with_changes(
        staff=staff,
        absences=(Absence(staff_id="1001", kind=AbsenceKind.TRAINING, start=date(2026, 3, 10),
                          end=date(2026, 3, 11), approved=False, note="院内培训"),),
        requests=(Request(staff_id="1001", day=date(2026, 3, 12),
                          kind=RequestKind.SHIFT_WANTED, shift="P", weight=20),),
        pins=(Pin(staff_id="1001", day=date(2026, 3, 9), post_id="P01", shift="A"),),
        patterns=(WorkPattern(line_id="L01", rest_days=(6, 7), rotation=("A", "P"),
                              rotation_start=date(2026, 3, 2), source="门诊周末不开"),))


#: The Excel row mutated on each input sheet (人员: staff 1002; the others have one row).
MUTATED_ROW = {"人员": 3, "证书": 2, "请假": 2, "排班请求": 2, "固定排班": 2, "排班模式": 2}


@cache
def template() -> bytes:
    return write_template(base())


# -- mutants -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mutant:
    """One change to the template and where its problem must be reported."""

    sheet: str
    column: str | None  # the header changed; None for a sheet or row mutant
    what: str  # short name of the change, part of the test id
    change: Callable[[Workbook], None]
    row: int | None  # the Excel row the problem must name (1 = header row)
    kind: str = ""  # the column's kind, for the reasons table

    @property
    def id(self) -> str:
        return "/".join(p for p in (self.sheet, self.column or "", self.what) if p)


def column_index(ws: Worksheet, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


def setter(sheet: str, header: str, row: int, value: object) -> Callable[[Workbook], None]:
    def change(wb: Workbook) -> None:
        cell = wb[sheet].cell(row, column_index(wb[sheet], header))
        cell.value = value
        if isinstance(value, int | float) and not isinstance(value, bool):
            cell.number_format = "General"  # a number in a date-formatted cell is a date
    return change


def original(sheet: str, header: str, row: int) -> object:
    wb = load_workbook(io.BytesIO(template()))
    return wb[sheet].cell(row, column_index(wb[sheet], header)).value


def cell_values(spec: SheetSpec, column: Column, value: object) -> dict[str, object]:
    """The values tried in one cell, by name, chosen by the column's kind."""
    text = "" if value is None else (value.isoformat() if isinstance(value, date)
                                     else str(value))
    values: dict[str, object] = {
        "blank": None,
        "formula": "=1+1",
        "spaces": f"  {text}  " if text else "  ",
        "long_text": LONG_TEXT,
    }
    if column.kind in ("text", "ref", "list", "choice"):
        values["number"] = 12345
        values["negative"] = -5
        values["huge"] = 10**12
        values["date"] = date(2026, 3, 1)
    if column.kind in ("ref", "list"):
        values["unknown_ref"] = "ZZ99"
    if column.kind == "choice":
        values["outside_list"] = "不在列表中"
    if column.kind == "date":
        values["text"] = "下周一"
        values["impossible_date"] = "2026-02-30"
        values["date_as_text"] = text  # the same date, typed as text
        values["too_early"] = date(1920, 1, 1)
        values["too_late"] = date(2150, 1, 1)
        values["number"] = 45000
        values["negative"] = -5
        values["huge"] = 10**12
    if column.kind == "int":
        values["text"] = "一百"
        values["negative"] = -5
        values["zero"] = 0
        values["huge"] = 10**12
        values["decimal"] = 1.5
        values["number_as_text"] = text  # the same integer, typed as text
        values["date"] = date(2026, 3, 1)
    return values


def sheet_mutants(spec: SheetSpec) -> list[Mutant]:
    name, row = spec.name, MUTATED_ROW[spec.name]

    def delete(wb: Workbook) -> None:
        del wb[name]

    def rename(wb: Workbook) -> None:
        wb[name].title = name + "1"

    def empty(wb: Workbook) -> None:
        ws = wb[name]
        ws.delete_rows(1, ws.max_row)

    def duplicate_row(wb: Workbook) -> None:
        ws = wb[name]
        new = ws.max_row + 1
        for cell in ws[row]:
            ws.cell(new, cell.column).value = cell.value

    def blank_row(wb: Workbook) -> None:
        wb[name].insert_rows(2)

    def swap_columns(wb: Workbook) -> None:
        ws = wb[name]
        for r in range(1, ws.max_row + 1):
            a, b = ws.cell(r, 1), ws.cell(r, 2)
            a.value, b.value = b.value, a.value

    def extra_column(wb: Workbook) -> None:
        ws = wb[name]
        col = ws.max_column + 1
        ws.cell(1, col).value = "备用"
        ws.cell(row, col).value = "随便写"

    rows = wb_rows(name)
    return [
        Mutant(name, None, "sheet_deleted", delete, None),
        Mutant(name, None, "sheet_renamed", rename, None),
        Mutant(name, None, "sheet_emptied", empty, 1),
        Mutant(name, None, "row_duplicated", duplicate_row, rows + 1),
        Mutant(name, None, "blank_row_inserted", blank_row, None),
        Mutant(name, None, "columns_swapped", swap_columns, None),
        Mutant(name, None, "unknown_column", extra_column, None),
    ]


@cache
def wb_rows(sheet: str) -> int:
    return int(load_workbook(io.BytesIO(template()))[sheet].max_row)


def header_mutants(spec: SheetSpec, column: Column) -> list[Mutant]:
    name, header = spec.name, column.header

    def set_header(value: object) -> Callable[[Workbook], None]:
        def change(wb: Workbook) -> None:
            wb[name].cell(1, column_index(wb[name], header)).value = value
        return change

    def duplicate(wb: Workbook) -> None:
        ws = wb[name]
        ws.cell(1, ws.max_column + 1).value = header

    def delete_column(wb: Workbook) -> None:
        ws = wb[name]
        ws.delete_cols(column_index(ws, header))

    return [Mutant(name, header, what, change, 1, column.kind) for what, change in (
        ("header_blank", set_header(None)),
        ("header_renamed", set_header(header + "（新）")),
        ("header_spaced", set_header(f" {header[:1]} {header[1:]} ")),
        ("header_duplicated", duplicate),
        ("column_deleted", delete_column),
    )]


def cell_mutants(spec: SheetSpec, column: Column) -> list[Mutant]:
    row = MUTATED_ROW[spec.name]
    value = original(spec.name, column.header, row)
    return [Mutant(spec.name, column.header, what, setter(spec.name, column.header, row, v),
                   row, column.kind)
            for what, v in cell_values(spec, column, value).items()]


#: Values that break a rule between two cells of a row, by (sheet, column): name -> value.
ROW_RULES: dict[tuple[str, str], dict[str, object]] = {
    ("人员", "入职日期"): {"before_birth": date(1980, 1, 1), "under_16": date(2000, 1, 1)},
    ("人员", "工时制度"): {"standard_beside_a_period": "标准工时"},
    ("请假", "结束日期"): {"before_start": date(2026, 3, 9)},
    ("排班请求", "类型"): {"day_off_with_shift": "休息"},
    ("固定排班", "班次"): {"not_a_shift_of_the_post": "N"},
}


def row_rule_mutants() -> list[Mutant]:
    out = []
    for (sheet, header), values in ROW_RULES.items():
        row = MUTATED_ROW[sheet]
        for what, value in values.items():
            out.append(Mutant(sheet, header, what, setter(sheet, header, row, value), row))
    return out


@cache
def mutants() -> tuple[Mutant, ...]:
    out: list[Mutant] = row_rule_mutants()
    for spec in SHEETS:
        out += sheet_mutants(spec)
        for column in spec.columns:
            out += header_mutants(spec, column)
            out += cell_mutants(spec, column)
    for name in (SHEET_HELP, SHEET_OPTIONS):
        def delete(wb: Workbook, name: str = name) -> None:
            del wb[name]
        out.append(Mutant(name, None, "sheet_deleted", delete, None))
    return tuple(out)


# -- why an accepted mutant is accepted --------------------------------------------------------
TEXT_COLUMNS = (("人员", "工号"), ("人员", "姓名"), ("人员", "专业"), ("证书", "证书编号"),
                ("请假", "备注"), ("排班模式", "说明"))
AS_TEXT = "a number or date in a text column is read as its text"
OPTIONAL_BLANK = "optional column: blank is allowed (its default applies)"

#: (sheet or "*", column header or "kind:<kind>" or "*", mutant name) -> the reason it is read.
ACCEPTED: dict[tuple[str, str, str], str] = {
    ("*", "*", "blank_row_inserted"): "blank rows are skipped",
    ("*", "*", "columns_swapped"): "columns are found by their header, not their position",
    ("*", "*", "unknown_column"): "a column with another header is ignored (the user's notes)",
    ("*", "*", "header_spaced"): "spaces inside and around a header are ignored",
    ("*", "*", "spaces"): "spaces around a value are stripped",
    ("*", "kind:date", "date_as_text"): "a date typed as text YYYY-MM-DD is read as that date",
    ("*", "kind:int", "number_as_text"): "an integer typed as text is read as that integer",
    ("排班请求", "权重", "zero"): "0 is the lowest weight allowed (不小于 0)",
    ("固定排班", "*", "row_duplicated"):
        "an identical pin repeated fixes the same person, day, post and shift again",
    (SHEET_HELP, "*", "sheet_deleted"): "the help sheet is not read",
    ("排班模式", "*", "sheet_deleted"):
        "an optional sheet: a workbook without it (an older template) keeps the patterns",
    (SHEET_OPTIONS, "*", "sheet_deleted"):
        "the drop-down lists are checked against the base data, not the 选项 sheet",
    **{(sheet, column, what): AS_TEXT for sheet, column in TEXT_COLUMNS
       for what in ("number", "negative", "huge", "date")},
    **{(sheet, column, "long_text"):
       "free text has no length limit of its own (Excel holds 32,767 characters a cell)"
       for sheet, column in TEXT_COLUMNS},
    **{(spec.name, column.header, "blank"): OPTIONAL_BLANK
       for spec in SHEETS for column in spec.columns
       if not column.required and (spec.name, column.header) not in (
           ("人员", "工时制度"), ("排班请求", "班次"), ("固定排班", "岗位"), ("固定排班", "班次"),
           ("排班模式", "轮换起始周一"))},
}

#: Mutants whose problem is rightly named at another cell of the same row: mutant id -> column.
REPORTED_AT = {
    # A blank 工时制度 is 标准工时, and then the period filled beside it is the cell to clear.
    "人员/工时制度/blank": "综合计算周期",
    "人员/工时制度/standard_beside_a_period": "综合计算周期",
    # 休息 asks for the whole day off: the shift filled beside it is the cell to clear.
    "排班请求/类型/day_off_with_shift": "班次",
}


def reason_for(m: Mutant) -> str | None:
    for sheet in (m.sheet, "*"):
        for column in (m.column or "", f"kind:{m.kind}", "*"):
            reason = ACCEPTED.get((sheet, column, m.what))
            if reason is not None:
                return reason
    return None


# -- running a mutant --------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    problems: tuple[Problem, ...] | None  # None = accepted
    crash: str | None = None


@cache
def outcome(m: Mutant) -> Outcome:
    wb = load_workbook(io.BytesIO(template()))
    m.change(wb)
    out = io.BytesIO()
    wb.save(out)
    try:
        read_workbook(out.getvalue(), base(), FILE)
    except DataError as exc:
        return Outcome(tuple(exc.problems))
    except Exception as exc:  # noqa: BLE001 - a crash is a finding, reported by the test
        return Outcome(None, f"{type(exc).__name__}: {exc}")
    return Outcome(None)


def located(m: Mutant, problems: tuple[Problem, ...]) -> bool:
    """Whether a problem names the mutated place: sheet, row and column where they apply."""
    for p in problems:
        if p.file != FILE or p.sheet != m.sheet:
            continue
        if m.row is None and m.column is None:
            return True
        if p.row != m.row:
            continue
        if m.column is None:
            if m.row == 1 or p.field is not None:
                return True
        elif p.field == REPORTED_AT.get(m.id, m.column):
            return True
    return False


def verdict(m: Mutant) -> str:
    """'rejected', or 'accepted: <reason>'; raises AssertionError for a hole."""
    result = outcome(m)
    assert result.crash is None, f"{m.id}: the reader crashed: {result.crash}"
    reason = reason_for(m)
    if result.problems is not None:
        assert reason is None, f"{m.id}: rejected, but ACCEPTED says: {reason}"
        assert located(m, result.problems), (
            f"{m.id}: rejected without its location (sheet {m.sheet}, row {m.row}, "
            f"column {m.column}): " + "; ".join(str(p) for p in result.problems))
        if m.what == "formula":
            assert len(result.problems) == 1, (
                f"{m.id}: a formula is one problem: " + "; ".join(map(str, result.problems)))
        return "rejected"
    assert reason is not None, f"{m.id}: accepted, and ACCEPTED states no reason"
    return f"accepted: {reason}"


@pytest.mark.parametrize("mutant", mutants(), ids=lambda m: m.id)
def test_mutant(mutant: Mutant) -> None:
    verdict(mutant)


def test_unmutated_template_is_read_back() -> None:
    assert read_workbook(template(), base(), FILE) == base()


def counts() -> Counter[str]:
    tally: Counter[str] = Counter()
    for m in mutants():
        try:
            tally[verdict(m)] += 1
        except AssertionError:
            tally["hole"] += 1
    return tally


def test_counts_and_every_reason_used(capsys: pytest.CaptureFixture[str]) -> None:
    tally = counts()
    with capsys.disabled():
        print(f"\ntemplate mutants: {len(mutants())}")
        for key, number in sorted(tally.items()):
            print(f"  {number:4d}  {key}")
    assert tally["hole"] == 0
    used = {reason_for(m) for m in mutants() if outcome(m).problems is None}
    assert set(ACCEPTED.values()) <= used, set(ACCEPTED.values()) - used


if __name__ == "__main__":
    for mutant in mutants():
        try:
            print(mutant.id, "->", verdict(mutant))
        except AssertionError as err:
            print("HOLE", err)
    print(counts(), file=sys.stderr)
