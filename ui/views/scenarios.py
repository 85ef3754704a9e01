"""情景 page: edit headcounts and management fees per line, see the contract totals and the
difference from the baseline at once, load and save scenario files, check whether a
headcount covers the demand, and compare up to four scenarios side by side."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import streamlit as st

from model.contract import FeeQuote
from model.cost import CostReport
from model.dataset import DataSet
from model.errors import DataError, Problem
from model.scenario import Scenario, apply_scenario, load_scenario
from solver.solve import SolveOptions, solve_roster
from ui import state, tables
from ui.formatting import (
    hours,
    next_monday,
    problems_frame,
    worded_count,
    worded_yuan,
    yuan,
)
from ui.jobs import SolveJob, report_phase
from ui.views import change_metric, keyed_table, progress, yaml_title
from ui.views.scenario_coverage import CoverageRun, run_summary

PAGE = "情景"
KIND = "scenario"
SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"
MAX_COMPARED = 4
BASELINE_NAME = "基线（当前数据）"
DEFAULT_WORKERS = max(1, min(8, os.cpu_count() or 1))

# session keys
FRAME = "scn_frame"  # base frame of the live editor
MERGED = "scn_merged"  # the table as last edited (survives leaving the page)
LINES_KEY = "scn_lines_key"  # hash of the data's lines the tables were built from
LOADED = "scn_loaded"  # the loaded Scenario whose other changes are kept
EDITOR_VERSION = "scn_editor_version"
SAVED = "scn_saved"  # name -> Scenario, for comparison
RUNS = "scn_runs"  # run key -> CoverageRun
MESSAGE = "scn_message"
LOADER = "scn_load_expander"
COLLAPSE_LOADER = "scn_collapse_loader"


def editor_key() -> str:
    return f"scn_editor_{st.session_state.get(EDITOR_VERSION, 0)}"


def _reset_tables(frame: pd.DataFrame, loaded: Scenario | None) -> None:
    st.session_state[FRAME] = frame
    st.session_state[MERGED] = frame
    st.session_state[LOADED] = loaded
    st.session_state[EDITOR_VERSION] = st.session_state.get(EDITOR_VERSION, 0) + 1


def _ensure_tables(data: DataSet) -> None:
    """Start from the data's lines; start again when the data's lines change (upload)."""
    lines_key = state.digest(*(line.model_dump_json() for line in data.lines))
    if st.session_state.get(LINES_KEY) != lines_key or FRAME not in st.session_state:
        st.session_state[LINES_KEY] = lines_key
        _reset_tables(tables.lines_frame(data), None)
        st.session_state["scn_name"] = "新情景"
        st.session_state["scn_description"] = ""
    elif editor_key() not in st.session_state:
        # the editor was not shown in the last run (another page): start from the edits
        st.session_state[FRAME] = st.session_state[MERGED]


def run_key(data: DataSet, scenario: Scenario | None, start: date, weeks: int,
            time_limit: float, workers: int) -> str:
    body = scenario.model_dump_json() if scenario else "baseline"
    return state.digest("scenario", state.data_key(data), body, start, weeks, time_limit,
                        workers)


def collect(job: SolveJob) -> None:
    if job.error is not None:
        st.session_state[MESSAGE] = ("error", f"求解出错：{job.error}")
        return
    runs: dict[str, CoverageRun] = st.session_state.setdefault(RUNS, {})
    failed = []
    for key, run in job.result:
        if run.result.status.has_roster:
            runs[key] = run
            if not job.stopped_by_user:
                state.store_result(key, run)
        else:
            failed.append(f"{run.name}：{run.result.status.label}"
                          + "".join(f"；{c.message}" for c in run.result.conflicts))
    if failed:
        st.session_state[MESSAGE] = ("error", "未能排班（数据保持不变）：\n" + "\n".join(failed))


def _start_runs(items: list[tuple[str, Scenario | None]], data: DataSet, start: date,
                weeks: int, time_limit: float, workers: int) -> None:
    """Solve each scenario's roster for the period, one after another, in one job."""
    todo = []
    runs: dict[str, CoverageRun] = st.session_state.setdefault(RUNS, {})
    for name, scenario in items:
        key = run_key(data, scenario, start, weeks, time_limit, workers)
        found = state.cached_result(key)
        if isinstance(found, CoverageRun):
            runs[key] = found
            continue
        try:
            applied = data if scenario is None else apply_scenario(data, scenario)
        except DataError as exc:
            st.session_state[MESSAGE] = ("error", f"情景“{name}”无法应用：" + "；".join(
                str(p) for p in exc.problems))
            return
        todo.append((key, name, applied))
    if not todo:
        return
    job = SolveJob(kind=KIND, label=f"{len(todo)} 个情景，{start} 起 {weeks} 周",
                   time_limit_s=time_limit * len(todo), meta={"page": PAGE})
    state.start_job(job.start(solve_scenarios, (todo, start, weeks),
                              SolveOptions(time_limit_s=time_limit, workers=workers)))


