"""Request and response bodies. Money as cents plus a display string; quantities as decimal strings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ordering import weighing
from ordering.cart import CartSummary, LineView
from ordering.models import Order, OrderLine, Product, Shop, SubOrder
from ordering.money import format_euro

# No NUL and no control characters: PostgreSQL refuses NUL, and nobody's name has one.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]*$")]
Slug = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Cents = Annotated[int, Field(ge=0, le=100_000_000)]
QuantityText = Annotated[str, StringConstraints(min_length=1, max_length=12, pattern=r"^[0-9]+([.,][0-9]{1,3})?$")]


class Model(BaseModel):
    # Strict: "2" is not a number and "true" is not a boolean; a client sending them has a bug.
    model_config = ConfigDict(extra="forbid", strict=True)


class Price(Model):
    cents: int
    text: str

    @classmethod
    def of(cls, cents: int) -> Price:
        return cls(cents=cents, text=format_euro(cents))


class ProductOut(Model):
    id: int
    slug: str
    shop_id: int
    shop_slug: str
    shop_name: str
    name: str
    aliases: list[str]
    category: str | None
    unit: str
    label: str | None
    size: str | None
    price: Price
    vat: int
    is_service: bool
    available: bool
    # As the shop declared them (EU 1169/2011 Annex II ids); null: the shop made no statement.
    allergens: list[str] | None = None
    min_age: int | None = None
    deposit: Price | None = None

    @classmethod
    def of(cls, p: Product) -> ProductOut:
        return cls(id=p.id, slug=p.slug, shop_id=p.shop_id, shop_slug=p.shop.slug, shop_name=p.shop.name, name=p.name,
                   aliases=list(p.aliases or []), category=p.category, unit=p.unit, label=p.label, size=p.size,
                   price=Price.of(p.price_cents), vat=p.vat, is_service=p.is_service, available=p.available,
                   allergens=list(p.allergens) if p.allergens is not None else None, min_age=p.min_age,
                   deposit=Price.of(p.deposit_cents) if p.deposit_cents is not None else None)


class ShopOut(Model):
    id: int
    slug: str
    name: str
    kind: str
    municipality: str
    phone: str | None
    voucher_min: Price | None
    voucher_max: Price | None

    @classmethod
    def of(cls, s: Shop) -> ShopOut:
        return cls(id=s.id, slug=s.slug, name=s.name, kind=s.kind, municipality=s.municipality.slug, phone=s.phone,
                   voucher_min=Price.of(s.voucher_min_cents) if s.voucher_min_cents is not None else None,
                   voucher_max=Price.of(s.voucher_max_cents) if s.voucher_max_cents is not None else None)


class MunicipalityOut(Model):
    slug: str
    name: str
    postcodes: list[str]


class StationOut(Model):
    id: int
    slug: str
    name: str
    municipality: str
    address: str


class RegionOut(Model):
    slug: str
    name: str
    timezone: str
    delivery_fee: Price
    payment_methods: list[str]
    municipalities: list[MunicipalityOut]
    stations: list[StationOut]


class WindowOut(Model):
    slot_id: int
    kind: str
    municipality: str | None
    station: str | None
    start: datetime
    end: datetime
    label: str
    capacity: int
    free: int


# The town of the address as the resident writes it ("Ehrenberg", "Wüstensachsen"); the column holds 100.
Town = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[^\x00-\x1f]*$")]
TOWN_FIELD = Field(None, description="the town of the address; where several municipalities share the postcode "
                                     "and it is one of their names, it decides which (else `municipality` must)")
MUNICIPALITY_FIELD = Field(None, description="the municipality (its id, e.g. \"ehrenberg\", or its name) the postcode "
                                             "belongs to; needed where several share the postcode and `town` names none "
                                             "of them (the error `PostcodeAmbiguous` lists them in `candidates`)")


class ResidentIn(Model):
    name: Text
    phone: Annotated[str, StringConstraints(min_length=3, max_length=30, pattern=r"^[0-9+ ()/.-]+$")]
    street: Text | None = None
    postcode: Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")] | None = None
    town: Town | None = TOWN_FIELD
    municipality: Text | None = MUNICIPALITY_FIELD
    preferred_station: Slug | None = None


class ResidentPatch(Model):
    name: Text | None = None
    phone: Annotated[str, StringConstraints(min_length=3, max_length=30, pattern=r"^[0-9+ ()/.-]+$")] | None = None
    street: Text | None = None
    postcode: Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")] | None = None
    town: Town | None = TOWN_FIELD
    municipality: Text | None = MUNICIPALITY_FIELD
    preferred_station: Slug | None = None


class ResidentOut(Model):
    id: int
    name: str | None
    phone: str | None
    street: str | None
    postcode: str | None
    town: str | None
    municipality: str | None
    preferred_station: str | None
    phone_verified: bool = Field(description="the number was proved by an SMS code (or by calling from it); "
                                             "only then do calls from it reach this account")


class PhoneCodeIn(Model):
    code: Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")] = Field(description="the code we sent by SMS")


class ResidentCreated(ResidentOut):
    token: str = Field(description="bearer token for the resident endpoints; shown only once")


class LineIn(Model):
    product_id: Id
    quantity: QuantityText = Field(description='in the product\'s unit: "2" pieces, "0.5" kg')


class QuantityIn(Model):
    quantity: QuantityText = Field(description='new quantity; "0" removes the line')


class VoucherIn(Model):
    shop_id: Id
    amount_cents: Cents


class WindowChoice(Model):
    slot_id: Id


VoucherCode = Annotated[str, StringConstraints(min_length=8, max_length=12, pattern=r"^[A-Za-z0-9 -]+$")]


class CheckoutIn(Model):
    payment_method: Literal["online", "on_delivery", "invoice"] = "online"
    # Said once for the whole order: a substitute the resident does not answer in time is taken
    # ("accept") or not ("decline"); without it, there is no substitute then.
    substitutes: Literal["accept", "decline"] | None = None
    voucher_codes: list[VoucherCode] = Field(default_factory=list, max_length=5)


class CartLineOut(Model):
    line_id: int
    product_id: int | None
    product_slug: str | None
    name: str
    unit: str | None
    quantity: str | None
    unit_price: Price | None
    total: Price
    vat: int
    voucher: Price | None

    @classmethod
    def of(cls, v: LineView) -> CartLineOut:
        return cls(line_id=v.line_id, product_id=v.product_id, product_slug=v.product_slug, name=v.name, unit=v.unit,
                   quantity=_qty(v.quantity), unit_price=Price.of(v.unit_price_cents) if v.unit_price_cents is not None else None,
                   total=Price.of(v.total_cents), vat=v.vat,
                   voucher=Price.of(v.voucher_cents) if v.voucher_cents is not None else None)


class CartShopOut(Model):
    shop_id: int
    shop_slug: str
    shop_name: str
    lines: list[CartLineOut]
    subtotal: Price
    deposit: Price | None = None  # Pfand, charged beside the subtotal
    # The shop's minimum order and what is missing to it (null: no minimum, or reached).
    min_order: Price | None = None
    missing_for_min_order: Price | None = None


class CartOut(Model):
    cart_id: int
    status: str
    shops: list[CartShopOut]
    goods: Price
    delivery_fee: Price
    total: Price
    vat: dict[str, Price]
    deposit: Price | None = None  # Pfand of all shops, part of the total
    fulfilment: str | None
    window: WindowOut | None
    hold_expires_at: datetime | None
    missing_for_free_delivery: Price | None = None
    min_age: int | None = None  # restricted goods in the cart: the age asked and checked at hand-over

    @classmethod
    def of(cls, summary: CartSummary, *, status: str, fulfilment: str | None, window: WindowOut | None,
           hold_expires_at: datetime | None) -> CartOut:
        short = {part.shop_id: part for part in summary.short_parts}
        return cls(
            cart_id=summary.cart_id, status=status,
            shops=[CartShopOut(shop_id=t.shop_id, shop_slug=t.shop_slug, shop_name=t.shop_name,
                               lines=[CartLineOut.of(v) for v in t.lines], subtotal=Price.of(t.subtotal_cents),
                               deposit=Price.of(t.deposit_cents) if t.deposit_cents else None,
                               min_order=Price.of(short[t.shop_id].min_order_cents) if t.shop_id in short else None,
                               missing_for_min_order=Price.of(short[t.shop_id].missing_cents)
                               if t.shop_id in short else None)
                   for t in summary.shops],
            goods=Price.of(summary.goods_cents), delivery_fee=Price.of(summary.delivery_fee_cents),
            total=Price.of(summary.total_cents), vat={str(r): Price.of(c) for r, c in summary.vat_cents.items()},
            fulfilment=fulfilment, window=window, hold_expires_at=hold_expires_at,
            missing_for_free_delivery=Price.of(summary.missing_for_free_delivery_cents)
            if summary.missing_for_free_delivery_cents is not None else None,
            min_age=summary.min_age, deposit=Price.of(summary.deposit_cents) if summary.deposit_cents else None,
        )


class OrderLineOut(Model):
    line_id: int
    product_slug: str | None
    name: str
    quantity: str | None
    unit: str | None
    unit_price: Price | None
    total: Price
    rejected: bool
    deposit_for_line_id: int | None = None  # a Pfand line: the line whose deposit it is
    # Weighed goods (kg, l): ``quantity`` is the amount ordered, ``weighed_quantity`` what the shop
    # weighed (None until then), ``max_quantity`` the most it may weigh (the tolerance).
    weighed: bool = False
    weighed_quantity: str | None = None
    max_quantity: str | None = None


class WeightIn(Model):
    """What the shop weighed, in the line's unit (kg or l): "0.312"; at most three decimals."""

    quantity: Annotated[str, StringConstraints(max_length=12, pattern=r"^\s*\d{1,4}([.,]\d{1,3})?\s*$")]


