"""Substitutes (issue 17) on SQLite and PostgreSQL: a shop proposes, the resident accepts or
declines, or the deadline decides by the preference said at ordering; the money follows with the
real stripe SDK against the fake (a cheaper substitute refunds the difference, a declined one the
line), and the ledger balances in every case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.application.reminders import Reminders
from bot.clock import Clock
from ordering import orders, substitutes
from ordering.errors import Conflict, Invalid, NotFound
from ordering.models import Order
from ordering.payments import ledger, service
from ordering.payments.models import Payment
from tests.ordering.conftest import NOW
from tests.payments.issue17_world import THURSDAY_9, drinks_world, onboard, place
from tests.payments.test_methods_and_settlement import _start_and_pay


def _sub(order: Order):
    return next(sub for sub in order.sub_orders if sub.shop.slug == "getraenke-kamps")


def _pils(sub):
    return next(line for line in sub.lines if line.product_slug == "pils-kasten" and not line.is_deposit)


def _paid_order(db, gateway, stripe_fake, deliver, *, preference=None, confirm_first=True):
    world = drinks_world(db)
    onboard(world, gateway, stripe_fake, "getraenke-kamps")
    order_id = place(world, {"pils-kasten": 2, "apfelsaft": 2}, now=NOW, preference=preference)
    _start_and_pay(db, gateway, stripe_fake, deliver, order_id)
    with db.session() as s:
        sub = _sub(s.get(Order, order_id))
        offer = substitutes.propose(s, sub.id, _pils(sub).id, world.products["export-kasten"], shop_id=sub.shop_id,
                                    actor="shop:getraenke-kamps", now=NOW)
        if confirm_first:  # the shop confirms the rest while the resident thinks about it
            orders.confirm(s, sub.id, shop_id=sub.shop_id, actor="shop", now=NOW)
            service.on_sub_order_decided(s, sub.id, gateway)
            ledger.assert_order_balanced(s, s.get(Order, order_id))
        return world, order_id, sub.id, offer.id


def _charge(s, order_id):
    return s.query(Payment).filter_by(order_id=order_id).one().charge_id


def test_the_shop_may_offer_only_its_own_goods_no_dearer_and_with_the_same_pfand(db):
    world = drinks_world(db)
    order_id = place(world, {"pils-kasten": 2, "frischmilch": 1}, method="on_delivery", now=NOW)
    with db.session() as s:
        order = s.get(Order, order_id)
        sub = _sub(order)
        pils = _pils(sub)
        offer = dict(shop_id=sub.shop_id, actor="shop", now=NOW)
        assert [p.slug for p in substitutes.candidates(s, pils)][:1] == ["export-kasten"], "the catalog's first"
        assert [p.slug for p in substitutes.candidates(s, pils) if substitutes.offerable(pils, p)] == ["export-kasten"]
        with pytest.raises(Invalid, match="at most 33,98 €"):
            substitutes.propose(s, sub.id, pils.id, world.products["radler-kasten"], **offer)
        with pytest.raises(Invalid, match="another Pfand"):
            substitutes.propose(s, sub.id, pils.id, world.products["wasser-kasten"], **offer)
        with pytest.raises(NotFound):  # another shop's product
            substitutes.propose(s, sub.id, pils.id, world.products["frischmilch"], **offer)
        with pytest.raises(NotFound):  # the Pfand line is no item
            pfand = next(l for l in sub.lines if l.is_deposit)
            substitutes.propose(s, sub.id, pfand.id, world.products["export-kasten"], **offer)
        with pytest.raises(Conflict, match="too late"):
            substitutes.propose(s, sub.id, pils.id, world.products["export-kasten"], shop_id=sub.shop_id,
                                actor="shop", now=THURSDAY_9 - timedelta(hours=1))
        made = substitutes.propose(s, sub.id, pils.id, world.products["export-kasten"], **offer)
        assert (made.ordered_cents, made.offered_cents, made.deadline) == (3398, 3198, THURSDAY_9 - timedelta(hours=2))
        with pytest.raises(Conflict, match="proposed already"):
            substitutes.propose(s, sub.id, pils.id, world.products["export-kasten"], **offer)


def test_accepted_cheaper_substitute_refunds_the_difference(db, gateway, stripe_fake, deliver):
    world, order_id, sub_id, offer_id = _paid_order(db, gateway, stripe_fake, deliver)
    with db.session() as s:
        order = s.get(Order, order_id)
        offer = substitutes.answer(s, offer_id, True, actor="resident:1", now=NOW + timedelta(hours=1),
                                   resident_id=order.resident_id)
        assert order.events[-1].event == "substitute_accepted"
        line = offer.line
        assert (line.name, line.total_cents, line.rejected) == ("Export, Kasten 20 × 0,5 l", 3198, False)
        result = service.on_sub_order_decided(s, sub_id, gateway)  # what the substitute_accepted event runs
        assert [e.amount_cents for e in result.refunded] == [200]
        # The shop keeps the Export: 200 € less goods, 20 cents less commission
        assert [e.amount_cents for e in result.reversed] == [180]
        ledger.assert_order_balanced(s, order)
        # Same answer again: nothing changes; the other one is refused.
        substitutes.answer(s, offer_id, True, actor="resident:1", now=NOW + timedelta(hours=1))
        with pytest.raises(Conflict):
            substitutes.answer(s, offer_id, False, actor="resident:1", now=NOW + timedelta(hours=1))
        assert service.on_sub_order_decided(s, sub_id, gateway).refunded == []
        charge_id = _charge(s, order_id)
    assert sum(r.amount_cents for r in gateway.list_refunds(charge_id)) == 200


def test_declined_substitute_refunds_the_line_and_its_pfand(db, gateway, stripe_fake, deliver):
    world, order_id, sub_id, offer_id = _paid_order(db, gateway, stripe_fake, deliver, confirm_first=False)
    with db.session() as s:
        order = s.get(Order, order_id)
        with pytest.raises(NotFound):  # someone else's offer looks like none
            substitutes.answer(s, offer_id, False, actor="resident:99", now=NOW, resident_id=order.resident_id + 99)
        substitutes.answer(s, offer_id, False, actor="resident:1", now=NOW, resident_id=order.resident_id)
        ledger.assert_order_balanced(s, order)  # still undecided by the shop: all of it held
        orders.confirm(s, sub_id, shop_id=_sub(order).shop_id, actor="shop", now=NOW)
        assert _sub(order).status == "partly_confirmed"
        result = service.on_sub_order_decided(s, sub_id, gateway)
        assert [e.amount_cents for e in result.refunded] == [3398 + 620]
        ledger.assert_order_balanced(s, order)
        charge_id = _charge(s, order_id)
    assert sum(r.amount_cents for r in gateway.list_refunds(charge_id)) == 3398 + 620


@pytest.mark.parametrize(("preference", "expected", "decided_by", "refund"), [
    ("accept", "accepted", "preference", 200),
    ("decline", "declined", "preference", 3398 + 620),
    (None, "declined", "deadline", 3398 + 620),
])
def test_the_deadline_applies_the_preference_said_at_ordering(db, gateway, stripe_fake, deliver, preference, expected,
                                                              decided_by, refund):
    world, order_id, sub_id, offer_id = _paid_order(db, gateway, stripe_fake, deliver, preference=preference)
    deadline = THURSDAY_9 - timedelta(hours=2)
    reminders = Reminders(db, Clock(deadline), events=None, remind_after=timedelta(days=30),  # type: ignore[arg-type]
                          escalate_after=timedelta(days=60))
    assert reminders.write_due(deadline - timedelta(minutes=1)) == 0, "not before the deadline"
    assert reminders.write_due(deadline) == 1
    with db.session() as s:
        offer = s.get(substitutes.SubstituteOffer, offer_id)
        assert (offer.status, offer.decided_by) == (expected, decided_by)
        with pytest.raises(Conflict):  # a late answer changes nothing
            substitutes.answer(s, offer_id, preference != "accept", actor="resident:1", now=deadline)
        result = service.on_sub_order_decided(s, sub_id, gateway)
        assert sum(e.amount_cents for e in result.refunded) == refund
        ledger.assert_order_balanced(s, s.get(Order, order_id))
    assert reminders.write_due(deadline + timedelta(hours=1)) == 0, "decided once"


def test_an_offer_of_a_cancelled_order_lapses_without_a_substitute(db, gateway, stripe_fake, deliver):
    world, order_id, sub_id, offer_id = _paid_order(db, gateway, stripe_fake, deliver, preference="accept",
                                                    confirm_first=False)
    with db.session() as s:
        orders.cancel_order(s, order_id, actor="resident:1", now=NOW)
        with pytest.raises(Conflict, match="cancelled"):
            substitutes.answer(s, offer_id, True, actor="resident:1", now=NOW)
        [offer] = substitutes.apply_lapsed(s, THURSDAY_9)
        assert (offer.status, offer.decided_by) == ("declined", "deadline")
        service.on_order_cancelled(s, order_id, gateway)
        ledger.assert_order_balanced(s, s.get(Order, order_id))
