"""The shops' side on Telegram: linking, order cards and their buttons, reminders, products by photo."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from bot.channels.telegram import linking
from ordering import cart as carts
from ordering import catalog, checkout, orders, residents
from ordering.listing import ProductPhoto
from ordering.models import (
    Order,
    OrderEvent,
    ProcessedEvent,
    Product,
    Region,
    Shop,
    SubOrder,
)
from tests.ordering.conftest import NOW
from tests.telegram.conftest import ADMIN_CHAT

pytestmark = pytest.mark.anyio

SCHULZE_CHAT = 7001  # the farm's own chat
KOENIG_CHAT = -7002  # the wine shop's staff group
RESIDENT = 4242  # Anna's Telegram user id = her private chat
TUESDAY_9 = NOW.replace(hour=9) + timedelta(days=1)


async def link(tg, slug: str, chat_id: int) -> None:
    key = linking.signing_key(tg.container)
    with tg.container.database.session() as s:
        shop = s.scalar(select(Shop).where(Shop.slug == slug))
        code = linking.make_code(key, shop, tg.container.clock.now(), hours=48).code
    await tg.say(chat_id, f"/start {code}")


def place_order(world, *, telegram_id: int = RESIDENT, payment_method: str = "on_delivery") -> int:
    """Anna orders milk and potatoes (Hof Schulze) and a Spätburgunder (König) for Tuesday 9–12."""
    slot_id = world.slot("delivery", TUESDAY_9)
    with world.db.session() as s:
        resident = residents.register_resident(s, world.region_id, residents.ResidentData(
            name="Anna Brüggemann", phone="02541 111111", street="Letter Straße 5", postcode="48653",
            telegram_id=telegram_id))
        cart = carts.open_cart(s, world.region_id, resident_id=resident.id)
        carts.add_product(s, cart, world.products["frischmilch"], Decimal(2))
        carts.add_product(s, cart, world.products["kartoffeln"], Decimal("1.5"))
        carts.add_product(s, cart, world.products["spaetburgunder"], Decimal(1))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        return checkout.checkout(s, cart, now=NOW, payment_method=payment_method, channel="telegram").id


def sub_of(world, order_id: int, slug: str) -> SubOrder:
    """A shop's sub-order with its lines loaded, to read after the session."""
    with world.db.session() as s:
        sub = next(sub for sub in s.get(Order, order_id).sub_orders if sub.shop.slug == slug)
        sub.lines  # noqa: B018 - load them before the session closes
        return sub


# ---------------------------------------------------------------- linking


