"""Overload without collapse: every turn passes ``bot.application.admission`` first.

ASGI middleware on the requests that are dialogue turns. Admitted, a request runs to its
end; kept out, none of its work has started, and the sender learns it in its own terms:

* web chat (``POST /chat/turn``): a quick 503 with ``Retry-After`` and a German sentence,
  after at most ``KIEPE_CHAT_ADMISSION_WAIT_SECONDS``;
* Telegram (``POST /telegram/webhook``): the update waits in a bounded queue (up to
  ``KIEPE_TELEGRAM_ADMISSION_WAIT_SECONDS``); past that, or with the queue full, a 503, and
  Telegram delivers the update again later;
* phone (``/voice/incoming``, ``/voice/gather``, ``/voice/silence``): waits up to
  ``KIEPE_VOICE_ADMISSION_WAIT_SECONDS`` (Twilio gives up after 15 s), then TwiML that says
  "Einen Moment bitte." and redirects Twilio to the same webhook. What the caller said rides
  along in the redirect's query (Twilio signs that address, and the webhook's form reader
  takes those fields from it), so nothing said is lost. After ``MAX_VOICE_RETRIES`` such
  rounds the turn is admitted anyway: a caller is never kept in a loop.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode
from xml.sax.saxutils import escape, quoteattr

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.application.admission import Admission
from bot.observability.metrics import IN_FLIGHT, TURNED_AWAY, WAITING
from bot.settings import Settings

CHAT_PATHS = {"/chat/turn"}
TELEGRAM_PATHS = {"/telegram/webhook"}
VOICE_PATHS = {"/voice/incoming", "/voice/gather", "/voice/silence"}
# What Twilio posts with a turn but not with a <Redirect>: carried in the redirect's query.
# (bot.channels.twilio_signature reads the same fields back; keep the two lists alike.)
VOICE_TURN_FIELDS = ("SpeechResult", "Digits", "Confidence")
RETRY_PARAM = "kiepe_retry"
MAX_VOICE_RETRIES = 2
RETRY_AFTER_S = 2
ONE_MOMENT = "Einen Moment bitte."
CHAT_BUSY = ("Gerade schreiben sehr viele Menschen mit uns. Bitte versuchen Sie es in ein paar Sekunden "
             "noch einmal. Ihr Warenkorb bleibt gespeichert.")


class TurnAdmission:
    """ASGI middleware: turns are admitted by this process's ``Admission`` gate (see module doc)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self._gate: Admission | None = None  # made on the first request, inside the server's event loop

    @property
    def gate(self) -> Admission:
        if self._gate is None:
            self._gate = Admission(self.settings.max_turns_in_flight, self.settings.max_turns_waiting)
        return self._gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        path = scope["path"]
        if path in CHAT_PATHS:
            channel, wait = "web", self.settings.chat_admission_wait_seconds
        elif path in TELEGRAM_PATHS:
            channel, wait = "telegram", self.settings.telegram_admission_wait_seconds
        elif path in VOICE_PATHS:
            channel, wait = "voice", self.settings.voice_admission_wait_seconds
        else:
            return await self.app(scope, receive, send)
        gate = self.gate
        retries = _voice_retries(scope) if channel == "voice" else 0
        WAITING.inc()
        try:
            admitted = await gate.enter(wait)
        finally:
            WAITING.dec()
        forced = not admitted and channel == "voice" and retries >= MAX_VOICE_RETRIES
        if forced:
            gate.enter_anyway()  # the caller has waited long enough: served beyond the limit
            admitted = True
        if not admitted:
            TURNED_AWAY.labels(channel).inc()
            if channel == "voice":
                return await self._one_moment(scope, receive, send, retries)
            return await _busy(send, channel)
        IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            IN_FLIGHT.dec()
            if forced:
                gate.leave_anyway()
            else:
                gate.leave()

    async def _one_moment(self, scope: Scope, receive: Receive, send: Send, retries: int) -> None:
        """TwiML: "Einen Moment bitte." and the same webhook again, with what the caller said."""
        body = await _read_body(receive, self.settings.max_body_bytes)
        posted = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != RETRY_PARAM]
        query += [(k, posted[k]) for k in VOICE_TURN_FIELDS if k in posted and k not in dict(query)]
        query.append((RETRY_PARAM, str(retries + 1)))
        base = (self.settings.public_url or "").rstrip("/")
        url = f"{base}{scope['path']}?{urlencode(query)}"
        voice = self.settings.voice_tts_voice or "Polly.Marlene"
        twiml = ('<?xml version="1.0" encoding="UTF-8"?><Response>'
                 f'<Say voice={quoteattr(voice)} language="de-DE">{escape(ONE_MOMENT)}</Say>'
                 f'<Redirect method="POST">{escape(url)}</Redirect></Response>')
        await _respond(send, 200, twiml.encode(), b"application/xml")


def _voice_retries(scope: Scope) -> int:
    for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
        if key == RETRY_PARAM and value.isdigit():
            return int(value)
    return 0


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message: Message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            break  # a turn is small; whatever is beyond the limit is not carried
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _busy(send: Send, channel: str) -> None:
    body = json.dumps({"error": "Overloaded", "message": f"too many turns in flight ({channel}); retry later",
                       "resident_message": CHAT_BUSY}).encode()
    await _respond(send, 503, body, b"application/json", [(b"retry-after", str(RETRY_AFTER_S).encode())])


async def _respond(send: Send, status: int, body: bytes, content_type: bytes,
                   extra: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store"), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def install_admission(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(TurnAdmission, settings=settings)
