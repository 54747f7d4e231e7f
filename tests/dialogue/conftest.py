"""The dialogue over the demo region, with the clock on Monday 23 November 2026, 10:00.

These tests use the rule-based understanding (``OfflineNlu``: Rasa switched off on
purpose), which is also what residents get when Rasa is down; the same paths with the
real Rasa server are in tests/nlu and the replayed conversations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.clock import Clock
from bot.composition import Container, build_container
from bot.dialogue.engine import Dialogue
from bot.dialogue.types import Customer, Reply, Turn
from bot.settings import REPO_ROOT, Settings
from nlu.offline import OfflineNlu
from ordering import windows
from ordering.catalog_file import read_catalog
from ordering.catalog_import import import_catalog
from ordering.models import Region

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)


@lru_cache
def demo_spec():
    return read_catalog(REPO_ROOT / "data" / "muensterland.yml")


@pytest.fixture
def container(db) -> Container:
    with db.session() as s:
        import_catalog(s, demo_spec())
    with db.session() as s:
        windows.generate_slots(s, s.scalar(select(Region)), date(2026, 11, 22), 16)
    settings = Settings(database_url=db.url, rasa_manage=False, dispatch_events=False)
    return build_container(settings, database=db, clock=Clock(NOW), nlu=OfflineNlu())


@dataclass
class Talk:
    """One conversation: ``await talk("zwei brötchen")`` returns the replies' joined text."""

    dialogue: Dialogue
    channel: str = "web"
    key: str = "test-1"
    customer: Customer = field(default_factory=Customer)
    now: datetime = NOW
    shared_cart_key: str | None = None
    last: list[Reply] = field(default_factory=list)

    async def __call__(self, text: str | None = None, *, choice: str | None = None, dtmf: str | None = None,
                       silence: bool = False) -> str:
        self.now += timedelta(seconds=15)
        turn = Turn(channel=self.channel, conversation_key=self.key, now=self.now, text=text, choice=choice,
                    dtmf=dtmf, customer=self.customer, silence=silence, shared_cart_key=self.shared_cart_key)
        self.last = await self.dialogue.handle(turn)
        return " ".join(r.text for r in self.last)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(c.label, c.value) for r in self.last[-1:] for c in r.choices]

    def choice_value(self, fragment: str) -> str:
        for label, value in self.choices:
            if fragment.lower() in label.lower():
                return value
        raise AssertionError(f"no choice with {fragment!r} in {self.choices}")


@pytest.fixture
def talk(container) -> Talk:
    return Talk(Dialogue(container))


def phone_call(container: Container, phone: str = "+49 2541 111111", key: str = "call-1") -> Talk:
    return Talk(Dialogue(container), channel="voice", key=key, customer=Customer(phone=phone))
