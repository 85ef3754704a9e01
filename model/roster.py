"""Output types shared by the solver, the checker, the writers and the app."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from model.base import Frozen
from model.training import TrainingAttendance


class SolveStatus(StrEnum):
    """Every CP-SAT status, mapped explicitly (see solver.status)."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    MODEL_INVALID = "MODEL_INVALID"
    UNKNOWN = "UNKNOWN"
    #: no roster was found within the time limit: a quickly constructed one is returned,
    #: scored by the checker (it may leave gaps, or break hard rules, which it lists)
    CONSTRUCTED = "CONSTRUCTED"

    @property
    def label(self) -> str:
        return {"OPTIMAL": "已证明最优", "FEASIBLE": "可行（未证明最优）",
                "INFEASIBLE": "硬规则互相矛盾，无解", "MODEL_INVALID": "模型无效",
                "UNKNOWN": "时限内未找到排班",
                "CONSTRUCTED": "时限内未找到优化排班，显示快速构造的排班"}[self.value]

    @property
    def has_roster(self) -> bool:
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE, SolveStatus.CONSTRUCTED)


class Assignment(Frozen):
    """One person working one shift at one post on one day."""

    staff_id: str
    line_id: str
    post_id: str
    shift: str
    day: date = Field(serialization_alias="date")
    segments: tuple[tuple[datetime, datetime], ...]
    hours: float
    cover_for: str | None = Field(None, description="Shift whose work this one absorbs (顶替)")
    borrowed: bool = Field(False, description="Post outside the person's own line")


class CoverageRow(Frozen):
    post_id: str
    day: date = Field(serialization_alias="date")
    shift: str
    required: int
    target: int
    hospital_supply: int
    assigned: int
    absorbed: bool = False
    shortfall: int


class Gap(Frozen):
    """An uncovered required shift, with the reasons nobody could fill it."""

    day: date = Field(serialization_alias="date")
    post_id: str
    shift: str
    missing: int
    reasons: tuple[str, ...] = ()


class StaffSummary(Frozen):
    staff_id: str
    hours: float
    overtime_hours: float
    overtime_150_hours: float = 0.0
    overtime_200_hours: float = 0.0
    overtime_300_hours: float = 0.0
    overtime_cost: float = 0.0
    nights: int = 0
    weekend_days: int = 0
    holiday_days: int = 0
    days_worked: int = 0


class PenaltyLine(Frozen):
    rule: str
    name: str = ""
    count: float
    weight: int
    cost: int


class Violation(Frozen):
    """A hard-rule breach found by the checker."""

    rule: str
    message: str
    staff_id: str | None = None
    day: date | None = None


class SolveStats(Frozen):
    """How long a solve took: the whole wall time, and its parts (model building, the
    search, the checker's recomputation and the gaps' explanations after it)."""

    wall_time_s: float
    #: the time limit asked for, and the margin the solve promises to stay within beyond it
    time_limit_s: float | None = None
    margin_s: float | None = None
    build_s: float = 0.0
    search_s: float = 0.0
    explain_s: float = 0.0
    #: gaps whose explanation was cut for time (they carry a short reason saying so)
    gaps_unexplained: int = 0
    time_to_first_solution_s: float | None = None
    workers: int
    solver_status: str
    variables: int = 0
    constraints: int = 0
    stages: tuple[str, ...] = ()
    #: which engine path built the roster: "cp-sat" (the full model, or person blocks under
    #: it) or "colgen" (column generation over people's rosters, then the full model)
    path: str = "cp-sat"
    #: the column generation's LP (pattern relaxation) lower bound, where it ran and proved
    #: one above 0 (None otherwise: a bound of 0 or below says nothing)
    lp_bound: float | None = None


class Conflict(Frozen):
    """A hard rule in a minimal conflicting set, in Chinese."""

    rule: str
    message: str


class RosterResult(Frozen):
    """A solved roster with everything needed to publish and explain it."""

    start: date
    end: date
    status: SolveStatus
    objective: int | None = None
    best_bound: float | None = None
    assignments: tuple[Assignment, ...] = ()
    coverage: tuple[CoverageRow, ...] = ()
    gaps: tuple[Gap, ...] = ()
    staff_summary: tuple[StaffSummary, ...] = ()
    penalties: tuple[PenaltyLine, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    #: training sessions placed in the roster (data/training.yaml), each person's one
    training: tuple[TrainingAttendance, ...] = ()
    stats: SolveStats | None = None
    notes: tuple[str, ...] = ()

    def to_json_dict(self) -> dict:
        """The JSON shape documented in the README (period, status, assignments, ...)."""
        data = self.model_dump(mode="json", by_alias=True)
        data["period"] = {"start": data.pop("start"), "end": data.pop("end")}
        for item in data["assignments"]:
            item["segments"] = [list(pair) for pair in item["segments"]]
        return data


def roster_from_json_dict(data: dict) -> RosterResult:
    """Inverse of RosterResult.to_json_dict()."""
    body = dict(data)
    period = body.pop("period")
    body["start"], body["end"] = period["start"], period["end"]
    for key, items in (("assignments", body.get("assignments", [])),
                       ("coverage", body.get("coverage", [])), ("gaps", body.get("gaps", []))):
        body[key] = [_with_day(item) for item in items]
    return RosterResult.model_validate(body)


def _with_day(item: dict) -> dict:
    item = dict(item)
    if "date" in item:
        item["day"] = item.pop("date")
    return item


class Change(Frozen):
    """A cell that re-planning changed, for the lead to announce."""

    staff_id: str
    day: date = Field(serialization_alias="date")
    before: str = Field(description="post/shift before, or 休")
    after: str
