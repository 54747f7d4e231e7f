"""What a kiepe-catalog/1 file describes, as frozen dataclasses, and how problems are reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ordering.errors import Invalid

FORMAT = "kiepe-catalog/1"
SHOP_KINDS = ("retailer", "direct_marketer", "service_provider")
UNITS = ("piece", "kg", "l")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_TIMEZONE = "Europe/Berlin"
DEFAULT_CURRENCY = "EUR"
# Same defaults as ordering.models.Region.
DEFAULT_DELIVERY_CUTOFF_HOURS = 12
DEFAULT_PICKUP_CUTOFF_HOURS = 6
# The 14 allergens of EU 1169/2011 Annex II, as the format spells them.
ALLERGENS = (
    "gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
    "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere",
)  # fmt: skip
MIN_AGES = (16, 18)  # Jugendschutzgesetz
# The German states (ISO 3166-2:DE without "DE-") whose public holidays a region may follow.
STATES = ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH")


@dataclass(frozen=True)
class MunicipalitySpec:
    id: str
    name: str
    postcodes: tuple[str, ...]


@dataclass(frozen=True)
class StationSpec:
    id: str
    name: str
    municipality: str
    address: str = ""


@dataclass(frozen=True)
class WindowSpec:
    """One line of a weekly template, in the region's local time."""

    days: tuple[str, ...]
    start: str  # "HH:MM"
    end: str
    capacity: int


@dataclass(frozen=True)
class DeliverySpec:
    fee_cents: int
    cutoff_hours: int
    windows: tuple[WindowSpec, ...]
    free_from_cents: int | None = None  # no delivery fee from this goods total


@dataclass(frozen=True)
class PickupSpec:
    cutoff_hours: int
    windows: tuple[WindowSpec, ...]


@dataclass(frozen=True)
class RegionSpec:
    id: str
    name: str
    timezone: str
    currency: str
    municipalities: tuple[MunicipalitySpec, ...]
    pickup_stations: tuple[StationSpec, ...] = ()
    # None: the file has no such section (an import then leaves the region's settings alone).
    delivery: DeliverySpec | None = None
    pickup: PickupSpec | None = None
    holidays: str | None = None  # a German state code: no windows on its public holidays
    weighed_tolerance_percent: int | None = None  # a weighed line may end up this much above the amount


@dataclass(frozen=True)
class ClosedSpan:
    """Days a shop takes no orders for, both ends included (one day: first == last)."""

    first: date
    last: date


@dataclass(frozen=True)
class ProductSpec:
    id: str
    name: str
    unit: str  # piece | kg | l
    price_cents: int  # per unit
    vat: int
    aliases: tuple[str, ...] = ()
    category: str | None = None
    label: str | None = None
    size: str | None = None  # as written; ordering.units.parse_size reads it
    # None: the shop said nothing about allergens; (): it declared none of the 14.
    allergens: tuple[str, ...] | None = None
    deposit_cents: int | None = None  # Pfand per piece
    min_age: int | None = None  # 16 or 18
    substitutes: tuple[str, ...] = ()  # ids of the same shop's products


@dataclass(frozen=True)
class ServiceSpec:
    id: str
    name: str
    price_cents: int
    vat: int
    duration_minutes: int | None = None
    aliases: tuple[str, ...] = ()
    category: str | None = None


@dataclass(frozen=True)
class VoucherRange:
    min_cents: int
    max_cents: int


@dataclass(frozen=True)
class ShopSpec:
    id: str
    name: str
    kind: str
    municipality: str
    phone: str | None = None
    products: tuple[ProductSpec, ...] = ()
    services: tuple[ServiceSpec, ...] = ()
    vouchers: VoucherRange | None = None
    min_order_cents: int | None = None
    closed: tuple[ClosedSpan, ...] = ()


@dataclass(frozen=True)
class CatalogSpec:
    region: RegionSpec
    shops: tuple[ShopSpec, ...]
    # Not errors: keys this version does not know (a typo, say), so they are never silent.
    warnings: tuple[Problem, ...] = ()

    def summary(self) -> str:
        """One line for people: 'muensterland-mitte: 9 municipalities, 15 stations, …'."""
        region = self.region
        products = sum(len(shop.products) for shop in self.shops)
        services = sum(len(shop.services) for shop in self.shops)
        return (
            f"{region.id} ({region.name}): {len(region.municipalities)} municipalities, "
            f"{len(region.pickup_stations)} pickup stations, {len(self.shops)} shops, "
            f"{products} products, {services} services"
        )


# ---------------------------------------------------------------- errors


@dataclass(frozen=True)
class Problem:
    path: str  # "shops[2].products[5].price"; "" for the file as a whole
    line: int  # 1-based
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"line {self.line}: {where}{self.message}"


class CatalogError(Invalid):
    """A catalog file that does not follow the format; ``problems`` lists all that was found."""

    def __init__(self, problems: list[Problem], *, source: str = "catalog") -> None:
        # In file order; problems on one line keep the order they were found in.
        self.problems = sorted(problems, key=lambda problem: problem.line)
        self.source = source
        count = len(self.problems)
        super().__init__(
            f"{source}: {count} problem{'s' if count != 1 else ''}\n{self}",
            field=self.problems[0].path if self.problems else None,
        )

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


