"""Sheet 排班表: the printable grid of shift codes per person and day, with its legend."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.calendar import CalendarDay, DayKind
from model.dataset import DataSet
from model.events import Absence
from model.roster import Assignment, RosterResult
from model.roster_excel.groups import StaffGroup
from model.roster_excel.styles import (
    ABSENT_FILL,
    AUTHOR,
    BORROWED_BORDER,
    BORROWED_COLOUR,
    CENTER,
    COVER_BORDER,
    COVER_COLOUR,
    DEPT_FILL,
    FIRST_DAY_COL,
    GRID_DATE_ROW,
    GRID_FIRST_ROW,
    GRID_MARK_ROW,
    GRID_PERIOD_ROW,
    GRID_TITLE_ROW,
    GRID_WEEKDAY_ROW,
    HEADER_FILL,
    HOLIDAY_FILL,
    HOURS_FORMAT,
    LEFT,
    LEFT_WRAP,
    LINE_FILL,
    MARK_ABSENT,
    MARK_BORROWED,
    MARK_COVER,
    MARK_IN_LIEU,
    MAX_DAY_WIDTH,
    MIN_DAY_WIDTH,
    ROSTER_TITLE,
    SHRINK,
    THIN_BORDER,
    WEEKEND_FILL,
    cell_font,
    day_mark,
    day_shade,
    post_short,
    print_setup,
    put,
    section_title,
    shift_short,
    shift_times,
    solid_fill,
    text_width,
    titled,
    to_argb,
    weekday,
)
from model.vocabulary import plain


# -- sheet 1: the grid ---------------------------------------------------------------------
def cell_label(data: DataSet, item: Assignment) -> tuple[str, list[str]]:
    """Text of one assignment in the grid and the comment lines explaining its marks."""
    shift = data.shift_by_code.get(item.shift)
    post = data.post_by_id.get(item.post_id)
    marks: list[str] = []
    notes: list[str] = []
    if item.borrowed:
        marks.append(MARK_BORROWED + post_short(post, item.post_id))
        line_names = "、".join(data.line_by_id[i].name for i in (post.lines if post else ())
                              if i in data.line_by_id)
        where = f"{post.name if post else item.post_id}" + (f"（{line_names}）" if line_names
                                                            else "")
        notes.append(f"借调：在其他服务项目的岗位 {where} 上班。")
    if item.cover_for:
        covered = data.shift_by_code.get(item.cover_for)
        marks.append(MARK_COVER + shift_short(covered, item.cover_for))
        covered_name = covered.name if covered else item.cover_for
        own_name = shift.name if shift else item.shift
        notes.append(f"顶替：{own_name}兼做{covered_name}（{item.cover_for}）的工作，"
                     f"当天{covered_name}无人上班。")
    text = item.shift + (f"({','.join(marks)})" if marks else "")
    return text, notes


def absence_text(absences: list[Absence]) -> str:
    parts = []
    for absence in absences:
        text = absence.kind.value + ("（申请中，未批准）" if not absence.approved else "")
        if absence.note:
            text += f"：{plain(absence.note)}"
        parts.append(text)
    return "；".join(parts)


def grid_sheet(ws: Worksheet, data: DataSet, result: RosterResult,
               days: list[CalendarDay], groups: list[tuple[str, list[StaffGroup]]]) -> None:
    n_days = len(days)
    total_col = FIRST_DAY_COL + n_days  # 班次
    hours_col = total_col + 1  # 工时
    last_col = hours_col
    last_letter = get_column_letter(last_col)

    # Title and period.
    ws.merge_cells(f"A{GRID_TITLE_ROW}:{last_letter}{GRID_TITLE_ROW}")
    put(ws, GRID_TITLE_ROW, 1, titled(data, ROSTER_TITLE), font=cell_font(bold=True, size=16),
        border=None)
    ws.row_dimensions[GRID_TITLE_ROW].height = 26
    period = (f"排班周期：{result.start.year}年{result.start.month}月{result.start.day}日 至 "
              f"{result.end.year}年{result.end.month}月{result.end.day}日（共{n_days}天）"
              f"    求解状态：{result.status.label}")
    ws.merge_cells(f"A{GRID_PERIOD_ROW}:{last_letter}{GRID_PERIOD_ROW}")
    put(ws, GRID_PERIOD_ROW, 1, period, font=cell_font(size=10), border=None)

    # Header rows: A-C and the totals span three rows; each day has date, weekday, mark.
    for col, text in ((1, "工号"), (2, "姓名"), (3, "服务项目"), (total_col, "班次"),
                      (hours_col, "工时")):
        for row in (GRID_DATE_ROW, GRID_WEEKDAY_ROW, GRID_MARK_ROW):
            put(ws, row, col, text if row == GRID_DATE_ROW else None, bold=True,
                fill=HEADER_FILL)
        ws.merge_cells(start_row=GRID_DATE_ROW, start_column=col, end_row=GRID_MARK_ROW,
                       end_column=col)
    for index, item in enumerate(days):
        col = FIRST_DAY_COL + index
        shade = day_shade(item) or HEADER_FILL
        mark = day_mark(item)
        put(ws, GRID_DATE_ROW, col, f"{item.day.month}/{item.day.day}", bold=True, fill=shade)
        put(ws, GRID_WEEKDAY_ROW, col, weekday(item.day), bold=True, fill=shade)
        mark_font = cell_font(bold=True, size=9,
                              colour="FFC00000" if item.kind is not DayKind.MAKEUP else "FF375623")
        put(ws, GRID_MARK_ROW, col, mark or None, fill=shade, font=mark_font)

    # Index the roster.
    by_cell: dict[tuple[str, date], list[Assignment]] = defaultdict(list)
    for assigned in result.assignments:
        by_cell[(assigned.staff_id, assigned.day)].append(assigned)
    day_set = {d.day for d in days}

    widths = [text_width("工号"), text_width("姓名"), text_width("服务项目")]
    labelled: list[tuple[Cell, int]] = []  # grid cells with text, and their width
    row = GRID_FIRST_ROW
    for dept_name, dept_groups in groups:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        put(ws, row, 1, f"科室：{dept_name}", align=LEFT, fill=DEPT_FILL,
            font=cell_font(bold=True, colour="FFFFFFFF"))
        row += 1
        for group in dept_groups:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
            seq = f"{group.line.seq}. " if group.line else ""
            put(ws, row, 1, f"{dept_name} ／ 服务项目：{seq}{group.line_name}"
                             f"（{len(group.staff)}人）", align=LEFT, fill=LINE_FILL, bold=True)
            row += 1
            for member in group.staff:
                staff_id = member if isinstance(member, str) else member.id
                name = "" if isinstance(member, str) else member.name
                line = None if isinstance(member, str) else data.line_by_id.get(member.line_id)
                line_name = line.name if line else ""
                for col, value in ((1, staff_id), (2, name), (3, line_name)):
                    put(ws, row, col, value, align=LEFT if col == 3 else CENTER)
                widths = [max(widths[0], text_width(staff_id)), max(widths[1], text_width(name)),
                          max(widths[2], text_width(line_name))]
                shifts_done = 0
                hours_done = 0.0
                for index, item in enumerate(days):
                    col = FIRST_DAY_COL + index
                    worked = by_cell.get((staff_id, item.day), [])
                    cell = put(ws, row, col, None, fill=day_shade(item))
                    if worked:
                        labels, notes = [], []
                        for assignment in worked:
                            text, lines = cell_label(data, assignment)
                            labels.append(text)
                            notes += lines
                            shifts_done += 1
                            hours_done += assignment.hours
                        cell.value = "/".join(labels)
                        first = worked[0]
                        shift = data.shift_by_code.get(first.shift)
                        if shift:
                            cell.fill = solid_fill(to_argb(shift.colour))
                        if any(a.borrowed for a in worked):
                            cell.border = BORROWED_BORDER
                            cell.font = cell_font(bold=True, colour=BORROWED_COLOUR)
                        elif any(a.cover_for for a in worked):
                            cell.border = COVER_BORDER
                            cell.font = cell_font(bold=True, colour=COVER_COLOUR)
                        if notes:
                            comment = Comment("\n".join(notes), AUTHOR)
                            comment.width, comment.height = 260, 90
                            cell.comment = comment
                        labelled.append((cell, text_width(cell.value) + 1))
                    else:
                        absences = data.absences_on(staff_id, item.day)
                        if absences:
                            cell.value = MARK_ABSENT
                            cell.fill = solid_fill(ABSENT_FILL)
                            comment = Comment(absence_text(absences), AUTHOR)
                            comment.width, comment.height = 200, 60
                            cell.comment = comment
                put(ws, row, total_col, shifts_done, bold=True)
                put(ws, row, hours_col, round(hours_done, 2), bold=True,
                    number_format=HOURS_FORMAT)
                row += 1
    # Assignments outside the period would be lost silently; count them for the notes.
    outside = sum(1 for a in result.assignments if a.day not in day_set)
    last_grid_row = row - 1

    # Column widths.
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width + 2
    # One width for every day column, so that the printed grid is regular; the rare label
    # wider than that (a borrowed cell) shrinks to fit instead of widening the whole month.
    day_width = min(MAX_DAY_WIDTH, max([MIN_DAY_WIDTH, *(w for _, w in labelled)]))
    for index in range(n_days):
        ws.column_dimensions[get_column_letter(FIRST_DAY_COL + index)].width = day_width
    for cell, width in labelled:
        if width > day_width:
            cell.alignment = SHRINK
    ws.column_dimensions[get_column_letter(total_col)].width = 6
    ws.column_dimensions[get_column_letter(hours_col)].width = 7

    legend(ws, data, result, last_grid_row + 2, last_col)
    if outside:
        ws.cell(row=ws.max_row + 2, column=1,
                value=f"注意：有 {outside} 条排班不在排班周期内，未列入上表。").font = cell_font(
                    bold=True, colour="FFC00000")

    ws.freeze_panes = f"{get_column_letter(FIRST_DAY_COL)}{GRID_FIRST_ROW}"
    print_setup(ws, landscape=True, title_rows=f"{GRID_TITLE_ROW}:{GRID_MARK_ROW}")
    ws.print_area = f"A1:{last_letter}{ws.max_row}"


def legend(ws: Worksheet, data: DataSet, result: RosterResult, row: int,
           last_col: int) -> None:
    """Every shift code with its name, times and colour, then the marks of the grid.

    Long texts are merged up to the grid's last column and wrapped, so that they stay
    inside the printed width."""

    def text_cell(r: int, col: int, text: str) -> None:
        put(ws, r, col, text, align=LEFT_WRAP, border=None)
        end = max(col, last_col)
        if end > col:
            ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=end)
        width = sum(ws.column_dimensions[get_column_letter(c)].width or 8
                    for c in range(col, end + 1))
        lines = -(-text_width(text) // max(int(width) - 1, 1))
        ws.row_dimensions[r].height = max(15, 14 * lines)

    section_title(ws, row, "图例")
    row += 1
    for col, text in ((1, "代码"), (2, "名称"), (3, "时间")):
        put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    row += 1
    for shift in data.shifts:
        put(ws, row, 1, shift.code, bold=True, fill=to_argb(shift.colour))
        put(ws, row, 2, shift.name, align=LEFT)
        text_cell(row, 3, f"{shift_times(shift)}，{shift.category.value}")
        row += 1

    # Samples of the marks: a real cell of this roster when there is one.
    code = data.shifts[0].code if data.shifts else "A"
    borrowed = next((a for a in result.assignments if a.borrowed and not a.cover_for), None)
    cover = next((a for a in result.assignments if a.cover_for and not a.borrowed), None)
    borrowed_sample = (cell_label(data, borrowed)[0] if borrowed
                       else f"{code}({MARK_BORROWED}岗位)")
    cover_sample = cell_label(data, cover)[0] if cover else f"{code}({MARK_COVER}班)"
    marks = [
        (borrowed_sample, BORROWED_BORDER, BORROWED_COLOUR, None,
         "借：借调到其他服务项目的岗位上班（括号内为岗位简称，紫色虚线框；批注写明岗位）"),
        (cover_sample, COVER_BORDER, COVER_COLOUR, None,
         "顶：顶替，本班兼做括号内班次的工作，该班次当天无人上班（蓝色双线框；批注写明所顶班次）"),
        (MARK_ABSENT, THIN_BORDER, None, ABSENT_FILL, "假：请假、培训或外出（批注写明假别）"),
        (MARK_IN_LIEU, THIN_BORDER, "FFC00000", HOLIDAY_FILL,
         "表头“休”：调休休息日；表头“班”：调休上班日；表头节日名（如春节）：法定节假日"),
        (None, THIN_BORDER, None, WEEKEND_FILL,
         "灰色底纹：周末；浅红底纹：法定节假日及调休休息日；空白格：休息"),
    ]
    for sample, border, colour, fill, text in marks:
        put(ws, row, 1, sample, border=border, fill=fill, align=SHRINK,
            font=cell_font(bold=True, colour=colour))
        text_cell(row, 2, text)
        row += 1
