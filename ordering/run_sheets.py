"""What the courier takes on a delivery tour, and what a pick-up station hands out, as data and as print.

Built from the order's own snapshot (name, phone, address, line names), so a sheet printed in
the morning still matches after a resident moves or a product is renamed. Cancelled orders and
rejected lines are left out; a shop that rejected or cancelled its part shows up as a note, so
nobody waits for a bag that will not come.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ordering import age_checks, deposits, weighing
from ordering.errors import Invalid, NotFound
from ordering.models import Order, OrderLine, PickupStation, Region, Slot, SubOrder, WindowKind
from ordering.money import format_euro
from ordering.windows import format_window

WIDTH = 80
STATUS_WORDS = {
    "placed": "bestellt",
    "confirmed": "bestätigt",
    "partly_confirmed": "teilweise bestätigt",
    "rejected": "abgelehnt",
    "ready": "fertig gepackt",
    "with_courier": "beim Kurier",
    "at_station": "an der Station",
    "delivered": "zugestellt",
    "collected": "abgeholt",
    "cancelled": "storniert",
}
NOTHING_TO_HAND_OVER = frozenset({"rejected", "cancelled"})
UNIT_WORDS = {"kg": "kg", "l": "l"}


# ---------------------------------------------------------------- data
# Derived values (labels, totals) are fields, not properties, so the JSON form of a sheet
# (dataclasses.asdict, as the admin API sends it) carries them too.


def _derive(instance: object, **values: object) -> None:
    for name, value in values.items():
        object.__setattr__(instance, name, value)  # frozen dataclass: set once, in __post_init__


@dataclass(frozen=True)
class Bag:
    """One shop's part of an order: what to take from the shop and hand to the resident."""

    shop_name: str
    sub_order_id: int  # the number the shop writes on the bag
    status: str
    items: tuple[str, ...]  # "2 × Frischmilch (Flasche 1 l)"
    amount_cents: int  # value of the items handed over
    status_text: str = field(init=False)
    handed_over: bool = field(init=False)

    def __post_init__(self) -> None:
        _derive(
            self,
            status_text=STATUS_WORDS.get(self.status, self.status),
            handed_over=self.status not in NOTHING_TO_HAND_OVER and bool(self.items),
        )


@dataclass(frozen=True)
class Stop:
    """One order on a tour or at a station."""

    reference: str
    customer_name: str
    phone: str
    street: str
    postcode: str
    town: str
    municipality_name: str
    bags: tuple[Bag, ...]
    collect_cents: int  # cash to take on handover; 0 when paid online, by invoice or already
    payment_method: str
    # Age-restricted goods still to hand over (16 or 18): "Ausweis prüfen"; the check's outcome.
    min_age: int | None = None
    age_check: str | None = None
    # Weighed goods in it: the amount to collect is the weighed one ("nach Gewicht").
    weighed: bool = False
    address: str = field(init=False)

    def __post_init__(self) -> None:
        place = " ".join(part for part in (self.postcode, self.town) if part)
        _derive(self, address=", ".join(part for part in (self.street, place) if part))


@dataclass(frozen=True)
class MunicipalityStops:
    municipality_name: str
    stops: tuple[Stop, ...]


@dataclass(frozen=True)
class ShopCollection:
    """Where the courier fetches bags before the tour, and for which orders."""

    shop_name: str
    references: tuple[str, ...]


def _bags_handed_over(stops: tuple[Stop, ...]) -> int:
    return sum(1 for stop in stops for bag in stop.bags if bag.handed_over)


@dataclass(frozen=True)
class RunSheet:
    slot_id: int
    start: datetime  # local, aware
    end: datetime
    area: str  # the municipality the window is for
    groups: tuple[MunicipalityStops, ...]
    shops: tuple[ShopCollection, ...]
    window_label: str = field(init=False)
    stop_count: int = field(init=False)
    bag_count: int = field(init=False)
    collect_total_cents: int = field(init=False)

    @property
    def stops(self) -> tuple[Stop, ...]:
        return tuple(stop for group in self.groups for stop in group.stops)

    def __post_init__(self) -> None:
        stops = self.stops
        _derive(
            self,
            window_label=format_window(self.start, self.end),
            stop_count=len(stops),
            bag_count=_bags_handed_over(stops),
            collect_total_cents=sum(stop.collect_cents for stop in stops),
        )


@dataclass(frozen=True)
class PickupList:
    slot_id: int
    station_name: str
    station_address: str
    start: datetime
    end: datetime
    orders: tuple[Stop, ...]
    window_label: str = field(init=False)
    bag_count: int = field(init=False)
    collect_total_cents: int = field(init=False)

    def __post_init__(self) -> None:
        _derive(
            self,
            window_label=format_window(self.start, self.end),
            bag_count=_bags_handed_over(self.orders),
            collect_total_cents=sum(order.collect_cents for order in self.orders),
        )


# ---------------------------------------------------------------- building


def format_quantity(quantity: Decimal) -> str:
    """Decimal("2.000") -> "2", Decimal("0.250") -> "0,25" (German decimal comma)."""
    text = f"{quantity.normalize():f}"
    return text.replace(".", ",")


