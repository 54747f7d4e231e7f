"""Corrections said the way people say them: one product for another, and amounts relative to
what is already in the cart.

- "Statt dem Roggenbrot lieber ein Dinkelbrot", "die Butter raus und dafür Margarine",
  "nicht Petersilie sondern Schnittlauch", "ich meinte gemischtes Hack, nicht Rind":
  :func:`replace` swaps the line, keeping its amount where the new product is counted the same way.
- "noch drei mehr", "zwei weniger", "dann sind es acht", "einer reicht": :func:`relative`
  changes the amount of the line named (else the one touched last).

Both return False when the words are not such a correction, so the caller goes on.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bot.application.error_wording import resident_text
from bot.dialogue import shopping, understanding
from bot.dialogue.context import Ctx
from bot.dialogue.texts import line_phrase, money
from bot.dialogue.understanding import find_shop
from nlu.reading import read, standard_words, without_remarks
from nlu.resolution.catalog_index import CatalogItem
from nlu.resolution.items import ItemResolution, extract_groups, pieces_as_pairs
from nlu.resolution.lexicon import lexicon
from nlu.resolution.normalize import FILLERS_FOLDED, clean, fold, stem
from nlu.resolution.products import Resolved, match_product
from nlu.resolution.quantity import (
    Problem,
    Quantity,
    QuantitySpan,
    container_word,
    convert_to_product_unit,
    find_quantity,
    parse_number,
    parse_quantity,
    quantity_for_item,
)
from nlu.resolution.variants import in_container_said, narrow, said_size_word, without_size_words
from ordering import cart as carts
from ordering.cart import line_view
from ordering.errors import OrderingError

_ARTICLE = r"(?:de[mnrs] |die |das |den |eine[mnrs]? |ein )?"
_REPLACEMENTS = (
    # "statt dem Roggenbrot lieber ein Dinkelbrot", "anstatt der Butter bitte Margarine"
    re.compile(rf"(?:^|\b)(?:an)?statt {_ARTICLE}(?P<old>.+?)(?: (?:lieber|doch|bitte|nehme ich|nehm ich|"
               rf"hatte ich gern|hatte ich gerne|hatte ich lieber|dann|nehmen sie|machen sie))+ (?P<new>.+)$"),
    # "Korrektur: statt Malzbier 4x Cola 1,5l": what comes instead opens with its amount
    re.compile(rf"(?:^|\b)(?:an)?statt {_ARTICLE}(?P<old>.+?),? (?P<new>(?:\d+ ?x?|ein|eine|einen|zwei|drei|vier|"
               rf"funf|sechs|sieben|acht|neun|zehn|zwolf) .+)$"),
    # "die Butter raus und dafür Margarine", "das Roggenbrot wieder weg, dafür ein Vollkornbrot"
    re.compile(r"^(?:die |der |das |den )?(?P<old>.+?) (?:bitte )?(?:wieder )?(?:raus|weg|streichen)"
               r"(?: bitte)?(?: und)? (?:dafur|stattdessen|lieber|und) (?P<new>.+)$"),
    # "Pils doch nich, lieber Helles, auch 2", "die Brezeln doch keine, dafür Laugenstangen"
    re.compile(r"^(?:die |der |das |den )?(?P<old>.+?),? (?:doch |lieber |bitte |dann )*(?:nicht|nich|net|ned|nit|"
               r"keine?n?)(?: mehr)?,? (?:lieber|dafur|stattdessen|besser|sondern) (?P<new>.+)$"),
    # "den Bienenstich tauschen gegen 4 Mohnkuchen", "die Milch durch Hafermilch ersetzen"
    re.compile(rf"^(?:und )?{_ARTICLE}(?P<old>.+?) (?:bitte )?(?:tauschen|austauschen|umtauschen|ersetzen)(?: sie)?"
               r"(?: bitte)? (?:gegen|durch|in) (?P<new>.+)$"),
    re.compile(rf"(?:^|\b)(?:tausch|tausche|tauschen sie|ersetz|ersetze|ersetzen sie) (?:bitte )?{_ARTICLE}(?P<old>.+?)"
               r" (?:gegen|durch) (?P<new>.+)$"),
    re.compile(rf"^(?:und )?{_ARTICLE}(?P<old>.+?) (?:bitte )?(?:gegen|durch) (?P<new>.+?) "
               r"(?:tauschen|austauschen|umtauschen|ersetzen)$"),
    # "nicht Petersilie sondern Schnittlauch"
    re.compile(rf"(?:^|\b)(?:nicht|keine?n?) {_ARTICLE}(?P<old>.+?) sondern (?P<new>.+)$"),
    # "ich meinte gemischtes Hackfleisch, nicht Rind"
    re.compile(r"(?:^|\b)(?:ich )?mein(?:te|e) (?:doch |eigentlich )?(?P<new>.+?) nicht (?P<old>.+)$"),
    # "festkochend, nicht mehlig"
    re.compile(r"^(?P<new>.+?) nicht (?:de[nmr] |die |das )?(?P<old>[^ ]+(?: [^ ]+)?)$"),
)
_NOISE = re.compile(r"^(?:ach|oh|och|ah|ja|nee|ne|nein|warte|wart|moment|sorry|entschuldigung|oder|also|doch|bitte|und|aber|"
                    r"korrektur|moment)\b\s*")
# whole words only: "statt Bauch" is no "B" and "auch"
_TAIL = re.compile(r"(?:^|\s+)(?:bitte|danke|menge bleibt(?: gleich)?|gleiche menge|auch|auch \S+(?: g| kg| gramm| stuck)?)\s*$")


def _clean(text: str) -> str:
    # "doch liaba mehlige": the dialect made standard; "…, die mag sie mehr": no goods
    t = fold(" ".join(standard_words(without_remarks(text).split())))
    previous = None
    while previous != t:
        previous = t
        t = _NOISE.sub("", t).strip()
    return t


def replace(ctx: Ctx, text: str) -> bool:
    """One product for another; False when the words say no such thing."""
    said = _clean(text)
    said = _TAIL.sub("", said).strip() or said  # "festkochend, nicht mehlig. Menge bleibt."
    for pattern in _REPLACEMENTS:
        m = pattern.search(said)
        if m is None:
            continue
        old_text, new_text = m.group("old").strip(" ,"), m.group("new").strip(" ,")
        new_text = re.sub(r"^(?:gleich|dann|doch) ", "", new_text)  # "lieber gleich ne ganze Torte": the amount leads
        old_clean = _TAIL.sub("", old_text).strip() or old_text
        line = shopping.target_line(ctx, old_clean)
        new_clean = _TAIL.sub("", new_text).strip() or new_text
        kept = _sibling_keeping_the_rest(ctx, line, new_clean) if line is not None and line.product else None
        if kept is not None:
            # "festkochende, nicht mehlige" about the 5-kg sack: the 5-kg sack festkochend; "statt der 12
            # Stück Butterkuchen lieber ein halbes Blech": the amount said with the sibling
            _take_sibling(ctx, line, kept, find_quantity(new_clean))
            return True
        found = [r for r in shopping.groups_from(ctx, None, new_clean) if _usable(r)]
        if line is not None and line.product is not None and (not found or found[0].item is None
                                                               or found[0].item.product_id == line.product.slug):
            found = _other_variant(ctx, line, old_clean, new_clean) or found
        if line is not None and line.product is not None and not found:
            if _not_sold(ctx, new_clean):
                return _removed_instead(ctx, line, new_clean)
            found = _of_the_same_kind(ctx, line, new_clean)
        if line is None or not found:
            continue
        # "… und nimm lieber zwei Berliner": the amount read with the goods, wherever it stands
        # (an amount read out of the old goods' name, "…, Kasten 20 × 0,5 l", is none said: kept)
        keep = find_quantity(new_clean) is None and (not found[0].group.get("quantity") or found[0].quantity is None)
        shopping.replace_line(ctx, line, found[0], keep_quantity=keep)
        for extra in found[1:]:
            shopping.add_resolutions(ctx, [extra])
        return True
    return False


def _of_the_same_kind(ctx: Ctx, line, new_text: str) -> list:
    """"Statt dem Bauernbrot lieber Dinkel": of the goods the words may mean, the one of the same
    shop and kind as the line (the Dinkelvollkornbrot, not the Dinkelmehl)."""
    guesses = [c for r in shopping.groups_from(ctx, None, new_text) for c in r.candidates]
    item = shopping.line_item(ctx, line)
    if item is None:
        return []
    same = list(dict.fromkeys(c for c in guesses if c.shop_id == item.shop_id and c.category == item.category
                              and c.product_id != item.product_id))
    if len(same) != 1:
        return []
    return [r for r in shopping.groups_from(ctx, None, same[0].name) if _usable(r) and r.item == same[0]][:1]


def _not_sold(ctx: Ctx, new_text: str) -> bool:
    """Goods the lexicon knows that no shop here sells ("Margarine")."""
    words = [w for w in new_text.split() if find_quantity(w) is None]
    if not words or not lexicon().is_goods(" ".join(words)):
        return False
    return all(r.reason == "not_found" and not r.candidates for r in shopping.groups_from(ctx, None, new_text))


def _removed_instead(ctx: Ctx, line, new_text: str) -> bool:
    """"Die Butter raus und dafür Margarine" where nobody sells margarine: the butter goes, and
    the resident hears why nothing came in its place."""
    old = line_phrase(line_view(line))
    carts.remove_line(ctx.session, ctx.cart, line.id)
    ctx.say(f"{old[:1].upper()}{old[1:]} habe ich herausgenommen. {_title(new_text)} führen wir leider nicht.")
    shopping.prompt_more(ctx)
    return True


def _title(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def _usable(res) -> bool:
    """Resolved, or a product without an amount (the line's amount will do)."""
    return res.resolved or (res.reason == "quantity" and res.item is not None)


# "lieber", "doch lieber", "besser gleich": what follows takes the place of the last goods
_RATHER = r"(?:^|\b)(?:lieber doch|doch lieber|lieber|doch(?! nicht\b)|besser)(?: gleich)? "
_OTHER_VARIANT = re.compile(_RATHER + r"(?:de[nmr] |die |das |eine[nm]? |ein |nen |ne )?(?P<new>.+)$")
_VARIANT_WORDS = frozenset("glas glaser flasche flaschen kasten kiste packung sixpack becher dose beutel "
                           "sack netz schale bund stuck ein eine einen das die den der im in g kg l ml gramm "
                           "liter".split())
_ABOUT = re.compile(r"\b(?:beim|bei der|bei dem|vom|von der|von dem|von den|zum|zur)\s+(?P<what>.+)$")


def other_variant_of_last(ctx: Ctx, text: str) -> bool:
    """"Oder nein, lieber doch den alten mit zwölf Monaten" about "Emmentaler 6 Monate", "beim
    Honig doch das kleine Glas", "lieber gleich nen ganzen Kasten davon": the same product in the
    variant now said (the line named before, else the one touched last)."""
    said = _clean(text)
    m = _OTHER_VARIANT.search(said)
    if m is None:
        return False
    about = _ABOUT.search(said[:m.start()].strip())
    new_text = _TAIL.sub("", m.group("new")).strip()
    before = said[:m.start()].strip()
    if about is None and before and shopping.names_goods_in_cart(ctx, before):
        # "nee die Birnen doch E27, die großen": the goods named before "doch" are the line meant
        about = re.match(r"(?P<what>.+)$", before)
    after = _ABOUT.search(new_text)
    if about is None and after is not None and shopping.target_line(ctx, after.group("what")) is not None:
        about, new_text = after, new_text[:after.start()].strip()  # "doch lieber spritzig beim Wasser"
    line = shopping.target_line(ctx, about.group("what") if about else None)
    if line is None or line.product is None:
        return False
    named = shopping.target_line(ctx, new_text) if about is None and shopping.names_goods_in_cart(ctx, new_text) else None
    if named is not None and named is not line:
        return False  # "nee doch lieber nur zehn Stück Quetschekuche": the amount of other goods in the cart
    new_text = re.sub(r"\b(?:davon|ganze[nr]?|dann)\b", " ", new_text).strip()
    kept = _sibling_keeping_the_rest(ctx, line, new_text)
    if kept is None and about is None:
        # "doch lieber festkochende" said after the eggs and the cheese: the line that has such a
        # variant is meant, the latest first
        for other in sorted(ctx.cart.lines, key=lambda ln: ln.id, reverse=True):
            if other is not line and other.product is not None \
                    and (kept := _sibling_keeping_the_rest(ctx, other, new_text)) is not None:
                line = other
                break
    if kept is not None:
        # "na doch lieber festkochende" about "Kartoffeln mehligkochend 10 kg": the 10-kg sack festkochend
        _take_sibling(ctx, line, kept, find_quantity(new_text))
        return True
    only_variant_words = not [w for w in without_size_words(new_text).split()
                              if fold(w) not in _VARIANT_WORDS and container_word(w) is None
                              and not w.replace(",", "").isdigit()]
    own = [r for r in shopping.groups_from(ctx, None, new_text) if _usable(r)] if not only_variant_words else []
    head = fold(line.product.name).split()[0].strip(",")
    sibling = [r for r in own if r.item is not None and r.item.shop_id == line.shop.slug
               and r.item.product_id != line.product.slug and fold(r.item.name).split()[0].strip(",") == head]
    if sibling and len(own) == 1:
        # "beim Gouda doch lieber den alten": "alten" alone names the shop's Gouda alt
        shopping.replace_line(ctx, line, sibling[0], keep_quantity=find_quantity(new_text) is None)
        return True
    item = shopping.line_item(ctx, line)
    same_kind = [r for r in own if r.item is not None and r.item.shop_id == line.shop.slug
                 and r.item.product_id != line.product.slug and _same_kind(r.item, item)]
    if same_kind and len(own) == 1:
        # "ach nein, lieber gemischtes Hack, und nur 750 g" about the Rinderhack: the other goods of
        # the same kind in its place, in the amount now said
        shopping.replace_line(ctx, line, same_kind[0], keep_quantity=find_quantity(new_text) is None)
        return True
    if own:
        return False  # a product of its own: not a variant of the last one ("das kleine Glas" is none)
    span = find_quantity(f"ein {new_text}")
    if item is not None and span is not None and isinstance(span.result, Quantity) and span.result.container:
        # "lieber gleich nen ganzen Kasten davon": the same drink in the container said
        crate = in_container_said(item, span.result, lambda: ctx.catalog.index.items_of_shop(item.shop_id))
        if crate is not None:
            amount = span.result.amount  # "nen Kasten": one crate, whatever the bottles counted
            res = ItemResolution({"product": crate.name, "quantity": str(amount), "unit": span.unit_text,
                                  "shop": None}, "resolved", item=crate, quantity=amount)
            shopping.replace_line(ctx, line, res, keep_quantity=False)
            return True
    found = [r for r in shopping.groups_from(ctx, None, f"{head} {new_text}")
             if _usable(r) and r.item is not None and r.item.shop_id == line.shop.slug
             and r.item.product_id != line.product.slug]
    if not found:
        siblings = [r for r in shopping.groups_from(ctx, None, f"{line.product.name} {new_text}")
                    if _usable(r) and r.item is not None and r.item.shop_id == line.shop.slug
                    and r.item.product_id != line.product.slug]
        found = siblings
    if not found:
        return False
    shopping.replace_line(ctx, line, found[0], keep_quantity=find_quantity(new_text) is None)
    return True


def _names_word(name_words: list[str], said: str) -> bool:
    """"festkochende" names "festkochend", "alten" names "alt", "spritzig" names "spritzig"."""
    stem_said = stem(said)
    return any(n == said or stem(n) == stem_said or (len(stem_said) >= 5 and n.startswith(stem_said))
               for n in name_words)


def _take_sibling(ctx: Ctx, line, sibling, said: QuantitySpan | None = None) -> None:
    """The line becomes the sibling variant, in the amount said with it ("festkochende, fünf
    Kilo" of a 5-kg sack: one), else in the same amount."""
    amount = quantity_for_item(said.result, sibling) if said is not None else None
    said_amount = amount if isinstance(amount, Decimal) else None
    shopping.replace_line(ctx, line, ItemResolution(
        {"product": sibling.name, "quantity": str(said_amount) if said_amount else None, "unit": None, "shop": None},
        "resolved", item=sibling, quantity=said_amount or line.quantity), keep_quantity=said_amount is None)


def _name_words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s,()]+", fold(name)) if w]


