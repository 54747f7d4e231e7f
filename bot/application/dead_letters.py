"""Deliveries parked as failed (the outbox's dead letters): listed for operators and sent again.

Used by ``kiepe events failed|retry``, the admin API (``/api/admin/events/…``) and the console.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.application.event_details import DeliveryParked
from bot.application.outbox_tables import FAILED, PENDING, EventDelivery
from ordering.models import Order, OrderEvent


@dataclass(frozen=True)
class ParkedDelivery:
    id: int  # the delivery's id: what ``kiepe events retry --id`` takes
    event_id: int
    event: str
    order_reference: str
    subscriber: str
    attempts: int
    last_error: str
    since: datetime  # the first failure
    parked_at: datetime


def parked(session: Session, *, region_id: int | None = None, limit: int = 500) -> list[ParkedDelivery]:
    """Parked deliveries, the newest first (of one region's orders when ``region_id`` is given)."""
    query = (select(EventDelivery, OrderEvent.event, Order.reference)
             .join(OrderEvent, EventDelivery.event_id == OrderEvent.id)
             .join(Order, OrderEvent.order_id == Order.id)
             .where(EventDelivery.status == FAILED)
             .order_by(EventDelivery.parked_at.desc(), EventDelivery.id.desc()).limit(limit))
    if region_id is not None:
        query = query.where(Order.region_id == region_id)
    return [ParkedDelivery(d.id, d.event_id, event, reference, d.subscriber, d.attempts, d.last_error or "",
                           d.first_failed_at or d.parked_at or d.created_at, d.parked_at or d.created_at)
            for d, event, reference in session.execute(query)]


def count_parked(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(EventDelivery)
                              .where(EventDelivery.status == FAILED)) or 0)


def retry_parked(session: Session, now: datetime, ids: Iterable[int] | None = None) -> int:
    """Send parked deliveries again (all, or those with ``ids``): a fresh round of attempts from now.

    Only the parked subscriber runs again; the others of the same event were delivered already.
    Returns how many were put back.
    """
    query = update(EventDelivery).where(EventDelivery.status == FAILED)
    if ids is not None:
        query = query.where(EventDelivery.id.in_(list(ids)))
    result = session.execute(query.values(status=PENDING, attempts=0, next_attempt_at=now, parked_at=None,
                                          leased_until=None, lease_token=None))
    return int(getattr(result, "rowcount", 0) or 0)


def parked_alert(parked: DeliveryParked, order_reference: str) -> str:
    """What the region admin reads (SMS, Telegram) when a delivery was parked: German, one message."""
    return (f"Kiepe: Eine Nachricht zu Bestellung {order_reference} wurde nach {parked.attempts} "
            f"Versuchen nicht zugestellt (Ereignis „{parked.event}“, an {parked.subscriber}). "
            f"Letzter Fehler: {parked.error[:160]}. Liste: kiepe events failed; "
            f"erneut senden: kiepe events retry --id {parked.delivery_id}")
