"""Shops enter what they weighed on Telegram: a button per weighed item on the order card
("⚖️ Rinderhack wiegen"), then the weight as a plain message ("0,312" or "312 g").

The button only notes which line the chat is weighing (in the shop chat's Conversation state,
like product proposals); the number that follows is recorded through ``ordering.weighing``
for the chat's own shop, so a forged button for another shop's line changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.application.container import Container
from bot.application.error_wording import shop_text
from bot.channels.telegram import linking
from ordering import orders, weighing
from ordering.errors import Invalid, NotFound, OrderingError
from ordering.models import Conversation, SubOrder
from ordering.money import format_euro

CHANNEL = linking.SHOP_CHAT  # the shop chat's Conversation (shared with bot.channels.telegram.shops)
STATE_KEY = "weighing"


class NotWeighable(Invalid):
    """The line's part is packed, done or the line rejected: the "wiegen" button is stale."""

    german_text = "Das geht bei dieser Bestellung nicht mehr."


@dataclass(frozen=True)
class WeightAnswer:
    text: str
    sub_order_id: int | None = None  # set when a weight was recorded: the card is shown again


def _conversation(session: Session, chat_id: int) -> Conversation:
    return linking.shop_chat_conversation(session, chat_id)


def _set_pending(session: Session, chat_id: int, pending: dict | None) -> None:
    conversation = _conversation(session, chat_id)
    state = dict(conversation.state or {})
    if pending is None:
        state.pop(STATE_KEY, None)
    else:
        state[STATE_KEY] = pending
    conversation.state = state


def prompt(line_name: str, limit: Decimal, unit: str | None) -> str:
    return (f"⚖️ Wie viel wiegt {line_name}? Bitte schicken Sie nur das Gewicht, zum Beispiel 0,312 "
            f"(höchstens {weighing.format_amount(limit, unit)}).")


def start_weighing(container: Container, chat_id: int, sub_order_id: int, line_id: int) -> str:
    """The "wiegen" button: remember the line, ask for the number. Raises NotFound for a line
    that is not this chat's shop's, Conflict/Invalid when it cannot be weighed (any more)."""
    with container.database.session() as s:
        shop = linking.shop_of_chat(s, chat_id)
        if shop is None:
            raise NotFound(f"chat {chat_id} is not linked to a shop")
        sub = orders.get_sub_order(s, sub_order_id, shop_id=shop.id)
        line = next((l for l in sub.lines if l.id == line_id), None)
        if line is None or not weighing.is_weighed(line):
            raise NotFound(f"line {line_id} is not a weighed line of sub-order {sub.id}")
        if line.rejected or sub.status not in weighing.WEIGHING_STATUSES:
            raise NotWeighable(f"sub-order {sub.id} is {sub.status}")
        _set_pending(s, chat_id, {"sub": sub.id, "line": line.id})
        return prompt(line.name, weighing.max_quantity(line), line.unit)


def weight_message(container: Container, chat_id: int, text: str | None) -> WeightAnswer | None:
    """A message in a shop chat that is weighing: the weight, recorded. None when the chat is not
    weighing, or the message is plainly something else (no digit in it): that ends the weighing."""
    with container.database.session() as s:
        shop = linking.shop_of_chat(s, chat_id)
        pending = (_conversation(s, chat_id).state or {}).get(STATE_KEY) if shop is not None else None
        if shop is None or not pending:
            return None
        if not any(ch.isdigit() for ch in text or ""):
            _set_pending(s, chat_id, None)
            return None
        try:
            sub: SubOrder = orders.get_sub_order(s, int(pending["sub"]), shop_id=shop.id)
            quantity = weighing.parse_weight(text)
            line = weighing.record_weight(s, sub, int(pending["line"]), quantity, actor=f"shop:{shop.slug}",
                                          now=container.clock.now())
        except Invalid as exc:
            return WeightAnswer(f"{shop_text(exc)} Bitte schicken Sie das Gewicht noch einmal.")
        except OrderingError as exc:  # packed meanwhile, or not this shop's: the weighing ends
            _set_pending(s, chat_id, None)
            return WeightAnswer(shop_text(exc))
        _set_pending(s, chat_id, None)
        return WeightAnswer(f"✅ {line.name}: {weighing.format_amount(quantity, line.unit)}, {format_euro(line.total_cents)}. "
                            f"Neue Summe: {format_euro(orders.confirmed_cents(sub))}.", sub.id)
