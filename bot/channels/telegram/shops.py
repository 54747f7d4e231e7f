"""The shops' side: linking a chat, answering orders by button, listing products by photo.

A chat acts for the one shop it is linked to (``Shop.telegram_chat_id``); every order
action passes that shop's id to ``ordering.orders``, which treats other shops' sub-orders as
not existing, so a button pressed in the wrong chat changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

import anyio
from sqlalchemy.orm import Session
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.application.container import Container
from bot.application.error_wording import shop_text
from bot.channels.telegram import buttons, linking, messages, render, shop_weights
from bot.channels.telegram.context import CustomContext, container_of, dispatch_events
from bot.channels.telegram.updates import chat_of, message_of, query_of
from ordering import catalog, listing, orders, substitutes
from ordering.errors import Conflict, Invalid, NotFound, OrderingError
from ordering.models import Conversation, Product, Shop, SubOrder
from ordering.money import format_euro

log = logging.getLogger(__name__)

CHANNEL = linking.SHOP_CHAT  # Conversation.channel of a shop chat: holds the open product proposals
KEEP_PROPOSALS = 20
NOT_YOURS = "Diese Bestellung gehört nicht zu Ihrem Geschäft. Es wurde nichts geändert."
NOT_LINKED = "Dieser Chat ist mit keinem Geschäft verknüpft. Bitte senden Sie zuerst /link und Ihren Code."
TOO_LATE = "Das geht bei dieser Bestellung nicht mehr."
HELP = (
    "So pflegen Sie Ihr Sortiment:\n"
    "• Foto mit Bildunterschrift schicken, z. B. „Spätburgunder trocken 0,75 l 12,90“\n"
    "• „Spargel ausverkauft“ oder „Spargel wieder da“\n"
    "• „Preis Spargel 8,90“\n"
    "Neue Bestellungen kommen hier an; antworten Sie mit den Knöpfen.\n"
    "Ware nach Gewicht: Knopf „⚖️ … wiegen“ auf der Bestellung, dann nur das Gewicht schicken, "
    "z. B. „0,312“ (kg) oder „312 g“."
)


# ---------------------------------------------------------------- linking


async def link(update: Update, context: CustomContext) -> None:
    """``/link CODE`` (or ``/start CODE`` from a deep link): this chat now receives the shop's orders."""
    code = context.args[0] if context.args else ""
    if not code:
        await message_of(update).reply_text("Bitte senden Sie /link und den Code, den Sie von uns bekommen haben.")
        return
    container = container_of(context)
    key = linking.signing_key(container)
    try:
        with container.database.session() as s:
            shop = linking.redeem(s, key, code, chat_of(update).id, container.clock.now())
            name = shop.name
    except Conflict:
        await message_of(update).reply_text(
            "Dieser Code ist abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen neuen an.")
        return
    except Invalid:
        await message_of(update).reply_text("Diesen Code kenne ich nicht. Bitte prüfen Sie ihn noch einmal.")
        return
    await message_of(update).reply_text(f"✅ Dieser Chat ist jetzt mit {name} verknüpft.\n\n{HELP}")


def shop_id_of_chat(container: Container, chat_id: int) -> int | None:
    with container.database.read_session() as s:
        shop = linking.shop_of_chat(s, chat_id)
        return shop.id if shop else None


async def shop_id_of_chat_async(container: Container, chat_id: int) -> int | None:
    """The shop linked to this chat, looked up off the event loop (asked on every update)."""
    return await anyio.to_thread.run_sync(shop_id_of_chat, container, chat_id)


# ---------------------------------------------------------------- orders


class _Who(TypedDict):
    """Who acts on a sub-order from this chat: the keyword arguments of ``ordering.orders``."""

    shop_id: int
    actor: str
    now: datetime


@dataclass(frozen=True)
class Answer:
    """What a button press shows: the new message text, its buttons, and a short toast."""

    text: str
    markup: InlineKeyboardMarkup | None
    toast: str


