"""Import a validated catalog into the database: an idempotent upsert keyed by slugs.

What an import changes, and why:

* Everything the file names is created or updated to match the file (region, municipalities,
  pick-up stations, shops, products, services). A second import of the same file changes
  nothing: all rows are "unchanged" and the catalog revision stays where it was.
* A product or service of a shop in the file that the file no longer lists gets
  ``listed=False``; it is never deleted because orders refer to it. Listed again, it comes back.
* Municipalities, stations and shops the file does not name are left alone: a file may
  carry one shop only (a shop's own import), and that must not touch the others.
* The weekly window templates of a kind are replaced when the file has that section
  (``delivery``/``pickup``) and left alone when it has not.
* The shop rules (issue 16) follow the file: a shop's ``min_order`` and ``closed`` days, a
  product's allergens, deposit, age limit and substitutes are what its entry says (absent:
  none). The region's ``holidays`` and ``weighed_goods`` are set when the file has them and left
  alone when not; ``delivery.free_from`` goes with the ``delivery`` section.
* ``available`` is the shop's day-to-day switch (``catalog.set_availability``), so an
  import never changes it.
* Several municipalities may share a postcode (Hilders and Ehrenberg share 36115); the same
  postcode and name under another id is refused (``_check_postcodes_against_database``).
* Any change bumps ``Region.catalog_revision`` once, so NLU indexes rebuild.

Run it inside one unit of work (``Database.session()``): a failure rolls everything back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ordering.catalog import bump_catalog_revision
from ordering.catalog_file import CatalogSpec, ProductSpec, ServiceSpec, ShopSpec, WindowSpec
from ordering.errors import Conflict
from ordering.models import Municipality, PickupStation, Product, Region, Shop, Unit, WindowKind, WindowTemplate
from ordering.places import place_key

KINDS = ("municipalities", "stations", "shops", "products", "services", "windows")


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unlisted: int = 0  # products/services: no longer in the file, now listed=False
    replaced: int = 0  # windows: old templates deleted because the file's differ

    def __str__(self) -> str:
        parts = [f"{self.created} created", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.unlisted:
            parts.append(f"{self.unlisted} unlisted")
        if self.replaced:
            parts.append(f"{self.replaced} replaced")
        return ", ".join(parts)


@dataclass
class ImportReport:
    region_slug: str
    region_created: bool = False
    region_updated: bool = False
    catalog_revision: int = 0
    counts: dict[str, KindCounts] = field(default_factory=lambda: {kind: KindCounts() for kind in KINDS})

    @property
    def changed(self) -> bool:
        return (
            self.region_created
            or self.region_updated
            or any(c.created or c.updated or c.unlisted or c.replaced for c in self.counts.values())
        )

    def lines(self) -> list[str]:
        state = "created" if self.region_created else "updated" if self.region_updated else "unchanged"
        lines = [f"region {self.region_slug}: {state}, catalog revision {self.catalog_revision}"]
        lines += [f"  {kind}: {self.counts[kind]}" for kind in KINDS]
        return lines


def _assign(row: Any, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True if any did (so unchanged rows stay untouched)."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _count(counts: KindCounts, created: bool, changed: bool) -> None:
    if created:
        counts.created += 1
    elif changed:
        counts.updated += 1
    else:
        counts.unchanged += 1


def import_catalog(session: Session, spec: CatalogSpec) -> ImportReport:
    """Create or update everything ``spec`` describes; see the module docstring for the rules."""
    report = ImportReport(region_slug=spec.region.id)
    region = _upsert_region(session, spec, report)
    _check_postcodes_against_database(session, region, spec)
    municipalities = _upsert_municipalities(session, region, spec, report.counts["municipalities"])
    _upsert_stations(session, region, spec, municipalities, report.counts["stations"])
    for shop_spec in spec.shops:
        shop = _upsert_shop(session, region, shop_spec, municipalities, report.counts["shops"])
        _upsert_offers(session, shop, shop_spec, report)
    if spec.region.delivery is not None:
        _replace_windows(session, region, WindowKind.delivery, spec.region.delivery.windows, report.counts["windows"])
    if spec.region.pickup is not None:
        _replace_windows(session, region, WindowKind.pickup, spec.region.pickup.windows, report.counts["windows"])
    session.flush()
    if report.changed:
        report.catalog_revision = bump_catalog_revision(session, region.id)
        session.refresh(region, ["catalog_revision"])
    else:
        report.catalog_revision = region.catalog_revision
    return report


def _upsert_region(session: Session, spec: CatalogSpec, report: ImportReport) -> Region:
    region_spec = spec.region
    values: dict[str, Any] = {
        "name": region_spec.name,
        "timezone": region_spec.timezone,
        "currency": region_spec.currency,
    }
    if region_spec.delivery is not None:
        values["delivery_fee_cents"] = region_spec.delivery.fee_cents
        values["delivery_cutoff_hours"] = region_spec.delivery.cutoff_hours
        values["free_delivery_from_cents"] = region_spec.delivery.free_from_cents
    # Like the delivery and pickup sections: set when the file has them, left alone when not
    # (a shop's own import carries the region header but not the region's rules).
    if region_spec.holidays is not None:
        values["holidays_state"] = region_spec.holidays
    if region_spec.weighed_tolerance_percent is not None:
        values["weighed_tolerance_percent"] = region_spec.weighed_tolerance_percent
    if region_spec.pickup is not None:
        values["pickup_cutoff_hours"] = region_spec.pickup.cutoff_hours
    region = session.scalar(select(Region).where(Region.slug == region_spec.id))
    if region is None:
        region = Region(slug=region_spec.id, catalog_revision=0, **values)
        session.add(region)
        session.flush()  # children need its id
        report.region_created = True
    else:
        report.region_updated = _assign(region, values)
    return region


def _check_postcodes_against_database(session: Session, region: Region, spec: CatalogSpec) -> None:
    """A file may leave out municipalities the region has already. One of them may share a
    postcode with one of the file's: in rural Germany several municipalities often share one
    (Hilders and Ehrenberg share 36115), and residents then say which by its name. What is refused
    is a municipality of the file that shares a postcode *and its name* with one the region has
    under another id: that is the same place twice (an id changed between two imports), and no
    resident could say which of the two they live in.

    Postcodes of other regions are not looked at, and what they hold is left as it is: every
    lookup from a postcode to a municipality is made within one region (a resident belongs to
    one), so the same postcode in two regions never makes one of them ambiguous, and neighbouring
    regions may well each serve part of a postcode's area.
    """
    in_file = {m.id for m in spec.region.municipalities}
    claimed = {
        (postcode, place_key(municipality.name)): municipality.slug
        for municipality in session.scalars(select(Municipality).where(Municipality.region_id == region.id))
        if municipality.slug not in in_file
        for postcode in municipality.postcodes or ()
    }
    for municipality in spec.region.municipalities:
        for postcode in municipality.postcodes:
            other = claimed.get((postcode, place_key(municipality.name)))
            if other is not None:
                raise Conflict(
                    f"postcode {postcode} of municipality {municipality.id!r} ({municipality.name}) is already "
                    f"claimed by municipality {other!r} of the same name in region {region.slug!r}, which this "
                    f"file does not list: the same place under two ids? Keep the id {other!r}; municipalities "
                    "that share a postcode need different names",
                    field="region.municipalities",
                )


def _upsert_municipalities(
    session: Session, region: Region, spec: CatalogSpec, counts: KindCounts
) -> dict[str, Municipality]:
    existing = {m.slug: m for m in session.scalars(select(Municipality).where(Municipality.region_id == region.id))}
    for municipality_spec in spec.region.municipalities:
        values = {"name": municipality_spec.name, "postcodes": list(municipality_spec.postcodes)}
        municipality = existing.get(municipality_spec.id)
        created = municipality is None
        if created:
            municipality = Municipality(region_id=region.id, slug=municipality_spec.id, **values)
            session.add(municipality)
            existing[municipality_spec.id] = municipality
        _count(counts, created, not created and _assign(municipality, values))
    session.flush()  # stations and shops need the new ids
    return existing


def _upsert_stations(
    session: Session, region: Region, spec: CatalogSpec, municipalities: dict[str, Municipality], counts: KindCounts
) -> None:
    existing = {s.slug: s for s in session.scalars(select(PickupStation).where(PickupStation.region_id == region.id))}
    for station_spec in spec.region.pickup_stations:
        values = {
            "name": station_spec.name,
            "address": station_spec.address,
            "municipality_id": municipalities[station_spec.municipality].id,
        }
        station = existing.get(station_spec.id)
        created = station is None
        if created:
            session.add(PickupStation(region_id=region.id, slug=station_spec.id, active=True, **values))
        _count(counts, created, not created and _assign(station, values))


def _upsert_shop(
    session: Session, region: Region, shop_spec: ShopSpec, municipalities: dict[str, Municipality], counts: KindCounts
) -> Shop:
    vouchers = shop_spec.vouchers
    values = {
        "name": shop_spec.name,
        "kind": shop_spec.kind,
        "municipality_id": municipalities[shop_spec.municipality].id,
        "phone": shop_spec.phone,
        "voucher_min_cents": vouchers.min_cents if vouchers else None,
        "voucher_max_cents": vouchers.max_cents if vouchers else None,
        "min_order_cents": shop_spec.min_order_cents,
        "closed_days": [[span.first.isoformat(), span.last.isoformat()] for span in shop_spec.closed],
    }
    shop = session.scalar(select(Shop).where(Shop.region_id == region.id, Shop.slug == shop_spec.id))
    if shop is None:
        shop = Shop(region_id=region.id, slug=shop_spec.id, active=True, **values)
        session.add(shop)
        session.flush()  # its products need the id
        _count(counts, True, False)
    else:
        _count(counts, False, _assign(shop, values))
    return shop


def _offer_values(spec: ProductSpec | ServiceSpec) -> dict[str, Any]:
    common = {
        "name": spec.name,
        "aliases": list(spec.aliases),
        "category": spec.category,
        "price_cents": spec.price_cents,
        "vat": spec.vat,
        "listed": True,
    }
    if isinstance(spec, ServiceSpec):
        return common | {
            "unit": Unit.piece.value,
            "label": None,
            "size": None,
            "is_service": True,
            "duration_minutes": spec.duration_minutes,
            "allergens": None,
            "deposit_cents": None,
            "min_age": None,
            "substitutes": [],
        }
    return common | {
        "unit": spec.unit,
        "label": spec.label,
        "size": spec.size,
        "is_service": False,
        "duration_minutes": None,
        "allergens": list(spec.allergens) if spec.allergens is not None else None,
        "deposit_cents": spec.deposit_cents,
        "min_age": spec.min_age,
        "substitutes": list(spec.substitutes),
    }


def _upsert_offers(session: Session, shop: Shop, shop_spec: ShopSpec, report: ImportReport) -> None:
    existing = {p.slug: p for p in session.scalars(select(Product).where(Product.shop_id == shop.id))}
    offers: list[tuple[ProductSpec | ServiceSpec, KindCounts]]
    offers = [(spec, report.counts["products"]) for spec in shop_spec.products]
    offers += [(spec, report.counts["services"]) for spec in shop_spec.services]
    for spec, counts in offers:
        values = _offer_values(spec)
        product = existing.pop(spec.id, None)
        created = product is None
        if created:
            session.add(Product(shop_id=shop.id, slug=spec.id, available=True, **values))
        _count(counts, created, not created and _assign(product, values))
    for product in existing.values():  # no longer in the file
        if product.listed:
            product.listed = False
            report.counts["services" if product.is_service else "products"].unlisted += 1


def _template_key(kind: str, days: Any, start: str, end: str, capacity: int) -> tuple[str, tuple[str, ...], str, str, int]:
    return (kind, tuple(days), start, end, capacity)


def _replace_windows(
    session: Session, region: Region, kind: WindowKind, windows: tuple[WindowSpec, ...], counts: KindCounts
) -> None:
    """Replace a kind's templates, unless they already equal the file's (then nothing changes)."""
    current = list(
        session.scalars(
            select(WindowTemplate)
            .where(WindowTemplate.region_id == region.id, WindowTemplate.kind == kind.value)
            .order_by(WindowTemplate.id)
        )
    )
    wanted = [_template_key(kind.value, w.days, w.start, w.end, w.capacity) for w in windows]
    if sorted(_template_key(t.kind, t.days, t.start, t.end, t.capacity) for t in current) == sorted(wanted):
        counts.unchanged += len(current)
        return
    for template in current:
        session.delete(template)
    counts.replaced += len(current)
    for window in windows:
        session.add(
            WindowTemplate(
                region_id=region.id,
                kind=kind.value,
                days=list(window.days),
                start=window.start,
                end=window.end,
                capacity=window.capacity,
            )
        )
        counts.created += 1
