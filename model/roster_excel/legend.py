"""The grid's legend (every shift, mark, leave status and shading it shows) and the
sign-off block (制表 / 审核 / 批准, each with a signature and a date line)."""

from __future__ import annotations

import math

from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.dataset import DataSet
from model.events import AbsenceKind, LeaveStatus
from model.leave import KIND_MARKS, LeaveLook, leave_look
from model.roster_excel.grid_cells import GRID_FONT_SIZE, REFUSED_COLOUR, UsedMarks, leave_fill
from model.roster_excel.paging import FIT_PADDING, fit_width, line_height
from model.roster_excel.styles import (
    BORROWED_BORDER,
    BORROWED_COLOUR,
    COVER_BORDER,
    COVER_COLOUR,
    HOLIDAY_FILL,
    LEFT_WRAP,
    MARK_IN_LIEU,
    MARK_MAKEUP,
    THIN_BORDER,
    WEEKEND_FILL,
    cell_font,
    put,
    shift_times,
    solid_fill,
    to_argb,
)
from model.shadowing import SHADOW_MARK
from model.training import TRAINING_COLOUR, TRAINING_MARK

#: The roles that sign the printed roster.
SIGN_OFF_ROLES = ("制表", "审核", "批准")
_LINE = Side(style="thin", color="FF000000")
_UNDERLINE = Border(bottom=_LINE)


def _width(ws: Worksheet, first: int, last: int) -> float:
    return sum(ws.column_dimensions[get_column_letter(c)].width or 8.43
               for c in range(first, last + 1))


def text_span(ws: Worksheet, row: int, first: int, last: int, text: str, *,
              bold: bool = False, border: Border | None = None,
              size: float = GRID_FONT_SIZE) -> int:
    """`text` in the cells first..last of `row`, merged and wrapped; the row made tall enough
    for its lines. Returns the number of lines."""
    put(ws, row, first, text, align=LEFT_WRAP, border=border,
        font=cell_font(bold=bold, size=size))
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    if border is not None:
        for col in range(first + 1, last + 1):
            ws.cell(row=row, column=col).border = border
    room = max(_width(ws, first, last) - FIT_PADDING, 1.0)
    lines = sum(max(1, math.ceil((fit_width(part, size, bold) - FIT_PADDING) / room))
                for part in text.split("\n"))
    height = line_height(lines, size)
    current = ws.row_dimensions[row].height or 0
    ws.row_dimensions[row].height = max(current, height)
    return lines


def legend_entries(data: DataSet, used: UsedMarks
                   ) -> list[tuple[str | None, dict[str, object], str]]:
    """(sample text, sample look, explanation) for every item the grid may show."""
    entries: list[tuple[str | None, dict[str, object], str]] = []
    for shift in data.shifts:
        entries.append((shift.code, {"fill": solid_fill(to_argb(shift.colour)), "bold": True},
                        f"{shift.name}：{shift_times(shift)}，{shift.category.value}"))
    for mark, posts in sorted(used.borrowed.items()):
        entries.append((mark, {"border": BORROWED_BORDER, "colour": BORROWED_COLOUR},
                        f"借调：到其他服务项目的岗位 {'、'.join(sorted(posts))} 上班"
                        "（紫色虚线框，写在班次下一行）"))
    for mark, shifts in sorted(used.cover.items()):
        entries.append((mark, {"border": COVER_BORDER, "colour": COVER_COLOUR},
                        f"顶替：本班兼做{'、'.join(sorted(shifts))}的工作，该班次当天无人上班"
                        "（蓝色双线框）"))
    if used.training or data.training_sessions:
        entries.append((TRAINING_MARK, {"fill": solid_fill(to_argb(TRAINING_COLOUR)),
                                        "bold": True},
                        "培训：当天参加季度业务培训（时间见批注），培训时间计入工时；"
                        "当天有班次时写在班次下一行"))
    if used.shadow:
        entries.append((SHADOW_MARK, {}, f"{SHADOW_MARK}：岗前培训跟班（带教），与已培训同事同岗"
                                         "同班，不计入在岗人数（写在班次下一行，批注写明带教老师）"))
    looks: dict[tuple[LeaveStatus, str], LeaveLook] = dict(used.leave)
    for status in LeaveStatus:  # every status, even one this roster does not show
        if not any(key[0] is status for key in looks):
            look = leave_look(status, AbsenceKind.ANNUAL)
            looks[(status, look.mark)] = look
    order = list(LeaveStatus)
    for (status, mark), look in sorted(looks.items(),
                                       key=lambda item: (order.index(item[0][0]), item[0][1])):
        sample: dict[str, object] = {"fill": leave_fill(look)}
        if status is LeaveStatus.REFUSED:
            sample["colour"] = REFUSED_COLOUR
        entries.append((mark, sample, f"{look.label}：{_leave_words(status, mark)}"))
    kinds = "，".join(f"{mark} {'、'.join(k.value for k in AbsenceKind if KIND_MARKS[k] == mark)}"
                     for mark in dict.fromkeys(KIND_MARKS.values()))
    entries.append((None, {}, f"假别简称：{kinds}"))
    entries.append((MARK_IN_LIEU, {"fill": solid_fill(HOLIDAY_FILL), "colour": "FFC00000",
                                   "bold": True},
                    f"表头“{MARK_IN_LIEU}”：调休休息日；表头“{MARK_MAKEUP}”：调休上班日；"
                    "表头节日名（如春节）：法定节假日"))
    entries.append((None, {"fill": solid_fill(WEEKEND_FILL)},
                    "灰色底纹：周末；浅红底纹：法定节假日及调休休息日；空白格：休息"))
    return entries


