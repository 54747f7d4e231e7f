from datetime import timedelta
from decimal import Decimal

import pytest

from bot.application.error_wording import resident_text
from ordering import cart as carts
from ordering import checkout, orders, residents
from ordering.errors import Conflict, InvalidTransition, NotFound
from ordering.models import Order, Slot
from tests.ordering.conftest import NOW

LATER = NOW + timedelta(minutes=5)


@pytest.fixture
def placed(world):
    """An order for delivery on Tuesday morning from three shops; returns (order id, sub-order ids by shop)."""
    slot_id = world.slot("delivery", NOW.replace(hour=9) + timedelta(days=1))
    with world.db.session() as s:
        resident = residents.register_resident(s, world.region_id, residents.ResidentData(
            name="Hildegard Schulte", phone="02541 111111", street="Letter Straße 5", postcode="48653"))
        cart = carts.open_cart(s, world.region_id, resident_id=resident.id)
        for slug, qty in (("frischmilch", 2), ("kartoffeln", "1.5"), ("weizenbroetchen", 6), ("spaetburgunder", 1)):
            carts.add_product(s, cart, world.products[slug], Decimal(qty))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        order = checkout.checkout(s, cart, now=NOW)
        return order.id, {sub.shop.slug: sub.id for sub in order.sub_orders}, resident.id


def _shop(world, slug):
    return world.shops[slug]


def test_the_happy_path_of_a_sub_order_is_recorded(world, placed):
    order_id, subs, _ = placed
    sub_id, shop = subs["baeckerei-terstegen"], _shop(world, "baeckerei-terstegen")
    with world.db.session() as s:
        orders.confirm(s, sub_id, shop_id=shop, actor="shop:baeckerei-terstegen", now=LATER)
        orders.mark_ready(s, sub_id, shop_id=shop, actor="shop:baeckerei-terstegen", now=LATER)
        orders.hand_over(s, sub_id, actor="courier", now=LATER)
        orders.complete(s, sub_id, actor="courier", now=LATER)
    with world.db.session() as s:
        order = s.get(Order, order_id)
        sub = next(x for x in order.sub_orders if x.id == sub_id)
        assert sub.status == "delivered"
        trail = [(e.event, e.actor) for e in order.events if e.sub_order_id == sub_id]
        assert trail == [("confirmed", "shop:baeckerei-terstegen"), ("ready", "shop:baeckerei-terstegen"),
                         ("with_courier", "courier"), ("delivered", "courier")]
        assert all(e.at is not None for e in order.events)
        assert order.status == "placed"  # other shops are still open


def test_rejecting_an_item_makes_the_sub_order_partly_confirmed(world, placed):
    order_id, subs, _ = placed
    sub_id, shop = subs["hof-schulze"], _shop(world, "hof-schulze")
    with world.db.session() as s:
        sub = orders.get_sub_order(s, sub_id)
        potatoes = next(l for l in sub.lines if l.product_slug == "kartoffeln")
        orders.reject_line(s, sub_id, potatoes.id, shop_id=shop, actor="shop:hof-schulze", now=LATER)
        orders.confirm(s, sub_id, shop_id=shop, actor="shop:hof-schulze", now=LATER)
        assert sub.status == "partly_confirmed"
        assert orders.confirmed_cents(sub) == 258


def test_rejecting_every_item_rejects_the_sub_order(world, placed):
    _, subs, _ = placed
    sub_id, shop = subs["weinhandlung-koenig"], _shop(world, "weinhandlung-koenig")
    with world.db.session() as s:
        sub = orders.get_sub_order(s, sub_id)
        orders.reject_line(s, sub_id, sub.lines[0].id, shop_id=shop, actor="shop:w", now=LATER)
        assert sub.status == "rejected"


def test_a_shop_never_sees_or_changes_another_shops_sub_order(world, placed):
    _, subs, _ = placed
    with world.db.session() as s:
        with pytest.raises(NotFound):
            orders.confirm(s, subs["hof-schulze"], shop_id=_shop(world, "baeckerei-terstegen"), actor="x", now=LATER)
        assert [x.id for x in orders.sub_orders_of_shop(s, _shop(world, "hof-schulze"))] == [subs["hof-schulze"]]


@pytest.mark.parametrize("step", ["ready_before_confirm", "confirm_twice", "deliver_before_ready"])
def test_impossible_steps_are_refused(world, placed, step):
    _, subs, _ = placed
    sub_id, shop = subs["hof-schulze"], _shop(world, "hof-schulze")
    with world.db.session() as s:
        with pytest.raises(InvalidTransition):
            if step == "ready_before_confirm":
                orders.mark_ready(s, sub_id, shop_id=shop, actor="x", now=LATER)
            elif step == "confirm_twice":
                orders.confirm(s, sub_id, shop_id=shop, actor="x", now=LATER)
                orders.confirm(s, sub_id, shop_id=shop, actor="x", now=LATER)
            else:
                orders.complete(s, sub_id, actor="courier", now=LATER)


def test_cancelling_before_confirmation_releases_the_window(world, placed):
    order_id, _, resident_id = placed
    with world.db.session() as s:
        order = orders.cancel_order(s, order_id, actor="resident", now=LATER, resident_id=resident_id)
        assert order.status == "cancelled"
        assert {sub.status for sub in order.sub_orders} == {"cancelled"}
        assert s.get(Slot, order.slot_id).taken == 0
        orders.cancel_order(s, order_id, actor="resident", now=LATER)  # again: nothing happens
        assert s.get(Slot, order.slot_id).taken == 0


def test_a_resident_cannot_cancel_after_a_shop_confirmed(world, placed):
    order_id, subs, resident_id = placed
    with world.db.session() as s:
        orders.confirm(s, subs["hof-schulze"], shop_id=_shop(world, "hof-schulze"), actor="x", now=LATER)
    with world.db.session() as s, pytest.raises(Conflict) as exc:
        orders.cancel_order(s, order_id, actor="resident", now=LATER, resident_id=resident_id)
    assert "bestätigt" in resident_text(exc.value)
    with world.db.session() as s:  # the admin still can
        orders.cancel_order(s, order_id, actor="admin", now=LATER, by_resident=False)
        assert s.get(Order, order_id).status == "cancelled"


def test_another_resident_cannot_cancel_my_order(world, placed):
    order_id, _, resident_id = placed
    with world.db.session() as s, pytest.raises(NotFound):
        orders.cancel_order(s, order_id, actor="resident", now=LATER, resident_id=resident_id + 1)


def test_an_order_all_shops_reject_gives_its_window_back(world, placed):
    order_id, subs, _ = placed
    with world.db.session() as s:
        for slug, sub_id in subs.items():
            orders.reject(s, sub_id, shop_id=_shop(world, slug), actor=f"shop:{slug}", now=LATER, reason="krank")
        order = s.get(Order, order_id)
        assert order.status == "cancelled"
        assert s.get(Slot, order.slot_id).taken == 0
