"""The independent checker: every hard breach, every soft penalty and the objective of a roster,
recomputed from the input data and the roster alone, exactly as `solver/RULES.md` specifies.

Pure Python. It never imports ortools nor the CP-SAT model, so that a mistake in one of the two
shows up as a disagreement between them. Only `staff_id`, `post_id`, `shift` and `day` of each
`Assignment` are read; everything else is recomputed here.

Reading conventions (where RULES.md leaves room, see the module's report):
- every duration rule value in hours is turned into whole minutes with `round(value * 60)`;
- a hard rule gives one `Violation` per breached item (pair, person-day, window, person-week,
  assignment, person-month, person, group, request, absence day); a soft rule gives one
  `PenaltyLine` with the summed count; `coverage_min` is always a penalty, never a violation;
- structural rules that are always hard and have no entry in `model/rules.py` use the ids
  `eligibility`, `one_per_day`, `pins` and `coverage_max` (more than the target).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from functools import cached_property

from model.base import MINUTES_PER_DAY
from model.calendar import CalendarDay, DayKind
from model.dataset import DataSet
from model.events import PreviousTail, RequestKind
from model.hours import (
    PAY_150,
    PAY_200,
    PAY_300,
    calendar_months,
    calendar_weeks,
    daily_overtime_minutes,
    is_holiday_day,
    is_weekend_day,
    overtime_fen_per_minute,
    standard_minutes,
    week_monday,
    week_owner_month,
)
from model.posts import CoverRule, Post
from model.roster import Assignment, CoverageRow, PenaltyLine, StaffSummary, Violation
from model.rules import (
    BORROWED_POST,
    COVER_ABSORB,
    COVERAGE_MIN,
    COVERAGE_TARGET,
    DATED_COVER_OVER,
    DATED_COVER_UNDER,
    DEFAULT_RULES,
    FAIR_HOLIDAYS,
    FAIR_NIGHTS,
    FAIR_WEEKENDS,
    FORBIDDEN_SUCCESSION,
    MAX_CONSECUTIVE,
    MAX_DAILY_OVERTIME,
    MAX_MONTHLY_OVERTIME,
    MAX_NIGHTS,
    MIN_REST,
    NO_DAY_AFTER_NIGHT,
    OVERTIME_PAY,
    REQUESTED_ABSENCE,
    REQUESTS,
    STAFF_MAX_CONSECUTIVE,
    STAFF_MAX_MINUTES,
    STAFF_MAX_SHIFTS,
    STAFF_MAX_WEEKENDS,
    STAFF_MIN_CONSECUTIVE,
    STAFF_MIN_DAYS_OFF,
    STAFF_MIN_MINUTES,
    WEEKLY_HOURS,
    WEEKLY_REST,
    Rule,
)
from model.shifts import ShiftCategory, ShiftType
from model.staff import Employment, HoursRegime, Staff

#: Always-hard rules without an entry in model/rules.py.
ELIGIBILITY = "eligibility"
ONE_PER_DAY = "one_per_day"
PINS = "pins"
COVERAGE_MAX = "coverage_max"
DATED_COVERAGE_MAX = "dated_coverage_max"
STRUCTURAL_RULES = (ELIGIBILITY, ONE_PER_DAY, PINS, COVERAGE_MAX, DATED_COVERAGE_MAX)

_DEFAULTS = {rule.id: rule for rule in DEFAULT_RULES}

Month = tuple[int, int]


@dataclass(frozen=True)
class Evaluation:
    """Everything the checker recomputes for one roster."""

    violations: list[Violation]
    penalties: list[PenaltyLine]
    objective: int
    coverage: list[CoverageRow]
    absorbed: dict[tuple[str, date], str]
    staff_summary: list[StaffSummary]
    gaps_raw: list[tuple[date, str, str, int]]
    #: raw count of every rule (hard or soft), structural rules included: for cross-checks.
    counts: dict[str, int] = field(default_factory=dict)
    #: 24-hour posts: (post_id, day, from_minute, to_minute) runs with nobody on duty.
    uncovered_minutes: list[tuple[str, date, int, int]] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.violations


# -- public API ------------------------------------------------------------------------------
def evaluate(data: DataSet, start: date, days: int,
             assignments: Sequence[Assignment]) -> Evaluation:
    """Recompute violations, penalties, objective, coverage and summaries of a roster."""
    ctx = _Context(data, start, days, assignments)
    violations: list[Violation] = []
    penalties: list[PenaltyLine] = []
    counts: dict[str, int] = {}
    for rule_id, check in _CHECKS:
        breaches = [b for b in check(ctx) if b.count > 0]
        total = sum(b.count for b in breaches)
        counts[rule_id] = total
        if rule_id in STRUCTURAL_RULES or (rule_id != COVERAGE_MIN and ctx.rule(rule_id).hard):
            violations += [Violation(rule=rule_id, message=b.message, staff_id=b.staff_id,
                                     day=b.day) for b in breaches]
        elif total > 0:
            rule = ctx.rule(rule_id)
            penalties.append(PenaltyLine(rule=rule_id, name=rule.name, count=total,
                                         weight=rule.weight, cost=rule.weight * total))
    rows = [cell.row() for cell in ctx.cells if cell.target > 0]
    gaps = [(row.day, row.post_id, row.shift, row.shortfall) for row in rows if row.shortfall > 0]
    return Evaluation(
        violations=violations,
        penalties=penalties,
        objective=sum(line.cost for line in penalties),
        coverage=rows,
        absorbed=dict(ctx.absorbed_marks),
        staff_summary=[_summary(ctx, s) for s in ctx.people],
        gaps_raw=gaps,
        counts=counts,
        uncovered_minutes=_uncovered_minutes(ctx),
    )


def check_roster(data: DataSet, start: date, days: int,
                 assignments: Sequence[Assignment]) -> list[Violation]:
    """Hard-rule breaches of a roster (empty list = feasible)."""
    return evaluate(data, start, days, assignments).violations


def objective(data: DataSet, start: date, days: int, assignments: Sequence[Assignment]) -> int:
    """The roster's objective: sum of soft penalties, coverage_min always included."""
    return evaluate(data, start, days, assignments).objective


