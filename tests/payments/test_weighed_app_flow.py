"""Weighed goods paid online through the whole app: REST checkout authorises the upper bound,
Stripe's signed callback records the authorisation, the shop weighs through its API, and the
outbox's payment handler captures the weighed total and transfers by it."""

from __future__ import annotations

import anyio

from ordering.models import Order
from ordering.payments import ledger
from ordering.payments.models import Payment
from tests.api.conftest import ADMIN, bearer
from tests.payments.test_app_flow import _account, _accounts, _signed, app_client  # noqa: F401 - the fixture


def test_online_order_with_potatoes_is_captured_as_weighed(app_client, stripe_fake):  # noqa: F811
    client, container, world = app_client
    me = bearer(client.post("/api/regions/testland/residents", json={
        "name": "Hildegard Schulte", "phone": "02541 111111", "street": "Letter Straße 5", "postcode": "48653"}).json()["token"])
    client.post("/api/me/cart/lines", json={"product_id": world.products["frischmilch"], "quantity": "2"}, headers=me)
    client.post("/api/me/cart/lines", json={"product_id": world.products["kartoffeln"], "quantity": "2"}, headers=me)
    saturday = next(w for w in client.get("/api/regions/testland/windows", params={"municipality": "coesfeld"}).json()
                    if w["label"].startswith("Samstag"))
    client.put("/api/me/cart/window", json={"slot_id": saturday["slot_id"]}, headers=me)
    order = client.post("/api/me/checkout", json={"payment_method": "online"}, headers=me).json()
    # 2 kg potatoes at 1,80 €/kg = 3,60 €, at most 2,2 kg = 3,96 €: the card is asked for the most.
    assert order["total"]["cents"] == 258 + 360 + 350
    with container.database.session() as s:
        payment = s.query(Payment).one()
        assert payment.amount_cents == 258 + 396 + 350
        checkout_id = payment.checkout_session_id
    paid = stripe_fake.pay_checkout_session(checkout_id)
    body, headers = _signed(stripe_fake.event("checkout.session.completed", paid))
    assert client.post("/webhooks/stripe", content=body, headers=headers).json() == {"status": "processed"}
    with container.database.session() as s:
        assert s.query(Order).one().payment_status == "authorised"

    shop_id = world.shops["hof-schulze"]
    farm = bearer(client.post(f"/api/admin/shops/{shop_id}/token", headers=ADMIN).json()["token"])
    sub = client.get("/api/shop/sub-orders", headers=farm).json()[0]
    assert client.post(f"/api/shop/sub-orders/{sub['id']}/confirm", headers=farm).status_code == 200
    anyio.run(container.events.dispatch_pending)
    with container.database.session() as s:
        assert s.query(Order).one().payment_status == "authorised"  # nothing taken before the scale
    potatoes = next(line for line in sub["lines"] if line["name"] == "Kartoffeln")
    weighed = client.post(f"/api/shop/sub-orders/{sub['id']}/lines/{potatoes['line_id']}/weight",
                          json={"quantity": "2.150"}, headers=farm)
    assert weighed.status_code == 200, weighed.text
    anyio.run(container.events.dispatch_pending)

    with container.database.session() as s:
        placed = s.query(Order).one()
        assert placed.payment_status == "paid"
        ledger.assert_order_balanced(s, placed)
        charge_id, reference = s.query(Payment).one().charge_id, placed.reference
    # 2,15 kg = 3,87 €: captured 2,58 + 3,87 + 3,50 of the 10,04 € authorised.
    assert stripe_fake.captured_of_charge[charge_id] == 258 + 387 + 350
    transfers = [t for t in container.gateway.list_transfers(reference) if t.destination in _accounts(container)]
    assert [(t.amount_cents, t.destination) for t in transfers] == [(258 + 387, _account(container, shop_id))]
