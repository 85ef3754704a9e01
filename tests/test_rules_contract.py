"""Model-side tests of the personal contract limits (solver/rules/contract.py, checked by
solver/check/contract.py), the checker on a hand-made roster breaking each of the rules of
demand by date, successions and contract limits, and person blocks (solver.decompose).

Tiny instances of tests/dated.py: one post `B` whose shifts are demanded by date, one to three
people; every roster is re-checked by the independent checker (conftest.solve_checked). The
hospital-only rules are switched off unless a test says otherwise."""

from __future__ import annotations

from datetime import timedelta

from model.events import PreviousTail
from model.roster import Assignment
from model.rules import (
    DATED_COVER_OVER,
    DATED_COVER_UNDER,
    FORBIDDEN_SUCCESSION,
    STAFF_MAX_CONSECUTIVE,
    STAFF_MAX_MINUTES,
    STAFF_MAX_SHIFTS,
    STAFF_MAX_WEEKENDS,
    STAFF_MIN_CONSECUTIVE,
    STAFF_MIN_DAYS_OFF,
    STAFF_MIN_MINUTES,
)
from model.staff import StaffLimits
from solver.check import DATED_COVERAGE_MAX, evaluate
from tests.conftest import solve_checked
from tests.dated import UNDER, data, dated_post, limited, penalty, rows, worked
from tests.tiny import MONDAY, person, tiny

# -- demand by date ------------------------------------------------------------------------


# -- forbidden successions -----------------------------------------------------------------


# -- personal contract limits --------------------------------------------------------------
def test_max_shifts_per_type():
    demand = rows("A", [1, 1, 1])
    two = solve_checked(data([limited(max_shifts={"A": 2})], demand), MONDAY, 3)
    assert len(worked(two)) == 2 and two.objective == UNDER
    none = solve_checked(data([limited(max_shifts={"A": 0})], demand), MONDAY, 3)
    assert none.assignments == () and none.objective == 3 * UNDER
    soft = solve_checked(data([limited(max_shifts={"A": 2})], demand,
                              rules={STAFF_MAX_SHIFTS: {"hard": False, "weight": 4}}), MONDAY, 3)
    assert len(worked(soft)) == 3 and soft.objective == 4


def test_max_total_minutes():
    result = solve_checked(data([limited(max_minutes=960)], rows("A", [1, 1, 1])), MONDAY, 3)
    assert len(worked(result)) == 2 and result.objective == UNDER


def test_min_total_minutes_forces_extra_shifts_hard_or_counts_the_shortfall_soft():
    demand = rows("A", [1, 0, 0], over=1)
    hard = solve_checked(data([limited(min_minutes=3 * 480)], demand), MONDAY, 3)
    assert worked(hard) == [0, 1, 2] and hard.objective == 2  # two extra people on A
    soft = solve_checked(data([limited(min_minutes=3 * 480)], rows("A", [1, 0, 0]),
                              rules={STAFF_MIN_MINUTES: {"hard": False, "weight": 1}}),
                         MONDAY, 3)
    assert worked(soft) == [0] and soft.objective == 960
    assert penalty(soft, STAFF_MIN_MINUTES) == 960


def test_max_consecutive_days_counts_the_previous_tail():
    demand = rows("A", [1, 1, 1, 1])
    plain = solve_checked(data([limited(max_consecutive_days=2)], demand), MONDAY, 4)
    assert len(worked(plain)) == 3 and plain.objective == UNDER
    tail = (PreviousTail(staff_id="S1", consecutive_days=2),)
    after = solve_checked(data([limited(max_consecutive_days=2)], demand, tails=tail),
                          MONDAY, 4)
    assert 0 not in worked(after) and len(worked(after)) == 2 and after.objective == 2 * UNDER


def test_min_consecutive_days_inside_the_horizon_and_exempt_at_its_edges():
    inner = solve_checked(data([limited(min_consecutive_days=2)],
                               rows("A", [0, 0, 1, 0, 0], over=1)), MONDAY, 5)
    assert worked(inner) in ([1, 2], [2, 3]) and inner.objective == 1
    for targets in ([1, 0, 0, 0, 0], [0, 0, 0, 0, 1]):
        edge = solve_checked(data([limited(min_consecutive_days=2)], rows("A", targets, over=1)),
                             MONDAY, 5)
        assert len(worked(edge)) == 1 and edge.objective == 0


