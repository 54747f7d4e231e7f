"""Delivered outbox deliveries are deleted after the retention; failed and pending ones never are."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.application.outbox_retention import prune_delivered
from bot.application.outbox_tables import DELIVERED, FAILED, PENDING, EventDelivery
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from bot.worker import Worker
from nlu.offline import OfflineNlu
from ordering.models import OrderEvent
from tests.support.order_builders import order_with_events

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)


def _deliveries_of_every_kind(db, now: datetime = NOW) -> dict[str, int]:
    """One event with an old delivered, a fresh delivered, an old parked, an old pending and an old
    leased delivery (each a subscriber of its own); returns their ids by kind."""
    with db.session() as s:
        order = order_with_events(s, now - 30 * DAY, "placed")
        event = s.scalar(select(OrderEvent).where(OrderEvent.order_id == order.id))
        event.dispatched_at = now - 30 * DAY
        old = now - 20 * DAY
        rows = {
            "old_delivered": EventDelivery(status=DELIVERED, delivered_at=old, attempts=1),
            "fresh_delivered": EventDelivery(status=DELIVERED, delivered_at=now - DAY, attempts=1),
            "old_parked": EventDelivery(status=FAILED, parked_at=old, first_failed_at=old, attempts=12,
                                        last_error="SmsError: Twilio 503"),
            "old_pending": EventDelivery(status=PENDING, next_attempt_at=old, attempts=3),
            "old_leased": EventDelivery(status=PENDING, next_attempt_at=old, attempts=1,
                                        leased_until=now + timedelta(minutes=1), lease_token="t"),
        }
        for kind, row in rows.items():
            row.event_id, row.subscriber, row.created_at = event.id, f"test.{kind}", old
            s.add(row)
        s.flush()
        return {kind: row.id for kind, row in rows.items()}


def _left(db) -> set[int]:
    with db.read_session() as s:
        return set(s.scalars(select(EventDelivery.id)))


def test_only_delivered_deliveries_older_than_the_retention_are_deleted(db):
    ids = _deliveries_of_every_kind(db)
    assert prune_delivered(db, NOW, timedelta(days=14)) == 1
    assert _left(db) == set(ids.values()) - {ids["old_delivered"]}
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(OrderEvent)) == 1  # the order's history stays
    assert prune_delivered(db, NOW, timedelta(days=14)) == 0
    assert prune_delivered(db, NOW, timedelta(0)) == 1  # the fresh one too, at age 0; still no failed one
    assert _left(db) == {ids["old_parked"], ids["old_pending"], ids["old_leased"]}


def test_pruning_goes_in_batches_of_short_transactions(db):
    with db.session() as s:
        order = order_with_events(s, NOW - 30 * DAY, "placed")
        event = s.scalar(select(OrderEvent).where(OrderEvent.order_id == order.id))
        event.dispatched_at = NOW - 30 * DAY
        for n in range(7):
            s.add(EventDelivery(event_id=event.id, subscriber=f"test.{n}", status=DELIVERED,
                                delivered_at=NOW - 20 * DAY, attempts=1))
    commits = []
    db.on_session("after_commit", lambda session: commits.append(1))
    assert prune_delivered(db, NOW, timedelta(days=14), batch=3) == 7
    assert len(commits) == 3 and _left(db) == set()


async def test_the_worker_prunes_as_a_timed_job(db):
    ids = _deliveries_of_every_kind(db)
    clock = Clock(NOW)
    container = build_container(Settings(database_url=db.url, rasa_manage=False, outbox_retention_days=14),
                                database=db, clock=clock, nlu=OfflineNlu())
    worker = Worker(container)
    assert "outbox_prune" in {job.name for job in worker.jobs()}
    assert "outbox_prune" not in await worker.run_due_jobs()  # it waits one interval first
    clock.set(NOW + timedelta(hours=1))
    assert "outbox_prune" in await worker.run_due_jobs()
    assert ids["old_delivered"] not in _left(db) and ids["old_parked"] in _left(db)

    off = build_container(Settings(database_url=db.url, rasa_manage=False, outbox_retention_days=0),
                          database=db, clock=clock, nlu=OfflineNlu())
    assert "outbox_prune" not in {job.name for job in Worker(off).jobs()}  # 0 keeps them


def test_the_cli_prunes_with_the_age_given(db, monkeypatch, capsys):
    from bot.cli import main
    from bot.settings import get_settings

    ids = _deliveries_of_every_kind(db, datetime.now(timezone.utc))
    monkeypatch.setenv("KIEPE_DATABASE_URL", db.url)
    monkeypatch.setenv("KIEPE_RASA_MANAGE", "false")
    get_settings.cache_clear()
    try:
        assert main(["events", "prune", "--older-than", "21"]) == 0  # the old ones are 20 days old
        assert "0 delivered deliveries" in capsys.readouterr().out
        assert main(["events", "prune"]) == 0  # the setting's 14 days
        assert "1 delivered deliveries older than 14 days deleted" in capsys.readouterr().out
    finally:
        get_settings.cache_clear()
    assert ids["old_delivered"] not in _left(db) and ids["old_parked"] in _left(db)
