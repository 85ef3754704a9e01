"""Scenarios: loading with located problems, applying, headcount reconciliation."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from model.calendar import DayKind
from model.dataset import DataSet
from model.errors import DataError
from model.loaders import DATA_DIR, load_dataset
from model.posts import Need
from model.scenario import (
    PLANNED_HIRE_NAME,
    Scenario,
    apply_scenario,
    headcount_problems,
    load_scenario,
)
from model.staff import HoursRegime

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))


@pytest.fixture(scope="module")
def data() -> DataSet:
    return load_dataset(DATA_DIR)


def applied(data: DataSet, name: str) -> tuple[Scenario, DataSet]:
    path = SCENARIOS / name
    scenario = load_scenario(path, data)
    return scenario, apply_scenario(data, scenario, file=str(path))


def by_line(data: DataSet) -> Counter:
    return Counter(member.line_id for member in data.staff)


def test_the_expected_scenario_files_exist() -> None:
    assert {p.name for p in SCENARIO_FILES} >= {
        "baseline.yaml", "one_stop_desk_24h.yaml", "optometry_plus_one.yaml",
        "guide_minus_one.yaml", "spring_festival_2026.yaml", "management_fee_quote.yaml"}


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_scenario_loads_and_applies(data: DataSet, path: Path) -> None:
    scenario = load_scenario(path, data)
    result = apply_scenario(data, scenario, file=str(path))
    assert scenario.name and scenario.period is not None
    assert result.problems() == []
    assert headcount_problems(result) == []
    assert scenario.name in result.source


def test_baseline_changes_nothing(data: DataSet) -> None:
    scenario, result = applied(data, "baseline.yaml")
    assert result.lines == data.lines and result.staff == data.staff
    assert result.posts == data.posts and result.rules == data.rules
    assert scenario.period.start == date(2026, 11, 30) and scenario.period.start.weekday() == 0


def test_headcount_plus_one_adds_a_planned_hire(data: DataSet) -> None:
    scenario, result = applied(data, "optometry_plus_one.yaml")
    line = result.line_by_id["L02"]
    assert line.headcount == 4 and by_line(result)["L02"] == 4
    new = [m for m in result.staff if m.id not in data.staff_by_id]
    assert len(new) == 1
    hire = new[0]
    assert hire.line_id == "L02" and hire.name.startswith(PLANNED_HIRE_NAME)
    assert hire.name == "新增 视光科助理服务 第1人"  # never the internal id L02-NEW1
    reqs = line.requirements
    start = scenario.period.start
    assert hire.hire_date + timedelta(days=reqs.training_days) < start
    assert reqs.age_ok(hire.age_on(start)) and result.contract.education_at_least(
        hire.education, reqs.min_education)
    assert hire.major in reqs.majors
    assert result.line_by_id["L02"].monthly_fee == 4 * Decimal("6770.16")


def test_headcount_minus_one_removes_the_most_recent_hire(data: DataSet) -> None:
    _, result = applied(data, "guide_minus_one.yaml")
    assert result.line_by_id["L13"].headcount == 3 and by_line(result)["L13"] == 3
    assert set(data.staff_by_id) - set(result.staff_by_id) == {"W028"}
    assert len(result.staff) == 45


def test_decrease_removes_named_staff_first(data: DataSet) -> None:
    scenario = Scenario(name="体检减一", headcount_delta={"L14": -1}, remove_staff=("W029",))
    result = apply_scenario(data, scenario)
    assert set(data.staff_by_id) - set(result.staff_by_id) == {"W029"}
    assert by_line(result)["L14"] == 3


def test_removed_staff_without_headcount_change_is_replaced(data: DataSet) -> None:
    result = apply_scenario(data, Scenario(name="离职", remove_staff=("W046",)))
    it_staff = [m for m in result.staff if m.line_id == "L27"]
    assert len(it_staff) == 1 and it_staff[0].id == "L27-NEW1"
    assert data.contract.start is not None and it_staff[0].hire_date < data.contract.start
    assert it_staff[0].education == "本科"


def test_named_staff_beyond_headcount_is_an_error(data: DataSet) -> None:
    extra = data.staff_by_id["W002"].model_copy(update={"id": "W099"})
    with pytest.raises(DataError) as caught:
        apply_scenario(data, Scenario(name="多一人", add_staff=(extra,)))
    assert "L02" in str(caught.value) and "合同人数" in str(caught.value)


def test_one_stop_desk(data: DataSet) -> None:
    scenario, result = applied(data, "one_stop_desk_24h.yaml")
    line = result.line_by_id["L28"]
    assert line.seq == 28 and line.headcount == 6 and line.unit_cost == Decimal("5000.00")
    members = [m for m in result.staff if m.line_id == "L28"]
    assert len(members) == 6
    assert sum(m.name.startswith(PLANNED_HIRE_NAME) for m in members) == 2
    assert all(m.regime is HoursRegime.COMPREHENSIVE for m in members)
    start = scenario.period.start
    assert all(m.hire_date + timedelta(days=line.requirements.training_days) <= start
               for m in members)
    post = result.post_by_id["ONESTOP_DESK"]
    assert post.around_the_clock and post.window
    for kind in DayKind:
        needs = {item.shift: item.need(kind).min for item in post.demand}
        assert needs == {"A": 2, "P": 1, "N": 1}, kind
    covered = sorted(iv for code in post.shifts for iv in result.shift_by_code[code].intervals())
    assert covered[0][0] == 0 and covered[-1][1] == 1440
    weekly = sum(needs.values()) * 7
    assert weekly <= 5 * line.headcount  # 28 person-shifts a week, 30 available
    assert sum(x.monthly_fee for x in result.lines) == Decimal("311948.52") + 6 * Decimal(5000)


def test_management_fee_quote(data: DataSet) -> None:
    _, result = applied(data, "management_fee_quote.yaml")
    fee = {line.id: line.management_fee for line in result.lines}
    assert fee["L01"] == Decimal("339.86")  # 5664.26 x 6% = 339.8556
    assert fee["L08"] == Decimal("422.99")  # 7049.8 x 6% = 422.988
    assert fee["L07"] == Decimal("500.00")  # flat quote
    monthly = sum(line.monthly_fee for line in result.lines)
    expected = sum(line.headcount * (line.unit_cost + fee[line.id]) for line in result.lines)
    assert monthly == expected > Decimal("311948.52")


def test_spring_festival(data: DataSet) -> None:
    scenario, result = applied(data, "spring_festival_2026.yaml")
    assert (scenario.period.start, scenario.period.end) == (date(2026, 2, 9), date(2026, 2, 22))
    kinds = [d.kind for d in result.calendar.days(scenario.period.start, scenario.period.days)]
    assert kinds.count(DayKind.MAKEUP) == 1 and kinds.count(DayKind.HOLIDAY) == 4
    pec = result.post_by_id["PEC_GUIDE"]
    assert pec.demand_for("D").need(DayKind.WORKDAY).target == 2 and pec.demand_for("上") is None
    assert result.post_by_id["OPT_REFRACT"].demand_for("D").need(DayKind.IN_LIEU).target == 1
    assert result.rules["fair_holidays"].weight == 6000
    assert result.rules["fair_nights"] == data.rules["fair_nights"]


def test_scale_target_never_below_min(data: DataSet) -> None:
    scenario = Scenario.model_validate({
        "name": "减目标", "demand": [{"post_id": "ESP_EXAM", "scale_target": 0.5,
                                     "shifts": ["D"]}]})
    post = apply_scenario(data, scenario).post_by_id["ESP_EXAM"]
    need = post.demand_for("D").need(DayKind.WORKDAY)
    assert (need.min, need.target) == (3, 3)  # 4 x 0.5 = 2, raised to min 3
    assert post.demand_for("值") == data.post_by_id["ESP_EXAM"].demand_for("值")


def test_demand_changes_reach_the_days_whose_need_follows_the_clinics(data: DataSet) -> None:
    # OPD_GUIDE's January 2027 need follows the doctors' schedule (2 on 2027-01-04, a
    # Monday): a scenario scaling its targets scales that need too, and one replacing its
    # demand replaces it on those days as well.
    monday = date(2027, 1, 4)
    post = data.post_by_id["OPD_GUIDE"]
    assert post.need_on("D", monday, DayKind.WORKDAY).target == 2 and post.derived
    more = Scenario.model_validate({"name": "加目标", "demand": [
        {"post_id": "OPD_GUIDE", "scale_target": 2}]})
    scaled = apply_scenario(data, more).post_by_id["OPD_GUIDE"]
    assert scaled.need_on("D", monday, DayKind.WORKDAY) == Need(min=2, target=4)
    fixed = Scenario.model_validate({"name": "固定需求", "demand": [
        {"post_id": "OPD_GUIDE", "demand": [
            {"shift": "D", "by_day": {"workday": {"min": 3, "target": 3}}}]}]})
    replaced = apply_scenario(data, fixed).post_by_id["OPD_GUIDE"]
    assert replaced.derived == () and replaced.need_on("D", monday, DayKind.WORKDAY).target == 3


def test_a_copy_computes_its_cached_lookups_again(data: DataSet) -> None:
    # model.base.Frozen.model_copy: a lookup cached on the original (the post's needs by
    # date) is not carried into a copy whose fields changed. STR_NURSE needs 1 on D on
    # Saturday 2027-01-02 by the clinics, 0 by its fixed Saturday demand.
    post = data.post_by_id["STR_NURSE"]
    saturday = date(2027, 1, 2)
    assert post.need_on("D", saturday, DayKind.SATURDAY) == Need(min=1, target=1)  # cached
    plain = post.model_copy(update={"derived": ()})
    assert plain.need_on("D", saturday, DayKind.SATURDAY) == Need(min=0, target=0)
    assert post.need_on("D", saturday, DayKind.SATURDAY) == Need(min=1, target=1)


def test_fee_shorthand() -> None:
    scenario = Scenario.model_validate({"name": "x", "management_fee": {"*": "5%", "L01": 300}})
    assert scenario.management_fee["*"].percent == 5
    assert scenario.management_fee["L01"].amount == 300


BAD = """\
name: 有错的情景
headcount:
  L99: 2
  L02: -1
