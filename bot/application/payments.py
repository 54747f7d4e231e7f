"""Payments in the application: what happens after checkout, after a shop decides, after a
cancellation, and when Stripe calls back. The money logic itself is ordering.payments."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.application.event_names import EventName
from bot.application.events import EventView
from bot.settings import Settings
from ordering.db import Database
from ordering.models import Order
from ordering.payments import service, vouchers
from ordering.payments.webhooks import WebhookOutcome, handle_stripe_webhook
from ordering.ports import Notifier, PaymentGateway, PaymentGatewayError

log = logging.getLogger(__name__)
DECISIONS: tuple[EventName, ...] = (EventName.confirmed, EventName.partly_confirmed, EventName.rejected)
WEIGHING_EVENTS: tuple[EventName, ...] = (EventName.line_weighed, EventName.ready)


def settle_checkout(session: Session, order: Order, voucher_codes: Sequence[str] = ()) -> None:
    """In the checkout's unit of work: the way to pay is allowed, and vouchers pay their part.

    Raises the domain's errors (a voucher spent, vouchers bought without paying online),
    so the caller can roll the checkout back and tell the resident.
    """
    service.check_payment_method(session, order)
    for code in voucher_codes:
        vouchers.apply_voucher(session, order.id, code)


def base_url(settings: Settings) -> str:
    return settings.public_url or f"http://{settings.host}:{settings.port}"


def open_payment(gateway: PaymentGateway | None, settings: Settings, session: Session, order: Order) -> str | None:
    """The online payment's link (also sent by SMS where we have a phone), or None.

    None when the order is not paid online, when vouchers paid it all, or when Stripe
    does not answer now: the order stands and ``kiepe payments reconcile`` or the team
    sends the link later.
    """
    if order.payment_method != "online" or gateway is None:
        return None
    base = base_url(settings)
    try:
        # No notifier: the link goes back to the channel that asked (a button on Telegram and
        # in the web chat, an SMS from the phone channel, the REST answer), exactly once.
        link = service.start_payment(session, order.id, gateway,
                                     success_url=f"{base}/bezahlt", cancel_url=f"{base}/abgebrochen")
    except PaymentGatewayError:
        log.exception("no payment link for %s yet", order.reference)
        return None
    return link.url


class PaymentReactions:
    """The outbox's payment handlers: transfers and refunds after shops' decisions and cancellations.

    ``notifier`` is where payment messages (links, refunds) go: SMS where Twilio is set up,
    else nowhere (Telegram residents see the link as a button and refunds in the shop's push).
    """

    def __init__(self, database: Database, gateway: PaymentGateway | None, notifier: Notifier | None) -> None:
        self.database = database
        self.gateway = gateway
        self.notifier = notifier

    def on_decision(self, event: EventView) -> None:
        """A shop confirmed, partly confirmed or rejected: transfer its share, refund the rest."""
        if event.sub_order_id is None or self.gateway is None:
            return
        with self.database.session() as s:
            service.on_sub_order_decided(s, event.sub_order_id, self.gateway, notifier=self.notifier)

    def on_weighed(self, event: EventView) -> None:
        """A shop weighed a line or packed its part: capture the weighed total once every weight
        is final, or transfer by the weighed amounts (and refund what was paid ahead)."""
        if self.gateway is None:
            return
        with self.database.session() as s:
            service.on_weights_changed(s, event.order_id, self.gateway, notifier=self.notifier)

    def on_cancelled(self, event: EventView) -> None:
        """The whole order was cancelled: refund, reverse, close the open link."""
        if event.sub_order_id is not None or self.gateway is None:
            return  # the order-level event carries the cancellation; sub-order ones are part of it
        with self.database.session() as s:
            service.on_order_cancelled(s, event.order_id, self.gateway, notifier=self.notifier)

    def stripe_webhook(self, payload: bytes, signature: str | None, *, secret: str) -> WebhookOutcome:
        """Stripe's callback, checked and applied once (``WebhookRejected`` for a bad one)."""
        assert self.gateway is not None, "only routed when online payment is set up"
        with self.database.session() as s:
            return handle_stripe_webhook(s, payload, signature, secret=secret, gateway=self.gateway,
                                         notifier=self.notifier)
