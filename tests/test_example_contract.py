"""Both data sets end to end: load, cost against hand totals, check, a 4-week solve, plan, sweep."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from model.dataset import DataSet
from model.loaders import DATA_DIR, load_dataset
from model.roster import RosterResult
from tests.conftest import solve_checked
from ui.cli import app

EXAMPLE_DIR = DATA_DIR / "examples" / "general_hospital"
EMBEDDED, EXAMPLE = "embedded", "example"
FOLDERS = {EMBEDDED: DATA_DIR, EXAMPLE: EXAMPLE_DIR}

runner = CliRunner()


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _monday_of_start(data: DataSet) -> date:
    start = data.contract.start
    assert start is not None
    return start - timedelta(days=start.weekday())


@pytest.fixture(scope="module")
def datasets() -> dict[str, DataSet]:
    return {name: load_dataset(folder) for name, folder in FOLDERS.items()}


# -- load ---------------------------------------------------------------------------------

def test_the_example_loads_with_its_own_terms(datasets: dict[str, DataSet]) -> None:
    data = datasets[EXAMPLE]
    terms = data.contract
    assert terms.start == date(2026, 6, 1) and terms.months == 24
    assert terms.periods_months == (12, 12)
    assert terms.management_fee is not None and terms.management_fee.percent == Decimal("8")
    levels = terms.education_levels
    assert levels.index("初中") < levels.index("高中") < levels.index("中专")
    assert data.tender is None
    assert len(data.lines) == 7 and len(data.staff) == 31
    assert sum(line.headcount for line in data.lines) == len(data.staff)
    below = {s.id for s in data.staff if s.education in ("初中", "高中")}
    assert {s.line_id for s in data.staff if s.id in below} >= {"L02", "L05"}
    desk = {s.regime.value for s in data.staff if s.line_id == "L01"}
    assert desk == {"综合计算工时"}
    shifts = data.shift_by_code
    assert shifts["日"].minutes == shifts["夜"].minutes == 12 * 60
    assert shifts["夜"].crosses_midnight and shifts["夜收"].crosses_midnight


@pytest.mark.parametrize("name", [EMBEDDED, EXAMPLE])
def test_both_data_sets_load_and_name_their_hospital(datasets: dict[str, DataSet],
                                                      name: str) -> None:
    data = datasets[name]
    assert data.contract.hospital and data.contract.start is not None
    assert all(s.line_id in data.line_by_id for s in data.staff)


# -- cost against the hand totals ---------------------------------------------------------

def _readme_hand_totals() -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """The example README's hand table: per line its monthly fee, and the three totals."""
    text = (EXAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    lines: dict[str, Decimal] = {}
    for match in re.finditer(r"^\| (L\d\d) \|.*\| ([\d,]+\.\d\d) \|$", text, re.M):
        lines[match.group(1)] = Decimal(match.group(2).replace(",", ""))
    totals: dict[str, Decimal] = {}
    for key, label in (("monthly", "每月合计"), ("year", "每合同年"), ("contract", "24 个月合计")):
        found = re.search(rf"^\| \*\*{label}\*\* \|.*\| \*\*([\d,]+\.\d\d)\*\* \|$", text, re.M)
        assert found, label
        totals[key] = Decimal(found.group(1).replace(",", ""))
    return lines, totals


# Embedded data (data/README.md, "Printed figures against the formula"): management fee 0,
# so the monthly total is sum(headcount x unit cost) = 311,948.52; x 12 per contract year
# = 3,743,382.24; x 36 months = 11,230,146.72.
EMBEDDED_TOTALS = {"monthly": Decimal("311948.52"), "year": Decimal("3743382.24"),
                   "contract": Decimal("11230146.72")}


@pytest.mark.parametrize("name", [EMBEDDED, EXAMPLE])
def test_roster_cost_equals_the_hand_totals(name: str) -> None:
    report = json.loads(_cli("cost", "--json", "--data", str(FOLDERS[name])))
    if name == EXAMPLE:
        hand_lines, totals = _readme_hand_totals()
        assert {row["line_id"]: Decimal(str(row["monthly_fee"])) for row in report["lines"]} \
            == hand_lines
        assert sum(hand_lines.values()) == totals["monthly"]
        assert report["headcount_total"] == 31
    else:
        totals = EMBEDDED_TOTALS
        assert report["headcount_total"] == 46
    assert Decimal(str(report["monthly_total"])) == totals["monthly"]
    assert Decimal(str(report["contract_year_total"])) == totals["year"]
    assert Decimal(str(report["contract_total"])) == totals["contract"]


def test_the_cost_table_shows_the_eight_percent_fee() -> None:
    out = _cli("cost", "--data", str(EXAMPLE_DIR))
    # 8 % of 3,656.30 = 292.504 -> 292.50; of 4,263.85 = 341.108 -> 341.11 (half up, to the fen)
    assert "¥292.50" in out and "¥341.11" in out
    assert "24个月总金额 ¥3,197,804.88" in out
    assert "招标文件" not in out  # no tender_figures.yaml: nothing to check against


# -- check ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "day", "within", "expiring"), [
    (EMBEDDED, "2026-12-01", "150", "W016"),  # 护士执业资格证 to 2027-03-31
    (EXAMPLE, "2026-06-01", "90", "ZJ024"),   # 电梯安全管理证 to 2026-06-15
])
def test_roster_check_lists_the_expiring_certificate(name: str, day: str, within: str,
                                                     expiring: str) -> None:
    report = json.loads(_cli("check", "--json", "--date", day, "--within", within,
                             "--data", str(FOLDERS[name])))
    assert expiring in {row["staff_id"] for row in report["expiring"]}
    text = _cli("check", "--date", day, "--within", within, "--data", str(FOLDERS[name]))
    assert f"（{expiring}）" in text


