"""``ordering.ports.Notifier`` over the Telegram Bot API, plus the async sends the channel needs.

Addresses are "tg:<chat id>" (also "telegram:<id>" or a bare chat id), so one notifier
setting can route phones to SMS and chats here. ``send_text`` is synchronous like the port:
inside a running event loop it schedules the send (best effort, as the port allows) and
returns at once; outside one it sends and waits.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import TelegramError

log = logging.getLogger(__name__)

PREFIXES = ("tg:", "telegram:")


def chat_address(chat_id: int) -> str:
    return f"tg:{chat_id}"


def parse_address(to: str) -> int | None:
    """The chat id in "tg:123", "telegram:-100123" or "123"; None for other channels' addresses."""
    text = str(to).strip()
    for prefix in PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    else:
        if text.startswith("+"):
            return None  # a phone number: the SMS notifier's
    try:
        return int(text)
    except ValueError:
        return None


class TelegramNotifier:
    """Sends texts, cards with buttons and photos through one ``telegram.Bot``."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._tasks: set[asyncio.Task[Any]] = set()

    async def send(self, chat_id: int, text: str, *, markup: InlineKeyboardMarkup | None = None,
                   html: bool = False) -> Message:
        """A message, optionally with inline buttons; ``html`` for <b>/<s> in shop cards."""
        return await self.bot.send_message(chat_id, text, reply_markup=markup,
                                           parse_mode=ParseMode.HTML if html else None)

    async def send_photo(self, chat_id: int, photo: str, caption: str, *,
                         markup: InlineKeyboardMarkup | None = None) -> Message:
        return await self.bot.send_photo(chat_id, photo, caption=caption, reply_markup=markup)

    def send_text(self, to: str, text: str) -> None:
        """The Notifier port: deliver ``text`` to a Telegram address; other addresses are ignored."""
        chat_id = parse_address(to)
        if chat_id is None:
            log.debug("not a Telegram address; not sent")
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            asyncio.run(self._send_once(chat_id, text))
            return
        task = loop.create_task(self._send_logged(chat_id, text))
        self._tasks.add(task)  # keep a reference, or the task may be collected before it ran
        task.add_done_callback(self._tasks.discard)

    async def _send_logged(self, chat_id: int, text: str) -> None:
        try:
            await self.bot.send_message(chat_id, text)
        except TelegramError:
            log.exception("Telegram message failed")  # no chat id: it names a person

    async def _send_once(self, chat_id: int, text: str) -> None:
        # Outside a loop the shared bot's HTTP client may belong to another loop: use a fresh one.
        async with Bot(self.bot.token) as bot:
            await bot.send_message(chat_id, text)

    async def drain(self) -> None:
        """Wait for scheduled sends (tests, shutdown)."""
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
