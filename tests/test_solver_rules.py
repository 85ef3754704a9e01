"""One tiny hand-checkable instance per rule: each fails without the rule.

Every roster is re-checked by the independent checker (conftest.solve_checked)."""

from __future__ import annotations

from datetime import date, timedelta

from model.events import Absence, AbsenceKind, PreviousTail, Request, RequestKind
from model.posts import CoverRule
from model.roster import SolveStatus
from model.rules import (
    BORROWED_POST,
    COVER_ABSORB,
    FAIR_WEEKENDS,
    MAX_CONSECUTIVE,
    MAX_MONTHLY_OVERTIME,
    MAX_NIGHTS,
    MIN_REST,
    NO_DAY_AFTER_NIGHT,
    REQUESTS,
    WEEKLY_REST,
)
from model.staff import Certificate
from solver.solve import SolveOptions, solve_roster
from tests.conftest import solve_checked
from tests.tiny import MONDAY, TUESDAY, need, person, post, tiny


def cells(result):
    return {(a.staff_id, a.day, a.post_id, a.shift) for a in result.assignments}


def missing(result) -> int:
    return sum(g.missing for g in result.gaps)


def test_coverage_min_fills_each_required_shift():
    # 3 staff, D needs 2 on a Tuesday: 2 assigned, no gap, the third off.
    data = tiny(posts=[post("P1", need("D", 2))])
    result = solve_checked(data, TUESDAY, 1)
    assert len(result.assignments) == 2 and missing(result) == 0


def test_gap_is_listed_not_fatal_with_reason():
    # 1 staff, D needs 2: one gap of 1, reason names the only person as already working.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("D", 2))])
    result = solve_checked(data, TUESDAY, 1)
    assert result.status is SolveStatus.OPTIMAL
    assert [(g.missing, g.post_id, g.shift) for g in result.gaps] == [(1, "P1", "D")]
    assert any("S1" in r and "已排" in r for r in result.gaps[0].reasons)


def test_hospital_supply_reduces_what_the_roster_fills():
    # min 2 with hospital supply 1 -> 1 vendor person, and no more than target allowed.
    data = tiny(posts=[post("P1", need("D", 2, supply=1))])
    result = solve_checked(data, TUESDAY, 1)
    assert len(result.assignments) == 1 and missing(result) == 0


def test_target_is_soft_min_is_gap():
    # min 1, target 2, one person: no gap (min met) but one target shortfall penalised.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("D", 1, 2))])
    result = solve_checked(data, TUESDAY, 1)
    assert missing(result) == 0
    assert {p.rule: p.count for p in result.penalties}["coverage_target"] == 1


def _clinic(staff, demand):
    from model.shifts import Segment, ShiftType
    split = (Segment(start="08:00", end="12:00"), Segment(start="14:30", end="17:30"))
    clinic = (ShiftType(code="导", name="导班", segments=(Segment(start="07:45", end="12:00"),
                                                         Segment(start="14:15", end="17:00"))),
              ShiftType(code="副", name="副班", segments=split),
              ShiftType(code="雾", name="雾化班", segments=split))
    return tiny(staff=staff, posts=[post("C", *demand)], shifts=clinic,
                cover_rules=(CoverRule(post_id="C", shift="雾", absorbers=("导", "副")),))


def test_cover_rule_daoban_absorbs_wuhua():
    # 导 and 雾 need 1 each, one person: working 导 absorbs 雾 (顶替), no gap;
    # working 雾 would leave 导 uncovered (1,000,000), so 导 + absorption (2,000) wins.
    clinic = _clinic([person("S1")], [need("导"), need("副", 0), need("雾")])
    result = solve_checked(clinic, TUESDAY, 1)
    [a] = result.assignments
    assert (a.shift, a.cover_for) == ("导", "雾")
    assert missing(result) == 0
    assert {p.rule: p.count for p in result.penalties}[COVER_ABSORB] == 1


