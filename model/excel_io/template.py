"""The input template workbook, prefilled with a data set's staff, events, pins and patterns."""

from __future__ import annotations

from openpyxl import Workbook

from model.dataset import DataSet
from model.excel_io.cells import line_label, names_of
from model.excel_io.sheets import (
    SHEET_ABSENCES,
    SHEET_CERTIFICATES,
    SHEET_HELP,
    SHEET_OPTIONS,
    SHEET_PATTERNS,
    SHEET_PINS,
    SHEET_REQUESTS,
    SHEET_STAFF,
    SHEETS,
)
from model.excel_io.write_help import write_help
from model.excel_io.write_inputs import fill_sheet, staff_row
from model.excel_io.write_options import option_lists, write_options
from model.formula_guard import workbook_bytes
from model.patterns import WEEKDAY_LABELS


def write_template(data: DataSet) -> bytes:
    """The input workbook (.xlsx bytes), prefilled with the data set's current input."""
    wb = Workbook()
    help_ws = wb.active
    help_ws.title = SHEET_HELP
    input_sheets = {spec.name: wb.create_sheet(spec.name) for spec in SHEETS}
    options_ws = wb.create_sheet(SHEET_OPTIONS)
    names = write_options(wb, options_ws, option_lists(data))

    rows: dict[str, list[list[object]]] = {
        SHEET_STAFF: [staff_row(s, data) for s in data.staff],
        SHEET_CERTIFICATES: [[s.id, names_of(data).get(c.type_id, c.type_id), c.number or None,
                              c.expires_on]
                             for s in data.staff for c in s.certificates],
        SHEET_ABSENCES: [[a.staff_id, a.kind.value, a.start, a.end, a.status.value,
                          a.note or None] for a in data.absences],
        SHEET_REQUESTS: [[r.staff_id, r.day, r.kind.value, r.shift, r.weight]
                         for r in data.requests],
        SHEET_PINS: [[p.staff_id, p.day, names_of(data).get(p.post_id, p.post_id) if p.post_id
                      else None, p.shift] for p in data.pins],
        SHEET_PATTERNS: [[line_label(p.line_id, data),
                          "、".join(WEEKDAY_LABELS[d] for d in p.rest_days) or None,
                          "、".join(p.rotation) or None, p.rotation_start, p.source or None]
                         for p in data.patterns],
    }
    for spec in SHEETS:
        fill_sheet(input_sheets[spec.name], spec, rows[spec.name], names)
    write_help(help_ws, data)
    wb.active = 0
    return workbook_bytes(wb)
