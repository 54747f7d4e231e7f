"""Backups as the README describes them: ``pg_dump -Fc`` of a database with orders, restored
with ``pg_restore`` into a fresh database, and the order history read back intact.

Runs against the PostgreSQL server on 127.0.0.1:5432 with two databases of its own (uniquely
named, dropped afterwards). Skipped where pg_dump is not installed, except under CI=true.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bot.migrate import upgrade
from ordering.db import Database
from ordering.models import Order, OrderEvent, SubOrder
from tests.conftest import _PG_OK, POSTGRES_URL
from tests.ops.orders import place_order
from tests.ordering.conftest import World, build_world

pytestmark = pytest.mark.postgres
TOOLS = ("pg_dump", "pg_restore")


def _require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing or not _PG_OK:
        why = f"{', '.join(missing)} not installed" if missing else f"PostgreSQL not reachable at {POSTGRES_URL}"
        if os.environ.get("CI"):
            pytest.fail(f"CI requires the backup test: {why}")
        pytest.skip(why)


@pytest.fixture
def databases() -> Iterator[tuple[str, str]]:
    """Two new, empty databases (source, restore target) as SQLAlchemy URLs; dropped afterwards."""
    _require_tools()
    server = make_url(POSTGRES_URL)
    names = [f"kiepe_backup_{uuid.uuid4().hex[:10]}_{role}" for role in ("src", "dst")]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield tuple(server.set(database=n).render_as_string(hide_password=False) for n in names)  # type: ignore[misc]
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _libpq(url: str) -> str:
    """The same database as a libpq connection string (what pg_dump and pg_restore take)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _history(db: Database) -> list[tuple]:
    with db.read_session() as s:
        orders = [(o.id, o.reference, o.customer_name, o.status, o.total_cents, o.created_at)
                  for o in s.scalars(select(Order).order_by(Order.id))]
        subs = [(x.id, x.order_id, x.shop_id, x.status, x.answer_code) for x in s.scalars(select(SubOrder).order_by(SubOrder.id))]
        events = [(e.id, e.order_id, e.sub_order_id, e.event, e.actor, e.detail, e.at)
                  for e in s.scalars(select(OrderEvent).order_by(OrderEvent.id))]
    return [*orders, *subs, *events]


def test_dump_and_restore_keep_the_order_history(databases, tmp_path):
    source_url, target_url = databases
    source = Database(source_url)
    upgrade(source.engine)  # the schema as production has it: by the migrations
    world = build_world(source)
    first = place_order(world, phone="+4915111111111", name="Anna Schulte")
    second = place_order(world, phone="+4915122222222", name="Bernd Voss")
    before = _history(source)
    assert {first, second} <= {row[0] for row in before} and len(before) > 4
    source.dispose()

    dump = tmp_path / "kiepe.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", _libpq(source_url)],
                   check=True, capture_output=True, timeout=120)
    assert dump.stat().st_size > 0
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_libpq(target_url)}", str(dump)],
                   check=True, capture_output=True, timeout=120)

    restored = Database(target_url)
    try:
        assert _history(restored) == before
        with restored.read_session() as s:  # the app can go on where it stopped: the schema is at head
            version = s.scalar(text("SELECT version_num FROM alembic_version"))
        assert version
        # and it takes new orders: the id sequences came along too
        third = place_order(World(restored, world.region_id, world.shops, world.products),
                            phone="+4915133333333", name="Clara Wulf")
        assert third > max(first, second)
    finally:
        restored.dispose()
