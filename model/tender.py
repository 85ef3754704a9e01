"""The tender's printed figures (an optional data file) and their checks against the lines."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pydantic import Field, field_validator

from model.base import Frozen
from model.contract import ServiceLine
from model.money import ZERO, format_yuan


def _decimal(value: object) -> object:
    return Decimal(str(value)) if isinstance(value, float) else value


class TenderRow(Frozen):
    """One row of the tender's table of service lines, as printed."""

    seq: int = Field(description="序号")
    category: str = Field(description="服务类别")
    name: str = Field(description="服务名称")
    headcount: int = Field(ge=0, description="单项服务数量")
    unit_cost: Decimal = Field(ge=0, description="月单项服务成本预算（元）")

    @field_validator("unit_cost", mode="before")
    @classmethod
    def _money(cls, value: object) -> object:
        return _decimal(value)


class TenderTotal(Frozen):
    """The table's 总计 row as printed."""

    headcount: int = Field(ge=0, description="单项服务数量 column")
    unit_cost: Decimal = Field(ge=0, description="月单项服务成本预算 column")

    @field_validator("unit_cost", mode="before")
    @classmethod
    def _money(cls, value: object) -> object:
        return _decimal(value)


class TenderFigures(Frozen):
    """The figures a tender prints for its lines (tender_figures.yaml), to check data against."""

    source: str = Field(min_length=1, description="Where the table is printed (shown per check)")
    rows: tuple[TenderRow, ...] = Field(min_length=1)
    total: TenderTotal


class FigureCheck(Frozen):
    """One printed figure of the tender compared with the data (or with a formula)."""

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


def _sum(values: Sequence[Decimal]) -> Decimal:
    return sum(values, ZERO)


def tender_figure_checks(lines: Sequence[ServiceLine], figures: TenderFigures,
                         months: int) -> list[FigureCheck]:
    """Compare the lines with every figure of the tender's table.

    Per printed row (matched to the data line with the same 序号): the line exists, its name
    and category, its headcount, its unit cost. Then the 总计 row: the number of lines, the
    headcount, and the printed 月单项服务成本预算 total against (a) the plain sum of the unit
    costs and (b) the formula Σ 数量 x 成本预算, over `months` months of the contract."""
    checks: list[FigureCheck] = []
    by_seq = {line.seq: line for line in lines}
    for row in figures.rows:
        ref = f"{figures.source}，序号 {row.seq}"
        line = by_seq.get(row.seq)
        key = f"seq{row.seq:02d}"
        if line is None:
            checks.append(FigureCheck(
                key=f"{key}.exists", label=f"序号 {row.seq} {row.name}", seed_ref=ref,
                printed=row.name, computed=None, agrees=False,
                explanation=f"招标表第 {row.seq} 行“{row.name}”在数据中没有对应的服务项目"
                            f"（按序号 seq 匹配）。"))
            continue
        checks += _row_checks(row, line, ref, key)
    known = {row.seq for row in figures.rows}
    for line in lines:
        if line.seq not in known:
            checks.append(FigureCheck(
                key=f"{line.id}.extra", label=f"{line.name}（{line.id}）",
                seed_ref=figures.source, printed="", computed=line.name, agrees=False,
                explanation=f"数据中的服务项目“{line.name}”（序号 {line.seq}）不在招标表的"
                            f" {len(figures.rows)} 个服务项目中（新增项目，不计入合同原价）。"))
    checks += _total_checks(lines, figures, months)
    return checks


