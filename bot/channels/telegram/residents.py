"""The residents' bot: every message and button becomes a dialogue ``Turn``, every ``Reply`` a message.

In a private chat the conversation is the chat. In a family group each member keeps their own
conversation (their own open question) while all share one cart
(``Turn.shared_cart_key = "tg-group:<chat id>"``): everyone adds, one checks out.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from typing import Final

from sqlalchemy import select
from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.application import payloads
from bot.application.container import Container
from bot.application.recipients import group_cart_key
from bot.application.turns import Customer, Reply, Turn
from bot.channels.telegram import render
from bot.channels.telegram.context import CustomContext, container_of, dialogue_of, dispatch_events
from bot.channels.telegram.updates import button_data, chat_of, message_of, query_of, user_of
from ordering import listing
from ordering.models import Cart, Conversation, Product
from ordering.money import format_euro

log = logging.getLogger(__name__)

CHANNEL: Final = "telegram"
GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)
# Slash commands residents may type instead of pressing a button: command -> Choice.value.
COMMAND_CHOICES = {name: str(payload) for name, payload in (
    ("warenkorb", payloads.CART), ("bestellen", payloads.CHECKOUT), ("hilfe", payloads.HELP), ("help", payloads.HELP),
    ("geschaefte", payloads.Browse()), ("status", payloads.STATUS))}
PHOTOS_PER_REPLY = 3  # a product page shows three products and "Weitere …"


def is_group(update: Update) -> bool:
    return chat_of(update).type in GROUP_TYPES


def conversation_key(update: Update) -> str:
    chat = chat_of(update)
    return f"{chat.id}:{user_of(update).id}" if is_group(update) else str(chat.id)


def make_turn(update: Update, container: Container, *, text: str | None = None, choice: str | None = None) -> Turn:
    """The dialogue's view of this update: who, which conversation, which (shared) cart."""
    user = user_of(update)
    return Turn(
        channel=CHANNEL,
        conversation_key=conversation_key(update),
        now=container.clock.now(),
        text=text,
        choice=choice,
        customer=Customer(telegram_id=user.id, name=user.full_name or None),
        shared_cart_key=group_cart_key(chat_of(update).id) if is_group(update) else None,
    )


# ---------------------------------------------------------------- handlers


async def start(update: Update, context: CustomContext) -> None:
    """/start: the greeting, with the buttons to browse or see the cart."""
    await _converse(update, context, make_turn(update, container_of(context), text=""))


async def command(update: Update, context: CustomContext) -> None:
    """/warenkorb, /bestellen, /hilfe, /geschaefte, /status: the same as the buttons."""
    name = (message_of(update).text or "/").split()[0][1:].split("@")[0].casefold()
    choice = COMMAND_CHOICES.get(name, str(payloads.HELP))
    await _converse(update, context, make_turn(update, container_of(context), choice=choice))


async def message(update: Update, context: CustomContext) -> None:
    """Typed text: a shopping list, an answer, a question."""
    text = message_of(update).text or ""
    if is_group(update):
        addressed = _addressed_text(update, context.bot)
        if addressed is None:
            return  # family chatter, not meant for the bot
        text = addressed
    await _converse(update, context, make_turn(update, container_of(context), text=text))


async def button(update: Update, context: CustomContext) -> None:
    """A pressed button: its callback data is the dialogue's ``Choice.value``."""
    query, data = query_of(update), button_data(update)
    await query.answer()
    # + and − change the cart in place: the cart message is edited rather than sent again.
    in_place = isinstance(payloads.parse_payload(data), payloads.Step | payloads.Remove)
    await _converse(update, context, make_turn(update, container_of(context), choice=data),
                    edit=query if in_place else None)


async def unsupported(update: Update, context: CustomContext) -> None:
    """Photos, voice notes, stickers from residents: ask for text instead."""
    if is_group(update):
        return
    await message_of(update).reply_text(
        "Das kann ich leider noch nicht lesen. Schreiben Sie mir bitte, was Sie brauchen, "
        "zum Beispiel: „2 Liter Milch und 6 Brötchen“.")


def _addressed_text(update: Update, bot: Bot) -> str | None:
    """In a group: the text if it mentions the bot or answers one of its messages, else None."""
    msg = message_of(update)
    text = msg.text or ""
    mention = f"@{bot.username}" if bot.username else None
    if mention and mention.casefold() in text.casefold():
        return re.sub(re.escape(mention), "", text, flags=re.IGNORECASE).strip()
    reply_to = msg.reply_to_message
    if reply_to is not None and reply_to.from_user is not None and reply_to.from_user.id == bot.id:
        return text
    return None


async def _converse(update: Update, context: CustomContext, turn: Turn,
                    edit: CallbackQuery | None = None) -> None:
    container = container_of(context)
    replies = await dialogue_of(context).handle(turn)
    await send_replies(context.bot, container, chat_of(update).id, turn, replies, edit=edit)
    if any(reply.action == "handoff" for reply in replies):
        await _hand_over(context.bot, container, update, turn)
    await dispatch_events(container)


