"""The naive CP-SAT baseline of the Curtois-Qu benchmark and the interleaved, seeded run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bench.curtois.evaluate import evaluate, parse_solution, read_instance, read_solution
from bench.curtois.instance import BENCH_DIR, load_instance
from bench.curtois.naive import run_naive, solution_text, solve_naive
from bench.curtois.run import format_row, run_benchmark, summarise
from model.roster import Assignment
from solver.check import evaluate as check
from ui.cli.bench import parse_seeds

# 3 days; P must work days 0 and 1 (960 minutes at least, day 2 off), L cannot be followed by
# E, so P works EE, EL or LL; Q (off on day 0) may work E only, and would rather not on day 1.
# By hand: P=EE 2+100+100 (L short on days 1 and 2) = 202; P=EL 2 (P's on-request) + 3
# (Q's E on day 1) + 100 (L short on day 2) = 105, or 202 with Q off on day 1; P=LL 100+1
# (day 0) + 3 + 100 = 204. Optimum 105: P = E,L,- and Q = -,E,E.
SMALL = """SECTION_HORIZON
3

SECTION_SHIFTS
# ShiftID, Length in mins, Shifts which cannot follow this shift | separated
E,480,
L,480,E

SECTION_STAFF
# ID, MaxShifts, MaxMins, MinMins, MaxRun, MinRun, MinOff, MaxWeekends
P,E=3|L=3,1440,960,2,1,1,0
Q,E=3|L=0,1440,0,3,1,1,0

SECTION_DAYS_OFF
# EmployeeID, DayIndexes (start at zero)
P,2
Q,0

SECTION_SHIFT_ON_REQUESTS
# EmployeeID, Day, ShiftID, Weight
P,0,L,2

SECTION_SHIFT_OFF_REQUESTS
# EmployeeID, Day, ShiftID, Weight
Q,1,E,3