def solve_scenarios(todo: list[tuple[str, str, DataSet]], start: date, weeks: int,
                    options: SolveOptions) -> list[tuple[str, CoverageRun]]:
    """The job's work, in its child process: each (key, name, data) solved in turn, the
    phase told to the page; a stop ends the batch after the scenario being solved."""
    done: list[tuple[str, CoverageRun]] = []
    stop = options.stop
    for index, (key, name, applied) in enumerate(todo, start=1):
        if stop is not None and stop.is_set() and done:
            break
        report_phase(f"{index}/{len(todo)} {name}")
        result = solve_roster(applied, start, 7 * weeks, options)
        done.append((key, CoverageRun(name, applied, result, start, weeks,
                                      stopped=stop is not None and stop.is_set())))
    return done


# -- the page -----------------------------------------------------------------------------

def render() -> None:
    data = state.data()
    _ensure_tables(data)
    st.header("情景与费用")
    months = data.contract.months
    st.caption("修改各服务项目的人数、管理费（和成本预算），月服务费、每合同年和 "
               f"{months} 个月总金额随即更新，并列出与基线（当前数据）的差额。"
               "月服务费 = 数量 ×（成本预算 + 管理费），"
               f"总金额 = 月服务费 × {months}。")
    box = st.container()  # always present, so the elements below keep their place
    message = st.session_state.pop(MESSAGE, None)
    if message:
        getattr(box, message[0])(message[1])
    _load_controls(data)
    scenario, applied, report = _editor(data)
    if scenario is not None and report is not None:
        _totals(report)
        _line_deltas(report)
        _save_controls(scenario)
    st.divider()
    _coverage_check(data, scenario)
    st.divider()
    _compare(data)
    st.divider()
    _planning(applied if applied is not None else data)


def _load_controls(data: DataSet) -> None:
    if st.session_state.pop(COLLAPSE_LOADER, False):
        st.session_state[LOADER] = False  # a scenario was loaded: show its figures
    with st.expander("加载情景文件", key=LOADER, on_change="rerun"):
        files = sorted(SCENARIO_DIR.glob("*.yaml")) if SCENARIO_DIR.is_dir() else []
        cols = st.columns([2, 1])
        titles = {f.name: yaml_title(f) for f in files}
        choice = cols[0].selectbox("内置情景", list(titles), format_func=titles.get,
                                   index=None, placeholder="选择情景", key="scn_pick")
        if cols[1].button("加载所选情景", key="scn_load_pick",
                          disabled=choice is None) and choice is not None:
            _load(data, SCENARIO_DIR / choice, titles[choice])
        upload = st.file_uploader("或上传情景文件（YAML）", type=["yaml", "yml"],
                                  key="scn_upload")
        if upload is not None and st.session_state.get("scn_upload_done") != upload.file_id:
            st.session_state["scn_upload_done"] = upload.file_id
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "scenario.yaml"
                path.write_bytes(upload.getvalue())
                _load(data, path, upload.name)
        if st.button("重置为当前数据", key="scn_reset"):
            _reset_tables(tables.lines_frame(data), None)
            st.session_state["scn_name"] = "新情景"
            st.session_state["scn_description"] = ""
            st.rerun()


