"""Forgetting what nobody uses: idle open carts and unused web chat sessions.

A web chat session's key is the visitor's only credential and its transcript may hold personal
data, so an unused one goes: one that never got a cart line or a resident after a day, any other
after a month (the settings say how long). An open cart nobody touched for a fortnight is
abandoned: its window hold is given back, its lines go, the row stays as ``abandoned``.
Each round handles a bounded batch, so a large backlog never holds a long transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from ordering import windows
from ordering.models import Cart, CartLine, Conversation

BATCH = 500
WEB = "web"


@dataclass(frozen=True)
class ExpiryRules:
    web_session_empty: timedelta
    web_session_idle: timedelta
    cart_idle: timedelta


@dataclass(frozen=True)
class Expired:
    web_sessions: int
    carts: int


def expire_unused(session: Session, now: datetime, rules: ExpiryRules) -> Expired:
    """One round: web sessions first (their carts go with them), then idle carts."""
    sessions = _expire_web_sessions(session, now, rules)
    carts = abandon_carts(session, _idle_cart_ids(session, now - rules.cart_idle))
    return Expired(sessions, carts)


def _expire_web_sessions(session: Session, now: datetime, rules: ExpiryRules) -> int:
    has_lines = exists().where(CartLine.cart_id == Conversation.cart_id)
    empty = (Conversation.resident_id.is_(None) & ~has_lines & (Conversation.updated_at < now - rules.web_session_empty))
    idle = Conversation.updated_at < now - rules.web_session_idle
    rows = session.execute(
        select(Conversation.id, Conversation.cart_id).where(Conversation.channel == WEB, empty | idle).limit(BATCH)
    ).all()
    if not rows:
        return 0
    abandon_carts(session, [r.cart_id for r in rows if r.cart_id is not None], only_unowned=True)
    session.execute(delete(Conversation).where(Conversation.id.in_([r.id for r in rows])))
    return len(rows)


def _idle_cart_ids(session: Session, before: datetime) -> list[int]:
    used_lately = exists().where(Conversation.cart_id == Cart.id, Conversation.updated_at >= before)
    query = select(Cart.id).where(Cart.status == "open", Cart.updated_at < before, ~used_lately)
    return list(session.scalars(query.order_by(Cart.id).limit(BATCH)))


def abandon_carts(session: Session, cart_ids: list[int], *, only_unowned: bool = False) -> int:
    """Give back the carts' holds, drop their lines and mark them abandoned; returns how many.

    ``only_unowned``: a cart that belongs to a resident stays (they may go on by phone or API).
    """
    query = select(Cart.id).where(Cart.id.in_(cart_ids), Cart.status == "open")
    if only_unowned:
        query = query.where(Cart.resident_id.is_(None))
    ids = list(session.scalars(query))
    for cart_id in ids:
        windows.release_cart_holds(session, cart_id)
    if ids:
        session.execute(update(Conversation).where(Conversation.cart_id.in_(ids)).values(cart_id=None))
        session.execute(delete(CartLine).where(CartLine.cart_id.in_(ids)))
        session.execute(update(Cart).where(Cart.id.in_(ids)).values(status="abandoned", hold_id=None))
    return len(ids)
