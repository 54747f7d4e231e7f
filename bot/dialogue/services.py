"""Everything around the shopping list: reorder, order status, vouchers, cancelling,
product questions, going on with a kept cart, and the payment link."""

from __future__ import annotations

import dataclasses
import logging
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz

from bot.application import payloads
from bot.application.error_wording import resident_text
from bot.dialogue import caller_check, checkout_flow, shopping
from bot.dialogue.context import YES_NO, Ctx
from bot.dialogue.texts import STATUS_PHRASES, join_and, line_phrase, money, upper_first, window_text
from bot.dialogue.types import Choice
from bot.dialogue.understanding import NO_FIRST, after_declining, declines_offer, find_shop, parse_euro, yes_or_no
from nlu.reading import SERVICE_QUESTION_ACTS, Act, read, standard_text
from nlu.resolution.catalog_index import CatalogItem
from nlu.resolution.items import ItemResolution, extract_groups, resolve_items
from nlu.resolution.normalize import FILLERS_FOLDED, fold
from nlu.resolution.products import match_product, match_shop, shop_from
from nlu.resolution.quantity import find_quantity
from nlu.result import NluResult
from ordering import cart as carts
from ordering import orders, windows
from ordering.cart import LineView, line_view
from ordering.errors import OrderingError
from ordering.models import CartLine, Order, Product, Shop
from ordering.payments import vouchers

log = logging.getLogger(__name__)


def _last_order(ctx: Ctx) -> Order | None:
    if ctx.resident is None:
        return None
    found = orders.orders_of_resident(ctx.session, ctx.resident.id, limit=5)
    return next((o for o in found if o.status != "cancelled"), None)


# ---------------------------------------------------------------- reorder


def offer_reorder(ctx: Ctx, greeting: str | None = None) -> bool:
    """"Das Gleiche wie beim letzten Mal?" — True when offered."""
    order = _last_order(ctx)
    lines = [(l.product_id, str(l.quantity), l) for s in (order.sub_orders if order else [])
             for l in s.lines if l.product_id and not l.rejected]
    if order is None or not lines:
        if greeting is None:
            ctx.say("Ich finde keine frühere Bestellung von Ihnen. Was darf ich für Sie notieren?")
            return True
        return False
    if caller_check.guard(ctx, "reorder", greeting):
        return True
    day = windows.format_window(order.slot.start.astimezone(_zone(ctx)), order.slot.end.astimezone(_zone(ctx)))
    weekday = day.split(",")[0]
    items = join_and([f"{_amount(l)} {l.name}" for _, _, l in lines[:6]])
    lead = f"{greeting} " if greeting else ""
    ctx.ask("reorder", f"{lead}Möchten Sie das Gleiche wie beim letzten Mal, am {weekday}? Das waren {items}.",
            list(YES_NO), lines=[[pid, qty] for pid, qty, _ in lines])
    return True


def _zone(ctx: Ctx) -> ZoneInfo:
    return ZoneInfo(ctx.region.timezone)


def _amount(line) -> str:
    view = LineView(0, "", line.product_id, line.product_slug, line.name, line.unit, line.label, line.size,
                    line.quantity, line.unit_price_cents, line.total_cents, line.vat)
    return line_phrase(view).rsplit(" " + line.name, 1)[0]


def _reorder(ctx: Ctx, lines: list[list]) -> None:
    added, missing = [], []
    for product_id, quantity in lines:
        product = ctx.session.get(Product, product_id)
        if product is None or not product.listed or not product.available:
            missing.append(product.name if product else "ein Artikel")
            continue
        try:
            line = carts.add_product(ctx.session, ctx.cart, product_id, Decimal(quantity))
        except OrderingError:
            missing.append(product.name)
            continue
        added.append(line_phrase(carts.line_view(line)))
    text = f"Notiert: {join_and(added)}." if added else ""
    if missing:
        text += f" Nicht mehr zu haben: {join_and(missing)}."
    ctx.say(text.strip())
    shopping.prompt_more(ctx)


# ---------------------------------------------------------------- status


def order_status(ctx: Ctx) -> None:
    if caller_check.guard(ctx, "status"):
        return
    order = ctx.session.get(Order, ctx.state.last_order_id) if ctx.state.last_order_id else None
    order = order or _last_order(ctx)
    if order is None:
        ctx.say("Ich finde keine Bestellung von Ihnen. Möchten Sie etwas bestellen?")
        return
    zone = _zone(ctx)
    when = window_text(order.slot.start.astimezone(zone), order.slot.end.astimezone(zone), ctx.voice)
    parts = [f"{upper_first(s.shop.name)} {STATUS_PHRASES.get(s.status, s.status)}" for s in order.sub_orders]
    kind = "Lieferung" if order.fulfilment == "delivery" else "Abholung"
    ctx.say(f"Ihre Bestellung für {kind} am {when}: {'; '.join(parts)}.")


# ---------------------------------------------------------------- vouchers


