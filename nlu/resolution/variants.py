"""Choosing between variants of one product by what tells them apart.

A drinks shop lists "Cola, Flasche 1 l" and "Cola, Kasten 12 × 1 l"; a cheese dairy
"Bergkäse mild" and "Bergkäse würzig"; a bakery a Bauernbrot of 500 g and one of 1 kg.
People choose by the words that differ: the container ("ein Kasten Cola"), a figure
("Apfelschorle 0,5", "Emmentaler 12 Monate"), a size word ("die großen", "in klein") or a
kind word ("mehlig", "still"). What nobody said decides nothing: "ein Kasten Weißbier" is
the plain Weißbier, not the alcohol-free one, because "alkoholfrei" was not said.

``narrow(candidates, quantity, said)`` keeps the candidates that fit what was said; it never
returns an empty tuple (when nothing fits, all candidates stay and the dialogue asks).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import TypeGuard

from .catalog_index import CatalogItem
from .lexicon import lexicon
from .normalize import SIZE_NOUN, fold, stem
from .quantity import Quantity, find_quantity, parse_number, parse_size
from .sounds import respellings

__all__ = ["PACKING_SYNONYMS", "WHOLE_WORDS", "against_measure_said", "in_container_said", "narrow", "not_these", "same_goods_of_shop", "portion_of", "said_measure", "said_size_word", "without_size_words"]

# Container words that name the same thing in shops ("Kiste Wasser" is a Kasten).
_SAME_CONTAINER = {
    "kiste": "kasten", "kasten": "kasten", "trager": "kasten", "harass": "kasten",
    "sixpack": "sixpack", "sechserpack": "sixpack", "sechsertrager": "sixpack", "sechser": "sixpack",
    "flasche": "flasche", "pulle": "flasche", "buddel": "flasche",
    "packung": "packung", "pack": "packung", "paket": "packung", "pckg": "packung",
    "glas": "glas", "becher": "becher", "dose": "dose", "netz": "netz", "sack": "sack",
    "beutel": "beutel", "tute": "beutel", "schale": "schale", "bund": "bund", "laib": "laib",
}
_BIG = frozenset("""gross grosse grossen grosser grosses grossere grosseren grossten riesig xl
    groass groasse groassen groasser groasses grouss grousse grousses""".split())  # Bavarian "groaß"
_SMALL = frozenset("""klein kleine kleinen kleiner kleines kleinere kleineren kleinsten mini
    kloa kloan kloans kloane kloana kloaner kloanen kloans gloi glois gloine gloiner gloins
    gleen gleene gleener gleenes klaa klaans klaane klaaner""".split())  # Bavarian, Swabian, Saxon, Hessian
# "a kloans, ned a großes": the size after "nicht" is the one not wanted
# "nicht", as said across the regions ("ned", "nit", "koa"): a size or kind after it is not wanted
NEGATIONS = frozenset("nicht nich ned net nit kein keine keinen keiner koa koan".split())
# Words of a variant's name that describe its packing, not its kind.
_PACKING = frozenset("kasten kiste flasche flaschen sixpack glas becher dose packung schale beutel netz sack "
                     "bund laib stuck stk x l ml g kg liter gramm er pfand glasflasche glasflaschen".split())
# ("Frischmilch (Glasflasche)": how it is packed, not a kind)
_NUMBER = re.compile(r"\d+(?:,\d+)?")
# A cake or a bird sold whole and by the piece: "Käsekuchen, ganz (12 Stücke)" and "Käsekuchen,
# Stück". "ganz" is a filler elsewhere ("ganz frische Eier"), so the portion is read on its own.
WHOLE_WORDS = frozenset("ganz ganze ganzen ganzer ganzes komplett komplette kompletten kompletter ganzn".split())
_PIECE = frozenset("stuck stucke stk stck stuckchen".split())


_MEASURE_IN_NAME = re.compile(r"(\d+(?:,\d+)?)\s*(?:[–-]\s*\d+(?:,\d+)?\s*)?(cm|mm|m|l|ml|g|kg)\b")
_TO_BASE = {"mm": Decimal("0.001"), "cm": Decimal("0.01"), "m": Decimal(1), "ml": Decimal("0.001"), "l": Decimal(1),
            "g": Decimal("0.001"), "kg": Decimal(1)}


def _measure_in_name(item: CatalogItem) -> Decimal | None:
    """The first measure a name gives ("Rhododendron im Topf, 40–50 cm": 0.4 m), for comparing sizes
    where the catalog gives none."""
    m = _MEASURE_IN_NAME.search(item.name.lower())
    return Decimal(m.group(1).replace(",", ".")) * _TO_BASE[m.group(2)] if m else None


def said_size_word(said: str) -> str | None:
    folded = fold(SIZE_NOUN.sub(" ", said)).split()  # "Welche Größen haben Sie?" says no size
    # a size word within two words after a "nicht" is the size not wanted
    words = {w for i, w in enumerate(folded) if not set(folded[max(0, i - 2):i]) & NEGATIONS}
    if words & _BIG:
        return "big"
    if words & _SMALL:
        return "small"
    return None


def without_size_words(text: str) -> str:
    """The product words without "groß", "klein" and the like ("die großen" → "")."""
    return " ".join(w for w in text.split() if fold(w) not in _BIG | _SMALL and fold(w) not in _SIZE_ARTICLES)


_SIZE_ARTICLES = frozenset("die den der das dem".split())


def _container_key(word: str | None) -> str | None:
    if not word:
        return None
    return _SAME_CONTAINER.get(fold(word))


def _containers_of(item: CatalogItem) -> set[str]:
    words = fold(f"{item.name} {item.label or ''}").split()
    return {_SAME_CONTAINER[w] for w in words if w in _SAME_CONTAINER}


def _figures(text: str) -> set[str]:
    """Numbers in a text, number words included ("sechs monat" → {"6"})."""
    words = fold(text).split()
    numbers = [v for v in (parse_number(w) for w in words if w.isalpha() and w not in _NOT_FIGURES) if v is not None]
    spelled = {str(int(v)) for v in numbers if v == v.to_integral_value() and v > 1}
    # "die dreieinhalb" for "H-Milch 3,5 %"
    spelled |= {format(v.normalize(), "f").replace(".", ",").lstrip("0") for v in numbers
                if v != v.to_integral_value() and v > 1}
    return {n.lstrip("0") or "0" for n in _NUMBER.findall(" ".join(words))} | spelled


_NOT_FIGURES = frozenset({"ein", "eine", "einen", "einem", "einer", "eines", "eins", "halb", "halbe", "halben",
                          "viertel", "dutzend", "ne", "nen"})


def _measures(said: str) -> set[Decimal]:
    """Contents said with their unit, in kg or l ("1 l" → 1, "halb liter" → 0.5, "500 g" → 0.5)."""
    words = fold(said).split()
    out = set()
    for i in range(len(words)):
        span = find_quantity(" ".join(words[i:i + 4]))
        if span is not None and span.start == 0 and isinstance(span.result, Quantity) \
                and span.result.unit != "piece" and span.unit_text and span.unit_text != words[i]:
            out.add(span.result.amount)
    return out


_PIECES_OF = re.compile(r"\d+\s*[×x]\s*(\d+(?:,\d+)?)\s*(ml|l|g|kg)\b")


def _piece_size(item: CatalogItem) -> Decimal | None:
    """The size of one bottle or pack of a crate or multipack: "Kasten 20 × 0,5 l" → 0.5 (l)."""
    m = _PIECES_OF.search(f"{item.size or ''} {item.name}")
    return Decimal(m.group(1).replace(",", ".")) * _TO_BASE[m.group(2)] if m else None


def against_measure_said(item: CatalogItem, said: str) -> bool:
    """Whether a content said with the goods rules the item out: "ein Sack Kartoffeln, der kleine
    mit zweieinhalb Kilo" rules out the 10-kg sack, whatever the container word."""
    measures = _measures(said)
    return bool(measures) and content_size(item) not in measures and _piece_size(item) not in measures


