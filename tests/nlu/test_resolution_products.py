"""nlu.resolution.products + catalog_index: product and shop matching against the live catalog."""


import cologne_phonetics
import pytest

from nlu.resolution.catalog_index import CatalogIndex, CatalogItem, first_letter_group, phonetic
from nlu.resolution.products import (
    Ambiguous,
    NotFound,
    Resolved,
    ShopMatch,
    match_product,
    match_shop,
    shop_dative,
    shop_from,
)
from tests.support.sample_catalog import ITEMS, SHOPS, sample_index

IX = sample_index()


def mk(shop_id, shop_name, pid, name, unit="piece", aliases=(), category=None, label=None, size=None,
       available=True, is_service=False):
    return CatalogItem(shop_id, shop_name, pid, name, tuple(aliases), category, unit, label, size, 100,
                       is_service, available)


def only(*items):
    return CatalogIndex(items)


def resolved_id(m):
    assert isinstance(m, Resolved), m
    return (m.item.shop_id, m.item.product_id)


# ---- straightforward matches ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, shop, pid",
    [
        ("butter", "hof-wienker", "butter"),
        ("Butter", "hof-wienker", "butter"),
        ("die butter bitte", "hof-wienker", "butter"),
        ("butterkuchen", "baeckerei-musterfrau", "butterkuchen"),
        ("butter kuchen", "baeckerei-musterfrau", "butterkuchen"),
        ("mett", "metzgerei-terstegen", "mett"),
        ("mettwurst", "metzgerei-terstegen", "mettwurst"),
        ("mett wurst", "metzgerei-terstegen", "mettwurst"),
        ("hack", "metzgerei-terstegen", "hackfleisch"),
        ("hackfleisch", "metzgerei-terstegen", "hackfleisch"),
        ("hackfleisch gemischt", "metzgerei-terstegen", "hackfleisch"),
        ("gemischtes hackfleisch", "metzgerei-terstegen", "hackfleisch"),
        ("vollkornbrot", "baeckerei-musterfrau", "vollkornbrot"),
        ("voll korn brot", "baeckerei-musterfrau", "vollkornbrot"),
        ("vollkorn brot", "baeckerei-musterfrau", "vollkornbrot"),
        ("vollkornbrote", "baeckerei-musterfrau", "vollkornbrot"),
        ("weizenbrötchen", "baeckerei-musterfrau", "weizenbroetchen"),
        ("weizen brötchen", "baeckerei-musterfrau", "weizenbroetchen"),
        ("weizenbroetchen", "baeckerei-musterfrau", "weizenbroetchen"),
        ("weizenbrotchen", "baeckerei-musterfrau", "weizenbroetchen"),
        ("brötchen", "baeckerei-musterfrau", "weizenbroetchen"),  # alias
        ("broetchen", "baeckerei-musterfrau", "weizenbroetchen"),
        ("brotchen", "baeckerei-musterfrau", "weizenbroetchen"),
        ("spätburgunder trocken", "weingut-koenig", "spaetburgunder"),
        ("spätburgunder", "weingut-koenig", "spaetburgunder"),
        ("spaetburgunder", "weingut-koenig", "spaetburgunder"),
        ("spät burgunder", "weingut-koenig", "spaetburgunder"),
        ("trockener spätburgunder", "weingut-koenig", "spaetburgunder"),
        ("eier", "hof-schulze", "eier"),
        ("ei", "hof-schulze", "eier"),
        ("kartoffeln", "hof-schulze", "kartoffeln"),
        ("kartoffel", "hof-schulze", "kartoffeln"),
        ("gouda", "kaeserei-brockhoff", "gouda"),
        ("torte auf bestellung", "baeckerei-musterfrau", "torte"),  # services match too
    ],
)
def test_resolves(text, shop, pid):
    assert resolved_id(match_product(text, IX)) == (shop, pid)


def test_exact_kind_and_score():
    m = match_product("butter", IX)
    assert m.kind == "exact" and m.score == 100 and not m.needs_confirmation
    a = match_product("hack", IX)
    assert a.kind == "alias"


