"""What the store reads back (versions, cell diffs, audit entries) and its row conversions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from model.roster import Assignment
from store.tables import (
    KIND_LABELS,
    ORIGIN_LABELS,
    STATUS_LABELS,
    AssignmentRow,
    ChangeRow,
    VersionRow,
)


@dataclass(frozen=True)
class VersionInfo:
    id: int
    start: date
    end: date
    scenario: str
    status: str
    origin: str
    parent_id: int | None
    superseded_by_id: int | None
    author: str
    reason: str
    forced: bool
    created_at: datetime
    published_at: datetime | None
    solve_status: str
    objective: int | None
    checker_objective: int
    violations: tuple[dict, ...]
    assignment_count: int
    dataset_hash: str
    contract_id: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS.get(self.origin, self.origin)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class CellDiff:
    """One cell that differs between two versions."""

    staff_id: str
    name: str
    day: date
    before: str
    after: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    version_id: int
    base_version_id: int | None
    staff_id: str
    day: date
    before: str
    after: str
    kind: str
    reason: str
    author: str
    forced: bool
    broken_rules: tuple[str, ...]
    created_at: datetime

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def utc_now() -> datetime:
    """The time stamp the store writes."""
    return datetime.now(UTC)


def days_between(start: date, end: date) -> Iterator[date]:
    """Every day from `start` to `end`, both included."""
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def version_info(row: VersionRow, content_hash: str) -> VersionInfo:
    return VersionInfo(
        id=row.id, start=row.period_start, end=row.period_end, scenario=row.scenario,
        status=row.status, origin=row.origin, parent_id=row.parent_id,
        superseded_by_id=row.superseded_by_id, author=row.author, reason=row.reason,
        forced=row.forced, created_at=row.created_at, published_at=row.published_at,
        solve_status=row.solve_status, objective=row.objective,
        checker_objective=row.checker_objective,
        violations=tuple(json.loads(row.checker_violations)),
        assignment_count=row.assignment_count, dataset_hash=content_hash,
        contract_id=row.contract_id)


def audit_entry(row: ChangeRow) -> AuditEntry:
    return AuditEntry(id=row.id, version_id=row.version_id,
                      base_version_id=row.base_version_id, staff_id=row.staff_id, day=row.day,
                      before=row.before_label, after=row.after_label, kind=row.kind,
                      reason=row.reason, author=row.author, forced=row.forced,
                      broken_rules=tuple(json.loads(row.broken_rules)),
                      created_at=row.created_at)


def _segments_json(assignment: Assignment) -> str:
    return json.dumps([[s.isoformat(), e.isoformat()] for s, e in assignment.segments])


def assignment_values(version_id: int, a: Assignment) -> dict[str, Any]:
    """The column values of the cell row holding `a` in version `version_id`."""
    return {"version_id": version_id, "staff_id": a.staff_id, "day": a.day,
            "line_id": a.line_id, "post_id": a.post_id, "shift": a.shift, "hours": a.hours,
            "borrowed": a.borrowed, "cover_for": a.cover_for, "segments": _segments_json(a)}


def assignment_of(row: AssignmentRow) -> Assignment:
    """The cell a stored row holds."""
    segments = tuple((datetime.fromisoformat(s), datetime.fromisoformat(e))
                     for s, e in json.loads(row.segments))
    return Assignment(staff_id=row.staff_id, line_id=row.line_id, post_id=row.post_id,
                      shift=row.shift, day=row.day, segments=segments, hours=row.hours,
                      cover_for=row.cover_for, borrowed=row.borrowed)
