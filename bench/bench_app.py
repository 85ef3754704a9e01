"""The app as a planner uses it, timed in a real browser: click to roster shown for one week
and for a calendar month (cache off), and click to an edit judged by the rules.

    python bench/bench_app.py [--repeats 3] [--time-limit 30]

Starts `streamlit run ui/app.py` with its own accounts file and store in a temporary
directory, drives headless Chromium with Playwright, prints each run and the spread.
Needs playwright and Debian's chromium (see tests/browser.py)."""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER, PASSWORD = "bench", "bench-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(tmp: Path) -> tuple[subprocess.Popen, str, dict]:
    env = {**os.environ, "ROSTER_ACCOUNTS": str(tmp / "accounts.yaml"),
           "ROSTER_DB_URL": f"sqlite:///{tmp / 'roster.db'}"}
    subprocess.run([sys.executable, "-m", "ui.cli", "user", "add", USER, "--role", "项目负责人"],
                   input=PASSWORD + "\n", text=True, env=env, cwd=ROOT, check=True,
                   capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(180):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return server, url, env
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("streamlit 未能启动")


def settled(page) -> None:
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)
    page.wait_for_timeout(300)


def sign_in(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_label("用户名", exact=True).fill(USER)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="开始排班").wait_for(timeout=60_000)
    settled(page)


def set_number(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    settled(page)


def timed_solve(page, expected: str) -> float:
    """Seconds from the click on 开始排班 to the grid of the expected period."""
    from playwright.sync_api import TimeoutError as Timeout

    stop = page.get_by_role("button", name="停止（保留目前最优排班）")
    started = time.monotonic()
    page.get_by_role("button", name="开始排班").click()
    try:  # the running job's panel (a fast solve may end before it is drawn)
        stop.wait_for(state="visible", timeout=3_000)
    except Timeout:
        pass
    stop.wait_for(state="hidden", timeout=600_000)
    page.get_by_text(expected).first.wait_for(timeout=600_000)
    page.locator("#roster-grid td.cell").first.wait_for(timeout=60_000)
    return time.monotonic() - started


def timed_edit(page) -> float:
    """Seconds from choosing 休息 for a worked cell to the change judged on screen."""
    panel = page.locator(".st-key-edit_panel")
    panel.get_by_text("改为", exact=True).click()
    settled(page)
    started = time.monotonic()
    panel.get_by_text("休息", exact=True).click()
    page.get_by_text("→ 休").first.wait_for(timeout=60_000)
    page.get_by_text("检查通过").or_(page.get_by_text("违反硬规则")).first.wait_for()
    return time.monotonic() - started


def spread(name: str, values: list[float]) -> None:
    text = "、".join(f"{v:.1f}" for v in values)
    print(f"{name}：{text} 秒（中位数 {statistics.median(values):.1f}，"
          f"最小 {min(values):.1f}，最大 {max(values):.1f}）")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server, url, _ = serve(Path(tmp))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                sign_in(page, url)
                set_number(page, "求解时限（秒）", f"{args.time_limit:g}")
                set_number(page, "并行线程", "2")
                page.get_by_text("相同输入用缓存结果").click()  # off: every click solves
                settled(page)
                months = [timed_solve(page, "排班 2026-12-01 至 2026-12-31")
                          for _ in range(args.repeats)]
                settled(page)
                cell = page.locator("#roster-grid td.cell:not(.absent):not(:empty)").nth(3)
                cell.click()
                settled(page)
                page.get_by_role("button", name="保存为草稿并开始修改").click()
                page.get_by_text("草稿，").first.wait_for(timeout=60_000)
                settled(page)
                edits = [timed_edit(page) for _ in range(args.repeats)]
                page.get_by_text("按周", exact=True).click()
                settled(page)
                weeks = []
                for _ in range(args.repeats):
                    weeks.append(timed_solve(page, "排班 2026-12-07 至 2026-12-13"))
                    settled(page)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"负载（1/5/15 分钟）：{os.getloadavg()}")
    spread("一周：点击到显示排班", weeks)
    spread("一个月（2026 年 12 月）：点击到显示排班", months)
    spread("修改一个格子：选择到检查结果显示", edits)


if __name__ == "__main__":
    main()
