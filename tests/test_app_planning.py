"""The manager's numbers on the 情景 page (issue 15 item 4): planning on the period on screen,
every difference signed in words, the overtime that remains explained, planned hires by name,
and a scenario's coverage beside today's without extra clicks."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from streamlit.testing.v1 import AppTest

from model.users import Actor, Role
from tests.user_words import app_texts
from ui import formatting, signin

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"
MANAGER = Actor(name="测试管理者", role=Role.MANAGER)
NEW_YEAR_WEEK = date(2026, 12, 28)  # Monday; 2027-01-01 (元旦) is a statutory holiday
MAX_WAIT_S = 120


def _scenario_page(**session) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[signin.USER] = MANAGER
    at.session_state["page"] = "情景"
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _open_planning(at: AppTest) -> None:
    at.session_state["scn_planning"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def _metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def test_differences_are_signed_in_words():
    assert formatting.worded_yuan(Decimal("602640.72")) == "增加 ¥602,640.72"
    assert formatting.worded_yuan(Decimal("-350")) == "减少 ¥350.00"
    assert formatting.worded_yuan(0) == "不变"
    assert formatting.worded_count(-2, "人") == "减少 2 人"
    assert formatting.worded_count(1.25, "小时", 1) == "增加 1.2 小时"
    assert formatting.worded_count(0.04, "小时", 1) == "不变"
    assert [formatting.change_arrow(v) for v in (3, -1, 0)] == ["up", "down", "off"]


def test_the_period_on_screen_or_the_next_full_month():
    session = {"solve_start": date(2026, 11, 30), "solve_weeks": 2}
    assert formatting.screen_period(session) == (date(2026, 11, 30), date(2026, 12, 13),
                                                 "排班页当前的排班周期")
    assert formatting.screen_period({}, today=date(2026, 12, 1)) == (
        date(2027, 1, 1), date(2027, 1, 31), "下一个完整月份")
    assert formatting.screen_period({}, today=date(2026, 1, 31))[:2] == (
        date(2026, 2, 1), date(2026, 2, 28))


def test_planning_starts_on_the_roster_pages_period():
    at = _scenario_page(solve_start=NEW_YEAR_WEEK, solve_weeks=1)
    _open_planning(at)
    assert at.date_input(key="planning_start").value == NEW_YEAR_WEEK
    assert at.date_input(key="planning_end").value == NEW_YEAR_WEEK + timedelta(days=6)
    assert any("排班页当前的排班周期" in c.value for c in at.caption)


def test_planning_words_its_deltas_explains_overtime_and_names_no_internal_id():
    """L13 (门诊大厅导诊台) in the week of 元旦 without overtime allowed: the holiday duty is
    overtime no hiring avoids, and the page says so with the holiday's name and date."""
    at = _scenario_page(solve_start=NEW_YEAR_WEEK, solve_weeks=1)
    _open_planning(at)
    at.multiselect(key="planning_lines").set_value(["L13"])
    at.number_input(key="planning_limit").set_value(20)
    assert not at.checkbox(key="planning_overtime").value
    next(b for b in at.button if b.label == "计算最低成本人数").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    people = _metric(at, "人数")
    delta = people.proto.delta
    assert delta == "不变" or delta.startswith(("增加 ", "减少 ")), delta
    fee = _metric(at, "月服务费").proto.delta
    assert fee == "不变" or fee.startswith(("增加 ¥", "减少 ¥")), fee
    assert _metric(at, "36个月合计").proto.delta.split(" ")[0] in ("增加", "减少", "不变")
    why = " ".join(i.value for i in at.info)
    assert "仍有加班的原因" in why and "元旦（1月1日）" in why and "300%" in why
    assert "未允许加班代替招聘" in why and "多招人也不能避免" in why
    texts = " ".join(app_texts(at))
    assert "NEW" not in texts and "¥-" not in texts and "-¥" not in texts


def test_a_scenarios_coverage_is_shown_beside_todays_in_one_click():
    at = _scenario_page()
    at.selectbox(key="scn_pick").set_value("optometry_plus_one.yaml").run()
    at.button(key="scn_load_pick").click().run()
    at.date_input(key="scn_start").set_value(date(2026, 11, 30))
    at.number_input(key="scn_time_limit").set_value(3.0)
    at.number_input(key="scn_workers").set_value(2)
    at.button(key="scn_check").click().run()
    deadline = time.monotonic() + MAX_WAIT_S
    while "solve_job" in at.session_state:
        assert time.monotonic() < deadline, "solve did not finish"
        time.sleep(0.3)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.container("scn_coverage_compare").dataframe[0].value.set_index("项目")
    assert list(table.columns) == ["当前数据", "本情景", "差别"]
    assert table.loc["人数", "当前数据"] == "46 人" and table.loc["人数", "本情景"] == "47 人"
    assert table.loc["人数", "差别"] == "增加 1 人"
    assert table.loc["月服务费", "差别"] == "增加 ¥6,770.16"
    for row in ("缺口（人次）", "加班（小时）", "加班费", "预测考核扣款"):
        assert table.loc[row, "当前数据"] != "—"  # today's figures were solved with it
        assert table.loc[row, "差别"].split(" ")[0] in ("增加", "减少", "不变"), row
    gaps = _metric(at, "缺口（人次）").proto.delta
    assert gaps.startswith("比当前数据") and gaps[5:7] in ("增加", "减少", "不变")
    # checking again reuses both cached solves: no new job
    at.button(key="scn_check").click().run()
    assert "solve_job" not in at.session_state
