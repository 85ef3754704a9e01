"""Read a 出诊表 or its 停诊/加诊 rows from CSV or Excel, every problem located and listed."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from model.clinics import (
    ChangeKind,
    ClinicChange,
    ClinicPeriod,
    ClinicSchedule,
    ClinicSession,
    change_problems,
    month_of,
    session_problems,
)
from model.dataset import DataSet
from model.errors import DataError, Problem, pydantic_message

#: The columns of a 出诊表 (变更 empty = a regular session; 停诊 or 加诊 = a change row).
COLUMNS = ("医生", "科室", "日期", "时段", "诊室", "变更")
REQUIRED = ("医生", "日期", "时段")
_MONTH_NAME = re.compile(r"^(\d{4})-(\d{2})$")

Row = tuple[int, dict[str, object]]


def read_table(path: Path) -> tuple[str | None, list[Row], list[Problem]]:
    """(sheet, rows by their line number, problems) of a CSV (UTF-8) or Excel file: the first
    row names the columns, empty rows are skipped."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            sheet, table = _excel_rows(path)
        else:
            sheet = None
            text = path.read_bytes().decode("utf-8-sig")
            table = [list[object](row) for row in csv.reader(io.StringIO(text))]
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        return None, [], [Problem(str(path), f"无法读取文件（{type(exc).__name__}）")]
    if not table:
        return sheet, [], [Problem(str(path), "文件是空的", sheet=sheet)]
    header = [str(cell or "").strip() for cell in table[0]]
    problems = [Problem(str(path), f"缺少列 {name}", row=1, sheet=sheet)
                for name in REQUIRED if name not in header]
    problems += [Problem(str(path), f"未知列（可选：{'、'.join(COLUMNS)}）", row=1, field=name,
                         sheet=sheet) for name in header if name and name not in COLUMNS]
    rows: list[Row] = []
    for number, cells in enumerate(table[1:], 2):
        values = {name: cell for name, cell in zip(header, cells, strict=False)
                  if name in COLUMNS}
        if any(str(v or "").strip() for v in values.values()):
            rows.append((number, values))
    return sheet, rows, problems


