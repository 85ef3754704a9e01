"""The `roster` console command: batch solves, re-planning, cost, compliance, Excel.

All output is Simplified Chinese. Bad input prints every problem found and writes nothing.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from model.errors import DataError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="柳州市眼科医院 辅助服务外包 排班与人力规划工具")

DataOpt = Annotated[Path | None, typer.Option("--data", help="数据目录（默认：内置数据 data/）")]
ScenarioOpt = Annotated[Path | None, typer.Option("--scenario", help="情景文件（YAML）")]
WorkbookOpt = Annotated[Path | None, typer.Option(
    "--workbook", help="用户 Excel（roster template 生成的模板），替换人员、请假、请求和固定排班")]
JsonFlag = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def load_inputs(data_dir: Path | None, scenario: Path | None = None,
                workbook: Path | None = None):
    """Embedded data, a user's workbook over it, then a scenario; every problem at once."""
    from model.loaders import DATA_DIR, load_dataset
    from model.scenario import apply_scenario, load_scenario

    try:
        data = load_dataset(data_dir or DATA_DIR)
        if workbook is not None:
            from model.excel_io import read_workbook

            data = read_workbook(workbook, data, file_name=str(workbook))
        if scenario is not None:
            data = apply_scenario(data, load_scenario(scenario))
        return data
    except DataError as exc:
        _fail(str(exc))


def write_atomically(path: Path, payload: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"参数 {option}：不存在的日期 {text!r}（应为 YYYY-MM-DD）")
    raise AssertionError


def _progress_printer():
    def show(objective: float, bound: float, elapsed: float) -> None:
        typer.echo(f"  [{elapsed:7.1f}s] 当前最优 {objective:,.0f}   下界 {bound:,.0f}", err=True)
    return show


@app.command()
def solve(
    start: Annotated[str, typer.Option("--start", help="开始日期 YYYY-MM-DD")] = "",
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=26, help="周数")] = 1,
    time_limit: Annotated[float, typer.Option("--time-limit", help="求解时限（秒）")] = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="并行线程数")] = 8,
    staged: Annotated[bool, typer.Option("--staged", help="分阶段求解：覆盖→法定→公平→请求")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Excel 排班表输出")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="JSON 输出")] = None,
    data_dir: DataOpt = None, scenario: ScenarioOpt = None, workbook: WorkbookOpt = None,
    publish: Annotated[bool, typer.Option(
        "--publish", help="把结果发布到排班库（新版本，取代同期已发布版本）")] = False,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="ROSTER_DB_URL", help="排班库地址（默认：用户数据目录下的 SQLite 文件）")] = None,
) -> None:
    """排班：求解一段时期的排班表，显示进度，输出摘要、Excel 和 JSON。

    上期排班的尾巴（连续上班、最后一班、本月夜班/加班）自动从排班库读取。"""
    from solver.solve import SolveOptions, solve_roster
    from ui.cli_store import publish_solved, solve_tails

    data = load_inputs(data_dir, scenario, workbook)
    first = _parse_date(start, "--start") if start else _next_monday()
    data = solve_tails(data, first, db, publish)
    typer.echo(f"排班 {first} 起 {weeks} 周，{len(data.vendor_staff())} 名外包人员，"
               f"{len(data.posts)} 个岗位；时限 {time_limit:g} 秒，{workers} 线程", err=True)
    options = SolveOptions(time_limit_s=time_limit, workers=workers, staged=staged,
                           on_progress=_progress_printer())
    result = solve_roster(data, first, weeks * 7, options)
    _print_summary(data, result)
    _write_outputs(data, result, out, json_out)
    if not result.status.has_roster:
        raise typer.Exit(1)
    if publish:
        publish_solved(db, data, result, scenario)


def _next_monday() -> date:
    today = date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def _write_outputs(data, result, out: Path | None, json_out: Path | None) -> None:
    if json_out is not None:
        from store.hashing import dataset_hash

        payload = json.dumps({**result.to_json_dict(), "data_hash": dataset_hash(data)},
                             ensure_ascii=False, indent=1)
        write_atomically(json_out, payload.encode("utf-8"))
        typer.echo(f"已写入 JSON：{json_out}")
    if out is not None and result.status.has_roster:
        from model.cost import cost_report
        from model.roster_excel import roster_workbook

        report = cost_report(data)
        overtime = sum((s.overtime_cost for s in result.staff_summary), 0.0)
        from decimal import Decimal

        payload = roster_workbook(data, result, monthly_fee_total=report.monthly_total,
                                  overtime_cost_total=Decimal(str(round(overtime, 2))))
        write_atomically(out, payload)
        typer.echo(f"已写入 Excel：{out}")


