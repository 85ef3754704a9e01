"""The calendar of the period on screen on the 规则 page: its holidays and 调休 days with the
source of each, the years no source knows, and a form that adds a day to the session's data
set (noted as 手工录入)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from model.calendar import CalendarOverride, DayKind
from model.dataset import DataSet
from model.errors import DataError
from model.loaders import pydantic_problems
from model.vocabulary import MANUAL_ENTRY, calendar_source
from ui import state
from ui.formatting import screen_period

#: The kinds a user adds (plain weekdays and weekends need no entry).
ADDABLE = (DayKind.HOLIDAY, DayKind.IN_LIEU, DayKind.MAKEUP, DayKind.WORKDAY)
WEEKDAYS = "一二三四五六日"


def days_frame(data: DataSet, first: date, last: date) -> pd.DataFrame:
    """The period's holidays, in-lieu days off and make-up workdays, each with its source."""
    days = data.calendar.days(first, (last - first).days + 1)
    rows = [{"日期": d.day.isoformat(), "星期": f"周{WEEKDAYS[d.day.weekday()]}",
             "类别": d.kind.label, "节日": d.name, "来源": calendar_source(d.source)}
            for d in days if d.kind in (DayKind.HOLIDAY, DayKind.IN_LIEU, DayKind.MAKEUP)]
    return pd.DataFrame(rows, columns=["日期", "星期", "类别", "节日", "来源"])


def added_day(data: DataSet, day: date, kind: DayKind, name: str, note: str
              ) -> tuple[DataSet | None, list[str]]:
    """`data` with the day added to its calendar supplement, or why it cannot be."""
    if any(o.day == day for o in data.calendar_overrides):
        return None, [f"{day} 已在日历补充中（{calendar_source('override')}），未重复添加。"]
    source = f"{MANUAL_ENTRY}：{note.strip()}" if note.strip() else MANUAL_ENTRY
    try:
        entry = CalendarOverride(day=day, kind=kind, name=name.strip(), source=source)
    except ValidationError as exc:
        return None, [str(p) for p in pydantic_problems("日历补充", exc)]
    try:
        return data.with_changes(calendar_overrides=(*data.calendar_overrides, entry)), []
    except DataError as exc:
        return None, [str(p) for p in exc.problems]


def render(data: DataSet) -> None:
    first, last, which = screen_period(st.session_state)
    st.subheader("日历：节假日与调休")
    st.caption(f"{which}（{first} 至 {last}）的法定节假日、调休休息日和调休上班日，"
               "以及每天的来源。")
    for warning in data.calendar.warnings(
            first.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)):
        st.warning(warning)
    frame = days_frame(data, first, last)
    if frame.empty:
        st.caption("这段时期没有法定节假日或调休。")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
    with st.form("calendar_add", clear_on_submit=True):
        st.markdown("**补录一天**（用于本次会话的排班；来源记为“手工录入”）")
        cols = st.columns([1, 1, 1, 2])
        day = cols[0].date_input("日期", value=first, key="calendar_day", format="YYYY-MM-DD")
        kind = cols[1].selectbox("类别", ADDABLE, format_func=lambda k: k.label,
                                 placeholder="选择类别", key="calendar_kind")
        name = cols[2].text_input("名称", placeholder="如：春节调休上班", key="calendar_name")
        note = cols[3].text_input("出处", placeholder="如：国务院办公厅放假通知",
                                  key="calendar_note")
        submitted = st.form_submit_button("添加到日历")
    if submitted and isinstance(day, date) and kind is not None:
        new, problems = added_day(state.data(), day, kind, name, note)
        if new is None:
            st.error("未添加：" + "；".join(problems))
        else:
            state.set_data(new)
            st.session_state["calendar_message"] = f"已添加 {day} {kind.label}（手工录入）。"
            st.rerun()
    message = st.session_state.pop("calendar_message", None)
    if message:
        st.success(message)
    if data.calendar_overrides:
        st.markdown("**日历补充中的日子**")
        st.dataframe(pd.DataFrame([{
            "日期": o.day.isoformat(), "类别": o.kind.label, "名称": o.name,
            "来源": calendar_source(f"override: {o.source}")}
            for o in sorted(data.calendar_overrides, key=lambda o: o.day)]),
            hide_index=True, width="stretch")

