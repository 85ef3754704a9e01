"""Contract cost, seed figure checks, assessment settlement and overtime: hand-checked."""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from model.contract import ContractTerms, Department, ServiceLine, Site
from model.cost import (
    DeltaStatus,
    assessment_deduction,
    cost_report,
    figure_checks,
    line_costs,
    overtime_cost,
    predicted_score,
    settlement,
)
from model.dataset import DataSet
from model.hours import hourly_wage
from model.loaders import DATA_DIR, load_dataset, load_tender
from model.money import format_yuan
from model.tender import TenderFigures


def _tender() -> TenderFigures:
    """The embedded data's printed tender table (data/tender_figures.yaml)."""
    problems: list = []
    figures = load_tender(DATA_DIR / "tender_figures.yaml", problems)
    assert figures is not None and problems == []
    return figures


TENDER = _tender()
SEED_000_TABLE = TENDER.rows
SEED_000_TOTAL_HEADCOUNT = TENDER.total.headcount
SEED_000_TOTAL_PRINTED = TENDER.total.unit_cost

SEED_FILE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_ce5d929da6d74280.txt"

SITES = (Site(id="ZS43", name="院本部", address="柳州市中山东路43号"),)
DEPTS = (Department(id="D1", name="科室", site_id="ZS43"),)


def _line(line_id: str, seq: int, name: str, headcount: int, cost: str, fee: str = "0",
          category: str = "医技辅助类") -> ServiceLine:
    return ServiceLine(id=line_id, seq=seq, name=name, category=category, department_id="D1",
                       headcount=headcount, unit_cost=D(cost), management_fee=D(fee))


def _data(*lines: ServiceLine) -> DataSet:
    return DataSet(sites=SITES, departments=DEPTS, lines=tuple(lines)).validated()


def _seed_data(**replace: dict) -> DataSet:
    """All 27 lines exactly as printed in seed 000 (management fee 0)."""
    lines = []
    for row in SEED_000_TABLE:
        fields = dict(id=f"L{row.seq:02d}", seq=row.seq, name=row.name, category=row.category,
                      department_id="D1", headcount=row.headcount, unit_cost=row.unit_cost)
        fields.update(replace.get(fields["id"], {}))
        lines.append(ServiceLine(**fields))
    return _data(*lines).model_copy(update={"tender": TENDER})


# -- line costs -------------------------------------------------------------------------

def test_radiology_line_by_hand():
    (cost,) = line_costs(_data(_line("L01", 1, "放射助理服务", 1, "5664.26")))
    assert cost.monthly_fee == D("5664.26")  # 1 x 5664.26
    assert cost.contract_year_fee == D("67971.12")  # x 12
    assert cost.contract_total == D("203913.36")  # x 36
    assert cost.unit_price == D("5664.26")
    assert cost.category == "医技辅助类"


def test_optometry_and_special_exam_by_hand():
    costs = line_costs(_data(_line("L02", 2, "视光科助理服务", 3, "6770.16"),
                             _line("L03", 3, "眼特科助理服务", 5, "6225.66")))
    assert costs[0].monthly_fee == D("20310.48")  # 3 x 6770.16
    assert costs[0].contract_total == D("731177.28")  # 20310.48 x 36
    assert costs[1].monthly_fee == D("31128.30")  # 5 x 6225.66


def test_management_fee_is_added_per_unit():
    (cost,) = line_costs(_data(_line("L02", 2, "视光科助理服务", 3, "6770.16", fee="300")))
    assert cost.unit_price == D("7070.16")
    assert cost.cost_budget == D("20310.48")
    assert cost.monthly_fee == D("21210.48")  # 3 x (6770.16 + 300)
    assert cost.contract_total == D("763577.28")  # x 36


def test_report_totals_of_two_lines():
    data = _data(_line("L01", 1, "放射助理服务", 1, "5664.26", fee="200"),
                 _line("L02", 2, "视光科助理服务", 3, "6770.16", fee="300"))
    report = cost_report(data)
    assert report.headcount_total == 4
    assert report.cost_budget_monthly == D("25974.74")  # 5664.26 + 20310.48
    assert report.management_fee_monthly == D("1100")  # 1 x 200 + 3 x 300
    assert report.monthly_total == D("27074.74")  # 5864.26 + 21210.48
    assert report.contract_year_total == D("324896.88")  # x 12
    assert report.contract_years == (D("324896.88"),) * 3
    assert report.contract_total == D("974690.64")  # x 36
    assert report.delta is None


