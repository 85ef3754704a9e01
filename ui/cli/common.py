"""Helpers shared by the `roster` command groups: options, input loading, atomic writes, summaries.

All output is Simplified Chinese. Bad input prints every problem found and writes nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from model.errors import DataError
from ui.cli.table import LEFT, table_lines

if TYPE_CHECKING:
    from model.contract import ContractTerms
    from model.dataset import DataSet
    from model.roster import RosterResult
    from store.db import Store

DataOpt = Annotated[Path | None, typer.Option("--data", help="数据目录（默认：内置数据 data/）")]
ScenarioOpt = Annotated[Path | None, typer.Option("--scenario", help="情景文件（YAML）")]
WorkbookOpt = Annotated[Path | None, typer.Option(
    "--workbook", help="用户 Excel（roster template 生成的模板），替换人员、请假、请求和固定排班")]
class Paper(StrEnum):
    """Paper of the printed roster (排班表)."""

    A4 = "A4"
    A3 = "A3"


PaperOpt = Annotated[Paper, typer.Option(
    "--paper", case_sensitive=False, help="排班表打印纸张：A4（横向，每页两周）或 A3（横向，每页一个月）")]
JsonFlag = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
ContractOpt = Annotated[str | None, typer.Option(
    "--contract", help="合同编号：排班库中只处理该合同的排班（默认：所用数据的合同，"
                       "即 --data/--scenario/--workbook 所给数据，否则内置数据的合同）")]

WEEKDAYS = "一二三四五六日"


def positive_seconds(value: float | None) -> float | None:
    """A time limit must be more than 0 seconds (0 or less would stop the solver at once)."""
    if value is not None and not value > 0:
        raise typer.BadParameter(f"求解时限应大于 0 秒，得到 {value:g}")
    return value


def echo_err(message: str) -> None:
    """One line on stderr."""
    typer.echo(message, err=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print the message on stderr and exit with `code`."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


def load_inputs(data_dir: Path | None, scenario: Path | None = None,
                workbook: Path | None = None) -> DataSet:
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
        fail(str(exc))


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


def parse_date(text: str, option: str) -> date:
    """An ISO date given to `option`, or exit naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"参数 {option}：不存在的日期 {text!r}（应为 YYYY-MM-DD）")


def optional_period(from_: str, to: str) -> tuple[date | None, date | None]:
    """The --from and --to options of a listing; an empty one is open-ended."""
    return (parse_date(from_, "--from") if from_ else None,
            parse_date(to, "--to") if to else None)


def weekday(day: date) -> str:
    """周一 .. 周日."""
    return f"周{WEEKDAYS[day.weekday()]}"


def progress_printer() -> Callable[[float, float, float], None]:
    """The solver's progress (best objective, bound, elapsed) on stderr."""
    def show(objective: float, bound: float, elapsed: float) -> None:
        typer.echo(f"  [{elapsed:7.1f}s] 当前最优 {objective:,.0f}   下界 {bound:,.0f}", err=True)
    return show


def write_outputs(data: DataSet, result: RosterResult, out: Path | None,
                  json_out: Path | None, paper: str = Paper.A4) -> None:
    """The roster as JSON (with the data fingerprint) and as the Excel roster printed on
    `paper` (A4 or A3), atomically."""
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
        book = roster_workbook(data, result, monthly_fee_total=report.monthly_total,
                               overtime_cost_total=Decimal(str(round(overtime, 2))),
                               paper=str(paper))
        write_atomically(out, book)
        typer.echo(f"已写入 Excel：{out}")


