"""Shared fixtures: a fresh database per test, on SQLite and on PostgreSQL.

PostgreSQL tests use their own schema per test (``search_path``), so several test
runs on one server never see each other's rows. Set KIEPE_TEST_POSTGRES_URL to point
elsewhere, or to "" to skip PostgreSQL locally; CI requires it (CI=true).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text

import bot.tables  # noqa: F401 - every table, so create_all makes them all
from ordering.db import Database

POSTGRES_URL = os.environ.get("KIEPE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_available() -> bool:
    if not POSTGRES_URL:
        return False
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:
        return False


_PG_OK = _postgres_available()
if os.environ.get("CI") and not _PG_OK:
    raise RuntimeError(f"CI requires PostgreSQL at {POSTGRES_URL!r}, but it does not answer")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def make_postgres_database() -> tuple[Database, str]:
    """A Database bound to a new, empty schema of its own."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    sep = "&" if "?" in POSTGRES_URL else "?"
    return Database(f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"), schema


def drop_postgres_schema(schema: str) -> None:
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request, tmp_path) -> Iterator[Database]:
    """An empty Kiepe database with all tables, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'kiepe.db'}")
        database.create_all()
        yield database
        database.dispose()
        return
    yield from _postgres_with_tables()


@pytest.fixture
def pg_db() -> Iterator[Database]:
    """A PostgreSQL-only database (concurrency tests)."""
    yield from _postgres_with_tables()


def _postgres_with_tables() -> Iterator[Database]:
    if not _PG_OK:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    database, schema = make_postgres_database()
    database.create_all()
    try:
        yield database
    finally:
        database.dispose()
        drop_postgres_schema(schema)


# Preparing Rasa on a fresh machine (its venv, then training) takes about ten minutes, most of
# it waiting on pip and TensorFlow. It starts in a background thread as soon as the tests are
# collected, and the tests that need Rasa run last, so the rest of the suite runs meanwhile.
_RASA_PREPARED: list[Future[object]] = []


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected: only what will run counts
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    needs_rasa = [item for item in items if item.get_closest_marker("rasa")]
    if not needs_rasa:
        return
    items[:] = [item for item in items if not item.get_closest_marker("rasa")] + needs_rasa
    if not os.environ.get("KIEPE_RASA_URL"):
        from nlu import rasa_env

        # quiet: its progress lines would cut into pytest's; a failure raises with the log named
        preparing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rasa-prepare")
        _RASA_PREPARED.append(preparing.submit(rasa_env.train, verbose=False))
        preparing.shutdown(wait=False)


@pytest.fixture(scope="session")
def rasa_url() -> Iterator[str]:
    """URL of a real Rasa server with the current model, shared by the whole test session.

    Uses $KIEPE_RASA_URL when set (a server someone already runs); otherwise creates the
    Rasa venv and trains if needed (nlu.rasa_env; begun in the background at collection),
    starts `rasa run` on a free port (from the main thread, so the server dies with pytest)
    and stops it at the end of the session.
    """
    from nlu import rasa_env

    external = os.environ.get("KIEPE_RASA_URL")
    if external:
        rasa_env.wait_until_ready(external, timeout=600)
        yield external
        return
    for prepared in _RASA_PREPARED:
        prepared.result()
    rasa_env.train()
    server = rasa_env.serve(port=rasa_env.free_port())
    try:
        rasa_env.wait_until_ready(server.url, timeout=600, server=server)
        yield server.url
    finally:
        server.stop()