@pytest.mark.parametrize(
    "text, pid",
    [
        ("vollkornbrod", "vollkornbrot"),
        ("voll korn brod", "vollkornbrot"),
        ("gauda", "gouda"),
        ("hackfleisch gemist", "hackfleisch"),
        ("spätburgunda", "spaetburgunder"),
        ("spaetburgunda trocken", "spaetburgunder"),
        ("weitzenbrötchen", "weizenbroetchen"),
        ("kartofeln", "kartoffeln"),
        ("butterkuchn", "butterkuchen"),
        ("metwurst", "mettwurst"),
    ],
)
def test_misheard_words(text, pid):
    m = match_product(text, IX)
    assert isinstance(m, Resolved), m
    assert m.item.product_id == pid
    assert m.kind in ("fuzzy", "phonetic", "words", "exact")


def test_misheard_frischmilch_is_still_ambiguous_between_farms():
    m = match_product("fisch milch", IX)
    assert isinstance(m, Ambiguous) and m.by_shop
    assert {c.shop_id for c in m.candidates} == {"hof-schulze", "hof-wienker"}


def test_fuzzy_match_asks_for_confirmation_when_weak():
    m = match_product("gauda", IX)
    assert m.needs_confirmation


# ---- Butter ≠ Butterkuchen, Mett ≠ Mettwurst (both ways, with and without the other) ----------


BUTTER = mk("a", "Hof A", "butter", "Butter", size="250 g", label="Packung")
BUTTERKUCHEN = mk("b", "Bäckerei B", "butterkuchen", "Butterkuchen")
METT = mk("m", "Metzgerei M", "mett", "Mett", unit="kg")
METTWURST = mk("m", "Metzgerei M", "mettwurst", "Mettwurst")


@pytest.mark.parametrize("query", ["butter", "Butter", "die butter", "buttern"])
def test_butter_is_never_butterkuchen_when_both_exist(query):
    m = match_product(query, only(BUTTER, BUTTERKUCHEN))
    assert resolved_id(m) == ("a", "butter")


def test_butterkuchen_is_never_butter_when_both_exist():
    assert resolved_id(match_product("butterkuchen", only(BUTTER, BUTTERKUCHEN))) == ("b", "butterkuchen")


@pytest.mark.parametrize("query", ["butter", "buter", "butta"])
def test_butter_does_not_silently_become_butterkuchen_when_only_that_exists(query):
    m = match_product(query, only(BUTTERKUCHEN))
    assert not isinstance(m, Resolved)


def test_butter_when_only_butterkuchen_suggests_it():
    m = match_product("butter", only(BUTTERKUCHEN))
    assert isinstance(m, NotFound)
    assert [i.name for i in m.suggestions] == ["Butterkuchen"]
    assert m.question == "Butter habe ich leider nicht gefunden. Meinten Sie Butterkuchen?"


def test_butterkuchen_when_only_butter_exists_is_not_butter():
    m = match_product("butterkuchen", only(BUTTER))
    assert isinstance(m, NotFound)
    assert [i.name for i in m.suggestions] == ["Butter"]


def test_mett_vs_mettwurst_both_exist():
    ix = only(METT, METTWURST)
    assert resolved_id(match_product("mett", ix)) == ("m", "mett")
    assert resolved_id(match_product("mettwurst", ix)) == ("m", "mettwurst")


def test_mettwurst_is_never_mett_when_only_mett_exists():
    m = match_product("mettwurst", only(METT))
    assert isinstance(m, NotFound) and [i.name for i in m.suggestions] == ["Mett"]


def test_mett_is_never_mettwurst_when_only_mettwurst_exists():
    m = match_product("mett", only(METTWURST))
    assert isinstance(m, NotFound) and [i.name for i in m.suggestions] == ["Mettwurst"]


def test_brot_is_not_broetchen():
    ix = only(mk("b", "Bäckerei B", "weizenbroetchen", "Weizenbrötchen"), mk("b", "Bäckerei B", "broetchen", "Brötchen"))
    assert not isinstance(match_product("brot", ix), Resolved)


def test_more_specific_query_is_not_resolved_to_broader_product():
    m = match_product("bio frischmilch", IX)
    assert isinstance(m, NotFound)
    assert m.suggestions and m.suggestions[0].name == "Frischmilch"


def test_unknown_compound_with_known_head_suggests():
    m = match_product("körnerbrötchen", IX)
    assert isinstance(m, NotFound) and m.suggestions[0].name == "Weizenbrötchen"


# ---- compound heads, categories ---------------------------------------------------------------


def test_head_of_compound_matches_milch():
    m = match_product("milch", IX, shop_hint="hof-schulze")
    assert resolved_id(m) == ("hof-schulze", "frischmilch")


