"""Issue 17 in the conversation: the Pfand in the read-back, and the substitute wish said once
("bitte keinen Ersatz" / "Ersatz ist in Ordnung") kept on the order."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.dialogue.substitute_wish import said
from ordering.models import Order
from tests.dialogue.conftest import Talk

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("text", "expected"), [
    ("bitte keinen Ersatz", ("decline", "bitte")),
    ("Ersatz ist in Ordnung", ("accept", "")),
    ("zwei Brötchen, und ohne Ersatz bitte", ("decline", "zwei Brötchen, und bitte")),
    ("gerne mit Ersatz", ("accept", "")),
    ("zwei Ersatzbrötchen", (None, "zwei Ersatzbrötchen")),
])
def test_the_wish_is_found_in_what_was_said(text, expected):
    assert said(text) == expected


async def _checkout(talk: Talk) -> str:
    await talk("bestellen")
    answers = {"Namen": "Hildegard Schulte", "Telefonnummer": "02541 111111", "Straße": "Letter Straße 5"}
    for _ in range(6):
        question = " ".join(r.text for r in talk.last)
        if "Soll ich so bestellen?" in question:
            return question
        if "Wie möchten Sie bezahlen?" in question:
            await talk(choice=talk.choice_value("Übergabe"))
            continue
        key = next((k for k in answers if k in question), None)
        assert key, f"unexpected question: {question}"
        await talk(answers.pop(key))
    raise AssertionError("never reached the confirmation")


@pytest.mark.parametrize(("wish", "stored"), [("bitte keinen Ersatz", "decline"), ("Ersatz ist in Ordnung", "accept")])
async def test_the_wish_said_once_is_kept_on_the_order_and_the_read_back_shows_the_pfand(talk, container, wish, stored):
    await talk("2 liter milch vom hof schulze")
    await talk("für samstag vormittag")
    await talk("48653")
    answer = await talk(wish)
    assert "Gut, notiert: Wenn etwas fehlt" in answer
    read_back = await _checkout(talk)
    assert "2 Flaschen Frischmilch, 2,58 €, dazu 0,30 € Pfand." in read_back
    assert "Zusammen 6,38 €" in read_back  # 2,58 € + 0,30 € Pfand + 3,50 € delivery
    assert "Ihre Bestellung ist aufgegeben" in await talk("ja")
    with container.database.session() as s:
        order = s.scalar(select(Order))
        assert (order.substitute_preference, order.total_cents) == (stored, 638)


async def test_without_a_wish_nothing_is_stored(talk, container):
    await talk("6 brötchen von terstegen")
    await talk("samstag vormittag")
    await talk("48653")
    await _checkout(talk)
    await talk("ja")
    with container.database.session() as s:
        assert s.scalar(select(Order)).substitute_preference is None
