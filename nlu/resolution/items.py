"""Resolve the NLU's order groups into catalog items with quantities, or into questions.

``resolve_items(groups, index, default_shop=None) -> list[ItemResolution]``
    A group is ``{"product": str|None, "quantity": str|None, "unit": str|None, "shop": str|None}``
    as the NLU yields it. Each result is either resolved (item, quantity in the product's unit,
    German read-back "2 Flaschen Frischmilch vom Hof Schulze") or carries a German question.

    Shop rules: a shop named in a group decides between shops for that group. It carries over to
    the FOLLOWING groups of the same sentence only when they name no shop of their own and that
    shop sells the product; otherwise those groups are matched across all shops. ``default_shop``
    (e.g. the shop the conversation is about) works like a carried-over shop.

    Sizes: one shop's product in several sizes under one name ("Eier" 6er and 10er, "Vollmilch"
    1 l and 0,5 l) is chosen by the amount – twelve eggs → 2 × 6er, ten → 1 × 10er, "einen
    halben liter" → 1 × 0,5 l; when several fit, the one needing the fewest pieces. Only when no
    size fits (or packs were counted: "zwei packungen") it asks "Möchten Sie die 6er oder die
    10er Packung?" – never "von welchem Hof?" when the shop is known.

    A product's label said as the unit ("einen ring fleischwurst", "topf alpenveilchen") counts
    pieces of that product.

``extract_groups(text, index=None) -> list[dict]``
    Rule-based fallback (Rasa down) and cross-check: splits a raw utterance ("äh ja ich hätte gern
    zwei liter milch vom hof schulze und sechs brötchen") into such groups on "und", ",", "sowie",
    "dazu", "außerdem", "plus". With an index, shop phrases are only taken where
    :func:`match_shop` knows the shop (or where the rest is no product name: an unknown shop is
    kept so the dialogue can ask), and "und" inside a known product name does not split.
    Fillers, greetings and "when" words ("für samstag", "morgen früh", "um 10 uhr", "am 1.12.")
    are dropped; a group with a quantity but no product repeats the previous product ("eine
    flasche milch vom wienker und zwei von schulze"). Context around the items goes too:
    headings before a colon ("Für Samstagsfrühstück: …"; a heading naming a shop, "Hof Schulze:
    …", becomes the shop of the items), a story before an "ich"/"wir" clause ("ich mach am
    wochenende grünkohl ich brauch zwei kilo grünkohl"), whom it is for ("für meine tochter"),
    "dafür", "nee", "nur", "statt dem riesling". Self-corrections replace the item before them
    ("vier kochwürste also ne vier grobe bratwürste", "…nein…", "…ich meine…", "nicht zwei
    sondern drei"); items said one after another without "und" are split ("sechs brötchen zwei
    körner brötchen"); "für 2 personen" is the amount unless it is part of a name. A text that
    only names a known shop ("Käsehaus Wienker") is a shop, never a product.

Robustness in ``resolve_items``: a quantity or shop the NLU left inside the product text ("zwei
liter milch vom hof schulze" as the product) is split off with the same rules; a group without a
product but with a quantity repeats the previous group's product (ellipsis).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from rapidfuzz.distance import Levenshtein

from .catalog_index import CatalogIndex, CatalogItem
from .lexicon import lexicon
from .normalize import ABBREVIATIONS, SOFT_ADJECTIVES, clean, fold, keys, normalize_product_text, stem
from .products import (
    Ambiguous,
    Match,
    NotFound,
    Resolved,
    ShopMatch,
    _names_shop_word,
    ambiguous,
    join_or,
    match_product,
    match_shop,
    shop_dative,
    shop_from,
    size_question,
)
from .quantity import (
    PIECE,
    Problem,
    Quantity,
    QuantitySpan,
    container_word,
    find_quantity,
    format_quantity,
    is_amount_word,
    label_plural,
    parse_number,
    parse_quantity,
    parse_size,
    quantity_for_item,
)
from .sounds import respellings
from .variants import (
    NEGATIONS,
    PACKING_SYNONYMS,
    WHOLE_WORDS,
    against_measure_said,
    content_size,
    in_container_said,
    narrow,
    not_these,
    portion_of,
    said_measure,
    said_size_word,
    same_goods_of_shop,
    without_size_words,
)

__all__ = ["ItemResolution", "extract_groups", "readback", "resolve_items"]


@dataclass(frozen=True)
class ItemResolution:
    """One order group, resolved or turned into a question.

    status: ``resolved`` or ``ask``. reason (for ``ask``): ``no_product``, ``not_found``,
    ``ambiguous_product``, ``ambiguous_shop``, ``unknown_shop``, ``shop_mismatch``, ``quantity``.
    For ``quantity`` the item is known (``item`` set) but the amount is not. ``candidates``
    lists the items the question chooses between (suggestions for ``not_found``).
    A sold-out item is ``resolved`` with ``sold_out=True`` and a ``notice`` to say.
    """

    group: Mapping[str, str | None]
    status: str
    item: CatalogItem | None = None
    quantity: Decimal | None = None
    readback: str | None = None
    question: str | None = None
    reason: str | None = None
    candidates: tuple[CatalogItem, ...] = ()
    sold_out: bool = False
    notice: str | None = None
    match: Match | None = None
    problem: Problem | None = None

    @property
    def resolved(self) -> bool:
        return self.status == "resolved"


def readback(item: CatalogItem, quantity: Decimal, index: CatalogIndex | None = None) -> str:
    """"2 Flaschen Frischmilch vom Hof Schulze", "500 Gramm Hackfleisch gemischt von der
    Metzgerei Terstegen", "6 Weizenbrötchen von der Bäckerei Musterfrau"."""
    shop = index.shop_name(item.shop_id) if index else item.shop_name
    return f"{format_quantity(quantity, item)} {item.name} {shop_from(shop)}"


_LOWER = {"von", "vom", "der", "die", "das", "den", "dem", "und", "am", "im", "auf", "mit", "zum", "zur"}


def _title(text: str) -> str:
    """Spoken lower-case text → German capitalisation guess: "hof meier" → "Hof Meier"."""
    return " ".join(w if w in _LOWER else w[:1].upper() + w[1:] for w in text.split())


def _shop_ids(shop: str | ShopMatch | Iterable[str] | None) -> tuple[str, ...]:
    if shop is None:
        return ()
    if isinstance(shop, ShopMatch):
        return shop.shop_ids
    if isinstance(shop, str):
        return (shop,)
    return tuple(shop)


def _sold_in(m: Match, shops: tuple[str, ...]) -> bool:
    if isinstance(m, Resolved):
        return m.item.shop_id in shops
    if isinstance(m, Ambiguous):
        return all(c.shop_id in shops for c in m.candidates)
    return False


