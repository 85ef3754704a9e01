"""`roster demand` (the need per post, day and shift with the clinic sessions behind it) and
`roster clinic-change` (停诊/加诊 after publication: demand re-derived, minimal-change replan)."""

from __future__ import annotations

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
    choose_contract,
    default_terms,
    echo_notices,
    fail,
    handled,
    load_inputs,
    open_db,
    positive_seconds,
    print_summary,
    progress_printer,
    weekday,
    write_outputs,
)
from ui.cli.table import LEFT, RIGHT, table_lines


def demand(
    month: Annotated[str, typer.Option("--month", help="月份 YYYY-MM（不与 --start/--weeks 同用）")] = "",
    start: Annotated[str, typer.Option("--start", help="开始日期 YYYY-MM-DD")] = "",
    weeks: Annotated[int | None, typer.Option("--weeks", min=1, max=26, help="周数")] = None,
    post: Annotated[str, typer.Option("--post", help="只显示该岗位（编号或名称）")] = "",
    all_posts: Annotated[bool, typer.Option(
        "--all", help="也显示固定需求的岗位（默认只显示按出诊表派生需求的岗位）")] = False,
    data_dir: DataOpt = None, scenario: ScenarioOpt = None, workbook: WorkbookOpt = None,
) -> None:
    """需求：按岗位、日期、班次列出排班所用的需求人数，以及按出诊表派生的需求来自哪些出诊。"""
    from model.clinic_demand import demand_rows, need_text, shifts_needed, sources_text
    from ui.cli.roster import solve_period

    first, n_days, period = solve_period(start, weeks, month)
    data = load_inputs(data_dir, scenario, workbook)
    derived_posts = [p for p in data.posts if p.derived]
    chosen = data.posts if all_posts or not derived_posts else derived_posts
    if post:
        chosen = [p for p in data.posts if post in (p.id, p.name)]
        if not chosen:
            fail(f"参数 --post：未知岗位 {post!r}")
    covered = data.clinics is not None and any(
        data.clinics.covers(day.day) for day in data.calendar.days(first, n_days))
    typer.echo(f"需求 {period}：" + ("按出诊表派生（" + "、".join(data.clinics.months) + "）"
                                    if covered and data.clinics else "没有出诊表，全部为固定需求"))
    rows = demand_rows(data, first, n_days)
    derived = shifts_needed(data, first, n_days)
    fixed = shifts_needed(data.with_clinics(None), first, n_days) if covered else derived
    for item in chosen:
        mine = [r for r in rows if r.post.id == item.id]
        own = [r for r in mine if r.need.target]
        closed = sorted({(r.day, r.shift) for r in mine if r.derived and not r.need.target})
        source = "按出诊表" if any(r.derived for r in mine) else "固定需求"
        typer.echo(f"\n{item.name}（{source}）：本期需外包 {derived.get(item.id, 0)} 班次"
                   + (f"，固定需求为 {fixed.get(item.id, 0)} 班次" if source == "按出诊表" else ""))
        table = [(f"{r.day.month}月{r.day.day}日", weekday(r.day), data.shift_by_code[r.shift].name,
                  need_text(r.need), r.supply or "",
                  sources_text(r.sources, limit=3) if r.derived else f"固定（{r.kind.label}）")
                 for r in own]
        for line in table_lines(("日期", "星期", "班次", "需求", "院方人员", "来自"), table,
                                [LEFT, LEFT, LEFT, RIGHT, RIGHT, LEFT]):
            typer.echo(f"  {line}")
        if closed:
            names = "、".join(dict.fromkeys(data.shift_by_code[t].name for _, t in closed))
            typer.echo(f"  其余 {len(closed)} 个日期班次（{names}）当天没有相应出诊，不需要人")


