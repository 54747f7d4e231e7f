"""Resolution of real utterances found by the conversation replays: glued units, packs of one
product in several sizes, context around the items, labels said as units, split compounds,
services with extra words, shop names, vague amounts and self-corrections."""

from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from nlu.resolution.catalog_index import CatalogIndex, CatalogItem, ShopInfo
from nlu.resolution.items import extract_groups, resolve_items
from nlu.resolution.products import (
    Ambiguous,
    Resolved,
    match_product,
    match_shop,
)
from nlu.resolution.quantity import Problem, find_quantity, parse_quantity
from tests.support.sample_catalog import sample_index

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = sample_index()


def _load(path: str) -> CatalogIndex:
    return CatalogIndex.from_catalog(yaml.safe_load((ROOT / path).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def demo() -> CatalogIndex:
    return _load("data/muensterland.yml")


@pytest.fixture(scope="module")
def teck() -> CatalogIndex:
    return _load("tests/fixtures/catalogs/tecklenburg.yml")


SHOPS = (
    ShopInfo("hof-a", "Hof Kleine-Vennekate", "direct_marketer"),
    ShopInfo("hof-b", "Hof Brockmann", "direct_marketer"),
    ShopInfo("kaese", "Käsehaus Wienker", "retailer"),
    ShopInfo("metzger", "Metzgerei Brüning", "retailer"),
    ShopInfo("wein", "Weinhandlung Hagedorn", "retailer"),
    ShopInfo("rad", "Fahrradwerkstatt Kettelhoit", "service_provider"),
    ShopInfo("gitarre", "Gitarrenschule Rottmann", "service_provider"),
    ShopInfo("blumen", "Blumenhaus Wessendorf", "retailer"),
    ShopInfo("fisch", "Fisch Vogelsang", "retailer"),
    ShopInfo("baecker", "Bäckerei Uphoff", "retailer"),
)
_N = {s.shop_id: s.name for s in SHOPS}


def _it(shop, pid, name, unit="piece", *, aliases=(), category=None, label=None, size=None, service=False):
    return CatalogItem(shop, _N[shop], pid, name, tuple(aliases), category, unit, label, size, 100, service)


ITEMS = (
    _it("hof-a", "eier-10er", "Eier", aliases=("Freilandeier",), category="Eier", label="Packung", size="10 Stück"),
    _it("hof-a", "eier-6er", "Eier", aliases=("Freilandeier",), category="Eier", label="Packung", size="6 Stück"),
    _it("hof-a", "kartoffeln", "Kartoffeln", "kg", category="Gemüse"),
    _it("hof-b", "vollmilch", "Vollmilch", aliases=("Milch",), category="Milch", label="Flasche", size="1 l"),
    _it("hof-b", "vollmilch-klein", "Vollmilch", category="Milch", label="Flasche", size="0,5 l"),
    _it("hof-b", "quark", "Quark", category="Milch", label="Becher", size="500 g"),
    _it("kaese", "gouda-jung", "Gouda jung", "kg", aliases=("junger Gouda",), category="Käse"),
    _it("kaese", "bergkaese", "Allgäuer Bergkäse", "kg", category="Käse"),
    _it("metzger", "fleischwurst", "Fleischwurst", aliases=("Lyoner",), category="Wurst", label="Ring", size="400 g"),
    _it("metzger", "grobe-bratwurst", "Grobe Bratwurst", aliases=("Bratwurst",), category="Wurst", label="Stück",
        size="150 g"),
    _it("metzger", "kochwurst", "Kochwurst", category="Wurst", label="Stück"),
    _it("metzger", "wiener", "Wiener Würstchen", aliases=("Wiener", "Würstchen"), category="Wurst", label="Packung",
        size="6 Stück"),
    _it("metzger", "hack", "Hackfleisch gemischt", "kg", aliases=("Hack",), category="Fleisch"),
    _it("wein", "spaetburgunder", "Spätburgunder trocken", aliases=("Spätburgunder",), category="Rotwein",
        label="Flasche", size="0,75 l"),
    _it("wein", "weinprobe", "Weinprobe (pro Person)", service=True),
    _it("rad", "schlauch-28", "Fahrradschlauch 28 Zoll", aliases=("Fahrradschlauch", "Schlauch"), label="Stück"),
    _it("rad", "schlauch-26", "Fahrradschlauch 26 Zoll", label="Stück"),
    _it("gitarre", "git-30", "Gitarrenunterricht Einzelstunde (30 Minuten)", service=True),
    _it("gitarre", "git-45", "Gitarrenunterricht Einzelstunde (45 Minuten)", service=True),
    _it("blumen", "alpenveilchen", "Alpenveilchen", category="Topfpflanzen", label="Topf"),
    _it("fisch", "bismarck", "Bismarckheringe", category="Fisch", label="Glas"),
    _it("baecker", "weizenbroetchen", "Weizenbrötchen", aliases=("Brötchen",), category="Brötchen"),
    _it("baecker", "kuerbiskernbroetchen", "Kürbiskernbrötchen", category="Brötchen"),
    _it("baecker", "koernerbroetchen", "Körnerbrötchen", category="Brötchen"),
    _it("baecker", "dinkelbroetchen", "Dinkelbrötchen", category="Brötchen"),
    _it("baecker", "butterkuchen", "Butterkuchen", category="Kuchen", label="Stück"),
    _it("hof-b", "butter", "Butter", category="Milch", label="Packung", size="250 g"),
)
IX = CatalogIndex(ITEMS, SHOPS, revision="utterances")


def one(text: str, index: CatalogIndex = IX):
    groups = [g for g in extract_groups(text, index) if g.get("product")]
    res = resolve_items(groups, index)
    assert len(res) == 1, (groups, [r.question for r in res])
    return res[0]


def resolved(text: str, index: CatalogIndex = IX) -> list[tuple[str, str]]:
    groups = [g for g in extract_groups(text, index) if g.get("product")]
    out = []
    for r in resolve_items(groups, index):
        assert r.resolved, (text, groups, r.question)
        out.append((r.item.product_id, str(r.quantity)))
    return out


# ---- 1. glued units -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, amount, unit, container",
    [
        ("200g", "0.2", "kg", None),
        ("1kg", "1", "kg", None),
        ("500g", "0.5", "kg", None),
        ("0,5l", "0.5", "l", None),
        ("0.5l", "0.5", "l", None),
        ("250ml", "0.25", "l", None),
        ("2x", "2", "piece", "mal"),
        ("3 x", "3", "piece", "mal"),
        ("2kg", "2", "kg", None),
    ],
)
def test_parse_quantity_glued_units(text, amount, unit, container):
    q = parse_quantity(text)
    assert q.amount == D(amount) and q.unit == unit and q.container == container


@pytest.mark.parametrize(
    "text, qt, ut, rest",
    [
        ("200g jungen gouda", "200", "g", "jungen gouda"),
        ("1kg tomaten", "1", "kg", "tomaten"),
        ("0,5l sahne", "0,5", "l", "sahne"),
        ("tomaten 1kg", "1", "kg", "tomaten"),
    ],
)
def test_find_quantity_glued_units(text, qt, ut, rest):
    qs = find_quantity(text)
    assert qs is not None and qs.quantity_text == qt and qs.unit_text == ut


@pytest.mark.parametrize(
    "text, product, quantity, unit",
    [
        ("200g jungen Gouda", "jungen gouda", "200", "g"),
        ("1kg Tomaten", "tomaten", "1", "kg"),
        ("500g Hack", "hack", "500", "g"),
        ("0,5l Sahne", "sahne", "0,5", "l"),
        ("2x Brot", "brot", "2 x", None),
        ("Brot 2x", "brot", "2 x", None),
    ],
)
def test_extract_groups_glued_units(text, product, quantity, unit):
    [g] = extract_groups(text, IX)
    assert (g["product"], g["quantity"], g["unit"]) == (product, quantity, unit)


def test_glued_units_resolve():
    assert resolved("200g jungen Gouda") == [("gouda-jung", "0.2")]
    assert resolved("500g Hack") == [("hack", "0.5")]
    assert resolved("2x Butter") == [("butter", "2")]


def test_glued_digits_that_are_no_unit_stay():
    from nlu.resolution.normalize import clean

    assert clean("200g") == "200 g" and clean("0,5l") == "0,5 l" and clean("2x") == "2 x"
    assert clean("10er Packung") == "10er packung"
    assert clean("A4 Papier") == "a4 papier"
    assert clean("Milch 3,5%") == "milch 3,5"


# ---- 2. one product of one shop in several sizes -------------------------------------------------


@pytest.mark.parametrize(
    "text, pid, qty",
    [
        ("ein dutzend eier vom hof kleine vennekate", "eier-6er", "2"),
        ("zwölf eier vom hof kleine vennekate", "eier-6er", "2"),
        ("zehn eier vom hof kleine vennekate", "eier-10er", "1"),
        ("sechs eier vom hof kleine vennekate", "eier-6er", "1"),
        ("zwanzig eier vom hof kleine vennekate", "eier-10er", "2"),
        ("dreißig eier vom hof kleine vennekate", "eier-10er", "3"),
        ("18 Eier vom Hof Kleine-Vennekate", "eier-6er", "3"),
    ],
)
def test_egg_count_picks_the_pack_that_fits(text, pid, qty):
    r = one(text)
    assert r.resolved, r.question
    assert (r.item.product_id, str(r.quantity)) == (pid, qty)


@pytest.mark.parametrize(
    "text",
    [
        "sieben eier vom hof kleine vennekate",
        "eier vom hof kleine vennekate",
        "zwei packungen eier vom hof kleine vennekate",
    ],
)
def test_egg_pack_question_only_when_no_pack_fits(text):
    r = one(text)
    assert r.status == "ask" and r.reason == "ambiguous_product"
    assert r.question == "Möchten Sie die 6er oder die 10er Packung?"
    assert "Hof?" not in r.question
    assert {c.product_id for c in r.candidates} == {"eier-6er", "eier-10er"}


def test_same_shop_same_name_never_asks_which_farm():
    m = match_product("eier", IX, shop_hint="hof-a")
    assert isinstance(m, Ambiguous) and not m.by_shop
    assert "Von welchem" not in m.question


@pytest.mark.parametrize(
    "text, pid, qty",
    [
        ("einen halben liter vollmilch", "vollmilch-klein", "1"),
        ("einen halben Liter Milch", "vollmilch-klein", "1"),
        ("0,5l Vollmilch", "vollmilch-klein", "1"),
        ("zwei liter milch", "vollmilch", "2"),
        ("1 Liter Milch", "vollmilch", "1"),
        ("anderthalb liter vollmilch", "vollmilch-klein", "3"),
    ],
)
def test_milk_size_by_amount(text, pid, qty):
    r = one(text)
    assert r.resolved, r.question
    assert (r.item.product_id, str(r.quantity)) == (pid, qty)


def test_milk_bottle_count_asks_size():
    r = one("eine flasche vollmilch")
    assert r.status == "ask" and r.reason == "ambiguous_product"
    assert "0,5 l" in r.question and "1 l" in r.question


def test_dozen_eggs_demo(demo):
    assert resolved("ähm ein dutzend eier vom hof kleine vennekate", demo) == [("eier-6er", "2")]
    assert resolved("zehn eier vom hof kleine vennekate", demo) == [("eier-10er", "1")]


def test_half_litre_milk_tecklenburg(teck):
    assert resolved("einen halben Liter Milch und einen Becher Quark", teck) == [
        ("vollmilch-klein", "1"), ("quark", "1")]
    assert resolved("guten morgen ich hätte gern zwei liter milch und ein halbes pfund butter vom hof brockmann",
                    teck) == [("vollmilch", "2"), ("butter", "1")]


# ---- 3. context before and around the items -------------------------------------------------------


@pytest.mark.parametrize(
    "text, groups",
    [
        ("also für heute abend hätte ich gern zwei flaschen spät burgunder",
         [("spät burgunder", "zwei", "flaschen")]),
        ("Für Samstagsfrühstück: 4 Croissants, ein Glas Honig",
         [("croissants", "4", None), ("honig", "ein", "glas")]),
        ("Einkaufsliste: 2 kg Kartoffeln", [("kartoffeln", "2", "kg")]),
        ("ich mach am wochenende grünkohl ich brauch zwei kilo grünkohl",
         [("grünkohl", "zwei", "kilo")]),
        ("und dafür 200 g Bergkäse", [("bergkäse", "200", "g")]),
        ("stattdessen 300 g gouda", [("gouda", "300", "g")]),
    ],
)
def test_context_dropped(text, groups):
    got = [(g["product"], g["quantity"], g["unit"]) for g in extract_groups(text, IX)]
    assert got == groups


def test_context_dropped_resolves_demo(demo):
    assert resolved("Für Samstagsfrühstück: 4 Croissants von Terstegen, ein Glas Honig von der Imkerei Wenning, "
                    "einen halben Liter Sahne vom Hof Schulze", demo) == [
        ("buttercroissant", "4"), ("bluetenhonig", "1"), ("schlagsahne", "2")]
    got = resolved("ich mach am wochenende grünkohl ich brauch zwei kilo grünkohl vom hof schulze und äh eine "
                   "packung mettenden und vier kochwürste also ne vier grobe bratwürste von brüning", demo)
    assert got[0] == ("gruenkohl", "2") and got[-1] == ("grobe-bratwurst", "4") and len(got) == 3


def test_time_in_heading_is_not_cut():
    [g] = extract_groups("2 Brötchen um 10:30 Uhr", IX)
    assert g["product"] == "brötchen" and g["quantity"] == "2"


def test_nee_only_amount():
    [g] = extract_groups("äh nee nur vier", IX)
    assert g["product"] is None and g["quantity"] == "vier"


def test_narrative_keeps_items_said_before_the_pronoun():
    assert [g["product"] for g in extract_groups("zwei brötchen hätte ich gern", IX)] == ["brötchen"]
    got = [(g["product"], g["quantity"]) for g in extract_groups("sechs brötchen ich hätte gern noch quark", IX)]
    assert got == [("brötchen", "sechs"), ("quark", None)]


def test_items_without_separator():
    got = [(g["product"], g["quantity"]) for g in extract_groups("sechs brötchen zwei körner brötchen", IX)]
    assert got == [("brötchen", "sechs"), ("körner brötchen", "zwei")]
    # numbers describing the product do not split
    [g] = extract_groups("einen schlauch 28 zoll", IX)
    assert g["product"] == "schlauch 28 zoll"
    [g] = extract_groups("zwei flaschen milch 3,5 prozent", IX)
    assert g["quantity"] == "zwei"


def test_bakery_list_tecklenburg(teck):
    assert resolved("also sechs brötchen zwei körner brötchen und ein teutoburger landbrot von budde", teck) == [
        ("broetchen", "6"), ("koernerbroetchen", "2"), ("landbrot", "1")]


# ---- 4. a label said as the unit ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, pid, qty",
    [
        ("einen ring fleischwurst", "fleischwurst", "1"),
        ("zwei ringe fleischwurst", "fleischwurst", "2"),
        ("einen Topf Alpenveilchen", "alpenveilchen", "1"),
        ("ne flasche spät burgunder", "spaetburgunder", "1"),
        ("nen ring lyoner", "fleischwurst", "1"),
    ],
)
def test_label_as_unit(text, pid, qty):
    r = one(text)
    assert r.resolved, r.question
    assert (r.item.product_id, str(r.quantity)) == (pid, qty)


