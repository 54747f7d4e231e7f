"""Acceptance: one payment split across three shops, one rejects an item."""

from __future__ import annotations

from ordering.models import Order, Shop
from ordering.payments import ledger, service
from ordering.payments.models import LedgerEntry, Payment
from tests.support.order_builders import decide, make_order, make_region, make_shop


def onboarded_shop(session, region, slug, gateway, stripe_fake):
    shop = make_shop(session, region, slug)
    link = service.onboard_shop(session, shop.id, gateway, refresh_url="https://kiepe.test/r", return_url="https://kiepe.test/ok")
    assert shop.stripe_account_id.startswith("acct_") and link.startswith("http")
    stripe_fake.complete_onboarding(shop.stripe_account_id)
    return shop


def test_three_shops_one_rejected_item(db, gateway, stripe_fake, deliver, notifier):
    with db.session() as s:
        region = make_region(s, commission_bp=1000, fee_cents=390)
        bakery = onboarded_shop(s, region, "baeckerei", gateway, stripe_fake)
        butcher = onboarded_shop(s, region, "metzgerei", gateway, stripe_fake)
        farm = onboarded_shop(s, region, "hofladen", gateway, stripe_fake)
        order = make_order(
            s,
            region,
            {
                bakery: [("Brot", 1000), ("Brötchen", 550)],
                butcher: [("Schinken", 2000)],
                farm: [("Eier", 800), ("Kartoffeln", 1200)],
            },
        )
        service.check_payment_method(s, order)
        link = service.start_payment(s, order.id, gateway, success_url="https://kiepe.test/ok", cancel_url="https://kiepe.test/no", notifier=notifier)
        ids = dict(order=order.id, bakery=bakery.id, butcher=butcher.id, farm=farm.id)
        accounts = {bakery.id: bakery.stripe_account_id, butcher.id: butcher.stripe_account_id, farm.id: farm.stripe_account_id}
    assert link.amount_cents == 5940 and link.url
    assert notifier.sent and link.url in notifier.sent[0][1]

    with db.session() as s:
        payment_session_id = s.query(Payment).filter_by(order_id=ids["order"]).one().checkout_session_id
    paid = stripe_fake.pay_checkout_session(payment_session_id)
    assert deliver(stripe_fake.event("checkout.session.completed", paid)).status == "processed"

    with db.session() as s:
        order = s.get(Order, ids["order"])
        assert order.payment_status == "paid"
        ledger.assert_order_balanced(s, order)
        assert ledger.cash_balance(s, order).held == 5940
        for shop_id, status, reject in ((ids["bakery"], "confirmed", ()), (ids["butcher"], "confirmed", ()), (ids["farm"], "partly_confirmed", ("Eier",))):
            shop = s.get(Shop, shop_id)
            sub = decide(s, order, shop, status, reject=reject)
            result = service.on_sub_order_decided(s, sub.id, gateway)
            assert not result.failed
            ledger.assert_order_balanced(s, order)
        reference = order.reference
        charge_id = s.query(Payment).filter_by(order_id=ids["order"]).one().charge_id
        assert ledger.cash_balance(s, order).held == 0
        assert order.payment_status == "partly_refunded"

    transfers = gateway.list_transfers(reference)
    got = sorted((t.destination, t.amount_cents, t.source_transaction) for t in transfers)
    want = sorted(
        [(accounts[ids["bakery"]], 1395, charge_id), (accounts[ids["butcher"]], 1800, charge_id), (accounts[ids["farm"]], 1080, charge_id)]
    )
    assert got == want
    assert [r.amount_cents for r in gateway.list_refunds(charge_id)] == [800]
    # Everything charged is accounted for: shops, refund, commission (10 %) and the delivery fee.
    assert 1395 + 1800 + 1080 + 800 + (155 + 200 + 120) + 390 == 5940

    # Repeating the use case moves no more money.
    with db.session() as s:
        for key in ("bakery", "butcher", "farm"):
            sub = next(x for x in s.get(Order, ids["order"]).sub_orders if x.shop_id == ids[key])
            service.on_sub_order_decided(s, sub.id, gateway)
        assert s.query(LedgerEntry).filter_by(kind="transferred").count() == 3
    assert len(gateway.list_transfers(reference)) == 3
    assert len(gateway.list_refunds(charge_id)) == 1
    # Every POST to Stripe carried an idempotency key.
    posts = [r for r in stripe_fake.requests if r[0] == "POST" and r[1].startswith("/v1/")]
    assert posts and all(key for _, _, key in posts)
