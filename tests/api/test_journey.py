"""A resident's order through the REST API, the shops' side, the courier's sheet."""

from __future__ import annotations

from tests.api.conftest import ADMIN, bearer

HILDEGARD = {"name": "Hildegard Schulte", "phone": "02541 111111", "street": "Letter Straße 5", "postcode": "48653"}


def _register(client, body=HILDEGARD) -> str:
    response = client.post("/api/regions/testland/residents", json=body)
    assert response.status_code == 201, response.text
    return response.json()["token"]


def _product_id(client, query: str) -> int:
    hits = client.get("/api/regions/testland/products", params={"q": query}).json()
    assert hits, f"nothing found for {query!r}"
    return hits[0]["id"]


def _shop_token(client, slug: str) -> str:
    shops = client.get("/api/regions/testland/shops").json()
    shop_id = next(s["id"] for s in shops if s["slug"] == slug)
    return client.post(f"/api/admin/shops/{shop_id}/token", headers=ADMIN).json()["token"]


def _order(client) -> tuple[str, dict]:
    me = bearer(_register(client))
    for query, qty in (("milch", "2"), ("brötchen", "6"), ("spätburgunder", "1"), ("kartoffeln", "1,5")):
        response = client.post("/api/me/cart/lines", json={"product_id": _product_id(client, query), "quantity": qty},
                               headers=me)
        assert response.status_code == 201, response.text
    windows = client.get("/api/regions/testland/windows", params={"municipality": "coesfeld"}).json()
    saturday = next(w for w in windows if w["label"].startswith("Samstag"))
    assert saturday["label"] == "Samstag, 28. November, 9–13 Uhr"
    cart = client.put("/api/me/cart/window", json={"slot_id": saturday["slot_id"]}, headers=me).json()
    assert cart["delivery_fee"]["text"] == "3,50 €"
    assert cart["window"]["slot_id"] == saturday["slot_id"] and cart["hold_expires_at"]
    response = client.post("/api/me/checkout", json={"payment_method": "on_delivery"}, headers=me)
    assert response.status_code == 201, response.text
    return response.json(), me


def test_a_resident_orders_from_three_shops(client):
    order, me = _order(client)
    assert order["total"] == {"cents": 258 + 270 + 1290 + 270 + 350, "text": "24,38 €"}
    assert order["window"] == "Samstag, 28. November, 9–13 Uhr"
    assert {s["shop_slug"] for s in order["sub_orders"]} == {"hof-schulze", "baeckerei-terstegen", "weinhandlung-koenig"}
    mine = client.get("/api/me/orders", headers=me).json()
    assert [o["reference"] for o in mine] == [order["reference"]]
    assert client.get("/api/me/cart", headers=me).json()["shops"] == []  # a fresh cart afterwards


def test_shops_see_and_answer_only_their_own_part(client):
    order, _ = _order(client)
    farm, bakery = bearer(_shop_token(client, "hof-schulze")), bearer(_shop_token(client, "baeckerei-terstegen"))
    farm_subs = client.get("/api/shop/sub-orders", headers=farm).json()
    assert [s["shop_slug"] for s in farm_subs] == ["hof-schulze"]
    farm_sub = farm_subs[0]
    assert client.post(f"/api/shop/sub-orders/{farm_sub['id']}/confirm", headers=bakery).status_code == 404
    potatoes = next(l for l in farm_sub["lines"] if l["product_slug"] == "kartoffeln")
    rejected = client.post(f"/api/shop/sub-orders/{farm_sub['id']}/lines/{potatoes['line_id']}/reject", headers=farm)
    assert rejected.status_code == 200, rejected.text
    confirmed = client.post(f"/api/shop/sub-orders/{farm_sub['id']}/confirm", headers=farm).json()
    assert confirmed["status"] == "partly_confirmed"
    assert client.post(f"/api/shop/sub-orders/{farm_sub['id']}/confirm", headers=farm).status_code == 409
    ready = client.post(f"/api/shop/sub-orders/{farm_sub['id']}/ready", headers=farm).json()
    assert ready["status"] == "ready"


def test_the_courier_gets_a_run_sheet(client):
    order, _ = _order(client)
    windows = client.get("/api/admin/regions/testland/windows", headers=ADMIN).json()
    saturday = next(w for w in windows if w["label"].startswith("Samstag") and w["municipality"] == "coesfeld")
    sheet = client.get(f"/api/admin/run-sheets/{saturday['slot_id']}", headers=ADMIN)
    assert sheet.status_code == 200, sheet.text
    assert "Letter Straße 5" in sheet.text and "Frischmilch" in sheet.text and order["reference"] in sheet.text
    as_json = client.get(f"/api/admin/run-sheets/{saturday['slot_id']}", params={"format": "json"}, headers=ADMIN)
    assert as_json.json()["slot_id"] == saturday["slot_id"]


def test_a_resident_sees_only_their_own_orders(client):
    order, _ = _order(client)
    other = bearer(_register(client, {**HILDEGARD, "name": "Bernd", "phone": "02541 222222"}))
    assert client.get(f"/api/me/orders/{order['reference']}", headers=other).status_code == 404
    assert client.post(f"/api/me/orders/{order['reference']}/cancel", headers=other).status_code == 404
    assert client.get("/api/me/orders", headers=other).json() == []


def test_errors_are_clear_4xx(client):
    me = bearer(_register(client))
    half = client.post("/api/me/cart/lines", json={"product_id": _product_id(client, "brötchen"), "quantity": "1.5"},
                       headers=me)
    assert half.status_code == 422 and half.json()["field"] == "quantity"
    assert "stückweise" in half.json()["resident_message"]
    assert client.post("/api/me/checkout", json={}, headers=me).status_code == 422
    assert client.get("/api/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/me").status_code == 401
    assert client.post("/api/admin/catalog", json={"yaml": "x: 1"}, headers=me).status_code == 403
    bad = client.post("/api/admin/catalog", json={"yaml": "format: kiepe-catalog/2\n"}, headers=ADMIN)
    assert bad.status_code == 422 and "format" in bad.json()["message"]
    assert client.get("/api/regions/nowhere").status_code == 404


def test_erasing_my_data(client):
    order, me = _order(client)
    assert client.delete("/api/me", headers=me).status_code == 204
    assert client.get("/api/me", headers=me).status_code == 401
    admin_view = client.get("/api/admin/regions/testland/orders", headers=ADMIN).json()
    assert [o["reference"] for o in admin_view] == [order["reference"]]
