"""Property test: on random small instances the independent checker finds no hard-rule
violation in the solver's roster and recomputes exactly the solver's objective."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.events import Absence, AbsenceKind, Request, RequestKind
from model.rules import (
    FAIR_WEEKENDS,
    MAX_CONSECUTIVE,
    MAX_NIGHTS,
    MIN_REST,
    NO_DAY_AFTER_NIGHT,
    WEEKLY_REST,
)
from model.staff import HoursRegime
from tests.conftest import solve_checked
from tests.tiny import line, need, person, post, tiny

STARTS = (date(2026, 11, 30), date(2026, 12, 4), date(2026, 2, 13), date(2026, 9, 30))
KINDS = ("workday", "saturday", "sunday", "holiday", "in_lieu", "makeup")


@st.composite
def instances(draw):
    n_staff = draw(st.integers(1, 3))
    start = draw(st.sampled_from(STARTS))
    days = draw(st.integers(1, 4))
    posts = []
    for index in range(draw(st.integers(1, 2))):
        demands = []
        for shift in draw(st.lists(st.sampled_from("DAPNL"), min_size=1, max_size=3,
                                   unique=True)):
            minimum = draw(st.integers(0, 2))
            target = minimum + draw(st.integers(0, 1))
            kinds = tuple(draw(st.lists(st.sampled_from(KINDS), min_size=1, unique=True)))
            demands.append(need(shift, minimum, target, days=kinds))
        if all(d.need(k).target == 0 for d in demands for k in KINDS):
            demands[0] = need(demands[0].shift, 1)
        posts.append(post(f"P{index}", *demands))
    staff = [person(f"S{i}", regime=draw(st.sampled_from(list(HoursRegime))))
             for i in range(n_staff)]
    rules = {}
    for rule_id in (MIN_REST, NO_DAY_AFTER_NIGHT, MAX_CONSECUTIVE, WEEKLY_REST, MAX_NIGHTS):
        if draw(st.booleans()):
            rules[rule_id] = {"hard": False, "weight": draw(st.integers(0, 5000))}
    rules[MAX_CONSECUTIVE] = {**rules.get(MAX_CONSECUTIVE, {}),
                              "value": draw(st.integers(1, 4))}
    rules[FAIR_WEEKENDS] = {"weight": draw(st.integers(0, 5000))}
    extra = {}
    if draw(st.booleans()):
        day = start + timedelta(days=draw(st.integers(0, days - 1)))
        extra["absences"] = (Absence(staff_id="S0", kind=AbsenceKind.PERSONAL, start=day,
                                     end=day, approved=draw(st.booleans())),)
    if draw(st.booleans()):
        day = start + timedelta(days=draw(st.integers(0, days - 1)))
        extra["requests"] = (Request(staff_id=f"S{n_staff - 1}", day=day,
                                     kind=RequestKind.DAY_OFF, weight=draw(st.integers(1, 50))),)
    data = tiny(staff=staff, posts=posts, lines=(line("L01", n_staff),), rules=rules, **extra)
    return data, start, days


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.booleans())
def test_checker_agrees_with_solver_on_random_instances(instance, staged):
    data, start, days = instance
    solve_checked(data, start, days, time_limit_s=10, workers=1, staged=staged)
