"""Courier run sheets and station pick-up lists, built from orders written directly with the models."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot import cli
from ordering.errors import Invalid
from ordering.models import (
    Municipality,
    Order,
    OrderLine,
    PickupStation,
    Product,
    Region,
    Shop,
    Slot,
    SubOrder,
)
from ordering.run_sheets import (
    delivery_run_sheet,
    describe_line,
    render_pickup_list_text,
    render_run_sheet_text,
    station_pickup_list,
    street_order,
)

BERLIN = ZoneInfo("Europe/Berlin")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


class Town:
    """A region with two shops, a delivery window for Coesfeld and a pick-up window at the market."""

    def __init__(self, s) -> None:
        self.s = s
        self.region = Region(slug="ml", name="Münsterland", delivery_fee_cents=350)
        s.add(self.region)
        s.flush()
        self.coesfeld = self._add(Municipality(region_id=self.region.id, slug="coesfeld", name="Coesfeld"))
        self.billerbeck = self._add(Municipality(region_id=self.region.id, slug="billerbeck", name="Billerbeck"))
        self.station = self._add(
            PickupStation(
                region_id=self.region.id, municipality_id=self.coesfeld.id, slug="coesfeld-markt",
                name="Abholstation am Markt", address="Markt 1, 48653 Coesfeld",
            )
        )
        self.hof = self._add(Shop(region_id=self.region.id, municipality_id=self.billerbeck.id, slug="hof-schulze",
                                  name="Hof Schulze", kind="direct_marketer"))
        self.baeckerei = self._add(Shop(region_id=self.region.id, municipality_id=self.coesfeld.id,
                                        slug="baeckerei", name="Bäckerei Terstegen", kind="retailer"))
        self.milk = self._product(self.hof, "frischmilch", "Frischmilch", 129, label="Flasche", size="1 l")
        self.potatoes = self._product(self.hof, "kartoffeln", "Kartoffeln", 180, unit="kg")
        self.butter = self._product(self.hof, "butter", "Butter", 250, label="Stück", size="250 g")
        self.rolls = self._product(self.baeckerei, "weizenbroetchen", "Weizenbrötchen", 45)
        self.delivery = self._add(Slot(region_id=self.region.id, kind="delivery", municipality_id=self.coesfeld.id,
                                       start=local(2026, 11, 28, 9), end=local(2026, 11, 28, 13),
                                       cutoff=local(2026, 11, 27, 21), capacity=15, taken=0))
        self.pickup = self._add(Slot(region_id=self.region.id, kind="pickup", station_id=self.station.id,
                                     start=local(2026, 11, 28, 16), end=local(2026, 11, 28, 19),
                                     cutoff=local(2026, 11, 28, 10), capacity=20, taken=0))

    def _add(self, row):
        self.s.add(row)
        self.s.flush()
        return row

    def _product(self, shop, slug, name, price, *, unit="piece", label=None, size=None) -> Product:
        return self._add(Product(shop_id=shop.id, slug=slug, name=name, unit=unit, label=label, size=size,
                                 price_cents=price, vat=7))

    def order(self, reference, *, slot=None, name="Hildegard Schulte", street="Hauptstraße 12", municipality=None,
              payment_method="online", payment_status="pending", status="placed", bags=()) -> Order:
        """``bags``: (shop, sub-order status, [(product, quantity, rejected) or ("voucher", cents)])."""
        slot = slot or self.delivery
        order = Order(
            reference=reference, region_id=self.region.id, fulfilment=slot.kind, slot_id=slot.id,
            station_id=slot.station_id, customer_name=name, customer_phone="+4925411111",
            street=street if slot.kind == "delivery" else None, postcode="48653", town="Coesfeld",
            municipality_id=(municipality or self.coesfeld).id,
            delivery_fee_cents=350 if slot.kind == "delivery" else 0, total_cents=0,
            payment_method=payment_method, payment_status=payment_status, status=status,
        )
        for shop, sub_status, lines in bags:
            sub = SubOrder(shop_id=shop.id, status=sub_status, subtotal_cents=0)
            for line in lines:
                sub.lines.append(self._line(*line))
            sub.subtotal_cents = sum(line.total_cents for line in sub.lines)
            order.sub_orders.append(sub)
        order.total_cents = sum(sub.subtotal_cents for sub in order.sub_orders) + order.delivery_fee_cents
        return self._add(order)

    def _line(self, product, amount, rejected=False) -> OrderLine:
        if product == "voucher":
            return OrderLine(name="Gutschein Hof Schulze", vat=0, total_cents=amount, voucher_cents=amount)
        quantity = Decimal(str(amount))
        return OrderLine(product_id=product.id, product_slug=product.slug, name=product.name, unit=product.unit,
                         label=product.label, size=product.size, quantity=quantity,
                         unit_price_cents=product.price_cents, vat=7,
                         total_cents=int(quantity * product.price_cents), rejected=rejected)


@pytest.fixture
def town(db):
    with db.session() as s:
        town = Town(s)
        t = town
        t.order("K-1", street="Hauptstraße 12", payment_method="on_delivery", bags=[
            (t.hof, "confirmed", [(t.milk, 2), (t.potatoes, "1.5"), (t.butter, 1, True)]),
            (t.baeckerei, "ready", [(t.rolls, 6)]),
        ])
        t.order("K-2", name="Bernd Alt", street="Hauptstraße 9", bags=[(t.baeckerei, "placed", [(t.rolls, 4)])])
        t.order("K-3", street="Am Bach 1", status="cancelled", bags=[(t.baeckerei, "cancelled", [(t.rolls, 2)])])
        t.order("K-4", name="Clara Dorn", street="Am Markt 3", payment_method="on_delivery", payment_status="paid",
                bags=[(t.hof, "rejected", [(t.milk, 1)]), (t.baeckerei, "confirmed", [(t.rolls, 10)])])
        t.order("K-5", street="Ziegelweg 2", bags=[(t.hof, "rejected", [(t.milk, 3)])])
        t.order("K-6", name="Dieter Ernst", street="Lindenweg 5", municipality=t.billerbeck,
                payment_method="on_delivery", bags=[(t.hof, "placed", [("voucher", 2000)])])
        t.order("P-1", slot=t.pickup, name="Zoe Zander", payment_method="on_delivery",
                bags=[(t.hof, "at_station", [(t.milk, 1)]), (t.baeckerei, "at_station", [(t.rolls, 2)])])
        t.order("P-2", slot=t.pickup, name="Anna Berg", bags=[(t.baeckerei, "ready", [(t.rolls, 12)])])
        t.order("P-3", slot=t.pickup, name="Otto Storno", status="cancelled",
                bags=[(t.baeckerei, "placed", [(t.rolls, 1)])])
        return {"delivery": t.delivery.id, "pickup": t.pickup.id, "station": t.station.id, "db": db}


def test_describe_line_speaks_the_products_unit():
    milk = OrderLine(name="Frischmilch", unit="piece", label="Flasche", size="1 l", quantity=Decimal("2.000"),
                     vat=7, total_cents=258)
    potatoes = OrderLine(name="Kartoffeln", unit="kg", quantity=Decimal("0.250"), vat=7, total_cents=45)
    rolls = OrderLine(name="Weizenbrötchen", unit="piece", quantity=Decimal("6"), vat=7, total_cents=270)
    voucher = OrderLine(name="Gutschein Hof Schulze", vat=0, total_cents=2000, voucher_cents=2000)
    assert describe_line(milk) == "2 × Frischmilch (Flasche 1 l)"
    assert describe_line(potatoes) == "0,25 kg Kartoffeln"
    assert describe_line(rolls) == "6 × Weizenbrötchen"
    assert describe_line(voucher) == "Gutschein Hof Schulze über 20,00 €"


def test_street_order_sorts_house_numbers_as_numbers():
    streets = ["Hauptstraße 12", "Am Markt 3", "Hauptstraße 9", "Hauptstraße 9a"]
    assert sorted(streets, key=street_order) == ["Am Markt 3", "Hauptstraße 9", "Hauptstraße 9a", "Hauptstraße 12"]


def test_run_sheet_groups_stops_and_leaves_out_what_does_not_travel(town):
    with town["db"].session() as s:
        sheet = delivery_run_sheet(s, town["delivery"])
    assert [g.municipality_name for g in sheet.groups] == ["Billerbeck", "Coesfeld"]
    assert [stop.reference for stop in sheet.groups[1].stops] == ["K-4", "K-2", "K-1"]  # Am Markt, Hauptstr. 9, 12
    assert "K-3" not in {stop.reference for stop in sheet.stops}  # cancelled
    assert "K-5" not in {stop.reference for stop in sheet.stops}  # every shop rejected: no stop

    k1 = next(stop for stop in sheet.stops if stop.reference == "K-1")
    hof, baeckerei = sorted(k1.bags, key=lambda bag: bag.shop_name, reverse=True)
    assert hof.items == ("2 × Frischmilch (Flasche 1 l)", "1,5 kg Kartoffeln")  # the rejected butter is gone
    assert (hof.status_text, baeckerei.status_text) == ("bestätigt", "fertig gepackt")
    assert k1.collect_cents == 258 + 270 + 270 + 350  # goods without the butter, plus the delivery fee
    assert k1.address == "Hauptstraße 12, 48653 Coesfeld"

    k4 = next(stop for stop in sheet.stops if stop.reference == "K-4")
    assert k4.collect_cents == 0  # paid already
    assert [bag.handed_over for bag in k4.bags] == [True, False]  # the farm (second) rejected its part
    assert next(stop for stop in sheet.stops if stop.reference == "K-2").collect_cents == 0  # online

    assert sheet.bag_count == 5
    assert sheet.collect_total_cents == 1148 + 2000 + 350
    assert {shop.shop_name: shop.references for shop in sheet.shops} == {
        "Bäckerei Terstegen": ("K-4", "K-2", "K-1"),
        "Hof Schulze": ("K-6", "K-1"),
    }


def test_run_sheet_text_is_printable(town):
    with town["db"].session() as s:
        text = render_run_sheet_text(delivery_run_sheet(s, town["delivery"]))
    assert text.splitlines()[0] == "Tour Samstag, 28. November, 9–13 Uhr — Coesfeld"
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert "[ ] 2 × Frischmilch (Flasche 1 l)" in text
    assert "Butter" not in text and "K-3" not in text and "K-5" not in text
    assert "Kassieren: 11,48 €" in text
    assert "Hof Schulze (Nr. " in text and "abgelehnt): nichts mitnehmen" in text
    assert text.index("K-4") < text.index("K-2") < text.index("K-1")


def test_pickup_list_for_a_station(town):
    with town["db"].session() as s:
        pickup = station_pickup_list(s, town["station"], town["pickup"])
    assert [order.reference for order in pickup.orders] == ["P-2", "P-1"]  # by name: Anna Berg, Zoe Zander
    assert pickup.bag_count == 3
    assert pickup.collect_total_cents == 129 + 90  # no delivery fee at the station
    text = render_pickup_list_text(pickup)
    assert text.splitlines()[0] == "Abholung Samstag, 28. November, 16–19 Uhr — Abholstation am Markt"
    assert "Markt 1, 48653 Coesfeld" in text and "P-3" not in text
    assert "[ ] 12 × Weizenbrötchen" in text
    assert all(len(line) <= 80 for line in text.splitlines()), text


def test_wrong_kind_of_window_is_refused(town):
    with pytest.raises(Invalid), town["db"].session() as s:
        delivery_run_sheet(s, town["pickup"])
    with pytest.raises(Invalid), town["db"].session() as s:
        station_pickup_list(s, town["station"], town["delivery"])


def test_empty_window_prints_a_note(db):
    with db.session() as s:
        slot_id = Town(s).delivery.id
    with db.session() as s:
        text = render_run_sheet_text(delivery_run_sheet(s, slot_id))
    assert "Keine Bestellungen" in text and "0 Stopps" in text


def test_long_names_wrap_within_80_columns(db):
    with db.session() as s:
        t = Town(s)
        t.baeckerei.name = "Bäckerei und Konditorei Terstegen-Hülsmann am Alten Rathausplatz, Filiale Süd"
        t.rolls.name = "Dinkel-Vollkornbrötchen mit Kürbiskernen, Sonnenblumenkernen und Leinsamen aus der Region"
        t.order("K-9", name="Maximiliane Wilhelmine von Droste-Hülshoff zu Vischering", bags=[
            (t.baeckerei, "placed", [(t.rolls, 3)])])
        slot_id = t.delivery.id
    with db.session() as s:
        text = render_run_sheet_text(delivery_run_sheet(s, slot_id))
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert "Leinsamen" in text


def test_cli_prints_runsheet_and_pickup_list(town, capsys):
    db = town["db"]
    url = db.engine.url.render_as_string(hide_password=False)
    assert cli.main(["runsheet", str(town["delivery"]), "--database-url", url]) == 0
    assert "Tour Samstag, 28. November, 9–13 Uhr — Coesfeld" in capsys.readouterr().out
    assert cli.main(["pickup-list", "coesfeld-markt", str(town["pickup"]), "--database-url", url]) == 0
    assert "P-2" in capsys.readouterr().out
    assert cli.main(["pickup-list", "nowhere", str(town["pickup"]), "--database-url", url]) == 1
    assert "error:" in capsys.readouterr().out


def test_sheet_as_json_carries_labels_and_totals(town):
    from dataclasses import asdict

    with town["db"].session() as s:
        data = asdict(delivery_run_sheet(s, town["delivery"]))
    assert data["window_label"] == "Samstag, 28. November, 9–13 Uhr"
    assert (data["stop_count"], data["bag_count"], data["collect_total_cents"]) == (4, 5, 3498)
    first_bag = data["groups"][1]["stops"][0]["bags"][0]
    assert first_bag["status_text"] == "bestätigt" and first_bag["handed_over"] is True
