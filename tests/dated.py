"""Tiny instances with demand by date for the rule tests of dated cover, successions and
personal contract limits.

One post `B` whose shifts are demanded by date, one to three people; the hospital-only
rules are switched off (as the benchmark does) unless a test says otherwise, so that the
objective can be read off by hand: rows cost `under` per missing person (rule weight 1)
and `over` per extra person where an over weight is given."""

from __future__ import annotations

from datetime import date, timedelta

from model.posts import DatedNeed, Post
from model.rules import (
    BORROWED_POST,
    DATED_COVER_OVER,
    DATED_COVER_UNDER,
    FAIR_HOLIDAYS,
    FAIR_NIGHTS,
    FAIR_WEEKENDS,
    MAX_CONSECUTIVE,
    MAX_DAILY_OVERTIME,
    MAX_MONTHLY_OVERTIME,
    MAX_NIGHTS,
    MIN_REST,
    NO_DAY_AFTER_NIGHT,
    OVERTIME_PAY,
    REQUESTED_ABSENCE,
    REQUESTS,
    WEEKLY_REST,
)
from model.shifts import Segment, ShiftType
from model.staff import StaffLimits
from tests.tiny import MONDAY, person, tiny

UNDER = 9  # per missing person, unless a test says otherwise
HOSPITAL_ONLY = (MIN_REST, NO_DAY_AFTER_NIGHT, MAX_CONSECUTIVE, WEEKLY_REST, MAX_DAILY_OVERTIME,
                 MAX_MONTHLY_OVERTIME, OVERTIME_PAY, MAX_NIGHTS, FAIR_WEEKENDS, FAIR_NIGHTS,
                 FAIR_HOLIDAYS, REQUESTED_ABSENCE, BORROWED_POST)
#: X (14-22) may not be followed by E (06-14) the next day.
EARLY = ShiftType(code="E", name="早班", segments=(Segment(start="06:00", end="14:00"),))
LATE = ShiftType(code="X", name="晚班", segments=(Segment(start="14:00", end="22:00"),),
                 forbidden_next=("E",))


def rows(shift: str, targets: list[int], *, over: int | None = None, under: int = UNDER,
         start: date = MONDAY) -> list[DatedNeed]:
    return [DatedNeed(day=start + timedelta(days=d), shift=shift, target=t, under_weight=under,
                      over_weight=over) for d, t in enumerate(targets)]


def dated_post(*row_lists: list[DatedNeed]) -> Post:
    return Post(id="B", name="按日期岗位", department_id="DEP", lines=("L01",),
                dated_demand=tuple(r for rs in row_lists for r in rs))


def data(staff, *row_lists, rules=None, **extra):
    changes = {r: {"hard": False, "weight": 0} for r in HOSPITAL_ONLY}
    changes.update({DATED_COVER_UNDER: {"weight": 1}, DATED_COVER_OVER: {"weight": 1},
                    REQUESTS: {"weight": 1}})
    changes.update(rules or {})
    return tiny(staff=staff, posts=[dated_post(*row_lists)], rules=changes,
                shifts=(EARLY, LATE), **extra)


def worked(result, staff_id: str = "S1") -> list[int]:
    return sorted((a.day - result.start).days for a in result.assignments
                  if a.staff_id == staff_id)


def limited(staff_id: str = "S1", **limits):
    return person(staff_id, limits=StaffLimits(**limits))


def penalty(result, rule_id: str) -> float:
    return {p.rule: p.count for p in result.penalties}.get(rule_id, 0)
