"""Scenario sweeps (solver/sweep/): grid files, one row per scenario, failures kept in their
row, identical results on the inline, process-pool and Ray executors, Excel/CSV/PNG out."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from model.errors import DataError
from solver.sweep import (
    ERROR,
    frontier_png,
    grid_from_dict,
    grid_points,
    load_grid,
    run_sweep,
    sweep_csv,
    sweep_workbook,
)
from tests.tiny import line, need, person, post, tiny

GRIDS = Path(__file__).resolve().parent.parent / "scenarios" / "grids"


def _data():
    # One line L01 (6000 a month each), post P1: D (7 h) every day of the week 2026-11-30.
    # 1 person works at most 6 days (weekly rest): 1 gap; 2 people cover all 7 days.
    # The deductions follow the embedded contract's assessment sheet (attachment 28).
    from model.loaders import load_dataset

    return tiny(staff=[person("S1"), person("S2")], lines=[line("L01", 2)],
                posts=[post("P1", need("D"))], assessment=load_dataset().assessment)


def _grid(**extra):
    raw = {"name": "小网格", "period": {"start": "2026-11-30", "weeks": 1}, "time_limit": 2,
           "headcount": {"L01": [1, 2, 3]}, "management_fee": [0, "10%"], **extra}
    return grid_from_dict(raw)


def test_grid_shorthands_become_axes_in_a_fixed_order():
    grid = _grid(axes=[{"name": "需求", "values": [
        {"label": "照常"},
        {"label": "目标x2", "demand": [{"post_id": "P1", "scale_target": 2.0}]}]}])
    assert [a.name for a in grid.axes] == ["L01 人数", "管理费", "需求"]
    assert grid.size == 12
    points = grid_points(grid)
    assert [p.index for p in points] == list(range(12))
    first, last = points[0], points[-1]
    assert first.labels == {"L01 人数": "1人", "管理费": "0", "需求": "照常"}
    assert first.changes == {"headcount": {"L01": 1}, "management_fee": {"*": 0}}
    assert last.changes["demand"] == [{"post_id": "P1", "scale_target": 2.0}]
    assert last.name == "L01 人数=3人；管理费=10%；需求=目标x2"


def test_grid_problems_are_reported_together():
    with pytest.raises(DataError) as info:
        grid_from_dict({"headcount": {"L01": 3}, "colour": "red", "management_fee": "6%"})
    messages = str(info.value)
    assert "字段 colour：未知字段" in messages  # as the user wrote it
    assert "字段 人数：" in messages and "字段 管理费：" in messages  # known fields by name
    with pytest.raises(DataError, match="情景中没有这些字段"):
        grid_from_dict({"axes": [{"name": "x", "values": [{"label": "a", "colour": 1}]}]})


def test_example_grids_load():
    files = sorted(GRIDS.glob("*.yaml"))
    assert files
    for path in files:
        assert load_grid(path).size >= 2


def test_inline_sweep_rows_costs_gaps_deductions_and_frontier():
    result = run_sweep(_data(), _grid(), executor="inline")
    rows = result.rows
    assert [r.index for r in rows] == list(range(6))
    assert all(r.ok and not r.error and r.reproducible for r in rows), rows
    by_name = {r.name: r for r in rows}
    one = by_name["L01 人数=1人；管理费=0"]
    two = by_name["L01 人数=2人；管理费=0"]
    fee = by_name["L01 人数=2人；管理费=10%"]
    # 1 person: 1 uncovered shift = 1 failed task (15 points): score 85, 10 yuan a point.
    assert (one.headcount, one.gaps, one.deduction) == (1, 1, Decimal("150.00"))
    assert one.monthly_cost == Decimal(6000) and one.contract_cost == Decimal(216000)
    assert (two.gaps, two.deduction, two.monthly_cost) == (0, Decimal(0), Decimal(12000))
    assert fee.monthly_cost == Decimal(13200)  # 2 x (6000 + 600)
    assert one.status == "OPTIMAL" and one.objective is not None
    # frontier: the cheapest with 1 gap and the cheapest with none; 3 people are dominated
    assert set(result.frontier()) == {one.index, two.index}


def test_a_failed_scenario_stays_in_its_row():
    grid = _grid(axes=[{"name": "坏", "values": [{"label": "好"},
                                                 {"label": "坏", "headcount": {"L99": 1}}]}])
    rows = run_sweep(_data(), grid, executor="inline").rows
    failed = [r for r in rows if r.status == ERROR]
    assert len(failed) == 6 and all("未知服务项目" in r.error for r in failed)
    assert sum(1 for r in rows if r.ok) == 6


def test_process_pool_gives_the_inline_results(tmp_path, monkeypatch):
    # The main script is one that must not run again in the workers (as under Streamlit or
    # AppTest, whose page script is __main__): the pool starts them without it.
    import sys
    import types

    script = tmp_path / "page.py"
    script.write_text("raise SystemExit('the main script ran in a worker')\n", encoding="utf-8")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    grid = _grid()
    inline = run_sweep(_data(), grid, executor="inline")
    pooled = run_sweep(_data(), grid, executor="process", workers=2)
    assert [r.comparable() for r in pooled.rows] == [r.comparable() for r in inline.rows]
    assert sys.modules["__main__"] is page


def test_ray_gives_the_process_pool_results():
    try:
        import ray
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"Ray 无法导入：{exc}")
    grid = _grid()
    pooled = run_sweep(_data(), grid, executor="process", workers=2)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        on_ray = run_sweep(_data(), grid, executor="ray", workers=2)
        assert ray.is_initialized()  # a cluster started by the caller is left running
    finally:
        ray.shutdown()
    assert [r.comparable() for r in on_ray.rows] == [r.comparable() for r in pooled.rows]
    assert on_ray.executor == "ray"


def test_outputs_excel_with_chart_csv_and_png():
    from openpyxl import load_workbook

    result = run_sweep(_data(), _grid(), executor="inline")
    book = load_workbook(io.BytesIO(sweep_workbook(result)))
    sheet = book["情景汇总"]
    headers = [c.value for c in sheet[1]]
    for header in ("情景", "月服务费（元）", "36个月总金额（元）", "缺口（人次）", "加班（小时）",
                   "预计考核扣款（元）", "求解状态", "成本-缺口前沿"):
        assert header in headers
    assert sheet.max_row == 7
    assert len(sheet._charts) == 1
    assert "说明" in book.sheetnames
    text = sweep_csv(result).decode("utf-8-sig").splitlines()
    assert text[0].startswith("序号,情景,L01 人数,管理费") and len(text) == 7
    png = frontier_png(result)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_sweep_on_the_embedded_data(tmp_path):
    from typer.testing import CliRunner

    from ui.cli import app

    grid = tmp_path / "grid.yaml"
    grid.write_text("name: 测试\nperiod: {start: 2026-11-30, weeks: 1}\n"
                    "headcount: {L02: [2, 3]}\n", encoding="utf-8")
    out, csv = tmp_path / "sweep.xlsx", tmp_path / "sweep.csv"
    result = CliRunner().invoke(app, ["sweep", "--grid", str(grid), "--workers", "2",
                                      "--time-limit", "0.5", "--out", str(out),
                                      "--csv", str(csv)])
    assert result.exit_code == 0, result.output
    assert "2 个情景" in result.output and "L02 人数=2人" in result.output
    assert out.exists() and csv.exists() and out.with_suffix(".png").exists()
    bad = CliRunner().invoke(app, ["sweep", "--grid", str(grid), "--executor", "spark"])
    assert bad.exit_code == 2 and "process 或 ray" in bad.output


def test_panel_sweep_table_has_the_chinese_headers():
    from ui.planning_panel import sweep_frame

    frame = sweep_frame(run_sweep(_data(), _grid(), executor="inline"))
    assert len(frame) == 6
    assert {"情景", "月服务费（元）", "缺口（人次）", "预计考核扣款（元）"} <= set(frame.columns)
