"""`roster demand` and `roster clinic-change` on the embedded hospital's example 出诊表
(data/clinics/2027-01.csv), a 停诊 after publication re-planned and stored; the stored
version re-checked by the independent checker."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from model.loaders import load_dataset
from model.posts import Need
from solver.check import evaluate
from store.db import open_store
from ui import roster_service as repo
from ui.cli import app
from ui.views.roster_clinic_change import changes_of

runner = CliRunner()
HEADER = "医生,科室,日期,时段,诊室,变更\n"
# 2027-01-12 (Tuesday): the STR clinic's evening session and two of its day rooms cancelled
CANCEL = ("杨光,,2027-01-12,上午,,停诊\n杨光,,2027-01-12,下午,,停诊\n"
          "唐静,,2027-01-12,上午,,停诊\n何小玲,,2027-01-12,晚上,,停诊\n")


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_demand_shows_the_evening_shift_only_on_evening_clinic_days():
    result = run("demand", "--month", "2027-01", "--post", "STR_NURSE")
    assert result.exit_code == 0, result.output
    evenings = [line for line in result.stdout.splitlines() if "夜诊班" in line and "日 " in line]
    assert evenings and all(("周二" in line or "周四" in line) and "晚上 1 诊" in line
                            for line in evenings)
    assert len(evenings) == 8  # the Tuesdays and Thursdays of January 2027
    assert "按出诊表" in result.stdout and "固定需求为" in result.stdout


def test_on_the_new_year_holiday_only_the_hall_desk_is_needed_of_the_clinic_posts():
    data = load_dataset()
    new_year = date(2027, 1, 1)
    kind = data.calendar.classify(new_year).kind
    hall = data.post_by_id["OPD_GUIDE"]
    for post in data.posts:
        if post.derived and post is not hall:
            assert all(post.need_on(t, new_year, kind).target == 0 for t in post.shifts)
    assert hall.need_on("D", new_year, kind) == Need(min=1, target=1)  # the hall stays open
    monday = date(2027, 1, 4)
    assert hall.need_on("D", monday, data.calendar.classify(monday).kind).min == 2
    assert hall.derived_need("D", monday).sources  # the sessions behind it


def test_a_cancellation_after_publication_is_replanned_and_stored(tmp_path):
    url = f"sqlite:///{tmp_path / 'roster.db'}"
    solved = run("solve", "--month", "2027-01", "--time-limit", "20", "--workers", "2",
                 "--publish", "--db", url)
    assert solved.exit_code == 0, solved.output
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "何小玲,,2027-01-12,上午,,停诊\n无名,,2027-01-40,上午,,停诊\n",
                   encoding="utf-8")
    refused = run("clinic-change", bad, "--version", "1", "--db", url)
    assert refused.exit_code == 2
    assert "第 2 行" in refused.output and "第 3 行" in refused.output
    changes = tmp_path / "stop.csv"
    changes.write_text(HEADER + CANCEL, encoding="utf-8")
    result = run("clinic-change", changes, "--time-limit", "20", "--workers", "2",
                 "--db", url)
    assert result.exit_code == 0, result.output
    assert "需求变化：2027-01-12 周二" in result.stdout and "夜诊班 1 人 → 0 人" in result.stdout
    assert "需通知的改动" in result.stdout and "取代版本 1" in result.output
    store = open_store(url)
    try:
        info, data, roster = repo.load_version(store, 2, complete=False)
        assert info.origin == "replan"
        tuesday = date(2027, 1, 12)
        assert not any(a.day == tuesday and a.shift == "E" for a in roster.assignments)
        assert data.post_by_id["STR_NURSE"].need_on("E", tuesday, data.calendar.classify(
            tuesday).kind).target == 0
        evaluation = evaluate(data, roster.start, 31, list(roster.assignments))
        assert evaluation.violations == []
        again = run("clinic-change", changes, "--version", "2", "--db", url)
        assert again.exit_code == 2 and "出诊表中没有该医生" in again.output
    finally:
        store.dispose()


def test_the_app_reads_uploaded_change_rows_and_names_the_file():
    data = load_dataset()
    rows = changes_of("停诊.csv", (HEADER + CANCEL).encode("utf-8"), data)
    assert len(rows) == 4
    try:
        changes_of("停诊.csv", (HEADER + "杨光,,2027-01-12,晚上,,停诊\n").encode(), data)
    except Exception as exc:  # noqa: BLE001 - DataError, checked below
        assert [p.file for p in exc.problems] == ["停诊.csv"]
    else:
        raise AssertionError("a 停诊 without a session was accepted")


def test_the_demand_tab_shows_the_sessions_behind_each_need():
    from tests.test_app import new_app, open_tab, table

    at = new_app()
    at.selectbox(key="period_month").set_value(date(2027, 1, 1)).run()
    open_tab(at, "roster_tab", "需求")
    posts = at.selectbox(key="demand_post")
    nurse = next(p for p in posts.options if "夜诊" in p)
    posts.select(nurse).run()
    frame = table(at, "demand_table")
    evenings = frame[frame["班次"] == "夜诊班"]
    assert len(evenings) == 8 and set(evenings["星期"]) == {"二", "四"}
    assert all("晚上 1 诊" in text for text in evenings["来自"])
    assert not at.exception
