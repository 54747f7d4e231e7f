"""Payments through the app: REST checkout online, Stripe's signed callback on the route,
a shop's decision through the shop API, the split by the outbox subscriber."""

from __future__ import annotations

import time

import anyio
import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from nlu.offline import OfflineNlu
from ordering.models import Order, Shop
from ordering.payments import ledger, service
from ordering.payments.models import Payment
from ordering.payments.webhooks import sign
from tests.api.conftest import ADMIN, bearer
from tests.ordering.conftest import NOW, build_world
from tests.payments.conftest import WEBHOOK_SECRET
from tests.support import secrets
from tests.support.stripe_fake import json_body


@pytest.fixture
def app_client(db, gateway, stripe_fake):
    world = build_world(db)
    with db.session() as s:
        for shop in s.query(Shop):
            service.onboard_shop(s, shop.id, gateway, refresh_url="https://k.test/r", return_url="https://k.test/ok")
            stripe_fake.complete_onboarding(shop.stripe_account_id)
    settings = Settings(database_url=db.url, admin_token=secrets.ADMIN_TOKEN, link_secret=secrets.LINK_SECRET, rasa_manage=False,
                        dispatch_events=False, stripe_webhook_secret=WEBHOOK_SECRET, public_url="https://kiepe.test")
    container = build_container(settings, database=db, clock=Clock(NOW), nlu=OfflineNlu(), gateway=gateway)
    with TestClient(create_app(container)) as client:
        yield client, container, world


def _signed(event: dict, secret: str = WEBHOOK_SECRET) -> tuple[bytes, dict]:
    body = json_body(event)
    return body, {"Stripe-Signature": sign(body, secret, int(time.time())), "Content-Type": "application/json"}


def test_online_order_paid_once_and_split_when_the_shop_confirms(app_client, stripe_fake):
    client, container, world = app_client
    me = bearer(client.post("/api/regions/testland/residents", json={
        "name": "Hildegard Schulte", "phone": "02541 111111", "street": "Letter Straße 5", "postcode": "48653"}).json()["token"])
    client.post("/api/me/cart/lines", json={"product_id": world.products["frischmilch"], "quantity": "2"}, headers=me)
    client.post("/api/me/cart/lines", json={"product_id": world.products["spaetburgunder"], "quantity": "1"}, headers=me)
    saturday = next(w for w in client.get("/api/regions/testland/windows", params={"municipality": "coesfeld"}).json()
                    if w["label"].startswith("Samstag"))
    client.put("/api/me/cart/window", json={"slot_id": saturday["slot_id"]}, headers=me)
    order = client.post("/api/me/checkout", json={"payment_method": "online"}, headers=me).json()
    assert order["payment_url"] and order["total"]["cents"] == 258 + 1290 + 350

    with container.database.session() as s:
        checkout_id = s.query(Payment).one().checkout_session_id
    paid = stripe_fake.pay_checkout_session(checkout_id)
    body, headers = _signed(stripe_fake.event("checkout.session.completed", paid))
    assert client.post("/webhooks/stripe", content=body, headers=headers).json() == {"status": "processed"}
    assert client.post("/webhooks/stripe", content=body, headers=headers).json() == {"status": "duplicate"}
    forged, forged_headers = _signed(stripe_fake.event("checkout.session.completed", paid), secret="whsec_wrong")
    assert client.post("/webhooks/stripe", content=forged, headers=forged_headers).status_code == 400

    shop_id = world.shops["weinhandlung-koenig"]
    token = client.post(f"/api/admin/shops/{shop_id}/token", headers=ADMIN).json()["token"]
    sub = client.get("/api/shop/sub-orders", headers=bearer(token)).json()[0]
    assert client.post(f"/api/shop/sub-orders/{sub['id']}/confirm", headers=bearer(token)).status_code == 200
    anyio.run(container.events.dispatch_pending)

    with container.database.session() as s:
        placed = s.query(Order).one()
        ledger.assert_order_balanced(s, placed)
        reference = placed.reference
    # Both database runs share one fake Stripe and number their orders alike: look at this
    # run's shops only. The test region keeps no commission: the merchant gets all 12,90 €.
    accounts = _accounts(container)
    transfers = [t for t in container.gateway.list_transfers(reference) if t.destination in accounts]
    assert [(t.amount_cents, t.destination) for t in transfers] == [(1290, _account(container, shop_id))]


def _accounts(container) -> set[str]:
    with container.database.session() as s:
        return {shop.stripe_account_id for shop in s.query(Shop)}


def _account(container, shop_id: int) -> str:
    with container.database.session() as s:
        return s.get(Shop, shop_id).stripe_account_id
