"""Excel input path: a Chinese template workbook and its reader.

`write_template(data)` builds an .xlsx with the sheets 说明, 人员, 证书, 请假, 排班请求, 固定排班
and a hidden 选项 sheet whose lists feed the drop-downs; it is prefilled with the data set's
staff, certificates, absences, requests and pins.

`read_workbook(source, base)` reads such a workbook back. Every problem is collected, located
by file, sheet, Excel row and Chinese column header, and raised together as one DataError;
nothing is returned when anything is wrong. On success it returns
`base.with_changes(staff=..., absences=..., requests=..., pins=...)`.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ValidationError

from model.contract import Education
from model.dataset import DataSet
from model.errors import DataError, Problem, ProblemCollector
from model.events import Absence, AbsenceKind, Pin, Request, RequestKind
from model.staff import Certificate, Employment, Gender, HoursRegime, Staff

__all__ = [
    "SHEETS", "SHEET_ABSENCES", "SHEET_CERTIFICATES", "SHEET_HELP", "SHEET_OPTIONS",
    "SHEET_PINS", "SHEET_REQUESTS", "SHEET_STAFF", "read_workbook", "write_template",
]

E = TypeVar("E", bound=StrEnum)

# -- sheet and column names --------------------------------------------------------------------
SHEET_HELP = "说明"
SHEET_STAFF = "人员"
SHEET_CERTIFICATES = "证书"
SHEET_ABSENCES = "请假"
SHEET_REQUESTS = "排班请求"
SHEET_PINS = "固定排班"
SHEET_OPTIONS = "选项"

ID = "工号"
NAME = "姓名"
GENDER = "性别"
BIRTH = "出生日期"
EDUCATION = "学历"
MAJOR = "专业"
HEIGHT = "身高cm"
HIRE = "入职日期"
LINE = "服务项目"
SKILLS = "其他已培训岗位"
EMPLOYMENT = "用工方式"
REGIME = "工时制度"
CERT_TYPE = "证书类型"
CERT_NUMBER = "证书编号"
EXPIRES = "有效期至"
KIND = "类型"
START = "开始日期"
END = "结束日期"
APPROVED = "已批准"
NOTE = "备注"
DAY = "日期"
SHIFT = "班次"
WEIGHT = "权重"
POST = "岗位"

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
YES, NO = "是", "否"
DEFAULT_WEIGHT = 10
#: Rows below the data that still get drop-downs and formats, for new entries.
SPARE_ROWS = 500

_SKILL_SPLIT = re.compile(r"[、,，;；\s]+")
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_INT_TEXT = re.compile(r"^[+-]?\d+$")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TRUE = {"是", "Y", "YES", "TRUE", "1", "已批准", "批准"}
_FALSE = {"否", "N", "NO", "FALSE", "0", "未批准", "不批准"}


# -- sheet specification -------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One input column: its header, whether it must be filled, its kind and help text."""

    header: str
    kind: str  # text | date | int | choice | ref | list
    required: bool
    help: str
    options: str | None = None  # key of the 选项 list used for its drop-down
    width: int = 12


@dataclass(frozen=True)
class SheetSpec:
    name: str
    purpose: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


def _enum_text(enum: type[StrEnum]) -> str:
    return "、".join(member.value for member in enum)


