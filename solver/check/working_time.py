"""Checks of shift length, overtime and its pay (solver/rules/working_time.py); hours:
check/context.py."""

from __future__ import annotations

from datetime import date

from model.hours import daily_overtime_minutes
from model.rules import MAX_DAILY_OVERTIME, MAX_MONTHLY_OVERTIME, MAX_SHIFT_LENGTH
from solver.check.context import Breach, Context, staff_label, work_label


def check_max_shift_length(ctx: Context) -> list[Breach]:
    """max_shift_hours: assignments whose shift is longer than value hours (any regime)."""
    cap = ctx.minutes_value(MAX_SHIFT_LENGTH)
    return [Breach(1, f"{work_label(w)} 班长 {w.minutes} 分钟，超过单班最长 {cap} 分钟",
                   w.staff.id, w.day)
            for w in ctx.works if w.minutes > cap]


def check_max_daily_overtime(ctx: Context) -> list[Breach]:
    """max_daily_overtime_hours: 标准工时 assignments with daily overtime > value (劳动法
    Art. 41); 综合计算工时 has no daily overtime."""
    cap = ctx.minutes_value(MAX_DAILY_OVERTIME)
    standard = ctx.data.contract.working_time
    out = []
    for w in ctx.works:
        training = ctx.training_minutes.get(w.staff.id, {}).get(w.d, 0)
        daily = daily_overtime_minutes(w.minutes + training, standard)
        if w.staff.period is None and daily > cap:
            more = f"（含培训 {training} 分钟）" if training else ""
            out.append(Breach(1, f"{work_label(w)} 当日加班 {daily} 分钟{more}，超过 {cap} 分钟",
                              w.staff.id, w.day))
    for staff_id, by_day in ctx.training_minutes.items():
        staff = ctx.data.staff_by_id.get(staff_id)
        for d, minutes in by_day.items():
            daily = daily_overtime_minutes(minutes, standard)
            if (staff is not None and staff.period is None and daily > cap
                    and d not in ctx.worked_days(staff_id)):
                out.append(Breach(1, f"{staff_label(staff)} {ctx.cal[d].day.isoformat()} 培训"
                                     f"当日加班 {daily} 分钟，超过 {cap} 分钟", staff_id,
                                  ctx.cal[d].day))
    return out


def check_max_monthly_overtime(ctx: Context) -> list[Breach]:
    """max_monthly_overtime_hours: overtime minutes above the cap per month, or per approved
    period (cap x its months) under 综合计算工时 (劳动法 Art. 41)."""
    cap = ctx.minutes_value(MAX_MONTHLY_OVERTIME)
    out = []
    for staff in ctx.people:
        hours = ctx.hours[staff.id]
        for (year, month), minutes in sorted(hours.month_overtime.items()):
            over = max(0, minutes - cap)
            out.append(Breach(over, f"{staff_label(staff)} {year} 年 {month} 月加班 {minutes} "
                                    f"分钟，超过上限 {over} 分钟", staff.id,
                              date(year, month, 1)))
        for window, minutes in hours.period_overtime:
            over = max(0, minutes - window.cap_minutes)
            out.append(Breach(over, f"{staff_label(staff)} {window.label()}综合计算加班 "
                                    f"{minutes} 分钟，超过上限 {over} 分钟", staff.id,
                              window.first))
    return out


def check_overtime_pay(ctx: Context) -> list[Breach]:
    """overtime_pay: fen of overtime pay at 150/200/300 % (劳动法 Art. 44)."""
    out = []
    for staff in ctx.people:
        h = ctx.hours[staff.id]
        out.append(Breach(h.pay_fen, f"{staff_label(staff)} 加班费 {h.pay_fen / 100:.2f} 元",
                          staff.id))
    return out