@pytest.mark.parametrize("group", [
    {"product": "ring fleischwurst", "quantity": "einen"},
    {"product": "ring fleischwurst"},
    {"product": "topf alpenveilchen", "quantity": "zwei"},
])
def test_label_as_unit_in_nlu_groups(group):
    [r] = resolve_items([group], IX)
    assert r.resolved and r.item.product_id in ("fleischwurst", "alpenveilchen"), r.question


def test_ring_alone_is_not_a_herring():
    m = match_product("ring", IX)
    assert not isinstance(m, Resolved) or m.item.product_id != "bismarck"
    assert isinstance(match_product("hering", IX), Resolved)


def test_ring_label_demo(demo):
    assert resolved("einen ring fleischwurst von brüning", demo) == [("fleischwurst", "1")]
    m = match_product("ring", demo)
    assert not (isinstance(m, Resolved) and "hering" in m.item.name.lower())


# ---- 5. split or misheard compounds -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, pid",
    [
        ("kürbis kern brötchen", "kuerbiskernbroetchen"),
        ("kürbiskern brötchen", "kuerbiskernbroetchen"),
        ("körner brötchen", "koernerbroetchen"),
        ("zwei körner brötchen", "koernerbroetchen"),
        ("spät burgunder", "spaetburgunder"),
        ("zwei flaschen spät burgunder", "spaetburgunder"),
    ],
)
def test_split_compounds(text, pid):
    r = one(text)
    assert r.resolved and r.item.product_id == pid, r.question