def test_min_consecutive_days_off_inside_the_horizon_and_exempt_at_its_edges():
    inner = solve_checked(data([limited(min_consecutive_days_off=2)],
                               rows("A", [1, 0, 1, 0, 0], over=1)), MONDAY, 5)
    assert worked(inner) == [0, 1, 2] and inner.objective == 1
    edge = solve_checked(data([limited(min_consecutive_days_off=2)],
                              rows("A", [0, 1, 0, 0, 1], over=1)), MONDAY, 5)
    assert worked(edge) == [1, 4] and edge.objective == 0


def test_max_weekends_a_saturday_and_its_sunday_are_one_weekend():
    saturdays = rows("A", [0, 0, 0, 0, 0, 1, 0] * 2)
    result = solve_checked(data([limited(max_weekends=1)], saturdays), MONDAY, 14)
    assert len(worked(result)) == 1 and result.objective == UNDER
    both_days = solve_checked(data([limited(max_weekends=1)], rows("A", [0, 0, 0, 0, 0, 1, 1])),
                              MONDAY, 7)
    assert worked(both_days) == [5, 6] and both_days.objective == 0
    soft = solve_checked(data([limited(max_weekends=1)], saturdays,
                              rules={STAFF_MAX_WEEKENDS: {"hard": False, "weight": 2}}),
                         MONDAY, 14)
    assert worked(soft) == [5, 12] and soft.objective == 2


def test_limits_work_alongside_the_hospital_rules():
    # hospital defaults on (weekly rest, max 6 consecutive, overtime...): the contract's
    # stricter max of 3 consecutive days binds in a 7-day week of demand.
    staff = [limited(max_consecutive_days=3)]
    result = solve_checked(tiny(staff=staff, posts=[dated_post(rows("A", [1] * 7, under=10**6))],
                                rules={DATED_COVER_UNDER: {"weight": 1}}), MONDAY, 7)
    runs = worked(result)
    assert len(runs) == 6 and all(runs[i + 3] - runs[i] > 3 for i in range(len(runs) - 3))


# -- the checker on a hand-made roster: one breach of each rule ----------------------------
def _a(day: int, shift: str, staff_id: str = "S1") -> Assignment:
    return Assignment(staff_id=staff_id, line_id="L01", post_id="B", shift=shift,
                      day=MONDAY + timedelta(days=day), segments=(), hours=0)


def test_checker_counts_each_new_rule_on_a_hand_made_roster():
    limits = StaffLimits(max_shifts={"A": 1}, max_minutes=5 * 480, min_minutes=4 * 480,
                         max_consecutive_days=2, min_consecutive_days=2,
                         min_consecutive_days_off=2, max_weekends=0)
    demand = (rows("A", [1] * 14, over=2, under=3), rows("X", [1] * 14, under=1),
              rows("E", [0] * 14, over=1))
    ds = data([person("S1", limits=limits), person("S2")], *demand)
    # S1: A X E - A - - - - - - - X A ; S2: X on day 1 (two people on X, no over weight)
    roster = [_a(0, "A"), _a(1, "X"), _a(2, "E"), _a(4, "A"), _a(12, "X"), _a(13, "A"),
              _a(1, "X", "S2")]
    ev = evaluate(ds, MONDAY, 14, roster)
    c = ev.counts
    assert c[FORBIDDEN_SUCCESSION] == 1  # X on day 1, E on day 2
    assert c[STAFF_MAX_SHIFTS] == 2  # 3 x A > 1
    assert c[STAFF_MAX_MINUTES] == 6 * 480 - 5 * 480
    assert c[STAFF_MIN_MINUTES] == 0
    assert c[STAFF_MAX_CONSECUTIVE] == 1  # days 0-2
    assert c[STAFF_MIN_CONSECUTIVE] == 1  # day 4 alone; days 12-13 touch the end
    assert c[STAFF_MIN_DAYS_OFF] == 1  # day 3 alone; days 5-11 are long enough
    assert c[STAFF_MAX_WEEKENDS] == 1  # days 12-13 are Saturday and Sunday
    assert c[DATED_COVERAGE_MAX] == 1  # X on day 1: two people, target 1, no over weight
    assert c[DATED_COVER_OVER] == 1  # E on day 2: target 0, over weight 1
    assert c[DATED_COVER_UNDER] == 3 * 11 + 12  # A missed on 11 days, X on 12 days
    hard = {v.rule for v in ev.violations}
    assert hard == {FORBIDDEN_SUCCESSION, STAFF_MAX_SHIFTS, STAFF_MAX_MINUTES,
                    STAFF_MAX_CONSECUTIVE, STAFF_MIN_CONSECUTIVE, STAFF_MIN_DAYS_OFF,
                    STAFF_MAX_WEEKENDS, DATED_COVERAGE_MAX}
    assert ev.objective == c[DATED_COVER_UNDER] + c[DATED_COVER_OVER]


