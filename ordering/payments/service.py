"""Payment use cases, called by the application layer after ordering's own use cases.

    checkout:           check_payment_method, apply_voucher (vouchers.py), start_payment
    webhook (paid):     confirm_payment (via webhooks.handle_stripe_event)
    shop decided:       on_sub_order_decided
    order cancelled:    on_order_cancelled
    courier at door:    amount_due, record_collection_on_delivery
    shop onboarding:    onboard_shop

Each runs inside the caller's session (unit of work) and is safe to repeat:
every money movement has a ledger key derived from Kiepe's ids, written once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ordering.errors import Conflict, Invalid, NotFound
from ordering.models import Order, Region, Shop, SubOrder, utcnow
from ordering.money import format_euro
from ordering.payments import ledger, vouchers
from ordering.payments.ledger import INVOICE, ON_DELIVERY, ONLINE
from ordering.payments.models import EntryStatus, LedgerEntry, LedgerKind, Payment, PaymentStatus
from ordering.payments.movements import carry_out, paid_payment
from ordering.payments.split import ALL_REJECTED_STATUSES, line_is_rejected, split_sub_order
from ordering.ports import Notifier, PaymentGateway, PaymentState

log = logging.getLogger(__name__)

PAYMENT_METHODS = (ONLINE, ON_DELIVERY, INVOICE)


@dataclass(frozen=True)
class PaymentLink:
    payment_id: int
    amount_cents: int
    url: str | None  # None when vouchers paid everything


@dataclass
class SettlementResult:
    """What one settle run did; ``failed`` entries wait for reconcile."""

    transferred: list[LedgerEntry] = field(default_factory=list)
    refunded: list[LedgerEntry] = field(default_factory=list)
    failed: list[LedgerEntry] = field(default_factory=list)
    vouchers_issued: list[str] = field(default_factory=list)


def _order(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"order {order_id} not found")
    return order


def _notify(notifier: Notifier | None, to: str | None, text: str) -> None:
    # Notifications are best effort: money has already moved; a lost SMS must not undo it.
    if notifier is None or not to:
        return
    try:
        notifier.send_text(to, text)
    except Exception:  # noqa: BLE001 - any channel failure
        log.exception("notification to %s failed", to)


# ------------------------------------------------------------------ checkout


def check_payment_method(session: Session, order: Order) -> None:
    """For checkout: the region offers the method, and vouchers are only sold for online payment."""
    region = session.get(Region, order.region_id)
    offered = region.payment_methods or [ONLINE]
    if order.payment_method not in PAYMENT_METHODS or order.payment_method not in offered:
        raise Invalid(
            f"payment method {order.payment_method!r} not offered in region {region.slug}",
            field="payment_method",
            resident_message="Diese Zahlungsart gibt es hier leider nicht.",
        )
    sells_voucher = any(line.voucher_cents is not None for sub in order.sub_orders for line in sub.lines)
    if sells_voucher and order.payment_method != ONLINE:
        raise Invalid(
            "vouchers are sold for online payment only",
            field="payment_method",
            resident_message="Gutscheine können nur online bezahlt werden.",
        )


def _check_total(order: Order) -> None:
    lines = sum(line.total_cents for sub in order.sub_orders for line in sub.lines)
    if order.total_cents != lines + order.delivery_fee_cents:
        raise Invalid(f"order {order.reference}: total {order.total_cents} != lines {lines} + fee {order.delivery_fee_cents}")


def start_payment(
    session: Session,
    order_id: int,
    gateway: PaymentGateway,
    *,
    success_url: str,
    cancel_url: str,
    notifier: Notifier | None = None,
) -> PaymentLink:
    """Open (or return the open) Stripe Checkout Session for an online order and send its link.

    The amount is the order total less applied vouchers; if vouchers cover it all,
    the order is paid at once and no link is needed.
    """
    order = _order(session, order_id)
    if order.payment_method != ONLINE:
        raise Conflict(f"order {order.reference} is paid {order.payment_method}, not online")
    if order.status == "cancelled":
        raise Conflict(f"order {order.reference} is cancelled")
    _check_total(order)
    payments = list(session.scalars(select(Payment).where(Payment.order_id == order.id).order_by(Payment.id)))
    for payment in payments:
        if payment.status in (PaymentStatus.pending.value, PaymentStatus.paid.value):
            return PaymentLink(payment.id, payment.amount_cents, payment.checkout_url)

    amount = ledger.charged_amount(session, order)
    region = session.get(Region, order.region_id)
    payment = Payment(order_id=order.id, attempt=len(payments) + 1, amount_cents=amount, currency=region.currency)
    session.add(payment)
    session.flush()
    if amount == 0:
        _record_paid(session, order, payment, None)
        settle_order(session, order, gateway)
        return PaymentLink(payment.id, 0, None)

    checkout = gateway.create_checkout_session(
        order_ref=order.reference,
        amount_cents=amount,
        currency=region.currency.lower(),
        description=f"Kiepe-Bestellung {order.reference}",
        success_url=success_url,
        cancel_url=cancel_url,
        idempotency_key=ledger.order_key(order, f"checkout:{payment.attempt}"),
        metadata={"kiepe_order": order.reference, "kiepe_payment": str(payment.id)},
    )
    payment.checkout_session_id = checkout.id
    payment.checkout_url = checkout.url
    session.flush()
    _notify(
        notifier,
        order.customer_phone,
        f"Ihre Bestellung {order.reference} über {format_euro(amount)} können Sie hier bezahlen: {checkout.url}",
    )
    return PaymentLink(payment.id, amount, checkout.url)


def _record_paid(session: Session, order: Order, payment: Payment, state: PaymentState | None) -> None:
    payment.status = PaymentStatus.paid.value
    payment.paid_at = utcnow()
    if state is not None:
        payment.payment_intent_id = state.payment_intent_id
        payment.charge_id = state.charge_id
    entry = ledger.record(
        session,
        order=order,
        kind=LedgerKind.charged,
        amount_cents=state.amount_cents if state else 0,
        key=ledger.charge_key(order),
    )
    entry.stripe_id = state.charge_id if state else None
    order.payment_status = "paid"
    session.flush()


def confirm_payment(
    session: Session, checkout_session_id: str, gateway: PaymentGateway, *, notifier: Notifier | None = None
) -> Payment | None:
    """Record a paid checkout session (asked back from Stripe, not taken from the event) and settle.

    Returns None for a session Kiepe does not know (another app on the account).
    A payment for an order cancelled meanwhile is refunded in full by the settle.
    """
    payment = session.scalar(select(Payment).where(Payment.checkout_session_id == checkout_session_id))
    if payment is None:
        return None
    if payment.status == PaymentStatus.paid.value:
        return payment
    state = gateway.retrieve_payment(checkout_session_id)
    if not state.paid:
        return payment
    order = payment.order
    _record_paid(session, order, payment, state)
    _notify(notifier, order.customer_phone, f"Danke! Ihre Zahlung für Bestellung {order.reference} ist eingegangen.")
    settle_order(session, order, gateway, notifier=notifier)
    return payment


def mark_payment_expired(session: Session, checkout_session_id: str) -> None:
    payment = session.scalar(select(Payment).where(Payment.checkout_session_id == checkout_session_id))
    if payment is not None and payment.status == PaymentStatus.pending.value:
        payment.status = PaymentStatus.expired.value


# ------------------------------------------------------------------ decisions


def on_sub_order_decided(
    session: Session, sub_order_id: int, gateway: PaymentGateway, *, notifier: Notifier | None = None
) -> SettlementResult:
    """After a shop confirmed, partly confirmed or rejected its part: move its money."""
    sub_order = session.get(SubOrder, sub_order_id)
    if sub_order is None:
        raise NotFound(f"sub-order {sub_order_id} not found")
    return settle_order(session, sub_order.order, gateway, notifier=notifier)


def on_order_cancelled(
    session: Session, order_id: int, gateway: PaymentGateway, *, notifier: Notifier | None = None
) -> SettlementResult:
    """After the order was cancelled (``Order.status == "cancelled"``): refund what no shop has settled.

    Shops that already confirmed keep their settled money; everything else goes
    back (card refund, voucher value). An unpaid link is closed on Kiepe's side;
    should the resident still pay it, ``confirm_payment`` refunds it in full.
    """
    order = _order(session, order_id)
    if order.status != "cancelled":
        raise Conflict(f"order {order.reference} is not cancelled")
    for payment in session.scalars(select(Payment).where(Payment.order_id == order.id)):
        if payment.status == PaymentStatus.pending.value:
            payment.status = PaymentStatus.cancelled.value
    return settle_order(session, order, gateway, notifier=notifier)


def settle_order(
    session: Session, order: Order, gateway: PaymentGateway, *, notifier: Notifier | None = None
) -> SettlementResult:
    """Post and carry out every movement the order's current state calls for (repeatable)."""
    result = SettlementResult()
    if not ledger.is_paid(session, order):
        # Nothing to split yet; a rejected or cancelled part frees its voucher value at once.
        redemptions = ledger.redemptions_by_sub_order(session, order.id)
        for sub in order.sub_orders:
            if sub.status in ALL_REJECTED_STATUSES:
                vouchers.give_back(session, order, sub, sum(r.amount_cents for r in redemptions.get(sub.id, [])))
        return result

    commission_bp = ledger.order_region_commission(session, order)
    redemptions = ledger.redemptions_by_sub_order(session, order.id)
    online = order.payment_method == ONLINE
    all_final = True
    any_confirmed = False
    for sub in order.sub_orders:
        if not ledger.is_sub_order_final(sub, order):
            all_final = False
            continue
        used = sum(r.amount_cents for r in redemptions.get(sub.id, []))
        split = split_sub_order(sub, voucher_used_cents=used, commission_bp=commission_bp)
        any_confirmed = any_confirmed or split.confirmed_cents > 0
        _settle_sub_order(session, order, sub, split, gateway, result, online)
        if online:
            for line in sub.lines:
                if line.voucher_cents is None or line_is_rejected(line, sub):
                    continue
                voucher, created = vouchers.issue_voucher(session, order, sub, line)
                if created:
                    result.vouchers_issued.append(voucher.code)

    if all_final:
        _settle_fee(session, order, gateway, result, any_confirmed, online)
        if order.payment_method == INVOICE:
            _record_invoice(session, order)
    for code in result.vouchers_issued:
        _notify(notifier, order.customer_phone, f"Ihr Gutschein-Code: {vouchers.format_code(code)}")
    _refresh_payment_status(session, order)
    return result


