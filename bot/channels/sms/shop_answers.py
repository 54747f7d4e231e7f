"""Shops without Telegram answer their orders by SMS: "JA 1234" or "NEIN 1234 [Grund]".

Only the shop's own phone number (``Shop.phone``, normalised) may answer, and only for its
own sub-orders. The answer confirms or rejects through ``ordering.orders`` (an OrderEvent
each) and is acknowledged by SMS. A repeated webhook (same MessageSid) gets the same answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.channels.sms import texts
from ordering import orders
from ordering.errors import Invalid, InvalidTransition, NotFound
from ordering.models import ProcessedEvent, Shop, SubOrder
from ordering.models import SubOrderStatus as S
from ordering.residents import normalize_phone

SOURCE = "twilio-sms"
_ANSWER = re.compile(
    r"^\s*(?P<word>ja|jo|ok|okay|nein|nee)\b[\s,.:;!#-]*(?:nr\.?|nummer|bestellung)?\s*#?\s*(?P<id>\d{1,9})\b"
    r"[\s,.:;!-]*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
YES_WORDS = {"ja", "jo", "ok", "okay"}


@dataclass(frozen=True)
class Answer:
    yes: bool
    sub_order_id: int
    reason: str = ""


def parse_answer(body: str | None) -> Answer | None:
    match = _ANSWER.match(body or "")
    if match is None:
        return None
    reason = " ".join(match["rest"].split())[:200]
    return Answer(match["word"].lower() in YES_WORDS, int(match["id"]), reason)


def shops_of_number(session: Session, number: str | None) -> list[Shop]:
    """The active shops whose phone is this number (one owner may run two shops)."""
    try:
        wanted = normalize_phone(number or "")
    except Invalid:
        return []
    found = []
    for shop in session.scalars(select(Shop).where(Shop.phone.is_not(None), Shop.active.is_(True))):
        try:
            if normalize_phone(shop.phone) == wanted:
                found.append(shop)
        except Invalid:
            continue
    return found


def handle_shop_sms(session: Session, *, message_sid: str | None, from_number: str | None, body: str | None,
                    now: datetime) -> str:
    """Apply one SMS from a shop; returns the text to answer with."""
    key = f"{SOURCE}:{message_sid}" if message_sid else None
    if key:
        seen = session.get(ProcessedEvent, key)
        if seen is not None:
            return seen.payload or ""
    reply = _decide(session, from_number, body, now)
    if key:
        session.add(ProcessedEvent(id=key, source=SOURCE, at=now, payload=reply))
        session.flush()
    return reply


def _decide(session: Session, from_number: str | None, body: str | None, now: datetime) -> str:
    shops = shops_of_number(session, from_number)
    if not shops:
        return texts.UNKNOWN_NUMBER
    answer = parse_answer(body)
    if answer is None:
        return texts.NOT_UNDERSTOOD + texts.open_orders_hint(_open_ids(session, shops))
    sub = session.get(SubOrder, answer.sub_order_id, with_for_update=True)  # two answers at once: one wins
    shop = next((s for s in shops if sub is not None and s.id == sub.shop_id), None)
    if sub is None or shop is None:
        return texts.NO_SUCH_ORDER.format(id=answer.sub_order_id) + texts.open_orders_hint(_open_ids(session, shops))
    if sub.status != S.placed:
        return texts.ALREADY.format(id=sub.id, status=texts.STATUS_WORDS.get(sub.status, sub.status))
    actor = f"shop:{shop.slug}"
    try:
        if answer.yes:
            orders.confirm(session, sub.id, shop_id=shop.id, actor=actor, now=now)
        else:
            orders.reject(session, sub.id, shop_id=shop.id, actor=actor, now=now, reason=answer.reason or "per SMS")
    except (InvalidTransition, NotFound):
        session.refresh(sub)
        return texts.ALREADY.format(id=sub.id, status=texts.STATUS_WORDS.get(sub.status, sub.status))
    if sub.status == S.confirmed:
        return texts.CONFIRMED.format(id=sub.id)
    if sub.status == S.partly_confirmed:
        names = ", ".join(l.name for l in sub.lines if l.rejected)
        return texts.PARTLY_CONFIRMED.format(id=sub.id, names=names)
    return texts.REJECTED.format(id=sub.id)


def _open_ids(session: Session, shops: list[Shop]) -> list[int]:
    ids: list[int] = []
    for shop in shops:
        ids += [s.id for s in orders.sub_orders_of_shop(session, shop.id, status=S.placed, limit=5)]
    return sorted(ids)[:5]