def _print_summary(data, result) -> None:
    stats = result.stats
    typer.echo(f"\n状态：{result.status.label}（{result.status.value}）")
    typer.echo(f"时期：{result.start} 至 {result.end}")
    if stats is not None:
        first = ("—" if stats.time_to_first_solution_s is None
                 else f"{stats.time_to_first_solution_s:.2f} 秒")
        typer.echo(f"用时：{stats.wall_time_s:.2f} 秒；首个可行解：{first}；"
                   f"变量 {stats.variables}，约束 {stats.constraints}")
    for conflict in result.conflicts:
        typer.echo(f"  冲突：{conflict.message}")
    if not result.status.has_roster:
        return
    bound = "—" if result.best_bound is None else f"{result.best_bound:,.0f}"
    typer.echo(f"目标值：{result.objective:,}；下界：{bound}")
    typer.echo(f"排班：{len(result.assignments)} 个班次；"
               f"顶替 {sum(1 for a in result.assignments if a.cover_for)} 次；"
               f"借调 {sum(1 for a in result.assignments if a.borrowed)} 次")
    overtime = sum(s.overtime_hours for s in result.staff_summary)
    typer.echo(f"加班：{overtime:.1f} 小时，加班费 ¥{sum(s.overtime_cost for s in result.staff_summary):,.2f}")
    typer.echo(f"缺口：{sum(g.missing for g in result.gaps)} 人次"
               + ("" if result.gaps else "（全部覆盖）"))
    for gap in result.gaps[:20]:
        post = data.post_by_id[gap.post_id].name
        typer.echo(f"  - {gap.day} {post} {gap.shift}班 缺 {gap.missing} 人")
        for reason in gap.reasons[:6]:
            typer.echo(f"      {reason}")
    if len(result.gaps) > 20:
        typer.echo(f"  …… 另有 {len(result.gaps) - 20} 个缺口，见 Excel 覆盖表")
    if result.penalties:
        typer.echo("罚分（按规则）：")
        for line in result.penalties:
            typer.echo(f"  {line.name or line.rule:<24} 次数 {line.count:>10g}  权重 {line.weight:>9,}"
                       f"  小计 {line.cost:>12,}")
    for note in result.notes:
        typer.echo(f"注意：{note}")


@app.command()
def replan(
    staff_id: Annotated[str, typer.Option("--staff", help="缺勤人员工号")],
    from_: Annotated[str, typer.Option("--from", help="缺勤开始日期")],
    roster_json: Annotated[Path | None, typer.Option(
        "--roster", help="已发布排班的 JSON（roster solve --json）；不给则从排班库重排")] = None,
    to: Annotated[str, typer.Option("--to", help="缺勤结束日期（默认同开始）")] = "",
    kind: Annotated[str, typer.Option("--kind", help="缺勤类型：病假/事假/年假/培训/外出...")] = "病假",
    time_limit: Annotated[float, typer.Option("--time-limit")] = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1)] = 8,
    out: Annotated[Path | None, typer.Option("--out")] = None,
    json_out: Annotated[Path | None, typer.Option("--json")] = None,
    data_dir: DataOpt = None, scenario: ScenarioOpt = None, workbook: WorkbookOpt = None,
    version: Annotated[int | None, typer.Option(
        "--version", help="排班库中的版本（默认：--from 当天的现行版本）")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="ROSTER_DB_URL", help="排班库地址（默认：用户数据目录下的 SQLite 文件）")] = None,
) -> None:
    """重排：有人临时缺勤后，从缺勤当天起重排，之前的排班不变，改动尽量少，并列出改动。

    不给 --roster 时从排班库的已发布版本出发，结果存为新版本并记录每处改动。"""
    from pydantic import ValidationError

    from model.events import Absence
    from model.roster import roster_from_json_dict
    from solver.replan import replan as run_replan
    from solver.solve import SolveOptions

    if roster_json is None:
        from ui.cli_store import replan_from_store

        options = SolveOptions(time_limit_s=time_limit, workers=workers,
                               on_progress=_progress_printer())
        replan_from_store(db, version, staff_id, from_, to, kind, options, out, json_out)
        return
    data = load_inputs(data_dir, scenario, workbook)
    try:
        body = json.loads(roster_json.read_text(encoding="utf-8"))
        body.pop("data_hash", None)
        published = roster_from_json_dict(body)
    except (OSError, ValueError, KeyError, ValidationError) as exc:
        _fail(f"{roster_json}：无法读取排班 JSON（{exc}）")
    if staff_id not in data.staff_by_id:
        _fail(f"参数 --staff：未知工号 {staff_id!r}")
    first = _parse_date(from_, "--from")
    last = _parse_date(to, "--to") if to else first
    if not published.start <= first <= published.end:
        _fail(f"参数 --from：{first} 不在已发布排班 {published.start}~{published.end} 内")
    try:
        absence = Absence(staff_id=staff_id, kind=kind, start=first, end=last)
    except ValidationError as exc:
        _fail(f"缺勤参数无效：{exc.errors()[0]['msg']}")
    options = SolveOptions(time_limit_s=time_limit, workers=workers,
                           on_progress=_progress_printer())
    result = run_replan(data, published, absence, first, options)
    _print_summary(data, result.roster)
    typer.echo(f"\n需通知的改动：{len(result.changes)} 处")
    for change in result.changes:
        typer.echo(f"  {change.day} {data.staff_by_id[change.staff_id].name}（{change.staff_id}）："
                   f"{change.before} → {change.after}")
    _write_outputs(data, result.roster, out, json_out)