def test_seed_table_report_uses_the_formula():
    report = cost_report(_seed_data())
    # each line's headcount x unit cost, multiplied out by hand
    products = ["5664.26", "20310.48", "31128.30", "25104.18", "7299.36", "6181.26",
                "40982.88", "14099.60", "12101.80", "5940.26", "4579.56", "6230.16",
                "17885.04", "22312.24", "4707.36", "4455.36", "8571.96", "6672.96",
                "7098.66", "7391.16", "7023.06", "10534.06", "8942.52", "7383.26",
                "5917.26", "5917.26", "7514.26"]
    assert [c.monthly_fee for c in report.lines] == [D(p) for p in products]
    assert report.headcount_total == 46
    assert report.monthly_total == D("311948.52")
    assert report.contract_total == D("11230146.72")  # 311948.52 x 36
    assert report.unit_cost_plain_sum == D("181727.60")
    keys = {c.key for c in report.figure_checks}
    assert {"total.printed_vs_plain_sum", "total.printed_vs_formula"} <= keys


# -- scenario deltas --------------------------------------------------------------------

def test_delta_headcount_plus_one():
    baseline = _data(_line("L01", 1, "放射助理服务", 1, "5664.26", fee="200"),
                     _line("L02", 2, "视光科助理服务", 3, "6770.16", fee="300"))
    scenario = _data(_line("L01", 1, "放射助理服务", 1, "5664.26", fee="200"),
                     _line("L02", 2, "视光科助理服务", 4, "6770.16", fee="300"))
    delta = cost_report(scenario, baseline).delta
    assert delta is not None
    assert delta.monthly_before == D("27074.74")
    assert delta.monthly_after == D("34144.90")  # 5864.26 + 4 x 7070.16
    assert delta.monthly_delta == D("7070.16")  # one more unit at 6770.16 + 300
    assert delta.contract_year_delta == D("84841.92")  # x 12
    assert delta.contract_delta == D("254525.76")  # x 36
    assert delta.headcount_delta == 1
    l01, l02 = delta.lines
    assert l01.status is DeltaStatus.UNCHANGED and l01.monthly_delta == 0
    assert l02.status is DeltaStatus.CHANGED
    assert (l02.headcount_before, l02.headcount_after, l02.headcount_delta) == (3, 4, 1)
    assert l02.contract_delta == D("254525.76")
    assert delta.changed() == (l02,)
    assert delta.added == () and delta.removed == ()


def test_delta_with_added_and_removed_lines():
    baseline = _data(_line("L01", 1, "放射助理服务", 1, "5664.26", fee="200"),
                     _line("L02", 2, "视光科助理服务", 3, "6770.16", fee="300"))
    scenario = _data(_line("L02", 2, "视光科助理服务", 3, "6770.16", fee="300"),
                     _line("L28", 28, "一站式后勤服务中心", 2, "4000", category="职能后勤辅助类"))
    delta = cost_report(scenario, baseline).delta
    assert delta is not None
    assert delta.added == ("L28",)
    assert delta.removed == ("L01",)
    by_id = {d.line_id: d for d in delta.lines}
    assert [d.line_id for d in delta.lines] == ["L02", "L28", "L01"]
    assert by_id["L28"].status is DeltaStatus.ADDED
    assert by_id["L28"].monthly_delta == D("8000")  # 2 x 4000
    assert by_id["L01"].status is DeltaStatus.REMOVED
    assert by_id["L01"].monthly_delta == D("-5864.26")
    assert by_id["L01"].headcount_delta == -1
    assert delta.monthly_delta == D("2135.74")  # 8000 - 5864.26
    assert delta.contract_delta == D("76886.64")  # x 36
    assert delta.headcount_delta == 1


# -- seed figure checks -----------------------------------------------------------------

def test_seed_table_constant_totals():
    assert len(SEED_000_TABLE) == 27
    assert sum(r.headcount for r in SEED_000_TABLE) == SEED_000_TOTAL_HEADCOUNT == 46
    assert SEED_000_TOTAL_PRINTED == D("181727.6")


