"""A shop's own sub-orders: list, confirm, reject items or all, mark ready (shop bearer token)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path
from sqlalchemy import select

from bot.api.deps import ContainerDep, SessionDep, ShopDep
from bot.api.residents import window_label
from bot.api.schemas import AgeCheckIn, RejectIn, SubOrderOut, SubstituteIn, WeightIn, error_responses
from ordering import age_checks, orders, substitutes, weighing
from ordering.errors import Invalid, NotFound
from ordering.models import Product

router = APIRouter(prefix="/api/shop", tags=["shops"], responses=error_responses(401, 404, 409, 422))
SubId = Annotated[int, Path(ge=1, le=2_147_483_647)]
Status = Literal["placed", "confirmed", "partly_confirmed", "rejected", "ready", "with_courier", "at_station",
                 "delivered", "collected", "cancelled"]


def _out(s, sub) -> SubOrderOut:
    return SubOrderOut.of(sub, window_label(s, sub.order))


@router.get("/sub-orders", response_model=list[SubOrderOut])
def list_sub_orders(shop: ShopDep, s: SessionDep, status: Status | None = None) -> list[SubOrderOut]:
    """This shop's part of each order, newest first. Other shops' orders never appear."""
    return [_out(s, sub) for sub in orders.sub_orders_of_shop(s, shop.id, status=status)]


@router.get("/sub-orders/{sub_id}", response_model=SubOrderOut)
def get_sub_order(sub_id: SubId, shop: ShopDep, s: SessionDep) -> SubOrderOut:
    return _out(s, orders.get_sub_order(s, sub_id, shop_id=shop.id))


@router.post("/sub-orders/{sub_id}/lines/{line_id}/reject", response_model=SubOrderOut)
def reject_line(sub_id: SubId, line_id: SubId, shop: ShopDep, s: SessionDep, c: ContainerDep) -> SubOrderOut:
    """Mark one item as not available (before confirming the rest)."""
    orders.reject_line(s, sub_id, line_id, shop_id=shop.id, actor=f"shop:{shop.slug}", now=c.clock.now())
    return _out(s, orders.get_sub_order(s, sub_id, shop_id=shop.id))


@router.post("/sub-orders/{sub_id}/lines/{line_id}/substitute", response_model=SubOrderOut)
def propose_substitute(sub_id: SubId, line_id: SubId, body: SubstituteIn, shop: ShopDep, s: SessionDep,
                       c: ContainerDep) -> SubOrderOut:
    """Offer another of this shop's products for an item it cannot supply (no dearer than the line,
    the same Pfand); the resident is asked in their channel, and the money follows the answer."""
    product = s.scalar(select(Product).where(Product.shop_id == shop.id, Product.slug == body.product_slug))
    if product is None:
        raise NotFound(f"product {body.product_slug} is not one of this shop's", field="product_slug")
    substitutes.propose(s, sub_id, line_id, product.id, shop_id=shop.id, actor=f"shop:{shop.slug}",
                        now=c.clock.now(), answer_hours=c.settings.substitute_answer_hours)
    return _out(s, orders.get_sub_order(s, sub_id, shop_id=shop.id))


@router.post("/sub-orders/{sub_id}/lines/{line_id}/weight", response_model=SubOrderOut)
def weigh_line(sub_id: SubId, line_id: SubId, body: WeightIn, shop: ShopDep, s: SessionDep, c: ContainerDep) -> SubOrderOut:
    """Enter what a weighed item (kg or l) actually weighed: the line's price follows. Above the
    line's ``max_quantity`` (the tolerance) it is refused (422) naming the maximum; after "ready"
    or once the money followed the weight, 409. Entered again before then, it replaces the first."""
    sub = orders.get_sub_order(s, sub_id, shop_id=shop.id)
    quantity = weighing.parse_weight(body.quantity)
    weighing.record_weight(s, sub, line_id, quantity, actor=f"shop:{shop.slug}", now=c.clock.now())
    return _out(s, orders.get_sub_order(s, sub_id, shop_id=shop.id))


@router.post("/sub-orders/{sub_id}/confirm", response_model=SubOrderOut)
def confirm(sub_id: SubId, shop: ShopDep, s: SessionDep, c: ContainerDep) -> SubOrderOut:
    """Accept the order (partly confirmed when items were rejected)."""
    return _out(s, orders.confirm(s, sub_id, shop_id=shop.id, actor=f"shop:{shop.slug}", now=c.clock.now()))


@router.post("/sub-orders/{sub_id}/reject", response_model=SubOrderOut)
def reject(sub_id: SubId, body: RejectIn, shop: ShopDep, s: SessionDep, c: ContainerDep) -> SubOrderOut:
    return _out(s, orders.reject(s, sub_id, shop_id=shop.id, actor=f"shop:{shop.slug}", now=c.clock.now(),
                                 reason=body.reason))


@router.post("/sub-orders/{sub_id}/ready", response_model=SubOrderOut)
def ready(sub_id: SubId, shop: ShopDep, s: SessionDep, c: ContainerDep) -> SubOrderOut:
    return _out(s, orders.mark_ready(s, sub_id, shop_id=shop.id, actor=f"shop:{shop.slug}", now=c.clock.now()))


@router.post("/sub-orders/{sub_id}/age-check", response_model=SubOrderOut)
def age_check(sub_id: SubId, body: AgeCheckIn, shop: ShopDep, s: SessionDep, c: ContainerDep) -> SubOrderOut:
    """Record the ID check at hand-over ("Ausweis prüfen") of an order with this shop's age-restricted
    goods. A failed check takes the order's restricted goods back and refunds them; recorded once.
    (Until couriers and stations have their own login, the shop that sold the goods records it.)"""
    sub = orders.get_sub_order(s, sub_id, shop_id=shop.id)
    if not any(line.min_age for line in sub.lines):
        raise Invalid(f"sub-order {sub.id} has no age-restricted goods of this shop", field="sub_id")
    age_checks.record_age_check(s, sub.order_id, passed=body.passed, actor=f"shop:{shop.slug}", now=c.clock.now())
    return _out(s, orders.get_sub_order(s, sub_id, shop_id=shop.id))
