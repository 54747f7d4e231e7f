"""Substitutes by SMS (issue 17).

Shops: "ERSATZ K7M3PX 2 Export" — the sub-order's answer code, the line's number as the order
SMS lists it, and the substitute (its name or catalog id, or the start of it). "ERSATZ K7M3PX 2"
alone lists what may be offered. From the shop's own number only, like "JA K7M3PX".

Residents: "JA Q4TRXM" / "NEIN Q4TRXM" — the offer's own random code from our question, from the
number the order was placed with. A code that is no open offer of that number gets no hint.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.application.error_wording import resident_text, shop_text
from bot.channels.sms.shop_answers import parse_answer, shops_of_number
from ordering import substitutes
from ordering.errors import Invalid, OrderingError
from ordering.models import ANSWER_CODE_LENGTH, Product, SubOrder
from ordering.money import format_euro
from ordering.residents import normalize_phone

log = logging.getLogger(__name__)

_SUBSTITUTE = re.compile(
    rf"^\s*ersatz\b[\s:#]*(?P<code>[A-Za-z0-9]{{{ANSWER_CODE_LENGTH}}})\b\s*(?P<line>\d{{1,3}})?\s*(?P<product>.*)$",
    re.IGNORECASE | re.DOTALL,
)
SHOP_HELP = ("Kiepe: Ersatz bitte so: ERSATZ {code} <Nr. der Zeile> <Ersatzartikel>, zum Beispiel "
             "ERSATZ {code} 1 Export.")
SHOP_CHOICES = "Kiepe: Als Ersatz für {line} (höchstens {cents}) möglich: {names}. Antworten Sie ERSATZ {code} {number} <Artikel>."
SHOP_NO_CHOICE = "Kiepe: Für {line} haben Sie nichts Gleichwertiges bis {cents}. Bitte lehnen Sie den Artikel ab."
SHOP_PROPOSED = "Kiepe: Danke! Wir fragen die Kundschaft, ob {product} statt {line} recht ist, und melden uns."
SHOP_REFUSED = "Kiepe: Das geht nicht: {reason}"
NO_SUCH_OFFER = "Kiepe: Den Code {code} kenne ich für Ihre Nummer nicht. Bitte prüfen Sie den Code in unserer SMS."
RESIDENT_ACCEPTED = "Kiepe: Danke! Sie bekommen {product} statt {line}.{money}"
RESIDENT_DECLINED = "Kiepe: Danke! Sie bekommen keinen Ersatz für {line}.{money}"


def question(offer: substitutes.SubstituteOffer, shop_name: str, deadline: str) -> str:
    """What the resident reads: the shop, what is missing, the offer and its price, how to answer."""
    saving = offer.ordered_cents - offer.offered_cents
    price = (f"Sie zahlen {format_euro(saving)} weniger" if saving > 0 else "zum gleichen Preis")
    return (f"Kiepe: {shop_name} hat {offer.ordered_name} leider nicht. Statt dessen: {offer.product.name}, "
            f"{format_euro(offer.offered_cents)} ({price}). Recht so? Antworten Sie bis {deadline} mit "
            f"JA {offer.answer_code} oder NEIN {offer.answer_code}.")


def outcome(offer: substitutes.SubstituteOffer, online: bool) -> str:
    """The resident's confirmation after their answer (or the deadline's)."""
    back = offer.money_back_cents
    verb = "erstatten wir Ihnen" if online else "zahlen Sie weniger"
    money = f" {format_euro(back)} {verb}." if back > 0 else ""
    template = RESIDENT_ACCEPTED if offer.status == substitutes.ACCEPTED else RESIDENT_DECLINED
    return template.format(product=offer.product.name, line=offer.ordered_name, money=money)


def handle_substitute_sms(session: Session, *, from_number: str | None, body: str | None, now: datetime,
                          answer_hours: int, wrong_code: Callable[[], None] = lambda: None) -> str | None:
    """The reply to a substitute SMS, or None when the SMS is none (the shop answers take over)."""
    match = _SUBSTITUTE.match(body or "")
    if match is not None:
        return _shop_proposes(session, from_number, match, now, answer_hours, wrong_code)
    answer = parse_answer(body)
    if answer is None or shops_of_number(session, from_number):
        return None  # not a yes/no, or a shop's answer to its order
    offer = _offer_of_sender(session, answer.code, from_number)
    if offer is None:
        if not _awaits_an_answer(session, from_number) and substitutes.offer_by_code(session, answer.code) is None:
            return None  # no resident asked from this number: the shops' answers explain themselves
        wrong_code()
        return NO_SUCH_OFFER.format(code=answer.code)
    try:
        substitutes.answer(session, offer.id, answer.yes, actor=f"resident:{offer.sub_order.order.resident_id}", now=now)
    except OrderingError as exc:
        return f"Kiepe: {resident_text(exc)}"
    return outcome(offer, offer.sub_order.order.payment_method == "online")


def _awaits_an_answer(session: Session, number: str | None) -> bool:
    """Whether an order placed with this number has a substitute waiting for the resident's answer."""
    try:
        phone = normalize_phone(number or "")
    except Invalid:
        return False
    return bool(substitutes.open_offers_for_phone(session, phone))