def _act(container: Container, chat_id: int, action: str, sub_id: int, line_id: int | None) -> Answer:
    """Apply one order button in one unit of work; raises NotFound for a foreign or unknown order.

    Money moves through the outbox like for the REST API: payments subscribe to the decision events.
    """
    now = container.clock.now()
    with container.database.session() as s:
        shop = linking.shop_of_chat(s, chat_id)
        if shop is None:
            raise NotFound(f"chat {chat_id} is not linked to a shop")
        who: _Who = {"shop_id": shop.id, "actor": f"shop:{shop.slug}", "now": now}
        sub = orders.get_sub_order(s, sub_id, shop_id=shop.id)
        toast = ""
        if action == "a":
            orders.confirm(s, sub_id, **who)
            toast = "Angenommen."
        elif action == "x" and line_id is not None:
            line = orders.reject_line(s, sub_id, line_id, **who)
            toast = f"{line.name} abgelehnt."
        elif action == "n":
            orders.reject(s, sub_id, **who)
            toast = "Bestellung abgelehnt."
        elif action == "f":
            if sub.status == "placed":  # packed everything: that is accepting everything
                orders.confirm(s, sub_id, **who)
            orders.mark_ready(s, sub_id, **who)
            toast = "Als fertig gemeldet."
        offered = frozenset(o.line_id for o in substitutes.offers_of_order(s, sub.order_id) if o.sub_order_id == sub.id)
        if action == "e" and line_id is not None:
            return _substitute_choices(s, sub, line_id)
        choosing_lines = action in ("r", "x") and sub.status == "placed"
        markup = render.shop_lines_keyboard(sub, offered) if choosing_lines else render.shop_order_keyboard(sub)
        note = "Welchen Artikel haben Sie nicht? Tippen Sie ihn an." if choosing_lines else None
        return Answer(messages.shop_order_text(s, sub, note=note), markup, toast)


def _substitute_choices(s: Session, sub: SubOrder, line_id: int) -> Answer:
    """What the shop may offer instead of one line (issue 17): its goods, no dearer, the same Pfand."""
    line = next((l for l in sub.lines if l.id == line_id and not l.is_deposit and not l.rejected), None)
    if line is None:
        raise NotFound(f"line {line_id} is not an open item of sub-order {sub.id}")
    options = [p for p in substitutes.candidates(s, line) if substitutes.offerable(line, p)]
    note = (f"Was können Sie statt {line.name} anbieten? Höchstens {format_euro(line.total_cents)}, gleiches Pfand."
            if options else f"Für {line.name} haben Sie nichts Gleichwertiges. Bitte lehnen Sie den Artikel ab.")
    return Answer(messages.shop_order_text(s, sub, note=note), render.substitutes_keyboard(sub, line.id, options), "")


def _offer_substitute(container: Container, chat_id: int, pressed: buttons.SubstituteButton) -> Answer:
    """Propose the chosen product; the resident is asked through the outbox (``substitute_proposed``)."""
    with container.database.session() as s:
        shop = linking.shop_of_chat(s, chat_id)
        if shop is None:
            raise NotFound(f"chat {chat_id} is not linked to a shop")
        offer = substitutes.propose(s, pressed.sub_order_id, pressed.line_id, pressed.product_id, shop_id=shop.id,
                                    actor=f"shop:{shop.slug}", now=container.clock.now(),
                                    answer_hours=container.settings.substitute_answer_hours)
        sub = offer.sub_order
        offered = frozenset(o.line_id for o in substitutes.offers_of_order(s, sub.order_id) if o.sub_order_id == sub.id)
        note = f"Ersatz angeboten: {offer.product.name} statt {offer.ordered_name}. Wir fragen die Kundschaft."
        markup = render.shop_lines_keyboard(sub, offered) if sub.status == "placed" else render.shop_order_keyboard(sub)
        return Answer(messages.shop_order_text(s, sub, note=note), markup, "Ersatz angeboten.")


async def substitute_button(update: Update, context: CustomContext) -> None:
    """A product tapped on the substitute list of a shop's order card."""
    query = query_of(update)
    container = container_of(context)
    pressed = buttons.parse(query.data)
    try:
        if not isinstance(pressed, buttons.SubstituteButton):
            raise NotFound("not a substitute button")
        answer = _offer_substitute(container, chat_of(update).id, pressed)
    except NotFound:
        await query.answer(NOT_YOURS, show_alert=True)
        return
    except OrderingError as exc:  # too late, offered already, dearer: the shop reads why
        log.info("substitute refused: %s", exc.message)
        await query.answer(f"Das geht nicht: {shop_text(exc)}"[:200], show_alert=True)
        return
    await query.answer(answer.toast)
    await _edit(query, answer.text, answer.markup, html=True)
    await dispatch_events(container)


async def order_button(update: Update, context: CustomContext) -> None:
    """Annehmen / Artikel ablehnen / Fertig on a shop's order card."""
    query = query_of(update)
    container = container_of(context)
    pressed = buttons.parse(query.data)
    if isinstance(pressed, buttons.OrderButton) and pressed.action == "w" and pressed.line_id is not None:
        await _weigh_button(update, container, pressed.sub_order_id, pressed.line_id)
        return
    try:
        if not isinstance(pressed, buttons.OrderButton):
            raise NotFound("not an order card's button")
        answer = _act(container, chat_of(update).id, pressed.action, pressed.sub_order_id, pressed.line_id)
    except (NotFound, ValueError, IndexError):
        await query.answer(NOT_YOURS, show_alert=True)
        return
    except Conflict as exc:
        log.info("shop button refused: %s", exc.message)
        await query.answer(TOO_LATE, show_alert=True)
        return
    await query.answer(answer.toast or None)
    await _edit(query, answer.text, answer.markup, html=True)
    await dispatch_events(container)


