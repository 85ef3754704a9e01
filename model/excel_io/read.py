"""Reading a filled-in template: the file, the workbook, every sheet, one DataSet."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from model.dataset import DataSet
from model.errors import DataError, Problem
from model.excel_io.read_row import OLE_MAGIC
from model.excel_io.read_sheets import (
    read_absences,
    read_certificates,
    read_patterns,
    read_pins,
    read_requests,
    read_staff,
)
from model.excel_io.reader import WorkbookReader
from model.excel_io.sheets import (
    SHEET_ABSENCES,
    SHEET_CERTIFICATES,
    SHEET_PATTERNS,
    SHEET_PINS,
    SHEET_REQUESTS,
    SHEET_STAFF,
    SHEETS,
)
from model.staff import Staff


def read_workbook(source: Path | str | bytes, base: DataSet,
                  file_name: str | None = None) -> DataSet:
    """Read a filled-in template; return `base` with staff, absences, requests, pins and (if
    the workbook has the sheet) the lines' patterns replaced.

    Raises DataError listing every problem found (file, sheet, Excel row, column header, value).
    """
    name, raw = _source_bytes(source, file_name)
    workbook = _open_workbook(name, raw)
    return read_into(WorkbookReader(name, base), workbook)


def _source_bytes(source: Path | str | bytes, file_name: str | None) -> tuple[str, bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        return file_name or "上传的工作簿", bytes(source)
    path = Path(source)
    name = file_name or path.name or str(path)
    if not path.exists():
        raise DataError([Problem(name, f"文件不存在：{path}")])
    if not path.is_file():
        raise DataError([Problem(name, f"不是文件：{path}")])
    try:
        return name, path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(name, f"无法读取文件：{exc.strerror or exc}")]) from exc


def _open_workbook(name: str, raw: bytes) -> Workbook:
    if not raw:
        raise DataError([Problem(name, "文件为空（0 字节），请上传填写好的 Excel .xlsx 工作簿")])
    if raw.startswith(OLE_MAGIC):
        raise DataError([Problem(
            name, "这是旧版 Excel（.xls）或加密的文件，无法读取；请在 Excel 中取消密码并"
                  "“另存为” Excel 工作簿（.xlsx）后重新上传")])
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise DataError([Problem(
            name, "不是有效的 Excel .xlsx 文件（内容无法识别或文件已损坏），"
                  "请上传用 Excel 保存的 .xlsx 工作簿")])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Formulas are read as formulas (data_only would give their cached results, or
            # nothing for a workbook no spreadsheet has calculated): each is reported.
            return load_workbook(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 - any failure here means the file is unreadable
        raise DataError([Problem(
            name, "无法打开：文件已损坏或不是 Excel .xlsx 工作簿"
                  f"（{type(exc).__name__}），请用 Excel 重新保存为 .xlsx 后上传")]) from exc


def read_into(reader: WorkbookReader, workbook: Workbook) -> DataSet:
    """Every sheet of `workbook` read by `reader`, checked together: the base data set with
    staff, absences, requests, pins and patterns replaced, or DataError with every problem
    located."""
    tables = {spec.name: reader.table(workbook, spec) for spec in SHEETS}
    staff_rows, known = read_staff(reader, tables[SHEET_STAFF])
    certificates = read_certificates(reader, tables[SHEET_CERTIFICATES], known)
    absences = read_absences(reader, tables[SHEET_ABSENCES], known)
    requests = read_requests(reader, tables[SHEET_REQUESTS], known)
    pins = read_pins(reader, tables[SHEET_PINS], known)
    # a workbook without the patterns sheet (an older template) keeps the data set's
    patterns = (tuple(read_patterns(reader, tables[SHEET_PATTERNS]))
                if SHEET_PATTERNS in workbook.sheetnames else reader.base.patterns)
    staff = []
    for row, values in staff_rows:
        values["certificates"] = tuple(certificates.get(values["id"], ()))
        member = reader.build(row, Staff, "staff", values)
        if member is not None:
            staff.append(member)
    reader.rows["staff"] = [row.number for row, _ in staff_rows]
    reader.problems.raise_if_any()
    workbook.close()
    try:
        return reader.base.with_changes(staff=tuple(staff), absences=tuple(absences),
                                        requests=tuple(requests), pins=tuple(pins),
                                        patterns=patterns)
    except DataError as exc:
        raise DataError([reader.relocate(p) for p in exc.problems]) from None
