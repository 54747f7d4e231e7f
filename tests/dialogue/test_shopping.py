"""The shopping list: understanding, read-back, questions only where needed, changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from ordering.models import Cart, Product, Shop
from tests.dialogue.conftest import phone_call

pytestmark = pytest.mark.anyio


def cart_lines(container, owner_key=None, resident_id=None) -> dict[tuple[str, str], Decimal]:
    with container.database.session() as s:
        query = select(Cart).where(Cart.status == "open")
        query = query.where(Cart.owner_key == owner_key) if owner_key else query.where(Cart.resident_id == resident_id)
        cart = s.scalars(query.order_by(Cart.id.desc())).first()
        return {(l.shop.slug, l.product.slug if l.product else "voucher"): (l.quantity or Decimal(l.voucher_cents))
                for l in cart.lines} if cart else {}


async def test_a_newcomer_is_greeted_and_shown_a_way_in(talk):
    text = await talk()
    assert text.startswith("Guten Tag!") and "Einkaufsliste" in text
    assert ("Geschäfte ansehen", "browse:") in talk.choices


async def test_several_items_from_several_shops_in_one_sentence(talk, container):
    text = await talk("2 Liter Milch vom Hof Schulze und 6 Brötchen von Terstegen")
    assert "2 Flaschen Frischmilch vom Hof Schulze, 2,58 €" in text
    assert "6 Weizenbrötchen von der Bäckerei Terstegen, 2,70 €" in text
    assert cart_lines(container, owner_key="web:test-1") == {
        ("hof-schulze", "frischmilch"): Decimal(2), ("baeckerei-terstegen", "weizenbroetchen"): Decimal(6)}


async def test_real_ambiguity_becomes_a_question_with_choices(talk, container):
    text = await talk("sechs brötchen")
    assert "Von welcher Bäckerei?" in text
    assert len(talk.choices) == 2
    text = await talk("die von uphoff")
    assert "6 Weizenbrötchen von der Bäckerei Uphoff" in text
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-uphoff", "weizenbroetchen"): Decimal(6)}


async def test_a_button_answers_the_question_too(talk, container):
    await talk("sechs brötchen")
    await talk(choice=talk.choice_value("Terstegen"))
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-terstegen", "weizenbroetchen"): Decimal(6)}


async def test_units_are_converted_into_the_products_unit(talk, container):
    await talk("ein halbes kilo butter und ein pfund hackfleisch von brüning")
    assert cart_lines(container, owner_key="web:test-1") == {
        ("hof-schulze", "butter"): Decimal(2), ("metzgerei-bruening", "hackfleisch-gemischt"): Decimal("0.5")}


async def test_butter_is_never_butterkuchen(talk, container):
    await talk("zwei butter")
    await talk("ein butterkuchen")
    assert cart_lines(container, owner_key="web:test-1") == {
        ("hof-schulze", "butter"): Decimal(2), ("baeckerei-terstegen", "butterkuchen"): Decimal(1)}


async def test_weighed_goods_without_an_amount_are_asked_for(talk, container):
    text = await talk("mett von brüning")
    assert "Wie viel" in text
    await talk("300 gramm")
    assert cart_lines(container, owner_key="web:test-1") == {("metzgerei-bruening", "mett"): Decimal("0.3")}


async def test_changing_and_removing(talk, container):
    await talk("6 brötchen von terstegen und 10 eier vom hof schulze")
    text = await talk("nur vier brötchen")
    assert "Geändert" in text
    text = await talk("die eier wieder raus")
    assert "herausgenommen" in text
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-terstegen", "weizenbroetchen"): Decimal(4)}


async def test_plus_and_minus_buttons(talk, container):
    await talk("6 brötchen von terstegen")
    with container.database.session() as s:
        line_id = s.scalars(select(Cart).where(Cart.owner_key == "web:test-1")).one().lines[0].id
    await talk(choice=f"inc:{line_id}")
    await talk(choice=f"inc:{line_id}")
    await talk(choice=f"dec:{line_id}")
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-terstegen", "weizenbroetchen"): Decimal(7)}


async def test_a_product_listed_a_minute_ago_is_understood_at_once(talk, container):
    await talk("zwei gläser quittengelee vom hof schulze")
    assert cart_lines(container, owner_key="web:test-1") == {}
    with container.database.session() as s:
        shop = s.scalar(select(Shop).where(Shop.slug == "hof-schulze"))
        s.add(Product(shop_id=shop.id, slug="quittengelee", name="Quittengelee", unit="piece", label="Glas",
                      size="250 g", price_cents=390, vat=7))
        from ordering.catalog import bump_catalog_revision

        bump_catalog_revision(s, shop.region_id)
    text = await talk("zwei gläser quittengelee vom hof schulze")
    assert "2 Gläser Quittengelee vom Hof Schulze" in text
    assert cart_lines(container, owner_key="web:test-1") == {("hof-schulze", "quittengelee"): Decimal(2)}


async def test_sold_out_is_said_not_added(talk, container):
    with container.database.session() as s:
        butter = s.scalar(select(Product).where(Product.slug == "butter"))
        butter.available = False
        from ordering.catalog import bump_catalog_revision

        bump_catalog_revision(s, butter.shop.region_id)
    text = await talk("zwei butter")
    assert "ausverkauft" in text
    assert cart_lines(container, owner_key="web:test-1") == {}


async def test_browsing_by_buttons_reaches_a_product(talk, container):
    await talk()
    await talk(choice="browse:")
    await talk(choice=talk.choice_value("Coesfeld"))
    await talk(choice=talk.choice_value("Terstegen"))
    await talk(choice=talk.choice_value("Brot"))
    label, value = talk.choices[0]
    assert value.startswith("add:")
    text = await talk(choice=value)
    assert "Notiert" in text
    assert len(cart_lines(container, owner_key="web:test-1")) == 1


async def test_a_phone_order_is_read_back_in_spoken_form(container):
    call = phone_call(container)
    text = await call("äh ja ich hätte gern zwei liter milch vom hof schulze")
    assert "2 Flaschen Frischmilch vom Hof Schulze, 2 Euro 58" in text
    assert "€" not in text


async def test_a_shop_said_by_its_trade_answers_every_item_waiting_on_the_same_choice(talk, container):
    text = await talk("ein kilo möhren und ein kilo zwiebeln")
    assert "Von welchem Geschäft?" in text
    text = await talk("beides vom gemüsehändler, und dazu noch sechs brötchen von terstegen")
    assert cart_lines(container, owner_key="web:test-1") == {
        ("obst-gemuese-dahlhaus", "moehren"): Decimal(1), ("obst-gemuese-dahlhaus", "zwiebeln"): Decimal(1),
        ("baeckerei-terstegen", "weizenbroetchen"): Decimal(6)}
    assert "Von welchem Geschäft?" not in text


async def test_an_amount_said_again_as_a_correction_replaces_the_amount(talk, container):
    await talk("ein kilo hackfleisch von brüning")
    text = await talk("oh, ich meinte 300 g, nicht 1 kg")
    assert "Geändert" in text
    assert cart_lines(container, owner_key="web:test-1") == {("metzgerei-bruening", "hackfleisch-gemischt"): Decimal("0.3")}
    await talk("na wart amal, anderthalb kilo langt")
    assert cart_lines(container, owner_key="web:test-1") == {("metzgerei-bruening", "hackfleisch-gemischt"): Decimal("1.5")}


async def test_a_written_fraction_is_the_amount_never_its_first_digit(talk, container):
    await talk("1/2 Pfd Hackfleisch von Brüning")
    assert cart_lines(container, owner_key="web:test-1") == {("metzgerei-bruening", "hackfleisch-gemischt"): Decimal("0.25")}


async def test_words_that_ask_for_no_product_get_no_not_on_offer_answer(talk, container):
    await talk("6 Brötchen von Terstegen")
    text = await talk("oh sorry, mein Mann war schon beim Bäcker 🙈")
    assert "nicht im Angebot" not in text
    text = await talk("2 Flaschen Club-Mate")  # asked with an amount: answered, never ignored
    assert any(answer in text for answer in ("nicht im Angebot", "nicht gefunden", "Meinten Sie"))


async def test_an_amount_corrected_in_the_same_breath_is_the_later_one(talk, container):
    await talk("ich hätt gern vier brötchen von terstegen nee doch lieber sechs")
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-terstegen", "weizenbroetchen"): Decimal(6)}


async def test_goods_taken_back_by_name_leave_the_cart(talk, container):
    await talk("6 Brötchen von Terstegen und ein Pfund Hackfleisch von Brüning")
    text = await talk("das Hackfleisch doch nicht, sorry")
    assert "herausgenommen" in text
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-terstegen", "weizenbroetchen"): Decimal(6)}


async def test_the_same_again_orders_what_was_just_added_once_more(talk, container):
    await talk("6 Brötchen von Terstegen")
    await talk("und nochmal dasselbe für meine Nachbarin")
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-terstegen", "weizenbroetchen"): Decimal(12)}


async def test_the_same_goods_from_another_shop_replace_the_line(talk, container):
    await talk("6 Brötchen von Terstegen")
    text = await talk("nee, die doch von Uphoff")
    assert "Statt" in text
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-uphoff", "weizenbroetchen"): Decimal(6)}


async def test_a_market_stand_is_the_shop_said_as_vom_markt(container):
    from nlu.resolution.catalog_index import CatalogIndex, CatalogItem, ShopInfo
    from nlu.resolution.products import match_shop
    honey = CatalogItem("heidhof", "Heidhof – Marktstand Wochenmarkt Salzwedel", "honig", "Heidehonig", (), "Honig",
                        "piece", "Glas", "500 g", 690)
    drinks = CatalogItem("hinz", "Getränkemarkt Hinz", "pils", "Pils", (), "Bier", "piece", "Flasche", "0,5 l", 99)
    index = CatalogIndex([honey, drinks], [ShopInfo("heidhof", honey.shop_name), ShopInfo("hinz", drinks.shop_name)])
    assert match_shop("vom Markt", index).shop_ids == ("heidhof",)


async def test_forget_it_all_said_in_passing_empties_the_cart(talk, container):
    await talk("6 Brötchen von Terstegen und ein Pfund Hackfleisch von Brüning")
    text = await talk("ach nee wissen Sie was, vergessen Se dat alles, mein Enkel kommt eh")
    assert "Warenkorb" in text
    assert cart_lines(container, owner_key="web:test-1") == {}


async def test_more_with_the_total_said_ends_at_the_total(talk, container):
    await talk("4 Brötchen von Terstegen")
    await talk("Doch 2 Brötchen mehr, also 6.")
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-terstegen", "weizenbroetchen"): Decimal(6)}


async def test_a_price_asked_then_an_amount_orders_that_product(talk, container):
    text = await talk("was kostet denn das Roggenmischbrot von Terstegen?")
    assert "kostet" in text and "notieren" in text
    await talk("ah so, dann nehm ich zwei")
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-terstegen", "roggenmischbrot"): Decimal(2)}


async def test_goods_said_after_a_product_question_are_all_ordered(talk, container):
    await talk("haben Sie auch Hackfleisch von Brüning?")
    await talk("dann hätt ich gern 500 g Hackfleisch von Brüning und 6 Brötchen von Terstegen")
    assert cart_lines(container, owner_key="web:test-1") == {
        ("metzgerei-bruening", "hackfleisch-gemischt"): Decimal("0.5"),
        ("baeckerei-terstegen", "weizenbroetchen"): Decimal(6)}


async def test_a_question_about_goods_then_ordered_in_so_many_words_is_not_asked_again(talk, container):
    assert "Von welcher Bäckerei?" in await talk("sechs brötchen")
    text = await talk("zwei liter milch vom hof schulze und sechs brötchen von uphoff")
    assert "Von welcher Bäckerei?" not in text and "Darf es noch etwas sein?" in text
    assert cart_lines(container, owner_key="web:test-1") == {
        ("hof-schulze", "frischmilch"): Decimal(2), ("baeckerei-uphoff", "weizenbroetchen"): Decimal(6)}


async def test_an_amount_said_with_the_answer_is_the_amount(talk, container):
    assert "Von welcher Bäckerei?" in await talk("brötchen bitte")
    await talk("acht brötchen von uphoff")
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-uphoff", "weizenbroetchen"): Decimal(8)}


async def test_a_replacement_said_by_its_kind_takes_the_same_shops_goods_of_that_kind(talk, container):
    await talk("ein Bauernbrot von Terstegen und sechs Brötchen von Terstegen")
    text = await talk("ach statt dem Bauernbrot lieber Dinkel")
    assert "Statt 1 Laib Westfälisches Bauernbrot" in text
    assert cart_lines(container, owner_key="web:test-1") == {
        ("baeckerei-terstegen", "dinkelvollkornbrot"): Decimal(1),
        ("baeckerei-terstegen", "weizenbroetchen"): Decimal(6)}


async def test_goods_no_shop_sells_in_place_of_a_line_take_the_line_out_and_say_so(talk, container):
    await talk("ein halbes kilo butter und sechs brötchen von terstegen")
    text = await talk("Die Butter bitte wieder raus und dafür Margarine.")
    assert "habe ich herausgenommen" in text and "Margarine führen wir leider nicht" in text
    text = await talk("Dann lassen wir die Butter einfach weg, der Rest bleibt.")
    assert "nicht in Ihrem Warenkorb" in text
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-terstegen", "weizenbroetchen"): Decimal(6)}


async def test_new_amounts_for_several_lines_in_one_breath(talk, container):
    await talk("4 Mehrkornbrötchen und 2 Roggenbrötchen von Terstegen")
    text = await talk("doch lieber andersrum: 4 Roggen und 2 Mehrkorn")
    assert "Geändert" in text
    assert cart_lines(container, owner_key="web:test-1") == {
        ("baeckerei-terstegen", "mehrkornbroetchen"): Decimal(2),
        ("baeckerei-terstegen", "roggenbroetchen"): Decimal(4)}


async def test_this_not_that_is_a_correction(talk, container):
    await talk("4 Mehrkornbrötchen von Terstegen")
    await talk("Roggenbrötchen, nicht Mehrkorn")
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-terstegen", "roggenbroetchen"): Decimal(4)}


async def test_a_day_said_before_any_goods_books_nothing(talk, container):
    text = await talk("heute ist ja schmotziger Donnerstag")
    assert "Was darf ich für Sie notieren?" in text and "Zeiten" not in text


async def test_questions_about_delivery_costs_and_stations_are_answered(talk, container):
    text = await talk("Was kostet die Lieferung bei Ihnen?")
    assert "Die Lieferung kostet" in text and "€" in text and "Zeiten" not in text
    text = await talk("Wo kann man bei euch abholen?")
    assert text.count("Abholstation") >= 1 or "Abholen können Sie hier" in text
    assert "Was darf ich für Sie notieren?" in text


async def test_a_second_voucher_said_without_the_word(talk, container):
    await talk("Ich möchte einen Gutschein über 15 € von Terstegen und einen über 40 € vom Hof Schulze.")
    lines = cart_lines(container, owner_key="web:test-1")
    assert lines == {("baeckerei-terstegen", "voucher"): Decimal(1500), ("hof-schulze", "voucher"): Decimal(4000)}


async def test_a_voucher_amount_said_apart_is_that_voucher_not_a_second(talk, container):
    text = await talk("Einen Gutschein vom Hof Schulze, über 30 Euro")
    assert cart_lines(container, owner_key="web:test-1") == {("hof-schulze", "voucher"): Decimal(3000)}
    assert "Für welches Geschäft" not in text


async def test_after_asking_where_to_pick_up_a_day_with_a_station_books_the_pick_up(talk, container):
    assert "Abholen können Sie hier" in await talk("Wo kann man bei euch abholen?")
    text = await talk("sechs Brötchen von Terstegen, Samstag in Billerbeck")
    assert "Abholung" in text and "Lieferung" not in text


async def test_goods_moved_to_the_shop_named_that_sells_them_under_its_own_name(talk, container):
    await talk("sechs Brötchen von Terstegen")
    text = await talk("ne warte, die Brötchen doch lieber von Uphoff")
    assert "Statt" in text
    assert cart_lines(container, owner_key="web:test-1") == {("baeckerei-uphoff", "weizenbroetchen"): Decimal(6)}


async def test_a_voucher_in_the_sentence_after_the_goods(talk, container):
    await talk("Hallo, für meine Tochter: 6 Brötchen von Terstegen. Und einen Gutschein über 20 € von Terstegen.")
    assert cart_lines(container, owner_key="web:test-1") == {
        ("baeckerei-terstegen", "weizenbroetchen"): Decimal(6), ("baeckerei-terstegen", "voucher"): Decimal(2000)}


async def test_an_amount_said_next_for_goods_taken_without_one_is_their_amount(talk, container):
    await talk("Brötchen von Terstegen und Butter vom Hof Schulze")
    await talk("also sechs Brötchen")
    lines = cart_lines(container, owner_key="web:test-1")
    assert lines[("baeckerei-terstegen", "weizenbroetchen")] == Decimal(6)


async def test_an_amount_said_before_is_added_to(talk, container):
    await talk("zwei Brötchen von Terstegen")
    await talk("und noch sechs Brötchen von Terstegen")
    assert cart_lines(container, owner_key="web:test-1")[("baeckerei-terstegen", "weizenbroetchen")] == Decimal(8)