class SubOrderOut(Model):
    id: int
    order_reference: str
    shop_slug: str
    shop_name: str
    status: str
    subtotal: Price
    lines: list[OrderLineOut]
    fulfilment: str
    window: str
    station: str | None
    # Age-restricted goods in the order (16 or 18): "Ausweis prüfen" at hand-over, and its outcome.
    min_age: int | None = None
    age_check: str | None = None

    @classmethod
    def of(cls, sub: SubOrder, window_label: str) -> SubOrderOut:
        order = sub.order
        return cls(
            id=sub.id, order_reference=order.reference, shop_slug=sub.shop.slug, shop_name=sub.shop.name,
            status=sub.status, subtotal=Price.of(sub.subtotal_cents),
            lines=[OrderLineOut(line_id=l.id, product_slug=l.product_slug, name=l.name, quantity=_qty(l.quantity),
                                unit=l.unit, unit_price=Price.of(l.unit_price_cents) if l.unit_price_cents is not None else None,
                                total=Price.of(l.total_cents), rejected=l.rejected, weighed=weighing.is_weighed(l),
                                weighed_quantity=_qty(l.weighed_quantity), max_quantity=_max_quantity(l),
                                deposit_for_line_id=l.deposit_for_line_id)
                   for l in sub.lines],
            fulfilment=order.fulfilment, window=window_label, station=order.station.slug if order.station else None,
            min_age=order.min_age, age_check=order.age_check,
        )


