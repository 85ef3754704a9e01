"""The checker run: every rule in report order, objective, coverage rows, staff summaries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from model.dataset import DataSet
from model.hours import (
    is_holiday_day,
    is_weekend_day,
)
from model.roster import Assignment, CoverageRow, PenaltyLine, StaffSummary, Violation
from model.rules import (
    BORROWED_POST,
    COVER_ABSORB,
    COVERAGE_MIN,
    COVERAGE_TARGET,
    DATED_COVER_OVER,
    DATED_COVER_UNDER,
    FAIR_HOLIDAYS,
    FAIR_NIGHTS,
    FAIR_WEEKENDS,
    FORBIDDEN_SUCCESSION,
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
    SHADOWING,
    STABLE_PATTERN,
    STAFF_MAX_CONSECUTIVE,
    STAFF_MAX_MINUTES,
    STAFF_MAX_SHIFTS,
    STAFF_MAX_WEEKENDS,
    STAFF_MIN_CONSECUTIVE,
    STAFF_MIN_DAYS_OFF,
    STAFF_MIN_MINUTES,
    TRAINING_MANDATORY,
    TRAINING_QUARTERLY,
    WEEKLY_REST,
)
from model.staff import Staff
from model.training import TrainingAttendance
from solver.check.borrowing import check_borrowing
from solver.check.context import Breach, Context
from solver.check.contract import (
    check_staff_max_consecutive,
    check_staff_max_minutes,
    check_staff_max_shifts,
    check_staff_max_weekends,
    check_staff_min_consecutive,
    check_staff_min_days_off,
    check_staff_min_minutes,
)
from solver.check.coverage import (
    check_cover_absorb,
    check_coverage_max,
    check_coverage_min,
    check_coverage_target,
    uncovered_minutes,
)
from solver.check.dated_cover import (
    check_dated_cover_over,
    check_dated_cover_under,
    check_dated_coverage_max,
)
from solver.check.eligibility import check_eligibility
from solver.check.fairness import check_fair_holidays, check_fair_nights, check_fair_weekends
from solver.check.nights import check_max_nights, nights_of
from solver.check.patterns import check_stable_pattern
from solver.check.pins import check_pins
from solver.check.requests import check_requested_absence, check_requests
from solver.check.rest import check_min_rest, check_no_day_after_night
from solver.check.sequence import check_max_consecutive, check_weekly_rest
from solver.check.shadowing import check_shadowing
from solver.check.succession import check_forbidden_succession
from solver.check.training import (
    check_training_mandatory,
    check_training_placement,
    check_training_quarterly,
)
from solver.check.variables import check_one_per_day
from solver.check.working_time import (
    check_max_daily_overtime,
    check_max_monthly_overtime,
    check_max_shift_length,
    check_overtime_pay,
)

#: Always-hard rules without an entry in model/rules.py.
ELIGIBILITY = "eligibility"


ONE_PER_DAY = "one_per_day"


PINS = "pins"


COVERAGE_MAX = "coverage_max"


DATED_COVERAGE_MAX = "dated_coverage_max"


TRAINING_PLACEMENT = "training_placement"


STRUCTURAL_RULES = (ELIGIBILITY, ONE_PER_DAY, PINS, COVERAGE_MAX, DATED_COVERAGE_MAX,
                    TRAINING_PLACEMENT)


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
    #: each quarterly or mandatory training missed, with its reason, in Chinese
    training_misses: list[str] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.violations


def evaluate(data: DataSet, start: date, days: int, assignments: Sequence[Assignment],
             training: Sequence[TrainingAttendance] | None = None) -> Evaluation:
    """Recompute violations, penalties, objective, coverage and summaries of a roster. With
    `training` (the roster's attendances, RosterResult.training) the training rules are
    checked and its time counts in the hours; None: the roster's training is not known."""
    ctx = Context(data, start, days, assignments, training)
    violations: list[Violation] = []
    penalties: list[PenaltyLine] = []
    counts: dict[str, int] = {}
    misses: list[str] = []
    for rule_id, check in _CHECKS:
        breaches = [b for b in check(ctx) if b.count > 0]
        total = sum(b.count for b in breaches)
        counts[rule_id] = total
        if rule_id in (TRAINING_QUARTERLY, TRAINING_MANDATORY):
            misses += [b.message for b in breaches]
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
        uncovered_minutes=uncovered_minutes(ctx),
        training_misses=misses,
    )


