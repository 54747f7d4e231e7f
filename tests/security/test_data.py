"""Issue 13, findings 5–8, played as attacks against the real app: the web chat, the phone and
SMS webhooks (signed like Twilio), the Telegram bot (real Update JSON), the admin API and ``kiepe``.

5. delivery windows cannot be exhausted by anonymous web sessions;
6. erasure by any identifier leaves no personal data behind;
7. card numbers and IBANs typed in any channel are never stored;
8. log lines carry no numbers, session ids or message text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.composition import Container
from bot.dialogue.engine import PAYMENT_DATA_REMOVED
from ordering.models import Conversation, Shop
from tests.ordering.conftest import World, build_world
from tests.voice.conftest import make_app
from tests.voice.twilio_harness import ACCOUNT_SID, FROM_NUMBER, PUBLIC_URL, Phone, RecordingHttpClient, post_signed

CARD = "4111 1111 1111 1111"
IBAN = "DE89 3704 0044 0532 0130 00"
CALLER = "+4915112345678"
SHOP_PHONE = "+4925417070"
SESSION = "S3cretSessi0n-0123456789abcdef"
SECOND_SESSION = "0therSessi0n-0123456789abcdef"


@dataclass
class App:
    client: TestClient
    container: Container
    world: World
    twilio: RecordingHttpClient

    def chat(self, text: str | None = None, *, session: str = SESSION, choice: str | None = None) -> list[dict]:
        body = {"session": session, **({"text": text} if text is not None else {}),
                **({"choice": choice} if choice is not None else {})}
        answer = self.client.post("/chat/turn", json=body)
        assert answer.status_code == 200, answer.text
        return answer.json()["replies"]

    def sms(self, from_: str, body: str, sid: str = "SM1") -> None:
        answer = post_signed(self.client, "/sms/inbound", {"MessageSid": sid, "AccountSid": ACCOUNT_SID,
                                                           "From": from_, "To": FROM_NUMBER, "Body": body})
        assert answer.status_code == 200

    def stored_text(self) -> str:
        """Every conversation row as text: keys, state, transcripts."""
        with self.world.db.session() as s:
            return " ".join(f"{c.channel} {c.external_id} {c.state} {c.transcript}"
                            for c in s.scalars(select(Conversation)))


@pytest.fixture
def app(db) -> Iterator[App]:
    world = build_world(db)
    with db.session() as s:
        s.get(Shop, world.shops["hof-schulze"]).phone = SHOP_PHONE
    asgi, container, twilio = make_app(world)
    with TestClient(asgi, base_url=PUBLIC_URL, raise_server_exceptions=True) as client:
        yield App(client, container, world, twilio)


# ---------------------------------------------------------------- 7: payment data in any channel


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def test_a_card_number_and_an_iban_typed_in_the_web_chat_are_never_stored(app):
    app.chat()
    replies = app.chat(f"Ich zahle mit Karte {CARD}, sonst per Lastschrift von {IBAN}")
    assert replies[0]["text"] == PAYMENT_DATA_REMOVED
    stored = app.stored_text()
    assert "Kartennummer entfernt" in stored and "IBAN entfernt" in stored  # the turn is in the transcript …
    assert _digits(CARD) not in _digits(stored) and "DE89" not in stored  # … without the numbers
    assert "370400440532013000" not in _digits(stored)


def test_a_card_number_pressed_as_a_web_choice_is_never_stored(app):
    app.chat(choice=CARD.replace(" ", ""))
    assert _digits(CARD) not in _digits(app.stored_text())


@pytest.mark.anyio
async def test_a_card_number_typed_on_telegram_is_never_stored(db):
    from bot.channels.telegram.app import build_application, wire
    from bot.clock import Clock
    from bot.composition import build_container
    from nlu.offline import OfflineNlu
    from tests.ordering.conftest import NOW
    from tests.telegram.conftest import ADMIN_CHAT, RecordingRequest, Telegram, make_settings

    world = build_world(db)
    container = build_container(make_settings(world), database=world.db, clock=Clock(NOW), nlu=OfflineNlu())
    rec = RecordingRequest()
    application = build_application(container, request=rec)
    await application.initialize()
    wire(container, application)
    try:
        tg = Telegram(application, rec, container)
        await tg.say(77, "/start")
        await tg.say(77, f"Hier meine Kreditkarte: {CARD}. Und jetzt einen Menschen bitte")
        sent = " ".join(rec.texts(77) + rec.texts(ADMIN_CHAT))
    finally:
        await application.shutdown()
    assert PAYMENT_DATA_REMOVED in sent
    with db.session() as s:
        stored = " ".join(f"{c.state} {c.transcript}" for c in s.scalars(select(Conversation)))
    assert "Kartennummer entfernt" in stored
    assert _digits(CARD) not in _digits(stored) and _digits(CARD) not in _digits(sent)


def test_a_card_number_in_an_sms_never_reaches_an_order_event(app):
    from decimal import Decimal

    from ordering import cart as carts
    from ordering import checkout
    from ordering.models import OrderEvent
    from ordering.residents import ResidentData, register_resident
    from tests.ordering.conftest import NOW

    slot_id = app.world.slot("delivery", NOW.replace(hour=9, day=24))
    with app.world.db.session() as s:
        anna = register_resident(s, app.world.region_id, ResidentData(name="Anna", phone=CALLER, street="Markt 3",
                                                                       postcode="48653"))
        cart = carts.open_cart(s, app.world.region_id, resident_id=anna.id)
        carts.add_product(s, cart, app.world.products["frischmilch"], Decimal(1))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        order = checkout.checkout(s, cart, now=NOW, payment_method="on_delivery")
        sub_id = order.sub_orders[0].id
    app.sms(SHOP_PHONE, f"Nein {sub_id} bitte zahlen Sie an {IBAN}")
    with app.world.db.session() as s:
        details = " ".join(f"{e.event} {e.detail}" for e in s.scalars(select(OrderEvent)))
    assert "rejected" in details and "IBAN entfernt" in details
    assert "370400440532013000" not in _digits(details) and "DE89" not in details


# ---------------------------------------------------------------- 8: nothing personal in the logs


def _logged(caplog) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def test_log_lines_of_a_chat_turn_a_call_and_an_sms_carry_no_number_session_or_text(app, caplog):
    caplog.set_level(logging.DEBUG)
    app.chat()
    app.chat("Zwei Frischmilch, meine Nummer ist 0151 99887766", session=SESSION)
    app.chat("Hallo", session=SECOND_SESSION)
    caller = Phone(app.client, CALLER)
    caller.call()
    caller.say("zwei frischmilch bitte")
    caller.hang_up()
    app.sms(SHOP_PHONE, "Ja 99")
    app.sms("+4917612312312", "Hallo wer ist da")
    logged = _logged(caplog)
    assert caplog.records, "nothing was logged: the test would prove nothing"
    for secret in (SESSION, SECOND_SESSION, CALLER, CALLER[1:], SHOP_PHONE, "4917612312312", "99887766",
                   "Frischmilch", "frischmilch", "Hallo wer ist da"):
        assert secret not in logged, f"{secret!r} in the logs:\n{logged}"
    assert _digits(CALLER)[3:] not in _digits(logged)
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert not any("web:" in line for line in info)
