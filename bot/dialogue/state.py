"""Conversation state, kept as JSON in the conversations table so any process can go on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Pending:
    """The question the assistant asked and is waiting to have answered."""

    kind: str  # see bot.dialogue.engine for the kinds
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class State:
    region_id: int | None = None
    resident_id: int | None = None
    cart_id: int | None = None
    pending: Pending | None = None
    # Shopping-list groups still to resolve after the current question.
    queue: list[dict[str, Any]] = field(default_factory=list)
    # What the last replies offered, so a pressed key or "das zweite" means what was shown.
    choices: list[dict[str, str]] = field(default_factory=list)
    last_texts: list[str] = field(default_factory=list)
    last_names_keys: bool = False  # the last texts named the phone keys (Reply.names_keys)
    misunderstood: int = 0
    told_nlu_down: bool = False
    fulfilment: str | None = None  # delivery | pickup, chosen before the window
    payment_method: str | None = None
    voucher_codes: list[str] = field(default_factory=list)  # to redeem at checkout
    link_to: str | None = None  # a relative's number for the payment link (phone orders)
    checking_out: bool = False  # the resident said "bestellen": lead on to the confirmation
    greeted: bool = False
    last_order_id: int | None = None
    caller_confirmed: bool = False  # the caller said the account's postcode in this call (caller_check)
    last_line_id: int | None = None
    # What the last shopping turn added ([shop, product, quantity]): "dasselbe nochmal" repeats it.
    last_added: list[list[str]] = field(default_factory=list)
    # Where a browsing resident is: municipality slug, shop slug, category, page.
    browse: dict[str, Any] = field(default_factory=dict)
    # Shop rules (bot.dialogue.rules): notes already given ("min:<cart>:<shop>"), and the age the
    # resident confirmed for this order, as [cart id, age] (asked once per order).
    rules_told: list[str] = field(default_factory=list)
    age_confirmed: list[int] | None = None
    substitutes: str | None = None  # "accept" | "decline", said once while ordering (issue 17)
    # Shops the resident named in this conversation (slugs, the latest last): they decide between
    # two shops that sell the goods said later (bot.dialogue.shopping._in_known_shop).
    shops_named: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> State:
        data = dict(data or {})
        pending = data.pop("pending", None)
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        state = cls(**known)
        state.pending = Pending(**pending) if pending else None
        return state
