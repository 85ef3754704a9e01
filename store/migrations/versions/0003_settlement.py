"""The monthly settlement's inputs: each person's attendance day (punches and what they came
to against the roster in force) and the assessment events, both of a contract and of the
roster version in force on their day. Downgrade drops both tables.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attendance_days",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contract_id", sa.String(40),
                  sa.ForeignKey("contracts.id", name="fk_attendance_contract"),
                  nullable=False),
        sa.Column("version_id", sa.Integer()),
        sa.Column("staff_id", sa.String(40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("line_id", sa.String(40)),
        sa.Column("post_id", sa.String(40)),
        sa.Column("shift", sa.String(20)),
        sa.Column("punches", sa.Text(), nullable=False),
        sa.Column("worked_minutes", sa.Integer(), nullable=False),
        sa.Column("extra_minutes", sa.Integer(), nullable=False),
        sa.Column("late_minutes", sa.Integer(), nullable=False),
        sa.Column("early_minutes", sa.Integer(), nullable=False),
        sa.Column("missing_punches", sa.Integer(), nullable=False),
        sa.Column("absent", sa.Boolean(), nullable=False),
        sa.Column("leave", sa.String(20)),
        sa.Column("source_file", sa.String(200), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["version_id", "contract_id"],
                                ["roster_versions.id", "roster_versions.contract_id"],
                                name="fk_attendance_version_contract"),
        sa.UniqueConstraint("contract_id", "staff_id", "day", name="uq_attendance_day"),
    )
    op.create_index("ix_attendance_contract_day", "attendance_days", ["contract_id", "day"])
    op.create_table(
        "assessment_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contract_id", sa.String(40),
                  sa.ForeignKey("contracts.id", name="fk_assessment_events_contract"),
                  nullable=False),
        sa.Column("version_id", sa.Integer()),
        sa.Column("line_id", sa.String(40), nullable=False),
        sa.Column("staff_id", sa.String(40)),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["version_id", "contract_id"],
                                ["roster_versions.id", "roster_versions.contract_id"],
                                name="fk_assessment_events_version_contract"),
        sa.CheckConstraint("points >= 0", name="ck_assessment_events_points"),
    )
    op.create_index("ix_assessment_events_contract_day", "assessment_events",
                    ["contract_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_assessment_events_contract_day", table_name="assessment_events")
    op.drop_table("assessment_events")
    op.drop_index("ix_attendance_contract_day", table_name="attendance_days")
    op.drop_table("attendance_days")
