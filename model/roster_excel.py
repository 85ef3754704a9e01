"""Excel export of a solved roster (排班表), for printing and for the hospital's records.

`roster_workbook(data, result)` returns the bytes of an .xlsx workbook with five sheets:

1. 排班表 - the printable grid: one row per staff member grouped by department and service
   line, one column per day (date, weekday, holiday mark), shift codes filled with the shift
   colour, borrowed (借) and cover (顶) cells marked, absences (假), row totals, a legend.
2. 覆盖   - coverage per post, shift and day (shortfalls in red) and the list of gaps.
3. 工时   - hours, overtime by pay category, nights, weekend and holiday days per person.
4. 费用   - monthly service fee, overtime cost in total and per service line.
5. 说明   - rules in force, solver statistics, penalties by rule, conflicts and notes.

The function is pure: it reads nothing but its arguments and writes nothing but the bytes.
"""

from __future__ import annotations

import io
import unicodedata
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from model.calendar import CalendarDay, DayKind
from model.contract import ServiceLine
from model.dataset import DataSet
from model.events import Absence
from model.hours import is_holiday_day, is_weekend_day
from model.posts import Post
from model.roster import Assignment, RosterResult
from model.shifts import ShiftType
from model.staff import Employment, Staff

HOSPITAL_NAME = "柳州市眼科医院"
TITLE = f"{HOSPITAL_NAME} 辅助服务外包人员排班表"

SHEET_GRID = "排班表"
SHEET_COVERAGE = "覆盖"
SHEET_HOURS = "工时"
SHEET_COST = "费用"
SHEET_NOTES = "说明"

WEEKDAYS = "一二三四五六日"
MARK_BORROWED = "借"
MARK_COVER = "顶"
MARK_ABSENT = "假"
MARK_IN_LIEU = "休"
MARK_MAKEUP = "班"

MONEY_FORMAT = '"¥"#,##0.00'
HOURS_FORMAT = "0.0"
DATE_FORMAT = "yyyy-mm-dd"
AUTHOR = "排班系统"

#: First grid row below the title and the three header rows.
GRID_TITLE_ROW, GRID_PERIOD_ROW = 1, 2
GRID_DATE_ROW, GRID_WEEKDAY_ROW, GRID_MARK_ROW = 3, 4, 5
GRID_FIRST_ROW = 6
FIRST_DAY_COL = 4  # columns A-C: 工号, 姓名, 服务项目
#: Width of every day column (Excel units): enough for '导(顶雾)', small enough that a
#: 31-day month stays readable on one A4 landscape page.
MIN_DAY_WIDTH, MAX_DAY_WIDTH = 5, 8

FONT_NAME = "宋体"

# Colours (ARGB).
WEEKEND_FILL = "FFEDEDED"
HOLIDAY_FILL = "FFFCE4D6"
HEADER_FILL = "FFD9E1F2"
DEPT_FILL = "FF305496"
LINE_FILL = "FFDDEBF7"
ABSENT_FILL = "FFBFBFBF"
SHORTFALL_FILL = "FFFF9999"
GAP_FILL = "FFFFC7CE"
BORROWED_COLOUR = "FF7030A0"
COVER_COLOUR = "FF1F4E79"
GRID_LINE = "FFA6A6A6"


# -- small style helpers -----------------------------------------------------------------
def _argb(colour: str) -> str:
    """'#DDEBF7' -> 'FFDDEBF7'."""
    return "FF" + colour.lstrip("#").upper()


def _fill(argb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=argb, end_color=argb)


def _font(bold: bool = False, size: float = 10, colour: str | None = None,
          italic: bool = False) -> Font:
    return Font(name=FONT_NAME, bold=bold, size=size, color=colour, italic=italic)


_THIN = Side(style="thin", color=GRID_LINE)
THIN_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BORROWED_SIDE = Side(style="mediumDashed", color=BORROWED_COLOUR)
BORROWED_BORDER = Border(left=_BORROWED_SIDE, right=_BORROWED_SIDE, top=_BORROWED_SIDE,
                         bottom=_BORROWED_SIDE)
