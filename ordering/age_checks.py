"""The ID check at hand-over for age-restricted goods (Jugendschutzgesetz, issue 16).

An order with goods of ``min_age`` 16 or 18 carries the highest (``Order.min_age``); the run
sheet and the station list say "Ausweis prüfen". Whoever hands it over records the outcome once,
under their own login (never the admin token): passed, or failed. A failed check takes the
restricted goods back: their lines are rejected, and an ``age_check_failed`` event per shop part
lets the payment settle again (reverse the shop's transfer for them, refund the resident); cash
on delivery is simply not collected for them (the run sheet counts the lines still handed over).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ordering.errors import Conflict, Invalid
from ordering.event_details import AgeChecked, AgeCheckFailed
from ordering.models import Order, OrderEvent, OrderLine, SubOrder
from ordering.orders import get_order

PASSED = "passed"
FAILED = "failed"


def restricted_lines(order: Order) -> list[OrderLine]:
    """The order's lines with an age limit that are still to be handed over."""
    return [line for sub in order.sub_orders for line in sub.lines if line.min_age and not line.rejected]


def sub_order_min_age(sub: SubOrder) -> int | None:
    """The highest age limit of a shop's part still to be handed over (None: none)."""
    return max((line.min_age for line in sub.lines if line.min_age and not line.rejected), default=None)


def record_age_check(session: Session, order_id: int, *, passed: bool, actor: str, now: datetime) -> Order:
    """Record the ID check of an order; repeating the same outcome changes nothing."""
    order = get_order(session, order_id)
    if not order.min_age:
        raise Invalid(f"order {order.reference} has no age-restricted goods", field="order")
    outcome = PASSED if passed else FAILED
    if order.age_check is not None:
        if order.age_check == outcome:
            return order
        raise Conflict(f"the ID check of order {order.reference} was already recorded as {order.age_check}",
                       field="passed")
    if order.status == "cancelled":
        raise Conflict(f"order {order.reference} is cancelled", field="order")
    order.age_check = outcome
    order.age_checked_at = now
    order.age_checked_by = actor
    order.events.append(OrderEvent(at=now, actor=actor, event="age_checked",
                                   detail=AgeChecked(passed=passed, min_age=order.min_age).to_json()))
    if not passed:
        for sub in order.sub_orders:
            taken_back = [line for line in sub.lines if line.min_age and not line.rejected]
            if not taken_back:
                continue
            ids = {line.id for line in taken_back}
            taken_back += [line for line in sub.lines if line.deposit_for_line_id in ids]  # their Pfand too
            for line in taken_back:
                line.rejected = True
            order.events.append(OrderEvent(
                sub_order_id=sub.id, at=now, actor=actor, event="age_check_failed",
                detail=AgeCheckFailed(lines=tuple(line.id for line in taken_back),
                                      names=tuple(line.name for line in taken_back),
                                      cents=sum(line.total_cents for line in taken_back)).to_json()))
    session.flush()
    return order
