"""Building the python-telegram-bot ``Application``: handlers, dedupe, the one error handler.

Routing: a chat linked to a shop is the shop's desk (orders, photos, "ausverkauft"); every
other chat talks to the residents' dialogue. Updates are deduplicated by ``update_id`` in
``processed_events`` before any handler runs, so a webhook Telegram repeats (or a second
worker receiving the same update) never adds a product twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import anyio
from sqlalchemy.exc import IntegrityError
from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.application.container import Container
from bot.application.ports import TurnHandler
from bot.channels.telegram import buttons, linking, residents, shops, substitutes
from bot.channels.telegram.context import CONTEXT_TYPES, CustomContext, container_of
from bot.channels.telegram.pushes import SOURCE, Pushes
from bot.channels.telegram.updates import chat_of, message_of, query_of
from integrations.telegram_notifier import TelegramNotifier
from ordering.errors import ConfigurationError
from ordering.models import ProcessedEvent

log = logging.getLogger(__name__)

Callback = Callable[[Update, CustomContext], Coroutine[Any, Any, None]]


# ---------------------------------------------------------------- dedupe and routing


async def skip_seen(update: Update, context: CustomContext) -> None:
    """Record the update id first; a repeat stops here (at most once: no double orders).

    The same unit of work looks up the shop linked to the chat, which every route asks for.
    """
    container = container_of(context)
    key = f"telegram-update:{context.bot.id}:{update.update_id}"
    chat_id = update.effective_chat.id if update.effective_chat else None
    first, shop_id = await anyio.to_thread.run_sync(_first_sight, container, key, chat_id)
    if not first:
        log.info("update %s seen before; skipped", update.update_id)
        raise ApplicationHandlerStop
    if chat_id is not None:
        context.chat_shop = (chat_id, shop_id)  # the context lives for this update only


def _first_sight(container: Container, key: str, chat_id: int | None) -> tuple[bool, int | None]:
    """Record an update id and find the chat's shop; (False, None) when the id was recorded before."""
    try:
        with container.database.session() as s:
            s.add(ProcessedEvent(id=key, source=SOURCE, at=container.clock.now()))
            s.flush()
            shop = linking.shop_of_chat(s, chat_id) if chat_id is not None else None
            return True, shop.id if shop else None
    except IntegrityError:
        return False, None


async def chat_shop_id(update: Update, context: CustomContext) -> int | None:
    """The shop linked to this update's chat: as ``skip_seen`` found it, else looked up."""
    chat_id = chat_of(update).id
    seen = context.chat_shop
    if seen is not None and seen[0] == chat_id:
        return seen[1]
    return await shops.shop_id_of_chat_async(container_of(context), chat_id)


def _by_chat(for_shop: Callback, for_resident: Callback, doc: str) -> Callback:
    async def route(update: Update, context: CustomContext) -> None:
        shop_id = await chat_shop_id(update, context)
        await (for_shop if shop_id is not None else for_resident)(update, context)

    route.__doc__ = doc
    return route


async def start(update: Update, context: CustomContext) -> None:
    """/start CODE from a shop's deep link links the chat; a plain /start greets a resident."""
    if context.args and linking.looks_like_code(context.args[0]):
        await shops.link(update, context)
        return
    if await chat_shop_id(update, context) is not None:
        await message_of(update).reply_text(shops.HELP)
        return
    await residents.start(update, context)


async def shop_button(update: Update, context: CustomContext) -> None:
    """Buttons of the shop side: order cards, product proposals, product picks."""
    pressed = buttons.parse(query_of(update).data)
    if isinstance(pressed, buttons.OrderButton):
        await shops.order_button(update, context)
    elif isinstance(pressed, buttons.ProposalButton):
        await shops.proposal_button(update, context)
    elif isinstance(pressed, buttons.SubstituteButton):
        await shops.substitute_button(update, context)
    elif isinstance(pressed, buttons.PickButton):
        await shops.pick_button(update, context)
    else:  # a shop-side prefix with a forged or stale rest
        await query_of(update).answer(shops.NOT_YOURS, show_alert=True)


