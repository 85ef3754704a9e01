"""排班表 tab: the grid filtered by 科室 and line, a click on a cell to choose it, and the
edit panel: change or clear the cell, or swap two people on a day. Each change is judged at
once by the store's own checks (`check_edit`/`check_swap`), the rules it breaks are shown
before anything is saved, and a forced change needs a reason, as on the command line."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import streamlit as st

from model.cells import cell_label
from model.roster import Change
from model.users import Action
from solver.check_report import describe_violations
from ui import signin, state
from ui.formatting import staff_label, weekday
from ui.grid import GridFilter, roster_grid_html, shown_groups
from ui.roster_service import (
    ChangeCheck,
    EditResult,
    StoreError,
    check_edit,
    check_swap,
    edit,
    publish,
    swap,
)
from ui.views.roster_versions import run_of

CHANGE, OFF, SWAP = "改为", "休息", "与他人换班"
ACTIONS = (CHANGE, OFF, SWAP)
CLICK_KEY = "grid_click"

_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const host = parentElement.querySelector(".host") || parentElement;
  host.innerHTML = data.html;
  host.onclick = (event) => {
    const cell = event.target.closest("td.cell");
    if (cell) setTriggerValue("cell", { staff: cell.dataset.staff, day: cell.dataset.day });
  };
}
"""


def _component() -> Any:
    """The grid as a component whose cells report a click (a plain grid when unavailable)."""
    try:
        from streamlit.components.v2 import component
    except ImportError:  # pragma: no cover - older Streamlit
        return None
    return component("roster_grid_click", html='<div class="host"></div>', js=_JS)


def _on_click() -> None:
    """A cell was clicked: choose its person and day in the edit panel."""
    value = st.session_state.get(CLICK_KEY)
    cell = getattr(value, "cell", None) if value is not None else None
    if isinstance(cell, dict) and cell.get("staff") and cell.get("day"):
        st.session_state["edit_staff"] = cell["staff"]
        st.session_state["edit_day"] = date.fromisoformat(cell["day"])


def _filters(run: state.RosterRun) -> GridFilter:
    groups = shown_groups(run.data, run.result)
    departments = list(dict.fromkeys(g.department for g in groups))
    cols = st.columns(2)
    chosen_depts = cols[0].multiselect("科室", departments, key="grid_departments",
                                       placeholder="全部科室")
    lines = [(g.line_id, g.line_name) for g in groups
             if not chosen_depts or g.department in chosen_depts]
    names = dict(lines)
    chosen_lines = cols[1].multiselect("服务项目", list(names), key="grid_lines",
                                       format_func=lambda i: names.get(i, i),
                                       placeholder="全部服务项目")
    return GridFilter(departments=tuple(chosen_depts), lines=tuple(chosen_lines))


def render(run: state.RosterRun | None) -> None:
    if run is None:
        st.caption("尚无排班。")
        return
    keep = _filters(run)
    chosen = st.session_state.get("edit_staff"), st.session_state.get("edit_day")
    html = roster_grid_html(run.data, run.result, changes=run.highlight, keep=keep,
                            chosen=chosen if None not in chosen else None)
    renderer = _component()
    if renderer is None:
        st.html(html)
    else:
        renderer(key=CLICK_KEY, data={"html": html}, on_cell_change=_on_click)
    if signin.may(Action.EDIT):
        st.caption("点击格子选择要修改的人和日期。")
        _edit_panel(run, keep)


# -- the edit panel -------------------------------------------------------------------------

def _cell_text(run: state.RosterRun, staff_id: str, day: date) -> str:
    found = [a for a in run.result.assignments if a.staff_id == staff_id and a.day == day]
    return "、".join(cell_label(run.data, a.post_id, a.shift) for a in found) or "休"


def _cell_options(run: state.RosterRun, staff_id: str) -> list[str]:
    """'post|shift' of every post and shift, the person's own line first."""
    data = run.data
    member = data.staff_by_id.get(staff_id)
    own = member.line_id if member else ""
    posts = sorted(data.posts, key=lambda p: (own not in p.lines, p.id))
    return [f"{p.id}|{code}" for p in posts for code in p.shifts]


