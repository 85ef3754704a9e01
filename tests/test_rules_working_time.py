"""Model-side tests of overtime and its pay (solver/rules/working_time.py, checked by
solver/check/working_time.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from datetime import date

from tests.conftest import solve_checked
from tests.tiny import TUESDAY, need, person, post, tiny


def test_overtime_is_paid_and_capped():
    # Long shift L is 10 h: 2 h daily overtime at 150 %; a 3 h cap allows it, 1 h does not.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("L"))])
    paid = solve_checked(data, TUESDAY, 1)
    summary = paid.staff_summary[0]
    assert summary.overtime_150_hours == 2
    # 6000 * 0.6 / 21.75 / 8 = 20.6897 yuan/h; 150 % = 31.03/h -> 52 fen/min -> 120 min
    assert {p.rule: p.count for p in paid.penalties}["overtime_pay"] == 52 * 120
    capped = tiny(staff=[person("S1")], posts=[post("P1", need("L"))],
                  rules={"max_daily_overtime_hours": {"value": 1}})
    assert solve_checked(capped, TUESDAY, 1).assignments == ()


def test_holiday_work_paid_300():
    # 2026-02-16 is a statutory Spring Festival holiday: a 7 h D shift is 7 h at 300 %.
    data = tiny(staff=[person("S1")])
    result = solve_checked(data, date(2026, 2, 16), 1)
    assert result.staff_summary[0].overtime_300_hours == 7
    assert result.staff_summary[0].holiday_days == 1