CODE = re.compile(r"\b([A-Za-z2-9]{4})[\s-]?([A-Za-z2-9]{4})\b")


def voucher(ctx: Ctx, nlu: NluResult | None, text: str, *, with_goods: bool = True) -> None:
    """Buy a voucher for a shop, or redeem one by its code ("Gutschein einlösen ABCD-EFGH");
    ``with_goods``: the goods said beside it are added too (not where they were already)."""
    code = _voucher_code(text)
    if code is not None:
        redeem(ctx, code)
        return
    # "einen Gutschein über 20 Euro für Terstegen und zwei Liter Milch": the voucher is one
    # part of the sentence, the rest is shopping.
    parts = re.split(r"\s+und\s+|,\s*|(?<!\d)[.!?]\s+|\s*\n\s*|\s+\+\s+", text)
    named = [p for p in parts if "gutschein" in p.lower()]
    # "Kann man auch Gutscheine kaufen? Dann 1 Gutschein über 15 €": the part that says how much
    voucher_part = next((p for p in named if parse_euro(p) is not None), named[0] if named else text)
    parts = [p for p in parts if p in (voucher_part,) or p not in named]  # a question about vouchers buys none
    at = parts.index(voucher_part) if voucher_part in parts else None
    # The amount said next to "Gutschein", not "2" of "2 Flaschen" the NLU may call an amount too;
    # or on its own just after it ("an Gutschein vom Hofer fürs Radl, 30 Euro, …"). Taken before
    # looking for more vouchers: "…, über 30 Euro" is this one's amount, not a second voucher.
    amount = parse_euro(voucher_part)
    if amount is None and at is not None:
        after = next((p for p in parts[at + 1:at + 3] if _AMOUNT_ALONE.match(p)), None)
        if after is not None:
            amount = parse_euro(after)
            parts = [p for p in parts if p is not after]
    # "… und einen über 40 € vom Weingut Dürr": another voucher, said without the word
    more = [p for p in parts[at + 1:] if _ANOTHER_VOUCHER.match(p.strip().lower())] if at is not None else []
    rest = " und ".join(p for p in parts if p is not voucher_part and p not in more and p.strip())
    if amount is None and nlu and nlu.available:
        inside = [e.value for e in nlu.entities if e.entity == "amount" and e.value.lower() in voucher_part.lower()]
        amount = parse_euro(inside[0]) if inside else None
    shop_text = nlu.first("shop") if nlu and nlu.available else None
    # the shop named in the voucher's own words first: "1 Lindenhonig von der Imkerei … und nen
    # Gutschein über 30 € vom Blumenhaus …" (the NLU's first shop is the honey's)
    shop = _voucher_shop(ctx, voucher_part) or (_voucher_shop(ctx, shop_text) if shop_text else None)
    shop = shop or _shop_of_the_talk(ctx, rest)
    _voucher_step(ctx, shop, amount, quiet=bool(rest or more))
    for part in more:
        if ctx.state.pending is not None:
            break  # the first voucher waits for an answer; the next is said again afterwards
        _voucher_step(ctx, _voucher_shop(ctx, part), parse_euro(part), quiet=bool(rest) or part is not more[-1])
    if rest and with_goods:
        shopping.add_resolutions(ctx, shopping.groups_from(ctx, None, rest))
    if rest and ctx.state.pending is None:
        shopping.prompt_more(ctx)


# "…, 30 Euro", "macht der Gebhart auch Gutscheine? dann noch einer über 25€": the amount of the
# voucher said just before
_AMOUNT_ALONE = re.compile(r"^\s*(?:(?:dann|und|also|ja)\s+)?(?:noch\s+)?(?:(?:einen|einer|eins|ein|nen|en)\s+)?"
                           r"(?:über |zu |für |von )?\d+(?:[.,]\d+)?\s*(?:€|euro|eur)\s*$", re.IGNORECASE)
_ANOTHER_VOUCHER = re.compile(r"^(?:noch )?(?:einen|einer|eins|ein|noch einen|nochmal einen)?\s*"
                              r"(?:über|zu|für|à|a)\s+\d+(?:[.,]\d+)?\s*(?:€|euro|eur)(?!\w)")
# "und einen vom Bäcker Wedekind über zwanzig": one more voucher, the word not said again
_ONE_MORE_FROM = re.compile(r"^(?:(?:und|dann|noch|auch|nochmal)\s+)*(?:einen|einer|eins|ein|nen|en|n)\s+"
                            r"(?:vom|von|beim|bei|fürs|für)\b", re.IGNORECASE)


def another_voucher(ctx: Ctx, text: str) -> bool:
    """After a voucher went into the cart: "und einen vom Bäcker Wedekind über zwanzig" is one
    more voucher, for the shop named, of the amount said (and no goods)."""
    if not any(line.product_id is None for line in ctx.cart.lines) or "?" in text:
        return False
    return _ONE_MORE_FROM.match(text.strip()) is not None and parse_euro(text) is not None \
        and find_shop(text, ctx.catalog.index) is not None