SECTION_COVER
# Day, ShiftID, Requirement, Weight for under, Weight for over
0,E,1,100,1
0,L,0,100,1
1,E,1,100,1
1,L,1,100,1
2,E,1,100,1
2,L,1,100,1
"""


@pytest.fixture
def small_file(tmp_path) -> Path:
    path = tmp_path / "Small.txt"
    path.write_text(SMALL, encoding="ascii")
    return path


def test_naive_model_finds_the_hand_computed_optimum_and_the_evaluator_agrees(small_file,
                                                                             tmp_path):
    inst = read_instance(small_file)
    result = solve_naive(inst, time_limit_s=10, workers=1, seed=1)
    assert result.status == "OPTIMAL" and result.objective == 105
    assert result.grid == {"P": ["E", "L", None], "Q": [None, "E", "E"]}
    report = evaluate(inst, parse_solution(solution_text(inst, result.grid)))
    assert report.feasible and report.penalty == 105
    assert report.parts == {"on_requests": 2, "off_requests": 3, "under_cover": 100,
                            "over_cover": 0}
    run = run_naive(small_file, tmp_path / "out", 10, 1, 7)
    assert (run.instance, run.seed, run.evaluated, run.breaches) == ("Small", 7, 105, {})
    assert read_solution(run.solution) == {"P": ["E", "L", "-"], "Q": ["-", "E", "E"]}


def test_naive_model_keeps_the_hard_rules(small_file):
    # P at most one day in a row cannot reach 960 minutes in the two days before its day off
    text = SMALL.replace("P,E=3|L=3,1440,960,2,", "P,E=3|L=3,1440,960,1,")
    small_file.write_text(text, encoding="ascii")
    assert solve_naive(read_instance(small_file), time_limit_s=10, workers=1,
                       seed=1).status == "INFEASIBLE"


def _run(value: int | None, seed: int, breaches: dict | None = None) -> dict:
    return {"instance": "InstanceX", "seed": seed, "status": "FEASIBLE", "evaluated": value,
            "objective": value, "breaches": breaches or {}, "wall_s": 10.0 + seed,
            "peak_rss_mb": 100.0 * seed, "lower_bound": 5.0 * seed, "lp_bound": None,
            "path": "cp-sat"}


def test_summary_median_range_and_ratio_by_hand():
    ours = [_run(12, 1), _run(10, 2), _run(11, 3), _run(5, 4, {"H4": 1})]
    naive = [_run(20, 1), _run(22, 2), _run(None, 3)]
    row = summarise(ours, naive, upper=10)
    # the breached run (5) does not count; the naive run without roster neither
    assert (row["ours_median"], row["ours_min"], row["ours_max"]) == (11, 10, 12)
    assert (row["naive_median"], row["ratio"], row["gap_percent"]) == (21, 0.524, 10.0)
    assert row["seed"] == 3 and row["evaluated"] == 11  # the median run's own fields
    assert (row["wall_s"], row["peak_rss_mb"], row["lower_bound"]) == (14.0, 400.0, 20.0)
    assert row["lp_bound"] is None and row["seeds"] == [1, 2, 3, 4]
    line = format_row(row)
    assert "10-12" in line and "0.52" in line and "可行" in line and "–" in line


def test_parse_seeds():
    assert parse_seeds("1, 2,3,2") == (1, 2, 3)
    with pytest.raises(typer.BadParameter):
        parse_seeds("1,x")


def test_interleaved_run_on_instance1_with_two_seeds(tmp_path):
    lines: list[tuple[str, bool]] = []
    # 10 s: CP-SAT proves Instance1's 607 from the pattern path's roster in 2.9-5.0 s of a
    # 5 s limit here, by seed and by the columns generated (its pattern bound is 558)
    summary = run_benchmark([1], instances="1", time_limit=10, workers=2, out=tmp_path / "sol",
                            json_out=tmp_path / "s.json", data_dir=None, quiet=True,
                            echo=lambda message, *, err=False: lines.append((message, err)),
                            seeds=(1, 2))
    row = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["rows"][0]
    assert row == summary["rows"][0]  # the JSON holds what the run returned
    assert row["seeds"] == [1, 2] and [r["seed"] for r in row["runs"]] == [1, 2]
    assert row["ours_median"] == row["ours_min"] == row["ours_max"] == 607
    assert row["naive_median"] == 607 and row["ratio"] == 1.0 and row["gap_percent"] == 0
    assert row["statuses"] == ["OPTIMAL"] * 2 and row["naive_statuses"] == ["OPTIMAL"] * 2
    assert "lp_bound" in row and row["path"] in ("cp-sat", "colgen")
    assert row["wall_s"] == max(r["wall_s"] for r in row["runs"]) > 0
    assert row["peak_rss_mb"] > 0 and row["naive_peak_rss_mb"] > 0
    inst = load_instance(BENCH_DIR / "Instance1.txt")
    for seed in (1, 2):
        for name in (f"Instance1.seed{seed}.sol.txt", f"Instance1.naive.seed{seed}.sol.txt"):
            solution = read_solution(tmp_path / "sol" / name)
            assert evaluate(read_instance(inst.path), solution).penalty == 607
            grid = {s: [None if c == "-" else c for c in cells] for s, cells in solution.items()}
            assignments = [Assignment(staff_id=s, line_id="CURTOIS", post_id="COVER", shift=c,
                                      day=inst.day(d), segments=(), hours=8)
                           for s, cells in grid.items() for d, c in enumerate(cells) if c]
            assert check(inst.data, inst.start, inst.horizon, assignments).objective == 607
    table = [m for m, err in lines if not err]
    assert "本引擎中位" in table[0] and "最优" in table[1] and "607-607" in table[1]
    assert "1.00" in table[1]


def test_cli_no_naive_runs_the_engine_only(tmp_path):
    from ui.cli import app

    summary = tmp_path / "s.json"
    result = CliRunner().invoke(app, ["bench", "curtois", "--instances", "1", "--time-limit",
                                      "5", "--seeds", "3", "--no-naive", "--out",
                                      str(tmp_path), "--json", str(summary), "--quiet"])
    assert result.exit_code == 0, result.output
    row = json.loads(summary.read_text(encoding="utf-8"))["rows"][0]
    assert row["naive_runs"] == [] and row["naive_median"] is None and row["ratio"] is None
    assert row["ours_median"] == 607 and (tmp_path / "Instance1.seed3.sol.txt").exists()


def test_resume_keeps_what_was_measured_and_adds_the_rest(tmp_path):
    # Seed 1 of Instance1 measured, then resumed with seeds 1 and 2 and Instance2: seed 1 is
    # not run again (its run is the same object in the JSON), seed 2 and Instance2 are added;
    # a resume at another time limit is refused and leaves the file as it was.
    from ui.cli import app

    summary = tmp_path / "s.json"
    base = ["bench", "curtois", "--time-limit", "5", "--out", str(tmp_path),
            "--json", str(summary), "--quiet"]
    first = CliRunner().invoke(app, [*base, "--instances", "1", "--seeds", "1"])
    assert first.exit_code == 0, first.output
    row1 = json.loads(summary.read_text(encoding="utf-8"))["rows"][0]
    run1, naive1 = row1["runs"][0], row1["naive_runs"][0]
    lines: list[str] = []
    run_benchmark([1, 2], instances="1-2", time_limit=5, workers=2, out=tmp_path,
                  json_out=summary, data_dir=None, quiet=True,
                  echo=lambda message, *, err=False: lines.append(message), seeds=(1, 2),
                  naive=False, resume=True)
    done = json.loads(summary.read_text(encoding="utf-8"))
    assert [r["instance"] for r in done["rows"]] == ["Instance1", "Instance2"]
    assert done["rows"][0]["runs"][0] == run1 and done["rows"][0]["seeds"] == [1, 2]
    assert done["rows"][0]["naive_runs"] == [naive1]  # kept while the naive model rests
    assert done["rows"][1]["ours_median"] == 828 and len(done["sittings"]) == 2
    assert sum("上次已测" in line for line in lines) == 1
    before = summary.read_text(encoding="utf-8")
    other = CliRunner().invoke(app, [*base, "--instances", "1", "--seeds", "1", "--resume",
                                     "--time-limit", "6"])
    assert other.exit_code == 2 and "不能续跑" in other.output
    assert summary.read_text(encoding="utf-8") == before
