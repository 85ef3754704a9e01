"""The month's settlement as a print-ready workbook: the monthly statement over all lines and
the filled assessment form of each 岗位 (A4 portrait, one page wide, 9-14 pt, sign-off)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from model.assessment import AssessmentEvent, AssessmentSheet
from model.formula_guard import workbook_bytes
from model.money import format_yuan, yuan_in_words
from model.roster_excel.paging import a4_fit_width
from model.settlement import LineSettlement, Statement

FONT = "SimSun"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
#: Column widths of the form (A-F) and of the statement (A-I), in characters.
FORM_WIDTHS = (11, 12, 30, 31, 6, 6)
STATEMENT_WIDTHS = (6, 30, 8, 10, 13, 13, 8, 12, 13)
#: Column-width units one Chinese character takes at 9-10 pt (a width unit is one digit).
WIDTH_PER_CHAR = 1.6


def _put(ws: Worksheet, row: int, col: int, value: object, *, size: int = 10,
         bold: bool = False, align: Alignment = WRAP, box: bool = True,
         span: int = 1) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = Font(name=FONT, size=size, bold=bold)
    cell.alignment = align
    if span > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
    if box:
        for c in range(col, col + span):
            ws.cell(row=row, column=c).border = BOX


def _height(ws: Worksheet, row: int, texts: Sequence[tuple[str, float]], size: int = 10
            ) -> None:
    """A row tall enough for its wrapped texts (text, width of its cell)."""
    lines = 1
    for text, width in texts:
        per_line = max(1, int(width / WIDTH_PER_CHAR) - 1)
        lines = max(lines, sum(-(-max(1, len(part)) // per_line)
                               for part in str(text).split("\n")))
    ws.row_dimensions[row].height = max(18, lines * (size + 4) + 4)


def _reason(event: AssessmentEvent, sheet: AssessmentSheet, names: Mapping[str, str]) -> str:
    who = names.get(event.staff_id, event.staff_id) if event.staff_id else "岗位"
    note = f"（{event.note}）" if event.note else ""
    return (f"{event.day.month}月{event.day.day}日 {who}：{sheet.kind(event.kind).name}"
            f" 扣{event.points}分{note}")


def write_form(ws: Worksheet, statement: Statement, line: LineSettlement,
               sheet: AssessmentSheet, names: Mapping[str, str]) -> None:
    """One 岗位's filled assessment form, as the sheet prints it."""
    for index, width in enumerate(FORM_WIDTHS):
        ws.column_dimensions["ABCDEF"[index]].width = width
    _put(ws, 1, 1, f"{statement.hospital}{sheet.title}", size=14, bold=True, align=CENTRE,
         box=False, span=6)
    ws.row_dimensions[1].height = 30
    vendor = sheet.vendor
    _put(ws, 2, 1, f"岗位：{line.name}", span=3)
    _put(ws, 2, 4, f"考核月份：{line.year} 年 {line.month} 月", span=3)
    _put(ws, 3, 1, f"承包方名称：{vendor.name}", span=3)
    _put(ws, 3, 4, f"承包方负责人：{vendor.lead}", span=3)
    _put(ws, 4, 1, f"联系地址：{vendor.address}", span=3)
    _put(ws, 4, 4, f"联系电话：{vendor.phone}", span=3)
    for row in (2, 3, 4):
        ws.row_dimensions[row].height = 20
    _put(ws, 5, 1, "考核说明", bold=True, align=CENTRE)
    _put(ws, 5, 2, sheet.explanation, span=5)
    _height(ws, 5, [(sheet.explanation, sum(FORM_WIDTHS[1:]))])
    row = 6
    for number, band in enumerate(sheet.bands, 1):
        _put(ws, row, 1, "考核标准" if number == 1 else "", bold=True, align=CENTRE)
        _put(ws, row, 2, f"{number}、{sheet.band_text(band)}", span=5)
        row += 1
    ws.merge_cells(start_row=6, start_column=1, end_row=row - 1, end_column=1)
    for col, text in enumerate(("主要考核内容", "考核项目", "评分标准", "扣分原因", "扣分", "得分"),
                               1):
        _put(ws, row, col, text, bold=True, align=CENTRE)
    ws.row_dimensions[row].height = 30
    row += 1
    by_item = {s.item.id: s for s in line.sheet.items}
    for group in sheet.groups:
        first = row
        for item in group.items:
            scored = by_item[item.id]
            reasons = [_reason(e, sheet, names) for e in scored.events]
            if scored.raw_lost > scored.lost:
                reasons.append(f"合计 {scored.raw_lost} 分，本项 {item.points} 分扣完为止")
            reason_text = "\n".join(reasons) or "无"
            _put(ws, row, 1, f"{group.name}（{group.points}分）", bold=True, align=CENTRE)
            _put(ws, row, 2, f"{item.name}（{item.points}分）", align=CENTRE)
            _put(ws, row, 3, f"{item.standard}\n{item.rule_text}".strip(), size=9)
            _put(ws, row, 4, reason_text, size=9)
            _put(ws, row, 5, scored.lost, align=CENTRE)
            _put(ws, row, 6, scored.score, align=CENTRE)
            _height(ws, row, [(f"{item.standard}\n{item.rule_text}", FORM_WIDTHS[2]),
                              (reason_text, FORM_WIDTHS[3])], size=9)
            row += 1
        if row - first > 1:
            ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
    score = line.sheet
    _put(ws, row, 1, f"总分{sheet.full_points}分；总扣分：{score.lost} 分", span=4)
    _put(ws, row, 5, f"实际得分：{_points(score.score)}", bold=True, span=2)
    row += 1
    fee_text = (f"合同月服务费 {format_yuan(line.contract_fee)}；服务单位量 "
                f"{line.units:.2f}/{line.headcount}（{statement.shortfall.label}）；"
                f"应计服务费 {format_yuan(line.billed_fee)}；考核档次："
                f"{sheet.band_text(score.band)}；考核扣款 {format_yuan(score.deduction)}")
    _put(ws, row, 1, "结算依据", bold=True, align=CENTRE)
    _put(ws, row, 2, fee_text, span=5)
    _height(ws, row, [(fee_text, sum(FORM_WIDTHS[1:]))])
    row += 1
    _put(ws, row, 1, "本月应当得服务费用", bold=True, align=CENTRE)
    amount = (f"金额：{format_yuan(line.payable)}（大写：{yuan_in_words(line.payable)}）")
    _put(ws, row, 2, amount, bold=True, size=11, span=5)
    ws.row_dimensions[row].height = 30
    row += 1
    _put(ws, row, 1, "承包方负责人签字确认：", span=3)
    _put(ws, row, 4, "日期：", span=3)
    ws.row_dimensions[row].height = 36
    row += 1
    _put(ws, row, 1, "考核意见", bold=True, align=CENTRE)
    _put(ws, row, 2, "质量考核小组意见：", span=5, align=Alignment(vertical="top",
                                                                 wrap_text=True))
    ws.row_dimensions[row].height = 60
    row += 1
    _put(ws, row, 1, "", )
    _put(ws, row, 2, "签名：", span=3)
    _put(ws, row, 5, "日期：", span=2)
    ws.row_dimensions[row].height = 30
    a4_fit_width(ws, landscape=False, title_rows=None, pages_tall=1)  # one sheet of paper
    ws.print_area = f"A1:F{row}"


