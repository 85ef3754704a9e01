"""Model-side tests of fair shares of weekends, nights and holidays
(solver/rules/fairness.py, checked by solver/check/fairness.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from datetime import date

from model.rules import (
    FAIR_WEEKENDS,
)
from tests.conftest import solve_checked
from tests.tiny import need, person, post, tiny


def test_fair_weekends_spread():
    # Sat+Sun need 1 each; two staff of one line: fairness gives each one weekend day.
    days = ("saturday", "sunday")
    data = tiny(staff=[person("S1"), person("S2")], posts=[post("P1", need("D", days=days))])
    result = solve_checked(data, date(2026, 12, 5), 2)
    assert sorted(a.staff_id for a in result.assignments) == ["S1", "S2"]
    assert FAIR_WEEKENDS not in {p.rule for p in result.penalties}
