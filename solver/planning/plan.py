"""The cheapest headcount per line: every component of the planning data solved in turn."""

from __future__ import annotations

import time
from decimal import Decimal

from model.dataset import DataSet
from model.money import format_yuan
from solver.horizon import Horizon
from solver.planning.component import component_size, nothing_needed, solve_component
from solver.planning.data import PlanningOptions, line_components, planning_data
from solver.planning.report import component_result, line_plan, plan_result
from solver.planning.result import ComponentSolve, LinePlan, PlanResult


def plan_headcount(data: DataSet, options: PlanningOptions | None = None) -> PlanResult:
    """The cheapest headcount per chosen line covering the representative period's demand."""
    options = options or PlanningOptions()
    started = time.monotonic()
    start = options.start_for(data)
    base = planning_data(data, options.lines, options.allow_borrowing, start)
    horizon = Horizon.of(base.calendar, start, options.n_days)
    components = line_components(base)
    components.sort(key=lambda ids: (component_size(base, horizon, ids), ids))
    plans: dict[str, LinePlan] = {}
    solves: list[ComponentSolve] = []
    for index, line_ids in enumerate(components):
        remaining = options.time_limit_s - (time.monotonic() - started)
        budget = max(1.0, remaining / (len(components) - index))
        t0 = time.monotonic()
        sub = planning_data(base, line_ids, options.allow_borrowing)
        if component_size(sub, horizon, line_ids) == 0:
            outcome, rounds = nothing_needed(sub, horizon), 0
        else:
            outcome, rounds = solve_component(sub, horizon, line_ids, options, budget)
        solve = component_result(outcome, line_ids, rounds, time.monotonic() - t0)
        solves.append(solve)
        for line_id in line_ids:
            plans[line_id] = line_plan(data, outcome, line_id, line_ids, options)
        if options.on_progress is not None:
            names = "、".join(line_ids)
            cost = "—" if solve.cost_fen is None else format_yuan(Decimal(solve.cost_fen) / 100)
            options.on_progress(f"[{index + 1}/{len(components)}] {names}：{solve.status.label}，"
                                f"成本 {cost}，用时 {solve.wall_time_s:.1f} 秒")
    ordered = tuple(plans[line.id] for line in base.lines)
    return plan_result(data, options, horizon, ordered, tuple(solves),
                       time.monotonic() - started)
