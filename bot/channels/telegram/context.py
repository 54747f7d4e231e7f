"""Where handlers find Kiepe's parts: the container and the dialogue live in ``bot_data``."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram.ext import ContextTypes

if TYPE_CHECKING:
    from bot.composition import Container
    from bot.dialogue.engine import Dialogue

log = logging.getLogger(__name__)

CONTAINER = "kiepe.container"
DIALOGUE = "kiepe.dialogue"


def container_of(context: ContextTypes.DEFAULT_TYPE) -> Container:
    return context.application.bot_data[CONTAINER]


def dialogue_of(context: ContextTypes.DEFAULT_TYPE) -> Dialogue:
    return context.application.bot_data[DIALOGUE]


async def dispatch_events(container: Container) -> None:
    """Hand this update's order events to their subscribers now (the shop's card, the resident's news).

    Claims make this safe next to the serving process's dispatcher loop; without one (polling,
    tests) nothing else would send them. An update that wrote no event costs no query.
    """
    try:
        await container.events.dispatch_pending(container, if_news=True)
    except Exception:
        log.exception("dispatching order events failed")
