"""The residents' bot through the real dialogue: buttons, browsing with photos, the cart, checkout,
the payment link, pushes from the shops, and a family group sharing one cart."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ordering import listing
from ordering.models import Cart, Conversation, Order, Shop
from ordering.ports import CheckoutSession
from tests.telegram.conftest import ADMIN_CHAT
from tests.telegram.test_shops import KOENIG_CHAT, SCHULZE_CHAT, link

pytestmark = pytest.mark.anyio

ANNA = 4242
FAMILY = -100777  # the family's group chat
PAUL = 5151  # Anna's son, in the family group
MENTION = "@kiepe_test_bot"


class LinkOnlyGateway:
    """A payment provider that only opens checkout pages (the dialogue needs no more to send a link)."""

    def __init__(self) -> None:
        self.sessions: list[dict] = []

    def create_checkout_session(self, **kwargs) -> CheckoutSession:
        self.sessions.append(kwargs)
        return CheckoutSession(id=f"cs_test_{len(self.sessions)}", url=f"https://pay.kiepe.example/cs_test_{len(self.sessions)}")

    def __getattr__(self, name: str):
        raise NotImplementedError(name)


def list_by_photo(world, slug: str, caption: str, file_id: str) -> int:
    with world.db.session() as s:
        shop = s.scalar(select(Shop).where(Shop.slug == slug))
        return listing.list_product(s, shop, listing.parse_caption(caption), photo_ref=file_id).id


async def test_start_greets_with_buttons(tg):
    await tg.say(ANNA, "/start")
    greeting = tg.rec.to(ANNA)[-1]
    assert greeting.params["text"].startswith("Guten Tag, Nutzer4242! Hier ist Kiepe")
    assert tg.rec.buttons(greeting) == [("Geschäfte ansehen", "browse:"), ("Warenkorb ansehen", "cart"),
                                        ("Hilfe", "help")]
    assert all(len(data.encode()) <= 64 for _, data in tg.rec.buttons(greeting))


async def test_browsing_town_shop_products_shows_product_photos(tg, world):
    wine = list_by_photo(world, "weinhandlung-koenig", "Grauburgunder trocken 0,75 l 11,50", "AgACgrau")
    await tg.press(ANNA, "browse:")
    assert tg.rec.last_text(ANNA) == "Aus welchem Ort?"
    await tg.press(ANNA, tg.button(ANNA, "Coesfeld"))
    assert tg.rec.last_text(ANNA) == "Geschäfte in Coesfeld:"
    await tg.press(ANNA, tg.button(ANNA, "Weinhandlung König"))
    assert tg.rec.last_text(ANNA) == "Was möchten Sie von der Weinhandlung König?"
    assert not tg.rec.to(ANNA, "sendPhoto")  # categories come without photos
    await tg.press(ANNA, tg.button(ANNA, "Wein"))

    photos = tg.rec.to(ANNA, "sendPhoto")
    assert len(photos) == 1
    assert photos[0].params["photo"] == "AgACgrau"
    assert photos[0].params["caption"] == "Grauburgunder trocken, 0,75 l – 11,50 €"
    assert tg.rec.buttons(photos[0]) == [("🛒 In den Warenkorb", f"add:{wine}")]
    page = tg.rec.to(ANNA, "sendMessage")[-1]
    assert ("Grauburgunder trocken 11,50 €", f"add:{wine}") in tg.rec.buttons(page)

    await tg.press(ANNA, f"add:{wine}")
    assert tg.rec.last_text(ANNA).startswith("1 Flasche Grauburgunder trocken von der Weinhandlung König, 11,50 €")


async def test_the_cart_has_plus_and_minus_buttons_that_edit_it_in_place(tg, world):
    await tg.say(ANNA, "2 Liter Milch und 6 Brötchen")
    await tg.press(ANNA, "cart")
    cart = tg.rec.to(ANNA)[-1]
    buttons = dict(tg.rec.buttons(cart))
    assert "✖️ 2× Frischmilch" in buttons and "✖️ 6× Weizenbrötchen" in buttons
    assert buttons["Bestellen"] == "checkout"
    line_rows = [row for row in tg.rec.buttons(cart) if row[1].startswith(("inc:", "dec:"))]
    assert len(line_rows) == 4

    plus_milk = next(d for l, d in tg.rec.buttons(cart) if d.startswith("inc:")
                     and d[4:] == buttons["✖️ 2× Frischmilch"][7:])
    await tg.press(ANNA, plus_milk)
    edited = tg.rec.of("editMessageText")[-1]
    assert "3 Flaschen Frischmilch" in edited.params["text"]
    assert ("✖️ 3× Frischmilch", buttons["✖️ 2× Frischmilch"]) in tg.rec.buttons(edited)
    await tg.press(ANNA, plus_milk.replace("inc:", "dec:"))
    await tg.press(ANNA, plus_milk.replace("inc:", "dec:"))
    assert "1 Flasche Frischmilch" in tg.rec.of("editMessageText")[-1].params["text"]


async def test_checkout_with_the_payment_link_then_the_shops_answers_arrive(tg, world):
    tg.container.gateway = LinkOnlyGateway()
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    await link(tg, "weinhandlung-koenig", KOENIG_CHAT)
    await tg.say(ANNA, "2 Liter Milch und eine Flasche Spätburgunder")
    await tg.press(ANNA, "checkout")
    await tg.press(ANNA, "fulfil:delivery")
    await tg.say(ANNA, "48653")
    await tg.press(ANNA, tg.button(ANNA, "Dienstag, 24. November, 9–12 Uhr"))
    await tg.say(ANNA, "02541 111111")
    await tg.say(ANNA, "Letter Straße 5")
    await tg.press(ANNA, tg.button(ANNA, "Online"))
    await tg.press(ANNA, tg.button(ANNA, "Ja, bestellen"))

    placed = tg.rec.to(ANNA)[-1]
    assert "Ihre Bestellung ist aufgegeben, die Nummer ist K-2611-000001" in placed.params["text"]
    assert tg.rec.buttons(placed) == [("💳 Jetzt bezahlen", "https://pay.kiepe.example/cs_test_1")]

    # The shops got their cards right away (the outbox is dispatched after the turn).
    schulze_card = tg.rec.to(SCHULZE_CHAT, "sendMessage")[-1]
    assert "2 Flaschen Frischmilch (1 l) – 2,58 €" in schulze_card.params["text"]
    with world.db.session() as s:
        order = s.scalar(select(Order))
        subs = {sub.shop.slug: (sub.id, [l.id for l in sub.lines]) for sub in order.sub_orders}
        assert order.channel == "telegram" and order.payment_method == "online"

    koenig_sub, (wine_line,) = subs["weinhandlung-koenig"]
    await tg.press(KOENIG_CHAT, f"so:x:{koenig_sub}:{wine_line}")  # the last bottle broke
    assert tg.rec.last_text(ANNA) == ("❌ Weinhandlung König kann Ihre Bestellung K-2611-000001 leider nicht liefern. "
                                      "12,90 € erstatten wir Ihnen.")
    schulze_sub, _ = subs["hof-schulze"]
    await tg.press(SCHULZE_CHAT, f"so:a:{schulze_sub}")
    assert tg.rec.last_text(ANNA) == "✅ Hof Schulze hat Ihre Bestellung K-2611-000001 angenommen."
    await tg.press(SCHULZE_CHAT, f"so:f:{schulze_sub}")
    assert tg.rec.last_text(ANNA) == "📦 Hof Schulze hat Ihre Bestellung K-2611-000001 fertig gepackt."


async def test_a_product_listed_by_photo_can_be_ordered_at_once(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    await tg.say(ANNA, "1 Liter Apfelsaft")  # not sold yet
    assert "Apfelsaft" not in tg.rec.last_text(ANNA) or "nicht" in " ".join(tg.rec.texts(ANNA)[-3:])
    await tg.photo(SCHULZE_CHAT, "Apfelsaft naturtrüb 1 l 2,49")
    await tg.press(SCHULZE_CHAT, tg.button(SCHULZE_CHAT, "So einstellen"))
    await tg.say(ANNA, "eine Flasche Apfelsaft")
    assert "1 Flasche Apfelsaft naturtrüb vom Hof Schulze, 2,49 €" in " ".join(tg.rec.texts(ANNA)[-3:])


async def family_cart(tg) -> None:
    """Anna writes to the bot by @mention, Paul by answering the bot's message; chatter is ignored."""
    await tg.say(FAMILY, f"{MENTION} 6 Brötchen", user_id=ANNA)
    await tg.say(FAMILY, "Wer holt Oma ab?", user_id=PAUL)
    bot_message = tg.rec.to(FAMILY)[-1]
    await tg.feed(tg.message_json(FAMILY, PAUL, "2 Liter Milch", reply_to_message={
        "message_id": 5000, "date": 0, "chat": tg.chat(FAMILY), "text": bot_message.params["text"],
        "from": {"id": 123456, "is_bot": True, "first_name": "Kiepe", "username": "kiepe_test_bot"}}))


