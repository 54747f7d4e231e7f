"""nlu.resolution.quantity: German quantity phrases, sizes, conversion into the product unit."""

from decimal import Decimal as D

import pytest

from nlu.resolution.catalog_index import CatalogItem
from nlu.resolution.normalize import clean
from nlu.resolution.quantity import (
    Problem,
    Quantity,
    convert_to_product_unit,
    find_quantity,
    format_amount,
    format_quantity,
    label_plural,
    norm,
    parse_number,
    parse_quantity,
    parse_size,
    quantity_for_item,
)
from tests.support.sample_catalog import sample_index

IX = sample_index()
MILK = IX.get("hof-schulze", "frischmilch")
BUTTER = IX.get("hof-wienker", "butter")
HACK = IX.get("metzgerei-terstegen", "hackfleisch")
EGGS = IX.get("hof-schulze", "eier")
ROLLS = IX.get("baeckerei-musterfrau", "weizenbroetchen")
WINE = IX.get("weingut-koenig", "spaetburgunder")
GOUDA = IX.get("kaeserei-brockhoff", "gouda")
BREAD = IX.get("baeckerei-musterfrau", "vollkornbrot")
METTWURST = IX.get("metzgerei-terstegen", "mettwurst")
POTATOES = IX.get("hof-schulze", "kartoffeln")


def item(unit="piece", size=None, label=None, name="Apfelsaft"):
    return CatalogItem("s", "Shop", "p", name, (), None, unit, label, size, 100)


# ---- parse_quantity ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "qt, ut, amount, unit",
    [
        ("zwei", None, "2", "piece"),
        ("2", None, "2", "piece"),
        ("zwölf", None, "12", "piece"),
        ("zwolf", None, "12", "piece"),
        ("einundzwanzig", None, "21", "piece"),
        ("dreißig", None, "30", "piece"),
        ("hundert", None, "100", "piece"),
        ("zweihundertfünfzig", "gramm", "0.25", "kg"),
        ("zweihundert fünfzig", "gramm", "0.25", "kg"),
        ("2,5", "kilo", "2.5", "kg"),
        ("2.5", "kilo", "2.5", "kg"),
        ("zwei komma fünf", "kilo", "2.5", "kg"),
        ("zweieinhalb", "kilo", "2.5", "kg"),
        ("zwei einhalb", "kilo", "2.5", "kg"),
        ("dreiundeinhalb", "liter", "3.5", "l"),
        ("ein halbes", "kilo", "0.5", "kg"),
        ("ein halber", "liter", "0.5", "l"),
        ("eine halbe", None, "0.5", "piece"),
        ("halbes", "pfund", "0.25", "kg"),
        ("ein halbes pfund", None, "0.25", "kg"),
        ("anderthalb", "kilo", "1.5", "kg"),
        ("eineinhalb", "liter", "1.5", "l"),
        ("eineinhalb", None, "1.5", "piece"),
        ("ein viertel", "kilo", "0.25", "kg"),
        ("dreiviertel", "liter", "0.75", "l"),
        ("drei viertel", "liter", "0.75", "l"),
        ("ein dutzend", None, "12", "piece"),
        ("zwei dutzend", None, "24", "piece"),
        ("dutzend", None, "12", "piece"),
        ("ein", "pfund", "0.5", "kg"),
        ("zwei", "pfund", "1", "kg"),
        ("pfund", None, "0.5", "kg"),
        ("200", "gramm", "0.2", "kg"),
        ("200 g", None, "0.2", "kg"),
        ("200", "g", "0.2", "kg"),
        ("ein", "kilo", "1", "kg"),
        ("ein", "kilogramm", "1", "kg"),
        ("ein", "liter", "1", "l"),
        ("500", "ml", "0.5", "l"),
        ("500 milliliter", None, "0.5", "l"),
        ("drei mal", None, "3", "piece"),
        ("dreimal", None, "3", "piece"),
        ("einmal", None, "1", "piece"),
        ("eine", "flasche", "1", "piece"),
        ("zwei", "flaschen", "2", "piece"),
        ("zwei", "packungen", "2", "piece"),
        ("ein", "laib", "1", "piece"),
        ("sechs", "stück", "6", "piece"),
        ("drei", "gläser", "3", "piece"),
        ("zwei", "bund", "2", "piece"),
        ("eins", None, "1", "piece"),
    ],
)
def test_parse_quantity(qt, ut, amount, unit):
    q = parse_quantity(qt, ut)
    assert isinstance(q, Quantity), q
    assert q.as_tuple() == (D(amount), unit)


