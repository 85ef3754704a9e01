"""Text a user typed never becomes a formula: hostile strings round-trip through every
workbook and CSV writer (roster and its export, template, actual hours, sweep) as text."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

from openpyxl import Workbook, load_workbook

from model.actual_hours_excel import ActualReport, ActualRow, actual_workbook
from model.events import Absence, AbsenceKind
from model.excel_io import read_workbook, write_template
from model.formula_guard import (
    FORMULA_PREFIXES,
    csv_field,
    is_formula_like,
    neutralise_workbook,
    workbook_bytes,
)
from model.roster_excel import roster_workbook
from solver.sweep import grid_from_dict, run_sweep, sweep_csv, sweep_workbook
from tests.conftest import solve_checked
from tests.tiny import MONDAY, line, need, person, post, tiny

#: Names that survive the models' whitespace stripping; a tab or carriage return in front
#: is tested on the helper itself.
HOSTILE = ('=HYPERLINK("http://x","y")', "=1+1", "+1+1", "-1+1", "@SUM(A1)")


def _formula_parts(payload: bytes) -> list[str]:
    """Worksheet XML parts that contain a formula element."""
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]


def _text_cells(payload: bytes) -> dict[str, bool]:
    """Every text cell value of the workbook -> whether it carries the quote prefix."""
    wb = load_workbook(io.BytesIO(payload))
    return {cell.value: bool(cell.quotePrefix) for ws in wb.worksheets
            for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)}


def _assert_kept_as_text(payload: bytes, texts) -> None:
    assert _formula_parts(payload) == []
    cells = _text_cells(payload)
    for text in texts:
        assert cells.get(text) is True, (text, sorted(cells)[:20])


def test_every_formula_prefix_is_caught_and_nothing_else():
    for prefix in FORMULA_PREFIXES:
        assert is_formula_like(prefix + "1+1")
    for harmless in ("张三", "1+1", " =1", "", 5, -3, 2.5, None, date(2026, 1, 1)):
        assert not is_formula_like(harmless)
    assert csv_field("\t=1+1") == "'\t=1+1" and csv_field("\r=1") == "'\r=1"
    assert csv_field("张三") == "张三" and csv_field(-3) == -3


def test_the_helper_marks_cells_that_openpyxl_would_write_as_formulas():
    wb = Workbook()
    wb.active.append(["=1+1", "\t=2+2", "正常", 7])
    assert wb.active["A1"].data_type == "f"  # what openpyxl does on its own
    assert neutralise_workbook(wb) == 2
    payload = workbook_bytes(wb)
    _assert_kept_as_text(payload, ["=1+1", "\t=2+2"])
    assert _text_cells(payload)["正常"] is False


def _hostile_data():
    staff = [person(f"S{i}", name=name) for i, name in enumerate(HOSTILE, 1)]
    absence = Absence(staff_id="S1", kind=AbsenceKind.PERSONAL, start=MONDAY, end=MONDAY,
                      note="=1+1 事由")
    return tiny(staff=staff, lines=[line("L01", len(staff))],
                posts=[post("P1", need("D", 2))], absences=(absence,))


def test_the_roster_workbook_and_its_export_keep_names_and_notes_as_text():
    # 5 people, post P1 needs 2 on the D shift of one day; S1 is on leave with a hostile note.
    data = _hostile_data()
    result = solve_checked(data, MONDAY, 1)
    _assert_kept_as_text(roster_workbook(data, result), HOSTILE)


def test_the_template_round_trips_hostile_names_exactly():
    data = _hostile_data()
    payload = write_template(data)
    _assert_kept_as_text(payload, [*HOSTILE, "=1+1 事由"])
    back = read_workbook(payload, data)
    assert [m.name for m in back.staff] == list(HOSTILE)
    assert back.absences[0].note == "=1+1 事由"


def test_the_actual_hours_workbook_keeps_names_as_text():
    row = ActualRow(staff_id="S1", name="=1+1", line_id="-L01", planned_hours=8,
                    actual_hours=9, overtime_150_hours=1, overtime_200_hours=0,
                    overtime_300_hours=0, overtime_hours=1, planned_overtime_hours=0,
                    nights=0, weekend_days=0, holiday_days=0, days_worked=1)
    report = ActualReport(year=2026, month=12, rows=(row,), days_without_roster=(),
                          versions=(1,), notes=("@备注",))
    _assert_kept_as_text(actual_workbook(report), ["=1+1", "-L01", "@备注"])


def test_sweep_workbook_and_csv_keep_scenario_labels_as_text():
    # One person, post P1 D shift on one week; the axis labels are user text.
    data = tiny(staff=[person("S1")], lines=[line("L01", 1)], posts=[post("P1", need("D"))])
    grid = grid_from_dict({"name": "表", "period": {"start": "2026-11-30", "weeks": 1},
                           "time_limit": 2, "axes": [{"name": "需求", "values": [
                               {"label": "=1+1"}, {"label": "+SUM(A1)"}]}]})
    result = run_sweep(data, grid)
    _assert_kept_as_text(sweep_workbook(result), ["=1+1", "+SUM(A1)"])
    rows = list(csv.reader(io.StringIO(sweep_csv(result).decode("utf-8-sig"))))
    labels = [row[rows[0].index("需求")] for row in rows[1:]]
    assert labels == ["'=1+1", "'+SUM(A1)"]
