"""Workforce-planning panel for the app's 情景 page: the cheapest headcount per line (with its
reasons) and scenario sweeps over a grid file.

Call `render_planning_panel(data)` from the page with the session's data set. The panel only
displays: figures come from `solver.planning` and `solver.sweep`. Planning solves in about a
second per line group, so it runs in the page's script run with a spinner; a sweep runs in a
background thread (its process pool does the solving) polled by a fragment, so a long sweep
never freezes the page. Results are cached per input in `st.session_state`.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from model.contract import DEFAULT_CONTRACT_MONTHS
from model.dataset import DataSet
from model.errors import DataError
from model.money import format_yuan
from model.scenario import planned_hire_name
from ui.formatting import screen_period, worded_count, worded_yuan
from ui.views import change_metric, yaml_title

GRID_DIR = Path(__file__).resolve().parent.parent / "scenarios" / "grids"
PLAN_RESULTS = "planning_panel_results"  # input key -> PlanResult
SWEEP_JOB = "planning_panel_sweep"  # the running or last SweepJob


# -- pure tables (tested without Streamlit) -------------------------------------------------

def data_key(data: DataSet) -> str:
    return hashlib.sha1(data.model_dump_json().encode("utf-8")).hexdigest()[:16]


def plan_frame(result, months: int = DEFAULT_CONTRACT_MONTHS,
               staff_names: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per line: today, optimum, hires, releases (by name), the fee change worded
    (a month and over the contract's `months`), overtime and why it remains, reasons."""
    names = staff_names or {}
    rows = []
    for p in result.lines:
        rows.append({
            "服务项目": p.name, "现有人数": p.headcount_today,
            "最优人数": p.optimum, "人数变化": worded_count(p.optimum - p.headcount_today, "人"),
            "新招": "、".join(planned_hire_name(p.name, n + 1) for n in range(p.hired)) or "—",
            "可减少": "、".join(names.get(m, m) for m in p.released) or "—",
            "月服务费变化": worded_yuan(p.monthly_delta),
            f"{months}个月变化": worded_yuan(p.contract_delta),
            "加班（小时）": p.overtime_hours, "加班费": format_yuan(p.overtime_cost),
            "加班原因": "".join(p.overtime_reasons[1:]) if p.overtime_reasons else "—",
            "约束原因": " ".join(p.binding), "求解状态": p.status.label})
    return pd.DataFrame(rows)


def sweep_frame(result) -> pd.DataFrame:
    from solver.sweep import table_rows

    headers, body = table_rows(result)
    return pd.DataFrame(body, columns=headers)


# -- background sweep ----------------------------------------------------------------------

@dataclass
class SweepJob:
    total: int
    done: int = 0
    result: Any = None
    #: outputs built once, in the background thread (the status fragment reruns every second)
    outputs: dict[str, bytes] = field(default_factory=dict)
    error: BaseException | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    def on_row(self, done: int, total: int, _row) -> None:
        self.done, self.total = done, total


def _start_sweep(data: DataSet, grid, workers: int, time_limit: float | None) -> SweepJob:
    from solver.sweep import frontier_png, run_sweep, sweep_csv, sweep_workbook

    job = SweepJob(total=grid.size)

    def main() -> None:
        try:
            result = run_sweep(data, grid, executor="process", workers=workers,
                               time_limit=time_limit, on_row=job.on_row)
            job.outputs = {"png": frontier_png(result), "xlsx": sweep_workbook(result),
                           "csv": sweep_csv(result)}
            job.result = result
        except BaseException as exc:  # noqa: BLE001 - shown on the page
            job.error = exc
        finally:
            job.finished.set()

    threading.Thread(target=main, daemon=True, name="planning-sweep").start()
    return job


# -- the panel -----------------------------------------------------------------------------

def render_planning_panel(data: DataSet) -> None:
    """最低成本人数 and 情景扫描, over `data` (the session's data set, scenario applied)."""
    _plan_section(data)
    st.divider()
    _sweep_section(data)


