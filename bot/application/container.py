"""What the HTTP edges and the channels are handed: Kiepe's parts, built once per process.

Built only by the composition root (``bot.composition``), which nothing but the app factory
and the CLI imports. Every field is typed; there is no bag of extras. A channel's own
per-process objects (the Telegram application …) live in ``channel_state``, keyed by the
channel's own class, so the application layer never names a channel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.application.erasure import ChannelErasure
from bot.application.events import EventBus
from bot.application.payments import PaymentReactions
from bot.application.ports import Notifier, PaymentGateway, TurnHandler
from bot.application.reminders import Reminders
from bot.clock import Clock
from bot.ratelimit import RateLimits
from bot.settings import Settings
from nlu.result import NluPort
from ordering.db import Database

T = TypeVar("T")


class ChannelState:
    """One object per channel class (the Telegram channel's runtime, …); typed lookups."""

    def __init__(self) -> None:
        self._objects: dict[type, object] = {}

    def get(self, kind: type[T]) -> T | None:
        found = self._objects.get(kind)
        return found if isinstance(found, kind) else None

    def put(self, value: object) -> None:
        self._objects[type(value)] = value


@dataclass
class Container:
    """Everything a request handler or a channel needs, built once per process."""

    settings: Settings
    database: Database
    clock: Clock
    events: EventBus
    nlu: NluPort
    reminders: Reminders
    payments: PaymentReactions
    erasure: ChannelErasure
    rate_limits: RateLimits
    gateway: PaymentGateway | None = None
    # SMS to residents and shops (Twilio); None where Twilio is not configured.
    sms: Notifier | None = None
    # The one dialogue of this process (every channel's turns go here; one catalog cache).
    dialogue: TurnHandler | None = None
    # Loads what the first turn would otherwise load (the lexicon, each region's catalog index):
    # run once at start-up, so the first resident does not wait half a second for it.
    warm_up: Callable[[], None] = lambda: None
    # 32-byte keys derived from the installation's secret, per purpose (``bot.installation_keys``).
    keys: dict[str, bytes] = field(default_factory=dict)
    channel_state: ChannelState = field(default_factory=ChannelState)
