"""Tests of the independent checker (solver/check/), rule by rule, on tiny hand-checked data.

Calendars used (chinese_calendar, 2026):
- 2026-11-30 Mon .. 2026-12-06 Sun: five WORKDAYs, SATURDAY, SUNDAY (a full week).
- 2026-02-14 Sat MAKEUP, 15 Sun IN_LIEU, 16-19 Mon-Thu HOLIDAY, 20 Fri IN_LIEU.
Money: line unit_cost 2900 yuan, wage share 0.6 -> hourly wage 2900*0.6/21.75/8 = 10 yuan,
so per minute 150% = 25 fen, 200% = 33.33 -> 33 fen, 300% = 50 fen.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from model.calendar import CalendarOverride, DayKind
from model.contract import CertificateType, Department, Requirements, ServiceLine, Site
from model.dataset import DataSet
from model.events import (
    Absence,
    AbsenceKind,
    LeaveStatus,
    Pin,
    PreviousTail,
    Request,
    RequestKind,
)
from model.patterns import WorkPattern
from model.posts import CoverRule, Need, Post, ShiftDemand
from model.roster import Assignment
from model.rules import (
    BORROWED_POST,
    COVER_ABSORB,
    COVERAGE_MIN,
    COVERAGE_TARGET,
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
    SHADOWING,
    STABLE_PATTERN,
    WEEKLY_REST,
    RuleSet,
)
from model.shifts import Segment, ShiftCategory, ShiftType
from model.staff import (
    Certificate,
    Employment,
    Gender,
    HoursRegime,
    QualificationException,
    RequirementKind,
    Staff,
)
from model.working_time import HoursPeriod
from solver.check import (
    COVERAGE_MAX,
    ELIGIBILITY,
    ONE_PER_DAY,
    PINS,
    check_roster,
    evaluate,
    objective,
)
from solver.check.context import Context
from solver.check.fairness import check_fair_weekends

MON = date(2026, 11, 30)  # Monday of a normal week
TUE = date(2026, 12, 1)
FEB14 = date(2026, 2, 14)  # make-up Saturday before the 2026 Spring Festival break


# -- builders --------------------------------------------------------------------------------
def shift(code: str, start: str, end: str, category: ShiftCategory = ShiftCategory.DAY,
          *more: tuple[str, str]) -> ShiftType:
    segments = (Segment(start=start, end=end), *(Segment(start=s, end=e) for s, e in more))
    return ShiftType(code=code, name=f"{code}班", segments=segments, category=category)


SHIFTS = (
    shift("A", "08:00", "16:00"),  # 480 min, DAY
    shift("P", "16:00", "24:00", ShiftCategory.EVENING),  # 480 min
    shift("N", "22:00", "06:00", ShiftCategory.NIGHT),  # 480 min, crosses midnight
    shift("Z", "00:00", "08:00", ShiftCategory.NIGHT),  # 480 min, night starting at 00:00
    shift("L", "08:00", "17:00"),  # 540 min: 60 min daily overtime
    shift("X", "08:00", "20:00"),  # 720 min: 240 min daily overtime
    shift("Y", "08:00", "19:00"),  # 660 min: 180 min daily overtime
    shift("导", "08:00", "16:00"),
    shift("副", "09:00", "17:00"),
    shift("雾", "08:00", "12:00"),
)


def person(sid: str, line: str = "L1", **kw: object) -> Staff:
    fields: dict[str, object] = dict(id=sid, name=f"员工{sid}", gender=Gender.FEMALE,
                                     birth_date=date(1995, 1, 1), education="大专",
                                     hire_date=date(2020, 1, 1), line_id=line)
    fields.update(kw)
    return Staff(**fields)


def post(pid: str, shifts: dict[str, tuple[int, int]], lines: tuple[str, ...] = ("L1",),
         kinds: tuple[DayKind, ...] = tuple(DayKind), supply: dict[str, int] | None = None,
         **kw: object) -> Post:
    """A post whose shifts need (min, target) on every day kind in `kinds`."""
    supply = supply or {}
    demand = tuple(
        ShiftDemand(shift=code, by_day={k: Need(min=m, target=g) for k in kinds},
                    hospital_supply={k: supply[code] for k in DayKind} if code in supply else {})
        for code, (m, g) in shifts.items())
    return Post(id=pid, name=f"岗位{pid}", department_id="D1", lines=lines, demand=demand, **kw)


def rules(**changes: dict[str, object]) -> RuleSet:
    return RuleSet().with_changes(changes)


def dataset(staff: tuple[Staff, ...], posts: tuple[Post, ...], **kw: object) -> DataSet:
    line = ServiceLine(id="L1", seq=1, name="导诊", category="导诊类", department_id="D1",
                       headcount=3, unit_cost=Decimal(2900))
    line2 = ServiceLine(id="L2", seq=2, name="护理", category="护理助理类",
                        department_id="D1", headcount=3, unit_cost=Decimal(2900),
                        requirements=Requirements(training_days=0))
    return DataSet(sites=(Site(id="S1", name="院区", address="路1号"),),
                   departments=(Department(id="D1", name="门诊部", site_id="S1"),),
                   certificate_types=(CertificateType(id="C1", name="护士执业资格证"),),
                   lines=(line, line2), staff=staff, shifts=SHIFTS, posts=posts,
                   **kw).validated()


def work(sid: str, day: date, code: str, pid: str = "P1") -> Assignment:
    return Assignment(staff_id=sid, line_id="", post_id=pid, shift=code, day=day, segments=(),
                      hours=0)


def d(offset: int, base: date = MON) -> date:
    return base + timedelta(days=offset)


def penalty(ev, rule_id: str):
    found = [p for p in ev.penalties if p.rule == rule_id]
    return found[0] if found else None


def broken(ev, rule_id: str) -> list:
    return [v for v in ev.violations if v.rule == rule_id]


# A post with room for everyone on A/P/N/Z/L/X/Y: min 0, target 3 on every day kind.
ROOMY = post("P1", {c: (0, 3) for c in ("A", "P", "N", "Z", "L", "X", "Y")})


# -- coverage (solver/check/coverage.py) -----------------------------------------------------
def test_coverage_min_and_target_on_one_day():
    data = dataset((person("1"), person("2")), (post("P1", {"A": (1, 2)}),))
    # Nobody: min shortfall 1 x 1_000_000 + target shortfall 2 x 20_000 = 1_040_000.
    ev = evaluate(data, MON, 1, [])
    assert ev.violations == []  # coverage_min is hard by default, yet never a violation
    assert penalty(ev, COVERAGE_MIN).count == 1 and penalty(ev, COVERAGE_MIN).cost == 1_000_000
    assert penalty(ev, COVERAGE_TARGET).count == 2
    assert ev.objective == 1_040_000
    assert ev.gaps_raw == [(MON, "P1", "A", 1)]
    row = ev.coverage[0]
    assert (row.required, row.target, row.assigned, row.shortfall) == (1, 2, 0, 1)
    # One person on A: min met, target short by 1 -> 20_000.
    ev = evaluate(data, MON, 1, [work("1", MON, "A")])
    assert ev.objective == 20_000 and ev.gaps_raw == []
    # Two people: target met -> 0.
    ev = evaluate(data, MON, 1, [work("1", MON, "A"), work("2", MON, "A")])
    assert ev.objective == 0 and ev.violations == [] and ev.penalties == []


def test_coverage_counts_hospital_supply_and_forbids_extra_people():
    data = dataset((person("1"), person("2")),
                   (post("P1", {"A": (1, 2)}, supply={"A": 1}),))
    # Supply 1, nobody: effective 1 -> min 0, target short 1 -> 20_000.
    ev = evaluate(data, MON, 1, [])
    assert ev.objective == 20_000 and ev.coverage[0].hospital_supply == 1
    # a <= max(0, 2 - 1) = 1: two vendor people is one coverage_max violation.
    ev = evaluate(data, MON, 1, [work("1", MON, "A"), work("2", MON, "A")])
    assert len(broken(ev, COVERAGE_MAX)) == 1
    assert evaluate(data, MON, 1, [work("1", MON, "A")]).violations == []


def test_coverage_target_soft_weight_and_hard_switch():
    hard = dataset((person("1"),), (post("P1", {"A": (0, 1)}),),
                   rules=rules(coverage_target={"hard": True}))
    ev = evaluate(hard, MON, 2, [work("1", MON, "A")])
    # Day 1 has nobody: target short 1 -> one violation, no cost.
    assert [v.day for v in broken(ev, COVERAGE_TARGET)] == [d(1)]
    assert ev.objective == 0
    soft = dataset((person("1"),), (post("P1", {"A": (0, 1)}),),
                   rules=rules(coverage_target={"weight": 7}))
    assert objective(soft, MON, 2, [work("1", MON, "A")]) == 7


def _guide_post(**kw: object) -> Post:
    return post("G", {"导": (1, 1), "副": (1, 1), "雾": (1, 1)}, **kw)


def _guide_data(**kw: object) -> DataSet:
    return dataset((person("1"), person("2")), (_guide_post(**kw),),
                   cover_rules=(CoverRule(post_id="G", shift="雾", absorbers=("导", "副")),))


def test_absorption_by_first_absorber():
    data = _guide_data()
    # Only 导 worked: 雾 absorbed by 导 (effective 1); 副 short: min 1e6 + target 2e4;
    # cover_absorb 1 x 2_000. Total 1_022_000.
    ev = evaluate(data, MON, 1, [work("1", MON, "导", "G")])
    assert ev.absorbed == {("1", MON): "雾"}
    assert penalty(ev, COVER_ABSORB).count == 1 and penalty(ev, COVER_ABSORB).cost == 2_000
    assert ev.gaps_raw == [(MON, "G", "副", 1)]
    assert [r.absorbed for r in ev.coverage] == [False, False, True]
    assert ev.objective == 1_000_000 + 20_000 + 2_000
    # 导 and 副 both worked: the mark goes to 导 only (first absorber in rule order).
    ev = evaluate(data, MON, 1, [work("1", MON, "导", "G"), work("2", MON, "副", "G")])
    assert ev.absorbed == {("1", MON): "雾"} and ev.objective == 2_000


def test_absorption_falls_back_to_second_absorber():
    # No 导: 副 absorbs 雾; 导 short -> 1_000_000 + 20_000 + 2_000.
    ev = evaluate(_guide_data(), MON, 1, [work("2", MON, "副", "G")])
    assert ev.absorbed == {("2", MON): "雾"}
    assert ev.gaps_raw == [(MON, "G", "导", 1)]
    assert ev.objective == 1_022_000


def test_no_absorption_when_fog_is_worked_or_nobody_can_absorb():
    data = _guide_data()
    ev = evaluate(data, MON, 1, [work("1", MON, "导", "G"), work("2", MON, "雾", "G")])
    assert ev.absorbed == {} and penalty(ev, COVER_ABSORB) is None
    assert ev.gaps_raw == [(MON, "G", "副", 1)]
    # Nobody at all: nothing to absorb with -> three gaps.
    ev = evaluate(data, MON, 1, [])
    assert len(ev.gaps_raw) == 3 and ev.absorbed == {}
    assert ev.objective == 3 * 1_020_000


def test_absorption_by_hospital_supply_marks_nobody():
    # 导 supplied by the hospital (1 person): 雾 absorbed, but no vendor cell is marked.
    # 导 target 1 - supply 1 = 0 vendor places; 副 short -> 1_020_000 + 2_000.
    data = _guide_data(supply={"导": 1})
    ev = evaluate(data, MON, 1, [])
    assert ev.absorbed == {} and penalty(ev, COVER_ABSORB).count == 1
    assert ev.objective == 1_022_000


def test_around_the_clock_minutes():
    day_night = post("H", {"A": (1, 1), "P": (1, 1), "Z": (1, 1)}, around_the_clock=True)
    data = dataset((person("1"), person("2")), (day_night,))
    ev = evaluate(data, MON, 1, [work("1", MON, "A", "H"), work("2", MON, "P", "H")])
    # Z (00:00-08:00) nobody: minutes 0-480 of MON uncovered.
    assert ev.uncovered_minutes == [("H", MON, 0, 480)]


# -- borrowing (solver/check/borrowing.py) ---------------------------------------------------
def test_borrowed_post_soft_and_hard():
    p2 = post("P2", {"A": (0, 1)}, lines=("L2",))
    data = dataset((person("1", skills=("P2",)),), (p2,))
    ev = evaluate(data, MON, 1, [work("1", MON, "A", "P2")])
    # one borrowed assignment x 5_000
    assert ev.violations == [] and penalty(ev, BORROWED_POST).cost == 5_000
    assert ev.objective == 5_000
    hard = dataset((person("1", skills=("P2",)),), (p2,),
                   rules=rules(borrowed_post={"hard": True}))
    ev = evaluate(hard, MON, 1, [work("1", MON, "A", "P2")])
    assert len(broken(ev, BORROWED_POST)) == 1 and ev.objective == 0
    # own post: nothing
    own = dataset((person("1", line="L2"),), (p2,))
    assert evaluate(own, MON, 1, [work("1", MON, "A", "P2")]).objective == 0


# -- eligibility (solver/check/eligibility.py) -----------------------------------------------
def test_eligibility_untrained_expired_absent():
    cert_post = post("PC", {"A": (0, 3)}, required_certificates=("C1",))
    p2 = post("P2", {"A": (0, 1)}, lines=("L2",))
    staff = (
        person("1", certificates=(Certificate(type_id="C1", expires_on=d(-1)),)),  # expired
        person("2", certificates=(Certificate(type_id="C1", expires_on=MON),)),  # valid to MON
        person("3"),  # no certificate, not trained for P2
        person("4"),
    )
    data = dataset(staff, (cert_post, p2, ROOMY), absences=(
        Absence(staff_id="4", kind=AbsenceKind.SICK, start=MON, end=MON),))
    ev = evaluate(data, MON, 1, [work("1", MON, "A", "PC"), work("2", MON, "A", "PC"),
                                 work("3", MON, "A", "P2"), work("4", MON, "A", "P1")])
    found = {v.staff_id: v.message for v in broken(ev, ELIGIBILITY)}
    assert set(found) == {"1", "3", "4"}  # 2's certificate is valid on its last day
    assert "过期" in found["1"] and "员工1" in found["1"] and "PC" in found["1"]
    assert "未经培训" in found["3"]
    assert "病假" in found["4"]
    assert not check_roster(data, MON, 1, [work("2", MON, "A", "PC")])
    ev = evaluate(data, MON, 1, [work("3", MON, "A", "PC")])
    assert "缺少证书 C1" in broken(ev, ELIGIBILITY)[0].message


def test_eligibility_shift_day_kind_hire_training_employment():
    weekdays_only = post("PW", {"A": (0, 1)}, kinds=(DayKind.WORKDAY,))
    p2 = post("P2", {"A": (0, 1)}, lines=("L2",))
    staff = (
        person("1"),
        person("2", hire_date=d(-5)),  # line L1: 14 training days, own post until MON+8
        person("3", hire_date=d(1), line="L2"),  # not hired yet on MON
        person("4", employment=Employment.HOSPITAL),
        person("5", hire_date=d(-5), skills=("P2",)),  # in training, but P2 is borrowed
    )
    data = dataset(staff, (weekdays_only, p2, ROOMY))
    sat = d(5)
    cells = [work("1", sat, "A", "PW"),  # target 0 on a Saturday
             work("1", MON, "P", "PW"),  # not a shift of PW
             work("2", MON, "A", "P1"),  # pre-duty training on an own post: shadowing's
             work("3", MON, "A", "P2"),  # before hire date
             work("4", d(1), "A", "P1"),  # hospital employee
             work("5", d(2), "A", "P2")]  # borrowed post: training days do not apply
    ev = evaluate(data, MON, 7, cells)
    found = [(v.staff_id, v.day) for v in broken(ev, ELIGIBILITY)]
    assert found == [("1", MON), ("1", sat), ("3", MON), ("4", d(1))]
    assert [(v.staff_id, v.day) for v in broken(ev, SHADOWING)] == [("2", MON), ("5", d(2))]
    messages = " ".join(v.message for v in broken(ev, ELIGIBILITY))
    for text in ("不需要人", "不是该岗位的班次", "早于入职日期", "院方人员"):
        assert text in messages
    # unknown references and days outside the horizon are eligibility breaches too
    ev = evaluate(data, MON, 1, [work("9", MON, "A"), work("1", d(1), "A")])
    assert len(broken(ev, ELIGIBILITY)) == 2


def _borrowing_data(member: Staff, **reqs: object) -> DataSet:
    """Person "1" of L1 borrowed to P2 of L2, whose requirements are `reqs`."""
    p2 = post("P2", {"A": (0, 1)}, lines=("L2",))
    base = dataset((member,), (p2,))
    line2 = base.line_by_id["L2"].model_copy(
        update={"requirements": Requirements(**{"training_days": 0, **reqs})})
    return base.with_changes(lines=(base.line_by_id["L1"], line2))


def test_eligibility_borrowed_person_must_meet_the_borrowed_line():
    def flagged(member: Staff, **reqs: object) -> str:
        ev = evaluate(_borrowing_data(member, **reqs), MON, 1, [work("1", MON, "A", "P2")])
        found = broken(ev, ELIGIBILITY)
        return found[0].message if found else ""

    borrowed = dict(skills=("P2",))  # "1" is 31 on MON (born 1995-01-01), 大专, hired 2020
    assert flagged(person("1", **borrowed)) == ""  # passing case: no requirement unmet
    assert "本科及以上学历" in flagged(person("1", **borrowed), min_education="本科")
    assert "护理学专业（本人市场营销）" in flagged(person("1", major="市场营销", **borrowed),
                                               majors=("护理学",))
    assert flagged(person("1", **borrowed), max_age=31) == ""  # 31岁及以下
    assert "年龄31周岁以下（本人31岁）" in flagged(person("1", **borrowed), max_age=31,
                                               age_inclusive=False)
    assert "年龄30周岁及以下" in flagged(person("1", **borrowed), max_age=30)
    assert "身高155 cm及以上（本人150 cm）" in flagged(person("1", height_cm=150, **borrowed),
                                                 min_height_cm=155)
    assert "持有护士执业资格证（未持有）" in flagged(person("1", **borrowed),
                                            required_certificates=("C1",))
    expired = (Certificate(type_id="C1", expires_on=d(-1)),)
    assert "已于" in flagged(person("1", certificates=expired, **borrowed),
                           required_certificates=("C1",))
    assert "岗前培训" in flagged(person("1", hire_date=d(-5), **borrowed), training_days=14)
    # a recorded exception for the line waives the requirement it names
    waiver = QualificationException(line_id="L2", waives=(RequirementKind.AGE,), reason="批准")
    assert flagged(person("1", exceptions=(waiver,), **borrowed), max_age=30) == ""
    assert "专业" in flagged(person("1", exceptions=(waiver,), **borrowed), majors=("护理学",))


# -- one per day (solver/check/variables.py) -------------------------------------------------
def test_one_assignment_per_day():
    data = dataset((person("1"),), (ROOMY,))
    ev = evaluate(data, MON, 1, [work("1", MON, "A"), work("1", MON, "P")])
    assert [(v.staff_id, v.day) for v in broken(ev, ONE_PER_DAY)] == [("1", MON)]
    assert not broken(evaluate(data, MON, 1, [work("1", MON, "A")]), ONE_PER_DAY)


# -- pins (solver/check/pins.py) -------------------------------------------------------------
def test_pins():
    pins = (Pin(staff_id="1", day=MON, post_id="P1", shift="A"), Pin(staff_id="1", day=d(1)))
    data = dataset((person("1"),), (ROOMY,), pins=pins)
    # Pinned A worked as P, pinned day off worked: 2 violations.
    ev = evaluate(data, MON, 2, [work("1", MON, "P"), work("1", d(1), "A")])
    assert [v.day for v in broken(ev, PINS)] == [MON, d(1)]
    assert not check_roster(data, MON, 2, [work("1", MON, "A")])
    # not working the pinned cell at all is a violation too
    assert len(broken(evaluate(data, MON, 2, []), PINS)) == 1


# -- rest (solver/check/rest.py) -------------------------------------------------------------
def test_rest_across_midnight_hard_and_soft():
    # P 16:00-24:00 on MON then A 08:00-16:00: rest = 1440+480 - 1440 = 480 min = 8 h < 12 h.
    roster = [work("1", MON, "P"), work("1", d(1), "A")]
    data = dataset((person("1"),), (ROOMY,))
    ev = evaluate(data, MON, 2, roster)
    assert [(v.rule, v.day) for v in ev.violations] == [(MIN_REST, d(1))]
    soft = dataset((person("1"),), (ROOMY,), rules=rules(min_rest_hours={"hard": False}))
    ev = evaluate(soft, MON, 2, roster)
    assert ev.violations == [] and penalty(ev, MIN_REST).cost == 50_000
    # A then A: rest 16 h -> fine.
    assert evaluate(data, MON, 2, [work("1", MON, "A"), work("1", d(1), "A")]).violations == []


def test_rest_counts_the_tail():
    # Last shift ended 2026-11-29 23:00; A at 08:00 on MON -> 9 h < 12 h.
    late = PreviousTail(staff_id="1", last_shift_end=datetime(2026, 11, 29, 23, 0))
    data = dataset((person("1"),), (ROOMY,), tails=(late,))
    assert [v.rule for v in check_roster(data, MON, 1, [work("1", MON, "A")])] == [MIN_REST]
    early = PreviousTail(staff_id="1", last_shift_end=datetime(2026, 11, 29, 16, 0))  # 16 h
    data = dataset((person("1"),), (ROOMY,), tails=(early,))
    assert check_roster(data, MON, 1, [work("1", MON, "A")]) == []


def test_no_day_after_night_with_tail():
    relaxed = rules(min_rest_hours={"value": 1})  # isolate the rule: N 06:00 -> A 08:00 = 2 h
    data = dataset((person("1"),), (ROOMY,), rules=relaxed)
    ev = evaluate(data, MON, 2, [work("1", MON, "N"), work("1", d(1), "A")])
    assert [(v.rule, v.day) for v in ev.violations] == [(NO_DAY_AFTER_NIGHT, d(1))]
    # P is an EVENING shift: allowed after a night.
    assert check_roster(data, MON, 2, [work("1", MON, "N"), work("1", d(1), "P")]) == []
    tail = PreviousTail(staff_id="1", last_shift_was_night=True, last_shift_day=d(-1),
                        last_shift_end=datetime(2026, 11, 30, 6, 0))
    data = dataset((person("1"),), (ROOMY,), rules=relaxed, tails=(tail,))
    assert [v.rule for v in check_roster(data, MON, 1, [work("1", MON, "A")])] \
        == [NO_DAY_AFTER_NIGHT]
    old = tail.model_copy(update={"last_shift_day": d(-2),
                                  "last_shift_end": datetime(2026, 11, 29, 6, 0)})
    data = dataset((person("1"),), (ROOMY,), rules=relaxed, tails=(old,))
    assert check_roster(data, MON, 1, [work("1", MON, "A")]) == []


# -- sequence (solver/check/sequence.py) -----------------------------------------------------
def test_max_consecutive_with_tail():
    # k = 6; tail c = 4 -> days -4..-1 worked. Working days 0,1,2: window -4..2 = 7 days -> 1.
    tail = PreviousTail(staff_id="1", consecutive_days=4)
    data = dataset((person("1"),), (ROOMY,), tails=(tail,))
    roster = [work("1", d(i), "A") for i in range(3)]
    ev = evaluate(data, MON, 7, roster)
    assert [(v.rule, v.day) for v in ev.violations] == [(MAX_CONSECUTIVE, d(2))]
    # Days 0..3: windows -4..2 and -3..3 -> 2; soft weight 50_000 each -> 100_000.
    soft = dataset((person("1"),), (ROOMY,), tails=(tail,),
                   rules=rules(max_consecutive_days={"hard": False}))
    ev = evaluate(soft, MON, 7, roster + [work("1", d(3), "A")])
    assert penalty(ev, MAX_CONSECUTIVE).count == 2
    assert penalty(ev, MAX_CONSECUTIVE).cost == 100_000
    # Days 0,1 only: 6 in a row -> fine.
    assert check_roster(data, MON, 7, roster[:2]) == []


def test_weekly_rest_full_week_only():
    # All 7 days of the full week worked: 0 days off -> 1 weekly_rest breach; also 7 in a row.
    data = dataset((person("1"),), (ROOMY,))
    ev = evaluate(data, MON, 7, [work("1", d(i), "A") for i in range(7)])
    assert len(broken(ev, WEEKLY_REST)) == 1 and len(broken(ev, MAX_CONSECUTIVE)) == 1
    # Tuesday..Sunday (partial week, 6 days): not counted.
    ev = evaluate(data, d(1), 6, [work("1", d(i), "A") for i in range(1, 7)])
    assert ev.violations == []
    # r = 2 soft, 6 days worked in the full week: 1 day off -> count 1 x 100_000.
    soft = dataset((person("1"),), (ROOMY,),
                   rules=rules(weekly_rest_day={"value": 2, "hard": False}))
    ev = evaluate(soft, MON, 7, [work("1", d(i), "A") for i in range(6)])
    assert penalty(ev, WEEKLY_REST).count == 1 and penalty(ev, WEEKLY_REST).cost == 100_000


def test_weekly_rest_partial_weeks_by_calendar_week():
    # Tuesday..Sunday all worked; the tail says Monday was worked too (1 day in a row): the
    # whole week has no day off -> 1 breach, dated on the horizon's first day.
    worked_monday = PreviousTail(staff_id="1", consecutive_days=1)
    data = dataset((person("1"),), (ROOMY,), tails=(worked_monday,),
                   rules=rules(max_consecutive_days={"value": 10}))
    ev = evaluate(data, d(1), 6, [work("1", d(i), "A") for i in range(1, 7)])
    assert [(v.rule, v.day) for v in ev.violations] == [(WEEKLY_REST, d(1))]
    # one day off among Tuesday..Sunday gives the week its rest
    assert check_roster(data, d(1), 6, [work("1", d(i), "A") for i in range(1, 6)]) == []
    # Monday..Thursday all worked, the week ends after the horizon: Friday..Sunday are the
    # next roster's and may still give the day off -> nothing here
    assert check_roster(data, d(0), 4, [work("1", d(i), "A") for i in range(4)]) == []
    # r = 2 over Thursday..Sunday with Monday..Wednesday worked (tail 3): 4 days, 2 off needed
    two = dataset((person("1"),), (ROOMY,), tails=(PreviousTail(staff_id="1",
                                                                 consecutive_days=3),),
                  rules=rules(max_consecutive_days={"value": 10},
                              weekly_rest_day={"value": 2, "hard": False}))
    ev = evaluate(two, d(3), 4, [work("1", d(i), "A") for i in range(3, 6)])
    assert penalty(ev, WEEKLY_REST).count == 1


# -- hours and overtime (solver/check/working_time.py) ---------------------------------------
def _summary(ev, sid: str = "1"):
    return next(s for s in ev.staff_summary if s.staff_id == sid)


def test_overtime_nine_hour_shift_is_150_percent():
    # L = 9 h on a workday: 60 min at 150% x 25 fen = 1_500 fen; overtime_pay weight 1.
    data = dataset((person("1"),), (ROOMY,))
    ev = evaluate(data, MON, 1, [work("1", MON, "L")])
    line = penalty(ev, OVERTIME_PAY)
    assert (line.count, line.weight, line.cost) == (1_500, 1, 1_500)
    s = _summary(ev)
    assert (s.hours, s.overtime_150_hours, s.overtime_200_hours, s.overtime_300_hours) \
        == (9.0, 1.0, 0.0, 0.0)
    assert s.overtime_hours == 1.0 and s.overtime_cost == 15.0 and s.days_worked == 1
    # An 8 h shift: no overtime at all.
    assert penalty(evaluate(data, MON, 1, [work("1", MON, "A")]), OVERTIME_PAY) is None


def test_overtime_holiday_is_300_percent_whole_shift():
    data = dataset((person("1"),), (ROOMY,))
    # A (8 h) on 2026-02-16 (HOLIDAY): 480 min x 50 fen = 24_000 fen.
    ev = evaluate(data, FEB14, 7, [work("1", d(2, FEB14), "A")])
    assert penalty(ev, OVERTIME_PAY).count == 24_000
    s = _summary(ev)
    assert (s.overtime_300_hours, s.overtime_150_hours, s.holiday_days) == (8.0, 0.0, 1)
    # L (9 h) on the holiday: the whole 540 min at 300% (no 150% part) = 27_000 fen.
    ev = evaluate(data, FEB14, 7, [work("1", d(2, FEB14), "L")])
    assert penalty(ev, OVERTIME_PAY).count == 27_000
    assert _summary(ev).overtime_300_hours == 9.0
    # A on 2026-02-20 (IN_LIEU): week 16-20 has std 0 -> 480 min at 200% x 33 = 15_840 fen.
    ev = evaluate(data, FEB14, 7, [work("1", d(6, FEB14), "A")])
    assert penalty(ev, OVERTIME_PAY).count == 15_840 and _summary(ev).overtime_200_hours == 8.0
    # A on 2026-02-14 (MAKEUP Saturday): its week part (14-15) has std 480 -> no overtime.
    ev = evaluate(data, FEB14, 7, [work("1", FEB14, "A")])
    assert penalty(ev, OVERTIME_PAY) is None


def test_overtime_sixth_day_of_standard_week_is_200_percent():
    # Mon..Sat A: worked 2_880, std 5 x 480 = 2_400 -> 480 min at 200% x 33 = 15_840 fen.
    data = dataset((person("1"),), (ROOMY,))
    ev = evaluate(data, MON, 7, [work("1", d(i), "A") for i in range(6)])
    assert penalty(ev, OVERTIME_PAY).count == 15_840
    s = _summary(ev)
    assert (s.overtime_200_hours, s.weekend_days, s.days_worked, s.hours) == (8.0, 1, 6, 48.0)
    # Mon..Fri: exactly the standard -> nothing.
    ev = evaluate(data, MON, 7, [work("1", d(i), "A") for i in range(5)])
    assert penalty(ev, OVERTIME_PAY) is None


def test_comprehensive_regime_averages_over_the_month():
    # 14 days 11-30..12-13; week 1 Mon-Sat, week 2 Mon-Thu, all A.
    roster = [work("1", d(i), "A") for i in (0, 1, 2, 3, 4, 5, 7, 8, 9, 10)]
    # standard: week 1 excess 480, week 2 0 -> 15_840 fen.
    standard = dataset((person("1"),), (ROOMY,))
    assert penalty(evaluate(standard, MON, 14, roster), OVERTIME_PAY).count == 15_840
    # comprehensive (month period, 166.64 h = 9_998 min, a part of a month gets its share by
    # calendar days): November began before the horizon and no tail says anything was
    # worked, so Nov 30 is measured against all of November's standard to 11-30 (9_998):
    # 480 -> 0; Dec 1-13 = 13/31 -> 4_193, worked 9 x 480 = 4_320 -> 127 min at 150 %
    # x 25 fen = 3_175.
    comp = dataset((person("1", regime=HoursRegime.COMPREHENSIVE),), (ROOMY,))
    assert penalty(evaluate(comp, MON, 14, roster), OVERTIME_PAY).count == 3_175


def test_daily_overtime_cap():
    data = dataset((person("1"),), (ROOMY,))
    # X = 12 h: 240 min > 180 -> 1 violation; Y = 11 h: 180 min, not above -> fine.
    assert [v.rule for v in check_roster(data, MON, 1, [work("1", MON, "X")])] \
        == [MAX_DAILY_OVERTIME]
    assert check_roster(data, MON, 1, [work("1", MON, "Y")]) == []


def test_monthly_overtime_cap_uses_thursday_month_and_tail():
    # L on Mon 11-30 (60 min daily OT -> November), A Tue..Sat: week worked 2_940, daily 60,
    # std 2_400 -> excess 480, owned by Thursday 12-03 -> December.
    roster = [work("1", MON, "L")] + [work("1", d(i), "A") for i in range(1, 6)]
    tail = PreviousTail(staff_id="1", overtime_minutes=100)  # November, the start month
    # cap 1 h = 60 min, soft weight 10: Nov 160 -> 100; Dec 480 -> 420; count 520, cost 5_200.
    data = dataset((person("1"),), (ROOMY,), tails=(tail,),
                   rules=rules(max_monthly_overtime_hours={"value": 1, "hard": False,
                                                           "weight": 10}))
    ev = evaluate(data, MON, 7, roster)
    line = penalty(ev, MAX_MONTHLY_OVERTIME)
    assert (line.count, line.cost) == (520, 5_200)
    # Hard: one violation per person-month above the cap.
    hard = dataset((person("1"),), (ROOMY,), tails=(tail,),
                   rules=rules(max_monthly_overtime_hours={"value": 1}))
    ev = evaluate(hard, MON, 7, roster)
    assert [v.day for v in broken(ev, MAX_MONTHLY_OVERTIME)] \
        == [date(2026, 11, 1), date(2026, 12, 1)]
    # Default cap 36 h: fine.
    assert evaluate(dataset((person("1"),), (ROOMY,)), MON, 7, roster).violations == []


def test_monthly_overtime_week_owned_by_a_month_outside_the_horizon():
    # Horizon = Sun 2026-03-01 only. Its week (02-23..03-01) restricted to the horizon has
    # std 0, so A there is 480 min of 200% excess, owned by Thursday 02-26 -> February.
    # Cap 1 h: February 480 - 60 = 420 minutes over; March 0.
    sunday = date(2026, 3, 1)
    data = dataset((person("1"),), (ROOMY,),
                   rules=rules(max_monthly_overtime_hours={"value": 1}))
    ev = evaluate(data, sunday, 1, [work("1", sunday, "A")])
    assert [v.day for v in broken(ev, MAX_MONTHLY_OVERTIME)] == [date(2026, 2, 1)]
    assert ev.counts[MAX_MONTHLY_OVERTIME] == 420


# -- nights (solver/check/nights.py) ---------------------------------------------------------

def test_comprehensive_regime_has_no_daily_overtime_but_a_maximum_shift_length():
    # X is 12 h (240 min beyond 8 h). 综合计算工时: no daily overtime, so no daily cap; Tue
    # 12-01 is 1/31 of December (323 of 9_998 min): 720 - 323 = 397 min at 150 %.
    # Unit cost 2900 x 0.6 / 21.75 / 8 = 10 yuan an hour: 150 % = 25 fen a minute.
    comp = dataset((person("1", regime=HoursRegime.COMPREHENSIVE),), (ROOMY,))
    ev = evaluate(comp, TUE, 1, [work("1", TUE, "X")])
    assert ev.violations == [] and penalty(ev, OVERTIME_PAY).count == 397 * 25
    assert (_summary(ev).overtime_150_hours * 60, _summary(ev).overtime_200_hours) \
        == (pytest.approx(397), 0)
    short = dataset((person("1", regime=HoursRegime.COMPREHENSIVE),), (ROOMY,),
                    rules=rules(max_shift_hours={"value": 10}))
    assert [v.rule for v in check_roster(short, TUE, 1, [work("1", TUE, "X")])] \
        == [MAX_SHIFT_LENGTH]


def test_overtime_cap_over_a_quarter_with_the_tail():
    # Quarter period, Q4 2026 = 92 days, standard 29_995.2 min: to 11-30 (61 days) 19_888,
    # to 12-07 (68 days) 22_170. The tail: 25_888 min worked (6_000 over, counted).
    # X on 12-01..12-06: 4_320 -> 25_888 + 4_320 - 22_170 - 6_000 = 2_038 more at 150 %
    # (2_038 x 25 fen). Cap 3 x 36 h = 6_480: 6_000 + 2_038 = 8_038, 1_558 over.
    member = person("1", regime=HoursRegime.COMPREHENSIVE, hours_period=HoursPeriod.QUARTER)
    tail = PreviousTail(staff_id="1", period_minutes=25_888, period_overtime_minutes=6_000)
    data = dataset((member,), (ROOMY,), tails=(tail,))
    roster = [work("1", d(i, TUE), "X") for i in range(6)]
    ev = evaluate(data, TUE, 7, roster)
    assert penalty(ev, OVERTIME_PAY).count == 2_038 * 25
    (breach,) = broken(ev, MAX_MONTHLY_OVERTIME)
    assert breach.day == date(2026, 10, 1) and "2026 年第 4 季度" in breach.message
    assert "8038 分钟" in breach.message
    soft = dataset((member,), (ROOMY,), tails=(tail,),
                   rules=rules(max_monthly_overtime_hours={"hard": False, "weight": 1}))
    assert penalty(evaluate(soft, TUE, 7, roster), MAX_MONTHLY_OVERTIME).count == 1_558

def test_nights_cap():
    # n = 8, D = 7 -> ceil(8 x 7 / 28) = 2 nights allowed; 3 nights -> 1 over.
    data = dataset((person("1"),), (ROOMY,))
    roster = [work("1", d(i), "N") for i in (0, 2, 4)]
    ev = evaluate(data, MON, 7, roster)
    assert [v.rule for v in ev.violations] == [MAX_NIGHTS]
    assert _summary(ev).nights == 3
    assert check_roster(data, MON, 7, roster[:2]) == []
    soft = dataset((person("1"),), (ROOMY,), rules=rules(max_nights_per_4_weeks={"hard": False}))
    assert penalty(evaluate(soft, MON, 7, roster), MAX_NIGHTS).cost == 20_000


# -- fairness (solver/check/fairness.py) -----------------------------------------------------
def test_fair_weekends_spread_and_group():
    data = dataset((person("1"), person("2")), (ROOMY,))
    # 1 works Sat + Sun, 2 nothing: spread 2 - 0 = 2 x 3_000 = 6_000.
    ev = evaluate(data, MON, 7, [work("1", d(5), "A"), work("1", d(6), "A")])
    assert penalty(ev, FAIR_WEEKENDS).count == 2 and penalty(ev, FAIR_WEEKENDS).cost == 6_000
    # one weekend day each: spread 0.
    ev = evaluate(data, MON, 7, [work("1", d(5), "A"), work("2", d(6), "A")])
    assert penalty(ev, FAIR_WEEKENDS) is None
    # 2 on approved leave over the weekend: no eligible weekend cell -> group of 1 -> 0.
    away = dataset((person("1"), person("2")), (ROOMY,), absences=(
        Absence(staff_id="2", kind=AbsenceKind.ANNUAL, start=d(5), end=d(6)),))
    ev = evaluate(away, MON, 7, [work("1", d(5), "A"), work("1", d(6), "A")])
    assert penalty(ev, FAIR_WEEKENDS) is None
    # different lines are different groups: 2 in L2 with a trained-for post -> no group.
    other = dataset((person("1"), person("2", line="L2", skills=("P1",))), (ROOMY,))
    ev = evaluate(other, MON, 7, [work("1", d(5), "A"), work("1", d(6), "A")])
    assert penalty(ev, FAIR_WEEKENDS) is None


def test_fair_weekends_in_proportion_to_days_available():
    # 2 is hired on the second Saturday: 2 of the 4 weekend days available, counts double.
    data = dataset((person("1"), person("2", hire_date=d(12))), (ROOMY,))
    roster = [work("1", d(5), "A"), work("1", d(6), "A"), work("1", d(12), "A"),
              work("2", d(13), "A")]
    breach = penalty(evaluate(data, MON, 14, roster), FAIR_WEEKENDS)
    assert breach.count == 1 and breach.cost == 3_000  # 3 against 1 x 4 / 2 = 2
    shown = [b.message for b in check_fair_weekends(Context(data, MON, 14, roster))]
    assert shown == ["项目 L1 周末班天数相差 1（员工1 3、员工2 1（可排 2/4 天，折合 2））"]
    # an even split of days is not fair: 2 x 4 / 2 = 4 against 2
    even = [work("1", d(5), "A"), work("1", d(6), "A"), work("2", d(12), "A"),
            work("2", d(13), "A")]
    assert penalty(evaluate(data, MON, 14, even), FAIR_WEEKENDS).count == 2


def test_fair_nights_and_holidays():
    data = dataset((person("1"), person("2")), (ROOMY,))
    # nights: 1 works 2 N, 2 none -> 2 x 3_000.
    ev = evaluate(data, MON, 7, [work("1", d(0), "N"), work("1", d(2), "N")])
    assert penalty(ev, FAIR_NIGHTS).cost == 6_000
    # a post without night shifts gives nobody an eligible night cell -> no group.
    days_only = dataset((person("1"), person("2")), (post("P1", {"A": (0, 3)}),))
    assert penalty(evaluate(days_only, MON, 7, []), FAIR_NIGHTS) is None
    # holidays (HOLIDAY or IN_LIEU): 1 works 02-16 (holiday) and 02-20 (in lieu), 2 works
    # 02-14 (make-up day, not a holiday day): spread 2 - 0 = 2 -> 6_000.
    ev = evaluate(data, FEB14, 7, [work("1", d(2, FEB14), "A"), work("1", d(6, FEB14), "A"),
                                   work("2", FEB14, "A")])
    assert penalty(ev, FAIR_HOLIDAYS).count == 2 and penalty(ev, FAIR_HOLIDAYS).cost == 6_000
    assert (_summary(ev, "1").holiday_days, _summary(ev, "2").holiday_days) == (2, 0)


# -- requests (solver/check/requests.py) -----------------------------------------------------
def test_requests_weighted():
    reqs = (Request(staff_id="1", day=MON, kind=RequestKind.DAY_OFF, weight=10),
            Request(staff_id="1", day=d(1), kind=RequestKind.SHIFT_WANTED, shift="P", weight=5),
            Request(staff_id="2", day=d(1), kind=RequestKind.SHIFT_UNWANTED, shift="A",
                    weight=7))
    data = dataset((person("1"), person("2")), (ROOMY,), requests=reqs)
    # all broken: 10 + 5 + 7 = 22 x 100 = 2_200
    ev = evaluate(data, MON, 2, [work("1", MON, "A"), work("1", d(1), "A"),
                                 work("2", d(1), "A")])
    assert penalty(ev, REQUESTS).count == 22 and penalty(ev, REQUESTS).cost == 2_200
    # all honoured
    ev = evaluate(data, MON, 2, [work("1", d(1), "P"), work("2", d(1), "P")])
    assert penalty(ev, REQUESTS) is None
    # SHIFT_WANTED is broken by a day off too: 5 x 100
    ev = evaluate(data, MON, 2, [])
    assert penalty(ev, REQUESTS).cost == 500


def test_requested_absence():
    wish = Absence(staff_id="1", kind=AbsenceKind.ANNUAL, start=MON, end=d(1), approved=False)
    data = dataset((person("1"),), (ROOMY,), absences=(wish,))
    # both days worked: 2 x 20_000 = 40_000; not a violation.
    ev = evaluate(data, MON, 3, [work("1", MON, "A"), work("1", d(1), "A"),
                                 work("1", d(2), "A")])
    assert ev.violations == [] and penalty(ev, REQUESTED_ABSENCE).cost == 40_000
    # approved: each worked day is an eligibility violation instead.
    granted = dataset((person("1"),), (ROOMY,), absences=(wish.model_copy(
        update={"status": LeaveStatus.APPROVED}),))
    ev = evaluate(granted, MON, 3, [work("1", MON, "A"), work("1", d(1), "A")])
    assert len(broken(ev, ELIGIBILITY)) == 2 and penalty(ev, REQUESTED_ABSENCE) is None
    # refused: no absence at all, working those days costs nothing.
    refused = dataset((person("1"),), (ROOMY,), absences=(wish.model_copy(
        update={"status": LeaveStatus.REFUSED}),))
    ev = evaluate(refused, MON, 3, [work("1", MON, "A"), work("1", d(1), "A")])
    assert ev.violations == [] and penalty(ev, REQUESTED_ABSENCE) is None


# -- stable patterns (solver/check/patterns.py) ----------------------------------------------
def test_stable_pattern_rest_days_and_rotation():
    # L1 rests on Saturday and Sunday and rotates A, P weekly from MON; person 1 is first
    # (A in MON's week), person 2 second (P), person 3 is of line L2 (no pattern).
    pattern = WorkPattern(line_id="L1", rest_days=(6, 7), rotation=("A", "P"),
                          rotation_start=MON)
    data = dataset((person("1"), person("2"), person("3", line="L2")),
                   (post("P1", {"A": (0, 3), "P": (0, 3)}, lines=("L1", "L2")),),
                   patterns=(pattern,))
    followed = [work("1", MON, "A"), work("2", MON, "P"), work("1", d(7), "P"),
                work("3", d(5), "P")]
    assert penalty(evaluate(data, MON, 14, followed), STABLE_PATTERN) is None
    # 1 works Saturday on A (rest day: 1), 2 works A on Tuesday (rotation: 1), 1 works
    # Sunday of week 2 on A (rest day and rotation: 2) -> 4 x 1_000; soft, no violation.
    roster = [work("1", d(5), "A"), work("2", d(1), "A"), work("1", d(13), "A")]
    ev = evaluate(data, MON, 14, roster)
    assert ev.violations == []
    assert (penalty(ev, STABLE_PATTERN).count, penalty(ev, STABLE_PATTERN).cost) == (4, 4_000)
    # a 调休上班日 on a Saturday is a working day of the pattern
    makeup = data.with_changes(calendar_overrides=(
        CalendarOverride(day=d(5), kind=DayKind.MAKEUP, name="补班", source="测试"),))
    assert evaluate(makeup, MON, 14, roster).counts[STABLE_PATTERN] == 3
    # set hard: each breach is a violation naming the day
    hard = data.with_changes(rules=rules(**{STABLE_PATTERN: {"hard": True}}))
    messages = [v.message for v in broken(evaluate(hard, MON, 14, roster), STABLE_PATTERN)]
    assert len(messages) == 4 and any("固定休息日" in m and "周六" in m for m in messages)
    assert any("应上 P 班" in m for m in messages)


# -- whole evaluation (solver/check/evaluate.py) ---------------------------------------------
def test_objective_is_sum_of_penalty_costs_and_wrappers_agree():
    data = dataset((person("1"), person("2")), (post("P1", {"A": (1, 1), "L": (0, 1)}),))
    roster = [work("1", MON, "L"), work("2", d(1), "A")]
    ev = evaluate(data, MON, 2, roster)
    # MON: A short (min 1e6 + target 2e4); d1: L short target 2e4; 1500 fen of 150%.
    assert ev.objective == 1_000_000 + 20_000 + 20_000 + 1_500
    assert ev.objective == sum(p.cost for p in ev.penalties)
    assert objective(data, MON, 2, roster) == ev.objective
    assert check_roster(data, MON, 2, roster) == ev.violations == []
    assert ev.counts[COVERAGE_MIN] == 1 and ev.counts[OVERTIME_PAY] == 1_500


def test_the_checker_never_imports_ortools():
    # A fresh interpreter: the checker and everything it imports load without ortools.
    import subprocess
    import sys

    code = ("import sys, solver.check\n"
            "assert not [m for m in sys.modules if m.split('.')[0] == 'ortools'], 'ortools'")
    subprocess.run([sys.executable, "-c", code], check=True)