def test_split_compound_missing_is_not_generic(teck):
    m = match_product("kürbis kern brötchen", teck)
    assert not isinstance(m, Resolved)


def test_butter_and_mett_still_apart():
    assert match_product("butter", IX).item.product_id == "butter"
    assert not isinstance(match_product("butter", SAMPLE, shop_hint="baeckerei-musterfrau"), Resolved) or \
        match_product("butter", SAMPLE, shop_hint="baeckerei-musterfrau").item.product_id != "butterkuchen"
    m = match_product("mett", SAMPLE)
    assert isinstance(m, Resolved) and m.item.product_id == "mett"
    m = match_product("mettwurst", SAMPLE)
    assert isinstance(m, Resolved) and m.item.product_id == "mettwurst"


# ---- 6. services with extra words ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, pid",
    [
        ("gitarrenunterricht einzelstunde fünfundvierzig minuten", "git-45"),
        ("gitarrenunterricht einzelstunde dreißig minuten", "git-30"),
        ("mein sohn möchte gitarrenunterricht ne einzelstunde fünfundvierzig minuten bei rottmann", "git-45"),
        ("einen neuen schlauch achtundzwanzig zoll", "schlauch-28"),
        ("einen schlauch sechsundzwanzig zoll", "schlauch-26"),
        ("Weinprobe bei Hagedorn für 2 Personen", "weinprobe"),
    ],
)
def test_services_with_extra_words(text, pid):
    r = one(text)
    assert r.resolved and r.item.product_id == pid, r.question


