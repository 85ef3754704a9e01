"""停诊/加诊 on the 缺勤重排 tab: upload the change rows, see the needs they change, and
re-plan from the earliest change with as few changes as possible (adopted like any re-plan)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import streamlit as st

from model.clinic_demand import need_changes, need_text
from model.clinic_import import read_changes
from model.errors import DataError
from solver.replan import replan_changed
from solver.solve import SolveOptions
from ui import state
from ui.formatting import weekday
from ui.jobs import SolveJob
from ui.views.roster_events import show_problems

KIND = "replan"
PAGE = "排班"


def changes_of(name: str, payload: bytes, data) -> tuple:
    """The 停诊/加诊 rows of an uploaded file (CSV or Excel) checked against the schedule;
    DataError with every problem (the file named as uploaded)."""
    suffix = Path(name).suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"变更{suffix}"
        path.write_bytes(payload)
        try:
            return read_changes(path, data, data.clinics)
        except DataError as exc:
            raise DataError([dataclasses.replace(p, file=name)
                             for p in exc.problems]) from None


def render(run: state.RosterRun, running: bool) -> None:
    data = run.data
    with st.expander("医生停诊/加诊后重排", expanded=False):
        if data.clinics is None:
            st.caption("本排班的数据没有出诊表，停诊/加诊不影响需求。")
            return
        st.caption("上传停诊/加诊表（CSV 或 Excel，列：医生、科室、日期、时段、诊室、变更；"
                   "变更填 停诊 或 加诊，加诊须写科室和诊室）。按新的出诊重新计算需求，"
                   "从最早变更日起重排，之前的排班不变。")
        upload = st.file_uploader("停诊/加诊表", type=["csv", "xlsx"],
                                  key=f"clinic_change_file_{run.key}")
        if upload is None:
            return
        try:
            changes = changes_of(upload.name, upload.getvalue(), data)
        except DataError as exc:
            show_problems("停诊/加诊表有误，未做任何重排", exc.problems)
            return
        changed = data.with_clinics(data.clinics.with_changes(changes))
        from_day = min(change.day for change in changes)
        if not run.result.start <= from_day <= run.result.end:
            st.error(f"变更日 {from_day} 不在本排班 {run.result.start}~{run.result.end} 内")
            return
        moved = need_changes(data, changed)
        lines = [f"- {day} {weekday(day)} {post.name} {data.shift_by_code[shift].name}："
                 f"{need_text(old)} → {need_text(new)}" for post, day, shift, old, new in moved]
        st.markdown(f"**{len(changes)} 条变更，需求变化 {len(moved)} 处**\n\n" + "\n".join(lines))
        if st.button("按新的出诊重排", key="clinic_change_replan", type="primary",
                     disabled=running):
            ss = st.session_state
            reason = "；".join(f"{c.kind.value} {c.day} {c.period.value} {c.doctor}"
                              for c in changes)
            start(run, changed, from_day, reason, float(ss.get("solve_time_limit", 30.0)),
                  int(ss.get("solve_workers", 2)))
            st.rerun()


def start(run: state.RosterRun, changed, from_day, reason: str, time_limit: float,
          workers: int) -> None:
    key = state.digest("clinic_change", run.key, reason, from_day, time_limit)
    job = SolveJob(kind=KIND, label=f"{reason} 后重排", time_limit_s=time_limit,
                   meta={"page": PAGE, "key": key, "data": changed, "absence": None,
                         "reason": reason})
    options = SolveOptions(time_limit_s=time_limit, workers=workers)
    state.start_job(job.start(replan_changed, (changed, run.result, from_day), options))