# -- internal data ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Breach:
    """One breached item of a rule; `count` units of it."""

    count: int
    message: str
    staff_id: str | None = None
    day: date | None = None


@dataclass(frozen=True)
class _Work:
    """One resolved assignment: `d` is the day index in the horizon."""

    staff: Staff
    post: Post
    shift: ShiftType
    d: int
    day: date
    start_minute: int
    end_minute: int
    minutes: int


@dataclass(frozen=True)
class _Cell:
    """Coverage of one (post, day, shift)."""

    post: Post
    shift: str
    d: int
    day: date
    minimum: int
    target: int
    supply: int
    assigned: int
    absorbed: bool

    @property
    def effective(self) -> int:
        return self.supply + self.assigned + int(self.absorbed)

    @property
    def min_shortfall(self) -> int:
        return max(0, self.minimum - self.effective)

    @property
    def target_shortfall(self) -> int:
        return max(0, self.target - self.effective)

    def row(self) -> CoverageRow:
        return CoverageRow(post_id=self.post.id, day=self.day, shift=self.shift,
                           required=self.minimum, target=self.target,
                           hospital_supply=self.supply, assigned=self.assigned,
                           absorbed=self.absorbed, shortfall=self.min_shortfall)

    def where(self) -> str:
        return f"{_post_label(self.post)} {self.day.isoformat()} {self.shift} 班"


@dataclass
class _Hours:
    """Working and overtime minutes of one person over the horizon."""

    minutes: int = 0
    m150: int = 0
    m200: int = 0
    m300: int = 0
    pay_fen: int = 0
    month_overtime: dict[Month, int] = field(default_factory=lambda: defaultdict(int))


class _Context:
    """The horizon, the resolved roster and lookups shared by the rule functions."""

    def __init__(self, data: DataSet, start: date, days: int,
                 assignments: Sequence[Assignment]) -> None:
        self.data = data
        self.start = start
        self.D = days
        self.cal: list[CalendarDay] = data.calendar.days(start, days)
        self.unresolved: list[_Breach] = []
        self.works: list[_Work] = [w for a in assignments if (w := self._resolve(a)) is not None]
        self.works.sort(key=lambda w: (w.staff.id, w.d, w.start_minute))
        self.by_staff: dict[str, list[_Work]] = defaultdict(list)
        for work in self.works:
            self.by_staff[work.staff.id].append(work)
        self.tails: dict[str, PreviousTail] = {}
        for tail in data.tails:
            self.tails.setdefault(tail.staff_id, tail)

    def _resolve(self, a: Assignment) -> _Work | None:
        staff = self.data.staff_by_id.get(a.staff_id)
        post = self.data.post_by_id.get(a.post_id)
        shift = self.data.shift_by_code.get(a.shift)
        d = (a.day - self.start).days
        problems = []
        if staff is None:
            problems.append(f"未知工号 {a.staff_id}")
        if post is None:
            problems.append(f"未知岗位 {a.post_id}")
        if shift is None:
            problems.append(f"未知班次 {a.shift}")
        if not 0 <= d < self.D:
            problems.append("日期不在排班周期内")
        if problems:
            self.unresolved.append(_Breach(1, f"{a.staff_id} {a.day.isoformat()} {a.post_id} "
                                              f"{a.shift} 班：" + "；".join(problems),
                                           a.staff_id, a.day))
            return None
        spans = shift.intervals()
        return _Work(staff, post, shift, d, a.day, spans[0][0], spans[-1][1], shift.minutes)

    def rule(self, rule_id: str) -> Rule:
        """The rule in force; a rule missing from data.rules falls back to its default."""
        try:
            return self.data.rules[rule_id]
        except KeyError:
            return _DEFAULTS[rule_id]

    def value(self, rule_id: str) -> float:
        rule = self.rule(rule_id)
        return float(rule.value if rule.value is not None else _DEFAULTS[rule_id].value)

    def minutes_value(self, rule_id: str) -> int:
        """A rule value in hours, as whole minutes."""
        return int(round(self.value(rule_id) * 60))

    @cached_property
    def people(self) -> list[Staff]:
        """Vendor staff, plus anyone else who appears in the roster, in data order."""
        return [s for s in self.data.staff
                if s.employment is Employment.VENDOR or s.id in self.by_staff]

    @cached_property
    def approved_absence_days(self) -> dict[str, dict[date, str]]:
        out: dict[str, dict[date, str]] = defaultdict(dict)
        for absence in self.data.absences:
            if absence.approved:
                for d in range(self.D):
                    if absence.covers(self.cal[d].day):
                        out[absence.staff_id].setdefault(self.cal[d].day, absence.kind.value)
        return out

    def worked_days(self, staff_id: str) -> set[int]:
        return {w.d for w in self.by_staff.get(staff_id, ())}

    @cached_property
    def vendor_at(self) -> dict[tuple[str, int, str], list[_Work]]:
        """Vendor assignments per (post, day index, shift)."""
        out: dict[tuple[str, int, str], list[_Work]] = defaultdict(list)
        for work in self.works:
            if work.staff.employment is Employment.VENDOR:
                out[(work.post.id, work.d, work.shift.code)].append(work)
        return out

    def assigned(self, post_id: str, d: int, shift: str) -> int:
        return len(self.vendor_at.get((post_id, d, shift), ()))

    @cached_property
    def cover_rules(self) -> dict[tuple[str, str], CoverRule]:
        out: dict[tuple[str, str], CoverRule] = {}
        for rule in self.data.cover_rules:
            out.setdefault((rule.post_id, rule.shift), rule)
        return out

    @cached_property
    def _coverage(self) -> tuple[list[_Cell], dict[tuple[str, date], str]]:
        cells: list[_Cell] = []
        marks: dict[tuple[str, date], str] = {}
        for post in self.data.posts:
            for d in range(self.D):
                kind = self.cal[d].kind
                for demand in post.demand:
                    need = demand.need(kind)
                    supply = demand.supply(kind)
                    assigned = self.assigned(post.id, d, demand.shift)
                    absorber = self._absorber(post, d, demand.shift, need.target,
                                              assigned + supply)
                    cells.append(_Cell(post, demand.shift, d, self.cal[d].day, need.min,
                                       need.target, supply, assigned, absorber is not None))
                    if absorber is not None:
                        for work in self.vendor_at.get((post.id, d, absorber), ()):
                            marks.setdefault((work.staff.id, work.day), demand.shift)
        return cells, marks

    def _absorber(self, post: Post, d: int, shift: str, target: int, present: int) -> str | None:
        """RULES.md, coverage: the first absorber shift with coverage >= 1, if absorbed."""
        rule = self.cover_rules.get((post.id, shift))
        if rule is None or target <= 0 or present != 0:
            return None
        kind = self.cal[d].kind
        for code in rule.absorbers:
            demand = post.demand_for(code)
            supply = demand.supply(kind) if demand is not None else 0
            if self.assigned(post.id, d, code) + supply >= 1:
                return code
        return None

    @property
    def cells(self) -> list[_Cell]:
        return self._coverage[0]

    @property
    def absorbed_marks(self) -> dict[tuple[str, date], str]:
        return self._coverage[1]

    @cached_property
    def hours(self) -> dict[str, _Hours]:
        return {s.id: _hours_of(self, s) for s in self.people}


