"""The shopping list: resolving what was said, asking where needed, changing the cart."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from bot.application import payloads
from bot.application.error_wording import resident_text
from bot.dialogue import rules
from bot.dialogue.context import Ctx
from bot.dialogue.texts import cart_readback, join_and, line_phrase, money
from bot.dialogue.types import MAX_CHOICES, Choice
from bot.dialogue.understanding import (
    MAKE_IT,
    NO_FIRST,
    after_declining,
    declines_offer,
    find_shop,
    pick_choice,
    yes_or_no,
)
from nlu.reading import Act, read, standard_words, without_amount_taken_back, without_remarks
from nlu.resolution.catalog_index import CatalogIndex, CatalogItem
from nlu.resolution.items import (
    ARTICLE_AMOUNTS,
    ItemResolution,
    a_kind_as_said,
    extract_groups,
    names_only_a_kind_of_goods,
    pieces_as_pairs,
    readback,
    resolve_items,
    size_for_amount,
    without_goods_described_again,
)
from nlu.resolution.lexicon import lexicon
from nlu.resolution.normalize import FILLERS_FOLDED, clean, compact_key, fold, stem
from nlu.resolution.products import Ambiguous, NotFound, Resolved, match_product, shop_from
from nlu.resolution.quantity import (
    PIECE,
    Problem,
    Quantity,
    QuantitySpan,
    find_quantity,
    is_amount_word,
    parse_number,
    parse_quantity,
    quantity_for_item,
)
from nlu.resolution.variants import narrow, without_size_words
from nlu.result import NluResult
from ordering import cart as carts
from ordering.cart import line_view
from ordering.errors import OrderingError
from ordering.models import CartLine
from ordering.money import line_total

ITEM_FIELDS = ("product", "quantity", "unit", "shop")


def groups_from(ctx: Ctx, nlu: NluResult | None, text: str, *, from_resident: bool = False) -> list[ItemResolution]:
    """Resolve the items of an utterance; the rule-based split and the NLU's groups are both
    tried, and the reading that resolves more items wins. On a tie the rule-based one does: it
    reads every word left for goods, while the model's groups can split "Weißbier alkoholfrei"
    or drop "Mohn" from "Mohnschrippen" (measured on the dev conversations). ``from_resident``: the text is
    the resident's own turn (a shop named in it is remembered), not one built to look goods up."""
    index = ctx.catalog.index
    candidates: list[list[ItemResolution]] = []
    all_groups = extract_groups(_without_interjections(without_when_words(text)), index)
    if from_resident:
        _remember_shops_named(ctx, all_groups)
    rule_groups = [g for g in all_groups if g.get("product")]
    if rule_groups:
        rule_groups, resolved = without_goods_described_again(rule_groups, resolve_items(rule_groups, index))
        candidates.append(_with_shop_said_later(rule_groups, resolved, index))
    if nlu is not None and nlu.available:
        said = set(fold(text).split())
        # Only what is left of the turn once its acts, address and name are read may name goods:
        # the NLU's product spans outside it ("passt", a caller's town) are dropped.
        groups = _labels_as_units([g for g in nlu.item_groups() if g.get("product")
                                   and set(fold(g["product"]).split()) <= said
                                   and not names_only_a_kind_of_goods(g, index)], ctx.catalog.labels)
        if groups:
            groups, resolved = without_goods_described_again(groups, resolve_items(groups, index))
            candidates.append(_merge_split_names(_with_shop_said_later(groups, resolved, index)))
    if not candidates:
        return []
    rule_read = [r for r in candidates[0] if not _is_noise(r)] if rule_groups else []
    if rule_read and all(r.resolved for r in rule_read):
        return rule_read  # every word read as goods found its product: no reason to split

    def score(resolutions: list[ItemResolution]) -> tuple[int, int]:
        kept = [r for r in resolutions if not _is_noise(r)]  # "ok schade" costs the reading nothing
        resolved = sum(r.resolved for r in kept)
        return resolved * 2 - sum(r.reason in ("not_found", "no_product", "unknown_shop") for r in kept), resolved

    return _in_known_shop(ctx, [r for r in max(candidates, key=score) if not _is_noise(r)])


def _remember_shops_named(ctx: Ctx, groups: list[dict[str, Any]]) -> None:
    """The shops the resident named in this conversation, the latest last: "ich wollt wat
    bestellen beim Hoffmann aufm Hof" names no goods yet, but where the goods said next are
    sold by two shops, that one is meant."""
    for group in groups:
        shop = find_shop(group.get("shop"), ctx.catalog.index) if group.get("shop") else None
        if shop is not None:
            named = [s for s in ctx.state.shops_named if s != shop]
            ctx.state.shops_named = [*named, shop][-3:]


def _in_known_shop(ctx: Ctx, resolutions: list[ItemResolution]) -> list[ItemResolution]:
    """"Von welcher Bäckerei?" is not asked of goods the cart already holds from one of them
    ("Brötchen von Terstegen" … "also sechs Brötchen"), nor where one of the shops is the one the
    resident named earlier in the conversation: those are meant."""
    held = {(l.shop.slug, l.product.slug) for l in ctx.cart.lines if l.product is not None}
    named = ctx.state.shops_named
    if not held and not named:
        return resolutions
    out = []
    for r in resolutions:
        there: list[CatalogItem] = []
        if r.reason in ("ambiguous_shop", "ambiguous_product") and len({c.shop_id for c in r.candidates}) > 1:
            there = [c for c in r.candidates if (c.shop_id, c.product_id) in held]
            if not there:
                for shop in reversed(named):  # the shop named last first
                    there = [c for c in r.candidates if c.shop_id == shop]
                    if there:
                        break
        if len({c.shop_id for c in there}) == 1:
            again = resolve_items([r.group], ctx.catalog.index, default_shop=there[0].shop_id)
            if again and (again[0].resolved or {c.shop_id for c in again[0].candidates} == {there[0].shop_id}):
                r = again[0]  # resolved there, or a question about that shop's goods only
        out.append(r)
    return out


def _is_noise(res: ItemResolution) -> bool:
    """Words that found nothing, came without an amount and name no goods the lexicon knows
    ("mein Mann war schon beim Getränkemarkt", "warte", "beides") asked for no product: no
    "… habe ich leider nicht im Angebot" for them. "2 Flaschen Club-Mate" or "Zwiebelmett" (goods,
    not sold here) still get their plain answer."""
    if res.resolved or res.candidates or res.reason not in ("not_found", "no_product"):
        return False
    group = res.group
    if group.get("quantity") or group.get("unit"):
        return False
    return not lexicon().is_goods(group.get("product") or "")


# Words that say when, not what: "… und ein Brot für Samstag vormittag".
_WHEN_WORDS = frozenset("""montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag morgen übermorgen
    heute vormittag nachmittag abend abends früh morgens mittag mittags wochenende woche nächste nächsten
    bald möglich schnell""".split())


