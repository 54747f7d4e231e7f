"""Button values (``Choice.value``) as types, with one parser and one way to write them.

A button's value comes back in ``Turn.choice`` when it is pressed (or its key on the phone,
its callback data on Telegram). Values are short strings, ``"<kind>:<argument>"`` ("slot:6",
"pick:3/17", "qty:1.5") or a bare word ("cart", "yes"); this module is the only place that
cuts them apart. ``parse`` never raises: a value of the wrong shape (an old button, a forged
callback) is ``None``, like a value it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import ClassVar


@dataclass(frozen=True)
class Slot:
    """A delivery or pick-up window to hold."""

    slot_id: int
    kind: ClassVar[str] = "slot"

    def __str__(self) -> str:
        return f"slot:{self.slot_id}"


@dataclass(frozen=True)
class Station:
    """A pick-up station, by slug."""

    slug: str
    kind: ClassVar[str] = "station"

    def __str__(self) -> str:
        return f"station:{self.slug}"


@dataclass(frozen=True)
class Pay:
    """A way to pay ("online", "on_delivery", "invoice")."""

    method: str
    kind: ClassVar[str] = "pay"

    def __str__(self) -> str:
        return f"pay:{self.method}"


@dataclass(frozen=True)
class Fulfil:
    """Delivery or pick-up."""

    how: str
    kind: ClassVar[str] = "fulfil"

    def __str__(self) -> str:
        return f"fulfil:{self.how}"


@dataclass(frozen=True)
class Amount:
    """A voucher's amount in cents."""

    cents: int
    kind: ClassVar[str] = "amount"

    def __str__(self) -> str:
        return f"amount:{self.cents}"


@dataclass(frozen=True)
class Pick:
    """One of several products that fit what was said: (shop id, product id) in the catalog index."""

    shop_id: str
    product_id: str
    kind: ClassVar[str] = "pick"

    def __str__(self) -> str:
        return f"pick:{self.shop_id}/{self.product_id}"


@dataclass(frozen=True)
class Qty:
    """A quantity offered as a button."""

    amount: Decimal
    kind: ClassVar[str] = "qty"

    def __str__(self) -> str:
        return f"qty:{self.amount}"


@dataclass(frozen=True)
class Edit:
    """The cart line whose quantity is to change."""

    line_id: int
    kind: ClassVar[str] = "edit"

    def __str__(self) -> str:
        return f"edit:{self.line_id}"


@dataclass(frozen=True)
class Remove:
    """The cart line to remove."""

    line_id: int
    kind: ClassVar[str] = "remove"

    def __str__(self) -> str:
        return f"remove:{self.line_id}"


@dataclass(frozen=True)
class Add:
    """A product (database id) to add to the cart."""

    product_id: int
    kind: ClassVar[str] = "add"

    def __str__(self) -> str:
        return f"add:{self.product_id}"


Payload = Slot | Station | Pay | Fulfil | Amount | Pick | Qty | Edit | Remove | Add


def _int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def parse(value: str | None) -> Payload | None:
    """The typed payload of a button value; None for other values and malformed ones."""
    if not value:
        return None
    head, sep, arg = value.partition(":")
    if not sep:
        return None
    numbered: dict[str, type[Slot | Edit | Remove | Add | Amount]] = {
        "slot": Slot, "edit": Edit, "remove": Remove, "add": Add, "amount": Amount}
    named: dict[str, type[Station | Pay | Fulfil]] = {"station": Station, "pay": Pay, "fulfil": Fulfil}
    if head in numbered:
        number = _int(arg)
        return numbered[head](number) if number is not None else None
    if head in named:
        return named[head](arg) if arg else None
    if head == "pick":
        shop, slash, product = arg.partition("/")
        return Pick(shop, product) if slash and shop and product else None
    if head == "qty":
        try:
            amount = Decimal(arg)
        except InvalidOperation:
            return None
        return Qty(amount) if amount.is_finite() else None
    return None
