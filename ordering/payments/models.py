"""Payment tables: checkout sessions, the per-order ledger, vouchers.

They live on ordering's ``Base`` so ``create_all`` and Alembic see them, but in
their own module so payments can change without touching the core model.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ordering.models import Base, Order, Shop, UTCDateTime, utcnow


class LedgerKind(str, enum.Enum):
    # Money coming in for an order.
    charged = "charged"  # card payment through Stripe Checkout
    collected_on_delivery = "collected_on_delivery"  # cash/card at the door, recorded by the courier
    invoiced = "invoiced"  # billed to the resident on account
    # Money going out of an order's pot.
    refunded = "refunded"  # back to the resident's card
    transferred = "transferred"  # to a shop's connected account
    payable = "payable"  # owed to a shop outside Stripe (orders paid on delivery or by invoice)
    commission = "commission"  # the region's share of a shop's amount
    delivery_fee = "delivery_fee"  # kept by the region for the round
    # Corrections when a settled part is cancelled later (an admin cancelling a
    # confirmed sub-order): entries are never changed, a counter-entry is added.
    transfer_reversed = "transfer_reversed"  # taken back from the shop's account
    payable_reversed = "payable_reversed"
    commission_reversed = "commission_reversed"
    delivery_fee_reversed = "delivery_fee_reversed"
    invoice_credited = "invoice_credited"
    # Memo entries: voucher value, not cash in this order's pot.
    voucher_used = "voucher_used"  # part of a shop's share paid by one of its vouchers
    voucher_returned = "voucher_returned"  # rejected/cancelled part put back on the voucher
    voucher_sold = "voucher_sold"  # a voucher issued from a paid voucher line
    # Memo entries (issue 17): the Pfand inside a shop's payout, and what went back for empties
    # (inside the refund and taken off the payout). The settlement shows them as deposit in and out.
    deposit_in = "deposit_in"
    deposit_out = "deposit_out"
    deposit_in_reversed = "deposit_in_reversed"  # a confirmed part with Pfand cancelled later


IN_KINDS = frozenset({LedgerKind.charged, LedgerKind.collected_on_delivery, LedgerKind.invoiced})
OUT_KINDS = frozenset(
    {LedgerKind.refunded, LedgerKind.transferred, LedgerKind.payable, LedgerKind.commission, LedgerKind.delivery_fee}
)
# A correction counts as a negative amount of the kind it corrects.
CORRECTS = {
    LedgerKind.transfer_reversed: LedgerKind.transferred,
    LedgerKind.payable_reversed: LedgerKind.payable,
    LedgerKind.commission_reversed: LedgerKind.commission,
    LedgerKind.delivery_fee_reversed: LedgerKind.delivery_fee,
    LedgerKind.invoice_credited: LedgerKind.invoiced,
    LedgerKind.deposit_in_reversed: LedgerKind.deposit_in,
}
CORRECTION_OF = {kind: correction for correction, kind in CORRECTS.items()}


class EntryStatus(str, enum.Enum):
    # ``pending`` is written before a Stripe call, so a crash in between leaves a
    # trace that reconcile repeats with the same idempotency key.
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"
    # A transfer that never went through and is no longer owed (its part was
    # cancelled meanwhile); a correction entry of the same amount balances it.
    void = "void"


class PaymentStatus(str, enum.Enum):
    pending = "pending"
    authorised = "authorised"  # manual capture (weighed goods): the card holds the amount, nothing taken
    paid = "paid"
    expired = "expired"
    cancelled = "cancelled"


class Payment(Base):
    """One Stripe Checkout Session for an order (a new one only if the old link expired)."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    checkout_session_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    checkout_url: Mapped[str | None] = mapped_column(Text)
    payment_intent_id: Mapped[str | None] = mapped_column(String(255), index=True)
    charge_id: Mapped[str | None] = mapped_column(String(255), index=True)
    status: Mapped[str] = mapped_column(String(16), default=PaymentStatus.pending.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship()


class LedgerEntry(Base):
    """One movement of money (or voucher value) for an order; amounts are positive cents.

    ``key`` is Kiepe's own idempotency key for the movement (unique): writing the
    same movement twice fails, and the Stripe call uses ``key`` (plus a counter
    after a definite refusal, since Stripe may replay a refused key's error).
    """

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shops.id"), index=True)
    sub_order_id: Mapped[int | None] = mapped_column(ForeignKey("sub_orders.id"))
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("vouchers.id"))
    kind: Mapped[str] = mapped_column(String(24))
    amount_cents: Mapped[int] = mapped_column(Integer)
    stripe_id: Mapped[str | None] = mapped_column(String(255))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # Definite refusals by Stripe so far; each one moves the Stripe idempotency key on.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default=EntryStatus.succeeded.value)
    error: Mapped[str | None] = mapped_column(Text)
    # For a transfer reversal: the transfer it takes money back from.
    related_stripe_id: Mapped[str | None] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    order: Mapped[Order] = relationship()
    shop: Mapped[Shop | None] = relationship()

    @property
    def stripe_idempotency_key(self) -> str:
        """``key``, then ``key#retryN`` after the N-th definite refusal (see movements.carry_out)."""
        return self.key if not self.attempts else f"{self.key}#retry{self.attempts}"


class Voucher(Base):
    """A shop's voucher, bought as a voucher line of a paid order."""

    __tablename__ = "vouchers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    initial_cents: Mapped[int] = mapped_column(Integer)
    # Only ever changed by conditional UPDATEs (see vouchers.py), never read-modify-write.
    balance_cents: Mapped[int] = mapped_column(Integer)
    paid: Mapped[bool] = mapped_column(Boolean, default=False)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_lines.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shop: Mapped[Shop] = relationship()


class VoucherRedemption(Base):
    """A voucher paying (part of) one shop's share of an order."""

    __tablename__ = "voucher_redemptions"
    __table_args__ = (UniqueConstraint("voucher_id", "sub_order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    sub_order_id: Mapped[int] = mapped_column(ForeignKey("sub_orders.id"))
    amount_cents: Mapped[int] = mapped_column(Integer)
    # Put back on the voucher when the shop rejects items or the order is cancelled.
    returned_cents: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    voucher: Mapped[Voucher] = relationship()

    @property
    def net_cents(self) -> int:
        return self.amount_cents - self.returned_cents
