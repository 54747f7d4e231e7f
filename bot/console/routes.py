"""The console's pages: login, and one area per role (``/console/koordination``, ``/laden``, ``/kurier``).

Changes go through the same use cases the REST API, Telegram and SMS call (``ordering.orders``,
``ordering.catalog``, ``ordering.payments.service``, ``bot.erasure``), so the outbox tells the
resident and the shop exactly as it does for those channels.
"""

from __future__ import annotations

import hmac
import io
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, FastAPI, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.api.throttle import client_of, limits_of
from bot.application import erasure
from bot.application.container import Container
from bot.console import accounts, charts, pdf, queries
from bot.console.models import ROLES, ConsoleUser
from bot.console.web import (
    COOKIE,
    HEADERS,
    HOME,
    LOGIN_COOKIE,
    BadForm,
    CheckedForm,
    CurrentSession,
    FormProblem,
    LoginRequired,
    NotAllowed,
    Refused,
    SessionDep,
    attempt,
    back,
    check_origin,
    container,
    german,
    login_redirect,
    new_login_token,
    page,
    refused_page,
    role,
    set_login_cookie,
    set_session_cookie,
)
from bot.ratelimit import TooManyRequests
from ordering import age_checks, catalog, deposits, orders, run_sheets, substitutes, weighing, windows
from ordering.catalog_file import parse_catalog
from ordering.catalog_file.specs import CatalogError
from ordering.catalog_import import import_catalog
from ordering.errors import EmptiesCountInvalid, Invalid, NotFound, OrderingError
from ordering.models import Order, OrderLine, Product, Region, Shop, Slot, SubOrder
from ordering.money import format_euro
from ordering.payments import service as payment_service
from ordering.payments import settlement

router = APIRouter(prefix="/console", include_in_schema=False)
ContainerDep = Annotated[Container, Depends(container)]
Coordinator = Annotated[ConsoleUser, Depends(role("coordinator"))]
ShopStaff = Annotated[ConsoleUser, Depends(role("shop"))]
Courier = Annotated[ConsoleUser, Depends(role("courier"))]
DbId = Annotated[int, Path(ge=1, le=2_147_483_647)]
Text = Annotated[str, Form(max_length=200)]
EmptiesList = Annotated[list[str] | None, Form(max_length=40)]  # one entry per deposit type of a stop
STATIC = {"console.css": "text/css; charset=utf-8", "console.js": "text/javascript; charset=utf-8"}


def _today(c: Container, region: Region) -> date:
    return c.clock.now().astimezone(ZoneInfo(region.timezone)).date()


# ---------------------------------------------------------------- static, login, logout


@router.get("/static/{name}")
def static(name: str) -> Response:
    from bot.console.web import HERE

    media_type = STATIC.get(name)
    if media_type is None:
        raise NotFound(f"no static file {name!r}")
    return Response((HERE / "static" / name).read_bytes(), media_type=media_type,
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


@router.get("/", response_class=HTMLResponse)
def home(cs: CurrentSession) -> Response:
    return back(HOME[cs.user.role])


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, c: ContainerDep) -> Response:
    token = new_login_token()
    response = page(request, "login.html", login_token=token, failed=False, locked=False)
    set_login_cookie(c, response, token)
    return response


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, c: ContainerDep, username: Text = "", password: Text = "",
          csrf: Text = "") -> Response:
    check_origin(request)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not csrf or not hmac.compare_digest(csrf.encode(), expected.encode()):
        raise BadForm("the login form's security token is missing or wrong; reload the page")
    # Besides each account's own lock-out, a client guessing at many accounts meets the same
    # limit as wrong API tokens (KIEPE_RATE_LIMIT_WRONG_TOKENS), counted across app processes.
    limits, client = limits_of(request), client_of(request)
    try:
        limits.before_token(client)
    except TooManyRequests:
        return _login_refused(request, c, username, locked=True, status=429)
    with c.database.session() as w:  # the failure count is kept, whatever the answer
        result = accounts.authenticate(w, username, password, c.clock.now())
        signed_in = (accounts.start_session(w, result.user, c.clock.now()), result.user.role) if result.user else None
    if signed_in is None:
        try:
            limits.wrong_token(client)
        except TooManyRequests:
            pass  # this answer says the password was wrong; the next attempt is refused
        return _login_refused(request, c, username, locked=result.locked, status=401)
    session_token, role_ = signed_in
    response = back(HOME[role_])
    set_session_cookie(c, response, session_token)
    response.delete_cookie(LOGIN_COOKIE, path="/console/login")
    return response


