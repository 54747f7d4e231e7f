"""Everything one turn works with, loaded once: session, state, resident, cart, catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bot.application import payloads
from bot.dialogue.catalog_cache import RegionCatalog
from bot.dialogue.state import Pending, State
from bot.dialogue.types import Action, CartLineView, CartView, Choice, Reply, Turn, View
from bot.settings import Settings
from ordering import cart as carts
from ordering.errors import PostcodeAmbiguous
from ordering.models import Cart, Region, Resident


class Steps(Protocol):
    """What comes next in the conversation, for the modules the checkout and the services build
    on (shopping, the caller check): they go on through this instead of importing the modules
    that import them. The engine hands the one implementation (``bot.dialogue.steps``) to every
    turn's ``Ctx``."""

    def advance(self, ctx: Ctx) -> None: ...
    def advance_if_checking_out(self, ctx: Ctx) -> None: ...
    def offer_windows(self, ctx: Ctx, when_text: str | None) -> None: ...
    def ask_town(self, ctx: Ctx, error: PostcodeAmbiguous, **data: Any) -> None: ...
    def offer_reorder(self, ctx: Ctx) -> None: ...
    def order_status(self, ctx: Ctx) -> None: ...
    def cancel(self, ctx: Ctx) -> None: ...


@dataclass
class Ctx:
    session: Session
    turn: Turn
    state: State
    region: Region
    resident: Resident | None
    cart: Cart
    catalog: RegionCatalog
    settings: Settings
    steps: Steps
    nlu_available: bool = True
    gateway: Any = None  # ordering.ports.PaymentGateway when online payment is set up
    container: Any = None  # bot.application.container.Container, for what happens after checkout
    out: list[Reply] = field(default_factory=list)
    _summary: tuple[tuple, carts.CartSummary] | None = field(default=None, repr=False)

    @property
    def voice(self) -> bool:
        return self.turn.channel == "voice"

    @property
    def now(self) -> datetime:
        return self.turn.now

    @property
    def hold_minutes(self) -> int:
        return self.settings.hold_minutes_phone if self.voice else self.settings.hold_minutes

    def say(self, text: str, choices: list[Choice] | tuple[Choice, ...] = (), *, action: Action = "continue",
            link: str | None = None, link_to: str | None = None, view: View | None = None,
            names_keys: bool = False) -> None:
        """Queue a reply; the last reply's choices are what a key or "das zweite" refers to.

        ``view`` says what the reply shows (the cart, a page of products), ``names_keys`` that
        its text names the phone keys; see ``bot.application.turns.Reply``."""
        self.out.append(Reply(text=text, choices=tuple(choices), action=action, link=link, link_to=link_to,
                              view=view, names_keys=names_keys))

    def cart_view(self) -> CartView:
        """The cart's lines of goods as a read-back shows them (Telegram puts + and − beside each)."""
        return CartView(tuple(CartLineView(line.id, line.product.name, line.quantity, line.product.unit)
                              for line in self.cart.lines if line.product is not None))

    def ask(self, kind: str, text: str, choices: list[Choice] | tuple[Choice, ...] = (), **data) -> None:
        """Say something and wait for the answer to a question of this kind."""
        self.state.pending = Pending(kind, {**data, "asked": text})
        self.say(text, choices)

    @property
    def question(self) -> Pending:
        """The question waiting for its answer. Only for the code that answers one: the engine
        hands a turn to it only while a question of its kind is waiting."""
        if self.state.pending is None:
            raise LookupError("no question is waiting for an answer")
        return self.state.pending

    def summary(self) -> carts.CartSummary:
        """The cart's totals; computed again only when a line, quantity or the fulfilment changed."""
        key = (self.cart.id, self.cart.fulfilment, self.region.delivery_fee_cents,
               tuple((l.id, l.product_id, l.quantity, l.voucher_cents) for l in self.cart.lines))
        if self._summary is None or self._summary[0] != key:
            self._summary = (key, carts.summarize(self.cart, self.region))
        return self._summary[1]


YES_NO = (Choice("Ja", str(payloads.YES)), Choice("Nein", str(payloads.NO)))
