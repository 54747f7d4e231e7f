"""The console's own tables: personal accounts and their sessions.

A session is a random token in an HttpOnly cookie; only its SHA-256 is stored, so neither the
database nor a backup holds a usable credential. Each session carries its CSRF token, which
every form of the console sends back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ordering.models import Base, Region, Shop, UTCDateTime, utcnow

ROLES = ("coordinator", "shop", "courier")
ROLE_WORDS = {"coordinator": "Koordination", "shop": "Geschäft", "courier": "Kurier"}


class ConsoleUser(Base):
    """A person who logs in to the console: a coordinator, a shop's staff (one shop) or a courier."""

    __tablename__ = "console_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, with its own salt and parameters
    role: Mapped[str] = mapped_column(String(16))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shops.id"))  # shop staff only
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    region: Mapped[Region] = relationship()
    shop: Mapped[Shop | None] = relationship()


class ConsoleSession(Base):
    __tablename__ = "console_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[ConsoleUser] = relationship()
