"""Executors of a sweep's points: inline, a local process pool (spawned workers) or Ray."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import types
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from model.dataset import DataSet
from solver.sweep.grid import SweepPoint
from solver.sweep.point import ERROR, SweepRow, SweepSettings, solve_point

EXECUTORS = ("process", "ray", "inline")

#: on_row(done, total, row)
RowFn = Callable[[int, int, SweepRow], None]

_WORKER_BASE: DataSet | None = None


def _init_worker(base: DataSet) -> None:
    global _WORKER_BASE
    _WORKER_BASE = base


def _solve_in_worker(point: SweepPoint, settings: SweepSettings) -> SweepRow:
    assert _WORKER_BASE is not None
    return solve_point(_WORKER_BASE, point, settings)


def _error_row(point: SweepPoint, exc: BaseException) -> SweepRow:
    return SweepRow(index=point.index, name=point.name, labels=point.labels, status=ERROR,
                    error=f"{type(exc).__name__}: {exc}")


def run_inline(base: DataSet, points: list[SweepPoint], settings: SweepSettings,
                on_row: RowFn | None) -> list[SweepRow]:
    rows = []
    for point in points:
        rows.append(solve_point(base, point, settings))
        if on_row is not None:
            on_row(len(rows), len(points), rows[-1])
    return rows


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _neutral_main() -> Iterator[None]:
    """While workers are spawned, hide the running `__main__` from multiprocessing.

    A spawned worker re-runs the parent's main script unless that script has neither a file
    nor a module spec. The main script may be anything (a Streamlit page, an AppTest script,
    a notebook, a bench script without a main guard): running it again in every worker would
    be wrong or crash the pool. The workers need nothing from it: `_solve_in_worker` and its
    arguments live in importable modules."""
    with _MAIN_LOCK:
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if saved is not None:
                sys.modules["__main__"] = saved


def run_process(base: DataSet, points: list[SweepPoint], settings: SweepSettings,
                 workers: int, on_row: RowFn | None) -> list[SweepRow]:
    rows: list[SweepRow] = []
    # spawn, not fork: the parent may hold solver or server threads (Streamlit, a roster
    # solve of the app); workers start clean and import only what they need
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker, initargs=(base,)) as pool:
        with _neutral_main():  # every worker is started by one of these submits
            futures = {pool.submit(_solve_in_worker, point, settings): point
                       for point in points}
        for future in as_completed(futures):
            try:
                row = future.result()
            except Exception as exc:  # e.g. a worker process killed
                row = _error_row(futures[future], exc)
            rows.append(row)
            if on_row is not None:
                on_row(len(rows), len(points), row)
    return rows


def ray_available() -> tuple[bool, str]:
    """Whether Ray is installed, without importing it: Ray reads its authentication mode
    when it is first imported, and `connect_cluster` must set that mode before."""
    import importlib.util

    if importlib.util.find_spec("ray") is None:
        return False, "未安装 ray（pip install 'hospital-roster[ray]'）"
    return True, ""


class ClusterError(Exception):
    """The Ray cluster at the given address could not be joined (message in Chinese)."""


#: Where Ray looks for the cluster's token, in its own order: the token itself, a file named
#: by a variable, the default file (written by `ray start --head` on the head node).
TOKEN_ENV, TOKEN_PATH_ENV, AUTH_MODE_ENV = "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH", "RAY_AUTH_MODE"


def cluster_token_source() -> str | None:
    """Where a token for joining a cluster is, in words; None if there is none."""
    if os.environ.get(TOKEN_ENV):
        return f"环境变量 {TOKEN_ENV}"
    path = os.environ.get(TOKEN_PATH_ENV)
    if path and Path(path).is_file():
        return f"令牌文件 {path}"
    default = Path.home() / ".ray" / "auth_token"
    if default.is_file():
        return f"令牌文件 {default}"
    return None


def enable_cluster_token_auth() -> str | None:
    """Join with Ray's token authentication when a token is at hand and the user has not
    chosen a mode: Ray 2.5x+ starts clusters with it on, but a client given an explicit
    address never turns it on by itself (it must see RAY_AUTH_MODE=token). Returns where the
    token was found."""
    source = cluster_token_source()
    if source is not None and AUTH_MODE_ENV not in os.environ:
        os.environ[AUTH_MODE_ENV] = "token"
    return source


def cluster_unreachable(address: str, timeout_s: float = 5.0) -> str | None:
    """Why nothing answers at `host:port` (Ray itself retries for minutes); None when a
    connection opens or the address has no port to try."""
    import socket

    host, _, port = address.rpartition("://")[2].rpartition(":")
    if not host or not port.isdigit():
        return None
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s):
            return None
    except socket.gaierror:
        return "无法解析主机名"
    except TimeoutError:
        return f"{timeout_s:.0f} 秒内无应答"
    except ConnectionRefusedError:
        return "连接被拒绝，端口上没有服务"
    except OSError as exc:
        return f"网络错误 {exc.errno}"


def connect_cluster(address: str) -> None:
    """Join the cluster at `address`, or raise ClusterError saying why and what to do.

    Ray reads its authentication mode and log level when it is first imported in a process,
    so both are set before the import here; a process that imported Ray earlier must set
    RAY_AUTH_MODE=token itself."""
    why = cluster_unreachable(address)
    if why is not None:
        raise ClusterError(f"无法连接 Ray 集群 {address}：该地址无响应（{why}）。请确认集群已启动"
                           "（ray start --head 输出的地址和端口）且本机可以访问。")
    source = enable_cluster_token_auth()
    # Ray's core logs each failed attempt in English on stderr; the reason is said below.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "error")
    import ray

    try:
        ray.init(address=address, log_to_driver=False)
    except Exception as exc:  # ConnectionError, AuthenticationError, RuntimeError (no token)
        token = (f"令牌取自{source}，请确认它与集群头节点上的 ~/.ray/auth_token 相同" if source else
                 "本机没有集群令牌：请把集群头节点上的 ~/.ray/auth_token 复制到本机同一位置，"
                 f"或设置环境变量 {TOKEN_PATH_ENV} 指向该文件")
        raise ClusterError(f"无法加入 Ray 集群 {address}（连接失败或令牌不符）。请确认地址和端口"
                           f"（ray start --head 输出的地址）可以访问；{token}。") from exc


def run_ray(base: DataSet, points: list[SweepPoint], settings: SweepSettings, workers: int,
             address: str | None, on_row: RowFn | None) -> list[SweepRow]:
    if address and "ray" not in sys.modules:
        connect_cluster(address)  # Ray's first import here, after its authentication mode
        started_here = True
    else:
        import ray

        # A cluster the caller started or joined is used as it is and left running.
        started_here = not ray.is_initialized()
        if started_here and address:
            connect_cluster(address)
        elif started_here:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    import ray

    try:
        remote = ray.remote(num_cpus=1, max_retries=0)(solve_point)
        base_ref = ray.put(base)
        by_ref = {remote.remote(base_ref, point, settings): point for point in points}
        pending = list(by_ref)
        rows: list[SweepRow] = []
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                try:
                    row = ray.get(ref)
                except Exception as exc:  # a task or worker failure
                    row = _error_row(by_ref[ref], exc)
                rows.append(row)
                if on_row is not None:
                    on_row(len(rows), len(points), row)
        return rows
    finally:
        if started_here:
            ray.shutdown()
