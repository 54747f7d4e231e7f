"""Reading the catalog (municipalities, shops, products) and the two changes shops make daily.

Text matching happens in Python, not SQL: SQLite's ``lower()`` knows no umlauts, and a
region's catalog is a few thousand rows at most. Orderings are made in Python too, so
SQLite and PostgreSQL (which sort NULLs differently) give the same lists.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session, contains_eager

from ordering.errors import Invalid, MunicipalityNotOfPostcode, NotFound, PostcodeAmbiguous
from ordering.models import Municipality, Product, Region, Shop
from ordering.places import name_keys, place_key


@dataclass(frozen=True)
class CatalogEntry:
    """One listed product or service, detached from the database (for NLU indexes and views)."""

    shop_slug: str
    shop_name: str
    product_id: int
    product_slug: str
    name: str
    aliases: tuple[str, ...]
    category: str | None
    unit: str
    label: str | None
    size: str | None
    price_cents: int
    vat: int
    is_service: bool
    available: bool


def product_to_view(product: Product) -> CatalogEntry:
    return CatalogEntry(
        shop_slug=product.shop.slug,
        shop_name=product.shop.name,
        product_id=product.id,
        product_slug=product.slug,
        name=product.name,
        aliases=tuple(product.aliases or ()),
        category=product.category,
        unit=product.unit,
        label=product.label,
        size=product.size,
        price_cents=product.price_cents,
        vat=product.vat,
        is_service=product.is_service,
        available=product.available,
    )


# ---------------------------------------------------------------- regions & municipalities


def _region_id(region: Region | int) -> int:
    return region if isinstance(region, int) else region.id


def get_region(session: Session, slug: str) -> Region:
    region = session.scalar(select(Region).where(Region.slug == slug))
    if region is None:
        raise NotFound(f"no region {slug!r}")
    return region


def list_municipalities(session: Session, region: Region | int) -> list[Municipality]:
    query = select(Municipality).where(Municipality.region_id == _region_id(region))
    return sorted(session.scalars(query), key=lambda m: (m.name.casefold(), m.slug))


def municipalities_for_postcode(session: Session, region_id: int | None, postcode: str) -> list[Municipality]:
    """Every municipality of the region that claims a postcode, in the catalog's order (postcodes
    live in a JSON list). Often one, but in rural Germany several municipalities share a postcode
    (Hilders and Ehrenberg share 36115); none when the region does not serve it. Only this region's:
    a neighbouring region may serve other municipalities under the same postcode."""
    wanted = str(postcode).strip()
    query = select(Municipality).where(Municipality.region_id == region_id).order_by(Municipality.id)
    return [municipality for municipality in session.scalars(query) if wanted in (municipality.postcodes or ())]


def municipality_named(candidates: Sequence[Municipality], said: str | None) -> Municipality | None:
    """The one candidate that ``said`` names as a whole: its id, its name, or its name without an
    addition in brackets ("ehrenberg" for "Ehrenberg (Rhön)"), in any case and spelling of umlauts;
    None when it names none of them, or more than one."""
    key = place_key(said)
    if not key:
        return None
    named = [m for m in candidates if key in name_keys(m.name, m.slug)]
    return named[0] if len(named) == 1 else None


def decide_municipality(candidates: Sequence[Municipality], postcode: str, *, municipality: str | None = None,
                        town: str | None = None, current: Municipality | None = None) -> Municipality:
    """Which of the municipalities that claim ``postcode`` is meant.

    ``municipality`` (an id or a name) must be one of them; else the only one; else the one ``town``
    names; else ``current`` (the one already stored with this postcode) if it is one of them. A
    postcode shared by several and nothing that decides is ``PostcodeAmbiguous``: never a guess.
    """
    postcode = str(postcode).strip()
    names, ids = tuple(m.name for m in candidates), tuple(m.slug for m in candidates)
    listed = ", ".join(f"{m.slug!r} ({m.name})" for m in candidates)
    if municipality is not None:
        chosen = municipality_named(candidates, municipality)
        if chosen is None:
            raise MunicipalityNotOfPostcode(
                f"municipality {municipality!r} is not one that postcode {postcode} belongs to; it belongs to {listed}",
                postcode=postcode, municipality=municipality, names=names, ids=ids)
        return chosen
    if len(candidates) == 1:
        return candidates[0]
    chosen = municipality_named(candidates, town)
    if chosen is not None:
        return chosen
    if current is not None and current in candidates:
        return current
    raise PostcodeAmbiguous(
        f"postcode {postcode} is shared by the municipalities {listed}; say which one with 'municipality' "
        f"(its id or name) or a 'town' that is one of their names", postcode=postcode, names=names, ids=ids)


def find_municipality_by_postcode(session: Session, region_id: int, postcode: str, *,
                                  town: str | None = None) -> Municipality | None:
    """The municipality a postcode (with the town, where known) names, or None when no municipality
    of the region claims it. A postcode several share, with no town that decides, raises
    ``PostcodeAmbiguous`` (its ``names`` are the candidates)."""
    candidates = municipalities_for_postcode(session, region_id, postcode)
    if not candidates:
        return None
    return decide_municipality(candidates, postcode, town=town)


# ---------------------------------------------------------------- shops


def list_shops(
    session: Session,
    region: Region | int,
    municipality: Municipality | str | None = None,
    kind: str | None = None,
) -> list[Shop]:
    """Active shops of a region, optionally of one municipality (object or slug) and kind."""
    query = select(Shop).where(Shop.region_id == _region_id(region), Shop.active.is_(True))
    if isinstance(municipality, Municipality):
        query = query.where(Shop.municipality_id == municipality.id)
    elif municipality is not None:
        query = query.join(Municipality, Shop.municipality_id == Municipality.id).where(
            Municipality.slug == municipality
        )
    if kind is not None:
        query = query.where(Shop.kind == str(getattr(kind, "value", kind)))
    return sorted(session.scalars(query), key=lambda shop: (shop.name.casefold(), shop.slug))


def get_shop(session: Session, region: Region | int, slug: str) -> Shop:
    shop = session.scalar(select(Shop).where(Shop.region_id == _region_id(region), Shop.slug == slug))
    if shop is None:
        raise NotFound(f"no shop {slug!r} in this region")
    return shop


# ---------------------------------------------------------------- products


def _offer_order(product: Product) -> tuple[bool, str, str, str]:
    return (product.is_service, (product.category or "").casefold(), product.name.casefold(), product.slug)


def list_products(session: Session, shop: Shop, *, include_unlisted: bool = False) -> list[Product]:
    """A shop's listed products and services (available or not), services last, by category and name."""
    query = select(Product).where(Product.shop_id == shop.id)
    if not include_unlisted:
        query = query.where(Product.listed.is_(True))
    return sorted(session.scalars(query), key=_offer_order)


