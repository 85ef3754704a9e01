"""Presentation helpers for the app: number formats, tables and the roster grid.

Pure functions of model objects, so they are testable without Streamlit. No rule and no
cost formula lives here: figures come from `model/` and `solver/` results; this module only
arranges, labels and colours them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd

from model.calendar import CalendarDay, DayKind
from model.dataset import DataSet
from model.errors import Problem
from model.hours import is_holiday_day, is_weekend_day
from model.money import format_yuan
from model.roster import Change, RosterResult
from model.staff import Employment, Staff
from model.vocabulary import FIELD_NAMES, FILE_NAMES, field_label, plain

WEEKDAYS = "一二三四五六日"

MARK_COVER = "顶"
MARK_BORROWED = "借"

# Colours shared by the grid, the heat map and the tables.
HOLIDAY_BG = "#FCE4D6"
WEEKEND_BG = "#EDEDED"
MAKEUP_BG = "#E2EFDA"
SHORT_BG = "#F8696B"
MET_BG = "#C6EFCE"
NONE_BG = "#FFFFFF"
EXPIRED_BG = "#F8CBAD"
SOON_BG = "#FFE699"
LATER_BG = "#FFF2CC"
COVER_COLOUR = "#1F4E79"
BORROWED_COLOUR = "#7030A0"
CHANGED_COLOUR = "#ED7D31"


# -- numbers ------------------------------------------------------------------------------

def yuan(amount: Decimal | float | int | str) -> str:
    """Money as shown everywhere in the app: '¥1,234.50'."""
    return format_yuan(amount)


def signed_yuan(amount: Decimal | float | int | str) -> str:
    """A difference: '+¥1,200.00', '-¥350.00', '¥0.00'."""
    text = format_yuan(amount)
    return text if text.startswith("-") or Decimal(str(amount)) == 0 else f"+{text}"


def worded_change(delta: Decimal | float | int, shown: str) -> str:
    """A difference a manager reads: '增加 <shown>', '减少 <shown>' or '不变' (`shown` is the
    size of the difference, already formatted)."""
    value = Decimal(str(delta))
    if value == 0:
        return "不变"
    return f"{'增加' if value > 0 else '减少'} {shown}"


def worded_yuan(delta: Decimal | float | int | str) -> str:
    """增加 ¥1,200.00 / 减少 ¥350.00 / 不变."""
    value = Decimal(str(delta))
    return worded_change(value, format_yuan(abs(value)))


def worded_count(delta: float | int, unit: str, digits: int = 0) -> str:
    """增加 3 人 / 减少 1.5 小时 / 不变 (rounded to `digits` before the word is chosen)."""
    value = round(float(delta), digits)
    return worded_change(value, f"{abs(value):,.{digits}f} {unit}")


def change_arrow(delta: Decimal | float | int) -> str:
    """The arrow of a metric whose delta is worded: up, down, or none when unchanged."""
    value = Decimal(str(delta))
    return "off" if value == 0 else "up" if value > 0 else "down"


def hours(value: float | None) -> str:
    """Hours with one decimal: '37.5'."""
    return "—" if value is None else f"{value:,.1f}"


def number(value: float | int | None) -> str:
    """An objective or a bound with thousands separators; '—' when there is none."""
    return "—" if value is None else f"{value:,.0f}"


def gap_percent(objective: float | None, bound: float | None) -> str:
    """Relative distance between the best roster and the bound, as CP-SAT reports it."""
    if objective is None or bound is None:
        return "—"
    if objective == 0:
        return "0.0%"
    return f"{abs(objective - bound) / max(abs(objective), 1e-9) * 100:.1f}%"


# -- calendar -----------------------------------------------------------------------------

def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def day_mark(item: CalendarDay) -> str:
    """Short mark of a day in a header: the holiday's name, 休 (in-lieu), 班 (make-up)."""
    if item.kind is DayKind.HOLIDAY:
        return item.name or "节"
    if item.kind is DayKind.IN_LIEU:
        return "休"
    if item.kind is DayKind.MAKEUP:
        return "班"
    return ""


def day_background(item: CalendarDay) -> str:
    if is_holiday_day(item):
        return HOLIDAY_BG
    if item.kind is DayKind.MAKEUP:
        return MAKEUP_BG
    if is_weekend_day(item):
        return WEEKEND_BG
    return NONE_BG


def period_days(data: DataSet, result: RosterResult) -> list[CalendarDay]:
    return data.calendar.days(result.start, (result.end - result.start).days + 1)


def date_label(day: date) -> str:
    return f"{day.month}/{day.day} {weekday(day)}"


