"""Payments in the application: what happens after checkout, after a shop decides, after a
cancellation, and when Stripe calls back. The money logic itself is ordering.payments."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from ordering.models import Order
from ordering.payments import service, vouchers
from ordering.payments.webhooks import WebhookRejected, handle_stripe_webhook
from ordering.ports import PaymentGatewayError

if TYPE_CHECKING:
    from bot.composition import Container
    from bot.events import EventView

log = logging.getLogger(__name__)
DECISIONS = ("confirmed", "partly_confirmed", "rejected")


def _notifier(container: Container):
    """Where payment messages (links, refunds) go: a configured notifier, else SMS, else nowhere.

    Telegram residents see the link as a button and refunds in the shop's push already.
    """
    from bot.channels.sms.notifier import sms_notifier

    return container.extras.get("notifier") or sms_notifier(container)


def settle_checkout(session: Session, order: Order, voucher_codes: list[str] = ()) -> None:
    """In the checkout's unit of work: the way to pay is allowed, and vouchers pay their part.

    Raises the domain's errors (a voucher spent, vouchers bought without paying online),
    so the caller can roll the checkout back and tell the resident.
    """
    service.check_payment_method(session, order)
    for code in voucher_codes:
        vouchers.apply_voucher(session, order.id, code)


def open_payment(container: Container, session: Session, order: Order) -> str | None:
    """The online payment's link (also sent by SMS where we have a phone), or None.

    None when the order is not paid online, when vouchers paid it all, or when Stripe
    does not answer now: the order stands and ``kiepe payments reconcile`` or the team
    sends the link later.
    """
    if order.payment_method != "online" or container.gateway is None:
        return None
    base = container.settings.public_url or f"http://{container.settings.host}:{container.settings.port}"
    try:
        # No notifier: the link goes back to the channel that asked (a button on Telegram and
        # in the web chat, an SMS from the phone channel, the REST answer), exactly once.
        link = service.start_payment(session, order.id, container.gateway,
                                     success_url=f"{base}/bezahlt", cancel_url=f"{base}/abgebrochen")
    except PaymentGatewayError:
        log.exception("no payment link for %s yet", order.reference)
        return None
    return link.url


def _on_decision(container: Container, event: EventView) -> None:
    """A shop confirmed, partly confirmed or rejected: transfer its share, refund the rest."""
    if event.sub_order_id is None or container.gateway is None:
        return
    with container.database.session() as s:
        service.on_sub_order_decided(s, event.sub_order_id, container.gateway,
                                     notifier=_notifier(container))


def _on_cancelled(container: Container, event: EventView) -> None:
    """The whole order was cancelled: refund, reverse, close the open link."""
    if event.sub_order_id is not None or container.gateway is None:
        return  # the order-level event carries the cancellation; sub-order ones are part of it
    with container.database.session() as s:
        service.on_order_cancelled(s, event.order_id, container.gateway, notifier=_notifier(container))


def subscribe(container: Container) -> None:
    for name in DECISIONS:
        container.events.subscribe(name, _on_decision)
    # A failed ID check takes restricted goods back: settle that part again (reverse, refund).
    container.events.subscribe("age_check_failed", _on_decision)
    container.events.subscribe("cancelled", _on_cancelled)


router = APIRouter(tags=["payments"])
# Stripe's events are a few KiB; a session with many line items may be more. Above this: 413.
STRIPE_EVENT_MAX_BYTES = 256 * 1024


@router.post("/webhooks/stripe", include_in_schema=False, max_body_size=STRIPE_EVENT_MAX_BYTES)
async def stripe_webhook(request: Request) -> JSONResponse:
    """Stripe's callbacks: signature on the raw body, once per event id, in any order."""
    container: Container = request.app.state.container
    secret = container.settings.stripe_webhook_secret
    if not secret or container.gateway is None:
        return JSONResponse({"error": "NotConfigured", "message": "online payment is not set up"}, status_code=404)
    payload = await request.body()
    try:
        with container.database.session() as s:
            outcome = handle_stripe_webhook(s, payload, request.headers.get("stripe-signature"), secret=secret,
                                            gateway=container.gateway, notifier=_notifier(container))
    except WebhookRejected as exc:
        return JSONResponse({"error": "Rejected", "message": str(exc)}, status_code=400)
    container.events.nudge()
    return JSONResponse({"status": outcome.status})
