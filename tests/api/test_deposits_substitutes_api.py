"""Pfand and substitutes through the REST API (issue 17): the cart shows the Pfand, checkout takes
the substitute preference, the shop proposes, the resident answers, the station notes empties."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from tests.api.conftest import ADMIN, bearer
from tests.ordering.conftest import NOW
from tests.payments.issue17_world import drinks_world
from tests.support import secrets

HILDEGARD = {"name": "Hildegard Schulte", "phone": "02541 111111", "street": "Letter Straße 5", "postcode": "48653"}


@pytest.fixture
def drinks_client(db) -> Iterator[TestClient]:
    world = drinks_world(db)
    # No dispatcher in the app: the outbox's reactions are the SMS and payment tests' subject, and an
    # in-app dispatcher on SQLite waits for the request's writer here (30 s per event; seen on main too).
    settings = Settings(database_url=world.db.url, admin_token=secrets.ADMIN_TOKEN, rasa_manage=False,
                        dispatch_events=False)
    container = build_container(settings, database=world.db, clock=Clock(NOW))
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client


def _product_id(client, slug: str) -> int:
    hits = client.get("/api/regions/testland/products", params={"q": slug.split("-")[0]}).json()
    return next(p["id"] for p in hits if p["slug"] == slug)


def _shop_token(client, slug: str) -> dict[str, str]:
    shops = client.get("/api/regions/testland/shops").json()
    shop_id = next(s["id"] for s in shops if s["slug"] == slug)
    return bearer(client.post(f"/api/admin/shops/{shop_id}/token", headers=ADMIN).json()["token"])


def test_pfand_and_a_substitute_through_the_api(drinks_client):
    client = drinks_client
    me = bearer(client.post("/api/regions/testland/residents", json=HILDEGARD).json()["token"])
    client.post("/api/me/cart/lines", json={"product_id": _product_id(client, "pils-kasten"), "quantity": "2"}, headers=me)
    windows = client.get("/api/regions/testland/windows", params={"municipality": "coesfeld"}).json()
    slot = next(w["slot_id"] for w in windows if w["label"].startswith("Donnerstag, 26."))
    cart = client.put("/api/me/cart/window", json={"slot_id": slot}, headers=me).json()
    drinks = cart["shops"][0]
    assert (drinks["subtotal"]["text"], drinks["deposit"]["text"]) == ("33,98 €", "6,20 €")
    assert (cart["deposit"]["text"], cart["total"]["text"]) == ("6,20 €", "43,68 €")
    assert client.post("/api/me/checkout", json={"payment_method": "on_delivery", "substitutes": "vielleicht"},
                       headers=me).status_code == 422
    order = client.post("/api/me/checkout", json={"payment_method": "on_delivery", "substitutes": "decline"},
                        headers=me).json()
    assert order["total"]["text"] == "43,68 €"
    assert "substitute_preference" in [e["event"] for e in order["events"]]

    shop = _shop_token(client, "getraenke-kamps")
    sub = client.get("/api/shop/sub-orders", headers=shop).json()[0]
    pils, pfand = sub["lines"]
    assert pfand["deposit_for_line_id"] == pils["line_id"] and pfand["total"]["text"] == "6,20 €"
    path = f"/api/shop/sub-orders/{sub['id']}/lines/{pils['line_id']}/substitute"
    dearer = client.post(path, json={"product_slug": "radler-kasten"}, headers=shop)
    assert dearer.status_code == 422 and "at most 33,98 €" in dearer.text
    assert client.post(path, json={"product_slug": "frischmilch"}, headers=shop).status_code == 404
    assert client.post(path, json={"product_slug": "export-kasten"}, headers=ADMIN).status_code == 401
    assert client.post(path, json={"product_slug": "export-kasten"}, headers=shop).status_code == 200

    offer = client.get(f"/api/me/orders/{order['reference']}", headers=me).json()["substitutes"][0]
    assert (offer["ordered"], offer["offered"], offer["offered_price"]["text"], offer["status"]) == (
        "Pils, Kasten 20 × 0,5 l", "Export, Kasten 20 × 0,5 l", "31,98 €", "proposed")
    other = bearer(client.post("/api/regions/testland/residents", json=HILDEGARD).json()["token"])
    assert client.post(f"/api/me/substitutes/{offer['id']}", json={"accept": True}, headers=other).status_code == 404
    answered = client.post(f"/api/me/substitutes/{offer['id']}", json={"accept": True}, headers=me).json()
    assert answered["substitutes"][0]["status"] == "accepted"
    assert answered["sub_orders"][0]["lines"][0]["name"] == "Export, Kasten 20 × 0,5 l"

    # The shop confirms and packs; the station takes two empty crates back (6,20 € less to pay).
    assert client.post(f"/api/shop/sub-orders/{sub['id']}/confirm", headers=shop).status_code == 200
    assert client.post(f"/api/shop/sub-orders/{sub['id']}/ready", headers=shop).status_code == 200
    empties = f"/api/admin/sub-orders/{sub['id']}/empties"
    assert client.post(empties, json={"empties": {"310:Kasten": 3}}, headers=ADMIN).status_code == 422
    assert client.post(empties, json={"empties": {"310Kasten": 1}}, headers=ADMIN).status_code == 422
    assert client.post(empties, json={"empties": {"310:Kasten": 2}}, headers=shop).status_code == 403
    sheet = client.get(f"/api/admin/run-sheets/{slot}", headers=ADMIN).text
    assert "Kassieren: 41,68 €" in sheet  # 31,98 € Export + 6,20 € Pfand + 3,50 € fee
    assert "Pfand 2 × Kasten à 3,10 €" in sheet
    done = client.post(empties, json={"empties": {"310:Kasten": 2}}, headers=ADMIN)
    assert done.status_code == 200, done.text
    assert done.json()["events"][-1]["event"] == "empties_returned"
