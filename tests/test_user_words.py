"""No developer word reaches a user: every app page for every role (and the roster, scenario
and planning views after a solve), the main CLI commands and the roster workbook are read
whole and must not contain "seed", a rule id, a YAML key, a certificate code, a post id, the
calendar library or its override file, or English prose (tests/user_words.py); and the
vocabulary (model/vocabulary.py) says each thing in the hospital's words."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from model.calendar import DayKind
from model.loaders import load_dataset
from model.roster_excel import roster_workbook
from model.rules import COVER_ABSORB, RULE_IDS
from model.users import Actor, Role
from model.vocabulary import calendar_source, field_label, plain, rule_name, solver_status
from tests.user_words import (
    app_texts,
    certificate_codes,
    html_texts,
    offences,
    report,
    workbook_texts,
    yaml_keys,
)
from ui import signin
from ui.cli import app as cli_app

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"
PAGES = ("排班", "情景", "人员与资质", "规则")
START = date(2026, 11, 30)
MAX_WAIT_S = 120


# -- the check itself --------------------------------------------------------------------------

def test_the_check_catches_each_kind_of_developer_word():
    assert offences("违反「coverage_min」") == ["coverage_min"]  # a rule id
    assert offences("个人限制 limits.max_shifts 有误") == ["max_shifts"]  # a YAML key
    assert offences("缺少证书 RAD_HEALTH") == ["RAD_HEALTH"]  # a certificate code
    assert "seed" in offences("seed 000 附件13")
    assert "chinese_calendar" in offences("chinese_calendar 只到 2026 年")
    assert "calendar_overrides" in offences("请编辑 calendar_overrides.yaml")
    assert offences("Choose options") == ["Choose", "options"]  # English prose
    assert offences("Limit 200MB per file") == ["Limit", "file"]


def test_the_check_lets_the_hospitals_words_through():
    for text in ("招标文件附件10 (一)8", "下载 Excel 排班表", "韦海峰（W001）", "日期 YYYY-MM-DD",
                 "L02 视光科助理服务", "人数增加 1 人", "排班库 sqlite:////tmp/roster.db"):
        assert offences(text) == [], text
    assert report([("某处", "「coverage_min」")]) == ["某处: coverage_min in «「coverage_min」»"]


def test_the_forbidden_words_come_from_the_code_and_the_data():
    assert {"max_shifts", "under_weight", "dated_demand", "expires_on"} <= yaml_keys()
    assert {"TECH", "RAD_HEALTH"} <= certificate_codes()
    assert set(RULE_IDS) <= {w for w in RULE_IDS if offences(w)}


def test_html_is_read_as_its_text():
    body = ('<style>.x{content:"none"}</style><script>const a = "none";</script>'
            '<td title="cover_absorb">早班</td>')
    assert html_texts(body) == ["cover_absorb", "早班"]


# -- the vocabulary ----------------------------------------------------------------------------

def test_sources_fields_rules_and_codes_in_words():
    data = load_dataset()
    assert plain("seed 000 附件10 (一)8") == "招标文件附件10 (一)8"
    assert plain("seed 004 顶岗补位制") == "《医疗保障窗口服务规范》顶岗补位制"
    assert plain("seed 003 四(一)") == "《市属医院“一站式”后勤服务中心创建工作方案》四(一)"
    assert plain("种子文件附件1-27") == "招标文件附件1-27"
    assert plain("各岗位需求（data/posts.yaml）") == "各岗位需求（岗位表）"
    assert plain(f"{COVER_ABSORB} 的权重") == f"「{rule_name(COVER_ABSORB)}」 的权重"
    assert plain("limits.max_shifts") == "“个人限制 · 各班次上限”"
    assert field_label("staff.3.limits.max_shifts") == "人员第4项 · 个人限制 · 各班次上限"
    assert data.plain("缺少 TECH") == "缺少 技师资格证（放射医学技术）"
    assert data.plain("RAD_ASSIST 岗") == f"{data.post_by_id['RAD_ASSIST'].name} 岗"
    assert rule_name("eligibility") == "岗位资格（项目、技能、证书、培训、请假）"
    assert data.rule_name(COVER_ABSORB) == data.rules[COVER_ABSORB].name
    assert calendar_source("chinese_calendar").startswith("国务院办公厅节假日安排")
    assert calendar_source("override: 手工录入") == "日历补充表：手工录入"
    assert solver_status("OPTIMAL") == "已证明最优"
    for rule in data.rules.rules:  # every source a user reads, in words
        assert offences(data.plain(rule.source)) == [], rule.source


# -- the app -----------------------------------------------------------------------------------

def _all_post_ids() -> set[str]:
    return {post.id for post in load_dataset().posts}


def _app(page: str, role: Role) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[signin.USER] = Actor(name="测试用户", role=role)
    at.session_state["page"] = page
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _wait(at: AppTest) -> None:
    deadline = time.monotonic() + MAX_WAIT_S
    while "solve_job" in at.session_state:
        assert time.monotonic() < deadline, "solve did not finish"
        time.sleep(0.3)
        at.run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("role", list(Role))
def test_every_page_of_every_role_speaks_the_hospitals_words(role):
    seen = []
    for page in PAGES:
        at = _app(page, role)
        if at.session_state["page"] != page:
            continue  # a page this role may not see
        seen.append(page)
        assert report((page, t) for t in app_texts(at)) == []
    assert "排班" in seen


def test_a_rules_page_edit_still_reads_back_the_hidden_rule_ids():
    at = _app("规则", Role.LEAD)
    editor = at.get("arrow_data_frame")[0] if at.get("arrow_data_frame") else None
    texts = app_texts(at)
    assert "最低在岗人数" in texts and "coverage_min" not in texts
    assert editor is None or "编号" in editor.value.columns  # kept for reading back, hidden


def test_solved_views_speak_the_hospitals_words():
    """The roster page after a one-week solve (every tab), and the scenario page after a
    coverage check with today's figures beside it, with the planning panel open."""
    at = _app("排班", Role.LEAD)
    at.radio(key="period_mode").set_value("按周").run()
    at.date_input(key="solve_start").set_value(START)
    at.number_input(key="solve_time_limit").set_value(3.0)
    at.number_input(key="solve_workers").set_value(2)
    at.checkbox(key="solve_use_cache").uncheck()
    at.button(key="solve_button").click().run()
    _wait(at)
    found = []
    for tab in [t.label for t in at.tabs]:
        at.session_state["roster_tab"] = tab
        at.run()
        found += report((f"排班/{tab}", text) for text in app_texts(at))
    at.sidebar.radio(key="page").set_value("情景").run()
    at.selectbox(key="scn_pick").set_value("optometry_plus_one.yaml").run()
    at.button(key="scn_load_pick").click().run()
    at.date_input(key="scn_start").set_value(START)
    at.number_input(key="scn_time_limit").set_value(3.0)
    at.number_input(key="scn_workers").set_value(2)
    at.button(key="scn_check").click().run()
    _wait(at)
    at.session_state["scn_planning"] = True
    at.run()
    found += report(("情景", t) for t in app_texts(at))
    assert at.get("arrow_data_frame") or at.dataframe
    assert found == []


