"""Weighed goods paid online: authorise the upper bound, capture what was weighed (real SDK against
the fake Stripe with manual capture); prepay and refund the difference for windows far ahead."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.application.error_wording import shop_text
from ordering import weighing
from ordering.errors import Invalid
from ordering.models import Order, OrderLine, Region, Shop
from ordering.payments import ledger, service
from ordering.payments.models import Payment
from tests.payments.test_split_acceptance import onboarded_shop
from tests.support.order_builders import decide, make_order, make_region

NOW = datetime.now(timezone.utc)


def _order_with_mince(s, gateway, stripe_fake, *, days_ahead: float = 1, method: str = "online"):
    """Bakery: bread 10,00 €; butcher: about 300 g Rinderhack at 12,90 €/kg (3,87 €), 10 % tolerance."""
    region = make_region(s, commission_bp=1000, fee_cents=390)
    bakery = onboarded_shop(s, region, "baeckerei", gateway, stripe_fake)
    butcher = onboarded_shop(s, region, "metzgerei", gateway, stripe_fake)
    order = make_order(s, region, {bakery: [("Brot", 1000)], butcher: []}, method=method)
    sub = next(x for x in order.sub_orders if x.shop_id == butcher.id)
    sub.lines.append(OrderLine(name="Rinderhack", unit="kg", quantity=Decimal("0.300"), unit_price_cents=1290, vat=7,
                               total_cents=387, tolerance_percent=10))
    sub.subtotal_cents = 387
    order.total_cents = 1000 + 387 + 390
    order.slot.start = NOW + timedelta(days=days_ahead)
    order.slot.end = order.slot.start + timedelta(hours=3)
    s.flush()
    return order, bakery, butcher


def _pay(db, stripe_fake, deliver, order_id):
    with db.session() as s:
        session_id = s.query(Payment).filter_by(order_id=order_id).one().checkout_session_id
    paid = stripe_fake.pay_checkout_session(session_id)
    assert deliver(stripe_fake.event("checkout.session.completed", paid)).status == "processed"
    return paid


def _weigh(s, order, shop, kg: str):
    sub = next(x for x in order.sub_orders if x.shop_id == shop.id)
    line = weighing.weighed_line(sub, None)
    return weighing.record_weight(s, sub, line.id, Decimal(kg), actor=f"shop:{shop.slug}", now=NOW)


@pytest.mark.parametrize("kg, line_cents", [("0.312", 402), ("0.250", 323), ("0.330", 426)])
def test_authorise_upper_bound_capture_what_was_weighed(db, gateway, stripe_fake, deliver, notifier, kg, line_cents):
    with db.session() as s:
        order, bakery, butcher = _order_with_mince(s, gateway, stripe_fake)
        link = service.start_payment(s, order.id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no",
                                     notifier=notifier)
        ids = (order.id, bakery.id, butcher.id)
        assert order.weighed_payment == weighing.AUTHORISE
    assert notifier.sent[0][1].startswith(f"Ihre Bestellung {order.reference} kommt auf höchstens 18,16 €, "
                                          "abgerechnet nach Gewicht. Abgebucht wird nur, was die Geschäfte abwiegen.")
    # 0,330 kg at most: 4,26 € instead of 3,87 €.
    assert link.amount_cents == 1000 + 426 + 390
    session = _pay(db, stripe_fake, deliver, ids[0])
    assert session["payment_status"] == "unpaid"  # authorised only
    intent = stripe_fake.get(f"/v1/payment_intents/{session['payment_intent']}")
    assert intent["status"] == "requires_capture" and intent["capture_method"] == "manual"

    with db.session() as s:
        order = s.get(Order, ids[0])
        assert order.payment_status == "authorised" and not ledger.is_paid(s, order)
        for shop_id in ids[1:]:
            sub = decide(s, order, s.get(Shop, shop_id), "confirmed")
            service.on_sub_order_decided(s, sub.id, gateway)
        assert order.payment_status == "authorised"  # the butcher has not weighed yet: nothing taken
        ledger.assert_order_balanced(s, order)
        _weigh(s, order, s.get(Shop, ids[2]), kg)
        service.on_weights_changed(s, order.id, gateway, notifier=notifier)
        assert order.payment_status == "paid"
        assert order.total_cents == 1000 + line_cents + 390
        ledger.assert_order_balanced(s, order)
        assert ledger.cash_balance(s, order).held == 0
        payment = s.query(Payment).filter_by(order_id=order.id).one()
        charge_id, reference = payment.charge_id, order.reference
        sums = ledger.ledger_sums(s, order.id)
    captured = 1000 + line_cents + 390
    assert sums[("charged", None)] == captured
    intent = stripe_fake.get(f"/v1/payment_intents/{session['payment_intent']}")
    assert intent["status"] == "succeeded"
    assert stripe_fake.captured_of_charge[charge_id] == captured
    # Transfers follow the weighed amounts: the shop's part less 10 % commission.
    transfers = {t.destination: t.amount_cents for t in gateway.list_transfers(reference)}
    with db.session() as s:
        accounts = {shop_id: s.get(Shop, shop_id).stripe_account_id for shop_id in ids[1:]}
    assert transfers == {accounts[ids[1]]: 900, accounts[ids[2]]: line_cents - round(line_cents / 10)}
    # The resident hears the final amount.
    assert any("Abgebucht werden" in text and f"{captured // 100},{captured % 100:02d} €" in text for _, text in notifier.sent)


def test_weight_above_the_tolerance_is_refused_naming_the_maximum(db, gateway, stripe_fake):
    with db.session() as s:
        order, _, butcher = _order_with_mince(s, gateway, stripe_fake)
        with pytest.raises(Invalid) as refused:
            _weigh(s, order, butcher, "0.331")
        assert shop_text(refused.value) == "Höchstens 0,330 kg (10 % über 0,300 kg)."
        line = weighing.weighed_line(next(x for x in order.sub_orders if x.shop_id == butcher.id), None)
        assert line.weighed_quantity is None and line.total_cents == 387 and order.total_cents == 1777
        with pytest.raises(Invalid):
            _weigh(s, order, butcher, "0")


def test_window_beyond_an_authorisation_is_prepaid_and_the_difference_refunded(db, gateway, stripe_fake, deliver):
    with db.session() as s:
        order, bakery, butcher = _order_with_mince(s, gateway, stripe_fake, days_ahead=12)
        link = service.start_payment(s, order.id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        ids = (order.id, bakery.id, butcher.id)
        assert order.weighed_payment == weighing.PREPAY
    assert link.amount_cents == 1816
    _pay(db, stripe_fake, deliver, ids[0])
    with db.session() as s:
        order = s.get(Order, ids[0])
        assert order.payment_status == "paid"
        for shop_id in ids[1:]:
            sub = decide(s, order, s.get(Shop, shop_id), "confirmed")
            service.on_sub_order_decided(s, sub.id, gateway)
        ledger.assert_order_balanced(s, order)
        # The bakery is paid; the butcher's money waits for the scale.
        assert ledger.cash_balance(s, order).held == 426 + 390  # the fee too, until every part is final
        _weigh(s, order, s.get(Shop, ids[2]), "0.250")  # lighter: 3,23 €
        service.on_weights_changed(s, order.id, gateway)
        ledger.assert_order_balanced(s, order)
        assert ledger.cash_balance(s, order).held == 0
        sums = ledger.ledger_sums(s, order.id)
        charge_id = s.query(Payment).filter_by(order_id=order.id).one().charge_id
    assert sums[("charged", None)] == 1816
    assert sums[("refunded", ids[2])] == 426 - 323
    assert sums[("transferred", ids[2])] == 323 - 32
    assert [r.amount_cents for r in gateway.list_refunds(charge_id)] == [103]


def test_cancelled_before_weighing_releases_the_authorisation(db, gateway, stripe_fake, deliver):
    from ordering import orders

    with db.session() as s:
        order, _, _ = _order_with_mince(s, gateway, stripe_fake)
        service.start_payment(s, order.id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        order_id = order.id
    session = _pay(db, stripe_fake, deliver, order_id)
    with db.session() as s:
        orders.cancel_order(s, order_id, actor="admin", now=NOW, by_resident=False)
        service.on_order_cancelled(s, order_id, gateway)
        order = s.get(Order, order_id)
        assert s.query(Payment).filter_by(order_id=order_id).one().status == "cancelled"
        ledger.assert_order_balanced(s, order)
        assert ledger.ledger_sums(s, order_id) == {}
    assert stripe_fake.get(f"/v1/payment_intents/{session['payment_intent']}")["status"] == "canceled"


def test_pay_on_delivery_collects_the_weighed_amount(db, gateway, stripe_fake):
    with db.session() as s:
        order, bakery, butcher = _order_with_mince(s, gateway, stripe_fake, method="on_delivery")
        for shop in (bakery, butcher):
            service.on_sub_order_decided(s, decide(s, order, shop, "confirmed").id, gateway)
        assert service.amount_due(s, order.id) == 1777  # the estimate until weighed
        with pytest.raises(Exception, match="not every shop"):
            service.record_collection_on_delivery(s, order.id, 1777)
        _weigh(s, order, butcher, "0.312")
        service.on_weights_changed(s, order.id, gateway)
        assert service.amount_due(s, order.id) == 1000 + 402 + 390
        service.record_collection_on_delivery(s, order.id, 1792)
        ledger.assert_order_balanced(s, order)


@pytest.mark.parametrize("kg, captured, balance_after", [
    ("0.250", 1000 + 390, 500 - 323),  # lighter than the voucher paid: the voucher gets the rest back
    ("0.330", 1000 + 39 + 390, 500 - 387),  # heavier: the card pays what the voucher does not cover
])
def test_a_voucher_pays_weighed_goods_first_and_gets_back_what_was_not_weighed(
        db, gateway, stripe_fake, deliver, kg, captured, balance_after):
    from ordering.payments import vouchers
    from ordering.payments.models import Voucher

    with db.session() as s:
        order, bakery, butcher = _order_with_mince(s, gateway, stripe_fake)
        s.add(Voucher(code="WXYZ6789", shop_id=butcher.id, initial_cents=500, balance_cents=500, paid=True,
                      order_id=make_order(s, s.get(Region, order.region_id), {butcher: [("x", 1)]}).id))
        s.flush()
        assert vouchers.apply_voucher(s, order.id, "WXYZ6789").amount_cents == 387  # the estimate
        link = service.start_payment(s, order.id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        ids = (order.id, bakery.id, butcher.id)
    assert link.amount_cents == 1000 + (426 - 387) + 390  # the tolerance beyond the voucher, by card
    _pay(db, stripe_fake, deliver, ids[0])
    with db.session() as s:
        order = s.get(Order, ids[0])
        for shop_id in ids[1:]:
            service.on_sub_order_decided(s, decide(s, order, s.get(Shop, shop_id), "confirmed").id, gateway)
        _weigh(s, order, s.get(Shop, ids[2]), kg)
        service.on_weights_changed(s, order.id, gateway)
        ledger.assert_order_balanced(s, order)
        assert ledger.ledger_sums(s, order.id)[("charged", None)] == captured
        assert s.query(Voucher).filter_by(code="WXYZ6789").one().balance_cents == balance_after
        assert ledger.cash_balance(s, order).held == 0


def test_packed_without_a_weight_the_estimate_is_captured(db, gateway, stripe_fake, deliver):
    with db.session() as s:
        order, bakery, butcher = _order_with_mince(s, gateway, stripe_fake)
        service.start_payment(s, order.id, gateway, success_url="https://k.test/ok", cancel_url="https://k.test/no")
        ids = (order.id, bakery.id, butcher.id)
    _pay(db, stripe_fake, deliver, ids[0])
    with db.session() as s:
        order = s.get(Order, ids[0])
        for shop_id in ids[1:]:
            service.on_sub_order_decided(s, decide(s, order, s.get(Shop, shop_id), "confirmed").id, gateway)
        assert order.payment_status == "authorised"
        decide(s, order, s.get(Shop, ids[2]), "ready")  # packed, never weighed: the estimate stands
        service.on_weights_changed(s, order.id, gateway)
        assert order.payment_status == "paid"
        assert ledger.ledger_sums(s, order.id)[("charged", None)] == 1777
        ledger.assert_order_balanced(s, order)
