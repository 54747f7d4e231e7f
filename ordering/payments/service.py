"""Payment use cases, called by the application layer after ordering's own use cases.

    checkout:           check_payment_method, apply_voucher (vouchers.py), start_payment
    webhook (paid):     confirm_payment (via webhooks.handle_stripe_webhook); for weighed goods
                        paid by authorisation, the card is only authorised here
    shop weighed:       on_weights_changed (captures the weighed total once every weight is final)
    shop decided:       on_sub_order_decided
    order cancelled:    on_order_cancelled
    courier at door:    amount_due, record_collection_on_delivery
    shop onboarding:    onboard_shop

Each runs inside the caller's session (unit of work) and is safe to repeat:
every money movement has a ledger key derived from Kiepe's ids, written once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ordering import weighing
from ordering.errors import Conflict, Invalid, NotFound, PaymentMethodNotOffered, VouchersOnlineOnly
from ordering.models import Order, Region, Shop, SubOrder, utcnow
from ordering.payments import ledger, messages, settle
from ordering.payments.ledger import INVOICE, ON_DELIVERY, ONLINE
from ordering.payments.models import LedgerEntry, LedgerKind, Payment, PaymentStatus
from ordering.payments.settle import SettlementResult
from ordering.ports import Notifier, PaymentGateway, PaymentGatewayError, PaymentState

log = logging.getLogger(__name__)

PAYMENT_METHODS = (ONLINE, ON_DELIVERY, INVOICE)


@dataclass(frozen=True)
class PaymentLink:
    payment_id: int
    amount_cents: int
    url: str | None  # None when vouchers paid everything


def _order(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"order {order_id} not found")
    return order


# ------------------------------------------------------------------ checkout


def check_payment_method(session: Session, order: Order) -> None:
    """For checkout: the region offers the method, and vouchers are only sold for online payment."""
    region = session.get_one(Region, order.region_id)
    offered = region.payment_methods or [ONLINE]
    if order.payment_method not in PAYMENT_METHODS or order.payment_method not in offered:
        raise PaymentMethodNotOffered(f"payment method {order.payment_method!r} not offered in region {region.slug}",
                                      method=order.payment_method)
    sells_voucher = any(line.voucher_cents is not None for sub in order.sub_orders for line in sub.lines)
    if sells_voucher and order.payment_method != ONLINE:
        raise VouchersOnlineOnly("vouchers are sold for online payment only")


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
        if payment.status in (PaymentStatus.pending.value, PaymentStatus.authorised.value, PaymentStatus.paid.value):
            return PaymentLink(payment.id, payment.amount_cents, payment.checkout_url)

    # Weighed goods: authorise (or, for a window too far ahead to hold an authorisation,
    # prepay) the upper bound; see ordering.weighing for why.
    order.weighed_payment = weighing.payment_mode(order, utcnow())
    manual = order.weighed_payment == weighing.AUTHORISE
    amount = ledger.upper_bound_amount(session, order) if manual else ledger.charged_amount(session, order)
    region = session.get_one(Region, order.region_id)
    payment = Payment(order_id=order.id, attempt=len(payments) + 1, amount_cents=amount, currency=region.currency)
    session.add(payment)
    session.flush()
    if amount == 0:
        _record_paid(session, order, payment, None)
        settle.settle_order(session, order, gateway)
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
        **({"capture_manually": True} if manual else {}),
    )
    payment.checkout_session_id = checkout.id
    payment.checkout_url = checkout.url
    session.flush()
    text = (messages.payment_link_weighed(order.reference, amount, checkout.url, prepay=not manual)
            if order.weighed_payment else messages.payment_link(order.reference, amount, checkout.url))
    messages.notify(notifier, order.customer_phone, text)
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
    settle.lock_order(session, payment.order)  # the webhook and reconcile may both get here
    payment = session.execute(
        select(Payment).where(Payment.id == payment.id).execution_options(populate_existing=True)
    ).scalar_one()
    if payment.status == PaymentStatus.paid.value:
        return payment
    if payment.status == PaymentStatus.authorised.value:
        capture_if_weighed(session, payment.order, gateway, notifier=notifier)
        return payment
    state = gateway.retrieve_payment(checkout_session_id)
    if state.authorised and not state.paid:
        _record_authorised(session, payment, state, gateway, notifier)
        return payment
    if not state.paid:
        return payment
    order = payment.order
    _record_paid(session, order, payment, state)
    messages.notify(notifier, order.customer_phone, messages.payment_received(order.reference))
    settle.settle_order(session, order, gateway, notifier=notifier)
    return payment


def _record_authorised(session: Session, payment: Payment, state: PaymentState, gateway: PaymentGateway,
                       notifier: Notifier | None) -> None:
    """The card holds the upper bound of an order with weighed goods; capture waits for the weights."""
    order = payment.order
    payment.status = PaymentStatus.authorised.value
    payment.payment_intent_id = state.payment_intent_id
    order.payment_status = "authorised"
    session.flush()
    messages.notify(notifier, order.customer_phone, messages.payment_authorised(order.reference, state.amount_cents))
    try:
        capture_if_weighed(session, order, gateway, notifier=notifier)
    except PaymentGatewayError as exc:  # the authorisation stands; the next weighing event or reconcile captures
        log.warning("order %s: capture failed for now: %s", order.reference, exc.message)


def authorised_payment(session: Session, order: Order) -> Payment | None:
    return session.scalar(select(Payment).where(Payment.order_id == order.id,
                                                Payment.status == PaymentStatus.authorised.value).order_by(Payment.id))


def capture_if_weighed(session: Session, order: Order, gateway: PaymentGateway, *,
                       notifier: Notifier | None = None) -> Payment | None:
    """Capture the weighed total of an authorised order once every weight is final, then settle.

    An order cancelled meanwhile has its authorisation released instead. Returns the payment
    captured (None when nothing was due yet). Safe to repeat: the capture's idempotency key is
    derived from the payment, and a captured payment is ``paid``."""
    settle.lock_order(session, order)
    payment = authorised_payment(session, order)
    if payment is None or payment.payment_intent_id is None:
        return None
    if order.status == "cancelled":
        _release(gateway, payment)
        return None
    if not weighing.order_weights_final(order):
        return None
    amount = ledger.charged_amount(session, order)
    if amount > payment.amount_cents:  # cannot happen while weights stay within the tolerance
        raise Conflict(f"order {order.reference}: {amount} to capture exceeds the {payment.amount_cents} authorised")
    key = ledger.order_key(order, f"checkout:{payment.attempt}:capture")
    if amount == 0:  # vouchers paid everything that was weighed
        _release(gateway, payment)
        _record_paid(session, order, payment, None)
    else:
        charge_id = gateway.capture_payment(payment.payment_intent_id, amount_cents=amount, idempotency_key=key)
        captured = PaymentState(session_id=payment.checkout_session_id or "", status="complete", paid=True,
                                amount_cents=amount, payment_intent_id=payment.payment_intent_id, charge_id=charge_id)
        _record_paid(session, order, payment, captured)
    log.info("order %s: captured %s of %s authorised", order.reference, amount, payment.amount_cents)
    messages.notify(notifier, order.customer_phone, messages.final_amount(order.reference, amount))
    settle.settle_order(session, order, gateway, notifier=notifier)
    return payment


def _release(gateway: PaymentGateway, payment: Payment) -> None:
    payment.status = PaymentStatus.cancelled.value
    try:
        gateway.cancel_payment(payment.payment_intent_id or "",
                               idempotency_key=ledger.order_key(payment.order, f"checkout:{payment.attempt}:release"))
    except PaymentGatewayError as exc:  # it lapses by itself after about seven days
        log.info("authorisation %s not released: %s", payment.payment_intent_id, exc.message)


def on_weights_changed(
    session: Session, order_id: int, gateway: PaymentGateway, *, notifier: Notifier | None = None
) -> SettlementResult | None:
    """After a shop weighed a line or packed its part: capture once all weights are final
    (authorised orders), or move the shop's money by the weighed amounts (paid orders)."""
    order = _order(session, order_id)
    if authorised_payment(session, order) is not None:
        capture_if_weighed(session, order, gateway, notifier=notifier)
        return None
    return settle.settle_order(session, order, gateway, notifier=notifier)


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
    capture_if_weighed(session, sub_order.order, gateway, notifier=notifier)  # a rejected line may be the last
    return settle.settle_order(session, sub_order.order, gateway, notifier=notifier)


