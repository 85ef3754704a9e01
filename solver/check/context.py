"""The checker's shared evaluation context: resolved roster, coverage cells, hours, labels."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from model.calendar import CalendarDay, DayKind
from model.dataset import DataSet
from model.events import PreviousTail
from model.hours import (
    PAY_150,
    PAY_200,
    PAY_300,
    PeriodWindow,
    calendar_weeks,
    daily_overtime_minutes,
    overtime_fen_per_minute,
    period_windows,
    standard_minutes,
    week_monday,
    week_owner_month,
)
from model.posts import CoverRule, Post
from model.roster import Assignment, CoverageRow
from model.rules import (
    DEFAULT_RULES,
    MAX_MONTHLY_OVERTIME,
    OVERTIME_PAY,
    Rule,
)
from model.shifts import ShiftCategory, ShiftType
from model.staff import Employment, Staff
from model.training import TrainingAttendance
from model.working_time import HoursPeriod

_DEFAULTS = {rule.id: rule for rule in DEFAULT_RULES}


Month = tuple[int, int]


@dataclass(frozen=True)
class Breach:
    """One breached item of a rule; `count` units of it."""

    count: int
    message: str
    staff_id: str | None = None
    day: date | None = None


@dataclass(frozen=True)
class Work:
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
class Cell:
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
        return f"{post_label(self.post)} {self.day.isoformat()} {self.shift} 班"


@dataclass
class Hours:
    """Working and overtime minutes of one person over the horizon."""

    minutes: int = 0
    m150: int = 0
    m200: int = 0
    m300: int = 0
    pay_fen: int = 0
    month_overtime: dict[Month, int] = field(default_factory=lambda: defaultdict(int))
    #: 综合计算工时 with a month, quarter or year period: each period's overtime so far.
    period_overtime: list[tuple[PeriodWindow, int]] = field(default_factory=list)


class Context:
    """The horizon, the resolved roster and lookups shared by the rule functions."""

    def __init__(self, data: DataSet, start: date, days: int,
                 assignments: Sequence[Assignment],
                 training: Sequence[TrainingAttendance] | None = None) -> None:
        self.data = data
        self.start = start
        self.D = days
        self.cal: list[CalendarDay] = data.calendar.days(start, days)
        self.unresolved: list[Breach] = []
        self.works: list[Work] = [w for a in assignments if (w := self._resolve(a)) is not None]
        self.works.sort(key=lambda w: (w.staff.id, w.d, w.start_minute))
        self.by_staff: dict[str, list[Work]] = defaultdict(list)
        for work in self.works:
            self.by_staff[work.staff.id].append(work)
        self.tails: dict[str, PreviousTail] = {}
        for tail in data.tails:
            self.tails.setdefault(tail.staff_id, tail)
        #: the roster's training attendances; None: not known (the training rules are not
        #: checked and the hours are the shifts' only)
        self.training = None if training is None else list(training)
        #: staff id -> day index -> training minutes that day (counted as working time)
        self.training_minutes: dict[str, dict[int, int]] = defaultdict(dict)
        for item in self.training or ():
            d = (item.day - start).days
            if 0 <= d < days:
                per_day = self.training_minutes[item.staff_id]
                per_day[d] = per_day.get(d, 0) + item.minutes

    def _resolve(self, a: Assignment) -> Work | None:
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
        if problems or staff is None or post is None or shift is None:
            self.unresolved.append(Breach(1, f"{a.staff_id} {a.day.isoformat()} {a.post_id} "
                                             f"{a.shift} 班：" + "；".join(problems),
                                          a.staff_id, a.day))
            return None
        spans = shift.intervals()
        return Work(staff, post, shift, d, a.day, spans[0][0], spans[-1][1], shift.minutes)

    def rule(self, rule_id: str) -> Rule:
        """The rule in force; a rule missing from data.rules falls back to its default."""
        try:
            return self.data.rules[rule_id]
        except KeyError:
            return _DEFAULTS[rule_id]

    def value(self, rule_id: str) -> float:
        """The rule's value, or its default's when the rule in force has none."""
        rule = self.rule(rule_id)
        value = rule.value if rule.value is not None else _DEFAULTS[rule_id].value
        if value is None:  # only rules whose default has a value are asked for it
            raise ValueError(f"规则 {rule_id} 没有数值")
        return float(value)

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

    def present_days(self, staff_id: str) -> set[int]:
        """Days at work: a shift or a training session (no day off for the rest-day rules)."""
        return self.worked_days(staff_id) | set(self.training_minutes.get(staff_id, {}))

    @cached_property
    def vendor_at(self) -> dict[tuple[str, int, str], list[Work]]:
        """Vendor assignments per (post, day index, shift)."""
        out: dict[tuple[str, int, str], list[Work]] = defaultdict(list)
        for work in self.works:
            if work.staff.employment is Employment.VENDOR:
                out[(work.post.id, work.d, work.shift.code)].append(work)
        return out

    def assigned(self, post_id: str, d: int, shift: str) -> int:
        """Vendor assignments there that count as cover: newcomers in training do not."""
        return sum(1 for w in self.vendor_at.get((post_id, d, shift), ())
                   if not self.in_training(w.staff, w.day))

    def in_training(self, staff: Staff, day: date) -> bool:
        """RULES.md shadowing: hire date <= day < solo_from, else hire + own line's days."""
        return staff.hire_date <= day < self._first_alone[staff.id]

    @cached_property
    def _first_alone(self) -> dict[str, date]:
        out = {}
        for staff in self.data.staff:
            line = self.data.line_by_id.get(staff.line_id)
            out[staff.id] = staff.solo_from or staff.hire_date + timedelta(
                days=line.requirements.training_days if line is not None else 0)
        return out

    @cached_property
    def cover_rules(self) -> dict[tuple[str, str], CoverRule]:
        out: dict[tuple[str, str], CoverRule] = {}
        for rule in self.data.cover_rules:
            out.setdefault((rule.post_id, rule.shift), rule)
        return out

    @cached_property
    def _coverage(self) -> tuple[list[Cell], dict[tuple[str, date], str]]:
        cells: list[Cell] = []
        marks: dict[tuple[str, date], str] = {}
        for post in self.data.posts:
            for d in range(self.D):
                kind = self.cal[d].kind
                for demand in post.demand:
                    need = post.need_on(demand.shift, self.cal[d].day, kind)
                    supply = demand.supply(kind)
                    assigned = self.assigned(post.id, d, demand.shift)
                    absorber = self._absorber(post, d, demand.shift, need.target,
                                              assigned + supply)
                    cells.append(Cell(post, demand.shift, d, self.cal[d].day, need.min,
                                      need.target, supply, assigned, absorber is not None))
                    if absorber is not None:
                        for work in self.vendor_at.get((post.id, d, absorber), ()):
                            if not self.in_training(work.staff, work.day):  # 顶: not a newcomer
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
    def cells(self) -> list[Cell]:
        return self._coverage[0]

    @property
    def absorbed_marks(self) -> dict[tuple[str, date], str]:
        return self._coverage[1]

    @cached_property
    def hours(self) -> dict[str, Hours]:
        return {s.id: _hours_of(self, s) for s in self.people}


