"""nlu.resolution.items: order groups → items with quantities (or questions); rule-based groups."""

from decimal import Decimal as D

import pytest

from nlu.resolution.catalog_index import CatalogIndex, CatalogItem, ShopInfo
from nlu.resolution.items import ItemResolution, extract_groups, readback, resolve_items
from nlu.resolution.products import match_shop
from tests.support.sample_catalog import ITEMS, SHOPS, sample_index

IX = sample_index()


def g(product=None, quantity=None, unit=None, shop=None):
    return {"product": product, "quantity": quantity, "unit": unit, "shop": shop}


def one(group, index=IX, **kw) -> ItemResolution:
    [r] = resolve_items([group], index, **kw)
    return r


# ---- resolve_items -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "group, pid, qty, text",
    [
        (g("milch", "zwei", "liter", "hof schulze"), "frischmilch", "2", "2 Flaschen Frischmilch vom Hof Schulze"),
        (g("frischmilch", "zwei", "flaschen", "vom hof wienker"), "frischmilch", "2",
         "2 Flaschen Frischmilch vom Hof Wienker"),
        (g("brötchen", "sechs"), "weizenbroetchen", "6", "6 Weizenbrötchen von der Bäckerei Musterfrau"),
        (g("butter", "ein halbes", "kilo"), "butter", "2", "2 Packungen Butter vom Hof Wienker"),
        (g("hackfleisch", "ein", "pfund"), "hackfleisch", "0.5",
         "500 Gramm Hackfleisch gemischt von der Metzgerei Terstegen"),
        (g("hack", "ein pfund"), "hackfleisch", "0.5", "500 Gramm Hackfleisch gemischt von der Metzgerei Terstegen"),
        (g("gouda", "200", "gramm"), "gouda", "0.2", "200 Gramm Gouda von der Käserei Brockhoff"),
        (g("kartoffeln", "2,5", "kilo"), "kartoffeln", "2.5", "2,5 Kilo Kartoffeln vom Hof Schulze"),
        (g("kartoffeln", "zweieinhalb", "kilo"), "kartoffeln", "2.5", "2,5 Kilo Kartoffeln vom Hof Schulze"),
        (g("spätburgunder", "eine", "flasche"), "spaetburgunder", "1",
         "1 Flasche Spätburgunder trocken vom Weinhandel König"),
        (g("mettwurst", "dreimal"), "mettwurst", "3", "3 Mettwurst von der Metzgerei Terstegen"),
        (g("vollkornbrot"), "vollkornbrot", "1", "1 Laib Vollkornbrot von der Bäckerei Musterfrau"),
        (g("eier", "zwei", "packungen"), "eier", "2", "2 Packungen Eier vom Hof Schulze"),
        (g("eier", "zwanzig"), "eier", "2", "2 Packungen Eier vom Hof Schulze"),
        (g("voll korn brot", "zwei"), "vollkornbrot", "2", "2 Laibe Vollkornbrot von der Bäckerei Musterfrau"),
    ],
)
def test_resolved(group, pid, qty, text):
    r = one(group)
    assert r.resolved and r.status == "resolved", r.question
    assert r.item.product_id == pid
    assert r.quantity == D(qty) and str(r.quantity) == qty
    assert r.readback == text
    assert r.question is None and not r.sold_out


def test_no_shop_two_farms_asks():
    r = one(g("milch", "zwei", "liter"))
    assert r.status == "ask" and r.reason == "ambiguous_shop"
    assert r.question == "Frischmilch gibt es beim Hof Schulze und beim Hof Wienker. Von welchem Hof?"
    assert {c.shop_id for c in r.candidates} == {"hof-schulze", "hof-wienker"}


def test_kind_shop_narrows_but_still_asks():
    r = one(g("milch", shop="vom hof"))
    assert r.reason == "ambiguous_shop"
    assert r.question.endswith("Von welchem Hof?")


def test_kind_shop_unique():
    r = one(g("mett", "ein pfund", shop="vom metzger"))
    assert r.resolved and r.item.product_id == "mett" and r.quantity == D("0.5")


def test_not_found():
    r = one(g("schinken", "zwei"))
    assert r.reason == "not_found" and r.question == "Schinken habe ich leider nicht im Angebot."


