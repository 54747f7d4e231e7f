"""Weighed goods: lines in kg or l are estimates until the shop weighs them.

The resident orders "etwa 300 g Rinderhack"; the shop cuts 312 g and enters it. A weight may be
at most ``tolerance_percent`` above the amount ordered (the region's
``weighed_goods.tolerance_percent``, copied onto the line at checkout so a later catalog change
cannot move what was authorised); any weight below is fine, a lighter cut is simply cheaper.
The line's ``total_cents`` then follows the weight, and the sub-order's and order's totals with
it, so everything that reads totals (the split, the ledger, the run sheet, cash on delivery)
works with the actual amount.

A weighed line's weight is *final* once entered, or once its shop's part is past packing
("ready" and on: the estimate then stands, nobody weighs in the courier's van), or rejected.
Money moves for a shop only when its weights are final (``weights_final``), so transfers
follow the weighed amounts.

How online orders with weighed goods are paid (``payment_mode``): a card authorisation
lapses after about seven days, and windows can be booked two weeks ahead.

* window within ``AUTHORISE_DAYS`` (6) of checkout: **authorise** the estimate plus the
  tolerance (``capture_method=manual``) and capture the weighed total when the last weight is
  final. The resident sees one charge of exactly what was handed over.
* window further away: **prepay** the same upper bound at once, and refund the difference
  when the weights are final. Authorising later would mean a second payment link days after
  the order, which phone residents would miss and an unpaid order would hold a window; charging
  "the estimate and the difference later" would need the card stored for charges without the
  resident (and SCA can refuse those). Charging the bound and refunding never asks the resident
  again and never leaves a heavier cut unpaid; a lighter cut is never over-charged, it is
  refunded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import NoReturn

from sqlalchemy.orm import Session

from ordering.errors import (
    NoSuchLine,
    NotFound,
    NothingToWeigh,
    NotWeighed,
    TooHeavy,
    WeighingClosed,
    WeightNotPositive,
    WeightNotUnderstood,
    WeightSettled,
    WeightTooFine,
    WhichLine,
)
from ordering.event_details import LineWeighed
from ordering.models import Order, OrderEvent, OrderLine, Region, SubOrder
from ordering.money import format_euro, line_total

WEIGHED_UNITS = frozenset({"kg", "l"})
DEFAULT_TOLERANCE_PERCENT = 10  # when the catalog names none
# Statuses in which the shop may still weigh (it packs between accepting and "ready").
WEIGHING_STATUSES = frozenset({"placed", "confirmed", "partly_confirmed"})
GRAM = Decimal("0.001")

AUTHORISE = "authorise"
PREPAY = "prepay"
AUTHORISE_DAYS = 6  # a card authorisation holds about 7 days; one day's margin


# ---------------------------------------------------------------- lines


def is_weighed(line: OrderLine) -> bool:
    return line.voucher_cents is None and line.quantity is not None and line.unit in WEIGHED_UNITS


def weighed_lines(lines: Iterable[OrderLine]) -> list[OrderLine]:
    return [line for line in lines if is_weighed(line)]


def order_has_weighed_goods(order: Order) -> bool:
    return any(is_weighed(line) for sub in order.sub_orders for line in sub.lines)


def tolerance_of(line: OrderLine) -> int:
    return line.tolerance_percent if line.tolerance_percent is not None else DEFAULT_TOLERANCE_PERCENT


def stamp_tolerances(order: Order, region: Region) -> None:
    """At checkout: each weighed line keeps the tolerance in force when it was ordered."""
    percent = region.weighed_tolerance_percent
    for sub in order.sub_orders:
        for line in weighed_lines(sub.lines):
            line.tolerance_percent = percent if percent is not None else DEFAULT_TOLERANCE_PERCENT


def max_quantity(line: OrderLine) -> Decimal:
    """The most the shop may weigh: the amount ordered plus the tolerance, down to the gram."""
    assert line.quantity is not None
    return (Decimal(line.quantity) * (100 + tolerance_of(line)) / 100).quantize(GRAM, rounding=ROUND_DOWN)


def estimated_total_cents(line: OrderLine) -> int:
    """The line's price for the amount ordered (what the resident was told)."""
    if not is_weighed(line) or line.unit_price_cents is None:
        return line.total_cents
    return line_total(Decimal(line.quantity or 0), line.unit_price_cents)


def max_total_cents(line: OrderLine) -> int:
    """The line's price at the heaviest weight allowed; other lines their own total."""
    if not is_weighed(line) or line.unit_price_cents is None:
        return line.total_cents
    return line_total(max_quantity(line), line.unit_price_cents)


def upper_goods_cents(sub: SubOrder) -> int:
    """The sub-order at its heaviest: what an authorisation (or a prepayment) covers."""
    return sum(max_total_cents(line) for line in sub.lines)


def is_final(line: OrderLine, sub: SubOrder) -> bool:
    return not is_weighed(line) or line.weighed_quantity is not None or bool(line.rejected) \
        or sub.status not in WEIGHING_STATUSES


def weights_final(sub: SubOrder) -> bool:
    """Every weighed line of this shop's part is weighed, rejected, or past packing."""
    return all(is_final(line, sub) for line in sub.lines)


def order_weights_final(order: Order) -> bool:
    return all(weights_final(sub) for sub in order.sub_orders)


# ---------------------------------------------------------------- amounts as shops read them


def format_amount(quantity: Decimal, unit: str | None) -> str:
    """"0,330 kg", "1,250 l": three decimals, the way a scale shows it."""
    return f"{Decimal(quantity).quantize(GRAM):f}".replace(".", ",") + f" {unit or 'kg'}"


