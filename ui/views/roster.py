"""排班 page: solve a period with live progress, show the roster, its coverage, gaps and
hours, edit absences / requests / pinned cells, re-plan after an absence, download."""

from __future__ import annotations

import json
import os
from datetime import date

import streamlit as st
from pydantic import ValidationError

from model.dataset import DataSet
from model.errors import DataError, Problem
from model.events import Absence, AbsenceKind
from model.loaders import pydantic_problems
from model.roster import RosterResult, SolveStatus
from model.users import Action
from solver.replan import replan
from solver.solve import SolveOptions, solve_roster
from ui import signin, state, tables
from ui.formatting import (
    changes_frame,
    coverage_frames,
    coverage_styler,
    gaps_frame,
    hours,
    next_monday,
    number,
    problems_frame,
    roster_counts,
    roster_grid_html,
    staff_label,
    staff_summary_frame,
    weekday,
    yuan,
)
from ui.jobs import SolveJob
from ui.views import keyed_table, progress

PAGE = "排班"
KIND_SOLVE = "solve"
KIND_REPLAN = "replan"
SOLVE_LABEL = "开始排班"
TABS = ("排班表", "覆盖", "缺口", "工时", "请假、请求与固定排班", "缺勤重排", "下载")
TABS_KEY = "roster_tab"
DEFAULT_WORKERS = max(1, min(8, os.cpu_count() or 1))


# -- collecting finished jobs -------------------------------------------------------------

def status_message(result: RosterResult) -> str:
    """Why a solve produced no roster, in Chinese, with the conflicting hard rules."""
    lines = [f"未能排班：{result.status.label}。之前的排班和数据保持不变。"]
    if result.status is SolveStatus.INFEASIBLE:
        lines.append("请在“规则”页放宽下列硬规则（改为软规则或调整数值），或修改请假和固定排班：")
    elif result.status is SolveStatus.UNKNOWN:
        lines.append("请延长求解时限，或减少周数后再试。")
    lines += [f"- {c.message}" for c in result.conflicts]
    return "\n".join(lines)


def collect(job: SolveJob) -> None:
    """Store the outcome of a finished solve or re-plan in the session."""
    if job.error is not None:
        st.session_state[state.SOLVE_ERROR] = (
            f"求解出错：{job.error}。之前的排班和数据保持不变。")
        return
    if job.kind == KIND_SOLVE:
        result: RosterResult = job.result
        if not result.status.has_roster:
            st.session_state[state.SOLVE_ERROR] = status_message(result)
            return
        if not job.stopped_by_user:
            state.store_result(job.meta["key"], result)
        st.session_state[state.ROSTER] = state.RosterRun(
            data=job.meta["data"], result=result, key=job.meta["key"],
            stopped=job.stopped_by_user, label=job.label)
        st.session_state.pop(state.REPLAN, None)
        st.session_state.pop(state.SOLVE_ERROR, None)
    elif job.kind == KIND_REPLAN:
        outcome = job.result
        if not outcome.roster.status.has_roster:
            st.session_state[state.SOLVE_ERROR] = status_message(outcome.roster)
            return
        st.session_state[state.REPLAN] = state.ReplanRun(
            data=job.meta["data"], result=outcome, absence=job.meta["absence"],
            key=job.meta["key"], stopped=job.stopped_by_user)
        st.session_state.pop(state.SOLVE_ERROR, None)


# -- starting solves ----------------------------------------------------------------------