def _load(data: DataSet, path: Path, shown_name: str) -> None:
    try:
        scenario = load_scenario(path, data)
        applied = apply_scenario(data, scenario)
    except DataError as exc:
        problems = [Problem(shown_name, p.message, p.row, p.field, p.value, p.sheet)
                    for p in exc.problems]
        st.error(f"情景文件“{shown_name}”有 {len(problems)} 个问题，未加载，当前情景保持不变：")
        st.dataframe(problems_frame(problems), width="stretch", hide_index=True)
        return
    _reset_tables(tables.lines_frame(applied), scenario)
    st.session_state["scn_name"] = scenario.name
    st.session_state["scn_description"] = scenario.description
    if scenario.period is not None:
        st.session_state["scn_start"] = scenario.period.start
        st.session_state["scn_weeks"] = min(scenario.period.weeks, 8)
    st.session_state[MESSAGE] = ("success", f"已加载情景“{scenario.name}”。")
    st.session_state[COLLAPSE_LOADER] = True
    st.rerun()


def _fee_all() -> FeeQuote | None:
    mode = st.session_state.get("scn_fee_mode", "不统一设置")
    value = st.session_state.get("scn_fee_value", 0.0)
    if mode == "按金额（元/人·月）":
        return FeeQuote(amount=Decimal(str(value)))
    if mode == "按成本预算的百分比":
        return FeeQuote(percent=Decimal(str(value)))
    return None


def _editor(data: DataSet) -> tuple[Scenario | None, DataSet | None, CostReport | None]:
    cols = st.columns([1, 2, 1.2, 1])
    name = cols[0].text_input("情景名称", key="scn_name")
    description = cols[1].text_input("说明", key="scn_description")
    cols[2].selectbox("统一管理费（未单独修改的项目）",
                      ["不统一设置", "按金额（元/人·月）", "按成本预算的百分比"],
                      key="scn_fee_mode")
    cols[3].number_input("金额或百分比", min_value=0.0, value=0.0, step=50.0,
                         key="scn_fee_value")
    cc = st.column_config
    departments = [d.name for d in data.departments]
    edited = st.data_editor(
        st.session_state[FRAME], num_rows="add", width="stretch", hide_index=True,
        key=editor_key(), disabled=[],
        column_config={
            "编号": cc.TextColumn("编号", required=True, help="新增项目请填新的编号，如 L28"),
            "序号": cc.NumberColumn("序号", min_value=1, step=1),
            "服务项目": cc.TextColumn("服务项目", required=True),
            "类别": cc.SelectboxColumn("类别", options=list(data.contract.categories),
                                       required=True),
            "科室": cc.SelectboxColumn("科室", options=departments, required=True),
            "人数": cc.NumberColumn("人数", min_value=0, step=1, required=True),
            "成本预算": cc.NumberColumn("成本预算（¥/人·月）", min_value=0.0,
                                        format="accounting"),
            "管理费": cc.NumberColumn("管理费（¥/人·月）", min_value=0.0,
                                      format="accounting")})
    st.session_state[MERGED] = edited
    scenario, problems = tables.scenario_from_frame(
        edited, data, name, description, _fee_all(), base=st.session_state.get(LOADED))
    if problems or scenario is None:
        st.error("表格有误，费用未更新：")
        st.dataframe(problems_frame(problems), width="stretch", hide_index=True)
        return None, None, None
    try:
        applied = apply_scenario(data, scenario)
    except DataError as exc:
        st.error("情景无法应用，费用未更新：")
        st.dataframe(problems_frame(exc.problems), width="stretch", hide_index=True)
        return None, None, None
    return scenario, applied, state.cost(applied, baseline=data)


def _totals(report: CostReport) -> None:
    delta = report.delta
    cols = st.columns(4)
    months = report.contract_months
    if delta is None:
        cols[0].metric("人数", f"{report.headcount_total}")
        cols[1].metric("月服务费合计", yuan(report.monthly_total))
        cols[2].metric("每合同年", yuan(report.contract_year_total))
        cols[3].metric(f"{months} 个月总金额", yuan(report.contract_total))
        return
    change_metric(cols[0], "人数", f"{report.headcount_total}", delta.headcount_delta,
                  worded_count(delta.headcount_delta, "人"))
    change_metric(cols[1], "月服务费合计", yuan(report.monthly_total), delta.monthly_delta,
                  worded_yuan(delta.monthly_delta))
    change_metric(cols[2], "每合同年", yuan(report.contract_year_total),
                  delta.contract_year_delta, worded_yuan(delta.contract_year_delta))
    change_metric(cols[3], f"{months} 个月总金额", yuan(report.contract_total),
                  delta.contract_delta, worded_yuan(delta.contract_delta))
    st.caption(f"基线：月服务费 {yuan(delta.monthly_before)}；与基线相比人数"
               f"{worded_count(delta.headcount_delta, '人')}，每月"
               f"{worded_yuan(delta.monthly_delta)}，每合同年"
               f"{worded_yuan(delta.contract_year_delta)}，{months} 个月"
               f"{worded_yuan(delta.contract_delta)}。")