def test_wine_tasting_for_two():
    r = one("Weinprobe bei Hagedorn für 2 Personen")
    assert r.quantity == 2 and r.item.shop_id == "wein"


def test_services_demo(demo):
    assert resolved("Ich möchte für meine Tochter eine Einzelstunde Englisch-Nachhilfe beim Lernstudio Bergmann "
                    "buchen", demo) == [("englisch-nachhilfe-einzel", "1")]
    assert resolved("eine einzelstunde englisch nachhilfe beim lernstudio bergmann", demo) == [
        ("englisch-nachhilfe-einzel", "1")]
    assert resolved("mein sohn möchte gitarrenunterricht ne einzelstunde fünfundvierzig minuten bei rottmann",
                    demo) == [("gitarrenunterricht-45", "1")]
    got = resolved("ich bräuchte eine fahrrad inspektion bei kettelhoit und einen neuen schlauch achtundzwanzig zoll",
                   demo)
    assert got[-1] == ("fahrradschlauch-28", "1")


def test_services_tecklenburg(teck):
    assert resolved("ich hab da ein neues handy ich möchte den smartphone kurs für senioren bei averbeck", teck) == [
        ("smartphone-kurs", "1")]
    assert resolved("Kann mir jemand meinen Drucker einrichten? Computerhilfe Averbeck bitte", teck) == [
        ("drucker-einrichten", "1")]
    assert resolved("smartphone kurs", teck) == [("smartphone-kurs", "1")]
    assert resolved("drucker einrichten", teck) == [("drucker-einrichten", "1")]


