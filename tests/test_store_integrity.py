"""Integrity with real processes, on SQLite and PostgreSQL: two processes publishing the same
period at once (into an empty store, so they also race to create the schema) leave two whole
versions, one superseding the other; a process killed inside its publish transaction leaves
the previous state intact and the store writable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from store.db import open_store
from store.tables import AssignmentRow, ChangeRow, DataSetRow, StoreMeta, VersionRow
from tests.test_store import MONDAY, OFF, WEEK1, C, hand_roster, week_data
from ui import roster_service as repo

pytest_plugins = ("tests.pg",)

ROOT = Path(__file__).resolve().parent.parent
#: Two different legal rosters of the same week.
PATTERNS = {
    "A": WEEK1,
    "B": {"S1": WEEK1["S3"], "S2": WEEK1["S2"], "S3": WEEK1["S1"]},
}
assert PATTERNS["A"] != PATTERNS["B"] and OFF is None


def cells_of(pattern: dict) -> set:
    from datetime import timedelta

    return {(staff, MONDAY + timedelta(days=d), shift) for staff, shifts in pattern.items()
            for d, shift in enumerate(shifts) if shift}


def worker(argv: list[str]) -> None:
    """Subprocess body: publish pattern `which`; `race` waits for the go file and holds its
    transaction a moment; `crash` announces it is inside the transaction and sleeps."""
    url, which, mode, go = argv
    data = week_data()
    roster = hand_roster(data, MONDAY, PATTERNS[which])
    print("READY", flush=True)
    if mode == "race":
        deadline = time.monotonic() + 60
        while not Path(go).exists() and time.monotonic() < deadline:
            time.sleep(0.005)

    def hook(stage: str) -> None:
        if mode == "race" and stage == "assignments":
            time.sleep(0.3)
        if mode == "crash" and stage == "commit":
            print("IN_TRANSACTION", flush=True)
            time.sleep(120)

    store = open_store(url)
    info = repo.publish(store, data, roster, author=which, hook=hook)
    print(f"DONE {info.id}", flush=True)


def spawn(url: str, which: str, mode: str, go: Path) -> subprocess.Popen:
    code = "import sys; from tests.test_store_integrity import worker; worker(sys.argv[1:])"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", code, url, which, mode, str(go)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def expect_line(process: subprocess.Popen, wanted: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith(wanted):
            return
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError(f"worker never said {wanted}: {process.stderr.read()[-2000:]}")


def counts(store) -> dict[str, int]:
    with store.read() as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(table))
                for table in (VersionRow, AssignmentRow, DataSetRow, ChangeRow)}


def version_cells(store, version_id: int) -> set:
    _, _, roster = repo.load_version(store, version_id, complete=False)
    return {(a.staff_id, a.day, a.shift) for a in roster.assignments}


def test_two_processes_publishing_at_once_leave_two_whole_versions(store_url, tmp_path):
    go = tmp_path / "go"
    workers = [spawn(store_url, which, "race", go) for which in ("A", "B")]
    for process in workers:
        expect_line(process, "READY")
    go.touch()
    for process in workers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-2000:]
    store = open_store(store_url)
    try:
        versions = repo.list_versions(store, contract=C)
        assert len(versions) == 2
        by_author = {v.author: v for v in versions}
        assert set(by_author) == {"A", "B"}
        for which, info in by_author.items():
            assert info.assignment_count == 14
            assert version_cells(store, info.id) == cells_of(PATTERNS[which])
        published = [v for v in versions if v.status == "published"]
        superseded = [v for v in versions if v.status == "superseded"]
        assert len(published) == 1 and len(superseded) == 1
        assert superseded[0].superseded_by_id == published[0].id
        assert repo.current_version_for(store, MONDAY, contract=C) == published[0].id
        assert counts(store)["assignments"] == 28 and counts(store)["datasets"] == 1
        with store.read() as session:
            assert session.scalar(select(StoreMeta.write_seq)) == 2
    finally:
        store.dispose()


def test_a_process_killed_inside_its_publish_leaves_the_previous_state(store_url, tmp_path):
    store = open_store(store_url)
    try:
        data = week_data()
        first = repo.publish(store, data, hand_roster(data, MONDAY, PATTERNS["A"]))
        before = counts(store)
        process = spawn(store_url, "B", "crash", tmp_path / "unused")
        expect_line(process, "IN_TRANSACTION")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
        assert counts(store) == before
        (only,) = repo.list_versions(store, contract=C)
        assert (only.id, only.status, only.superseded_by_id) == (first.id, "published", None)
        assert version_cells(store, first.id) == cells_of(PATTERNS["A"])
        # the store is still writable: the lock died with the process
        again = repo.publish(store, data, hand_roster(data, MONDAY, PATTERNS["B"]), author="B")
        assert repo.get_version(store, first.id).superseded_by_id == again.id
        assert version_cells(store, again.id) == cells_of(PATTERNS["B"])
    finally:
        store.dispose()
