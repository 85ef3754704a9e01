"""Sheet 覆盖: a one-page printed summary per post, then (on screen only) coverage per post,
shift and day and the list of gaps."""

from __future__ import annotations

from collections import defaultdict

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.dataset import DataSet
from model.roster import CoverageRow, RosterResult
from model.roster_excel.paging import fit_to_width, fit_width, line_height
from model.roster_excel.styles import (
    CENTER,
    DATE_FORMAT,
    GAP_FILL,
    HEADER_FILL,
    LEFT,
    LEFT_WRAP,
    SHORTFALL_FILL,
    cell_font,
    put,
    section_title,
    text_width,
    titled,
    weekday,
)

DETAIL_HEADERS = ["日期", "星期", "岗位", "班次", "需求", "目标", "院方人员", "排班人数", "顶替",
                  "缺口"]
WIDTHS = [12, 6, 24, 14, 9, 9, 9, 9, 7, 7]
#: Summary columns: (header, first column, last column).
SUMMARY_COLUMNS = (("服务项目", 1, 2), ("岗位", 3, 4), ("需求人次", 5, 5), ("排班人次", 6, 6),
                   ("缺岗天数", 7, 7), ("缺少人次", 8, 8), ("顶替次数", 9, 10))
SUMMARY_TITLE = "覆盖汇总"
DETAIL_TITLE = "逐日覆盖明细（供屏幕查看，不在打印范围内）"


# -- sheet 2: coverage ---------------------------------------------------------------------
def coverage_sheet(ws: Worksheet, data: DataSet, result: RosterResult) -> None:
    for col, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    last_summary_row = summary(ws, data, result)
    fit_to_width(ws, data, result, titled(data, SUMMARY_TITLE), landscape=False,
                 title_rows=None, pages_tall=1)
    ws.print_area = f"A1:{get_column_letter(len(WIDTHS))}{last_summary_row}"
    detail(ws, data, result, last_summary_row + 3)


def _span(ws: Worksheet, row: int, first: int, last: int, value: object, **style: object
          ) -> None:
    put(ws, row, first, value, **style)  # type: ignore[arg-type]
    for col in range(first + 1, last + 1):
        put(ws, row, col, None, fill=style.get("fill"))  # type: ignore[arg-type]
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def summary(ws: Worksheet, data: DataSet, result: RosterResult) -> int:
    """Per post: person-shifts required and rostered, days short, person-shifts missing and
    shifts absorbed (顶替); then the totals. Returns the last row."""
    _span(ws, 1, 1, len(WIDTHS), f"{SUMMARY_TITLE}（{result.start.isoformat()} 至 "
                                 f"{result.end.isoformat()}）", border=None,
          font=cell_font(bold=True, size=12), align=LEFT)
    ws.row_dimensions[1].height = 20
    for header, first, last in SUMMARY_COLUMNS:
        _span(ws, 2, first, last, header, bold=True, fill=HEADER_FILL)
    by_post: dict[str, list[CoverageRow]] = defaultdict(list)
    for item in result.coverage:
        by_post[item.post_id].append(item)
    order = [p.id for p in data.posts if p.id in by_post] + sorted(
        set(by_post) - {p.id for p in data.posts})
    row = 2
    totals = [0, 0, 0, 0, 0]
    for post_id in order:
        rows = by_post[post_id]
        post = data.post_by_id.get(post_id)
        lines = "、".join(data.line_by_id[i].name for i in (post.lines if post else ())
                         if i in data.line_by_id)
        values = [sum(r.required for r in rows), sum(r.assigned + r.hospital_supply
                                                      for r in rows),
                  len({r.day for r in rows if r.shortfall > 0}),
                  sum(r.shortfall for r in rows), sum(1 for r in rows if r.absorbed)]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        row += 1
        short = values[3] > 0
        fill = SHORTFALL_FILL if short else None
        texts: list[object] = [lines or "—", post.name if post else post_id, *values]
        height = 1
        for (_, first, last), value in zip(SUMMARY_COLUMNS, texts, strict=True):
            _span(ws, row, first, last, value, align=LEFT_WRAP if first < 5 else CENTER,
                  fill=fill, bold=short and first >= 7)
            room = sum(WIDTHS[c - 1] for c in range(first, last + 1)) - 1.0
            height = max(height, -(-int(fit_width(value, 10) - 1.0) // max(int(room), 1)))
        ws.row_dimensions[row].height = line_height(height, 10)
    row += 1
    _span(ws, row, 1, 4, f"合计（{len(order)} 个岗位）", bold=True, fill=HEADER_FILL)
    for (_, first, last), value in zip(SUMMARY_COLUMNS[2:], totals, strict=True):
        _span(ws, row, first, last, value, bold=True, fill=HEADER_FILL)
    return row


def detail(ws: Worksheet, data: DataSet, result: RosterResult, row: int) -> None:
    """Coverage per post, shift and day (shortfalls in red), then the gaps with reasons."""
    section_title(ws, row, DETAIL_TITLE)
    row += 1
    header = row
    for col, text in enumerate(DETAIL_HEADERS, 1):
        put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    post_order = {p.id: i for i, p in enumerate(data.posts)}
    shift_order = {s.code: i for i, s in enumerate(data.shifts)}
    rows = sorted(result.coverage, key=lambda c: (c.day, post_order.get(c.post_id, 10**6),
                                                  c.post_id, shift_order.get(c.shift, 10**6),
                                                  c.shift))
    for item in rows:
        row += 1
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
    if rows:
        ws.auto_filter.ref = f"A{header}:{get_column_letter(len(DETAIL_HEADERS))}{row}"

    row += 2
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
        ws.merge_cells(start_row=row, start_column=6, end_row=row,
                       end_column=len(DETAIL_HEADERS))
        ws.row_dimensions[row].height = max(15, 15 * (1 + text_width(values[5]) // 60))
        row += 1


def shift_label(data: DataSet, code: str) -> str:
    shift = data.shift_by_code.get(code)
    return f"{code} {shift.name}" if shift else code