# -- the command line and the workbook ---------------------------------------------------------

COMMANDS = (
    ("cost",),
    ("cost", "--scenario", "scenarios/optometry_plus_one.yaml"),
    ("check", "--date", "2026-12-01"),
    ("calendar", "--year", "2027"),
    ("plan", "--start", "2027-01-04", "--weeks", "1", "--lines", "L02,L13", "--time-limit", "10"),
    ("demand", "--start", "2027-01-04", "--weeks", "1", "--all"),
)


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_commands_speak_the_hospitals_words(args):
    result = CliRunner().invoke(cli_app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = result.stdout + (result.stderr or "")
    assert report((args[0], line) for line in text.splitlines()) == []


def test_solve_and_its_workbook_speak_the_hospitals_words(tmp_path):
    out = tmp_path / "排班.xlsx"
    result = CliRunner().invoke(cli_app, [
        "solve", "--start", START.isoformat(), "--weeks", "1", "--time-limit", "3",
        "--workers", "2", "--out", str(out), "--json", str(tmp_path / "排班.json")],
        catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = result.stdout + (result.stderr or "")
    assert report(("solve", line) for line in text.splitlines()) == []
    cells = workbook_texts(out.read_bytes())
    assert len(cells) > 100  # the grid, its comments and the notes were read
    assert report(cells) == []


def test_an_infeasible_workbook_names_its_conflicting_rules_in_words():
    from model.roster import Conflict, RosterResult, SolveStatus

    data = load_dataset()
    result = RosterResult(start=START, end=START, status=SolveStatus.INFEASIBLE,
                          conflicts=(Conflict(rule="max_consecutive_days",
                                              message="W001 连续上班超过上限"),),
                          notes=("见 seed 000 附件10",))
    cells = workbook_texts(roster_workbook(data, result))
    assert report(cells) == []
    assert any(text == data.rules["max_consecutive_days"].name for _, text in cells)
    assert any("招标文件附件10" in text for _, text in cells)


# -- the calendar note and the days added in the app -------------------------------------------

def test_the_rules_page_names_the_unsourced_days_and_adds_one_by_hand():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[signin.USER] = Actor(name="测试负责人", role=Role.LEAD)
    at.session_state["page"] = "规则"
    at.session_state["period_mode"] = "按周"
    at.session_state["solve_start"] = date(2027, 2, 1)  # the period on the 排班 page
    at.session_state["solve_weeks"] = 4
    at.run()
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "2027 年的调休上班日尚无来源" in warning and "2月20日" in warning
    assert report(("规则", t) for t in app_texts(at)) == []
    at.date_input(key="calendar_day").set_value(date(2027, 2, 20))
    at.selectbox(key="calendar_kind").set_value(DayKind.MAKEUP)
    at.text_input(key="calendar_name").set_value("春节调休上班")
    next(b for b in at.button if b.label == "添加到日历").click()
    at.run()
    assert not at.exception and "已添加 2027-02-20 调休上班日" in at.success[0].value
    added = at.session_state["data"].calendar.classify(date(2027, 2, 20))
    assert added.kind is DayKind.MAKEUP and calendar_source(added.source) == "日历补充表：手工录入"
    assert "2月20日" not in " ".join(w.value for w in at.warning)  # that weekend is sourced now
    shown = " ".join(app_texts(at))
    assert "日历补充表：手工录入" in shown
    # the same day again is refused, nothing changes
    at.date_input(key="calendar_day").set_value(date(2027, 2, 20))
    at.selectbox(key="calendar_kind").set_value(DayKind.HOLIDAY)
    next(b for b in at.button if b.label == "添加到日历").click()
    at.run()
    assert "已在日历补充中" in at.error[0].value
    assert at.session_state["data"].calendar.classify(date(2027, 2, 20)).kind is DayKind.MAKEUP


def test_the_template_names_posts_and_certificates_and_reads_them_back():
    """The data-entry workbook writes posts and certificates by name (a post's name may hold
    the list separator 、) and reads the same data back."""
    from model.excel_io import read_workbook, write_template

    data = load_dataset()
    content = write_template(data)
    assert report(workbook_texts(content)) == []
    back = read_workbook(content, data, "模板.xlsx")
    assert [(m.skills, m.certificates) for m in back.staff] == [
        (m.skills, m.certificates) for m in data.staff]
    assert back.pins == data.pins
    with_comma = next(p for p in data.posts if "、" in p.name)
    member = data.staff[0].model_copy(update={"skills": (with_comma.id, data.posts[0].id)})
    changed = data.with_changes(staff=(member, *data.staff[1:]))
    assert read_workbook(write_template(changed), data, "模板.xlsx").staff[0].skills == (
        with_comma.id, data.posts[0].id)
