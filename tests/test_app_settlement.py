"""The 月度结算 page (AppTest on the embedded data and the app's own SQLite store): the month's
statement of a published week, an attendance upload with a lateness, a malformed upload
refused with its row and column and nothing stored, an event added and withdrawn, the
download, and who sees what."""

from __future__ import annotations

from datetime import date

import pytest

from model.base import minutes_to_clock
from model.loaders import load_dataset
from model.users import Actor, Role
from solver.solve import SolveOptions, solve_roster
from store.db import open_store
from tests.test_app import LEAD, assert_clean, metric, new_app
from ui import roster_service as repo
from ui import settlement_service as service

START = date(2026, 11, 30)
PAGE = "月度结算"
MANAGER = Actor(name="质控组长", role=Role.MANAGER)


@pytest.fixture(scope="module")
def week():
    data = load_dataset()
    result = solve_roster(data, START, 7, SolveOptions(time_limit_s=3, workers=2))
    assert result.status.has_roster
    return data, result


@pytest.fixture
def published(week):
    data, result = week
    store = open_store()  # the app's store: $ROSTER_DB_URL, set per test by conftest
    repo.publish(store, data, result)
    yield store
    store.dispose()


def attendance_csv(data, result, late_staff: str | None = None) -> bytes:
    shifts = {s.code: s.intervals() for s in data.shifts}
    rows = ["工号,日期,上班1,下班1,上班2,下班2"]
    first_late = True
    for a in sorted(result.assignments, key=lambda a: (a.day, a.staff_id)):
        if a.day.month != 12:
            continue
        punches = []
        for start, end in shifts[a.shift]:
            arrive = start - 3
            if a.staff_id == late_staff and first_late:
                arrive, first_late = start + 15, False
            punches += [minutes_to_clock(arrive), minutes_to_clock(end + 1)]
        rows.append(",".join([a.staff_id, a.day.isoformat(), *(punches + ["", ""])[:4]]))
    return "\n".join(rows).encode("utf-8")


def test_the_page_shows_the_month_and_imports_attendance(week, published):
    data, result = week
    at = new_app(PAGE)
    assert at.header[0].value == "月度结算"
    assert at.selectbox(key="settle_month").value == "2026-12"
    assert metric(at, "合同月服务费") == "¥311,948.52"
    assert any("本月未导入考勤" in c.value for c in at.caption)
    late = next(a for a in result.assignments if a.day.month == 12)
    at.file_uploader(key="settle_upload").upload(
        "十二月考勤.csv", attendance_csv(data, result, late.staff_id), "text/csv")
    at.run()
    at.button(key="settle_import").click().run()
    assert_clean(at)
    assert at.success and "迟到 1 次" in at.success[0].value
    settled = service.settle(published, data, 2026, 12)
    row = next(x for x in settled.statement.lines if x.line_id == late.line_id)
    assert row.score == 95
    assert metric(at, "本月结算款") == repo_yuan(settled.statement.payable_total)
    assert at.download_button  # the Excel is offered
    at.selectbox(key="settle_line").set_value(late.line_id).run()
    assert any("实际得分 95" in m.value for m in at.markdown)


def repo_yuan(amount) -> str:
    from model.money import format_yuan

    return format_yuan(amount)


def test_a_malformed_upload_is_refused_with_its_cells(week, published):
    data, _ = week
    at = new_app(PAGE)
    at.file_uploader(key="settle_upload").upload(
        "坏.csv", "工号,日期,上班1,下班1\nW001,2026-12-01,8点,17:00\nW999,2026-12-01,08:00,"
                  "17:00\n".encode(), "text/csv")
    at.run()
    at.button(key="settle_import").click().run()
    assert_clean(at)
    assert at.error and "2 个问题，未导入任何数据" in at.error[0].value
    (table,) = [d.value for d in at.dataframe if "行" in d.value.columns]
    assert list(table["行"]) == ["2", "3"] and list(table["字段"]) == ["上班1", "工号"]
    assert service.month_attendance(published, data.contract.id, 2026, 12) == []


def test_the_quality_group_adds_and_withdraws_an_event(week, published):
    data, _ = week
    at = new_app(PAGE, user=MANAGER)
    assert at.button(key="settle_import").disabled  # a manager does not import attendance
    line = data.lines[1]
    at.selectbox(key="settle_event_line").set_value(line.id).run()
    at.selectbox(key="settle_event_kind").set_value("complaint").run()
    at.text_input(key="settle_event_note").input("患者投诉").run()
    at.button(key="settle_event_add").click().run()
    assert_clean(at)
    assert at.success and "服务态度不好被投诉 扣 5 分" in at.success[0].value
    (stored,) = service.month_events(published, data.contract.id, 2026, 12)
    assert stored.author == "质控组长" and stored.event.line_id == line.id
    at.button(key="settle_withdraw").click().run()
    assert_clean(at)
    assert service.month_events(published, data.contract.id, 2026, 12) == []


def test_who_sees_the_page():
    assert PAGE in new_app("排班", user=LEAD).radio(key="page").options
    assert PAGE not in new_app("排班", user=Actor("访客", Role.READER)).radio(
        key="page").options


def test_without_a_roster_the_page_says_what_to_do():
    at = new_app(PAGE)
    assert at.warning and "没有已发布的排班" in at.warning[0].value
