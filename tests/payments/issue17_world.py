"""A drinks shop with Pfand and substitutes (issue 17), imported through the real catalog importer,
and orders placed through the real cart and checkout."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ordering import cart as carts
from ordering import checkout, residents
from ordering.models import Region, Shop
from ordering.payments import service
from tests.ordering.conftest import BERLIN, SMALL_REGION, World, build_world

DRINKS = SMALL_REGION.replace("shops:\n", """shops:
  - id: getraenke-kamps
    name: Getränke Kamps
    kind: retailer
    municipality: coesfeld
    products:
      - {id: pils-kasten, name: "Pils, Kasten 20 × 0,5 l", unit: piece, label: Kasten, price: "16.99", vat: 19, deposit: "3.10", substitutes: [export-kasten]}
      - {id: export-kasten, name: "Export, Kasten 20 × 0,5 l", unit: piece, label: Kasten, price: "15.99", vat: 19, deposit: "3.10"}
      - {id: radler-kasten, name: "Radler, Kasten 20 × 0,5 l", unit: piece, label: Kasten, price: "17.49", vat: 19, deposit: "3.10"}
      - {id: wasser-kasten, name: "Wasser, Kasten 12 × 0,7 l", unit: piece, label: Kasten, price: "6.49", vat: 19, deposit: "3.30"}
      - {id: apfelsaft, name: Apfelsaft, unit: piece, label: Flasche, size: "1 l", price: "2.40", vat: 19, deposit: "0.15"}
""", 1)
THURSDAY_9 = datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
PHONE = "+4915112345678"


def drinks_world(db, *, commission_bp: int = 1000) -> World:
    world = build_world(db, DRINKS)
    with db.session() as s:
        s.get(Region, world.region_id).commission_bp = commission_bp
    return world


def place(world: World, goods: dict[str, int], *, method: str = "online", now: datetime, phone: str = PHONE,
          preference: str | None = None) -> int:
    """An order of ``goods`` (product slug → pieces) for Thursday 9–12, delivered to Coesfeld."""
    slot_id = world.slot("delivery", THURSDAY_9)
    with world.db.session() as s:
        data = residents.ResidentData(name="Hildegard Schulte", phone=phone, street="Letter Straße 5", postcode="48653")
        resident = residents.register_resident(s, world.region_id, data)
        cart = carts.open_cart(s, world.region_id, resident_id=resident.id)
        for slug, pieces in goods.items():
            carts.add_product(s, cart, world.products[slug], Decimal(pieces))
        checkout.choose_window(s, cart, slot_id, now=now)
        order = checkout.checkout(s, cart, now=now, payment_method=method)
        order.substitute_preference = preference
        return order.id


def onboard(world: World, gateway, stripe_fake, *slugs: str) -> None:
    with world.db.session() as s:
        for slug in slugs:
            shop = s.get(Shop, world.shops[slug])
            service.onboard_shop(s, shop.id, gateway, refresh_url="https://k.test/r", return_url="https://k.test/ok")
            stripe_fake.complete_onboarding(shop.stripe_account_id)
