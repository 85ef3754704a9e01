"""The time limit is a promise: a solve returns within its limit plus time_margin, model
building counted; without a roster by then a quickly constructed one is returned and labelled;
the gaps' explanations are cut for time and say so."""

from __future__ import annotations

import time
from datetime import timedelta

from bench.curtois.instance import instance_path, load_instance
from model.events import Pin
from model.roster import SolveStatus
from solver.check import evaluate
from solver.explain import CUT_FOR_TIME, gap_reasons
from solver.horizon import Horizon
from solver.solve import SolveOptions, roster_from_assignments, solve_roster, time_margin
from tests.dated import data, limited, rows
from tests.tiny import MONDAY, need, post, tiny

#: the machine is shared: measured wall times are asserted with this much slack
SLACK_S = 2.0


def test_margin_is_stated_and_small():
    assert time_margin(1) == 2.05 and time_margin(60) == 5.0


def test_a_solve_returns_within_its_limit_and_margin_with_the_parts_reported():
    inst = load_instance(instance_path(12))  # 60 people, 4 weeks: never proven in 2 s
    limit = 2.0
    began = time.monotonic()
    result = solve_roster(inst.data, inst.start, inst.horizon,
                          SolveOptions(time_limit_s=limit, workers=2))
    wall = time.monotonic() - began
    stats = result.stats
    assert stats is not None and stats.time_limit_s == limit
    assert wall <= limit + stats.margin_s + SLACK_S, stats
    assert stats.build_s > 0 and stats.search_s > 0 and stats.explain_s > 0
    assert stats.build_s + stats.search_s <= limit + SLACK_S
    assert abs(stats.wall_time_s - (stats.build_s + stats.search_s + stats.explain_s)) < 0.1
    assert result.status.has_roster
    check = evaluate(inst.data, inst.start, inst.horizon, list(result.assignments))
    if result.status is not SolveStatus.CONSTRUCTED:
        assert check.violations == []
    assert check.objective == result.objective


#: the search stops after presolve: no roster comes from it (deterministic)
NO_SEARCH = {"stop_after_presolve": True}


def test_no_roster_in_time_gives_a_constructed_one_labelled_and_checked():
    pin = Pin(staff_id="S1", day=MONDAY, post_id="P1", shift="A")
    ds = tiny(posts=(post("P1", need("A")),), pins=(pin,))
    result = solve_roster(ds, MONDAY, 3, SolveOptions(time_limit_s=5, workers=1,
                                                      params=NO_SEARCH))
    assert result.status is SolveStatus.CONSTRUCTED and result.status.has_roster
    assert result.status.label in result.notes
    assert result.stats is not None and result.stats.stages[-1] == "快速构造"
    # the pinned shift, every other day off: the two other days are gaps, each listed
    assert [(a.staff_id, a.day, a.shift) for a in result.assignments] == [("S1", MONDAY, "A")]
    assert [(g.day, g.missing) for g in result.gaps] == [
        (MONDAY + timedelta(days=1), 1), (MONDAY + timedelta(days=2), 1)]
    check = evaluate(ds, MONDAY, 3, list(result.assignments))
    assert check.objective == result.objective and result.best_bound is None


def test_constructed_roster_lists_its_hard_rule_breaches():
    # a hard minimum of minutes that the all-off roster cannot meet
    staff = [limited("S1", min_minutes=480)]
    ds = data(staff, rows("A", [1, 1, 1]))
    result = solve_roster(ds, MONDAY, 3, SolveOptions(time_limit_s=5, workers=1,
                                                      params=NO_SEARCH))
    assert result.status is SolveStatus.CONSTRUCTED and result.assignments == ()
    check = evaluate(ds, MONDAY, 3, [])
    assert check.violations and check.objective == result.objective
    assert any(f"违反硬规则 {len(check.violations)} 处" in n for n in result.notes)


def test_person_blocks_out_of_time_give_a_constructed_roster():
    staff = [limited(f"S{i}", min_consecutive_days=2, max_consecutive_days=3,
                     min_consecutive_days_off=2) for i in (1, 2, 3)]
    ds = data(staff, rows("A", [2, 2, 1, 1, 2, 2, 1]))
    # no time for any person's roster
    result = solve_roster(ds, MONDAY, 7, SolveOptions(
        time_limit_s=0.001, workers=1, construct_from_days=7))
    assert result.status is SolveStatus.CONSTRUCTED
    assert result.stats is not None
    assert result.stats.stages == ("分人构造:未完成", "快速构造")
    assert result.objective == evaluate(ds, MONDAY, 7, list(result.assignments)).objective


def test_gap_explanations_are_cut_at_their_deadline_and_say_so():
    ds = tiny(posts=(post("P1", need("A")),))
    horizon = Horizon.of(ds.calendar, MONDAY, 3)
    raw = evaluate(ds, MONDAY, 3, []).gaps_raw
    assert len(raw) == 3
    full = gap_reasons(ds, horizon, [], raw)
    assert all(CUT_FOR_TIME not in g.reasons for g in full) and len(full[0].reasons) == 3
    cut = gap_reasons(ds, horizon, [], raw, deadline=time.monotonic() - 1)
    assert [g.reasons for g in cut] == [(CUT_FOR_TIME,)] * 3
    assert [(g.day, g.missing) for g in cut] == [(g.day, g.missing) for g in full]
    result = roster_from_assignments(ds, horizon, [], status=SolveStatus.FEASIBLE,
                                     objective=None, best_bound=None, stats=None,
                                     explain_deadline=time.monotonic() - 1)
    assert "求解时限已到，3 处缺口的原因未逐一分析" in result.notes
