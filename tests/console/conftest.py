"""The console in a real headless chromium: the web chat's live server (demo region, clock frozen on
the suite's Monday morning), Twilio's SMS recorded, and one console account per role.

Orders are placed through the domain's own use cases (cart, window, checkout) by a phone
resident, so a shop's answer reaches her the way it does today: by SMS.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.console import accounts
from integrations.twilio_sms import TwilioSms
from ordering import cart as carts
from ordering import checkout
from ordering.models import Order, Product, Region, Resident, Shop, Slot
from ordering.residents import ResidentData, mark_phone_verified, register_resident
from tests.ordering.conftest import NOW
from tests.voice.twilio_harness import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, RecordingHttpClient
from tests.web.conftest import SCREENS, _serve, _unused_address, browser, stripe_fake  # noqa: F401 - fixtures

PASSWORD = "Kiepe-Konsole-2026"
ANNA = "+4915112345678"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
USERS = {  # username: (role, shop)
    "koordination": ("coordinator", None),
    "hof": ("shop", "hof-schulze"),
    "baecker": ("shop", "baeckerei-terstegen"),
    "kurier": ("courier", None),
    "sperrtest": ("courier", None),
}
TUESDAY_9 = NOW.replace(hour=9) + timedelta(days=1)


@dataclass
class Console:
    url: str
    container: object
    sms: RecordingHttpClient
    orders: list[str] = field(default_factory=list)

    @property
    def db(self):
        return self.container.database

    def slot(self, kind: str, start, municipality: str = "billerbeck") -> int:
        from ordering.models import Municipality

        with self.db.session() as s:
            query = select(Slot.id).where(Slot.kind == kind, Slot.start == start)
            if kind == "delivery":
                query = query.join(Municipality, Municipality.id == Slot.municipality_id).where(
                    Municipality.slug == municipality)
            return s.scalars(query).first()

    def place(self, items: dict[str, float], *, slot_start=TUESDAY_9, method: str = "on_delivery") -> str:
        """Anna orders by phone (``items``: "shop/product" → quantity); returns the order's reference."""
        slot_id = self.slot("delivery", slot_start)
        with self.db.session() as s:
            anna = s.scalar(select(Resident).where(Resident.phone == ANNA))
            cart = carts.open_cart(s, anna.region_id, resident_id=anna.id)
            for key, quantity in items.items():
                shop_slug, slug = key.split("/")
                product = s.scalar(select(Product).join(Shop, Shop.id == Product.shop_id)
                                   .where(Product.slug == slug, Shop.slug == shop_slug))
                carts.add_product(s, cart, product.id, Decimal(str(quantity)))
            checkout.choose_window(s, cart, slot_id, now=self.container.clock.now())
            order = checkout.checkout(s, cart, now=self.container.clock.now(), payment_method=method,
                                      channel="voice")
            self.orders.append(order.reference)
            return order.reference

    def sub_order(self, reference: str, shop_slug: str):
        with self.db.session() as s:
            order = s.scalar(select(Order).where(Order.reference == reference))
            return next(sub for sub in order.sub_orders if sub.shop.slug == shop_slug)

    def sms_to(self, number: str) -> list[str]:
        return [m["Body"] for m in self.sms.messages if m["To"] == number]


@pytest.fixture(scope="module")
def console(tmp_path_factory, browser, stripe_fake) -> Iterator[Console]:  # noqa: F811 - the web tests' fixtures
    """The app with the local Stripe: shops' answers move money into the ledger, as in production."""
    import uuid

    from integrations.stripe_gateway import StripeGateway
    from tests.support.stripe_fake import API_KEY

    gateway = StripeGateway(API_KEY, api_base=stripe_fake.api_base, key_prefix=f"console-{uuid.uuid4().hex[:8]}:")
    recorder = RecordingHttpClient()  # the SMS the app sends, recorded at Twilio's REST API
    sms = TwilioSms(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, http_client=recorder)
    for server in _serve(tmp_path_factory.mktemp("console"), rasa_url=_unused_address(), gateway=gateway, sms=sms):
        with server.container.database.session() as s:
            region = s.scalar(select(Region))
            for username, (role, shop) in USERS.items():
                accounts.create_user(s, username=username, password=PASSWORD, role=role, shop_slug=shop,
                                     display_name=username.title())
            anna = register_resident(s, region.id, ResidentData(name="Anna Schulte", phone=ANNA, street="Markt 3",
                                                                postcode="48727"))
            mark_phone_verified(s, anna, NOW)
        yield Console(server.url, server.container, recorder)


def open_tab(browser, console: Console, viewport: dict, **options):  # noqa: F811
    context = browser.new_context(viewport=viewport, locale="de-DE", timezone_id="Europe/Berlin",
                                  reduced_motion="reduce", accept_downloads=True, **options)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return context, tab


@pytest.fixture
def tab(browser, console):  # noqa: F811
    """A fresh browser context (no cookies) at tablet-ish desktop size; axe may be injected."""
    context, page = open_tab(browser, console, DESKTOP, bypass_csp=True)
    try:
        yield page
    finally:
        context.close()


def login(page, console: Console, username: str, password: str = PASSWORD) -> None:
    page.goto(console.url + "/console/")
    assert page.url.endswith("/console/login"), page.url
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def screenshots(page, name: str) -> list:
    """The page at 360 px and at 1280 px wide, full length, to var/screens/console-<name>-*.png."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    paths = []
    for label, size in (("360", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        path = SCREENS / f"console-{name}-{label}.png"
        page.mouse.move(0, 0)
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    page.set_viewport_size(DESKTOP)
    return paths