# -- labels ----------------------------------------------------------------------------------
def _staff_label(staff: Staff) -> str:
    return f"{staff.name}（{staff.id}）"


def _post_label(post: Post) -> str:
    return f"{post.name}（{post.id}）"


def _work_label(work: _Work) -> str:
    return (f"{_staff_label(work.staff)} {work.day.isoformat()} {_post_label(work.post)} "
            f"{work.shift.code} 班")


def _is_night(work: _Work) -> bool:
    return work.shift.category is ShiftCategory.NIGHT


# -- eligibility -----------------------------------------------------------------------------
def cell_problems(ctx: _Context, staff: Staff, post: Post, shift: str, d: int) -> list[str]:
    """Why staff may not work (post, shift) on day index d; empty = eligible (RULES.md 1-6)."""
    day, kind = ctx.cal[d].day, ctx.cal[d].kind
    out: list[str] = []
    demand = post.demand_for(shift)
    if demand is None and shift in post.shifts:  # demanded by date (RULES.md dated demand)
        if not post.dated_open(shift, day):
            out.append(f"该岗位 {shift} 班在 {day.isoformat()} 没有按日期的需求（或目标为 0 且"
                       f"不允许超员）")
    elif demand is None:
        out.append(f"{shift} 不是该岗位的班次")
    elif demand.need(kind).target <= 0:
        out.append(f"该岗位 {shift} 班在{kind.label}不需要人（目标为 0）")
    own = staff.line_id in post.lines
    if not own and post.id not in staff.skills:
        out.append("非本项目岗位且未经培训")
    for cert in post.required_certificates:
        held = [c for c in staff.certificates if c.type_id == cert]
        if not held:
            out.append(f"缺少证书 {cert}")
        elif not any(c.valid_on(day) for c in held):
            expired = max(c.expires_on for c in held if c.expires_on is not None)
            out.append(f"证书 {cert} 已于 {expired.isoformat()} 过期")
    line = ctx.data.line_by_id.get(staff.line_id)
    training = line.requirements.training_days if line is not None else 0
    if day < staff.hire_date:
        out.append(f"早于入职日期 {staff.hire_date.isoformat()}")
    elif own and day < staff.hire_date + timedelta(days=training):
        out.append(f"岗前培训期内（入职 {staff.hire_date.isoformat()}，培训 {training} 天）")
    absence = ctx.approved_absence_days.get(staff.id, {}).get(day)
    if absence is not None:
        out.append(f"已批准的{absence}")
    if staff.employment is not Employment.VENDOR:
        out.append("院方人员不参与外包排班")
    return out


def _eligibility(ctx: _Context) -> list[_Breach]:
    """Eligibility of every assigned cell (RULES.md: which cells may be used; always hard)."""
    out = list(ctx.unresolved)
    for w in ctx.works:
        problems = cell_problems(ctx, w.staff, w.post, w.shift.code, w.d)
        if problems:
            out.append(_Breach(1, f"{_work_label(w)}不可排：" + "；".join(problems),
                               w.staff.id, w.day))
    return out


def _one_per_day(ctx: _Context) -> list[_Breach]:
    """At most one assignment per person per day (RULES.md eligibility; always hard)."""
    out = []
    for staff_id, works in ctx.by_staff.items():
        per_day = Counter(w.d for w in works)
        for d, n in sorted(per_day.items()):
            if n > 1:
                staff = ctx.data.staff_by_id[staff_id]
                out.append(_Breach(1, f"{_staff_label(staff)} {ctx.cal[d].day.isoformat()} "
                                      f"排了 {n} 个班", staff_id, ctx.cal[d].day))
    return out


