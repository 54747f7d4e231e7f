"""Shops without Telegram get their sub-orders by SMS and answer "JA 1234" / "NEIN 1234"."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import anyio
import pytest
from sqlalchemy import select

from bot.application.outbox_tables import EventDelivery
from bot.channels.sms import texts
from bot.channels.sms.shop_answers import parse_answer
from integrations.twilio_sms import SmsError, TwilioSms
from ordering import cart as carts
from ordering import checkout
from ordering.models import Order, OrderEvent, ProcessedEvent, Resident, Shop, SubOrder
from tests.ordering.conftest import NOW
from tests.voice.conftest import ANNA
from tests.voice.twilio_harness import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, RecordingHttpClient, post_signed

HOF = "+4925417070"  # Hof Schulze's phone, stored as the shop typed it
KOENIG = "+4925418080"
TUESDAY_9 = NOW.replace(hour=9) + timedelta(days=1)


def _place(world, channel: str = "web") -> dict[str, int]:
    """Anna orders milk (Hof Schulze) and wine (Weinhandlung König); returns sub-order ids by shop."""
    slot_id = world.slot("delivery", TUESDAY_9)
    with world.db.session() as s:
        s.get(Shop, world.shops["hof-schulze"]).phone = "02541 / 70 70"
        s.get(Shop, world.shops["weinhandlung-koenig"]).phone = "+49 2541 8080"
        s.get(Shop, world.shops["baeckerei-terstegen"]).telegram_chat_id = 4711
        anna = s.scalar(select(Resident).where(Resident.phone == ANNA))
        cart = carts.open_cart(s, world.region_id, resident_id=anna.id)
        carts.add_product(s, cart, world.products["frischmilch"], Decimal(2))
        carts.add_product(s, cart, world.products["kartoffeln"], Decimal("1.5"))
        carts.add_product(s, cart, world.products["spaetburgunder"], Decimal(1))
        carts.add_product(s, cart, world.products["weizenbroetchen"], Decimal(6))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        order = checkout.checkout(s, cart, now=NOW, payment_method="on_delivery", channel=channel)
        return {sub.shop.slug: sub.id for sub in order.sub_orders}


def _code(world, sub_id: int) -> str:
    with world.db.session() as s:
        return s.get(SubOrder, sub_id).answer_code


def _dispatch(phone_app) -> None:
    anyio.run(phone_app.container.events.dispatch_pending)


def _sms(phone_app, from_: str, body: str, sid: str = "SM1") -> str:
    response = post_signed(phone_app.client, "/sms/inbound",
                           {"MessageSid": sid, "AccountSid": ACCOUNT_SID, "From": from_, "To": FROM_NUMBER,
                            "Body": body})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.text)
    messages = root.findall("Message")
    assert len(messages) == 1
    return messages[0].text


def _status(world, sub_id: int) -> str:
    with world.db.session() as s:
        return s.get(SubOrder, sub_id).status


def test_shops_without_telegram_get_their_part_by_sms(phone_app):
    subs = _place(phone_app.world)
    _dispatch(phone_app)
    sent = {m["To"]: m["Body"] for m in phone_app.twilio.messages}
    assert set(sent) == {HOF, KOENIG}  # the bakery is on Telegram; a web order gets no SMS summary
    hof, code = sent[HOF], _code(phone_app.world, subs["hof-schulze"])
    assert hof.startswith(f"Kiepe: Neue Bestellung {_reference(phone_app)} für Hof Schulze, Code {code}.\n")
    assert "Lieferung Dienstag, 24. November, 9–12 Uhr." in hof
    assert "2 Flaschen Frischmilch (1 l): 2,58 €" in hof and "1,5 Kilo Kartoffeln: 2,70 €" in hof
    assert "Summe 5,28 €." in hof
    assert f"Bitte antworten Sie mit JA {code} oder NEIN {code}." in hof
    assert "Spätburgunder" not in hof and "Anna" not in hof  # only its own part
    assert "Spätburgunder trocken (0,75 l): 12,90 €" in sent[KOENIG]
    request = phone_app.twilio.requests[0]
    assert request.method == "POST"
    assert request.url == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert request.auth == (ACCOUNT_SID, AUTH_TOKEN) and request.data["From"] == FROM_NUMBER


def test_ja_confirms_and_nein_rejects_through_the_order_life_cycle(phone_app):
    subs = _place(phone_app.world)
    hof, koenig = subs["hof-schulze"], subs["weinhandlung-koenig"]
    hof_code, koenig_code = _code(phone_app.world, hof), _code(phone_app.world, koenig)

    answer = _sms(phone_app, "+49 2541 7070", f"Ja {hof_code.lower()}", "SM1")  # typed in small letters
    assert answer == f"Kiepe: Danke! Bestellung {hof_code} ist bestätigt."
    assert _status(phone_app.world, hof) == "confirmed"
    answer = _sms(phone_app, KOENIG, f"NEIN {koenig_code} leider ausverkauft", "SM2")
    assert answer == f"Kiepe: Bestellung {koenig_code} ist abgelehnt. Wir informieren die Kundschaft."
    assert _status(phone_app.world, koenig) == "rejected"
    with phone_app.world.db.session() as s:
        events = {(e.sub_order_id, e.event): e for e in s.scalars(select(OrderEvent))}
        assert events[(hof, "confirmed")].actor == "shop:hof-schulze"
        assert events[(koenig, "rejected")].actor == "shop:weinhandlung-koenig"
        assert events[(koenig, "rejected")].detail["reason"] == "leider ausverkauft"


def test_a_second_answer_changes_nothing_and_a_repeated_webhook_answers_the_same(phone_app):
    hof = _place(phone_app.world)["hof-schulze"]
    code = _code(phone_app.world, hof)
    first = _sms(phone_app, HOF, f"JA {code}", "SM1")
    assert _sms(phone_app, HOF, f"JA {code}", "SM1") == first  # Twilio retried the same message
    assert _sms(phone_app, HOF, f"NEIN {code}", "SM2") == (
        f"Kiepe: Bestellung {code} ist schon bestätigt. Es hat sich nichts geändert.")
    assert _status(phone_app.world, hof) == "confirmed"
    with phone_app.world.db.session() as s:
        assert len(s.scalars(select(OrderEvent).where(OrderEvent.sub_order_id == hof)).all()) == 1


def test_unknown_numbers_and_other_shops_orders_are_refused_clearly(phone_app):
    subs = _place(phone_app.world)
    hof, koenig = subs["hof-schulze"], subs["weinhandlung-koenig"]
    code = _code(phone_app.world, hof)
    assert _sms(phone_app, "+4915199999999", f"JA {code}", "SM1") == texts.UNKNOWN_NUMBER
    assert _sms(phone_app, ANNA, f"JA {code}", "SM2") == texts.UNKNOWN_NUMBER  # a resident is not the shop
    foreign = _sms(phone_app, KOENIG, f"JA {code}", "SM3")  # the wine shop answers for the farm's order
    assert foreign == texts.NO_SUCH_ORDER.format(code=code)
    assert str(koenig) not in foreign and _code(phone_app.world, koenig) not in foreign
    assert _status(phone_app.world, hof) == "placed" and _status(phone_app.world, koenig) == "placed"


def test_an_answer_without_a_code_gets_help_but_no_order_list(phone_app):
    hof = _place(phone_app.world)["hof-schulze"]
    for n, body in enumerate(("ja passt", f"JA {hof}")):  # the sequential id is no longer an answer
        answer = _sms(phone_app, HOF, body, f"SM{n}")
        assert answer == texts.NOT_UNDERSTOOD  # no list of open orders
    assert _status(phone_app.world, hof) == "placed"


@pytest.mark.parametrize(("body", "expected"), [
    ("JA K7M3PX", (True, "K7M3PX", "")),
    ("ja, k7m3px", (True, "K7M3PX", "")),
    ("Ja #K7M3PX danke", (True, "K7M3PX", "danke")),
    ("Ja Code: K7M3PX", (True, "K7M3PX", "")),
    ("  nein K7M3PX keine Milch mehr ", (False, "K7M3PX", "keine Milch mehr")),
    ("OK K7M3PX", (True, "K7M3PX", "")),
    ("JA 1234", None),
    ("JA K7M3PXQ", None),
    ("Jawohl K7M3PX", None),
    ("K7M3PX JA", None),
    ("ja", None),
    ("", None),
])
def test_parse_answer(body, expected):
    answer = parse_answer(body)
    assert (None if answer is None else (answer.yes, answer.code, answer.reason)) == expected


def test_a_failed_sms_is_sent_again_later_and_the_sent_ones_not_twice(phone_app):
    _place(phone_app.world)
    phone_app.twilio.fail = True
    _dispatch(phone_app)
    assert len(phone_app.twilio.messages) == 2  # both tried, both refused by Twilio
    with phone_app.world.db.session() as s:
        delivery = s.scalar(select(EventDelivery).where(EventDelivery.subscriber.like("%send_shop_orders")))
        assert (delivery.status, delivery.attempts) == ("pending", 1)  # left for a retry
        assert "The 'To' number is not valid" in delivery.last_error
    phone_app.twilio.fail = False
    _dispatch(phone_app)  # not yet: the retry is due after about 30 s
    assert len(phone_app.twilio.messages) == 2
    phone_app.container.clock.set(delivery.next_attempt_at)
    _dispatch(phone_app)
    _dispatch(phone_app)
    assert len(phone_app.twilio.messages) == 4  # each once more, then never again
    with phone_app.world.db.session() as s:
        assert len(s.scalars(select(ProcessedEvent).where(ProcessedEvent.source == "sms")).all()) == 2


def test_phone_orders_get_a_summary_other_channels_do_not(phone_app):
    _place(phone_app.world, channel="voice")
    _dispatch(phone_app)
    summary = [m["Body"] for m in phone_app.twilio.messages if m["To"] == ANNA]
    assert len(summary) == 1
    body = summary[0]
    assert body.startswith("Kiepe: Danke für Ihre Bestellung, Anna Schulte!")
    assert "Hof Schulze: 2 Flaschen Frischmilch (1 l): 2,58 €, etwa 1,5 Kilo Kartoffeln: 2,70 €" in body
    with phone_app.world.db.session() as s:
        order = s.scalar(select(Order))
        assert f"Bestellnummer {order.reference}." in body
        assert f"Zusammen: {texts.format_euro(order.total_cents)}" in body


def test_twilio_sms_raises_a_clear_error_when_twilio_refuses():
    recorder = RecordingHttpClient(fail=True)
    sms = TwilioSms(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, http_client=recorder)
    # The error ends up in log lines: it names the number by its last two digits only.
    with pytest.raises(SmsError, match=r"SMS to \*\*\*78 failed"):
        sms.send_text(ANNA, "Hallo")
    ok = TwilioSms(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, http_client=RecordingHttpClient())
    assert ok.send_text(ANNA, "Hallo").startswith("SM")


def test_a_shop_that_has_not_answered_is_reminded_by_sms(phone_app):
    subs = _place(phone_app.world)
    _dispatch(phone_app)
    with phone_app.world.db.session() as s:  # what the reminder job writes after 30 minutes
        for sub_id in subs.values():
            sub = s.get(SubOrder, sub_id)
            sub.order.events.append(OrderEvent(sub_order_id=sub_id, at=NOW, actor="system", event="shop_reminded",
                                               detail={"minutes": 30}))
    _sms(phone_app, KOENIG, f"JA {_code(phone_app.world, subs['weinhandlung-koenig'])}", "SM1")  # answered meanwhile
    _dispatch(phone_app)
    reminders = [m for m in phone_app.twilio.messages if "Erinnerung" in m["Body"]]
    assert [m["To"] for m in reminders] == [HOF]  # not the bakery (Telegram), not the shop that answered
    code = _code(phone_app.world, subs["hof-schulze"])
    assert reminders[0]["Body"] == (f"Kiepe: Erinnerung: Bestellung {_reference(phone_app)} (Code {code}) wartet seit "
                                    f"30 Minuten auf Ihre Antwort. Bitte antworten Sie mit JA {code} oder NEIN {code}.")


def test_the_applications_reminder_job_reminds_sms_shops_without_telegram_configured(phone_app):
    """Reminding is the application's job, not the Telegram channel's: no bot token here at all."""
    assert not phone_app.container.settings.telegram_token
    subs = _place(phone_app.world)
    _dispatch(phone_app)
    reminders = phone_app.container.reminders
    assert anyio.run(reminders.run_once, NOW + timedelta(minutes=29)) == 0
    assert anyio.run(reminders.run_once, NOW + timedelta(minutes=31)) == 3  # each shop's part once
    assert anyio.run(reminders.run_once, NOW + timedelta(minutes=45)) == 0
    sent = [m for m in phone_app.twilio.messages if "Erinnerung" in m["Body"]]
    assert sorted(m["To"] for m in sent) == [HOF, KOENIG]  # the bakery is reminded on Telegram
    code = _code(phone_app.world, subs["hof-schulze"])
    assert next(m["Body"] for m in sent if m["To"] == HOF) == (
        f"Kiepe: Erinnerung: Bestellung {_reference(phone_app)} (Code {code}) wartet seit "
        f"31 Minuten auf Ihre Antwort. Bitte antworten Sie mit JA {code} oder NEIN {code}.")


def test_a_serving_app_without_telegram_runs_the_reminder_job(world):
    """The app's lifespan runs the reminders beside the dispatcher, whatever channels are set up."""
    import time

    from fastapi.testclient import TestClient

    from bot.app import create_app
    from bot.clock import Clock
    from bot.composition import build_container
    from tests.voice.conftest import make_app

    _, container, recorder = make_app(world)
    _place(world)
    settings = container.settings.model_copy(update={"dispatch_events": True, "telegram_token": None})
    serving = build_container(settings, database=world.db, clock=Clock(NOW + timedelta(minutes=31)),
                              sms=TwilioSms(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, http_client=recorder))
    with TestClient(create_app(serving)):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len([m for m in recorder.messages if "Erinnerung" in m["Body"]]) < 2:
            time.sleep(0.1)
    assert sorted(m["To"] for m in recorder.messages if "Erinnerung" in m["Body"]) == [HOF, KOENIG]