# ---- 7. shops ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Käsehaus Wienker", "vom käsehaus wienker", "käsehaus wienker", "wienker"])
def test_shop_name_is_no_product(text):
    sm = match_shop(text, IX)
    assert sm is not None and sm.shop_id == "kaese"
    m = match_product(text, IX)
    assert not (isinstance(m, Resolved) and m.item.product_id == "wiener")
    assert all(g["product"] is None or "wien" not in g["product"] for g in extract_groups(text, IX))


def test_shop_name_after_item_is_the_shop():
    [g] = extract_groups("300 g gouda, Käsehaus Wienker", IX)
    assert g["shop"] == "käsehaus wienker" and g["product"] == "gouda"


def test_wiener_still_found():
    m = match_product("wiener würstchen", IX)
    assert isinstance(m, Resolved) and m.item.product_id == "wiener"


def test_shop_phrase_ends_before_fuer():
    [g] = extract_groups("Weinprobe bei Hagedorn für 2 Personen", IX)
    assert g["shop"] == "hagedorn" and g["product"] == "weinprobe" and g["quantity"] == "2"


def test_shop_demo(demo):
    assert match_shop("vom käsehaus wienker", demo).shop_id == "kaesehaus-wienker"
    m = match_product("käsehaus wienker", demo)
    assert not isinstance(m, Resolved)
    assert resolved("Weinprobe bei Hagedorn für 2 Personen", demo) == [("weinprobe", "2")]


