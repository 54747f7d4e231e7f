"""A newcomer orders bread, milk and a bottle of wine from three shops for Saturday morning.

Once with buttons (no NLU server: what a resident does when typing is a bother or Rasa is away;
the postcode, the day and the contact details are typed, as only they can be), once typing
German sentences that a real Rasa server understands. Both end at the order confirmation,
and the order is in the database: three shops, the Saturday 9–13 delivery window.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from ordering.models import Order, Shop, Slot, SubOrder
from tests.web.chat import Chat
from tests.web.conftest import screenshot

BERLIN = ZoneInfo("Europe/Berlin")
SATURDAY_9 = datetime(2026, 11, 28, 9, 0, tzinfo=BERLIN)  # the Saturday after the suite's Monday
SHOPS = {"Bäckerei Terstegen", "Hof Schulze", "Weinhandlung Hagedorn"}
CONFIRMED = re.compile(r"Bestellung ist aufgegeben.*(K-[0-9-]+)", re.S)
MORE = re.compile(r"^Weitere")


def browse_to(chat: Chat, label: str, pages: int = 8) -> None:
    """Press the button ``label``, paging with "Weitere …" until it shows."""
    pattern = re.compile(rf"^{re.escape(label)}\b")
    for _ in range(pages):
        if chat.has_choice(pattern):
            chat.press(pattern)
            return
        chat.press(MORE)
    raise AssertionError(f"{label!r} not found after {pages} pages\n{chat.transcript()}")


def add_by_buttons(chat: Chat, town: str, shop: str, category: str, product: str) -> None:
    if not chat.has_choice("Geschäfte ansehen"):
        chat.press("Warenkorb ansehen")
        chat.press("Weiter einkaufen")
    chat.press("Geschäfte ansehen")
    browse_to(chat, town)
    browse_to(chat, shop)
    browse_to(chat, category)
    browse_to(chat, product)
    assert "Notiert" in chat.last().text, chat.transcript()


def checkout_details(chat: Chat) -> str:
    """Postcode, name, phone and street as a newcomer types them; returns the read-back."""
    answers = {
        r"Postleitzahl": "48653",
        r"Namen": "Hildegard Schulte",
        r"Telefonnummer": "02541 123456",
        r"Straße": "Letter Straße 5",
    }
    for _ in range(8):
        text = chat.last().text
        if "Soll ich so bestellen" in text or "fasse zusammen" in text:
            return " ".join(m.text for m in chat.messages()[-2:])
        if re.search(r"Wann passt es Ihnen", text):
            chat.say("Samstag vormittag")
            continue
        for question, answer in answers.items():
            if re.search(question, text):
                chat.say(answer)
                break
        else:
            raise AssertionError(f"unexpected question {text!r}\n{chat.transcript()}")
    raise AssertionError(f"no read-back of the order\n{chat.transcript()}")


def assert_ordered(container, reference: str) -> None:
    with container.database.session() as s:
        order = s.scalar(select(Order).where(Order.reference == reference))
        assert order is not None, reference
        shops = set(s.scalars(select(Shop.name).join(SubOrder, SubOrder.shop_id == Shop.id)
                              .where(SubOrder.order_id == order.id)))
        assert shops == SHOPS
        assert order.fulfilment == "delivery"
        assert s.get(Slot, order.slot_id).start == SATURDAY_9


def test_newcomer_orders_from_three_shops_by_buttons(page, live_server):
    chat = Chat(page, live_server.url)
    chat.open()

    add_by_buttons(chat, "Coesfeld", "Bäckerei Terstegen", "Brot", "Roggenmischbrot")
    add_by_buttons(chat, "Billerbeck", "Hof Schulze", "Milch", "Frischmilch")
    add_by_buttons(chat, "Coesfeld", "Weinhandlung Hagedorn", "Weißwein", "Riesling trocken")

    chat.press("Bestellen")
    chat.press("Liefern lassen")
    readback = checkout_details(chat)
    for shop in SHOPS:
        assert shop in readback, readback
    assert "Samstag, 28. November, 9–13 Uhr" in readback
    screenshot(page, "web-journey-readback-phone")

    chat.press("Ja, bestellen")
    confirmation = CONFIRMED.search(chat.last().text)
    assert confirmation, chat.transcript()
    assert chat.focused()["id"] == "message"
    assert not chat.errors, chat.errors
    screenshot(page, "web-journey-confirmed-phone")
    assert_ordered(live_server.container, confirmation.group(1))


@pytest.mark.rasa
def test_newcomer_orders_from_three_shops_by_typing(nlu_page, live_server_nlu):
    chat = Chat(nlu_page, live_server_nlu.url)
    chat.open()

    chat.say("Ich hätte gern ein Roggenmischbrot, einen Liter Milch vom Hof Schulze "
             "und eine Flasche Riesling trocken")
    for _ in range(3):  # a product the NLU could not pin down comes back as a question with buttons
        if chat.has_choice(re.compile(r"Riesling|Milch|Roggenmischbrot")):
            chat.press(re.compile(r"Riesling trocken|Frischmilch.*Hof Schulze|Roggenmischbrot"))
    chat.say("Das war's, ich möchte bestellen")
    if chat.has_choice("Liefern lassen"):
        chat.say("Bitte liefern")
    readback = checkout_details(chat)
    for shop in SHOPS:
        assert shop in readback, readback
    assert "Samstag, 28. November, 9–13 Uhr" in readback
    chat.say("Ja, bitte bestellen")
    confirmation = CONFIRMED.search(chat.last().text)
    assert confirmation, chat.transcript()
    screenshot(nlu_page, "web-journey-typed-phone")
    assert_ordered(live_server_nlu.container, confirmation.group(1))
