"""`roster plan` (cheapest headcount per line) and `roster sweep` (scenario grids).

Registered on the main typer app by `ui/cli/__init__.py` (`register(app)`). Output in Chinese.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from model.errors import DataError
from ui.cli.common import (
    echo_err,
    fail,
    load_inputs,
    parse_date,
    positive_seconds,
    write_atomically,
)
from ui.cli.table import LEFT, RIGHT, table_lines


def plan(
    scenario: Annotated[Path | None, typer.Option("--scenario", help="情景文件（YAML）")] = None,
    lines: Annotated[str, typer.Option(
        "--lines", help="只规划这些项目（服务项目编号），逗号分隔（默认全部）")] = "",
    allow_overtime: Annotated[bool, typer.Option(
        "--allow-overtime", help="允许合法加班（每日≤3小时、每月≤36小时）代替招聘")] = False,
    allow_borrowing: Annotated[bool, typer.Option(
        "--allow-borrowing", help="允许已培训人员跨项目借调（默认各项目自行覆盖）")] = False,
    start: Annotated[str, typer.Option(
        "--start", help="代表期开始日期（默认合同开始的那一周的周一；数据没有合同开始日期时为下周一）")] = "",
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=13, help="代表期周数")] = 4,
    time_limit: Annotated[float, typer.Option(
        "--time-limit", help="总求解时限（秒，大于 0）", callback=positive_seconds)] = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="每次求解的线程数")] = 2,
    json_out: Annotated[Path | None, typer.Option("--json", help="JSON 输出文件")] = None,
    data_dir: Annotated[Path | None, typer.Option(
        "--data", help="数据目录（默认：内置数据）")] = None,
) -> None:
    """人力规划：求各服务项目覆盖代表期需求的最低成本人数（合同月费 + 加班费），并说明原因。"""
    from solver.planning import PlanningOptions, default_start, plan_headcount

    data = load_inputs(data_dir, scenario)
    first = parse_date(start, "--start") if start else default_start(data)
    chosen = tuple(x.strip() for x in lines.split(",") if x.strip())
    unknown = [x for x in chosen if x not in data.line_by_id]
    if unknown:
        fail(f"参数 --lines：未知服务项目 {', '.join(unknown)}"
              f"（可选：{', '.join(line.id for line in data.lines)}）")
    options = PlanningOptions(start=first, n_days=7 * weeks, lines=chosen,
                              allow_overtime=allow_overtime, allow_borrowing=allow_borrowing,
                              time_limit_s=time_limit, workers=workers, on_progress=echo_err)
    echo_err(f"人力规划：代表期 {first} 起 {weeks} 周{_holidays(data, first, 7 * weeks)}；"
              f"{len(chosen) or len(data.lines)} 个项目；"
              f"{'允许加班' if allow_overtime else '不安排可避免的加班'}；时限 {time_limit:g} 秒")
    result = plan_headcount(data, options)
    print_plan(result, data.contract.months)
    if json_out is not None:
        payload = json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=1)
        write_atomically(json_out, payload.encode("utf-8"))
        typer.echo(f"已写入 JSON：{json_out}")
    if not all(p.status.has_roster for p in result.lines):
        raise typer.Exit(1)


def _holidays(data, start: date, n_days: int) -> str:
    from model.calendar import DayKind

    names = []
    for item in data.calendar.days(start, n_days):
        if item.kind is DayKind.HOLIDAY and item.name and item.name not in names:
            names.append(item.name)
    return f"（含{'、'.join(names)}）" if names else "（不含法定节假日）"


def print_plan(result, months: int) -> None:
    from model.money import format_yuan

    typer.echo(f"\n最低成本人数：{result.start} 至 {result.end}；"
               f"{'允许加班' if result.allow_overtime else '不安排可避免的加班'}")
    heads = ("项目", "服务名称", "现有", "最优", "新招", "减少", "月费变化", "加班(时)", "加班费")
    rows = [(p.line_id, p.name, p.headcount_today, f"≥{p.optimum}" if p.impossible else p.optimum,
             p.hired, len(p.released), format_yuan(p.monthly_delta), f"{p.overtime_hours:g}",
             format_yuan(p.overtime_cost)) for p in result.lines]
    for text in table_lines(heads, rows, (LEFT, LEFT, *[RIGHT] * 7)):
        typer.echo(text)
    typer.echo(f"合计：现有 {result.headcount_today} 人 → 最优 {result.headcount_optimum} 人；"
               f"月服务费 {format_yuan(result.monthly_today)} → "
               f"{format_yuan(result.monthly_optimum)}"
               f"（{'节省' if result.monthly_delta < 0 else '增加'} "
               f"{format_yuan(abs(result.monthly_delta))}/月，{months}个月 "
               f"{format_yuan(abs(result.contract_delta))}）；代表期加班费 "
               f"{format_yuan(result.overtime_cost)}")
    if result.cost_fen is not None:
        cost = format_yuan(result.cost_fen / 100)
        bound = format_yuan((result.bound_fen or 0) / 100)
        proof = ("已证明最优" if result.proven else
                 f"未证明最优：成本 {cost}，已证明下界 {bound}，差距 {result.gap_pct:g}%")
        typer.echo(f"状态：{proof}（目标 = 月服务费 + 加班费 = {cost}）；"
                   f"用时 {result.wall_time_s:.1f} 秒")
    else:
        typer.echo(f"状态：{result.status.label}")
    blocked = [p for p in result.lines if p.impossible]
    if blocked:
        typer.echo("\n无法排班（≥ 为需求所需的最少人数，须先修改规则或班次）：")
        for p in blocked:
            for sentence in p.blocked:
                typer.echo(f"  {p.line_id} {p.name}：{sentence}")
    typer.echo("\n人数的约束原因：")
    for p in result.lines:
        change = ("不变" if p.optimum == p.headcount_today else
                  f"{p.headcount_today} → {p.optimum}")
        typer.echo(f"  {p.line_id} {p.name}（{change}）")
        for sentence in p.binding:
            typer.echo(f"      {sentence}")
        if p.released:
            typer.echo(f"      可减少：{'、'.join(p.released)}")
    for note in result.notes:
        typer.echo(f"注意：{note}")


def _progress_bar():
    """A text progress bar on stderr (one line per scenario when not a terminal)."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int, row) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        mark = "失败" if not row.ok else row.status_label
        text = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {row.name}：{mark}"
        if tty:
            sys.stderr.write("\r\033[K" + text + ("\n" if done == total else ""))
            sys.stderr.flush()
        else:
            echo_err(text)
    return show