async def _weigh_button(update: Update, container: Container, sub_order_id: int, line_id: int) -> None:
    """"⚖️ Rinderhack wiegen": ask for the number; the next message of this chat is the weight."""
    query = query_of(update)
    try:
        question = shop_weights.start_weighing(container, chat_of(update).id, sub_order_id, line_id)
    except NotFound:
        await query.answer(NOT_YOURS, show_alert=True)
        return
    except OrderingError as exc:
        await query.answer(shop_text(exc), show_alert=True)
        return
    await query.answer()
    await message_of(update).reply_text(question)


async def _weight(update: Update, container: Container) -> bool:
    """The weight after a "wiegen" button; False when this chat is not weighing."""
    message = message_of(update)
    answer = shop_weights.weight_message(container, chat_of(update).id, message.text)
    if answer is None:
        return False
    await message.reply_text(answer.text)
    if answer.sub_order_id is not None:
        with container.database.read_session() as s:
            sub = orders.get_sub_order(s, answer.sub_order_id)
            card, markup = messages.shop_order_text(s, sub), render.shop_order_keyboard(sub)
        await message.reply_text(card, reply_markup=markup, parse_mode=ParseMode.HTML)
        await dispatch_events(container)  # the last weight captures the payment
    return True


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None, *, html: bool = False) -> None:
    try:
        await query.edit_message_text(text, reply_markup=markup, parse_mode=ParseMode.HTML if html else None)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():  # pressing twice leaves the card as it is
            raise


# ---------------------------------------------------------------- products by photo


def _proposals(session: Session, chat_id: int) -> Conversation:
    return linking.shop_chat_conversation(session, chat_id)


def _store(session: Session, chat_id: int, key: str, entry: dict[str, Any] | None) -> None:
    conversation = _proposals(session, chat_id)
    pending = dict((conversation.state or {}).get("proposals", {}))
    if entry is None:
        pending.pop(key, None)
    else:
        pending[key] = entry
    # Keep the newest few: a merchant listing a whole shelf need not confirm in order.
    newest = sorted(pending, key=lambda k: int(k))[-KEEP_PROPOSALS:]
    conversation.state = {**(conversation.state or {}), "proposals": {k: pending[k] for k in newest}}


def _load(session: Session, chat_id: int, key: str) -> dict[str, Any] | None:
    conversation = _proposals(session, chat_id)
    entry: dict[str, Any] | None = (conversation.state or {}).get("proposals", {}).get(key)
    return entry


def _proposal_text(proposal: listing.ProductProposal) -> str:
    return f"So würde ich es einstellen:\n{proposal.describe()}\n\nStimmt das?"


async def photo(update: Update, context: CustomContext) -> None:
    """A captioned photo: propose the product; one tap on "So einstellen" makes it live."""
    message = message_of(update)
    container = container_of(context)
    try:
        proposal = listing.parse_caption(message.caption)
    except listing.ListingError as exc:
        await message.reply_text(shop_text(exc))
        return
    key = str(message.message_id)
    with container.database.session() as s:
        shop = linking.shop_of_chat(s, chat_of(update).id)
        if shop is not None:
            # The largest size is last; its file_id serves every later send_photo of this bot.
            _store(s, chat_of(update).id, key, {**proposal.to_json(), "shop_id": shop.id,
                                                      "photo": message.photo[-1].file_id})
    if shop is None:
        await message.reply_text(NOT_LINKED)
        return
    await message.reply_text(_proposal_text(proposal), reply_markup=render.proposal_keyboard(key, proposal.vat))


def _decide_proposal(container: Container, chat_id: int, action: str, key: str) -> Answer | None:
    """Apply a proposal button in one unit of work; None when the proposal is gone or not this shop's."""
    with container.database.session() as s:
        shop = linking.shop_of_chat(s, chat_id)
        entry = _load(s, chat_id, key)
        if shop is None or entry is None or entry.get("shop_id") != shop.id:
            return None
        proposal = listing.ProductProposal.from_json(entry)
        if action == "vat":
            proposal = proposal.with_vat(7 if proposal.vat == 19 else 19)
            _store(s, chat_id, key, {**entry, **proposal.to_json()})
            return Answer(_proposal_text(proposal), render.proposal_keyboard(key, proposal.vat), "")
        _store(s, chat_id, key, None)
        if action != "ok":
            return Answer("Verworfen.", None, "")
        product = listing.list_product(s, shop, proposal, photo_ref=entry.get("photo"))
        log.info("shop %s listed product %s by photo", shop.slug, product.slug)
        return Answer(f"✅ Eingestellt und ab sofort bestellbar:\n{proposal.describe()}", None, "Eingestellt.")


