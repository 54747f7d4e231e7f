"""Reading and validating kiepe-catalog/1 files: what is accepted, and how problems are named."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordering.catalog_file import (
    CatalogError,
    DeliverySpec,
    Problem,
    ProductSpec,
    WindowSpec,
    parse_catalog,
    read_catalog,
)
from ordering.errors import Invalid
from ordering.money import cents_to_str
from ordering.units import SizeError, parse_size

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "muensterland.yml"
TECKLENBURG = REPO / "tests" / "fixtures" / "catalogs" / "tecklenburg.yml"
BROKEN = sorted((REPO / "tests" / "fixtures" / "catalogs" / "broken").glob("*.yml"))

# The format page's example, in flow style wherever the page uses it.
FLOW = textwrap.dedent(
    """\
    format: kiepe-catalog/1
    region:
      id: muensterland-mitte
      name: Münsterland Mitte
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
          - {days: [mon, tue, wed, thu, fri], start: "09:00", end: "12:00", capacity: 10}
          - {days: [sat], start: "09:00", end: "13:00", capacity: 15}
      pickup:
        cutoff_hours: 6
        windows:
          - {days: [mon, tue, wed, thu, fri, sat], start: "16:00", end: "19:00", capacity: 20}
    shops:
      - id: baeckerei-musterfrau
        name: Bäckerei Musterfrau
        kind: retailer
        municipality: coesfeld
        phone: "+49 2541 000000"
        products:
          - id: roggenmischbrot
            name: Roggenmischbrot
            aliases: [Mischbrot, Graubrot]
            category: Brot
            unit: piece
            label: Laib
            size: "1 kg"
            price: "4.10"
            vat: 7
          - {id: kaesebroetchen, name: Käsebrötchen, unit: piece, price: "1.20", vat: 7}
        services:
          - {id: tortenbestellung, name: Torte auf Bestellung, duration_minutes: 0, price: "32.00", vat: 7}
        vouchers: {min: "5.00", max: "200.00"}
    """
)

# The same catalog written in block style, unquoted where YAML allows, with a merge key.
BLOCK = textwrap.dedent(
    """\
    # written by hand, the way a shop owner might
    format: kiepe-catalog/1
    region:
      id: muensterland-mitte
      name: Münsterland Mitte
      timezone: Europe/Berlin
      currency: EUR
      municipalities:
        - id: coesfeld
          name: Coesfeld
          postcodes:
            - 48653
        - id: billerbeck
          name: Billerbeck
          postcodes: 48727
      pickup_stations:
        - id: coesfeld-markt
          name: Abholstation am Markt
          municipality: coesfeld
          address: Markt 1, 48653 Coesfeld
      delivery:
        fee: 3.5
        cutoff_hours: 12
        windows:
          - &weekday
            days:
              - mon
              - tue
              - wed
              - thu
              - fri
            start: 9:00
            end: 12:00
            capacity: 10
          - <<: *weekday
            days: sat
            end: 13:00
            capacity: 15
      pickup:
        cutoff_hours: "6"
        windows:
          - days: [Mon, Tue, Wed, Thu, Fri, Sat]
            start: 16:00
            end: 19:00
            capacity: 20
    shops:
      - id: baeckerei-musterfrau
        name: Bäckerei Musterfrau
        kind: retailer
        municipality: coesfeld
        phone: +49 2541 000000
        opening_hours: "Mo-Fr 7-18"   # a project field this reader does not know
        products:
          - id: roggenmischbrot
            name: Roggenmischbrot
            aliases:
              - Mischbrot
              - Graubrot
            category: Brot
            unit: piece
            label: Laib
            size: 1 kg
            price: 4.10
            vat: 7
          - id: kaesebroetchen
            name: Käsebrötchen
            unit: piece
            price: 1.2
            vat: "7"
        services:
          - id: tortenbestellung
            name: Torte auf Bestellung
            duration_minutes: 0
            price: 32
            vat: 7
        vouchers:
          min: 5
          max: 200.00
    """
)

MINIMAL = textwrap.dedent(
    """\
    format: kiepe-catalog/1
    region:
      id: klein
      name: Klein
      municipalities:
        - {id: dorf, name: Dorf, postcodes: ["48720"]}
    shops:
      - id: hof
        name: Hof
        kind: direct_marketer
        municipality: dorf
        products:
          - {id: eier, name: Eier, unit: piece, price: "0.35", vat: 7}
    """
)


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(CatalogError) as raised:
        parse_catalog(text)
    return raised.value.problems


def paths_of(text: str) -> list[str]:
    return [problem.path for problem in problems_of(text)]


def with_line(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# ---------------------------------------------------------------- accepted files


def test_flow_example_from_the_format_page_is_read_completely():
    spec = parse_catalog(FLOW)
    region = spec.region
    assert (region.id, region.name, region.timezone, region.currency) == (
        "muensterland-mitte",
        "Münsterland Mitte",
        "Europe/Berlin",
        "EUR",
    )
    assert [m.postcodes for m in region.municipalities] == [("48653",), ("48727",)]
    assert region.pickup_stations[0].address == "Markt 1, 48653 Coesfeld"
    assert region.delivery == DeliverySpec(
        fee_cents=350,
        cutoff_hours=12,
        windows=(
            WindowSpec(("mon", "tue", "wed", "thu", "fri"), "09:00", "12:00", 10),
            WindowSpec(("sat",), "09:00", "13:00", 15),
        ),
    )
    assert region.pickup.cutoff_hours == 6
    shop = spec.shops[0]
    assert shop.products[0] == ProductSpec(
        id="roggenmischbrot",
        name="Roggenmischbrot",
        unit="piece",
        price_cents=410,
        vat=7,
        aliases=("Mischbrot", "Graubrot"),
        category="Brot",
        label="Laib",
        size="1 kg",
    )
    assert shop.products[1].aliases == () and shop.products[1].size is None
    assert shop.services[0].duration_minutes == 0 and shop.services[0].price_cents == 3200
    assert (shop.vouchers.min_cents, shop.vouchers.max_cents) == (500, 20000)


def test_block_style_with_unquoted_scalars_and_merge_keys_means_the_same():
    block = parse_catalog(BLOCK)
    # The one difference: a field this reader does not know is imported without, with a warning.
    assert [(w.path, w.line) for w in block.warnings] == [("shops[0].opening_hours", 52)]
    assert dataclasses.replace(block, warnings=()) == parse_catalog(FLOW)


def test_optional_fields_may_be_absent():
    spec = parse_catalog(MINIMAL)
    assert spec.region.timezone == "Europe/Berlin"
    assert spec.region.currency == "EUR"
    assert spec.region.pickup_stations == ()
    assert spec.region.delivery is None and spec.region.pickup is None
    shop = spec.shops[0]
    assert shop.phone is None and shop.services == () and shop.vouchers is None
    assert shop.products[0].category is None and shop.products[0].label is None


def test_empty_optional_values_count_as_absent():
    text = with_line(MINIMAL, 'price: "0.35", vat: 7}', 'price: "0.35", vat: 7, label: "", category: ~}')
    product = parse_catalog(text).shops[0].products[0]
    assert product.label is None and product.category is None


def test_delivery_and_pickup_cutoffs_default_like_the_model():
    text = MINIMAL.replace(
        "  municipalities:",
        "  delivery: {fee: '0.00', windows: []}\n  pickup: {windows: []}\n  municipalities:",
    )
    region = parse_catalog(text).region
    assert region.delivery == DeliverySpec(fee_cents=0, cutoff_hours=12, windows=())
    assert region.pickup.cutoff_hours == 6


def test_unquoted_scalars_are_read_as_written_not_as_yaml_1_1_numbers():
    text = with_line(MINIMAL, 'postcodes: ["48720"]', "postcodes: [01067]")
    text = with_line(text, 'price: "0.35"', "price: 0.1")
    spec = parse_catalog(text)
    assert spec.region.municipalities[0].postcodes == ("01067",)  # not octal 567
    assert spec.shops[0].products[0].price_cents == 10  # not a float


@pytest.mark.skipif(not DEMO.exists(), reason="demo region not written yet")
def test_demo_region_is_valid():
    spec = read_catalog(DEMO)
    assert spec.region.id
    assert spec.shops and all(shop.products or shop.services for shop in spec.shops)


@pytest.mark.skipif(not TECKLENBURG.exists(), reason="second region fixture not written yet")
def test_second_region_written_differently_is_valid():
    spec = read_catalog(TECKLENBURG)
    assert spec.region.id and spec.shops


# ---------------------------------------------------------------- problems, paths and lines


def test_every_problem_is_listed_with_path_and_line():
    text = with_line(FLOW, 'price: "4.10"', 'price: "4,10"')
    text = with_line(text, "vat: 7\n", "vat: 16\n")
    text = with_line(text, 'fee: "3.50"', "fee: -3.50")
    problems = problems_of(text)
    lines = text.splitlines()
    assert [p.path for p in problems] == [
        "region.delivery.fee",
        "shops[0].products[0].price",
        "shops[0].products[0].vat",
    ]
    for problem in problems:
        key = problem.path.rsplit(".", 1)[-1]
        assert lines[problem.line - 1].strip().startswith(f"{key}:")
    assert "write \"4.10\"" in problems[1].message


def test_str_lists_one_problem_per_line():
    text = with_line(MINIMAL, 'price: "0.35"', 'price: "0,35"')
    text = with_line(text, "kind: direct_marketer", "kind: farm")
    error = pytest.raises(CatalogError, parse_catalog, text).value
    assert isinstance(error, Invalid)
    assert str(error).splitlines() == [
        "line 10: shops[0].kind: 'farm' is not one of: retailer, direct_marketer, service_provider",
        "line 13: shops[0].products[0].price: '0,35' has a decimal comma: write \"0.35\"",
    ]
    assert error.message.startswith("catalog: 2 problems\n")


def test_missing_required_fields_name_the_mapping_line():
    text = with_line(MINIMAL, '{id: eier, name: Eier, unit: piece, price: "0.35", vat: 7}', "{id: eier, name: Eier}")
    problems = problems_of(text)
    assert [(p.path, p.line) for p in problems] == [
        ("shops[0].products[0].unit", 13),
        ("shops[0].products[0].price", 13),
        ("shops[0].products[0].vat", 13),
    ]
    assert all("is missing" in p.message for p in problems)


def test_empty_required_value_names_its_key_line_not_the_next():
    text = with_line(MINIMAL, "    name: Hof\n", "    name:\n")
    assert [(p.path, p.line) for p in problems_of(text)] == [("shops[0].name", 9)]


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("format: kiepe-catalog/1", "format: kiepe-catalog/1.1", "format"),
        ("id: klein", "id: Klein", "region.id"),
        ("id: klein", "id: -klein", "region.id"),
        ("  name: Klein\n", "  name: Klein\n  timezone: Europe/Muenster\n", "region.timezone"),
        ("  name: Klein\n", "  name: Klein\n  currency: CHF\n", "region.currency"),
        ('postcodes: ["48720"]', 'postcodes: ["4872"]', "region.municipalities[0].postcodes[0]"),
        ('postcodes: ["48720"]', "postcodes: []", "region.municipalities[0].postcodes"),
        ('postcodes: ["48720"]', 'postcodes: ["48720", "48720"]', "region.municipalities[0].postcodes[1]"),
        ("kind: direct_marketer", "kind: Hofladen", "shops[0].kind"),
        ("municipality: dorf", "municipality: stadt", "shops[0].municipality"),
        ("unit: piece", "unit: stück", "shops[0].products[0].unit"),
        ("unit: piece", "unit: dozen", "shops[0].products[0].unit"),
        ('price: "0.35"', 'price: "0.355"', "shops[0].products[0].price"),
        ('price: "0.35"', 'price: "-0.35"', "shops[0].products[0].price"),
        ('price: "0.35"', 'price: "0.35 €"', "shops[0].products[0].price"),
        ('price: "0.35"', 'price: "1e2"', "shops[0].products[0].price"),
        ('price: "0.35"', "price: [1]", "shops[0].products[0].price"),
        ("vat: 7}", "vat: 16}", "shops[0].products[0].vat"),
        ("vat: 7}", "vat: 7.0}", "shops[0].products[0].vat"),
        ("vat: 7}", 'vat: 7, size: "ein Dutzend"}', "shops[0].products[0].size"),
        ("vat: 7}", 'vat: 7, size: "0 l"}', "shops[0].products[0].size"),
        ("vat: 7}", "vat: 7, aliases: [Eier, {x: 1}]}", "shops[0].products[0].aliases[1]"),
        ("vat: 7}", "vat: 7, aliases: [Eier, ~]}", "shops[0].products[0].aliases[1]"),
        ("name: Eier,", f"name: {'Ei' * 101},", "shops[0].products[0].name"),
        ("vat: 7}", f"vat: 7, label: {'Schachtel' * 6}}}", "shops[0].products[0].label"),
        ("id: hof", f"id: {'hof' * 22}", "shops[0].id"),
        ("    municipality: dorf\n", "    municipality: dorf\n    phone: '+49 2541 000000 000000 000000 000'\n", "shops[0].phone"),
        ("  name: Klein\n", "  name: Klein\n  timezone: Europe\n", "region.timezone"),
        ("  name: Klein\n", "  name: Klein\n  timezone: /etc/passwd\n", "region.timezone"),
        ("    municipality: dorf\n", "    municipality: dorf\n    vouchers: {min: '50.00', max: '5.00'}\n",
         "shops[0].vouchers.min"),
        ("    municipality: dorf\n", "    municipality: dorf\n    vouchers: {min: '5.00'}\n", "shops[0].vouchers.max"),
        ("    municipality: dorf\n",
         "    municipality: dorf\n    services: [{id: eier, name: Eierlikörkurs, price: '10.00', vat: 19}]\n",
         "shops[0].services[0].id"),
        ("    municipality: dorf\n",
         "    municipality: dorf\n    services: [{id: kurs, name: Kurs, price: '10.00', vat: 19, duration_minutes: -1}]\n",
         "shops[0].services[0].duration_minutes"),
    ],
)
def test_a_single_problem_is_named_by_its_field_path(old, new, path):
    assert paths_of(with_line(MINIMAL, old, new)) == [path]


WINDOWED = MINIMAL.replace(
    "  municipalities:",
    "  delivery:\n    fee: '2.00'\n    cutoff_hours: 12\n    windows:\n"
    "      - {days: [mon], start: '09:00', end: '12:00', capacity: 10}\n  municipalities:",
)


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("days: [mon]", "days: [monday]", "region.delivery.windows[0].days[0]"),
        ("days: [mon]", "days: [mon, mon]", "region.delivery.windows[0].days[1]"),
        ("days: [mon]", "days: []", "region.delivery.windows[0].days"),
        ("start: '09:00'", "start: '9 Uhr'", "region.delivery.windows[0].start"),
        ("end: '12:00'", "end: '24:00'", "region.delivery.windows[0].end"),
        ("end: '12:00'", "end: '09:00'", "region.delivery.windows[0].end"),
        ("capacity: 10", "capacity: 0", "region.delivery.windows[0].capacity"),
        ("capacity: 10", "capacity: ten", "region.delivery.windows[0].capacity"),
        ("cutoff_hours: 12", "cutoff_hours: -2", "region.delivery.cutoff_hours"),
        ("    fee: '2.00'\n", "", "region.delivery.fee"),
    ],
)
def test_window_problems_are_named_by_their_field_path(old, new, path):
    assert paths_of(with_line(WINDOWED, old, new)) == [path]


def test_ids_are_unique_per_kind_and_references_must_exist():
    text = with_line(FLOW, "{id: billerbeck, name: Billerbeck, postcodes: [\"48727\"]}", "{id: coesfeld, name: Lette, postcodes: [\"48653\"]}")
    text = with_line(text, "municipality: coesfeld, address", "municipality: nottuln, address")
    text = with_line(text, "- {id: kaesebroetchen,", "- {id: roggenmischbrot,")
    assert paths_of(text) == [
        "region.municipalities[1].id",
        "region.pickup_stations[0].municipality",
        "shops[0].products[1].id",
    ]


def test_municipalities_may_share_a_postcode():
    # Hilders and Ehrenberg (Rhön) share 36115: in rural Germany several municipalities often share one
    text = with_line(FLOW, '{id: coesfeld, name: Coesfeld, postcodes: ["48653"]}',
                     '{id: hilders, name: Hilders, postcodes: ["36115"]}')
    text = with_line(text, '{id: billerbeck, name: Billerbeck, postcodes: ["48727"]}',
                     '{id: ehrenberg, name: Ehrenberg (Rhön), postcodes: ["36115", "36129"]}')
    text = text.replace("municipality: coesfeld", "municipality: hilders")
    spec = parse_catalog(text)
    assert [(m.id, m.postcodes) for m in spec.region.municipalities] == [
        ("hilders", ("36115",)), ("ehrenberg", ("36115", "36129"))]


def test_a_postcode_listed_twice_for_one_municipality_is_still_a_problem():
    text = with_line(FLOW, 'postcodes: ["48727"]', 'postcodes: ["48727", "48653", "48727"]')
    (problem,) = problems_of(text)
    assert problem.path == "region.municipalities[1].postcodes[2]"
    assert "listed twice" in problem.message


def test_municipalities_sharing_a_postcode_need_different_names():
    # the same place twice: a resident asked "In welchem Ort wohnen Sie?" could not say which
    text = with_line(FLOW, '{id: billerbeck, name: Billerbeck, postcodes: ["48727"]}',
                     '{id: coesfeld-2, name: coesfeld, postcodes: ["48727", "48653"]}')
    (problem,) = problems_of(text)
    assert problem.path == "region.municipalities[1].postcodes[1]"
    assert "'coesfeld'" in problem.message and "line 8" in problem.message and "same name" in problem.message


def test_a_municipality_id_may_equal_a_station_id():
    parse_catalog(FLOW.replace("{id: coesfeld-markt,", "{id: coesfeld,"))


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("# only a comment\n", 1, "empty"),
        ("format: kiepe-catalog/1\nregion: {id: x\n", 3, "YAML syntax"),
        ("format: kiepe-catalog/1\n\tregion: x\n", 2, "YAML syntax"),
        ("a: 1\n---\nb: 2\n", 2, "YAML syntax"),
    ],
)
def test_files_that_are_not_yaml_documents_name_the_line(text, line, words):
    (problem,) = problems_of(text)
    assert (problem.path, problem.line) == ("", line) and words in problem.message


def test_a_file_that_is_not_a_mapping_is_one_problem():
    assert [(p.path, p.line) for p in problems_of("- format\n- region\n")] == [("", 1)]


def test_a_duplicate_key_is_a_problem_not_a_silent_overwrite():
    text = with_line(MINIMAL, "    name: Hof\n", "    name: Hof\n    name: Hof Zwei\n")
    (problem,) = problems_of(text)
    assert (problem.path, problem.line) == ("shops[0].name", 10) and "line 9" in problem.message


def test_an_alias_expansion_bomb_is_refused():
    # 2 kB of text that would expand to 500 shops × 100 products through aliases.
    product = "{id: eier, name: Eier, unit: piece, price: '0.35', vat: 7}"
    text = MINIMAL.replace(
        "shops:",
        f"x-product: &p {product}\n"
        f"x-products: &ps [{', '.join(['*p'] * 100)}]\n"
        "x-shop: &s {id: hof, name: Hof, kind: retailer, municipality: dorf, products: *ps}\n"
        f"shops: [{', '.join(['*s'] * 500)}]\nx-rest:",
    )
    (problem,) = problems_of(text)
    assert problem.line == 1 and "more than 200000 values" in problem.message


def test_read_catalog_reports_non_utf8_bytes_with_their_line(tmp_path):
    path = tmp_path / "latin1.yml"
    path.write_bytes(MINIMAL.replace("Eier", "Eier für Sie").encode("latin-1"))
    error = pytest.raises(CatalogError, read_catalog, path).value
    assert error.problems[0].line == 13 and "UTF-8" in error.problems[0].message


def test_read_catalog_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.yml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert read_catalog(path).region.id == "klein"


def _expectation(path: Path) -> tuple[str, int]:
    match = re.match(r"#\s*expect:\s*(\S+)\s+line\s+(\d+)", path.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{path.name} lacks its '# expect: <path> line <N>' comment"
    field_path = "" if match[1] == "<syntax>" else match[1]
    return field_path, int(match[2])


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_is_rejected_naming_its_field_and_line(path):
    expected = _expectation(path)
    error = pytest.raises(CatalogError, read_catalog, path).value
    assert expected in [(p.path, p.line) for p in error.problems], str(error)


# ---------------------------------------------------------------- prices and sizes


@pytest.mark.parametrize(
    ("written", "cents"),
    [('"4.10"', 410), ("4.10", 410), ("4.1", 410), ("4", 400), ('"0"', 0), ("0.05", 5), ('"1234.56"', 123456)],
)
def test_prices_accepted(written, cents):
    assert parse_catalog(with_line(MINIMAL, 'price: "0.35"', f"price: {written}")).shops[0].products[0].price_cents == cents


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ('"4,10"', 'write "4.10"'),
        ('"4.105"', "more than two decimals"),
        ('"-1.00"', "negative"),
        ('"4.10 EUR"', "decimal string"),
        ('"1.234,50"', "decimal string"),
        (".5", "decimal string"),
        ("true", "decimal string"),
    ],
)
def test_prices_rejected_with_a_hint(written, hint):
    (problem,) = problems_of(with_line(MINIMAL, 'price: "0.35"', f"price: {written}"))
    assert problem.path == "shops[0].products[0].price" and hint in problem.message


def test_an_unquoted_decimal_comma_in_block_style_gets_the_same_hint():
    # In a flow mapping "price: 4,10" would be two entries; in block style it is the text "4,10".
    text = with_line(MINIMAL, '{id: eier, name: Eier, unit: piece, price: "0.35", vat: 7}', "id: eier\n        name: Eier\n        unit: piece\n        price: 4,10\n        vat: 7")
    (problem,) = problems_of(text)
    assert (problem.path, problem.line) == ("shops[0].products[0].price", 16)
    assert 'write "4.10"' in problem.message


@given(st.integers(min_value=0, max_value=10_000_000))
def test_any_whole_cent_amount_round_trips(cents):
    text = with_line(MINIMAL, 'price: "0.35"', f'price: "{cents_to_str(cents)}"')
    assert parse_catalog(text).shops[0].products[0].price_cents == cents


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=999).filter(lambda n: n % 10))
def test_three_decimals_are_always_rejected(euros, thousandths):
    (problem,) = problems_of(with_line(MINIMAL, 'price: "0.35"', f'price: "{euros}.{thousandths:03d}"'))
    assert "more than two decimals" in problem.message


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("1 l", "1", "l"),
        ("0,75 l", "0.75", "l"),
        ("0.75 l", "0.75", "l"),
        ("500 ml", "0.5", "l"),
        ("33 cl", "0.33", "l"),
        ("1,5 Liter", "1.5", "l"),
        ("250 g", "0.25", "kg"),
        ("250g", "0.25", "kg"),
        ("1 kg", "1", "kg"),
        ("1,5 kg", "1.5", "kg"),
        ("6 Stück", "6", "piece"),
        ("10 Stk", "10", "piece"),
        (" 1 L ", "1", "l"),
        ("6 x 0,5 l", "3", "l"),
        ("6×330 ml", "1.98", "l"),
        ("10er", "10", "piece"),
        ("10er Packung", "10", "piece"),
        ("6er-Pack", "6", "piece"),
    ],
)
def test_parse_size(text, amount, unit):
    assert parse_size(text) == (Decimal(amount), unit)


@pytest.mark.parametrize("text", ["", "l", "groß", "1", "1 Fass", "0 l", "1,5 Stück", "-1 l", "1 l Flasche", "1.2.3 l", "0 x 1 l", "0er", "x 1 l"])
def test_parse_size_rejects(text):
    with pytest.raises(SizeError):
        parse_size(text)


@given(st.integers(min_value=1, max_value=100_000))
def test_grams_are_thousandths_of_a_kilo(grams):
    assert parse_size(f"{grams} g") == (Decimal(grams) / 1000, "kg")


@given(st.integers(min_value=1, max_value=1000), st.integers(min_value=0, max_value=99))
def test_decimal_comma_and_point_mean_the_same(whole, hundredths):
    assert parse_size(f"{whole},{hundredths:02d} l") == parse_size(f"{whole}.{hundredths:02d} l")


@pytest.mark.parametrize("text, amount, unit", [("ca. 120 g", "0.12", "kg"), ("etwa 1,5 kg", "1.5", "kg"),
                                                ("circa 6 Stück", "6", "piece"), ("50 Beutel", "50", "piece"),
                                                ("10 Scheiben", "10", "piece"), ("10 Stiele", "10", "piece"),
                                                ("20 Waschladungen", "20", "piece"), ("1 ltr", "1", "l"),
                                                ("20 WL", "20", "piece"), ("2 lt", "2", "l")])
def test_an_approximate_or_counted_size_is_the_content_it_names(text, amount, unit):
    # a weighed piece ("Schwarzwälder Kirsch, ca. 1,5 kg") has its content only roughly
    assert parse_size(text) == (Decimal(amount), unit)


@pytest.mark.parametrize("text, amount", [("2 Stück, ca. 200 g", "2"), ("4 Stück, etwa 0,5 kg", "4"),
                                          ("6 Scheiben, 150 g", "6")])
def test_a_count_with_its_rough_weight_is_the_count(text, amount):
    # a butcher writes "2 Stück, ca. 200 g" for a pair of sausages: two pieces, weighing about that
    assert parse_size(text) == (Decimal(amount), "piece")


@pytest.mark.parametrize("text", ["250 g, ca. 2 Stück", "2 Stück, blau", "0,75 l, 1 l"])
def test_a_size_after_a_comma_only_describes_a_count(text):
    with pytest.raises(SizeError, match="not a size"):
        parse_size(text)


def test_a_measure_of_the_piece_is_kept_as_its_size():
    # "Ø 26 cm" tells the large cake from the small one; an outside catalog wrote it so
    catalog = parse_catalog(FLOW.replace('size: "1 kg"', 'size: "Ø 26 cm"', 1))
    assert any(p.size == "Ø 26 cm" for s in catalog.shops for p in s.products)


def test_a_name_cut_at_a_comma_in_a_flow_mapping_is_a_problem_with_the_quoted_name():
    # YAML ends an unquoted text at a comma inside {…}: "Vollmilch 3" and a field "5 %" of its own
    text = with_line(MINIMAL, 'name: Eier, unit', 'name: Vollmilch 3,5 %, unit')
    [problem] = problems_of(text)
    assert problem.path == "shops[0].products[0].5 %"
    assert '"Vollmilch 3,5 %"' in problem.message
    text = with_line(MINIMAL, 'name: Eier, unit', 'name: Karpfen frisch, ganz, unit')
    assert '"Karpfen frisch, ganz"' in problems_of(text)[0].message


def test_the_same_name_quoted_is_read_whole():
    spec = parse_catalog(with_line(MINIMAL, 'name: Eier, unit', 'name: "Vollmilch 3,5 %", unit'))
    assert spec.shops[0].products[0].name == "Vollmilch 3,5 %"


def test_an_unknown_field_written_with_its_colon_stays_a_warning():
    spec = parse_catalog(with_line(MINIMAL, 'vat: 7}', 'vat: 7, vegan: }'))
    assert [w.message for w in spec.warnings] == ["unknown field 'vegan' is ignored"]
