"""Written for dev part P (own sentences, own small catalog): Saxon and Thuringian "f" for "pf",
the old counts (Mandel, Stiege), pairs counted with a number, "so um die … rum", two kinds half
and half, goods with talk around them, a phrase after "von" that is goods or talk rather than a
shop, remarks after the goods, "doch nich", the cart cleared in other words, and an ordinal that
counts holidays rather than choosing a window."""

from __future__ import annotations

from decimal import Decimal

from bot.dialogue.understanding import keyword_intent, pick_choice
from nlu.intents import Intent
from nlu.reading import Act, read
from nlu.resolution.catalog_index import CatalogIndex
from nlu.resolution.items import extract_groups, resolve_items
from nlu.resolution.quantity import parse_quantity
from nlu.resolution.sounds import respellings
from tests.nlu.small_catalog import item, resolved

SHOPS = CatalogIndex([
    item("baecker", "weizenbroetchen", "Weizenbrötchen"),
    item("baecker", "mohnbroetchen", "Mohnbrötchen"),
    item("baecker", "berliner-pflaume", "Berliner mit Pflaumenmus"),
    item("baecker", "berliner-eierlikoer", "Berliner mit Eierlikörfüllung"),
    item("baecker", "lebkuchen", "Lebkuchen, schokoliert", label="Beutel"),
    item("muehle", "blaumohn", "Blaumohn, 250 g", label="Packung", size="250 g"),
    item("fleischer", "blutwurst", "Thüringer Blutwurst", unit="kg", label=None),
    item("fleischer", "kesselfleisch", "Kesselfleisch (Schweinebauch, gekocht)", unit="kg", label=None),
    item("fleischer", "wiener", "Wiener Würstchen, Paar", label="Paar"),
    item("hof", "gans", "Weihnachtsgans, bratfertig", unit="kg", label=None),
    item("hof", "eier-10", "Freilandeier, 10 Stück", label="Schachtel", size="10 Stück"),
    item("hof", "butter", "Landbutter, 250 g", label="Stück", size="250 g"),
    item("hof", "milch", "Frischmilch, 1 l", label="Flasche", size="1 l"),
    item("hof", "buttermilch", "Buttermilch, 0,5 l", label="Flasche", size="0,5 l"),
    item("fischer", "forelle-geraeuchert", "Forelle, geräuchert", label="Stück"),
    item("fischer", "forellenkaviar", "Forellenkaviar", label="Glas", size="50 g"),
    item("imker", "kerze-stumpen", "Bienenwachskerze, Stumpen 6 × 10 cm"),
    item("getraenke", "sekt", "Sekt halbtrocken, 0,75 l", label="Flasche", size="0,75 l"),
])


def test_a_first_f_for_pf_and_worscht_are_undone_where_a_known_word_results():
    assert "pfund" in respellings("fund")
    assert "blutwurst" in respellings("blutworscht")
    assert read("ä halbes fund blutworscht").content == "ein halbes pfund blutwurst"
    assert resolved("ä halbes fund blutworscht", SHOPS) == [("blutwurst", Decimal("0.25"))]  # half a pound
    # the respelt word may be one the lexicon knows: Pfefferkuchen are Lebkuchen
    assert resolved("zwee beutel fefferkuchen", SHOPS) == [("lebkuchen", Decimal(2))]


def test_the_old_counts_mandel_and_stiege():
    assert parse_quantity("ne mandel", None).amount == 15
    assert resolved("ne mandel berliner mit pflaumenmus", SHOPS) == [("berliner-pflaume", Decimal(15))]
    assert resolved("und vom hof noch ne stiege eier", SHOPS) == [("eier-10", Decimal(2))]
    # "Mandel" before other goods is their kind, a Stiege of fruit is a crate (found in review)
    pastry = CatalogIndex([item("baecker", "mandelhoernchen", "Mandelhörnchen"),
                           item("obst", "erdbeeren", "Erdbeeren", label="Stiege")])
    assert resolved("zwei mandel hörnchen", pastry) == [("mandelhoernchen", Decimal(2))]
    assert resolved("eine stiege erdbeeren", pastry) == [("erdbeeren", Decimal(1))]


def test_a_number_of_pairs():
    q = parse_quantity("6", "paar")
    assert q.amount == 6 and q.container == "Paar"
    assert resolved("die wiener lieber 6 paar", SHOPS) == [("wiener", Decimal(6))]
    assert resolved("ein paar wiener", SHOPS) == []  # a few: asked, not guessed


def test_so_um_die_five_kilos_rum_is_about_five_kilos():
    assert resolved("ne gans bratfertich so um de fünf kilo rum", SHOPS) == [("gans", Decimal(5))]


def test_half_and_half_of_a_count_is_two_kinds():
    assert resolved("12 berliner, halb pflaume halb eierlikör", SHOPS) == [
        ("berliner-pflaume", Decimal(6)), ("berliner-eierlikoer", Decimal(6))]
    assert resolved("11 berliner halb pflaume halb eierlikör", SHOPS) == []  # odd: no guess at the halves


