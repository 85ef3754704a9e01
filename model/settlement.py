"""The month's settlement per 岗位 (service line): service units delivered, the filled
assessment sheet, the fee for the units, the deduction and the payable amount; and the
statement over all lines (the figure the VAT invoice carries).

One service unit is one person working the prescribed hours for a full month (seed 000
三、备注2): a person delivers min(1, credited minutes / prescribed minutes), credited
minutes being the minutes worked plus a prescribed day for each workday of approved leave of
a kind the sheet credits. The prescribed day is the post's: the mean length of the person's
rostered shifts that month (a 7-hour split shift prescribes 7 hours), at most the standard
day, the standard day without a rostered shift; prescribed minutes are the month's legal
workdays times it (综合计算工时: the monthly standard hours). A line's units are its people's,
at most its contracted headcount; a shortfall is billed as the sheet says (pro rata by
default: the fee x units / headcount). The assessment deduction is taken from that fee.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from pydantic import Field

from model.assessment import (
    AssessmentEvent,
    AssessmentSheet,
    EventSource,
    SheetScore,
    ShortfallBilling,
    score_events,
)
from model.base import Frozen
from model.dataset import DataSet
from model.money import ZERO, to_fen
from model.staff import HoursRegime

UNIT_PLACES = Decimal("0.0001")


def month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    after = date(year + (month == 12), month % 12 + 1, 1)
    return [first + timedelta(days=i) for i in range((after - first).days)]


class PersonUnits(Frozen):
    staff_id: str
    name: str
    line_id: str
    worked_minutes: int
    credited_minutes: int
    prescribed_minutes: int
    units: Decimal


class LineSettlement(Frozen):
    """One 岗位's month: units, the sheet, the fee billed, deduction and payable."""

    line_id: str
    seq: int
    name: str
    year: int
    month: int
    headcount: int
    contract_fee: Decimal = Field(description="月服务费合计 of the contract")
    people: tuple[PersonUnits, ...]
    units: Decimal = Field(description="Service units delivered (at most the headcount)")
    billed_fee: Decimal = Field(description="The fee for the units delivered")
    sheet: SheetScore

    @property
    def score(self) -> Decimal:
        return self.sheet.score

    @property
    def deduction(self) -> Decimal:
        return self.sheet.deduction

    @property
    def payable(self) -> Decimal:
        return self.sheet.payable

    @property
    def month_label(self) -> str:
        return f"{self.year} 年 {self.month} 月"


class Statement(Frozen):
    """The month over all lines."""

    hospital: str
    title: str
    year: int
    month: int
    lines: tuple[LineSettlement, ...]
    shortfall: ShortfallBilling
    notes: tuple[str, ...] = ()

    @property
    def contract_total(self) -> Decimal:
        return sum((s.contract_fee for s in self.lines), ZERO)

    @property
    def billed_total(self) -> Decimal:
        return sum((s.billed_fee for s in self.lines), ZERO)

    @property
    def deduction_total(self) -> Decimal:
        return sum((s.deduction for s in self.lines), ZERO)

    @property
    def payable_total(self) -> Decimal:
        """当月结算款: the amount the VAT invoice carries."""
        return sum((s.payable for s in self.lines), ZERO)


def prescribed_day(data: DataSet, shifts: Sequence[int]) -> int:
    """The prescribed minutes of a day: the mean rostered shift, at most the standard day."""
    standard = data.contract.working_time.daily_minutes
    if not shifts:
        return standard
    return min(standard, int(round(sum(shifts) / len(shifts))))


def prescribed_minutes(data: DataSet, regime: HoursRegime, days: Sequence[date],
                       day_minutes: int | None = None) -> int:
    """A full month's service time for one person."""
    standard = data.contract.working_time
    if regime is HoursRegime.COMPREHENSIVE:
        return int(round(standard.monthly_standard_hours * 60))
    workdays = sum(1 for d in days if data.calendar.classify(d).kind.is_workday)
    return workdays * (day_minutes or standard.daily_minutes)


