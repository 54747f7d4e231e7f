"""Shop rules from the catalog (issue 16): public holidays, a shop's closing days, minimum
orders, free delivery, age-restricted goods and allergens.

Domain rules only; what a resident hears is built from these at the edges (the dialogue; the
errors raised here are worded by ``bot/application/error_wording.py``, like every other).

* **Public holidays** of the region's state (``Region.holidays_state``, from the ``holidays``
  package) get no windows at all (``windows.generate_slots`` skips them).
* **Closing days** (``Shop.closed_days``) make a shop's goods unorderable for windows on those
  days: a cart holding goods of a closed shop cannot hold or book such a window, and is offered
  the next window that suits every shop in it.
* **Minimum order** (``Shop.min_order_cents``): a shop's part below it blocks checkout of that
  part only; adding goods is never blocked.
* **Free delivery** (``Region.free_delivery_from_cents``): no fee from that goods total on.
* **Age** (``Product.min_age``): 16 or 18; the order carries the highest for the hand-over.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays as holiday_calendars

from ordering.errors import Conflict
from ordering.models import Cart, CartLine, Product, Region, Shop, Slot
from ordering.money import line_total

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

# ---------------------------------------------------------------- public holidays


@functools.lru_cache(maxsize=64)
def _calendar(state: str, year: int) -> dict[date, str]:
    calendar = holiday_calendars.country_holidays("DE", subdiv=state, years=year, language="de")
    return dict(calendar.items())


def public_holiday(region: Region, day: date) -> str | None:
    """The German name of the public holiday on ``day`` in the region's state, or None."""
    if not region.holidays_state:
        return None
    return _calendar(region.holidays_state, day.year).get(day)


# ---------------------------------------------------------------- closing days


@dataclass(frozen=True)
class Closure:
    """A shop closed from ``first`` to ``last`` (both included)."""

    shop_id: int
    shop_name: str
    first: date
    last: date

    def sentence(self) -> str:
        """"Die Metzgerei Beispiel hat vom 2. bis 10. Januar Betriebsurlaub." / "… am 24. Dezember geschlossen."."""
        if self.first == self.last:
            return f"{self.shop_name} hat am {format_day(self.first)} geschlossen."
        if (self.first.year, self.first.month) == (self.last.year, self.last.month):
            span = f"vom {self.first.day}. bis {format_day(self.last)}"
        else:
            span = f"vom {format_day(self.first)} bis {format_day(self.last)}"
        return f"{self.shop_name} hat {span} Betriebsurlaub."


def format_day(day: date, *, weekday: bool = False) -> str:
    """"24. Dezember" (or "Donnerstag, 24. Dezember")."""
    text = f"{day.day}. {MONTHS[day.month - 1]}"
    return f"{WEEKDAYS[day.weekday()]}, {text}" if weekday else text


def closure_on(shop: Shop, day: date) -> Closure | None:
    """The span of ``shop.closed_days`` that covers ``day``, or None when the shop is open."""
    for first, last in shop.closed_days or ():
        first_day, last_day = date.fromisoformat(first), date.fromisoformat(last)
        if first_day <= day <= last_day:
            return Closure(shop.id, shop.name, first_day, last_day)
    return None


def cart_shops(cart: Cart) -> list[Shop]:
    """The shops whose goods are in the cart (vouchers too: they are handed over with the order)."""
    return list({line.shop_id: line.shop for line in cart.lines}.values())


def closures_for(shops: list[Shop], day: date) -> list[Closure]:
    return [closure for shop in shops if (closure := closure_on(shop, day)) is not None]


def local_day(region: Region, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(region.timezone)).date()


class ShopClosed(Conflict):
    """A window on a day when a shop of the cart takes no orders: ``closures``, one per shop."""

    def __init__(self, closures: list[Closure]) -> None:
        self.closures = closures
        names = ", ".join(c.shop_name for c in closures)
        super().__init__(f"closed on the window's day: {names}", field="slot_id")


def check_window_suits_cart(region: Region, cart: Cart, slot: Slot) -> None:
    """Raise ShopClosed when a shop with goods in the cart is closed on the window's day."""
    closures = closures_for(cart_shops(cart), local_day(region, slot.start))
    if closures:
        raise ShopClosed(closures)


def suits_shops(region: Region, shops: list[Shop], start: datetime) -> bool:
    return not closures_for(shops, local_day(region, start))


def next_open_day(shops: list[Shop], day: date) -> date:
    """The first day from ``day`` on when none of ``shops`` is closed."""
    for _ in range(400):
        closures = closures_for(shops, day)
        if not closures:
            return day
        day = max(c.last for c in closures) + timedelta(days=1)
    return day


# ---------------------------------------------------------------- minimum order, free delivery


@dataclass(frozen=True)
class ShortPart:
    """A shop's part of a cart below that shop's minimum order."""

    shop_id: int
    shop_slug: str
    shop_name: str
    subtotal_cents: int
    min_order_cents: int

    @property
    def missing_cents(self) -> int:
        return self.min_order_cents - self.subtotal_cents


def short_parts(cart: Cart) -> list[ShortPart]:
    """Shops whose goods in the cart do not reach their ``min_order`` (vouchers do not count)."""
    goods: dict[int, int] = {}
    shops: dict[int, Shop] = {}
    for line in cart.lines:
        product = line.product
        if product is None:
            continue
        shops[line.shop_id] = line.shop
        goods[line.shop_id] = goods.get(line.shop_id, 0) + _line_cents(line, product)
    return [
        ShortPart(shop.id, shop.slug, shop.name, goods[shop_id], shop.min_order_cents)
        for shop_id, shop in sorted(shops.items(), key=lambda item: item[1].name)
        if shop.min_order_cents and goods[shop_id] < shop.min_order_cents
    ]


def _line_cents(line: CartLine, product: Product) -> int:
    if line.quantity is None:  # a product line always has one (``cart.add_product``)
        raise ValueError(f"cart line {line.id} has a product but no quantity")
    return line_total(line.quantity, product.price_cents)


class BelowMinimumOrder(Conflict):
    """Shops whose part of the cart is below their minimum order: ``parts``, one per shop."""

    def __init__(self, parts: list[ShortPart]) -> None:
        self.parts = parts
        super().__init__(
            "below the minimum order: " + ", ".join(f"{p.shop_slug} {p.subtotal_cents}<{p.min_order_cents}"
                                                    for p in parts),
            field="cart",
        )


def check_minimum_orders(cart: Cart) -> None:
    parts = short_parts(cart)
    if parts:
        raise BelowMinimumOrder(parts)


def delivery_fee(region: Region, goods_cents: int) -> int:
    """The region's fee, waived from ``free_delivery_from_cents`` of goods on."""
    if region.free_delivery_from_cents is not None and goods_cents >= region.free_delivery_from_cents:
        return 0
    return region.delivery_fee_cents


def missing_for_free_delivery(region: Region, goods_cents: int) -> int | None:
    """How much is missing for free delivery; None when the region has no such rule or it is reached."""
    if region.free_delivery_from_cents is None or not region.delivery_fee_cents:
        return None
    missing = region.free_delivery_from_cents - goods_cents
    return missing if missing > 0 else None


# ---------------------------------------------------------------- age


def required_age(cart: Cart) -> int | None:
    """The highest ``min_age`` of the goods in the cart (16 or 18), or None."""
    ages = [line.product.min_age for line in cart.lines if line.product is not None and line.product.min_age]
    return max(ages) if ages else None
