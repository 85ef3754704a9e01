"""What the roster store does: publish, history, show, diff, swap, edit, replan, actual
hours and the tail of the previous roster. Every write is one transaction (`Store.write`);
every check runs before it, so bad input writes nothing. Hard rules are never re-implemented:
`solver.check.evaluate` decides.

Day resolution: the roster *in force* on a day is the latest published (or since superseded)
version whose period covers it, by publication order; the *planned* roster of a day is the
first one. Drafts never count.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from model.dataset import DataSet
from model.events import Absence, AbsenceKind, PreviousTail
from model.roster import Assignment, RosterResult, SolveStats, SolveStatus, Violation
from model.shifts import ShiftCategory
from store.db import Store, StoreError
from store.hashing import dataset_from_json, dataset_hash, dataset_json
from store.tables import (
    DRAFT,
    KIND_EDIT,
    KIND_LABELS,
    KIND_REPLAN,
    KIND_REPUBLISH,
    KIND_SICKNESS,
    KIND_SWAP,
    ORIGIN_EDIT,
    ORIGIN_LABELS,
    ORIGIN_PUBLISH,
    ORIGIN_REPLAN,
    ORIGIN_SWAP,
    PUBLISHED,
    STATUS_LABELS,
    SUPERSEDED,
    AbsenceRow,
    AssignmentRow,
    ChangeRow,
    DataSetRow,
    VersionRow,
)

OFF = "休"
#: Days looked back for the tail of the previous roster (consecutive days worked).
TAIL_LOOKBACK_DAYS = 31
#: A last shift older than this is not carried (no rest rule reaches that far).
LAST_SHIFT_DAYS = 7
#: Optional test hook called at named points of a write transaction.
Hook = Callable[[str], None]


# -- value types returned to the CLI and the app ---------------------------------------------
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


@dataclass(frozen=True)
class EditResult:
    version: VersionInfo
    changes: tuple[AuditEntry, ...]
    #: hard-rule breaches the change introduced (only non-empty when forced)
    broken: tuple[Violation, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActualRow:
    staff_id: str
    name: str
    line_id: str
    planned_hours: float
    actual_hours: float
    overtime_150_hours: float
    overtime_200_hours: float
    overtime_300_hours: float
    overtime_hours: float
    planned_overtime_hours: float
    nights: int
    weekend_days: int
    holiday_days: int
    days_worked: int

    @property
    def difference(self) -> float:
        return self.actual_hours - self.planned_hours


@dataclass(frozen=True)
class ActualReport:
    year: int
    month: int
    rows: tuple[ActualRow, ...]
    days_without_roster: tuple[date, ...]
    versions: tuple[int, ...]
    notes: tuple[str, ...] = field(default=())


# -- helpers ----------------------------------------------------------------------------------
def author_name(author: str | None = None) -> str:
    """--author, else $USER / $USERNAME, else 未知."""
    return (author or os.environ.get("USER") or os.environ.get("USERNAME") or "未知").strip()


def _now() -> datetime:
    return datetime.now(UTC)


def local_time(moment: datetime | None) -> str:
    """A stored time in local time, to the minute (SQLite returns naive UTC)."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def cell_label(data: DataSet | None, post_id: str | None, shift: str | None) -> str:
    """'门诊导诊 导' for a working cell, 休 for a day off."""
    if post_id is None or shift is None:
        return OFF
    post = data.post_by_id.get(post_id) if data is not None else None
    return f"{post.name if post else post_id} {shift}"


def staff_label(data: DataSet | None, staff_id: str) -> str:
    member = data.staff_by_id.get(staff_id) if data is not None else None
    return f"{member.name}（{staff_id}）" if member else staff_id


