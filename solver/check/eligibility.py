"""Checks of cell eligibility (the model side is solver/eligibility.py)."""

from __future__ import annotations

from model.posts import Post
from model.qualification import borrowed_problem
from model.staff import Employment, Staff
from solver.check.context import Breach, Context, work_label


def cell_problems(ctx: Context, staff: Staff, post: Post, shift: str, d: int) -> list[str]:
    """Why staff may not work (post, shift) on day index d; empty = eligible (RULES.md 1-7;
    an own post in pre-duty training is eligible, under the shadowing rule)."""
    day, kind = ctx.cal[d].day, ctx.cal[d].kind
    out: list[str] = []
    demand = post.demand_for(shift)
    if demand is None and shift in post.shifts:  # demanded by date (RULES.md dated demand)
        if not post.dated_open(shift, day):
            out.append(f"该岗位 {shift} 班在 {day.isoformat()} 没有按日期的需求（或目标为 0 且"
                       f"不允许超员）")
    elif demand is None:
        out.append(f"{shift} 不是该岗位的班次")
    elif post.need_on(shift, day, kind).target <= 0:
        out.append(f"该岗位 {shift} 班在{kind.label}不需要人（目标为 0）")
    own = staff.line_id in post.lines
    if not own and post.id not in staff.skills:
        out.append("非本项目岗位且未经培训")
    for cert in post.required_certificates:
        held = [c for c in staff.certificates if c.type_id == cert]
        if not held:
            out.append(f"缺少证书 {cert}")
        elif not any(c.valid_on(day) for c in held):
            expired = max(c.expires_on for c in held if c.expires_on is not None)
            out.append(f"证书 {cert} 已于 {expired.isoformat()} 过期")
    if day < staff.hire_date:
        out.append(f"早于入职日期 {staff.hire_date.isoformat()}")
    elif not own and post.id in staff.skills:
        # a borrowed person meets the requirements of one of the post's lines (RULES.md 7)
        problem = borrowed_problem(ctx.data, staff, post, day)
        if problem is not None:
            out.append(problem)
    absence = ctx.approved_absence_days.get(staff.id, {}).get(day)
    if absence is not None:
        out.append(f"已批准的{absence}")
    if staff.employment is not Employment.VENDOR:
        out.append("院方人员不参与外包排班")
    return out


def check_eligibility(ctx: Context) -> list[Breach]:
    """eligibility: every assigned cell may be used (RULES.md eligibility; always hard)."""
    out = list(ctx.unresolved)
    for w in ctx.works:
        problems = cell_problems(ctx, w.staff, w.post, w.shift.code, w.d)
        if problems:
            out.append(Breach(1, f"{work_label(w)}不可排：" + "；".join(problems),
                              w.staff.id, w.day))
    return out
