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
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.channels.web.session import COOKIE, conversation_key
from bot.composition import Container
from bot.dialogue.engine import PAYMENT_DATA_REMOVED
from bot.privacy.payment_data import CARD_MASK, IBAN_MASK
from ordering.models import Conversation, Shop
from tests.ordering.conftest import World, build_world
from tests.support import secrets
from tests.voice.conftest import make_app
from tests.voice.twilio_harness import ACCOUNT_SID, FROM_NUMBER, PUBLIC_URL, Phone, RecordingHttpClient, post_signed

CARD = "4111 1111 1111 1111"
IBAN = "DE89 3704 0044 0532 0130 00"
CALLER = "+4915112345678"
SHOP_PHONE = "+4925417070"
# Visitors of the web chat, by the test's name for them: each browser gets its session from the server.
SESSION = "first visitor"
SECOND_SESSION = "second visitor"
CHAT = {"X-Kiepe-Chat": "1"}  # what the chat page's script sends with every POST


@dataclass
class App:
    client: TestClient
    container: Container
    world: World
    twilio: RecordingHttpClient
    browsers: dict[str, TestClient] = field(default_factory=dict)

    def browser(self, session: str) -> TestClient:
        """The visitor's own browser: a client of the same app that keeps the cookie the server issues."""
        if session not in self.browsers:
            self.browsers[session] = TestClient(self.client.app, base_url=PUBLIC_URL, raise_server_exceptions=True)
        return self.browsers[session]

    def chat(self, text: str | None = None, *, session: str = SESSION, choice: str | None = None) -> list[dict]:
        body = {**({"text": text} if text is not None else {}), **({"choice": choice} if choice is not None else {})}
        answer = self.browser(session).post("/chat/turn", json=body, headers=CHAT)
        assert answer.status_code == 200, answer.text
        return answer.json()["replies"]

    def session_id(self, session: str = SESSION) -> str:
        """The visitor's session id, as the server issued it in the cookie (``id.signature``)."""
        cookie = self.browser(session).cookies.get(COOKIE)
        assert cookie, f"the server issued no session to {session!r}"
        return cookie.partition(".")[0]

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
    assert CARD_MASK in stored and IBAN_MASK in stored  # the turn is in the transcript …
    assert _digits(CARD) not in _digits(stored) and "DE89" not in stored  # … without the numbers
    assert "370400440532013000" not in _digits(stored)


def test_a_masked_card_number_changes_nothing_in_the_cart(app):
    from ordering.models import CartLine

    app.chat("1 Frischmilch")
    for typed in (f"Karte {CARD}", f"IBAN {IBAN}"):
        replies = app.chat(typed)
        assert replies[0]["text"] == PAYMENT_DATA_REMOVED
    with app.world.db.session() as s:
        assert len(s.scalars(select(CartLine)).all()) == 1


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
    assert CARD_MASK in stored
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
        answer_code = order.sub_orders[0].answer_code  # the shop answers with the code from its order SMS
    app.sms(SHOP_PHONE, f"Nein {answer_code} bitte zahlen Sie an {IBAN}")
    with app.world.db.session() as s:
        details = " ".join(f"{e.event} {e.detail}" for e in s.scalars(select(OrderEvent)))
    assert "rejected" in details and IBAN_MASK in details
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
    for secret in (app.session_id(SESSION), app.session_id(SECOND_SESSION), CALLER, CALLER[1:], SHOP_PHONE, "4917612312312", "99887766",
                   "Frischmilch", "frischmilch", "Hallo wer ist da"):
        assert secret not in logged, f"{secret!r} in the logs:\n{logged}"
    assert _digits(CALLER)[3:] not in _digits(logged)
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert not any("web:" in line for line in info)


# ---------------------------------------------------------------- 5: windows exhausted anonymously


def _window_of_ten(app: App) -> int:
    from ordering.models import Slot
    from tests.ordering.conftest import NOW

    slot_id = app.world.slot("delivery", NOW.replace(hour=9, day=24))
    with app.world.db.session() as s:
        s.get(Slot, slot_id).capacity = 10
    return slot_id