def _login_refused(request: Request, c: Container, username: str, *, locked: bool, status: int) -> Response:
    token = new_login_token()
    response = page(request, "login.html", login_token=token, failed=True, locked=locked, username=username)
    response.status_code = status
    set_login_cookie(c, response, token)
    return response


@router.post("/logout")
def logout(request: Request, cs: CheckedForm, c: ContainerDep) -> Response:
    with c.database.session() as w:
        accounts.end_session(w, request.cookies.get(COOKIE))
    response = back("/console/login", ok="logout")
    response.delete_cookie(COOKIE, path="/console")
    return response


# ---------------------------------------------------------------- coordinators


@router.get("/koordination", response_class=HTMLResponse)
def overview(request: Request, user: Coordinator, s: SessionDep, c: ContainerDep) -> Response:
    region, now = user.region, c.clock.now()
    return page(request, "coordinator/overview.html", region=region,
                windows=queries.coming_windows(s, region, now), waiting=queries.unanswered(s, region, now),
                failed_messages=queries.failed_messages(s, region), failed_payments=queries.failed_payments(s, region),
                latest=queries.latest_orders(s, region), latest_id=queries.latest_order_id(s, region),
                status_words=run_sheets.STATUS_WORDS)


@router.get("/koordination/neu")
def overview_feed(request: Request, user: Coordinator, s: SessionDep) -> Response:
    """The newest orders as HTML for the overview's live list, with the newest id (polled)."""
    from bot.console.web import templates

    region = user.region
    html = templates.get_template("coordinator/_latest.html").render(
        latest=queries.latest_orders(s, region), status_words=run_sheets.STATUS_WORDS)
    return JSONResponse({"key": str(queries.latest_order_id(s, region)), "html": html}, headers=HEADERS)


@router.get("/koordination/zahlen", response_class=HTMLResponse)
def figures(request: Request, user: Coordinator, s: SessionDep, c: ContainerDep) -> Response:
    region = user.region
    today = _today(c, region)
    since, _ = queries.local_day_bounds(region, today - timedelta(days=29))
    per_day = queries.orders_per_day(s, region, today)
    shares = queries.channel_share(s, region, since)
    answers = queries.answer_minutes(s, region, since)
    return page(request, "coordinator/figures.html", per_day=per_day, shares=shares, answers=answers,
                per_day_chart=charts.columns([charts.Bar(f"{d:%d.%m.}", n, str(n)) for d, n in per_day],
                                             title="Bestellungen pro Tag, letzte 14 Tage", chart_id="tage"),
                share_chart=charts.rows(charts.percent_bars(shares), title="Bestellungen nach Kanal, 30 Tage",
                                        chart_id="kanal"),
                answer_chart=charts.rows(charts.minute_bars(answers),
                                         title="Antwortzeit der Geschäfte (Median), 30 Tage", chart_id="antwort"))


def _slot(s, user: ConsoleUser, slot_id: int, kind: str) -> Slot:
    slot = queries.slot_in_region(s, user.region, slot_id)
    if slot is None or slot.kind != kind:
        raise NotFound(f"window {slot_id} does not exist")
    return slot


def _station_of(slot: Slot) -> int:
    """A pick-up window's station; one without a station has no pick-up list."""
    if slot.station_id is None:
        raise NotFound(f"window {slot.id} has no pick-up station")
    return slot.station_id


@router.get("/koordination/tour/{slot_id:int}", response_class=HTMLResponse)
def run_sheet_page(request: Request, slot_id: DbId, user: Coordinator, s: SessionDep) -> Response:
    _slot(s, user, slot_id, "delivery")
    sheet = run_sheets.delivery_run_sheet(s, slot_id)
    return page(request, "coordinator/run_sheet.html", sheet=sheet)


