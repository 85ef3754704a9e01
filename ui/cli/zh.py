"""The command line's own words in Chinese: typer's help panels, usage line and errors.

typer carries its own copy of click whose messages are fixed English ("Missing option",
"No such option", "Show this message and exit.", "Usage:") and checks option values with
pydantic ("Input should be greater than or equal to 1"). `install()` puts Chinese in at
the three places where typer shows them: the panel titles and markers (module constants),
the help texts it renders (also folded instead of cut: rich wraps at spaces, which Chinese
sentences do not have, so typer's tables cut them with "…"), and the error panel. Each
message is matched by a pattern below; one that no pattern knows stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

#: typer's panel titles and markers.
TYPER_CONSTANTS = {
    "ARGUMENTS_PANEL_TITLE": "参数", "OPTIONS_PANEL_TITLE": "选项", "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误", "ABORTED_TEXT": "已中止。", "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]", "REQUIRED_LONG_STRING": "[必填]",
    "DEPRECATED_STRING": "（已弃用）",
    "RICH_HELP": "输入 [blue]'{command_path} {help_option}'[/] 查看帮助。",
}

USAGE_PREFIX = "用法："

#: Fixed texts of typer's help (the help option).
HELP_TEXTS = {"Show this message and exit.": "显示本帮助并退出。"}

_PATH_KINDS = {"File": "文件", "Directory": "目录", "Path": "路径"}

#: pydantic's value messages (typer checks option values with it).
_VALUE_MESSAGES: list[tuple[str, Any]] = [
    (r"Input should be a valid integer(, .*)?", "应为整数"),
    (r"Input should be a valid number(, .*)?", "应为数字"),
    (r"Input should be a valid boolean(, .*)?", "应为是或否"),
    (r"Input should be a valid date(, .*)?", "应为日期（YYYY-MM-DD）"),
    (r"Input should be a valid (?:path|string)(, .*)?", "应为文本"),
    (r"Input should be greater than or equal to (\S+)", r"应不小于 \1"),
    (r"Input should be greater than (\S+)", r"应大于 \1"),
    (r"Input should be less than or equal to (\S+)", r"应不大于 \1"),
    (r"Input should be less than (\S+)", r"应小于 \1"),
    (r"Input should be (.+)", r"应为 \1"),
    (r"Value (.+) is not a valid (\w+)\.", r"\1 不是有效的取值"),
    (r"(.+) is not one of (.+)\.", r"\1 不在可选值中（可选：\2）"),
    (r"(File|Directory|Path) (.+) does not exist\.", lambda m: f"{_kind(m)} {m[2]} 不存在"),
    (r"(File|Directory|Path) (.+) is a file\.", lambda m: f"{_kind(m)} {m[2]} 是文件，不是目录"),
    (r"(File|Directory|Path) (.+) is a directory\.",
     lambda m: f"{_kind(m)} {m[2]} 是目录，不是文件"),
    (r"(File|Directory|Path) (.+) is not readable\.", lambda m: f"{_kind(m)} {m[2]} 不可读"),
    (r"(File|Directory|Path) (.+) is not writable\.", lambda m: f"{_kind(m)} {m[2]} 不可写"),
]

#: click's usage errors.
_ERRORS: list[tuple[str, Any]] = [
    (r"Missing option (.+?)\.(?: (.*))?", lambda m: f"缺少选项 {m[1]}。" + (m[2] or "")),
    (r"Missing argument (.+?)\.(?: (.*))?", lambda m: f"缺少参数 {m[1]}。" + (m[2] or "")),
    (r"Missing parameter: (.+)", r"缺少参数：\1"),
    (r"Missing command\.", "缺少命令。"),
    (r"No such option: (\S+) \(Possible options: (.+)\)", r"没有选项 \1（是否想输入：\2）"),
    (r"No such option: (\S+)", r"没有选项 \1"),
    (r"No such command (.+)\.", r"没有命令 \1。"),
    (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数（\1）"),
    (r"Option (.+) requires (.+)", r"选项 \1 需要取值"),
    (r"Option (.+) does not take a value\.", r"选项 \1 不带取值。"),
    (r"Invalid value for (.+?): (.+)", lambda m: f"{m[1]} 的取值无效：{translate_value(m[2])}"),
    (r"Invalid value: (.+)", lambda m: f"取值无效：{translate_value(m[1])}"),
]


def _kind(match: re.Match[str]) -> str:
    return _PATH_KINDS[match[1]]


def _apply(table: list[tuple[str, Any]], text: str) -> str | None:
    for pattern, replacement in table:
        match = re.fullmatch(pattern, text, flags=re.S)
        if match is not None:
            return replacement(match) if callable(replacement) else match.expand(replacement)
    return None


def translate_value(text: str) -> str:
    """A value check's message in Chinese (unknown ones unchanged)."""
    return _apply(_VALUE_MESSAGES, text.strip()) or text


def translate_error(text: str) -> str:
    """A usage error's message in Chinese (unknown ones unchanged)."""
    return _apply(_ERRORS, text.strip()) or text


def install() -> None:
    """Chinese for typer's own words in this process (idempotent)."""
    from typer import rich_utils
    from typer._click import formatting

    if getattr(rich_utils, "_roster_zh", False):
        return
    for name, text in TYPER_CONSTANTS.items():
        setattr(rich_utils, name, text)
    # typer looks these up at call time, so wrapping the module attributes is enough.
    rich_utils._make_rich_text = _folding_help(rich_utils._make_rich_text)  # type: ignore[assignment]
    rich_utils._get_parameter_help = _folding_parts(rich_utils._get_parameter_help)  # type: ignore[assignment]
    rich_utils.rich_format_error = _chinese_errors(rich_utils.rich_format_error)  # type: ignore[assignment]
    formatting.HelpFormatter.write_usage = _chinese_usage(  # type: ignore[method-assign]
        formatting.HelpFormatter.write_usage)
    rich_utils._roster_zh = True  # type: ignore[attr-defined]


def _folding_help(make: Callable[..., Any]) -> Callable[..., Any]:
    def make_rich_text(*args: Any, **kwargs: Any) -> Any:
        if "text" in kwargs:
            kwargs["text"] = HELP_TEXTS.get(kwargs["text"], kwargs["text"])
        text = make(*args, **kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text
    return make_rich_text


def _folding_parts(make: Callable[..., Any]) -> Callable[..., Any]:
    """An option's help, default and markers (rich Columns) fold instead of being cut."""
    def get_parameter_help(*args: Any, **kwargs: Any) -> Any:
        columns = make(*args, **kwargs)
        for part in getattr(columns, "renderables", ()):
            if hasattr(part, "overflow"):
                part.overflow = "fold"
        return columns
    return get_parameter_help


def _chinese_errors(show: Callable[[Any], None]) -> Callable[[Any], None]:
    def rich_format_error(error: Any) -> None:
        english = error.format_message
        error.format_message = lambda: translate_error(english())
        show(error)
    return rich_format_error


def _chinese_usage(write: Callable[..., None]) -> Callable[..., None]:
    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        write(self, prog, args, USAGE_PREFIX if prefix is None else prefix)
    return write_usage
