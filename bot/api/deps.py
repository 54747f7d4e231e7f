"""Request dependencies: the container, a unit of work, and who is calling."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from typing import Annotated, NoReturn

from fastapi import Depends, Header, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.api.throttle import client_of, limits_of
from bot.application.container import Container
from ordering.errors import Forbidden, OrderingError
from ordering.models import Resident, Shop


class Unauthorized(OrderingError):
    status = 401


def container(request: Request) -> Container:
    return request.app.state.container


def session(request: Request) -> Iterator[Session]:
    """One unit of work per request: committed when the handler returns, rolled back on error."""
    with request.app.state.container.database.session() as s:
        yield s


def read_session(request: Request) -> Iterator[Session]:
    """A read-only session for a request that changes nothing (the catalog's GETs).

    On SQLite a writing unit of work holds the process's write lock from its first statement
    until its exit has run, after the response passed back through the event loop: under load
    that is hundreds of milliseconds every other writer waits. A read takes no write lock."""
    with request.app.state.container.database.read_session() as s:
        yield s


def new_token() -> tuple[str, str]:
    """A fresh bearer token and its SHA-256 (only the hash is stored)."""
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith("bearer ") or not authorization[7:].strip():
        raise Unauthorized("send 'Authorization: Bearer <token>'")
    return authorization[7:].strip()


def _checked_token(request: Request, authorization: str | None) -> str:
    """The bearer token, once the client is known not to be locked out for guessing."""
    token = _bearer(authorization)
    limits_of(request).before_token(client_of(request))
    return token


def _refuse(request: Request, error: OrderingError) -> NoReturn:
    """A wrong token counts towards the client's lock-out; the error goes out unless that struck."""
    limits_of(request).wrong_token(client_of(request))
    raise error


def current_resident(
    request: Request, s: Annotated[Session, Depends(session)], authorization: Annotated[str | None, Header()] = None
) -> Resident:
    token = _checked_token(request, authorization)
    resident = s.scalar(select(Resident).where(Resident.api_token_hash == hash_token(token)))
    if resident is None or resident.erased_at is not None:
        _refuse(request, Unauthorized("unknown resident token"))
    limits_of(request).token_used(token)
    return resident


def current_shop(
    request: Request, s: Annotated[Session, Depends(session)], authorization: Annotated[str | None, Header()] = None
) -> Shop:
    token = _checked_token(request, authorization)
    shop = s.scalar(select(Shop).where(Shop.api_token_hash == hash_token(token)))
    if shop is None:
        _refuse(request, Unauthorized("unknown shop token"))
    limits_of(request).token_used(token)
    return shop


def require_admin(
    request: Request, c: Annotated[Container, Depends(container)], authorization: Annotated[str | None, Header()] = None
) -> str:
    token = _checked_token(request, authorization)
    if not hmac.compare_digest(token.encode(), c.settings.admin_token.encode()):
        _refuse(request, Forbidden("this endpoint needs the region admin's token"))
    limits_of(request).token_used(token)
    return "admin"


def require_metrics_reader(
    request: Request, c: Annotated[Container, Depends(container)], authorization: Annotated[str | None, Header()] = None
) -> str:
    """Prometheus: ``KIEPE_METRICS_TOKEN`` (or the admin token), so the scraper need not hold the admin's."""
    token = _checked_token(request, authorization)
    allowed = [t for t in (c.settings.metrics_token, c.settings.admin_token) if t]
    if not any(hmac.compare_digest(token.encode(), t.encode()) for t in allowed):
        _refuse(request, Forbidden("/metrics needs KIEPE_METRICS_TOKEN or the admin token"))
    limits_of(request).token_used(token)
    return "metrics"


SessionDep = Annotated[Session, Depends(session)]
ReadSessionDep = Annotated[Session, Depends(read_session)]
ContainerDep = Annotated[Container, Depends(container)]
ResidentDep = Annotated[Resident, Depends(current_resident)]
ShopDep = Annotated[Shop, Depends(current_shop)]
AdminDep = Annotated[str, Depends(require_admin)]
