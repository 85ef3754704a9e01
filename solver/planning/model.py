"""The planning layer over the roster model: hire/keep booleans, overtime limits, costs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ortools.sat.python import cp_model

from model.calendar import DayKind
from model.hours import calendar_weeks, period_windows, standard_minutes
from model.rules import (
    COVERAGE_MIN,
    MAX_CONSECUTIVE,
    MAX_DAILY_OVERTIME,
    MAX_MONTHLY_OVERTIME,
    MAX_NIGHTS,
    MAX_SHIFT_LENGTH,
    MIN_REST,
    NO_DAY_AFTER_NIGHT,
    OVERTIME_PAY,
    WEEKLY_REST,
)
from model.staff import Staff
from solver.build import BuiltModel

#: Legal and safety rules that stay in force (hard) or, if a user made them soft, are priced
#: at their weight (fen-equivalents) in the cost stage. Overtime pay is the cost itself.
LEGAL_RULES = (MIN_REST, NO_DAY_AFTER_NIGHT, MAX_CONSECUTIVE, WEEKLY_REST, MAX_SHIFT_LENGTH,
               MAX_DAILY_OVERTIME, MAX_MONTHLY_OVERTIME, MAX_NIGHTS)


@dataclass
class PlanVars:
    active: dict[str, cp_model.IntVar]
    current: dict[str, list[str]]
    templates: dict[str, list[str]]
    gaps: cp_model.LinearExpr
    contract_fen: cp_model.LinearExpr
    overtime_fen: cp_model.LinearExpr
    penalties: cp_model.LinearExpr
    changes: cp_model.LinearExpr
    k: int
    prices_fen: dict[str, int] = field(default_factory=dict)

    @property
    def cost(self) -> cp_model.LinearExpr:
        return self.contract_fen + self.overtime_fen + self.penalties


def price_fen(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def add_planning(built: BuiltModel, templates: dict[str, list[str]], *,
                 allow_overtime: bool) -> PlanVars:
    """Hire/keep booleans linked to the cells, avoidable overtime forbidden unless allowed,
    symmetry among identical candidates broken, and the cost terms."""
    ctx = built.ctx
    data, model = ctx.data, built.model
    template_ids = {m for ids in templates.values() for m in ids}
    current: dict[str, list[str]] = defaultdict(list)
    active: dict[str, cp_model.IntVar] = {}
    for member in data.vendor_staff():
        kind = "hired" if member.id in template_ids else "kept"
        active[member.id] = model.new_bool_var(f"{kind}_{member.id}")
        if member.id not in template_ids:
            current[member.line_id].append(member.id)
    for (staff_id, _d), lit in ctx.vars.work.items():
        model.add_implication(lit, active[staff_id])  # every cell x <= work <= active
    if not allow_overtime:
        _forbid_avoidable_overtime(built)
    _break_symmetry(built, active, current, templates)
    prices = {line.id: price_fen(line.unit_price) for line in data.lines}
    contract = sum((prices[m.line_id] * active[m.id] for m in data.vendor_staff()),
                   cp_model.LinearExpr.Sum([]))
    overtime = (built.rule_expr(OVERTIME_PAY) if OVERTIME_PAY in ctx.counts
                else cp_model.LinearExpr.Sum([]))
    changes = (sum((1 - active[m] for ids in current.values() for m in ids),
                   cp_model.LinearExpr.Sum([]))
               + sum((active[m] for m in template_ids), cp_model.LinearExpr.Sum([])))
    return PlanVars(active=active, current=dict(current), templates=templates,
                    gaps=built.rule_expr(COVERAGE_MIN), contract_fen=contract,
                    overtime_fen=overtime, penalties=built.weighted(LEGAL_RULES),
                    changes=changes, k=len(active) + 1, prices_fen=prices)


def _forbid_avoidable_overtime(built: BuiltModel) -> None:
    """标准工时: regular minutes (non-holiday shifts, up to 8 h each) of every week within its
    standard hours, no 200 % overtime; 综合计算工时: non-holiday minutes of every approved
    period within its standard (prorated to the horizon), no 150 % period overtime
    (RULES.md, hours and overtime)."""
    ctx = built.ctx
    days = ctx.horizon.days
    shifts = ctx.data.shift_by_code
    standard = ctx.data.contract.working_time
    daily = standard.daily_minutes
    weeks = calendar_weeks(days)
    for member in ctx.data.vendor_staff():
        period = member.period
        if period is None:
            groups = [(indices, standard_minutes(days, indices, standard.weekly_hours))
                      for indices in weeks]
        else:
            groups = [(list(w.indices), w.allowance)
                      for w in period_windows(days, period, standard, 0)]
        cap = daily if period is None else None
        for indices, std in groups:
            terms = [_regular(shifts[t].minutes, cap) * lit
                     for d in indices if days[d].kind is not DayKind.HOLIDAY
                     for t, lit in ctx.vars.shifts_of(member.id, d)]
            if not terms:
                continue
            upper = sum(max(_regular(shifts[t].minutes, cap)
                            for t, _ in ctx.vars.shifts_of(member.id, d))
                        for d in indices if days[d].kind is not DayKind.HOLIDAY
                        and ctx.vars.shifts_of(member.id, d))
            if upper > std:
                built.model.add(sum(terms) <= std)


def _regular(minutes: int, daily_cap: int | None) -> int:
    """The minutes of a shift that count against the period's standard."""
    return minutes if daily_cap is None else min(minutes, daily_cap)


def _break_symmetry(built: BuiltModel, active: dict[str, cp_model.IntVar],
                    current: dict[str, list[str]], templates: dict[str, list[str]]) -> None:
    """Identical templates are hired in order; of current members with the same cells and
    regime, the longest-serving are kept first (last in, first out)."""
    model = built.model
    for ids in templates.values():
        for a, b in zip(ids, ids[1:], strict=False):
            model.add(active[a] >= active[b])
    cells: dict[str, set[tuple[int, str, str]]] = defaultdict(set)
    for staff_id, d, post_id, shift in built.ctx.vars.x:
        cells[staff_id].add((d, post_id, shift))
    by_id = built.ctx.data.staff_by_id
    for ids in current.values():
        classes: dict[tuple, list[Staff]] = defaultdict(list)
        for staff_id in ids:
            member = by_id[staff_id]
            classes[(member.regime, frozenset(cells[staff_id]))].append(member)
        for members in classes.values():
            members.sort(key=lambda m: (m.hire_date, m.id))
            for first, second in zip(members, members[1:], strict=False):
                model.add(active[first.id] >= active[second.id])
