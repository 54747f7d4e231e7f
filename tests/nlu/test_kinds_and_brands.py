"""Written for dev parts L and M (own sentences and catalogs): goods named by a brand or in other
words together with the kind wanted, and a lexicon word that names the goods only loosely."""

from __future__ import annotations

from decimal import Decimal

from nlu.resolution.catalog_index import CatalogIndex
from tests.nlu.small_catalog import item, resolved

SHOPS = CatalogIndex([
    item("getraenke", "classic", "Mineralwasser Classic, Kasten 12 × 0,7 l", label="Kasten"),
    item("getraenke", "medium", "Mineralwasser Medium, Kasten 12 × 0,7 l", label="Kasten"),
    item("getraenke", "naturell", "Mineralwasser Naturell, Kasten 12 × 0,7 l", label="Kasten"),
    item("eisenwaren", "mueckenschutz", "Mückenschutzspray, 100 ml", label="Flasche"),
    item("eisenwaren", "gewebeband", "Gewebeband silber, 50 m", label="Rolle"),
    item("eisenwaren", "marker", "Permanentmarker schwarz"),
    item("drogerie", "pflaster", "Wundpflaster, 20 Strips", label="Packung"),
    item("hofgut", "gruene-sosse", "Kräuter für Grüne Soße", label="Packung", size="250 g"),
    item("baeckerei", "napfkuchen", "Marmor-Napfkuchen"),
])


def test_the_goods_in_other_words_and_the_kind_in_the_catalogs():
    # "Selters" is the lexicon's word for Mineralwasser, "viel Kohlensäure" the catalog's "Classic":
    # each alone was understood, together they were not
    assert resolved("zwei kisten selters mit viel kohlensäure", SHOPS) == [("classic", Decimal(2))]
    assert resolved("zwei kisten selter aber das mit viel kohlensäure nich das medium", SHOPS) == [("classic", Decimal(2))]


def test_household_goods_by_their_brand():
    assert resolved("ach so und mückenspray so wie autan", SHOPS) == [("mueckenschutz", Decimal(1))]
    assert resolved("und e flasch autan gege die schnake", SHOPS) == [("mueckenschutz", Decimal(1))]
    assert resolved("eine rolle panzertape", SHOPS) == [("gewebeband", Decimal(1))]
    assert resolved("ach und nen edding", SHOPS) == [("marker", Decimal(1))]
    assert resolved("und hansaplast", SHOPS) == [("pflaster", Decimal(1))]
    assert resolved("ne bäbe", SHOPS) == [("napfkuchen", Decimal(1))]


def test_a_loose_lexicon_word_finds_no_other_goods():
    # "Kraut" is Sauerkraut only in Bavaria and Austria; as a stand-in it found the "Kräuter"
    assert resolved("1 kg sauerkraut", SHOPS) == []


def test_pieces_counted_of_goods_sold_by_the_pack():
    packs = CatalogIndex([item("wild", "wildbratwurst", "Wildbratwurst, 4 Stück", label="Packung", size="400 g")])
    assert resolved("12 Wildbratwürste", packs) == [("wildbratwurst", Decimal(3))]
    assert resolved("2 Packungen Wildbratwurst", packs) == [("wildbratwurst", Decimal(2))]


def test_the_kind_said_after_a_comma_is_of_the_goods_before():
    quark = CatalogIndex([item("hof", "speisequark", "Speisequark 40 % Fett i. Tr.", label="Becher", size="500 g"),
                          item("hof", "magerquark", "Magerquark", label="Becher", size="500 g")])
    assert resolved("vom Hofladen bitte 2 Becher Quark, aber den mageren.", quark) == [("magerquark", Decimal(2))]


def test_the_big_one_by_the_measure_in_its_name():
    plants = CatalogIndex([item("gaertnerei", "rh-klein", "Rhododendron im Topf, 40–50 cm", label="Topf"),
                           item("gaertnerei", "rh-gross", "Rhododendron im Topf, 60–80 cm", label="Topf")])
    assert resolved("einen großen rhododendron", plants) == [("rh-gross", Decimal(1))]
    # asking for the sizes names none
    assert resolved("ich suche einen Rhododendron. Welche Größen haben Sie?", plants) == []

