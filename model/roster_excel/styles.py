"""Shared styles and cell helpers of the roster workbook: names, colours, fonts, print setup."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.calendar import CalendarDay, DayKind
from model.dataset import DataSet
from model.hours import is_holiday_day, is_weekend_day
from model.posts import Post
from model.shifts import ShiftType

ROSTER_TITLE = "辅助服务外包人员排班表"
COST_TITLE = "辅助服务费用"


def titled(data: DataSet, title: str) -> str:
    """A title headed by the contract's name (`ContractTerms.display_name`), if it has one."""
    name = data.contract.display_name
    return f"{name} {title}" if name else title

SHEET_GRID = "排班表"
SHEET_COVERAGE = "覆盖"
SHEET_HOURS = "工时"
SHEET_COST = "费用"
SHEET_NOTES = "说明"

WEEKDAYS = "一二三四五六日"
MARK_BORROWED = "借"
MARK_COVER = "顶"
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

FONT_NAME = "宋体"

# Colours (ARGB).
WEEKEND_FILL = "FFEDEDED"
HOLIDAY_FILL = "FFFCE4D6"
HEADER_FILL = "FFD9E1F2"
DEPT_FILL = "FF305496"
LINE_FILL = "FFDDEBF7"
SHORTFALL_FILL = "FFFF9999"
GAP_FILL = "FFFFC7CE"
BORROWED_COLOUR = "FF7030A0"
COVER_COLOUR = "FF1F4E79"
GRID_LINE = "FFA6A6A6"


# -- small style helpers -----------------------------------------------------------------
def to_argb(colour: str) -> str:
    """'#DDEBF7' -> 'FFDDEBF7'."""
    return "FF" + colour.lstrip("#").upper()


def solid_fill(argb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=argb, end_color=argb)


def cell_font(bold: bool = False, size: float = 10, colour: str | None = None,
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


def text_width(text: object) -> int:
    """Display width: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def put(ws: Worksheet, row: int, col: int, value: object, *, bold: bool = False,
        fill: str | None = None, align: Alignment = CENTER, border: Border | None = THIN_BORDER,
        number_format: str | None = None, font: Font | None = None):
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = font or cell_font(bold=bold)
    cell.alignment = align
    if fill:
        cell.fill = solid_fill(fill)
    if border is not None:
        cell.border = border
    if number_format:
        cell.number_format = number_format
    return cell


def header_row(ws: Worksheet, row: int, headers: list[str], widths: list[float] | None = None):
    for col, text in enumerate(headers, 1):
        put(ws, row, col, text, bold=True, fill=HEADER_FILL)
        if widths:
            ws.column_dimensions[get_column_letter(col)].width = widths[col - 1]


def section_title(ws: Worksheet, row: int, text: str) -> None:
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = cell_font(bold=True, size=12)
    cell.alignment = LEFT


def as_money(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def as_number(value: float | None) -> float | int | None:
    """12.0 -> 12, 0.6 -> 0.6; None stays None."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def day_mark(item: CalendarDay) -> str:
    """The header mark of a day: holiday name, 休 (in-lieu day off), 班 (make-up workday)."""
    if item.kind is DayKind.HOLIDAY:
        return item.name or "节"
    if item.kind is DayKind.IN_LIEU:
        return MARK_IN_LIEU
    if item.kind is DayKind.MAKEUP:
        return MARK_MAKEUP
    return ""


def day_shade(item: CalendarDay) -> str | None:
    if is_holiday_day(item):
        return HOLIDAY_FILL
    if is_weekend_day(item):
        return WEEKEND_FILL
    return None


def shift_times(shift: ShiftType) -> str:
    parts = [f"{seg.start}-{seg.end}" for seg in shift.segments]
    return "，".join(parts) + f"（{as_number(round(shift.hours, 2))}小时）"


def post_short(post: Post | None, post_id: str) -> str:
    """Short post name for a grid cell: the name without a trailing 岗/岗位, two characters."""
    name = post.name if post else post_id
    for suffix in ("岗位", "岗"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name[:2]


def shift_short(shift: ShiftType | None, code: str) -> str:
    """One character naming a shift in a 顶替 mark: the first of its name (雾化班 -> 雾)."""
    return shift.name[0] if shift and shift.name else code
