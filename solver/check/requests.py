"""Checks of staff requests and requested absences (solver/rules/requests.py)."""

from __future__ import annotations

from model.events import RequestKind
from solver.check.context import Breach, Context, staff_label


def check_requests(ctx: Context) -> list[Breach]:
    """requests: sum of the weights of broken requests (planner's rule)."""
    out = []
    for req in ctx.data.requests:
        d = (req.day - ctx.start).days
        staff = ctx.data.staff_by_id.get(req.staff_id)
        if not 0 <= d < ctx.D or staff is None:
            continue
        shifts = [w.shift.code for w in ctx.by_staff.get(req.staff_id, ()) if w.d == d]
        if req.kind is RequestKind.DAY_OFF:
            broken = bool(shifts)
        elif req.kind is RequestKind.SHIFT_WANTED:
            broken = req.shift not in shifts
        else:
            broken = req.shift in shifts
        if broken:
            wish = req.kind.value + (f" {req.shift} 班" if req.shift else "")
            out.append(Breach(req.weight, f"{staff_label(staff)} {req.day.isoformat()} "
                                          f"请求“{wish}”未满足", staff.id, req.day))
    return out


def check_requested_absence(ctx: Context) -> list[Breach]:
    """requested_absence: days of requested (待批准) absences worked (planner's rule)."""
    out = []
    for absence in ctx.data.absences:
        staff = ctx.data.staff_by_id.get(absence.staff_id)
        if not absence.requested or staff is None:
            continue
        for d in sorted(ctx.worked_days(staff.id)):
            if absence.covers(ctx.cal[d].day):
                out.append(Breach(1, f"{staff_label(staff)} {ctx.cal[d].day.isoformat()} "
                                     f"申请了{absence.kind.value}（待批准）却被排班",
                                  staff.id, ctx.cal[d].day))
    return out
