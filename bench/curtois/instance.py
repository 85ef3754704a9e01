"""Curtois-Qu instance loader: an instance file read into the project's DataSet, located errors.

The Curtois-Qu shift scheduling benchmark (Instance1..24, text format) read into the project's
own model; rosters are written back in the benchmark's format by bench/curtois/solution.py.

Format and objective: data/benchmarks/curtois/FORMAT.md. The mapping:

- shift types -> `ShiftType` (length as one segment from 08:00; `CannotFollow` as
  `forbidden_next`, rule forbidden_succession);
- staff -> `Staff` with `StaffLimits` (max shifts per type, min/max total minutes, min/max
  consecutive working days, min consecutive days off, max weekends);
- days off -> approved `Absence` (one per day);
- shift on/off requests -> `Request` SHIFT_WANTED / SHIFT_UNWANTED with their weights;
- cover -> one `Post` with `dated_demand` rows (target, under weight, over weight);
- day 0 -> `start` (a Monday); the hospital's own rules (rest, nights, weekly rest, overtime,
  fairness, ...) are switched off in the instance's `RuleSet`, and the weights of the rules
  that carry the benchmark's objective are 1, so that the solver's objective *is* the
  benchmark penalty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from model.contract import ContractTerms, Department, Requirements, ServiceLine, Site
from model.dataset import DataSet
from model.errors import ProblemCollector
from model.events import Absence, AbsenceKind, Request, RequestKind
from model.posts import DatedNeed, Post
from model.rules import (
    BORROWED_POST,
    DATED_COVER_OVER,
    DATED_COVER_UNDER,
    FAIR_HOLIDAYS,
    FAIR_NIGHTS,
    FAIR_WEEKENDS,
    MAX_CONSECUTIVE,
    MAX_DAILY_OVERTIME,
    MAX_MONTHLY_OVERTIME,
    MAX_NIGHTS,
    MAX_SHIFT_LENGTH,
    MIN_REST,
    NO_DAY_AFTER_NIGHT,
    OVERTIME_PAY,
    REQUESTED_ABSENCE,
    REQUESTS,
    WEEKLY_REST,
    RuleSet,
)
from model.shifts import Segment, ShiftType
from model.staff import Gender, Staff, StaffLimits

#: Where the 24 instances live in the project (copied from ../shared/benchmarks/curtois).
BENCH_DIR = Path(__file__).resolve().parents[2] / "data" / "benchmarks" / "curtois"
#: Day 0 of every instance is a Monday; this one keeps a 364-day horizon inside the years
#: the Chinese calendar source covers (no calendar warning).
DEFAULT_START = date(2024, 1, 1)
#: The benchmark's only service category and education level (its staff have no such data).
BENCH_CATEGORY = "基准"
BENCH_EDUCATION = "不限"
SHIFT_START = "08:00"
LINE_ID = "CURTOIS"
POST_ID = "COVER"

SECTIONS = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
            "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER")
COLUMNS = {
    "SECTION_HORIZON": ("Horizon",),
    "SECTION_SHIFTS": ("ShiftID", "Length", "CannotFollow"),
    "SECTION_STAFF": ("ID", "MaxShifts", "MaxTotalMinutes", "MinTotalMinutes",
                      "MaxConsecutiveShifts", "MinConsecutiveShifts", "MinConsecutiveDaysOff",
                      "MaxWeekends"),
    "SECTION_DAYS_OFF": ("EmployeeID", "Day"),
    "SECTION_SHIFT_ON_REQUESTS": ("EmployeeID", "Day", "ShiftID", "Weight"),
    "SECTION_SHIFT_OFF_REQUESTS": ("EmployeeID", "Day", "ShiftID", "Weight"),
    "SECTION_COVER": ("Day", "ShiftID", "Requirement", "WeightUnder", "WeightOver"),
}

#: Hospital rules the benchmark does not have: switched off (soft, weight 0).
HOSPITAL_ONLY_RULES = (MIN_REST, NO_DAY_AFTER_NIGHT, MAX_CONSECUTIVE, WEEKLY_REST,
                       MAX_SHIFT_LENGTH, MAX_DAILY_OVERTIME, MAX_MONTHLY_OVERTIME, OVERTIME_PAY,
                       MAX_NIGHTS,
                       FAIR_WEEKENDS, FAIR_NIGHTS, FAIR_HOLIDAYS, REQUESTED_ABSENCE,
                       BORROWED_POST)
#: Rules that carry the benchmark objective: weight 1, the row/request weights do the rest.
OBJECTIVE_RULES = (REQUESTS, DATED_COVER_UNDER, DATED_COVER_OVER)


def benchmark_rules() -> RuleSet:
    """The rule set of every benchmark instance (rules are data)."""
    changes: dict[str, dict[str, object]] = {
        rule_id: {"hard": False, "weight": 0} for rule_id in HOSPITAL_ONLY_RULES}
    changes.update({rule_id: {"hard": False, "weight": 1} for rule_id in OBJECTIVE_RULES})
    return RuleSet().with_changes(changes)


@dataclass
class CurtoisInstance:
    """One instance, read into a validated `DataSet`, with what the benchmark needs around it."""

    name: str
    path: Path
    horizon: int
    start: date
    data: DataSet
    staff_ids: tuple[str, ...]
    shift_ids: tuple[str, ...]
    on_requests: int = 0
    off_requests: int = 0
    days_off: int = 0
    cover_lines: int = 0
    #: things the loader accepted but reports (a shift type missing from MaxShifts)
    notes: list[str] = field(default_factory=list)

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)


class _Reader:
    """Splits the file into sections of (line number, fields), collecting problems."""

    def __init__(self, path: Path, text: str) -> None:
        self.problems = ProblemCollector(str(path))
        self.sections: dict[str, list[tuple[int, list[str]]]] = {}
        current: str | None = None
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.replace("\r", "").strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("SECTION_"):
                if line not in SECTIONS:
                    self.problems.add("未知的段落标题", row=number, field="SECTION", value=line)
                    current = None
                    continue
                if line in self.sections:
                    self.problems.add("段落重复", row=number, field="SECTION", value=line)
                current = line
                self.sections[line] = []
                continue
            if current is None:
                self.problems.add("数据行不在任何段落内", row=number, value=line)
                continue
            self.sections[current].append((number, line.split(",")))
        for name in SECTIONS:
            if name not in self.sections:
                self.problems.add("缺少段落", field=name)

    def rows(self, section: str, *, min_fields: int | None = None,
             exact: bool = True) -> list[tuple[int, list[str]]]:
        """Rows of a section with the right number of fields; others are reported."""
        columns = COLUMNS[section]
        wanted = len(columns) if min_fields is None else min_fields
        out = []
        for number, fields in self.sections.get(section, []):
            if (exact and len(fields) != wanted) or len(fields) < wanted:
                self.problems.add(f"{section} 应有 {len(columns)} 个字段（{','.join(columns)}），"
                                  f"实际 {len(fields)} 个", row=number, field=columns[0],
                                  value=",".join(fields))
                continue
            out.append((number, fields))
        return out

    def integer(self, text: str, number: int, column: str, *, low: int = 0,
                high: int | None = None) -> int | None:
        try:
            value = int(text)
        except ValueError:
            self.problems.add("应为整数", row=number, field=column, value=text)
            return None
        if value < low or (high is not None and value > high):
            shown = f"{low}..{high}" if high is not None else f">= {low}"
            self.problems.add(f"超出范围（{shown}）", row=number, field=column, value=value)
            return None
        return value


def load_instance(path: Path | str, *, start: date = DEFAULT_START) -> CurtoisInstance:
    """Read one instance file; every malformed line is reported with its line and field
    (model.errors.DataError), and nothing is returned."""
    path = Path(path)
    if start.weekday() != 0:
        raise ValueError(f"day 0 of a Curtois instance is a Monday; {start} is not")
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        problems = ProblemCollector(str(path))
        problems.add(f"无法读取文件：{exc}")
        problems.raise_if_any()
        raise AssertionError from exc
    return parse_instance(text, path, start=start)


def parse_instance(text: str, path: Path | str = "<text>", *,
                   start: date = DEFAULT_START) -> CurtoisInstance:
    """Parse the text of an instance (see load_instance)."""
    path = Path(path)
    r = _Reader(path, text)
    horizon = _horizon(r)
    shifts, lengths = _shifts(r)
    staff_rows = _staff(r, lengths, horizon)
    known_staff = {sid for sid, *_ in staff_rows}
    day_hi = max(horizon - 1, 0)
    absences = _days_off(r, known_staff, day_hi, start)
    on = _requests(r, "SECTION_SHIFT_ON_REQUESTS", RequestKind.SHIFT_WANTED, known_staff,
                   lengths, day_hi, start)
    off = _requests(r, "SECTION_SHIFT_OFF_REQUESTS", RequestKind.SHIFT_UNWANTED, known_staff,
                    lengths, day_hi, start)
    rows = _cover(r, lengths, day_hi, start)
    r.problems.raise_if_any()
    notes = [note for *_, note in staff_rows if note]
    staff = tuple(member for _sid, member, _note in staff_rows)
    data = DataSet(
        contract=benchmark_terms(start),
        sites=(Site(id="BENCH", name="基准测试", address="schedulingbenchmarks.org"),),
        departments=(Department(id="BENCH", name="基准测试", site_id="BENCH"),),
        lines=(ServiceLine(id=LINE_ID, seq=1, name="Curtois-Qu 基准", category=BENCH_CATEGORY,
                           department_id="BENCH", headcount=len(staff), unit_cost=Decimal(0),
                           requirements=Requirements(min_education=BENCH_EDUCATION,
                                                     training_days=0)),),
        staff=staff, shifts=tuple(shifts),
        posts=(Post(id=POST_ID, name="覆盖需求", department_id="BENCH", lines=(LINE_ID,),
                    dated_demand=tuple(rows)),),
        absences=tuple(absences), requests=(*on, *off), rules=benchmark_rules(),
        source=str(path))
    data = data.validated()
    return CurtoisInstance(
        name=path.stem, path=path, horizon=horizon, start=start, data=data,
        staff_ids=tuple(member.id for member in staff),
        shift_ids=tuple(shift.code for shift in shifts), on_requests=len(on),
        off_requests=len(off), days_off=len(absences), cover_lines=len(rows), notes=notes)


def benchmark_terms(start: date) -> ContractTerms:
    """The benchmark's own neutral contract terms: one category, one education level."""
    return ContractTerms(id="curtois-qu", short_name="Curtois-Qu 基准", title="公开排班基准算例",
                         source="schedulingbenchmarks.org", start=start,
                         categories=(BENCH_CATEGORY,), education_levels=(BENCH_EDUCATION,))