def test_not_found_with_suggestion():
    ix = CatalogIndex([i for i in ITEMS if i.product_id != "butter"], SHOPS)
    r = one(g("butter"), ix)
    assert r.reason == "not_found" and [c.name for c in r.candidates] == ["Butterkuchen"]


def test_ambiguous_product():
    r = one(g("käse", "200", "gramm"))
    assert r.reason == "ambiguous_product" and r.question.startswith("Meinten Sie ")


def test_no_product():
    r = one(g(None, "zwei"))
    assert r.reason == "no_product" and r.question == "Was möchten Sie bestellen?"


def test_unknown_shop_asks():
    r = one(g("milch", "zwei", "liter", "hof meier"))
    assert r.reason == "unknown_shop"
    assert r.question == ("Den Laden „Hof Meier“ kenne ich leider nicht. "
                          "Bei welchem Geschäft möchten Sie Milch bestellen?")


def test_explicit_shop_not_selling_it_asks():
    r = one(g("mettwurst", shop="hof schulze"))
    assert r.reason == "shop_mismatch"
    assert r.question == ("Mettwurst gibt es nicht beim Hof Schulze, aber bei der Metzgerei Terstegen. "
                          "Soll ich es dort nehmen?")
    assert [c.product_id for c in r.candidates] == ["mettwurst"]


@pytest.mark.parametrize(
    "group, code",
    [
        (g("gouda"), "ask_amount"),  # kg item without quantity
        (g("gouda", "zwei"), "unit_mismatch"),
        (g("butter", "300", "gramm"), "not_whole"),
        (g("brötchen", "ein paar"), "vague"),
        (g("milch", "ein halber", "liter", "hof schulze"), "not_whole"),
        (g("eier", "zwölf"), "not_whole"),
    ],
)
def test_quantity_questions(group, code):
    r = one(group)
    assert r.status == "ask" and r.reason == "quantity"
    assert r.item is not None and r.problem is not None and r.problem.code == code
    assert r.question == r.problem.question


def test_quantity_question_texts():
    assert one(g("gouda")).question == "Wie viel Gouda möchten Sie? Zum Beispiel 200 Gramm oder ein Pfund."
    assert one(g("brötchen", "ein paar")).question == "Wie viele Weizenbrötchen genau?"


def test_sold_out_resolves_with_notice():
    r = one(g("ziegenkäse", "200", "gramm"))
    assert r.resolved and r.sold_out
    assert r.notice == "Ziegenkäse von der Käserei Brockhoff ist gerade ausverkauft."


# ---- shop carry-over ---------------------------------------------------------------------------


def test_shop_carries_to_following_item_it_sells():
    rs = resolve_items([g("butter", "ein halbes", "kilo", "hof wienker"), g("milch", "zwei", "liter")], IX)
    assert all(r.resolved for r in rs)
    assert rs[1].readback == "2 Flaschen Frischmilch vom Hof Wienker"


def test_shop_does_not_carry_to_item_it_does_not_sell():
    rs = resolve_items([g("milch", "zwei", "liter", "hof schulze"), g("brötchen", "sechs")], IX)
    assert [r.readback for r in rs] == ["2 Flaschen Frischmilch vom Hof Schulze",
                                        "6 Weizenbrötchen von der Bäckerei Musterfrau"]


def test_shop_does_not_carry_backwards():
    rs = resolve_items([g("milch", "zwei", "liter"), g("eier", shop="hof schulze")], IX)
    assert rs[0].reason == "ambiguous_shop" and rs[1].resolved


def test_own_shop_wins_over_carried_shop():
    rs = resolve_items([g("milch", shop="hof schulze"), g("milch", shop="hof wienker")], IX)
    assert [r.item.shop_id for r in rs] == ["hof-schulze", "hof-wienker"]


def test_later_shop_replaces_carried_shop():
    rs = resolve_items([g("milch", shop="hof schulze"), g("butter", shop="hof wienker"), g("milch")], IX)
    assert [r.item.shop_id for r in rs] == ["hof-schulze", "hof-wienker", "hof-wienker"]


def test_default_shop_applies_when_it_sells_it():
    r = one(g("milch", "zwei", "liter"), default_shop="hof-wienker")
    assert r.resolved and r.item.shop_id == "hof-wienker"
    r2 = one(g("brötchen"), default_shop="hof-wienker")
    assert r2.resolved and r2.item.shop_id == "baeckerei-musterfrau"


