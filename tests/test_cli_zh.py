"""The command line speaks Chinese end to end: typer's help panels, usage line, errors and
value checks, help texts folded (never cut with "…") at 80 columns, and `roster --version`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui.cli.zh import translate_error

ENGLISH = ("Usage", "Options", "Commands", "Show this message", "Missing", "No such",
           "Invalid value", "Input should", "Try '")


def _roster(*args: str) -> subprocess.CompletedProcess:
    """The installed console command, as a user runs it, in an 80-column terminal."""
    command = shutil.which("roster", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("未安装 roster 命令（pip install -e .）")
    env = {**os.environ, "COLUMNS": "80", "TERMINAL_WIDTH": "80"}
    return subprocess.run([command, *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_version():
    done = _roster("--version")
    assert done.returncode == 0 and done.stdout.startswith("roster（排班与人力规划）版本 ")


@pytest.mark.parametrize("args", [("--help",), ("solve", "--help"), ("sweep", "--help"),
                                  ("bench", "curtois", "--help")])
def test_help_is_chinese_and_never_cut(args):
    done = _roster(*args)
    assert done.returncode == 0, done.stderr
    assert "用法：" in done.stdout and "选项" in done.stdout and "显示本帮助并退出。" in done.stdout
    assert "…" not in done.stdout
    assert not [word for word in ENGLISH if word in done.stdout]


@pytest.mark.parametrize(("args", "message"), [
    (("sweep",), "缺少选项 '--grid'。"),
    (("solve", "--nope"), "没有选项 --nope"),
    (("solve", "--workers", "0"), "'--workers' 的取值无效：应不小于 1"),
    (("solve", "--weeks", "abc"), "'--weeks' 的取值无效：应为整数"),
    (("nosuch",), "没有命令 'nosuch'。"),
    (("solve", "--time-limit", "0"), "'--time-limit' 的取值无效：求解时限应大于 0 秒，得到 0"),
    (("plan", "--time-limit", "-5"), "'--time-limit' 的取值无效：求解时限应大于 0 秒，得到 -5"),
])
def test_usage_errors_are_chinese(args, message):
    done = _roster(*args)
    assert done.returncode == 2
    assert message in done.stderr and "输入 'roster" in done.stderr
    assert not [word for word in ENGLISH if word in done.stderr], done.stderr


def test_an_unknown_message_is_left_as_it_is():
    assert translate_error("Something new happened.") == "Something new happened."


def test_numbers_are_for_people_and_tables_align_by_display_width():
    from rich.cells import cell_len

    from ui.cli.common import number
    from ui.cli.table import table_lines

    assert number(1.06296e+06) == "1,062,960" and number(2.5) == "2.50" and number(7) == "7"
    lines = table_lines(("规则", "小计"), [("周末班公平", "18,000"), ("加班费（150%）", "60,600"),
                                        ("A", "1")])
    ends = {cell_len(line) for line in lines}
    assert len(ends) == 1  # right-aligned last column ends in the same display column
    assert lines[1].startswith("周末班公平 ") and lines[3].startswith("A ")


def test_every_command_and_option_has_help():
    import typer

    from ui.cli import app

    def missing(command, path):
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                yield from missing(sub, [*path, name])
            return
        if not (command.help or "").strip():
            yield " ".join(path)
        for param in command.params:
            if param.param_type_name == "option" and not (param.help or "").strip():
                yield f"{' '.join(path)} {param.opts[0]}"

    assert list(missing(typer.main.get_command(app), ["roster"])) == []