async def proposal_button(update: Update, context: CustomContext) -> None:
    """So einstellen / MwSt. umstellen / Verwerfen under a product proposal."""
    query = query_of(update)
    pressed = buttons.parse(query.data)
    answer = (_decide_proposal(container_of(context), chat_of(update).id, pressed.action, pressed.key)
              if isinstance(pressed, buttons.ProposalButton) else None)
    if answer is None:
        await query.answer("Dieser Vorschlag ist nicht mehr offen.", show_alert=True)
        return
    await query.answer(answer.toast or None)
    await _edit(query, answer.text, answer.markup)


# ---------------------------------------------------------------- daily changes by text


def _apply(session: Session, product: Product, command: listing.ShopCommand) -> str:
    if command.kind == "availability":
        catalog.set_availability(session, product, bool(command.available))
        return f"{product.name} ist wieder bestellbar." if command.available else f"{product.name} ist jetzt ausverkauft."
    if command.price_cents is None:
        raise ValueError(f"a price change without a price: {command!r}")
    catalog.set_price(session, product, command.price_cents)
    per = {"kg": " je kg", "l": " je Liter"}.get(product.unit, "")
    return f"{product.name} kostet jetzt {format_euro(product.price_cents)}{per}."


def _pick_keyboard(products: list[Product], command: listing.ShopCommand) -> InlineKeyboardMarkup:
    value = int(bool(command.available)) if command.kind == "availability" else command.price_cents
    kind = "a" if command.kind == "availability" else "p"

    def label(p: Product) -> str:
        return f"{p.name}, {p.size}" if p.size else p.name

    return InlineKeyboardMarkup([[InlineKeyboardButton(label(p)[:60], callback_data=str(buttons.PickButton(kind, p.id, str(value))))]
                                 for p in products[:8]])


async def text(update: Update, context: CustomContext) -> None:
    """"Spargel ausverkauft", "Spargel wieder da", "Preis Spargel 8,90" in a shop's chat."""
    message = message_of(update)
    if await _weight(update, container_of(context)):
        return
    try:
        command = listing.parse_shop_command(message.text)
    except listing.ListingError as exc:
        await message.reply_text(shop_text(exc))
        return
    if command is None:
        await message.reply_text(HELP)
        return
    container = container_of(context)
    with container.database.session() as s:
        shop: Shop | None = linking.shop_of_chat(s, chat_of(update).id)
        products = listing.find_shop_products(s, shop, command.query) if shop is not None else []
        if shop is None:
            answer, markup = NOT_LINKED, None
        elif len(products) == 1:
            answer, markup = _apply(s, products[0], command), None
        elif products:
            answer, markup = f"Welches meinen Sie mit „{command.query}“?", _pick_keyboard(products, command)
        else:
            answer, markup = f"Ich finde „{command.query}“ nicht in Ihrem Sortiment.", None
    await message.reply_text(answer, reply_markup=markup)


async def pick_button(update: Update, context: CustomContext) -> None:
    """The product chosen after an ambiguous "ausverkauft" or price change."""
    query = query_of(update)
    container = container_of(context)
    pressed = buttons.parse(query.data)
    with container.database.session() as s:
        shop = linking.shop_of_chat(s, chat_of(update).id)
        product = s.get(Product, pressed.product_id) if isinstance(pressed, buttons.PickButton) else None
        mine = shop is not None and product is not None and product.shop_id == shop.id
        answer = _pick(s, product, pressed.kind, pressed.value) if mine and isinstance(pressed, buttons.PickButton) \
            and product is not None else None
    if answer is None:
        await query.answer("Dieses Produkt gehört nicht zu Ihrem Geschäft.", show_alert=True)
        return
    await query.answer()
    await _edit(query, answer, None)


def _pick(session: Session, product: Product, kind: str, value: str) -> str:
    command = (listing.ShopCommand("availability", product.name, available=value == "1") if kind == "a"
               else listing.ShopCommand("price", product.name, price_cents=int(value)))
    try:
        return _apply(session, product, command)
    except OrderingError as exc:
        return shop_text(exc)
