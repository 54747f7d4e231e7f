"""Weighed goods on Telegram: the "wiegen" button on the shop's card, then the weight as a message
(real Update JSON through process_update, Telegram's answers recorded)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ordering.models import Order
from tests.telegram.test_shops import KOENIG_CHAT, RESIDENT, SCHULZE_CHAT, link, place_order, sub_of

pytestmark = pytest.mark.anyio


async def test_a_shop_weighs_by_button_and_number_and_the_resident_hears_the_final_amount(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    order_id = place_order(world)
    await tg.container.events.dispatch_pending()
    sub = sub_of(world, order_id, "hof-schulze")
    potatoes = next(line for line in sub.lines if line.name == "Kartoffeln")
    card = tg.rec.to(SCHULZE_CHAT, "sendMessage")[-1]
    assert "etwa 1,5 Kilo Kartoffeln – 2,70 €" in card.params["text"]
    assert ("⚖️ Kartoffeln wiegen", f"so:w:{sub.id}:{potatoes.id}") in tg.rec.buttons(card)

    await tg.press(SCHULZE_CHAT, f"so:w:{sub.id}:{potatoes.id}")
    assert tg.rec.last_text(SCHULZE_CHAT) == ("⚖️ Wie viel wiegt Kartoffeln? Bitte schicken Sie nur das Gewicht, "
                                              "zum Beispiel 0,312 (höchstens 1,650 kg).")
    await tg.say(SCHULZE_CHAT, "1,7")
    assert tg.rec.last_text(SCHULZE_CHAT) == ("Höchstens 1,650 kg (10 % über 1,500 kg). "
                                              "Bitte schicken Sie das Gewicht noch einmal.")
    assert sub_of(world, order_id, "hof-schulze").subtotal_cents == 528  # nothing changed

    await tg.say(SCHULZE_CHAT, "1,62 kg")
    texts = tg.rec.texts(SCHULZE_CHAT)
    assert texts[-2] == "✅ Kartoffeln: 1,620 kg, 2,92 €. Neue Summe: 5,50 €."
    assert "⚖️ 1,62 Kilo Kartoffeln – 2,92 €" in texts[-1] and "Summe: 5,50 €" in texts[-1]  # the card again
    assert ("⚖️ Kartoffeln neu wiegen", f"so:w:{sub.id}:{potatoes.id}") in tg.rec.buttons(
        tg.rec.to(SCHULZE_CHAT, "sendMessage")[-1])
    line = next(l for l in sub_of(world, order_id, "hof-schulze").lines if l.id == potatoes.id)
    assert (line.weighed_quantity, line.total_cents) == (Decimal("1.620"), 292)

    await tg.container.events.dispatch_pending()
    with world.db.session() as s:
        total = s.get(Order, order_id).total_cents
    assert tg.rec.last_text(RESIDENT) == (f"⚖️ Ihre Bestellung K-2611-000001 ist abgewogen. "
                                          f"Der Endbetrag ist {total // 100},{total % 100:02d} €.")

    # The weighing is over: a number now is not taken as a weight again.
    await tg.say(SCHULZE_CHAT, "Preis Kartoffeln 1,90")
    assert "kostet jetzt 1,90 €" in tg.rec.last_text(SCHULZE_CHAT)


async def test_another_shops_scale_button_changes_nothing(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    await link(tg, "weinhandlung-koenig", KOENIG_CHAT)
    order_id = place_order(world)
    sub = sub_of(world, order_id, "hof-schulze")
    potatoes = next(line for line in sub.lines if line.name == "Kartoffeln")
    tg.rec.clear()
    await tg.press(KOENIG_CHAT, f"so:w:{sub.id}:{potatoes.id}", user_id=55)
    answer = tg.rec.of("answerCallbackQuery")[-1]
    assert answer.params["text"].startswith("Diese Bestellung gehört nicht zu Ihrem Geschäft")
    await tg.say(KOENIG_CHAT, "1,2", user_id=55)  # no weighing open in this chat: a catalog command, not a weight
    assert sub_of(world, order_id, "hof-schulze").subtotal_cents == 528


async def test_a_message_without_a_number_ends_the_weighing(tg, world):
    await link(tg, "hof-schulze", SCHULZE_CHAT)
    order_id = place_order(world)
    sub = sub_of(world, order_id, "hof-schulze")
    potatoes = next(line for line in sub.lines if line.name == "Kartoffeln")
    await tg.press(SCHULZE_CHAT, f"so:w:{sub.id}:{potatoes.id}")
    await tg.say(SCHULZE_CHAT, "Spargel ausverkauft")
    assert "Spargel" in tg.rec.last_text(SCHULZE_CHAT)  # handled as the catalog change it is
    await tg.say(SCHULZE_CHAT, "1,4")
    assert sub_of(world, order_id, "hof-schulze").subtotal_cents == 528
