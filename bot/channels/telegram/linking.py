"""Linking a shop's Telegram chat with a one-time code (``kiepe shops link-code SLUG``).

The code is signed, not stored: HMAC over the shop id and an expiry, so creating one needs
no table and a forged or expired code is refused. "One-time" comes from recording the
redemption in ``processed_events`` (source "telegram"); a second use finds it there.
The code is URL-safe and short enough for a ``t.me/<bot>?start=CODE`` deep link (≤ 64).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.settings import Settings
from ordering.errors import Conflict, Invalid
from ordering.models import ProcessedEvent, Shop

SOURCE = "telegram"
_MAC_BYTES = 8


@dataclass(frozen=True)
class LinkCode:
    code: str
    shop_slug: str
    expires_at: datetime

    def deep_link(self, bot_username: str | None) -> str | None:
        return f"https://t.me/{bot_username}?start={self.code}" if bot_username else None


def _key(settings: Settings) -> bytes:
    # A dedicated secret when configured; else derived from the admin token, which only the
    # region's operator knows, so codes need no extra setting for local use.
    secret = settings.telegram_link_secret or settings.admin_token
    return hashlib.sha256(f"kiepe-telegram-link:{secret}".encode()).digest()


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


def _unb32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def make_code(settings: Settings, shop: Shop, now: datetime) -> LinkCode:
    """A fresh code for ``shop``, valid for ``settings.telegram_link_code_hours``."""
    expires = now + timedelta(hours=settings.telegram_link_code_hours)
    # A random nonce so two codes for one shop differ (each is redeemable once).
    body = struct.pack(">IIH", shop.id, int(expires.timestamp()), secrets.randbits(16))
    mac = hmac.new(_key(settings), body, hashlib.sha256).digest()[:_MAC_BYTES]
    return LinkCode(_b32(body + mac), shop.slug, expires)


def _read(settings: Settings, code: str) -> tuple[int, datetime]:
    try:
        raw = _unb32(code.strip().upper())
    except (ValueError, TypeError):
        raise Invalid(f"not a link code: {code!r}") from None
    if len(raw) != 10 + _MAC_BYTES:
        raise Invalid(f"not a link code: {code!r}")
    body, mac = raw[:10], raw[10:]
    if not hmac.compare_digest(mac, hmac.new(_key(settings), body, hashlib.sha256).digest()[:_MAC_BYTES]):
        raise Invalid(f"link code with a wrong signature: {code!r}")
    shop_id, expires, _nonce = struct.unpack(">IIH", body)
    return shop_id, datetime.fromtimestamp(expires, tz=UTC)


def looks_like_code(text: str | None) -> bool:
    """True for something shaped like a link code (so "/start" with a deep-link payload is tried)."""
    text = (text or "").strip()
    return 26 <= len(text) <= 32 and text.replace("=", "").isalnum()


def redeem(session: Session, settings: Settings, code: str, chat_id: int, now: datetime) -> Shop:
    """Link ``chat_id`` to the code's shop; a chat serves one shop, so older links of the chat go.

    Raises Invalid (unknown, forged) or Conflict (expired, used).
    """
    shop_id, expires = _read(settings, code)
    if expires < now:
        raise Conflict(f"link code for shop {shop_id} expired at {expires.isoformat()}")
    shop = session.get(Shop, shop_id)
    if shop is None:
        raise Invalid(f"link code for unknown shop {shop_id}")
    marker = ProcessedEvent(id=f"telegram-link:{code.strip().upper()}", source=SOURCE, at=now,
                            payload=f"shop={shop.id} chat={chat_id}")
    try:
        with session.begin_nested():
            session.add(marker)
    except IntegrityError:
        raise Conflict(f"link code for shop {shop.slug} was used before") from None
    session.execute(update(Shop).where(Shop.telegram_chat_id == chat_id, Shop.id != shop.id)
                    .values(telegram_chat_id=None))
    shop.telegram_chat_id = chat_id
    session.flush()
    return shop


def shop_of_chat(session: Session, chat_id: int) -> Shop | None:
    """The shop this chat is linked to, if any."""
    return session.scalars(select(Shop).where(Shop.telegram_chat_id == chat_id).order_by(Shop.id)).first()
