"""The training sessions each roster version places (issue 17: quarterly training): one row
per person and session, with the minutes counted as working time. Downgrade drops the table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_attendances",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(),
                  sa.ForeignKey("roster_versions.id", name="fk_training_version"),
                  nullable=False),
        sa.Column("staff_id", sa.String(40), nullable=False),
        sa.Column("session_id", sa.String(40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.UniqueConstraint("version_id", "staff_id", "session_id", name="uq_training_seat"),
    )
    op.create_index("ix_training_day", "training_attendances", ["day"])


def downgrade() -> None:
    op.drop_index("ix_training_day", table_name="training_attendances")
    op.drop_table("training_attendances")