def staff_label(staff: Staff) -> str:
    return f"{staff.name}（{staff.id}）"


def post_label(post: Post) -> str:
    """A post as users read it: by its name, never its id."""
    return post.name


def work_label(work: Work) -> str:
    return (f"{staff_label(work.staff)} {work.day.isoformat()} {post_label(work.post)} "
            f"{work.shift.code} 班")


def is_night(work: Work) -> bool:
    return work.shift.category is ShiftCategory.NIGHT


def _hours_of(ctx: Context, staff: Staff) -> Hours:
    """Minutes at 150/200/300 %, the overtime per month or approved period, and the pay of
    one person (RULES.md hours)."""
    result = Hours()
    works = ctx.by_staff.get(staff.id, [])
    standard = ctx.data.contract.working_time
    tail = ctx.tails.get(staff.id)
    holiday_days: dict[int, int] = defaultdict(int)
    for w in works:
        result.minutes += w.minutes
        if ctx.cal[w.d].kind is DayKind.HOLIDAY:
            result.m300 += w.minutes
            holiday_days[w.d] += w.minutes
        elif staff.period is None:
            daily = daily_overtime_minutes(w.minutes, standard)
            result.m150 += daily
            result.month_overtime[(w.day.year, w.day.month)] += daily
    for d, minutes in ctx.training_minutes.get(staff.id, {}).items():
        result.minutes += minutes
        if ctx.cal[d].kind is DayKind.HOLIDAY:
            result.m300 += minutes
            holiday_days[d] += minutes
        elif staff.period is None:
            daily = training_overtime(ctx, staff.id, d)
            result.m150 += daily
            result.month_overtime[(ctx.cal[d].day.year, ctx.cal[d].day.month)] += daily
    period = staff.period
    in_period: set[int] = set()
    if period is None:
        for owner, excess in _week_excess(ctx, staff.id, works):
            result.m200 += excess
            result.month_overtime[owner] += excess
    else:
        windows = period_windows(ctx.cal, period, standard,
                                 ctx.minutes_value(MAX_MONTHLY_OVERTIME),
                                 tail.period_minutes if tail else 0,
                                 tail.period_overtime_minutes if tail else 0)
        for window in windows:
            inside = set(window.indices)
            worked = sum(w.minutes for w in works
                         if w.d in inside and ctx.cal[w.d].kind is not DayKind.HOLIDAY)
            worked += sum(m for d, m in ctx.training_minutes.get(staff.id, {}).items()
                          if d in inside and ctx.cal[d].kind is not DayKind.HOLIDAY)
            excess = window.excess(worked)
            result.m150 += excess
            if period is HoursPeriod.WEEK:
                result.month_overtime[window.owner] += excess
            else:
                in_period |= inside
                holiday = sum(m for d, m in holiday_days.items() if d in inside)
                result.period_overtime.append((window, window.prior_overtime + excess + holiday))
    for d, minutes in holiday_days.items():
        if d not in in_period:
            result.month_overtime[(ctx.cal[d].day.year, ctx.cal[d].day.month)] += minutes
    if tail is not None and tail.overtime_minutes and period in (None, HoursPeriod.WEEK):
        result.month_overtime[(ctx.start.year, ctx.start.month)] += tail.overtime_minutes
    line = ctx.data.line_by_id.get(staff.line_id)
    if line is not None:
        share = ctx.value(OVERTIME_PAY)
        result.pay_fen = sum(
            overtime_fen_per_minute(line.unit_cost, share, multiple, standard) * minutes
            for multiple, minutes in ((PAY_150, result.m150), (PAY_200, result.m200),
                                      (PAY_300, result.m300)))
    return result


