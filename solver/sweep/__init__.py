"""Scenario sweeps: a grid of headcounts, fees and demand changes (scenarios/grids/*.yaml),
each point a `Scenario` applied to the base data and rostered, run on a local process pool
or a Ray cluster, gathered into one table (issue 5).

Results do not depend on the executor nor on the machine's load: every roster solve is
single-threaded with a fixed random seed and a *deterministic* time limit (CP-SAT's
`max_deterministic_time`, work units instead of seconds), and each scenario is split into
the groups of lines that share posts or trained staff (their rosters do not interact, so
the sum of the groups' objectives is the roster's objective). A wall-clock guard stops a
solve that runs far beyond its deterministic budget; such a row is marked, since it may not
be reproducible.

Executors: `process` (default) is a local `ProcessPoolExecutor` (spawned workers);
`ray` starts a local Ray instance with `workers` CPUs, or connects to a cluster at `address`
(whose nodes need this package installed: `pip install hospital-roster[ray]`); a Ray
instance the caller already started is used as is and left running.

Grid file (YAML):

    name: 验光与导诊人数
    base_scenario: ../management_fee_quote.yaml   # optional, relative to the grid file
    period: {start: 2027-03-01, weeks: 1}         # else the base scenario's, else one week
                                                  # from the contract's first Monday
    time_limit: 5        # deterministic seconds per scenario (CLI --time-limit overrides)
    seed: 0
    headcount: {OPT: [2, 3, 4], GUIDE: [3, 4]}    # one axis per line (line ids)
    headcount_delta: {EXAM: [-1, 0]}
    management_fee: [0, "6%"]                     # one axis: fee of every line ("*")
    unit_cost: {BEAUTY: [13000, 12000]}
    demand_scale: {OPT_REFRACT: [1.0, 1.5]}       # scale_target of the post's demand
    axes:                                         # explicit axes: any Scenario fields
      - name: 周六验光
        values:
          - {label: 不开, demand: [{post_id: OPT_REFRACT, demand: [...]}]}
          - {label: 照常}

Modules: `grid` (the grid file and its points), `point` (one point solved into its row),
`executors` (inline, process pool, Ray), `run` (a whole sweep), and the report writers
`table` (rows and CSV), `report_excel` (workbook with chart) and `chart` (PNG).
"""

from solver.sweep.chart import frontier_png
from solver.sweep.executors import EXECUTORS, ClusterError, ray_available
from solver.sweep.grid import (
    Grid,
    GridAxis,
    GridValue,
    SweepPoint,
    grid_from_dict,
    grid_points,
    load_grid,
)
from solver.sweep.point import ERROR, SweepRow, SweepSettings, solve_deterministic, solve_point
from solver.sweep.report_excel import sweep_workbook
from solver.sweep.run import SweepResult, run_sweep
from solver.sweep.table import sweep_csv, table_rows

__all__ = [
    "ERROR", "EXECUTORS", "ClusterError", "Grid", "GridAxis", "GridValue", "SweepPoint",
    "SweepResult", "SweepRow", "SweepSettings", "frontier_png", "grid_from_dict", "grid_points",
    "load_grid", "ray_available", "run_sweep", "solve_deterministic", "solve_point", "sweep_csv",
    "sweep_workbook", "table_rows",
]