def _line_deltas(report: CostReport) -> None:
    fees = {line.line_id: line for line in report.lines}
    rows = []
    for item in report.delta.lines if report.delta else ():
        line = fees.get(item.line_id)
        rows.append({
            "编号": item.line_id, "服务项目": item.name, "变化": item.status.value,
            "人数": f"{item.headcount_before} → {item.headcount_after}",
            "管理费": yuan(line.management_fee) if line else "",
            "月服务费": yuan(item.monthly_after), "每合同年": yuan(line.contract_year_fee)
            if line else yuan(0),
            f"{report.contract_months}个月": yuan(line.contract_total) if line else yuan(0),
            "月差额": worded_yuan(item.monthly_delta),
            f"{report.contract_months}个月差额": worded_yuan(item.contract_delta)})
    frame = pd.DataFrame(rows)
    only_changed = st.toggle("只看有变化的项目", value=False, key="scn_only_changed")
    if only_changed:
        frame = frame[frame["变化"] != "不变"]
    if frame.empty:
        st.caption("与基线相比没有变化。")
        return
    keyed_table("scn_delta_table", frame.style.apply(
        lambda row: ["background-color:#FFF2CC" if row["变化"] != "不变" else ""] * len(row),
        axis=1), width="stretch", hide_index=True)


def _save_controls(scenario: Scenario) -> None:
    cols = st.columns(2)
    file_name = f"{scenario.name or 'scenario'}.yaml".replace("/", "_")
    cols[0].download_button("保存情景文件（YAML）", data=tables.scenario_yaml(scenario)
                            .encode("utf-8"), file_name=file_name, mime="application/x-yaml",
                            key="scn_download")
    saved: dict[str, Scenario] = st.session_state.setdefault(SAVED, {})
    if cols[1].button("加入对比", key="scn_add_compare"):
        saved[scenario.name] = scenario
        st.session_state[MESSAGE] = ("success", f"情景“{scenario.name}”已加入对比（共 "
                                                f"{len(saved)} 个）。")
        st.rerun()


def _period_inputs() -> tuple[date, int, float, int]:
    st.session_state.setdefault("scn_start", next_monday())
    st.session_state.setdefault("scn_weeks", 1)
    cols = st.columns(4)
    start = cols[0].date_input("开始日期", key="scn_start", format="YYYY-MM-DD")
    weeks = cols[1].number_input("周数", min_value=1, max_value=8, step=1, key="scn_weeks")
    time_limit = cols[2].number_input("每个情景的求解时限（秒）", min_value=1.0,
                                      max_value=1800.0, value=20.0, step=5.0,
                                      key="scn_time_limit")
    workers = cols[3].number_input("并行线程", min_value=1, max_value=32, value=DEFAULT_WORKERS,
                                   step=1, key="scn_workers")
    return start, int(weeks), float(time_limit), int(workers)


def _coverage_check(data: DataSet, scenario: Scenario | None) -> None:
    st.subheader("这些人数能否覆盖需求？")
    st.caption("按上表的人数排一段时期的班（新增人数由系统生成“新增 某项目 第N人”），与当前数据"
               "同期的排班并排列出缺口、加班和费用，并按附件28预测考核扣款"
               "（每缺1人次计一次未完成任务，扣15分）。当前数据的结果求解一次后缓存。")
    start, weeks, time_limit, workers = _period_inputs()
    running = state.job() is not None
    runs: dict[str, CoverageRun] = st.session_state.get(RUNS, {})
    base_key = run_key(data, None, start, weeks, time_limit, workers)
    if st.button("检验当前情景（与当前数据对比）", type="primary",
                 disabled=running or scenario is None, key="scn_check") and scenario is not None:
        _start_runs([(BASELINE_NAME, None), (scenario.name, scenario)], data, start, weeks,
                    time_limit, workers)
        st.rerun()
    progress.render(PAGE)
    if scenario is None:
        return
    run = runs.get(run_key(data, scenario, start, weeks, time_limit, workers))
    if run is None:
        return
    baseline = runs.get(base_key)
    run_summary(run, baseline, state.cost(run.data, baseline=data))


