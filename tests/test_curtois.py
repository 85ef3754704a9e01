"""The Curtois-Qu benchmark: loader, solution writer, independent evaluator, engine, CLI.

FORMAT.md (data/benchmarks/curtois) section 6 gives the self-tests used here: the sizes of
Instance1 and Instance8, the optimum 607 of Instance1, and 807 without the edge exemption."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.curtois.evaluate import evaluate, parse_solution, read_instance
from bench.curtois.instance import BENCH_DIR, instance_path, load_instance, parse_instance
from bench.curtois.solution import roster_grid, solution_text
from model.errors import DataError
from model.events import RequestKind
from model.roster import Assignment, SolveStatus
from solver.check import evaluate as check
from solver.solve import SolveOptions, solve_roster

SIZES = {  # staff / days / shift types / on-requests / off-requests / days-off / cover lines
    1: (8, 14, 1, 21, 5, 8, 14),
    8: (30, 28, 4, 139, 86, 60, 112),
}


def sizes(inst) -> tuple[int, ...]:
    return (len(inst.staff_ids), inst.horizon, len(inst.shift_ids), inst.on_requests,
            inst.off_requests, inst.days_off, inst.cover_lines)


@pytest.mark.parametrize("number", sorted(SIZES))
def test_loader_sizes_as_in_format_md(number):
    inst = load_instance(instance_path(number))
    assert sizes(inst) == SIZES[number]
    data = inst.data
    assert len(data.staff) == len(inst.staff_ids) and inst.notes == []
    kinds = [r.kind for r in data.requests]
    assert kinds.count(RequestKind.SHIFT_WANTED) == SIZES[number][3]
    assert kinds.count(RequestKind.SHIFT_UNWANTED) == SIZES[number][4]
    assert sum((a.end - a.start).days + 1 for a in data.absences) == SIZES[number][5]
    assert len(data.posts[0].dated_demand) == SIZES[number][6]


def test_loader_maps_instance8_fields():
    inst = load_instance(instance_path(8))
    shifts = inst.data.shift_by_code
    assert inst.shift_ids == ("E", "D", "L", "N")
    assert shifts["L"].forbidden_next == ("E", "D") and shifts["E"].forbidden_next == ()
    assert [shifts[c].minutes for c in inst.shift_ids] == [480] * 4
    a = inst.data.staff_by_id["A"].limits
    assert a.max_shifts == {"E": 0, "D": 28, "L": 0, "N": 4}
    assert (a.max_minutes, a.min_minutes, a.max_consecutive_days, a.min_consecutive_days,
            a.min_consecutive_days_off, a.max_weekends) == (8640, 8160, 5, 2, 2, 2)
    assert inst.start.weekday() == 0
    row = inst.data.posts[0].dated_demand[0]
    assert (row.day, row.under_weight, row.over_weight) == (inst.start, 100, 1)


def test_every_instance_loads_with_the_sizes_of_best_known_csv():
    with (BENCH_DIR / "best_known.csv").open(encoding="utf-8") as handle:
        table = {row["instance"]: row for row in csv.DictReader(handle)}
    for number in range(1, 25):
        inst = load_instance(instance_path(number))
        row = table[inst.name]
        assert (len(inst.staff_ids), inst.horizon, len(inst.shift_ids)) == (
            int(row["staff"]), int(row["days"]), int(row["shift_types"]))
        assert inst.cover_lines == inst.horizon * len(inst.shift_ids)


def _instance1_lines() -> list[str]:
    return instance_path(1).read_text(encoding="ascii").split("\n")


def _problems(text: str) -> list:
    with pytest.raises(DataError) as caught:
        parse_instance(text, "bad.txt")
    return caught.value.problems


def test_a_malformed_line_is_reported_with_its_line_and_field():
    lines = _instance1_lines()
    staff = next(i for i, line in enumerate(lines) if line.startswith("C,D=14"))
    lines[staff] = lines[staff].replace("4320", "43x0", 1)
    cover = max(i for i, line in enumerate(lines) if line.startswith("13,D,"))
    lines[cover] = "13,Q,5,100,1"
    problems = _problems("\n".join(lines))
    found = {(p.row, p.field, str(p.value)) for p in problems}
    assert (staff + 1, "MaxTotalMinutes", "43x0") in found
    assert (cover + 1, "ShiftID", "Q") in found
    assert all(p.file == "bad.txt" for p in problems)
    assert f"第 {staff + 1} 行" in str(DataError(problems)) and "MaxTotalMinutes" in str(
        DataError(problems))


def test_wrong_field_count_unknown_staff_and_day_out_of_range():
    lines = _instance1_lines()
    on = next(i for i, line in enumerate(lines) if line == "A,2,D,2")
    lines[on] = "A,2,D"
    lines[on + 1] = "Z,3,D,2"
    off = next(i for i, line in enumerate(lines) if line == "C,12,D,1")
    lines[off] = "C,14,D,1"
    found = {(p.row, p.field) for p in _problems("\n".join(lines))}
    assert {(on + 1, "EmployeeID"), (on + 2, "EmployeeID"), (off + 1, "Day")} <= found


def test_a_missing_section_is_reported():
    text = "\n".join(line for line in _instance1_lines() if "SECTION_COVER" not in line)
    assert any(p.field == "SECTION_COVER" for p in _problems(text))


def test_writer_round_trip_through_the_evaluator_reader():
    inst = load_instance(instance_path(8))
    grid = {sid: [None] * inst.horizon for sid in inst.staff_ids}
    grid["A"][0], grid["B"][27], grid["AD"][3] = "D", "N", "E"
    assignments = [Assignment(staff_id=s, line_id="CURTOIS", post_id="COVER", shift=code,
                              day=inst.day(d), segments=(), hours=8)
                   for s, row in grid.items() for d, code in enumerate(row) if code]
    assert roster_grid(inst, assignments) == grid
    text = solution_text(inst, grid)
    lines = text.splitlines()
    assert len(lines) == len(inst.staff_ids) and lines[0] == "A,D" + ",-" * 27
    back = parse_solution(text)
    assert list(back) == list(inst.staff_ids)
    assert {s: [None if c == "-" else c for c in row] for s, row in back.items()} == grid


# -- the evaluator on a hand-made instance -------------------------------------------------
TINY = """# hand-made: 14 days from a Monday, two shift types, two employees
SECTION_HORIZON
14

