"""Substitutes (issue 17): a shop out of an item proposes another of its own, the resident decides.

The shop proposes (from the product's ``substitutes`` or any product of its own it sells) or
rejects the line as before. The resident answers in their channel; an offer unanswered by its
deadline (``answer_hours`` before the window, default two) follows the preference said once at
ordering (``Order.substitute_preference``: "accept" / "decline"), and without one there is no
substitute. Nothing dearer than the line as ordered is offered: that is what was paid (or
authorised), so a substitute never needs new money.

Money follows the answer. Accepted: the line becomes the substitute in place (the offer keeps
what was ordered), and the difference is refunded (``savings_cents`` goes into the split's card
refund). Declined or lapsed without consent: the line is rejected and refunded like any other.
Each answer writes an outbox event carrying the sub-order, so the payment handlers settle again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ordering.errors import (
    AnswerTooLate,
    Invalid,
    LineSettled,
    NotFound,
    OfferDecided,
    OrderCancelled,
    OtherDeposit,
    PackedAlready,
    SubstituteTooDear,
    SubstituteUnfit,
    TooLateToAsk,
)
from ordering.event_details import SubstituteDecided, SubstitutePreference, SubstituteProposed
from ordering.models import (
    ANSWER_CODE_LENGTH,
    Base,
    Order,
    OrderEvent,
    OrderLine,
    Product,
    SubOrder,
    UTCDateTime,
    new_answer_code,
    utcnow,
)
from ordering.money import format_euro, line_total

PROPOSED, ACCEPTED, DECLINED = "proposed", "accepted", "declined"
PREFERENCES = ("accept", "decline")
DEFAULT_ANSWER_HOURS = 2
# A shop may propose while it has not confirmed yet, or after, as long as nothing is packed.
PROPOSABLE_STATUSES = frozenset({"placed", "confirmed", "partly_confirmed"})


class SubstituteOffer(Base):
    """A shop's proposal to supply ``product`` instead of the line ordered, and its answer."""

    __tablename__ = "substitute_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    sub_order_id: Mapped[int] = mapped_column(ForeignKey("sub_orders.id"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    # What was ordered, kept: accepting turns the line into the substitute.
    ordered_name: Mapped[str] = mapped_column(String(200))
    ordered_cents: Mapped[int] = mapped_column(Integer)
    offered_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=PROPOSED)
    # "resident", "preference" (deadline passed, the preference said at ordering) or "deadline".
    decided_by: Mapped[str | None] = mapped_column(String(16))
    # The resident answers by SMS with this code ("JA K7M3PX"); random, so it cannot be guessed.
    answer_code: Mapped[str] = mapped_column(String(ANSWER_CODE_LENGTH), index=True, default=new_answer_code)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    product: Mapped[Product] = relationship()
    line: Mapped[OrderLine] = relationship()
    sub_order: Mapped[SubOrder] = relationship()

    @property
    def money_back_cents(self) -> int:
        """What the resident pays less once decided: the difference, or the line and its Pfand."""
        if self.status == ACCEPTED:
            return self.savings_cents
        if self.status == DECLINED:
            return self.ordered_cents + sum(l.total_cents for l in self.sub_order.lines
                                            if l.deposit_for_line_id == self.line_id)
        return 0

    @property
    def savings_cents(self) -> int:
        """What the resident gets back when the cheaper substitute is taken."""
        return self.ordered_cents - self.offered_cents if self.status == ACCEPTED else 0


def deadline_for(sub: SubOrder, answer_hours: int = DEFAULT_ANSWER_HOURS) -> datetime:
    return sub.order.slot.start - timedelta(hours=answer_hours)


def candidates(session: Session, line: OrderLine) -> list[Product]:
    """What the shop may offer for ``line``: the catalog's substitutes first, then its other goods."""
    if line.product_id is None or line.is_deposit:
        return []
    ordered = session.get(Product, line.product_id)
    if ordered is None:
        return []
    shop_products = [p for p in ordered.shop.products if p.id != ordered.id and p.listed and p.available
                     and not p.is_service and p.unit == ordered.unit]
    named = [slug for slug in (ordered.substitutes or [])]
    first = sorted((p for p in shop_products if p.slug in named), key=lambda p: named.index(p.slug))
    return first + [p for p in shop_products if p.slug not in named]