async def test_a_shop_links_its_chat_with_a_one_time_code(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    assert "mit Hof Schulze verknüpft" in tg.rec.last_text(SCHULZE_CHAT)
    with world.db.session() as s:
        assert s.get(Shop, world.shops["hof-schulze"]).telegram_chat_id == SCHULZE_CHAT


async def test_a_link_code_works_once_and_a_wrong_one_not_at_all(tg, world):
    key = linking.signing_key(tg.container)
    with world.db.session() as s:
        code = linking.make_code(key, s.get(Shop, world.shops["hof-schulze"]), NOW, hours=48).code
    await tg.say(SCHULZE_CHAT, f"/link {code}")
    await tg.say(9999, f"/link {code}")
    assert "schon benutzt" in tg.rec.last_text(9999)
    forged = code[:-2] + ("AA" if not code.endswith("AA") else "BB")
    await tg.say(9998, f"/link {forged}")
    assert "kenne ich nicht" in tg.rec.last_text(9998)
    with world.db.session() as s:
        assert s.get(Shop, world.shops["hof-schulze"]).telegram_chat_id == SCHULZE_CHAT


async def test_an_expired_link_code_is_refused(tg, world):
    key = linking.signing_key(tg.container)
    with world.db.session() as s:
        code = linking.make_code(key, s.get(Shop, world.shops["hof-schulze"]), NOW, hours=48).code
    tg.container.clock.set(NOW + timedelta(hours=49))
    await tg.say(SCHULZE_CHAT, f"/link {code}")
    assert "abgelaufen" in tg.rec.last_text(SCHULZE_CHAT)


# ---------------------------------------------------------------- orders


async def test_a_new_order_arrives_as_a_card_with_buttons_in_each_shops_chat(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    await link(tg, "weinhandlung-koenig", KOENIG_CHAT)
    order_id = place_order(world)
    await tg.container.events.dispatch_pending()

    card = tg.rec.to(SCHULZE_CHAT, "sendMessage")[-1]
    text = card.params["text"]
    assert "Bestellung K-2611-" in text
    assert "Lieferung nach Coesfeld: Dienstag, 24. November, 9–12 Uhr" in text
    assert "2 Flaschen Frischmilch (1 l) – 2,58 €" in text and "1,5 Kilo Kartoffeln – 2,70 €" in text
    assert "Spätburgunder" not in text  # the wine is König's business
    sub = sub_of(world, order_id, "hof-schulze")
    potatoes = next(line for line in sub.lines if line.name == "Kartoffeln")  # weighed goods: a scale button
    assert tg.rec.buttons(card) == [("✅ Annehmen", f"so:a:{sub.id}"), ("✖️ Artikel ablehnen", f"so:r:{sub.id}"),
                                    ("⚖️ Kartoffeln wiegen", f"so:w:{sub.id}:{potatoes.id}"),
                                    ("📦 Fertig", f"so:f:{sub.id}")]
    assert "Spätburgunder trocken (0,75 l) – 12,90 €" in tg.rec.last_text(KOENIG_CHAT)

    await tg.container.events.dispatch_pending()  # a retry sends nothing twice
    assert len(tg.rec.to(SCHULZE_CHAT, "sendMessage")) == 2  # the link answer and the card


async def test_accept_then_ready_tells_the_resident(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    order_id = place_order(world)
    sub = sub_of(world, order_id, "hof-schulze")

    await tg.press(SCHULZE_CHAT, f"so:a:{sub.id}")
    assert sub_of(world, order_id, "hof-schulze").status == "confirmed"
    edited = tg.rec.of("editMessageText")[-1]
    assert "Status: ✅ Angenommen" in edited.params["text"]
    potatoes = next(line for line in sub.lines if line.name == "Kartoffeln")
    assert tg.rec.buttons(edited) == [("⚖️ Kartoffeln wiegen", f"so:w:{sub.id}:{potatoes.id}"),
                                      ("📦 Fertig", f"so:f:{sub.id}")]
    assert "Hof Schulze hat Ihre Bestellung K-2611-" in tg.rec.last_text(RESIDENT)
    assert "angenommen" in tg.rec.last_text(RESIDENT)

    await tg.press(SCHULZE_CHAT, f"so:f:{sub.id}")
    assert sub_of(world, order_id, "hof-schulze").status == "ready"
    assert "fertig gepackt" in tg.rec.last_text(RESIDENT)

    with world.db.session() as s:  # the courier takes the bag: the resident hears it is on its way
        orders.hand_over(s, sub.id, actor="courier", now=NOW)
    await tg.container.events.dispatch_pending()
    assert tg.rec.last_text(RESIDENT) == ("🚚 Ihre Bestellung von Hof Schulze ist unterwegs zu Ihnen: "
                                          "Dienstag, 24. November, 9–12 Uhr.")


async def test_rejecting_an_item_tells_the_resident_the_refund(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    order_id = place_order(world, payment_method="on_delivery")
    sub = sub_of(world, order_id, "hof-schulze")
    milk = next(line for line in sub.lines if line.name == "Frischmilch")

    await tg.press(SCHULZE_CHAT, f"so:r:{sub.id}")
    menu = tg.rec.of("editMessageText")[-1]
    assert ("✖️ Frischmilch", f"so:x:{sub.id}:{milk.id}") in tg.rec.buttons(menu)
    await tg.press(SCHULZE_CHAT, f"so:x:{sub.id}:{milk.id}")
    assert "<s>2 Flaschen Frischmilch (1 l) – 2,58 €</s> (abgelehnt)" in tg.rec.of("editMessageText")[-1].params["text"]
    await tg.press(SCHULZE_CHAT, f"so:a:{sub.id}")

    assert sub_of(world, order_id, "hof-schulze").status == "partly_confirmed"
    assert tg.rec.last_text(RESIDENT) == (
        "✅ Hof Schulze hat Ihre Bestellung K-2611-000001 angenommen, hat aber leider nicht: Frischmilch. "
        "Sie zahlen 2,58 € weniger.")


async def test_a_shop_rejecting_everything_refunds_all_its_items(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    order_id = place_order(world, payment_method="online")
    sub = sub_of(world, order_id, "hof-schulze")
    await tg.press(SCHULZE_CHAT, f"so:r:{sub.id}")
    await tg.press(SCHULZE_CHAT, f"so:n:{sub.id}")
    assert sub_of(world, order_id, "hof-schulze").status == "rejected"
    assert tg.rec.last_text(RESIDENT) == ("❌ Hof Schulze kann Ihre Bestellung K-2611-000001 leider nicht liefern. "
                                          "5,28 € erstatten wir Ihnen.")


async def test_a_button_on_another_shops_order_is_refused_and_changes_nothing(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    await link(tg, "weinhandlung-koenig", KOENIG_CHAT)
    order_id = place_order(world)
    schulze = sub_of(world, order_id, "hof-schulze")
    line = schulze.lines[0]
    tg.rec.clear()

    for data in (f"so:a:{schulze.id}", f"so:x:{schulze.id}:{line.id}", f"so:n:{schulze.id}", f"so:f:{schulze.id}"):
        await tg.press(KOENIG_CHAT, data, user_id=55)
    answers = tg.rec.of("answerCallbackQuery")
    assert len(answers) == 4
    assert all(a.params["text"].startswith("Diese Bestellung gehört nicht zu Ihrem Geschäft") for a in answers)
    assert all(a.params.get("show_alert") for a in answers)
    assert not tg.rec.of("editMessageText") and not tg.rec.to(RESIDENT)
    with world.db.session() as s:
        sub = s.get(SubOrder, schulze.id)
        assert sub.status == "placed" and not any(l.rejected for l in sub.lines)
        assert [e.event for e in s.get(Order, order_id).events] == ["placed"]


async def test_a_button_in_an_unlinked_chat_is_refused(tg, world):
    order_id = place_order(world)
    sub = sub_of(world, order_id, "hof-schulze")
    await tg.press(31337, f"so:a:{sub.id}")
    assert tg.rec.of("answerCallbackQuery")[-1].params["show_alert"] is True
    assert sub_of(world, order_id, "hof-schulze").status == "placed"


async def test_fertig_on_a_decided_order_is_too_late(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    order_id = place_order(world)
    sub = sub_of(world, order_id, "hof-schulze")
    await tg.press(SCHULZE_CHAT, f"so:n:{sub.id}")
    await tg.press(SCHULZE_CHAT, f"so:f:{sub.id}")
    assert tg.rec.of("answerCallbackQuery")[-1].params["text"] == "Das geht bei dieser Bestellung nicht mehr."
    assert sub_of(world, order_id, "hof-schulze").status == "rejected"


# ---------------------------------------------------------------- reminders


async def test_unanswered_orders_are_reminded_then_escalated_once_each(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    order_id = place_order(world)
    container = tg.container
    sub = sub_of(world, order_id, "hof-schulze")
    tg.rec.clear()

    assert await container.reminders.run_once(NOW + timedelta(minutes=29)) == 0
    assert await container.reminders.run_once(NOW + timedelta(minutes=31)) == 2  # both shops' parts
    reminder = tg.rec.to(SCHULZE_CHAT)[-1]
    assert reminder.params["text"].startswith("⏰ Bestellung K-2611-000001 wartet seit 31 Minuten")
    assert ("✅ Annehmen", f"so:a:{sub.id}") in tg.rec.buttons(reminder)
    assert not tg.rec.to(ADMIN_CHAT)

    assert await container.reminders.run_once(NOW + timedelta(minutes=45)) == 0
    await tg.press(SCHULZE_CHAT, f"so:a:{sub.id}")  # Schulze answers; the others do not
    assert await container.reminders.run_once(NOW + timedelta(minutes=95)) == 1
    assert tg.rec.texts(ADMIN_CHAT) == [(
        "⚠️ Weinhandlung König (kein Telegram verknüpft) hat Bestellung K-2611-000001 seit 95 Minuten nicht "
        "beantwortet. 🚚 Lieferung nach Coesfeld: Dienstag, 24. November, 9–12 Uhr, 12,90 €.")]
    assert await container.reminders.run_once(NOW + timedelta(minutes=200)) == 0
    with world.db.session() as s:
        events = s.scalars(select(OrderEvent.event).where(OrderEvent.order_id == order_id)).all()
        assert events.count("shop_reminded") == 2 and events.count("shop_escalated") == 1


# ---------------------------------------------------------------- products by photo and by text


def revision(world) -> int:
    with world.db.session() as s:
        return s.scalar(select(Region.catalog_revision))


async def test_a_captioned_photo_becomes_a_live_product_with_one_tap(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    before = revision(world)
    await tg.photo(SCHULZE_CHAT, "Apfelsaft naturtrüb 1 l 2,49")
    proposal = tg.rec.to(SCHULZE_CHAT, "sendMessage")[-1]
    assert proposal.params["text"] == ("So würde ich es einstellen:\nApfelsaft naturtrüb, 1 l – 2,49 € je Flasche, "
                                       "19 % MwSt., Getränke\n\nStimmt das?")
    ok = tg.button(SCHULZE_CHAT, "So einstellen")
    await tg.press(SCHULZE_CHAT, tg.button(SCHULZE_CHAT, "MwSt. 7"))  # switch and back again
    assert "7 % MwSt." in tg.rec.of("editMessageText")[-1].params["text"]
    await tg.press(SCHULZE_CHAT, tg.button(SCHULZE_CHAT, "MwSt. 19"))
    await tg.press(SCHULZE_CHAT, ok)

    assert tg.rec.of("editMessageText")[-1].params["text"].startswith("✅ Eingestellt und ab sofort bestellbar")
    with world.db.session() as s:
        product = s.scalar(select(Product).where(Product.slug == "apfelsaft-naturtrueb"))
        assert (product.name, product.size, product.unit, product.label, product.price_cents, product.vat,
                product.category, product.available, product.listed) == (
            "Apfelsaft naturtrüb", "1 l", "piece", "Flasche", 249, 19, "Getränke", True, True)
        assert s.get(ProductPhoto, product.id).ref == "AgACphoto1"  # the largest size's file id
        assert any(e.product_slug == "apfelsaft-naturtrueb" for e in catalog.catalog_snapshot(s, world.region_id))
    assert revision(world) == before + 1  # the voice assistant's index rebuilds on the next turn

    await tg.press(SCHULZE_CHAT, ok)  # a second tap finds nothing to do
    assert tg.rec.of("answerCallbackQuery")[-1].params["text"] == "Dieser Vorschlag ist nicht mehr offen."


async def test_a_photo_without_a_price_gets_a_clear_question(tg, world):
    await link(tg, "weinhandlung-koenig", KOENIG_CHAT)
    await tg.photo(KOENIG_CHAT, "Grauburgunder trocken 0,75 l")
    answer = tg.rec.last_text(KOENIG_CHAT)
    assert answer.startswith("Ich finde keinen Preis in „Grauburgunder trocken 0,75 l“.")
    assert "z. B. „Spätburgunder trocken 0,75 l 12,90“" in answer
    assert not tg.rec.buttons(tg.rec.to(KOENIG_CHAT)[-1])
    await tg.photo(KOENIG_CHAT, None)
    assert "Bildunterschrift" in tg.rec.last_text(KOENIG_CHAT)
    with world.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 6


async def test_a_proposal_from_another_chat_cannot_be_confirmed(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    await link(tg, "weinhandlung-koenig", KOENIG_CHAT)
    await tg.photo(SCHULZE_CHAT, "Honig 500 g 6,50")
    ok = tg.button(SCHULZE_CHAT, "So einstellen")
    await tg.press(KOENIG_CHAT, ok)
    assert tg.rec.of("answerCallbackQuery")[-1].params["show_alert"] is True
    with world.db.session() as s:
        assert s.scalar(select(Product).where(Product.name == "Honig")) is None


async def test_sold_out_back_again_and_new_price_by_text(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    before = revision(world)
    await tg.say(SCHULZE_CHAT, "Kartoffeln ausverkauft")
    assert tg.rec.last_text(SCHULZE_CHAT) == "Kartoffeln ist jetzt ausverkauft."
    with world.db.session() as s:
        assert s.get(Product, world.products["kartoffeln"]).available is False
    await tg.say(SCHULZE_CHAT, "Kartoffeln wieder da")
    assert tg.rec.last_text(SCHULZE_CHAT) == "Kartoffeln ist wieder bestellbar."
    await tg.say(SCHULZE_CHAT, "Preis Kartoffeln 1,95")
    assert tg.rec.last_text(SCHULZE_CHAT) == "Kartoffeln kostet jetzt 1,95 € je kg."
    await tg.say(SCHULZE_CHAT, "Frischmilch 1,35 €")
    with world.db.session() as s:
        assert s.get(Product, world.products["kartoffeln"]).price_cents == 195
        assert s.get(Product, world.products["frischmilch"]).price_cents == 135
    assert revision(world) == before + 4
    await tg.say(SCHULZE_CHAT, "Spargel ausverkauft")
    assert tg.rec.last_text(SCHULZE_CHAT) == "Ich finde „Spargel“ nicht in Ihrem Sortiment."
    await tg.say(SCHULZE_CHAT, "Wie geht das?")
    assert tg.rec.last_text(SCHULZE_CHAT).startswith("So pflegen Sie Ihr Sortiment")


async def test_an_ambiguous_name_asks_which_product(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    for caption in ("Spargel weiß 8,90 €/kg", "Spargel grün 7,90 €/kg"):
        await tg.photo(SCHULZE_CHAT, caption)
        await tg.press(SCHULZE_CHAT, tg.button(SCHULZE_CHAT, "So einstellen"))
    await tg.say(SCHULZE_CHAT, "Spargel ausverkauft")
    assert tg.rec.last_text(SCHULZE_CHAT) == "Welches meinen Sie mit „Spargel“?"
    await tg.press(SCHULZE_CHAT, tg.button(SCHULZE_CHAT, "Spargel grün"))
    assert tg.rec.of("editMessageText")[-1].params["text"] == "Spargel grün ist jetzt ausverkauft."
    with world.db.session() as s:
        spargel = {p.name: p.available for p in s.scalars(select(Product).where(Product.name.like("Spargel%")))}
    assert spargel == {"Spargel weiß": True, "Spargel grün": False}


# ---------------------------------------------------------------- updates


async def test_a_repeated_update_is_handled_once(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    update = tg.message_json(SCHULZE_CHAT, SCHULZE_CHAT, "Preis Kartoffeln 2,10")
    await tg.feed(update)
    await tg.feed(update)
    assert tg.rec.texts(SCHULZE_CHAT).count("Kartoffeln kostet jetzt 2,10 € je kg.") == 1
    with world.db.session() as s:
        assert s.scalar(select(func.count()).select_from(ProcessedEvent).where(
            ProcessedEvent.id.like("telegram-update:%"), ProcessedEvent.source == "telegram")) == 2


async def test_old_update_ids_are_forgotten_after_a_week(tg, world):
    from bot.channels.telegram.pushes import forget_old_updates

    await tg.say(SCHULZE_CHAT, "/start")
    assert forget_old_updates(tg.container.database, NOW + timedelta(days=1)) == 0
    assert forget_old_updates(tg.container.database, NOW + timedelta(days=8)) == 1


async def test_start_in_a_shop_chat_shows_the_shop_help(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    await tg.say(SCHULZE_CHAT, "/start")
    assert tg.rec.last_text(SCHULZE_CHAT).startswith("So pflegen Sie Ihr Sortiment")


async def test_a_pickup_order_at_the_station_and_a_family_groups_news(tg, world):
    """News of an order from a family group's shared cart go to the group, not to one member."""
    family = -100777
    await link(tg, "baeckerei-terstegen", 7003)
    slot_id = world.slot("pickup", NOW.replace(hour=16) + timedelta(days=1))
    with world.db.session() as s:
        resident = residents.register_resident(s, world.region_id, residents.ResidentData(
            name="Anna Brüggemann", phone="02541 111111", postcode="48653", telegram_id=RESIDENT))
        cart = carts.open_cart(s, world.region_id, owner_key=f"tg-group:{family}")
        cart.resident_id = resident.id  # the member who checks out
        carts.add_product(s, cart, world.products["weizenbroetchen"], Decimal(6))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        order_id = checkout.checkout(s, cart, now=NOW, payment_method="on_delivery", channel="telegram").id
    await tg.container.events.dispatch_pending()
    assert "🏪 Abholung an „Abholstation am Markt“: Dienstag, 24. November, 16–19 Uhr" in tg.rec.last_text(7003)

    sub = sub_of(world, order_id, "baeckerei-terstegen")
    await tg.press(7003, f"so:f:{sub.id}")  # packed at once: accepted and ready
    assert tg.rec.texts(family) == [
        "✅ Bäckerei Terstegen hat Ihre Bestellung K-2611-000001 angenommen.",
        "📦 Bäckerei Terstegen hat Ihre Bestellung K-2611-000001 fertig gepackt."]
    with world.db.session() as s:
        orders.hand_over(s, sub.id, actor="station:coesfeld-markt", now=NOW)
    await tg.container.events.dispatch_pending()
    assert tg.rec.last_text(family) == ("🏪 Ihre Bestellung von Bäckerei Terstegen liegt an der Station "
                                        "„Abholstation am Markt“ bereit. Abholung: Dienstag, 24. November, 16–19 Uhr.")
    assert not tg.rec.to(RESIDENT)