def _voucher_code(text: str) -> str | None:
    for match in CODE.finditer(text or ""):
        code = (match.group(1) + match.group(2)).upper()
        if any(ch.isdigit() for ch in code) and all(ch in vouchers.CODE_ALPHABET for ch in code):
            return code
    return None


def redeem(ctx: Ctx, code: str) -> None:
    try:
        found = vouchers.find_voucher(ctx.session, code)
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return
    if found.balance_cents <= 0:
        ctx.say("Dieser Gutschein ist schon ganz eingelöst.")
        return
    if code not in ctx.state.voucher_codes:
        ctx.state.voucher_codes.append(code)
    shop = found.shop
    ctx.say(f"Ihr Gutschein über {money(found.balance_cents, ctx.voice)} {_for(shop.name)} wird bei der Bestellung "
            f"angerechnet, soweit Sie dort einkaufen.")
    shopping.prompt_more(ctx)


def _voucher_shop(ctx: Ctx, text: str | None) -> Shop | None:
    # the shop phrase first ("… vom Blumenladen Kaltenhauser bitte, als Geschenk"), then the whole text
    slug = find_shop(text, ctx.catalog.index) if text else None
    found = match_shop(text, ctx.catalog.index) if text and slug is None else None
    return _shop(ctx, slug or (found.shop_id if found is not None and found.unique else None))


def _shop(ctx: Ctx, slug: str | None) -> Shop | None:
    shop_id = ctx.catalog.shop_ids.get(slug) if slug else None
    return ctx.session.get(Shop, shop_id) if shop_id else None


def _shop_of_the_talk(ctx: Ctx, rest: str) -> Shop | None:
    """"Drei rote Rosen vom Blumen Ramelow" … "und einen Gutschein über 30 Euro": a voucher said
    without its shop is for the one shop of the talk: the only one named in the rest of the
    sentence, else the only one named so far, else the one shop whose goods the cart holds
    ("beim Schlachter Kreimeyer: …" as a heading, then "+ nen Gutschein über 25 €"). With two
    shops in play the resident is asked."""
    named = {slug for slug in (find_shop(part, ctx.catalog.index) for part in re.split(r"\s+und\s+|,\s*", rest))
             if slug is not None} if rest else set()
    named = named or set(ctx.state.shops_named) or {l.shop.slug for l in ctx.cart.lines if l.product is not None}
    return _shop(ctx, named.pop()) if len(named) == 1 else None


def _voucher_step(ctx: Ctx, shop: Shop | None, amount: int | None, quiet: bool = False) -> None:
    if shop is None:
        ctx.ask("voucher_shop", "Für welches Geschäft soll der Gutschein sein?", amount=amount)
        return
    if amount is None:
        low, high = shop.voucher_min_cents, shop.voucher_max_cents
        span, offered = "", []
        if low is not None and high is not None:  # the catalog gives both or neither
            span = f" Möglich sind {money(low, ctx.voice)} bis {money(high, ctx.voice)}."
            offered = [Choice(money(c, False), str(payloads.Amount(c))) for c in (1000, 2000, 5000) if low <= c <= high]
        ctx.ask("voucher_amount", f"Über welchen Betrag soll der Gutschein für {shop.name} sein?{span}", offered,
                shop=shop.id)
        return
    try:
        carts.add_voucher(ctx.session, ctx.cart, shop.id, amount)
    except OrderingError as exc:
        # Outside the shop's range: ask again for this shop, so "dann 100 Euro" works.
        ctx.ask("voucher_amount", f"{resident_text(exc)} Über welchen Betrag soll er sein?", shop=shop.id)
        return
    ctx.state.pending = None
    ctx.say(f"Ein Gutschein über {money(amount, ctx.voice)} {_for(shop.name)}. Notiert. "
            "Sie bekommen den Code, sobald bezahlt ist.")
    if not quiet:
        shopping.prompt_more(ctx)


_NEUTER_SHOP_WORDS = ("gut", "haus", "café", "cafe", "geschäft", "lädchen", "kontor", "studio", "atelier")


def _for(name: str) -> str:
    """"für den Hofladen Schulze", "für die Bäckerei", "für das Weingut Dürr", "für Terstegen"."""
    first = name.split()[0].lower() if name.split() else ""
    if shop_from(name).startswith("vom ") and first.endswith(_NEUTER_SHOP_WORDS):
        return f"für das {name}"
    return "für " + shop_from(name).replace("vom ", "den ").replace("von der ", "die ").replace("von ", "")


# ---------------------------------------------------------------- cancelling