def get_product(session: Session, shop: Shop, slug: str) -> Product:
    product = session.scalar(select(Product).where(Product.shop_id == shop.id, Product.slug == slug))
    if product is None:
        raise NotFound(f"no product {slug!r} at shop {shop.slug!r}")
    return product


def fold_text(text: str) -> str:
    """Case- and accent-free: "Käse" -> "kase", "Weißbrot" -> "weissbrot"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold_text_transliterated(text: str) -> str:
    """German transliteration: "Käse" -> "kaese", so "kaese" finds it as well as "kase" does."""
    folded = text.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        folded = folded.replace(umlaut, spelled)
    return fold_text(folded)


def _matches(query: str, text: str) -> bool:
    return fold_text(query) in fold_text(text) or fold_text_transliterated(query) in fold_text_transliterated(text)


def _search_rank(query: str, product: Product) -> int | None:
    """0 name equals, 1 name starts with, 2 name contains, 3 an alias contains, 4 category; None: no match."""
    name = fold_text(product.name)
    wanted = fold_text(query)
    if name == wanted or fold_text_transliterated(product.name) == fold_text_transliterated(query):
        return 0
    if name.startswith(wanted) or fold_text_transliterated(product.name).startswith(fold_text_transliterated(query)):
        return 1
    if _matches(query, product.name):
        return 2
    if any(_matches(query, alias) for alias in product.aliases or ()):
        return 3
    if product.category and _matches(query, product.category):
        return 4
    return None


def _listed_products_of_active_shops(region_id: int) -> Select[tuple[Product]]:
    # contains_eager: product.shop comes with the row, not as one more query per shop.
    return (
        select(Product)
        .join(Product.shop)
        .options(contains_eager(Product.shop))
        .where(Shop.region_id == region_id, Shop.active.is_(True), Product.listed.is_(True))
    )


def search_products(
    session: Session,
    region_id: int,
    query: str,
    shop_id: int | None = None,
    category: str | None = None,
    limit: int = 50,
) -> list[Product]:
    """Listed products of active shops whose name, alias or category contains ``query``.

    Case- and umlaut-insensitive ("kaese", "kase" and "KÄSE" all find "Käsebrötchen");
    best matches first (name equal, name prefix, name, alias, category), then by name.
    """
    statement = _listed_products_of_active_shops(region_id)
    if shop_id is not None:
        statement = statement.where(Product.shop_id == shop_id)
    ranked = []
    for product in session.scalars(statement):
        if category is not None and fold_text(product.category or "") != fold_text(category):
            continue
        rank = _search_rank(query, product) if query.strip() else 4
        if rank is not None:
            ranked.append((rank, product.name.casefold(), product.shop_id, product.slug, product))
    ranked.sort(key=lambda row: row[:4])
    return [row[-1] for row in ranked[:limit]]


def catalog_snapshot(session: Session, region_id: int) -> list[CatalogEntry]:
    """Every listed product and service of the region's active shops, by shop and product slug."""
    products = session.scalars(_listed_products_of_active_shops(region_id))
    entries = [product_to_view(product) for product in products]
    return sorted(entries, key=lambda entry: (entry.shop_slug, entry.product_slug))


# ---------------------------------------------------------------- changes


def bump_catalog_revision(session: Session, region_id: int) -> int:
    """Add one to the region's catalog revision in SQL (no lost update under concurrency)."""
    session.execute(
        update(Region).where(Region.id == region_id).values(catalog_revision=Region.catalog_revision + 1)
    )
    return session.execute(select(Region.catalog_revision).where(Region.id == region_id)).scalar_one()


def set_availability(session: Session, product: Product, available: bool) -> bool:
    """Mark a product (un)available today; True if that changed anything (and bumped the revision)."""
    if product.available == available:
        return False
    product.available = available
    session.flush()
    bump_catalog_revision(session, product.shop.region_id)
    return True


def set_price(session: Session, product: Product, cents: int) -> bool:
    """Change a product's price per unit; True if that changed anything (and bumped the revision)."""
    if isinstance(cents, bool) or not isinstance(cents, int) or cents < 0:
        raise Invalid(f"a price is a whole number of cents, 0 or more; got {cents!r}", field="price")
    if product.price_cents == cents:
        return False
    product.price_cents = cents
    session.flush()
    bump_catalog_revision(session, product.shop.region_id)
    return True
