"""Model-side tests of borrowing another line's staff (solver/rules/borrowing.py, checked by
solver/check/borrowing.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from model.rules import (
    BORROWED_POST,
)
from tests.conftest import solve_checked
from tests.tiny import TUESDAY, cells, need, person, post, tiny


def test_borrowed_only_where_trained_and_penalised():
    # Post P2 of line L02 needs 1; S1 (L01) is trained for P2, S2 (L01) is not.
    from tests.tiny import line
    staff = [person("S1", skills=("P2",)), person("S2")]
    data = tiny(staff=staff, lines=(line("L01", 2), line("L02", 0)),
                posts=[post("P2", need("D"), lines=("L02",))])
    result = solve_checked(data, TUESDAY, 1)
    assert cells(result) == {("S1", TUESDAY, "P2", "D")}
    assert result.assignments[0].borrowed
    assert {p.rule: p.count for p in result.penalties}[BORROWED_POST] == 1
