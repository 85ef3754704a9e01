"""Contract cost: per-line and total fees, scenario deltas, seed figure checks, assessment
settlement (attachment 28) and overtime cost.

Pure functions on a `DataSet`; every amount is a `Decimal` in yuan, kept exact until it is
shown (`format_yuan`) or settled (deductions are rounded to the fen, half up).

Formulas (seed 000, section 3, notes 2-4):
- one service unit = one person working the prescribed hours for a full month (note 2);
- 月服务费合计 = 单项服务数量 x (月单项服务成本预算 + 月单项服务管理费用) (note 3);
- 总金额 = 月服务费合计 x 36 个月 (note 4; the contract is 1+1+1 years, section 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from pydantic import Field

from model.base import Frozen
from model.contract import Category, ServiceLine
from model.dataset import DataSet
from model.hours import PAY_150, PAY_200, PAY_300, hourly_wage
from model.working_time import NATIONAL_STANDARD, WorkingTimeStandard

CONTRACT_YEARS = 3
MONTHS_PER_YEAR = 12
CONTRACT_MONTHS = CONTRACT_YEARS * MONTHS_PER_YEAR  # 36, note 4

FEN = Decimal("0.01")
ZERO = Decimal(0)


def _money(value: Decimal) -> Decimal:
    """Round to the fen, half up (for settled and displayed amounts)."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _dec(value: Decimal | int | float | str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


# ---------------------------------------------------------------------------------------
# The table printed in seed 000
# ---------------------------------------------------------------------------------------

SEED_REF = "种子 000 第3节（三）采购服务人员岗位明细要求表"


class SeedLine(Frozen):
    """One row of the table in seed 000, section 3 (三), as printed."""

    seq: int
    category: Category
    name: str
    headcount: int
    unit_cost: Decimal


def _row(seq: int, category: Category, name: str, headcount: int, cost: str) -> SeedLine:
    return SeedLine(seq=seq, category=category, name=name, headcount=headcount,
                    unit_cost=Decimal(cost))


_M, _N, _G, _D, _S = (Category.MEDTECH, Category.NURSING, Category.GUIDE,
                      Category.DOCTOR_ASSISTANT, Category.SUPPORT)

#: Transcribed from seed 000 (000_ce5d929da6d74280.txt), section 3 (三), lines 9-239:
#: 序号, 服务类别, 服务名称, 单项服务数量, 月单项服务成本预算（元）. The 管理费用 and
#: 月服务费合计 columns are blank in the seed (the vendor quotes the management fee).
SEED_000_TABLE: tuple[SeedLine, ...] = (
    _row(1, _M, "放射助理服务", 1, "5664.26"),
    _row(2, _M, "视光科助理服务", 3, "6770.16"),
    _row(3, _M, "眼特科助理服务", 5, "6225.66"),
    _row(4, _M, "斜弱视与眼整形专科助理服务", 3, "8368.06"),
    _row(5, _M, "屈光手术专科助理服务", 1, "7299.36"),
    _row(6, _M, "中药房助理服务", 1, "6181.26"),
    _row(7, _N, "医疗美容护理助理服务", 3, "13660.96"),
    _row(8, _N, "斜弱视与眼整形专科护理助理服务", 2, "7049.8"),
    _row(9, _N, "其他临床护理助理服务", 2, "6050.9"),
    _row(10, _N, "眼科门诊护理助理服务", 1, "5940.26"),
    _row(11, _N, "口腔科护理助理服务", 1, "4579.56"),
    _row(12, _N, "社区中心护理助理服务", 1, "6230.16"),
    _row(13, _G, "门诊综合服务部导诊服务", 4, "4471.26"),
    _row(14, _G, "体检科健康体检助理服务", 4, "5578.06"),
    _row(15, _G, "医疗美容科客户服务", 1, "4707.36"),
    _row(16, _G, "功能科导诊服务", 1, "4455.36"),
    _row(17, _D, "斜弱视与眼整形专科医生助理服务", 1, "8571.96"),
    _row(18, _D, "青光眼与白内障病区医生助理服务", 1, "6672.96"),
    _row(19, _D, "眼表疾病与白内障病区医生助理服务", 1, "7098.66"),
    _row(20, _D, "眼底疾病与白内障病区医生助理服务", 1, "7391.16"),
    _row(21, _D, "眼外伤与白内障病区医生助理服务", 1, "7023.06"),
    _row(22, _S, "医疗美容新媒体运营服务", 1, "10534.06"),
    _row(23, _S, "收费服务", 2, "4471.26"),
    _row(24, _S, "司机服务", 1, "7383.26"),
    _row(25, _S, "保卫科内勤服务", 1, "5917.26"),
    _row(26, _S, "保卫科综合服务", 1, "5917.26"),
    _row(27, _S, "信息科技术服务", 1, "7514.26"),
)
#: The 总计 row of the same table: 46 in 单项服务数量, 181727.6 in 月单项服务成本预算.
SEED_000_TOTAL_HEADCOUNT = 46
SEED_000_TOTAL_PRINTED = Decimal("181727.6")