def said_measure(said: str) -> bool:
    """Whether a content is said with the goods: "mit zweieinhalb Kilo", "den 2,5er", "0,5 l"."""
    return bool(_measures(said)) or re.search(r"\d+(?:,\d+)?er\b", said) is not None


def content_size(item: CatalogItem) -> Decimal | None:
    parsed = parse_size(item.size) or parse_size(_size_in_name(item.name))
    return parsed[0] if parsed else None


def _all_sized(sizes: dict[CatalogItem, Decimal | None]) -> TypeGuard[dict[CatalogItem, Decimal]]:
    """Every item's content size is known."""
    return all(v is not None for v in sizes.values())


def _size_in_name(name: str) -> str | None:
    m = re.search(r"(\d+(?:,\d+)?)\s*(kg|g|l|ml)\b", name.lower())
    return m.group(0) if m else None


def _attribute_words(item: CatalogItem, said_stems: set[str]) -> set[str]:
    """Words of the name that neither were said nor describe the packing: the variant's kind."""
    out = set()
    for word in fold(item.name).split():
        if word in _PACKING or _NUMBER.fullmatch(word) or len(word) < 3:
            continue
        if any(_names(s, word) for s in said_stems):
            continue
        out.add(word)
    return out


def _named_words(item: CatalogItem, said_stems: set[str]) -> frozenset[str]:
    """The words of the name that the words said name ("frischmilch" for "milch")."""
    return frozenset(word for word in fold(item.name).replace(",", " ").split()
                     if any(_names(s, word) for s in said_stems))


