"""Telegram shows what a reply says it is (``Reply.view``), and reads nothing from the database
for it: the cart's + and − rows and a product page's photos come from the reply alone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.application import payloads
from bot.application.turns import CartLineView, CartView, Choice, ProductCard, ProductPage, Reply
from bot.channels.telegram.residents import send_replies

pytestmark = pytest.mark.anyio

CHAT = 4242
CART_CHOICES = (Choice("Bestellen", str(payloads.CHECKOUT)), Choice("Weiter einkaufen", str(payloads.MORE)))


class RecordingBot:
    """Only what ``send_replies`` calls; no network, and no container or database anywhere."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []

    async def send_message(self, chat_id, text, reply_markup=None):
        self.sent.append(("message", {"chat_id": chat_id, "text": text, "markup": reply_markup}))

    async def send_photo(self, chat_id, photo, caption=None, reply_markup=None):
        self.sent.append(("photo", {"chat_id": chat_id, "photo": photo, "caption": caption, "markup": reply_markup}))


def buttons(markup) -> list[list[tuple[str, str]]]:
    return [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard] if markup else []


async def test_a_cart_view_gets_its_rows_from_the_reply():
    view = CartView((CartLineView(17, "Frischmilch", Decimal(2), "piece"),
                     CartLineView(18, "Gouda mittelalt", Decimal("0.400"), "kg"),
                     CartLineView(19, "Rinderhack", None, "kg")))
    bot = RecordingBot()
    await send_replies(bot, CHAT, [Reply("Im Warenkorb: …", CART_CHOICES, view=view)])

    [(kind, sent)] = bot.sent
    assert kind == "message" and sent["chat_id"] == CHAT
    assert buttons(sent["markup"]) == [
        [("➖", "dec:17"), ("✖️ 2× Frischmilch", "remove:17"), ("➕", "inc:17")],
        [("➖", "dec:18"), ("✖️ 0,4 kg Gouda mittelalt", "remove:18"), ("➕", "inc:18")],
        [("➖", "dec:19"), ("✖️  Rinderhack", "remove:19"), ("➕", "inc:19")],
        [("Bestellen", "checkout"), ("Weiter einkaufen", "more")],
    ]


async def test_the_same_choices_without_a_view_get_no_cart_rows():
    # "Bestellen" and "Weiter einkaufen" no longer make a cart view: the reply says what it is.
    bot = RecordingBot()
    await send_replies(bot, CHAT, [Reply("Darf es noch etwas sein?", CART_CHOICES)])
    [(_, sent)] = bot.sent
    assert buttons(sent["markup"]) == [[("Bestellen", "checkout"), ("Weiter einkaufen", "more")]]


async def test_a_product_page_shows_the_photos_it_carries():
    page = ProductPage((ProductCard(5, "Grauburgunder trocken", "0,75 l", 1150, "piece", "AgACgrau"),
                        ProductCard(6, "Riesling", None, 990, "piece"),  # no photo: only its button
                        ProductCard(7, "Bergkäse", "", 2490, "kg", "AgACkaese")))
    choices = tuple(Choice(f"{p.name}", str(payloads.Add(p.product_id))) for p in page.products)
    bot = RecordingBot()
    await send_replies(bot, CHAT, [Reply("Wein von der Weinhandlung König:", choices, view=page)])

    photos = [sent for kind, sent in bot.sent if kind == "photo"]
    assert [(p["photo"], p["caption"]) for p in photos] == [
        ("AgACgrau", "Grauburgunder trocken, 0,75 l – 11,50 €"),
        ("AgACkaese", "Bergkäse – 24,90 € je kg"),
    ]
    assert buttons(photos[0]["markup"]) == [[("🛒 In den Warenkorb", "add:5")]]
    assert bot.sent[-1][0] == "message" and bot.sent[-1][1]["text"] == "Wein von der Weinhandlung König:"


async def test_add_choices_without_a_product_page_bring_no_photos():
    bot = RecordingBot()
    await send_replies(bot, CHAT, [Reply("Welcher?", (Choice("Riesling", "add:6"),))])
    assert [kind for kind, _ in bot.sent] == ["message"]


async def test_a_plus_press_edits_the_cart_message_in_place():
    class Query:
        def __init__(self) -> None:
            self.edited: list[tuple[str, object]] = []

        async def edit_message_text(self, text, reply_markup=None):
            self.edited.append((text, reply_markup))

    query, bot = Query(), RecordingBot()
    view = CartView((CartLineView(17, "Frischmilch", Decimal(3), "piece"),))
    await send_replies(bot, CHAT, [Reply("3 Flaschen Frischmilch …", CART_CHOICES, view=view)],
                       edit=query)
    assert bot.sent == []
    [(text, markup)] = query.edited
    assert text == "3 Flaschen Frischmilch …"
    assert buttons(markup)[0] == [("➖", "dec:17"), ("✖️ 3× Frischmilch", "remove:17"), ("➕", "inc:17")]
