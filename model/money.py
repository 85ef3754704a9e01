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


def yuan_in_words(amount: Decimal | int | float | str) -> str:
    """An amount in 大写 as a cheque or invoice writes it, by the `cn2an` library:
    1005.07 -> '壹仟零伍元零柒分', 100000 -> '壹拾万元整', 0 -> '零元整'. Negative amounts
    are refused (a settlement never pays less than nothing)."""
    import cn2an

    value = to_fen(to_decimal(amount))
    if value < 0:
        raise ValueError(f"金额不能为负数：{value}")
    return str(cn2an.an2cn(f"{value:.2f}", "rmb"))
