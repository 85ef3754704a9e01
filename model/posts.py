"""Posts (岗位), their demand per shift and day kind, and cover rules."""

from __future__ import annotations

from datetime import date
from functools import cached_property

from pydantic import Field, model_validator

from model.base import Frozen
from model.calendar import DayKind


class Need(Frozen):
    """How many people a post needs on one shift: `min` is required, `target` is wanted."""

    min: int = Field(0, ge=0)
    target: int = Field(0, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: object) -> object:
        """Accept `2` (min = target = 2) and `[1, 2]` (min 1, target 2) as well as a mapping."""
        if isinstance(value, int):
            return {"min": value, "target": value}
        if isinstance(value, list | tuple) and len(value) == 2:
            return {"min": value[0], "target": value[1]}
        return value

    @model_validator(mode="after")
    def _target_not_below_min(self) -> Need:
        if self.target < self.min:
            raise ValueError(f"目标人数 {self.target} 小于最低人数 {self.min}")
        return self


class ShiftDemand(Frozen):
    """Demand of one shift of a post, by day kind; a missing day kind needs nobody."""

    shift: str
    by_day: dict[DayKind, Need] = Field(default_factory=dict)
    hospital_supply: dict[DayKind, int] = Field(
        default_factory=dict,
        description="People the hospital's own staff provide on this shift, by day kind")

    def need(self, kind: DayKind) -> Need:
        return self.by_day.get(kind, Need())

    def supply(self, kind: DayKind) -> int:
        return self.hospital_supply.get(kind, 0)


class DatedNeed(Frozen):
    """Demand of one shift of a post on one date, with its own prices (rules dated_cover_under,
    dated_cover_over): each person short of `target` costs `under_weight`; each person above
    it costs `over_weight`, and without an over weight no one above the target is allowed."""

    day: date
    shift: str
    target: int = Field(ge=0)
    under_weight: int = Field(1, ge=0, description="Per person short of the target")
    over_weight: int | None = Field(
        None, ge=0, description="Per person above the target; None = not allowed (hard)")


class NeedSource(Frozen):
    """One clinic session a derived need came from: the doctor, the room and the 时段."""

    doctor: str
    room: str
    period: str


class DerivedNeed(Frozen):
    """The need of one shift of a post on one date, derived from the doctors' schedule by a
    staffing rule (model/staffing.py); it replaces the by-day-kind need on that date."""

    day: date
    shift: str
    min: int = Field(0, ge=0)
    target: int = Field(0, ge=0)
    sources: tuple[NeedSource, ...] = Field((), description="The open sessions behind it")

    @property
    def need(self) -> Need:
        return Need(min=self.min, target=self.target)


class Post(Frozen):
    """A post in a department, filled by staff of its lines or staff trained for it."""

    id: str
    name: str
    department_id: str
    lines: tuple[str, ...] = Field(min_length=1, description="Lines whose staff work this post")
    required_certificates: tuple[str, ...] = ()
    demand: tuple[ShiftDemand, ...] = Field(
        (), description="Demand by day kind; at least one shift here or in dated_demand")
    around_the_clock: bool = Field(False, description="24-hour post: checked minute by minute")
    window: bool = Field(False, description="Window or guide post under 顶岗补位制 (seed 004)")
    dated_demand: tuple[DatedNeed, ...] = Field(
        (), description="Demand by date: a shift listed here is demanded only on the dates of "
                        "its rows, and must not also appear in `demand`")
    derived: tuple[DerivedNeed, ...] = Field(
        (), description="Needs derived from the doctors' schedule, by date: on these dates "
                        "they replace the by-day-kind need of their shift (a shift of `demand`)")

    @model_validator(mode="after")
    def _dated_rows_consistent(self) -> Post:
        if not self.demand and not self.dated_demand:
            raise ValueError(f"岗位 {self.id} 没有任何班次需求（demand 或 dated_demand）")
        seen: set[tuple[date, str]] = set()
        for row in self.dated_demand:
            if self.demand_for(row.shift) is not None:
                raise ValueError(f"岗位 {self.id} 的 {row.shift} 班既按日期类型又按日期给出需求")
            if (row.day, row.shift) in seen:
                raise ValueError(f"岗位 {self.id} 在 {row.day} 的 {row.shift} 班需求重复")
            seen.add((row.day, row.shift))
        seen.clear()
        for item in self.derived:
            if self.demand_for(item.shift) is None:
                raise ValueError(f"岗位 {self.id} 没有按日期类型的 {item.shift} 班，"
                                 "不能按出诊表派生")
            if item.target < item.min or (item.day, item.shift) in seen:
                raise ValueError(f"岗位 {self.id} 在 {item.day} 的 {item.shift} 班派生需求有误")
            seen.add((item.day, item.shift))
        return self

    @cached_property
    def _derived_index(self) -> dict[tuple[date, str], DerivedNeed]:
        return {(item.day, item.shift): item for item in self.derived}

    @cached_property
    def _derived_needs(self) -> dict[tuple[date, str], Need]:
        return {(item.day, item.shift): item.need for item in self.derived}

    def derived_need(self, shift: str, day: date) -> DerivedNeed | None:
        """The need of this shift on this date derived from the doctors' schedule, if any."""
        return self._derived_index.get((day, shift)) if self.derived else None

    def need_on(self, shift: str, day: date, kind: DayKind) -> Need:
        """The need of a shift of `demand` on one date: derived from the doctors' schedule
        where a staffing rule covers the date, else the fixed need of its day kind. The one
        lookup the solver, the checker and planning use."""
        if self.derived:
            need = self._derived_needs.get((day, shift))
            if need is not None:
                return need
        demand = self.demand_for(shift)
        return demand.need(kind) if demand is not None else Need()

    @cached_property
    def _dated_index(self) -> dict[tuple[date, str], DatedNeed]:
        return {(row.day, row.shift): row for row in self.dated_demand}

    def dated_need(self, shift: str, day: date) -> DatedNeed | None:
        """The dated demand row of this shift on this date, if any."""
        return self._dated_index.get((day, shift)) if self.dated_demand else None

    def dated_open(self, shift: str, day: date) -> bool:
        """Whether a dated row lets people work this shift on this date (a target, or
        over-cover priced)."""
        row = self._dated_index.get((day, shift)) if self.dated_demand else None
        return row is not None and (row.target > 0 or row.over_weight is not None)

    @cached_property
    def shifts(self) -> tuple[str, ...]:
        """Shifts demanded by day kind, then those demanded by date."""
        own = [d.shift for d in self.demand]
        dated = [code for code in dict.fromkeys(r.shift for r in self.dated_demand)
                 if code not in own]
        return (*own, *dated)

    def demand_for(self, shift: str) -> ShiftDemand | None:
        for item in self.demand:
            if item.shift == shift:
                return item
        return None


class CoverRule(Frozen):
    """If nobody works `shift` at `post_id`, the holder of the first absorber shift worked takes
    over its work (marked 顶替): seed 000 attachment 10, items (一)8 and (二)6."""

    post_id: str
    shift: str
    absorbers: tuple[str, ...] = Field(min_length=1, description="Shift codes, in order")
    source: str = ""
