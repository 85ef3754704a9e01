"""`roster cost`, `check`, `template`, `import`, `calendar`: the contract, the staff, the calendar."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ui.cli.common import (
    DataOpt,
    JsonFlag,
    ScenarioOpt,
    WorkbookOpt,
    handled,
    load_inputs,
    open_db,
    parse_date,
    write_atomically,
)
from ui.cli.table import LEFT, RIGHT, table_lines

if TYPE_CHECKING:
    from model.cost import CostReport


def cost(scenario: ScenarioOpt = None, data_dir: DataOpt = None, as_json: JsonFlag = False
         ) -> None:
    """费用：按合同公式计算每月、每合同年和整个合同期的服务费，情景与基线的差额，以及与招标文件印刷数字的核对（数据含招标表时）。"""
    from model.cost import cost_report, figure_checks
    from model.money import format_yuan

    base = load_inputs(data_dir)
    data = load_inputs(data_dir, scenario) if scenario else base
    report = cost_report(data, baseline=base if scenario else None)
    months = report.contract_months
    if as_json:
        typer.echo(json.dumps(_cost_json(report), ensure_ascii=False, indent=1))
        return
    rows = [(line.line_id, line.name, line.headcount, format_yuan(line.unit_cost),
             format_yuan(line.management_fee), format_yuan(line.monthly_fee))
            for line in report.lines]
    for text in table_lines(("序号", "服务项目", "数量", "成本预算", "管理费", "月服务费"), rows,
                            (LEFT, LEFT, RIGHT, RIGHT, RIGHT, RIGHT)):
        typer.echo(text)
    typer.echo(f"合计人数 {report.headcount_total}；月服务费合计 {format_yuan(report.monthly_total)}；"
               f"每合同年 {format_yuan(report.contract_year_total)}；{months}个月总金额 "
               f"{format_yuan(report.contract_total)}")
    if report.delta is not None:
        from ui.formatting import worded_count, worded_yuan

        typer.echo(f"与基线相比：人数{worded_count(report.delta.headcount_delta, '人')}；每月"
                   f"{worded_yuan(report.delta.monthly_delta)}；{months}个月"
                   f"{worded_yuan(report.delta.contract_delta)}")
        for row in report.delta.changed():
            typer.echo(f"  {row.line_id} {row.name}：{row.status.value} 人数 "
                       f"{row.headcount_before}→{row.headcount_after}，每月"
                       f"{worded_yuan(row.monthly_delta)}")
    checks = figure_checks(base)
    if not checks:
        return
    disagreeing = [c for c in checks if not c.agrees]
    typer.echo(f"\n与招标文件印刷数字核对：{len(checks)} 项，一致 {len(checks) - len(disagreeing)} 项，"
               f"不一致 {len(disagreeing)} 项")
    for check in disagreeing:
        typer.echo(f"  [不一致] {check.label}：{check.explanation}")


def _cost_json(report: CostReport) -> dict[str, object]:
    return {
        "monthly_total": float(report.monthly_total),
        "contract_year_total": float(report.contract_year_total),
        "contract_total": float(report.contract_total),
        "headcount_total": report.headcount_total,
        "delta_monthly": None if report.delta is None else float(report.delta.monthly_delta),
        "delta_contract": None if report.delta is None else float(report.delta.contract_delta),
        "lines": [{"line_id": line.line_id, "name": line.name, "headcount": line.headcount,
                   "unit_cost": float(line.unit_cost),
                   "management_fee": float(line.management_fee),
                   "monthly_fee": float(line.monthly_fee)} for line in report.lines],
    }


def check(
    on: Annotated[str, typer.Option("--date", help="核对日期（默认今天）")] = "",
    within: Annotated[int, typer.Option("--within", help="列出多少天内到期的证书")] = 90,
    data_dir: DataOpt = None, scenario: ScenarioOpt = None, workbook: WorkbookOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """资质核对：每名人员的年龄、学历、专业、身高和证书是否符合其服务项目要求，可借调岗位是否符合被借调项目的要求，即将到期的证书，以及本季度尚未培训的人员。"""
    from model.compliance import (
        borrowing_report,
        compliance_report,
        expiring_certificates,
        quarter_training,
    )

    data = load_inputs(data_dir, scenario, workbook)
    day = parse_date(on, "--date") if on else date.today()
    items = compliance_report(data, day)
    borrowing = borrowing_report(data, day)
    expiring = expiring_certificates(data, day, within)
    untrained = [t for t in quarter_training(_with_published_training(data, day), day)
                 if not t.trained]
    failed = [item for item in items if not item.ok]
    if as_json:
        typer.echo(json.dumps({
            "date": day.isoformat(),
            "failed": [item.model_dump(mode="json") if hasattr(item, "model_dump")
                       else vars(item) for item in failed],
            "borrowing": [item.model_dump(mode="json") for item in borrowing],
            "expiring": [item.model_dump(mode="json") if hasattr(item, "model_dump")
                         else vars(item) for item in expiring],
            "untrained": [item.model_dump(mode="json") for item in untrained],
        }, ensure_ascii=False, indent=1, default=str))
        return
    typer.echo(f"资质核对日期：{day}；{len(data.staff)} 人，{len(items)} 项检查，不符合 {len(failed)} 项")
    for item in failed:
        typer.echo(f"  ✗ {item.name}（{item.staff_id}，{item.line_id}）{item.check}：{item.detail}")
    _print_untrained(untrained, day)
    bad = [b for b in borrowing if not b.ok]
    waived = [b for b in borrowing if b.ok and b.waived]
    typer.echo(f"\n借调资质（可借调岗位对照被借调服务项目的要求）：{len(borrowing)} 项，"
               f"不符合 {len(bad)} 项，按已备案例外 {len(waived)} 项")
    for b in borrowing:
        mark = "✗" if not b.ok else ("△" if b.waived else "✓")
        typer.echo(f"  {mark} {b.name}（{b.staff_id}，{b.line_id}）→ {b.post_name}：{b.detail}")
        for text in b.waived:
            typer.echo(f"      {text}")
    typer.echo(f"\n{within} 天内到期或已过期的证书：{len(expiring)} 张")
    for cert in expiring:
        typer.echo(f"  - {cert.name}（{cert.staff_id}）{cert.detail}")


def _print_untrained(untrained, day: date) -> None:
    """Who has had no training yet this quarter, grouped by what is left to them."""
    quarter = untrained[0].quarter if untrained else "本季度"
    typer.echo(f"\n{quarter}截至 {day} 尚未培训（每季度至少培训一次）：{len(untrained)} 人")
    groups: dict[str, list[str]] = {}
    for t in untrained:
        groups.setdefault(t.detail, []).append(f"{t.name}（{t.staff_id}）")
    for detail, people in groups.items():
        typer.echo(f"  - {detail}（{len(people)} 人）：{'、'.join(people)}")


def _with_published_training(data, day: date):
    """`data` with the trainings of the published rosters of the quarter up to `day` from the
    roster store (when one exists; else the data's own records)."""
    from store.db import is_default_missing
    from ui.roster_service import with_store_training

    if not data.training_sessions or is_default_missing(None):
        return data
    store = open_db(None)
    try:
        with handled(store.url):
            found, _ = with_store_training(store, data, day + timedelta(days=1))
    finally:
        store.dispose()
    return found


def template(out: Annotated[Path, typer.Option("--out", help="输出的 Excel 模板")] = Path("排班数据模板.xlsx"),
             data_dir: DataOpt = None) -> None:
    """模板：生成人员、证书、请假、排班请求、固定排班和排班模式的 Excel 模板（含当前数据、下拉选项和说明）。"""
    from model.excel_io import write_template

    data = load_inputs(data_dir)
    write_atomically(out, write_template(data))
    typer.echo(f"已写入模板：{out}")


def import_workbook(workbook: Annotated[Path, typer.Argument(help="填好的 Excel 模板")],
                    data_dir: DataOpt = None) -> None:
    """导入检查：读取填好的 Excel 模板，列出全部问题；无问题时显示导入摘要。"""
    data = load_inputs(data_dir, workbook=workbook)
    typer.echo(f"导入成功：{len(data.staff)} 名人员，{len(data.absences)} 条请假，"
               f"{len(data.requests)} 条请求，{len(data.pins)} 条固定排班，"
               f"{len(data.patterns)} 个项目的排班模式。"
               f"求解时用 --workbook {workbook}")


def calendar(year: Annotated[int, typer.Option(
        "--year", min=2000, max=2099, help="年份（默认今年）")] = date.today().year,
             data_dir: DataOpt = None) -> None:
    """日历：列出一年中的法定节假日、调休休息日和调休上班日，以及每天的数据来源。"""
    from model.calendar import DayKind
    from model.vocabulary import calendar_source

    data = load_inputs(data_dir)
    first = date(year, 1, 1)
    n = (date(year + 1, 1, 1) - first).days
    rows = [(item.day, f"周{'一二三四五六日'[item.day.weekday()]}", item.kind.label, item.name,
             f"来源：{calendar_source(item.source)}") for item in data.calendar.days(first, n)
            if item.kind in (DayKind.HOLIDAY, DayKind.IN_LIEU, DayKind.MAKEUP)]
    for text in table_lines(("日期", "星期", "类别", "节日", "来源"), rows, [LEFT] * 5)[1:]:
        typer.echo(text)
    for warning in data.calendar.warnings(first + timedelta(days=i) for i in range(n)):
        typer.echo(f"注意：{warning}")