# ---------------------------------------------------------------------------------------
# Line costs and the cost report
# ---------------------------------------------------------------------------------------

class LineCost(Frozen):
    """Fees of one service line (yuan, exact)."""

    line_id: str
    seq: int
    name: str
    category: Category
    headcount: int
    unit_cost: Decimal = Field(description="月单项服务成本预算")
    management_fee: Decimal = Field(description="月单项服务管理费用")
    unit_price: Decimal = Field(description="成本预算 + 管理费，每单位每月")
    cost_budget: Decimal = Field(description="数量 x 成本预算（不含管理费），每月")
    monthly_fee: Decimal = Field(description="月服务费合计 = 数量 x (成本预算 + 管理费)")
    contract_year_fee: Decimal = Field(description="每合同年 = 月服务费 x 12")
    contract_total: Decimal = Field(description="总金额 = 月服务费 x 36")


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
    contract_delta: Decimal = Field(description="月差额 x 36")

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
    contract_years: tuple[Decimal, ...] = Field(description="第1、2、3合同年（1+1+1）")
    contract_total: Decimal = Field(description="总金额 = 月合计 x 36")
    unit_cost_plain_sum: Decimal = Field(
        description="Σ 成本预算（不乘数量）: the quantity the seed's 总计 row prints")
    figure_checks: tuple[FigureCheck, ...] = ()
    delta: CostDelta | None = None


def line_cost(line: ServiceLine) -> LineCost:
    monthly = line.monthly_fee
    return LineCost(
        line_id=line.id, seq=line.seq, name=line.name, category=line.category,
        headcount=line.headcount, unit_cost=line.unit_cost,
        management_fee=line.management_fee, unit_price=line.unit_price,
        cost_budget=line.headcount * line.unit_cost, monthly_fee=monthly,
        contract_year_fee=monthly * MONTHS_PER_YEAR, contract_total=monthly * CONTRACT_MONTHS)


def line_costs(data: DataSet) -> list[LineCost]:
    """Fees of every line, in data order."""
    return [line_cost(line) for line in data.lines]


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def cost_delta(data: DataSet, baseline: DataSet) -> CostDelta:
    """Per-line and total change of `data` against `baseline`, added and removed lines
    included (scenario lines first in their order, then lines only in the baseline)."""
    before = {line.id: line for line in baseline.lines}
    after_ids = {line.id for line in data.lines}
    rows: list[LineDelta] = []
    for line in data.lines:
        old = before.get(line.id)
        rows.append(_line_delta(line.id, line.name, old, line))
    removed = [line for line in baseline.lines if line.id not in after_ids]
    rows += [_line_delta(line.id, line.name, line, None) for line in removed]
    monthly_before = _sum(line.monthly_fee for line in baseline.lines)
    monthly_after = _sum(line.monthly_fee for line in data.lines)
    monthly_delta = monthly_after - monthly_before
    return CostDelta(
        lines=tuple(rows),
        headcount_delta=sum(r.headcount_delta for r in rows),
        monthly_before=monthly_before, monthly_after=monthly_after,
        monthly_delta=monthly_delta,
        contract_year_delta=monthly_delta * MONTHS_PER_YEAR,
        contract_delta=monthly_delta * CONTRACT_MONTHS,
        added=tuple(r.line_id for r in rows if r.status is DeltaStatus.ADDED),
        removed=tuple(line.id for line in removed))