def describe_line(line: OrderLine) -> str:
    """"2 × Frischmilch (Flasche 1 l)", "1,5 kg Kartoffeln", "Gutschein Hof Schulze über 20,00 €"."""
    if line.voucher_cents is not None and line.quantity is None:
        return f"{line.name} über {format_euro(line.voucher_cents)}"
    if line.quantity is None:
        return line.name
    if line.is_deposit:
        return deposits.describe(line)
    amount = format_quantity(line.quantity)
    if line.unit in UNIT_WORDS:
        if weighing.is_weighed(line) and line.weighed_quantity is not None:  # what the shop's scale said
            return f"{format_quantity(line.weighed_quantity)} {UNIT_WORDS[line.unit]} {line.name} (gewogen)"
        return f"{amount} {UNIT_WORDS[line.unit]} {line.name}"
    what = " ".join(part for part in (line.label, line.size) if part)
    return f"{amount} × {line.name}" + (f" ({what})" if what else "")


def _bag(sub: SubOrder) -> Bag:
    if sub.status in NOTHING_TO_HAND_OVER:
        return Bag(sub.shop.name, sub.id, sub.status, (), 0)
    lines = [line for line in sub.lines if not line.rejected]
    return Bag(sub.shop.name, sub.id, sub.status, tuple(map(describe_line, lines)), sum(l.total_cents for l in lines))


def _stop(order: Order) -> Stop:
    bags = tuple(_bag(sub) for sub in sorted(order.sub_orders, key=lambda sub: sub.shop.name))
    goods = sum(bag.amount_cents for bag in bags)
    # Only cash on handover is the courier's business; online and invoice are settled elsewhere.
    to_collect = order.payment_method == "on_delivery" and order.payment_status != "paid"
    return Stop(
        reference=order.reference,
        customer_name=order.customer_name or "(Name gelöscht)",
        phone=order.customer_phone or "",
        street=order.street or "",
        postcode=order.postcode or "",
        town=order.town or "",
        municipality_name=order.municipality.name if order.municipality else (order.town or ""),
        bags=bags,
        collect_cents=goods + order.delivery_fee_cents if to_collect else 0,
        payment_method=order.payment_method,
        min_age=order.min_age if order.age_check else max(
            (line.min_age for line in age_checks.restricted_lines(order) if line.min_age), default=None),
        age_check=order.age_check,
        weighed=weighing.order_has_weighed_goods(order),
    )


_HOUSE_NUMBER = re.compile(r"^(?P<street>.*?)\s*(?P<number>\d+)\s*(?P<suffix>\S*)\s*$")


def street_order(street: str) -> tuple[str, int, str]:
    """Sort "Hauptstraße 9" before "Hauptstraße 12", which plain text sorting would not."""
    match = _HOUSE_NUMBER.match(street)
    if not match:
        return street.casefold(), 0, ""
    return match["street"].casefold(), int(match["number"]), match["suffix"].casefold()


def _orders_in(session: Session, slot_id: int) -> list[Order]:
    query = (
        select(Order)
        .where(Order.slot_id == slot_id, Order.status != "cancelled")
        .options(
            joinedload(Order.municipality),
            selectinload(Order.sub_orders).selectinload(SubOrder.lines),
            selectinload(Order.sub_orders).joinedload(SubOrder.shop),
        )
        .order_by(Order.reference)
    )
    return list(session.scalars(query))


def _slot_of_kind(session: Session, slot_id: int, kind: str) -> tuple[Slot, ZoneInfo]:
    slot = session.get(Slot, slot_id)
    if slot is None:
        raise NotFound(f"slot {slot_id} not found", field="slot")
    if slot.kind != kind:
        raise Invalid(f"slot {slot_id} is a {slot.kind} window, not {kind}", field="slot")
    return slot, ZoneInfo(session.get_one(Region, slot.region_id).timezone)


def _with_something_to_hand_over(orders: list[Order]) -> list[Stop]:
    # An order whose every shop rejected or cancelled is no stop at all.
    return [stop for stop in map(_stop, orders) if any(bag.handed_over for bag in stop.bags)]


def delivery_run_sheet(session: Session, slot_id: int) -> RunSheet:
    """The courier's tour for one delivery window: stops by municipality, then street."""
    slot, tz = _slot_of_kind(session, slot_id, WindowKind.delivery.value)
    stops = _with_something_to_hand_over(_orders_in(session, slot_id))
    by_municipality: dict[str, list[Stop]] = defaultdict(list)
    for stop in stops:
        by_municipality[stop.municipality_name].append(stop)
    groups = tuple(
        MunicipalityStops(name, tuple(sorted(group, key=lambda s: (street_order(s.street), s.reference))))
        for name, group in sorted(by_municipality.items())
    )
    references_by_shop: dict[str, list[str]] = defaultdict(list)
    for group in groups:
        for stop in group.stops:
            for bag in stop.bags:
                if bag.handed_over:
                    references_by_shop[bag.shop_name].append(stop.reference)
    return RunSheet(
        slot_id=slot.id,
        start=slot.start.astimezone(tz),
        end=slot.end.astimezone(tz),
        area=slot.municipality.name if slot.municipality else "",
        groups=groups,
        shops=tuple(ShopCollection(name, tuple(refs)) for name, refs in sorted(references_by_shop.items())),
    )