def test_default_shop_as_shop_match():
    r = one(g("milch"), default_shop=match_shop("vom hof schulze", IX))
    assert r.item.shop_id == "hof-schulze"


def test_readback_function():
    milk = IX.get("hof-schulze", "frischmilch")
    assert readback(milk, D(1), IX) == "1 Flasche Frischmilch vom Hof Schulze"
    assert readback(milk, D(3)) == "3 Flaschen Frischmilch vom Hof Schulze"


# ---- extract_groups ----------------------------------------------------------------------------


@pytest.mark.parametrize("index", [None, IX])
def test_extract_groups_example(index):
    text = "äh ja ich hätte gern zwei liter milch vom hof schulze und sechs brötchen"
    assert extract_groups(text, index) == [
        g("milch", "zwei", "liter", "hof schulze"),
        g("brötchen", "sechs"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ein pfund hack, 200 gramm gouda sowie eine flasche spätburgunder",
         [g("hack", "ein", "pfund"), g("gouda", "200", "gramm"), g("spätburgunder", "eine", "flasche")]),
        ("und noch dreimal mettwurst bitte", [g("mettwurst", "dreimal")]),
        ("vom hof wienker ein halbes kilo butter und zwei liter milch",
         [g("butter", "ein halbes", "kilo", "hof wienker"), g("milch", "zwei", "liter")]),
        ("2,5 kilo kartoffeln und ein paar brötchen danke",
         [g("kartoffeln", "2,5", "kilo"), g("brötchen", "ein paar")]),
        ("zwei liter milch dazu sechs brötchen",
         [g("milch", "zwei", "liter"), g("brötchen", "sechs")]),
        ("milch zwei liter", [g("milch", "zwei", "liter")]),
        ("brötchen sechs stück", [g("brötchen", "sechs", "stück")]),
        ("ein vollkornbrot", [g("vollkornbrot", "ein")]),
        ("vollkornbrot", [g("vollkornbrot")]),
        ("zwei dutzend eier", [g("eier", "zwei dutzend")]),
        ("zweieinhalb kilo kartoffeln", [g("kartoffeln", "zweieinhalb", "kilo")]),
        ("Zwei Liter Milch, sechs Brötchen.", [g("milch", "zwei", "liter"), g("brötchen", "sechs")]),
        ("eine mettwurst bei terstegen und ein pfund hack",
         [g("mettwurst", "eine", None, "terstegen"), g("hack", "ein", "pfund")]),
        ("beim hof schulze zwei liter milch", [g("milch", "zwei", "liter", "hof schulze")]),
        ("das wars danke", []),
        ("", []),
    ],
)
def test_extract_groups(text, expected):
    assert extract_groups(text, IX) == expected


def test_extract_groups_unknown_shop_kept_for_the_question():
    assert extract_groups("zwei liter milch vom hof meier", IX) == [g("milch", "zwei", "liter", "hof meier")]


def test_extract_groups_von_in_product_name_with_index():
    ix = CatalogIndex([CatalogItem("m", "Metzgerei M", "f", "Filet vom Rind", (), None, "kg", None, None, 100)])
    assert extract_groups("ein pfund filet vom rind", ix) == [g("filet vom rind", "ein", "pfund")]


def test_extract_groups_bare_von_without_index_is_not_a_shop():
    assert extract_groups("ein pfund filet von rind") == [g("filet von rind", "ein", "pfund")]


def test_extract_groups_und_inside_product_name():
    ix = CatalogIndex([CatalogItem("s", "Laden S", "c", "Salz und Pfeffer Chips", (), None, "piece", None, None, 100)])
    assert extract_groups("zwei salz und pfeffer chips", ix) == [g("salz und pfeffer chips", "zwei")]
    assert extract_groups("zwei salz und pfeffer chips") == [g("salz", "zwei"), g("pfeffer chips")]


def test_extract_groups_shop_only_segment_attaches_to_previous():
    assert extract_groups("zwei liter milch und zwar vom hof schulze", IX) == [
        g("milch", "zwei", "liter", "hof schulze")
    ]