def _horizon(r: _Reader) -> int:
    rows = r.rows("SECTION_HORIZON")
    if len(rows) != 1:
        where = rows[1][0] if len(rows) > 1 else None
        r.problems.add(f"SECTION_HORIZON 应恰有一行，实际 {len(rows)} 行", row=where,
                       field="Horizon")
        return 0
    number, fields = rows[0]
    return r.integer(fields[0], number, "Horizon", low=1) or 0


def _shifts(r: _Reader) -> tuple[list[ShiftType], dict[str, int]]:
    rows = r.rows("SECTION_SHIFTS")
    lengths: dict[str, int] = {}
    for number, (code, length, _follow) in rows:
        if not code:
            r.problems.add("班次编号为空", row=number, field="ShiftID")
            continue
        if code in lengths:
            r.problems.add("班次编号重复", row=number, field="ShiftID", value=code)
        value = r.integer(length, number, "Length", low=1, high=24 * 60 - 1)
        lengths[code] = value or 0
    shifts = []
    for number, (code, _length, follow) in rows:
        banned = tuple(t for t in follow.split("|") if t) if follow else ()
        for t in banned:
            if t not in lengths:
                r.problems.add("未知班次", row=number, field="CannotFollow", value=t)
        if not code or not lengths.get(code):
            continue
        begin = int(SHIFT_START[:2]) * 60
        end = (begin + lengths[code]) % (24 * 60)
        shifts.append(ShiftType(
            code=code, name=code, segments=(Segment(start=SHIFT_START,
                                                    end=f"{end // 60:02d}:{end % 60:02d}"),),
            forbidden_next=tuple(t for t in banned if t in lengths)))
    return shifts, lengths


