"""Fixtures for payments: one local Stripe (localstripe + Connect/Checkout front) per test session."""

from __future__ import annotations

import time
import uuid

import pytest

import ordering.payments  # noqa: F401 - registers the payment tables before create_all
from integrations.stripe_gateway import StripeGateway
from ordering.payments.webhooks import handle_stripe_webhook, sign
from tests.support import secrets
from tests.support.stripe_fake import API_KEY, FakeStripe, json_body

WEBHOOK_SECRET = secrets.STRIPE_WEBHOOK_SECRET


@pytest.fixture(scope="session")
def stripe_fake():
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture
def gateway(stripe_fake) -> StripeGateway:
    # Each test has a fresh database, so ids repeat: a prefix keeps their keys apart.
    return StripeGateway(API_KEY, api_base=stripe_fake.api_base, key_prefix=f"test-{uuid.uuid4().hex[:8]}:")


class RecordingNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send_text(self, to: str, text: str) -> None:
        self.sent.append((to, text))


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def deliver(db, gateway, notifier):
    """Post an event like Stripe would: raw body, signed header, own unit of work."""

    def _deliver(event: dict, *, timestamp: int | None = None, secret: str = WEBHOOK_SECRET, now: float | None = None):
        body = json_body(event)
        header = sign(body, secret, timestamp if timestamp is not None else int(time.time()))
        with db.session() as session:
            return handle_stripe_webhook(session, body, header, secret=WEBHOOK_SECRET, gateway=gateway, notifier=notifier, now=now)

    return _deliver