def _resolve_one(
    group: Mapping[str, str | None],
    index: CatalogIndex,
    carried: tuple[str, ...],
    alongside: str | None = None,
) -> tuple[ItemResolution, tuple[str, ...]]:
    """Returns the resolution and the shop ids to carry to the following groups."""
    product = _decimal_said_as_figure((group.get("product") or "").strip())  # "null komma drei drei": 0,33
    shop_text = (group.get("shop") or "").strip()
    q = parse_quantity(group.get("quantity"), group.get("unit"))
    weight: Quantity | None = None
    if isinstance(q, Problem) and q.code == "vague" and fold(group.get("quantity") or "") == "paar":
        words = product.split()
        if len(words) > 1 and words[-1].isdigit():  # "Landjäger 2 Paar": two pairs, said after the goods
            product, q = " ".join(words[:-1]), Quantity(Decimal(words[-1]), PIECE, "Paar", f"{words[-1]} paar")
    if product and (q is None or not shop_text):
        # the NLU left a quantity or a shop inside the product text: "zwei liter milch",
        # "milch vom hof schulze"
        parts = extract_groups(product, index)
        if len(parts) == 1 and parts[0]["product"]:
            p0 = parts[0]
            product = p0["product"]
            if q is None and p0["quantity"]:
                q = parse_quantity(p0["quantity"], p0["unit"])
            elif p0["quantity"] and p0["unit"]:
                inner = parse_quantity(p0["quantity"], p0["unit"])
                if isinstance(inner, Quantity) and inner.unit != PIECE:
                    weight = inner  # "einen Leberkäse, so ein halbes Kilo"
                    words = product.split()
                    while len(words) > 1 and (fold(words[-1]) in _APPROX or fold(words[-1]) in _EACH
                                              or fold(words[-1]) == "zu"):
                        if fold(words[-1]) in _EACH:
                            # "4 Kalbsschnitzel à 150 g", "2x Wurstebrot je ein Pfund": the weight of each
                            weight = Quantity(inner.amount, inner.unit, "je", inner.text)
                        words.pop()  # "2 Halssteaks (zusammen ca. 500 g)"
                    product = " ".join(words)
            if not shop_text and p0["shop"]:
                shop_text = p0["shop"]
    product = _figures_said_in_words(_fractions_of_a_litre(_grade_as_printed(product, index)))
    product = _bottles_of_a_crate(product, group.get("unit"))
    product = _heard_alike(product, index) if product else product
    product = _packing_said_plainly(product)
    product = _without_packing_at_end(product, index)
    product, q = _label_as_unit(product, q, index)
    product, said_weight = _weight_said_after(product)
    weight = said_weight or weight
    # what was said about the goods, figures included ("Mehl 405", "Honig 500 g"): it picks the variant
    said = " ".join(dict.fromkeys([*(group.get("product") or "").split(), *product.split(),
                                   *(group.get("portion") or "").split()]))
    again = _named_again(product)
    if again != product and isinstance(match_product(product, index), NotFound):
        product = again  # "Kersche, saure Kersche": the goods named again, more precisely
    core = without_size_words(product)
    if core and core != product and not isinstance(match_product(product, index), Resolved):
        product = core  # "zwei bauern brot die großen": the bread; "groß" chooses its size below
    if product and not shop_text and q is None and _names_shop_only(clean(product).split(), index):
        # the NLU took a shop's name for a product: "käsehaus wienker" (not "Wiener Würstchen")
        sm = match_shop(product, index, strict=True)
        if sm is not None and sm.unique:
            name = index.shop_name(sm.shop_ids[0])
            return ItemResolution(group, "ask", question=f"Was möchten Sie {shop_from(name)} bestellen?",
                                  reason="no_product"), sm.shop_ids
    explicit: ShopMatch | None = match_shop(shop_text, index) if shop_text else None
    carry = carried
    if not product:
        return ItemResolution(group, "ask", question="Was möchten Sie bestellen?", reason="no_product"), carry

    if shop_text and explicit is None:
        pieces = re.split(r"\s+(?:von der|von dem|vom|von|beim|bei der|bei)\s+", shop_text)
        goods_first = len(pieces) > 1 and not set(shop_text.split()) & NEGATIONS \
            and match_shop(pieces[0], index, strict=True) is None  # not "vom Schröder, nich vom Biohof"
        tail = match_shop(pieces[-1], index, strict=True) if goods_first else None
        if tail is not None and tail.unique:
            # "zwei Gläsle vom cremigen Blütenhonig von der Imkerei Dürr": the goods, then the shop
            product, shop_text, explicit = f"{product} {' '.join(pieces[:-1])}", "", tail
    if shop_text and explicit is None:
        # "Gehacktes vom Rind", "Käse von der Ziege": no shop, the rest of the goods' name; after
        # only an amount or a size ("zwei kleine Gläsle vom cremigen Blütenhonig") any goods will do
        partitive = not [w for w in without_size_words(product).split()
                         if container_word(w) is None and w not in _ARTICLE_WORDS]
        if partitive and isinstance(match_product(shop_text, index), (Resolved, Ambiguous)):
            product, shop_text = shop_text, ""  # the size said before ("kleine") is in ``said``
        for joined in (f"{product} {shop_text}", f"{product} vom {shop_text}") if shop_text else ():
            whole = match_product(joined, index)  # "Gehacktes vom Rind": the lexicon's "… vom Rind"
            if isinstance(whole, Resolved) and whole.kind in ("exact", "alias", "words"):
                product, shop_text = joined, ""
                break
    if shop_text and explicit is None:
        # "beim Dürr a weng Wein": one word of the phrase names a shop on its own
        for word in shop_text.split():
            alone = match_shop(word, index, strict=True) if len(word) > 3 else None
            if alone is not None and alone.unique:
                explicit, shop_text = alone, word
                break
    if shop_text and explicit is None:
        named = list(itertools.takewhile(lambda w: w not in _SHOP_END_FOLDED, fold(shop_text).split()))
        goods_words = [w for w in named if len(w) > 3 and _known_as_goods(w, index)]
        if goods_words and not set(named) & NEGATIONS:  # ("vom Hof, ned die H-Milch" chooses among goods)
            # "n Glas Kaviar von der Forelle für die Schnittchen": more of the goods, no shop; but only
            # goods whose name has that word ("Kaviar vom Lachs" is no Forellenkaviar)
            merged = f"{product} {shop_text}"
            trial = match_product(" ".join([product, *named]), index)  # (the talk after "für" left out)
            found = (trial.item,) if isinstance(trial, Resolved) else trial.candidates if isinstance(trial, Ambiguous) else ()
            if not any(stem(w)[:5] in fold(c.name) for c in found for w in goods_words):
                return ItemResolution(group, "ask", reason="not_found",
                                      question=f"{_title(normalize_product_text(merged) or merged)} habe ich leider "
                                               "nicht im Angebot."), carry
            product, shop_text = merged, ""
        elif isinstance(match_product(product, index), NotFound) and not lexicon().is_goods(product):
            # "meine Frau … die is heut beim Friseur": neither goods nor a shop of the region, talk
            return ItemResolution(group, "ask", reason="not_found",
                                  question=f"{_title(product)} habe ich leider nicht im Angebot."), carry
    if shop_text and explicit is None:
        return ItemResolution(
            group, "ask", reason="unknown_shop",
            question=f"Den Laden „{_title(shop_text)}“ kenne ich leider nicht. Bei welchem Geschäft "
                     f"möchten Sie {_title(normalize_product_text(product) or product)} bestellen?",
        ), carry

    if explicit is not None:
        carry = explicit.shop_ids
        m = match_product(product, index, shop_hint=explicit.shop_ids)
        if not _sold_in(m, explicit.shop_ids):
            # "10er Eier vom Schmauder": among the shop's own goods the words name its Freilandeier
            own = _match_in_shops(product, index, explicit.shop_ids)
            m = own if own is not None else m
        if isinstance(m, (Resolved, Ambiguous)) and not _sold_in(m, explicit.shop_ids):
            its = (m.item,) if isinstance(m, Resolved) else m.candidates
            named = [index.shop_name(s) for s in explicit.shop_ids]
            where = shop_dative(named[0]) if len(named) == 1 else "bei " + join_or(named[:3])
            elsewhere = list(dict.fromkeys(index.shop_name(i.shop_id) for i in its))[:3]
            there = " und ".join(shop_dative(s) for s in elsewhere)
            target = "dort" if len(elsewhere) == 1 else "von einem dieser Geschäfte"
            return ItemResolution(
                group, "ask", reason="shop_mismatch", match=m, candidates=tuple(its),
                question=f"{its[0].name} gibt es nicht {where}, aber {there}. Soll ich es {target} nehmen?",
            ), carry
    elif carried:
        m = match_product(product, index, shop_hint=carried)
        if not _sold_in(m, carried):
            m = match_product(product, index)
    else:
        m = match_product(product, index)
        if isinstance(m, Ambiguous) and alongside is not None:
            # "1 kg Rindergulasch, 500 g Hackfleisch und 6 Stück Frankfurter": among the bakery's
            # Frankfurter Kranz and the butcher's Frankfurter, those of the shop of the goods before
            same_shop = [c for c in m.candidates if c.shop_id == alongside]
            others = {_name_key(c) for c in m.candidates if c.shop_id != alongside}
            # (the same goods at two bakeries stay a question of which shop: only other goods of
            # the same name are told apart by the shop of the talk)
            if len(same_shop) == 1 and others and _name_key(same_shop[0]) not in others and not m.by_shop:
                m = Resolved(same_shop[0], 90.0, "words")

    if q is None:
        # "zum Valentinstag 12 rote Rosen", "für St. Martin: 12 Stutenkerle": an amount inside the
        # words starts the goods (where it is no figure of the goods' own name)
        words = product.split()
        for i in range(1, len(words) - 1):
            if (words[i][:1].isdigit() or fold(words[i]) in _COUNT_WORDS) and parse_number(words[i]) is not None:
                if fold(words[i + 1]) in _MEASURE_WORDS:
                    break  # "den naturbelassenen mit 30 cm": a size of the goods, never thirty of them
                retry = match_product(" ".join(words[i + 1:]), index,
                                      shop_hint=explicit.shop_ids if explicit else carried or None)
                figure = format(parse_number(words[i]) or 0, "f")
                if not isinstance(retry, NotFound) and (isinstance(m, NotFound) or (
                        isinstance(m, Resolved) and isinstance(retry, Resolved) and retry.item == m.item
                        and fold(words[i + 1]) not in _MEASURE_WORDS  # "… fünfundvierzig Minuten"
                        and not {words[i], figure} & set(fold(f"{m.item.name} {m.item.size or ''}").split()))):
                    m, q, product = retry, parse_quantity(words[i], None), " ".join(words[i + 1:])
                break
    if isinstance(m, NotFound):
        # the goods said otherwise than the shop writes them: "Räucheraal", "Bit", "Magerquark", "Kerzn"
        for other in _respelled(product, index):
            retry = match_product(other, index, shop_hint=explicit.shop_ids if explicit else carried or None)
            if not isinstance(retry, NotFound):
                m, product, said = retry, other, f"{said} {other}"
                break
    if isinstance(m, NotFound):
        # the goods first, then talk about them: "zwee Räucherforellen für mein Mann, der isst das
        # abends zum Bier"; the longest beginning that names goods, where the words after it begin
        # with one that names none
        hint = explicit.shop_ids if explicit else carried or None
        for before, talk_after in _goods_then_talk(product, index):
            if not any(len(w) > 3 and container_word(w) is None for w in without_size_words(before).split()) \
                    or (talk_after and not _names_goods(before.split()[0], index)):
                continue  # "zusammen man", "großes Glas": no goods are named by a scrap or a pack
            retry = match_product(before, index, shop_hint=hint)
            if isinstance(retry, NotFound):
                retry = next((r for other in _respelled(before, index)
                              if not isinstance(r := match_product(other, index, shop_hint=hint), NotFound)), retry)
            if isinstance(retry, Resolved) and retry.kind in ("fuzzy", "phonetic") and retry.score < 85:
                continue  # a guess by sound is no reason to call the rest talk
            if talk_after and not (isinstance(retry, Resolved) and retry.kind in ("exact", "alias", "words", "head")):
                continue  # "ich weiß, ihr habt nächste Woche zu": "weiß" names no goods for sure
            if not isinstance(retry, NotFound):
                m, product = retry, before
                break
    if isinstance(m, NotFound) and (unpraised := [w for w in product.split() if fold(w) not in _SOFT_FOLDED]) \
            and len(unpraised) < len(product.split()):
        # "Semmeln, die normalen": the goods without the word that only says they are the usual ones
        retry = match_product(" ".join(unpraised), index, shop_hint=explicit.shop_ids if explicit else carried or None)
        if not isinstance(retry, NotFound):
            m, product = retry, " ".join(unpraised)
    if isinstance(m, NotFound):
        # words the catalog does not know ("den jungen mit sechs monat"): the rest may still name it
        known = _known_words_only(product, index)
        if known != product:
            retry = match_product(known, index, shop_hint=explicit.shop_ids if explicit else carried or None)
            if not isinstance(retry, NotFound):
                m = retry
    if group.get("not") and isinstance(m, (Resolved, Ambiguous)):
        m = _without_negated(m, product, group.get("not") or "", index)
    if isinstance(m, Resolved) and (fresh := _said_kind_sibling(m.item, product, index)) is not None:
        m = Resolved(fresh, m.score, m.kind)  # "frische Milch": the fresh one, not the H-Milch
    if isinstance(m, Resolved) and said_size_word(said) is not None:
        # "n Kasten Pils, die kleinen Flaschen": the size word picks among the same goods' variants
        sized = narrow((m.item, *same_goods_of_shop(m.item, index.items_of_shop(m.item.shop_id))), q, said)
        if len(sized) == 1 and sized[0] != m.item:
            m = Resolved(sized[0], m.score, m.kind)
    if isinstance(m, Resolved) and said_measure(said):
        # "de kleine mit zweieinhalb Kilo", "den kleinen 2,5er": the content said picks the variant,
        # whichever container word came with it
        sized = narrow((m.item, *same_goods_of_shop(m.item, index.items_of_shop(m.item.shop_id))), q, said)
        if len(sized) == 1 and sized[0] != m.item:
            m = Resolved(sized[0], m.score, m.kind)
    if isinstance(m, Resolved):
        portions = _portion_siblings(m.item, index)
        if portions:
            # "Käsekuchen" names the piece and the whole cake alike: the words said choose, else ask
            m = ambiguous([m.item, *portions], index)
    if isinstance(m, Ambiguous) and len(m.candidates) > 1:
        # "ein Kasten Cola", "Emmentaler 12 Monate", "die großen": what was said picks the variant
        narrowed = narrow(m.candidates, q, said)
        if len(narrowed) == 1:
            m = Resolved(narrowed[0], 95.0, "words")
        elif len(narrowed) < len(m.candidates):
            m = ambiguous(list(narrowed), index)
    elif isinstance(m, NotFound) and m.suggestions:
        # "Kartoffeln mehlig" for "Kartoffeln mehligkochend": one suggestion that every said word begins
        begun = [c for c in m.suggestions if _said_words_begin(product, c)]
        said_words = [w for w in fold(normalize_product_text(product) or "").split() if len(w) >= 3]
        firsts = {fold(c.name).replace(",", " ").split()[0] for c in m.suggestions}
        if not begun and len(said_words) == 1 and len(firsts) == 1 \
                and (first := next(iter(firsts))).startswith(said_words[0]) and len(first) >= len(said_words[0]) + 3 \
                and (not lexicon().is_goods(said_words[0]) or first[len(said_words[0]):] in _FORM_HEADS):
            # "Bit" for Bitburger, "Akazie" for Akazienhonig, "Matjes" for Matjesfilet (not "Butter" for
            # Butterkuchen: other goods that a word of goods begins)
            begun = list(m.suggestions)
        if not begun and len(m.suggestions) == 1 and len(said_words) == 1 \
                and _ends_a_word_of(said_words[0], m.suggestions[0].name):
            # "zehn Bündel Kohlenbriketts" for "Braunkohlebriketts", "Vogelfuter" for
            # "Wildvogelfutter": the one guess ends in the very word said (a slip allowed), so the
            # shop's name for it; the read-back names it, so a wrong one is heard and corrected
            begun = list(m.suggestions)
        if len(begun) == 1:
            m = Resolved(begun[0], 90.0, "words")
        elif len(begun) > 1:
            # "2 Kisten Bit": the words begin several of the goods' names; the container and what
            # was said choose among them as among any variants
            narrowed = narrow(tuple(begun), q, said)
            m = Resolved(narrowed[0], 90.0, "words") if len(narrowed) == 1 else ambiguous(list(narrowed), index)
    if isinstance(m, Ambiguous) and isinstance(q, Quantity) and q.unit in ("l", "kg") and q.container is None:
        # "4 Liter Heumilch" among Heumilch and two Heumilch cheeses: only the milk is measured in litres
        measured = [c for c in m.candidates if _measured_in(c, q.unit)]
        if len(measured) == 1:
            m = Resolved(measured[0], 90.0, "words")
    if isinstance(m, Ambiguous) and _one_shop_counted_packs(m.candidates):
        # "ein Dutzend Eier" among "Eier 6er-Packung" and "Eier 10er-Packung": the count decides
        packs = _packs_for_count(m.candidates, q)
        if packs is not None:
            assert isinstance(q, Quantity)  # packs are found for a counted amount only
            m, q = Resolved(packs[0], 95.0, "words"), Quantity(packs[1], PIECE, "Packung", q.text)
    if isinstance(m, Ambiguous) and _same_product_sizes(m.candidates):
        # one shop's product in several sizes ("Eier" 6er and 10er): the amount decides
        pick = _pick_size(m.candidates, q)
        if pick is None:
            return ItemResolution(group, "ask", question=size_question(m.candidates),
                                  reason="ambiguous_product", match=m, candidates=m.candidates), carry
        m = Resolved(pick, 100.0, "exact")
    elif isinstance(m, Ambiguous) and _sizes_across_shops(m.candidates):
        # "en halwe Zentner festkochende" among 2,5-kg bags of two shops and one farm's 5- and
        # 12,5-kg sacks: the amount picks the size first; only a size two shops sell asks which shop
        pick = _pick_size(m.candidates, q)
        if pick is not None:
            same = [c for c in m.candidates if content_size(c) == content_size(pick)]
            m = Resolved(pick, 95.0, "words") if len(same) == 1 else ambiguous(same, index)
    elif isinstance(m, Resolved) and q is not None:
        # "einen halben liter vollmilch": the 1-l bottle does not fit, its 0,5-l sibling does
        sibs = _size_siblings(m.item, index) if isinstance(quantity_for_item(q, m.item), Problem) else ()
        if sibs:
            pick = _pick_size((m.item,) + sibs, q)
            if pick is not None and not against_measure_said(pick, said):
                m = Resolved(pick, m.score, m.kind)

    if isinstance(m, Resolved) and q is not None:
        # the shop bound now: mypy would not carry the narrowed `m` into a lambda, as `m` changes below
        crate = in_container_said(m.item, q, partial(index.items_of_shop, m.item.shop_id))
        if crate is not None and not against_measure_said(crate, said):
            m = Resolved(crate, m.score, m.kind)  # "2 Kästen Sprudel medium": the crate, not the bottle
    if isinstance(m, Resolved) and (ordinary := _ordinary_kind_instead(m.item, said, index)) is not None:
        m = Resolved(ordinary, m.score, m.kind)  # "2 Netz Zwiebeln": the Speisezwiebeln, not the red ones
    if isinstance(m, Ambiguous) and (with_or_without := _with_or_without(m.candidates, said)) is not None:
        m = Resolved(with_or_without, 90.0, "words")  # "Kochkäse mit Kümmel" beside "… ohne Kümmel"
    if isinstance(m, Ambiguous) and _FRESH.search(fold(said)):
        # "4 Forellen frisch" among the fresh trout and the smoked: the fresh ones
        unpreserved = [c for c in m.candidates if not _PRESERVED.search(fold(c.name))]
        if len(unpreserved) == 1:
            m = Resolved(unpreserved[0], 90.0, "words")
    if isinstance(m, Ambiguous) and not m.by_shop:
        # "2 Netz Bollen" among "Speisezwiebeln" and "Rote Zwiebeln": the plain goods are the
        # ordinary kind the trade calls "Speise-" (Speisezwiebeln, Speisekartoffeln, Speisequark)
        plain_kind = [c for c in m.candidates if fold(c.name).startswith("speise")]
        if len(plain_kind) == 1 and len({c.shop_id for c in m.candidates}) == 1:
            m = Resolved(plain_kind[0], 90.0, "words")
    if isinstance(m, Ambiguous) and not m.by_shop and (plain := _plain_one(m.candidates, said)) is not None:
        m = Resolved(plain, 90.0, "words")  # "Spargel Klasse I" beside "Spargel Klasse I, geschält": the plain one
    if isinstance(m, NotFound):
        return ItemResolution(group, "ask", question=m.question, reason="not_found", match=m,
                              candidates=m.suggestions), carry
    if isinstance(m, Ambiguous):
        return ItemResolution(group, "ask", question=m.question,
                              reason="ambiguous_shop" if m.by_shop else "ambiguous_product",
                              match=m, candidates=m.candidates), carry

    item = m.item
    pack = _pack_size(item)
    if (pack and pack > 1 and isinstance(q, Quantity) and q.unit == PIECE and q.container in (None, "Stück")
            and q.amount >= pack and q.amount % pack == 0):
        q = Quantity(q.amount / pack, PIECE, "Packung", q.text)  # "10 Eier" of the 10er pack: one pack
    if isinstance(q, Quantity) and q.unit == PIECE and q.container is None and _label_heads_the_word(said, item):
        q = Quantity(q.amount, PIECE, item.label, q.text)  # "drei Schnittchenplatten": platters, not 3 of 20
    if "paar" not in fold(said).split():
        q = pieces_as_pairs(q, item, counted=True)  # "4 Bockwürste" where they come by the pair: 2 Paar
    if weight is not None and item.unit != PIECE and (not isinstance(q, Quantity) or q.unit == PIECE):
        if weight.container == "je" and isinstance(q, Quantity) and q.unit == PIECE:
            weight = Quantity(weight.amount * q.amount, weight.unit, None, weight.text)  # 3 × 150 g
        q = weight  # "vier Schweineschnitzel, zusammen ungefähr 600 Gramm": weighed goods go by the weight
    amount = quantity_for_item(q, item)
    if isinstance(amount, Problem):
        return ItemResolution(group, "ask", item=item, question=amount.question, reason="quantity",
                              match=m, problem=amount, candidates=(item,), sold_out=not item.available), carry
    notice = None
    if not item.available:
        notice = f"{item.name} {shop_from(index.shop_name(item.shop_id))} ist gerade ausverkauft."
    return ItemResolution(
        group, "resolved", item=item, quantity=amount, readback=readback(item, amount, index),
        match=m, sold_out=not item.available, notice=notice,
    ), carry


def pieces_as_pairs(q: Quantity | Problem | None, item: CatalogItem, *, counted: bool = False) -> Quantity | Problem | None:
    """An even number of pieces of goods sold by the pair, as pairs: "8 Stück Frankfurter" are
    4 Paar. ``counted``: a bare count ("4 Bockwürste") counts pieces too (the caller has checked
    that no "Paar" was said). Pairs of goods sold by the piece are their pieces: "vier Paar
    Weißwürscht" are 8 Weißwürste."""
    if isinstance(q, Quantity) and q.unit == PIECE and fold(q.container or "") == "paar" and item.unit == PIECE \
            and fold(item.label or "stuck") in ("stuck", "stk"):
        return Quantity(q.amount * 2, PIECE, "Stück", q.text)
    if not (fold(item.label or "") == "paar" and isinstance(q, Quantity) and q.unit == PIECE
            and (q.container == "Stück" or (counted and q.container is None)) and q.amount >= 2):
        return q
    if q.amount % 2:
        # "3 Bockwürste" of goods sold by the pair: neither 3 pairs nor a half one without asking
        return Problem("ask_amount", f"{item.name} gibt es nur paarweise. Wie viele Paar möchten Sie?")
    return Quantity(q.amount / 2, PIECE, "Paar", q.text)


def _plain_one(cands: tuple[CatalogItem, ...], said: str) -> CatalogItem | None:
    """Of one shop's goods, the one whose name the others only extend by words nobody said
    ("Spargel weiß, Klasse I" and "…, geschält"); None where there is no such one."""
    if len(cands) < 2 or len({c.shop_id for c in cands}) != 1:
        return None
    said_stems = {stem(w) for w in fold(said).split()}
    names = {c: fold(c.name).replace(",", " ").split() for c in cands}
    for c, words in names.items():
        others = [n for o, n in names.items() if o is not c]
        if all(n[:len(words)] == words and len(n) > len(words)
               and not {stem(w) for w in n[len(words):]} & said_stems for n in others):
            return c
    return None


