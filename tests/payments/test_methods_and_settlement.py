"""Cancellation, paying on delivery or by invoice, and the shop's settlement."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ordering import orders
from ordering.errors import Invalid
from ordering.models import Order, Shop
from ordering.payments import ledger, service, settlement
from ordering.payments.models import Payment
from tests.support.order_builders import decide, make_order, make_region, make_shop

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


def _start_and_pay(db, gateway, stripe_fake, deliver, order_id, *, deliver_event=True):
    with db.session() as s:
        service.start_payment(s, order_id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        session_id = s.query(Payment).filter_by(order_id=order_id).one().checkout_session_id
    paid = stripe_fake.pay_checkout_session(session_id)
    if deliver_event:
        deliver(stripe_fake.event("checkout.session.completed", paid))
    return paid


def test_cancellation_before_confirmation_refunds_everything(db, gateway, stripe_fake, deliver):
    with db.session() as s:
        region = make_region(s, fee_cents=390)
        a, b = make_shop(s, region, "baeckerei"), make_shop(s, region, "metzgerei")
        order_id = make_order(s, region, {a: [("Brot", 1000)], b: [("Wurst", 700)]}).id
    _start_and_pay(db, gateway, stripe_fake, deliver, order_id)
    with db.session() as s:
        orders.cancel_order(s, order_id, actor="resident:1", now=NOW)
        result = service.on_order_cancelled(s, order_id, gateway)
        assert sorted(e.amount_cents for e in result.refunded) == [390, 700, 1000]
        order = s.get(Order, order_id)
        ledger.assert_order_balanced(s, order)
        assert order.payment_status == "refunded"
        charge_id = s.query(Payment).filter_by(order_id=order_id).one().charge_id
    assert sum(r.amount_cents for r in gateway.list_refunds(charge_id)) == 2090


def test_payment_arriving_after_cancellation_is_refunded(db, gateway, stripe_fake, deliver):
    with db.session() as s:
        region = make_region(s, fee_cents=0)
        shop = make_shop(s, region, "baeckerei")
        order_id = make_order(s, region, {shop: [("Brot", 1000)]}).id
        service.start_payment(s, order_id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        session_id = s.query(Payment).filter_by(order_id=order_id).one().checkout_session_id
    paid = stripe_fake.pay_checkout_session(session_id)  # paid in the very moment of cancelling
    with db.session() as s:
        orders.cancel_order(s, order_id, actor="resident:1", now=NOW)
        service.on_order_cancelled(s, order_id, gateway)  # the link cannot be closed any more
    deliver(stripe_fake.event("checkout.session.completed", paid))
    with db.session() as s:
        order = s.get(Order, order_id)
        ledger.assert_order_balanced(s, order)
        assert order.payment_status == "refunded"


def test_cancelling_closes_the_payment_link(db, gateway, stripe_fake):
    with db.session() as s:
        region = make_region(s, fee_cents=0)
        shop = make_shop(s, region, "baeckerei")
        order_id = make_order(s, region, {shop: [("Brot", 1000)]}).id
        service.start_payment(s, order_id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        orders.cancel_order(s, order_id, actor="resident:1", now=NOW)
        service.on_order_cancelled(s, order_id, gateway)
        payment = s.query(Payment).filter_by(order_id=order_id).one()
        assert payment.status == "cancelled"
        assert gateway.retrieve_payment(payment.checkout_session_id).status == "expired"
        ledger.assert_order_balanced(s, s.get(Order, order_id))


def test_pay_on_delivery_and_settlement(db, gateway, stripe_fake, deliver):
    with db.session() as s:
        region = make_region(s, commission_bp=1000, fee_cents=390)
        bakery, butcher = make_shop(s, region, "baeckerei"), make_shop(s, region, "metzgerei")
        order = make_order(s, region, {bakery: [("Brot", 1000), ("Kuchen", 600)], butcher: [("Wurst", 700)]}, method="on_delivery")
        service.check_payment_method(s, order)
        decide(s, order, bakery, "partly_confirmed", reject=("Kuchen",))
        decide(s, order, butcher, "confirmed")
        for sub in order.sub_orders:
            service.on_sub_order_decided(s, sub.id, gateway)
        assert service.amount_due(s, order.id) == 1000 + 700 + 390
        with pytest.raises(Invalid):
            service.record_collection_on_delivery(s, order.id, 1500)
        service.record_collection_on_delivery(s, order.id, 2090)
        ledger.assert_order_balanced(s, order)
        assert order.payment_status == "collected"
        ids = {"bakery": bakery.id, "region": region.id}
        zone = ZoneInfo(region.timezone)

        # An online order of the same bakery in the same period.
        online = make_order(s, s.get(type(region), region.id), {bakery: [("Torte", 2500)]})
        service.onboard_shop(s, bakery.id, gateway, refresh_url="https://k.test/r", return_url="https://k.test/ok")
        stripe_fake.complete_onboarding(bakery.stripe_account_id)
        online_id = online.id
    _start_and_pay(db, gateway, stripe_fake, deliver, online_id)
    with db.session() as s:
        online = s.get(Order, online_id)
        sub = decide(s, online, s.get(Shop, ids["bakery"]), "confirmed")
        service.on_sub_order_decided(s, sub.id, gateway)
        ledger.assert_order_balanced(s, online)

        # The period is the region's calendar day: near midnight UTC the two differ.
        today = datetime.now(zone).date()
        rows = settlement.settlement_rows(s, ids["bakery"], today, today)
        by_method = {r.payment_method: r for r in rows}
        assert by_method["on_delivery"].payable_cents == 900 and by_method["on_delivery"].commission_cents == 100
        assert by_method["online"].transferred_cents == 2250 and by_method["online"].transfer_ids
        out = io.StringIO()
        settlement.write_csv(rows, out)
        lines = out.getvalue().splitlines()
        assert lines[0].startswith("Bestellung;Bestellt am;Zahlart")
        assert lines[-1].startswith("Summe;;;;35,00;0,00;3,50;22,50;9,00")
        # Nothing the day before.
        yesterday = today - timedelta(days=1)
        assert settlement.settlement_rows(s, ids["bakery"], yesterday, yesterday) == []


def test_invoice_is_booked_once_every_shop_answered(db, gateway):
    with db.session() as s:
        region = make_region(s, commission_bp=1000, fee_cents=0)
        a, b = make_shop(s, region, "baeckerei"), make_shop(s, region, "metzgerei")
        order = make_order(s, region, {a: [("Brot", 1000)], b: [("Wurst", 700)]}, method="invoice")
        decide(s, order, a, "confirmed")
        service.on_sub_order_decided(s, order.sub_orders[0].id, gateway)
        assert order.payment_status == "pending"
        decide(s, order, b, "rejected")
        service.on_sub_order_decided(s, order.sub_orders[1].id, gateway)
        assert order.payment_status == "invoiced"
        assert ledger.ledger_sums(s, order.id)[("invoiced", None)] == 1000
        ledger.assert_order_balanced(s, order)
