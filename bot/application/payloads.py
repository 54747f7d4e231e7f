"""Button values (``Choice.value``) as types, with one parser and one way to write them.

A button's value comes back in ``Turn.choice`` when it is pressed (or its key on the phone,
its callback data on Telegram). Values are short strings, ``"<kind>:<argument>"`` ("slot:6",
"pick:3/17", "qty:1.5", "shop:hof-schulze|0") or a bare word ("cart", "yes"); this module is
the only place that cuts them apart. ``str(payload)`` writes exactly the strings the dialogue
has always sent, so buttons already out in a chat or a call still mean the same when pressed.
``parse_payload`` never raises: a value of the wrong shape (an old button, a forged callback)
is ``None``, like a value it does not know; the dialogue answers those kindly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import ClassVar, Literal, get_args

# ---------------------------------------------------------------- bare words

Word = Literal["cart", "checkout", "more", "help", "handoff", "repeat", "windows", "reorder", "status"]


@dataclass(frozen=True)
class Command:
    """A button that asks for one thing: the cart, the checkout, help, a person …"""

    word: Word

    def __str__(self) -> str:
        return self.word


@dataclass(frozen=True)
class Answer:
    """Yes or no to the question just asked."""

    yes: bool

    def __str__(self) -> str:
        return "yes" if self.yes else "no"


YES, NO = Answer(True), Answer(False)
CART, CHECKOUT, MORE, HELP = Command("cart"), Command("checkout"), Command("more"), Command("help")
HANDOFF, REPEAT, WINDOWS, REORDER, STATUS = (Command("handoff"), Command("repeat"), Command("windows"),
                                             Command("reorder"), Command("status"))


# ---------------------------------------------------------------- the cart


@dataclass(frozen=True)
class Add:
    """A product (database id) to add to the cart."""

    product_id: int
    kind: ClassVar[str] = "add"

    def __str__(self) -> str:
        return f"add:{self.product_id}"


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
class Step:
    """The cart's + and − buttons: one piece (or 100 g) more or less of a line."""

    line_id: int
    up: bool

    def __str__(self) -> str:
        return f"{'inc' if self.up else 'dec'}:{self.line_id}"


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
class Amount:
    """A voucher's amount in cents."""

    cents: int
    kind: ClassVar[str] = "amount"

    def __str__(self) -> str:
        return f"amount:{self.cents}"


@dataclass(frozen=True)
class MinOrder:
    """A shop's part below its minimum order: add to it, or drop it."""

    action: Literal["add", "drop"]
    shop_slug: str
    kind: ClassVar[str] = "minorder"

    def __str__(self) -> str:
        return f"minorder:{self.action}:{self.shop_slug}"


# ---------------------------------------------------------------- browsing (four buttons a page)


@dataclass(frozen=True)
class Browse:
    """The list of towns; page 0 is written "browse:" (the start buttons' value)."""

    page: int = 0
    kind: ClassVar[str] = "browse"

    def __str__(self) -> str:
        return f"browse:{self.page or ''}"


@dataclass(frozen=True)
class Town:
    """The shops of a municipality, by slug."""

    slug: str
    page: int = 0
    kind: ClassVar[str] = "muni"

    def __str__(self) -> str:
        return f"muni:{self.slug}|{self.page}"


@dataclass(frozen=True)
class ShopPage:
    """A shop's categories, by the shop's slug."""

    slug: str
    page: int = 0
    kind: ClassVar[str] = "shop"

    def __str__(self) -> str:
        return f"shop:{self.slug}|{self.page}"


@dataclass(frozen=True)
class Category:
    """The products of one of a shop's categories."""

    shop_slug: str
    name: str
    page: int = 0
    kind: ClassVar[str] = "cat"

    def __str__(self) -> str:
        return f"cat:{self.shop_slug}/{self.name}|{self.page}"


# ---------------------------------------------------------------- checkout


@dataclass(frozen=True)
class Fulfil:
    """Delivery or pick-up."""

    how: Literal["delivery", "pickup"]
    kind: ClassVar[str] = "fulfil"

    def __str__(self) -> str:
        return f"fulfil:{self.how}"


@dataclass(frozen=True)
class Station:
    """A pick-up station, by slug."""

    slug: str
    kind: ClassVar[str] = "station"

    def __str__(self) -> str:
        return f"station:{self.slug}"


@dataclass(frozen=True)
class Place:
    """The municipality a resident lives in, by slug: it decides a postcode several share."""

    slug: str
    kind: ClassVar[str] = "place"

    def __str__(self) -> str:
        return f"place:{self.slug}"


@dataclass(frozen=True)
class Slot:
    """A delivery or pick-up window to hold."""

    slot_id: int
    kind: ClassVar[str] = "slot"

    def __str__(self) -> str:
        return f"slot:{self.slot_id}"


