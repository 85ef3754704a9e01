"""Newcomers in pre-duty training (solver/rules/shadowing.py, solver/check/shadowing.py,
model/shadowing.py) on tiny hand-checkable instances: never alone on a post, never counted as
cover, the period from the hire date and the line or from the person's own date, the checker
recomputing both on hand-made rosters, and the 带教 pairs.

Every solved roster is re-checked by the independent checker (conftest.solve_checked)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from model.contract import Requirements, ServiceLine
from model.roster import Assignment
from model.rules import COVERAGE_MIN, DATED_COVER_UNDER, SHADOWING
from model.shadowing import ShadowPair, in_training, shadow_pairs, solo_from, training_until
from model.staff import StaffLimits
from solver.check import COVERAGE_MAX, DATED_COVERAGE_MAX, evaluate
from tests.conftest import solve_checked
from tests.tiny import TUESDAY, need, person, post, tiny

HIRED = date(2026, 11, 20)  # 14 training days: alone from 2026-12-04


def _line(line_id: str = "L01", training_days: int = 14) -> ServiceLine:
    return ServiceLine(id=line_id, seq=int(line_id[1:]), name=f"项目{line_id}",
                       category="护理助理类", department_id="DEP", headcount=3,
                       unit_cost=Decimal("6000"),
                       requirements=Requirements(training_days=training_days))


def _work(staff_id: str, day: date, post_id: str = "P1", shift: str = "D",
          line_id: str = "L01") -> Assignment:
    return Assignment(staff_id=staff_id, line_id=line_id, post_id=post_id, shift=shift,
                      day=day, segments=(), hours=7)


MUST_WORK = StaffLimits(min_minutes=7 * 60)  # one D shift at least: she has to be rostered


def test_period_from_hire_date_and_line():
    line = _line(training_days=14)
    newcomer = person("S2", hire_date=HIRED)
    assert solo_from(newcomer, line) == date(2026, 12, 4)
    assert in_training(newcomer, line, date(2026, 12, 3))
    assert not in_training(newcomer, line, date(2026, 12, 4))
    assert not in_training(newcomer, line, HIRED - timedelta(days=1))  # not hired yet
    assert solo_from(newcomer, _line(training_days=30)) == date(2026, 12, 20)


def test_period_from_the_persons_own_date():
    line = _line(training_days=14)
    early = person("S2", hire_date=HIRED, solo_from=date(2026, 11, 27))
    late = person("S3", hire_date=HIRED, solo_from=date(2027, 1, 5))
    assert solo_from(early, line) == date(2026, 11, 27)
    assert not in_training(early, line, TUESDAY)
    assert in_training(late, line, date(2027, 1, 4)) and not in_training(late, line,
                                                                          date(2027, 1, 5))
    data = tiny(staff=[person("S1"), early], lines=[_line()])
    assert training_until(data, early) == date(2026, 11, 26)
    assert training_until(data, person("S9", hire_date=HIRED, solo_from=HIRED)) is None


def test_impossible_periods_are_named():
    with pytest.raises(ValidationError, match="早于入职日期"):
        person("S2", hire_date=HIRED, solo_from=HIRED - timedelta(days=1))
    with pytest.raises(ValidationError, match="超过 366 天"):
        person("S2", hire_date=HIRED, solo_from=HIRED + timedelta(days=400))
    with pytest.raises(ValidationError):
        Requirements(training_days=400)
    with pytest.raises(ValidationError):
        Requirements(training_days=-1)


def _loaded_with(tmp_path, old: str, new: str):
    import shutil

    from model.loaders import DATA_DIR, load_dataset

    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("benchmarks"))
    path = target / ("staff.yaml" if "hire_date" in old else "lines.yaml")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_dataset(target)


def test_the_data_files_carry_both_and_name_impossible_values(tmp_path):
    from model.errors import DataError
    from model.loaders import load_dataset

    data = load_dataset()
    w009 = data.staff_by_id["W009"]  # L03, 14 days from 2026-11-25
    assert training_until(data, w009) == date(2026, 12, 8)
    assert {line.id: line.requirements.training_days for line in data.lines
            if line.id in ("L08", "L09", "L10")} == {"L08": 30, "L09": 30, "L10": 60}
    hired = "    hire_date: 2026-11-25\n"
    own = _loaded_with(tmp_path / "a", hired, hired + "    solo_from: 2026-12-03\n")
    assert training_until(own, own.staff_by_id["W009"]) == date(2026, 12, 2)
    with pytest.raises(DataError) as info:
        _loaded_with(tmp_path / "b", hired, hired + "    solo_from: 2026-11-20\n")
    (problem,) = info.value.problems
    assert problem.file.endswith("staff.yaml") and problem.row is not None
    assert "早于入职日期" in problem.message
    with pytest.raises(DataError) as info:
        _loaded_with(tmp_path / "c", "training_days: 30                         # 1个月",
                     "training_days: 3000")
    (problem,) = info.value.problems
    assert problem.file.endswith("lines.yaml") and problem.row is not None


def test_newcomer_works_only_beside_a_mentor_and_is_not_counted():
    # P1 needs one D (min 1, target 1) on Tuesday. S2 is in training and must work one D
    # (her limit): she works beside S1, and P1 counts 1 person (S1), not 2 — so two people
    # on a target of 1 is no excess either.
    data = tiny(staff=[person("S1"), person("S2", hire_date=HIRED, limits=MUST_WORK)],
                lines=[_line()], posts=[post("P1", need("D", 1))])
    result = solve_checked(data, TUESDAY, 1)
    assert {(a.staff_id, a.shift) for a in result.assignments} == {("S1", "D"), ("S2", "D")}
    [row] = result.coverage
    assert (row.assigned, row.shortfall) == (1, 0)
    assert shadow_pairs(data, result.assignments) == [
        ShadowPair("S2", "S1", TUESDAY, "P1", "D")]


def test_newcomer_alone_stays_off_and_the_gap_stays():
    # Only the newcomer: she may not work P1 alone, and would not count if she did.
    data = tiny(staff=[person("S2", hire_date=HIRED)], lines=[_line()],
                posts=[post("P1", need("D", 1))])
    result = solve_checked(data, TUESDAY, 1)
    assert result.assignments == ()
    assert sum(g.missing for g in result.gaps) == 1
    # the same person on her own date (alone from Tuesday) covers it
    alone = tiny(staff=[person("S2", hire_date=HIRED, solo_from=TUESDAY)], lines=[_line()],
                 posts=[post("P1", need("D", 1))])
    assert len(solve_checked(alone, TUESDAY, 1).assignments) == 1


def test_one_mentor_per_newcomer():
    # Two newcomers who must both work, one trained colleague, one post D (target 1): only
    # one newcomer can be shadowed on a day, so over two days each gets one day.
    data = tiny(staff=[person("S1"), person("S2", hire_date=HIRED, limits=MUST_WORK),
                       person("S3", hire_date=HIRED, limits=MUST_WORK)],
                lines=[_line()], posts=[post("P1", need("D", 1))])
    result = solve_checked(data, TUESDAY, 2)
    for day in (TUESDAY, TUESDAY + timedelta(days=1)):
        there = {a.staff_id for a in result.assignments if a.day == day}
        assert "S1" in there and len(there) == 2
    assert sorted(p.newcomer_id for p in shadow_pairs(data, result.assignments)) == ["S2", "S3"]


def test_dated_demand_leaves_newcomers_out_and_keeps_people_together():
    # Demand by date: A on Monday and Tuesday, one each (no over weight). S2 is in training
    # until Tuesday and must work one A: beside S1, and not counted, so two people on a
    # target of 1 is no excess; person blocks are off (she needs S1 in her block).
    from solver.decompose import decomposable
    from tests.dated import data, rows
    from tests.tiny import MONDAY

    newcomer = person("S2", hire_date=MONDAY, solo_from=MONDAY + timedelta(days=2),
                      limits=MUST_WORK)
    dated = data([person("S1"), newcomer], rows("A", [1, 1]))
    assert not decomposable(dated)
    assert decomposable(data([person("S1"), person("S2", hire_date=MONDAY, solo_from=MONDAY)],
                             rows("A", [1, 1])))
    result = solve_checked(dated, MONDAY, 2)
    days = {a.day for a in result.assignments if a.staff_id == "S2"}
    assert days and all(("S1", day) in {(a.staff_id, a.day) for a in result.assignments}
                        for day in days)
    both = evaluate(dated, MONDAY, 2, [_work("S1", MONDAY, "B", "A"),
                                       _work("S2", MONDAY, "B", "A")])
    assert both.counts[DATED_COVERAGE_MAX] == 0 and both.counts[SHADOWING] == 0
    alone = evaluate(dated, MONDAY, 2, [_work("S2", MONDAY, "B", "A")])
    assert alone.counts[SHADOWING] == 1 and alone.counts[DATED_COVER_UNDER] == 2 * 9


def test_checker_flags_a_newcomer_alone_and_does_not_count_her():
    data = tiny(staff=[person("S1"), person("S2", hire_date=HIRED),
                       person("S3", hire_date=HIRED)],
                lines=[_line()], posts=[post("P1", need("D", 1))])
    alone = evaluate(data, TUESDAY, 1, [_work("S2", TUESDAY)])
    [breach] = [v for v in alone.violations if v.rule == SHADOWING]
    assert breach.staff_id == "S2" and "带教" in breach.message
    assert alone.coverage[0].assigned == 0
    assert {p.rule: p.count for p in alone.penalties}[COVERAGE_MIN] == 1
    # two newcomers and one mentor: one short; with the mentor, P1 is covered and not over
    two = evaluate(data, TUESDAY, 1, [_work(s, TUESDAY) for s in ("S1", "S2", "S3")])
    assert two.counts[SHADOWING] == 1 and two.counts[COVERAGE_MAX] == 0
    paired = evaluate(data, TUESDAY, 1, [_work(s, TUESDAY) for s in ("S1", "S2")])
    assert paired.violations == [] and paired.coverage[0].assigned == 1
    # after the period she counts alone
    later = TUESDAY + timedelta(days=3)  # 2026-12-04
    assert evaluate(data, later, 1, [_work("S2", later)]).violations == []


def test_soft_rule_counts_exactly():
    # Soft: she must work one D (her limit) and nobody trained is there: one breach of
    # 50 000, and she still leaves P1's gap open (she never counts); the checker agrees.
    data = tiny(staff=[person("S2", hire_date=HIRED, limits=MUST_WORK)], lines=[_line()],
                posts=[post("P1", need("D", 1))],
                rules={SHADOWING: {"hard": False, "weight": 50_000}})
    result = solve_checked(data, TUESDAY, 1)
    assert len(result.assignments) == 1 and sum(g.missing for g in result.gaps) == 1
    assert {p.rule: p.cost for p in result.penalties}[SHADOWING] == 50_000


def test_pairs_prefer_the_own_line_and_list_missing_mentors():
    data = tiny(staff=[person("B1", line="L02", skills=("P1",)), person("S1"),
                       person("S2", hire_date=HIRED), person("S3", hire_date=HIRED),
                       person("S4", hire_date=HIRED)],
                lines=[_line(), _line("L02")], posts=[post("P1", need("D", 0, 3))])
    roster = [_work(s, TUESDAY) for s in ("B1", "S1", "S2", "S3", "S4")]
    assert shadow_pairs(data, roster) == [
        ShadowPair("S2", "S1", TUESDAY, "P1", "D"),  # own line first
        ShadowPair("S3", "B1", TUESDAY, "P1", "D"),  # then the borrowed colleague
        ShadowPair("S4", None, TUESDAY, "P1", "D"),  # nobody left: a breach
    ]


# -- shown: the grid, the workbook, the CLI ----------------------------------------------------
def _shadowed_roster():
    data = tiny(staff=[person("S1"), person("S2", hire_date=HIRED, limits=MUST_WORK)],
                lines=[_line()], posts=[post("P1", need("D", 1))])
    return data, solve_checked(data, TUESDAY, 1)


def test_grid_marks_the_newcomer_with_the_mentor_in_the_tooltip():
    from ui.grid import roster_grid_html

    data, result = _shadowed_roster()
    page = roster_grid_html(data, result)
    newcomer = page.split('data-staff="S2"')[1].split("</td>")[0]
    assert "学" in newcomer and "带教：跟 员工S1（S1） 学习，岗前培训至 2026-12-03" in newcomer
    assert "学" not in page.split('data-staff="S1"')[1].split("</td>")[0]
    assert "岗前培训跟班（带教，不计入在岗人数）" in page  # the legend


def test_workbook_marks_the_newcomer_and_names_the_mentor():
    import io

    from openpyxl import load_workbook

    from model.roster_excel import roster_workbook

    data, result = _shadowed_roster()
    ws = load_workbook(io.BytesIO(roster_workbook(data, result)))["排班表"]
    cells = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=3) for r in range(1, 40)}
    assert cells["S2"].value == "D\n学" and "员工S1（S1）" in cells["S2"].comment.text
    assert cells["S1"].value == "D"
    legend = " ".join(str(ws.cell(row=r, column=4).value or "") for r in range(1, ws.max_row + 1))
    assert "学：岗前培训跟班（带教）" in legend


def test_cli_summary_lists_the_pairs(capsys):
    from ui.cli.common import print_summary

    data, result = _shadowed_roster()
    print_summary(data, result)
    out = capsys.readouterr().out
    assert "带教（岗前培训跟班，不计入在岗人数）：1 人次" in out
    line = next(text for text in out.splitlines() if "员工S2（S2）" in text)
    assert "2026-12-01" in line and "岗位P1" in line and "员工S1（S1）" in line


def test_app_person_tab_lists_the_newcomers_pairs():
    # The embedded W009 (L03, hired 2026-11-25, 14 days) asks for D on her training workdays:
    # she shadows at 眼特检科 beside a trained colleague, and the 个人 tab lists the pairs.
    from tests.test_app import html_text, new_app, open_tab, solve_one_week, table

    at = new_app()
    solve_one_week(at)
    run = at.session_state["roster"]
    pairs = shadow_pairs(run.data, run.result.assignments)
    assert pairs and {p.newcomer_id for p in pairs} == {"W009"}
    assert all(p.mentor_id is not None and p.day <= date(2026, 12, 6) for p in pairs)
    open_tab(at, "roster_tab", "个人")
    at.selectbox(key="person_staff").set_value("W009").run()
    shown = table(at, "shadow_person_table")
    assert list(shown.columns) == ["日期", "岗位", "班次", "新员工", "带教老师", "岗前培训至"]
    assert len(shown) == len(pairs) and set(shown["岗前培训至"]) == {"2026-12-08"}
    assert set(shown["新员工"]) == {"韦雪梅（W009）"}
    assert "学" in html_text(at)