def test_printed_total_is_plain_sum_not_formula():
    checks = {c.key: c for c in figure_checks(_seed_data())}
    plain = checks["total.printed_vs_plain_sum"]
    assert plain.agrees
    assert plain.printed == D("181727.6") and plain.computed == D("181727.60")
    formula = checks["total.printed_vs_formula"]
    assert not formula.agrees
    assert formula.printed == D("181727.6") and formula.computed == D("311948.52")
    assert "¥181,727.60" in formula.explanation and "¥311,948.52" in formula.explanation
    assert "不一致" in formula.explanation
    assert checks["total.headcount"].agrees and checks["total.headcount"].computed == 46
    assert checks["total.lines"].agrees
    # every per-line figure agrees with the printed table
    per_line = [c for k, c in checks.items() if k.startswith("seq")]
    assert len(per_line) == 27 * 4
    assert all(c.agrees for c in per_line)
    assert all(c.seed_ref.startswith("采购需求第3节") for c in checks.values())


def test_figure_checks_find_a_typo_and_a_changed_headcount():
    data = _seed_data(L02={"unit_cost": D("6770.61")}, L13={"headcount": 5})
    checks = {c.key: c for c in figure_checks(data)}
    typo = checks["seq02.unit_cost"]
    assert not typo.agrees
    assert typo.printed == D("6770.16") and typo.computed == D("6770.61")
    assert "¥6,770.16" in typo.explanation and "¥6,770.61" in typo.explanation
    heads = checks["seq13.headcount"]
    assert not heads.agrees and (heads.printed, heads.computed) == (4, 5)
    assert not checks["total.headcount"].agrees  # 47 vs 46
    assert not checks["total.printed_vs_plain_sum"].agrees  # 181728.05 vs 181727.6
    assert checks["total.printed_vs_plain_sum"].computed == D("181728.05")


def test_figure_checks_report_missing_and_extra_lines():
    lines = [ServiceLine(id=f"L{r.seq:02d}", seq=r.seq, name=r.name, category=r.category,
                         department_id="D1", headcount=r.headcount, unit_cost=r.unit_cost)
             for r in SEED_000_TABLE if r.seq != 24]
    lines.append(_line("L28", 28, "一站式后勤服务中心", 3, "4000", category="职能后勤辅助类"))
    checks = {c.key: c for c in figure_checks(_data(*lines), TENDER)}
    assert not checks["seq24.exists"].agrees
    assert "司机服务" in checks["seq24.exists"].explanation
    assert not checks["L28.extra"].agrees
    assert checks["total.lines"].agrees  # 27 lines, but not the same 27


def test_seed_table_transcription_matches_seed_text():
    if not SEED_FILE.exists():
        pytest.skip(f"seed file {SEED_FILE} not available")
    text = SEED_FILE.read_text(encoding="utf-8")
    table = text[text.index("月服务费合计（元）"):text.index("备注：1.")]
    tokens = [t.strip() for t in table.splitlines() if t.strip()]
    rows = []
    for i, token in enumerate(tokens):
        if token.endswith("服务") and re.fullmatch(r"\d+", tokens[i + 1]):
            rows.append((token, int(tokens[i + 1]), D(tokens[i + 2])))
    assert rows == [(r.name, r.headcount, r.unit_cost) for r in SEED_000_TABLE]
    total = tokens.index("总计")
    assert int(tokens[total + 1]) == SEED_000_TOTAL_HEADCOUNT
    assert D(tokens[total + 2]) == SEED_000_TOTAL_PRINTED


def test_embedded_data_against_seed_figures():
    if not (DATA_DIR / "lines.yaml").exists():
        pytest.skip("data/ not yet present")
    from model.loaders import load_dataset

    checks = {c.key: c for c in figure_checks(load_dataset())}
    disagreeing = [f"{c.key}: {c.explanation}" for c in checks.values()
                   if not c.agrees and c.key != "total.printed_vs_formula"]
    assert disagreeing == []
    assert not checks["total.printed_vs_formula"].agrees
    assert checks["total.printed_vs_formula"].computed == D("311948.52")


# -- assessment (attachment 28) ---------------------------------------------------------

FEE = D("5664.26")
SHEET = load_dataset().assessment
assert SHEET is not None


@pytest.mark.parametrize(("score", "deduction"), [
    (100, "0.00"),
    ("99.5", "5.00"),  # 0.5 point x 10 yuan
    (99, "10.00"),
    (85, "150.00"),  # 15 points x 10 yuan
    ("84.9", "566.43"),  # 10 % of 5664.26 = 566.426
    (70, "566.43"),
    ("69.9", "1132.85"),  # 20 % = 1132.852
    (69, "1132.85"),
    (60, "1132.85"),
    ("59.9", "2832.13"),  # 50 % = 2832.13
    (59, "2832.13"),
    (0, "2832.13"),
])
def test_assessment_boundaries(score, deduction):
    assert assessment_deduction(score, FEE, SHEET) == D(deduction)
    assert settlement(score, FEE, SHEET) == FEE - D(deduction)