def test_cover_rule_fuban_absorbs_when_no_daoban():
    # Only 副 and 雾 are needed (no 导 that day): 副 absorbs 雾.
    clinic = _clinic([person("S1")], [need("导", 0), need("副"), need("雾")])
    result = solve_checked(clinic, TUESDAY, 1)
    [a] = result.assignments
    assert (a.shift, a.cover_for) == ("副", "雾")


def test_cover_rule_not_used_when_wuhua_is_worked():
    # Two people: 导 and 雾 both worked, no 顶替 and no absorption penalty.
    clinic = _clinic([person("S1"), person("S2")], [need("导"), need("副", 0), need("雾")])
    result = solve_checked(clinic, TUESDAY, 1)
    assert sorted(a.shift for a in result.assignments) == ["导", "雾"]
    assert all(a.cover_for is None for a in result.assignments)
    assert COVER_ABSORB not in {p.rule for p in result.penalties}


def test_borrowed_only_where_trained_and_penalised():
    # Post P2 of line L02 needs 1; S1 (L01) is trained for P2, S2 (L01) is not.
    from tests.tiny import line
    staff = [person("S1", skills=("P2",)), person("S2")]
    data = tiny(staff=staff, lines=(line("L01", 2), line("L02", 0)),
                posts=[post("P2", need("D"), lines=("L02",))])
    result = solve_checked(data, TUESDAY, 1)
    assert cells(result) == {("S1", TUESDAY, "P2", "D")}
    assert result.assignments[0].borrowed
    assert {p.rule: p.count for p in result.penalties}[BORROWED_POST] == 1


def test_expired_certificate_blocks_the_post_from_expiry():
    # Post needs C1; S1's C1 expires 2026-12-01: works Tue, not Wed -> one gap on Wed.
    staff = [person("S1", certificates=(Certificate(type_id="C1", expires_on=TUESDAY),))]
    data = tiny(staff=staff, posts=[post("P1", need("D"), certs=("C1",))])
    result = solve_checked(data, TUESDAY, 2)
    assert [a.day for a in result.assignments] == [TUESDAY]
    assert [g.day for g in result.gaps] == [TUESDAY + timedelta(days=1)]
    assert any("过期" in r for r in result.gaps[0].reasons)


def test_approved_absence_is_hard():
    staff = [person("S1")]
    absence = Absence(staff_id="S1", kind=AbsenceKind.ANNUAL, start=TUESDAY, end=TUESDAY)
    data = tiny(staff=staff, absences=(absence,))
    result = solve_checked(data, TUESDAY, 1)
    assert result.assignments == () and missing(result) == 1
    assert any("年假" in r for r in result.gaps[0].reasons)


FRIDAY = date(2026, 12, 4)


def rest_case(**rules):
    # Fri needs P (16-24), Sat needs A (08-16); one person: P then A leaves 8 h rest.
    return tiny(staff=[person("S1")],
                posts=[post("P1", need("P", days=("workday",)), need("A", days=("saturday",)))],
                rules=rules)


def test_min_rest_across_midnight():
    hard = solve_checked(rest_case(), FRIDAY, 2)
    assert missing(hard) == 1  # 12 h rest: only one of the two shifts
    assert missing(solve_checked(rest_case(**{MIN_REST: {"value": 8}}), FRIDAY, 2)) == 0


def test_min_rest_soft_is_counted():
    result = solve_checked(rest_case(**{MIN_REST: {"hard": False, "weight": 1}}), FRIDAY, 2)
    assert missing(result) == 0
    assert {p.rule: p.count for p in result.penalties}.get(MIN_REST) == 1


def test_rest_counts_the_previous_roster_tail():
    # The tail ends at 24:00 the day before; an A shift at 08:00 would leave 8 h.
    from datetime import datetime
    tail = PreviousTail(staff_id="S1", consecutive_days=1,
                        last_shift_end=datetime(2026, 12, 1, 0, 0))
    data = tiny(staff=[person("S1")], posts=[post("P1", need("A"))], tails=(tail,))
    result = solve_checked(data, TUESDAY, 1)
    assert result.assignments == () and missing(result) == 1