def training_overtime(ctx: Context, staff_id: str, d: int) -> int:
    """标准工时: the daily overtime a day's training adds to its shifts' own (RULES.md
    training): ot(shifts + training) - ot(shifts)."""
    standard = ctx.data.contract.working_time
    training = ctx.training_minutes.get(staff_id, {}).get(d, 0)
    shift = sum(w.minutes for w in ctx.by_staff.get(staff_id, ()) if w.d == d)
    return (daily_overtime_minutes(shift + training, standard)
            - daily_overtime_minutes(shift, standard))


def _week_excess(ctx: Context, staff_id: str, works: list[Work]) -> list[tuple[Month, int]]:
    """标准工时: (owner month, excess minutes at 200 %) per calendar week of the horizon."""
    standard = ctx.data.contract.working_time
    training = ctx.training_minutes.get(staff_id, {})
    out = []
    for indices in calendar_weeks(ctx.cal):
        owner = week_owner_month(week_monday(ctx.cal[indices[0]].day))
        inside = set(indices)
        regular = sum(w.minutes - daily_overtime_minutes(w.minutes, standard) for w in works
                      if w.d in inside and ctx.cal[w.d].kind is not DayKind.HOLIDAY)
        regular += sum(m - training_overtime(ctx, staff_id, d) for d, m in training.items()
                       if d in inside and ctx.cal[d].kind is not DayKind.HOLIDAY)
        std = standard_minutes(ctx.cal, indices, standard.weekly_hours)
        out.append((owner, max(0, regular - std)))
    return out