def _excel_rows(path: Path) -> tuple[str, list[list[object]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    sheet = book["出诊表"] if "出诊表" in book.sheetnames else book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return sheet.title, rows


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def _day(value: object) -> object:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else _text(value)


def parse_day(value: object) -> date | None:
    """A cell's date (a date cell, or text YYYY-MM-DD), None when it is none."""
    value = _day(value)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


class _Rows:
    """Turns the rows of one file into sessions and changes, collecting every problem."""

    def __init__(self, path: Path, data: DataSet, sheet: str | None) -> None:
        self.path, self.data, self.sheet = path, data, sheet
        self.problems: list[Problem] = []
        names = {d.name: d.id for d in data.departments}
        self.departments = {**names, **{d.id: d.id for d in data.departments}}
        self.rooms = data.staffing.room_by_id if data.staffing is not None else {}
        start = data.contract.start
        self.contract = (start, _add_months(start, data.contract.months)) if start else None

    def add(self, row: int, field: str, message: str, value: object = None) -> None:
        self.problems.append(Problem(str(self.path), message, row=row, field=field,
                                     value=value or None, sheet=self.sheet))

    def parse(self, row: int, values: dict[str, object]) -> ClinicSession | ClinicChange | None:
        before = len(self.problems)
        change = _text(values.get("变更"))
        kinds = {k.value: k for k in ChangeKind}
        if change and change not in kinds:
            self.add(row, "变更", "应为空、停诊或加诊", change)
        fields: dict[str, object] = {"doctor": _text(values.get("医生")),
                                     "day": _day(values.get("日期")),
                                     "period": _text(values.get("时段"))}
        department, room = _text(values.get("科室")), _text(values.get("诊室"))
        periods = [p.value for p in ClinicPeriod]
        if fields["period"] and fields["period"] not in periods:
            self.add(row, "时段", f"应为{'、'.join(periods)}之一", fields["period"])
        if department and department not in self.departments:
            self.add(row, "科室", "未知科室", department)
        if room and room not in self.rooms:
            self.add(row, "诊室", "未知诊室（不在诊室清单中）", room)
        elif room and department in self.departments and (
                self.rooms[room].department_id != self.departments[department]):
            self.add(row, "诊室", "该诊室不属于此科室", room)
        needed = REQUIRED if change in kinds else (*REQUIRED, "科室", "诊室")
        if change == ChangeKind.ADD.value:
            needed = (*REQUIRED, "科室", "诊室")
        for name in needed:
            if not _text(values.get(name)):
                self.add(row, name, "缺少必填字段")
        if len(self.problems) > before:
            return None
        dept_id = self.departments.get(department, department)
        try:
            item: ClinicSession | ClinicChange
            if change in kinds:
                item = ClinicChange(kind=kinds[change], department_id=dept_id or None,
                                    room=room or None, **fields)  # type: ignore[arg-type]
            else:
                item = ClinicSession(department_id=dept_id, room=room,
                                     **fields)  # type: ignore[arg-type]
        except ValidationError as exc:
            for err in exc.errors():
                name = {"doctor": "医生", "day": "日期", "period": "时段",
                        "department_id": "科室", "room": "诊室"}.get(str(err["loc"][0])
                                                                 if err["loc"] else "", "变更")
                if not any(p.row == row and p.field == name for p in self.problems[before:]):
                    self.add(row, name, pydantic_message(err))
            return None
        if self.contract and not self.contract[0] <= item.day < self.contract[1]:
            self.add(row, "日期", f"不在合同期内（{self.contract[0]} 起 "
                                  f"{self.data.contract.months} 个月）", item.day)
        return None if len(self.problems) > before else item


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def read_schedule(path: Path, data: DataSet) -> ClinicSchedule:
    """The 出诊表 in `path` (CSV or Excel) checked against `data`: known 科室 and 诊室, dates in
    the contract and in the file's month (a file named YYYY-MM.csv covers that month; else
    the months of its dates), no doctor or room twice in one 时段; 停诊/加诊 rows applied
    (a 停诊 must match a session). Raises DataError listing every problem."""
    sheet, rows, problems = read_table(path)
    reader = _Rows(path, data, sheet)
    sessions: list[tuple[int, ClinicSession]] = []
    changes: list[tuple[int, ClinicChange]] = []
    for row, values in rows:
        item = reader.parse(row, values)
        if isinstance(item, ClinicSession):
            sessions.append((row, item))
        elif isinstance(item, ClinicChange):
            changes.append((row, item))
    named = _MONTH_NAME.match(path.stem)
    months = ((path.stem,) if named else
              tuple(sorted({month_of(s.day) for _, s in sessions})) or ("0000-00",))
    for row, session in sessions:
        if month_of(session.day) not in months:
            reader.add(row, "日期", f"不在本出诊表的月份 {path.stem} 内", session.day)
    for index, field, message in session_problems([s for _, s in sessions]):
        reader.add(sessions[index][0], field, message)
    problems += reader.problems
    schedule = ClinicSchedule(months=months, sessions=tuple(s for _, s in sessions))
    problems += _change_rows(reader, schedule, changes)
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    return schedule.with_changes(tuple(c for _, c in changes))


def _change_rows(reader: _Rows, schedule: ClinicSchedule,
                 changes: list[tuple[int, ClinicChange]]) -> list[Problem]:
    before = len(reader.problems)
    for index, field, message in change_problems(schedule, [c for _, c in changes]):
        reader.add(changes[index][0], field, message)
    return reader.problems[before:]


def read_changes(path: Path, data: DataSet, schedule: ClinicSchedule
                 ) -> tuple[ClinicChange, ...]:
    """The 停诊/加诊 rows of `path` (CSV or Excel, column 变更 filled on every row) checked
    against `data` and the schedule in force. Raises DataError listing every problem."""
    sheet, rows, problems = read_table(path)
    reader = _Rows(path, data, sheet)
    changes: list[tuple[int, ClinicChange]] = []
    for row, values in rows:
        item = reader.parse(row, values)
        if isinstance(item, ClinicSession):
            reader.add(row, "变更", "变更文件的每一行须为停诊或加诊")
        elif isinstance(item, ClinicChange):
            changes.append((row, item))
    if not rows and not problems:
        problems.append(Problem(str(path), "没有任何停诊或加诊行", sheet=sheet))
    problems += reader.problems
    problems += _change_rows(reader, schedule, changes)
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    return tuple(c for _, c in changes)


def read_folder(folder: Path, data: DataSet, problems: list[Problem]) -> ClinicSchedule | None:
    """Every 出诊表 of a data folder's `clinics/` (one file per month, YYYY-MM.csv or .xlsx)
    merged into one schedule; their problems are added to `problems`."""
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".csv", ".xlsx"))
    merged: ClinicSchedule | None = None
    for path in files:
        if not _MONTH_NAME.match(path.stem):
            problems.append(Problem(str(path), "出诊表文件名应为月份 YYYY-MM（如 2027-01.csv）"))
            continue
        try:
            schedule = read_schedule(path, data)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        if merged is not None and set(merged.months) & set(schedule.months):
            problems.append(Problem(str(path), "同一月份有两份出诊表"))
            continue
        merged = schedule if merged is None else merged.merged(schedule)
    return merged