STAFF_SPEC = SheetSpec(SHEET_STAFF, "每行一名人员（外包或院方），工号不可重复。", (
    Column(ID, "text", True, "人员编号，唯一，按文本填写", width=12),
    Column(NAME, "text", True, "姓名", width=10),
    Column(GENDER, "choice", True, f"取值：{_enum_text(Gender)}", "gender", 6),
    Column(BIRTH, "date", True, "日期 YYYY-MM-DD", width=12),
    Column(EDUCATION, "choice", True, f"取值：{_enum_text(Education)}", "education", 8),
    Column(MAJOR, "text", False, "所学专业，可不填", width=12),
    Column(HEIGHT, "int", False, "整数，单位厘米，可不填", width=8),
    Column(HIRE, "date", True, "日期 YYYY-MM-DD，不能早于出生日期", width=12),
    Column(LINE, "ref", True, "服务项目编号（如 L01），可从下拉列表选择“编号 名称”", "line", 24),
    Column(SKILLS, "list", False, "其他已培训、可借调的岗位编号，多个用 、或 , 分隔", width=18),
    Column(EMPLOYMENT, "choice", False, f"取值：{_enum_text(Employment)}；不填为 外包",
           "employment", 9),
    Column(REGIME, "choice", False, f"取值：{_enum_text(HoursRegime)}；不填为 标准工时",
           "regime", 13),
))
CERT_SPEC = SheetSpec(SHEET_CERTIFICATES,
                      "每行一本证书；同一人可有多行，但同一证书类型只能一行。", (
    Column(ID, "text", True, "人员表中已有的工号", width=12),
    Column(CERT_TYPE, "ref", True, "证书类型编号，从下拉列表选择", "cert", 16),
    Column(CERT_NUMBER, "text", False, "证书编号，可不填", width=20),
    Column(EXPIRES, "date", False, "最后有效日 YYYY-MM-DD；长期有效则不填", width=12),
))
ABSENCE_SPEC = SheetSpec(SHEET_ABSENCES, "每行一段请假或外出，开始和结束日期都包含在内。", (
    Column(ID, "text", True, "人员表中已有的工号", width=12),
    Column(KIND, "choice", True, f"取值：{_enum_text(AbsenceKind)}", "absence_kind", 8),
    Column(START, "date", True, "日期 YYYY-MM-DD", width=12),
    Column(END, "date", True, "日期 YYYY-MM-DD，不能早于开始日期", width=12),
    Column(APPROVED, "choice", False,
           "是 或 否；不填为 是。已批准的请假一定休息，未批准的按休息请求尽量满足", "yes_no", 8),
    Column(NOTE, "text", False, "备注，可不填", width=24),
))
REQUEST_SPEC = SheetSpec(SHEET_REQUESTS,
                         "每行一个排班意愿，在满足硬性规则的前提下按权重尽量满足。", (
    Column(ID, "text", True, "人员表中已有的工号", width=12),
    Column(DAY, "date", True, "日期 YYYY-MM-DD", width=12),
    Column(KIND, "choice", True, f"取值：{_enum_text(RequestKind)}", "request_kind", 8),
    Column(SHIFT, "ref", False, "班次代码；类型为 想上/不想上 时必填，休息 时不填", "shift", 8),
    Column(WEIGHT, "int", False, f"不小于 0 的整数，越大越优先；不填为 {DEFAULT_WEIGHT}",
           width=8),
))
PIN_SPEC = SheetSpec(SHEET_PINS, "每行固定一个人某天的安排，排班时不会改动。", (
    Column(ID, "text", True, "人员表中已有的工号", width=12),
    Column(DAY, "date", True, "日期 YYYY-MM-DD", width=12),
    Column(POST, "ref", False, "岗位编号；岗位和班次都不填表示固定休息", "post", 12),
    Column(SHIFT, "ref", False, "该岗位的班次代码；须与岗位同时填写", "shift", 8),
))

#: Input sheets in workbook order.
SHEETS: tuple[SheetSpec, ...] = (STAFF_SPEC, CERT_SPEC, ABSENCE_SPEC, REQUEST_SPEC, PIN_SPEC)


# ================================================================================================
# writing
# ================================================================================================
_HEADER_FONT = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="BDD7EE")
_OPTIONAL_FILL = PatternFill("solid", fgColor="E7E6E6")
_TITLE_FONT = Font(bold=True, size=14)
_SECTION_FONT = Font(bold=True, size=12)


def write_template(data: DataSet) -> bytes:
    """The input workbook (.xlsx bytes), prefilled with the data set's current input."""
    wb = Workbook()
    help_ws = wb.active
    help_ws.title = SHEET_HELP
    input_sheets = {spec.name: wb.create_sheet(spec.name) for spec in SHEETS}
    options_ws = wb.create_sheet(SHEET_OPTIONS)
    names = _write_options(wb, options_ws, _option_lists(data))

    rows = {
        SHEET_STAFF: [_staff_row(s, data) for s in data.staff],
        SHEET_CERTIFICATES: [[s.id, c.type_id, c.number or None, c.expires_on]
                             for s in data.staff for c in s.certificates],
        SHEET_ABSENCES: [[a.staff_id, a.kind.value, a.start, a.end, YES if a.approved else NO,
                          a.note or None] for a in data.absences],
        SHEET_REQUESTS: [[r.staff_id, r.day, r.kind.value, r.shift, r.weight]
                         for r in data.requests],
        SHEET_PINS: [[p.staff_id, p.day, p.post_id, p.shift] for p in data.pins],
    }
    for spec in SHEETS:
        _fill_sheet(input_sheets[spec.name], spec, rows[spec.name], names)
    _write_help(help_ws, data)
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _line_label(line_id: str, data: DataSet) -> str:
    line = data.line_by_id.get(line_id)
    return f"{line.id} {line.name}" if line else line_id


