"""Choosing delivery or pick-up and turning a cart into one order with a sub-order per shop.

Checkout runs inside the caller's unit of work: either the whole order is written
(order, sub-orders, lines, booking, event) or nothing is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ordering import deposits, shop_rules, weighing, windows
from ordering.cart import check_quantity, product_and_quantity, summarize
from ordering.errors import (
    AddressMissing,
    CartClosed,
    ContactMissing,
    EmptyCart,
    NotFound,
    NoWindowChosen,
    PaymentMethodNotOffered,
    SoldOut,
    StationClosed,
    WindowElsewhere,
)
from ordering.event_details import Placed
from ordering.models import (
    Cart,
    CartLine,
    Order,
    OrderEvent,
    OrderLine,
    PickupStation,
    Region,
    Resident,
    Slot,
    SubOrder,
    WindowKind,
)
from ordering.money import line_total

PAYMENT_METHODS = ("online", "on_delivery", "invoice")


def choose_window(
    session: Session, cart: Cart, slot_id: int, *, now: datetime, hold_minutes: int = 15,
    unverified_share: float | None = None,
) -> Cart:
    """Hold a place in a delivery or pick-up window for this cart (replacing an earlier hold).

    Only a cart with something in it holds a place: an empty one would take a place from a
    resident who orders. ``unverified_share``: see ``windows.hold_slot``.
    """
    if cart.status != "open":
        raise CartClosed(f"cart {cart.id} is {cart.status}")
    if not cart.lines:
        raise EmptyCart(f"cart {cart.id} is empty; a window is held only for a cart with lines")
    slot = session.get(Slot, slot_id)
    if slot is None or slot.region_id != cart.region_id:
        raise NotFound(f"window {slot_id} does not exist in this region", field="slot_id")
    shop_rules.check_window_suits_cart(session.get_one(Region, cart.region_id), cart, slot)
    # hold_slot keeps the cart's hold on the same window as it is and releases its other holds.
    hold = windows.hold_slot(session, slot.id, cart.id, now=now, minutes=hold_minutes,
                             unverified_share=unverified_share)
    cart.hold_id = hold.id
    cart.fulfilment = slot.kind
    cart.station_id = slot.station_id if slot.kind == WindowKind.pickup.value else None
    session.flush()
    return cart


def release_window(session: Session, cart: Cart) -> None:
    """Give back the place this cart holds (checkout abandoned or window changed)."""
    if cart.hold_id is not None and cart.status == "open":
        windows.release_cart_holds(session, cart.id)
        cart.hold_id = None
        session.flush()


def checkout(
    session: Session,
    cart: Cart,
    *,
    now: datetime,
    payment_method: str = "online",
    actor: str = "resident",
    channel: str | None = None,
) -> Order:
    """Place the order. Repeating the call for a checked-out cart returns the same order."""
    existing = session.scalar(select(Order).where(Order.cart_id == cart.id))
    if existing is not None:
        return existing
    if cart.status != "open":
        raise CartClosed(f"cart {cart.id} is {cart.status}")
    region = session.get_one(Region, cart.region_id)
    if not cart.lines:
        raise EmptyCart("the cart is empty", field=None)
    if payment_method not in PAYMENT_METHODS or payment_method not in (region.payment_methods or []):
        offered = ", ".join(region.payment_methods or [])
        raise PaymentMethodNotOffered(f"payment method {payment_method!r} is not offered here (offered: {offered})",
                                      method=payment_method)
    resident = session.get(Resident, cart.resident_id) if cart.resident_id else None
    if resident is None or not resident.name or not resident.phone:
        raise ContactMissing("checkout needs a resident with name and phone")
    if cart.hold_id is None or cart.hold is None:
        raise NoWindowChosen("choose a delivery or pick-up window first")
    slot = cart.hold.slot
    _check_destination(session, cart, resident, slot)
    # Goods added after the window was chosen may be of a shop closed that day.
    shop_rules.check_window_suits_cart(region, cart, slot)
    shop_rules.check_minimum_orders(cart)
    for line in cart.lines:  # prices and availability may have changed since the line was added
        if line.product is not None:
            if not line.product.listed or not line.product.available:
                raise SoldOut(f"{line.product.name} is no longer available", product=line.product.name, in_cart=True)
            check_quantity(*product_and_quantity(line))

    hold = windows.confirm_hold(session, cart.hold_id, now=now)
    summary = summarize(cart, region)
    order = Order(
        reference="pending",
        region_id=region.id,
        resident_id=resident.id,
        cart_id=cart.id,
        fulfilment=slot.kind,
        slot_id=slot.id,
        hold_id=hold.id,
        station_id=slot.station_id,
        customer_name=resident.name,
        customer_phone=resident.phone,
        street=resident.street if slot.kind == WindowKind.delivery.value else None,
        postcode=resident.postcode,
        town=resident.town,
        municipality_id=slot.municipality_id if slot.kind == WindowKind.delivery.value else resident.municipality_id,
        delivery_fee_cents=summary.delivery_fee_cents,
        total_cents=summary.total_cents,
        payment_method=payment_method,
        payment_status="pending",
        status="placed",
        channel=channel,
        created_at=now,
        min_age=summary.min_age,
    )
    session.add(order)
    lines_by_shop = defaultdict(list)
    for line in cart.lines:
        lines_by_shop[line.shop_id].append(line)
    for shop_id, lines in lines_by_shop.items():
        sub = SubOrder(shop_id=shop_id, status="placed", subtotal_cents=0, updated_at=now)
        for line in lines:
            order_line = _order_line(line)
            sub.lines.append(order_line)
            pfand = deposits.deposit_line_for(order_line, line.product) if line.product is not None else None
            if pfand is not None:
                sub.lines.append(pfand)
        sub.subtotal_cents = sum(l.total_cents for l in sub.lines)
        order.sub_orders.append(sub)
    weighing.stamp_tolerances(order, region)
    session.flush()
    order.reference = f"K-{now:%y%m}-{order.id:06d}"
    order.events.append(OrderEvent(at=now, actor=actor, event="placed",
                                   detail=Placed(total_cents=order.total_cents, slot_id=slot.id).to_json()))
    cart.status = "checked_out"
    session.flush()
    return order


def _order_line(line: CartLine) -> OrderLine:
    if line.product is None:
        return OrderLine(name=f"Gutschein {line.shop.name}", vat=0, total_cents=line.voucher_cents,
                         voucher_cents=line.voucher_cents)
    product, quantity = product_and_quantity(line)
    return OrderLine(
        product_id=product.id, product_slug=product.slug, name=product.name, unit=product.unit, label=product.label,
        size=product.size, quantity=quantity, unit_price_cents=product.price_cents, vat=product.vat,
        total_cents=line_total(quantity, product.price_cents), min_age=product.min_age,
    )


def _check_destination(session: Session, cart: Cart, resident: Resident, slot: Slot) -> None:
    if slot.kind == WindowKind.delivery.value:
        if not resident.street or not resident.postcode:
            raise AddressMissing("delivery needs the resident's street and postcode")
        if resident.municipality_id != slot.municipality_id:
            raise WindowElsewhere("the delivery window is for another municipality than the resident's address")
    else:
        station = session.get(PickupStation, slot.station_id)
        if station is None or not station.active:
            raise StationClosed("the pick-up station is closed")
