"""``ordering.ports.PaymentGateway`` over the official Stripe SDK (the only stripe import).

Every creating call passes Kiepe's idempotency key, so an SDK retry or a repeated
use case returns Stripe's first answer instead of paying twice. SDK errors become
``PaymentGatewayError``: ``retryable=False`` for a definite refusal (4xx: Stripe did
nothing), ``True`` for network and server errors (Stripe may have acted).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

import stripe

from ordering.errors import ConfigurationError
from ordering.ports import CheckoutSession, PaymentGatewayError, PaymentState, RefundRecord, TransferRecord

if TYPE_CHECKING:  # the SDK's request parameters (TypedDicts), for the type checker only
    from stripe.params import (
        AccountCreateParams,
        AccountLinkCreateParams,
        PaymentIntentCaptureParams,
        RefundCreateParams,
        TransferCreateParams,
        TransferReversalCreateParams,
    )
    from stripe.params.checkout import SessionCreateParams, SessionCreateParamsPaymentIntentData

T = TypeVar("T")


class _Expanded(Protocol):
    @property
    def id(self) -> str: ...


def _id_of(value: str | _Expanded | None) -> str | None:
    """An expandable field: an id string or an expanded object."""
    if value is None or isinstance(value, str):
        return value
    return value.id


def _metadata(obj: object) -> dict[str, str]:
    # A StripeObject at run time, whatever the stubs say: its to_dict() gives the plain dict.
    metadata: stripe.StripeObject | None = getattr(obj, "metadata", None)
    return metadata.to_dict() if metadata is not None else {}


class StripeGateway:
    """``key_prefix`` names the installation: Stripe keeps idempotency keys for 24 hours
    per account, so two databases on one account (staging reset, test runs) must
    not both send "kiepe:K-2611-000001:charge" and get each other's answers."""

    def __init__(
        self, api_key: str, *, api_base: str | None = None, key_prefix: str = "", max_network_retries: int = 2
    ) -> None:
        self.client = stripe.StripeClient(
            api_key, base_addresses={"api": api_base} if api_base else None, max_network_retries=max_network_retries
        )
        self.key_prefix = key_prefix

    def _options(self, idempotency_key: str) -> stripe.RequestOptions:
        return {"idempotency_key": self.key_prefix + idempotency_key}

    @classmethod
    def from_settings(cls, settings) -> StripeGateway:
        if not settings.stripe_api_key:
            raise ConfigurationError("KIEPE_STRIPE_API_KEY is not set")
        prefix = getattr(settings, "stripe_key_prefix", None) or ""
        return cls(settings.stripe_api_key, api_base=settings.stripe_api_base, key_prefix=prefix)

    @staticmethod
    def _call(action: Callable[[], T]) -> T:
        try:
            return action()
        except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
            raise PaymentGatewayError(str(exc.user_message or exc), code=exc.code, retryable=True) from exc
        except stripe.StripeError as exc:
            status = exc.http_status or 500
            message = exc.user_message or str(exc)
            raise PaymentGatewayError(message, code=exc.code, retryable=status >= 500 or status == 409) from exc

    # ------------------------------------------------------------ Connect

    def create_connected_account(self, *, email: str | None, shop_ref: str, idempotency_key: str) -> str:
        params: AccountCreateParams = {
            "type": "express",
            "country": "DE",
            "capabilities": {"transfers": {"requested": True}},
            "metadata": {"kiepe_shop": shop_ref},
        }
        if email:
            params["email"] = email
        account = self._call(lambda: self.client.v1.accounts.create(params, self._options(idempotency_key)))
        return account.id

    def onboarding_link(self, account_id: str, *, refresh_url: str, return_url: str, idempotency_key: str) -> str:
        params: AccountLinkCreateParams = {
            "account": account_id, "refresh_url": refresh_url, "return_url": return_url, "type": "account_onboarding"
        }
        link = self._call(lambda: self.client.v1.account_links.create(params, self._options(idempotency_key)))
        return link.url

    # ------------------------------------------------------------ Checkout

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
        metadata = dict(metadata or {})
        # The charge lands on the platform; shops are paid later by transfers in this group.
        intent_data: SessionCreateParamsPaymentIntentData = {"transfer_group": order_ref, "metadata": metadata}
        if capture_manually:
            # Weighed goods: authorise the upper bound now, capture what was weighed later.
            intent_data["capture_method"] = "manual"
        params: SessionCreateParams = {
            "mode": "payment",
            "client_reference_id": order_ref,
            "success_url": success_url,
            "cancel_url": cancel_url,
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {"currency": currency, "unit_amount": amount_cents, "product_data": {"name": description}},
                }
            ],
            "payment_intent_data": intent_data,
            "metadata": metadata,
        }
        session = self._call(lambda: self.client.v1.checkout.sessions.create(params, self._options(idempotency_key)))
        if session.url is None:  # a hosted page (the default ui_mode) always has one
            raise PaymentGatewayError(f"checkout session {session.id} has no payment page", retryable=False)
        return CheckoutSession(id=session.id, url=session.url)

    def capture_payment(self, payment_intent_id: str, *, amount_cents: int, idempotency_key: str) -> str:
        params: PaymentIntentCaptureParams = {"amount_to_capture": amount_cents}
        intent = self._call(
            lambda: self.client.v1.payment_intents.capture(payment_intent_id, params, self._options(idempotency_key))
        )
        charge_id = _id_of(intent.latest_charge)
        if charge_id is None:
            raise PaymentGatewayError(f"payment intent {payment_intent_id} has no charge after capture", retryable=True)
        return charge_id

    def cancel_payment(self, payment_intent_id: str, *, idempotency_key: str) -> None:
        self._call(lambda: self.client.v1.payment_intents.cancel(payment_intent_id, None, self._options(idempotency_key)))

    def expire_checkout_session(self, session_id: str, *, idempotency_key: str) -> None:
        self._call(lambda: self.client.v1.checkout.sessions.expire(session_id, None, self._options(idempotency_key)))

    def retrieve_payment(self, session_id: str) -> PaymentState:
        session = self._call(lambda: self.client.v1.checkout.sessions.retrieve(session_id))
        intent_id = _id_of(session.payment_intent)
        charge_id, authorised = None, False
        if intent_id:
            intent = self._call(lambda: self.client.v1.payment_intents.retrieve(intent_id))
            charge_id = _id_of(intent.latest_charge)
            authorised = intent.status == "requires_capture"
        return PaymentState(
            session_id=session.id,
            status=session.status,
            paid=session.payment_status == "paid",
            amount_cents=session.amount_total or 0,
            payment_intent_id=intent_id,
            charge_id=charge_id,
            authorised=authorised,
        )

    # ------------------------------------------------------------ money movements

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
        params: TransferCreateParams = {
            "amount": amount_cents,
            "currency": currency,
            "destination": destination,
            "transfer_group": transfer_group,
            # Funds come from this charge even before it is available on the balance.
            "source_transaction": source_transaction,
            "metadata": metadata or {},
        }
        transfer = self._call(lambda: self.client.v1.transfers.create(params, self._options(idempotency_key)))
        return transfer.id

    def reverse_transfer(
        self, *, transfer_id: str, amount_cents: int, idempotency_key: str, metadata: dict[str, str] | None = None
    ) -> str:
        params: TransferReversalCreateParams = {"amount": amount_cents, "metadata": metadata or {}}
        reversal = self._call(
            lambda: self.client.v1.transfers.reversals.create(transfer_id, params, self._options(idempotency_key))
        )
        return reversal.id

    def refund(self, *, charge_id: str, amount_cents: int, idempotency_key: str, metadata: dict[str, str] | None = None) -> str:
        params: RefundCreateParams = {"charge": charge_id, "amount": amount_cents, "metadata": metadata or {}}
        refund = self._call(lambda: self.client.v1.refunds.create(params, self._options(idempotency_key)))
        return refund.id

    def list_transfers(self, transfer_group: str) -> list[TransferRecord]:
        page = self._call(lambda: self.client.v1.transfers.list({"transfer_group": transfer_group, "limit": 100}))
        return [
            TransferRecord(
                id=t.id,
                amount_cents=t.amount,
                destination=_id_of(t.destination),
                transfer_group=getattr(t, "transfer_group", None),
                source_transaction=_id_of(getattr(t, "source_transaction", None)),
                metadata=_metadata(t),
                amount_reversed_cents=getattr(t, "amount_reversed", 0) or 0,
            )
            for t in self._call(lambda: list(page.auto_paging_iter()))
        ]

    def list_refunds(self, charge_id: str) -> list[RefundRecord]:
        page = self._call(lambda: self.client.v1.refunds.list({"charge": charge_id, "limit": 100}))
        return [
            RefundRecord(
                id=r.id,
                amount_cents=r.amount,
                charge_id=_id_of(r.charge),
                status=r.status,
                metadata=_metadata(r),
            )
            for r in self._call(lambda: list(page.auto_paging_iter()))
        ]
