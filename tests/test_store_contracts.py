"""A vendor's portfolio in one store, on SQLite and PostgreSQL: two contracts that reuse the
staff ids W001-W003 and the same period never mix (publishing, tails, history, in force,
actual hours, audit, recorded absences), a version of another contract is refused, and
revision 0002 migrates a store created at 0001 with rows in it (and back)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import func, inspect, select, update
from sqlalchemy.exc import IntegrityError

from model.contract import ContractTerms
from model.events import Absence, AbsenceKind, Request, RequestKind
from solver.check import evaluate
from store.contracts import WrongContract
from store.db import StoreError, create_store_engine, downgrade, migrate, open_store, resolve_url
from store.hashing import dataset_hash, dataset_json
from store.records import assignment_values
from store.tables import AssignmentRow, Base, ChangeRow, DataSetRow, VersionRow
from tests.conftest import solve_checked
from tests.test_store import OFF, THURSDAY, WEEK1, hand_roster
from tests.tiny import MONDAY, need, person, post, tiny
from ui import roster_service as repo

pytest_plugins = ("tests.pg",)

A = ContractTerms(id="HOSP-A", hospital="甲市第一人民医院", short_name="甲医院", title="外包服务")
B = ContractTerms(id="HOSP-B", short_name="乙医院")
STAFF = ("W001", "W002", "W003")
#: Two legal rosters of week 1 (Mon 2026-11-30 .. Sun 2026-12-06) with the same staff ids.
PATTERN_A = {"W001": WEEK1["S1"], "W002": WEEK1["S2"], "W003": WEEK1["S3"]}
PATTERN_B = {"W001": WEEK1["S3"], "W002": WEEK1["S2"], "W003": WEEK1["S1"]}


def contract_data(terms: ContractTerms, *demand):
    """The tiny data set of one contract: staff W001-W003 on post P1 (A and P every day)."""
    return tiny(staff=tuple(person(s) for s in STAFF),
                posts=(post("P1", *(demand or (need("A"), need("P")))),), contract=terms)


def cell(store, version_id: int, staff_id: str, day: date) -> str | None:
    _, _, roster = repo.load_version(store, version_id, complete=False)
    found = [a.shift for a in roster.assignments if a.staff_id == staff_id and a.day == day]
    return found[0] if found else None


def count(store, table) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(table))


@pytest.fixture
def both(store):
    """Week 1 published for contract A (PATTERN_A) and for contract B (PATTERN_B)."""
    data_a, data_b = contract_data(A), contract_data(B)
    va = repo.publish(store, data_a, hand_roster(data_a, MONDAY, PATTERN_A), contract=A.id)
    vb = repo.publish(store, data_b, hand_roster(data_b, MONDAY, PATTERN_B))
    return data_a, data_b, va, vb


# -- two contracts in one store -----------------------------------------------------------------
def test_two_contracts_publish_the_same_period_without_superseding_each_other(store, both):
    data_a, data_b, va, vb = both
    assert (va.contract_id, vb.contract_id) == (A.id, B.id)
    assert repo.get_version(store, va.id).status == "published"  # B did not supersede A
    assert [v.id for v in repo.list_versions(store, contract=A.id)] == [va.id]
    assert [v.id for v in repo.list_versions(store, contract=B.id)] == [vb.id]
    assert repo.list_versions(store, contract="") == []
    assert repo.current_version_for(store, MONDAY, contract=A.id) == va.id
    assert repo.current_version_for(store, MONDAY, contract=B.id) == vb.id
    assert repo.current_version_for(store, MONDAY, contract="") is None
    # the same staff id W001 has contract A's cell in A's version and B's in B's
    assert cell(store, va.id, "W001", MONDAY) == "A" and cell(store, vb.id, "W001", MONDAY) is None
    chosen, cells = repo.roster_in_force(store, MONDAY, MONDAY + timedelta(days=6),
                                         contract=B.id)
    assert set(chosen.values()) == {vb.id}
    assert {(a.staff_id, a.shift) for a in cells[MONDAY]} == {("W002", "P"), ("W003", "A")}
    # republishing A supersedes A's version only, audited in A only
    va2 = repo.publish(store, data_a, hand_roster(data_a, MONDAY, PATTERN_B))
    assert repo.get_version(store, va.id).superseded_by_id == va2.id
    assert repo.get_version(store, vb.id).status == "published"
    assert {(e.staff_id, e.kind) for e in repo.audit_trail(store, contract=A.id)} == {
        ("W001", "republish"), ("W003", "republish")}
    assert repo.audit_trail(store, contract=B.id) == []
    assert repo.audit_trail(store, va2.id, contract=B.id) == []
    assert [t.label for t in repo.list_contracts(store)] == ["甲医院（HOSP-A）", "乙医院（HOSP-B）"]
    assert repo.find_contract(store, A.id) == A.model_copy(update={"source": ""})
    assert repo.find_contract(store, "HOSP-C") is None
    # each contract keeps its own data set (same content apart from the contract)
    assert count(store, DataSetRow) == 2
    assert repo.load_version(store, vb.id)[1].contract == B


def test_a_version_of_another_contract_is_refused_and_nothing_written(store, both):
    data_a, data_b, va, vb = both
    refusal = f"版本 {va.id} 属于合同 甲医院（HOSP-A），不属于当前合同 乙医院（HOSP-B）"
    with pytest.raises(WrongContract, match=refusal) as caught:
        repo.get_version(store, va.id, contract=B.id)
    assert caught.value.contract_id == A.id
    for attempt in (lambda: repo.load_version(store, va.id, contract=B.id),
                    lambda: repo.swap(store, va.id, MONDAY, "W001", "W003", contract=B.id),
                    lambda: repo.edit(store, va.id, MONDAY, "W001", off=True, contract=B.id),
                    lambda: repo.diff(store, va.id, vb.id, contract=B.id),
                    lambda: repo.publish_draft(store, va.id, contract=B.id)):
        with pytest.raises(WrongContract, match=refusal):
            attempt()
    with pytest.raises(StoreError, match="属于不同的合同"):
        repo.diff(store, va.id, vb.id)
    with pytest.raises(WrongContract, match="不属于当前合同 未命名合同"):
        repo.get_version(store, vb.id, contract="")
    # publishing a data set into another contract is refused
    with pytest.raises(StoreError, match="数据集属于合同 甲医院（HOSP-A），与所选合同 "
                                         "乙医院（HOSP-B） 不符"):
        repo.publish(store, data_a, hand_roster(data_a, MONDAY, PATTERN_B), contract=B.id)
    # a re-plan of A's version solved from B's data set is refused
    absence = Absence(staff_id="W002", kind=AbsenceKind.SICK, start=THURSDAY, end=THURSDAY)
    _, _, roster_b = repo.load_version(store, vb.id, complete=False)
    with pytest.raises(StoreError, match="合同不同"):
        repo.record_replan(store, va.id, data_b, roster_b, absence)
    assert count(store, VersionRow) == 2 and count(store, ChangeRow) == 0
    assert repo.recorded_absences(store, contract=A.id) == []
    # the same swap on A's own version goes through
    assert repo.swap(store, va.id, MONDAY, "W001", "W003", contract=A.id).version.parent_id \
        == va.id


def test_the_database_keeps_a_version_with_a_data_set_of_its_own_contract(store, both):
    _, _, va, vb = both
    with store.read() as session:
        dataset_a = session.scalar(select(VersionRow.dataset_id).where(VersionRow.id == va.id))
    with pytest.raises(IntegrityError), store.write() as session:
        session.execute(update(VersionRow).where(VersionRow.id == vb.id)
                        .values(dataset_id=dataset_a))
    assert repo.get_version(store, vb.id).dataset_hash == dataset_hash(contract_data(B))


def test_the_second_contract_solves_without_the_first_contracts_tail(store):
    """Contract A's week 1 ends Sunday with W001 on P (16-24). Week 2: W002 and W003 asked
    for Monday off. A's solve, with A's tail, must not give W001 Monday's A (08-16); B's
    solve has no tail in the store (B has no week 1) and gives W001 Monday's A."""
    demand = (need("A"), need("P", days=("sunday",)))
    data_a, data_b = contract_data(A, *demand), contract_data(B, *demand)
    week1 = {"W001": (OFF,) * 6 + ("P",),
             "W002": ("A", OFF, "A", OFF, "A", OFF, "A"),
             "W003": (OFF, "A", OFF, "A", OFF, "A", OFF)}
    roster1 = hand_roster(data_a, MONDAY, week1)
    assert evaluate(data_a, MONDAY, 7, list(roster1.assignments)).violations == []
    repo.publish(store, data_a, roster1)
    monday2 = MONDAY + timedelta(days=7)
    wishes = tuple(Request(staff_id=s, day=monday2, kind=RequestKind.DAY_OFF, weight=500)
                   for s in ("W002", "W003"))
    b2 = data_b.with_changes(requests=wishes)
    assert repo.tails_before(store, b2, monday2) is None
    carried_b, people_b = repo.with_store_tails(store, b2, monday2)
    assert people_b is None and carried_b is b2
    solved_b = solve_checked(carried_b, monday2, 7, time_limit_s=10)
    assert ("W001", "A") in {(a.staff_id, a.shift) for a in solved_b.assignments
                             if a.day == monday2}
    carried_a, people_a = repo.with_store_tails(store, data_a.with_changes(requests=wishes),
                                                monday2)
    assert people_a is not None
    assert {t.staff_id: t for t in carried_a.tails}["W001"].last_shift_day == \
        MONDAY + timedelta(days=6)
    solved_a = solve_checked(carried_a, monday2, 7, time_limit_s=10)
    assert not [a for a in solved_a.assignments if a.staff_id == "W001" and a.day == monday2]
    # B's week 2 published: A's tail for week 3 is still read from A's rosters only
    vb2 = repo.publish(store, carried_b, solved_b)
    assert repo.current_version_for(store, monday2, contract=A.id) is None
    assert repo.current_version_for(store, monday2, contract=B.id) == vb2.id
    assert repo.tails_before(store, data_a, monday2 + timedelta(days=7)) is None