def _plan_section(data: DataSet) -> None:
    from solver.planning import PlanningOptions, plan_headcount

    first, last, which = screen_period(st.session_state)
    st.subheader("最低成本人数（人力规划）")
    st.caption(f"在规划期内满足全部硬规则、覆盖每个岗位最低在岗需求的最低人数；默认规划期为{which}"
               f"（{first} 至 {last}），可修改。目标 = 人数 ×（成本预算 + 管理费）+ 加班费。")
    line_ids = [line.id for line in data.lines]
    names = {line.id: line.name for line in data.lines}
    with st.form("planning_form"):
        chosen = st.multiselect("服务项目（不选 = 全部）", line_ids,
                                format_func=lambda line_id: names.get(line_id, line_id),
                                placeholder="全部服务项目", key="planning_lines")
        c1, c2, c3 = st.columns(3)
        start = c1.date_input("规划期开始", value=first, key="planning_start",
                              format="YYYY-MM-DD")
        end = c2.date_input("规划期结束", value=last, key="planning_end", format="YYYY-MM-DD")
        limit = c3.number_input("时限（秒）", min_value=5, max_value=600, value=60,
                                key="planning_limit")
        overtime = st.checkbox("允许合法加班代替招聘（每日≤3小时、每月≤36小时）",
                               key="planning_overtime")
        borrowing = st.checkbox("允许已培训人员跨项目借调", key="planning_borrowing")
        submitted = st.form_submit_button("计算最低成本人数", type="primary")
    begin = start if isinstance(start, date) else first
    finish = end if isinstance(end, date) else last
    if finish < begin:
        st.error(f"规划期结束日期 {finish} 早于开始日期 {begin}。")
        return
    options = PlanningOptions(start=begin, n_days=(finish - begin).days + 1,
                              lines=tuple(chosen), allow_overtime=overtime,
                              allow_borrowing=borrowing, time_limit_s=float(limit), workers=2)
    key = (data_key(data), options.start, options.n_days, options.lines, overtime, borrowing)
    results = st.session_state.setdefault(PLAN_RESULTS, {})
    if submitted and key not in results:
        with st.spinner("正在求最低成本人数……"):
            try:
                results[key] = plan_headcount(data, options)
            except (ValueError, DataError) as exc:
                st.error(f"无法规划：{data.plain(str(exc))}")
                return
    result = results.get(key)
    if result is None:
        return
    _plan_summary(result, data)


def _plan_summary(result, data: DataSet) -> None:
    months = data.contract.months
    cols = st.columns(4)
    change_metric(cols[0], "人数", f"{result.headcount_optimum} 人",
                  result.headcount_optimum - result.headcount_today,
                  worded_count(result.headcount_optimum - result.headcount_today, "人"))
    change_metric(cols[1], "月服务费", format_yuan(result.monthly_optimum), result.monthly_delta,
                  worded_yuan(result.monthly_delta))
    change_metric(cols[2], f"{months}个月合计", format_yuan(result.monthly_optimum * months),
                  result.contract_delta, worded_yuan(result.contract_delta))
    cols[3].metric("规划期加班费", format_yuan(result.overtime_cost))
    people = worded_count(result.headcount_optimum - result.headcount_today, "人")
    st.caption(f"与现有人数相比：人数{people}，"
               f"月服务费{worded_yuan(result.monthly_delta)}，{months}个月"
               f"{worded_yuan(result.contract_delta)}。")
    overtime = [p for p in result.lines if p.overtime_reasons]
    if overtime:
        st.info("仍有加班的原因：\n\n" + "\n\n".join(
            f"**{p.name}**：" + "".join(p.overtime_reasons) for p in overtime))
    for plan in result.lines:
        if plan.impossible:
            st.error(f"{plan.name}：岗位无法排班，人数按需求所需列出（至少 "
                     f"{plan.optimum} 人）。" + "".join(data.plain(b) for b in plan.blocked))
    if result.proven:
        st.success(f"已证明最优（{result.start} 至 {result.end}，"
                   f"用时 {result.wall_time_s:.1f} 秒）")
    elif result.cost_fen is not None:
        st.warning(f"未证明最优：成本 {format_yuan(result.cost_fen / 100)}，已证明下界 "
                   f"{format_yuan((result.bound_fen or 0) / 100)}，差距 {result.gap_pct:g}%")
    else:
        st.error(f"求解未得到结果：{result.status.label}")
    staff_names = {m.id: f"{m.name}（{m.id}）" for m in data.staff}
    st.dataframe(plan_frame(result, months, staff_names), hide_index=True, width="stretch")
    with st.expander("说明"):
        for note in result.notes:
            st.write(data.plain(note))
    import json

    st.download_button("下载 JSON", json.dumps(result.model_dump(mode="json"),
                                                ensure_ascii=False, indent=1),
                       file_name="人力规划.json", mime="application/json")


