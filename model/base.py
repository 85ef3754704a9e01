"""Shared pydantic base and the project's integer time unit."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

#: The solver's integer time unit: every duration and clock time is in minutes.
MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


class Frozen(BaseModel):
    """Immutable, strict base for every input and output type."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def clock_to_minutes(text: str) -> int:
    """'07:45' -> 465; '24:00' -> 1440. Raises ValueError on anything else."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"时间应为 HH:MM 格式，得到 {text!r}")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"不存在的时间 {text!r}")
    return hours * MINUTES_PER_HOUR + minutes


def minutes_to_clock(minutes: int) -> str:
    """465 -> '07:45'; 1440 -> '24:00'; values past a day wrap (1500 -> '01:00')."""
    if minutes != MINUTES_PER_DAY:
        minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
