"""A newcomer orders bread, milk and a bottle of wine from three shops for Saturday morning.

Three ways, all through the real dialogue and ending at the order confirmation, with the order
in the database (three shops, the Saturday 9–13 delivery window):

* with buttons, no NLU server (what a resident does when typing is a bother or Rasa is away;
  postcode, day and contact details are typed, as only they can be);
* typing, no NLU server, paying online: the confirmation carries the payment link of the
  local Stripe, shown as a link that opens the payment page in a new tab;
* typing German sentences a real Rasa server understands (marked ``rasa``).
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


def checkout_details(chat: Chat, pay: str = "online") -> str:
    """Postcode, day, name, phone and street as a newcomer types them; returns the read-back."""
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
        if re.search(r"Wie möchten Sie bezahlen", text):
            chat.say(pay)
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
    # 4,60 + 1,29 + 9,90 + 3,50 delivery + 0,15 Pfand on the milk bottle, said with its line
    assert "dazu 0,15 € Pfand" in readback and "Zusammen 19,44 €" in readback, readback
    assert "Samstag, 28. November, 9–13 Uhr" in readback
    screenshot(page, "web-journey-readback-phone")

    chat.press("Ja, bestellen")
    confirmation = CONFIRMED.search(chat.last().text)
    assert confirmation, chat.transcript()
    assert chat.focused()["id"] == "message"
    assert not chat.errors, chat.errors
    screenshot(page, "web-journey-confirmed-phone")
    assert_ordered(live_server.container, confirmation.group(1))


def test_newcomer_types_her_list_and_gets_a_payment_link(stripe_page, live_server_stripe):
    page = stripe_page
    chat = Chat(page, live_server_stripe.url)
    chat.open()

    chat.say("Ich hätte gern ein Roggenmischbrot, einen Liter Milch vom Hof Schulze "
             "und eine Flasche Riesling trocken")
    noted = " ".join(m.text for m in chat.messages())
    for product in ("Roggenmischbrot", "Frischmilch", "Riesling trocken"):
        assert product in noted, chat.transcript()
    chat.say("Bestellen")
    chat.say("liefern")
    readback = checkout_details(chat, pay="online")
    assert "online" in readback and "Samstag, 28. November, 9–13 Uhr" in readback, readback
    assert "Zusammen 19,44 €" in readback, readback  # with the milk bottle's 0,15 € Pfand
    chat.say("ja")

    said = chat.last()
    confirmation = CONFIRMED.search(said.text)
    assert confirmation, chat.transcript()
    assert said.link and "/_fake/pay/cs_" in said.link, said
    link = page.get_by_role("link", name=re.compile("Jetzt bezahlen"))
    assert link.count() == 1
    assert link.get_attribute("href") == said.link
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    assert "neuen Tab" in link.text_content()
    screenshot(page, "web-journey-payment-link-phone")
    with page.expect_popup() as popup:
        link.focus()
        page.keyboard.press("Enter")
    assert popup.value.url.startswith(said.link.split("?")[0])
    popup.value.close()
    assert_ordered(live_server_stripe.container, confirmation.group(1))
    assert not chat.errors, chat.errors


def test_stripe_sends_the_resident_back_to_readable_pages(page, live_server):
    for path, heading in (("/bezahlt", "Vielen Dank für Ihre Zahlung!"),
                          ("/abgebrochen", "Die Zahlung wurde abgebrochen")):
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert page.get_attribute("html", "lang") == "de"
        assert page.get_by_role("link", name="Zurück zum Chat").get_attribute("href") == "/"
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    screenshot(page, "web-payment-cancelled-phone")


@pytest.mark.rasa
def test_newcomer_orders_from_three_shops_by_typing(nlu_page, live_server_nlu):
    chat = Chat(nlu_page, live_server_nlu.url)
    chat.open()

    said = chat.say("Ich hätte gern ein Roggenmischbrot, einen Liter Milch vom Hof Schulze "
                    "und eine Flasche Riesling trocken")
    noted = " ".join(m.text for m in said)
    for item in ("1 Laib Roggenmischbrot", "1 Flasche Frischmilch", "1 Flasche Riesling trocken"):
        assert item in noted, chat.transcript()
    # Everything is noted; should Kiepe still ask something, the resident goes on to order.
    chat.say("Das war's, ich möchte bestellen")
    if chat.has_choice("Liefern lassen"):
        chat.say("Bitte liefern")
    readback = checkout_details(chat)
    for shop in SHOPS:
        assert shop in readback, readback
    assert "1 Flasche Riesling trocken" in readback and "Zusammen 19,44 €" in readback, readback
    assert "Samstag, 28. November, 9–13 Uhr" in readback
    chat.say("Ja, bitte bestellen")
    assert "nur einfache Sätze" not in chat.transcript(), "the NLU server was not used"
    confirmation = CONFIRMED.search(chat.last().text)
    assert confirmation, chat.transcript()
    screenshot(nlu_page, "web-journey-typed-phone")
    assert_ordered(live_server_nlu.container, confirmation.group(1))
