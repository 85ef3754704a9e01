"""YAML data folders: every problem reported with file, line and field; nothing loaded."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from model.errors import DataError
from model.loaders import DATA_DIR, load_dataset
from model.yaml_io import load_yaml


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("benchmarks"))
    return target


def test_every_problem_is_reported_with_its_line_and_field(data_copy: Path):
    staff = data_copy / "staff.yaml"
    text = staff.read_text(encoding="utf-8")
    text = text.replace("birth_date: 19", "birth_date: 2026-02-30 #", 1)
    text = text.replace("line_id: L02", "line_id: L99", 1)
    staff.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    problems = info.value.problems
    assert any(p.field == "birth_date" and p.row and p.row > 1 for p in problems)
    bad_date = next(p for p in problems if p.field == "birth_date")
    assert "birth_date: 2026-02-30" in text.splitlines()[bad_date.row - 1]  # 1-based line
    assert str(staff) in str(info.value)


def test_unknown_line_is_a_cross_reference_problem(data_copy: Path):
    staff = data_copy / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8").replace("line_id: L02", "line_id: L99",
                                                               1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert any(p.field == "line_id" and p.value == "L99" for p in info.value.problems)


def test_malformed_yaml_names_the_line(data_copy: Path):
    (data_copy / "shifts.yaml").write_text("shifts:\n  - code: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert info.value.problems[0].row is not None
    assert "shifts.yaml" in info.value.problems[0].file


def test_unknown_rule_in_rules_file(data_copy: Path):
    (data_copy / "rules.yaml").write_text("rules:\n  no_such_rule: {weight: 1}\n",
                                          encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert info.value.problems[0].value == "no_such_rule"


def test_contract_terms_are_the_data_sets_identity(data_copy: Path):
    assert load_dataset(data_copy).contract.id == "LZ-EYE-AUX"
    (data_copy / "contract.yaml").unlink()
    assert load_dataset(data_copy).contract.id == ""  # an ad-hoc data set


def test_a_bad_contract_id_is_reported_on_its_line(data_copy: Path):
    path = data_copy / "contract.yaml"
    text = path.read_text(encoding="utf-8").replace("id: LZ-EYE-AUX", "id: 眼科 合同")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    (problem,) = info.value.problems
    assert problem.field == "id" and problem.file == str(path)
    assert text.splitlines()[problem.row - 1].strip() == "id: 眼科 合同"


def test_qualification_exceptions_are_validated_with_their_line(data_copy: Path):
    staff = data_copy / "staff.yaml"
    text = staff.read_text(encoding="utf-8")
    assert "      - line_id: L10\n        waives: [age]\n" in text  # W025's exception
    bad = text.replace("      - line_id: L10\n        waives: [age]\n",
                       "      - line_id: L99\n        waives: [age]\n", 1)
    bad = bad.replace("    line_id: L02\n", "    line_id: L02\n    exceptions:\n"
                      "      - {post_id: NO_POST, waives: [age], reason: 批准}\n"
                      "      - {line_id: L05, waives: [salary], reason: 批准}\n"
                      "      - {line_id: L05, waives: [age], reason: '  '}\n", 1)
    staff.write_text(bad, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    problems = info.value.problems
    lines = bad.splitlines()
    kinds = [p for p in problems if "waives" in (p.field or "")]
    assert kinds and kinds[0].value == "salary" and "不在允许的取值中" in kinds[0].message
    assert kinds[0].row is not None and "exceptions" in lines[kinds[0].row - 1]
    assert any("例外必须写明理由" in p.message for p in problems)
    staff.write_text(text.replace("      - line_id: L10\n        waives: [age]\n",
                                  "      - line_id: L99\n        waives: [age]\n", 1)
                     .replace("    line_id: L02\n", "    line_id: L02\n    exceptions:\n"
                              "      - {post_id: NO_POST, waives: [age], reason: 批准}\n", 1),
                     encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    refs = {(p.field, p.value, p.message) for p in info.value.problems}
    assert ("exceptions.0.line_id", "L99", "未知服务项目") in refs
    assert ("exceptions.0.post_id", "NO_POST", "未知岗位") in refs
    assert all(p.row is not None for p in info.value.problems)


def test_an_empty_folder_names_every_required_file(tmp_path: Path):
    with pytest.raises(DataError) as info:
        load_dataset(tmp_path)
    assert [(Path(p.file).name, p.message) for p in info.value.problems] == [
        (name, "缺少必需的数据文件") for name in ("lines.yaml", "staff.yaml", "shifts.yaml",
                                          "posts.yaml")]


def test_a_missing_shift_file_is_one_problem_not_one_per_reference(data_copy: Path):
    (data_copy / "shifts.yaml").unlink()
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    (problem,) = info.value.problems
    assert Path(problem.file).name == "shifts.yaml" and problem.message == "缺少必需的数据文件"


def test_a_missing_optional_file_is_named_with_its_references(data_copy: Path):
    (data_copy / "departments.yaml").unlink()
    lines = (data_copy / "lines.yaml").read_text(encoding="utf-8").count("department_id:")
    posts = (data_copy / "posts.yaml").read_text(encoding="utf-8").count("department_id:")
    staffing = load_yaml((data_copy / "staffing.yaml").read_text(encoding="utf-8"))["staffing"]
    rooms = len(staffing["rooms"]) + sum(len(r.get("departments", ())) for r in staffing["rules"])
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    (problem,) = info.value.problems
    assert Path(problem.file).name == "departments.yaml"
    assert problem.message == f"缺少数据文件（被引用 {lines + posts + rooms} 处）"


def test_schema_and_reference_problems_come_together_at_their_lines(data_copy: Path):
    # One schema fault (an impossible birth date) and one reference fault (an unknown line)
    # in staff.yaml, and a post naming an unknown shift: all three in one pass, each at the
    # line of its field in its own file.
    staff = data_copy / "staff.yaml"
    text = staff.read_text(encoding="utf-8")
    text = text.replace("birth_date: 19", "birth_date: 2026-02-30 #", 1)
    text = text.replace("line_id: L02", "line_id: L99", 1)
    staff.write_text(text, encoding="utf-8")
    posts = data_copy / "posts.yaml"
    posts_text = posts.read_text(encoding="utf-8").replace("      - shift: D\n",
                                                          "      - shift: Q\n", 1)
    posts.write_text(posts_text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    found = {(Path(p.file).name, p.field, p.value) for p in info.value.problems}
    assert ("staff.yaml", "line_id", "L99") in found
    assert any(name == "staff.yaml" and field == "birth_date" for name, field, _ in found)
    unknown_line = next(p for p in info.value.problems if p.value == "L99")
    assert text.splitlines()[unknown_line.row - 1].strip() == "line_id: L99"
    unknown_shift = next(p for p in info.value.problems if p.value == "Q")
    assert Path(unknown_shift.file).name == "posts.yaml" and unknown_shift.row is not None


def test_references_to_an_invalid_entry_are_not_reported_again(data_copy: Path):
    # Shift D has a bad segment: its own problem is reported, and the posts that use D are
    # not reported as naming an unknown shift.
    shifts = data_copy / "shifts.yaml"
    text = shifts.read_text(encoding="utf-8")
    marker = '  - code: D\n    name: 白班\n    segments: [{start: "08:00"'
    assert marker in text
    shifts.write_text(text.replace(marker, '  - code: D\n    name: 白班\n    segments: '
                                           '[{start: "25:00"', 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert {Path(p.file).name for p in info.value.problems} == {"shifts.yaml"}


def test_working_time_standard_is_read_from_the_contract(data_copy: Path):
    standard = load_dataset(data_copy).contract.working_time
    assert (standard.weekly_hours, standard.monthly_standard_hours) == (40, 166.64)
    assert standard.wage_divisor_days == Decimal("21.75") and standard.daily_hours == 8


def test_an_approved_period_under_standard_hours_is_reported_on_its_line(data_copy: Path):
    staff = data_copy / "staff.yaml"
    text = staff.read_text(encoding="utf-8")
    text = text.replace("    line_id: L02\n", "    line_id: L02\n    hours_period: quarter\n", 1)
    staff.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    (problem,) = info.value.problems
    assert problem.file == str(staff) and problem.row is not None
    assert "综合计算周期只适用于综合计算工时" in problem.message


def test_implausible_values_are_each_reported_at_their_line_in_chinese(data_copy: Path):
    # A birth in 1800, a height of 10^12 cm, a birth in 2030 with a hire in 2031, an absence
    # starting in 1800 and a request weight of 10^12: five problems, each located, in Chinese.
    staff = data_copy / "staff.yaml"
    text = staff.read_text(encoding="utf-8")
    text = text.replace("birth_date: 1990-05-12", "birth_date: 1800-01-01", 1)
    born = text.index("birth_date: 1996-08-20")
    tall = text.index("height_cm:", text.index("- id:", born))  # the next person's height
    text = text[:tall] + "height_cm: 1000000000000 #" + text[tall + len("height_cm:"):]
    hired = text.index("hire_date:", born)
    text = (text[:born] + "birth_date: 2030-01-01" + text[born + 22:hired]
            + "hire_date: 2031-01-01 #" + text[hired + len("hire_date:"):])
    staff.write_text(text, encoding="utf-8")
    hire = next(i for i, line in enumerate(text.splitlines())
                if line.strip() == "birth_date: 2030-01-01")
    absences = data_copy / "absences.yaml"
    absences.write_text(absences.read_text(encoding="utf-8").replace(
        "start: 2026-12-14", "start: 1800-12-14", 1), encoding="utf-8")
    requests = data_copy / "requests.yaml"
    requests.write_text(requests.read_text(encoding="utf-8").replace(
        "kind: 休息, weight: 10}", "kind: 休息, weight: 1000000000000}", 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    found = {(Path(p.file).name, p.field): p.message for p in info.value.problems}
    assert found[("staff.yaml", "birth_date")] == "应不小于 1930-01-01"
    assert found[("staff.yaml", "height_cm")] == "应不大于 230"
    assert found[("absences.yaml", "start")] == "应不小于 2000-01-01"
    assert found[("requests.yaml", "weight")] == "应不大于 10000000"
    under_age = [p for p in info.value.problems if "未满 16 周岁" in p.message]
    assert len(under_age) == 1 and under_age[0].row is not None and under_age[0].row <= hire + 1
    assert not [p for p in info.value.problems if "Value error" in p.message
                or "Input should" in p.message]


def test_a_rule_weight_out_of_range_is_reported(data_copy: Path):
    (data_copy / "rules.yaml").write_text(
        "rules:\n  requests: {weight: 1000000000000}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert [p.message for p in info.value.problems] == ["应不大于 10000000"]


def test_rule_parameters_are_range_checked_and_typed_at_their_line(data_copy: Path):
    import warnings

    path = data_copy / "rules.yaml"
    path.write_text("rules:\n  weekly_rest_day: {value: 8}\n"
                    "  fair_weekends: {weight: 很多}\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no pydantic serializer warning on the way
        with pytest.raises(DataError) as info:
            load_dataset(data_copy)
    found = {(p.row, p.field): p.message for p in info.value.problems}
    assert found == {
        (2, "weekly_rest_day"): "「每周至少休息一整天」的数值应在 0 至 7 之间，得到 8",
        (3, "fair_weekends.weight"): "应为整数"}


def test_yaml_problems_carry_line_and_column(data_copy: Path):
    # Two faults on one flow-mapping line of absences.yaml: an unknown staff id and an
    # impossible end date; each is placed at its own value's column.
    path = data_copy / "absences.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "staff_id: W030, kind: 年假, start: 2026-12-14, end: 2026-12-18",
        "staff_id: W999, kind: 年假, start: 2026-12-14, end: 2026-12-40", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "W999" in s)
    source = text.splitlines()[line - 1]
    end = next(p for p in info.value.problems if p.field == "end")
    assert (end.row, end.column) == (line, source.index("2026-12-40") + 1)
    assert f"第 {line} 行第 {end.column} 列" in str(end)
    bad_yaml = data_copy / "sites.yaml"
    bad_yaml.write_text("sites:\n  - {id: X, name: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    syntax = next(p for p in info.value.problems if p.file == str(bad_yaml))
    assert syntax.row is not None and syntax.column is not None