def _leave_words(status: LeaveStatus, mark: str) -> str:
    if status is LeaveStatus.APPROVED:
        return f"“{mark}”为已批准的请假，当天休息（灰色底）"
    if status is LeaveStatus.REQUESTED:
        return f"“{mark}”为请假申请，待批准，已尽量安排休息（黄色斜线底）"
    return (f"“{mark}”为请假申请已驳回，照常上班（无请假底色，写在班次后；"
            "批注写明所驳回的假别）")


def legend(ws: Worksheet, data: DataSet, used: UsedMarks, row: int, first: int,
           last: int) -> int:
    """The legend from `row` in columns first..last: each entry a sample cell and its text
    merged over the next columns, two entries a row when there are 12 columns or more.
    Returns the last row written."""
    put(ws, row, first, "图例", border=None, font=cell_font(bold=True, size=GRID_FONT_SIZE + 1),
        align=LEFT_WRAP)
    entries = legend_entries(data, used)
    cols = last - first + 1
    halves = [(first, last)] if cols < 12 else [(first, first + cols // 2 - 1),
                                                 (first + cols // 2, last)]
    per_column = -(-len(entries) // len(halves))
    for index, (sample, look, text) in enumerate(entries):
        start, end = halves[index // per_column]
        at = row + 1 + index % per_column
        cell = put(ws, at, start, sample, border=look.get("border", THIN_BORDER),  # type: ignore[arg-type]
                   font=cell_font(bold=bool(look.get("bold")), size=GRID_FONT_SIZE,
                                  colour=look.get("colour")))  # type: ignore[arg-type]
        if look.get("fill") is not None:
            cell.fill = look["fill"]  # type: ignore[assignment]
        text_span(ws, at, start + 1, end, text)
    return row + per_column


def sign_off(ws: Worksheet, row: int, first: int, last: int) -> int:
    """制表 / 审核 / 批准, each with 签名 and 日期 lines, from `row` in columns first..last.
    Returns the last row written."""
    text_span(ws, row, first, last, "签字确认", bold=True, size=GRID_FONT_SIZE + 1)
    cols = last - first + 1
    for role in SIGN_OFF_ROLES:
        row += 1
        if cols >= 6:
            sign_end = first + max(2, (cols - 1) // 2)
            put(ws, row, first, f"{role}：", border=None,
                font=cell_font(bold=True, size=GRID_FONT_SIZE + 1))
            text_span(ws, row, first + 1, sign_end, "签名：", border=_UNDERLINE,
                      size=GRID_FONT_SIZE + 1)
            text_span(ws, row, sign_end + 1, last, "日期：        年      月      日",
                      border=_UNDERLINE, size=GRID_FONT_SIZE + 1)
            ws.row_dimensions[row].height = 30
        else:  # a narrow last page: role, signature and date one under the other
            text_span(ws, row, first, last, f"{role}：", bold=True, size=GRID_FONT_SIZE + 1)
            text_span(ws, row + 1, first, last, "签名：", border=_UNDERLINE,
                      size=GRID_FONT_SIZE + 1)
            text_span(ws, row + 2, first, last, "日期：    年  月  日", border=_UNDERLINE,
                      size=GRID_FONT_SIZE + 1)
            ws.row_dimensions[row + 1].height = 28
            row += 2
    return row


def sign_off_rows(cols: int) -> int:
    """How many rows the sign-off block takes in `cols` columns."""
    return 1 + len(SIGN_OFF_ROLES) * (1 if cols >= 6 else 3)
