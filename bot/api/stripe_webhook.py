"""``POST /webhooks/stripe``: Stripe's callbacks, at the HTTP edge (status codes live here)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.application.container import Container
from ordering.payments.webhooks import WebhookRejected

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
        outcome = container.payments.stripe_webhook(payload, request.headers.get("stripe-signature"), secret=secret)
    except WebhookRejected as exc:
        return JSONResponse({"error": "Rejected", "message": str(exc)}, status_code=400)
    container.events.nudge()
    return JSONResponse({"status": outcome.status})
