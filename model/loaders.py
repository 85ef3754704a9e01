"""Load a data set from a folder of YAML files (the embedded default lives in `data/`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from model.assessment import AssessmentSheet
from model.calendar import CalendarOverride
from model.contract import CertificateType, ContractTerms, Department, ServiceLine, Site
from model.dataset import DataSet
from model.errors import DataError, Problem, pydantic_message
from model.events import Absence, Pin, PreviousTail, Request
from model.patterns import WorkPattern
from model.posts import CoverRule, Post
from model.rules import RULE_IDS, RuleSet
from model.shifts import ShiftType
from model.staff import Staff
from model.staffing import Staffing
from model.tender import TenderFigures
from model.training import TrainingRecord, TrainingSession
from model.yaml_io import DataLoader, load_yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

T = TypeVar("T", bound=BaseModel)

#: file name -> (DataSet field, item type, key inside the file)
COLLECTIONS: dict[str, tuple[str, type[BaseModel], str]] = {
    "sites.yaml": ("sites", Site, "sites"),
    "departments.yaml": ("departments", Department, "departments"),
    "certificates.yaml": ("certificate_types", CertificateType, "certificate_types"),
    "lines.yaml": ("lines", ServiceLine, "lines"),
    "staff.yaml": ("staff", Staff, "staff"),
    "shifts.yaml": ("shifts", ShiftType, "shifts"),
    "posts.yaml": ("posts", Post, "posts"),
    "cover_rules.yaml": ("cover_rules", CoverRule, "cover_rules"),
    "patterns.yaml": ("patterns", WorkPattern, "patterns"),
    "absences.yaml": ("absences", Absence, "absences"),
    "requests.yaml": ("requests", Request, "requests"),
    "pins.yaml": ("pins", Pin, "pins"),
    "tails.yaml": ("tails", PreviousTail, "tails"),
    "calendar_overrides.yaml": ("calendar_overrides", CalendarOverride, "days"),
}

#: The optional training file: its sessions, and (optionally) trainings already attended.
TRAINING_FILE = "training.yaml"
TRAINING_SECTIONS: tuple[tuple[str, type[BaseModel], str], ...] = (
    ("training_sessions", TrainingSession, "sessions"),
    ("training_done", TrainingRecord, "attended"),
)


def pydantic_problems(file: str, exc: ValidationError, row: int | None = None,
                      sheet: str | None = None) -> list[Problem]:
    """Turn each pydantic error into a located Problem (field path joined with dots)."""
    out = []
    for err in exc.errors():
        loc = ".".join(str(part) for part in err.get("loc", ()))
        value = err.get("input")
        if isinstance(value, dict | list):
            value = None
        out.append(Problem(file, pydantic_message(err), row=row, field=loc or None, value=value,
                           sheet=sheet))
    return out


def read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problems.append(Problem(str(path), f"YAML 格式错误：{exc}", row=row, column=column))
    except UnicodeDecodeError:
        problems.append(Problem(str(path), "文件不是 UTF-8 编码的文本"))
    return None


#: The folder of a data set's 出诊表, one file per month (YYYY-MM.csv or .xlsx).
CLINICS_DIR = "clinics"

#: Files without which a data folder is no roster input (an empty folder is not a hospital).
REQUIRED_FILES = ("lines.yaml", "staff.yaml", "shifts.yaml", "posts.yaml")

#: The start of a cross-reference message -> the file whose ids it looks up.
REFERENCED_FILE = {"未知院区": "sites.yaml", "未知科室": "departments.yaml",
                   "未知证书类型": "certificates.yaml", "未知服务项目": "lines.yaml",
                   "未知工号": "staff.yaml", "未知班次": "shifts.yaml", "未知岗位": "posts.yaml"}


@dataclass
class LoadedItems(Generic[T]):
    """The valid entries of one YAML list, where each sits in the file, and the ids of the
    entries that failed validation (so that references to them are not reported again)."""

    path: Path
    items: list[T] = dataclasses.field(default_factory=list)
    #: per valid item: where it starts and where the value of each top-level field is
    places: list[tuple[Place | None, dict[str, Place]]] = dataclasses.field(
        default_factory=list)
    rejected_ids: set[str] = dataclasses.field(default_factory=set)

    def locate(self, problem: Problem) -> Problem:
        """A cross-reference problem found at position `problem.row` of the items, moved to
        this file's line of the item (or of its field)."""
        index = (problem.row or 0) - 1
        if not 0 <= index < len(self.places):
            return dataclasses.replace(problem, file=str(self.path))
        item_place, field_places = self.places[index]
        top = (problem.field or "").split(".")[0]
        return at_place(dataclasses.replace(problem, file=str(self.path)),
                        field_places.get(top, item_place))


