"""The printed roster workbook: paper, scale and page breaks, fonts of 8 pt or more, cells that
fit, the legend, the sign-off block, the page header and the coverage summary.

The roster is written by hand from the embedded data (every person on their line's first
post on weekdays, one borrowed and one cover cell), so no solve is needed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from model.cells import make_assignment
from model.dataset import DataSet
from model.loaders import load_dataset
from model.roster import CoverageRow, RosterResult, SolveStatus
from model.roster_excel import roster_workbook
from model.roster_excel.paging import PAPERS, fit_scale
from model.staff import Employment

MONTH = date(2026, 12, 1)  # a Tuesday: a calendar month of 31 days
FOUR_WEEKS = date(2026, 11, 30)  # a Monday


@pytest.fixture(scope="module")
def data() -> DataSet:
    return load_dataset()


def hand_roster(data: DataSet, start: date, days: int) -> RosterResult:
    """Everyone on weekdays on the first post of their line with its first shift, except on
    approved or requested leave; the first person borrowed to another line's post on the
    first day, and one 导 shift covering 雾 on the second."""
    assignments = []
    end = start + timedelta(days=days - 1)
    vendor = [s for s in data.staff if s.employment is Employment.VENDOR]
    for member in vendor:
        post = next((p for p in data.posts if member.line_id in p.lines), None)
        if post is None or not post.demand:
            continue
        for offset in range(days):
            day = start + timedelta(days=offset)
            leave = [a for a in data.absences_on(member.id, day) if not a.refused]
            if day.weekday() >= 5 or leave:
                continue
            shift = post.demand[0].shift
            if member is vendor[0] and offset == 0:
                other = next(p for p in data.posts if member.line_id not in p.lines)
                item = make_assignment(data, member.id, day, other.id, other.demand[0].shift)
            else:
                item = make_assignment(data, member.id, day, post.id, shift)
            if shift == "导" and not any(a.cover_for for a in assignments):
                item = item.model_copy(update={"cover_for": "雾"})
            assignments.append(item)
    coverage = (CoverageRow(post_id=data.posts[0].id, day=start, shift="D", required=2,
                            target=2, hospital_supply=0, assigned=1, shortfall=1),
                CoverageRow(post_id=data.posts[0].id, day=start + timedelta(days=1),
                            shift="D", required=1, target=1, hospital_supply=0, assigned=1,
                            shortfall=0))
    return RosterResult(start=start, end=end, status=SolveStatus.FEASIBLE,
                        assignments=tuple(assignments), coverage=coverage)


def workbook(data: DataSet, start: date, days: int, paper: str = "A4"):
    return load_workbook(io.BytesIO(roster_workbook(data, hand_roster(data, start, days),
                                                    paper=paper)))


@pytest.fixture(scope="module")
def month_a4(data):
    return workbook(data, MONTH, 31, "A4")


@pytest.fixture(scope="module")
def month_a3(data):
    return workbook(data, MONTH, 31, "A3")


@pytest.fixture(scope="module")
def weeks_a4(data):
    return workbook(data, FOUR_WEEKS, 28, "A4")


def print_cells(ws):
    """Every cell with a value inside the sheet's print area."""
    for area in str(ws.print_area).split(","):
        bounds = range_boundaries(area.split("!")[-1].replace("$", ""))
        min_col, min_row, max_col, max_row = bounds
        for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                max_col=max_col):
            yield from (cell for cell in row if cell.value is not None)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def day_columns(ws) -> range:
    last = next(c for c in range(3, ws.max_column + 1) if ws.cell(3, c).value == "班次")
    return range(3, last)


def staff_rows(ws, data: DataSet) -> list[int]:
    ids = {s.id for s in data.staff}
    return [r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value in ids]


