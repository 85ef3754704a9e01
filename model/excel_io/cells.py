"""Cell helpers shared by the writers and the readers: fonts, fills, widths, cell text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from openpyxl.styles import Font, PatternFill

from model.dataset import DataSet

# -- fonts and fills of the written sheets ----------------------------------------------------
HEADER_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="BDD7EE")
OPTIONAL_FILL = PatternFill("solid", fgColor="E7E6E6")
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=12)


def line_label(line_id: str, data: DataSet) -> str:
    line = data.line_by_id.get(line_id)
    return f"{line.id} {line.name}" if line else line_id


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def column_width(values: Iterable[object], minimum: int) -> float:
    widest = max((_display_width(v) for v in values), default=0)
    return float(min(max(minimum, widest + 2), 60))


def blank_cell(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: object) -> str:
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def names_of(data: DataSet) -> dict[str, str]:
    """Posts and certificate types by name: how the template writes them (the reader takes
    names, ids or 'id name' labels)."""
    return {**{p.id: p.name for p in data.posts},
            **{c.id: c.name for c in data.certificate_types}}


def choices_text(values: Iterable[str], limit: int = 12) -> str:
    values = list(values)
    shown = "、".join(values[:limit])
    return shown + ("等" if len(values) > limit else "")
