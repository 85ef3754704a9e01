"""A throw-away PostgreSQL server for the store tests.

`initdb` + `pg_ctl` in a temporary directory, with its own Unix socket directory and a free
port, listening on no TCP address. PostgreSQL refuses to run as root, so as root the server
runs as the `postgres` user (`runuser -u postgres --`). Each test gets a fresh database.
When no server can be started, `PgServer.start()` raises `PgUnavailable` with the reason,
which the fixture turns into a visible skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

SERVICE_USER = "postgres"


class PgUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PgUnavailable("未找到 PostgreSQL（initdb）：请安装 Debian 的 postgresql 软件包")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    def __init__(self) -> None:
        self.root: Path | None = None
        self.port = 0
        self.bin: Path | None = None
        self._as_user: list[str] = []

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([*self._as_user, *args], capture_output=True, text=True,
                              timeout=timeout, cwd=self.root)

    def start(self) -> PgServer:
        self.bin = _bin_dir()
        if os.geteuid() == 0:
            if shutil.which("runuser") is None:
                raise PgUnavailable("以 root 运行但没有 runuser，无法以 postgres 用户启动")
            try:
                import pwd

                account = pwd.getpwnam(SERVICE_USER)
            except KeyError:
                raise PgUnavailable(f"以 root 运行但没有 {SERVICE_USER} 用户") from None
            self._as_user = ["runuser", "-u", SERVICE_USER, "--"]
        self.root = Path(tempfile.mkdtemp(prefix="roster-pg-"))
        if self._as_user:
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.root.chmod(0o700)
        data, sockets = self.root / "data", self.root / "sock"
        done = self._run(str(self.bin / "initdb"), "-D", str(data), "-U", "postgres",
                         "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
        if done.returncode != 0:
            self.stop()
            raise PgUnavailable(f"initdb 失败：{done.stderr.strip()[-300:]}")
        self._run("mkdir", "-p", str(sockets))
        self.port = _free_port()
        options = (f"-p {self.port} -k {sockets} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        done = self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-o", options,
                         "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")
        if done.returncode != 0:
            log = (self.root / "server.log")
            tail = log.read_text(errors="replace")[-300:] if log.exists() else ""
            self.stop()
            raise PgUnavailable(f"pg_ctl start 失败：{done.stderr.strip()[-300:]} {tail}")
        self.socket_dir = sockets
        return self

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        auth = "postgres" if password is None else f"postgres:{password}"
        return (f"postgresql+psycopg://{auth}@/{database}"
                f"?host={self.socket_dir}&port={self.port}")

    def create_database(self) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg
        from psycopg import sql

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def stop(self) -> None:
        if self.root is None:
            return
        if self.bin is not None and (self.root / "data" / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-m",
                      "immediate", "-w", "stop", timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None


# -- pytest fixtures (imported by tests/test_store*.py) ----------------------------------------
_SERVER: PgServer | None = None
_FAILURE: str | None = None


def shared_server() -> PgServer:
    """One server for the whole test run, started on first use, stopped at exit."""
    global _SERVER, _FAILURE
    if _FAILURE is not None:
        raise PgUnavailable(_FAILURE)
    if _SERVER is None:
        import atexit

        try:
            _SERVER = PgServer().start()
        except (PgUnavailable, OSError, subprocess.SubprocessError) as exc:
            _FAILURE = str(exc)
            raise PgUnavailable(_FAILURE) from None
        atexit.register(_SERVER.stop)
    return _SERVER


try:
    import pytest

    @pytest.fixture(params=["sqlite", "postgresql"])
    def store_url(request, tmp_path) -> str:
        """The URL of a fresh, empty store: a SQLite file, or a new PostgreSQL database."""
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / 'roster.db'}"
        try:
            return shared_server().create_database()
        except PgUnavailable as exc:
            pytest.skip(f"PostgreSQL 不可用：{exc}")

    @pytest.fixture
    def store(store_url):
        from store.db import open_store

        opened = open_store(store_url)
        yield opened
        opened.dispose()
except ImportError:  # pragma: no cover - pg.py used outside pytest
    pass
