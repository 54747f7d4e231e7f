"""Issue 17 on the shop's Telegram card: the Pfand listed with its goods (and never rejected on its
own), and a substitute offered with buttons: the shop's own goods, no dearer, the same Pfand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from ordering import cart as carts
from ordering import checkout, residents, substitutes
from ordering.models import Order
from tests.ordering.conftest import NOW
from tests.payments.issue17_world import THURSDAY_9, drinks_world
from tests.telegram.test_shops import link

pytestmark = pytest.mark.anyio
KAMPS_CHAT = 7011
RESIDENT = 4243


@pytest.fixture
def world(db):
    return drinks_world(db)


def _order(world) -> tuple[int, int, int, int]:
    """Two crates of Pils and six bottles of apple juice; (order, sub-order, Pils line, its Pfand line)."""
    slot_id = world.slot("delivery", THURSDAY_9)
    with world.db.session() as s:
        resident = residents.register_resident(s, world.region_id, residents.ResidentData(
            name="Anna Brüggemann", phone="02541 111111", street="Letter Straße 5", postcode="48653",
            telegram_id=RESIDENT))
        cart = carts.open_cart(s, world.region_id, resident_id=resident.id)
        carts.add_product(s, cart, world.products["pils-kasten"], Decimal(2))
        carts.add_product(s, cart, world.products["apfelsaft"], Decimal(6))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        order = checkout.checkout(s, cart, now=NOW, payment_method="on_delivery", channel="telegram")
        sub = order.sub_orders[0]
        pils = next(l for l in sub.lines if l.product_slug == "pils-kasten" and not l.is_deposit)
        pfand = next(l for l in sub.lines if l.deposit_for_line_id == pils.id)
        return order.id, sub.id, pils.id, pfand.id


async def test_the_shop_offers_a_substitute_with_buttons(tg, world):
    await link(tg, "getraenke-kamps", KAMPS_CHAT)
    order_id, sub_id, pils, pfand = _order(world)
    await tg.container.events.dispatch_pending()
    card = tg.rec.last_text(KAMPS_CHAT)
    assert "• 2 Kästen Pils, Kasten 20 × 0,5 l – 33,98 €" in card
    assert "• Pfand 2 × Kasten à 3,10 € – 6,20 €" in card and "Summe: 55,48 €" in card

    await tg.press(KAMPS_CHAT, f"so:r:{sub_id}")
    menu = tg.rec.buttons(tg.rec.of("editMessageText")[-1])
    assert ("🔁 Ersatz", f"so:e:{sub_id}:{pils}") in menu
    assert not any(data.endswith(f":{pfand}") for _, data in menu), "the Pfand is never an item of its own"

    await tg.press(KAMPS_CHAT, f"so:e:{sub_id}:{pils}")
    choices = tg.rec.of("editMessageText")[-1]
    assert "Was können Sie statt Pils, Kasten 20 × 0,5 l anbieten? Höchstens 33,98 €" in choices.params["text"]
    export = world.products["export-kasten"]
    assert tg.rec.buttons(choices) == [("🔁 Export, Kasten 20 × 0,5 l", f"sp:{sub_id}:{pils}:{export}"),
                                       ("↩️ Zurück", f"so:r:{sub_id}")]

    await tg.press(KAMPS_CHAT, f"sp:{sub_id}:{pils}:{export}")
    done = tg.rec.of("editMessageText")[-1]
    assert "Ersatz angeboten: Export, Kasten 20 × 0,5 l statt Pils, Kasten 20 × 0,5 l." in done.params["text"]
    assert ("🔁 Ersatz", f"so:e:{sub_id}:{pils}") not in tg.rec.buttons(done), "offered once"
    with world.db.session() as s:
        [offer] = substitutes.offers_of_order(s, order_id)
        assert (offer.status, offer.offered_cents) == ("proposed", 3198)
        assert "substitute_proposed" in [e.event for e in s.get(Order, order_id).events]

    # A forged button for a dearer product, and another chat, change nothing.
    radler = world.products["radler-kasten"]
    await tg.press(KAMPS_CHAT, f"sp:{sub_id}:{pils}:{radler}")
    assert tg.rec.of("answerCallbackQuery")[-1].params["text"] == (  # German for the shop, not the developers' English
        "Das geht nicht: Für Pils, Kasten 20 × 0,5 l ist schon Ersatz angeboten.")
    await tg.press(31337, f"sp:{sub_id}:{pils}:{export}")
    assert "gehört nicht zu Ihrem Geschäft" in tg.rec.of("answerCallbackQuery")[-1].params["text"]
    with world.db.session() as s:
        assert len(list(s.scalars(select(substitutes.SubstituteOffer)))) == 1


async def test_the_resident_answers_on_telegram_with_buttons(tg, world):
    await link(tg, "getraenke-kamps", KAMPS_CHAT)
    order_id, sub_id, pils, _ = _order(world)
    await tg.press(KAMPS_CHAT, f"sp:{sub_id}:{pils}:{world.products['export-kasten']}")  # sends the question too
    with world.db.session() as s:
        [offer] = substitutes.offers_of_order(s, order_id)
        offer_id = offer.id
    question = tg.rec.to(RESIDENT, "sendMessage")[-1]
    assert question.params["text"] == (
        "🔁 Getränke Kamps hat Pils, Kasten 20 × 0,5 l leider nicht. Statt dessen: Export, Kasten 20 × 0,5 l, "
        "31,98 € (Sie zahlen 2,00 € weniger). Ist Ihnen das recht? Bitte antworten Sie bis Donnerstag, "
        "26. November, 7 Uhr.")
    assert tg.rec.buttons(question) == [("✅ Ja, gern", f"ersatz:{offer_id}:ja"), ("❌ Nein, danke", f"ersatz:{offer_id}:nein")]

    await tg.press(31337, f"ersatz:{offer_id}:ja")  # another chat: nothing happens
    assert "gehört nicht zu Ihrer Bestellung" in tg.rec.of("answerCallbackQuery")[-1].params["text"]
    await tg.press(RESIDENT, f"ersatz:{offer_id}:vielleicht")  # a mangled button: nothing happens either
    assert "gehört nicht zu Ihrer Bestellung" in tg.rec.of("answerCallbackQuery")[-1].params["text"]
    await tg.press(RESIDENT, f"ersatz:{offer_id}:nein")
    assert tg.rec.of("editMessageText")[-1].params["text"] == (
        "👍 Sie bekommen keinen Ersatz für Pils, Kasten 20 × 0,5 l. 40,18 € zahlen Sie weniger.")
    await tg.press(RESIDENT, f"ersatz:{offer_id}:ja")  # changing one's mind afterwards is refused
    assert "schon geantwortet" in tg.rec.of("answerCallbackQuery")[-1].params["text"]
    with world.db.session() as s:
        offer = s.get(substitutes.SubstituteOffer, offer_id)
        assert (offer.status, offer.decided_by, offer.line.rejected) == ("declined", "resident", True)
