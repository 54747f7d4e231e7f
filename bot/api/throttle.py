"""The app's side of the abuse limits (``bot.ratelimit``): a per-client limit on the API and the
web chat, and the helpers handlers call for registrations, chat sessions and bearer tokens.

Signed webhooks (Stripe, Twilio, Telegram) are not limited per client: a few provider addresses
send all of them, and a forged one is refused by its signature anyway.
"""

from __future__ import annotations

import json

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.application.error_wording import resident_text
from bot.ratelimit import RateLimits, TooManyRequests, client_address, request_client

LIMITED_PREFIXES = ("/api/", "/chat/turn", "/chat/session")


def limits_of(request: Request) -> RateLimits:
    return request.app.state.container.rate_limits


def client_of(request: Request) -> str:
    return request_client(request, limits_of(request))


class PerClientLimit:
    """ASGI middleware: every API and chat request counts against its client's limit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(LIMITED_PREFIXES):
            return await self.app(scope, receive, send)
        limits = scope["app"].state.container.rate_limits
        peer = scope["client"][0] if scope.get("client") else None
        forwarded = dict(scope["headers"]).get(b"x-forwarded-for", b"").decode("latin-1") or None
        try:
            await limits.hit_async(limits.per_client, client_address(peer, forwarded, limits.proxies))
        except TooManyRequests as exc:
            return await _refuse(send, exc)
        await self.app(scope, receive, send)


async def _refuse(send: Send, exc: TooManyRequests) -> None:
    body = json.dumps({"error": "TooManyRequests", "message": exc.message,
                       "resident_message": resident_text(exc)}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"retry-after", str(exc.retry_after).encode())]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def install_rate_limits(app: FastAPI) -> None:
    app.add_middleware(PerClientLimit)
