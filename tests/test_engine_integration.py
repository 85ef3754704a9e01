"""The engine on the embedded data and on re-planning, re-checked by the checker."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

from openpyxl import load_workbook

from model.events import Absence, AbsenceKind
from model.loaders import load_dataset
from model.roster import roster_from_json_dict
from model.roster_excel import roster_workbook
from solver.replan import replan
from solver.solve import SolveOptions
from tests.conftest import solve_checked
from tests.tiny import MONDAY, need, post, tiny

START = date(2026, 11, 30)


def test_embedded_week_is_covered_and_json_has_the_documented_keys():
    data = load_dataset()
    result = solve_checked(data, START, 7)
    assert result.gaps == ()
    payload = json.loads(json.dumps(result.to_json_dict(), ensure_ascii=False))
    for key in ("period", "status", "objective", "best_bound", "assignments", "coverage",
                "gaps", "staff_summary", "penalties", "stats"):
        assert key in payload
    a = payload["assignments"][0]
    assert {"staff_id", "line_id", "post_id", "shift", "date", "segments", "hours",
            "cover_for"} <= set(a)
    assert {"post_id", "date", "shift", "required", "hospital_supply", "assigned",
            "shortfall"} <= set(payload["coverage"][0])
    assert {"staff_id", "hours", "overtime_hours", "nights", "weekend_days",
            "holiday_days"} <= set(payload["staff_summary"][0])
    assert {"wall_time_s", "time_to_first_solution_s", "workers", "solver_status"} <= set(
        payload["stats"])
    assert roster_from_json_dict(payload) == result  # JSON round trip


def test_embedded_week_uses_the_clinic_cover_rule():
    data = load_dataset()
    result = solve_checked(data, START, 7)
    absorbed = [a for a in result.assignments if a.cover_for]
    assert absorbed and all(a.cover_for == "雾" and a.shift in ("导", "副") for a in absorbed)


def test_excel_roster_matches_the_solution_cell_by_cell():
    data = load_dataset()
    result = solve_checked(data, START, 7)
    book = load_workbook(io.BytesIO(roster_workbook(data, result)))
    grid = book["排班表"]
    rows = {grid.cell(r, 1).value: r for r in range(1, grid.max_row + 1)}
    columns = {}
    for c in range(3, 3 + 7):  # A-B: 工号, 姓名
        columns[START + timedelta(days=c - 3)] = c
    for a in result.assignments[:40]:
        value = grid.cell(rows[a.staff_id], columns[a.day]).value
        assert value.startswith(a.shift), (a, value)


def _week_roster():
    # 3 staff, D needs 1 each workday Mon-Fri; S1 works Mon, Wed (published by hand below)
    return tiny(posts=[post("P1", need("D", days=("workday",)))])


def test_replan_changes_only_what_it_must():
    data = _week_roster()
    published = solve_checked(data, MONDAY, 5)
    wednesday = MONDAY + timedelta(days=2)
    worker = next(a.staff_id for a in published.assignments if a.day == wednesday)
    sick = Absence(staff_id=worker, kind=AbsenceKind.SICK, start=wednesday, end=wednesday)
    result = replan(data, published, sick, wednesday, SolveOptions(time_limit_s=10, workers=2))
    before = {(a.staff_id, a.day, a.shift) for a in published.assignments}
    after = {(a.staff_id, a.day, a.shift) for a in result.roster.assignments}
    # the past is untouched
    assert {x for x in before if x[1] < wednesday} == {x for x in after if x[1] < wednesday}
    # exactly two cells change: the sick person's Wednesday and one replacement
    assert len(result.changes) == 2
    assert {c.staff_id for c in result.changes if c.after == "休"} == {worker}
    assert result.roster.gaps == ()
