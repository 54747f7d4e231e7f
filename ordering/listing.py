"""Shops listing and changing products in a sentence: a captioned photo, "Spargel ausverkauft".

A merchant writes like a market-stall sign: "Spätburgunder trocken 0,75 l 12,90",
"Spargel 8,90 €/kg", "Bio-Eier 10er 3,20". ``parse_caption`` reads that into a
``ProductProposal`` (name, size, unit, price, VAT, category) the merchant confirms with
one tap; ``list_product`` then makes it live and bumps the catalog revision, so the
voice assistant knows it on the next turn. ``parse_shop_command`` reads the daily
changes: "Spargel ausverkauft", "Spargel wieder da", "Spargel 8,90", "Preis Spargel 8,90".

Pure parsing has no database; the few use cases at the end run in the caller's session.
A caption or command the bot cannot read raises a ``ListingError`` subclass (what was wrong, with
the text at fault); ``bot/application/error_wording.py`` words it for the merchant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ordering.catalog import bump_catalog_revision, fold_text, fold_text_transliterated
from ordering.errors import Invalid
from ordering.models import Base, Product, Shop, Unit, UTCDateTime, utcnow
from ordering.money import format_euro
from ordering.units import SizeError, parse_size

MAX_PRICE_CENTS = 100_000  # 1.000 €: more is a typo on a shop's phone keyboard
EXAMPLE = "„Spätburgunder trocken 0,75 l 12,90“"


class ListingError(Invalid):
    """A caption or command the bot cannot read (said to the merchant; see the subclasses)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="caption")


class PriceNotUnderstood(ListingError):
    """``text`` is not a price."""

    def __init__(self, message: str, *, text: str) -> None:
        super().__init__(message)
        self.text = text


class PriceTooFine(ListingError):
    """More than two decimals."""


class PriceOutOfRange(ListingError):
    """Not above 0, or above ``most_cents``."""

    def __init__(self, message: str, *, most_cents: int) -> None:
        super().__init__(message)
        self.most_cents = most_cents


class CaptionMissing(ListingError):
    """A photo without a caption."""


class PriceMissing(ListingError):
    """No price in ``caption`` (its words, spaces tidied)."""

    def __init__(self, message: str, *, caption: str) -> None:
        super().__init__(message)
        self.caption = caption


class ProductNameMissing(ListingError):
    pass


class ProductNameTooLong(ListingError):
    def __init__(self, message: str, *, most: int) -> None:
        super().__init__(message)
        self.most = most


class ProductPhoto(Base):
    """A product's photo as the channel knows it (a Telegram file id), one per product.

    Lives here rather than on Product so the catalog file format stays photo-free.
    """

    __tablename__ = "product_photos"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    source: Mapped[str] = mapped_column(String(16), default="telegram")
    ref: Mapped[str] = mapped_column(String(300))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# ---------------------------------------------------------------- categories and VAT

# Keywords match the end of a word, because German compounds put the thing last:
# "Apfelsaft" is a juice, "Weizenbrötchen" bread, "Spätburgunder" wine. Checked in this
# order, so "Apfelsaft" is a drink before "apfel" could make it fruit.
DRINKS = "Getränke"
_CATEGORIES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    # Milk and milk drinks keep the reduced rate (§ 12 UStG, Anlage 2); other drinks 19 %.
    ("Milch & Käse", 7, ("milch", "buttermilch", "kefir", "kakao", "käse", "quark", "joghurt", "jogurt",
                          "butter", "sahne", "schmand", "frischkäse", "gouda")),
    ("Wein", 19, ("wein", "burgunder", "riesling", "silvaner", "dornfelder", "merlot", "cabernet", "chardonnay",
                  "sekt", "secco", "prosecco", "rosé", "rose", "trollinger", "lemberger", "müller-thurgau",
                  "kerner", "scheurebe", "portugieser", "glühwein")),
    ("Bier", 19, ("bier", "pils", "pilsener", "pilsner", "weizenbier", "hefeweizen", "alt", "kölsch", "radler",
                  "bock", "lager")),
    ("Spirituosen", 19, ("schnaps", "korn", "likör", "gin", "whisky", "whiskey", "rum", "wodka", "geist",
                         "brand", "obstler", "aquavit")),
    (DRINKS, 19, ("saft", "schorle", "limo", "limonade", "wasser", "sprudel", "cola", "nektar", "most",
                  "eistee", "smoothie")),
    ("Brot & Backwaren", 7, ("brot", "brötchen", "stuten", "kuchen", "torte", "brezel", "croissant", "semmel",
                             "baguette", "zwieback", "plätzchen", "keks", "kekse", "waffel")),
    ("Eier", 7, ("ei", "eier")),
    ("Fleisch & Wurst", 7, ("wurst", "würstchen", "schinken", "fleisch", "steak", "hack", "hackfleisch", "braten",
                            "schnitzel", "salami", "speck", "filet", "kotelett", "gulasch", "leberwurst")),
    ("Obst & Gemüse", 7, ("spargel", "kartoffel", "kartoffeln", "apfel", "äpfel", "birne", "birnen", "erdbeere",
                          "erdbeeren", "tomate", "tomaten", "gurke", "gurken", "kohl", "salat", "möhre", "möhren",
                          "karotte", "karotten", "zwiebel", "zwiebeln", "kürbis", "lauch", "porree", "rübe",
                          "rüben", "beete", "pilze", "champignons", "kirschen", "pflaumen", "zucchini", "paprika",
                          "bohnen", "erbsen", "spinat", "radieschen", "obst", "gemüse")),
    ("Honig & Aufstriche", 7, ("honig", "marmelade", "konfitüre", "gelee", "aufstrich", "apfelmus",
                                  "pflaumenmus", "apfelkraut", "rübenkraut")),
)
FOOD_VAT = 7


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s,/()]+", name.casefold()) if w]