def test_extract_then_resolve_end_to_end():
    text = "äh ja ich hätte gern zwei liter milch vom hof schulze und sechs brötchen"
    rs = resolve_items(extract_groups(text, IX), IX)
    assert [r.readback for r in rs] == ["2 Flaschen Frischmilch vom Hof Schulze",
                                        "6 Weizenbrötchen von der Bäckerei Musterfrau"]
    assert [(r.item.product_id, str(r.quantity)) for r in rs] == [("frischmilch", "2"), ("weizenbroetchen", "6")]


# ---- robustness: what the NLU left in the product text, normalised entity values ------------------


def test_quantity_and_shop_left_in_product_text():
    r = one(g("zwei liter milch vom hof schulze"))
    assert r.resolved and r.readback == "2 Flaschen Frischmilch vom Hof Schulze"


def test_shop_left_in_product_text_with_quantity_given():
    r = one(g("milch vom hof wienker", "drei"))
    assert r.resolved and r.readback == "3 Flaschen Frischmilch vom Hof Wienker"


def test_number_in_product_name_is_not_a_quantity():
    ix = CatalogIndex([CatalogItem("b", "Bäckerei B", "acht", "Acht Korn Brot", (), None, "piece", "Laib", None, 400)])
    r = one(g("acht korn brot", "zwei"), ix)
    assert r.resolved and r.quantity == 2 and r.item.product_id == "acht"


@pytest.mark.parametrize(
    "quantity, unit, expected",
    [("2", "l", "2"), ("2", "liter", "2"), ("0.5", "kg", None), ("500", "g", None), ("1", None, "1")],
)
def test_normalised_entity_values(quantity, unit, expected):
    r = one(g("milch", quantity, unit, "hof schulze"))
    if expected is None:
        assert r.reason == "quantity" and r.problem.code == "unit_mismatch"
    else:
        assert r.resolved and str(r.quantity) == expected


def test_partitive_von_dem_is_not_a_shop():
    assert extract_groups("dann noch zwei flaschen von dem spätburgunder", IX) == [
        g("spätburgunder", "zwei", "flaschen")
    ]


def test_ellipsis_takes_previous_product():
    text = "noch eine flasche milch vom wienker und zwei von schulze"
    gs = extract_groups(text, IX)
    assert gs == [g("milch", "eine", "flasche", "wienker"), g("milch", "zwei", "flasche", "schulze")]
    rs = resolve_items(gs, IX)
    assert [r.readback for r in rs] == ["1 Flasche Frischmilch vom Hof Wienker", "2 Flaschen Frischmilch vom Hof Schulze"]


def test_ellipsis_in_nlu_groups():
    rs = resolve_items([g("milch", "eine", "flasche", "wienker"), g(None, "zwei", None, "schulze")], IX)
    assert [r.readback for r in rs] == ["1 Flasche Frischmilch vom Hof Wienker", "2 Flaschen Frischmilch vom Hof Schulze"]


@pytest.mark.parametrize(
    "text, readbacks",
    [
        ("ja hallo ich möchte bitte ein kilo kartoffeln und ein pfund gehacktes vom metzger",
         ["1 Kilo Kartoffeln vom Hof Schulze", "500 Gramm Hackfleisch gemischt von der Metzgerei Terstegen"]),
        ("ich nehme ein halbes pfund butter", ["1 Packung Butter vom Hof Wienker"]),
        ("zwei mal butterkuchen und einmal mettwurst bitte",
         ["2 Butterkuchen von der Bäckerei Musterfrau", "1 Mettwurst von der Metzgerei Terstegen"]),
        ("eine packung eier vom hof schulze sowie anderthalb kilo kartoffeln",
         ["1 Packung Eier vom Hof Schulze", "1,5 Kilo Kartoffeln vom Hof Schulze"]),
        ("250 gramm gouda am stück", ["250 Gramm Gouda von der Käserei Brockhoff"]),
        ("und dazu noch sechs brötchen vom bäcker", ["6 Weizenbrötchen von der Bäckerei Musterfrau"]),
        ("ich brauche einen laib vollkornbrot", ["1 Laib Vollkornbrot von der Bäckerei Musterfrau"]),
        ("zweieinhalb kilo kartoffeln vom hof", ["2,5 Kilo Kartoffeln vom Hof Schulze"]),
        ("ähm drei vollkornbrote", ["3 Laibe Vollkornbrot von der Bäckerei Musterfrau"]),
        ("äh zwo liter frisch milch vom hof wienker", ["2 Flaschen Frischmilch vom Hof Wienker"]),
    ],
)
def test_utterances_end_to_end(text, readbacks):
    rs = resolve_items(extract_groups(text, IX), IX)
    assert [r.readback for r in rs] == readbacks


