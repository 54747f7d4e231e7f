"""Written for dev parts L and M (own sentences, the demo region): the goods a change names where
the reader did not expect them, a remark after a new amount, a question with the verb first, a
no in so many words after an "ok", an amount first after a price offer with other goods after
it, the price of goods already in the cart, dialect articles and closings."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.dialogue.test_shopping import cart_lines

pytestmark = pytest.mark.anyio
OWNER = "web:test-1"


async def test_goods_named_after_bei_are_the_line_changed(talk, container):
    # "bei den Eiern" reads like a shop, and two lines are sold by the Packung: the eggs are meant
    await talk("eine packung eier vom hof schulze")
    await talk("eine packung toilettenpapier und ein spülmittel zitrone")
    text = await talk("ach und bei den eiern nehm ich doch zwei packungen")
    assert text.startswith("Geändert: 2 Packungen Eier")
    lines = cart_lines(container, owner_key=OWNER)
    assert [amount for (shop, _), amount in lines.items() if shop == "hof-schulze"] == [D(2)]
    assert lines[("drogerie-eggenkemper", "spuelmittel")] == D(1)


async def test_a_lexicon_word_names_the_line_of_a_new_amount(talk, container):
    await talk("6 weizenbrötchen und 2 laugenbrezeln von terstegen")
    await talk("nee, 4 schrippen reichen")
    lines = cart_lines(container, owner_key=OWNER)
    assert lines[("baeckerei-terstegen", "weizenbroetchen")] == D(4)
    assert lines[("baeckerei-terstegen", "laugenbrezel")] == D(2)


async def test_a_remark_after_the_new_amount_leaves_it_a_change(talk, container):
    await talk("10 butterkuchen und 4 berliner von terstegen")
    text = await talk("butterkuchen nur 6, sonst bleibt zu viel übrig")
    assert text.startswith("Geändert: 6 Butterkuchen")
    lines = cart_lines(container, owner_key=OWNER)
    assert lines[("baeckerei-terstegen", "butterkuchen")] == D(6)


async def test_a_question_with_the_verb_first_orders_nothing(talk, container):
    await talk("4 berliner von terstegen")
    await talk("haben die berliner auch eierlikörfüllung?")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "berliner"): D(4)}


async def test_habt_ihr_schon_asks_and_the_amount_after_it_is_for_those_goods(talk, container):
    text = await talk("Hallo, habt ihr schon Erdbeeren?")
    assert "Soll ich" in text
    assert cart_lines(container, owner_key=OWNER) == {}
    await talk("Dann 3 Schalen bitte und 2 Gläser Erdbeerkonfitüre")
    assert cart_lines(container, owner_key=OWNER) == {
        ("spargelhof-averkamp", "erdbeeren"): D(3), ("spargelhof-averkamp", "erdbeerkonfituere"): D(2)}


async def test_ok_dann_so_lassen_declines_the_offer(talk, container):
    await talk("4 berliner von terstegen")
    assert "Soll ich" in await talk("was kostet der butterkuchen bei terstegen")
    await talk("ok dann so lassen 👍")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "berliner"): D(4)}


async def test_the_price_of_goods_in_the_cart_offers_no_more(talk, container):
    await talk("8 butterkuchen von terstegen")
    text = await talk("was kostet der butterkuchen eigentlich?")
    assert "Notiert haben Sie 8 Butterkuchen" in text and "Soll ich" not in text
    await talk("ok passt, danke!")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "butterkuchen"): D(8)}


async def test_a_no_to_the_offer_with_a_change_of_the_cart(talk, container):
    await talk("eine flasche spätburgunder trocken von hagedorn")
    assert "Soll ich" in await talk("was kostet denn die riesling spätlese")
    await talk("ach nee dat is mir zu teuer bleiben wir beim spätburgunder aber mach zwölf flaschen draus")
    assert cart_lines(container, owner_key=OWNER) == {("weinhandlung-hagedorn", "spaetburgunder-trocken"): D(12)}


async def test_saxon_ae_is_one(talk, container):
    await talk("und noch ä glas lindenhonig")
    assert cart_lines(container, owner_key=OWNER) == {("imkerei-wenning", "lindenhonig"): D(1)}


async def test_eine_von_den_goods_names_no_shop(talk, container):
    text = await talk("und eine von den wachskerzen")
    assert "kenne ich leider nicht" not in text
    assert cart_lines(container, owner_key=OWNER) == {("imkerei-wenning", "bienenwachskerze"): D(1)}


async def test_hessian_nit_in_a_change(talk, container):
    await talk("vier laugenbrezeln von terstegen und ein kastenweißbrot")
    await talk("ach die brezeln nur zwei nit vier")
    assert cart_lines(container, owner_key=OWNER)[("baeckerei-terstegen", "laugenbrezel")] == D(2)


async def test_closings_in_dialect(talk):
    await talk("6 weizenbrötchen von terstegen")
    assert "liefern" in await talk("nu das wars danke")


async def test_servus_at_the_end_is_a_goodbye_not_a_new_greeting(talk):
    await talk("6 weizenbrötchen von terstegen")
    assert "Hier ist Kiepe" not in await talk("passt servus")



async def test_an_amount_after_the_price_of_goods_in_the_cart_is_their_new_amount(talk, container):
    await talk("2 butterkuchen von terstegen")
    await talk("Was kostet ein Butterkuchen?")
    assert (await talk("Ok, dann 3 Butterkuchen.")).startswith("Geändert: 3 Butterkuchen")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "butterkuchen"): D(3)}


async def test_pfiat_di_is_a_goodbye_not_a_tuesday(talk, container):
    await talk("6 weizenbrötchen von terstegen")
    held = await talk("abholen tu i am samstag in billerbeck am markt")
    assert "Samstag" in held
    assert "Dienstag" not in await talk("pfiat di")


async def test_a_no_then_the_goods_then_doch_and_the_kind(talk, container):
    # "nee, die Birnen doch E27": the line named before "doch" gets the kind said after it
    await talk("ein glas blütenhonig von wenning und ein kastenweißbrot von terstegen")
    await talk("nee den honig doch lindenhonig")
    lines = cart_lines(container, owner_key=OWNER)
    assert lines.get(("imkerei-wenning", "lindenhonig")) == D(1)
    assert ("imkerei-wenning", "bluetenhonig") not in lines


async def test_goods_taken_out_and_others_instead_after_their_price(talk, container):
    await talk("ein butterkuchen von terstegen")
    await talk("was kostet denn der butterkuchen")
    await talk("ach nee dann lass den butterkuchen weg und nimm lieber zwei berliner")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "berliner"): D(2)}


async def test_goods_swapped_for_others(talk, container):
    await talk("4 butterkuchen und 4 bienenstich von terstegen")
    text = await talk("und den bienenstich tauschen gegen 4 streuselkuchen")
    assert text.startswith("Statt 4 Bienenstich")
    assert cart_lines(container, owner_key=OWNER) == {
        ("baeckerei-terstegen", "butterkuchen"): D(4), ("baeckerei-terstegen", "streuselkuchen"): D(4)}


async def test_i_cannot_go_out_takes_nothing_out(talk, container):
    await talk("2 laugenbrezeln von terstegen")
    text = await talk("bitte so schnell wie möglich liefern, das baby ist krank und ich komm nicht raus")
    assert "herausnehmen" not in text and "nicht verstanden" not in text
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "laugenbrezel"): D(2)}


async def test_more_people_are_a_reason_not_more_goods(talk, container):
    await talk("10 grobe bratwurst von brüning")
    await talk("bratwurst doch 12, kommen mehr leute")
    assert cart_lines(container, owner_key=OWNER) == {("metzgerei-bruening", "grobe-bratwurst"): D(12)}


async def test_a_word_inside_the_name_of_one_line_names_it(talk, container):
    # "statt Bauch": inside "Bauchspeck"; the tail "auch" of "Bauch" once made the word "B"
    await talk("500 g bauchspeck geräuchert von pöppelmann und 2 grobe bratwurst von brüning")
    text = await talk("ach statt bauch lieber hähnchenbrustfilet, auch 500g")
    assert text.startswith("Statt 500 Gramm Bauchspeck")
    lines = cart_lines(container, owner_key=OWNER)
    assert lines[("metzgerei-bruening", "haehnchenbrustfilet")] == D("0.5")
    assert ("landmetzgerei-poeppelmann", "bauchspeck") not in lines


async def test_goods_asked_about_that_nobody_knows_are_not_misunderstood(talk):
    await talk("4 berliner von terstegen")
    text = await talk("Habt ihr auch Glückwunschkarten?")
    assert "Glückwunschkarten habe ich leider nicht im Angebot" in text and "nicht verstanden" not in text


def test_so_lassen_turns_down_an_offer_but_is_no_no_to_the_order():
    # "ok dann so lassen" to "Soll ich welche notieren?" is a no; "ja, das passt so, so lassen" to
    # "Soll ich so bestellen?" stays a yes
    from bot.dialogue.understanding import declines_offer, yes_or_no

    assert declines_offer("ok dann so lassen 👍") and declines_offer("ok erstmal nicht")
    assert not declines_offer("ja gern") and not declines_offer("ja, das passt so, so lassen")
    assert yes_or_no("ja, das passt so, so lassen") is True and yes_or_no("ja lass mal machen") is True


async def test_more_of_goods_in_the_cart_after_their_price(talk, container):
    await talk("5 butterkuchen von terstegen")
    await talk("Was kostet der Butterkuchen eigentlich?")
    await talk("dann noch 2 dazu")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "butterkuchen"): D(7)}


async def test_ae_before_a_number_is_a_hesitation(talk, container):
    await talk("ich hätte gern ä zwei brötchen von terstegen")
    assert cart_lines(container, owner_key=OWNER) == {("baeckerei-terstegen", "weizenbroetchen"): D(2)}