def cancel(ctx: Ctx) -> None:
    if ctx.state.pending is not None:
        ctx.state.pending = None
        ctx.state.queue.clear()
        ctx.say("Gut, lassen wir das. Was darf ich sonst für Sie tun?")
        return
    if ctx.cart.lines:
        ctx.ask("clear_cart", "Soll ich Ihren Warenkorb leeren?", list(YES_NO))
        return
    order = _last_order(ctx)
    if order is not None and all(s.status == "placed" for s in order.sub_orders):
        if caller_check.guard(ctx, "cancel"):
            return
        ctx.ask("cancel_order", f"Soll ich Ihre Bestellung {order.reference} stornieren?", list(YES_NO),
                order_id=order.id)
        return
    ctx.say("Es gibt gerade nichts zu stornieren.")


# ---------------------------------------------------------------- product questions


def _held(ctx: Ctx, item: CatalogItem) -> CartLine | None:
    return next((line for line in ctx.cart.lines if line.product is not None
                 and (line.shop.slug, line.product.slug) == (item.shop_id, item.product_id)), None)


_OTHERS = re.compile(r"\b(?:andere\w*|weitere\w*|sonst\w*|noch mehr)\b")


def answer_product_question(ctx: Ctx, resolutions: list[ItemResolution]) -> None:
    first = resolutions[0]
    asked = fold(first.group.get("product") or "")
    in_cart = [c for c in first.candidates if _held(ctx, c) is not None] \
        if first.item is None and not _OTHERS.search(asked) else []  # ("haben Sie auch anderen Honig?")
    if len(in_cart) == 1:
        # "wie schwer is denn so e Forell?" with four trout in the cart: those, not the spread
        first = dataclasses.replace(first, item=in_cart[0], status="resolved", match=None)
    if first.item is not None and (first.resolved or first.reason == "quantity"):
        item = first.item
        held = _held(ctx, item)
        guessed = first.match is not None and getattr(first.match, "kind", "") in ("fuzzy", "phonetic") \
            and getattr(first.match, "score", 100) < 88
        # "haben Sie auch Zigaretten?" is no question about Fassbrause Zitrone, nor "Salz" one about
        # the Sülze in the cart; but goods in the cart asked about in much the words they were
        # ordered with ("das Sonnenblumenbrot" of the Sonnenblumenkernbrot) are those goods
        if guessed and (held is None or fuzz.partial_ratio(asked, fold(item.name)) < 85):
            ctx.ask("add_offer", f"Das haben wir leider nicht. Meinten Sie {item.name} {shop_from(item.shop_name)}?",
                    list(YES_NO), shop=item.shop_id, product=item.product_id)
            return
        per = {"kg": "pro Kilo", "l": "pro Liter"}.get(item.unit, f"pro {item.label}" if item.label else "das Stück")
        state = " Er ist gerade leider ausverkauft." if not item.available else ""
        if held is not None:
            # "Was kostet der Handkäs eigentlich?" with eight in the cart: the price, and no offer of
            # more that a closing "ok, passt" would then take; "ok, dann 3" sets the line to three
            ctx.ask("add_offer", f"{item.name} {shop_from(item.shop_name)} kostet {money(item.price_cents, ctx.voice)} "
                    f"{per}. Notiert haben Sie {line_phrase(line_view(held))}. {shopping.MORE}",
                    shop=item.shop_id, product=item.product_id, held=held.id)
            return
        ctx.ask("add_offer", f"{item.name} {shop_from(item.shop_name)} kostet {money(item.price_cents, ctx.voice)} "
                f"{per}.{state} Soll ich {'welche' if item.unit == 'piece' else 'etwas'} notieren?", list(YES_NO),
                shop=item.shop_id, product=item.product_id)
        return
    shopping.add_resolutions(ctx, [first])


# Where a question starts inside what was said: "… ein Sack Grillkohle, was kostet bei der Kiste das
# Pfand", "einmal das ganze Blech Butterkuchen was kost das eigentlich", "Gibt es auch …?"
_QUESTION_START = re.compile(
    r"(?<![\w])(?:(?:was|wat|wos|wie ?viel) (?:kost|kostet|kosten|koschtet|kostn|kosta|koscht|macht)|"
    r"(?:gibt es|gibts|gibt s|habt ihr|haben sie|hend ihr|han ihr|hen ihr|habts|hat der|hat die|macht ihr|"
    r"machen sie)(?: \w+)?(?: auch| eigentlich| denn)+)(?![\w])")


_SAME_LENGTH_FOLD = str.maketrans("äöüß", "aous")
_THEN_AN_AMOUNT = re.compile(r"\s(?:dann|na dann|gut dann|ok dann)\s+(?:noch\s+)?(?:\d|ein|eine|einen|zwei|drei|vier|"
                             r"fünf|funf|sechs|zehn|zwölf|zwolf|zwee|zwoa)\b", re.IGNORECASE)
# What takes up the goods just asked about: "Dann 2 Flaschen.", "den hätte ich, 1 Stück", "3 davon"
_TAKES_UP = re.compile(r"^(?:(?:ok|okay|gut|ja|prima|super|schon|na|achso|ah|ach|oh)\W+)*"
                       r"(?:dann|davon|den|die|das|da|\d|ein|eine|einen|zwei|drei|vier|funf|sechs|zehn|zwolf)\b")


