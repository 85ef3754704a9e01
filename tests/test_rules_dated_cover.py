"""Model-side tests of demand by date (solver/rules/dated_cover.py, checked by
solver/check/dated_cover.py) on tiny hand-checkable instances.

Tiny instances of tests/dated.py: one post `B` whose shifts are demanded by date; the
hospital-only rules are switched off unless a test says otherwise.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from datetime import timedelta

from model.events import Request, RequestKind
from model.rules import (
    DATED_COVER_UNDER,
)
from tests.conftest import solve_checked
from tests.dated import data, penalty, rows, worked
from tests.tiny import MONDAY, person


def test_dated_under_cover_costs_the_row_weight_per_missing_person():
    result = solve_checked(data([person("S1")], rows("A", [2], under=7)), MONDAY, 1)
    assert worked(result) == [0] and result.objective == 7
    assert penalty(result, DATED_COVER_UNDER) == 7


def test_over_cover_allowed_and_priced_only_with_an_over_weight():
    wants = tuple(Request(staff_id=s, day=MONDAY, kind=RequestKind.SHIFT_WANTED, shift="A",
                          weight=10) for s in ("S1", "S2"))
    staff = [person("S1"), person("S2")]
    priced = solve_checked(data(staff, rows("A", [1], over=3), requests=wants), MONDAY, 1)
    assert len(priced.assignments) == 2 and priced.objective == 3  # 1 extra x 3 < a request
    capped = solve_checked(data(staff, rows("A", [1]), requests=wants), MONDAY, 1)
    assert len(capped.assignments) == 1 and capped.objective == 10  # no more than target


def test_a_date_without_a_row_or_with_target_zero_and_no_over_weight_is_not_worked():
    want = (Request(staff_id="S1", day=MONDAY, kind=RequestKind.SHIFT_WANTED, shift="A",
                    weight=5),
            Request(staff_id="S1", day=MONDAY + timedelta(days=1), kind=RequestKind.SHIFT_WANTED,
                    shift="A", weight=5))
    result = solve_checked(data([person("S1")], rows("A", [0]), requests=want), MONDAY, 2)
    assert result.assignments == () and result.objective == 10