@router.get("/koordination/tour/{slot_id:int}.pdf")
def run_sheet_pdf(slot_id: DbId, user: Coordinator, s: SessionDep) -> Response:
    _slot(s, user, slot_id, "delivery")
    sheet = run_sheets.delivery_run_sheet(s, slot_id)
    body = pdf.text_pdf(run_sheets.render_run_sheet_text(sheet), title=f"Tour {sheet.window_label}")
    return _download(body, "application/pdf", f"tour-{slot_id}.pdf")


@router.get("/koordination/abholung/{slot_id:int}", response_class=HTMLResponse)
def pickup_page(request: Request, slot_id: DbId, user: Coordinator, s: SessionDep) -> Response:
    slot = _slot(s, user, slot_id, "pickup")
    return page(request, "coordinator/pickup.html",
                pickup=run_sheets.station_pickup_list(s, _station_of(slot), slot_id))


@router.get("/koordination/abholung/{slot_id:int}.pdf")
def pickup_pdf(slot_id: DbId, user: Coordinator, s: SessionDep) -> Response:
    slot = _slot(s, user, slot_id, "pickup")
    pickup = run_sheets.station_pickup_list(s, _station_of(slot), slot_id)
    body = pdf.text_pdf(run_sheets.render_pickup_list_text(pickup), title=f"Abholung {pickup.window_label}")
    return _download(body, "application/pdf", f"abholung-{slot_id}.pdf")


def _download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/koordination/abrechnung", response_class=HTMLResponse)
def settlement_page(request: Request, user: Coordinator, s: SessionDep, c: ContainerDep,
                    shop: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
                    von: date | None = None, bis: date | None = None,
                    format: Annotated[str, Query(pattern="^(html|csv|pdf)$")] = "html") -> Response:
    """A shop's settlement for a period: on the page, as CSV (like ``kiepe payments settlement``) or PDF."""
    region = user.region
    today = _today(c, region)
    date_to = bis or today
    date_from = von or date_to.replace(day=1)
    shops = queries.shops_of(s, region)
    chosen = next((x for x in shops if x.id == shop), None) if shop else None
    if shop and chosen is None:
        raise NotFound(f"shop {shop} does not exist")
    problem = "Das Ende liegt vor dem Anfang." if date_to < date_from else ""
    rows = settlement.settlement_rows(s, chosen.id, date_from, date_to) if chosen and not problem else []
    if chosen and not problem and format == "csv":
        out = io.StringIO()
        settlement.write_csv(rows, out)
        return _download(out.getvalue().encode("utf-8"), "text/csv; charset=utf-8",
                         f"abrechnung-{chosen.slug}-{date_from}-{date_to}.csv")
    if chosen and not problem and format == "pdf":
        return _download(pdf.settlement_pdf(rows, shop_name=chosen.name, date_from=date_from, date_to=date_to),
                         "application/pdf", f"abrechnung-{chosen.slug}-{date_from}-{date_to}.pdf")
    return page(request, "coordinator/settlement.html", shops=shops, chosen=chosen, date_from=date_from,
                date_to=date_to, rows=rows, problem=problem or request.query_params.get("fehler", ""),
                total=lambda name: sum(getattr(r, name) for r in rows))


@router.get("/koordination/katalog", response_class=HTMLResponse)
def catalog_page(request: Request, user: Coordinator) -> Response:
    return page(request, "coordinator/catalog.html", problems=None, report=None, filename="")


