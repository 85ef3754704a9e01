"""What planning returns: one plan per line, one solve per component, the overall result."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from model.base import Frozen
from model.roster import SolveStatus


class LinePlan(Frozen):
    """The answer for one service line."""

    line_id: str
    name: str
    headcount_today: int = Field(description="合同人数（单项服务数量）")
    staff_today: int = Field(description="现有外包人员")
    optimum: int = Field(description="最低成本人数")
    kept: tuple[str, ...] = Field((), description="留用的现有人员工号")
    released: tuple[str, ...] = Field((), description="可减少的现有人员工号")
    hired: int = Field(0, description="需新招人数")
    unit_price: Decimal = Field(description="成本预算 + 管理费，每人每月")
    monthly_fee_today: Decimal
    monthly_fee_optimum: Decimal
    monthly_delta: Decimal = Field(description="最优 - 现状；负数为节省")
    contract_delta: Decimal = Field(description="月差额 x 合同月数")
    overtime_hours: float = 0.0
    overtime_150_hours: float = 0.0
    overtime_200_hours: float = 0.0
    overtime_300_hours: float = 0.0
    overtime_cost: Decimal = Decimal(0)
    gaps: int = Field(0, description="仍无法覆盖的最低需求（人次）")
    peak_need: int = 0
    peak_days: tuple[date, ...] = ()
    workload_bound: int = Field(0, description="最忙一周（综合计算工时：综合计算周期）的人数下界")
    workload_text: str = Field("", description="该下界的说明")
    full_days: tuple[date, ...] = Field((), description="解中全员在岗的日子")
    shared_with: tuple[str, ...] = Field((), description="共用岗位、一起求解的其他项目")
    saturated: bool = Field(False, description="候选人已全部招用：最优人数可能更多")
    binding: tuple[str, ...] = Field((), description="人数的约束原因（中文）")
    overtime_reasons: tuple[str, ...] = Field(
        (), description="仍有加班的原因（中文，由解得出：节假日、长班次、综合计算周期）")
    blocked: tuple[str, ...] = Field(
        (), description="规则使岗位无法排班：哪条规则挡住了哪个班，改什么才能排班（中文）")
    status: SolveStatus


    @property
    def impossible(self) -> bool:
        """A rule makes a post of this line impossible to staff."""
        return bool(self.blocked)


class ComponentSolve(Frozen):
    """One group of lines solved together."""

    lines: tuple[str, ...]
    status: SolveStatus
    gaps: int | None = None
    gaps_proven: bool = False
    cost_fen: int | None = None
    bound_fen: int | None = None
    rounds: int = 1
    templates: dict[str, int] = Field(default_factory=dict)
    wall_time_s: float = 0.0
    violations: tuple[str, ...] = ()


class PlanResult(Frozen):
    start: date
    end: date
    allow_overtime: bool
    allow_borrowing: bool
    status: SolveStatus
    lines: tuple[LinePlan, ...]
    components: tuple[ComponentSolve, ...]
    headcount_today: int
    headcount_optimum: int
    monthly_today: Decimal
    monthly_optimum: Decimal = Field(description="最优人数的月服务费（不含加班费）")
    monthly_delta: Decimal
    contract_delta: Decimal
    overtime_cost: Decimal
    cost_fen: int | None = Field(None, description="目标：月服务费 + 加班费（分）")
    bound_fen: int | None = Field(None, description="已证明的下界（分）")
    gap_pct: float | None = None
    wall_time_s: float
    notes: tuple[str, ...] = ()

    @property
    def proven(self) -> bool:
        return self.status is SolveStatus.OPTIMAL
