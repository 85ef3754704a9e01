"""Shared test helpers: every solved roster is re-checked by the independent checker."""

from __future__ import annotations

from datetime import date

import pytest

from model.dataset import DataSet
from model.roster import RosterResult
from solver.check import evaluate
from solver.solve import SolveOptions, solve_roster


def solve_checked(data: DataSet, start: date, days: int, **options) -> RosterResult:
    """Solve, then assert the checker finds no hard violation and the same objective."""
    opts = SolveOptions(time_limit_s=options.pop("time_limit_s", 20), workers=options.pop(
        "workers", 2), **options)
    result = solve_roster(data, start, days, opts)
    assert result.status.has_roster, (result.status, result.conflicts)
    evaluation = evaluate(data, start, days, list(result.assignments), result.training)
    assert evaluation.violations == [], evaluation.violations
    assert evaluation.objective == result.objective, (evaluation.penalties, result.objective)
    return result


@pytest.fixture
def checked():
    return solve_checked


@pytest.fixture(autouse=True)
def _isolated_roster_store(tmp_path_factory, monkeypatch):
    """Commands that read the roster store never see a developer's own store file."""
    store = tmp_path_factory.mktemp("store") / "roster.db"
    monkeypatch.setenv("ROSTER_DB_URL", f"sqlite:///{store}")
