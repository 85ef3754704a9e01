"""Model-side tests of consecutive working days and the weekly day off
(solver/rules/sequence.py, checked by solver/check/sequence.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from datetime import timedelta

from model.events import PreviousTail
from model.rules import (
    MAX_CONSECUTIVE,
    MAX_MONTHLY_OVERTIME,
    WEEKLY_REST,
)
from tests.conftest import solve_checked
from tests.tiny import MONDAY, TUESDAY, missing, person, tiny


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