def _row_checks(row: TenderRow, line: ServiceLine, ref: str, key: str) -> list[FigureCheck]:
    label = f"序号 {row.seq} {line.name}（{line.id}）"
    out: list[FigureCheck] = []
    ok = _names_match(row.name, line.name)
    out.append(FigureCheck(
        key=f"{key}.name", label=f"{label} 服务名称", seed_ref=ref,
        printed=row.name, computed=line.name, agrees=ok,
        explanation=(f"名称一致：招标表“{row.name}”，数据“{line.name}”。" if ok else
                     f"名称不一致：招标表为“{row.name}”，数据为“{line.name}”，"
                     f"请核对序号是否对应。")))
    ok = line.category == row.category
    out.append(FigureCheck(
        key=f"{key}.category", label=f"{label} 服务类别", seed_ref=ref,
        printed=row.category, computed=line.category, agrees=ok,
        explanation=(f"类别一致：{row.category}。" if ok else
                     f"类别不一致：招标表为{row.category}，数据为{line.category}。")))
    ok = line.headcount == row.headcount
    out.append(FigureCheck(
        key=f"{key}.headcount", label=f"{label} 单项服务数量", seed_ref=ref,
        printed=row.headcount, computed=line.headcount, agrees=ok,
        explanation=(f"数量一致：{row.headcount} 人。" if ok else
                     f"数量不一致：招标表为 {row.headcount} 人，数据为 {line.headcount} 人"
                     f"（合同第6.6条允许院方调整数量；若为情景调整属正常）。")))
    ok = line.unit_cost == row.unit_cost
    out.append(FigureCheck(
        key=f"{key}.unit_cost", label=f"{label} 月单项服务成本预算", seed_ref=ref,
        printed=row.unit_cost, computed=line.unit_cost, agrees=ok,
        explanation=(f"成本预算一致：{format_yuan(row.unit_cost)}。" if ok else
                     f"成本预算不一致：招标表为 {format_yuan(row.unit_cost)}，"
                     f"数据为 {format_yuan(line.unit_cost)}。")))
    return out


def _total_checks(lines: Sequence[ServiceLine], figures: TenderFigures,
                  months: int) -> list[FigureCheck]:
    ref = f"{figures.source}，总计行"
    out: list[FigureCheck] = []
    count = len(lines)
    rows = len(figures.rows)
    out.append(FigureCheck(
        key="total.lines", label="服务项目数", seed_ref=figures.source, printed=rows,
        computed=count, agrees=count == rows,
        explanation=(f"服务项目数一致：{rows} 项。" if count == rows else
                     f"招标表列出 {rows} 个服务项目，数据有 {count} 个。")))
    heads = sum(line.headcount for line in lines)
    printed_heads = figures.total.headcount
    out.append(FigureCheck(
        key="total.headcount", label="总计 单项服务数量", seed_ref=ref,
        printed=printed_heads, computed=heads, agrees=heads == printed_heads,
        explanation=(f"总人数一致：{heads} 人（各行数量之和）。" if heads == printed_heads else
                     f"总人数不一致：招标表总计为 {printed_heads} 人，"
                     f"数据各行数量之和为 {heads} 人。")))
    printed = figures.total.unit_cost
    plain = _sum([line.unit_cost for line in lines])
    seed_plain = _sum([row.unit_cost for row in figures.rows])
    ok = plain == printed
    out.append(FigureCheck(
        key="total.printed_vs_plain_sum",
        label=f"总计 {printed} 与各行成本预算的简单相加", seed_ref=ref,
        printed=printed, computed=plain, agrees=ok,
        explanation=(
            f"一致：总计行在“月单项服务成本预算”一栏印的 {format_yuan(printed)}，"
            f"等于 {count} 个服务项目单价（每单位每月成本预算）的简单相加 {format_yuan(plain)}，"
            f"没有乘以各项的服务数量；它是单价之和，不是 {printed_heads} 人的月成本。" if ok else
            f"不一致：总计行印的 {format_yuan(printed)}，数据中各项成本预算简单相加为 "
            f"{format_yuan(plain)}（招标表本身各行简单相加为 {format_yuan(seed_plain)}）。")))
    weighted = _sum([line.headcount * line.unit_cost for line in lines])
    ok = weighted == printed
    out.append(FigureCheck(
        key="total.printed_vs_formula",
        label=f"总计 {printed} 与公式 Σ 数量 x 成本预算", seed_ref=f"{ref}；备注 2-4",
        printed=printed, computed=weighted, agrees=ok,
        explanation=(
            f"一致：总计 {format_yuan(printed)} 等于 Σ 数量 x 成本预算。" if ok else
            f"不一致：按备注 3 的公式，每月成本预算合计应为 Σ 单项服务数量 x 月单项服务成本预算"
            f" = {format_yuan(weighted)}（{heads} 人），而总计行印的是 {format_yuan(printed)}"
            f"{'（即各项单价的简单相加）' if printed == plain else ''}。"
            f"本系统按公式计费：不含管理费时每月 "
            f"{format_yuan(weighted)}，{months} 个月 {format_yuan(weighted * months)}；"
            f"若误用 {format_yuan(printed)} 作月合计，{months} 个月仅 "
            f"{format_yuan(printed * months)}。")))
    return out