def test_actual_hours_audit_and_absences_are_per_contract(store):
    from solver.replan import replan
    from solver.solve import SolveOptions

    data_a, data_b = contract_data(A), contract_data(B)
    start = date(2026, 12, 28)  # Mon; Fri 2027-01-01 is 元旦
    va = repo.publish(store, data_a, hand_roster(data_a, start, PATTERN_A))
    vb = repo.publish(store, data_b, hand_roster(data_b, start, PATTERN_B))
    rows_a = {r.staff_id: r for r in repo.actual_report(store, 2027, 1, contract=A.id).rows}
    rows_b = {r.staff_id: r for r in repo.actual_report(store, 2027, 1, contract=B.id).rows}
    # January days: Fri 1, Sat 2, Sun 3. A's W001 works A, A, P (24 h); B's W001 off, off, A
    assert (rows_a["W001"].planned_hours, rows_a["W001"].actual_hours) == (24, 24)
    assert (rows_b["W001"].planned_hours, rows_b["W001"].actual_hours) == (8, 8)
    assert repo.actual_report(store, 2027, 1, contract=A.id).versions == (va.id,)
    assert repo.actual_report(store, 2027, 1, contract=B.id).versions == (vb.id,)
    with pytest.raises(StoreError, match="没有已发布的排班"):
        repo.actual_report(store, 2027, 1, contract="")
    # W002 falls sick in contract A: the re-plan, its absence and its audit stay in A
    thursday = start + timedelta(days=3)
    absence = Absence(staff_id="W002", kind=AbsenceKind.SICK, start=thursday, end=thursday)
    _, _, roster_a = repo.load_version(store, va.id, complete=False)
    result = replan(data_a, roster_a, absence, thursday, SolveOptions(time_limit_s=10,
                                                                      workers=2))
    assert result.roster.status.has_roster
    sick_a = data_a.with_changes(absences=(*data_a.absences, absence))
    assert evaluate(sick_a, start, 7, list(result.roster.assignments)).violations == []
    info, audit = repo.record_replan(store, va.id, sick_a, result.roster, absence,
                                     contract=A.id)
    assert info.contract_id == A.id and audit
    assert [(x.staff_id, x.start) for x in repo.recorded_absences(store, contract=A.id)] == [
        ("W002", thursday)]
    assert repo.recorded_absences(store, contract=B.id) == []
    assert repo.audit_trail(store, contract=B.id) == []
    assert len(repo.audit_trail(store, contract=A.id)) == len(audit)
    assert repo.get_version(store, vb.id).status == "published"
    # B's W002 still works Thursday as published
    assert cell(store, vb.id, "W002", thursday) == PATTERN_B["W002"][3]