def find(ws, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not in {ws.title}")


# -- paper, scale and page breaks -----------------------------------------------------------
@pytest.mark.parametrize("name", ["month_a4", "month_a3", "weeks_a4"])
def test_every_font_in_every_print_area_prints_at_8pt_or_more(name, request):
    book = request.getfixturevalue(name)
    grid = book["排班表"]
    scale = int(grid.page_setup.scale) / 100
    assert grid.sheet_properties.pageSetUpPr.fitToPage is False
    sizes = [cell.font.size for cell in print_cells(grid)]
    assert sizes and min(sizes) * scale >= 8
    for part in (grid.oddHeader.left, grid.oddHeader.center, grid.oddHeader.right,
                 grid.oddFooter.center):
        assert part.size * scale >= 8
    for title in ("覆盖", "工时", "费用", "说明"):
        ws = book[title]
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert int(ws.page_setup.fitToWidth) == 1
        landscape = ws.page_setup.orientation == "landscape"
        fit = fit_scale(ws, PAPERS["A4"], ws.max_column, landscape=landscape) / 100
        smallest = min(cell.font.size for cell in print_cells(ws))
        assert smallest * fit >= 8, (title, smallest, fit)


def test_a4_prints_two_weeks_a_page_broken_at_mondays(month_a4):
    ws = month_a4["排班表"]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert ws.print_options.horizontalCentered is True
    assert ws.print_title_cols.replace("$", "") == "A:B"
    assert ws.print_title_rows.replace("$", "") == "3:5"
    assert ws.print_area.replace("$", "").endswith(
        f"A3:{get_column_letter(ws.max_column)}{ws.max_row}")
    breaks = [b.id for b in ws.col_breaks.brk]
    assert breaks  # 31 days do not fit one A4 page at 8 pt
    days = day_columns(ws)
    pages = [days.start, *(b + 1 for b in breaks), days.stop]
    for first, stop in zip(pages, pages[1:], strict=False):
        assert ws.cell(4, first).value == "一" or first == days.start  # a page starts on Monday
        assert stop - first <= 14 + 6  # two weeks, or two weeks and a short last week
    assert ws.cell(3, days.start).value == "12/1"


def test_a3_prints_the_month_on_one_page_width(month_a3):
    ws = month_a3["排班表"]
    assert int(ws.page_setup.paperSize) == 8 and ws.page_setup.orientation == "landscape"
    assert list(ws.col_breaks.brk) == []
    assert int(ws.page_setup.scale) >= 89


def test_four_weeks_on_a4_break_after_the_second_week(weeks_a4):
    ws = weeks_a4["排班表"]
    assert [b.id for b in ws.col_breaks.brk] == [2 + 14]  # A-B, then 14 days
    assert ws.cell(3, 2 + 15).value == "12/14" and ws.cell(4, 2 + 15).value == "一"


def test_every_page_shows_the_whole_line_heading(weeks_a4, month_a3):
    # On four weeks of A4 (two pages wide) each heading starts in the first day column of
    # both pages (column A repeats on every page and would cut it); on the one-page-wide A3
    # month it stays in column A.
    ws = weeks_a4["排班表"]
    headings = [r for r in range(6, ws.max_row + 1)
                if str(ws.cell(r, 3).value or "").startswith("科室：")]
    assert headings and all(ws.cell(r, 1).value is None for r in headings)
    assert all(ws.cell(r, 3 + 14).value == ws.cell(r, 3).value for r in headings)
    one = month_a3["排班表"]
    assert any(str(one.cell(r, 1).value or "").startswith("科室：")
               for r in range(6, one.max_row + 1))


def test_hours_sheet_shows_the_longest_service_line_name(weeks_a4, data):
    from model.roster_excel.paging import fit_width

    ws = weeks_a4["工时"]
    longest = max(data.lines, key=lambda line: len(line.name)).name
    assert ws.column_dimensions["C"].width >= fit_width(longest, 10) - 0.01


def test_another_paper_is_refused(data):
    with pytest.raises(ValueError, match="A4 或 A3"):
        roster_workbook(data, hand_roster(data, MONTH, 2), paper="A5")


# -- nothing overflows ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["month_a4", "month_a3"])
def test_every_grid_cell_fits_its_column_and_row(name, request, data):
    ws = request.getfixturevalue(name)["排班表"]
    checked = 0
    for row in [3, 4, 5, *staff_rows(ws, data)]:
        for col in [1, 2, *day_columns(ws)]:
            cell = ws.cell(row, col)
            if cell.value is None:
                continue
            lines = str(cell.value).split("\n")
            size = cell.font.size
            width = ws.column_dimensions[get_column_letter(col)].width
            for line in lines:  # CJK 2 display units; 1.8 column units a CJK char at 9 pt
                assert display_width(line) * size / 10 + 1 <= width, (cell.coordinate, line)
            height = ws.row_dimensions[row].height
            if row >= 6:
                assert height >= len(lines) * size * 1.2, (cell.coordinate, lines)
                assert len(lines) == 1 or cell.alignment.wrap_text
            checked += 1
    assert checked > 500


# -- legend and sign-off --------------------------------------------------------------------
def test_legend_lists_every_mark_used_in_the_grid(month_a3, data):
    ws = month_a3["排班表"]
    top, legend_col = find(ws, "图例")
    samples = {ws.cell(r, c).value for r in range(top + 1, ws.max_row + 1)
               for c in range(legend_col, ws.max_column + 1)
               if ws.cell(r, c).value is not None and isinstance(ws.cell(r, c).value, str)
               and len(ws.cell(r, c).value) <= 3}
    codes = {s.code for s in data.shifts}
    used: set[str] = set()
    for row in staff_rows(ws, data):
        for col in day_columns(ws):
            value = ws.cell(row, col).value
            if value is None:
                continue
            first, *marks = str(value).split("\n")
            used.update(marks)
            rest = re.sub("|".join(sorted(map(re.escape, codes), key=len, reverse=True)), "",
                          first.replace("/", ""))
            if rest:
                used.add(first if first == rest else rest)
            used.update(code for code in codes if first.startswith(code))
    assert {"借", "顶", "驳", "假", "事?"} <= {u[0] if u[0] in "借顶" else u for u in used}
    assert used <= samples, used - samples
    texts = " ".join(str(ws.cell(r, c).value) for r in range(top, ws.max_row + 1)
                     for c in range(legend_col, ws.max_column + 1) if ws.cell(r, c).value)
    for status in ("已批准：", "待批准：", "已驳回："):
        assert status in texts
    for shift in data.shifts:  # shifts with their times
        assert f"{shift.name}：{shift.segments[0].start}-{shift.segments[0].end}" in texts


@pytest.mark.parametrize("name", ["month_a4", "month_a3", "weeks_a4"])
def test_sign_off_block_on_the_last_page(name, request, data):
    ws = request.getfixturevalue(name)["排班表"]
    last_staff = max(staff_rows(ws, data))
    breaks = [b.id for b in ws.col_breaks.brk]
    rows = []
    for role in ("制表：", "审核：", "批准："):
        row, col = find(ws, role)
        rows.append(row)
        values = [str(ws.cell(row, c).value) for c in range(col, ws.max_column + 1)
                  if ws.cell(row, c).value]
        assert values[1] == "签名：" and values[2].startswith("日期：")
        assert row > last_staff
        assert not breaks or col > breaks[-1]  # in the columns of the last printed page
    assert rows == sorted(rows)
    area = ws.print_area.replace("$", "").split("!")[-1]
    assert max(rows) <= range_boundaries(area)[3]


# -- header, leave, coverage ----------------------------------------------------------------
def test_page_header_names_the_hospital_from_the_data(data):
    renamed = data.model_copy(update={"contract": data.contract.model_copy(
        update={"hospital": "示例市人民医院 & 分院"})})
    ws = workbook(renamed, MONTH, 3)["排班表"]
    assert ws.oddHeader.left.text == "示例市人民医院 && 分院"  # & is a code in a header
    assert "2026年12月1日 至 2026年12月3日" in ws.oddHeader.right.text
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    original = workbook(data, MONTH, 3)["排班表"]
    assert original.oddHeader.left.text == data.contract.hospital
    assert data.contract.display_name in original.oddHeader.center.text


def test_each_leave_status_looks_different(month_a4, data):
    ws = month_a4["排班表"]
    rows = {ws.cell(r, 1).value: r for r in staff_rows(ws, data)}
    col = {ws.cell(3, c).value: c for c in day_columns(ws)}
    approved = ws.cell(rows["W030"], col["12/14"])  # 年假, 已批准
    requested = ws.cell(rows["W004"], col["12/24"])  # 事假, 待批准
    refused = ws.cell(rows["W012"], col["12/21"])  # 年假, 已驳回: works
    assert approved.value == "假" and approved.fill.fill_type == "solid"
    assert requested.value == "事?" and requested.fill.fill_type == "lightUp"
    assert refused.value.endswith("驳") and refused.value[:-1] in {s.code for s in data.shifts}
    shift = data.shift_by_code[refused.value[:-1]]
    assert refused.fill.fgColor.rgb == "FF" + shift.colour.lstrip("#").upper()  # worked look
    assert "已驳回" in refused.comment.text
    looks = {(c.value, c.fill.fill_type, c.fill.fgColor.rgb) for c in (approved, requested,
                                                                       refused)}
    assert len(looks) == 3


def test_coverage_prints_its_one_page_summary_only(month_a4, data):
    ws = month_a4["覆盖"]
    area = ws.print_area.replace("$", "").split("!")[-1]
    min_col, min_row, max_col, max_row = range_boundaries(area)
    assert (min_col, min_row, max_col) == (1, 1, 10)
    assert int(ws.page_setup.fitToHeight) == 1 and ws.page_setup.orientation == "portrait"
    texts = [str(c.value) for c in print_cells(ws)]
    assert texts[0].startswith("覆盖汇总") and "缺岗天数" in texts and "缺少人次" in texts
    post_row, _ = find(ws, data.posts[0].name)
    assert post_row <= max_row
    assert [ws.cell(post_row, c).value for c in (5, 6, 7, 8)] == [3, 2, 1, 1]
    detail_row, _ = find(ws, "逐日覆盖明细（供屏幕查看，不在打印范围内）")
    assert detail_row > max_row
    assert all(not t.startswith("逐日") for t in texts)


def test_other_sheets_print_fit_to_width_with_header_rows(month_a4):
    hours = month_a4["工时"]
    assert hours.print_title_rows.replace("$", "") == "1:1"
    for title in ("工时", "费用", "说明"):
        ws = month_a4[title]
        assert int(ws.page_setup.paperSize) == 9
        assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_a_typed_formula_stays_text_in_the_printed_grid(data):
    member = data.staff[0].model_copy(update={"name": "=1+1"})
    hostile = data.model_copy(update={"staff": (member, *data.staff[1:])})
    ws = workbook(hostile, MONTH, 2)["排班表"]
    cell = ws.cell(find(ws, "=1+1")[0], 2)
    assert cell.data_type == "s" and cell.quotePrefix


# -- rendered -------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice (soffice) and pdfinfo are not installed: the workbook "
                           "is not rendered")
def test_libreoffice_prints_the_a3_month_grid_on_few_pages(data, tmp_path: Path):
    source = tmp_path / "roster.xlsx"
    result = hand_roster(data, MONTH, 31)
    source.write_bytes(roster_workbook(data, result, paper="A3"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(tmp_path / "roster.pdf")], check=True,
                          capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 5 <= pages <= 12  # grid on 2-3 A3 pages, one coverage page, the other sheets
