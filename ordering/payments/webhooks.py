"""Stripe webhooks: signature check on the raw body, once per event id, any order.

Verification is plain HMAC here (ordering does not import stripe):
``Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, f"{t}.{raw body}")>``,
refused when no v1 matches or ``t`` is further than ``tolerance`` seconds from now
(a replayed old delivery). The HTTP route (API layer) passes the raw bytes exactly
as received, answers 400 on ``WebhookRejected`` and 200 otherwise; an exception
from processing rolls the unit of work back (event not marked) so Stripe retries.

Events are facts to re-check, not commands: a paid session is asked back from
Stripe (``confirm_payment``), so events arriving out of order or twice do no harm.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ordering.errors import OrderingError
from ordering.models import ProcessedEvent
from ordering.payments import service
from ordering.payments.models import Payment
from ordering.ports import Notifier, PaymentGateway

DEFAULT_TOLERANCE_SECONDS = 300
SOURCE = "stripe"
MAX_ID_CHARS = 180  # processed_events.id holds 200, with the "stripe:" prefix

# An event as Stripe sends it (parsed JSON), and the object it is about (``data.object``).
StripeEvent = dict[str, Any]
StripeObject = dict[str, Any]


class WebhookRejected(OrderingError):
    """The delivery is not from Stripe or too old; answer 400 and do nothing."""


@dataclass(frozen=True)
class WebhookOutcome:
    event_id: str
    event_type: str
    status: str  # processed | duplicate | ignored


def sign(payload: bytes, secret: str, timestamp: int) -> str:
    """The header Stripe would send (used by tests and local tools)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(payload: bytes, signature_header: str | None, secret: str, *, tolerance: int = DEFAULT_TOLERANCE_SECONDS, now: float | None = None) -> StripeEvent:
    """Check the signature of the raw body and return the parsed event."""
    if not signature_header:
        raise WebhookRejected("missing Stripe-Signature header")
    timestamp: int | None = None
    signatures: list[str] = []
    for part in signature_header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise WebhookRejected("bad timestamp in Stripe-Signature") from None
        elif name == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        raise WebhookRejected("Stripe-Signature lacks t= or v1=")
    expected = sign(payload, secret, timestamp).split("v1=", 1)[1]
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise WebhookRejected("signature does not match")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise WebhookRejected(f"timestamp {timestamp} outside tolerance of {tolerance}s")
    try:
        event = json.loads(payload)
    except ValueError:
        raise WebhookRejected("body is not JSON") from None
    return _check_shape(event)


def _check_shape(event: object) -> StripeEvent:
    """The event, once its shape is checked: a signed body can still be malformed (a bug, a test
    event); refuse it (400) before use.

    The handlers below read ``data.object.id`` (a Checkout session); events Kiepe ignores
    need only an id and a type.
    """
    if not isinstance(event, dict):
        raise WebhookRejected("not an event")
    event_id, event_type = event.get("id"), event.get("type")
    if not isinstance(event_id, str) or not 0 < len(event_id) <= MAX_ID_CHARS:
        raise WebhookRejected("event without a valid id")
    if not isinstance(event_type, str) or not 0 < len(event_type) <= MAX_ID_CHARS:
        raise WebhookRejected("event without a valid type")
    data = event.get("data")
    if data is not None and not (isinstance(data, dict) and isinstance(data.get("object", {}), dict)):
        raise WebhookRejected(f"{event_type}: data.object is not an object")
    if event_type in NEEDS_OBJECT_ID:
        obj = (data or {}).get("object") or {}
        object_id = obj.get("id")
        if not isinstance(object_id, str) or not 0 < len(object_id) <= MAX_ID_CHARS:
            raise WebhookRejected(f"{event_type} without data.object.id")
    return event


def handle_stripe_webhook(
    session: Session,
    payload: bytes,
    signature_header: str | None,
    *,
    secret: str,
    gateway: PaymentGateway,
    notifier: Notifier | None = None,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> WebhookOutcome:
    """Verify and process one delivery (the API route's whole job)."""
    event = verify(payload, signature_header, secret, tolerance=tolerance, now=now)
    return process_stripe_event(session, event, gateway=gateway, notifier=notifier, raw=payload.decode("utf-8", "replace"))


def process_stripe_event(
    session: Session, event: StripeEvent, *, gateway: PaymentGateway, notifier: Notifier | None = None, raw: str | None = None
) -> WebhookOutcome:
    """Process an already verified event once per id."""
    event_id, event_type = event["id"], event["type"]
    key = f"{SOURCE}:{event_id}"
    if session.get(ProcessedEvent, key) is not None:
        return WebhookOutcome(event_id, event_type, "duplicate")
    # Marked first and in the same unit of work: a concurrent duplicate fails on the
    # primary key at commit, and a failure below rolls the mark back for Stripe's retry.
    # The id and a hash, never the body: it names the payer (name, e-mail, address).
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest() if raw is not None else None
    session.add(ProcessedEvent(id=key, source=SOURCE, payload_sha256=digest))
    session.flush()
    handler = HANDLERS.get(event_type)
    if handler is None:
        return WebhookOutcome(event_id, event_type, "ignored")
    obj = (event.get("data") or {}).get("object") or {}
    handler(session, obj, gateway, notifier)
    return WebhookOutcome(event_id, event_type, "processed")


def _session_paid(session: Session, obj: StripeObject, gateway: PaymentGateway, notifier: Notifier | None) -> None:
    service.confirm_payment(session, obj["id"], gateway, notifier=notifier)


def _session_expired(session: Session, obj: StripeObject, gateway: PaymentGateway, notifier: Notifier | None) -> None:
    service.mark_payment_expired(session, obj["id"])


def _payment_intent_succeeded(session: Session, obj: StripeObject, gateway: PaymentGateway, notifier: Notifier | None) -> None:
    # May arrive before checkout.session.completed; the metadata names Kiepe's payment.
    metadata = obj.get("metadata")
    payment_id = metadata.get("kiepe_payment") if isinstance(metadata, dict) else None
    if not payment_id or not str(payment_id).isdigit():
        return
    payment = session.get(Payment, int(payment_id))
    if payment is not None and payment.checkout_session_id:
        service.confirm_payment(session, payment.checkout_session_id, gateway, notifier=notifier)


def _charge_refunded(session: Session, obj: StripeObject, gateway: PaymentGateway, notifier: Notifier | None) -> None:
    # Kiepe's own refunds are already in the ledger; one made elsewhere (dashboard)
    # is found by reconcile, which compares the charge's refunds with the ledger.
    # Nothing to do here, and nothing that can fail for an unknown charge.
    return None


# The handlers that look the event's object up by its id.
NEEDS_OBJECT_ID = frozenset({"checkout.session.completed", "checkout.session.async_payment_succeeded",
                             "checkout.session.expired"})

HANDLERS: dict[str, Callable[[Session, StripeObject, PaymentGateway, Notifier | None], None]] = {
    "checkout.session.completed": _session_paid,
    "checkout.session.async_payment_succeeded": _session_paid,
    "checkout.session.expired": _session_expired,
    "payment_intent.succeeded": _payment_intent_succeeded,
    "charge.refunded": _charge_refunded,
}