@router.post("/koordination/katalog", response_class=HTMLResponse)
def catalog_upload(request: Request, user: Coordinator, cs: CheckedForm, c: ContainerDep,
                   datei: UploadFile) -> Response:
    """Validate the whole file first; a file with problems changes nothing and lists them by line."""
    filename = (datei.filename or "Katalog")[:200]
    raw = datei.file.read(c.settings.max_upload_bytes + 1)
    problems, report = None, None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problems = [{"line": 1, "path": "", "message": "Die Datei ist nicht in UTF-8 gespeichert."}]
        text = ""
    if problems is None:
        try:
            spec = parse_catalog(text, source=filename)
            if spec.region.id != user.region.slug:
                raise Invalid(f"this file is for region {spec.region.id!r}, you coordinate {user.region.slug!r}")
            with c.database.session() as w:  # the same three steps as the admin API's import
                imported = import_catalog(w, spec)
                region = w.get(Region, user.region_id)
                if region is None:  # the account's own region; rolls the import back like any problem
                    raise NotFound(f"region {user.region_id} does not exist")
                windows.generate_slots(w, region, _today(c, region), c.settings.slot_horizon_days)
                report = {kind: counts for kind, counts in imported.counts.items()}
        except CatalogError as exc:
            problems = [{"line": p.line, "path": p.path, "message": p.message} for p in exc.problems]
        except OrderingError as exc:
            problems = [{"line": 1, "path": "", "message": exc.message}]
    response = page(request, "coordinator/catalog.html", problems=problems, report=report, filename=filename)
    if problems:
        response.status_code = 422
    return response


@router.get("/koordination/geschaefte", response_class=HTMLResponse)
def shops_page(request: Request, user: Coordinator, s: SessionDep) -> Response:
    return page(request, "coordinator/shops.html", shops=queries.shops_of(s, user.region), link=None)


@router.post("/koordination/geschaefte/{shop_id}/telegram", response_class=HTMLResponse)
def shop_link_code(request: Request, shop_id: DbId, user: Coordinator, cs: CheckedForm, s: SessionDep,
                   c: ContainerDep) -> Response:
    """A one-time Telegram link code for the shop's chat (like ``kiepe telegram link-code``)."""
    from bot.channels.telegram.linking import make_code, signing_key
    from bot.channels.telegram.webhook import bot_username

    shop = _region_shop(s, user, shop_id)
    code = make_code(signing_key(c), shop, c.clock.now(), hours=c.settings.telegram_link_code_hours)
    link = {"shop": shop.name, "kind": "telegram", "code": code.code, "expires_at": code.expires_at,
            "url": code.deep_link(bot_username(c))}
    return page(request, "coordinator/shops.html", shops=queries.shops_of(s, user.region), link=link)


@router.post("/koordination/geschaefte/{shop_id}/zahlung", response_class=HTMLResponse)
def shop_onboarding(request: Request, shop_id: DbId, user: Coordinator, cs: CheckedForm, s: SessionDep,
                    c: ContainerDep) -> Response:
    """A fresh Stripe onboarding link for the shop (like ``kiepe payments onboard``)."""
    shop = _region_shop(s, user, shop_id)
    if c.gateway is None:
        return back("/console/koordination/geschaefte",
                    problem="Online-Zahlung ist nicht eingerichtet (kein Stripe-Schlüssel).")
    base = (c.settings.public_url or str(request.base_url)).rstrip("/")
    with c.database.session() as w:
        url = payment_service.onboard_shop(w, shop.id, c.gateway, refresh_url=f"{base}/shops/stripe/refresh",
                                           return_url=f"{base}/shops/stripe/done")
    link = {"shop": shop.name, "kind": "payment", "url": url}
    return page(request, "coordinator/shops.html", shops=queries.shops_of(s, user.region), link=link)


def _region_shop(s, user: ConsoleUser, shop_id: int) -> Shop:
    shop = s.get(Shop, shop_id)
    if shop is None or shop.region_id != user.region_id:
        raise NotFound(f"shop {shop_id} does not exist")
    return shop


@router.get("/koordination/bewohner", response_class=HTMLResponse)
def residents_page(request: Request, user: Coordinator) -> Response:
    return page(request, "coordinator/residents.html", report=None)


@router.post("/koordination/bewohner/loeschen", response_class=HTMLResponse)
def erase_resident(request: Request, user: Coordinator, cs: CheckedForm, c: ContainerDep,
                   telefon: Text = "", telegram: Text = "") -> Response:
    """Erase a resident's personal data on their request (like ``kiepe residents erase``)."""
    phone = telefon.strip()[:32] or None
    telegram = telegram.strip()[:20]
    if (phone is None) == (not telegram) or (telegram and not telegram.isdigit()):
        return back("/console/koordination/bewohner",
                    problem="Bitte genau eines angeben: Telefonnummer oder Telegram-Nummer.")
    try:
        with c.database.session() as w:
            report = erasure.erase(w, c.erasure, now=c.clock.now(), phone=phone, telegram_id=int(telegram) if telegram else None)
    except NotFound:
        return back("/console/koordination/bewohner", problem="Dazu ist nichts gespeichert.")
    except OrderingError as exc:
        return back("/console/koordination/bewohner", problem=german(exc))
    return page(request, "coordinator/residents.html", report=report)


