"""The assessment sheet as data and its arithmetic (attachment 28), each case by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from model.assessment import AssessmentEvent, ShortfallBilling, band_deduction, score_events
from model.errors import DataError
from model.loaders import DATA_DIR, load_dataset
from model.money import yuan_in_words
from model.settlement import predicted_line_scores

DAY = date(2026, 12, 7)
FEE = D("5664.26")


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def sheet(data):
    assert data.assessment is not None
    return data.assessment


def events(kind: str, count: int, points: int | None = None, line: str = "L01"):
    from model.assessment import AssessmentEvent

    return [AssessmentEvent(line_id=line, staff_id="W001", day=DAY, kind=kind,
                            points=points if points is not None else 5)
            for _ in range(count)]


def item_lost(score, item_id: str) -> int:
    return next(row.lost for row in score.items if row.item.id == item_id)


def test_the_sheet_is_attachment_28(sheet):
    assert [(g.name, g.points) for g in sheet.groups] == [
        ("工作行为与态度", 30), ("工作能力与效果", 60), ("综合素质", 10)]
    assert [(i.name, i.points) for i in sheet.items] == [
        ("责任心", 10), ("工作纪律", 20), ("执行力与团队协作", 20), ("工作效率和质量", 40),
        ("仪表仪容", 10)]
    assert sheet.kind("absent").points == 20 and sheet.kind("late").points == 5
    assert sheet.kind("task_not_done").points == 15
    assert (sheet.kind("discord_delay").min_points, sheet.kind("discord_delay").max_points) \
        == (5, 20)
    assert sheet.shortfall is ShortfallBilling.PRO_RATA


def test_five_late_arrivals_lose_twenty_not_twenty_five(sheet):
    score = score_events(sheet, events("late", 5), FEE)
    assert item_lost(score, "discipline") == 20
    assert next(r.raw_lost for r in score.items if r.item.id == "discipline") == 25
    assert score.score == 80
    assert score.deduction == D("566.43")  # 70 <= 80 < 85: 10 % of 5664.26


def test_caps_of_every_item(sheet):
    mixed = (events("task_refused", 2, 10) + events("complaint", 1)  # 责任心 25 -> 10
             + events("absent", 1, 20) + events("off_task", 1)  # 工作纪律 25 -> 20
             + events("task_not_done", 2, 15)  # 执行力 30 -> 20
             + events("deliberate_delay", 5, 10)  # 工作效率 50 -> 40
             + events("dress", 3))  # 仪表 15 -> 10
    score = score_events(sheet, mixed, FEE)
    assert [row.lost for row in score.items] == [10, 20, 20, 40, 10]
    assert score.score == 0 and score.deduction == D("2832.13")


@pytest.mark.parametrize(("lost", "deduction"), [
    (0, "0.00"),  # 100: full fee
    (5, "50.00"),  # 95: 5 points x 10 yuan
    (15, "150.00"),  # 85: still 10 yuan a point
    (20, "566.43"),  # 80: 10 % (566.426)
    (30, "566.43"),  # 70: 10 %
    (35, "1132.85"),  # 65: 20 % (1132.852)
    (40, "1132.85"),  # 60: 20 %
    (45, "2832.13"),  # 55: 50 %
])
def test_band_edges_from_events(sheet, lost, deduction):
    # 工作效率和质量 (40) takes 5 a time with 未按时按质完成 at its highest; the rest from 仪表
    chosen = events("below_quality", min(lost, 40) // 5, 5)
    chosen += events("dress", (lost - min(lost, 40)) // 5)
    score = score_events(sheet, chosen, FEE)
    assert score.score == 100 - lost
    assert score.deduction == D(deduction)
    assert score.payable == FEE - D(deduction)


def test_a_points_band_never_takes_more_than_the_fee(sheet):
    assert band_deduction(sheet, 85, D("100")) == D("100.00")


def test_points_outside_the_range_are_refused(sheet):
    with pytest.raises(ValueError, match="5-20 分"):
        score_events(sheet, events("discord_delay", 1, 25), FEE)
    with pytest.raises(ValueError, match="未知的考核事件"):
        score_events(sheet, events("nonsense", 1), FEE)


def test_three_gaps_on_one_line_give_80_not_55(data):
    gaps = [(DAY, post.id, 1) for post in data.posts if post.lines[0] == "L21"][:1] * 3
    (row,) = predicted_line_scores(data, gaps)
    assert row.line_id == "L21" and row.score == 80
    # 10 % of L21's monthly fee (1 x 7023.06, no management fee quoted) = 702.306
    assert row.contract_fee == D("7023.06") and row.deduction == D("702.31")


def test_predictions_are_per_month(data):
    post = next(p.id for p in data.posts if p.lines[0] == "L21")
    rows = predicted_line_scores(data, [(date(2026, 12, 30), post, 1),
                                        (date(2027, 1, 2), post, 1)])
    assert [(r.month, r.score) for r in rows] == [(12, 85), (1, 85)]


def test_the_second_contract_has_its_own_sheet():
    other = load_dataset(DATA_DIR / "examples" / "general_hospital").assessment
    assert other is not None and other.shortfall is ShortfallBilling.FULL
    score = score_events(other, [AssessmentEvent(line_id="X", day=DAY, kind="late",
                                                 points=3)] * 9, D("1000"))
    assert item_lost(score, "discipline") == 25  # 27 capped at 25
    assert score.score == 75 and score.deduction == D("50.00")  # 60 <= 75 < 80: 5 %
    assert band_deduction(other, 95, D("1000")) == D("0.00")
    assert band_deduction(other, 90, D("1000")) == D("200.00")  # 10 points lost x 20 yuan


def test_a_bad_sheet_is_located(tmp_path: Path):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    text = (folder / "assessment.yaml").read_text(encoding="utf-8")
    (folder / "assessment.yaml").write_text(text.replace("full_points: 100",
                                                         "full_points: 90"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    (problem,) = caught.value.problems
    assert problem.file.endswith("assessment.yaml") and "满分 90" in problem.message


@pytest.mark.parametrize(("amount", "words"), [
    ("5664.26", "伍仟陆佰陆拾肆元贰角陆分"),
    ("100000", "壹拾万元整"),
    ("1005.07", "壹仟零伍元零柒分"),
    ("3000.00", "叁仟元整"),
    ("20304.50", "贰万零叁佰零肆元伍角"),
    ("0", "零元整"),
    ("6320.79", "陆仟叁佰贰拾元柒角玖分"),
])
def test_amounts_in_words(amount, words):
    assert yuan_in_words(D(amount)) == words


def test_negative_amounts_in_words_are_refused():
    with pytest.raises(ValueError):
        yuan_in_words(D("-1"))
