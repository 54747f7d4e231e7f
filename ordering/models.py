"""Persistent domain model (SQLAlchemy 2 declarative).

Money is always integer cents, quantities are decimals in the product's own unit
(pieces whole, kg and l with up to three decimals), times are stored in UTC.
"""

from __future__ import annotations

import enum
import secrets
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Kiepe stores aware datetimes only")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


Quantity = Numeric(12, 3, asdecimal=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ShopKind(str, enum.Enum):
    retailer = "retailer"
    direct_marketer = "direct_marketer"
    service_provider = "service_provider"


class Unit(str, enum.Enum):
    piece = "piece"
    kg = "kg"
    l = "l"  # noqa: E741 - the catalog's own spelling


class WindowKind(str, enum.Enum):
    delivery = "delivery"
    pickup = "pickup"


class HoldStatus(str, enum.Enum):
    held = "held"
    booked = "booked"
    released = "released"
    expired = "expired"


class SubOrderStatus(str, enum.Enum):
    placed = "placed"
    confirmed = "confirmed"
    partly_confirmed = "partly_confirmed"
    rejected = "rejected"
    ready = "ready"
    with_courier = "with_courier"
    at_station = "at_station"
    delivered = "delivered"
    collected = "collected"
    cancelled = "cancelled"


# ---------------------------------------------------------------- region & catalog


class Region(Base):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Berlin")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    delivery_fee_cents: Mapped[int] = mapped_column(Integer, default=0)
    delivery_cutoff_hours: Mapped[int] = mapped_column(Integer, default=12)
    pickup_cutoff_hours: Mapped[int] = mapped_column(Integer, default=6)
    # Commission the region keeps from each shop's confirmed amount, in basis points.
    commission_bp: Mapped[int] = mapped_column(Integer, default=0)
    # Ways to pay this region offers besides online payment ("on_delivery", "invoice").
    payment_methods: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["online", "on_delivery"])
    hotline: Mapped[str | None] = mapped_column(String(32))
    # Bumped on every catalog change so NLU indexes know when to rebuild.
    catalog_revision: Mapped[int] = mapped_column(Integer, default=0)
    # Shop rules from the catalog (issue 16): a German state code whose public holidays have no
    # windows; the goods total from which delivery is free; how far a weighed line may exceed
    # the amount ordered (stored for the weighed-goods work).
    holidays_state: Mapped[str | None] = mapped_column(String(2))
    free_delivery_from_cents: Mapped[int | None] = mapped_column(Integer)
    weighed_tolerance_percent: Mapped[int | None] = mapped_column(Integer)

    municipalities: Mapped[list[Municipality]] = relationship(back_populates="region", order_by="Municipality.slug")
    stations: Mapped[list[PickupStation]] = relationship(back_populates="region", order_by="PickupStation.slug")
    shops: Mapped[list[Shop]] = relationship(back_populates="region", order_by="Shop.slug")
    window_templates: Mapped[list[WindowTemplate]] = relationship(back_populates="region")


