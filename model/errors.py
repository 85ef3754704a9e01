"""Input problems collected with their location, reported all at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from model.vocabulary import field_label, plain


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as the input allows."""

    file: str
    message: str
    row: int | None = None
    field: str | None = None
    value: object = None
    sheet: str | None = None
    #: 1-based column in a text file (YAML); a workbook's column is `field`, its header
    column: int | None = None

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"工作表 {self.sheet}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行" + (f"第 {self.column} 列" if self.column else ""))
        if self.field:
            # an unknown field is named as the user wrote it (that is what to correct)
            known = not self.message.startswith("未知字段")
            parts.append(f"字段 {field_label(self.field) if known else self.field}")
        return "，".join(parts)

    def __str__(self) -> str:
        shown = "" if self.value is None else f"（值：{shown_value(self.value)}）"
        return f"{self.location()}：{plain(self.message)}{shown}"


def shown_value(value: object) -> str:
    """A cell's value as a user typed it: dates as YYYY-MM-DD (a time only when there is
    one), numbers as they are, texts quoted."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return repr(value)


@dataclass
class DataError(Exception):
    """Raised with every problem found; nothing was imported or written."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        head = f"输入有 {len(self.problems)} 个问题，未导入任何数据："
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class ProblemCollector:
    """Accumulates problems for one file; raise_if_any() raises them together."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, message: str, *, row: int | None = None, field: str | None = None,
            value: object = None, sheet: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, row, field, value, sheet))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(list(self.problems))


#: pydantic error types -> the message in Chinese ({...} from the error's context).
_MESSAGES_ZH = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为金额数字",
    "bool_parsing": "应为是或否",
    "string_type": "应为文本",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期 YYYY-MM-DD（不含时间）",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_type": "应为日期 YYYY-MM-DD",
    "enum": "不在允许的取值中（可选：{expected}）",
    "literal_error": "不在允许的取值中（可选：{expected}）",
    "greater_than_equal": "应不小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}",
    "less_than": "应小于 {lt}",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "string_too_long": "最多 {max_length} 个字",
    "string_pattern_mismatch": "格式不符",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "dict_type": "应为映射",
    "model_type": "应为映射",
    "model_attributes_type": "应为映射",
}


def pydantic_message(err: Mapping[str, Any]) -> str:
    """A pydantic error in Chinese: our own validators' messages as they are (without
    pydantic's "Value error," prefix), the others from the table, pydantic's text last."""
    kind = err.get("type", "")
    context = err.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and "error" in context:
        return str(context["error"])
    if kind == "greater_than_equal" and context.get("ge") == 0:
        return "不能为负数"
    template = _MESSAGES_ZH.get(kind)
    if template is None:
        return str(err.get("msg", ""))
    try:
        return template.format(**{k: _context_text(v) for k, v in context.items()})
    except (KeyError, IndexError):
        return template.split("{")[0].rstrip("（ ")


def _context_text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
