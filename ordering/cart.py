"""One cart across shops: product lines in the product's unit, voucher lines, totals.

A cart belongs to a resident, or to an owner key (a Telegram family group), so every
channel sees the same cart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ordering import deposits, shop_rules, windows
from ordering.errors import (
    CartClosed,
    Conflict,
    Invalid,
    NotFound,
    QuantityNotPositive,
    QuantityNotUnderstood,
    QuantityTooLarge,
    SoldOut,
    WholePiecesOnly,
)
from ordering.models import Cart, CartLine, Product, Region, Shop, Unit, utcnow
from ordering.money import line_total, vat_included
from ordering.payments import vouchers

# A cart is almost always read with its lines, their products and shops (totals, the summary):
# one query for all of them instead of one per line and attribute.
WITH_LINES = (joinedload(Cart.lines).joinedload(CartLine.product),
              joinedload(Cart.lines).joinedload(CartLine.shop))
MAX_PIECES = Decimal(99)
MAX_WEIGHT = Decimal(50)  # kg or l per line: more is a typo or a wholesale order
DELIVERY_FEE_VAT = 19


def parse_quantity(value: str | int | float | Decimal) -> Decimal:
    """A quantity as a Decimal; strings may use a decimal comma ("0,5")."""
    if isinstance(value, bool):
        raise QuantityNotUnderstood(f"quantity {value!r} is not a number")
    try:
        quantity = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise QuantityNotUnderstood(f"quantity {value!r} is not a number") from None
    if not quantity.is_finite():
        raise QuantityNotUnderstood(f"quantity {value!r} is not a number")
    return quantity


def check_quantity(product: Product, quantity: Decimal) -> Decimal:
    """Validate a quantity in the product's own unit: whole pieces, kg/l to the gram."""
    if quantity <= 0:
        raise QuantityNotPositive(f"quantity must be positive, got {quantity}")
    if product.unit == Unit.piece.value:
        if quantity != quantity.to_integral_value():
            raise WholePiecesOnly(f"{product.name} is sold by the piece; {quantity} is not a whole number",
                                  product=product.name)
        if quantity > MAX_PIECES:
            raise QuantityTooLarge(f"at most {MAX_PIECES} pieces per line", most=MAX_PIECES, unit=product.unit)
        return quantity.quantize(Decimal(1))
    if quantity != quantity.quantize(Decimal("0.001")):
        raise Invalid(f"quantity {quantity} has more than three decimals", field="quantity")
    if quantity > MAX_WEIGHT:
        raise QuantityTooLarge(f"at most {MAX_WEIGHT} {product.unit} per line", most=MAX_WEIGHT, unit=product.unit)
    return quantity.quantize(Decimal("0.001"))


def open_cart(session: Session, region_id: int, *, resident_id: int | None = None, owner_key: str | None = None) -> Cart:
    """The open cart of a resident (or an owner key such as a Telegram group), created if needed."""
    if resident_id is None and owner_key is None:
        raise Invalid("a cart needs a resident or an owner key")
    query = select(Cart).where(Cart.region_id == region_id, Cart.status == "open")
    query = query.where(Cart.owner_key == owner_key) if owner_key else query.where(Cart.resident_id == resident_id)
    # LIMIT, not .first(): with the lines joined in, the first row is not the whole cart.
    found = session.scalars(query.options(*WITH_LINES).order_by(Cart.id.desc()).limit(1)).unique().all()
    cart = found[0] if found else None
    if cart is None:
        cart = Cart(region_id=region_id, resident_id=resident_id, owner_key=owner_key, status="open")
        session.add(cart)
        session.flush()
    return cart


def get_cart(session: Session, cart_id: int) -> Cart:
    cart = session.get(Cart, cart_id, options=WITH_LINES)
    if cart is None:
        raise NotFound(f"cart {cart_id} does not exist")
    return cart


