"""One data row of an input sheet (typed cell accessors that record problems) and references."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from enum import StrEnum
from typing import TypeVar

from model.errors import ProblemCollector
from model.events import LeaveStatus, leave_status
from model.excel_io.cells import as_text, blank_cell, choices_text
from model.excel_io.sheets import NO, YES, enum_text

E = TypeVar("E", bound=StrEnum)
#: One entry of a list cell (between the separators 、 , ， ; ； and spaces).
SKILL_PART = re.compile(r"[^、,，;；\s]+")
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_INT_TEXT = re.compile(r"^[+-]?\d+$")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TRUE = {"是", "Y", "YES", "TRUE", "1", "已批准", "批准"}
_FALSE = {"否", "N", "NO", "FALSE", "0", "未批准", "不批准"}


class SheetRow:
    """One data row of a sheet: typed accessors that record a Problem for each bad cell."""

    def __init__(self, collector: ProblemCollector, sheet: str, number: int,
                 cells: dict[str, object], formulas: dict[str, str] | None = None) -> None:
        self.collector = collector
        self.sheet = sheet
        self.number = number
        self.cells = cells
        #: header -> the formula typed in that cell (its value is not read: it may be stale)
        self.formulas = formulas or {}
        self.ok = True

    def raw(self, header: str) -> object:
        return self.cells.get(header)

    def is_blank(self, header: str) -> bool:
        # A formula is not blank: it is reported once as a formula, not again as missing.
        return header not in self.formulas and blank_cell(self.cells.get(header))

    def fail(self, header: str | None, message: str, value: object = None) -> None:
        self.ok = False
        self.collector.add(message, row=self.number, field=header, value=value, sheet=self.sheet)

    def _present(self, header: str, required: bool) -> bool:
        if header in self.formulas:
            self.fail(header, f"单元格是公式：请直接填写“{header}”的值，不要用公式",
                      self.formulas[header])
            return False
        if not self.is_blank(header):
            return True
        if required:
            self.fail(header, f"必填项“{header}”为空，请填写")
        return False

    def text(self, header: str, required: bool) -> str | None:
        if not self._present(header, required):
            return None
        return as_text(self.raw(header))

    def date(self, header: str, required: bool) -> date | None:
        if not self._present(header, required):
            return None
        value = self.raw(header)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, bool) or isinstance(value, time):
            self.fail(header, "应为日期，格式 YYYY-MM-DD（例如 2026-03-01）", value)
            return None
        if isinstance(value, int | float):
            self.fail(header, "应为日期（YYYY-MM-DD），这里是一个数字；请直接输入日期"
                              "或把单元格格式设为日期", value)
            return None
        match = _DATE_TEXT.match(str(value).strip())
        if not match:
            self.fail(header, "应为日期，格式 YYYY-MM-DD（例如 2026-03-01）", value)
            return None
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            self.fail(header, "日期不存在（月份或日子超出范围），应为有效日期 YYYY-MM-DD", value)
            return None

    def integer(self, header: str, required: bool, minimum: int | None = None) -> int | None:
        if not self._present(header, required):
            return None
        value = self.raw(header)
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and _INT_TEXT.match(value.strip()):
            number = int(value.strip())
        if number is None:
            kind = "文字" if isinstance(value, str) else "小数或其他内容"
            self.fail(header, f"应为整数，这里是{kind}", value)
            return None
        if minimum is not None and number < minimum:
            self.fail(header, f"应为不小于 {minimum} 的整数", value)
            return None
        return number

    def choice(self, header: str, enum: type[E], required: bool) -> E | None:
        if not self._present(header, required):
            return None
        value = self.raw(header)
        try:
            return enum(as_text(value))
        except ValueError:
            self.fail(header, f"应为以下之一：{enum_text(enum)}", value)
            return None

    def option(self, header: str, values: Sequence[str], required: bool) -> str | None:
        """A value from a data set's own vocabulary (education levels ...)."""
        if not self._present(header, required):
            return None
        value = self.raw(header)
        text = as_text(value)
        if text in values:
            return text
        self.fail(header, f"应为以下之一：{'、'.join(values)}", value)
        return None

    def status(self, header: str) -> LeaveStatus:
        """A leave status (已批准 when blank); a wrong value is recorded, and read as 已批准."""
        if not self._present(header, False):
            return LeaveStatus.APPROVED
        value = self.raw(header)
        found = leave_status(as_text(value))
        if found is None:
            self.fail(header, f"应为以下之一：{enum_text(LeaveStatus)}", value)
            return LeaveStatus.APPROVED
        return found

    def flag(self, header: str, default: bool) -> bool | None:
        if not self._present(header, False):
            return default
        value = self.raw(header)
        if isinstance(value, bool):
            return value
        text = as_text(value).upper()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self.fail(header, f"应为 {YES} 或 {NO}", value)
        return None


class Resolver:
    """Resolves ids, 'id name' labels or names of one kind of reference."""

    def __init__(self, what: str, ids: Iterable[str], names: dict[str, str]) -> None:
        self.what = what
        self.ids = list(ids)
        self.known = set(self.ids)
        counts: dict[str, int] = defaultdict(int)
        for label in names.values():
            counts[label] += 1
        self.by_name = {label: key for key, label in names.items() if counts[label] == 1}
        self.names = names

    def resolve(self, text: str) -> str | None:
        if text in self.known:
            return text
        head = text.split(maxsplit=1)[0] if text.split() else text
        if head in self.known:
            return head
        return self.by_name.get(text)

    def message(self) -> str:
        if not self.ids:
            return f"未知{self.what}：基础数据中没有任何{self.what}"
        names = [self.names[i] for i in self.ids if i in self.names]
        shown = names if len(names) == len(self.ids) else self.ids
        return f"未知{self.what}，应为：{choices_text(shown)}"
