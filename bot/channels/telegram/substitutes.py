"""Substitutes for Telegram residents (issue 17): the shop's proposal as a message with "Ja" and
"Nein" buttons, the answer applied (only by the resident who ordered, or in the family group
whose cart it was), and the outcome. Button data: ``buttons.SubstituteAnswerButton``."""

from __future__ import annotations

from telegram import Update

from bot.application.error_wording import resident_text
from bot.channels.telegram.buttons import SUBSTITUTE_ANSWER_PATTERN, parse_substitute_answer
from bot.channels.telegram.context import CustomContext, container_of, dispatch_events
from bot.channels.telegram.messages import substitute_outcome
from bot.channels.telegram.pushes import resident_chat
from ordering import substitutes
from ordering.errors import OrderingError

PATTERN = SUBSTITUTE_ANSWER_PATTERN
NOT_YOURS = "Diese Frage gehört nicht zu Ihrer Bestellung."


async def button(update: Update, context: CustomContext) -> None:
    """"Ja, gern" / "Nein, danke" under a substitute question."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    container = container_of(context)
    pressed = parse_substitute_answer(query.data)
    if pressed is None:  # forged or mangled: answered like another's offer
        await query.answer(NOT_YOURS, show_alert=True)
        return
    who = update.effective_user.id if update.effective_user else 0
    text: str | None = None
    try:
        with container.database.session() as s:
            offer = s.get(substitutes.SubstituteOffer, pressed.offer_id)
            if offer is not None and resident_chat(s, offer.sub_order.order) == chat.id:
                substitutes.answer(s, offer.id, pressed.accepted, actor=f"telegram:{who}", now=container.clock.now())
                text = substitute_outcome(offer)
    except OrderingError as exc:  # answered already, or too late
        await query.answer(resident_text(exc), show_alert=True)
        return
    if text is None:
        await query.answer(NOT_YOURS, show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(text)
    await dispatch_events(container)