async def test_a_family_group_shares_one_cart(tg, world):
    await family_cart(tg)
    assert all("Oma" not in t for t in tg.rec.texts(FAMILY))
    await tg.press(FAMILY, "cart", user_id=PAUL)
    cart_text = tg.rec.last_text(FAMILY)
    assert "6 Weizenbrötchen" in cart_text and "2 Flaschen Frischmilch" in cart_text
    with world.db.session() as s:
        carts = s.scalars(select(Cart).where(Cart.owner_key == f"tg-group:{FAMILY}")).all()
        assert len(carts) == 1 and len(carts[0].lines) == 2
    # Each member keeps their own open question; the cart is the group's.
    with world.db.session() as s:
        keys = set(s.scalars(select(Conversation.external_id).where(Conversation.channel == "telegram")))
    assert keys == {f"{FAMILY}:{ANNA}", f"{FAMILY}:{PAUL}"}


async def test_one_member_checks_out_for_the_family(tg, world):
    await family_cart(tg)
    await tg.press(FAMILY, "checkout", user_id=ANNA)
    await tg.press(FAMILY, "fulfil:pickup", user_id=ANNA)
    await tg.press(FAMILY, tg.button(FAMILY, "Dienstag"), user_id=ANNA)
    await tg.feed(tg.message_json(FAMILY, ANNA, f"{MENTION} 02541 111111"))
    await tg.press(FAMILY, tg.button(FAMILY, "Ja, bestellen"), user_id=ANNA)
    assert "Ihre Bestellung ist aufgegeben" in tg.rec.last_text(FAMILY)
    with world.db.session() as s:
        order = s.scalar(select(Order))
        assert sorted(l.name for sub in order.sub_orders for l in sub.lines) == ["Frischmilch", "Weizenbrötchen"]
    # The family hears the news in the group.
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    with world.db.session() as s:
        sub_id = next(sub.id for sub in s.scalar(select(Order)).sub_orders if sub.shop.slug == "hof-schulze")
    await tg.press(SCHULZE_CHAT, f"so:a:{sub_id}")
    assert tg.rec.last_text(FAMILY) == "✅ Hof Schulze hat Ihre Bestellung K-2611-000001 angenommen."


async def test_asking_for_a_person_tells_the_admin(tg):
    await tg.press(ANNA, "handoff")
    assert "jemand meldet sich bei Ihnen" in tg.rec.last_text(ANNA)
    assert tg.rec.last_text(ADMIN_CHAT) == ("🙋 Nutzer4242 möchte auf Telegram mit einem Menschen sprechen "
                                            "(Chat 4242).")
