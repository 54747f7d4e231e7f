"""The typed context of every handler (python-telegram-bot's ``contexttypesbot`` pattern).

``context.bot_data`` is a ``BotData`` holding the container and the dialogue, and
``context.chat_shop`` carries what the dedupe step found about the chat, instead of string
keys in a dict and attributes set on the fly.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from ordering.errors import ConfigurationError

if TYPE_CHECKING:
    from bot.application.container import Container
    from bot.application.ports import TurnHandler

log = logging.getLogger(__name__)


class BotData:
    """The application's ``bot_data``: what every handler of this bot works with."""

    def __init__(self) -> None:
        self.container: Container | None = None
        self.dialogue: TurnHandler | None = None


class CustomContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The context of one update."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any], chat_id: int | None = None,
                 user_id: int | None = None) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        # (chat id, the shop linked to it or None), found while the update was deduplicated.
        self.chat_shop: tuple[int, int | None] | None = None

    @property
    def container(self) -> Container:
        container = self.bot_data.container
        if container is None:
            raise ConfigurationError("the bot was built without build_application")
        return container

    @property
    def dialogue(self) -> TurnHandler:
        dialogue = self.bot_data.dialogue
        if dialogue is None:
            raise ConfigurationError("the bot was built without build_application")
        return dialogue


CONTEXT_TYPES = ContextTypes(context=CustomContext, bot_data=BotData)


def container_of(context: CustomContext) -> Container:
    return context.container


def dialogue_of(context: CustomContext) -> TurnHandler:
    return context.dialogue


async def dispatch_events(container: Container) -> None:
    """Hand this update's order events to their subscribers now (the shop's card, the resident's news).

    Claims make this safe next to the serving process's dispatcher loop; without one (polling,
    tests) nothing else would send them. An update that wrote no event costs no query.
    """
    try:
        await container.events.dispatch_pending(if_news=True)
    except Exception:
        log.exception("dispatching order events failed")
