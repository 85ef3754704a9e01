"""The settlement's stored inputs: attendance days and assessment events of a contract.

An import replaces its month's attendance and the events it proposed (source 考勤) in one
transaction; events of the quality group are added and withdrawn one by one. Each row
carries the contract and the roster version in force on its day. Nothing here judges them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from model.assessment import AssessmentEvent, EventSource
from model.contract import ContractTerms
from model.punches import DayResult
from store.contracts import ensure_contract
from store.db import Store, StoreError
from store.records import utc_now
from store.tables import AssessmentEventRow, AttendanceRow


@dataclass(frozen=True)
class StoredEvent:
    """An assessment event as stored: its id, the version in force, who and when."""

    id: int
    event: AssessmentEvent
    version_id: int | None
    author: str
    recorded_at: datetime


@dataclass(frozen=True)
class StoredAttendance:
    """An attendance day as stored."""

    result: DayResult
    version_id: int | None
    source_file: str
    author: str
    imported_at: datetime


def _event_of(row: AssessmentEventRow) -> StoredEvent:
    event = AssessmentEvent(line_id=row.line_id, staff_id=row.staff_id, day=row.day,
                            kind=row.kind, points=row.points, note=row.note,
                            source=EventSource(row.source))
    return StoredEvent(id=row.id, event=event, version_id=row.version_id, author=row.author,
                       recorded_at=row.recorded_at)


def _event_row(contract: str, event: AssessmentEvent, version_id: int | None, author: str,
               when: datetime) -> AssessmentEventRow:
    return AssessmentEventRow(contract_id=contract, version_id=version_id,
                              line_id=event.line_id, staff_id=event.staff_id, day=event.day,
                              kind=event.kind, points=event.points, note=event.note,
                              source=event.source.value, author=author, recorded_at=when)


def replace_attendance(store: Store, terms: ContractTerms, first: date, last: date,
                       results: Sequence[DayResult], events: Sequence[AssessmentEvent],
                       versions: Mapping[date, int], *, source_file: str, author: str) -> int:
    """The attendance of [first, last] and its proposed events, replacing what an earlier
    import of those days stored, in one transaction. Returns the days stored."""
    outside = [r.day for r in results if not first <= r.day <= last]
    outside += [e.day for e in events if not first <= e.day <= last]
    if outside:
        raise StoreError(f"考勤日期 {min(outside)} 不在 {first}~{last} 内，未写入")
    now = utc_now()
    with store.write() as session:
        ensure_contract(session, terms)
        contract = terms.id
        session.execute(delete(AttendanceRow).where(
            AttendanceRow.contract_id == contract, AttendanceRow.day >= first,
            AttendanceRow.day <= last))
        session.execute(delete(AssessmentEventRow).where(
            AssessmentEventRow.contract_id == contract, AssessmentEventRow.day >= first,
            AssessmentEventRow.day <= last,
            AssessmentEventRow.source == EventSource.ATTENDANCE.value))
        for r in results:
            session.add(AttendanceRow(
                contract_id=contract, version_id=versions.get(r.day), staff_id=r.staff_id,
                day=r.day, line_id=r.line_id, post_id=r.post_id, shift=r.shift,
                punches=json.dumps(list(r.punches)), worked_minutes=r.worked_minutes,
                extra_minutes=r.extra_minutes,
                late_minutes=sum(s.late_minutes for s in r.segments),
                early_minutes=sum(s.early_minutes for s in r.segments),
                missing_punches=r.missing_punches, absent=r.absent, leave=r.leave,
                source_file=source_file[:200], author=author, imported_at=now))
        for event in events:
            session.add(_event_row(contract, event, versions.get(event.day), author, now))
    return len(results)


def read_attendance(store: Store, contract: str, first: date, last: date
                    ) -> list[StoredAttendance]:
    """The stored attendance days of [first, last] (the checks' details are not kept:
    their minutes are, as the day's totals)."""
    with store.read() as session:
        rows = session.scalars(select(AttendanceRow).where(
            AttendanceRow.contract_id == contract, AttendanceRow.day >= first,
            AttendanceRow.day <= last).order_by(AttendanceRow.day, AttendanceRow.staff_id))
        return [StoredAttendance(
            result=DayResult(staff_id=r.staff_id, day=r.day, line_id=r.line_id,
                             post_id=r.post_id, shift=r.shift,
                             punches=tuple(json.loads(r.punches)),
                             worked_minutes=r.worked_minutes, extra_minutes=r.extra_minutes,
                             leave=r.leave, absent=r.absent),
            version_id=r.version_id, source_file=r.source_file, author=r.author,
            imported_at=r.imported_at) for r in rows]


def add_event(store: Store, terms: ContractTerms, event: AssessmentEvent,
              version_id: int | None, *, author: str) -> int:
    """Store one event; returns its id."""
    with store.write() as session:
        ensure_contract(session, terms)
        row = _event_row(terms.id, event, version_id, author, utc_now())
        session.add(row)
        session.flush()
        return row.id


def withdraw_event(store: Store, contract: str, event_id: int) -> AssessmentEvent:
    """Remove one stored event of `contract` (a lateness excused, a mistaken entry)."""
    with store.write() as session:
        row = _owned_event(session, contract, event_id)
        event = _event_of(row).event
        session.delete(row)
        return event


def _owned_event(session: Session, contract: str, event_id: int) -> AssessmentEventRow:
    row = session.get(AssessmentEventRow, event_id)
    if row is None or row.contract_id != contract:
        raise StoreError(f"当前合同没有编号为 {event_id} 的考核记录")
    return row


def read_events(store: Store, contract: str, first: date, last: date) -> list[StoredEvent]:
    """The stored events of [first, last], by day."""
    with store.read() as session:
        rows = session.scalars(select(AssessmentEventRow).where(
            AssessmentEventRow.contract_id == contract, AssessmentEventRow.day >= first,
            AssessmentEventRow.day <= last).order_by(AssessmentEventRow.day,
                                                     AssessmentEventRow.id))
        return [_event_of(r) for r in rows]
