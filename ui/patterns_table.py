"""The 规则 page's table of the lines' preferred patterns (稳定排班模式), and reading it back.

One row per line: its fixed rest weekdays (周六、周日), its weekly shift rotation (A、P、N) and
the Monday the rotation starts from. Every problem is located by the table's row and
column; an edited table that has any problem changes nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd
from pydantic import ValidationError

from model.dataset import DataSet
from model.errors import Problem
from model.patterns import WEEKDAY_LABELS, WEEKDAY_NAMES, WorkPattern
from model.vocabulary import plain

TABLE_PATTERNS = "排班模式"
LINE = "服务项目"
REST = "固定休息日"
ROTATION = "轮换班次"
START = "轮换起始周一"
NOTE = "说明"
PATTERN_COLUMNS = [LINE, REST, ROTATION, START, NOTE]
#: what separates the items a user types in one cell
_SEPARATORS = re.compile(r"[、,，;；/\s]+")
#: the model's field -> the column it is typed in
_FIELDS = {"line_id": LINE, "rest_days": REST, "rotation": ROTATION,
           "rotation_start": START, "source": NOTE}


def line_choice(data: DataSet, line_id: str) -> str:
    """How a line is offered in the table's 服务项目 column: its number and name."""
    line = data.line_by_id.get(line_id)
    return f"{line_id} {line.name}" if line is not None else line_id


def line_choices(data: DataSet) -> list[str]:
    return [line_choice(data, line.id) for line in data.lines]


def patterns_edit_frame(data: DataSet) -> pd.DataFrame:
    """The lines' patterns as the editable table shows them."""
    rows = [{LINE: line_choice(data, p.line_id),
             REST: "、".join(WEEKDAY_LABELS[d] for d in p.rest_days),
             ROTATION: "、".join(p.rotation),
             START: p.rotation_start,
             NOTE: plain(p.source)} for p in data.patterns]
    frame = pd.DataFrame(rows, columns=PATTERN_COLUMNS)
    frame[START] = pd.to_datetime(frame[START]).dt.date  # an empty table keeps a date column
    return frame


def _text(value: object) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _items(value: object) -> list[str]:
    return [item for item in _SEPARATORS.split(_text(value)) if item]


def _line_id(data: DataSet, value: str) -> str | None:
    """The line typed or chosen: '<number> <name>', its number or its name (None: unknown)."""
    for line in data.lines:
        if value in (line.id, line.name, line_choice(data, line.id)):
            return line.id
    head = value.split(" ", 1)[0]
    return head if head in data.line_by_id else None


def _day(value: object) -> date | None | str:
    """A date from the table (a date, a timestamp or YYYY-MM-DD text; None: empty; the
    text itself when it is not a date)."""
    if _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value)[:10])
    except ValueError:
        return _text(value)


def _row_pattern(data: DataSet, row: pd.Series, number: int, seen: dict[str, int]
                 ) -> tuple[WorkPattern | None, list[Problem]]:
    """One table row as a pattern, or the row's problems."""
    problems: list[Problem] = []

    def wrong(column: str | None, message: str, value: object = None) -> None:
        problems.append(Problem(TABLE_PATTERNS, message, number, column, value,
                                sheet=TABLE_PATTERNS))

    line_text = _text(row.get(LINE))
    line_id = _line_id(data, line_text) if line_text else None
    if not line_text:
        wrong(LINE, "请选择服务项目")
    elif line_id is None:
        wrong(LINE, "未知服务项目", line_text)
    elif line_id in seen:
        wrong(LINE, f"该服务项目已在第 {seen[line_id]} 行给出排班模式", line_text)
    else:
        seen[line_id] = number
    rest: list[int] = []
    for item in _items(row.get(REST)):
        if item in WEEKDAY_NAMES:
            rest.append(WEEKDAY_NAMES[item])
        else:
            wrong(REST, "休息日应写作 周一 … 周日，多个用顿号分开", item)
    rotation = _items(row.get(ROTATION))
    for code in rotation:
        if code not in data.shift_by_code:
            wrong(ROTATION, "未知班次（应为班次表中的班次代码）", code)
    start = _day(row.get(START))
    if isinstance(start, str):
        wrong(START, "应为日期（周一），如 2027-01-04", start)
        start = None
    if problems or line_id is None:
        return None, problems
    try:
        return WorkPattern(line_id=line_id, rest_days=tuple(rest), rotation=tuple(rotation),
                           rotation_start=start, source=_text(row.get(NOTE))), []
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err.get("loc") else ""
            message = str(err.get("msg", "")).removeprefix("Value error, ")
            problems.append(Problem(TABLE_PATTERNS, message, number, _FIELDS.get(field),
                                    sheet=TABLE_PATTERNS))
        return None, problems


def patterns_from_frame(frame: pd.DataFrame, data: DataSet
                        ) -> tuple[tuple[WorkPattern, ...] | None, list[Problem]]:
    """The edited table as the lines' patterns (rows left wholly empty are dropped), or
    None and every problem found."""
    patterns: list[WorkPattern] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, (_index, row) in enumerate(frame.iterrows(), 1):
        if all(_text(row.get(column)) == "" for column in PATTERN_COLUMNS):
            continue
        pattern, found = _row_pattern(data, row, number, seen)
        problems += found
        if pattern is not None:
            patterns.append(pattern)
    return (None, problems) if problems else (tuple(patterns), [])
