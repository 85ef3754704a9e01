"""The `roster` console command, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from ui.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_cost_json_has_the_documented_keys_and_the_formula_total():
    result = run("cost", "--json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["monthly_total"] == 311948.52  # Σ headcount x unit cost, no fee quoted
    assert payload["contract_total"] == round(311948.52 * 36, 2)
    line = payload["lines"][0]
    assert set(line) >= {"line_id", "name", "headcount", "unit_cost", "management_fee",
                         "monthly_fee"}
    assert (line["line_id"], line["headcount"], line["unit_cost"]) == ("L01", 1, 5664.26)


def test_cost_of_a_scenario_shows_the_delta():
    result = run("cost", "--scenario", "scenarios/optometry_plus_one.yaml")
    assert result.exit_code == 0
    assert "与基线相比：人数增加 1 人；每月增加 ¥6,770.16" in result.stdout
    assert "不一致 1 项" in result.stdout  # seed checks run on the baseline, not the scenario


def test_check_lists_the_deliberately_out_of_line_staff():
    result = run("check", "--date", "2027-03-01", "--within", "60")
    assert result.exit_code == 0
    assert "W025" in result.stdout and "W016" in result.stdout


def test_check_has_a_borrowing_section():
    result = run("check", "--date", "2026-12-01")
    assert result.exit_code == 0
    section = result.stdout[result.stdout.index("借调资质"):]
    assert "不符合 0 项，按已备案例外 1 项" in section
    assert "△ 韦小红（W025，L13）→ 眼科门诊分诊导诊、视力检测与雾化" in section
    assert "年龄40周岁以下（本人42岁）" in section and "批准：门诊部、护理部" in section
    assert "W026" not in section and "EYE_OPD" not in section and "NURSE" not in section
    as_json = json.loads(run("check", "--date", "2026-12-01", "--json").stdout)
    assert [b["staff_id"] for b in as_json["borrowing"] if b["waived"]] == ["W025"]
    assert all(b["ok"] for b in as_json["borrowing"])


def test_bad_date_argument_is_a_clear_message():
    result = run("check", "--date", "2026-02-30")
    assert result.exit_code == 2
    assert "不存在的日期" in result.stderr


def test_template_then_import_round_trip(tmp_path: Path):
    book = tmp_path / "模板.xlsx"
    assert run("template", "--out", str(book)).exit_code == 0
    result = run("import", str(book))
    assert result.exit_code == 0 and "导入成功：46 名人员" in result.stdout
    assert "0 个项目的排班模式" in result.stdout  # the embedded data keeps none


def test_bad_workbook_lists_problems_and_writes_nothing(tmp_path: Path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    out = tmp_path / "roster.json"
    result = run("solve", "--workbook", str(bad), "--start", "2026-11-30", "--json", str(out))
    assert result.exit_code == 2
    assert "坏文件.xlsx" in result.stderr
    assert not out.exists()


def test_solve_one_week_writes_json_and_excel(tmp_path: Path):
    out, js = tmp_path / "排班表.xlsx", tmp_path / "roster.json"
    result = run("solve", "--start", "2026-11-30", "--weeks", "1", "--time-limit", "20",
                 "--workers", "2", "--out", str(out), "--json", str(js), "--paper", "A3")
    assert result.exit_code == 0, result.stdout
    assert "状态：已证明最优" in result.stdout and "缺口：0 人次（全部覆盖）" in result.stdout
    assert out.stat().st_size > 5000
    assert int(load_workbook(out)["排班表"].page_setup.paperSize) == 8  # --paper A3
    assert json.loads(js.read_text(encoding="utf-8"))["status"] == "OPTIMAL"


def test_calendar_names_sources():
    result = run("calendar", "--year", "2027")
    assert result.exit_code == 0
    assert "来源：法定节假日日历库（不含调休上班日）" in result.stdout
    assert "2027 年的调休上班日尚无来源" in result.stdout and "暂按周末休息日计算" in result.stdout
    assert "holidays" not in result.stdout and "calendar_overrides" not in result.stdout