def test_an_ad_hoc_data_set_is_the_unnamed_contract(store):
    data = contract_data(ContractTerms())
    info = repo.publish(store, data, hand_roster(data, MONDAY, PATTERN_A))
    assert info.contract_id == ""
    assert [t.label for t in repo.list_contracts(store)] == ["未命名合同"]
    assert [v.id for v in repo.list_versions(store, contract="")] == [info.id]
    assert repo.list_versions(store, contract=A.id) == []


# -- revision 0002 on a store created at 0001 ----------------------------------------------------
def _old_payload(data) -> tuple[str, str]:
    """(JSON, hash) of a data set as an 0001 store holds it: without a contract."""
    body = data.model_dump(mode="json")
    body.pop("contract")
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fill_0001_store(engine, *, with_unnamed: bool) -> None:
    """Rows as an 0001 store holds them: contract A's data set (its JSON names the contract)
    and version, optionally an older data set without a contract and its version, cells,
    an audit row, an absence of A's version and one without a version."""
    meta = sa.MetaData()
    meta.reflect(engine)
    tables = meta.tables
    now = datetime.now(UTC)
    data_a = contract_data(A)
    payloads = [(dataset_json(data_a), dataset_hash(data_a), data_a, PATTERN_A)]
    if with_unnamed:
        old = contract_data(ContractTerms())
        payloads.append((*_old_payload(old), old, PATTERN_B))
    versions = []
    with engine.begin() as connection:
        for number, (payload, content_hash, data, pattern) in enumerate(payloads, start=1):
            dataset_id = connection.execute(sa.insert(tables["datasets"]).values(
                content_hash=content_hash, source="tiny", staff_count=3,
                payload=payload, created_at=now)).inserted_primary_key[0]
            roster = hand_roster(data, MONDAY, pattern)
            version_id = connection.execute(sa.insert(tables["roster_versions"]).values(
                period_start=MONDAY, period_end=MONDAY + timedelta(days=6),
                scenario="", status="published", origin="publish", dataset_id=dataset_id,
                publish_seq=number, author="旧", reason="", forced=False, created_at=now,
                published_at=now, solve_status="FEASIBLE", checker_objective=0,
                checker_violations="[]", notes="[]",
                assignment_count=len(roster.assignments))).inserted_primary_key[0]
            connection.execute(sa.insert(tables["assignments"]),
                               [assignment_values(version_id, a) for a in roster.assignments])
            versions.append(version_id)
        connection.execute(sa.insert(tables["audit_changes"]).values(
            version_id=versions[0], staff_id="W001", day=MONDAY, before_post="P1", before_shift="P",
            after_post="P1", after_shift="A", before_label="岗位P1 P", after_label="岗位P1 A",
            kind="edit", reason="旧改动", author="旧", forced=False, broken_rules="[]",
            created_at=now))
        for version_id in (versions[0], None):
            connection.execute(sa.insert(tables["absences"]).values(
                staff_id="W002", kind="病假", start_day=THURSDAY,
                end_day=THURSDAY, approved=True, note="", version_id=version_id, author="旧",
                recorded_at=now))
        connection.execute(sa.update(tables["store_meta"]).values(write_seq=len(payloads)))


