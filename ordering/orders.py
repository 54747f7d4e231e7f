"""Sub-order life cycle: what shops, couriers, stations and residents may do, and when.

placed → confirmed / partly_confirmed / rejected → ready → with_courier | at_station
→ delivered | collected; and cancelled. Every change is an OrderEvent (time, actor).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ordering import windows
from ordering.errors import CancelTooLate, Conflict, Invalid, InvalidTransition, NotFound
from ordering.event_details import HandoverNoted, LineRejected, StatusChanged
from ordering.models import Order, OrderEvent, OrderLine, SubOrder
from ordering.models import SubOrderStatus as S

# Which status may follow which. Delivery or pick-up decides the branch after "ready".
TRANSITIONS: dict[str, frozenset[str]] = {
    S.placed: frozenset({S.confirmed, S.partly_confirmed, S.rejected, S.cancelled}),
    S.confirmed: frozenset({S.ready, S.cancelled}),
    S.partly_confirmed: frozenset({S.ready, S.cancelled}),
    S.ready: frozenset({S.with_courier, S.at_station, S.cancelled}),
    S.with_courier: frozenset({S.delivered}),
    S.at_station: frozenset({S.collected}),
}
FINAL = frozenset({S.rejected, S.delivered, S.collected, S.cancelled})
# A resident may cancel while no shop has started packing.
RESIDENT_CANCELLABLE = frozenset({S.placed})


def get_order(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"order {order_id} does not exist")
    return order


def get_order_by_reference(session: Session, reference: str) -> Order:
    order = session.scalar(select(Order).where(Order.reference == reference))
    if order is None:
        raise NotFound(f"order {reference} does not exist")
    return order


def get_sub_order(session: Session, sub_order_id: int, *, shop_id: int | None = None) -> SubOrder:
    """A sub-order; with ``shop_id`` only that shop's own (others look like they do not exist)."""
    sub = session.get(SubOrder, sub_order_id)
    if sub is None or (shop_id is not None and sub.shop_id != shop_id):
        raise NotFound(f"sub-order {sub_order_id} does not exist")
    return sub


def orders_of_resident(session: Session, resident_id: int, limit: int = 20) -> list[Order]:
    query = select(Order).where(Order.resident_id == resident_id).order_by(Order.created_at.desc(), Order.id.desc())
    return list(session.scalars(query.limit(limit)))


def sub_orders_of_shop(session: Session, shop_id: int, *, status: str | None = None, limit: int = 100) -> list[SubOrder]:
    query = select(SubOrder).where(SubOrder.shop_id == shop_id)
    if status:
        query = query.where(SubOrder.status == status)
    return list(session.scalars(query.order_by(SubOrder.id.desc()).limit(limit)))


def _move(session: Session, sub: SubOrder, new: str, *, actor: str, now: datetime, confirmed_cents: int | None = None,
          reason: str | None = None) -> SubOrder:
    if new not in TRANSITIONS.get(sub.status, frozenset()):
        raise InvalidTransition(f"sub-order {sub.id} is {sub.status}; it cannot become {new}", status=sub.status, new=new)
    old = sub.status
    sub.status = new
    sub.updated_at = now
    sub.order.events.append(
        OrderEvent(sub_order_id=sub.id, at=now, actor=actor, event=new,
                   detail=StatusChanged(S(old), confirmed_cents=confirmed_cents, reason=reason).to_json())
    )
    _settle_order_status(session, sub.order)
    return sub


def _settle_order_status(session: Session, order: Order) -> None:
    """Derive the order's overall status; an order nobody will supply gives its window back."""
    statuses = {s.status for s in order.sub_orders}
    if statuses <= {S.cancelled, S.rejected}:
        order.status = "cancelled"
        if order.hold_id is not None:
            windows.release_hold(session, order.hold_id)
    elif statuses <= FINAL:
        order.status = "done"


def reject_line(session: Session, sub_order_id: int, line_id: int, *, shop_id: int, actor: str, now: datetime) -> OrderLine:
    """A shop marks one item it cannot supply, before it confirms the rest."""
    sub = get_sub_order(session, sub_order_id, shop_id=shop_id)
    if sub.status != S.placed:
        raise InvalidTransition(f"sub-order {sub.id} is {sub.status}; items can be rejected only before confirming",
                                status=sub.status)
    line = next((l for l in sub.lines if l.id == line_id), None)
    if line is None:
        raise NotFound(f"line {line_id} is not part of sub-order {sub.id}")
    if line.is_deposit:
        raise Invalid(f"line {line_id} is the Pfand of line {line.deposit_for_line_id}; reject that line instead",
                      field="line_id")
    if not line.rejected:
        line.rejected = True
        sub.order.events.append(OrderEvent(sub_order_id=sub.id, at=now, actor=actor, event="line_rejected",
                                           detail=LineRejected(line_id=line.id, name=line.name).to_json()))
    for pfand in sub.lines:  # the Pfand goes with its goods
        if pfand.deposit_for_line_id == line.id:
            pfand.rejected = True
    if all(l.rejected for l in sub.lines):
        _move(session, sub, S.rejected, actor=actor, now=now)
    session.flush()
    return line


