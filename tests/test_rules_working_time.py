"""Model-side tests of overtime and its pay (solver/rules/working_time.py, checked by
solver/check/working_time.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from datetime import date

import pytest

from model.events import Absence, AbsenceKind, PreviousTail
from model.roster import Assignment
from model.rules import MAX_DAILY_OVERTIME, MAX_SHIFT_LENGTH
from model.shifts import Segment, ShiftType
from model.staff import HoursRegime
from model.training import TrainingAttendance
from model.working_time import HoursPeriod
from solver.check import check_roster
from solver.stored_roster import tail_window, tails_from_cells
from tests.conftest import solve_checked
from tests.tiny import TUESDAY, cells, missing, need, person, post, tiny


def test_overtime_is_paid_and_capped():
    # Long shift L is 10 h: 2 h daily overtime at 150 %; a 3 h cap allows it, 1 h does not.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("L"))])
    paid = solve_checked(data, TUESDAY, 1)
    summary = paid.staff_summary[0]
    assert summary.overtime_150_hours == 2
    # 6000 * 0.6 / 21.75 / 8 = 20.6897 yuan/h; 150 % = 31.03/h -> 52 fen/min -> 120 min
    assert {p.rule: p.count for p in paid.penalties}["overtime_pay"] == 52 * 120
    capped = tiny(staff=[person("S1")], posts=[post("P1", need("L"))],
                  rules={"max_daily_overtime_hours": {"value": 1}})
    assert solve_checked(capped, TUESDAY, 1).assignments == ()


def test_holiday_work_paid_300():
    # 2026-02-16 is a statutory Spring Festival holiday: a 7 h D shift is 7 h at 300 %.
    data = tiny(staff=[person("S1")])
    result = solve_checked(data, date(2026, 2, 16), 1)
    assert result.staff_summary[0].overtime_300_hours == 7
    assert result.staff_summary[0].holiday_days == 1


# -- 综合计算工时 (issue 13): 12-hour shifts, overtime over the approved period ----------
# Unit cost 6000, wage share 0.6: hourly 6000 x 0.6 / 21.75 / 8 = 20.6897 yuan; per minute
# 150 % = 52 fen, 300 % = 103 fen. The month standard is 166.64 h = 9_998 min (9_998.4 before
# rounding), a quarter 3 x 9_998.4 = 29_995 min; a part of a period gets its share by
# calendar days, and a period that began before the horizon counts the tail's minutes (0
# without a tail).

TWELVE = ShiftType(code="T", name="12小时班", segments=(Segment(start="08:00", end="20:00"),))
COMP = {"regime": HoursRegime.COMPREHENSIVE}
#: March 2026 (no holidays): 15 days worked, at most 3 in a row, a day off in every week.
MARCH_WORKED = (2, 3, 4, 6, 7, 9, 10, 11, 13, 14, 16, 17, 18, 20, 21)


def _twelve_hours(staff, **extra):
    return tiny(staff=staff, posts=[post("P1", need("T"))], shifts=(TWELVE,), **extra)


def _march(member, **extra):
    """One person, T needed every day of March 2026, available on MARCH_WORKED only."""
    off = [Absence(staff_id=member.id, kind=AbsenceKind.OTHER, start=date(2026, 3, day),
                   end=date(2026, 3, day)) for day in range(1, 32) if day not in MARCH_WORKED]
    return _twelve_hours([member], absences=tuple(off), **extra)


def _pay(result):
    return {p.rule: p.count for p in result.penalties}.get("overtime_pay", 0)


def test_twelve_hour_shift_allowed_under_comprehensive_refused_under_standard():
    # 标准工时: T has 4 h daily overtime > the 3 h cap -> never assigned, the cell is a gap.
    standard = _twelve_hours([person("S1")])
    refused = solve_checked(standard, TUESDAY, 1)
    assert refused.assignments == () and missing(refused) == 1
    assert [v.rule for v in check_roster(standard, TUESDAY, 1, [_cell(standard, "S1")])] \
        == [MAX_DAILY_OVERTIME]
    # 综合计算工时: no daily overtime; Dec 1 alone gets 9_998.4 / 31 = 323 min of the month's
    # standard, 720 worked -> 397 min at 150 % = 397 x 52 = 20_644 fen.
    comp = _twelve_hours([person("S1", **COMP)])
    allowed = solve_checked(comp, TUESDAY, 1)
    assert cells(allowed) == {("S1", TUESDAY, "P1", "T")}
    assert allowed.staff_summary[0].overtime_150_hours * 60 == pytest.approx(397)
    assert _pay(allowed) == 397 * 52
    # the maximum shift length still holds: 10 h refuses the 12 h shift under any regime
    short = _twelve_hours([person("S1", **COMP)], rules={"max_shift_hours": {"value": 10}})
    assert solve_checked(short, TUESDAY, 1).assignments == ()
    assert [v.rule for v in check_roster(short, TUESDAY, 1, [_cell(short, "S1")])] \
        == [MAX_SHIFT_LENGTH]


def test_comprehensive_overtime_over_a_month():
    # March 2026 as one month period: 15 x 720 = 10_800 min worked, standard 9_998 ->
    # 802 min at 150 % = 802 x 52 = 41_704 fen; under the 36 h cap.
    data = _march(person("S1", **COMP))
    result = solve_checked(data, date(2026, 3, 1), 31)
    assert len(result.assignments) == 15
    assert result.staff_summary[0].overtime_150_hours * 60 == pytest.approx(802)
    assert result.staff_summary[0].overtime_200_hours == 0
    assert _pay(result) == 802 * 52
    # a 10 h cap on the month (600 min): 15 shifts are 802 over, 14 are 10_080 - 9_998 = 82
    capped = _march(person("S1", **COMP), rules={"max_monthly_overtime_hours": {"value": 10}})
    result = solve_checked(capped, date(2026, 3, 1), 31)
    assert len(result.assignments) == 14 and _pay(result) == 82 * 52


def test_comprehensive_overtime_over_a_quarter():
    # Quarter period (Q1 = 90 days, standard 29_995 min): Jan 1..Feb 28 (59 days) is
    # 29_995.2 x 59 / 90 = 19_663 of it, so March's share is 29_995 - 19_663 = 10_332.
    quarter = person("S1", hours_period=HoursPeriod.QUARTER, **COMP)
    # no tail (nothing known worked in Jan-Feb): 10_800 against the quarter's 29_995 -> no
    # overtime, where the month period gives 802 (test above)
    result = solve_checked(_march(quarter), date(2026, 3, 1), 31)
    assert len(result.assignments) == 15 and _pay(result) == 0
    # the tail says 19_000 min were worked in Jan-Feb (663 behind): 19_000 + 10_800 = 29_800
    # <= 29_995 over the quarter -> no overtime at all
    behind = PreviousTail(staff_id="S1", period_minutes=19_000)
    result = solve_checked(_march(quarter, tails=(behind,)), date(2026, 3, 1), 31)
    assert len(result.assignments) == 15 and _pay(result) == 0
    # 20_263 worked (600 over, already counted): 20_263 + 10_800 - 29_995 - 600 = 468 more
    ahead = PreviousTail(staff_id="S1", period_minutes=20_263, period_overtime_minutes=600)
    result = solve_checked(_march(quarter, tails=(ahead,)), date(2026, 3, 1), 31)
    assert _pay(result) == 468 * 52
    # the quarter's cap is 3 x 36 h = 6_480 min: 6_400 already counted leaves 80, so only
    # 14 shifts fit (20_263 + 10_080 - 29_995 - 600 < 0 -> 0 more)
    full = PreviousTail(staff_id="S1", period_minutes=20_263, period_overtime_minutes=6_400)
    result = solve_checked(_march(quarter, tails=(full,)), date(2026, 3, 1), 31)
    assert len(result.assignments) == 14 and _pay(result) == 0


def test_comprehensive_holiday_hours_at_300():
    # 2026-10-01 is a statutory holiday: 720 min at 300 % = 720 x 103 = 74_160 fen, and no
    # period overtime (holiday minutes are not counted against the standard).
    data = _twelve_hours([person("S1", **COMP)])
    result = solve_checked(data, date(2026, 10, 1), 1)
    summary = result.staff_summary[0]
    assert (summary.overtime_300_hours, summary.overtime_150_hours) == (12, 0)
    assert _pay(result) == 720 * 103


def test_tail_carries_the_minutes_of_the_period_so_far():
    # Mar 1..15 has 10 days available, its share of the month is 9_998.4 x 15 / 31 = 4_838:
    # 10 x 720 = 7_200 would be 2_362 over, above the 36 h cap (2_160), so 9 are worked:
    # 6_480 min, 1_642 of overtime so far in the month period.
    member = person("S1", **COMP)
    first = solve_checked(_march(member), date(2026, 3, 1), 15)
    covered = {date(2026, 3, day) for day in range(1, 16)}
    by_day: dict[date, list] = {}
    for a in first.assignments:
        by_day.setdefault(a.day, []).append(a)
    start = date(2026, 3, 16)
    data = _march(member)
    (tail,) = tails_from_cells(data, start, by_day, covered)
    assert (tail.period_minutes, tail.period_overtime_minutes) == (6_480, 1_642)
    # a 90-minute training on a worked day is working time: 6_570 and 1_732
    trained_day = min(by_day)
    training = [TrainingAttendance(staff_id="S1", session_id="T1", day=trained_day, minutes=90)]
    (trained,) = tails_from_cells(data, start, by_day, covered, training)
    assert (trained.period_minutes, trained.period_overtime_minutes) == (6_570, 1_732)
    assert tail_window(start, data)[0] == date(2026, 2, 13)  # 31 days back reach further
    quarter = person("S1", hours_period=HoursPeriod.QUARTER, **COMP)
    assert tail_window(start, _march(quarter))[0] == date(2026, 1, 1)
    # the rest of March continues the period: 5 more shifts, 14 x 720 - 9_998 = 82 over the
    # month in all, 1_642 counted already -> nothing more (the excess only shrank)
    rest = solve_checked(data.with_changes(tails=(tail,)), start, 16)
    assert len(rest.assignments) == 5 and _pay(rest) == 0


def _cell(data, staff_id):
    shift = data.shift_by_code["T"]
    return Assignment(staff_id=staff_id, line_id="L01", post_id="P1", shift="T", day=TUESDAY,
                      segments=(), hours=shift.minutes / 60)


def test_standard_weekly_hours_in_a_week_cut_by_the_month_end():
    # October 2026 ends on a Saturday. Oct 26..31 as the month's last days, A (8 h) every
    # day: the week's standard inside the horizon is its 5 workdays x 8 h = 40 h, so 48 h
    # worked are 8 h at 200 % (69 fen a minute: 6000 x 0.6 / 21.75 / 8 x 2 / 60).
    data = tiny(staff=[person("S1")], posts=[post("P1", need("A"))])
    october = solve_checked(data, date(2026, 10, 26), 6)
    assert len(october.assignments) == 6
    assert october.staff_summary[0].overtime_200_hours == 8
    assert _pay(october) == 480 * 69
    # Sunday Nov 1 in the next month's roster has no standard hours of its own: 8 h at 200 %
    november = solve_checked(data, date(2026, 11, 1), 1)
    assert november.staff_summary[0].overtime_200_hours == 8
    # together 16 h, as the whole week in one roster counts them (7 x 8 - 40)
    whole = tiny(staff=[person("S1")], posts=[post("P1", need("A"))],
                 rules={"weekly_rest_day": {"value": 0}, "max_consecutive_days": {"value": 7}})
    assert solve_checked(whole, date(2026, 10, 26), 7).staff_summary[0].overtime_200_hours \
        == 16


def test_comprehensive_week_period_cut_by_the_month_end():
    # A week period (综合计算工时 by the week) and Dec 28..31 (Mon-Thu) as the last days of
    # December: the horizon has 4 of the week's 7 days, so its share of the 40 h standard is
    # 2_400 x 4 / 7 = 1_371 min; 4 x 720 = 2_880 worked -> 1_509 min at 150 % (52 fen).
    week = person("S1", hours_period=HoursPeriod.WEEK, **COMP)
    result = solve_checked(_twelve_hours([week]), date(2026, 12, 28), 4)
    assert len(result.assignments) == 4
    assert result.staff_summary[0].overtime_150_hours * 60 == pytest.approx(1_509)
    assert _pay(result) == 1_509 * 52
