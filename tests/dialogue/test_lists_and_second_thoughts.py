"""Written for dev parts H and I (own sentences, the demo region): "je" for a list, an amount for
the goods just said, a voucher for the shop of the talk, second thoughts in the same breath, a
question that answers no waiting choice, and a day said to be closed."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.dialogue.test_shopping import cart_lines

pytestmark = pytest.mark.anyio
OWNER = "web:test-1"


async def test_je_after_the_list_is_each_ones_amount(talk, container):
    await talk("Gouda jung und Bergkäse je 300 g vom Käsehaus Wienker")
    assert cart_lines(container, owner_key=OWNER) == {
        ("kaesehaus-wienker", "gouda-jung"): D("0.3"), ("kaesehaus-wienker", "bergkaese"): D("0.3")}


async def test_je_with_a_container_before_the_list(talk, container):
    await talk("von der Weinhandlung Hagedorn je drei Flaschen Riesling trocken und Grauburgunder trocken")
    assert cart_lines(container, owner_key=OWNER) == {
        ("weinhandlung-hagedorn", "riesling-trocken"): D(3), ("weinhandlung-hagedorn", "grauburgunder-trocken"): D(3)}


async def test_je_on_its_own_is_for_the_goods_the_last_turn_added(talk, container):
    await talk("Käsebrötchen und Mehrkornbrötchen von Terstegen")
    text = await talk("je 4")
    assert text.startswith("Geändert:")
    assert cart_lines(container, owner_key=OWNER) == {
        ("baeckerei-terstegen", "kaesebroetchen"): D(4), ("baeckerei-terstegen", "mehrkornbroetchen"): D(4)}


async def test_a_voucher_without_its_shop_is_for_the_one_shop_of_the_talk(talk, container):
    await talk("zwei Tulpen vom Blumenhaus Wessendorf")
    text = await talk("und einen Gutschein über 30 Euro")
    assert "Für welches Geschäft" not in text
    assert cart_lines(container, owner_key=OWNER)[("blumenhaus-wessendorf", "voucher")] == 3000


async def test_with_two_shops_in_the_talk_the_voucher_asks_which(talk):
    await talk("zwei Tulpen vom Blumenhaus Wessendorf und 6 Brötchen von Terstegen")
    assert "Für welches Geschäft soll der Gutschein sein?" in await talk("und einen Gutschein über 30 Euro")


async def test_goods_taken_back_in_the_same_breath_after_the_reason_are_not_ordered(talk, container):
    await talk("zwei Liter Milch vom Hof Schulze und ein Glas Eierlikör ach nee den trinkt keiner mehr, also keinen Eierlikör")
    assert cart_lines(container, owner_key=OWNER) == {("hof-schulze", "frischmilch"): D(2)}


async def test_a_correction_said_after_no_is_not_the_answer_to_a_waiting_choice(talk, container):
    await talk("6 Brötchen von Terstegen")
    await talk("und Kartoffeln vom Dahlhaus")  # festkochend or mehligkochend: a choice waits
    await talk("nee warte, die Brötchen doch nur vier")
    lines = cart_lines(container, owner_key=OWNER)
    assert lines[("baeckerei-terstegen", "weizenbroetchen")] == D(4)
    assert not any(product.startswith("kartoffeln") for _, product in lines)


async def test_a_price_question_answers_no_waiting_choice(talk, container):
    await talk("Kartoffeln vom Dahlhaus")
    text = await talk("was kosten denn die festkochenden?")
    assert "kostet" in text or "kosten" in text
    assert cart_lines(container, owner_key=OWNER) == {}


async def test_a_remark_after_a_correction_is_not_goods(talk, container):
    await talk("einen Bund rote Rosen vom Blumenhaus Wessendorf")
    await talk("ach nee, statt der Rosen lieber 2 Bund Tulpen, die mag sie mehr")
    assert cart_lines(container, owner_key=OWNER) == {("blumenhaus-wessendorf", "tulpen"): D(2)}


async def test_no_then_an_amount_is_that_amount(talk, container):
    await talk("eine Salatgurke vom Dahlhaus")
    await talk("ne doch zwei Gurken")
    assert cart_lines(container, owner_key=OWNER) == {("obst-gemuese-dahlhaus", "salatgurke"): D(2)}


async def test_enough_said_before_the_amount(talk, container):
    await talk("12 Berliner von Terstegen")
    assert (await talk("nein, von den Berlinern reichen doch 10 Stück")).startswith("Geändert:")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "berliner"): D(10)}


async def test_the_kind_of_goods_a_shop_sells_names_the_shop_not_an_item(talk, container):
    text = await talk("ich wollt Blumen bestellen beim Blumenhaus Wessendorf")
    assert "Gern, beim Blumenhaus Wessendorf. Was darf ich für Sie notieren?" in text
    assert cart_lines(container, owner_key=OWNER) == {}


async def test_struck_goods_before_only_the_others_are_the_ones_taken_out(talk, container):
    await talk("4 Berliner und 4 Nussschnecken von Terstegen")
    await talk("Halt, die Nussschnecken bitte streichen, nur die Berliner.")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "berliner"): D(4)}


async def test_what_is_said_instead_of_goods_no_shop_sells_is_taken(talk, container):
    await talk("6 Brötchen und 4 Franzbrötchen von Terstegen")  # no Franzbrötchen in the demo region
    await talk("Falls es keine Franzbrötchen gibt, nehme ich stattdessen 2 Nussschnecken.")
    assert cart_lines(container, owner_key=OWNER) == {
        ("baeckerei-terstegen", "weizenbroetchen"): D(6), ("baeckerei-terstegen", "nussschnecke"): D(2)}


async def test_what_is_said_instead_of_goods_in_the_cart_changes_nothing(talk, container):
    await talk("4 Berliner von Terstegen")
    text = await talk("wenn es keine Berliner gibt, dann 2 Nussschnecken")
    assert "schon notiert" in text
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "berliner"): D(4)}


async def test_goods_said_to_stay_before_only_the_others_struck_stay(talk, container):
    await talk("4 Berliner und 4 Nussschnecken von Terstegen")
    await talk("die Berliner bleiben, nur die Nussschnecken streichen")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "berliner"): D(4)}


async def test_only_one_kilo_is_a_kilo(talk, container):
    await talk("2 Kilo Äpfel Elstar vom Dahlhaus")
    await talk("die Äpfel doch nur ein Kilo")
    assert cart_lines(container, owner_key=OWNER) == {("obst-gemuese-dahlhaus", "aepfel-elstar"): D(1)}