def _ordinary_kind_instead(item: CatalogItem, said: str, index: CatalogIndex) -> CatalogItem | None:
    """The shop's "Speise-" goods (Speisezwiebeln, Speisekartoffeln) where the goods were said
    plainly and matched a kind with a word nobody said ("Zwiebeln" → not the "Rote Zwiebeln")."""
    said_stems = {stem(w) for w in fold(said).split()}
    name_words = [w for w in fold(item.name).replace(",", " ").split() if w.isalpha()]
    if not name_words or fold(item.name).startswith("speise"):
        return None
    heads = [w for w in name_words if stem(w) in said_stems]
    unsaid = [w for w in name_words[:name_words.index(heads[0])] if stem(w) not in said_stems] if heads else []
    if not heads or not unsaid:
        return None
    wanted = "speise" + heads[0]
    found = [c for c in index.items_of_shop(item.shop_id) if fold(c.name).startswith(wanted)]
    if len(found) != 1:
        return None
    # every other word said must be the Speise- goods' too: "Kartoffeln mehligkochend" beside
    # "Speisekartoffeln festkochend" stays the mehligkochend ones
    theirs = {stem(w) for w in fold(found[0].name).replace(",", " ").split()} | {stem(wanted)}
    left = [w for w in said_stems - theirs - {stem(heads[0])} if len(w) >= 3 and w.isalpha()
            and w not in _ARTICLE_WORDS and parse_number(w) is None and not is_amount_word(w)]
    return None if left else found[0]


_WITH_OR_WITHOUT = re.compile(r"\b(mit|ohne) (\w+)")


def _with_or_without(cands: tuple[CatalogItem, ...], said: str) -> CatalogItem | None:
    """Of goods sold "mit X" and "ohne X", the one the words said mean: "ohne" said, the one
    without; X said without "ohne" (the reader drops the "mit"), the one with."""
    words = {stem(w) for w in fold(said).split()}
    without = "ohne" in fold(said).split()
    fits = []
    for c in cands:
        marks = _WITH_OR_WITHOUT.findall(fold(c.name))
        if any(stem(what) in words and (kind == "ohne") == without for kind, what in marks):
            fits.append(c)
    return fits[0] if len(fits) == 1 else None


_FRESH = re.compile(r"\bfrisch(?:e|en|er|es)?\b")
_PRESERVED = re.compile(r"rauch|gerauchert|geraucherte|eingelegt|mariniert|\bh milch|haltbar|tiefgekuhlt|\bglas\b|dose")


def _ends_a_word_of(said: str, name: str) -> bool:
    """Whether a word of ``name`` ends in ``said`` (six letters or more, one slip allowed)."""
    if len(said) < 6 or lexicon().is_goods(said):
        return False
    for word in fold(name).replace(",", " ").split():
        if len(word) < len(said) - 1:
            continue
        for cut in (len(said) - 1, len(said), len(said) + 1):
            tail = word[-cut:]
            if len(tail) >= len(said) - 1 and Levenshtein.distance(said, tail, score_cutoff=1) <= 1:
                return True
    return False


_APPROX = frozenset("so ca circa etwa ungefahr zusammen insgesamt rund je jeweils um die knapp gut mit von".split())


_EACH = frozenset("jede jeder jedes je jeweils pro stuck stück a à".split())


# How the same goods come cut or served: "Matjes" is the Matjesfilet
_FORM_HEADS = frozenset("filet filets scheiben stuck stucke wurfel streifen happen".split())


def _respelled(product: str, index: CatalogIndex) -> list[str]:
    """Other ways to write what was said, tried in turn where it named nothing:
    "ein Pfund Räucheraal" where the shop writes "Aal geräuchert"; "1 Kiste Bit alkoholfrei", a
    short form that begins exactly one word of the catalog's names; "Magerquark" where the shop
    writes "Speisequark Magerstufe" (the compound said apart); "a Packerl Kerzn", the "-en" ending
    clipped to "-n" as Bavarians say it."""
    ways = [re.sub(r"\br(?:ä|ae|a)ucher(\w{3,})", r"\1 geräuchert", product),
            _short_forms_spelled_out(product, index),
            *_compound_apart(product, index),
            re.sub(r"(?<=[a-zäöüß]{2}[bcdfgklmprstwxzß])n\b", "en", product)]
    return [w for w in dict.fromkeys(ways) if w != product]


# Letters that sound alike at a word's start: the recogniser writes "feltins" for "Veltins"
_ALIKE = (("f", "v"), ("v", "f"), ("k", "c"), ("c", "k"), ("ph", "f"), ("f", "ph"))


def _heard_alike(product: str, index: CatalogIndex) -> str:
    """"feltins" → "veltins": a word the catalog does not have whose first letter, heard alike,
    makes a word of its product names."""
    names = index.name_words
    out = []
    for w in product.split():
        f = fold(w)
        alike = next((b + f[len(a):] for a, b in _ALIKE if f.startswith(a) and b + f[len(a):] in names), None) \
            if len(f) >= 4 and f not in names else None
        out.append(alike or w)
    return " ".join(out)


def _compound_apart(product: str, index: CatalogIndex) -> list[str]:
    """"magerquark" → "mager quark": ways to say apart a word that ends in a word (or the last part
    of a compound) of the catalog's names after a first part of four letters or more, so the first
    part can choose the variant; the shortest last part first."""
    tails = index.name_tails
    words = product.split()
    splits = []
    for k, w in enumerate(words):
        f = fold(w)
        if f in tails:
            continue
        for cut in range(len(f) - 4, 3, -1):  # each way to cut it, the shortest last part first
            if f[cut:] in tails:
                splits.append(" ".join([*words[:k], f[:cut], f[cut:], *words[k + 1:]]))
    return splits[:6]


# Short words of everyday talk that begin longer words of some catalog ("aus" → "außen", "man" →
# "Mandeln", "was" → "Wasserburgen"): never a short form of goods.
_SHORT_WORDS_OF_TALK = frozenset("aus auf man mal was wer wie wann wo bin bis hab hat ist war nur noch dann denn "
                                 "mit vom von zum zur uns mir dir ihr sie wir der die das den dem".split())


def _short_forms_spelled_out(product: str, index: CatalogIndex) -> str:
    """"bit alkoholfrei" → "bitburger alkoholfrei": a word of three to five letters the catalog does not
    have, which begins exactly one (much longer) word of its product names."""
    names = index.name_words
    out = []
    for w in product.split():
        f = fold(w)
        longer = {n for n in names if n.startswith(f) and len(n) >= len(f) + 3} if 3 <= len(f) <= 5 and f not in names \
            and f not in _PURPOSE_WORDS and f not in _SHORT_WORDS_OF_TALK and parse_number(f) is None \
            and not lexicon().is_goods(f) else set()
        out.append(next(iter(longer)) if len(longer) == 1 else w)
    return " ".join(out)


_MEASURE_AFTER_FIGURE = frozenset("kilo kg g gramm liter l ml pfund".split())


# "null komma drei drei": a size said digit by digit (the quantity parser reads it as 0.33)
_DECIMAL_SAID = re.compile(r"\bnull komma(?: (?:null|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun)){1,3}\b")


def _decimal_said_as_figure(text: str) -> str:
    """"veltins null komma drei drei" → "veltins 0,33": matched like the figure a shop prints."""
    def figure(m: re.Match[str]) -> str:
        value = parse_number(m.group(0))
        return format(value, "f").replace(".", ",") if value is not None else m.group(0)
    return _DECIMAL_SAID.sub(figure, text)


# The grade of fruit and vegetables as said ("Klasse eins", "erste Wahl", "2. Wahl") and as a shop
# prints it (EU marketing standard: "Klasse I", "Klasse II")
_GRADE_SAID = re.compile(r"(?<![\w])(?:klasse (?P<n>eins|1|zwei|2|erste|zweite)|(?P<w>erste|1\.?|zweite|2\.?) wahl)(?![\w])"
                         # "klasse 2 kilo Spargel": great, two kilos
                         r"(?! ?(?:kilo|kg|g|gr|gramm|pfund|stück|stk|liter|l|bund|schalen?|packungen?|kisten?)(?![\w]))",
                         re.IGNORECASE)


_CHOICE_SAID = re.compile(r"(?<![\w])(?P<n>[12]\.?|erste|zweite) ?wahl(?![\w])", re.IGNORECASE)


def _choice_in_words(text: str, index: CatalogIndex | None) -> str:
    """"3kg weißen Spargel, 2. Wahl", "vom weißen erste Wahl": the grade as the shops print it, so
    that its "2." counts nothing (kept where the shops print "2. Wahl" themselves)."""
    return _as_class(_CHOICE_SAID, text, index) if index is not None else text


def _grade_as_printed(product: str, index: CatalogIndex) -> str:
    """"spargel klasse eins", "spargel erste wahl" → "spargel klasse i", where the shops print
    grades as classes (EU marketing standard); a shop that prints "2. Wahl" keeps the words."""
    return _as_class(_GRADE_SAID, product, index)


def _as_class(said: re.Pattern[str], text: str, index: CatalogIndex) -> str:
    # the catalog is looked through only where a grade was said: most turns name none
    if not said.search(text) or any(" wahl" in fold(it.name) for it in index.items):
        return text
    return said.sub(lambda m: "klasse i" if next(g for g in m.groups() if g).rstrip(".").lower()
                    in ("eins", "1", "erste") else "klasse ii", text)


def _figures_said_in_words(product: str) -> str:
    """"fünf kilo sack mehlige kartoffeln" → "5 kilo sack …": a size said in words is matched like
    the figure a shop prints ("5 kg")."""
    words = product.split()
    out = []
    for i, w in enumerate(words):
        n = parse_number(w) if not w[:1].isdigit() and i + 1 < len(words) \
            and fold(words[i + 1]) in _MEASURE_AFTER_FIGURE else None
        out.append(format(n.normalize(), "f").replace(".", ",") if n is not None and n > 0 else w)
    return " ".join(out)


_FRACTION_OF_LITRE = re.compile(r"\b(?:(?:die|der|den|das|mit|in|a|à) )?(halbe|halben|halber|halbes|halwe|viertel|"
                                r"dreiviertel) (?:liter|l)\b", re.IGNORECASE)
_LITRE_FRACTIONS = {"viertel": "0,25", "dreiviertel": "0,75"}


def _fractions_of_a_litre(product: str) -> str:
    """"Pils, die halbe Liter Flasche" → "Pils 0,5 l Flasche": the size a shop prints."""
    return _FRACTION_OF_LITRE.sub(lambda m: f"{_LITRE_FRACTIONS.get(fold(m.group(1)), '0,5')} l", product)


_CRATES = frozenset("kasten kiste kisten trager tragerl sixpack sixpacks steige".split())
_BOTTLE_WORDS = frozenset("flasche flaschen fl pulle pullen".split())


def _bottles_of_a_crate(product: str, unit: str | None) -> str:
    """"zwei Kisten Pilsner, die 0,5 l Flaschen": the bottles are the crate's, not other goods."""
    if fold(unit or "") not in _CRATES:
        return product
    words = product.split()
    kept = [w for w in words if fold(w) not in _BOTTLE_WORDS]
    return " ".join(kept) if kept and len(kept) < len(words) else product


def _only_kind_words(product: str) -> bool:
    """Whether every word (but an article) is a kind the lexicon knows: "mageren", "den würzigen"."""
    words = [w for w in fold(product).split() if w not in _KIND_ARTICLES]
    return bool(words) and all(any(g.attribute for g in lexicon().groups_of(w)) for w in words)


def _kind_dimensions(text: str) -> set[str]:
    """What the kinds said tell apart: "mild" and "würzig" the taste, "mager" the fat."""
    return {g.id.split(":")[0] for w in fold(text).split() for g in lexicon().groups_of(w) if g.attribute}


def _kind_words_plainly(product: str) -> str:
    """The kinds in their plain form: "den mageren" → "mager", "die festkochenden" → "festkochend"."""
    out = []
    for w in fold(product).split():
        if w in _KIND_ARTICLES:
            continue
        group = next(g for g in lexicon().groups_of(w) if g.attribute)
        out.append(next((f for f in group.forms if "_" not in f), w))
    return " ".join(out)


_SIZE_TALK = frozenset("mit kilo gramm pfund liter stuck den die das der".split())


def a_kind_as_said(word: str) -> bool:
    """"großn", "spritzign": a kind the lexicon knows, also in a regional form."""
    return any(any(g.attribute for g in lexicon().groups_of(form)) for form in (word, *respellings(word)))


_KIND_ARTICLES = frozenset("den die das der dem des ein eine einen einem einer so ne n nen".split())


def _is_weight(q: object) -> bool:
    return isinstance(q, Quantity) and q.unit != PIECE


def _weight_said_after(product: str) -> tuple[str, Quantity | None]:
    """"schweine schnitzel so zusammen ungefähr sechshundert gramm" → ("schweine schnitzel", 0.6 kg):
    a weight or volume said after the goods, with the words that hedge it."""
    qs = find_quantity(product)
    if qs is None or qs.start == 0 or not isinstance(qs.result, Quantity) or qs.result.unit == PIECE:
        return product, None
    words = fold(product).split()
    head = words[:qs.start]
    each = False
    while head and (head[-1] in _APPROX or head[-1] in _EACH):
        each = each or head[-1] in _EACH
        head.pop()
    rest = words[qs.end:]
    if not head or any(w not in _APPROX for w in rest):
        return product, None
    weight = qs.result
    if each:
        weight = Quantity(weight.amount, weight.unit, "je", weight.text)  # multiplied by the count below
    return " ".join(head), weight


_ASKING = frozenset("was wie welche welches welchen wo gibt gibts habt hen hend hat haben ist sind".split())


def _known_as_goods(folded: str, index: CatalogIndex) -> bool:
    """Whether a folded word is a word of the catalog's names or goods the lexicon knows."""
    return stem(folded) in index.by_word or lexicon().is_goods(folded)


def _names_goods(word: str, index: CatalogIndex) -> bool:
    """Whether the word alone is goods: a word of the catalog's names or the lexicon's goods."""
    key = stem(fold(word))
    return len(key) > 2 and (key in index.by_word or key in index.by_key or lexicon().is_goods(word)
                             or any(True for _ in index.keys_with_suffix(key, limit=1)))


def _goods_then_talk(product: str, index: CatalogIndex) -> list[tuple[str, bool]]:
    """Ways to cut ``product`` into goods and talk around them, the longest goods first, each as
    (the goods, whether the talk came after them): talk after the goods where its first word
    names no goods the catalog or the lexicon knows, then talk before them where none of its
    words does."""
    words = product.split()
    if len(words) < 2:
        return []

    def names_nothing(word: str) -> bool:
        w = fold(word)
        return len(w) >= 3 and not _known_as_goods(w, index) and parse_number(w) is None

    cuts = []
    for k in range(len(words) - 1, 0, -1):
        if len(words) >= 3 and names_nothing(words[k]):
            cuts.append((" ".join(words[:k]), True))
    # and words about the goods before them: "eine dicke Stumpenkerze aus Bienenwachs"
    for k in range(1, len(words)):
        if all(names_nothing(w) for w in words[:k]) and not {fold(w) for w in words[:k]} & _ASKING:
            cuts.append((" ".join(words[k:]), False))  # ("was hen ihr alles an Dinkelmehl" asks)
    return cuts


def _known_words_only(product: str, index: CatalogIndex) -> str:
    """The product words the catalog knows, when some it does not ("emmentaler den jungen mit
    sechs monat" → "emmentaler jungen sechs monat"); numbers and known words stay."""
    words = product.split()
    if len(words) < 2:
        return product
    def known(word: str) -> bool:
        key = stem(fold(word))
        return (not key or key.isdigit() or parse_number(word) is not None or key in index.by_key
                or any(True for _ in index.keys_with_prefix(key[:max(4, len(key) - 2)], limit=1))
                or any(True for _ in index.keys_with_suffix(key, limit=1)))
    kept = [w for w in words if known(w)]
    if not kept or len(kept) == len(words) or not any(parse_number(w) is None for w in kept):
        return product
    return " ".join(kept)