_WEIGHT = re.compile(r"^\s*(?P<number>\d{1,4}(?:[.,]\d{1,3})?)\s*(?P<unit>kg|kilo|g|gramm|l|liter|ml)?\s*$",
                     re.IGNORECASE)
_SMALL_UNITS = {"g": Decimal(1000), "gramm": Decimal(1000), "ml": Decimal(1000)}


def parse_weight(text: str | None) -> Decimal:
    """"0,312", "0.312", "0,312 kg", "312 g", "1,5 l", "750 ml" → the amount in kg or l.

    A bare number is kg or l; "g"/"ml" divide by 1000. Raises WeightNotUnderstood or WeightTooFine (both Invalid)."""
    match = _WEIGHT.match(text or "")
    if match is None:
        raise WeightNotUnderstood(f"not a weight: {text!r}")
    try:
        value = Decimal(match["number"].replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise WeightNotUnderstood(f"not a weight: {text!r}") from None
    unit = (match["unit"] or "").lower()
    if unit in _SMALL_UNITS:
        value = value / _SMALL_UNITS[unit]
    if value != value.quantize(GRAM, rounding=ROUND_DOWN):
        _too_precise(text)
    return value.quantize(GRAM)


def _too_precise(text: str | None) -> NoReturn:
    raise WeightTooFine(f"weight {text!r} is finer than a gram")


# ---------------------------------------------------------------- the use case


def weighed_line(sub: SubOrder, position: int | None) -> OrderLine:
    """The weighed line a shop means: the only one, or the n-th weighed line (1-based) when
    several are weighed ("GEWICHT K7M3PX 2 0,312")."""
    lines = [line for line in weighed_lines(sub.lines) if not line.rejected]
    if not lines:
        raise NothingToWeigh(f"sub-order {sub.id} has no goods to weigh")
    if position is None:
        if len(lines) > 1:
            raise WhichLine(f"sub-order {sub.id} has {len(lines)} weighed lines; name one",
                            names=tuple(line.name for line in lines))
        return lines[0]
    if not 1 <= position <= len(lines):
        raise NoSuchLine(f"sub-order {sub.id} has no weighed line {position}", position=position, count=len(lines))
    return lines[position - 1]


def record_weight(session: Session, sub: SubOrder, line_id: int, quantity: Decimal, *, actor: str,
                  now: datetime) -> OrderLine:
    """The shop enters what it weighed for one line; the totals follow.

    The caller has checked that ``sub`` is the shop's own (``orders.get_sub_order(shop_id=…)``).
    Refused: lines that are not weighed goods, weights of zero or less, a weight above the
    tolerance (naming the maximum), and weighing after packing or after the money was taken.
    A weight entered again replaces the first (a typo), until then."""
    line = next((l for l in sub.lines if l.id == line_id), None)
    if line is None:
        raise NotFound(f"line {line_id} is not part of sub-order {sub.id}")
    if not is_weighed(line):
        raise NotWeighed(f"line {line.id} ({line.name}) is sold by the piece, not weighed", line=line.name)
    if line.rejected or sub.status not in WEIGHING_STATUSES:
        raise WeighingClosed(f"sub-order {sub.id} is {sub.status}; weights are entered before it is ready")
    if line.weighed_quantity is not None and sub.order.payment_method == "online" and weights_final(sub):
        # Money followed the first weight already (captured, or the difference refunded).
        raise WeightSettled(f"order {sub.order.reference}: the weighed total was settled already")
    quantity = Decimal(quantity)
    if quantity <= 0:
        raise WeightNotPositive(f"weight {quantity} must be above zero")
    if quantity != quantity.quantize(GRAM, rounding=ROUND_DOWN):
        _too_precise(str(quantity))
    limit = max_quantity(line)
    if quantity > limit:
        raise TooHeavy(f"{line.name}: {quantity} {line.unit} is above the limit of {limit} {line.unit} "
                       f"({tolerance_of(line)} % over {line.quantity})",
                       most=limit, tolerance=tolerance_of(line), ordered=Decimal(line.quantity or 0), unit=line.unit)
    before = line.total_cents
    line.weighed_quantity = quantity
    line.weighed_at = now
    line.total_cents = line_total(quantity, line.unit_price_cents or 0)
    _refresh_totals(sub)
    sub.order.events.append(OrderEvent(
        sub_order_id=sub.id, at=now, actor=actor, event="line_weighed",
        detail=LineWeighed(line_id=line.id, name=line.name, ordered=line.quantity, weighed=quantity, unit=line.unit,
                           from_cents=before, to_cents=line.total_cents, order_total_cents=sub.order.total_cents,
                           order_final=order_weights_final(sub.order)).to_json(),
    ))
    session.flush()
    return line


def _refresh_totals(sub: SubOrder) -> None:
    sub.subtotal_cents = sum(line.total_cents for line in sub.lines)
    order = sub.order
    order.total_cents = sum(s.subtotal_cents for s in order.sub_orders) + order.delivery_fee_cents


# ---------------------------------------------------------------- payment


def payment_mode(order: Order, now: datetime) -> str | None:
    """How this online order is paid: None (no weighed goods: as always), AUTHORISE or PREPAY."""
    if not order_has_weighed_goods(order):
        return None
    return AUTHORISE if order.slot.end - now <= timedelta(days=AUTHORISE_DAYS) else PREPAY


def final_amount_text(order: Order) -> str:
    """For the resident once the weights are final (German, Sie-form)."""
    return (f"Ihre Bestellung {order.reference} ist abgewogen. "
            f"Der Endbetrag ist {format_euro(order.total_cents)}.")
