"""Contract cost: per-line and total fees, scenario deltas, the tender figure checks,
assessment settlement (attachment 28) and overtime cost.

Pure functions on a `DataSet`; every amount is a `Decimal` in yuan, kept exact until it is
shown (`model.money.format_yuan`) or settled (deductions are rounded to the fen, half up).

Formulas (the tender's notes on its table of service lines):
- one service unit = one person working the prescribed hours for a full month;
- 月服务费合计 = 单项服务数量 x (月单项服务成本预算 + 月单项服务管理费用);
- 总金额 = 月服务费合计 x the contract's months (`ContractTerms.months`), each contract year
  (renewal period, `ContractTerms.periods`) its months' share.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from model.assessment import AssessmentSheet, band_deduction, failed_task_score
from model.base import Frozen
from model.contract import MONTHS_PER_YEAR, ServiceLine
from model.dataset import DataSet
from model.hours import PAY_150, PAY_200, PAY_300, hourly_wage
from model.money import ZERO, to_decimal, to_fen
from model.tender import FigureCheck, TenderFigures, tender_figure_checks
from model.working_time import NATIONAL_STANDARD, WorkingTimeStandard

# ---------------------------------------------------------------------------------------
# Line costs and the cost report
# ---------------------------------------------------------------------------------------

class LineCost(Frozen):
    """Fees of one service line (yuan, exact)."""

    line_id: str
    seq: int
    name: str
    category: str
    headcount: int
    unit_cost: Decimal = Field(description="月单项服务成本预算")
    management_fee: Decimal = Field(description="月单项服务管理费用")
    unit_price: Decimal = Field(description="成本预算 + 管理费，每单位每月")
    cost_budget: Decimal = Field(description="数量 x 成本预算（不含管理费），每月")
    monthly_fee: Decimal = Field(description="月服务费合计 = 数量 x (成本预算 + 管理费)")
    contract_year_fee: Decimal = Field(description="每合同年 = 月服务费 x 12")
    contract_total: Decimal = Field(description="总金额 = 月服务费 x 合同月数")


class DeltaStatus(StrEnum):
    ADDED = "新增"
    REMOVED = "取消"
    CHANGED = "变更"
    UNCHANGED = "不变"


class LineDelta(Frozen):
    """Change of one line against the baseline (a line absent on one side counts as 0)."""

    line_id: str
    name: str
    status: DeltaStatus
    headcount_before: int
    headcount_after: int
    monthly_before: Decimal
    monthly_after: Decimal
    monthly_delta: Decimal
    contract_delta: Decimal = Field(description="月差额 x 合同月数")

    @property
    def headcount_delta(self) -> int:
        return self.headcount_after - self.headcount_before


class CostDelta(Frozen):
    """Scenario against baseline, per line and in total."""

    lines: tuple[LineDelta, ...]
    headcount_delta: int
    monthly_before: Decimal
    monthly_after: Decimal
    monthly_delta: Decimal
    contract_year_delta: Decimal
    contract_delta: Decimal
    added: tuple[str, ...] = Field((), description="Line ids only in the scenario")
    removed: tuple[str, ...] = Field((), description="Line ids only in the baseline")

    def changed(self) -> tuple[LineDelta, ...]:
        return tuple(d for d in self.lines if d.status is not DeltaStatus.UNCHANGED)


class CostReport(Frozen):
    lines: tuple[LineCost, ...]
    headcount_total: int
    cost_budget_monthly: Decimal = Field(description="Σ 数量 x 成本预算")
    management_fee_monthly: Decimal = Field(description="Σ 数量 x 管理费")
    monthly_total: Decimal = Field(description="Σ 月服务费合计")
    contract_year_total: Decimal = Field(description="每合同年 = 月合计 x 12")
    contract_years: tuple[Decimal, ...] = Field(
        description="每个合同年（续约期）= 月合计 x 该期月数")
    contract_total: Decimal = Field(description="总金额 = 月合计 x 合同月数")
    contract_months: int = Field(description="合同月数")
    unit_cost_plain_sum: Decimal = Field(
        description="Σ 成本预算（不乘数量）: the quantity a tender's 总计 row may print")
    figure_checks: tuple[FigureCheck, ...] = ()
    delta: CostDelta | None = None


def line_cost(line: ServiceLine, months: int) -> LineCost:
    """Fees of one line over a contract of `months` months."""
    monthly = line.monthly_fee
    return LineCost(
        line_id=line.id, seq=line.seq, name=line.name, category=line.category,
        headcount=line.headcount, unit_cost=line.unit_cost,
        management_fee=line.management_fee, unit_price=line.unit_price,
        cost_budget=line.headcount * line.unit_cost, monthly_fee=monthly,
        contract_year_fee=monthly * MONTHS_PER_YEAR, contract_total=monthly * months)


def line_costs(data: DataSet) -> list[LineCost]:
    """Fees of every line, in data order."""
    return [line_cost(line, data.contract.months) for line in data.lines]


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def cost_delta(data: DataSet, baseline: DataSet) -> CostDelta:
    """Per-line and total change of `data` against `baseline`, added and removed lines
    included (scenario lines first in their order, then lines only in the baseline)."""
    before = {line.id: line for line in baseline.lines}
    after_ids = {line.id for line in data.lines}
    months = data.contract.months
    rows: list[LineDelta] = []
    for line in data.lines:
        old = before.get(line.id)
        rows.append(_line_delta(line.id, line.name, old, line, months))
    removed = [line for line in baseline.lines if line.id not in after_ids]
    rows += [_line_delta(line.id, line.name, line, None, months) for line in removed]
    monthly_before = _sum(line.monthly_fee for line in baseline.lines)
    monthly_after = _sum(line.monthly_fee for line in data.lines)
    monthly_delta = monthly_after - monthly_before
    return CostDelta(
        lines=tuple(rows),
        headcount_delta=sum(r.headcount_delta for r in rows),
        monthly_before=monthly_before, monthly_after=monthly_after,
        monthly_delta=monthly_delta,
        contract_year_delta=monthly_delta * MONTHS_PER_YEAR,
        contract_delta=monthly_delta * months,
        added=tuple(r.line_id for r in rows if r.status is DeltaStatus.ADDED),
        removed=tuple(line.id for line in removed))


def _line_delta(line_id: str, name: str, old: ServiceLine | None,
                new: ServiceLine | None, months: int) -> LineDelta:
    monthly_before = old.monthly_fee if old else ZERO
    monthly_after = new.monthly_fee if new else ZERO
    if old is None:
        status = DeltaStatus.ADDED
    elif new is None:
        status = DeltaStatus.REMOVED
    elif (old.headcount, old.unit_cost, old.management_fee) != (
            new.headcount, new.unit_cost, new.management_fee):
        status = DeltaStatus.CHANGED
    else:
        status = DeltaStatus.UNCHANGED
    delta = monthly_after - monthly_before
    return LineDelta(
        line_id=line_id, name=name, status=status,
        headcount_before=old.headcount if old else 0,
        headcount_after=new.headcount if new else 0,
        monthly_before=monthly_before, monthly_after=monthly_after, monthly_delta=delta,
        contract_delta=delta * months)


def cost_report(data: DataSet, baseline: DataSet | None = None) -> CostReport:
    """Line fees and totals of `data`; with a baseline, the delta per line and in total.

    When the data set has the tender's printed figures, their checks are attached so that a
    report shows both a printed 总计 figure and the formula's figure (see `figure_checks`)."""
    terms = data.contract
    lines = tuple(line_costs(data))
    monthly = _sum(c.monthly_fee for c in lines)
    year = monthly * MONTHS_PER_YEAR
    return CostReport(
        lines=lines,
        headcount_total=sum(c.headcount for c in lines),
        cost_budget_monthly=_sum(c.cost_budget for c in lines),
        management_fee_monthly=_sum(c.headcount * c.management_fee for c in lines),
        monthly_total=monthly,
        contract_year_total=year,
        contract_years=tuple(monthly * months for months in terms.periods),
        contract_total=monthly * terms.months,
        contract_months=terms.months,
        unit_cost_plain_sum=_sum(c.unit_cost for c in lines),
        figure_checks=tuple(figure_checks(data)),
        delta=cost_delta(data, baseline) if baseline is not None else None)


