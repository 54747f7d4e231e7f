"""Read and validate a ``kiepe-catalog/1`` file (see /work/shared/formats/catalog.md).

``read_catalog(path)`` and ``parse_catalog(text)`` return a ``CatalogSpec`` of frozen
dataclasses, or raise ``CatalogError`` listing *every* problem with its field path
(``shops[2].products[5].price``) and 1-based line.

The file is read from the composed YAML node tree, not from ``yaml.safe_load`` values, for
two reasons: every value keeps its line, and an unquoted scalar is read from the text as it
was written. That makes the following lenient readings exact rather than guesses:

* ``price: 4.1`` is 4.10 € (the text "4.1", never a float rounded to 4.0999…);
* ``postcodes: [01067]`` is "01067" (YAML 1.1 would read an octal 567);
* ``start: 15:00`` is "15:00" (YAML 1.1 would read the sexagesimal integer 900);
* ``vat: "7"`` and ``capacity: "10"`` are whole numbers as much as 7 and 10 are.

Strict where the meaning is unclear: "4,10" is rejected with a hint to write "4.10" (a decimal
comma might also be a thousands separator), amounts with more than two decimals, numbers with
exponents or signs, "24:00", duplicate mapping keys (YAML would silently keep the last one).

Optional fields: region ``timezone`` (Europe/Berlin), ``currency`` (EUR), ``pickup_stations``,
``delivery`` and ``pickup`` (each with ``cutoff_hours`` defaulting to 12 and 6, like the
model); shop ``phone``, ``products``, ``services``, ``vouchers``; product ``aliases``,
``category``, ``label``, ``size``; service ``duration_minutes``, ``aliases``, ``category``.
Fields this module does not know are ignored, so the project may add its own.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ordering.errors import Invalid
from ordering.money import VAT_RATES, parse_cents
from ordering.units import SizeError, parse_size

FORMAT = "kiepe-catalog/1"
SHOP_KINDS = ("retailer", "direct_marketer", "service_provider")
UNITS = ("piece", "kg", "l")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_TIMEZONE = "Europe/Berlin"
DEFAULT_DELIVERY_CUTOFF_HOURS = 12
DEFAULT_PICKUP_CUTOFF_HOURS = 6

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PRICE = re.compile(r"^\d+(?:\.\d{1,2})?$")
_COMMA_PRICE = re.compile(r"^-?\d+,\d+$")
_TOO_PRECISE_PRICE = re.compile(r"^\d+\.\d{3,}$")
_INTEGER = re.compile(r"^[-+]?\d+$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_POSTCODE = re.compile(r"^\d{5}$")
# Units people write that the format spells differently, with what to write instead.
_UNIT_HINTS = {
    "stück": "write 'piece' (and the content of one piece as 'size', e.g. \"6 Stück\")",
    "stk": "write 'piece'",
    "liter": "write 'l'",
    "kilo": "write 'kg'",
    "g": "write 'kg' with the price per kg, or 'piece' with a size such as \"250 g\"",
    "ml": "write 'l' with the price per l, or 'piece' with a size such as \"500 ml\"",
}
_NULL_TAG = "tag:yaml.org,2002:null"
# Only its flatten_mapping() is used, which keeps no state between calls.
_MERGER = yaml.SafeLoader("")


# ---------------------------------------------------------------- result


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


@dataclass(frozen=True)
class CatalogSpec:
    region: RegionSpec
    shops: tuple[ShopSpec, ...]

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


# ---------------------------------------------------------------- entry points


def read_catalog(path: str | os.PathLike[str]) -> CatalogSpec:
    """Read a catalog file; ``OSError`` if it cannot be read, ``CatalogError`` if it is invalid."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError([Problem("", line, f"the file is not UTF-8 ({exc.reason})")], source=str(path)) from None
    return parse_catalog(text, source=str(path))


