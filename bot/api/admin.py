"""Region admin: catalog import, shop tokens, orders, windows, run sheets and pick-up lists."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import Field, StringConstraints, model_validator
from sqlalchemy import select

from bot.api.catalog import RegionSlug, region_by_slug, window_out
from bot.api.deps import AdminDep, ContainerDep, SessionDep, new_token
from bot.api.residents import order_out
from bot.api.schemas import (
    CatalogWarningOut,
    Cents,
    EmptiesIn,
    ImportOut,
    Model,
    OrderOut,
    ProductOut,
    TokenOut,
    WindowOut,
    error_responses,
)
from bot.application import erasure
from ordering import catalog, deposits, orders, run_sheets, windows
from ordering.catalog_file import parse_catalog
from ordering.catalog_import import import_catalog
from ordering.errors import NotFound
from ordering.models import Order, PickupStation, Product, Shop, Slot

router = APIRouter(prefix="/api/admin", tags=["admin"], responses=error_responses(401, 403, 404, 409, 422))
# Catalog files are the one large body of the API: the app gives this router the upload limit.
uploads = APIRouter(prefix="/api/admin", tags=["admin"], responses=error_responses(401, 403, 404, 409, 413, 422))
DbId = Annotated[int, Path(ge=1, le=2_147_483_647)]
Reference = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9-]+$")]


class CatalogIn(Model):
    yaml: Annotated[str, StringConstraints(min_length=1, max_length=5_000_000)]


class AvailabilityIn(Model):
    available: bool


class PriceIn(Model):
    price_cents: Cents


class GeneratedOut(Model):
    created: int


def _summary(report) -> dict[str, int]:
    return {
        f"{kind}_{what}": getattr(counts, what)
        for kind, counts in report.counts.items()
        for what in ("created", "updated", "unlisted")
    }


def _warnings(spec) -> list[CatalogWarningOut]:
    return [CatalogWarningOut(field=w.path, line=w.line, message=w.message) for w in spec.warnings]


@uploads.post("/catalog/validate", response_model=ImportOut)
def validate_catalog(body: CatalogIn, _: AdminDep) -> ImportOut:
    """Check a kiepe-catalog/1 file; problems come back as 422 naming field and line."""
    spec = parse_catalog(body.yaml, source="upload")
    return ImportOut(region=spec.region.id, summary={"shops": len(spec.shops)}, warnings=_warnings(spec))


@uploads.post("/catalog", response_model=ImportOut)
def import_region(body: CatalogIn, _: AdminDep, s: SessionDep, c: ContainerDep) -> ImportOut:
    """Import or update a region from a kiepe-catalog/1 file (idempotent; a broken file changes nothing)."""
    spec = parse_catalog(body.yaml, source="upload")
    report = import_catalog(s, spec)
    region = region_by_slug(s, spec.region.id)
    local_today = c.clock.now().astimezone(ZoneInfo(region.timezone)).date()
    windows.generate_slots(s, region, local_today, c.settings.slot_horizon_days)
    return ImportOut(region=report.region_slug, summary=_summary(report), warnings=_warnings(spec))


@router.post("/shops/{shop_id}/token", response_model=TokenOut)
def shop_token(shop_id: DbId, _: AdminDep, s: SessionDep) -> TokenOut:
    """Issue a shop's API token (replacing the old one); it is shown only this once."""
    shop = s.get(Shop, shop_id)
    if shop is None:
        raise NotFound(f"shop {shop_id} does not exist")
    token, shop.api_token_hash = new_token()
    return TokenOut(token=token)


@router.put("/products/{product_id}/availability", response_model=ProductOut)
def set_availability(product_id: DbId, body: AvailabilityIn, _: AdminDep, s: SessionDep) -> ProductOut:
    product = _product(s, product_id)
    catalog.set_availability(s, product, body.available)
    return ProductOut.of(product)


@router.put("/products/{product_id}/price", response_model=ProductOut)
def set_price(product_id: DbId, body: PriceIn, _: AdminDep, s: SessionDep) -> ProductOut:
    product = _product(s, product_id)
    catalog.set_price(s, product, body.price_cents)
    return ProductOut.of(product)


def _product(s, product_id: int) -> Product:
    product = s.get(Product, product_id)
    if product is None or not product.listed:
        raise NotFound(f"product {product_id} does not exist")
    return product