def _editable(cart: Cart) -> Cart:
    if cart.status != "open":
        raise CartClosed(f"cart {cart.id} is {cart.status} and cannot be changed")
    cart.updated_at = utcnow()  # in use: the expiry of idle carts (ordering.expiry) counts from here
    return cart


def _orderable_product(session: Session, cart: Cart, product_id: int) -> Product:
    product = session.get(Product, product_id, options=(joinedload(Product.shop),))
    if product is None or not product.listed or product.shop.region_id != cart.region_id:
        raise NotFound(f"product {product_id} does not exist in this region", field="product_id")
    if not product.available:
        raise SoldOut(f"{product.name} is sold out", product=product.name)
    if not product.shop.active:
        raise Conflict(f"shop {product.shop.slug} is not taking orders", field="product_id")
    return product


def add_product(session: Session, cart: Cart, product_id: int, quantity: Decimal) -> CartLine:
    """Add a product; the same product again adds to its line."""
    _editable(cart)
    product = _orderable_product(session, cart, product_id)
    line = next((l for l in cart.lines if l.product_id == product.id), None)
    if line is None:
        # The objects, not only their ids: the session's identity map holds objects weakly, and a
        # line that knew only the ids loaded its product and shop again for the cart's summary.
        line = CartLine(shop=product.shop, product=product, quantity=check_quantity(product, quantity))
        cart.lines.append(line)
    else:
        line.quantity = check_quantity(product, product_and_quantity(line)[1] + quantity)
    session.flush()
    return line


def set_quantity(session: Session, cart: Cart, line_id: int, quantity: Decimal) -> CartLine | None:
    """Set a product line's quantity; zero removes the line (returns None)."""
    _editable(cart)
    line = _line(cart, line_id)
    if line.product_id is None:
        raise Invalid(f"line {line_id} is a voucher; change its amount instead", field="line_id")
    if quantity == 0:
        cart.lines.remove(line)
        session.flush()
        _release_window_if_empty(session, cart)
        return None
    line.quantity = check_quantity(product_and_quantity(line)[0], quantity)
    session.flush()
    return line


def remove_line(session: Session, cart: Cart, line_id: int) -> None:
    _editable(cart)
    cart.lines.remove(_line(cart, line_id))
    session.flush()
    _release_window_if_empty(session, cart)


def clear(session: Session, cart: Cart) -> None:
    _editable(cart)
    cart.lines.clear()
    session.flush()
    _release_window_if_empty(session, cart)


def _release_window_if_empty(session: Session, cart: Cart) -> None:
    """An empty cart holds no window: its place goes back to residents who order."""
    if not cart.lines and cart.hold_id is not None:
        windows.release_cart_holds(session, cart.id)
        cart.hold_id = None
        session.flush()


def product_and_quantity(line: CartLine) -> tuple[Product, Decimal]:
    """A product line's product and quantity (a voucher line has neither)."""
    if line.product is None or line.quantity is None:
        raise ValueError(f"cart line {line.id} is not a product line")
    return line.product, line.quantity


def _line(cart: Cart, line_id: int) -> CartLine:
    line = next((l for l in cart.lines if l.id == line_id), None)
    if line is None:
        raise NotFound(f"line {line_id} is not in cart {cart.id}", field="line_id")
    return line


def add_voucher(session: Session, cart: Cart, shop_id: int, amount_cents: int) -> CartLine:
    """A voucher to buy for a shop, within the amounts the shop allows."""
    _editable(cart)
    shop = session.get(Shop, shop_id)
    if shop is None or shop.region_id != cart.region_id:
        raise NotFound(f"shop {shop_id} does not exist in this region", field="shop_id")
    vouchers.check_voucher_amount(shop, amount_cents)
    line = CartLine(shop=shop, voucher_cents=amount_cents)
    cart.lines.append(line)
    session.flush()
    return line


# ---------------------------------------------------------------- totals


