"""The web chat's routes: the page (the app's home page), its static files, and turns.

Also the two pages Stripe Checkout returns the resident to: ``/bezahlt`` and ``/abgebrochen``.

``POST /chat/turn`` takes ``{text?|choice?}``; a turn with neither asks the dialogue to greet
(the page sends one on load). The session is a cookie the server issues with the page (or with
the first turn that lacks one); ``POST /chat/session`` starts a new one ("Neu beginnen"). Both
POSTs are guarded against cross-site requests (``bot.channels.web.session``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse
from pydantic import StringConstraints, model_validator

from bot.api.schemas import Model, error_responses
from bot.api.throttle import client_of, limits_of
from bot.application.container import Container
from bot.application.ports import TurnHandler
from bot.application.turns import Reply, Turn
from bot.channels.web import session as web_session
from ordering.errors import NotFound, OrderingError

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Only these files are served: no directory listing, no path traversal.
STATIC_FILES = {
    "chat.css": "text/css; charset=utf-8",
    "chat.js": "text/javascript; charset=utf-8",
}
MAX_TEXT = 1000
PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Everything the page needs comes from this app; payment links open in a new tab.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
}

router = APIRouter(tags=["web chat"])
SameOrigin = Depends(web_session.require_same_origin)
# What the resident typed: trimmed, not empty, bounded, no control characters but tab and newline.
TypedText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT,
                                             pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$")]
ChoiceValue = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]


class TurnIn(Model):
    """One thing the resident did in the web chat; neither text nor choice: "greet me"."""

    text: TypedText | None = None
    choice: ChoiceValue | None = None

    @model_validator(mode="after")
    def _one_at_most(self) -> TurnIn:
        if self.text is not None and self.choice is not None:
            raise ValueError("send either text or choice, not both")
        return self


class ChoiceOut(Model):
    label: str
    value: str


class ReplyOut(Model):
    text: str
    choices: list[ChoiceOut]
    link: str | None
    action: Literal["continue", "end", "handoff"]

    @classmethod
    def of(cls, reply: Reply) -> ReplyOut:
        return cls(text=reply.text, choices=[ChoiceOut(label=c.label, value=c.value) for c in reply.choices],
                   link=reply.link, action=reply.action)


class TurnOut(Model):
    replies: list[ReplyOut]


class DialogueUnavailable(OrderingError):
    status = 503
    german_text = "Der Chat ist gerade nicht erreichbar. Bitte versuchen Sie es später noch einmal."


def dialogue(request: Request) -> TurnHandler:
    """The process's one dialogue (built by the composition root); 503 if there is none."""
    container: Container = request.app.state.container
    if container.dialogue is None:
        log.error("the dialogue is not available")
        raise DialogueUnavailable("the dialogue is not available")
    return container.dialogue


def _page(name: str) -> FileResponse:
    return FileResponse(STATIC_DIR / name, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


def _count_new_session(request: Request) -> None:
    """Every session issued counts against its client's limit of new sessions (429 past it)."""
    limits = limits_of(request)
    limits.hit(limits.chat_sessions, client_of(request))


def _session(request: Request, response: Response) -> str:
    """The request's session id; a new one (cookie set on ``response``) when it has none we issued."""
    container: Container = request.app.state.container
    session_id = web_session.session_of(container, request)
    if session_id is None:
        _count_new_session(request)
        session_id, cookie = web_session.new_session(container)
        web_session.set_cookie(container, response, cookie)
    return session_id


@router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
def page(request: Request) -> FileResponse:
    """The web chat: the home page of the app; it brings the session cookie."""
    response = _page("index.html")
    _session(request, response)
    return response


@router.api_route("/bezahlt", methods=["GET", "HEAD"], include_in_schema=False)
def paid() -> FileResponse:
    """Where Stripe Checkout sends the resident after paying (``success_url``)."""
    return _page("bezahlt.html")


@router.api_route("/abgebrochen", methods=["GET", "HEAD"], include_in_schema=False)
def cancelled() -> FileResponse:
    """Where Stripe Checkout sends the resident who cancelled (``cancel_url``)."""
    return _page("abgebrochen.html")


@router.api_route("/chat/static/{name}", methods=["GET", "HEAD"], include_in_schema=False)
def static(name: str) -> FileResponse:
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        raise NotFound(f"no static file {name!r}")
    return FileResponse(STATIC_DIR / name, media_type=media_type,
                        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


@router.post("/chat/turn", response_model=TurnOut, responses=error_responses(403, 413, 422, 503),
             dependencies=[SameOrigin])
async def turn(body: TurnIn, request: Request, response: Response, handler=Depends(dialogue)) -> TurnOut:
    """Hand one turn of the web chat to the dialogue and return its replies."""
    container: Container = request.app.state.container
    session_id = _session(request, response)
    replies = await handler.handle(Turn(
        channel="web", conversation_key=web_session.conversation_key(session_id), now=container.clock.now(),
        text=body.text, choice=body.choice,
    ))
    return TurnOut(replies=[ReplyOut.of(r) for r in replies])


@router.post("/chat/session", status_code=204, responses=error_responses(403), dependencies=[SameOrigin])
def restart(request: Request) -> Response:
    """Start over ("Neu beginnen"): a new session cookie, so a new conversation and cart."""
    container: Container = request.app.state.container
    response = Response(status_code=204)
    _count_new_session(request)
    web_session.set_cookie(container, response, web_session.new_session(container)[1])
    return response
