"""The workbook reader's state: sheet tables, references, model building, problem locations."""

from __future__ import annotations

import re
from typing import Any

from openpyxl import Workbook
from pydantic import BaseModel, ValidationError

from model.dataset import DataSet
from model.errors import Problem, ProblemCollector, pydantic_message
from model.excel_io.cells import as_text, blank_cell
from model.excel_io.read_row import Resolver, SheetRow
from model.excel_io.sheets import (
    APPROVED,
    BIRTH,
    CERT_NUMBER,
    CERT_TYPE,
    DAY,
    EDUCATION,
    EMPLOYMENT,
    END,
    EXPIRES,
    EXPLANATION,
    GENDER,
    HEIGHT,
    HIRE,
    HOURS_PERIOD,
    ID,
    KIND,
    LINE,
    MAJOR,
    NAME,
    NOTE,
    POST,
    REGIME,
    REST_DAYS,
    ROTATION,
    ROTATION_START,
    SHEET_ABSENCES,
    SHEET_HELP,
    SHEET_OPTIONS,
    SHEET_PATTERNS,
    SHEET_PINS,
    SHEET_REQUESTS,
    SHEET_STAFF,
    SHEETS,
    SHIFT,
    SKILLS,
    SOLO_FROM,
    START,
    STATUS,
    WEIGHT,
    SheetSpec,
)

_SHEET_OF_COLLECTION = {
    "staff": SHEET_STAFF, "absences": SHEET_ABSENCES, "requests": SHEET_REQUESTS,
    "pins": SHEET_PINS, "patterns": SHEET_PATTERNS,
}
_HEADER_OF_FIELD = {
    "staff": {"id": ID, "工号": ID, "name": NAME, "gender": GENDER, "birth_date": BIRTH,
              "education": EDUCATION, "major": MAJOR, "height_cm": HEIGHT, "hire_date": HIRE,
              "line_id": LINE, "skills": SKILLS, "certificates": CERT_TYPE,
              "employment": EMPLOYMENT, "regime": REGIME, "hours_period": HOURS_PERIOD,
              "solo_from": SOLO_FROM},
    "certificates": {"type_id": CERT_TYPE, "number": CERT_NUMBER, "expires_on": EXPIRES},
    "absences": {"staff_id": ID, "kind": KIND, "start": START, "end": END,
                 "status": STATUS, "approved": APPROVED, "note": NOTE},
    "requests": {"staff_id": ID, "day": DAY, "kind": KIND, "shift": SHIFT, "weight": WEIGHT},
    "pins": {"staff_id": ID, "day": DAY, "post_id": POST, "shift": SHIFT},
    "patterns": {"line_id": LINE, "rest_days": REST_DAYS, "rotation": ROTATION,
                 "rotation_start": ROTATION_START, "source": EXPLANATION},
}


