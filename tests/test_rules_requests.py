"""Model-side tests of staff requests and requested absences (solver/rules/requests.py, checked by
solver/check/requests.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from model.events import Absence, AbsenceKind, LeaveStatus, Request, RequestKind
from model.rules import (
    REQUESTED_ABSENCE,
    REQUESTS,
)
from tests.conftest import solve_checked
from tests.tiny import TUESDAY, person, tiny


def test_day_off_request_honoured():
    # Two staff, one shift; S1 asks for the day off: S2 works.
    request = Request(staff_id="S1", day=TUESDAY, kind=RequestKind.DAY_OFF, weight=5)
    data = tiny(staff=[person("S1"), person("S2")], requests=(request,))
    result = solve_checked(data, TUESDAY, 1)
    assert [a.staff_id for a in result.assignments] == ["S2"]
    # and broken (counted) when S1 is the only one: coverage wins.
    only = tiny(staff=[person("S1")], requests=(request,))
    res = solve_checked(only, TUESDAY, 1)
    assert {p.rule: p.count for p in res.penalties}[REQUESTS] == 5


def test_requested_absence_is_soft():
    absence = Absence(staff_id="S1", kind=AbsenceKind.PERSONAL, start=TUESDAY, end=TUESDAY,
                      approved=False)
    data = tiny(staff=[person("S1"), person("S2")], absences=(absence,))
    assert [a.staff_id for a in solve_checked(data, TUESDAY, 1).assignments] == ["S2"]


def test_refused_absence_is_no_absence():
    # S1 asks for the day (待批准), S2's request was refused (已驳回): S2 works, and that
    # costs nothing (a refused leave is neither hard nor a wish).
    wish = Absence(staff_id="S1", kind=AbsenceKind.PERSONAL, start=TUESDAY, end=TUESDAY,
                   status=LeaveStatus.REQUESTED)
    refused = Absence(staff_id="S2", kind=AbsenceKind.PERSONAL, start=TUESDAY, end=TUESDAY,
                      status=LeaveStatus.REFUSED)
    data = tiny(staff=[person("S1"), person("S2")], absences=(wish, refused))
    result = solve_checked(data, TUESDAY, 1)
    assert [a.staff_id for a in result.assignments] == ["S2"]
    assert REQUESTED_ABSENCE not in {p.rule for p in result.penalties}
