"""The roster store's commands: publish, history, show, diff, export, swap, edit, actual, audit.

Each works on one contract (--contract, else the data set's identity) and prints it first.
Registered into the main app by `register(app)` (ui/cli/__init__.py calls it).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from model.vocabulary import rule_name
from ui.cli.common import (
    ContractOpt,
    Paper,
    PaperOpt,
    announce,
    choose_contract,
    default_terms,
    fail,
    handled,
    load_inputs,
    open_db,
    optional_period,
    parse_date,
    scenario_name,
    weekday,
    write_atomically,
    write_outputs,
)
from ui.cli.table import LEFT, RIGHT, table_lines

DbOpt = Annotated[str | None, typer.Option(
    "--db", envvar="ROSTER_DB_URL",
    help="排班库地址，如 postgresql://用户@主机/库名 或 SQLite 文件路径"
         "（默认：环境变量 ROSTER_DB_URL，否则用户数据目录下的 roster.db）")]
AuthorOpt = Annotated[str | None, typer.Option("--author", help="操作人（默认：本机登录的系统用户）")]
ForceOpt = Annotated[bool, typer.Option(
    "--force", help="违反硬规则时仍执行（须写明 --reason，记入审计）")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="原因（记入审计）")]
VersionArg = Annotated[int, typer.Argument(help="版本号（roster history 列出）")]

def _print_version(info) -> None:
    from model.cells import local_time

    typer.echo(f"版本 {info.id}：{info.start} 至 {info.end}（{info.days} 天），"
               f"{info.status_label}，来源 {info.origin_label}"
               + (f"，情景 {info.scenario}" if info.scenario else ""))
    typer.echo(f"  作者 {info.author}，创建 {local_time(info.created_at)}，"
               f"发布 {local_time(info.published_at)}"
               + (f"；原因：{info.reason}" if info.reason else ""))
    lineage = []
    if info.parent_id:
        lineage.append(f"由版本 {info.parent_id} 修改而来")
    if info.superseded_by_id:
        lineage.append(f"已被版本 {info.superseded_by_id} 取代")
    objective = "—" if info.objective is None else f"{info.objective:,}"
    typer.echo(f"  {info.assignment_count} 个班次；求解状态 {info.solve_status}；"
               f"目标值 {objective}；"
               f"核查目标值 {info.checker_objective:,}；硬规则违反 {len(info.violations)} 处"
               + ("（强制）" if info.forced else "")
               + (f"；{'；'.join(lineage)}" if lineage else ""))
    typer.echo(f"  数据指纹 {info.dataset_hash[:16]}…")


def read_roster_json(path: Path):
    """(roster, data_hash or None) from a roster JSON (roster solve --json / show --json)."""
    from pydantic import ValidationError

    from model.roster import roster_from_json_dict

    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        data_hash = body.pop("data_hash", None)
        return roster_from_json_dict(body), data_hash
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError) as exc:
        fail(f"{path}：无法读取排班 JSON（{str(exc).splitlines()[0]}）")
    raise AssertionError  # pragma: no cover


# -- the store's own commands ----------------------------------------------------------------
def publish_command(
    roster_json: Annotated[Path | None, typer.Argument(
        help="排班 JSON（roster solve --json 的输出）")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="只保存为草稿，不发布")] = False,
    version: Annotated[int | None, typer.Option(
        "--version", help="发布排班库中已有的草稿版本（不给排班 JSON 时）")] = None,
    force: ForceOpt = False, reason: ReasonOpt = "", author: AuthorOpt = None,
    data_dir: Annotated[Path | None, typer.Option(
        "--data", help="数据目录（须与求解时相同）")] = None,
    scenario: Annotated[Path | None, typer.Option(
        "--scenario", help="情景文件（须与求解时相同）")] = None,
    workbook: Annotated[Path | None, typer.Option(
        "--workbook", help="用户 Excel（须与求解时相同）")] = None,
    contract: ContractOpt = None,
    db: DbOpt = None,
) -> None:
    """发布：把排班 JSON 存入排班库，成为该时期的新版本（取代同期已发布版本，旧版本保留）。

    JSON 中的数据指纹须与数据一致：排班库已保存该数据集时直接使用，否则按 --data/--scenario/
    --workbook 载入数据（并带上排班库中的上期尾巴）后核对。数据集须属于所选合同（--contract）。"""
    from ui.cli.users import cli_actor
    from ui.roster_service import publish, publish_draft

    if roster_json is None:
        if version is None:
            fail("请给出排班 JSON 文件，或用 --version 发布已有草稿")
        store = open_db(db)
        terms = choose_contract(store, contract, default_terms(data_dir) if data_dir else None)
        with handled(store.url):
            info = publish_draft(store, version, contract=terms.id, actor=cli_actor(author))
            announce(info, store)
        store.dispose()
        return
    roster, data_hash = read_roster_json(roster_json)
    store = open_db(db)
    with handled(store.url):
        from ui.roster_service import stored_dataset, with_store_tails

        stored = None
        if data_hash and data_dir is None and scenario is None and workbook is None:
            wanted = contract if contract is not None else default_terms().id
            # e.g. a JSON from `roster show --json`
            stored = stored_dataset(store, data_hash, contract=wanted)
        if stored is not None:
            data = stored
            terms = choose_contract(store, contract, data=data)
            typer.echo(f"使用排班库中已保存的数据集 {data_hash[:12]}…", err=True)
        else:
            data = load_inputs(data_dir, scenario, workbook)
            terms = choose_contract(store, contract, data=data)
            data, _ = with_store_tails(store, data, roster.start)
        info = publish(store, data, roster, scenario=scenario_name(scenario),
                       actor=cli_actor(author), draft=draft, force=force, reason=reason, expected_hash=data_hash,
                       contract=terms.id)
        announce(info, store)
        if info.violations:
            typer.echo(f"注意：强制发布，违反硬规则 {len(info.violations)} 处，已记入版本")
    store.dispose()


def history_command(
    from_: Annotated[str, typer.Option("--from", help="开始日期 YYYY-MM-DD")] = "",
    to: Annotated[str, typer.Option("--to", help="结束日期 YYYY-MM-DD")] = "",
    contract: ContractOpt = None,
    db: DbOpt = None,
) -> None:
    """历史：列出该合同与该时期重叠的全部排班版本（状态、来源、作者、时间、取代关系）。"""
    from model.cells import local_time
    from ui.roster_service import list_versions

    first, last = optional_period(from_, to)
    store = open_db(db)
    terms = choose_contract(store, contract)
    with handled(store.url):
        versions = list_versions(store, first, last, contract=terms.id)
    store.dispose()
    if not versions:
        typer.echo("排班库中没有该时期的排班版本")
        return
    rows = []
    for v in versions:
        notes = []
        if v.parent_id:
            notes.append(f"改自 {v.parent_id}")
        if v.superseded_by_id:
            notes.append(f"被 {v.superseded_by_id} 取代")
        if v.scenario:
            notes.append(f"情景 {v.scenario}")
        if v.reason:
            notes.append(f"原因：{v.reason}")
        rows.append((v.id, f"{v.start} 至 {v.end}", v.status_label, v.origin_label,
                     v.assignment_count, len(v.violations), v.author,
                     local_time(v.published_at or v.created_at), "；".join(notes)))
    heads = ("版本", "周期", "状态", "来源", "班次", "违反", "作者", "发布时间", "说明")
    for text in table_lines(heads, rows, (RIGHT, LEFT, LEFT, LEFT, RIGHT, RIGHT, LEFT, LEFT, LEFT)):
        typer.echo(text)


def show_command(
    version: VersionArg,
    json_out: Annotated[Path | None, typer.Option(
        "--json", help="把该版本写成排班 JSON（含数据指纹）")] = None,
    contract: ContractOpt = None,
    db: DbOpt = None,
) -> None:
    """查看：显示一个版本的信息、排班表（每人每天的班次）和改动记录。"""
    from store.hashing import dataset_hash
    from ui.roster_service import audit_trail, load_version, rule_name

    store = open_db(db)
    terms = choose_contract(store, contract)
    with handled(store.url):
        info, data, roster = load_version(store, version, contract=terms.id,
                                          complete=json_out is not None)
        audit = audit_trail(store, version, contract=terms.id)
    store.dispose()
    _print_version(info)
    for item in info.violations[:10]:
        typer.echo(f"  违反「{rule_name(data, item['rule'])}」：{item['message']}")
    days = [info.start + timedelta(days=d) for d in range(info.days)]
    cells = {(a.staff_id, a.day): a.shift for a in roster.assignments}
    people = [m for m in data.staff if any((m.id, d) in cells for d in days)]
    grid = [("", "", *(weekday(d) for d in days))]
    grid += [(member.id, member.name, *(cells.get((member.id, d), "休") for d in days))
             for member in people]
    typer.echo("")
    for text in table_lines(("工号", "姓名", *(d.strftime("%m-%d") for d in days)), grid,
                            (LEFT, LEFT, *[RIGHT] * len(days))):
        typer.echo(text)
    if audit:
        typer.echo(f"\n本版本的改动（{len(audit)} 处）：")
        for e in audit:
            forced = (f"（强制，违反 {'、'.join(rule_name(r) for r in e.broken_rules)}）"
                      if e.forced else "")
            typer.echo(f"  {e.day} {weekday(e.day)} {e.staff_id}：{e.before} → {e.after}"
                       f"  {e.kind_label}  {e.author}  {e.reason}{forced}")
    if json_out is not None:
        payload = {**roster.to_json_dict(), "data_hash": dataset_hash(data)}
        write_atomically(json_out, json.dumps(payload, ensure_ascii=False, indent=1)
                         .encode("utf-8"))
        typer.echo(f"已写入 JSON：{json_out}")


def diff_command(v1: VersionArg, v2: VersionArg, contract: ContractOpt = None,
                 db: DbOpt = None) -> None:
    """比较：列出同一合同两个版本之间改变的排班格子（按日期）。"""
    from ui.roster_service import diff, get_version

    store = open_db(db)
    terms = choose_contract(store, contract)
    with handled(store.url):
        changes = diff(store, v1, v2, contract=terms.id)
        a = get_version(store, v1, contract=terms.id)
        b = get_version(store, v2, contract=terms.id)
    store.dispose()
    typer.echo(f"版本 {v1}（{a.start}~{a.end}，{a.status_label}）→ 版本 {v2}"
               f"（{b.start}~{b.end}，{b.status_label}）：{len(changes)} 处改动")
    if a.dataset_hash != b.dataset_hash:
        typer.echo("注意：两个版本使用的数据集不同（人员、请假或规则可能已改变）")
    for c in changes:
        typer.echo(f"  {c.day} {weekday(c.day)} {c.name}（{c.staff_id}）：{c.before} → {c.after}")


def export_command(
    version: VersionArg,
    out: Annotated[Path, typer.Option("--out", help="输出的 Excel 排班表")],
    paper: PaperOpt = Paper.A4,
    contract: ContractOpt = None,
    db: DbOpt = None,
) -> None:
    """导出：把一个版本写成 Excel 排班表（排班表、覆盖、工时、费用、说明）。"""
    from ui.roster_service import load_version

    store = open_db(db)
    terms = choose_contract(store, contract)
    with handled(store.url):
        info, data, roster = load_version(store, version, contract=terms.id)
    store.dispose()
    write_outputs(data, roster, out, None, paper)


def _print_edit(result) -> None:
    typer.echo(f"已保存为版本 {result.version.id}（改自版本 {result.version.parent_id}，"
               f"{result.version.status_label}）：")
    for e in result.changes:
        typer.echo(f"  {e.day} {weekday(e.day)} {e.staff_id}：{e.before} → {e.after}")
    if result.broken:
        typer.echo("注意：强制执行，违反的硬规则已记入审计：")
        for v in result.broken:
            typer.echo(f"  - 「{rule_name(v.rule)}」：{v.message}")
    for warning in result.warnings:
        typer.echo(f"注意：新的缺口 {warning}")


def swap_command(
    version: VersionArg,
    day: Annotated[str, typer.Option("--date", help="日期 YYYY-MM-DD")],
    a: Annotated[str, typer.Option("--a", help="工号")],
    b: Annotated[str, typer.Option("--b", help="工号")],
    force: ForceOpt = False, reason: ReasonOpt = "", author: AuthorOpt = None,
    contract: ContractOpt = None,
    db: DbOpt = None,
) -> None:
    """换班：两人交换某一天的班次（可一人休息），按全部硬规则检查后保存为新版本。"""
    from ui.cli.users import cli_actor
    from ui.roster_service import swap

    when = parse_date(day, "--date")
    store = open_db(db)
    terms = choose_contract(store, contract)
    with handled(store.url):
        result = swap(store, version, when, a, b, force=force, reason=reason,
                      actor=cli_actor(author),
                      contract=terms.id)
    store.dispose()
    _print_edit(result)


def edit_command(
    version: VersionArg,
    day: Annotated[str, typer.Option("--date", help="日期 YYYY-MM-DD")],
    staff_id: Annotated[str, typer.Option("--staff", help="工号")],
    post: Annotated[str | None, typer.Option("--post", help="岗位编号或名称")] = None,
    shift: Annotated[str | None, typer.Option("--shift", help="班次代码")] = None,
    off: Annotated[bool, typer.Option("--off", help="改为休息")] = False,
    force: ForceOpt = False, reason: ReasonOpt = "", author: AuthorOpt = None,
    contract: ContractOpt = None,
    db: DbOpt = None,
) -> None:
    """改班：修改一个人某一天的岗位和班次（或改为休息），按全部硬规则检查后保存为新版本。"""
    from ui.cli.users import cli_actor
    from ui.roster_service import edit

    when = parse_date(day, "--date")
    store = open_db(db)
    terms = choose_contract(store, contract)
    with handled(store.url):
        result = edit(store, version, when, staff_id, post, shift, off=off, force=force,
                      reason=reason, actor=cli_actor(author), contract=terms.id)
    store.dispose()
    _print_edit(result)


def actual_command(
    month: Annotated[str, typer.Option("--month", help="月份 YYYY-MM")],
    out: Annotated[Path | None, typer.Option("--out", help="Excel 输出")] = None,
    contract: ContractOpt = None,
    db: DbOpt = None,
) -> None:
    """实际工时：每人本月计划与实际工时、加班（150%/200%/300%）、夜班、周末和节假日班。"""
    from ui.roster_service import ACTUAL_HEADERS, actual_report, actual_values, actual_workbook

    try:
        year, number = (int(part) for part in month.split("-"))
        date(year, number, 1)
    except ValueError:
        fail(f"参数 --month：无效的月份 {month!r}（应为 YYYY-MM）")
    store = open_db(db)
    terms = choose_contract(store, contract)
    with handled(store.url):
        report = actual_report(store, year, number, contract=terms.id)
    store.dispose()
    typer.echo(f"{year} 年 {number} 月 计划与实际工时（排班版本 "
               f"{', '.join(map(str, report.versions))}）")
    short = ("工号", "姓名", "项目", "计划", "实际", "差额", "加班", "150%", "200%", "300%",
             "计划加班", "天数", "夜班", "周末", "节假")
    rows = [[f"{v:.1f}" if isinstance(v, float) else v for v in actual_values(row)]
            for row in report.rows]
    for text in table_lines(short, rows, (LEFT, LEFT, LEFT, *[RIGHT] * 12)):
        typer.echo(text)
    if report.days_without_roster:
        typer.echo(f"注意：{len(report.days_without_roster)} 天没有已发布排班"
                   f"（{report.days_without_roster[0]} 起），按未上班计")
    for note in report.notes:
        typer.echo(f"注意：{note}")
    if out is not None:
        write_atomically(out, actual_workbook(report))
        typer.echo(f"已写入 Excel：{out}（表头：{'、'.join(ACTUAL_HEADERS[:5])}……）")


def audit_command(
    version: Annotated[int | None, typer.Option("--version", help="只看一个版本")] = None,
    from_: Annotated[str, typer.Option("--from", help="开始日期")] = "",
    to: Annotated[str, typer.Option("--to", help="结束日期")] = "",
    contract: ContractOpt = None,
    db: DbOpt = None,
) -> None:
    """审计：谁在何时因何改了哪一格（换班、手工修改、重排、病假、重新发布）。"""
    from model.cells import local_time
    from ui.roster_service import audit_trail, get_version

    first, last = optional_period(from_, to)
    store = open_db(db)
    terms = choose_contract(store, contract)
    with handled(store.url):
        if version is not None:
            get_version(store, version, contract=terms.id)  # refuses another contract's
        entries = audit_trail(store, version, contract=terms.id, start=first, end=last)
    store.dispose()
    if not entries:
        typer.echo("没有改动记录")
    for e in entries:
        forced = f"（强制，违反 {', '.join(e.broken_rules)}）" if e.forced else ""
        typer.echo(f"{local_time(e.created_at)}  版本 {e.base_version_id}→{e.version_id}  "
                   f"{e.day} {e.staff_id}：{e.before} → {e.after}  {e.kind_label}  "
                   f"{e.author}  {e.reason}{forced}")


def register(app: typer.Typer) -> None:
    """Add the store's commands to the `roster` app."""
    app.command(name="publish")(publish_command)
    app.command(name="history")(history_command)
    app.command(name="show")(show_command)
    app.command(name="diff")(diff_command)
    app.command(name="export")(export_command)
    app.command(name="swap")(swap_command)
    app.command(name="edit")(edit_command)
    app.command(name="actual")(actual_command)
    app.command(name="audit")(audit_command)
