"""The store's `roster` commands, run as a user would, on SQLite and PostgreSQL: solve
--publish with the tail read from the store, history, show, swap/edit (refused with the rule
named, forced and audited), diff, export, actual, replan from the store; bad JSON; passwords."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import BytesIO
from itertools import combinations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from solver.check import evaluate
from store.db import open_store
from ui import roster_service as repo
from ui.cli import app

pytest_plugins = ("tests.pg",)

runner = CliRunner()
WEEK1 = date(2026, 11, 30)
WEEK2 = WEEK1 + timedelta(days=7)


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def solve_week(start: date, url: str, *extra: str):
    return run("solve", "--start", start.isoformat(), "--weeks", "1", "--time-limit", "5",
               "--workers", "2", "--db", url, *extra)


def swap_candidates(data, roster, day: date):
    """(accepted, refused) swaps of two people of one line on `day`, as the checker sees
    them: the test then expects the CLI to agree."""
    cells = {(a.staff_id, a.day): a for a in roster.assignments}
    base = evaluate(data, roster.start, 7, list(roster.assignments)).violations
    accepted = refused = None
    for a, b in combinations([m.id for m in data.vendor_staff()], 2):
        if data.staff_by_id[a].line_id != data.staff_by_id[b].line_id:
            continue
        ca, cb = cells.get((a, day)), cells.get((b, day))
        if ca is None and cb is None or (ca and cb and ca.shift == cb.shift
                                         and ca.post_id == cb.post_id):
            continue
        swapped = [x for x in roster.assignments if not (x.day == day and x.staff_id in (a, b))]
        if cb is not None:
            swapped.append(repo.make_assignment(data, a, day, cb.post_id, cb.shift))
        if ca is not None:
            swapped.append(repo.make_assignment(data, b, day, ca.post_id, ca.shift))
        after = evaluate(data, roster.start, 7, swapped).violations
        new = repo.new_violations(base, after)
        # two pairs without a person in common: the forced swap leaves the accepted one's cells
        if not new and accepted is None and (refused is None or not {a, b} & set(refused[:2])):
            accepted = (a, b)
        if new and refused is None and (accepted is None or not {a, b} & set(accepted)):
            refused = (a, b, new[0])
        if accepted and refused:
            break
    return accepted, refused


def test_cli_store_flow(store_url, tmp_path):
    first = solve_week(WEEK1, store_url, "--publish", "--json", tmp_path / "w1.json")
    assert first.exit_code == 0, first.output
    assert "已发布：版本 1" in first.stdout
    history = run("history", "--db", store_url)
    assert "2026-11-30 至 2026-12-06" in history.stdout and "已发布" in history.stdout
    shown = run("show", "1", "--db", store_url)
    assert shown.exit_code == 0 and "版本 1：2026-11-30 至 2026-12-06" in shown.stdout
    assert "W001" in shown.stdout

    store = open_store(store_url)
    try:
        _, data, roster = repo.load_version(store, 1, complete=False)
    finally:
        store.dispose()
    day = WEEK1 + timedelta(days=2)
    accepted, refused = swap_candidates(data, roster, day)
    assert accepted and refused
    a, b, violation = refused
    no = run("swap", "1", "--date", day, "--a", a, "--b", b, "--db", store_url)
    assert no.exit_code == 2
    assert repo.rule_name(data, violation.rule) in no.output and "拒绝" in no.output
    assert "版本 2" not in run("history", "--db", store_url).stdout
    forced = run("swap", "1", "--date", day, "--a", a, "--b", b, "--force", "--reason",
                 "院方要求", "--author", "李组长", "--db", store_url)
    assert forced.exit_code == 0 and "已保存为版本 2" in forced.stdout
    assert "强制执行" in forced.stdout and "_" not in forced.stdout.split("强制执行", 1)[1]
    ok = run("swap", "2", "--date", day, "--a", accepted[0], "--b", accepted[1], "--db",
             store_url, "--author", "王")
    assert ok.exit_code == 0, ok.output
    assert "已保存为版本 3" in ok.stdout

    diff = run("diff", "1", "3", "--db", store_url)
    assert diff.exit_code == 0 and "→" in diff.stdout
    assert f"{a}）" in diff.stdout and f"{accepted[0]}）" in diff.stdout
    audit = run("audit", "--db", store_url)
    assert "院方要求" in audit.stdout and "李组长" in audit.stdout and "强制" in audit.stdout
    assert "强制，违反 " in audit.stdout and "_" not in audit.stdout  # rules by name, no ids
    assert "换班" in audit.stdout

    workbook = tmp_path / "v3.xlsx"
    exported = run("export", "3", "--out", workbook, "--db", store_url, "--paper", "a3")
    assert exported.exit_code == 0 and "排班表" in load_workbook(workbook).sheetnames
    assert int(load_workbook(workbook)["排班表"].page_setup.paperSize) == 8

    second = solve_week(WEEK2, store_url, "--publish")
    assert second.exit_code == 0, second.output
    assert "已从排班库读取 2026-12-06 以前的排班尾巴" in second.output
    store = open_store(store_url)
    try:
        info, data2, _ = repo.load_version(store, 4, complete=False)
        assert info.start == WEEK2 and data2.tails
        expected = repo.tails_before(store, data2.with_changes(tails=()), WEEK2)
        assert data2.tails == expected  # what the solve used is what the store holds
    finally:
        store.dispose()

    out = tmp_path / "actual.xlsx"
    actual = run("actual", "--month", "2026-12", "--out", out, "--db", store_url)
    assert actual.exit_code == 0, actual.output
    assert "计划" in actual.stdout and "W001" in actual.stdout
    sheet = load_workbook(BytesIO(out.read_bytes()))["实际工时"]
    assert [c.value for c in sheet[2]][7:10] == ["加班150%（工作日）", "加班200%（休息日）",
                                                 "加班300%（法定节假日）"]

    # replan week 2 (v4) from the store: v1-v3 carry a forced breach, which replan would pin
    store = open_store(store_url)
    try:
        _, _, roster2 = repo.load_version(store, 4, complete=False)
    finally:
        store.dispose()
    sick_day = WEEK2 + timedelta(days=2)
    worker = next(x.staff_id for x in roster2.assignments if x.day == sick_day)
    replanned = run("replan", "--staff", worker, "--from", sick_day, "--time-limit", "5",
                    "--workers", "2", "--db", store_url)
    assert replanned.exit_code == 0, replanned.output
    assert "需通知的改动" in replanned.stdout and "病假" in replanned.stdout
    assert "已发布：版本 5" in replanned.stdout
    history = run("history", "--db", store_url).stdout
    assert "被 5 取代" in history and "重排" in history
    sick = run("audit", "--version", "5", "--db", store_url).stdout
    assert f"{sick_day} {worker}" in sick and "病假" in sick

    # the same absence again: nothing changes, so no new (empty) version is stored
    again = run("replan", "--staff", worker, "--from", sick_day, "--time-limit", "5",
                "--workers", "2", "--db", store_url)
    assert again.exit_code != 0 and "已登记" in again.output and "未保存新版本" in again.output
    assert "版本 6" not in run("history", "--db", store_url).stdout


def test_publish_json_checks_hash_and_staff_and_supersedes(store_url, tmp_path):
    path = tmp_path / "r.json"
    solved = solve_week(WEEK1, store_url, "--json", path)
    assert solved.exit_code == 0, solved.output
    body = json.loads(path.read_text(encoding="utf-8"))
    assert len(body["data_hash"]) == 64

    wrong = dict(body, data_hash="f" * 64)
    (tmp_path / "wrong.json").write_text(json.dumps(wrong), encoding="utf-8")
    refused = run("publish", tmp_path / "wrong.json", "--db", store_url)
    assert refused.exit_code == 2 and "数据指纹" in refused.output

    unknown = json.loads(json.dumps(body))
    unknown["assignments"][0]["staff_id"] = "W999"
    (tmp_path / "unknown.json").write_text(json.dumps(unknown), encoding="utf-8")
    refused = run("publish", tmp_path / "unknown.json", "--db", store_url)
    assert refused.exit_code == 2 and "未知工号 W999" in refused.output
    assert "没有该时期的排班版本" in run("history", "--db", store_url).stdout

    assert "已发布：版本 1" in run("publish", path, "--db", store_url).stdout
    again = run("publish", path, "--db", store_url, "--author", "王")
    assert "已发布：版本 2" in again.stdout and "取代版本 1" in again.stdout
    draft = run("publish", path, "--draft", "--db", store_url)
    assert "已保存草稿：版本 3" in draft.stdout
    assert "已发布：版本 3" in run("publish", "--version", "3", "--db", store_url).stdout
    history = run("history", "--db", store_url).stdout
    assert history.count("已取代") == 2
    shown = run("show", "3", "--json", tmp_path / "v3.json", "--db", store_url)
    assert json.loads((tmp_path / "v3.json").read_text())["data_hash"] == body["data_hash"]
    assert shown.exit_code == 0
    # a JSON whose data set the store already holds is published with that data set
    reused = run("publish", tmp_path / "v3.json", "--db", store_url)
    assert "使用排班库中已保存的数据集" in reused.output and "已发布：版本 4" in reused.stdout


def test_bad_arguments_get_a_chinese_error_and_write_nothing(store_url):
    assert run("show", "7", "--db", store_url).exit_code == 2
    assert "没有版本 7" in run("show", "7", "--db", store_url).output
    assert "无效的月份" in run("actual", "--month", "2026-13", "--db", store_url).output
    assert "不存在的日期" in run("swap", "1", "--date", "2026-02-30", "--a", "W001", "--b",
                               "W002", "--db", store_url).output
    assert "没有已发布的排班" in run("actual", "--month", "2026-12", "--db", store_url).output


def test_a_password_is_never_printed(tmp_path):
    url = "postgresql://planner:s3cret-pw@127.0.0.1:1/roster"
    result = run("history", "--db", url)
    assert result.exit_code == 2
    assert "s3cret-pw" not in result.output and "***" in result.output
    assert "无法打开数据库" in result.output


def test_a_password_is_hidden_on_a_live_postgresql(tmp_path):
    from tests.pg import PgUnavailable, shared_server

    try:
        server = shared_server()
    except PgUnavailable as exc:
        pytest.skip(f"PostgreSQL 不可用：{exc}")
    url = server.create_database().replace("postgres@", "postgres:s3cret-pw@", 1)
    result = solve_week(WEEK1, url, "--publish")
    assert result.exit_code == 0, result.output
    assert "s3cret-pw" not in result.output and "postgres:***@" in result.output
