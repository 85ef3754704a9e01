"""The monthly settlement over the store: import attendance against the roster in force,
record and withdraw assessment events, and put the month's statement together (for the CLI's
`roster settle` and the app's 月度结算 page).

Everything is checked before the store writes it: an attendance file with a problem, an
event outside its kind's points, of an unknown line or person, or an actor whose role may not
do it, is refused and nothing is written. The contract's sheet is that of the data set of the
roster in force (a stored data set from before the sheet existed: the given data set's).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from model.assessment import AssessmentEvent, AssessmentSheet, event_problems
from model.attendance import ColumnMapping
from model.attendance import read_attendance as read_export
from model.dataset import DataSet
from model.punches import DayResult, evaluate_punches, proposed_events
from model.settlement import Statement, gap_events, month_days, settle_month
from model.settlement_excel import settlement_workbook
from model.users import Action, Actor
from solver.check import evaluate
from store.audit import recorded_absences
from store.cells import roster_in_force
from store.db import Store, StoreError
from store.settlement import (
    StoredAttendance,
    StoredEvent,
    add_event,
    read_attendance,
    read_events,
    replace_attendance,
    withdraw_event,
)
from store.versions import author_name, version_data


def _acting(actor: Actor | None, action: Action, author: str | None) -> str:
    if actor is not None:
        if not actor.may(action):
            raise StoreError(actor.refusal(action))
        author = author or actor.name
    return author_name(author)


@dataclass(frozen=True)
class MonthInput:
    """What the store holds for a month of a contract: the roster in force per day and its
    cells, the data set of its latest version (with the recorded absences) and the sheet."""

    data: DataSet
    sheet: AssessmentSheet
    versions: dict[date, int]
    cells: dict[date, list]


def month_input(store: Store, data: DataSet, year: int, month: int) -> MonthInput:
    """The month's roster in force and its data set; refused without a published roster or
    without an assessment sheet."""
    days = month_days(year, month)
    contract = data.contract.id
    chosen, cells = roster_in_force(store, days[0], days[-1], contract=contract)
    if not chosen:
        raise StoreError(f"{year} 年 {month} 月没有已发布的排班")
    stored = version_data(store, max(chosen.values()))
    sheet = stored.assessment or data.assessment
    if sheet is None:
        raise StoreError("数据中没有月度考核标准（assessment.yaml），无法结算")
    known = set(stored.absences)
    extra = tuple(a for a in recorded_absences(store, contract=contract) if a not in known)
    merged = stored.with_changes(absences=stored.absences + extra, tails=(),
                                 assessment=sheet)
    return MonthInput(data=merged, sheet=sheet, versions=chosen, cells=cells)


@dataclass(frozen=True)
class ImportSummary:
    days: int
    people: int
    late: int
    early: int
    missing_punches: int
    absent: int
    extra_hours: float
    proposed: int
    results: tuple[DayResult, ...]


def import_attendance(store: Store, data: DataSet, year: int, month: int, content: bytes,
                      filename: str, mapping: ColumnMapping | None = None, *,
                      actor: Actor | None = None, author: str | None = None) -> ImportSummary:
    """Read an attendance export of a month, judge it against the roster in force and store
    its days and proposed events (replacing an earlier import of the month). Raises
    DataError (located problems) or StoreError, having written nothing."""
    who = _acting(actor, Action.EDIT, author)
    source = month_input(store, data, year, month)
    punches = read_export(content, filename, source.data, mapping)
    days = month_days(year, month)
    outside = [p for p in punches if not days[0] <= p.day <= days[-1]]
    if outside:
        raise StoreError(f"{outside[0].where}：日期 {outside[0].day} 不在 {year} 年 {month} 月，"
                         "未导入任何数据")
    results = evaluate_punches(
        [a for items in source.cells.values() for a in items],
        {s.code: s.intervals() for s in source.data.shifts}, punches,
        source.data.absences, source.sheet, days,
        [m.id for m in source.data.vendor_staff()])
    events = proposed_events(results, source.sheet)
    stored = replace_attendance(store, source.data.contract, days[0], days[-1], results,
                                events, source.versions, source_file=filename, author=who)
    return ImportSummary(
        days=stored, people=len({r.staff_id for r in results}),
        late=sum(len(r.late) for r in results), early=sum(len(r.early) for r in results),
        missing_punches=sum(r.missing_punches for r in results),
        absent=sum(r.absent for r in results),
        extra_hours=sum(r.extra_minutes for r in results) / 60, proposed=len(events),
        results=tuple(results))


def record_event(store: Store, data: DataSet, event: AssessmentEvent, *,
                 actor: Actor | None = None, author: str | None = None) -> int:
    """Store one event of the quality group after checking it against the sheet, the lines
    and the staff; returns its id."""
    who = _acting(actor, Action.ASSESS, author)
    source = month_input(store, data, event.day.year, event.day.month)
    problems = event_problems(source.sheet, event)
    if event.line_id not in source.data.line_by_id:
        problems.append(f"未知服务项目：{event.line_id}")
    member = source.data.staff_by_id.get(event.staff_id or "")
    if event.staff_id and member is None:
        problems.append(f"未知工号：{event.staff_id}")
    if problems:
        raise StoreError("；".join(problems) + "，未写入")
    return add_event(store, source.data.contract, event, source.versions.get(event.day),
                     author=who)


def withdraw(store: Store, contract: str, event_id: int, *, actor: Actor | None = None
             ) -> AssessmentEvent:
    """Withdraw a stored event (of `contract`)."""
    _acting(actor, Action.ASSESS, None)
    return withdraw_event(store, contract, event_id)


def month_events(store: Store, contract: str, year: int, month: int) -> list[StoredEvent]:
    days = month_days(year, month)
    return read_events(store, contract, days[0], days[-1])


def month_attendance(store: Store, contract: str, year: int, month: int
                     ) -> list[StoredAttendance]:
    days = month_days(year, month)
    return read_attendance(store, contract, days[0], days[-1])


@dataclass(frozen=True)
class MonthSettlement:
    statement: Statement
    sheet: AssessmentSheet
    data: DataSet
    gap_events: tuple[AssessmentEvent, ...]
    stored_events: tuple[StoredEvent, ...]

    def workbook(self, lines: list[str] | None = None) -> bytes:
        names = {m.id: m.name for m in self.data.staff}
        return settlement_workbook(self.statement, self.sheet, names, lines)


def settle(store: Store, data: DataSet, year: int, month: int) -> MonthSettlement:
    """The month's statement of the data set's contract from the store: units from the
    imported attendance (else from the roster in force, and the statement says so), the
    stored events and one failed task per missing person of each uncovered required shift
    of the roster in force (days without a published roster are noted, not counted)."""
    source = month_input(store, data, year, month)
    days = month_days(year, month)
    contract = source.data.contract.id
    cells = [a for items in source.cells.values() for a in items]
    evaluation = evaluate(source.data, days[0], len(days),
                          [a for a in cells if a.staff_id in source.data.staff_by_id])
    gaps = gap_events(source.data, [(d, p, m) for d, p, _s, m in evaluation.gaps_raw
                                    if d in source.versions], source.sheet)
    attendance = month_attendance(store, contract, year, month)
    worked: dict[str, int] = defaultdict(int)
    notes = []
    if attendance:
        for item in attendance:
            worked[item.result.staff_id] += item.result.worked_minutes
    else:
        for a in cells:
            worked[a.staff_id] += int(round(a.hours * 60))
        notes.append("本月未导入考勤，服务时长按排班计算。")
    missing = [d for d in days if d not in source.versions]
    if missing:
        notes.append(f"{len(missing)} 天没有已发布的排班（{missing[0]} 起），按无人服务计算。")
    planned: dict[str, list[int]] = defaultdict(list)
    for a in cells:
        planned[a.staff_id].append(int(round(a.hours * 60)))
    stored = month_events(store, contract, year, month)
    statement = settle_month(source.data, source.sheet, year, month, worked,
                             [s.event for s in stored] + gaps, notes, planned)
    return MonthSettlement(statement=statement, sheet=source.sheet, data=source.data,
                           gap_events=tuple(gaps), stored_events=tuple(stored))
