"""Integration: the real trained Rasa model behind RasaNluClient.

The session fixture `rasa_url` (conftest.py) creates .venv-rasa/, trains if needed and starts
`rasa run` on a free port; the first run on a clean machine takes a few minutes.
"""

from __future__ import annotations

import time

import pytest

from nlu.client import RasaNluClient

pytestmark = [pytest.mark.anyio, pytest.mark.rasa]


@pytest.fixture
async def nlu(rasa_url):
    async with RasaNluClient(rasa_url, timeout=5.0) as client:
        yield client


def _items(result):
    return [{k: v for k, v in g.items() if v is not None} for g in result.item_groups()]


async def test_two_items_with_their_own_quantity_unit_and_shop(nlu):
    res = await nlu.parse("guten tag ich hätte gern zwei liter milch vom hof schulze "
                          "und sechs brötchen")
    assert res.available and res.intent == "add_items"
    assert _items(res) == [
        {"quantity": "zwei", "unit": "liter", "product": "milch", "shop": "hof schulze"},
        {"quantity": "sechs", "product": "brötchen"},
    ]


async def test_three_items_with_fillers_fractions_and_shops(nlu):
    res = await nlu.parse("ähm also ich bräuchte ein halbes kilo rinderhack vom metzger "
                          "und drei kilo kartoffeln beim bauern und noch ein dutzend eier")
    assert res.intent == "add_items"
    assert _items(res) == [
        {"quantity": "ein halbes", "unit": "kilo", "product": "rinderhack", "shop": "metzger"},
        {"quantity": "drei", "unit": "kilo", "product": "kartoffeln", "shop": "bauern"},
        {"quantity": "ein dutzend", "product": "eier"},
    ]


async def test_digits_and_a_shop_name_it_was_not_trained_on(nlu):
    res = await nlu.parse("200 gramm leberwurst und 4 brötchen von der bäckerei hagedorn")
    assert res.intent == "add_items"
    groups = _items(res)
    assert groups[0] == {"quantity": "200", "unit": "gramm", "product": "leberwurst"}
    assert groups[1]["product"] == "brötchen" and groups[1]["quantity"] == "4"
    assert groups[1].get("shop") == "bäckerei hagedorn"


async def test_a_product_it_was_not_trained_on(nlu):
    res = await nlu.parse("ich hätte gern zwei grünkernbrote und ein glas quittengelee")
    assert res.intent == "add_items"
    assert [g.get("product") for g in _items(res)] == ["grünkernbrote", "quittengelee"]


@pytest.mark.parametrize("text, intent", [
    ("hallo", "greet"),
    ("moin ich will was bestellen", "greet"),
    ("wie bitte", "repeat"),
    ("kannst du das nochmal sagen", "repeat"),
    ("ich möchte einen menschen sprechen", "human_handoff"),
    ("mitarbeiter", "human_handoff"),
    ("das gleiche wie letzte woche", "reorder"),
    ("das gleiche wie immer", "reorder"),
    ("was habe ich im warenkorb", "show_cart"),
    ("nimm die milch wieder raus", "remove_item"),
    ("doch lieber drei brötchen", "change_item"),
    ("habt ihr glutenfreies brot", "ask_product"),
    ("wann hat die bäckerei terstegen auf", "ask_shop"),
    ("bitte liefern", "choose_delivery"),
    ("ich hole es ab", "choose_pickup"),
    ("das wars bestellung abschicken", "checkout"),
    ("ja genau", "affirm"),
    ("nein das stimmt nicht", "deny"),
    ("bestellung abbrechen", "cancel"),
    ("wo bleibt meine bestellung", "order_status"),
    ("ich möchte einen gutschein über 20 euro", "voucher"),
    ("ich möchte nachhilfe für meinen sohn buchen", "book_service"),
    ("wie funktioniert das", "help"),
    ("wie wird das wetter morgen", "out_of_scope"),
    ("tschüss", "goodbye"),
    ("vielen dank", "thanks"),
])
async def test_intents(nlu, text, intent):
    res = await nlu.parse(text)
    assert res.available
    assert res.intent == intent, (text, res.intent, res.ranking[:3])


async def test_day_daypart_and_time(nlu):
    res = await nlu.parse("am samstag vormittag so gegen zehn uhr")
    assert res.intent == "choose_day"
    assert res.first("day") == "samstag"
    assert res.first("daypart") == "vormittag"
    assert res.first("time") == "zehn uhr"


async def test_voucher_amount_and_pickup_station(nlu):
    res = await nlu.parse("einen gutschein über fünfzig euro für den hof schulze")
    assert res.intent == "voucher"
    assert res.first("amount") == "fünfzig euro" and res.first("shop") == "hof schulze"
    res = await nlu.parse("ich hole es an der abholstation am markt ab")
    assert res.intent == "choose_pickup" and res.first("station") == "abholstation am markt"


async def test_parse_is_fast(nlu):
    await nlu.parse("warmup")
    t0 = time.monotonic()
    for _ in range(10):
        await nlu.parse("zwei liter milch und sechs brötchen vom bäcker")
    assert (time.monotonic() - t0) / 10 < 0.5