def answer_question_and_order(ctx: Ctx, text: str) -> bool:
    """A question and an order in one turn: the goods ordered with an amount before the question
    are ordered, the question is answered ("… und ein Sack Grillkohle, was kostet das Pfand?");
    an amount said after the question orders the goods asked about ("Haben Sie auch Fliederbeersaft?
    Dann 2 Flaschen."). False when the turn is only a question."""
    start = _QUESTION_START.search(text.lower().translate(_SAME_LENGTH_FOLD))  # indices stay those of the text
    before = text[:start.start()].rstrip(" ,;") if start is not None and start.start() > 0 else ""
    # only goods said as an order: not those of a question before ("Kann man auch eine Torte mit
    # Beschriftung bestellen? Was kostet das?")
    before = "" if "?" in before or read(before).has(Act.PRODUCT_QUESTION) else before
    ordered = [r for r in shopping.groups_from(ctx, None, read(before).content, from_resident=True)
               if r.group.get("quantity") and (r.resolved or r.candidates)] if before else []
    question, after = text[len(before):], ""
    if "?" in question.rstrip(" ?!.🙂😊"):
        cut = question.rindex("?", 0, len(question.rstrip(" ?!.🙂😊")) + 1) + 1
        question, after = question[:cut], question[cut:].strip()
    elif start is not None and (then := _THEN_AN_AMOUNT.search(question)) is not None:
        # spoken, without a question mark: "haben Sie auch Fliederbeersaft dann zwei Flaschen"
        question, after = question[:then.start()], question[then.start():].strip()
    after = after if _TAKES_UP.match(fold(after)) else ""  # not "Ich habe noch einen Rohling vom letzten Jahr."
    if not ordered and not (after and _amount_said(read(after).content)):
        return False
    if ordered:
        shopping.add_resolutions(ctx, ordered)
    question_read = read(question)
    if any(question_read.has(act) for act in SERVICE_QUESTION_ACTS):
        # "… und ein Sack Grillkohle, was kostet bei der Kiste das Pfand": the shop's rules, not goods
        answer_service_question(ctx, question_read)
        if ctx.state.pending is None:
            shopping.prompt_more(ctx)
        return True
    asked = [r for r in shopping.groups_from(ctx, None, question_read.content) if r.resolved or r.candidates or r.item]
    if asked:
        answer_product_question(ctx, asked)
    elif ordered and ctx.state.pending is None and ordered[-1].item is not None \
            and not _names_more_than_a_pointer(read(question).content):
        answer_product_question(ctx, [ordered[-1]])  # "… was kost das eigentlich": the goods just ordered
        if ctx.state.pending is not None and ctx.state.pending.data.get("held"):
            ctx.state.pending = None  # told, and not asked again after the next turn
    elif ctx.state.pending is None:
        shopping.prompt_more(ctx)
    pending = ctx.state.pending
    if after and pending is not None and pending.kind == "add_offer":
        offered = len(ctx.out) - 1
        if _offer_taken_with_amount(ctx, pending.data, after) and offered >= 0:
            # the offer is taken in the same breath: its question is not said ("… 4,50 € pro Flasche.
            # 2 Flaschen Holunderbeersaft … Notiert.")
            reply = ctx.out[offered]
            for question in (" Soll ich welche notieren?", " Soll ich etwas notieren?"):
                if reply.text.endswith(question):
                    ctx.out[offered] = dataclasses.replace(reply, text=reply.text[:-len(question)], choices=())
    return True


def _names_more_than_a_pointer(content: str) -> bool:
    """"was kost das eigentlich" points back; "wat kost denn die süßen" names goods of its own."""
    words = [w for w in fold(content).split() if w not in FILLERS_FOLDED]
    return any(w not in _POINTERS for w in words)


_POINTERS = frozenset("was wat wos kost kostet kosten koschtet kostn macht das des dat die der den denn eigentlich "
                      "eig so ungefahr zusammen alles ganze insgesamt".split())