def _names(said: str, word: str) -> bool:
    """A said word names a word of the name: the same, its beginning ("mehlig" of "mehligkochend")
    or the end of a compound ("milch" of "Vollmilch")."""
    w = stem(word)
    return w == said or _prefix_of(said, w) or (len(said) >= 4 and w.endswith(said))


def _prefix_of(said: str, word: str) -> bool:
    """"mehlig" names "mehligkochend", "würz" names "würzig": a said word that begins a name word."""
    return len(said) >= 4 and word.startswith(said)


def portion_of(name: str) -> str | None:
    """"whole" for "Käsekuchen, ganz (12 Stücke)", "piece" for "Käsekuchen, Stück", else None."""
    words = set(fold(re.sub(r"\(.*?\)", " ", name)).split())
    if words & WHOLE_WORDS:
        return "whole"
    return "piece" if "stuck" in words else None


def _portion_said(quantity: object, said_words: list[str]) -> str | None:
    if set(said_words) & WHOLE_WORDS:
        return "whole"  # "Käsekuchen ganz", "eine ganze Schwarzwälder"
    counted = isinstance(quantity, Quantity) and quantity.container == "Stück" \
        and bool(set(fold(quantity.text or "").split()) & _PIECE)
    return "piece" if counted or set(said_words) & _PIECE else None


def _keep(cands: tuple[CatalogItem, ...], fits) -> tuple[CatalogItem, ...]:
    kept = tuple(c for c in cands if fits(c))
    return kept or cands


