"""Sidebar: where the data comes from, the Excel template, and the upload of a user's
workbook, which replaces the data for this session (the previous data stays on errors)."""

from __future__ import annotations

import streamlit as st

from model.errors import DataError
from model.excel_io import read_workbook
from ui import state
from ui.formatting import problems_frame
from ui.views import keyed_table

UPLOAD_KEY = "workbook_upload"
DONE_KEY = "workbook_upload_done"
ERRORS_KEY = "workbook_errors"
DATA_CHANGED_NOTE = "workbook_note"


def render_sidebar() -> None:
    data = state.data()
    st.markdown("**数据**")
    st.caption(f"{state.data_note()}：{len(data.staff)} 名人员，{len(data.lines)} 个服务项目，"
               f"{len(data.absences)} 条请假，{len(data.requests)} 条请求，"
               f"{len(data.pins)} 条固定排班。")
    st.download_button("下载 Excel 模板（含当前数据）", data=state.template(data),
                       file_name="排班数据模板.xlsx", key="template_download",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    upload = st.file_uploader("上传填好的模板（.xlsx）", type=["xlsx"], key=UPLOAD_KEY,
                              help="替换本次会话的人员、证书、请假、排班请求、固定排班和排班模式；有错误时列出全部问题，数据不变。")
    if upload is not None and st.session_state.get(DONE_KEY) != upload.file_id:
        st.session_state[DONE_KEY] = upload.file_id
        _import(upload.name, upload.getvalue())
    if st.session_state.get(DATA_CHANGED_NOTE):
        st.success(st.session_state[DATA_CHANGED_NOTE])
    if state.data() is not state.embedded_data() and st.button("恢复内置数据",
                                                               key="restore_embedded"):
        state.set_data(state.embedded_data(), "内置数据")
        st.session_state.pop(ERRORS_KEY, None)
        st.session_state[DATA_CHANGED_NOTE] = "已恢复内置数据。"
        st.rerun()



def _import(name: str, payload: bytes) -> None:
    try:
        new = read_workbook(payload, state.data(), file_name=name)
    except DataError as exc:
        st.session_state[ERRORS_KEY] = (name, exc.problems)
        st.session_state.pop(DATA_CHANGED_NOTE, None)
        return
    state.set_data(new, f"上传的工作簿 {name}")
    st.session_state.pop(ERRORS_KEY, None)
    st.session_state[DATA_CHANGED_NOTE] = (f"已导入 {name}：{len(new.staff)} 名人员，"
                                           f"{len(new.absences)} 条请假。")


def render_errors() -> None:
    """Import errors, in the main area where the table has room."""
    found = st.session_state.get(ERRORS_KEY)
    if not found:
        return
    name, problems = found
    st.error(f"导入失败：“{name}”有 {len(problems)} 个问题，未导入任何数据，继续使用之前的数据"
             f"（{state.data_note()}）。请修改后重新上传。")
    keyed_table("import_errors_table", problems_frame(problems), width="stretch", hide_index=True)
    if st.button("关闭导入错误", key="dismiss_import_errors"):
        st.session_state.pop(ERRORS_KEY, None)
        st.rerun()
