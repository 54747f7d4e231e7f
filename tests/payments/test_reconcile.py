"""Reconcile: retries failed transfers, records missed payments, reports what it cannot fix."""

from __future__ import annotations

from ordering.models import Order, Shop
from ordering.payments import ledger, service
from ordering.payments.models import EntryStatus, LedgerEntry, Payment
from ordering.payments.reconcile import reconcile
from tests.support.order_builders import decide, make_order, make_region, make_shop


def _paid_order(db, gateway, stripe_fake, *, onboard: bool, deliver=None):
    with db.session() as s:
        region = make_region(s, commission_bp=500, fee_cents=0)
        shop = make_shop(s, region, "hofladen")
        service.onboard_shop(s, shop.id, gateway, refresh_url="https://k.test/r", return_url="https://k.test/ok")
        if onboard:
            stripe_fake.complete_onboarding(shop.stripe_account_id)
        order = make_order(s, region, {shop: [("Eier", 2000)]})
        service.start_payment(s, order.id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        ids = {"order": order.id, "shop": shop.id, "account": shop.stripe_account_id}
        session_id = s.query(Payment).filter_by(order_id=order.id).one().checkout_session_id
    paid = stripe_fake.pay_checkout_session(session_id)
    if deliver is not None:
        deliver(stripe_fake.event("checkout.session.completed", paid))
    return ids


def test_failed_transfer_is_retried_after_onboarding(db, gateway, stripe_fake, deliver):
    ids = _paid_order(db, gateway, stripe_fake, onboard=False, deliver=deliver)
    with db.session() as s:
        order = s.get(Order, ids["order"])
        sub = decide(s, order, s.get(Shop, ids["shop"]), "confirmed")
        result = service.on_sub_order_decided(s, sub.id, gateway)
        assert [e.status for e in result.failed] == ["failed"]
        ledger.assert_order_balanced(s, order)  # the transfer is owed, just not done yet
        report = reconcile(s, gateway)
        assert any("still fails" in p for p in report.problems), report

    stripe_fake.complete_onboarding(ids["account"])
    with db.session() as s:
        report = reconcile(s, gateway)
        assert report.ok, report.problems
        assert any("transferred 1900 done" in f for f in report.fixed)
        assert not ledger.open_entries(s, ids["order"])
        reference = s.get(Order, ids["order"]).reference
    assert [t.amount_cents for t in gateway.list_transfers(reference)] == [1900]
    with db.session() as s:  # a second run finds nothing to do
        report = reconcile(s, gateway)
        assert report.ok and not report.fixed


def test_missed_webhook_and_lost_ledger_state(db, gateway, stripe_fake):
    ids = _paid_order(db, gateway, stripe_fake, onboard=True)  # paid, but no webhook arrived
    with db.session() as s:
        report = reconcile(s, gateway)
        assert any("webhook missed" in f for f in report.fixed), report
        order = s.get(Order, ids["order"])
        assert order.payment_status == "paid"
        sub = decide(s, order, s.get(Shop, ids["shop"]), "confirmed")
        service.on_sub_order_decided(s, sub.id, gateway)
        # Simulate a crash after Stripe made the transfer but before the ledger learnt its id.
        entry = s.query(LedgerEntry).filter_by(order_id=order.id, kind="transferred").one()
        entry.status, entry.stripe_id = EntryStatus.pending.value, None
    with db.session() as s:
        report = reconcile(s, gateway)
        assert report.ok, report.problems
        assert any("found at Stripe" in f for f in report.fixed)
        reference = s.get(Order, ids["order"]).reference
    assert len(gateway.list_transfers(reference)) == 1  # adopted, not paid twice


def test_refund_made_outside_kiepe_is_reported(db, gateway, stripe_fake, deliver):
    ids = _paid_order(db, gateway, stripe_fake, onboard=True, deliver=deliver)
    with db.session() as s:
        charge_id = s.query(Payment).filter_by(order_id=ids["order"]).one().charge_id
    gateway.refund(charge_id=charge_id, amount_cents=300, idempotency_key="dashboard-refund")
    with db.session() as s:
        report = reconcile(s, gateway)
        assert any("not in the ledger" in p for p in report.problems)
