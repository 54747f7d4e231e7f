"""The composition root: the one place that builds Kiepe's parts from the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot import payments
from bot.clock import Clock
from bot.dialogue.catalog_cache import CatalogCache
from bot.events import EventBus
from bot.settings import Settings, get_settings
from nlu.client import RasaNluClient
from nlu.result import NluPort
from ordering.db import Database
from ordering.ports import PaymentGateway


@dataclass
class Container:
    """Everything a request handler or a channel needs, built once per process."""

    settings: Settings
    database: Database
    clock: Clock = field(default_factory=Clock)
    events: EventBus = field(default_factory=EventBus)
    catalogs: CatalogCache = field(default_factory=CatalogCache)
    nlu: NluPort | None = None
    gateway: PaymentGateway | None = None
    # Channel objects that need one instance per process (the Telegram application, …).
    extras: dict[str, Any] = field(default_factory=dict)


def build_container(settings: Settings | None = None, *, database: Database | None = None,
                    clock: Clock | None = None, nlu: NluPort | None = None,
                    gateway: PaymentGateway | None = None) -> Container:
    settings = settings or get_settings()
    container = Container(
        settings=settings,
        database=database or Database(settings.database_url),
        clock=clock or Clock(),
        nlu=nlu or RasaNluClient(settings.rasa_url, timeout=settings.nlu_timeout_seconds),
        gateway=gateway or _stripe_gateway(settings),
    )
    from bot.channels import sms  # the channel's modules import Container from here

    container.events.watch(container.database)  # dispatch after commits that wrote events
    payments.subscribe(container)
    sms.subscribe(container.events)  # shops without Telegram, phone residents; silent without Twilio
    return container


def _stripe_gateway(settings: Settings) -> PaymentGateway | None:
    """Online payment only where a Stripe key is configured; otherwise pay on delivery."""
    if not settings.stripe_api_key:
        return None
    from integrations.stripe_gateway import StripeGateway

    return StripeGateway.from_settings(settings)