headcount_delta:
  L13: -9
rules:
  no_such_rule: {value: 1}
  min_rest_hours: {colour: red}
remove_staff: [W999]
demand:
  - post_id: NOPE
    scale_target: 2
"""


def test_malformed_scenario_lists_every_problem(data: DataSet, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_scenario(path, data)
    problems = caught.value.problems
    found = {(p.field, p.row) for p in problems}
    assert ("headcount.L99", 3) in found        # unknown line id
    assert ("headcount.L02", 4) in found        # negative headcount
    assert ("headcount_delta.L13", 6) in found  # 4 - 9 < 0
    assert ("rules.no_such_rule", 8) in found   # unknown rule
    assert ("rules.min_rest_hours.colour", 9) in found  # unknown rule field
    assert ("remove_staff.0", 10) in found
    assert ("demand.0.post_id", 12) in found
    assert all(p.file == str(path) for p in problems)
    text = str(caught.value)
    assert "未知服务项目" in text and "不能为负数" in text and "未知规则" in text
    assert "bad.yaml" in text and "第 3 行" in text


def test_malformed_scenario_without_data_still_reports_types_and_rules(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_scenario(path)
    fields = {p.field for p in caught.value.problems}
    assert {"headcount.L02", "rules.no_such_rule"} <= fields
    assert "headcount.L99" not in fields  # references need the data set


def test_apply_rejects_unknown_references(data: DataSet) -> None:
    scenario = Scenario(name="x", headcount={"L99": 1}, unit_cost={"L98": Decimal(1)},
                        remove_staff=("W999",))
    with pytest.raises(DataError) as caught:
        apply_scenario(data, scenario)
    assert {p.value for p in caught.value.problems} == {"L99", "L98", "W999"}


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\nheadcount: {L02: 4\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_scenario(path)
    assert caught.value.problems[0].row is not None


def test_removing_a_person_removes_their_absences_and_requests():
    from model.loaders import load_dataset
    from model.scenario import Scenario, apply_scenario

    data = load_dataset()
    # W039 (L21, one person) has an approved outreach absence in December
    scenario = Scenario(name="减员", headcount={"L21": 0}, remove_staff=("W039",))
    changed = apply_scenario(data, scenario)
    assert "W039" not in changed.staff_by_id
    assert all(a.staff_id != "W039" for a in changed.absences)
    assert len(changed.absences) == len(data.absences) - 1
