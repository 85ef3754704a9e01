"""Planning mode: the cheapest headcount per service line that covers the demand of a
representative period under every hard rule (issue 5).

How it works, per group of lines that share posts (a *component*; lines are independent
otherwise, so each component is its own, much smaller, model):

1. The planning data keeps the chosen lines, their posts and staff; events tied to real dates
   (absences, requests, pins, the previous roster's tail) are dropped, because the period is
   representative, not a roster to publish. Borrowing across lines is off unless asked for:
   the contract prices each line per head, so a line's demand is covered by its own staff.
2. Candidates: every current member (a boolean ``kept``) plus optional *template members*
   of the line (a boolean ``hired``), created as the planned hires (待招聘) of
   `model.scenario.apply_scenario`, meeting the line's requirements and trained before the
   period starts. The roster model is `solver.build.build_model` on that data, unchanged:
   every hard rule holds for every candidate; a candidate may work only if active
   (``work[m, d] <= active[m]``, i.e. every cell ``x <= active``).
3. Without ``allow_overtime`` no overtime that hiring could avoid is allowed: the regular
   hours of each week (standard regime) or month (comprehensive) stay within the standard
   hours, so no 200 % minutes. Work on statutory holidays (300 %) and the part of a shift
   beyond 8 h (150 %) come with the demand itself and stay allowed and costed.
4. Two lexicographic stages: first the fewest uncovered required shifts (coverage_min; 0
   whenever the candidates can cover the demand), then, with that fixed, the lowest
   ``monthly contract cost (fen) + overtime pay (fen)``, ties broken by the fewest changes
   to today's staff (objective = K x cost + changes, K > max changes, so the cost bound is
   ``floor(bound / K)``).
5. If a line hired every template, the optimum may need more: the templates are doubled and
   the component solved again.

The representative period stands for one month of service (one service unit = one person
for a full month, seed 000 note 2): its overtime pay is added to the monthly fees as is.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ortools.sat.python import cp_model
from pydantic import Field

from model.base import Frozen
from model.calendar import DayKind
from model.cost import CONTRACT_MONTHS, format_yuan
from model.dataset import DataSet
from model.hours import STANDARD_DAY_MINUTES, calendar_months, calendar_weeks, standard_minutes
from model.roster import Assignment, SolveStatus
from model.rules import (
    COVERAGE_MIN,
    MAX_CONSECUTIVE,
    MAX_DAILY_OVERTIME,
    MAX_MONTHLY_OVERTIME,
    MAX_NIGHTS,
    MIN_REST,
    NO_DAY_AFTER_NIGHT,
    OVERTIME_PAY,
    WEEKLY_HOURS,
    WEEKLY_REST,
)
from model.staff import Certificate, Employment, HoursRegime, Staff
from solver.build import BuiltModel, build_model
from solver.check import Evaluation, evaluate
from solver.horizon import Horizon
from solver.solution import assignments_from_solution
from solver.solve import configure_workers
from solver.status import map_status

#: Default representative period: four weeks from Monday 2026-09-28, covering National Day
#: 2026 (statutory holidays 10-01..10-03, in-lieu days 10-04..10-07, make-up day 10-10).
DEFAULT_START = date(2026, 9, 28)
DEFAULT_WEEKS = 4

#: Legal and safety rules that stay in force (hard) or, if a user made them soft, are priced
#: at their weight (fen-equivalents) in the cost stage. Overtime pay is the cost itself.
LEGAL_RULES = (MIN_REST, NO_DAY_AFTER_NIGHT, MAX_CONSECUTIVE, WEEKLY_REST, MAX_DAILY_OVERTIME,
               MAX_MONTHLY_OVERTIME, MAX_NIGHTS)

#: Share of a component's time budget the coverage stage may use (it usually needs far less:
#: it stops at the first roster without gaps, 0 being its trivial bound).
COVERAGE_STAGE_SHARE = 0.5

ProgressFn = Callable[[str], None]


@dataclass(frozen=True)
class PlanningOptions:
    start: date = DEFAULT_START
    n_days: int = DEFAULT_WEEKS * 7
    #: line ids to plan; empty = every line
    lines: tuple[str, ...] = ()
    allow_overtime: bool = False
    #: let trained staff of one line cover another line's posts (off: each line on its own)
    allow_borrowing: bool = False
    time_limit_s: float = 60.0
    workers: int = 2
    seed: int = 0
    #: how often a component is solved again with doubled templates when it hired them all
    max_rounds: int = 3
    on_progress: ProgressFn | None = None


class LinePlan(Frozen):
    """The answer for one service line."""

    line_id: str
    name: str
    headcount_today: int = Field(description="合同人数（单项服务数量）")
    staff_today: int = Field(description="现有外包人员")
    optimum: int = Field(description="最低成本人数")
    kept: tuple[str, ...] = Field((), description="留用的现有人员工号")
    released: tuple[str, ...] = Field((), description="可减少的现有人员工号")
    hired: int = Field(0, description="需新招人数")
    unit_price: Decimal = Field(description="成本预算 + 管理费，每人每月")
    monthly_fee_today: Decimal
    monthly_fee_optimum: Decimal
    monthly_delta: Decimal = Field(description="最优 - 现状；负数为节省")
    contract_delta: Decimal = Field(description="月差额 x 36")
    overtime_hours: float = 0.0
    overtime_150_hours: float = 0.0
    overtime_200_hours: float = 0.0
    overtime_300_hours: float = 0.0
    overtime_cost: Decimal = Decimal(0)
    gaps: int = Field(0, description="仍无法覆盖的最低需求（人次）")
    peak_need: int = 0
    peak_days: tuple[date, ...] = ()
    workload_bound: int = Field(0, description="最忙一周（综合工时：一个月）的人数下界")
    workload_text: str = Field("", description="该下界的说明")
    full_days: tuple[date, ...] = Field((), description="解中全员在岗的日子")
    shared_with: tuple[str, ...] = Field((), description="共用岗位、一起求解的其他项目")
    saturated: bool = Field(False, description="候选人已全部招用：最优人数可能更多")
    binding: tuple[str, ...] = Field((), description="人数的约束原因（中文）")
    status: SolveStatus


class ComponentSolve(Frozen):
    """One group of lines solved together."""

    lines: tuple[str, ...]
    status: SolveStatus
    gaps: int | None = None
    gaps_proven: bool = False
    cost_fen: int | None = None
    bound_fen: int | None = None
    rounds: int = 1
    templates: dict[str, int] = Field(default_factory=dict)
    wall_time_s: float = 0.0
    violations: tuple[str, ...] = ()


class PlanResult(Frozen):
    start: date
    end: date
    allow_overtime: bool
    allow_borrowing: bool
    status: SolveStatus
    lines: tuple[LinePlan, ...]
    components: tuple[ComponentSolve, ...]
    headcount_today: int
    headcount_optimum: int
    monthly_today: Decimal
    monthly_optimum: Decimal = Field(description="最优人数的月服务费（不含加班费）")
    monthly_delta: Decimal
    contract_delta: Decimal
    overtime_cost: Decimal
    cost_fen: int | None = Field(None, description="目标：月服务费 + 加班费（分）")
    bound_fen: int | None = Field(None, description="已证明的下界（分）")
    gap_pct: float | None = None
    wall_time_s: float
    notes: tuple[str, ...] = ()

    @property
    def proven(self) -> bool:
        return self.status is SolveStatus.OPTIMAL


# ---------------------------------------------------------------------------------------
# Planning data
# ---------------------------------------------------------------------------------------

def planning_data(data: DataSet, lines: tuple[str, ...] | set[str] = (),
                  allow_borrowing: bool = False, start: date | None = None) -> DataSet:
    """The chosen lines with their posts (restricted to those lines) and staff; dated events
    dropped; borrowing only between chosen lines, and only if allowed. With `start`, current
    staff count as trained by then (the period is representative: someone who joins later
    is still part of today's headcount)."""
    chosen = set(lines) if lines else {line.id for line in data.lines}
    unknown = sorted(chosen - set(data.line_by_id))
    if unknown:
        raise ValueError(f"未知服务项目：{', '.join(unknown)}")
    posts = [post.model_copy(update={"lines": tuple(x for x in post.lines if x in chosen)})
             for post in data.posts if set(post.lines) & chosen]
    post_ids = {post.id for post in posts}
    staff = [member.model_copy(update={
        "skills": tuple(s for s in member.skills if s in post_ids) if allow_borrowing else (),
        "hire_date": _trained_by(data, member, start)})
        for member in data.staff if member.line_id in chosen]
    return data.with_changes(
        lines=tuple(line for line in data.lines if line.id in chosen),
        posts=tuple(posts), staff=tuple(staff),
        cover_rules=tuple(rule for rule in data.cover_rules if rule.post_id in post_ids),
        absences=(), requests=(), pins=(), tails=())


def _trained_by(data: DataSet, member: Staff, start: date | None) -> date:
    if start is None:
        return member.hire_date
    training = data.line_by_id[member.line_id].requirements.training_days
    return max(member.birth_date, min(member.hire_date, start - timedelta(days=training)))


def line_components(data: DataSet) -> list[tuple[str, ...]]:
    """Groups of lines linked by a shared post or (if present) a staff skill, in data order."""
    parent = {line.id: line.id for line in data.lines}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for post in data.posts:
        for other in post.lines[1:]:
            join(post.lines[0], other)
    for member in data.staff:
        for skill in member.skills:
            post = data.post_by_id[skill]
            if post.lines:
                join(member.line_id, post.lines[0])
    groups: dict[str, list[str]] = defaultdict(list)
    for line in data.lines:
        groups[find(line.id)].append(line.id)
    return [tuple(ids) for ids in groups.values()]


def _scope_posts(data: DataSet, line_ids: set[str]):
    return [post for post in data.posts if set(post.lines) & line_ids]


def _vendor_need(data: DataSet, horizon: Horizon, line_ids: set[str]
                 ) -> tuple[list[int], list[list[str]]]:
    """Per day: vendor people needed at the posts of these lines (min - hospital supply),
    and what makes up that number."""
    need = [0] * horizon.n
    detail: list[list[str]] = [[] for _ in range(horizon.n)]
    for post in _scope_posts(data, line_ids):
        for demand in post.demand:
            for d, day in enumerate(horizon.days):
                people = max(0, demand.need(day.kind).min - demand.supply(day.kind))
                if people:
                    need[d] += people
                    detail[d].append(f"{post.name} {demand.shift}班 {people} 人")
    return need, detail


def workload_bound(data: DataSet, horizon: Horizon, line_ids: set[str],
                   allow_overtime: bool) -> tuple[int, str]:
    """A lower bound on the people needed from the busiest week (or month, for the
    comprehensive regime) and the sentence that explains it: each person works at most one
    shift a day, rests `weekly_rest_day` days in a full week, and without overtime works
    regular (non-holiday) shifts only within the standard hours."""
    rest_rule = data.rules[WEEKLY_REST]
    rest = rest_rule.int_value() if rest_rule.hard and rest_rule.value else 0
    weekly_hours = data.rules[WEEKLY_HOURS].value or 40
    members = [m for m in data.vendor_staff() if m.line_id in line_ids]
    comprehensive = bool(members) and all(m.regime is HoursRegime.COMPREHENSIVE
                                          for m in members)
    one_regime = comprehensive or all(m.regime is HoursRegime.STANDARD for m in members)
    groups = (list(calendar_months(horizon.days).values()) if comprehensive
              else calendar_weeks(horizon.days))
    posts = _scope_posts(data, line_ids)
    best, text = 0, ""
    for indices in groups:
        total = regular = 0
        shortest: int | None = None
        for post in posts:
            for demand in post.demand:
                minutes = min(data.shift_by_code[demand.shift].minutes, STANDARD_DAY_MINUTES)
                for d in indices:
                    kind = horizon.days[d].kind
                    people = max(0, demand.need(kind).min - demand.supply(kind))
                    total += people
                    if people and kind is not DayKind.HOLIDAY:
                        regular += people
                        shortest = minutes if shortest is None else min(shortest, minutes)
        if total == 0:
            continue
        full_week = not comprehensive and len(indices) == 7
        cap = len(indices) - (rest if full_week else 0)
        bound = math.ceil(total / max(cap, 1))
        why = f"每人最多上 {cap} 天" + (f"（每周至少休息 {rest} 天）" if full_week and rest else "")
        if not allow_overtime and one_regime and regular and shortest:
            std = standard_minutes(horizon.days, indices, weekly_hours)
            per = std // shortest
            if per > 0 and math.ceil(regular / per) > bound:
                bound = math.ceil(regular / per)
                why = (f"不加班时每人正常工时不超过标准工时 {std / 60:g} 小时，"
                       f"最多 {per} 个 {shortest / 60:g} 小时的班")
        if bound > best:
            first, last = horizon.date(indices[0]), horizon.date(indices[-1])
            unit = "这个月" if comprehensive else "这一周"
            holiday = total - regular
            best = bound
            text = (f"{first.month}月{first.day}日至{last.month}月{last.day}日{unit}"
                    f"共需 {total} 人次"
                    + (f"（其中法定节假日 {holiday} 人次）" if holiday else "")
                    + f"，{why}，至少需要 {bound} 人。")
    return best, text


def initial_templates(data: DataSet, horizon: Horizon, line_id: str) -> int:
    """Template members to offer a line at first: enough for its peak day with five working
    days in seven and a margin, beyond the staff it has (at least one, to test hiring)."""
    need, _detail = _vendor_need(data, horizon, {line_id})
    peak = max(need, default=0)
    if peak == 0:
        return 0
    staff = sum(1 for s in data.staff if s.line_id == line_id)
    return max(1, math.ceil(peak * 7 / 5) + 1 - staff)


def with_templates(data: DataSet, start: date, n_days: int, templates: dict[str, int]
                   ) -> tuple[DataSet, dict[str, list[str]]]:
    """`data` plus `templates[line]` planned hires per line (model.scenario's 待招聘 members,
    trained before `start`), each also holding the certificates its line's posts require."""
    from model.scenario import Period, Scenario, apply_scenario

    counts = defaultdict(int)
    for member in data.staff:
        counts[member.line_id] += 1
    scenario = Scenario(
        name="规划候选人员", period=Period(start=start, weeks=max(1, math.ceil(n_days / 7))),
        headcount={line.id: counts[line.id] + templates.get(line.id, 0) for line in data.lines})
    extended = apply_scenario(data, scenario)
    existing = {member.id for member in data.staff}
    by_line: dict[str, list[str]] = defaultdict(list)
    staff = []
    for member in extended.staff:
        if member.id not in existing:
            member = _with_post_certificates(extended, member)
            by_line[member.line_id].append(member.id)
        staff.append(member)
    lines = tuple(line.model_copy(update={"headcount": counts[line.id]})
                  for line in extended.lines)
    return extended.with_changes(staff=tuple(staff), lines=lines), dict(by_line)


def _with_post_certificates(data: DataSet, member: Staff) -> Staff:
    held = {cert.type_id for cert in member.certificates}
    missing = sorted({cert for post in data.posts if member.line_id in post.lines
                      for cert in post.required_certificates} - held)
    if not missing:
        return member
    extra = tuple(Certificate(type_id=cert, number="待提供") for cert in missing)
    return member.model_copy(update={"certificates": (*member.certificates, *extra)})


# ---------------------------------------------------------------------------------------
# The planning layer over the roster model
# ---------------------------------------------------------------------------------------

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
        active[member.id] = model.NewBoolVar(f"{kind}_{member.id}")
        if member.id not in template_ids:
            current[member.line_id].append(member.id)
    for (staff_id, _d), lit in ctx.vars.work.items():
        model.AddImplication(lit, active[staff_id])  # every cell x <= work <= active
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
    """Regular minutes (non-holiday shifts, up to 8 h each) of every week (standard regime)
    or month (comprehensive regime) within its standard hours: no 200 % overtime
    (RULES.md, hours and overtime)."""
    ctx = built.ctx
    days = ctx.horizon.days
    shifts = ctx.data.shift_by_code
    weekly_hours = ctx.rule(WEEKLY_HOURS).value or 40
    weeks = calendar_weeks(days)
    months = list(calendar_months(days).values())
    for member in ctx.data.vendor_staff():
        groups = months if member.regime is HoursRegime.COMPREHENSIVE else weeks
        for indices in groups:
            terms = [min(shifts[t].minutes, STANDARD_DAY_MINUTES) * lit
                     for d in indices if days[d].kind is not DayKind.HOLIDAY
                     for t, lit in ctx.vars.shifts_of(member.id, d)]
            if not terms:
                continue
            std = standard_minutes(days, indices, weekly_hours)
            upper = sum(max(min(shifts[t].minutes, STANDARD_DAY_MINUTES)
                            for t, _ in ctx.vars.shifts_of(member.id, d))
                        for d in indices if days[d].kind is not DayKind.HOLIDAY
                        and ctx.vars.shifts_of(member.id, d))
            if upper > std:
                built.model.Add(sum(terms) <= std)


def _break_symmetry(built: BuiltModel, active: dict[str, cp_model.IntVar],
                    current: dict[str, list[str]], templates: dict[str, list[str]]) -> None:
    """Identical templates are hired in order; of current members with the same cells and
    regime, the longest-serving are kept first (last in, first out)."""
    model = built.model
    for ids in templates.values():
        for a, b in zip(ids, ids[1:], strict=False):
            model.Add(active[a] >= active[b])
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
            for a, b in zip(members, members[1:], strict=False):
                model.Add(active[a.id] >= active[b.id])


# ---------------------------------------------------------------------------------------
# Solving one component
# ---------------------------------------------------------------------------------------

@dataclass
class _Outcome:
    status: SolveStatus
    data: DataSet
    horizon: Horizon
    plan: PlanVars | None = None
    active: dict[str, bool] = field(default_factory=dict)
    assignments: list[Assignment] = field(default_factory=list)
    gaps: int | None = None
    gaps_proven: bool = False
    cost_fen: int | None = None
    bound_fen: int | None = None
    templates: dict[str, int] = field(default_factory=dict)
    _evaluation: Evaluation | None = None

    def evaluation(self) -> Evaluation | None:
        """The independent checker's view of the solution (hours, overtime, gaps)."""
        if self._evaluation is None and self.status.has_roster and self.plan is not None:
            self._evaluation = evaluate(self.data, self.horizon.start, self.horizon.n,
                                        self.assignments)
        return self._evaluation


def _solver(options: PlanningOptions, seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, seconds)
    configure_workers(solver.parameters, options.workers)
    solver.parameters.random_seed = options.seed
    return solver


def _solve_once(data: DataSet, horizon: Horizon, templates: dict[str, int],
                options: PlanningOptions, budget: float) -> _Outcome:
    started = time.monotonic()
    candidates, template_ids = with_templates(data, horizon.start, horizon.n, templates)
    built = build_model(candidates, horizon)
    plan = add_planning(built, template_ids, allow_overtime=options.allow_overtime)
    model = built.model
    outcome = _Outcome(status=SolveStatus.UNKNOWN, data=candidates, horizon=horizon,
                       plan=plan, templates=dict(templates))
    # Stage 1: fewest uncovered required shifts.
    for lit in plan.active.values():
        model.AddHint(lit, 1)
    model.Minimize(plan.gaps)
    solver = _solver(options, budget * COVERAGE_STAGE_SHARE)
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        outcome.status = map_status(status)
        return outcome
    gaps = int(round(solver.Value(plan.gaps)))  # the returned solution's, not ObjectiveValue()
    outcome.gaps_proven = status == cp_model.OPTIMAL
    model.Add(plan.gaps <= gaps)
    model.ClearHints()
    for var in (*built.ctx.vars.x.values(), *plan.active.values()):
        model.AddHint(var, solver.Value(var))
    # Stage 2: lowest cost, then fewest changes.
    model.Minimize(plan.k * plan.cost + plan.changes)
    remaining = budget - (time.monotonic() - started)
    solver = _solver(options, remaining)
    status = solver.Solve(model)
    outcome.status = map_status(status)
    if not outcome.status.has_roster:
        return outcome
    if not outcome.gaps_proven and outcome.status is SolveStatus.OPTIMAL:
        outcome.status = SolveStatus.FEASIBLE  # optimal for a gap count not proven minimal
    outcome.gaps = int(round(solver.Value(plan.gaps)))
    outcome.cost_fen = int(round(solver.Value(plan.cost)))
    outcome.bound_fen = (outcome.cost_fen if status == cp_model.OPTIMAL
                         else math.floor(solver.BestObjectiveBound() / plan.k))
    outcome.active = {m: bool(solver.Value(lit)) for m, lit in plan.active.items()}
    outcome.assignments = assignments_from_solution(built, solver)
    return outcome


def _solve_component(data: DataSet, horizon: Horizon, lines: tuple[str, ...],
                     options: PlanningOptions, budget: float) -> tuple[_Outcome, int]:
    started = time.monotonic()
    templates = {line_id: initial_templates(data, horizon, line_id) for line_id in lines}
    rounds = 0
    outcome: _Outcome | None = None
    while True:
        rounds += 1
        remaining = budget - (time.monotonic() - started)
        outcome = _solve_once(data, horizon, templates, options, max(remaining, 1.0))
        if not outcome.status.has_roster or rounds >= options.max_rounds:
            break
        assert outcome.plan is not None
        full = [line_id for line_id, ids in outcome.plan.templates.items()
                if ids and all(outcome.active[m] for m in ids)]
        if not full or time.monotonic() - started > budget * 0.8:
            break
        for line_id in full:
            templates[line_id] = 2 * templates[line_id] + 1
    return outcome, rounds


# ---------------------------------------------------------------------------------------
# The answer
# ---------------------------------------------------------------------------------------

def plan_headcount(data: DataSet, options: PlanningOptions | None = None) -> PlanResult:
    """The cheapest headcount per chosen line covering the representative period's demand."""
    options = options or PlanningOptions()
    started = time.monotonic()
    base = planning_data(data, options.lines, options.allow_borrowing, options.start)
    horizon = Horizon.of(base.calendar, options.start, options.n_days)
    components = line_components(base)
    components.sort(key=lambda ids: (_size(base, horizon, ids), ids))
    plans: dict[str, LinePlan] = {}
    solves: list[ComponentSolve] = []
    for index, line_ids in enumerate(components):
        remaining = options.time_limit_s - (time.monotonic() - started)
        budget = max(1.0, remaining / (len(components) - index))
        t0 = time.monotonic()
        sub = planning_data(base, line_ids, options.allow_borrowing)
        if _size(sub, horizon, line_ids) == 0:
            outcome, rounds = _nothing_needed(sub, horizon), 0
        else:
            outcome, rounds = _solve_component(sub, horizon, line_ids, options, budget)
        solve = _component_result(outcome, line_ids, rounds, time.monotonic() - t0)
        solves.append(solve)
        for line_id in line_ids:
            plans[line_id] = _line_plan(data, outcome, line_id, line_ids, options)
        if options.on_progress is not None:
            names = "、".join(line_ids)
            cost = "—" if solve.cost_fen is None else format_yuan(Decimal(solve.cost_fen) / 100)
            options.on_progress(f"[{index + 1}/{len(components)}] {names}：{solve.status.label}，"
                                f"成本 {cost}，用时 {solve.wall_time_s:.1f} 秒")
    ordered = tuple(plans[line.id] for line in base.lines)
    return _result(data, options, horizon, ordered, tuple(solves),
                   time.monotonic() - started)


def _size(data: DataSet, horizon: Horizon, line_ids: tuple[str, ...]) -> int:
    need, _detail = _vendor_need(data, horizon, set(line_ids))
    return sum(need)


def _nothing_needed(data: DataSet, horizon: Horizon) -> _Outcome:
    return _Outcome(status=SolveStatus.OPTIMAL, data=data, horizon=horizon, gaps=0,
                    gaps_proven=True, cost_fen=0, bound_fen=0)


def _component_result(outcome: _Outcome, line_ids: tuple[str, ...], rounds: int,
                      wall: float) -> ComponentSolve:
    evaluation = outcome.evaluation()
    violations = tuple(v.message for v in evaluation.violations) if evaluation else ()
    return ComponentSolve(lines=line_ids, status=outcome.status, gaps=outcome.gaps,
                          gaps_proven=outcome.gaps_proven, cost_fen=outcome.cost_fen,
                          bound_fen=outcome.bound_fen, rounds=rounds,
                          templates=outcome.templates, wall_time_s=round(wall, 3),
                          violations=violations)


def _line_plan(original: DataSet, outcome: _Outcome, line_id: str,
               component: tuple[str, ...], options: PlanningOptions) -> LinePlan:
    line = original.line_by_id[line_id]
    data, horizon = outcome.data, outcome.horizon
    vendor = [m for m in original.staff if m.line_id == line_id
              and m.employment is Employment.VENDOR]
    plan = outcome.plan
    if plan is None and outcome.status.has_roster:  # nothing needed: release everyone
        kept: list[str] = []
        hired = 0
    elif plan is None:
        kept, hired = [m.id for m in vendor], 0
    else:
        kept = [m for m in plan.current.get(line_id, []) if outcome.active.get(m)]
        hired = sum(1 for m in plan.templates.get(line_id, []) if outcome.active.get(m))
    has_answer = outcome.status.has_roster
    optimum = len(kept) + hired if has_answer else line.headcount
    released = tuple(m.id for m in vendor if m.id not in kept) if has_answer else ()
    members = set(kept) | ({m for m in plan.templates.get(line_id, [])
                            if outcome.active.get(m)} if plan else set())
    summary = _overtime_of(outcome, members)
    gaps = _line_gaps(outcome, line_id)
    scope = set(component) if _shares_posts(data, component) else {line_id}
    need, detail = _vendor_need(data, horizon, scope)
    peak = max(need, default=0)
    peak_days = tuple(horizon.date(d) for d, n in enumerate(need) if n == peak and peak > 0)
    bound, bound_text = workload_bound(data, horizon, scope, options.allow_overtime)
    scope_members = _active_members(outcome, scope)
    full_days = _full_days(outcome, scope_members)
    delta = (optimum - line.headcount) * line.unit_price
    saturated = bool(plan and plan.templates.get(line_id)
                     and all(outcome.active.get(m) for m in plan.templates[line_id]))
    result = LinePlan(
        line_id=line_id, name=line.name, headcount_today=line.headcount,
        staff_today=len(vendor), optimum=optimum, kept=tuple(kept), released=released,
        hired=hired, unit_price=line.unit_price, monthly_fee_today=line.monthly_fee,
        monthly_fee_optimum=optimum * line.unit_price, monthly_delta=delta,
        contract_delta=delta * CONTRACT_MONTHS, gaps=gaps, peak_need=peak,
        peak_days=peak_days, workload_bound=bound, workload_text=bound_text,
        full_days=full_days,
        shared_with=tuple(x for x in component if x != line_id and x in scope),
        saturated=saturated, status=outcome.status, **summary)
    return result.model_copy(update={"binding": _binding(result, horizon, need, detail,
                                                          len(scope_members), scope,
                                                          options)})


def _shares_posts(data: DataSet, component: tuple[str, ...]) -> bool:
    return any(len(set(post.lines) & set(component)) > 1 for post in data.posts)


def _active_members(outcome: _Outcome, scope: set[str]) -> set[str]:
    data = outcome.data
    return {m for m, on in outcome.active.items() if on and data.staff_by_id[m].line_id in scope}


def _overtime_of(outcome: _Outcome, members: set[str]) -> dict[str, object]:
    evaluation = outcome.evaluation()
    if evaluation is None:
        return {}
    rows = [s for s in evaluation.staff_summary if s.staff_id in members]
    cost = sum((Decimal(str(s.overtime_cost)) for s in rows), Decimal(0))
    return {"overtime_hours": round(sum(s.overtime_hours for s in rows), 2),
            "overtime_150_hours": round(sum(s.overtime_150_hours for s in rows), 2),
            "overtime_200_hours": round(sum(s.overtime_200_hours for s in rows), 2),
            "overtime_300_hours": round(sum(s.overtime_300_hours for s in rows), 2),
            "overtime_cost": cost.quantize(Decimal("0.01"))}


def _line_gaps(outcome: _Outcome, line_id: str) -> int:
    evaluation = outcome.evaluation()
    if evaluation is None:
        return 0
    posts = outcome.data.post_by_id
    return sum(missing for _day, post_id, _shift, missing in evaluation.gaps_raw
               if posts[post_id].lines and posts[post_id].lines[0] == line_id)


def _full_days(outcome: _Outcome, members: set[str]) -> tuple[date, ...]:
    if not members:
        return ()
    working: dict[date, set[str]] = defaultdict(set)
    for a in outcome.assignments:
        if a.staff_id in members:
            working[a.day].add(a.staff_id)
    return tuple(sorted(day for day, who in working.items() if len(who) == len(members)))


def _dates(days: tuple[date, ...] | list[date], limit: int = 6) -> str:
    shown = "、".join(f"{d.month}月{d.day}日" for d in days[:limit])
    return shown + (f" 等 {len(days)} 天" if len(days) > limit else "")


def _binding(plan: LinePlan, horizon: Horizon, need: list[int], detail: list[list[str]],
             scope_count: int, scope: set[str], options: PlanningOptions) -> tuple[str, ...]:
    """Why the optimum is what it is, in Chinese, from the demand and the solution."""
    out: list[str] = []
    if not plan.status.has_roster:
        return (f"求解未得到结果（{plan.status.label}），人数按现状列出。",)
    together = (f"（与 {'、'.join(plan.shared_with)} 共用岗位，按合计计算）"
                if plan.shared_with else "")
    if plan.peak_need == 0:
        out.append("代表期内该项目岗位没有最低在岗需求，无需人员。")
        return tuple(out)
    first_peak = horizon.index(plan.peak_days[0])
    assert first_peak is not None
    out.append(f"最忙的日子需要 {plan.peak_need} 人同时在岗{together}："
               f"{_dates(plan.peak_days)}（{'；'.join(detail[first_peak])}）。")
    if scope_count <= plan.peak_need:
        out.append(f"人数由最忙的日子决定：这些天全部 {scope_count} 人都必须在岗。")
    elif scope_count <= plan.workload_bound:
        out.append(f"人数由最忙的时段决定：{plan.workload_text}")
    else:
        out.append(f"峰值只需 {plan.peak_need} 人，最忙时段的下界为 {plan.workload_bound} 人；"
                   f"每周休息、最多连续工作天数、两班间休息、夜班上限"
                   f"{'与标准工时' if not options.allow_overtime else '与加班上限'}等硬规则"
                   f"合起来使得需要 {scope_count} 人。")
    if plan.full_days:
        out.append(f"解中全员在岗的日子：{_dates(plan.full_days)}。")
    if plan.overtime_hours > 0:
        out.append(f"依赖加班 {plan.overtime_hours:g} 小时"
                   f"（法定节假日 {plan.overtime_300_hours:g}、"
                   f"休息日及超时 {plan.overtime_200_hours:g}、延时 {plan.overtime_150_hours:g}），"
                   f"代表期加班费 {format_yuan(plan.overtime_cost)}。")
    if plan.gaps:
        out.append(f"仍有 {plan.gaps} 人次最低需求无法覆盖（与人数无关的硬规则或资质限制）。")
    if plan.saturated:
        out.append("候选的待招聘人员已全部用上：实际最优人数可能更多，请加长求解时间后重试。")
    return tuple(out)


def _result(data: DataSet, options: PlanningOptions, horizon: Horizon,
            lines: tuple[LinePlan, ...], solves: tuple[ComponentSolve, ...],
            wall: float) -> PlanResult:
    statuses = {s.status for s in solves}
    if not solves or statuses == {SolveStatus.OPTIMAL}:
        status = SolveStatus.OPTIMAL
    elif all(s.status.has_roster for s in solves):
        status = SolveStatus.FEASIBLE
    elif SolveStatus.INFEASIBLE in statuses:
        status = SolveStatus.INFEASIBLE
    else:
        status = SolveStatus.UNKNOWN
    answered = all(s.cost_fen is not None for s in solves)
    cost = sum(s.cost_fen or 0 for s in solves) if answered else None
    bound = sum(s.bound_fen or 0 for s in solves) if answered else None
    gap_pct = (None if cost is None or bound is None else
               0.0 if cost == bound else round(100.0 * (cost - bound) / max(cost, 1), 3))
    today = sum((p.monthly_fee_today for p in lines), Decimal(0))
    optimum = sum((p.monthly_fee_optimum for p in lines), Decimal(0))
    notes = ["代表期按无请假、无个人请求、无固定排班计算，现有人员均视为已完成岗前培训；"
             "各项目的岗位由本项目人员承担"
             + ("（允许已培训人员跨项目借调）。" if options.allow_borrowing
                else "（不跨项目借调）。"),
             "加班费为代表期（视作一个月）的金额；法定节假日上班按 300% 计，属需求本身。"]
    if not options.allow_overtime:
        notes.append("未允许加班：每周（综合工时为每月）正常工时不超过标准工时，不产生 200% 加班。")
    for solve in solves:
        for message in solve.violations:
            notes.append(f"独立核对发现问题（{'、'.join(solve.lines)}）：{message}")
    return PlanResult(
        start=horizon.start, end=horizon.end, allow_overtime=options.allow_overtime,
        allow_borrowing=options.allow_borrowing, status=status, lines=lines,
        components=solves, headcount_today=sum(p.headcount_today for p in lines),
        headcount_optimum=sum(p.optimum for p in lines), monthly_today=today,
        monthly_optimum=optimum, monthly_delta=optimum - today,
        contract_delta=(optimum - today) * CONTRACT_MONTHS,
        overtime_cost=sum((p.overtime_cost for p in lines), Decimal(0)),
        cost_fen=cost, bound_fen=bound, gap_pct=gap_pct, wall_time_s=round(wall, 3),
        notes=tuple(notes))

