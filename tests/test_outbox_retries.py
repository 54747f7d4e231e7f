"""Nothing dropped: retries per subscriber with growing delays, parking, resending, leases."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.application.dead_letters import parked, retry_parked
from bot.application.event_details import DeliveryParked
from bot.application.events import DELIVERY_PARKED
from bot.application.outbox_tables import DELIVERED, FAILED, PENDING, EventDelivery
from bot.application.retry import RetryPolicy
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from nlu.offline import OfflineNlu
from ordering.models import OrderEvent
from tests.support.order_builders import order_with_events

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
NO_JITTER = RetryPolicy(first=timedelta(seconds=30), cap=timedelta(hours=2), max_attempts=12, jitter=0.0)


def _order_with_events(db, *names: str) -> int:
    with db.session() as s:
        return order_with_events(s, NOW, *names).id


def _container(db, clock: Clock, policy: RetryPolicy = NO_JITTER, **settings):
    container = build_container(Settings(database_url=db.url, rasa_manage=False, **settings), database=db,
                                clock=clock, nlu=OfflineNlu())
    container.events.policy = policy
    return container


def _deliveries(db, subscriber: str | None = None) -> list[EventDelivery]:
    with db.session() as s:
        query = select(EventDelivery).order_by(EventDelivery.id)
        if subscriber is not None:
            query = query.where(EventDelivery.subscriber == subscriber)
        return list(s.scalars(query))


def _flaky(failures: int, calls: list):
    async def flaky(event):
        calls.append(event.id)
        if len(calls) <= failures:
            raise ConnectionError("SMS gateway unreachable")
    return flaky


async def test_a_failing_subscriber_is_retried_alone_with_growing_delays(db):
    _order_with_events(db, "placed")
    clock = Clock(NOW)
    container = _container(db, clock)
    steady, flaky_calls = [], []
    container.events.subscribe("placed", lambda e: steady.append(e.id), name="steady")
    container.events.subscribe("placed", _flaky(3, flaky_calls), name="flaky")

    await container.events.dispatch_pending()
    delays = []
    for _ in range(3):
        [delivery] = _deliveries(db, "flaky")
        delays.append(delivery.next_attempt_at - clock.now())
        assert await container.events.dispatch_pending() == 0  # not due yet: nothing runs
        clock.set(delivery.next_attempt_at)
        await container.events.dispatch_pending()

    assert delays == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert len(flaky_calls) == 4 and len(steady) == 1  # only the failing one ran again
    [delivery] = _deliveries(db, "flaky")
    assert (delivery.status, delivery.attempts) == (DELIVERED, 4)
    assert delivery.last_error == "ConnectionError: SMS gateway unreachable"


def test_backoff_doubles_up_to_the_cap_with_bounded_jitter_and_spans_hours():
    policy = RetryPolicy()  # the defaults of the settings
    assert [policy.nominal_delay(n).total_seconds() for n in range(1, 12)] == [
        30, 60, 120, 240, 480, 960, 1920, 3840, 7200, 7200, 7200]
    assert policy.span() >= timedelta(hours=6) and policy.max_attempts == 12
    assert policy.span() * (1 - policy.jitter) >= timedelta(hours=6)  # even with every delay shrunk
    low, high = (RetryPolicy(random=lambda: r).delay(3) for r in (0.0, 0.999999))
    assert low == timedelta(seconds=96) and timedelta(seconds=143.9) < high < timedelta(seconds=144)
    settings = RetryPolicy.from_settings(Settings())
    assert (settings.first, settings.cap, settings.max_attempts) == (policy.first, policy.cap, 12)


async def test_after_the_last_attempt_a_delivery_is_parked_and_the_admin_is_told(db):
    _order_with_events(db, "placed")
    clock = Clock(NOW)
    container = _container(db, clock, RetryPolicy(max_attempts=3, jitter=0.0))
    alerts = []

    def broken(event):
        raise RuntimeError("Twilio says no")

    container.events.subscribe("placed", broken, name="broken")
    container.events.subscribe(DELIVERY_PARKED, lambda e: alerts.append(e.details_of(DeliveryParked)), name="alert")
    for _ in range(6):
        await container.events.dispatch_pending()
        clock.set(clock.now() + timedelta(hours=3))

    [delivery] = _deliveries(db, "broken")
    assert (delivery.status, delivery.attempts) == (FAILED, 3) and delivery.parked_at is not None
    assert len(alerts) == 1 and (alerts[0].subscriber, alerts[0].attempts, alerts[0].event) == ("broken", 3, "placed")
    assert "Twilio says no" in alerts[0].error
    with db.read_session() as s:
        rows = parked(s)
    assert [(r.id, r.event, r.order_reference, r.subscriber, r.attempts) for r in rows] == [
        (delivery.id, "placed", "K-1", "broken", 3)]


async def test_a_parked_alert_that_fails_is_not_alerted_again(db):
    _order_with_events(db, "placed")
    clock = Clock(NOW)
    container = _container(db, clock, RetryPolicy(max_attempts=1, jitter=0.0))

    def broken(event):
        raise RuntimeError("down")

    container.events.subscribe("placed", broken, name="broken")
    container.events.subscribe(DELIVERY_PARKED, broken, name="alert")
    for _ in range(4):
        await container.events.dispatch_pending()
    with db.read_session() as s:
        assert len(s.scalars(select(OrderEvent).where(OrderEvent.event == DELIVERY_PARKED)).all()) == 1
    assert {d.subscriber: d.status for d in _deliveries(db) if d.subscriber in ("broken", "alert")} == {
        "broken": FAILED, "alert": FAILED}


async def test_retry_sends_a_parked_delivery_again_and_only_that_one(db):
    _order_with_events(db, "placed")
    clock = Clock(NOW)
    container = _container(db, clock, RetryPolicy(max_attempts=2, jitter=0.0))
    steady, calls = [], []
    container.events.subscribe("placed", lambda e: steady.append(e.id), name="steady")
    container.events.subscribe("placed", _flaky(2, calls), name="flaky")
    for _ in range(3):
        await container.events.dispatch_pending()
        clock.set(clock.now() + timedelta(minutes=5))
    [delivery] = _deliveries(db, "flaky")
    assert delivery.status == FAILED and len(calls) == 2

    with db.session() as s:
        assert retry_parked(s, clock.now(), [delivery.id]) == 1
    assert await container.events.dispatch_pending() == 1
    [delivery] = _deliveries(db, "flaky")
    assert (delivery.status, delivery.attempts) == (DELIVERED, 1)
    assert len(calls) == 3 and len(steady) == 1


async def test_an_expired_lease_is_taken_over_by_another_dispatcher(db):
    _order_with_events(db, "placed")
    clock = Clock(NOW)
    first, second = _container(db, clock), _container(db, clock)
    got = []
    for name, container in (("first", first), ("second", second)):
        container.events.subscribe("placed", lambda e, who=name: got.append(who), name="shop_sms")

    [claim] = [c for c in first.events.claim() if c.subscriber == "shop_sms"]  # then the process is killed
    assert await second.events.dispatch_pending() == 0  # still leased
    clock.set(NOW + first.events.lease + timedelta(seconds=1))
    assert await second.events.dispatch_pending() >= 1  # with the composition's own SMS subscribers
    assert got == ["second"]
    first.events.record_success(claim)  # the killed one's late word changes nothing
    [delivery] = _deliveries(db, "shop_sms")
    assert (delivery.status, delivery.attempts, delivery.delivered_at) == (DELIVERED, 2, clock.now())


async def test_deliveries_of_a_subscriber_that_joins_later_wait_for_it(db):
    _order_with_events(db, "placed")
    container = _container(db, Clock(NOW))
    container.events.expect("placed", "telegram.shop_order")
    await container.events.dispatch_pending()
    [waiting] = _deliveries(db, "telegram.shop_order")
    assert (waiting.status, waiting.attempts, waiting.leased_until) == (PENDING, 0, None)
    got = []
    container.events.subscribe("placed", lambda e: got.append(e.event), name="telegram.shop_order")
    assert await container.events.dispatch_pending() == 1 and got == ["placed"]


def test_the_cli_lists_parked_deliveries_and_puts_them_back(db, monkeypatch, capsys):
    from bot.cli import main
    from bot.settings import get_settings

    _order_with_events(db, "placed")
    with db.session() as s:
        event = s.scalar(select(OrderEvent))
        event.dispatched_at = NOW
        s.add(EventDelivery(event_id=event.id, subscriber="bot.channels.sms.subscribers.SmsNotices.send_shop_orders",
                            status=FAILED, attempts=12, next_attempt_at=NOW, first_failed_at=NOW,
                            parked_at=NOW + timedelta(hours=8), last_error="SmsError: Twilio 503"))
    monkeypatch.setenv("KIEPE_DATABASE_URL", db.url)
    monkeypatch.setenv("KIEPE_RASA_MANAGE", "false")
    get_settings.cache_clear()
    try:
        assert main(["events", "failed"]) == 1
        out = capsys.readouterr().out
        assert "send_shop_orders" in out and "K-1" in out and "SmsError: Twilio 503" in out
        assert "2026-11-23 09:00" in out and " 12 " in out
        assert main(["events", "retry", "--all", "--no-send"]) == 0
        assert "1 deliveries put back" in capsys.readouterr().out
        assert main(["events", "failed"]) == 0
    finally:
        get_settings.cache_clear()
    [delivery] = _deliveries(db)
    assert (delivery.status, delivery.attempts, delivery.parked_at) == (PENDING, 0, None)


def test_two_dispatchers_on_postgresql_never_deliver_an_event_twice(pg_db):
    """Real threads, real PostgreSQL: claims with FOR UPDATE SKIP LOCKED split the work."""
    import threading
    import time
    from collections import Counter

    import anyio

    from ordering.db import Database

    order_id = _order_with_events(pg_db, "placed")
    with pg_db.session() as s:
        s.add_all([OrderEvent(order_id=order_id, actor="t", event="ready", at=NOW) for _ in range(299)])
    lock, delivered = threading.Lock(), Counter()
    by_worker: Counter = Counter()

    def dispatcher(name: str) -> None:
        database = Database(pg_db.url)
        try:
            container = _container(database, Clock())

            def record(event) -> None:
                time.sleep(0.002)  # a provider call: long enough for the others to claim meanwhile
                with lock:
                    delivered[event.id] += 1
                    by_worker[name] += 1

            container.events.subscribe("*", record, name="record")

            async def drain() -> None:
                idle = 0
                while idle < 3:
                    handled = await container.events.dispatch_pending(limit=25)
                    idle = idle + 1 if handled == 0 else 0
            anyio.run(drain)
        finally:
            database.dispose()

    threads = [threading.Thread(target=dispatcher, args=(f"d{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(delivered) == 300 and set(delivered.values()) == {1}
    assert sum(1 for count in by_worker.values() if count > 0) >= 2, by_worker  # the work was shared
    assert os.environ.get("KIEPE_TEST_POSTGRES_URL", "x")  # PostgreSQL ran (pg_db skips otherwise)


async def test_a_long_batch_renews_its_leases_so_nobody_takes_over_a_delivery_not_yet_run(db):
    # an event only this test listens to ("ready" has payment handlers too: weighed goods)
    order_id = _order_with_events(db, "test_batch")
    with db.session() as s:
        s.add_all([OrderEvent(order_id=order_id, actor="t", event="test_batch", at=NOW) for _ in range(3)])
    clock = Clock(NOW)
    first, second = _container(db, clock), _container(db, clock)
    first.events.lease = second.events.lease = timedelta(seconds=10)
    taken_over = []

    def slow(event) -> None:  # each delivery takes 4 s: the batch of four outlasts one lease
        if clock.now() > NOW + timedelta(seconds=10):  # the first leases would have run out by now
            taken_over.extend(c for c in second.events.claim() if c.subscriber == "slow")
        clock.set(clock.now() + timedelta(seconds=4))

    first.events.subscribe("test_batch", slow, name="slow")
    second.events.subscribe("test_batch", slow, name="slow")
    assert await first.events.dispatch_pending() == 4
    assert taken_over == []
    assert {(d.status, d.attempts) for d in _deliveries(db, "slow")} == {(DELIVERED, 1)}
