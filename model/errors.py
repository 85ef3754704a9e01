"""Input problems collected with their location, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as the input allows."""

    file: str
    message: str
    row: int | None = None
    field: str | None = None
    value: object = None
    sheet: str | None = None

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"工作表 {self.sheet}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.field:
            parts.append(f"字段 {self.field}")
        return "，".join(parts)

    def __str__(self) -> str:
        shown = "" if self.value is None else f"（值：{self.value!r}）"
        return f"{self.location()}：{self.message}{shown}"


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
