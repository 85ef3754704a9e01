"""The planner's month on the 排班 page (AppTest on the embedded data, a real SQLite store per
test): calendar months and previous/next, edits checked by the rules before they are saved
(refused with the rule named, forced with a reason), publish, history and undo, re-planning
that shows its new gaps before a confirmed adoption and stores nothing when nothing changes,
filters, a person's month and the print view. Every roster shown is re-checked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from model.users import Actor, Role
from solver.check import evaluate
from solver.check_report import rule_name
from store.db import open_store
from tests.test_app import (
    START,
    TIME_LIMIT,
    WORKERS,
    assert_clean,
    html_text,
    new_app,
    open_tab,
    solve_one_week,
    table,
    wait_for_job,
)
from ui import roster_service as repo
from ui import state
from ui.print_view import A3, A4, print_html

VIEWER = Actor(name="院方查看", role=Role.READER)


def shown(at) -> state.RosterRun:
    run = at.session_state["roster"]
    days = (run.result.end - run.result.start).days + 1
    evaluation = evaluate(run.data, run.result.start, days, list(run.result.assignments))
    assert evaluation.violations == [] or (run.version is not None and run.version.forced)
    return run


def click(at, key: str) -> None:
    at.button(key=key).click().run()
    assert_clean(at)


def stored_week(at) -> state.RosterRun:
    """Solve a week and save it as a draft from the edit panel."""
    solve_one_week(at)
    click(at, "edit_save_draft")
    run = shown(at)
    assert run.version is not None and run.version.status == "draft"
    return run


def choose(at, who: str, day: date, action: str, **target) -> None:
    at.selectbox(key="edit_staff").set_value(who)
    at.selectbox(key="edit_day").set_value(day)
    at.radio(key="edit_action").set_value(action).run()
    for key, value in target.items():
        at.selectbox(key=key).set_value(value)
    at.run()
    assert_clean(at)


def breaking_change(run: state.RosterRun) -> tuple[str, date, str]:
    """A (person, day, 'post|shift') the rules refuse, found with the store's own check."""
    store = open_store()  # the app's store: $ROSTER_DB_URL, set per test by conftest
    for a in run.result.assignments:
        for post in run.data.posts:
            if post.lines and run.data.staff_by_id[a.staff_id].line_id in post.lines:
                continue
            for shift in post.shifts:
                try:
                    check = repo.check_edit(store, run.version.id, a.day, a.staff_id, post.id,
                                            shift, contract=run.data.contract.id)
                except repo.StoreError:
                    continue
                if check.broken:
                    return a.staff_id, a.day, f"{post.id}|{shift}"
    raise AssertionError("no refused change found")


# -- the period --------------------------------------------------------------------------------

def test_a_calendar_month_is_rostered_exactly_with_previous_and_next():
    at = new_app()
    assert at.radio(key="period_mode").value == "按月"
    at.selectbox(key="period_month").set_value(date(2026, 12, 1)).run()
    assert "2026 年 12 月" in at.button(key="solve_button").label
    click(at, "period_next")
    assert at.selectbox(key="period_month").value == date(2027, 1, 1)
    click(at, "period_prev")
    assert at.selectbox(key="period_month").value == date(2026, 12, 1)
    at.number_input(key="solve_time_limit").set_value(20.0)
    at.number_input(key="solve_workers").set_value(WORKERS)
    click(at, "solve_button")
    wait_for_job(at)
    run = shown(at)
    assert (run.result.start, run.result.end) == (date(2026, 12, 1), date(2026, 12, 31))
    assert {a.day for a in run.result.assignments} == {
        date(2026, 12, 1) + timedelta(days=i) for i in range(31)}
    assert "31<br>四" in html_text(at)


# -- edits, publish, undo ------------------------------------------------------------------------

def test_a_change_the_rules_refuse_names_the_rule_and_a_forced_one_needs_a_reason():
    at = new_app()
    run = stored_week(at)
    who, day, cell = breaking_change(run)
    choose(at, who, day, "改为", edit_cell=cell)
    assert at.error, "the broken rule is shown before anything is saved"
    check = repo.check_edit(open_store(), run.version.id, day, who,
                            *cell.split("|"), contract=run.data.contract.id)
    assert any(f"「{rule_name(run.data, v.rule)}」" in at.error[0].value for v in check.broken)
    assert at.button(key="edit_save").disabled
    at.checkbox(key="edit_force").check().run()
    assert at.button(key="edit_save").disabled, "a forced change needs a reason"
    at.text_input(key="edit_reason").input("院方临时要求").run()
    click(at, "edit_save")
    after = shown(at)
    assert after.version.id != run.version.id and after.version.forced
    assert [(c.staff_id, c.day) for c in after.highlight] == [(who, day)]
    trail = repo.audit_trail(open_store(), after.version.id,
                             contract=run.data.contract.id)
    assert [(e.reason, e.forced) for e in trail] == [("院方临时要求", True)]


