"""Written for dev part J (own sentences, the demo region): an amount said after the goods or
after "machen Sie" changes the line; goods said with the answer to a window question come
first; the town a delivery goes to names no goods; "so ne …" says what the goods are like."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.dialogue.test_shopping import cart_lines

pytestmark = pytest.mark.anyio
OWNER = "web:test-1"


async def test_an_amount_after_the_goods_changes_the_line(talk, container):
    await talk("6 Brötchen von Terstegen")
    text = await talk("ach brötchen nur 1")
    assert text.startswith("Geändert: 1")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "weizenbroetchen"): D(1)}


async def test_machen_sie_after_a_reason_sets_the_amount(talk, container):
    await talk("vier brötchen von terstegen")
    await talk("nee warten se mal die kinder von meiner tochter kommen ja auch mit machen se sechs brötchen")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "weizenbroetchen"): D(6)}


async def test_machen_sie_noch_adds(talk, container):
    await talk("vier brötchen von terstegen")
    await talk("ach machen sie noch zwei brötchen dazu")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "weizenbroetchen"): D(6)}


async def test_goods_said_with_the_day_after_a_closed_day_are_added_and_the_window_held(talk, container):
    assert "Sonntag" in await talk("Kann ich am Sonntag am Markt in Billerbeck abholen?")
    text = await talk("Schade. Dann Samstag. 6 Brötchen von Terstegen.")
    assert "Warenkorb ist noch leer" not in text
    assert "Abholung" in text and "Samstag" in text
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "weizenbroetchen"): D(6)}


async def test_goods_said_with_a_delivery_wish_are_asked_about_not_dropped(talk):
    # neither is clear at once (Spargel at two farms, Brötchen at several bakeries): both are asked
    text = await talk("Bitte am Donnerstag nach Billerbeck, Lindenstraße 5 liefern: 2 kg Spargel, 6 Brötchen")
    assert "Spargel" in text and "Von welchem Geschäft?" in text
    assert "brötchen gibt es" in await talk("vom Hof Große Kleimann")


async def test_an_amount_in_euros_after_a_voucher_changes_the_voucher(talk, container):
    await talk("zwei Bund Tulpen vom Blumenhaus Wessendorf")
    await talk("und einen Gutschein über 20 Euro")
    text = await talk("nee doch lieber dreißig euro")
    assert text.startswith("Geändert: ein Gutschein über 30")
    lines = cart_lines(container, owner_key=OWNER)
    assert lines[("blumenhaus-wessendorf", "voucher")] == 3000
    assert len(lines) == 2


async def test_a_question_with_a_euro_figure_leaves_the_voucher_alone(talk, container):
    await talk("zwei Bund Tulpen vom Blumenhaus Wessendorf")
    await talk("und einen Gutschein über 20 Euro")
    await talk("was kostet die Lieferung, 5 euro?")
    assert cart_lines(container, owner_key=OWNER)[("blumenhaus-wessendorf", "voucher")] == 2000
    await talk("ach nee, lieber 25 €")
    assert cart_lines(container, owner_key=OWNER)[("blumenhaus-wessendorf", "voucher")] == 2500


async def test_hilfe_with_a_shopping_list_is_an_order(talk, container):
    await talk("hilfe es hat geschneit, 6 brötchen von terstegen und 2 liter milch vom hof schulze")
    assert cart_lines(container, owner_key=OWNER) == {
        ("baeckerei-terstegen", "weizenbroetchen"): D(6), ("hof-schulze", "frischmilch"): D(2)}


async def test_goods_taken_out_while_a_price_offer_waits(talk, container):
    await talk("6 brötchen von terstegen und 2 liter milch vom hof schulze")
    assert "Soll ich" in await talk("was kostet der butterkuchen bei terstegen")
    await talk("ach nee dann lassen wir die milch doch weg")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "weizenbroetchen"): D(6)}