def offerable(line: OrderLine, product: Product) -> bool:
    """No dearer than the line as paid, with the same Pfand as the goods ordered."""
    same_pfand = (product.deposit_cents or 0) == _ordered_deposit(line)
    return same_pfand and line.quantity is not None and line_total(line.quantity, product.price_cents) <= line.total_cents


def _ordered_deposit(line: OrderLine) -> int:
    pfand = next((l for l in line.sub_order.lines if l.deposit_for_line_id == line.id), None)
    return (pfand.unit_price_cents or 0) if pfand is not None else 0


def set_preference(session: Session, order_id: int, preference: str | None, *, actor: str, now: datetime) -> None:
    """The resident's word at ordering: "accept", "decline", or None (ask, and no answer: none)."""
    if preference is not None and preference not in PREFERENCES:
        raise Invalid(f"substitute preference {preference!r} is not one of {PREFERENCES}", field="substitute_preference")
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"order {order_id} does not exist")
    order.substitute_preference = preference
    order.events.append(OrderEvent(at=now, actor=actor, event="substitute_preference",
                                   detail=SubstitutePreference(preference).to_json()))
    session.flush()


def propose(session: Session, sub_order_id: int, line_id: int, product_id: int, *, shop_id: int, actor: str,
            now: datetime, answer_hours: int = DEFAULT_ANSWER_HOURS) -> SubstituteOffer:
    """The shop cannot supply ``line_id`` and offers ``product_id`` of its own instead."""
    sub = session.get(SubOrder, sub_order_id)
    if sub is None or sub.shop_id != shop_id:
        raise NotFound(f"sub-order {sub_order_id} does not exist")
    if sub.status not in PROPOSABLE_STATUSES:
        raise PackedAlready(f"sub-order {sub.id} is {sub.status}; substitutes are proposed before packing")
    line = next((l for l in sub.lines if l.id == line_id), None)
    if line is None or line.is_deposit or line.product_id is None:
        raise NotFound(f"line {line_id} is not a product line of sub-order {sub.id}")
    if line.rejected:
        raise LineSettled(f"line {line_id} ({line.name}) is rejected already", line=line.name, offered=False)
    if session.scalar(select(SubstituteOffer).where(SubstituteOffer.line_id == line.id)) is not None:
        raise LineSettled(f"line {line_id} ({line.name}) has a substitute proposed already", line=line.name,
                          offered=True)
    product = session.get(Product, product_id)
    if product is None or product.shop_id != shop_id or product.id == line.product_id:
        raise NotFound(f"product {product_id} is not another product of this shop")
    if not product.listed or not product.available or product.is_service or product.unit != line.unit:
        raise SubstituteUnfit(f"{product.name} cannot replace {line.name} (not available, or sold in another unit)",
                              product=product.name, line=line.name)
    if (product.deposit_cents or 0) != _ordered_deposit(line):
        raise OtherDeposit(f"{product.name} has another Pfand than {line.name}; offer goods with the same Pfand",
                           product=product.name, line=line.name)
    offered = line_total(line.quantity or Decimal(0), product.price_cents)
    if offered > line.total_cents:
        raise SubstituteTooDear(f"{product.name} would cost {format_euro(offered)} for this line, more than the "
                                f"{format_euro(line.total_cents)} paid: at most {format_euro(line.total_cents)}",
                                product=product.name, most_cents=line.total_cents)
    deadline = deadline_for(sub, answer_hours)
    if deadline <= now:
        raise TooLateToAsk(f"too late to ask: the answer would be due {deadline:%Y-%m-%d %H:%M} UTC; reject the line")
    offer = SubstituteOffer(order_id=sub.order_id, sub_order_id=sub.id, line_id=line.id, product_id=product.id,
                            ordered_name=line.name, ordered_cents=line.total_cents, offered_cents=offered,
                            proposed_at=now, deadline=deadline)
    session.add(offer)
    session.flush()
    sub.order.events.append(OrderEvent(sub_order_id=sub.id, at=now, actor=actor, event="substitute_proposed",
                                       detail=SubstituteProposed(offer_id=offer.id, line_id=line.id, product=product.name,
                                                                 offered_cents=offered).to_json()))
    session.flush()
    return offer