def _sibling_keeping_the_rest(ctx: Ctx, line, new_text: str):
    """The shop's product that has every word now said and, of those, keeps most of the line's
    own name (its kind, size and container): "doch lieber festkochende" about "Kartoffeln
    mehligkochend 10 kg" is "Kartoffeln festkochend 10 kg", not the 2,5-kg net. None when the
    words name no such sibling, or name another kind of goods."""
    span = find_quantity(new_text)
    if span is not None:
        words = clean(new_text).split()
        new_text = " ".join(words[:span.start] + words[span.end:])  # "festkochende, fünf Kilo": the amount apart
    items = ctx.catalog.index.items_of_shop(line.shop.slug)
    shop_words = {w for it in items for w in _name_words(it.name)}
    # only the words the shop's goods have: "doch lieber festkochende die Erpel" (a word for
    # potatoes the catalog does not use) changes the variant all the same
    said = [w for w in _name_words(new_text) if len(w) > 2 and w not in _VARIANT_WORDS
            and not w.replace(",", "").isdigit() and w not in _FILLER_STEMS and _names_word(list(shop_words), w)
            and said_size_word(w) is None]
    size = said_size_word(new_text)  # "a kloans, ned a großes": the size wanted, in the shop's word
    if size is not None:
        said += [w for w in shop_words if said_size_word(w) == size][:1]
    if not said:
        return None
    own = _name_words(line.product.name)
    if all(_names_word(own, w) for w in said):
        return None  # nothing new said: not a change of variant
    head = own[0]
    best, best_score = [], -1
    for it in items:
        if it.product_id == line.product.slug:
            continue
        words = _name_words(it.name)
        if not all(_names_word(words, w) for w in said) or not _names_word(words, head):
            continue
        score = sum(1 for w in own if w in words) * 10 - len([w for w in words if w not in own])
        if score > best_score:
            best, best_score = [it], score
        elif score == best_score:
            best.append(it)
    if len(best) > 1 and (this := shopping.line_item(ctx, line)) is not None:
        # the sizes are not in the names ("Kartoffeln mehlig", 2,5 / 5 / 12,5 kg): the line's own size
        best = [it for it in best if it.size == this.size and it.label == this.label] or best
    return best[0] if len(best) == 1 else None