def test_no_day_shift_after_night():
    # N (00-08) on Fri, D on Sat: 24 h of rest, but the rule forbids a day shift after a night.
    def case(**rules):
        return tiny(staff=[person("S1")],
                    posts=[post("P1", need("N", days=("workday",))),
                           post("P2", need("D", days=("saturday",)))], rules=rules)
    assert missing(solve_checked(case(), FRIDAY, 2)) == 1
    assert missing(solve_checked(case(**{NO_DAY_AFTER_NIGHT: {"hard": False, "weight": 0}}),
                                 FRIDAY, 2)) == 0


def test_max_consecutive_days_with_tail():
    # Max 3 days; the tail has 2 days worked: only 1 of the first 2 days may be worked
    # before a day off.
    tail = PreviousTail(staff_id="S1", consecutive_days=2)
    data = tiny(staff=[person("S1")], tails=(tail,), rules={MAX_CONSECUTIVE: {"value": 3}})
    result = solve_checked(data, TUESDAY, 3)
    worked = [a.day for a in result.assignments]
    assert TUESDAY + timedelta(1) not in worked or TUESDAY not in worked
    assert len(worked) == 2  # day 1 or 2 off, then day 3


def test_weekly_rest_day_in_a_full_week():
    # D every day Mon-Sun, one person, max consecutive relaxed: still one day off.
    data = tiny(staff=[person("S1")], rules={MAX_CONSECUTIVE: {"value": 7},
                                             MAX_MONTHLY_OVERTIME: {"value": 100}})
    result = solve_checked(data, MONDAY, 7)
    assert len(result.assignments) == 6 and missing(result) == 1
    relaxed = tiny(staff=[person("S1")], rules={MAX_CONSECUTIVE: {"value": 7},
                                                WEEKLY_REST: {"value": 0},
                                                MAX_MONTHLY_OVERTIME: {"value": 100}})
    assert len(solve_checked(relaxed, MONDAY, 7).assignments) == 7


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


def test_makeup_workday_counts_as_workday_demand():
    # 2026-02-14 (Sat) is a make-up workday: demand by 'makeup', not 'saturday'.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("D", days=("makeup",)))])
    result = solve_checked(data, date(2026, 2, 14), 2)  # Sat makeup, Sun in-lieu
    assert [a.day for a in result.assignments] == [date(2026, 2, 14)]


def test_max_nights():
    # 7 days of N needed, cap 8 per 28 days -> ceil(8*7/28) = 2 nights at most.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("N"))],
                rules={MIN_REST: {"value": 0}})
    result = solve_checked(data, MONDAY, 7)
    assert sum(1 for a in result.assignments if a.shift == "N") == 2
    relaxed = tiny(staff=[person("S1")], posts=[post("P1", need("N"))],
                   rules={MIN_REST: {"value": 0}, MAX_NIGHTS: {"value": 28}})
    assert len(solve_checked(relaxed, MONDAY, 7).assignments) == 6


def test_fair_weekends_spread():
    # Sat+Sun need 1 each; two staff of one line: fairness gives each one weekend day.
    days = ("saturday", "sunday")
    data = tiny(staff=[person("S1"), person("S2")], posts=[post("P1", need("D", days=days))])
    result = solve_checked(data, date(2026, 12, 5), 2)
    assert sorted(a.staff_id for a in result.assignments) == ["S1", "S2"]
    assert FAIR_WEEKENDS not in {p.rule for p in result.penalties}


def test_day_off_request_honoured():
    # Two staff, one shift; S1 asks for the day off: S2 works.
    request = Request(staff_id="S1", day=TUESDAY, kind=RequestKind.DAY_OFF, weight=5)
    data = tiny(staff=[person("S1"), person("S2")], requests=(request,))
    result = solve_checked(data, TUESDAY, 1)
    assert [a.staff_id for a in result.assignments] == ["S2"]
    # and broken (counted) when S1 is the only one: coverage wins.
    only = tiny(staff=[person("S1")], requests=(request,))
    res = solve_checked(only, TUESDAY, 1)
    assert {p.rule: p.count for p in res.penalties}[REQUESTS] == 5