_COVER_SIDE = Side(style="double", color=COVER_COLOUR)
COVER_BORDER = Border(left=_COVER_SIDE, right=_COVER_SIDE, top=_COVER_SIDE, bottom=_COVER_SIDE)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=False)
LEFT_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
SHRINK = Alignment(horizontal="center", vertical="center", shrink_to_fit=True)


def _text_width(text: object) -> int:
    """Display width: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _put(ws: Worksheet, row: int, col: int, value: object, *, bold: bool = False,
         fill: str | None = None, align: Alignment = CENTER, border: Border | None = THIN_BORDER,
         number_format: str | None = None, font: Font | None = None):
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = font or _font(bold=bold)
    cell.alignment = align
    if fill:
        cell.fill = _fill(fill)
    if border is not None:
        cell.border = border
    if number_format:
        cell.number_format = number_format
    return cell


def _header_row(ws: Worksheet, row: int, headers: list[str], widths: list[float] | None = None):
    for col, text in enumerate(headers, 1):
        _put(ws, row, col, text, bold=True, fill=HEADER_FILL)
        if widths:
            ws.column_dimensions[get_column_letter(col)].width = widths[col - 1]


def _section_title(ws: Worksheet, row: int, text: str) -> None:
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = _font(bold=True, size=12)
    cell.alignment = LEFT


def _print_setup(ws: Worksheet, *, landscape: bool, title_rows: str | None) -> None:
    """A4, fit to one page wide (any number of pages tall), header rows repeated."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = (ws.ORIENTATION_LANDSCAPE if landscape
                                 else ws.ORIENTATION_PORTRAIT)
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.3, right=0.3, top=0.5, bottom=0.5, header=0.2,
                                  footer=0.2)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
    if title_rows:
        ws.print_title_rows = title_rows


