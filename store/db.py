"""Engine, sessions and URL handling of the roster store.

- The URL comes from `--db`, else `$ROSTER_DB_URL`, else a SQLite file in the user's data
  directory (platformdirs). A bare path is taken as a SQLite file; `postgresql://` uses
  psycopg 3.
- The schema is created and migrated (Alembic, programmatic configuration) on first use,
  under a lock so that two processes starting at once do not both migrate.
- `Store.write()` is one transaction that first increments `store_meta.write_seq`: on
  PostgreSQL the row lock serialises writers, on SQLite the transaction is `BEGIN IMMEDIATE`.
- A URL is only ever shown through `safe_url()` (password hidden).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from store.tables import StoreMeta

ENV_VAR = "ROSTER_DB_URL"
APP_NAME = "hospital-roster"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Arbitrary constant key of the PostgreSQL advisory lock taken while migrating.
_MIGRATION_LOCK = 7_402_601
_SQLITE_DRIVERS = ("sqlite", "sqlite+pysqlite")
#: How often a first use retries a migration that found a new SQLite file locked.
_LOCKED_RETRIES = 3
_PG_DRIVER = "postgresql+psycopg"


class StoreError(Exception):
    """A problem the user can act on, in Chinese; nothing was written."""


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "roster.db"


def resolve_url(text: str | None = None) -> URL:
    """The store's URL from `text`, else $ROSTER_DB_URL, else the default SQLite file."""
    text = (text or os.environ.get(ENV_VAR) or "").strip()
    if not text:
        return URL.create("sqlite", database=str(default_path()))
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise StoreError("数据库地址无效（应为 sqlite:///文件路径 或 "
                         "postgresql://用户@主机/库名）") from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        url = url.set(drivername=_PG_DRIVER)
    if url.drivername not in (*_SQLITE_DRIVERS, _PG_DRIVER):
        raise StoreError(f"不支持的数据库类型 {url.drivername!r}：只支持 SQLite 和 PostgreSQL")
    return url


def safe_url(url: URL | str) -> str:
    """The URL as text with its password replaced by ***."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except (ArgumentError, ValueError):
            return "（无效地址）"
    return url.render_as_string(hide_password=True)


def scrub(text: str, url: URL) -> str:
    """A driver's message with the URL's password removed, in case it echoes it."""
    if url.password:
        text = text.replace(str(url.password), "***")
    return text


def is_default_missing(text: str | None) -> bool:
    """Whether no URL was given and the default SQLite file does not exist yet."""
    return not (text or os.environ.get(ENV_VAR)) and not default_path().exists()


class Store:
    """An open store: engine plus read and write transactions."""

    def __init__(self, url: URL, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._writer = engine.execution_options(roster_write=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def __repr__(self) -> str:
        return f"Store({safe_url(self.url)})"

    def describe(self) -> str:
        return safe_url(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (a consistent snapshot on PostgreSQL and SQLite/WAL)."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: all of it is committed, or none of it. Writers are
        serialised by the store_meta row; `session.info['write_seq']` is this write's number."""
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            session.execute(update(StoreMeta).where(StoreMeta.id == 1)
                            .values(write_seq=StoreMeta.write_seq + 1))
            session.info["write_seq"] = session.scalar(
                select(StoreMeta.write_seq).where(StoreMeta.id == 1))
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # pragma: no cover - driver callback
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        write = connection.get_execution_options().get("roster_write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def create_store_engine(url: URL) -> Engine:
    if url.drivername in _SQLITE_DRIVERS:
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def _alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """One locked write transaction for a migration. On SQLite, foreign keys are off for it
    (a migration rebuilds referenced tables) and checked in full before the commit."""
    writer = engine.execution_options(roster_write=True)
    with writer.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.driver_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, as SQLite needs
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    from sqlalchemy import func

                    connection.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
                yield connection
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StoreError("数据库迁移后外键不一致，已回滚")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`, under a lock (advisory lock on PostgreSQL,
    BEGIN IMMEDIATE on SQLite) so concurrent first uses migrate once."""
    from alembic import command

    with _migrating(engine) as connection:
        command.upgrade(_alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema down to `revision` ("base" = empty); for tests and repairs."""
    from alembic import command

    with _migrating(engine) as connection:
        command.downgrade(_alembic_config(connection), revision)


def _bring_to_head(engine: Engine, url: URL, create: bool) -> None:
    """Migrate to the head revision unless there already. Several processes may do this at
    once on a new SQLite file: a transient "database is locked" there is retried a few
    times (the busy timeout covers the ordinary waits)."""
    for attempt in range(_LOCKED_RETRIES + 1):
        try:
            if current_revision(engine) != head_revision():
                if not create:
                    raise StoreError(f"数据库 {safe_url(url)} 尚未初始化")
                migrate(engine)
            return
        except OperationalError as exc:
            locked = engine.dialect.name == "sqlite" and "locked" in str(exc.orig)
            if not locked or attempt == _LOCKED_RETRIES:
                raise
            time.sleep(0.2 * (attempt + 1))


def open_store(url: str | URL | None = None, *, create: bool = True) -> Store:
    """Open (and on first use create and migrate) the store at `url`."""
    resolved = url if isinstance(url, URL) else resolve_url(url)
    engine = create_store_engine(resolved)
    try:
        _bring_to_head(engine, resolved, create)
    except DBAPIError as exc:
        engine.dispose()
        reason = scrub(str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc), resolved)
        raise StoreError(f"无法打开数据库 {safe_url(resolved)}：{reason}") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"无法打开数据库 {safe_url(resolved)}："
                         f"{scrub(type(exc).__name__, resolved)}") from None
    return Store(resolved, engine)
