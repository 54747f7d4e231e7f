"""The channel contract: what a channel hands the dialogue (a Turn) and what it gets back (Replies).

Channels render replies their own way: Telegram as a message with inline buttons, the
phone as speech with "Drücken Sie 1 für …", the web chat as text with buttons. A reply says
what it is where a channel may show more than its text (``Reply.view``: a cart read-back, a page
of products; ``Reply.names_keys``: the text already names the phone keys), so no channel reads
the database or the text to guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal

from bot.privacy.payment_data import mask_payment_data

Channel = Literal["voice", "telegram", "web", "sms"]
Action = Literal["continue", "end", "handoff"]  # what happens to the conversation after a reply
MAX_CHOICES = 4


@dataclass(frozen=True)
class Choice:
    """A button, or a key on the phone. ``value`` comes back in ``Turn.choice`` when pressed."""

    label: str  # "Samstag, 28. November, 9–13 Uhr"
    value: str  # opaque to channels, e.g. "slot:123" or "yes"


@dataclass(frozen=True)
class CartLineView:
    """One line of goods in a cart read-back (vouchers have no quantity and are not listed)."""

    line_id: int  # for payloads.Step / payloads.Remove
    name: str  # the product's name
    quantity: Decimal | None  # None: an amount still to be weighed
    unit: str  # "piece", "kg", "l"


@dataclass(frozen=True)
class CartView:
    """The reply reads the cart back: its lines, as they are after this turn."""

    lines: tuple[CartLineView, ...] = ()


@dataclass(frozen=True)
class ProductCard:
    """One product a browsing page offers."""

    product_id: int  # for payloads.Add
    name: str
    size: str | None
    price_cents: int  # per piece, kg or litre
    unit: str  # "piece", "kg", "l"
    photo: str | None = None  # the shop's photo (a Telegram file id), None without one


@dataclass(frozen=True)
class ProductPage:
    """The reply offers a page of products, in the order of its choices."""

    products: tuple[ProductCard, ...] = ()


View = CartView | ProductPage


@dataclass(frozen=True)
class Reply:
    """One message of the assistant."""

    text: str  # German; for the phone, written to be spoken
    choices: tuple[Choice, ...] = ()
    # What happens to the conversation after this reply.
    action: Action = "continue"
    # For a link the resident should open (payment); the phone sends it by SMS …
    link: str | None = None
    # … to this number when the caller asked for it to go to a relative (E.164), else to the caller.
    link_to: str | None = None
    # What the reply shows beyond its text, for channels that can show it (Telegram's + and −
    # rows, product photos); None for a plain message.
    view: View | None = None
    # True when ``text`` already names the phone keys ("… 1 für Warenkorb, 2 für …"): the phone
    # then does not announce them a second time.
    names_keys: bool = False

    def __post_init__(self) -> None:
        if len(self.choices) > MAX_CHOICES:
            raise ValueError(f"a reply offers at most {MAX_CHOICES} choices, got {len(self.choices)}")


@dataclass(frozen=True)
class Customer:
    """What the channel knows about who is talking (caller id, Telegram user)."""

    phone: str | None = None
    telegram_id: int | None = None
    name: str | None = None


@dataclass(frozen=True)
class Turn:
    """One thing the resident did: said or typed text, pressed a button, or pressed a key."""

    channel: Channel
    conversation_key: str  # stable per conversation: call SID's caller, Telegram chat id, web session
    now: datetime
    text: str | None = None  # speech recognised or typed
    choice: str | None = None  # Choice.value of a pressed button
    dtmf: str | None = None  # phone keys
    customer: Customer = field(default_factory=Customer)
    # Telegram family groups share one cart: the group's key; None for one person's chat.
    shared_cart_key: str | None = None
    # Speech recognition's confidence (0..1) where the channel has one.
    confidence: float | None = None
    # True when the channel got nothing (silence on the phone).
    silence: bool = False
    # Set on construction when card numbers or IBANs were masked out of ``text`` or ``choice``.
    payment_data_removed: bool = False

    def __post_init__(self) -> None:
        # Every channel builds a Turn: masking here keeps card numbers and IBANs out of the
        # transcript, the logs and hand-over messages, whichever channel they were typed in.
        text, choice = mask_payment_data(self.text), mask_payment_data(self.choice)
        if (text, choice) != (self.text, self.choice):
            object.__setattr__(self, "text", text)
            object.__setattr__(self, "choice", choice)
            object.__setattr__(self, "payment_data_removed", True)
