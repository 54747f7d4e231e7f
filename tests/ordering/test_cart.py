import gc
from decimal import Decimal

import pytest
from sqlalchemy import event

from bot.application.error_wording import resident_text
from ordering import cart as carts
from ordering.errors import Conflict, Invalid, NotFound
from ordering.models import Product, Region


def _cart(world, s):
    return carts.open_cart(s, world.region_id, owner_key="test")


def test_one_cart_across_shops_with_totals_per_shop(world):
    with world.db.session() as s:
        cart = _cart(world, s)
        carts.add_product(s, cart, world.products["frischmilch"], Decimal(2))
        carts.add_product(s, cart, world.products["weizenbroetchen"], Decimal(6))
        carts.add_product(s, cart, world.products["kartoffeln"], Decimal("2.5"))
        carts.add_product(s, cart, world.products["spaetburgunder"], Decimal(1))
        summary = carts.summarize(cart, s.get(Region, world.region_id))
    by_shop = {t.shop_slug: t.subtotal_cents for t in summary.shops}
    assert by_shop == {"hof-schulze": 2 * 129 + 450, "baeckerei-terstegen": 270, "weinhandlung-koenig": 1290}
    assert summary.goods_cents == 708 + 270 + 1290
    assert summary.delivery_fee_cents == 0  # no delivery chosen yet
    assert summary.vat_cents == {7: round((708 + 270) * 7 / 107), 19: round(1290 * 19 / 119)}


def test_a_new_line_keeps_its_product_and_shop_for_the_summary(world):
    # Counted because every statement is on the path of a chat turn: the summary after adding
    # used to load the product and its shop again (the session holds loaded objects weakly).
    with world.db.session() as s:
        cart = _cart(world, s)
        region = s.get(Region, world.region_id)
        statements: list[str] = []
        event.listen(s.bind, "before_cursor_execute", lambda *args: statements.append(args[2]))
        carts.add_product(s, cart, world.products["frischmilch"], Decimal(2))
        carts.add_voucher(s, cart, world.shops["hof-schulze"], 2000)
        gc.collect()
        added = len(statements)
        summary = carts.summarize(cart, region)
    assert [v.name for t in summary.shops for v in t.lines] == ["Frischmilch", "Gutschein Hof Schulze"]
    assert statements[added:] == []


def test_same_product_again_adds_to_its_line(world):
    with world.db.session() as s:
        cart = _cart(world, s)
        carts.add_product(s, cart, world.products["weizenbroetchen"], Decimal(6))
        carts.add_product(s, cart, world.products["weizenbroetchen"], Decimal(4))
        assert [l.quantity for l in cart.lines] == [Decimal(10)]


@pytest.mark.parametrize("quantity", ["1.5", "0", "-2", "100"])
def test_pieces_must_be_whole_positive_and_sane(world, quantity):
    with world.db.session() as s:
        cart = _cart(world, s)
        with pytest.raises(Invalid) as exc:
            carts.add_product(s, cart, world.products["weizenbroetchen"], Decimal(quantity))
        assert exc.value.field == "quantity"


def test_weighed_goods_take_decimals_to_the_gram(world):
    with world.db.session() as s:
        cart = _cart(world, s)
        line = carts.add_product(s, cart, world.products["kartoffeln"], Decimal("0.25"))
        assert line.quantity == Decimal("0.250")
        with pytest.raises(Invalid):
            carts.add_product(s, cart, world.products["kartoffeln"], Decimal("0.0005"))


def test_quantity_text_accepts_a_decimal_comma():
    assert carts.parse_quantity("0,5") == Decimal("0.5")
    with pytest.raises(Invalid):
        carts.parse_quantity("zwei")


def test_set_quantity_and_remove(world):
    with world.db.session() as s:
        cart = _cart(world, s)
        line = carts.add_product(s, cart, world.products["frischmilch"], Decimal(2))
        carts.set_quantity(s, cart, line.id, Decimal(3))
        assert line.quantity == 3
        assert carts.set_quantity(s, cart, line.id, Decimal(0)) is None
        assert cart.lines == []
        with pytest.raises(NotFound):
            carts.remove_line(s, cart, line.id)


def test_sold_out_products_cannot_be_added(world):
    with world.db.session() as s:
        s.get(Product, world.products["frischmilch"]).available = False
    with world.db.session() as s:
        cart = _cart(world, s)
        with pytest.raises(Conflict) as exc:
            carts.add_product(s, cart, world.products["frischmilch"], Decimal(1))
        assert "ausverkauft" in resident_text(exc.value)


def test_unknown_product_is_not_found(world):
    with world.db.session() as s:
        with pytest.raises(NotFound):
            carts.add_product(s, _cart(world, s), 999_999, Decimal(1))


def test_vouchers_within_the_shops_range(world):
    with world.db.session() as s:
        cart = _cart(world, s)
        line = carts.add_voucher(s, cart, world.shops["hof-schulze"], 2000)
        assert line.voucher_cents == 2000
        with pytest.raises(Invalid) as exc:
            carts.add_voucher(s, cart, world.shops["hof-schulze"], 20000)
        assert "5,00 €" in resident_text(exc.value) and "100,00 €" in resident_text(exc.value)
        with pytest.raises(Conflict):  # the bakery sells none
            carts.add_voucher(s, cart, world.shops["baeckerei-terstegen"], 2000)
        summary = carts.summarize(cart, s.get(Region, world.region_id))
        assert summary.goods_cents == 2000 and summary.vat_cents == {}  # no VAT on a voucher's sale


def test_a_resident_has_one_open_cart(world):
    with world.db.session() as s:
        a = carts.open_cart(s, world.region_id, owner_key="family-42")
        b = carts.open_cart(s, world.region_id, owner_key="family-42")
        assert a.id == b.id
        with pytest.raises(Invalid):
            carts.open_cart(s, world.region_id)