def _offer_taken_with_amount(ctx: Ctx, data: dict, text: str | None) -> bool:
    """"Was kostet die Regenbogenforelle?" … "ah so, dann nehm ich zwei": the amount said alone
    is for the product just asked about. False when the words are not such an amount."""
    item = ctx.catalog.index.get(data["shop"], data["product"])
    reading = read(text)
    span = _amount_said(reading.content) if text else None
    if item is None or span is None or reading.has(Act.PRODUCT_QUESTION):
        return False  # "und was kostet das Kilo?" asks again; it orders nothing
    if NO_FIRST.match(text or ""):
        return False  # "ach nee, dat is mir zu deuer, bleiben mer beim Nacktarsch, mach zwölf draus"
    groups = extract_groups(reading.content, ctx.catalog.index)
    if len(groups) > 1 and groups[0].get("quantity") and not groups[0].get("product") \
            and any(g.get("quantity") for g in groups[1:]):
        # "Dann 3 Schalen bitte und 2 Becher Rote Grütze": the amount first is for the goods asked
        # about, the goods after it are goods of their own
        # (each with an amount of its own: "Dann 200 g davon, dünn geschnitten" names no goods after it)
        others = [r for r in resolve_items([g for g in groups[1:] if g.get("quantity")], ctx.catalog.index)
                  if r.resolved or r.candidates]
        ctx.state.pending = None
        _add_offered(ctx, _at_shop_said(ctx, item, text), groups[0]["quantity"], groups[0].get("unit"), others)
        return True
    named = [r.item or r.candidates[0] for r in shopping.groups_from(ctx, None, reading.content)
             if r.item is not None or r.candidates]
    refers_back = "davon" in re.findall(r"\w+", reading.content.lower())  # "dann 200 g davon, dünn geschnitten": the goods asked about
    if not refers_back and any(it.product_id != item.product_id for it in named):
        ctx.state.pending = None  # the offer is answered by ordering: it is not asked again
        return False  # "300 Gramm Fleischkäs und zwei Rote Wurst": goods of their own, read as such
    ctx.state.pending = None
    held = next((line for line in ctx.cart.lines if line.id == data.get("held")), None)
    if held is not None and _MORE_OF_IT.search(fold(text or "")):
        held = None  # "dann noch 2 dazu": two more, added below, not two in all
    if held is not None:  # "Was kostet ein Hokkaido?" with two in the cart … "Ok, dann 3 Hokkaido": three in all
        changed = shopping.set_amount_said(ctx, held, span.result, ask=True)
        if changed is not None:
            ctx.say(f"Geändert: {changed}.")
            shopping.prompt_more(ctx)
        return True
    _add_offered(ctx, _at_shop_said(ctx, item, text), span.quantity_text, span.unit_text)
    return True


def _amount_said(content: str):
    """The amount in an answer to an offer, also after the words that lead into it ("Ok, dann 3
    Hokkaido": "dann" would make the 3 a number inside the goods' name)."""
    span = find_quantity(content)
    if span is not None:
        return span  # "ja dann nehm i ois so um die zwei Kilo": the weight said
    words = content.split()
    while words and fold(words[0].strip(",.!?")) in FILLERS_FOLDED:
        words = words[1:]
    return find_quantity(" ".join(words))


_MORE_OF_IT = re.compile(r"\b(?:noch|dazu|mehr|zusatzlich|weitere)\b")


def _at_shop_said(ctx: Ctx, item, text: str | None):
    """"Habt ihr süßen Senf?" (the Dorfladen's) … "dann ein Glas vom Zeh": the butcher's own."""
    shop = find_shop(text, ctx.catalog.index) if text else None
    if shop is None or shop == item.shop_id:
        return item
    there = shopping.sold_at(ctx, item.name, shop)
    return there[0] if len(there) == 1 else item


def _add_offered(ctx: Ctx, item, quantity: str | None, unit: str | None,
                 others: list[ItemResolution] | None = None) -> None:
    shopping.add_resolutions(ctx, resolve_items(
        [{"product": item.name, "shop": item.shop_name, "quantity": quantity, "unit": unit}], ctx.catalog.index)
        + (others or []))
    if ctx.state.pending is None:
        shopping.prompt_more(ctx)


# ---------------------------------------------------------------- payment


# ---------------------------------------------------------------- other pending answers


# "statt der 12 Stück Butterkuchen …": the goods a replacement takes out
_REPLACED = re.compile(r"\b(?:an)?statt (?:der |dem |den |des |die |das )?(?P<old>.+?)(?=\s+(?:doch|lieber|nehme|nehm|bitte|gern|"
                       r"hätte|möchte)\b|[,.;!?]|$)", re.IGNORECASE)


