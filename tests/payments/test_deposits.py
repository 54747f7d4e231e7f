"""Pfand (issue 17) end to end on SQLite and PostgreSQL: deposit lines in the cart, the order and
the read-back; charged online with the goods and transferred to the shop; empties returned refund
it with the real stripe SDK against the fake (transfer reversal, then refund); pay on delivery
takes it off the amount due; the ledger balances throughout and the settlement shows in and out."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from bot.dialogue.texts import cart_readback
from ordering import cart as carts
from ordering import deposits, orders
from ordering.errors import Conflict, Invalid
from ordering.models import Order, Region
from ordering.payments import ledger, service, settlement
from ordering.payments.models import Payment
from tests.ordering.conftest import NOW
from tests.payments.issue17_world import drinks_world, onboard, place
from tests.payments.test_methods_and_settlement import _start_and_pay

KASTEN = deposits.DepositType("Kasten", 310)
LATER = datetime(2026, 11, 26, 9, 30, tzinfo=timezone.utc)


def _drinks_sub(order: Order):
    return next(sub for sub in order.sub_orders if sub.shop.slug == "getraenke-kamps")


def test_the_cart_shows_pfand_beside_the_goods_with_the_products_vat(db):
    world = drinks_world(db)
    with db.session() as s:
        cart = carts.open_cart(s, world.region_id, owner_key="web:test")
        carts.add_product(s, cart, world.products["pils-kasten"], Decimal(2))
        carts.add_product(s, cart, world.products["frischmilch"], Decimal(1))
        cart.fulfilment = "delivery"
        summary = carts.summarize(cart, s.get(Region, world.region_id))
        drinks = next(t for t in summary.shops if t.shop_slug == "getraenke-kamps")
        assert (drinks.subtotal_cents, drinks.deposit_cents) == (3398, 620)
        assert summary.goods_cents == 3398 + 129 and summary.deposit_cents == 620
        assert summary.total_cents == 3398 + 129 + 620 + 350
        # 19 % VAT on Pils and its Pfand (40,18 €) plus the fee; 7 % on the milk
        assert summary.vat_cents[19] == round((4018 + 350) * 19 / 119)
        text = cart_readback(summary, voice=False)
        assert "Bei Getränke Kamps: 2 Kästen Pils, Kasten 20 × 0,5 l, 33,98 €, dazu 6,20 € Pfand." in text
        assert "33 Euro 98, dazu 6 Euro 20 Pfand" in cart_readback(summary, voice=True)


def test_checkout_writes_a_pfand_line_that_follows_its_goods(db):
    world = drinks_world(db)
    order_id = place(world, {"pils-kasten": 2, "apfelsaft": 6}, method="on_delivery", now=NOW)
    with db.session() as s:
        order = s.get(Order, order_id)
        sub = _drinks_sub(order)
        # The goods, then their Pfand (written after them, as a receipt lists it)
        assert [(l.name, l.total_cents, l.vat, l.is_deposit) for l in sub.lines] == [
            ("Pils, Kasten 20 × 0,5 l", 3398, 19, False), ("Apfelsaft", 1440, 19, False),
            ("Pfand Pils, Kasten 20 × 0,5 l", 620, 19, True), ("Pfand Apfelsaft", 90, 19, True)]
        assert sub.subtotal_cents == 3398 + 620 + 1440 + 90
        assert order.total_cents == sub.subtotal_cents + 350
        pils, pils_pfand = sub.lines[0], sub.lines[2]
        assert pils_pfand.deposit_for_line_id == pils.id
        assert deposits.describe(pils_pfand) == "Pfand 2 × Kasten à 3,10 €"
        with pytest.raises(Invalid, match="reject that line instead"):
            orders.reject_line(s, sub.id, pils_pfand.id, shop_id=sub.shop_id, actor="shop", now=NOW)
        orders.reject_line(s, sub.id, pils.id, shop_id=sub.shop_id, actor="shop", now=NOW)
        assert pils_pfand.rejected, "the Pfand goes with its goods"
        orders.confirm(s, sub.id, shop_id=sub.shop_id, actor="shop", now=NOW)
        assert deposits.delivered_types(sub) == {deposits.DepositType("Flasche", 15): 6}


def _paid_and_delivered(db, gateway, stripe_fake, deliver, goods):
    world = drinks_world(db)
    onboard(world, gateway, stripe_fake, "getraenke-kamps")
    order_id = place(world, goods, now=NOW)
    _start_and_pay(db, gateway, stripe_fake, deliver, order_id)
    with db.session() as s:
        sub = _drinks_sub(s.get(Order, order_id))
        orders.confirm(s, sub.id, shop_id=sub.shop_id, actor="shop", now=NOW)
        service.on_sub_order_decided(s, sub.id, gateway)
        orders.mark_ready(s, sub.id, shop_id=sub.shop_id, actor="shop", now=NOW)
        orders.hand_over(s, sub.id, actor="courier", now=NOW)
        orders.complete(s, sub.id, actor="courier", now=NOW)
        return world, order_id, sub.id


def test_empties_returned_refund_the_pfand_by_stripe_and_take_it_back_from_the_shop(db, gateway, stripe_fake, deliver):
    world, order_id, sub_id = _paid_and_delivered(db, gateway, stripe_fake, deliver, {"pils-kasten": 2})
    with db.session() as s:
        order = s.get(Order, order_id)
        sums = ledger.ledger_sums(s, order_id)
        shop_id = world.shops["getraenke-kamps"]
        assert sums[("charged", None)] == 3398 + 620 + 350
        # The Pfand passes through without commission: 10 % of the beer only.
        assert sums[("commission", shop_id)] == 340
        assert sums[("transferred", shop_id)] == 3398 + 620 - 340
        assert sums[("deposit_in", shop_id)] == 620
        ledger.assert_order_balanced(s, order)

        with pytest.raises(Invalid, match="at most 2"):
            deposits.record_empties(s, sub_id, {KASTEN: 3}, actor="courier:tom", now=LATER)
        with pytest.raises(Invalid, match="delivered no Flasche"):
            deposits.record_empties(s, sub_id, {deposits.DepositType("Flasche", 15): 1}, actor="courier:tom", now=LATER)
        deposits.record_empties(s, sub_id, {KASTEN: 2}, actor="courier:tom", now=LATER)
        assert order.events[-1].event == "empties_returned"
        result = service.on_sub_order_decided(s, sub_id, gateway)  # what the empties_returned event runs
        assert [e.amount_cents for e in result.reversed] == [620]
        assert [e.amount_cents for e in result.refunded] == [620]
        ledger.assert_order_balanced(s, order)
        assert order.payment_status == "partly_refunded"
        charge_id = s.query(Payment).filter_by(order_id=order_id).one().charge_id
        assert ledger.ledger_sums(s, order_id)[("deposit_out", shop_id)] == 620
        # Settling again moves nothing; no more empties than came.
        assert service.on_sub_order_decided(s, sub_id, gateway).refunded == []
        with pytest.raises(Invalid, match="at most 0"):
            deposits.record_empties(s, sub_id, {KASTEN: 1}, actor="courier:tom", now=LATER)
    assert sum(r.amount_cents for r in gateway.list_refunds(charge_id)) == 620
    with db.session() as s:
        rows = settlement.settlement_rows(s, world.shops["getraenke-kamps"], date(2026, 11, 1), date(2027, 1, 31))
        assert [(r.goods_cents, r.deposit_in_cents, r.deposit_out_cents, r.transferred_cents) for r in rows] == [
            (3398, 620, 620, 3398 - 340)]
        out = io.StringIO()
        settlement.write_csv(rows, out)
        header, row, total = out.getvalue().splitlines()
        assert "Pfand erhalten;Pfand zurück" in header and ";6,20;6,20" in row


def test_a_cash_order_pays_less_at_the_door_for_empties(db, gateway):
    world = drinks_world(db)
    order_id = place(world, {"pils-kasten": 2, "apfelsaft": 6}, method="on_delivery", now=NOW)
    with db.session() as s:
        sub = _drinks_sub(s.get(Order, order_id))
        orders.confirm(s, sub.id, shop_id=sub.shop_id, actor="shop", now=NOW)
        due = service.amount_due(s, order_id)
        assert due == 3398 + 620 + 1440 + 90 + 350
        with pytest.raises(Conflict):  # not packed yet
            deposits.record_empties(s, sub.id, {KASTEN: 1}, actor="courier:tom", now=LATER)
        orders.mark_ready(s, sub.id, shop_id=sub.shop_id, actor="shop", now=NOW)
        orders.hand_over(s, sub.id, actor="courier", now=NOW)
        deposits.record_empties(s, sub.id, {KASTEN: 1, deposits.DepositType("Flasche", 15): 4}, actor="courier:tom",
                                now=LATER)
        assert service.amount_due(s, order_id) == due - 310 - 60
        orders.complete(s, sub.id, actor="courier", now=LATER)
        service.record_collection_on_delivery(s, order_id, due - 370)
        service.on_sub_order_decided(s, sub.id, gateway)
        ledger.assert_order_balanced(s, s.get(Order, order_id))
        sums = ledger.ledger_sums(s, order_id)
        assert sums[("payable", sub.shop_id)] == 3398 + 620 + 1440 + 90 - 370 - (340 + 144)
        assert (sums[("deposit_in", sub.shop_id)], sums[("deposit_out", sub.shop_id)]) == (710, 370)
        with pytest.raises(Conflict, match="collected already"):
            deposits.record_empties(s, sub.id, {KASTEN: 1}, actor="courier:tom", now=LATER)
