"""Weighed goods through the shop API: the weight within the tolerance sets the price; above it
422 naming the maximum; another shop's line 404; after packing 409; the run sheet's amount follows."""

from __future__ import annotations

from tests.api.conftest import ADMIN, bearer
from tests.api.test_shop_rules_api import HILDEGARD, _product, _shop_token, _window, rules_client  # noqa: F401


def _order_potatoes(client) -> None:
    me = bearer(client.post("/api/regions/testland/residents", json=HILDEGARD).json()["token"])
    for slug, quantity in (("frischmilch", "2"), ("kartoffeln", "5")):
        added = client.post("/api/me/cart/lines", json={"product_id": _product(client, slug)["id"], "quantity": quantity},
                            headers=me)
        assert added.status_code == 201, added.text
    client.put("/api/me/cart/window", json={"slot_id": _window(client, "Samstag, 28.")}, headers=me)
    placed = client.post("/api/me/checkout", json={"payment_method": "on_delivery"}, headers=me)
    assert placed.status_code in (200, 201), placed.text


def test_the_shop_enters_the_weight_through_the_api(rules_client):  # noqa: F811 - the fixture
    _order_potatoes(rules_client)
    farm = _shop_token(rules_client, "hof-schulze")
    sub = rules_client.get("/api/shop/sub-orders", headers=farm).json()[0]
    potatoes = next(line for line in sub["lines"] if line["name"] == "Kartoffeln")
    milk = next(line for line in sub["lines"] if line["name"] == "Frischmilch")
    # 15 % tolerance in this region: 5 kg ordered, at most 5,75 kg.
    assert (potatoes["weighed"], potatoes["quantity"], potatoes["weighed_quantity"]) == (True, "5", None)
    assert potatoes["max_quantity"] == "5.75" and milk["weighed"] is False
    path = f"/api/shop/sub-orders/{sub['id']}/lines/{potatoes['line_id']}/weight"

    too_heavy = rules_client.post(path, json={"quantity": "5.8"}, headers=farm)
    assert too_heavy.status_code == 422 and "Höchstens 5,750 kg (15 % über 5,000 kg)." in too_heavy.text
    assert rules_client.post(path, json={"quantity": "viel"}, headers=farm).status_code == 422
    assert rules_client.post(path, json={"quantity": "5.6"}, headers=ADMIN).status_code == 401
    assert rules_client.post(path, json={"quantity": "5.6"}, headers=_shop_token(rules_client, "weinhandlung-koenig")
                             ).status_code == 404
    by_piece = f"/api/shop/sub-orders/{sub['id']}/lines/{milk['line_id']}/weight"
    assert rules_client.post(by_piece, json={"quantity": "1"}, headers=farm).status_code == 422

    weighed = rules_client.post(path, json={"quantity": "5,6"}, headers=farm)
    assert weighed.status_code == 200, weighed.text
    line = next(line for line in weighed.json()["lines"] if line["name"] == "Kartoffeln")
    # 5,6 kg × 1,80 €/kg = 10,08 € instead of 9,00 €; milk 2,58 €.
    assert (line["weighed_quantity"], line["total"]["text"], weighed.json()["subtotal"]["text"]) == (
        "5.6", "10,08 €", "12,66 €")

    rules_client.post(f"/api/shop/sub-orders/{sub['id']}/confirm", headers=farm)
    sheet = rules_client.get(f"/api/admin/run-sheets/{_window(rules_client, 'Samstag, 28.')}", headers=ADMIN).text
    assert "5,6 kg Kartoffeln (gewogen)" in sheet
    assert "Kassieren: 16,16 € (nach Gewicht)" in sheet  # 12,66 € + 3,50 € delivery
    assert rules_client.post(f"/api/shop/sub-orders/{sub['id']}/ready", headers=farm).status_code == 200
    late = rules_client.post(path, json={"quantity": "5.5"}, headers=farm)
    assert late.status_code == 409 and "fertig gepackt" in late.text