def guess_category(name: str) -> tuple[str | None, int]:
    """("Wein", 19) for "Spätburgunder trocken", ("Milch & Käse", 7) for "Frischmilch"; (None, 7) unknown.

    Unknown goods get the food rate because Kiepe's shops sell mostly food; the merchant
    sees the rate in the proposal and can switch it with one tap.
    """
    words = _words(name)
    for category, vat, keywords in _CATEGORIES:
        for word in words:
            parts = [word, *word.split("-")]
            if any(part == kw or (len(kw) >= 4 and part.endswith(kw)) for part in parts for kw in keywords):
                return category, vat
    return None, FOOD_VAT


# ---------------------------------------------------------------- the proposal


@dataclass(frozen=True)
class ProductProposal:
    """What the bot read from a caption; the merchant confirms it before it goes live."""

    name: str
    price_cents: int
    unit: str  # piece | kg | l: what the price is per
    size: str | None  # content of one piece, "0,75 l"
    label: str | None  # "Flasche"
    vat: int
    category: str | None

    def with_vat(self, vat: int) -> ProductProposal:
        return ProductProposal(**{**asdict(self), "vat": vat})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProductProposal:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})

    def describe(self) -> str:
        """German, for the merchant: "Spätburgunder trocken, 0,75 l – 12,90 € je Flasche, 19 % MwSt, Wein"."""
        per = {"kg": " je kg", "l": " je Liter"}.get(self.unit, f" je {self.label}" if self.label else " je Stück")
        size = f", {self.size}" if self.size else ""
        category = self.category or "ohne Kategorie"
        return f"{self.name}{size} – {format_euro(self.price_cents)}{per}, {self.vat} % MwSt., {category}"


# A number that may be a price: "12,90", "12.90", "12", "12,-".
_NUMBER = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,4}(?:[.,]\d{1,2}|,-{1,2})?)(?!\d)"
_PER_UNIT = r"(?P<per>\s*(?:/|pro\b|je\b|per\b|das\b|der\b|die\b)\s*(?P<perunit>100\s*g(?:r|ramm)?\b|kg\b|kilo(?:gramm)?\b|l\b|liter\b|stück\b|stk\.?|flasche\b|bund\b|schale\b|glas\b|becher\b|dose\b|packung\b|pck\.?))?"
_PRICE = re.compile(
    r"(?<![\w.,])(?P<pre>€\s*|eur\s+)?(?P<num>" + _NUMBER + r")(?P<cur>\s*(?:€|eur\b|euro\b))?" + _PER_UNIT,
    re.IGNORECASE,
)
# Size units, so "0,75 l" and "1 kg" are never mistaken for a price.
_SIZE_UNIT_AHEAD = re.compile(r"\s*(?:[x×]\s*\d|ml\b|cl\b|l\b|liter\b|kg\b|kilo|g\b|gr\b|gramm\b|stück\b|stk\b|er\b)",
                              re.IGNORECASE)
_SIZE = re.compile(
    r"(?<![\w.,])(?:\d+\s*[x×]\s*)?\d+(?:[.,]\d+)?\s*(?:ml|cl|l|liter|kg|kilo|g|gr|gramm|stück|stk\.?)(?!\w)"
    r"|(?<![\w.,])\d+er(?:[\s-]?(?:pack(?:ung)?|karton|schale))?(?!\w)",
    re.IGNORECASE,
)
_PRICE_WORD = re.compile(r"\b(?:preis|nur|jetzt|für)\b\s*:?", re.IGNORECASE)
_LIQUID_LABEL = "Flasche"
_PER_UNIT_LABELS = {"flasche": "Flasche", "bund": "Bund", "schale": "Schale", "glas": "Glas", "becher": "Becher",
                    "dose": "Dose", "packung": "Packung", "pck": "Packung", "pck.": "Packung"}


