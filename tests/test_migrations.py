"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from bot.migrate import current_heads, pending_changes, upgrade
from ordering.db import Database
from tests.conftest import drop_postgres_schema, make_postgres_database, _PG_OK

import pytest


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
