"""Shop rules from the catalog (issue 16): strict import of the optional fields, public holidays,
closing days, minimum orders, free delivery and age-restricted goods; SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.application.error_wording import resident_text
from ordering import cart as carts
from ordering import checkout, residents, shop_rules, windows
from ordering.catalog_file import CatalogError, parse_catalog
from ordering.catalog_import import import_catalog
from ordering.models import Order, Product, Region, Shop, Slot
from tests.ordering.conftest import BERLIN, NOW, SMALL_REGION, build_world

# The small test region with every optional field of the format somewhere.
RULES_REGION = (
    SMALL_REGION.replace("  currency: EUR\n", "  currency: EUR\n  holidays: NW\n  weighed_goods:\n    tolerance_percent: 15\n")
    .replace('    fee: "3.50"\n', '    fee: "3.50"\n    free_from: "30.00"\n')
    .replace("    municipality: billerbeck\n    products:\n",
             '    municipality: billerbeck\n    min_order: "10.00"\n    products:\n')
    .replace("    kind: retailer\n    municipality: coesfeld\n    products:\n      - {id: weizenbroetchen",
             '    kind: retailer\n    municipality: coesfeld\n    closed:\n      - "2026-11-25"\n'
             '      - {from: "2026-11-30", to: "2026-12-02"}\n    products:\n      - {id: weizenbroetchen')
    .replace('price: "0.45", vat: 7}', 'price: "0.45", vat: 7, allergens: [gluten]}')
    .replace('price: "12.90", vat: 19}', 'price: "12.90", vat: 19, min_age: 16, deposit: "0.00", '
                                         'substitutes: [spaetburgunder-halb], allergens: [schwefeldioxid]}\n'
             '      - {id: spaetburgunder-halb, name: Spätburgunder halbe Flasche, unit: piece, price: "7.50", '
             'vat: 19, min_age: 16}\n      - {id: korn, name: Münsterländer Korn, unit: piece, price: "14.90", '
             'vat: 19, min_age: 18, deposit: "0.15"}')
)
WEDNESDAY_9 = datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)  # the bakery's closing day
THURSDAY_9 = datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
MONDAY_30_9 = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)  # Betriebsurlaub 30 Nov - 2 Dec


@pytest.fixture
def rules(db):
    return build_world(db, RULES_REGION)


def _resident(world, s):
    data = residents.ResidentData(name="Hildegard Schulte", phone="02541 111111", street="Letter Straße 5",
                                  postcode="48653")
    return residents.register_resident(s, world.region_id, data)


# ---------------------------------------------------------------- the catalog


def test_every_optional_field_is_imported(rules):
    with rules.db.session() as s:
        region = s.get(Region, rules.region_id)
        assert (region.holidays_state, region.free_delivery_from_cents, region.weighed_tolerance_percent) == (
            "NW", 3000, 15)
        bakery = s.get(Shop, rules.shops["baeckerei-terstegen"])
        assert bakery.closed_days == [["2026-11-25", "2026-11-25"], ["2026-11-30", "2026-12-02"]]
        assert s.get(Shop, rules.shops["hof-schulze"]).min_order_cents == 1000
        wine = s.get(Product, rules.products["spaetburgunder"])
        assert (wine.min_age, wine.deposit_cents, wine.substitutes, wine.allergens) == (
            16, 0, ["spaetburgunder-halb"], ["schwefeldioxid"])
        assert s.get(Product, rules.products["korn"]).deposit_cents == 15
        assert s.get(Product, rules.products["weizenbroetchen"]).allergens == ["gluten"]
        assert s.get(Product, rules.products["roggenmischbrot"]).allergens is None  # no statement


def test_a_file_without_the_rules_takes_the_shops_rules_away_but_keeps_the_regions(rules):
    with rules.db.session() as s:
        import_catalog(s, parse_catalog(SMALL_REGION))  # e.g. a shop's own import with the region header
    with rules.db.session() as s:
        region = s.get(Region, rules.region_id)
        assert (region.holidays_state, region.weighed_tolerance_percent) == ("NW", 15)  # left alone
        assert region.free_delivery_from_cents is None  # the file's delivery section has none
        assert s.get(Shop, rules.shops["baeckerei-terstegen"]).closed_days == []
        assert s.get(Product, rules.products["weizenbroetchen"]).allergens is None


@pytest.mark.parametrize(
    "old, new, path, message",
    [
        ("min_age: 18", "min_age: 21", "shops[2].products[2].min_age", "use 16 or 18"),
        ('deposit: "0.15"', 'deposit: "-0.15"', "shops[2].products[2].deposit", "negative"),
        ("holidays: NW", "holidays: NRW", "region.holidays", "not a German state code"),
        ("allergens: [gluten]", "allergens: [nuss]", "shops[1].products[0].allergens[0]", "write 'schalenfruechte'"),
        ("allergens: [gluten]", "allergens: [gluten, gluten]", "shops[1].products[0].allergens[1]", "twice"),
        ('- "2026-11-25"', '- "2026-11-31"', "shops[1].closed[0]", "not a date"),
        ('to: "2026-12-02"', 'to: "2026-11-02"', "shops[1].closed[1].to", "must not be before"),
        ('min_order: "10.00"', 'min_order: "10,00"', "shops[0].min_order", "decimal comma"),
        ("substitutes: [spaetburgunder-halb]", "substitutes: [export-kasten]", "shops[2].products[0].substitutes[0]",
         "unknown product 'export-kasten'"),
        ("tolerance_percent: 15", "tolerance_percent: 150", "region.weighed_goods.tolerance_percent", "at most 100"),
        ('free_from: "30.00"', "free_from: viel", "region.delivery.free_from", "not an amount"),
    ],
)
def test_a_wrong_value_is_refused_naming_field_and_line(old, new, path, message):
    assert old in RULES_REGION
    text = RULES_REGION.replace(old, new, 1)
    line = text[: text.index(new)].count("\n") + 1
    with pytest.raises(CatalogError) as raised:
        parse_catalog(text)
    problems = raised.value.problems
    assert [(p.path, p.line) for p in problems] == [(path, line)], problems
    assert message in problems[0].message


def test_a_typo_in_an_optional_key_is_imported_with_a_warning_naming_the_line(db):
    text = RULES_REGION.replace("allergens: [gluten]", "allergene: [gluten]")
    spec = parse_catalog(text)
    line = text[: text.index("allergene")].count("\n") + 1
    assert [(w.path, w.line) for w in spec.warnings] == [("shops[1].products[0].allergene", line)]
    assert "did you mean 'allergens'" in spec.warnings[0].message
    with db.session() as s:
        import_catalog(s, spec)  # imported, without the misspelt field
        assert s.scalar(select(Product.allergens).where(Product.slug == "weizenbroetchen")) is None


# ---------------------------------------------------------------- holidays and closing days


def test_no_windows_on_the_regions_public_holidays(rules):
    with rules.db.session() as s:
        region = s.get(Region, rules.region_id)
        windows.generate_slots(s, region, date(2026, 12, 21), 14)
    with rules.db.session() as s:
        days = {slot.start.astimezone(BERLIN).date()
                for slot in s.scalars(select(Slot).where(Slot.capacity > 0))}
    assert date(2026, 12, 24) in days and date(2026, 12, 28) in days
    for holiday in (date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)):
        assert holiday not in days


def test_windows_made_before_the_holidays_rule_are_withdrawn(db):
    world = build_world(db, SMALL_REGION)  # no holidays: 24 Dec - 6 Jan all have windows
    with world.db.session() as s:
        windows.generate_slots(s, s.get(Region, world.region_id), date(2026, 12, 21), 14)
    with world.db.session() as s:
        import_catalog(s, parse_catalog(SMALL_REGION.replace("  currency: EUR\n", "  currency: EUR\n  holidays: NW\n")))
        windows.generate_slots(s, s.get(Region, world.region_id), date(2026, 12, 21), 14)
    with world.db.session() as s:
        christmas = s.scalars(select(Slot).where(Slot.start >= datetime(2026, 12, 25, tzinfo=BERLIN),
                                                 Slot.start < datetime(2026, 12, 26, tzinfo=BERLIN))).all()
        assert christmas and all(slot.capacity == 0 for slot in christmas)
        assert shop_rules.public_holiday(s.get(Region, world.region_id), date(2026, 12, 25)) == "Erster Weihnachtstag"


def test_a_closed_shop_s_goods_cannot_hold_a_window_on_its_closing_day(rules):
    closed_day = rules.slot("delivery", WEDNESDAY_9)
    with rules.db.session() as s:
        cart = carts.open_cart(s, rules.region_id, resident_id=_resident(rules, s).id)
        carts.add_product(s, cart, rules.products["weizenbroetchen"], Decimal(6))
        with pytest.raises(shop_rules.ShopClosed) as raised:
            checkout.choose_window(s, cart, closed_day, now=NOW)
        assert resident_text(raised.value).startswith("Bäckerei Terstegen hat am 25. November geschlossen.")
        assert cart.hold_id is None


def test_the_holiday_sentence_names_the_span():
    closure = shop_rules.Closure(1, "Die Metzgerei", date(2027, 1, 2), date(2027, 1, 10))
    assert closure.sentence() == "Die Metzgerei hat vom 2. bis 10. Januar Betriebsurlaub."
    closure = shop_rules.Closure(1, "Die Metzgerei", date(2026, 12, 28), date(2027, 1, 3))
    assert closure.sentence() == "Die Metzgerei hat vom 28. Dezember bis 3. Januar Betriebsurlaub."


def test_other_shops_goods_take_the_window_and_checkout_refuses_bread_added_later(rules):
    closed_day = rules.slot("delivery", MONDAY_30_9)
    with rules.db.session() as s:
        cart = carts.open_cart(s, rules.region_id, resident_id=_resident(rules, s).id)
        carts.add_product(s, cart, rules.products["spaetburgunder"], Decimal(1))
        checkout.choose_window(s, cart, closed_day, now=NOW)  # the wine merchant is open
        carts.add_product(s, cart, rules.products["roggenmischbrot"], Decimal(1))  # adding is never blocked
        with pytest.raises(shop_rules.ShopClosed) as raised:
            checkout.checkout(s, cart, now=NOW, payment_method="on_delivery")
        assert "vom 30. November bis 2. Dezember Betriebsurlaub" in resident_text(raised.value)


def test_the_next_day_that_suits_every_shop():
    class FakeShop:
        id, name = 1, "Bäckerei"
        closed_days = [["2026-11-25", "2026-11-25"], ["2026-11-26", "2026-11-28"]]

    assert shop_rules.next_open_day([FakeShop()], date(2026, 11, 25)) == date(2026, 11, 29)
    assert shop_rules.next_open_day([FakeShop()], date(2026, 11, 24)) == date(2026, 11, 24)


# ---------------------------------------------------------------- minimum order, free delivery


def test_a_part_below_the_minimum_is_flagged_and_blocks_checkout_only(rules):
    slot_id = rules.slot("delivery", TUESDAY_9)
    with rules.db.session() as s:
        cart = carts.open_cart(s, rules.region_id, resident_id=_resident(rules, s).id)
        carts.add_product(s, cart, rules.products["frischmilch"], Decimal(2))  # 2,58 € of 10,00 €
        carts.add_product(s, cart, rules.products["roggenmischbrot"], Decimal(1))
        summary = carts.summarize(cart, s.get(Region, rules.region_id))
        assert [(p.shop_slug, p.missing_cents) for p in summary.short_parts] == [("hof-schulze", 742)]
        checkout.choose_window(s, cart, slot_id, now=NOW)
        with pytest.raises(shop_rules.BelowMinimumOrder) as raised:
            checkout.checkout(s, cart, now=NOW, payment_method="on_delivery")
        assert resident_text(raised.value).startswith(
            "Bei Hof Schulze fehlen noch 7,42 € bis zum Mindestbestellwert von 10,00 €.")
        assert cart.status == "open"
        carts.add_product(s, cart, rules.products["kartoffeln"], Decimal("5"))  # + 9,00 €
        assert carts.summarize(cart, s.get(Region, rules.region_id)).short_parts == ()
        order = checkout.checkout(s, cart, now=NOW, payment_method="on_delivery")
        assert order.status == "placed"


def test_dropping_the_short_part_lets_the_rest_check_out(rules):
    slot_id = rules.slot("delivery", TUESDAY_9)
    with rules.db.session() as s:
        cart = carts.open_cart(s, rules.region_id, resident_id=_resident(rules, s).id)
        milk = carts.add_product(s, cart, rules.products["frischmilch"], Decimal(1))
        carts.add_product(s, cart, rules.products["roggenmischbrot"], Decimal(1))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        carts.remove_line(s, cart, milk.id)
        order = checkout.checkout(s, cart, now=NOW, payment_method="on_delivery")
        assert [sub.shop.slug for sub in order.sub_orders] == ["baeckerei-terstegen"]


def test_delivery_is_free_from_the_regions_amount(rules):
    with rules.db.session() as s:
        region = s.get(Region, rules.region_id)
        cart = carts.open_cart(s, rules.region_id, resident_id=_resident(rules, s).id)
        cart.fulfilment = "delivery"
        carts.add_product(s, cart, rules.products["spaetburgunder"], Decimal(2))  # 25,80 €
        summary = carts.summarize(cart, region)
        assert (summary.delivery_fee_cents, summary.missing_for_free_delivery_cents) == (350, 420)
        carts.add_voucher(s, cart, rules.shops["hof-schulze"], 1000)  # a voucher is not goods
        assert carts.summarize(cart, region).delivery_fee_cents == 350
        carts.add_product(s, cart, rules.products["roggenmischbrot"], Decimal(2))  # 34,00 € of goods
        summary = carts.summarize(cart, region)
        assert (summary.delivery_fee_cents, summary.missing_for_free_delivery_cents) == (0, None)
        assert summary.total_cents == summary.goods_cents


# ---------------------------------------------------------------- age


def test_the_order_carries_the_highest_age_of_its_goods(rules):
    slot_id = rules.slot("delivery", THURSDAY_9)
    with rules.db.session() as s:
        cart = carts.open_cart(s, rules.region_id, resident_id=_resident(rules, s).id)
        carts.add_product(s, cart, rules.products["spaetburgunder"], Decimal(1))
        assert carts.summarize(cart, s.get(Region, rules.region_id)).min_age == 16
        carts.add_product(s, cart, rules.products["korn"], Decimal(1))
        carts.add_product(s, cart, rules.products["roggenmischbrot"], Decimal(1))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        order_id = checkout.checkout(s, cart, now=NOW, payment_method="on_delivery").id
    with rules.db.session() as s:
        order = s.get(Order, order_id)
        assert order.min_age == 18
        assert sorted((line.name, line.min_age) for sub in order.sub_orders for line in sub.lines) == [
            ("Münsterländer Korn", 18), ("Pfand Münsterländer Korn", None),  # the Korn's 0,15 € Pfand (issue 17)
            ("Roggenmischbrot", None), ("Spätburgunder trocken", 16)]