def _line_delta(line_id: str, name: str, old: ServiceLine | None,
                new: ServiceLine | None) -> LineDelta:
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
        contract_delta=delta * CONTRACT_MONTHS)


def cost_report(data: DataSet, baseline: DataSet | None = None) -> CostReport:
    """Line fees and totals of `data`; with a baseline, the delta per line and in total.

    The seed figure checks are attached so that a report shows both the printed 总计 figure
    and the formula's figure (they differ, see `seed_figure_checks`)."""
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
        contract_years=(year,) * CONTRACT_YEARS,
        contract_total=monthly * CONTRACT_MONTHS,
        unit_cost_plain_sum=_sum(c.unit_cost for c in lines),
        figure_checks=tuple(seed_figure_checks(data)),
        delta=cost_delta(data, baseline) if baseline is not None else None)


# ---------------------------------------------------------------------------------------
# Checks against the figures printed in seed 000
# ---------------------------------------------------------------------------------------

class FigureCheck(Frozen):
    """One printed figure of seed 000 compared with the data (or with a formula)."""

    key: str = Field(description="Stable id, e.g. 'seq03.headcount', 'total.printed_vs_formula'")
    label: str = Field(description="Chinese label")
    seed_ref: str
    printed: Decimal | int | str
    computed: Decimal | int | str | None
    agrees: bool
    explanation: str = Field(description="Chinese explanation, both figures included")


def _short_name(name: str) -> str:
    return name.removesuffix("服务")


def _names_match(printed: str, data_name: str) -> bool:
    a, b = _short_name(printed), _short_name(data_name)
    return bool(a and b) and (a in b or b in a)


def seed_figure_checks(data: DataSet) -> list[FigureCheck]:
    """Compare the data with every figure seed 000 prints in its section 3 table.

    Per printed row (matched to the data line with the same 序号): the line exists, its name
    and category, its headcount, its unit cost. Then the 总计 row: the number of lines, 46
    staff, and the printed 181727.6 in the 月单项服务成本预算 column against (a) the plain sum
    of the unit costs and (b) the formula Σ 数量 x 成本预算 (notes 2-3)."""
    checks: list[FigureCheck] = []
    by_seq = {line.seq: line for line in data.lines}
    for row in SEED_000_TABLE:
        ref = f"{SEED_REF}，序号 {row.seq}"
        line = by_seq.get(row.seq)
        key = f"seq{row.seq:02d}"
        if line is None:
            checks.append(FigureCheck(
                key=f"{key}.exists", label=f"序号 {row.seq} {row.name}", seed_ref=ref,
                printed=row.name, computed=None, agrees=False,
                explanation=f"种子表第 {row.seq} 行“{row.name}”在数据中没有对应的服务项目"
                            f"（按序号 seq 匹配）。"))
            continue
        label = f"序号 {row.seq} {line.name}（{line.id}）"
        ok = _names_match(row.name, line.name)
        checks.append(FigureCheck(
            key=f"{key}.name", label=f"{label} 服务名称", seed_ref=ref,
            printed=row.name, computed=line.name, agrees=ok,
            explanation=(f"名称一致：种子表“{row.name}”，数据“{line.name}”。" if ok else
                         f"名称不一致：种子表为“{row.name}”，数据为“{line.name}”，"
                         f"请核对序号是否对应。")))
        ok = line.category is row.category
        checks.append(FigureCheck(
            key=f"{key}.category", label=f"{label} 服务类别", seed_ref=ref,
            printed=row.category.value, computed=line.category.value, agrees=ok,
            explanation=(f"类别一致：{row.category.value}。" if ok else
                         f"类别不一致：种子表为{row.category.value}，"
                         f"数据为{line.category.value}。")))
        ok = line.headcount == row.headcount
        checks.append(FigureCheck(
            key=f"{key}.headcount", label=f"{label} 单项服务数量", seed_ref=ref,
            printed=row.headcount, computed=line.headcount, agrees=ok,
            explanation=(f"数量一致：{row.headcount} 人。" if ok else
                         f"数量不一致：种子表为 {row.headcount} 人，数据为 {line.headcount} 人"
                         f"（合同第6.6条允许院方调整数量；若为情景调整属正常）。")))
        ok = line.unit_cost == row.unit_cost
        checks.append(FigureCheck(
            key=f"{key}.unit_cost", label=f"{label} 月单项服务成本预算", seed_ref=ref,
            printed=row.unit_cost, computed=line.unit_cost, agrees=ok,
            explanation=(f"成本预算一致：{format_yuan(row.unit_cost)}。" if ok else
                         f"成本预算不一致：种子表为 {format_yuan(row.unit_cost)}，"
                         f"数据为 {format_yuan(line.unit_cost)}。")))
    known = {row.seq for row in SEED_000_TABLE}
    for line in data.lines:
        if line.seq not in known:
            checks.append(FigureCheck(
                key=f"{line.id}.extra", label=f"{line.name}（{line.id}）", seed_ref=SEED_REF,
                printed="", computed=line.name, agrees=False,
                explanation=f"数据中的服务项目“{line.name}”（序号 {line.seq}）不在种子表的"
                            f" 27 个服务项目中（新增项目，不计入合同原价）。"))
    checks += _total_checks(data)
    return checks


