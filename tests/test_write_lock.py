"""On SQLite, no provider call holds the write lock, and the dispatcher never waits for it on the event loop.

A chat turn on SQLite waits for every write transaction before it. The outbox's subscribers send
SMS and Telegram messages, round trips of hundreds of milliseconds; one sent inside a write
transaction makes every turn wait that long. And a write transaction begun on the event loop's
thread stalls the whole process while it waits for the lock, and deadlocks (until SQLite's busy
timeout, 30 s) with a request whose unit of work holds the lock and commits through that loop:
``benchmarks/sqlite_stall.py`` measured chat turns of 30 s from it. These tests check the
structure, not the time: each fake provider notes whether a write transaction was open when it
was called, and ``ordering.db`` warns (``WriteOnEventLoop``) when one begins on a loop's thread.
"""

from __future__ import annotations

import warnings
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import delete

from bot.channels.telegram.pushes import Pushes
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from nlu.offline import OfflineNlu
from ordering.db import Database, WriteOnEventLoop
from ordering.models import OrderEvent, Shop
from tests.support.order_builders import make_order, make_region, make_shop

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def sqlite_db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'kiepe.db'}")
    database.create_all()
    yield database
    database.dispose()


class Provider:
    """A fake SMS provider and Telegram bot: notes, per message, whether the write lock was held."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.calls: list[tuple[str, bool]] = []

    def send_text(self, to: str, text: str) -> str:  # the SMS port (synchronous, like Twilio's client)
        self.calls.append(("sms", self.database.write_lock_held()))
        return "SM1"

    async def send(self, chat_id: int, text: str, **_: object) -> None:  # the Telegram notifier
        self.calls.append(("telegram", self.database.write_lock_held()))


def _order_for_two_shops(db: Database) -> None:
    """An order for a shop reached by SMS and one on Telegram, with its "placed" event and a reminder."""
    with db.session() as s:
        region = make_region(s)
        by_sms, on_telegram = make_shop(s, region, "hof-schulze"), make_shop(s, region, "baeckerei")
        by_sms.phone, on_telegram.telegram_chat_id = "+4925417070", 4711
        order = make_order(s, region, {by_sms: [("Milch", 120)], on_telegram: [("Brötchen", 300)]},
                           method="on_delivery")
        for sub in order.sub_orders:
            for line in sub.lines:
                line.quantity, line.unit, line.unit_price_cents = Decimal(1), "Stk", line.total_cents
        s.add(OrderEvent(order_id=order.id, actor="resident:1", event="placed", at=NOW))
        for sub in order.sub_orders:
            s.add(OrderEvent(order_id=order.id, sub_order_id=sub.id, actor="system", event="shop_reminded",
                             at=NOW, detail={"minutes": 30}))


async def test_subscribers_send_outside_write_transactions_and_off_the_event_loop(sqlite_db):
    _order_for_two_shops(sqlite_db)
    provider = Provider(sqlite_db)
    container = build_container(Settings(database_url=sqlite_db.url, rasa_manage=False), database=sqlite_db,
                                clock=Clock(NOW), nlu=OfflineNlu(), sms=provider)
    Pushes(provider, sqlite_db, container.clock, admin_chat_id=None).subscribe(container.events)  # type: ignore[arg-type]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WriteOnEventLoop)
        delivered = await container.events.dispatch_pending()

    assert sorted(kind for kind, _ in provider.calls) == ["sms", "sms", "telegram", "telegram"]  # order, reminder
    assert [kind for kind, held in provider.calls if held] == []  # no send inside a write transaction
    assert [str(w.message) for w in caught if issubclass(w.category, WriteOnEventLoop)] == []
    assert delivered >= 4


async def test_a_write_transaction_begun_on_the_event_loop_is_reported(sqlite_db):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WriteOnEventLoop)
        with sqlite_db.session() as s:  # what the subscribers did before: on the loop's thread
            s.execute(delete(Shop).where(Shop.id == -1))
        with sqlite_db.read_session() as s:  # a read takes no write lock: nothing to report
            s.get(Shop, 1)
    assert [w.category for w in caught] == [WriteOnEventLoop]
