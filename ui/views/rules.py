"""规则 page: every rule with its value, hard/soft, weight and source; edits apply to the
session's next solve."""

from __future__ import annotations

import streamlit as st

from model.errors import DataError
from ui import patterns_table, state, tables
from ui.formatting import problems_frame
from ui.views import calendar_days

PAGE = "规则"
APPLY_LABEL = "应用到下一次排班"
PATTERNS_APPLY_LABEL = "应用排班模式"


def render() -> None:
    data = state.data()
    st.header("规则")
    st.caption("硬约束必须满足；软约束可以违反，每违反一个单位计入“权重”的罚分"
               "（罚分以分=0.01 元计，与加班费同一量纲）。修改后点击“" + APPLY_LABEL
               + "”，用于本次会话的下一次排班；"
               "若硬规则互相矛盾，排班页会列出冲突的规则，之前的排班保持不变。")
    base = {rule.id: rule for rule in state.embedded_data().rules.rules}
    changed = sum(1 for rule in data.rules.rules if base.get(rule.id) != rule)
    if changed:
        st.info(f"本次会话已修改 {changed} 条规则（与内置数据不同）。")
    cc = st.column_config
    edited = st.data_editor(
        tables.rules_frame(data.rules), width="stretch", hide_index=True,
        key=f"rules_editor_{state.data_version()}", placeholder="—",
        height=36 * (len(data.rules.rules) + 1) + 3,
        disabled=["编号", "规则", "单位", "来源"],
        column_config={
            "编号": None,  # the rule's id: kept for reading the edits back, never shown
            "规则": cc.TextColumn("规则", width="medium"),
            "数值": cc.NumberColumn("数值", help="规则的参数（小时、天数、次数、比例）"),
            "硬约束": cc.CheckboxColumn("硬约束", help="勾选为硬约束（必须满足），否则为软约束"),
            "权重": cc.NumberColumn("权重", min_value=0, step=1, format="localized",
                                    help="软约束每违反一个单位的罚分"),
            "单位": cc.TextColumn("违反单位"),
            "来源": cc.TextColumn("来源", width="large")})
    left, right = st.columns(2)
    if left.button(APPLY_LABEL, type="primary", key="rules_apply"):
        rules, problems = tables.rules_from_frame(edited, data.rules)
        if problems or rules is None:
            _refused("规则", problems)
        elif _applied(data, "规则", rules=rules):
            st.session_state["rules_message"] = "规则已更新，将用于下一次排班。"
            st.rerun()
    if right.button("恢复内置规则", key="rules_reset"):
        state.set_data(data.with_changes(rules=state.embedded_data().rules))
        st.session_state["rules_message"] = "已恢复内置数据的规则。"
        st.rerun()
    message = st.session_state.pop("rules_message", None)
    if message:
        st.success(message)
    _patterns_editor(data)
    st.divider()
    calendar_days.render(state.data())


def _refused(what: str, problems) -> None:
    """An edit not applied: every problem listed."""
    st.error(f"{what}有误，未应用：")
    st.dataframe(problems_frame(problems), width="stretch", hide_index=True)


def _applied(data, what: str, **changes) -> bool:
    """The session's data with `changes`, or False and the data set's problems listed."""
    try:
        state.set_data(data.with_changes(**changes))
    except DataError as exc:
        _refused(what, exc.problems)
        return False
    return True


def _patterns_editor(data) -> None:
    """The lines' preferred patterns, editable: rows added, changed or deleted apply to the
    session's next solve once every row is right."""
    st.subheader("各项目的排班模式")
    st.caption("“稳定排班模式”规则按这些模式计罚分：固定休息日上班、或未上本周轮换班次，"
               "每人每天各计一次；轮换按人员表中本项目人员的顺序依次错开一周。"
               "休息日写作 周六、周日；轮换班次按周依次写班次代码，如 A、P、N，"
               "并给出第一人上第一个班次的那一周的周一。")
    cc = st.column_config
    edited = st.data_editor(
        patterns_table.patterns_edit_frame(data), width="stretch", hide_index=True,
        num_rows="dynamic", key=f"patterns_editor_{state.data_version()}", placeholder="—",
        column_config={
            patterns_table.LINE: cc.SelectboxColumn(
                patterns_table.LINE, options=patterns_table.line_choices(data), width="medium"),
            patterns_table.REST: cc.TextColumn(patterns_table.REST, help="如 周六、周日"),
            patterns_table.ROTATION: cc.TextColumn(patterns_table.ROTATION,
                                                   help="每周一个班次，如 A、P、N"),
            patterns_table.START: cc.DateColumn(patterns_table.START, format="YYYY-MM-DD",
                                                help="本项目第一人上第一个轮换班次的那一周的周一"),
            patterns_table.NOTE: cc.TextColumn(patterns_table.NOTE, width="large")})
    if st.button(PATTERNS_APPLY_LABEL, key="patterns_apply"):
        patterns, problems = patterns_table.patterns_from_frame(edited, data)
        if patterns is None:
            _refused("排班模式", problems)
        elif _applied(data, "排班模式", patterns=patterns):
            st.session_state["patterns_message"] = (
                f"排班模式已更新（{len(patterns)} 个项目），将用于下一次排班。")
            st.rerun()
    message = st.session_state.pop("patterns_message", None)
    if message:
        st.success(message)
