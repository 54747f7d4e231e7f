"""The web chat's session: a cookie the server issues, and the guard of requests that change state.

The session id is random, made here and signed with the installation's key, so a browser
cannot choose one (a planted or guessed id is refused and replaced). The cookie is HttpOnly
(page scripts never see it), SameSite=Lax (not sent with cross-site POSTs), and Secure when
the public address is https. The conversation is keyed on a hash of the id, so neither the
database nor the logs hold the visitor's credential.

Cross-site request forgery: every state-changing request of the chat must carry the header
``X-Kiepe-Chat: 1``, which only a script of our own origin can add (another site would need
a CORS preflight, which this app never grants), and may not come from another site by its
``Sec-Fetch-Site`` or ``Origin`` headers where the browser sends them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from fastapi import Request, Response

from bot import installation_keys
from bot.application.container import Container
from bot.same_origin import SAME_SITE_FETCHES, own_origin
from ordering.errors import Forbidden

COOKIE = "kiepe_session"
CSRF_HEADER = "X-Kiepe-Chat"
MAX_AGE_SECONDS = 30 * 24 * 3600  # like the localStorage id before: a returning visitor finds the cart
_ID_BYTES = 24
_MAC_CHARS = 32


class CrossSiteRequest(Forbidden):
    """A state-changing chat request that did not come from the chat page of this app."""

    german_text = "Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."


def _key(container: Container) -> bytes:
    return installation_keys.key(container, "web-session")


def _mac(container: Container, session_id: str) -> str:
    digest = hmac.new(_key(container), session_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:_MAC_CHARS]


def new_session(container: Container) -> tuple[str, str]:
    """A fresh session id and the cookie value that carries it (``id.signature``)."""
    session_id = secrets.token_urlsafe(_ID_BYTES)
    return session_id, f"{session_id}.{_mac(container, session_id)}"


def session_of(container: Container, request: Request) -> str | None:
    """The session id of the request's cookie, if this installation issued it; else None."""
    value = request.cookies.get(COOKIE) or ""
    session_id, _, mac = value.partition(".")
    if not session_id or len(value) > 128 or not hmac.compare_digest(mac.encode(), _mac(container, session_id).encode()):
        return None
    return session_id


def conversation_key(session_id: str) -> str:
    """The dialogue's key for a web conversation: a hash of the id, never the id itself."""
    return "web:" + hashlib.sha256(session_id.encode()).hexdigest()[:40]


def set_cookie(container: Container, response: Response, cookie_value: str) -> None:
    secure = (container.settings.public_url or "").lower().startswith("https://")
    response.set_cookie(COOKIE, cookie_value, max_age=MAX_AGE_SECONDS, path="/", httponly=True,
                        samesite="lax", secure=secure)



def require_same_origin(request: Request) -> None:
    """FastAPI dependency of the chat's POST routes: 403 for anything but the chat page's own script."""
    container: Container = request.app.state.container
    if request.headers.get(CSRF_HEADER) != "1":
        raise CrossSiteRequest(f"send the header '{CSRF_HEADER}: 1' (the chat page's script does)")
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in SAME_SITE_FETCHES:
        raise CrossSiteRequest(f"a chat request from another site (Sec-Fetch-Site: {fetch_site})")
    origin = request.headers.get("origin")
    if origin is not None and origin.lower() != own_origin(container.settings.public_url, request):
        raise CrossSiteRequest("a chat request from another origin")