def station_pickup_list(session: Session, station_id: int, slot_id: int) -> PickupList:
    """The orders a station hands out in one pick-up window, with their bags per shop."""
    slot, tz = _slot_of_kind(session, slot_id, WindowKind.pickup.value)
    if slot.station_id != station_id:
        raise Invalid(f"slot {slot_id} belongs to station {slot.station_id}, not {station_id}", field="station")
    station = session.get_one(PickupStation, station_id)
    orders = _with_something_to_hand_over(_orders_in(session, slot_id))
    return PickupList(
        slot_id=slot.id,
        station_name=station.name,
        station_address=station.address or "",
        start=slot.start.astimezone(tz),
        end=slot.end.astimezone(tz),
        orders=tuple(sorted(orders, key=lambda o: (o.customer_name.casefold(), o.reference))),
    )


# ---------------------------------------------------------------- printing


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    """Lines of at most WIDTH columns; continuation lines get ``hanging`` (default: indent + 2)."""
    follow = indent + "  " if hanging is None else hanging
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=follow, break_on_hyphens=False) or [
        indent
    ]


def _collect_line(stop: Stop) -> str:
    if stop.collect_cents:
        return f"Kassieren: {format_euro(stop.collect_cents)}" + (" (nach Gewicht)" if stop.weighed else "")
    if stop.payment_method == "on_delivery":
        return "Bereits bezahlt – nichts kassieren"
    return "Nichts kassieren (online/Rechnung)"


def _bag_lines(bag: Bag, indent: str) -> list[str]:
    heading = f"{bag.shop_name} (Nr. {bag.sub_order_id}, {bag.status_text})"
    if not bag.handed_over:
        return _wrap(f"{heading}: nichts mitnehmen", indent)
    lines = _wrap(heading, indent)
    for item in bag.items:
        lines += _wrap(f"[ ] {item}", indent + "  ", indent + "      ")
    return lines


def _stop_lines(number: int, stop: Stop, *, with_address: bool) -> list[str]:
    head = f"{number:>2}. {stop.reference}  {stop.customer_name}"
    if stop.phone:
        head += f"  Tel. {stop.phone}"
    lines = _wrap(head, "", "    ")
    if with_address:
        lines += _wrap(stop.address, "    ")
    if stop.min_age:
        done = {"passed": " – geprüft", "failed": " – nicht bestanden"}.get(stop.age_check or "", "")
        lines += _wrap(f"!! Ausweis prüfen: ab {stop.min_age} Jahren{done}", "    ")
    for bag in stop.bags:
        lines += _bag_lines(bag, "    ")
    lines += _wrap(_collect_line(stop), "    ")
    return lines


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _summary(orders: str, bags: int, collect_cents: int) -> str:
    return f"{orders} · {_count(bags, 'Tüte', 'Tüten')} · zu kassieren: {format_euro(collect_cents)}"


def render_run_sheet_text(sheet: RunSheet) -> str:
    title = f"Tour {sheet.window_label}" + (f" — {sheet.area}" if sheet.area else "")
    out = _wrap(title) + ["=" * WIDTH]
    stops = _count(sheet.stop_count, "Stopp", "Stopps")
    out += _wrap(_summary(stops, sheet.bag_count, sheet.collect_total_cents))
    if sheet.shops:
        out += ["", "Vorher abholen:"]
        for shop in sheet.shops:
            bags = _count(len(shop.references), "Tüte", "Tüten")
            out += _wrap(f"[ ] {shop.shop_name}: {bags} ({', '.join(shop.references)})", "  ")
    number = 0
    for group in sheet.groups:
        out += ["", f"── {group.municipality_name} ".ljust(WIDTH, "─")]
        for stop in group.stops:
            number += 1
            out += [""] + _stop_lines(number, stop, with_address=True)
    if not sheet.groups:
        out += ["", "Keine Bestellungen in diesem Zeitfenster."]
    return "\n".join(out) + "\n"


def render_pickup_list_text(pickup: PickupList) -> str:
    out = _wrap(f"Abholung {pickup.window_label} — {pickup.station_name}")
    if pickup.station_address:
        out += _wrap(pickup.station_address)
    out += ["=" * WIDTH]
    orders = _count(len(pickup.orders), "Bestellung", "Bestellungen")
    out += _wrap(_summary(orders, pickup.bag_count, pickup.collect_total_cents))
    for number, order in enumerate(pickup.orders, start=1):
        out += [""] + _stop_lines(number, order, with_address=False) + ["    Abgeholt: ____________"]
    if not pickup.orders:
        out += ["", "Keine Bestellungen in diesem Zeitfenster."]
    return "\n".join(out) + "\n"