def test_the_example_lift_certificate_expires_mid_horizon() -> None:
    report = json.loads(_cli("check", "--json", "--date", "2026-06-01",
                             "--data", str(EXAMPLE_DIR)))
    assert report["failed"] == []  # everyone meets their line on the contract start
    row = next(r for r in report["expiring"] if r["staff_id"] == "ZJ024")
    assert row["expires_on"] == "2026-06-15" and row["required"] and not row["expired"]
    later = json.loads(_cli("check", "--json", "--date", "2026-06-16",
                            "--data", str(EXAMPLE_DIR)))
    assert [r["staff_id"] for r in later["failed"]] == ["ZJ024"]


# -- a 4-week solve from the contract start's Monday, re-checked --------------------------

@pytest.fixture(scope="module")
def four_weeks(datasets: dict[str, DataSet]) -> Iterator[dict[str, RosterResult]]:
    results = {}
    for name, data in datasets.items():
        results[name] = solve_checked(data, _monday_of_start(data), 28, time_limit_s=10)
    yield results


@pytest.mark.parametrize("name", [EMBEDDED, EXAMPLE])
def test_four_week_solve_is_checked_and_every_gap_has_a_reason(
        four_weeks: dict[str, RosterResult], name: str) -> None:
    result = four_weeks[name]
    assert result.status.has_roster
    assert all(gap.reasons for gap in result.gaps)


def test_the_embedded_gaps_are_only_the_outreach_days(
        four_weeks: dict[str, RosterResult]) -> None:
    # data/README.md: W039 is away 12-08..12-10 and 眼外伤 has no qualified backup; the fire
    # control room (24 h, hospital staff included) is never left empty.
    result = four_weeks[EMBEDDED]
    assert sorted((g.post_id, g.day) for g in result.gaps) == [
        ("WARD_TRA_DOC", date(2026, 12, day)) for day in (8, 9, 10)]
    assert not any("无人值守" in note for note in result.notes)


