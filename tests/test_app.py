"""The Streamlit app, page by page, with streamlit.testing.v1.AppTest on the embedded data;
and the app's pure helpers (grid, tables, scenario files) without Streamlit.

Solves are one week, a few seconds and two workers, so the whole file runs in about a minute.
"""

from __future__ import annotations

import io
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from model.events import Pin
from model.excel_io import write_template
from model.loaders import load_dataset
from model.roster import Change
from model.scenario import Scenario, apply_scenario, load_scenario
from model.users import Actor, Role
from ui import formatting, grid, signin, tables

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"
START = date(2026, 11, 30)  # a Monday; the embedded absences and requests fall in December
TIME_LIMIT = 3.0
WORKERS = 2
POLL_S = 0.3
MAX_WAIT_S = 90
LEAD = Actor(name="测试负责人", role=Role.LEAD)


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def new_app(page: str = "排班", user: Actor = LEAD) -> AppTest:
    """The app, signed in as `user` (the 项目负责人 by default), on `page`."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[signin.USER] = user
    at.session_state["page"] = page
    at.run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def metric(at: AppTest, label: str) -> str:
    for item in at.metric:
        if item.label == label:
            return item.value
    raise AssertionError(f"no metric {label!r}: {[m.label for m in at.metric]}")


def wait_for_job(at: AppTest) -> None:
    """Re-run the script (as the page's polling fragment would) until the job has ended."""
    deadline = time.monotonic() + MAX_WAIT_S
    while "solve_job" in at.session_state:
        assert time.monotonic() < deadline, "solve did not finish"
        time.sleep(POLL_S)
        at.run()
        assert_clean(at)


def solve_one_week(at: AppTest, start: date = START) -> None:
    at.radio(key="period_mode").set_value("按周").run()
    at.date_input(key="solve_start").set_value(start)
    at.number_input(key="solve_time_limit").set_value(TIME_LIMIT)
    at.number_input(key="solve_workers").set_value(WORKERS)
    at.checkbox(key="solve_use_cache").uncheck()
    at.button(key="solve_button").click().run()
    assert_clean(at)
    wait_for_job(at)


def table(at: AppTest, key: str) -> pd.DataFrame:
    """The table shown in the container with this key (see ui.views.keyed_table)."""
    return at.container(key).dataframe[0].value


def open_tab(at: AppTest, key: str, label: str) -> None:
    """Select a tab (the pages compute only the open tab)."""
    at.session_state[key] = label
    at.run()
    assert_clean(at)


def html_text(at: AppTest) -> str:
    """The HTML the page shows: st.html blocks and the clickable grid's markup."""
    import json

    grids = [json.loads(item.proto.json).get("html", "") for item in at.get("bidi_component")]
    return "".join(item.value for item in at.get("html")) + "".join(grids)


# -- 排班 -------------------------------------------------------------------------------

def test_roster_page_renders_on_the_embedded_data():
    at = new_app()
    assert at.header[0].value == "排班"
    assert "46 名外包人员" in at.caption[0].value
    assert at.button(key="solve_button").label.startswith("开始排班")
    assert [t.label for t in at.tabs][:5] == ["排班表", "个人", "覆盖", "缺口", "工时"]
    assert not at.error


def test_a_short_solve_produces_a_roster_grid_coverage_hours_and_downloads():
    at = new_app()
    solve_one_week(at)
    run = at.session_state["roster"]
    assert run.result.status.has_roster
    assert run.result.start == START and run.result.end == START + timedelta(days=6)
    grid = html_text(at)
    assert 'id="roster-grid"' in grid
    assert "韦海峰" in grid and "放射科" in grid  # staff by department and line
    assert int(metric(at, "班次").replace(",", "")) == len(run.result.assignments) > 0
    assert metric(at, "加班费").startswith("¥")
    assert "." in metric(at, "加班（小时）")  # hours with one decimal
    assert at.success or at.warning
    open_tab(at, "roster_tab", "覆盖")
    coverage = html_text(at)
    assert 'id="coverage-grid"' in coverage and "30<br>一" in coverage
    assert coverage.count("<tr>") > 10
    open_tab(at, "roster_tab", "工时")
    hours = table(at, "hours_table")
    assert len(hours) == len(run.result.staff_summary)
    assert hours["加班费"].str.startswith("¥").all()
    open_tab(at, "roster_tab", "打印与下载")
    labels = [d.label for d in at.get("download_button")]
    assert "下载 Excel 排班表" in labels and "下载 JSON" in labels


def test_the_same_inputs_come_from_the_cache():
    at = new_app()
    solve_one_week(at)
    first = at.session_state["roster"]
    at.checkbox(key="solve_use_cache").check()
    at.button(key="solve_button").click().run()
    assert_clean(at)
    again = at.session_state["roster"]
    assert again.from_cache and again.result == first.result
    assert "solve_job" not in at.session_state
    assert "缓存" in (at.success[0].value if at.success else at.warning[0].value)


def test_stop_keeps_the_best_roster_found_so_far(monkeypatch):
    """A long solve, simulated by holding CP-SAT in its solution callback after the first
    roster until the stop event is set: the page keeps answering while it runs, the stop
    button reaches the solver through the event kept in the session, and the first
    roster is kept."""
    import ui.views.roster as roster_view
    from tests.slow_solve import held_solve

    # top level, so that the job's child process can unpickle it
    monkeypatch.setattr(roster_view, "solve_roster", held_solve)
    at = new_app()
    at.radio(key="period_mode").set_value("按周").run()
    at.date_input(key="solve_start").set_value(START)
    at.number_input(key="solve_weeks").set_value(2)
    at.number_input(key="solve_time_limit").set_value(300.0)
    at.number_input(key="solve_workers").set_value(WORKERS)
    at.checkbox(key="solve_use_cache").uncheck()
    at.button(key="solve_button").click().run()
    job = at.session_state["solve_job"]
    deadline = time.monotonic() + MAX_WAIT_S
    while not job.points:
        assert time.monotonic() < deadline and not job.done
        time.sleep(POLL_S)
    began = time.monotonic()
    at.run()  # the page answers while the solver runs
    assert time.monotonic() - began < 5 and not job.done
    assert metric(at, "当前最优目标值（罚分）") == formatting.number(job.points[0].objective)
    assert at.button(key="stop_solve").label == "停止（保留目前最优排班）"
    at.button(key="stop_solve").click().run()
    assert job.stop.is_set()  # the handle kept in the session reached the solver
    wait_for_job(at)
    run = at.session_state["roster"]
    assert run.stopped and run.result.status.has_roster
    assert run.result.objective <= job.points[0].objective  # the best found until the stop
    assert "已按要求停止" in (at.success or at.warning)[0].value


def test_an_infeasible_rule_set_shows_the_conflict_and_keeps_the_previous_roster(data):
    at = new_app()
    solve_one_week(at)
    kept = at.session_state["roster"]
    # W001 pinned to work seven days in a row, more than the hard limit of six
    pins = tuple(Pin(staff_id="W001", day=START + timedelta(days=i), post_id="RAD_ASSIST",
                     shift="D") for i in range(7))
    at.session_state["data"] = data.with_changes(
        pins=pins, rules=data.rules.with_changes({"max_consecutive_days": {"value": 5}}))
    at.run()
    solve_one_week(at)
    assert at.error, "an infeasible solve must say so"
    message = at.error[0].value
    assert "未能排班" in message and "之前的排班和数据保持不变" in message
    assert at.session_state["roster"] is kept


def test_a_failing_solve_is_reported_and_keeps_the_previous_roster(monkeypatch):
    import ui.views.roster as roster_view
    from tests.slow_solve import broken_solve

    at = new_app()
    solve_one_week(at)
    kept = at.session_state["roster"]
    monkeypatch.setattr(roster_view, "solve_roster", broken_solve)  # raises in the child
    solve_one_week(at)  # the same period again (the cache is off)
    assert at.error and "求解出错" in at.error[0].value and "模拟的求解器故障" in at.error[0].value
    assert at.session_state["roster"] is kept


def test_editing_absences_and_resolving(data):
    at = new_app()
    open_tab(at, "roster_tab", "请假、请求与固定排班")
    version = at.session_state["data_version"]
    at.session_state[f"absences_editor_{version}"] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"工号": "W001 韦海峰", "类型": "病假", "开始": "2026-12-01",
                        "结束": "2026-12-02", "状态": "已批准"}]}
    at.run()
    at.button(key="events_save").click().run()
    assert_clean(at)
    absences = at.session_state["data"].absences
    assert len(absences) == len(data.absences) + 1
    assert absences[-1].staff_id == "W001" and absences[-1].end == date(2026, 12, 2)