def _staff(r: _Reader, lengths: dict[str, int], horizon: int
           ) -> list[tuple[str, Staff, str | None]]:
    out = []
    seen: set[str] = set()
    for number, fields in r.rows("SECTION_STAFF"):
        sid, caps = fields[0], fields[1]
        if not sid:
            r.problems.add("员工编号为空", row=number, field="ID")
            continue
        if sid in seen:
            r.problems.add("员工编号重复", row=number, field="ID", value=sid)
            continue
        seen.add(sid)
        max_shifts: dict[str, int] = {}
        for pair in (caps.split("|") if caps else []):
            code, sep, value = pair.partition("=")
            if not sep:
                r.problems.add("应为 班次=数量", row=number, field="MaxShifts", value=pair)
                continue
            if code not in lengths:
                r.problems.add("未知班次", row=number, field="MaxShifts", value=code)
                continue
            limit = r.integer(value, number, "MaxShifts", low=0)
            if limit is not None:
                max_shifts[code] = limit
        missing = [code for code in lengths if code not in max_shifts]
        note = (f"第 {number} 行 员工 {sid}：MaxShifts 未列出班次 {'、'.join(missing)}，按不限处理"
                if missing else None)
        names = COLUMNS["SECTION_STAFF"][2:]
        read = [r.integer(text, number, name, low=1 if name == "MaxConsecutiveShifts" else 0)
                for text, name in zip(fields[2:], names, strict=True)]
        values = [v for v in read if v is not None]
        if len(values) != len(read):
            continue
        max_min, min_min, max_run, min_run, min_off, weekends = values
        if min_min > max_min:
            r.problems.add(f"MinTotalMinutes {min_min} 大于 MaxTotalMinutes {max_min}",
                           row=number, field="MinTotalMinutes", value=min_min)
            continue
        limits = StaffLimits(max_shifts=max_shifts, max_minutes=max_min, min_minutes=min_min,
                             max_consecutive_days=max_run,
                             min_consecutive_days=max(min_run, 1),
                             min_consecutive_days_off=max(min_off, 1), max_weekends=weekends)
        member = Staff(id=sid, name=sid, gender=Gender.FEMALE, birth_date=date(1980, 1, 1),
                       education=BENCH_EDUCATION, hire_date=date(2000, 1, 1),
                       line_id=LINE_ID, limits=limits)
        out.append((sid, member, note))
    return out


