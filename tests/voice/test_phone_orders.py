"""Whole phone orders as signed Twilio webhook conversations through the app and the real dialogue.

Each answer is parsed as TwiML and checked: a German voice, a Gather listening for speech and
keys with the catalog's hints, and a <Redirect> for silence, or else a <Dial> to the hotline.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.channels.voice import guard
from bot.channels.voice.models import CallRecord
from ordering.models import Cart, Conversation, Order, Shop
from tests.voice.conftest import ANNA, HOTLINE
from tests.voice.twilio_harness import FROM_NUMBER, PUBLIC_URL, Said


def assert_listening(said: Said) -> None:
    """A question: German voice inside a speech+keys Gather, silence leads back to us, no hang-up."""
    gather = said.gather
    assert gather is not None, said.raw
    assert gather.get("input") == "speech dtmf"
    assert gather.get("language") == "de-DE"
    assert gather.get("speechTimeout") == "auto"
    assert gather.get("timeout") == "6"
    assert gather.get("action") == f"{PUBLIC_URL}/voice/gather"
    hints = gather.get("hints")
    assert hints and "Frischmilch" in hints and "Hof Schulze" in hints and len(hints) <= 5000
    says = list(gather.iter("Say"))
    assert says and all(s.get("voice") == "Polly.Marlene" and s.get("language") == "de-DE" for s in says)
    assert all(s.find("prosody").get("rate") == "90%" for s in says)  # unhurried
    assert said.redirect == f"{PUBLIC_URL}/voice/silence"
    assert not said.hangs_up and said.dial is None


def assert_dials_hotline(said: Said) -> None:
    dial = said.dial
    assert dial is not None, said.raw
    assert (dial.text or "").strip() == HOTLINE
    assert dial.get("action") == f"{PUBLIC_URL}/voice/dial"
    assert not said.hangs_up


def test_a_clean_phone_order_read_back_placed_and_confirmed_by_sms(phone_app):
    with phone_app.world.db.session() as s:
        s.get(Shop, phone_app.world.shops["hof-schulze"]).phone = "02541 7070"
        s.get(Shop, phone_app.world.shops["baeckerei-terstegen"]).telegram_chat_id = 4711  # told on Telegram
    phone = phone_app.phone()

    hello = phone.call()
    assert_listening(hello)
    assert hello.text.startswith("Guten Tag! Hier ist Kiepe") and "Anna" not in hello.text  # a caller id proves little

    added = phone.say("zwei Flaschen Frischmilch und sechs Brötchen")
    assert_listening(added)
    assert "2 Flaschen Frischmilch" in added.text and "6 Weizenbrötchen" in added.text  # every item read back
    assert "2 Euro 58" in added.text and "2 Euro 70" in added.text

    how = phone.say("Bestellen")
    assert_listening(how)
    assert "Drücken Sie 1 für Liefern lassen, 2 für Selbst abholen." in how.text
    assert how.gather.get("numDigits") == "1"

    asked = phone.say("Lieferung bitte")
    assert "Zur Sicherheit: Wie lautet Ihre Postleitzahl?" in asked.text  # before the stored address is used
    when = phone.say("vier acht sechs fünf drei")
    assert_listening(when)
    assert "Dienstag, den 24. November, von 9 bis 12 Uhr" in when.text
    assert "Drücken Sie 1 für Dienstag, 24. November, 9 bis 12 Uhr." in when.text  # no "9–12" for the voice

    readback = phone.press("1")
    assert_listening(readback)
    assert "Ich fasse zusammen" in readback.text
    for part in ("6 Weizenbrötchen", "2 Flaschen Frischmilch", "Liefergebühr von 3 Euro 50", "Zusammen 8 Euro 78",
                 "Sie bezahlen bei der Übergabe", "Soll ich so bestellen?"):
        assert part in readback.text, part

    done = phone.say("Ja, bitte so bestellen")
    assert_listening(done)  # the call goes on ("noch etwas?") until the caller hangs up
    assert "Ihre Bestellung ist aufgegeben" in done.text
    phone.hang_up()

    with phone_app.world.db.session() as s:
        order = s.scalar(select(Order))
        assert order.channel == "voice" and order.total_cents == 878 and order.customer_phone == ANNA
        reference, codes = order.reference, {sub.shop.slug: sub.answer_code for sub in order.sub_orders}

    assert phone_app.twilio.messages == []  # nothing sent before the order's event is dispatched
    import anyio

    anyio.run(phone_app.container.events.dispatch_pending)
    sent = {m["To"]: m for m in phone_app.twilio.messages}
    assert set(sent) == {ANNA, "+4925417070"}  # the resident, and the shop without Telegram
    summary = sent[ANNA]["Body"]
    assert reference in summary and "Anna Schulte" in summary
    assert "2 Flaschen Frischmilch (1 l): 2,58 €" in summary and "6 Weizenbrötchen: 2,70 €" in summary
    assert "Zusammen: 8,78 €" in summary and "Lieferung Dienstag, 24. November, 9–12 Uhr" in summary
    assert "Sie bezahlen bei der Übergabe." in summary
    shop_sms = sent["+4925417070"]["Body"]
    assert f"JA {codes['hof-schulze']}" in shop_sms and "Frischmilch" in shop_sms and "Brötchen" not in shop_sms
    assert all(m["From"] == FROM_NUMBER for m in phone_app.twilio.messages)
    assert all(r.method == "POST" and r.url.endswith("/Messages.json") for r in phone_app.twilio.requests)

    # Dispatching again (a retry, a second worker) sends nothing twice.
    anyio.run(phone_app.container.events.dispatch_pending)
    assert len(phone_app.twilio.messages) == 2


def test_misunderstandings_repeat_then_offer_keys_then_a_person(phone_app):
    phone = phone_app.phone()
    phone.call()
    phone.say("zwei Flaschen Frischmilch")
    asked = phone.say("Bestellen")
    assert "Sollen wir liefern" in asked.text

    again = phone.say("Wie bitte?")
    assert_listening(again)
    assert "Sollen wir liefern, oder holen Sie an einer Abholstation ab?" in again.text  # said once more

    first = phone.say("hm", confidence=0.2)
    assert_listening(first)
    assert "nicht verstanden" in first.text and "Sollen wir liefern" in first.text

    second = phone.say("äh", confidence=0.1)
    assert_listening(second)
    assert "Tasten" in second.text and "Mit der Null erreichen Sie einen Menschen" in second.text
    assert second.text.count("1 für Liefern lassen") == 1  # the keys are named once, not twice
    assert second.gather.get("numDigits") == "1"

    picked = phone.press("2")  # 2 means what was offered: "Selbst abholen"
    assert_listening(picked)
    assert "Wann möchten Sie abholen?" in picked.text

    phone.say("hm")
    phone.say("äh")
    person = phone.say("öh")  # a third time: a person takes over
    assert_dials_hotline(person)
    assert "verbinde Sie mit einem Menschen" in person.text


def test_zero_or_asking_for_a_person_goes_to_the_hotline_at_any_time(phone_app):
    phone = phone_app.phone()
    phone.call()
    assert_dials_hotline(phone.press("0"))

    phone = phone_app.phone()
    phone.call()
    phone.say("sechs Brötchen")
    asked = phone.say("Ich möchte einen Menschen sprechen")
    assert_dials_hotline(asked)
    assert "Ihr Warenkorb bleibt gespeichert" in asked.text

    # Nobody answers at the hotline: the call goes on, it is not dropped.
    unanswered = phone.dial_ended("no-answer")
    assert_listening(unanswered)
    assert "niemand aus unserem Team erreichbar" in unanswered.text
    # The hotline talked to the caller and hung up: now the call may end.
    assert_dials_hotline(phone.press("0"))
    finished = phone.dial_ended("completed")
    assert finished.hangs_up and "Auf Wiederhören" in finished.text


def test_silence_asks_again_offers_a_person_and_never_drops_the_call(phone_app):
    phone = phone_app.phone()
    phone.call()
    phone.say("zwei Flaschen Frischmilch")

    first = phone.stay_silent()
    assert_listening(first)
    assert "Sind Sie noch da?" in first.text and "Darf es noch etwas sein?" in first.text
    second = phone.stay_silent()
    assert_listening(second)
    person = phone.stay_silent()  # still nothing: a person is offered, the line stays open
    assert_dials_hotline(person)
    unanswered = phone.dial_ended("busy")
    assert_listening(unanswered)

    # Then, the caller speaking again is understood as usual.
    back = phone.say("sechs Brötchen")
    assert_listening(back)
    assert "6 Weizenbrötchen" in back.text


def test_without_a_hotline_the_call_stays_and_many_silences_end_it_kindly(world):
    from fastapi.testclient import TestClient

    from tests.voice.conftest import make_app
    from tests.voice.twilio_harness import Phone

    app, _container, _recorder = make_app(world, hotline=None)
    with TestClient(app, base_url=PUBLIC_URL) as client:
        phone = Phone(client, ANNA)
        phone.call()
        phone.say("zwei Flaschen Frischmilch")
        nobody = phone.press("0")
        assert_listening(nobody)
        assert "Leider kann ich Sie gerade nicht verbinden" in nobody.text
        assert "ich verbinde Sie" not in nobody.text  # no promise nobody can keep
        answers = [phone.stay_silent() for _ in range(6)]
        for said in answers[:-1]:
            assert not said.hangs_up and (said.gather is not None)
        assert answers[-1].hangs_up  # the sixth silence in a row, on purpose and kindly
        assert "Ihr Warenkorb bleibt gespeichert" in answers[-1].text
    with world.db.session() as s:
        cart = s.scalar(select(Cart).where(Cart.status == "open", Cart.resident_id.is_not(None)))
        assert [(l.product.slug, l.quantity) for l in cart.lines] == [("frischmilch", Decimal(2))]


def test_a_dropped_call_keeps_the_cart_and_the_next_call_offers_to_go_on(phone_app):
    phone = phone_app.phone()
    phone.call()
    phone.say("zwei Flaschen Frischmilch und sechs Brötchen")
    phone.say("Bestellen")
    phone.hang_up(duration=37)  # the line drops in the middle

    with phone_app.world.db.session() as s:
        record = s.scalar(select(CallRecord).where(CallRecord.call_sid == phone.call_sid))
        assert record.status == "completed" and record.duration_seconds == 37 and record.ended_at is not None
        assert record.caller_phone == ANNA and record.turns == 3
        first_sid = record.call_sid

    hello = phone.call()  # the same caller, a new call
    assert phone.call_sid != first_sid
    assert_listening(hello)
    assert "Guten Tag!" in hello.text and "Anna" not in hello.text
    assert "2 Artikel im Warenkorb" in hello.text and "weitermachen" in hello.text
    assert "Drücken Sie 1 für Ja, 2 für Nein." in hello.text

    going_on = phone.press("1")
    assert_listening(going_on)
    with phone_app.world.db.session() as s:
        cart = s.scalar(select(Cart).where(Cart.status == "open"))
        assert sorted(l.product.slug for l in cart.lines) == ["frischmilch", "weizenbroetchen"]


def test_the_next_call_offers_the_same_as_last_time(phone_app):
    phone = phone_app.phone()
    phone.call()
    phone.say("zwei Flaschen Frischmilch")
    phone.say("Bestellen")
    phone.press("1")  # delivery
    phone.say("48653")  # the postcode question
    readback = phone.press("1")  # Tuesday (the region takes payment on delivery only)
    assert "Lieferung an Markt 3, 48653 Coesfeld am Dienstag" in readback.text  # where it goes, said once
    placed = phone.press("1")  # yes, order
    assert "aufgegeben" in placed.text
    phone.hang_up()

    hello = phone.call()
    assert_listening(hello)
    assert "Zur Sicherheit: Wie lautet Ihre Postleitzahl?" in hello.text and "Frischmilch" not in hello.text
    offer = phone.say("48653")
    assert "das Gleiche wie beim letzten Mal" in offer.text and "Frischmilch" in offer.text


def test_a_card_number_is_never_taken_on_the_phone(phone_app):
    phone = phone_app.phone()
    phone.call()
    phone.say("zwei Flaschen Frischmilch")
    asked = phone.say("Bestellen")
    for words in ("Meine Kreditkarte ist 4111 1111 1111 1111", "vier eins eins eins eins eins eins eins 1111 1111"):
        refused = phone.say(words)
        assert_listening(refused)
        assert guard.WARNING in refused.text
        assert "Sollen wir liefern" in refused.text  # and the question comes again
    keyed = phone.press("4111111111111111")
    assert keyed.text.count(guard.WARNING) == 1 and "Sollen wir liefern" in keyed.text
    hash_only = phone.press("#")  # only the end key: the question once more, not a greeting
    assert_listening(hash_only)
    assert "Sollen wir liefern" in hash_only.text and "Guten Tag" not in hash_only.text
    assert asked.gather.get("numDigits") == "1"
    with phone_app.world.db.session() as s:
        conversation = s.scalar(select(Conversation).where(Conversation.external_id == ANNA))
        assert "4111" not in str(conversation.transcript) and "4111" not in str(conversation.state)
        record = s.scalar(select(CallRecord).where(CallRecord.call_sid == phone.call_sid))
        assert "4111" not in str(record.state)


def test_a_withheld_number_still_gets_through(phone_app):
    phone = phone_app.phone("anonymous")
    hello = phone.call()
    assert_listening(hello)
    assert "Guten Tag! Hier ist Kiepe" in hello.text
    added = phone.say("sechs Brötchen")
    assert "6 Weizenbrötchen" in added.text
    with phone_app.world.db.session() as s:
        record = s.scalar(select(CallRecord).where(CallRecord.call_sid == phone.call_sid))
        assert record.caller_phone is None and record.conversation_key == f"call:{phone.call_sid}"


def test_status_callbacks_are_recorded(phone_app):
    phone = phone_app.phone()
    phone.call()
    phone.status("in-progress")
    phone.status("completed", duration=12)
    with phone_app.world.db.session() as s:
        record = s.scalar(select(CallRecord).where(CallRecord.call_sid == phone.call_sid))
        assert [e["status"] for e in record.events] == ["in-progress", "completed"]
        assert record.status == "completed" and record.duration_seconds == 12


@pytest.mark.parametrize("path", ["/voice/incoming", "/voice/gather", "/voice/silence", "/voice/dial", "/voice/fallback",
                                  "/voice/status", "/sms/inbound"])
def test_forged_or_missing_signatures_are_refused(phone_app, path):
    from tests.voice.twilio_harness import sign

    params = {"CallSid": "CAforged", "From": ANNA, "To": FROM_NUMBER, "SpeechResult": "sechs Brötchen",
              "Body": "JA 1", "MessageSid": "SMforged"}
    client = phone_app.client
    assert client.post(path, data=params).status_code == 403  # no signature at all
    wrong_key = sign(PUBLIC_URL + path, params, token="someone-elses-token")
    assert client.post(path, data=params, headers={"X-Twilio-Signature": wrong_key}).status_code == 403
    other_url = sign("https://evil.example" + path, params)
    assert client.post(path, data=params, headers={"X-Twilio-Signature": other_url}).status_code == 403
    good = sign(PUBLIC_URL + path, params)
    tampered = {**params, "From": "+4915199999999"}
    assert client.post(path, data=tampered, headers={"X-Twilio-Signature": good}).status_code == 403
    with phone_app.world.db.session() as s:
        assert s.scalar(select(CallRecord)) is None  # nothing was recorded for the forgeries
    assert client.post(path, data=params, headers={"X-Twilio-Signature": good}).status_code == 200


def test_saying_goodbye_ends_the_call_on_purpose(phone_app):
    phone = phone_app.phone()
    phone.call()
    bye = phone.say("Tschüss, auf Wiederhören")
    assert bye.hangs_up and bye.gather is None
    assert "Auf Wiederhören" in bye.text
    assert all(s.get("voice") == "Polly.Marlene" for s in bye.root.iter("Say"))


def test_hints_follow_the_live_catalog(phone_app):
    from ordering import catalog
    from ordering.models import Product

    phone = phone_app.phone()
    assert "Kartoffeln" in phone.call().gather.get("hints")
    with phone_app.world.db.session() as s:
        catalog.set_availability(s, s.get(Product, phone_app.world.products["kartoffeln"]), False)
    hints = phone.say("sechs Brötchen").gather.get("hints")
    assert "Kartoffeln" not in hints and "Weizenbrötchen" in hints


def test_a_new_call_starts_with_a_clean_slate_of_misunderstandings(phone_app):
    phone = phone_app.phone()
    phone.call()
    phone.say("zwei Flaschen Frischmilch")
    phone.stay_silent()
    phone.stay_silent()
    phone.hang_up()
    phone.call()
    first = phone.say("hm")
    assert_listening(first)  # "Wie bitte?", not straight to the hotline


def test_when_something_breaks_inside_the_caller_still_reaches_a_person(phone_app, monkeypatch):
    from bot.channels.voice import calls

    phone_app.container.settings.voice_hotline = HOTLINE
    phone = phone_app.phone()
    phone.call()

    def broken(*_args, **_kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(calls, "get_or_start", broken)
    said = phone.say("sechs Brötchen")  # 200 with TwiML, not Twilio's "application error"
    assert "technische Störung" in said.text and "Ich verbinde Sie mit unserem Team" in said.text
    assert (said.dial.text or "").strip() == HOTLINE and said.dial.get("action") is None
    assert said.hangs_up  # after the hotline call, a goodbye; nothing points back at the broken webhook

    fallback = phone._post("/voice/fallback", phone._params(ErrorCode="11200", ErrorUrl=f"{PUBLIC_URL}/voice/gather"))
    assert (fallback.dial.text or "").strip() == HOTLINE


def test_a_number_can_be_typed_on_the_keypad(phone_app):
    phone = phone_app.phone("anonymous")  # nothing known about this caller: the postcode is asked
    phone.call()
    phone.say("zwei Flaschen Frischmilch")
    phone.say("Bestellen")
    where = phone.press("1")  # delivery
    assert_listening(where)
    assert "Postleitzahl" in where.text and where.gather.get("numDigits") is None  # room for five keys
    when = phone.press("48653#")
    assert_listening(when)
    assert "Wann passt es Ihnen?" in when.text
    mobile = phone.press("015112345678#")  # a phone number is not a card number
    assert guard.WARNING not in mobile.text