@router.get("/koordination/konten", response_class=HTMLResponse)
def users_page(request: Request, user: Coordinator, s: SessionDep) -> Response:
    users = s.scalars(select(ConsoleUser).where(ConsoleUser.region_id == user.region_id)
                      .order_by(ConsoleUser.role, ConsoleUser.username)).all()
    return page(request, "coordinator/users.html", users=users, shops=queries.shops_of(s, user.region),
                roles=ROLES, now=None)


@router.post("/koordination/konten")
def add_user(user: Coordinator, cs: CheckedForm, c: ContainerDep, username: Text = "", password: Text = "",
             role: Text = "", shop: Text = "", display_name: Text = "") -> Response:
    region_slug = user.region.slug
    try:
        with c.database.session() as w:
            chosen = w.get(Shop, int(shop)) if shop.isdigit() else None
            if chosen is not None and chosen.region_id != user.region_id:
                raise NotFound("no such shop", field="shop")
            accounts.create_user(w, username=username, password=password, role=role, region_slug=region_slug,
                                 shop_slug=chosen.slug if chosen else None, display_name=display_name)
    except OrderingError as exc:
        return back("/console/koordination/konten", problem=_account_problem(exc))
    return back("/console/koordination/konten", ok="user")


def _account_problem(exc: OrderingError) -> str:
    return {
        "username": "Der Name ist vergeben oder ungültig (2–64 Zeichen: a–z, 0–9, Punkt, Strich).",
        "password": f"Das Passwort braucht mindestens {accounts.MIN_PASSWORD} Zeichen.",
        "shop": "Konten für ein Geschäft brauchen das Geschäft (und nur sie).",
        "role": "Bitte eine Rolle wählen.",
    }.get(exc.field or "", german(exc))


# ---------------------------------------------------------------- shops


def _shop_of(s, user: ConsoleUser) -> Shop:
    shop = s.get(Shop, user.shop_id) if user.shop_id else None
    if shop is None:
        raise NotAllowed("this account has no shop")
    return shop


@router.get("/laden", response_class=HTMLResponse)
def shop_orders(request: Request, user: ShopStaff, s: SessionDep) -> Response:
    shop = _shop_of(s, user)
    return page(request, "shop/orders.html", shop=shop, subs=queries.open_sub_orders(s, shop.id),
                latest_id=queries.latest_sub_order_id(s, shop.id), status_words=run_sheets.STATUS_WORDS,
                describe=run_sheets.describe_line, weigh_limit=_weigh_limit, ersatz=_substitute_view(s))


@router.get("/laden/neu")
def shop_orders_feed(request: Request, user: ShopStaff, s: SessionDep) -> Response:
    """The open orders as HTML for the live list, keyed by the newest id and the statuses (polled)."""
    from bot.console.web import templates

    shop = _shop_of(s, user)
    subs = queries.open_sub_orders(s, shop.id)
    html = templates.get_template("shop/_orders.html").render(
        subs=subs, csrf=request.state.console_session.csrf_token, status_words=run_sheets.STATUS_WORDS,
        describe=run_sheets.describe_line, weigh_limit=_weigh_limit, ersatz=_substitute_view(s))
    return JSONResponse({"key": str(queries.latest_sub_order_id(s, shop.id)), "html": html}, headers=HEADERS)


