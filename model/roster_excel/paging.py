"""How the roster prints: paper, pages of whole weeks, column widths to points, print scale,
page header and footer.

The grid is printed at an explicit scale with manual column breaks at week boundaries (two
weeks a page on A4, a month a page on A3): Excel and LibreOffice drop manual page breaks in
their fit-to-page mode, and an explicit scale is what keeps the printed text at a known size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from model.dataset import DataSet
from model.roster import RosterResult
from model.roster_excel.styles import FONT_NAME, text_width

#: The smallest font size (points) a printed page may show.
MIN_PRINTED_PT = 8.0
#: Page header and footer font size (points; they scale with the sheet).
HEADER_PT = 10
FOOTER_PT = 9


@dataclass(frozen=True)
class Paper:
    """A sheet of paper in landscape: its Excel code, size in points and days per page."""

    name: str
    code: int
    width_pt: float
    height_pt: float
    days_per_page: int


#: Paper options of the roster workbook: A4 two weeks a page, A3 a month a page.
PAPERS: dict[str, Paper] = {
    "A4": Paper("A4", 9, 841.9, 595.3, 14),
    "A3": Paper("A3", 8, 1190.6, 841.9, 31),
}
DEFAULT_PAPER = "A4"
MARGINS = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)


def paper_of(name: str) -> Paper:
    """The paper named 'A4' or 'A3' (any case); ValueError otherwise."""
    paper = PAPERS.get(name.strip().upper())
    if paper is None:
        raise ValueError(f"纸张应为 {' 或 '.join(PAPERS)}，得到 {name!r}")
    return paper


#: Printed points per unit of column width: a unit is the width of a digit of the
#: workbook's default font, 7 px = 5.25 pt in Excel and WPS (Calibri 11, or LibreOffice with
#: its metric twin Carlito); pages are planned with 5.6 pt, a little on the wide side, so that
#: a page's columns never spill onto another page.
PT_PER_UNIT = 5.6


def column_points(width: float) -> float:
    """Printed width (points at 100 %) of a column `width` units wide, on the wide side."""
    return width * PT_PER_UNIT


def printable_width(paper: Paper) -> float:
    return paper.width_pt - (MARGINS.left + MARGINS.right) * 72


def printable_height(paper: Paper) -> float:
    return paper.height_pt - (MARGINS.top + MARGINS.bottom) * 72


#: Units a cell needs besides its text (the cell's inner margins and a safety margin).
FIT_PADDING = 1.5


def fit_width(text: object, size: float, bold: bool = False) -> float:
    """Column width (units) that shows `text` in one line at `size` points: a CJK character
    (display width 2) is 1.8 units at 9 pt (it is 12 px, a unit 7 px in Excel), plus room
    for the cell's padding."""
    return text_width(text) * size / 10 * (1.08 if bold else 1.0) + FIT_PADDING


def line_height(lines: int, size: float) -> float:
    """Row height (points) for `lines` lines of text at `size` points."""
    return round(max(1, lines) * size * 1.3 + 3, 1)


def week_blocks(days: list[date], days_per_page: int) -> list[list[int]]:
    """Day indexes grouped into pages of whole weeks (a week starts on Monday): each page
    holds as many whole weeks as fit in `days_per_page` days, a week longer than that is
    split."""
    weeks: list[list[int]] = []
    for index, day in enumerate(days):
        if not weeks or day.weekday() == 0:
            weeks.append([])
        weeks[-1].append(index)
    blocks: list[list[int]] = []
    for week in weeks:
        while len(week) > days_per_page:
            blocks.append(week[:days_per_page])
            week = week[days_per_page:]
        if blocks and len(blocks[-1]) + len(week) <= days_per_page:
            blocks[-1] += week
        else:
            blocks.append(list(week))
    return blocks


def print_scale(widths: list[float], paper: Paper) -> int:
    """The largest scale (percent, at most 100) at which columns of `widths` fit the
    printable width."""
    need = sum(column_points(w) for w in widths)
    return max(10, min(100, math.floor(100 * printable_width(paper) / need))) if need else 100