# ---- 8. vague amounts -------------------------------------------------------------------------


def test_a_few_rolls_is_a_question():
    r = one("ein paar dinkelbrötchen")
    assert r.status == "ask" and r.reason == "quantity" and r.item.product_id == "dinkelbroetchen"
    assert isinstance(r.problem, Problem) and r.problem.code == "vague"


@pytest.mark.parametrize("answer, n", [("sechs stück", 6), ("6 Stück", 6), ("sechs", 6), ("6 stk", 6),
                                       ("6stk", 6), ("ein dutzend", 12)])
def test_answer_amount(answer, n):
    q = parse_quantity(answer)
    assert q.amount == n and q.unit == "piece"
    qs = find_quantity(answer)
    assert qs is not None and qs.result.amount == n


# ---- 9. self-corrections ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, product, quantity",
    [
        ("vier kochwürste also ne vier grobe bratwürste", "grobe bratwürste", "vier"),
        ("vier kochwürste, also ne, vier grobe bratwürste", "grobe bratwürste", "vier"),
        ("zwei kochwürste nein drei grobe bratwürste", "grobe bratwürste", "drei"),
        ("eine kochwurst ich meine eine grobe bratwurst", "grobe bratwurst", "eine"),
        ("zwei brötchen also ne drei", "brötchen", "drei"),
        ("nicht zwei sondern drei brötchen", "brötchen", "drei"),
    ],
)
def test_self_correction(text, product, quantity):
    [g] = extract_groups(text, IX)
    assert (g["product"], g["quantity"]) == (product, quantity)