def start_solve(data: DataSet, start: date, weeks: int, time_limit: float, workers: int,
                staged: bool, use_cache: bool = True) -> None:
    n_days = 7 * weeks
    key = state.digest("solve", state.data_key(data), start, n_days, time_limit, workers,
                       staged)
    label = f"{start} 起 {weeks} 周"
    found = state.cached_result(key) if use_cache else None
    if found is not None:
        st.session_state[state.ROSTER] = state.RosterRun(
            data=data, result=found, key=key, from_cache=True, label=label)
        st.session_state.pop(state.REPLAN, None)
        st.session_state.pop(state.SOLVE_ERROR, None)
        return
    job = SolveJob(kind=KIND_SOLVE, label=label, time_limit_s=time_limit,
                   meta={"page": PAGE, "key": key, "data": data})
    options = SolveOptions(time_limit_s=time_limit, workers=workers, staged=staged)
    state.start_job(job.start(lambda opts: solve_roster(data, start, n_days, opts), options))


def start_replan(run: state.RosterRun, absence: Absence, from_day: date, time_limit: float,
                 workers: int) -> None:
    data = run.data
    shown = data.with_changes(absences=(*data.absences, absence))
    key = state.digest("replan", run.key, absence.model_dump_json(), from_day, time_limit)
    name = data.staff_by_id[absence.staff_id].name
    job = SolveJob(kind=KIND_REPLAN, label=f"{name} {absence.kind.value} {absence.start}"
                                            f"~{absence.end} 后重排", time_limit_s=time_limit,
                   meta={"page": PAGE, "key": key, "data": shown, "absence": absence})
    options = SolveOptions(time_limit_s=time_limit, workers=workers)
    state.start_job(job.start(
        lambda opts: replan(data, run.result, absence, from_day, opts), options))


# -- the page -----------------------------------------------------------------------------

def render() -> None:
    data = state.data()
    st.header("排班")
    st.caption(f"数据：{state.data_note()}；{len(data.vendor_staff())} 名外包人员，"
               f"{len(data.posts)} 个岗位，{len(data.shifts)} 种班次。"
               "规则和请假的修改用于下一次排班。")
    running = state.job() is not None
    if signin.may(Action.SOLVE):
        _controls(data, running)
    progress.render(PAGE)
    error = st.session_state.get(state.SOLVE_ERROR)
    if error:
        st.error(error)
    run: state.RosterRun | None = st.session_state.get(state.ROSTER)
    if run is None and not running and not signin.may(Action.SOLVE):
        st.info("尚无排班。当前角色不能排班，只能查看。")
    elif run is None and not running:
        st.info(f"选择开始日期和周数，点击“{SOLVE_LABEL}”。求解在后台进行，页面不会卡住；"
                "可随时停止并保留目前最优的排班。")
    elif run is not None:
        _summary(run)
    tabs = st.tabs(TABS, key=TABS_KEY, on_change="rerun")
    sections = (lambda: _grid(run), lambda: _coverage(run), lambda: _gaps(run),
                lambda: _hours(run), lambda: _events(data, running),
                lambda: _replan(run, running), lambda: _downloads(run))
    for tab, draw in zip(tabs, sections, strict=True):
        if tab.open is not False:  # only the open tab is computed
            with tab:
                draw()


def _grid(run: state.RosterRun | None) -> None:
    if run is None:
        st.caption("尚无排班。")
        return
    st.html(roster_grid_html(run.data, run.result))


def _controls(data: DataSet, running: bool) -> None:
    with st.container(border=True):
        cols = st.columns([1.3, 0.8, 1, 0.8, 1.2])
        start = cols[0].date_input("开始日期", value=next_monday(), key="solve_start",
                                   format="YYYY-MM-DD")
        weeks = cols[1].number_input("周数", min_value=1, max_value=8, value=1, step=1,
                                     key="solve_weeks")
        time_limit = cols[2].number_input("求解时限（秒）", min_value=1.0, max_value=1800.0,
                                          value=30.0, step=5.0, key="solve_time_limit")
        workers = cols[3].number_input("并行线程", min_value=1, max_value=32,
                                       value=DEFAULT_WORKERS, step=1, key="solve_workers")
        with cols[4]:
            staged = st.checkbox("分阶段求解", key="solve_staged",
                                 help="先覆盖，再法定规则、公平、请求，每一阶段固定前一阶段的最优值")
            use_cache = st.checkbox("相同输入用缓存结果", value=True, key="solve_use_cache")
        if st.button(SOLVE_LABEL, type="primary", disabled=running, key="solve_button"):
            start_solve(data, start, int(weeks), float(time_limit), int(workers), staged,
                        use_cache)
            st.rerun()


