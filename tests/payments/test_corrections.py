"""Later changes and unclear outcomes: an admin cancels a settled part, Stripe errors mid-call."""

from __future__ import annotations

from datetime import datetime, timezone

from ordering import orders
from ordering.models import Order, Shop
from ordering.payments import ledger, service
from ordering.payments.models import EntryStatus, LedgerEntry, Payment
from ordering.payments.reconcile import reconcile
from tests.support.order_builders import decide, make_order, make_region, make_shop

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


def _paid_two_shop_order(db, gateway, stripe_fake, deliver, *, onboard_second=True):
    with db.session() as s:
        region = make_region(s, commission_bp=1000, fee_cents=390)
        shops = []
        for slug, onboard in (("baeckerei", True), ("metzgerei", onboard_second)):
            shop = make_shop(s, region, slug)
            service.onboard_shop(s, shop.id, gateway, refresh_url="https://k.test/r", return_url="https://k.test/ok")
            if onboard:
                stripe_fake.complete_onboarding(shop.stripe_account_id)
            shops.append(shop)
        order = make_order(s, region, {shops[0]: [("Brot", 1000)], shops[1]: [("Wurst", 2000)]})
        service.start_payment(s, order.id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        ids = {"order": order.id, "bakery": shops[0].id, "butcher": shops[1].id}
        session_id = s.query(Payment).filter_by(order_id=order.id).one().checkout_session_id
    deliver(stripe_fake.event("checkout.session.completed", stripe_fake.pay_checkout_session(session_id)))
    return ids


def test_admin_cancels_after_confirmation(db, gateway, stripe_fake, deliver):
    ids = _paid_two_shop_order(db, gateway, stripe_fake, deliver)
    with db.session() as s:
        order = s.get(Order, ids["order"])
        for sub in order.sub_orders:
            sub.status = "confirmed"
            service.on_sub_order_decided(s, sub.id, gateway)
        ledger.assert_order_balanced(s, order)
        reference = order.reference
        charge_id = s.query(Payment).filter_by(order_id=order.id).one().charge_id
    assert sorted(t.amount_cents for t in gateway.list_transfers(reference)) == [900, 1800]

    with db.session() as s:  # the region admin cancels before the goods leave the shops
        orders.cancel_order(s, ids["order"], actor="admin", now=NOW, by_resident=False)
        result = service.on_order_cancelled(s, ids["order"], gateway)
        assert sorted(e.amount_cents for e in result.reversed) == [900, 1800]
        assert sorted(e.amount_cents for e in result.refunded) == [390, 1000, 2000]
        order = s.get(Order, ids["order"])
        ledger.assert_order_balanced(s, order)
        assert order.payment_status == "refunded"
        assert ledger.cash_balance(s, order).held == 0
    transfers = gateway.list_transfers(reference)
    assert all(t.amount_reversed_cents == t.amount_cents for t in transfers)
    assert sum(r.amount_cents for r in gateway.list_refunds(charge_id)) == 3390
    with db.session() as s:  # and nothing more happens on a repeat; Stripe agrees with the ledger
        assert not service.on_order_cancelled(s, ids["order"], gateway).refunded
        assert reconcile(s, gateway).ok
        assert s.query(LedgerEntry).filter_by(order_id=ids["order"], kind="transfer_reversed").count() == 2


def test_refused_transfer_is_voided_when_its_part_is_cancelled(db, gateway, stripe_fake, deliver):
    ids = _paid_two_shop_order(db, gateway, stripe_fake, deliver, onboard_second=False)
    with db.session() as s:
        order = s.get(Order, ids["order"])
        sub = decide(s, order, s.get(Shop, ids["butcher"]), "confirmed")
        assert service.on_sub_order_decided(s, sub.id, gateway).failed
        orders.cancel_order(s, order.id, actor="admin", now=NOW, by_resident=False)
        result = service.on_order_cancelled(s, order.id, gateway)
        assert not result.reversed  # nothing reached the shop, nothing to take back
        ledger.assert_order_balanced(s, order)
        assert not ledger.open_entries(s, order.id)
        assert s.query(LedgerEntry).filter_by(order_id=order.id, kind="transferred").one().status == EntryStatus.void.value
        reference = order.reference
    assert gateway.list_transfers(reference) == []


def test_unclear_outcome_is_repeated_with_the_same_key(db, gateway, stripe_fake, deliver):
    ids = _paid_two_shop_order(db, gateway, stripe_fake, deliver)
    for _ in range(3):  # more than the SDK's own retries
        stripe_fake.fail_next("/v1/transfers", status=503, message="Stripe is having a moment")
    with db.session() as s:
        order = s.get(Order, ids["order"])
        sub = decide(s, order, s.get(Shop, ids["bakery"]), "confirmed")
        service.on_sub_order_decided(s, sub.id, gateway)
        entry = s.query(LedgerEntry).filter_by(order_id=order.id, kind="transferred").one()
        assert entry.status == EntryStatus.pending.value and entry.attempts == 0
        key = entry.stripe_idempotency_key
    with db.session() as s:
        report = reconcile(s, gateway)
        entry = s.query(LedgerEntry).filter_by(order_id=ids["order"], kind="transferred").one()
        assert entry.status == EntryStatus.succeeded.value and entry.stripe_idempotency_key == key
        assert not [p for p in report.problems if "still fails" in p]
    sent_keys = [k for method, path, k in stripe_fake.requests if method == "POST" and path == "/v1/transfers"]
    this_transfer = [k for k in sent_keys if k and k.endswith(key)]
    assert len(this_transfer) >= 2 and len(set(this_transfer)) == 1  # failed tries and the success: one key