_FILLER_STEMS = frozenset({"bitte", "doch", "lieber", "nehm", "nehme", "hatte", "gern", "gerne", "mocht", "mochte"})


_REFINING = frozenset("""das die den der dem ein eine einen bitte danke einzelne einzeln einzelnen keinen keine kein nicht
    nich ned net im in der als lieber doch dann und aber also ja ach och oh nee nein ne sorry""".split())


def refined_last(ctx: Ctx, goods: str, resolutions: list) -> bool:
    """"Ich hätte gern Sprudel." … "6 Flaschen, das kleine Glas bitte, keinen Kasten.": a turn that
    names no goods, only how many and in what packing or size, says it of the goods just taken.
    The line becomes the variant of the same goods those words pick, in the amount said."""
    if not goods:
        return False  # whatever the words resolved to ("Glas" may name "Leberwurst im Glas"), only their kind counts
    words = [w for w in re.findall(r"[a-zäöüß0-9,]+", fold(goods))]
    span = find_quantity(goods)
    rest = [w for w in words if w not in _REFINING and container_word(w) is None and parse_number(w) is None
            and not re.fullmatch(r"[\d,]+(?:l|liter|kg|g|ml)?", w) and w not in ("l", "liter", "kg", "g", "ml", "gramm")
            and not said_size_word(w)]
    if rest or span is None:
        return False
    line = shopping.target_line(ctx, None)
    if line is None or line.product is None:
        return False
    head = re.sub(r"\s*\d.*$", "", line.product.name.split(",")[0]).strip()  # "Mineralwasser medium"
    cleaned = clean(goods).split()
    said = " ".join([*cleaned[:span.end], head, *cleaned[span.end:]])
    found = [r for r in shopping.groups_from(ctx, None, said)
             if r.resolved and r.item is not None and r.item.shop_id == line.shop.slug]
    if len(found) != 1 or found[0].item is None \
            or found[0].item.product_id == line.product.slug and found[0].quantity == line.quantity:
        return False
    shopping.replace_line(ctx, line, found[0], keep_quantity=False)
    return True