def _money_entry(session, order, sub, kind, amount, what, gateway, result) -> None:
    if amount <= 0:
        return
    entry = ledger.record(
        session,
        order=order,
        kind=kind,
        amount_cents=amount,
        key=ledger.sub_order_key(order, sub, what) if sub is not None else ledger.order_key(order, what),
        shop_id=sub.shop_id if sub is not None else None,
        sub_order_id=sub.id if sub is not None else None,
        status=EntryStatus.pending,
    )
    if entry.status == EntryStatus.succeeded.value:
        return
    carry_out(session, entry, gateway)
    if entry.status == EntryStatus.failed.value:
        result.failed.append(entry)
    elif kind == LedgerKind.transferred:
        result.transferred.append(entry)
    else:
        result.refunded.append(entry)


def _settle_sub_order(session, order, sub, split, gateway, result, online: bool) -> None:
    if split.voucher_back_cents:
        vouchers.give_back(session, order, sub, split.voucher_back_cents)
    if split.commission_cents:
        ledger.record(
            session,
            order=order,
            kind=LedgerKind.commission,
            amount_cents=split.commission_cents,
            key=ledger.sub_order_key(order, sub, "commission"),
            shop_id=sub.shop_id,
            sub_order_id=sub.id,
        )
    if online:
        # Refund first: the resident's money should not wait on a shop's account problem.
        _money_entry(session, order, sub, LedgerKind.refunded, split.card_refund_cents, "refund", gateway, result)
        _money_entry(session, order, sub, LedgerKind.transferred, split.payout_cents, "transfer", gateway, result)
    elif split.payout_cents:
        ledger.record(
            session,
            order=order,
            kind=LedgerKind.payable,
            amount_cents=split.payout_cents,
            key=ledger.sub_order_key(order, sub, "payable"),
            shop_id=sub.shop_id,
            sub_order_id=sub.id,
        )