@pytest.mark.parametrize(
    "text, expected",
    [
        ("zwei liter milch vom hof schulze für samstag", [g("milch", "zwei", "liter", "hof schulze")]),
        ("bitte liefern sie mir morgen früh sechs brötchen", [g("brötchen", "sechs")]),
        ("für samstag ein pfund hack und um 10 uhr zwei brötchen",
         [g("hack", "ein", "pfund"), g("brötchen", "zwei")]),
    ],
)
def test_when_words_are_not_products(text, expected):
    assert extract_groups(text, IX) == expected


def _catalog_of(*products: CatalogItem) -> CatalogIndex:
    return CatalogIndex(list(products), [ShopInfo("getraenke", "Getränke Hinz", "retailer")])


def _drink(pid: str, name: str, label: str, size: str | None, aliases: tuple[str, ...] = ()) -> CatalogItem:
    return CatalogItem("getraenke", "Getränke Hinz", pid, name, aliases, "Wasser", "piece", label, size, 59)


def test_the_container_said_picks_the_crate_even_where_an_alias_names_the_bottle():
    bottle = _drink("wasser-07", "Mineralwasser Medium 0,7 l", "Flasche", "0,7 l", ("Sprudel medium",))
    crate = _drink("wasser-kasten", "Mineralwasser Medium, Kasten 12 × 0,7 l", "Kasten", None)
    index = _catalog_of(bottle, crate)
    res = one(g("sprudel medium", "2", "kästen"), index=index)
    assert res.resolved and res.item.product_id == "wasser-kasten" and res.quantity == D(2)
    res = one(g("sprudel medium", "2", "flaschen"), index=index)
    assert res.resolved and res.item.product_id == "wasser-07"


def test_words_before_an_amount_inside_the_goods_are_not_the_goods():
    res = resolve_items(extract_groups("ich möchte zum Valentinstag 6 Brötchen", IX), IX)
    assert [(r.item.product_id, r.quantity) for r in res if r.resolved] == [("weizenbroetchen", D(6))]


def test_mit_alone_names_no_goods():
    res = resolve_items(extract_groups("ich bin das nicht so gewohnt mit dem Telefon", IX), IX)
    assert not any(r.resolved or r.reason == "ambiguous_product" for r in res)


def test_packs_said_by_their_count_are_packs():
    from nlu.reading import read
    assert read("und zwei sechserpackungen eier").content == "und zwei packungen 6er eier"
    assert "sechser träger" in read("ein sechser träger pils").content  # the drinks carrier stays itself


def _cake(pid: str, name: str, label: str, shop: str = "cafe") -> CatalogItem:
    return CatalogItem(shop, "Café Hummel", pid, name, (), "Kuchen", "piece", label, None, 290)


CAKES = (_cake("kaese-stueck", "Käsekuchen, Stück", "Stück"),
         _cake("kaese-ganz", "Käsekuchen, ganz (12 Stücke)", "Kuchen"),
         _cake("torte-stueck", "Schwarzwälder Kirschtorte, Stück", "Stück"),
         _cake("torte-ganz", "Schwarzwälder Kirschtorte, ganz (16 Stücke)", "Torte"))


@pytest.mark.parametrize(("said", "expected"), [
    ("1 Käsekuchen ganz", "kaese-ganz"),
    ("einen ganzen Käsekuchen", "kaese-ganz"),
    ("2 Stück Käsekuchen", "kaese-stueck"),
    ("zwei Torten Schwarzwälder", "torte-ganz"),
    ("zwei Stück Schwarzwälder Kirsch", "torte-stueck"),
])
def test_the_portion_said_picks_the_piece_or_the_whole_cake(said, expected):
    index = _catalog_of(*CAKES)
    res = resolve_items(extract_groups(said, index), index)
    assert [r.item.product_id for r in res if r.resolved] == [expected]


