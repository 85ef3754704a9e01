"""缺勤重排 tab of the 排班 page: record a sudden absence, re-plan from its first day with as
few changes as possible, and see what the re-plan does before adopting it: the changes to
announce, the gaps it leaves that the roster did not have (with their reasons), and what it
changes in overtime pay and the predicted assessment deduction. Adopting asks for a
confirmation; a stored roster gets a new version, and a re-plan that changes nothing stores
nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from model.dataset import DataSet
from model.events import Absence, AbsenceKind
from model.loaders import pydantic_problems
from model.roster import Gap, RosterResult
from model.training import TrainingChange, training_change_text
from model.users import Action
from solver.replan import replan
from solver.solve import SolveOptions
from ui import signin, state, tables
from ui.formatting import changes_frame, predicted_deductions, staff_label, weekday, yuan
from ui.grid import roster_grid_html
from ui.jobs import SolveJob
from ui.roster_service import StoreError, record_replan
from ui.views import keyed_table, roster_clinic_change
from ui.views.roster_events import show_problems
from ui.views.roster_versions import run_of

KIND = "replan"
PAGE = "排班"


def collect(job: SolveJob, status_message: Callable[[RosterResult], str]) -> None:
    outcome = job.result
    if not outcome.roster.status.has_roster:
        st.session_state[state.SOLVE_ERROR] = status_message(outcome.roster)
        return
    st.session_state[state.REPLAN] = state.ReplanRun(
        data=job.meta["data"], result=outcome, absence=job.meta["absence"],
        key=job.meta["key"], stopped=job.stopped_by_user, reason=job.meta.get("reason", ""))
    st.session_state.pop(state.SOLVE_ERROR, None)


def start_replan(run: state.RosterRun, absence: Absence, from_day: date, time_limit: float,
                 workers: int) -> None:
    data = run.data
    shown = data.with_changes(absences=(*data.absences, absence))
    key = state.digest("replan", run.key, absence.model_dump_json(), from_day, time_limit)
    name = data.staff_by_id[absence.staff_id].name
    job = SolveJob(kind=KIND, label=f"{name} {absence.kind.value} {absence.start}"
                                    f"~{absence.end} 后重排", time_limit_s=time_limit,
                   meta={"page": PAGE, "key": key, "data": shown, "absence": absence})
    options = SolveOptions(time_limit_s=time_limit, workers=workers)
    state.start_job(job.start(replan, (data, run.result, absence, from_day), options))


# -- consequences ---------------------------------------------------------------------------

def new_gaps(before: RosterResult, after: RosterResult) -> list[tuple[Gap, int]]:
    """Gaps of `after` that `before` did not have, or that grew: (gap, persons more)."""
    old = {(g.day, g.post_id, g.shift): g.missing for g in before.gaps}
    out = []
    for gap in after.gaps:
        more = gap.missing - old.get((gap.day, gap.post_id, gap.shift), 0)
        if more > 0:
            out.append((gap, more))
    return out


def worded(amount: Decimal, unit: str = "元") -> str:
    """A difference in words: 增加 ¥1.00 / 减少 ¥1.00 / 不变."""
    if amount == 0:
        return "不变"
    text = yuan(abs(amount)) if unit == "元" else f"{abs(amount):g} {unit}"
    return f"{'增加' if amount > 0 else '减少'} {text}"


def cost_changes(data_before, before: RosterResult, data_after, after: RosterResult
                 ) -> dict[str, Decimal]:
    def overtime(result: RosterResult) -> Decimal:
        return Decimal(str(round(sum(s.overtime_cost for s in result.staff_summary), 2)))

    def deduction(data, result: RosterResult) -> Decimal:
        return sum((d.deduction for d in predicted_deductions(data, result)), Decimal(0))

    return {"加班费": overtime(after) - overtime(before),
            "预计考核扣款": deduction(data_after, after) - deduction(data_before, before)}


# -- the tab --------------------------------------------------------------------------------

def render(run: state.RosterRun | None, running: bool) -> None:
    if run is None:
        st.caption("先排班，再在这里登记临时缺勤并重排。")
        return
    if not signin.may(Action.SOLVE):
        st.caption("当前角色不能重排。")
        return
    data, result = run.data, run.result
    st.caption("有人临时缺勤时，从缺勤当天起重排：之前的排班不变，之后尽量少改。采用前先看"
               "需要通知的改动、新出现的缺口和费用变化。")
    ids = sorted({a.staff_id for a in result.assignments})
    with st.form(f"replan_form_{run.key}", border=True):
        cols = st.columns(4)
        who = cols[0].selectbox("缺勤人员", ids, format_func=lambda i: staff_label(data, i),
                                key=f"replan_staff_{run.key}")
        first = cols[1].date_input("缺勤开始", value=result.start, min_value=result.start,
                                   max_value=result.end, key=f"replan_from_{run.key}",
                                   format="YYYY-MM-DD")
        last = cols[2].date_input("缺勤结束", value=result.start, min_value=result.start,
                                  max_value=result.end, key=f"replan_to_{run.key}",
                                  format="YYYY-MM-DD")
        kind = cols[3].selectbox("类型", tables.ABSENCE_KINDS,
                                 index=tables.ABSENCE_KINDS.index(AbsenceKind.SICK.value),
                                 key=f"replan_kind_{run.key}")
        submitted = st.form_submit_button("重排", type="primary", disabled=running)
    if submitted:
        try:
            absence = Absence(staff_id=who, kind=kind, start=first, end=max(first, last))
        except ValidationError as exc:
            show_problems("缺勤参数有误", pydantic_problems("缺勤", exc))
            return
        recorded = data.recorded_absence(who, absence.start, absence.end)
        if recorded is not None:
            st.info(f"{staff_label(data, who)} {recorded.start}~{recorded.end} 的"
                    f"{recorded.kind.value}已登记，排班已按此安排，无需重排。")
            return
        ss = st.session_state
        start_replan(run, absence, first, float(ss.get("solve_time_limit", 30.0)),
                     int(ss.get("solve_workers", 2)))
        st.rerun()
    roster_clinic_change.render(run, running)
    outcome: state.ReplanRun | None = st.session_state.get(state.REPLAN)
    if outcome is not None:
        _consequences(run, outcome)


def training_changes_frame(data: DataSet, changes: Sequence[TrainingChange]) -> pd.DataFrame:
    """One row per training attendance a re-plan added or cancelled."""
    sessions = data.training_session_by_id
    rows = []
    for change in changes:
        member = data.staff_by_id.get(change.staff_id)
        rows.append({"日期": change.day.isoformat(), "星期": weekday(change.day),
                     "工号": change.staff_id, "姓名": member.name if member else "",
                     "变动": training_change_text(change, sessions)})
    return pd.DataFrame(rows)


def _consequences(run: state.RosterRun, outcome: state.ReplanRun) -> None:
    changes = outcome.result.changes
    roster = outcome.result.roster
    stopped = "（已按要求停止，显示目前最优结果）" if outcome.stopped else ""
    st.markdown(f"**重排结果：{roster.status.label}{stopped}**")
    if not changes and outcome.absence is None:
        st.info("按新的出诊，现有排班无需改动任何班次；采用后新的需求生效。")
    elif not changes:
        st.info("重排没有改动任何班次（该缺勤当天本就不上班，或已登记过），无需采用，"
                "不会保存新版本。")
        return
    gaps = new_gaps(run.result, roster)
    money = cost_changes(run.data, run.result, outcome.data, roster)
    cols = st.columns(4)
    cols[0].metric("需通知的改动", f"{len(changes)} 处")
    cols[1].metric("新出现的缺口", f"{sum(m for _, m in gaps)} 人次")
    cols[2].metric("加班费", worded(money["加班费"]))
    cols[3].metric("预计考核扣款", worded(money["预计考核扣款"]))
    st.markdown("**需要通知的改动**")
    keyed_table("replan_changes", changes_frame(outcome.data, changes), width="stretch",
                hide_index=True)
    if outcome.result.training:
        st.markdown(f"**需要通知的培训变动（{len(outcome.result.training)} 处）**")
        keyed_table("replan_training", training_changes_frame(outcome.data,
                                                              outcome.result.training),
                    width="stretch", hide_index=True)
    if gaps:
        st.markdown("**重排后新出现的缺口及原因**")
        rows = []
        for gap, more in gaps:
            post = outcome.data.post_by_id.get(gap.post_id)
            rows.append({"日期": gap.day.isoformat(), "星期": weekday(gap.day),
                         "岗位": post.name if post else gap.post_id, "班次": gap.shift,
                         "新缺人数": more, "原因": "；".join(gap.reasons)})
        keyed_table("replan_gaps", pd.DataFrame(rows), width="stretch", hide_index=True)
    else:
        st.success("重排后没有新出现的缺口。")
    st.html(roster_grid_html(outcome.data, roster, changes=changes, grid_id="replan-grid"))
    sure = st.checkbox(f"我已核对以上 {len(changes)} 处改动"
                       + (f"和 {len(gaps)} 处新缺口" if gaps else "") + "，确认采用",
                       key="replan_sure")
    if st.button("采用重排结果为当前排班", key="replan_adopt", type="primary",
                 disabled=not sure):
        _adopt(run, outcome)


def _adopt(run: state.RosterRun, outcome: state.ReplanRun) -> None:
    roster = outcome.result.roster
    if run.version is not None:
        try:
            info, _ = record_replan(state.store(), run.version.id, outcome.data, roster,
                                    outcome.absence, actor=signin.current_user(),
                                    reason=outcome.reason,
                                    unchanged_ok=outcome.absence is None)
        except StoreError as exc:
            st.error(str(exc))
            return
        adopted = run_of(info)
        st.session_state["versions_message"] = f"重排已保存为版本 {info.id}"
    else:
        adopted = state.RosterRun(data=outcome.data, result=roster, key=outcome.key,
                                  stopped=outcome.stopped, label="重排")
    adopted.highlight = tuple(outcome.result.changes)
    st.session_state[state.ROSTER] = adopted
    st.session_state.pop(state.REPLAN, None)
    st.session_state.pop("replan_sure", None)
    if outcome.absence is not None:
        state.set_data(state.data().with_changes(
            absences=(*state.data().absences, outcome.absence)))
    elif state.data().clinics is not None:  # the changed 出诊表 for the next solves
        state.set_data(state.data().with_clinics(outcome.data.clinics))
    st.rerun()
