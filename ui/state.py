"""Session state of the app: the data in use, the running job, results, and caches.

Everything a session keeps lives under the keys below in `st.session_state`; results that
depend only on their inputs are cached across sessions, keyed on a hash of those inputs.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import streamlit as st

from model.compliance import (
    ComplianceItem,
    ExpiringCertificate,
    compliance_report,
    expiring_certificates,
)
from model.cost import CostReport, cost_report
from model.dataset import DataSet
from model.loaders import load_dataset
from model.roster import RosterResult
from ui.jobs import SolveJob

# -- session keys -------------------------------------------------------------------------
DATA = "data"  # the DataSet in use (embedded or uploaded, with the session's edits)
DATA_VERSION = "data_version"  # bumped on every change of DATA; part of editor keys
DATA_NOTE = "data_note"  # where the data came from, in Chinese
JOB = "solve_job"  # the running SolveJob (its stop event is the solver's stop handle)
ROSTER = "roster"  # RosterRun shown on the 排班 page
REPLAN = "replan"  # ReplanRun shown on the 排班 page
SOLVE_ERROR = "solve_error"  # Chinese message of the last failed solve
STORE_ERROR = "store_error"  # why the roster store could not be opened, in Chinese
KEYS_MEMO = "_data_keys"

SOLVE_CACHE_SIZE = 32


@dataclass
class RosterRun:
    """A roster and the data it was solved on (the grid needs both to agree)."""

    data: DataSet
    result: RosterResult
    key: str
    stopped: bool = False
    from_cache: bool = False
    label: str = ""
    #: the stored version shown (None: solved in this session and not saved yet)
    version: Any = None  # ui.roster_service.VersionInfo
    #: cells to outline (the last change saved, or a diff between versions)
    highlight: tuple[Any, ...] = ()  # model.roster.Change
    #: where the tail of the previous period came from, in Chinese
    tail_note: str = ""

    @property
    def period(self) -> tuple[date, date]:
        return self.result.start, self.result.end


@dataclass
class ReplanRun:
    data: DataSet
    result: Any  # solver.replan.ReplanResult
    absence: Any  # model.events.Absence, or None for a re-plan after 停诊/加诊
    key: str
    stopped: bool = False
    reason: str = ""  # why, when there is no absence


@dataclass
class _SolveCache:
    items: OrderedDict[str, Any] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)


# -- data ---------------------------------------------------------------------------------

@st.cache_resource(show_spinner="正在加载内置数据……")
def embedded_data() -> DataSet:
    """The embedded data set (data/), loaded once per server process."""
    return load_dataset()


def data() -> DataSet:
    """The data set of this session (the embedded one until the user changes it)."""
    if DATA not in st.session_state:
        st.session_state[DATA] = embedded_data()
        st.session_state[DATA_VERSION] = 0
        st.session_state[DATA_NOTE] = "内置数据"
    return st.session_state[DATA]


def set_data(new: DataSet, note: str | None = None) -> None:
    """Replace the session's data; editors keyed on the version start afresh."""
    st.session_state[DATA] = new
    st.session_state[DATA_VERSION] = st.session_state.get(DATA_VERSION, 0) + 1
    if note is not None:
        st.session_state[DATA_NOTE] = note


def data_version() -> int:
    return st.session_state.get(DATA_VERSION, 0)


def data_note() -> str:
    return st.session_state.get(DATA_NOTE, "内置数据")


def digest(*parts: object) -> str:
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def data_key(dataset: DataSet) -> str:
    """A hash of the whole data set, memoised per object (data sets are immutable)."""
    memo: dict[int, tuple[DataSet, str]] = st.session_state.setdefault(KEYS_MEMO, {})
    found = memo.get(id(dataset))
    if found is not None and found[0] is dataset:
        return found[1]
    key = digest(dataset.model_dump_json())
    if len(memo) > 32:
        memo.clear()
    memo[id(dataset)] = (dataset, key)
    return key