def _total_checks(data: DataSet) -> list[FigureCheck]:
    ref = f"{SEED_REF}，总计行"
    out: list[FigureCheck] = []
    count = len(data.lines)
    rows = len(SEED_000_TABLE)
    out.append(FigureCheck(
        key="total.lines", label="服务项目数", seed_ref=SEED_REF, printed=rows, computed=count,
        agrees=count == rows,
        explanation=(f"服务项目数一致：{rows} 项。" if count == rows else
                     f"种子表列出 {rows} 个服务项目，数据有 {count} 个。")))
    heads = sum(line.headcount for line in data.lines)
    out.append(FigureCheck(
        key="total.headcount", label="总计 单项服务数量", seed_ref=ref,
        printed=SEED_000_TOTAL_HEADCOUNT, computed=heads,
        agrees=heads == SEED_000_TOTAL_HEADCOUNT,
        explanation=(f"总人数一致：{heads} 人（各行数量之和）。"
                     if heads == SEED_000_TOTAL_HEADCOUNT else
                     f"总人数不一致：种子表总计为 {SEED_000_TOTAL_HEADCOUNT} 人，"
                     f"数据各行数量之和为 {heads} 人。")))
    printed = SEED_000_TOTAL_PRINTED
    plain = _sum(line.unit_cost for line in data.lines)
    seed_plain = _sum(row.unit_cost for row in SEED_000_TABLE)
    ok = plain == printed
    out.append(FigureCheck(
        key="total.printed_vs_plain_sum",
        label="总计 181727.6 与各行成本预算的简单相加", seed_ref=ref,
        printed=printed, computed=plain, agrees=ok,
        explanation=(
            f"一致：总计行在“月单项服务成本预算”一栏印的 {format_yuan(printed)}，"
            f"等于 27 个服务项目单价（每单位每月成本预算）的简单相加 {format_yuan(plain)}，"
            f"没有乘以各项的服务数量；它是单价之和，不是 46 人的月成本。" if ok else
            f"不一致：总计行印的 {format_yuan(printed)}，数据中各项成本预算简单相加为 "
            f"{format_yuan(plain)}（种子表本身各行简单相加为 {format_yuan(seed_plain)}）。")))
    weighted = _sum(line.headcount * line.unit_cost for line in data.lines)
    ok = weighted == printed
    out.append(FigureCheck(
        key="total.printed_vs_formula",
        label="总计 181727.6 与公式 Σ 数量 x 成本预算", seed_ref=f"{ref}；备注 2-4",
        printed=printed, computed=weighted, agrees=ok,
        explanation=(
            f"一致：总计 {format_yuan(printed)} 等于 Σ 数量 x 成本预算。" if ok else
            f"不一致：按备注 3 的公式，每月成本预算合计应为 Σ 单项服务数量 x 月单项服务成本预算"
            f" = {format_yuan(weighted)}（{heads} 人），而总计行印的是 {format_yuan(printed)}"
            f"{'（即各项单价的简单相加）' if printed == plain else ''}。"
            f"本系统按公式计费：不含管理费时每月 "
            f"{format_yuan(weighted)}，36 个月 {format_yuan(weighted * CONTRACT_MONTHS)}；"
            f"若误用 {format_yuan(printed)} 作月合计，36 个月仅 "
            f"{format_yuan(printed * CONTRACT_MONTHS)}。")))
    return out