def _one_shop_counted_packs(cands: tuple[CatalogItem, ...]) -> bool:
    """Packs of one shop told apart by how many pieces they hold (6er, 10 Stück)."""
    sizes = [parse_size(c.size) or parse_size(_count_in_name(c.name)) for c in cands]
    return len({c.shop_id for c in cands}) == 1 and all(s is not None and s[1] == PIECE for s in sizes)


def _pack_size(item: CatalogItem) -> Decimal | None:
    size = parse_size(item.size) or parse_size(_count_in_name(item.name))
    return size[0] if size is not None and size[1] == PIECE else None


def _label_heads_the_word(said: str, item: CatalogItem) -> bool:
    """The goods were named by a compound whose last part is the item's label ("Schnittchenplatte",
    "Schnittchen platten" for a Platte of 20): what is counted is that label."""
    label = stem(fold(item.label or ""))
    if len(label) < 4:
        return False
    said_words = fold(said).split()
    words = [stem(w) for w in said_words] + [stem(a + b) for a, b in zip(said_words, said_words[1:], strict=False)]
    return any(len(w) > len(label) + 2 and w.endswith(label) and w.startswith(stem(fold(item.name.split()[0]))[:4])
               for w in words)


def _packs_for_count(cands: tuple[CatalogItem, ...], q: object) -> tuple[CatalogItem, Decimal] | None:
    """The pack a counted amount fills (twelve eggs: two 6er packs, ten: one 10er) and how many."""
    if not isinstance(q, Quantity) or q.unit != PIECE or q.container is not None:
        return None
    fits = []
    for c in cands:
        n = _pack_size(c)
        if n and q.amount >= n and (q.amount / n) == (q.amount / n).to_integral_value():
            fits.append((q.amount / n, c))
    if not fits:
        return None
    fits.sort(key=lambda f: f[0])
    return fits[0][1], fits[0][0]


def _count_in_name(name: str) -> str | None:
    m = re.search(r"(\d+)\s*(?:er\b|stück|stk)", name.lower())
    return f"{m.group(1)} Stück" if m else None


def _said_words_begin(said: str, item: CatalogItem) -> bool:
    """Every word said (3+ letters) begins a word of the item's name, and one is a whole word of it:
    "Kartoffeln mehlig" → "Kartoffeln mehligkochend" (but "Butter" is no "Butterkuchen")."""
    name = [stem(w.strip(",;()")) for w in fold(item.name).split()]  # "alkoholfrei, Kasten": the word without its comma
    words = [stem(w) for w in fold(normalize_product_text(said)).split() if len(w) >= 3]
    exact = [w for w in words if w in name]
    return bool(exact) and len(exact) < len(words) and all(any(n.startswith(w) for n in name) for w in words)


def _sizes_across_shops(cands: tuple[CatalogItem, ...]) -> bool:
    """The same goods in several sizes, sold by more than one shop ("Kartoffeln festkochend,
    2,5 kg" at two shops, "…, 12,5 kg" at one)."""
    return (len({c.shop_id for c in cands}) > 1 and len({_without_size(c.name) for c in cands}) == 1
            and len({content_size(c) for c in cands}) > 1 and None not in {content_size(c) for c in cands})


def _same_product_sizes(cands: tuple[CatalogItem, ...]) -> bool:
    """Several items of ONE shop with the same name but for the size ("Butter 125 g", "Butter 250 g")."""
    return len(cands) > 1 and len({c.shop_id for c in cands}) == 1 and len({_without_size(c.name) for c in cands}) == 1


# "250 g", "10er", and the trade's "2,5-kg-Beutel" / "10-kg-Sack" with its packing word
_SIZE_IN_NAME = re.compile(r"\d+(?:,\d+)?[\s-]*(?:kg|g|l|ml|cl)\b(?:[\s-]+(?:beutel|sack|netz|kiste|schale|"
                           r"packung|glas|becher|dose|eimer)\b)?|\d+er\b")


def _without_size(name: str) -> str:
    return " ".join(_SIZE_IN_NAME.sub(" ", fold(name)).split())


def _size_siblings(item: CatalogItem, index: CatalogIndex) -> tuple[CatalogItem, ...]:
    """Other items of the same shop with the same name and unit (other sizes); cached per index."""
    groups = index.__dict__.get("_same_name")
    if groups is None:
        groups = {}
        for pos, it in enumerate(index.items):
            groups.setdefault((it.shop_id, index.name_keys[pos], it.unit), []).append(it)
        groups = index.__dict__["_same_name"] = {k: tuple(v) for k, v in groups.items() if len(v) > 1}
    key = (item.shop_id, _name_key(item), item.unit)
    return tuple(it for it in groups.get(key, ()) if it.product_id != item.product_id)


def _portion_siblings(item: CatalogItem, index: CatalogIndex) -> tuple[CatalogItem, ...]:
    """The same shop's other portion of the same goods ("Käsekuchen, ganz" beside "Käsekuchen, Stück")."""
    mine = portion_of(item.name)
    if mine is None:
        return ()
    head = fold(item.name.split(",")[0])
    return tuple(it for it in index.items_of_shop(item.shop_id)
                 if it.product_id != item.product_id and portion_of(it.name) not in (None, mine)
                 and fold(it.name.split(",")[0]) == head)


def _name_key(item: CatalogItem) -> str:
    return keys(item.name)[0] or item.name.lower()


def size_for_amount(cands: tuple[CatalogItem, ...], quantity: str | None, unit: str | None) -> CatalogItem | None:
    """Of one shop's sizes of a product, the one the amount said fits ("fünf Kilo, die mehligen":
    two 2,5-kg bags, not half a 10-kg sack); None when the amount decides nothing."""
    if len({c.shop_id for c in cands}) != 1:
        return None
    return _pick_size(cands, parse_quantity(quantity, unit))


def _pick_size(cands: tuple[CatalogItem, ...], q: Quantity | Problem | None) -> CatalogItem | None:
    """The size that the amount fits: twelve eggs → the 6er pack (2), ten → the 10er; when
    several fit, the one needing the fewest pieces; None when the amount decides nothing (no
    amount, a count of packs, or no size fits)."""
    if not isinstance(q, Quantity) or (q.container is not None and q.container != "mal" and q.unit == PIECE):
        return None
    if q.container == "mal":
        return None
    fits: list[tuple[Decimal, CatalogItem]] = []
    for it in cands:
        a = quantity_for_item(q, it)
        if isinstance(a, Decimal):
            fits.append((a, it))
    if not fits:
        return None
    if len(fits) > 1 and q.unit == PIECE and not any(parse_size(it.size) for _, it in fits):
        return None
    fits.sort(key=lambda f: f[0])
    return fits[0][1]


def _catalog_labels(index: CatalogIndex) -> dict[str, str]:
    """Folded label words of the catalog ("ring" → "Ring"), plural forms included; cached."""
    labels = index.__dict__.get("_label_words")
    if labels is None:
        labels = {}
        for lab in {it.label for it in index.items if it.label}:
            for form in (lab, label_plural(lab, 2)):
                labels.setdefault(fold(form), lab)
        index.__dict__["_label_words"] = labels
    return labels


def _label_as_unit(product: str, q: Quantity | Problem | None, index: CatalogIndex
                   ) -> tuple[str, Quantity | Problem | None]:
    """A product's label said as its unit: "ring fleischwurst", "topf alpenveilchen" → the product
    without it, counted in that label (one when no number was said)."""
    words = product.split()
    sized = [w for w in words if without_size_words(w)] if len(words) > 2 else words
    if len(sized) < len(words) and len(sized) >= 2 and (container_word(sized[0])
                                                       or _catalog_labels(index).get(fold(sized[0]))):
        words = sized  # "ein kleines Glas Blütenhonig": the size word stays in what was said (``said``)
    if len(words) > 2 and fold(words[0]) in WHOLE_WORDS and _catalog_labels(index).get(fold(words[1])):
        words = words[1:]  # "ein ganzes Blech Zwetschgendatschi": the whole one is the Blech
    if len(words) < 2:
        return product, q
    first = words[0]
    label = container_word(first) or _catalog_labels(index).get(fold(first))
    if label is None or label == "mal":
        return product, q
    rest = " ".join(words[1:])
    whole = match_product(product, index)
    if isinstance(whole, Resolved) and not _label_of_rest(rest, label, index):
        return product, q  # the word belongs to the name ("Topf Pflanzen …")
    rest_words = rest.split()
    if q is None and len(rest_words) > 1 and (n := parse_number(rest_words[0])) is not None and n > 0 \
            and rest_words[0][:1].isdigit():
        # "St. 12 Stutenkerle" (or "Sankt Martin" cut to "St."): the figure after it is the amount
        return " ".join(rest_words[1:]), Quantity(n, PIECE, label, f"{first} {rest_words[0]}")
    if q is None:
        q = Quantity(Decimal(1), PIECE, label, first)
    elif isinstance(q, Quantity) and q.unit == PIECE and q.container is None:
        q = Quantity(q.amount, PIECE, label, f"{q.text} {first}".strip())
    return rest, q


def _other_kind_of_last(before: str, word: str, index: CatalogIndex) -> str | None:
    """"Hofkäse mild und würzig": a lone word after goods named with a kind word is the other
    kind of the same goods, where the catalog has it ("hofkäse würzig"); else None."""
    words = before.split()
    if words and not (a_kind_as_said(fold(words[-1])) or _is_participle(words[-1])):
        return None  # "Spargel Klasse I, geschält": no kind said before that this one could replace
    alone = match_product(word, index) if len(word.split()) == 1 and len(words) >= 2 else None
    if alone is None or (isinstance(alone, Resolved) and alone.kind in ("exact", "alias")):
        return None  # goods of their own ("… und Butter")
    first = match_product(before, index)
    other = " ".join([*words[:-1], word])
    found = match_product(other, index)
    if isinstance(first, Resolved) and isinstance(found, Resolved) and found.item != first.item \
            and found.item.shop_id == first.item.shop_id and found.kind in ("exact", "alias", "words"):
        return other
    return None


def _describes(before: str, words: str, index: CatalogIndex) -> bool:
    """Words after a comma that only tell the goods before it apart ("Kaffee, gemahlen",
    "Kartoffeln, festkochend"): together they name one of the goods the first words named, and
    alone nothing else."""
    if len(words.split()) > 2:
        return False
    together = match_product(f"{before} {words}", index)
    if not isinstance(together, Resolved):
        return False
    first = match_product(before, index)
    named = (first.item,) if isinstance(first, Resolved) else first.candidates if isinstance(first, Ambiguous) else ()
    if together.item not in named:
        return False
    alone = match_product(words, index)
    if isinstance(alone, Resolved):
        return alone.item == together.item and alone.kind not in ("exact", "alias")
    return not isinstance(alone, Ambiguous) or together.item in alone.candidates


def _fits_the_goods_named(before: str, words: str, index: CatalogIndex) -> bool:
    """Words said as "so ein …" after goods that, alone, could name the goods just named."""
    first = match_product(before, index)
    alone = match_product(" ".join(w for w in words.split() if w not in WHOLE_WORDS) or words, index)
    if not isinstance(first, Resolved):
        return False
    return (isinstance(alone, Resolved) and alone.item == first.item) \
        or (isinstance(alone, Ambiguous) and first.item in alone.candidates)


def _said_kind_sibling(item: CatalogItem, product: str, index: CatalogIndex) -> CatalogItem | None:
    """A describing word that the matcher may leave aside ("frische Milch") but that names
    another of the same shop's goods: that one. None when the match already has it."""
    words = fold(product).split()
    soft = [stem(w) for w in words if w in _SOFT_FOLDED]
    name = fold(item.name)
    if not soft or any(s in name for s in soft):
        return None
    rest = [stem(w) for w in words if w not in _SOFT_FOLDED and len(w) >= 3]
    if not rest:
        return None
    # the shop's goods whose name has every other word said (or as the end of a compound) and the describing one
    fitting = [c for c in index.items_of_shop(item.shop_id) if c.product_id != item.product_id
               and all(any(n.endswith(r) or n.startswith(r) for n in fold(c.name).replace(",", " ").split())
                       for r in rest)
               and all(s in fold(c.name) for s in soft)]
    return fitting[0] if len(fitting) == 1 else None


_SOFT_FOLDED = frozenset(fold(w) for w in SOFT_ADJECTIVES)


_PACKING_AT_END = re.compile(r"^(?P<goods>.+?) (?:im|in|in der|in einem|in einer|als) (?:\w+ )?(?P<label>\w+)$")


def _without_packing_at_end(product: str, index: CatalogIndex) -> str:
    """"Blütenhonig im kleinen Glas", "Wasser in der Flasche": the goods, the packing said after
    them (it stays in what was said, where it picks the variant)."""
    m = _PACKING_AT_END.match(product)
    if m is None or isinstance(match_product(product, index), Resolved):
        return product
    label = m.group("label")
    if container_word(label) is None and fold(label) not in _catalog_labels(index):
        return product
    return m.group("goods")


def _packing_said_plainly(product: str) -> str:
    """"Wasser spritzig in Plastik": the PET bottle, in the words a shop writes."""
    words = product.split()
    if not any(fold(w) in PACKING_SYNONYMS for w in words):
        return product
    out = [PACKING_SYNONYMS.get(fold(w), w) for w in words]
    return " ".join(w for i, w in enumerate(out)
                    if not (fold(w) == "in" and i + 1 < len(out) and out[i + 1] == "pet"))


def _without_negated(m: Resolved | Ambiguous, product: str, negated: str, index: CatalogIndex) -> Match:
    """The match without the goods said to be unwanted; where the match itself is unwanted, the
    same goods' other variants ("Leberwurst, nich die im Glas": the fresh one, not the jar)."""
    cands = (m.item,) if isinstance(m, Resolved) else m.candidates
    kept = not_these(cands, negated)
    if kept == cands and isinstance(m, Resolved):
        head = product.split()[0] if product.split() else product
        wider = match_product(head, index)
        pool = wider.candidates if isinstance(wider, Ambiguous) else (wider.item,) if isinstance(wider, Resolved) else ()
        pool = tuple(c for c in pool if c.shop_id == m.item.shop_id) or pool
        kept = not_these(tuple(dict.fromkeys((m.item, *pool))), negated)
        if kept == tuple(dict.fromkeys((m.item, *pool))) or not kept:
            return m
    if kept == cands:
        return m
    if len(kept) == 1:
        return Resolved(kept[0], 90.0, "words")
    return ambiguous(list(kept), index)


def _match_in_shops(product: str, index: CatalogIndex, shops: tuple[str, ...]) -> Match | None:
    """The match among the named shops' goods only (a small index, built on a mismatch only)."""
    mini = index.of_shops(shops)  # kept per set of shops: a shop kind of a large region has thousands of goods
    if mini is None:
        return None
    m = match_product(product, mini)
    words = [w for w in product.split() if not any(ch.isdigit() for ch in w)]
    if isinstance(m, NotFound) and words and len(words) < len(product.split()):
        m = match_product(" ".join(words), mini)  # "10er Eier": the figure chooses the variant later
    if isinstance(m, NotFound) and (known := _known_words_only(product, mini)) != product:
        m = match_product(known, mini)  # "süßen Senf vom Zeh": the butcher's Weißwurstsenf
    if isinstance(m, Resolved) or (isinstance(m, Ambiguous) and len(m.candidates) <= 3):
        return m
    return None


def _label_of_rest(rest: str, label: str, index: CatalogIndex) -> bool:
    """"Torten Schwarzwälder": the goods without the word come with it as their label (the whole
    cake beside the piece), so the word says the portion, not part of the name."""
    alone = match_product(rest, index)
    its = (alone.item,) if isinstance(alone, Resolved) else alone.candidates if isinstance(alone, Ambiguous) else ()
    its = tuple(its) + tuple(s for it in its for s in _portion_siblings(it, index))
    return any(fold(it.label or "") == fold(label) for it in its)


_ADJECTIVE_ENDINGS = ("e", "en", "er", "es")