@app.command()
def cost(scenario: ScenarioOpt = None, data_dir: DataOpt = None, as_json: JsonFlag = False
         ) -> None:
    """费用：按合同公式计算每月、每合同年和36个月的服务费，情景与基线的差额，以及与招标文件印刷数字的核对。"""
    from model.cost import cost_report, format_yuan, seed_figure_checks

    base = load_inputs(data_dir)
    data = load_inputs(data_dir, scenario) if scenario else base
    report = cost_report(data, baseline=base if scenario else None)
    if as_json:
        typer.echo(json.dumps(_cost_json(report), ensure_ascii=False, indent=1))
        return
    typer.echo(f"{'序号':<4}{'服务项目':<22}{'数量':>4}{'成本预算':>12}{'管理费':>10}{'月服务费':>14}")
    for line in report.lines:
        typer.echo(f"{line.line_id:<4}  {line.name:<20}{line.headcount:>4}"
                   f"{format_yuan(line.unit_cost):>14}{format_yuan(line.management_fee):>12}"
                   f"{format_yuan(line.monthly_fee):>16}")
    typer.echo(f"合计人数 {report.headcount_total}；月服务费合计 {format_yuan(report.monthly_total)}；"
               f"每合同年 {format_yuan(report.contract_year_total)}；36个月总金额 "
               f"{format_yuan(report.contract_total)}")
    if report.delta is not None:
        typer.echo(f"与基线相比：人数 {report.delta.headcount_delta:+d}；每月 "
                   f"{format_yuan(report.delta.monthly_delta)}；36个月 "
                   f"{format_yuan(report.delta.contract_delta)}")
        for row in report.delta.changed():
            typer.echo(f"  {row.line_id} {row.name}：{row.status.value} 人数 "
                       f"{row.headcount_before}→{row.headcount_after}，每月 "
                       f"{format_yuan(row.monthly_delta)}")
    checks = seed_figure_checks(base)
    disagreeing = [c for c in checks if not c.agrees]
    typer.echo(f"\n与招标文件印刷数字核对：{len(checks)} 项，一致 {len(checks) - len(disagreeing)} 项，"
               f"不一致 {len(disagreeing)} 项")
    for check in disagreeing:
        typer.echo(f"  [不一致] {check.label}：{check.explanation}")


def _cost_json(report) -> dict:
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


