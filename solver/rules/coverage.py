"""Coverage of posts per day and shift, with the eye clinic's cover rule."""

from __future__ import annotations

from ortools.sat.python import cp_model

from model.posts import CoverRule, Post
from model.rules import COVER_ABSORB, COVERAGE_MIN, COVERAGE_TARGET
from solver.context import BuildContext


def assigned_expr(ctx: BuildContext, post_id: str, d: int, shift: str) -> cp_model.LinearExpr:
    cells = ctx.vars.counted_at(post_id, d, shift)
    return sum((ctx.vars.x[c] for c in cells), cp_model.LinearExpr.Sum([]))


def add_no_more_than_target(ctx: BuildContext) -> None:
    """No more vendor staff on a shift than its target minus the hospital's own supply
    (planner's rule: extra people are not paid for)."""
    for post in ctx.data.posts:
        for d, day in enumerate(ctx.horizon.days):
            for demand in post.demand:
                need = post.need_on(demand.shift, day.day, day.kind)
                room = max(0, need.target - demand.supply(day.kind))
                cells = ctx.vars.counted_at(post.id, d, demand.shift)
                if len(cells) > room:
                    ctx.model.add(assigned_expr(ctx, post.id, d, demand.shift) <= room)


def _absorbed_literal(ctx: BuildContext, post: Post, rule: CoverRule, d: int
                      ) -> cp_model.IntVar | None:
    """absorbed <-> nobody on the covered shift AND some absorber shift covered (exact)."""
    day, kind = ctx.horizon.days[d].day, ctx.horizon.days[d].kind
    covered = post.demand_for(rule.shift)
    if (covered is None or post.need_on(rule.shift, day, kind).target == 0
            or covered.supply(kind) > 0):
        return None
    absorber_demands = [post.demand_for(u) for u in rule.absorbers]
    by_hospital = any(dem is not None and dem.supply(kind) > 0 for dem in absorber_demands)
    absorber_cells = [ctx.vars.x[c] for u in rule.absorbers
                      for c in ctx.vars.counted_at(post.id, d, u)]
    if not by_hospital and not absorber_cells:
        return None
    own = [ctx.vars.x[c] for c in ctx.vars.counted_at(post.id, d, rule.shift)]
    absorbed = ctx.model.new_bool_var(f"absorb_{post.id}_{d}_{rule.shift}")
    if by_hospital:
        ctx.model.add_bool_and([lit.Not() for lit in own]).OnlyEnforceIf(absorbed)
        ctx.model.add_bool_or([*own, absorbed])
        return absorbed
    # absorbed -> nobody on own shift, and at least one absorber cell worked
    ctx.model.add_bool_and([lit.Not() for lit in own]).OnlyEnforceIf(absorbed)
    ctx.model.add_bool_or(absorber_cells).OnlyEnforceIf(absorbed)
    # not absorbed -> someone on own shift, or no absorber cell worked
    for cell in absorber_cells:
        ctx.model.add_bool_or([*own, absorbed]).OnlyEnforceIf(cell)
    return absorbed


def add_coverage(ctx: BuildContext) -> None:
    """Minimum and target staffing per post, day and shift after the hospital's own supply;
    a shortfall is a listed gap, never a failed solve (seed 004 顶岗补位制; attachment 28)."""
    absorbed_at: dict[tuple[str, int, str], cp_model.IntVar] = {}
    for rule in ctx.data.cover_rules:
        post = ctx.data.post_by_id[rule.post_id]
        for d in range(ctx.horizon.n):
            lit = _absorbed_literal(ctx, post, rule, d)
            if lit is not None:
                absorbed_at[(post.id, d, rule.shift)] = lit
                ctx.count(COVER_ABSORB, lit)
    for post in ctx.data.posts:
        for d, day in enumerate(ctx.horizon.days):
            for demand in post.demand:
                need = post.need_on(demand.shift, day.day, day.kind)
                if need.target == 0:
                    continue
                supply = demand.supply(day.kind)
                effective = assigned_expr(ctx, post.id, d, demand.shift) + supply
                absorbed = absorbed_at.get((post.id, d, demand.shift))
                if absorbed is not None:
                    effective += absorbed
                key = f"{post.id}_{d}_{demand.shift}"
                if need.min > supply:
                    short = ctx.exact_max0(f"short_{key}", need.min - effective, need.min)
                    ctx.count(COVERAGE_MIN, short)
                if need.target > supply:
                    short_t = ctx.exact_max0(f"tshort_{key}", need.target - effective,
                                             need.target)
                    ctx.count(COVERAGE_TARGET, short_t)
    ctx.absorbed_at.update(absorbed_at)
