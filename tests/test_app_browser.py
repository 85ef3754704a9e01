"""End to end in a real browser: the served app, driven by Playwright in headless Chromium.

Starts `streamlit run ui/app.py` on a free port with an accounts file of one 项目负责人,
signs in, solves one week on the embedded data and finds the roster grid; then a calendar
month: it fits 1600 px with its hours column, a click on a cell chooses it for editing, the
change is checked, saved and published, and the print view shows its pages; a 停诊 file
uploaded on the 缺勤重排 tab lists the needs it changes and re-plans. Saves
screenshots (in the test's tmp dir; also in bench/screenshots/ when
ROSTER_SAVE_SCREENSHOTS=1, for the record). Skipped, with the reason, only where no browser
can be installed (see tests/browser.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from model.users import Role
from tests.browser import launch
from ui.accounts import ENV_VAR, add_account

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright 未安装（pip install -e '.[test]'）")

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "ui" / "app.py"
RECORD_DIR = ROOT / "bench" / "screenshots"
START_TIMEOUT_S = 90
SOLVE_TIMEOUT_MS = 120_000
USERNAME, PASSWORD = "lead", "browser-test-password"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_served(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit 退出（{server.returncode}）：{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit 在 {START_TIMEOUT_S} 秒内没有启动：{log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def served_app(tmp_path_factory):
    """The app served by `streamlit run` on a free port; stopped after the tests."""
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    accounts = log.parent / "accounts.yaml"
    add_account(USERNAME, PASSWORD, Role.LEAD, path=accounts)
    store = log.parent / "roster.db"  # never the developer's own store
    env = {**os.environ, ENV_VAR: str(accounts), "ROSTER_DB_URL": f"sqlite:///{store}"}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_served(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _record(shot: Path) -> None:
    if os.environ.get("ROSTER_SAVE_SCREENSHOTS") == "1":
        RECORD_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, RECORD_DIR / shot.name)


def _set_number(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")


def _set_date(page, label: str, year: int, month: int, day: int) -> None:
    """Type into the date field's year, month and day segments, then leave the field."""
    for part, value in (("year", f"{year:04d}"), ("month", f"{month:02d}"),
                        ("day", f"{day:02d}")):
        segment = page.get_by_role("spinbutton", name=f"{part}, {label}")
        segment.click()
        page.keyboard.type(value)
    page.keyboard.press("Tab")


def _sign_in(page) -> None:
    user = page.get_by_label("用户名", exact=True)
    user.wait_for(timeout=60_000)
    user.fill(USERNAME)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def _week_page(browser, url: str):
    """A signed-in page of the served app, the roster page by weeks."""
    page = browser.new_page(viewport={"width": 1600, "height": 1100}, locale="zh-CN")
    page.goto(url, wait_until="domcontentloaded")
    _sign_in(page)
    page.get_by_text("按周", exact=True).click()
    page.get_by_role("button", name="开始排班").wait_for(timeout=60_000)
    return page


def _solve_week(page, year: int, month: int, day: int) -> None:
    """Start a 10 s, 2-worker solve of the week from the given Monday."""
    _set_date(page, "开始日期", year, month, day)
    _set_number(page, "求解时限（秒）", "10")
    _set_number(page, "并行线程", "2")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="开始排班").click()


def _assert_no_streamlit_english(page) -> None:
    """Streamlit's own English is hidden or replaced (ui/zh_widgets.py, .streamlit/):
    no Deploy button or English menu, the uploader's drop zone and button in Chinese."""
    page.get_by_text("上传填好的模板").first.wait_for(timeout=30_000)
    for english in ("Deploy", "Drag and drop file here", "200MB per file", "Browse files"):
        shown = page.get_by_text(english, exact=False)
        assert all(not shown.nth(i).is_visible() for i in range(shown.count())), english
    zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    assert not zone.locator("button [data-testid=stMarkdownContainer]").first.is_visible()
    button = zone.locator("span[data-has-shortcut]").first
    assert button.evaluate("e => getComputedStyle(e, '::after').content") == '"选择文件"'
    drop = zone.locator('[data-testid="stFileUploaderDropzoneInstructions"] > div').first
    assert drop.evaluate("e => getComputedStyle(e, '::before').content") == '"将文件拖放到此处"'
    body = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "200MB" not in body or "per file" not in body


