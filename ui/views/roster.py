"""排班 page: choose the period (a calendar month or whole weeks, previous/next), solve it
with live progress, and work on its roster: the grid with edits checked by the rules,
coverage, gaps, hours, a person's month, leave and requests, re-planning, versions, print.

The roster shown is the session's own solve of the period, else the store's current version
of the period (published before draft). Each tab is drawn by its own module."""

from __future__ import annotations

import os
from datetime import date

import streamlit as st

from model.dataset import DataSet
from model.roster import RosterResult, SolveStatus
from model.users import Action
from solver.solve import SolveOptions, solve_roster
from ui import period as periods
from ui import signin, state
from ui.formatting import hours, next_monday, number, roster_counts, yuan
from ui.jobs import SolveJob
from ui.views import (
    progress,
    roster_demand,
    roster_events,
    roster_grid,
    roster_replan,
    roster_tabs,
)
from ui.views import roster_versions as versions

PAGE = "排班"
KIND_SOLVE = "solve"
KIND_REPLAN = roster_replan.KIND
SOLVE_LABEL = "开始排班"
TABS = ("排班表", "个人", "覆盖", "缺口", "工时", "需求", "请假、请求与固定排班", "缺勤重排",
        "版本", "打印与下载")
TABS_KEY = "roster_tab"
UNSAVED = "unsaved_rosters"  # {(start, end): RosterRun} solved here, not stored, not shown
DEFAULT_WORKERS = max(1, min(8, os.cpu_count() or 1))


# -- collecting finished jobs -------------------------------------------------------------

def status_message(result: RosterResult) -> str:
    """Why a solve produced no roster, in Chinese, with the conflicting hard rules."""
    lines = [f"未能排班：{result.status.label}。之前的排班和数据保持不变。"]
    if result.status is SolveStatus.INFEASIBLE:
        lines.append("请在“规则”页放宽下列硬规则（改为软规则或调整数值），或修改请假和固定排班：")
    elif result.status is SolveStatus.UNKNOWN:
        lines.append("请延长求解时限，或缩短排班周期后再试。")
    data = state.data()
    lines += [f"- 「{data.rule_name(c.rule)}」{data.plain(c.message)}" for c in result.conflicts]
    return "\n".join(lines)


def collect(job: SolveJob) -> None:
    """Store the outcome of a finished solve or re-plan in the session."""
    if job.error is not None:
        st.session_state[state.SOLVE_ERROR] = (
            f"求解出错：{job.error}。之前的排班和数据保持不变。")
        return
    if job.kind == KIND_REPLAN:
        roster_replan.collect(job, status_message)
        return
    result: RosterResult = job.result
    if not result.status.has_roster:
        st.session_state[state.SOLVE_ERROR] = status_message(result)
        return
    if not job.stopped_by_user:
        state.store_result(job.meta["key"], result)
    st.session_state[state.ROSTER] = state.RosterRun(
        data=job.meta["data"], result=result, key=job.meta["key"],
        stopped=job.stopped_by_user, label=job.label, tail_note=job.meta.get("tail_note", ""))
    st.session_state.pop(state.REPLAN, None)
    st.session_state.pop(state.SOLVE_ERROR, None)


# -- starting solves ----------------------------------------------------------------------

def with_tails(data: DataSet, start: date) -> tuple[DataSet, str]:
    """The data with the tail of the previous period from the store when it has one."""
    from ui.roster_service import StoreError, with_store_tails, with_store_training

    store = state.store()
    if store is None:
        return data, "上期末排班取自数据（排班库无法打开）"
    try:
        found, count = with_store_tails(store, data, start)
        found, _trained = with_store_training(store, found, start)
    except StoreError as exc:
        return data, f"上期末排班取自数据（{exc}）"
    if count is None:
        return data, "排班库中没有上一期的排班，上期末排班取自数据"
    return found, f"上期末排班取自排班库中上一期的现行排班（{count} 人）"