def answer_pending(ctx: Ctx, kind: str, text: str | None, choice: payloads.Payload | None) -> bool:
    data = ctx.state.pending.data if ctx.state.pending else {}
    answer = choice.yes if isinstance(choice, payloads.Answer) else yes_or_no(text)
    if kind == "add_offer" and not isinstance(choice, payloads.Answer) and declines_offer(text):
        answer = False  # "ok dann so lassen": the offer turned down, the "ok" no yes to it
    if kind == "voucher_shop":
        shop = _voucher_shop(ctx, text)
        if shop is None:
            return False
        ctx.state.pending = None
        # "einen vom Blumenhaus Hasse über dreißig Euro": the amount may come with the shop
        _voucher_step(ctx, shop, data.get("amount") or parse_euro(standard_text(text)))
        return True
    if kind == "voucher_amount":
        amount = choice.cents if isinstance(choice, payloads.Amount) else parse_euro(text)
        if amount is None:
            return False
        ctx.state.pending = None
        _voucher_step(ctx, ctx.session.get(Shop, data["shop"]), amount)
        return True
    replaced = _REPLACED.search(text or "")
    if kind == "add_offer" and replaced and shopping.names_cart_line(ctx, replaced.group("old")) \
            and not _names_the_offered(ctx, replaced.group("old"), data):
        ctx.state.pending = None  # "statt der 12 Stück Butterkuchen lieber ein halbes Blech": the cart changes
        return False
    if kind == "add_offer" and answer is None and "schade" in re.findall(r"\w+", (text or "").lower()):
        ctx.state.pending = None  # "ok schade, dann 2 Berliner": the offer is turned down, the goods are read
        return False
    if kind == "add_offer" and (answer is None or (text and _amount_said(read(text).content))):
        # "ok, dann halt 2 frische Salatgurken": a yes that also says how many
        if _offer_taken_with_amount(ctx, data, text):
            return True
        if answer is None or ctx.state.pending is None:
            return False  # not an answer, or goods of their own: the caller reads them
    if answer is None:
        return False
    ctx.state.pending = None
    if kind == "resume":
        if answer:
            shopping.show_cart(ctx)
        else:
            checkout_flow.release_and_clear(ctx)
            ctx.say("Gut, wir fangen neu an. Was darf ich für Sie notieren?")
    elif kind == "reorder":
        if answer:
            _reorder(ctx, data["lines"])
        else:
            ctx.say("Gut. Was darf ich für Sie notieren?")
    elif kind == "clear_cart":
        if answer:
            checkout_flow.release_and_clear(ctx)
            ctx.say("Ihr Warenkorb ist jetzt leer.")
        else:
            shopping.show_cart(ctx)
    elif kind == "cancel_order":
        if answer and ctx.resident is None:  # the account is gone since the question
            ctx.say("Es gibt gerade nichts zu stornieren.")
        elif answer and ctx.resident is not None:
            try:
                orders.cancel_order(ctx.session, data["order_id"], actor=f"resident:{ctx.resident.id}",
                                    now=ctx.now, resident_id=ctx.resident.id)
                ctx.say("Ihre Bestellung ist storniert.")
            except OrderingError as exc:
                ctx.say(resident_text(exc))
        else:
            ctx.say("Gut, Ihre Bestellung bleibt bestehen.")
    elif kind == "add_offer":
        reading = read(text) if text else None
        goods = reading.content if reading else ""
        if data.get("held") and (goods or (reading is not None and (reading.fulfilment or reading.when))):
            # the price of goods in the cart was said; what now follows is read on its own
            # ("Prima. Bitte morgen Nachmittag liefern.")
            return False
        if goods and (shopping.names_a_product(ctx, goods)
                      or answer is not False and shopping.names_goods_in_a_list(ctx, goods)) and not (
                ctx.catalog.index.get(data["shop"], data["product"]) and shopping.target_line(ctx, goods)):
            return False  # "na gut, dann eben nicht, dann nehm ich zwei Schachteln Streichhölzer": other goods
        if reading is not None and reading.has(Act.REMOVAL) and shopping.names_cart_line(ctx, goods) \
                and not _names_the_offered(ctx, goods, data):
            return False  # "ach nee, dann lass mer das Hackfleisch doch weg": goods in the cart taken out
        if not answer and goods and find_quantity(goods) is not None and shopping.names_cart_line(ctx, goods) \
                and not _names_the_offered(ctx, goods, data):
            return False  # "ach nee, zu deuer, bleiben mer beim Nacktarsch, mach zwölf draus": a change of the cart
        if answer and data.get("held"):
            shopping.prompt_more(ctx)  # "ok, passt" after the price of goods already in the cart: nothing more
        elif answer:
            item = ctx.catalog.index.get(data["shop"], data["product"])
            if item is not None:
                span = find_quantity(goods) if goods else None  # "ja, dann nehm ich eins, so um die zwei Kilo"
                weight = next((find_quantity(goods[m.start():]) for m in re.finditer(r"\b(?:so |um |ca |etwa )", goods)),
                              None) if goods else None
                said = weight if weight is not None and weight.unit_text else span
                _add_offered(ctx, _at_shop_said(ctx, item, text), said.quantity_text if said else None,
                             said.unit_text if said else None)
        else:
            if reading is not None and (reading.fulfilment or reading.when):
                ctx.state.pending = None  # "ok merk ich mir. abholen Sa vormittag …": declined, then the window
                return False
            rest = read(after_declining(text)).content
            more = shopping.groups_from(ctx, None, rest) if rest else []
            if any(r.resolved or r.reason not in ("not_found", "no_product") for r in more):
                shopping.add_resolutions(ctx, more)  # "den lass ma, aber noch eine Dose Schneckenkorn"
                if ctx.state.pending is None:
                    shopping.prompt_more(ctx)
            else:
                ctx.say("Gut. Was darf ich sonst für Sie notieren?")
    else:
        return False
    return True



