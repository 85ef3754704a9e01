"""The roster grid as HTML: staff by department and line x the days of the period.

Compact enough for a calendar month and the hours column at 1600 px: one short mark per cell
(the shift's code, 借/顶 as small marks, leave as the kind's first character), the day's
number and weekday in the header, everything else in the cell's tooltip and the legend.
Cells carry `data-staff` and `data-day` so a click can choose the cell to edit
(`ui/views/roster_grid.py`). Pure functions of model objects, testable without Streamlit.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from model.calendar import CalendarDay
from model.dataset import DataSet
from model.events import Absence
from model.roster import Assignment, Change, RosterResult
from model.shadowing import SHADOW_MARK, ShadowPair, mentor_text, pairs_by_cell, shadow_pairs
from model.training import TRAINING_COLOUR, TRAINING_MARK, TrainingAttendance, training_note
from ui.formatting import (
    BORROWED_COLOUR,
    CHANGED_COLOUR,
    COVER_COLOUR,
    HOLIDAY_BG,
    MAKEUP_BG,
    MARK_BORROWED,
    MARK_COVER,
    NONE_BG,
    WEEKEND_BG,
    StaffGroup,
    day_background,
    day_mark,
    hours,
    period_days,
    staff_groups,
    weekday,
)
from ui.leave import leave_look, legend_entries

GRID_CSS = """
<style>
.roster-wrap{overflow:auto;max-height:78vh;width:fit-content;max-width:100%;
  border:1px solid #d0d7de;border-radius:4px}
table.roster-grid{border-collapse:separate;border-spacing:0;font-size:11px;line-height:1.25;
  font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
table.roster-grid th,table.roster-grid td{border-right:1px solid #e1e4e8;
  border-bottom:1px solid #e1e4e8;padding:1px 1px;text-align:center;white-space:nowrap}
table.roster-grid thead th{position:sticky;top:0;background:#D9E1F2;z-index:2;
  font-weight:normal;min-width:2.7em}
table.roster-grid th.who,table.roster-grid td.who{position:sticky;left:0;background:#fff;
  text-align:left;z-index:1;width:5.2em;max-width:5.2em;min-width:5.2em;overflow:hidden;
  text-overflow:ellipsis}
table.roster-grid thead th.who{z-index:3;background:#D9E1F2}
table.roster-grid tr.dept td{background:#305496;color:#fff;font-weight:bold;text-align:left}
table.roster-grid tr.line td{background:#DDEBF7;font-weight:bold;text-align:left}
table.roster-grid td.cell{min-width:2.7em;max-width:3.4em;overflow:hidden;cursor:pointer}
table.roster-grid td.cell:hover{outline:2px solid #2F75B5;outline-offset:-2px}
table.roster-grid td.cover{outline:2px double #1F4E79;outline-offset:-3px;font-weight:bold}
table.roster-grid td.borrowed{outline:2px dashed #7030A0;outline-offset:-3px;font-weight:bold}
table.roster-grid td.shadow{outline:2px dotted #548235;outline-offset:-3px}
table.roster-grid td.changed{box-shadow:inset 0 0 0 3px #ED7D31}
table.roster-grid td.chosen{box-shadow:inset 0 0 0 3px #2F75B5}
table.roster-grid span.mark{font-size:9px;vertical-align:super}
table.roster-grid .hol{color:#C00000;font-weight:bold}
table.roster-grid td.total,table.roster-grid th.total{min-width:3em;background:#F2F2F2}
.roster-legend{font-size:11px;margin:6px 0;line-height:1.9}
.roster-legend span.key{display:inline-block;padding:0 5px;margin:0 4px 2px 0;
  border:1px solid #ccc;border-radius:3px;white-space:nowrap}
</style>
"""


@dataclass(frozen=True)
class GridFilter:
    """Which people the grid shows: departments, lines and people (empty: all)."""

    departments: Collection[str] = ()
    lines: Collection[str] = ()
    staff: Collection[str] = ()

    def keeps(self, group: StaffGroup, staff_id: str) -> bool:
        return ((not self.departments or group.department in self.departments)
                and (not self.lines or group.line_id in self.lines)
                and (not self.staff or staff_id in self.staff))


def esc(text: object) -> str:
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


def shown_groups(data: DataSet, result: RosterResult, keep: GridFilter | None = None
                 ) -> list[StaffGroup]:
    """The department/line groups of the grid, with only the people `keep` keeps."""
    groups = staff_groups(data, extra_ids={a.staff_id for a in result.assignments})
    if keep is None:
        return groups
    out = []
    for group in groups:
        members = tuple(s for s in group.staff if keep.keeps(group, s.id))
        if members:
            out.append(StaffGroup(group.department, group.line_id, group.line_name, members))
    return out


def header_html(days: list[CalendarDay], *, hours_column: bool = True) -> str:
    months = sorted({(d.day.year, d.day.month) for d in days})
    corner = "、".join(f"{m}月" for _, m in months)
    out = ["<thead><tr>", f'<th class="who">{esc(corner)}</th>']
    for item in days:
        mark = day_mark(item)[:2]
        mark_html = f'<br><span class="hol">{esc(mark)}</span>' if mark else "<br>&nbsp;"
        title = f"{item.day.isoformat()} " + item.kind.label + (
            f"：{item.name}" if item.name else "")
        out.append(f'<th style="background:{day_background(item)}" title="{esc(title)}">'
                   f"{item.day.day}<br>{weekday(item.day)}{mark_html}</th>")
    if hours_column:
        out.append('<th class="total">工时</th>')
    out.append("</tr></thead>")
    return "".join(out)


def roster_grid_html(data: DataSet, result: RosterResult, changes: Iterable[Change] = (),
                     grid_id: str = "roster-grid", keep: GridFilter | None = None,
                     chosen: tuple[str, date] | None = None, legend: bool = True) -> str:
    """The roster as an HTML table: staff by department and line x dates.

    Cells carry the shift code on the shift's colour; 顶 (cover) and 借 (borrowed) cells are
    marked and outlined, leave shown by its status (approved, requested, refused), holiday and
    weekend columns tinted, cells in `changes` outlined in orange with before -> after, the
    `chosen` cell (being edited) outlined in blue."""
    days = period_days(data, result)
    by_cell: dict[tuple[str, date], list[Assignment]] = defaultdict(list)
    for assignment in result.assignments:
        by_cell[(assignment.staff_id, assignment.day)].append(assignment)
    changed = {(c.staff_id, c.day): c for c in changes}
    trained = training_by_cell(result)
    shadowed = pairs_by_cell(shadow_pairs(data, result.assignments))
    hours_by_staff = {s.staff_id: s for s in result.staff_summary}
    n_cols = len(days) + 2
    out = [GRID_CSS, f'<div class="roster-wrap"><table class="roster-grid" id="{grid_id}">',
           header_html(days), "<tbody>"]
    last_dept = None
    for group in shown_groups(data, result, keep):
        if group.department != last_dept:
            out.append(f'<tr class="dept"><td class="who" colspan="{n_cols}">'
                       f"{esc(group.department)}</td></tr>")
            last_dept = group.department
        out.append(f'<tr class="line"><td class="who" colspan="{n_cols}">'
                   f"{esc(group.line_name)}</td></tr>")
        for member in group.staff:
            out.append(f'<tr><td class="who" title="{esc(member.id)} {esc(member.name)}">'
                       f"{esc(member.name)}</td>")
            for item in days:
                key = (member.id, item.day)
                out.append(grid_cell(data, member.id, item, by_cell.get(key, []),
                                     changed.get(key), chosen == key, trained.get(key, ()),
                                     shadowed.get(key)))
            summary = hours_by_staff.get(member.id)
            out.append(f'<td class="total">{hours(summary.hours) if summary else "—"}</td></tr>')
    out.append("</tbody></table></div>")
    if legend:
        out.append(grid_legend_html(data, with_changes=bool(changed)))
    return "".join(out)


def training_by_cell(result: RosterResult
                     ) -> dict[tuple[str, date], list[TrainingAttendance]]:
    """The roster's training attendances by (staff, day)."""
    out: dict[tuple[str, date], list[TrainingAttendance]] = defaultdict(list)
    for attendance in result.training:
        out[(attendance.staff_id, attendance.day)].append(attendance)
    return out


def grid_cell(data: DataSet, staff_id: str, day: CalendarDay, worked: list[Assignment],
              change: Change | None = None, chosen: bool = False,
              training: Collection[TrainingAttendance] = (),
              pair: ShadowPair | None = None) -> str:
    """One day of one person; `training`: the day's trainings (训); `pair`: a newcomer's
    带教 (学, the mentor in the tooltip)."""
    classes = ["cell"]
    titles: list[str] = [f"{day.day.isoformat()}（周{weekday(day.day)}）"]
    style = f"background:{day_background(day)}"
    text = ""
    absences = data.absences_on(staff_id, day.day)
    if worked:
        shift = data.shift_by_code.get(worked[0].shift)
        style = f"background:{shift.colour if shift else NONE_BG}"
        labels = []
        for item in worked:
            marks = (MARK_BORROWED if item.borrowed else "") + (MARK_COVER if item.cover_for
                                                                else "")
            if pair is not None and (pair.post_id, pair.shift) == (item.post_id, item.shift):
                marks += SHADOW_MARK
                titles.append(data.plain(mentor_text(data, pair)))
            mark_html = f'<span class="mark">{marks}</span>' if marks else ""
            labels.append(f"{esc(item.shift)}{mark_html}")
            titles.append(data.plain(assignment_tooltip(data, item)))
        text = "/".join(labels)
        if any(item.borrowed for item in worked):
            classes.append("borrowed")
        elif any(item.cover_for for item in worked):
            classes.append("cover")
        elif pair is not None:
            classes.append("shadow")
    if absences:
        text, style = _leave_cell(data, absences, text, style, classes, titles)
    if training:
        titles.extend(training_note(t, data.training_session_by_id) for t in training)
        if text:
            text += f'<span class="mark">{TRAINING_MARK}</span>'
        else:
            text, style = TRAINING_MARK, f"background:{TRAINING_COLOUR}"
    if change is not None:
        classes.append("changed")
        titles.append(f"改动：{change.before} → {change.after}")
    if chosen:
        classes.append("chosen")
    return (f'<td class="{" ".join(classes)}" style="{style}" data-staff="{esc(staff_id)}" '
            f'data-day="{day.day.isoformat()}" title="{esc("；".join(titles))}">{text}</td>')


def _leave_cell(data: DataSet, absences: list[Absence], text: str, style: str,
                classes: list[str], titles: list[str]) -> tuple[str, str]:
    """Text and style of a cell with leave: the strongest status wins (approved, then
    requested, then refused); a worked cell keeps its shift and only gets the small mark."""
    look = min((leave_look(a) for a in absences), key=lambda item: item.rank)
    classes.append(look.css)
    titles.extend(f"{leave_look(a).label} {a.start}~{a.end}"
                  + (f"（{data.plain(a.note)}）" if a.note else "") for a in absences)
    if text:  # worked anyway (a refused or a requested leave): the shift stays visible
        return f'{text}<span class="mark">{esc(look.worked_mark)}</span>', style
    if look.css == "refused":
        return f'<span class="mark">{esc(look.mark)}</span>', f"{style};{look.style}"
    return esc(look.mark), f"background:{look.background};{look.style}"


def grid_legend_html(data: DataSet, with_changes: bool = True) -> str:
    keys = []
    for shift in data.shifts:
        times = "、".join(f"{s.start}-{s.end}" for s in shift.segments)
        keys.append(f'<span class="key" style="background:{shift.colour}">'
                    f"<b>{esc(shift.code)}</b> {esc(shift.name)} {esc(times)}</span>")
    keys.append(f'<span class="key" style="outline:2px double {COVER_COLOUR}">'
                f"{MARK_COVER} 顶替（兼做当天无人上的班）</span>")
    keys.append(f'<span class="key" style="outline:2px dashed {BORROWED_COLOUR}">'
                f"{MARK_BORROWED} 借调到其他项目的岗位</span>")
    keys.append('<span class="key" style="outline:2px dotted #548235">'
                f"{SHADOW_MARK} 岗前培训跟班（带教，不计入在岗人数）</span>")
    for look, meaning in legend_entries():
        keys.append(f'<span class="key" style="background:{look.background};{look.style}">'
                    f"<b>{esc(look.mark)}</b> {esc(meaning)}</span>")
    if data.training_sessions:
        keys.append(f'<span class="key" style="background:{TRAINING_COLOUR}">'
                    f"<b>{TRAINING_MARK}</b> 季度业务培训（计入工时；有班次时为小字）</span>")
    keys.append(f'<span class="key" style="background:{HOLIDAY_BG}">法定节假日/调休休息日</span>')
    keys.append(f'<span class="key" style="background:{WEEKEND_BG}">周末</span>')
    keys.append(f'<span class="key" style="background:{MAKEUP_BG}">调休上班日（班）</span>')
    if with_changes:
        keys.append(f'<span class="key" style="box-shadow:inset 0 0 0 3px {CHANGED_COLOUR}">'
                    "改动的班次</span>")
    return f'<div class="roster-legend">{"".join(keys)}</div>'
