"""Model-side tests of night shifts per period (solver/rules/nights.py, checked by
solver/check/nights.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from model.rules import (
    MAX_NIGHTS,
    MIN_REST,
)
from tests.conftest import solve_checked
from tests.tiny import MONDAY, need, person, post, tiny


def test_max_nights():
    # 7 days of N needed, cap 8 per 28 days -> ceil(8*7/28) = 2 nights at most.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("N"))],
                rules={MIN_REST: {"value": 0}})
    result = solve_checked(data, MONDAY, 7)
    assert sum(1 for a in result.assignments if a.shift == "N") == 2
    relaxed = tiny(staff=[person("S1")], posts=[post("P1", need("N"))],
                   rules={MIN_REST: {"value": 0}, MAX_NIGHTS: {"value": 28}})
    assert len(solve_checked(relaxed, MONDAY, 7).assignments) == 6
