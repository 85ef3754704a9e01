"""Lint and types are part of the suite, so CI runs them: ruff on the tree, mypy on the layers
below the user interface (model/, solver/, store/). Both are installed by the test extra."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPED = ["model", "solver", "store"]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def test_ruff_finds_nothing():
    out = _run("ruff", "check", ".")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_finds_nothing_below_the_ui():
    out = _run("mypy", *TYPED)
    assert out.returncode == 0, out.stdout + out.stderr
