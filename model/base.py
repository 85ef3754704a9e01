"""Shared pydantic base and the project's integer time unit."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any, Self

from pydantic import BaseModel, ConfigDict

#: The solver's integer time unit: every duration and clock time is in minutes.
MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


class Frozen(BaseModel):
    """Immutable, strict base for every input and output type."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False
                   ) -> Self:
        """A copy (pydantic's), without the cached properties computed on this instance:
        they were derived from fields the update may change (a post's needs by date, a data
        set's indexes), and are computed again on the copy when asked for."""
        copied = super().model_copy(update=update, deep=deep)
        for name in _cached_names(type(self)):
            copied.__dict__.pop(name, None)
        return copied


_CACHED: dict[type, tuple[str, ...]] = {}


def _cached_names(cls: type) -> tuple[str, ...]:
    """The names of the functools.cached_property attributes of a class and its bases."""
    names = _CACHED.get(cls)
    if names is None:
        names = tuple(dict.fromkeys(name for klass in cls.__mro__
                                    for name, value in vars(klass).items()
                                    if isinstance(value, cached_property)))
        _CACHED[cls] = names
    return names


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