def _substitute_view(s: Session) -> Callable[[OrderLine], tuple[substitutes.SubstituteOffer | None, list[Product]]]:
    """For the order cards (issue 17): a line's substitute offer, or what the shop may offer for it."""
    def view(line: OrderLine) -> tuple[substitutes.SubstituteOffer | None, list[Product]]:
        offer = s.scalar(select(substitutes.SubstituteOffer).where(substitutes.SubstituteOffer.line_id == line.id))
        if offer is not None or line.rejected or line.is_deposit or line.product_id is None:
            return offer, []
        return None, [p for p in substitutes.candidates(s, line) if substitutes.offerable(line, p)]
    return view


SHOP_ACTIONS = {"bestaetigen": "confirmed", "ablehnen": "rejected", "fertig": "ready"}


@router.post("/laden/bestellung/{sub_id}/{action}")
def shop_answer(sub_id: DbId, action: Annotated[str, Path(pattern="^(bestaetigen|ablehnen|fertig)$")],
                user: ShopStaff, cs: CheckedForm, s: SessionDep, c: ContainerDep, grund: Text = "") -> Response:
    """Confirm, reject or mark ready: the use cases behind ``/api/shop/sub-orders/…`` and Telegram's buttons."""
    shop = _shop_of(s, user)
    shop_id, actor, now = shop.id, f"shop:{shop.slug}", c.clock.now()
    if action == "bestaetigen":
        problem = attempt(c, lambda w: orders.confirm(w, sub_id, shop_id=shop_id, actor=actor, now=now))
    elif action == "ablehnen":
        problem = attempt(c, lambda w: orders.reject(w, sub_id, reason=grund, shop_id=shop_id, actor=actor, now=now))
    else:
        problem = attempt(c, lambda w: orders.mark_ready(w, sub_id, shop_id=shop_id, actor=actor, now=now))
    return back("/console/laden", problem=problem) if problem else back("/console/laden", ok=SHOP_ACTIONS[action])


@router.post("/laden/bestellung/{sub_id}/artikel/{line_id}/ablehnen")
def shop_reject_line(sub_id: DbId, line_id: DbId, user: ShopStaff, cs: CheckedForm, s: SessionDep,
                     c: ContainerDep) -> Response:
    shop = _shop_of(s, user)
    problem = attempt(c, lambda w: orders.reject_line(w, sub_id, line_id, shop_id=shop.id,
                                                      actor=f"shop:{shop.slug}", now=c.clock.now()))
    return back("/console/laden", problem=problem) if problem else back("/console/laden", ok="line")


@router.post("/laden/bestellung/{sub_id}/artikel/{line_id}/ersatz")
def shop_substitute(sub_id: DbId, line_id: DbId, user: ShopStaff, cs: CheckedForm, s: SessionDep, c: ContainerDep,
                    produkt: Text = "") -> Response:
    """Offer another of the shop's products for an item it cannot supply; the resident is asked."""
    shop = _shop_of(s, user)
    if not produkt.isdigit():
        return back("/console/laden", problem="Bitte einen Ersatzartikel auswählen.")
    problem = attempt(c, lambda w: substitutes.propose(
        w, sub_id, line_id, int(produkt), shop_id=shop.id, actor=f"shop:{shop.slug}", now=c.clock.now(),
        answer_hours=c.settings.substitute_answer_hours))
    return back("/console/laden", problem=problem) if problem else back("/console/laden", ok="substitute")


def _weigh_limit(line: OrderLine, sub: SubOrder) -> str | None:
    """"0,330 kg" for a weighed item the shop may still weigh; None for everything else."""
    if not weighing.is_weighed(line) or line.rejected or sub.status not in weighing.WEIGHING_STATUSES:
        return None
    return weighing.format_amount(weighing.max_quantity(line), line.unit)


@router.post("/laden/bestellung/{sub_id}/artikel/{line_id}/gewicht")
def shop_weigh_line(sub_id: DbId, line_id: DbId, user: ShopStaff, cs: CheckedForm, s: SessionDep, c: ContainerDep,
                    gewicht: Annotated[str, Form(max_length=20)]) -> Response:
    """What a weighed item weighed: ``ordering.weighing`` (the same use case as the API, SMS, Telegram)."""
    shop = _shop_of(s, user)

    def weigh(w) -> None:
        sub = orders.get_sub_order(w, sub_id, shop_id=shop.id)
        weighing.record_weight(w, sub, line_id, weighing.parse_weight(gewicht), actor=f"shop:{shop.slug}",
                               now=c.clock.now())

    problem = attempt(c, weigh)
    return back("/console/laden", problem=problem) if problem else back("/console/laden", ok="weighed")


