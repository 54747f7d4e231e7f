"""Alembic environment: uses the engine handed over by bot.migrate (no ini file, no URL here)."""

from __future__ import annotations

from alembic import context

import bot.tables  # noqa: F401 - registers every table on the metadata
from ordering.models import Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
        compare_type=True,
    )
    context.run_migrations()
