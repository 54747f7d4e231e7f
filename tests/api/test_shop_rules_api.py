"""Shop rules through the API (issue 16): allergens and age limits in the catalog, the minimum order
and free delivery in the cart, closing days refused, and the ID check recorded by the shop."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from tests.api.conftest import ADMIN, bearer
from tests.ordering.conftest import NOW, build_world
from tests.ordering.test_shop_rules import RULES_REGION
from tests.support import secrets

HILDEGARD = {"name": "Hildegard Schulte", "phone": "02541 111111", "street": "Letter Straße 5", "postcode": "48653"}


@pytest.fixture
def rules_client(db) -> Iterator[TestClient]:
    world = build_world(db, RULES_REGION)
    settings = Settings(database_url=world.db.url, admin_token=secrets.ADMIN_TOKEN, rasa_manage=False)
    container = build_container(settings, database=world.db, clock=Clock(NOW))
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client


def _product(client, slug: str) -> dict:
    hits = client.get("/api/regions/testland/products", params={"q": slug.split("-")[0]}).json()
    return next(p for p in hits if p["slug"] == slug)


def _shop_token(client, slug: str) -> dict[str, str]:
    shops = client.get("/api/regions/testland/shops").json()
    shop_id = next(s["id"] for s in shops if s["slug"] == slug)
    return bearer(client.post(f"/api/admin/shops/{shop_id}/token", headers=ADMIN).json()["token"])


def _window(client, label_start: str) -> int:
    found = client.get("/api/regions/testland/windows", params={"municipality": "coesfeld"}).json()
    return next(w["slot_id"] for w in found if w["label"].startswith(label_start))


def test_the_catalog_shows_allergens_age_and_deposit(rules_client):
    korn = _product(rules_client, "korn")
    assert (korn["min_age"], korn["deposit"]["text"]) == (18, "0,15 €")
    assert _product(rules_client, "weizenbroetchen")["allergens"] == ["gluten"]
    assert _product(rules_client, "roggenmischbrot")["allergens"] is None  # no statement made


def test_minimum_order_free_delivery_and_closing_days_through_the_cart(rules_client):
    me = bearer(rules_client.post("/api/regions/testland/residents", json=HILDEGARD).json()["token"])
    add = rules_client.post("/api/me/cart/lines", json={"product_id": _product(rules_client, "frischmilch")["id"],
                                                        "quantity": "2"}, headers=me)
    assert add.status_code == 201  # adding is never blocked by the minimum
    rules_client.post("/api/me/cart/lines", json={"product_id": _product(rules_client, "roggenmischbrot")["id"],
                                                  "quantity": "1"}, headers=me)
    closed = rules_client.put("/api/me/cart/window", json={"slot_id": _window(rules_client, "Mittwoch, 25.")},
                              headers=me)
    assert closed.status_code == 409
    assert "Bäckerei Terstegen hat am 25. November geschlossen." in closed.text
    cart = rules_client.put("/api/me/cart/window", json={"slot_id": _window(rules_client, "Donnerstag, 26.")},
                            headers=me).json()
    farm = next(shop for shop in cart["shops"] if shop["shop_slug"] == "hof-schulze")
    assert (farm["min_order"]["text"], farm["missing_for_min_order"]["text"]) == ("10,00 €", "7,42 €")
    assert cart["missing_for_free_delivery"]["text"] == "23,32 €" and cart["delivery_fee"]["text"] == "3,50 €"
    refused = rules_client.post("/api/me/checkout", json={"payment_method": "on_delivery"}, headers=me)
    assert refused.status_code == 409 and "fehlen noch 7,42 €" in refused.text
    assert rules_client.get("/api/me/cart", headers=me).json()["status"] == "open"  # nothing lost


def test_the_id_check_is_recorded_by_the_shop_never_the_admin(rules_client):
    me = bearer(rules_client.post("/api/regions/testland/residents", json=HILDEGARD).json()["token"])
    for slug, quantity in (("korn", "1"), ("roggenmischbrot", "1")):
        rules_client.post("/api/me/cart/lines", json={"product_id": _product(rules_client, slug)["id"],
                                                      "quantity": quantity}, headers=me)
    cart = rules_client.put("/api/me/cart/window", json={"slot_id": _window(rules_client, "Samstag, 28.")},
                            headers=me).json()
    assert cart["min_age"] == 18
    order = rules_client.post("/api/me/checkout", json={"payment_method": "on_delivery"}, headers=me).json()
    wine = _shop_token(rules_client, "weinhandlung-koenig")
    sub = next(s for s in rules_client.get("/api/shop/sub-orders", headers=wine).json())
    assert (sub["min_age"], sub["age_check"]) == (18, None)
    sheet = rules_client.get(f"/api/admin/run-sheets/{_window(rules_client, 'Samstag, 28.')}", headers=ADMIN).text
    assert "!! Ausweis prüfen: ab 18 Jahren" in sheet and "Kassieren: 22,65 €" in sheet  # with 0,15 € Pfand

    path = f"/api/shop/sub-orders/{sub['id']}/age-check"
    assert rules_client.post(path, json={"passed": False}, headers=ADMIN).status_code == 401
    bakery = _shop_token(rules_client, "baeckerei-terstegen")
    assert rules_client.post(path, json={"passed": False}, headers=bakery).status_code == 404
    assert rules_client.post(path, json={"passed": "vielleicht"}, headers=wine).status_code == 422
    failed = rules_client.post(path, json={"passed": False}, headers=wine)
    assert failed.status_code == 200, failed.text
    assert [(line["name"], line["rejected"]) for line in failed.json()["lines"]] == [
        ("Münsterländer Korn", True), ("Pfand Münsterländer Korn", True)]  # the Pfand goes with it
    assert rules_client.post(path, json={"passed": True}, headers=wine).status_code == 409
    sheet = rules_client.get(f"/api/admin/run-sheets/{_window(rules_client, 'Samstag, 28.')}", headers=ADMIN).text
    assert "Ausweis prüfen: ab 18 Jahren – nicht bestanden" in sheet and "Kassieren: 7,60 €" in sheet
    mine = rules_client.get("/api/me/orders", headers=me).json()[0]
    assert mine["reference"] == order["reference"] and mine["age_check"] == "failed"
    bread = next(s for s in mine["sub_orders"] if s["shop_slug"] == "baeckerei-terstegen")
    assert [line["rejected"] for line in bread["lines"]] == [False]  # the bakery's part is untouched