def on_order_cancelled(
    session: Session, order_id: int, gateway: PaymentGateway, *, notifier: Notifier | None = None
) -> SettlementResult:
    """After ``orders.cancel_order``: undo every cancelled part.

    The resident gets the card share back and the voucher value returned; a part
    already paid out to a shop (an admin cancelling after confirmation) has its
    transfer reversed and its commission cancelled first. An unpaid link is closed
    on Kiepe's side; should the resident still pay it, ``confirm_payment`` refunds it.
    """
    order = _order(session, order_id)
    if order.status != "cancelled":
        raise Conflict(f"order {order.reference} is not cancelled")
    for payment in session.scalars(select(Payment).where(Payment.order_id == order.id)):
        if payment.status == PaymentStatus.authorised.value:
            _release(gateway, payment)  # nothing was taken: the hold on the card goes
        if payment.status == PaymentStatus.pending.value:
            payment.status = PaymentStatus.cancelled.value
            _close_link(gateway, payment)
    return settle.settle_order(session, order, gateway, notifier=notifier)


def _close_link(gateway: PaymentGateway, payment: Payment) -> None:
    # A link never made has nothing to close. Best effort: if the resident paid in the same
    # moment, expiring fails and the payment's webhook leads to a full refund instead.
    if not payment.checkout_session_id:
        return
    try:
        gateway.expire_checkout_session(
            payment.checkout_session_id, idempotency_key=ledger.order_key(payment.order, f"checkout:{payment.attempt}:expire")
        )
    except PaymentGatewayError as exc:
        log.info("checkout session %s not expired: %s", payment.checkout_session_id, exc.message)


# ------------------------------------------------------------------ offline payment


def amount_due(session: Session, order_id: int) -> int:
    """What the courier collects at the door (0 for online orders)."""
    order = _order(session, order_id)
    return 0 if order.payment_method == ONLINE else settle.amount_due(session, order)


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
    order.payment_status = "collected"
    log.info("order %s: %s collected %s", order.reference, actor, due)
    return entry


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
