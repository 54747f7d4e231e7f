"""Linking a shop's Telegram chat with a one-time code (``kiepe shops link-code SLUG``).

The code is signed, not stored: HMAC over the shop id, an expiry and a random nonce, so
creating one needs no table and a forged or expired code is refused. The key is the
installation's own (``bot.installation_keys``), never the admin token. "One-time" comes from
recording the redeemed nonce in ``processed_events`` (source "telegram"); a second use finds
it there. Only the canonical spelling is accepted (upper or lower case, no padding, unused
Base32 bits zero), so one code cannot be spelled several ways; the marker is keyed on the
decoded bytes anyway. The code is 40 Base32 characters, URL-safe and short enough for a
``t.me/<bot>?start=CODE`` deep link (≤ 64).
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

from bot import installation_keys
from ordering.errors import Conflict, Invalid
from ordering.models import Conversation, ProcessedEvent, Shop

SOURCE = "telegram"
_BODY = struct.Struct(">IIQ")  # shop id, expiry (unix seconds), random nonce
_MAC_BYTES = 9  # body + MAC = 25 bytes = exactly 40 Base32 characters, no padding bits
CODE_LENGTH = (_BODY.size + _MAC_BYTES) * 8 // 5


@dataclass(frozen=True)
class LinkCode:
    code: str
    shop_slug: str
    expires_at: datetime

    def deep_link(self, bot_username: str | None) -> str | None:
        return f"https://t.me/{bot_username}?start={self.code}" if bot_username else None


def signing_key(container: installation_keys.KeyStore) -> bytes:
    """The key of link codes; ask before opening the unit of work that makes or redeems one."""
    return installation_keys.key(container, "telegram-link")


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).digest()[:_MAC_BYTES]


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


def make_code(key: bytes, shop: Shop, now: datetime, *, hours: int) -> LinkCode:
    """A fresh code for ``shop``, valid for ``hours`` (``telegram_link_code_hours``)."""
    expires = now + timedelta(hours=hours)
    # A random nonce so two codes for one shop differ (each is redeemable once).
    body = _BODY.pack(shop.id, int(expires.timestamp()), secrets.randbits(64))
    return LinkCode(_b32(body + _mac(key, body)), shop.slug, expires)


def _read(key: bytes, code: str) -> tuple[int, datetime, int]:
    """The shop id, expiry and nonce of a genuine code in its one canonical spelling."""
    text = code.strip().upper()
    if len(text) != CODE_LENGTH or not text.isalnum():
        raise Invalid("not a link code")
    try:
        raw = base64.b32decode(text)
    except (ValueError, TypeError):
        raise Invalid("not a link code") from None
    if _b32(raw) != text:  # a second spelling of the same bytes is not the code that was issued
        raise Invalid("not a link code")
    body, mac = raw[:_BODY.size], raw[_BODY.size:]
    if not hmac.compare_digest(mac, _mac(key, body)):
        raise Invalid("link code with a wrong signature")
    shop_id, expires, nonce = _BODY.unpack(body)
    return shop_id, datetime.fromtimestamp(expires, tz=UTC), nonce


def looks_like_code(text: str | None) -> bool:
    """True for something shaped like a link code (so "/start" with a deep-link payload is tried)."""
    text = (text or "").strip()
    return len(text) == CODE_LENGTH and text.isalnum()


def redeem(session: Session, key: bytes, code: str, chat_id: int, now: datetime) -> Shop:
    """Link ``chat_id`` to the code's shop; a chat serves one shop, so older links of the chat go.

    Raises Invalid (unknown, forged) or Conflict (expired, used).
    """
    shop_id, expires, nonce = _read(key, code)
    if expires < now:
        raise Conflict(f"link code for shop {shop_id} expired at {expires.isoformat()}")
    shop = session.get(Shop, shop_id)
    if shop is None:
        raise Invalid(f"link code for unknown shop {shop_id}")
    # Keyed on what the code says, not on how it was spelled: one nonce, one redemption.
    marker = ProcessedEvent(id=f"telegram-link:{shop_id}:{nonce:016x}", source=SOURCE, at=now,
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


SHOP_CHAT = "tg-shop"  # Conversation.channel of a shop's Telegram chat: its open proposals and weighings


def shop_chat_conversation(session: Session, chat_id: int) -> Conversation:
    """The shop chat's own state (product proposals by photo, a weight being entered), made on first use."""
    conversation = session.scalar(select(Conversation).where(Conversation.channel == SHOP_CHAT,
                                                             Conversation.external_id == str(chat_id)))
    if conversation is None:
        conversation = Conversation(channel=SHOP_CHAT, external_id=str(chat_id), state={}, transcript=[])
        session.add(conversation)
    return conversation
