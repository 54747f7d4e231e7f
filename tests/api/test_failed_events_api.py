"""The admin sees deliveries parked as failed and sends them again; nobody else may."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.application.outbox_tables import FAILED, PENDING, EventDelivery
from ordering.models import Order, OrderEvent, Slot
from tests.api.conftest import ADMIN, bearer
from tests.ordering.conftest import NOW


def _parked(world, subscriber: str = "gone.subscriber") -> int:
    with world.db.session() as s:
        slot_id = s.scalar(select(Slot.id).limit(1))
        order = Order(reference="K-2611-000042", region_id=world.region_id, fulfilment="delivery", slot_id=slot_id,
                      total_cents=1290)
        s.add(order)
        s.flush()
        event = OrderEvent(order_id=order.id, actor="system", event="placed", at=NOW, dispatched_at=NOW)
        s.add(event)
        s.flush()
        delivery = EventDelivery(event_id=event.id, subscriber=subscriber, status=FAILED, attempts=12,
                                 next_attempt_at=NOW, first_failed_at=NOW - timedelta(hours=8), parked_at=NOW,
                                 last_error="SmsError: Twilio 503", created_at=NOW - timedelta(hours=8))
        s.add(delivery)
        s.flush()
        return delivery.id


def test_the_admin_lists_failed_deliveries_and_retries_them(client, world):
    delivery_id = _parked(world)
    response = client.get("/api/admin/events/failed", headers=ADMIN)
    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == delivery_id and row["order"] == "K-2611-000042" and row["event"] == "placed"
    assert (row["subscriber"], row["attempts"], row["last_error"]) == ("gone.subscriber", 12, "SmsError: Twilio 503")
    assert datetime.fromisoformat(row["since"].replace("Z", "+00:00")) == NOW - timedelta(hours=8)

    assert client.post("/api/admin/events/retry", json={"ids": [delivery_id + 1]}, headers=ADMIN).json() == {
        "retried": 0}
    assert client.post("/api/admin/events/retry", json={"ids": [delivery_id]}, headers=ADMIN).json() == {
        "retried": 1}
    assert client.get("/api/admin/events/failed", headers=ADMIN).json() == []
    with world.db.session() as s:
        delivery = s.get(EventDelivery, delivery_id)
        assert (delivery.status, delivery.attempts, delivery.parked_at) == (PENDING, 0, None)


def test_retry_needs_ids_or_all_and_the_admin_token(client, world):
    _parked(world)
    assert client.post("/api/admin/events/retry", json={}, headers=ADMIN).status_code == 422
    assert client.post("/api/admin/events/retry", json={"ids": [1], "all": True}, headers=ADMIN).status_code == 422
    assert client.post("/api/admin/events/retry", json={"ids": ["1"]}, headers=ADMIN).status_code == 422
    assert client.get("/api/admin/events/failed").status_code == 401
    assert client.get("/api/admin/events/failed", headers=bearer("not-the-admin")).status_code == 403
    assert client.post("/api/admin/events/retry", json={"all": True}, headers=bearer("x")).status_code == 403
    assert client.post("/api/admin/events/retry", json={"all": True}, headers=ADMIN).json() == {"retried": 1}