def person_units(data: DataSet, sheet: AssessmentSheet, year: int, month: int,
                 worked: Mapping[str, int],
                 planned: Mapping[str, Sequence[int]] | None = None) -> list[PersonUnits]:
    """Each vendor person's units of the month from the minutes they worked; `planned` are
    the minutes of each person's rostered shifts that month (for the prescribed day)."""
    days = month_days(year, month)
    out = []
    for member in data.vendor_staff():
        day = prescribed_day(data, (planned or {}).get(member.id, ()))
        prescribed = prescribed_minutes(data, member.regime, days, day)
        leave_days = {d for a in data.absences if a.staff_id == member.id and a.approved
                      and a.kind.value in sheet.credited_leave
                      for d in days if a.covers(d) and data.calendar.classify(d).kind.is_workday}
        minutes = worked.get(member.id, 0)
        credited = minutes + len(leave_days) * day
        units = min(Decimal(1), Decimal(credited) / Decimal(prescribed)) if prescribed else ZERO
        out.append(PersonUnits(staff_id=member.id, name=member.name, line_id=member.line_id,
                               worked_minutes=minutes, credited_minutes=credited,
                               prescribed_minutes=prescribed,
                               units=units.quantize(UNIT_PLACES)))
    return out


def gap_events(data: DataSet, gaps: Iterable[tuple[date, str, int]], sheet: AssessmentSheet
               ) -> list[AssessmentEvent]:
    """Each missing person on an uncovered required shift: the sheet's `uncovered` event of
    the line that owns the post (its first line). `gaps` are (day, post, missing)."""
    kind = sheet.proposals.uncovered
    points = sheet.kind(kind).lowest
    out = []
    for day, post_id, missing in gaps:
        post = data.post_by_id.get(post_id)
        if post is None or not post.lines:
            continue
        out += [AssessmentEvent(line_id=post.lines[0], day=day, kind=kind, points=points,
                                note=f"{post.name} 排班缺口", source=EventSource.ROSTER_GAP)
                for _ in range(missing)]
    return out


def settle_month(data: DataSet, sheet: AssessmentSheet, year: int, month: int,
                 worked: Mapping[str, int], events: Iterable[AssessmentEvent],
                 notes: Sequence[str] = (),
                 planned: Mapping[str, Sequence[int]] | None = None) -> Statement:
    """The month's statement: per line its units (from `worked`, minutes per person, and
    `planned`, their rostered shifts' minutes), the fee billed for them, its sheet filled
    with `events` of that month, deduction, payable."""
    people = person_units(data, sheet, year, month, worked, planned)
    by_line: dict[str, list[PersonUnits]] = defaultdict(list)
    for person in people:
        by_line[person.line_id].append(person)
    chosen: dict[str, list[AssessmentEvent]] = defaultdict(list)
    for event in events:
        if (event.day.year, event.day.month) == (year, month):
            chosen[event.line_id].append(event)
    rows = []
    for line in data.lines:
        mine = by_line.get(line.id, [])
        units = min(Decimal(line.headcount), sum((p.units for p in mine), ZERO))
        fee = line.monthly_fee
        billed = (to_fen(fee * units / line.headcount)
                  if sheet.shortfall is ShortfallBilling.PRO_RATA and line.headcount else
                  to_fen(fee))
        rows.append(LineSettlement(
            line_id=line.id, seq=line.seq, name=line.name, year=year, month=month,
            headcount=line.headcount, contract_fee=to_fen(fee), people=tuple(mine),
            units=units, billed_fee=billed,
            sheet=score_events(sheet, sorted(chosen.get(line.id, []), key=_event_order),
                               billed)))
    return Statement(hospital=data.contract.hospital or data.contract.display_name,
                     title=sheet.title, year=year, month=month, lines=tuple(rows),
                     shortfall=sheet.shortfall, notes=tuple(notes))


def _event_order(event: AssessmentEvent) -> tuple[date, str, str]:
    return event.day, event.staff_id or "", event.kind


def predicted_line_scores(data: DataSet, gaps: Iterable[tuple[date, str, int]]
                          ) -> list[LineSettlement]:
    """The 情景/排班 pages' prediction: per line and month with a gap, the sheet filled with
    the gaps' failed-task events alone, on the line's full monthly fee (units as
    contracted). Empty when the data set has no assessment sheet."""
    sheet = data.assessment
    if sheet is None:
        return []
    by_month: dict[tuple[int, int], list[AssessmentEvent]] = defaultdict(list)
    for event in gap_events(data, gaps, sheet):
        by_month[(event.day.year, event.day.month)].append(event)
    out = []
    for (year, month), events in sorted(by_month.items()):
        lines = {e.line_id for e in events}
        for line in data.lines:
            if line.id not in lines:
                continue
            fee = to_fen(line.monthly_fee)
            out.append(LineSettlement(
                line_id=line.id, seq=line.seq, name=line.name, year=year, month=month,
                headcount=line.headcount, contract_fee=fee, people=(),
                units=Decimal(line.headcount), billed_fee=fee,
                sheet=score_events(sheet, [e for e in events if e.line_id == line.id], fee)))
    return out