def check_roster(data: DataSet, start: date, days: int, assignments: Sequence[Assignment],
                 training: Sequence[TrainingAttendance] | None = None) -> list[Violation]:
    """Hard-rule breaches of a roster (empty list = feasible)."""
    return evaluate(data, start, days, assignments, training).violations


def objective(data: DataSet, start: date, days: int, assignments: Sequence[Assignment],
              training: Sequence[TrainingAttendance] | None = None) -> int:
    """The roster's objective: sum of soft penalties, coverage_min always included."""
    return evaluate(data, start, days, assignments, training).objective


def _summary(ctx: Context, staff: Staff) -> StaffSummary:
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
        nights=nights_of(ctx, staff.id),
        weekend_days=sum(1 for d in worked if is_weekend_day(ctx.cal[d])),
        holiday_days=sum(1 for d in worked if is_holiday_day(ctx.cal[d])),
        days_worked=len(worked),
    )


#: Every rule, in report order.
_CHECKS: tuple[tuple[str, Callable[[Context], list[Breach]]], ...] = (
    (ELIGIBILITY, check_eligibility),
    (ONE_PER_DAY, check_one_per_day),
    (PINS, check_pins),
    (COVERAGE_MAX, check_coverage_max),
    (COVERAGE_MIN, check_coverage_min),
    (COVERAGE_TARGET, check_coverage_target),
    (COVER_ABSORB, check_cover_absorb),
    (BORROWED_POST, check_borrowing),
    (MIN_REST, check_min_rest),
    (NO_DAY_AFTER_NIGHT, check_no_day_after_night),
    (MAX_CONSECUTIVE, check_max_consecutive),
    (WEEKLY_REST, check_weekly_rest),
    (MAX_SHIFT_LENGTH, check_max_shift_length),
    (MAX_DAILY_OVERTIME, check_max_daily_overtime),
    (MAX_MONTHLY_OVERTIME, check_max_monthly_overtime),
    (OVERTIME_PAY, check_overtime_pay),
    (MAX_NIGHTS, check_max_nights),
    (FAIR_WEEKENDS, check_fair_weekends),
    (FAIR_NIGHTS, check_fair_nights),
    (FAIR_HOLIDAYS, check_fair_holidays),
    (REQUESTS, check_requests),
    (REQUESTED_ABSENCE, check_requested_absence),
    (DATED_COVERAGE_MAX, check_dated_coverage_max),
    (DATED_COVER_UNDER, check_dated_cover_under),
    (DATED_COVER_OVER, check_dated_cover_over),
    (FORBIDDEN_SUCCESSION, check_forbidden_succession),
    (STAFF_MAX_SHIFTS, check_staff_max_shifts),
    (STAFF_MAX_MINUTES, check_staff_max_minutes),
    (STAFF_MIN_MINUTES, check_staff_min_minutes),
    (STAFF_MAX_CONSECUTIVE, check_staff_max_consecutive),
    (STAFF_MIN_CONSECUTIVE, check_staff_min_consecutive),
    (STAFF_MIN_DAYS_OFF, check_staff_min_days_off),
    (STAFF_MAX_WEEKENDS, check_staff_max_weekends),
    (STABLE_PATTERN, check_stable_pattern),
    (TRAINING_PLACEMENT, check_training_placement),
    (TRAINING_QUARTERLY, check_training_quarterly),
    (TRAINING_MANDATORY, check_training_mandatory),
    (SHADOWING, check_shadowing),
)
