"""Sheet 费用: monthly service fee and overtime cost, in total and per service line."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from model.dataset import DataSet
from model.roster import RosterResult
from model.roster_excel.paging import fit_to_width
from model.roster_excel.styles import (
    CENTER,
    COST_TITLE,
    HEADER_FILL,
    HOURS_FORMAT,
    LEFT,
    MONEY_FORMAT,
    as_money,
    cell_font,
    put,
    section_title,
    titled,
)


# -- sheet 4: cost -------------------------------------------------------------------------
def cost_sheet(ws: Worksheet, data: DataSet, result: RosterResult,
               monthly_fee_total: Decimal | None, overtime_cost_total: Decimal | None) -> None:
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 10
    ws.column_dimensions["D"].width = 12
    ws.column_dimensions["E"].width = 16
    ws.merge_cells("A1:E1")
    put(ws, 1, 1, f"{titled(data, COST_TITLE)}（{result.start.isoformat()} 至 "
                   f"{result.end.isoformat()}）", font=cell_font(bold=True, size=14), border=None)

    by_line: dict[str, list] = defaultdict(list)
    for summary in result.staff_summary:
        member = data.staff_by_id.get(summary.staff_id)
        by_line[member.line_id if member else ""].append(summary)
    computed_total = sum((as_money(s.overtime_cost) for s in result.staff_summary), Decimal(0))

    row = 3
    put(ws, row, 1, "项目", bold=True, fill=HEADER_FILL)
    put(ws, row, 2, None, fill=HEADER_FILL)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    put(ws, row, 3, "金额", bold=True, fill=HEADER_FILL)
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)
    rows = [("月度服务费合计", monthly_fee_total, "未提供"),
            ("加班费合计", overtime_cost_total if overtime_cost_total is not None
             else computed_total, "")]
    for label, amount, missing in rows:
        row += 1
        put(ws, row, 1, label, align=LEFT, bold=True)
        put(ws, row, 2, None)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        put(ws, row, 3, as_money(amount) if amount is not None else missing, bold=True,
            number_format=MONEY_FORMAT, align=Alignment(horizontal="right"))
        for col in (4, 5):
            put(ws, row, col, None)
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)
    if overtime_cost_total is None:
        row += 1
        ws.cell(row=row, column=1, value="加班费合计按各人加班费汇总。").font = cell_font(size=9)

    row += 2
    section_title(ws, row, "加班费（按服务项目）")
    row += 1
    headers = ["序号", "服务项目", "人数", "加班工时", "加班费"]
    for col, text in enumerate(headers, 1):
        put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    line_ids = [line.id for line in sorted(data.lines, key=lambda line: (line.seq, line.id))
                if line.id in by_line]
    line_ids += sorted(set(by_line) - set(line_ids))
    for line_id in line_ids:
        row += 1
        line = data.line_by_id.get(line_id)
        members = by_line[line_id]
        ot_hours = sum(s.overtime_150_hours + s.overtime_200_hours + s.overtime_300_hours
                       for s in members)
        cost = sum((as_money(s.overtime_cost) for s in members), Decimal(0))
        values = [line.seq if line else "", line.name if line else (line_id or "未知服务项目"),
                  len(members), round(ot_hours, 2), cost]
        for col, value in enumerate(values, 1):
            put(ws, row, col, value, align=LEFT if col == 2 else CENTER,
                number_format={4: HOURS_FORMAT, 5: MONEY_FORMAT}.get(col))
    row += 1
    put(ws, row, 1, "合计", bold=True, fill=HEADER_FILL)
    put(ws, row, 2, None, fill=HEADER_FILL)
    put(ws, row, 3, sum(len(by_line[i]) for i in line_ids), bold=True, fill=HEADER_FILL)
    put(ws, row, 4, round(sum(s.overtime_150_hours + s.overtime_200_hours
                               + s.overtime_300_hours for s in result.staff_summary), 2),
        bold=True, fill=HEADER_FILL, number_format=HOURS_FORMAT)
    put(ws, row, 5, computed_total, bold=True, fill=HEADER_FILL, number_format=MONEY_FORMAT)
    fit_to_width(ws, data, result, titled(data, COST_TITLE), landscape=False, title_rows=None)
