"""Sheet 覆盖: coverage per post, shift and day, and the list of gaps."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.dataset import DataSet
from model.roster import RosterResult
from model.roster_excel.styles import (
    CENTER,
    DATE_FORMAT,
    GAP_FILL,
    HEADER_FILL,
    LEFT,
    LEFT_WRAP,
    SHORTFALL_FILL,
    header_row,
    print_setup,
    put,
    section_title,
    text_width,
    weekday,
)


# -- sheet 2: coverage ---------------------------------------------------------------------
def coverage_sheet(ws: Worksheet, data: DataSet, result: RosterResult) -> None:
    headers = ["日期", "星期", "岗位", "班次", "需求", "目标", "院方人员", "排班人数", "顶替",
               "缺口"]
    header_row(ws, 1, headers, [12, 6, 18, 14, 7, 7, 9, 9, 7, 7])
    post_order = {p.id: i for i, p in enumerate(data.posts)}
    shift_order = {s.code: i for i, s in enumerate(data.shifts)}
    rows = sorted(result.coverage, key=lambda c: (c.day, post_order.get(c.post_id, 10**6),
                                                  c.post_id, shift_order.get(c.shift, 10**6),
                                                  c.shift))
    row = 2
    for item in rows:
        post = data.post_by_id.get(item.post_id)
        values = [item.day, weekday(item.day), post.name if post else item.post_id,
                  shift_label(data, item.shift), item.required, item.target,
                  item.hospital_supply, item.assigned, "是" if item.absorbed else "",
                  item.shortfall]
        fill = SHORTFALL_FILL if item.shortfall > 0 else None
        for col, value in enumerate(values, 1):
            put(ws, row, col, value, fill=fill, align=LEFT if col in (3, 4) else CENTER,
                number_format=DATE_FORMAT if col == 1 else None,
                bold=item.shortfall > 0 and col == 10)
        row += 1
    last_coverage_row = row - 1
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last_coverage_row}"
    ws.freeze_panes = "A2"

    row += 1
    section_title(ws, row, f"缺口明细（共 {len(result.gaps)} 处）")
    row += 1
    gap_headers = ["日期", "星期", "岗位", "班次", "缺少人数", "原因"]
    for col, text in enumerate(gap_headers, 1):
        put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    row += 1
    if not result.gaps:
        put(ws, row, 1, "无缺口", align=LEFT, border=None)
    for gap in sorted(result.gaps, key=lambda g: (g.day, g.post_id, g.shift)):
        post = data.post_by_id.get(gap.post_id)
        values = [gap.day, weekday(gap.day), post.name if post else gap.post_id,
                  shift_label(data, gap.shift), gap.missing, "；".join(gap.reasons) or "—"]
        for col, value in enumerate(values, 1):
            put(ws, row, col, value, fill=GAP_FILL, align=LEFT_WRAP if col >= 3 else CENTER,
                number_format=DATE_FORMAT if col == 1 else None)
        # The reasons may be long: let them run across the remaining columns.
        ws.merge_cells(start_row=row, start_column=6, end_row=row, end_column=len(headers))
        ws.row_dimensions[row].height = max(15, 15 * (1 + text_width(values[5]) // 60))
        row += 1
    print_setup(ws, landscape=True, title_rows="1:1")


def shift_label(data: DataSet, code: str) -> str:
    shift = data.shift_by_code.get(code)
    return f"{code} {shift.name}" if shift else code
