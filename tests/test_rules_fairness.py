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


def test_fair_weekends_in_proportion_to_days_available():
    # Two weekends (Sat 12-05 .. Sun 12-13), 1 needed each weekend day; S2 is hired on the
    # second Saturday, so can work 2 of the 4 weekend days and counts double: S2 working 1
    # (as 2) and S1 3 spreads 1; S2 2 (as 4) and S1 2 spreads 2; S2 none and S1 4 spreads 4.
    days = ("saturday", "sunday")
    data = tiny(staff=[person("S1"), person("S2", hire_date=date(2026, 12, 12))],
                posts=[post("P1", need("D", days=days))])
    result = solve_checked(data, date(2026, 12, 5), 9)
    worked = sorted(a.staff_id for a in result.assignments)
    assert worked == ["S1", "S1", "S1", "S2"]
    fair = {p.rule: p for p in result.penalties}[FAIR_WEEKENDS]
    assert fair.count == 1
