"""The shop rules in the conversation (issue 16): closing days and holidays when windows are
offered, the minimum order of a shop's part, what is missing for free delivery, and the age
question for restricted goods. The rules themselves are in ``ordering.shop_rules``; this module
says them in German, per channel, and asks what to do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.application import payloads
from bot.dialogue.context import YES_NO, Ctx
from bot.dialogue.texts import join_and, money
from bot.dialogue.types import Choice
from bot.dialogue.understanding import yes_or_no
from nlu.reading import Act, QuestionKind, read
from nlu.resolution.products import shop_dative, shop_from
from ordering import cart as carts
from ordering import checkout as checkouts
from ordering import shop_rules

_ONE_DAY = timedelta(days=1)
MIN_ORDER = QuestionKind.MIN_ORDER.value
_ADD_WORDS = re.compile(r"\b(dazu|dazunehmen|mehr|noch (was|etwas)|auff[üu]llen|aufstocken)\b")
AGE = QuestionKind.AGE.value


# ---------------------------------------------------------------- while shopping


def after_adding(ctx: Ctx) -> None:
    """Flag a shop's part below its minimum as soon as it is known (once per shop and cart).
    Adding is never blocked; the checkout asks what to do (``ask_min_order``)."""
    summary = ctx.summary()
    told = ctx.state.rules_told
    for part in summary.short_parts:
        key = f"min:{ctx.cart.id}:{part.shop_slug}"
        if key in told:
            continue
        told.append(key)
        del told[:-20]  # the notes of the last carts are enough
        ctx.say(f"Hinweis: {shop_dative(part.shop_name)[:1].upper()}{shop_dative(part.shop_name)[1:]} gilt ein "
                f"Mindestbestellwert von {money(part.min_order_cents, ctx.voice)}. Es fehlen dort noch "
                f"{money(part.missing_cents, ctx.voice)}.")


def free_delivery_note(ctx: Ctx) -> str:
    """"Ab 50,00 € liefern wir kostenlos; es fehlen noch 12,40 €." (empty when nothing to say)."""
    missing = ctx.summary().missing_for_free_delivery_cents
    if missing is None or ctx.region.free_delivery_from_cents is None or ctx.state.fulfilment == "pickup":
        return ""
    return (f"Ab {money(ctx.region.free_delivery_from_cents, ctx.voice)} liefern wir kostenlos; "
            f"es fehlen noch {money(missing, ctx.voice)}.")


# ---------------------------------------------------------------- minimum order at checkout


def ask_min_order(ctx: Ctx) -> bool:
    """At checkout: a part below its shop's minimum blocks only that part. Ask to add to it or
    drop it; True when asked."""
    parts = ctx.summary().short_parts
    if not parts:
        return False
    part = parts[0]
    at = shop_dative(part.shop_name)
    text = (f"{at[:1].upper()}{at[1:]} fehlen noch {money(part.missing_cents, ctx.voice)} bis zum "
            f"Mindestbestellwert von {money(part.min_order_cents, ctx.voice)}. Möchten Sie dort noch etwas "
            f"dazunehmen, oder soll ich diesen Teil weglassen?")
    add, drop = payloads.MinOrder("add", part.shop_slug), payloads.MinOrder("drop", part.shop_slug)
    ctx.ask(MIN_ORDER, text, [Choice("Noch etwas dazunehmen", str(add)),
                              Choice(f"{part.shop_name} weglassen"[:40], str(drop))],
            shop=part.shop_slug)
    return True


def answer_min_order(ctx: Ctx, text: str | None, choice: payloads.Payload | None, go_on: Callable[[Ctx], None]) -> bool:
    pending = ctx.state.pending
    shop = pending.data.get("shop") if pending is not None else None
    if not isinstance(shop, str):
        return False  # not the question ask_min_order asks (it always names the shop)
    action: str | None = None
    if isinstance(choice, payloads.MinOrder):
        action = choice.action
    elif text:
        reading = read(text)
        lowered = text.lower()
        if reading.has(Act.REMOVAL) or "weglassen" in lowered or reading.has(Act.DENY):
            action = "drop"
        elif reading.has(Act.CONFIRM) or _ADD_WORDS.search(lowered):
            action = "add"
        elif reading.content:
            return False  # goods named: the shopping handles them (and the question comes back)
    if action is None:
        return False
    ctx.state.pending = None
    name = next((p.shop_name for p in ctx.summary().short_parts if p.shop_slug == shop), shop)
    if action == "add":
        ctx.state.checking_out = False
        ctx.say(f"Gern. Was darf ich {shop_from(name)} noch dazunehmen?")
        return True
    for line in [l for l in ctx.cart.lines if l.shop.slug == shop and l.product_id is not None]:
        carts.remove_line(ctx.session, ctx.cart, line.id)
    ctx.say(f"Gut, ich habe die Sachen {shop_from(name)} herausgenommen.")
    go_on(ctx)  # the checkout's next step (the checkout builds on this module, so it is handed in)
    return True


# ---------------------------------------------------------------- closing days and holidays


def cart_shops(ctx: Ctx) -> list:
    return shop_rules.cart_shops(ctx.cart)


def suitable(ctx: Ctx, views: list) -> list:
    """The windows on days when every shop with goods in the cart takes orders."""
    shops = cart_shops(ctx)
    if not shops:
        return views
    return [v for v in views if not shop_rules.closures_for(shops, v.start.date())]


def closed_lead(ctx: Ctx, day: date | None) -> str | None:
    """Why nothing can be had on ``day``: a holiday or a shop's closing days, said plainly, with
    the offer of a later day ("Möchten Sie einen Tag danach?"); None when neither applies."""
    if day is None:
        return None
    holiday = shop_rules.public_holiday(ctx.region, day)
    if holiday:
        return (f"Am {shop_rules.format_day(day, weekday=True)}, ist Feiertag ({holiday}); da liefern wir nicht. "
                "Möchten Sie einen Tag danach? Die nächsten freien Zeiten:")
    closures = shop_rules.closures_for(cart_shops(ctx), day)
    if closures:
        said = " ".join(c.sentence() for c in closures)
        return f"{said} Möchten Sie einen Tag danach? Die nächsten freien Zeiten:"
    return None


def after_day(ctx: Ctx, views: list, day: date) -> list:
    """Suitable windows from the first day after ``day`` when every shop of the cart is open."""
    first = shop_rules.next_open_day(cart_shops(ctx), day + _ONE_DAY)
    return [v for v in suitable(ctx, views) if v.start.date() >= first]


def held_window_unsuitable(ctx: Ctx) -> bool:
    """Goods added after the window was chosen may be of a shop closed that day: say so, give the
    window back and offer windows that suit every shop. True when that happened."""
    hold = ctx.cart.hold
    if hold is None:
        return False
    closures = shop_rules.closures_for(cart_shops(ctx), hold.slot.start.astimezone(_tz(ctx)).date())
    if not closures:
        return False
    checkouts.release_window(ctx.session, ctx.cart)
    ctx.say(" ".join(c.sentence() for c in closures) + " Das gewählte Zeitfenster passt deshalb nicht mehr.")
    return True


def _tz(ctx: Ctx) -> ZoneInfo:
    return ZoneInfo(ctx.region.timezone)


# ---------------------------------------------------------------- age


def ask_age(ctx: Ctx) -> bool:
    """Once per order, when goods with min_age are in the cart: "Sind Sie mindestens 18 Jahre alt?"."""
    age = ctx.summary().min_age
    if age is None or confirmed_age(ctx) >= age:
        return False
    ctx.ask(AGE, f"Einige Waren dürfen wir nur an Personen ab {age} Jahren verkaufen. Sind Sie mindestens "
                 f"{age} Jahre alt? Bei der Übergabe wird der Ausweis geprüft.",
            list(YES_NO), age=age)
    return True


def answer_age(ctx: Ctx, text: str | None, choice: payloads.Payload | None, go_on: Callable[[Ctx], None]) -> bool:
    pending = ctx.state.pending
    if pending is None:
        return False  # no question asked: nothing to answer
    asked = pending.data.get("age", 18)
    said_age = None
    if isinstance(choice, payloads.Answer):
        old_enough = choice.yes
    else:
        reading = read(text)
        if reading.age is not None:
            said_age = reading.age
            old_enough = reading.age >= asked
        else:
            said = yes_or_no(text)
            if said is None:
                return False
            old_enough = said
    ctx.state.pending = None
    if old_enough:
        _confirm_age(ctx, said_age if said_age is not None and said_age < 100 else asked)
        ctx.say("Danke.")
    else:
        _remove_restricted(ctx, said_age or 0)
    go_on(ctx)
    return True


def _remove_restricted(ctx: Ctx, age: int) -> None:
    """Take out what the resident may not buy; what they may (a 16-year-old and wine) stays."""
    removed = []
    for line in list(ctx.cart.lines):
        if line.product is not None and line.product.min_age and line.product.min_age > age:
            removed.append(line.product.name)
            carts.remove_line(ctx.session, ctx.cart, line.id)
    if age:
        _confirm_age(ctx, age)
    if removed:
        ctx.say(f"Dann darf ich Ihnen {join_and(removed)} leider nicht verkaufen und habe es herausgenommen.")


def confirmed_age(ctx: Ctx) -> int:
    """The age confirmed for this cart's order (0: not asked yet); a new cart asks again."""
    confirmed = ctx.state.age_confirmed
    return confirmed[1] if confirmed and confirmed[0] == ctx.cart.id else 0


def note_age(ctx: Ctx, age: int) -> None:
    """"Bin 47 Jahre alt", said before anyone asked: kept, so the question is not asked again;
    an age under a product's limit is checked when that question comes."""
    if age >= 16:
        _confirm_age(ctx, age)


def _confirm_age(ctx: Ctx, age: int) -> None:
    ctx.state.age_confirmed = [ctx.cart.id, age]
