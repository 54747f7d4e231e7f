"""The document's structure (region, municipalities, shops, products …) and its cross-references."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ordering.catalog_file.nodes import Located
from ordering.catalog_file.scalars import ScalarReader
from ordering.catalog_file.specs import (
    DEFAULT_CURRENCY,
    DEFAULT_DELIVERY_CUTOFF_HOURS,
    DEFAULT_PICKUP_CUTOFF_HOURS,
    DEFAULT_TIMEZONE,
    FORMAT,
    SHOP_KINDS,
    CatalogSpec,
    DeliverySpec,
    MunicipalitySpec,
    PickupSpec,
    ProductSpec,
    RegionSpec,
    ServiceSpec,
    ShopSpec,
    StationSpec,
    VoucherRange,
    WindowSpec,
)
from ordering.places import place_key


class _Identified(Protocol):
    """A spec with an id of its own (a municipality, a station, a shop, a product …)."""

    @property
    def id(self) -> str: ...


class CatalogReader(ScalarReader):
    """Reads a whole kiepe-catalog/1 document; ``problems`` holds all that was wrong.

    Text lengths are those of the columns in ordering.models.
    """

    def name(self, at: Located) -> str | None:
        return self.text_up_to(200)(at)

    def catalog(self, at: Located) -> CatalogSpec:
        doc = self.fields(at)
        if doc is None:
            return CatalogSpec(region=None, shops=())  # type: ignore[arg-type]  # problems recorded
        doc.required("format", self.format)
        region = doc.required("region", self.region)
        shops = doc.optional("shops", lambda shops_at: tuple(self.shop(item) for item in self.items(shops_at)), ())
        return CatalogSpec(region=region, shops=shops)

    def format(self, at: Located) -> str | None:
        value = self.text(at)
        if value is not None and value != FORMAT:
            self.problem(at, f"{value!r} is not a format this version reads: expected {FORMAT!r}")
        return value

    def region(self, at: Located) -> RegionSpec | None:
        region = self.fields(at)
        if region is None:
            return None
        return RegionSpec(
            id=region.required("id", self.slug),
            name=region.required("name", self.name),
            timezone=region.optional("timezone", self.timezone, DEFAULT_TIMEZONE),
            currency=region.optional("currency", self.currency, DEFAULT_CURRENCY),
            municipalities=region.required(
                "municipalities", lambda m: tuple(self.municipality(item) for item in self.items(m))
            )
            or (),
            pickup_stations=region.optional(
                "pickup_stations", lambda s: tuple(self.station(item) for item in self.items(s)), ()
            ),
            delivery=region.optional("delivery", self.delivery),
            pickup=region.optional("pickup", self.pickup),
            holidays=region.optional("holidays", self.state_code),
            weighed_tolerance_percent=region.optional("weighed_goods", self.weighed_goods),
        )

    def weighed_goods(self, at: Located) -> int | None:
        fields = self.fields(at)
        if fields is None:
            return None
        percent: int | None = fields.optional("tolerance_percent", self.percent)
        return percent

    def municipality(self, at: Located) -> MunicipalitySpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return MunicipalitySpec(
            id=fields.required("id", self.slug),
            name=fields.required("name", self.name),
            postcodes=fields.required("postcodes", self.postcodes) or (),
        )

    def station(self, at: Located) -> StationSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return StationSpec(
            id=fields.required("id", self.slug),
            name=fields.required("name", self.name),
            municipality=fields.required("municipality", self.slug),
            address=fields.optional("address", self.text_up_to(300), ""),
        )

    def delivery(self, at: Located) -> DeliverySpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return DeliverySpec(
            fee_cents=fields.required("fee", self.price),
            cutoff_hours=fields.optional("cutoff_hours", self.whole_number(0), DEFAULT_DELIVERY_CUTOFF_HOURS),
            windows=fields.required("windows", self.windows) or (),
            free_from_cents=fields.optional("free_from", self.price),
        )

    def pickup(self, at: Located) -> PickupSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return PickupSpec(
            cutoff_hours=fields.optional("cutoff_hours", self.whole_number(0), DEFAULT_PICKUP_CUTOFF_HOURS),
            windows=fields.required("windows", self.windows) or (),
        )

    def windows(self, at: Located) -> tuple[WindowSpec | None, ...]:  # None where a problem was reported
        return tuple(self.window(item) for item in self.items(at))

    def window(self, at: Located) -> WindowSpec | None:
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

    def shop(self, at: Located) -> ShopSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return ShopSpec(
            id=fields.required("id", self.slug),
            name=fields.required("name", self.name),
            kind=fields.required("kind", self.choice(SHOP_KINDS)),
            municipality=fields.required("municipality", self.slug),
            phone=fields.optional("phone", self.text_up_to(32)),
            products=fields.optional("products", lambda p: tuple(self.product(i) for i in self.items(p)), ()),
            services=fields.optional("services", lambda s: tuple(self.service(i) for i in self.items(s)), ()),
            vouchers=fields.optional("vouchers", self.vouchers),
            min_order_cents=fields.optional("min_order", self.price),
            closed=fields.optional("closed", self.closed_spans, ()),
        )

    def product(self, at: Located) -> ProductSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return ProductSpec(
            id=fields.required("id", self.slug),
            name=fields.required("name", self.name),
            unit=fields.required("unit", self.unit),
            price_cents=fields.required("price", self.price),
            vat=fields.required("vat", self.vat),
            aliases=fields.optional("aliases", self.text_list, ()),
            category=fields.optional("category", self.text_up_to(100)),
            label=fields.optional("label", self.text_up_to(50)),
            size=fields.optional("size", self.size),
            allergens=fields.optional("allergens", self.allergens),  # "allergens: []": none of the 14
            deposit_cents=fields.optional("deposit", self.price),
            min_age=fields.optional("min_age", self.min_age),
            substitutes=fields.optional("substitutes", self.slug_list, ()),
        )

    def service(self, at: Located) -> ServiceSpec | None:
        fields = self.fields(at)
        if fields is None:
            return None
        return ServiceSpec(
            id=fields.required("id", self.slug),
            name=fields.required("name", self.name),
            price_cents=fields.required("price", self.price),
            vat=fields.required("vat", self.vat),
            duration_minutes=fields.optional("duration_minutes", self.whole_number(0)),
            aliases=fields.optional("aliases", self.text_list, ()),
            category=fields.optional("category", self.text_up_to(100)),
        )

    def vouchers(self, at: Located) -> VoucherRange | None:
        fields = self.fields(at)
        if fields is None:
            return None
        vouchers = VoucherRange(
            min_cents=fields.required("min", self.price),
            max_cents=fields.required("max", self.price),
        )
        low, high = vouchers.min_cents, vouchers.max_cents
        if low is not None and high is not None and low > high:
            self.problem(fields.values["min"], "the smallest voucher is larger than the largest ('max')")
        return vouchers

    # ---- across the document

    def check_cross_references(self, spec: CatalogSpec) -> None:
        """Unique ids, known municipalities, a shared postcode's municipalities told apart by name.
        Skips parts that failed to read."""
        region = spec.region
        if region is None:
            return
        self.unique_ids([("region.municipalities", region.municipalities)], "municipality id")
        self.unique_ids([("region.pickup_stations", region.pickup_stations)], "pickup station id")
        self.unique_ids([("shops", spec.shops)], "shop id")
        self.shared_postcodes_named_apart(region.municipalities)
        known = {m.id for m in region.municipalities if m is not None and m.id}
        for index, station in enumerate(region.pickup_stations):
            if station is not None:
                self.known_municipality(f"region.pickup_stations[{index}].municipality", station.municipality, known)
        for index, shop in enumerate(spec.shops):
            if shop is None:
                continue
            self.known_municipality(f"shops[{index}].municipality", shop.municipality, known)
            # Products and services of one shop share one namespace: both become Product rows.
            offers: list[tuple[str, Sequence[_Identified | None]]] = [(f"shops[{index}].products", shop.products), (f"shops[{index}].services", shop.services)]
            self.unique_ids(offers, "product or service id")
            self.known_substitutes(index, shop)

    def known_substitutes(self, shop_index: int, shop: ShopSpec) -> None:
        """A substitute is another product of the same shop (the shop offers it instead)."""
        ids = {product.id for product in shop.products if product is not None and product.id}
        for index, product in enumerate(shop.products):
            if product is None:
                continue
            for sub_index, substitute in enumerate(product.substitutes):
                path = f"shops[{shop_index}].products[{index}].substitutes[{sub_index}]"
                if substitute == product.id:
                    self.report_at(path, f"{substitute!r} cannot be a substitute for itself")
                elif substitute not in ids:
                    self.report_at(path, f"unknown product {substitute!r}: a substitute must be a product of "
                                         f"the same shop ({shop.id})")

    def unique_ids(self, lists: Sequence[tuple[str, Sequence[_Identified | None]]], what: str) -> None:
        first_path: dict[str, str] = {}
        for list_path, specs in lists:
            for index, spec in enumerate(specs):
                if spec is None or not spec.id:
                    continue
                path = f"{list_path}[{index}].id"
                if spec.id in first_path:
                    earlier = first_path[spec.id]
                    where = f"first at {earlier}, line {self.line(earlier)}"
                    self.report_at(path, f"{what} {spec.id!r} is used twice ({where})")
                else:
                    first_path[spec.id] = path

    def shared_postcodes_named_apart(self, municipalities: Sequence[MunicipalitySpec | None]) -> None:
        """Several municipalities may share a postcode: in rural Germany they often do (Hilders and
        Ehrenberg share 36115), and the format does not say otherwise. Residents then say which
        one they live in by its name, so two that share a postcode must not have the same name:
        that is one place listed twice. (A postcode listed twice for one municipality is refused
        where the list is read, ``ScalarReader.postcodes``.)"""
        claims: dict[tuple[str, str], tuple[str, str]] = {}  # (postcode, name key) -> (municipality id, path)
        for index, municipality in enumerate(municipalities):
            if municipality is None or not municipality.name:
                continue
            for postcode_index, postcode in enumerate(municipality.postcodes):
                path = f"region.municipalities[{index}].postcodes[{postcode_index}]"
                owner = claims.setdefault((postcode, place_key(municipality.name)), (municipality.id, path))
                if owner[0] != municipality.id:
                    self.report_at(path, f"postcode {postcode} is also claimed by municipality {owner[0]!r} "
                                         f"(line {self.line(owner[1])}) of the same name {municipality.name!r}: "
                                         "municipalities that share a postcode need different names, so that "
                                         "residents can say which one they live in")

    def known_municipality(self, path: str, slug: str | None, known: set[str]) -> None:
        if slug and slug not in known:
            known_list = ", ".join(sorted(known)) or "none"
            self.report_at(path, f"unknown municipality {slug!r}; the region has: {known_list}")

