"""Paying on the phone: never a card number; a payment link goes out by SMS to the caller."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

import ordering.payments.models  # noqa: F401 - the payments tables exist for create_all
from ordering.models import Order
from ordering.ports import CheckoutSession
from tests.voice.conftest import ANNA, make_app
from tests.voice.test_phone_orders import assert_listening
from tests.voice.twilio_harness import FROM_NUMBER, PUBLIC_URL, Phone


class LinkOnlyGateway:
    """A payment provider that only opens checkout pages (all a placed order needs here)."""

    def __init__(self) -> None:
        self.sessions: list[dict] = []

    def create_checkout_session(self, **kwargs) -> CheckoutSession:
        self.sessions.append(kwargs)
        number = len(self.sessions)
        return CheckoutSession(id=f"cs_test_{number}", url=f"https://pay.example/c/cs_test_{number}")


def _order_online(phone: Phone):
    phone.call()
    phone.say("zwei Flaschen Frischmilch")
    phone.say("Bestellen")
    asked = phone.press("1")  # delivery
    assert "Zur Sicherheit: Wie lautet Ihre Postleitzahl?" in asked.text  # a caller id can be faked
    phone.say("48653")  # Anna's postcode: this call may use her account
    how = phone.press("1")  # Tuesday: now the way to pay
    assert_listening(how)
    assert "Wie möchten Sie bezahlen?" in how.text and "Eine Kreditkarte nehmen wir am Telefon nicht an" in how.text
    keys = {k: v for k, v in (("1", "Online bezahlen"), ("2", "Bei Übergabe bezahlen"))}
    assert all(f"{k} für {label}" in how.text for k, label in keys.items())
    where = phone.press("1")  # online
    assert "an diese Telefonnummer schicken, oder an eine andere" in where.text
    readback = phone.press("1")  # to this phone
    assert "über einen Link, den wir per SMS schicken" in readback.text
    assert "Lieferung an Markt 3, 48653 Coesfeld am" in readback.text  # the address, read back once
    return phone.press("1")  # yes, order


def test_the_payment_link_goes_by_sms_to_the_caller_and_the_caller_hears_so(world):
    app, container, recorder = make_app(world)
    gateway = LinkOnlyGateway()
    container.gateway = gateway
    with TestClient(app, base_url=PUBLIC_URL) as client:
        placed = _order_online(Phone(client, ANNA))
    assert_listening(placed)
    assert "Den Link zum Bezahlen schicke ich per SMS." in placed.text
    assert placed.text.count("per SMS") == 1  # said once, by the dialogue
    links = [m for m in recorder.messages if "pay.example" in m["Body"]]
    assert len(links) == 1
    assert links[0]["To"] == ANNA and links[0]["From"] == FROM_NUMBER
    assert "https://pay.example/c/cs_test_1" in links[0]["Body"]
    with world.db.session() as s:
        assert s.scalar(select(Order)).payment_method == "online"


def test_the_payment_link_can_go_to_a_relatives_number(world):
    app, container, recorder = make_app(world)
    container.gateway = LinkOnlyGateway()
    with TestClient(app, base_url=PUBLIC_URL) as client:
        phone = Phone(client, ANNA)
        phone.call()
        phone.say("zwei Flaschen Frischmilch")
        phone.say("Bestellen")
        phone.press("1")  # delivery
        phone.press("48653#")  # Anna's postcode, keyed in
        phone.press("1")  # Tuesday
        phone.press("1")  # online
        asked = phone.press("2")  # to another number
        assert "Nummer mit Vorwahl" in asked.text
        readback = phone.say("null eins sieben eins eins zwei drei vier fünf sechs sieben")
        assert "an die genannte Nummer" in readback.text
        placed = phone.press("1")
    assert "schicke ich per SMS an die genannte Nummer" in placed.text
    links = [m for m in recorder.messages if "pay.example" in m["Body"]]
    assert [m["To"] for m in links] == ["+491711234567"]


def test_when_the_sms_fails_the_caller_hears_it_and_can_pay_on_delivery(world):
    app, container, recorder = make_app(world, twilio_fail=True)
    container.gateway = LinkOnlyGateway()
    with TestClient(app, base_url=PUBLIC_URL) as client:
        placed = _order_online(Phone(client, ANNA))
    assert_listening(placed)  # the call goes on
    assert "konnte ich leider nicht verschicken" in placed.text and "bei der Übergabe bezahlen" in placed.text
    assert len(recorder.requests) == 1  # it was tried once
