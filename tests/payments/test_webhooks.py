"""Signed webhooks: good, duplicate, out of order, stale, forged."""

from __future__ import annotations

import json
import time

import pytest

from ordering.models import Order, ProcessedEvent
from ordering.payments import ledger, service
from ordering.payments.models import LedgerEntry, Payment
from ordering.payments.webhooks import WebhookRejected, sign, verify
from tests.support.order_builders import make_order, make_region, make_shop

from .conftest import WEBHOOK_SECRET


def _ordered_and_paid(db, gateway, stripe_fake):
    """An order with an open checkout session that the resident has paid at Stripe."""
    with db.session() as s:
        region = make_region(s)
        shop = make_shop(s, region, "baeckerei")
        order = make_order(s, region, {shop: [("Brot", 1000)]})
        service.start_payment(s, order.id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        order_id = order.id
        session_id = s.query(Payment).filter_by(order_id=order_id).one().checkout_session_id
    return order_id, stripe_fake.pay_checkout_session(session_id)


def test_good_event_marks_paid_and_duplicate_is_skipped(db, gateway, stripe_fake, deliver):
    order_id, paid_session = _ordered_and_paid(db, gateway, stripe_fake)
    event = stripe_fake.event("checkout.session.completed", paid_session)
    assert deliver(event).status == "processed"
    assert deliver(event).status == "duplicate"
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order.payment_status == "paid"
        assert s.query(LedgerEntry).filter_by(order_id=order_id, kind="charged").one().amount_cents == 1390
        assert s.get(ProcessedEvent, f"stripe:{event['id']}") is not None
        ledger.assert_order_balanced(s, order)


def test_events_out_of_order(db, gateway, stripe_fake, deliver):
    order_id, paid_session = _ordered_and_paid(db, gateway, stripe_fake)
    with db.session() as s:
        payment = s.query(Payment).filter_by(order_id=order_id).one()
        charge_id = gateway.retrieve_payment(payment.checkout_session_id).charge_id
        intent_id = paid_session["payment_intent"]
    # A refund notice for a charge Kiepe has not recorded yet: noted, nothing breaks.
    refunded = stripe_fake.event("charge.refunded", {"id": charge_id, "object": "charge", "payment_intent": intent_id})
    assert deliver(refunded).status == "processed"
    # The payment intent's success before the session's completion already records the payment.
    intent = stripe_fake.get(f"/v1/payment_intents/{intent_id}")
    assert deliver(stripe_fake.event("payment_intent.succeeded", intent)).status == "processed"
    with db.session() as s:
        assert s.get(Order, order_id).payment_status == "paid"
    assert deliver(stripe_fake.event("checkout.session.completed", paid_session)).status == "processed"
    with db.session() as s:
        assert s.query(LedgerEntry).filter_by(order_id=order_id, kind="charged").count() == 1
        ledger.assert_order_balanced(s, s.get(Order, order_id))


def test_stale_timestamp_is_refused(db, gateway, stripe_fake, deliver):
    _, paid_session = _ordered_and_paid(db, gateway, stripe_fake)
    event = stripe_fake.event("checkout.session.completed", paid_session)
    with pytest.raises(WebhookRejected, match="tolerance"):
        deliver(event, timestamp=int(time.time()) - 3600)
    with db.session() as s:
        assert s.get(ProcessedEvent, f"stripe:{event['id']}") is None
        assert s.query(LedgerEntry).filter_by(kind="charged").count() == 0


def test_bad_signature_is_refused(db, gateway, stripe_fake, deliver):
    _, paid_session = _ordered_and_paid(db, gateway, stripe_fake)
    event = stripe_fake.event("checkout.session.completed", paid_session)
    with pytest.raises(WebhookRejected, match="signature"):
        deliver(event, secret="whsec_someone_else")
    with db.session() as s:
        assert s.get(ProcessedEvent, f"stripe:{event['id']}") is None


def test_verify_checks_the_raw_bytes():
    body = b'{"id":"evt_1","type":"x"}'
    now = int(time.time())
    header = sign(body, WEBHOOK_SECRET, now)
    assert verify(body, header, WEBHOOK_SECRET)["id"] == "evt_1"
    with pytest.raises(WebhookRejected):
        verify(body.replace(b"evt_1", b"evt_2"), header, WEBHOOK_SECRET)  # body changed after signing
    with pytest.raises(WebhookRejected):
        verify(body, None, WEBHOOK_SECRET)
    # Several v1 signatures (secret rotation): any one matching is enough.
    rotated = f"t={now},v1={'0' * 64},{header.split(',')[1]}"
    assert verify(body, rotated, WEBHOOK_SECRET)["type"] == "x"


@pytest.mark.parametrize("event, problem", [
    ([1, 2], "not an event"),
    ({"type": "checkout.session.completed"}, "valid id"),
    ({"id": 17, "type": "x"}, "valid id"),
    ({"id": "evt_" + "x" * 200, "type": "x"}, "valid id"),
    ({"id": "evt_1", "type": ["checkout.session.completed"]}, "valid type"),
    ({"id": "evt_1", "type": "x", "data": []}, "data.object"),
    ({"id": "evt_1", "type": "x", "data": {"object": "cs_1"}}, "data.object"),
    ({"id": "evt_1", "type": "checkout.session.completed"}, "without data.object.id"),
    ({"id": "evt_1", "type": "checkout.session.completed", "data": {"object": {}}}, "without data.object.id"),
    ({"id": "evt_1", "type": "checkout.session.expired", "data": {"object": {"id": None}}}, "without data.object.id"),
])
def test_a_signed_event_of_the_wrong_shape_is_refused(event, problem):
    body = json.dumps(event).encode()
    with pytest.raises(WebhookRejected, match=problem):
        verify(body, sign(body, WEBHOOK_SECRET, int(time.time())), WEBHOOK_SECRET)


def test_events_kiepe_ignores_need_no_object_id():
    body = json.dumps({"id": "evt_1", "type": "balance.available", "data": {"object": {"object": "balance"}}}).encode()
    assert verify(body, sign(body, WEBHOOK_SECRET, int(time.time())), WEBHOOK_SECRET)["type"] == "balance.available"
