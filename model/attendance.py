"""Read a clock-in export (钉钉, 企业微信 or 门禁; Excel or CSV) into each person's punches
per day, with a column mapping the user can adjust and every problem located at its sheet,
row and column; nothing is returned when there is one.

A row names a person by 工号 or 姓名, a day, and one or more punch cells: separate columns
(上班打卡, 下班打卡, or 上班1 … 下班2 for a split shift) or one cell holding several times
(打卡时间: "07:43 12:01 14:12 17:02"); several rows of one person and day (an export of one
punch a row) are merged. A punch written 次日 06:02 (or +1 06:02) belongs to the day's
night shift after midnight. 未打卡, 缺卡, 休息 and empty cells are no punch.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time

from pydantic import Field

from model.base import MINUTES_PER_DAY, Frozen
from model.dataset import DataSet
from model.errors import DataError, Problem
from model.punches import PunchDay

#: Punch headers looked for when the mapping does not name its own.
DEFAULT_PUNCH_HEADERS = ("上班打卡", "下班打卡", "上班1", "下班1", "上班2", "下班2",
                         "上班3", "下班3", "打卡时间")
#: Cell texts that mean no punch.
NO_PUNCH = ("", "未打卡", "缺卡", "休息", "-", "--", "无")

_DATE = re.compile(r"^(\d{2,4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_CLOCK = re.compile(r"(次日|\+1)?\s*(\d{1,2}):(\d{2})(?::\d{2})?")
#: Header rows are looked for among the first rows (exports put a title above them).
HEADER_SEARCH_ROWS = 10


class ColumnMapping(Frozen):
    """Which header holds what (the user may rename each for their export)."""

    staff_id: str = Field("工号", description="The person's 工号 (or leave empty)")
    name: str = Field("姓名", description="The person's name, when there is no 工号")
    day: str = Field("日期", description="The day of the punches")
    punches: tuple[str, ...] = Field(DEFAULT_PUNCH_HEADERS,
                                     description="Headers whose cells hold punch times")
    sheet: str = Field("", description="The worksheet to read (empty: the first)")


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def parse_day(value: object) -> date | None:
    """A date cell: a date, or text such as 2026-12-07, 2026/12/7, 26-12-07 星期一."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(_text(value))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    year += 2000 if year < 100 else 0
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_punches(value: object) -> list[int] | None:
    """The punch times of a cell in minutes from the day's midnight (次日: + 1440); None when
    the cell is not a time, an empty list when it says no punch."""
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return [value.hour * 60 + value.minute]
    text = _text(value)
    if text in NO_PUNCH:
        return []
    found = list(_CLOCK.finditer(text))
    rest = _CLOCK.sub("", text)
    if not found or re.sub(r"[\s,，;；、/|]", "", rest):
        return None
    out = []
    for match in found:
        hours, minutes = int(match.group(2)), int(match.group(3))
        if hours > 23 or minutes > 59:
            return None
        out.append(hours * 60 + minutes + (MINUTES_PER_DAY if match.group(1) else 0))
    return out