def _same_kind(new, old) -> bool:
    """Goods one would take instead of the other: the same category where the shop gives one,
    else a shared word stem of the names ("Rinderhackfleisch", "Hackfleisch gemischt")."""
    if new is None or old is None:
        return False
    if new.category and old.category:
        return fold(new.category) == fold(old.category)
    a, b = _name_words(new.name), _name_words(old.name)
    return any(len(x) >= 4 and len(y) >= 4 and (x in y or y in x) for x in a for y in b)


def _other_variant(ctx: Ctx, line, old_text: str, new_text: str) -> list:
    """"festkochend, nicht mehlig" about "Kartoffeln mehligkochend": the line's product with the
    word said instead of the one it had."""
    old_words = [w for w in fold(old_text).split() if len(w) > 2]
    kept = [w for w in fold(line.product.name).split()
            if not any(w.startswith(o[:5]) or o.startswith(w[:5]) for o in old_words)]
    if len(kept) == len(fold(line.product.name).split()):
        return []
    wanted = f"{' '.join(kept)} {new_text}"
    found = [r for r in shopping.groups_from(ctx, None, wanted) if _usable(r)]
    return [r for r in found if r.item is not None and r.item.shop_id == line.shop.slug] or found


# not "rostwurst doch 12, kommen mehr Leute": more people are the reason, not more goods
_MORE = re.compile(r"(?:^|\b)(?:noch )?(?P<n>\S+) (?:stuck |stk )?(?:(?!kommen |kommt |sind |werden )[a-z]+ )?"
                   r"(?:mehr|weitere|zusatzlich)\b(?! (?:leute|personen|gaste|kinder|enkel)\b)"
                   # "beim Glühwein noch 2 dazu", "noch eine dazu": no goods between ("noch eine Vanillesoße
                   # dazu" is goods of their own)
                   r"|\bnoch (?P<n2>\S+) (?:stuck |stk |kisten |kasten |flaschen |flasche |kiste )?dazu\b")
_LESS = re.compile(r"(?:^|\b)(?P<n>\S+) (?:stuck |stk )?weniger\b")
# "beim Aal doch nur die Hälfte", "vom alten bitte doppelt so viel": the amount in the cart, halved or doubled
# (not "die Hälfte bitte in Stücken geschnitten", "doppelt so viel wie vom Vanilleeis")
_HALF = re.compile(r"\b(?:(?:nur|bloss|doch|lieber) (?:die|de|der) halfte|(?:die|de|der) halfte (?:reicht|langt|genugt)"
                   r"|halb so viel|halbe menge)\b")
_DOUBLE = re.compile(r"\b(?:doppelt so viel|das doppelte|doppelte menge|die doppelte menge)\b(?! wie)")
_TOTAL = re.compile(r"(?:dann sind es|dann sinds|also insgesamt|insgesamt|zusammen dann) (?P<n>\S+)")
_INSTEAD_OF = re.compile(r"(?:^|\b)(?P<n>\S+) (?:stuck |stk )?(?:nicht|statt|anstatt) (?P<m>\S+)(?: stuck)?$")
_ENOUGH = re.compile(r"(?:^|\b)(?P<n>\S+) (?:reicht|reichen|genugt|genugen|langt|langen)\b")
_ENOUGH_AFTER = re.compile(r"\b(?:reicht|reichen|genugt|genugen|langt|langen)(?: (?:doch|auch|ja|mir|uns|dann))* "
                           r"(?P<n>\S+)(?: (?:stuck|stk))?$")