def _money(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _number(value: float | None) -> float | int | None:
    """12.0 -> 12, 0.6 -> 0.6; None stays None."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def _day_mark(item: CalendarDay) -> str:
    """The header mark of a day: holiday name, 休 (in-lieu day off), 班 (make-up workday)."""
    if item.kind is DayKind.HOLIDAY:
        return item.name or "节"
    if item.kind is DayKind.IN_LIEU:
        return MARK_IN_LIEU
    if item.kind is DayKind.MAKEUP:
        return MARK_MAKEUP
    return ""


def _day_shade(item: CalendarDay) -> str | None:
    if is_holiday_day(item):
        return HOLIDAY_FILL
    if is_weekend_day(item):
        return WEEKEND_FILL
    return None


def _shift_times(shift: ShiftType) -> str:
    parts = [f"{seg.start}-{seg.end}" for seg in shift.segments]
    return "，".join(parts) + f"（{_number(round(shift.hours, 2))}小时）"


def _post_short(post: Post | None, post_id: str) -> str:
    """Short post name for a grid cell: the name without a trailing 岗/岗位, two characters."""
    name = post.name if post else post_id
    for suffix in ("岗位", "岗"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name[:2]


def _shift_short(shift: ShiftType | None, code: str) -> str:
    """One character naming a shift in a 顶替 mark: the first of its name (雾化班 -> 雾)."""
    return shift.name[0] if shift and shift.name else code


# -- grouping ------------------------------------------------------------------------------
class _Group:
    def __init__(self, dept_name: str, line: ServiceLine | None, line_name: str) -> None:
        self.dept_name = dept_name
        self.line = line
        self.line_name = line_name
        self.staff: list[Staff | str] = []  # a bare id when the person is unknown


def _groups(data: DataSet, result: RosterResult) -> list[tuple[str, list[_Group]]]:
    """Staff grouped by department (data order) then line (contract order)."""
    assigned_ids = {a.staff_id for a in result.assignments}
    shown = [s for s in data.staff
             if s.employment is Employment.VENDOR or s.id in assigned_ids]
    unknown = sorted(assigned_ids - {s.id for s in data.staff})

    by_line: dict[str, list[Staff]] = defaultdict(list)
    for member in shown:
        by_line[member.line_id].append(member)

    out: list[tuple[str, list[_Group]]] = []
    lines_sorted = sorted(data.lines, key=lambda line: (line.seq, line.id))
    for dept in data.departments:
        groups = []
        for line in lines_sorted:
            if line.department_id == dept.id and by_line.get(line.id):
                group = _Group(dept.name, line, line.name)
                group.staff = sorted(by_line.pop(line.id), key=lambda s: s.id)
                groups.append(group)
        if groups:
            out.append((dept.name, groups))
    leftovers = [s for members in by_line.values() for s in members]
    if leftovers or unknown:
        group = _Group("其他", None, "未知服务项目")
        group.staff = [*sorted(leftovers, key=lambda s: s.id), *unknown]
        out.append(("其他", [group]))
    return out


def _ordered_staff_ids(groups: list[tuple[str, list[_Group]]]) -> list[str]:
    return [m if isinstance(m, str) else m.id
            for _, dept_groups in groups for g in dept_groups for m in g.staff]


# -- sheet 1: the grid ---------------------------------------------------------------------
def _cell_label(data: DataSet, item: Assignment) -> tuple[str, list[str]]:
    """Text of one assignment in the grid and the comment lines explaining its marks."""
    shift = data.shift_by_code.get(item.shift)
    post = data.post_by_id.get(item.post_id)
    marks: list[str] = []
    notes: list[str] = []
    if item.borrowed:
        marks.append(MARK_BORROWED + _post_short(post, item.post_id))
        line_names = "、".join(data.line_by_id[i].name for i in (post.lines if post else ())
                              if i in data.line_by_id)
        where = f"{post.name if post else item.post_id}" + (f"（{line_names}）" if line_names
                                                            else "")
        notes.append(f"借调：在其他服务项目的岗位 {where} 上班。")
    if item.cover_for:
        covered = data.shift_by_code.get(item.cover_for)
        marks.append(MARK_COVER + _shift_short(covered, item.cover_for))
        covered_name = covered.name if covered else item.cover_for
        own_name = shift.name if shift else item.shift
        notes.append(f"顶替：{own_name}兼做{covered_name}（{item.cover_for}）的工作，"
                     f"当天{covered_name}无人上班。")
    text = item.shift + (f"({','.join(marks)})" if marks else "")
    return text, notes


def _absence_text(absences: list[Absence]) -> str:
    parts = []
    for absence in absences:
        text = absence.kind.value + ("（申请中，未批准）" if not absence.approved else "")
        if absence.note:
            text += f"：{absence.note}"
        parts.append(text)
    return "；".join(parts)


def _grid_sheet(ws: Worksheet, data: DataSet, result: RosterResult,
                days: list[CalendarDay], groups: list[tuple[str, list[_Group]]]) -> None:
    n_days = len(days)
    total_col = FIRST_DAY_COL + n_days  # 班次
    hours_col = total_col + 1  # 工时
    last_col = hours_col
    last_letter = get_column_letter(last_col)

    # Title and period.
    ws.merge_cells(f"A{GRID_TITLE_ROW}:{last_letter}{GRID_TITLE_ROW}")
    _put(ws, GRID_TITLE_ROW, 1, TITLE, font=_font(bold=True, size=16), border=None)
    ws.row_dimensions[GRID_TITLE_ROW].height = 26
    period = (f"排班周期：{result.start.year}年{result.start.month}月{result.start.day}日 至 "
              f"{result.end.year}年{result.end.month}月{result.end.day}日（共{n_days}天）"
              f"    求解状态：{result.status.label}")
    ws.merge_cells(f"A{GRID_PERIOD_ROW}:{last_letter}{GRID_PERIOD_ROW}")
    _put(ws, GRID_PERIOD_ROW, 1, period, font=_font(size=10), border=None)

    # Header rows: A-C and the totals span three rows; each day has date, weekday, mark.
    for col, text in ((1, "工号"), (2, "姓名"), (3, "服务项目"), (total_col, "班次"),
                      (hours_col, "工时")):
        for row in (GRID_DATE_ROW, GRID_WEEKDAY_ROW, GRID_MARK_ROW):
            _put(ws, row, col, text if row == GRID_DATE_ROW else None, bold=True,
                 fill=HEADER_FILL)
        ws.merge_cells(start_row=GRID_DATE_ROW, start_column=col, end_row=GRID_MARK_ROW,
                       end_column=col)
    for index, item in enumerate(days):
        col = FIRST_DAY_COL + index
        shade = _day_shade(item) or HEADER_FILL
        mark = _day_mark(item)
        _put(ws, GRID_DATE_ROW, col, f"{item.day.month}/{item.day.day}", bold=True, fill=shade)
        _put(ws, GRID_WEEKDAY_ROW, col, _weekday(item.day), bold=True, fill=shade)
        mark_font = _font(bold=True, size=9,
                          colour="FFC00000" if item.kind is not DayKind.MAKEUP else "FF375623")
        _put(ws, GRID_MARK_ROW, col, mark or None, fill=shade, font=mark_font)

    # Index the roster.
    by_cell: dict[tuple[str, date], list[Assignment]] = defaultdict(list)
    for item in result.assignments:
        by_cell[(item.staff_id, item.day)].append(item)
    day_set = {d.day for d in days}

    widths = [_text_width("工号"), _text_width("姓名"), _text_width("服务项目")]
    labelled: list[tuple[object, int]] = []  # grid cells with text, and their width
    row = GRID_FIRST_ROW
    for dept_name, dept_groups in groups:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        _put(ws, row, 1, f"科室：{dept_name}", align=LEFT, fill=DEPT_FILL,
             font=_font(bold=True, colour="FFFFFFFF"))
        row += 1
        for group in dept_groups:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
            seq = f"{group.line.seq}. " if group.line else ""
            _put(ws, row, 1, f"{dept_name} ／ 服务项目：{seq}{group.line_name}"
                             f"（{len(group.staff)}人）", align=LEFT, fill=LINE_FILL, bold=True)
            row += 1
            for member in group.staff:
                staff_id = member if isinstance(member, str) else member.id
                name = "" if isinstance(member, str) else member.name
                line = None if isinstance(member, str) else data.line_by_id.get(member.line_id)
                line_name = line.name if line else ""
                for col, value in ((1, staff_id), (2, name), (3, line_name)):
                    _put(ws, row, col, value, align=LEFT if col == 3 else CENTER)
                widths = [max(widths[0], _text_width(staff_id)), max(widths[1], _text_width(name)),
                          max(widths[2], _text_width(line_name))]
                shifts_done = 0
                hours_done = 0.0
                for index, item in enumerate(days):
                    col = FIRST_DAY_COL + index
                    worked = by_cell.get((staff_id, item.day), [])
                    cell = _put(ws, row, col, None, fill=_day_shade(item))
                    if worked:
                        labels, notes = [], []
                        for assignment in worked:
                            text, lines = _cell_label(data, assignment)
                            labels.append(text)
                            notes += lines
                            shifts_done += 1
                            hours_done += assignment.hours
                        cell.value = "/".join(labels)
                        first = worked[0]
                        shift = data.shift_by_code.get(first.shift)
                        if shift:
                            cell.fill = _fill(_argb(shift.colour))
                        if any(a.borrowed for a in worked):
                            cell.border = BORROWED_BORDER
                            cell.font = _font(bold=True, colour=BORROWED_COLOUR)
                        elif any(a.cover_for for a in worked):
                            cell.border = COVER_BORDER
                            cell.font = _font(bold=True, colour=COVER_COLOUR)
                        if notes:
                            comment = Comment("\n".join(notes), AUTHOR)
                            comment.width, comment.height = 260, 90
                            cell.comment = comment
                        labelled.append((cell, _text_width(cell.value) + 1))
                    else:
                        absences = data.absences_on(staff_id, item.day)
                        if absences:
                            cell.value = MARK_ABSENT
                            cell.fill = _fill(ABSENT_FILL)
                            comment = Comment(_absence_text(absences), AUTHOR)
                            comment.width, comment.height = 200, 60
                            cell.comment = comment
                _put(ws, row, total_col, shifts_done, bold=True)
                _put(ws, row, hours_col, round(hours_done, 2), bold=True,
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

    _legend(ws, data, result, last_grid_row + 2, last_col)
    if outside:
        ws.cell(row=ws.max_row + 2, column=1,
                value=f"注意：有 {outside} 条排班不在排班周期内，未列入上表。").font = _font(
                    bold=True, colour="FFC00000")

    ws.freeze_panes = f"{get_column_letter(FIRST_DAY_COL)}{GRID_FIRST_ROW}"
    _print_setup(ws, landscape=True, title_rows=f"{GRID_TITLE_ROW}:{GRID_MARK_ROW}")
    ws.print_area = f"A1:{last_letter}{ws.max_row}"


def _legend(ws: Worksheet, data: DataSet, result: RosterResult, row: int,
            last_col: int) -> None:
    """Every shift code with its name, times and colour, then the marks of the grid.

    Long texts are merged up to the grid's last column and wrapped, so that they stay
    inside the printed width."""

    def text_cell(r: int, col: int, text: str) -> None:
        _put(ws, r, col, text, align=LEFT_WRAP, border=None)
        end = max(col, last_col)
        if end > col:
            ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=end)
        width = sum(ws.column_dimensions[get_column_letter(c)].width or 8
                    for c in range(col, end + 1))
        lines = -(-_text_width(text) // max(int(width) - 1, 1))
        ws.row_dimensions[r].height = max(15, 14 * lines)

    _section_title(ws, row, "图例")
    row += 1
    for col, text in ((1, "代码"), (2, "名称"), (3, "时间")):
        _put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    row += 1
    for shift in data.shifts:
        _put(ws, row, 1, shift.code, bold=True, fill=_argb(shift.colour))
        _put(ws, row, 2, shift.name, align=LEFT)
        text_cell(row, 3, f"{_shift_times(shift)}，{shift.category.value}")
        row += 1

    # Samples of the marks: a real cell of this roster when there is one.
    code = data.shifts[0].code if data.shifts else "A"
    borrowed = next((a for a in result.assignments if a.borrowed and not a.cover_for), None)
    cover = next((a for a in result.assignments if a.cover_for and not a.borrowed), None)
    borrowed_sample = (_cell_label(data, borrowed)[0] if borrowed
                       else f"{code}({MARK_BORROWED}岗位)")
    cover_sample = _cell_label(data, cover)[0] if cover else f"{code}({MARK_COVER}班)"
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
        _put(ws, row, 1, sample, border=border, fill=fill, align=SHRINK,
             font=_font(bold=True, colour=colour))
        text_cell(row, 2, text)
        row += 1


# -- sheet 2: coverage ---------------------------------------------------------------------
def _coverage_sheet(ws: Worksheet, data: DataSet, result: RosterResult) -> None:
    headers = ["日期", "星期", "岗位", "班次", "需求", "目标", "院方人员", "排班人数", "顶替",
               "缺口"]
    _header_row(ws, 1, headers, [12, 6, 18, 14, 7, 7, 9, 9, 7, 7])
    post_order = {p.id: i for i, p in enumerate(data.posts)}
    shift_order = {s.code: i for i, s in enumerate(data.shifts)}
    rows = sorted(result.coverage, key=lambda c: (c.day, post_order.get(c.post_id, 10**6),
                                                  c.post_id, shift_order.get(c.shift, 10**6),
                                                  c.shift))
    row = 2
    for item in rows:
        post = data.post_by_id.get(item.post_id)
        values = [item.day, _weekday(item.day), post.name if post else item.post_id,
                  _shift_label(data, item.shift), item.required, item.target,
                  item.hospital_supply, item.assigned, "是" if item.absorbed else "",
                  item.shortfall]
        fill = SHORTFALL_FILL if item.shortfall > 0 else None
        for col, value in enumerate(values, 1):
            _put(ws, row, col, value, fill=fill, align=LEFT if col in (3, 4) else CENTER,
                 number_format=DATE_FORMAT if col == 1 else None,
                 bold=item.shortfall > 0 and col == 10)
        row += 1
    last_coverage_row = row - 1
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last_coverage_row}"
    ws.freeze_panes = "A2"

    row += 1
    _section_title(ws, row, f"缺口明细（共 {len(result.gaps)} 处）")
    row += 1
    gap_headers = ["日期", "星期", "岗位", "班次", "缺少人数", "原因"]
    for col, text in enumerate(gap_headers, 1):
        _put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    row += 1
    if not result.gaps:
        _put(ws, row, 1, "无缺口", align=LEFT, border=None)
    for gap in sorted(result.gaps, key=lambda g: (g.day, g.post_id, g.shift)):
        post = data.post_by_id.get(gap.post_id)
        values = [gap.day, _weekday(gap.day), post.name if post else gap.post_id,
                  _shift_label(data, gap.shift), gap.missing, "；".join(gap.reasons) or "—"]
        for col, value in enumerate(values, 1):
            _put(ws, row, col, value, fill=GAP_FILL, align=LEFT_WRAP if col >= 3 else CENTER,
                 number_format=DATE_FORMAT if col == 1 else None)
        # The reasons may be long: let them run across the remaining columns.
        ws.merge_cells(start_row=row, start_column=6, end_row=row, end_column=len(headers))
        ws.row_dimensions[row].height = max(15, 15 * (1 + _text_width(values[5]) // 60))
        row += 1
    _print_setup(ws, landscape=True, title_rows="1:1")


def _shift_label(data: DataSet, code: str) -> str:
    shift = data.shift_by_code.get(code)
    return f"{code} {shift.name}" if shift else code


# -- sheet 3: hours ------------------------------------------------------------------------
HOURS_HEADERS = ["工号", "姓名", "服务项目", "出勤天数", "工时", "加班(150%)", "加班(200%)",
                 "加班(300%)", "加班费", "夜班", "周末班", "节假日班"]


def _hours_sheet(ws: Worksheet, data: DataSet, result: RosterResult,
                 order: list[str]) -> None:
    _header_row(ws, 1, HOURS_HEADERS, [10, 9, 18, 9, 9, 11, 11, 11, 12, 7, 8, 9])
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
        values = [summary.staff_id, member.name if member else "", line.name if line else "",
                  summary.days_worked, round(summary.hours, 2),
                  round(summary.overtime_150_hours, 2), round(summary.overtime_200_hours, 2),
                  round(summary.overtime_300_hours, 2), _money(summary.overtime_cost),
                  summary.nights, summary.weekend_days, summary.holiday_days]
        for col, value in enumerate(values, 1):
            _put(ws, row, col, value, align=LEFT if col == 3 else CENTER,
                 number_format=formats[col - 1])
            if col > 3:
                totals[col - 1] += float(value)
        row += 1
    _put(ws, row, 1, "合计", bold=True, fill=HEADER_FILL)
    _put(ws, row, 2, f"{len(summaries)}人", bold=True, fill=HEADER_FILL)
    _put(ws, row, 3, None, fill=HEADER_FILL)
    for col in range(4, len(HOURS_HEADERS) + 1):
        total = totals[col - 1]
        value = _money(total) if col == 9 else _number(round(total, 2))
        _put(ws, row, col, value, bold=True, fill=HEADER_FILL, number_format=formats[col - 1])
    ws.freeze_panes = "D2"
    _print_setup(ws, landscape=True, title_rows="1:1")


# -- sheet 4: cost -------------------------------------------------------------------------
def _cost_sheet(ws: Worksheet, data: DataSet, result: RosterResult,
                monthly_fee_total: Decimal | None, overtime_cost_total: Decimal | None) -> None:
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 10
    ws.column_dimensions["D"].width = 12
    ws.column_dimensions["E"].width = 16
    ws.merge_cells("A1:E1")
    _put(ws, 1, 1, f"{HOSPITAL_NAME} 辅助服务费用（{result.start.isoformat()} 至 "
                   f"{result.end.isoformat()}）", font=_font(bold=True, size=14), border=None)

    by_line: dict[str, list] = defaultdict(list)
    for summary in result.staff_summary:
        member = data.staff_by_id.get(summary.staff_id)
        by_line[member.line_id if member else ""].append(summary)
    computed_total = sum((_money(s.overtime_cost) for s in result.staff_summary), Decimal(0))

    row = 3
    _put(ws, row, 1, "项目", bold=True, fill=HEADER_FILL)
    _put(ws, row, 2, None, fill=HEADER_FILL)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    _put(ws, row, 3, "金额", bold=True, fill=HEADER_FILL)
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)
    rows = [("月度服务费合计", monthly_fee_total, "未提供"),
            ("加班费合计", overtime_cost_total if overtime_cost_total is not None
             else computed_total, "")]
    for label, amount, missing in rows:
        row += 1
        _put(ws, row, 1, label, align=LEFT, bold=True)
        _put(ws, row, 2, None)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        _put(ws, row, 3, _money(amount) if amount is not None else missing, bold=True,
             number_format=MONEY_FORMAT, align=Alignment(horizontal="right"))
        for col in (4, 5):
            _put(ws, row, col, None)
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)
    if overtime_cost_total is None:
        row += 1
        ws.cell(row=row, column=1, value="加班费合计按各人加班费汇总。").font = _font(size=9)

    row += 2
    _section_title(ws, row, "加班费（按服务项目）")
    row += 1
    headers = ["序号", "服务项目", "人数", "加班工时", "加班费"]
    for col, text in enumerate(headers, 1):
        _put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    line_ids = [line.id for line in sorted(data.lines, key=lambda line: (line.seq, line.id))
                if line.id in by_line]
    line_ids += sorted(set(by_line) - set(line_ids))
    for line_id in line_ids:
        row += 1
        line = data.line_by_id.get(line_id)
        members = by_line[line_id]
        ot_hours = sum(s.overtime_150_hours + s.overtime_200_hours + s.overtime_300_hours
                       for s in members)
        cost = sum((_money(s.overtime_cost) for s in members), Decimal(0))
        values = [line.seq if line else "", line.name if line else (line_id or "未知服务项目"),
                  len(members), round(ot_hours, 2), cost]
        for col, value in enumerate(values, 1):
            _put(ws, row, col, value, align=LEFT if col == 2 else CENTER,
                 number_format={4: HOURS_FORMAT, 5: MONEY_FORMAT}.get(col))
    row += 1
    _put(ws, row, 1, "合计", bold=True, fill=HEADER_FILL)
    _put(ws, row, 2, None, fill=HEADER_FILL)
    _put(ws, row, 3, sum(len(by_line[i]) for i in line_ids), bold=True, fill=HEADER_FILL)
    _put(ws, row, 4, round(sum(s.overtime_150_hours + s.overtime_200_hours
                               + s.overtime_300_hours for s in result.staff_summary), 2),
         bold=True, fill=HEADER_FILL, number_format=HOURS_FORMAT)
    _put(ws, row, 5, computed_total, bold=True, fill=HEADER_FILL, number_format=MONEY_FORMAT)
    _print_setup(ws, landscape=False, title_rows=None)


# -- sheet 5: notes ------------------------------------------------------------------------
def _notes_sheet(ws: Worksheet, data: DataSet, result: RosterResult,
                 days: list[CalendarDay], outside: int) -> None:
    for col, width in enumerate([22, 28, 10, 8, 12, 14, 60], 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    row = 1
    _section_title(ws, row, "生效规则")
    row += 1
    for col, text in enumerate(["编号", "名称", "数值", "硬/软", "权重", "单位", "来源"], 1):
        _put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    for rule in data.rules.rules:
        row += 1
        values = [rule.id, rule.name, _number(rule.value), "硬" if rule.hard else "软",
                  rule.weight, rule.unit, rule.source]
        for col, value in enumerate(values, 1):
            _put(ws, row, col, value, align=LEFT_WRAP if col in (2, 7) else CENTER)

    row += 2
    _section_title(ws, row, "求解统计")
    stats = result.stats
    entries: list[tuple[str, object]] = [
        ("状态", result.status.label),
        ("目标值", result.objective if result.objective is not None else "—"),
        ("下界", _number(result.best_bound) if result.best_bound is not None else "—"),
    ]
    if stats is not None:
        entries += [
            ("用时（秒）", round(stats.wall_time_s, 2)),
            ("首个解用时（秒）", round(stats.time_to_first_solution_s, 2)
             if stats.time_to_first_solution_s is not None else "—"),
            ("并行线程数", stats.workers),
            ("变量数", stats.variables),
            ("约束数", stats.constraints),
            ("求解阶段", "、".join(stats.stages) or "—"),
            ("求解器状态", stats.solver_status),
        ]
    else:
        entries.append(("求解器", "无统计信息"))
    for label, value in entries:
        row += 1
        _put(ws, row, 1, label, bold=True, fill=HEADER_FILL, align=LEFT)
        _put(ws, row, 2, value, align=LEFT)

    row += 2
    _section_title(ws, row, "罚分（按规则）")
    row += 1
    for col, text in enumerate(["编号", "名称", "次数", "权重", "罚分"], 1):
        _put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    names = {rule.id: rule.name for rule in data.rules.rules}
    for line in sorted(result.penalties, key=lambda p: (-p.cost, p.rule)):
        row += 1
        values = [line.rule, line.name or names.get(line.rule, ""), _number(line.count),
                  line.weight, line.cost]
        for col, value in enumerate(values, 1):
            _put(ws, row, col, value, align=LEFT if col == 2 else CENTER,
                 number_format="#,##0" if col == 5 else None)
    row += 1
    _put(ws, row, 1, "合计", bold=True, fill=HEADER_FILL)
    for col in (2, 3, 4):
        _put(ws, row, col, None, fill=HEADER_FILL)
    _put(ws, row, 5, sum(p.cost for p in result.penalties), bold=True, fill=HEADER_FILL,
         number_format="#,##0")

    if result.conflicts:
        row += 2
        _section_title(ws, row, "互相矛盾的硬规则")
        for conflict in result.conflicts:
            row += 1
            _put(ws, row, 1, conflict.rule, align=LEFT)
            _put(ws, row, 2, conflict.message, align=LEFT_WRAP)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)

    notes = list(result.notes)
    notes += data.calendar.warnings(d.day for d in days)
    if outside:
        notes.append(f"有 {outside} 条排班不在排班周期内，未列入排班表。")
    row += 2
    _section_title(ws, row, "备注")
    if not notes:
        row += 1
        ws.cell(row=row, column=1, value="无").font = _font()
    for index, note in enumerate(notes, 1):
        row += 1
        _put(ws, row, 1, f"{index}. {note}", align=LEFT_WRAP, border=None)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
        ws.row_dimensions[row].height = max(15, 15 * (1 + _text_width(note) // 150))
    _print_setup(ws, landscape=True, title_rows=None)


# -- entry point ---------------------------------------------------------------------------
def roster_workbook(data: DataSet, result: RosterResult,
                    monthly_fee_total: Decimal | None = None,
                    overtime_cost_total: Decimal | None = None) -> bytes:
    """The roster as an .xlsx workbook (bytes): 排班表, 覆盖, 工时, 费用, 说明."""
    n_days = (result.end - result.start).days + 1
    days = data.calendar.days(result.start, max(n_days, 0))
    groups = _groups(data, result)
    day_set = {d.day for d in days}
    outside = sum(1 for a in result.assignments if a.day not in day_set)

    wb = Workbook()
    grid = wb.active
    grid.title = SHEET_GRID
    _grid_sheet(grid, data, result, days, groups)
    _coverage_sheet(wb.create_sheet(SHEET_COVERAGE), data, result)
    _hours_sheet(wb.create_sheet(SHEET_HOURS), data, result, _ordered_staff_ids(groups))
    _cost_sheet(wb.create_sheet(SHEET_COST), data, result, monthly_fee_total,
                overtime_cost_total)
    _notes_sheet(wb.create_sheet(SHEET_NOTES), data, result, days, outside)

    wb.properties.title = TITLE
    wb.properties.creator = AUTHOR
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
