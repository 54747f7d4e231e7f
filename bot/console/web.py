"""The console's plumbing: templates, headers, the login session and the CSRF guard.

Every page is server-rendered (Jinja2, autoescaped). Responses carry a strict
Content-Security-Policy like the web chat's (scripts and styles only from this app, no inline
script, no framing) and ``Cache-Control: no-store`` (a shop's orders must not stay in a shared
browser's cache). The session cookie is HttpOnly and SameSite=Strict, Secure when the public
address is https. Every form carries the session's CSRF token, and a POST is refused unless
the token matches and the browser does not say it came from another site.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from bot.application.container import Container
from bot.application.error_wording import GENERIC, shop_text
from bot.console import accounts
from bot.console.models import ROLE_WORDS, ConsoleSession, ConsoleUser
from bot.same_origin import SAME_SITE_FETCHES, own_origin
from ordering.errors import Invalid, NotFound, OrderingError
from ordering.money import format_euro
from ordering.windows import format_window

HERE = Path(__file__).resolve().parent
COOKIE = "kiepe_console"
LOGIN_COOKIE = "kiepe_console_login"  # the login form's CSRF token, before there is a session
HEADERS = {
    "Cache-Control": "no-store",
    # Not "no-referrer": with it the browser sends "Origin: null" on our own forms, and the origin
    # check could not tell them from a forged one. Other sites still get no referrer.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "media-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
}
HOME = {"coordinator": "/console/koordination", "shop": "/console/laden", "courier": "/console/kurier"}

templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                        trim_blocks=True, lstrip_blocks=True)
templates.filters["euro"] = lambda cents: format_euro(int(cents or 0))
templates.globals["ROLE_WORDS"] = ROLE_WORDS
templates.filters["window"] = lambda slot, tz="Europe/Berlin": format_window(slot.start.astimezone(ZoneInfo(tz)),
                                                                              slot.end.astimezone(ZoneInfo(tz)))
templates.filters["local"] = lambda when, tz="Europe/Berlin": when.astimezone(ZoneInfo(tz)).strftime("%d.%m. %H:%M")


class LoginRequired(Exception):
    """No valid console session: the browser goes to the login page."""


class Refused(OrderingError):
    """A console request refused with a page (403), not the API's JSON."""

    status = 403


