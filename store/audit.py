"""The audit trail of changed cells and the recorded absences: rows to write, entries read."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select

from model.cells import cell_label
from model.dataset import DataSet
from model.events import Absence, LeaveStatus
from store.db import Store
from store.records import AuditEntry, audit_entry, utc_now
from store.tables import AbsenceRow, ChangeRow, VersionRow


class Cell(Protocol):
    """A cell as the audit compares it: a stored row or an Assignment."""

    @property
    def post_id(self) -> str: ...

    @property
    def shift(self) -> str: ...


def audit_rows(version_id: int, base_id: int | None, data: DataSet,
               before: Mapping[tuple[str, date], Cell], after: Mapping[tuple[str, date], Cell],
               days: set[date] | None, kind_of: Callable[[str, date], str], *, reason: str,
               author: str, forced: bool = False, broken: Sequence[str] = ()
               ) -> list[dict[str, Any]]:
    """Audit rows for every (staff, day) whose post/shift differs between the two maps."""
    out = []
    now = utc_now()
    for key in sorted(set(before) | set(after)):
        staff_id, day = key
        if days is not None and day not in days:
            continue
        old, new = before.get(key), after.get(key)
        old_cell = (old.post_id, old.shift) if old is not None else (None, None)
        new_cell = (new.post_id, new.shift) if new is not None else (None, None)
        if old_cell == new_cell:
            continue
        out.append({"version_id": version_id, "base_version_id": base_id, "staff_id": staff_id,
                    "day": day, "before_post": old_cell[0], "before_shift": old_cell[1],
                    "after_post": new_cell[0], "after_shift": new_cell[1],
                    "before_label": cell_label(data, *old_cell)[:200],
                    "after_label": cell_label(data, *new_cell)[:200],
                    "kind": kind_of(staff_id, day), "reason": reason, "author": author[:100],
                    "forced": forced, "broken_rules": json.dumps(sorted(set(broken))),
                    "created_at": now})
    return out


def audit_trail(store: Store, version_id: int | None = None, *, contract: str,
                start: date | None = None, end: date | None = None) -> list[AuditEntry]:
    """Audit rows of `contract`'s versions (of one version, or of the days in [start, end]),
    oldest first."""
    with store.read() as session:
        query = select(ChangeRow).join(VersionRow, VersionRow.id == ChangeRow.version_id).where(
            VersionRow.contract_id == contract)
        if version_id is not None:
            query = query.where(ChangeRow.version_id == version_id)
        if start is not None:
            query = query.where(ChangeRow.day >= start)
        if end is not None:
            query = query.where(ChangeRow.day <= end)
        rows = session.scalars(query.order_by(ChangeRow.id)).all()
    return [audit_entry(r) for r in rows]


def absence_row(absence: Absence, version_id: int, contract: str, author: str
                ) -> AbsenceRow:
    """The row recording `absence`, which caused version `version_id` of `contract`."""
    return AbsenceRow(contract_id=contract, staff_id=absence.staff_id, kind=absence.kind.value,
                      start_day=absence.start, end_day=absence.end,
                      approved=absence.approved, note=absence.note,
                      version_id=version_id, author=author, recorded_at=utc_now())


def recorded_absences(store: Store, *, contract: str) -> list[Absence]:
    """The absences recorded for `contract`, oldest first."""
    with store.read() as session:
        rows = session.scalars(select(AbsenceRow).where(AbsenceRow.contract_id == contract)
                               .order_by(AbsenceRow.id)).all()
    return [Absence(staff_id=r.staff_id, kind=r.kind, start=r.start_day, end=r.end_day,
                    status=LeaveStatus.APPROVED if r.approved else LeaveStatus.REQUESTED,
                    note=r.note) for r in rows]
