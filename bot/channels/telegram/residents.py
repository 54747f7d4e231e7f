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
from bot.application.turns import CartView, Customer, ProductPage, Reply, Turn
from bot.channels.telegram import render
from bot.channels.telegram.context import CustomContext, container_of, dialogue_of, dispatch_events
from bot.channels.telegram.updates import button_data, chat_of, message_of, query_of, user_of
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
    await send_replies(context.bot, chat_of(update).id, replies, edit=edit)
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


async def send_replies(bot: Bot, chat_id: int, replies: list[Reply], *, edit: CallbackQuery | None = None) -> None:
    """Each reply as one message; product pages get their photos first, the cart its + and − rows.

    Everything shown comes from the reply (``Reply.view``), nothing from the database. With
    ``edit`` (a + or − press) a cart view replaces the pressed message instead.
    """
    for reply in replies:
        for photo, caption, add_button in product_photos(reply):
            await bot.send_photo(chat_id, photo, caption=caption, reply_markup=add_button)
        markup = render.reply_markup(reply)
        if isinstance(reply.view, CartView):
            markup = _with_cart_rows(markup, cart_rows(reply.view))
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


_PER = {"kg": " je kg", "l": " je Liter"}


def product_photos(reply: Reply) -> list[tuple[str, str, InlineKeyboardMarkup]]:
    """A product page's photos (products without one are only buttons): photo, caption, "In den Warenkorb"."""
    if not isinstance(reply.view, ProductPage):
        return []
    out = []
    for product in reply.view.products[:PHOTOS_PER_REPLY]:
        if product.photo is None:
            continue
        size = f", {product.size}" if product.size else ""
        caption = f"{product.name}{size} – {format_euro(product.price_cents)}{_PER.get(product.unit, '')}"
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("🛒 In den Warenkorb",
                                                             callback_data=str(payloads.Add(product.product_id)))]])
        out.append((product.photo, caption, markup))
    return out


def _quantity(quantity: Decimal | None, unit: str) -> str:
    if quantity is None:
        return ""
    text = f"{quantity.normalize():f}".replace(".", ",")
    return {"kg": f"{text} kg", "l": f"{text} l"}.get(unit, f"{text}×")


def cart_rows(view: CartView) -> list[list[InlineKeyboardButton]]:
    """One row per line of the read-back: − (one less), the line (remove), + (one more)."""
    rows = []
    for line in view.lines:
        label = f"✖️ {_quantity(line.quantity, line.unit)} {line.name}"[:40]
        rows.append([InlineKeyboardButton("➖", callback_data=str(payloads.Step(line.line_id, up=False))),
                     InlineKeyboardButton(label, callback_data=str(payloads.Remove(line.line_id))),
                     InlineKeyboardButton("➕", callback_data=str(payloads.Step(line.line_id, up=True)))])
    return rows


def _with_cart_rows(markup: InlineKeyboardMarkup | None, rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    existing = list(markup.inline_keyboard) if markup else []
    combined = [*rows, *existing]
    return InlineKeyboardMarkup(combined) if combined else None