def _pins(ctx: _Context) -> list[_Breach]:
    """Pinned cells worked as pinned, pinned days off not worked (RULES.md pins; hard)."""
    out = []
    for pin in ctx.data.pins:
        d = (pin.day - ctx.start).days
        staff = ctx.data.staff_by_id.get(pin.staff_id)
        if not 0 <= d < ctx.D or staff is None:
            continue
        works = [w for w in ctx.by_staff.get(pin.staff_id, ()) if w.d == d]
        who = f"{_staff_label(staff)} {pin.day.isoformat()}"
        if pin.is_off and works:
            out.append(_Breach(1, f"{who} 固定为休息，却排了 "
                                  + "、".join(f"{w.post.id} {w.shift.code} 班" for w in works),
                               staff.id, pin.day))
        elif not pin.is_off and not any(w.post.id == pin.post_id and w.shift.code == pin.shift
                                        for w in works):
            out.append(_Breach(1, f"{who} 固定为 {pin.post_id} {pin.shift} 班，未按固定排班",
                               staff.id, pin.day))
    return out


# -- coverage --------------------------------------------------------------------------------
def _coverage_max(ctx: _Context) -> list[_Breach]:
    """No more vendor staff than the target: a <= max(0, g - h) (RULES.md coverage; hard)."""
    return [_Breach(1, f"{c.where()} 排了 {c.assigned} 人，超过目标 {c.target}"
                       f"（院方提供 {c.supply} 人）", None, c.day)
            for c in ctx.cells if c.target > 0 and c.assigned > max(0, c.target - c.supply)]


def _coverage_min(ctx: _Context) -> list[_Breach]:
    """coverage_min: max(0, m - effective) per post/day/shift (RULES.md; always weighted)."""
    return [_Breach(c.min_shortfall, f"{c.where()} 缺 {c.min_shortfall} 人（最低 {c.minimum}）",
                    None, c.day) for c in ctx.cells]


def _coverage_target(ctx: _Context) -> list[_Breach]:
    """coverage_target: max(0, g - effective) per post/day/shift (RULES.md coverage)."""
    return [_Breach(c.target_shortfall, f"{c.where()} 比目标 {c.target} 少 "
                                         f"{c.target_shortfall} 人", None, c.day)
            for c in ctx.cells]


def _cover_absorb(ctx: _Context) -> list[_Breach]:
    """cover_absorb: number of absorbed post/day/shift (seed 000 附件10 (一)8、(二)6)."""
    return [_Breach(1, f"{c.where()} 无人，由其他班次顶替", None, c.day)
            for c in ctx.cells if c.absorbed]


def _borrowed(ctx: _Context) -> list[_Breach]:
    """borrowed_post: assignments at a post outside the person's line (规划员规则)."""
    return [_Breach(1, f"{_work_label(w)}：跨项目借调", w.staff.id, w.day)
            for w in ctx.works if w.staff.line_id not in w.post.lines]


def _uncovered_minutes(ctx: _Context) -> list[tuple[str, date, int, int]]:
    """24-hour posts, minute by minute (RULES.md coverage): runs of minutes where h + a of
    the covering shifts is 0, as (post, day, from, to) minutes of that day. No count: the
    objective counts coverage per shift. Minutes of day 0 that shifts of day -1 can reach
    belong to the previous roster and are skipped."""
    out = []
    horizon = ctx.D * MINUTES_PER_DAY
    for post in ctx.data.posts:
        if not post.around_the_clock:
            continue
        level = [0] * (horizon + 2 * MINUTES_PER_DAY + 1)
        spill = 0
        for demand in post.demand:
            shift = ctx.data.shift_by_code.get(demand.shift)
            if shift is None:
                continue
            spans = shift.intervals()
            spill = max(spill, spans[-1][1] - MINUTES_PER_DAY)
            for d in range(ctx.D):
                people = demand.supply(ctx.cal[d].kind) + ctx.assigned(post.id, d, demand.shift)
                for begin, end in spans:
                    level[d * MINUTES_PER_DAY + begin] += people
                    level[d * MINUTES_PER_DAY + end] -= people
        on_duty = 0
        empty = []
        for minute in range(horizon):
            on_duty += level[minute]
            empty.append(on_duty == 0 and minute >= spill)
        for d in range(ctx.D):
            base = d * MINUTES_PER_DAY
            minute = 0
            while minute < MINUTES_PER_DAY:
                if not empty[base + minute]:
                    minute += 1
                    continue
                run = minute
                while minute < MINUTES_PER_DAY and empty[base + minute]:
                    minute += 1
                out.append((post.id, ctx.cal[d].day, run, minute))
    return out


