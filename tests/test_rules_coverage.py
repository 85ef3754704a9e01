"""Model-side tests of coverage, the cover rule and 24-hour posts
(solver/rules/coverage.py, checked by solver/check/coverage.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from model.posts import CoverRule
from model.roster import SolveStatus
from model.rules import (
    COVER_ABSORB,
    MIN_REST,
)
from tests.conftest import solve_checked
from tests.tiny import TUESDAY, missing, need, person, post, tiny


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
