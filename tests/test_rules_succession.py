"""Model-side tests of forbidden shift successions (solver/rules/succession.py, checked by
solver/check/succession.py) on tiny hand-checkable instances.

Tiny instances of tests/dated.py: one post `B` whose shifts are demanded by date; the
hospital-only rules are switched off unless a test says otherwise.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from model.rules import (
    FORBIDDEN_SUCCESSION,
)
from tests.conftest import solve_checked
from tests.dated import UNDER, data, penalty, rows
from tests.tiny import MONDAY, person


def test_forbidden_succession_hard_and_soft():
    demand = (rows("X", [1, 0]), rows("E", [0, 1]))
    hard = solve_checked(data([person("S1")], *demand), MONDAY, 2)
    assert len(hard.assignments) == 1 and hard.objective == UNDER
    soft = solve_checked(data([person("S1")], *demand,
                              rules={FORBIDDEN_SUCCESSION: {"hard": False, "weight": 2}}),
                         MONDAY, 2)
    assert len(soft.assignments) == 2 and soft.objective == 2
    assert penalty(soft, FORBIDDEN_SUCCESSION) == 1


def test_allowed_succession_the_other_way_round():
    result = solve_checked(data([person("S1")], rows("E", [1, 0]), rows("X", [0, 1])),
                           MONDAY, 2)
    assert len(result.assignments) == 2 and result.objective == 0
