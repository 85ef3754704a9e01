"""Composition root: variables, then every rule family in a fixed order, then the
objective terms per rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from ortools.sat.python import cp_model

from model.dataset import DataSet
from model.rules import (
    BORROWED_POST,
    COVER_ABSORB,
    COVERAGE_MIN,
    COVERAGE_TARGET,
    DATED_COVER_OVER,
    DATED_COVER_UNDER,
    FAIR_HOLIDAYS,
    FAIR_NIGHTS,
    FAIR_WEEKENDS,
    FORBIDDEN_SUCCESSION,
    MAX_CONSECUTIVE,
    MAX_DAILY_OVERTIME,
    MAX_MONTHLY_OVERTIME,
    MAX_NIGHTS,
    MAX_SHIFT_LENGTH,
    MIN_REST,
    NO_DAY_AFTER_NIGHT,
    OVERTIME_PAY,
    REQUESTED_ABSENCE,
    REQUESTS,
    SHADOWING,
    STABLE_PATTERN,
    STAFF_MAX_CONSECUTIVE,
    STAFF_MAX_MINUTES,
    STAFF_MAX_SHIFTS,
    STAFF_MAX_WEEKENDS,
    STAFF_MIN_CONSECUTIVE,
    STAFF_MIN_DAYS_OFF,
    STAFF_MIN_MINUTES,
    TRAINING_MANDATORY,
    TRAINING_QUARTERLY,
    WEEKLY_REST,
)
from solver.context import BuildContext
from solver.horizon import Horizon
from solver.rules.borrowing import add_borrowing
from solver.rules.contract import (
    add_staff_max_consecutive,
    add_staff_max_shifts,
    add_staff_max_weekends,
    add_staff_min_consecutive,
    add_staff_min_days_off,
    add_staff_minutes,
)
from solver.rules.coverage import add_coverage, add_no_more_than_target
from solver.rules.dated_cover import add_dated_cover
from solver.rules.fairness import add_fairness
from solver.rules.nights import add_max_nights
from solver.rules.patterns import add_stable_pattern
from solver.rules.pins import PinLiteral, add_pins
from solver.rules.requests import add_requested_absences, add_requests
from solver.rules.rest import add_min_rest, add_no_day_after_night
from solver.rules.sequence import add_max_consecutive, add_weekly_rest
from solver.rules.shadowing import add_shadowing
from solver.rules.succession import add_forbidden_succession
from solver.rules.training import add_training
from solver.rules.working_time import add_working_time
from solver.variables import build_vars

#: Priority stages: each stage's optimum is fixed before the next is optimised, so that
#: no weight can trade a gap for a preference.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("覆盖", (COVERAGE_MIN, COVERAGE_TARGET, COVER_ABSORB, DATED_COVER_UNDER,
             DATED_COVER_OVER)),
    ("法定与安全", (MIN_REST, NO_DAY_AFTER_NIGHT, MAX_CONSECUTIVE, WEEKLY_REST,
                   MAX_SHIFT_LENGTH, MAX_DAILY_OVERTIME, MAX_MONTHLY_OVERTIME, MAX_NIGHTS,
                   OVERTIME_PAY,
                   FORBIDDEN_SUCCESSION, STAFF_MAX_SHIFTS, STAFF_MAX_MINUTES,
                   STAFF_MIN_MINUTES, STAFF_MAX_CONSECUTIVE, STAFF_MIN_CONSECUTIVE,
                   STAFF_MIN_DAYS_OFF, STAFF_MAX_WEEKENDS, TRAINING_QUARTERLY,
                   TRAINING_MANDATORY, SHADOWING)),
    ("公平", (FAIR_WEEKENDS, FAIR_NIGHTS, FAIR_HOLIDAYS)),
    ("请求与借调", (REQUESTS, REQUESTED_ABSENCE, BORROWED_POST, STABLE_PATTERN)),
)


@dataclass
class BuiltModel:
    ctx: BuildContext
    pins: list[PinLiteral]

    @property
    def model(self) -> cp_model.CpModel:
        return self.ctx.model

    def rule_expr(self, rule_id: str) -> cp_model.LinearExpr:
        """The rule's breach count as one linear expression."""
        terms = self.ctx.counts.get(rule_id, [])
        # a sum started from a LinearExpr stays one (the stubs type it as a wider union)
        return cast(cp_model.LinearExpr,
                    sum((coef * expr for coef, expr in terms), cp_model.LinearExpr.Sum([])))

    def weighted(self, rule_ids: tuple[str, ...]) -> cp_model.LinearExpr:
        total = cp_model.LinearExpr.Sum([])
        for rule_id in rule_ids:
            rule = self.ctx.data.rules[rule_id]
            if rule_id in self.ctx.counts and rule.weight:
                total += rule.weight * self.rule_expr(rule_id)
        return total

    def objective_expr(self) -> cp_model.LinearExpr:
        return self.weighted(tuple(rule_id for _name, ids in STAGES for rule_id in ids))


def build_model(data: DataSet, horizon: Horizon, *, explain: bool = False) -> BuiltModel:
    """Build the full roster model for the horizon."""
    model = cp_model.CpModel()
    ctx = BuildContext(model=model, data=data, horizon=horizon,
                       vars=build_vars(model, data, horizon), explain=explain)
    pins = add_pins(ctx)
    add_no_more_than_target(ctx)
    add_coverage(ctx)
    add_dated_cover(ctx)
    add_borrowing(ctx)
    if _active(ctx, SHADOWING):
        add_shadowing(ctx)
    if ctx.data.training_sessions:
        add_training(ctx)  # before the rest days and the hours: a training day is worked
    if _active(ctx, MIN_REST):
        add_min_rest(ctx)
    if _active(ctx, NO_DAY_AFTER_NIGHT):
        add_no_day_after_night(ctx)
    if _active(ctx, MAX_CONSECUTIVE):
        add_max_consecutive(ctx)
    if _active(ctx, WEEKLY_REST):
        add_weekly_rest(ctx)
    if _active(ctx, MAX_SHIFT_LENGTH, MAX_DAILY_OVERTIME, MAX_MONTHLY_OVERTIME, OVERTIME_PAY):
        add_working_time(ctx)
    if _active(ctx, MAX_NIGHTS):
        add_max_nights(ctx)
    if _active(ctx, FAIR_WEEKENDS, FAIR_NIGHTS, FAIR_HOLIDAYS):
        add_fairness(ctx)
    add_requests(ctx)
    add_requested_absences(ctx)
    add_forbidden_succession(ctx)
    add_staff_max_shifts(ctx)
    add_staff_minutes(ctx)
    add_staff_max_consecutive(ctx)
    add_staff_min_consecutive(ctx)
    add_staff_min_days_off(ctx)
    add_staff_max_weekends(ctx)
    if _active(ctx, STABLE_PATTERN):
        add_stable_pattern(ctx)
    built = BuiltModel(ctx=ctx, pins=pins)
    _forbid_hard_counts(built)
    return built


def _active(ctx: BuildContext, *rule_ids: str) -> bool:
    """A rule switched off in the data (soft with weight 0) changes nothing: skip building it."""
    return any(ctx.rule(r).hard or ctx.rule(r).weight > 0 for r in rule_ids)


def _forbid_hard_counts(built: BuiltModel) -> None:
    """A counted rule set to hard (e.g. requests) must have no breach; coverage_min stays
    elastic so that a shortfall never makes the solve fail."""
    for rule_id in built.ctx.counts:
        if rule_id != COVERAGE_MIN and built.ctx.data.rules[rule_id].hard:
            built.model.add(built.rule_expr(rule_id) == 0)
