"""The web chat's routes: the page (the app's home page), its static files, and turns.

Also the two pages Stripe Checkout returns the resident to: ``/bezahlt`` and ``/abgebrochen``.

``POST /chat/turn`` takes ``{session, text?|choice?}``; a turn with neither asks the dialogue
to greet (the page sends one on load). The session is a random id the browser keeps in
localStorage; it becomes the conversation key ``web:<session>``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from pydantic import StringConstraints, model_validator
from sqlalchemy import select

from bot.api.schemas import Model, error_responses
from bot.api.throttle import client_of, limits_of
from bot.composition import Container
from bot.dialogue.types import Reply, Turn
from ordering.errors import NotFound, OrderingError
from ordering.models import Conversation

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

# A browser-made random id: letters, digits, '-' and '_' (a UUID or 32 hex digits fit).
SessionId = Annotated[str, StringConstraints(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
# What the resident typed: trimmed, not empty, bounded, no control characters but tab and newline.
TypedText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT,
                                             pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$")]
ChoiceValue = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]


class TurnIn(Model):
    """One thing the resident did in the web chat; neither text nor choice: "greet me"."""

    session: SessionId
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


def dialogue(request: Request):
    """The dialogue serving this app's container: the container's own, else one built for it."""
    container: Container = request.app.state.container
    own = getattr(container, "dialogue", None)
    if own is not None:
        return own
    cached = getattr(request.app.state, "web_dialogue", None)
    if cached is None or cached[0] is not container:  # tests swap the container between runs
        try:
            from bot.dialogue.engine import Dialogue
        except ImportError as exc:
            log.error("the dialogue is not available: %s", exc)
            raise DialogueUnavailable("the dialogue is not available",
                                      resident_message="Der Chat ist gerade nicht erreichbar. "
                                                       "Bitte versuchen Sie es später noch einmal.") from exc
        cached = (container, Dialogue(container))
        request.app.state.web_dialogue = cached
    return cached[1]


def _page(name: str) -> FileResponse:
    return FileResponse(STATIC_DIR / name, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


@router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
def page() -> FileResponse:
    """The web chat: the home page of the app."""
    return _page("index.html")


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


def _count_new_session(request: Request, key: str) -> None:
    """A session the app has not seen yet counts against its client's limit of new sessions."""
    container: Container = request.app.state.container
    with container.database.session() as s:
        known = s.scalar(select(Conversation.id).where(Conversation.channel == "web", Conversation.external_id == key))
    if known is None:
        limits_of(request).hit(limits_of(request).chat_sessions, client_of(request))


@router.post("/chat/turn", response_model=TurnOut, responses=error_responses(422, 503))
async def turn(body: TurnIn, request: Request, handler=Depends(dialogue)) -> TurnOut:
    """Hand one turn of the web chat to the dialogue and return its replies."""
    container: Container = request.app.state.container
    await anyio.to_thread.run_sync(_count_new_session, request, f"web:{body.session}")
    replies = await handler.handle(Turn(
        channel="web", conversation_key=f"web:{body.session}", now=container.clock.now(),
        text=body.text, choice=body.choice,
    ))
    return TurnOut(replies=[ReplyOut.of(r) for r in replies])