async def on_error(update: object, context: CustomContext) -> None:
    """The one error handler: log with the update, apologise in the chat if there is one."""
    # The update id only: the update itself holds the message text and who sent it.
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("Telegram update %s failed", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id,
                                           "Entschuldigung, da ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal.")
        except Exception:  # noqa: BLE001 - Telegram itself may be the problem
            log.warning("could not apologise for update %s", update.update_id)


def add_handlers(application: Application) -> None:
    application.add_handler(TypeHandler(Update, skip_seen), group=-1)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("link", shops.link))
    application.add_handler(CommandHandler(list(residents.COMMAND_CHOICES), residents.command))
    application.add_handler(CallbackQueryHandler(shop_button, pattern=buttons.PATTERN))
    application.add_handler(CallbackQueryHandler(substitutes.button, pattern=substitutes.PATTERN))
    application.add_handler(CallbackQueryHandler(residents.button))
    application.add_handler(MessageHandler(filters.PHOTO, _by_chat(shops.photo, residents.unsupported,
                                                                   "A photo: a product proposal in a shop's chat.")))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _by_chat(
        shops.text, residents.message, "Text: a shop's catalog change, or a resident's turn.")))
    application.add_handler(MessageHandler((filters.VOICE | filters.AUDIO | filters.Sticker.ALL | filters.VIDEO
                                            | filters.Document.ALL) & filters.ChatType.PRIVATE,
                                           residents.unsupported))
    application.add_error_handler(on_error)


# ---------------------------------------------------------------- building and starting


@dataclass
class TelegramRuntime:
    """The channel's per-process objects, kept in ``Container.channel_state``."""

    application: Application
    pushes: Pushes | None = None
    housekeeping: asyncio.Task[None] | None = None


def runtime_of(container: Container) -> TelegramRuntime | None:
    return container.channel_state.get(TelegramRuntime)


def use_application(container: Container, application: Application) -> TelegramRuntime:
    """Make ``application`` this process's bot (tests and the benchmark bring their own)."""
    runtime = runtime_of(container)
    if runtime is None or runtime.application is not application:
        runtime = TelegramRuntime(application)
        container.channel_state.put(runtime)
    return runtime


def build_application(container: Container, *, token: str | None = None, request: BaseRequest | None = None,
                      dialogue: TurnHandler | None = None,
                      post_init: Callable[[Application], Coroutine[Any, Any, None]] | None = None) -> Application:
    """The bot for ``container``; ``request`` replaces the HTTP layer (tests record calls with it)."""
    token = token or container.settings.telegram_token
    if not token:
        raise ConfigurationError("set KIEPE_TELEGRAM_TOKEN to run the Telegram bot")
    builder = ApplicationBuilder().token(token).context_types(CONTEXT_TYPES)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if post_init is not None:
        builder = builder.post_init(post_init)
    application = builder.build()
    dialogue = dialogue or container.dialogue
    if dialogue is None:
        raise ConfigurationError("the container has no dialogue")
    application.bot_data.container = container
    application.bot_data.dialogue = dialogue
    add_handlers(application)
    return application


def wire(container: Container, application: Application) -> Pushes:
    """Subscribe the pushes (new orders to shops, news to residents, reminders) once per container."""
    runtime = use_application(container, application)
    if runtime.pushes is None:
        runtime.pushes = Pushes(TelegramNotifier(application.bot), container.database, container.clock,
                                container.settings.telegram_admin_chat_id)
        runtime.pushes.subscribe(container.events)
    return runtime.pushes


def webhook_url(container: Container) -> str | None:
    base = container.settings.public_url
    return f"{base.rstrip('/')}/telegram/webhook" if base else None


async def set_webhook(application: Application, container: Container) -> bool:
    """Point Telegram at ``<public_url>/telegram/webhook`` with the secret token; False without a public URL."""
    url = webhook_url(container)
    if url is None:
        return False
    if not container.settings.telegram_secret_token:
        # Without the secret the webhook route refuses every update; better no webhook than a dead one.
        log.error("KIEPE_PUBLIC_URL is set but KIEPE_TELEGRAM_SECRET_TOKEN is not: webhook not set")
        return False
    return await application.bot.set_webhook(url, secret_token=container.settings.telegram_secret_token,
                                             allowed_updates=["message", "callback_query"])
