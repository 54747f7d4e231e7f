"""The dialogue says what a reply is (``Reply.view``, ``Reply.names_keys``), so channels need not
guess from the choices or the text, nor read the database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.application import payloads
from bot.dialogue.types import CartView, ProductPage
from ordering import listing
from ordering.models import Cart, Product, Shop
from tests.dialogue.conftest import phone_call

pytestmark = pytest.mark.anyio


async def test_the_cart_read_back_carries_its_lines(talk, container):
    await talk("2 Flaschen Frischmilch vom Hof Schulze")
    assert "Weizenbrötchen" in await talk("6 Weizenbrötchen von der Bäckerei Terstegen")
    assert "Frischmilch" in await talk(choice=str(payloads.CART))
    view = talk.last[-1].view
    assert isinstance(view, CartView)
    with container.database.session() as s:
        cart = s.scalars(select(Cart)).one()
        expected = [(line.id, line.product.name, line.quantity, line.product.unit) for line in cart.lines]
    assert [(line.line_id, line.name, line.quantity, line.unit) for line in view.lines] == expected
    assert [(line.name, line.quantity) for line in view.lines] == [("Frischmilch", Decimal(2)),
                                                                   ("Weizenbrötchen", Decimal(6))]

    # + on a line reads the cart back again, as it is now
    await talk(choice=str(payloads.Step(view.lines[0].line_id, up=True)))
    again = talk.last[-1].view
    assert isinstance(again, CartView) and again.lines[0].quantity == Decimal(3)


async def test_other_replies_show_nothing_but_their_text(talk):
    await talk("2 Flaschen Frischmilch vom Hof Schulze")
    assert talk.last and all(reply.view is None and not reply.names_keys for reply in talk.last)


async def test_a_product_page_carries_its_products_and_their_photos(talk, container):
    with container.database.session() as s:
        shop = s.scalar(select(Shop).where(Shop.slug == "baeckerei-terstegen"))
        breads = [p for p in s.scalars(select(Product).where(Product.shop_id == shop.id)) if p.category == "Brot"]
        listing.set_photo(s, breads[0].id, "AgACbrot")
        first = breads[0].id
    await talk(choice=str(payloads.Category("baeckerei-terstegen", "Brot")))
    page = talk.last[-1].view
    assert isinstance(page, ProductPage)
    offered = [payloads.parse_payload(c.value) for c in talk.last[-1].choices]
    assert [p.product_id for p in page.products] == [a.product_id for a in offered if isinstance(a, payloads.Add)]
    card = next(p for p in page.products if p.product_id == first)
    assert card.photo == "AgACbrot"
    assert all(p.photo is None for p in page.products if p.product_id != first)
    with container.database.session() as s:
        product = s.get(Product, first)
        assert (card.name, card.size, card.price_cents, card.unit) == (product.name, product.size,
                                                                       product.price_cents, product.unit)


async def test_the_phone_hears_the_keys_named_once_and_the_reply_says_so(container):
    call = phone_call(container)
    await call("zwei Flaschen Frischmilch")
    await call("Bestellen")
    await call("hm")
    named = await call("äh")
    assert "1 für" in named and talk_names_keys(call)
    again = await call(dtmf="*")  # the same text again still names them
    assert "1 für" in again and talk_names_keys(call)


def talk_names_keys(call) -> bool:
    return any(reply.names_keys for reply in call.last)
