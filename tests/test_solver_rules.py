"""Solver tests that are not about one rule family: demand by day kind, the staged solve.

The per-rule tests are in tests/test_rules_<family>.py (one file per module of solver/rules/);
every roster is re-checked by the independent checker (conftest.solve_checked)."""

from __future__ import annotations

from datetime import date

from model.events import Request, RequestKind
from tests.conftest import solve_checked
from tests.tiny import TUESDAY, missing, need, person, post, tiny


def test_makeup_workday_counts_as_workday_demand():
    # 2026-02-14 (Sat) is a make-up workday: demand by 'makeup', not 'saturday'.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("D", days=("makeup",)))])
    result = solve_checked(data, date(2026, 2, 14), 2)  # Sat makeup, Sun in-lieu
    assert [a.day for a in result.assignments] == [date(2026, 2, 14)]


def test_staged_solve_never_trades_a_gap_for_a_request():
    # S1 requests the day off with an absurd weight; only S1 can cover: staged keeps coverage.
    request = Request(staff_id="S1", day=TUESDAY, kind=RequestKind.DAY_OFF, weight=10**6)
    data = tiny(staff=[person("S1")], requests=(request,))
    result = solve_checked(data, TUESDAY, 1, staged=True)
    assert missing(result) == 0 and len(result.assignments) == 1