class AgeCheckIn(Model):
    passed: bool  # the ID showed the resident old enough for the order's restricted goods


class EventOut(Model):
    at: datetime
    actor: str
    event: str
    sub_order_id: int | None


class OrderOut(Model):
    id: int
    reference: str
    status: str
    fulfilment: str
    window: str
    station: str | None
    delivery_fee: Price
    total: Price
    min_age: int | None
    age_check: str | None
    payment_method: str
    payment_status: str
    created_at: datetime
    sub_orders: list[SubOrderOut]
    events: list[EventOut]
    payment_url: str | None = None
    substitutes: list[SubstituteOut] = Field(default_factory=list)  # offered by shops out of an item

    @classmethod
    def of(cls, order: Order, window_label: str) -> OrderOut:
        return cls(
            id=order.id, reference=order.reference, status=order.status, fulfilment=order.fulfilment,
            window=window_label, station=order.station.slug if order.station else None,
            delivery_fee=Price.of(order.delivery_fee_cents), total=Price.of(order.total_cents),
            min_age=order.min_age, age_check=order.age_check, payment_method=order.payment_method, payment_status=order.payment_status, created_at=order.created_at,
            sub_orders=[SubOrderOut.of(s, window_label) for s in order.sub_orders],
            events=[EventOut(at=e.at, actor=e.actor, event=e.event, sub_order_id=e.sub_order_id) for e in order.events],
        )


class SubstituteIn(Model):
    product_slug: Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9-]+$")]


class SubstituteAnswerIn(Model):
    accept: bool


class SubstituteOut(Model):
    id: int
    line_id: int
    ordered: str
    ordered_price: Price
    offered: str
    offered_price: Price
    status: str  # proposed | accepted | declined
    decided_by: str | None  # resident | preference | deadline
    deadline: datetime


class EmptiesIn(Model):
    # Per deposit type ("310:Kasten": deposit in cents and what a piece is called), the count taken back.
    empties: dict[Annotated[str, StringConstraints(max_length=60, pattern=r"^\d{1,5}:[^\x00-\x1f]{1,50}$")],
                  Annotated[int, Field(ge=0, le=99)]] = Field(max_length=20)


class RejectIn(Model):
    reason: Annotated[str, StringConstraints(max_length=300, pattern=r"^[^\x00-\x1f]*$")] = ""


class TokenOut(Model):
    token: str


class CatalogWarningOut(Model):
    field: str
    line: int
    message: str


class ImportOut(Model):
    region: str
    summary: dict[str, int]
    # Keys the file has that the format does not know (a typo?): imported without them.
    warnings: list[CatalogWarningOut] = []


def _max_quantity(line: OrderLine) -> str | None:
    return _qty(weighing.max_quantity(line)) if weighing.is_weighed(line) else None


def _qty(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")



class CandidateOut(Model):
    municipality: str = Field(description="the municipality's id, to send back as `municipality`")
    name: str


class ErrorOut(Model):
    error: str = Field(description="NotFound, Invalid, Conflict, Forbidden, Unauthorized, …")
    message: str = Field(description="what is wrong, precisely (English)")
    field: str | None = None
    resident_message: str | None = Field(default=None, description="the same for a resident (German)")
    problems: list[dict] | None = None
    candidates: list[CandidateOut] | None = Field(
        default=None, description="PostcodeAmbiguous, MunicipalityNotOfPostcode: the municipalities the postcode "
                                  "belongs to")


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error answers a router can give (400: a body that is not JSON;
    429: a rate limit, with Retry-After)."""
    return {code: {"model": ErrorOut} for code in (400, *codes, 429)}
