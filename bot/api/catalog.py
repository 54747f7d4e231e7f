"""Public catalog: regions, municipalities, shops, products, search, windows."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from sqlalchemy import select

from bot.api.deps import ContainerDep, ReadSessionDep
from bot.api.schemas import (
    Id,
    MunicipalityOut,
    Price,
    ProductOut,
    RegionOut,
    ShopOut,
    Slug,
    StationOut,
    WindowOut,
    error_responses,
)
from ordering import catalog, windows
from ordering.errors import NotFound
from ordering.models import Product, Region, Shop

router = APIRouter(prefix="/api", tags=["catalog"], responses=error_responses(404, 422))

RegionSlug = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]
SearchText = Annotated[str, Query(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f]*$")]


def region_by_slug(s, slug: str) -> Region:
    region = s.scalar(select(Region).where(Region.slug == slug))
    if region is None:
        raise NotFound(f"region {slug!r} does not exist")
    return region


def window_out(view: windows.WindowView) -> WindowOut:
    return WindowOut(slot_id=view.slot_id, kind=view.kind, municipality=view.municipality_slug,
                     station=view.station_slug, start=view.start, end=view.end, label=view.label,
                     capacity=view.capacity, free=view.free)


@router.get("/regions", response_model=list[str])
def list_regions(s: ReadSessionDep) -> list[str]:
    """Slugs of the regions this installation serves."""
    return list(s.scalars(select(Region.slug).order_by(Region.slug)))


@router.get("/regions/{region}", response_model=RegionOut)
def get_region(region: RegionSlug, s: ReadSessionDep) -> RegionOut:
    r = region_by_slug(s, region)
    return RegionOut(
        slug=r.slug, name=r.name, timezone=r.timezone, delivery_fee=Price.of(r.delivery_fee_cents),
        payment_methods=list(r.payment_methods or []),
        municipalities=[MunicipalityOut(slug=m.slug, name=m.name, postcodes=list(m.postcodes)) for m in r.municipalities],
        stations=[StationOut(id=st.id, slug=st.slug, name=st.name, municipality=st.municipality.slug, address=st.address)
                  for st in r.stations if st.active],
    )


@router.get("/regions/{region}/shops", response_model=list[ShopOut])
def list_shops(region: RegionSlug, s: ReadSessionDep, municipality: Slug | None = None,
               kind: Literal["retailer", "direct_marketer", "service_provider"] | None = None) -> list[ShopOut]:
    r = region_by_slug(s, region)
    return [ShopOut.of(shop) for shop in catalog.list_shops(s, r, municipality=municipality, kind=kind)]


@router.get("/regions/{region}/products", response_model=list[ProductOut])
def search_products(region: RegionSlug, s: ReadSessionDep, q: SearchText,
                    shop: Id | None = None, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[ProductOut]:
    """Search products and services by name, alias or category (umlauts and case ignored)."""
    r = region_by_slug(s, region)
    return [ProductOut.of(p) for p in catalog.search_products(s, r.id, q, shop_id=shop, limit=limit)]


@router.get("/shops/{shop_id}", response_model=ShopOut)
def get_shop(shop_id: Annotated[int, Path(ge=1, le=2_147_483_647)], s: ReadSessionDep) -> ShopOut:
    shop = s.get(Shop, shop_id)
    if shop is None or not shop.active:
        raise NotFound(f"shop {shop_id} does not exist")
    return ShopOut.of(shop)


@router.get("/shops/{shop_id}/products", response_model=list[ProductOut])
def list_products(shop_id: Annotated[int, Path(ge=1, le=2_147_483_647)], s: ReadSessionDep) -> list[ProductOut]:
    shop = s.get(Shop, shop_id)
    if shop is None or not shop.active:
        raise NotFound(f"shop {shop_id} does not exist")
    return [ProductOut.of(p) for p in catalog.list_products(s, shop)]


@router.get("/products/{product_id}", response_model=ProductOut)
def get_product(product_id: Annotated[int, Path(ge=1, le=2_147_483_647)], s: ReadSessionDep) -> ProductOut:
    product = s.get(Product, product_id)
    if product is None or not product.listed:
        raise NotFound(f"product {product_id} does not exist")
    return ProductOut.of(product)


@router.get("/regions/{region}/windows", response_model=list[WindowOut])
def list_windows(region: RegionSlug, s: ReadSessionDep, c: ContainerDep,
                 kind: Literal["delivery", "pickup"] = "delivery",
                 municipality: Slug | None = None, station: Slug | None = None,
                 limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[WindowOut]:
    """Bookable windows, earliest first: delivery per municipality, pick-up per station."""
    r = region_by_slug(s, region)
    municipality_id = windows.municipality_by_slug(s, r.id, municipality).id if municipality else None
    station_id = windows.station_by_slug(s, r.id, station).id if station else None
    views = windows.open_windows(s, r.id, kind, municipality_id, station_id, now=c.clock.now(), limit=limit)
    return [window_out(v) for v in views]