# -- staff order --------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffGroup:
    department: str
    line_id: str
    line_name: str
    staff: tuple[Staff, ...]


def staff_groups(data: DataSet, extra_ids: Iterable[str] = ()) -> list[StaffGroup]:
    """Vendor staff (and anyone in `extra_ids`) by department, then line in contract order."""
    wanted = set(extra_ids)
    shown = [s for s in data.staff if s.employment is Employment.VENDOR or s.id in wanted]
    by_line: dict[str, list[Staff]] = defaultdict(list)
    for member in shown:
        by_line[member.line_id].append(member)
    groups: list[StaffGroup] = []
    lines = sorted(data.lines, key=lambda line: (line.seq, line.id))
    for dept in data.departments:
        for line in lines:
            if line.department_id == dept.id and by_line.get(line.id):
                members = tuple(sorted(by_line.pop(line.id), key=lambda s: s.id))
                groups.append(StaffGroup(dept.name, line.id, line.name, members))
    rest = tuple(s for members in by_line.values() for s in members)
    if rest:
        groups.append(StaffGroup("其他", "", "其他", rest))
    return groups


def staff_label(data: DataSet, staff_id: str) -> str:
    member = data.staff_by_id.get(staff_id)
    return f"{staff_id} {member.name}" if member else staff_id


def staff_id_of(label: object) -> str:
    """Inverse of `staff_label` for values chosen in a select box."""
    return str(label).split(" ", 1)[0].strip() if label is not None else ""


# -- coverage -----------------------------------------------------------------------------

