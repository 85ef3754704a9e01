"""Text a user typed never becomes a formula in a workbook or CSV file the project writes.

A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula: a staff name such as `=HYPERLINK("http://x","y")` would
run when the roster is opened (CSV injection, OWASP). Every writer hands its workbook to
`workbook_bytes` and its CSV fields to `csv_field`; the project writes no formulas of its
own, so every such cell came from data and is kept as the text it is.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

#: First characters that make a spreadsheet read a text as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """A text a spreadsheet would evaluate (numbers and dates are never formulas)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralise_workbook(wb: Workbook) -> int:
    """Mark every formula-like text cell as text (Excel's quote prefix: shown and read back
    exactly as typed, never evaluated, not even after the cell is edited). Returns how many
    cells were marked."""
    marked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    marked += 1
    return marked


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes, with every formula-like text neutralised first."""
    neutralise_workbook(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_field(value: object) -> object:
    """A CSV field that a spreadsheet will show as text: a formula-like text gets a leading
    apostrophe (CSV has no cell types, so this is the only safe form); others unchanged."""
    return f"'{value}" if is_formula_like(value) else value
