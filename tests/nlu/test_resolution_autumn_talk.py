"""Rules written for dev part G (Sauerland, Rottal-Inn): regional days, spoken articles before an
amount, the window put off, sizes and kinds said after the goods, several changes in one turn.
Each test uses its own small catalog, not the dev conversations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from nlu.reading import Act, operation_clauses, read
from nlu.resolution.catalog_index import CatalogIndex
from nlu.resolution.dates import parse_when
from nlu.resolution.items import resolve_items
from nlu.resolution.normalize import clean
from nlu.resolution.quantity import parse_quantity
from tests.nlu.small_catalog import item as _item
from tests.nlu.small_catalog import resolved as _resolved

NOW = datetime(2027, 9, 6, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # a Monday




POTATOES = CatalogIndex([
    _item("hof-hoffmann", "fest-12-5", "Kartoffeln festkochend, 12,5 kg", label="Sack", size="12,5 kg"),
    _item("hof-hoffmann", "fest-5", "Kartoffeln festkochend, 5 kg", label="Sack", size="5 kg"),
    _item("hof-hoffmann", "fest-2-5", "Kartoffeln festkochend, 2,5 kg", label="Netz", size="2,5 kg"),
    _item("gemuese-klein", "fest-2-5-k", "Kartoffeln festkochend, 2,5 kg", label="Netz", size="2,5 kg"),
])
DAIRY = CatalogIndex([
    _item("kaeserei", "mild", "Hofkäse mild", unit="kg", label=None),
    _item("kaeserei", "wuerzig", "Hofkäse würzig", unit="kg", label=None),
    _item("kaeserei", "butter", "Butter", label="Stück", size="250 g"),
    _item("imker", "wald-250", "Waldhonig 250 g", label="Glas", size="250 g"),
    _item("imker", "wald-500", "Waldhonig 500 g", label="Glas", size="500 g"),
    _item("blumen", "strauss-klein", "Blumenstrauß klein", label="Strauß"),
    _item("baecker", "stutenkerl", "Stutenkerl"),
    _item("baecker", "kaiser", "Kaiserbrötchen"),
    _item("baecker", "kuerbis", "Kürbiskernbrötchen"),
    _item("baecker", "dinkel", "Dinkel-Vollkornbrötchen"),
    _item("getraenke", "veltins-20", "Veltins Pilsener, Kasten 20 × 0,5 l", label="Kasten", size="10 l"),
    _item("getraenke", "veltins-24", "Veltins Pilsener, Kasten 24 × 0,33 l", label="Kasten", size="7,92 l"),
    _item("imker", "kerze", "Bienenwachskerze", category="Geschenk"),
])


# ---- days and the window ---------------------------------------------------------------------


@pytest.mark.parametrize("said, day, part", [
    ("dann bringen se mir dat freitach vormittach bitte", date(2027, 9, 10), "vormittag"),
    ("und bringts ma des am pfinsta vormittag", date(2027, 9, 9), "vormittag"),
    ("und des bräucht i am mittwoch auf d nacht gliefert", date(2027, 9, 8), "abend"),
    ("samschdag in da friah", date(2027, 9, 11), "früh"),
])
def test_days_and_dayparts_as_the_regions_say_them(said, day, part):
    when = parse_when(said, NOW)
    assert when is not None and when.first_day == day and when.daypart == part
    assert read(said).when


def test_the_word_before_a_day_goes_with_it_and_leaves_the_amount():
    assert read("Für unsre Brotzeit am Samstag: 20 Weißwürscht vom Wimmer").content.split()[-4:] == [
        "20", "Weißwürste", "vom", "Wimmer"]
    assert "1,2 kg" in read("ich bräuchte für Sonntag: 1,2 kg Rinderrouladen").content


@pytest.mark.parametrize("said", ["Termin mach ich später, danke", "Lieferung klär ich später 👍",
                                  "wann ich dat abhol sach ich später danke", "abholn tu i's, sag i no wann",
                                  "den termin mach ich gleich selber im netz danke", "Termin später"])
def test_the_window_put_off(said):
    reading = read(said)
    assert reading.has(Act.LATER) and not reading.when


@pytest.mark.parametrize("said", ["abholung später am nachmittag", "lieferung noch heute", "liefern sie dann morgen"])
def test_a_later_time_is_no_window_put_off(said):
    assert not read(said).has(Act.LATER)


def test_a_good_evening_wished_asks_for_no_window_and_a_greeting_stays_one():
    assert read("termin später, schönen abend noch").has(Act.GOODBYE, Act.LATER)
    assert not read("termin später, schönen abend noch").when
    reading = read("guten abend, ich hätte gern 2 brote")
    assert reading.has(Act.GREETING) and not reading.when


# ---- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("said, amount, unit", [
    ("en halwe zentner", D("25"), "kg"), ("a hoibs pfund", D("0.25"), "kg"), ("a kilo", D("1"), "kg"),
    ("zweiahalb kilo", D("2.5"), "kg"), ("null komma drei drei liter", D("0.33"), "l"),
])
def test_amounts_as_they_are_said(said, amount, unit):
    q = parse_quantity(said)
    assert q is not None and q.as_tuple() == (amount, unit)


def test_glued_by_the_recogniser():
    assert clean("vomlindner zweikilo beimbäcker beimischung") == "vom lindner zwei kilo beim bäcker beimischung"


def test_the_amount_picks_the_size_across_shops():
    assert _resolved("en halwe zentner festkochende kartoffeln", POTATOES) == [("fest-12-5", D("2"))]


def test_a_number_inside_the_words_is_the_amount():
    assert _resolved("für St. Martin: 12 Stutenkerle", DAIRY) == [("stutenkerl", D("12"))]


def test_a_size_after_a_comma_belongs_to_the_goods_before_it():
    assert _resolved("und 1 Waldhonig, den kleinen", DAIRY) == [("wald-250", D("1"))]


def test_the_other_kind_said_alone_takes_the_amount_said_for_each():
    assert _resolved("je 250g Hofkäse mild und würzig", DAIRY) == [("mild", D("0.25")), ("wuerzig", D("0.25"))]


def test_a_quarter_of_cheese_in_the_south_is_a_quarter_kilo():
    assert _resolved("a Viertl Hofkäse mild", DAIRY) == [("mild", D("0.25"))]


def test_semmeln_are_the_everyday_roll():
    assert _resolved("acht Semmeln", DAIRY) == [("kaiser", D("8"))]


def test_a_beer_heard_with_an_f_and_its_size_said_digit_by_digit():
    assert _resolved("drei kisten feltins die kleinen flaschen also null komma drei drei", DAIRY) == [
        ("veltins-24", D("3"))]


def test_a_category_word_alone_is_asked_about_not_ordered():
    res = resolve_items([{"product": "geschenk", "quantity": "ein", "unit": None, "shop": None}], DAIRY)
    assert not res[0].resolved and [c.product_id for c in res[0].candidates] == ["kerze"]


# ---- several changes in one turn -------------------------------------------------------------


def test_a_turn_of_several_changes_is_read_clause_by_clause():
    assert operation_clauses("Die Gurke raus bitte. Und statt Wirsing lieber einen Weißkohl") == [
        "Die Gurke raus bitte.", "statt Wirsing lieber einen Weißkohl"]
    assert operation_clauses("sorry, doch nur 1 Blütenhonig, dafür noch eine Bienenwachskerze") == [
        "sorry, doch nur 1 Blütenhonig", "noch eine Bienenwachskerze"]


@pytest.mark.parametrize("said", ["Und 1 Becher Sahne und ca. 300 g Käse. Termin später.",
                                  "am 28. November bitte. Und die Butter raus", "2 Brote und 3 Brötchen."])
def test_one_change_or_none_stays_one_turn(said):
    assert operation_clauses(said) == [said]


BAKERY_AND_DRINKS = CatalogIndex([
    _item("baecker", "datschi-stueck", "Zwetschgenkuchen vom Blech"),
    _item("baecker", "datschi-blech", "Zwetschgenkuchen ganzes Blech", label="Blech", size="24 Stück"),
    _item("baecker", "kirchweihnudeln", "Kirchweihnudeln"),
    _item("hof", "gans", "Gans bratfertig", unit="kg", label=None),
    _item("blumen", "gesteck-gross", "Grabgesteck groß"),
    _item("blumen", "gesteck-mittel", "Grabgesteck mittel"),
    _item("getraenke", "still", "Mineralwasser still, Kasten 12 × 0,7 l", label="Kasten", size="8,4 l"),
    _item("getraenke", "classic", "Mineralwasser classic, Kasten 12 × 0,7 l", label="Kasten", size="8,4 l"),
])


def test_a_whole_tray_said_is_the_tray():
    assert _resolved("1 ganzes Blech Zwetschgenkuchen", BAKERY_AND_DRINKS) == [("datschi-blech", D("1"))]


def test_kirtanudeln_are_kirchweihnudeln():
    assert _resolved("12 Kirtanudeln", BAKERY_AND_DRINKS) == [("kirchweihnudeln", D("12"))]


def test_the_weight_said_after_what_the_goods_are_for_stays():
    assert _resolved("a Gans für Martini so um die viereinhalb Kilo", BAKERY_AND_DRINKS) == [("gans", D("4.5"))]


def test_what_the_goods_are_for_said_first_and_the_size_apposed():
    assert _resolved("fürs Grab an Grabgesteck an großen", BAKERY_AND_DRINKS) == [("gesteck-gross", D("1"))]


def test_a_total_before_a_colon_is_no_item_of_its_own():
    assert _resolved("3 Kisten Wasser: 2 Kisten still und 1 Kiste classic", BAKERY_AND_DRINKS) == [
        ("still", D("2")), ("classic", D("1"))]
