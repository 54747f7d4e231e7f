"""The shop side's button values (Telegram callback data), as types with one parser.

Order cards ("so:<action>:<sub-order>[:<line>]"), product proposals ("pp:<action>:<key>") and
product picks ("sc:<a|p>:<product>:<value>"). The residents' buttons are the dialogue's
(``bot.application.payloads``), except the answer to a shop's substitute ("ersatz:<offer>:<ja|nein>"),
which the Telegram channel handles itself and so writes and reads here too. ``parse`` and
``parse_substitute_answer`` never raise: a forged or stale value is None.
"""

from __future__ import annotations

from dataclasses import dataclass

SHOP_ORDER, PROPOSAL, SHOP_PICK, SUBSTITUTE = "so", "pp", "sc", "sp"
PATTERN = rf"^({SHOP_ORDER}|{PROPOSAL}|{SHOP_PICK}|{SUBSTITUTE}):"
# A resident's button, so not in PATTERN: its own handler takes it.
SUBSTITUTE_ANSWER = "ersatz"
SUBSTITUTE_ANSWER_PATTERN = rf"^{SUBSTITUTE_ANSWER}:"
_YES, _NO = "ja", "nein"


@dataclass(frozen=True)
class OrderButton:
    """a: accept, r: choose lines to reject, x: reject ``line_id``, n: reject all, b: back, f: ready,
    w: weigh ``line_id`` (the weight follows as a message), e: choose a substitute for ``line_id``
    (issue 17)."""

    action: str
    sub_order_id: int
    line_id: int | None = None

    def __str__(self) -> str:
        tail = f":{self.line_id}" if self.line_id is not None else ""
        return f"{SHOP_ORDER}:{self.action}:{self.sub_order_id}{tail}"


@dataclass(frozen=True)
class ProposalButton:
    """ok: list it, vat: switch the VAT rate, no: discard the proposal ``key``."""

    action: str
    key: str

    def __str__(self) -> str:
        return f"{PROPOSAL}:{self.action}:{self.key}"


@dataclass(frozen=True)
class PickButton:
    """The product meant by an ambiguous change: kind "a" (availability, value "0"/"1") or "p" (price in cents)."""

    kind: str
    product_id: int
    value: str

    def __str__(self) -> str:
        return f"{SHOP_PICK}:{self.kind}:{self.product_id}:{self.value}"


@dataclass(frozen=True)
class SubstituteButton:
    """Offer ``product_id`` instead of the order line ``line_id`` (issue 17)."""

    sub_order_id: int
    line_id: int
    product_id: int

    def __str__(self) -> str:
        return f"{SUBSTITUTE}:{self.sub_order_id}:{self.line_id}:{self.product_id}"


ShopButton = OrderButton | ProposalButton | PickButton | SubstituteButton


def _int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def parse(data: str | None) -> ShopButton | None:
    head, _, rest = (data or "").partition(":")
    if head == SHOP_ORDER:
        parts = rest.split(":")
        sub_id = _int(parts[1]) if len(parts) in (2, 3) else None
        line_id = _int(parts[2]) if len(parts) == 3 else None
        if sub_id is None or not parts[0] or (len(parts) == 3 and line_id is None):
            return None
        return OrderButton(parts[0], sub_id, line_id)
    if head == PROPOSAL:
        action, sep, key = rest.partition(":")
        return ProposalButton(action, key) if sep and action and key else None
    if head == SHOP_PICK:
        parts = rest.split(":")
        product_id = _int(parts[1]) if len(parts) == 3 else None
        if product_id is None or parts[0] not in ("a", "p") or _int(parts[2]) is None:
            return None
        return PickButton(parts[0], product_id, parts[2])
    if head == SUBSTITUTE:
        numbers = [_int(part) for part in rest.split(":")]
        if len(numbers) != 3 or any(n is None for n in numbers):
            return None
        sub_id, line_id, product_id = (n or 0 for n in numbers)
        return SubstituteButton(sub_id, line_id, product_id)
    return None


@dataclass(frozen=True)
class SubstituteAnswerButton:
    """A resident's "Ja, gern" (``accepted``) or "Nein, danke" to the substitute offer ``offer_id`` (issue 17)."""

    offer_id: int
    accepted: bool

    def __str__(self) -> str:
        return f"{SUBSTITUTE_ANSWER}:{self.offer_id}:{_YES if self.accepted else _NO}"


def parse_substitute_answer(data: str | None) -> SubstituteAnswerButton | None:
    head, _, rest = (data or "").partition(":")
    offer, sep, word = rest.partition(":")
    offer_id = _int(offer)
    if head != SUBSTITUTE_ANSWER or not sep or offer_id is None or word not in (_YES, _NO):
        return None
    return SubstituteAnswerButton(offer_id, word == _YES)
