"""A reason or a remark after the goods is not goods: "…, die mag sie mehr", "Termin mach ich
später, wenn ich weiß, wann sie zu Hause ist". Read as goods, its words found shops and products
("Tulpen Die Mag Sie Mehr", a shop "Wir Ist Oder"). Written for dev part H; own sentences."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from nlu.reading import Act, read
from nlu.resolution.catalog_index import CatalogIndex, CatalogItem
from nlu.resolution.items import extract_groups
from tests.nlu.small_catalog import item, resolved


@pytest.mark.parametrize(("said", "goods"), [
    ("Termin mach ich später, wenn ich weiß, wann sie nicht zu Hause ist", ""),
    ("den termin mach ich später meine tochter weiß wann wir daheim sind", ""),
    ("okay den termin mach ich dann später wenn ich weiß ob er bei mir is oder ich bei ihm", ""),
    # what follows the reason with a number or a grocery word is still read
    ("Termin mach ich später. Und noch zwei Brote", "Und noch zwei Brote"),
    ("termin mach ich später, dazu sechs brötchen", "dazu sechs brötchen"),
])
def test_the_reason_for_booking_later_is_not_goods(said, goods):
    reading = read(said)
    assert reading.has(Act.LATER)
    assert reading.content == goods


@pytest.mark.parametrize(("said", "goods"), [
    ("statt der Nelken lieber 3 Bund Tulpen, die mag meine Mutter mehr", "statt der Nelken lieber 3 Bund Tulpen"),
    ("und die laugenstangen lassen sie weg die kinder mögen die nicht", "und die laugenstangen lassen sie weg"),
    ("von der leberwurst nur eine mein mann hat noch", "von der leberwurst nur eine"),
    ("zehn kreppel weil doch fastnacht is und zwei gläser honig", "zehn kreppel und zwei gläser honig"),
])
def test_a_remark_after_the_goods_is_left_out(said, goods):
    assert read(said).content == goods


@pytest.mark.parametrize("said", [
    "wir brauchen zwei brote und die kinder mögen drei brezeln",  # a remark that orders
    "zwei brote die haben sechs scheiben",  # "sechs": a number, so not only a remark
    "ein glas honig der ist cremig",  # "cremig": a grocery word
])
def test_a_remark_with_a_number_or_a_grocery_word_is_kept(said):
    assert read(said).content == said


# ---- what the goods are not, what they are measured in, a shop's kind of goods ------------------


DAIRY_AND_BAKERY = CatalogIndex([
    item("baecker", "zopf", "Hefezopf"),
    item("baecker", "zopf-rosinen", "Hefezopf mit Rosinen"),
    item("baecker", "kuchen-ohne", "Kartoffelkuchen ohne Speck"),
    item("baecker", "kuchen-speck", "Kartoffelkuchen mit Speck"),
    item("kaeserei", "milch", "Heumilch, frisch", label="Flasche", size="1 l"),
    item("kaeserei", "bergkaese", "Heumilch-Bergkäse", unit="kg", label=None),
    item("kaeserei", "schnittkaese", "Heumilch-Schnittkäse, jung", unit="kg", label=None),
    item("fischer", "forelle", "Forelle, frisch"),
    item("fischer", "zander", "Zanderfilet, frisch"),
])


def test_ohne_says_what_is_not_wanted_unless_a_name_says_it():
    assert resolved("2 Hefezöpfe ohne Rosinen", DAIRY_AND_BAKERY) == [("zopf", D(2))]
    assert resolved("2 Kartoffelkuchen ohne Speck", DAIRY_AND_BAKERY) == [("kuchen-ohne", D(2))]


def test_litres_pick_the_goods_measured_in_litres():
    assert resolved("4 Liter Heumilch", DAIRY_AND_BAKERY) == [("milch", D(4))]


def test_a_shops_kind_of_goods_without_an_amount_is_no_item():
    groups = extract_groups(read("ich wollt fisch bestellen bei der fischerei").content, DAIRY_AND_BAKERY)
    assert [g["product"] for g in groups] == [None]
    assert resolved("zwei forellen", DAIRY_AND_BAKERY) == [("forelle", D(2))]


def test_a_name_is_also_said_without_what_its_brackets_explain():
    bakery = CatalogIndex([item("harms", "landbrot", "Landbrot (Roggenmischbrot)"),
                           item("harms", "schwarzbrot", "Schwarzbrot (Roggenvollkornbrot)")])
    assert resolved("ein Schwarzbrot", bakery) == [("schwarzbrot", D(1))]
    assert resolved("ein Landbrot", bakery) == [("landbrot", D(1))]


def test_what_short_goods_are_for_is_left_out_where_no_shop_sells_it():
    asparagus = CatalogIndex([item("hof", "bruch", "Bruchspargel", unit="kg", label=None)])
    assert resolved("1 kg Bruchspargel für die Suppe", asparagus) == [("bruch", D(1))]


@pytest.mark.parametrize("said", ["Buchen tue ich nachher, danke.", "abschicken mach ich morgen", "buch ich später"])
def test_booking_put_off_in_other_words(said):
    reading = read(said)
    assert reading.has(Act.LATER) and reading.content == ""


def test_goods_named_by_their_very_words_before_another_word_for_them():
    drinks = CatalogIndex([item("kochendoerfer", "saft", "Apfelsaft naturtrüb, Kasten 6 × 1 l", label="Kasten"),
                           CatalogItem("kochendoerfer", "Kochendoerfer", "most", "Hohenloher Apfelmost, 1 l",
                                       ("Most",), None, "piece", "Flasche", "1 l", 100)])
    assert resolved("1 Kasten Apfelsaft", drinks) == [("saft", D(1))]
    assert resolved("eine Flasche Most", drinks) == [("most", D(1))]


def test_a_list_under_several_shops_headings_is_each_shops_own():
    shops = CatalogIndex([item("hofladen-schuettler", "zucchini", "Zucchini", unit="kg", label=None),
                          item("metzgerei-wuest", "schmalz", "Griebenschmalz", label="Glas")],
                         [("hofladen-schuettler", "Hofladen Schüttler"), ("metzgerei-wuest", "Metzgerei Wüst")])
    said = "Hofladen Schüttler: 500 g Zucchini\nMetzgerei Wüst: 1 Glas Griebenschmalz"
    groups = extract_groups(read(said).content, shops)
    assert [(g["product"], g["shop"]) for g in groups] == [("zucchini", "hofladen schüttler"),
                                                           ("griebenschmalz", "metzgerei wüst")]


def test_goods_said_as_made_of_something_and_swabian_words():
    shop = CatalogIndex([item("kuebler", "roggenvoll", "Roggenvollkornbrot", label="Laib"),
                         item("kuebler", "dinkelvoll", "Dinkelvollkornbrot", label="Laib"),
                         item("schuettler", "gurke", "Salatgurke")])
    assert resolved("ein Vollkornbrot aus Roggen", shop) == [("roggenvoll", D(1))]
    assert resolved("drei gugommer", shop) == [("gurke", D(3))]


def test_vom_after_only_an_amount_is_the_goods_not_a_shop():
    honey = CatalogIndex([item("imkerei-duerr", "bh250", "Blütenhonig cremig, 250 g", label="Glas", size="250 g"),
                          item("imkerei-duerr", "bh500", "Blütenhonig cremig, 500 g", label="Glas", size="500 g")],
                         [("imkerei-duerr", "Imkerei Dürr")])
    assert resolved("zwei kleine Gläser vom cremigen Blütenhonig", honey) == [("bh250", D(2))]
    assert resolved("zwei kleine Gläser vom cremigen Blütenhonig von der Imkerei Dürr", honey) == [("bh250", D(2))]


# ---- what the review of these rules found: each reading must stay as it was ---------------------

def test_an_order_with_tomorrow_in_it_is_not_booking_put_off():
    reading = read("Ich möchte bestellen, ich brauche morgen zwei Brote.")
    assert not reading.has(Act.LATER) and reading.when and "zwei Brote" in reading.content


def test_the_kind_chosen_and_goods_after_dann_are_kept():
    assert "cremige" in read("ein Glas Honig, der cremige ist mir lieber").content
    assert read("ein Bienenstich meine Frau hat Geburtstag dann noch Spritzgebäck").content \
        == "ein Bienenstich dann noch Spritzgebäck"


def test_ohne_for_goods_sold_free_of_it_and_brackets_that_tell_goods_apart():
    shop = CatalogIndex([item("kruse", "pils", "Pils"), item("kruse", "pils-af", "Pils alkoholfrei"),
                         item("hof", "sahne-lf", "Sahne (laktosefrei)"), item("hof", "schlagsahne", "Schlagsahne")])
    assert resolved("6 Flaschen Pils ohne Alkohol", shop) == [("pils-af", D(6))]
    assert resolved("ein Becher Sahne", shop) != [("sahne-lf", D(1))]


def test_a_kind_of_goods_without_a_shop_is_still_asked_about():
    groups = extract_groups(read("ein Bauernbrot und Wurst").content, DAIRY_AND_BAKERY)
    assert [g["product"] for g in groups] == ["bauernbrot", "wurst"]


def test_two_lists_each_with_je():
    groups = extract_groups("je 2 Flaschen Lemberger und Trollinger und je 3 Schalen Erdbeeren und Himbeeren")
    assert [(g["product"], g["quantity"]) for g in groups] == [
        ("lemberger", "2"), ("trollinger", "2"), ("erdbeeren", "3"), ("himbeeren", "3")]
