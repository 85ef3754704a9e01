"""Planning mode: the cheapest headcount per line (solver/planning/), on tiny data with the
hand calculation in a comment, and on the embedded data for one line at a time."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from model.roster import SolveStatus
from solver.horizon import Horizon
from solver.planning import (
    PlanningOptions,
    line_components,
    plan_headcount,
    planning_data,
    workload_bound,
)
from solver.planning import component as planning
from tests.tiny import MONDAY, line, need, person, post, tiny

WORKDAYS = ("workday", "makeup")
MON_SAT = ("workday", "makeup", "saturday")
#: 2026-09-28 (Monday) .. 10-04: workdays 28-30, statutory holidays 10-01..03, in-lieu 10-04.
NATIONAL_DAY_WEEK = date(2026, 9, 28)


def _plan(data, start=MONDAY, days=7, **options):
    opts = PlanningOptions(start=start, n_days=days, time_limit_s=20, workers=1, **options)
    return plan_headcount(data, opts)


def _only(result):
    assert len(result.lines) == 1
    return result.lines[0]


def test_releases_staff_the_demand_does_not_need():
    # D (7 h) on Mon-Fri, 1 person: one person works 5 x 7 h = 35 h <= 40 h. 3 staff -> 1;
    # the longest-serving (equal hire dates: lowest id) is kept. Saving 2 x 6000 a month.
    data = tiny(posts=[post("P1", need("D", days=WORKDAYS))])
    result = _plan(data)
    plan = _only(result)
    assert result.status is SolveStatus.OPTIMAL and result.proven
    assert (plan.headcount_today, plan.optimum, plan.hired) == (3, 1, 0)
    assert plan.kept == ("S1",) and plan.released == ("S2", "S3")
    assert plan.monthly_delta == Decimal("-12000")
    assert plan.contract_delta == Decimal("-432000")
    assert result.cost_fen == result.bound_fen == 600_000
    assert plan.overtime_hours == 0
    assert any("全部 1 人都必须在岗" in s for s in plan.binding)
    assert all(not c.violations for c in result.components)


def test_hires_template_members_for_the_peak_day():
    # 2 people on D every workday, 1 staff: the peak day needs 2 -> hire 1 (+6000 a month).
    data = tiny(staff=[person("S1")],
                posts=[post("P1", need("D", minimum=2, days=WORKDAYS))])
    plan = _only(_plan(data))
    assert (plan.optimum, plan.hired, plan.released) == (2, 1, ())
    assert plan.monthly_delta == Decimal("6000")
    assert plan.peak_need == 2 and len(plan.peak_days) == 5
    assert any("最忙的日子" in s for s in plan.binding)


def test_no_avoidable_overtime_unless_allowed():
    # D (7 h) Mon-Sat, 1 person a day: one person would work 6 x 7 = 42 h > 40 h, i.e. 2 h at
    # 200 %. Without overtime: 2 people (the busiest week binds: 6 shifts, 5 each at most).
    # With overtime: 1 person + 2 h at 200 %: hourly wage 6000 x 0.6 / 21.75 / 8 = 20.69, so
    # 2 x 20.69 / 60 = 68.97 -> 69 fen a minute (RULES.md: rate per minute in fen, rounded);
    # 120 min x 69 fen = 82.80 yuan.
    data = tiny(posts=[post("P1", need("D", days=MON_SAT))])
    strict = _only(_plan(data))
    assert strict.optimum == 2 and strict.overtime_hours == 0
    assert strict.workload_bound == 2
    assert any("最忙的时段" in s and "这一周" in s and "最多 5 个 7 小时的班" in s
               for s in strict.binding)
    relaxed = _plan(data, allow_overtime=True)
    plan = _only(relaxed)
    assert plan.optimum == 1
    assert plan.overtime_200_hours == pytest.approx(2.0)
    assert plan.overtime_cost == Decimal("82.80")
    assert relaxed.cost_fen == 600_000 + 8280
    head = plan.overtime_reasons[0]
    assert head.startswith("加班 2 小时") and "已允许" in head
    assert any("2 小时按 200% 计" in s for s in plan.overtime_reasons)
    assert set(plan.overtime_reasons) <= set(plan.binding)


def test_statutory_holiday_work_is_allowed_and_costed_at_300_percent():
    # Demand only on the statutory holidays 10-01..10-03 (D, 7 h): 1 person, 21 h at 300 %:
    # 3 x 20.69 / 60 = 103.45 -> 103 fen a minute, x 1260 min = 1297.80 yuan. Hiring cannot
    # avoid it, so it is allowed without --allow-overtime.
    data = tiny(posts=[post("P1", need("D", days=("holiday",)))])
    plan = _only(_plan(data, start=NATIONAL_DAY_WEEK))
    assert plan.optimum == 1
    assert plan.overtime_300_hours == pytest.approx(21.0)
    assert plan.overtime_200_hours == 0
    assert plan.overtime_cost == Decimal("1297.80")
    # why it remains, from the solution: the holiday by name and date, and that it is not
    # avoidable (overtime was not allowed)
    head, holiday = plan.overtime_reasons
    assert "未允许加班代替招聘" in head and "多招人也不能避免" in head
    assert "法定节假日上班 21 小时按 300% 计" in holiday
    assert "国庆节（10月1日、10月2日、10月3日）" in holiday


def test_more_templates_when_all_are_hired(monkeypatch):
    # No staff, D every day: 7 shifts, at most 5 a person without overtime -> 2 people. With
    # one template at first, all templates are hired: the component is solved again.
    monkeypatch.setattr(planning, "initial_templates", lambda *args: 1)
    data = tiny(staff=[], lines=[line("L01", 0)],
                posts=[post("P1", need("D"))])
    result = _plan(data)
    plan = _only(result)
    assert plan.optimum == 2 and plan.hired == 2 and not plan.saturated
    assert result.components[0].rounds == 2
    assert result.components[0].templates == {"L01": 3}


def test_lines_sharing_a_post_are_solved_together_and_borrowing_is_off_by_default():
    data = tiny(staff=[person("S1"), person("S2", "L02", skills=("P3",))],
                lines=[line("L01", 1), line("L02", 1), line("L03", 0)],
                posts=[post("P1", need("D", days=WORKDAYS), lines=("L01", "L02")),
                       post("P3", need("D", days=WORKDAYS), lines=("L03",))])
    assert line_components(planning_data(data)) == [("L01", "L02"), ("L03",)]
    assert line_components(planning_data(data, allow_borrowing=True)) == [("L01", "L02", "L03")]
    assert planning_data(data).staff_by_id["S2"].skills == ()
    result = _plan(data)
    by_line = {p.line_id: p for p in result.lines}
    # P1 needs one person on workdays, shared by L01 and L02: one of them is enough.
    assert by_line["L01"].optimum + by_line["L02"].optimum == 1
    assert by_line["L01"].shared_with == ("L02",)
    # P3 has no staff of its own and no borrowing: L03 hires one.
    assert by_line["L03"].hired == 1


def test_chosen_lines_only_and_unknown_line():
    data = tiny(staff=[person("S1"), person("S2", "L02")],
                lines=[line("L01", 1), line("L02", 1)],
                posts=[post("P1", need("D", days=WORKDAYS)),
                       post("P2", need("D", days=WORKDAYS), lines=("L02",))])
    result = _plan(data, lines=("L02",))
    assert [p.line_id for p in result.lines] == ["L02"]
    with pytest.raises(ValueError, match="未知服务项目"):
        _plan(data, lines=("L99",))


def test_line_without_demand_needs_nobody():
    data = tiny(posts=[post("P1", need("D", days=("holiday",)))])
    plan = _only(_plan(data))  # no holiday in the week of 2026-11-30
    assert plan.optimum == 0 and plan.released == ("S1", "S2", "S3")
    assert any("没有最低在岗需求" in s for s in plan.binding)


def test_workload_bound_national_day_week():
    # Week 10-05..10-11 of 2026: in-lieu 5-7, workdays 8-9, make-up 10, Sunday 11; standard
    # hours 3 x 8 h = 24 h. D (7 h) every day, 1 person: 7 regular shifts, at most 3 each.
    data = tiny(posts=[post("P1", need("D"))])
    horizon = Horizon.of(data.calendar, date(2026, 10, 5), 7)
    bound, text = workload_bound(data, horizon, {"L01"}, allow_overtime=False)
    assert bound == 3 and "24 小时" in text
    bound, _text = workload_bound(data, horizon, {"L01"}, allow_overtime=True)
    assert bound == 2  # 7 days, one rest day each: 6 shifts a person at most


# -- the embedded data (one line at a time: fast) --------------------------------------------

@pytest.fixture(scope="module")
def embedded():
    from model.loaders import load_dataset

    return load_dataset()


def test_optometry_needs_three_without_overtime_and_two_with(embedded):
    # 视光科 (L02): 2 on workdays, 1 on Saturdays. Week 10-12..10-18: 11 shifts of 7 h; at
    # most 5 a person within 40 h -> 3. With overtime, 2 people do it (6 x 7 h = 42 h each).
    opts = dict(lines=("L02",), start=NATIONAL_DAY_WEEK, time_limit_s=30, workers=1)
    strict = plan_headcount(embedded, PlanningOptions(**opts))
    assert strict.status is SolveStatus.OPTIMAL
    assert (strict.lines[0].headcount_today, strict.lines[0].optimum) == (3, 3)
    assert any("10月12日至10月18日" in s for s in strict.lines[0].binding)
    relaxed = plan_headcount(embedded, PlanningOptions(allow_overtime=True, **opts))
    plan = relaxed.lines[0]
    assert plan.optimum == 2 and plan.overtime_hours > 0
    assert plan.monthly_delta == -plan.unit_price


def test_a_24_hour_desk_in_the_national_day_month(embedded):
    # scenarios/one_stop_desk_24h.yaml: L28, 6 staff (综合计算工时, month period), A 2 + P 1 +
    # N 1 every day of 09-28..10-25, 8 h shifts. The month standard is 166.64 h = 9_998 min.
    # September began before the period and nothing is known worked in it, so 09-28..09-30
    # may use all of September's standard; 10-01..10-25 gets 25/31 of October's: 8_063 min =
    # 16 shifts a person, 88 regular (non-holiday) shifts -> ceil(88 / 16) = 6 (the old 7
    # counted 8 h per legal workday, 104 h). With overtime (150 %, cap 36 h) 5 suffice.
    from model.scenario import apply_scenario, load_scenario

    root = Path(__file__).resolve().parent.parent
    data = apply_scenario(embedded, load_scenario(root / "scenarios" / "one_stop_desk_24h.yaml",
                                                  embedded))
    opts = dict(lines=("L28",), start=NATIONAL_DAY_WEEK, time_limit_s=60, workers=1)
    strict = plan_headcount(data, PlanningOptions(**opts))
    plan = strict.lines[0]
    assert strict.proven and (plan.headcount_today, plan.optimum, plan.hired) == (6, 6, 0)
    assert plan.workload_bound == 6
    assert any("10月1日至10月25日这个月" in s and "134.38 小时" in s and "16 个 8 小时的班" in s
               for s in plan.binding)
    assert plan.overtime_150_hours == 0 and plan.overtime_200_hours == 0
    assert plan.overtime_300_hours == 96
    relaxed = plan_headcount(data, PlanningOptions(allow_overtime=True, **opts))
    assert relaxed.proven and relaxed.lines[0].optimum == 5


def test_cli_plan_json(embedded, tmp_path):
    from typer.testing import CliRunner

    from ui.cli import app

    out = tmp_path / "plan.json"
    # The National Day weeks, as the other planning tests (the default period is the
    # contract's first weeks, where December's 23 workdays exceed a month's standard hours).
    result = CliRunner().invoke(app, ["plan", "--lines", "L25,L26", "--start", "2026-09-28",
                                      "--time-limit", "20", "--workers", "1",
                                      "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "最低成本人数" in result.output and "人数的约束原因" in result.output
    assert "已证明最优" in result.output
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["status"] == "OPTIMAL"
    # the fire control room needs one vendor person on workday A shifts: L25 + L26 = 1
    assert sum(p["optimum"] for p in payload["lines"]) == 1
    bad = CliRunner().invoke(app, ["plan", "--lines", "L99"])
    assert bad.exit_code == 2 and "未知服务项目" in bad.output


# -- the app panel -----------------------------------------------------------------------

def _panel_script():
    from tests.tiny import need, post, tiny
    from ui.planning_panel import render_planning_panel

    render_planning_panel(tiny(posts=[post("P1", need("D", days=("workday", "makeup")))]))


def test_planning_panel_renders_and_plans():
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_panel_script, default_timeout=60)
    app.run()
    assert not app.exception
    assert any("最低成本人数" in h.value for h in app.subheader)
    assert any("情景扫描" in h.value for h in app.subheader)
    app.date_input(key="planning_start").set_value(MONDAY)
    app.date_input(key="planning_end").set_value(MONDAY + timedelta(days=6))
    app.button[0].click()  # the form's submit button
    app.run()
    assert not app.exception
    assert app.success and "已证明最优" in app.success[0].value
    table = app.dataframe[0].value
    assert list(table["最优人数"]) == [1] and list(table["现有人数"]) == [3]


def test_plan_frame_columns():
    from ui.planning_panel import plan_frame

    data = tiny(posts=[post("P1", need("D", days=WORKDAYS))])
    frame = plan_frame(_plan(data))
    assert list(frame.columns)[:4] == ["服务项目", "现有人数", "最优人数", "人数变化"]
    assert frame.loc[0, "月服务费变化"] == "减少 ¥12,000.00"
    assert frame.loc[0, "人数变化"] == "减少 2 人"


# -- 24-hour posts in 12-hour shifts (issue 13) ----------------------------------------

def _twelve_hour_post(regime, rules=None, staff=3, around_the_clock=True):
    from model.shifts import Segment, ShiftCategory, ShiftType
    from model.staff import HoursRegime

    day = ShiftType(code="T", name="12小时白班", segments=(Segment(start="08:00", end="20:00"),))
    night = ShiftType(code="U", name="12小时夜班", segments=(Segment(start="20:00", end="08:00"),),
                      category=ShiftCategory.NIGHT)
    members = [person(f"S{i}", regime=HoursRegime(regime)) for i in range(1, staff + 1)]
    demand = post("P1", need("T"), need("U"), around_the_clock=around_the_clock)
    return tiny(staff=members, posts=[demand], shifts=(day, night), rules=rules)


#: Monday 2026-03-02 .. Sunday 03-29 (no holidays), inside the month of March.
MARCH_WEEKS = date(2026, 3, 2)


def test_a_24_hour_post_in_12_hour_shifts_under_comprehensive_hours():
    # T 08-20 and U 20-08, 1 person each, every day: 56 shifts of 720 min in 28 days. Month
    # period: March began the day before (no tail: nothing worked), its standard to 03-29 is
    # 9_998.4 x 29 / 31 = 9_353 = 12 shifts a person without overtime (13 = 9_360) ->
    # ceil(56 / 12) = 5 people (3 today, so 2 hired). Nights: 28 <= 5 x 8 per 4 weeks.
    data = _twelve_hour_post("综合计算工时")
    result = _plan(data, start=MARCH_WEEKS, days=28)
    plan = _only(result)
    assert result.proven and (plan.optimum, plan.hired, plan.gaps) == (5, 2, 0)
    assert plan.workload_bound == 5 and not plan.blocked
    assert plan.overtime_hours == 0


def test_a_rule_that_makes_a_post_impossible_is_named_with_the_change():
    # The same post with the maximum shift length at 10 h: nobody may work a 12 h shift.
    # The plan names the rule and the change, and still lists the 5 people the demand needs
    # (never fewer because the post cannot be rostered).
    data = _twelve_hour_post("综合计算工时", rules={"max_shift_hours": {"value": 10}})
    result = _plan(data, start=MARCH_WEEKS, days=28)
    plan = _only(result)
    assert plan.impossible and plan.gaps == 56
    assert plan.optimum == 5 and plan.monthly_delta == 2 * plan.unit_price
    text = "".join(plan.blocked)
    assert "「单班最长时长」10 小时" in text and "提高到至少 12 小时" in text
    assert "max_shift_hours" not in text and any("至少 5 人" in s for s in plan.binding)
    assert any("无法排班" in note for note in result.notes)
    printed = _printed(result)
    assert "无法排班" in printed and "「单班最长时长」10 小时" in printed and "≥5" in printed
    # 标准工时 staff: 12 h is 4 h of daily overtime above the 3 h cap; the change named is
    # 综合计算工时 (or shorter shifts). Weekly: 14 shifts, 40 h / 8 h = 5 each -> at least 3.
    # (Not marked 24-hour, so planned hires would be 标准工时 too.)
    standard = _plan(_twelve_hour_post("标准工时", around_the_clock=False), start=MARCH_WEEKS,
                     days=28)
    plan = _only(standard)
    text = "".join(plan.blocked)
    assert plan.impossible and "「每日加班上限」3 小时" in text and "综合计算工时" in text
    assert "不超过 11 小时" in text and plan.optimum >= 3


def _printed(result) -> str:
    """What `roster plan` prints for the result."""
    import typer
    from typer.testing import CliRunner

    from ui.cli.plan import print_plan

    probe = typer.Typer()
    probe.command()(lambda: print_plan(result, 36))  # an ad-hoc contract: 36 months
    return CliRunner().invoke(probe, []).output


def test_planning_some_lines_keeps_only_their_qualification_exceptions(embedded):
    # W025 (门诊导诊, L13) has a recorded exception for the eye clinic's line L10: planning
    # L02 and L13 alone drops it with L10 instead of failing on an unknown line.
    member = embedded.staff_by_id["W025"]
    assert [e.line_id for e in member.exceptions] == ["L10"]
    assert planning_data(embedded, ("L02", "L13")).staff_by_id["W025"].exceptions == ()
    kept = planning_data(embedded, ("L10", "L13")).staff_by_id["W025"].exceptions
    assert [e.line_id for e in kept] == ["L10"]
