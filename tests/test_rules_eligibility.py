"""Model-side tests of cell eligibility (solver/eligibility.py, checked by
solver/check/eligibility.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from datetime import timedelta

from model.events import Absence, AbsenceKind
from model.staff import Certificate
from tests.conftest import solve_checked
from tests.tiny import TUESDAY, missing, need, person, post, tiny


def test_expired_certificate_blocks_the_post_from_expiry():
    # Post needs C1; S1's C1 expires 2026-12-01: works Tue, not Wed -> one gap on Wed.
    staff = [person("S1", certificates=(Certificate(type_id="C1", expires_on=TUESDAY),))]
    data = tiny(staff=staff, posts=[post("P1", need("D"), certs=("C1",))])
    result = solve_checked(data, TUESDAY, 2)
    assert [a.day for a in result.assignments] == [TUESDAY]
    assert [g.day for g in result.gaps] == [TUESDAY + timedelta(days=1)]
    assert any("过期" in r for r in result.gaps[0].reasons)


def test_approved_absence_is_hard():
    staff = [person("S1")]
    absence = Absence(staff_id="S1", kind=AbsenceKind.ANNUAL, start=TUESDAY, end=TUESDAY)
    data = tiny(staff=staff, absences=(absence,))
    result = solve_checked(data, TUESDAY, 1)
    assert result.assignments == () and missing(result) == 1
    assert any("年假" in r for r in result.gaps[0].reasons)