def answer(session: Session, offer_id: int, accepted: bool, *, actor: str, now: datetime,
           decided_by: str = "resident", resident_id: int | None = None) -> SubstituteOffer:
    """The resident's yes or no (or the deadline's). Answering twice the same way changes nothing."""
    offer = session.get(SubstituteOffer, offer_id)
    if offer is None or (resident_id is not None and offer.sub_order.order.resident_id != resident_id):
        raise NotFound(f"substitute offer {offer_id} does not exist")
    wanted = ACCEPTED if accepted else DECLINED
    if offer.status == wanted:
        return offer
    if offer.status != PROPOSED:
        raise OfferDecided(f"substitute offer {offer.id} is {offer.status} already",
                           by_resident=offer.decided_by == "resident")
    if decided_by == "resident" and now > offer.deadline:
        raise AnswerTooLate(f"substitute offer {offer.id}: the answer was due by {offer.deadline}")
    line, sub = offer.line, offer.sub_order
    if accepted and sub.status in ("cancelled", "rejected"):
        raise OrderCancelled(f"sub-order {sub.id} is {sub.status}; nothing to substitute")
    if accepted:
        product = offer.product
        line.product_id, line.product_slug, line.name = product.id, product.slug, product.name
        line.label, line.size, line.unit_price_cents = product.label, product.size, product.price_cents
        line.vat, line.total_cents, line.min_age = product.vat, offer.offered_cents, product.min_age
        for pfand in sub.lines:
            if pfand.deposit_for_line_id == line.id:
                pfand.name, pfand.product_id, pfand.product_slug = f"Pfand {product.name}", product.id, product.slug
        if product.min_age and (sub.order.min_age or 0) < product.min_age:
            sub.order.min_age = product.min_age
    else:
        line.rejected = True
        for pfand in sub.lines:
            if pfand.deposit_for_line_id == line.id:
                pfand.rejected = True
    offer.status, offer.decided_by, offer.answered_at = wanted, decided_by, now
    sub.order.events.append(OrderEvent(
        sub_order_id=sub.id, at=now, actor=actor, event=f"substitute_{wanted}",
        detail=SubstituteDecided(offer_id=offer.id, savings_cents=offer.savings_cents, decided_by=decided_by).to_json()))
    session.flush()
    return offer


def apply_lapsed(session: Session, now: datetime) -> list[SubstituteOffer]:
    """Offers past their deadline: the preference said at ordering decides, else no substitute."""
    due = session.scalars(select(SubstituteOffer).where(SubstituteOffer.status == PROPOSED,
                                                        SubstituteOffer.deadline <= now).order_by(SubstituteOffer.id))
    decided = []
    for offer in list(due):
        preference = offer.sub_order.order.substitute_preference
        gone = offer.sub_order.status in ("cancelled", "rejected")  # nothing left to substitute
        decided.append(answer(session, offer.id, preference == "accept" and not gone, actor="system", now=now,
                              decided_by="deadline" if gone or not preference else "preference"))
    return decided


def savings_cents(session: Session, sub: SubOrder) -> int:
    """Refund owed for cheaper substitutes taken in this part."""
    offers = session.scalars(select(SubstituteOffer).where(SubstituteOffer.sub_order_id == sub.id,
                                                           SubstituteOffer.status == ACCEPTED))
    return sum(o.savings_cents for o in offers)


def offer_by_code(session: Session, code: str) -> SubstituteOffer | None:
    """The offer a resident's SMS names (open or decided: a late answer hears that it is late)."""
    return session.scalar(select(SubstituteOffer).where(SubstituteOffer.answer_code == code.upper())
                          .order_by(SubstituteOffer.id.desc()).limit(1))


def open_offers_for_phone(session: Session, phone: str) -> list[SubstituteOffer]:
    query = (select(SubstituteOffer).join(Order, Order.id == SubstituteOffer.order_id)
             .where(SubstituteOffer.status == PROPOSED, Order.customer_phone == phone))
    return list(session.scalars(query))


def offers_of_order(session: Session, order_id: int) -> list[SubstituteOffer]:
    query = select(SubstituteOffer).where(SubstituteOffer.order_id == order_id).order_by(SubstituteOffer.id)
    return list(session.scalars(query))