# "ich meine 500 g", not "für meine Nachbarin"
_WEIGHT_MORE = re.compile(r"(?P<q>\d+(?:[.,]\d+)? ?(?:g|gr|gramm|kg|kilo|pfund|l|liter)|(?:ein|eine|ein halbes|"
                          r"ein viertel|anderthalb) (?:pfund|kilo|liter)) (?:noch )?(?:mehr|dazu|zusatzlich)\b")
_SET_TO = re.compile(r"\b(?:meinte|(?:ich|i) meine|meine(?= \d)|doch|lieber|draus|daraus|nur|besser|korrektur)\b")
_RELATIVE_WORDS = re.compile(r"\b(?:nicht|statt|anstatt|noch|mehr|weitere|zusatzlich|weniger|dann|sind|sinds|es|also|insgesamt|"
                             r"halfte|halb|halbe|menge|doppelt|doppelte|so|viel|bloss|de|"
                             r"zusammen|reicht|reichen|genugt|genugen|langt|langen|stuck|stk|bitte|davon|von|"
                             r"den|dem|der|die|das|ach|nee|ne|doch|ja|ich|meinte|meine|lieber|draus|daraus|nur|besser|mach|machen|"
                             r"sie)\b")


_SWAP_WORDS = re.compile(r"\b(?:andersrum|andersherum|umgekehrt|vertauscht|tauschen|tauschen sie)\b")


def restated(ctx: Ctx, text: str) -> bool:
    """"Doch lieber andersrum: 4 Dinkel und 2 Mohn": goods already in the cart, each with a new
    amount, said as a correction. Every group must name its own line; else False."""
    said = _SWAP_WORDS.sub(" ", _clean(text))
    m = _OTHER_VARIANT.search(said)
    said = m.group("new") if m else said
    groups = extract_groups(said, ctx.catalog.index)
    if len(groups) < 2 or any(not g.get("product") or not g.get("quantity") for g in groups):
        return False
    lines = [shopping.target_line(ctx, g["product"]) for g in groups]
    if any(l is None or l.product is None for l in lines) or len({l.id for l in lines}) != len(lines):
        return False
    changed = []
    for group, line in zip(groups, lines):
        item = shopping.line_item(ctx, line)
        amount = quantity_for_item(parse_quantity(group["quantity"], group.get("unit")), item) if item else None
        if amount is None or isinstance(amount, Problem):
            return False
        changed.append((line, amount))
    try:
        for line, amount in changed:
            carts.set_quantity(ctx.session, ctx.cart, line.id, amount)
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return True
    ctx.say("Geändert: " + "; ".join(line_phrase(line_view(line)) for line, _ in changed) + ".")
    shopping.prompt_more(ctx)
    return True


_SPLIT_MARKER = re.compile(_RATHER)


def split_line(ctx: Ctx, text: str) -> bool:
    """"Zwa Kästen Wasser medium" … "na doch lieber einen medium und einen still": the line in
    two (or more) of its variants, each in the amount said. Every part must be the line itself or
    a variant of it at the same shop; else False."""
    said = _clean(text)
    m = _SPLIT_MARKER.search(said)
    if m is None:
        return False
    groups = extract_groups(said[m.end():], ctx.catalog.index)  # the articles stay: "einen medium" is one
    line = shopping.target_line(ctx, None)
    if len(groups) < 2 or line is None or line.product is None \
            or any(not g.get("product") or not g.get("quantity") or g.get("shop") for g in groups):
        return False
    own = _name_words(line.product.name)
    this_item = shopping.line_item(ctx, line)
    if this_item is None:
        return False
    parts = []
    for group in groups:
        words = [w for w in _name_words(group["product"]) if w not in _FILLER_STEMS]
        if not words:
            return False
        kept: CatalogItem | None = this_item
        if not all(_names_word(own, w) for w in words):
            kept = _sibling_keeping_the_rest(ctx, line, group["product"])
        if kept is None:
            return False
        q = parse_quantity(group["quantity"], group.get("unit"))
        amount = quantity_for_item(q, kept)
        if not isinstance(amount, Decimal):
            return False
        parts.append((kept, amount))
    if len({item.product_id for item, _ in parts}) < 2:
        return False
    old = line_phrase(line_view(line))
    carts.remove_line(ctx.session, ctx.cart, line.id)
    said_now = [shopping.add_item(ctx, item, amount) for item, amount in parts]
    ctx.say(f"Statt {old}: " + "; ".join(p for p in said_now if p) + ".")
    shopping.prompt_more(ctx)
    return True


def _in_boxes(ctx: Ctx, line, count: Decimal | None, said: str) -> Decimal | None:
    """"bei de Oier machet no sechs dazu": six eggs are one box of "Freilandeier, 6 Stück", where
    the turn counts the goods themselves, not their boxes ("zwei Packungen mehr")."""
    item = shopping.line_item(ctx, line)
    if count is None or item is None or item.unit != "piece" \
            or any(container_word(w) is not None for w in said.split()):
        return count
    boxes = convert_to_product_unit(count, "piece", item)
    return boxes if isinstance(boxes, Decimal) and boxes > 0 and boxes % 1 == 0 else count