def _staff_row(member: Staff, data: DataSet) -> list[object]:
    return [member.id, member.name, member.gender.value, member.birth_date,
            member.education.value, member.major or None, member.height_cm, member.hire_date,
            _line_label(member.line_id, data), "、".join(member.skills) or None,
            member.employment.value, member.regime.value]


def _option_lists(data: DataSet) -> dict[str, tuple[str, list[str]]]:
    """Drop-down key -> (column title in 选项, values)."""
    return {
        "line": ("服务项目", [_line_label(line.id, data) for line in data.lines]),
        "post": ("岗位", [p.id for p in data.posts]),
        "shift": ("班次", [s.code for s in data.shifts]),
        "cert": ("证书类型", [c.id for c in data.certificate_types]),
        "gender": ("性别", [g.value for g in Gender]),
        "education": ("学历", [e.value for e in Education]),
        "employment": ("用工方式", [e.value for e in Employment]),
        "regime": ("工时制度", [r.value for r in HoursRegime]),
        "absence_kind": ("请假类型", [k.value for k in AbsenceKind]),
        "yes_no": ("是否", [YES, NO]),
        "request_kind": ("请求类型", [k.value for k in RequestKind]),
    }


def _write_options(wb: Workbook, ws: Worksheet,
                   lists: dict[str, tuple[str, list[str]]]) -> dict[str, str]:
    """Write each list in its own column and give it a workbook-level name (opt_<key>)."""
    names: dict[str, str] = {}
    for col, (key, (title, values)) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col)
        ws.cell(1, col, title).font = _HEADER_FONT
        for row, value in enumerate(values, start=2):
            cell = ws.cell(row, col, value)
            cell.number_format = TEXT_FORMAT
        ws.column_dimensions[letter].width = _width([title, *values], 8)
        if values:
            name = f"opt_{key}"
            ref = f"'{SHEET_OPTIONS}'!${letter}$2:${letter}${len(values) + 1}"
            wb.defined_names[name] = DefinedName(name, attr_text=ref)
            names[key] = name
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return names


def _fill_sheet(ws: Worksheet, spec: SheetSpec, rows: list[list[object]],
                names: dict[str, str]) -> None:
    for col, column in enumerate(spec.columns, start=1):
        cell = ws.cell(1, col, column.header)
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.comment = Comment(("必填。" if column.required else "选填。") + column.help,
                               "排班系统")
    for r, values in enumerate(rows, start=2):
        for col, (column, value) in enumerate(zip(spec.columns, values, strict=True), start=1):
            cell = ws.cell(r, col, value)
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
            elif column.kind in ("text", "ref", "list", "choice"):
                cell.number_format = TEXT_FORMAT
    last_row = len(rows) + 1 + SPARE_ROWS
    for col, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(col)
        dims = ws.column_dimensions[letter]
        dims.width = _width([column.header, *(row[col - 1] for row in rows)], column.width)
        if column.kind == "date":
            dims.number_format = DATE_FORMAT
        elif column.kind in ("text", "ref", "list", "choice"):
            dims.number_format = TEXT_FORMAT
        validation = _validation(column, names)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"


def _validation(column: Column, names: dict[str, str]) -> DataValidation | None:
    prompt = column.help[:255]
    if column.options is not None and column.options in names:
        dv = DataValidation(type="list", formula1=names[column.options], allow_blank=True,
                            showErrorMessage=True, showInputMessage=True)
        dv.errorStyle = "warning" if column.kind == "ref" and column.options == "line" \
            else "stop"
        dv.error = f"请从下拉列表中选择：{column.help}"[:255]
    elif column.kind == "date":
        dv = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                            formula2="DATE(2100,12,31)", allow_blank=True,
                            showErrorMessage=True, showInputMessage=True)
        dv.errorStyle = "warning"
        dv.error = "应为日期，格式 YYYY-MM-DD，例如 2026-03-01"
    elif column.kind == "int":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True, showErrorMessage=True, showInputMessage=True)
        dv.errorStyle = "stop"
        dv.error = "应为不小于 0 的整数"
    else:
        if not column.help:
            return None
        dv = DataValidation(allow_blank=True, showInputMessage=True)
    dv.errorTitle = f"{column.header}填写有误"[:32]
    dv.promptTitle = column.header[:32]
    dv.prompt = prompt
    return dv


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _width(values: Iterable[object], minimum: int) -> float:
    widest = max((_display_width(v) for v in values), default=0)
    return float(min(max(minimum, widest + 2), 60))