def confirm(session: Session, sub_order_id: int, *, shop_id: int, actor: str, now: datetime) -> SubOrder:
    """The shop accepts its part: confirmed, or partly confirmed when items were rejected."""
    sub = get_sub_order(session, sub_order_id, shop_id=shop_id)
    rejected = [l for l in sub.lines if l.rejected]
    new = S.rejected if len(rejected) == len(sub.lines) else S.partly_confirmed if rejected else S.confirmed
    _move(session, sub, new, actor=actor, now=now, confirmed_cents=confirmed_cents(sub))
    session.flush()
    return sub


def reject(session: Session, sub_order_id: int, *, shop_id: int, actor: str, now: datetime, reason: str = "") -> SubOrder:
    """The shop cannot supply this order at all."""
    sub = get_sub_order(session, sub_order_id, shop_id=shop_id)
    for line in sub.lines:
        line.rejected = True
    _move(session, sub, S.rejected, actor=actor, now=now, reason=reason)
    session.flush()
    return sub


def mark_ready(session: Session, sub_order_id: int, *, shop_id: int, actor: str, now: datetime) -> SubOrder:
    sub = get_sub_order(session, sub_order_id, shop_id=shop_id)
    _move(session, sub, S.ready, actor=actor, now=now)
    session.flush()
    return sub


def hand_over(session: Session, sub_order_id: int, *, actor: str, now: datetime) -> SubOrder:
    """The courier takes the bag (delivery) or the station receives it (pick-up)."""
    sub = get_sub_order(session, sub_order_id)
    target = S.with_courier if sub.order.fulfilment == "delivery" else S.at_station
    _move(session, sub, target, actor=actor, now=now)
    session.flush()
    return sub


def complete(session: Session, sub_order_id: int, *, actor: str, now: datetime) -> SubOrder:
    """Delivered at the door or collected at the station."""
    sub = get_sub_order(session, sub_order_id)
    target = S.delivered if sub.order.fulfilment == "delivery" else S.collected
    _move(session, sub, target, actor=actor, now=now)
    session.flush()
    return sub


def cancel_order(session: Session, order_id: int, *, actor: str, now: datetime, by_resident: bool = True,
                 resident_id: int | None = None) -> Order:
    """Cancel every open sub-order and give the window back.

    A resident may cancel only while no shop has confirmed; an admin at any time
    before the goods leave the shop.
    """
    order = get_order(session, order_id)
    if resident_id is not None and order.resident_id != resident_id:
        # The reference the resident gave, never the internal id of someone else's order.
        raise NotFound(f"order {order.reference} does not exist")
    if order.status == "cancelled":
        return order
    open_subs = [s for s in order.sub_orders if s.status not in FINAL]
    allowed = RESIDENT_CANCELLABLE if by_resident else frozenset({S.placed, S.confirmed, S.partly_confirmed, S.ready})
    blocking = [s for s in open_subs if s.status not in allowed]
    if blocking:
        raise CancelTooLate(f"order {order.reference} cannot be cancelled: a shop's part is {blocking[0].status} already")
    for sub in open_subs:
        _move(session, sub, S.cancelled, actor=actor, now=now)
    order.events.append(OrderEvent(at=now, actor=actor, event="cancelled", detail=StatusChanged(None).to_json()))
    session.flush()
    return order


def confirmed_cents(sub: SubOrder) -> int:
    """What the shop will actually supply: the sub-order less its rejected items."""
    return sum(l.total_cents for l in sub.lines if not l.rejected)


def note_handover(session: Session, order_id: int, *, actor: str, now: datetime, empties: int = 0,
                  id_checked: bool = False) -> OrderEvent:
    """What the courier noted at the door besides the bags: empties taken back, ID seen."""
    if empties < 0:
        raise Conflict(f"order {order_id}: empties cannot be negative")
    order = get_order(session, order_id)
    event = OrderEvent(at=now, actor=actor, event="handover_noted",
                       detail=HandoverNoted(empties=empties, id_checked=id_checked).to_json())
    order.events.append(event)
    session.flush()
    return event