def narrow(cands: tuple[CatalogItem, ...], quantity: object, said: str) -> tuple[CatalogItem, ...]:
    """The candidates that fit the container, figures, size and kind words that were said."""
    if len(cands) < 2:
        return cands
    out = cands
    container = _container_key(quantity.container) if isinstance(quantity, Quantity) else None
    said_words = [PACKING_SYNONYMS.get(w, w) for w in fold(said).split()]  # "in Plastik": PET
    for word in said_words:
        container = container or _container_key(word)
    early = _measures(said)
    if early and any(content_size(c) in early for c in out):
        out = _keep(out, lambda c: content_size(c) in early)  # "Mineralwasser 0,7 l": the bottle
    elif early and any(_piece_size(c) in early for c in out):
        out = _keep(out, lambda c: _piece_size(c) in early)  # "Pils, die halbe Liter": the crate of them
    if container is not None:
        out = _keep(out, lambda c: container in _containers_of(c))
    said_label = fold(quantity.container) if isinstance(quantity, Quantity) and quantity.container else None
    if said_label and any(fold(c.label or "") == said_label for c in out):
        out = _keep(out, lambda c: fold(c.label or "") == said_label)  # "zwei Torten Schwarzwälder": the whole
    portion = _portion_said(quantity, said_words)
    if portion is not None and len({portion_of(c.name) for c in out}) > 1:
        # "zwei Stück Schwarzwälder" is the piece, "Käsekuchen ganz" the whole cake
        out = _keep(out, lambda c: portion_of(c.name) == portion)
    figures = _figures(said) - {"1"}
    if figures:
        out = _keep(out, lambda c: bool(figures & _figures(f"{c.name} {c.size or ''}")))
    size = said_size_word(said)
    sizes = {c: content_size(c) for c in out}
    if size is not None and _all_sized(sizes) and len(set(sizes.values())) > 1:
        pick = max(out, key=lambda c: sizes[c]) if size == "big" else min(out, key=lambda c: sizes[c])
        out = tuple(c for c in out if sizes[c] == sizes[pick])
    elif size is not None and len(set((in_name := {c: _measure_in_name(c) for c in out}).values())) > 1 \
            and all(in_name.values()):
        # "den großen" of "Rhododendron im Topf, 40–50 cm" and "…, 60–80 cm": the figure of the name
        pick = (max if size == "big" else min)(out, key=lambda c: in_name[c] or 0)
        out = tuple(c for c in out if in_name[c] == in_name[pick])
    elif size is not None:
        # no sizes to compare: the name says it ("Blumenstrauß klein", "großer Strauß")
        words = _BIG if size == "big" else _SMALL
        out = _keep(out, lambda c: bool(words & set(fold(c.name).split())))
    said_stems = {stem(w) for w in said_words if len(w) >= 3} - {stem(w) for w in _BIG | _SMALL}
    # "Magerquark" among the Speisequark variants: the compound's first part is the kind said
    name_words = {w.strip(",()") for c in out for w in fold(c.name).split() if len(w.strip(",()")) >= 4}
    said_stems |= {w[:-len(n)] for w in said_words for n in name_words
                   if w.endswith(n) and len(w) - len(n) >= 4 and w not in name_words}
    if len(out) > 1:
        # "an Kasten Helles": the beer called Helles, not the "Weißbier hell" the word only resembles
        for word in (w for w in said_words if len(w) >= 5 and w not in _PACKING):
            exact = tuple(c for c in out if word in fold(c.name).replace(",", " ").split())
            # only a form of the same word ("hell" of "helles"), not a compound it ends ("Heumilch")
            near = [c for c in out if c not in exact
                    and any(len(w) >= 3 and (stem(w) == stem(word) or word.startswith(w))
                            for w in fold(c.name).replace(",", " ").split())]
            if exact and near and len(exact) + len(near) == len(out):
                out = exact
    if len(out) > 1:
        # kind words said ("würzig", "mehlig", "still"): keep the variants whose name has them
        kinds = {s for s in said_stems if any(_names(s, w) for c in out for w in fold(c.name).split())}
        distinguishing = {s for s in kinds if not all(
            any(_names(s, w) for w in fold(c.name).split()) for c in out)}
        if distinguishing:
            out = _keep(out, lambda c: all(any(_names(s, w) for w in fold(c.name).split())
                                           for s in distinguishing))
    if len(out) > 1 and len({c.shop_id for c in out}) == 1 and len({portion_of(c.name) for c in out}) == 1 \
            and len({_named_words(c, said_stems) for c in out}) == 1:
        # what was not said does not count: the plain variant over "alkoholfrei", "laktosefrei" (only
        # among variants of the same goods: "Milch" is no plainer in "Buttermilch" than in
        # "Frischmilch 3,8 % Fett")
        extra = {c: _attribute_words(c, said_stems) for c in out}
        plain = tuple(c for c in out if not extra[c])
        if plain and len(plain) < len(out):
            out = plain  # several plain ones (sizes of the plain goods) stay for the amount to choose
    if len(out) > 1 and len({c.shop_id for c in out}) == 1:
        # "zwei Kisten Bit", "a Weißbier-Kastl": who wants the alcohol-free or lactose-free one says so
        unmarked = tuple(c for c in out if not ({w.strip(",") for w in _attribute_words(c, said_stems)} & _MARKED))
        if unmarked and len(unmarked) < len(out):
            out = unmarked
    if len(out) > 1:
        out = _plain_compound(out, said_words)
    return out


