"""Check of the cells fixed by the planner (solver/rules/pins.py)."""

from __future__ import annotations

from solver.check.context import Breach, Context, staff_label


def check_pins(ctx: Context) -> list[Breach]:
    """pins: pinned cells worked as pinned, pinned days off free (planner's rule, hard)."""
    out = []
    for pin in ctx.data.pins:
        d = (pin.day - ctx.start).days
        staff = ctx.data.staff_by_id.get(pin.staff_id)
        if not 0 <= d < ctx.D or staff is None:
            continue
        works = [w for w in ctx.by_staff.get(pin.staff_id, ()) if w.d == d]
        who = f"{staff_label(staff)} {pin.day.isoformat()}"
        if pin.is_off and works:
            out.append(Breach(1, f"{who} 固定为休息，却排了 "
                                 + "、".join(f"{w.post.id} {w.shift.code} 班" for w in works),
                              staff.id, pin.day))
        elif not pin.is_off and not any(w.post.id == pin.post_id and w.shift.code == pin.shift
                                        for w in works):
            out.append(Breach(1, f"{who} 固定为 {pin.post_id} {pin.shift} 班，未按固定排班",
                              staff.id, pin.day))
    return out