def test_a_cake_said_without_its_portion_is_asked_about():
    index = _catalog_of(*CAKES)
    res = resolve_items(extract_groups("zwei Käsekuchen", index), index)
    assert [r.reason for r in res] == ["ambiguous_product"]
    assert {c.product_id for c in res[0].candidates} == {"kaese-stueck", "kaese-ganz"}


def _fish(pid: str, name: str) -> CatalogItem:
    return CatalogItem("forellen", "Forellenzucht Kemmler", pid, name, (), "Fisch", "piece", "Stück", None, 650)


def test_a_compound_said_head_first_is_the_compound():
    index = _catalog_of(_fish("regenbogen", "Regenbogenforelle frisch, ausgenommen"),
                        _fish("bach", "Bachforelle frisch, ausgenommen"), _fish("kaviar", "Forellenkaviar"))
    res = resolve_items(extract_groups("2 Forellen frisch (Regenbogen)", index), index)
    assert [(r.item.product_id, r.quantity) for r in res if r.resolved] == [("regenbogen", D(2))]


def test_words_after_a_comma_that_tell_the_goods_apart_stay_with_them():
    coffee = CatalogItem("cafe", "Café Hummel", "kaffee", "Hausröstung Kaffee, gemahlen", ("Kaffee",), "Kaffee",
                         "piece", "Packung", "500 g", 990)
    butter = CatalogItem("hof", "Hofladen", "butter", "Butter", (), "Milch", "piece", "Stück", "250 g", 320)
    milk = CatalogItem("hof", "Hofladen", "milch", "Vollmilch", ("Milch",), "Milch", "piece", "Flasche", "1 l", 120)
    index = _catalog_of(coffee, butter, milk)
    res = resolve_items(extract_groups("ein Pfund Kaffee, gemahlen.", index), index)
    assert [(r.item.product_id, r.quantity) for r in res if r.resolved] == [("kaffee", D(1))]
    res = resolve_items(extract_groups("Milch, Butter", index), index)
    assert [r.item.product_id for r in res if r.resolved] == ["milch", "butter"]


def test_a_shop_named_finds_its_own_goods_by_the_words_said():
    eggs_market = CatalogItem("markt", "Marktstand", "eier-markt", "Eier vom Hof Hailfinger, 10er", (), "Eier",
                              "piece", "Schachtel", "10 Stück", 320)
    own10 = CatalogItem("schmauder", "Hofladen Schmauder", "eier-10", "Freilandeier 10er", (), "Eier", "piece",
                        "Schachtel", "10 Stück", 340)
    own6 = CatalogItem("schmauder", "Hofladen Schmauder", "eier-6", "Freilandeier 6er", (), "Eier", "piece",
                       "Schachtel", "6 Stück", 210)
    index = _catalog_of(eggs_market, own10, own6)
    res = resolve_items(extract_groups("10er Eier vom Schmauder", index), index)
    assert [(r.item.product_id, r.quantity) for r in res if r.resolved] == [("eier-10", D(1))]


def test_a_crate_of_the_same_bottles_is_chosen_by_the_bottle_size():
    from nlu.resolution.quantity import Quantity
    from nlu.resolution.variants import in_container_said
    bottle = _drink("pils-05", "Pils, Flasche 0,5 l", "Flasche", "0,5 l")
    crates = [_drink("pils-k05", "Pils, Kasten 20 × 0,5 l", "Kasten", "10 l"),
              _drink("pils-k033", "Pils, Kasten 24 × 0,33 l", "Kasten", "7,92 l")]
    crate = in_container_said(bottle, Quantity(D(1), "piece", "Kasten", "ein kasten"), lambda: [bottle, *crates])
    assert crate is not None and crate.product_id == "pils-k05"


def test_this_not_that_and_a_negated_yes_are_read_as_such():
    from nlu.reading import Act, read
    assert read("sorry, mehlig, nicht festkochend").has(Act.CORRECTION)
    assert read("das passt nicht").has(Act.DENY) and not read("das passt nicht").has(Act.CONFIRM)
    assert read("ja passt so").has(Act.CONFIRM)
    assert read("ja danke schön ade").has(Act.GOODBYE)