def relative(ctx: Ctx, text: str) -> bool:
    """A new amount said relative to the cart; False when none is said."""
    said = _clean(text)
    total = _number(_TOTAL.search(said))
    more = _number(_MORE.search(said))
    less = _number(_LESS.search(said))
    enough_match = _ENOUGH.search(said)
    enough = _number(enough_match)
    if enough is None:  # "vom Zwetschgenkuchen reichen doch 10 Stück"
        enough = _number(_ENOUGH_AFTER.search(said))
    measured = None
    if enough_match is not None and enough is None:
        # "anderthalb Kilo langt", "200 Gramm reichen": an amount with its unit
        span = find_quantity(said[:enough_match.end("n")])
        measured = span.result if span is not None else None
    if measured is None and _SET_TO.search(said):
        # "ich meinte 100 g, nicht 1 kg", "Raclette doch 800 g", "mach 750 g draus"
        span = find_quantity(said)
        measured = span.result if span is not None and span.unit_text else None
    if measured is None and total is None and re.search(r"\b(?:draus|daraus)\b", said):
        # "ach mach bei den Brötchen 5 draus": a count that becomes the line's amount
        total = _number(re.search(r"(?:^|\b)(?P<n>\S+) (?:stuck |stk )?(?:draus|daraus)\b", said))
    then_total = re.search(r"\b(?:also|dann|sind|macht) (?:insgesamt |zusammen )?(?P<n>\S+)(?: stuck| stk| kisten| kiste| kasten| flaschen| flasche| packungen| packung| tuten| tute| glaser| glas| sacke| sack| kilo| kg| liter)?$", said)
    if (more is not None or less is not None) and _number(then_total) is not None:
        total = _number(then_total)  # "Doch 2 Laugenweckle mehr, also 4": the total said wins
    instead = _INSTEAD_OF.search(said)
    if instead and _number(instead) is not None and parse_number(instead.group("m")) is not None:
        total = _number(instead)  # "acht Stück, nicht sechs"
    added = None
    by_weight = _WEIGHT_MORE.search(said) if total is None and measured is None else None
    if by_weight is not None:
        # "Grünkohl noch 500g mehr bitte": a weight added to the weighed line, not its new amount
        span = find_quantity(by_weight.group("q"))
        added = span.result if span is not None and isinstance(span.result, Quantity) \
            and span.result.unit in ("kg", "l") else None
        more = None if added is not None else more
    factor = Decimal("0.5") if _HALF.search(said) else Decimal(2) if _DOUBLE.search(said) else None
    if factor is not None and (total is not None or measured is not None):
        factor = None  # "Radler die Hälfte, also nur 1 Kasten": the amount said wins
    if total is None and more is None and less is None and enough is None and measured is None and added is None \
            and factor is None:
        return False
    rest = _RELATIVE_WORDS.sub(" ", said)
    # only words of the catalog can name the line ("ergänzen Sie bitte 2 weitere rote Rosen")
    vocabulary = ctx.catalog.vocabulary
    labels = {stem(fold(it.label)) for l in ctx.cart.lines if l.product is not None
              and (it := shopping.line_item(ctx, l)) is not None and it.label}  # "1 Sixpack wieder weg"
    span = find_quantity(rest)
    if span is not None and span.unit_text and stem(fold(span.unit_text)) not in labels:
        # "anderthalb Kilo": the amount names no line ("1 Sixpack" does, where one line is sold so)
        rest = " ".join(w for i, w in enumerate(rest.split()) if not span.start <= i < span.end)
    rest = " ".join(w for w in rest.split() if parse_number(w) is None and w not in _PREPOSITIONS
                    and w not in FILLERS_FOLDED  # "nee wart mal, von de Nackensteaks …": "mal" names nothing
                    and (stem(w) in labels or (len(w) >= 4 and any(not g.attribute for g in lexicon().groups_of(w)))  # "Selters"
                         or any(v.startswith(stem(w)[:4]) or (len(w) >= 5 and w in v) or (len(w) >= 6 and w[:-1] in v)
                                or (len(w) >= 4 and v.endswith(w))
                                for v in vocabulary)))  # "Pils" of "Landpils"
    line = shopping.target_line(ctx, rest or None)
    if line is None and rest and not shopping.names_a_product(ctx, rest):
        line = shopping.target_line(ctx, None)  # "wart amal, anderthalb Kilo langt": the last line
    if line is None or line.product is None:
        return False
    if factor is not None:
        amount = line.quantity * factor
        if line.product.unit == "piece" and amount % 1:
            return False  # half of three pies: asked, not guessed
        total = amount
    if measured is not None:
        item = shopping.line_item(ctx, line)
        converted = quantity_for_item(pieces_as_pairs(measured, item), item) if item is not None else None
        if not isinstance(converted, Decimal):
            return False
        amount = converted
    elif total is not None:
        amount = total
    elif enough is not None:
        amount = enough
    elif added is not None:
        if line.product.unit != added.unit:
            return False
        amount = line.quantity + added.amount
    else:
        # "bei de Oier machet no sechs dazu": six eggs, one box of six, where the goods are
        # sold in boxes and the count fits them
        more, less = _in_boxes(ctx, line, more, said), _in_boxes(ctx, line, less, said)
        amount = line.quantity + (more or Decimal(0)) - (less or Decimal(0))
    if line.product.unit != "piece" and total is None and enough is None and measured is None and added is None:
        return False  # "2 mehr" of weighed goods: no amount of their own unit
    try:
        carts.set_quantity(ctx.session, ctx.cart, line.id, max(amount, Decimal(0)))
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return True
    ctx.state.last_line_id = line.id
    ctx.say(f"Geändert: {line_phrase(line_view(line))}.")
    shopping.prompt_more(ctx)
    return True


_PREPOSITIONS = frozenset("bei beim vom von im in am mit fur".split())  # "mach bei den Brötchen 5 draus"


def _number(m: re.Match | None) -> Decimal | None:
    if m is None:
        return None
    said = m.groupdict().get("n") or m.groupdict().get("n2")
    value = parse_number(said) if said else None
    return value if value is not None and value > 0 else None


_WITHDRAWN = re.compile(r"^(?:(?:nee|nein|ach|oh|sorry|und)\s+)*(?:de[nmr] |die |das )?(?P<old>.+?) "
                        r"(?:doch nicht|doch keine?n?|lieber nicht|brauch(?:e)? ich doch nicht|nicht mehr)\b")


def withdrawn(ctx: Ctx, text: str) -> bool:
    """"Likör doch nicht, sorry", "den Kasten doch nicht, nur den Sixpack": the line named goes.
    Only a line the words name; a bare "doch nicht" is an answer, not a removal."""
    said = _clean(text)
    m = _WITHDRAWN.search(said)
    if m is None:
        return False
    named = _TAIL.sub("", m.group("old")).strip()
    lines = [l for l in ctx.cart.lines if l.product is not None]
    line = shopping.target_line(ctx, named) if named else None
    if line is None or not any(l.id == line.id for l in lines):
        return False
    shopping.remove_line(ctx, line.id)
    return True


_EACH_OF_THE_LAST = re.compile(r"^(?:(?:davon|bitte|dann)\s+)*(?:je|jeweils|von beiden|beide|von jedem)\s+"
                               r"(?P<amount>.+?)(?:\s+(?:bitte|davon))*$")