def _reference(phone_app) -> str:
    with phone_app.world.db.session() as s:
        return s.scalar(select(Order)).reference


def test_a_phone_resident_hears_by_sms_when_a_shop_cannot_supply(phone_app):
    from ordering import orders

    subs = _place(phone_app.world, channel="voice")
    with phone_app.world.db.session() as s:
        sub = s.get(SubOrder, subs["hof-schulze"])
        potatoes = next(l.id for l in sub.lines if l.name == "Kartoffeln")
        orders.reject_line(s, sub.id, potatoes, shop_id=sub.shop_id, actor="shop:hof-schulze", now=NOW)
        orders.confirm(s, sub.id, shop_id=sub.shop_id, actor="shop:hof-schulze", now=NOW)
    _sms(phone_app, KOENIG, f"NEIN {_code(phone_app.world, subs['weinhandlung-koenig'])}", "SM1")
    _dispatch(phone_app)
    news = [m["Body"] for m in phone_app.twilio.messages if m["To"] == ANNA and "Danke" not in m["Body"]]
    reference = _reference(phone_app)
    partly = (f"Kiepe: Hof Schulze kann leider nicht alles liefern. Es fehlt: Kartoffeln. "
              f"Den Rest Ihrer Bestellung {reference} bekommen Sie wie geplant. Fragen? Rufen Sie uns an: +4925419991111.")
    rejected = (f"Kiepe: Weinhandlung König kann Ihre Bestellung {reference} leider nicht liefern. "
                f"Fragen? Rufen Sie uns an: +4925419991111.")
    assert sorted(news) == sorted([partly, rejected])
    _dispatch(phone_app)
    assert len([m for m in phone_app.twilio.messages if m["To"] == ANNA]) == 3  # summary + two, never again


def test_when_an_answer_cannot_be_handled_the_shop_is_told_to_send_it_again(phone_app, monkeypatch):
    from bot.channels.sms import webhooks

    hof = _place(phone_app.world)["hof-schulze"]

    def broken(*_args, **_kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(webhooks, "handle_shop_sms", broken)
    assert _sms(phone_app, HOF, f"JA {_code(phone_app.world, hof)}", "SM1") == texts.TRY_AGAIN
    assert _status(phone_app.world, hof) == "placed"
