"""Staffing rules (staffing.yaml): clinic rooms, and per post and shift the need that follows
the open sessions of the doctors' schedule, with its minimum and maximum."""

from __future__ import annotations

import math
from datetime import date
from functools import cached_property

from pydantic import Field, model_validator

from model.base import Frozen
from model.clinics import ClinicPeriod, ClinicSchedule, ClinicSession
from model.posts import DerivedNeed, NeedSource, Post


class ClinicRoom(Frozen):
    """A consulting room (诊室) as the 出诊表 names it, with its department and floor; `kind`
    groups rooms a rule may count apart (e.g. 验光, 功能检查)."""

    id: str = Field(min_length=1)
    department_id: str
    floor: int
    kind: str = ""


class StaffingRule(Frozen):
    """The need of one shift of a post on a schedule date: in the busiest 时段 of `periods`,
    count the open rooms that match every filter given (departments, floors, rooms, kinds);
    fewer than `min_rooms` (no room, by default): `closed` people (nobody by default); else
    ceil(rooms / per) people, at least `minimum`, at most `maximum`. `target_per` (fewer
    rooms per person) raises the target above that requirement; `required: false` makes the
    shift wanted, never required (min 0)."""

    post_id: str
    shift: str
    periods: tuple[ClinicPeriod, ...] = (ClinicPeriod.MORNING, ClinicPeriod.AFTERNOON)
    departments: tuple[str, ...] = ()
    floors: tuple[int, ...] = ()
    rooms: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    min_rooms: int = Field(1, ge=1, description="Open rooms below which the post is closed")
    closed: int = Field(0, ge=0, description="People needed when closed (a desk that stays "
                                              "open without clinics, e.g. the hall on holidays)")
    per: int = Field(1, ge=1, description="Open rooms per person (the requirement)")
    target_per: int | None = Field(None, ge=1, description="Open rooms per person wanted")
    minimum: int = Field(1, ge=0, description="People whenever a matching room is open")
    maximum: int = Field(ge=1, description="People at most, however many rooms are open")
    required: bool = True
    source: str = ""

    @model_validator(mode="after")
    def _bounds(self) -> StaffingRule:
        if self.minimum > self.maximum or self.closed > self.maximum:
            raise ValueError(f"最少人数 {max(self.minimum, self.closed)} 大于最多人数 "
                             f"{self.maximum}")
        if not self.periods:
            raise ValueError("至少需要一个时段")
        return self

    def matches(self, session: ClinicSession, room: ClinicRoom | None) -> bool:
        if session.period not in self.periods:
            return False
        if self.departments and session.department_id not in self.departments:
            return False
        if self.rooms and session.room not in self.rooms:
            return False
        if self.floors and (room is None or room.floor not in self.floors):
            return False
        return not self.kinds or (room is not None and room.kind in self.kinds)

    def people(self, open_rooms: int) -> tuple[int, int]:
        """(min, target) for `open_rooms` matching rooms open in the busiest 时段."""
        if open_rooms < self.min_rooms:
            return self.closed, self.closed
        needed = min(self.maximum, max(self.minimum, math.ceil(open_rooms / self.per)))
        target = needed
        if self.target_per is not None:
            wanted = math.ceil(open_rooms / self.target_per)
            target = min(self.maximum, max(needed, wanted))
        return (needed if self.required else 0), target


class Staffing(Frozen):
    """The clinic rooms and the staffing rules of a data set."""

    rooms: tuple[ClinicRoom, ...] = ()
    rules: tuple[StaffingRule, ...] = ()

    @cached_property
    def room_by_id(self) -> dict[str, ClinicRoom]:
        return {room.id: room for room in self.rooms}

    def rules_of(self, post_id: str) -> list[StaffingRule]:
        return [rule for rule in self.rules if rule.post_id == post_id]


def derived_need(rule: StaffingRule, sessions: list[ClinicSession],
                 rooms: dict[str, ClinicRoom], day: date) -> DerivedNeed:
    """The need of `rule`'s shift on `day` from that day's open sessions, with its sources."""
    matching = [s for s in sessions if rule.matches(s, rooms.get(s.room))]
    peak = max((len({s.room for s in matching if s.period is period})
                for period in rule.periods), default=0)
    low, target = rule.people(peak)
    sources = tuple(NeedSource(doctor=s.doctor, room=s.room, period=s.period.value)
                    for s in matching)
    return DerivedNeed(day=day, shift=rule.shift, min=low, target=target, sources=sources)


def derived_post(post: Post, staffing: Staffing, schedule: ClinicSchedule | None) -> Post:
    """`post` with the needs its rules derive on every date of the schedule (none without a
    schedule or a rule: its fixed demand stays)."""
    rules = staffing.rules_of(post.id)
    items: tuple[DerivedNeed, ...] = ()
    if schedule is not None and rules:
        items = tuple(derived_need(rule, schedule.on(day), staffing.room_by_id, day)
                      for day in schedule.days() for rule in rules)
    if items == post.derived:
        return post
    # a new instance, not model_copy: the copy would carry the original's cached indexes
    fields = {name: getattr(post, name) for name in type(post).model_fields}
    return Post(**{**fields, "derived": items})