def _day(r: _Reader, text: str, number: int, column: str, day_hi: int) -> int | None:
    return r.integer(text, number, column, low=0, high=day_hi)


def _days_off(r: _Reader, staff: set[str], day_hi: int, start: date) -> list[Absence]:
    out = []
    for number, fields in r.rows("SECTION_DAYS_OFF", exact=False):
        sid = fields[0]
        if sid not in staff:
            r.problems.add("未知员工", row=number, field="EmployeeID", value=sid)
            continue
        for text in fields[1:]:
            if text == "":
                continue
            d = _day(r, text, number, "Day", day_hi)
            if d is not None:
                day = start + timedelta(days=d)
                out.append(Absence(staff_id=sid, kind=AbsenceKind.OTHER, start=day, end=day,
                                   note="固定休息日（SECTION_DAYS_OFF）"))
    return out


def _requests(r: _Reader, section: str, kind: RequestKind, staff: set[str],
              lengths: dict[str, int], day_hi: int, start: date) -> list[Request]:
    out = []
    for number, (sid, day_text, code, weight_text) in r.rows(section):
        if sid not in staff:
            r.problems.add("未知员工", row=number, field="EmployeeID", value=sid)
            continue
        if code not in lengths:
            r.problems.add("未知班次", row=number, field="ShiftID", value=code)
            continue
        d = _day(r, day_text, number, "Day", day_hi)
        weight = r.integer(weight_text, number, "Weight", low=0)
        if d is None or weight is None:
            continue
        out.append(Request(staff_id=sid, day=start + timedelta(days=d), kind=kind, shift=code,
                           weight=weight))
    return out


def _cover(r: _Reader, lengths: dict[str, int], day_hi: int, start: date) -> list[DatedNeed]:
    out = []
    seen: set[tuple[int, str]] = set()
    for number, (day_text, code, need_text, under_text, over_text) in r.rows("SECTION_COVER"):
        if code not in lengths:
            r.problems.add("未知班次", row=number, field="ShiftID", value=code)
            continue
        d = _day(r, day_text, number, "Day", day_hi)
        target = r.integer(need_text, number, "Requirement", low=0)
        under = r.integer(under_text, number, "WeightUnder", low=0)
        over = r.integer(over_text, number, "WeightOver", low=0)
        if d is None or target is None or under is None or over is None:
            continue
        if (d, code) in seen:
            r.problems.add("同一天同一班次的需求重复", row=number, field="ShiftID", value=code)
            continue
        seen.add((d, code))
        out.append(DatedNeed(day=start + timedelta(days=d), shift=code, target=target,
                             under_weight=under, over_weight=over))
    return out


def instance_path(number: int, folder: Path = BENCH_DIR) -> Path:
    return folder / f"Instance{number}.txt"