def _summary(run: state.RosterRun) -> None:
    result = run.result
    counts = roster_counts(result)
    notes = []
    if run.stopped:
        notes.append("已按要求停止，显示目前最优的排班")
    if run.from_cache:
        notes.append("相同输入已求解过，直接显示缓存结果")
    stats = result.stats
    took = f"，用时 {stats.wall_time_s:.1f} 秒" if stats else ""
    head = (f"排班 {result.start} 至 {result.end}：{result.status.label}；目标值 "
            f"{number(result.objective)}，下界 {number(result.best_bound)}{took}。")
    if counts["missing"]:
        st.warning(head + f" 有 {len(result.gaps)} 处缺口，共缺 {counts['missing']} 人次，"
                   "原因见“缺口”。" + ("；".join(notes)))
    else:
        st.success(head + " 所有必需班次均已覆盖。" + ("；".join(notes)))
    cols = st.columns(6)
    cols[0].metric("班次", f"{counts['shifts']:,}")
    cols[1].metric("顶替", f"{counts['cover']:,}")
    cols[2].metric("借调", f"{counts['borrowed']:,}")
    cols[3].metric("缺口（人次）", f"{counts['missing']:,}")
    cols[4].metric("加班（小时）", hours(counts["overtime_hours"]))
    cols[5].metric("加班费", yuan(counts["overtime_cost"]))
    for note in result.notes:
        st.caption(f"注意：{note}")


def _coverage(run: state.RosterRun | None) -> None:
    if run is None:
        st.caption("尚无排班。")
        return
    text, shortfall = coverage_frames(run.data, run.result)
    st.caption("每格为“在岗人数/最低需求”（含院方自有人员）；红色为缺人，绿色为已满足，“—”为当天无需求。")
    keyed_table("coverage_table", coverage_styler(text, shortfall), width="stretch",
                 height=35 * (len(text) + 1) + 3)


def _gaps(run: state.RosterRun | None) -> None:
    if run is None:
        st.caption("尚无排班。")
        return
    if not run.result.gaps:
        st.success("没有缺口：所有必需班次均已覆盖。")
        return
    keyed_table("gaps_table", gaps_frame(run.data, run.result), width="stretch",
                hide_index=True)
    st.markdown("**每个缺口无人可排的原因**")
    for gap in run.result.gaps:
        post = run.data.post_by_id.get(gap.post_id)
        title = (f"{gap.day}（周{weekday(gap.day)}）{post.name if post else gap.post_id} "
                 f"{gap.shift} 班 缺 {gap.missing} 人")
        with st.expander(title):
            st.markdown("\n".join(f"- {reason}" for reason in gap.reasons) or "（无记录）")


def _hours(run: state.RosterRun | None) -> None:
    if run is None:
        st.caption("尚无排班。")
        return
    frame = staff_summary_frame(run.data, run.result)
    if frame.empty:
        st.caption("没有人员工时。")
        return
    chart = frame.assign(人员=frame["工号"] + " " + frame["姓名"])
    left, right = st.columns(2)
    with left:
        st.markdown("**工时与加班（小时）**")
        st.bar_chart(chart, x="人员", y=["工时", "加班"], stack=False, horizontal=True,
                     height=max(300, 18 * len(chart)))
    with right:
        st.markdown("**夜班、周末和节假日（天）**")
        st.bar_chart(chart, x="人员", y=["夜班", "周末天数", "节假日天数"], horizontal=True,
                     height=max(300, 18 * len(chart)))
    shown = frame.assign(工时=frame["工时"].map(hours), 加班=frame["加班"].map(hours),
                         加班费=frame["加班费"].map(yuan))
    keyed_table("hours_table", shown, width="stretch", hide_index=True)