def _rows(content: bytes, filename: str, mapping: ColumnMapping
          ) -> tuple[str | None, list[tuple[int, list[object]]]]:
    """(sheet name, [(row number, cells)]) of a workbook or CSV file."""
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise DataError([Problem(filename, "无法识别文件编码（应为 UTF-8 或 GBK）")])
        reader = csv.reader(io.StringIO(text))
        return None, [(i, list(row)) for i, row in enumerate(reader, 1)]
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise DataError([Problem(filename, f"无法读取 Excel 文件：{type(exc).__name__}")]
                        ) from exc
    if mapping.sheet and mapping.sheet not in workbook.sheetnames:
        raise DataError([Problem(filename, f"没有工作表 {mapping.sheet}（有："
                                           f"{'、'.join(workbook.sheetnames)}）")])
    sheet = workbook[mapping.sheet] if mapping.sheet else workbook.worksheets[0]
    rows = [(i, list(row)) for i, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    workbook.close()
    return sheet.title, rows


def _header(rows: list[tuple[int, list[object]]], mapping: ColumnMapping
            ) -> tuple[int, dict[str, int]] | None:
    """The header row (its index in `rows`) and each header's column index."""
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headers = {_text(c): i for i, c in enumerate(cells) if _text(c)}
        if mapping.day in headers:
            return index, headers
    return None


def read_attendance(content: bytes, filename: str, data: DataSet,
                    mapping: ColumnMapping | None = None) -> list[PunchDay]:
    """Each person's punches per day in the export; raises DataError with every problem
    (sheet, row, column and the value) and returns nothing when there is one."""
    mapping = mapping or ColumnMapping()
    sheet, rows = _rows(content, filename, mapping)
    problems: list[Problem] = []

    def problem(message: str, row: int | None = None, header: str | None = None,
                column: int | None = None, value: object = None) -> None:
        problems.append(Problem(filename, message, row=row, field=header, value=value,
                                sheet=sheet, column=None if column is None else column + 1))

    found = _header(rows, mapping)
    if found is None:
        problem(f"找不到表头（前 {HEADER_SEARCH_ROWS} 行中没有“{mapping.day}”列）", row=1)
        raise DataError(problems)
    header_index, headers = found
    header_row = rows[header_index][0]
    who = [h for h in (mapping.staff_id, mapping.name) if h and h in headers]
    if not who:
        problem(f"缺少“{mapping.staff_id}”或“{mapping.name}”列", row=header_row)
    punch_columns = [(h, headers[h]) for h in mapping.punches if h in headers]
    if not punch_columns:
        problem(f"缺少打卡时间列（应有：{'、'.join(mapping.punches)} 之一）", row=header_row)
    if problems:
        raise DataError(problems)
    by_name: dict[str, list[str]] = {}
    for member in data.staff:
        by_name.setdefault(member.name, []).append(member.id)
    merged: dict[tuple[str, date], list[int]] = {}
    where: dict[tuple[str, date], str] = {}
    for number, cells in rows[header_index + 1:]:
        if not any(_text(c) for c in cells):
            continue

        def cell(header: str, cells: list[object] = cells) -> object:
            index = headers[header]
            return cells[index] if index < len(cells) else None

        def report(message: str, header: str, value: object, number: int = number) -> None:
            problem(message, number, header, headers[header], value)

        staff_id = _person(cell, mapping, headers, by_name, data, report)
        day = parse_day(cell(mapping.day))
        if day is None:
            problem("应为日期（如 2026-12-07）", number, mapping.day, headers[mapping.day],
                    cell(mapping.day))
        times: list[int] = []
        for header, column in punch_columns:
            parsed = parse_punches(cell(header))
            if parsed is None:
                problem("应为打卡时间（如 07:43，次日 06:02；未打卡可留空）", number, header,
                        column, cell(header))
            else:
                times += parsed
        if staff_id is None or day is None:
            continue
        key = (staff_id, day)
        merged.setdefault(key, []).extend(times)
        where.setdefault(key, f"{sheet or filename} 第 {number} 行")
    if problems:
        raise DataError(problems)
    return [PunchDay(staff_id=s, day=d, punches=tuple(sorted(set(times))), where=where[(s, d)])
            for (s, d), times in sorted(merged.items())]


def _person(cell: Callable[[str], object], mapping: ColumnMapping, headers: dict[str, int],
            by_name: dict[str, list[str]], data: DataSet,
            report: Callable[[str, str, object], None]) -> str | None:
    """The 工号 of a row: its 工号 cell, else its unique name."""
    if mapping.staff_id in headers:
        value = _text(cell(mapping.staff_id))
        if value:
            if value in data.staff_by_id:
                return value
            report("未知工号", mapping.staff_id, value)
            return None
    if mapping.name in headers:
        name = _text(cell(mapping.name))
        ids = by_name.get(name, [])
        if len(ids) == 1:
            return ids[0]
        report("同名人员不止一位，请填写工号" if ids else
               ("缺少工号和姓名" if not name else "未知姓名"), mapping.name, name or None)
        return None
    report("缺少工号", mapping.staff_id, None)
    return None


def attendance_template_rows(rows: Iterable[tuple[str, str, date, list[str]]]
                             ) -> list[list[str]]:
    """A CSV of punches in the default layout: 工号, 姓名, 日期, 上班1, 下班1, 上班2, 下班2
    (used by the synthetic month and the tests)."""
    out = [["工号", "姓名", "日期", "上班1", "下班1", "上班2", "下班2"]]
    for staff_id, name, day, punches in rows:
        cells = [*punches, "", "", "", ""][:4]
        out.append([staff_id, name, day.isoformat(), *cells])
    return out