@pytest.mark.parametrize(
    "qt, container",
    [("eine flasche", "Flasche"), ("zwei packungen", "Packung"), ("ein laib", "Laib"),
     ("dreimal", "mal"), ("drei mal", "mal"), ("sechs", None), ("ein kilo", None)],
)
def test_parse_quantity_container(qt, container):
    assert parse_quantity(qt).container == container


@pytest.mark.parametrize("qt", ["ein paar", "paar", "einige", "mehrere", "ein paar flaschen", "etwas"])
def test_vague_amounts_ask(qt):
    q = parse_quantity(qt)
    assert isinstance(q, Problem) and q.code == "vague"


def test_nothing_said_is_none():
    assert parse_quantity(None) is None
    assert parse_quantity("", None) is None


def test_not_a_quantity_is_a_problem():
    q = parse_quantity("blau")
    assert isinstance(q, Problem) and q.code == "not_a_quantity"


def test_quantity_amounts_are_normalised():
    assert str(parse_quantity("200 gramm").amount) == "0.2"
    assert str(parse_quantity("100").amount) == "100"


@pytest.mark.parametrize(
    "text, expected",
    [("zweieinhalb", "2.5"), ("einundzwanzig", "21"), ("2,5", "2.5"), ("zwölf", "12"), ("anderthalb", "1.5"),
     ("milch", None), ("", None)],
)
def test_parse_number(text, expected):
    r = parse_number(text)
    assert (r is None and expected is None) or r == D(expected)


# ---- find_quantity ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, qt, ut, rest_start, rest_end",
    [
        ("zwei liter milch", "zwei", "liter", 0, 2),
        ("ein halbes kilo butter", "ein halbes", "kilo", 0, 3),
        ("ein pfund hackfleisch", "ein", "pfund", 0, 2),
        ("200 gramm käse", "200", "gramm", 0, 2),
        ("6 brötchen", "6", None, 0, 1),
        ("milch zwei liter", "zwei", "liter", 1, 3),
        ("brötchen sechs stück", "sechs", "stück", 1, 3),
        ("mettwurst dreimal", "dreimal", None, 1, 2),
        ("zwei dutzend eier", "zwei dutzend", None, 0, 2),
        ("eine flasche spätburgunder", "eine", "flasche", 0, 2),
        ("ein paar brötchen", "ein paar", None, 0, 2),
    ],
)
def test_find_quantity(text, qt, ut, rest_start, rest_end):
    s = find_quantity(text)
    assert s is not None
    assert (s.quantity_text, s.unit_text, s.start, s.end) == (qt, ut, rest_start, rest_end)


@pytest.mark.parametrize("text", ["milch 3,5", "frischmilch", "vollkornbrot vom hof", ""])
def test_find_quantity_none(text):
    assert find_quantity(text) is None


# ---- sizes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size, amount, unit",
    [
        ("0,75 l", "0.75", "l"),
        ("1 l", "1", "l"),
        ("250 g", "0.25", "kg"),
        ("250g", "0.25", "kg"),
        ("1 kg", "1", "kg"),
        ("1,5 kg", "1.5", "kg"),
        ("500 ml", "0.5", "l"),
        ("750ml", "0.75", "l"),
        ("6 Stück", "6", "piece"),
        ("10er", "10", "piece"),
        ("10er Packung", "10", "piece"),
        ("6 x 0,5 l", "3", "l"),
        ("ca. 1 kg", "1", "kg"),
        ("1 Pfund", "0.5", "kg"),
    ],
)
def test_parse_size(size, amount, unit):
    assert parse_size(size) == (D(amount), unit)


@pytest.mark.parametrize("size", [None, "", "groß", "eine Handvoll", "0 g"])
def test_parse_size_unknown(size):
    assert parse_size(size) is None


# ---- convert_to_product_unit ----------------------------------------------------------------


