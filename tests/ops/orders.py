"""A real order placed through the domain, for the operations tests (metrics, backups)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from ordering import cart as carts
from ordering import checkout
from ordering.residents import ResidentData, register_resident
from tests.ordering.conftest import NOW, World

TUESDAY_9 = NOW.replace(hour=9) + timedelta(days=1)


def place_order(world: World, phone: str = "+4915112345678", name: str = "Anna Schulte") -> int:
    """``name`` orders milk and wine for Tuesday 9:00 in Coesfeld; returns the order's id."""
    slot_id = world.slot("delivery", TUESDAY_9)
    with world.db.session() as s:
        resident = register_resident(s, world.region_id, ResidentData(name=name, phone=phone, street="Markt 3",
                                                                      postcode="48653"))
        cart = carts.open_cart(s, world.region_id, resident_id=resident.id)
        carts.add_product(s, cart, world.products["frischmilch"], Decimal(2))
        carts.add_product(s, cart, world.products["spaetburgunder"], Decimal(1))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        order = checkout.checkout(s, cart, now=NOW, payment_method="on_delivery", channel="web")
        return order.id
