"""Sheet 说明: rules in force, solver statistics, penalties by rule, conflicts and notes."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.calendar import CalendarDay
from model.dataset import DataSet
from model.roster import RosterResult
from model.roster_excel.paging import fit_to_width
from model.roster_excel.styles import (
    CENTER,
    HEADER_FILL,
    LEFT,
    LEFT_WRAP,
    as_number,
    cell_font,
    put,
    section_title,
    text_width,
    titled,
)
from model.vocabulary import solver_status


# -- sheet 5: notes ------------------------------------------------------------------------
def notes_sheet(ws: Worksheet, data: DataSet, result: RosterResult,
                days: list[CalendarDay], outside: int) -> None:
    for col, width in enumerate([22, 28, 10, 8, 12, 14, 60], 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    row = 1
    section_title(ws, row, "生效规则")
    row += 1
    for col, text in enumerate(["序号", "名称", "数值", "硬/软", "权重", "单位", "来源"], 1):
        put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    for number, rule in enumerate(data.rules.rules, 1):
        row += 1
        values = [number, rule.name, as_number(rule.value), "硬" if rule.hard else "软",
                  rule.weight, rule.unit, data.plain(rule.source)]
        for col, value in enumerate(values, 1):
            put(ws, row, col, value, align=LEFT_WRAP if col in (2, 7) else CENTER)
    if data.patterns:
        row += 2
        section_title(ws, row, "各项目的排班模式（稳定排班模式）")
        for pattern in data.patterns:
            row += 1
            own = data.line_by_id[pattern.line_id]
            put(ws, row, 1, f"{own.id} {own.name}", align=LEFT_WRAP)
            put(ws, row, 2, pattern.describe(), align=LEFT_WRAP)
            put(ws, row, 7, data.plain(pattern.source), align=LEFT_WRAP)

    row += 2
    section_title(ws, row, "求解统计")
    stats = result.stats
    entries: list[tuple[str, object]] = [
        ("状态", result.status.label),
        ("目标值", result.objective if result.objective is not None else "—"),
        ("下界", as_number(result.best_bound) if result.best_bound is not None else "—"),
    ]
    if stats is not None:
        entries += [
            ("用时（秒）", round(stats.wall_time_s, 2)),
            ("首个解用时（秒）", round(stats.time_to_first_solution_s, 2)
             if stats.time_to_first_solution_s is not None else "—"),
            ("并行线程数", stats.workers),
            ("变量数", stats.variables),
            ("约束数", stats.constraints),
            ("求解阶段", "、".join(stats.stages) or "—"),
            ("求解器状态", solver_status(stats.solver_status)),
        ]
    else:
        entries.append(("求解器", "无统计信息"))
    for label, entry in entries:
        row += 1
        put(ws, row, 1, label, bold=True, fill=HEADER_FILL, align=LEFT)
        put(ws, row, 2, entry, align=LEFT)

    row += 2
    section_title(ws, row, "罚分（按规则）")
    row += 1
    for col, text in enumerate(["规则", "违反单位", "次数", "权重", "罚分"], 1):
        put(ws, row, col, text, bold=True, fill=HEADER_FILL)
    units = {rule.id: rule.unit for rule in data.rules.rules}
    for line in sorted(result.penalties, key=lambda p: (-p.cost, p.rule)):
        row += 1
        values = [line.name or data.rule_name(line.rule), units.get(line.rule, ""),
                  as_number(line.count), line.weight, line.cost]
        for col, value in enumerate(values, 1):
            put(ws, row, col, value, align=LEFT if col == 2 else CENTER,
                number_format="#,##0" if col == 5 else None)
    row += 1
    put(ws, row, 1, "合计", bold=True, fill=HEADER_FILL)
    for col in (2, 3, 4):
        put(ws, row, col, None, fill=HEADER_FILL)
    put(ws, row, 5, sum(p.cost for p in result.penalties), bold=True, fill=HEADER_FILL,
        number_format="#,##0")

    if result.conflicts:
        row += 2
        section_title(ws, row, "互相矛盾的硬规则")
        for conflict in result.conflicts:
            row += 1
            put(ws, row, 1, data.rule_name(conflict.rule), align=LEFT)
            put(ws, row, 2, data.plain(conflict.message), align=LEFT_WRAP)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)

    notes = [data.plain(note) for note in result.notes]
    notes += data.calendar.warnings(d.day for d in days)
    if outside:
        notes.append(f"有 {outside} 条排班不在排班周期内，未列入排班表。")
    row += 2
    section_title(ws, row, "备注")
    if not notes:
        row += 1
        ws.cell(row=row, column=1, value="无").font = cell_font()
    for index, note in enumerate(notes, 1):
        row += 1
        put(ws, row, 1, f"{index}. {note}", align=LEFT_WRAP, border=None)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
        ws.row_dimensions[row].height = max(15, 15 * (1 + text_width(note) // 150))
    fit_to_width(ws, data, result, titled(data, "排班说明"), landscape=True, title_rows=None)
