"""Posts (岗位), their demand per shift and day kind, and cover rules."""

from __future__ import annotations

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


class Post(Frozen):
    """A post in a department, filled by staff of its lines or staff trained for it."""

    id: str
    name: str
    department_id: str
    lines: tuple[str, ...] = Field(min_length=1, description="Lines whose staff work this post")
    required_certificates: tuple[str, ...] = ()
    demand: tuple[ShiftDemand, ...] = Field(min_length=1)
    around_the_clock: bool = Field(False, description="24-hour post: checked minute by minute")
    window: bool = Field(False, description="Window or guide post under 顶岗补位制 (seed 004)")

    @property
    def shifts(self) -> tuple[str, ...]:
        return tuple(d.shift for d in self.demand)

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