def start_solve(data: DataSet, start: date, n_days: int, time_limit: float, workers: int,
                staged: bool, use_cache: bool = True, label: str = "") -> None:
    data, tail_note = with_tails(data, start)
    key = state.digest("solve", state.data_key(data), start, n_days, time_limit, workers,
                       staged)
    label = label or f"{start} 起 {n_days} 天"
    found = state.cached_result(key) if use_cache else None
    if found is not None:
        st.session_state[state.ROSTER] = state.RosterRun(
            data=data, result=found, key=key, from_cache=True, label=label,
            tail_note=tail_note)
        st.session_state.pop(state.REPLAN, None)
        st.session_state.pop(state.SOLVE_ERROR, None)
        return
    job = SolveJob(kind=KIND_SOLVE, label=label, time_limit_s=time_limit,
                   meta={"page": PAGE, "key": key, "data": data, "tail_note": tail_note})
    options = SolveOptions(time_limit_s=time_limit, workers=workers, staged=staged)
    state.start_job(job.start(solve_roster, (data, start, n_days), options))


def solve_period(data: DataSet, shown: periods.Period) -> None:
    """Solve `shown` with the settings on screen."""
    ss = st.session_state
    start_solve(data, shown.start, shown.days, float(ss.get("solve_time_limit", 30.0)),
                int(ss.get("solve_workers", DEFAULT_WORKERS)), bool(ss.get("solve_staged")),
                bool(ss.get("solve_use_cache", True)), label=shown.label)


# -- the period on screen -----------------------------------------------------------------

def current_period() -> periods.Period:
    """The period chosen on screen (also before its widgets are drawn)."""
    ss = st.session_state
    if ss.get("period_mode", periods.MONTH) == periods.MONTH:
        first = ss.get("period_month") or periods.month_of(next_monday()).start
        return periods.month_of(first)
    return periods.weeks(ss.get("solve_start") or next_monday(), int(ss.get("solve_weeks", 1)))


def _step(step: int) -> None:
    """on_click of 上一期/下一期: move the period's widgets by `step` periods."""
    moved = periods.shifted(current_period(), step)
    if moved.mode == periods.MONTH:
        st.session_state["period_month"] = moved.start
    else:
        st.session_state["solve_start"] = moved.start


def _period_defaults() -> None:
    """Widget values the period's callbacks may set, initialised once (a widget given both a
    default and a session value would warn)."""
    ss = st.session_state
    ss.setdefault("period_mode", periods.MONTH)
    ss.setdefault("period_month", periods.month_of(next_monday()).start)
    ss.setdefault("solve_start", next_monday())
    ss.setdefault("solve_weeks", 1)


def _period_controls() -> periods.Period:
    _period_defaults()
    cols = st.columns([1.1, 1.3, 0.7, 0.7, 0.7])
    mode = cols[0].radio("排班周期", periods.MODES, key="period_mode", horizontal=True)
    if mode == periods.MONTH:
        cols[1].selectbox("月份", periods.month_choices(st.session_state["period_month"]),
                          key="period_month", format_func=lambda d: f"{d.year} 年 {d.month} 月")
    else:
        cols[1].date_input("开始日期", key="solve_start", format="YYYY-MM-DD")
        cols[2].number_input("周数", min_value=1, max_value=8, step=1, key="solve_weeks")
    shown = current_period()
    cols[3].button("◀ 上一期", key="period_prev", on_click=_step, args=(-1,),
                   use_container_width=True)
    cols[4].button("下一期 ▶", key="period_next", on_click=_step, args=(1,),
                   use_container_width=True)
    return shown


def _solve_controls(data: DataSet, shown: periods.Period, running: bool) -> None:
    cols = st.columns([1, 0.8, 1.1, 1.2, 1.1])
    time_limit = cols[0].number_input("求解时限（秒）", min_value=1.0, max_value=1800.0,
                                      value=30.0, step=5.0, key="solve_time_limit")
    cols[1].number_input("并行线程", min_value=1, max_value=32, value=DEFAULT_WORKERS,
                         step=1, key="solve_workers")
    cols[2].checkbox("分阶段求解", key="solve_staged",
                     help="先覆盖，再法定规则、公平、请求，每一阶段固定前一阶段的最优值")
    cols[3].checkbox("相同输入用缓存结果", value=True, key="solve_use_cache")
    if cols[4].button(f"{SOLVE_LABEL}（{shown.label}）", type="primary", disabled=running,
                      key="solve_button", help=f"时限 {time_limit:g} 秒，可随时停止"):
        solve_period(data, shown)
        st.rerun()