def test_settlement_examples():
    assert settlement(100, FEE, SHEET) == D("5664.26")
    assert settlement(85, FEE, SHEET) == D("5514.26")
    # 20310.48 - 2031.048 -> 2031.05
    assert settlement(70, D("20310.48"), SHEET) == D("18279.43")


def test_points_deduction_never_exceeds_fee():
    assert assessment_deduction(85, D("100"), SHEET) == D("100.00")


@pytest.mark.parametrize("score", [-1, "100.1", 101])
def test_score_out_of_range(score):
    with pytest.raises(ValueError):
        assessment_deduction(score, FEE, SHEET)


def test_predicted_score_is_capped_at_the_item():
    # attachment 28: 不能按时完成医院安排的工作任务 15 points a time, under
    # 执行力与团队协作 (20 points, 扣完为止)
    assert predicted_score(0, SHEET) == 100
    assert predicted_score(1, SHEET) == 85
    assert predicted_score(2, SHEET) == 80
    assert predicted_score(3, SHEET) == 80  # not 55
    assert predicted_score(7, SHEET) == 80
    assert assessment_deduction(predicted_score(1, SHEET), FEE, SHEET) == D("150.00")
    assert assessment_deduction(predicted_score(3, SHEET), FEE, SHEET) == D("566.43")
    with pytest.raises(ValueError):
        predicted_score(-1, SHEET)


# -- overtime ---------------------------------------------------------------------------

def test_overtime_cost_by_hand():
    # monthly wage 5664.26 x 0.6 = 3398.556; / 21.75 / 8 = 19.531931...
    hourly = hourly_wage(D("5664.26"), 0.6)
    assert D("19.5319") < hourly < D("19.5320")
    assert overtime_cost(D("5664.26"), 0.6, 2, 0, 0) == D("58.60")  # 2 h x 1.5 = 58.5958
    assert overtime_cost(D("5664.26"), 0.6, 0, 3, 0) == D("117.19")  # 3 h x 2 = 117.1916
    assert overtime_cost(D("5664.26"), 0.6, 0, 0, 8) == D("468.77")  # 8 h x 3 = 468.7663
    # all together: 19.531931 x (3 + 6 + 24) = 644.5537
    assert overtime_cost(D("5664.26"), 0.6, 2, 3, 8) == D("644.55")
    assert overtime_cost(D("5664.26"), 0.6) == D("0.00")
    assert overtime_cost(D("5664.26"), 0.6, D("0.5")) == D("14.65")  # 0.75 x 19.5319


# -- display ----------------------------------------------------------------------------

def test_format_yuan():
    assert format_yuan(D("181727.6")) == "¥181,727.60"
    assert format_yuan(D("11230146.72")) == "¥11,230,146.72"
    assert format_yuan(0) == "¥0.00"
    assert format_yuan(D("-1234.5")) == "-¥1,234.50"
    assert format_yuan(D("5664.255")) == "¥5,664.26"  # half up
    assert format_yuan(D("999.994")) == "¥999.99"
    assert ContractTerms().months == 36


def test_seed_checks_on_lines_loaded_from_yaml(tmp_path):
    """The same checks through the YAML loader: plain YAML floats (7049.8) keep their
    printed value as Decimal."""
    from model.loaders import load_dataset

    rows = "\n".join(
        f"  - {{id: L{r.seq:02d}, seq: {r.seq}, name: {r.name}, category: {r.category}, "
        f"department_id: D1, headcount: {r.headcount}, unit_cost: {r.unit_cost}}}"
        for r in SEED_000_TABLE)
    (tmp_path / "lines.yaml").write_text(f"lines:\n{rows}\n", encoding="utf-8")
    (tmp_path / "departments.yaml").write_text(
        "departments:\n  - {id: D1, name: 科室, site_id: ZS43}\n", encoding="utf-8")
    for name in ("staff", "shifts", "posts"):  # required files, empty for a cost-only folder
        (tmp_path / f"{name}.yaml").write_text(f"{name}: []\n", encoding="utf-8")
    data = load_dataset(tmp_path)
    assert data.line_by_id["L08"].unit_cost == D("7049.8")
    checks = figure_checks(data, TENDER)
    assert [c.key for c in checks if not c.agrees] == ["total.printed_vs_formula"]
    assert cost_report(data).monthly_total == D("311948.52")
