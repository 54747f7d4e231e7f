"""Written for dev parts L and M (own sentences and catalogs): words that looked like goods or
like a shop and are neither, and amounts said per piece after a comma."""

from __future__ import annotations

from decimal import Decimal

from nlu.reading import read
from nlu.resolution.catalog_index import CatalogIndex
from nlu.resolution.items import extract_groups
from nlu.resolution.normalize import key_tokens
from nlu.resolution.products import match_product
from tests.nlu.small_catalog import item, resolved

GRILL = CatalogIndex([
    item("eisenwaren-dorr", "grillanzuender", "Grillanzünder, 32 Würfel", label="Packung"),
    item("eisenwaren-dorr", "grillbriketts", "Grillbriketts, 5-kg-Sack", label="Sack"),
    item("hofkaeserei", "grillkaese", "Grillkäse, 2 Stück", label="Packung"),
    item("metzgerei-stoll", "schweineschnitzel", "Schweineschnitzel", unit="kg", label=None),
    item("metzgerei-stoll", "bratwurst", "Grobe Bratwurst"),
    item("hof-meyerholz", "eier-10", "Freilandeier Größe M, 10er-Packung", label="Packung", size="10 Stück"),
    item("teehaus", "ostfriesische-mischung", "Ostfriesische Mischung, 500 g", label="Packung"),
    item("blumen", "strauss-gross", "Saisonstrauß, groß", label="Strauß"),
    item("blumen", "strauss-klein", "Saisonstrauß, klein", label="Strauß"),
    item("eisenwaren-dorr", "batterien-aa", "Batterien Mignon AA, 4 Stück", label="Packung"),
    item("eisenwaren-dorr", "batterien-aaa", "Batterien Micro AAA, 4 Stück", label="Packung"),
])


def test_we_grill_is_no_grill_goods():
    # "wir grillen am Freitag" asked "Meinten Sie Grillanzünder, Grillbriketts oder Grillkäse?"
    assert not [g for g in extract_groups(read("wir grillen am freitag").content, GRILL) if g.get("product")]
    assert resolved("wir grillen am freitag und ich bräucht zehn grobe bratwürste", GRILL) == [("bratwurst", Decimal(10))]


def test_the_noun_groesse_is_no_big_one():
    # folded, "Größe" is "große": "den großen Strauß" once found the eggs "Größe M"
    assert "grosse" not in key_tokens("Freilandeier Größe M, 10er-Packung")
    assert "m" in key_tokens("eier größe m")
    assert resolved("einen großen saisonstrauß", GRILL) == [("strauss-gross", Decimal(1))]
    found = match_product("der große", GRILL)
    assert "eier-10" not in [it.product_id for it in [getattr(found, "item", None), *getattr(found, "candidates", ())] if it]


def test_je_after_a_comma_is_the_weight_of_each_piece():
    assert resolved("4 Schweineschnitzel, je ca. 150 g", GRILL) == [("schweineschnitzel", Decimal("0.6"))]


def test_a_per_piece_weight_ends_no_shop():
    # "vom Schwein à 150g" was read as a shop "Schwein À"
    assert resolved("4 Schnitzel vom Schwein à 150g", GRILL) == [("schweineschnitzel", Decimal("0.6"))]


def test_aa_before_batteries_is_their_size():
    assert "AA" in read("Achso und 4 AA Batterien").content
    assert "auch" in read("habts aa brezn").content.split()
    assert resolved("Achso und 4 AA Batterien", GRILL) == [("batterien-aa", Decimal(1))]


def test_a_town_of_two_words_after_the_name_is_no_goods():
    # "aus Bad Kösen": "Kösen" alone was left for goods and found the Köstritzer
    assert read("ja hallo poser hier aus bad kösen").content == ""


def test_both_hours_of_zwischen_are_time_not_goods():
    # "zwischen 3 und 7": the 7 was left for goods and made 7 crates of the Radler in the cart
    reading = read("Abholen morgen zwischen 3 und 7 in Rastede am Rathaus")
    assert reading.when and "7" not in reading.content.split()


def test_after_work_glued_is_a_time():
    assert read("und das bitte übermorgen nachder arbeit").content == ""
