"""Shop rules in the conversation (issue 16), on the demo region, per channel: allergen questions,
holidays and closing days when windows are offered, minimum orders, free delivery, the age question.

The demo region (data/muensterland.yml) has: holidays NW, free delivery from 75,00 €, the
Landmetzgerei Pöppelmann with a minimum of 15,00 € and closed on 24 December and 2–10 January,
allergens on the Streuselkuchen (gluten, eier, milch, schalenfruechte) but none stated for the
Apfelkuchen, and the Münsterländer Korn and the Eierlikör for 18 and over.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.dialogue.engine import Dialogue
from bot.dialogue.types import Customer
from ordering import windows
from ordering.models import Order, Region
from tests.dialogue.conftest import Talk, phone_call

pytestmark = pytest.mark.anyio
ANSWERS = {"Namen": "Hildegard Schulte", "Telefonnummer": "02541 111111", "Straße": "Letter Straße 5",
           "Postleitzahl": "48653"}


def telegram(container, key: str = "tg-1") -> Talk:
    return Talk(Dialogue(container), channel="telegram", key=key, customer=Customer(telegram_id=4711))


async def _to_confirmation(talk: Talk, stop_at: str = "Soll ich so bestellen?") -> str:
    """Answer the checkout's questions until ``stop_at`` is asked; returns that question."""
    answers = dict(ANSWERS)
    for _ in range(8):
        question = " ".join(r.text for r in talk.last)
        if stop_at in question:
            return question
        if "Wie möchten Sie bezahlen?" in question:
            await talk(choice=talk.choice_value("Übergabe"))
            continue
        if "Sollen wir liefern" in question:
            await talk("liefern")
            continue
        if "Wann passt es Ihnen?" in question:
            await talk(choice=talk.choices[0][1])
            continue
        key = next((k for k in answers if k in question), None)
        assert key, f"unexpected question: {question}"
        await talk(answers.pop(key))
    raise AssertionError(f"never asked {stop_at!r}")


# ---------------------------------------------------------------- allergens


@pytest.mark.parametrize("channel", ["web", "telegram"])
async def test_an_allergen_question_is_answered_from_the_catalog(container, channel):
    talk = Talk(Dialogue(container), channel=channel)
    assert "Laut Angabe von der Bäckerei Terstegen enthält Streuselkuchen Schalenfrüchte." in await talk(
        "Ist im Streuselkuchen Nuss drin?")
    text = await talk("Enthält das Kastenweißbrot Milch?")
    assert "Laut Angabe von der Bäckerei Terstegen ist Milch in Kastenweißbrot nicht enthalten." in text
    assert "Zu Spuren hat der Laden nichts angegeben." in text
    text = await talk("Welche Allergene hat der Apfelkuchen?")
    assert "Dazu hat der Laden keine Angabe gemacht." in text and "enthält" not in text  # never a guess
    assert "Welche Allergene" not in text
    text = await talk("Welche Allergene hat der Streuselkuchen?")
    assert "enthält Streuselkuchen: glutenhaltiges Getreide, Eier, Milch und Schalenfrüchte." in text
    with container.database.session() as s:
        assert not s.scalar(select(Order))


async def test_on_the_phone_the_allergens_come_one_by_one(container):
    call = phone_call(container)
    text = await call("welche allergene hat der streuselkuchen")
    assert "enthält Streuselkuchen: glutenhaltiges Getreide. Eier. Milch. Und Schalenfrüchte." in text
    assert "Schalenfrüchte" in await call("ist im streuselkuchen nuss drin")


async def test_asking_about_allergens_of_the_last_item_keeps_the_cart(talk, container):
    await talk("zwei Streuselkuchen von Terstegen")
    text = await talk("Sind da Eier drin?")  # the last item put in the cart
    assert "Laut Angabe von der Bäckerei Terstegen enthält Streuselkuchen Eier." in text
    with container.database.session() as s:
        assert not s.scalar(select(Order))
    assert "2 Streuselkuchen, 3,80 €" in await talk("was habe ich im Korb")


# ---------------------------------------------------------------- holidays and closing days


@pytest.fixture
def december(container):
    """Windows over Christmas and New Year (the fixture has only 16 days from 22 November)."""
    with container.database.session() as s:
        windows.generate_slots(s, s.scalar(select(Region)), date(2026, 12, 21), 22)
    return container


async def test_a_shops_closing_day_is_said_plainly_with_the_days_after_it(december):
    talk = Talk(Dialogue(december), key="closed-1")
    await talk("1 kg Putenschnitzel von Pöppelmann")
    await talk("liefern")
    await talk("48653")
    text = await talk("am 24. Dezember bitte")
    assert "Landmetzgerei Pöppelmann hat am 24. Dezember geschlossen. Möchten Sie einen Tag danach?" in text
    labels = [label for label, _ in talk.choices]
    assert labels[0] == "Montag, 28. Dezember, 9–12 Uhr"  # 25 and 26 are holidays, 27 a Sunday
    text = await talk("am 5. Januar")
    assert "vom 2. bis 10. Januar Betriebsurlaub. Möchten Sie einen Tag danach?" in text
    assert talk.choices[0][0] == "Montag, 11. Januar, 9–12 Uhr"


