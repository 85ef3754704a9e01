"""The sweep grid: a grid file's axes validated, and its points (the cartesian product)."""

from __future__ import annotations

import itertools
import math
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError

from model.base import Frozen
from model.errors import DataError, Problem

#: Period length when neither the grid nor its base scenario gives one (it then starts on
#: the data's `ContractTerms.period_start`: the contract's first week, else the next Monday).
DEFAULT_PERIOD_WEEKS = 1
DEFAULT_TIME_LIMIT = 10.0
#: Shorthand keys of a grid file -> builder of its axes.
SHORTHANDS = ("headcount", "headcount_delta", "management_fee", "unit_cost", "demand_scale")
MAPPING_FIELDS = ("headcount", "headcount_delta", "management_fee", "unit_cost", "rules")
SEQUENCE_FIELDS = ("demand", "add_departments", "add_lines", "add_shifts", "add_posts",
                   "add_staff", "remove_staff")


class GridValue(Frozen):
    """One value of an axis: a label and the scenario fields it sets."""

    label: str
    changes: dict[str, Any] = Field(default_factory=dict)


class GridAxis(Frozen):
    name: str
    values: tuple[GridValue, ...] = Field(min_length=1)


class GridPeriod(Frozen):
    start: date
    weeks: int = Field(1, ge=1, le=53)


class Grid(Frozen):
    """A sweep: the cartesian product of its axes, over a base scenario."""

    name: str = "情景网格"
    description: str = ""
    base_scenario: str | None = Field(None, description="Scenario file, relative to the grid")
    period: GridPeriod | None = None
    time_limit: float | None = Field(None, gt=0)
    seed: int = 0
    axes: tuple[GridAxis, ...] = Field(min_length=1)
    folder: str = Field("", description="Folder of the grid file (for base_scenario)")

    @property
    def size(self) -> int:
        return math.prod(len(axis.values) for axis in self.axes)


class SweepPoint(Frozen):
    """One grid point: its position, name, the label per axis, the scenario fields."""

    index: int
    name: str
    labels: dict[str, str]
    changes: dict[str, Any]


def _number_label(value: object) -> str:
    return f"{value:+d}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _shorthand_axes(raw: dict[str, Any]) -> list[dict[str, Any]]:
    axes: list[dict[str, Any]] = []
    for line_id, values in (raw.get("headcount") or {}).items():
        axes.append({"name": f"{line_id} 人数", "values": [
            {"label": f"{v}人", "changes": {"headcount": {line_id: v}}} for v in values]})
    for line_id, values in (raw.get("headcount_delta") or {}).items():
        axes.append({"name": f"{line_id} 人数增减", "values": [
            {"label": _number_label(v), "changes": {"headcount_delta": {line_id: v}}}
            for v in values]})
    if raw.get("management_fee") is not None:
        axes.append({"name": "管理费", "values": [
            {"label": str(v), "changes": {"management_fee": {"*": v}}}
            for v in raw["management_fee"]]})
    for line_id, values in (raw.get("unit_cost") or {}).items():
        axes.append({"name": f"{line_id} 成本预算", "values": [
            {"label": str(v), "changes": {"unit_cost": {line_id: v}}} for v in values]})
    for post_id, values in (raw.get("demand_scale") or {}).items():
        axes.append({"name": f"{post_id} 目标倍数", "values": [
            {"label": f"x{v}", "changes": {"demand": [{"post_id": post_id, "scale_target": v}]}}
            for v in values]})
    return axes


def _explicit_axes(raw: dict[str, Any]) -> list[dict[str, Any]]:
    axes = []
    for axis in raw.get("axes") or []:
        if not isinstance(axis, dict):
            axes.append(axis)
            continue
        values = []
        for position, value in enumerate(axis.get("values") or [], start=1):
            if isinstance(value, dict):
                changes = {k: v for k, v in value.items() if k != "label"}
                values.append({"label": str(value.get("label", position)), "changes": changes})
            else:
                values.append(value)
        axes.append({**axis, "values": values})
    return axes


def grid_from_dict(raw: dict[str, Any], *, folder: str = "", file: str = "网格") -> Grid:
    """Validate a grid mapping (a parsed grid file); every problem reported at once."""
    if not isinstance(raw, dict):
        raise DataError([Problem(file, "网格文件应为映射（name:, headcount:, axes: ...）")])
    known = {"name", "description", "base_scenario", "period", "time_limit", "seed", "axes",
             *SHORTHANDS}
    problems = [Problem(file, "未知字段", field=key, value=key) for key in raw if key not in known]
    for key in ("headcount", "headcount_delta", "unit_cost", "demand_scale"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, dict) or not all(
                isinstance(v, list) and v for v in value.values())):
            problems.append(Problem(file, "应为映射：编号 -> 取值列表", field=key))
    fee = raw.get("management_fee")
    if fee is not None and (not isinstance(fee, list) or not fee):
        problems.append(Problem(file, "应为取值列表，如 [0, \"6%\"]", field="management_fee"))
    if problems:
        raise DataError(problems)
    body = {k: v for k, v in raw.items() if k not in SHORTHANDS}
    body["axes"] = _shorthand_axes(raw) + _explicit_axes(raw)
    body["folder"] = folder
    try:
        grid = Grid.model_validate(body)
    except ValidationError as exc:
        from model.loaders import pydantic_problems

        raise DataError(pydantic_problems(file, exc)) from None
    for axis in grid.axes:
        for value in axis.values:
            unknown = set(value.changes) - set(MAPPING_FIELDS) - set(SEQUENCE_FIELDS)
            if unknown:
                problems.append(Problem(file, "情景中没有这些字段：" + "、".join(sorted(unknown)),
                                        field=f"axes.{axis.name}.{value.label}"))
    if problems:
        raise DataError(problems)
    return grid


def load_grid(path: Path | str) -> Grid:
    path = Path(path)
    if not path.exists():
        raise DataError([Problem(str(path), "网格文件不存在")])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError([Problem(str(path), f"YAML 格式错误：{exc}")]) from None
    return grid_from_dict(raw, folder=str(path.parent), file=str(path))


def _merge(target: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if key in MAPPING_FIELDS:
            target.setdefault(key, {}).update(value or {})
        else:
            target.setdefault(key, []).extend(value or [])


def grid_points(grid: Grid) -> list[SweepPoint]:
    """The cartesian product of the axes, first axis slowest, in a fixed order."""
    points = []
    for index, combo in enumerate(itertools.product(*(axis.values for axis in grid.axes))):
        changes: dict[str, Any] = {}
        for value in combo:
            _merge(changes, value.changes)
        labels = {axis.name: value.label for axis, value in zip(grid.axes, combo, strict=True)}
        name = "；".join(f"{axis}={label}" for axis, label in labels.items())
        points.append(SweepPoint(index=index, name=name, labels=labels, changes=changes))
    return points
