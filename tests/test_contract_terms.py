"""Contract terms as data: length and contract years, the management fee (default and per
line, amount or percent), the data set's own vocabularies, default dates, the optional
tender figures."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from pydantic import ValidationError

from model.compliance import check_staff
from model.contract import ContractTerms, FeeQuote, at_least, monday_of, next_monday
from model.cost import cost_report, figure_checks
from model.errors import DataError
from model.loaders import DATA_DIR, load_dataset
from model.scenario import Scenario, apply_scenario
from solver.planning import default_start
from tests.tiny import line, person, tiny


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("benchmarks"))
    return target


def _set_contract(folder: Path, old: str, new: str) -> None:
    path = folder / "contract.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- length and contract years ------------------------------------------------------------

def test_embedded_terms():
    terms = load_dataset().contract
    assert terms.start == date(2026, 12, 1) and terms.months == 36
    assert terms.periods == (12, 12, 12)
    assert terms.management_fee == FeeQuote(amount=D(0))
    assert terms.education_levels == ("中专", "大专", "本科", "硕士")


def test_ad_hoc_terms_keep_todays_defaults():
    terms = ContractTerms()
    assert (terms.start, terms.months, terms.periods, terms.management_fee) == (
        None, 36, (12, 12, 12), None)
    assert ContractTerms(months=30).periods == (12, 12, 6)


def test_periods_must_sum_to_the_length():
    with pytest.raises(ValidationError, match="之和"):
        ContractTerms(months=24, periods_months=(12, 6))
    assert ContractTerms(months=24, periods_months=(12, 12)).periods == (12, 12)


def test_a_two_year_contract_costs_24_months(data_copy: Path):
    _set_contract(data_copy, "months: 36\n  periods_months: [12, 12, 12]",
                  "months: 24\n  periods_months: [12, 12]")
    report = cost_report(load_dataset(data_copy))
    assert report.contract_months == 24
    assert report.contract_total == report.monthly_total * 24
    assert report.contract_years == (report.monthly_total * 12,) * 2


def test_bad_periods_are_located_in_contract_yaml(data_copy: Path):
    _set_contract(data_copy, "periods_months: [12, 12, 12]", "periods_months: [12, 12]")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    (problem,) = info.value.problems
    assert problem.file.endswith("contract.yaml") and problem.row is not None
    assert "36" in problem.message


# -- management fee -----------------------------------------------------------------------

def test_default_fee_as_a_percent_applies_to_every_line(data_copy: Path):
    _set_contract(data_copy, "management_fee: 0", 'management_fee: "6%"')
    data = load_dataset(data_copy)
    first = data.lines[0]
    assert first.management_fee == (first.unit_cost * D("0.06")).quantize(D("0.01"))
    assert all(x.fee == FeeQuote(percent=D(6)) for x in data.lines)


def test_a_line_quote_overrides_the_default(data_copy: Path):
    _set_contract(data_copy, "management_fee: 0", "management_fee: 300")
    lines = data_copy / "lines.yaml"
    text = lines.read_text(encoding="utf-8")
    text = text.replace("    headcount: 1\n", '    headcount: 1\n    management_fee: "10%"\n', 1)
    lines.write_text(text, encoding="utf-8")
    data = load_dataset(data_copy)
    first, second = data.lines[0], data.lines[1]
    assert first.headcount == 1 and first.management_fee == (first.unit_cost / 10).quantize(
        D("0.01"))
    assert second.management_fee == D(300)


def test_a_scenario_quote_overrides_the_line(data_copy: Path):
    _set_contract(data_copy, "management_fee: 0", "management_fee: 300")
    data = load_dataset(data_copy)
    quoted = apply_scenario(data, Scenario(name="5%", management_fee={"*": "5%"}))
    first = quoted.lines[0]
    assert first.management_fee == (first.unit_cost * D("0.05")).quantize(D("0.01"))


def test_fee_quote_needs_exactly_one_form():
    assert FeeQuote.model_validate("6%") == FeeQuote(percent=D(6))
    assert FeeQuote.model_validate(350) == FeeQuote(amount=D(350))
    with pytest.raises(ValidationError):
        FeeQuote(amount=D(1), percent=D(1))
    with pytest.raises(ValidationError):
        FeeQuote()


# -- vocabularies -------------------------------------------------------------------------

def test_at_least_follows_the_order():
    order = ("初中", "高中", "中专", "大专")
    assert at_least(order, "大专", "高中") and at_least(order, "高中", "高中")
    assert not at_least(order, "初中", "高中")
    assert not at_least(order, "博士", "初中")  # outside the vocabulary


def test_own_education_levels_can_be_entered_and_compared():
    terms = ContractTerms(education_levels=("初中", "高中", "中专", "大专"))
    carer = line("L01", 2).model_copy(update={"requirements": line().requirements.model_copy(
        update={"min_education": "高中"})})
    data = tiny(staff=[person("S1", education="大专"), person("S2", education="初中")],
                lines=(carer,), contract=terms)
    on = date(2026, 12, 1)
    ok = [item.ok for member in data.staff for item in check_staff(data, member, on)
          if item.code == "education"]
    assert ok == [True, False]
    assert data.contract.education_at_least("高中", "初中")
    assert not data.contract.education_at_least("初中", "高中")


def test_unknown_vocabulary_values_are_located_problems():
    data = tiny(staff=[person("S1")])
    staff = data.model_copy(update={"staff": (person("S1", education="初中"),)})
    assert [(p.sheet, p.row, p.field, p.value) for p in staff.problems()] == [
        ("staff", 1, "education", "初中")]
    bad_line = data.lines[0].model_copy(update={"category": "护工类"})
    lines = data.model_copy(update={"lines": (bad_line,)})
    assert [(p.sheet, p.row, p.field, p.value) for p in lines.problems()] == [
        ("lines", 1, "category", "护工类")]


def test_unknown_category_in_lines_yaml(data_copy: Path):
    _set_contract(data_copy, "categories: [医技辅助类, 护理助理类, 导诊类, 医助类, 职能后勤辅助类]",
                  "categories: [医技辅助类, 护理助理类, 导诊类, 医助类]")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert {p.value for p in info.value.problems} == {"职能后勤辅助类"}
    assert all(p.field == "category" for p in info.value.problems)


# -- dates --------------------------------------------------------------------------------

def test_default_dates_come_from_the_contract_or_today():
    data = load_dataset()
    assert default_start(data) == monday_of(date(2026, 12, 1)) == date(2026, 11, 30)
    ad_hoc = tiny()
    assert default_start(ad_hoc, today=date(2027, 3, 3)) == date(2027, 3, 8)
    assert next_monday(date(2027, 3, 8)) == date(2027, 3, 8)


# -- tender figures -----------------------------------------------------------------------

def test_no_tender_file_no_figure_checks(data_copy: Path):
    (data_copy / "tender_figures.yaml").unlink()
    data = load_dataset(data_copy)
    assert data.tender is None
    assert figure_checks(data) == [] and cost_report(data).figure_checks == ()
    assert cost_report(data).monthly_total == D("311948.52")


def test_a_bad_tender_file_is_located(data_copy: Path):
    path = data_copy / "tender_figures.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("headcount: 46", "headcount: x"),
                    encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    (problem,) = info.value.problems
    assert problem.file.endswith("tender_figures.yaml") and problem.field == "total.headcount"
