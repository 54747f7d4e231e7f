"""Written for dev part J (own sentences): a day corrected with its date and daypart in short
clauses; "halb" before a break in a typed list tells no time; "so ne …" describes the goods just
named; "Milch" is the ordinary milk, not the Buttermilch whose name is shorter."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from nlu.resolution.catalog_index import CatalogIndex, CatalogItem, ShopInfo
from nlu.resolution.dates import parse_when
from nlu.resolution.items import extract_groups, resolve_items

NOW = datetime(2028, 12, 29, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_the_date_and_daypart_after_dann_go_on_saying_the_day():
    when = parse_when("Ok, dann Dienstag, 2. Januar, vormittags.", NOW)
    assert when is not None and when.first_day == date(2029, 1, 2) and when.daypart == "vormittag"


def test_a_reason_after_the_day_is_no_part_of_it():
    when = parse_when("dann Mittwoch, vormittags geht nicht", NOW)
    assert when is not None and when.first_day == date(2029, 1, 3) and when.daypart is None


def test_halb_before_a_line_break_or_a_plus_is_no_time():
    assert parse_when("500 gr gehacktes halb+halb\n6 bratwurst", NOW) is None
    assert parse_when("gehacktes halb, 6 bratwurst", NOW) is None
    when = parse_when("um halb 6", NOW)
    assert when is not None and when.start is not None and (when.start.hour, when.start.minute) == (17, 30)


def _item(product_id: str, name: str, **kw) -> CatalogItem:
    values = dict(shop_id="hof", shop_name="Hofkäserei", product_id=product_id, name=name, aliases=(),
                  category="Milch", unit="piece", label="Flasche", size=None, price_cents=100, is_service=False,
                  available=True)
    values.update(kw)
    return CatalogItem(**values)  # type: ignore[arg-type]


INDEX = CatalogIndex([
    _item("vollmilch", "Frischmilch 3,8 %, 1 l (Glasflasche)", aliases=("Vollmilch",), size="1 l"),
    _item("buttermilch", "Buttermilch, 0,5 l", size="0,5 l"),
    _item("gans", "Gans, bratfertig (ca. 4,5 kg)", category="Geflügel", label="Stück", shop_id="metzgerei",
          shop_name="Metzgerei Hüsken"),
    _item("ente", "Ente, bratfertig", category="Geflügel", label="Stück", shop_id="metzgerei",
          shop_name="Metzgerei Hüsken"),
], [ShopInfo("hof", "Hofkäserei", "dairy"), ShopInfo("metzgerei", "Metzgerei Hüsken", "butcher")])


def test_milch_is_the_ordinary_milk_not_the_buttermilk():
    [res] = resolve_items(extract_groups("zwei liter milch", INDEX), INDEX)
    assert res.item is not None and res.item.product_id == "vollmilch" and res.quantity == 2


def test_so_ne_describes_the_goods_just_named():
    groups = extract_groups("da bräucht ich ne gans von der metzgerei hüsken so ne bratfertige", INDEX)
    assert len(groups) == 1
    [res] = resolve_items(groups, INDEX)
    assert res.item is not None and res.item.product_id == "gans" and res.quantity == 1


def test_the_seasons_wishes_close_a_call_and_name_no_goods():
    from nlu.reading import Act, read
    reading = read("jo dann passt dat so frohe weihnachten")
    assert reading.has(Act.CONFIRM) and reading.has(Act.GOODBYE) and not reading.content
    assert not read("Danke und guten Rutsch!").content


def test_the_town_after_a_name_said_in_greeting_is_no_goods():
    from nlu.reading import read
    reading = read("ja hallo schoofs aus kleve ich bräucht n adventskranz")
    assert reading.name == "Schoofs" and "kleve" not in reading.content.lower()
    assert read("morgen hier hendricks aus goch ich hätt gern ein pfund gehacktes").name == "Hendricks"


def test_e_and_en_before_goods_are_one_of_them():
    from nlu.reading import read
    assert "ein bauernbrot" in read("und dann noch e bauernbrot").content
    assert "ein blumenstrauß" in read("so en blumenstrauß").content
    assert "ein" not in read("e bissje käs").content.split()


def test_ohne_picks_the_variant_named_without_it():
    from nlu.resolution.variants import not_these
    plain = _item("kranz-roh", "Adventskranz ungeschmückt", category="Advent", label="Kranz")
    decked = _item("kranz", "Adventskranz geschmückt", category="Advent", label="Kranz")
    assert not_these((decked, plain), "schmuck") == (plain,)
    assert not_these((decked, plain), "ungeschmückten") == (decked,)


def test_a_compound_ending_in_s_keeps_its_head():
    from nlu.resolution.normalize import stem
    assert stem("weidegans") == "weidegans" and stem("landpils") == "landpils" and stem("joghurts") == "joghurt"
    index = CatalogIndex([
        _item("gans", "Weidegans küchenfertig", category="Geflügel", unit="kg", label=None, shop_id="hof"),
        _item("pils", "Rhöner Landpils, Kasten 20 × 0,5 l", category="Bier", label="Kasten", shop_id="hof"),
        _item("pils-af", "Pils alkoholfrei, Kasten 20 × 0,5 l", category="Bier", label="Kasten", shop_id="hof"),
    ], [ShopInfo("hof", "Hofkäserei", "dairy")])
    gans, pils = resolve_items(extract_groups("eine gans und ne kiste pils", index), index)
    assert gans.item is not None and gans.item.product_id == "gans"
    assert pils.item is not None and pils.item.product_id == "pils"


def test_the_wishes_of_the_new_year_close_a_call():
    from nlu.reading import read
    assert not read("danke, ein gutes neues Jahr").content and not read("danke und gesundes neues").content


def test_a_greeting_names_no_time():
    assert parse_when("Guten Abend, 1 kg Rippchen", NOW) is None and parse_when("n abend, 2 brötchen", NOW) is None
    when = parse_when("liefern so früh wie möglich bitte", NOW)
    assert when is not None and when.asap and when.daypart is None