def _write_help(ws: Worksheet, data: DataSet) -> None:
    ws.cell(1, 1, "排班数据导入模板 使用说明").font = _TITLE_FONT
    general = [
        "1. 本工作簿用于导入人员、证书、请假、排班请求和固定排班。每个工作表第 1 行是列名，"
        "请勿修改、删除列名或工作表名称；列的顺序可以调整，多余的列会被忽略。",
        "2. 从第 2 行起每行一条记录；完全空白的行会被忽略。蓝色列名为必填，灰色为选填。"
        "把鼠标停在列名上可看到填写要求。",
        "3. 日期请按 YYYY-MM-DD 填写（例如 2026-03-01），可以是 Excel 日期或同样格式的文字；"
        "不能填写纯数字，也不能填写不存在的日期（如 2026-02-30）。",
        "4. 带下拉列表的列（性别、学历、服务项目、证书类型、类型、班次、岗位等）请从列表中选择。"
        "工号请按文本填写。",
        "5. 导入时会检查全部内容，并一次列出所有问题"
        "（工作表、行号、列名、填写的值和应填写的内容）。"
        "只要有一个问题，就不会导入任何数据；请全部改正后重新上传。",
        "6. 导入后，人员、证书、请假、排班请求和固定排班将整体替换为本工作簿中的内容。",
    ]
    row = 3
    for text in general:
        cell = ws.cell(row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 32
        row += 1
    row += 1
    for spec in SHEETS:
        ws.cell(row, 1, f"工作表“{spec.name}”").font = _SECTION_FONT
        ws.cell(row, 2, spec.purpose)
        row += 1
        row = _help_table(ws, row, ("列名", "必填", "格式与取值"),
                          [(c.header, "必填" if c.required else "选填", c.help)
                           for c in spec.columns])
        row += 1
    references = [
        ("参考：服务项目", ("编号", "名称", "下拉显示"),
         [(line.id, line.name, _line_label(line.id, data)) for line in data.lines]),
        ("参考：岗位", ("编号", "名称", "班次", "服务项目"),
         [(p.id, p.name, "、".join(p.shifts), "、".join(p.lines)) for p in data.posts]),
        ("参考：班次", ("代码", "名称", "时间"),
         [(s.code, s.name, "，".join(f"{seg.start}-{seg.end}" for seg in s.segments))
          for s in data.shifts]),
        ("参考：证书类型", ("编号", "名称"),
         [(c.id, c.name) for c in data.certificate_types]),
    ]
    for title, header, body in references:
        ws.cell(row, 1, title).font = _SECTION_FONT
        row = _help_table(ws, row + 1, header, body) + 1
    for letter, width in zip("ABCD", (18, 30, 60, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.protection.sheet = True


def _help_table(ws: Worksheet, row: int, header: tuple[str, ...],
                body: list[tuple[str, ...]]) -> int:
    for col, text in enumerate(header, start=1):
        cell = ws.cell(row, col, text)
        cell.font = _HEADER_FONT
        cell.fill = _OPTIONAL_FILL
    row += 1
    for values in body:
        for col, text in enumerate(values, start=1):
            cell = ws.cell(row, col, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    return row


# ================================================================================================
# reading
# ================================================================================================
def read_workbook(source: Path | str | bytes, base: DataSet,
                  file_name: str | None = None) -> DataSet:
    """Read a filled-in template; return `base` with staff, absences, requests and pins replaced.

    Raises DataError listing every problem found (file, sheet, Excel row, column header, value).
    """
    name, raw = _source_bytes(source, file_name)
    workbook = _open_workbook(name, raw)
    return _Reader(name, base).read(workbook)


def _source_bytes(source: Path | str | bytes, file_name: str | None) -> tuple[str, bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        return file_name or "上传的工作簿", bytes(source)
    path = Path(source)
    name = file_name or path.name or str(path)
    if not path.exists():
        raise DataError([Problem(name, f"文件不存在：{path}")])
    if not path.is_file():
        raise DataError([Problem(name, f"不是文件：{path}")])
    try:
        return name, path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(name, f"无法读取文件：{exc.strerror or exc}")]) from exc


def _open_workbook(name: str, raw: bytes) -> Workbook:
    if not raw:
        raise DataError([Problem(name, "文件为空（0 字节），请上传填写好的 Excel .xlsx 工作簿")])
    if raw.startswith(_OLE_MAGIC):
        raise DataError([Problem(
            name, "这是旧版 Excel（.xls）或加密的文件，无法读取；请在 Excel 中取消密码并"
                  "“另存为” Excel 工作簿（.xlsx）后重新上传")])
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise DataError([Problem(
            name, "不是有效的 Excel .xlsx 文件（内容无法识别或文件已损坏），"
                  "请上传用 Excel 保存的 .xlsx 工作簿")])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure here means the file is unreadable
        raise DataError([Problem(
            name, "无法打开：文件已损坏或不是 Excel .xlsx 工作簿"
                  f"（{type(exc).__name__}），请用 Excel 重新保存为 .xlsx 后上传")]) from exc


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _choices(values: Iterable[str], limit: int = 12) -> str:
    values = list(values)
    shown = "、".join(values[:limit])
    return shown + ("等" if len(values) > limit else "")


class _Row:
    """One data row of a sheet: typed accessors that record a Problem for each bad cell."""

    def __init__(self, collector: ProblemCollector, sheet: str, number: int,
                 cells: dict[str, object]) -> None:
        self.collector = collector
        self.sheet = sheet
        self.number = number
        self.cells = cells
        self.ok = True

    def raw(self, header: str) -> object:
        return self.cells.get(header)

    def is_blank(self, header: str) -> bool:
        return _blank(self.cells.get(header))

    def fail(self, header: str | None, message: str, value: object = None) -> None:
        self.ok = False
        self.collector.add(message, row=self.number, field=header, value=value, sheet=self.sheet)

    def _present(self, header: str, required: bool) -> bool:
        if not self.is_blank(header):
            return True
        if required:
            self.fail(header, f"必填项“{header}”为空，请填写")
        return False

    def text(self, header: str, required: bool) -> str | None:
        if not self._present(header, required):
            return None
        return _as_text(self.raw(header))

    def date(self, header: str, required: bool) -> date | None:
        if not self._present(header, required):
            return None
        value = self.raw(header)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, bool) or isinstance(value, time):
            self.fail(header, "应为日期，格式 YYYY-MM-DD（例如 2026-03-01）", value)
            return None
        if isinstance(value, int | float):
            self.fail(header, "应为日期（YYYY-MM-DD），这里是一个数字；请直接输入日期"
                              "或把单元格格式设为日期", value)
            return None
        match = _DATE_TEXT.match(str(value).strip())
        if not match:
            self.fail(header, "应为日期，格式 YYYY-MM-DD（例如 2026-03-01）", value)
            return None
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            self.fail(header, "日期不存在（月份或日子超出范围），应为有效日期 YYYY-MM-DD", value)
            return None

    def integer(self, header: str, required: bool, minimum: int | None = None) -> int | None:
        if not self._present(header, required):
            return None
        value = self.raw(header)
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and _INT_TEXT.match(value.strip()):
            number = int(value.strip())
        if number is None:
            kind = "文字" if isinstance(value, str) else "小数或其他内容"
            self.fail(header, f"应为整数，这里是{kind}", value)
            return None
        if minimum is not None and number < minimum:
            self.fail(header, f"应为不小于 {minimum} 的整数", value)
            return None
        return number

    def choice(self, header: str, enum: type[E], required: bool) -> E | None:
        if not self._present(header, required):
            return None
        value = self.raw(header)
        try:
            return enum(_as_text(value))
        except ValueError:
            self.fail(header, f"应为以下之一：{_enum_text(enum)}", value)
            return None

    def flag(self, header: str, default: bool) -> bool | None:
        if not self._present(header, False):
            return default
        value = self.raw(header)
        if isinstance(value, bool):
            return value
        text = _as_text(value).upper()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self.fail(header, f"应为 {YES} 或 {NO}", value)
        return None


class _Resolver:
    """Resolves ids, 'id name' labels or names of one kind of reference."""

    def __init__(self, what: str, ids: Iterable[str], names: dict[str, str]) -> None:
        self.what = what
        self.ids = list(ids)
        self.known = set(self.ids)
        counts: dict[str, int] = defaultdict(int)
        for label in names.values():
            counts[label] += 1
        self.by_name = {label: key for key, label in names.items() if counts[label] == 1}

    def resolve(self, text: str) -> str | None:
        if text in self.known:
            return text
        head = text.split(maxsplit=1)[0] if text.split() else text
        if head in self.known:
            return head
        return self.by_name.get(text)

    def message(self) -> str:
        if not self.ids:
            return f"未知{self.what}：基础数据中没有任何{self.what}"
        return f"未知{self.what}，应为：{_choices(self.ids)}"


_SHEET_OF_COLLECTION = {
    "staff": SHEET_STAFF, "absences": SHEET_ABSENCES, "requests": SHEET_REQUESTS,
    "pins": SHEET_PINS,
}
_HEADER_OF_FIELD = {
    "staff": {"id": ID, "工号": ID, "name": NAME, "gender": GENDER, "birth_date": BIRTH,
              "education": EDUCATION, "major": MAJOR, "height_cm": HEIGHT, "hire_date": HIRE,
              "line_id": LINE, "skills": SKILLS, "certificates": CERT_TYPE,
              "employment": EMPLOYMENT, "regime": REGIME},
    "certificates": {"type_id": CERT_TYPE, "number": CERT_NUMBER, "expires_on": EXPIRES},
    "absences": {"staff_id": ID, "kind": KIND, "start": START, "end": END,
                 "approved": APPROVED, "note": NOTE},
    "requests": {"staff_id": ID, "day": DAY, "kind": KIND, "shift": SHIFT, "weight": WEIGHT},
    "pins": {"staff_id": ID, "day": DAY, "post_id": POST, "shift": SHIFT},
}


class _Reader:
    def __init__(self, file: str, base: DataSet) -> None:
        self.file = file
        self.base = base
        self.problems = ProblemCollector(file)
        self.lines = _Resolver("服务项目", [x.id for x in base.lines],
                               {x.id: x.name for x in base.lines})
        self.posts = _Resolver("岗位", [p.id for p in base.posts],
                               {p.id: p.name for p in base.posts})
        self.shifts = _Resolver("班次", [s.code for s in base.shifts],
                                {s.code: s.name for s in base.shifts})
        self.certs = _Resolver("证书类型", [c.id for c in base.certificate_types],
                               {c.id: c.name for c in base.certificate_types})
        #: Excel row of each built item, by DataSet collection, to relocate model problems.
        self.rows: dict[str, list[int]] = {}

    # -- structure ---------------------------------------------------------------------------
    def table(self, workbook: Workbook, spec: SheetSpec) -> list[_Row] | None:
        """The non-blank data rows of a sheet, or None when the sheet or a column is missing."""
        if spec.name not in workbook.sheetnames:
            expected = "、".join(s.name for s in SHEETS)
            self.problems.add(f"缺少工作表“{spec.name}”（应有工作表：{expected}）",
                              sheet=spec.name)
            return None
        ws = workbook[spec.name]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(_blank(v) for v in header):
            self.problems.add(f"工作表没有表头：第 1 行应为列名 {'、'.join(spec.headers)}",
                              sheet=spec.name, row=1)
            return None
        positions: dict[str, int] = {}
        for index, value in enumerate(header):
            if _blank(value):
                continue
            title = re.sub(r"\s+", "", _as_text(value))
            if title in positions and title in spec.headers:
                self.problems.add(f"列“{title}”出现了两次，请删除多余的一列", sheet=spec.name,
                                  row=1, field=title, value=value)
            positions.setdefault(title, index)
        missing = [h for h in spec.headers if h not in positions]
        for title in missing:
            self.problems.add(f"缺少列“{title}”：第 1 行应有此列名", sheet=spec.name, row=1,
                              field=title)
        if missing:
            return None
        out = []
        for number, values in enumerate(rows, start=2):
            cells = {h: values[i] if i < len(values) else None for h, i in positions.items()
                     if h in spec.headers}
            if all(_blank(v) for v in cells.values()):
                continue
            out.append(_Row(self.problems, spec.name, number, cells))
        return out

    # -- references --------------------------------------------------------------------------
    def ref(self, row: _Row, header: str, resolver: _Resolver, required: bool) -> str | None:
        text = row.text(header, required)
        if text is None:
            return None
        found = resolver.resolve(text)
        if found is None:
            row.fail(header, resolver.message(), row.raw(header))
        return found

    def staff_id(self, row: _Row, known: set[str] | None) -> str | None:
        staff_id = row.text(ID, True)
        if staff_id is not None and known is not None and staff_id not in known:
            row.fail(ID, f"未知工号：工作表“{SHEET_STAFF}”中没有此工号", row.raw(ID))
        return staff_id

    def build(self, row: _Row, model: type[BaseModel], collection: str,
              values: dict[str, Any]) -> Any:
        try:
            return model(**values)
        except ValidationError as exc:
            headers = _HEADER_OF_FIELD[collection]
            for err in exc.errors():
                loc = err.get("loc", ())
                field = headers.get(str(loc[0])) if loc else None
                message = str(err.get("msg", "")).removeprefix("Value error, ")
                row.fail(field, message, row.raw(field) if field else None)
            return None

    # -- sheets ------------------------------------------------------------------------------
    def read(self, workbook: Workbook) -> DataSet:
        tables = {spec.name: self.table(workbook, spec) for spec in SHEETS}
        staff_rows, known = self.read_staff(tables[SHEET_STAFF])
        certificates = self.read_certificates(tables[SHEET_CERTIFICATES], known)
        absences = self.read_absences(tables[SHEET_ABSENCES], known)
        requests = self.read_requests(tables[SHEET_REQUESTS], known)
        pins = self.read_pins(tables[SHEET_PINS], known)
        staff = []
        for row, values in staff_rows:
            values["certificates"] = tuple(certificates.get(values["id"], ()))
            member = self.build(row, Staff, "staff", values)
            if member is not None:
                staff.append(member)
        self.rows["staff"] = [row.number for row, _ in staff_rows]
        self.problems.raise_if_any()
        workbook.close()
        try:
            return self.base.with_changes(staff=tuple(staff), absences=tuple(absences),
                                          requests=tuple(requests), pins=tuple(pins))
        except DataError as exc:
            raise DataError([self.relocate(p) for p in exc.problems]) from None

    def relocate(self, problem: Problem) -> Problem:
        """Turn a DataSet cross-reference problem (collection, item index) into a sheet cell."""
        if problem.sheet == "tails" and problem.field == "staff_id":
            return Problem(self.file, f"上期排班结转数据中有工号 {problem.value}，但工作表"
                                      f"“{SHEET_STAFF}”中没有此人；请保留此人或先清除其结转数据",
                           field=ID, value=problem.value, sheet=SHEET_STAFF)
        sheet = _SHEET_OF_COLLECTION.get(problem.sheet or "")
        rows = self.rows.get(problem.sheet or "")
        if sheet is None or rows is None or problem.row is None or problem.row > len(rows):
            return problem
        field = _HEADER_OF_FIELD[problem.sheet or ""].get(problem.field or "", problem.field)
        return Problem(self.file, problem.message, row=rows[problem.row - 1], field=field,
                       value=problem.value, sheet=sheet)

    def read_staff(self, rows: list[_Row] | None
                   ) -> tuple[list[tuple[_Row, dict[str, Any]]], set[str] | None]:
        if rows is None:
            return [], None
        first_row: dict[str, int] = {}
        good: list[tuple[_Row, dict[str, Any]]] = []
        for row in rows:
            staff_id = row.text(ID, True)
            name = row.text(NAME, True)
            gender = row.choice(GENDER, Gender, True)
            birth = row.date(BIRTH, True)
            education = row.choice(EDUCATION, Education, True)
            major = row.text(MAJOR, False) or ""
            height = row.integer(HEIGHT, False, minimum=1)
            hire = row.date(HIRE, True)
            line_id = self.ref(row, LINE, self.lines, True)
            skills = self.post_list(row)
            employment = row.choice(EMPLOYMENT, Employment, False) or Employment.VENDOR
            regime = row.choice(REGIME, HoursRegime, False) or HoursRegime.STANDARD
            if birth is not None and hire is not None and hire < birth:
                row.fail(HIRE, f"入职日期早于出生日期（{birth.isoformat()}）", row.raw(HIRE))
            if staff_id is not None:
                if staff_id in first_row:
                    row.fail(ID, f"工号重复（与第 {first_row[staff_id]} 行相同），工号必须唯一",
                             row.raw(ID))
                else:
                    first_row[staff_id] = row.number
            if row.ok:
                good.append((row, {
                    "id": staff_id, "name": name, "gender": gender, "birth_date": birth,
                    "education": education, "major": major, "height_cm": height,
                    "hire_date": hire, "line_id": line_id, "skills": skills,
                    "employment": employment, "regime": regime}))
        return good, set(first_row)

    def post_list(self, row: _Row) -> tuple[str, ...]:
        text = row.text(SKILLS, False)
        if text is None:
            return ()
        found: list[str] = []
        for part in _SKILL_SPLIT.split(text):
            if not part:
                continue
            post_id = self.posts.resolve(part)
            if post_id is None:
                row.fail(SKILLS, self.posts.message() + "；多个岗位用 、或 , 分隔", part)
            elif post_id not in found:
                found.append(post_id)
        return tuple(found)

    def read_certificates(self, rows: list[_Row] | None,
                          known: set[str] | None) -> dict[str, list[Certificate]]:
        out: dict[str, list[Certificate]] = defaultdict(list)
        first_row: dict[tuple[str, str], int] = {}
        for row in rows or ():
            staff_id = self.staff_id(row, known)
            type_id = self.ref(row, CERT_TYPE, self.certs, True)
            number = row.text(CERT_NUMBER, False) or ""
            expires = row.date(EXPIRES, False)
            if staff_id is not None and type_id is not None:
                key = (staff_id, type_id)
                if key in first_row:
                    row.fail(CERT_TYPE, f"同一人的证书类型重复（与第 {first_row[key]} 行相同）",
                             row.raw(CERT_TYPE))
                else:
                    first_row[key] = row.number
            if row.ok and staff_id is not None:
                cert = self.build(row, Certificate, "certificates",
                                  {"type_id": type_id, "number": number, "expires_on": expires})
                if cert is not None:
                    out[staff_id].append(cert)
        return out

    def read_absences(self, rows: list[_Row] | None, known: set[str] | None) -> list[Absence]:
        out: list[Absence] = []
        numbers: list[int] = []
        for row in rows or ():
            staff_id = self.staff_id(row, known)
            kind = row.choice(KIND, AbsenceKind, True)
            start = row.date(START, True)
            end = row.date(END, True)
            approved = row.flag(APPROVED, default=True)
            note = row.text(NOTE, False) or ""
            if start is not None and end is not None and end < start:
                row.fail(END, f"结束日期早于开始日期（{start.isoformat()}）", row.raw(END))
            if row.ok:
                item = self.build(row, Absence, "absences", {
                    "staff_id": staff_id, "kind": kind, "start": start, "end": end,
                    "approved": approved, "note": note})
                if item is not None:
                    out.append(item)
                    numbers.append(row.number)
        self.rows["absences"] = numbers
        return out

    def read_requests(self, rows: list[_Row] | None, known: set[str] | None) -> list[Request]:
        out: list[Request] = []
        numbers: list[int] = []
        for row in rows or ():
            staff_id = self.staff_id(row, known)
            day = row.date(DAY, True)
            kind = row.choice(KIND, RequestKind, True)
            shift = self.ref(row, SHIFT, self.shifts, False)
            weight = row.integer(WEIGHT, False, minimum=0)
            if kind is not None and kind is not RequestKind.DAY_OFF and row.is_blank(SHIFT):
                row.fail(SHIFT, f"类型为“{kind.value}”时必须填写班次")
            if row.ok:
                item = self.build(row, Request, "requests", {
                    "staff_id": staff_id, "day": day, "kind": kind, "shift": shift,
                    "weight": DEFAULT_WEIGHT if weight is None else weight})
                if item is not None:
                    out.append(item)
                    numbers.append(row.number)
        self.rows["requests"] = numbers
        return out

    def read_pins(self, rows: list[_Row] | None, known: set[str] | None) -> list[Pin]:
        out: list[Pin] = []
        numbers: list[int] = []
        for row in rows or ():
            staff_id = self.staff_id(row, known)
            day = row.date(DAY, True)
            post_id = self.ref(row, POST, self.posts, False)
            shift = self.ref(row, SHIFT, self.shifts, False)
            if row.is_blank(POST) != row.is_blank(SHIFT):
                missing = POST if row.is_blank(POST) else SHIFT
                row.fail(missing, "岗位和班次须同时填写；两者都不填表示固定休息")
            if post_id is not None and shift is not None:
                shifts = self.base.post_by_id[post_id].shifts
                if shift not in shifts:
                    row.fail(SHIFT, f"岗位 {post_id} 没有此班次，应为：{_choices(shifts)}",
                             row.raw(SHIFT))
            if row.ok:
                item = self.build(row, Pin, "pins", {
                    "staff_id": staff_id, "day": day, "post_id": post_id, "shift": shift})
                if item is not None:
                    out.append(item)
                    numbers.append(row.number)
        self.rows["pins"] = numbers
        return out
