"""Engine and session set-up: one place that knows SQLite and PostgreSQL apart."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import warnings
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, CursorResult, Engine, Result
from sqlalchemy.orm import Session, sessionmaker

from ordering.models import Base

READ_ONLY = "kiepe_read_only"  # execution option: a transaction that only reads
BUSY_TIMEOUT_S = 30
_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


class WriteOnEventLoop(RuntimeWarning):
    """A SQLite write transaction began on a thread that runs an asyncio event loop.

    Waiting for the write lock there stalls every request of the process, and deadlocks (until
    the busy timeout, 30 s) with a request whose unit of work holds the lock and commits through
    that loop (FastAPI runs a dependency's exit in a worker thread the loop hands it to). Run the
    unit of work in a worker thread (``anyio.to_thread.run_sync``) instead.
    """


class _QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions queue on a lock shared by the engine.

    SQLite lets a writer that finds the database locked sleep and poll (naps of up to
    100 ms), so under load writers of one process starved each other for seconds. Here
    they queue on ``write_lock`` before ``BEGIN IMMEDIATE`` and leave it after COMMIT or
    ROLLBACK; writers of other processes still meet SQLite's lock and busy timeout.
    """

    write_lock: threading.Lock  # set on the per-engine subclass
    _holds_lock = False

    def begin_write(self) -> None:
        # Not an RLock: a unit of work may begin in one worker thread and commit in another
        # (FastAPI runs a dependency's enter and exit in separate threads). A unit of work
        # nested in another on one thread waits the busy timeout and fails, as SQLite did.
        if _on_event_loop():
            warnings.warn("a SQLite write transaction began on the event loop's thread", WriteOnEventLoop,
                          stacklevel=2)
        if not self.write_lock.acquire(timeout=BUSY_TIMEOUT_S):
            raise sqlite3.OperationalError(f"database is locked (waited {BUSY_TIMEOUT_S} s for a writer)")
        self._holds_lock = True
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._release()
            raise

    def _release(self) -> None:
        if self._holds_lock:
            self._holds_lock = False
            self.write_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine; on SQLite every writing transaction starts with ``BEGIN IMMEDIATE``.

    SQLite's default deferred transactions let two writers read the same state and
    then both write (a double booking); IMMEDIATE takes the write lock up front.
    Connections with the ``READ_ONLY`` execution option begin deferred: in WAL mode
    they read a snapshot without waiting for any writer.
    """
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        write_lock = threading.Lock()
        factory = type("QueuedWriterConnection", (_QueuedWriterConnection,), {"write_lock": write_lock})
        engine = create_engine(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False,
                                                             "factory": factory})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:  # pragma: no cover - trivial
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
            if path and path != ":memory:":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:  # pragma: no cover - trivial
            if conn.get_execution_options().get(READ_ONLY):
                conn.exec_driver_sql("BEGIN")
            else:
                raw = conn.connection.dbapi_connection
                if not isinstance(raw, _QueuedWriterConnection):  # the factory above makes every one
                    raise TypeError(f"unexpected SQLite connection {type(raw).__name__}")
                raw.begin_write()

        _WRITE_LOCKS[engine] = write_lock
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return create_engine(url, echo=echo, pool_size=20, max_overflow=40, pool_pre_ping=True)


def affected_rows(result: Result[Any]) -> int:
    """The rows an UPDATE or DELETE changed (``Session.execute`` is typed to return a plain ``Result``)."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"{type(result).__name__} of a statement that is no UPDATE or DELETE has no row count")
    return result.rowcount


class Database:
    """Owns the engine and hands out units of work (a session committed or rolled back)."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._reads = sessionmaker(self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading only: no write lock on SQLite; it is rolled back at the end."""
        session = self._reads()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def write_lock_held(self) -> bool:
        """SQLite: whether a write transaction of this process is open now (False on PostgreSQL).

        For checks that nothing slow (a provider's round trip) runs while other writers wait."""
        lock = _WRITE_LOCKS.get(self.engine)
        return lock is not None and lock.locked()

    def on_session(self, name: str, listener: Callable[..., None]) -> None:
        """Listen to a session event (``after_flush``, ``after_commit`` …) of this database's units of work."""
        event.listen(self._sessions, name, listener)

    def create_all(self) -> None:
        """Create tables directly (tests); production uses ``kiepe db upgrade`` (Alembic)."""
        Base.metadata.create_all(self.engine)

    def drop_all(self) -> None:
        Base.metadata.drop_all(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