def test_goods_with_talk_after_or_before_them():
    assert resolved("zwee räucherforellen für mein mann der isst das abends zum bier", SHOPS) == [
        ("forelle-geraeuchert", Decimal(2))]
    assert resolved("eine dicke stumpenkerze aus bienenwachs", SHOPS) == [("kerze-stumpen", Decimal(1))]
    # a scrap left by the cut names nothing ("man" is no Mandel, "gross glas" no goods)
    assert resolved("kann man am 24. noch liefern lassen? is ja kein feiertag", SHOPS) == []


def test_a_phrase_after_von_that_names_goods_or_only_talk_is_no_shop():
    assert resolved("und n glas kaviar von der forelle für die schnittchen", SHOPS) == [
        ("forellenkaviar", Decimal(1))]
    groups = [g for g in extract_groups(read("meine frau macht sonst immer das telefon die is heut beim friseur").content,
                                        SHOPS) if g.get("product")]
    assert all(r.reason == "not_found" for r in resolve_items(groups, SHOPS))  # no "Den Laden kenne ich nicht"


def test_a_kind_said_alone_after_goods_is_their_compound_even_where_it_ends_another():
    assert resolved("10 brötchen normal + 4 mohn", SHOPS) == [("weizenbroetchen", Decimal(10)),
                                                          ("mohnbroetchen", Decimal(4))]
    # goods of their own stay so: "1 Butter" after "2 l Milch" is no Buttermilch
    assert ("butter", Decimal(1)) in resolved("2 l milch, 1 butter", SHOPS)


def test_lexicon_words_of_this_round():
    assert resolved("ein kilo wellfleisch", SHOPS) == [("kesselfleisch", Decimal(1))]
    assert resolved("zwee flaschen rotkäppchen", SHOPS) == [("sekt", Decimal(2))]


def test_remarks_after_the_goods_end_them():
    assert read("ach die bratwürste doch nur 10 sonst bleibt wieder die hälfte").content == \
        "ach die bratwürste doch nur 10"
    assert read("die wiener lieber 6 paar, kommen doch mehr").content == "die wiener lieber 6 paar"
    assert read("doch lieber apfel kirsch statt quitte, chef mag keine quitten").content == \
        "doch lieber apfel kirsch statt quitte"


def test_doch_nich_removes_and_the_cart_is_cleared_in_other_words():
    assert read("die neujahrskuchen doch nich, oma hat ihr eisen wieder").has(Act.REMOVAL)
    assert read("schneeschieber doch nich, nachbar leiht mir seinen").has(Act.REMOVAL)
    assert read("vergessen Sie das bitte alles").has(Act.CLEAR)
    assert read("ich fange nochmal neu an").has(Act.CLEAR)
    assert keyword_intent("ich fange nochmal neu an") != Intent.REPEAT
    assert keyword_intent("nochmal bitte") == Intent.REPEAT


def test_an_ordinal_that_counts_holidays_picks_no_window():
    labels = ["Freitag, 27. Dezember, 9–12 Uhr", "Freitag, 27. Dezember, 16–19 Uhr"]
    assert pick_choice("ach das is ja der zweite feiertag ne dann freitag früh", labels) != 1
    assert pick_choice("den zweiten bitte", labels) == 1


def test_questions_and_later_said_in_other_words_order_nothing():
    assert read("Binden Sie eigentlich auch alte Kränze neu?").has(Act.PRODUCT_QUESTION)
    assert read("Räuchern Sie auch Aal?").has(Act.PRODUCT_QUESTION)
    asked = read("met darf man ab 16 oder ab 18 kaufen? frag nur")
    assert asked.has(Act.AGE_QUESTION) and "met" not in asked.content
    assert read("muss beim glühwein einer von uns 18 sein oder wie läuft das?").has(Act.AGE_QUESTION)
    assert read("ich muss noch 2 flaschen sekt haben").content == "ich muss noch 2 flaschen sekt haben"
    for later in ("Gut, den Liefertermin mache ich dann nächste Woche aus.", "passt so. wann liefern klär ich noch"):
        said = read(later)
        assert said.has(Act.LATER) and said.content == ""
    assert read("Danke, bis morgen.").content == ""


def test_short_words_of_talk_stand_for_no_longer_goods():
    assert resolved("den termin mache ich dann aus", SHOPS) == []
    assert resolved("ach wissen sie was", SHOPS) == []


def test_what_the_review_found_misread():
    """A report-only review of this round's rules found these; each was misread before its fix."""
    assert not read("Ein Pfund Gouda, gern was mit Alter").has(Act.AGE_QUESTION)  # aged cheese
    assert not read("Kann ich die am Mittwoch ab 16 abholen?").has(Act.AGE_QUESTION)  # a time of day
    assert not read("Brezeln von Terstegen, es müssen schon 18 sein").has(Act.AGE_QUESTION)
    assert not read("Legen Sie auch Petersilie dazu.").has(Act.PRODUCT_QUESTION)  # an order
    assert not read("Den Liefertermin mache ich für nächste Woche, am Dienstag").has(Act.LATER)
    fish = CatalogIndex([item("fisch", "forellenkaviar", "Forellenkaviar", label="Glas")])
    assert resolved("1 glas kaviar vom lachs", fish) == []  # no Forellenkaviar for salmon roe