def each_of_the_last(ctx: Ctx, text: str) -> bool:
    """"Erdbeeren und Himbeeren" … "je 2 Schalen": the amount is each of the goods the last
    shopping turn added."""
    m = _EACH_OF_THE_LAST.match(_clean(text))
    added = {(shop, product) for shop, product, *_ in ctx.state.last_added}
    if m is None or len(added) < 2:
        return False
    span = find_quantity(m.group("amount"))
    if span is None or span.start != 0 or span.end != len(m.group("amount").split()):
        return False
    lines = [line for line in ctx.cart.lines if line.product is not None
             and (line.shop.slug, line.product.slug) in added]
    changed = [phrase for line in lines if (phrase := shopping.set_amount_said(ctx, line, span.result))]
    if not changed:
        return False
    ctx.say(f"Geändert: {'; '.join(changed)}.")
    shopping.prompt_more(ctx)
    return True


_IF_THERE_IS_NONE = re.compile(
    r"^(?:und |also )?(?:falls|wenn|sollte) es (?:keine?n?|kein) (?P<missing>.+?) (?:gibt|geben|hat|haben)"
    r"(?: sollte)?,? (?:dann )?(?:nehme ich |nehm ich |hatte ich gern |hatte ich gerne |bitte |gerne )*"
    r"(?:stattdessen |lieber |dafur )*(?P<instead>.+)$")


def instead_if_missing(ctx: Ctx, text: str) -> bool:
    """"Falls es keine Franzbrötchen gibt, nehme ich stattdessen 2 Nussschnecken": where the
    goods named are not in the cart (no shop here sells them), what is said instead is taken and
    the question about them is dropped; where they are, nothing changes."""
    m = _IF_THERE_IS_NONE.match(fold(text).strip(" .!"))
    if m is None:
        return False
    if shopping.names_goods_in_cart(ctx, m.group("missing")):
        ctx.say(f"{_title(m.group('missing'))} habe ich schon notiert.")
        shopping.prompt_more(ctx)
        return True
    resolutions = [r for r in shopping.groups_from(ctx, None, m.group("instead"), from_resident=True) if _usable(r)]
    if not resolutions:
        return False
    pending = ctx.state.pending
    missing = fold(m.group("missing")).split()[-1]
    if pending is not None and missing[:5] in fold(str(pending.data)):
        ctx.state.pending = None  # the question about the missing goods; others keep theirs
    shopping.add_resolutions(ctx, resolutions)
    if ctx.state.pending is None and not shopping.ask_next_question(ctx):
        shopping.prompt_more(ctx)
    return True


def repeat_all(ctx: Ctx) -> bool:
    """"Das Ganze nochmal für meine Mutter, also alles doppelt": every goods line of the cart
    twice as much (vouchers and services stay as they are)."""
    lines = [l for l in ctx.cart.lines if l.product is not None and not l.product.is_service]
    if not lines:
        return False
    said = []
    for line in lines:
        if line.quantity is None:
            continue
        try:
            carts.set_quantity(ctx.session, ctx.cart, line.id, line.quantity * 2)
        except OrderingError as exc:
            ctx.say(resident_text(exc))
            return True
        said.append(line_phrase(line_view(line)))
    if not said:
        return False
    ctx.say("Verdoppelt: " + "; ".join(said) + ".")
    shopping.prompt_more(ctx)
    return True


def repeat_last(ctx: Ctx, text: str) -> bool:
    """"Dasselbe nochmal für meine Oma": what the last shopping turn added, once more; "dasselbe
    nochmal in klein": the last item in its small size."""
    if _same_again_for_a_line(ctx, text) or _same_in_another_kind(ctx, text):
        return True
    added = [(ctx.catalog.index.get(shop, product), Decimal(qty)) for shop, product, qty, *_ in ctx.state.last_added]
    last = [(item, qty) for item, qty in added if item is not None]
    if not last:
        return False
    size = said_size_word(text)
    if size is not None and len(last) == 1:
        item, qty = last[0]
        smaller_or_larger = f"{item.name} {'klein' if size == 'small' else 'groß'}"
        variants = [r.item for r in shopping.groups_from(ctx, None, smaller_or_larger)
                    if _usable(r) and r.item is not None and r.item.shop_id == item.shop_id
                    and r.item.product_id != item.product_id]
        if not variants:
            return False
        last = [(variants[0], qty)]
    said = [phrase for phrase in (shopping.add_item(ctx, item, qty) for item, qty in last) if phrase]
    if not said:
        return False
    ctx.say(("Noch einmal: " if len(said) > 1 else "") + "; ".join(said) + ". Notiert.")
    shopping.prompt_more(ctx)
    return True


_SAME_AGAIN_WORDS = re.compile(r"\b(?:nochmal|noch mal|nomol|nomal|noch einmal|dasselbe|das gleiche|dasgleiche|s gleiche|"
                               r"des gleiche|das selbe|dazu|debii|dabei|bei|beim|bi|von|vom|den|die|der|dem|de|bitte|"
                               r"also|und|ach|ja|insgesamt|zusammen|noch|no|mehr)\b")


def _same_again_for_a_line(ctx: Ctx, text: str) -> bool:
    """"bei den Sauerkirschen nochmal das gleiche dazu, also 6 kg insgesamt", "bi de Brotwürscht
    nomol s gleiche, also no zehn debii": one line named, its amount once more (or the total or
    the more said with it), not the whole last turn again."""
    said = _clean(text)
    head, _, tail = said.partition(" also ")
    rest = " ".join(w for w in _SAME_AGAIN_WORDS.sub(" ", head).split() if parse_number(w) is None)
    if not rest or not ctx.cart.lines:
        return False
    line = shopping.target_line(ctx, rest)
    if line is None or line.product is None:
        return False
    span = find_quantity(_SAME_AGAIN_WORDS.sub(" ", tail).strip()) if tail else None
    if span is not None and re.search(r"\b(?:insgesamt|zusammen)\b", tail):
        changed = shopping.set_amount_said(ctx, line, span.result, ask=True)  # "also 6 kg insgesamt"
    else:
        more = span.result if span is not None else None
        amount = line.quantity + (more.amount if isinstance(more, Quantity) and more.unit == line.product.unit
                                  else line.quantity)  # "also no zehn debii": ten more; else as much again
        try:
            carts.set_quantity(ctx.session, ctx.cart, line.id, amount)
        except OrderingError as exc:
            ctx.say(resident_text(exc))
            return True
        changed = line_phrase(line_view(line))
    if changed is None:
        return True
    ctx.state.last_line_id = line.id
    ctx.say(f"Geändert: {changed}.")
    shopping.prompt_more(ctx)
    return True


