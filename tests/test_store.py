"""The roster store, run against SQLite and a real PostgreSQL (tests/pg.py): migrations,
publish/supersede, history/show/diff, swap/edit checked by solver.check, tail carry-over
into the next solve, actual hours."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select

from model.events import Request, RequestKind
from model.roster import RosterResult, SolveStatus
from solver.check import evaluate
from solver.horizon import Horizon
from solver.solve import roster_from_assignments
from store.db import StoreError, current_revision, head_revision, open_store
from store.hashing import dataset_hash
from store.tables import AssignmentRow, Base, ChangeRow, VersionRow
from tests.conftest import solve_checked
from tests.tiny import MONDAY, need, post, tiny
from ui import roster_service as repo

pytest_plugins = ("tests.pg",)  # the store_url and store fixtures

OFF = None
#: The unnamed contract of the tiny (ad-hoc) data sets.
C = ""
#: Week 1 (Mon 2026-11-30 .. Sun 2026-12-06): post P1 needs one A (08-16) and one P
#: (16-24) every day. Hand-checked feasible: rest >= 12 h, a day off each, <= 6 in a row.
WEEK1 = {
    "S1": ("A", "A", "P", OFF, "A", "A", "P"),
    "S2": ("P", "P", OFF, "A", "P", "P", OFF),
    "S3": (OFF, OFF, "A", "P", OFF, OFF, "A"),
}
THURSDAY = MONDAY + timedelta(days=3)
FRIDAY = MONDAY + timedelta(days=4)


def week_data(**extra):
    return tiny(posts=(post("P1", need("A"), need("P")),), **extra)


def hand_roster(data, start: date, pattern: dict[str, tuple], post_id: str = "P1"
                ) -> RosterResult:
    """A roster from a {staff: (shift or None per day)} pattern, completed by the checker."""
    days = len(next(iter(pattern.values())))
    cells = [repo.make_assignment(data, staff_id, start + timedelta(days=d), post_id, shift)
             for staff_id, shifts in pattern.items() for d, shift in enumerate(shifts) if shift]
    horizon = Horizon.of(data.calendar, start, days)
    evaluation = evaluate(data, start, days, cells)
    return roster_from_assignments(data, horizon, cells, status=SolveStatus.FEASIBLE,
                                   objective=evaluation.objective, best_bound=None,
                                   stats=None)


def cell(store, version_id: int, staff_id: str, day: date) -> str | None:
    _, _, roster = repo.load_version(store, version_id, complete=False)
    found = [a.shift for a in roster.assignments if a.staff_id == staff_id and a.day == day]
    return found[0] if found else None


def count(store, table) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(table))


@pytest.fixture
def week1(store):
    data = week_data()
    roster = hand_roster(data, MONDAY, WEEK1)
    assert evaluate(data, MONDAY, 7, list(roster.assignments)).violations == []
    return data, roster


# -- schema ------------------------------------------------------------------------------------
def test_migrations_from_empty_to_head_match_the_tables(store_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    opened = open_store(store_url)
    try:
        assert current_revision(opened.engine) == head_revision()
        names = set(inspect(opened.engine).get_table_names())
        assert {"datasets", "roster_versions", "assignments", "absences", "audit_changes",
                "store_meta", "alembic_version"} <= names
        with opened.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, Base.metadata) == []
        # opening again is a no-op (already at head)
        open_store(store_url).dispose()
    finally:
        opened.dispose()


def test_downgrade_to_base_and_up_again(store_url):
    from store.db import downgrade, migrate

    opened = open_store(store_url)
    try:
        downgrade(opened.engine, "base")
        assert current_revision(opened.engine) is None
        assert "roster_versions" not in inspect(opened.engine).get_table_names()
        migrate(opened.engine)
        assert current_revision(opened.engine) == head_revision()
    finally:
        opened.dispose()


# -- publish, supersede, history, show, diff -----------------------------------------------------
def test_publish_stores_data_set_version_and_cells(store, week1):
    data, roster = week1
    info = repo.publish(store, data, roster, scenario="基线", author="李组长")
    assert (info.status, info.start, info.end, info.author) == ("published", MONDAY,
                                                                 MONDAY + timedelta(days=6),
                                                                 "李组长")
    assert info.dataset_hash == dataset_hash(data)
    assert info.assignment_count == 14 and info.violations == ()
    assert info.checker_objective == roster.objective
    stored_info, stored_data, stored = repo.load_version(store, info.id)
    assert stored_data == data
    assert [(a.staff_id, a.day, a.post_id, a.shift, a.segments, a.hours)
            for a in stored.assignments] == [
        (a.staff_id, a.day, a.post_id, a.shift, a.segments, a.hours)
        for a in sorted(roster.assignments, key=lambda a: (a.day, a.staff_id))]
    assert stored.staff_summary == roster.staff_summary
    assert stored.coverage == roster.coverage


def test_republishing_a_period_supersedes_and_never_deletes(store, week1):
    data, roster = week1
    first = repo.publish(store, data, roster)
    second_pattern = dict(WEEK1)
    second_pattern["S1"], second_pattern["S3"] = (OFF, *WEEK1["S1"][1:]), ("A", *WEEK1["S3"][1:])
    second = repo.publish(store, data, hand_roster(data, MONDAY, second_pattern), author="王")
    versions = repo.list_versions(store, contract=C)
    assert [(v.id, v.status, v.superseded_by_id) for v in versions] == [
        (first.id, "superseded", second.id), (second.id, "published", None)]
    assert count(store, AssignmentRow) == 28  # both versions' cells kept
    audit = repo.audit_trail(store, second.id, contract=C)
    assert {(e.staff_id, e.day, e.before, e.after, e.kind) for e in audit} == {
        ("S1", MONDAY, "岗位P1 A", "休", "republish"),
        ("S3", MONDAY, "休", "岗位P1 A", "republish")}
    assert repo.current_version_for(store, MONDAY, contract=C) == second.id


def test_history_filters_by_period(store, week1):
    data, roster = week1
    v1 = repo.publish(store, data, roster)
    next_week = hand_roster(data, MONDAY + timedelta(days=7), WEEK1)
    v2 = repo.publish(store, data.with_changes(), next_week)
    assert [v.id for v in repo.list_versions(store, contract=C)] == [v1.id, v2.id]
    assert [v.id for v in repo.list_versions(store, start=MONDAY + timedelta(days=7),
                                             contract=C)] == [v2.id]
    assert [v.id for v in repo.list_versions(store, end=MONDAY + timedelta(days=6),
                                             contract=C)] == [v1.id]
    assert repo.list_versions(store, start=date(2027, 1, 1), contract=C) == []


def test_diff_lists_changed_cells_in_chinese(store, week1):
    data, roster = week1
    v1 = repo.publish(store, data, roster)
    result = repo.swap(store, v1.id, MONDAY, "S1", "S3", reason="私事")
    changes = repo.diff(store, v1.id, result.version.id)
    assert [(c.staff_id, c.name, c.day, c.before, c.after) for c in changes] == [
        ("S1", "员工S1", MONDAY, "岗位P1 A", "休"), ("S3", "员工S3", MONDAY, "休", "岗位P1 A")]
    assert repo.diff(store, v1.id, v1.id) == []


def test_draft_then_publish(store, week1):
    data, roster = week1
    draft = repo.publish(store, data, roster, draft=True)
    assert draft.status == "draft"
    # drafts are not in force
    assert repo.current_version_for(store, MONDAY, contract=C) is None
    published = repo.publish_draft(store, draft.id)
    assert published.status == "published" and published.id == draft.id
    assert repo.current_version_for(store, MONDAY, contract=C) == draft.id
    with pytest.raises(StoreError, match="不是草稿"):
        repo.publish_draft(store, draft.id)


# -- bad input writes nothing --------------------------------------------------------------------
def test_unknown_staff_in_roster_is_refused_and_nothing_written(store, week1):
    data, roster = week1
    bad = roster.model_copy(update={"assignments": (
        *roster.assignments,
        roster.assignments[0].model_copy(update={"staff_id": "W999"}))})
    with pytest.raises(StoreError, match="未知工号 W999"):
        repo.publish(store, data, bad)
    assert count(store, VersionRow) == 0 and count(store, AssignmentRow) == 0


def test_date_outside_roster_is_refused(store, week1):
    data, roster = week1
    late = roster.assignments[0].model_copy(update={"day": date(2027, 3, 1)})
    bad = roster.model_copy(update={"assignments": (*roster.assignments[1:], late)})
    with pytest.raises(StoreError, match="不在排班周期"):
        repo.publish(store, data, bad)
    v = repo.publish(store, data, roster)
    with pytest.raises(StoreError, match="不在版本"):
        repo.edit(store, v.id, date(2027, 3, 1), "S1", off=True)
    with pytest.raises(StoreError, match="未知工号"):
        repo.edit(store, v.id, MONDAY, "W999", off=True)
    with pytest.raises(StoreError, match="没有版本 999"):
        repo.swap(store, 999, MONDAY, "S1", "S2")
    assert count(store, VersionRow) == 1 and count(store, ChangeRow) == 0


def test_data_hash_mismatch_is_refused(store, week1):
    data, roster = week1
    with pytest.raises(StoreError, match="数据指纹"):
        repo.publish(store, data, roster, expected_hash="0" * 64)
    assert count(store, VersionRow) == 0
    repo.publish(store, data, roster, expected_hash=dataset_hash(data))
    assert count(store, VersionRow) == 1


def test_roster_breaking_a_hard_rule_needs_force(store, week1):
    data, _ = week1
    pattern = dict(WEEK1)
    pattern["S1"] = ("A", "A", "P", "A", "A", "A", "P")  # P Wed then A Thu: 8 h rest
    pattern["S2"] = ("P", "P", OFF, OFF, "P", "P", OFF)
    bad = hand_roster(data, MONDAY, pattern)
    with pytest.raises(StoreError, match="两班之间最少休息"):
        repo.publish(store, data, bad)
    with pytest.raises(StoreError, match="--reason"):
        repo.publish(store, data, bad, force=True)
    info = repo.publish(store, data, bad, force=True, reason="院方临时要求")
    assert info.forced and {v["rule"] for v in info.violations} >= {"min_rest_hours"}


# -- swap and edit -------------------------------------------------------------------------------
def test_swap_accepted_makes_a_new_version_with_audit(store, week1):
    data, roster = week1
    v1 = repo.publish(store, data, roster)
    result = repo.swap(store, v1.id, MONDAY, "S1", "S3", reason="家中有事", author="张三")
    v2 = result.version
    assert v2.parent_id == v1.id and v2.origin == "swap" and v2.status == "published"
    assert repo.get_version(store, v1.id).status == "superseded"
    assert cell(store, v2.id, "S3", MONDAY) == "A" and cell(store, v2.id, "S1", MONDAY) is None
    assert cell(store, v1.id, "S1", MONDAY) == "A"  # the old version is kept as it was
    assert [(e.staff_id, e.before, e.after, e.kind, e.reason, e.author, e.forced)
            for e in result.changes] == [
        ("S1", "岗位P1 A", "休", "swap", "家中有事", "张三", False),
        ("S3", "休", "岗位P1 A", "swap", "家中有事", "张三", False)]
    with pytest.raises(StoreError, match="已被版本"):
        repo.swap(store, v1.id, MONDAY, "S1", "S3")


def test_swap_breaking_rest_is_refused_with_the_rule_named(store, week1):
    data, roster = week1
    v1 = repo.publish(store, data, roster)
    # S1 works P (16-24) on Wednesday; taking S2's A (08-16) on Thursday leaves 8 h rest
    with pytest.raises(StoreError) as caught:
        repo.swap(store, v1.id, THURSDAY, "S1", "S2")
    assert "两班之间最少休息" in str(caught.value) and "min_rest_hours" not in str(caught.value)
    assert count(store, VersionRow) == 1 and count(store, ChangeRow) == 0


def test_forced_swap_is_audited_with_the_broken_rule(store, week1):
    data, roster = week1
    v1 = repo.publish(store, data, roster)
    with pytest.raises(StoreError, match="--reason"):
        repo.swap(store, v1.id, THURSDAY, "S1", "S2", force=True)
    result = repo.swap(store, v1.id, THURSDAY, "S1", "S2", force=True,
                       reason="S2 急诊住院", author="李组长")
    # S1 then also works 7 days in a row without a weekly day off
    broken = ("max_consecutive_days", "min_rest_hours", "weekly_rest_day")
    assert result.version.forced and {v.rule for v in result.broken} == set(broken)
    assert {(e.forced, e.broken_rules, e.reason, e.author) for e in result.changes} == {
        (True, broken, "S2 急诊住院", "李组长")}
    assert {v["rule"] for v in result.version.violations} == set(broken)


def test_edit_accepted_refused_and_off(store, week1):
    data, roster = week1
    v1 = repo.publish(store, data, roster)
    # a second A on Tuesday exceeds the post's target: structural hard rule
    with pytest.raises(StoreError, match="在岗人数不超过目标"):
        repo.edit(store, v1.id, MONDAY + timedelta(days=1), "S3", "P1", "A")
    with pytest.raises(StoreError, match="未知岗位"):
        repo.edit(store, v1.id, MONDAY, "S3", "P9", "A")
    with pytest.raises(StoreError, match="没有 N 班"):
        repo.edit(store, v1.id, MONDAY, "S3", "P1", "N")
    with pytest.raises(StoreError, match="没有改动"):
        repo.edit(store, v1.id, MONDAY, "S1", "岗位P1", "A")
    result = repo.edit(store, v1.id, FRIDAY, "S2", off=True, reason="调休")
    assert cell(store, result.version.id, "S2", FRIDAY) is None
    assert any("缺 1 人" in w for w in result.warnings)  # a gap is a warning, not a refusal
    assert [(e.before, e.after, e.kind) for e in result.changes] == [("岗位P1 P", "休", "edit")]


def test_changes_are_checked_across_the_boundary_with_the_next_week(store, week1):
    """Week 1 ends Sunday with S1 on P (16-24) and S3 on A; week 2 (solved with the tail from
    the store) starts Monday with S1 off and S3 on A (08-16)."""
    data, roster = week1
    v1 = repo.publish(store, data, roster)
    week2_start = MONDAY + timedelta(days=7)
    data2, people = repo.with_store_tails(store, data, week2_start)
    assert people == 3
    week2 = {"S1": WEEK1["S3"], "S2": WEEK1["S2"], "S3": WEEK1["S1"]}
    v2 = repo.publish(store, data2, hand_roster(data2, week2_start, week2))
    # week 2, Monday: S1 taking S3's A right after Sunday's P leaves 8 h rest (stored tail)
    with pytest.raises(StoreError, match="两班之间最少休息"):
        repo.swap(store, v2.id, week2_start, "S1", "S3")
    # week 1, Sunday: S3 taking S1's P would leave S3 8 h before Monday's A in week 2
    sunday = MONDAY + timedelta(days=6)
    with pytest.raises(StoreError, match=f"与下一期版本 {v2.id} 衔接"):
        repo.swap(store, v1.id, sunday, "S1", "S3")
    assert count(store, VersionRow) == 2
    # a swap that keeps the boundary legal goes through (S2 off Sunday takes S1's P;
    # S2 works P on Monday of week 2: 16 h rest)
    assert repo.swap(store, v1.id, sunday, "S1", "S2").version.parent_id == v1.id


# -- tail carried into the next solve -----------------------------------------------------------
@pytest.mark.parametrize("last_shift, rule", [("N", "夜班后次日不上白班"),
                                              ("P", "两班之间最少休息")])
def test_tail_from_store_forbids_first_morning_shift_of_next_week(store, last_shift, rule):
    """Week 1: S1 works the last shift of Sunday (N 00-08 or P 16-24). Week 2: S2 and S3
    asked for Monday off, so without the tail S1 would take Monday's A (08-16); with the
    tail read from the store, S1 must not."""
    demand = (need("A"), need(last_shift, days=("sunday",)))
    data = tiny(posts=(post("P1", *demand),))
    week1 = {"S1": (OFF,) * 6 + (last_shift,),
             "S2": ("A", OFF, "A", OFF, "A", OFF, "A"),
             "S3": (OFF, "A", OFF, "A", OFF, "A", OFF)}
    roster1 = hand_roster(data, MONDAY, week1)
    assert evaluate(data, MONDAY, 7, list(roster1.assignments)).violations == []
    repo.publish(store, data, roster1)
    monday2 = MONDAY + timedelta(days=7)
    wishes = tuple(Request(staff_id=s, day=monday2, kind=RequestKind.DAY_OFF, weight=500)
                   for s in ("S2", "S3"))
    data2 = data.with_changes(requests=wishes)
    without_tail = solve_checked(data2, monday2, 7, time_limit_s=10)
    assert ("S1", "A") in {(a.staff_id, a.shift) for a in without_tail.assignments
                           if a.day == monday2}
    with_tail, people = repo.with_store_tails(store, data2, monday2)
    assert people is not None
    tail = {t.staff_id: t for t in with_tail.tails}["S1"]
    assert tail.last_shift_day == MONDAY + timedelta(days=6)
    assert tail.last_shift_was_night is (last_shift == "N")
    solved = solve_checked(with_tail, monday2, 7, time_limit_s=10)
    assert not [a for a in solved.assignments if a.staff_id == "S1" and a.day == monday2]
    # the checker (which evaluate() of solve_checked used) names the rule for the bad cell
    bad = [*solved.assignments, repo.make_assignment(with_tail, "S1", monday2, "P1", "A")]
    bad = [a for a in bad if not (a.day == monday2 and a.staff_id != "S1" and a.shift == "A")]
    names = {repo.rule_name(with_tail, v.rule) for v in evaluate(with_tail, monday2, 7, bad)
             .violations}
    assert rule in names


def test_tail_counts_consecutive_days_nights_weekends_and_overtime(store):
    data = tiny(posts=(post("P1", need("A"), need("N", days=("saturday",))),))
    # S1 works A Tue..Sun (6 days in a row up to the new start), S2 the Saturday night
    week1 = {"S1": (OFF, "A", "A", "A", "A", "A", "A"),
             "S2": ("A", OFF, OFF, OFF, OFF, "N", OFF),
             "S3": (OFF,) * 7}
    repo.publish(store, data, hand_roster(data, MONDAY, week1))
    start = MONDAY + timedelta(days=7)
    tails = {t.staff_id: t for t in repo.tails_before(store, data, start)}
    assert tails["S1"].consecutive_days == 6
    assert tails["S1"].last_shift_day == start - timedelta(days=1)
    assert tails["S1"].weekend_days == 2  # Sat 5 and Sun 6 December
    assert tails["S2"].consecutive_days == 0 and tails["S2"].nights == 1
    assert not tails["S2"].last_shift_was_night or tails["S2"].last_shift_day == date(2026, 12, 5)
    # 6 x 8 h in Dec 1-6 against 4 workdays x 8 h: 16 h at 200 % (checker's count)
    assert tails["S1"].overtime_minutes == 16 * 60
    assert "S3" not in tails
    # no roster before the start: nothing to carry, data unchanged
    assert repo.tails_before(store, data, MONDAY) is None
    same, people = repo.with_store_tails(store, data, MONDAY)
    assert same is data and people is None
    # the next solve from the store gives S1 Monday off (7 days in a row is a hard breach)
    carried, _ = repo.with_store_tails(store, data, start)
    solved = solve_checked(carried, start, 7, time_limit_s=10)
    assert not [a for a in solved.assignments if a.staff_id == "S1" and a.day == start]


# -- replan -------------------------------------------------------------------------------------
def test_replan_is_stored_as_new_version_with_sickness_audit(store, week1):
    from model.events import Absence, AbsenceKind
    from solver.replan import replan
    from solver.solve import SolveOptions

    data, roster = week1
    v1 = repo.publish(store, data, roster)
    absence = Absence(staff_id="S2", kind=AbsenceKind.SICK, start=THURSDAY, end=THURSDAY)
    result = replan(data, roster, absence, THURSDAY, SolveOptions(time_limit_s=10, workers=2))
    assert result.roster.status.has_roster
    info, audit = repo.record_replan(store, v1.id, data.with_changes(
        absences=(*data.absences, absence)), result.roster, absence, author="护士长")
    assert info.parent_id == v1.id and info.origin == "replan"
    assert repo.get_version(store, v1.id).status == "superseded"
    kinds = {(e.staff_id, e.day): e.kind for e in audit}
    assert kinds[("S2", THURSDAY)] == "sickness"
    assert len(audit) == len(result.changes)
    assert all(k == "replan" for key, k in kinds.items() if key != ("S2", THURSDAY))
    assert [(a.staff_id, a.start) for a in repo.recorded_absences(store, contract=C)] == [
        ("S2", THURSDAY)]


def test_check_swap_names_the_broken_rule_and_writes_nothing(store, week1):
    data, roster = week1
    v1 = repo.publish(store, data, roster)
    check = repo.check_swap(store, v1.id, THURSDAY, "S1", "S2")
    assert "min_rest_hours" in {v.rule for v in check.broken}
    assert count(store, VersionRow) == 1 and count(store, ChangeRow) == 0
    fine = repo.check_swap(store, v1.id, MONDAY, "S1", "S3")
    assert fine.broken == () and fine.warnings == ()
    assert count(store, VersionRow) == 1


def test_check_edit_reports_a_new_gap_as_a_warning(store, week1):
    data, roster = week1
    v1 = repo.publish(store, data, roster)
    check = repo.check_edit(store, v1.id, FRIDAY, "S2", off=True)
    assert check.broken == () and any("缺 1 人" in w for w in check.warnings)
    assert ("S2", FRIDAY) not in check.new and ("S2", FRIDAY) in check.old
    with pytest.raises(StoreError, match="没有改动"):
        repo.check_edit(store, v1.id, MONDAY, "S1", "P1", "A")


def test_restore_publishes_an_earlier_version_again(store, week1):
    data, roster = week1
    v1 = repo.publish(store, data, roster)
    v2 = repo.edit(store, v1.id, FRIDAY, "S2", off=True).version
    with pytest.raises(StoreError, match="不需要恢复"):
        repo.restore(store, v2.id)
    v3 = repo.restore(store, v1.id, reason="撤销误改")
    assert v3.origin == "restore" and v3.status == "published" and v3.origin_label == "恢复旧版本"
    assert repo.get_version(store, v2.id).status == "superseded"
    assert cell(store, v3.id, "S2", FRIDAY) == "P"
    trail = repo.audit_trail(store, v3.id, contract=C)
    assert [(e.staff_id, e.day, e.before, e.after) for e in trail] == [
        ("S2", FRIDAY, "休", "岗位P1 P")]


def test_replan_that_changes_nothing_stores_nothing(store, week1):
    from model.events import Absence, AbsenceKind

    data, roster = week1
    v1 = repo.publish(store, data, roster)
    # S3 is off on Thursday's neighbour Friday: an absence on a day off changes no cell
    absence = Absence(staff_id="S3", kind=AbsenceKind.SICK, start=FRIDAY, end=FRIDAY)
    with pytest.raises(StoreError, match="没有改动"):
        repo.record_replan(store, v1.id, data.with_changes(absences=(absence,)), roster,
                           absence)
    assert count(store, VersionRow) == 1


# -- actual hours --------------------------------------------------------------------------------
def test_actual_hours_planned_vs_actual_with_overtime_categories(store):
    data = week_data()
    start = date(2026, 12, 28)  # Mon; Fri 2027-01-01 is 元旦 (statutory holiday)
    v1 = repo.publish(store, data, hand_roster(data, start, WEEK1))
    friday = start + timedelta(days=4)
    repo.swap(store, v1.id, friday, "S2", "S3", reason="换班")  # S2's P on 元旦 -> S3
    report = repo.actual_report(store, 2027, 1, contract=C)
    rows = {r.staff_id: r for r in report.rows}
    # January days of the roster: Fri 1 (元旦), Sat 2, Sun 3.
    # S2 planned P, P, off = 16 h, actual off, P, off = 8 h; S3 planned off, off, A = 8 h,
    # actual P, off, A = 16 h, 8 of them on the holiday at 300 %; S1 unchanged A, A, P.
    assert (rows["S2"].planned_hours, rows["S2"].actual_hours) == (16, 8)
    assert (rows["S3"].planned_hours, rows["S3"].actual_hours) == (8, 16)
    assert rows["S3"].overtime_300_hours == 8 and rows["S3"].holiday_days == 1
    assert rows["S2"].overtime_300_hours == 0 and rows["S2"].holiday_days == 0
    assert (rows["S1"].planned_hours, rows["S1"].actual_hours) == (24, 24)
    assert rows["S1"].overtime_300_hours == 8 and rows["S1"].weekend_days == 2
    assert report.days_without_roster[0] == date(2027, 1, 4)
    assert len(report.days_without_roster) == 28
    workbook = repo.actual_workbook(report)
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(workbook))["实际工时"]
    assert [c.value for c in sheet[2]][:5] == ["工号", "姓名", "服务项目", "计划工时", "实际工时"]
    assert sheet.cell(row=3, column=1).value == "S1"
    with pytest.raises(StoreError, match="没有已发布的排班"):
        repo.actual_report(store, 2027, 6, contract=C)


def test_the_author_is_a_real_person_without_any_login_variable(monkeypatch):
    import pwd

    from store.versions import author_name

    for name in ("USER", "USERNAME", "LOGNAME", "LNAME"):
        monkeypatch.delenv(name, raising=False)
    assert author_name() == pwd.getpwuid(os.getuid()).pw_name  # the process's account
    assert author_name(" 张三 ") == "张三"
