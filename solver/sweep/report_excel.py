"""The sweep workbook: the table with its cost/gaps chart, the frontier and the notes."""

from __future__ import annotations

import math

from solver.sweep.run import SweepResult
from solver.sweep.table import table_rows, total_header


def sweep_workbook(result: SweepResult) -> bytes:
    """情景汇总 (the table with a cost/gaps scatter chart), 成本-缺口前沿 (the frontier rows,
    drawn as a line on the chart) and 说明 (how it was solved)."""

    from openpyxl import Workbook
    from openpyxl.chart import Reference, ScatterChart, Series
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from model.formula_guard import workbook_bytes

    headers, body = table_rows(result)
    book = Workbook()
    sheet = book.active
    sheet.title = "情景汇总"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cells in body:
        sheet.append(cells)
    sheet.freeze_panes = "C2"
    money_columns = {"月服务费（元）", total_header(result), "加班费（元）", "预计考核扣款（元）"}
    for col, header in enumerate(headers, start=1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = 34 if header in ("情景", "说明") else 14
        if header in money_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.number_format = '"¥"#,##0.00'
    frontier_fill = PatternFill("solid", fgColor="E2EFDA")
    front_col = headers.index("成本-缺口前沿") + 1
    for row_cells in sheet.iter_rows(min_row=2):
        if row_cells[front_col - 1].value == "是":
            for cell in row_cells:
                cell.fill = frontier_fill
    n = len(body)
    front_rows = sorted((r for r in result.rows if r.index in set(result.frontier())),
                        key=lambda r: (r.gaps, r.monthly_cost))
    front = book.create_sheet("成本-缺口前沿")
    front.append(["缺口（人次）", "月服务费（元）", "序号", "情景"])
    for cell in front[1]:
        cell.font = Font(bold=True)
    for r in front_rows:
        front.append([r.gaps, float(r.monthly_cost or 0), r.index + 1, r.name])
    front.column_dimensions["D"].width = 60
    for (cell,) in front.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = '"¥"#,##0.00'
    if n:
        chart = ScatterChart()
        chart.title = "月服务费与缺口（成本-缺口权衡）"
        chart.style = 13
        chart.x_axis.title = "缺口（人次）"
        chart.y_axis.title = "月服务费（元）"
        gaps_col = headers.index("缺口（人次）") + 1
        cost_col = headers.index("月服务费（元）") + 1
        points = Series(Reference(sheet, min_col=cost_col, min_row=2, max_row=n + 1),
                        Reference(sheet, min_col=gaps_col, min_row=2, max_row=n + 1),
                        title="情景")
        points.marker.symbol = "circle"
        points.marker.size = 8
        points.marker.graphicalProperties.solidFill = "8EA9DB"
        points.marker.graphicalProperties.line.solidFill = "4472C4"
        points.graphicalProperties.line.noFill = True
        chart.series.append(points)
        if front_rows:
            last = len(front_rows) + 1
            line = Series(Reference(front, min_col=2, min_row=2, max_row=last),
                          Reference(front, min_col=1, min_row=2, max_row=last), title="前沿")
            line.marker.symbol = "diamond"
            line.marker.size = 9
            line.marker.graphicalProperties.solidFill = "C00000"
            line.graphicalProperties.line.solidFill = "C00000"
            chart.series.append(line)
        most = max((r.gaps or 0 for r in result.rows), default=0)
        chart.x_axis.majorUnit = max(1, math.ceil(most / 10))
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.width, chart.height = 18, 10
        sheet.add_chart(chart, f"B{n + 4}")
    notes = book.create_sheet("说明")
    for line in (
        ("网格", result.grid_name),
        ("排班期", f"{result.start} 起 {result.weeks} 周"),
        ("每个情景的确定性时限", f"{result.time_limit:g}（CP-SAT 工作量单位，约合秒）"),
        ("随机种子", result.seed),
        ("执行方式", f"{result.executor}，{result.workers} 个进程/CPU"),
        ("总用时（秒）", result.wall_time_s),
        ("缺口", "未覆盖的最低在岗需求（人次），每人次按附件28计一次未完成任务（扣15分）"),
        ("预计考核扣款", "按各项目的得分与月服务费计算（附件28），计入求解期内的缺口"),
        ("成本-缺口前沿", "没有其他情景能以不高于它的月服务费做到不多于它的缺口"),
        ("可复现", "每个情景单线程、固定种子、确定性时限求解：任何执行方式结果相同；"
                   "“否”表示被墙钟保护时限截断"),
    ):
        notes.append(list(line))
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 90
    return workbook_bytes(book)
