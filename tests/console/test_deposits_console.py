"""Issue 17 in the console, without a browser: the shop offers a substitute on its order page, the
courier notes empties per deposit type and takes the cash due after their Pfand (SQLite and
PostgreSQL)."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote_plus

from fastapi.testclient import TestClient

from bot.app import create_app
from bot.clock import Clock
from bot.composition import build_container
from bot.console import accounts
from bot.settings import Settings
from ordering import orders, substitutes
from ordering.models import Order
from ordering.payments import ledger, settle
from ordering.payments.models import LedgerEntry
from tests.ordering.conftest import NOW
from tests.payments.issue17_world import THURSDAY_9, drinks_world, place
from tests.voice.conftest import unused_address

PASSWORD = "ein-langes-Passwort"


def _client(world, now) -> TestClient:
    settings = Settings(database_url=world.db.url, admin_token="a" * 40, rasa_manage=False, rasa_url=unused_address(),
                        dispatch_events=False)
    return TestClient(create_app(build_container(settings, database=world.db, clock=Clock(now))),
                      base_url="http://testserver")


def _login(client, username) -> str:
    page = client.get("/console/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    client.post("/console/login", data={"csrf": token, "username": username, "password": PASSWORD},
                follow_redirects=False)
    home = {"kamps": "laden", "tom": "kurier", "anna": "koordination"}[username]
    return re.search(r'name="csrf" value="([^"]+)"', client.get(f"/console/{home}").text)[1]


def test_the_shop_offers_a_substitute_and_the_courier_takes_empties_back(db):
    world = drinks_world(db)
    with db.session() as s:
        accounts.create_user(s, username="kamps", password=PASSWORD, role="shop", shop_slug="getraenke-kamps")
        accounts.create_user(s, username="tom", password=PASSWORD, role="courier")
        accounts.create_user(s, username="anna", password=PASSWORD, role="coordinator")
    order_id = place(world, {"pils-kasten": 2, "apfelsaft": 6}, method="on_delivery", now=NOW)
    with db.session() as s:
        sub = s.get(Order, order_id).sub_orders[0]
        sub_id, shop_id, pils = sub.id, sub.shop_id, sub.lines[0].id

    with _client(world, NOW) as shop:
        csrf = _login(shop, "kamps")
        page = shop.get("/console/laden").text
        assert "Pfand 2 × Kasten à 3,10 € · 6,20 €" in page
        assert "Ersatz für „Pils, Kasten 20 × 0,5 l“ (höchstens 33,98 €)" in page
        assert "Export, Kasten 20 × 0,5 l</option>" in page and "Radler" not in page.split("ersatz-")[1][:400]
        origin = {"Origin": "http://testserver"}
        answer = shop.post(f"/console/laden/bestellung/{sub_id}/artikel/{pils}/ersatz",
                           data={"csrf": csrf, "produkt": str(world.products["radler-kasten"])}, headers=origin,
                           follow_redirects=False)
        assert "fehler=" in answer.headers["location"], "dearer: refused"
        answer = shop.post(f"/console/laden/bestellung/{sub_id}/artikel/{pils}/ersatz",
                           data={"csrf": csrf, "produkt": str(world.products["export-kasten"])}, headers=origin,
                           follow_redirects=False)
        assert "ok=substitute" in answer.headers["location"]
        assert "Ersatz angeboten: Export, Kasten 20 × 0,5 l (31,98 €) – Antwort der Kundschaft steht aus" in \
            shop.get("/console/laden").text

    with db.session() as s:
        [offer] = substitutes.offers_of_order(s, order_id)
        substitutes.answer(s, offer.id, False, actor="resident", now=NOW)  # no thanks: the Pils line goes
        orders.confirm(s, sub_id, shop_id=shop_id, actor="shop", now=NOW)
        orders.mark_ready(s, sub_id, shop_id=shop_id, actor="shop", now=NOW)
    due = 1440 + 90 + 350  # apple juice, its Pfand, the fee
    with _client(world, THURSDAY_9 - timedelta(minutes=30)) as courier:
        csrf = _login(courier, "tom")
        run = courier.get("/console/kurier").text
        assert "Flasche à 0,15 €: Anzahl (höchstens 6)" in run and "Kasten à 3,10 €" not in run, "the Pils was not delivered"
        with db.session() as s:
            stop = f"/console/kurier/stopp/{s.get(Order, order_id).reference}"
        form = {"csrf": csrf, "leergut_art": f"{sub_id}:15:Flasche", "leergut_anzahl": "4"}
        origin = {"Origin": "http://testserver"}
        wrong = courier.post(stop, data={**form, "bar": "18,80"}, headers=origin, follow_redirects=False)
        assert "fehler=" in wrong.headers["location"]
        assert "Zu kassieren sind 18,20 €" in unquote_plus(wrong.headers["location"]), "the amount after the Pfand back"
        too_many = courier.post(stop, data={**form, "leergut_anzahl": "7", "bar": "18,20"}, headers=origin,
                                follow_redirects=False)
        assert "fehler=" in too_many.headers["location"]
        done = courier.post(stop, data={**form, "bar": f"{(due - 60) // 100},{(due - 60) % 100:02d}"}, headers=origin,
                            follow_redirects=False)
        assert "ok=delivered" in done.headers["location"], done.headers["location"]
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order.payment_status == "collected"
        collected = s.query(LedgerEntry).filter_by(order_id=order_id, kind="collected_on_delivery").one()
        assert collected.amount_cents == due - 60
        assert [e.detail for e in order.events if e.event == "handover_noted"][-1]["empties"] == 4
        settle.settle_order(s, order, None)  # type: ignore[arg-type] - cash only: no Stripe call is made
        ledger.assert_order_balanced(s, order)
    # The settlement shows the apple juice's Pfand in (0,90 €) and out for the four bottles (0,60 €)
    with _client(world, THURSDAY_9 + timedelta(hours=5)) as coordinator:
        _login(coordinator, "anna")
        page = coordinator.get("/console/koordination/abrechnung",
                               params={"shop": shop_id, "von": "2026-01-01", "bis": "2030-12-31"}).text
        assert "<th scope=\"col\">Pfand erhalten</th><th scope=\"col\">Pfand zurück</th>" in page
        assert "<td>0,90 €</td><td>0,60 €</td></tr>" in page
