"""What the console's pages show, read from the database (always scoped to a region or a shop).

Only reading here; every change goes through the domain's use cases (``ordering``).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bot.application import dead_letters
from bot.application.dead_letters import ParkedDelivery
from ordering import orders as order_cases
from ordering import windows
from ordering.models import Order, OrderEvent, Region, Shop, Slot, SubOrder
from ordering.payments import settlement
from ordering.payments.models import EntryStatus, LedgerEntry

OPEN_FOR_SHOP = ("placed", "confirmed", "partly_confirmed", "ready")
ANSWERS = ("confirmed", "partly_confirmed", "rejected")
CHANNEL_WORDS = {"voice": "Telefon", "telegram": "Telegram", "web": "Web-Chat", "sms": "SMS"}


def zone(region: Region) -> ZoneInfo:
    return ZoneInfo(region.timezone)


def local_day_bounds(region: Region, day: date) -> tuple[datetime, datetime]:
    tz = zone(region)
    return datetime.combine(day, time.min, tz), datetime.combine(day + timedelta(days=1), time.min, tz)


# ---------------------------------------------------------------- coordinators


@dataclass
class WindowRow:
    view: windows.WindowView
    orders: list[Order]

    @property
    def day(self):
        return self.view.start.date()

    @property
    def taken(self) -> int:
        return self.view.capacity - self.view.free

    @property
    def percent(self) -> int:
        return round(100 * self.taken / self.view.capacity) if self.view.capacity else 100


def coming_windows(s: Session, region: Region, now: datetime, days: int = 3) -> list[WindowRow]:
    """Today's and the next days' windows (delivery and pick-up), with how full and their orders."""
    last_day = now.astimezone(zone(region)).date() + timedelta(days=days - 1)
    views = [v for kind in ("delivery", "pickup")
             for v in windows.open_windows(s, region.id, kind, now=now, include_closed=True, limit=500)
             if v.start.date() <= last_day]
    views.sort(key=lambda v: (v.start, v.kind, v.municipality_name or v.station_name or ""))
    by_slot: dict[int, list[Order]] = defaultdict(list)
    if views:
        query = (select(Order).where(Order.slot_id.in_([v.slot_id for v in views]), Order.status != "cancelled")
                 .options(selectinload(Order.sub_orders).selectinload(SubOrder.shop)).order_by(Order.id))
        for order in s.scalars(query):
            by_slot[order.slot_id].append(order)
    return [WindowRow(v, by_slot.get(v.slot_id, [])) for v in views]


@dataclass
class Waiting:
    sub: SubOrder
    minutes: int


def unanswered(s: Session, region: Region, now: datetime) -> list[Waiting]:
    """Shops' parts nobody has answered yet, the longest waiting first."""
    query = (select(SubOrder).join(Order, SubOrder.order_id == Order.id)
             .where(Order.region_id == region.id, SubOrder.status == "placed", Order.status == "placed")
             .options(selectinload(SubOrder.shop), selectinload(SubOrder.order)).order_by(Order.created_at))
    return [Waiting(sub, max(0, int((now - sub.order.created_at).total_seconds() // 60))) for sub in s.scalars(query)]


def failed_messages(s: Session, region: Region, limit: int = 50) -> list[ParkedDelivery]:
    """Deliveries parked after their last attempt: someone was not told (Telegram, SMS)."""
    return dead_letters.parked(s, region_id=region.id, limit=limit)


def failed_payments(s: Session, region: Region, limit: int = 50) -> list[LedgerEntry]:
    """Money movements that failed or hang (transfers, refunds): for ``kiepe payments reconcile``."""
    query = (select(LedgerEntry).join(Order, LedgerEntry.order_id == Order.id)
             .where(Order.region_id == region.id,
                    LedgerEntry.status.in_((EntryStatus.failed.value, EntryStatus.pending.value)))
             .options(selectinload(LedgerEntry.order), selectinload(LedgerEntry.shop))
             .order_by(LedgerEntry.id.desc()).limit(limit))
    return list(s.scalars(query))


def latest_orders(s: Session, region: Region, limit: int = 10) -> list[Order]:
    query = (select(Order).where(Order.region_id == region.id)
             .options(selectinload(Order.sub_orders).selectinload(SubOrder.shop), selectinload(Order.slot))
             .order_by(Order.id.desc()).limit(limit))
    return list(s.scalars(query))


def latest_order_id(s: Session, region: Region) -> int:
    return s.scalar(select(func.max(Order.id)).where(Order.region_id == region.id)) or 0


def shops_of(s: Session, region: Region) -> list[Shop]:
    return list(s.scalars(select(Shop).where(Shop.region_id == region.id).order_by(Shop.name)))


def slot_in_region(s: Session, region: Region, slot_id: int) -> Slot | None:
    slot = s.get(Slot, slot_id)
    return slot if slot is not None and slot.region_id == region.id else None


# ---------------------------------------------------------------- charts' numbers


def orders_per_day(s: Session, region: Region, today: date, days: int = 14) -> list[tuple[date, int]]:
    start, _ = local_day_bounds(region, today - timedelta(days=days - 1))
    _, end = local_day_bounds(region, today)
    counts: Counter[date] = Counter()
    for (created,) in s.execute(select(Order.created_at).where(Order.region_id == region.id,
                                                               Order.created_at >= start, Order.created_at < end)):
        counts[created.astimezone(zone(region)).date()] += 1
    return [(today - timedelta(days=n), counts[today - timedelta(days=n)]) for n in range(days - 1, -1, -1)]


def channel_share(s: Session, region: Region, since: datetime) -> list[tuple[str, int]]:
    rows = s.execute(select(Order.channel, func.count(Order.id))
                     .where(Order.region_id == region.id, Order.created_at >= since).group_by(Order.channel))
    counts = Counter({CHANNEL_WORDS.get(channel or "", channel or "unbekannt"): n for channel, n in rows})
    for word in ("Telefon", "Telegram", "Web-Chat"):
        counts.setdefault(word, 0)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def answer_minutes(s: Session, region: Region, since: datetime) -> list[tuple[str, float, int]]:
    """Per shop: the median minutes from order to the shop's answer, and how many answers."""
    query = (select(Shop.name, Order.created_at, func.min(OrderEvent.at))
             .join(SubOrder, SubOrder.id == OrderEvent.sub_order_id)
             .join(Order, Order.id == SubOrder.order_id).join(Shop, Shop.id == SubOrder.shop_id)
             .where(Order.region_id == region.id, Order.created_at >= since, OrderEvent.event.in_(ANSWERS),
                    OrderEvent.actor.like("shop:%"))
             .group_by(SubOrder.id, Shop.name, Order.created_at))
    minutes: dict[str, list[float]] = defaultdict(list)
    for name, created, answered in s.execute(query):
        if answered.tzinfo is None or created.tzinfo is None:  # UTCDateTime gives aware values; be safe
            continue
        minutes[name].append(max(0.0, (answered - created).total_seconds() / 60))
    return sorted(((name, statistics.median(values), len(values)) for name, values in minutes.items()),
                  key=lambda row: (-row[1], row[0]))


# ---------------------------------------------------------------- shops


def open_sub_orders(s: Session, shop_id: int) -> list[SubOrder]:
    """The shop's parts still to answer, pack or hand over, oldest first."""
    subs = order_cases.sub_orders_of_shop(s, shop_id, limit=200)
    return sorted((sub for sub in subs if sub.status in OPEN_FOR_SHOP), key=lambda sub: sub.id)


def latest_sub_order_id(s: Session, shop_id: int) -> int:
    return s.scalar(select(func.max(SubOrder.id)).where(SubOrder.shop_id == shop_id)) or 0


@dataclass
class Money:
    date_from: date
    date_to: date
    rows: list[settlement.SettlementRow]

    def total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.rows)


def money(s: Session, shop: Shop, today: date, days: int = 30) -> Money:
    start = today - timedelta(days=days - 1)
    return Money(start, today, settlement.settlement_rows(s, shop.id, start, today))


# ---------------------------------------------------------------- couriers


def todays_delivery_slots(s: Session, region: Region, now: datetime) -> list[Slot]:
    start, end = local_day_bounds(region, now.astimezone(zone(region)).date())
    query = (select(Slot).where(Slot.region_id == region.id, Slot.kind == "delivery", Slot.start >= start,
                                Slot.start < end).order_by(Slot.start, Slot.id))
    return list(s.scalars(query))