def sweep(
    grid: Annotated[Path, typer.Option("--grid", help="网格文件（YAML，见 scenarios/grids/）")],
    executor: Annotated[str, typer.Option(
        "--executor", help="执行方式：process（本机进程池）或 ray")] = "process",
    workers: Annotated[int, typer.Option(
        "--workers", min=1, help="并行进程数（ray：本地启动时的 CPU 数）")] = 2,
    address: Annotated[str, typer.Option("--address", help="Ray 集群地址（默认在本机启动）")] = "",
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", help="每个情景的确定性时限（约合秒，大于 0；默认取网格文件或 10）",
        callback=positive_seconds)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Excel 输出（含成本-缺口图）")] = None,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="CSV 输出")] = None,
    png_out: Annotated[Path | None, typer.Option(
        "--png", help="成本-缺口图 PNG（默认与 --out 同名）")] = None,
    data_dir: Annotated[Path | None, typer.Option(
        "--data", help="数据目录（默认：内置数据）")] = None,
) -> None:
    """情景扫描：求解网格中的每个情景（人数、管理费、需求变化的组合），输出一张汇总表。"""
    from solver.sweep import (
        EXECUTORS,
        ClusterError,
        frontier_png,
        load_grid,
        ray_available,
        run_sweep,
        sweep_csv,
        sweep_workbook,
    )

    if executor not in EXECUTORS[:2]:
        fail(f"参数 --executor：应为 process 或 ray，得到 {executor!r}")
    if executor == "ray":
        ok, why = ray_available()
        if not ok:
            fail(why)
    data = load_inputs(data_dir)
    try:
        spec = load_grid(grid)
    except DataError as exc:
        fail(str(exc))
    echo_err(f"情景扫描“{spec.name}”：{spec.size} 个情景，执行方式 {executor}，{workers} 个并行"
              + (f"，集群 {address}" if address else ""))
    try:
        result = run_sweep(data, spec, executor=executor, workers=workers,
                           address=address or None, time_limit=time_limit,
                           on_row=_progress_bar())
    except (DataError, ClusterError) as exc:
        fail(str(exc))
    print_sweep(result)
    if out is not None:
        write_atomically(out, sweep_workbook(result))
        typer.echo(f"已写入 Excel：{out}")
        png_out = png_out or out.with_suffix(".png")
    if csv_out is not None:
        write_atomically(csv_out, sweep_csv(result))
        typer.echo(f"已写入 CSV：{csv_out}")
    if png_out is not None:
        write_atomically(png_out, frontier_png(result))
        typer.echo(f"已写入成本-缺口图：{png_out}")
    if not any(row.ok for row in result.rows):
        raise typer.Exit(1)


def print_sweep(result) -> None:
    from model.money import format_yuan

    frontier = set(result.frontier())
    typer.echo(f"\n{result.grid_name}：{len(result.rows)} 个情景，"
               f"{result.start} 起 {result.weeks} 周，每个情景确定性时限 {result.time_limit:g}，"
               f"用时 {result.wall_time_s:.1f} 秒")
    def money(value) -> str:
        return "—" if value is None else format_yuan(value)

    def shown(value) -> object:
        return "—" if value is None else value

    rows = [(row.index + 1, row.name, shown(row.headcount), money(row.monthly_cost),
             shown(row.gaps), "—" if row.overtime_hours is None else f"{row.overtime_hours:g}",
             money(row.deduction), row.status_label + (" ★" if row.index in frontier else "")
             + (f"：{row.error}" if row.error else "")) for row in result.rows]
    heads = ("序号", "情景", "人数", "月服务费", "缺口", "加班(时)", "预计扣款", "状态")
    for text in table_lines(heads, rows, (RIGHT, LEFT, *[RIGHT] * 5, LEFT)):
        typer.echo(text)
    failed = sum(1 for row in result.rows if not row.ok)
    typer.echo("★ = 成本-缺口前沿（没有其他情景更便宜且缺口不更多）"
               + (f"；{failed} 个情景失败，原因见“说明”列" if failed else ""))


def register(app: typer.Typer) -> None:
    """Add `plan` and `sweep` to the `roster` app."""
    app.command(name="plan")(plan)
    app.command(name="sweep")(sweep)