# Words that make goods a special kind nobody gets without asking for it.
_MARKED = frozenset(fold(w) for w in (
    "alkoholfrei alkfrei laktosefrei glutenfrei zuckerfrei entkoffeiniert koffeinfrei light vegan diät").split())
# A compound's first part that only says the goods are the ordinary kind: "Frischmilch" is what
# "Milch" means, "Buttermilch" is other goods.
_PLAIN_MODIFIERS = frozenset("frisch voll land bauern hof haus natur".split()
                             # the everyday roll: "Semmeln" among Kaiser-, Kürbiskern- and Dinkelbrötchen
                             + "weizen wasser kaiser".split()
                             # "Heumilch" is the farm's milk; not "Buttermilch"
                             + ["heu"])
# Plain only where nothing plainer is there, and only for the pretzel: "Brezen" is the Laugenbreze
# beside the Butterbreze ("Weckli" among Weizen- and Laugenbrötchen is the Weizenbrötchen)
_PLAIN_IF_NOTHING_PLAINER = frozenset({"laugen"})


def _plain_compound(cands: tuple[CatalogItem, ...], said_words: list[str]) -> tuple[CatalogItem, ...]:
    """"zwei Liter Milch" among Buttermilch, H-Milch and Frischmilch: the candidate named (or also
    called, by its aliases) the word said, or the word with a plain first part; the others are
    other goods the word ends."""
    words_of = {c: {w for text in (c.name, *c.aliases) for w in fold(text).replace(",", " ").split()} for c in cands}
    # "Semmeln" is said for "Brötchen": the lexicon's word for the goods is tried too
    heads = [fold(g.head) for w in said_words if len(w) >= 4 for g in lexicon().groups_of(w) if " " not in g.head]
    for word in [*said_words, *heads]:
        if len(word) < 4 or word in _PACKING:
            continue
        forms = {word, stem(word)}
        # the goods whose name ends in the word ("Laugenbrezel" beside the rolls came by another way)
        ending = [c for c in cands if any(w.endswith(f) for w in words_of[c] for f in forms)]
        as_said = True
        if len(ending) < 2:
            # "Brezen", "Brezn" for the "…breze": the word as said in the South, its plural -n off;
            # then only a plain first part tells (not "Forelle geräuchert" for "Forellen")
            said_forms = {word, *(fold(r) for r in respellings(word))}
            forms = {f for s in said_forms for f in (s, s[:-1] if s.endswith("n") and len(s) >= 5 else s)}
            ending = [c for c in cands if any(w.endswith(f) for w in words_of[c] for f in forms)]
            as_said = False
        if len(ending) < 2:
            continue
        plain = [c for c in ending if any(as_said and w in forms or (w.endswith(f) and w[:-len(f)] in _PLAIN_MODIFIERS)
                                          for w in words_of[c] for f in forms)]
        if not plain and word.startswith("brez"):  # (a plain croissant is no Laugencroissant)
            plain = [c for c in ending if any(w.endswith(f) and w[:-len(f)] in _PLAIN_IF_NOTHING_PLAINER
                                              for w in words_of[c] for f in forms)]
        if plain and len({fold(c.name) for c in plain}) == 1 and len(plain) < len(cands):
            return tuple(plain)  # one plain kind, perhaps at two shops (then the shop is asked)
    return cands


# "die Plastikflasche" is the PET bottle: words people use for a packing a shop writes otherwise
PACKING_SYNONYMS = {"plastik": "pet", "plastikflasche": "pet", "plastikflaschen": "pet", "kunststoff": "pet",
                     "glasflasche": "glas", "glasflaschen": "glas", "mehrweg": "glas"}