def _sweep_section(data: DataSet) -> None:
    from solver.sweep import grid_from_dict, load_grid

    st.subheader("情景扫描")
    st.caption("网格文件（YAML）中各项取值的全部组合，每个组合一个情景：月服务费、"
               f"{data.contract.months}个月总金额、"
               "缺口、加班、预计考核扣款。可选用示例网格或上传自己的网格文件。")
    examples = sorted(GRID_DIR.glob("*.yaml"))
    source = st.radio("网格", ["示例", "上传"], horizontal=True, key="planning_grid_source")
    grid = None
    try:
        if source == "示例" and examples:
            path = st.selectbox("示例网格", examples, format_func=yaml_title,
                                placeholder="选择示例网格",
                                key="planning_grid_example")
            grid = load_grid(path)
        elif source == "上传":
            upload = st.file_uploader("上传网格 YAML", type=["yaml", "yml"],
                                      key="planning_grid_upload")
            if upload is not None:
                import yaml

                grid = grid_from_dict(yaml.safe_load(upload.getvalue().decode("utf-8")),
                                      folder=str(GRID_DIR), file=upload.name)
    except (DataError, ValueError) as exc:
        st.error(f"网格文件有误：{exc}")
        return
    if grid is None:
        return
    c1, c2 = st.columns(2)
    workers = c1.number_input("并行进程", min_value=1, max_value=8, value=2,
                              key="planning_sweep_workers")
    limit = c2.number_input("每个情景的确定性时限", min_value=0.5, max_value=120.0,
                            value=float(grid.time_limit or 10), key="planning_sweep_limit")
    job: SweepJob | None = st.session_state.get(SWEEP_JOB)
    running = job is not None and not job.finished.is_set()
    if st.button(f"运行 {grid.size} 个情景", disabled=running, key="planning_sweep_run"):
        st.session_state[SWEEP_JOB] = _start_sweep(data, grid, int(workers), float(limit))
    _sweep_status()


@st.fragment(run_every=1.0)
def _sweep_status() -> None:
    job: SweepJob | None = st.session_state.get(SWEEP_JOB)
    if job is None:
        return
    if not job.finished.is_set():
        st.progress(job.done / max(job.total, 1), text=f"已完成 {job.done}/{job.total} 个情景")
        return
    if job.error is not None:
        st.error(f"扫描失败：{job.error}")
        return
    result = job.result
    failed = sum(1 for row in result.rows if not row.ok)
    st.write(f"{len(result.rows)} 个情景，用时 {result.wall_time_s:.1f} 秒"
             + (f"；{failed} 个失败（见“说明”列）" if failed else ""))
    st.dataframe(sweep_frame(result), hide_index=True, width="stretch")
    st.image(job.outputs["png"], caption="月服务费与缺口：红线为成本-缺口前沿")
    c1, c2 = st.columns(2)
    c1.download_button("下载 Excel", job.outputs["xlsx"], file_name="情景扫描.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="planning_sweep_xlsx")
    c2.download_button("下载 CSV", job.outputs["csv"], file_name="情景扫描.csv",
                       mime="text/csv", key="planning_sweep_csv")
