"""The input sheets (人员, 证书, 请假, 排班请求, 固定排班): headers, rows, formats, validations."""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from model.dataset import DataSet
from model.excel_io.cells import (
    HEADER_FONT,
    OPTIONAL_FILL,
    REQUIRED_FILL,
    column_width,
    line_label,
    names_of,
)
from model.excel_io.sheets import DATE_FORMAT, SPARE_ROWS, TEXT_FORMAT, Column, SheetSpec
from model.staff import Staff


def staff_row(member: Staff, data: DataSet) -> list[object]:
    return [member.id, member.name, member.gender.value, member.birth_date,
            member.education, member.major or None, member.height_cm, member.hire_date,
            line_label(member.line_id, data),
            "；".join(names_of(data).get(p, p) for p in member.skills) or None,
            member.employment.value, member.regime.value,
            member.hours_period.value if member.hours_period else None, member.solo_from]


def fill_sheet(ws: Worksheet, spec: SheetSpec, rows: list[list[object]],
               names: dict[str, str]) -> None:
    for col, column in enumerate(spec.columns, start=1):
        cell = ws.cell(1, col, column.header)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
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
        dims.width = column_width([column.header, *(row[col - 1] for row in rows)], column.width)
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