def test_requested_absence_is_soft():
    absence = Absence(staff_id="S1", kind=AbsenceKind.PERSONAL, start=TUESDAY, end=TUESDAY,
                      approved=False)
    data = tiny(staff=[person("S1"), person("S2")], absences=(absence,))
    assert [a.staff_id for a in solve_checked(data, TUESDAY, 1).assignments] == ["S2"]


def test_pin_is_hard():
    from model.events import Pin
    pin = Pin(staff_id="S2", day=TUESDAY, post_id="P1", shift="D")
    data = tiny(staff=[person("S1"), person("S2")], pins=(pin,))
    assert [a.staff_id for a in solve_checked(data, TUESDAY, 1).assignments] == ["S2"]


def test_pin_on_approved_leave_is_reported_as_conflict():
    from model.events import Pin
    pin = Pin(staff_id="S1", day=TUESDAY, post_id="P1", shift="D")
    absence = Absence(staff_id="S1", kind=AbsenceKind.ANNUAL, start=TUESDAY, end=TUESDAY)
    data = tiny(staff=[person("S1")], pins=(pin,), absences=(absence,))
    result = solve_roster(data, TUESDAY, 1, SolveOptions(time_limit_s=5, workers=1))
    assert result.status is SolveStatus.INFEASIBLE
    assert "员工S1" in result.conflicts[0].message and "年假" in result.conflicts[0].message


def test_pins_against_rest_rule_give_smallest_conflict():
    # Pinned P on Tue and A on Wed for S1 break the 12 h rest: the conflict names both pins
    # and the rest rule, nothing else.
    from model.events import Pin
    days = ("workday",)
    pins = (Pin(staff_id="S1", day=TUESDAY, post_id="P1", shift="P"),
            Pin(staff_id="S1", day=TUESDAY + timedelta(1), post_id="P1", shift="A"))
    data = tiny(staff=[person("S1"), person("S2")],
                posts=[post("P1", need("P", days=days), need("A", days=days))], pins=pins)
    result = solve_roster(data, TUESDAY, 2, SolveOptions(time_limit_s=10, workers=1))
    assert result.status is SolveStatus.INFEASIBLE
    rules = sorted(c.rule for c in result.conflicts)
    assert rules == [MIN_REST, "pin", "pin"], result.conflicts
    assert all("员工S1" in c.message for c in result.conflicts)


def test_staged_solve_never_trades_a_gap_for_a_request():
    # S1 requests the day off with an absurd weight; only S1 can cover: staged keeps coverage.
    request = Request(staff_id="S1", day=TUESDAY, kind=RequestKind.DAY_OFF, weight=10**6)
    data = tiny(staff=[person("S1")], requests=(request,))
    result = solve_checked(data, TUESDAY, 1, staged=True)
    assert missing(result) == 0 and len(result.assignments) == 1


def test_around_the_clock_post_is_checked_minute_by_minute():
    # A 24-hour post with only A (08-16) and P (16-24): 00:00-08:00 is unattended every day.
    data = tiny(staff=[person("S1"), person("S2")],
                posts=[post("F", need("A"), need("P"), around_the_clock=True)],
                rules={MIN_REST: {"value": 0}})
    result = solve_checked(data, TUESDAY, 1)
    assert any("00:00-08:00 无人值守" in note for note in result.notes)
    full = tiny(staff=[person("S1"), person("S2"), person("S3")],
                posts=[post("F", need("A"), need("P"), need("N"), around_the_clock=True)])
    assert not any("无人值守" in n for n in solve_checked(full, TUESDAY, 1).notes)


def test_gap_reason_names_the_rule_that_blocks_the_only_candidate():
    # Fri P (16-24) and Sat A (08-16), one person: one of them is a gap, and the reason
    # says that working it would break the 12 h rest.
    result = solve_checked(rest_case(), FRIDAY, 2)
    [gap] = result.gaps
    assert any("若排此班将违反：两班之间最少休息" in r for r in gap.reasons), gap.reasons
