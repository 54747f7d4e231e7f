"""From a full cart to a placed order, the window, habits, and resuming."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.dialogue.types import Customer
from ordering.models import Order, Resident, Slot, SlotHold
from tests.dialogue.conftest import NOW, Talk, phone_call

pytestmark = pytest.mark.anyio


async def _order_saturday(talk: Talk) -> str:
    await talk("ein roggenmischbrot von terstegen, 2 liter milch vom hof schulze und eine flasche spätburgunder")
    text = await talk("für samstag vormittag")
    assert "Samstag, 28. November, 9–13 Uhr" in text or "Postleitzahl" in text
    if "Postleitzahl" in text:
        await talk("48653")
    await talk("bestellen")
    answers = {"Namen": "Hildegard Schulte", "Telefonnummer": "02541 111111", "Straße": "Letter Straße 5"}
    for _ in range(6):
        question = " ".join(r.text for r in talk.last)
        if "Soll ich so bestellen?" in question:
            return await talk("ja")
        if "Wie möchten Sie bezahlen?" in question:
            await talk(choice=talk.choice_value("Übergabe"))
            continue
        key = next((k for k in answers if k in question), None)
        assert key, f"unexpected question: {question}"
        await talk(answers.pop(key))
    raise AssertionError("never reached the confirmation")


async def test_a_newcomer_orders_bread_milk_and_wine_from_three_shops_for_saturday(talk, container):
    text = await _order_saturday(talk)
    assert "Ihre Bestellung ist aufgegeben" in text
    with container.database.session() as s:
        order = s.scalar(select(Order))
        assert sorted(sub.shop.slug for sub in order.sub_orders) == [
            "baeckerei-terstegen", "hof-schulze", "weinhandlung-hagedorn"]
        assert order.slot.start.isoformat() == "2026-11-28T08:00:00+00:00"
        assert order.payment_method == "on_delivery" and order.customer_name == "Hildegard Schulte"
        assert s.scalar(select(func.count(SlotHold.id)).where(SlotHold.status == "booked")) == 1


async def test_the_final_read_back_names_shops_window_total_and_payment(talk):
    await talk("6 brötchen von terstegen")
    await talk("samstag vormittag")
    await talk("48653")
    await talk("bestellen")
    await talk("Bernd Wessels")
    await talk("02541 222222")
    text = await talk("Münsterstraße 12")
    if "Wie möchten Sie bezahlen?" in text:
        text = await talk(choice=talk.choice_value("Übergabe"))
    assert "Bei der Bäckerei Terstegen: 6 Weizenbrötchen, 2,70 €." in text
    assert "Liefergebühr von 3,50 €" in text and "Zusammen 6,20 €" in text
    assert "Samstag, 28. November, 9–13 Uhr" in text and "bei der Übergabe" in text


async def test_an_unavailable_day_offers_the_next_free_windows(talk):
    await talk("6 brötchen von terstegen")
    text = await talk("am sonntag")
    assert "Postleitzahl" in text
    text = await talk("48653")
    assert "nichts mehr frei" in text or "nächsten freien" in text
    assert [v.split(":")[0] for _, v in talk.choices] == ["slot", "slot", "slot", "days"]


async def test_saturday_is_reached_by_buttons_alone(talk, container):
    await talk("6 brötchen von terstegen")
    await talk(choice="checkout")
    await talk(choice="fulfil:delivery")
    await talk("48653")
    await talk(choice=talk.choice_value("Andere Tage"))
    while not any("Samstag" in label for label, _ in talk.choices):
        await talk(choice=talk.choice_value("Weitere Tage"))
    await talk(choice=talk.choice_value("Samstag"))
    text = await talk(choice=talk.choice_value("9–13"))
    assert "Samstag, 28. November, 9–13 Uhr" in text


async def test_a_known_caller_is_greeted_without_the_name(container):
    with container.database.session() as s:
        s.add(Resident(region_id=1, name="Hildegard Schulte", phone="+492541111111", phone_verified_at=NOW))
    call = phone_call(container)
    text = await call()
    assert text.startswith("Guten Tag! Hier ist Kiepe") and "Hildegard" not in text  # a caller id can be faked


async def test_a_dropped_call_keeps_its_cart_and_the_next_call_offers_to_go_on(container):
    first = phone_call(container, key="call-1")
    await first("zehn eier vom hof schulze")
    second = phone_call(container, key="call-2")
    text = await second()
    assert "noch 1 Artikel im Warenkorb" in text and "weitermachen" in text
    text = await second("ja")
    assert "10er" in text or "Eier" in text


async def test_a_phone_cart_is_the_same_cart_on_telegram(container):
    call = phone_call(container)
    await call("zehn eier vom hof schulze")
    with container.database.session() as s:
        s.scalar(select(Resident)).telegram_id = 4242
    chat = Talk(call.dialogue, channel="telegram", key="tg-4242", customer=Customer(telegram_id=4242))
    text = await chat("Warenkorb")
    assert "Eier" in text and "Hof Schulze" in text


async def test_the_same_as_last_time(container):
    talk = phone_call(container)
    await talk("zehn eier vom hof schulze")
    with container.database.session() as s:
        s.scalar(select(Resident)).name = "Hildegard Schulte"
        s.scalar(select(Resident)).street = "Letter Straße 5"
        s.scalar(select(Resident)).postcode = "48653"
        from ordering.models import Municipality

        s.scalar(select(Resident)).municipality_id = s.scalar(select(Municipality.id).where(Municipality.slug == "coesfeld"))
    asked = await talk("samstag vormittag")
    assert "Zur Sicherheit: Wie lautet Ihre Postleitzahl?" in asked  # stored now: the caller says it first
    await talk("48653")
    await talk("bestellen")
    if "Wie möchten Sie bezahlen?" in " ".join(r.text for r in talk.last):
        await talk(choice=talk.choice_value("Übergabe"))
    await talk("ja")
    again = phone_call(container, key="call-2")
    text = await again()
    assert "Zur Sicherheit: Wie lautet Ihre Postleitzahl?" in text and "Eier" not in text
    text = await again("48653")
    assert "das Gleiche wie beim letzten Mal" in text
    text = await again("ja")
    assert "Notiert" in text and "Eier" in text


async def test_cancelling_before_the_shops_confirm(container):
    talk = phone_call(container)
    await talk("zehn eier vom hof schulze")
    text = await talk("abbrechen")
    assert "Warenkorb leeren" in text
    await talk("ja")
    text = await talk("warenkorb")
    assert "leer" in text
    with container.database.session() as s:
        assert s.scalar(select(func.sum(Slot.taken))) == 0


async def test_another_day_said_as_a_correction_moves_the_window_and_changes_no_amount(talk, container):
    await talk("6 brötchen von terstegen")
    await talk("für freitag vormittag")
    await talk("48653")
    text = await talk("ach nein, doch lieber samstag vormittag, da bin ich sicher daheim")
    assert "Samstag, 28. November, 9–13 Uhr" in text
    assert "Wie viel" not in text
    with container.database.session() as s:
        assert s.scalar(select(func.count(SlotHold.id)).where(SlotHold.status == "held")) == 1