def _settle_fee(session, order, gateway, result, any_confirmed: bool, online: bool) -> None:
    """The delivery fee is kept once anything is delivered, refunded when nothing is."""
    if not order.delivery_fee_cents:
        return
    if any_confirmed:
        ledger.record(
            session, order=order, kind=LedgerKind.delivery_fee, amount_cents=order.delivery_fee_cents, key=ledger.order_key(order, "fee")
        )
    elif online:
        _money_entry(session, order, None, LedgerKind.refunded, order.delivery_fee_cents, "fee_refund", gateway, result)


def _refresh_payment_status(session: Session, order: Order) -> None:
    if order.payment_method != ONLINE or order.payment_status == "pending":
        return
    balance = ledger.cash_balance(session, order)
    refunded = ledger.ledger_sums(session, order.id)
    refunded_total = sum(v for (kind, _), v in refunded.items() if kind == LedgerKind.refunded.value)
    if refunded_total and refunded_total >= balance.money_in:
        order.payment_status = "refunded"
    elif refunded_total:
        order.payment_status = "partly_refunded"


# ------------------------------------------------------------------ offline payment


def amount_due(session: Session, order_id: int) -> int:
    """What the courier collects at the door: confirmed goods not paid by voucher, plus the fee."""
    order = _order(session, order_id)
    if order.payment_method == ONLINE:
        return 0
    commission_bp = ledger.order_region_commission(session, order)
    redemptions = ledger.redemptions_by_sub_order(session, order.id)
    due = 0
    any_confirmed = False
    for sub in order.sub_orders:
        used = sum(r.amount_cents for r in redemptions.get(sub.id, []))
        split = split_sub_order(sub, voucher_used_cents=used, commission_bp=commission_bp)
        due += split.card_share_cents
        any_confirmed = any_confirmed or split.confirmed_cents > 0
    return due + (order.delivery_fee_cents if any_confirmed else 0)


