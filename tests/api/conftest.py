"""An app over a fresh database holding the small test region, with a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from tests.ordering.conftest import NOW, World, build_world
from tests.support import secrets

ADMIN = {"Authorization": f"Bearer {secrets.ADMIN_TOKEN}"}


@pytest.fixture
def world(db) -> World:
    return build_world(db)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    settings = Settings(database_url=world.db.url, admin_token=secrets.ADMIN_TOKEN, rasa_manage=False)
    container = build_container(settings, database=world.db, clock=Clock(NOW))
    with TestClient(create_app(container), raise_server_exceptions=False) as test_client:
        yield test_client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