def _holds(app: App, slot_id: int) -> tuple[int, list]:
    from ordering.models import Slot, SlotHold

    with app.world.db.session() as s:
        holds = s.scalars(select(SlotHold).where(SlotHold.slot_id == slot_id, SlotHold.status == "held")).all()
        return s.get(Slot, slot_id).taken, [(h.id, h.expires_at) for h in holds]


def test_ten_anonymous_web_sessions_cannot_fill_a_ten_place_window(app):
    slot_id = _window_of_ten(app)
    refused = 0
    for n in range(10):
        session = f"attacker {n:02d}"
        app.chat("1 Frischmilch", session=session)
        text = " ".join(r["text"] for r in app.chat(choice=f"slot:{slot_id}", session=session))
        refused += "keinen Platz freihalten" in text
    taken, holds = _holds(app, slot_id)
    assert taken == len(holds) == 5 and refused == 5  # the default share: half the window


def test_an_empty_web_cart_holds_no_window(app):
    slot_id = _window_of_ten(app)
    for n in range(3):
        app.chat(choice=f"slot:{slot_id}", session=f"empty cart {n}")
    assert _holds(app, slot_id) == (0, [])


def test_choosing_the_same_window_again_never_extends_the_hold(app):
    from datetime import timedelta

    slot_id = _window_of_ten(app)
    app.chat("1 Frischmilch")
    app.chat(choice=f"slot:{slot_id}")
    _, [(hold_id, expires_at)] = _holds(app, slot_id)
    for _ in range(3):
        app.container.clock.set(app.container.clock.now() + timedelta(minutes=4))
        app.chat(choice=f"slot:{slot_id}")
        assert _holds(app, slot_id) == (1, [(hold_id, expires_at)])


def test_one_conversation_holds_one_place_however_often_it_switches(app):
    from datetime import timedelta

    from tests.ordering.conftest import NOW

    slots = [app.world.slot("delivery", NOW.replace(hour=9) + timedelta(days=d)) for d in (1, 2, 3)]
    app.chat("1 Frischmilch")
    for slot_id in slots + slots:
        app.chat(choice=f"slot:{slot_id}")
    held = [len(_holds(app, slot_id)[1]) for slot_id in slots]
    assert sum(held) == 1 and sum(_holds(app, slot_id)[0] for slot_id in slots) == 1
    app.chat("Warenkorb leeren")  # an emptied cart gives its place back
    app.chat("ja")
    assert sum(_holds(app, slot_id)[0] for slot_id in slots) == 0


# ---------------------------------------------------------------- 6: erasure by any identifier

ADMIN = {"Authorization": f"Bearer {secrets.ADMIN_TOKEN}"}
STREET = "Ziegeleiweg 17"
NAME = "Hildegard Brüggemann"
# Reference data names places and shops, never a resident: left out of the search for traces.
CATALOG_TABLES = {"regions", "municipalities", "pickup_stations", "window_templates", "shops", "products",
                  "product_photos", "slots", "alembic_version"}


def _every_row(db) -> str:
    """Every column of every row outside the catalog, as one text to search for traces."""
    from ordering.models import Base

    with db.engine.connect() as conn:
        return "\n".join(str(tuple(row)) for table in Base.metadata.sorted_tables if table.name not in CATALOG_TABLES
                         for row in conn.execute(table.select()))


def _order_for(app: App, phone: str) -> str:
    """The resident with this number orders milk for Tuesday; returns the order reference."""
    from decimal import Decimal

    from ordering import cart as carts
    from ordering import checkout, residents
    from tests.ordering.conftest import NOW

    slot_id = app.world.slot("delivery", NOW.replace(hour=9, day=24), "billerbeck")
    with app.world.db.session() as s:
        resident = residents.find_by_phone(s, phone)
        residents.update_resident(s, resident, residents.ResidentData(name=NAME, street=STREET, postcode="48727"))
        cart = carts.open_cart(s, app.world.region_id, resident_id=resident.id)
        carts.add_product(s, cart, app.world.products["frischmilch"], Decimal(2))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        return checkout.checkout(s, cart, now=NOW, payment_method="on_delivery", channel="voice").reference


