from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from bot.application.error_wording import resident_text
from ordering import cart as carts
from ordering import checkout, residents, windows
from ordering.errors import Conflict, Invalid, SlotUnavailable
from ordering.models import Order, Product, Slot, SubOrder
from tests.ordering.conftest import NOW

TUESDAY_9 = NOW.replace(hour=9) + timedelta(days=1)
MONDAY_16 = NOW.replace(hour=16)


def _resident(world, s, **overrides):
    data = dict(name="Hildegard Schulte", phone="02541 111111", street="Letter Straße 5", postcode="48653")
    data.update(overrides)
    return residents.register_resident(s, world.region_id, residents.ResidentData(**data))


def _filled_cart(world, s, resident):
    cart = carts.open_cart(s, world.region_id, resident_id=resident.id)
    carts.add_product(s, cart, world.products["frischmilch"], Decimal(2))
    carts.add_product(s, cart, world.products["weizenbroetchen"], Decimal(6))
    carts.add_product(s, cart, world.products["spaetburgunder"], Decimal(1))
    return cart


def test_checkout_makes_one_order_with_a_sub_order_per_shop(world):
    slot_id = world.slot("delivery", TUESDAY_9)
    with world.db.session() as s:
        cart = _filled_cart(world, s, _resident(world, s))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        order = checkout.checkout(s, cart, now=NOW, payment_method="on_delivery", channel="voice")
        order_id = order.id
    with world.db.session() as s:
        order = s.get(Order, order_id)
        assert order.reference.startswith("K-2611-")
        assert order.total_cents == 258 + 270 + 1290 + 350
        assert order.delivery_fee_cents == 350 and order.payment_method == "on_delivery"
        assert sorted(sub.shop.slug for sub in order.sub_orders) == [
            "baeckerei-terstegen", "hof-schulze", "weinhandlung-koenig"]
        assert all(sub.status == "placed" for sub in order.sub_orders)
        assert {sub.shop.slug: sub.subtotal_cents for sub in order.sub_orders}["hof-schulze"] == 258
        assert order.street == "Letter Straße 5" and order.customer_phone == "+492541111111"
        assert [e.event for e in order.events] == ["placed"]
        assert s.get(Slot, slot_id).taken == 1
        assert order.slot_id == slot_id


def test_checkout_twice_returns_the_same_order(world):
    slot_id = world.slot("delivery", TUESDAY_9)
    with world.db.session() as s:
        cart = _filled_cart(world, s, _resident(world, s))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        first = checkout.checkout(s, cart, now=NOW)
        again = checkout.checkout(s, cart, now=NOW)
        assert first.id == again.id
        assert s.scalar(select(func.count(Order.id))) == 1


def test_pickup_has_no_delivery_fee_and_needs_no_address(world):
    slot_id = world.slot("pickup", MONDAY_16)
    with world.db.session() as s:
        resident = _resident(world, s, street=None, postcode=None)
        cart = _filled_cart(world, s, resident)
        checkout.choose_window(s, cart, slot_id, now=NOW)
        order = checkout.checkout(s, cart, now=NOW)
        assert order.fulfilment == "pickup" and order.delivery_fee_cents == 0
        assert order.station.slug == "coesfeld-markt"


@pytest.mark.parametrize(
    "problem,field",
    [("no window", "slot_id"), ("no address", "address"), ("empty", None), ("no name", "resident"),
     ("bad payment", "payment_method")],
)
def test_checkout_refuses_clearly_and_writes_nothing(world, problem, field):
    slot_id = world.slot("delivery", TUESDAY_9)
    with world.db.session() as s:
        resident = _resident(world, s, street=None if problem == "no address" else "Letter Straße 5")
        cart = carts.open_cart(s, world.region_id, resident_id=resident.id)
        if problem != "empty":
            carts.add_product(s, cart, world.products["frischmilch"], Decimal(1))
        if problem not in ("no window", "empty"):  # an empty cart cannot even hold a window
            checkout.choose_window(s, cart, slot_id, now=NOW)
        if problem == "no name":
            cart.resident_id = None
        cart_id = cart.id
    with world.db.session() as s:
        cart = carts.get_cart(s, cart_id)
        with pytest.raises(Invalid) as exc:
            checkout.checkout(s, cart, now=NOW, payment_method="bitcoin" if problem == "bad payment" else "online")
        assert exc.value.field == field
        assert resident_text(exc.value)
    with world.db.session() as s:
        assert s.scalar(select(func.count(Order.id))) == 0
        assert s.scalar(select(func.count(SubOrder.id))) == 0