def _kind_of_the_goods_before(group: Mapping[str, str | None], before: Mapping[str, str | None],
                              index: CatalogIndex) -> Mapping[str, str | None]:
    """"2 frische Forellen und 1 geräucherte": a kind said alone is of the goods named before it,
    where it names no goods of its own and with them names one."""
    said = (group.get("product") or "").strip()
    goods_before = (before.get("product") or "").split()
    kinds = [w for w in fold(said).split() if w not in _KIND_ARTICLES and w not in _SIZE_TALK and parse_number(w) is None]
    if len(said.split()) > 1 and goods_before and kinds and not group.get("unit") \
            and all(a_kind_as_said(w) for w in kinds):
        # "an Christstolln, an großn, den mit an Kilo": the kind of the goods before, not a
        # "großer Blumenstrauß" of its own
        return {**group, "product": " ".join([*goods_before, *kinds])}
    if len(said.split()) != 1 or len(said) < 3 or not goods_before or container_word(said) is not None \
            or group.get("unit"):
        return group  # ("die ein Liter Flaschen", "200 g Käse": not a kind of the goods before)
    alone = match_product(said, index)
    # "10 Brötchen + 4 Mohn" where the mill sells Blaumohn: the word only ends another compound
    only_ends = isinstance(alone, Resolved) and alone.kind == "head" and not lexicon().is_goods(said)  # ("1 Butter")
    if (isinstance(alone, Resolved) and not only_ends) or (isinstance(alone, Ambiguous) and any(
            stem(fold(c.name).split()[0].strip(",")) == stem(fold(said)) for c in alone.candidates)):
        return group  # goods of their own: "Bit alkfrei" … "1 Kasten Weißbier" (hell or alkoholfrei) is no alkfrei
    # "6 Brötchen, 4 Mohn": the kind glued to the goods before, where the catalog has that compound
    # and the word alone finds nothing ("2 Gurken und einen Salat": the Salat is goods of its own)
    glued = tuple(f"{said}{fold(word)}" for word in reversed(goods_before) if len(word) > 3)  # "Brötchen normal"
    for product in (glued if isinstance(alone, NotFound) or only_ends else ()) + (
            (f"{said} {goods_before[-1]}",) if len(said) >= 5 and fold(said).endswith(_ADJECTIVE_ENDINGS) else ()):
        match = match_product(product, index)
        if isinstance(match, Resolved) and match.kind in (("exact", "alias", "words") if only_ends
                                                          else ("exact", "alias", "words", "head")) \
                and not _heads_a_compound(said, match.item.name):
            return {**group, "product": product}
    return group


def _heads_a_compound(word: str, name: str) -> bool:
    """Whether the word is the end of a longer word of the name: goods of their own ("Brötchen"
    of the "Franzbrötchen"), not a kind of them ("geräucherte" of the "Forelle geräuchert")."""
    key = stem(fold(word))
    return any(len(w) > len(key) + 2 and stem(w).endswith(key) for w in fold(name).split())


def resolve_items(
    groups: Iterable[Mapping[str, str | None]],
    index: CatalogIndex,
    default_shop: str | ShopMatch | Iterable[str] | None = None,
) -> list[ItemResolution]:
    """Resolve the order groups of ONE utterance (see module doc for the shop rules)."""
    carried = _shop_ids(default_shop)
    out: list[ItemResolution] = []
    prev: Mapping[str, str | None] | None = None
    for g in groups:
        if not (g.get("product") or "").strip() and prev is not None and g.get("quantity"):
            # ellipsis: "… eine flasche milch vom wienker und zwei vom schulze"
            g = {**g, "product": prev.get("product"), "unit": g.get("unit") or prev.get("unit")}
        elif prev is not None:
            g = _kind_of_the_goods_before(g, prev, index)
        if (g.get("product") or "").strip():
            prev = g
        alongside = out[-1].item.shop_id if out and out[-1].status == "resolved" and out[-1].item else None
        res, carried_next = _resolve_one(g, index, carried, alongside)
        out.append(res)
        if carried_next:
            carried = carried_next
    return out


# An article said where an amount stands ("an Topfen", "ne Torte"): no amount of the goods' own
ARTICLE_AMOUNTS = frozenset({"", "a", "e", "en", "an", "ne", "nen", "n", "ein", "eine", "einen", "oa", "oan"})


def without_goods_described_again(groups: list[dict], resolutions: list[ItemResolution]
                                  ) -> tuple[list[dict], list[ItemResolution]]:
    """Groups and their resolutions without a group that only describes the goods of the group
    before: no amount of its own, and the same product ("einen Adventskranz, den naturbelassenen
    mit 30 cm" is one wreath). The lists stay in step (callers zip them)."""
    kept_groups: list[dict] = []
    kept: list[ItemResolution] = []
    for group, res in zip(groups, resolutions, strict=True):
        own_amount = fold(group.get("quantity") or "") not in ARTICLE_AMOUNTS and not group.get("portion")
        if kept and not own_amount and res.status == "resolved" \
                and kept[-1].status == "resolved" and res.item is not None and res.item == kept[-1].item:
            continue  # (also "a geräucherte Forelle, a ganze": the article of a description)
        kept_groups.append(group)
        kept.append(res)
    return kept_groups, kept


# ---- rule-based group extraction -------------------------------------------------------------

# number words that start the goods inside a longer text ("… a weng Fisch, zwa Saibling frisch")
_COUNT_WORDS = frozenset("zwei drei vier funf sechs sieben acht neun zehn elf zwolf zwanzig dreissig".split())

_TIMES_AFTER = re.compile(r"(.+?) (\d+) x")
_SIZE_UNITS_SAID = frozenset("g gr gramm kg kilo l liter ml cl".split())


_HALF_AND_HALF = re.compile(
    r"(?P<count>\d+|(?:ein |zwei )?dutzend|zwölf|zehn|acht|sechs|vier|zwanzig|vierzehn|sechzehn|achtzehn)\s+"
    r"(?P<goods>[a-zäöüß-]{3,})[,;:]?\s+halb\s+(?P<one>[a-zäöüß-]{3,})[,;]?\s+(?:und\s+)?halb\s+(?P<other>[a-zäöüß-]{3,})")


def _half_and_half(m: re.Match[str]) -> str:
    q = parse_quantity(m.group("count"), None)
    if not isinstance(q, Quantity) or q.unit != PIECE or q.amount % 2:
        return m.group(0)
    half = format(q.amount / 2, "f").rstrip("0").rstrip(".")
    return f"{half} {m.group('goods')} {m.group('one')} und {half} {m.group('goods')} {m.group('other')}"


_NUMBER_SAID = r"(?:\d+(?:[.,]\d+)?|ein|eine|einen|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|anderthalb|eineinhalb)"
_EACH_WEIGHING = re.compile(
    rf"\b(?P<n>{_NUMBER_SAID})\s+(?P<goods>[a-zäöüß-]{{4,}})(?:\s+(?:bestellen|bitte|frisch|ganz))?,?\s+"
    rf"(?:(?:je|jeweils|à|zu je)\s+(?:so\s+)?(?:(?:um\s+)?(?:die|de|etwa|ca\.?|circa|ungefähr)\s+)?(?P<m1>{_NUMBER_SAID})\s*"
    rf"(?P<u1>kilo|kg|pfund|gramm|g)\b"
    rf"|(?:so\s+)?(?:(?:um\s+)?(?:die|de|etwa|ca\.?|circa|ungefähr)\s+)?(?P<m2>{_NUMBER_SAID})\s*(?P<u2>kilo|kg|pfund|gramm|g)"
    rf"\s+(?:jeder|jede|jedes|jeweils|je|pro stück|das stück|pro stk|jedes stück)\b)")


def _weight_of_them_all(index: CatalogIndex | None, m: re.Match[str]) -> str:
    """"2 Karpfen je 1,5 kg" → "3 kg Karpfen": weighed goods are ordered by their whole weight
    (goods sold by the piece stay counted: "10 Semmeln je 60 g" are ten rolls)."""
    found = match_product(m.group("goods"), index) if index is not None else None
    meant = [found.item] if isinstance(found, Resolved) else list(found.candidates) if isinstance(found, Ambiguous) else []
    if not meant or any(item.unit == PIECE for item in meant):
        return m.group(0)
    count = parse_number(m.group("n"))
    each = parse_number(m.group("m1") or m.group("m2"))
    if count is None or each is None or count != count.to_integral_value() or not 1 < count <= 30:
        return m.group(0)
    total = format((count * each).normalize(), "f").replace(".", ",")
    return f"{total} {m.group('u1') or m.group('u2')} {m.group('goods')}"


_ROUND_ABOUT = re.compile(r"\bum\s+(?:(?:de|der|die|den|di)\s+)?(?=(?:[\d,]+|ein|eine|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|"
                          r"zwölf|anderthalb|eineinhalb|halbes)\s+(?:kilo|kg|gramm|g|pfund|liter|stück)\b)")
_ROUND_ABOUT_AFTER = re.compile(r"\b(kilo|kg|gramm|pfund|liter|stück|meter)\s+(?:rum|herum)\b")
_HESITATIONS = frozenset("äh ähm äm ähem öh öhm hm hmm mhm ehm em".split())

_LEAD_FILLERS = set(
    """äh ähm äm öh öhm hm hmm mhm ehm also bitte ja jaa jo nee noch gern gerne dann und was etwas
    schreib schreibe schreiben notier notiere notieren pack packe packen tu tun legen leg halt eben
    ich hätte hätt möchte möcht möchten würde will wollte wollt brauche bräuchte nehme nehm kaufen bestellen
    gib geben sie mir uns wir gerne ok okay gut genau so na nun zusätzlich außerdem dazu auch
    guten tag hallo moin servus grüß gott tach morgen abend schönen
    hätten wir da zwar erstens zweitens drittens viertens fünftens zuerst
    dafür hierfür stattdessen nee nein nur nicht brauch bräucht hätt
    ach doch lieber mach machen nehmen nimm draus daraus einzelne einzeln einzelnen je jeweils zum zur in
    """.split()
)
_TRAIL_FILLERS = set(
    """bitte danke dankeschön schön gern gerne noch also ja und das wärs wäre es wars war alles
    haben hätte möchte will brauche kaufen bestellen nehmen buchen reservieren nee nein draus daraus aber
    """.split()
)
_SPLIT_WORDS = {"und", "u", "sowie", "dazu", "außerdem", "plus", "ausserdem"}  # "u.": typed "und"
_SHOP_PREPS = {"vom", "von", "beim", "bei", "aus"}
_SHOP_ARTICLES = {"der", "dem", "den"}
_PEOPLE = {"person", "personen", "leute", "teilnehmer", "teilnehmerinnen", "gäste"}


def _persons_in_a_name(before: list[str], count: Decimal | None, index: CatalogIndex | None) -> bool:
    """Whether goods said before "für N Personen" are sold under a name with that many persons:
    then the persons tell the size, not the amount."""
    if index is None or count is None or count % 1:
        return False
    said = [fold(w) for w in before if len(w) > 3]
    persons = f"{int(count)} person"
    return bool(said) and any(persons in fold(it.name) and all(w in fold(it.name) for w in said) for it in index.items)
_SHOP_END = {"für", "fürs", "mit", "zum", "zur", "über", "bis", "ab"}
_SHOP_END_FOLDED = frozenset(fold(w) for w in _SHOP_END)


# "so ne", "so eine": what the goods just named are like ("ne Gans, so ne bratfertige")
_SUCH_A = frozenset(("so", a) for a in ("ne", "n", "nen", "eine", "einen", "ein", "einer", "e", "a", "an"))


def _split_segments(words: list[str], index: CatalogIndex | None) -> list[list[str]]:
    segs: list[list[str]] = [[]]
    for i, w in enumerate(words):
        if w == "|" or w in _SPLIT_WORDS:
            # keep "und" inside a known product name ("salz und pfeffer")
            if w == "und" and index is not None and _und_in_name(segs[-1], words[i + 1:], index):
                segs[-1].append(w)
                continue
            segs.append([])
            continue
        segs[-1].append(w)
    return [s for s in segs if s]


def _und_in_name(before: list[str], after: list[str], index: CatalogIndex) -> bool:
    """"Salz und Pfeffer" as one product of the catalog, "halb und halb" as one word of the lexicon."""
    for a in range(1, min(3, len(before)) + 1):
        for b in range(1, min(3, len(after)) + 1):
            phrase = " ".join(before[-a:] + ["und"] + after[:b])
            if _is_exact_name(phrase, index) or lexicon().groups_of(phrase):
                return True
            # "von Obst & Gemüse Wilke": the "und" inside a shop's name
            if a <= 2 and before[-a - 1:-a] and before[-a - 1] in _SHOP_PREPS | _SHOP_ARTICLES \
                    and _names_shop_with_und(" ".join(before[-a:] + ["und"] + after[:b]), after[:b], index):
                return True
    return False


def _names_shop_with_und(phrase: str, after: list[str], index: CatalogIndex) -> bool:
    """The phrase names one shop whose own name has "&" or "und" in it ("Obst & Gemüse Wilke"),
    and the words after the "und" are its name's ("vom Rickert und 800 g Rehgulasch" is two items)."""
    sm = match_shop(phrase, index, strict=True)
    if sm is None or not sm.unique:
        return False
    name = index.shop_name(sm.shop_ids[0]).lower()
    name_words = set(fold(name).replace("&", " ").split())
    return ("&" in name or " und " in name) and all(fold(w) in name_words for w in after)


def _is_exact_name(text: str, index: CatalogIndex) -> bool:
    from .normalize import compact_key

    return compact_key(text) in index.by_compact


# Words of a "when" or "how" phrase inside an order sentence ("… für samstag", "morgen früh",
# "um 10 uhr", "liefern sie mir …"): never part of a product, dropped from the groups.
_WHEN_WORDS = set(
    """heute morgen übermorgen uebermorgen früh frueh morgens vormittag vormittags mittag mittags
    nachmittag nachmittags abend abends woche wochenende nächste nächsten kommende kommenden
    montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag montags dienstags
    mittwochs donnerstags freitags samstags sonntags uhr liefern lieferung liefert bringen bringt
    schicken abholen abholung hole holen
    ostern oschtern ostersonntag ostermontag pfingsten weihnachten heiligabend silvester neujahr
    fasching fasnet fastnacht karneval feiertag feiertage""".split()
)
_WHEN_PREPS = {"für", "am", "bis", "zum", "um", "ab", "gegen", "nach"}
_DATE_RE = re.compile(r"^\d{1,2},\d{1,2}$")


def _drop_when(words: list[str]) -> list[str]:
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in _WHEN_WORDS:
            while out and out[-1] in _WHEN_PREPS:
                out.pop()
            continue
        if _DATE_RE.match(w) and ((out and out[-1] in _WHEN_PREPS) or nxt in _WHEN_WORDS):
            # "am 1.12. vormittags" (clean() turned "1.12" into "1,12"): a date, not an amount
            while out and out[-1] in _WHEN_PREPS:
                out.pop()
            continue
        if nxt == "uhr" and (w.isdigit() or find_quantity(w) is not None):
            # "um 10 30 uhr" (from "10:30"): the hour goes too
            while out and (out[-1] in _WHEN_PREPS or (out[-1].isdigit() and w.isdigit())):
                out.pop()
            continue
        out.append(w)
    return out


def _strip(words: list[str]) -> list[str]:
    i, j = 0, len(words)
    while i < j and words[i] in _LEAD_FILLERS:
        if words[i] in ("je", "jeweils") and i + 1 < j and words[i + 1] in _APPROX:
            break  # "4 Schweineschnitzel, je ca. 150 g": the weight of each, kept for the goods before
        i += 1
    while j > i and words[j - 1] in _TRAIL_FILLERS:
        j -= 1
    return words[i:j]


_SAME_SHOP = (("von", "dort"), ("von", "da"), ("vom", "selben"), ("von", "demselben"), ("vom", "gleichen"),
              ("von", "dem", "gleichen"), ("von", "ebenda"), ("da", "auch"), ("dort", "auch"))