def _points(value: object) -> str:
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


STATEMENT_HEADERS = ("序号", "服务项目（岗位）", "合同数量", "实际服务单位量", "合同月服务费",
                     "应计服务费", "考核得分", "考核扣款", "本月结算款")


def write_statement(ws: Worksheet, statement: Statement) -> None:
    """The monthly statement over all lines, with the figure the VAT invoice carries."""
    for index, width in enumerate(STATEMENT_WIDTHS):
        ws.column_dimensions["ABCDEFGHI"[index]].width = width
    _put(ws, 1, 1, f"{statement.hospital} {statement.year} 年 {statement.month} 月服务费结算表",
         size=14, bold=True, align=CENTRE, box=False, span=9)
    ws.row_dimensions[1].height = 30
    for col, text in enumerate(STATEMENT_HEADERS, 1):
        _put(ws, 2, col, text, bold=True, align=CENTRE)
    ws.row_dimensions[2].height = 30
    row = 3
    for line in statement.lines:
        values: tuple[object, ...] = (
            line.seq, line.name, line.headcount, float(round(line.units, 2)),
            float(line.contract_fee), float(line.billed_fee), _points(line.score),
            float(line.deduction), float(line.payable))
        for col, value in enumerate(values, 1):
            _put(ws, row, col, value, size=9, align=WRAP if col == 2 else CENTRE)
            if col >= 5 and col != 7:
                ws.cell(row=row, column=col).number_format = "#,##0.00"
        ws.cell(row=row, column=4).number_format = "0.00"
        row += 1
    units = sum((line.units for line in statement.lines), Decimal(0))
    totals: tuple[object, ...] = (
        "", "合计", sum(line.headcount for line in statement.lines), float(round(units, 2)),
        float(statement.contract_total), float(statement.billed_total), "",
        float(statement.deduction_total), float(statement.payable_total))
    for col, value in enumerate(totals, 1):
        _put(ws, row, col, value, bold=True, size=9, align=CENTRE)
        if col >= 5 and col != 7 and value != "":
            ws.cell(row=row, column=col).number_format = "#,##0.00"
    ws.cell(row=row, column=4).number_format = "0.00"
    row += 2
    payable = statement.payable_total
    _put(ws, row, 1, f"本月结算款（增值税发票金额）：{format_yuan(payable)}"
                     f"（大写：{yuan_in_words(payable)}）", bold=True, size=11, box=False,
         span=9)
    row += 1
    notes = [f"服务单位量：投入该项服务人员按规定服务时长满勤 1 个月为 1 个服务单位量；"
             f"不足合同数量时{statement.shortfall.label}。",
             "考核扣款按各岗位当月考核表（附后）计算。", *statement.notes]
    for note in notes:
        _put(ws, row, 1, note, size=9, box=False, span=9)
        _height(ws, row, [(note, sum(STATEMENT_WIDTHS))], size=9)
        row += 1
    row += 1
    _put(ws, row, 1, "承包方（盖章）：", box=False, span=4)
    _put(ws, row, 5, "采购人（盖章）：", box=False, span=5)
    row += 2
    _put(ws, row, 1, "经办人：        日期：", box=False, span=4)
    _put(ws, row, 5, "审核人：        日期：", box=False, span=5)
    a4_fit_width(ws, landscape=False, title_rows="2:2")
    ws.print_area = f"A1:I{row}"


def settlement_workbook(statement: Statement, sheet: AssessmentSheet,
                        names: Mapping[str, str], lines: Sequence[str] | None = None) -> bytes:
    """The statement, then the form of each line (of `lines` when given), as .xlsx bytes."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "月度结算表"
    write_statement(first, statement)
    for line in statement.lines:
        if lines is not None and line.line_id not in lines:
            continue
        ws = wb.create_sheet(f"考核表{line.seq:02d}")
        write_form(ws, statement, line, sheet, names)
    return workbook_bytes(wb)