def _show_problems(title: str, problems: list[Problem]) -> None:
    st.error(f"{title}：共 {len(problems)} 个问题，数据保持不变。")
    st.dataframe(problems_frame(problems), width="stretch", hide_index=True)


def _events(data: DataSet, running: bool) -> None:
    if not signin.may(Action.EDIT):
        st.caption("当前角色不能修改请假、请求和固定排班。")
        return
    st.caption("修改请假、排班请求和固定排班（固定排班的岗位和班次都不填表示当天固定休息），"
               "保存后用于下一次排班。")
    version = state.data_version()
    staff = tables.staff_options(data)
    shift_codes = [s.code for s in data.shifts]
    cc = st.column_config
    absences = st.data_editor(
        tables.absences_frame(data), num_rows="dynamic", width="stretch",
        key=f"absences_editor_{version}", placeholder="—", column_config={
            "工号": cc.SelectboxColumn("人员", options=staff, required=True),
            "类型": cc.SelectboxColumn("类型", options=tables.ABSENCE_KINDS, required=True),
            "开始": cc.DateColumn("开始", format="YYYY-MM-DD", required=True),
            "结束": cc.DateColumn("结束", format="YYYY-MM-DD"),
            "状态": cc.SelectboxColumn(
                "状态", options=tables.LEAVE_STATUSES, default=tables.LEAVE_STATUSES[0],
                help="已批准：一定休息；待批准：尽量安排休息；已驳回：照常上班，只留记录"),
            "备注": cc.TextColumn("备注")})
    st.markdown("**排班请求**")
    requests = st.data_editor(
        tables.requests_frame(data), num_rows="dynamic", width="stretch",
        key=f"requests_editor_{version}", placeholder="—", column_config={
            "工号": cc.SelectboxColumn("人员", options=staff, required=True),
            "日期": cc.DateColumn("日期", format="YYYY-MM-DD", required=True),
            "类型": cc.SelectboxColumn("类型", options=tables.REQUEST_KINDS, required=True),
            "班次": cc.SelectboxColumn("班次", options=shift_codes,
                                       help="“想上”“不想上”须填班次；“休息”不填"),
            "权重": cc.NumberColumn("权重", min_value=0, step=1, default=10)})
    st.markdown("**固定排班**")
    pins = st.data_editor(
        tables.pins_frame(data), num_rows="dynamic", width="stretch",
        key=f"pins_editor_{version}", placeholder="—", column_config={
            "工号": cc.SelectboxColumn("人员", options=staff, required=True),
            "日期": cc.DateColumn("日期", format="YYYY-MM-DD", required=True),
            "岗位": cc.SelectboxColumn("岗位", options=tables.post_options(data)),
            "班次": cc.SelectboxColumn("班次", options=shift_codes)})
    save, save_and_solve = st.columns(2)
    clicked = save.button("保存修改", key="events_save")
    clicked_solve = save_and_solve.button("保存并重新排班", type="primary", disabled=running,
                                          key="events_save_solve")
    if not (clicked or clicked_solve):
        return
    new_absences, p1 = tables.absences_from_frame(absences)
    new_requests, p2 = tables.requests_from_frame(requests)
    new_pins, p3 = tables.pins_from_frame(pins)
    problems = p1 + p2 + p3
    if problems:
        _show_problems("请假、请求或固定排班有误", problems)
        return
    try:
        changed = data.with_changes(absences=tuple(new_absences), requests=tuple(new_requests),
                                    pins=tuple(new_pins))
    except DataError as exc:
        _show_problems("请假、请求或固定排班有误", exc.problems)
        return
    state.set_data(changed)
    if clicked_solve:
        ss = st.session_state
        start_solve(changed, ss["solve_start"], int(ss["solve_weeks"]),
                    float(ss["solve_time_limit"]), int(ss["solve_workers"]),
                    bool(ss.get("solve_staged")), use_cache=True)
    st.rerun()


