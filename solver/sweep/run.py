"""A whole sweep: the base data and settings of a grid, its points on an executor, the result."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import Field

from model.base import Frozen
from model.contract import next_monday
from model.dataset import DataSet
from solver.sweep.executors import EXECUTORS, RowFn, run_inline, run_process, run_ray
from solver.sweep.grid import (
    DEFAULT_PERIOD_WEEKS,
    DEFAULT_TIME_LIMIT,
    Grid,
    grid_points,
)
from solver.sweep.point import SweepRow, SweepSettings


class SweepResult(Frozen):
    grid_name: str
    rows: tuple[SweepRow, ...]
    executor: str
    workers: int
    start: date
    weeks: int
    time_limit: float
    seed: int
    contract_months: int = Field(description="The contract's length in months")
    wall_time_s: float

    def frontier(self) -> tuple[int, ...]:
        """Indices of the rows on the cost/gaps trade-off frontier (no other row has fewer
        or equal gaps at lower or equal monthly cost, one of them strictly)."""
        solved = [r for r in self.rows if r.ok and r.gaps is not None
                  and r.monthly_cost is not None]
        out = []
        for row in solved:
            dominated = any(
                o.gaps <= row.gaps and o.monthly_cost <= row.monthly_cost  # type: ignore[operator]
                and (o.gaps < row.gaps or o.monthly_cost < row.monthly_cost)  # type: ignore[operator]
                for o in solved)
            if not dominated:
                out.append(row.index)
        return tuple(out)


def effective_settings(grid: Grid, base_scenario_period: Any = None,
                       time_limit: float | None = None, *,
                       default_start: date | None = None) -> SweepSettings:
    """The grid's period, else its base scenario's, else DEFAULT_PERIOD_WEEKS weeks from
    `default_start` (else from the next Monday)."""
    period = grid.period or base_scenario_period
    return SweepSettings(
        start=period.start if period else default_start or next_monday(),
        weeks=period.weeks if period else DEFAULT_PERIOD_WEEKS,
        time_limit=time_limit or grid.time_limit or DEFAULT_TIME_LIMIT, seed=grid.seed)


def sweep_base(data: DataSet, grid: Grid) -> tuple[DataSet, Any]:
    """The data every point starts from: `data` with the grid's base scenario, if any, and
    that scenario's period."""
    if not grid.base_scenario:
        return data, None
    from model.scenario import apply_scenario, load_scenario

    path = Path(grid.folder or ".") / grid.base_scenario
    scenario = load_scenario(path, data)
    return apply_scenario(data, scenario, file=str(path)), scenario.period


def run_sweep(data: DataSet, grid: Grid, *, executor: str = "process", workers: int = 2,
              address: str | None = None, time_limit: float | None = None,
              on_row: RowFn | None = None) -> SweepResult:
    """Solve every grid point; rows in grid order whichever executor ran them."""
    if executor not in EXECUTORS:
        raise ValueError(f"未知执行方式 {executor!r}（可选：{'、'.join(EXECUTORS)}）")
    started = time.monotonic()
    base, period = sweep_base(data, grid)
    settings = effective_settings(grid, period, time_limit,
                                  default_start=data.contract.period_start())
    points = grid_points(grid)
    if executor == "inline":
        rows = run_inline(base, points, settings, on_row)
    elif executor == "process":
        rows = run_process(base, points, settings, max(1, workers), on_row)
    else:
        rows = run_ray(base, points, settings, max(1, workers), address, on_row)
    rows.sort(key=lambda r: r.index)
    return SweepResult(grid_name=grid.name, rows=tuple(rows), executor=executor,
                       workers=workers, start=settings.start, weeks=settings.weeks,
                       time_limit=settings.time_limit, seed=settings.seed,
                       contract_months=data.contract.months,
                       wall_time_s=round(time.monotonic() - started, 3))
