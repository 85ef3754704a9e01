"""The sheet 说明: how to fill in the template, each sheet's columns, reference lists."""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from model.dataset import DataSet
from model.excel_io.cells import HEADER_FONT, OPTIONAL_FILL, SECTION_FONT, TITLE_FONT, line_label
from model.excel_io.sheets import SHEETS


def write_help(ws: Worksheet, data: DataSet) -> None:
    ws.cell(1, 1, "排班数据导入模板 使用说明").font = TITLE_FONT
    general = [
        "1. 本工作簿用于导入人员、证书、请假、排班请求、固定排班和各项目的排班模式。"
        "每个工作表第 1 行是列名，请勿修改、删除列名或工作表名称；"
        "列的顺序可以调整，多余的列会被忽略。",
        "2. 从第 2 行起每行一条记录；完全空白的行会被忽略。蓝色列名为必填，灰色为选填。"
        "把鼠标停在列名上可看到填写要求。",
        "3. 日期请按 YYYY-MM-DD 填写（例如 2026-03-01），可以是 Excel 日期或同样格式的文字；"
        "不能填写纯数字，也不能填写不存在的日期（如 2026-02-30）。",
        "4. 带下拉列表的列（性别、学历、服务项目、证书类型、类型、班次、岗位等）请从列表中选择。"
        "工号请按文本填写。",
        "5. 导入时会检查全部内容，并一次列出所有问题"
        "（工作表、行号、列名、填写的值和应填写的内容）。"
        "只要有一个问题，就不会导入任何数据；请全部改正后重新上传。",
        "6. 导入后，人员、证书、请假、排班请求、固定排班和排班模式将整体替换为本工作簿中的内容"
        "（删除了“排班模式”工作表的，排班模式保持不变）。",
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
        ws.cell(row, 1, f"工作表“{spec.name}”").font = SECTION_FONT
        ws.cell(row, 2, spec.purpose)
        row += 1
        row = _help_table(ws, row, ("列名", "必填", "格式与取值"),
                          [(c.header, "必填" if c.required else "选填", c.help)
                           for c in spec.columns])
        row += 1
    references: list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]] = [
        ("参考：服务项目", ("编号", "名称", "下拉显示"),
         [(line.id, line.name, line_label(line.id, data)) for line in data.lines]),
        ("参考：岗位", ("名称", "班次", "服务项目"),
         [(p.name, "、".join(p.shifts), "、".join(p.lines)) for p in data.posts]),
        ("参考：班次", ("代码", "名称", "时间"),
         [(s.code, s.name, "，".join(f"{seg.start}-{seg.end}" for seg in s.segments))
          for s in data.shifts]),
        ("参考：证书类型", ("名称", "有效期"),
         [(c.name, "有" if c.expires else "长期有效") for c in data.certificate_types]),
    ]
    for title, header, body in references:
        ws.cell(row, 1, title).font = SECTION_FONT
        row = _help_table(ws, row + 1, header, body) + 1
    for letter, width in zip("ABCD", (18, 30, 60, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.protection.sheet = True


def _help_table(ws: Worksheet, row: int, header: tuple[str, ...],
                body: list[tuple[str, ...]]) -> int:
    for col, text in enumerate(header, start=1):
        cell = ws.cell(row, col, text)
        cell.font = HEADER_FONT
        cell.fill = OPTIONAL_FILL
    row += 1
    for values in body:
        for col, text in enumerate(values, start=1):
            cell = ws.cell(row, col, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    return row