def test_head_match_without_alias():
    ix = only(mk("h", "Hof H", "frischmilch", "Frischmilch"))
    m = match_product("milch", ix)
    assert isinstance(m, Resolved) and m.kind == "head" and m.needs_confirmation


def test_head_match_several_products_asks():
    ix = only(mk("b", "Bäckerei B", "w", "Weizenbrötchen"), mk("b", "Bäckerei B", "r", "Roggenbrötchen"))
    m = match_product("brötchen", ix)
    assert isinstance(m, Ambiguous) and not m.by_shop
    assert m.question == "Meinten Sie Roggenbrötchen oder Weizenbrötchen?"


def test_category_word_asks_between_products():
    m = match_product("käse", IX)
    assert isinstance(m, Ambiguous)
    assert {c.name for c in m.candidates} == {"Gouda", "Ziegenkäse"}


def test_short_coincidental_suffix_is_not_a_head():
    ix = only(mk("x", "Laden X", "reis", "Reis"))
    assert not isinstance(match_product("eis", ix), Resolved)


# ---- ambiguity ---------------------------------------------------------------------------------


def test_same_product_two_shops_no_shop_named():
    m = match_product("frischmilch", IX)
    assert isinstance(m, Ambiguous) and m.by_shop
    assert m.question == "Frischmilch gibt es beim Hof Schulze und beim Hof Wienker. Von welchem Hof?"
    assert [c.shop_id for c in m.candidates] == ["hof-schulze", "hof-wienker"]


def test_same_product_two_shops_via_alias_milch():
    m = match_product("milch", IX)
    assert isinstance(m, Ambiguous)
    assert m.question == "Frischmilch gibt es beim Hof Schulze und beim Hof Wienker. Von welchem Hof?"


@pytest.mark.parametrize("hint", ["hof-wienker", {"hof-wienker"}, ["hof-wienker"]])
def test_shop_hint_decides(hint):
    assert resolved_id(match_product("frischmilch", IX, shop_hint=hint)) == ("hof-wienker", "frischmilch")


def test_shop_hint_as_shop_match():
    sm = match_shop("vom hof wienker", IX)
    assert resolved_id(match_product("milch", IX, shop_hint=sm)) == ("hof-wienker", "frischmilch")


def test_shop_hint_for_shop_not_selling_it_falls_back_to_catalog():
    m = match_product("mettwurst", IX, shop_hint="hof-schulze")
    assert resolved_id(m) == ("metzgerei-terstegen", "mettwurst")


def test_mixed_shop_kinds_question():
    ix = only(mk("hof-a", "Hof Arens", "m", "Frischmilch"), mk("b", "Bäckerei Beck", "m", "Frischmilch"),
              mk("t", "Terstegen", "m", "Frischmilch"))
    m = match_product("frischmilch", ix)
    assert m.question == ("Frischmilch gibt es bei der Bäckerei Beck, beim Hof Arens und bei Terstegen. "
                          "Von welchem Geschäft?")


def test_many_shops_lists_at_most_four():
    ix = only(*[mk(f"h{i}", f"Hof {n}", "m", "Frischmilch") for i, n in
                enumerate(["Arens", "Beckmann", "Cordes", "Dirks", "Esser", "Feldmann"])])
    m = match_product("frischmilch", ix)
    assert isinstance(m, Ambiguous) and len(m.candidates) == 6
    assert m.question.count("beim Hof") == 4
    assert m.question.endswith("Von welchem Hof?")


def test_many_products_lists_at_most_four():
    kinds = ["Weizen", "Roggen", "Dinkel", "Mohn", "Sesam", "Laugen"]
    ix = only(*[mk("b", "Bäckerei B", k.lower(), f"{k}brötchen") for k in kinds])
    m = match_product("brötchen", ix)
    assert isinstance(m, Ambiguous) and len(m.candidates) == 6
    assert m.question.startswith("Da gibt es mehrere: ")
    assert m.question.count("brötchen") == 4


def test_ambiguous_products_and_shops_name_shops():
    ix = only(mk("h1", "Hof Eins", "w", "Weizenbrötchen"), mk("h2", "Hof Zwei", "w", "Weizenbrötchen"),
              mk("b", "Bäckerei B", "r", "Roggenbrötchen"))
    m = match_product("brötchen", ix)
    assert isinstance(m, Ambiguous) and not m.by_shop
    assert "Roggenbrötchen von der Bäckerei B" in m.question


# ---- availability ------------------------------------------------------------------------------