def _stripe_event_with_payer(app: App, reference: str) -> None:
    import json
    import time

    from ordering.payments.webhooks import handle_stripe_webhook, sign

    event = {"id": "evt_erasure_1", "type": "checkout.session.async_payment_failed", "data": {"object": {
        "id": "cs_test_1", "client_reference_id": reference,
        "customer_details": {"name": NAME, "email": "hildegard@example.org", "phone": CALLER,
                             "address": {"line1": STREET, "postal_code": "48727", "city": "Billerbeck"}}}}}
    payload = json.dumps(event).encode()
    now = int(time.time())
    with app.world.db.session() as s:
        handle_stripe_webhook(s, payload, sign(payload, "whsec_test", now), secret="whsec_test", gateway=None)


def test_a_phone_resident_is_erased_by_number_through_the_admin_api(app):
    from ordering.models import Order, ProcessedEvent

    caller = Phone(app.client, CALLER)
    caller.call()
    caller.say("zwei frischmilch bitte")
    caller.hang_up()
    reference = _order_for(app, CALLER)
    _stripe_event_with_payer(app, reference)
    before = _every_row(app.world.db)
    assert CALLER in before and STREET in before and NAME in before and "hildegard@example.org" not in before

    assert app.client.post("/api/admin/erasure", json={"phone": "0151 12345678"}).status_code == 401
    answer = app.client.post("/api/admin/erasure", json={"phone": "0151 12345678"}, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["residents"] == 1 and report["call_records"] == 1 and report["conversations"] >= 1
    after = _every_row(app.world.db)
    for trace in (CALLER, _digits(CALLER)[2:], NAME, STREET, "48727", "frischmilch bitte"):
        assert trace not in after, f"{trace!r} is still stored after erasure"
    with app.world.db.session() as s:  # the booking record stays, for the tax office
        order = s.scalar(select(Order).where(Order.reference == reference))
        assert order.personal_data_erased and order.total_cents > 0 and order.created_at
        assert [line.name for sub in order.sub_orders for line in sub.lines] == ["Frischmilch"]
        marker = s.get(ProcessedEvent, "stripe:evt_erasure_1")
        assert marker.payload is None and len(marker.payload_sha256) == 64
    again = app.client.post("/api/admin/erasure", json={"phone": CALLER}, headers=ADMIN)
    assert again.status_code == 404


def test_an_anonymous_web_chat_is_erased_by_its_session_with_kiepe(app, capsys):
    from bot import cli

    app.chat()
    app.chat("1 Frischmilch, ich heiße Hildegard Brüggemann")
    session_id = app.session_id()
    key = conversation_key(session_id)  # what the database knows the visitor by
    assert key in _every_row(app.world.db)
    url = app.world.db.engine.url.render_as_string(hide_password=False)
    assert cli.main(["residents", "erase", f"--web-session={session_id}", "--database-url", url]) == 0
    assert "1 conversation(s)" in capsys.readouterr().out
    after = _every_row(app.world.db)
    assert key not in after and session_id not in after and "Brüggemann" not in after
    assert cli.main(["residents", "erase", f"--web-session={session_id}", "--database-url", url]) == 1


def test_an_anonymous_web_chat_is_erased_by_its_cookie_through_the_admin_api(app):
    app.chat("1 Frischmilch, ich heiße Hildegard Brüggemann")
    app.chat("Hallo", session=SECOND_SESSION)
    cookie = app.browser(SESSION).cookies.get(COOKIE)  # what the visitor can read in their browser
    key, other = conversation_key(app.session_id(SESSION)), conversation_key(app.session_id(SECOND_SESSION))
    assert key in _every_row(app.world.db)
    answer = app.client.post("/api/admin/erasure", json={"web_session": cookie}, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    assert answer.json()["conversations"] == 1
    after = _every_row(app.world.db)
    assert key not in after and "Brüggemann" not in after
    assert other in after  # the other visitor's chat stays


def test_a_telegram_resident_is_erased_by_telegram_id(app):
    import anyio

    from bot.dialogue.engine import Dialogue
    from bot.dialogue.types import Customer, Turn
    from ordering.models import Conversation, Resident
    from ordering.residents import ResidentData, register_resident
    from tests.ordering.conftest import NOW

    dialogue = Dialogue(app.container)
    for key in ("770077", "-500:770077"):  # the private chat, and the member's conversation in a family group
        turn = Turn(channel="telegram", conversation_key=key, now=NOW, text="1 Frischmilch",
                    customer=Customer(telegram_id=770077, name=NAME))
        anyio.run(dialogue.handle, turn)
    with app.world.db.session() as s:
        assert s.scalar(select(Resident).where(Resident.telegram_id == 770077)).name == NAME
        register_resident(s, app.world.region_id, ResidentData(name="Someone Else", telegram_id=880088))
    answer = app.client.post("/api/admin/erasure", json={"telegram_id": 770077}, headers=ADMIN)
    assert answer.status_code == 200 and answer.json()["conversations"] == 2
    with app.world.db.session() as s:
        assert s.scalar(select(Conversation).where(Conversation.external_id.like("%770077"))) is None
        assert s.scalar(select(Resident).where(Resident.telegram_id == 770077)) is None
        assert s.scalar(select(Resident).where(Resident.telegram_id == 880088)).name == "Someone Else"
    assert NAME not in _every_row(app.world.db)


def test_erasure_needs_exactly_one_identifier(app):
    for body in ({}, {"phone": CALLER, "telegram_id": 1}):
        assert app.client.post("/api/admin/erasure", json=body, headers=ADMIN).status_code == 422


class _SmsOutbox:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send_text(self, to: str, text: str) -> None:
        self.sent.append((to, text))


def test_erasure_by_number_reaches_who_only_typed_it_in(app):
    """A typed number proves nothing, so erasure by number must not miss it either: an account
    that merely gave the number (and a pending SMS code to it) loses the number, not the account."""
    from ordering import phone_verification
    from ordering.models import PhoneVerification, Resident
    from ordering.residents import ResidentData, register_resident
    from tests.ordering.conftest import NOW

    caller = Phone(app.client, CALLER)  # the number's owner calls from it: that proves it
    caller.call()
    caller.say("zwei frischmilch bitte")
    caller.hang_up()
    with app.world.db.session() as s:
        typed = register_resident(s, app.world.region_id, ResidentData(
            name="Mallory Meier", phone="0151 12345678", street="Diebesweg 13", postcode="48653"))
        phone_verification.send_code(s, typed, _SmsOutbox(), NOW)
        typed_id = typed.id
    assert _digits(CALLER) in _digits(_every_row(app.world.db))

    answer = app.client.post("/api/admin/erasure", json={"phone": CALLER}, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    assert answer.json()["residents"] == 1 and answer.json()["numbers_removed"] == 1
    assert _digits(CALLER)[2:] not in _digits(_every_row(app.world.db))
    with app.world.db.session() as s:
        assert s.scalars(select(PhoneVerification)).all() == []
        other = s.get(Resident, typed_id)  # someone else's account, for all the admin knows: it stays
        assert other.erased_at is None and other.phone is None and other.street == "Diebesweg 13"


def test_a_number_only_typed_in_is_no_longer_nothing_stored(app):
    from ordering.residents import ResidentData, register_resident

    with app.world.db.session() as s:
        register_resident(s, app.world.region_id, ResidentData(name="Vera Ohnesorg", phone=CALLER,
                                                               street="Kirchplatz 1", postcode="48653"))
    answer = app.client.post("/api/admin/erasure", json={"phone": CALLER}, headers=ADMIN)
    assert answer.status_code == 200 and answer.json()["numbers_removed"] == 1, answer.text
    assert _digits(CALLER)[2:] not in _digits(_every_row(app.world.db))
    assert app.client.post("/api/admin/erasure", json={"phone": CALLER}, headers=ADMIN).status_code == 404
