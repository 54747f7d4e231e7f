"""Importing catalogs (idempotent upsert) and reading them back, on SQLite and PostgreSQL."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ordering import catalog
from ordering.catalog_file import parse_catalog, read_catalog
from ordering.catalog_import import ImportReport, import_catalog
from ordering.errors import Conflict, Invalid, NotFound
from ordering.models import Municipality, PickupStation, Product, Region, Shop, WindowTemplate

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "muensterland.yml"
TECKLENBURG = REPO / "tests" / "fixtures" / "catalogs" / "tecklenburg.yml"
REGION_FILES = [pytest.param(p, id=p.stem) for p in (DEMO, TECKLENBURG) if p.exists()]

SMALL = textwrap.dedent(
    """\
    format: kiepe-catalog/1
    region:
      id: baumberge
      name: Baumberge
      municipalities:
        - {id: billerbeck, name: Billerbeck, postcodes: ["48727"]}
        - {id: havixbeck, name: Havixbeck, postcodes: ["48329"]}
      pickup_stations:
        - {id: billerbeck-markt, name: Abholstation am Markt, municipality: billerbeck, address: "Markt 1"}
      delivery:
        fee: "3.50"
        windows:
          - {days: [mon, wed, fri], start: "09:00", end: "12:00", capacity: 10}
      pickup:
        windows:
          - {days: [sat], start: "10:00", end: "12:00", capacity: 5}
    shops:
      - id: hof-schulze
        name: Hof Schulze
        kind: direct_marketer
        municipality: billerbeck
        products:
          - {id: frischmilch, name: Frischmilch, aliases: [Milch, Vollmilch], category: Milch, unit: piece, label: Flasche, size: "1 l", price: "1.29", vat: 7}
          - {id: kartoffeln, name: Kartoffeln, category: Gemüse, unit: kg, price: "1.80", vat: 7}
          - {id: bergkaese, name: Baumberger Bergkäse, aliases: [Käse], category: Käse, unit: kg, price: "24.90", vat: 7}
        services:
          - {id: hoffuehrung, name: Hofführung, duration_minutes: 60, price: "8.00", vat: 19}
        vouchers: {min: "5.00", max: "50.00"}
      - id: baeckerei-stroetmann
        name: Bäckerei Strötmann
        kind: retailer
        municipality: havixbeck
        phone: "+49 2507 1234"
        products:
          - {id: kaesebroetchen, name: Käsebrötchen, category: Brötchen, unit: piece, price: "1.20", vat: 7}
          - {id: mischbrot, name: Roggenmischbrot, aliases: [Graubrot], category: Brot, unit: piece, price: "4.10", vat: 7}
    """
)


def run_import(db, text_or_spec) -> ImportReport:
    spec = parse_catalog(text_or_spec) if isinstance(text_or_spec, str) else text_or_spec
    with db.session() as session:
        return import_catalog(session, spec)


def row_counts(db) -> dict[str, int]:
    with db.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Region, Municipality, PickupStation, Shop, Product, WindowTemplate)
        }


def revision(db, slug: str = "baumberge") -> int:
    with db.session() as session:
        return session.scalar(select(Region.catalog_revision).where(Region.slug == slug))


def product(session, slug: str) -> Product:
    return session.scalar(select(Product).where(Product.slug == slug))


# ---------------------------------------------------------------- import


def test_first_import_creates_everything(db):
    report = run_import(db, SMALL)
    assert report.region_created and report.catalog_revision == 1
    created = {kind: counts.created for kind, counts in report.counts.items()}
    assert created == {"municipalities": 2, "stations": 1, "shops": 2, "products": 5, "services": 1, "windows": 2}
    with db.session() as session:
        region = catalog.get_region(session, "baumberge")
        assert (region.delivery_fee_cents, region.delivery_cutoff_hours, region.pickup_cutoff_hours) == (350, 12, 6)
        shop = catalog.get_shop(session, region, "hof-schulze")
        assert (shop.voucher_min_cents, shop.voucher_max_cents, shop.municipality.slug) == (500, 5000, "billerbeck")
        milk = product(session, "frischmilch")
        assert (milk.price_cents, milk.size, milk.label, milk.aliases, milk.listed, milk.available) == (
            129,
            "1 l",
            "Flasche",
            ["Milch", "Vollmilch"],
            True,
            True,
        )
        tour = product(session, "hoffuehrung")
        assert (tour.is_service, tour.duration_minutes, tour.unit, tour.vat) == (True, 60, "piece", 19)


def test_second_import_changes_nothing(db):
    run_import(db, SMALL)
    before = row_counts(db)
    report = run_import(db, SMALL)
    assert row_counts(db) == before
    assert not report.changed and not report.region_created
    assert all(c.created == c.updated == c.unlisted == c.replaced == 0 for c in report.counts.values())
    assert report.counts["products"].unchanged == 5 and report.counts["windows"].unchanged == 2
    assert report.catalog_revision == revision(db) == 1


@pytest.mark.parametrize("path", REGION_FILES)
def test_region_file_imports_twice_without_duplicates(db, path):
    spec = read_catalog(path)
    first = run_import(db, spec)
    after_first = row_counts(db)
    second = run_import(db, spec)
    assert row_counts(db) == after_first
    assert after_first["shops"] == len(spec.shops)
    assert after_first["products"] == sum(len(s.products) + len(s.services) for s in spec.shops)
    assert first.counts["products"].created == second.counts["products"].unchanged
    assert not second.changed and second.catalog_revision == first.catalog_revision


@pytest.mark.skipif(len(REGION_FILES) < 2, reason="both region files needed")
def test_two_regions_live_side_by_side(db):
    for param in REGION_FILES:
        run_import(db, read_catalog(param.values[0]))
    with db.session() as session:
        regions = list(session.scalars(select(Region)))
        assert len(regions) == 2
        for region in regions:
            assert catalog.catalog_snapshot(session, region.id)
            assert catalog.list_municipalities(session, region)


def test_changed_price_updates_and_bumps_the_revision(db):
    run_import(db, SMALL)
    report = run_import(db, SMALL.replace('price: "1.29"', 'price: "1.39"'))
    assert report.counts["products"].updated == 1 and report.counts["products"].unchanged == 4
    assert report.catalog_revision == revision(db) == 2
    with db.session() as session:
        assert product(session, "frischmilch").price_cents == 139


def test_a_product_no_longer_listed_is_kept_unlisted_and_comes_back(db):
    run_import(db, SMALL)
    without_cheese = "\n".join(line for line in SMALL.splitlines() if "bergkaese" not in line) + "\n"
    report = run_import(db, without_cheese)
    assert report.counts["products"].unlisted == 1
    with db.session() as session:
        cheese = product(session, "bergkaese")
        assert cheese is not None and not cheese.listed
        region_id = catalog.get_region(session, "baumberge").id
        assert "bergkaese" not in {e.product_slug for e in catalog.catalog_snapshot(session, region_id)}
        assert catalog.search_products(session, region_id, "Bergkäse") == []
    again = run_import(db, without_cheese)
    assert again.counts["products"].unlisted == 0 and not again.changed
    back = run_import(db, SMALL)
    assert back.counts["products"].updated == 1
    with db.session() as session:
        assert product(session, "bergkaese").listed
        assert session.scalar(select(func.count()).select_from(Product)) == 6


def test_an_unlisted_service_is_counted_as_a_service(db):
    run_import(db, SMALL)
    report = run_import(db, "\n".join(line for line in SMALL.splitlines() if "hoffuehrung" not in line and "services:" not in line))
    assert report.counts["services"].unlisted == 1 and report.counts["products"].unlisted == 0


def test_import_keeps_the_shops_availability_switch(db):
    run_import(db, SMALL)
    with db.session() as session:
        catalog.set_availability(session, product(session, "frischmilch"), False)
    run_import(db, SMALL.replace('price: "1.29"', 'price: "1.39"'))
    with db.session() as session:
        assert product(session, "frischmilch").available is False


def test_windows_are_replaced_when_they_differ(db):
    run_import(db, SMALL)
    report = run_import(db, SMALL.replace("capacity: 10", "capacity: 12"))
    assert (report.counts["windows"].replaced, report.counts["windows"].created) == (1, 1)
    assert report.counts["windows"].unchanged == 1  # the pick-up template
    with db.session() as session:
        templates = list(session.scalars(select(WindowTemplate).where(WindowTemplate.kind == "delivery")))
        assert [(t.days, t.start, t.end, t.capacity) for t in templates] == [(["mon", "wed", "fri"], "09:00", "12:00", 12)]


def test_a_file_without_windows_sections_leaves_them_and_the_fees_alone(db):
    run_import(db, SMALL)
    start, end = SMALL.index("  delivery:"), SMALL.index("shops:")
    report = run_import(db, SMALL[:start] + SMALL[end:])
    assert report.counts["windows"].replaced == 0 and not report.changed
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(WindowTemplate)) == 2
        assert catalog.get_region(session, "baumberge").delivery_fee_cents == 350


def test_shops_missing_from_the_file_are_left_alone(db):
    run_import(db, SMALL)
    only_schulze = SMALL[: SMALL.index("  - id: baeckerei-stroetmann")]
    report = run_import(db, only_schulze)
    assert report.counts["shops"].unchanged == 1 and not report.changed
    with db.session() as session:
        bakery = catalog.get_shop(session, catalog.get_region(session, "baumberge"), "baeckerei-stroetmann")
        assert bakery.active and all(p.listed for p in bakery.products)


def test_a_shop_moves_and_a_product_becomes_a_service(db):
    run_import(db, SMALL)
    text = SMALL.replace("kind: direct_marketer\n    municipality: billerbeck", "kind: direct_marketer\n    municipality: havixbeck")
    text = text.replace(
        '      - {id: kaesebroetchen, name: Käsebrötchen, category: Brötchen, unit: piece, price: "1.20", vat: 7}\n', ""
    ).replace(
        "    phone:", '    services: [{id: kaesebroetchen, name: Käsebrötchen-Abo, price: "12.00", vat: 7}]\n    phone:'
    )
    report = run_import(db, text)
    assert report.counts["shops"].updated == 1
    assert report.counts["services"].updated == 1 and report.counts["products"].unlisted == 0
    with db.session() as session:
        assert product(session, "kaesebroetchen").is_service
        schulze = catalog.get_shop(session, catalog.get_region(session, "baumberge"), "hof-schulze")
        assert schulze.municipality.slug == "havixbeck"


def test_a_postcode_claimed_by_a_municipality_outside_the_file_is_rejected_whole(db):
    run_import(db, SMALL)
    before = row_counts(db)
    text = SMALL.replace(
        '    - {id: havixbeck, name: Havixbeck, postcodes: ["48329"]}\n',
        '    - {id: havixbeck-neu, name: Havixbeck, postcodes: ["48329"]}\n',
    ).replace("municipality: havixbeck\n", "municipality: havixbeck-neu\n")
    with pytest.raises(Conflict, match="48329"):
        run_import(db, text)
    assert row_counts(db) == before and revision(db) == 1


# ---------------------------------------------------------------- reading


@pytest.fixture
def region_id(db) -> int:
    run_import(db, SMALL)
    with db.session() as session:
        return catalog.get_region(session, "baumberge").id


def test_list_municipalities_and_find_by_postcode(db, region_id):
    with db.session() as session:
        assert [m.slug for m in catalog.list_municipalities(session, region_id)] == ["billerbeck", "havixbeck"]
        assert catalog.find_municipality_by_postcode(session, region_id, "48329").slug == "havixbeck"
        assert catalog.find_municipality_by_postcode(session, region_id, " 48727 ").slug == "billerbeck"
        assert catalog.find_municipality_by_postcode(session, region_id, "48653") is None


def test_list_shops_filters_by_municipality_and_kind(db, region_id):
    with db.session() as session:
        region = session.get(Region, region_id)
        havixbeck = session.scalar(select(Municipality).where(Municipality.slug == "havixbeck"))
        assert [s.slug for s in catalog.list_shops(session, region)] == ["baeckerei-stroetmann", "hof-schulze"]
        assert [s.slug for s in catalog.list_shops(session, region_id, municipality="billerbeck")] == ["hof-schulze"]
        assert [s.slug for s in catalog.list_shops(session, region, municipality=havixbeck)] == ["baeckerei-stroetmann"]
        assert [s.slug for s in catalog.list_shops(session, region, kind="direct_marketer")] == ["hof-schulze"]
        assert catalog.list_shops(session, region, municipality="billerbeck", kind="retailer") == []


def test_get_shop_and_product_raise_not_found(db, region_id):
    with db.session() as session:
        with pytest.raises(NotFound):
            catalog.get_shop(session, region_id, "nirgendwo")
        with pytest.raises(NotFound):
            catalog.get_region(session, "nirgendwo")
        shop = catalog.get_shop(session, region_id, "hof-schulze")
        assert catalog.get_product(session, shop, "kartoffeln").price_cents == 180
        with pytest.raises(NotFound):
            catalog.get_product(session, shop, "spargel")


def test_list_products_puts_services_last_and_sorts_by_category_and_name(db, region_id):
    with db.session() as session:
        shop = catalog.get_shop(session, region_id, "hof-schulze")
        assert [p.slug for p in catalog.list_products(session, shop)] == [
            "kartoffeln",  # Gemüse
            "bergkaese",  # Käse
            "frischmilch",  # Milch
            "hoffuehrung",  # the service
        ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kaese", ["kaesebroetchen", "bergkaese"]),  # transliterated; name prefix before alias
        ("KÄSE", ["kaesebroetchen", "bergkaese"]),
        ("kase", ["kaesebroetchen", "bergkaese"]),
        ("graubrot", ["mischbrot"]),  # alias
        ("gemüse", ["kartoffeln"]),  # category
        ("gemuese", ["kartoffeln"]),
        ("milch", ["frischmilch"]),
        ("hofführung", ["hoffuehrung"]),  # services are found too
        ("spargel", []),
    ],
)
def test_search_products(db, region_id, query, expected):
    with db.session() as session:
        assert [p.slug for p in catalog.search_products(session, region_id, query)] == expected


def test_search_products_by_shop_category_and_limit(db, region_id):
    with db.session() as session:
        bakery = catalog.get_shop(session, region_id, "baeckerei-stroetmann")
        assert [p.slug for p in catalog.search_products(session, region_id, "käse", shop_id=bakery.id)] == ["kaesebroetchen"]
        assert [p.slug for p in catalog.search_products(session, region_id, "käse", category="käse")] == ["bergkaese"]
        assert len(catalog.search_products(session, region_id, "e", limit=2)) == 2
        assert catalog.search_products(session, region_id + 1000, "käse") == []


def test_catalog_snapshot_lists_plain_entries(db, region_id):
    with db.session() as session:
        entries = catalog.catalog_snapshot(session, region_id)
    assert [e.product_slug for e in entries] == [
        "kaesebroetchen",
        "mischbrot",
        "bergkaese",
        "frischmilch",
        "hoffuehrung",
        "kartoffeln",
    ]
    milk = entries[3]
    assert (milk.shop_slug, milk.shop_name, milk.aliases, milk.unit, milk.size, milk.price_cents) == (
        "hof-schulze",
        "Hof Schulze",
        ("Milch", "Vollmilch"),
        "piece",
        "1 l",
        129,
    )
    with pytest.raises(AttributeError):
        milk.price_cents = 1  # frozen: safe to hand to another thread


def test_set_availability_and_price_bump_the_revision_only_on_change(db, region_id):
    with db.session() as session:
        milk = product(session, "frischmilch")
        assert catalog.set_availability(session, milk, False) is True
        assert catalog.set_availability(session, milk, False) is False
        assert catalog.set_price(session, milk, 149) is True
        assert catalog.set_price(session, milk, 149) is False
        for wrong in (-1, 1.5, "149", True):
            with pytest.raises(Invalid):
                catalog.set_price(session, milk, wrong)
    assert revision(db) == 3
    with db.session() as session:
        entry = next(e for e in catalog.catalog_snapshot(session, region_id) if e.product_slug == "frischmilch")
        assert (entry.available, entry.price_cents) == (False, 149)
        assert catalog.search_products(session, region_id, "milch")[0].slug == "frischmilch"  # unavailable, still found