def without_when_words(text: str) -> str:
    words = text.split()
    kept: list[str] = []
    for word in words:
        bare = word.lower().strip(",.!?")
        if bare in _WHEN_WORDS:
            if kept and kept[-1].lower() in ("für", "am", "zum", "bis", "ab", "so", "wie"):
                kept.pop()
            continue
        kept.append(word)
    return " ".join(kept)


_INTERJECTION = re.compile(r"^(?:(?:achso|ach so|ach|äh|ähm|öh|hm|also|ja|nee|nein|okay|ok|gut|na|so)\b[\s,.!]*)+",
                           re.IGNORECASE)


def _without_interjections(text: str) -> str:
    """"achso und 1 Käsekuchen" -> "und 1 Käsekuchen": a sentence's opening noises are no product."""
    return _INTERJECTION.sub("", text.strip())


def _labels_as_units(groups: list[dict], labels: frozenset[str]) -> list[dict]:
    """"einen Topf Alpenveilchen": the NLU may take the label (Topf, Bund, Flasche) for a product
    of its own; it is the unit of the product that follows."""
    out: list[dict] = []
    for group in groups:
        prev = out[-1] if out else None
        said_amount = group.get("quantity") and find_quantity(group["quantity"]) is not None
        if (prev is not None and compact_key(prev.get("product") or "") in labels and not prev.get("unit")
                and not said_amount and not group.get("unit")):
            out[-1] = {**group, "quantity": prev.get("quantity"), "unit": prev.get("product"),
                       "shop": group.get("shop") or prev.get("shop")}
            continue
        out.append(group)
    return out


def _merge_split_names(resolutions: list[ItemResolution]) -> list[ItemResolution]:
    """The NLU sometimes cuts "Riesling trocken" into two products: a quantity-less group whose
    words all belong to the item just before it is part of that item, not a second one."""
    out: list[ItemResolution] = []
    for res in resolutions:
        prev = out[-1] if out else None
        words = set(fold(res.group.get("product") or "").split())
        if (prev is not None and prev.resolved and prev.item is not None and words and not res.group.get("quantity")
                and words <= set(fold(prev.item.name).split())):
            continue
        out.append(res)
    return out


def _with_shop_said_later(groups: list[dict], resolutions: list[ItemResolution], index) -> list[ItemResolution]:
    """"Zwei Liter Milch und ein halbes Kilo Butter vom Hof Schulze": a shop named at the end
    of a sentence also decides between shops for the items before it, where it sells them."""
    named = [g.get("shop") for g in groups if g.get("shop")]
    if not named:
        return resolutions
    out = []
    for group, res in zip(groups, resolutions, strict=True):
        if res.reason == "ambiguous_shop" and not group.get("shop"):
            for shop_text in named:
                retry = resolve_items([{**group, "shop": shop_text}], index)[0]
                if retry.resolved or retry.reason == "quantity":
                    res = retry
                    break
        out.append(res)
    return out


def add_resolutions(ctx: Ctx, resolutions: list[ItemResolution]) -> None:
    """Add what was understood, read it back, and ask about the first unclear item."""
    said: list[str] = []
    added = {(r.item.shop_id, r.item.product_id) for r in resolutions if r.resolved and r.item is not None}
    guessed = {(shop, product) for shop, product, _qty, *how in ctx.state.last_added if how == ["guessed"]}
    if added:
        # [shop, product, amount, "said" | "guessed"]: "guessed" where no amount was said (one was taken)
        ctx.state.last_added = [[r.item.shop_id, r.item.product_id, str(r.quantity),
                                 "said" if r.group.get("quantity") or r.group.get("unit") else "guessed"]
                                for r in resolutions if r.resolved and r.item is not None and r.quantity is not None]
    for res in resolutions:
        if res.reason == "quantity" and res.item is not None and (res.item.shop_id, res.item.product_id) in added:
            continue  # "fürs Raclette am Sa: 800 g Raclettekäse": the amount came with the other mention
        if res.resolved and res.item is not None and (res.item.shop_id, res.item.product_id) in guessed \
                and res.group.get("quantity") and (phrase := _amount_now_said(ctx, res)):
            said.append(phrase)  # "Linsen mit Spätzle …" then "zwoi Päckle Linsen": the amount, not two more
            continue
        named_before = {(r.item.shop_id, r.item.product_id) for r in resolutions[:resolutions.index(res)]
                        if r.resolved and r.item is not None}
        if _kind_of_a_line_said_again(ctx, res, named_before):
            continue  # "den spritzigen freilich, kaa stilles": the line in the cart is that one
        if res.resolved:
            if res.item is not None and res.quantity is not None:  # what "resolved" means
                phrase = add_item(ctx, res.item, res.quantity)
                if phrase:
                    said.append(phrase)
        else:
            ctx.state.queue.append(_question_data(res))
    if said:
        ctx.say(_readback_sentence(said))
        rules.after_adding(ctx)  # a shop's part below its minimum, flagged as soon as it is known
    ask_next_question(ctx)


_NOT_KIND_WORDS = frozenset("freilich natürlich naturlich bitte genau ja gell gelle den die das dem der".split())


def _kind_of_a_line_said_again(ctx: Ctx, res: ItemResolution, added_now: set[tuple[str, str]]) -> bool:
    """"1 Kasten Sprudel" read as the sparkling water, then "den spritzign freilich, kaa stilles
    und kaa medium"; "drei Flaschn Sekt … an trockna": only a kind said, without an amount or a
    goods word, of goods the cart holds in that kind (or one of those it could mean), confirms
    the line; it adds none and asks nothing."""
    said = fold(res.group.get("quantity") or "")
    if said not in ARTICLE_AMOUNTS or res.group.get("unit"):
        return False  # "an trockna": the article of "a dry one", no amount
    meant = [res.item] if res.item is not None else list(res.candidates) if res.reason in ("ambiguous_product", "not_found") else []
    held = {(line.shop.slug, line.product.slug) for line in ctx.cart.lines if line.product is not None}
    if said:
        # "… drei Flaschn Sekt, an trockna": with an article only of goods named just before in
        # this turn ("und noch ein stilles" orders one more)
        held &= added_now
    if not any((item.shop_id, item.product_id) in held for item in meant):
        return False
    words = [w for w in fold(res.group.get("product") or "").split() if w not in _NOT_KIND_WORDS]
    return bool(words) and all(a_kind_as_said(w) for w in words)


def _amount_now_said(ctx: Ctx, res: ItemResolution) -> str | None:
    """The line added last turn with an amount nobody said gets the amount said now."""
    assert res.item is not None and res.quantity is not None
    line = next((l for l in ctx.cart.lines if l.product is not None and l.shop.slug == res.item.shop_id
                 and l.product.slug == res.item.product_id), None)
    if line is None:
        return None
    try:
        carts.set_quantity(ctx.session, ctx.cart, line.id, res.quantity)
    except OrderingError:
        return None
    ctx.state.last_line_id = line.id
    return f"{_upper(line_phrase(line_view(line)))}"


def _readback_sentence(phrases: list[str]) -> str:
    if len(phrases) == 1:
        return f"{phrases[0]}. Notiert."
    return "Notiert: " + "; ".join(phrases) + "."