def _same_shop_said(words: list[str]) -> tuple[list[str], bool]:
    """"… auch von dort", "vom selben Laden": the words without it, and whether it was said."""
    for k in range(len(words)):
        for phrase in _SAME_SHOP:
            if tuple(words[k:k + len(phrase)]) == phrase:
                end = k + len(phrase)
                while end < len(words) and words[end] in ("laden", "geschäft", "hof", "bitte"):
                    end += 1
                start = k - 1 if k and words[k - 1] == "auch" else k
                return words[:start] + words[end:], True
    return words, False


def _find_shop(words: list[str], index: CatalogIndex | None) -> tuple[int, int, str] | None:
    """Shop phrase in a segment: (start, end, shop text without preposition/article).

    It runs from "vom"/"beim"/"bei"/"von der"/"aus dem" … to the end of the segment or to a
    quantity that follows it ("vom hof wienker ein halbes kilo butter"). With an index, a
    phrase naming no known shop stays in the product text when the product text then names a
    product ("filet vom rind"); otherwise it is kept as an (unknown) shop so the dialogue asks.
    """
    for p, w in enumerate(words):
        if w not in _SHOP_PREPS:
            continue
        s = p + 1
        if s < len(words) and words[s] in _SHOP_ARTICLES:
            s += 1
        if s >= len(words):
            continue
        e = len(words)
        for k in range(s + 1, len(words)):
            qs = find_quantity(" ".join(words[k:]))
            if qs is not None and (qs.start == 0 or (qs.start == 1 and words[k] in ("je", "jeweils", "à", "a", "zu"))):
                e = k  # "von der Metzgerei Schmitz je 200 g …": the shop ends where the amount starts
                break
            # "bei hagedorn für 2 personen": "für …" after a known shop is not part of its name
            if words[k] in _SHOP_END and index is not None \
                    and match_shop(" ".join(words[s:k]), index, strict=True) is not None:
                e = k
                break
        while e - 1 > s and (words[e - 1] in _LEAD_FILLERS or words[e - 1] in ("i", "mer", "mir", "aber", "oder")):
            e -= 1  # "vom Hof Schmitt bräucht i an Liter Milch": the shop ends before the talk
        text = " ".join(words[s:e])
        bare = w in ("von", "aus") and words[p + 1] not in _SHOP_ARTICLES
        if index is None:
            if bare:
                continue  # "filet von rind": too weak without an index
            return p, e, text
        if match_shop(text, index, strict=True) is not None:
            return p, e, text
        ws = words[:e]
        qs = find_quantity(" ".join(ws))
        if qs is not None:
            ws = ws[:qs.start] + ws[qs.end:]
        m = match_product(" ".join(ws), index)
        if isinstance(m, (Resolved, Ambiguous)) and getattr(m, "kind", "exact") in ("exact", "alias", "words"):
            continue
        if bare:
            continue
        # (what is not wanted is read later: "vom weißen, erste Wahl, aber nich geschält")
        named = match_product(_grade_as_printed(" ".join(itertools.takewhile(
            lambda w: w not in NEGATIONS and w not in ("ohne", "aber"), words[s:e])) or text, index), index)
        if isinstance(named, Resolved) and named.kind not in ("fuzzy", "phonetic", "category") \
                or isinstance(named, Ambiguous) and not named.by_shop and not bare and named.candidates \
                and all(c.shop_id == named.candidates[0].shop_id for c in named.candidates):
            continue  # "eine von den Wachskerzen", "von den Anzündern eine Packung": goods, no shop
        for cut in range(e - s - 1, 0, -1):
            # "vom Metzger Rinderrouladen": the shop is the first words, the goods follow (with
            # their amount or container: "vum Theis de große Sack Grumbeere")
            goods = _named_again(_without_amount(_drop_purpose(words[s + cut:e], index)))
            # (or only how they come: "vom Wendland in den großen Säcken")
            if match_shop(" ".join(words[s:s + cut]), index, strict=True) is not None \
                    and (not goods or not isinstance(match_product(goods, index), NotFound)):
                return p, s + cut, " ".join(words[s:s + cut])
        return p, e, text
    return None


def _named_again(product: str) -> str:
    """"kirschen saure kirschen" → "saure kirschen": a goods word said once, then again with what
    tells it apart; the second saying is the one meant."""
    words = product.split()
    first = fold(words[0]) if words else ""
    again = next((k for k in range(2, len(words)) if len(first) > 3 and stem(fold(words[k])) == stem(first)), None)
    return " ".join(words[1:]) if again is not None else product


def _without_amount(words: list[str]) -> str:
    """The words without the amount, size or container said in them ("der große Sack Grumbeere")."""
    said = " ".join(words)
    qs = find_quantity(said)
    rest = words if qs is None else words[:qs.start] + words[qs.end:]
    return without_size_words(" ".join(w for w in rest if w not in _SHOP_ARTICLES and w not in ("in", "im", "als")
                                       and container_word(w) is None))


# ---- context around the items: headings, narrative, self-corrections -------------------------

# "Für Samstagsfrühstück: 4 Croissants, …": text before a colon that has no quantity (or starts
# with "für"/"zum") is a heading, not an item. A colon between digits ("10:30") is a time.
_HEADING = re.compile(r"(^|[.;!?\n])([^.;!?\n:]*?)(?<!\d):(?!\d)")
_HEADING_PREPS = ("für", "fürs", "zum", "zur")


# A shop's name before a colon, at the start or after the end of a line (lines reach the reader
# joined by commas)
_SECTION_HEADING = re.compile(r"(?:^|[.;!?\n,])\s*([^.;!?\n:,]+?)(?<!\d):(?!\d)")


def _shop_sections(text: str, index: CatalogIndex | None) -> list[str] | None:
    """A list under two or more shops' headings, cut into one part per heading (and the words
    before the first); None where there are not two."""
    if index is None:
        return None
    heads = [m for m in _SECTION_HEADING.finditer(text) if match_shop(m.group(1), index, strict=True) is not None]
    if len(heads) < 2:
        return None
    before = text[:heads[0].start()].strip(" ,")
    ends = [m.start() for m in heads[1:]] + [len(text)]
    return ([before] if before else []) + [text[m.start(1):end].strip(" ,") for m, end in zip(heads, ends, strict=True)]


def _drop_headings(text: str, index: CatalogIndex | None) -> tuple[str, str | None]:
    """The text without headings, and the shop a heading names ("Hof Schulze: 2 l Milch, …")."""
    shops: list[str] = []

    def repl(m: re.Match) -> str:
        head = m.group(2)
        hw = clean(head).split()
        if hw and hw[0] not in _HEADING_PREPS and find_quantity(head) is not None:
            return m.group(1) + head + " , "
        if hw and index is not None and match_shop(" ".join(hw), index, strict=True) is not None:
            shops.append(" ".join(w for w in hw if w not in _SHOP_PREPS and w not in _SHOP_ARTICLES))
        return m.group(1) + " "

    out = _HEADING.sub(repl, text)
    return out, shops[0] if len(shops) == 1 else None


_PRONOUNS = {"ich", "wir"}
_POSSESSIVES = {"mein", "meine", "meinen", "meinem", "meiner", "unser", "unsere", "unseren", "unserem",
                "unserer"}
_PERSONS = set("""sohn tochter frau mann mutter vater oma opa enkel enkelin enkelkinder kind kinder
    familie freundin freund nachbar nachbarin schwester bruder eltern gäste gast kleine kleinen
    großen""".split())


def _drop_narrative(words: list[str], index: CatalogIndex | None = None) -> list[str]:
    """Drop a story before the order: "mach grünkohl ich brauch zwei kilo grünkohl" → "zwei kilo
    grünkohl" (a clause with "ich"/"wir" before the order), "für meine tochter eine
    einzelstunde …" / "mein sohn möchte gitarrenunterricht …" (whom it is for)."""
    # "(für) meine tochter …", "mein sohn …": the possessive and the person
    k = 1 if words[:1] in (["für"], ["fürs"]) else 0
    if len(words) > k + 2 and words[k] in _POSSESSIVES and words[k + 1] in _PERSONS:
        words = _strip(words[k + 2:])
    # the last "ich"/"wir" clause: the words before it are narrative when they give no amount
    # ("hab da ein neues handy ich möchte den smartphone kurs") or when the clause starts with
    # one ("grünkohl ich brauch zwei kilo grünkohl")
    for p in range(len(words) - 1, 0, -1):
        if words[p] in _PRONOUNS:
            after = _strip(words[p + 1:])
            if not normalize_product_text(" ".join(after)):
                return words
            qs = find_quantity(" ".join(after))
            if (qs is not None and qs.start == 0 and len(after) > qs.end) or find_quantity(" ".join(words[:p])) is None:
                # a shop said in the story stays with the order: "vom Hof Schmitt bräucht i an Liter Milch"
                shop = next((i for i, w in enumerate(words[:p]) if w in _SHOP_PREPS and w != "aus"), None)
                if shop is not None and index is not None:
                    kept = [w for w in words[shop:p] if w not in _LEAD_FILLERS]
                    named = [w for w in kept[1:] if w not in _SHOP_ARTICLES]
                    if named and match_shop(" ".join(named), index, strict=True) is not None:
                        return after + kept  # not "aus Hayingen": the caller's town is no shop
                return after
            return words
    return words


def _names_of(m: Match) -> list[str]:
    if isinstance(m, Resolved):
        return [m.item.name]
    return [c.name for c in m.candidates] if isinstance(m, Ambiguous) else []


_PREP_ARTICLES = frozenset("der die das den dem des de unsere unseren".split())
# "fürn ersten Advent": "für den" as spoken; "e Flasch Autan gege die Schnake": what it is against
_PURPOSE_WORDS = ("für", "fürs", "fürn", "fürm", "zum", "zur", "gegen", "gege")


def _drop_purpose(words: list[str], index: CatalogIndex | None) -> list[str]:
    """"einen kleinen Strauß für meine Mutter zum Geburtstag", "e Kilo Suppenfleisch für die Suppe",
    "1 Kiste Bit alkfrei für de Fahrer": what the goods are for is no goods. Kept where it is part
    of a name the catalog has ("Kräuter für Grüne Soße") or counts people ("für 4 Personen")."""
    if index is None:
        return words
    if len(words) > 3 and words[0] in _PURPOSE_WORDS and parse_number(words[1]) is None:
        # "fürs Grab an Grabgesteck": what the goods are for said first, one or two words long
        for k in (2, 3):
            said_for, rest = words[1:k], words[k:]
            amount = find_quantity(" ".join(rest))
            goods = rest[amount.end:] if amount is not None and amount.start == 0 else rest  # "für X 10 Rosen"
            # "… einen Adventskranz, aber ohne Schmuck": what is not wanted is read later
            goods = list(itertools.takewhile(lambda w: w not in NEGATIONS and w not in ("ohne", "aber"), goods))
            if goods and not lexicon().is_goods(" ".join(said_for)) \
                    and isinstance(match_product(" ".join(said_for), index), NotFound) \
                    and not isinstance(match_product(" ".join(goods), index), NotFound):
                return rest
    for i, w in enumerate(words):
        if w not in _PURPOSE_WORDS or i == 0 or i == len(words) - 1:
            continue
        rest = words[i + 1:]
        if parse_number(rest[0]) is not None or rest[0][:1].isdigit():
            return words  # "für 4 Personen", "zum 1. Mai"
        if _is_exact_name(" ".join(words), index):
            return words
        whom = [w for w in rest if w not in _PREP_ARTICLES and w not in _POSSESSIVES]
        if whom and all(w in _PERSONS for w in whom) and not any(w in fold(n) for w in whom for n in _names_of(
                match_product(" ".join(words), index))):
            return words[:i]  # "3 Schälchen Bickbeeren für die Enkel": for whom (not "Sonnenmilch Kinder")
        after = match_product(" ".join(rest), index)
        if not isinstance(after, NotFound) and getattr(after, "kind", "") not in ("fuzzy", "phonetic") \
                or (lexicon().is_goods(" ".join(rest)) and len(rest) > 3):
            # "… für die Suppe" where a shop sells a Suppe: the reader decides; so too a long rest
            # with goods in it ("für die Woche: vom Milchhof 400 g Schnittkäse"). A short one
            # the catalog does not sell is what the goods are for ("Bruchspargel für die Suppe").
            return words
        whole = match_product(" ".join(words), index)
        if isinstance(whole, Resolved) and whole.kind in ("exact", "alias"):
            return words
        amount = find_quantity(" ".join(rest))
        if amount is not None and isinstance(amount.result, Quantity) and amount.unit_text:
            # "a Gans für Martini, so um die viereinhalb Kilo": the weight said after the purpose stays
            return words[:i] + rest[amount.start:amount.end]
        return words[:i]
    return words


_NO_SPLIT_BEFORE = {"für", "fürs", "von", "vom", "mit", "zu", "je", "pro", "über", "bis", "ab", "um", "als",
                    "ca", "circa", "etwa", "à", "a", "mal", "x", "komma", "und", "oder", "type", "typ"}


# a number before these is part of a product's description ("schlauch 28 zoll"), not an amount
_MEASURE_WORDS = {"monate", "monat", "monaten", "wochen", "tage", "prozent", "zoll", "minuten", "min", "stunden", "stunde", "cm", "mm", "m", "meter", "grad",
                  "jahre", "jahr", "watt", "volt", "uhr", "euro", "personen", "person"}


def _has_item(words: list[str]) -> bool:
    """A quantity at the start and product words after it ("sechs brötchen")."""
    qs = find_quantity(" ".join(words)) if words else None
    return qs is not None and qs.start == 0 and bool(normalize_product_text(" ".join(words[qs.end:])))


def _split_more(words: list[str]) -> list[list[str]]:
    """Items said one after the other without "und" or a comma: "sechs brötchen zwei körner
    brötchen" → two; "sechs brötchen ich hätte gern noch milch" → two."""
    if len(words) < 3:
        return [words]
    for p in range(len(words) - 1, 0, -1):
        if words[p] in _PRONOUNS:
            before, after = words[:p], _strip(words[p + 1:])
            if normalize_product_text(" ".join(after)) and _has_item(_strip(before)):
                return _split_more(_strip(before)) + _split_more(after)
            break
    # the first item need not open the segment: "von der Sennerei einen Romadur einen Limburger"
    first = next((i for i in range(len(words) - 1) if _has_item(words[i:])), None)
    if first is None:
        return [words]
    qs0 = find_quantity(" ".join(words[first:]))
    assert qs0 is not None  # _has_item found it
    qs0_end = first + qs0.end
    for k in range(qs0_end + 1, len(words) - 1):
        v = parse_number(words[k])
        if words[k - 1] in _NO_SPLIT_BEFORE or v is None or v != v.to_integral_value() \
                or (k + 1 < len(words) and words[k + 1] in _MEASURE_WORDS):
            continue
        if (words[k - 1], words[k]) in _SUCH_A and normalize_product_text(" ".join(words[qs0_end:k - 1])) \
                and not (k + 1 < len(words) and is_amount_word(words[k + 1])):  # "so an Kilo": about a kilo
            return [words[:k - 1]] + _split_more(words[k - 1:])  # "ne Gans so ne bratfertige": see below
        if _has_item(words[k:]) and normalize_product_text(" ".join(words[qs0_end:k])):
            return [words[:k]] + _split_more(words[k:])
    return [words]


# Self-corrections inside one utterance: the part after the marker replaces the item before it
# ("vier kochwürste also ne vier grobe bratwürste", "nicht zwei kilo sondern drei kilo").
_CORRECTION_MARKERS: tuple[tuple[str, ...], ...] = (
    ("also", "ne"), ("also", "nee"), ("also", "nein"), ("äh", "nein"), ("äh", "nee"), ("ähm", "nein"),
    ("ähm", "nee"), ("oder", "nein"), ("oder", "nee"), ("oder", "ne"), ("ich", "meine"), ("ich", "mein"),
    ("ich", "meinte"), ("nein",), ("nee",), ("sondern",), ("quatsch",),
)


