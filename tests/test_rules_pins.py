"""Model-side tests of pinned cells (solver/rules/pins.py, checked by
solver/check/pins.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from datetime import timedelta

from model.events import Absence, AbsenceKind
from model.roster import SolveStatus
from model.rules import (
    MIN_REST,
)
from solver.solve import SolveOptions, solve_roster
from tests.conftest import solve_checked
from tests.tiny import TUESDAY, need, person, post, tiny


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