def _names_the_offered(ctx: Ctx, goods: str, data: dict) -> bool:
    match = match_product(goods, ctx.catalog.index)
    offered = ctx.catalog.index.get(data["shop"], data["product"])
    return offered is not None and (getattr(match, "item", None) == offered or offered in getattr(match, "candidates", ()))


_PFAND_WORDS = re.compile(r"(?i)\b(?:wie ?viel|was|kostet|ist|pfand|drauf|auf|bei|beim|denn|da|eigentlich)\b")


def _product_of(ctx: Ctx, item: CatalogItem) -> Product | None:
    return ctx.session.get(Product, ctx.catalog.product_id(item))


def _deposits_said(ctx: Ctx, asked: str = "") -> str:
    """"Wie viel Pfand ist auf den Flaschen?": the Pfand of each line of the cart that has one;
    "Wie viel Pfand ist bei einem Kasten Pils?" with none in the cart: that of the goods named."""
    held = [line.product for line in ctx.cart.lines if line.product is not None and line.product.deposit_cents]
    if not held:
        named = [r.item for r in shopping.groups_from(ctx, None, asked) if r.resolved and r.item is not None] \
            if asked else []
        products = [(it, _product_of(ctx, it)) for it in named]
        said = [f"{money(product.deposit_cents, ctx.voice)} je {it.label or 'Stück'} {it.name.split(',')[0]}"
                for it, product in products if product is not None and product.deposit_cents]
        if said:
            return f"Pfand: {join_and(said)}; Sie bekommen es für das Leergut zurück."
        if named:
            return f"Auf {join_and([it.name.split(',')[0] for it in named])} kommt kein Pfand."
        return "Auf die Waren in Ihrem Warenkorb kommt kein Pfand."
    parts = [f"{money(product.deposit_cents or 0, ctx.voice)} je {product.label or 'Stück'} {product.name.split(',')[0]}"
             for product in held]
    # the total as the cart reckons it (ordering.deposits), not reckoned here again
    total = ctx.summary().deposit_cents
    return f"Pfand: {join_and(parts)}. Zusammen {money(total, ctx.voice)}; Sie bekommen es für das Leergut zurück."


def answer_service_question(ctx: Ctx, reading) -> None:
    """"Was kostet die Lieferung?", "ab wie viel ist sie kostenlos?", "wo kann man abholen?",
    "bis wann hat … offen?": answered from the region's own settings and stations."""
    if reading.has(Act.DELIVERY_QUESTION):
        region = ctx.region
        fee = region.delivery_fee_cents or 0
        said = ("Die Lieferung ist kostenlos." if not fee
                else f"Die Lieferung kostet {money(fee, ctx.voice)} je Bestellung.")
        if fee and region.free_delivery_from_cents:
            said += f" Ab {money(region.free_delivery_from_cents, ctx.voice)} Warenwert liefern wir kostenlos."
        stations = checkout_flow.station_names(ctx)
        if stations:
            said += " Abholen an einer Abholstation kostet nichts."
        ctx.say(said)
    if reading.has(Act.HOURS_QUESTION):
        # the shops' own hours are not in the catalog: what can be said is when goods come
        if re.search(r"abhol|station", fold(reading.text)):
            ctx.say("An den Abholstationen holen Sie in festen Zeitfenstern ab. Sagen Sie mir den Tag, "
                    "dann nenne ich Ihnen die Zeiten.")
        else:
            ctx.say("Die Öffnungszeiten der Läden kenne ich leider nicht. Bestellen können Sie bei mir jederzeit; "
                    "geliefert und abgeholt wird in festen Zeitfenstern. Sagen Sie mir einfach, wann es Ihnen passt.")
    if reading.has(Act.AGE_QUESTION):
        limits = sorted({line.product.min_age for line in ctx.cart.lines if line.product is not None
                         and line.product.min_age})
        # the law's rule first (the question may be about other goods than those in the cart:
        # "muss man 18 sein für den Schnaps?" with beer in it), then what the cart itself needs
        said = "Bier und Wein verkaufen wir ab 16 Jahren, Spirituosen ab 18."
        if limits:
            said += f" Für Ihren Warenkorb müssen Sie mindestens {limits[-1]} Jahre alt sein."
        ctx.say(said + " Bei der Übergabe wird der Ausweis geprüft.")
    if reading.has(Act.DEPOSIT_QUESTION):
        ctx.say(_deposits_said(ctx, _PFAND_WORDS.sub(" ", reading.text)))
    if reading.has(Act.STATION_QUESTION):
        stations = checkout_flow.station_names(ctx)
        if not stations:
            ctx.say("Abholstationen gibt es hier leider keine. Wir liefern Ihnen gern.")
        else:
            ctx.say(f"Abholen können Sie hier: {join_and(stations)}.")
            if ctx.state.fulfilment is None:
                ctx.state.fulfilment = "pickup"  # asked where to fetch it: a day said next is for pick-up
