"""Demand from the doctors' schedule (model/clinics.py, model/staffing.py, model/clinic_import.py)
on tiny hand-checkable cases; every solved roster is re-checked by the independent checker
(conftest.solve_checked)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from model.clinic_import import read_changes, read_schedule
from model.clinics import ChangeKind, ClinicChange, ClinicPeriod, ClinicSchedule, ClinicSession
from model.errors import DataError
from model.posts import Need
from model.staffing import ClinicRoom, Staffing, StaffingRule
from solver.check import evaluate
from tests.conftest import solve_checked
from tests.tiny import MONDAY, SHIFTS, need, person, post, tiny

AM, PM, EVE = ClinicPeriod.MORNING, ClinicPeriod.AFTERNOON, ClinicPeriod.EVENING
ROOMS = (ClinicRoom(id="1诊", department_id="DEP", floor=2),
         ClinicRoom(id="2诊", department_id="DEP", floor=2),
         ClinicRoom(id="3诊", department_id="DEP", floor=2))
EVENING_SHIFT = SHIFTS[2].model_copy(update={"code": "E", "name": "夜诊班"})


def session(doctor: str, room: str, day: date = MONDAY, period=AM) -> ClinicSession:
    return ClinicSession(doctor=doctor, department_id="DEP", day=day, period=period, room=room)


def three_rooms(day: date = MONDAY) -> tuple[ClinicSession, ...]:
    return tuple(session(f"医生{n}", f"{n}诊", day) for n in (1, 2, 3))


def guides(staff=2, rules=None, **extra):
    """Post P1 (shift D, fixed need 1 every day); rule: one guide per 2 open rooms, 1-2."""
    rules = rules or (StaffingRule(post_id="P1", shift="D", per=2, maximum=2),)
    return tiny(staff=[person(f"S{i}") for i in range(1, staff + 1)],
                staffing=Staffing(rooms=ROOMS, rules=rules), **extra)


def schedule(*sessions: ClinicSession) -> ClinicSchedule:
    return ClinicSchedule(months=("2026-11", "2026-12"), sessions=sessions)


def test_three_rooms_need_two_guides_and_a_cancellation_removes_one():
    data = guides().with_clinics(schedule(*three_rooms()))
    p1 = data.post_by_id["P1"]
    assert p1.need_on("D", MONDAY, data.calendar.classify(MONDAY).kind) == Need(min=2, target=2)
    assert {s.room for s in p1.derived_need("D", MONDAY).sources} == {"1诊", "2诊", "3诊"}
    result = solve_checked(data, MONDAY, 1)
    assert len(result.assignments) == 2 and result.gaps == ()
    cancel = ClinicChange(kind=ChangeKind.CANCEL, doctor="医生3", day=MONDAY, period=AM)
    after = data.with_clinics(data.clinics.with_changes((cancel,)))
    assert after.post_by_id["P1"].need_on("D", MONDAY, data.calendar.classify(MONDAY).kind
                                          ) == Need(min=1, target=1)  # 2 rooms / 2 = 1 guide
    result = solve_checked(after, MONDAY, 1)
    assert len(result.assignments) == 1


def test_a_date_without_sessions_needs_nobody_and_outside_the_schedule_the_fixed_need_stays():
    tuesday = MONDAY + timedelta(days=1)
    data = guides().with_clinics(ClinicSchedule(months=("2026-11",), sessions=three_rooms()))
    kind = data.calendar.classify(tuesday).kind
    # MONDAY is 2026-11-30 (covered, three rooms); Tuesday 2026-12-01 is outside the schedule
    assert data.post_by_id["P1"].need_on("D", tuesday, kind) == Need(min=1, target=1)
    closed = guides().with_clinics(schedule(*three_rooms()))
    assert closed.post_by_id["P1"].need_on("D", tuesday, kind) == Need()
    result = solve_checked(closed, MONDAY, 2)
    assert {a.day for a in result.assignments} == {MONDAY}


def test_evening_shift_only_on_evening_clinic_days():
    tuesday, wednesday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    rule = StaffingRule(post_id="P1", shift="E", periods=(EVE,), maximum=1)
    data = tiny(staff=[person("S1"), person("S2")], shifts=(EVENING_SHIFT,),
                posts=[post("P1", need("E"))], staffing=Staffing(rooms=ROOMS, rules=(rule,)),
                rules={"min_rest_hours": {"value": 0}})
    sessions = (session("医生1", "1诊", MONDAY, AM), session("医生1", "1诊", tuesday, EVE))
    data = data.with_clinics(schedule(*sessions))
    result = solve_checked(data, MONDAY, 3)
    assert {(a.day, a.shift) for a in result.assignments} == {(tuesday, "E")}
    assert wednesday not in {a.day for a in result.assignments}


def test_minimum_and_maximum_bound_the_derived_need():
    rule = StaffingRule(post_id="P1", shift="D", per=1, minimum=2, maximum=3, target_per=1)
    assert rule.people(0) == (0, 0)  # closed: nobody, whatever the minimum
    assert rule.people(1) == (2, 2)  # one room: the minimum
    assert rule.people(5) == (3, 3)  # five rooms: capped at the maximum
    optional = StaffingRule(post_id="P1", shift="D", per=4, target_per=2, maximum=2,
                            required=False)
    assert optional.people(3) == (0, 2)  # wanted, never required
    desk = StaffingRule(post_id="P1", shift="D", min_rooms=2, closed=1, maximum=2)
    assert desk.people(1) == (1, 1) and desk.people(3) == (2, 2)  # open without clinics too
    data = guides(staff=3, rules=(rule,)).with_clinics(
        schedule(*three_rooms(), session("医生4", "1诊", MONDAY, PM)))
    result = solve_checked(data, MONDAY, 1)
    assert len(result.assignments) == 3  # three rooms in the morning, at most 3


def test_the_checker_recomputes_coverage_from_the_derived_need():
    data = guides().with_clinics(schedule(*three_rooms()))
    result = solve_checked(data, MONDAY, 1)
    one = list(result.assignments)[:1]
    evaluation = evaluate(data, MONDAY, 1, one)
    row = next(r for r in evaluation.coverage if r.post_id == "P1")
    assert (row.required, row.target, row.assigned, row.shortfall) == (2, 2, 1, 1)
    fixed = evaluate(data.with_clinics(None), MONDAY, 1, one)
    assert next(r for r in fixed.coverage if r.post_id == "P1").shortfall == 0


def test_staffing_rules_refused_for_unknown_posts_shifts_and_rooms():
    bad = (StaffingRule(post_id="NOPE", shift="D", maximum=1),
           StaffingRule(post_id="P1", shift="N", maximum=1),
           StaffingRule(post_id="P1", shift="D", rooms=("9诊",), maximum=1))
    with pytest.raises(DataError) as exc:
        guides(rules=bad)
    messages = [p.message for p in exc.value.problems]
    assert "未知岗位" in messages and "未知诊室" in messages
    assert "该岗位没有按日期类型需求的此班次" in messages


def write(path, rows):
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


HEADER = ("医生", "科室", "日期", "时段", "诊室", "变更")


def test_a_malformed_schedule_lists_every_problem(tmp_path):
    data = guides(contract={"start": "2026-11-01", "months": 12})
    path = write(tmp_path / "2026-11.csv", [
        HEADER,
        ("医生1", "科室", "2026-11-30", "上午", "1诊", ""),
        ("医生1", "科室", "2026-11-30", "上午", "2诊", ""),   # doctor twice in one 时段
        ("医生2", "眼科", "2026-11-30", "上午", "3诊", ""),   # unknown department
        ("医生3", "DEP", "2026-11-30", "中午", "9诊", ""),     # bad 时段, unknown room
        ("医生4", "DEP", "2026-12-01", "上午", "3诊", ""),     # outside the file's month
        ("医生5", "DEP", "2026-11-31", "上午", "3诊", ""),     # no such date
        ("医生9", "DEP", "2026-11-30", "下午", "", "停诊"),    # no matching session
    ])
    with pytest.raises(DataError) as exc:
        read_schedule(path, data)
    found = {(p.row, p.field) for p in exc.value.problems}
    assert {(3, "医生"), (4, "科室"), (5, "时段"), (5, "诊室"), (6, "日期"), (7, "日期"),
            (8, "医生")} <= found
    assert all(p.file == str(path) for p in exc.value.problems)
    assert data.clinics is None  # nothing applied


def test_dates_outside_the_contract_are_named(tmp_path):
    data = guides(contract={"start": "2026-12-01", "months": 12})
    path = write(tmp_path / "2026-11.csv", [HEADER, ("医生1", "DEP", "2026-11-30", "上午",
                                                     "1诊", "")])
    with pytest.raises(DataError) as exc:
        read_schedule(path, data)
    assert [(p.row, p.field) for p in exc.value.problems] == [(2, "日期")]
    assert "合同期" in exc.value.problems[0].message


def test_schedule_and_change_rows_read_from_csv(tmp_path):
    data = guides()
    path = write(tmp_path / "2026-11.csv", [HEADER, *[
        (f"医生{n}", "科室", "2026-11-30", "上午", f"{n}诊", "") for n in (1, 2, 3)]])
    read = read_schedule(path, data)
    assert read.months == ("2026-11",) and len(read.sessions) == 3
    changes = write(tmp_path / "changes.csv", [
        HEADER, ("医生3", "", "2026-11-30", "上午", "", "停诊"),
        ("医生4", "DEP", "2026-11-30", "下午", "3诊", "加诊")])
    applied = read.with_changes(read_changes(changes, data, read))
    assert {(s.doctor, s.period) for s in applied.sessions} == {
        ("医生1", AM), ("医生2", AM), ("医生4", PM)}
    bad = write(tmp_path / "bad.csv", [
        HEADER, ("医生3", "", "2026-11-30", "下午", "", "停诊"),
        ("医生5", "DEP", "2026-11-30", "上午", "1诊", "加诊"),
        ("医生6", "DEP", "2026-11-30", "上午", "", "加诊")])
    with pytest.raises(DataError) as exc:
        read_changes(bad, data, read)
    assert {(p.row, p.field) for p in exc.value.problems} == {(2, "医生"), (3, "诊室"),
                                                              (4, "诊室")}


def test_a_schedule_in_excel_reads_like_csv(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "出诊表"
    sheet.append(list(HEADER))
    sheet.append(["医生1", "科室", date(2026, 11, 30), "上午", "1诊", None])
    sheet.append(["医生2", "科室", date(2026, 11, 30), "晚上", "7诊", None])
    book.save(tmp_path / "2026-11.xlsx")
    with pytest.raises(DataError) as exc:
        read_schedule(tmp_path / "2026-11.xlsx", guides())
    assert [(p.sheet, p.row, p.field) for p in exc.value.problems] == [("出诊表", 3, "诊室")]
