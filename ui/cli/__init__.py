"""The `roster` console command: the typer app, its command groups in their order, and `main`.

All output is Simplified Chinese. Bad input prints every problem found and writes nothing.
"""

from __future__ import annotations

import sys

import typer

from model.errors import DataError
from ui.cli import contract, plan, roster, store
from ui.cli.bench import bench_app

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="医院辅助服务外包 排班与人力规划工具")

# The order of registration is the order of `roster --help`.
app.command(name="solve")(roster.solve)
app.command(name="replan")(roster.replan)
app.command(name="cost")(contract.cost)
app.command(name="check")(contract.check)
app.command(name="template")(contract.template)
app.command(name="import")(contract.import_workbook)
app.command(name="calendar")(contract.calendar)
app.command(name="app")(roster.run_app)
store.register(app)
plan.register(app)
app.add_typer(bench_app, name="bench")


def main() -> None:
    try:
        app()
    except DataError as exc:  # pragma: no cover - load_inputs handles the usual paths
        typer.echo(str(exc), err=True)
        sys.exit(2)