def parse_price(text: str) -> int:
    """German price text to cents: "12,90" -> 1290, "12.90 €" -> 1290, "12,-" -> 1200, "3 €" -> 300."""
    cleaned = text.strip().replace("€", "").replace(" ", "")
    cleaned = re.sub(r"(?i)eur(o)?", "", cleaned).rstrip("-").rstrip(",")
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "")  # "1.299,00": the dot groups thousands
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise PriceNotUnderstood(f"not a price: {text!r}", text=text) from None
    cents = value * 100
    if cents != cents.to_integral_value():
        raise PriceTooFine(f"more than two decimals: {text!r}")
    if not 0 < cents <= MAX_PRICE_CENTS:
        raise PriceOutOfRange(f"price out of range: {text!r}", most_cents=MAX_PRICE_CENTS)
    return int(cents)


def _find_price(text: str) -> re.Match[str] | None:
    """The last number that is clearly a price: with a currency, a "/kg", or two decimals."""
    found = None
    for match in _PRICE.finditer(text):
        num, marked = match["num"], bool(match["pre"] or match["cur"] or match["per"])
        if not marked:
            if _SIZE_UNIT_AHEAD.match(text, match.end("num")):
                continue  # "0,75 l", "1 kg", "10er": a size
            if not re.search(r"[.,]\d{2}$|,-+$", num):
                continue  # "2022" in "Riesling 2022" is a vintage, not a price
        found = match
    return found


def _clean_name(text: str) -> str:
    text = _PRICE_WORD.sub(" ", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" \t\n-–—,;:.|•*")


def parse_caption(caption: str | None) -> ProductProposal:
    """Read a photo caption like "Spätburgunder trocken 0,75 l 12,90" into a proposal.

    Raises a ListingError (CaptionMissing, PriceMissing, ProductNameMissing …) without a price or a name.
    """
    text = " ".join((caption or "").split())
    if not text:
        raise CaptionMissing("photo without caption")
    price = _find_price(text)
    if price is None:
        raise PriceMissing(f"no price in caption {caption!r}", caption=text)
    cents = parse_price(price["num"])
    unit, label = Unit.piece.value, None
    per = (price["perunit"] or "").casefold().replace(" ", "")
    if per.startswith("100g"):
        unit, cents = Unit.kg.value, cents * 10  # Kiepe prices by the kg; "2,49 €/100 g" is 24,90 €/kg
    elif per.startswith("k"):
        unit = Unit.kg.value
    elif per in ("l", "liter"):
        unit = Unit.l.value
    elif per in _PER_UNIT_LABELS:
        label = _PER_UNIT_LABELS[per]
    rest = text[: price.start()] + " " + text[price.end():]
    size = None
    size_match = _SIZE.search(rest)
    if size_match:
        try:
            amount, base = parse_size(size_match.group(0))
        except SizeError:
            amount = None
        if amount is not None:
            rest = rest[: size_match.start()] + " " + rest[size_match.end():]
            if unit == Unit.piece.value:
                size = " ".join(size_match.group(0).split())
                if base == "l" and label is None:
                    label = _LIQUID_LABEL
    name = _clean_name(rest)
    if not name or not re.search(r"[^\W\d_]", name):
        raise ProductNameMissing(f"no product name in caption {caption!r}")
    if len(name) > 200:
        raise ProductNameTooLong("name too long", most=200)
    category, vat = guess_category(name)
    return ProductProposal(name=name, price_cents=cents, unit=unit, size=size, label=label, vat=vat, category=category)


# ---------------------------------------------------------------- daily commands


@dataclass(frozen=True)
class ShopCommand:
    """A change a merchant typed: ``kind`` "availability" (``available``) or "price" (``price_cents``)."""

    kind: str
    query: str  # the product as the merchant named it
    available: bool | None = None
    price_cents: int | None = None


_OFF = re.compile(r"^(?P<q>.+?)\s+(?:ist\s+|sind\s+|heute\s+)*(?:ausverkauft|alle|aus|vergriffen|weg|"
                  r"nicht\s+(?:mehr\s+)?(?:da|verfügbar|lieferbar|vorrätig))\s*[.!]*$", re.IGNORECASE)
_ON = re.compile(r"^(?P<q>.+?)\s+(?:ist\s+|sind\s+)*(?:wieder\s+(?:da|verfügbar|lieferbar|vorrätig|im\s+angebot)|"
                 r"verfügbar|vorrätig)\s*[.!]*$", re.IGNORECASE)