def _edit_panel(run: state.RosterRun, keep: GridFilter) -> None:
    data = run.data
    people = [s.id for g in shown_groups(data, run.result, keep) for s in g.staff]
    if not people:
        return
    days = [run.result.start + timedelta(days=i)
            for i in range((run.result.end - run.result.start).days + 1)]
    ss = st.session_state
    if ss.get("edit_staff") not in people:
        ss["edit_staff"] = people[0]
    if ss.get("edit_day") not in days:
        ss["edit_day"] = days[0]
    with st.container(border=True, key="edit_panel"):
        st.markdown("**修改排班**")
        cols = st.columns([1.2, 1, 1, 1.6])
        who = cols[0].selectbox("人员", people, key="edit_staff",
                                format_func=lambda i: staff_label(data, i))
        day = cols[1].selectbox("日期", days, key="edit_day",
                                format_func=lambda d: f"{d.month}/{d.day} 周{weekday(d)}")
        action = cols[2].radio("改动", ACTIONS, key="edit_action")
        target: str | None = None
        if action == CHANGE:
            target = cols[3].selectbox(
                "新的岗位和班次", _cell_options(run, who), key="edit_cell",
                format_func=lambda v: cell_label(data, *v.split("|", 1)))
        elif action == SWAP:
            target = cols[3].selectbox("与谁换班", [p for p in people if p != who],
                                       key="edit_other",
                                       format_func=lambda i: f"{staff_label(data, i)}"
                                                             f"（{_cell_text(run, i, day)}）")
        st.caption(f"{staff_label(data, who)} {day}：现为 {_cell_text(run, who, day)}")
        if state.store() is None:
            st.error("排班库无法打开，不能保存修改："
                     f"{st.session_state.get(state.STORE_ERROR, '')}")
            return
        if run.version is None:
            st.info("此排班尚未保存。修改前先把它保存为草稿（“版本”页可发布）。")
            if st.button("保存为草稿并开始修改", key="edit_save_draft"):
                _save_draft(run)
            return
        check = _judge(run, who, day, action, target)
        if check is None:
            return
        _show_check(run, check)
        force, reason = False, ""
        if check.broken:
            force = st.checkbox("仍要强制修改（将记入审计）", key="edit_force")
            reason = st.text_input("强制修改的原因", key="edit_reason", disabled=not force)
        ready = not check.broken or (force and bool(reason.strip()))
        if st.button("保存修改", type="primary", key="edit_save", disabled=not ready):
            _save(run, who, day, action, target, force, reason)


def _judge(run: state.RosterRun, who: str, day: date, action: str, target: str | None
           ) -> ChangeCheck | None:
    """The store's judgement of the change on screen, memoised per version and change."""
    memo_key = ("edit_check", run.version.id, who, day, action, target)
    memo = st.session_state.get("edit_check_memo")
    if memo is not None and memo[0] == memo_key:
        return memo[1]
    store, contract = state.store(), run.data.contract.id
    try:
        if action == SWAP:
            check = check_swap(store, run.version.id, day, who, target or "", contract=contract)
        elif action == OFF:
            check = check_edit(store, run.version.id, day, who, off=True, contract=contract)
        else:
            post, shift = (target or "|").split("|", 1)
            check = check_edit(store, run.version.id, day, who, post, shift,
                               contract=contract)
    except StoreError as exc:
        st.info(str(exc))
        return None
    st.session_state["edit_check_memo"] = (memo_key, check)
    return check


def _show_check(run: state.RosterRun, check: ChangeCheck) -> None:
    changed = [(key, check.old.get(key), check.new.get(key))
               for key in sorted(set(check.old) | set(check.new))
               if check.old.get(key) != check.new.get(key)]
    lines = []
    for (staff_id, day), old, new in changed:
        before = cell_label(run.data, old.post_id, old.shift) if old else "休"
        after = cell_label(run.data, new.post_id, new.shift) if new else "休"
        lines.append(f"{staff_label(run.data, staff_id)} {day}：{before} → {after}")
    st.markdown("改动：" + "；".join(lines))
    if check.broken:
        st.error("此改动违反硬规则，未保存：\n" + describe_violations(check.data, check.broken))
    else:
        st.success("检查通过：没有违反硬规则。")
    for warning in check.warnings:
        st.warning(f"改动后出现缺口：{warning}")


def _save_draft(run: state.RosterRun) -> None:
    try:
        info = publish(state.store(), run.data, run.result, draft=True, force=True,
                       origin="solve", reason="在排班页保存为草稿，以便修改",
                       actor=signin.current_user())
    except StoreError as exc:
        st.error(str(exc))
        return
    st.session_state[state.ROSTER] = run_of(info)
    st.rerun()


def _save(run: state.RosterRun, who: str, day: date, action: str, target: str | None,
          force: bool, reason: str) -> None:
    store, actor, contract = state.store(), signin.current_user(), run.data.contract.id
    try:
        result: EditResult
        if action == SWAP:
            result = swap(store, run.version.id, day, who, target or "", force=force,
                          reason=reason, contract=contract, actor=actor)
        elif action == OFF:
            result = edit(store, run.version.id, day, who, off=True, force=force,
                          reason=reason, contract=contract, actor=actor)
        else:
            post, shift = (target or "|").split("|", 1)
            result = edit(store, run.version.id, day, who, post, shift, force=force,
                          reason=reason, contract=contract, actor=actor)
    except StoreError as exc:
        st.error(str(exc))
        return
    new_run = run_of(result.version)
    new_run.highlight = tuple(Change(staff_id=e.staff_id, day=e.day, before=e.before,
                                     after=e.after) for e in result.changes)
    st.session_state[state.ROSTER] = new_run
    st.session_state["versions_message"] = f"已保存为版本 {result.version.id}"
    st.session_state.pop("edit_check_memo", None)
    for key in ("edit_force", "edit_reason"):
        st.session_state.pop(key, None)
    st.rerun()
