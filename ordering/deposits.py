"""Pfand (issue 17): deposit lines charged with the goods, empties taken back, deposit refunded.

A product with ``deposit_cents`` gets, at checkout, a second order line right after its own: the
Pfand, ``quantity`` × the deposit per piece, at the product's VAT rate (German law: the deposit
shares the VAT of the drink). Being a line of the shop's sub-order, it is part of every total,
of the online charge and of the shop's transfer without further ado, and it is rejected with
its product (``orders.reject_line``).

Empties come back at the door or the station, counted per *deposit type* (what a piece is
called and its deposit: "Kasten à 3,10 €"). The default is a refund, not a credit on the next
order: money goes back the way it came, at once (Stripe refund for card orders, less to pay at
the door for cash orders), the shop that got the deposit in its transfer gives it back (transfer
reversal), and Kiepe keeps no per-resident balance that could be stranded, expire, or outlive an
erasure request. Per order and type, at most as many empties as that order delivered are taken
(so a refund never exceeds what was charged and transferred); more are returned with the next
order that brings that type.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ordering.errors import (
    EmptiesAfterPayment,
    EmptiesBeforeHandover,
    EmptiesCountInvalid,
    EmptiesNotDelivered,
    Invalid,
    NotFound,
    TooManyEmpties,
)
from ordering.event_details import EmptiesReturned
from ordering.models import Base, OrderEvent, OrderLine, Product, SubOrder, UTCDateTime, utcnow
from ordering.money import format_euro, line_total

# Empties can be noted once the shop has packed: at the door, at the station, or just after.
EMPTIES_STATUSES = frozenset({"ready", "with_courier", "at_station", "delivered", "collected"})
PIECE_WORD = "Stück"


class DepositReturn(Base):
    """Empties of one deposit type taken back for one shop's part of an order (a running count)."""

    __tablename__ = "deposit_returns"
    __table_args__ = (UniqueConstraint("sub_order_id", "deposit_cents", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    sub_order_id: Mapped[int] = mapped_column(ForeignKey("sub_orders.id"))
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    deposit_cents: Mapped[int] = mapped_column(Integer)  # per piece
    label: Mapped[str] = mapped_column(String(50))  # "Kasten", "Flasche", "Stück"
    count: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))

    @property
    def cents(self) -> int:
        return self.count * self.deposit_cents


@dataclass(frozen=True, order=True)
class DepositType:
    """What one returnable piece is called and what it is worth: "Kasten à 3,10 €"."""

    label: str
    cents: int

    @property
    def key(self) -> str:
        """A form field's stable name for this type ("310:Kasten")."""
        return f"{self.cents}:{self.label}"

    @property
    def text(self) -> str:
        return f"{self.label} à {format_euro(self.cents)}"

    @classmethod
    def parse(cls, key: str) -> DepositType:
        cents, _, label = key.partition(":")
        if not cents.isdigit() or not label:
            raise Invalid(f"deposit type {key!r} is not CENTS:LABEL", field="deposit_type")
        return cls(label, int(cents))


# ---------------------------------------------------------------- charging


def cart_line_deposit(product: Product | None, quantity: Decimal | None) -> int:
    """The Pfand a cart line adds: deposit per piece × pieces (0 without a deposit)."""
    if product is None or not product.deposit_cents or quantity is None:
        return 0
    return line_total(quantity, product.deposit_cents)


def deposit_line_for(product_line: OrderLine, product: Product) -> OrderLine | None:
    """The Pfand line that follows ``product_line`` at checkout, or None for goods without Pfand."""
    if not product.deposit_cents or product_line.quantity is None:
        return None
    return OrderLine(
        product_id=product.id, product_slug=product.slug, name=f"Pfand {product.name}", unit="piece",
        label=product.label, quantity=product_line.quantity, unit_price_cents=product.deposit_cents,
        vat=product.vat, total_cents=line_total(product_line.quantity, product.deposit_cents),
        deposit_for=product_line,
    )


def describe(line: OrderLine) -> str:
    """A Pfand line for shops, couriers and receipts: "Pfand 2 × Kasten à 3,10 €"."""
    pieces = int(line.quantity) if line.quantity is not None else 0
    return f"Pfand {pieces} × {deposit_type(line).text}"


def deposit_type(line: OrderLine) -> DepositType:
    return DepositType(line.label or PIECE_WORD, line.unit_price_cents or 0)


