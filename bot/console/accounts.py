"""Console accounts: argon2 password hashes, lock-out after repeated failures, sessions.

Lock-out is per account and kept in the database (so every app process sees it): after
``MAX_FAILURES`` wrong passwords in a row the account refuses even the right one for
``LOCK_MINUTES``. The answer to a wrong password, an unknown name and a locked account is the
same, so the login page tells nobody which names exist.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.console.models import ROLES, ConsoleSession, ConsoleUser
from ordering.errors import Conflict, Invalid, NotFound
from ordering.models import Region, Shop

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 12  # one working day; then log in again
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(session: Session, *, username: str, password: str, role: str, region_slug: str | None = None,
                shop_slug: str | None = None, display_name: str = "") -> ConsoleUser:
    """A new account; shop staff name their shop, the region defaults to the only one."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise Invalid("the user name: 2–64 of a-z, 0-9, '.', '_', '-'", field="username")
    if role not in ROLES:
        raise Invalid(f"the role is one of {', '.join(ROLES)}", field="role")
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"the password needs at least {MIN_PASSWORD} characters", field="password")
    if session.scalar(select(ConsoleUser.id).where(ConsoleUser.username == username)) is not None:
        raise Conflict(f"the user name {username!r} is taken", field="username")
    region = _region(session, region_slug)
    shop = None
    if role == "shop":
        if not shop_slug:
            raise Invalid("shop staff need their shop", field="shop")
        shop = session.scalar(select(Shop).where(Shop.slug == shop_slug, Shop.region_id == region.id))
        if shop is None:
            raise NotFound(f"no shop {shop_slug!r} in region {region.slug!r}", field="shop")
    elif shop_slug:
        raise Invalid("only shop staff belong to a shop", field="shop")
    user = ConsoleUser(username=username, display_name=display_name.strip() or username,
                       password_hash=hash_password(password), role=role, region_id=region.id,
                       shop_id=shop.id if shop else None, active=True, failed_logins=0)
    session.add(user)
    session.flush()
    return user


def _region(session: Session, slug: str | None) -> Region:
    if slug:
        region = session.scalar(select(Region).where(Region.slug == slug))
        if region is None:
            raise NotFound(f"region {slug!r} does not exist", field="region")
        return region
    regions = session.scalars(select(Region).limit(2)).all()
    if len(regions) != 1:
        raise Invalid("name the region (there is not exactly one)", field="region")
    return regions[0]


@dataclass(frozen=True)
class LoginResult:
    user: ConsoleUser | None
    locked: bool = False


def authenticate(session: Session, username: str, password: str, now: datetime) -> LoginResult:
    """The account when name and password are right and it is not locked; counts failures."""
    user = session.scalar(select(ConsoleUser).where(ConsoleUser.username == username.strip().lower()))
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        return LoginResult(None)
    if user.locked_until is not None and user.locked_until > now:
        _verify(_DUMMY_HASH, password)
        return LoginResult(None, locked=True)
    if not _verify(user.password_hash, password):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            return LoginResult(None, locked=True)
        return LoginResult(None)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return LoginResult(user)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def start_session(session: Session, user: ConsoleUser, now: datetime) -> str:
    """A new session for ``user``; returns the cookie's token (only its hash is stored)."""
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    session.add(ConsoleSession(token_hash=token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                               created_at=now, expires_at=now + timedelta(hours=SESSION_HOURS)))
    session.flush()
    return token


def session_of(session: Session, token: str | None, now: datetime) -> ConsoleSession | None:
    if not token or len(token) > 100:
        return None
    found = session.get(ConsoleSession, token_hash(token))
    if found is None or found.expires_at <= now or not found.user.active:
        return None
    return found


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == token_hash(token)))


def count_users(session: Session) -> int:
    return session.scalar(select(func.count(ConsoleUser.id))) or 0
