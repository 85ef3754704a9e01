"""SQLAlchemy 2 ORM tables of the roster store. The migrations in `migrations/versions`
create exactly these (a test compares them).

A vendor keeps many contracts in one store: every data set, version and recorded absence
carries its contract's id (cells and audit rows follow their version), and composite foreign
keys keep a version with a data set of its own contract and an absence with a version of its
own contract, so two contracts that reuse a staff id or a period never mix."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DRAFT, PUBLISHED, SUPERSEDED = "draft", "published", "superseded"
STATUSES = (DRAFT, PUBLISHED, SUPERSEDED)
STATUS_LABELS = {DRAFT: "草稿", PUBLISHED: "已发布", SUPERSEDED: "已取代"}

#: How a version came to be.
ORIGIN_SOLVE, ORIGIN_PUBLISH, ORIGIN_REPLAN = "solve", "publish", "replan"
ORIGIN_SWAP, ORIGIN_EDIT, ORIGIN_RESTORE = "swap", "edit", "restore"
ORIGIN_LABELS = {ORIGIN_SOLVE: "求解发布", ORIGIN_PUBLISH: "导入发布", ORIGIN_REPLAN: "重排",
                 ORIGIN_SWAP: "换班", ORIGIN_EDIT: "手工修改", ORIGIN_RESTORE: "恢复旧版本"}

#: Kinds of audited cell change.
KIND_REPLAN, KIND_SWAP, KIND_EDIT, KIND_SICKNESS = "replan", "swap", "edit", "sickness"
KIND_REPUBLISH = "republish"
KINDS = (KIND_REPLAN, KIND_SWAP, KIND_EDIT, KIND_SICKNESS, KIND_REPUBLISH)
KIND_LABELS = {KIND_REPLAN: "重排", KIND_SWAP: "换班", KIND_EDIT: "手工修改",
               KIND_SICKNESS: "病假", KIND_REPUBLISH: "重新发布"}


class Base(DeclarativeBase):
    pass


class StoreMeta(Base):
    """One row (id 1). Every write transaction first increments `write_seq`, which
    serialises writers on both SQLite and PostgreSQL; the value orders publications."""

    __tablename__ = "store_meta"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    write_seq: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class ContractRow(Base):
    """A contract of the vendor, by the data set's `contract.id` ("" for the unnamed contract
    of ad-hoc data sets), with its names as last known."""

    __tablename__ = "contracts"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    hospital: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    short_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    title: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class DataSetRow(Base):
    """An input data set exactly as solved: canonical JSON and its SHA-256, per contract."""

    __tablename__ = "datasets"
    __table_args__ = (
        UniqueConstraint("contract_id", "content_hash", name="uq_datasets_contract_hash"),
        UniqueConstraint("id", "contract_id", name="uq_datasets_id_contract"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[str] = mapped_column(
        ForeignKey("contracts.id", name="fk_datasets_contract"), nullable=False)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    source: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    staff_count: Mapped[int] = mapped_column(Integer, nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class VersionRow(Base):
    """One roster version of a period. Never deleted; only its status moves
    draft -> published -> superseded."""

    __tablename__ = "roster_versions"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'superseded')",
                        name="ck_roster_versions_status"),
        CheckConstraint("period_end >= period_start", name="ck_roster_versions_period"),
        ForeignKeyConstraint(["dataset_id", "contract_id"],
                             ["datasets.id", "datasets.contract_id"],
                             name="fk_roster_versions_dataset_contract"),
        UniqueConstraint("id", "contract_id", name="uq_roster_versions_id_contract"),
        Index("ix_roster_versions_contract_period", "contract_id", "period_start",
              "period_end"),
        Index("ix_roster_versions_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[str] = mapped_column(
        ForeignKey("contracts.id", name="fk_roster_versions_contract"), nullable=False)
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    scenario: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    origin: Mapped[str] = mapped_column(String(20), nullable=False)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("roster_versions.id"))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("roster_versions.id"))
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id"), nullable=False)
    #: store_meta.write_seq at publication: orders published versions (None for drafts)
    publish_seq: Mapped[int | None] = mapped_column(BigInteger)
    author: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    forced: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    solve_status: Mapped[str] = mapped_column(String(20), nullable=False)
    objective: Mapped[int | None] = mapped_column(BigInteger)
    best_bound: Mapped[float | None] = mapped_column(Float)
    #: JSON of model.roster.SolveStats, or null
    solver_stats: Mapped[str | None] = mapped_column(Text)
    checker_objective: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: JSON list of {rule, message, staff_id, day}: hard breaches found by solver.check
    checker_violations: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    assignment_count: Mapped[int] = mapped_column(Integer, nullable=False)


class AssignmentRow(Base):
    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("version_id", "staff_id", "day", name="uq_assignments_cell"),
        Index("ix_assignments_day", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("roster_versions.id"), nullable=False)
    staff_id: Mapped[str] = mapped_column(String(40), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    line_id: Mapped[str] = mapped_column(String(40), nullable=False)
    post_id: Mapped[str] = mapped_column(String(40), nullable=False)
    shift: Mapped[str] = mapped_column(String(20), nullable=False)
    hours: Mapped[float] = mapped_column(Float, nullable=False)
    borrowed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    cover_for: Mapped[str | None] = mapped_column(String(20))
    #: JSON [[start, end], ...] ISO datetimes of each segment
    segments: Mapped[str] = mapped_column(Text, nullable=False)


class TrainingRow(Base):
    """A training session a person attends in a version's roster (with its minutes, which
    count as working time)."""

    __tablename__ = "training_attendances"
    __table_args__ = (
        UniqueConstraint("version_id", "staff_id", "session_id", name="uq_training_seat"),
        Index("ix_training_day", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("roster_versions.id", name="fk_training_version"), nullable=False)
    staff_id: Mapped[str] = mapped_column(String(40), nullable=False)
    session_id: Mapped[str] = mapped_column(String(40), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    minutes: Mapped[int] = mapped_column(Integer, nullable=False)


class AbsenceRow(Base):
    """An absence recorded in the store (replan after sickness etc.), of one contract."""

    __tablename__ = "absences"
    __table_args__ = (
        ForeignKeyConstraint(["version_id", "contract_id"],
                             ["roster_versions.id", "roster_versions.contract_id"],
                             name="fk_absences_version_contract"),
        Index("ix_absences_contract", "contract_id", "start_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[str] = mapped_column(
        ForeignKey("contracts.id", name="fk_absences_contract"), nullable=False)
    staff_id: Mapped[str] = mapped_column(String(40), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    start_day: Mapped[date] = mapped_column(Date, nullable=False)
    end_day: Mapped[date] = mapped_column(Date, nullable=False)
    approved: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: the version created because of it (a replan), if any
    version_id: Mapped[int | None] = mapped_column(ForeignKey("roster_versions.id"))
    author: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ChangeRow(Base):
    """Audit: one cell changed, with before/after, kind, reason, author and time (of the
    contract of its version)."""

    __tablename__ = "audit_changes"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('replan', 'swap', 'edit', 'sickness', 'republish')",
            name="ck_audit_changes_kind"),
        Index("ix_audit_changes_version", "version_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("roster_versions.id"), nullable=False)
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("roster_versions.id"))
    staff_id: Mapped[str] = mapped_column(String(40), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    before_post: Mapped[str | None] = mapped_column(String(40))
    before_shift: Mapped[str | None] = mapped_column(String(20))
    after_post: Mapped[str | None] = mapped_column(String(40))
    after_shift: Mapped[str | None] = mapped_column(String(20))
    before_label: Mapped[str] = mapped_column(String(200), nullable=False)
    after_label: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    forced: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: JSON list of rule ids the change breaks (only when forced)
    broken_rules: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class AttendanceRow(Base):
    """One person's day of a contract as the attendance import found it: the punches, the
    roster version in force that day (if any) and what they came to against it."""

    __tablename__ = "attendance_days"
    __table_args__ = (
        ForeignKeyConstraint(["version_id", "contract_id"],
                             ["roster_versions.id", "roster_versions.contract_id"],
                             name="fk_attendance_version_contract"),
        UniqueConstraint("contract_id", "staff_id", "day", name="uq_attendance_day"),
        Index("ix_attendance_contract_day", "contract_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[str] = mapped_column(
        ForeignKey("contracts.id", name="fk_attendance_contract"), nullable=False)
    version_id: Mapped[int | None] = mapped_column(Integer)
    staff_id: Mapped[str] = mapped_column(String(40), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    line_id: Mapped[str | None] = mapped_column(String(40))
    post_id: Mapped[str | None] = mapped_column(String(40))
    shift: Mapped[str | None] = mapped_column(String(20))
    #: JSON list of punch minutes from the day's midnight
    punches: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    worked_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    extra_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    late_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    early_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    missing_punches: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    absent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    leave: Mapped[str | None] = mapped_column(String(20))
    source_file: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    author: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class AssessmentEventRow(Base):
    """An assessment event of a contract's 岗位 (service line), of a person or not, on a day,
    with the roster version in force that day (if any); source 考勤 rows are replaced by
    the next import of their month."""

    __tablename__ = "assessment_events"
    __table_args__ = (
        ForeignKeyConstraint(["version_id", "contract_id"],
                             ["roster_versions.id", "roster_versions.contract_id"],
                             name="fk_assessment_events_version_contract"),
        CheckConstraint("points >= 0", name="ck_assessment_events_points"),
        Index("ix_assessment_events_contract_day", "contract_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[str] = mapped_column(
        ForeignKey("contracts.id", name="fk_assessment_events_contract"), nullable=False)
    version_id: Mapped[int | None] = mapped_column(Integer)
    line_id: Mapped[str] = mapped_column(String(40), nullable=False)
    staff_id: Mapped[str | None] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date, nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    points: Mapped[int] = mapped_column(Integer, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    source: Mapped[str] = mapped_column(String(20), nullable=False)
    author: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