async def _hand_over(bot: Bot, container: Container, update: Update, turn: Turn) -> None:
    """The dialogue promised a person: tell the region's admin who is waiting and where."""
    admin_chat = container.settings.telegram_admin_chat_id
    if admin_chat is None:
        log.warning("a Telegram resident asks for a person, but no telegram_admin_chat_id is set")
        return
    user = user_of(update)
    handle = f" (@{user.username})" if user.username else ""
    where = " in einer Familiengruppe" if is_group(update) else ""
    said = f" Zuletzt: „{turn.text}“" if turn.text else ""
    await bot.send_message(admin_chat, f"🙋 {user.full_name}{handle} möchte auf Telegram{where} mit einem Menschen "
                                       f"sprechen (Chat {chat_of(update).id}).{said}")


# ---------------------------------------------------------------- rendering with photos and cart buttons


async def send_replies(bot: Bot, container: Container, chat_id: int, turn: Turn, replies: list[Reply], *,
                       edit: CallbackQuery | None = None) -> None:
    """Each reply as one message; product pages get their photos first, the cart its + and − rows.

    With ``edit`` (a + or − press) a cart view replaces the pressed message instead.
    """
    for reply in replies:
        for photo, caption, add_button in _product_photos(container, reply):
            await bot.send_photo(chat_id, photo, caption=caption, reply_markup=add_button)
        markup = render.reply_markup(reply)
        if _is_cart_view(reply):
            markup = _with_cart_rows(markup, _cart_rows(container, turn))
            if edit is not None:
                await _edit_or_send(bot, chat_id, edit, render.reply_text(reply), markup)
                edit = None
                continue
        await bot.send_message(chat_id, render.reply_text(reply), reply_markup=markup)


async def _edit_or_send(bot: Bot, chat_id: int, query: CallbackQuery, text: str,
                        markup: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return  # − at the smallest amount: nothing changed, nothing to show
        await bot.send_message(chat_id, text, reply_markup=markup)  # e.g. the message is too old to edit


def _product_ids(reply: Reply) -> list[int]:
    """Products a browsing page lists ("add:<id>" choices, and "Weitere …"); not the "Noch eins" after adding."""
    parsed = [payloads.parse_payload(c.value) for c in reply.choices]
    adds = [p for p in parsed if isinstance(p, payloads.Add)]
    others = [p for p in parsed if not isinstance(p, payloads.Add | payloads.Category)]
    if not adds or others:
        return []
    return [p.product_id for p in adds][:PHOTOS_PER_REPLY]


def _product_photos(container: Container, reply: Reply) -> list[tuple[str, str, InlineKeyboardMarkup]]:
    ids = _product_ids(reply)
    if not ids:
        return []
    with container.database.session() as s:
        photos = listing.photos_of(s, ids)
        products = {p.id: p for p in s.scalars(select(Product).where(Product.id.in_(list(photos))))}
        per = {"kg": " je kg", "l": " je Liter"}
        out = []
        for product_id in ids:
            product = products.get(product_id)
            if product is None:
                continue
            size = f", {product.size}" if product.size else ""
            caption = f"{product.name}{size} – {format_euro(product.price_cents)}{per.get(product.unit, '')}"
            markup = InlineKeyboardMarkup([[InlineKeyboardButton("🛒 In den Warenkorb", callback_data=str(payloads.Add(product.id)))]])
            out.append((photos[product_id], caption, markup))
        return out


def _is_cart_view(reply: Reply) -> bool:
    # The dialogue's cart read-back offers "Bestellen" and "Weiter einkaufen"; Telegram adds the lines.
    values = {c.value for c in reply.choices}
    return {str(payloads.CHECKOUT), str(payloads.MORE)} <= values


def _quantity(quantity: Decimal | None, unit: str) -> str:
    if quantity is None:
        return ""
    text = f"{quantity.normalize():f}".replace(".", ",")
    return {"kg": f"{text} kg", "l": f"{text} l"}.get(unit, f"{text}×")


def _cart_rows(container: Container, turn: Turn) -> list[list[InlineKeyboardButton]]:
    """One row per cart line: − (one less), the line (remove), + (one more)."""
    with container.database.session() as s:
        cart_id = s.scalar(select(Conversation.cart_id).where(Conversation.channel == turn.channel,
                                                              Conversation.external_id == turn.conversation_key))
        cart = s.get(Cart, cart_id) if cart_id else None
        rows = []
        for line in cart.lines if cart else ():
            if line.product is None:
                continue  # a voucher has no quantity to step
            label = f"✖️ {_quantity(line.quantity, line.product.unit)} {line.product.name}"[:40]
            rows.append([InlineKeyboardButton("➖", callback_data=str(payloads.Step(line.id, up=False))),
                         InlineKeyboardButton(label, callback_data=str(payloads.Remove(line.id))),
                         InlineKeyboardButton("➕", callback_data=str(payloads.Step(line.id, up=True)))])
        return rows


def _with_cart_rows(markup: InlineKeyboardMarkup | None, rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    existing = list(markup.inline_keyboard) if markup else []
    combined = [*rows, *existing]
    return InlineKeyboardMarkup(combined) if combined else None
