"""The roster as a page to print from the browser: the grid alone, two weeks a page on A4
landscape (or the whole period on A3), header rows repeated on every page, the legend and a
sign-off block (制表 / 审核 / 批准 with dates), the hospital's name from the data. Also the
compact coverage table of the 覆盖 tab. Pure HTML, testable without Streamlit."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pandas as pd

from model.dataset import DataSet
from model.roster import Assignment, RosterResult
from model.shadowing import pairs_by_cell, shadow_pairs
from ui.formatting import MET_BG, NONE_BG, SHORT_BG, hours, period_days
from ui.grid import (
    GRID_CSS,
    esc,
    grid_cell,
    grid_legend_html,
    header_html,
    shown_groups,
    training_by_cell,
)

A4, A3 = "A4", "A3"
PAPERS = {A4: "A4 横向（每页两周）", A3: "A3 横向（整个周期一页）"}
DAYS_PER_PAGE = {A4: 14, A3: 31}

PRINT_CSS = """
<style>
@page{size:%(paper)s landscape;margin:10mm 8mm}
body{margin:0;font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
h1{font-size:16pt;margin:0 0 2mm 0}
p.sub{font-size:10pt;margin:0 0 3mm 0}
.page{page-break-after:always;break-after:page}
.page:last-of-type{page-break-after:auto;break-after:auto}
.roster-wrap{overflow:visible!important;max-height:none!important;border:none!important}
table.roster-grid{font-size:%(font)spt!important;width:100%%}
table.roster-grid thead{display:table-header-group}
table.roster-grid tr{page-break-inside:avoid;break-inside:avoid}
table.roster-grid th.who,table.roster-grid td.who{position:static!important}
table.roster-grid thead th{position:static!important}
.roster-legend{font-size:9pt!important}
table.sign{margin-top:6mm;border-collapse:collapse;font-size:11pt;width:100%%}
table.sign td{padding:3mm 2mm;width:33%%}
@media screen{.page{border-bottom:2px dashed #999;margin-bottom:8mm;padding-bottom:4mm}}
</style>
"""


def _chunks(days: list, size: int) -> list[list]:
    return [days[i:i + size] for i in range(0, len(days), size)] or [[]]


def print_html(data: DataSet, result: RosterResult, paper: str = A4) -> str:
    """A whole HTML document: one page per two weeks (A4) or per month (A3)."""
    days = period_days(data, result)
    by_cell: dict[tuple[str, date], list[Assignment]] = defaultdict(list)
    for item in result.assignments:
        by_cell[(item.staff_id, item.day)].append(item)
    trained = training_by_cell(result)
    shadowed = pairs_by_cell(shadow_pairs(data, result.assignments))
    hours_by_staff = {s.staff_id: s for s in result.staff_summary}
    groups = shown_groups(data, result)
    title = f"{data.contract.display_name or data.contract.hospital} 外包服务人员排班表"
    font = 9 if paper == A4 else 8
    pages = _chunks(days, DAYS_PER_PAGE[paper])
    out = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
           f"<title>{esc(title)} {result.start}~{result.end}</title>", GRID_CSS,
           PRINT_CSS % {"paper": paper, "font": font}, "</head><body>"]
    for number, chunk in enumerate(pages, 1):
        last = number == len(pages)
        n_cols = len(chunk) + 2
        out.append('<section class="page">')
        out.append(f"<h1>{esc(title)}</h1><p class='sub'>排班周期 {result.start} 至 "
                   f"{result.end}　本页 {chunk[0].day} 至 {chunk[-1].day}　"
                   f"第 {number} 页，共 {len(pages)} 页</p>")
        out.append('<div class="roster-wrap"><table class="roster-grid">')
        out.append(header_html(chunk, hours_column=last))
        out.append("<tbody>")
        for group in groups:
            out.append(f'<tr class="line"><td class="who" colspan="{n_cols}">'
                       f"{esc(group.department)} · {esc(group.line_name)}</td></tr>")
            for member in group.staff:
                out.append(f'<tr><td class="who">{esc(member.name)}</td>')
                out.extend(grid_cell(data, member.id, item,
                                     by_cell.get((member.id, item.day), []),
                                     training=trained.get((member.id, item.day), ()),
                                     pair=shadowed.get((member.id, item.day)))
                           for item in chunk)
                if last:
                    summary = hours_by_staff.get(member.id)
                    out.append(f'<td class="total">{hours(summary.hours) if summary else "—"}'
                               "</td>")
                out.append("</tr>")
        out.append("</tbody></table></div>")
        out.append(grid_legend_html(data, with_changes=False))
        if last:
            out.append(sign_off_html())
        out.append("</section>")
    out.append("</body></html>")
    return "".join(out)


def sign_off_html() -> str:
    cells = "".join(f"<td>{role}：________________　日期：____年__月__日</td>"
                    for role in ("制表", "审核", "批准"))
    return f'<table class="sign"><tr>{cells}</tr></table>'


def coverage_html(text: pd.DataFrame, shortfall: pd.DataFrame) -> str:
    """The coverage table (post x day, 'present/required') compact enough for a month."""
    out = [GRID_CSS, '<div class="roster-wrap"><table class="roster-grid" id="coverage-grid">',
           '<thead><tr><th class="who" style="width:11em;max-width:11em">岗位</th>']
    for column in text.columns:
        day, week = str(column).split(" ", 1) if " " in str(column) else (str(column), "")
        out.append(f"<th>{esc(day.split('/')[-1])}<br>{esc(week)}</th>")
    out.append("</tr></thead><tbody>")
    for label in text.index:
        out.append(f'<tr><td class="who" style="width:11em;max-width:11em" '
                   f'title="{esc(label)}">{esc(label)}</td>')
        for column in text.columns:
            short = int(shortfall.loc[label, column])
            colour = NONE_BG if short < 0 else (MET_BG if short == 0 else SHORT_BG)
            weight = ";color:#fff;font-weight:bold" if short > 0 else ""
            out.append(f'<td style="background:{colour}{weight}">'
                       f"{esc(text.loc[label, column])}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)