_SET_PRICE = re.compile(r"^(?P<word>preis\s+(?:für\s+|von\s+)?)?(?P<q>.+?)\s*(?:jetzt\s+|nur\s+noch\s+|neu\s+|:\s*|=\s*)?"
                        r"(?P<price>(?:€\s*)?" + _NUMBER + r"(?:\s*(?:€|eur\b|euro\b))?)"
                        r"(?:\s*(?:/|pro|je)\s*\S+)?\s*[.!]*$", re.IGNORECASE)


def parse_shop_command(text: str | None) -> ShopCommand | None:
    """"Spargel ausverkauft", "Spargel wieder da", "Spargel 8,90", "Preis Spargel 8,90"; None otherwise."""
    text = " ".join((text or "").split())
    if not text or text.startswith("/"):
        return None
    if match := _ON.match(text):
        return ShopCommand("availability", _clean_name(match["q"]), available=True)
    if match := _OFF.match(text):
        return ShopCommand("availability", _clean_name(match["q"]), available=False)
    if match := _SET_PRICE.match(text):
        price_text = match["price"]
        explicit = bool(match["word"]) or "€" in price_text or re.search(r"(?i)eur", price_text)
        if not explicit and not re.search(r"[.,]\d{2}$|,-+$", price_text.strip()):
            return None  # "Eier 10" is not clearly a price
        query = _clean_name(match["q"])
        if query and re.search(r"[^\W\d_]", query):
            return ShopCommand("price", query, price_cents=parse_price(price_text.replace("€", "")))
    return None


# ---------------------------------------------------------------- use cases


def slugify(name: str) -> str:
    """"Spätburgunder trocken" -> "spaetburgunder-trocken" (catalog slug style)."""
    text = fold_text_transliterated(name).replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return (slug or "produkt")[:56].rstrip("-")


def _free_slug(session: Session, shop: Shop, name: str) -> str:
    base = slugify(name)
    taken = set(session.scalars(select(Product.slug).where(Product.shop_id == shop.id, Product.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def list_product(session: Session, shop: Shop, proposal: ProductProposal, *, photo_ref: str | None = None,
                 source: str = "telegram") -> Product:
    """Make a confirmed proposal a live product of the shop and bump the region's catalog revision.

    A product of the same name the shop listed before (or the catalog file unlisted) is updated
    and listed again rather than duplicated, so a merchant re-sending a photo changes the price.
    """
    if proposal.vat not in (7, 19):
        raise Invalid(f"VAT must be 7 or 19, got {proposal.vat}", field="vat")
    wanted = fold_text(proposal.name)
    product = next((p for p in session.scalars(select(Product).where(Product.shop_id == shop.id,
                                                                    Product.is_service.is_(False)))
                    if fold_text(p.name) == wanted and (p.size or None) == proposal.size), None)
    if product is None:
        product = Product(shop_id=shop.id, slug=_free_slug(session, shop, proposal.name), name=proposal.name,
                          aliases=[])
        session.add(product)
    product.shop = shop
    product.category = proposal.category
    product.unit = proposal.unit
    product.label = proposal.label
    product.size = proposal.size
    product.price_cents = proposal.price_cents
    product.vat = proposal.vat
    product.available = True
    product.listed = True
    session.flush()
    if photo_ref:
        set_photo(session, product.id, photo_ref, source=source)
    bump_catalog_revision(session, shop.region_id)
    return product


def set_photo(session: Session, product_id: int, ref: str, *, source: str = "telegram") -> None:
    photo = session.get(ProductPhoto, product_id)
    if photo is None:
        session.add(ProductPhoto(product_id=product_id, ref=ref, source=source))
    else:
        photo.ref, photo.source = ref, source
    session.flush()


def photos_of(session: Session, product_ids: list[int], *, source: str = "telegram") -> dict[int, str]:
    """Photo references by product id, for the products that have one."""
    if not product_ids:
        return {}
    rows = session.scalars(select(ProductPhoto).where(ProductPhoto.product_id.in_(product_ids),
                                                      ProductPhoto.source == source))
    return {row.product_id: row.ref for row in rows}


def find_shop_products(session: Session, shop: Shop, query: str) -> list[Product]:
    """A shop's listed products (not services) a merchant means by ``query``: exact name first.

    One exact (case- and umlaut-free) name match wins; otherwise every product whose name
    contains the query or starts like it, so "Spargel" finds "Spargel weiß" and "Spargel grün".
    """
    products = list(session.scalars(select(Product).where(Product.shop_id == shop.id, Product.listed.is_(True),
                                                         Product.is_service.is_(False))))
    folded = fold_text_transliterated(query)
    exact = [p for p in products if fold_text_transliterated(p.name) == folded]
    if exact:
        return exact
    return sorted((p for p in products if folded in fold_text_transliterated(p.name)
                   or any(folded == fold_text_transliterated(a) for a in p.aliases or ())),
                  key=lambda p: (p.name.casefold(), p.id))
