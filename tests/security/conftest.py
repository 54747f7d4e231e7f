"""The app as an attacker meets it: the small region on SQLite, real settings, frozen clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.clock import Clock
from bot.composition import Container, build_container
from bot.settings import Settings
from nlu.offline import OfflineNlu
from ordering.db import Database
from ordering.residents import ResidentData, mark_phone_verified, register_resident
from tests.ordering.conftest import NOW, World, build_world
from tests.support import secrets
from tests.voice.conftest import ANNA, PhoneApp, make_app
from tests.voice.twilio_harness import PUBLIC_URL

ADMIN_TOKEN = secrets.ADMIN_TOKEN
ATTACKER = ("203.0.113.66", 40000)


@pytest.fixture
def world(tmp_path) -> Iterator[World]:
    database = Database(f"sqlite:///{tmp_path / 'kiepe.db'}")
    database.create_all()
    yield build_world(database)
    database.dispose()


@pytest.fixture
def make_client(world: World) -> Iterator[Callable[..., TestClient]]:
    """``make_client(client=(host, port), **settings)``: a client of a fresh app over the world."""
    opened: list[TestClient] = []

    def make(client: tuple[str, int] = ATTACKER, container: Container | None = None, **overrides) -> TestClient:
        if container is None:
            settings = Settings(database_url=world.db.url, admin_token=ADMIN_TOKEN, rasa_manage=False,
                                dispatch_events=False, housekeeping_interval_seconds=0, **overrides)
            container = build_container(settings, database=world.db, clock=Clock(NOW), nlu=OfflineNlu())
        test_client = TestClient(create_app(container), client=client, raise_server_exceptions=False)
        test_client.__enter__()
        opened.append(test_client)
        return test_client

    yield make
    for test_client in opened:
        test_client.__exit__(None, None, None)


@pytest.fixture
def phone_app(world: World) -> Iterator[PhoneApp]:
    """The phone and SMS channels (signed Twilio webhooks, SMS recorded) over the world; Anna has
    proved her number."""
    with world.db.session() as s:
        anna = register_resident(s, world.region_id, ResidentData(name="Anna Schulte", phone=ANNA,
                                                                  street="Markt 3", postcode="48653"))
        mark_phone_verified(s, anna, NOW)
    app, container, recorder = make_app(world)
    with TestClient(app, base_url=PUBLIC_URL, client=ATTACKER, raise_server_exceptions=True) as client:
        yield PhoneApp(client, container, world, recorder)