def number(value: float) -> str:
    """A count or amount for people: thousands separators, no exponent, decimals only when
    there are any (1.06296e+06 -> 1,062,960)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def training_line(data: DataSet, result: RosterResult) -> str:
    """The training placed, per session: 01-13 院感防控与消毒隔离 17 人; ..."""
    from collections import Counter

    per = Counter(t.session_id for t in result.training)
    sessions = data.training_session_by_id
    return "；".join(f"{sessions[sid].day:%m-%d} {sessions[sid].name} {n} 人"
                    if sid in sessions else f"{sid} {n} 人" for sid, n in sorted(per.items()))


def print_summary(data: DataSet, result: RosterResult) -> None:
    """Status, timing, objective, cover, overtime, gaps with reasons and penalties."""
    stats = result.stats
    typer.echo(f"\n状态：{result.status.label}")
    typer.echo(f"时期：{result.start} 至 {result.end}")
    if stats is not None:
        first = ("—" if stats.time_to_first_solution_s is None
                 else f"{stats.time_to_first_solution_s:.2f} 秒")
        typer.echo(f"用时：{stats.wall_time_s:.2f} 秒（建模 {stats.build_s:.2f} 秒，搜索 "
                   f"{stats.search_s:.2f} 秒，检查与缺口原因 {stats.explain_s:.2f} 秒）；"
                   f"首个可行解：{first}；变量 {stats.variables}，约束 {stats.constraints}")
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
    if result.training:
        typer.echo(f"培训：安排 {len(result.training)} 人次（{training_line(data, result)}）")
    typer.echo(f"缺口：{sum(g.missing for g in result.gaps)} 人次"
               + ("" if result.gaps else "（全部覆盖）"))
    for gap in result.gaps[:20]:
        post = data.post_by_id[gap.post_id].name
        typer.echo(f"  - {gap.day} {post} {gap.shift}班 缺 {gap.missing} 人")
        for reason in gap.reasons[:6]:
            typer.echo(f"      {reason}")
    if len(result.gaps) > 20:
        typer.echo(f"  …… 另有 {len(result.gaps) - 20} 个缺口，见 Excel 覆盖表")
    print_shadowing(data, result)
    if result.penalties:
        from solver.check_report import rule_name

        typer.echo("罚分（按规则）：")
        rows = [(line.name or rule_name(data, line.rule), number(line.count), number(line.weight),
                 number(line.cost)) for line in result.penalties]
        for text in table_lines(("规则", "次数", "权重", "小计"), rows):
            typer.echo("  " + text)
    for note in result.notes:
        typer.echo(f"注意：{note}")


def print_shadowing(data: DataSet, result: RosterResult, limit: int = 20) -> None:
    """The 带教 list: each newcomer's shifts beside a trained colleague (at most `limit`)."""
    from model.shadowing import pair_rows, shadow_pairs

    pairs = shadow_pairs(data, result.assignments)
    if not pairs:
        return
    typer.echo(f"带教（岗前培训跟班，不计入在岗人数）：{len(pairs)} 人次")
    keys = ("日期", "岗位", "班次", "新员工", "带教老师", "岗前培训至")
    rows = [tuple(row[k] for k in keys) for row in pair_rows(data, pairs[:limit])]
    for text in table_lines(keys, rows, align=[LEFT] * len(keys)):
        typer.echo("  " + text)
    if len(pairs) > limit:
        typer.echo(f"  …… 另有 {len(pairs) - limit} 人次，见 Excel 排班表（标“学”）")


# -- the roster store, shared by the store commands and `solve --publish` / `replan` ----------
@contextmanager
def handled(url=None) -> Iterator[None]:
    """StoreError and database errors as a Chinese message (never with a password)."""
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    from store.contracts import WrongContract
    from store.db import StoreError, scrub

    try:
        yield
    except WrongContract as exc:
        wanted = exc.contract_id or '""'
        fail(f"{exc}\n如需处理该合同，请加 --contract {wanted}")
    except StoreError as exc:
        fail(str(exc))
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        fail(f"数据库错误：{scrub(reason, url) if url is not None else reason}")
    except SQLAlchemyError as exc:
        fail(f"数据库错误：{type(exc).__name__}")


def open_db(db: str | None, *, create: bool = True):
    """Open the store (created and migrated on first use), or exit with the reason."""
    from store.db import open_store

    with handled():
        return open_store(db, create=create)
    raise AssertionError  # pragma: no cover


