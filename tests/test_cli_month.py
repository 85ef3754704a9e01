"""`roster solve --month`: exactly the calendar month, the previous month's tail from the
store (or from the data set when the store has none), refused beside --start/--weeks, and
`roster actual --month` finding every day of such a month rostered."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from model.loaders import DATA_DIR, load_dataset
from model.roster import roster_from_json_dict
from solver.check import evaluate
from store.db import open_store
from ui import roster_service as repo
from ui.cli import app

runner = CliRunner()
DECEMBER = [date(2026, 12, 1) + timedelta(days=d) for d in range(31)]
FAST = ("--time-limit", "20", "--workers", "2")


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def _roster(path: Path):
    body = json.loads(path.read_text(encoding="utf-8"))
    body.pop("data_hash", None)
    return roster_from_json_dict(body)


def test_month_beside_start_or_weeks_is_refused():
    for extra in (("--start", "2026-12-01"), ("--weeks", "4"),
                  ("--start", "2026-11-30", "--weeks", "5")):
        result = run("solve", "--month", "2026-12", *extra)
        assert result.exit_code == 2
        assert "参数 --month 不能与" in result.stderr and "同时使用" in result.stderr
        assert "排班 " not in result.stderr  # refused before anything is solved
    assert "--start/--weeks" in run("solve", "--month", "2026-12", "--start", "2026-11-30",
                                    "--weeks", "5").stderr
    for bad in ("2026-13", "2026", "12-2026", "2026-12-01"):
        result = run("solve", "--month", bad)
        assert result.exit_code == 2 and "无效的月份" in result.stderr


def test_month_with_the_data_sets_tail(tmp_path: Path):
    # No roster of November in the store: the data set's own tail is used, and the CLI says
    # so. W001 worked the last 6 days of November: 6 in a row at most, so not on Dec 1.
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("benchmarks", "examples"))
    (folder / "tails.yaml").write_text(
        "tails:\n  - {staff_id: W001, consecutive_days: 6, "
        "last_shift_end: 2026-11-30T16:00:00, last_shift_day: 2026-11-30}\n", encoding="utf-8")
    js, book = tmp_path / "month.json", tmp_path / "month.xlsx"
    result = run("solve", "--month", "2026-12", "--data", folder, "--json", js, "--out", book,
                 *FAST)
    assert result.exit_code == 0, result.output
    assert "2026 年 12 月（2026-12-01 至 2026-12-31，31 天）" in result.stderr
    assert "未找到上月排班，使用数据中的上期末排班，共 1 人" in result.stderr
    roster = _roster(js)
    assert (roster.start, roster.end) == (DECEMBER[0], DECEMBER[-1])
    assert sorted({a.day for a in roster.assignments}) == DECEMBER
    assert not any(a.staff_id == "W001" and a.day == DECEMBER[0] for a in roster.assignments)
    assert book.stat().st_size > 5000
    data = load_dataset(folder)
    assert evaluate(data, DECEMBER[0], 31, list(roster.assignments)).violations == []


def test_month_with_the_stores_tail_then_actual_counts_every_day(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'roster.db'}"
    week = run("solve", "--start", "2026-11-24", "--weeks", "1", "--publish", "--db", url,
               *FAST)
    assert week.exit_code == 0, week.output
    month = run("solve", "--month", "2026-12", "--publish", "--db", url, *FAST)
    assert month.exit_code == 0, month.output
    store = open_store(url)
    try:
        info, data, roster = repo.load_version(store, 2, complete=False)
        assert (info.start, info.end) == (DECEMBER[0], DECEMBER[-1])
        assert data.tails and data.tails == repo.tails_before(
            store, data.with_changes(tails=()), DECEMBER[0])
        assert f"上月末排班取自已发布版本 1，共 {len(data.tails)} 人" in month.stderr
    finally:
        store.dispose()
    assert sorted({a.day for a in roster.assignments}) == DECEMBER
    assert evaluate(data, DECEMBER[0], 31, list(roster.assignments)).violations == []
    actual = run("actual", "--month", "2026-12", "--db", url)
    assert actual.exit_code == 0, actual.output
    assert "排班版本 2）" in actual.stdout and "没有已发布排班" not in actual.stdout
    # a 4-week roster from Nov 30 leaves Dec 28..31 without a roster
    other = f"sqlite:///{tmp_path / 'weeks.db'}"
    assert run("solve", "--start", "2026-11-30", "--weeks", "4", "--publish", "--db", other,
               *FAST).exit_code == 0
    assert "注意：4 天没有已发布排班（2026-12-28 起）" in run(
        "actual", "--month", "2026-12", "--db", other).stdout
