"""Rules for real talk found in dev parts E and F (issue 12), below the dialogue: the reading of a
turn, dates, sizes and the item reader. The dialogue-level cases are scripted in
tests/conversations/regional/talk.yml."""

from datetime import date, datetime, time
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from nlu.reading import Act, read
from nlu.resolution.catalog_index import CatalogIndex, ShopInfo
from nlu.resolution.dates import parse_when
from nlu.resolution.items import extract_groups, resolve_items
from nlu.resolution.products import match_shop
from nlu.resolution.quantity import find_quantity, parse_size
from tests.nlu.small_catalog import item as _item
from tests.nlu.small_catalog import resolved as _resolved

NOW = datetime(2027, 5, 3, 11, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # a Monday




# ---- the reading of a turn -------------------------------------------------------------------


def test_asked_whether_they_have_it_keeps_the_goods_for_the_answer():
    reading = read("äh ja guten tag hier is frau brakemeier ich wollt mal fragen ob sie pickert haben")
    assert reading.has(Act.PRODUCT_QUESTION) and reading.content.split()[-2:] == ["pickert", "haben"]


@pytest.mark.parametrize("said, age", [("ich bin achtundsiebzig jahre alt mein jung", 78), ("Bin 47 Jahre alt.", 47),
                                       ("Ich bin 41, falls das nötig ist.", 41), ("ich bin fünfundachtzig", 85)])
def test_an_age_in_figures_or_words_with_what_is_said_around_it(said, age):
    reading = read(said)
    assert reading.age == age and reading.content == ""


def test_talk_about_the_weather_asks_for_no_day_and_names_no_goods():
    reading = read("nee dat wär et eigentlich schon äh dat wetter is ja auch wieder nix heut ne")
    assert not reading.when and reading.content == "" and reading.has(Act.DONE)


def test_an_amount_after_ab_is_goods_not_an_hour():
    reading = read("Ok, dann hole ich lieber ab: 1 Kasten Pils 0,5 l, 1 Kasten Malzbier. Ich bin 45.")
    assert "1 Kasten Pils" in reading.content and reading.fulfilment == "pickup"
    assert read("abholen ab 15 uhr").when


def test_a_shop_named_in_a_long_order_and_a_question_about_the_fee():
    reading = read("6 Brötchen von der Bäckerei Richter. Was kostet bei Ihnen eigentlich die Lieferung?")
    assert reading.has(Act.DELIVERY_QUESTION) and "Brötchen" in reading.content


# ---- days ------------------------------------------------------------------------------------


def test_a_day_said_after_a_date_corrects_it():
    r = parse_when("Oh, der 1. Mai, stimmt. Dann hole ich es schon Freitag ab 14 Uhr.", NOW)
    assert r.first_day == date(2027, 5, 7) and (r.start, r.mode) == (time(14), "after")


def test_a_day_and_its_part_said_as_one_word():
    r = parse_when("Ach so, da ist ja Feiertag. Dann Mittwochabend.", NOW)
    assert r.first_day == date(2027, 5, 5) and r.daypart == "abend"
    assert read("dann mittwochabend").when


def test_the_earliest_said_plainly_and_with_an_hour():
    assert parse_when("wann könnt dat denn frühestens kommen", NOW).asap
    r = parse_when("frühestens ab 15 uhr", NOW)
    assert not r.asap and r.start == time(15)


def test_about_two_kilos_is_no_hour_and_heit_is_today():
    r = parse_when("Zu Ostern: Lammkeule, ca. 2 kg. Lieferung Samstag vormittag", NOW)
    assert r.start == time(8) and r.daypart == "vormittag"
    assert parse_when("heit no am bahnhof abholen", NOW).first_day == date(2027, 5, 3)


# ---- sizes and amounts -----------------------------------------------------------------------


def test_sizes_counted_in_a_shops_words_are_read_as_the_import_reads_them():
    assert parse_size("10 Stiele") == (D(10), "piece")
    index = CatalogIndex([_item("blumen", "tulpen", "Tulpen, Bund 10 Stiele", label="Bund", size="10 Stiele")])
    assert _resolved("Hab bei euch 20 Tulpen gesehen, kann ich die bestellen?", index) == [("tulpen", D(2))]


def test_a_zentner_and_sizes_said_in_words():
    assert find_quantity("en halbe zentner krumbeere").result.amount == D(25)
    index = CatalogIndex([_item("hof", "k5", "Kartoffeln mehligkochend, 5 kg", label="Sack", size="5 kg"),
                          _item("hof", "k25", "Kartoffeln mehligkochend, 2,5 kg", label="Netz", size="2,5 kg")])
    assert _resolved("ein fünf kilo sack mehlige kartoffeln", index) == [("k5", D(1))]


def test_weights_for_each_piece_and_for_each_goods_of_a_list():
    index = CatalogIndex([_item("noack", "kalb", "Kalbsschnitzel", unit="kg", label=None),
                          _item("noack", "blut", "Blutwurst", unit="kg", label=None),
                          _item("noack", "leber", "Leberwurst fein", unit="kg", label=None)])
    assert _resolved("4 Kalbsschnitzel à 150 g", index) == [("kalb", D("0.6"))]
    assert _resolved("3 Kalbsschnitzel zu je 150 Gramm", index) == [("kalb", D("0.45"))]
    assert _resolved("je 200 g Blutwurst und feine Leberwurst", index) == [("blut", D("0.2")), ("leber", D("0.2"))]


# ---- which goods -----------------------------------------------------------------------------


def _drinks() -> CatalogIndex:
    return CatalogIndex([
        _item("kasper", "bit", "Bitburger Premium Pils, Kasten 20 × 0,5 l", label="Kasten"),
        _item("kasper", "bit0", "Bitburger 0,0 % alkoholfrei, Kasten 20 × 0,5 l", label="Kasten"),
        _item("kasper", "bit6", "Bitburger Premium Pils, 6 × 0,33 l", label="Sixpack"),
        _item("kasper", "wb", "Weißbier hell, Kasten 20 × 0,5 l", label="Kasten"),
        _item("kasper", "wb0", "Weißbier alkoholfrei, Kasten 20 × 0,5 l", label="Kasten"),
        _item("kasper", "helles", "Spreewälder Helles, Kasten 20 × 0,5 l", label="Kasten"),
        _item("hof", "frisch", "Frischmilch 3,8 %", label="Flasche", size="1 l"),
        _item("hof", "butter", "Buttermilch", label="Flasche", size="1 l"),
    ], [ShopInfo("kasper", "Getränke Kasper", "retailer"), ShopInfo("hof", "Hofladen Schulz", "direct_marketer")])


@pytest.mark.parametrize("said, pid", [
    ("2 kisten bit", "bit"), ("1 kiste bit alkfrei", "bit0"), ("1 kasten weißbier", "wb"),
    ("an kasten helles", "helles"), ("2 liter milch", "frisch"),
])
def test_the_plain_kind_unless_another_is_said(said, pid):
    assert [p for p, _ in _resolved(said, _drinks())] == [pid]


def test_a_big_one_and_a_small_one_and_what_the_goods_are_for():
    index = CatalogIndex([_item("richter", "brot", "Bauernbrot", label="Laib", size="1 kg"),
                          _item("richter", "brot-klein", "Bauernbrot klein", label="Laib", size="500 g"),
                          _item("blumen", "strauss-klein", "Blumenstrauß klein", label="Strauß")])
    assert _resolved("ein großes bauernbrot und ein kleines", index) == [("brot", D(1)), ("brot-klein", D(1))]
    assert _resolved("einen kleinen Strauß für meine Mutter zum Geburtstag", index) == [("strauss-klein", D(1))]


def test_smoked_goods_said_as_one_word_and_an_ending_clipped():
    index = CatalogIndex([_item("petrick", "aal", "Aal geräuchert", unit="kg", label=None),
                          _item("reiter", "kerzen", "Haushaltskerzen, 10 Stück", label="Packung", size="10 Stück")])
    assert _resolved("ein Pfund Räucheraal", index) == [("aal", D("0.5"))]
    assert _resolved("a packerl kerzn", index) == [("kerzen", D(1))]


def test_shop_names_with_und_and_split_in_two():
    index = CatalogIndex([_item("wilke", "bananen", "Bananen", unit="kg", label=None),
                          _item("wendisch", "joghurt", "Naturjoghurt", label="Glas"),
                          _item("forellenhof", "forelle", "Forelle frisch")],
                         [ShopInfo("wilke", "Obst & Gemüse Wilke", "retailer"),
                          ShopInfo("wendisch", "Milchhof Wendisch", "direct_marketer"),
                          ShopInfo("forellenhof", "Forellenhof Kylltal", "direct_marketer")])
    said = "vom Milchhof Wendisch zwei Gläser Naturjoghurt; von Obst & Gemüse Wilke ein Kilo Bananen"
    assert [(r.item.shop_id, r.item.product_id) for r in resolve_items(extract_groups(read(said).content, index), index)
            ] == [("wendisch", "joghurt"), ("wilke", "bananen")]
    assert match_shop("forellen hof", index).shop_ids == ("forellenhof",)


def test_the_town_after_the_street_and_the_word_before_it_are_the_address():
    reading = read("10 Eier und ein Stück Butter vom Meierjohann, Lieferung Freitag nachmittag an Lange Straße 12 "
                   "in Lemgo.")
    assert reading.content == "10 Eier und ein Stück Butter vom Meierjohann" and reading.address.street == "Langestraße 12"


def test_matjes_is_the_matjesfilet_but_butter_no_butterkuchen():
    index = CatalogIndex([_item("brinkmann", "matjes", "Matjesfilet"), _item("richter", "kuchen", "Butterkuchen")])
    assert _resolved("2 Matjes", index) == [("matjes", D(2))]
    assert _resolved("ein Stück Butter", index) == []
