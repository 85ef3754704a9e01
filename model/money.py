"""Money in yuan: exact Decimals, rounding to the fen and the displayed form."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
ZERO = Decimal(0)


def to_fen(value: Decimal) -> Decimal:
    """Round to the fen, half up (for settled and displayed amounts)."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def to_decimal(value: Decimal | int | float | str) -> Decimal:
    """A Decimal for an amount given as a number or text (a float by its shortest text)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def format_yuan(amount: Decimal | int | float | str) -> str:
    """1234.5 -> '¥1,234.50'; negative amounts '-¥1,234.50'."""
    value = to_fen(to_decimal(amount))
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.2f}"