def _item(shop: str, pid: str, name: str, unit: str = "piece", label: str | None = "Stück",
          size: str | None = None) -> CatalogItem:
    return CatalogItem(shop, shop.title(), pid, name, (), "Waren", unit, label, size, 100)


def _resolved(text: str, index: CatalogIndex) -> list[tuple[str, D]]:
    from nlu.reading import read
    return [(r.item.product_id, r.quantity) for r in resolve_items(extract_groups(read(text).content, index), index)
            if r.resolved]


def test_what_is_said_to_be_unwanted_is_not_taken():
    index = _catalog_of(_item("bading", "lw-glas", "Hausschlachte Leberwurst im Glas", label="Glas", size="300 g"),
                        _item("bading", "lw-fein", "Leberwurst fein, frisch", unit="kg", label=None),
                        _item("hinz", "medium-15", "Mineralwasser medium, 1,5 l PET", label="Flasche", size="1,5 l"),
                        _item("hinz", "medium-kasten", "Mineralwasser medium, Kasten 12 × 0,75 l Glas", label="Kasten"))
    assert _resolved("ein viertel pfund leberwurst die frische nich die im glas", index) == [("lw-fein", D("0.125"))]
    assert _resolved("6 Flaschen Mineralwasser medium, keinen Kasten", index) == [("medium-15", D(6))]


def test_packing_said_plainly_and_bottle_sizes_said_by_size_words():
    index = _catalog_of(_item("hinz", "sp-15", "Mineralwasser spritzig, 1,5 l PET", label="Flasche", size="1,5 l"),
                        _item("hinz", "sp-glas", "Mineralwasser spritzig, Kasten 12 × 0,75 l Glas", label="Kasten"),
                        _item("hinz", "sp-pet", "Mineralwasser spritzig, Kasten 9 × 1,0 l PET", label="Kasten"),
                        _item("hinz", "pils", "Altmärker Pils, Kasten 20 × 0,5 l", label="Kasten"),
                        _item("hinz", "pils-klein", "Altmärker Pils, Kasten 24 × 0,33 l", label="Kasten"))
    assert _resolved("zwei kästen wasser spritzig in plastik", index) == [("sp-pet", D(2))]
    assert _resolved("n kasten pils die kleinen flaschen", index) == [("pils-klein", D(1))]


def test_the_amount_chooses_between_a_bag_and_a_sack_of_the_trade():
    index = _catalog_of(
        _item("wendt", "k-25", "Kartoffeln festkochend, 2,5-kg-Beutel", label="Beutel", size="2,5 kg"),
        _item("wendt", "k-10", "Kartoffeln festkochend, 10-kg-Sack", label="Sack", size="10 kg"),
        _item("wendt", "kv-25", "Kartoffeln vorwiegend festkochend, 2,5-kg-Beutel", label="Beutel", size="2,5 kg"),
        _item("wendt", "kv-10", "Kartoffeln vorwiegend festkochend, 10-kg-Sack", label="Sack", size="10 kg"))
    assert _resolved("zehn kilo kartoffeln festkochend", index) == [("k-10", D(1))]
    assert _resolved("fünf kilo kartoffeln festkochend", index) == [("k-25", D(2))]


def test_spoken_figures_pick_the_variant():
    index = _catalog_of(_item("hof", "m15", "H-Milch 1,5 %", label="Packung", size="1 l"),
                        _item("hof", "m35", "H-Milch 3,5 %", label="Packung", size="1 l"))
    assert _resolved("zwei h milch eins komma fünf", index) == [("m15", D(2))]
    assert _resolved("drei liter h milch die dreieinhalb", index) == [("m35", D(3))]


def test_the_lexicon_reads_a_misspelt_word_and_a_regional_compound():
    index = _catalog_of(_item("kiechle", "lauch", "Lauch", label="Stange"),
                        _item("dorf", "aprikose", "Aprikosenkonfitüre 450 g", label="Glas", size="450 g"))
    assert _resolved("1 Poree", index) == [("lauch", D(1))]
    assert _resolved("1 Glas Marillenmarmelade", index) == [("aprikose", D(1))]


def test_a_hesitation_between_the_shop_and_the_amount_keeps_the_shop():
    groups = extract_groups("und vom fleischer äh ein pfund hackepeter", None)
    assert groups[0]["product"] == "hackepeter" and groups[0]["shop"] == "fleischer"


