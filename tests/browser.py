"""Headless Chromium for the end-to-end test: find it, or install it, or skip visibly.

Playwright cannot download its own browsers here, so the test drives the Debian package
`chromium` through `executable_path`. Without the font `fonts-wqy-microhei` Chinese renders
as boxes in screenshots, so it is installed alongside.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FONT_DIR = Path("/usr/share/fonts/truetype/wqy")
PACKAGES = ("chromium", "fonts-wqy-microhei")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
INSTALL_TIMEOUT_S = 900


def _install() -> str | None:
    """apt-get install the browser and the font; the reason it failed, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "不是 root，无法用 apt-get 安装 chromium"
    if shutil.which("apt-get") is None:
        return "没有 apt-get，无法安装 chromium"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update"], check=True, capture_output=True, env=env,
                       timeout=INSTALL_TIMEOUT_S)
        subprocess.run(["apt-get", "install", "-y", *PACKAGES], check=True,
                       capture_output=True, env=env, timeout=INSTALL_TIMEOUT_S)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        return f"apt-get install {' '.join(PACKAGES)} 失败：{exc} {detail[-400:]!r}"
    return None


def chromium_path() -> str:
    """Path of a usable Chromium; installs it when missing and we are root, else skips."""
    if not CHROMIUM.exists() or not FONT_DIR.exists():
        reason = _install()
        if reason is not None and not CHROMIUM.exists():
            pytest.skip(f"没有可用的浏览器：{reason}")
    if not CHROMIUM.exists():
        pytest.skip(f"安装后仍找不到 {CHROMIUM}")
    return str(CHROMIUM)


def launch(playwright):
    """A headless Chromium browser driven by Playwright."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                      args=LAUNCH_ARGS)
