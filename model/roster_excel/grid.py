"""Sheet 排班表: the printable grid of shift codes per person and day, its legend and the
sign-off block, laid out in pages of whole weeks."""

from __future__ import annotations

from collections import defaultdict
from copy import copy
from datetime import date

from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from model.calendar import CalendarDay, DayKind
from model.dataset import DataSet
from model.roster import Assignment, RosterResult
from model.roster_excel.grid_cells import (
    GRID_FONT_SIZE,
    GridCell,
    UsedMarks,
    grid_cell,
    post_marks,
)
from model.roster_excel.groups import StaffGroup
from model.roster_excel.legend import legend, sign_off, sign_off_rows
from model.roster_excel.paging import (
    PT_PER_UNIT,
    Paper,
    column_points,
    fit_width,
    line_height,
    min_scale,
    page_frame,
    period_text,
    print_scale,
    printable_width,
    week_blocks,
)
from model.roster_excel.styles import (
    AUTHOR,
    CENTER,
    GRID_DATE_ROW,
    GRID_FIRST_ROW,
    GRID_MARK_ROW,
    GRID_PERIOD_ROW,
    GRID_TITLE_ROW,
    GRID_WEEKDAY_ROW,
    HEADER_FILL,
    HOURS_FORMAT,
    LEFT,
    LINE_FILL,
    ROSTER_TITLE,
    cell_font,
    day_mark,
    day_shade,
    put,
    titled,
    weekday,
)
from model.shadowing import pairs_by_cell, shadow_pairs

FIRST_DAY_COL = 3  # columns A-B: 工号, 姓名 (the 服务项目 is the heading of each group)
#: Smallest font in the printed grid (legend and headers included), for the scale floor.
SMALLEST_FONT = GRID_FONT_SIZE
MIN_DAY_WIDTH, MAX_DAY_WIDTH = 5.0, 9.0
NO_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=False)