# -- cached computations ------------------------------------------------------------------

@st.cache_data(max_entries=128, show_spinner=False)
def _cost(_data: DataSet, key: str, _baseline: DataSet | None, baseline_key: str | None
          ) -> CostReport:
    return cost_report(_data, baseline=_baseline)


def cost(dataset: DataSet, baseline: DataSet | None = None) -> CostReport:
    """`model.cost.cost_report`, cached on the hash of its inputs."""
    return _cost(dataset, data_key(dataset), baseline,
                 None if baseline is None else data_key(baseline))


@st.cache_data(max_entries=32, show_spinner=False)
def _compliance(_data: DataSet, key: str, on: date) -> list[ComplianceItem]:
    return compliance_report(_data, on)


def compliance(dataset: DataSet, on: date) -> list[ComplianceItem]:
    return _compliance(dataset, data_key(dataset), on)


@st.cache_data(max_entries=32, show_spinner=False)
def _expiring(_data: DataSet, key: str, on: date, within: int) -> list[ExpiringCertificate]:
    return expiring_certificates(_data, on, within)


def expiring(dataset: DataSet, on: date, within: int) -> list[ExpiringCertificate]:
    return _expiring(dataset, data_key(dataset), on, within)


@st.cache_data(max_entries=16, show_spinner="正在生成 Excel 排班表……")
def _roster_excel(_data: DataSet, _result: RosterResult, key: str) -> bytes:
    from model.roster_excel import roster_workbook

    report = cost_report(_data)
    overtime = sum((s.overtime_cost for s in _result.staff_summary), 0.0)
    return roster_workbook(_data, _result, monthly_fee_total=report.monthly_total,
                           overtime_cost_total=Decimal(str(round(overtime, 2))))


def roster_excel(run: RosterRun) -> bytes:
    return _roster_excel(run.data, run.result, run.key + ("-stopped" if run.stopped else ""))


@st.cache_data(max_entries=8, show_spinner=False)
def _template(_data: DataSet, key: str) -> bytes:
    from model.excel_io import write_template

    return write_template(_data)


def template(dataset: DataSet) -> bytes:
    return _template(dataset, data_key(dataset))


# -- solve results cache (shared by sessions, keyed on every input of the solve) -----------

@st.cache_resource
def _solve_cache() -> _SolveCache:
    return _SolveCache()


def cached_result(key: str) -> Any:
    cache = _solve_cache()
    with cache.lock:
        found = cache.items.get(key)
        if found is not None:
            cache.items.move_to_end(key)
        return found


def store_result(key: str, result: Any) -> None:
    cache = _solve_cache()
    with cache.lock:
        cache.items[key] = result
        cache.items.move_to_end(key)
        while len(cache.items) > SOLVE_CACHE_SIZE:
            cache.items.popitem(last=False)


# -- the roster store -----------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Any:
    from store.db import open_store

    return open_store(url or None)


def store() -> Any:
    """The roster store ($ROSTER_DB_URL, else the default SQLite file), opened once per
    server process and URL; None, with the reason in STORE_ERROR, when it cannot open."""
    import os

    from store.db import StoreError

    try:
        found = _open_store(os.environ.get("ROSTER_DB_URL", ""))
    except StoreError as exc:
        st.session_state[STORE_ERROR] = str(exc)
        return None
    st.session_state.pop(STORE_ERROR, None)
    return found


# -- the running job ----------------------------------------------------------------------

def job() -> SolveJob | None:
    return st.session_state.get(JOB)


def start_job(new: SolveJob) -> None:
    """Keep the job (and with it the stop handle) in the session."""
    st.session_state[JOB] = new


def take_finished_job(kind: str | None = None) -> SolveJob | None:
    """The job, removed from the session, once its thread has ended."""
    current = job()
    if current is None or not current.done or (kind is not None and current.kind != kind):
        return None
    del st.session_state[JOB]
    return current
