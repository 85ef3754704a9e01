"""The `roster` console command: the typer app, its command groups in their order, and `main`.

All output is Simplified Chinese. Bad input prints every problem found and writes nothing.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from model.errors import DataError
from ui.cli import clinics, contract, plan, roster, settle, store, users, zh
from ui.cli.bench import bench_app

__all__ = ["app", "main"]

zh.install()  # typer's own words (help panels, usage line, errors) in Chinese

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="医院辅助服务外包 排班与人力规划工具")


def _show_version(value: bool) -> None:
    if value:
        try:
            number = version("hospital-roster")
        except PackageNotFoundError:  # run from a checkout that is not installed
            number = "未安装"
        typer.echo(f"roster（排班与人力规划）版本 {number}")
        raise typer.Exit()


@app.callback()
def _root(show_version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True, help="显示版本并退出。")] = False
          ) -> None:
    """医院辅助服务外包 排班与人力规划工具：排班、重排、费用、资质、规划与排班库。"""

# The order of registration is the order of `roster --help`.
app.command(name="solve")(roster.solve)
app.command(name="replan")(roster.replan)
clinics.register(app)
app.command(name="cost")(contract.cost)
app.command(name="check")(contract.check)
app.command(name="template")(contract.template)
app.command(name="import")(contract.import_workbook)
app.command(name="calendar")(contract.calendar)
app.command(name="app")(roster.run_app)
store.register(app)
settle.register(app)
plan.register(app)
users.register(app)
app.add_typer(bench_app, name="bench")


def main() -> None:
    try:
        app()
    except DataError as exc:  # pragma: no cover - load_inputs handles the usual paths
        typer.echo(str(exc), err=True)
        sys.exit(2)