def grid_sheet(ws: Worksheet, data: DataSet, result: RosterResult,
               days: list[CalendarDay], groups: list[tuple[str, list[StaffGroup]]],
               paper: Paper) -> list[list[int]]:
    """Write the grid; returns the day indexes of each printed page column."""
    n_days = len(days)
    total_col = FIRST_DAY_COL + n_days  # 班次
    hours_col = total_col + 1  # 工时
    last_col = hours_col
    font = cell_font(size=GRID_FONT_SIZE)
    bold = cell_font(bold=True, size=GRID_FONT_SIZE)

    # Title and period (on screen; the printed page has them in its header).
    put(ws, GRID_TITLE_ROW, 1, titled(data, ROSTER_TITLE), font=cell_font(bold=True, size=14),
        border=None, align=LEFT)
    ws.row_dimensions[GRID_TITLE_ROW].height = 22
    put(ws, GRID_PERIOD_ROW, 1, f"排班周期：{period_text(result)}    求解状态："
        f"{result.status.label}", font=cell_font(size=10), border=None, align=LEFT)

    for col, text in ((1, "工号"), (2, "姓名"), (total_col, "班次"), (hours_col, "工时")):
        for row in (GRID_DATE_ROW, GRID_WEEKDAY_ROW, GRID_MARK_ROW):
            put(ws, row, col, text if row == GRID_DATE_ROW else None, fill=HEADER_FILL,
                font=bold)
        ws.merge_cells(start_row=GRID_DATE_ROW, start_column=col, end_row=GRID_MARK_ROW,
                       end_column=col)
    day_widths = [MIN_DAY_WIDTH]
    for index, item in enumerate(days):
        col = FIRST_DAY_COL + index
        shade = day_shade(item) or HEADER_FILL
        mark = day_mark(item)
        date_text = f"{item.day.month}/{item.day.day}"
        put(ws, GRID_DATE_ROW, col, date_text, fill=shade, font=bold)
        put(ws, GRID_WEEKDAY_ROW, col, weekday(item.day), fill=shade, font=bold)
        colour = "FFC00000" if item.kind is not DayKind.MAKEUP else "FF375623"
        put(ws, GRID_MARK_ROW, col, mark or None, fill=shade,
            font=cell_font(bold=True, size=GRID_FONT_SIZE, colour=colour))
        day_widths += [fit_width(date_text, GRID_FONT_SIZE, True),
                       fit_width(mark, GRID_FONT_SIZE, True)]

    by_cell: dict[tuple[str, date], list[Assignment]] = defaultdict(list)
    for assigned in result.assignments:
        by_cell[(assigned.staff_id, assigned.day)].append(assigned)

    trained: dict[tuple[str, date], list] = defaultdict(list)
    for attendance in result.training:
        trained[(attendance.staff_id, attendance.day)].append(attendance)
    used = UsedMarks(post_mark=post_marks(data))
    shadowed = pairs_by_cell(shadow_pairs(data, result.assignments))
    id_width = fit_width("工号", GRID_FONT_SIZE, True)
    name_width = fit_width("姓名", GRID_FONT_SIZE, True)
    row = GRID_FIRST_ROW
    bands: list[int] = []  # the heading rows
    for dept_name, dept_groups in groups:
        # One heading row per service line, headed by its department (a department row of
        # its own would add a row per department to every printed page).
        for group in dept_groups:
            seq = f"{group.line.seq}. " if group.line else ""
            bands.append(row)
            _band(ws, row, last_col, f"科室：{dept_name} ／ 服务项目：{seq}{group.line_name}"
                                     f"（{len(group.staff)}人）", LINE_FILL, bold)
            row += 1
            for member in group.staff:
                staff_id = member if isinstance(member, str) else member.id
                name = "" if isinstance(member, str) else member.name
                put(ws, row, 1, staff_id, font=font, align=NO_WRAP)
                put(ws, row, 2, name, font=font, align=NO_WRAP)
                id_width = max(id_width, fit_width(staff_id, GRID_FONT_SIZE))
                name_width = max(name_width, fit_width(name, GRID_FONT_SIZE))
                shifts_done, hours_done, lines = 0, 0.0, 1
                for index, item in enumerate(days):
                    worked = by_cell.get((staff_id, item.day), [])
                    training = trained.get((staff_id, item.day), [])
                    cell = grid_cell(data, worked, data.absences_on(staff_id, item.day), used,
                                     training, shadowed.get((staff_id, item.day)))
                    _write_cell(ws, row, FIRST_DAY_COL + index, cell, day_shade(item))
                    day_widths += [fit_width(line, GRID_FONT_SIZE, cell.bold)
                                   for line in cell.lines]
                    lines = max(lines, len(cell.lines))
                    shifts_done += len(worked)
                    hours_done += (sum(a.hours for a in worked)
                                   + sum(t.minutes for t in training) / 60)
                put(ws, row, total_col, shifts_done, font=bold)
                put(ws, row, hours_col, round(hours_done, 2), font=bold,
                    number_format=HOURS_FORMAT)
                ws.row_dimensions[row].height = line_height(lines, GRID_FONT_SIZE)
                row += 1
    last_grid_row = row - 1

    # Column widths from the content, then pages of whole weeks that print at >= 8 pt.
    fixed = {1: id_width, 2: name_width,
             total_col: fit_width("班次", GRID_FONT_SIZE, True) + 0.5,
             hours_col: fit_width("000.0", GRID_FONT_SIZE, True) + 0.5}
    day_width = min(MAX_DAY_WIDTH, max(day_widths))
    blocks, scale, day_width = page_columns(days, paper, fixed, day_width)
    if len(blocks) > 1:
        _band_per_page(ws, bands, blocks)
    for col, width in fixed.items():
        ws.column_dimensions[get_column_letter(col)].width = round(width, 2)
    for index in range(n_days):
        ws.column_dimensions[get_column_letter(FIRST_DAY_COL + index)].width = round(
            day_width, 2)

    # Legend in the first page column, sign-off block on the last page.
    first_block = blocks[0] if blocks else []
    legend_first = FIRST_DAY_COL
    legend_last = FIRST_DAY_COL + (first_block[-1] if first_block else 0)
    if len(blocks) <= 1:
        legend_last = last_col
    top = last_grid_row + 2
    legend_end = legend(ws, data, used, top, legend_first, legend_last)
    sign_first = FIRST_DAY_COL + (blocks[-1][0] if blocks else 0)
    rows_needed = sign_off_rows(last_col - sign_first + 1)
    if len(blocks) <= 1:
        sign_top = legend_end + 2
    else:  # the same rows as the legend's last ones: the last page of the last column
        sign_top = max(top, legend_end - rows_needed + 1)
    last_row = max(legend_end, sign_off(ws, sign_top, sign_first, last_col))

    outside = sum(1 for a in result.assignments if a.day not in {d.day for d in days})
    if outside:
        last_row += 2
        put(ws, last_row, FIRST_DAY_COL, f"注意：有 {outside} 条排班不在排班周期内，未列入上表。",
            border=None, align=LEFT, font=cell_font(bold=True, colour="FFC00000"))

    ws.freeze_panes = f"{get_column_letter(FIRST_DAY_COL)}{GRID_FIRST_ROW}"
    page_frame(ws, data, paper, landscape=True, title=titled(data, ROSTER_TITLE),
               period=period_text(result))
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = scale
    ws.print_title_cols = "A:B"
    ws.print_title_rows = f"{GRID_DATE_ROW}:{GRID_MARK_ROW}"
    ws.print_area = f"A{GRID_DATE_ROW}:{get_column_letter(last_col)}{last_row}"
    for block in blocks[:-1]:
        ws.col_breaks.append(Break(id=FIRST_DAY_COL + block[-1]))
    return blocks