def load_items(path: Path, item_type: type[T], key: str,
               problems: list[Problem]) -> LoadedItems[T]:
    """Validate each entry of the list under `key`; every bad entry is reported with its row."""
    loaded: LoadedItems[T] = LoadedItems(path)
    raw = read_yaml(path, problems)
    if raw is None:
        return loaded
    entries = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        problems.append(Problem(str(path), f"应包含列表 {key}:"))
        return loaded
    places = _item_places(path, key)
    for index, entry in enumerate(entries):
        item_place, field_places = places[index] if index < len(places) else (None, {})
        try:
            loaded.items.append(item_type.model_validate(entry))
            loaded.places.append((item_place, field_places))
        except ValidationError as exc:
            for problem in pydantic_problems(str(path), exc, sheet=key):
                top = (problem.field or "").split(".")[0]
                problems.append(at_place(problem, field_places.get(top, item_place)))
            if isinstance(entry, dict):
                loaded.rejected_ids |= {str(entry[k]) for k in ("id", "code") if k in entry}
    return loaded


#: A place in a YAML file: 1-based line and column.
Place = tuple[int, int]


def _place(node: yaml.Node) -> Place:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _field_place(key: yaml.Node, value: yaml.Node) -> Place:
    """Where a field's value is written; a block list or mapping that starts on a later
    line is placed at its key."""
    return _place(value) if value.start_mark.line == key.start_mark.line else _place(key)


def at_place(problem: Problem, place: Place | None) -> Problem:
    """The problem at a line and column of its file (unchanged without a place)."""
    if place is None:
        return problem
    return dataclasses.replace(problem, row=place[0], column=place[1])


def _item_places(path: Path, key: str) -> list[tuple[Place, dict[str, Place]]]:
    """For each item of the list under `key`: where it starts and where the value of each
    of its top-level fields is (line and column, so that fields on one line differ)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=DataLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value_node in root.value:
        if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
            result = []
            for item in value_node.value:
                fields = {}
                if isinstance(item, yaml.MappingNode):
                    fields = {k.value: _field_place(k, v) for k, v in item.value}
                result.append((_place(item), fields))
            return result
    return []


def load_contract(path: Path, problems: list[Problem]) -> ContractTerms:
    """contract.yaml: `contract: {id:, hospital:, short_name:, ...}`; absent: an ad-hoc data
    set without an identity."""
    if not path.exists():
        return ContractTerms()
    raw = read_yaml(path, problems)
    terms = raw.get("contract") if isinstance(raw, dict) else None
    if not isinstance(terms, dict):
        if raw is not None:
            problems.append(Problem(str(path), "应包含映射 contract:"))
        return ContractTerms()
    lines = _mapping_lines(path, "contract")
    try:
        return ContractTerms.model_validate(terms)
    except ValidationError as exc:
        for problem in pydantic_problems(str(path), exc, sheet="contract"):
            top = (problem.field or "").split(".")[0]
            problems.append(dataclasses.replace(problem, row=lines.get(top)))
        return ContractTerms()


def _load_optional_section(path: Path, key: str, model: type[T], problems: list[Problem]
                           ) -> T | None:
    """An optional file holding one mapping `key: {...}` validated as `model`, its problems
    located at the file's lines; None when the file is absent or wrong."""
    if not path.exists():
        return None
    raw = read_yaml(path, problems)
    section = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(section, dict):
        if raw is not None:
            problems.append(Problem(str(path), f"应包含映射 {key}:"))
        return None
    lines = _mapping_lines(path, key)
    try:
        return model.model_validate(section)
    except ValidationError as exc:
        for problem in pydantic_problems(str(path), exc, sheet=key):
            top = (problem.field or "").split(".")[0]
            problems.append(dataclasses.replace(problem, row=lines.get(top)))
        return None


def load_tender(path: Path, problems: list[Problem]) -> TenderFigures | None:
    """tender_figures.yaml: `tender: {source:, rows: [...], total: {...}}`, the tender's printed
    table; absent: nothing to check the lines against."""
    return _load_optional_section(path, "tender", TenderFigures, problems)


def load_assessment(path: Path, problems: list[Problem]) -> AssessmentSheet | None:
    """assessment.yaml: `assessment: {groups:, bands:, proposals:, ...}`, the monthly
    assessment sheet; absent: no settlement for this data set."""
    return _load_optional_section(path, "assessment", AssessmentSheet, problems)


def load_staffing(path: Path, problems: list[Problem]) -> Staffing | None:
    """staffing.yaml: `staffing: {rooms: [...], rules: [...]}`, the clinic rooms and the rules
    deriving need from the 出诊表; absent: every post keeps its fixed demand."""
    return _load_optional_section(path, "staffing", Staffing, problems)