def record_collection_on_delivery(session: Session, order_id: int, amount_cents: int, *, actor: str = "courier") -> LedgerEntry:
    """The courier got paid at the door (cash or card terminal). Only the full amount due is accepted."""
    order = _order(session, order_id)
    if order.payment_method != ON_DELIVERY:
        raise Conflict(f"order {order.reference} is not paid on delivery")
    if not all(ledger.is_sub_order_final(sub, order) for sub in order.sub_orders):
        raise Conflict(f"order {order.reference}: not every shop has answered yet")
    due = amount_due(session, order_id)
    if amount_cents != due:
        raise Invalid(f"order {order.reference}: collected {amount_cents}, due {due}", field="amount_cents")
    entry = ledger.record(
        session, order=order, kind=LedgerKind.collected_on_delivery, amount_cents=due, key=ledger.order_key(order, "collected")
    )
    entry.stripe_id = None
    order.payment_status = "collected"
    log.info("order %s: %s collected %s", order.reference, actor, due)
    return entry


def _record_invoice(session: Session, order: Order) -> None:
    due = amount_due(session, order.id)
    if due:
        ledger.record(session, order=order, kind=LedgerKind.invoiced, amount_cents=due, key=ledger.order_key(order, "invoice"))
        order.payment_status = "invoiced"


# ------------------------------------------------------------------ shops


def onboard_shop(session: Session, shop_id: int, gateway: PaymentGateway, *, refresh_url: str, return_url: str) -> str:
    """Give a shop a Stripe Express account (once) and return a fresh onboarding link."""
    shop = session.get(Shop, shop_id)
    if shop is None:
        raise NotFound(f"shop {shop_id} not found")
    if not shop.stripe_account_id:
        shop.stripe_account_id = gateway.create_connected_account(
            email=None, shop_ref=f"{shop.region_id}:{shop.slug}", idempotency_key=f"kiepe:shop{shop.id}:account"
        )
        session.flush()
    # Links are single-use and short-lived; a new key per request, still derived from Kiepe's ids.
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    return gateway.onboarding_link(
        shop.stripe_account_id, refresh_url=refresh_url, return_url=return_url, idempotency_key=f"kiepe:shop{shop.id}:link:{stamp}"
    )


def pending_transfers_for_shop(session: Session, shop_id: int) -> list[LedgerEntry]:
    """Failed/pending transfers of a shop, e.g. to retry right after its onboarding finished."""
    return list(
        session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.shop_id == shop_id,
                LedgerEntry.kind == LedgerKind.transferred.value,
                LedgerEntry.status != EntryStatus.succeeded.value,
            )
        )
    )