def test_self_correction_resolves():
    assert resolved("vier kochwürste also ne vier grobe bratwürste") == [("grobe-bratwurst", "4")]


def test_ne_as_article_is_no_correction():
    got = [(g["product"], g["quantity"], g["unit"]) for g in extract_groups("zwei brötchen und also ne flasche "
                                                                            "spätburgunder", IX)]
    assert got[-1] == ("spätburgunder", "ne", "flasche")
    assert len(got) == 2


def test_nein_danke_is_no_correction():
    [g] = extract_groups("quark nein danke", IX)
    assert g["product"] == "quark"


# ---- corrections and dates around the items -----------------------------------------------------


def test_instead_drops_the_replaced_product():
    [g] = extract_groups("nee, doch lieber einen Grauburgunder statt dem Riesling", IX)
    assert g["product"] == "grauburgunder" and g["quantity"] == "einen"


@pytest.mark.parametrize("text, quantity, unit", [
    ("ach machen sie doch lieber zwei kilo", "zwei", "kilo"),
    ("ach nehmen sie zwei", "zwei", None),
    ("äh nicht zwei kilo sondern drei kilo", "drei", "kilo"),
    ("Mach lieber 2 draus", "2", None),
])
def test_change_phrases_leave_only_the_amount(text, quantity, unit):
    [g] = extract_groups(text, IX)
    assert (g["product"], g["quantity"], g["unit"]) == (None, quantity, unit)


def test_date_is_no_item():
    groups = extract_groups("2 Packungen Quark vom Hof Brockmann, Lieferung am 1.12. vormittags", IX)
    assert [(g["product"], g["quantity"]) for g in groups] == [("quark", "2")]
    [g] = extract_groups("2,5 kilo kartoffeln", IX)
    assert g["quantity"] == "2,5"


def test_people_count_only_outside_a_name(demo):
    assert resolved("Käseplatte für 4 Personen", demo) == [("kaeseplatte", "1")]
    assert resolved("eine käseplatte für 4 personen", demo) == [("kaeseplatte", "1")]
    assert resolved("weinprobe für zwei personen", demo) == [("weinprobe", "2")]
    [r] = resolve_items([{"product": "weinprobe für 2 personen", "shop": "hagedorn"}], demo)
    assert r.resolved and r.quantity == 2


def test_heading_naming_a_shop():
    groups = extract_groups("Hof Brockmann: 2 Liter Milch, einen Becher Quark", IX)
    assert [(g["product"], g["shop"]) for g in groups] == [("milch", "hof brockmann"), ("quark", "hof brockmann")]
    assert resolved("Hof Brockmann: 2 Liter Milch, einen Becher Quark") == [("vollmilch", "2"), ("quark", "1")]


def test_misheard_wine_with_alias_resolves(demo):
    for text in ("spätburgunda", "spät burgunda", "zwei flaschen spät burgunder"):
        [r] = resolve_items(extract_groups(text, demo), demo)
        assert r.resolved and r.item.product_id == "spaetburgunder-trocken", (text, r.question)


def test_nlu_product_that_is_a_shop_name():
    [r] = resolve_items([{"product": "käsehaus wienker"}], IX)
    assert r.status == "ask" and r.reason == "no_product"
    assert r.question == "Was möchten Sie vom Käsehaus Wienker bestellen?"
    # the shop carries to what follows
    r1, r2 = resolve_items([{"product": "käsehaus wienker"}, {"product": "gouda", "quantity": "200", "unit": "g"}], IX)
    assert r2.resolved and r2.item.shop_id == "kaese"
    [r] = resolve_items([{"product": "wiener würstchen", "quantity": "zwei", "unit": "packungen"}], IX)
    assert r.resolved and r.item.product_id == "wiener" and r.quantity == 2