def test_delivery_window_must_match_the_address(world):
    coesfeld = world.slot("delivery", TUESDAY_9, "coesfeld")
    with world.db.session() as s:
        resident = _resident(world, s, postcode="48727")  # Billerbeck
        cart = _filled_cart(world, s, resident)
        checkout.choose_window(s, cart, coesfeld, now=NOW)
        with pytest.raises(Invalid) as exc:
            checkout.checkout(s, cart, now=NOW)
        assert "anderen Ort" in resident_text(exc.value)


def test_a_product_sold_out_since_it_was_added_stops_checkout(world):
    slot_id = world.slot("delivery", TUESDAY_9)
    with world.db.session() as s:
        cart = _filled_cart(world, s, _resident(world, s))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        cart_id = cart.id
        s.get(Product, world.products["frischmilch"]).available = False
    with world.db.session() as s:
        with pytest.raises(Conflict):
            checkout.checkout(s, carts.get_cart(s, cart_id), now=NOW)
    with world.db.session() as s:
        assert s.scalar(select(func.count(Order.id))) == 0


def test_an_expired_hold_is_retaken_if_a_place_is_free(world):
    slot_id = world.slot("delivery", TUESDAY_9)
    with world.db.session() as s:
        cart = _filled_cart(world, s, _resident(world, s))
        checkout.choose_window(s, cart, slot_id, now=NOW, hold_minutes=15)
        order = checkout.checkout(s, cart, now=NOW + timedelta(minutes=40))
        assert s.get(Slot, order.slot_id).taken == 1


def test_choosing_another_window_gives_the_first_back(world):
    first, second = world.slot("delivery", TUESDAY_9), world.slot("delivery", TUESDAY_9 + timedelta(days=1))
    with world.db.session() as s:
        cart = _filled_cart(world, s, _resident(world, s))
        checkout.choose_window(s, cart, first, now=NOW)
        checkout.choose_window(s, cart, second, now=NOW)
        assert (s.get(Slot, first).taken, s.get(Slot, second).taken) == (0, 1)
        checkout.choose_window(s, cart, second, now=NOW)  # again: still one place
        assert s.get(Slot, second).taken == 1
        checkout.release_window(s, cart)
        assert s.get(Slot, second).taken == 0


def test_an_empty_cart_holds_no_window(world):
    slot_id = world.slot("delivery", TUESDAY_9)
    with world.db.session() as s:
        cart = carts.open_cart(s, world.region_id, resident_id=_resident(world, s).id)
        with pytest.raises(Invalid) as refused:
            checkout.choose_window(s, cart, slot_id, now=NOW)
        assert resident_text(refused.value).startswith("Ihr Warenkorb ist noch leer")
        assert s.get(Slot, slot_id).taken == 0 and cart.hold_id is None


@pytest.mark.parametrize("emptying", ["remove", "zero", "clear"])
def test_a_cart_emptied_gives_its_window_back(world, emptying):
    slot_id = world.slot("delivery", TUESDAY_9)
    with world.db.session() as s:
        cart = carts.open_cart(s, world.region_id, resident_id=_resident(world, s).id)
        line = carts.add_product(s, cart, world.products["frischmilch"], Decimal(1))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        assert s.get(Slot, slot_id).taken == 1
        {"remove": lambda: carts.remove_line(s, cart, line.id),
         "zero": lambda: carts.set_quantity(s, cart, line.id, Decimal(0)),
         "clear": lambda: carts.clear(s, cart)}[emptying]()
        assert s.get(Slot, slot_id).taken == 0 and cart.hold_id is None


def test_a_full_window_is_refused_and_the_old_hold_stays(world):
    full = world.slot("delivery", TUESDAY_9)
    other = world.slot("delivery", TUESDAY_9 + timedelta(days=1))
    with world.db.session() as s:
        for _i in range(3):  # capacity 3
            windows.hold_slot(s, full, None, now=NOW, minutes=30)
        cart = _filled_cart(world, s, _resident(world, s))
        checkout.choose_window(s, cart, other, now=NOW)
        cart_id = cart.id
    with pytest.raises(SlotUnavailable):
        with world.db.session() as s:
            checkout.choose_window(s, carts.get_cart(s, cart_id), full, now=NOW)
    with world.db.session() as s:
        assert s.get(Slot, other).taken == 1 and carts.get_cart(s, cart_id).hold.slot_id == other