@router.get("/regions/{region}/orders", response_model=list[OrderOut])
def list_orders(region: RegionSlug, _: AdminDep, s: SessionDep,
                status: Literal["placed", "cancelled", "done"] | None = None,
                limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[OrderOut]:
    query = select(Order).where(Order.region_id == region_by_slug(s, region).id)
    if status:
        query = query.where(Order.status == status)
    return [order_out(s, o) for o in s.scalars(query.order_by(Order.id.desc()).limit(limit))]


@router.post("/orders/{reference}/cancel", response_model=OrderOut)
def cancel_order(reference: Reference, _: AdminDep, s: SessionDep, c: ContainerDep) -> OrderOut:
    """Cancel an order before its goods leave the shops; the window is released."""
    order = orders.get_order_by_reference(s, reference)
    orders.cancel_order(s, order.id, actor="admin", now=c.clock.now(), by_resident=False)
    return order_out(s, order)


@router.post("/sub-orders/{sub_id}/handover", response_model=OrderOut)
def hand_over(sub_id: DbId, _: AdminDep, s: SessionDep, c: ContainerDep) -> OrderOut:
    """The courier took the bag (delivery), or the station received it (pick-up)."""
    sub = orders.hand_over(s, sub_id, actor="courier", now=c.clock.now())
    return order_out(s, sub.order)


@router.post("/sub-orders/{sub_id}/complete", response_model=OrderOut)
def complete(sub_id: DbId, _: AdminDep, s: SessionDep, c: ContainerDep) -> OrderOut:
    """Delivered at the door, or collected at the station."""
    sub = orders.complete(s, sub_id, actor="courier", now=c.clock.now())
    return order_out(s, sub.order)


@router.post("/sub-orders/{sub_id}/empties", response_model=OrderOut)
def empties_returned(sub_id: DbId, body: EmptiesIn, _: AdminDep, s: SessionDep, c: ContainerDep) -> OrderOut:
    """Empties taken back for a shop's part, per deposit type, at the pick-up station (or the door):
    their Pfand is refunded (card) or taken off what is due (cash). Until stations have their own
    login the admin token records it; couriers use the console."""
    counts = {deposits.DepositType.parse(key): count for key, count in body.empties.items()}
    deposits.record_empties(s, sub_id, counts, actor="station", now=c.clock.now())
    return order_out(s, orders.get_sub_order(s, sub_id).order)


@router.get("/regions/{region}/windows", response_model=list[WindowOut])
def all_windows(region: RegionSlug, _: AdminDep, s: SessionDep, c: ContainerDep,
                kind: Literal["delivery", "pickup"] = "delivery",
                limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[WindowOut]:
    """Every coming window, full and closed ones too, with its free places."""
    r = region_by_slug(s, region)
    views = windows.open_windows(s, r.id, kind, now=c.clock.now(), limit=limit, include_closed=True)
    return [window_out(v) for v in views]


@router.post("/regions/{region}/windows/generate", response_model=GeneratedOut)
def generate_windows(region: RegionSlug, _: AdminDep, s: SessionDep, c: ContainerDep,
                     days: Annotated[int, Query(ge=1, le=90)] = 14) -> GeneratedOut:
    r = region_by_slug(s, region)
    local_today = c.clock.now().astimezone(ZoneInfo(r.timezone)).date()
    return GeneratedOut(created=windows.generate_slots(s, r, local_today, days))


Format = Annotated[Literal["text", "json"], Query(description="printable German text, or the data as JSON")]


def _sheet_response(sheet, render, format: str):
    if format == "json":
        return JSONResponse(jsonable_encoder(sheet))
    return PlainTextResponse(render(sheet))


SHEET: dict[int | str, dict[str, Any]] = {200: {"content": {"text/plain": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}},
               "description": "the sheet as printable text or as data"}}


@router.get("/run-sheets/{slot_id}", responses=SHEET, response_class=Response)
def run_sheet(slot_id: DbId, _: AdminDep, s: SessionDep, format: Format = "text"):
    """The courier's run sheet for one delivery window: stops by municipality and street."""
    return _sheet_response(run_sheets.delivery_run_sheet(s, slot_id), run_sheets.render_run_sheet_text, format)


@router.get("/pickup-lists/{station}/{slot_id}", responses=SHEET, response_class=Response)
def pickup_list(station: Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)], slot_id: DbId,
                _: AdminDep, s: SessionDep, format: Format = "text"):
    """The pick-up station's printable list for one window."""
    slot = s.get(Slot, slot_id)
    if slot is None:
        raise NotFound(f"window {slot_id} does not exist")
    st = s.scalar(select(PickupStation).where(PickupStation.slug == station, PickupStation.region_id == slot.region_id))
    if st is None:
        raise NotFound(f"pick-up station {station!r} does not exist")
    return _sheet_response(run_sheets.station_pickup_list(s, st.id, slot_id), run_sheets.render_pickup_list_text,
                           format)


# ---------------------------------------------------------------- erasure (GDPR Art. 17)


class ErasureIn(Model):
    """Exactly one identifier of the resident to erase."""

    phone: Annotated[str, StringConstraints(min_length=3, max_length=32)] | None = None
    telegram_id: Annotated[int, Field(ge=1, le=2**53)] | None = None
    # The session id, the cookie value ("<id>.<signature>") or the stored key ("web:<hash>").
    web_session: Annotated[str, StringConstraints(min_length=16, max_length=70, pattern=r"^[A-Za-z0-9_:.-]+$")] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ErasureIn:
        given = [v for v in (self.phone, self.telegram_id, self.web_session) if v is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of phone, telegram_id, web_session")
        return self


class ErasureOut(Model):
    residents: int
    orders_anonymised: int
    conversations: int
    carts_emptied: int
    call_records: int
    numbers_removed: int = Field(description="residents who had only typed the erased phone number in: "
                                             "the number is removed, their account stays")


@router.post("/erasure", response_model=ErasureOut)
def erase_resident(body: ErasureIn, _: AdminDep, s: SessionDep, c: ContainerDep) -> ErasureOut:
    """Erase a resident's personal data by phone number, Telegram id or web session (on their request).

    Orders stay for the statutory retention, without name, phone or address (see README, "Privacy").
    404 when nothing is stored under the identifier.
    """
    report = erasure.erase(s, c.erasure, now=c.clock.now(), phone=body.phone, telegram_id=body.telegram_id,
                           web_session=body.web_session)
    return ErasureOut(residents=report.residents, orders_anonymised=report.orders_anonymised,
                      conversations=report.conversations, carts_emptied=report.carts_emptied,
                      call_records=report.call_records, numbers_removed=report.numbers_removed)
