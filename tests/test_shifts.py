"""Shift types: split shifts, overnight shifts, 24:00, segment order."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pydantic import ValidationError

from model.base import MINUTES_PER_DAY, clock_to_minutes, minutes_to_clock
from model.shifts import Segment, ShiftCategory, ShiftType


def _shift(code: str, *segments: tuple[str, str], **extra) -> ShiftType:
    return ShiftType(code=code, name=code,
                     segments=tuple(Segment(start=s, end=e) for s, e in segments), **extra)


def test_guide_split_shift_is_seven_hours():
    # seed 000 attachment 10: 导班 07:45-12:00 + 14:15-17:00
    guide = _shift("导", ("07:45", "12:00"), ("14:15", "17:00"))
    assert guide.intervals() == [(465, 720), (855, 1020)]
    assert guide.minutes == 255 + 165 == 420
    assert guide.hours == 7
    assert guide.start_minute == 465 and guide.end_minute == 1020
    assert not guide.crosses_midnight


def test_deputy_split_shift_is_seven_hours():
    # 副班 08:00-12:00 + 14:30-17:30
    deputy = _shift("副", ("08:00", "12:00"), ("14:30", "17:30"))
    assert deputy.minutes == 240 + 180 == 420
    assert deputy.hours == 7


def test_overnight_shift_crosses_midnight():
    night = _shift("N", ("22:00", "06:00"), category=ShiftCategory.NIGHT)
    assert night.intervals() == [(1320, 1800)]
    assert night.minutes == 480 and night.hours == 8
    assert night.crosses_midnight
    ((start, end),) = night.segment_datetimes(date(2026, 2, 28))
    assert start == datetime(2026, 2, 28, 22, 0)
    assert end == datetime(2026, 3, 1, 6, 0)  # the next day (2026 is not a leap year)


def test_split_night_shift_second_segment_after_midnight():
    night = _shift("N2", ("22:00", "02:00"), ("03:00", "07:00"))
    assert night.intervals() == [(1320, 1560), (1620, 1860)]
    assert night.minutes == 480
    (_, _), (start, end) = night.segment_datetimes(date(2026, 3, 2))
    assert start == datetime(2026, 3, 3, 3, 0) and end == datetime(2026, 3, 3, 7, 0)


def test_evening_shift_ends_at_24_00():
    evening = _shift("P", ("16:00", "24:00"), category=ShiftCategory.EVENING)
    assert evening.intervals() == [(960, 1440)]
    assert evening.end_minute == MINUTES_PER_DAY == 1440
    assert evening.minutes == 480
    assert not evening.crosses_midnight
    ((_, end),) = evening.segment_datetimes(date(2026, 3, 2))
    assert end == datetime(2026, 3, 3, 0, 0)


def test_clock_helpers():
    assert clock_to_minutes("07:45") == 465
    assert clock_to_minutes("24:00") == 1440
    assert minutes_to_clock(1440) == "24:00"
    assert minutes_to_clock(1500) == "01:00"
    for bad in ("7.45", "24:30", "12:60", "25:00"):
        with pytest.raises(ValueError):
            clock_to_minutes(bad)


def test_overlapping_segments_rejected():
    # 22:00-06:00 then 05:00-07:00: the second segment starts before the first ends
    with pytest.raises(ValidationError, match="顺序颠倒|重叠"):
        _shift("X", ("22:00", "06:00"), ("05:00", "07:00"))


def test_bad_clock_in_segment_rejected():
    with pytest.raises(ValidationError):
        _shift("X", ("08:00", "12:75"))


def test_shift_needs_a_segment():
    with pytest.raises(ValidationError):
        ShiftType(code="X", name="x", segments=())


def test_segments_out_of_order_rejected():
    with pytest.raises(ValidationError):
        _shift("X", ("14:00", "17:00"), ("08:00", "12:00"))
