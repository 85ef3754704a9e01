"""`--contract` on the store commands, run as a user would: two contracts (the embedded data
and a copy named 乙医院) publish the same week into one store with the same staff ids; every
command prints its contract, works on it only, refuses another contract's version with a
Chinese message, lists the known contracts for an unknown id; publishing a data set into
another contract is refused; the second contract's solve reads no tail of the first."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from model.loaders import DATA_DIR
from solver.check import evaluate
from store.db import open_store
from ui import roster_service as repo
from ui.cli import app

runner = CliRunner()
WEEK1 = date(2026, 11, 30)
WEEK2 = WEEK1 + timedelta(days=7)
A_ID, A_LABEL = "LZ-EYE-AUX", "柳州市眼科医院（LZ-EYE-AUX）"
B_ID, B_LABEL = "HOSP-B", "乙医院（HOSP-B）"


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def solve_week(start: date, url: str, *extra):
    return run("solve", "--start", start.isoformat(), "--weeks", "1", "--time-limit", "5",
               "--workers", "2", "--db", url, *extra)


@pytest.fixture
def data_b(tmp_path) -> Path:
    """The embedded data under another contract: same staff ids (W001 ...), same posts."""
    target = tmp_path / "data_b"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("benchmarks"))
    (target / "contract.yaml").write_text(
        "contract:\n  id: HOSP-B\n  hospital: 乙市人民医院\n  short_name: 乙医院\n"
        "  title: 医疗辅助服务劳务外包\n", encoding="utf-8")
    return target


def checked_version(url: str, version: int, contract: str):
    """A stored version re-checked with the checker: no hard breach."""
    store = open_store(url)
    try:
        info, data, roster = repo.load_version(store, version, contract=contract,
                                               complete=False)
    finally:
        store.dispose()
    assert evaluate(data, info.start, info.days, list(roster.assignments)).violations == []
    return info, data, roster


def test_two_contracts_in_one_store_from_the_command_line(tmp_path, data_b):
    url = f"sqlite:///{tmp_path / 'roster.db'}"
    first = solve_week(WEEK1, url, "--publish")
    assert first.exit_code == 0, first.output
    assert f"合同：{A_LABEL}" in first.output and "已发布：版本 1" in first.stdout
    # contract B's week 2 first: the store has A's week 1 but no roster of B before it
    b2 = solve_week(WEEK2, url, "--publish", "--data", data_b)
    assert b2.exit_code == 0, b2.output
    assert f"合同：{B_LABEL}" in b2.output
    assert "中没有 2026-12-06 的排班，不带上期尾巴" in b2.output
    assert "已发布：版本 2" in b2.stdout
    b1 = solve_week(WEEK1, url, "--publish", "--data", data_b, "--contract", B_ID,
                    "--json", tmp_path / "b1.json")
    assert b1.exit_code == 0, b1.output
    assert "已发布：版本 3" in b1.stdout and "取代" not in b1.stdout  # A's week 1 stays
    info1, data1, roster1 = checked_version(url, 1, A_ID)
    info3, data3, roster3 = checked_version(url, 3, B_ID)
    checked_version(url, 2, B_ID)
    assert (data1.contract.id, data3.contract.id) == (A_ID, B_ID)
    assert "W001" in data1.staff_by_id and "W001" in data3.staff_by_id
    assert (info1.status, info3.status) == ("published", "published")

    history_a = run("history", "--db", url)
    assert f"合同：{A_LABEL}" in history_a.stdout
    assert [line.split()[0] for line in history_a.stdout.splitlines()[2:]] == ["1"]
    history_b = run("history", "--contract", B_ID, "--db", url)
    assert f"合同：{B_LABEL}" in history_b.stdout
    assert [line.split()[0] for line in history_b.stdout.splitlines()[2:]] == ["2", "3"]

    # a version of the other contract is refused, with the contract to choose
    for args in (("show", "3"), ("export", "3", "--out", tmp_path / "x.xlsx"),
                 ("diff", "1", "3"), ("audit", "--version", "3"),
                 ("swap", "3", "--date", WEEK1, "--a", "W001", "--b", "W002"),
                 ("edit", "3", "--date", WEEK1, "--staff", "W001", "--off"),
                 ("publish", "--version", "3")):
        refused = run(*args, "--db", url)
        assert refused.exit_code == 2, (args, refused.output)
        assert f"版本 3 属于合同 {B_LABEL}，不属于当前合同 {A_LABEL}" in refused.output, args
        assert f"请加 --contract {B_ID}" in refused.output, args
    assert not (tmp_path / "x.xlsx").exists()
    shown = run("show", "3", "--contract", B_ID, "--db", url)
    assert shown.exit_code == 0 and f"合同：{B_LABEL}" in shown.stdout
    assert "版本 3：2026-11-30 至 2026-12-06" in shown.stdout
    refused = run("diff", "1", "3", "--contract", B_ID, "--db", url)
    assert refused.exit_code == 2 and f"版本 1 属于合同 {A_LABEL}" in refused.output

    # audit and actual hours of one contract only
    day = WEEK1 + timedelta(days=2)
    worker = next(a.staff_id for a in roster3.assignments if a.day == day)
    edited = run("edit", "3", "--date", day, "--staff", worker, "--off", "--force",
                 "--reason", "乙院调休", "--contract", B_ID, "--db", url)
    assert edited.exit_code == 0, edited.output
    assert "已保存为版本 4" in edited.stdout
    assert "乙院调休" in run("audit", "--contract", B_ID, "--db", url).stdout
    audit_a = run("audit", "--db", url)
    assert f"合同：{A_LABEL}" in audit_a.stdout and "没有改动记录" in audit_a.stdout
    actual_a = run("actual", "--month", "2026-12", "--db", url)
    actual_b = run("actual", "--month", "2026-12", "--contract", B_ID, "--db", url)
    assert actual_a.exit_code == 0 and actual_b.exit_code == 0
    assert "排班版本 1）" in actual_a.stdout and f"合同：{A_LABEL}" in actual_a.stdout
    assert "排班版本 2, 4）" in actual_b.stdout and f"合同：{B_LABEL}" in actual_b.stdout

    # an unknown contract lists the contracts the store knows
    for args in (("history",), ("show", "1"), ("actual", "--month", "2026-12"),
                 ("replan", "--staff", "W001", "--from", WEEK1)):
        unknown = run(*args, "--contract", "NOPE", "--db", url)
        assert unknown.exit_code == 2, (args, unknown.output)
        assert "排班库中没有合同 'NOPE'" in unknown.output
        assert f"排班库中的合同：{B_LABEL}、{A_LABEL}" in unknown.output

    # publishing a data set whose contract differs from --contract is refused
    wrong = run("publish", tmp_path / "b1.json", "--data", data_b, "--contract", A_ID,
                "--db", url)
    assert wrong.exit_code == 2 and f"数据集属于合同 {B_LABEL}" in wrong.output
    assert "--contract" in wrong.output
    wrong = solve_week(WEEK2, url, "--publish", "--contract", B_ID)  # embedded data is A's
    assert wrong.exit_code == 2 and f"数据集属于合同 {A_LABEL}" in wrong.output
    # B's JSON with B's stored data set goes into B
    again = run("publish", tmp_path / "b1.json", "--contract", B_ID, "--db", url)
    assert again.exit_code == 0, again.output
    assert "使用排班库中已保存的数据集" in again.output and "已发布：版本 5" in again.stdout
    assert "取代版本 4" in again.stdout
    # without --contract the JSON is taken for the embedded data's contract: hash mismatch
    mismatch = run("publish", tmp_path / "b1.json", "--db", url)
    assert mismatch.exit_code == 2 and "数据指纹" in mismatch.output
    assert [line.split()[0] for line in run("history", "--db", url).stdout
            .splitlines()[2:]] == ["1"]

    # replan from the store works on the chosen contract's version in force
    store = open_store(url)
    try:
        assert repo.current_version_for(store, day, contract=A_ID) == 1
        assert repo.current_version_for(store, day, contract=B_ID) == 5
    finally:
        store.dispose()
    sick = next(a.staff_id for a in roster3.assignments if a.day == day + timedelta(days=1))
    replanned = run("replan", "--staff", sick, "--from", day + timedelta(days=1),
                    "--time-limit", "5", "--workers", "2", "--contract", B_ID, "--db", url)
    assert replanned.exit_code == 0, replanned.output
    assert f"合同：{B_LABEL}" in replanned.stdout and "从排班库版本 5" in replanned.output
    assert "已发布：版本 6" in replanned.stdout
    info6, _, _ = checked_version(url, 6, B_ID)
    assert info6.parent_id == 5
    assert "被 6 取代" not in run("history", "--db", url).stdout
    assert "被 6 取代" in run("history", "--contract", B_ID, "--db", url).stdout


def test_a_contract_option_that_differs_from_the_data_is_refused_before_solving(tmp_path):
    url = f"sqlite:///{tmp_path / 'roster.db'}"
    refused = solve_week(WEEK1, url, "--contract", "HOSP-B")
    assert refused.exit_code == 2
    assert f"数据集属于合同 {A_LABEL}，与 --contract 'HOSP-B' 不符" in refused.output
    assert "状态：" not in refused.output  # nothing solved
    empty = run("history", "--contract", "HOSP-B", "--db", url)
    assert empty.exit_code == 2 and "排班库中还没有任何合同" in empty.output
    # the embedded data's own contract is accepted even before the store knows it
    known = run("history", "--contract", A_ID, "--db", url)
    assert known.exit_code == 0 and f"合同：{A_LABEL}" in known.stdout


def test_a_json_of_the_unnamed_contract_keeps_working(tmp_path):
    """A data folder without contract.yaml is one unnamed contract."""
    url = f"sqlite:///{tmp_path / 'roster.db'}"
    plain = tmp_path / "plain"
    shutil.copytree(DATA_DIR, plain, ignore=shutil.ignore_patterns("benchmarks"))
    (plain / "contract.yaml").unlink()
    solved = solve_week(WEEK1, url, "--data", plain, "--json", tmp_path / "r.json")
    assert solved.exit_code == 0, solved.output
    published = run("publish", tmp_path / "r.json", "--data", plain, "--db", url)
    assert published.exit_code == 0, published.output
    assert "合同：未命名合同" in published.stdout and "已发布：版本 1" in published.stdout
    body = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(body["data_hash"]) == 64
    shown = run("show", "1", "--contract", "", "--db", url)
    assert shown.exit_code == 0 and "合同：未命名合同" in shown.stdout
    refused = run("show", "1", "--db", url)
    assert refused.exit_code == 2 and "属于合同 未命名合同" in refused.output
    assert '请加 --contract ""' in refused.output
    checked_version(url, 1, "")
