"""An app with the phone and SMS channels over the small test region, Twilio recorded, clock frozen."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

import bot.channels.voice.models  # noqa: F401 - call_records must exist before create_all
from bot.app import create_app
from bot.clock import Clock
from bot.composition import Container, build_container
from bot.settings import Settings
from integrations.twilio_sms import TwilioSms
from ordering.models import Region
from ordering.residents import ResidentData, mark_phone_verified, register_resident
from tests.ordering.conftest import NOW, World, build_world
from tests.support import secrets
from tests.voice.twilio_harness import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, PUBLIC_URL, Phone, RecordingHttpClient

HOTLINE = "+4925419991111"
ANNA = "+4915112345678"


def unused_address() -> str:
    """Where no NLU listens: the dialogue falls back to its own understanding at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@dataclass
class PhoneApp:
    client: TestClient
    container: Container
    world: World
    twilio: RecordingHttpClient

    def phone(self, number: str = ANNA) -> Phone:
        return Phone(self.client, number)


def make_app(world: World, *, hotline: str | None = HOTLINE, twilio_fail: bool = False) -> tuple:
    settings = Settings(
        database_url=world.db.url, admin_token=secrets.ADMIN_TOKEN, link_secret=secrets.LINK_SECRET, rasa_manage=False, rasa_url=unused_address(),
        nlu_timeout_seconds=0.5, public_url=PUBLIC_URL, twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token=AUTH_TOKEN, twilio_from_number=FROM_NUMBER, dispatch_events=False,
    )
    recorder = RecordingHttpClient(fail=twilio_fail)
    container = build_container(settings, database=world.db, clock=Clock(NOW),
                                sms=TwilioSms(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, http_client=recorder))
    with world.db.session() as s:
        region = s.scalar(select(Region))
        region.hotline = hotline
    return create_app(container), container, recorder


@pytest.fixture
def world(db) -> World:
    world = build_world(db)
    with db.session() as s:
        anna = register_resident(s, world.region_id, ResidentData(name="Anna Schulte", phone=ANNA,
                                                                  street="Markt 3", postcode="48653"))
        mark_phone_verified(s, anna, NOW)  # she proved her number: calls from it are hers
    return world


@pytest.fixture
def phone_app(world: World) -> Iterator[PhoneApp]:
    app, container, recorder = make_app(world)
    with TestClient(app, base_url=PUBLIC_URL, raise_server_exceptions=True) as client:
        yield PhoneApp(client, container, world, recorder)
