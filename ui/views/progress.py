"""Live progress of the running solve: best objective and bound as they improve, and the
stop button. A fragment re-runs every half second while a job runs; when the job's process
has ended it re-runs the whole app, whose first step collects the result."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import state
from ui.formatting import gap_percent, number

POLL_SECONDS = 0.5
STOP_LABEL = "停止（保留目前最优排班）"


def render(page: str) -> None:
    """The panel of the running job if it belongs to `page`; a note if it belongs elsewhere."""
    current = state.job()
    if current is None:
        return
    if current.meta.get("page") == page:
        _panel()


@st.fragment(run_every=POLL_SECONDS * 2)
def sidebar_note() -> None:
    """In the sidebar of other pages: the running job, until it ends."""
    current = state.job()
    if current is None:
        return
    if current.done:
        st.rerun()
    st.info(f"“{current.meta.get('page', '')}”页面后台求解中：{current.label}"
            f"（{current.elapsed:.0f} 秒）")


@st.fragment(run_every=POLL_SECONDS)
def _panel() -> None:
    current = state.job()
    if current is None:
        return
    if current.done:
        st.rerun()
    with st.container(border=True):
        best = current.best
        title = current.label + (f" · {current.phase}" if current.phase else "")
        st.markdown(f"**正在求解：{title}**")
        cols = st.columns(4)
        cols[0].metric("当前最优目标值（罚分）", number(best.objective if best else None))
        cols[1].metric("下界", number(best.bound if best else None))
        cols[2].metric("差距", gap_percent(best.objective if best else None,
                                          best.bound if best else None))
        cols[3].metric("已用时间", f"{current.elapsed:.1f} 秒")
        fraction = min(current.elapsed / max(current.time_limit_s, 0.1), 1.0)
        if current.stopped_by_user:
            st.progress(fraction, text="正在停止，稍后显示目前最优的排班……")
        else:
            st.progress(fraction, text=f"时限 {current.time_limit_s:g} 秒；"
                                       "找到更好的排班时目标值下降，下界上升")
        if len(current.points) >= 2:
            frame = pd.DataFrame([{"秒": p.elapsed, "目标值": p.objective, "下界": p.bound}
                                  for p in current.points]).set_index("秒")
            st.line_chart(frame, height=180)
        if st.button(STOP_LABEL, key="stop_solve", disabled=current.stopped_by_user):
            current.request_stop()
            st.caption("已请求停止。")