# ---------------------------------------------------------------------------------------
# Monthly assessment (attachment 28)
# ---------------------------------------------------------------------------------------

#: Attachment 28, 考核标准 2: 10 yuan per point below 100 while the score is >= 85.
YUAN_PER_POINT = Decimal(10)
#: Attachment 28, 执行力与团队协作: 不能按时完成医院安排的工作任务，一次扣15分.
POINTS_PER_FAILED_TASK = 15
#: The same item is worth 20 points, deducted 扣完为止 (until used up).
TEAMWORK_ITEM_POINTS = 20


def _score(score: Decimal | int | float | str) -> Decimal:
    value = _dec(score)
    if not ZERO <= value <= 100:
        raise ValueError(f"考核得分应在 0 到 100 之间，得到 {score}")
    return value


def assessment_deduction(score: Decimal | int | float | str,
                         monthly_fee: Decimal | int | str) -> Decimal:
    """Deduction from one post's monthly fee for a monthly assessment score (attachment 28):

    - 100: none (合格，转全款);
    - 85 <= score < 100: 10 yuan per point lost (never more than the fee);
    - 70 <= score < 85: 10 % of the month's fee;
    - 60 <= score < 70: 20 %;
    - score < 60: 50 %.
    Rounded to the fen, half up."""
    value = _score(score)
    fee = _dec(monthly_fee)
    if value == 100:
        deduction = ZERO
    elif value >= 85:
        deduction = min((100 - value) * YUAN_PER_POINT, fee)
    elif value >= 70:
        deduction = fee * Decimal("0.10")
    elif value >= 60:
        deduction = fee * Decimal("0.20")
    else:
        deduction = fee * Decimal("0.50")
    return _money(deduction)


def settlement(score: Decimal | int | float | str, monthly_fee: Decimal | int | str) -> Decimal:
    """The month's fee actually paid (当月结算款) = fee - deduction."""
    return _money(_dec(monthly_fee)) - assessment_deduction(score, monthly_fee)


def predicted_score(failed_tasks: int, points_per_failed_task: int | Decimal = 15,
                    item_cap: int | None = None) -> Decimal:
    """Score predicted from failed tasks (an uncovered required shift counts as one),
    100 - failed x points, floored at 0.

    `item_cap` optionally limits the deduction to the points of the assessment item:
    attachment 28 puts failed tasks under 执行力与团队协作 (20 分, 扣完为止), so
    `item_cap=TEAMWORK_ITEM_POINTS` reads the sheet literally. The default is uncapped."""
    if failed_tasks < 0:
        raise ValueError("未完成任务次数不能为负数")
    lost = failed_tasks * _dec(points_per_failed_task)
    if item_cap is not None:
        lost = min(lost, _dec(item_cap))
    return max(ZERO, Decimal(100) - lost)


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
    hourly = hourly_wage(_dec(unit_cost), wage_share, standard)
    total = hourly * (PAY_150 * _dec(hours_150) + PAY_200 * _dec(hours_200)
                      + PAY_300 * _dec(hours_300))
    return _money(total)


# ---------------------------------------------------------------------------------------
# Display
# ---------------------------------------------------------------------------------------

def format_yuan(amount: Decimal | int | float | str) -> str:
    """181727.6 -> '¥181,727.60'; negative amounts '-¥1,234.50'."""
    value = _money(_dec(amount))
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.2f}"


CostReport.model_rebuild()