def _offer_of_sender(session: Session, code: str, number: str | None) -> substitutes.SubstituteOffer | None:
    offer = substitutes.offer_by_code(session, code)
    if offer is None:
        return None
    try:
        same = normalize_phone(number or "") == normalize_phone(offer.sub_order.order.customer_phone or "")
    except Invalid:
        return None
    return offer if same else None


def _shop_proposes(session: Session, from_number: str | None, match: re.Match[str], now: datetime,
                   answer_hours: int, wrong_code: Callable[[], None]) -> str:
    shops = shops_of_number(session, from_number)
    code = match["code"].upper()
    if not shops:
        return "Kiepe: Diese Nummer gehört zu keinem Geschäft bei Kiepe."
    sub = session.scalar(select(SubOrder).where(SubOrder.answer_code == code,
                                                SubOrder.shop_id.in_([s.id for s in shops])))
    if sub is None:
        wrong_code()
        return f"Kiepe: Den Code {code} kenne ich für Ihr Geschäft nicht. Bitte prüfen Sie den Code in unserer SMS."
    if not match["line"]:
        return SHOP_HELP.format(code=code)
    number = int(match["line"])
    line = sub.lines[number - 1] if 0 < number <= len(sub.lines) else None
    if line is None or line.is_deposit or line.product_id is None:
        return SHOP_REFUSED.format(reason=f"Zeile {number} ist kein Artikel dieser Bestellung.")
    options = [p for p in substitutes.candidates(session, line) if substitutes.offerable(line, p)]
    wanted = " ".join(match["product"].split()).casefold()
    product = _pick(options, wanted) if wanted else None
    if product is None:
        if not options:
            return SHOP_NO_CHOICE.format(line=line.name, cents=format_euro(line.total_cents))
        names = ", ".join(p.name for p in options[:5])
        return SHOP_CHOICES.format(line=line.name, cents=format_euro(line.total_cents), names=names, code=code,
                                   number=number)
    try:
        substitutes.propose(session, sub.id, line.id, product.id, shop_id=sub.shop_id,
                            actor=f"shop:{sub.shop.slug}", now=now, answer_hours=answer_hours)
    except OrderingError as exc:
        log.info("substitute refused: %s", exc.message)
        return SHOP_REFUSED.format(reason=shop_text(exc))
    return SHOP_PROPOSED.format(product=product.name, line=line.name)


def _pick(options: list[Product], wanted: str) -> Product | None:
    """The product named: its id, its name, or the one product whose name starts so."""
    for product in options:
        if wanted in (product.slug.casefold(), product.name.casefold()):
            return product
    starts = [p for p in options if p.name.casefold().startswith(wanted) or p.slug.casefold().startswith(wanted)]
    return starts[0] if len(starts) == 1 else None

