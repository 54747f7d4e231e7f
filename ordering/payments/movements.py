"""Carrying out a ledger entry's money movement at Stripe (transfer or refund).

The entry is written first (``pending``), then the call is made with the entry's
idempotency key, then the entry is marked ``succeeded`` or ``failed``. Use cases
and reconcile both come through here, so a retry is always the same request.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ordering.models import Order, Region
from ordering.payments.models import EntryStatus, LedgerEntry, LedgerKind, Payment, PaymentStatus
from ordering.ports import PaymentGateway, PaymentGatewayError

STRIPE_KINDS = frozenset({LedgerKind.transferred.value, LedgerKind.refunded.value, LedgerKind.transfer_reversed.value})


def paid_payment(session: Session, order_id: int) -> Payment | None:
    return session.scalar(
        select(Payment).where(Payment.order_id == order_id, Payment.status == PaymentStatus.paid.value).order_by(Payment.id)
    )


def carry_out(session: Session, entry: LedgerEntry, gateway: PaymentGateway) -> LedgerEntry:
    """Make the Stripe call for a transfer, reversal or refund entry that has not succeeded yet."""
    if entry.kind not in STRIPE_KINDS or entry.status == EntryStatus.succeeded.value:
        return entry
    entry.status = EntryStatus.pending.value
    session.flush()
    try:
        if entry.kind == LedgerKind.transferred.value:
            entry.stripe_id = _transfer(session, entry, gateway)
        elif entry.kind == LedgerKind.transfer_reversed.value:
            entry.stripe_id = _reverse(entry, gateway)
        else:
            entry.stripe_id = _refund(session, entry, gateway)
    except PaymentGatewayError as exc:
        entry.error = exc.message
        if exc.retryable:
            # Outcome unknown (network, Stripe 5xx): Stripe may have done it, so it
            # stays pending and is repeated with the same key, which returns the
            # original result if there is one.
            entry.status = EntryStatus.pending.value
        else:
            # Refused, nothing happened. Stripe may replay a refusal for the same
            # key, so the next try gets a new one.
            entry.status = EntryStatus.failed.value
            entry.attempts = (entry.attempts or 0) + 1
    else:
        entry.status = EntryStatus.succeeded.value
        entry.error = None
    session.flush()
    return entry


def _metadata(entry: LedgerEntry, order: Order) -> dict[str, str]:
    # The key lets reconcile recognise a movement Stripe made but the ledger lost.
    data = {"kiepe_key": entry.key, "kiepe_order": order.reference}
    if entry.shop_id is not None:
        data["kiepe_shop"] = str(entry.shop_id)
    return data


def _charge_of(session: Session, order: Order) -> str:
    payment = paid_payment(session, order.id)
    if payment is None or not payment.charge_id:
        raise PaymentGatewayError(f"order {order.reference} has no recorded charge", code="no_charge", retryable=False)
    return payment.charge_id


def _reverse(entry: LedgerEntry, gateway: PaymentGateway) -> str:
    if not entry.related_stripe_id:
        raise PaymentGatewayError(f"reversal {entry.key} names no transfer", code="no_transfer", retryable=False)
    return gateway.reverse_transfer(
        transfer_id=entry.related_stripe_id,
        amount_cents=entry.amount_cents,
        idempotency_key=entry.stripe_idempotency_key,
        metadata=_metadata(entry, entry.order),
    )


def _transfer(session: Session, entry: LedgerEntry, gateway: PaymentGateway) -> str:
    order, shop = entry.order, entry.shop
    if shop is None:
        raise ValueError(f"transfer {entry.key} names no shop")
    if not shop.stripe_account_id:
        raise PaymentGatewayError(f"shop {shop.slug} has no Stripe account yet", code="no_account", retryable=False)
    currency = session.get_one(Region, order.region_id).currency.lower()
    return gateway.transfer(
        amount_cents=entry.amount_cents,
        currency=currency,
        destination=shop.stripe_account_id,
        transfer_group=order.reference,
        source_transaction=_charge_of(session, order),
        idempotency_key=entry.stripe_idempotency_key,
        metadata=_metadata(entry, order),
    )


def _refund(session: Session, entry: LedgerEntry, gateway: PaymentGateway) -> str:
    order = entry.order
    return gateway.refund(
        charge_id=_charge_of(session, order),
        amount_cents=entry.amount_cents,
        idempotency_key=entry.stripe_idempotency_key,
        metadata=_metadata(entry, order),
    )