@pytest.mark.parametrize(
    "amount, unit, it, container, expected",
    [
        (2, "l", MILK, None, "2"),  # "zwei Liter Milch", piece of 1 l
        (D("0.5"), "kg", BUTTER, None, "2"),  # "ein halbes Kilo Butter", 250 g
        (D("0.5"), "kg", HACK, None, "0.5"),  # "ein Pfund Hackfleisch", kg
        (D("0.2"), "kg", GOUDA, None, "0.2"),  # "200 gramm käse"
        (6, None, ROLLS, None, "6"),  # "6 brötchen"
        (6, "piece", ROLLS, None, "6"),
        (D("0.75"), "l", WINE, None, "1"),
        (D("1.5"), "l", WINE, None, "2"),
        (1, "kg", BUTTER, None, "4"),
        (10, None, EGGS, None, "1"),  # ten eggs = one 10er pack
        (20, None, EGGS, None, "2"),
        (2, "piece", EGGS, "Packung", "2"),  # "zwei Packungen Eier"
        (3, "piece", EGGS, "mal", "3"),  # "dreimal Eier"
        (200, "gramm", GOUDA, None, "0.2"),  # spoken unit words are accepted too
        (1, "pfund", HACK, None, "0.5"),
        (500, "ml", item("l"), None, "0.5"),
        (2, "l", item("l"), None, "2"),
        (2, "piece", item("l", size="1 l"), "Flasche", "2"),  # "zwei Flaschen" of a litre product
        (1, "kg", BREAD, None, "1"),
        (D("2.5"), "kg", POTATOES, None, "2.5"),
    ],
)
def test_convert(amount, unit, it, container, expected):
    r = convert_to_product_unit(amount, unit, it, container=container)
    assert r == D(expected), r
    assert str(r) == expected


def test_no_quantity_piece_is_one():
    assert convert_to_product_unit(None, None, ROLLS) == 1
    assert convert_to_product_unit(None, None, MILK) == 1


@pytest.mark.parametrize("it", [GOUDA, HACK, POTATOES, item("l", name="Apfelsaft lose")])
def test_no_quantity_loose_item_asks(it):
    r = convert_to_product_unit(None, None, it)
    assert isinstance(r, Problem) and r.code == "ask_amount"
    assert r.question.startswith(f"Wie viel {it.name}")


def test_pieces_must_be_whole_butter():
    r = convert_to_product_unit(D("0.3"), "kg", BUTTER)
    assert isinstance(r, Problem) and r.code == "not_whole"
    assert r.question == ("Butter gibt es nur in Packungen zu 250 g. "
                          "Möchten Sie 1 Packung (250 g) oder 2 Packungen (500 g)?")
    assert r.options == (D(1), D(2))


def test_half_litre_of_one_litre_bottle():
    r = convert_to_product_unit(D("0.5"), "l", MILK)
    assert isinstance(r, Problem) and r.code == "not_whole"
    assert "Flaschen zu 1 l" in r.question and r.options == (D(1),)


def test_one_and_a_half_rolls_is_a_question_not_rounded():
    r = convert_to_product_unit(D("1.5"), None, ROLLS)
    assert isinstance(r, Problem) and r.code == "not_whole"
    assert r.options == (D(1), D(2))
    assert "stückweise" in r.question


def test_half_a_bread_with_label():
    r = convert_to_product_unit(D("0.5"), None, BREAD)
    assert isinstance(r, Problem) and "ganze Laibe" in r.question and r.options == (D(1),)


def test_one_litre_of_wine_is_not_whole_bottles():
    r = convert_to_product_unit(1, "l", WINE)
    assert isinstance(r, Problem) and r.code == "not_whole"
    assert "0,75 l" in r.question


def test_dozen_eggs_for_ten_pack_asks():
    r = convert_to_product_unit(12, None, EGGS)
    assert isinstance(r, Problem) and r.code == "not_whole"
    assert "Packungen zu 10 Stück" in r.question and r.options == (D(1), D(2))


def test_two_eggs_for_ten_pack_offers_one_pack():
    r = convert_to_product_unit(2, None, EGGS)
    assert isinstance(r, Problem) and r.options == (D(1),)


@pytest.mark.parametrize(
    "amount, unit, it",
    [
        (1, "kg", MILK),  # weight of a litre product
        (1, "l", BUTTER),  # volume of a weight product
        (1, "l", GOUDA),
        (1, "kg", item("l")),
    ],
)
def test_dimension_mismatch(amount, unit, it):
    r = convert_to_product_unit(amount, unit, it)
    assert isinstance(r, Problem) and r.code == "unit_mismatch"


def test_weight_of_piece_without_size_asks():
    r = convert_to_product_unit(D("0.5"), "kg", METTWURST)
    assert isinstance(r, Problem) and r.code == "no_size"


