"""Substitutes by SMS (issue 17), through Twilio's signed webhook and the outbox: the shop writes
"ERSATZ <code> <line> <product>", the resident is asked by SMS and answers "JA <code>"; the
deadline decides for a resident who does not answer. The shop's order SMS shows the Pfand."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import timedelta

import anyio
import pytest
from fastapi.testclient import TestClient

from ordering import substitutes
from ordering.models import Order, Shop, SubOrder
from tests.ordering.conftest import NOW
from tests.payments.issue17_world import PHONE, THURSDAY_9, drinks_world, place
from tests.voice.conftest import PhoneApp, make_app
from tests.voice.twilio_harness import ACCOUNT_SID, FROM_NUMBER, PUBLIC_URL, post_signed

KAMPS = "+4925419090"


@pytest.fixture
def drinks_app(db) -> Iterator[PhoneApp]:
    world = drinks_world(db)
    with db.session() as s:
        s.get(Shop, world.shops["getraenke-kamps"]).phone = "02541 / 90 90"
    app, container, recorder = make_app(world)
    with TestClient(app, base_url=PUBLIC_URL, raise_server_exceptions=True) as client:
        yield PhoneApp(client, container, world, recorder)


def _sms(app: PhoneApp, from_: str, body: str, sid: str) -> str:
    response = post_signed(app.client, "/sms/inbound", {"MessageSid": sid, "AccountSid": ACCOUNT_SID, "From": from_,
                                                        "To": FROM_NUMBER, "Body": body})
    assert response.status_code == 200
    messages = ET.fromstring(response.text).findall("Message")
    assert len(messages) == 1
    return messages[0].text or ""


def _dispatch(app: PhoneApp) -> None:
    anyio.run(app.container.events.dispatch_pending)


def _sent_to(app: PhoneApp, number: str) -> list[str]:
    return [m["Body"] for m in app.twilio.messages if m["To"] == number]


def _order(app: PhoneApp, preference: str | None = None) -> tuple[int, int, str]:
    order_id = place(app.world, {"pils-kasten": 2, "apfelsaft": 6}, method="on_delivery", now=NOW, preference=preference)
    with app.world.db.session() as s:
        sub = next(sub for sub in s.get(Order, order_id).sub_orders if sub.shop.slug == "getraenke-kamps")
        return order_id, sub.id, sub.answer_code


def test_the_shop_offers_a_substitute_by_sms_and_the_resident_takes_it(drinks_app):
    order_id, sub_id, code = _order(drinks_app)
    _dispatch(drinks_app)
    [order_sms] = _sent_to(drinks_app, KAMPS)
    lines = order_sms.splitlines()
    # The goods, then their Pfand, each with its amount, and the total with it
    assert "2 Kästen Pils, Kasten 20 × 0,5 l: 33,98 €" in lines[2]
    assert "Pfand 2 × Kasten à 3,10 €: 6,20 €" in order_sms and "Pfand 6 × Flasche à 0,15 €: 0,90 €" in order_sms
    assert "Summe 55,48 €." in order_sms

    assert "ERSATZ" in _sms(drinks_app, KAMPS, f"ersatz {code}", "SM1"), "help without a line"
    listed = _sms(drinks_app, KAMPS, f"ERSATZ {code} 1", "SM2")
    assert "Export, Kasten 20 × 0,5 l" in listed and "Radler" not in listed, "nothing dearer is offered"
    assert "keinem Geschäft" in _sms(drinks_app, PHONE, f"ERSATZ {code} 1 Export", "SM3")
    assert "kein Artikel" in _sms(drinks_app, KAMPS, f"ERSATZ {code} 3 Export", "SM4"), "line 3 is Pfand"
    done = _sms(drinks_app, KAMPS, f"ERSATZ {code} 1 export", "SM5")
    assert done == ("Kiepe: Danke! Wir fragen die Kundschaft, ob Export, Kasten 20 × 0,5 l statt "
                    "Pils, Kasten 20 × 0,5 l recht ist, und melden uns.")
    assert _sms(drinks_app, KAMPS, f"ERSATZ {code} 1 export", "SM5") == done, "a repeated webhook: same answer"
    # Offered once; the shop reads why in German, never the developers' English
    assert _sms(drinks_app, KAMPS, f"ERSATZ {code} 1 export", "SM5B") == (
        "Kiepe: Das geht nicht: Für Pils, Kasten 20 × 0,5 l ist schon Ersatz angeboten.")

    _dispatch(drinks_app)
    [question] = [t for t in _sent_to(drinks_app, PHONE) if "Statt dessen" in t]
    with drinks_app.world.db.session() as s:
        offer = substitutes.offers_of_order(s, order_id)[0]
        offer_code = offer.answer_code
    assert question == (
        "Kiepe: Getränke Kamps hat Pils, Kasten 20 × 0,5 l leider nicht. Statt dessen: Export, Kasten 20 × 0,5 l, "
        f"31,98 € (Sie zahlen 2,00 € weniger). Recht so? Antworten Sie bis Donnerstag, 26. November, 7 Uhr mit "
        f"JA {offer_code} oder NEIN {offer_code}.")
    # Another number with the right code learns nothing
    assert "kenne ich für Ihre Nummer nicht" in _sms(drinks_app, "+4917099999999", f"JA {offer_code}", "SM6")
    answer = _sms(drinks_app, PHONE, f"ja {offer_code.lower()}", "SM7")
    assert answer == ("Kiepe: Danke! Sie bekommen Export, Kasten 20 × 0,5 l statt Pils, Kasten 20 × 0,5 l. "
                      "2,00 € zahlen Sie weniger.")
    with drinks_app.world.db.session() as s:
        sub = s.get(SubOrder, sub_id)
        assert sub.lines[0].name == "Export, Kasten 20 × 0,5 l" and sub.lines[0].total_cents == 3198
    _dispatch(drinks_app)
    assert any("Sie bekommen Export" in t for t in _sent_to(drinks_app, PHONE)), "the outcome by SMS too"


def test_unanswered_the_deadline_decides_by_the_preference(drinks_app):
    order_id, sub_id, code = _order(drinks_app, preference="accept")
    _sms(drinks_app, KAMPS, f"ERSATZ {code} 1 Export", "SM1")
    _dispatch(drinks_app)
    deadline = THURSDAY_9 - timedelta(hours=drinks_app.container.settings.substitute_answer_hours)
    drinks_app.container.clock.set(deadline)
    anyio.run(drinks_app.container.reminders.run_once)
    with drinks_app.world.db.session() as s:
        offer = substitutes.offers_of_order(s, order_id)[0]
        assert (offer.status, offer.decided_by) == ("accepted", "preference")
        late = offer.answer_code
    assert any("Sie bekommen Export" in t for t in _sent_to(drinks_app, PHONE))
    assert "Frist leider abgelaufen" in _sms(drinks_app, PHONE, f"NEIN {late}", "SM2"), "decided already"