def page_columns(days: list[CalendarDay], paper: Paper, fixed: dict[int, float],
                 day_width: float) -> tuple[list[list[int]], int, float]:
    """Pages of whole weeks (fewer days a page when a page would print below 8 pt, a short
    last week joined to the page before when it still fits), the print scale, and the day
    column width widened to use the page."""
    floor = min_scale(SMALLEST_FONT)
    names = [fixed[1], fixed[2]]
    totals = [w for col, w in fixed.items() if col > 2]

    def scale_of(blocks: list[list[int]], width: float) -> int:
        return min(print_scale(names + [width] * len(b) + (totals if i == len(blocks) - 1
                                                             else []), paper)
                   for i, b in enumerate(blocks)) if blocks else 100

    day_list = [d.day for d in days]
    per_page = paper.days_per_page
    blocks = week_blocks(day_list, per_page)
    while scale_of(blocks, day_width) < floor and per_page > 7:
        per_page = 14 if per_page > 14 else 7
        blocks = week_blocks(day_list, per_page)
    if len(blocks) > 1 and len(blocks[-1]) < 7:
        joined = blocks[:-2] + [blocks[-2] + blocks[-1]]
        if scale_of(joined, day_width) >= floor:
            blocks = joined
    # Use spare width: the widest page column filled at 100 %, up to MAX_DAY_WIDTH.
    widest = max((len(b) for b in blocks), default=1)
    room_pt = printable_width(paper) - sum(column_points(w) for w in names + totals)
    fill = room_pt / max(widest, 1) / PT_PER_UNIT
    if fill > day_width:
        day_width = min(MAX_DAY_WIDTH, fill)
    scale = max(floor, scale_of(blocks, day_width))
    return blocks, scale, day_width


def _band(ws: Worksheet, row: int, last_col: int, text: str, fill: str, font: object) -> None:
    """A heading row: the text in column A (it runs on over the empty cells), the band's
    colour across the row."""
    cell = put(ws, row, 1, text, align=LEFT, fill=fill, font=font)  # type: ignore[arg-type]
    cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=False)
    for col in range(2, last_col + 1):
        put(ws, row, col, None, fill=fill)
    ws.row_dimensions[row].height = line_height(1, GRID_FONT_SIZE)


def _band_per_page(ws: Worksheet, bands: list[int], blocks: list[list[int]]) -> None:
    """Heading rows of a roster printed more than one page wide: the heading starts in the
    first day column of every page instead of column A (the repeated columns A:B would cut
    it on every page after the first)."""
    for row in bands:
        first = ws.cell(row=row, column=1)
        text, font, alignment = first.value, copy(first.font), copy(first.alignment)
        first.value = None
        for block in blocks:
            cell = ws.cell(row=row, column=FIRST_DAY_COL + block[0])
            cell.value, cell.font, cell.alignment = text, copy(font), copy(alignment)


def _write_cell(ws: Worksheet, row: int, col: int, cell: GridCell, shade: str | None) -> None:
    target = put(ws, row, col, cell.text, fill=shade, align=CENTER, border=cell.border,
                 font=cell_font(bold=cell.bold, size=GRID_FONT_SIZE, colour=cell.colour))
    if cell.fill is not None:
        target.fill = cell.fill
    if cell.notes:
        comment = Comment("\n".join(cell.notes), AUTHOR)
        comment.width, comment.height = 260, 90
        target.comment = comment