def test_one_week_solve_in_a_real_browser(served_app, tmp_path):
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = _week_page(browser, served_app)
            solve = page.get_by_role("button", name="开始排班")
            _assert_no_streamlit_english(page)
            _solve_week(page, 2026, 9, 28)  # National Day week: holidays marked

            grid = page.locator("#roster-grid")
            grid.wait_for(state="visible", timeout=SOLVE_TIMEOUT_MS)
            assert grid.locator("tbody tr").count() > 40  # 46 staff plus group rows
            assert grid.locator("td.cell").count() >= 46 * 7
            headers = grid.locator("thead th").all_inner_texts()
            assert any(h.startswith("1\n四") and "国庆" in h for h in headers), headers
            assert page.get_by_text("排班 2026-09-28 至 2026-10-04").first.is_visible()
            assert page.locator('[data-testid="stException"]').count() == 0

            shot = tmp_path / "app_roster.png"
            page.screenshot(path=str(shot))
            _record(shot)
            assert shot.stat().st_size > 20_000

            page.get_by_role("tab", name="覆盖").click()
            heat = page.locator("#coverage-grid")
            heat.wait_for(state="visible", timeout=30_000)
            shot = tmp_path / "app_coverage.png"
            heat.screenshot(path=str(shot))
            _record(shot)

            # the week of W039's outreach (12-08..12-10): the heat map shows the gaps in red
            _set_date(page, "开始日期", 2026, 12, 7)
            page.wait_for_timeout(500)
            solve.click()
            page.get_by_text("排班 2026-12-07 至 2026-12-13").first.wait_for(
                timeout=SOLVE_TIMEOUT_MS)
            heat.wait_for(state="visible", timeout=30_000)
            page.wait_for_timeout(1000)
            shot = tmp_path / "app_coverage_gaps.png"
            heat.screenshot(path=str(shot))
            _record(shot)

            page.get_by_text("情景", exact=True).first.click()
            page.get_by_text("36 个月总金额").first.wait_for(timeout=30_000)
            _settled(page)
            page.get_by_text("加载情景文件").click()
            _settled(page)
            pick = page.locator(".st-key-scn_pick").get_by_role("combobox")
            option = page.get_by_role("option", name="视光科增加一人")
            for _attempt in range(3):  # the expander's rerun may close a list opened too early
                pick.click()
                pick.fill("视光科")
                try:
                    option.wait_for(state="visible", timeout=5_000)
                    break
                except sync_api.TimeoutError:
                    page.keyboard.press("Escape")
                    page.wait_for_timeout(1_000)
            option.click(timeout=10_000)
            _settled(page)
            page.get_by_role("button", name="加载所选情景").click()
            page.get_by_text("¥318,718.68").first.wait_for(timeout=30_000)  # + one optometrist
            page.get_by_role("heading", name="情景与费用").scroll_into_view_if_needed()
            page.wait_for_timeout(1000)
            shot = tmp_path / "app_scenarios.png"
            page.screenshot(path=str(shot))
            _record(shot)
            assert page.locator('[data-testid="stException"]').count() == 0
            _assert_tables_in_chinese(page)
            print(f"截图：{tmp_path}")
        finally:
            browser.close()


def _assert_tables_in_chinese(page) -> None:
    """A table's toolbar, its tooltips and its column menu speak Chinese
    (ui/zh_widgets.TABLE_WORDS)."""
    page.get_by_text("人员与资质", exact=True).first.click()
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for(timeout=30_000)
    _settled(page)
    table.hover()
    buttons = page.locator('[data-testid="stElementToolbar"] button')
    buttons.first.wait_for(timeout=10_000)
    labels = [buttons.nth(i).get_attribute("aria-label") for i in range(buttons.count())]
    assert labels == ["显示/隐藏列", "下载为 CSV 文件", "搜索", "全屏"], labels
    buttons.first.hover()
    tip = page.locator('[data-testid="stTooltipContent"]').first
    tip.wait_for(timeout=10_000)
    assert tip.inner_text() == "显示/隐藏列"
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 140, box["y"] + 17)  # the 性别 header's menu button
    menu = page.locator('[data-testid="stDataFrameColumnMenu"]')
    menu.wait_for(timeout=10_000)
    text = menu.inner_text()
    assert "升序排列" in text and "隐藏此列" in text and "Sort" not in text, text


