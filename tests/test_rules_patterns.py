"""Model-side tests of stable patterns (solver/rules/patterns.py, checked by
solver/check/patterns.py) on tiny hand-checkable instances, and the validation of
patterns.yaml (every problem at its file, line and field; nothing loaded).

Every roster is re-checked by the independent checker (conftest.solve_checked); the
checker's own tests of the rule are in tests/test_check.py."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from model.errors import DataError
from model.loaders import DATA_DIR, load_dataset
from model.patterns import WorkPattern
from model.rules import STABLE_PATTERN
from tests.conftest import solve_checked
from tests.tiny import MONDAY, need, person, post, tiny

WEDNESDAY = MONDAY + timedelta(days=2)


def _pattern_count(result) -> int:
    return {p.rule: p.count for p in result.penalties}.get(STABLE_PATTERN, 0)


def test_fixed_rest_day_followed_when_free():
    # One person, a post wanting one D every day (min 0): the weekly rest day (hard) leaves
    # six days. The pattern's rest day is Wednesday: she rests on Wednesday, at no cost.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("D", 0, 1))],
                patterns=(WorkPattern(line_id="L01", rest_days=(3,)),))
    result = solve_checked(data, MONDAY, 7)
    worked = {a.day for a in result.assignments}
    assert len(worked) == 6 and WEDNESDAY not in worked
    assert _pattern_count(result) == 0


def test_fixed_weekend_rest_broken_when_coverage_needs_it():
    # 做五休二 with Saturday and Sunday off, but the post needs one D every day (min 1) and she
    # is alone: she works six days (one rest day a week is hard), so one weekend day is
    # worked: exactly one breach, 1 x 1_000, far cheaper than a gap.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("D", 1))],
                patterns=(WorkPattern(line_id="L01", rest_days=("周六", "周日")),))
    result = solve_checked(data, MONDAY, 7)
    weekend = {a.day for a in result.assignments if a.day.weekday() >= 5}
    assert len(result.assignments) == 6 and len(weekend) == 1
    line = next(p for p in result.penalties if p.rule == STABLE_PATTERN)
    assert (line.count, line.cost) == (1, 1_000)


def test_rotation_one_week_each():
    # Two people, A and P every workday (min 0, target 1), rotation A then P from Monday
    # 11-30: S1 works A in week 1 and P in week 2, S2 the other way round; every shift
    # follows the rotation.
    data = tiny(staff=[person("S1"), person("S2")],
                posts=[post("P1", need("A", 0, 1, days=("workday",)),
                            need("P", 0, 1, days=("workday",)))],
                patterns=(WorkPattern(line_id="L01", rotation=("A", "P"),
                                      rotation_start=MONDAY),))
    result = solve_checked(data, MONDAY, 14)
    week = {a.staff_id: {} for a in result.assignments}
    for a in result.assignments:
        week[a.staff_id].setdefault((a.day - MONDAY).days // 7, set()).add(a.shift)
    assert week == {"S1": {0: {"A"}, 1: {"P"}}, "S2": {0: {"P"}, 1: {"A"}}}
    assert len(result.assignments) == 20 and _pattern_count(result) == 0


def test_rotation_broken_with_its_penalty_when_coverage_needs_it():
    # S2 is on approved leave all week; the P shift must be there (min 1), A only wanted.
    # S1's rotation says A, but she covers the P minimum on each of the five workdays:
    # 5 breaches, 5 x 1_000 (A stays empty: 5 x 20_000 of coverage_target).
    from model.events import Absence, AbsenceKind

    leave = Absence(staff_id="S2", kind=AbsenceKind.ANNUAL, start=MONDAY,
                    end=MONDAY + timedelta(days=6))
    data = tiny(staff=[person("S1"), person("S2")],
                posts=[post("P1", need("A", 0, 1, days=("workday",)),
                            need("P", 1, days=("workday",)))],
                absences=(leave,),
                patterns=(WorkPattern(line_id="L01", rotation=("A", "P"),
                                      rotation_start=MONDAY),))
    result = solve_checked(data, MONDAY, 7)
    assert {(a.staff_id, a.shift) for a in result.assignments} == {("S1", "P")}
    line = next(p for p in result.penalties if p.rule == STABLE_PATTERN)
    assert (line.count, line.cost) == (5, 5_000)


def test_a_weight_zero_pattern_costs_nothing_but_its_breaches_are_listed():
    # Switched off (weight 0): the model skips the rule; the checker still lists the two
    # weekend days she may now work (one rest day a week: six days, Saturday or Sunday
    # among them at least once), at no cost.
    data = tiny(staff=[person("S1")], posts=[post("P1", need("D", 1))],
                rules={STABLE_PATTERN: {"weight": 0}},
                patterns=(WorkPattern(line_id="L01", rest_days=(6, 7)),))
    line = next(p for p in solve_checked(data, MONDAY, 7).penalties if p.rule == STABLE_PATTERN)
    assert line.count >= 1 and line.cost == 0


# -- validation --------------------------------------------------------------------------------
def test_impossible_patterns_are_refused():
    for fields in ({"rest_days": (0,)}, {"rest_days": (8,)}, {"rest_days": (6, 6)},
                   {"rest_days": tuple(range(1, 8))}, {"rest_days": ("周八",)}, {},
                   {"rotation": ("A",)},
                   {"rotation": ("A",), "rotation_start": MONDAY + timedelta(days=1)}):
        with pytest.raises(ValidationError):
            WorkPattern(line_id="L01", **fields)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("benchmarks"))
    return target


def _problems(folder: Path, text: str):
    path = folder / "patterns.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    return path, info.value.problems


def test_each_bad_pattern_is_located_and_nothing_loads(data_copy: Path):
    path, problems = _problems(data_copy, "\n".join([
        "patterns:",
        "  - line_id: L99",                        # line 2: no such line
        "    rest_days: [6, 7]",
        "  - line_id: L25",                        # line 4
        "    rotation: [A, Q]",                    # line 5: Q is no shift
        "    rotation_start: 2026-11-30",
        "  - line_id: L01",                        # line 7
        "    rest_days: [1, 2, 3, 4, 5, 6, 7]",    # line 8: no working day left
        "  - line_id: L24",
        "    rotation: [A]",                       # line 10: A is not a shift of 司机
        "    rotation_start: 2026-11-30",
        ""]))
    found = {(p.row, p.field, str(p.value) if p.value is not None else None)
             for p in problems if p.file == str(path)}
    assert (2, "line_id", "L99") in found
    assert (5, "rotation", "Q") in found
    assert any(row == 8 and field == "rest_days" for row, field, _v in found)
    assert (10, "rotation", "A") in found
    assert len([p for p in problems if p.file == str(path)]) == 4


def test_a_valid_pattern_file_loads(data_copy: Path):
    (data_copy / "patterns.yaml").write_text(
        "patterns:\n  - line_id: L24\n    rest_days: [周六, 周日]\n", encoding="utf-8")
    data = load_dataset(data_copy)
    assert data.patterns == (WorkPattern(line_id="L24", rest_days=(6, 7)),)
    assert data.patterns[0].describe() == "固定休息日 周六、周日"


def test_a_line_pattern_keeps_the_line_in_one_block():
    # Person blocks (solver.decompose) would place each person of a rotation among a part of
    # the line only: a data set with a pattern is never solved block by block.
    from solver.decompose import decomposable
    from tests.dated import data, rows

    dated = data([person("S1"), person("S2")], rows("A", [1, 1]))
    assert decomposable(dated)
    with_pattern = dated.with_changes(patterns=(WorkPattern(line_id="L01", rest_days=(7,)),))
    assert not decomposable(with_pattern)


def test_the_workbook_and_the_rules_page_name_the_patterns_in_chinese():
    # The 说明 sheet lists the rule with the others and the line's pattern; the 规则 page's
    # table says the same; the breach is a penalty line of its own; no developer word.
    from model.roster_excel import roster_workbook
    from tests.user_words import offences, workbook_texts
    from ui.patterns_table import patterns_edit_frame

    data = tiny(staff=[person("S1")], posts=[post("P1", need("D", 1))],
                patterns=(WorkPattern(line_id="L01", rest_days=(6, 7), source="病案室工作日上班"),))
    result = solve_checked(data, MONDAY, 7)
    texts = workbook_texts(roster_workbook(data, result))
    notes = [text for where, text in texts if where.startswith("说明")]
    assert "稳定排班模式" in notes and "固定休息日 周六、周日" in notes
    assert [o for _where, text in texts for o in offences(text)] == []
    row = patterns_edit_frame(data).to_dict("records")
    assert len(row) == 1 and pd.isna(row[0].pop("轮换起始周一"))
    assert row == [{"服务项目": "L01 项目L01", "固定休息日": "周六、周日", "轮换班次": "",
                    "说明": "病案室工作日上班"}]