@router.get("/laden/waren", response_class=HTMLResponse)
def shop_products(request: Request, user: ShopStaff, s: SessionDep) -> Response:
    from ordering import listing

    shop = _shop_of(s, user)
    products = catalog.list_products(s, shop)
    return page(request, "shop/products.html", shop=shop, products=products,
                photos=listing.photos_of(s, [p.id for p in products]))


_PRICE = re.compile(r"^\s*(\d{1,6})(?:[,.](\d{1,2}))?\s*(?:€)?\s*$")


def _cents(text: str) -> int:
    match = _PRICE.match(text)
    if not match:
        raise FormProblem(f"not a price: {text!r}", "Bitte den Preis als Zahl eingeben, z. B. 2,49.", field="price")
    return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))


@router.post("/laden/waren/{product_id}")
def shop_product(product_id: DbId, user: ShopStaff, cs: CheckedForm, s: SessionDep, c: ContainerDep,
                 preis: Annotated[str | None, Form(max_length=20)] = None,
                 verfuegbar: Annotated[str | None, Form(max_length=1)] = None) -> Response:
    """Price and sold out, through ``ordering.catalog`` (the same calls as the admin API)."""
    shop = _shop_of(s, user)

    def change(w) -> None:
        product = w.get(Product, product_id)
        if product is None or product.shop_id != shop.id or not product.listed:
            raise NotFound(f"product {product_id} does not exist")
        if preis is not None:
            catalog.set_price(w, product, _cents(preis))
        else:
            catalog.set_availability(w, product, verfuegbar == "1")

    problem = attempt(c, change)
    done = "price" if preis is not None else "available"
    return back("/console/laden/waren", problem=problem) if problem else back("/console/laden/waren", ok=done)


@router.get("/laden/geld", response_class=HTMLResponse)
def shop_money(request: Request, user: ShopStaff, s: SessionDep, c: ContainerDep) -> Response:
    shop = _shop_of(s, user)
    return page(request, "shop/money.html", shop=shop, money=queries.money(s, shop, _today(c, shop.region)))


# ---------------------------------------------------------------- couriers


@router.get("/kurier", response_class=HTMLResponse)
def courier_run(request: Request, user: Courier, s: SessionDep, c: ContainerDep) -> Response:
    """Today's delivery runs, stop by stop (only today's: a courier sees no other day)."""
    runs = []
    for slot in queries.todays_delivery_slots(s, user.region, c.clock.now()):
        sheet = run_sheets.delivery_run_sheet(s, slot.id)
        due = {}
        for stop in sheet.stops:
            order = orders.get_order_by_reference(s, stop.reference)  # NotFound if it is gone
            due[stop.reference] = _stop_state(s, order)
        runs.append((sheet, due))
    return page(request, "courier/run.html", runs=runs)


def _stop_state(s, order: Order) -> dict:
    statuses = {sub.status for sub in order.sub_orders if sub.status not in ("rejected", "cancelled")}
    cash = order.payment_method == "on_delivery" and order.payment_status != "collected"
    return {"done": bool(statuses) and statuses <= {"delivered"},
            "ready": bool(statuses) and statuses <= {"ready", "with_courier", "delivered"},
            "cash_cents": payment_service.amount_due(s, order.id) if cash else 0,
            "collected": order.payment_status == "collected",
            # Pfand goods per shop: what came with this order and what came back so far (issue 17).
            "empties": [(sub, deposits.empties_form(s, sub)) for sub in order.sub_orders if deposits.delivered_types(sub)],
            "id_check_age": order.min_age if order.min_age and order.age_check is None else None}


