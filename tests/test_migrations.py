"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.migrate import current_heads, pending_changes, upgrade
from ordering.db import Database
from tests.conftest import _PG_OK, drop_postgres_schema, make_postgres_database


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_upgrade_head_matches_the_models(backend, tmp_path):
    if backend == "sqlite":
        database, schema = Database(f"sqlite:///{tmp_path / 'm.db'}"), None
    else:
        if not _PG_OK:
            pytest.skip("PostgreSQL not reachable")
        database, schema = make_postgres_database()
    try:
        upgrade(database.engine)
        upgrade(database.engine)  # a second run changes nothing
        assert current_heads(database.engine)
        assert pending_changes(database.engine) == []
    finally:
        database.dispose()
        if schema:
            drop_postgres_schema(schema)


def test_stored_stripe_payloads_become_hashes(tmp_path):
    import hashlib

    from sqlalchemy import text

    database = Database(f"sqlite:///{tmp_path / 'm.db'}")
    body = '{"id": "evt_1", "data": {"object": {"customer_details": {"name": "Hildegard", "email": "h@example.org"}}}}'
    try:
        upgrade(database.engine, "a7c3e1f0b2d4")
        with database.engine.begin() as conn:
            conn.execute(text("INSERT INTO processed_events (id, source, at, payload) VALUES "
                              "('stripe:evt_1', 'stripe', '2026-11-23 08:00:00', :body), "
                              "('sms:SM1', 'sms', '2026-11-23 08:00:00', 'Danke, bestätigt.')"), {"body": body})
        upgrade(database.engine)
        with database.engine.connect() as conn:
            rows = dict((r[0], r[1:]) for r in conn.execute(text("SELECT id, payload, payload_sha256 FROM processed_events")))
        assert rows["stripe:evt_1"] == (None, hashlib.sha256(body.encode()).hexdigest())
        assert rows["sms:SM1"] == ("Danke, bestätigt.", None)  # Kiepe's own note stays
    finally:
        database.dispose()
