"""Retention of the outbox: delivered deliveries are deleted once they are old enough.

Every order event gets one ``event_deliveries`` row per subscriber, so the table grows by a
few rows for every change of every order. A delivered row is of no use after a while (a
subscriber that succeeded never runs again), so the worker deletes delivered rows older
than ``KIEPE_OUTBOX_RETENTION_DAYS`` (14 by default) in a timed job, and ``kiepe events
prune`` does the same by hand. Rows that are pending (waiting, leased) or failed (parked,
for an operator to look at and send again) are never deleted, however old.

The ``order_events`` rows themselves stay: they are the order's status history, a booking
record kept with the order (8 years, see the README's privacy section), not a queue entry.
Once dispatched (``dispatched_at`` set) an event is never dispatched again, so it needs no
delivery rows to stay quiet.

The deletion runs in small batches, each its own short write transaction, found first by a
read that takes no write lock: on SQLite a chat turn waits at most one batch for the lock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from bot.application.outbox_tables import DELIVERED, EventDelivery
from ordering.db import Database

BATCH = 500


def prune_delivered(database: Database, now: datetime, older_than: timedelta, *, batch: int = BATCH) -> int:
    """Delete delivered deliveries whose delivery is older than ``older_than``; returns how many."""
    cutoff = now - older_than
    old = (EventDelivery.status == DELIVERED, EventDelivery.delivered_at.is_not(None),
           EventDelivery.delivered_at < cutoff)
    pruned = 0
    while True:
        with database.read_session() as s:
            ids = list(s.scalars(select(EventDelivery.id).where(*old).order_by(EventDelivery.id).limit(batch)))
        if not ids:
            return pruned
        with database.session() as s:
            # The condition again: a row sent again meanwhile (``kiepe events retry``) is no longer old.
            result = s.execute(delete(EventDelivery).where(EventDelivery.id.in_(ids), *old))
            pruned += int(getattr(result, "rowcount", 0) or 0)
        if len(ids) < batch:
            return pruned
