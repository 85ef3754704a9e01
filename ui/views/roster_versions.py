"""版本 tab of the 排班 page: save or publish the roster on screen, the period's version
history, the difference between two versions (changed cells outlined in the grid) and undo
(publish an earlier version again). Every write goes through `ui.roster_service`, which
checks it with the rules before the store writes it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.roster import Change
from model.users import Action
from ui import signin, state
from ui.grid import roster_grid_html
from ui.roster_service import (
    StoreError,
    VersionInfo,
    diff,
    list_versions,
    load_version,
    publish,
    publish_draft,
    restore,
)
from ui.views import keyed_table

PUBLISHED, DRAFT, SUPERSEDED = "published", "draft", "superseded"


def run_of(info: VersionInfo) -> state.RosterRun:
    """A stored version as the roster on screen (completed by the checker)."""
    store = state.store()
    _, data, roster = load_version(store, info.id, contract=info.contract_id)
    return state.RosterRun(data=data, result=roster, key=f"version-{info.id}",
                           label=f"版本 {info.id}", version=info)


def stored_run(start, end) -> state.RosterRun | None:
    """The store's current version of exactly this period: published, else the last draft."""
    store = state.store()
    if store is None:
        return None
    contract = state.data().contract.id
    try:
        found = [v for v in list_versions(store, start, end, contract=contract)
                 if (v.start, v.end) == (start, end) and v.status != SUPERSEDED]
    except StoreError:
        return None
    if not found:
        return None
    best = max(found, key=lambda v: (v.status == PUBLISHED, v.id))
    return run_of(best)


def where_from(run: state.RosterRun) -> str:
    info = run.version
    if info is None:
        return "本次求解的结果，尚未保存"
    return f"排班库版本 {info.id}（{info.status_label}，{info.origin_label}，{info.author}）"


def versions_frame(items: list[VersionInfo]) -> pd.DataFrame:
    rows = [{"版本": v.id, "周期": f"{v.start}~{v.end}", "状态": v.status_label,
             "来源": v.origin_label, "作者": v.author,
             "时间": v.created_at.strftime("%Y-%m-%d %H:%M"),
             "原因": v.reason, "强制": "是" if v.forced else "",
             "违反硬规则": len(v.violations), "班次数": v.assignment_count} for v in items]
    return pd.DataFrame(rows, columns=["版本", "周期", "状态", "来源", "作者", "时间", "原因",
                                       "强制", "违反硬规则", "班次数"])


def _show(info: VersionInfo, message: str) -> None:
    st.session_state[state.ROSTER] = run_of(info)
    st.session_state["versions_message"] = message
    st.rerun()


def _save_controls(run: state.RosterRun) -> None:
    """Save the unsaved roster on screen as a draft, or publish it (checked by the rules)."""
    store = state.store()
    st.markdown("**保存本次排班**")
    force = st.checkbox("违反硬规则也要发布（须说明原因，将记入审计）", key="publish_force")
    reason = st.text_input("原因", key="publish_reason", disabled=not force)
    cols = st.columns(2)
    as_draft = cols[0].button("保存为草稿", key="save_draft",
                              disabled=not signin.may(Action.EDIT))
    as_published = cols[1].button("发布", type="primary", key="publish_button",
                                  disabled=not signin.may(Action.PUBLISH))
    if not (as_draft or as_published):
        return
    try:
        info = publish(store, run.data, run.result, draft=as_draft, force=force,
                       origin="solve", reason=reason, actor=signin.current_user())
    except StoreError as exc:
        st.error(str(exc).replace("--force --reason \"原因\"", "勾选“违反硬规则也要发布”并填写原因")
                 .replace("--force", "强制发布").replace("--reason", "原因"))
        return
    _show(info, f"已{'保存为草稿' if as_draft else '发布'}：版本 {info.id}")


def render(run: state.RosterRun | None) -> None:
    store = state.store()
    if store is None:
        st.error(f"排班库无法打开：{st.session_state.get(state.STORE_ERROR, '')}")
        return
    if run is None:
        st.caption("尚无排班。")
        return
    st.caption(f"当前显示：{where_from(run)}。排班库：{store.describe()}")
    if run.version is None:
        _save_controls(run)
    elif run.version.status == DRAFT and signin.may(Action.PUBLISH):
        if st.button("发布此草稿", type="primary", key="publish_draft"):
            try:
                info = publish_draft(store, run.version.id, actor=signin.current_user())
            except StoreError as exc:
                st.error(str(exc))
            else:
                _show(info, f"已发布版本 {info.id}")
    items = list_versions(store, run.result.start, run.result.end,
                          contract=run.data.contract.id)
    if not items:
        return
    st.markdown("**本周期的版本**")
    keyed_table("versions_table", versions_frame(items[::-1]), width="stretch",
                hide_index=True)
    _compare(items)
    _undo(items)


def _compare(items: list[VersionInfo]) -> None:
    ids = [v.id for v in items][::-1]
    if len(ids) < 2:
        return
    st.markdown("**比较两个版本**")
    cols = st.columns(2)
    newer = cols[0].selectbox("版本", ids, key="diff_new", format_func=lambda i: f"版本 {i}")
    older = cols[1].selectbox("与版本比较", [i for i in ids if i != newer], key="diff_old",
                              format_func=lambda i: f"版本 {i}")
    if older is None:
        return
    store = state.store()
    try:
        cells = diff(store, older, newer, contract=state.data().contract.id)
    except StoreError as exc:
        st.error(str(exc))
        return
    if not cells:
        st.info(f"版本 {older} 与版本 {newer} 的排班相同。")
        return
    st.caption(f"版本 {older} → 版本 {newer}：{len(cells)} 个班次不同（橙色框）。")
    keyed_table("diff_table", pd.DataFrame(
        [{"日期": c.day.isoformat(), "工号": c.staff_id, "姓名": c.name, f"版本 {older}": c.before,
          f"版本 {newer}": c.after} for c in cells]), width="stretch", hide_index=True)
    _, data, roster = load_version(store, newer)
    changes = [Change(staff_id=c.staff_id, day=c.day, before=c.before, after=c.after)
               for c in cells]
    st.html(roster_grid_html(data, roster, changes=changes, grid_id="diff-grid",
                             legend=False))


def _undo(items: list[VersionInfo]) -> None:
    older = [v for v in items if v.status == SUPERSEDED][::-1]
    if not older or not signin.may(Action.PUBLISH):
        return
    st.markdown("**撤销：恢复旧版本**")
    chosen = st.selectbox("恢复为", [v.id for v in older], key="restore_id",
                          format_func=lambda i: f"版本 {i}")
    reason = st.text_input("原因（记入审计）", key="restore_reason")
    sure = st.checkbox(f"确认把版本 {chosen} 重新发布为现行排班", key="restore_sure")
    if st.button("恢复", key="restore_button", disabled=not sure):
        try:
            info = restore(state.store(), chosen, reason=reason,
                           actor=signin.current_user())
        except StoreError as exc:
            st.error(str(exc).replace("--force --reason \"原因\"", "先修改后再发布"))
            return
        _show(info, f"已恢复：版本 {chosen} 重新发布为版本 {info.id}")