def parse_catalog(text: str, *, source: str = "catalog") -> CatalogSpec:
    """Parse catalog YAML text; ``CatalogError`` with every problem if it is invalid."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise CatalogError([Problem("", line, f"YAML syntax: {exc.problem or exc}")], source=source) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly all errors
        raise CatalogError([Problem("", 1, f"YAML syntax: {exc}")], source=source) from None
    if root is None:
        raise CatalogError([Problem("", 1, "the file is empty")], source=source)
    reader = _Reader()
    spec = reader.catalog(_At(root, "", root.start_mark.line + 1))
    reader.check_cross_references(spec)
    if reader.problems:
        raise CatalogError(reader.problems, source=source)
    return spec


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class _At:
    """A YAML node with its field path and the line a problem about it should name.

    The line is where the field's key is written (or where the list item starts), so a
    problem with ``price:`` whose value is empty still names the ``price:`` line.
    """

    node: Node
    path: str
    line: int
    key_node: Node | None = None  # for a mapping value: the key it was written under

    def key(self, name: str, key_node: Node, value: Node) -> _At:
        return _At(value, f"{self.path}.{name}" if self.path else name, key_node.start_mark.line + 1, key_node)

    def item(self, index: int, node: Node) -> _At:
        return _At(node, f"{self.path}[{index}]", node.start_mark.line + 1)

    @property
    def is_empty(self) -> bool:
        """``field:``, ``field: ~`` or ``field: ""``."""
        return isinstance(self.node, ScalarNode) and (self.node.tag == _NULL_TAG or not self.node.value.strip())


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"{node.value!r}"


@dataclass
class _Fields:
    """The fields of one YAML mapping, read by name; remembers where each key was written."""

    reader: _Reader
    at: _At
    values: dict[str, _At]

    def required(self, name: str, read: Callable[[_At], Any]) -> Any:
        value = self.values.get(name)
        if value is None:
            self.reader.problem(self.at, f"required field {name!r} is missing", path=self._path(name))
            return None
        if value.is_empty:
            self.reader.problem(value, "must not be empty")
            return None
        return read(value)

    def optional(self, name: str, read: Callable[[_At], Any], default: Any = None) -> Any:
        value = self.values.get(name)
        if value is None or value.is_empty:
            return default
        return read(value)

    def line_of(self, name: str) -> int:
        return self.values[name].line if name in self.values else self.at.line

    def _path(self, name: str) -> str:
        return f"{self.at.path}.{name}" if self.at.path else name


@dataclass
class _Reader:
    """Reads the node tree into specs, collecting problems instead of stopping at the first."""

    problems: list[Problem] = field(default_factory=list)
    # For the cross-reference checks: where each id, reference and postcode was written.
    lines: dict[str, int] = field(default_factory=dict)
    # Mapping node id -> ids of the key nodes written in it (before merge keys were resolved).
    own_keys: dict[int, set[int]] = field(default_factory=dict)

    def problem(self, at: _At, message: str, *, path: str | None = None) -> None:
        self.report(at.path if path is None else path, at.line, message)

    def report(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    # ---- containers

    def fields(self, at: _At) -> _Fields | None:
        if not isinstance(at.node, MappingNode):
            self.problem(at, f"must be a mapping of fields, found {_describe(at.node)}")
            return None
        own_keys = self.own_keys.setdefault(id(at.node), {id(key) for key, _ in at.node.value})
        try:
            # Resolve YAML merge keys (<<: *defaults) the way yaml.safe_load would: merged
            # pairs come first, so the mapping's own keys override them.
            _MERGER.flatten_mapping(at.node)
        except yaml.MarkedYAMLError as exc:
            self.problem(at, f"bad merge key: {exc.problem}")
            return None
        values: dict[str, _At] = {}
        for key_node, value_node in at.node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(at, "a key must be a plain name")
                continue
            name = key_node.value
            child = at.key(name, key_node, value_node)
            earlier = values.get(name)
            if earlier is not None and id(key_node) in own_keys and id(earlier.key_node) in own_keys:
                self.problem(child, f"key {name!r} appears twice (first on line {earlier.line})")
                continue
            values[name] = child
            self.lines[child.path] = child.line
        return _Fields(self, at, values)

    def items(self, at: _At, *, scalar_as_list: bool = False) -> list[_At]:
        if isinstance(at.node, SequenceNode):
            items = [at.item(index, node) for index, node in enumerate(at.node.value)]
            for item in items:
                self.lines[item.path] = item.line
            return items
        if scalar_as_list and isinstance(at.node, ScalarNode):
            # "days: sat" and "aliases: Graubrot" mean a one-item list, unambiguously.
            return [at]
        self.problem(at, f"must be a list, found {_describe(at.node)}")
        return []

    # ---- scalars

    def text(self, at: _At) -> str | None:
        if not isinstance(at.node, ScalarNode):
            self.problem(at, f"must be a text, found {_describe(at.node)}")
            return None
        value = at.node.value.strip()
        if not value:
            self.problem(at, "must not be empty")
            return None
        return value

    def slug(self, at: _At) -> str | None:
        value = self.text(at)
        if value is not None and not SLUG.match(value):
            self.problem(at, f"{value!r} is not an id: use a-z, 0-9 and '-', starting with a letter or digit")
            return None
        return value

    def choice(self, options: tuple[str, ...]) -> Callable[[_At], str | None]:
        def read(at: _At) -> str | None:
            value = self.text(at)
            if value is None:
                return None
            if value.lower() not in options:
                self.problem(at, f"{value!r} is not one of: {', '.join(options)}")
                return None
            return value.lower()

        return read

    def whole_number(self, minimum: int) -> Callable[[_At], int | None]:
        def read(at: _At) -> int | None:
            value = self.text(at)
            if value is None:
                return None
            if not _INTEGER.match(value):
                self.problem(at, f"{value!r} is not a whole number")
                return None
            number = int(value)
            if number < minimum:
                self.problem(at, f"must be at least {minimum}, found {number}")
                return None
            return number

        return read

    def price(self, at: _At) -> int | None:
        value = self.text(at)
        if value is None:
            return None
        if _COMMA_PRICE.match(value):
            self.problem(at, f"{value!r} has a decimal comma: write \"{value.replace(',', '.')}\"")
        elif value.startswith("-") and _PRICE.match(value[1:]):
            self.problem(at, f"{value!r} is negative: a price must be 0 or more")
        elif _TOO_PRECISE_PRICE.match(value):
            self.problem(at, f"{value!r} has more than two decimals: give whole cents, like \"4.10\"")
        elif not _PRICE.match(value):
            self.problem(at, f"{value!r} is not an amount in euros: write a decimal string like \"4.10\"")
        else:
            return parse_cents(value)
        return None

    def unit(self, at: _At) -> str | None:
        value = self.text(at)
        if value is None:
            return None
        if value.lower() in _UNIT_HINTS:
            self.problem(at, f"{value!r} is not a unit: {_UNIT_HINTS[value.lower()]}")
            return None
        return self.choice(UNITS)(at)

    def vat(self, at: _At) -> int | None:
        rate = self.whole_number(0)(at)
        if rate is not None and rate not in VAT_RATES:
            self.problem(at, f"VAT rate {rate} is not one of {', '.join(map(str, VAT_RATES))}")
            return None
        return rate

    def time(self, at: _At) -> str | None:
        value = self.text(at)
        if value is None:
            return None
        match = _TIME.match(value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            self.problem(at, f"{value!r} is not a time of day: write \"HH:MM\" from \"00:00\" to \"23:59\"")
            return None
        return f"{int(match[1]):02d}:{match[2]}"

    def size(self, at: _At) -> str | None:
        value = self.text(at)
        if value is None:
            return None
        try:
            parse_size(value)
        except SizeError as exc:
            self.problem(at, str(exc))
            return None
        return value

    def timezone(self, at: _At) -> str | None:
        value = self.text(at)
        if value is None:
            return None
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.problem(at, f"{value!r} is not an IANA time zone such as \"Europe/Berlin\"")
            return None
        return value

    def currency(self, at: _At) -> str | None:
        value = self.text(at)
        if value is not None and value != "EUR":
            self.problem(at, f"{value!r} is not supported: Kiepe prices are in EUR")
            return None
        return value

    def text_list(self, at: _At) -> tuple[str, ...]:
        return tuple(value for item in self.items(at, scalar_as_list=True) if (value := self.text(item)) is not None)

    def postcodes(self, at: _At) -> tuple[str, ...]:
        found: list[str] = []
        problems_before = len(self.problems)
        for item in self.items(at, scalar_as_list=True):
            value = self.text(item)
            if value is None:
                continue
            if not _POSTCODE.match(value):
                self.problem(item, f"{value!r} is not a postcode: five digits, like \"48653\"")
            elif value in found:
                self.problem(item, f"postcode {value} is listed twice")
            found.append(value)
        if not found and len(self.problems) == problems_before:
            self.problem(at, "a municipality needs at least one postcode")
        return tuple(found)

    def days(self, at: _At) -> tuple[str, ...]:
        found: list[str] = []
        problems_before = len(self.problems)
        for item in self.items(at, scalar_as_list=True):
            value = self.text(item)
            if value is None:
                continue
            day = value.lower()
            if day not in WEEKDAYS:
                self.problem(item, f"{value!r} is not a day: use {', '.join(WEEKDAYS)}")
            elif day in found:
                self.problem(item, f"{value!r} is listed twice")
            else:
                found.append(day)
        if not found and len(self.problems) == problems_before:
            self.problem(at, "a window needs at least one day")
        return tuple(found)

    # ---- the document

    def catalog(self, at: _At) -> CatalogSpec:
        doc = self.fields(at)
        if doc is None:
            return CatalogSpec(region=None, shops=())  # type: ignore[arg-type]  # problems recorded
        doc.required("format", self.format)
        region = doc.required("region", self.region)
        shops = doc.optional("shops", lambda shops_at: tuple(self.shop(item) for item in self.items(shops_at)), ())
        return CatalogSpec(region=region, shops=shops)

    def format(self, at: _At) -> str | None:
        value = self.text(at)
        if value is not None and value != FORMAT:
            self.problem(at, f"{value!r} is not a format this version reads: expected {FORMAT!r}")
        return value

    def region(self, at: _At) -> RegionSpec | None:
        region = self.fields(at)
        if region is None:
            return None
        return RegionSpec(
            id=region.required("id", self.slug),
            name=region.required("name", self.text),
            timezone=region.optional("timezone", self.timezone, DEFAULT_TIMEZONE),
            currency=region.optional("currency", self.currency, "EUR"),
            municipalities=region.required(
                "municipalities", lambda m: tuple(self.municipality(item) for item in self.items(m))
            )
            or (),
            pickup_stations=region.optional(
                "pickup_stations", lambda s: tuple(self.station(item) for item in self.items(s)), ()
            ),
            delivery=region.optional("delivery", self.delivery),
            pickup=region.optional("pickup", self.pickup),
        )

    def municipality(self, at: _At) -> MunicipalitySpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return MunicipalitySpec(
            id=fields.required("id", self.slug),
            name=fields.required("name", self.text),
            postcodes=fields.required("postcodes", self.postcodes) or (),
        )

    def station(self, at: _At) -> StationSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return StationSpec(
            id=fields.required("id", self.slug),
            name=fields.required("name", self.text),
            municipality=fields.required("municipality", self.slug),
            address=fields.optional("address", self.text, ""),
        )

    def delivery(self, at: _At) -> DeliverySpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return DeliverySpec(
            fee_cents=fields.required("fee", self.price),
            cutoff_hours=fields.optional("cutoff_hours", self.whole_number(0), DEFAULT_DELIVERY_CUTOFF_HOURS),
            windows=fields.required("windows", self.windows) or (),
        )

    def pickup(self, at: _At) -> PickupSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return PickupSpec(
            cutoff_hours=fields.optional("cutoff_hours", self.whole_number(0), DEFAULT_PICKUP_CUTOFF_HOURS),
            windows=fields.required("windows", self.windows) or (),
        )

    def windows(self, at: _At) -> tuple[WindowSpec, ...]:
        return tuple(self.window(item) for item in self.items(at))

    def window(self, at: _At) -> WindowSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        window = WindowSpec(
            days=fields.required("days", self.days),
            start=fields.required("start", self.time),
            end=fields.required("end", self.time),
            capacity=fields.required("capacity", self.whole_number(1)),
        )
        if window.start and window.end and window.start >= window.end:
            # "HH:MM" strings compare like times; a window crossing midnight is not supported.
            self.problem(
                fields.values["end"], f"must be after start {window.start!r}, found {window.end!r}"
            )
        return window

    def shop(self, at: _At) -> ShopSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return ShopSpec(
            id=fields.required("id", self.slug),
            name=fields.required("name", self.text),
            kind=fields.required("kind", self.choice(SHOP_KINDS)),
            municipality=fields.required("municipality", self.slug),
            phone=fields.optional("phone", self.text),
            products=fields.optional("products", lambda p: tuple(self.product(i) for i in self.items(p)), ()),
            services=fields.optional("services", lambda s: tuple(self.service(i) for i in self.items(s)), ()),
            vouchers=fields.optional("vouchers", self.vouchers),
        )

    def product(self, at: _At) -> ProductSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return ProductSpec(
            id=fields.required("id", self.slug),
            name=fields.required("name", self.text),
            unit=fields.required("unit", self.unit),
            price_cents=fields.required("price", self.price),
            vat=fields.required("vat", self.vat),
            aliases=fields.optional("aliases", self.text_list, ()),
            category=fields.optional("category", self.text),
            label=fields.optional("label", self.text),
            size=fields.optional("size", self.size),
        )

    def service(self, at: _At) -> ServiceSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return ServiceSpec(
            id=fields.required("id", self.slug),
            name=fields.required("name", self.text),
            price_cents=fields.required("price", self.price),
            vat=fields.required("vat", self.vat),
            duration_minutes=fields.optional("duration_minutes", self.whole_number(0)),
            aliases=fields.optional("aliases", self.text_list, ()),
            category=fields.optional("category", self.text),
        )

    def vouchers(self, at: _At) -> VoucherRange | None:
        fields = self.fields(at)
        if fields is None:
            return None
        vouchers = VoucherRange(
            min_cents=fields.required("min", self.price),
            max_cents=fields.required("max", self.price),
        )
        if vouchers.min_cents is not None and vouchers.max_cents is not None and vouchers.min_cents > vouchers.max_cents:
            self.problem(fields.values["min"], "the smallest voucher is larger than the largest ('max')")
        return vouchers

    # ---- across the document

    def check_cross_references(self, spec: CatalogSpec) -> None:
        """Unique ids, known municipalities, postcodes claimed once. Skips parts that failed to read."""
        region = spec.region
        if region is None:
            return
        self.unique_ids([("region.municipalities", region.municipalities)], "municipality id")
        self.unique_ids([("region.pickup_stations", region.pickup_stations)], "pickup station id")
        self.unique_ids([("shops", spec.shops)], "shop id")
        self.postcodes_claimed_once(region.municipalities)
        known = {m.id for m in region.municipalities if m is not None and m.id}
        for index, station in enumerate(region.pickup_stations):
            if station is not None:
                self.known_municipality(f"region.pickup_stations[{index}].municipality", station.municipality, known)
        for index, shop in enumerate(spec.shops):
            if shop is None:
                continue
            self.known_municipality(f"shops[{index}].municipality", shop.municipality, known)
            # Products and services of one shop share one namespace: both become Product rows.
            offers = [(f"shops[{index}].products", shop.products), (f"shops[{index}].services", shop.services)]
            self.unique_ids(offers, "product or service id")

    def line(self, path: str) -> int:
        """The line recorded for a path, else for its nearest recorded ancestor."""
        while path not in self.lines and ("." in path or "[" in path):
            path = path[: max(path.rfind("."), path.rfind("["))]
        return self.lines.get(path, 1)

    def report_at(self, path: str, message: str) -> None:
        self.report(path, self.line(path), message)

    def unique_ids(self, lists: list[tuple[str, tuple]], what: str) -> None:
        first_path: dict[str, str] = {}
        for list_path, specs in lists:
            for index, spec in enumerate(specs):
                if spec is None or not spec.id:
                    continue
                path = f"{list_path}[{index}].id"
                if spec.id in first_path:
                    earlier = first_path[spec.id]
                    self.report_at(path, f"{what} {spec.id!r} is used twice (first at {earlier}, line {self.line(earlier)})")
                else:
                    first_path[spec.id] = path

    def postcodes_claimed_once(self, municipalities: tuple) -> None:
        claims: dict[str, tuple[str, str]] = {}  # postcode -> (municipality id, path)
        for index, municipality in enumerate(municipalities):
            if municipality is None:
                continue
            for postcode_index, postcode in enumerate(municipality.postcodes):
                path = f"region.municipalities[{index}].postcodes[{postcode_index}]"
                owner = claims.setdefault(postcode, (municipality.id, path))
                if owner[0] != municipality.id:
                    self.report_at(
                        path, f"postcode {postcode} is already claimed by municipality {owner[0]!r} (line {self.line(owner[1])})"
                    )

    def known_municipality(self, path: str, slug: str | None, known: set[str]) -> None:
        if slug and slug not in known:
            self.report_at(path, f"unknown municipality {slug!r}; the region has: {', '.join(sorted(known)) or 'none'}")
