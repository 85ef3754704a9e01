"""The Chinese working calendar: 2026 Spring Festival, later years, the override file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from model.calendar import (
    SOURCE_CHINESE_CALENDAR,
    SOURCE_HOLIDAYS,
    CalendarOverride,
    DayKind,
    WorkCalendar,
    load_overrides,
)
from model.errors import DataError


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar()


def test_spring_festival_2026(calendar):
    # State Council notice for 2026: 2.15-2.23 off, make-up workdays 2.14 (Sat) and 2.28 (Sat)
    kind = {d: calendar.classify(date(2026, 2, d)).kind for d in range(13, 29)}
    assert date(2026, 2, 14).weekday() == 5
    assert kind[14] is DayKind.MAKEUP
    for day in (16, 17, 18, 19):
        assert kind[day] is DayKind.HOLIDAY, day
    assert kind[20] is DayKind.IN_LIEU
    assert kind[23] is DayKind.IN_LIEU
    assert kind[21] is DayKind.IN_LIEU and kind[22] is DayKind.IN_LIEU  # weekend in the break
    assert kind[13] is DayKind.WORKDAY and kind[24] is DayKind.WORKDAY
    assert date(2026, 2, 28).weekday() == 5
    assert calendar.classify(date(2026, 2, 28)).kind is DayKind.MAKEUP
    assert calendar.classify(date(2026, 2, 16)).name == "春节"
    assert calendar.classify(date(2026, 2, 16)).source == SOURCE_CHINESE_CALENDAR


def test_makeup_days_are_workdays_holidays_are_rest_days():
    assert DayKind.MAKEUP.is_workday and not DayKind.MAKEUP.is_rest_day
    assert DayKind.HOLIDAY.is_rest_day and not DayKind.HOLIDAY.is_workday
    assert DayKind.IN_LIEU.is_rest_day
    assert DayKind.MAKEUP.label == "调休上班日"


def test_normal_weekend(calendar):
    saturday = calendar.classify(date(2026, 3, 7))
    assert saturday.day.weekday() == 5
    assert saturday.kind is DayKind.SATURDAY
    assert calendar.classify(date(2026, 3, 8)).kind is DayKind.SUNDAY
    assert calendar.classify(date(2026, 3, 9)).kind is DayKind.WORKDAY


def test_2027_comes_from_holidays(calendar):
    national_day = calendar.classify(date(2027, 10, 1))
    assert national_day.source == SOURCE_HOLIDAYS
    assert national_day.kind is DayKind.HOLIDAY
    assert national_day.name == "国庆节"


def test_warnings_name_2027(calendar):
    days = [date(2026, 12, 31), date(2027, 1, 4)]
    (warning,) = calendar.warnings(days)
    assert "2027 年的调休上班日尚无来源" in warning and "日历补充" in warning
    assert "calendar" not in warning and "暂按周末休息日" not in warning  # no weekend given
    assert calendar.warnings([date(2026, 2, 14)]) == []


def test_warnings_name_the_unsourced_weekend_days():
    # 2027-01-04 is a Monday: of 01-01..01-10 the 2nd, 3rd, 9th and 10th are weekend days
    # (01-01 is 元旦, a holiday the library knows)
    calendar = WorkCalendar()
    days = [date(2027, 1, 1) + timedelta(days=i) for i in range(10)]
    assert calendar.unsourced_weekends(days) == {2027: [date(2027, 1, 2), date(2027, 1, 3),
                                                       date(2027, 1, 9), date(2027, 1, 10)]}
    (warning,) = calendar.warnings(days)
    assert "1月2日、1月3日、1月9日、1月10日（共 4 天）暂按周末休息日计算" in warning


def test_override_entry_wins_and_records_source(tmp_path):
    path = tmp_path / "calendar_overrides.yaml"
    path.write_text(
        "days:\n"
        "  - {day: 2027-02-06, kind: makeup, name: 春节调休上班, source: 国办发明电〔2026〕1号}\n"
        "  - {day: 2026-03-07, kind: workday, name: 院内调整, source: 规划员估计}\n",
        encoding="utf-8")
    overrides = load_overrides(path)
    assert set(overrides) == {date(2027, 2, 6), date(2026, 3, 7)}
    assert isinstance(overrides[date(2027, 2, 6)], CalendarOverride)
    calendar = WorkCalendar(overrides)
    makeup = calendar.classify(date(2027, 2, 6))
    assert makeup.kind is DayKind.MAKEUP
    assert makeup.source == "override: 国办发明电〔2026〕1号"
    # an override beats chinese_calendar too (a normal Saturday made a workday)
    changed = calendar.classify(date(2026, 3, 7))
    assert changed.kind is DayKind.WORKDAY and changed.source.startswith("override")
    # a make-up day in the override file makes 2027 known: no warning
    assert 2027 in calendar.known_makeup_years()
    assert calendar.warnings([date(2027, 1, 4)]) == []


def test_missing_override_file_is_empty(tmp_path):
    assert load_overrides(tmp_path / "absent.yaml") == {}


def test_malformed_override_file_names_the_row(tmp_path):
    path = tmp_path / "calendar_overrides.yaml"
    path.write_text(
        "days:\n"
        "  - {day: 2027-02-06, kind: makeup, source: 通知}\n"
        "  - {day: 2027-02-07, kind: bogus, source: 通知}\n"
        "  - {day: 2027-02-06, kind: holiday, source: 通知}\n",
        encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_overrides(path)
    problems = caught.value.problems
    assert [p.row for p in problems] == [2, 3]
    assert problems[1].message == "日期重复"
    assert "第 2 行" in str(caught.value) and str(path) in str(caught.value)


def test_override_file_without_days_list(tmp_path):
    path = tmp_path / "calendar_overrides.yaml"
    path.write_text("- 2027-02-06\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_overrides(path)
    assert "days" in str(caught.value)