def test_a_bad_absence_row_is_reported_and_changes_nothing(data):
    at = new_app()
    open_tab(at, "roster_tab", "请假、请求与固定排班")
    version = at.session_state["data_version"]
    at.session_state[f"absences_editor_{version}"] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"工号": "W001 韦海峰", "类型": "病假", "开始": "2026-12-05",
                        "结束": "2026-12-01", "状态": "已批准"}]}
    at.run()
    at.button(key="events_save").click().run()
    assert_clean(at)
    assert at.error and "数据保持不变" in at.error[0].value
    problems = at.dataframe[-1].value
    assert "结束日期" in " ".join(problems["问题"])
    assert at.session_state["data"].absences == data.absences


def test_replan_after_an_absence_lists_the_changed_cells():
    at = new_app()
    solve_one_week(at)
    run = at.session_state["roster"]
    open_tab(at, "roster_tab", "缺勤重排")
    worker = next(a.staff_id for a in run.result.assignments
                  if a.day == START + timedelta(days=2))
    at.selectbox(key=f"replan_staff_{run.key}").set_value(worker)
    at.date_input(key=f"replan_from_{run.key}").set_value(START + timedelta(days=2))
    at.date_input(key=f"replan_to_{run.key}").set_value(START + timedelta(days=3))
    at.button[[b.label for b in at.button].index("重排")].click().run()
    assert_clean(at)
    wait_for_job(at)
    outcome = at.session_state["replan"]
    assert outcome.result.changes, "the absent worker's shifts must change"
    assert all(c.day >= START + timedelta(days=2) for c in outcome.result.changes)
    changes = table(at, "replan_changes")
    assert len(changes) == len(outcome.result.changes)
    assert 'id="replan-grid"' in html_text(at) and "changed" in html_text(at)