@router.post("/kurier/stopp/{reference}")
def courier_delivered(reference: Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,32}$")], user: Courier,
                      cs: CheckedForm, c: ContainerDep, bar: Text = "", leergut: Text = "0",
                      ausweis: Text = "", leergut_art: EmptiesList = None, leergut_anzahl: EmptiesList = None) -> Response:
    """Delivered at the door: each bag handed over and completed, cash recorded, empties and ID noted."""
    actor = f"courier:{user.username}"

    def deliver(s) -> None:
        order = orders.get_order_by_reference(s, reference)
        now = c.clock.now()
        todays = {slot.id for slot in queries.todays_delivery_slots(s, user.region, now)}
        if order.slot_id not in todays:
            raise NotFound(f"order {reference} is on none of today's runs")
        ready = [sub for sub in order.sub_orders if sub.status in ("ready", "with_courier")]
        if not ready:
            raise FormProblem(f"order {reference}: nothing is packed yet", "Bei diesem Stopp ist noch nichts fertig gepackt.")
        if order.min_age and order.age_check is None:
            # Jugendschutzgesetz: restricted goods only after the ID is seen. A failed check is
            # recorded by the shop (its API), which takes those goods back and refunds them.
            if ausweis != "1":
                raise FormProblem("ID check missing", (
                    f"Bitte erst den Ausweis prüfen (ab {order.min_age} Jahren). Ist die Person jünger, "
                    "die Getränke nicht übergeben und den Laden anrufen."))
            age_checks.record_age_check(s, order.id, passed=True, actor=actor, now=now)
        for sub in ready:
            if sub.status == "ready":
                orders.hand_over(s, sub.id, actor=actor, now=now)
            orders.complete(s, sub.id, actor=actor, now=now)
        # Empties before the cash: the deposit given back is deducted from what is due.
        returned = _record_empties(s, order, leergut_art or [], leergut_anzahl or [], actor=actor, now=now)
        if order.payment_method == "on_delivery" and order.payment_status != "collected":
            if not bar.strip():
                raise FormProblem("cash not given", "Bitte den kassierten Betrag eintragen.")
            due = payment_service.amount_due(s, order.id)
            if _cents(bar) != due:
                raise FormProblem("wrong amount", f"Zu kassieren sind {format_euro(due)}.")
            payment_service.record_collection_on_delivery(s, order.id, due, actor=actor)
        empties = leergut.strip() or "0"
        if not empties.isdigit() or int(empties) > 99:
            raise EmptiesCountInvalid(f"empties: {empties!r} is not a count")
        orders.note_handover(s, order.id, actor=actor, now=now, empties=int(empties) + returned,
                             id_checked=ausweis == "1")

    problem = attempt(c, deliver)
    return back("/console/kurier", problem=problem) if problem else back("/console/kurier", ok="delivered")


def _record_empties(s, order: Order, kinds: list[str], counts: list[str], *, actor: str, now: datetime) -> int:
    """The courier's per-type empties ("SUB:CENTS:LABEL" beside a count); returns how many in all."""
    if len(kinds) != len(counts):
        raise FormProblem("empties: types and counts differ in number", "Leergut bitte neu eingeben.")
    per_sub: dict[int, dict[deposits.DepositType, int]] = {}
    for kind, count in zip(kinds, counts, strict=True):
        sub_id, _, key = kind.partition(":")
        text = count.strip() or "0"
        if not sub_id.isdigit() or not text.isdigit() or int(text) > 99:
            raise EmptiesCountInvalid(f"empties: {text!r} of {kind!r} is not a count")
        if int(sub_id) not in {sub.id for sub in order.sub_orders}:
            raise NotFound(f"sub-order {sub_id} is not part of {order.reference}")
        per_sub.setdefault(int(sub_id), {})[deposits.DepositType.parse(key)] = int(text)
    for part, found in per_sub.items():
        deposits.record_empties(s, part, found, actor=actor, now=now)
    return sum(sum(found.values()) for found in per_sub.values())


def install(app: FastAPI) -> None:
    """Mount the console on the app: its routes and the redirect to the login page."""
    app.include_router(router, max_body_size=app.state.container.settings.max_upload_bytes)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(Refused, _refused)


# Starlette calls a handler with ``Exception``; each is registered for its own class only.
def _login_required(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, LoginRequired):
        raise exc
    return login_redirect(request, exc)


def _refused(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, Refused):
        raise exc
    return refused_page(request, exc)
