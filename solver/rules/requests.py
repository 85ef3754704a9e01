"""Staff requests and requested (not yet approved) absences."""

from __future__ import annotations

from model.events import RequestKind
from model.rules import REQUESTED_ABSENCE, REQUESTS
from solver.context import BuildContext


def add_requests(ctx: BuildContext) -> None:
    """Day-off and shift wishes honoured unless it costs more than their weight
    (planner's rule)."""
    for request in ctx.data.requests:
        d = ctx.horizon.index(request.day)
        if d is None or request.weight == 0:
            continue
        if request.kind is RequestKind.DAY_OFF:
            lit = ctx.vars.work.get((request.staff_id, d))
            if lit is not None:
                ctx.count(REQUESTS, lit, request.weight)
            continue
        lit = ctx.vars.w.get((request.staff_id, d, request.shift or ""))
        if request.kind is RequestKind.SHIFT_UNWANTED:
            if lit is not None:
                ctx.count(REQUESTS, lit, request.weight)
        elif lit is None:
            ctx.count(REQUESTS, 1, request.weight)  # wanted shift impossible that day
        else:
            ctx.count(REQUESTS, 1 - lit, request.weight)


def add_requested_absences(ctx: BuildContext) -> None:
    """Requested (待批准) leave is granted unless coverage needs the person
    (planner's rule; approved leave is hard, see eligibility)."""
    for absence in ctx.data.absences:
        if not absence.requested:  # approved leave is hard, refused leave no absence
            continue
        for d, item in enumerate(ctx.horizon.days):
            if absence.covers(item.day):
                lit = ctx.vars.work.get((absence.staff_id, d))
                if lit is not None:
                    ctx.count(REQUESTED_ABSENCE, lit)