def add_item(ctx: Ctx, item: CatalogItem, quantity: Decimal) -> str | None:
    """Put an item in the cart; returns its read-back ("2 Flaschen Frischmilch vom Hof Schulze, 2,58 €")."""
    if not item.available:
        ctx.say(f"{item.name} {shop_from(item.shop_name)} ist gerade leider ausverkauft.")
        return None
    try:
        line = carts.add_product(ctx.session, ctx.cart, ctx.catalog.product_id(item), quantity)
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return None
    ctx.state.last_line_id = line.id
    price = money(line_total(quantity, item.price_cents), ctx.voice)
    return f"{_upper(readback(item, quantity, ctx.catalog.index))}, {price}"


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _question_data(res: ItemResolution) -> dict[str, Any]:
    return {
        "group": {k: res.group.get(k) for k in ITEM_FIELDS},
        "reason": res.reason,
        "question": res.question,
        "candidates": [[c.shop_id, c.product_id] for c in res.candidates[:MAX_CHOICES]],
    }


def ask_next_question(ctx: Ctx) -> bool:
    """Ask the next queued item question; False when none is left."""
    while ctx.state.queue:
        data = ctx.state.queue.pop(0)
        items = [it for it in (_item(ctx, s, p) for s, p in data["candidates"]) if it is not None]
        if data["reason"] == "quantity" and items:
            ask_quantity(ctx, items[0], data["question"])
            return True
        if items:
            choices = [Choice(_item_label(ctx, it), str(payloads.Pick(it.shop_id, it.product_id))) for it in items]
            ctx.ask("item", data["question"], choices, group=data["group"], reason=data["reason"],
                    candidates=[[it.shop_id, it.product_id] for it in items])
            return True
        if data.get("question"):
            ctx.say(data["question"])  # nothing to choose from: say it and go on to the next
    return False


def _item(ctx: Ctx, shop: str, product: str) -> CatalogItem | None:
    return ctx.catalog.index.get(shop, product)


def _item_label(ctx: Ctx, item: CatalogItem) -> str:
    size = f" ({item.size})" if item.size else ""
    per = {"kg": " pro kg", "l": " pro Liter"}.get(item.unit, "")
    return f"{item.name}{size} {shop_from(item.shop_name)}, {money(item.price_cents, ctx.voice)}{per}"


def ask_quantity(ctx: Ctx, item: CatalogItem, question: str | None) -> None:
    if item.unit == "kg":
        options = [("250 Gramm", "0.25"), ("500 Gramm", "0.5"), ("1 Kilo", "1")]
    elif item.unit == "l":
        options = [("Einen halben Liter", "0.5"), ("1 Liter", "1"), ("2 Liter", "2")]
    else:
        options = [("1", "1"), ("2", "2"), ("3", "3"), ("6", "6")]
    choices = [Choice(label, str(payloads.Qty(Decimal(value)))) for label, value in options]
    ctx.ask("quantity", question or f"Wie viel {item.name} möchten Sie?", choices,
            shop=item.shop_id, product=item.product_id)