def _planning(data: DataSet) -> None:
    """The planning panel (ui/planning_panel.py) over the edited scenario, computed only
    while its expander is open."""
    panel = st.expander("人力规划：最低成本人数与情景扫描", key="scn_planning",
                        on_change="rerun")
    if panel.open:
        from ui.planning_panel import render_planning_panel

        with panel:
            render_planning_panel(data)


def _compare(data: DataSet) -> None:
    st.subheader("情景对比")
    saved: dict[str, Scenario] = st.session_state.setdefault(SAVED, {})
    options = [BASELINE_NAME, *saved]
    chosen = st.multiselect(f"选择最多 {MAX_COMPARED} 个情景（用“加入对比”添加当前情景）", options,
                            default=[BASELINE_NAME], max_selections=MAX_COMPARED,
                            key="scn_compare", placeholder="选择情景")
    if not chosen:
        return
    start = st.session_state.get("scn_start", next_monday())
    weeks = int(st.session_state.get("scn_weeks", 1))
    time_limit = float(st.session_state.get("scn_time_limit", 20.0))
    workers = int(st.session_state.get("scn_workers", DEFAULT_WORKERS))
    runs: dict[str, CoverageRun] = st.session_state.get(RUNS, {})
    total_column = f"{data.contract.months}个月总金额"
    rows = []
    missing_runs = []
    for name in chosen:
        scenario = None if name == BASELINE_NAME else saved[name]
        try:
            applied = data if scenario is None else apply_scenario(data, scenario)
        except DataError as exc:
            st.error(f"情景“{name}”无法应用：" + "；".join(str(p) for p in exc.problems))
            continue
        report = state.cost(applied, baseline=data)
        run = runs.get(run_key(data, scenario, start, weeks, time_limit, workers))
        if run is None:
            missing_runs.append((name, scenario))
        rows.append({
            "情景": name, "人数": report.headcount_total,
            "月服务费": float(report.monthly_total),
            total_column: float(report.contract_total),
            "月差额": float(report.delta.monthly_delta) if report.delta else 0.0,
            "缺口（人次）": run.missing if run else None,
            "加班（小时）": round(run.overtime_hours, 1) if run else None,
            "加班费": run.overtime_cost if run else None,
            "预测考核扣款": float(run.deduction_total) if run else None})
    if not rows:
        return
    frame = pd.DataFrame(rows)
    shown = frame.copy()
    for column in ("月服务费", total_column, "加班费", "预测考核扣款"):
        shown[column] = frame[column].map(lambda v: "未求解" if pd.isna(v) else yuan(v))
    shown["月差额"] = frame["月差额"].map(worded_yuan)
    shown["缺口（人次）"] = frame["缺口（人次）"].map(
        lambda v: "未求解" if pd.isna(v) else f"{v:,.0f}")
    shown["加班（小时）"] = frame["加班（小时）"].map(
        lambda v: "未求解" if pd.isna(v) else hours(v))
    keyed_table("scn_compare_table", shown.astype(str).set_index("情景").T, width="stretch")
    st.caption(f"缺口、加班和扣款按 {start} 起 {weeks} 周、每个情景 {time_limit:g} 秒求解。")
    charts = st.columns(4)
    for col, (column, title) in zip(charts, (("月服务费", "月服务费（元）"),
                                             ("缺口（人次）", "缺口（人次）"),
                                             ("加班（小时）", "加班（小时）"),
                                             ("预测考核扣款", "预测考核扣款（元）")),
                                    strict=True):
        with col:
            st.markdown(f"**{title}**")
            values = pd.to_numeric(frame[column])
            if values.isna().all():
                st.caption("未求解")
            elif values.fillna(0).eq(0).all():
                st.caption("所选情景均为 0")
            else:
                st.bar_chart(frame[["情景"]].assign(**{column: values.fillna(0)}), x="情景",
                             y=column, horizontal=True, sort=False, x_label="", y_label="",
                             height=60 + 40 * len(frame))
    if missing_runs:
        running = state.job() is not None
        if st.button(f"求解未求解的 {len(missing_runs)} 个情景", disabled=running,
                     key="scn_compare_solve"):
            _start_runs(missing_runs, data, start, weeks, time_limit, workers)
            st.rerun()
