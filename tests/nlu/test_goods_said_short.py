"""Written for dev part N (own sentences and catalogs): goods said short, by what they come with,
by a kind glued to the goods before, with their size or grade printed before or after them, by a
dialect word for the packing, and a shop named by its trade glued to "-laden"."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from nlu.reading import Act, read
from nlu.resolution.catalog_index import CatalogIndex
from nlu.resolution.dates import parse_when
from nlu.resolution.normalize import stem
from nlu.resolution.products import match_shop
from tests.nlu.small_catalog import item, resolved

HOF = CatalogIndex([
    item("hofladen", "eier-6", "Freilandeier, 6er-Packung", label="Packung", category="Eier"),
    item("hofladen", "eier-10", "Freilandeier, 10er-Packung", label="Packung", category="Eier"),
    item("muehle", "bandnudeln", "Bandnudeln mit Ei", label="Beutel", size="500 g", category="Teigwaren"),
    item("imkerei", "akazienhonig", "Akazienhonig, 500 g", label="Glas"),
    item("imkerei", "honigbonbons", "Honigbonbons", label="Beutel", size="100 g"),
    item("baeckerei", "weizenbroetchen", "Weizenbrötchen"),
    item("baeckerei", "mohnbroetchen", "Mohnbrötchen"),
    item("baeckerei", "mohnkuchen", "Mohnkuchen"),
    item("fischzucht", "forelle-frisch", "Forelle frisch"),
    item("fischzucht", "forelle-geraeuchert", "Forelle geräuchert"),
    item("fischzucht", "aal-geraeuchert", "Aal geräuchert"),
    item("fischzucht", "forellenaufstrich", "Forellenaufstrich", label="Becher", size="150 g"),
    item("eisenwaren-hinz", "giesskanne", "Gießkanne, 10 l"),
    item("eisenwaren-hinz", "gartenschlauch", "Gartenschlauch 1/2 Zoll, 20 m"),
    item("hofladen", "spargel-weiss", "Spargel weiß, Klasse I", unit="kg", label=None),
    item("hofladen", "spargel-gruen", "Grüner Spargel", label="Bund"),
    item("getraenke", "orangenlimonade", "Orangenlimonade, Kasten 12 × 0,7 l", label="Kasten"),
    item("getraenke", "bitburger-kasten", "Bitburger Pils, Kasten 20 × 0,5 l", label="Kasten"),
    item("getraenke", "bitburger-sixpack", "Bitburger Pils, Sixpack 6 × 0,33 l", label="Sixpack"),
])


def test_eggs_are_the_eggs_not_the_noodles_made_with_them():
    # "Bandnudeln mit Ei" has the word "Ei"; the eggs are only a compound head of "Freilandeier"
    assert resolved("und zwanzig eier", HOF) == [("eier-10", Decimal(2))]
    assert resolved("zwei beutel nudeln mit ei", HOF) == [("bandnudeln", Decimal(2))]


def test_a_size_printed_with_the_name_is_one_word_more_not_two():
    # the lexicon's "Krintenstuten" is the Rosinenstuten; with "500 g" counted as two words more
    # it tied with the Butterstuten, which "stuten" names as well
    stuten = CatalogIndex([item("baeckerei", "rosinenstuten", "Rosinenstuten 500 g", label="Laib", category="Stuten"),
                           item("baeckerei", "butterstuten", "Butterstuten 500 g", label="Laib", category="Stuten"),
                           item("baeckerei", "stutenkerl", "Stutenkerl", category="Stuten")])
    assert resolved("und 1 krintenstuten", stuten) == [("rosinenstuten", Decimal(1))]


def test_sweets_in_the_south_west_and_their_bag():
    assert stem("bonbon") == stem("bonbons")  # the plural in -ons is no -ns word like "Weidegans"
    assert resolved("und e tüt honig gutsele für die enkel", HOF) == [("honigbonbons", Decimal(1))]


def test_a_kind_said_alone_is_of_the_goods_before():
    assert resolved("6 normale Brötchen, 4 Mohn", HOF) == [("weizenbroetchen", Decimal(6)),
                                                          ("mohnbroetchen", Decimal(4))]
    assert resolved("2 frische Forellen und 1 geräucherte", HOF) == [("forelle-frisch", Decimal(2)),
                                                                    ("forelle-geraeuchert", Decimal(1))]


def test_goods_after_von_dem_are_goods_when_no_shop_has_that_name():
    assert resolved("zwei geräucherte forelle und en becher von dem forelle aufstrich", HOF) == [
        ("forelle-geraeuchert", Decimal(2)), ("forellenaufstrich", Decimal(1))]


def test_a_size_before_the_goods_and_a_grade_after_them_count_nothing():
    assert resolved("eine Gießkanne und den 20-m-Gartenschlauch", HOF) == [("giesskanne", Decimal(1)),
                                                                          ("gartenschlauch", Decimal(1))]
    assert resolved("- 2 Pfund Spargel weiß Kl. 1\n- 1 Bund grüner Spargel", HOF) == [
        ("spargel-weiss", Decimal(1)), ("spargel-gruen", Decimal(1))]


def test_brands_and_dialect_packing():
    assert resolved("1 Kasten Fanta", HOF) == [("orangenlimonade", Decimal(1))]
    assert resolved("e kist bitburger", HOF) == [("bitburger-kasten", Decimal(1))]


def test_a_shop_named_by_its_trade_and_laden():
    found = match_shop("vom Eisenwarenladen", HOF)
    assert found is not None and found.shop_ids == ("eisenwaren-hinz",)


def test_the_hour_with_the_south_wests_e_and_a_range_after_the_day():
    now = datetime(2030, 3, 20, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    said = parse_when("dann am donnerstag so um zehne rum", now)
    assert said is not None and said.start == time(10)
    said = parse_when("am samstag so gege elfe", now)
    assert said is not None and said.start == time(11)
    said = parse_when("Liefern Sie auch am Freitagnachmittag? Dann bitte nächsten Freitag, den 29., "
                      "zwischen 16 und 19 Uhr.", now)
    assert said is not None and (said.first_day.day, said.start, said.end) == (29, time(16), time(19))


def test_questions_that_order_nothing():
    asked = read("hat der hoffmann samstags eigtl bis wann offen?")
    assert Act.HOURS_QUESTION in asked.acts and not asked.when  # its "samstags" books no Saturday
    assert Act.HOURS_QUESTION in read("wie lange hat die abholstation am markt heute auf?").acts
    torten = read("Hallo, kann man bei Ihnen auch Torten bestellen?")
    assert Act.PRODUCT_QUESTION in torten.acts and Act.DONE not in torten.acts and torten.content == "Torten"
    assert Act.PRODUCT_QUESTION in read("Aha. Und hat die Imkerei Stecher auch Met?").acts
    assert Act.PRODUCT_QUESTION in read("hen die eigentlich schon spargel und was koscht der des kilo").acts


def test_not_this_amount_but_that_one():
    said = read("nee wart mol net zehn acht butter brezel des langt")
    assert Act.CORRECTION in said.acts and "zehn" not in said.content and "acht" in said.content
    assert Act.CORRECTION in read("ach nee 6 Stiefmütterchen, sonst siehts so leer aus").acts
    assert Act.CORRECTION not in read("nee, 2 Primeln noch dazu").acts


# The rules above, where they must not apply (found by a review of the rules)

SHOP = CatalogIndex([
    item("gemuese", "salatgurke", "Salatgurke"),
    item("gemuese", "eisbergsalat", "Eisbergsalat"),
    item("gemuese", "kopfsalat", "Kopfsalat"),
    item("hof", "kartoffeln-sack", "Kartoffeln im 5-kg-Sack", label="Sack", size="5 kg"),
    item("hof", "kartoffeln-lose", "Kartoffeln festkochend", unit="kg", label=None),
    item("eisen", "holzschrauben", "Holzschrauben 4 × 40, 200 Stück", label="Packung"),
    item("eisen", "led-e14", "LED-Kerzenlampe E14"),
    item("hof", "spargel", "Spargel weiß, Klasse I", unit="kg", label=None),
])


def test_goods_of_their_own_are_no_kind_of_the_goods_before():
    # "Salat" names goods of its own (which, is asked): no "Salatgurke" glued from the goods before
    assert resolved("2 Gurken und einen Salat", SHOP) == [("salatgurke", Decimal(2))]


def test_a_size_before_a_container_and_sockets_and_grades_where_they_are_none():
    assert resolved("zwei 5-kg-Säcke Kartoffeln", SHOP) == [("kartoffeln-sack", Decimal(2))]
    assert resolved("eine Packung Holzschrauben, die mit dem dünnen Gewinde", SHOP) == [("holzschrauben", Decimal(1))]
    assert resolved("klasse 2 kilo spargel", SHOP) == [("spargel", Decimal(2))]


def test_a_day_ruled_out_before_sonst_is_no_first_choice():
    now = datetime(2030, 3, 20, 10, tzinfo=ZoneInfo("Europe/Berlin"))  # a Wednesday
    said = parse_when("Bitte liefern. Freitag kann ich nicht, sonst Samstag vormittag", now)
    assert said is not None and said.first_day.day == 23
    said = parse_when("nächste Woche Dienstag, und die Woche danach nochmal", now)
    assert said is not None and said.first_day.day == 26  # the next week's Tuesday, not the one after


def test_questions_that_are_no_questions_about_goods():
    assert Act.HOURS_QUESTION not in read("Bitte am Samstag vormittag liefern, das Hoftor ist dann offen").acts
    assert Act.PRODUCT_QUESTION not in read("Kann ich auch noch Butterkuchen bekommen?").acts
    assert Act.CONFIRM in read("ok, hat das jetzt geklappt mit der Bestellung?").acts
