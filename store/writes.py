"""Write transactions: a new version, a published draft, a changed version and a re-plan.

Each is one transaction (`Store.write`); the checks a change needs run before it (in
ui/roster_service.py), so here only the store's own consistency is verified: the base
version has not been changed by someone else meanwhile, and it belongs to the contract of the
data set written (`data.contract.id`, whose row is created on first use).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from model.dataset import DataSet
from model.events import Absence
from model.roster import Assignment, RosterResult, SolveStats, Violation
from model.training import TrainingAttendance
from store.audit import absence_row, audit_rows
from store.cells import cells_of
from store.contracts import ensure_contract
from store.db import Store, StoreError
from store.hashing import dataset_hash
from store.records import VersionInfo, assignment_values, days_between, utc_now, version_info
from store.tables import (
    DRAFT,
    KIND_REPUBLISH,
    PUBLISHED,
    STATUS_LABELS,
    SUPERSEDED,
    AssignmentRow,
    ChangeRow,
    TrainingRow,
    VersionRow,
)
from store.versions import author_name, dataset_of, dataset_row, hash_of, version_row

#: Optional test hook called at named points of a write transaction.
Hook = Callable[[str], None]


@dataclass(frozen=True)
class NewVersion:
    """A version to insert: period, cells, provenance and the checker's verdict on it."""

    data: DataSet
    start: date
    end: date
    assignments: Sequence[Assignment]
    status: str
    origin: str
    scenario: str
    author: str
    reason: str
    forced: bool
    solve_status: str
    objective: int | None
    checker_objective: int
    checker_violations: Sequence[Violation]
    best_bound: float | None = None
    stats: SolveStats | None = None
    notes: Sequence[str] = ()
    parent_id: int | None = None
    #: the training sessions the roster places (RosterResult.training)
    training: Sequence[TrainingAttendance] = ()

    @classmethod
    def of_roster(cls, data: DataSet, roster: RosterResult, *, status: str, origin: str,
                  scenario: str, author: str, reason: str, forced: bool,
                  checker_objective: int, checker_violations: Sequence[Violation],
                  parent_id: int | None = None) -> NewVersion:
        """A solved roster as a new version (solve status, objective, bound, stats, notes)."""
        return cls(data=data, start=roster.start, end=roster.end,
                   assignments=roster.assignments, status=status, origin=origin,
                   scenario=scenario, author=author, reason=reason, forced=forced,
                   solve_status=roster.status.value, objective=roster.objective,
                   checker_objective=checker_objective,
                   checker_violations=checker_violations, best_bound=roster.best_bound,
                   stats=roster.stats, notes=roster.notes, parent_id=parent_id,
                   training=roster.training)


def _violation_dicts(violations: Sequence[Violation]) -> str:
    return json.dumps([v.model_dump(mode="json") for v in violations], ensure_ascii=False)


def _insert_version(session: Session, new: NewVersion, hook: Hook | None = None
                    ) -> VersionRow:
    ensure_contract(session, new.data.contract)
    dataset = dataset_row(session, new.data)
    now = utc_now()
    row = VersionRow(
        contract_id=new.data.contract.id, period_start=new.start, period_end=new.end,
        scenario=new.scenario[:200],
        status=new.status, origin=new.origin, parent_id=new.parent_id, dataset_id=dataset.id,
        publish_seq=session.info["write_seq"] if new.status != DRAFT else None,
        author=new.author[:100], reason=new.reason, forced=new.forced, created_at=now,
        published_at=now if new.status != DRAFT else None, solve_status=new.solve_status,
        objective=new.objective, best_bound=new.best_bound,
        solver_stats=new.stats.model_dump_json() if new.stats is not None else None,
        checker_objective=new.checker_objective,
        checker_violations=_violation_dicts(new.checker_violations),
        notes=json.dumps(list(new.notes), ensure_ascii=False),
        assignment_count=len(new.assignments))
    session.add(row)
    session.flush()
    if hook is not None:
        hook("version")
    if new.assignments:
        session.execute(insert(AssignmentRow), [assignment_values(row.id, a)
                                                     for a in new.assignments])
    if new.training:
        session.execute(insert(TrainingRow), [
            {"version_id": row.id, "staff_id": t.staff_id, "session_id": t.session_id,
             "day": t.day, "minutes": t.minutes} for t in new.training])
    if hook is not None:
        hook("assignments")
    return row


def _supersede(session: Session, old_ids: Sequence[int], new_id: int) -> None:
    if old_ids:
        session.execute(update(VersionRow).where(VersionRow.id.in_(list(old_ids)))
                        .values(status=SUPERSEDED, superseded_by_id=new_id,
                                superseded_at=utc_now()))