def test_an_accepted_edit_is_saved_published_and_undone():
    at = new_app()
    run = stored_week(at)
    first = next(a for a in run.result.assignments if a.day == START)
    choose(at, first.staff_id, START, "休息")
    assert at.success and "检查通过" in at.success[-1].value
    click(at, "edit_save")
    edited = shown(at)
    assert not [a for a in edited.result.assignments
                if a.staff_id == first.staff_id and a.day == START]
    assert "changed" in html_text(at)
    open_tab(at, "roster_tab", "版本")
    click(at, "publish_draft")
    published = shown(at)
    assert published.version.status == "published"
    versions = table(at, "versions_table")
    assert list(versions["版本"])[0] == published.version.id and len(versions) == 2
    assert "已取代" in set(versions["状态"])
    at.selectbox(key="diff_new").set_value(published.version.id)
    at.selectbox(key="diff_old").set_value(run.version.id).run()
    assert len(table(at, "diff_table")) == 1 and 'id="diff-grid"' in html_text(at)
    at.selectbox(key="restore_id").set_value(run.version.id)
    assert at.button(key="restore_button").disabled, "undo asks for a confirmation"
    at.checkbox(key="restore_sure").check().run()
    click(at, "restore_button")
    restored = shown(at)
    assert restored.version.origin == "restore" and restored.version.status == "published"
    assert any(a.staff_id == first.staff_id and a.day == START
               for a in restored.result.assignments)


def test_publishing_an_unsaved_roster_and_finding_it_again_by_its_period():
    at = new_app()
    solve_one_week(at)
    open_tab(at, "roster_tab", "版本")
    click(at, "publish_button")
    run = shown(at)
    assert run.version.status == "published"
    click(at, "period_next")
    assert "roster" not in at.session_state  # nothing for the next week
    click(at, "period_prev")
    assert shown(at).version.id == run.version.id  # found again in the store


def test_a_viewer_sees_the_grid_without_the_edit_panel():
    at = new_app(user=VIEWER)
    assert "solve_button" not in [b.key for b in at.button]
    assert not [s for s in at.selectbox if s.key == "edit_staff"]


# -- replan --------------------------------------------------------------------------------------

def replan_absence(at, run: state.RosterRun, who: str, first: date, last: date) -> None:
    open_tab(at, "roster_tab", "缺勤重排")
    at.selectbox(key=f"replan_staff_{run.key}").set_value(who)
    at.date_input(key=f"replan_from_{run.key}").set_value(first)
    at.date_input(key=f"replan_to_{run.key}").set_value(last)
    at.button[[b.label for b in at.button].index("重排")].click().run()
    assert_clean(at)
    wait_for_job(at)


def test_replan_of_the_only_radiology_person_shows_the_new_gaps_before_adoption():
    at = new_app()
    run = stored_week(at)
    worked = sorted({a.day for a in run.result.assignments if a.staff_id == "W001"})
    replan_absence(at, run, "W001", worked[0], worked[-1])
    outcome = at.session_state["replan"]
    gaps = table(at, "replan_gaps")
    assert len(gaps) > 0 and gaps["新缺人数"].sum() > 0
    assert all(reason for reason in gaps["原因"]), "every new gap says why"
    labels = {m.label: m.value for m in at.metric}
    assert labels["新出现的缺口"] == f"{gaps['新缺人数'].sum()} 人次"
    assert labels["预计考核扣款"].startswith(("增加", "减少", "不变"))
    assert at.button(key="replan_adopt").disabled, "adoption asks for a confirmation"
    at.checkbox(key="replan_sure").check().run()
    click(at, "replan_adopt")
    adopted = shown(at)
    assert adopted.version.origin == "replan" and adopted.version.parent_id == run.version.id
    assert len(adopted.highlight) == len(outcome.result.changes)


def test_replan_that_changes_nothing_offers_nothing_to_adopt():
    at = new_app()
    run = stored_week(at)
    person, day = next((s.id, START + timedelta(days=d)) for d in range(7)
                       for s in run.data.vendor_staff()
                       if not any(a.staff_id == s.id and a.day == START + timedelta(days=d)
                                  for a in run.result.assignments)
                       and s.id in {a.staff_id for a in run.result.assignments})
    replan_absence(at, run, person, day, day)
    assert any("没有改动任何班次" in i.value for i in at.info)
    assert "replan_adopt" not in [b.key for b in at.button]


# -- filters, a person's month, print ----------------------------------------------------------

