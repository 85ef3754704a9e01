"""Sheet 工时: hours, overtime by pay category, nights, weekend and holiday days per person."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.worksheet.worksheet import Worksheet

from model.dataset import DataSet
from model.roster import RosterResult
from model.roster_excel.paging import fit_to_width, fit_width
from model.roster_excel.styles import (
    CENTER,
    HEADER_FILL,
    HOURS_FORMAT,
    LEFT,
    MONEY_FORMAT,
    as_money,
    as_number,
    header_row,
    put,
    titled,
)

# -- sheet 3: hours ------------------------------------------------------------------------
HOURS_HEADERS = ["工号", "姓名", "服务项目", "出勤天数", "工时", "加班(150%)", "加班(200%)",
                 "加班(300%)", "加班费", "夜班", "周末班", "节假日班"]


def hours_sheet(ws: Worksheet, data: DataSet, result: RosterResult,
                order: list[str]) -> None:
    line_width = max([18.0, *(fit_width(line.name, 10) for line in data.lines)])
    header_row(ws, 1, HOURS_HEADERS, [10, 9, round(line_width, 2), 9, 9, 11, 11, 11, 12, 7, 8,
                                      9])
    position = {staff_id: i for i, staff_id in enumerate(order)}
    summaries = sorted(result.staff_summary,
                       key=lambda s: (position.get(s.staff_id, 10**6), s.staff_id))
    formats = [None, None, None, "0", HOURS_FORMAT, HOURS_FORMAT, HOURS_FORMAT, HOURS_FORMAT,
               MONEY_FORMAT, "0", "0", "0"]
    totals = [0.0] * len(HOURS_HEADERS)
    row = 2
    for summary in summaries:
        member = data.staff_by_id.get(summary.staff_id)
        line = data.line_by_id.get(member.line_id) if member else None
        values: list[str | int | float | Decimal] = [
            summary.staff_id, member.name if member else "", line.name if line else "",
            summary.days_worked, round(summary.hours, 2),
            round(summary.overtime_150_hours, 2), round(summary.overtime_200_hours, 2),
            round(summary.overtime_300_hours, 2), as_money(summary.overtime_cost),
            summary.nights, summary.weekend_days, summary.holiday_days]
        for col, value in enumerate(values, 1):
            put(ws, row, col, value, align=LEFT if col == 3 else CENTER,
                number_format=formats[col - 1])
            if col > 3:
                totals[col - 1] += float(value)
        row += 1
    put(ws, row, 1, "合计", bold=True, fill=HEADER_FILL)
    put(ws, row, 2, f"{len(summaries)}人", bold=True, fill=HEADER_FILL)
    put(ws, row, 3, None, fill=HEADER_FILL)
    for col in range(4, len(HOURS_HEADERS) + 1):
        total = totals[col - 1]
        amount = as_money(total) if col == 9 else as_number(round(total, 2))
        put(ws, row, col, amount, bold=True, fill=HEADER_FILL, number_format=formats[col - 1])
    ws.freeze_panes = "D2"
    fit_to_width(ws, data, result, titled(data, "工时统计"), landscape=True, title_rows="1:1")