def scenario_name(scenario: Path | None) -> str:
    """The scenario's name for a stored version (基线 without one)."""
    if scenario is None:
        return "基线"
    try:
        from model.scenario import load_scenario

        return load_scenario(scenario).name
    except Exception:  # noqa: BLE001 - the name is a label; the path will do
        return scenario.stem


def echo_notices(data, changes, training=()) -> None:
    """What a re-plan changed, to be told to the people: each changed cell (an audit entry
    or a solver.replan Change: day, person, before -> after, and the kind of change where
    known), then each training attendance added or cancelled (model.training.TrainingChange)."""
    from model.training import training_change_text

    def name(staff_id: str) -> str:
        member = data.staff_by_id.get(staff_id)
        return f"{member.name if member else staff_id}（{staff_id}）"

    typer.echo(f"\n需通知的改动：{len(changes)} 处")
    for change in changes:
        kind = getattr(change, "kind_label", "")
        typer.echo(f"  {change.day} {weekday(change.day)} {name(change.staff_id)}："
                   f"{change.before} → {change.after}{f'（{kind}）' if kind else ''}")
    if training:
        typer.echo(f"\n需通知的培训变动：{len(training)} 处")
    sessions = data.training_session_by_id
    for item in training:
        typer.echo(f"  {item.day} {weekday(item.day)} {name(item.staff_id)}："
                   f"{training_change_text(item, sessions)}")


def announce(info, store) -> None:
    """One line for a version just saved or published (the versions it superseded, its
    contract)."""
    from model.contract import ContractTerms
    from ui.roster_service import find_contract, list_versions

    superseded = ""
    if info.status == "published":
        olds = [v.id for v in list_versions(store, info.start, info.end,
                                            contract=info.contract_id)
                if v.superseded_by_id == info.id]
        if olds:
            superseded = f"，取代版本 {', '.join(map(str, olds))}"
    terms = find_contract(store, info.contract_id) or ContractTerms.model_construct(
        id=info.contract_id)
    typer.echo(f"已{'保存草稿' if info.status == 'draft' else '发布'}：版本 {info.id}"
               f"（{info.start} 至 {info.end}，{info.assignment_count} 个班次{superseded}），"
               f"合同 {terms.label}，排班库 {store.describe()}")


# -- the contract a store command works on ----------------------------------------------------
def default_terms(data_dir: Path | None = None) -> ContractTerms:
    """The identity of a data folder (the embedded data by default): its contract.yaml alone."""
    from model.errors import Problem
    from model.loaders import DATA_DIR, load_contract

    problems: list[Problem] = []
    terms = load_contract((data_dir or DATA_DIR) / "contract.yaml", problems)
    if problems:
        fail(str(DataError(problems)))
    return terms


def check_contract_option(option: str | None, data: DataSet) -> None:
    """Exit when --contract names another contract than the data set's own."""
    if option is not None and option != data.contract.id:
        fail(f"参数 --contract：数据集属于合同 {data.contract.label}，与 --contract "
             f"{option!r} 不符；请去掉 --contract 或改用该合同的数据（--data）。未写入任何内容。")


def choose_contract(store: Store, option: str | None, own: ContractTerms | None = None,
                    *, data: DataSet | None = None, err: bool = False) -> ContractTerms:
    """The contract a store command works on, printed: --contract, else `own` (the identity
    of the data set used, the embedded data's by default). With `data` (a data set that will
    be written or given its tail), --contract must be the data set's own. A --contract the
    store does not know exits listing the contracts it knows."""
    from ui.roster_service import find_contract, list_contracts

    if data is not None:
        check_contract_option(option, data)
        own = data.contract
    own = own if own is not None else default_terms()
    chosen = own.id if option is None else option
    with handled(store.url):
        known = find_contract(store, chosen)
        if known is None and chosen != own.id:
            listing = "、".join(t.label for t in list_contracts(store))
            fail(f"参数 --contract：排班库中没有合同 {chosen!r}。"
                 + (f"排班库中的合同：{listing}" if listing else "排班库中还没有任何合同"))
    terms = known if known is not None else own
    typer.echo(f"合同：{terms.label}", err=err)
    return terms
