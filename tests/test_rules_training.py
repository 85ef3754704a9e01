"""Tests of quarterly training placed in the roster (solver/rules/training.py, checked by
solver/check/training.py) on tiny hand-checkable instances.

Every solved roster is re-checked by the independent checker (conftest.solve_checked, which
passes the roster's attendances)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from model.errors import DataError
from model.events import Absence, AbsenceKind
from model.roster import Assignment
from model.rules import TRAINING_MANDATORY, TRAINING_QUARTERLY
from model.training import (
    TrainingAttendance,
    TrainingRecord,
    TrainingSession,
    quarter_bounds,
    training_change_text,
    training_changes,
    untrained_staff,
)
from solver.check import evaluate
from solver.check.evaluate import TRAINING_PLACEMENT
from tests.conftest import solve_checked
from tests.tiny import MONDAY as MONDAY_DAY
from tests.tiny import SHIFTS, TUESDAY, need, person, post, tiny


def session(sid: str = "T1", start: str = "17:30", end: str = "19:00", capacity: int = 1,
            day: date = TUESDAY, **changes) -> TrainingSession:
    return TrainingSession(id=sid, name="院感与消毒隔离", day=day, start=start, end=end,
                           capacity=capacity, **changes)


def penalty_count(result, rule_id: str) -> int:
    return {p.rule: int(p.count) for p in result.penalties}.get(rule_id, 0)


def work(staff_id: str, day: date, shift: str = "D") -> Assignment:
    shift_type = next(s for s in SHIFTS if s.code == shift)
    return Assignment(staff_id=staff_id, line_id="L01", post_id="P1", shift=shift, day=day,
                      segments=tuple(shift_type.segment_datetimes(day)),
                      hours=shift_type.minutes / 60)


def test_two_people_share_one_seat():
    # One session after the day shift with one seat: one of the two attends, the other is
    # reported with the reason (the seat is taken).
    data = tiny(staff=[person("S1"), person("S2")], training_sessions=(session(),))
    result = solve_checked(data, TUESDAY, 1)
    assert len(result.training) == 1
    assert penalty_count(result, TRAINING_QUARTERLY) == 1
    ev = evaluate(data, TUESDAY, 1, list(result.assignments), result.training)
    assert ev.counts[TRAINING_QUARTERLY] == 1
    assert not [g for g in result.gaps]  # the post is covered all the same


def test_two_seats_train_both():
    data = tiny(staff=[person("S1"), person("S2")], training_sessions=(session(capacity=2),))
    result = solve_checked(data, TUESDAY, 1)
    assert {a.staff_id for a in result.training} == {"S1", "S2"}
    assert penalty_count(result, TRAINING_QUARTERLY) == 0


def test_training_never_overlaps_a_shift_and_never_empties_a_post():
    # A morning session 09:00-10:00, two seats; the post needs one person on D (08:00-17:30):
    # one works, the other trains; the one on duty misses it, with the reason.
    data = tiny(staff=[person("S1"), person("S2")],
                training_sessions=(session(start="09:00", end="10:00", capacity=2),))
    result = solve_checked(data, TUESDAY, 1)
    assert len(result.assignments) == 1 and not result.gaps
    trained = {a.staff_id for a in result.training}
    assert trained and trained.isdisjoint({a.staff_id for a in result.assignments})
    assert penalty_count(result, TRAINING_QUARTERLY) == 1
    # alone on the post: coverage wins, the training is missed and reported
    only = tiny(staff=[person("S1")], training_sessions=(session(start="09:00", end="10:00"),))
    alone = solve_checked(only, TUESDAY, 1)
    assert not alone.training and len(alone.assignments) == 1 and not alone.gaps
    ev = evaluate(only, TUESDAY, 1, list(alone.assignments), alone.training)
    assert ev.counts[TRAINING_QUARTERLY] == 1
    message = next(v for v in ev.penalties if v.rule == TRAINING_QUARTERLY)
    assert message.count == 1


def test_reason_names_the_shift_or_the_full_session():
    from solver.check.context import Context
    from solver.check.training import check_training_quarterly

    data = tiny(staff=[person("S1"), person("S2")],
                training_sessions=(session(start="09:00", end="10:00"),))
    on_duty = check_training_quarterly(Context(data, TUESDAY, 1, [work("S1", TUESDAY)],
                                               [_attend("S2")]))
    assert len(on_duty) == 1 and "当时在岗" in on_duty[0].message
    full = tiny(staff=[person("S1"), person("S2")], training_sessions=(session(),))
    seat = check_training_quarterly(Context(full, TUESDAY, 1, [], [_attend("S2", minutes=90)]))
    assert len(seat) == 1 and "名额已满（1/1 人）" in seat[0].message


def _attend(staff_id: str, sid: str = "T1", minutes: int = 60,
            day: date = TUESDAY) -> TrainingAttendance:
    return TrainingAttendance(staff_id=staff_id, session_id=sid, day=day, minutes=minutes)


def test_training_hours_count_as_working_time():
    # D is 7 h; the 1.5 h session after it makes an 8.5 h day: 0.5 h at 150 %.
    data = tiny(staff=[person("S1")], training_sessions=(session(),))
    result = solve_checked(data, TUESDAY, 1)
    assert [a.staff_id for a in result.training] == ["S1"]
    summary = result.staff_summary[0]
    assert summary.hours == 8.5
    assert summary.overtime_150_hours == 0.5
    # the checker without the training: 7 h, no overtime
    ev = evaluate(data, TUESDAY, 1, list(result.assignments))
    assert ev.staff_summary[0].hours == 7 and ev.staff_summary[0].overtime_hours == 0


def test_daily_overtime_cap_counts_training():
    # L is 10 h (2 h overtime); a 1.5 h session on top would be 3.5 h > the 3 h cap: with
    # the person needed on L, the session is not attended.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("L"))],
                training_sessions=(session(start="18:00", end="19:30"),))
    result = solve_checked(data, TUESDAY, 1)
    assert not result.training and len(result.assignments) == 1
    l_shift = next(s for s in SHIFTS if s.code == "L")
    roster = [Assignment(staff_id="S1", line_id="L01", post_id="P1", shift="L", day=TUESDAY,
                         segments=tuple(l_shift.segment_datetimes(TUESDAY)), hours=10)]
    ev = evaluate(data, TUESDAY, 1, roster, [_attend("S1", minutes=90)])
    assert any(v.rule == "max_daily_overtime_hours" for v in ev.violations)


def test_a_training_day_is_no_day_off():
    # S1 alone covers D Monday to Saturday; the week's one session is on Sunday morning.
    # Attending it would leave the week without a day off (劳动法 Art. 38): the checker
    # counts the breach, and the solver does not place it beside six shifts.
    sunday = date(2026, 12, 6)
    data = tiny(staff=[person("S1")],
                posts=[post("P1", need("D", days=("workday", "saturday")))],
                training_sessions=(session(start="09:00", end="10:30", day=sunday),))
    six = [work("S1", MONDAY_DAY + timedelta(days=d)) for d in range(6)]
    rested = evaluate(data, MONDAY_DAY, 7, six, [])
    assert not [v for v in rested.violations if v.rule == "weekly_rest_day"]
    trained = evaluate(data, MONDAY_DAY, 7, six, [_attend("S1", day=sunday, minutes=90)])
    assert [v.rule for v in trained.violations].count("weekly_rest_day") == 1
    result = solve_checked(data, MONDAY_DAY, 7)
    assert len(result.assignments) + len(result.training) <= 6


def test_already_trained_this_quarter_is_not_planned_again():
    done = (TrainingRecord(staff_id="S1", day=date(2026, 10, 20), topic="消防安全"),)
    data = tiny(staff=[person("S1"), person("S2")], training_sessions=(session(),),
                training_done=done)
    result = solve_checked(data, TUESDAY, 1)
    assert [a.staff_id for a in result.training] == ["S2"]
    assert penalty_count(result, TRAINING_QUARTERLY) == 0
    assert [s.id for s in untrained_staff(data.staff, TUESDAY, done)] == ["S2"]
    assert [s.id for s in untrained_staff(data.staff, TUESDAY, done, result.training)] == []


def test_mandatory_session_for_its_line_and_leave_excused():
    leave = Absence(staff_id="S2", kind=AbsenceKind.ANNUAL, start=TUESDAY, end=TUESDAY)
    done = (TrainingRecord(staff_id="S1", day=date(2026, 10, 20)),
            TrainingRecord(staff_id="S3", day=date(2026, 10, 20)))
    data = tiny(staff=[person("S1"), person("S2"), person("S3")],
                training_sessions=(session(capacity=3, mandatory=True),),
                training_done=done, absences=(leave,))
    result = solve_checked(data, TUESDAY, 1)
    assert {a.staff_id for a in result.training} == {"S1", "S3"}  # trained, yet mandatory
    assert penalty_count(result, TRAINING_MANDATORY) == 0
    # a roster without S3 in it: one mandatory miss, named by the checker
    ev = evaluate(data, TUESDAY, 1, [work("S1", TUESDAY)], [_attend("S1", minutes=90)])
    assert ev.counts[TRAINING_MANDATORY] == 1


def test_checker_rejects_bad_attendances():
    data = tiny(staff=[person("S1"), person("S2")],
                training_sessions=(session(start="09:00", end="10:00"),))
    # overlapping its own shift, and the only seat taken twice
    ev = evaluate(data, TUESDAY, 1, [work("S1", TUESDAY)],
                  [_attend("S1"), _attend("S2")])
    messages = [v.message for v in ev.violations if v.rule == TRAINING_PLACEMENT]
    assert any("时间重叠" in m for m in messages)
    assert any("超过名额 1 人" in m for m in messages)
    # a session from another line's list
    other = tiny(staff=[person("S1")],
                 training_sessions=(session(start="09:00", end="10:00", lines=("L01",)),))
    assert evaluate(other, TUESDAY, 1, [], [_attend("S1")]).violations == []
    wrong_minutes = evaluate(other, TUESDAY, 1, [], [_attend("S1", minutes=30)])
    assert [v.rule for v in wrong_minutes.violations] == [TRAINING_PLACEMENT]


def test_sessions_outside_the_horizon_or_other_lines_ask_nothing():
    later = session(day=date(2026, 12, 20))
    data = tiny(staff=[person("S1")], training_sessions=(later,))
    result = solve_checked(data, TUESDAY, 1)
    assert not result.training and penalty_count(result, TRAINING_QUARTERLY) == 0
    with pytest.raises(DataError):
        tiny(staff=[person("S1")], training_sessions=(session(lines=("L99",)),))


def test_quarter_bounds():
    assert quarter_bounds(date(2027, 2, 14)) == (date(2027, 1, 1), date(2027, 3, 31))
    assert quarter_bounds(date(2026, 12, 1)) == (date(2026, 10, 1), date(2026, 12, 31))


# -- the roster store: attendances saved and read back with their version ----------------------
pytest_plugins = ("tests.pg",)  # the store_url and store fixtures


def test_store_round_trip_and_the_quarter_so_far(store):
    from ui import roster_service as repo

    data = tiny(staff=[person("S1"), person("S2")], training_sessions=(
        session(capacity=2), session("T2", day=date(2026, 12, 8), capacity=2)))
    result = solve_checked(data, TUESDAY, 1)
    assert {a.staff_id for a in result.training} == {"S1", "S2"}
    info = repo.publish(store, data, result)
    _, _, stored = repo.load_version(store, info.id)
    assert stored.training == result.training
    assert stored.staff_summary == result.staff_summary  # training hours recomputed
    assert info.checker_objective == result.objective
    # the next week's solve reads the quarter's trainings: nobody is placed again
    later = date(2026, 12, 8)
    carried, count = repo.with_store_training(store, data, later)
    assert count == 2 and {r.staff_id for r in carried.training_done} == {"S1", "S2"}
    again = solve_checked(carried, later, 1)
    assert again.training == () and penalty_count(again, TRAINING_QUARTERLY) == 0
    # without the store's records both would be placed in T2 again
    assert len(solve_checked(data, later, 1).training) == 2


def test_stored_training_counts_in_actual_hours_and_the_next_tail(store):
    # S1 works D (7 h) and attends the 1.5 h session: 8.5 h, 0.5 h at 150 % in the month's
    # actual and planned hours, and the tail the next day carries the 30 min of overtime.
    from ui import roster_service as repo

    data = tiny(staff=[person("S1")], training_sessions=(session(),))
    result = solve_checked(data, TUESDAY, 1)
    assert [a.staff_id for a in result.training] == ["S1"]
    repo.publish(store, data, result)
    report = repo.actual_report(store, TUESDAY.year, TUESDAY.month, contract=data.contract.id)
    (row,) = report.rows
    assert (row.planned_hours, row.actual_hours) == (8.5, 8.5)
    assert row.overtime_150_hours == 0.5
    (tail,) = repo.tails_before(store, data, date(2026, 12, 2))
    assert tail.overtime_minutes == 30


def test_an_edit_onto_a_training_is_refused(store):
    from ui import roster_service as repo
    from ui.roster_service import StoreError

    data = tiny(staff=[person("S1"), person("S2")],
                training_sessions=(session(start="09:00", end="10:00"),))
    result = solve_checked(data, TUESDAY, 1)
    trainee = result.training[0].staff_id
    info = repo.publish(store, data, result)
    with pytest.raises(StoreError, match="培训"):
        repo.edit(store, info.id, TUESDAY, trainee, post="P1", shift="D")


# -- the data file: validated like the other optional files ------------------------------------
def test_training_file_problems_are_located_and_nothing_loads(tmp_path):
    import shutil

    from model.loaders import DATA_DIR, load_dataset

    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("benchmarks"))
    path = folder / "training.yaml"
    path.write_text("\n".join([
        "sessions:",
        "  - id: A1",                                   # line 2
        "    name: 院感",
        "    day: 2027-01-13",
        "    start: '19:00'",
        "    end: '18:00'",                             # ends before it starts
        "    capacity: 10",
        "  - id: A2",                                   # line 8
        "    name: 礼仪",
        "    day: 2027-01-14",
        "    start: '17:45'",
        "    end: '19:15'",
        "    capacity: 10",
        "    lines: [L99]",                             # line 14: no such line
        "attended:",
        "  - staff_id: W999",                           # line 16: no such person
        "    day: 2027-01-05",
        ""]), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    mine = [p for p in info.value.problems if p.file == str(path)]
    assert len(mine) == 3, mine
    rows = sorted(p.row for p in mine)
    assert rows[0] == 2 and 14 in rows and 16 in rows
    # the embedded file loads: seven sessions of Q1 2027, none attended yet
    data = load_dataset()
    assert len(data.training_sessions) == 7 and data.training_done == ()
    assert {s.day.month for s in data.training_sessions} == {1, 2, 3}


# -- output: the compliance report, the grid, the workbook and its legend ----------------------
def test_compliance_lists_who_has_no_training_yet_this_quarter():
    from model.compliance import quarter_training

    done = (TrainingRecord(staff_id="S1", day=date(2026, 10, 20), topic="消防安全"),)
    data = tiny(staff=[person("S1"), person("S2"), person("S3", hire_date=date(2027, 1, 1))],
                training_sessions=(session(day=date(2026, 12, 8)),), training_done=done)
    rows = {r.staff_id: r for r in quarter_training(data, TUESDAY)}
    assert set(rows) == {"S1", "S2"}  # S3 is not hired yet
    assert rows["S1"].trained and "消防安全" in rows["S1"].detail
    assert not rows["S2"].trained and "2026-12-08" in rows["S2"].detail
    assert rows["S2"].quarter == "2026 年第四季度"
    attended = [_attend("S2", day=date(2026, 12, 8), minutes=90)]
    later = {r.staff_id: r for r in quarter_training(data, date(2026, 12, 9), attended)}
    assert later["S2"].trained


def test_training_shows_as_its_mark_in_the_grid_and_the_workbook():
    from io import BytesIO

    from openpyxl import load_workbook

    from model.roster_excel import roster_workbook
    from ui.grid import roster_grid_html

    data = tiny(staff=[person("S1"), person("S2")], training_sessions=(session(capacity=2),))
    result = solve_checked(data, TUESDAY, 1)
    html_text = roster_grid_html(data, result)
    assert html_text.count("培训：院感与消毒隔离 17:30-19:00（1.5 小时，计入工时）") == 2
    assert "季度业务培训" in html_text  # the legend
    sheet = load_workbook(BytesIO(roster_workbook(data, result)))["排班表"]
    marked = [c for row in sheet.iter_rows() for c in row
              if isinstance(c.value, str) and c.value.split("\n")[-1] == "训"]
    assert len(marked) == 3  # two people's cells and the legend's sample
    assert any(c.comment and "计入工时" in c.comment.text for c in marked)


def test_a_replan_keeps_the_training_already_held():
    # Two sessions, one seat each, on Tuesday and Wednesday; the one placed on Wednesday falls
    # sick that day. Re-planned from Wednesday, Tuesday's attendance stays as it was (it has
    # happened): the sick person misses the quarter's training, reported, rather than the
    # roster moving the colleague out of a session already held.
    from solver.replan import replan
    from solver.solve import SolveOptions

    wednesday = date(2026, 12, 2)
    data = tiny(staff=[person("S1"), person("S2")],
                training_sessions=(session("T1"), session("T2", day=wednesday)))
    published = solve_checked(data, TUESDAY, 2)
    placed = {a.session_id: a.staff_id for a in published.training}
    assert set(placed) == {"T1", "T2"}
    sick = Absence(staff_id=placed["T2"], kind=AbsenceKind.SICK, start=wednesday,
                   end=wednesday)
    replanned = replan(data, published, sick, wednesday, SolveOptions(time_limit_s=20, workers=2))
    result = replanned.roster
    assert [(a.session_id, a.staff_id) for a in result.training] == [("T1", placed["T1"])]
    # the cancelled attendance is one of the changes to tell
    assert [(c.staff_id, c.session_id, c.day, c.added) for c in replanned.training] == [
        (placed["T2"], "T2", wednesday, False)]
    assert training_change_text(replanned.training[0], data.training_session_by_id) == (
        "取消培训：院感与消毒隔离 17:30-19:00")
    assert penalty_count(result, TRAINING_QUARTERLY) == 1
    assert any("培训未安排" in note and "病假" not in note for note in result.notes)


def test_training_changes_list_added_and_cancelled_from_a_day():
    before = [_attend("S1", "T1"), _attend("S2", "T1", day=date(2026, 11, 30))]
    after = [_attend("S2", "T1", day=date(2026, 11, 30)), _attend("S3", "T1")]
    changes = training_changes(before, after, TUESDAY)
    assert [(c.staff_id, c.added) for c in changes] == [("S1", False), ("S3", True)]
    assert training_changes(before, after, date(2026, 12, 2)) == []  # all before the day
    assert training_changes(before, before, TUESDAY) == []


def test_the_embedded_hospital_trains_everyone_in_january_2027():
    # Q1 2027's example sessions: all 46 placed in January with no gap (data/README.md).
    from model.loaders import load_dataset

    data = load_dataset()
    result = solve_checked(data, date(2027, 1, 1), 31, time_limit_s=60)
    assert not result.gaps
    assert {a.staff_id for a in result.training} == {s.id for s in data.vendor_staff()}
    assert penalty_count(result, TRAINING_QUARTERLY) == 0
    assert penalty_count(result, TRAINING_MANDATORY) == 0
    shifts = {(a.staff_id, a.day): a for a in result.assignments}
    sessions = data.training_session_by_id
    for attendance in result.training:  # after the day's shift, never during it
        worked = shifts.get((attendance.staff_id, attendance.day))
        begins = sessions[attendance.session_id].start
        if worked is not None:
            assert worked.segments[-1][1].strftime("%H:%M") <= begins