def answer_item(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    """The resident answers "which one?"; False when the answer is something else entirely."""
    data = ctx.question.data
    items = [it for it in (_item(ctx, s, p) for s, p in data["candidates"]) if it is not None]
    picked: CatalogItem | None = None
    if isinstance(choice, payloads.Pick):
        picked = _item(ctx, choice.shop_id, choice.product_id)
    elif text and declines_offer(text) and pick_choice(text, [_item_label(ctx, it) for it in items],
                                                       ctx.catalog.vocabulary) is None \
            and not names_a_product(ctx, read(after_declining(text)).content):
        # "ach nee, dann lass mer des": none of them ("den Waldhonig, Raps brauch ich nicht" picks one)
        ctx.state.pending = None
        ctx.say("Gut, dann lasse ich das weg.")
        if not ask_next_question(ctx):
            _go_on(ctx)
        return True
    elif text and data.get("reason") != "ambiguous_shop" and len(narrow(tuple(items), None, text)) != 1 \
            and _names_other_goods(ctx, text, items):
        # "dazu zweieinhalb Kilo von den neuen Kartoffeln" to "which asparagus?": other goods, read
        # as such; the question waits
        return False
    elif text and (named := _candidates_ordered(ctx, text, items)):
        # "Ich nehme 2 Gläser Handkäs mit Musik und 6 einzelne Handkäse": the goods asked about,
        # each named with its amount (and maybe others): added as said, the question is answered
        ctx.state.pending = None
        add_resolutions(ctx, named)
        if ctx.state.pending is None and not ask_next_question(ctx):
            _go_on(ctx)
        return True
    elif text:
        index = pick_choice(text, [_item_label(ctx, it) for it in items], ctx.catalog.vocabulary)
        narrowed = narrow(tuple(items), None, text) if index is None and len(items) > 1 else ()
        if index is not None:
            picked = items[index]
        elif len(narrowed) == 1:
            picked = narrowed[0]  # "das kleine Glas", "die mit 12 Monaten", "den Kasten"
        elif len(narrowed) > 1 and (len(narrowed) < len(items) or _weighed_or_measured(data.get("group") or {})) \
                and (sized := size_for_amount(
                narrowed, (data.get("group") or {}).get("quantity"), (data.get("group") or {}).get("unit"))):
            # "fünf Kilo Kartoffeln" … "die mehligen": the bag size that five kilos fill; "500 g
            # Baumkuchen": the 500-g one. A count decides only among those the answer chose
            # ("e Tüt Honig" … "und e Bienenwachskerze" chose no honey)
            picked = sized
        elif len(items) == 1 and yes_or_no(text) is True:
            picked = items[0]
        elif yes_or_no(text) is False and not (len(items) > 1 and read(text).has(Act.DONE)) \
                and not read(text).content:  # "und ne Knolle Knoblauch" is no "nee"
            # ("nein, das ist alles" to "which of these?" is no answer: the checkout asks again)
            ctx.state.pending = None
            ctx.say("Gut, dann lasse ich das weg.")
            ask_next_question(ctx)
            return True
    rest = ""
    if picked is None and text:
        picked, rest = _picked_by_shop(ctx, text, items)
    if picked is None:
        return False
    said_now = groups_from(ctx, None, read(text).content) if not rest and text and read(text).content else []
    group = data.get("group") or {}
    for r in said_now:
        if r.resolved and r.item is not None and r.item.product_id == picked.product_id \
                and r.group.get("quantity"):
            group = {**group, "amount": r.quantity}
            break  # "Meinten Sie Alb-Linsen?" — "zwoi päckle linsen": the amount said with the answer
    if said_now:
        # "ok schade, dann 1 Pck Schupfnudeln und 500 g Sauerkraut": the answer, and goods of its own
        # ("den großen" chose among the candidates: no goods of its own, not the "Saisonstrauß, groß")
        others = [r for r in said_now
                  if r.resolved and r.item is not None and r.item.product_id != picked.product_id
                  and without_size_words(r.group.get("product") or "").strip()]
        if others:
            ctx.state.pending = None
            phrase = _add_as_asked(ctx, picked, group)
            if phrase:
                ctx.say(_readback_sentence([phrase]))
            add_resolutions(ctx, others)
            if ctx.state.pending is None:
                _go_on(ctx)
            return True
    ctx.state.pending = None
    said = [phrase for phrase in [_add_as_asked(ctx, picked, group)] if phrase]
    if data.get("reason") == "ambiguous_shop":
        said += _same_shop_for_the_others(ctx, picked.shop_id)
    if said:
        ctx.say(_readback_sentence(said))
    if ctx.state.pending is not None:
        return True
    more = groups_from(ctx, None, rest) if rest and read(rest).content else []
    if more:
        add_resolutions(ctx, more)  # "vom Hof bitte, und dazu noch 10 Eier"
        if ctx.state.pending is None:
            _go_on(ctx)
        return True
    if not ask_next_question(ctx):
        _go_on(ctx)
    return True


def _names_other_goods(ctx: Ctx, text: str, items: list[CatalogItem]) -> bool:
    """The answer names goods, and none of them is among those asked about."""
    content = read(text).content
    if not content:
        return False
    said = groups_from(ctx, None, content)
    named = [r for r in said if r.item is not None or r.candidates]
    asked = {(it.shop_id, it.product_id) for it in items}

    def among(r: ItemResolution) -> bool:
        found = [r.item] if r.item is not None else list(r.candidates)
        return any((c.shop_id, c.product_id) in asked for c in found)
    return bool(named) and not any(among(r) for r in said)


def _weighed_or_measured(group: dict[str, Any]) -> bool:
    """Whether the amount said with the question is a weight or a volume, not a count."""
    q = parse_quantity(group.get("quantity"), group.get("unit"))
    return isinstance(q, Quantity) and q.unit != PIECE


def _add_as_asked(ctx: Ctx, item: CatalogItem, group: dict[str, Any]) -> str | None:
    """Add the item chosen for a question, in the amount said with the question's words (or
    with the answer's: ``group["amount"]``, already in the item's unit)."""
    if group.get("amount") is not None:
        return add_item(ctx, item, group["amount"])
    amount = quantity_for_item(parse_quantity(group.get("quantity"), group.get("unit")), item)
    if isinstance(amount, Problem):
        ask_quantity(ctx, item, amount.question)
        return None
    return add_item(ctx, item, amount)


_CLAUSE_BREAK = re.compile(r"\s*(?:[,.;!?+]|\bund\b|\bdazu\b)\s*")


def _picked_by_shop(ctx: Ctx, text: str, items: list[CatalogItem]) -> tuple[CatalogItem | None, str]:
    """"Vom Imker", "beides aus dem Bioladen", "vom Hof bitte, und dazu noch 10 Eier": the
    first words name one of the offered shops (by name or trade). Returns the item and the rest."""
    shops = {it.shop_id for it in items}
    if len(shops) < 2:
        return None, ""
    parts = _CLAUSE_BREAK.split(text, maxsplit=1)
    shop = find_shop(parts[0], ctx.catalog.index)
    fitting = [it for it in items if it.shop_id == shop]
    if len(fitting) != 1:
        return None, ""
    return fitting[0], text[len(parts[0]):].strip(" ,.;!?+") if len(parts) > 1 else ""


def _same_shop_for_the_others(ctx: Ctx, shop_id: str) -> list[str]:
    """The shop said for one "von welchem Geschäft?" holds for the others waiting with it ("beides
    vom Hof"): a shop assistant would not ask again for each item of the same list."""
    said: list[str] = []
    for data in list(ctx.state.queue):
        if data.get("reason") != "ambiguous_shop" or ctx.state.pending is not None:
            continue
        items = [it for it in (_item(ctx, s, p) for s, p in data["candidates"]) if it is not None]
        fitting = [it for it in items if it.shop_id == shop_id]
        if len(fitting) != 1:
            continue
        ctx.state.queue.remove(data)
        phrase = _add_as_asked(ctx, fitting[0], data.get("group") or {})
        if phrase:
            said.append(phrase)
    return said


def answer_quantity(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    data = ctx.question.data
    item = _item(ctx, data["shop"], data["product"])
    if item is None:
        ctx.state.pending = None
        return False
    others: list[ItemResolution] = []
    if isinstance(choice, payloads.Qty):
        amount: Decimal | Problem = choice.amount
    else:
        reading = read(text)
        content = reading.content if text else ""
        if not reading.address.empty and find_quantity(content) is None:
            # "Lieferung Sa früh bitte, Deisterstr 22": the number is the house's, no amount; the
            # delivery is taken as said and the question comes again ("drei Kilo, ich hol ab" answers)
            return False
        said_now = groups_from(ctx, None, content) if content and len(content.split()) > 2 else []
        own = [r for r in said_now if r.resolved and r.item is not None and r.item.product_id == item.product_id]
        others = [r for r in said_now if r.resolved and r.item is not None and r.item.product_id != item.product_id]
        # "so fünf Kilo ungefähr, bratfertig, und dazu zwei Köppe Rotkohl": the kind said with the
        # amount could mean several goods, the one asked about among them
        meant = [r for r in said_now if not r.resolved and item in r.candidates and r.group.get("quantity")]
        if own and own[0].quantity is not None:
            amount = own[0].quantity  # "dreihundert Gramm Fleischkäs und zwei Rote Wurscht"
        elif meant:
            amount = quantity_for_item(parse_quantity(meant[0].group.get("quantity"), meant[0].group.get("unit")), item)
        elif others:
            return False  # other goods, not this amount: read as goods; the question comes again
        else:
            span = find_quantity(content if not reading.address.empty else text)
            if span is None:
                return False
            amount = quantity_for_item(span.result, item)
    if isinstance(amount, Problem):
        ask_quantity(ctx, item, amount.question)
        return True
    ctx.state.pending = None
    phrase = add_item(ctx, item, amount)
    if phrase:
        ctx.say(_readback_sentence([phrase]))
    if others:
        add_resolutions(ctx, others)  # and the goods said with the amount
        if ctx.state.pending is None:
            _go_on(ctx)
        return True
    if not ask_next_question(ctx):
        _go_on(ctx)
    return True


def _go_on(ctx: Ctx) -> None:
    """After an item question: on to the checkout when the resident already said "bestellen"."""
    if ctx.state.checking_out:
        ctx.steps.advance(ctx)  # the checkout builds on shopping, not the other way
    else:
        prompt_more(ctx)


MORE = "Darf es noch etwas sein?"


def prompt_more(ctx: Ctx) -> None:
    """After an item: ask for more, and offer the cart and the checkout."""
    rules.after_adding(ctx)  # an answered item question may have made a shop's part short
    text = MORE if not ctx.voice else f"{MORE} Oder sagen Sie: Bestellen."
    ctx.say(text, [Choice("Warenkorb ansehen", str(payloads.CART)), Choice("Bestellen", str(payloads.CHECKOUT))])


# ---------------------------------------------------------------- cart changes


def target_line(ctx: Ctx, product_text: str | None):
    """The cart line a change refers to: the one named, else the last one touched."""
    lines = [l for l in ctx.cart.lines if l.product is not None]
    if not lines:
        return None
    if not product_text:
        return next((l for l in lines if l.id == ctx.state.last_line_id), lines[-1])
    # Match against the cart's own products only: "die Eier" means the eggs in the cart.
    items = [line_item(ctx, l) for l in lines]
    known = [it for it in items if it is not None]
    cart_index = CatalogIndex(known)  # built once: the readings below all look at the cart's items
    match = match_product(product_text, cart_index)
    item = match.item if isinstance(match, Resolved) else None
    if item is None and isinstance(match, Ambiguous):
        # "doch 8 Brötchen" with Franzbrötchen and Weizenbrötchen in the cart: the goods the words
        # name in the whole catalog, where the cart holds them ("Brötchen" are Weizenbrötchen)
        whole = resolve_items([{"product": product_text, "quantity": None, "unit": None, "shop": None}],
                              ctx.catalog.index)[0]
        item = whole.item if whole.resolved and whole.item in known else None
    if item is None:
        item = _named_by_a_word(product_text, known, cart_index)
    if item is None:
        item = _named_by_its_label(product_text, known)
    if item is None and isinstance(match, NotFound) and len(match.suggestions) == 1:
        item = match.suggestions[0]  # among the few things in the cart, one close guess is the one
    if item is None:
        item = _named_by_its_kind(product_text, known)
    if item is None:
        item = _named_by_the_end_of_its_name(product_text, known)
    if item is None:
        item = _named_inside_a_word(product_text, known)
    return next((l for l, it in zip(lines, items) if it == item), None) if item else None


def _named_inside_a_word(text: str, items: list[CatalogItem]) -> CatalogItem | None:
    """"statt Bauch lieber Hähnchenbrust" with "Schweinebauchscheiben" in the cart: a word said
    (of five letters or more) inside one word of the name of exactly one item of the cart."""
    said = [w for w in fold(text).split() if len(w) >= 5 and w not in _CHANGE_WORDS_FOLDED]
    hits = [it for it in items if any(w in n for n in fold(it.name).replace(",", " ").split() for w in said)]
    return hits[0] if len(said) == 1 and len(hits) == 1 else None


def line_named_in(ctx: Ctx, text: str) -> CartLine | None:
    """The one cart line a single word of a change names (see ``_named_by_a_word``), or None."""
    pairs = [(l, it) for l in ctx.cart.lines if l.product is not None and (it := line_item(ctx, l)) is not None]
    known = [it for _, it in pairs]
    item = _named_by_a_word(text, known, CatalogIndex(known))
    return next((l for l, it in pairs if it == item), None) if item is not None else None


def _named_by_a_word(text: str, items: list[CatalogItem], index: CatalogIndex) -> CatalogItem | None:
    """The one item of the cart that a single word of the text names, by the catalog's words or
    the lexicon's, where the goods are not where the reader expects them: "bei den Eiern nehm ich
    doch zwei Packungen" ("bei" makes "Eiern" read like a shop, and two lines are sold by the
    Packung), "2 Kisten Selters reichen" ("Selters" is the lexicon's word, not the catalog's).
    None where no word, or words of more than one item, name one. ``index``: the items' own."""
    if not items:
        return None
    named: list[CatalogItem] = []
    for word in re.findall(r"[^\W\d_]{4,}", text.lower()):
        folded = fold(word)
        if folded in _CHANGE_WORDS_FOLDED or folded in _FILLERS_FOLDED or _unit_follows([word]):
            continue  # "Packungen" says how it is counted, not which line
        match = match_product(word, index)
        item = match.item if isinstance(match, Resolved) else None
        if item is not None and item not in named:
            named.append(item)
    return named[0] if len(named) == 1 else None


def _named_by_its_label(text: str, items: list[CatalogItem]) -> CatalogItem | None:
    """"1 Sixpack wieder weg" with one item of the cart sold by the Sixpack: that one."""
    said = {stem(w) for w in fold(text).split() if len(w) >= 3}
    hits = [it for it in items if it.label and stem(fold(it.label)) in said]
    return hits[0] if len(hits) == 1 else None


def _named_by_the_end_of_its_name(text: str, items: list[CatalogItem]) -> CatalogItem | None:
    """"mach 4 Kästen Pils draus" with "Hohenloher Landpils" in the cart: the one item of the
    cart a word of whose name ends like the goods said."""
    word = fold(text).split()[-1] if text.split() else ""
    if len(word) < 3:
        return None
    hits = [it for it in items if any(w.endswith(word) or stem(w).endswith(stem(word))
                                       for w in re.findall(r"\w+", fold(it.name)))]
    return hits[0] if len(hits) == 1 else None


def line_item(ctx: Ctx, line: CartLine) -> CatalogItem | None:
    """The catalog's item of a cart line with goods (None for a voucher, or goods no longer listed)."""
    return ctx.catalog.index.get(line.shop.slug, line.product.slug) if line.product is not None else None


def _named_by_its_kind(text: str, items: list[CatalogItem]) -> CatalogItem | None:
    """"Die Marmelade" for the cart's "Erdbeerkonfitüre": the word, or a word the lexicon gives
    for the same goods, ends one word of exactly one line's name."""
    words = [w for w in fold(text).split() if len(w) >= 4 and w not in _FILLERS_FOLDED]
    if not words:
        return None
    tails = {w.rstrip("n") if w.endswith("en") else w for w in words}
    for word in words:
        for group in lexicon().groups_of(word):
            tails |= {fold(f) for f in group.forms if len(f) >= 4}
    hits = [it for it in items if any(n.endswith(t) or n.endswith(t + "e") or n.rstrip("n").endswith(t)
                                      for n in fold(it.name).replace(",", " ").split() for t in tails)]
    return hits[0] if len(hits) == 1 else None



def sold_at(ctx: Ctx, name: str, shop: str) -> list[CatalogItem]:
    """What the shop sells of goods named so elsewhere: by the whole name, else by its words
    from the last ("Süßer Senf, Glas 250 ml" → "senf" → the butcher's Weißwurstsenf)."""
    words = [w for w in re.findall(r"[^\W\d]{4,}", name.lower()) if w not in _PACKING_WORDS]
    for query in dict.fromkeys([name, *reversed(words)]):
        found = match_product(query, ctx.catalog.index, shop_hint=(shop,))
        items = [found.item] if isinstance(found, Resolved) else list(getattr(found, "candidates", ()))
        there = [it for it in items if it.shop_id == shop]
        if there:
            return there
    return []


_PACKING_WORDS = frozenset("glas flasche packung kasten beutel becher dose schale".split())


def names_cart_line(ctx: Ctx, text: str) -> bool:
    """Whether the words name a product already in the cart ("nur vier Bratwürste")."""
    product = _product_text(ctx, None, _without_change_words(text))
    return product is not None and target_line(ctx, product) is not None


def names_goods_in_cart(ctx: Ctx, text: str) -> bool:
    """Whether the words name goods the cart holds: the very product, not one the words resemble
    as ``names_cart_line`` allows ("Rhabarber" is no "Rhabarberkuchen" here)."""
    held = {(line.shop.slug, line.product.slug) for line in ctx.cart.lines if line.product is not None}
    index = ctx.catalog.index
    return any(r.item is not None and (r.item.shop_id, r.item.product_id) in held
               for r in resolve_items(extract_groups(text, index), index) if r.resolved)


def names_goods_in_a_list(ctx: Ctx, text: str) -> bool:
    """Some goods of the text, read as a list ("Vom Café Wolf noch zwei Schnittchenplatten"), are
    the catalog's."""
    return any(r.item is not None or r.candidates for r in groups_from(ctx, None, text))


def names_a_product(ctx: Ctx, text: str) -> bool:
    match = match_product(text, ctx.catalog.index)
    return isinstance(match, Resolved) or bool(getattr(match, "candidates", ()))


def _product_text(ctx: Ctx, nlu: NluResult | None, text: str) -> str | None:
    groups = nlu.item_groups() if nlu and nlu.available else []
    product = next((g.get("product") for g in groups if g.get("product")), None)
    if product:
        return product
    rule = [g for g in extract_groups(_without_change_words(text), ctx.catalog.index) if g.get("product")]
    # "Kameruner nur 6, sonst bleibt zu viel übrig": the words that name goods, not the remark after them
    named = [g for g in rule if names_a_product(ctx, g["product"])]
    return (named or rule)[-1]["product"] if rule else None


def _without_change_words(text: str) -> str:
    """The words of a correction that may name goods or an amount (dialect forms made standard:
    "die Nudeln nur zwa" → "nudeln zwei")."""
    # "…, meine Frau mag keinen Räucherfisch": no goods; "ne doch zwei Gurken": a no, not "eine"
    words = standard_words(without_amount_taken_back(NO_FIRST.sub("", without_remarks(text), count=1)).split())
    # "die Forellen doch nur eine": after "nur" an amount, not an article ("nur ein Kilo" stays)
    words = ["1 stück" if i and fold(words[i - 1]) == "nur" and fold(w.strip(",.!?;")) in ("ein", "eine", "einen", "eins")
             and not _unit_follows(words[i + 1:]) else w for i, w in enumerate(words)]
    return " ".join(w for w in words if w.lower().strip(",.!?;") not in _CHANGE_WORDS
                    and fold(w.strip(",.!?;")) not in _FILLERS_FOLDED)


def _unit_follows(rest: list[str]) -> bool:
    """Whether the next word is a unit or a container: "nur ein Kilo", "nur eine Kiste"."""
    span = find_quantity(f"1 {rest[0]}") if rest else None
    return span is not None and span.unit_text is not None


_FILLERS_FOLDED = FILLERS_FOLDED - {"ein", "eine", "einen"}


# Words of a correction that are not the product: "nur vier Brötchen", "doch lieber zwei".
_CHANGE_WORDS = frozenset({"nur", "doch", "lieber", "statt", "stattdessen", "mach", "mache", "machen", "draus",
                           "daraus", "ändern", "ändere", "bitte", "noch", "die", "der", "das", "den", "wieder",
                           "raus", "heraus", "herausnehmen", "rausnehmen", "weg", "weglassen", "streichen",
                           "entfernen", "nimm", "nehmen", "sie", "mal", "ohne", "keine", "kein", "nee", "nee,", "ach",
                           "äh", "ähm", "nicht", "einen", "eine", "dem", "sorry", "sry", "sorri", "entschuldigung",
                           "tschuldigung", "pardon", "verzeihung", "bitte,", "wart", "warte", "gleich"})
_CHANGE_WORDS_FOLDED = frozenset(fold(w.strip(",")) for w in _CHANGE_WORDS)


_INSTEAD_THEN = re.compile(r"(.+?),?\s+(?:lieber|doch|besser|eher|nehm ich|nehme ich|dann)(?:\s+gleich)?\s+(.+)", re.IGNORECASE)


_NOT_THOSE_BUT = re.compile(r"\bkeine?n?\s+(?P<old>.+?)[,;]?\s+(?:stattdessen|statt dessen|dafür|dafur)\s+(?P<new>.+)$",
                            re.IGNORECASE)


def change_item(ctx: Ctx, nlu: NluResult | None, text: str, resolutions: list[ItemResolution]) -> None:
    """Corrections: "vier statt sechs", "Riesling statt Spätburgunder", "nicht zwei sondern drei
    Kilo", "doch lieber von Uphoff", "nur zwei"."""
    lowered = text.lower()
    instead = _NOT_THOSE_BUT.search(text)
    if instead is not None:
        # "Dann keine Frikadellen, stattdessen 2 Gläser Forellenkaviar": goods asked about, never in the
        # cart, and others wanted instead; a line named as taken back goes first
        gone = target_line(ctx, _product_text(ctx, None, instead.group("old")) or "") if ctx.cart.lines else None
        wanted = [r for r in groups_from(ctx, None, instead.group("new")) if r.resolved or r.candidates]
        if gone is None and wanted:
            add_resolutions(ctx, wanted)
            if ctx.state.pending is None:
                prompt_more(ctx)
            return
    if " statt " in f" {lowered} ":
        new, old = re.split(r"\bstatt\b", text, maxsplit=1, flags=re.IGNORECASE)
        replacement = [r for r in groups_from(ctx, None, _without_change_words(new)) if _names_its_goods(r)]
        turned = _INSTEAD_THEN.match(old.strip())
        if not replacement and turned is not None:
            # "statt Radeberger lieber Lübzer": the goods meant come after the one taken back
            old, new = turned.group(1), turned.group(2)
            replacement = [r for r in groups_from(ctx, None, _without_change_words(new)) if _names_its_goods(r)]
        if replacement:
            old_goods = _product_text(ctx, None, old)
            line = target_line(ctx, old_goods) if old_goods else None
            if line is None:
                # "statt der 2 Dutzend doch lieber 20 Eier": only the amount taken back; the goods
                # said after it name the line (the eggs), else it is the last one ("statt dem …")
                new_goods = _product_text(ctx, None, new)
                line = (target_line(ctx, new_goods) if new_goods else None) or target_line(ctx, None)
            replace_line(ctx, line, replacement[0])
            return
        # "doch 6 Forellen statt 4": the amount before "statt" is the new one, the one after it the old
        change_quantity(ctx, None, new if _amount_said(new) is not None else f"{new} {old}")
        return
    if " sondern " in f" {lowered} ":
        before, after = re.split(r"\bsondern\b", text, maxsplit=1, flags=re.IGNORECASE)
        line = target_line(ctx, _product_text(ctx, None, after) or _product_text(ctx, None, before))
        if line is not None:
            _set_line_quantity(ctx, line, find_quantity(_without_change_words(after)))
            return
    shop = find_shop(text, ctx.catalog.index)
    if shop is not None and find_quantity(_without_change_words(text)) is None:
        line = target_line(ctx, _product_text(ctx, nlu, text))
        if line is not None and line.product is not None and line.shop.slug != shop:
            other = resolve_items([{"product": line.product.name, "shop": ctx.catalog.index.shop_name(shop),
                                    "quantity": None, "unit": None}], ctx.catalog.index)[0]
            if other.resolved:
                replace_line(ctx, line, other, keep_quantity=True)
                return
    change_quantity(ctx, nlu, text)


def _candidates_ordered(ctx: Ctx, text: str, items: list[CatalogItem]) -> list[ItemResolution]:
    """The goods said now, where some of them are among those asked about, each with its own
    amount; else nothing (an answer that only picks is read by answer_item itself)."""
    reading = read(text)
    if not reading.content or reading.has(Act.CORRECTION, Act.REMOVAL):
        return []  # "doch nur 200 g gekochten": a change of what is in the cart, read as such
    said = groups_from(ctx, None, reading.content)
    asked = {(it.shop_id, it.product_id) for it in items}
    in_cart = {(l.shop.slug, l.product.slug) for l in ctx.cart.lines if l.product is not None}
    hits = [r for r in said if r.resolved and r.item is not None and (r.item.shop_id, r.item.product_id) in asked
            and r.group.get("quantity") and (r.item.shop_id, r.item.product_id) not in in_cart]
    return said if hits and all(r.resolved for r in said) else []


def _names_its_goods(r: ItemResolution) -> bool:
    """Goods found, their amount said or not ("Äpfel doch lieber Boskoop statt Elstar": the amount
    of the Elstar stays, replace_line keeps it)."""
    return r.resolved or (r.reason == "quantity" and r.item is not None)


def replace_line(ctx: Ctx, line, res: ItemResolution, keep_quantity: bool = False) -> None:
    """Swap a cart line for another product, keeping the amount where the units agree."""
    item = res.item
    if line is None or item is None:
        add_resolutions(ctx, [res])
        return
    quantity = res.quantity
    if keep_quantity or not res.group.get("quantity"):
        if line.product is not None and line.product.unit == item.unit:
            quantity = line.quantity
    old = line_phrase(line_view(line))
    carts.remove_line(ctx.session, ctx.cart, line.id)
    if quantity is None:
        # the new goods are counted otherwise and no amount was said: ask for it, never guess
        ask_quantity(ctx, item, f"{_upper(old)} habe ich herausgenommen. "
                                f"Wie viel {item.name} möchten Sie stattdessen?")
        return
    phrase = add_item(ctx, item, quantity)
    if phrase:
        ctx.say(f"Statt {old}: {phrase}. Notiert.")
    prompt_more(ctx)


_MORE_OF_IT = re.compile(r"\b(?:dazu|zusatzlich|extra|ausserdem|auch|noch ein\w*|und)\b")


def is_bare_quantity(ctx: Ctx, text: str, resolutions: list[ItemResolution]) -> bool:
    """"Ach, nehmen Sie zwei" right after an item: a new amount for the last line."""
    if any(r.resolved for r in resolutions) or ctx.state.last_line_id is None:
        return False
    reading = read(text)
    if reading.when or reading.fulfilment or _MORE_OF_IT.search(fold(text)):
        return False  # "Liefern bitte am Samstag, 27.3.": a day; "dazu noch zwei Gläser": more goods
    cleaned = _without_change_words(reading.content or text)  # read: "zwei Säck" → "zwei Säcke"
    if find_quantity(cleaned) is None:
        return False
    # "nee, mache Se zwei Säck": a container or unit word is the last line's, no goods of its own
    rest = [w for w in clean(cleaned).split()
            if fold(w) not in _QUANTITY_NOISE and parse_number(w) is None and not is_amount_word(w)]
    return not rest


_QUANTITY_NOISE = frozenset(FILLERS_FOLDED | {"ach", "och", "hm", "nehmen", "sie", "stuck", "stueck",
                             "kilo", "gramm", "liter", "packungen", "packung", "flaschen", "flasche", "davon",
                             "ein", "eine", "einen", "also", "lieber", "doch", "mal", "dann", "mach", "mache",
                             "machen", "se", "draus", "daraus", "nee", "nein"})


def change_quantity(ctx: Ctx, nlu: NluResult | None, text: str) -> None:
    """"nur zwei", "vier statt sechs Brötchen", "mach drei draus"."""
    product_text = _product_text(ctx, nlu, text)
    line = target_line(ctx, product_text) if product_text is not None else line_named_in(ctx, text)
    if line is None and product_text is not None and not names_a_product(ctx, product_text):
        product_text = None  # "ach machen Sie doch lieber zwei Kilo": no product named, the last one is meant
        line = line_named_in(ctx, text)
    if line is None and product_text is None:
        line = target_line(ctx, None)
    span = _amount_said(text)
    if line is None and product_text is None and len(ctx.cart.lines) > 1 and span is not None:
        ctx.ask("edit", "Welchen Artikel möchten Sie ändern?", _line_choices(ctx, payloads.Edit), quantity=text)
        return
    if line is None:
        ctx.say("Welchen Artikel möchten Sie ändern? Sagen Sie zum Beispiel: nur vier Brötchen.")
        return
    _set_line_quantity(ctx, line, span)


def _amount_said(text: str) -> QuantitySpan | None:
    """The amount of a change, also said after the goods ("die Cola nur 1": a bare number that
    ends the turn is no amount where goods are listed, but here it can only be one) or after
    "machen Sie" ("die Kinder kommen auch mit, machen se sechs Weckmänner")."""
    cleaned = re.sub(r"^(?:und|also|dann|ok|okay)\s+", "", _without_change_words(text), flags=re.IGNORECASE)
    span = find_quantity(cleaned)
    # "Kameruner nur 6, sonst bleibt zu viel übrig": the number ends its clause, not the turn
    for clause in re.split(r"[,;.!?](?:\s|$)", cleaned) if span is None else ():
        words = clause.split()
        if len(words) > 1 and parse_number(words[-1]) is not None:
            span = find_quantity(" ".join([words[-1], *words[:-1]]))
            break
    make = MAKE_IT.search(fold(text)) if span is None else None
    return find_quantity(make.group("rest")) if make is not None else span


def _set_line_quantity(ctx: Ctx, line, span) -> None:
    if span is None:
        ask_quantity_for_line(ctx, line)
        return
    changed = set_amount_said(ctx, line, span.result, ask=True)
    if changed is None:
        return
    ctx.state.last_line_id = line.id
    ctx.say(f"Geändert: {changed}.")
    prompt_more(ctx)


def set_amount_said(ctx: Ctx, line, said: Quantity | Problem, *, ask: bool = False) -> str | None:
    """The line set to the amount said, in the line's own unit; the changed line as read back, or
    None where the amount does not fit it (``ask``: then the question why is said) or the cart
    refused it (the reason is said)."""
    item = ctx.catalog.index.get(line.shop.slug, line.product.slug)
    amount = quantity_for_item(pieces_as_pairs(said, item), item) if item else Problem("ask_amount", "")
    if isinstance(amount, Problem):
        if ask:
            ctx.say(amount.question or f"Wie viel {line.product.name} möchten Sie?")
        return None
    try:
        carts.set_quantity(ctx.session, ctx.cart, line.id, amount)
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return None
    return line_phrase(line_view(line))


def ask_quantity_for_line(ctx: Ctx, line) -> None:
    item = ctx.catalog.index.get(line.shop.slug, line.product.slug)
    if item is not None:
        ask_quantity(ctx, item, f"Wie viel {line.product.name} möchten Sie?")


def answer_edit(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    quantity_text = ctx.question.data.get("quantity")
    line = None
    if isinstance(choice, payloads.Edit):
        line = next((l for l in ctx.cart.lines if l.id == choice.line_id), None)
    elif text:
        line = target_line(ctx, _product_text(ctx, None, text) or text)
    if line is None or line.product is None:
        return False
    ctx.state.pending = None
    _set_line_quantity(ctx, line, find_quantity(_without_change_words(quantity_text or "")))
    return True


_REMOVE_WORDS = re.compile(r"\b(?:streichen|streich|weg|raus|löschen|loschen|entfernen)\b", re.IGNORECASE)
_ONLY_KEEP = re.compile(r"[,;]?\s+(?:nur|bloß|bloss)\s+(?:noch\s+)?(?:die|der|das|den)\s", re.IGNORECASE)


_NOT_BUT_ONLY = re.compile(r"\b(?:doch\s+)?(?:lieber\s+)?(?:nicht|nich|net|ned)\b[,;]?\s+(?:nur|bloß|bloss)\s+"
                           r"(?:noch\s+)?(?:die|der|das|den)\s", re.IGNORECASE)


def keeps_only(ctx: Ctx, text: str) -> bool:
    """"Primeln doch lieber nicht, nur die Stiefmütterchen": the goods before go, those after
    stay as they are. False unless both are lines of the cart."""
    found = _NOT_BUT_ONLY.search(text)
    if found is None:
        return False
    gone, kept = _product_text(ctx, None, text[:found.start()]), _product_text(ctx, None, text[found.end():])
    line = target_line(ctx, gone) if gone else None
    stays = target_line(ctx, kept) if kept else None
    if line is None or stays is None or line.id == stays.id:
        return False
    remove_line(ctx, line.id)
    return True


def remove_item(ctx: Ctx, nlu: NluResult | None, text: str) -> None:
    removed, *kept = _ONLY_KEEP.split(text, maxsplit=1)
    if kept and _REMOVE_WORDS.search(removed) and not _REMOVE_WORDS.search(kept[0]) and _product_text(ctx, None, removed):
        text, nlu = removed, None  # "die Kopenhagener streichen, nur die Franzbrötchen": those stay
    product_text = _product_text(ctx, nlu, text)
    line = target_line(ctx, product_text) if product_text else None
    if line is None:
        if not ctx.cart.lines:
            ctx.say("Ihr Warenkorb ist schon leer.")
            return
        ctx.ask("remove", "Welchen Artikel soll ich herausnehmen?", _line_choices(ctx, payloads.Remove))
        return
    remove_line(ctx, line.id)


_DEFINITE = frozenset("die der das den dem".split())


def named_again(ctx: Ctx, words: str, resolutions: list[ItemResolution]) -> bool:
    """"Die Weizenbrötchen" with no amount, all of it already in the cart: said to point at them,
    not to order one more. Say what is there."""
    first = fold(words.split()[0]) if words.split() else ""
    if first not in _DEFINITE or not resolutions or any(
            not r.resolved or r.item is None or r.group.get("quantity") or r.group.get("unit") for r in resolutions):
        return False
    lines = [next((l for l in ctx.cart.lines if l.product is not None and l.shop.slug == r.item.shop_id
                   and l.product.slug == r.item.product_id), None) for r in resolutions if r.item is not None]
    if not lines or any(l is None for l in lines):
        return False
    phrases = [line_phrase(line_view(l)) for l in lines if l is not None]
    ctx.say(f"Das ist schon im Warenkorb: {join_and(phrases)}.")
    prompt_more(ctx)
    return True


def not_in_cart(ctx: Ctx, resolutions: list[ItemResolution]) -> bool:
    """Goods named to be taken out that the cart does not hold: say so (and add nothing).
    False where some of them are in the cart, or where nothing was resolved."""
    named = [r.item for r in resolutions if r.resolved and r.item is not None]
    if not named or len(named) != len(resolutions):
        return False
    held = {(l.shop.slug, l.product.slug) for l in ctx.cart.lines if l.product is not None}
    if any((it.shop_id, it.product_id) in held for it in named):
        return False
    names = " und ".join(dict.fromkeys(it.name for it in named))
    ctx.say(f"{names} ist nicht in Ihrem Warenkorb." if len(named) == 1
            else f"{names} sind nicht in Ihrem Warenkorb.")
    prompt_more(ctx)
    return True


def remove_line(ctx: Ctx, line_id: int) -> None:
    line = next((l for l in ctx.cart.lines if l.id == line_id), None)
    if line is None:
        ctx.say("Diesen Artikel finde ich nicht mehr in Ihrem Warenkorb.")
        return
    phrase = line_phrase(line_view(line))
    carts.remove_line(ctx.session, ctx.cart, line_id)
    ctx.state.pending = None
    ctx.say(f"{_upper(phrase)} habe ich herausgenommen.")
    show_cart(ctx)


def _line_choices(ctx: Ctx, action: type[payloads.Edit | payloads.Remove]) -> list[Choice]:
    return [Choice(line_view(l).name, str(action(l.id))) for l in ctx.cart.lines[:MAX_CHOICES]]


def step_line(ctx: Ctx, line_id: int, delta: int) -> None:
    """The + and − buttons: one piece more or less (100 g / 0.1 l for weighed goods)."""
    line = next((l for l in ctx.cart.lines if l.id == line_id), None)
    if line is None or line.product is None or line.quantity is None:
        ctx.say("Diesen Artikel finde ich nicht mehr in Ihrem Warenkorb.")
        return
    step = Decimal(1) if line.product.unit == "piece" else Decimal("0.1")
    new = line.quantity + step * delta
    try:
        carts.set_quantity(ctx.session, ctx.cart, line.id, max(new, Decimal(0)))
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return
    show_cart(ctx)


def show_cart(ctx: Ctx) -> None:
    summary = ctx.summary()
    if summary.is_empty:
        ctx.say("Ihr Warenkorb ist leer. Was darf ich für Sie notieren?")
        return
    text = " ".join(filter(None, [cart_readback(summary, ctx.voice), rules.free_delivery_note(ctx)]))
    ctx.say(text, [Choice("Bestellen", str(payloads.CHECKOUT)), Choice("Weiter einkaufen", str(payloads.MORE))],
            view=ctx.cart_view())


def answer_remove(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    if isinstance(choice, payloads.Remove):
        remove_line(ctx, choice.line_id)
        return True
    if text:
        line = target_line(ctx, _product_text(ctx, None, text) or text)
        if line is not None:
            remove_line(ctx, line.id)
            return True
    return False