def _mapping_lines(path: Path, key: str) -> dict[str, int]:
    """The 1-based line of each field of the mapping under `key`."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=DataLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    for key_node, value_node in root.value:
        if key_node.value == key and isinstance(value_node, yaml.MappingNode):
            return {k.value: k.start_mark.line + 1 for k, _v in value_node.value}
    return {}


def load_rules(path: Path, problems: list[Problem]) -> RuleSet:
    """rules.yaml: `rules: {rule_id: {value:, hard:, weight:}}` over the built-in defaults."""
    if not path.exists():
        return RuleSet()
    raw = read_yaml(path, problems)
    changes = (raw or {}).get("rules", {}) if isinstance(raw, dict) else None
    if not isinstance(changes, dict):
        problems.append(Problem(str(path), "应包含映射 rules:"))
        return RuleSet()
    good: dict[str, dict[str, object]] = {}
    lines = _mapping_lines(path, "rules")
    for rule_id, fields in changes.items():
        row = lines.get(str(rule_id))
        if rule_id not in RULE_IDS:
            problems.append(Problem(str(path), "未知规则", row=row, field="id", value=rule_id))
        elif not isinstance(fields, dict):
            problems.append(Problem(str(path), "规则设置应为映射", row=row, field=rule_id))
        else:
            try:
                RuleSet().with_changes({rule_id: fields})
            except ValidationError as exc:
                for problem in pydantic_problems(str(path), exc, row=row):
                    where = f"{rule_id}.{problem.field}" if problem.field else rule_id
                    problems.append(dataclasses.replace(problem, field=where))
            else:
                good[rule_id] = fields
    return RuleSet().with_changes(good)


def load_dataset(folder: Path = DATA_DIR) -> DataSet:
    """Load every YAML file of a data folder; raise DataError listing every problem in one
    pass: missing files, YAML and schema problems, then duplicates and cross-references
    among the entries that are valid, each at its file and line."""
    problems: list[Problem] = []
    if not folder.is_dir():
        raise DataError([Problem(str(folder), "数据目录不存在")])
    problems += [Problem(str(folder / name), "缺少必需的数据文件") for name in REQUIRED_FILES
                 if not (folder / name).exists()]
    fields: dict[str, Any] = {}
    loaded: dict[str, LoadedItems] = {}
    for file_name, (field, item_type, key) in COLLECTIONS.items():
        path = folder / file_name
        if path.exists():
            loaded[field] = load_items(path, item_type, key, problems)
            fields[field] = tuple(loaded[field].items)
    training = folder / TRAINING_FILE
    if training.exists():
        raw = read_yaml(training, [])
        for field, item_type, key in TRAINING_SECTIONS:
            if key == "sessions" or (isinstance(raw, dict) and raw.get(key) is not None):
                loaded[field] = load_items(training, item_type, key, problems)
                fields[field] = tuple(loaded[field].items)
    fields["rules"] = load_rules(folder / "rules.yaml", problems)
    fields["contract"] = load_contract(folder / "contract.yaml", problems)
    fields["tender"] = load_tender(folder / "tender_figures.yaml", problems)
    fields["assessment"] = load_assessment(folder / "assessment.yaml", problems)
    fields["staffing"] = load_staffing(folder / "staffing.yaml", problems)
    data = DataSet(**fields, source=str(folder))
    problems += _located_references(folder, data.problems(), loaded)
    schedule = None
    if (folder / CLINICS_DIR).is_dir() and not problems:  # checked against a sound data set
        from model.clinic_import import read_folder

        schedule = read_folder(folder / CLINICS_DIR, data, problems)
    if problems:
        raise DataError(problems)
    return data.with_clinics(schedule) if schedule is not None else data


def _staffing_place(path: Path, problem: Problem) -> Problem:
    """A problem of item `problem.row` of staffing.yaml's `rooms` or `rules`, at its line."""
    moved = dataclasses.replace(problem, file=str(path), sheet=None)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=DataLoader)
    except (OSError, yaml.YAMLError):
        return moved
    section = next((v for k, v in getattr(root, "value", ()) if k.value == "staffing"), None)
    items = next((v for k, v in getattr(section, "value", ()) if k.value == problem.sheet),
                 None)
    index = (problem.row or 0) - 1
    if not isinstance(items, yaml.SequenceNode) or not 0 <= index < len(items.value):
        return dataclasses.replace(moved, row=None)
    return at_place(moved, _place(items.value[index]))


def _located_references(folder: Path, found: list[Problem],
                        loaded: dict[str, LoadedItems]) -> list[Problem]:
    """Cross-reference problems at their file and line. A reference to an entry already
    reported as invalid is not repeated; references into a missing file become one problem
    naming the file and how often it is referred to."""
    rejected = set().union(*(items.rejected_ids for items in loaded.values()))
    missing: dict[str, int] = {}
    out = []
    for problem in found:
        referenced = next((name for prefix, name in REFERENCED_FILE.items()
                           if problem.message.startswith(prefix)), None)
        if referenced is not None and not (folder / referenced).exists():
            missing[referenced] = missing.get(referenced, 0) + 1
        elif referenced is not None and str(problem.value) in rejected:
            continue
        elif problem.sheet in loaded:
            out.append(loaded[problem.sheet].locate(problem))
        elif problem.sheet in ("rooms", "rules"):  # staffing.yaml's lists
            out.append(_staffing_place(folder / "staffing.yaml", problem))
        else:
            out.append(problem)
    for name, count in missing.items():
        if name not in REQUIRED_FILES:  # a required one is already reported as missing
            out.append(Problem(str(folder / name), f"缺少数据文件（被引用 {count} 处）"))
    return out