def not_these(cands: tuple[CatalogItem, ...], negated: str) -> tuple[CatalogItem, ...]:
    """The candidates without what was said to be unwanted: "nich die im Glas", "keinen Kasten",
    "ned die Plastik". Never empty: when every candidate has it, all stay (the dialogue asks)."""
    words = [w for w in fold(negated).split() if w not in _SIZE_ARTICLES and w not in ("im", "in", "vom", "mit")]
    if not words or not cands:
        return cands

    def has(c: CatalogItem, word: str) -> bool:
        key = _container_key(word)
        if key is not None and key in _containers_of(c):
            return True
        word = PACKING_SYNONYMS.get(word, word)
        name = fold(f"{c.name} {c.label or ''}").replace(",", " ").split()
        return any(w == word or (len(word) >= 4 and (w.startswith(word[:max(4, len(word) - 2)]))) for w in name)

    def has_without(c: CatalogItem, word: str) -> bool:
        # "ohne Schmuck" is the "ungeschmückt" one, "ohne Zucker" the "zuckerfrei" one
        name = fold(c.name).replace(",", " ").split()
        stem4 = stem(word)[:4]
        return len(word) >= 4 and any(
            (w.startswith("un") or w.endswith(("frei", "los")) or (i and name[i - 1] == "ohne")) and stem4 in w
            for i, w in enumerate(name))

    # "kein alkoholfreies" names the free variant itself: only a plain word asks for the one without it
    plain = [w for w in words if not w.startswith("un") and not re.search(r"(?:frei|los)(?:e[nmrs]?)?$", w)]
    without = tuple(c for c in cands if any(has_without(c, w) for w in plain))
    if without and len(without) < len(cands):
        return without
    kept = tuple(c for c in cands if not any(has(c, w) for w in words))
    return kept or cands


def in_container_said(item: CatalogItem, quantity: object,
                      shop_items: Callable[[], list[CatalogItem]]) -> CatalogItem | None:
    """"2 Kästen Sprudel medium" where "Sprudel medium" names the 0,7-l bottle: the same drink of
    the same shop in the container said (the crate), when exactly one such sibling exists.
    ``shop_items`` lists the shop's items (called only on a mismatch). None when the item
    already comes in the container said."""
    said = _container_key(getattr(quantity, "container", None))
    if said is None or said in _containers_of(item) or not _containers_of(item):
        return None
    items = shop_items()
    core = _core_words(item)
    fitting = [it for it in items if it.product_id != item.product_id and said in _containers_of(it)
               and core <= _core_words(it) | {w for w in fold(it.name).split() if len(w) > 3}]
    if len(fitting) > 1:
        # "Pils, Flasche 0,5 l" in a crate: the crate of the same bottles, not of the 0,33-l ones
        bottle = _figures(f"{item.name} {item.size or ''}")
        fitting = [it for it in fitting if bottle & _figures(it.name)] or fitting
    if len(fitting) > 1:
        # "1 Kasten Weißbier": the crate of the same beer, not of the alcohol-free one beside it
        fitting = [it for it in fitting if _core_words(it) == core] or fitting
    return fitting[0] if len(fitting) == 1 else None


def same_goods_of_shop(item: CatalogItem, shop_items: list[CatalogItem]) -> tuple[CatalogItem, ...]:
    """The shop's other variants of the same goods: the same words but for packing and figures
    ("Pils, Kasten 24 × 0,33 l" beside "Pils, Kasten 20 × 0,5 l")."""
    core = _core_words(item)
    return tuple(it for it in shop_items if it.product_id != item.product_id and _core_words(it) == core)


def _core_words(item: CatalogItem) -> set[str]:
    """The words of a name that say what it is, not how it is packed ("mineralwasser medium")."""
    return {w.strip(",") for w in fold(item.name).split() if w.strip(",") not in _PACKING
            and not _NUMBER.fullmatch(w.strip(",")) and w not in ("×", "x")}