def test_filter_by_department_and_a_persons_month():
    at = new_app()
    solve_one_week(at)
    at.multiselect(key="grid_departments").set_value(["放射科"]).run()
    grid = html_text(at)
    assert 'data-staff="W001"' in grid and 'data-staff="W002"' not in grid
    open_tab(at, "roster_tab", "个人")
    at.selectbox(key="person_staff").set_value("W002").run()
    page = html_text(at)
    assert "周一" in page and 'data-staff="W002"' in page
    assert any(m.label == "工时" for m in at.metric)


@pytest.mark.parametrize("paper,pages", [(A4, 3), (A3, 1)])
def test_print_view_pages_headers_and_sign_off(paper, pages):
    from model.loaders import load_dataset
    from tests.conftest import solve_checked

    data = load_dataset()
    result = solve_checked(data, date(2026, 12, 1), 31, time_limit_s=TIME_LIMIT * 4)
    page = print_html(data, result, paper)
    assert page.count('<section class="page">') == pages
    assert page.count("<thead>") == pages  # the header row on every page
    assert page.count("制表") == 1 and "审核" in page and "批准" in page and "日期" in page
    assert data.contract.display_name in page
    assert f"size:{paper} landscape" in page
    assert "font-size:8pt" not in page or paper == A3


def test_swapping_two_people_on_a_day_is_checked_and_saved():
    at = new_app()
    run = stored_week(at)
    store, contract = open_store(), run.data.contract.id
    working = {(a.staff_id, a.day) for a in run.result.assignments}
    candidates = ((a.staff_id, other.id, a.day) for a in run.result.assignments
                  for other in run.data.vendor_staff()
                  if other.line_id == a.line_id and (other.id, a.day) not in working)
    worker, colleague, day = next(
        (w, c, d) for w, c, d in candidates
        if not repo.check_swap(store, run.version.id, d, w, c, contract=contract).broken)
    choose(at, worker, day, "与他人换班", edit_other=colleague)
    assert "→ 休" in " ".join(m.value for m in at.markdown)
    assert at.success and "检查通过" in at.success[-1].value
    click(at, "edit_save")
    after = shown(at)
    cells = {(a.staff_id, a.day) for a in after.result.assignments}
    assert (colleague, day) in cells and (worker, day) not in cells
    assert {c.staff_id for c in after.highlight} == {worker, colleague}
    assert after.version.origin == "swap"


def test_replanning_a_recorded_absence_again_is_not_started():
    at = new_app()
    solve_one_week(at)
    run = shown(at)
    recorded = next(a for a in run.data.absences if a.approved
                    and run.result.start <= a.start <= run.result.end)
    open_tab(at, "roster_tab", "缺勤重排")
    at.selectbox(key=f"replan_staff_{run.key}").set_value(recorded.staff_id)
    at.date_input(key=f"replan_from_{run.key}").set_value(recorded.start)
    at.date_input(key=f"replan_to_{run.key}").set_value(recorded.start)
    at.selectbox(key=f"replan_kind_{run.key}").set_value(recorded.kind.value)
    at.button[[b.label for b in at.button].index("重排")].click().run()
    assert_clean(at)
    assert "solve_job" not in at.session_state
    assert any("已登记" in i.value for i in at.info)


def test_approved_requested_and_refused_leave_look_different_in_the_grid():
    from model.events import Absence, AbsenceKind, LeaveStatus
    from model.loaders import load_dataset
    from model.roster import RosterResult, SolveStatus
    from ui.grid import roster_grid_html

    data = load_dataset()
    day = date(2026, 12, 2)
    leaves = tuple(Absence(staff_id=who, kind=AbsenceKind.SICK, start=day, end=day,
                           status=status)
                   for who, status in (("W002", LeaveStatus.APPROVED),
                                       ("W003", LeaveStatus.REQUESTED),
                                       ("W004", LeaveStatus.REFUSED)))
    shown_data = data.with_changes(absences=leaves)
    html = roster_grid_html(shown_data, RosterResult(start=day, end=day,
                                                     status=SolveStatus.FEASIBLE))

    def cell(who: str) -> str:
        start = html.index(f'data-staff="{who}"')
        return html[html.rindex("<td", 0, start):html.index("</td>", start)]

    assert 'class="cell absent"' in cell("W002") and ">病" in cell("W002")
    assert 'class="cell requested"' in cell("W003") and "病?" in cell("W003")
    assert 'class="cell refused"' in cell("W004") and "驳" in cell("W004")
    assert "已批准的病假" in cell("W002") and "已驳回的病假" in cell("W004")
    for words in ("当天休息", "尽量安排休息", "照常上班"):
        assert words in html  # the legend explains all three
