"""请假、请求与固定排班 tab of the 排班 page: edit the session's absences, day requests and
pinned cells; saved, they apply to the next solve (or solve the period at once)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from model.dataset import DataSet
from model.errors import DataError, Problem
from model.users import Action
from ui import signin, state, tables
from ui.formatting import problems_frame


def show_problems(title: str, problems: list[Problem]) -> None:
    st.error(f"{title}：共 {len(problems)} 个问题，数据保持不变。")
    st.dataframe(problems_frame(problems), width="stretch", hide_index=True)


def render(data: DataSet, running: bool, solve: Callable[[DataSet], None]) -> None:
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
    new_pins, p3 = tables.pins_from_frame(pins, data)
    problems = p1 + p2 + p3
    if problems:
        show_problems("请假、请求或固定排班有误", problems)
        return
    try:
        changed = data.with_changes(absences=tuple(new_absences), requests=tuple(new_requests),
                                    pins=tuple(new_pins))
    except DataError as exc:
        show_problems("请假、请求或固定排班有误", exc.problems)
        return
    state.set_data(changed)
    if clicked_solve:
        solve(changed)
    st.rerun()