def shown_run(shown: periods.Period) -> state.RosterRun | None:
    """The roster of the period on screen: this session's solve of it, else the store's."""
    ss = st.session_state
    run: state.RosterRun | None = ss.get(state.ROSTER)
    if run is not None and run.period == (shown.start, shown.end):
        return run
    if run is not None and run.version is None:
        ss.setdefault(UNSAVED, {})[run.period] = run
    found = ss.get(UNSAVED, {}).pop((shown.start, shown.end), None)
    if found is None:
        found = versions.stored_run(shown.start, shown.end)
    if found is None:
        ss.pop(state.ROSTER, None)
    else:
        ss[state.ROSTER] = found
    ss.pop(state.REPLAN, None)
    return found


# -- the page -----------------------------------------------------------------------------

def render() -> None:
    data = state.data()
    st.header("排班")
    st.caption(f"数据：{state.data_note()}；{len(data.vendor_staff())} 名外包人员，"
               f"{len(data.posts)} 个岗位，{len(data.shifts)} 种班次。"
               "规则和请假的修改用于下一次排班。")
    running = state.job() is not None
    with st.container(border=True):
        shown = _period_controls()
        if signin.may(Action.SOLVE):
            _solve_controls(data, shown, running)
    progress.render(PAGE)
    error = st.session_state.get(state.SOLVE_ERROR)
    if error:
        st.error(error)
    run = shown_run(shown) if not running else st.session_state.get(state.ROSTER)
    if run is None and not running and not signin.may(Action.SOLVE):
        st.info(f"{shown.label}尚无排班。当前角色不能排班，只能查看。")
    elif run is None and not running:
        st.info(f"{shown.label}尚无排班。点击“{SOLVE_LABEL}”：求解在后台进行，页面不会卡住；"
                "可随时停止并保留目前最优的排班。")
    elif run is not None:
        _summary(run)
    message = st.session_state.pop("versions_message", None)
    if message:
        st.success(message)
    tabs = st.tabs(TABS, key=TABS_KEY, on_change="rerun")
    sections = (lambda: roster_grid.render(run), lambda: roster_tabs.person(run),
                lambda: roster_tabs.coverage(run), lambda: roster_tabs.gaps(run),
                lambda: roster_tabs.staff_hours(run),
                lambda: roster_demand.render(run.data if run is not None else data, shown),
                lambda: roster_events.render(data, running, lambda d: solve_period(d, shown)),
                lambda: roster_replan.render(run, running), lambda: versions.render(run),
                lambda: roster_tabs.print_and_download(run))
    for tab, draw in zip(tabs, sections, strict=True):
        if tab.open is not False:  # only the open tab is computed
            with tab:
                draw()


def _summary(run: state.RosterRun) -> None:
    result = run.result
    counts = roster_counts(result)
    notes = [versions.where_from(run)]
    if run.stopped:
        notes.append("已按要求停止，显示目前最优的排班")
    if run.from_cache:
        notes.append("相同输入已求解过，直接显示缓存结果")
    if run.tail_note:
        notes.append(run.tail_note)
    stats = result.stats
    took = (f"，用时 {stats.wall_time_s:.1f} 秒（建模 {stats.build_s:.1f} 秒，搜索 "
            f"{stats.search_s:.1f} 秒，检查与缺口原因 {stats.explain_s:.1f} 秒）" if stats else "")
    head = (f"排班 {result.start} 至 {result.end}：{result.status.label}；目标值 "
            f"{number(result.objective)}，下界 {number(result.best_bound)}{took}。")
    if counts["missing"]:
        st.warning(head + f" 有 {len(result.gaps)} 处缺口，共缺 {counts['missing']} 人次，"
                   "原因见“缺口”。" + "；".join(n for n in notes if n))
    else:
        st.success(head + " 所有必需班次均已覆盖。" + "；".join(n for n in notes if n))
    cols = st.columns(6)
    cols[0].metric("班次", f"{counts['shifts']:,}")
    cols[1].metric("顶替", f"{counts['cover']:,}")
    cols[2].metric("借调", f"{counts['borrowed']:,}")
    cols[3].metric("缺口（人次）", f"{counts['missing']:,}")
    cols[4].metric("加班（小时）", hours(counts["overtime_hours"]))
    cols[5].metric("加班费", yuan(counts["overtime_cost"]))
    if result.training:
        st.caption(f"培训：本期安排 {len(result.training)} 人次（表中“训”，时间计入工时）")
    for note in result.notes:
        st.caption(f"注意：{note}")
