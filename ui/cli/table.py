"""Plain-text tables for the terminal, aligned by display width (a Chinese character takes
two columns; rich's cell measure decides, not a count of characters)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

LEFT, RIGHT = "<", ">"


def pad(text: object, width: int, align: str = LEFT) -> str:
    """`text` padded with spaces to `width` display columns (never cut)."""
    shown = "" if text is None else str(text)
    fill = " " * max(0, width - cell_len(shown))
    return shown + fill if align == LEFT else fill + shown


def table_lines(headers: Sequence[str], rows: Sequence[Sequence[object]],
                align: Sequence[str] | None = None, gap: int = 2) -> list[str]:
    """Header and rows, each column as wide as its widest cell; `align` per column ("<"
    left, ">" right; default left for the first column and right for the others)."""
    align = align or [LEFT, *([RIGHT] * (len(headers) - 1))]
    cells = [[("" if c is None else str(c)) for c in row] for row in [headers, *rows]]
    widths = [max(cell_len(row[i]) for row in cells) for i in range(len(headers))]
    spacer = " " * gap
    return [spacer.join(pad(row[i], widths[i], align[i]) for i in range(len(headers))).rstrip()
            for row in cells]