class FormProblem(Invalid):
    """A console form filled in wrongly, or a step the console refuses before the domain is asked;
    ``german_text`` is what the shop or driver at the form reads."""

    german_text: str

    def __init__(self, message: str, german_text: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.german_text = german_text


class NotAllowed(Refused):
    """Logged in, but this page belongs to another role."""


class BadForm(Refused):
    """A form without the session's CSRF token, or from another site."""


def container(request: Request) -> Container:
    return request.app.state.container


def db(request: Request) -> Iterator[Session]:
    """The request's reading session (the login check, the pages). Changes are made in a unit of
    work of their own (``attempt``, ``writing``) inside the handler's thread: on SQLite a writing
    session holds the process's write lock, which must not stay taken across the request's awaits."""
    with request.app.state.container.database.read_session() as s:
        yield s


def _cookie_secure(c: Container) -> bool:
    return (c.settings.public_url or "").lower().startswith("https://")


def current_session(request: Request, s: Annotated[Session, Depends(db)]) -> ConsoleSession:
    c: Container = request.app.state.container
    found = accounts.session_of(s, request.cookies.get(COOKIE), c.clock.now())
    if found is None:
        raise LoginRequired()
    request.state.console_session = found
    return found


SessionDep = Annotated[Session, Depends(db)]
CurrentSession = Annotated[ConsoleSession, Depends(current_session)]


def role(*roles: str) -> Callable[..., ConsoleUser]:
    """Dependency: the logged-in user, if their role is one of ``roles`` (403 otherwise)."""

    def dependency(cs: CurrentSession) -> ConsoleUser:
        if cs.user.role not in roles:
            raise NotAllowed(f"this page is for {', '.join(roles)}")
        return cs.user

    return dependency



def check_origin(request: Request) -> None:
    c: Container = request.app.state.container
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in SAME_SITE_FETCHES:
        raise BadForm(f"a form from another site (Sec-Fetch-Site: {fetch_site})")
    origin = request.headers.get("origin")
    if origin is not None and origin.lower() != own_origin(c.settings.public_url, request):
        raise BadForm("a form from another origin")


def checked_form(request: Request, cs: CurrentSession,
                 csrf: Annotated[str, Form(max_length=100)] = "") -> ConsoleSession:
    """Dependency of every POST: the session, once the form's CSRF token and origin are checked."""
    check_origin(request)
    if not csrf or not hmac.compare_digest(csrf.encode(), cs.csrf_token.encode()):
        raise BadForm("the form's security token is missing or wrong; reload the page")
    return cs


CheckedForm = Annotated[ConsoleSession, Depends(checked_form)]


def attempt(c: Container, action: Callable[[Session], object]) -> str | None:
    """Run a use case in its own unit of work, committed before the redirect is answered;
    None, or why it was refused (then nothing of it is kept)."""
    try:
        with c.database.session() as w:
            action(w)
    except OrderingError as exc:
        return german(exc)
    return None


def page(request: Request, name: str, **values: Any) -> HTMLResponse:
    cs: ConsoleSession | None = getattr(request.state, "console_session", None)
    values.setdefault("user", cs.user if cs else None)
    values.setdefault("csrf", cs.csrf_token if cs else "")
    values.setdefault("notice", NOTICES.get(request.query_params.get("ok", ""), ""))
    values.setdefault("problem", request.query_params.get("fehler", "")[:300])
    values["path"] = request.url.path
    html = templates.get_template(name).render(**values)
    return HTMLResponse(html, headers=HEADERS)


def back(url: str, *, ok: str | None = None, problem: str | None = None) -> RedirectResponse:
    """After a POST: see the page again (303), with a short note of what happened."""
    query = {k: v for k, v in (("ok", ok), ("fehler", problem)) if v}
    return RedirectResponse(url + (("?" + urlencode(query)) if query else ""), status_code=303, headers=HEADERS)


def german(error: OrderingError) -> str:
    """What to show for a refused action: the error's German sentence where it has its own
    (``bot.application.error_wording``, worded for shops and drivers)."""
    if isinstance(error, NotFound):  # also another shop's order: it does not exist for this one
        return "Das gibt es hier nicht (mehr). Bitte laden Sie die Seite neu."
    text = shop_text(error)
    if text != GENERIC:
        return text
    return "Das ging leider nicht. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."


# Short confirmations after an action, by key (the redirect carries only the key).
NOTICES = {
    "confirmed": "Bestellung bestätigt. Die Kundin, der Kunde bekommt Bescheid.",
    "line": "Artikel als nicht lieferbar markiert.",
    "substitute": "Ersatz angeboten. Wir fragen die Kundschaft.",
    "weighed": "Gewicht gespeichert; der Preis folgt dem Gewicht.",
    "rejected": "Bestellung abgelehnt. Die Kundin, der Kunde bekommt Bescheid.",
    "ready": "Als fertig gepackt gemeldet.",
    "price": "Preis gespeichert.",
    "available": "Verfügbarkeit gespeichert.",
    "delivered": "Als zugestellt vermerkt.",
    "imported": "Katalog übernommen.",
    "erased": "Die Daten wurden gelöscht.",
    "user": "Konto angelegt.",
    "logout": "Sie sind abgemeldet.",
}


def login_redirect(request: Request, exc: LoginRequired) -> Response:
    return RedirectResponse("/console/login", status_code=303, headers=HEADERS)


def refused_page(request: Request, exc: Refused) -> Response:
    request.state.console_session = None
    response = page(request, "refused.html", reason=exc.message)
    response.status_code = exc.status
    return response


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def set_session_cookie(c: Container, response: Response, token: str) -> None:
    response.set_cookie(COOKIE, token, max_age=accounts.SESSION_HOURS * 3600, path="/console", httponly=True,
                        samesite="strict", secure=_cookie_secure(c))


def set_login_cookie(c: Container, response: Response, token: str) -> None:
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, path="/console/login", httponly=True,
                        samesite="strict", secure=_cookie_secure(c))