def test_sold_out_resolves_flagged():
    m = match_product("ziegenkäse", IX)
    assert isinstance(m, Resolved) and m.sold_out


def test_available_preferred_over_sold_out_same_product():
    ix = only(mk("h1", "Hof Eins", "m", "Frischmilch", available=False), mk("h2", "Hof Zwei", "m", "Frischmilch"))
    assert resolved_id(match_product("frischmilch", ix)) == ("h2", "m")


def test_sold_out_not_dropped_in_favour_of_other_product():
    ix = only(mk("k", "Käserei K", "g", "Gouda", category="Käse"),
              mk("k", "Käserei K", "z", "Ziegenkäse", category="Käse", available=False))
    m = match_product("käse", ix)
    assert isinstance(m, Ambiguous) and len(m.candidates) == 2


# ---- not found ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["schinken", "fahrrad", "xyz"])
def test_not_found(text):
    m = match_product(text, IX)
    assert isinstance(m, NotFound)
    assert m.question.endswith("habe ich leider nicht im Angebot.")


@pytest.mark.parametrize("text", ["", None, "äh ja bitte"])
def test_empty_product_text(text):
    m = match_product(text, IX)
    assert isinstance(m, NotFound) and m.question == "Welches Produkt meinen Sie?"


# ---- index: live catalog ------------------------------------------------------------------------


def test_rebuilt_index_matches_new_product_at_once():
    assert isinstance(match_product("apfelsaft", IX), NotFound)
    new = mk("hof-schulze", "Hof Schulze", "apfelsaft", "Apfelsaft", unit="l")
    ix2 = CatalogIndex(ITEMS + (new,), SHOPS, revision="r2")
    assert resolved_id(match_product("apfelsaft", ix2)) == ("hof-schulze", "apfelsaft")
    assert ix2.revision == "r2"


def test_index_basics():
    assert len(IX) == len(ITEMS)
    assert IX.get("hof-schulze", "frischmilch").name == "Frischmilch"
    assert IX.get("hof-schulze", "nope") is None
    assert IX.shop_name("hof-schulze") == "Hof Schulze"
    assert IX.shop_name("unknown") == "unknown"
    assert {i.product_id for i in IX.items_of_shop("metzgerei-terstegen")} == {"mettwurst", "mett", "hackfleisch"}
    assert "butterkuch" in set(IX.keys_with_prefix("butter"))
    assert "frischmilch" in set(IX.keys_with_suffix("milch"))


def test_index_shops_from_items_or_tuples():
    ix = CatalogIndex([mk("s1", "Hof Eins", "p", "Milch")], shops=[("s2", "Bäckerei Zwei")])
    assert set(ix.shops) == {"s1", "s2"}
    assert ix.shop_name("s2") == "Bäckerei Zwei"


def test_same_name_and_alias_dedupe():
    ix = only(mk("s", "S", "p", "Milch", aliases=("milch", "Milch")))
    assert resolved_id(match_product("milch", ix)) == ("s", "p")


@pytest.mark.parametrize("word", ["butterkuchen", "frischmilch", "gouda", "spatburgunder", "weizenbrotchen", "x"])
def test_phonetic_is_cologne_phonetics(word):
    assert phonetic(word) == "".join(c for _, c in cologne_phonetics.encode(word))


def test_first_letter_groups():
    assert first_letter_group("butter") == first_letter_group("putter")
    assert first_letter_group("gouda") == first_letter_group("kouda")
    assert first_letter_group("apfel") == first_letter_group("ofen")
    assert first_letter_group("milch") != first_letter_group("nilch")
    assert first_letter_group("") == ""