# -- person blocks (solver.decompose) --------------------------------------------------------
def test_block_data_reduces_dated_rows_by_the_people_outside_the_block():
    from collections import Counter

    from solver.decompose import block_data, decomposable

    ds = data([person("S1"), person("S2")], rows("A", [2, 1]), rows("X", [1, 0]))
    assert decomposable(ds)
    others = Counter({("B", MONDAY, "A"): 1, ("B", MONDAY + timedelta(days=1), "A"): 3})
    sub = block_data(ds, ["S2"], others)
    assert [s.id for s in sub.staff] == ["S2"]
    targets = {(r.day, r.shift): r.target for r in sub.posts[0].dated_demand}
    assert targets == {(MONDAY, "A"): 1, (MONDAY + timedelta(days=1), "A"): 0,
                       (MONDAY, "X"): 1, (MONDAY + timedelta(days=1), "X"): 0}
    assert not decomposable(tiny())  # demand by day kind couples people


def test_first_roster_by_people_then_full_search_or_scoring_only():
    from model.roster import SolveStatus
    from solver.solve import SolveOptions, solve_roster

    staff = [limited(f"S{i}", min_consecutive_days=2, max_consecutive_days=3,
                     min_consecutive_days_off=2) for i in (1, 2, 3)]
    ds = data(staff, rows("A", [2, 2, 1, 1, 2, 2, 1], over=1), rows("X", [1, 0, 1, 0, 1, 0, 1]))
    direct = solve_checked(ds, MONDAY, 7)
    searched = solve_checked(ds, MONDAY, 7, construct_from_days=7)
    assert searched.objective == direct.objective and searched.status is SolveStatus.OPTIMAL
    assert searched.stats.stages == ("分人构造", "加权")
    scored = solve_roster(ds, MONDAY, 7, SolveOptions(time_limit_s=4, workers=2,
                                                      construct_from_days=7, max_search_cells=1))
    assert scored.status is SolveStatus.FEASIBLE and scored.best_bound is None
    # above max_search_cells (by a bound found without building it) the full model is not
    # even built: the blocks' roster is scored by the checker
    assert scored.stats.stages[0] == "分人构造" and scored.stats.stages[-1] == "检查器评分"
    assert scored.stats.variables == 0 and scored.stats.build_s < 0.05
    ev = evaluate(ds, MONDAY, 7, list(scored.assignments))
    assert ev.violations == [] and ev.objective == scored.objective >= direct.objective


def test_constructed_roster_is_kept_when_the_full_search_finds_nothing():
    staff = [limited(f"S{i}", min_consecutive_days=2, max_consecutive_days=3,
                     min_consecutive_days_off=2) for i in (1, 2, 3)]
    ds = data(staff, rows("A", [2, 2, 1, 1, 2, 2, 1], over=1), rows("X", [1, 0, 1, 0, 1, 0, 1]))
    # the full model's search stops after presolve: no roster from it
    kept = solve_checked(ds, MONDAY, 7, construct_from_days=7,
                         params={"stop_after_presolve": True})
    assert kept.stats.stages == ("分人构造", "加权:无解", "全模型评分")
    assert kept.best_bound is None and kept.assignments
