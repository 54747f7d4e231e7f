"""The outbox: events written with a change reach their subscribers once, and failures retry."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.application.outbox_tables import DELIVERED, EventDelivery
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from nlu.offline import OfflineNlu
from ordering.models import Order, OrderEvent, Region
from tests.support.order_builders import order_with_events

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def container(db):
    with db.session() as s:
        order_with_events(s, NOW, "placed", "confirmed")
    return build_container(Settings(database_url=db.url, rasa_manage=False), database=db, clock=Clock(NOW),
                           nlu=OfflineNlu())


async def test_each_event_reaches_its_subscribers_once(container):
    seen = []
    container.events.subscribe("placed", lambda e: seen.append(("placed", e.event)))
    container.events.subscribe("*", lambda e: seen.append(("all", e.event)))
    assert await container.events.dispatch_pending() >= 3
    assert await container.events.dispatch_pending() == 0
    assert sorted(seen) == [("all", "confirmed"), ("all", "placed"), ("placed", "placed")]
    with container.database.session() as s:
        assert all(e.dispatched_at is not None for e in s.scalars(select(OrderEvent)))
        assert {d.status for d in s.scalars(select(EventDelivery))} == {DELIVERED}


async def test_a_request_that_wrote_no_event_costs_no_query(container):
    await container.events.dispatch_pending()  # the fixture's two events
    statements = []
    from sqlalchemy import event

    listener = lambda *args: statements.append(args[2])  # noqa: E731 - the statement text
    event.listen(container.database.engine, "before_cursor_execute", listener)
    try:
        with container.database.session() as s:  # a turn that changed no order
            s.scalar(select(Region.id))
        statements.clear()
        assert await container.events.dispatch_pending(if_news=True) == 0
        assert statements == []
    finally:
        event.remove(container.database.engine, "before_cursor_execute", listener)


async def test_a_commit_that_wrote_an_event_is_dispatched_even_when_asked_only_for_news(container):
    seen = []
    # an event only this test listens to ("ready" has payment handlers too: weighed goods)
    container.events.subscribe("test_news", lambda e: seen.append(e.event))
    await container.events.dispatch_pending()
    with container.database.session() as s:
        order = s.scalar(select(Order))
        order.events.append(OrderEvent(actor="shop", event="test_news", at=NOW))
    assert container.events.may_have_news
    assert await container.events.dispatch_pending(if_news=True) == 1
    assert seen == ["test_news"] and not container.events.may_have_news


async def test_a_commit_in_a_worker_thread_wakes_the_dispatcher_loop(container):
    import anyio

    seen = []
    container.events.subscribe("ready", lambda e: seen.append(e.event))
    await container.events.dispatch_pending()

    def write_in_a_thread() -> None:
        with container.database.session() as s:
            order = s.scalar(select(Order))
            order.events.append(OrderEvent(actor="shop", event="ready", at=NOW))

    async with anyio.create_task_group() as tg:
        tg.start_soon(container.events.run, 3600.0)  # no periodic round: only a wake-up helps
        await anyio.sleep(0.05)
        await anyio.to_thread.run_sync(write_in_a_thread)
        with anyio.fail_after(10):
            while not seen:
                await anyio.sleep(0.01)
        tg.cancel_scope.cancel()
    assert seen == ["ready"]
