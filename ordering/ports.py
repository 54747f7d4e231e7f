"""Ports: the few outside services ordering talks to, as small Protocols.

Ordering never imports a vendor SDK. ``integrations/`` implements these ports
(``integrations.stripe_gateway.StripeGateway``), tests may too. Money is integer
cents; every call that creates something takes an ``idempotency_key`` that the
caller derives from Kiepe's own ids, so repeating a use case never pays twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ordering.errors import ExternalServiceError


class PaymentGatewayError(ExternalServiceError):
    """The payment provider refused or failed a call.

    ``retryable`` is False when repeating the same request cannot help (a bad
    parameter, an account that cannot receive transfers yet); reconcile still
    retries those later, because the cause (onboarding) may have gone away.
    """

    def __init__(self, message: str, *, code: str | None = None, retryable: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.retryable = retryable


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


@dataclass(frozen=True)
class PaymentState:
    """What the provider knows about one checkout session."""

    session_id: str
    status: str | None  # open | complete | expired (Stripe's field may be null)
    paid: bool
    amount_cents: int
    payment_intent_id: str | None = None
    charge_id: str | None = None
    # Manual capture (weighed goods): the card is authorised for ``amount_cents``, nothing taken yet.
    authorised: bool = False


@dataclass(frozen=True)
class TransferRecord:
    id: str
    amount_cents: int
    destination: str | None  # the connected account (Stripe's field may be null)
    transfer_group: str | None
    source_transaction: str | None
    metadata: dict[str, str] = field(default_factory=dict)
    amount_reversed_cents: int = 0


@dataclass(frozen=True)
class RefundRecord:
    id: str
    amount_cents: int
    charge_id: str | None  # Stripe's fields may be null
    status: str | None
    metadata: dict[str, str] = field(default_factory=dict)


class PaymentGateway(Protocol):
    """Stripe Connect, "separate charges and transfers", seen from ordering."""

    def create_connected_account(self, *, email: str | None, shop_ref: str, idempotency_key: str) -> str:
        """Create an Express account for a shop; returns the account id (``acct_…``)."""

    def onboarding_link(self, account_id: str, *, refresh_url: str, return_url: str, idempotency_key: str) -> str:
        """A one-time Express onboarding address for the shop owner."""

    def create_checkout_session(
        self,
        *,
        order_ref: str,
        amount_cents: int,
        currency: str,
        description: str,
        success_url: str,
        cancel_url: str,
        idempotency_key: str,
        metadata: dict[str, str] | None = None,
        capture_manually: bool = False,
    ) -> CheckoutSession:
        """A hosted payment page for one amount; ``order_ref`` becomes the ``transfer_group``.
        ``capture_manually``: the card is only authorised (weighed goods); ``capture_payment`` takes it."""

    def capture_payment(self, payment_intent_id: str, *, amount_cents: int, idempotency_key: str) -> str:
        """Take ``amount_cents`` (at most the authorised amount) of an authorised payment; the rest
        is released. Returns the charge id."""

    def cancel_payment(self, payment_intent_id: str, *, idempotency_key: str) -> None:
        """Release an authorisation that will never be captured (the order was cancelled)."""

    def expire_checkout_session(self, session_id: str, *, idempotency_key: str) -> None:
        """Close an unpaid payment page (the order was cancelled); fails if it is already paid."""

    def retrieve_payment(self, session_id: str) -> PaymentState:
        """The session's state including the payment intent and its charge, once paid."""

    def transfer(
        self,
        *,
        amount_cents: int,
        currency: str,
        destination: str,
        transfer_group: str,
        source_transaction: str,
        idempotency_key: str,
        metadata: dict[str, str] | None = None,
    ) -> str:
        """Move money from the platform to a connected account; returns the transfer id."""

    def reverse_transfer(
        self, *, transfer_id: str, amount_cents: int, idempotency_key: str, metadata: dict[str, str] | None = None
    ) -> str:
        """Take (part of) a transfer back from the shop's account; returns the reversal id."""

    def refund(
        self, *, charge_id: str, amount_cents: int, idempotency_key: str, metadata: dict[str, str] | None = None
    ) -> str:
        """Give (part of) a charge back to the payer; returns the refund id."""

    def list_transfers(self, transfer_group: str) -> list[TransferRecord]:
        """All transfers of one transfer group (one order)."""

    def list_refunds(self, charge_id: str) -> list[RefundRecord]:
        """All refunds of one charge."""


class Notifier(Protocol):
    """Sends a short text to a resident or shop (SMS, Telegram…); the address decides the channel."""

    def send_text(self, to: str, text: str) -> object:
        """Deliver ``text`` to ``to`` (what it returns, a message id, is the sender's own);
        may raise, callers treat notifications as best effort."""
