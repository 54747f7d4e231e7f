"""The installation's own signing keys: Telegram link codes and web-chat session cookies.

Both are derived from one secret, ``KIEPE_LINK_SECRET``, never from the admin token (whoever
knows a key can forge what it signs, so it must be a secret nobody types into an API).
In production the setting is required (``bot.production`` refuses to start without it).
Locally, without it, a random secret is generated once per database and kept there, so link
codes and chat sessions survive a restart of ``make run``; a new database gets a new one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from bot.production import is_exposed
from bot.settings import Settings
from ordering.db import Database
from ordering.errors import ConfigurationError
from ordering.models import Base, UTCDateTime, utcnow


class KeyStore(Protocol):
    """Where keys come from and are cached: the container, or ``LocalKeys`` in a CLI command."""

    settings: Settings
    database: Database
    keys: dict[str, bytes]


@dataclass
class LocalKeys:
    settings: Settings
    database: Database
    keys: dict[str, bytes] = field(default_factory=dict)

LOCAL_SECRET_NAME = "link-secret"


class InstallationSecret(Base):
    """A secret this installation generated for itself (local use only; production configures them)."""

    __tablename__ = "installation_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _local_secret(container: KeyStore) -> str:
    """The database's generated secret; the first process to ask creates it, later ones read it."""
    with container.database.read_session() as s:
        row = s.get(InstallationSecret, LOCAL_SECRET_NAME)
        if row is not None:
            return row.value
    try:
        with container.database.session() as s:
            s.add(InstallationSecret(name=LOCAL_SECRET_NAME, value=secrets.token_urlsafe(48)))
    except IntegrityError:
        pass  # another process was first: use its secret
    with container.database.session() as s:
        row = s.get(InstallationSecret, LOCAL_SECRET_NAME)
        assert row is not None, "written above, by us or by another process"
        return row.value


def base_secret(container: KeyStore) -> str:
    """``KIEPE_LINK_SECRET``, or locally the database's generated one."""
    configured = container.settings.link_secret
    if configured:
        return configured
    if is_exposed(container.settings):
        raise ConfigurationError("KIEPE_LINK_SECRET must be set when Kiepe is reachable from outside")
    return _local_secret(container)


def key(container: KeyStore, purpose: str) -> bytes:
    """A 32-byte key for one purpose ("telegram-link", "web-session"), the same in every process.

    Ask outside any unit of work: the first call on a fresh local database writes the
    generated secret in a unit of work of its own (cached on the container afterwards).
    """
    cache = container.keys
    if purpose not in cache:
        cache[purpose] = hmac.new(base_secret(container).encode(), f"kiepe:{purpose}".encode(),
                                  hashlib.sha256).digest()
    return cache[purpose]
