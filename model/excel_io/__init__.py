"""Excel input path: a Chinese template workbook and its reader.

`write_template(data)` builds an .xlsx with the sheets 说明, 人员, 证书, 请假, 排班请求, 固定排班,
排班模式 and a hidden 选项 sheet whose lists feed the drop-downs; it is prefilled with the data
set's staff, certificates, absences, requests, pins and the lines' patterns.

`read_workbook(source, base)` reads such a workbook back. Every problem is collected, located
by file, sheet, Excel row and Chinese column header, and raised together as one DataError;
nothing is returned when anything is wrong. On success it returns
`base.with_changes(staff=..., absences=..., requests=..., pins=..., patterns=...)`; the 排班模式
sheet may be absent (an older template): the base's patterns are kept.

Writing per sheet (`write_inputs`, `write_options`, `write_help`, assembled by `template`),
reading per sheet (`read_sheets`, over `reader` and `read_row`, assembled by `read`), over
the sheet specification (`sheets`) and the shared cell helpers (`cells`).
"""

from model.excel_io.read import read_workbook
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
from model.excel_io.template import write_template

__all__ = [
    "SHEETS", "SHEET_ABSENCES", "SHEET_CERTIFICATES", "SHEET_HELP", "SHEET_OPTIONS",
    "SHEET_PATTERNS", "SHEET_PINS", "SHEET_REQUESTS", "SHEET_STAFF", "read_workbook",
    "write_template",
]