# -- 情景 -------------------------------------------------------------------------------

def scenario_editor_key(at: AppTest) -> str:
    return f"scn_editor_{at.session_state['scn_editor_version']}"


def test_scenario_page_shows_the_contract_totals():
    at = new_app("情景")
    assert metric(at, "人数") == "46"
    assert metric(at, "月服务费合计") == "¥311,948.52"
    assert metric(at, "每合同年") == "¥3,743,382.24"
    assert metric(at, "36 个月总金额") == "¥11,230,146.72"
    assert len(at.data_editor) >= 1 and len(at.data_editor[0].value) == 27


def test_editing_a_headcount_changes_the_totals_at_once(data):
    at = new_app("情景")
    rows = tables.lines_frame(data)
    row = int(rows.index[rows["编号"] == "L13"][0])
    at.session_state[scenario_editor_key(at)] = {
        "edited_rows": {row: {"人数": 5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_clean(at)
    # one more guide (unit cost 4471.26): +4,471.26 a month, x36 over the contract
    assert metric(at, "人数") == "47"
    assert metric(at, "月服务费合计") == "¥316,419.78"
    assert metric(at, "36 个月总金额") == "¥11,391,112.08"
    delta = table(at, "scn_delta_table")
    line = delta[delta["编号"] == "L13"].iloc[0]
    assert line["人数"] == "4 → 5" and line["月差额"] == "增加 ¥4,471.26"
    assert line["36个月差额"] == "增加 ¥160,965.36"
    assert delta[delta["编号"] == "L01"].iloc[0]["月差额"] == "不变"
    people = next(m for m in at.metric if m.label == "人数")
    assert people.proto.delta == "增加 1 人"


def test_scenario_edits_survive_a_visit_to_another_page(data):
    at = new_app("情景")
    at.session_state[scenario_editor_key(at)] = {
        "edited_rows": {1: {"人数": 4}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert metric(at, "人数") == "47"
    at.sidebar.radio(key="page").set_value("规则").run()
    at.sidebar.radio(key="page").set_value("情景").run()
    assert_clean(at)
    assert metric(at, "人数") == "47"
    assert metric(at, "月服务费合计") == "¥318,718.68"


def test_editing_a_management_fee_changes_the_totals(data):
    at = new_app("情景")
    at.session_state[scenario_editor_key(at)] = {
        "edited_rows": {0: {"管理费": 300.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_clean(at)
    assert metric(at, "月服务费合计") == "¥312,248.52"  # L01: 1 person x ¥300
    assert "每月增加 ¥300.00" in " ".join(at.caption[i].value for i in range(len(at.caption)))


def test_a_uniform_management_fee_applies_to_every_line(data):
    from model.cost import cost_report

    at = new_app("情景")
    at.selectbox(key="scn_fee_mode").set_value("按成本预算的百分比")
    at.number_input(key="scn_fee_value").set_value(6.0)
    at.run()
    assert_clean(at)
    quoted = apply_scenario(data, Scenario(name="6%", management_fee={"*": {"percent": 6}}))
    assert metric(at, "月服务费合计") == formatting.yuan(cost_report(quoted).monthly_total)
    assert metric(at, "月服务费合计") != "¥311,948.52"


def test_adding_a_line_in_the_scenario_table():
    at = new_app("情景")
    at.session_state[scenario_editor_key(at)] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"编号": "L28", "序号": 28, "服务项目": "一站式后勤服务中心接报服务",
                        "类别": "职能后勤辅助类", "科室": "保卫科（含消防控制室）", "人数": 2,
                        "成本预算": 5000.0, "管理费": 0.0}]}
    at.run()
    assert_clean(at)
    assert metric(at, "人数") == "48"
    assert metric(at, "月服务费合计") == "¥321,948.52"


def test_loading_a_scenario_file_and_comparing_it_with_the_baseline():
    at = new_app("情景")
    at.selectbox(key="scn_pick").set_value("optometry_plus_one.yaml").run()
    at.button(key="scn_load_pick").click().run()
    assert_clean(at)
    assert at.session_state["scn_name"] == "视光科增加一人"
    assert metric(at, "人数") == "47"
    assert metric(at, "月服务费合计") == "¥318,718.68"  # + 6770.16 (L02)
    at.button(key="scn_add_compare").click().run()
    at.multiselect(key="scn_compare").set_value(["基线（当前数据）", "视光科增加一人"]).run()
    assert_clean(at)
    compared = table(at, "scn_compare_table")
    assert list(compared.columns) == ["基线（当前数据）", "视光科增加一人"]
    assert compared.loc["月服务费", "视光科增加一人"] == "¥318,718.68"
    assert compared.loc["缺口（人次）", "基线（当前数据）"] == "未求解"


def test_a_bad_scenario_file_is_reported_and_changes_nothing(tmp_path):
    at = new_app("情景")
    at.file_uploader(key="scn_upload").upload(
        "bad.yaml", "name: 坏情景\nheadcount: {L99: 3, L01: -2}\n".encode(),
        "application/x-yaml")
    at.run()
    assert_clean(at)
    assert at.error and "未加载" in at.error[0].value
    assert metric(at, "月服务费合计") == "¥311,948.52"


def test_can_this_headcount_cover_the_demand():
    at = new_app("情景")
    at.date_input(key="scn_start").set_value(START)
    at.number_input(key="scn_time_limit").set_value(TIME_LIMIT)
    at.number_input(key="scn_workers").set_value(WORKERS)
    at.button(key="scn_check").click().run()
    assert_clean(at)
    wait_for_job(at)
    assert metric(at, "缺口（人次）").replace(",", "").isdigit()
    assert metric(at, "预测考核扣款").startswith("¥")
    assert metric(at, "加班费").startswith("¥")
    # the comparison shows the solved figures of the scenario once it is added
    at.button(key="scn_add_compare").click().run()
    at.multiselect(key="scn_compare").set_value(["基线（当前数据）", "新情景"]).run()
    compared = table(at, "scn_compare_table")
    assert compared.loc["缺口（人次）", "新情景"] == metric(at, "缺口（人次）")
    assert compared.loc["预测考核扣款", "新情景"].startswith("¥")
    # today's figures were solved with the check, so the baseline needs no extra solve
    assert compared.loc["缺口（人次）", "基线（当前数据）"] != "未求解"


def test_the_planning_panel_opens_on_the_scenario_page():
    at = new_app("情景")
    assert not any("最低成本人数" in h.value for h in at.subheader)  # closed: not computed
    at.session_state["scn_planning"] = True
    at.run()
    assert_clean(at)
    assert any("最低成本人数" in h.value for h in at.subheader)


# -- 人员与资质 ------------------------------------------------------------------------------

def test_staff_page_lists_filters_and_checks_compliance():
    at = new_app("人员与资质")
    assert at.header[0].value == "人员与资质"
    staff = table(at, "staff_table")
    assert len(staff) == 46
    at.multiselect(key="staff_filter_line").set_value(["L13 门诊综合服务部导诊服务"]).run()
    assert len(table(at, "staff_table")) == 4
    open_tab(at, "staff_tab", "资质核对")
    assert int(metric(at, "核对人数")) == 46
    open_tab(at, "staff_tab", "服务项目与要求")
    lines = table(at, "lines_table")
    assert len(lines) == 27 and lines["月服务费"].str.startswith("¥").all()


def test_staff_list_shows_when_a_newcomer_works_alone(data):
    from ui.views.staff import staff_frame

    # W009 joined L03 on 2026-11-25, a line with 14 days of shadowing: alone from 12-09
    frame = staff_frame(data, date(2026, 12, 1)).set_index("工号")
    assert frame.loc["W009", "独立上岗日期"] == "2026-12-09（带教中）"
    assert frame.loc["W001", "独立上岗日期"] == ""
    before = staff_frame(data, date(2026, 11, 1)).set_index("工号")
    assert before.loc["W009", "独立上岗日期"] == "2026-12-09（未入职）"
    assert staff_frame(data, date(2026, 12, 9)).set_index("工号").loc["W009", "独立上岗日期"] == ""


def test_expiring_certificates_are_highlighted():
    at = new_app("人员与资质")
    open_tab(at, "staff_tab", "资质核对")
    at.date_input(key="compliance_date").set_value(date(2028, 3, 1)).run()
    assert_clean(at)
    frame = table(at, "expiring_table")
    assert len(frame) > 0 and "剩余天数" in frame.columns
    assert int(metric(at, "90 天内到期或已过期的证书")) == len(frame)


def test_compliance_tab_shows_the_borrowing_check():
    at = new_app("人员与资质")
    open_tab(at, "staff_tab", "资质核对")
    at.date_input(key="compliance_date").set_value(date(2026, 12, 1)).run()
    assert_clean(at)
    frame = table(at, "borrowing_table")
    assert len(frame) == 13 and (frame["结果"] != "不符合").all()
    row = frame[frame["工号"] == "W025"].iloc[0]
    assert row["结果"] == "按例外符合" and row["符合的服务项目"] == "眼科门诊护理助理服务"
    assert "年龄40周岁以下（本人42岁）" in row["说明"] and "门诊部、护理部" in row["已备案例外"]
    assert "W026" not in set(frame["工号"])


# -- 规则 ---------------------------------------------------------------------------------

def test_rules_page_lists_every_rule_and_edits_apply_to_the_next_solve(data):
    at = new_app("规则")
    editor = at.data_editor[0].value
    assert len(editor) == len(data.rules.rules)
    assert {"数值", "硬约束", "权重", "来源"} <= set(editor.columns)
    row = int(editor.index[editor["编号"] == "max_consecutive_days"][0])
    at.session_state[f"rules_editor_{at.session_state['data_version']}"] = {
        "edited_rows": {row: {"数值": 5.0, "硬约束": False}}, "added_rows": [],
        "deleted_rows": []}
    at.run()
    at.button(key="rules_apply").click().run()
    assert_clean(at)
    rule = at.session_state["data"].rules["max_consecutive_days"]
    assert rule.value == 5.0 and rule.hard is False
    assert at.success and "下一次排班" in at.success[0].value


def test_a_bad_rule_value_is_rejected(data):
    at = new_app("规则")
    editor = at.data_editor[0].value
    row = int(editor.index[editor["编号"] == "fair_nights"][0])
    at.session_state[f"rules_editor_{at.session_state['data_version']}"] = {
        "edited_rows": {row: {"权重": -5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="rules_apply").click().run()
    assert_clean(at)
    assert at.error and "未应用" in at.error[0].value
    assert at.session_state["data"].rules == data.rules


def _edit_patterns(at: AppTest, *rows: dict) -> None:
    at.session_state[f"patterns_editor_{at.session_state['data_version']}"] = {
        "edited_rows": {}, "added_rows": list(rows), "deleted_rows": []}
    at.run()
    at.button(key="patterns_apply").click().run()
    assert_clean(at)


def test_a_line_pattern_typed_on_the_rules_page_applies_to_the_next_solve(data):
    at = new_app("规则")
    first = data.lines[0]
    _edit_patterns(at, {"服务项目": f"{first.id} {first.name}", "固定休息日": "周六、周日",
                        "说明": "科室周末不开"})
    patterns = at.session_state["data"].patterns
    assert [(p.line_id, p.rest_days, p.source) for p in patterns] == [
        (first.id, (6, 7), "科室周末不开")]
    assert at.success and "下一次排班" in at.success[0].value


def test_a_bad_pattern_row_is_listed_and_nothing_applies(data):
    at = new_app("规则")
    _edit_patterns(at, {"服务项目": f"{data.lines[0].id} {data.lines[0].name}",
                        "轮换班次": "不存在的班"})
    assert at.error and "未应用" in at.error[0].value
    shown = next(d.value for d in at.dataframe if "问题" in d.value.columns)
    assert shown.loc[0, "字段"] == "轮换班次" and "未知班次" in shown.loc[0, "问题"]
    assert at.session_state["data"].patterns == data.patterns


# -- upload -------------------------------------------------------------------------------

def _template_with(data, edit) -> bytes:
    book = load_workbook(io.BytesIO(write_template(data)))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_bad_upload_shows_the_errors_and_keeps_the_previous_data(data):
    at = new_app()
    at.sidebar.file_uploader(key="workbook_upload").upload(
        "排班数据.xlsx", b"this is not a workbook", "application/octet-stream")
    at.run()
    assert_clean(at)
    assert at.error and "导入失败" in at.error[0].value and "之前的数据" in at.error[0].value
    problems = table(at, "import_errors_table")
    assert list(problems.columns) == ["文件", "工作表", "行", "字段", "值", "问题"]
    assert len(problems) >= 1
    assert at.session_state["data"] is not None
    assert len(at.session_state["data"].staff) == len(data.staff)


def test_a_workbook_with_bad_rows_lists_every_problem(data):
    def break_rows(book):
        sheet = book["人员"]
        sheet.cell(row=2, column=4).value = "not a date"
        sheet.cell(row=3, column=4).value = "also not a date"

    at = new_app()
    before = at.session_state["data"]
    at.sidebar.file_uploader(key="workbook_upload").upload(
        "坏数据.xlsx", _template_with(data, break_rows), "application/octet-stream")
    at.run()
    assert_clean(at)
    problems = table(at, "import_errors_table")
    assert len(problems) >= 2 and set(problems["工作表"]) >= {"人员"}
    assert at.session_state["data"] is before


def test_a_good_upload_replaces_the_data_for_the_session(data):
    def rename(book):
        book["人员"].cell(row=2, column=2).value = "改名测试"

    at = new_app()
    at.sidebar.file_uploader(key="workbook_upload").upload(
        "新数据.xlsx", _template_with(data, rename), "application/octet-stream")
    at.run()
    assert_clean(at)
    assert not at.error
    names = {member.name for member in at.session_state["data"].staff}
    assert "改名测试" in names
    assert "新数据.xlsx" in at.session_state["data_note"]


# -- pure helpers -------------------------------------------------------------------------

def test_money_and_hours_formats():
    assert formatting.yuan(Decimal("181727.6")) == "¥181,727.60"
    assert formatting.signed_yuan(Decimal("4471.26")) == "+¥4,471.26"
    assert formatting.signed_yuan(Decimal("-350")) == "-¥350.00"
    assert formatting.signed_yuan(0) == "¥0.00"
    assert formatting.hours(37.26) == "37.3"
    assert formatting.hours(8) == "8.0"


def test_grid_marks_cover_borrowed_absent_holiday_and_changed_cells(data):
    from model.roster import Assignment, RosterResult, SolveStatus

    day = date(2026, 10, 1)  # National Day
    shift = data.shift_by_code["D"]
    cells = (
        Assignment(staff_id="W001", line_id="L01", post_id="RAD_ASSIST", shift="D", day=day,
                   segments=tuple(shift.segment_datetimes(day)), hours=shift.hours,
                   cover_for="雾"),
        Assignment(staff_id="W002", line_id="L02", post_id="REF_ASSIST", shift="D", day=day,
                   segments=tuple(shift.segment_datetimes(day)), hours=shift.hours,
                   borrowed=True))
    result = RosterResult(start=day, end=day, status=SolveStatus.FEASIBLE, assignments=cells)
    absent = data.with_changes(absences=(*data.absences, *[
        a.model_copy(update={"staff_id": "W003", "start": day, "end": day})
        for a in data.absences[:1]]))
    html = grid.roster_grid_html(
        absent, result, changes=[Change(staff_id="W001", day=day, before="休", after="D")])
    assert 'class="cell cover changed"' in html
    assert 'class="cell borrowed"' in html
    from model.leave import kind_mark

    kind = kind_mark(data.absences[0].kind)
    assert 'class="cell absent"' in html and f">{kind}<" in html
    assert "国庆" in html and formatting.HOLIDAY_BG in html
    assert "改动：休 → D" in html
    assert 'data-staff="W001" data-day="2026-10-01"' in html


def test_scenario_tables_round_trip_through_a_scenario_file(data, tmp_path):
    frame = tables.lines_frame(data)
    frame.loc[frame["编号"] == "L02", "人数"] = 4
    frame.loc[frame["编号"] == "L07", "管理费"] = 500.0
    scenario, problems = tables.scenario_from_frame(frame, data, "测试情景")
    assert problems == []
    assert scenario.headcount == {"L02": 4}
    assert scenario.management_fee["L07"].amount == Decimal("500.00")
    path = tmp_path / "s.yaml"
    path.write_text(tables.scenario_yaml(scenario), encoding="utf-8")
    loaded = load_scenario(path, data)
    assert apply_scenario(data, loaded) == apply_scenario(data, scenario)


def test_a_loaded_scenario_keeps_its_other_changes(data):
    source = Path(__file__).resolve().parent.parent / "scenarios" / "spring_festival_2026.yaml"
    base = load_scenario(source, data)
    frame = tables.lines_frame(apply_scenario(data, base))
    scenario, problems = tables.scenario_from_frame(frame, data, base.name, base=base)
    assert problems == []
    assert scenario.demand == base.demand and scenario.rules == base.rules
    assert scenario.period == base.period


def test_bad_scenario_rows_are_located(data):
    frame = tables.lines_frame(data)
    frame.loc[3, "人数"] = -1
    scenario, problems = tables.scenario_from_frame(frame, data, "坏")
    assert scenario is None
    assert problems[0].row == 4 and problems[0].field == "人数"


def test_predicted_deductions_use_the_assessment_rules(data):
    from model.roster import Gap, RosterResult, SolveStatus

    result = RosterResult(start=START, end=START, status=SolveStatus.FEASIBLE, gaps=(
        Gap(day=START, post_id="OPD_GUIDE", shift="D", missing=2),))
    (line,) = formatting.predicted_deductions(data, result)
    # two failed tasks: 2 x 15 = 30 points, but 执行力与团队协作 is worth 20 (扣完为止):
    # 100 - 20 = 80 -> 10 % of L13's monthly fee (4 x 4471.26)
    assert line.line_id == "L13" and line.score == 80 and line.failed_tasks == 2
    assert line.deduction == Decimal("1788.50")
    assert line.month == f"{START.year} 年 {START.month} 月"


def test_problem_table_has_chinese_headers():
    from model.errors import Problem

    frame = formatting.problems_frame([Problem("a.xlsx", "应为日期", row=3, field="出生日期",
                                               value="x", sheet="人员")])
    assert frame.iloc[0].to_dict() == {"文件": "a.xlsx", "工作表": "人员", "行": "3",
                                       "字段": "出生日期", "值": "x", "问题": "应为日期"}
    assert isinstance(frame, pd.DataFrame)


def test_problem_table_names_the_column_of_a_text_file():
    from model.errors import Problem

    frame = formatting.problems_frame([Problem("考勤.csv", "时间无效", row=4, column=3,
                                               field="上班打卡", value="25:00")])
    assert frame.iloc[0]["行"] == "4" and frame.iloc[0]["列"] == "3"
    assert list(frame.columns) == ["文件", "工作表", "行", "列", "字段", "值", "问题"]
