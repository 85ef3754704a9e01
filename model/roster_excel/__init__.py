"""Excel export of a solved roster (排班表), for printing and for the hospital's records.

`roster_workbook(data, result)` returns the bytes of an .xlsx workbook with five sheets:

1. 排班表 - the printable grid: one row per staff member grouped by department and service
   line, one column per day (date, weekday, holiday mark), shift codes filled with the shift
   colour, borrowed (借) and cover (顶) marks, leave by status (approved, requested,
   refused), row totals, a legend and the sign-off block; printed on `paper` "A4" (two weeks
   a page) or "A3" (a month a page), landscape, at 8 pt or more.
2. 覆盖   - a one-page printed summary per post, then on screen coverage per post, shift
   and day (shortfalls in red) and the list of gaps.
3. 工时   - hours, overtime by pay category, nights, weekend and holiday days per person.
4. 费用   - monthly service fee, overtime cost in total and per service line.
5. 说明   - rules in force, solver statistics, penalties by rule, conflicts and notes.

The function is pure: it reads nothing but its arguments and writes nothing but the bytes.
One module per sheet (`grid`, `coverage`, `hours`, `cost`, `notes`) over the shared
`styles` and the staff `groups`; the grid's cells (`grid_cells`), its legend and sign-off
block (`legend`) and how the workbook prints (`paging`) have their own modules.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook

from model.dataset import DataSet
from model.formula_guard import workbook_bytes
from model.roster import RosterResult
from model.roster_excel.cost import cost_sheet
from model.roster_excel.coverage import coverage_sheet
from model.roster_excel.grid import grid_sheet
from model.roster_excel.groups import ordered_staff_ids, staff_groups
from model.roster_excel.hours import HOURS_HEADERS, hours_sheet
from model.roster_excel.notes import notes_sheet
from model.roster_excel.paging import DEFAULT_PAPER, PAPERS, paper_of
from model.roster_excel.styles import (
    AUTHOR,
    BORROWED_COLOUR,
    HOLIDAY_FILL,
    ROSTER_TITLE,
    SHEET_COST,
    SHEET_COVERAGE,
    SHEET_GRID,
    SHEET_HOURS,
    SHEET_NOTES,
    SHORTFALL_FILL,
    titled,
)

__all__ = [
    "BORROWED_COLOUR", "DEFAULT_PAPER", "HOLIDAY_FILL", "HOURS_HEADERS", "PAPERS", "SHEET_COST",
    "SHEET_COVERAGE", "SHEET_GRID", "SHEET_HOURS", "SHEET_NOTES", "SHORTFALL_FILL", "roster_title",
    "roster_workbook",
]


def roster_title(data: DataSet) -> str:
    """The roster's title: the contract's name, then 辅助服务外包人员排班表."""
    return titled(data, ROSTER_TITLE)


def roster_workbook(data: DataSet, result: RosterResult,
                    monthly_fee_total: Decimal | None = None,
                    overtime_cost_total: Decimal | None = None,
                    paper: str = DEFAULT_PAPER) -> bytes:
    """The roster as an .xlsx workbook (bytes): 排班表, 覆盖, 工时, 费用, 说明. `paper` is
    "A4" (two weeks a page) or "A3" (a month a page); ValueError for another."""
    sheet_paper = paper_of(paper)
    n_days = (result.end - result.start).days + 1
    days = data.calendar.days(result.start, max(n_days, 0))
    groups = staff_groups(data, result)
    day_set = {d.day for d in days}
    outside = sum(1 for a in result.assignments if a.day not in day_set)

    wb = Workbook()
    grid = wb.active
    grid.title = SHEET_GRID
    grid_sheet(grid, data, result, days, groups, sheet_paper)
    coverage_sheet(wb.create_sheet(SHEET_COVERAGE), data, result)
    hours_sheet(wb.create_sheet(SHEET_HOURS), data, result, ordered_staff_ids(groups))
    cost_sheet(wb.create_sheet(SHEET_COST), data, result, monthly_fee_total,
               overtime_cost_total)
    notes_sheet(wb.create_sheet(SHEET_NOTES), data, result, days, outside)

    wb.properties.title = roster_title(data)
    wb.properties.creator = AUTHOR
    return workbook_bytes(wb)
