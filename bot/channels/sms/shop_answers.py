"""Shops without Telegram answer their orders by SMS: "JA K7M3PX" or "NEIN K7M3PX [Grund]".

The code is the sub-order's random answer code, sent only to the shop in its order SMS; the
sender must also be the shop's own number (``Shop.phone``, normalised). A shop's number is
public and a sender can be faked, so the number alone proves nothing, and a wrong code gets no
hint: no list of open orders, no order ids. The answer confirms or rejects through
``ordering.orders`` (an OrderEvent each) and is acknowledged by SMS. A repeated webhook (same
MessageSid) gets the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.channels.sms import shop_weights, texts
from ordering import orders
from ordering.errors import Invalid, InvalidTransition, NotFound
from ordering.models import ANSWER_CODE_LENGTH, ProcessedEvent, Shop, SubOrder
from ordering.models import SubOrderStatus as S
from ordering.residents import normalize_phone

SOURCE = "twilio-sms"
_ANSWER = re.compile(
    r"^\s*(?P<word>ja|jo|ok|okay|nein|nee)\b[\s,.:;!#-]*(?:code|bestellung)?[\s:#]*"
    rf"(?P<code>[A-Za-z0-9]{{{ANSWER_CODE_LENGTH}}})\b[\s,.:;!-]*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
YES_WORDS = {"ja", "jo", "ok", "okay"}


@dataclass(frozen=True)
class Answer:
    yes: bool
    code: str  # upper case
    reason: str = ""


def parse_answer(body: str | None) -> Answer | None:
    match = _ANSWER.match(body or "")
    if match is None:
        return None
    reason = " ".join(match["rest"].split())[:200]
    return Answer(match["word"].lower() in YES_WORDS, match["code"].upper(), reason)


def shops_of_number(session: Session, number: str | None) -> list[Shop]:
    """The active shops whose phone is this number (one owner may run two shops)."""
    try:
        wanted = normalize_phone(number or "")
    except Invalid:
        return []
    found = []
    for shop in session.scalars(select(Shop).where(Shop.phone.is_not(None), Shop.active.is_(True))):
        try:
            if shop.phone and normalize_phone(shop.phone) == wanted:
                found.append(shop)
        except Invalid:
            continue
    return found


def handle_shop_sms(session: Session, *, message_sid: str | None, from_number: str | None, body: str | None,
                    now: datetime, wrong_code: Callable[[], None] = lambda: None,
                    first: Callable[[], str | None] | None = None) -> str:
    """Apply one SMS from a shop; returns the text to answer with. ``wrong_code`` is called when
    a shop's number sends a code that is none of its open orders' (it may raise to refuse).
    ``first`` may claim the SMS before (substitutes: a shop's ERSATZ, a resident's JA/NEIN)."""
    key = f"{SOURCE}:{message_sid}" if message_sid else None
    if key:
        seen = session.get(ProcessedEvent, key)
        if seen is not None:
            return seen.payload or ""
    reply = (first() if first is not None else None) or _decide(session, from_number, body, now, wrong_code)
    if key:
        session.add(ProcessedEvent(id=key, source=SOURCE, at=now, payload=reply))
        session.flush()
    return reply


def _decide(session: Session, from_number: str | None, body: str | None, now: datetime,
            wrong_code: Callable[[], None]) -> str:
    shops = shops_of_number(session, from_number)
    if not shops:
        return texts.UNKNOWN_NUMBER
    weight = shop_weights.parse(body)  # "GEWICHT K7M3PX 0,312"
    if weight is not None:
        return shop_weights.apply(session, shops, weight, now, wrong_code)
    answer = parse_answer(body)
    if answer is None:
        return texts.NOT_UNDERSTOOD
    query = select(SubOrder).where(SubOrder.answer_code == answer.code, SubOrder.shop_id.in_([s.id for s in shops]))
    sub = session.scalar(query.with_for_update())  # two answers at once: one wins
    if sub is None:
        wrong_code()
        return texts.NO_SUCH_ORDER.format(code=answer.code)
    shop = next(s for s in shops if s.id == sub.shop_id)
    if sub.status != S.placed:
        return _already(sub)
    actor = f"shop:{shop.slug}"
    try:
        if answer.yes:
            orders.confirm(session, sub.id, shop_id=shop.id, actor=actor, now=now)
        else:
            orders.reject(session, sub.id, shop_id=shop.id, actor=actor, now=now, reason=answer.reason or "per SMS")
    except (InvalidTransition, NotFound):
        session.refresh(sub)
        return _already(sub)
    if sub.status == S.confirmed:
        return texts.CONFIRMED.format(code=sub.answer_code)
    if sub.status == S.partly_confirmed:
        names = ", ".join(l.name for l in sub.lines if l.rejected)
        return texts.PARTLY_CONFIRMED.format(code=sub.answer_code, names=names)
    return texts.REJECTED.format(code=sub.answer_code)


def _already(sub: SubOrder) -> str:
    return texts.ALREADY.format(code=sub.answer_code, status=texts.STATUS_WORDS.get(sub.status, sub.status))
