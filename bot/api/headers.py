"""Headers every response carries, whatever route, error handler or static file made it."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Browsers must take the Content-Type as given: no sniffing a JSON error or a text answer into HTML.
ALWAYS = ((b"x-content-type-options", b"nosniff"),)


class SecurityHeaders:
    """Pure ASGI middleware (no buffering): adds ``ALWAYS`` unless the response set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in ALWAYS if name not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