def _contract_ids(engine, table: str) -> dict[int, str]:
    with engine.connect() as connection:
        return dict(connection.execute(sa.text(f"SELECT id, contract_id FROM {table}")).all())


def test_0002_migrates_a_0001_store_with_rows_and_back(store_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = create_store_engine(resolve_url(store_url))
    try:
        migrate(engine, "0001")
        _fill_0001_store(engine, with_unnamed=True)
        migrate(engine)
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            contracts = {r[0]: tuple(r[1:]) for r in connection.execute(sa.text(
                "SELECT id, hospital, short_name, title FROM contracts"))}
        assert contracts == {A.id: (A.hospital, A.short_name, A.title), "": ("", "", "")}
        assert _contract_ids(engine, "datasets") == {1: A.id, 2: ""}
        assert _contract_ids(engine, "roster_versions") == {1: A.id, 2: ""}
        # an absence follows its version; without one (two contracts) the unnamed contract
        assert _contract_ids(engine, "absences") == {1: A.id, 2: ""}
    finally:
        engine.dispose()

    store = open_store(store_url)
    try:
        assert [v.id for v in repo.list_versions(store, contract=A.id)] == [1]
        assert [v.id for v in repo.list_versions(store, contract="")] == [2]
        assert [e.reason for e in repo.audit_trail(store, contract=A.id)] == ["旧改动"]
        assert repo.audit_trail(store, contract="") == []
        assert len(repo.recorded_absences(store, contract=A.id)) == 1
        assert repo.load_version(store, 1, contract=A.id)[1] == contract_data(A)
        assert repo.load_version(store, 2, contract="")[1].contract == ContractTerms()
        # the migrated store takes new versions per contract
        data_a = contract_data(A)
        v3 = repo.publish(store, data_a, hand_roster(data_a, MONDAY, PATTERN_B))
        assert repo.get_version(store, 1).superseded_by_id == v3.id
        assert repo.get_version(store, 2).status == "published"
        assert count(store, AssignmentRow) == 42
    finally:
        store.dispose()

    engine = create_store_engine(resolve_url(store_url))
    try:
        downgrade(engine, "0001")
        names = set(inspect(engine).get_table_names())
        assert "contracts" not in names
        for table in ("datasets", "roster_versions", "absences"):
            assert "contract_id" not in {c["name"] for c in inspect(engine).get_columns(table)}
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM roster_versions")) == 3
            assert connection.scalar(sa.text("SELECT count(*) FROM assignments")) == 42
        migrate(engine)
        assert _contract_ids(engine, "roster_versions") == {1: A.id, 2: "", 3: A.id}
    finally:
        engine.dispose()


def test_0002_gives_an_absence_without_version_to_the_only_contract(store_url):
    engine = create_store_engine(resolve_url(store_url))
    try:
        migrate(engine, "0001")
        _fill_0001_store(engine, with_unnamed=False)
        migrate(engine)
        assert _contract_ids(engine, "absences") == {1: A.id, 2: A.id}
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM contracts")) == 1
    finally:
        engine.dispose()