_SAME_IN = re.compile(r"(?:\bund\s+)?(?:(?:nochmal|noch mal|noch einmal)\s+)?(?:dasselbe|das gleiche|das selbe)\s+"
                      r"(?:(?:nochmal|noch mal)\s+)?(?:in|mit|als)\s+(?P<kind>[^\W\d]+)", re.IGNORECASE)


def _same_in_another_kind(ctx: Ctx, text: str) -> bool:
    """"2 Becher Vanilleeis und nochmal dasselbe in Erdbeer": the same amount of the same goods in
    the kind said ("Erdbeereis"), both added; False where the kind makes no goods of the catalog."""
    m = _SAME_IN.search(text)
    if m is None:
        return False
    before = text[:m.start()]
    groups = [g for g in extract_groups(read(before).content, ctx.catalog.index) if g.get("product") and g.get("quantity")]
    if not groups:
        return False
    last = groups[-1]
    said = fold(last["product"]).split()[-1]
    kind = fold(m.group("kind"))
    named = next((kind + said[k:] for k in range(1, len(said) - 1)
                  if isinstance(match_product(kind + said[k:], ctx.catalog.index), Resolved)), None)
    if named is None:
        return False
    again = " ".join(w for w in (last["quantity"], last.get("unit"), named) if w)
    found = [r for r in shopping.groups_from(ctx, None, f"{read(before).content} und {again}") if _usable(r)]
    if not found:
        return False
    shopping.add_resolutions(ctx, found)
    if ctx.state.pending is None:
        shopping.prompt_more(ctx)
    return True


_SHOP_MOVE_HINT = re.compile(r"\b(?:doch|lieber|bitte|dann|nee|nein|die|den|das|der)\b")


def other_shop(ctx: Ctx, text: str, resolutions: list) -> bool:
    """"Die Eier doch vom Hofladen Wendt", "die vom Dorfladen", "dann 1 Glas vom Zeh": the line
    named (else the last) from the shop now said, when that shop sells it; the amount stays."""
    shop = find_shop(text, ctx.catalog.index)
    if shop is None or not _SHOP_MOVE_HINT.search(_clean(text)):
        return False
    lines = [l for l in ctx.cart.lines if l.product is not None and l.shop.slug != shop]
    said = [it for r in resolutions for it in ((r.item,) if r.item is not None else ()) + tuple(r.candidates)]
    if said:
        heads = {_head(it.name) for it in said}
        # the same goods under the shop's own name: "Eier" in the cart, "Freilandeier" at the shop named
        line = next((l for l in reversed(lines) if l.product is not None and any(
            h == _head(l.product.name) or h.endswith(_head(l.product.name)) or _head(l.product.name).endswith(h)
            for h in heads)), None)
        there = [it for it in said if it.shop_id == shop]
    else:
        line = shopping.target_line(ctx, None)
        there = shopping.sold_at(ctx, line.product.name, shop) \
            if line is not None and line.product is not None and line.shop.slug != shop else []
    if line is None or line.product is None or line.quantity is None or not there:
        return False
    if len(there) > 1:
        there = list(narrow(tuple(there), None, line.product.name))
    if len(there) != 1:
        return False
    new = there[0]
    quantity = line.quantity if new.unit == line.product.unit else Decimal(1)
    old = line_phrase(line_view(line))
    carts.remove_line(ctx.session, ctx.cart, line.id)
    phrase = shopping.add_item(ctx, new, quantity)
    if phrase:
        ctx.say(f"Statt {old}: {phrase}. Notiert.")
    shopping.prompt_more(ctx)
    return True


def _head(name: str) -> str:
    words = fold(name).split()
    return words[0] if words else ""


_IN_EURO = re.compile(r"€|(?<![\w])(?:euro|euros|eur)(?![\w])", re.IGNORECASE)
_CHANGED_MIND = re.compile(r"(?<![\w])(?:lieber|doch|stattdessen|besser|eher|korrektur|nee|nein|ne|ach)(?![\w])")
_MONEY = frozenset({"", "euro", "eur", "€", "euros"})


def voucher_amount(ctx: Ctx, text: str, goods: str) -> bool:
    """"nee doch lieber dreißig Euro" after a voucher: its new amount, not thirty of the goods
    before it. Only an amount in euros, no goods said, and a voucher in the cart."""
    vouchers = [line for line in ctx.cart.lines if line.product_id is None]
    said = fold(text)
    if not vouchers or not _IN_EURO.search(text) or "?" in text or not _CHANGED_MIND.search(said):
        return False  # "was kostet die Lieferung, 5 Euro?" changes nothing
    cents = understanding.parse_euro(text)
    named = [g for g in extract_groups(goods, ctx.catalog.index) if fold(g.get("product") or "") not in _MONEY
             and not find_shop(g.get("product"), ctx.catalog.index)]
    if cents is None or named:
        return False
    slug = find_shop(text, ctx.catalog.index)
    of_shop = [line for line in vouchers if line.shop.slug == slug] if slug else vouchers
    if not of_shop or (slug is None and len({line.shop_id for line in vouchers}) > 1):
        return False  # vouchers of several shops and none named: the usual question of which line
    old = of_shop[-1]
    shop = old.shop
    try:
        with ctx.session.begin_nested():
            carts.remove_line(ctx.session, ctx.cart, old.id)
            carts.add_voucher(ctx.session, ctx.cart, shop.id, cents)
    except OrderingError as exc:
        ctx.say(resident_text(exc))  # the amount the shop does not sell; the voucher stays as it was
        return True
    ctx.say(f"Geändert: ein Gutschein über {money(cents, ctx.voice)} für {shop.name}.")
    shopping.prompt_more(ctx)
    return True