def test_matching_still_finds_the_right_product_in_a_big_catalog():
    """Correctness at scale (speed is measured by benchmarks/resolution.py, not asserted here)."""
    from benchmarks.resolution import synthetic_catalog

    items, shops = synthetic_catalog(20_000)
    ix = CatalogIndex(items, shops)
    for item in items[:: len(items) // 7][:7]:
        result = match_product(item.name.lower(), ix, shop_hint=(item.shop_id,))
        found = [result.item] if isinstance(result, Resolved) else list(getattr(result, "candidates", ()))
        assert any(f.name == item.name and f.shop_id == item.shop_id for f in found), (item.name, result)
    assert isinstance(match_product("xyzzy", ix), NotFound)


# ---- shops ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected, kind",
    [
        ("vom hof schulze", ("hof-schulze",), "name"),
        ("hof schulze", ("hof-schulze",), "name"),
        ("beim schulze", ("hof-schulze",), "name"),
        ("schulze", ("hof-schulze",), "name"),
        ("vom hof schultze", ("hof-schulze",), "name"),  # misheard
        ("beim wienker", ("hof-wienker",), "name"),
        ("bei terstegen", ("metzgerei-terstegen",), "name"),
        ("von der metzgerei terstegen", ("metzgerei-terstegen",), "name"),
        ("bei der bäckerei musterfrau", ("baeckerei-musterfrau",), "name"),
        ("von musterfrau", ("baeckerei-musterfrau",), "name"),
        ("vom metzger", ("metzgerei-terstegen",), "kind"),
        ("beim fleischer", ("metzgerei-terstegen",), "kind"),
        ("vom bäcker", ("baeckerei-musterfrau",), "kind"),
        ("beim baecker", ("baeckerei-musterfrau",), "kind"),
        ("vom hof", ("hof-schulze", "hof-wienker"), "kind"),
        ("vom bauern", ("hof-schulze", "hof-wienker"), "kind"),
        ("beim winzer", ("weingut-koenig",), "kind"),
        ("aus der käserei", ("kaeserei-brockhoff",), "kind"),
    ],
)
def test_match_shop(text, expected, kind):
    sm = match_shop(text, IX)
    assert isinstance(sm, ShopMatch), text
    assert sm.shop_ids == expected and sm.kind == kind
    assert sm.unique == (len(expected) == 1)
    assert sm.shop_id == (expected[0] if len(expected) == 1 else None)


@pytest.mark.parametrize("text", ["vom hof meier", "bei müller", "", None, "vom", "beim"])
def test_match_shop_none(text):
    assert match_shop(text, IX) is None


def test_match_shop_strict_needs_every_word():
    assert match_shop("hof schulze ein kilo butter", IX, strict=True) is None
    assert match_shop("hof schulze", IX, strict=True).shop_ids == ("hof-schulze",)


def test_kind_word_plus_name_prefers_that_kind():
    ix = CatalogIndex([mk("h", "Hof Schulze", "p", "Milch"), mk("b", "Bäckerei Schulze", "q", "Brot")])
    assert match_shop("vom hof schulze", ix).shop_ids == ("h",)
    assert match_shop("bei der bäckerei schulze", ix).shop_ids == ("b",)
    assert set(match_shop("beim schulze", ix).shop_ids) == {"h", "b"}


def test_shop_kind_from_categories():
    ix = CatalogIndex([mk("x", "Familie Hüls", "w", "Mettwurst", category="Wurst")])
    assert match_shop("vom metzger", ix).shop_ids == ("x",)


@pytest.mark.parametrize(
    "name, dative, source",
    [
        ("Hof Schulze", "beim Hof Schulze", "vom Hof Schulze"),
        ("Bäckerei Musterfrau", "bei der Bäckerei Musterfrau", "von der Bäckerei Musterfrau"),
        ("Metzgerei Terstegen", "bei der Metzgerei Terstegen", "von der Metzgerei Terstegen"),
        ("Weinhandel König", "beim Weinhandel König", "vom Weinhandel König"),
        ("Hofladen Lütke", "beim Hofladen Lütke", "vom Hofladen Lütke"),
        ("Weingut Kemper", "beim Weingut Kemper", "vom Weingut Kemper"),
        ("Terstegen", "bei Terstegen", "von Terstegen"),
        ("Imkerei Rengers", "bei der Imkerei Rengers", "von der Imkerei Rengers"),
    ],
)
def test_shop_phrases(name, dative, source):
    assert shop_dative(name) == dative
    assert shop_from(name) == source


# ---- big-catalog blocking ------------------------------------------------------------------------


def test_blocked_fuzzy_search_still_finds_misheard_words(monkeypatch):
    import nlu.resolution.catalog_index as ci

    monkeypatch.setattr(ci, "FULL_SCAN_MAX", 0)  # behave like a catalog with >15 000 names
    ix = sample_index()
    assert resolved_id(match_product("vollkornbrod", ix)) == ("baeckerei-musterfrau", "vollkornbrot")
    assert resolved_id(match_product("gauda", ix)) == ("kaeserei-brockhoff", "gouda")
    assert resolved_id(match_product("kartofeln", ix)) == ("hof-schulze", "kartoffeln")
    assert isinstance(match_product("fisch milch", ix), Ambiguous)
    assert isinstance(match_product("butter", only(BUTTERKUCHEN)), NotFound)


