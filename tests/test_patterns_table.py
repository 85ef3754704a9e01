"""The 规则 page's table of the lines' patterns (ui/patterns_table.py): read back into
validated patterns, every problem located by row and column, nothing applied with any."""

from __future__ import annotations

from datetime import date

import pandas as pd

from model.errors import DataError
from model.patterns import WorkPattern
from tests.tiny import need, person, post, tiny
from ui.formatting import problems_frame
from ui.patterns_table import PATTERN_COLUMNS, patterns_edit_frame, patterns_from_frame

DATA = tiny(staff=[person("S1")], posts=[post("P1", need("A", 1), need("P", 1))])


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=PATTERN_COLUMNS)


def test_rows_become_patterns_and_come_back_the_same():
    typed = frame({"服务项目": "L01 项目L01", "固定休息日": "周六，周日", "轮换班次": "A、P",
                   "轮换起始周一": date(2027, 1, 4), "说明": "病案室习惯"},
                  {})  # a row left empty is no pattern
    patterns, problems = patterns_from_frame(typed, DATA)
    assert problems == []
    assert patterns == (WorkPattern(line_id="L01", rest_days=(6, 7), rotation=("A", "P"),
                                    rotation_start=date(2027, 1, 4), source="病案室习惯"),)
    shown = patterns_edit_frame(DATA.with_changes(patterns=patterns))
    assert patterns_from_frame(shown, DATA) == (patterns, [])
    assert shown.loc[0, "固定休息日"] == "周六、周日" and shown.loc[0, "轮换班次"] == "A、P"


def test_every_problem_is_named_by_row_and_column():
    typed = frame({"服务项目": "L09 没有", "固定休息日": "周八", "轮换班次": "Q"},
                  {"服务项目": "L01", "轮换班次": "A", "轮换起始周一": "下周"},
                  {"服务项目": "L01", "轮换班次": "A", "轮换起始周一": date(2027, 1, 5)},
                  {"固定休息日": "周一"})
    patterns, problems = patterns_from_frame(typed, DATA)
    assert patterns is None
    found = {(p.row, p.field): p.message for p in problems}
    assert found[(1, "服务项目")] == "未知服务项目"
    assert "周一 … 周日" in found[(1, "固定休息日")]
    assert "未知班次" in found[(1, "轮换班次")]
    assert "应为日期" in found[(2, "轮换起始周一")]
    assert "第 2 行" in found[(3, "服务项目")]  # one pattern per line
    assert found[(4, "服务项目")] == "请选择服务项目"
    assert all(p.file == "排班模式" for p in problems)


def test_the_models_own_rules_are_reported_on_the_row():
    # a rotation needs its Monday; a start that is not a Monday; nothing at all
    typed = frame({"服务项目": "L01", "轮换班次": "A"})
    _none, problems = patterns_from_frame(typed, DATA)
    assert [(p.row, p.message) for p in problems] == [(1, "轮换班次须给出轮换起始周的周一")]
    typed = frame({"服务项目": "L01", "轮换班次": "A", "轮换起始周一": "2027-01-05"})
    assert "不是周一" in patterns_from_frame(typed, DATA)[1][0].message
    typed = frame({"服务项目": "L01", "说明": "只写了说明"})
    assert "固定休息日或轮换班次" in patterns_from_frame(typed, DATA)[1][0].message


def test_a_data_set_problem_with_the_patterns_is_shown_in_the_planners_words():
    # a shift that exists but is not one of the line's posts' shifts: the data set's check
    try:
        DATA.with_changes(patterns=(WorkPattern(line_id="L01", rotation=("N",),
                                                  rotation_start=date(2027, 1, 4)),))
    except DataError as exc:
        shown = problems_frame(exc.problems)
    assert shown.loc[0, "工作表"] == "排班模式" and shown.loc[0, "字段"] == "轮换班次"
    assert "没有此班次" in shown.loc[0, "问题"]