def min_scale(smallest_font: float) -> int:
    """The smallest scale (percent) at which `smallest_font` still prints at 8 pt or more."""
    return math.ceil(100 * MIN_PRINTED_PT / smallest_font)


def header_text(text: str) -> str:
    """Text for a page header or footer: '&' is a code there, written twice to show one."""
    return text.replace("&", "&&")


def hospital_name(data: DataSet) -> str:
    """The hospital as the data names it: its full name, else the contract's display name."""
    return data.contract.hospital or data.contract.display_name


def page_frame(ws: Worksheet, data: DataSet, paper: Paper, *, landscape: bool, title: str,
               period: str) -> None:
    """Paper, margins, centred horizontally; header: hospital, title and (landscape) the
    period; footer: 第 &P 页，共 &N 页, and the period on a portrait page (no room beside the
    title)."""
    ws.page_setup.paperSize = paper.code
    ws.page_setup.orientation = (ws.ORIENTATION_LANDSCAPE if landscape
                                 else ws.ORIENTATION_PORTRAIT)
    ws.print_options.horizontalCentered = True
    ws.page_margins = MARGINS
    period_part = ws.oddHeader.right if landscape else ws.oddFooter.left
    for part, text, size, bold in ((ws.oddHeader.left, hospital_name(data), HEADER_PT, False),
                                   (ws.oddHeader.center, title, HEADER_PT + 2, True),
                                   (period_part, period, HEADER_PT, False)):
        part.text = header_text(text)
        part.size = size
        part.font = f"{FONT_NAME},{'Bold' if bold else 'Regular'}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = FOOTER_PT
    ws.oddFooter.center.font = f"{FONT_NAME},Regular"


def period_text(result: RosterResult) -> str:
    """'2026年12月1日 至 2026年12月31日（共31天）'."""
    start, end = result.start, result.end
    return (f"{start.year}年{start.month}月{start.day}日 至 {end.year}年{end.month}月"
            f"{end.day}日（共{(end - start).days + 1}天）")


def fit_to_width(ws: Worksheet, data: DataSet, result: RosterResult, title: str, *,
                 landscape: bool, title_rows: str | None, pages_tall: int = 0) -> None:
    """A sheet printed on A4 one page wide (and `pages_tall` tall, 0: as many as needed),
    its header rows repeated, with the page header and footer."""
    page_frame(ws, data, PAPERS[DEFAULT_PAPER], landscape=landscape, title=title,
               period=period_text(result))
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall
    if title_rows:
        ws.print_title_rows = title_rows


def a4_fit_width(ws: Worksheet, *, landscape: bool, title_rows: str | None,
                 pages_tall: int = 0) -> None:
    """Any sheet (the settlement's forms too) on A4, one page wide and `pages_tall` tall
    (0: as many as needed), centred, with margins, 第 &P 页，共 &N 页 and repeated rows."""
    paper = PAPERS[DEFAULT_PAPER]
    ws.page_setup.paperSize = paper.code
    ws.page_setup.orientation = (ws.ORIENTATION_LANDSCAPE if landscape
                                 else ws.ORIENTATION_PORTRAIT)
    ws.print_options.horizontalCentered = True
    ws.page_margins = MARGINS
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = FOOTER_PT
    if title_rows:
        ws.print_title_rows = title_rows


def fit_scale(ws: Worksheet, paper: Paper, last_col: int, *, landscape: bool) -> int:
    """The scale a fit-to-width sheet prints at, from its column widths (percent)."""
    from openpyxl.utils import get_column_letter

    widths = [ws.column_dimensions[get_column_letter(c)].width or 8.43
              for c in range(1, last_col + 1)]
    need = sum(column_points(w) for w in widths)
    room = printable_width(paper) if landscape else (
        paper.height_pt - (MARGINS.left + MARGINS.right) * 72)
    return min(100, math.floor(100 * room / need)) if need else 100