def _supersede_within(session: Session, row: VersionRow, data: DataSet, author: str,
                      reason: str) -> None:
    """Supersede the published versions lying within `row`'s period; audit changed cells."""
    olds = session.scalars(select(VersionRow).where(
        VersionRow.contract_id == row.contract_id, VersionRow.status == PUBLISHED,
        VersionRow.id != row.id,
        VersionRow.period_start >= row.period_start,
        VersionRow.period_end <= row.period_end).order_by(VersionRow.id)).all()
    if not olds:
        return
    new_cells = cells_of(session, row.id)
    audit = []
    for old in olds:
        period = set(days_between(old.period_start, old.period_end))
        old_cells = {k: v for k, v in cells_of(session, old.id).items()}
        mine = {k: v for k, v in new_cells.items() if k[1] in period}
        audit += audit_rows(row.id, old.id, data, old_cells, mine, period,
                            lambda *_: KIND_REPUBLISH, reason=reason, author=author)
    _supersede(session, [o.id for o in olds], row.id)
    if audit:
        session.execute(insert(ChangeRow), audit)


def add_version(store: Store, new: NewVersion, hook: Hook | None = None) -> VersionInfo:
    """Store a new version of the data set's contract. Published, it supersedes every
    published version of that contract whose period lies within its own (their changed cells
    audited as 重新发布); nothing is overwritten."""
    content_hash = dataset_hash(new.data)
    with store.write() as session:
        row = _insert_version(session, new, hook)
        if new.status == PUBLISHED:
            _supersede_within(session, row, new.data, new.author, new.reason)
        if hook is not None:
            hook("commit")
        return version_info(row, content_hash)


def publish_draft(store: Store, version_id: int, author: str | None = None, *,
                  contract: str | None = None) -> VersionInfo:
    """Publish a stored draft (of `contract` when given): its status becomes published (the
    draft's cells unchanged)."""
    author = author_name(author)
    with store.write() as session:
        row = version_row(session, version_id, contract)
        if row.status != DRAFT:
            raise StoreError(f"版本 {version_id} 不是草稿（状态：{STATUS_LABELS[row.status]}）")
        data = dataset_of(session, row.dataset_id)
        row.status = PUBLISHED
        row.publish_seq = session.info["write_seq"]
        row.published_at = utc_now()
        session.flush()
        _supersede_within(session, row, data, author, f"发布草稿 {version_id}")
        return version_info(row, hash_of(session, row.dataset_id))


def write_change(store: Store, base_id: int, base_status: str, content_hash: str,
                 new: NewVersion, before: Mapping[tuple[str, date], Assignment],
                 after: Mapping[tuple[str, date], Assignment], day: date, kind: str,
                 broken: Sequence[str], hook: Hook | None = None) -> VersionInfo:
    """Store a change of one day's cells (`before` -> `after`) of version `base_id`, which
    must still have `base_status`, as a new version superseding it; every changed cell is
    audited as `kind` with the rule ids `broken` (a forced change)."""
    with store.write() as session:
        base = version_row(session, base_id, new.data.contract.id)
        if base.status != base_status:
            raise StoreError(f"版本 {base_id} 刚被他人修改（现为"
                             f"{STATUS_LABELS[base.status]}），请在新版本上重试")
        row = _insert_version(session, new, hook)
        _supersede(session, [base_id], row.id)
        audit = audit_rows(row.id, base_id, new.data, before, after, {day}, lambda *_: kind,
                           reason=new.reason, author=new.author, forced=new.forced,
                           broken=broken)
        session.execute(insert(ChangeRow), audit)
        return version_info(row, content_hash)


def write_replan(store: Store, base_id: int, base_status: str, new: NewVersion,
                 absence: Absence | None, kind_of: Callable[[str, date], str]) -> VersionInfo:
    """Store a re-planned roster of version `base_id` (which must still have `base_status`)
    as a new version superseding it, with the absence (if the re-plan was for one, not for a
    changed demand) and every changed cell (`kind_of`
    tells each cell's kind of change)."""
    with store.write() as session:
        old = version_row(session, base_id, new.data.contract.id)
        if old.status != base_status:
            raise StoreError(f"版本 {base_id} 刚被他人修改，请在新版本上重排")
        row = _insert_version(session, new)
        _supersede(session, [base_id], row.id)
        old_cells = cells_of(session, base_id)
        new_cells = {(a.staff_id, a.day): a for a in new.assignments}
        audit = audit_rows(row.id, base_id, new.data, old_cells, new_cells, None, kind_of,
                           reason=new.reason, author=new.author)
        if audit:
            session.execute(insert(ChangeRow), audit)
        if absence is not None:
            session.add(absence_row(absence, row.id, row.contract_id, new.author))
        return version_info(row, dataset_hash(new.data))