def _replan(run: state.RosterRun | None, running: bool) -> None:
    if run is None:
        st.caption("先排班，再在这里登记临时缺勤并重排。")
        return
    if not signin.may(Action.SOLVE):
        st.caption("当前角色不能重排。")
        return
    data, result = run.data, run.result
    st.caption("有人临时缺勤时，从缺勤当天起重排：之前的排班不变，之后尽量少改，并列出需要通知的改动。")
    ids = sorted({a.staff_id for a in result.assignments})
    with st.form(f"replan_form_{run.key}", border=True):
        cols = st.columns(4)
        who = cols[0].selectbox("缺勤人员", ids, format_func=lambda i: staff_label(data, i),
                                key=f"replan_staff_{run.key}")
        first = cols[1].date_input("缺勤开始", value=result.start, min_value=result.start,
                                   max_value=result.end, key=f"replan_from_{run.key}",
                                   format="YYYY-MM-DD")
        last = cols[2].date_input("缺勤结束", value=result.start, min_value=result.start,
                                  max_value=result.end, key=f"replan_to_{run.key}",
                                  format="YYYY-MM-DD")
        kind = cols[3].selectbox("类型", tables.ABSENCE_KINDS,
                                 index=tables.ABSENCE_KINDS.index(AbsenceKind.SICK.value),
                                 key=f"replan_kind_{run.key}")
        submitted = st.form_submit_button("重排", type="primary", disabled=running)
    if submitted:
        try:
            absence = Absence(staff_id=who, kind=kind, start=first, end=max(first, last))
        except ValidationError as exc:
            _show_problems("缺勤参数有误", pydantic_problems("缺勤", exc))
            return
        ss = st.session_state
        start_replan(run, absence, first, float(ss.get("solve_time_limit", 30.0)),
                     int(ss.get("solve_workers", DEFAULT_WORKERS)))
        st.rerun()
    outcome: state.ReplanRun | None = st.session_state.get(state.REPLAN)
    if outcome is None:
        return
    changes = outcome.result.changes
    roster = outcome.result.roster
    st.markdown(f"**重排结果：{roster.status.label}；需通知的改动 {len(changes)} 处**"
                + ("（已按要求停止，显示目前最优结果）" if outcome.stopped else ""))
    if changes:
        keyed_table("replan_changes", changes_frame(outcome.data, changes), width="stretch",
                    hide_index=True)
    st.html(roster_grid_html(outcome.data, roster, changes=changes, grid_id="replan-grid"))
    if st.button("采用重排结果为当前排班", key="replan_adopt"):
        adopted = state.RosterRun(data=outcome.data, result=roster, key=outcome.key,
                                  stopped=outcome.stopped, label="重排")
        st.session_state[state.ROSTER] = adopted
        st.session_state.pop(state.REPLAN, None)
        state.set_data(state.data().with_changes(
            absences=(*state.data().absences, outcome.absence)))
        st.rerun()


def _downloads(run: state.RosterRun | None) -> None:
    if run is None:
        st.caption("尚无排班。")
        return
    stem = f"排班表_{run.result.start}_{run.result.end}"
    cols = st.columns(2)
    cols[0].download_button("下载 Excel 排班表", data=state.roster_excel(run),
                            file_name=f"{stem}.xlsx", key="download_excel",
                            mime="application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet")
    payload = json.dumps(run.result.to_json_dict(), ensure_ascii=False, indent=1)
    cols[1].download_button("下载 JSON", data=payload.encode("utf-8"),
                            file_name=f"{stem}.json", mime="application/json",
                            key="download_json")
    st.caption("Excel 含排班表、覆盖、工时、费用和说明五个工作表；JSON 可用于 `roster replan`。")

