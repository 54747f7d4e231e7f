"""Vouchers: bought like goods, spent on their shop's share, never twice."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from ordering.errors import Conflict, Invalid, NotFound, NoVouchers
from ordering.models import Order, Region, Shop
from ordering.payments import ledger, service, vouchers
from ordering.payments.models import Payment, Voucher, VoucherRedemption
from tests.support.order_builders import decide, make_order, make_region, make_shop


def _pay(db, gateway, stripe_fake, deliver, order_id):
    with db.session() as s:
        link = service.start_payment(s, order_id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        session_id = s.query(Payment).filter_by(order_id=order_id).one().checkout_session_id
    paid = stripe_fake.pay_checkout_session(session_id)
    deliver(stripe_fake.event("checkout.session.completed", paid))
    return link


def _shop_with_account(s, region, slug, gateway, stripe_fake):
    shop = make_shop(s, region, slug)
    service.onboard_shop(s, shop.id, gateway, refresh_url="https://k.test/r", return_url="https://k.test/ok")
    stripe_fake.complete_onboarding(shop.stripe_account_id)
    return shop


def test_buy_then_spend_a_voucher(db, gateway, stripe_fake, deliver, notifier):
    with db.session() as s:
        region = make_region(s, commission_bp=1000, fee_cents=0)
        bakery = _shop_with_account(s, region, "baeckerei", gateway, stripe_fake)
        farm = _shop_with_account(s, region, "hofladen", gateway, stripe_fake)
        purchase = make_order(s, region, {bakery: [("Gutschein Bäckerei", 2500, "voucher")]})
        ids = {"bakery": bakery.id, "farm": farm.id, "purchase": purchase.id, "region": region.id}
    _pay(db, gateway, stripe_fake, deliver, ids["purchase"])
    with db.session() as s:
        purchase = s.get(Order, ids["purchase"])
        sub = decide(s, purchase, purchase.sub_orders[0].shop, "confirmed")
        result = service.on_sub_order_decided(s, sub.id, gateway, notifier=notifier)
        assert len(result.vouchers_issued) == 1
        code = result.vouchers_issued[0]
        assert len(code) == 8 and not set(code) & set("01IOL")
        assert any(vouchers.format_code(code) in text for _, text in notifier.sent)
        # The shop got the voucher's value at once, less commission.
        assert [e.amount_cents for e in result.transferred] == [2250]
        ledger.assert_order_balanced(s, purchase)
        # Settling again issues no second voucher.
        assert service.on_sub_order_decided(s, sub.id, gateway).vouchers_issued == []

    # Spend it: 1800 of bakery goods, 1000 at the farm shop; the bakery rejects the cake (500).
    with db.session() as s:
        region = s.get(Region, ids["region"])
        bakery, farm = s.get(Shop, ids["bakery"]), s.get(Shop, ids["farm"])
        order = make_order(s, region, {bakery: [("Brot", 1300), ("Kuchen", 500)], farm: [("Eier", 1000)]})
        redemption = vouchers.apply_voucher(s, order.id, vouchers.format_code(code).lower())
        assert redemption.amount_cents == 1800
        assert s.scalar(select(Voucher.balance_cents).where(Voucher.code == code)) == 700
        with pytest.raises(Conflict):  # the same voucher twice on one order
            vouchers.apply_voucher(s, order.id, code)
        order_id = order.id
    link = _pay(db, gateway, stripe_fake, deliver, order_id)
    assert link.amount_cents == 1000  # only the farm's share is paid by card
    with db.session() as s:
        order = s.get(Order, order_id)
        for shop_id, status, reject in ((ids["bakery"], "partly_confirmed", ("Kuchen",)), (ids["farm"], "confirmed", ())):
            sub = decide(s, order, s.get(Shop, shop_id), status, reject=reject)
            service.on_sub_order_decided(s, sub.id, gateway)
        ledger.assert_order_balanced(s, order)
        # The rejected cake goes back onto the voucher, not to the card.
        assert s.scalar(select(Voucher.balance_cents).where(Voucher.code == code)) == 1200
        sums = ledger.ledger_sums(s, order_id)
        assert sums.get(("refunded", ids["bakery"]), 0) == 0
        assert sums[("voucher_returned", ids["bakery"])] == 500
        assert sums[("transferred", ids["farm"])] == 900
        assert ("transferred", ids["bakery"]) not in sums  # the bakery was paid when the voucher was sold


def test_voucher_paying_everything_needs_no_link(db, gateway):
    with db.session() as s:
        region = make_region(s, fee_cents=0)
        shop = make_shop(s, region, "baeckerei")
        voucher = Voucher(code="ABCD2345", shop_id=shop.id, initial_cents=5000, balance_cents=5000, paid=True,
                          order_id=make_order(s, region, {shop: [("x", 1)]}).id)
        s.add(voucher)
        order = make_order(s, region, {shop: [("Torte", 3000)]})
        vouchers.apply_voucher(s, order.id, "abcd 2345")
        link = service.start_payment(s, order.id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        assert link.url is None and link.amount_cents == 0
        assert order.payment_status == "paid"
        ledger.assert_order_balanced(s, order)


def test_voucher_rules(db, gateway):
    with db.session() as s:
        region = make_region(s)
        bakery = make_shop(s, region, "baeckerei", voucher_range=(1000, 5000))
        farm = make_shop(s, region, "hofladen", voucher_range=None)
        with pytest.raises(Invalid):
            vouchers.check_voucher_amount(bakery, 500)
        with pytest.raises(NoVouchers):  # a Conflict, as when the cart takes a voucher line
            vouchers.check_voucher_amount(farm, 2000)
        vouchers.check_voucher_amount(bakery, 2000)
        voucher = Voucher(code="WXYZ6789", shop_id=bakery.id, initial_cents=2000, balance_cents=2000, paid=True,
                          order_id=make_order(s, region, {bakery: [("x", 1)]}).id)
        s.add(voucher)
        with pytest.raises(NotFound):
            vouchers.apply_voucher(s, make_order(s, region, {bakery: [("Brot", 500)]}).id, "NOPE2222")
        with pytest.raises(Invalid):  # a bakery voucher cannot pay the farm shop
            vouchers.apply_voucher(s, make_order(s, region, {farm: [("Eier", 500)]}).id, "WXYZ6789")
        on_delivery = make_order(s, region, {bakery: [("Gutschein", 2000, "voucher")]}, method="on_delivery")
        with pytest.raises(Invalid):  # vouchers are sold for online payment only
            service.check_payment_method(s, on_delivery)
        started = make_order(s, region, {bakery: [("Brot", 500)]})
        service.start_payment(s, started.id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        with pytest.raises(Conflict):  # after the link went out the amount is fixed
            vouchers.apply_voucher(s, started.id, "WXYZ6789")


def test_racing_checkouts_never_spend_a_voucher_twice(pg_db):
    with pg_db.session() as s:
        region = make_region(s)
        shop = make_shop(s, region, "baeckerei")
        s.add(Voucher(code="RACE2345", shop_id=shop.id, initial_cents=2000, balance_cents=2000, paid=True,
                      order_id=make_order(s, region, {shop: [("x", 1)]}).id))
        order_ids = [make_order(s, region, {shop: [("Brot", 500)]}).id for _ in range(8)]

    barrier = threading.Barrier(len(order_ids))
    outcomes: list[object] = []

    def checkout(order_id: int) -> None:
        barrier.wait()
        try:
            with pg_db.session() as s:
                outcomes.append(vouchers.apply_voucher(s, order_id, "RACE2345").amount_cents)
        except Conflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=checkout, args=(order_id,)) for order_id in order_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    spent = [o for o in outcomes if isinstance(o, int)]
    assert sorted(spent) == [500, 500, 500, 500]
    assert len(outcomes) == 8
    with pg_db.session() as s:
        assert s.query(Voucher).filter_by(code="RACE2345").one().balance_cents == 0
        assert sum(r.amount_cents for r in s.query(VoucherRedemption)) == 2000


def test_racing_for_the_whole_balance(pg_db):
    with pg_db.session() as s:
        region = make_region(s)
        shop = make_shop(s, region, "baeckerei")
        s.add(Voucher(code="WHOLE234", shop_id=shop.id, initial_cents=1500, balance_cents=1500, paid=True,
                      order_id=make_order(s, region, {shop: [("x", 1)]}).id))
        order_ids = [make_order(s, region, {shop: [("Torte", 1500)]}).id for _ in range(6)]
    barrier = threading.Barrier(len(order_ids))
    spent: list[int] = []

    def checkout(order_id: int) -> None:
        barrier.wait()
        try:
            with pg_db.session() as s:
                spent.append(vouchers.apply_voucher(s, order_id, "WHOLE234").amount_cents)
        except Conflict:
            pass

    threads = [threading.Thread(target=checkout, args=(i,)) for i in order_ids]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    assert sum(spent) == 1500
    with pg_db.session() as s:
        assert s.query(Voucher).filter_by(code="WHOLE234").one().balance_cents == 0