def clinic_change(
    changes_file: Annotated[Path, typer.Argument(
        help="停诊/加诊文件（CSV 或 Excel，列：医生、科室、日期、时段、诊室、变更）")],
    version: Annotated[int | None, typer.Option(
        "--version", help="排班库中的版本（默认：最早变更日当天的现行版本）")] = None,
    time_limit: Annotated[float, typer.Option(
        "--time-limit", help="求解时限（秒，大于 0）", callback=positive_seconds)] = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="并行线程数")] = 8,
    out: Annotated[Path | None, typer.Option("--out", help="重排后排班表的 Excel 输出")] = None,
    paper: PaperOpt = Paper.A4,
    json_out: Annotated[Path | None, typer.Option("--json", help="重排后排班的 JSON 输出")] = None,
    data_dir: DataOpt = None,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="ROSTER_DB_URL", help="排班库地址（默认：用户数据目录下的 SQLite 文件）")] = None,
    contract: ContractOpt = None,
) -> None:
    """停诊/加诊：已发布排班后医生停诊或加诊，按新的出诊重新计算需求，从最早变更日起以最少改动重排，
    列出需通知的改动，并存为排班库的新版本。"""
    from model.clinic_demand import need_changes, need_text
    from model.clinic_import import read_changes, read_table
    from model.errors import DataError
    from solver.replan import replan_changed
    from solver.solve import SolveOptions
    from ui.cli.users import cli_actor
    from ui.roster_service import current_version_for, load_version, record_replan

    if not changes_file.exists():
        fail(f"{changes_file}：文件不存在")
    store = open_db(db)
    terms = choose_contract(store, contract, default_terms(data_dir) if data_dir else None)
    with handled(store.url):
        if version is None:
            first = _first_change_day(read_table(changes_file)[1])
            version = current_version_for(store, first, contract=terms.id) if first else None
            if version is None:
                fail(f"排班库 {store.describe()} 中没有变更日 {first or ''} 的已发布排班；"
                     "请用 --version 指定版本")
        info, data, published = load_version(store, version, contract=terms.id, complete=False)
        if data.clinics is None:
            fail(f"版本 {version} 的数据没有出诊表，停诊/加诊不影响其需求")
        try:
            changes = read_changes(changes_file, data, data.clinics)
        except DataError as exc:
            fail(str(exc))
        from_day = min(change.day for change in changes)
        if not info.start <= from_day <= info.end:
            fail(f"变更日 {from_day} 不在版本 {version} 的周期 {info.start}~{info.end} 内")
        changed = data.with_clinics(data.clinics.with_changes(changes))
        typer.echo(f"从排班库版本 {version}（{info.start}~{info.end}）起，按 {len(changes)} 条"
                   f"停诊/加诊重新计算需求，自 {from_day} 起重排", err=True)
        for post, day, shift, old, new in need_changes(data, changed):
            typer.echo(f"  需求变化：{day} {weekday(day)} {post.name} "
                       f"{data.shift_by_code[shift].name} {need_text(old)} → {need_text(new)}")
        options = SolveOptions(time_limit_s=time_limit, workers=workers,
                               on_progress=progress_printer())
        result = replan_changed(changed, published, from_day, options)
        print_summary(changed, result.roster)
        if not result.roster.status.has_roster:
            fail("重排没有得到排班，排班库未改动", code=1)
        reason = "；".join(f"{c.kind.value} {c.day} {c.period.value} {c.doctor}"
                          for c in changes)
        new_info, audit = record_replan(store, version, changed, result.roster, None,
                                        reason=reason, actor=cli_actor(None),
                                        contract=terms.id, unchanged_ok=True)
    echo_notices(data, audit, result.training)
    announce(new_info, store)
    write_outputs(changed, result.roster, out, json_out, paper)
    store.dispose()


def _first_change_day(rows):
    """The earliest readable date of the change rows (which version to start from)."""
    from model.clinic_import import parse_day

    days = [day for _, values in rows if (day := parse_day(values.get("日期"))) is not None]
    return min(days) if days else None


def register(app: typer.Typer) -> None:
    """Add `demand` and `clinic-change` to the `roster` app."""
    app.command(name="demand")(demand)
    app.command(name="clinic-change")(clinic_change)
