"""Stored cells: those of a version, the roster in force day by day, and diffs of two versions.

Day resolution: the roster *in force* on a day is the latest published (or since superseded)
version of the contract whose period covers it, by publication order; the *planned* roster
of a day is the first one. Drafts never count; other contracts' versions never count.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.cells import OFF, cell_label
from model.roster import Assignment
from model.training import TrainingAttendance
from store.db import Store, StoreError
from store.records import CellDiff, assignment_of, days_between
from store.tables import AssignmentRow, TrainingRow, VersionRow
from store.versions import read_version, training_of


def cells_of(session: Session, version_id: int) -> dict[tuple[str, date], AssignmentRow]:
    """The cell rows of a version by (staff, day)."""
    rows = session.scalars(select(AssignmentRow).where(AssignmentRow.version_id == version_id))
    return {(r.staff_id, r.day): r for r in rows}


def _effective(session: Session, start: date, end: date, contract: str, *,
               first: bool = False) -> tuple[dict[date, int], dict[date, list[Assignment]]]:
    """For each day in [start, end] covered by a published (or superseded) version of
    `contract`: the version in force (latest by publication, or the first one) and its cells
    that day."""
    versions = session.execute(
        select(VersionRow.id, VersionRow.period_start, VersionRow.period_end,
               VersionRow.publish_seq)
        .where(VersionRow.contract_id == contract, VersionRow.publish_seq.is_not(None),
               VersionRow.period_end >= start,
               VersionRow.period_start <= end)
        .order_by(VersionRow.publish_seq.desc() if first else VersionRow.publish_seq)).all()
    chosen: dict[date, int] = {}
    for version_id, v_start, v_end, _seq in versions:
        for day in days_between(max(v_start, start), min(v_end, end)):
            chosen[day] = version_id  # later rows win: latest (or, reversed, first)
    cells: dict[date, list[Assignment]] = defaultdict(list)
    if chosen:
        rows = session.scalars(select(AssignmentRow).where(
            AssignmentRow.version_id.in_(sorted(set(chosen.values()))),
            AssignmentRow.day >= start, AssignmentRow.day <= end)).all()
        for row in rows:
            if chosen.get(row.day) == row.version_id:
                cells[row.day].append(assignment_of(row))
    return chosen, dict(cells)


def roster_in_force(store: Store, start: date, end: date, *, contract: str,
                    planned: bool = False
                    ) -> tuple[dict[date, int], dict[date, list[Assignment]]]:
    """(version per day, cells per day) of the contract's roster in force (or first
    planned)."""
    with store.read() as session:
        return _effective(session, start, end, contract, first=planned)


def training_in_force(store: Store, start: date, end: date, *, contract: str,
                      planned: bool = False) -> list[TrainingAttendance]:
    """The training attendances of the contract's roster in force (or first planned) on the
    days [start, end] (each day's attendances from the version chosen that day)."""
    with store.read() as session:
        chosen, _ = _effective(session, start, end, contract, first=planned)
        if not chosen:
            return []
        rows = session.scalars(select(TrainingRow).where(
            TrainingRow.version_id.in_(sorted(set(chosen.values()))),
            TrainingRow.day >= start, TrainingRow.day <= end)).all()
        return sorted((training_of(r) for r in rows if chosen.get(r.day) == r.version_id),
                      key=lambda t: (t.day, t.session_id, t.staff_id))


def current_version_for(store: Store, day: date, *, contract: str) -> int | None:
    """The contract's version in force on `day`, if any."""
    chosen, _ = roster_in_force(store, day, day, contract=contract)
    return chosen.get(day)


def diff(store: Store, v1: int, v2: int, *, contract: str | None = None) -> list[CellDiff]:
    """Cells that differ between two versions (of one contract: `contract` when given), on
    the days both periods cover."""
    info1, data1, roster1 = read_version(store, v1, contract=contract)
    info2, data2, roster2 = read_version(store, v2, contract=contract)
    if info1.contract_id != info2.contract_id:
        raise StoreError(f"版本 {v1} 与版本 {v2} 属于不同的合同，无法比较")
    first, last = max(info1.start, info2.start), min(info1.end, info2.end)
    if first > last:
        raise StoreError(f"版本 {v1}（{info1.start}~{info1.end}）与版本 {v2}"
                         f"（{info2.start}~{info2.end}）的周期没有重叠，无法比较")
    before = {(a.staff_id, a.day): a for a in roster1.assignments if first <= a.day <= last}
    after = {(a.staff_id, a.day): a for a in roster2.assignments if first <= a.day <= last}
    out = []
    for key in sorted(set(before) | set(after), key=lambda k: (k[1], k[0])):
        old, new = before.get(key), after.get(key)
        old_label = cell_label(data1, old.post_id, old.shift) if old else OFF
        new_label = cell_label(data2, new.post_id, new.shift) if new else OFF
        if old_label == new_label and (old is None) == (new is None):
            continue
        member = data2.staff_by_id.get(key[0]) or data1.staff_by_id.get(key[0])
        out.append(CellDiff(staff_id=key[0], name=member.name if member else key[0],
                            day=key[1], before=old_label, after=new_label))
    return out