SECTION_SHIFTS
# ShiftID, Length in mins, Shifts which cannot follow this shift | separated
E,480,
L,600,E

SECTION_STAFF
P,E=10|L=1,4000,960,3,2,2,0
Q,E=14|L=14,10000,0,14,1,1,2

SECTION_DAYS_OFF
P,0
Q,13

SECTION_SHIFT_ON_REQUESTS
P,1,E,2
P,4,E,2
Q,2,L,3
Q,0,E,3

SECTION_SHIFT_OFF_REQUESTS
P,2,E,1
Q,3,L,2
Q,0,E,4

SECTION_COVER
""" + "".join(f"{d},E,1,100,1\n{d},L,{2 if d == 0 else 0},100,5\n" for d in range(14))

#: P breaks every hard rule at least once; Q is feasible.
TINY_ROSTER = """P,E,E,E,E,-,L,E,-,-,L,-,E,-,-
Q,L,-,L,L,-,-,-,-,-,-,-,-,-,-
"""


@pytest.fixture
def tiny_file(tmp_path) -> Path:
    path = tmp_path / "Tiny.txt"
    path.write_text(TINY, encoding="ascii")
    return path


def test_evaluator_penalty_by_part_and_each_hard_breach(tiny_file):
    report = evaluate(read_instance(tiny_file), parse_solution(TINY_ROSTER))
    # on: P off on day 4 (2), Q works L instead of E on day 0 (3); off: P E day 2 (1),
    # Q L day 3 (2); under: E uncovered on 8 days, L one short on day 0; over: L on days 2, 3,
    # 5 and 9 (5 each)
    assert report.parts == {"on_requests": 5, "off_requests": 3, "under_cover": 900,
                            "over_cover": 20}
    assert report.penalty == 928
    assert report.breach_counts() == {"H2": 1, "H3": 1, "H4": 1, "H5": 1, "H6": 2, "H7": 2,
                                      "H8": 1, "H9": 1}
    assert not report.feasible


def test_evaluator_format_breaches_and_one_shift_a_day(tiny_file):
    bad = "P,E|L" + ",-" * 13 + "\nQ,-,-\nZ" + ",-" * 14 + "\n"
    report = evaluate(read_instance(tiny_file), parse_solution(bad))
    assert report.breach_counts()["H1"] == 1
    assert report.breach_counts()["H0"] == 2  # Q's short line, unknown employee Z


def test_the_project_checker_agrees_with_the_evaluator_on_the_hand_made_roster(tiny_file):
    inst = load_instance(tiny_file)
    grid = {s: [None if c == "-" else c for c in row]
            for s, row in parse_solution(TINY_ROSTER).items()}
    assignments = [Assignment(staff_id=s, line_id="CURTOIS", post_id="COVER", shift=code,
                              day=inst.day(d), segments=(), hours=8)
                   for s, row in grid.items() for d, code in enumerate(row) if code]
    ev = check(inst.data, inst.start, inst.horizon, assignments)
    assert ev.objective == 928
    assert {v.rule for v in ev.violations} == {
        "eligibility", "forbidden_succession", "staff_max_shifts_per_type",
        "staff_max_total_minutes", "staff_max_consecutive_days", "staff_min_consecutive_days",
        "staff_min_consecutive_days_off", "staff_max_weekends"}  # eligibility: P's day off


# -- the engine ----------------------------------------------------------------------------
def test_engine_proves_607_on_instance1_and_807_without_the_edge_exemption():
    inst = load_instance(instance_path(1))
    result = solve_roster(inst.data, inst.start, inst.horizon,
                          SolveOptions(time_limit_s=30, workers=2))
    assert result.status is SolveStatus.OPTIMAL and result.objective == 607
    text = solution_text(inst, roster_grid(inst, result.assignments))
    assert evaluate(read_instance(inst.path), parse_solution(text)).penalty == 607
    strict = inst.data.with_changes(staff=tuple(
        s.model_copy(update={"limits": s.limits.model_copy(update={"edge_runs_exempt": False})})
        for s in inst.data.staff))
    result = solve_roster(strict, inst.start, inst.horizon,
                          SolveOptions(time_limit_s=30, workers=2))
    assert result.status is SolveStatus.OPTIMAL and result.objective == 807
    assert check(strict, inst.start, inst.horizon, list(result.assignments)).objective == 807


def test_cli_bench_curtois_instance1_end_to_end(tmp_path):
    from ui.cli import app

    out, summary = tmp_path / "sol", tmp_path / "summary.json"
    result = CliRunner().invoke(app, ["bench", "curtois", "--instances", "1", "--time-limit",
                                      "10", "--workers", "2", "--seeds", "1", "--out", str(out),
                                      "--json", str(summary), "--quiet"])
    assert result.exit_code == 0, result.output
    row = json.loads(summary.read_text(encoding="utf-8"))["rows"][0]
    assert row["instance"] == "Instance1" and row["status"] == "OPTIMAL"
    assert row["objective"] == row["evaluated"] == 607 and row["gap_percent"] == 0
    assert row["breaches"] == {} and row["lower_bound"] == 607
    assert row["naive_median"] == 607 and row["ratio"] == 1.0
    solution = (out / "Instance1.seed1.sol.txt").read_text(encoding="ascii").splitlines()
    assert len(solution) == 8 and all(len(line.split(",")) == 15 for line in solution)
    assert "Instance1" in result.output and "607" in result.output


def test_cli_rejects_a_bad_instance_list():
    from ui.cli import app

    result = CliRunner().invoke(app, ["bench", "curtois", "--instances", "0-30"])
    assert result.exit_code != 0


def test_day_zero_must_be_a_monday():
    with pytest.raises(ValueError):
        load_instance(instance_path(1), start=load_instance(instance_path(1)).start
                      + timedelta(days=1))