@dataclass(frozen=True)
class Days:
    """The days that still have a free window, three a page."""

    page: int = 0
    kind: ClassVar[str] = "days"

    def __str__(self) -> str:
        return f"days:{self.page}"


@dataclass(frozen=True)
class Day:
    """The free windows of one day."""

    day: date
    kind: ClassVar[str] = "day"

    def __str__(self) -> str:
        return f"day:{self.day.isoformat()}"


@dataclass(frozen=True)
class Pay:
    """A way to pay ("online", "on_delivery", "invoice")."""

    method: str
    kind: ClassVar[str] = "pay"

    def __str__(self) -> str:
        return f"pay:{self.method}"


@dataclass(frozen=True)
class LinkTo:
    """Where the payment link goes on the phone: this number, or another one to be said."""

    whom: Literal["self", "other"]
    kind: ClassVar[str] = "link"

    def __str__(self) -> str:
        return f"link:{self.whom}"


Payload = (Command | Answer | Add | Pick | Qty | Step | Edit | Remove | Amount | MinOrder
           | Browse | Town | ShopPage | Category | Fulfil | Station | Place | Slot | Days | Day | Pay | LinkTo)
Paged = Browse | Town | ShopPage | Category


# ---------------------------------------------------------------- reading them back


_BARE: dict[str, Command | Answer] = {**{word: Command(word) for word in get_args(Word)}, "yes": YES, "no": NO}
_FULFIL: dict[str, Fulfil] = {"delivery": Fulfil("delivery"), "pickup": Fulfil("pickup")}
_LINKS: dict[str, LinkTo] = {"self": LinkTo("self"), "other": LinkTo("other")}
_MIN_ORDER: dict[str, Literal["add", "drop"]] = {"add": "add", "drop": "drop"}
# payloads that carry one id or one name, by the kind their value starts with
_NUMBERED: dict[str, type[Slot | Edit | Remove | Add | Amount]] = {c.kind: c for c in (Slot, Edit, Remove, Add, Amount)}
_NAMED: dict[str, type[Station | Place | Pay]] = {c.kind: c for c in (Station, Place, Pay)}


def _int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def _page(text: str) -> int | None:
    """A page number; "" is the first page."""
    return 0 if text == "" else _int(text)


def _paged(arg: str) -> tuple[str, int] | None:
    """"<key>|<page>" (the key may hold "|" itself: the last one counts); a bare key is page 0."""
    key, bar, page = arg.rpartition("|")
    if not bar:
        return arg, 0
    number = _page(page)
    return (key, number) if number is not None else None


def _browse(arg: str) -> Browse | None:
    # "browse:<page>". The "Von vorn" button of the town list was once written "browse:<n>|0":
    # the first page, as it said.
    if "|" in arg:
        key, _, page = arg.partition("|")
        return Browse(0) if _page(key) is not None and page == "0" else None
    page_number = _page(arg)
    return Browse(page_number) if page_number is not None else None


def _day(arg: str) -> Day | None:
    try:
        day = date.fromisoformat(arg)
    except ValueError:
        return None
    return Day(day) if day.isoformat() == arg else None


def _qty(arg: str) -> Qty | None:
    try:
        amount = Decimal(arg)
    except InvalidOperation:
        return None
    return Qty(amount) if amount.is_finite() else None


def parse_payload(value: str | None) -> Payload | None:
    """The typed payload of a button value; None for other values and malformed ones."""
    if not value:
        return None
    if value in _BARE:
        return _BARE[value]
    head, sep, arg = value.partition(":")
    if not sep:
        return None
    if head in _NUMBERED:
        number = _int(arg)
        return _NUMBERED[head](number) if number is not None else None
    if head in _NAMED:
        return _NAMED[head](arg) if arg else None
    if head in ("inc", "dec"):
        line_id = _int(arg)
        return Step(line_id, head == "inc") if line_id is not None else None
    if head == "pick":
        shop, slash, product = arg.partition("/")
        return Pick(shop, product) if slash and shop and product else None
    if head == "qty":
        return _qty(arg)
    if head == "days":
        page = _page(arg)
        return Days(page) if page is not None else None
    if head == "day":
        return _day(arg)
    if head == "fulfil":
        return _FULFIL.get(arg)
    if head == "link":
        return _LINKS.get(arg)
    if head == "minorder":
        action, colon, shop_slug = arg.partition(":")
        return MinOrder(_MIN_ORDER[action], shop_slug) if action in _MIN_ORDER and colon and shop_slug else None
    if head == "browse":
        return _browse(arg)
    paged = _paged(arg) if head in ("muni", "shop", "cat") else None
    if paged is None or not paged[0]:
        return None
    key, page = paged
    if head == "muni":
        return Town(key, page)
    if head == "shop":
        return ShopPage(key, page)
    shop_slug, slash, category = key.partition("/")
    return Category(shop_slug, category, page) if slash and shop_slug and category else None