def test_fuzzy_pool_length_window(monkeypatch):
    import nlu.resolution.catalog_index as ci

    monkeypatch.setattr(ci, "FULL_SCAN_MAX", 0)
    ix = only(*[mk("s", "S", f"p{i}", n) for i, n in enumerate(["Brot", "Brötchen", "Bratwurst", "Vollkornbrot",
                                                                    "Butterkuchenmitstreuseln"])])
    pool = ix.fuzzy_pool("brotchen", 80)
    assert "brotch" in pool and "bratwurst" in pool
    assert "butterkuchenmitstreuseln" not in pool  # too long for ratio ≥ 80
    assert "vollkornbrot" not in pool  # other first-letter sound group


def test_scores_are_memoised_per_index():
    ix = sample_index()
    first = match_product("vollkornbrod", ix)
    assert "vollkornbrod" in ix.__dict__["_score_cache"]
    assert match_product("vollkornbrod", ix) == first


def test_head_needs_a_real_modifier():
    ix = only(mk("m", "Metzgerei M", "bw", "Bratwurst vom Schwein"), mk("w", "Weinhandel W", "rw", "Rotwein"))
    assert resolved_id(match_product("wein", ix)) == ("w", "rw")  # Rot|wein, not Sch|wein
    ix2 = only(mk("m", "Metzgerei M", "bw", "Bratwurst vom Schwein"))
    assert not isinstance(match_product("wein", ix2), Resolved)


@pytest.mark.parametrize(
    "text, pid",
    [("gehacktes", "hackfleisch"), ("gemischtes gehacktes", "hackfleisch"), ("semmeln", "weizenbroetchen"),
     ("schrippen", "weizenbroetchen"), ("erdäpfel", "kartoffeln")],
)
def test_regional_synonyms(text, pid):
    assert match_product(text, IX).item.product_id == pid


def test_index_from_catalog_document():
    import yaml

    doc = yaml.safe_load("""
format: kiepe-catalog/1
shops:
  - id: baeckerei-musterfrau
    name: Bäckerei Musterfrau
    kind: retailer
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
""")
    ix = CatalogIndex.from_catalog(doc, revision=3)
    brot = ix.get("baeckerei-musterfrau", "roggenmischbrot")
    assert (brot.price_cents, brot.label, brot.size, brot.aliases) == (410, "Laib", "1 kg", ("Mischbrot", "Graubrot"))
    assert ix.get("baeckerei-musterfrau", "tortenbestellung").is_service
    assert resolved_id(match_product("graubrot", ix)) == ("baeckerei-musterfrau", "roggenmischbrot")
    assert resolved_id(match_product("käse brötchen", ix)) == ("baeckerei-musterfrau", "kaesebroetchen")
    assert match_shop("vom bäcker", ix).shop_ids == ("baeckerei-musterfrau",)
    assert ix.revision == 3


def test_weak_guess_at_hinted_shop_does_not_beat_clear_match_elsewhere():
    ix = only(mk("h", "Hof H", "rw", "Rinderwurst"), mk("m", "Metzgerei M", "rsw", "Rindswurst"))
    assert resolved_id(match_product("rindswurst", ix, shop_hint="h")) == ("m", "rsw")
    assert resolved_id(match_product("rinderwurst", ix, shop_hint="m")) == ("h", "rw")
    ix2 = only(mk("h", "Hof H", "g", "Gouda"), mk("k", "Käserei K", "g", "Gouda"))
    assert resolved_id(match_product("gauda", ix2, shop_hint="h")) == ("h", "g")


@pytest.mark.parametrize(
    "text, pid",
    [("frisches vollkornbrot", "vollkornbrot"), ("leckere mettwurst", "mettwurst"), ("schöne kartoffeln", "kartoffeln"),
     ("frische eier", "eier")],
)
def test_praise_adjectives_are_ignored(text, pid):
    assert match_product(text, IX).item.product_id == pid


def test_bio_still_tells_products_apart():
    ix = only(mk("h", "Hof H", "fm", "Frischmilch"), mk("h", "Hof H", "bfm", "Bio Frischmilch"))
    assert resolved_id(match_product("bio frischmilch", ix)) == ("h", "bfm")
    assert resolved_id(match_product("frischmilch", ix)) == ("h", "fm")