def _days(start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _segments_json(assignment: Assignment) -> str:
    return json.dumps([[s.isoformat(), e.isoformat()] for s, e in assignment.segments])


def _row_dict(version_id: int, a: Assignment) -> dict:
    return {"version_id": version_id, "staff_id": a.staff_id, "day": a.day,
            "line_id": a.line_id, "post_id": a.post_id, "shift": a.shift, "hours": a.hours,
            "borrowed": a.borrowed, "cover_for": a.cover_for, "segments": _segments_json(a)}


def _assignment(row: AssignmentRow) -> Assignment:
    segments = tuple((datetime.fromisoformat(s), datetime.fromisoformat(e))
                     for s, e in json.loads(row.segments))
    return Assignment(staff_id=row.staff_id, line_id=row.line_id, post_id=row.post_id,
                      shift=row.shift, day=row.day, segments=segments, hours=row.hours,
                      cover_for=row.cover_for, borrowed=row.borrowed)


def make_assignment(data: DataSet, staff_id: str, day: date, post_id: str, shift: str
                    ) -> Assignment:
    """A cell as the solver would produce it (segments and hours from the shift type)."""
    shift_type = data.shift_by_code[shift]
    member = data.staff_by_id[staff_id]
    post = data.post_by_id[post_id]
    return Assignment(staff_id=staff_id, line_id=member.line_id, post_id=post_id, shift=shift,
                      day=day, segments=tuple(shift_type.segment_datetimes(day)),
                      hours=shift_type.minutes / 60, borrowed=member.line_id not in post.lines)


def _info(row: VersionRow, content_hash: str) -> VersionInfo:
    return VersionInfo(
        id=row.id, start=row.period_start, end=row.period_end, scenario=row.scenario,
        status=row.status, origin=row.origin, parent_id=row.parent_id,
        superseded_by_id=row.superseded_by_id, author=row.author, reason=row.reason,
        forced=row.forced, created_at=row.created_at, published_at=row.published_at,
        solve_status=row.solve_status, objective=row.objective,
        checker_objective=row.checker_objective,
        violations=tuple(json.loads(row.checker_violations)),
        assignment_count=row.assignment_count, dataset_hash=content_hash)


def _violation_dicts(violations: Sequence[Violation]) -> str:
    return json.dumps([v.model_dump(mode="json") for v in violations], ensure_ascii=False)


def rule_name(data: DataSet, rule_id: str) -> str:
    from solver.check import COVERAGE_MAX, ELIGIBILITY, ONE_PER_DAY, PINS

    structural = {ELIGIBILITY: "岗位资格（项目、技能、证书、培训、请假）",
                  ONE_PER_DAY: "每人每天最多一个班次", PINS: "固定排班",
                  COVERAGE_MAX: "在岗人数不超过目标"}
    if rule_id in structural:
        return structural[rule_id]
    try:
        return data.rules[rule_id].name
    except KeyError:
        return rule_id


def describe_violations(data: DataSet, violations: Sequence[Violation], limit: int = 8
                        ) -> str:
    """Chinese lines naming each rule broken and the breaches."""
    lines = []
    for v in violations[:limit]:
        lines.append(f"  - 「{rule_name(data, v.rule)}」（{v.rule}）：{v.message}")
    if len(violations) > limit:
        lines.append(f"  …… 另有 {len(violations) - limit} 处")
    return "\n".join(lines)


def _key(v: Violation) -> tuple:
    return (v.rule, v.staff_id, v.day, v.message)


def new_violations(before: Sequence[Violation], after: Sequence[Violation]) -> list[Violation]:
    """Breaches in `after` that `before` did not have (pre-existing ones are not blamed)."""
    old = {_key(v) for v in before}
    return [v for v in after if _key(v) not in old]


# -- validation of a roster against its data set ----------------------------------------------
def roster_problems(data: DataSet, roster: RosterResult) -> list[str]:
    """Unknown 工号/岗位/班次, dates outside the period, two cells of one person-day."""
    problems = []
    if not roster.status.has_roster:
        problems.append(f"排班状态为 {roster.status.label}，没有可发布的排班")
    if roster.end < roster.start:
        problems.append(f"排班周期结束日期 {roster.end} 早于开始日期 {roster.start}")
    seen: set[tuple[str, date]] = set()
    for a in roster.assignments:
        where = f"{a.day} {a.staff_id} {a.post_id} {a.shift}"
        if a.staff_id not in data.staff_by_id:
            problems.append(f"{where}：未知工号 {a.staff_id}")
        if a.post_id not in data.post_by_id:
            problems.append(f"{where}：未知岗位 {a.post_id}")
        if a.shift not in data.shift_by_code:
            problems.append(f"{where}：未知班次 {a.shift}")
        if not roster.start <= a.day <= roster.end:
            problems.append(f"{where}：日期不在排班周期 {roster.start}~{roster.end} 内")
        if (a.staff_id, a.day) in seen:
            problems.append(f"{where}：同一人同一天有多个班次")
        seen.add((a.staff_id, a.day))
    return problems


def _raise_problems(title: str, problems: list[str], limit: int = 20) -> None:
    if problems:
        shown = [f"  - {p}" for p in problems[:limit]]
        if len(problems) > limit:
            shown.append(f"  …… 另有 {len(problems) - limit} 个问题")
        raise StoreError("\n".join([f"{title}（{len(problems)} 个问题，未写入任何内容）：",
                                    *shown]))


def _evaluate(data: DataSet, start: date, end: date, assignments: Sequence[Assignment]):
    from solver.check import evaluate

    return evaluate(data, start, (end - start).days + 1, list(assignments))


# -- writing ---------------------------------------------------------------------------------
def _dataset_row(session: Session, data: DataSet) -> DataSetRow:
    """The stored data set with this content, inserted if new (under the write lock)."""
    text = dataset_json(data)
    content_hash = dataset_hash(data)
    row = session.scalar(select(DataSetRow).where(DataSetRow.content_hash == content_hash))
    if row is None:
        row = DataSetRow(content_hash=content_hash, source=data.source[:500],
                         staff_count=len(data.staff), payload=text, created_at=_now())
        session.add(row)
        session.flush()
    return row


def _insert_version(session: Session, *, data: DataSet, start: date, end: date,
                    assignments: Sequence[Assignment], status: str, origin: str,
                    scenario: str, author: str, reason: str, forced: bool,
                    solve_status: str, objective: int | None, best_bound: float | None,
                    stats: SolveStats | None, evaluation, notes: Sequence[str],
                    parent_id: int | None = None, hook: Hook | None = None) -> VersionRow:
    dataset = _dataset_row(session, data)
    now = _now()
    row = VersionRow(
        period_start=start, period_end=end, scenario=scenario[:200], status=status,
        origin=origin, parent_id=parent_id, dataset_id=dataset.id,
        publish_seq=session.info["write_seq"] if status != DRAFT else None,
        author=author[:100], reason=reason, forced=forced, created_at=now,
        published_at=now if status != DRAFT else None, solve_status=solve_status,
        objective=objective, best_bound=best_bound,
        solver_stats=stats.model_dump_json() if stats is not None else None,
        checker_objective=evaluation.objective,
        checker_violations=_violation_dicts(evaluation.violations),
        notes=json.dumps(list(notes), ensure_ascii=False),
        assignment_count=len(assignments))
    session.add(row)
    session.flush()
    if hook is not None:
        hook("version")
    if assignments:
        session.execute(insert(AssignmentRow), [_row_dict(row.id, a) for a in assignments])
    if hook is not None:
        hook("assignments")
    return row


def _supersede(session: Session, old_ids: Sequence[int], new_id: int) -> None:
    if old_ids:
        session.execute(update(VersionRow).where(VersionRow.id.in_(list(old_ids)))
                        .values(status=SUPERSEDED, superseded_by_id=new_id,
                                superseded_at=_now()))


def _cells(session: Session, version_id: int) -> dict[tuple[str, date], AssignmentRow]:
    rows = session.scalars(select(AssignmentRow).where(AssignmentRow.version_id == version_id))
    return {(r.staff_id, r.day): r for r in rows}


def _audit_rows(version_id: int, base_id: int | None, data: DataSet,
                before: Mapping[tuple[str, date], object], after: Mapping[tuple[str, date], object],
                days: set[date] | None, kind_of: Callable[[str, date], str], *, reason: str,
                author: str, forced: bool = False, broken: Sequence[str] = ()) -> list[dict]:
    """Audit rows for every (staff, day) whose post/shift differs between the two maps."""
    out = []
    now = _now()
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


def publish(store: Store, data: DataSet, roster: RosterResult, *, scenario: str = "",
            author: str | None = None, draft: bool = False, origin: str = ORIGIN_PUBLISH,
            force: bool = False, reason: str = "", expected_hash: str | None = None,
            hook: Hook | None = None) -> VersionInfo:
    """Store `roster` (solved from `data`) as a new version. Published, it supersedes every
    published version whose period lies within its own; nothing is overwritten.

    Refused, writing nothing: a data hash that does not match `data`, an unknown 工号/岗位/
    班次, a date outside the period, or a hard-rule breach found by the checker (unless
    `force` with a `reason`)."""
    author = author_name(author)
    actual_hash = dataset_hash(data)
    if expected_hash is not None and expected_hash != actual_hash:
        raise StoreError(
            f"排班 JSON 的数据指纹 {expected_hash[:12]}… 与本次数据 {actual_hash[:12]}… 不一致："
            "求解后数据或上期排班已改变，或未使用求解时的 --data/--scenario/--workbook。"
            "请重新求解后再发布。未写入任何内容。")
    _raise_problems("排班与数据不符，拒绝发布", roster_problems(data, roster))
    evaluation = _evaluate(data, roster.start, roster.end, roster.assignments)
    if evaluation.violations and not force:
        raise StoreError("排班违反硬规则，拒绝发布（未写入任何内容）：\n"
                         + describe_violations(data, evaluation.violations)
                         + "\n如确需发布，请加 --force --reason \"原因\"。")
    if force and evaluation.violations and not reason.strip():
        raise StoreError("强制发布（--force）必须用 --reason 说明原因")
    status = DRAFT if draft else PUBLISHED
    with store.write() as session:
        row = _insert_version(
            session, data=data, start=roster.start, end=roster.end,
            assignments=roster.assignments, status=status, origin=origin, scenario=scenario,
            author=author, reason=reason, forced=bool(force and evaluation.violations),
            solve_status=roster.status.value, objective=roster.objective,
            best_bound=roster.best_bound, stats=roster.stats, evaluation=evaluation,
            notes=roster.notes, hook=hook)
        if status == PUBLISHED:
            _supersede_within(session, row, data, author, reason)
        if hook is not None:
            hook("commit")
        return _info(row, actual_hash)


def _supersede_within(session: Session, row: VersionRow, data: DataSet, author: str,
                      reason: str) -> None:
    """Supersede the published versions lying within `row`'s period; audit changed cells."""
    olds = session.scalars(select(VersionRow).where(
        VersionRow.status == PUBLISHED, VersionRow.id != row.id,
        VersionRow.period_start >= row.period_start,
        VersionRow.period_end <= row.period_end).order_by(VersionRow.id)).all()
    if not olds:
        return
    new_cells = _cells(session, row.id)
    audit = []
    for old in olds:
        period = set(_days(old.period_start, old.period_end))
        old_cells = {k: v for k, v in _cells(session, old.id).items()}
        mine = {k: v for k, v in new_cells.items() if k[1] in period}
        audit += _audit_rows(row.id, old.id, data, old_cells, mine, period,
                             lambda *_: KIND_REPUBLISH, reason=reason, author=author)
    _supersede(session, [o.id for o in olds], row.id)
    if audit:
        session.execute(insert(ChangeRow), audit)


def publish_draft(store: Store, version_id: int, author: str | None = None) -> VersionInfo:
    """Publish a stored draft: its status becomes published (the draft's cells unchanged)."""
    author = author_name(author)
    with store.write() as session:
        row = _version_row(session, version_id)
        if row.status != DRAFT:
            raise StoreError(f"版本 {version_id} 不是草稿（状态：{STATUS_LABELS[row.status]}）")
        data = _dataset(session, row.dataset_id)
        row.status = PUBLISHED
        row.publish_seq = session.info["write_seq"]
        row.published_at = _now()
        session.flush()
        _supersede_within(session, row, data, author, f"发布草稿 {version_id}")
        return _info(row, _hash_of(session, row.dataset_id))


# -- reading ---------------------------------------------------------------------------------
def _version_row(session: Session, version_id: int) -> VersionRow:
    row = session.get(VersionRow, version_id)
    if row is None:
        raise StoreError(f"排班库中没有版本 {version_id}")
    return row


def _hash_of(session: Session, dataset_id: int) -> str:
    return session.scalar(select(DataSetRow.content_hash).where(DataSetRow.id == dataset_id))


_DATASET_CACHE: dict[str, DataSet] = {}


def _dataset(session: Session, dataset_id: int) -> DataSet:
    row = session.get(DataSetRow, dataset_id)
    cached = _DATASET_CACHE.get(row.content_hash)
    if cached is None:
        cached = dataset_from_json(row.payload)
        if len(_DATASET_CACHE) > 16:
            _DATASET_CACHE.clear()
        _DATASET_CACHE[row.content_hash] = cached
    return cached


def stored_dataset(store: Store, content_hash: str) -> DataSet | None:
    """The stored data set with this content hash, if the store has it."""
    with store.read() as session:
        row_id = session.scalar(select(DataSetRow.id).where(
            DataSetRow.content_hash == content_hash))
        return _dataset(session, row_id) if row_id is not None else None


def get_version(store: Store, version_id: int) -> VersionInfo:
    with store.read() as session:
        row = _version_row(session, version_id)
        return _info(row, _hash_of(session, row.dataset_id))


def list_versions(store: Store, start: date | None = None, end: date | None = None
                  ) -> list[VersionInfo]:
    """Every version whose period overlaps [start, end] (either may be open), oldest first."""
    with store.read() as session:
        query = select(VersionRow, DataSetRow.content_hash).join(
            DataSetRow, DataSetRow.id == VersionRow.dataset_id)
        if start is not None:
            query = query.where(VersionRow.period_end >= start)
        if end is not None:
            query = query.where(VersionRow.period_start <= end)
        return [_info(row, content_hash)
                for row, content_hash in session.execute(query.order_by(VersionRow.id))]


def version_data(store: Store, version_id: int) -> DataSet:
    with store.read() as session:
        return _dataset(session, _version_row(session, version_id).dataset_id)


def load_version(store: Store, version_id: int, *, complete: bool = True
                 ) -> tuple[VersionInfo, DataSet, RosterResult]:
    """A stored version as (info, data set, roster). `complete` recomputes coverage, gaps,
    summaries and penalties with the checker (for Excel and re-checks)."""
    with store.read() as session:
        row = _version_row(session, version_id)
        info = _info(row, _hash_of(session, row.dataset_id))
        data = _dataset(session, row.dataset_id)
        rows = session.scalars(select(AssignmentRow).where(
            AssignmentRow.version_id == version_id)).all()
        stats = SolveStats.model_validate_json(row.solver_stats) if row.solver_stats else None
        notes = tuple(json.loads(row.notes))
    assignments = sorted((_assignment(r) for r in rows), key=lambda a: (a.day, a.staff_id))
    status = SolveStatus(info.solve_status)
    objective = info.objective if info.objective is not None else info.checker_objective
    if complete:
        from solver.horizon import Horizon
        from solver.solve import roster_from_assignments

        horizon = Horizon.of(data.calendar, info.start, info.days)
        roster = roster_from_assignments(data, horizon, assignments, status=status,
                                         objective=objective, best_bound=None, stats=stats,
                                         notes=())
        roster = roster.model_copy(update={"notes": notes})
    else:
        roster = RosterResult(start=info.start, end=info.end, status=status,
                              objective=objective, assignments=tuple(assignments),
                              stats=stats, notes=notes)
    return info, data, roster


def audit_trail(store: Store, version_id: int | None = None, *, start: date | None = None,
                end: date | None = None) -> list[AuditEntry]:
    """Audit rows (of one version, or of the days in [start, end]), oldest first."""
    with store.read() as session:
        query = select(ChangeRow)
        if version_id is not None:
            query = query.where(ChangeRow.version_id == version_id)
        if start is not None:
            query = query.where(ChangeRow.day >= start)
        if end is not None:
            query = query.where(ChangeRow.day <= end)
        rows = session.scalars(query.order_by(ChangeRow.id)).all()
    return [AuditEntry(id=r.id, version_id=r.version_id, base_version_id=r.base_version_id,
                       staff_id=r.staff_id, day=r.day, before=r.before_label,
                       after=r.after_label, kind=r.kind, reason=r.reason, author=r.author,
                       forced=r.forced, broken_rules=tuple(json.loads(r.broken_rules)),
                       created_at=r.created_at) for r in rows]


def recorded_absences(store: Store) -> list[Absence]:
    with store.read() as session:
        rows = session.scalars(select(AbsenceRow).order_by(AbsenceRow.id)).all()
    return [Absence(staff_id=r.staff_id, kind=r.kind, start=r.start_day, end=r.end_day,
                    approved=r.approved, note=r.note) for r in rows]


def diff(store: Store, v1: int, v2: int) -> list[CellDiff]:
    """Cells that differ between two versions, on the days both periods cover."""
    info1, data1, roster1 = load_version(store, v1, complete=False)
    info2, data2, roster2 = load_version(store, v2, complete=False)
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


# -- the roster in force, day by day ---------------------------------------------------------
def _effective(session: Session, start: date, end: date, *, first: bool = False
               ) -> tuple[dict[date, int], dict[date, list[Assignment]]]:
    """For each day in [start, end] covered by a published (or superseded) version: the
    version in force (latest by publication, or the first one) and its cells that day."""
    versions = session.execute(
        select(VersionRow.id, VersionRow.period_start, VersionRow.period_end,
               VersionRow.publish_seq)
        .where(VersionRow.publish_seq.is_not(None), VersionRow.period_end >= start,
               VersionRow.period_start <= end)
        .order_by(VersionRow.publish_seq.desc() if first else VersionRow.publish_seq)).all()
    chosen: dict[date, int] = {}
    for version_id, v_start, v_end, _seq in versions:
        for day in _days(max(v_start, start), min(v_end, end)):
            chosen[day] = version_id  # later rows win: latest (or, reversed, first)
    cells: dict[date, list[Assignment]] = defaultdict(list)
    if chosen:
        rows = session.scalars(select(AssignmentRow).where(
            AssignmentRow.version_id.in_(sorted(set(chosen.values()))),
            AssignmentRow.day >= start, AssignmentRow.day <= end)).all()
        for row in rows:
            if chosen.get(row.day) == row.version_id:
                cells[row.day].append(_assignment(row))
    return chosen, dict(cells)


def roster_in_force(store: Store, start: date, end: date, *, planned: bool = False
                    ) -> tuple[dict[date, int], dict[date, list[Assignment]]]:
    """(version per day, cells per day) of the roster in force (or first planned)."""
    with store.read() as session:
        return _effective(session, start, end, first=planned)


def current_version_for(store: Store, day: date) -> int | None:
    """The version in force on `day`, if any."""
    chosen, _ = roster_in_force(store, day, day)
    return chosen.get(day)


# -- tail of the previous roster -------------------------------------------------------------
def tails_from_cells(data: DataSet, start: date, cells: Mapping[date, Sequence[Assignment]],
                     covered: set[date]) -> tuple[PreviousTail, ...]:
    """What the worked roster before `start` leaves: consecutive days up to start-1, the
    last shift (end, night?), and nights, weekend days and overtime minutes of the month
    so far, the last three as the checker counts them."""
    by_staff: dict[str, dict[date, Assignment]] = defaultdict(dict)
    for day, items in cells.items():
        if day < start:
            for a in items:
                by_staff[a.staff_id][day] = a
    month_first = start.replace(day=1)
    summaries = {}
    month_cells = [a for day, items in cells.items() if month_first <= day < start
                   for a in items if a.staff_id in data.staff_by_id]
    if month_cells:
        from solver.check import evaluate

        plain = data.with_changes(tails=())
        evaluation = evaluate(plain, month_first, (start - month_first).days, month_cells)
        summaries = {s.staff_id: s for s in evaluation.staff_summary}
    tails = []
    for member in data.staff:
        worked = by_staff.get(member.id, {})
        consecutive = 0
        day = start - timedelta(days=1)
        while day in covered and day in worked and consecutive < TAIL_LOOKBACK_DAYS:
            consecutive += 1
            day -= timedelta(days=1)
        recent = [d for d in worked if (start - d).days <= LAST_SHIFT_DAYS]
        last = worked[max(recent)] if recent else None
        summary = summaries.get(member.id)
        nights = summary.nights if summary else 0
        weekends = summary.weekend_days if summary else 0
        overtime = int(round(summary.overtime_hours * 60)) if summary else 0
        if not (consecutive or last or nights or weekends or overtime):
            continue
        shift = data.shift_by_code.get(last.shift) if last else None
        tails.append(PreviousTail(
            staff_id=member.id, consecutive_days=consecutive,
            last_shift_end=last.segments[-1][1] if last else None,
            last_shift_was_night=bool(shift and shift.category is ShiftCategory.NIGHT),
            last_shift_day=last.day if last else None,
            nights=nights, weekend_days=weekends, overtime_minutes=overtime))
    return tuple(tails)


def tails_before(store: Store, data: DataSet, start: date) -> tuple[PreviousTail, ...] | None:
    """The tail of the roster in force before `start`, or None when the store has no
    roster for the day before `start`."""
    first = min(start - timedelta(days=TAIL_LOOKBACK_DAYS), start.replace(day=1))
    chosen, cells = roster_in_force(store, first, start - timedelta(days=1))
    if start - timedelta(days=1) not in chosen:
        return None
    return tails_from_cells(data, start, cells, set(chosen))


def with_store_tails(store: Store, data: DataSet, start: date) -> tuple[DataSet, int | None]:
    """`data` with its tails replaced by the store's (when the store holds the roster of the
    day before `start`); also the number of people with a tail (None: store had nothing)."""
    tails = tails_before(store, data, start)
    if tails is None:
        return data, None
    return data.with_changes(tails=tails), len(tails)


# -- manual changes --------------------------------------------------------------------------
def _find_post(data: DataSet, post: str) -> str:
    if post in data.post_by_id:
        return post
    matches = [p.id for p in data.posts if p.name == post]
    if len(matches) == 1:
        return matches[0]
    raise StoreError(f"未知岗位 {post!r}（可用岗位编号或名称）")


def _apply_change(store: Store, version_id: int, day: date,
                  new_cells: Mapping[str, tuple[str, str] | None], *, kind: str,
                  origin: str, force: bool, reason: str, author: str | None,
                  hook: Hook | None = None) -> EditResult:
    author = author_name(author)
    info, data, roster = load_version(store, version_id, complete=False)
    if info.status == SUPERSEDED:
        raise StoreError(f"版本 {version_id} 已被版本 {info.superseded_by_id} 取代，"
                         f"请在现行版本上修改")
    if not info.start <= day <= info.end:
        raise StoreError(f"日期 {day} 不在版本 {version_id} 的排班周期 "
                         f"{info.start}~{info.end} 内")
    for staff_id in new_cells:
        if staff_id not in data.staff_by_id:
            raise StoreError(f"未知工号 {staff_id!r}（版本 {version_id} 的数据中没有此人）")
    if info.status == PUBLISHED:
        in_force = current_version_for(store, day)
        if in_force != version_id:
            raise StoreError(f"{day} 的现行排班是版本 {in_force}，不是版本 {version_id}")
    old = {(a.staff_id, a.day): a for a in roster.assignments}
    new = dict(old)
    for staff_id, cell in new_cells.items():
        if cell is None:
            new.pop((staff_id, day), None)
        else:
            new[(staff_id, day)] = make_assignment(data, staff_id, day, *cell)
    def cell_of(cells: Mapping[tuple[str, date], Assignment], staff_id: str):
        found = cells.get((staff_id, day))
        return (found.post_id, found.shift) if found is not None else None

    if all(cell_of(old, s) == cell_of(new, s) for s in new_cells):
        raise StoreError("没有改动：新排班与原排班相同")
    assignments = sorted(new.values(), key=lambda a: (a.day, a.staff_id))
    before = _evaluate(data, info.start, info.end, roster.assignments)
    after = _evaluate(data, info.start, info.end, assignments)
    broken = new_violations(before.violations, after.violations)
    broken += _next_period_breaches(store, info, roster.assignments, assignments)
    if broken and not force:
        raise StoreError("改动违反硬规则，已拒绝（未写入任何内容）：\n"
                         + describe_violations(data, broken)
                         + "\n如确需修改，请加 --force --reason \"原因\"（将记入审计）。")
    if force and not reason.strip():
        raise StoreError("强制修改（--force）必须用 --reason 说明原因")
    warnings = []
    gaps_before = {(g[0], g[1], g[2]) for g in before.gaps_raw}
    for g_day, post_id, shift, missing in after.gaps_raw:
        if (g_day, post_id, shift) not in gaps_before:
            warnings.append(f"{g_day} {cell_label(data, post_id, shift)} 班缺 {missing} 人")
    with store.write() as session:
        base = _version_row(session, version_id)
        if base.status != info.status:
            raise StoreError(f"版本 {version_id} 刚被他人修改（现为"
                             f"{STATUS_LABELS[base.status]}），请在新版本上重试")
        row = _insert_version(
            session, data=data, start=info.start, end=info.end, assignments=assignments,
            status=info.status, origin=origin, scenario=info.scenario, author=author,
            reason=reason, forced=bool(force and broken), solve_status=info.solve_status,
            objective=after.objective, best_bound=None, stats=None, evaluation=after,
            notes=(), parent_id=version_id, hook=hook)
        _supersede(session, [version_id], row.id)
        audit = _audit_rows(row.id, version_id, data, old, new, {day}, lambda *_: kind,
                            reason=reason, author=author, forced=bool(force and broken),
                            broken=[v.rule for v in broken])
        session.execute(insert(ChangeRow), audit)
        version = _info(row, info.dataset_hash)
    return EditResult(version=version, changes=tuple(audit_trail(store, version.id)),
                      broken=tuple(broken), warnings=tuple(warnings))


def _next_period_breaches(store: Store, info: VersionInfo, old: Sequence[Assignment],
                          new: Sequence[Assignment]) -> list[Violation]:
    """Breaches that the change causes at the start of the next published period (rest,
    night-then-day and consecutive days across the boundary): the next version is
    re-checked with the tail recomputed from the changed roster."""
    if info.status == DRAFT:
        return []
    following = info.end + timedelta(days=1)
    nxt = current_version_for(store, following)
    if nxt is None or nxt == info.id:
        return []
    n_info, n_data, n_roster = load_version(store, nxt, complete=False)
    if n_info.start != following:
        return []
    first = min(following - timedelta(days=TAIL_LOOKBACK_DAYS), following.replace(day=1))
    chosen, cells = roster_in_force(store, first, info.end)

    def replaced(assignments: Sequence[Assignment]) -> dict[date, list[Assignment]]:
        out = {d: list(items) for d, items in cells.items() if chosen.get(d) != info.id}
        for a in assignments:
            if chosen.get(a.day) == info.id:
                out.setdefault(a.day, []).append(a)
        return out

    results = []
    for assignments in (old, new):
        tails = tails_from_cells(n_data, following, replaced(assignments), set(chosen))
        results.append(_evaluate(n_data.with_changes(tails=tails), n_info.start, n_info.end,
                                 n_roster.assignments).violations)
    return [v.model_copy(update={"message": f"与下一期版本 {nxt} 衔接：{v.message}"})
            for v in new_violations(results[0], results[1])]


def swap(store: Store, version_id: int, day: date, a: str, b: str, *, force: bool = False,
         reason: str = "", author: str | None = None) -> EditResult:
    """Exchange the cells of `a` and `b` on `day` (either may be off), as a new version."""
    if a == b:
        raise StoreError("换班的两人工号相同")
    _, data, roster = load_version(store, version_id, complete=False)
    for staff_id in (a, b):
        if staff_id not in data.staff_by_id:
            raise StoreError(f"未知工号 {staff_id!r}（版本 {version_id} 的数据中没有此人）")
    cells = {(x.staff_id, x.day): (x.post_id, x.shift) for x in roster.assignments}
    cell_a, cell_b = cells.get((a, day)), cells.get((b, day))
    if cell_a is None and cell_b is None:
        raise StoreError(f"{day} {staff_label(data, a)} 和 {staff_label(data, b)} 都休息，"
                         "没有可交换的班次")
    return _apply_change(store, version_id, day, {a: cell_b, b: cell_a}, kind=KIND_SWAP,
                         origin=ORIGIN_SWAP, force=force, reason=reason, author=author)


def edit(store: Store, version_id: int, day: date, staff_id: str, post: str | None = None,
         shift: str | None = None, *, off: bool = False, force: bool = False,
         reason: str = "", author: str | None = None, hook: Hook | None = None
         ) -> EditResult:
    """Set one cell (post and shift, or off), as a new version."""
    data = version_data(store, version_id)
    if off:
        if post or shift:
            raise StoreError("--off 与 --post/--shift 不能同时使用")
        cell = None
    else:
        if not post or not shift:
            raise StoreError("请给出 --post 和 --shift，或用 --off 表示休息")
        post_id = _find_post(data, post)
        if shift not in data.shift_by_code:
            raise StoreError(f"未知班次 {shift!r}")
        if shift not in data.post_by_id[post_id].shifts:
            raise StoreError(f"岗位 {data.post_by_id[post_id].name} 没有 {shift} 班")
        cell = (post_id, shift)
    return _apply_change(store, version_id, day, {staff_id: cell}, kind=KIND_EDIT,
                         origin=ORIGIN_EDIT, force=force, reason=reason, author=author,
                         hook=hook)


# -- replan ----------------------------------------------------------------------------------
def record_replan(store: Store, base_id: int, data: DataSet, roster: RosterResult,
                  absence: Absence, *, author: str | None = None, reason: str = ""
                  ) -> tuple[VersionInfo, list[AuditEntry]]:
    """Store a re-planned roster (solved from `data`, which includes `absence`) as a new
    version of the base's period, superseding it, with the absence and every changed cell
    (the absent person's cells as 病假 when it is sickness, the others as 重排)."""
    author = author_name(author)
    base = get_version(store, base_id)
    if base.status == SUPERSEDED:
        raise StoreError(f"版本 {base_id} 已被版本 {base.superseded_by_id} 取代")
    if (roster.start, roster.end) != (base.start, base.end):
        raise StoreError("重排结果的周期与原版本不同")
    _raise_problems("重排结果与数据不符", roster_problems(data, roster))
    evaluation = _evaluate(data, roster.start, roster.end, roster.assignments)
    reason = reason or f"{absence.kind.value} {absence.start}~{absence.end}"
    sick = absence.kind is AbsenceKind.SICK

    def kind_of(staff_id: str, day: date) -> str:
        if sick and staff_id == absence.staff_id and absence.covers(day):
            return KIND_SICKNESS
        return KIND_REPLAN

    with store.write() as session:
        old = _version_row(session, base_id)
        if old.status != base.status:
            raise StoreError(f"版本 {base_id} 刚被他人修改，请在新版本上重排")
        row = _insert_version(
            session, data=data, start=roster.start, end=roster.end,
            assignments=roster.assignments, status=base.status, origin=ORIGIN_REPLAN,
            scenario=base.scenario, author=author, reason=reason, forced=False,
            solve_status=roster.status.value, objective=roster.objective,
            best_bound=roster.best_bound, stats=roster.stats, evaluation=evaluation,
            notes=roster.notes, parent_id=base_id)
        _supersede(session, [base_id], row.id)
        old_cells = _cells(session, base_id)
        new_cells = {(a.staff_id, a.day): a for a in roster.assignments}
        audit = _audit_rows(row.id, base_id, data, old_cells, new_cells, None, kind_of,
                            reason=reason, author=author)
        if audit:
            session.execute(insert(ChangeRow), audit)
        session.add(AbsenceRow(staff_id=absence.staff_id, kind=absence.kind.value,
                               start_day=absence.start, end_day=absence.end,
                               approved=absence.approved, note=absence.note,
                               version_id=row.id, author=author, recorded_at=_now()))
        info = _info(row, dataset_hash(data))
    return info, audit_trail(store, info.id)


# -- actual hours ----------------------------------------------------------------------------
def actual_report(store: Store, year: int, month: int) -> ActualReport:
    """Per person planned and actual hours of a month, overtime by pay category, nights,
    weekends and holidays worked, all from solver.check on the roster in force (actual) and
    the first published roster of each day (planned)."""
    from solver.check import evaluate

    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    n_days = (last - first).days + 1
    chosen, actual_cells = roster_in_force(store, first, last)
    _, planned_cells = roster_in_force(store, first, last, planned=True)
    if not chosen:
        raise StoreError(f"{year} 年 {month} 月没有已发布的排班")
    latest = max(chosen.values())
    data = version_data(store, latest).with_changes(tails=())
    notes = []
    staff_ids = set(data.staff_by_id)
    foreign = sorted({a.staff_id for items in actual_cells.values() for a in items}
                     - staff_ids)
    if foreign:
        notes.append(f"以下工号不在最新版本 {latest} 的数据中，未计入：{', '.join(foreign)}")

    def flat(cells: Mapping[date, Sequence[Assignment]]) -> list[Assignment]:
        return [a for items in cells.values() for a in items if a.staff_id in staff_ids]

    actual = {s.staff_id: s for s in evaluate(data, first, n_days, flat(actual_cells))
              .staff_summary}
    planned = {s.staff_id: s for s in evaluate(data, first, n_days, flat(planned_cells))
               .staff_summary}
    rows = []
    for member in data.vendor_staff():
        a, p = actual.get(member.id), planned.get(member.id)
        if a is None or p is None:
            continue
        rows.append(ActualRow(
            staff_id=member.id, name=member.name, line_id=member.line_id,
            planned_hours=p.hours, actual_hours=a.hours,
            overtime_150_hours=a.overtime_150_hours, overtime_200_hours=a.overtime_200_hours,
            overtime_300_hours=a.overtime_300_hours, overtime_hours=a.overtime_hours,
            planned_overtime_hours=p.overtime_hours, nights=a.nights,
            weekend_days=a.weekend_days, holiday_days=a.holiday_days,
            days_worked=a.days_worked))
    missing = tuple(d for d in _days(first, last) if d not in chosen)
    return ActualReport(year=year, month=month, rows=tuple(rows), days_without_roster=missing,
                        versions=tuple(sorted(set(chosen.values()))), notes=tuple(notes))


ACTUAL_HEADERS = ("工号", "姓名", "服务项目", "计划工时", "实际工时", "差额", "加班合计",
                  "加班150%（工作日）", "加班200%（休息日）", "加班300%（法定节假日）",
                  "计划加班", "出勤天数", "夜班", "周末班", "节假日班")


def actual_values(row: ActualRow) -> tuple:
    return (row.staff_id, row.name, row.line_id, round(row.planned_hours, 2),
            round(row.actual_hours, 2), round(row.difference, 2), round(row.overtime_hours, 2),
            round(row.overtime_150_hours, 2), round(row.overtime_200_hours, 2),
            round(row.overtime_300_hours, 2), round(row.planned_overtime_hours, 2),
            row.days_worked, row.nights, row.weekend_days, row.holiday_days)


def actual_workbook(report: ActualReport) -> bytes:
    """The monthly report as .xlsx: 实际工时 sheet (one row per person, totals) and 说明."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "实际工时"
    ws.append([f"{report.year} 年 {report.month} 月 计划与实际工时（用于工资核算与医院月度核查）"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(ACTUAL_HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFDDEBF7")
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for row in report.rows:
        ws.append(list(actual_values(row)))
    if report.rows:
        total = ["合计", "", ""]
        for index in range(3, len(ACTUAL_HEADERS)):
            total.append(round(sum(actual_values(r)[index] for r in report.rows), 2))
        ws.append(total)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    widths = (10, 10, 10, 10, 10, 8, 10, 12, 12, 14, 10, 9, 7, 8, 9)
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[ws.cell(row=2, column=index).column_letter].width = width
    ws.freeze_panes = "D3"
    notes = wb.create_sheet("说明")
    lines = [
        "计划工时：每天以首次发布的排班为准；实际工时：每天以最新版本为准（含换班、手工修改、重排）。",
        "加班按劳动法第44条分类：150% 工作日延长工时，200% 休息日（超出标准工时部分），"
        "300% 法定节假日，均由独立核查程序 solver/check.py 计算。",
        f"计入的排班版本：{', '.join(str(v) for v in report.versions)}",
    ]
    if report.days_without_roster:
        lines.append("没有已发布排班的日期：" + "、".join(d.isoformat()
                                                 for d in report.days_without_roster))
    lines += list(report.notes)
    for line in lines:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


__all__ = [
    "ActualReport", "ActualRow", "AuditEntry", "CellDiff", "EditResult", "StoreError",
    "VersionInfo", "actual_report", "actual_workbook", "audit_trail", "diff", "edit",
    "get_version", "list_versions", "load_version", "make_assignment", "publish",
    "publish_draft", "record_replan", "recorded_absences", "roster_in_force",
    "stored_dataset", "swap",
    "tails_before", "with_store_tails",
]
