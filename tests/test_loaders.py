"""YAML data folders: every problem reported with file, line and field; nothing loaded."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from model.errors import DataError
from model.loaders import DATA_DIR, load_dataset


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
