"""The roster store as the CLI and the app use it: every change checked before it is written.

Publish, swap, edit and re-plan run `solver.check.evaluate` before `store/` writes the new
version in one transaction, so bad input writes nothing; hard rules are never re-implemented.
Reports that need both the store and the checker (the tail of the previous roster, a stored
version completed, the actual hours of a month) are assembled here. The store's reads and
`publish_draft` (a status change that touches no cell, wrapped for its actor) are here, so
that ui code has this one entry point.

Every write takes the acting person (`actor`, a `model.users.Actor`): a role that may not
edit or publish is refused with a StoreError before anything is written, and the actor's name
is the author. Without an actor the author is `author` or the operating-system user.

Every function works on one contract of the vendor's store: reads by period and day take its
id (`contract`), functions given a version id take it optionally and refuse a version of
another contract, and a data set is only ever written to its own contract
(`data.contract.id`; "" is the unnamed contract of an ad-hoc data set). The CLI passes the
contract of `--contract` or of the data set; the app passes the one it works on.

The module runs past 400 lines on purpose: it is the single gate of every checked write
(publish, restore, swap, edit and their previews, re-plan), so that no write can reach the
store without the checker; the reads and reports it re-exports are one line each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from model.actual_hours_excel import (
    ACTUAL_HEADERS,
    ActualReport,
    ActualRow,
    actual_values,
    actual_workbook,
)
from model.calendar import month_bounds
from model.cells import cell_label, make_assignment, staff_label
from model.contract import ContractTerms
from model.dataset import DataSet
from model.events import Absence, AbsenceKind, PreviousTail
from model.roster import Assignment, RosterResult, Violation
from model.training import TrainingAttendance, TrainingRecord, quarter_bounds
from model.users import Action, Actor
from solver.actual_hours import actual_hours_report
from solver.check import Evaluation, evaluate
from solver.check_report import describe_violations, new_violations, roster_problems, rule_name
from solver.stored_roster import complete_roster, tail_window, tails_from_cells
from store.audit import audit_trail, recorded_absences
from store.cells import current_version_for, diff, roster_in_force, training_in_force
from store.contracts import WrongContract, find_contract, list_contracts
from store.db import Store, StoreError
from store.hashing import dataset_hash
from store.records import AuditEntry, CellDiff, VersionInfo
from store.tables import (
    DRAFT,
    KIND_EDIT,
    KIND_REPLAN,
    KIND_SICKNESS,
    KIND_SWAP,
    ORIGIN_EDIT,
    ORIGIN_PUBLISH,
    ORIGIN_REPLAN,
    ORIGIN_RESTORE,
    ORIGIN_SWAP,
    PUBLISHED,
    SUPERSEDED,
)
from store.versions import (
    author_name,
    get_version,
    list_versions,
    read_version,
    stored_dataset,
    version_data,
)
from store.writes import (
    Hook,
    NewVersion,
    add_version,
    write_change,
    write_replan,
)
from store.writes import publish_draft as store_publish_draft


@dataclass(frozen=True)
class EditResult:
    version: VersionInfo
    changes: tuple[AuditEntry, ...]
    #: hard-rule breaches the change introduced (only non-empty when forced)
    broken: tuple[Violation, ...] = ()
    warnings: tuple[str, ...] = ()


def _raise_problems(title: str, problems: list[str], limit: int = 20) -> None:
    if problems:
        shown = [f"  - {p}" for p in problems[:limit]]
        if len(problems) > limit:
            shown.append(f"  …… 另有 {len(problems) - limit} 个问题")
        raise StoreError("\n".join([f"{title}（{len(problems)} 个问题，未写入任何内容）：",
                                    *shown]))


def _acting(actor: Actor | None, action: Action, author: str | None) -> str:
    """The author of a change: refused (a StoreError, before anything is read or written)
    when `actor` may not do `action`; the actor's name unless `author` is given; without an
    actor, `author` or the operating-system user."""
    if actor is not None:
        if not actor.may(action):
            raise StoreError(actor.refusal(action))
        if author is None:
            author = actor.name
    return author_name(author)


def _evaluate(data: DataSet, start: date, end: date, assignments: Sequence[Assignment],
              training: Sequence[TrainingAttendance] = ()) -> Evaluation:
    return evaluate(data, start, (end - start).days + 1, list(assignments), training)


# -- reading ---------------------------------------------------------------------------------
def load_version(store: Store, version_id: int, *, contract: str | None = None,
                 complete: bool = True) -> tuple[VersionInfo, DataSet, RosterResult]:
    """A stored version (of `contract` when given) as (info, data set, roster). `complete`
    recomputes coverage, gaps, summaries and penalties with the checker (for Excel and
    re-checks)."""
    info, data, roster = read_version(store, version_id, contract=contract)
    if complete:
        roster = complete_roster(data, roster)
    return info, data, roster


def tails_before(store: Store, data: DataSet, start: date) -> tuple[PreviousTail, ...] | None:
    """The tail of the roster in force before `start` of the data set's own contract, or
    None when the store has no roster of that contract for the day before `start`."""
    first, last = tail_window(start, data)
    chosen, cells = roster_in_force(store, first, last, contract=data.contract.id)
    if last not in chosen:
        return None
    training = training_in_force(store, first, last, contract=data.contract.id)
    return tails_from_cells(data, start, cells, set(chosen), training)


def with_store_tails(store: Store, data: DataSet, start: date) -> tuple[DataSet, int | None]:
    """`data` with its tails replaced by the store's (when the store holds the roster of the
    day before `start`); also the number of people with a tail (None: store had nothing)."""
    tails = tails_before(store, data, start)
    if tails is None:
        return data, None
    return data.with_changes(tails=tails), len(tails)


def with_store_training(store: Store, data: DataSet, start: date) -> tuple[DataSet, int]:
    """`data` with the trainings of the published rosters earlier in the quarter of `start`
    added to its records (a person trained there is not placed again); also how many."""
    first, _ = quarter_bounds(start)
    if first >= start or not data.training_sessions:
        return data, 0
    found = training_in_force(store, first, start - timedelta(days=1), contract=data.contract.id)
    known = {(r.staff_id, r.day) for r in data.training_done}
    sessions = data.training_session_by_id
    extra = tuple(TrainingRecord(staff_id=t.staff_id, day=t.day,
                                 topic=sessions[t.session_id].name
                                 if t.session_id in sessions else "")
                  for t in found if (t.staff_id, t.day) not in known
                  and t.staff_id in data.staff_by_id)
    if not extra:
        return data, 0
    return data.with_changes(training_done=(*data.training_done, *extra)), len(extra)


def actual_report(store: Store, year: int, month: int, *, contract: str) -> ActualReport:
    """Per person planned and actual hours of a month of `contract`, overtime by pay
    category, nights, weekends and holidays worked, all from solver.check on the roster in
    force (actual) and the first published roster of each day (planned)."""
    first, last = month_bounds(year, month)
    chosen, actual_cells = roster_in_force(store, first, last, contract=contract)
    _, planned_cells = roster_in_force(store, first, last, contract=contract, planned=True)
    if not chosen:
        raise StoreError(f"{year} 年 {month} 月没有已发布的排班")
    data = version_data(store, max(chosen.values())).with_changes(tails=())
    return actual_hours_report(
        data, year, month, chosen, actual_cells, planned_cells,
        training_in_force(store, first, last, contract=contract),
        training_in_force(store, first, last, contract=contract, planned=True))


# -- publishing ------------------------------------------------------------------------------
def publish(store: Store, data: DataSet, roster: RosterResult, *, scenario: str = "",
            author: str | None = None, draft: bool = False, origin: str = ORIGIN_PUBLISH,
            force: bool = False, reason: str = "", expected_hash: str | None = None,
            contract: str | None = None, hook: Hook | None = None,
            actor: Actor | None = None) -> VersionInfo:
    """Store `roster` (solved from `data`) as a new version of the data set's contract.
    Published, it supersedes every published version of that contract whose period lies
    within its own; nothing is overwritten.

    Refused, writing nothing: a data set of another contract than `contract` (when given), a
    data hash that does not match `data`, an unknown 工号/岗位/班次, a date outside the
    period, or a hard-rule breach found by the checker (unless `force` with a `reason`), or an
    `actor` whose role may not publish (nor, for a draft, edit)."""
    author = _acting(actor, Action.EDIT if draft else Action.PUBLISH, author)
    if contract is not None and contract != data.contract.id:
        chosen = (find_contract(store, contract)
                  or ContractTerms.model_construct(id=contract)).label
        raise StoreError(f"数据集属于合同 {data.contract.label}，与所选合同 {chosen} 不符，"
                         "拒绝发布（未写入任何内容）")
    actual_hash = dataset_hash(data)
    if expected_hash is not None and expected_hash != actual_hash:
        raise StoreError(
            f"排班 JSON 的数据指纹 {expected_hash[:12]}… 与本次数据 {actual_hash[:12]}… 不一致："
            "求解后数据或上期排班已改变，或未使用求解时的 --data/--scenario/--workbook。"
            "请重新求解后再发布。未写入任何内容。")
    _raise_problems("排班与数据不符，拒绝发布", roster_problems(data, roster))
    evaluation = _evaluate(data, roster.start, roster.end, roster.assignments, roster.training)
    if evaluation.violations and not force:
        raise StoreError("排班违反硬规则，拒绝发布（未写入任何内容）：\n"
                         + describe_violations(data, evaluation.violations)
                         + "\n如确需发布，请加 --force --reason \"原因\"。")
    if force and evaluation.violations and not reason.strip():
        raise StoreError("强制发布（--force）必须用 --reason 说明原因")
    status = DRAFT if draft else PUBLISHED
    new = NewVersion.of_roster(
        data, roster, status=status, origin=origin, scenario=scenario, author=author,
        reason=reason, forced=bool(force and evaluation.violations),
        checker_objective=evaluation.objective, checker_violations=evaluation.violations)
    return add_version(store, new, hook)


def publish_draft(store: Store, version_id: int, author: str | None = None, *,
                  contract: str | None = None, actor: Actor | None = None) -> VersionInfo:
    """Publish a stored draft (of `contract` when given); refused for an `actor` whose role
    may not publish."""
    author = _acting(actor, Action.PUBLISH, author)
    return store_publish_draft(store, version_id, author, contract=contract)


# -- manual changes --------------------------------------------------------------------------
def _find_post(data: DataSet, post: str) -> str:
    if post in data.post_by_id:
        return post
    matches = [p.id for p in data.posts if p.name == post]
    if len(matches) == 1:
        return matches[0]
    raise StoreError(f"未知岗位 {post!r}（可用岗位编号或名称）")


@dataclass(frozen=True)
class ChangeCheck:
    """A manual change judged before it is written: the stored version it applies to, the
    cells before and after, and what it breaks."""

    info: VersionInfo
    data: DataSet
    old: dict[tuple[str, date], Assignment]
    new: dict[tuple[str, date], Assignment]
    #: the version's training attendances, kept by the change
    training: tuple[TrainingAttendance, ...]
    objective: int
    violations: tuple[Violation, ...]
    #: hard-rule breaches the change introduces (in this period or at the next one's start)
    broken: tuple[Violation, ...]
    #: required shifts the change leaves short, in Chinese
    warnings: tuple[str, ...]

    @property
    def assignments(self) -> list[Assignment]:
        return sorted(self.new.values(), key=lambda a: (a.day, a.staff_id))


def _check_change(store: Store, version_id: int, day: date,
                  new_cells: Mapping[str, tuple[str, str] | None], *,
                  contract: str | None) -> ChangeCheck:
    """Judge setting `new_cells` (person -> (post, shift), or None for off) on `day` of a
    stored version, writing nothing; refused (StoreError) when the change cannot apply."""
    info, data, roster = load_version(store, version_id, contract=contract, complete=False)
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
        in_force = current_version_for(store, day, contract=info.contract_id)
        if in_force != version_id:
            raise StoreError(f"{day} 的现行排班是版本 {in_force}，不是版本 {version_id}")
    old = {(a.staff_id, a.day): a for a in roster.assignments}
    new = dict(old)
    for staff_id, cell in new_cells.items():
        if cell is None:
            new.pop((staff_id, day), None)
        else:
            new[(staff_id, day)] = make_assignment(data, staff_id, day, *cell)

    def cell_of(cells: Mapping[tuple[str, date], Assignment], staff_id: str
                ) -> tuple[str, str] | None:
        found = cells.get((staff_id, day))
        return (found.post_id, found.shift) if found is not None else None

    if all(cell_of(old, s) == cell_of(new, s) for s in new_cells):
        raise StoreError("没有改动：新排班与原排班相同")
    assignments = sorted(new.values(), key=lambda a: (a.day, a.staff_id))
    before = _evaluate(data, info.start, info.end, roster.assignments, roster.training)
    after = _evaluate(data, info.start, info.end, assignments, roster.training)
    broken = new_violations(before.violations, after.violations)
    broken += _next_period_breaches(store, info, roster.assignments, assignments)
    warnings = []
    gaps_before = {(g[0], g[1], g[2]) for g in before.gaps_raw}
    for g_day, post_id, shift, missing in after.gaps_raw:
        if (g_day, post_id, shift) not in gaps_before:
            warnings.append(f"{g_day} {cell_label(data, post_id, shift)} 班缺 {missing} 人")
    return ChangeCheck(info=info, data=data, old=old, new=new, training=roster.training,
                       objective=after.objective,
                       violations=tuple(after.violations), broken=tuple(broken),
                       warnings=tuple(warnings))


def _apply_change(store: Store, version_id: int, day: date,
                  new_cells: Mapping[str, tuple[str, str] | None], *, kind: str,
                  origin: str, force: bool, reason: str, author: str | None,
                  contract: str | None, hook: Hook | None = None) -> EditResult:
    author = author_name(author)  # swap and edit have checked their actor
    check = _check_change(store, version_id, day, new_cells, contract=contract)
    info, data, broken = check.info, check.data, list(check.broken)
    if broken and not force:
        raise StoreError("改动违反硬规则，已拒绝（未写入任何内容）：\n"
                         + describe_violations(data, broken)
                         + "\n如确需修改，请加 --force --reason \"原因\"（将记入审计）。")
    if force and not reason.strip():
        raise StoreError("强制修改（--force）必须用 --reason 说明原因")
    forced = bool(force and broken)
    version = write_change(
        store, version_id, info.status, info.dataset_hash,
        NewVersion(data=data, start=info.start, end=info.end,
                   assignments=check.assignments, status=info.status, origin=origin,
                   scenario=info.scenario, author=author, reason=reason, forced=forced,
                   solve_status=info.solve_status, objective=check.objective,
                   checker_objective=check.objective,
                   checker_violations=list(check.violations), parent_id=version_id,
                   training=check.training),
        check.old, check.new, day, kind, [v.rule for v in broken], hook)
    return EditResult(version=version, changes=tuple(audit_trail(store, version.id,
                                                                 contract=info.contract_id)),
                      broken=tuple(broken), warnings=check.warnings)


def _next_period_breaches(store: Store, info: VersionInfo, old: Sequence[Assignment],
                          new: Sequence[Assignment]) -> list[Violation]:
    """Breaches that the change causes at the start of the next published period (rest,
    night-then-day and consecutive days across the boundary): the next version is
    re-checked with the tail recomputed from the changed roster."""
    if info.status == DRAFT:
        return []
    following = info.end + timedelta(days=1)
    nxt = current_version_for(store, following, contract=info.contract_id)
    if nxt is None or nxt == info.id:
        return []
    n_info, n_data, n_roster = load_version(store, nxt, complete=False)
    if n_info.start != following:
        return []
    first, _ = tail_window(following, n_data)
    chosen, cells = roster_in_force(store, first, info.end, contract=info.contract_id)

    def replaced(assignments: Sequence[Assignment]) -> dict[date, list[Assignment]]:
        out = {d: list(items) for d, items in cells.items() if chosen.get(d) != info.id}
        for a in assignments:
            if chosen.get(a.day) == info.id:
                out.setdefault(a.day, []).append(a)
        return out

    training = training_in_force(store, first, info.end, contract=info.contract_id)
    results = []
    for assignments in (old, new):
        tails = tails_from_cells(n_data, following, replaced(assignments), set(chosen),
                                 training)
        results.append(_evaluate(n_data.with_changes(tails=tails), n_info.start, n_info.end,
                                 n_roster.assignments, n_roster.training).violations)
    return [v.model_copy(update={"message": f"与下一期版本 {nxt} 衔接：{v.message}"})
            for v in new_violations(results[0], results[1])]


def _swap_cells(store: Store, version_id: int, day: date, a: str, b: str,
                contract: str | None) -> dict[str, tuple[str, str] | None]:
    if a == b:
        raise StoreError("换班的两人工号相同")
    _, data, roster = load_version(store, version_id, contract=contract, complete=False)
    for staff_id in (a, b):
        if staff_id not in data.staff_by_id:
            raise StoreError(f"未知工号 {staff_id!r}（版本 {version_id} 的数据中没有此人）")
    cells = {(x.staff_id, x.day): (x.post_id, x.shift) for x in roster.assignments}
    cell_a, cell_b = cells.get((a, day)), cells.get((b, day))
    if cell_a is None and cell_b is None:
        raise StoreError(f"{day} {staff_label(data, a)} 和 {staff_label(data, b)} 都休息，"
                         "没有可交换的班次")
    return {a: cell_b, b: cell_a}


def _edit_cells(store: Store, version_id: int, staff_id: str, post: str | None,
                shift: str | None, off: bool, contract: str | None
                ) -> dict[str, tuple[str, str] | None]:
    data = version_data(store, version_id, contract=contract)
    if off:
        if post or shift:
            raise StoreError("--off 与 --post/--shift 不能同时使用")
        return {staff_id: None}
    if not post or not shift:
        raise StoreError("请给出 --post 和 --shift，或用 --off 表示休息")
    post_id = _find_post(data, post)
    if shift not in data.shift_by_code:
        raise StoreError(f"未知班次 {shift!r}")
    if shift not in data.post_by_id[post_id].shifts:
        raise StoreError(f"岗位 {data.post_by_id[post_id].name} 没有 {shift} 班")
    return {staff_id: (post_id, shift)}


def check_swap(store: Store, version_id: int, day: date, a: str, b: str, *,
               contract: str | None = None) -> ChangeCheck:
    """What swapping `a` and `b` on `day` would break, writing nothing."""
    return _check_change(store, version_id, day,
                         _swap_cells(store, version_id, day, a, b, contract),
                         contract=contract)


def check_edit(store: Store, version_id: int, day: date, staff_id: str,
               post: str | None = None, shift: str | None = None, *, off: bool = False,
               contract: str | None = None) -> ChangeCheck:
    """What setting one cell would break, writing nothing."""
    return _check_change(store, version_id, day,
                         _edit_cells(store, version_id, staff_id, post, shift, off, contract),
                         contract=contract)


def swap(store: Store, version_id: int, day: date, a: str, b: str, *, force: bool = False,
         reason: str = "", author: str | None = None, contract: str | None = None,
         actor: Actor | None = None) -> EditResult:
    """Exchange the cells of `a` and `b` on `day` (either may be off), as a new version
    (of `contract` when given); refused for an `actor` whose role may not edit."""
    author = _acting(actor, Action.EDIT, author)
    return _apply_change(store, version_id, day,
                         _swap_cells(store, version_id, day, a, b, contract), kind=KIND_SWAP,
                         origin=ORIGIN_SWAP, force=force, reason=reason, author=author,
                         contract=contract)


def edit(store: Store, version_id: int, day: date, staff_id: str, post: str | None = None,
         shift: str | None = None, *, off: bool = False, force: bool = False,
         reason: str = "", author: str | None = None, contract: str | None = None,
         hook: Hook | None = None, actor: Actor | None = None) -> EditResult:
    """Set one cell (post and shift, or off), as a new version (of `contract` when given);
    refused for an `actor` whose role may not edit."""
    author = _acting(actor, Action.EDIT, author)
    return _apply_change(store, version_id, day,
                         _edit_cells(store, version_id, staff_id, post, shift, off, contract),
                         kind=KIND_EDIT, origin=ORIGIN_EDIT, force=force, reason=reason,
                         author=author, contract=contract, hook=hook)


def restore(store: Store, version_id: int, *, reason: str = "", force: bool = False,
            contract: str | None = None, actor: Actor | None = None) -> VersionInfo:
    """Undo: publish an earlier version's roster again, on its own data set, as a new
    version that supersedes the published versions within its period (their changed cells
    audited as 重新发布). Checked like any publish; refused for a role that may not publish."""
    author = _acting(actor, Action.PUBLISH, None)
    info, data, roster = load_version(store, version_id, contract=contract)
    if info.status != SUPERSEDED:
        raise StoreError(f"版本 {version_id} 是{info.status_label}版本，不需要恢复")
    reason = reason.strip() or f"恢复版本 {version_id}"
    return publish(store, data, roster, scenario=info.scenario, author=author,
                   origin=ORIGIN_RESTORE, force=force, reason=reason, contract=contract)


# -- replan ----------------------------------------------------------------------------------
def _cells(assignments: Sequence[Assignment]) -> set[tuple[str, date, str, str]]:
    return {(a.staff_id, a.day, a.post_id, a.shift) for a in assignments}


def record_replan(store: Store, base_id: int, data: DataSet, roster: RosterResult,
                  absence: Absence | None, *, author: str | None = None, reason: str = "",
                  contract: str | None = None, actor: Actor | None = None,
                  unchanged_ok: bool = False) -> tuple[VersionInfo, list[AuditEntry]]:
    """Store a re-planned roster (solved from `data`, which includes `absence`) as a new
    version of the base's period (and contract: `contract` when given), superseding it, with
    the absence and every changed cell (the absent person's cells as 病假 when it is
    sickness, the others as 重排). Without an absence (a demand re-derived after 停诊/加诊)
    `reason` says why; `unchanged_ok` stores it even when no cell changed (the new data
    set's demand is then in force). Refused for an `actor` whose role may not edit."""
    author = _acting(actor, Action.EDIT, author)
    base = get_version(store, base_id, contract=contract)
    if data.contract.id != base.contract_id:
        raise StoreError(f"重排所用数据集属于合同 {data.contract.label}，与版本 {base_id} "
                         "的合同不同，拒绝保存")
    if base.status == SUPERSEDED:
        raise StoreError(f"版本 {base_id} 已被版本 {base.superseded_by_id} 取代")
    if (roster.start, roster.end) != (base.start, base.end):
        raise StoreError("重排结果的周期与原版本不同")
    _raise_problems("重排结果与数据不符", roster_problems(data, roster))
    _, _, stored = read_version(store, base_id, contract=base.contract_id)
    if not unchanged_ok and _cells(stored.assignments) == _cells(roster.assignments):
        raise StoreError("重排没有改动任何班次，未保存新版本"
                         + ("（该缺勤可能已登记过）" if absence is not None else ""))
    evaluation = _evaluate(data, roster.start, roster.end, roster.assignments, roster.training)
    if absence is not None:
        reason = reason or f"{absence.kind.value} {absence.start}~{absence.end}"
    sick = absence is not None and absence.kind is AbsenceKind.SICK

    def kind_of(staff_id: str, day: date) -> str:
        if sick and absence and staff_id == absence.staff_id and absence.covers(day):
            return KIND_SICKNESS
        return KIND_REPLAN

    new = NewVersion.of_roster(
        data, roster, status=base.status, origin=ORIGIN_REPLAN, scenario=base.scenario,
        author=author, reason=reason, forced=False, checker_objective=evaluation.objective,
        checker_violations=evaluation.violations, parent_id=base_id)
    info = write_replan(store, base_id, base.status, new, absence, kind_of)
    return info, audit_trail(store, info.id, contract=info.contract_id)


__all__ = [
    # checked changes and reports assembled here
    "ChangeCheck", "EditResult", "actual_report", "check_edit", "check_swap", "edit",
    "load_version", "publish", "record_replan", "restore", "swap",
    "tails_before", "with_store_tails", "with_store_training",
    # re-exported for ui code: the store's reads and records
    "AuditEntry", "CellDiff", "StoreError", "VersionInfo", "WrongContract", "audit_trail",
    "current_version_for", "diff", "find_contract", "get_version", "list_contracts",
    "list_versions", "publish_draft", "recorded_absences", "stored_dataset",
    # re-exported for ui code: a cell from post and shift, checker wording, the workbook
    "ACTUAL_HEADERS", "ActualReport", "ActualRow", "actual_values", "actual_workbook",
    "make_assignment", "new_violations", "rule_name",
]