def is_rejected(line: OrderLine, sub: SubOrder) -> bool:
    return sub.status in ("rejected", "cancelled") or bool(line.rejected)


def deposit_cents(sub: SubOrder, *, confirmed_only: bool = True) -> int:
    """The Pfand in one shop's part (only what the shop supplies, unless asked otherwise)."""
    return sum(l.total_cents for l in sub.lines if l.is_deposit and not (confirmed_only and is_rejected(l, sub)))


def delivered_types(sub: SubOrder) -> dict[DepositType, int]:
    """Pieces per deposit type the shop supplies in this part: the most empties it takes back."""
    counts: dict[DepositType, int] = defaultdict(int)
    for line in sub.lines:
        if line.is_deposit and not is_rejected(line, sub) and line.quantity is not None:
            counts[deposit_type(line)] += int(line.quantity)
    return dict(counts)


# ---------------------------------------------------------------- empties returned


def returns_of(session: Session, sub_order_id: int) -> list[DepositReturn]:
    query = select(DepositReturn).where(DepositReturn.sub_order_id == sub_order_id).order_by(DepositReturn.id)
    return list(session.scalars(query))


def returned_cents(session: Session, sub: SubOrder) -> int:
    """The deposit given back for empties of this part (refunded online, deducted at the door)."""
    return sum(r.cents for r in returns_of(session, sub.id))


def returned_counts(session: Session, sub: SubOrder) -> dict[DepositType, int]:
    return {DepositType(r.label, r.deposit_cents): r.count for r in returns_of(session, sub.id) if r.count}


def record_empties(session: Session, sub_order_id: int, counts: dict[DepositType, int], *, actor: str,
                   now: datetime) -> list[DepositReturn]:
    """Note empties taken back for one shop's part; counts add to what was noted before.

    Refused: a type this part did not deliver, more than it delivered, a negative count, a part
    not packed yet, and (cash orders) empties noted after the cash was taken, since the amount
    due at the door is what changes.
    """
    sub = session.get(SubOrder, sub_order_id)
    if sub is None:
        raise NotFound(f"sub-order {sub_order_id} does not exist")
    if sub.status not in EMPTIES_STATUSES:
        raise EmptiesBeforeHandover(f"sub-order {sub.id} is {sub.status}; empties are taken back with the goods")
    order = sub.order
    if order.payment_method != "online" and order.payment_status == "collected":
        raise EmptiesAfterPayment(f"order {order.reference}: the amount due was collected already; note empties first")
    delivered = delivered_types(sub)
    already = returned_counts(session, sub)
    taken: list[DepositReturn] = []
    for kind, count in sorted(counts.items()):
        if count < 0:
            raise EmptiesCountInvalid(f"empties of {kind.text}: {count} is negative")
        if count == 0:
            continue
        most = delivered.get(kind, 0) - already.get(kind, 0)
        if kind not in delivered:
            raise EmptiesNotDelivered(f"{sub.shop.name} delivered no {kind.text} with {order.reference}", kind=kind.text)
        if count > most:
            raise TooManyEmpties(f"{order.reference}: at most {most} × {kind.text} can be taken back",
                                 kind=kind.text, most=most)
        row = session.scalar(select(DepositReturn).where(
            DepositReturn.sub_order_id == sub.id, DepositReturn.deposit_cents == kind.cents,
            DepositReturn.label == kind.label))
        if row is None:
            row = DepositReturn(order_id=order.id, sub_order_id=sub.id, shop_id=sub.shop_id, deposit_cents=kind.cents,
                                label=kind.label, count=0, actor=actor)
            session.add(row)
        row.count += count
        row.at, row.actor = now, actor
        taken.append(row)
    if taken:
        # The outbox event makes the payment handlers settle this part again: refund and reversal.
        order.events.append(OrderEvent(
            sub_order_id=sub.id, at=now, actor=actor, event="empties_returned",
            detail=EmptiesReturned(empties=tuple((k.key, c) for k, c in counts.items() if c),
                                   returned_cents=sum(k.cents * c for k, c in counts.items() if c)).to_json()))
    session.flush()
    return taken


def empties_form(session: Session, sub: SubOrder) -> list[tuple[DepositType, int, int]]:
    """For the courier's page: per type what came with this part and how many came back so far."""
    delivered = delivered_types(sub)
    already = returned_counts(session, sub)
    return [(kind, delivered[kind], already.get(kind, 0)) for kind in sorted(delivered)]