async def test_a_holiday_has_no_windows_and_says_so(december):
    chat = telegram(december, key="holiday-1")
    await chat("ein Roggenmischbrot von Terstegen")
    await chat("liefern")
    await chat("48653")
    text = await chat("Am 25. Dezember bitte")
    assert ("Am Freitag, 25. Dezember, ist Feiertag (Erster Weihnachtstag); da liefern wir nicht. "
            "Möchten Sie einen Tag danach?") in text
    assert chat.choices[0][0] == "Montag, 28. Dezember, 9–12 Uhr"


async def test_goods_of_a_closed_shop_added_after_the_window_make_it_chosen_again(december):
    talk = Talk(Dialogue(december), key="closed-2")
    await talk("ein Roggenmischbrot von Terstegen")
    await talk("liefern")
    await talk("48653")
    await talk("am 24. Dezember vormittags")
    await talk("1 kg Putenschnitzel von Pöppelmann")
    text = await talk("bestellen")
    assert "Landmetzgerei Pöppelmann hat am 24. Dezember geschlossen. Das gewählte Zeitfenster passt" in text
    assert all("24. Dezember" not in label for label, _ in talk.choices)


# ---------------------------------------------------------------- minimum order and free delivery


async def test_a_part_below_the_minimum_is_flagged_and_can_be_dropped(talk, container):
    text = await talk("6 Wiener Würstchen von Pöppelmann und ein Roggenmischbrot von Terstegen")
    assert "Beim Landmetzgerei Pöppelmann" not in text
    assert "gilt ein Mindestbestellwert von 15,00 €. Es fehlen dort noch 9,60 €." in text
    text = await talk("bestellen")
    assert "fehlen noch 9,60 € bis zum Mindestbestellwert von 15,00 €." in text
    assert "weglassen" in text
    text = await talk(choice=talk.choice_value("weglassen"))
    assert "herausgenommen" in text
    question = await _to_confirmation(talk)
    assert "Pöppelmann" not in question and "Roggenmischbrot" in question
    assert "Ihre Bestellung ist aufgegeben" in await talk("ja")
    with container.database.session() as s:
        order = s.scalar(select(Order))
        assert [sub.shop.slug for sub in order.sub_orders] == ["baeckerei-terstegen"]


async def test_the_minimum_is_flagged_after_an_item_question_too(talk):
    text = await talk("2 Wiener Würstchen von Pöppelmann")
    assert "Packungen zu 6 Stück" in text and "Mindestbestellwert" not in text
    text = await talk(choice="qty:1")
    assert "Es fehlen dort noch 9,60 €." in text
    assert "Mindestbestellwert" not in await talk("und ein Roggenmischbrot von Terstegen")  # said once


async def test_adding_to_a_short_part_lets_it_through(container):
    talk = telegram(container)
    await talk("6 Wiener Würstchen von Pöppelmann")
    text = await talk("bestellen")
    assert "fehlen noch 9,60 €" in text
    text = await talk("ja, noch etwas dazu")
    assert "Was darf ich von der Landmetzgerei Pöppelmann noch dazunehmen?" in text
    await talk("ein Kilo Putenschnitzel von Pöppelmann")
    await talk("bestellen")
    await _to_confirmation(talk)
    assert "Ihre Bestellung ist aufgegeben" in await talk("ja")
    with container.database.session() as s:
        assert s.scalar(select(Order)).sub_orders[0].subtotal_cents == 540 + 1590


async def test_residents_hear_how_much_is_missing_for_free_delivery(talk):
    await talk("1 kg Putenschnitzel von Pöppelmann")
    await talk("liefern")
    text = await talk("was habe ich im Korb")
    assert "Ab 75,00 € liefern wir kostenlos; es fehlen noch 59,10 €." in text


# ---------------------------------------------------------------- age


async def test_restricted_goods_ask_the_age_once_and_mark_the_order(talk, container):
    await talk("eine Flasche Münsterländer Korn von Hagedorn und ein Roggenmischbrot von Terstegen")
    await talk("bestellen")
    question = await _to_confirmation(talk, stop_at="Sind Sie mindestens 18 Jahre alt?")
    assert "Ausweis" in question
    await talk("ja")
    assert "Münsterländer Korn" in await _to_confirmation(talk)
    assert "Ihre Bestellung ist aufgegeben" in await talk("ja")
    with container.database.session() as s:
        assert s.scalar(select(Order)).min_age == 18


async def test_a_caller_too_young_keeps_the_rest_of_the_order(container):
    call = phone_call(container, key="age-1")
    await call("eine flasche eierlikör vom hof schulze und zwei flaschen frischmilch")
    await call("bestellen")
    await _to_confirmation(call, stop_at="Sind Sie mindestens 18 Jahre alt?")
    text = await call("ich bin siebzehn")
    assert "Dann darf ich Ihnen Eierlikör leider nicht verkaufen und habe es herausgenommen." in text
    question = await _to_confirmation(call)
    assert "Eierlikör" not in question and "Frischmilch" in question
