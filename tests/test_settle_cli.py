"""`roster settle` and `roster assess`, run as a user would on a week solved and published
from the CLI: attendance imported with a lateness and a 旷工, events added, listed and
withdrawn, the statement printed in Chinese and the workbook written; a bad file refused."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from model.base import minutes_to_clock
from model.money import yuan_in_words
from store.db import open_store
from ui import roster_service as repo
from ui import settlement_service as service
from ui.cli import app

runner = CliRunner()
WEEK1 = date(2026, 11, 30)


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    folder = tmp_path_factory.mktemp("settle")
    url = f"sqlite:///{folder / 'roster.db'}"
    result = run("solve", "--start", WEEK1.isoformat(), "--weeks", "1", "--time-limit", "5",
                 "--workers", "2", "--db", url, "--publish")
    assert result.exit_code == 0, result.output
    store = open_store(url)
    (info,) = repo.list_versions(store, WEEK1, WEEK1 + timedelta(days=6), contract="LZ-EYE-AUX")
    _, data, roster = repo.load_version(store, info.id, complete=False)
    store.dispose()
    return folder, url, data, roster


def export(data, roster, path, *, late=None, absent=None) -> None:
    """Punches on time for every December cell; `late` arrives 20 minutes late, `absent`
    has no punch."""
    shifts = {s.code: s.intervals() for s in data.shifts}
    lines = ["工号,日期,上班1,下班1,上班2,下班2"]
    for a in sorted(roster.assignments, key=lambda a: (a.day, a.staff_id)):
        if a.day.month != 12 or a is absent:
            continue
        punches = []
        for index, (start, end) in enumerate(shifts[a.shift]):
            arrive = start + 20 if a is late and index == 0 else start - 5
            punches += [minutes_to_clock(arrive), minutes_to_clock(end + 2)]
        lines.append(",".join([a.staff_id, a.day.isoformat(), *(punches + ["", ""])[:4]]))
    path.write_text("\n".join(lines), encoding="utf-8")


def test_settle_imports_attendance_and_writes_the_statement(published):
    folder, url, data, roster = published
    december = [a for a in roster.assignments if a.day.month == 12]
    late, absent = december[0], december[1]
    file = folder / "考勤.csv"
    export(data, roster, file, late=late, absent=absent)
    out = folder / "结算.xlsx"
    result = run("settle", "--month", "2026-12", "--db", url, "--attendance", file,
                 "--out", out)
    assert result.exit_code == 0, result.output
    assert "迟到 1 次" in result.output and "旷工 1 天" in result.output
    assert "本月结算款（增值税发票金额）" in result.output
    assert "按实际服务单位量比例结算" in result.output
    store = open_store(url)
    settled = service.settle(store, data, 2026, 12)
    store.dispose()
    total = settled.statement.payable_total
    assert f"（大写：{yuan_in_words(total)}）" in result.output
    lines = {x.line_id: x for x in settled.statement.lines}
    # the late arrival (5) and the 旷工 (20) under 工作纪律: capped at 20 when on one line
    hit = {late.line_id, absent.line_id}
    assert all(lines[x].score < 100 for x in hit)
    if late.line_id == absent.line_id:
        assert lines[late.line_id].score == 80
    else:
        assert (lines[late.line_id].score, lines[absent.line_id].score) == (95, 80)
    book = load_workbook(BytesIO(out.read_bytes()))
    assert book.sheetnames[0] == "月度结算表" and len(book.sheetnames) == 1 + len(data.lines)


def test_assess_add_list_withdraw(published):
    folder, url, data, _ = published
    line = data.lines[0]
    added = run("assess", "add", "--date", "2026-12-02", "--line", line.name, "--kind",
                "服务态度不好被投诉", "--note", "患者投诉", "--db", url)
    assert added.exit_code == 0, added.output
    assert "扣 5 分" in added.output
    listed = run("assess", "list", "--month", "2026-12", "--db", url)
    assert "服务态度不好被投诉" in listed.output and "质量考核小组" in listed.output
    event_id = added.output.split("已登记考核记录 ")[1].split("：")[0]
    refused = run("assess", "add", "--date", "2026-12-02", "--line", line.id, "--kind",
                  "因个人情绪及其他不团结行为造成工作延误", "--points", "30", "--db", url)
    assert refused.exit_code != 0 and "5-20 分" in refused.output
    unknown = run("assess", "add", "--date", "2026-12-02", "--line", line.id, "--kind",
                  "迟到早退", "--db", url)
    assert unknown.exit_code != 0 and "考核标准中没有" in unknown.output
    gone = run("assess", "withdraw", event_id, "--db", url)
    assert gone.exit_code == 0 and f"已撤销考核记录 {event_id}" in gone.output


def test_a_malformed_attendance_file_stores_nothing(published):
    folder, url, data, roster = published
    file = folder / "坏.csv"
    file.write_text("工号,日期,上班1,下班1\nW001,2026-12-01,8点,17:00\n", encoding="utf-8")
    store = open_store(url)
    before = service.month_attendance(store, data.contract.id, 2026, 12)
    result = run("settle", "--month", "2026-12", "--db", url, "--attendance", file)
    assert result.exit_code != 0
    assert "第 2 行第 3 列，字段 上班1" in result.output and "未导入任何数据" in result.output
    assert service.month_attendance(store, data.contract.id, 2026, 12) == before
    store.dispose()


def test_settle_without_a_roster_says_so(tmp_path):
    result = run("settle", "--month", "2027-03", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.exit_code != 0 and "2027 年 3 月没有已发布的排班" in result.output
    bad = run("settle", "--month", "2027-13", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert bad.exit_code != 0 and "无效的月份" in bad.output


def test_the_second_contract_settles_by_its_own_sheet(tmp_path):
    from model.loaders import DATA_DIR

    other = DATA_DIR / "examples" / "general_hospital"
    url = f"sqlite:///{tmp_path / 'roster.db'}"
    solved = run("solve", "--data", other, "--start", "2026-06-01", "--weeks", "1",
                 "--time-limit", "5", "--workers", "2", "--db", url, "--publish")
    assert solved.exit_code == 0, solved.output
    result = run("settle", "--data", other, "--month", "2026-06", "--db", url)
    assert result.exit_code == 0, result.output
    assert "资江医院" in result.output and "按合同数量全额结算" in result.output
    from model.loaders import load_dataset

    data = load_dataset(other)
    store = open_store(url)
    settled = service.settle(store, data, 2026, 6)
    store.dispose()
    # billed in full although only one week of June is rostered
    assert all(x.billed_fee == x.contract_fee for x in settled.statement.lines)
    assert settled.sheet.title == "后勤与护理辅助服务质量月度考核表"
