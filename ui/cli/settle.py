"""The monthly settlement's commands: `roster settle` (import attendance, statement and
assessment forms as Excel) and `roster assess` (record, list and withdraw assessment events).

Registered into the main app by `register(app)` (ui/cli/__init__.py calls it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from model.errors import DataError
from model.money import format_yuan, yuan_in_words
from ui.cli.common import (
    ContractOpt,
    DataOpt,
    choose_contract,
    fail,
    handled,
    load_inputs,
    open_db,
    parse_date,
    write_atomically,
)
from ui.cli.table import LEFT, RIGHT, table_lines

DbOpt = Annotated[str | None, typer.Option(
    "--db", envvar="ROSTER_DB_URL",
    help="排班库地址（默认：环境变量 ROSTER_DB_URL，否则用户数据目录下的 roster.db）")]
MonthOpt = Annotated[str, typer.Option("--month", help="结算月份 YYYY-MM")]
AuthorOpt = Annotated[str | None, typer.Option("--author", help="操作人（默认：本机登录的系统用户）")]

assess_app = typer.Typer(no_args_is_help=True, help="月度考核记录：登记、列出、撤销考核扣分事件")


def _month(text: str) -> tuple[int, int]:
    try:
        year, number = (int(part) for part in text.split("-"))
        date(year, number, 1)
    except ValueError:
        fail(f"参数 --month：无效的月份 {text!r}（应为 YYYY-MM）")
    return year, number


def settle(
    month: MonthOpt,
    attendance: Annotated[Path | None, typer.Option(
        "--attendance", help="先导入本月考勤导出文件（Excel 或 CSV；钉钉、企业微信、门禁导出）")] = None,
    col_staff: Annotated[str, typer.Option("--col-staff", help="考勤文件中工号所在列的表头")] = "工号",
    col_name: Annotated[str, typer.Option("--col-name", help="姓名所在列的表头")] = "姓名",
    col_date: Annotated[str, typer.Option("--col-date", help="日期所在列的表头")] = "日期",
    col_punch: Annotated[list[str] | None, typer.Option(
        "--col-punch", help="打卡时间所在列的表头（可重复；默认：上班打卡、下班打卡、上班1…下班3、打卡时间）")] = None,
    sheet: Annotated[str, typer.Option("--sheet", help="考勤工作表名称（默认：第一个）")] = "",
    out: Annotated[Path | None, typer.Option("--out", help="Excel 输出：结算表和各岗位考核表")] = None,
    data_dir: DataOpt = None, contract: ContractOpt = None, db: DbOpt = None,
    author: AuthorOpt = None,
) -> None:
    """月度结算：按排班库中本月的排班、考勤与考核记录，计算各岗位服务单位量、考核得分、扣款和本月结算款。"""
    from model.attendance import DEFAULT_PUNCH_HEADERS, ColumnMapping
    from ui.cli.users import cli_actor
    from ui.settlement_service import import_attendance
    from ui.settlement_service import settle as settle_month

    year, number = _month(month)
    data = load_inputs(data_dir)
    store = open_db(db)
    terms = choose_contract(store, contract, data.contract)
    if terms.id != data.contract.id:
        fail(f"参数 --contract：所用数据属于合同 {data.contract.label}，请用该合同的数据（--data）")
    if attendance is not None:
        mapping = ColumnMapping(staff_id=col_staff, name=col_name, day=col_date,
                                punches=tuple(col_punch or DEFAULT_PUNCH_HEADERS), sheet=sheet)
        try:
            content = attendance.read_bytes()
        except OSError as exc:
            fail(f"无法读取考勤文件 {attendance}：{exc.strerror}")
        with handled(store.url):
            try:
                summary = import_attendance(store, data, year, number, content,
                                            attendance.name, mapping, actor=cli_actor(author))
            except DataError as exc:
                fail(str(exc))
        typer.echo(f"已导入考勤：{summary.people} 人 {summary.days} 人天；迟到 {summary.late} 次，"
                   f"早退 {summary.early} 次，缺卡 {summary.missing_punches} 次，旷工 "
                   f"{summary.absent} 天，排班外工作 {summary.extra_hours:.1f} 小时；"
                   f"建议考核事件 {summary.proposed} 条")
    with handled(store.url):
        result = settle_month(store, data, year, number)
    store.dispose()
    statement = result.statement
    typer.echo(f"{statement.hospital} {year} 年 {number} 月服务费结算")
    rows = [[line.seq, line.name, line.headcount, f"{line.units:.2f}",
             format_yuan(line.contract_fee), format_yuan(line.billed_fee),
             str(line.score).removesuffix(".0"), format_yuan(line.deduction),
             format_yuan(line.payable)] for line in statement.lines]
    rows.append(["", "合计", sum(line.headcount for line in statement.lines),
                 f"{sum(line.units for line in statement.lines):.2f}",
                 format_yuan(statement.contract_total), format_yuan(statement.billed_total), "",
                 format_yuan(statement.deduction_total), format_yuan(statement.payable_total)])
    heads = ("序号", "服务项目", "合同数量", "服务单位量", "合同月服务费", "应计服务费", "得分",
             "考核扣款", "本月结算款")
    for text in table_lines(heads, rows, (RIGHT, LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT,
                                          RIGHT, RIGHT)):
        typer.echo(text)
    typer.echo(f"本月结算款（增值税发票金额）：{format_yuan(statement.payable_total)}"
               f"（大写：{yuan_in_words(statement.payable_total)}）")
    typer.echo(f"服务单位量不足合同数量时：{statement.shortfall.label}；排班缺口 "
               f"{len(result.gap_events)} 个计为“{result.sheet.kind(result.sheet.proposals.uncovered).name}”，"
               f"登记的考核事件 {len(result.stored_events)} 条")
    for note in statement.notes:
        typer.echo(f"注意：{note}")
    if out is not None:
        write_atomically(out, result.workbook())
        typer.echo(f"已写入 {out}（月度结算表 + {len(statement.lines)} 张岗位考核表）")


def _kind_id(sheet, text: str) -> str:
    for kind in sheet.kinds():
        if text in (kind.name, kind.id):
            return str(kind.id)
    names = "、".join(kind.name for kind in sheet.kinds())
    fail(f"参数 --kind：考核标准中没有“{text}”（可选：{names}）")


@assess_app.command(name="add")
def assess_add(
    day: Annotated[str, typer.Option("--date", help="日期 YYYY-MM-DD")],
    line: Annotated[str, typer.Option("--line", help="岗位（服务项目编号或名称）")],
    kind: Annotated[str, typer.Option("--kind", help="考核事件（考核标准中的写法，如“服务态度不好被投诉”）")],
    points: Annotated[int | None, typer.Option("--points", help="扣分（默认：该事件的扣分；范围事件取下限）")] = None,
    staff: Annotated[str | None, typer.Option("--staff", help="工号（针对个人时）")] = None,
    note: Annotated[str, typer.Option("--note", help="说明")] = "",
    data_dir: DataOpt = None, contract: ContractOpt = None, db: DbOpt = None,
    author: AuthorOpt = None,
) -> None:
    """登记一条考核扣分事件（质量考核小组），按考核标准检查扣分范围后保存。"""
    from model.assessment import AssessmentEvent
    from ui.cli.users import cli_actor
    from ui.settlement_service import record_event

    when = parse_date(day, "--date")
    data = load_inputs(data_dir)
    sheet = data.assessment
    if sheet is None:
        fail("数据中没有月度考核标准，无法登记")
    line_id = next((x.id for x in data.lines if line in (x.id, x.name)), None)
    if line_id is None:
        fail(f"参数 --line：没有服务项目 {line!r}")
    kind_id = _kind_id(sheet, kind)
    chosen = points if points is not None else sheet.kind(kind_id).lowest
    store = open_db(db)
    choose_contract(store, contract, data=data)
    with handled(store.url):
        event_id = record_event(store, data, AssessmentEvent(
            line_id=line_id, staff_id=staff, day=when, kind=kind_id, points=max(0, chosen),
            note=note), actor=cli_actor(author))
    store.dispose()
    typer.echo(f"已登记考核记录 {event_id}：{when} {sheet.kind(kind_id).name} 扣 {chosen} 分")


@assess_app.command(name="list")
def assess_list(month: MonthOpt, data_dir: DataOpt = None, contract: ContractOpt = None,
                db: DbOpt = None) -> None:
    """列出本月登记的考核扣分事件（含考勤导入建议的迟到、早退、缺卡、旷工）。"""
    from ui.settlement_service import month_events

    year, number = _month(month)
    data = load_inputs(data_dir)
    store = open_db(db)
    terms = choose_contract(store, contract, data.contract)
    with handled(store.url):
        stored = month_events(store, terms.id, year, number)
    store.dispose()
    sheet = data.assessment
    names = {m.id: m.name for m in data.staff}
    lines = {x.id: x.name for x in data.lines}
    rows = [[s.id, str(s.event.day), lines.get(s.event.line_id, s.event.line_id),
             names.get(s.event.staff_id or "", "—"),
             sheet.kind(s.event.kind).name if sheet else s.event.kind, s.event.points,
             s.event.source.value, s.event.note] for s in stored]
    for text in table_lines(("编号", "日期", "岗位", "人员", "事件", "扣分", "来源", "说明"), rows,
                            (RIGHT, LEFT, LEFT, LEFT, LEFT, RIGHT, LEFT, LEFT)):
        typer.echo(text)
    typer.echo(f"共 {len(stored)} 条")


@assess_app.command(name="withdraw")
def assess_withdraw(event_id: Annotated[int, typer.Argument(help="考核记录编号（assess list 列出）")],
                    data_dir: DataOpt = None, contract: ContractOpt = None, db: DbOpt = None,
                    author: AuthorOpt = None) -> None:
    """撤销一条考核记录（如迟到已核实为公务、登记有误）。"""
    from ui.cli.users import cli_actor
    from ui.settlement_service import withdraw

    data = load_inputs(data_dir)
    store = open_db(db)
    terms = choose_contract(store, contract, data.contract)
    with handled(store.url):
        event = withdraw(store, terms.id, event_id, actor=cli_actor(author))
    store.dispose()
    typer.echo(f"已撤销考核记录 {event_id}（{event.day}，扣 {event.points} 分）")


def register(app: typer.Typer) -> None:
    app.command(name="settle")(settle)
    app.add_typer(assess_app, name="assess")