def _marker_at(words: list[str], i: int) -> int:
    """Length of the correction marker starting at ``words[i]`` (0: none)."""
    for mk in _CORRECTION_MARKERS:
        if tuple(words[i:i + len(mk)]) == mk:
            if mk[-1] == "ne":
                # "ne" is also "eine": "also ne flasche wein" is an item, not a correction
                nxt = words[i + len(mk)] if i + len(mk) < len(words) else ""
                qs = find_quantity(f"ein {nxt}") if nxt else None
                if not nxt or (qs is not None and qs.unit_text is not None):
                    continue
            return len(mk)
    return 0


def _drop_instead(words: list[str]) -> list[str]:
    """"einen grauburgunder statt dem riesling": what follows "statt" is not ordered."""
    out: list[str] = []
    skipping = False
    for w in words:
        if w in ("statt", "anstatt", "anstelle"):
            skipping = True
            continue
        if _is_boundary(w):
            skipping = False
        if not skipping:
            out.append(w)
    return out


def _is_boundary(w: str) -> bool:
    return w == "|" or w in _SPLIT_WORDS


def _apply_corrections(words: list[str]) -> list[str]:
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        mk = _marker_at(words, i)
        if not mk:
            out.append(words[i])
            i += 1
            continue
        j = i + mk
        while j < n and words[j] == "|":
            j += 1
        k = j
        while k < n and not _is_boundary(words[k]):
            k += 1
        if not _strip(words[j:k]):
            out.extend(words[i:i + mk])  # nothing follows: "nein danke"
            i += mk
            continue
        while out and out[-1] == "|":
            out.pop()
        start = len(out)
        while start and not _is_boundary(out[start - 1]):
            start -= 1
        corrected, out = out[start:], out[:start]
        if _taken_back(corrected, words[j:k]):
            i = k  # "ein Glas Hühnersuppe, ach nee, die koch ich selber, also keine Hühnersuppe": nothing
            continue
        rest = _strip(words[j:k])
        qr = find_quantity(" ".join(rest))
        qc = find_quantity(" ".join(corrected)) if corrected else None
        if qr is not None and qr.start == 0 and qr.end == len(rest) and qc is not None:
            # only the amount is corrected: "zwei brötchen also ne drei" → "drei brötchen"
            out.extend(corrected[:qc.start] + rest + corrected[qc.end:])
            i = k
            continue
        i = j
    return out


def _taken_back(corrected: list[str], rest: list[str]) -> bool:
    """Whether what follows a "nee" ends by taking the goods before it back: "… also keine
    Hühnersuppe", "… dann lassen Sie den Aal man weg" (after the reason why)."""
    said = [fold(w) for w in rest if fold(w) not in ("bitte", "danke", "man", "mal", "doch", "dann")]
    if len(said) < 2:
        return False
    if said[-2] in ("kein", "keine", "keinen"):
        named = said[-1:]
    elif said[-1] in ("weg", "raus"):
        named = said[-4:-1]
    else:
        return False
    goods = [fold(w) for w in corrected if len(w) > 2]
    return any(len(n) > 2 and any(g == n or g.endswith(n) or n.endswith(g) for g in goods) for n in named)


def _names_shop_only(words: list[str], index: CatalogIndex) -> bool:
    """The words name a known shop and no product: "käsehaus wienker" (not "Wiener Würstchen")."""
    text = " ".join(words)
    if not _names_shop_word(text, index):
        return False
    sm = match_shop(text, index, strict=True)
    if sm is None or sm.kind != "name" or find_quantity(text) is not None:
        return False
    m = match_product(text, index)
    return not (isinstance(m, (Resolved, Ambiguous)) and getattr(m, "kind", "exact") in ("exact", "alias", "words"))


