"""Reading stored versions: their rows, their data sets and their cells as a roster.

Reads by period take the contract (its id); reads by version id take it optionally and then
refuse a version of another contract (`store.contracts.WrongContract`)."""

from __future__ import annotations

import getpass
import json
from datetime import date
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.dataset import DataSet
from model.roster import RosterResult, SolveStats, SolveStatus
from model.training import TrainingAttendance
from store.contracts import check_contract
from store.db import Store, StoreError
from store.hashing import dataset_from_json, dataset_hash, dataset_json
from store.records import VersionInfo, assignment_of, utc_now, version_info
from store.tables import AssignmentRow, DataSetRow, TrainingRow, VersionRow


def author_name(author: str | None = None) -> str:
    """--author, else the operating-system user (login name, or the account of the process
    when no variable names one), else 未知."""
    if author and author.strip():
        return author.strip()
    try:
        return getpass.getuser().strip() or "未知"
    except (OSError, KeyError):  # no login name and no account entry for the user id
        return "未知"


def version_row(session: Session, version_id: int, contract: str | None = None
                ) -> VersionRow:
    """The row of a version, or a StoreError naming the missing version (or, when
    `contract` is given, the contract it belongs to instead)."""
    row = session.get(VersionRow, version_id)
    if row is None:
        raise StoreError(f"排班库中没有版本 {version_id}")
    check_contract(session, f"版本 {version_id} ", row.contract_id, contract)
    return row


def hash_of(session: Session, dataset_id: int) -> str:
    """The content hash of a stored data set."""
    # a version's data set is a foreign key: the row exists
    return cast(str, session.scalar(select(DataSetRow.content_hash)
                                    .where(DataSetRow.id == dataset_id)))


def dataset_row(session: Session, data: DataSet) -> DataSetRow:
    """The stored data set with this content, inserted if new (under the write lock), of the
    data set's own contract (whose row must exist)."""
    text = dataset_json(data)
    content_hash = dataset_hash(data)
    row = session.scalar(select(DataSetRow).where(
        DataSetRow.contract_id == data.contract.id, DataSetRow.content_hash == content_hash))
    if row is None:
        row = DataSetRow(contract_id=data.contract.id, content_hash=content_hash,
                         source=data.source[:500],
                         staff_count=len(data.staff), payload=text, created_at=utc_now())
        session.add(row)
        session.flush()
    return row


_DATASET_CACHE: dict[str, DataSet] = {}


def dataset_of(session: Session, dataset_id: int) -> DataSet:
    """A stored data set, parsed once per content hash (a small cache)."""
    # a version's data set is a foreign key: the row exists
    row = cast(DataSetRow, session.get(DataSetRow, dataset_id))
    cached = _DATASET_CACHE.get(row.content_hash)
    if cached is None:
        cached = dataset_from_json(row.payload)
        if len(_DATASET_CACHE) > 16:
            _DATASET_CACHE.clear()
        _DATASET_CACHE[row.content_hash] = cached
    return cached


def stored_dataset(store: Store, content_hash: str, *, contract: str) -> DataSet | None:
    """The stored data set of `contract` with this content hash, if the store has it."""
    with store.read() as session:
        row_id = session.scalar(select(DataSetRow.id).where(
            DataSetRow.contract_id == contract, DataSetRow.content_hash == content_hash))
        return dataset_of(session, row_id) if row_id is not None else None


def get_version(store: Store, version_id: int, *, contract: str | None = None
                ) -> VersionInfo:
    with store.read() as session:
        row = version_row(session, version_id, contract)
        return version_info(row, hash_of(session, row.dataset_id))


def list_versions(store: Store, start: date | None = None, end: date | None = None, *,
                  contract: str) -> list[VersionInfo]:
    """Every version of `contract` whose period overlaps [start, end] (either may be open),
    oldest first."""
    with store.read() as session:
        query = select(VersionRow, DataSetRow.content_hash).join(
            DataSetRow, DataSetRow.id == VersionRow.dataset_id).where(
            VersionRow.contract_id == contract)
        if start is not None:
            query = query.where(VersionRow.period_end >= start)
        if end is not None:
            query = query.where(VersionRow.period_start <= end)
        return [version_info(row, content_hash)
                for row, content_hash in session.execute(query.order_by(VersionRow.id))]


def version_data(store: Store, version_id: int, *, contract: str | None = None) -> DataSet:
    with store.read() as session:
        return dataset_of(session, version_row(session, version_id, contract).dataset_id)


def read_version(store: Store, version_id: int, *, contract: str | None = None
                 ) -> tuple[VersionInfo, DataSet, RosterResult]:
    """A stored version as (info, data set, roster): its cells and training as they were
    stored, without coverage, gaps, summaries or penalties (the checker recomputes those)."""
    with store.read() as session:
        row = version_row(session, version_id, contract)
        info = version_info(row, hash_of(session, row.dataset_id))
        data = dataset_of(session, row.dataset_id)
        rows = session.scalars(select(AssignmentRow).where(
            AssignmentRow.version_id == version_id)).all()
        stats = SolveStats.model_validate_json(row.solver_stats) if row.solver_stats else None
        notes = tuple(json.loads(row.notes))
        training = tuple(training_of(r) for r in session.scalars(
            select(TrainingRow).where(TrainingRow.version_id == version_id)
            .order_by(TrainingRow.day, TrainingRow.session_id, TrainingRow.staff_id)))
    assignments = sorted((assignment_of(r) for r in rows), key=lambda a: (a.day, a.staff_id))
    status = SolveStatus(info.solve_status)
    objective = info.objective if info.objective is not None else info.checker_objective
    roster = RosterResult(start=info.start, end=info.end, status=status,
                          objective=objective, assignments=tuple(assignments),
                          stats=stats, notes=notes, training=training)
    return info, data, roster


def training_of(row: TrainingRow) -> TrainingAttendance:
    return TrainingAttendance(staff_id=row.staff_id, session_id=row.session_id, day=row.day,
                              minutes=row.minutes)