@app.command()
def check(
    on: Annotated[str, typer.Option("--date", help="核对日期（默认今天）")] = "",
    within: Annotated[int, typer.Option("--within", help="列出多少天内到期的证书")] = 90,
    data_dir: DataOpt = None, scenario: ScenarioOpt = None, workbook: WorkbookOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """资质核对：每名人员的年龄、学历、专业、身高和证书是否符合其服务项目要求，以及即将到期的证书。"""
    from model.compliance import compliance_report, expiring_certificates

    data = load_inputs(data_dir, scenario, workbook)
    day = _parse_date(on, "--date") if on else date.today()
    items = compliance_report(data, day)
    expiring = expiring_certificates(data, day, within)
    failed = [item for item in items if not item.ok]
    if as_json:
        typer.echo(json.dumps({
            "date": day.isoformat(),
            "failed": [item.model_dump(mode="json") if hasattr(item, "model_dump")
                       else vars(item) for item in failed],
            "expiring": [item.model_dump(mode="json") if hasattr(item, "model_dump")
                         else vars(item) for item in expiring],
        }, ensure_ascii=False, indent=1, default=str))
        return
    typer.echo(f"资质核对日期：{day}；{len(data.staff)} 人，{len(items)} 项检查，不符合 {len(failed)} 项")
    for item in failed:
        typer.echo(f"  ✗ {item.name}（{item.staff_id}，{item.line_id}）{item.check}：{item.detail}")
    typer.echo(f"\n{within} 天内到期或已过期的证书：{len(expiring)} 张")
    for item in expiring:
        typer.echo(f"  - {item.name}（{item.staff_id}）{item.detail}")


@app.command()
def template(out: Annotated[Path, typer.Option("--out", help="输出的 Excel 模板")] = Path("排班数据模板.xlsx"),
             data_dir: DataOpt = None) -> None:
    """模板：生成人员、证书、请假、排班请求和固定排班的 Excel 模板（含当前数据、下拉选项和说明）。"""
    from model.excel_io import write_template

    data = load_inputs(data_dir)
    write_atomically(out, write_template(data))
    typer.echo(f"已写入模板：{out}")


@app.command(name="import")
def import_workbook(workbook: Annotated[Path, typer.Argument(help="填好的 Excel 模板")],
                    data_dir: DataOpt = None) -> None:
    """导入检查：读取填好的 Excel 模板，列出全部问题；无问题时显示导入摘要。"""
    data = load_inputs(data_dir, workbook=workbook)
    typer.echo(f"导入成功：{len(data.staff)} 名人员，{len(data.absences)} 条请假，"
               f"{len(data.requests)} 条请求，{len(data.pins)} 条固定排班。"
               f"求解时用 --workbook {workbook}")


@app.command()
def calendar(year: Annotated[int, typer.Option("--year")] = date.today().year,
             data_dir: DataOpt = None) -> None:
    """日历：列出一年中的法定节假日、调休休息日和调休上班日，以及每天的数据来源。"""
    from model.calendar import DayKind

    data = load_inputs(data_dir)
    first = date(year, 1, 1)
    n = (date(year + 1, 1, 1) - first).days
    for item in data.calendar.days(first, n):
        if item.kind in (DayKind.HOLIDAY, DayKind.IN_LIEU, DayKind.MAKEUP):
            typer.echo(f"{item.day}  周{'一二三四五六日'[item.day.weekday()]}  "
                       f"{item.kind.label:<6} {item.name:<8} 来源：{item.source}")
    for warning in data.calendar.warnings([first]):
        typer.echo(f"注意：{warning}")


@app.command(name="app")
def run_app(port: Annotated[int, typer.Option("--port", help="端口")] = 8501,
            headless: Annotated[bool, typer.Option(
                "--headless", help="不自动打开浏览器（服务器上运行时用）")] = False) -> None:
    """界面：启动网页应用（排班、情景与费用、人员与资质、规则），即 streamlit run ui/app.py。"""
    script = Path(__file__).resolve().parent / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(script),
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    if headless:
        command += ["--server.headless", "true"]
    os.execv(sys.executable, command)  # the app replaces this process: Ctrl-C stops it


# The store, planning and benchmark commands live in their own modules and register here.
from ui.cli_bench import bench_app  # noqa: E402
from ui.cli_plan import register as _register_plan  # noqa: E402
from ui.cli_store import register as _register_store  # noqa: E402

_register_store(app)
_register_plan(app)
app.add_typer(bench_app, name="bench")


def main() -> None:
    try:
        app()
    except DataError as exc:  # pragma: no cover - load_inputs handles the usual paths
        typer.echo(str(exc), err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
