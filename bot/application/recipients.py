"""Who is told by which channel: the one rule for shops and residents (issue 14).

Every change of an order is an outbox event, and both the SMS and the Telegram subscribers react
to it. Each of them used to decide for itself whether a shop or a resident was its business
(``shop.telegram_chat_id is not None`` here, ``if sub.shop.telegram_chat_id`` there), and the
copies drifted apart. Now each subscriber asks this module and only sends when the route names
its own channel, so exactly one channel tells a person, and a change of the rule is made once:

- **A shop** is told on Telegram once its chat is linked (``Shop.telegram_chat_id``), since the
  card there has buttons to answer with; else by SMS to its phone (it answers with the order's
  code); with neither, or a phone that is no number, nobody can tell it. The order is then not
  announced, but it is not lost: the reminder job escalates every sub-order left unanswered
  (``bot.application.reminders``), so the admin hears of it (SMS and Telegram) and phones the shop.
- **A resident** is told on Telegram where the order came from a family group's shared cart (the
  group reads it) or where their own Telegram account is known (a private chat's id is the
  user's id); else by SMS to the order's phone. A resident who asked to be forgotten is told
  nothing. News a resident need not answer ("accepted", "rejected", "packed" …) goes by SMS only
  to those who ordered by phone: who ordered in the web chat or by the API sees it there, and a
  text would only cost money; a question they must answer (a substitute) goes to every phone.

This module decides the route only; what is said, and the keys that keep a message from going
out twice, stay with each channel.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ordering.errors import Invalid
from ordering.models import Cart, Order, Resident, Shop
from ordering.residents import normalize_phone

# A family group's shared cart is owned by "tg-group:<chat id>" (``bot.channels.telegram.residents``).
GROUP_PREFIX = "tg-group:"


def group_cart_key(chat_id: int) -> str:
    """The owner key of the shared cart of the Telegram group ``chat_id``."""
    return f"{GROUP_PREFIX}{chat_id}"


class Channel(enum.Enum):
    TELEGRAM = "telegram"
    SMS = "sms"
    NONE = "none"  # nobody can be told: ``Route.why`` says why


@dataclass(frozen=True)
class Route:
    """Where one message to one shop or resident goes: a chat, a phone number, or nowhere."""

    channel: Channel
    chat_id: int | None = None  # with TELEGRAM
    phone: str | None = None  # with SMS (a shop's is normalised to E.164)
    why: str = ""  # with NONE: for the log

    def telegram(self) -> int | None:
        """The chat, where this route is Telegram's business (else None)."""
        return self.chat_id if self.channel is Channel.TELEGRAM else None

    def sms(self) -> str | None:
        """The number, where this route is the SMS channel's business (else None)."""
        return self.phone if self.channel is Channel.SMS else None


def shop_route(shop: Shop) -> Route:
    """A linked Telegram chat, else an SMS to the shop's phone, else nowhere (see the module)."""
    if shop.telegram_chat_id is not None:
        return Route(Channel.TELEGRAM, chat_id=shop.telegram_chat_id)
    if not shop.phone:
        return Route(Channel.NONE, why="the shop has neither a linked Telegram chat nor a phone")
    try:
        return Route(Channel.SMS, phone=normalize_phone(shop.phone))
    except Invalid:
        return Route(Channel.NONE, why=f"the shop's phone {shop.phone!r} is no valid number")


def resident_telegram_chat(session: Session, order: Order) -> int | None:
    """Where a resident reads news on Telegram: the family group whose cart it was, else their
    private chat (unless they asked to be forgotten); None: not a Telegram resident."""
    if order.cart_id is not None:
        cart = session.get(Cart, order.cart_id)
        if cart is not None and cart.owner_key and cart.owner_key.startswith(GROUP_PREFIX):
            return int(cart.owner_key[len(GROUP_PREFIX):])
    resident = session.get(Resident, order.resident_id) if order.resident_id is not None else None
    if resident is not None and resident.erased_at is None and resident.telegram_id:
        return resident.telegram_id  # a private chat's id is the user's id
    return None


def resident_route(session: Session, order: Order, *, asks: bool = False) -> Route:
    """How the resident of ``order`` is told; ``asks``: the message is a question they must answer
    (then every order's phone will do, not only a phone order's). See the module for why."""
    chat_id = resident_telegram_chat(session, order)
    if chat_id is not None:
        return Route(Channel.TELEGRAM, chat_id=chat_id)
    resident = session.get(Resident, order.resident_id) if order.resident_id is not None else None
    if resident is not None and resident.erased_at is not None:
        return Route(Channel.NONE, why="the resident asked to be forgotten")
    if not order.customer_phone:
        return Route(Channel.NONE, why="the order has no phone")
    if not asks and order.channel != "voice":
        return Route(Channel.NONE, why=f"ordered by {order.channel}: the news is shown there")
    return Route(Channel.SMS, phone=order.customer_phone)
