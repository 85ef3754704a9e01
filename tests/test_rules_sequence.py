"""Model-side tests of consecutive working days and the weekly day off
(solver/rules/sequence.py, checked by solver/check/sequence.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from datetime import date, timedelta

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


def test_weekly_rest_in_the_partial_weeks_at_the_end_of_a_month():
    # Dec 24 (Thu)..Dec 31 (Thu), D every day, one person, 14 days in a row allowed. The week
    # of Dec 21 began before the start: with Mon-Wed worked (tail of 3 days in a row) Dec
    # 24..27 must hold its day off; the week of Dec 28 ends after Dec 31, so Jan 1..3 (the
    # next roster's) may still give its rest: 7 of the 8 days are worked.
    relaxed = {MAX_CONSECUTIVE: {"value": 14}, MAX_MONTHLY_OVERTIME: {"value": 100}}
    start = date(2026, 12, 24)
    tail = PreviousTail(staff_id="S1", consecutive_days=3)
    data = tiny(staff=[person("S1")], tails=(tail,), rules=relaxed)
    result = solve_checked(data, start, 8)
    worked = {a.day for a in result.assignments}
    assert len(worked) == 7 and not {start + timedelta(d) for d in range(4)} <= worked
    # no tail: nothing is known worked on Dec 21..23, so that week has had its rest -> all 8
    assert len(solve_checked(tiny(staff=[person("S1")], rules=relaxed), start, 8)
               .assignments) == 8