class Municipality(Base):
    __tablename__ = "municipalities"
    __table_args__ = (UniqueConstraint("region_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    postcodes: Mapped[list[str]] = mapped_column(JSON, default=list)

    region: Mapped[Region] = relationship(back_populates="municipalities")


class PickupStation(Base):
    __tablename__ = "pickup_stations"
    __table_args__ = (UniqueConstraint("region_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    region: Mapped[Region] = relationship(back_populates="stations")
    municipality: Mapped[Municipality] = relationship()


class WindowTemplate(Base):
    """One line of the weekly template: days, local start/end, capacity."""

    __tablename__ = "window_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    kind: Mapped[str] = mapped_column(String(16))
    days: Mapped[list[str]] = mapped_column(JSON)  # ["mon", "tue", ...]
    start: Mapped[str] = mapped_column(String(5))  # "09:00" local time
    end: Mapped[str] = mapped_column(String(5))
    capacity: Mapped[int] = mapped_column(Integer)

    region: Mapped[Region] = relationship(back_populates="window_templates")


class Shop(Base):
    __tablename__ = "shops"
    __table_args__ = (UniqueConstraint("region_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(32))
    voucher_min_cents: Mapped[int | None] = mapped_column(Integer)
    voucher_max_cents: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # SHA-256 of the shop's API token; the token itself is shown once and never stored.
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    telegram_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    stripe_account_id: Mapped[str | None] = mapped_column(String(64))
    # This shop's part of an order must reach this total (goods only).
    min_order_cents: Mapped[int | None] = mapped_column(Integer)
    # Days without orders: [["2026-12-24", "2026-12-24"], ["2027-01-02", "2027-01-10"]] (ends included).
    closed_days: Mapped[list[list[str]] | None] = mapped_column(JSON, default=list)

    region: Mapped[Region] = relationship(back_populates="shops")
    municipality: Mapped[Municipality] = relationship()
    products: Mapped[list[Product]] = relationship(back_populates="shop", order_by="Product.slug")


class Product(Base):
    """A product or a service (``is_service``) a shop offers, priced per unit."""

    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("shop_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    category: Mapped[str | None] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(8), default=Unit.piece.value)
    label: Mapped[str | None] = mapped_column(String(50))
    size: Mapped[str | None] = mapped_column(String(50))
    price_cents: Mapped[int] = mapped_column(Integer)
    vat: Mapped[int] = mapped_column(Integer)
    is_service: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    # False once a re-import no longer lists it; kept because orders refer to it.
    listed: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Allergen ids (EU 1169/2011 Annex II) as the shop declared them; None: no statement made.
    allergens: Mapped[list[str] | None] = mapped_column(JSON)
    deposit_cents: Mapped[int | None] = mapped_column(Integer)  # Pfand per piece
    min_age: Mapped[int | None] = mapped_column(Integer)  # 16 or 18 (Jugendschutzgesetz)
    substitutes: Mapped[list[str] | None] = mapped_column(JSON, default=list)  # slugs of the same shop's products

    shop: Mapped[Shop] = relationship(back_populates="products")


# ---------------------------------------------------------------- windows


class Slot(Base):
    """A concrete window: delivery per municipality, pick-up per station.

    ``taken`` counts active holds plus bookings and is only ever changed by a
    conditional UPDATE (``WHERE taken < capacity``), so capacity holds under concurrency.
    """

    __tablename__ = "slots"
    # One window per place and start. Two partial indexes, because one of the two place
    # columns is always NULL and NULLs never collide in a plain unique constraint.
    __table_args__ = (
        Index("uq_slots_delivery", "municipality_id", "start", unique=True,
              sqlite_where=text("station_id IS NULL"), postgresql_where=text("station_id IS NULL")),
        Index("uq_slots_pickup", "station_id", "start", unique=True,
              sqlite_where=text("station_id IS NOT NULL"), postgresql_where=text("station_id IS NOT NULL")),
        Index("ix_slots_region_start", "region_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    kind: Mapped[str] = mapped_column(String(16))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_stations.id"))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    cutoff: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    taken: Mapped[int] = mapped_column(Integer, default=0)

    municipality: Mapped[Municipality | None] = relationship()
    station: Mapped[PickupStation | None] = relationship()


class SlotHold(Base):
    __tablename__ = "slot_holds"
    __table_args__ = (Index("ix_slot_holds_status_expires", "status", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    cart_id: Mapped[int | None] = mapped_column(ForeignKey("carts.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=HoldStatus.held.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Held for an unverified holder (an anonymous web session): such holds together may
    # occupy only a share of the window (windows.hold_slot).
    unverified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    slot: Mapped[Slot] = relationship()


# ---------------------------------------------------------------- residents


VERIFIED_PHONE = text("phone_verified_at IS NOT NULL")


class Resident(Base):
    """A resident. Their phone number reaches them whoever typed it, but it ties the resident to
    other channels (a call from that number) only once verified: by an SMS code, or by calling
    from it. So several residents may give one number; at most one has it verified."""

    __tablename__ = "residents"
    __table_args__ = (Index("uq_residents_verified_phone", "phone", unique=True,
                            sqlite_where=VERIFIED_PHONE, postgresql_where=VERIFIED_PHONE),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)  # E.164
    phone_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(5))
    town: Mapped[str | None] = mapped_column(String(100))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    preferred_station_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_stations.id"))
    # SHA-256 of the resident's API token.
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    municipality: Mapped[Municipality | None] = relationship()
    preferred_station: Mapped[PickupStation | None] = relationship()


class PhoneVerification(Base):
    """The SMS code a resident was sent to prove their number (one open code per resident)."""

    __tablename__ = "phone_verifications"

    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    code_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of resident id and code
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


# ---------------------------------------------------------------- carts


class Cart(Base):
    __tablename__ = "carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"), index=True)
    # A family group on Telegram shares one cart: its owner key is the group chat.
    owner_key: Mapped[str | None] = mapped_column(String(100), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | checked_out | abandoned
    fulfilment: Mapped[str | None] = mapped_column(String(16))  # delivery | pickup
    station_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_stations.id"))
    hold_id: Mapped[int | None] = mapped_column(ForeignKey("slot_holds.id", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    lines: Mapped[list[CartLine]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartLine.id"
    )
    hold: Mapped[SlotHold | None] = relationship(foreign_keys=[hold_id])


class CartLine(Base):
    """A product line (``product_id``, ``quantity``) or a voucher line (``voucher_cents``)."""

    __tablename__ = "cart_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id"), index=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[Decimal | None] = mapped_column(Quantity)
    voucher_cents: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(300))

    cart: Mapped[Cart] = relationship(back_populates="lines")
    product: Mapped[Product | None] = relationship()
    shop: Mapped[Shop] = relationship()


# ---------------------------------------------------------------- orders


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"), index=True)
    cart_id: Mapped[int | None] = mapped_column(ForeignKey("carts.id"), unique=True)
    fulfilment: Mapped[str] = mapped_column(String(16))
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    hold_id: Mapped[int | None] = mapped_column(ForeignKey("slot_holds.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_stations.id"))
    # Snapshot of who and where, so the courier's sheet never changes under him.
    customer_name: Mapped[str | None] = mapped_column(String(200))
    customer_phone: Mapped[str | None] = mapped_column(String(20))
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(5))
    town: Mapped[str | None] = mapped_column(String(100))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    delivery_fee_cents: Mapped[int] = mapped_column(Integer, default=0)
    total_cents: Mapped[int] = mapped_column(Integer)
    payment_method: Mapped[str] = mapped_column(String(16), default="online")
    payment_status: Mapped[str] = mapped_column(String(16), default="pending")
    status: Mapped[str] = mapped_column(String(16), default="placed")  # placed | cancelled | done
    channel: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    personal_data_erased: Mapped[bool] = mapped_column(Boolean, default=False)
    # The highest min_age of its goods (16 or 18): "Ausweis prüfen" at hand-over. The check's
    # outcome ("passed" | "failed"), when and by whom it was recorded.
    min_age: Mapped[int | None] = mapped_column(Integer)
    age_check: Mapped[str | None] = mapped_column(String(16))
    age_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    age_checked_by: Mapped[str | None] = mapped_column(String(100))
    # Said once at ordering (issue 17): "accept" ("Ersatz ist in Ordnung") or "decline" ("bitte
    # keinen Ersatz"); applies to a shop's proposed substitute the resident does not answer in time.
    substitute_preference: Mapped[str | None] = mapped_column(String(8))
    # How an online order with weighed goods is paid (ordering.weighing): "authorise" (manual
    # capture of the actual total) or "prepay" (the upper bound charged, the difference refunded).
    weighed_payment: Mapped[str | None] = mapped_column(String(16))

    sub_orders: Mapped[list[SubOrder]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="SubOrder.id"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderEvent.id"
    )
    slot: Mapped[Slot] = relationship()
    station: Mapped[PickupStation | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()


# A shop answering by SMS names its sub-order by this code ("JA K7M3PX"): the sender number alone
# proves little (it is public, and can be faked), and a sequential id is easy to guess. Letters and
# digits that cannot be mistaken for one another (no 0/O, 1/I/L, 2/Z, 5/S, 8/B); 24^6 ≈ 191 million.
ANSWER_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3467"
ANSWER_CODE_LENGTH = 6


def new_answer_code() -> str:
    return "".join(secrets.choice(ANSWER_CODE_ALPHABET) for _ in range(ANSWER_CODE_LENGTH))


class SubOrder(Base):
    """One shop's part of an order, with its own status."""

    __tablename__ = "sub_orders"
    __table_args__ = (UniqueConstraint("order_id", "shop_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=SubOrderStatus.placed.value)
    subtotal_cents: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    answer_code: Mapped[str | None] = mapped_column(String(ANSWER_CODE_LENGTH), index=True,
                                                    default=new_answer_code)

    order: Mapped[Order] = relationship(back_populates="sub_orders")
    shop: Mapped[Shop] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="sub_order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_order_id: Mapped[int] = mapped_column(ForeignKey("sub_orders.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    product_slug: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(8))
    label: Mapped[str | None] = mapped_column(String(50))
    size: Mapped[str | None] = mapped_column(String(50))
    quantity: Mapped[Decimal | None] = mapped_column(Quantity)
    unit_price_cents: Mapped[int | None] = mapped_column(Integer)
    vat: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(Integer)
    voucher_cents: Mapped[int | None] = mapped_column(Integer)
    rejected: Mapped[bool] = mapped_column(Boolean, default=False)
    min_age: Mapped[int | None] = mapped_column(Integer)  # copied from the product when ordered
    # A Pfand line (issue 17): the deposit of the product line it belongs to, charged separately
    # (VAT as the product) and travelling with it: rejected with it, refunded for empties returned.
    deposit_for_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_lines.id"))
    # Weighed goods (unit kg or l, ordering.weighing): ``quantity`` is the estimate ordered; the
    # shop enters what it weighed, at most ``tolerance_percent`` more; ``total_cents`` follows it.
    tolerance_percent: Mapped[int | None] = mapped_column(Integer)
    weighed_quantity: Mapped[Decimal | None] = mapped_column(Quantity)
    weighed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sub_order: Mapped[SubOrder] = relationship(back_populates="lines")
    deposit_for: Mapped[OrderLine | None] = relationship(remote_side=[id])

    @property
    def is_deposit(self) -> bool:
        return self.deposit_for_line_id is not None or self.deposit_for is not None


class OrderEvent(Base):
    """Every change to an order or sub-order: when, who, what."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    sub_order_id: Mapped[int | None] = mapped_column(ForeignKey("sub_orders.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))  # "resident:12", "shop:baeckerei", "courier", "system"
    event: Mapped[str] = mapped_column(String(50))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Transactional outbox: written with the change; after commit a dispatcher records one
    # delivery per subscriber (bot.application.outbox_tables) and sets this.
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    order: Mapped[Order] = relationship(back_populates="events")


# ---------------------------------------------------------------- conversations


class Conversation(Base):
    """Dialogue state per channel identity, so a call can resume on Telegram."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(100))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    cart_id: Mapped[int | None] = mapped_column(ForeignKey("carts.id"))
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ProcessedEvent(Base):
    """An external event (a webhook) already handled, so a repeat is skipped.

    A webhook's body is never kept (Stripe's carries the payer's name, e-mail and address):
    only its id and ``payload_sha256``, enough to tell a replay from a different delivery.
    ``payload`` is a short note of Kiepe's own (the answer already sent), never a body received.
    """

    __tablename__ = "processed_events"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    payload: Mapped[str | None] = mapped_column(Text)
    payload_sha256: Mapped[str | None] = mapped_column(String(64))