@dataclass(frozen=True)
class LineView:
    line_id: int
    shop_slug: str
    product_id: int | None
    product_slug: str | None
    name: str
    unit: str | None
    label: str | None
    size: str | None
    quantity: Decimal | None
    unit_price_cents: int | None
    total_cents: int
    vat: int
    voucher_cents: int | None = None
    deposit_cents: int = 0  # Pfand of this line, charged on top of total_cents (ordering.deposits)


@dataclass(frozen=True)
class ShopTotal:
    shop_id: int
    shop_slug: str
    shop_name: str
    lines: tuple[LineView, ...]
    subtotal_cents: int  # goods and vouchers; the Pfand is shown and charged beside it
    deposit_cents: int = 0


@dataclass(frozen=True)
class CartSummary:
    cart_id: int
    shops: tuple[ShopTotal, ...]
    goods_cents: int
    delivery_fee_cents: int
    total_cents: int
    vat_cents: dict[int, int] = field(default_factory=dict)  # rate -> VAT contained in the total
    # Shop rules (ordering.shop_rules): parts below their shop's minimum order, and how much is
    # missing for free delivery (None: no such rule, or reached).
    short_parts: tuple[shop_rules.ShortPart, ...] = ()
    missing_for_free_delivery_cents: int | None = None
    min_age: int | None = None  # the highest min_age of the goods
    deposit_cents: int = 0  # Pfand of all shops, part of total_cents

    @property
    def is_empty(self) -> bool:
        return not self.shops


def line_view(line: CartLine) -> LineView:
    if line.product_id is None:
        return LineView(line.id, line.shop.slug, None, None, f"Gutschein {line.shop.name}", None, None, None,
                        None, None, line.voucher_cents or 0, 0, voucher_cents=line.voucher_cents)
    product, quantity = product_and_quantity(line)
    return LineView(
        line.id, line.shop.slug, product.id, product.slug, product.name, product.unit, product.label, product.size,
        quantity, product.price_cents, line_total(quantity, product.price_cents), product.vat,
        deposit_cents=deposits.cart_line_deposit(product, quantity),
    )


def summarize(cart: Cart, region: Region) -> CartSummary:
    """Totals per shop and overall; the delivery fee once per order when delivered."""
    per_shop: dict[int, list[LineView]] = defaultdict(list)
    shops: dict[int, Shop] = {}
    for line in cart.lines:
        per_shop[line.shop_id].append(line_view(line))
        shops[line.shop_id] = line.shop
    totals = tuple(
        ShopTotal(shop_id, shops[shop_id].slug, shops[shop_id].name, tuple(views), sum(v.total_cents for v in views),
                  sum(v.deposit_cents for v in views))
        for shop_id, views in sorted(per_shop.items(), key=lambda item: shops[item[0]].name)
    )
    goods = sum(t.subtotal_cents for t in totals)
    # Free delivery counts goods only: vouchers bought are not goods delivered.
    products = sum(v.total_cents for t in totals for v in t.lines if v.product_id is not None)
    fee = shop_rules.delivery_fee(region, products) if cart.fulfilment == "delivery" and totals else 0
    by_rate: dict[int, int] = defaultdict(int)
    for total in totals:
        for view in total.lines:
            if view.vat:  # vouchers carry no VAT until they are spent
                by_rate[view.vat] += view.total_cents + view.deposit_cents  # Pfand: the product's rate
    if fee:
        by_rate[DELIVERY_FEE_VAT] += fee
    vat = {rate: vat_included(gross, rate) for rate, gross in sorted(by_rate.items())}
    missing = shop_rules.missing_for_free_delivery(region, products) if totals else None
    deposit = sum(t.deposit_cents for t in totals)
    return CartSummary(cart.id, totals, goods, fee, goods + deposit + fee, vat, tuple(shop_rules.short_parts(cart)),
                       missing, shop_rules.required_age(cart), deposit_cents=deposit)