def test_empties_and_price_questions_are_read_as_such():
    from nlu.reading import Act, read
    assert read("Die leeren Kästen gebe ich mit.").content == ""
    assert read("wie viel Pfand kostet ein Kasten Schwarzbier").has(Act.PRODUCT_QUESTION)
    assert read("entschuldigung ich bin nich mehr so schnell").content == ""


def test_a_describing_word_and_a_typo_still_find_the_goods():
    index = _catalog_of(_item("fahr", "vollmilch", "Frische Vollmilch 3,5 %", label="Packung", size="1 l"),
                        _item("fahr", "h-milch", "H-Milch 1,5 %", label="Packung", size="1 l"),
                        _item("fahr", "kaffee", "Röstkaffee gemahlen", label="Packung", size="500 g"))
    assert _resolved("2 liter frische milch", index) == [("vollmilch", D(2))]
    assert _resolved("a packung kaffe", index) == [("kaffee", D(1))]


def test_the_shop_named_before_the_goods_ends_where_the_goods_begin():
    index = _catalog_of(_item("metzgerei-kraus", "roulade", "Rinderrouladen", unit="kg", label=None),
                        _item("metzgerei-kraus", "lw", "Hausmacher Leberwurst im Glas", label="Glas", size="200 g"))
    said = "ich brauche vom Metzger Rinderrouladen, 4 Stück, zusammen ungefähr 800 g, und 1 Glas Leberwurst"
    assert _resolved(said, index) == [("roulade", D("0.8")), ("lw", D(1))]


def test_a_size_word_before_the_label_and_a_regional_name():
    index = _catalog_of(_item("schmitt", "h250", "Blütenhonig, 250 g", label="Glas", size="250 g"),
                        _item("schmitt", "h500", "Blütenhonig, 500 g", label="Glas", size="500 g"),
                        _item("wurzelwerk", "quark", "Speisequark 20 %", label="Becher", size="250 g"))
    assert _resolved("ein kleines Glas Blütenhonig vom Schmitt", index) == [("h250", D(1))]
    assert _resolved("und an becher weißen kees", index) == [("quark", D(1))]


def test_a_shop_said_before_the_talk_stays_with_the_goods():
    index = _catalog_of(_item("hofladen-schmitt", "frischmilch", "Frischmilch vom Hof", label="Flasche", size="1 l"),
                        _item("dorfladen-fahr", "h-milch", "H-Milch 1,5 %", label="Packung", size="1 l"))
    assert _resolved("hallo ähm ja also vom hof schmitt bräucht i an liter milch", index) == [("frischmilch", D(1))]


def test_a_count_after_the_size_and_the_packing_after_the_goods():
    index = _catalog_of(_item("ziesche", "h250", "Blütenhonig 250 g", label="Glas", size="250 g"),
                        _item("ziesche", "h500", "Blütenhonig 500 g", label="Glas", size="500 g"))
    assert _resolved("Blütenhonig 250g x2", index) == [("h250", D(2))]
    assert _resolved("ein Blütenhonig im kleinen Glas", index) == [("h250", D(1))]


def test_hours_said_back_are_a_time_not_goods():
    from nlu.reading import read
    for said in ("Ja, 9–12 passt.", "ja neun bis zwölf ja gut", "16 bis 19 Uhr passt"):
        reading = read(said)
        assert reading.when and reading.content == "", said
    assert read("2-3 Brötchen").content == "2-3 Brötchen"


def test_pieces_then_what_they_weigh_together_and_a_holiday_named_in_passing():
    index = _catalog_of(_item("bleher", "rostbraten", "Rostbraten vom Alb-Rind", unit="kg", label=None),
                        _item("ruoff", "hefezopf", "Hefezopf", label="Stück", size="500 g"))
    assert _resolved("an rostbrate vier scheibe so ungefähr achthundert gramm", index) == [("rostbraten", D("0.8"))]
    assert _resolved("i hätt gern für oschtern an hefezopf", index) == [("hefezopf", D(1))]


def test_an_hour_said_in_words_is_a_time():
    from nlu.reading import read
    assert read("ja so um fünfe passt").when and read("ja so um fünfe passt").content == ""
    assert read("um zwei brötchen").content == "um zwei brötchen"