@pytest.mark.parametrize("amount, container", [(2, None), (3, "mal")])
def test_count_of_loose_item_asks_for_weight(amount, container):
    r = convert_to_product_unit(amount, None, GOUDA, container=container)
    assert isinstance(r, Problem) and r.code == "unit_mismatch"
    assert "Gewicht" in r.question


def test_zero_is_a_problem():
    r = convert_to_product_unit(0, None, ROLLS)
    assert isinstance(r, Problem) and r.code == "zero"


def test_quantity_for_item():
    assert quantity_for_item(parse_quantity("zwei", "liter"), MILK) == 2
    assert quantity_for_item(parse_quantity("ein halbes kilo"), BUTTER) == 2
    assert quantity_for_item(None, ROLLS) == 1
    vague = quantity_for_item(parse_quantity("ein paar"), ROLLS)
    assert isinstance(vague, Problem) and vague.question == "Wie viele Weizenbrötchen genau?"
    vague_bottles = quantity_for_item(parse_quantity("ein paar"), MILK)
    assert vague_bottles.question == "Wie viele Flaschen Frischmilch genau?"
    vague_kg = quantity_for_item(parse_quantity("ein paar"), GOUDA)
    assert vague_kg.question.startswith("Wie viel Gouda")


# ---- formatting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label, n, expected",
    [("Flasche", 2, "Flaschen"), ("Flasche", 1, "Flasche"), ("Packung", 3, "Packungen"), ("Laib", 2, "Laibe"),
     ("Glas", 2, "Gläser"), ("Becher", 2, "Becher"), ("Bund", 2, "Bund"), ("Schale", 2, "Schalen"),
     (None, 2, "Stück"), ("Tüte", 2, "Tüten"), ("Korb", 2, "Körbe"), ("Stiege", 2, "Stiegen")],
)
def test_label_plural(label, n, expected):
    assert label_plural(label, n) == expected


@pytest.mark.parametrize(
    "amount, it, expected",
    [
        (2, MILK, "2 Flaschen"),
        (1, MILK, "1 Flasche"),
        (6, ROLLS, "6"),
        (D("0.5"), HACK, "500 Gramm"),
        (D("0.25"), GOUDA, "250 Gramm"),
        (D("1.5"), POTATOES, "1,5 Kilo"),
        (2, POTATOES, "2 Kilo"),
        (D("0.5"), item("l"), "0,5 Liter"),
        (3, EGGS, "3 Packungen"),
        (2, BREAD, "2 Laibe"),
    ],
)
def test_format_quantity(amount, it, expected):
    assert format_quantity(amount, it) == expected


def test_format_amount_and_norm():
    assert format_amount(D("2.50")) == "2,5"
    assert format_amount(D("0.75")) == "0,75"
    assert format_amount(D("3.000")) == "3"
    assert str(norm(D("0.500"))) == "0.5"
    assert str(norm(D("100"))) == "100"


@pytest.mark.parametrize("qt", ["10000000000000000000000000000", "zwanzigtausend", "50000 kilo"])
def test_implausible_amounts_are_asked_again(qt):
    q = parse_quantity(qt)
    assert isinstance(q, Problem) and q.code == "implausible"
    r = quantity_for_item(q, ROLLS)
    assert isinstance(r, Problem) and r.question == "Wie viele Weizenbrötchen genau?"


@pytest.mark.parametrize("qt", ["einhalb komma zwei", "zwei komma", "komma fünf"])
def test_odd_komma_phrases_do_not_crash(qt):
    parse_quantity(qt)


@pytest.mark.parametrize("text, amount, unit", [("1/2 Pfd Heringssalat", "0.25", "kg"), ("½ Pfund Hack", "0.25", "kg"),
                                                ("3/4 kg Hack", "0.75", "kg"), ("1 1/2 kg Kartoffeln", "1.5", "kg"),
                                                ("1/8 l Sahne", "0.125", "l")])
def test_a_written_fraction_is_the_amount(text, amount, unit):
    found = find_quantity(text)
    assert found is not None and (found.result.amount, found.result.unit) == (D(amount), unit)


def test_a_size_with_a_multiplier_stays_a_size():
    assert clean("Kasten 20 x 0,5 l") == "kasten 20 x 0,5 l"
    assert clean("Pils x2") == "pils 2 x"


def test_one_pair_in_digits_is_a_pair_and_a_few_in_words_stays_vague():
    assert find_quantity("1 Paar Landjäger").result.amount == D(1)
    assert isinstance(find_quantity("ein paar Landjäger").result, Problem)
