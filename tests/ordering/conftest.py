"""A small region, imported through the real catalog importer, for the ordering tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from ordering import windows
from ordering.catalog_file import parse_catalog
from ordering.catalog_import import import_catalog
from ordering.db import Database
from ordering.models import Municipality, PickupStation, Product, Region, Shop, Slot

BERLIN = ZoneInfo("Europe/Berlin")
# Monday 23 November 2026, 08:00 in Coesfeld.
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)

SMALL_REGION = """
format: kiepe-catalog/1
region:
  id: testland
  name: Testland
  timezone: Europe/Berlin
  currency: EUR
  municipalities:
    - {id: coesfeld, name: Coesfeld, postcodes: ["48653"]}
    - {id: billerbeck, name: Billerbeck, postcodes: ["48727"]}
  pickup_stations:
    - {id: coesfeld-markt, name: Abholstation am Markt, municipality: coesfeld, address: "Markt 1, 48653 Coesfeld"}
  delivery:
    fee: "3.50"
    cutoff_hours: 12
    windows:
      - {days: [mon, tue, wed, thu, fri], start: "09:00", end: "12:00", capacity: 3}
      - {days: [sat], start: "09:00", end: "13:00", capacity: 2}
  pickup:
    cutoff_hours: 6
    windows:
      - {days: [mon, tue, wed, thu, fri, sat], start: "16:00", end: "19:00", capacity: 2}
shops:
  - id: hof-schulze
    name: Hof Schulze
    kind: direct_marketer
    municipality: billerbeck
    products:
      - {id: frischmilch, name: Frischmilch, unit: piece, label: Flasche, size: "1 l", price: "1.29", vat: 7}
      - {id: kartoffeln, name: Kartoffeln, unit: kg, price: "1.80", vat: 7}
    vouchers: {min: "5.00", max: "100.00"}
  - id: baeckerei-terstegen
    name: Bäckerei Terstegen
    kind: retailer
    municipality: coesfeld
    products:
      - {id: weizenbroetchen, name: Weizenbrötchen, aliases: [Brötchen], unit: piece, price: "0.45", vat: 7}
      - {id: roggenmischbrot, name: Roggenmischbrot, unit: piece, label: Laib, size: "1 kg", price: "4.10", vat: 7}
  - id: weinhandlung-koenig
    name: Weinhandlung König
    kind: retailer
    municipality: coesfeld
    products:
      - {id: spaetburgunder, name: Spätburgunder trocken, unit: piece, label: Flasche, size: "0,75 l", price: "12.90", vat: 19}
    services:
      - {id: weinprobe, name: Weinprobe, duration_minutes: 90, price: "25.00", vat: 19}
"""


@dataclass
class World:
    """Handles to the imported region, by slug."""

    db: Database
    region_id: int
    shops: dict[str, int]
    products: dict[str, int]

    def slot(self, kind: str, local_start: datetime, place: str | None = None) -> int:
        """The window starting then: delivery in ``place`` (default Coesfeld), pick-up at a station."""
        query = select(Slot.id).where(Slot.kind == kind, Slot.start == local_start)
        if kind == "delivery":
            query = query.where(Slot.municipality.has(Municipality.slug == (place or "coesfeld")))
        else:
            query = query.where(Slot.station.has(PickupStation.slug == (place or "coesfeld-markt")))
        with self.db.session() as s:
            slot_id = s.scalar(query)
        assert slot_id is not None, f"no {kind} window at {local_start}"
        return slot_id


def build_world(db: Database, text: str = SMALL_REGION) -> World:
    spec = parse_catalog(text)
    with db.session() as s:
        import_catalog(s, spec)
    with db.session() as s:
        region = s.scalar(select(Region))
        windows.generate_slots(s, region, date(2026, 11, 23), 14)
        shops = {shop.slug: shop.id for shop in s.scalars(select(Shop))}
        products = {p.slug: p.id for p in s.scalars(select(Product))}
        return World(db, region.id, shops, products)


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)
