"""Answering "Ist im Streuselkuchen Nuss drin?" from the catalog, and only from it (issue 16).

What the shop declared (``Product.allergens``, EU 1169/2011 Annex II) is said as the shop's
statement ("Laut Angabe der Bäckerei …"); where it declared nothing, the answer says so
("Dazu hat der Laden keine Angabe gemacht.") and never guesses from the product's name. On the
phone the allergens are said one by one, each its own short sentence, so they come slowly.
"""

from __future__ import annotations

import re

from bot.dialogue.context import Ctx
from bot.dialogue.texts import join_and
from nlu.reading import Reading
from nlu.resolution.products import Ambiguous, Resolved, join_or, match_product, shop_dative, shop_from
from ordering.models import Product

# How the 14 allergens are said (the names of Annex II in German).
NAMES = {
    "gluten": "glutenhaltiges Getreide",
    "krebstiere": "Krebstiere",
    "eier": "Eier",
    "fisch": "Fisch",
    "erdnuesse": "Erdnüsse",
    "soja": "Soja",
    "milch": "Milch",
    "schalenfruechte": "Schalenfrüchte",
    "sellerie": "Sellerie",
    "senf": "Senf",
    "sesam": "Sesam",
    "schwefeldioxid": "Schwefeldioxid und Sulfite",
    "lupinen": "Lupinen",
    "weichtiere": "Weichtiere",
}
_PLURAL = frozenset({"krebstiere", "eier", "erdnuesse", "schalenfruechte", "schwefeldioxid", "lupinen",
                     "weichtiere"})
_ARTICLES = frozenset("im in der die das den dem des vom von beim bei ihr ihrem ihren ihre eurem euren"
                      " eure ein eine einem einen einer auf".split())
NO_STATEMENT = "Dazu hat der Laden keine Angabe gemacht."


def answer(ctx: Ctx, reading: Reading) -> None:
    """Answer an allergen question about the product named, or the one last put in the cart."""
    product = _product(ctx, reading)
    if product is None:
        return
    ctx.say(sentence(product, reading.allergens, voice=ctx.voice))


def sentence(product: Product, asked: tuple[str, ...], *, voice: bool) -> str:
    """The answer, from the catalog only."""
    shop = shop_from(product.shop.name)
    name = product.name
    if product.allergens is None:
        return (f"{name} {shop}, Allergene: {NO_STATEMENT} Ich kann es Ihnen deshalb nicht sagen; "
                f"bitte fragen Sie direkt {_at(product.shop.name)} nach.")
    declared = [a for a in product.allergens if a in NAMES]
    if not asked:  # "Welche Allergene hat …?"
        if not declared:
            return f"Laut Angabe {shop} enthält {name} keines der 14 Hauptallergene."
        return f"Laut Angabe {shop} enthält {name}: {_listed(declared, voice)}"
    contained = [a for a in asked if a in declared]
    not_contained = [a for a in asked if a not in declared]
    parts = []
    if contained:
        parts.append(f"Laut Angabe {shop} enthält {name} {_listed(contained, voice, end='')}.")
    if not_contained:
        lead = "Laut Angabe des Ladens" if contained else f"Laut Angabe {shop}"
        verb = "sind" if len(not_contained) > 1 or not_contained[0] in _PLURAL else "ist"
        parts.append(f"{lead} {verb} {join_and([NAMES[a] for a in not_contained])} in {name} nicht enthalten."
                     " Zu Spuren hat der Laden nichts angegeben.")
    return " ".join(parts)


def _listed(allergens: list[str], voice: bool, end: str = ".") -> str:
    names = [NAMES[a] for a in allergens]
    if voice and len(names) > 1:
        # one at a time, with a pause after each: "Glutenhaltiges Getreide. Eier. Und Milch."
        return ". ".join(names[:-1]) + ". Und " + names[-1] + end
    return join_and(names) + end


def _at(shop_name: str) -> str:
    return shop_dative(shop_name)


def _product(ctx: Ctx, reading: Reading) -> Product | None:
    text = " ".join(w for w in reading.content.split() if w.lower().strip(",.?!") not in _ARTICLES).strip(" ,.?!")
    asked_about = _named(ctx, reading.content) if text else None
    if asked_about is None:
        # "Sind da Nüsse drin? Meine Cousine hat eine Allergie": no goods named, so the goods
        # just put in the cart ("da") are meant; the rest of what was said is about people
        line = next((l for l in ctx.cart.lines if l.id == ctx.state.last_line_id and l.product is not None), None)
        if line is not None and (not text or _POINTS_BACK.search(reading.text.lower())):
            return line.product
        if not text or line is None and not _NAMED_AFTER_IN.search(reading.content.lower()):
            ctx.say("Zu welchem Produkt möchten Sie das wissen?")
            return None
        said = _NAMED_AFTER_IN.search(reading.content.lower())
        text = said.group(1) if said else text
        ctx.say(f"{text[:1].upper()}{text[1:]} finde ich leider nicht im Angebot, deshalb kann ich dazu nichts sagen.")
        return None
    if isinstance(asked_about, Resolved):
        return ctx.session.get(Product, ctx.catalog.product_id(asked_about.item))
    names = list(dict.fromkeys(f"{c.name} {shop_from(c.shop_name)}" for c in asked_about.candidates[:3]))
    ctx.say(f"Das gibt es mehrmals: {join_or(names)}. Zu welchem möchten Sie es wissen? "
            "Fragen Sie bitte noch einmal mit dem genauen Namen.")
    return None


# "ist da Ei drin", "sind die Nüsse drin": the goods just talked about
_POINTS_BACK = re.compile(r"(?<![\w])(?:da|do|dort|davon)(?![\w])")
# "Ist im Lammleberkäs Milch?": the goods asked about follow "im" / "in der"
_NAMED_AFTER_IN = re.compile(r"(?<![\w])(?:im|in der|in dem|in den|in de|ins|in)\s+([^\s.,;!?]+(?:\s+[^\s.,;!?]+)?)")


def _named(ctx: Ctx, content: str) -> Resolved | Ambiguous | None:
    """The goods the question names. What was said around them ("Meine Schwägerin hat eine
    Nussallergie", "sagen Sie mal") is no part of their name, so the longest run of words within
    one sentence that the catalog knows wins: "im Datschi. Meine Schwägerin" asks about Datschi."""
    sentences = [[w for w in s.split() if w.lower() not in _ARTICLES] for s in re.split(r"[.;!?]", content)]
    ambiguous: Ambiguous | None = None
    for size in range(4, 0, -1):
        for words in sentences:
            for start in range(0, len(words) - size + 1):
                phrase = " ".join(words[start:start + size]).strip(" ,")
                if len(phrase) < 3:
                    continue
                match = match_product(phrase, ctx.catalog.index)
                if isinstance(match, Resolved):
                    return match
                if isinstance(match, Ambiguous) and ambiguous is None:
                    ambiguous = match
    return ambiguous
