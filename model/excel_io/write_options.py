"""The hidden sheet 选项: the lists behind the drop-downs, each a workbook-level name."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from model.dataset import DataSet
from model.events import AbsenceKind, LeaveStatus, RequestKind
from model.excel_io.cells import HEADER_FONT, column_width, line_label
from model.excel_io.sheets import SHEET_OPTIONS, TEXT_FORMAT
from model.staff import Employment, Gender, HoursRegime
from model.working_time import HoursPeriod


def option_lists(data: DataSet) -> dict[str, tuple[str, list[str]]]:
    """Drop-down key -> (column title in 选项, values)."""
    return {
        "line": ("服务项目", [line_label(line.id, data) for line in data.lines]),
        "post": ("岗位", [p.name for p in data.posts]),
        "shift": ("班次", [s.code for s in data.shifts]),
        "cert": ("证书类型", [c.name for c in data.certificate_types]),
        "gender": ("性别", [g.value for g in Gender]),
        "education": ("学历", list(data.contract.education_levels)),
        "employment": ("用工方式", [e.value for e in Employment]),
        "regime": ("工时制度", [r.value for r in HoursRegime]),
        "hours_period": ("综合计算周期", [p.value for p in HoursPeriod]),
        "absence_kind": ("请假类型", [k.value for k in AbsenceKind]),
        "leave_status": ("请假状态", [s.value for s in LeaveStatus]),
        "request_kind": ("请求类型", [k.value for k in RequestKind]),
    }


def write_options(wb: Workbook, ws: Worksheet,
                  lists: dict[str, tuple[str, list[str]]]) -> dict[str, str]:
    """Write each list in its own column and give it a workbook-level name (opt_<key>)."""
    names: dict[str, str] = {}
    for col, (key, (title, values)) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col)
        ws.cell(1, col, title).font = HEADER_FONT
        for row, value in enumerate(values, start=2):
            cell = ws.cell(row, col, value)
            cell.number_format = TEXT_FORMAT
        ws.column_dimensions[letter].width = column_width([title, *values], 8)
        if values:
            name = f"opt_{key}"
            ref = f"'{SHEET_OPTIONS}'!${letter}$2:${letter}${len(values) + 1}"
            wb.defined_names[name] = DefinedName(name, attr_text=ref)
            names[key] = name
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return names