# -- rest and sequences ----------------------------------------------------------------------
def _tail_end_minute(ctx: _Context, tail: PreviousTail) -> int | None:
    if tail.last_shift_end is None:
        return None
    midnight = datetime.combine(ctx.start, time())
    delta = tail.last_shift_end.replace(tzinfo=None) - midnight
    return int(delta.total_seconds() // 60)


def _min_rest(ctx: _Context) -> list[_Breach]:
    """min_rest_hours: pairs of shifts on days d < d' with rest < value (规划员规则，跨午夜)."""
    need = ctx.minutes_value(MIN_REST)
    out = []
    for staff_id, works in ctx.by_staff.items():
        tail = ctx.tails.get(staff_id)
        tail_end = _tail_end_minute(ctx, tail) if tail is not None else None
        for i, later in enumerate(works):
            begin = later.d * MINUTES_PER_DAY + later.start_minute
            if tail_end is not None and begin - tail_end < need:
                out.append(_Breach(1, f"{_work_label(later)} 距上期最后一班结束仅休息 "
                                      f"{(begin - tail_end) / 60:g} 小时", staff_id, later.day))
            for earlier in works[:i]:
                if earlier.d >= later.d:
                    continue
                rest = begin - (earlier.d * MINUTES_PER_DAY + earlier.end_minute)
                if rest < need:
                    out.append(_Breach(1, f"{_work_label(later)} 距 {earlier.day.isoformat()} "
                                          f"{earlier.shift.code} 班结束仅休息 {rest / 60:g} 小时",
                                       staff_id, later.day))
    return out


def _no_day_after_night(ctx: _Context) -> list[_Breach]:
    """no_day_after_night: person-days with a DAY shift after a NIGHT shift (规划员规则)."""
    out = []
    for staff_id, works in ctx.by_staff.items():
        nights = {w.d for w in works if _is_night(w)}
        tail = ctx.tails.get(staff_id)
        if tail is not None and tail.last_shift_was_night \
                and tail.last_shift_day == ctx.start - timedelta(days=1):
            nights.add(-1)
        days = sorted({w.d for w in works if w.shift.category is ShiftCategory.DAY})
        staff = ctx.data.staff_by_id[staff_id]
        out += [_Breach(1, f"{_staff_label(staff)} {ctx.cal[d].day.isoformat()} 夜班后次日上白班",
                        staff_id, ctx.cal[d].day) for d in days if d - 1 in nights]
    return out


def _max_consecutive(ctx: _Context) -> list[_Breach]:
    """max_consecutive_days: windows of k+1 worked days touching the horizon (劳动法第38条)."""
    k = int(round(ctx.value(MAX_CONSECUTIVE)))
    out = []
    for staff in ctx.people:
        tail = ctx.tails.get(staff.id)
        c = tail.consecutive_days if tail is not None else 0
        worked = ctx.worked_days(staff.id) | set(range(-c, 0))
        for first in range(max(-c, -k), ctx.D - k):
            if all(d in worked for d in range(first, first + k + 1)):
                last = ctx.cal[first + k].day
                out.append(_Breach(1, f"{_staff_label(staff)} 截至 {last.isoformat()} 连续工作 "
                                      f"{k + 1} 天", staff.id, last))
    return out


def _weekly_rest(ctx: _Context) -> list[_Breach]:
    """weekly_rest_day: r days off in each full Monday-Sunday week (劳动法第38条)."""
    r = int(round(ctx.value(WEEKLY_REST)))
    weeks = [w for w in calendar_weeks(ctx.cal) if len(w) == 7]
    out = []
    for staff in ctx.people:
        worked = ctx.worked_days(staff.id)
        for week in weeks:
            missing = max(0, r - sum(1 for d in week if d not in worked))
            monday = ctx.cal[week[0]].day
            out.append(_Breach(missing, f"{_staff_label(staff)} {monday.isoformat()} 起的一周"
                                        f"少休 {missing} 天", staff.id, monday))
    return out


# -- hours and overtime ----------------------------------------------------------------------
def _hours_of(ctx: _Context, staff: Staff) -> _Hours:
    """Minutes at 150/200/300 %, per-month overtime and pay of one person (RULES.md hours)."""
    result = _Hours()
    works = ctx.by_staff.get(staff.id, [])
    for w in works:
        result.minutes += w.minutes
        month = (w.day.year, w.day.month)
        if ctx.cal[w.d].kind is DayKind.HOLIDAY:
            result.m300 += w.minutes
            result.month_overtime[month] += w.minutes
        else:
            daily = daily_overtime_minutes(w.minutes)
            result.m150 += daily
            result.month_overtime[month] += daily
    for owner, excess in _period_excess(ctx, staff, works):
        result.m200 += excess
        result.month_overtime[owner] += excess
    tail = ctx.tails.get(staff.id)
    if tail is not None and tail.overtime_minutes:
        result.month_overtime[(ctx.start.year, ctx.start.month)] += tail.overtime_minutes
    line = ctx.data.line_by_id.get(staff.line_id)
    if line is not None:
        share = ctx.value(OVERTIME_PAY)
        result.pay_fen = sum(overtime_fen_per_minute(line.unit_cost, share, multiple) * minutes
                             for multiple, minutes in ((PAY_150, result.m150),
                                                       (PAY_200, result.m200),
                                                       (PAY_300, result.m300)))
    return result


def _period_excess(ctx: _Context, staff: Staff, works: list[_Work]) -> list[tuple[Month, int]]:
    """(owner month, excess minutes) per week (standard) or month (comprehensive) regime."""
    weekly_hours = ctx.value(WEEKLY_HOURS)
    if staff.regime is HoursRegime.COMPREHENSIVE:
        periods = [(month, idx) for month, idx in calendar_months(ctx.cal).items()]
    else:
        periods = [(week_owner_month(week_monday(ctx.cal[idx[0]].day)), idx)
                   for idx in calendar_weeks(ctx.cal)]
    out = []
    for owner, indices in periods:
        inside = set(indices)
        worked = daily = holiday = 0
        for w in works:
            if w.d not in inside:
                continue
            worked += w.minutes
            if ctx.cal[w.d].kind is DayKind.HOLIDAY:
                holiday += w.minutes
            else:
                daily += daily_overtime_minutes(w.minutes)
        std = standard_minutes(ctx.cal, indices, weekly_hours)
        out.append((owner, max(0, worked - daily - holiday - std)))
    return out


def _max_daily_overtime(ctx: _Context) -> list[_Breach]:
    """max_daily_overtime_hours: assignments with daily overtime > value (劳动法第41条)."""
    cap = ctx.minutes_value(MAX_DAILY_OVERTIME)
    return [_Breach(1, f"{_work_label(w)} 当日加班 {daily_overtime_minutes(w.minutes)} 分钟，"
                       f"超过 {cap} 分钟", w.staff.id, w.day)
            for w in ctx.works if daily_overtime_minutes(w.minutes) > cap]


def _max_monthly_overtime(ctx: _Context) -> list[_Breach]:
    """max_monthly_overtime_hours: minutes of overtime above the cap per month (劳动法第41条)."""
    cap = ctx.minutes_value(MAX_MONTHLY_OVERTIME)
    out = []
    for staff in ctx.people:
        for (year, month), minutes in sorted(ctx.hours[staff.id].month_overtime.items()):
            over = max(0, minutes - cap)
            out.append(_Breach(over, f"{_staff_label(staff)} {year} 年 {month} 月加班 {minutes} "
                                     f"分钟，超过上限 {over} 分钟", staff.id,
                               date(year, month, 1)))
    return out


def _overtime_pay(ctx: _Context) -> list[_Breach]:
    """overtime_pay: fen of overtime pay at 150/200/300 % (劳动法第44条)."""
    out = []
    for staff in ctx.people:
        h = ctx.hours[staff.id]
        out.append(_Breach(h.pay_fen, f"{_staff_label(staff)} 加班费 {h.pay_fen / 100:.2f} 元",
                           staff.id))
    return out


# -- nights and fairness ---------------------------------------------------------------------
def _nights_of(ctx: _Context, staff_id: str) -> int:
    return sum(1 for w in ctx.by_staff.get(staff_id, ()) if _is_night(w))


def _max_nights(ctx: _Context) -> list[_Breach]:
    """max_nights_per_4_weeks: nights above ceil(n * D / 28) per person (规划员规则)."""
    limit = math.ceil(Fraction(str(ctx.value(MAX_NIGHTS))) * ctx.D / 28)
    out = []
    for staff in ctx.people:
        nights = _nights_of(ctx, staff.id)
        out.append(_Breach(max(0, nights - limit), f"{_staff_label(staff)} 夜班 {nights} 个，"
                                                   f"超过上限 {limit}", staff.id))
    return out


def _has_eligible_cell(ctx: _Context, staff: Staff,
                       wanted: Callable[[ShiftType | None, int], bool]) -> bool:
    """Whether some eligible cell (post, shift, day) of the person satisfies `wanted`."""
    for post in ctx.data.posts:
        if staff.line_id not in post.lines and post.id not in staff.skills:
            continue
        for demand in post.demand:
            shift = ctx.data.shift_by_code.get(demand.shift)
            for d in range(ctx.D):
                if wanted(shift, d) and not cell_problems(ctx, staff, post, demand.shift, d):
                    return True
    return False


def _fairness(ctx: _Context, what: str, wanted: Callable[[ShiftType | None, int], bool],
              count: Callable[[str], int]) -> list[_Breach]:
    """max - min of `count` within each line's group of >= 2 members with an eligible cell."""
    groups: dict[str, list[Staff]] = defaultdict(list)
    for staff in ctx.data.staff:
        if _has_eligible_cell(ctx, staff, wanted):
            groups[staff.line_id].append(staff)
    out = []
    for line_id, members in groups.items():
        if len(members) < 2:
            continue
        values = {s.id: count(s.id) for s in members}
        spread = max(values.values()) - min(values.values())
        shown = "、".join(f"{s.name} {values[s.id]}" for s in members)
        out.append(_Breach(spread, f"项目 {line_id} {what}相差 {spread}（{shown}）"))
    return out


def _fair_weekends(ctx: _Context) -> list[_Breach]:
    """fair_weekends: spread of weekend days worked per line (规划员规则)."""
    return _fairness(ctx, "周末班天数", lambda shift, d: is_weekend_day(ctx.cal[d]),
                     lambda sid: sum(1 for d in ctx.worked_days(sid) if is_weekend_day(ctx.cal[d])))


def _fair_nights(ctx: _Context) -> list[_Breach]:
    """fair_nights: spread of night shifts per line (规划员规则)."""
    return _fairness(ctx, "夜班个数",
                     lambda shift, d: shift is not None and shift.category is ShiftCategory.NIGHT,
                     lambda sid: _nights_of(ctx, sid))


def _fair_holidays(ctx: _Context) -> list[_Breach]:
    """fair_holidays: spread of holiday days worked per line (规划员规则)."""
    return _fairness(ctx, "节假日班天数", lambda shift, d: is_holiday_day(ctx.cal[d]),
                     lambda sid: sum(1 for d in ctx.worked_days(sid) if is_holiday_day(ctx.cal[d])))


# -- requests --------------------------------------------------------------------------------
def _requests(ctx: _Context) -> list[_Breach]:
    """requests: sum of weights of broken requests (规划员规则)."""
    out = []
    for req in ctx.data.requests:
        d = (req.day - ctx.start).days
        staff = ctx.data.staff_by_id.get(req.staff_id)
        if not 0 <= d < ctx.D or staff is None:
            continue
        shifts = [w.shift.code for w in ctx.by_staff.get(req.staff_id, ()) if w.d == d]
        if req.kind is RequestKind.DAY_OFF:
            broken = bool(shifts)
        elif req.kind is RequestKind.SHIFT_WANTED:
            broken = req.shift not in shifts
        else:
            broken = req.shift in shifts
        if broken:
            wish = req.kind.value + (f" {req.shift} 班" if req.shift else "")
            out.append(_Breach(req.weight, f"{_staff_label(staff)} {req.day.isoformat()} "
                                           f"请求“{wish}”未满足", staff.id, req.day))
    return out


def _requested_absence(ctx: _Context) -> list[_Breach]:
    """requested_absence: days of unapproved absences with an assignment (规划员规则)."""
    out = []
    for absence in ctx.data.absences:
        staff = ctx.data.staff_by_id.get(absence.staff_id)
        if absence.approved or staff is None:
            continue
        for d in sorted(ctx.worked_days(staff.id)):
            if absence.covers(ctx.cal[d].day):
                out.append(_Breach(1, f"{_staff_label(staff)} {ctx.cal[d].day.isoformat()} "
                                      f"申请了{absence.kind.value}（未批准）却被排班",
                                   staff.id, ctx.cal[d].day))
    return out


# -- forbidden successions and personal contract limits ---------------------------------------
def _forbidden_succession(ctx: _Context) -> list[_Breach]:
    """forbidden_succession: person-days d with shift t on d and a t.forbidden_next on d+1."""
    out = []
    for staff_id, works in ctx.by_staff.items():
        on_day: dict[int, list[_Work]] = defaultdict(list)
        for w in works:
            on_day[w.d].append(w)
        for w in works:
            for nxt in on_day.get(w.d + 1, ()):
                if nxt.shift.code in w.shift.forbidden_next:
                    out.append(_Breach(1, f"{_work_label(nxt)} 紧接前一天的 {w.shift.code} 班"
                                          f"（{w.shift.code} 班后次日不得上 {nxt.shift.code} 班）",
                                       staff_id, nxt.day))
    return out


def _limited(ctx: _Context) -> list[Staff]:
    return [s for s in ctx.people if s.limits is not None]


def _staff_max_shifts(ctx: _Context) -> list[_Breach]:
    """staff_max_shifts_per_type: max(0, shifts of type t - limit) per person and type."""
    out = []
    for staff in _limited(ctx):
        done = Counter(w.shift.code for w in ctx.by_staff.get(staff.id, ()))
        for code, limit in staff.limits.max_shifts.items():
            if done[code] > limit:
                out.append(_Breach(done[code] - limit, f"{_staff_label(staff)} 上了 "
                                                       f"{done[code]} 个 {code} 班，合同上限 "
                                                       f"{limit}", staff.id))
    return out


def _staff_minutes(ctx: _Context, staff: Staff) -> int:
    return sum(w.minutes for w in ctx.by_staff.get(staff.id, ()))


def _staff_max_minutes(ctx: _Context) -> list[_Breach]:
    """staff_max_total_minutes: max(0, minutes worked - limit) per person."""
    out = []
    for staff in _limited(ctx):
        limit, worked = staff.limits.max_minutes, _staff_minutes(ctx, staff)
        if limit is not None and worked > limit:
            out.append(_Breach(worked - limit, f"{_staff_label(staff)} 排班 {worked} 分钟，"
                                               f"超过合同上限 {limit} 分钟", staff.id))
    return out


def _staff_min_minutes(ctx: _Context) -> list[_Breach]:
    """staff_min_total_minutes: max(0, limit - minutes worked) per person."""
    out = []
    for staff in _limited(ctx):
        limit, worked = staff.limits.min_minutes, _staff_minutes(ctx, staff)
        if limit is not None and worked < limit:
            out.append(_Breach(limit - worked, f"{_staff_label(staff)} 排班 {worked} 分钟，"
                                               f"少于合同下限 {limit} 分钟", staff.id))
    return out


def _staff_max_consecutive(ctx: _Context) -> list[_Breach]:
    """staff_max_consecutive_days: windows of k+1 worked days (tail days count) touching the
    horizon."""
    out = []
    for staff in _limited(ctx):
        k = staff.limits.max_consecutive_days
        if k is None:
            continue
        tail = ctx.tails.get(staff.id)
        c = tail.consecutive_days if tail is not None else 0
        worked = ctx.worked_days(staff.id) | set(range(-c, 0))
        for first in range(max(-c, -k), ctx.D - k):
            if all(d in worked for d in range(first, first + k + 1)):
                last = ctx.cal[first + k].day
                out.append(_Breach(1, f"{_staff_label(staff)} 截至 {last.isoformat()} 连续工作 "
                                      f"{k + 1} 天，合同上限 {k} 天", staff.id, last))
    return out


def _runs(flags: list[bool], value: bool) -> list[tuple[int, int]]:
    """Maximal runs (first day, length) of `value` in flags."""
    out, d = [], 0
    while d < len(flags):
        if flags[d] != value:
            d += 1
            continue
        first = d
        while d < len(flags) and flags[d] == value:
            d += 1
        out.append((first, d - first))
    return out


def _short_inner_runs(ctx: _Context, staff: Staff, shortest: int | None,
                      worked: bool, what: str) -> list[_Breach]:
    """Runs shorter than `shortest` that touch neither day 0 nor the last day (every run,
    when limits.edge_runs_exempt is off)."""
    if shortest is None or shortest <= 1:
        return []
    days = ctx.worked_days(staff.id)
    flags = [d in days for d in range(ctx.D)]
    exempt = staff.limits.edge_runs_exempt
    out = []
    for first, length in _runs(flags, worked):
        inner = first > 0 and first + length < ctx.D
        if (inner or not exempt) and length < shortest:
            out.append(_Breach(1, f"{_staff_label(staff)} {ctx.cal[first].day.isoformat()} 起"
                                  f"{what} {length} 天，少于合同下限 {shortest} 天",
                               staff.id, ctx.cal[first].day))
    return out


def _staff_min_consecutive(ctx: _Context) -> list[_Breach]:
    """staff_min_consecutive_days: inner runs of worked days shorter than the limit."""
    return [b for staff in _limited(ctx) for b in _short_inner_runs(
        ctx, staff, staff.limits.min_consecutive_days, True, "连续工作")]


def _staff_min_days_off(ctx: _Context) -> list[_Breach]:
    """staff_min_consecutive_days_off: inner runs of days off shorter than the limit."""
    return [b for staff in _limited(ctx) for b in _short_inner_runs(
        ctx, staff, staff.limits.min_consecutive_days_off, False, "连续休息")]


def _staff_max_weekends(ctx: _Context) -> list[_Breach]:
    """staff_max_weekends: max(0, weekends with a shift on Saturday or Sunday - limit)."""
    weekends: dict[date, list[int]] = defaultdict(list)
    for d in range(ctx.D):
        day = ctx.cal[d].day
        if day.weekday() >= 5:
            weekends[day - timedelta(days=day.weekday() - 5)].append(d)
    out = []
    for staff in _limited(ctx):
        limit = staff.limits.max_weekends
        if limit is None:
            continue
        days = ctx.worked_days(staff.id)
        worked = sum(1 for ds in weekends.values() if any(d in days for d in ds))
        if worked > limit:
            out.append(_Breach(worked - limit, f"{_staff_label(staff)} 工作 {worked} 个周末，"
                                               f"合同上限 {limit} 个", staff.id))
    return out


# -- demand by date ---------------------------------------------------------------------------
def _dated_rows(ctx: _Context):
    """(post, row, d, assigned) of every dated demand row inside the horizon."""
    for post in ctx.data.posts:
        for row in post.dated_demand:
            d = (row.day - ctx.start).days
            if 0 <= d < ctx.D:
                yield post, row, d, ctx.assigned(post.id, d, row.shift)


def _dated_cover_under(ctx: _Context) -> list[_Breach]:
    """dated_cover_under: under_weight x max(0, target - assigned) per dated row."""
    return [_Breach(row.under_weight * (row.target - a),
                    f"{_post_label(post)} {row.day.isoformat()} {row.shift} 班 {a} 人，比目标 "
                    f"{row.target} 少 {row.target - a} 人（每人 {row.under_weight}）", None,
                    row.day)
            for post, row, d, a in _dated_rows(ctx) if a < row.target]


def _dated_cover_over(ctx: _Context) -> list[_Breach]:
    """dated_cover_over: over_weight x max(0, assigned - target) per row with an over weight."""
    return [_Breach(row.over_weight * (a - row.target),
                    f"{_post_label(post)} {row.day.isoformat()} {row.shift} 班 {a} 人，比目标 "
                    f"{row.target} 多 {a - row.target} 人（每人 {row.over_weight}）", None, row.day)
            for post, row, d, a in _dated_rows(ctx)
            if row.over_weight is not None and a > row.target]


def _dated_coverage_max(ctx: _Context) -> list[_Breach]:
    """Rows without an over weight: nobody above the target (RULES.md dated demand; hard)."""
    return [_Breach(1, f"{_post_label(post)} {row.day.isoformat()} {row.shift} 班排了 {a} 人，"
                       f"超过目标 {row.target}（不允许超员）", None, row.day)
            for post, row, d, a in _dated_rows(ctx)
            if row.over_weight is None and a > row.target]


# -- summaries -------------------------------------------------------------------------------
def _summary(ctx: _Context, staff: Staff) -> StaffSummary:
    h = ctx.hours[staff.id]
    worked = ctx.worked_days(staff.id)
    return StaffSummary(
        staff_id=staff.id,
        hours=h.minutes / 60,
        overtime_hours=(h.m150 + h.m200 + h.m300) / 60,
        overtime_150_hours=h.m150 / 60,
        overtime_200_hours=h.m200 / 60,
        overtime_300_hours=h.m300 / 60,
        overtime_cost=h.pay_fen / 100,
        nights=_nights_of(ctx, staff.id),
        weekend_days=sum(1 for d in worked if is_weekend_day(ctx.cal[d])),
        holiday_days=sum(1 for d in worked if is_holiday_day(ctx.cal[d])),
        days_worked=len(worked),
    )


#: Every rule, in report order. weekly_standard_hours is a parameter of the overtime rules
#: (RULES.md gives it no count of its own).
_CHECKS: tuple[tuple[str, Callable[[_Context], list[_Breach]]], ...] = (
    (ELIGIBILITY, _eligibility),
    (ONE_PER_DAY, _one_per_day),
    (PINS, _pins),
    (COVERAGE_MAX, _coverage_max),
    (COVERAGE_MIN, _coverage_min),
    (COVERAGE_TARGET, _coverage_target),
    (COVER_ABSORB, _cover_absorb),
    (BORROWED_POST, _borrowed),
    (MIN_REST, _min_rest),
    (NO_DAY_AFTER_NIGHT, _no_day_after_night),
    (MAX_CONSECUTIVE, _max_consecutive),
    (WEEKLY_REST, _weekly_rest),
    (MAX_DAILY_OVERTIME, _max_daily_overtime),
    (MAX_MONTHLY_OVERTIME, _max_monthly_overtime),
    (OVERTIME_PAY, _overtime_pay),
    (MAX_NIGHTS, _max_nights),
    (FAIR_WEEKENDS, _fair_weekends),
    (FAIR_NIGHTS, _fair_nights),
    (FAIR_HOLIDAYS, _fair_holidays),
    (REQUESTS, _requests),
    (REQUESTED_ABSENCE, _requested_absence),
    (DATED_COVERAGE_MAX, _dated_coverage_max),
    (DATED_COVER_UNDER, _dated_cover_under),
    (DATED_COVER_OVER, _dated_cover_over),
    (FORBIDDEN_SUCCESSION, _forbidden_succession),
    (STAFF_MAX_SHIFTS, _staff_max_shifts),
    (STAFF_MAX_MINUTES, _staff_max_minutes),
    (STAFF_MIN_MINUTES, _staff_min_minutes),
    (STAFF_MAX_CONSECUTIVE, _staff_max_consecutive),
    (STAFF_MIN_CONSECUTIVE, _staff_min_consecutive),
    (STAFF_MIN_DAYS_OFF, _staff_min_days_off),
    (STAFF_MAX_WEEKENDS, _staff_max_weekends),
)
