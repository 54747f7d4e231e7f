"""Request dependencies: the container, a unit of work, and who is calling."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.composition import Container
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


def current_resident(
    s: Annotated[Session, Depends(session)], authorization: Annotated[str | None, Header()] = None
) -> Resident:
    resident = s.scalar(select(Resident).where(Resident.api_token_hash == hash_token(_bearer(authorization))))
    if resident is None or resident.erased_at is not None:
        raise Unauthorized("unknown resident token")
    return resident


def current_shop(
    s: Annotated[Session, Depends(session)], authorization: Annotated[str | None, Header()] = None
) -> Shop:
    shop = s.scalar(select(Shop).where(Shop.api_token_hash == hash_token(_bearer(authorization))))
    if shop is None:
        raise Unauthorized("unknown shop token")
    return shop


def require_admin(
    c: Annotated[Container, Depends(container)], authorization: Annotated[str | None, Header()] = None
) -> str:
    if not hmac.compare_digest(_bearer(authorization).encode(), c.settings.admin_token.encode()):
        raise Forbidden("this endpoint needs the region admin's token")
    return "admin"


SessionDep = Annotated[Session, Depends(session)]
ContainerDep = Annotated[Container, Depends(container)]
ResidentDep = Annotated[Resident, Depends(current_resident)]
ShopDep = Annotated[Shop, Depends(current_shop)]
AdminDep = Annotated[str, Depends(require_admin)]
