"""Model-side tests of rest between shifts (solver/rules/rest.py, checked by
solver/check/rest.py) on tiny hand-checkable instances.

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

from datetime import date

from model.events import PreviousTail
from model.rules import (
    MIN_REST,
    NO_DAY_AFTER_NIGHT,
)
from tests.conftest import solve_checked
from tests.tiny import TUESDAY, missing, need, person, post, tiny

FRIDAY = date(2026, 12, 4)


def rest_case(**rules):
    # Fri needs P (16-24), Sat needs A (08-16); one person: P then A leaves 8 h rest.
    return tiny(staff=[person("S1")],
                posts=[post("P1", need("P", days=("workday",)), need("A", days=("saturday",)))],
                rules=rules)


def test_min_rest_across_midnight():
    hard = solve_checked(rest_case(), FRIDAY, 2)
    assert missing(hard) == 1  # 12 h rest: only one of the two shifts
    assert missing(solve_checked(rest_case(**{MIN_REST: {"value": 8}}), FRIDAY, 2)) == 0


def test_min_rest_soft_is_counted():
    result = solve_checked(rest_case(**{MIN_REST: {"hard": False, "weight": 1}}), FRIDAY, 2)
    assert missing(result) == 0
    assert {p.rule: p.count for p in result.penalties}.get(MIN_REST) == 1


def test_rest_counts_the_previous_roster_tail():
    # The tail ends at 24:00 the day before; an A shift at 08:00 would leave 8 h.
    from datetime import datetime
    tail = PreviousTail(staff_id="S1", consecutive_days=1,
                        last_shift_end=datetime(2026, 12, 1, 0, 0))
    data = tiny(staff=[person("S1")], posts=[post("P1", need("A"))], tails=(tail,))
    result = solve_checked(data, TUESDAY, 1)
    assert result.assignments == () and missing(result) == 1


def test_no_day_shift_after_night():
    # N (00-08) on Fri, D on Sat: 24 h of rest, but the rule forbids a day shift after a night.
    def case(**rules):
        return tiny(staff=[person("S1")],
                    posts=[post("P1", need("N", days=("workday",))),
                           post("P2", need("D", days=("saturday",)))], rules=rules)
    assert missing(solve_checked(case(), FRIDAY, 2)) == 1
    assert missing(solve_checked(case(**{NO_DAY_AFTER_NIGHT: {"hard": False, "weight": 0}}),
                                 FRIDAY, 2)) == 0


def test_gap_reason_names_the_rule_that_blocks_the_only_candidate():
    # Fri P (16-24) and Sat A (08-16), one person: one of them is a gap, and the reason
    # says that working it would break the 12 h rest.
    result = solve_checked(rest_case(), FRIDAY, 2)
    [gap] = result.gaps
    assert any("若排此班将违反：两班之间最少休息" in r for r in gap.reasons), gap.reasons
