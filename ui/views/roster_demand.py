"""需求 tab of the 排班 page: the need the solver uses per post, day and shift, and for the
posts whose need follows the 出诊表, the sessions (room, doctor, 时段) it came from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.clinic_demand import demand_rows, need_text, shifts_needed, sources_text
from model.dataset import DataSet
from ui import period as periods
from ui.formatting import weekday
from ui.views import keyed_table


def render(data: DataSet, shown: periods.Period) -> None:
    covered = data.clinics is not None and any(
        data.clinics.covers(day.day) for day in data.calendar.days(shown.start, shown.days))
    if not covered:
        st.caption(f"{shown.label}没有出诊表：各岗位按固定需求（工作日、周末、节假日）排班。"
                   "出诊表按月随数据提供，一个月一份。")
    derived = [p for p in data.posts if p.derived]
    if covered:
        st.caption("导诊、分诊、验光等岗位的需求按医生出诊表计算：当天开放的诊室越多需要的人越多，"
                   "没有相应出诊的日子不需要人；其余岗位按固定需求。")
    choices = derived if covered else list(data.posts)
    if not choices:
        return
    post = st.selectbox("岗位", choices, format_func=lambda p: p.name, key="demand_post")
    rows = [r for r in demand_rows(data, shown.start, shown.days) if r.post.id == post.id]
    needed = shifts_needed(data, shown.start, shown.days).get(post.id, 0)
    cols = st.columns(2)
    cols[0].metric("本期需外包班次", f"{needed} 班次")
    if covered and post.derived:
        fixed = shifts_needed(data.with_clinics(None), shown.start, shown.days).get(post.id, 0)
        cols[1].metric("按固定需求", f"{fixed} 班次")
    only_open = st.checkbox("只显示需要人的日子", value=True, key="demand_only_open")
    frame = pd.DataFrame([
        {"日期": r.day.isoformat(), "星期": weekday(r.day),
         "班次": data.shift_by_code[r.shift].name, "需求": need_text(r.need),
         "院方人员": r.supply or None,
         "来自": sources_text(r.sources) if r.derived else f"固定需求（{r.kind.label}）"}
        for r in rows if r.need.target or not only_open])
    keyed_table("demand_table", frame, width="stretch", hide_index=True)