def coverage_frames(data: DataSet, result: RosterResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Post x date: the text 'present/required' and the shortfall (for colouring).

    'present' counts the vendor's staff assigned plus the hospital's own supply; a shift
    absorbed by another (顶替) counts as covered, as the checker decided."""
    days = period_days(data, result)
    present: dict[tuple[str, date], int] = defaultdict(int)
    required: dict[tuple[str, date], int] = defaultdict(int)
    short: dict[tuple[str, date], int] = defaultdict(int)
    for row in result.coverage:
        key = (row.post_id, row.day)
        present[key] += row.assigned + row.hospital_supply
        required[key] += row.required
        short[key] += row.shortfall
    posts = [p for p in data.posts if any((p.id, d.day) in required for d in days)]
    columns = [date_label(d.day) for d in days]
    departments = {d.id: d.name for d in data.departments}
    index = [f"{departments.get(p.department_id, '')} · {p.name}" for p in posts]
    text = pd.DataFrame(index=index, columns=columns, dtype=object)
    shortfall = pd.DataFrame(0, index=index, columns=columns)
    for label, post in zip(index, posts, strict=True):
        for column, day in zip(columns, days, strict=True):
            key = (post.id, day.day)
            if required.get(key, 0) == 0 and present.get(key, 0) == 0:
                text.loc[label, column] = "—"
                shortfall.loc[label, column] = -1
            else:
                text.loc[label, column] = f"{present[key]}/{required[key]}"
                shortfall.loc[label, column] = short[key]
    return text, shortfall


def coverage_styler(text: pd.DataFrame, shortfall: pd.DataFrame) -> pd.io.formats.style.Styler:
    """Red where short (darker for more missing), green where met, white where no demand."""
    def colour(value: int) -> str:
        if value < 0:
            return f"background-color:{NONE_BG};color:#999"
        if value == 0:
            return f"background-color:{MET_BG}"
        return f"background-color:{SHORT_BG};color:#fff;font-weight:bold"

    styles = shortfall.map(colour)
    return text.style.apply(lambda _: styles, axis=None)


def gaps_frame(data: DataSet, result: RosterResult) -> pd.DataFrame:
    rows = []
    for gap in result.gaps:
        post = data.post_by_id.get(gap.post_id)
        shift = data.shift_by_code.get(gap.shift)
        rows.append({"日期": gap.day.isoformat(), "星期": weekday(gap.day),
                     "岗位": post.name if post else gap.post_id,
                     "班次": f"{gap.shift} {shift.name}" if shift else gap.shift,
                     "缺少人数": gap.missing,
                     "原因": "；".join(data.plain(r) for r in gap.reasons)})
    return pd.DataFrame(rows, columns=["日期", "星期", "岗位", "班次", "缺少人数", "原因"])


def staff_summary_frame(data: DataSet, result: RosterResult) -> pd.DataFrame:
    """Per person: hours, overtime (and its cost), nights, weekend and holiday days."""
    rows = []
    for summary in result.staff_summary:
        member = data.staff_by_id.get(summary.staff_id)
        line = data.line_by_id.get(member.line_id) if member else None
        rows.append({
            "工号": summary.staff_id, "姓名": member.name if member else summary.staff_id,
            "服务项目": line.name if line else "", "工时": round(summary.hours, 1),
            "加班": round(summary.overtime_hours, 1), "加班费": summary.overtime_cost,
            "夜班": summary.nights, "周末天数": summary.weekend_days,
            "节假日天数": summary.holiday_days, "上班天数": summary.days_worked})
    return pd.DataFrame(rows, columns=["工号", "姓名", "服务项目", "工时", "加班", "加班费",
                                       "夜班", "周末天数", "节假日天数", "上班天数"])


def changes_frame(data: DataSet, changes: Iterable[Change]) -> pd.DataFrame:
    from model.scenario import is_planned_hire

    rows = [{"日期": c.day.isoformat(), "星期": weekday(c.day),
             "工号": "" if is_planned_hire(c.staff_id) else c.staff_id,
             "姓名": data.staff_by_id[c.staff_id].name if c.staff_id in data.staff_by_id else "",
             "原排班": c.before, "新排班": c.after} for c in changes]
    return pd.DataFrame(rows, columns=["日期", "星期", "工号", "姓名", "原排班", "新排班"])


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Import or validation problems as a table with Chinese headers (a data set's own
    collection, e.g. its patterns, named as the planner calls it)."""
    problems = list(problems)
    rows = [{"文件": FILE_NAMES.get(p.file, p.file),
             "工作表": FIELD_NAMES.get(p.sheet, p.sheet) if p.sheet else "",
             "行": "" if p.row is None else str(p.row),
             "列": "" if p.column is None else str(p.column),
             "字段": field_label(p.field) if p.field else "",
             "值": "" if p.value is None else str(p.value), "问题": plain(p.message)}
            for p in problems]
    columns = ["文件", "工作表", "行", "列", "字段", "值", "问题"]
    if not any(p.column for p in problems):  # a workbook's column is its field
        columns.remove("列")
    return pd.DataFrame(rows, columns=columns)


def roster_counts(result: RosterResult) -> dict[str, float]:
    """Headline figures of a roster (sums of what the result reports)."""
    return {
        "shifts": len(result.assignments),
        "cover": sum(1 for a in result.assignments if a.cover_for),
        "borrowed": sum(1 for a in result.assignments if a.borrowed),
        "missing": sum(g.missing for g in result.gaps),
        "overtime_hours": sum(s.overtime_hours for s in result.staff_summary),
        "overtime_cost": sum(s.overtime_cost for s in result.staff_summary),
    }


def screen_period(session: Mapping[str, Any], today: date | None = None
                  ) -> tuple[date, date, str]:
    """The period on screen: the 排班 page's period (a month, "period_month", or weeks,
    "solve_start"/"solve_weeks", by "period_mode"), else the next full calendar month; with
    words saying which it is."""
    from ui import period

    mode, first = session.get("period_mode"), session.get("period_month")
    if mode == period.MONTH and isinstance(first, date):
        shown = period.month_of(first)
        return shown.start, shown.end, "排班页当前的排班周期"
    start = session.get("solve_start")
    weeks = session.get("solve_weeks")
    if mode != period.MONTH and isinstance(start, date) and weeks:
        return start, start + timedelta(days=7 * int(weeks) - 1), "排班页当前的排班周期"
    today = today or date.today()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last, "下一个完整月份"


def next_monday(today: date | None = None) -> date:
    today = today or date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


# -- predicted assessment -----------------------------------------------------------------

@dataclass(frozen=True)
class LineDeduction:
    line_id: str
    name: str
    failed_tasks: int
    score: Decimal
    monthly_fee: Decimal
    deduction: Decimal
    month: str = ""


def predicted_deductions(data: DataSet, result: RosterResult) -> list[LineDeduction]:
    """Assessment deductions predicted from a roster's gaps, per line and month (the 情景
    and 排班 pages), by the same computation as the monthly settlement
    (`model.settlement.predicted_line_scores`): each missing person on a required shift is
    one failed task of the line that owns the post, under the sheet's item and its cap."""
    from model.settlement import predicted_line_scores

    rows = predicted_line_scores(data, [(g.day, g.post_id, g.missing) for g in result.gaps])
    return [LineDeduction(row.line_id, row.name,
                          sum(len(item.events) for item in row.sheet.items), row.score,
                          row.contract_fee, row.deduction, row.month_label)
            for row in rows]