def _settled(page) -> None:
    """Wait until the app's script has finished running (a click during a run may be lost)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
    page.wait_for_timeout(300)


def _visible_in_viewport(locator, width: int) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_a_month_edit_publish_and_print_in_a_real_browser(served_app, tmp_path):
    """A calendar month fits 1600 px with its hours column; a click on a cell chooses it for
    the edit panel; the change is checked, saved, published; the print view shows pages."""
    width = 1600
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": width, "height": 1000}, locale="zh-CN")
            page.goto(served_app, wait_until="domcontentloaded")
            _sign_in(page)
            solve = page.get_by_role("button", name="开始排班")
            solve.wait_for(timeout=60_000)
            _set_number(page, "求解时限（秒）", "20")
            _set_number(page, "并行线程", "2")
            page.wait_for_timeout(500)
            clicked = time.monotonic()
            solve.click()
            grid = page.locator("#roster-grid")
            grid.wait_for(state="visible", timeout=SOLVE_TIMEOUT_MS)
            shown_after = time.monotonic() - clicked
            headers = grid.locator("thead th")
            days = headers.count() - 2
            assert 28 <= days <= 31
            assert _visible_in_viewport(headers.last, width), "the hours column is on screen"
            assert _visible_in_viewport(headers.nth(days), width), "the last day is on screen"
            assert page.locator('[data-testid="stException"]').count() == 0
            shot = tmp_path / "app_month.png"
            page.screenshot(path=str(shot))
            _record(shot)

            _settled(page)
            cell = grid.locator("td.cell:not(.absent):not(.requested):not(:empty)").nth(5)
            person, day = cell.get_attribute("data-staff"), cell.get_attribute("data-day")
            chosen = page.get_by_text(f"{day}：现为").first
            for _attempt in range(5):  # the grid's click handler attaches once it has rendered
                cell.click()
                try:
                    chosen.wait_for(timeout=5_000)
                    break
                except sync_api.TimeoutError:
                    page.wait_for_timeout(1_000)
            chosen.wait_for(timeout=5_000)
            page.get_by_role("button", name="保存为草稿并开始修改").click()
            page.get_by_text("草稿，").first.wait_for(timeout=30_000)  # 排班库版本 N（草稿，……
            _settled(page)
            page.locator(".st-key-edit_panel").get_by_text("休息", exact=True).click()
            checked = time.monotonic()
            page.get_by_text("→ 休").first.wait_for(timeout=30_000)  # the change judged
            verdict = page.get_by_text("检查通过").or_(page.get_by_text("违反硬规则"))
            verdict.first.wait_for(timeout=30_000)
            check_s = time.monotonic() - checked
            shot = tmp_path / "app_edit.png"
            page.locator(".st-key-edit_panel").screenshot(path=str(shot))
            _record(shot)
            _settled(page)
            save = page.get_by_role("button", name="保存修改")
            if save.is_enabled():
                save.click()
                page.get_by_text("已保存为版本").first.wait_for(timeout=30_000)
                # the saved change outlined: the grid is redrawn after the message shows
                sync_api.expect(grid.locator("td.changed")).to_have_count(1, timeout=30_000)
            page.get_by_role("tab", name="版本").click()
            page.get_by_role("button", name="发布此草稿").click()
            page.get_by_text("已发布版本").first.wait_for(timeout=30_000)
            shot = tmp_path / "app_versions.png"
            page.screenshot(path=str(shot), full_page=True)
            _record(shot)

            page.get_by_role("tab", name="缺勤重排").click()  # the first person, sick on the 1st
            _settled(page)
            page.get_by_role("button", name="重排", exact=True).click()
            page.get_by_text("需要通知的改动").first.wait_for(timeout=SOLVE_TIMEOUT_MS)
            _settled(page)
            assert page.get_by_role("button", name="采用重排结果为当前排班").is_disabled()
            shot = tmp_path / "app_replan.png"
            page.screenshot(path=str(shot))
            _record(shot)
            for tab, name in (("覆盖", "app_month_coverage.png"), ("个人", "app_person.png")):
                page.get_by_role("tab", name=tab).click()
                _settled(page)
                shot = tmp_path / name
                page.screenshot(path=str(shot))
                _record(shot)
            page.get_by_role("tab", name="打印与下载").click()
            frame = page.frame_locator("iframe").last
            frame.locator("section.page").first.wait_for(timeout=30_000)
            assert frame.locator("section.page").count() == 3  # two weeks an A4 page
            assert frame.get_by_text("制表").count() == 1
            page.wait_for_timeout(1000)
            shot = tmp_path / "app_print.png"
            page.screenshot(path=str(shot), full_page=True)
            _record(shot)
            assert page.locator('[data-testid="stException"]').count() == 0
            print(f"点击到显示整月排班 {shown_after:.1f} 秒；修改检查 {check_s:.1f} 秒；"
                  f"人员 {person} 日期 {day}；截图：{tmp_path}")
        finally:
            browser.close()


def test_a_clinic_cancellation_uploaded_in_a_real_browser(served_app, tmp_path):
    """A week of January 2027 (the embedded 出诊表's month) solved; on the 缺勤重排 tab a
    停诊 file is uploaded: the needs it changes are listed and the re-plan runs."""
    changes = tmp_path / "停诊.csv"
    changes.write_text("医生,科室,日期,时段,诊室,变更\n何小玲,,2027-01-12,晚上,,停诊\n",
                       encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = _week_page(browser, served_app)
            _solve_week(page, 2027, 1, 11)
            page.get_by_text("排班 2027-01-11 至 2027-01-17").first.wait_for(
                timeout=SOLVE_TIMEOUT_MS)
            _settled(page)
            page.get_by_role("tab", name="缺勤重排").click()
            _settled(page)
            box = page.locator('[data-testid="stExpander"]').filter(has_text="医生停诊/加诊后重排")
            box.get_by_text("医生停诊/加诊后重排").click()
            box.locator('input[type="file"]').set_input_files(str(changes))
            page.get_by_text("1 条变更，需求变化").first.wait_for(timeout=30_000)
            assert page.get_by_text("夜诊班：1 人 → 0 人").count() >= 1
            _settled(page)
            page.get_by_role("button", name="按新的出诊重排").click()
            page.get_by_text("需要通知的改动").first.wait_for(timeout=SOLVE_TIMEOUT_MS)
            _settled(page)
            shot = tmp_path / "app_clinic_change.png"
            page.screenshot(path=str(shot), full_page=True)
            _record(shot)
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()
