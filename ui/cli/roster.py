"""`roster solve`, `roster replan` (from a roster JSON or from the store) and `roster app`."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from ui.cli.common import (
    ContractOpt,
    DataOpt,
    Paper,
    PaperOpt,
    ScenarioOpt,
    WorkbookOpt,
    announce,
    check_contract_option,
    choose_contract,
    default_terms,
    echo_notices,
    fail,
    handled,
    load_inputs,
    open_db,
    parse_date,
    positive_seconds,
    print_summary,
    progress_printer,
    scenario_name,
    write_outputs,
)


def solve(
    start: Annotated[str, typer.Option("--start", help="开始日期 YYYY-MM-DD")] = "",
    weeks: Annotated[int | None, typer.Option(
        "--weeks", min=1, max=26, help="周数（默认 1）")] = None,
    month: Annotated[str, typer.Option(
        "--month", help="按自然月排班 YYYY-MM：从该月 1 日排到月末（不与 --start/--weeks 同用）")] = "",
    time_limit: Annotated[float, typer.Option(
        "--time-limit", help="求解时限（秒，大于 0）", callback=positive_seconds)] = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="并行线程数")] = 8,
    staged: Annotated[bool, typer.Option("--staged", help="分阶段求解：覆盖→法定→公平→请求")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Excel 排班表输出")] = None,
    paper: PaperOpt = Paper.A4,
    json_out: Annotated[Path | None, typer.Option("--json", help="JSON 输出")] = None,
    data_dir: DataOpt = None, scenario: ScenarioOpt = None, workbook: WorkbookOpt = None,
    publish: Annotated[bool, typer.Option(
        "--publish", help="把结果发布到排班库（新版本，取代同期已发布版本）")] = False,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="ROSTER_DB_URL", help="排班库地址（默认：用户数据目录下的 SQLite 文件）")] = None,
    contract: ContractOpt = None,
) -> None:
    """排班：求解一段时期的排班表，显示进度，输出摘要、Excel 和 JSON。

    上期排班的尾巴（连续上班、最后一班、本月夜班/加班）自动从排班库中本数据集的合同读取。"""
    from solver.solve import SolveOptions, solve_roster

    first, n_days, period = solve_period(start, weeks, month)
    data = load_inputs(data_dir, scenario, workbook)
    check_contract_option(contract, data)
    data = solve_tails(data, first, db, publish, by_month=bool(month))
    typer.echo(f"排班 {period}，{len(data.vendor_staff())} 名外包人员，"
               f"{len(data.posts)} 个岗位；时限 {time_limit:g} 秒，{workers} 线程", err=True)
    _clinics_note(data, first, n_days)
    options = SolveOptions(time_limit_s=time_limit, workers=workers, staged=staged,
                           on_progress=progress_printer())
    result = solve_roster(data, first, n_days, options)
    print_summary(data, result)
    write_outputs(data, result, out, json_out, paper)
    if not result.status.has_roster:
        raise typer.Exit(1)
    if publish:
        publish_solved(db, data, result, scenario)


def _clinics_note(data, first: date, n_days: int) -> None:
    """Say which posts take their need from the 出诊表 in this period (roster demand shows it)."""
    schedule = data.clinics
    last = first + timedelta(days=n_days - 1)
    if schedule is None or not any(schedule.covers(first + timedelta(days=i))
                                   for i in range(n_days)):
        return
    names = "、".join(p.name for p in data.posts if p.derived)
    typer.echo(f"需求：{first}~{last} 中出诊表（{'、'.join(schedule.months)}）覆盖的日子，"
               f"{names} 按出诊派生（明细见 roster demand）", err=True)


def solve_period(start: str, weeks: int | None, month: str) -> tuple[date, int, str]:
    """The period of `roster solve`: (first day, number of days, its words), from --month
    (the whole calendar month) or from --start (default: next Monday) and --weeks."""
    from model.calendar import month_period, parse_month

    if month:
        given = [name for name, value in (("--start", start), ("--weeks", weeks)) if value]
        if given:
            fail(f"参数 --month 不能与 {'/'.join(given)} 同时使用：按月排班从该月 1 日排到月末；"
                 "请只给 --month，或只给 --start 和 --weeks")
        try:
            year, number = parse_month(month)
        except ValueError:
            fail(f"参数 --month：无效的月份 {month!r}（应为 YYYY-MM）")
        first, n_days = month_period(year, number)
        last = first + timedelta(days=n_days - 1)
        return first, n_days, f"{year} 年 {number} 月（{first} 至 {last}，{n_days} 天）"
    first = parse_date(start, "--start") if start else _next_monday()
    weeks = weeks or 1
    return first, weeks * 7, f"{first} 起 {weeks} 周"


def _next_monday() -> date:
    today = date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def replan(
    staff_id: Annotated[str, typer.Option("--staff", help="缺勤人员工号")],
    from_: Annotated[str, typer.Option("--from", help="缺勤开始日期")],
    roster_json: Annotated[Path | None, typer.Option(
        "--roster", help="已发布排班的 JSON（roster solve --json）；不给则从排班库重排")] = None,
    to: Annotated[str, typer.Option("--to", help="缺勤结束日期（默认同开始）")] = "",
    kind: Annotated[str, typer.Option("--kind", help="缺勤类型：病假/事假/年假/培训/外出...")] = "病假",
    time_limit: Annotated[float, typer.Option(
        "--time-limit", help="求解时限（秒，大于 0）", callback=positive_seconds)] = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="并行线程数")] = 8,
    out: Annotated[Path | None, typer.Option("--out", help="重排后排班表的 Excel 输出")] = None,
    paper: PaperOpt = Paper.A4,
    json_out: Annotated[Path | None, typer.Option(
        "--json", help="重排后排班的 JSON 输出（可再用于 roster publish）")] = None,
    data_dir: DataOpt = None, scenario: ScenarioOpt = None, workbook: WorkbookOpt = None,
    version: Annotated[int | None, typer.Option(
        "--version", help="排班库中的版本（默认：--from 当天的现行版本）")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="ROSTER_DB_URL", help="排班库地址（默认：用户数据目录下的 SQLite 文件）")] = None,
    contract: ContractOpt = None,
) -> None:
    """重排：有人临时缺勤后，从缺勤当天起重排，之前的排班不变，改动尽量少，并列出改动。

    不给 --roster 时从排班库的已发布版本出发，结果存为新版本并记录每处改动。"""
    from pydantic import ValidationError

    from model.events import Absence
    from model.roster import roster_from_json_dict
    from solver.replan import replan as run_replan
    from solver.solve import SolveOptions

    if roster_json is None:
        options = SolveOptions(time_limit_s=time_limit, workers=workers,
                               on_progress=progress_printer())
        replan_from_store(db, version, staff_id, from_, to, kind, options, out, json_out,
                          contract=contract, data_dir=data_dir, paper=paper)
        return
    data = load_inputs(data_dir, scenario, workbook)
    check_contract_option(contract, data)
    try:
        body = json.loads(roster_json.read_text(encoding="utf-8"))
        body.pop("data_hash", None)
        published = roster_from_json_dict(body)
    except (OSError, ValueError, KeyError, ValidationError) as exc:
        fail(f"{roster_json}：无法读取排班 JSON（{exc}）")
    if staff_id not in data.staff_by_id:
        fail(f"参数 --staff：未知工号 {staff_id!r}")
    first = parse_date(from_, "--from")
    last = parse_date(to, "--to") if to else first
    if not published.start <= first <= published.end:
        fail(f"参数 --from：{first} 不在已发布排班 {published.start}~{published.end} 内")
    try:
        absence = Absence(staff_id=staff_id, kind=kind, start=first, end=last)
    except ValidationError as exc:
        fail(f"缺勤参数无效：{exc.errors()[0]['msg']}")
    options = SolveOptions(time_limit_s=time_limit, workers=workers,
                           on_progress=progress_printer())
    result = run_replan(data, published, absence, first, options)
    print_summary(data, result.roster)
    echo_notices(data, result.changes, result.training)
    write_outputs(data, result.roster, out, json_out, paper)


def run_app(port: Annotated[int, typer.Option("--port", help="端口")] = 8501,
            headless: Annotated[bool, typer.Option(
                "--headless", help="不自动打开浏览器（服务器上运行时用）")] = False) -> None:
    """界面：启动网页应用（排班、情景与费用、人员与资质、规则），即 streamlit run ui/app.py。"""
    script = Path(__file__).resolve().parents[1] / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(script),
               "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "minimal"]
    if headless:
        command += ["--server.headless", "true"]
    os.execv(sys.executable, command)  # the app replaces this process: Ctrl-C stops it


# -- the store side of `roster solve --publish` and `roster replan` without --roster ----------
def solve_tails(data, start: date, db: str | None, publishing: bool, *, by_month: bool = False):
    """`data` with the tail of the roster in force before `start` (consecutive days, last
    shift, nights, weekends, overtime this month) read from the store. Without --db, no
    $ROSTER_DB_URL and no default store file yet, nothing is read (and nothing created) and
    the data set's own tails stay. `by_month` words the note for a month's roster."""
    from store.db import is_default_missing
    from ui.roster_service import current_version_for, with_store_tails, with_store_training

    before = start - timedelta(days=1)
    if not publishing and is_default_missing(db):
        if by_month:
            _data_tails_note(data)
        return data
    store = open_db(db)
    try:
        choose_contract(store, None, data=data, err=True)
        with handled(store.url):
            carried, people = with_store_tails(store, data, start)
            carried, trained = with_store_training(store, carried, start)
            version = (current_version_for(store, before, contract=data.contract.id)
                       if people is not None else None)
    finally:
        store.dispose()
    if trained:
        typer.echo(f"本季度此前已发布的排班中已安排培训 {trained} 人次，这些人本期不再安排",
                   err=True)
    if by_month and people is None:
        _data_tails_note(data)
    elif by_month:
        typer.echo(f"上月末排班取自已发布版本 {version}，共 {people} 人"
                   f"（截至 {before}：连续上班天数、最后一班、本月夜班/周末/加班）", err=True)
    elif people is None:
        typer.echo(f"排班库 {store.describe()} 中没有 {before} 的排班，"
                   "不带上期尾巴", err=True)
    else:
        typer.echo(f"已从排班库读取 {before} 以前的排班尾巴：{people} 人"
                   "（连续上班天数、最后一班、本月夜班/周末/加班）", err=True)
    return carried


def _data_tails_note(data) -> None:
    if data.tails:
        typer.echo(f"未找到上月排班，使用数据中的上期末排班，共 {len(data.tails)} 人", err=True)
    else:
        typer.echo("未找到上月排班，数据中也没有上期末排班：按上月末无人连续上班排班", err=True)


def publish_solved(db: str | None, data, result, scenario: Path | None,
                   author: str | None = None) -> None:
    """Store a solved roster as a published version (`roster solve --publish`)."""
    from ui.cli.users import cli_actor
    from ui.roster_service import publish

    store = open_db(db)
    try:
        with handled(store.url):
            info = publish(store, data, result, scenario=scenario_name(scenario),
                           actor=cli_actor(author), origin="solve", contract=data.contract.id)
    finally:
        store.dispose()
    announce(info, store)


def replan_from_store(db: str | None, version: int | None, staff_id: str, from_: str, to: str,
                      kind: str, options, out: Path | None, json_out: Path | None,
                      author: str | None = None, *, contract: str | None = None,
                      data_dir: Path | None = None, paper: str = Paper.A4) -> None:
    """`roster replan` without --roster: start from the contract's published version in the
    store (the one in force on --from unless --version), store the result as a new version."""
    from pydantic import ValidationError

    from model.events import Absence
    from solver.replan import replan as run_replan
    from ui.cli.users import cli_actor
    from ui.roster_service import (
        current_version_for,
        load_version,
        record_replan,
    )

    first = parse_date(from_, "--from")
    last = parse_date(to, "--to") if to else first
    store = open_db(db)
    terms = choose_contract(store, contract, default_terms(data_dir) if data_dir else None)
    with handled(store.url):
        if version is None:
            version = current_version_for(store, first, contract=terms.id)
            if version is None:
                fail(f"排班库 {store.describe()} 中没有 {first} 的已发布排班；"
                      "请用 --version 指定版本，或用 --roster 给出排班 JSON")
        info, data, published = load_version(store, version, contract=terms.id,
                                             complete=False)
        if staff_id not in data.staff_by_id:
            fail(f"参数 --staff：未知工号 {staff_id!r}（版本 {version} 的数据中没有此人）")
        if not info.start <= first <= info.end:
            fail(f"参数 --from：{first} 不在版本 {version} 的周期 {info.start}~{info.end} 内")
        try:
            absence = Absence(staff_id=staff_id, kind=kind, start=first, end=last)
        except ValidationError as exc:
            fail(f"缺勤参数无效：{exc.errors()[0]['msg']}")
        recorded = data.recorded_absence(staff_id, absence.start, absence.end)
        if recorded is not None:
            fail(f"{data.staff_by_id[staff_id].name}（{staff_id}）{recorded.start}~"
                 f"{recorded.end} 的{recorded.kind.value}已登记在版本 {version} 中，"
                 "重排不会改动任何班次，未保存新版本")
        typer.echo(f"从排班库版本 {version}（{info.start}~{info.end}）重排，"
                   f"使用该版本保存的数据集", err=True)
        try:
            result = run_replan(data, published, absence, first, options)
        except ValueError as exc:
            fail(str(exc))
        print_summary(data, result.roster)
        if not result.roster.status.has_roster:
            fail("重排没有得到排班，排班库未改动", code=1)
        stored_absence = absence.model_copy(update={"start": max(absence.start, first)})
        replanned_data = data.with_changes(absences=(*data.absences, stored_absence))
        new_info, audit = record_replan(store, version, replanned_data, result.roster,
                                        stored_absence, actor=cli_actor(author),
                                        contract=terms.id)
    echo_notices(data, audit, result.training)
    announce(new_info, store)
    write_outputs(replanned_data, result.roster, out, json_out, paper)
    store.dispose()