_ABBREVIATION = re.compile(r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\.(?=\s*\S)")


# "bei euch", "von Ihnen", "bei uns": the people spoken to or of, never a shop
_ADDRESSEE = frozenset("euch ihnen ihr dir uns mir ihm".split())
_WHERE_SEEN = frozenset("angebot katalog sortiment laden seite liste prospekt app".split())
_SEEN = frozenset("gesehen gelesen entdeckt gefunden".split())


def _drop_seen_at_the_market(words: list[str]) -> list[str]:
    """"hab bei euch 20 Tulpen gesehen", "im Angebot gelesen", "bei uns gibt es …": where the resident
    came across the goods, and whom they speak to or of, is no shop and no goods; the goods and
    their amount stay."""
    out: list[str] = []
    seen = any(w in _SEEN for w in words)
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("bei", "von") and i + 1 < len(words) and words[i + 1] in _ADDRESSEE:
            i += 2
            continue
        if w in ("im", "in") and i + 1 < len(words) and (words[i + 1] in _WHERE_SEEN or (
                i + 2 < len(words) and words[i + 1] in ("ihrem", "eurem", "ihrer", "eurer", "der")
                and words[i + 2] in _WHERE_SEEN)):
            i += 3 if words[i + 1] not in _WHERE_SEEN else 2
            continue
        if w in _SEEN or (seen and w in ("hab", "habe", "hatte", "hätte") and not out):
            i += 1  # "hab … gesehen": the telling goes, the goods stay
            continue
        out.append(w)
        i += 1
    return out


_SINGLE_PIECES = re.compile(r"\b(einzelne|einzelnen|einzeln) ([a-zäöüß]{3,})\b")
def _single_pieces(index: CatalogIndex, m: re.Match[str]) -> str:
    goods = fold(m.group(2))[:5]
    sold_single = any("einzeln" in fold(it.name) and fold(it.name).startswith(goods) for it in index.items)
    return f"{m.group(2)} einzeln" if sold_single else m.group(0)


_SIZE_OF_THE_PACKS = re.compile(
    r"(?<=\w),? (?:die|den|der|das|in den|in der|im) (\d+(?:,\d+)?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|"
    r"zwölf|fünfzehn|zwanzig|fünfundzwanzig|dreißig|dreissig|vierzig|fünfzig)[- ](kilo|kg|liter|l|gramm|g)[- ]"
    r"(säcke|säcken|sack|beutel|beuteln|netze|netzen|netz|flaschen|flasche|dosen|dose|gläser|glas|packungen|"
    r"packung|kästen|kasten|kisten|kiste|eimer|tüten|tüte)\b")
_SIZE_UNIT_SHORT = {"kilo": "kg", "liter": "l", "gramm": "g"}
_SIZE_BEFORE_GOODS = re.compile(r"\b(\d+(?:[.,]\d+)?)-(m|cm|mm|l|kg|g|zoll|watt|w)-(\w+)")
_LAMP_WORDS = re.compile(r"lampe|birne|\bled\b|leuchtmittel|glühb|gluhb|strahler")
_BIG_SOCKET = r"(?:normalen?|großen?|grossen?|dicken?|breiten?|üblichen?)"
_SMALL_SOCKET = r"(?:kleinen?|dünnen?|dunnen?|schmalen?)"
_SOCKETS = (
    (re.compile(r"\be[ -]?(?:siebenundzwanzig|27)\b"), "e27"),
    (re.compile(r"\be[ -]?(?:vierzehn|14)\b"), "e14"),
    (re.compile(rf"\b(?:(?:mit|für|fur) )?(?:de[mnr] |die |das )?{_BIG_SOCKET}(?: {_BIG_SOCKET})? (?:gewinde|fassung|sockel)\b"),
     "e27"),
    (re.compile(rf"\b(?:(?:mit|für|fur) )?(?:de[mnr] |die |das )?{_SMALL_SOCKET} (?:gewinde|fassung|sockel)\b"), "e14"),
)
_GRADE = re.compile(r"(?<=\w )(?:kl\.?|klasse) ?(1|2|i|ii)\b(?! ?(?:kilo|kg|pfund|pfd|g|gramm|stück|stuck|bund|liter|l)\b)")


# The German flour types (DIN 10355): a number after "Mehl" is one of them, never how many
_FLOUR_TYPES = frozenset({405, 550, 630, 812, 997, 1050, 1150, 1370, 1600, 1700, 1740, 1800})
_FLOUR_TYPE = re.compile(r"(\w*mehl)(?: type| typ)? (\d{3,4}|[a-zäöüß]{8,}(?:und[a-zäöüß]+)?)\b")


def _flour_type(m: re.Match[str]) -> str:
    number = parse_number(m.group(2))
    if number is None or int(number) not in _FLOUR_TYPES:
        return m.group(0)
    return f"{m.group(1)} type {int(number)}"


def extract_groups(text: str | None, index: CatalogIndex | None = None) -> list[dict]:
    """Split a raw utterance into order groups ``{product, quantity, unit, shop}``."""
    return [_container_in_the_compound(g) for g in _containers_said_after(_amounts_said_after(_groups_in(text, index)))]


def _container_in_the_compound(group: dict) -> dict:
    """"drei Schnittchenplatten", "sechs Weinflaschen": goods named by a compound whose last part is
    a container count that container (three platters, not three of a platter's twenty)."""
    words = (group.get("product") or "").lower().split()
    if group.get("unit") or not group.get("quantity") or len(words) != 1:
        return group
    tail = next((c for c in _COMPOUND_CONTAINERS if words[0].endswith(c) and len(words[0]) >= len(c) + 3), None)
    return {**group, "unit": tail} if tail else group


# the container words long enough to be told at the end of a compound ("-platten", "-flaschen")
_COMPOUND_CONTAINERS = ("platten", "platte", "flaschen", "kästen", "kisten", "schalen", "gläser", "säcke",
                        "körbe", "körbchen", "schachteln", "kartons")


_PARTICIPLE = re.compile(r"ge[a-zäöüß]{3,}(?:t|en)")  # "geschält", "geschnitten", "geräuchert"


def _is_participle(word: str) -> bool:
    """"geschält", "geräuchert": how goods are made, not goods ("Gelbwurst", "Gewürzgurken")."""
    return _PARTICIPLE.fullmatch(word) is not None and not lexicon().is_goods(word)


def _containers_said_after(groups: list[dict]) -> list[dict]:
    """"einen Zentner festkochende, in den großen Säcken": a container said after the goods with its
    size, no goods and no amount of its own, is how those goods come; never goods by itself (a bare
    "im Glas" may have lost its "nicht" on the way)."""
    out: list[dict] = []
    for group in groups:
        words = (group.get("product") or "").lower().split()
        said = [w for w in words if w not in _PREP_ARTICLES and w not in ("in", "im", "als", "bitte")]
        only_a_kind = len(said) == 1 and container_word(said[0]) is None \
            and (a_kind_as_said(fold(said[0])) or _is_participle(said[0]))
        if out and out[-1].get("product") and not group.get("quantity") and not group.get("shop") and said \
                and not group.get("not") \
                and (len(said) >= 2 and container_word(said[-1]) is not None
                     and not without_size_words(" ".join(said[:-1])).strip()
                     or only_a_kind):
            # (so too one word of the kind after a comma: "2,5 kg weißen Spargel Klasse I, geschält")
            before = out[-1]
            out[-1] = {**before, "product": f"{before['product']} {' '.join(said)}"}
            continue
        if out and out[-1].get("product") and out[-1].get("quantity") and said and not group.get("shop") \
                and not group.get("not") and not without_size_words(" ".join(said)).strip() \
                and (not group.get("quantity") or fold(group.get("unit") or "") in _CONTENT_UNITS):
            # "ein Sack Kartoffeln, der kleine mit zweieinhalb Kilo": the size of the goods before,
            # said with its content; no goods of its own
            before = out[-1]
            content = " ".join(w for w in (group.get("quantity"), group.get("unit")) if w)
            out[-1] = {**before, "product": f"{before['product']} {' '.join(said)} {content}".strip()}
            continue
        out.append(group)
    return out


_CONTENT_UNITS = frozenset("kg kilo kilogramm g gr gramm l liter ml".split())


def _amounts_said_after(groups: list[dict]) -> list[dict]:
    """"n bisserl Rahm, 2 Becher", "Pils doch nich, lieber Helles, auch 2": the goods named
    without an amount of their own, then their amount as goods said again (or left out): one
    group with that amount, not two."""
    out: list[dict] = []
    for group in groups:
        before = out[-1] if out else None
        if before is not None and fold(before.get("product") or "") == fold(group.get("product") or "") \
                and before.get("product") and not before.get("unit") and not before.get("portion") \
                and fold(before.get("quantity") or "") in ARTICLE_AMOUNTS \
                and fold(group.get("quantity") or "") not in ARTICLE_AMOUNTS \
                and group.get("shop") in (None, before.get("shop")) and not before.get("not"):
            out[-1] = {**group, "shop": group.get("shop") or before.get("shop")}
            continue
        out.append(group)
    return out


def _groups_in(text: str | None, index: CatalogIndex | None = None) -> list[dict]:
    if not text:
        return []
    sections = _shop_sections(text, index)
    if sections is not None:  # "Bäckerei Kübler: …, Hofladen Schüttler: …": each shop's own list
        return [g for section in sections for g in extract_groups(section, index)]
    said = text
    text, heading_shop = _drop_headings(_choice_in_words(text.lower(), index), index)  # "2. Wahl" counts nothing
    # a full stop after an abbreviation ("3 Fl. Saft", "4 St. Semmeln", "festk. Kartoffeln", "ca. 600 g")
    # ends no item
    text = _ABBREVIATION.sub(r"\1 ", text)
    # "12 Berliner, halb Pflaume halb Eierlikör": two kinds, half of the count each
    text = _HALF_AND_HALF.sub(_half_and_half, text)
    # "zwei Karpfen je zwei Kilo", "zwoi Karpfa so um die zwoi Kilo jeder": the weight of them all
    text = _EACH_WEIGHING.sub(partial(_weight_of_them_all, index), text)
    # "ne Gans so um de fünf Kilo rum": about five kilos, no "um" or "rum" among the goods
    text = _ROUND_ABOUT_AFTER.sub(r"\1", _ROUND_ABOUT.sub("", text))
    # "den 20-m-Gartenschlauch": a size glued before the goods is their size, not how many
    text = _SIZE_BEFORE_GOODS.sub(lambda m: m.group(0) if container_word(m.group(3)) else f"{m.group(3)} {m.group(1)} {m.group(2)}",
                                  text)  # ("zwei 5-kg-Säcke Kartoffeln": the sack's size)
    # "6 einzelne Handkäse": single pieces, said where the catalog sells them so ("Handkäse, einzeln")
    if index is not None and stem("einzeln") in index.by_word:
        text = _SINGLE_PIECES.sub(partial(_single_pieces, index), text)
    # "2 Sack Blumenerde, die 40-Liter-Säcke", "zwei Säcke Kartoffeln, die fünf Kilo Säcke": the
    # size of the packs said after the goods is their size, no new goods
    text = _SIZE_OF_THE_PACKS.sub(
        lambda m: f" {(container_word(m.group(3)) or '').lower()} {m.group(1)} {_SIZE_UNIT_SHORT.get(m.group(2), m.group(2))}",
        text)  # (the container stays: "Kartoffeln Sack 12,5 kg" are sacks, not 12,5 kg loose)
    # lamps by their socket as people say it: "e siebenundzwanzig", "mit dem dicken Gewinde", "für die kleine Fassung"
    if _LAMP_WORDS.search(said.lower()):  # ("Holzschrauben mit dem dünnen Gewinde" are no lamp)
        for said_socket, socket in _SOCKETS:
            text = said_socket.sub(socket, text)
    # "Mehl vierhundertfünf", "Roggenmehl 1150": the flour's type as a miller prints it, no amount
    text = _FLOUR_TYPE.sub(_flour_type, text)
    # "Spargel weiß Kl. 1", "Klasse 2": the grade, as printed ("Klasse I"), no amount
    text = _GRADE.sub(lambda m: "klasse " + ("ii" if m.group(1) in ("2", "ii") else "i"), text)
    # commas and full stops separate items, decimal commas do not
    t = re.sub(r"(?<!\d)[,;.!?]|[,;.!?](?!\d)", " | ", text)
    words = clean(t.replace("|", " xxsplitxx ")).split()
    words = _drop_instead(_apply_corrections(["|" if w == "xxsplitxx" else w for w in words]))
    words = [w for w in words if w not in _HESITATIONS]  # "vom Fleischer äh ein Pfund Hackepeter"
    # "ein dreiviertel Pfund", "ein dreiviertel Kilo": the fraction is the amount
    words = [w for i, w in enumerate(words)
             if not (w in ("ein", "eine", "einen", "n") and i + 1 < len(words) and words[i + 1] == "dreiviertel")]
    words = _drop_seen_at_the_market(words)
    groups: list[dict] = []
    opening_shop: str | None = None
    segments = [(part, k == 0) for seg in _split_segments(words, index)
                for k, part in enumerate(_split_more(_strip(_drop_when(seg))))]
    for seg, after_und in segments:  # after "und" or a comma, or only after the amount before it
        such = len(seg) > 2 and (seg[0], seg[1]) in _SUCH_A and bool(groups) and bool(groups[-1]["product"]) \
            and not is_amount_word(seg[2])
        if such:
            seg = seg[2:]  # "ne Gans so ne bratfertige": what the goods just named are like, if it fits them
        seg = _strip(_drop_narrative(seg, index))
        if not seg:
            continue
        shop_text = None
        seg, same_shop = _same_shop_said(seg)
        if same_shop and groups and groups[-1]["shop"]:
            shop_text = groups[-1]["shop"]  # "2 kg Kartoffeln auch von dort": the shop just named
        sh = _find_shop(seg, index) if shop_text is None else None
        if sh:
            p, e, shop_text = sh
            seg = seg[:p] + seg[e:]
        elif index is not None and _names_shop_only(seg, index):
            shop_text, seg = " ".join(seg), []  # "Käsehaus Wienker" alone: a shop, not a product
        # "2 Brotzeitplatten für je 6 Personen": the persons of each, said as for any one
        seg = [w for k, w in enumerate(seg) if not (w == "je" and k and seg[k - 1] in ("für", "fürs")
                                                   and k + 2 < len(seg) and seg[k + 2] in _PEOPLE)]
        seg = _strip(_drop_purpose(_drop_narrative(seg), index))
        qs: QuantitySpan | None = find_quantity(" ".join(seg)) if seg else None
        quantity = unit = None
        if qs is None and not (index is not None and _is_exact_name(" ".join(seg), index)):
            # "weinprobe für 2 personen": the number of people is the amount (not when the
            # phrase is part of the name: "Käseplatte für 4 Personen")
            for i in range(len(seg) - 2):
                if seg[i] in ("für", "fürs") and seg[i + 2] in _PEOPLE and parse_number(seg[i + 1]) is not None:
                    if _persons_in_a_name(seg[:i], parse_number(seg[i + 1]), index):
                        break  # "die Partyplatte für 6 Personen" of "Partyplatte Wurst & Käse, 6 Personen"
                    quantity, seg = seg[i + 1], seg[:i] + seg[i + 3:]
                    break
        if qs is not None:
            rest = seg[:qs.start] + seg[qs.end:]
            # a number that is part of a product name ("acht korn brot") stays in the product
            if index is not None and _is_exact_name(" ".join(seg), index) and not _is_exact_name(" ".join(rest), index):
                rest = seg
            else:
                quantity, unit = qs.quantity_text, qs.unit_text
            seg = rest
        seg = _strip(seg)
        while seg and seg[0] in ("von", "vom", "dem", "den", "der", "die", "das"):
            seg = seg[1:]  # partitive "zwei flaschen von dem spätburgunder"
        negated = None
        cut = next((i for i, w in enumerate(seg) if w in NEGATIONS or (w == "ohne" and i and i + 1 < len(seg)
                                                                       and not _ohne_in_a_name(seg[i + 1], index))),
                   None)
        if cut is not None:
            # "Leberwurst die frische, nich die im Glas", "6 Flaschen, keinen Kasten": what is not wanted
            negated, seg = " ".join(seg[cut + 1:]), _strip(seg[:cut])
            if not _strip(seg) and quantity is None and groups and groups[-1]["product"]:
                groups[-1]["not"] = f"{groups[-1].get('not') or ''} {negated}".strip()
                continue
        product = normalize_product_text(" ".join(seg)) or None
        weighed = find_quantity(product) if product and groups and groups[-1]["product"] else None
        if weighed is not None and product is not None and weighed.unit_text and fold(weighed.unit_text) in _SIZE_UNITS_SAID and all(
                fold(w) in _APPROX for i, w in enumerate(product.split()) if not weighed.start <= i < weighed.end):
            # "an Rostbrate, vier Scheibe so ungefähr achthundert Gramm": the pieces of the goods just
            # named, and what they weigh together
            groups[-1]["product"] = f"{groups[-1]['product']} zusammen {weighed.quantity_text} {weighed.unit_text}"
            continue
        times = _TIMES_AFTER.fullmatch(product or "")
        if times and quantity and unit and fold(unit) in _SIZE_UNITS_SAID:
            # "Blütenhonig 250g x2": two of the 250-g jar, not 250 g of honey
            product, quantity, unit = f"{times.group(1)} {quantity} {unit}", times.group(2), "x"
        if product is None and quantity is None:
            if shop_text and groups and not groups[-1]["shop"]:
                groups[-1]["shop"] = shop_text
            elif shop_text and not groups:
                opening_shop = shop_text  # "vom Hof Schmitt bräucht i …": the shop of what follows
            continue
        if product is not None and all(w in _APPROX or w in _EACH for w in fold(product).split()):
            product = None  # "zusammen ca.", "jede ca.": only the hedge of an amount
        if product is None and quantity is not None and unit and groups and groups[-1]["product"] \
                and groups[-1]["quantity"] is None:
            # "Karpfenfilet, ca. 600 g": the amount of the goods just named
            groups[-1]["quantity"], groups[-1]["unit"] = quantity, unit
            groups[-1]["shop"] = groups[-1]["shop"] or shop_text
            continue
        if product is None and quantity is not None and unit and groups and groups[-1]["product"] \
                and parse_quantity(quantity, unit) is not None and _is_weight(parse_quantity(quantity, unit)):
            # "4 Schweineschnitzel, zusammen ca. 600 g", "3 Scheiben Leberkäs, jede ca. 150 g": how much
            # the pieces weigh, for goods sold by weight
            hedge = " ".join(w for w in seg if w in _APPROX or w in _EACH)
            groups[-1]["product"] = f"{groups[-1]['product']} {hedge} {quantity} {unit}".replace("  ", " ")
            groups[-1]["shop"] = groups[-1]["shop"] or shop_text  # "… Blütenhonig 500 g vom Imker"
            continue
        if product is not None and quantity is None and unit is None and groups and groups[-1]["product"] \
                and not shop_text and not such and _only_kind_words(product) \
                and not _kind_dimensions(product) & _kind_dimensions(groups[-1]["product"]):
            # "2 Becher Quark, aber den mageren": the kind of the goods just named, not goods of its own
            # (not "Hofkäse mild und würzig": another kind of the same, read below)
            groups[-1]["product"] = f"{groups[-1]['product']} {_kind_words_plainly(product)}"
            if negated:
                groups[-1]["not"] = f"{groups[-1].get('not') or ''} {negated}".strip()
            continue
        if product is not None and quantity is not None and unit is not None and groups and groups[-1]["product"] \
                and groups[-1]["quantity"] is None and not without_size_words(product).strip():
            # "a Bauernbrot, a Kilo, des große": the amount and size of the goods just named
            groups[-1]["product"] = f"{groups[-1]['product']} {product}"
            groups[-1]["quantity"], groups[-1]["unit"] = quantity, unit
            continue
        if product is not None and quantity is not None and unit is None and groups and groups[-1]["product"] \
                and not without_size_words(product).strip() \
                and without_size_words(groups[-1]["product"]).strip():
            if not after_und and said_size_word(groups[-1]["product"]) is None \
                    and groups[-1]["quantity"] == quantity:
                # "an Grabgesteck, an großen": the size of the goods just named, not more of them
                groups[-1]["product"] = f"{groups[-1]['product']} {product}"
                continue
            # "ein großes Bauernbrot und ein kleines": the same goods in the other size
            product = f"{without_size_words(groups[-1]['product']).strip()} {product}"
        if product is None and shop_text and index is not None and match_shop(shop_text, index, strict=True) is None \
                and isinstance(match_product(shop_text, index), (Resolved, Ambiguous)):
            # "en Becher von dem Forelle Aufstrich": the goods, not a shop
            product, shop_text = shop_text, None
        if product is None and groups and groups[-1]["product"]:
            # ellipsis: "eine flasche milch vom wienker und zwei von schulze"
            product = groups[-1]["product"]
            unit = unit or groups[-1]["unit"]
        if product is not None and quantity is None and not shop_text and groups and groups[-1]["product"] \
                and index is not None and (other := _other_kind_of_last(groups[-1]["product"], product, index)):
            product = other  # "je 250 g Hofkäse mild und würzig": the würzig Hofkäse, in the same amount
            quantity, unit = groups[-1]["quantity"], groups[-1]["unit"]
        if product is not None and quantity is None and not shop_text and groups and groups[-1]["product"] \
                and not without_size_words(product).strip():
            # "1 Waldhonig, den kleinen", "n Vollkornbrot, das kleine": the size of the goods just named
            groups[-1]["product"] = f"{groups[-1]['product']} {product}"
            continue
        if such and product is not None and quantity is None and index is not None \
                and _fits_the_goods_named(groups[-1]["product"], product, index):
            continue  # "einen Broiler, so n frischen ganzen": the Broiler as it should be, nothing more
        if product is not None and quantity is None and not shop_text and groups and groups[-1]["product"] \
                and index is not None and _describes(groups[-1]["product"], product, index):
            groups[-1]["product"] = f"{groups[-1]['product']} {product}"  # "ein Pfund Kaffee, gemahlen"
            continue
        if opening_shop and not shop_text and not groups:
            shop_text = opening_shop
        group = {"product": product, "quantity": quantity, "unit": unit, "shop": shop_text}
        if negated:
            group["not"] = negated
        if product is not None and set(seg) & WHOLE_WORDS:
            group["portion"] = " ".join(w for w in seg if w in WHOLE_WORDS)  # "Käsekuchen ganz"
        groups.append(group)
    if heading_shop:
        for g in groups:
            g["shop"] = g["shop"] or heading_shop
    _each_amount_for_the_list(text, groups, index)
    for g in groups:
        if names_only_a_kind_of_goods(g, index):
            g["product"] = None  # the shop said with it is still the shop meant
    return _without_total_heading(said, groups)


def _without_total_heading(text: str, groups: list[dict]) -> list[dict]:
    """"3 Kisten Wasser: 2x still und 1x mit Kohlensäure": the amount before the colon is the
    total of the items after it, no item of its own; the items take its goods' word."""
    if ":" not in text or len(groups) < 3:
        return groups
    for i, head in enumerate(groups[:-2]):
        total = parse_quantity(head["quantity"], head["unit"]) if head["product"] else None
        if not isinstance(total, Quantity) or not re.search(
                rf"{re.escape(head['product'].split()[-1])}\w*\s*:", text.lower()):
            continue
        parts = [parse_quantity(g["quantity"], g["unit"] or head["unit"]) for g in groups[i + 1:]]
        if len(parts) >= 2 and all(isinstance(q, Quantity) and q.unit == total.unit for q in parts) \
                and sum(q.amount for q in parts if isinstance(q, Quantity)) == total.amount:
            rest = [{**g, "product": g["product"] if fold(head["product"]) in fold(g["product"] or "")
                     else f"{head['product']} {g['product'] or ''}".strip(), "unit": g["unit"] or head["unit"],
                     "shop": g["shop"] or head["shop"]}
                    for g in groups[i + 1:]]
            return groups[:i] + rest
    return groups


# What a shop sells as a whole, said to say where one wants to order ("ich wollt Fisch bestellen
# bei der Elbfischerei", "Blumen für den Balkon vom Blumen Leyh", "Getränke vom Kochendörfer").
_KINDS_OF_GOODS = frozenset("""blumen getranke fisch fische fleisch wurst wurstwaren gemuse obst lebensmittel
    backwaren sachen einkauf einkaufe""".split())


def _measured_in(item: CatalogItem, unit: str) -> bool:
    """Whether ``item`` is sold by ``unit`` ("l", "kg") or in pieces of a size in it ("1 l", "500 g")."""
    size = parse_size(item.size)
    return item.unit == unit or (size is not None and size[1] == unit)


def _ohne_in_a_name(word: str, index: CatalogIndex | None) -> bool:
    """Whether "ohne <word>" is part of a product's name ("Kartoffelkuchen ohne Speck"); else
    "2 Hefezöpfe ohne Rosinen" says what is not wanted, like "nicht"."""
    if index is None:
        return True
    said = f"ohne {fold(word)[:4]}"
    free = re.compile(rf"\b{re.escape(fold(word)[:4])}\w*(?:frei|los)\b")  # "ohne Alkohol": the alkoholfrei one
    return any(said in fold(item.name) or free.search(fold(item.name)) for item in index.items)


def names_only_a_kind_of_goods(group: dict, index: CatalogIndex | None) -> bool:
    """A group that names only the kind of goods a shop sells, with no amount: no item (what
    exactly comes next); unless the catalog has a product of that very name."""
    product = fold(group["product"] or "").split()
    if group["quantity"] is not None or group["unit"] is not None or len(product) != 1 \
            or product[0] not in _KINDS_OF_GOODS or index is None or not group.get("shop"):
        return False
    match = match_product(product[0], index)
    return not (isinstance(match, Resolved) and match.kind in ("exact", "alias"))


_ARTICLE_WORDS = frozenset("ein eine einen an a e des das die den der dem".split())
_DESCRIBING = frozenset("in im mit aus vom von ohne".split())
_EACH_WORD = re.compile(r"(?<![\w])(?:je|jeweils)(?![\w])")


def _without_amount_before(groups: list[dict]) -> list[dict]:
    """The goods said last before, without an amount of their own (the nearest first)."""
    listed = []
    for other in reversed(groups):
        if other["quantity"] is not None or other["unit"] is not None or not other["product"]:
            break
        listed.append(other)
    return listed


def _each_amount_for_the_list(text: str, groups: list[dict], index: CatalogIndex | None = None) -> None:
    """The amount said once with "je" is each one's, for the goods of the list without an amount
    of their own: after it ("je 200 g Blutwurst und feine Leberwurst", "je drei Flaschen Lemberger
    und Trollinger") or before it ("Erdbeeren und Himbeeren je 2 Schalen", "Frischkäse natur und
    Kräuter je 2")."""
    if _EACH_WORD.search(text) is None:
        return
    for i, g in enumerate(groups):
        product = g["product"] or ""
        if g["quantity"] is None:
            continue
        trailing = re.search(r"(?:^|\s)(?:je|jeweils)$", product)
        listed = _without_amount_before(groups[:i]) if trailing else []  # "erdbeeren und"
        if trailing and listed:  # "himbeeren je | 2 schalen": the list ends here, its amount after "je"
            # ("2x Wurstebrot je ein Pfund" has no list before it: the weight of each piece)
            g["product"] = product[:trailing.start()].strip() or None
            if g["product"] and index is not None and \
                    (other_kind := _other_kind_of_last(listed[0]["product"], g["product"], index)):
                g["product"] = other_kind  # "Frischkäse natur u. Kräuter je 2": the Kräuter Frischkäse
            for other in listed:
                other["quantity"], other["unit"] = g["quantity"], g["unit"]
            continue
        if not re.search(rf"(?:^|\s)(?:je|jeweils)\s+{re.escape(str(g['quantity']))}(?:\s|$)", text.lower()):
            continue
        for other in groups[i + 1:]:  # "je drei Flaschen Lemberger | und Trollinger"
            if other["quantity"] is not None or other["unit"] is not None \
                    or (other["product"] or "").split(" ")[0] in _DESCRIBING:
                break  # "…, den in der Literflasche": how the one before is, no goods of its own
            other["quantity"], other["unit"] = g["quantity"], g["unit"]
