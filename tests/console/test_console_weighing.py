"""The console's shop page: a weight field per weighed item, the same use case as API, SMS and
Telegram (CSRF-checked form, no browser needed)."""

from __future__ import annotations

import re
from decimal import Decimal

from fastapi.testclient import TestClient

from bot.console import accounts
from ordering.models import SubOrder
from tests.console.test_accounts import PASSWORD, _app, _login, world  # noqa: F401 - the fixture
from tests.telegram.test_shops import place_order, sub_of


def test_the_shop_page_takes_a_weight_and_refuses_one_above_the_tolerance(world):  # noqa: F811
    with world.db.session() as s:
        accounts.create_user(s, username="hof", password=PASSWORD, role="shop", shop_slug="hof-schulze")
    order_id = place_order(world)
    sub = sub_of(world, order_id, "hof-schulze")
    potatoes = next(line for line in sub.lines if line.name == "Kartoffeln")
    action = f"/console/laden/bestellung/{sub.id}/artikel/{potatoes.id}/gewicht"
    with TestClient(_app(world), base_url="http://testserver") as client:
        _login(client, "hof")
        page = client.get("/console/laden")
        assert f'action="{action}"' in page.text and "Gewicht „Kartoffeln“ in kg (höchstens 1,650 kg)" in page.text
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
        assert client.post(action, data={"gewicht": "1,2"}).status_code == 403  # no CSRF token: nothing done

        refused = client.post(action, data={"csrf": token, "gewicht": "1,7"})
        assert "Höchstens 1,650 kg (10 % über 1,500 kg)." in refused.text
        done = client.post(action, data={"csrf": token, "gewicht": "1,62"})
        assert "Gewicht gespeichert" in done.text and "1,62 kg Kartoffeln (gewogen) · 2,92 €" in done.text
    with world.db.session() as s:
        line = next(l for l in s.get(SubOrder, sub.id).lines if l.id == potatoes.id)
        assert (line.weighed_quantity, line.total_cents, s.get(SubOrder, sub.id).subtotal_cents) == (
            Decimal("1.620"), 292, 550)
