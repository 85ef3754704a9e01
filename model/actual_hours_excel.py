"""The monthly planned and actual hours report: its rows, its columns and its .xlsx workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import cast


@dataclass(frozen=True)
class ActualRow:
    staff_id: str
    name: str
    line_id: str
    planned_hours: float
    actual_hours: float
    overtime_150_hours: float
    overtime_200_hours: float
    overtime_300_hours: float
    overtime_hours: float
    planned_overtime_hours: float
    nights: int
    weekend_days: int
    holiday_days: int
    days_worked: int

    @property
    def difference(self) -> float:
        return self.actual_hours - self.planned_hours


@dataclass(frozen=True)
class ActualReport:
    year: int
    month: int
    rows: tuple[ActualRow, ...]
    days_without_roster: tuple[date, ...]
    versions: tuple[int, ...]
    notes: tuple[str, ...] = field(default=())


ACTUAL_HEADERS = ("工号", "姓名", "服务项目", "计划工时", "实际工时", "差额", "加班合计",
                  "加班150%（工作日）", "加班200%（休息日）", "加班300%（法定节假日）",
                  "计划加班", "出勤天数", "夜班", "周末班", "节假日班")


def actual_values(row: ActualRow) -> tuple[str | float | int, ...]:
    return (row.staff_id, row.name, row.line_id, round(row.planned_hours, 2),
            round(row.actual_hours, 2), round(row.difference, 2), round(row.overtime_hours, 2),
            round(row.overtime_150_hours, 2), round(row.overtime_200_hours, 2),
            round(row.overtime_300_hours, 2), round(row.planned_overtime_hours, 2),
            row.days_worked, row.nights, row.weekend_days, row.holiday_days)


def actual_workbook(report: ActualReport) -> bytes:
    """The monthly report as .xlsx: 实际工时 sheet (one row per person, totals) and 说明."""

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from model.formula_guard import workbook_bytes

    wb = Workbook()
    ws = wb.active
    ws.title = "实际工时"
    ws.append([f"{report.year} 年 {report.month} 月 计划与实际工时（用于工资核算与医院月度核查）"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(ACTUAL_HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFDDEBF7")
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for row in report.rows:
        ws.append(list(actual_values(row)))
    if report.rows:
        total: list[str | float] = ["合计", "", ""]
        for index in range(3, len(ACTUAL_HEADERS)):
            # columns from the fourth on are numbers
            total.append(round(sum(cast(float, actual_values(r)[index]) for r in report.rows),
                               2))
        ws.append(total)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    widths = (10, 10, 10, 10, 10, 8, 10, 12, 12, 14, 10, 9, 7, 8, 9)
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[ws.cell(row=2, column=index).column_letter].width = width
    ws.freeze_panes = "D3"
    notes = wb.create_sheet("说明")
    lines = [
        "计划工时：每天以首次发布的排班为准；实际工时：每天以最新版本为准（含换班、手工修改、重排）。",
        "加班按劳动法第44条分类：150% 工作日延长工时，200% 休息日（超出标准工时部分），"
        "300% 法定节假日，均由独立核查程序按排班逐日计算。",
        f"计入的排班版本：{', '.join(str(v) for v in report.versions)}",
    ]
    if report.days_without_roster:
        lines.append("没有已发布排班的日期：" + "、".join(d.isoformat()
                                                 for d in report.days_without_roster))
    lines += list(report.notes)
    for line in lines:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    return workbook_bytes(wb)
