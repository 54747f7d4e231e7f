"""Product sizes: the content of one piece ("0,75 l", "250 g", "6 Stück") in a base unit.

A size is what lets "zwei Liter Milch" become 2 pieces of a ``size: "1 l"`` bottle, so it is
always reduced to one of the catalog's own units: ``l``, ``kg`` or ``piece``. This is the one
reader of sizes: the catalog import and the Telegram listing check them with ``parse_size``, the
NLU reads the sizes stored with ``read_size`` (issue 14: there were two tables, kept in step by hand).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

BASE_UNITS = ("piece", "kg", "l")

# Spelled unit (lower case) -> (base unit, how many base units one of it is).
_SIZE_UNITS: dict[str, tuple[str, Decimal]] = {
    "l": ("l", Decimal(1)),
    "liter": ("l", Decimal(1)),
    "litre": ("l", Decimal(1)),
    "ml": ("l", Decimal("0.001")),
    "cl": ("l", Decimal("0.01")),
    "kg": ("kg", Decimal(1)),
    "kilo": ("kg", Decimal(1)),
    "kilogramm": ("kg", Decimal(1)),
    "g": ("kg", Decimal("0.001")),
    "gr": ("kg", Decimal("0.001")),
    "gramm": ("kg", Decimal("0.001")),
    "stück": ("piece", Decimal(1)),
    "stk": ("piece", Decimal(1)),
    "stk.": ("piece", Decimal(1)),
    "st.": ("piece", Decimal(1)),
}
# "50 Beutel" Tee, "10 Scheiben" Käse, "4 Rollen": pieces counted by what they are called
_COUNTED = frozenset("""beutel teebeutel scheiben scheibe kapseln pads tabs rollen blatt stücke portionen
    portion riegel tafeln eier""".split())
_SIZE_UNITS.update({word: ("piece", Decimal(1)) for word in _COUNTED})
_SIZE_UNITS.update({"lt": ("l", Decimal(1)), "ltr": ("l", Decimal(1)), "ltr.": ("l", Decimal(1)), "litre": ("l", Decimal(1)),
                    "gram": ("kg", Decimal("0.001")), "grams": ("kg", Decimal("0.001")),
                    "liters": ("l", Decimal(1)), "milliliter": ("l", Decimal("0.001"))})
# What the NLU read in sizes besides (it has no size parser of its own any more): the old weights
# ("1 Pfund", "1 Zentner") with their spoken forms, and more spellings of the metric ones.
_SIZE_UNITS.update({word: ("kg", Decimal("0.5")) for word in ("pfund", "pfd", "pfunde", "pund", "pond")})
_SIZE_UNITS.update({word: ("kg", Decimal(50)) for word in ("zentner", "ztr")})
_SIZE_UNITS.update({word: ("kg", Decimal(1)) for word in ("kilos", "kilogram", "kilogramms")})
_SIZE_UNITS.update({"grammm": ("kg", Decimal("0.001")), "litern": ("l", Decimal(1)), "zentiliter": ("l", Decimal("0.01")),
                    "stck": ("piece", Decimal(1)), "st": ("piece", Decimal(1)), "pack": ("piece", Decimal(1))})
# Any other word of letters names what is counted; measures misspelt are refused, never counted.
_COUNTED_WORD = re.compile(r"^(?:[^\W\d_]{4,}|[A-ZÄÖÜ]{2,3})$")  # "10 Stiele", "20 WL" (Waschladungen)
_MEASURE_LOOKALIKES = frozenset("gramms litr literr mililiter".split())

# "0,75 l", "0.75l", "1 Liter", "6 Stück", "6 x 0,5 l": an optional count of packs, an amount
# (decimal comma or point), then a unit word.
_SIZE = re.compile(r"^\s*(?:(\d+)\s*[x×]\s*)?(\d+(?:[.,]\d+)?)\s*([^\d\s][^\s]*)\s*$", re.IGNORECASE)
# "10er", "10er Packung", "6er-Pack", "10er Packung Eier": a pack of that many pieces.
_PACK = re.compile(r"^\s*(\d+)\s*er(?:[\s-]+\w+)*\s*$")


# "ca. 120 g", "etwa 1,5 kg": a piece weighed by the shop has its content only roughly;
# "je 250 g": the content of each piece, which a size is anyway.
_ABOUT = re.compile(r"^\s*(?:(?:ca\.?|circa|etwa|ungefähr|~)\s*|je\s+)", re.IGNORECASE)
# "Ø 26 cm", "30 cm": a measure of the piece, not its content; it describes, nothing converts it.
_DIMENSION = re.compile(r"^\s*(?:Ø|ø|ca\.?)?\s*\d+(?:[.,]\d+)?\s*(?:x\s*\d+(?:[.,]\d+)?\s*)?(?:cm|mm|m)\s*$",
                        re.IGNORECASE)


def is_dimension(text: str) -> bool:
    """"Ø 26 cm", "20 x 30 cm": a size that tells pieces apart without being a content."""
    return isinstance(text, str) and bool(_DIMENSION.match(text))


_DESCRIBED_COUNT = re.compile(r"^(?P<count>.*[^\d\s]),\s*(?P<weight>\D.*)$")


class SizeError(ValueError):
    """A text that is not a size such as "1 l", "250 g" or "6 Stück"."""


def parse_size(text: str) -> tuple[Decimal, str]:
    """"0,75 l" -> (Decimal("0.75"), "l"); "250 g" -> (Decimal("0.25"), "kg"); "6 Stück" -> (6, "piece").

    Also "6 x 0,5 l" -> (3, "l"), "10er Packung" -> (10, "piece"), "ca. 1,5 kg", "je 250 g",
    "2 Stück, ca. 200 g" -> (2, "piece"),
    "1 Pfund" -> (0.5, "kg"), in any case. The catalog import and the Telegram listing check sizes
    with this; the NLU reads the sizes stored with ``read_size``, the same rules.
    """
    if not isinstance(text, str):
        raise SizeError(f"not a size: {text!r}")
    described = _DESCRIBED_COUNT.match(text)  # (a decimal comma is no such comma: "0,75 l")
    if described is not None:
        count, weight = described.group("count"), described.group("weight")
        # "2 Stück, ca. 200 g": a count of pieces with their rough weight beside it; the count is
        # the content, the weight only describes it (both must be sizes)
        try:
            counted = parse_size(count)
            parse_size(weight)
        except SizeError as exc:
            raise SizeError(f"not a size: {text!r} ({exc})") from None
        if counted[1] != "piece":
            raise SizeError(f"not a size: {text!r} (a second size after a comma describes a count: "
                            "\"2 Stück, ca. 200 g\")")
        return counted
    text = _ABOUT.sub("", text)
    pack = _PACK.match(text)
    if pack:
        if int(pack[1]) <= 0:
            raise SizeError(f"size must be more than zero: {text!r}")
        return Decimal(int(pack[1])), "piece"
    match = _SIZE.match(text)
    if not match:
        raise SizeError(f"not a size: {text!r} (write it like \"1 l\", \"0,75 l\", \"250 g\" or \"6 Stück\")")
    packs, number, unit_word = match.groups()
    unit = _SIZE_UNITS.get(unit_word.lower()) or _SIZE_UNITS.get(unit_word.lower().rstrip("."))  # "250 gr."
    if unit is None and _COUNTED_WORD.match(unit_word) and unit_word.lower() not in _MEASURE_LOOKALIKES \
            and re.fullmatch(r"\d+", number) and int(number) > 1:  # "1 Fass" counts nothing
        # "10 Stiele" Tulpen, "20 Waschladungen": pieces counted by whatever a shop calls them
        unit = ("piece", Decimal(1))
    if unit is None:
        raise SizeError(f"unknown unit {unit_word!r} in size {text!r} (use l, ml, cl, kg, g or Stück)")
    base_unit, factor = unit
    try:
        amount = Decimal(number.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise SizeError(f"not a size: {text!r}") from None
    if amount <= 0 or packs is not None and int(packs) <= 0:
        raise SizeError(f"size must be more than zero: {text!r}")
    amount *= factor * int(packs or 1)
    if base_unit == "piece" and amount != amount.to_integral_value():
        raise SizeError(f"a count of pieces must be whole: {text!r}")
    # normalize() turns 250 × 0.001 = 0.250 into 0.25; quantize back so 6 stays 6, not 6E+0.
    normalized = amount.normalize()
    if normalized == normalized.to_integral_value():
        normalized = normalized.quantize(Decimal(1))
    return normalized, base_unit


def read_size(text: str | None) -> tuple[Decimal, str] | None:
    """A size as stored, for readers (the NLU): ``parse_size``'s answer, or None where it refuses
    (no size, or a text such as "groß" or "Ø 26 cm" that names none)."""
    if not text:
        return None
    try:
        return parse_size(text)
    except SizeError:
        return None
