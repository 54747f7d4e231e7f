"""Build regions, shops and orders straight from the models (payments tests run without the cart)."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from ordering.models import Municipality, Order, OrderLine, Region, Shop, Slot, SubOrder

_numbers = itertools.count(1000)


def make_region(session: Session, *, commission_bp: int = 1000, fee_cents: int = 390, methods=("online", "on_delivery", "invoice")) -> Region:
    slug = f"r{uuid.uuid4().hex[:8]}"
    region = Region(slug=slug, name="Münsterland", commission_bp=commission_bp, delivery_fee_cents=fee_cents, payment_methods=list(methods))
    session.add(region)
    session.flush()
    session.add(Municipality(region_id=region.id, slug="billerbeck", name="Billerbeck", postcodes=["48727"]))
    session.flush()
    return region


def make_shop(session: Session, region: Region, slug: str, *, account_id: str | None = None, voucher_range=(1000, 10000)) -> Shop:
    shop = Shop(
        region_id=region.id,
        municipality_id=region.municipalities[0].id,
        slug=slug,
        name=slug.replace("-", " ").title(),
        kind="retailer",
        voucher_min_cents=voucher_range[0] if voucher_range else None,
        voucher_max_cents=voucher_range[1] if voucher_range else None,
        stripe_account_id=account_id,
    )
    session.add(shop)
    session.flush()
    return shop


def make_order(
    session: Session,
    region: Region,
    parts: dict[Shop, list[tuple[str, int] | tuple[str, int, str]]],
    *,
    method: str = "online",
    phone: str = "+4915112345678",
) -> Order:
    """``parts``: per shop, lines as (name, cents) or (name, cents, "voucher") for a voucher purchase."""
    start = datetime.now(timezone.utc) + timedelta(days=1)
    slot = Slot(
        region_id=region.id,
        kind="delivery",
        municipality_id=region.municipalities[0].id,
        start=start + timedelta(minutes=next(_numbers)),
        end=start + timedelta(hours=2),
        cutoff=start - timedelta(hours=12),
        capacity=10,
    )
    session.add(slot)
    session.flush()
    subtotal = sum(line[1] for lines in parts.values() for line in lines)
    order = Order(
        reference=f"K-{uuid.uuid4().hex[:10].upper()}",
        region_id=region.id,
        fulfilment="delivery",
        slot_id=slot.id,
        customer_name="Anna Beispiel",
        customer_phone=phone,
        delivery_fee_cents=region.delivery_fee_cents,
        total_cents=subtotal + region.delivery_fee_cents,
        payment_method=method,
    )
    session.add(order)
    session.flush()
    for shop, lines in parts.items():
        sub = SubOrder(order_id=order.id, shop_id=shop.id, subtotal_cents=sum(l[1] for l in lines))
        for line in lines:
            voucher = len(line) > 2 and line[2] == "voucher"
            sub.lines.append(
                OrderLine(name=line[0], vat=0 if voucher else 7, total_cents=line[1], voucher_cents=line[1] if voucher else None)
            )
        order.sub_orders.append(sub)
    session.flush()
    return order


def decide(session: Session, order: Order, shop: Shop, status: str, *, reject: tuple[str, ...] = ()) -> SubOrder:
    """What the shop's answer does to a sub-order (the lead's use case in production)."""
    sub = next(s for s in order.sub_orders if s.shop_id == shop.id)
    sub.status = status
    for line in sub.lines:
        line.rejected = line.name in reject
    session.flush()
    return sub


def order_with_events(session: Session, now: datetime, *names: str) -> Order:
    """A bare order (a region, one slot) with an outbox event for each name: for the event bus."""
    from ordering.models import OrderEvent

    region = Region(slug="r", name="R")
    session.add(region)
    session.flush()
    slot = Slot(region_id=region.id, kind="delivery", start=now, end=now, cutoff=now, capacity=1)
    session.add(slot)
    session.flush()
    order = Order(reference="K-1", region_id=region.id, fulfilment="delivery", slot_id=slot.id, total_cents=0)
    session.add(order)
    session.flush()
    session.add_all([OrderEvent(order_id=order.id, actor="t", event=name, at=now) for name in names])
    return order
