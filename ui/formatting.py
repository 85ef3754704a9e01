"""Presentation helpers for the app: number formats, tables and the roster grid.

Pure functions of model objects, so they are testable without Streamlit. No rule and no
cost formula lives here: figures come from `model/` and `solver/` results; this module only
arranges, labels and colours them.
"""

from __future__ import annotations

import html
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
from model.roster import Assignment, Change, RosterResult
from model.staff import Employment, Staff
from model.vocabulary import field_label, plain

WEEKDAYS = "一二三四五六日"

MARK_COVER = "顶"
MARK_BORROWED = "借"
MARK_ABSENT = "假"

# Colours shared by the grid, the heat map and the tables.
HOLIDAY_BG = "#FCE4D6"
WEEKEND_BG = "#EDEDED"
MAKEUP_BG = "#E2EFDA"
ABSENT_BG = "#BFBFBF"
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


def post_label(data: DataSet, post_id: str) -> str:
    post = data.post_by_id.get(post_id)
    return f"{post_id} {post.name}" if post else post_id


# -- the roster grid ----------------------------------------------------------------------

GRID_CSS = """
<style>
.roster-wrap{overflow:auto;max-height:72vh;width:fit-content;max-width:100%;
  border:1px solid #d0d7de;border-radius:4px}
table.roster-grid{border-collapse:separate;border-spacing:0;font-size:12px;
  font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
table.roster-grid th,table.roster-grid td{border-right:1px solid #e1e4e8;
  border-bottom:1px solid #e1e4e8;padding:2px 4px;text-align:center;white-space:nowrap}
table.roster-grid thead th{position:sticky;top:0;background:#D9E1F2;z-index:2}
table.roster-grid th.who,table.roster-grid td.who{position:sticky;left:0;background:#fff;
  text-align:left;z-index:1;min-width:7.5em}
table.roster-grid thead th.who{z-index:3;background:#D9E1F2}
table.roster-grid tr.dept td{background:#305496;color:#fff;font-weight:bold;text-align:left}
table.roster-grid tr.line td{background:#DDEBF7;font-weight:bold;text-align:left}
table.roster-grid td.cell{min-width:2.4em}
table.roster-grid td.cover{outline:2px double #1F4E79;outline-offset:-3px;font-weight:bold}
table.roster-grid td.borrowed{outline:2px dashed #7030A0;outline-offset:-3px;font-weight:bold}
table.roster-grid td.changed{box-shadow:inset 0 0 0 3px #ED7D31}
table.roster-grid td.absent{background:#BFBFBF;color:#333}
table.roster-grid span.mark{font-size:10px;vertical-align:super;margin-left:1px}
table.roster-grid .hol{color:#C00000;font-weight:bold}
table.roster-grid td.total{background:#F2F2F2}
.roster-legend{font-size:12px;margin:6px 0}
.roster-legend span.key{display:inline-block;padding:1px 6px;margin:0 4px 2px 0;
  border:1px solid #ccc;border-radius:3px}
</style>
"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def assignment_tooltip(data: DataSet, item: Assignment) -> str:
    shift = data.shift_by_code.get(item.shift)
    post = data.post_by_id.get(item.post_id)
    times = "、".join(f"{s.start}-{s.end}" for s in shift.segments) if shift else ""
    parts = [f"{post.name if post else item.post_id}",
             f"{shift.name if shift else item.shift}（{item.shift}）{times}",
             f"{item.hours:.1f} 小时"]
    if item.cover_for:
        covered = data.shift_by_code.get(item.cover_for)
        parts.append(f"顶替：兼做{covered.name if covered else item.cover_for}"
                     f"（{item.cover_for}）的工作")
    if item.borrowed:
        parts.append("借调：在其他服务项目的岗位上班")
    return "；".join(parts)


def roster_grid_html(data: DataSet, result: RosterResult,
                     changes: Iterable[Change] = (), grid_id: str = "roster-grid") -> str:
    """The roster as an HTML table: staff by department and line x dates.

    Cells carry the shift code on the shift's colour; 顶 (cover) and 借 (borrowed) cells are
    marked and outlined, approved absences shown as 假, holiday and weekend columns tinted,
    and cells in `changes` (re-planning) outlined in orange with before -> after."""
    days = period_days(data, result)
    by_cell: dict[tuple[str, date], list[Assignment]] = defaultdict(list)
    for assignment in result.assignments:
        by_cell[(assignment.staff_id, assignment.day)].append(assignment)
    changed = {(c.staff_id, c.day): c for c in changes}
    hours_by_staff = {s.staff_id: s for s in result.staff_summary}
    groups = staff_groups(data, extra_ids={a.staff_id for a in result.assignments})
    n_cols = len(days) + 2

    out = [GRID_CSS, f'<div class="roster-wrap"><table class="roster-grid" id="{grid_id}">',
           "<thead><tr>", '<th class="who">人员</th>']
    for item in days:
        mark = day_mark(item)
        mark_html = f'<br><span class="hol">{_esc(mark)}</span>' if mark else "<br>&nbsp;"
        title = item.kind.label + (f"：{item.name}" if item.name else "")
        out.append(f'<th style="background:{day_background(item)}" title="{_esc(title)}">'
                   f"{item.day.month}/{item.day.day}<br>{weekday(item.day)}{mark_html}</th>")
    out.append("<th>工时</th></tr></thead><tbody>")

    last_dept = None
    for group in groups:
        if group.department != last_dept:
            out.append(f'<tr class="dept"><td class="who" colspan="{n_cols}">'
                       f"{_esc(group.department)}</td></tr>")
            last_dept = group.department
        out.append(f'<tr class="line"><td class="who" colspan="{n_cols}">'
                   f"{_esc(group.line_id)} {_esc(group.line_name)}</td></tr>")
        for member in group.staff:
            out.append(f'<tr><td class="who" title="{_esc(member.id)}">'
                       f"{_esc(member.name)}</td>")
            for item in days:
                out.append(_grid_cell(data, member.id, item, by_cell.get((member.id, item.day), []),
                                      changed.get((member.id, item.day))))
            summary = hours_by_staff.get(member.id)
            out.append(f'<td class="total">{hours(summary.hours) if summary else "—"}</td></tr>')
    out.append("</tbody></table></div>")
    out.append(grid_legend_html(data))
    return "".join(out)


def _grid_cell(data: DataSet, staff_id: str, day: CalendarDay, worked: list[Assignment],
               change: Change | None) -> str:
    classes = ["cell"]
    titles: list[str] = []
    style = f"background:{day_background(day)}"
    text = ""
    if worked:
        shift = data.shift_by_code.get(worked[0].shift)
        style = f"background:{shift.colour if shift else NONE_BG}"
        labels = []
        for item in worked:
            marks = (MARK_BORROWED if item.borrowed else "") + (MARK_COVER if item.cover_for
                                                                else "")
            mark_html = f'<span class="mark">{marks}</span>' if marks else ""
            labels.append(f"{_esc(item.shift)}{mark_html}")
            titles.append(assignment_tooltip(data, item))
        text = "/".join(labels)
        if any(item.borrowed for item in worked):
            classes.append("borrowed")
        elif any(item.cover_for for item in worked):
            classes.append("cover")
    else:
        absences = data.absences_on(staff_id, day.day)
        approved = [a for a in absences if a.approved]
        if approved:
            classes.append("absent")
            style = f"background:{ABSENT_BG}"
            text = MARK_ABSENT
            titles.append("、".join(a.kind.value for a in approved))
        elif absences:
            titles.append("请假申请（未批准）：" + "、".join(a.kind.value for a in absences))
    if change is not None:
        classes.append("changed")
        titles.append(f"重排改动：{change.before} → {change.after}")
    title = f' title="{_esc("；".join(titles))}"' if titles else ""
    return f'<td class="{" ".join(classes)}" style="{style}"{title}>{text}</td>'


def grid_legend_html(data: DataSet) -> str:
    keys = []
    for shift in data.shifts:
        times = "、".join(f"{s.start}-{s.end}" for s in shift.segments)
        keys.append(f'<span class="key" style="background:{shift.colour}">'
                    f"<b>{_esc(shift.code)}</b> {_esc(shift.name)} {_esc(times)}</span>")
    keys.append(f'<span class="key" style="outline:2px double {COVER_COLOUR}">'
                f"{MARK_COVER} 顶替（兼做当天无人上的班）</span>")
    keys.append(f'<span class="key" style="outline:2px dashed {BORROWED_COLOUR}">'
                f"{MARK_BORROWED} 借调到其他项目的岗位</span>")
    keys.append(f'<span class="key" style="background:{ABSENT_BG}">'
                f"{MARK_ABSENT} 请假/培训/外出</span>")
    keys.append(f'<span class="key" style="background:{HOLIDAY_BG}">法定节假日/调休休息日</span>')
    keys.append(f'<span class="key" style="background:{WEEKEND_BG}">周末</span>')
    keys.append(f'<span class="key" style="background:{MAKEUP_BG}">调休上班日（班）</span>')
    keys.append(f'<span class="key" style="box-shadow:inset 0 0 0 3px {CHANGED_COLOUR}">'
                "重排改动</span>")
    return f'<div class="roster-legend">{"".join(keys)}</div>'


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
                     "缺少人数": gap.missing, "原因": "；".join(gap.reasons)})
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
    rows = [{"日期": c.day.isoformat(), "星期": weekday(c.day), "工号": c.staff_id,
             "姓名": data.staff_by_id[c.staff_id].name if c.staff_id in data.staff_by_id else "",
             "原排班": c.before, "新排班": c.after} for c in changes]
    return pd.DataFrame(rows, columns=["日期", "星期", "工号", "姓名", "原排班", "新排班"])


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Import or validation problems as a table with Chinese headers."""
    rows = [{"文件": p.file, "工作表": p.sheet or "", "行": "" if p.row is None else str(p.row),
             "字段": field_label(p.field) if p.field else "",
             "值": "" if p.value is None else str(p.value), "问题": plain(p.message)}
            for p in problems]
    return pd.DataFrame(rows, columns=["文件", "工作表", "行", "字段", "值", "问题"])


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
    """The period on screen: the 排班 page's period (its start and weeks, kept in the session
    as "solve_start"/"solve_weeks"), else the next full calendar month; with words saying
    which it is."""
    start = session.get("solve_start")
    weeks = session.get("solve_weeks")
    if isinstance(start, date) and weeks:
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


def predicted_deductions(data: DataSet, result: RosterResult) -> list[LineDeduction]:
    """Assessment deductions predicted from a roster's gaps (attachment 28), per line.

    Each missing person on a required shift counts as one failed task of the line that owns
    the post (its first line); the score and the deduction are `model.cost`'s
    `predicted_score` and `assessment_deduction` on the line's monthly fee."""
    from model.cost import assessment_deduction, predicted_score

    failed: dict[str, int] = defaultdict(int)
    for gap in result.gaps:
        post = data.post_by_id.get(gap.post_id)
        if post is not None and post.lines:
            failed[post.lines[0]] += gap.missing
    out = []
    for line in data.lines:
        count = failed.get(line.id, 0)
        if not count:
            continue
        score = predicted_score(count)
        out.append(LineDeduction(line.id, line.name, count, score, line.monthly_fee,
                                 assessment_deduction(score, line.monthly_fee)))
    return out
