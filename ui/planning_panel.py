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

GRID_DIR = Path(__file__).resolve().parent.parent / "scenarios" / "grids"
PLAN_RESULTS = "planning_panel_results"  # input key -> PlanResult
SWEEP_JOB = "planning_panel_sweep"  # the running or last SweepJob


# -- pure tables (tested without Streamlit) -------------------------------------------------

def data_key(data: DataSet) -> str:
    return hashlib.sha1(data.model_dump_json().encode("utf-8")).hexdigest()[:16]


def plan_frame(result, months: int = DEFAULT_CONTRACT_MONTHS) -> pd.DataFrame:
    """One row per line: today, optimum, hires, releases, fee change (a month and over the
    contract's `months`), overtime, reasons."""
    rows = []
    for p in result.lines:
        rows.append({
            "项目": p.line_id, "服务名称": p.name, "现有人数": p.headcount_today,
            "最优人数": p.optimum, "新招": p.hired, "可减少": "、".join(p.released),
            "月服务费变化": format_yuan(p.monthly_delta),
            f"{months}个月变化": format_yuan(p.contract_delta),
            "加班（小时）": p.overtime_hours, "加班费": format_yuan(p.overtime_cost),
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
    from solver.planning import PlanningOptions, default_start, plan_headcount

    first = default_start(data)
    st.subheader("最低成本人数（人力规划）")
    st.caption(f"在代表期（默认 {first} 起 4 周）内满足全部硬规则、覆盖每个岗位最低"
               "在岗需求的最低人数；目标 = 人数 ×（成本预算 + 管理费）+ 加班费。")
    line_ids = [line.id for line in data.lines]
    names = {line.id: f"{line.id} {line.name}" for line in data.lines}
    with st.form("planning_form"):
        chosen = st.multiselect("服务项目（不选 = 全部）", line_ids,
                                format_func=lambda line_id: names.get(line_id, line_id),
                                key="planning_lines")
        c1, c2, c3 = st.columns(3)
        start = c1.date_input("代表期开始", value=first, key="planning_start")
        weeks = c2.number_input("周数", min_value=1, max_value=8, value=4,
                                key="planning_weeks")
        limit = c3.number_input("时限（秒）", min_value=5, max_value=600, value=60,
                                key="planning_limit")
        overtime = st.checkbox("允许合法加班代替招聘（每日≤3小时、每月≤36小时）",
                               key="planning_overtime")
        borrowing = st.checkbox("允许已培训人员跨项目借调", key="planning_borrowing")
        submitted = st.form_submit_button("计算最低成本人数", type="primary")
    options = PlanningOptions(start=start if isinstance(start, date) else first,
                              n_days=7 * int(weeks), lines=tuple(chosen),
                              allow_overtime=overtime, allow_borrowing=borrowing,
                              time_limit_s=float(limit), workers=2)
    key = (data_key(data), options.start, options.n_days, options.lines, overtime, borrowing)
    results = st.session_state.setdefault(PLAN_RESULTS, {})
    if submitted and key not in results:
        with st.spinner("正在求最低成本人数……"):
            try:
                results[key] = plan_headcount(data, options)
            except (ValueError, DataError) as exc:
                st.error(f"无法规划：{exc}")
                return
    result = results.get(key)
    if result is None:
        return
    _plan_summary(result, data.contract.months)


def _plan_summary(result, months: int) -> None:
    cols = st.columns(4)
    cols[0].metric("人数", f"{result.headcount_optimum} 人",
                   delta=f"{result.headcount_optimum - result.headcount_today:+d}",
                   delta_color="inverse")
    cols[1].metric("月服务费", format_yuan(result.monthly_optimum),
                   delta=format_yuan(result.monthly_delta), delta_color="inverse")
    cols[2].metric(f"{months}个月变化", format_yuan(result.contract_delta))
    cols[3].metric("代表期加班费", format_yuan(result.overtime_cost))
    for plan in result.lines:
        if plan.impossible:
            st.error(f"{plan.line_id} {plan.name}：岗位无法排班，人数按需求所需列出（至少 "
                     f"{plan.optimum} 人）。" + "".join(plan.blocked))
    if result.proven:
        st.success(f"已证明最优（{result.start} 至 {result.end}，"
                   f"用时 {result.wall_time_s:.1f} 秒）")
    elif result.cost_fen is not None:
        st.warning(f"未证明最优：成本 {format_yuan(result.cost_fen / 100)}，已证明下界 "
                   f"{format_yuan((result.bound_fen or 0) / 100)}，差距 {result.gap_pct:g}%")
    else:
        st.error(f"求解未得到结果：{result.status.label}")
    st.dataframe(plan_frame(result, months), hide_index=True, width="stretch")
    with st.expander("说明"):
        for note in result.notes:
            st.write(note)
    import json

    st.download_button("下载 JSON", json.dumps(result.model_dump(mode="json"),
                                                ensure_ascii=False, indent=1),
                       file_name="人力规划.json", mime="application/json")


def _sweep_section(data: DataSet) -> None:
    from solver.sweep import grid_from_dict, load_grid

    st.subheader("情景扫描")
    st.caption("网格文件（YAML）中各项取值的全部组合，每个组合一个情景：月服务费、"
               f"{data.contract.months}个月总金额、"
               "缺口、加班、预计考核扣款。示例见 scenarios/grids/。")
    examples = sorted(GRID_DIR.glob("*.yaml"))
    source = st.radio("网格", ["示例", "上传"], horizontal=True, key="planning_grid_source")
    grid = None
    try:
        if source == "示例" and examples:
            path = st.selectbox("示例网格", examples, format_func=lambda p: p.name,
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
