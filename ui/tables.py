"""Editable tables of the app and their conversion back into model objects.

Each `*_frame` builds the DataFrame an `st.data_editor` shows (Chinese headers); each
`*_from_frame` reads the edited frame back into validated model objects, collecting every
problem (located by table and row) instead of stopping at the first. Validation itself is
the models' (pydantic validators, `DataSet.with_changes`, `apply_scenario`): nothing is
checked twice here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, SupportsFloat, SupportsIndex, TypeVar

import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError

from model.contract import FeeQuote, ServiceLine
from model.dataset import DataSet
from model.errors import Problem
from model.events import Absence, AbsenceKind, LeaveStatus, Pin, Request, RequestKind
from model.loaders import pydantic_problems
from model.rules import RuleSet
from model.scenario import Scenario
from model.vocabulary import plain
from ui.formatting import staff_id_of, staff_label

T = TypeVar("T", bound=BaseModel)

TABLE_ABSENCES = "请假"
TABLE_REQUESTS = "排班请求"
TABLE_PINS = "固定排班"
TABLE_RULES = "规则"
TABLE_LINES = "服务项目"

ABSENCE_COLUMNS = ["工号", "类型", "开始", "结束", "状态", "备注"]
REQUEST_COLUMNS = ["工号", "日期", "类型", "班次", "权重"]
PIN_COLUMNS = ["工号", "日期", "岗位", "班次"]
RULE_COLUMNS = ["编号", "规则", "数值", "硬约束", "权重", "单位", "来源"]
LINE_COLUMNS = ["编号", "序号", "服务项目", "类别", "科室", "人数", "成本预算", "管理费"]


# -- cell values --------------------------------------------------------------------------

def blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT:
        return True
    return isinstance(value, str) and not value.strip()


def as_date(value: object) -> date | None:
    if blank(value):
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def as_text(value: object) -> str | None:
    return None if blank(value) else str(value).strip()


def as_int(value: object) -> int | None:
    if blank(value):
        return None
    if not isinstance(value, str | bytes | SupportsFloat | SupportsIndex):
        return None  # float() would raise TypeError
    try:
        return int(round(float(value)))
    except (TypeError, ValueError):
        return None


def as_money(value: object) -> Decimal | None:
    if blank(value):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None


def _rows(frame: pd.DataFrame) -> list[tuple[int, dict[str, Any]]]:
    """Non-empty rows with their 1-based position in the table."""
    out = []
    for position, (_, row) in enumerate(frame.iterrows(), start=1):
        values = row.to_dict()
        if all(blank(v) or v is False for v in values.values()):
            continue
        out.append((position, values))
    return out


def _build(model: type[T], fields: dict[str, Any], table: str, row: int,
           problems: list[Problem]) -> T | None:
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        problems.extend(pydantic_problems(table, exc, row=row, sheet=table))
        return None


def _read(frame: pd.DataFrame, table: str, model: type[T],
          fields: Callable[[dict[str, Any]], dict[str, Any]]) -> tuple[list[T], list[Problem]]:
    items: list[T] = []
    problems: list[Problem] = []
    for row, values in _rows(frame):
        item = _build(model, fields(values), table, row, problems)
        if item is not None:
            items.append(item)
    return items, problems


# -- absences, requests, pins -------------------------------------------------------------

def absences_frame(data: DataSet) -> pd.DataFrame:
    rows = [{"工号": staff_label(data, a.staff_id), "类型": a.kind.value, "开始": a.start,
             "结束": a.end, "状态": a.status.value, "备注": a.note} for a in data.absences]
    return pd.DataFrame(rows, columns=ABSENCE_COLUMNS)


def absences_from_frame(frame: pd.DataFrame) -> tuple[list[Absence], list[Problem]]:
    return _read(frame, TABLE_ABSENCES, Absence, lambda v: {
        "staff_id": staff_id_of(v.get("工号")) if not blank(v.get("工号")) else None,
        "kind": as_text(v.get("类型")), "start": as_date(v.get("开始")),
        "end": as_date(v.get("结束")) or as_date(v.get("开始")),
        "status": as_text(v.get("状态")) or LeaveStatus.APPROVED,
        "note": as_text(v.get("备注")) or ""})


def requests_frame(data: DataSet) -> pd.DataFrame:
    rows = [{"工号": staff_label(data, r.staff_id), "日期": r.day, "类型": r.kind.value,
             "班次": r.shift or "", "权重": r.weight} for r in data.requests]
    return pd.DataFrame(rows, columns=REQUEST_COLUMNS)


def requests_from_frame(frame: pd.DataFrame) -> tuple[list[Request], list[Problem]]:
    def fields(v: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "staff_id": staff_id_of(v.get("工号")) if not blank(v.get("工号")) else None,
            "day": as_date(v.get("日期")), "kind": as_text(v.get("类型")),
            "shift": as_text(v.get("班次"))}
        weight = as_int(v.get("权重"))
        if weight is not None:
            out["weight"] = weight
        return out

    return _read(frame, TABLE_REQUESTS, Request, fields)


def post_choices(data: DataSet) -> dict[str, str]:
    """Each post by the words a planner reads (科室 · 岗位, numbered when two read alike),
    mapped to its id: the options of a post column and their reading back."""
    departments = {d.id: d.name for d in data.departments}
    out: dict[str, str] = {}
    for post in data.posts:
        label = f"{departments.get(post.department_id, '')} · {post.name}".strip(" ·")
        n = 2
        while label in out:
            label = f"{departments.get(post.department_id, '')} · {post.name}（{n}）"
            n += 1
        out[label] = post.id
    return out


def pins_frame(data: DataSet) -> pd.DataFrame:
    names = {post_id: label for label, post_id in post_choices(data).items()}
    rows = [{"工号": staff_label(data, p.staff_id), "日期": p.day,
             "岗位": names.get(p.post_id, p.post_id) if p.post_id else "",
             "班次": p.shift or ""} for p in data.pins]
    return pd.DataFrame(rows, columns=PIN_COLUMNS)


def pins_from_frame(frame: pd.DataFrame, data: DataSet | None = None
                    ) -> tuple[list[Pin], list[Problem]]:
    """Pins from the editor; a post chosen by its words is read back to its id (`data`)."""
    choices = post_choices(data) if data is not None else {}

    def post_of(value: object) -> str | None:
        if blank(value):
            return None
        text = str(value).strip()
        return choices.get(text) or staff_id_of(text)

    return _read(frame, TABLE_PINS, Pin, lambda v: {
        "staff_id": staff_id_of(v.get("工号")) if not blank(v.get("工号")) else None,
        "day": as_date(v.get("日期")),
        "post_id": post_of(v.get("岗位")),
        "shift": as_text(v.get("班次"))})


def staff_options(data: DataSet) -> list[str]:
    return [staff_label(data, s.id) for s in data.staff]


def post_options(data: DataSet) -> list[str]:
    return list(post_choices(data))


ABSENCE_KINDS = [k.value for k in AbsenceKind]
#: The choices of the 状态 column of the absence editor.
LEAVE_STATUSES = [s.value for s in LeaveStatus]
REQUEST_KINDS = [k.value for k in RequestKind]


# -- rules --------------------------------------------------------------------------------

def rules_frame(rules: RuleSet) -> pd.DataFrame:
    rows = [{"编号": r.id, "规则": r.name, "数值": r.value, "硬约束": r.hard, "权重": r.weight,
             "单位": r.unit, "来源": plain(r.source)} for r in rules.rules]
    return pd.DataFrame(rows, columns=RULE_COLUMNS).astype({"数值": float, "硬约束": bool})


def rule_changes(frame: pd.DataFrame, rules: RuleSet) -> dict[str, dict[str, object]]:
    """The fields of each rule that differ from `rules` in the edited frame."""
    changes: dict[str, dict[str, object]] = {}
    for _, row in frame.iterrows():
        rule_id = str(row["编号"])
        try:
            rule = rules[rule_id]
        except KeyError:
            continue
        fields: dict[str, object] = {}
        value = None if blank(row["数值"]) else float(row["数值"])
        if value != rule.value:
            fields["value"] = value
        if bool(row["硬约束"]) != rule.hard:
            fields["hard"] = bool(row["硬约束"])
        weight = as_int(row["权重"])
        if weight is not None and weight != rule.weight:
            fields["weight"] = weight
        elif weight is None:
            fields["weight"] = row["权重"]  # let the model report the bad value
        if fields:
            changes[rule_id] = fields
    return changes


def rules_from_frame(frame: pd.DataFrame, rules: RuleSet) -> tuple[RuleSet | None,
                                                                    list[Problem]]:
    changes = rule_changes(frame, rules)
    if not changes:
        return rules, []
    try:
        return rules.with_changes(changes), []
    except ValidationError as exc:
        return None, pydantic_problems(TABLE_RULES, exc, sheet=TABLE_RULES)
    except ValueError as exc:
        return None, [Problem(TABLE_RULES, str(exc), sheet=TABLE_RULES)]


# -- service lines (scenario editor) ------------------------------------------------------

def lines_frame(data: DataSet) -> pd.DataFrame:
    rows = [{"编号": line.id, "序号": line.seq, "服务项目": line.name,
             "类别": line.category,
             "科室": data.department_by_id[line.department_id].name
             if line.department_id in data.department_by_id else line.department_id,
             "人数": line.headcount, "成本预算": float(line.unit_cost),
             "管理费": float(line.management_fee)} for line in data.lines]
    return pd.DataFrame(rows, columns=LINE_COLUMNS)


def scenario_from_frame(frame: pd.DataFrame, data: DataSet, name: str,
                        description: str = "", fee_all: FeeQuote | None = None,
                        base: Scenario | None = None) -> tuple[Scenario | None, list[Problem]]:
    """A scenario holding the edits of the lines table against `data`: changed headcounts,
    management fees and cost budgets; rows with a new 编号 become added lines.

    With `base` (a loaded scenario whose applied lines the table was built from), its other
    changes (period, demand, rules, added posts, shifts and staff ...) are kept; the table
    decides every line's headcount, fee and cost budget, and its added lines keep their
    requirements."""
    problems: list[Problem] = []
    headcount: dict[str, int] = {}
    fees: dict[str, FeeQuote] = {}
    unit_costs: dict[str, Decimal] = {}
    added: list[ServiceLine] = []
    base_added = {line.id: line for line in base.add_lines} if base else {}
    dept_by_name = {d.name: d.id for d in (*data.departments,
                                           *(base.add_departments if base else ()))}
    for row, values in _rows(frame):
        line_id = as_text(values.get("编号"))
        count = as_int(values.get("人数"))
        fee = as_money(values.get("管理费"))
        cost = as_money(values.get("成本预算"))
        line = data.line_by_id.get(line_id or "")
        if line is None:
            dept = as_text(values.get("科室"))
            fields = {"id": line_id, "seq": as_int(values.get("序号")) or 100 + row,
                      "name": as_text(values.get("服务项目")),
                      "category": as_text(values.get("类别")),
                      "department_id": dept_by_name.get(dept or "", dept),
                      "headcount": count if count is not None else values.get("人数"),
                      "unit_cost": cost if cost is not None else values.get("成本预算"),
                      "management_fee": fee if fee is not None else Decimal(0)}
            known = base_added.get(line_id or "")
            if known is not None:
                fields["requirements"] = known.requirements.model_dump()
            new = _build(ServiceLine, fields, TABLE_LINES, row, problems)
            if new is not None:
                added.append(new)
            continue
        if count is None or count < 0:
            problems.append(Problem(TABLE_LINES, "人数应为不小于 0 的整数", row=row,
                                    field="人数", value=values.get("人数"), sheet=TABLE_LINES))
        elif count != line.headcount:
            headcount[line.id] = count
        if fee is None or fee < 0:
            problems.append(Problem(TABLE_LINES, "管理费应为不小于 0 的金额", row=row,
                                    field="管理费", value=values.get("管理费"),
                                    sheet=TABLE_LINES))
        elif fee != line.management_fee:
            fees[line.id] = FeeQuote(amount=fee)
        if cost is None or cost < 0:
            problems.append(Problem(TABLE_LINES, "成本预算应为不小于 0 的金额", row=row,
                                    field="成本预算", value=values.get("成本预算"),
                                    sheet=TABLE_LINES))
        elif cost != line.unit_cost:
            unit_costs[line.id] = cost
    if fee_all is not None:
        fees["*"] = fee_all
    if problems:
        return None, problems
    kept = base.model_dump(exclude={"name", "description", "headcount", "headcount_delta",
                                    "management_fee", "unit_cost", "add_lines"},
                           exclude_unset=True) if base else {}
    try:
        scenario = Scenario.model_validate({
            **kept, "name": name or "未命名情景", "description": description,
            "headcount": headcount, "management_fee": fees, "unit_cost": unit_costs,
            "add_lines": tuple(added)})
    except ValidationError as exc:
        return None, pydantic_problems(TABLE_LINES, exc, sheet=TABLE_LINES)
    return scenario, []


def scenario_yaml(scenario: Scenario) -> str:
    """A scenario file (the format of scenarios/*.yaml) holding `scenario`."""
    body = scenario.model_dump(mode="json", exclude_defaults=True)
    for quote in body.get("management_fee", {}).values():
        for key in [k for k, v in quote.items() if v is None]:
            del quote[key]
    header = f"# 情景：{scenario.name}（由排班与人力规划应用保存）\n"
    return header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False)
