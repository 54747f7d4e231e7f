"""The composition root: the one place that builds Kiepe's parts from the settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.settings import Settings, get_settings
from ordering.db import Database


@dataclass
class Container:
    """Everything a request handler or a channel needs, built once per process."""

    settings: Settings
    database: Database
    clock: Clock = field(default_factory=Clock)


def build_container(settings: Settings | None = None, *, database: Database | None = None,
                    clock: Clock | None = None) -> Container:
    settings = settings or get_settings()
    return Container(
        settings=settings,
        database=database or Database(settings.database_url),
        clock=clock or Clock(),
    )
