"""The contracts a store holds: their rows, names as last known, and the wrong-contract refusal."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.contract import ContractTerms
from store.db import Store, StoreError
from store.records import utc_now
from store.tables import ContractRow


class WrongContract(StoreError):
    """A version (or data set) of another contract than the one a command works on."""

    def __init__(self, message: str, contract_id: str) -> None:
        super().__init__(message)
        #: the contract the version belongs to
        self.contract_id = contract_id


def terms_of(row: ContractRow) -> ContractTerms:
    return ContractTerms(id=row.id, hospital=row.hospital, short_name=row.short_name,
                         title=row.title)


def ensure_contract(session: Session, terms: ContractTerms) -> None:
    """The contract's row, inserted if new; non-empty names replace the stored ones."""
    row = session.get(ContractRow, terms.id)
    if row is None:
        session.add(ContractRow(id=terms.id, hospital=terms.hospital,
                                short_name=terms.short_name, title=terms.title,
                                created_at=utc_now()))
        session.flush()
        return
    for name in ("hospital", "short_name", "title"):
        value = getattr(terms, name)
        if value and getattr(row, name) != value:
            setattr(row, name, value)


def contract_label(session: Session, contract_id: str) -> str:
    """A contract's name for a message: short name and id, or 未命名合同."""
    row = session.get(ContractRow, contract_id)
    if row is not None:
        return terms_of(row).label
    return ContractTerms.model_construct(id=contract_id).label  # an id the store does not know


def check_contract(session: Session, what: str, owner: str, contract: str | None) -> None:
    """Refuse `what` (e.g. 版本 5) of contract `owner` when working on `contract`."""
    if contract is not None and owner != contract:
        raise WrongContract(f"{what}属于合同 {contract_label(session, owner)}，不属于当前合同 "
                            f"{contract_label(session, contract)}，已拒绝", owner)


def list_contracts(store: Store) -> list[ContractTerms]:
    """Every contract the store knows, by id."""
    with store.read() as session:
        return [terms_of(r) for r in session.scalars(select(ContractRow)
                                                     .order_by(ContractRow.id))]


def find_contract(store: Store, contract_id: str) -> ContractTerms | None:
    """The stored contract with this id, if the store knows it."""
    with store.read() as session:
        row = session.get(ContractRow, contract_id)
        return terms_of(row) if row is not None else None
