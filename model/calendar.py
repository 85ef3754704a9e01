"""Chinese working calendar: statutory holidays, in-lieu days off, make-up workdays (调休).

Sources, in order of precedence:
1. the override file (`data/calendar_overrides.yaml`, or days added in the app) for what no
   library knows yet;
2. `chinese_calendar` (State Council notices, 2004-2026);
3. `holidays` (China) for later years: its holidays, but no make-up workdays after 2026.
Each day records which source classified it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from model.base import Frozen
from model.errors import ProblemCollector
from model.yaml_io import load_yaml


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and the last day of a calendar month."""
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def month_period(year: int, month: int) -> tuple[date, int]:
    """A calendar month as a roster period: its first day and its number of days (28-31)."""
    first, last = month_bounds(year, month)
    return first, (last - first).days + 1


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) of a month written YYYY-MM; ValueError for anything else."""
    parts = text.strip().split("-")
    if len(parts) != 2 or not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
        raise ValueError(text)
    year, month = int(parts[0]), int(parts[1])
    date(year, month, 1)  # ValueError for month 0 or 13
    return year, month


class DayKind(StrEnum):
    """Kind of calendar day; demand and pay category depend on it."""

    WORKDAY = "workday"  # 工作日
    SATURDAY = "saturday"  # 周六（休息日）
    SUNDAY = "sunday"  # 周日（休息日）
    HOLIDAY = "holiday"  # 法定节假日（300%）
    IN_LIEU = "in_lieu"  # 调休休息日（假期中的非法定日，200%）
    MAKEUP = "makeup"  # 调休上班日（周末补班）

    @property
    def label(self) -> str:
        return DAY_KIND_LABELS[self]

    @property
    def is_rest_day(self) -> bool:
        return self in (DayKind.SATURDAY, DayKind.SUNDAY, DayKind.IN_LIEU, DayKind.HOLIDAY)

    @property
    def is_workday(self) -> bool:
        """A legal working day: counts 8 h towards the standard hours of its week."""
        return self in (DayKind.WORKDAY, DayKind.MAKEUP)


DAY_KIND_LABELS = {
    DayKind.WORKDAY: "工作日",
    DayKind.SATURDAY: "周六",
    DayKind.SUNDAY: "周日",
    DayKind.HOLIDAY: "法定节假日",
    DayKind.IN_LIEU: "调休休息日",
    DayKind.MAKEUP: "调休上班日",
}

SOURCE_OVERRIDE = "override"
SOURCE_CHINESE_CALENDAR = "chinese_calendar"
SOURCE_HOLIDAYS = "holidays"
SOURCE_WEEKDAY = "weekday"

_CHINESE_CALENDAR_LAST_YEAR = 2026


class CalendarDay(Frozen):
    """One classified day."""

    day: date
    kind: DayKind
    name: str = Field("", description="Holiday name in Chinese, if any")
    source: str = Field(description="Which source classified the day")


class CalendarOverride(Frozen):
    day: date
    kind: DayKind
    name: str = ""
    source: str = Field(description="Where the entry comes from (notice, planner's estimate)")


_HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Chinese New Year's Eve": "春节",
    "Chinese New Year (Spring Festival)": "春节",
    "Chinese New Year": "春节",
    "Tomb-Sweeping Day": "清明节",
    "Labor Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-Autumn Festival": "中秋节",
    "National Day": "国庆节",
}

_CC_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def load_overrides(path: Path) -> dict[date, CalendarOverride]:
    """Read the override file; every malformed entry is reported with its row."""
    if not path.exists():
        return {}
    problems = ProblemCollector(str(path))
    raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    entries = raw.get("days", []) if isinstance(raw, dict) else None
    if entries is None:
        problems.add("应包含 days 列表")
        problems.raise_if_any()
    result: dict[date, CalendarOverride] = {}
    for index, entry in enumerate(entries or [], start=1):
        try:
            item = CalendarOverride.model_validate(entry)
        except Exception as exc:  # pydantic ValidationError
            problems.add(f"无效的日历条目：{exc}", row=index)
            continue
        if item.day in result:
            problems.add("日期重复", row=index, field="day", value=str(item.day))
        result[item.day] = item
    problems.raise_if_any()
    return result


def _weekday_kind(day: date) -> DayKind:
    return {5: DayKind.SATURDAY, 6: DayKind.SUNDAY}.get(day.weekday(), DayKind.WORKDAY)


@lru_cache(maxsize=8)
def _holidays_for(year: int) -> dict[date, str]:
    import holidays

    return dict(holidays.China(years=[year]).items())


def _classify_with_chinese_calendar(day: date) -> CalendarDay | None:
    import chinese_calendar

    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    weekday_kind = _weekday_kind(day)
    zh = _CC_NAMES_ZH.get(name or "", name or "")
    if on_holiday and name:
        statutory = _is_statutory(day)
        kind = DayKind.HOLIDAY if statutory else DayKind.IN_LIEU
        return CalendarDay(day=day, kind=kind, name=zh, source=SOURCE_CHINESE_CALENDAR)
    if not on_holiday and weekday_kind is not DayKind.WORKDAY:
        return CalendarDay(day=day, kind=DayKind.MAKEUP, name=f"{zh}调休上班".strip(),
                           source=SOURCE_CHINESE_CALENDAR)
    return CalendarDay(day=day, kind=weekday_kind, source=SOURCE_CHINESE_CALENDAR)


def _is_statutory(day: date) -> bool:
    """A statutory day (法定节假日) per `holidays`: listed, not 'observed', not 'Day off'."""
    name = _holidays_for(day.year).get(day)
    return name is not None and bool(name) and "observed" not in name \
        and not name.startswith("Day off")


def _classify_with_holidays(day: date) -> CalendarDay:
    name = _holidays_for(day.year).get(day)
    if name is None:
        return CalendarDay(day=day, kind=_weekday_kind(day), source=SOURCE_WEEKDAY)
    base = name.split(" (")[0]
    zh = _HOLIDAY_NAMES_ZH.get(base, base)
    kind = DayKind.HOLIDAY if _is_statutory(day) else DayKind.IN_LIEU
    return CalendarDay(day=day, kind=kind, name=zh, source=SOURCE_HOLIDAYS)


class WorkCalendar:
    """Classifies days; weekend days inside a holiday break count as in-lieu days off."""

    def __init__(self, overrides: dict[date, CalendarOverride] | None = None) -> None:
        self.overrides = overrides or {}

    def classify(self, day: date) -> CalendarDay:
        base = self._classify_raw(day)
        if base.kind in (DayKind.SATURDAY, DayKind.SUNDAY) and self._inside_break(day):
            name = self._break_name(day)
            return CalendarDay(day=day, kind=DayKind.IN_LIEU, name=name, source=base.source)
        return base

    def days(self, start: date, count: int) -> list[CalendarDay]:
        return [self.classify(start + timedelta(days=i)) for i in range(count)]

    def _classify_raw(self, day: date) -> CalendarDay:
        if day in self.overrides:
            item = self.overrides[day]
            return CalendarDay(day=day, kind=item.kind, name=item.name,
                               source=f"{SOURCE_OVERRIDE}: {item.source}")
        if day.year <= _CHINESE_CALENDAR_LAST_YEAR:
            found = _classify_with_chinese_calendar(day)
            if found is not None:
                return found
        return _classify_with_holidays(day)

    def _is_break_day(self, day: date) -> bool:
        return self._classify_raw(day).kind in (DayKind.HOLIDAY, DayKind.IN_LIEU)

    def _inside_break(self, day: date) -> bool:
        """A weekend day with break days on both sides (within the same weekend run)."""
        before = day - timedelta(days=1)
        while self._classify_raw(before).kind in (DayKind.SATURDAY, DayKind.SUNDAY):
            before -= timedelta(days=1)
        after = day + timedelta(days=1)
        while self._classify_raw(after).kind in (DayKind.SATURDAY, DayKind.SUNDAY):
            after += timedelta(days=1)
        return self._is_break_day(before) and self._is_break_day(after)

    def _break_name(self, day: date) -> str:
        before = day - timedelta(days=1)
        while not self._is_break_day(before):
            before -= timedelta(days=1)
        return self._classify_raw(before).name

    def known_makeup_years(self) -> set[int]:
        """Years whose make-up workdays some source knows."""
        years = set(range(2004, _CHINESE_CALENDAR_LAST_YEAR + 1))
        years |= {d.year for d, o in self.overrides.items() if o.kind is DayKind.MAKEUP}
        return years

    def unsourced_weekends(self, days: Iterable[date]) -> dict[int, list[date]]:
        """For each year of `days` whose make-up workdays no source knows, its Saturdays and
        Sundays among `days` that are counted as rest days without a source saying so."""
        chosen = sorted(set(days))
        years = sorted({d.year for d in chosen} - self.known_makeup_years())
        return {year: [d for d in chosen if d.year == year and self.classify(d).kind in
                       (DayKind.SATURDAY, DayKind.SUNDAY)] for year in years}

    def warnings(self, days: Iterable[date]) -> list[str]:
        """Chinese notes for years where no source knows the make-up workdays: which year,
        which of the given days are affected, and what to add."""
        last = _CHINESE_CALENDAR_LAST_YEAR
        out = []
        for year, weekends in self.unsourced_weekends(days).items():
            text = (f"{year} 年的调休上班日尚无来源：内置日历只收录到 {last} 年的国务院节假日安排"
                    f"（含调休），{year} 年只知道法定节假日，不知道哪些周末要补班。")
            if weekends:
                shown = "、".join(f"{d.month}月{d.day}日" for d in weekends[:8])
                more = f"等 {len(weekends)} 天" if len(weekends) > 8 else f"共 {len(weekends)} 天"
                text += f"其中 {shown}（{more}）暂按周末休息日计算。"
            text += f"国务院发布 {year} 年放假通知后，请把调休上班日补录到日历补充中。"
            out.append(text)
        return out