def figure_checks(data: DataSet, figures: TenderFigures | None = None) -> list[FigureCheck]:
    """The lines of `data` against the tender's printed figures (`figures`, else the data
    set's own `tender`); none when there are no printed figures to check."""
    figures = figures or data.tender
    if figures is None:
        return []
    return tender_figure_checks(data.lines, figures, data.contract.months)


# ---------------------------------------------------------------------------------------
# Monthly assessment (attachment 28)
# ---------------------------------------------------------------------------------------

def assessment_deduction(score: Decimal | int | float | str, monthly_fee: Decimal | int | str,
                         sheet: AssessmentSheet) -> Decimal:
    """Deduction from one 岗位's monthly fee for a monthly assessment score, by the bands of
    the contract's sheet (`model.assessment.band_deduction`; for attachment 28: 100 none,
    85 <= score < 100 10 yuan a point lost, 70-85 10 %, 60-70 20 %, below 60 50 %), to the
    fen, half up."""
    return band_deduction(sheet, score, monthly_fee)


def settlement(score: Decimal | int | float | str, monthly_fee: Decimal | int | str,
               sheet: AssessmentSheet) -> Decimal:
    """The month's fee actually paid (当月结算款) = fee - deduction."""
    return to_fen(to_decimal(monthly_fee)) - assessment_deduction(score, monthly_fee, sheet)


def predicted_score(failed_tasks: int, sheet: AssessmentSheet) -> Decimal:
    """Score predicted from failed tasks (an uncovered required shift counts as one): the
    sheet's `uncovered` event under the item it belongs to, deducted until that item's points
    are used up (扣完为止; attachment 28: 15 points a time under 执行力与团队协作, 20 points,
    so 1 gap gives 85 and 2 or more give 80)."""
    return failed_task_score(sheet, failed_tasks)


# ---------------------------------------------------------------------------------------
# Overtime
# ---------------------------------------------------------------------------------------

def overtime_cost(unit_cost: Decimal | int | str, wage_share: float,
                  hours_150: Decimal | int | float = 0, hours_200: Decimal | int | float = 0,
                  hours_300: Decimal | int | float = 0,
                  standard: WorkingTimeStandard = NATIONAL_STANDARD) -> Decimal:
    """Overtime pay (劳动法 Art. 44): hourly wage = unit_cost x wage_share / 21.75 / 8
    (`model.hours.hourly_wage`, the divisor and the day's hours from the contract's
    working-time standard), times 1.5 on workdays and for 综合计算工时 hours beyond the
    period's standard, 2 on rest days, 3 on statutory holidays. Rounded to the fen at the
    end, half up."""
    hourly = hourly_wage(to_decimal(unit_cost), wage_share, standard)
    total = hourly * (PAY_150 * to_decimal(hours_150) + PAY_200 * to_decimal(hours_200)
                      + PAY_300 * to_decimal(hours_300))
    return to_fen(total)


CostReport.model_rebuild()
