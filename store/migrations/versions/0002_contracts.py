"""A vendor's portfolio in one store: a contracts table and a contract on every stored row.

Existing rows go to a contract derived from what they hold: a data set to the contract id in
its JSON (the unnamed contract "" when it has none), a version to its data set's, a recorded
absence to its version's (without a version: the store's only contract, else the unnamed
one). Cells and audit rows follow their version. Downgrade removes the contract again.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_NAMES = {"hospital": 80, "short_name": 40, "title": 80}


def _terms(payload: str) -> dict[str, str]:
    """The contract id and names in a stored data set's JSON ("" for none or unreadable)."""
    try:
        raw = json.loads(payload).get("contract")
    except (ValueError, AttributeError):
        raw = None
    raw = raw if isinstance(raw, dict) else {}
    terms = {"id": str(raw.get("id") or "")[:40]}
    terms.update({name: str(raw.get(name) or "")[:size] for name, size in _NAMES.items()})
    return terms


def _derive_contracts(bind: sa.Connection) -> None:
    """Fill the contracts table and every existing row's contract_id."""
    contracts: dict[str, dict[str, str]] = {}
    of_dataset: list[dict[str, Any]] = []
    for dataset_id, payload in bind.execute(sa.text(
            "SELECT id, payload FROM datasets ORDER BY id")):
        terms = _terms(payload)
        known = contracts.setdefault(terms["id"], terms)
        known.update({k: v for k, v in terms.items() if v})  # names as last known
        of_dataset.append({"contract": terms["id"], "dataset": dataset_id})
    orphans = bind.scalar(sa.text(
        "SELECT count(*) FROM absences a WHERE a.version_id IS NULL OR NOT EXISTS "
        "(SELECT 1 FROM roster_versions v WHERE v.id = a.version_id)"))
    fallback = next(iter(contracts)) if len(contracts) == 1 else ""
    if orphans and fallback not in contracts:
        contracts[fallback] = {"id": fallback, **dict.fromkeys(_NAMES, "")}
    now = datetime.now(UTC)
    if contracts:
        table = sa.table("contracts", sa.column("id", sa.String()),
                         *(sa.column(name, sa.String()) for name in _NAMES),
                         sa.column("created_at", sa.DateTime(timezone=True)))
        bind.execute(sa.insert(table), [{**terms, "created_at": now}
                                        for terms in contracts.values()])
    if of_dataset:
        bind.execute(sa.text("UPDATE datasets SET contract_id = :contract WHERE id = :dataset"),
                     of_dataset)
    bind.execute(sa.text(
        "UPDATE roster_versions SET contract_id = (SELECT d.contract_id FROM datasets d "
        "WHERE d.id = roster_versions.dataset_id)"))
    bind.execute(sa.text(
        "UPDATE absences SET contract_id = (SELECT v.contract_id FROM roster_versions v "
        "WHERE v.id = absences.version_id)"))
    bind.execute(sa.text("UPDATE absences SET contract_id = :fallback "
                         "WHERE contract_id IS NULL"), {"fallback": fallback})


def upgrade() -> None:
    op.create_table(
        "contracts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("hospital", sa.String(80), nullable=False),
        sa.Column("short_name", sa.String(40), nullable=False),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    for table in ("datasets", "roster_versions", "absences"):
        op.add_column(table, sa.Column("contract_id", sa.String(40), nullable=True))
    _derive_contracts(op.get_bind())
    with op.batch_alter_table("datasets") as batch:
        batch.alter_column("contract_id", existing_type=sa.String(40), nullable=False)
        batch.drop_constraint("uq_datasets_content_hash", type_="unique")
        batch.create_unique_constraint("uq_datasets_contract_hash",
                                       ["contract_id", "content_hash"])
        batch.create_unique_constraint("uq_datasets_id_contract", ["id", "contract_id"])
        batch.create_foreign_key("fk_datasets_contract", "contracts", ["contract_id"], ["id"])
    with op.batch_alter_table("roster_versions") as batch:
        batch.alter_column("contract_id", existing_type=sa.String(40), nullable=False)
        batch.drop_index("ix_roster_versions_period")
        batch.create_index("ix_roster_versions_contract_period",
                           ["contract_id", "period_start", "period_end"])
        batch.create_unique_constraint("uq_roster_versions_id_contract", ["id", "contract_id"])
        batch.create_foreign_key("fk_roster_versions_contract", "contracts", ["contract_id"],
                                 ["id"])
        batch.create_foreign_key("fk_roster_versions_dataset_contract", "datasets",
                                 ["dataset_id", "contract_id"], ["id", "contract_id"])
    with op.batch_alter_table("absences") as batch:
        batch.alter_column("contract_id", existing_type=sa.String(40), nullable=False)
        batch.create_index("ix_absences_contract", ["contract_id", "start_day"])
        batch.create_foreign_key("fk_absences_contract", "contracts", ["contract_id"], ["id"])
        batch.create_foreign_key("fk_absences_version_contract", "roster_versions",
                                 ["version_id", "contract_id"], ["id", "contract_id"])


def downgrade() -> None:
    with op.batch_alter_table("absences") as batch:
        batch.drop_constraint("fk_absences_version_contract", type_="foreignkey")
        batch.drop_constraint("fk_absences_contract", type_="foreignkey")
        batch.drop_index("ix_absences_contract")
        batch.drop_column("contract_id")
    with op.batch_alter_table("roster_versions") as batch:
        batch.drop_constraint("fk_roster_versions_dataset_contract", type_="foreignkey")
        batch.drop_constraint("fk_roster_versions_contract", type_="foreignkey")
        batch.drop_constraint("uq_roster_versions_id_contract", type_="unique")
        batch.drop_index("ix_roster_versions_contract_period")
        batch.create_index("ix_roster_versions_period", ["period_start", "period_end"])
        batch.drop_column("contract_id")
    with op.batch_alter_table("datasets") as batch:
        batch.drop_constraint("fk_datasets_contract", type_="foreignkey")
        batch.drop_constraint("uq_datasets_id_contract", type_="unique")
        batch.drop_constraint("uq_datasets_contract_hash", type_="unique")
        # a data set's hash covers its contract id: hashes stay unique without the contract
        batch.create_unique_constraint("uq_datasets_content_hash", ["content_hash"])
        batch.drop_column("contract_id")
    op.drop_table("contracts")
