"""What-if scenarios over the embedded data set (scenarios/*.yaml).

A scenario changes headcounts, prices, demand, rules, and may add lines, posts, shifts,
departments and staff or remove staff. `apply_scenario` returns a validated copy of the data
set in which every line's headcount equals its number of staff: a headcount increase without
named staff is filled with planned hires (待招聘), a decrease removes the named staff or else
the most recently hired of that line.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace as dc_replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from model.base import Frozen
from model.contract import Department, FeeQuote, ServiceLine
from model.dataset import DataSet
from model.errors import DataError, Problem
from model.loaders import pydantic_problems, read_yaml
from model.posts import Need, Post, ShiftDemand
from model.rules import RULE_IDS
from model.shifts import ShiftType
from model.staff import Certificate, Gender, HoursRegime, Staff

#: Key of `management_fee` that applies to every line not named.
ALL_LINES = "*"
#: Extra days between a planned hire's training end and the period start.
PLANNED_HIRE_MARGIN_DAYS = 7
#: The start of every planned hire's name (新增 <项目名称> 第1人).
PLANNED_HIRE_NAME = "新增"
#: What marks a planned hire's internal id (<项目编号>-NEW1).
PLANNED_HIRE_MARK = "-NEW"

NonNegativeInt = Annotated[int, Field(ge=0)]
NonNegativeMoney = Annotated[Decimal, Field(ge=0)]


def _money(value: object) -> object:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


class DemandChange(Frozen):
    """Replace a post's demand list, or scale its targets (never below min). On the dates
    where the post's need follows the doctors' schedule (Post.derived), a replaced list
    replaces that need too (the derived needs are dropped) and a scaling scales it too."""

    post_id: str
    demand: tuple[ShiftDemand, ...] | None = Field(None, description="New demand list")
    scale_target: float | None = Field(None, ge=0, description="Multiply every target")
    shifts: tuple[str, ...] = Field((), description="Shifts the scaling applies to; empty = all")

    @model_validator(mode="after")
    def _one_kind(self) -> DemandChange:
        if (self.demand is None) == (self.scale_target is None):
            raise ValueError("需求变更须给出 demand（替换）或 scale_target（按比例调整目标）之一")
        if self.demand is not None and not self.demand:
            raise ValueError("替换的需求列表不能为空")
        return self

    def apply(self, post: Post) -> Post:
        if self.demand is not None:
            return post.model_copy(update={"demand": self.demand, "derived": ()})
        factor = self.scale_target or 0.0

        def scaled(need: Need) -> Need:
            return Need(min=need.min, target=max(need.min, math.floor(need.target * factor + 0.5)))

        derived = tuple(
            item if self.shifts and item.shift not in self.shifts
            else item.model_copy(update={"target": scaled(item.need).target})
            for item in post.derived)
        items = []
        for item in post.demand:
            if self.shifts and item.shift not in self.shifts:
                items.append(item)
                continue
            by_day = {kind: scaled(need) for kind, need in item.by_day.items()}
            items.append(item.model_copy(update={"by_day": by_day}))
        return post.model_copy(update={"demand": tuple(items), "derived": derived})


class Period(Frozen):
    """The roster period the scenario is meant for."""

    start: date
    weeks: int = Field(4, ge=1, le=53)

    @property
    def days(self) -> int:
        return 7 * self.weeks

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)


class RuleChange(Frozen):
    """Fields of a rule a scenario may change."""

    value: float | None = None
    hard: bool | None = None
    weight: NonNegativeInt | None = None

    def changes(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.model_fields_set}


class Scenario(Frozen):
    """A named set of changes to the data set (see scenarios/*.yaml)."""

    name: str = Field(min_length=1)
    description: str = ""
    period: Period | None = None
    headcount: dict[str, NonNegativeInt] = Field(
        default_factory=dict, description="New headcount per line id")
    headcount_delta: dict[str, int] = Field(
        default_factory=dict, description="Headcount change per line id (+1, -1)")
    management_fee: dict[str, FeeQuote] = Field(
        default_factory=dict, description="Fee per line id; '*' applies to every other line")
    unit_cost: dict[str, NonNegativeMoney] = Field(
        default_factory=dict, description="New monthly cost budget per line id")
    demand: tuple[DemandChange, ...] = ()
    add_departments: tuple[Department, ...] = ()
    add_lines: tuple[ServiceLine, ...] = ()
    add_shifts: tuple[ShiftType, ...] = ()
    add_posts: tuple[Post, ...] = ()
    add_staff: tuple[Staff, ...] = ()
    remove_staff: tuple[str, ...] = ()
    rules: dict[str, RuleChange] = Field(
        default_factory=dict, description="rule id -> {value, hard, weight}")

    @field_validator("unit_cost", mode="before")
    @classmethod
    def _costs(cls, value: object) -> object:
        if isinstance(value, dict):
            return {key: _money(item) for key, item in value.items()}
        return value

    def start(self, data: DataSet, today: date | None = None) -> date:
        """Reference date for planned hires: the period start, else the contract's start in
        `data`, else today."""
        return self.period.start if self.period else data.contract.reference_date(today)


# -- loading ------------------------------------------------------------------------------

def load_scenario(path: Path | str, data: DataSet | None = None) -> Scenario:
    """Read and validate a scenario file. With `data`, references (line ids, staff ids, post
    ids, shifts) are checked too. Raises DataError listing every problem, each with the file,
    its line number in the file and the field."""
    path = Path(path)
    file = str(path)
    problems: list[Problem] = []
    if not path.exists():
        raise DataError([Problem(file, "情景文件不存在")])
    raw = read_yaml(path, problems)
    if problems:
        raise DataError(problems)
    if not isinstance(raw, dict):
        raise DataError([Problem(file, "情景文件应为映射（name:, headcount:, ...）")])
    lines = _yaml_lines(path.read_text(encoding="utf-8"))
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        problems += pydantic_problems(file, exc)
    problems += scenario_problems(raw, data, file)
    if problems:
        raise DataError([_with_row(p, lines) for p in problems])
    assert scenario is not None
    return scenario


def scenario_problems(raw: dict[str, Any], data: DataSet | None, file: str) -> list[Problem]:
    """Checks beyond the types: unknown rules always; with `data`, unknown or duplicate ids.
    Works on the raw mapping (a parsed file or `Scenario.model_dump()`), so that it reports
    alongside type errors."""
    out: list[Problem] = []

    def add(message: str, field: str, value: object = None) -> None:
        out.append(Problem(file, message, field=field, value=value))

    for rule_id in _mapping(raw.get("rules")):
        if rule_id not in RULE_IDS:
            add("未知规则", f"rules.{rule_id}", rule_id)
    both = set(_mapping(raw.get("headcount"))) & set(_mapping(raw.get("headcount_delta")))
    for line_id in sorted(both):
        add("同一项目不能同时给出 headcount 和 headcount_delta", f"headcount_delta.{line_id}",
            line_id)
    if data is None:
        return out

    added_lines = _ids(raw.get("add_lines"), "id")
    line_ids = {line.id for line in data.lines} | set(added_lines)
    for key in ("headcount", "headcount_delta", "unit_cost", "management_fee"):
        for line_id in _mapping(raw.get(key)):
            if line_id == ALL_LINES and key == "management_fee":
                continue
            if line_id not in line_ids:
                add("未知服务项目", f"{key}.{line_id}", line_id)
    for line_id, delta in _mapping(raw.get("headcount_delta")).items():
        line = data.line_by_id.get(line_id)
        if line is not None and isinstance(delta, int) and line.headcount + delta < 0:
            add(f"调整后人数为负（现有 {line.headcount} 人）", f"headcount_delta.{line_id}",
                delta)

    existing = [("add_lines", "id", {x.id for x in data.lines}, "服务项目编号已存在"),
                ("add_posts", "id", {x.id for x in data.posts}, "岗位编号已存在"),
                ("add_shifts", "code", {x.code for x in data.shifts}, "班次代码已存在"),
                ("add_departments", "id", {x.id for x in data.departments}, "科室编号已存在"),
                ("add_staff", "id", {x.id for x in data.staff}, "工号已存在")]
    for key, id_field, known, message in existing:
        ids = _ids(raw.get(key), id_field)
        counts = Counter(ids)
        for index, item_id in enumerate(ids):
            if item_id in known:
                add(message, f"{key}.{index}.{id_field}", item_id)
            elif counts[item_id] > 1:
                add("情景内重复的编号", f"{key}.{index}.{id_field}", item_id)

    staff_ids = {member.id for member in data.staff}
    for index, staff_id in enumerate(_sequence(raw.get("remove_staff"))):
        if staff_id not in staff_ids:
            add("未知工号", f"remove_staff.{index}", staff_id)

    # Raw YAML values: a malformed shift entry is kept as it is so that it is reported below.
    post_shifts: dict[str, set[Any]] = {post.id: set(post.shifts) for post in data.posts}
    for item in _sequence(raw.get("add_posts")):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            post_shifts[item["id"]] = {d.get("shift") for d in _sequence(item.get("demand"))
                                       if isinstance(d, dict)}
    shift_codes = {shift.code for shift in data.shifts} | set(_ids(raw.get("add_shifts"),
                                                                     "code"))
    for index, change in enumerate(_sequence(raw.get("demand"))):
        if not isinstance(change, dict):
            continue
        post_id = change.get("post_id")
        if post_id not in post_shifts:
            add("未知岗位", f"demand.{index}.post_id", post_id)
            continue
        for j, shift in enumerate(_sequence(change.get("shifts"))):
            if shift not in post_shifts[post_id]:
                add("该岗位没有此班次", f"demand.{index}.shifts.{j}", shift)
        for j, item in enumerate(_sequence(change.get("demand"))):
            shift = item.get("shift") if isinstance(item, dict) else None
            if shift not in shift_codes:
                add("未知班次", f"demand.{index}.demand.{j}.shift", shift)
    return out


# -- applying -----------------------------------------------------------------------------

def apply_scenario(data: DataSet, scenario: Scenario, *, file: str = "") -> DataSet:
    """A validated copy of `data` with the scenario's changes; staff per line == headcount."""
    file = file or f"情景 {scenario.name}"
    problems = scenario_problems(scenario.model_dump(), data, file)
    if problems:
        raise DataError(problems)
    start = scenario.start(data)

    shifts = (*data.shifts, *scenario.add_shifts)
    departments = (*data.departments, *scenario.add_departments)
    added_line_ids = {line.id for line in scenario.add_lines}
    lines = tuple(_changed_line(line, scenario) for line in (*data.lines, *scenario.add_lines))
    posts = list((*data.posts, *scenario.add_posts))
    for change in scenario.demand:
        posts = [change.apply(post) if post.id == change.post_id else post for post in posts]

    removed = set(scenario.remove_staff)
    staff = [member for member in data.staff if member.id not in removed]
    staff += scenario.add_staff
    added_ids = {member.id for member in scenario.add_staff}
    changed = set(scenario.headcount) | set(scenario.headcount_delta) | added_line_ids
    certificate_types = {c.id: c for c in data.certificate_types}

    problems = []
    for line in lines:
        members = [member for member in staff if member.line_id == line.id]
        if len(members) > line.headcount:
            if line.id not in changed:
                problems.append(Problem(
                    file, f"项目 {line.id}（{line.name}）合同人数 {line.headcount}，"
                          f"但有 {len(members)} 名员工：请同时在 headcount 中修改人数",
                    field=f"add_staff.{line.id}", value=len(members)))
                continue
            excess = len(members) - line.headcount
            order = sorted(members, key=lambda m: (m.id not in added_ids, m.hire_date, m.id),
                           reverse=True)
            drop = {member.id for member in order[:excess]}
            staff = [member for member in staff if member.id not in drop]
        elif len(members) < line.headcount:
            taken = {member.id for member in staff}
            posts_of_line = [post for post in posts if line.id in post.lines]
            staff += _planned_hires(line, line.headcount - len(members), members, taken,
                                    posts_of_line, certificate_types, start)
    if problems:
        raise DataError(problems)

    rules = data.rules.with_changes({rule_id: change.changes()
                                     for rule_id, change in scenario.rules.items()})
    kept = {member.id for member in staff}
    result = data.with_changes(
        shifts=shifts, departments=departments, lines=lines, posts=tuple(posts),
        staff=tuple(staff), rules=rules,
        # a removed person's own absences, requests, pins and roster tail go with them
        absences=tuple(a for a in data.absences if a.staff_id in kept),
        requests=tuple(r for r in data.requests if r.staff_id in kept),
        pins=tuple(p for p in data.pins if p.staff_id in kept),
        tails=tuple(t for t in data.tails if t.staff_id in kept),
        training_done=tuple(r for r in data.training_done if r.staff_id in kept),
        source=f"{data.source} + 情景 {scenario.name}" if data.source else f"情景 {scenario.name}")
    _assert_headcounts(result, file)
    return result


def headcount_problems(data: DataSet, file: str = "数据") -> list[Problem]:
    """Lines whose contracted headcount differs from their number of staff."""
    counts = Counter(member.line_id for member in data.staff)
    return [Problem(file, f"项目 {line.id}（{line.name}）合同人数 {line.headcount}，"
                          f"实有员工 {counts.get(line.id, 0)} 人，二者必须相等",
                    field=f"lines.{line.id}.headcount", value=line.headcount)
            for line in data.lines if counts.get(line.id, 0) != line.headcount]


def _assert_headcounts(data: DataSet, file: str) -> None:
    problems = headcount_problems(data, file)
    if problems:
        raise DataError(problems)


def _changed_line(line: ServiceLine, scenario: Scenario) -> ServiceLine:
    update: dict[str, object] = {}
    if line.id in scenario.unit_cost:
        update["unit_cost"] = scenario.unit_cost[line.id]
    quote = scenario.management_fee.get(line.id) or scenario.management_fee.get(ALL_LINES)
    if quote is not None:
        update["fee"] = quote
    if line.id in scenario.headcount:
        update["headcount"] = scenario.headcount[line.id]
    elif line.id in scenario.headcount_delta:
        update["headcount"] = line.headcount + scenario.headcount_delta[line.id]
    if not update:
        return line
    return ServiceLine.model_validate({**line.model_dump(), **update})


def _planned_hires(line: ServiceLine, count: int, members: list[Staff], taken: set[str],
                   posts: list[Post], certificate_types: dict, start: date) -> list[Staff]:
    """Template staff meeting the line's requirements, hired and trained before `start`."""
    reqs = line.requirements
    if reqs.max_age is None:
        age = 30
    else:
        limit = reqs.max_age if reqs.age_inclusive else reqs.max_age - 1
        age = max(20, min(30, limit - 3))
    birth = _years_before(start, age) - timedelta(days=180)
    hire = start - timedelta(days=reqs.training_days + PLANNED_HIRE_MARGIN_DAYS)
    genders = Counter(member.gender for member in members)
    gender = genders.most_common(1)[0][0] if genders else Gender.FEMALE
    regime = (HoursRegime.COMPREHENSIVE if any(post.around_the_clock for post in posts)
              else HoursRegime.STANDARD)
    certificates = []
    for type_id in reqs.required_certificates:
        cert_type = certificate_types.get(type_id)
        expires = cert_type is None or cert_type.expires
        certificates.append(Certificate(
            type_id=type_id, number="待提供",
            expires_on=_years_before(start, -3) if expires else None))
    hires: list[Staff] = []
    number = 0
    while len(hires) < count:
        number += 1
        staff_id = f"{line.id}{PLANNED_HIRE_MARK}{number}"
        if staff_id in taken:
            continue
        hires.append(Staff(
            id=staff_id, name=planned_hire_name(line.name, number), gender=gender,
            birth_date=birth, education=reqs.min_education,
            major=reqs.majors[0] if reqs.majors else "",
            height_cm=reqs.min_height_cm + 5 if reqs.min_height_cm else None,
            hire_date=hire, line_id=line.id, certificates=tuple(certificates), regime=regime))
    return hires


def planned_hire_name(line_name: str, number: int) -> str:
    """How a planned hire is named to users: 新增 <项目名称> 第1人."""
    return f"{PLANNED_HIRE_NAME} {line_name} 第{number}人"


def is_planned_hire(staff_id: str) -> bool:
    """A member created by `apply_scenario` or planning (its id is internal, never shown)."""
    return PLANNED_HIRE_MARK in staff_id


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# -- helpers ------------------------------------------------------------------------------

def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _sequence(value: object) -> list:
    return list(value) if isinstance(value, list | tuple) else []


def _ids(value: object, field: str) -> list[str]:
    return [item[field] for item in _sequence(value)
            if isinstance(item, dict) and isinstance(item.get(field), str)]


def _yaml_lines(text: str) -> dict[tuple[str, ...], int]:
    """Line number (1-based) of every key / list item in a YAML text, by its dotted path."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    found: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, str(key.value))
                found[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                sub = (*path, str(index))
                found[sub] = value.start_mark.line + 1
                walk(value, sub)

    if root is not None:
        walk(root, ())
    return found


def _with_row(problem: Problem, lines: dict[tuple[str, ...], int]) -> Problem:
    """Locate a problem's field in the file: the line of the longest known prefix."""
    if problem.row is not None or not problem.field:
        return problem
    parts = tuple(problem.field.split("."))
    for size in range(len(parts), 0, -1):
        row = lines.get(parts[:size])
        if row is not None:
            return dc_replace(problem, row=row)
    return problem
