"""Initial roster store: data sets, versions, assignments, absences, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("write_seq", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(sa.table("store_meta", sa.column("id", sa.Integer()),
                            sa.column("write_seq", sa.BigInteger())),
                   [{"id": 1, "write_seq": 0}])
    op.create_table(
        "datasets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("staff_count", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("content_hash", name="uq_datasets_content_hash"),
    )
    op.create_table(
        "roster_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("scenario", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("roster_versions.id")),
        sa.Column("superseded_by_id", sa.Integer(), sa.ForeignKey("roster_versions.id")),
        sa.Column("dataset_id", sa.Integer(), sa.ForeignKey("datasets.id"), nullable=False),
        sa.Column("publish_seq", sa.BigInteger()),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("superseded_at", sa.DateTime(timezone=True)),
        sa.Column("solve_status", sa.String(20), nullable=False),
        sa.Column("objective", sa.BigInteger()),
        sa.Column("best_bound", sa.Float()),
        sa.Column("solver_stats", sa.Text()),
        sa.Column("checker_objective", sa.BigInteger(), nullable=False),
        sa.Column("checker_violations", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("assignment_count", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'published', 'superseded')",
                           name="ck_roster_versions_status"),
        sa.CheckConstraint("period_end >= period_start", name="ck_roster_versions_period"),
    )
    op.create_index("ix_roster_versions_period", "roster_versions",
                    ["period_start", "period_end"])
    op.create_index("ix_roster_versions_status", "roster_versions", ["status"])
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("roster_versions.id"),
                  nullable=False),
        sa.Column("staff_id", sa.String(40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("line_id", sa.String(40), nullable=False),
        sa.Column("post_id", sa.String(40), nullable=False),
        sa.Column("shift", sa.String(20), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("borrowed", sa.Boolean(), nullable=False),
        sa.Column("cover_for", sa.String(20)),
        sa.Column("segments", sa.Text(), nullable=False),
        sa.UniqueConstraint("version_id", "staff_id", "day", name="uq_assignments_cell"),
    )
    op.create_index("ix_assignments_day", "assignments", ["day"])
    op.create_table(
        "absences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("roster_versions.id")),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "audit_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("roster_versions.id"),
                  nullable=False),
        sa.Column("base_version_id", sa.Integer(), sa.ForeignKey("roster_versions.id")),
        sa.Column("staff_id", sa.String(40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("before_post", sa.String(40)),
        sa.Column("before_shift", sa.String(20)),
        sa.Column("after_post", sa.String(40)),
        sa.Column("after_shift", sa.String(20)),
        sa.Column("before_label", sa.String(200), nullable=False),
        sa.Column("after_label", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("broken_rules", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('replan', 'swap', 'edit', 'sickness', 'republish')",
                           name="ck_audit_changes_kind"),
    )
    op.create_index("ix_audit_changes_version", "audit_changes", ["version_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_changes_version", table_name="audit_changes")
    op.drop_table("audit_changes")
    op.drop_table("absences")
    op.drop_index("ix_assignments_day", table_name="assignments")
    op.drop_table("assignments")
    op.drop_index("ix_roster_versions_status", table_name="roster_versions")
    op.drop_index("ix_roster_versions_period", table_name="roster_versions")
    op.drop_table("roster_versions")
    op.drop_table("datasets")
    op.drop_table("store_meta")