class WorkbookReader:
    def __init__(self, file: str, base: DataSet) -> None:
        self.file = file
        self.base = base
        self.problems = ProblemCollector(file)
        self.lines = Resolver("服务项目", [x.id for x in base.lines],
                              {x.id: x.name for x in base.lines})
        self.posts = Resolver("岗位", [p.id for p in base.posts],
                              {p.id: p.name for p in base.posts})
        self.shifts = Resolver("班次", [s.code for s in base.shifts],
                               {s.code: s.name for s in base.shifts})
        self.certs = Resolver("证书类型", [c.id for c in base.certificate_types],
                              {c.id: c.name for c in base.certificate_types})
        #: Excel row of each built item, by DataSet collection, to relocate model problems.
        self.rows: dict[str, list[int]] = {}

    # -- structure ---------------------------------------------------------------------------
    def table(self, workbook: Workbook, spec: SheetSpec) -> list[SheetRow] | None:
        """The non-blank data rows of a sheet, or None when the sheet or a column is missing."""
        if spec.name not in workbook.sheetnames:
            if spec.optional:
                self._look_alike(workbook, spec)
                return None
            expected = "、".join(s.name for s in SHEETS if not s.optional)
            self.problems.add(f"缺少工作表“{spec.name}”（应有工作表：{expected}）",
                              sheet=spec.name)
            return None
        ws = workbook[spec.name]
        cell_rows = ws.iter_rows()
        first = next(cell_rows, None)
        header = None if first is None else tuple(cell.value for cell in first)
        if header is None or all(blank_cell(v) for v in header):
            self.problems.add(f"工作表没有表头：第 1 行应为列名 {'、'.join(spec.headers)}",
                              sheet=spec.name, row=1)
            return None
        positions: dict[str, int] = {}
        for index, value in enumerate(header):
            if blank_cell(value):
                continue
            title = re.sub(r"\s+", "", as_text(value))
            if title in positions and title in spec.headers:
                self.problems.add(f"列“{title}”出现了两次，请删除多余的一列", sheet=spec.name,
                                  row=1, field=title, value=value)
            positions.setdefault(title, index)
        replaced = {new for old, new in spec.legacy if old in positions}
        missing = [h for h in spec.headers if h not in positions and h not in replaced]
        read = {*spec.headers, *(old for old, _ in spec.legacy)}
        for title in missing:
            self.problems.add(f"缺少列“{title}”：第 1 行应有此列名", sheet=spec.name, row=1,
                              field=title)
        if missing:
            return None
        out = []
        for number, row in enumerate(cell_rows, start=2):
            cells: dict[str, object] = {}
            formulas: dict[str, str] = {}
            for title, i in positions.items():
                if title not in read:
                    continue
                cell = row[i] if i < len(row) else None
                if cell is not None and cell.data_type == "f":
                    formulas[title] = str(getattr(cell.value, "text", cell.value))
                cells[title] = None if cell is None or title in formulas else cell.value
            if not formulas and all(blank_cell(v) for v in cells.values()):
                continue
            out.append(SheetRow(self.problems, spec.name, number, cells, formulas))
        return out

    def _look_alike(self, workbook: Workbook, spec: SheetSpec) -> None:
        """An optional sheet that is absent may have been renamed: another sheet (not one of
        the template's) with its headers is reported, so that what it holds is not lost."""
        known = {s.name for s in SHEETS} | {SHEET_HELP, SHEET_OPTIONS}
        for name in workbook.sheetnames:
            if name in known:
                continue
            first = next(workbook[name].iter_rows(max_row=1, values_only=True), ())
            titles = {re.sub(r"\s+", "", as_text(v)) for v in first if not blank_cell(v)}
            if set(spec.headers) <= titles:
                self.problems.add(f"没有工作表“{spec.name}”，但工作表“{name}”有它的全部列名："
                                  f"请把该工作表改名为“{spec.name}”；若不导入{spec.name}，"
                                  "请删除该工作表", sheet=spec.name)

    # -- references --------------------------------------------------------------------------
    def ref(self, row: SheetRow, header: str, resolver: Resolver, required: bool) -> str | None:
        text = row.text(header, required)
        if text is None:
            return None
        found = resolver.resolve(text)
        if found is None:
            row.fail(header, resolver.message(), row.raw(header))
        return found

    def staff_id(self, row: SheetRow, known: set[str] | None) -> str | None:
        staff_id = row.text(ID, True)
        if staff_id is not None and known is not None and staff_id not in known:
            row.fail(ID, f"未知工号：工作表“{SHEET_STAFF}”中没有此工号", row.raw(ID))
        return staff_id

    def build(self, row: SheetRow, model: type[BaseModel], collection: str,
              values: dict[str, Any]) -> Any:
        try:
            return model(**values)
        except ValidationError as exc:
            headers = _HEADER_OF_FIELD[collection]
            for err in exc.errors():
                loc = err.get("loc", ())
                field = headers.get(str(loc[0])) if loc else None
                message = pydantic_message(err)
                row.fail(field, message, row.raw(field) if field else None)
            return None

    def relocate(self, problem: Problem) -> Problem:
        """Turn a DataSet cross-reference problem (collection, item index) into a sheet cell."""
        if problem.sheet == "tails" and problem.field == "staff_id":
            return Problem(self.file, f"上期排班结转数据中有工号 {problem.value}，但工作表"
                                      f"“{SHEET_STAFF}”中没有此人；请保留此人或先清除其结转数据",
                           field=ID, value=problem.value, sheet=SHEET_STAFF)
        sheet = _SHEET_OF_COLLECTION.get(problem.sheet or "")
        rows = self.rows.get(problem.sheet or "")
        if sheet is None or rows is None or problem.row is None or problem.row > len(rows):
            return problem
        field = _HEADER_OF_FIELD[problem.sheet or ""].get(problem.field or "", problem.field)
        return Problem(self.file, problem.message, row=rows[problem.row - 1], field=field,
                       value=problem.value, sheet=sheet)