def test_the_example_ward_window_lift_and_transport_are_fully_covered(
        four_weeks: dict[str, RosterResult]) -> None:
    result = four_weeks[EXAMPLE]
    covered = {"WARD_CARE", "OPD_GUIDE", "CASHIER_DAY", "CASHIER_NIGHT", "LIFT", "TRANSPORT",
               "MED_RECORDS"}
    assert [g for g in result.gaps if g.post_id in covered] == []
    ward = [c for c in result.coverage if c.post_id == "WARD_CARE"]
    assert len(ward) == 28 * 3 and all(c.assigned >= c.required for c in ward)


def test_the_expired_lift_certificate_is_respected(four_weeks: dict[str, RosterResult]) -> None:
    cells = [a for a in four_weeks[EXAMPLE].assignments
             if a.staff_id == "ZJ024" and a.post_id == "LIFT"]
    assert all(a.day <= date(2026, 6, 15) for a in cells)


def test_the_example_holiday_is_paid_at_three_hundred_percent(
        datasets: dict[str, DataSet], four_weeks: dict[str, RosterResult]) -> None:
    # 端午节 2026-06-19 is the only statutory holiday of the period: ward 4, cashiers 2, lift 1,
    # transport 1 shifts of 8 h each are worked that day (the desk's 3 once 12-hour shifts
    # are allowed: add 36 h).
    summary = four_weeks[EXAMPLE].staff_summary
    desk = {s.id for s in datasets[EXAMPLE].staff if s.line_id == "L01"}
    hours_300 = sum(s.overtime_300_hours for s in summary if s.staff_id not in desk)
    assert hours_300 == 8 * 8


def test_the_example_desk_is_fully_covered_in_twelve_hour_shifts(
        four_weeks: dict[str, RosterResult]) -> None:
    result = four_weeks[EXAMPLE]
    assert [g for g in result.gaps if g.post_id == "ONESTOP_DESK"] == []
    assert not any("无人值守" in note for note in result.notes)


# -- plan ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example_plan(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("plan") / "plan.json"
    text = _cli("plan", "--data", str(EXAMPLE_DIR), "--lines", "L01,L02", "--time-limit", "20",
                "--workers", "1", "--json", str(out))
    assert "最低成本人数" in text and "人数的约束原因" in text
    return json.loads(out.read_text(encoding="utf-8"))


def test_roster_plan_runs_on_the_example(example_plan: dict) -> None:
    by_line = {p["line_id"]: p for p in example_plan["lines"]}
    assert set(by_line) == {"L01", "L02"}
    # Ward: 28 eight-hour shifts a week, at most 5 a person without overtime: at least 6.
    assert by_line["L02"]["optimum"] >= 6


def test_roster_plan_never_goes_below_the_desks_24_hour_demand(example_plan: dict) -> None:
    desk = next(p for p in example_plan["lines"] if p["line_id"] == "L01")
    # 27 ordinary days x 36 h = 972 h (06-19's 36 h are holiday overtime); each person's
    # standard hours over the period are 19 workdays x 8 h = 152 h: 972 / 152 = 6.4 -> 7.
    # Nights alone (28, at most 8 a person) need 4.
    assert desk["optimum"] >= 7


# -- a small sweep ----------------------------------------------------------------------------

def test_a_small_sweep_on_the_example(tmp_path: Path) -> None:
    grid = tmp_path / "grid.yaml"
    grid.write_text("name: 资江医院测试\nperiod: {start: 2026-06-01, weeks: 1}\n"
                    "headcount: {L02: [6, 7]}\nmanagement_fee: [\"8%\", 0]\n", encoding="utf-8")
    csv = tmp_path / "sweep.csv"
    out = _cli("sweep", "--grid", str(grid), "--workers", "2", "--time-limit", "0.5",
               "--csv", str(csv), "--data", str(EXAMPLE_DIR))
    assert "4 个情景" in out and "L02 人数=6人" in out
    rows = csv.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 5 and rows[0].startswith("序号,情景,L02 人数,管理费")
