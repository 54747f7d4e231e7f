"""German quantities: "zwei liter", "ein halbes kilo", "ein pfund", "200 gramm", "zweieinhalb",
"anderthalb", "ein dutzend", "dreimal", "zwei flaschen", "ne flasche", "einen ring", "200g",
"0,5l", "2x" (``normalize.clean`` splits a unit glued to its number) … and their conversion
into the product's own unit (catalog.md: quantities are counted in the product's unit; ``piece``
takes whole numbers, ``kg`` and ``l`` take decimals).

Public API
----------
``parse_quantity(quantity_text, unit_text=None) -> Quantity | Problem | None``
``find_quantity(text) -> QuantitySpan | None``          (quantity phrase inside a longer text)
``parse_number(text) -> Decimal | None``                 ("zweieinhalb" → 2.5, "2,5" → 2.5)
``parse_size(size) -> tuple[Decimal, str] | None``      ("0,75 l" → (0.75, "l"), "10er" → (10, "piece"))
``container_word(word) -> str | None``                   ("flaschen" → "Flasche", "ring" → "Ring")
``convert_to_product_unit(amount, unit, item, container=None) -> Decimal | Problem``
``quantity_for_item(q, item) -> Decimal | Problem``     (None → default: 1 piece, ask for kg/l)
``label_plural(label, n)``, ``format_quantity(amount, item)`` (read-back: "2 Flaschen", "500 Gramm")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Protocol

from text_to_num import text2num

from ordering import units

from .lexicon import lexicon
from .normalize import clean, fold

if TYPE_CHECKING:  # pragma: no cover
    from .catalog_index import CatalogItem

__all__ = [
    "Problem",
    "Quantity",
    "QuantitySpan",
    "container_word",
    "convert_to_product_unit",
    "find_quantity",
    "format_amount",
    "format_quantity",
    "label_plural",
    "norm",
    "parse_number",
    "parse_quantity",
    "parse_size",
    "quantity_for_item",
]

PIECE, KG, L = "piece", "kg", "l"
# Anything above this (pieces, kg or l) is taken for a misheard number and asked again.
MAX_AMOUNT = Decimal(10_000)


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity in a canonical unit: ``piece`` (a count), ``kg`` or ``l``.

    ``container`` is the spoken container/label word for counts ("Flasche", "Packung", "mal"),
    ``None`` for a bare number ("sechs brötchen").
    """

    amount: Decimal
    unit: str
    container: str | None = None
    text: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", norm(self.amount))

    def as_tuple(self) -> tuple[Decimal, str]:
        return self.amount, self.unit


@dataclass(frozen=True)
class Problem:
    """Something to ask the customer instead of guessing.

    code: ``vague`` ("ein paar", "einige"), ``not_a_quantity`` (text not understood),
    ``implausible`` (more than 10 000 pieces/kg/l: a misheard number),
    ``ask_amount`` (nothing said for a kg/l item), ``not_whole``
    (pieces must be whole), ``unit_mismatch`` (litres of a kg item, pieces of a loose item …),
    ``no_size`` (weight/volume asked of a piece item whose size is unknown), ``zero``.
    ``options``: suggested amounts in the product's unit, where there are any.
    """

    code: str
    question: str
    options: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class QuantitySpan:
    start: int  # word positions in clean(text).split()
    end: int
    quantity_text: str
    unit_text: str | None
    result: Quantity | Problem


# ---- vocabulary -----------------------------------------------------------------------------

# "ne", "nen" …: spoken short forms of "eine", "einen" ("ne flasche wein")
_ONE = {"ein", "eine", "einen", "einem", "einer", "eines", "eins", "1", "ne", "nen", "nem", "ner"}
# "ein" as the regions say it (Rhineland and Westphalia "en", Hesse, Palatinate and Baden "e",
# Bavaria "a", "oa", "an"): one only before a half, a dozen, a unit or a container, since these
# short words mean other things elsewhere ("an der Kirche")
_SPOKEN_ONE = {"en", "e", "a", "an", "oa", "oan", "ene", "enen"}
_SMALL = {
    "null": 0, "ne": 1, "nen": 1, "nem": 1, "ner": 1,
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1, "eins": 1,
    "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "funf": 5, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12, "zwölf": 12, "dreizehn": 13,
    "vierzehn": 14, "funfzehn": 15, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17,
    "achtzehn": 18, "neunzehn": 19, "zwanzig": 20,
}
_HALF_WORDS = {"halb", "halbe", "halben", "halber", "halbes", "halbem", "halbs", "halbn",
               # said with a w in the west and south-west ("en halwe Zentner", "e halwes Pfund")
               "halwe", "halwer", "halwes", "halwen", "halwem",
               # and with an oi in Bavaria and Austria ("a hoibs Pfund", "a hoibe Bier")
               "hoib", "hoibe", "hoibs", "hoibn", "hoiben", "hoiba", "hoibes",
               # and with a v in Low German ("n halv pund kees")
               "halv", "halve", "halven", "halvet"}
_FRACTIONS = {
    "anderthalb": Decimal("1.5"), "eineinhalb": Decimal("1.5"), "einhalb": Decimal("0.5"),
    "dreiviertel": Decimal("0.75"), "viertel": Decimal("0.25"), "viertl": Decimal("0.25"), "achtel": Decimal("0.125"),
    "dreiachtel": Decimal("0.375"),
}
_DOZEN = {"dutzend", "dtz", "dtzd"}  # "1 dtz rote rosen": typed short
_COUNT_NOUNS = frozenset({"dutzend", "mandel"})  # counts said like a unit
# goods counted by the Mandel (fifteen) where it is still said
_COUNTED_BY_THE_MANDEL = frozenset("eier eiern pfannkuchen fannkuchen berliner kreppel krapfen".split())
_VAGUE = {"paar", "einige", "einigen", "mehrere", "bisschen", "wenig", "etwas", "viele", "paarmal"}

# unit word → (factor, canonical unit, container label)
_UNITS: dict[str, tuple[Decimal, str, str | None]] = {}
for _w in ("kilo", "kilos", "kilogramm", "kg", "kilogram", "kilogramms"):
    _UNITS[_w] = (Decimal(1), KG, None)
for _w in ("gramm", "g", "gr", "grammm", "gram"):
    _UNITS[_w] = (Decimal("0.001"), KG, None)
for _w in ("pfund", "pfd", "pfunde", "pund", "pond"):  # Low German, Hessian
    _UNITS[_w] = (Decimal("0.5"), KG, None)
for _w in ("zentner", "ztr"):
    _UNITS[_w] = (Decimal(50), KG, None)  # "en halwe Zentner Krumbeere": 25 kg (the German Zentner)
for _w in ("liter", "litern", "l", "ltr", "litre"):
    _UNITS[_w] = (Decimal(1), L, None)
for _w in ("milliliter", "ml"):
    _UNITS[_w] = (Decimal("0.001"), L, None)
for _w in ("zentiliter", "cl"):
    _UNITS[_w] = (Decimal("0.01"), L, None)
_CONTAINERS = {
    "flasche": "Flasche", "flaschen": "Flasche", "fläschchen": "Flasche",
    "packung": "Packung", "packungen": "Packung", "pack": "Packung", "packs": "Packung",
    "päckchen": "Packung", "paket": "Packung", "pakete": "Packung", "packerl": "Packung",
    "laib": "Laib", "laibe": "Laib", "laiber": "Laib",
    "glas": "Glas", "gläser": "Glas", "gläschen": "Glas",
    "becher": "Becher", "schale": "Schale", "schalen": "Schale", "schälchen": "Schale",
    "bund": "Bund", "bunde": "Bund", "bündel": "Bund",
    "dose": "Dose", "dosen": "Dose", "tüte": "Tüte", "tüten": "Tüte",
    "kiste": "Kiste", "kisten": "Kiste", "kasten": "Kasten", "kästen": "Kasten",
    "sack": "Sack", "säcke": "Sack", "netz": "Netz", "netze": "Netz", "beutel": "Beutel",
    "tafel": "Tafel", "tafeln": "Tafel", "rolle": "Rolle", "rollen": "Rolle",
    "portion": "Portion", "portionen": "Portion", "scheibe": "Scheibe", "scheiben": "Scheibe",
    "stück": "Stück", "stücke": "Stück", "stk": "Stück", "stck": "Stück",
    "kugel": "Kugel", "kugeln": "Kugel", "karton": "Karton", "kartons": "Karton",
    "topf": "Topf", "töpfe": "Topf", "töpfchen": "Topf", "ring": "Ring", "ringe": "Ring",
    "platte": "Platte", "platten": "Platte", "tube": "Tube", "tuben": "Tube",
    "knolle": "Knolle", "knollen": "Knolle", "stange": "Stange", "stangen": "Stange",
    "korb": "Korb", "körbe": "Korb", "körbchen": "Korb",
    "kopp": "Kopf", "köpp": "Kopf",  # "ein Kopp Kappes" (Rhineland, the North); "Kopf" itself is read as a label
    # the final -n dropped in Hesse and the Palatinate: "zwei Packunge", "drei Flasche", "zwei Dose"
    "packunge": "Packung", "schachtele": "Schachtel",
    # the final -e dropped in the south-west: "e Tüt Gutsele", "e Dos Erbse"
    "tüt": "Tüte", "dos": "Dose", "kist": "Kiste", "kischt": "Kiste", "kischte": "Kiste",
    "mal": "mal", "x": "mal",
    # as typed and as the trade writes them ("4 St. Dinkelsemmeln", "2 Pck Butter", "6 Fl Wasser")
    "st": "Stück", "stck.": "Stück", "pck": "Packung", "pkg": "Packung", "pkt": "Packung", "pk": "Packung",
    "fl": "Flasche", "fla": "Flasche", "fls": "Flasche", "bd": "Bund", "btl": "Beutel", "gl": "Glas",
    "ds": "Dose", "sixpack": "Sixpack", "sixpacks": "Sixpack", "sechserpack": "Sixpack",
    "sechserträger": "Sixpack", "träger": "Kasten", "tragerl": "Kasten", "pulle": "Flasche",
    "pullen": "Flasche", "kanister": "Kanister", "eimer": "Eimer", "stiege": "Stiege", "steige": "Stiege",
    "stick": "Stück",  # Palatine "sechs Stick Riwwelkuche" (after an amount only: "Salami Stick" is goods)
    "schachtel": "Schachtel", "schachteln": "Schachtel", "stiegen": "Stiege", "steigen": "Stiege",
    # the dative plural: "in den großen Säcken", "in Gläsern", "mit zwei Beuteln"
    "säcken": "Sack", "gläsern": "Glas", "bechern": "Becher", "beuteln": "Beutel", "körben": "Korb",
    "töpfen": "Topf", "eimern": "Eimer", "kanistern": "Kanister",
}

_NUM_RE = re.compile(r"^\d+(?:[.,]\d+)?$")
_MAL_RE = re.compile(r"^(.+?)mal$")
_EINHALB_RE = re.compile(r"^(.+?)(?:und)?einhalb$")


def norm(d: Decimal) -> Decimal:
    """Strip trailing zeros without scientific notation: 0.200 → 0.2, 100 → 100."""
    d = Decimal(d)
    try:
        if d == d.to_integral_value():
            return d.quantize(Decimal(1))
        return d.normalize()
    except InvalidOperation:  # beyond the context precision: leave as is
        return d


def _dec(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(",", "."))
    except InvalidOperation:
        return None


def _word_number(word: str) -> Decimal | None:
    """A single word as a number: "zwei", "zwölf", "einundzwanzig", "2", "2,5", "zweieinhalb"."""
    if not word:
        return None
    if _NUM_RE.match(word):
        return _dec(word)
    if word in _SMALL:
        return Decimal(_SMALL[word])
    if word in _FRACTIONS:
        return _FRACTIONS[word]
    m = _EINHALB_RE.match(word)
    if m:
        base = _word_number(m.group(1))
        if base is not None and base == base.to_integral_value():
            return base + Decimal("0.5")
    try:
        return Decimal(text2num(word, "de"))
    except (ValueError, TypeError):
        return None


def _number_at(words: list[str], i: int) -> tuple[Decimal | str, int] | None:
    """Parse a number starting at ``words[i]``.

    Returns (value, next position) – value is the string ``"vague"`` for "ein paar", "einige" …
    Handles "ein halbes", "zwei komma fünf", "zwei einhalb", "ein dutzend", "zwei dutzend",
    "drei mal", "dreimal", "zweihundert fünfzig".
    """
    n = len(words)
    w = words[i]
    if len(w) > 6 and w.endswith("ahalb"):
        w = w[:-5] + "einhalb"  # Bavarian "zweiahalb", "dreiahalb"
    if w in _VAGUE:
        return "vague", i + 1
    if w in _SPOKEN_ONE and i + 1 < n and (words[i + 1] in _HALF_WORDS or words[i + 1] in _DOZEN
                                           or words[i + 1] in _CONTAINERS
                                           or (words[i + 1] in _UNITS and len(words[i + 1]) > 2)):
        w = "ein"  # "en halwe Zentner", "a Kilo", "e Dutzend": the article as it is spoken, before an amount
    if w in _ONE and not w.isdigit() and i + 1 < n and words[i + 1] in _VAGUE:
        return "vague", i + 2  # "ein paar Flaschen" is a few; "1 Paar Landjäger" is one pair
    # "dreimal" as one word
    m = _MAL_RE.match(w)
    if m and w not in ("mal",):
        v = _word_number(m.group(1))
        if v is not None:
            return v, i  # caller sees the "…mal" word as the container, position unchanged
    if w in _HALF_WORDS:
        if i + 1 < n and words[i + 1] in _DOZEN:
            return Decimal(6), i + 2  # "halbes dutzend"
        return Decimal("0.5"), i + 1
    if w in _DOZEN:
        return Decimal(12), i + 1
    v = _word_number(w)
    if v is None:
        return None
    j = i + 1
    if w in _ONE and j < n:
        nxt = words[j]
        if nxt in _HALF_WORDS:  # "ein halbes", "eine halbe" ("ein halbes dutzend": six)
            if j + 1 < n and words[j + 1] in _DOZEN:
                return Decimal(6), j + 2
            return Decimal("0.5"), j + 1
        if nxt in ("viertel", "viertl", "achtel"):
            return _FRACTIONS[nxt], j + 1
    # greedy multi-word numbers for text2num: "zweihundert fünfzig"
    if not _NUM_RE.match(w) and w not in _FRACTIONS:
        best = (v, j)
        k = j
        while k < n and k < i + 4 and not _NUM_RE.match(words[k]) and words[k] not in _ONE:
            try:
                best = (Decimal(text2num(" ".join(words[i:k + 1]), "de")), k + 1)
            except (ValueError, TypeError):
                break
            k += 1
        v, j = best
    # decimal via "komma": "zwei komma fünf", "null komma drei drei" (0,33: the digits one by one)
    if j + 1 < n and words[j] == "komma" and v == v.to_integral_value():
        frac = words[j + 1]
        digits = frac if frac.isascii() and frac.isdigit() else None
        if digits is None:
            fv = _word_number(frac)
            if fv is not None and fv == fv.to_integral_value() and 0 <= fv < 10:
                digits = str(int(fv))
                k = j + 2
                while v == 0 and k < n and len(digits) < 3 and (nv := _word_number(words[k])) is not None \
                        and words[k] not in _ONE and nv == nv.to_integral_value() and 0 <= nv < 10:
                    digits, k = digits + str(int(nv)), k + 1
                if len(digits) > 1:
                    dv = _dec(f"{int(v)}.{digits}")
                    if dv is not None:
                        return dv, k
        dv = _dec(f"{int(v)}.{digits}") if digits is not None else None
        if dv is not None:
            v, j = dv, j + 2
    # "zwei einhalb", "zwei ein halb", "zwei und ein halb"
    if j < n and words[j] == "einhalb":
        v, j = v + Decimal("0.5"), j + 1
    elif j + 1 < n and words[j] == "ein" and words[j + 1] == "halb":
        v, j = v + Decimal("0.5"), j + 2
    elif j + 2 < n and words[j] == "und" and words[j + 1] in ("ein", "einhalb") and words[j + 2] in ("halb",):
        v, j = v + Decimal("0.5"), j + 3
    # "ein dutzend", "zwei dutzend"
    if j < n and words[j] in _DOZEN:
        v, j = v * 12, j + 1
    # "ne Mandel Pfannkuchen": the old count of fifteen, still said in the east for eggs and
    # doughnuts ("Eier, ne Mandel"); not before a unit or a container, which make it the nut
    elif j < n and words[j] == "mandel" and (j + 1 == n or words[j + 1] in _COUNTED_BY_THE_MANDEL or (
            words[j + 1] not in _CONTAINERS and words[j + 1] not in _UNITS and not lexicon().is_goods(words[j + 1]))):
        v, j = v * 15, j + 1  # (not "zwei Mandel Hörnchen": goods after it make it their kind)
    # "ein halbes" after a fraction word ("dreiviertel") is not a thing; "drei viertel"
    if j < n and words[j] == "viertel" and v == v.to_integral_value() and v < 4:
        v, j = v * Decimal("0.25"), j + 1
    return v, j


def _unit_at(words: list[str], j: int) -> tuple[Decimal, str, str | None, int] | None:
    if j >= len(words):
        return None
    w = words[j]
    if w in _UNITS:
        f, u, c = _UNITS[w]
        return f, u, c, j + 1
    if w in _CONTAINERS:
        return Decimal(1), PIECE, _CONTAINERS[w], j + 1
    if w == "paar":  # after a number: "die Wiener lieber 6 Paar" are pairs, not "ein paar"
        return Decimal(1), PIECE, "Paar", j + 1
    return None


def _parse_at(words: list[str], i: int, require_unit: bool = False) -> tuple[int, Quantity | Problem] | None:
    """Quantity phrase starting at ``words[i]``; returns (end, result) or None."""
    u: str | tuple[Decimal, str, str | None, int] | None  # the unit alone, else the unit after the number
    num = _number_at(words, i)
    if num is None:
        # a unit without a number: "pfund hack", "kilo kartoffeln" – one of it
        if words[i] in _UNITS and words[i] not in ("g", "l", "gr", "ml", "cl"):
            f, u, c = _UNITS[words[i]]
            return i + 1, Quantity(f, u, c, words[i])
        return None
    v, j = num
    if v == "vague":
        # "ein paar flaschen" – swallow a following unit word too
        u = _unit_at(words, j)
        end = u[3] if u else j
        return end, Problem("vague", "Wie viele genau?")
    assert isinstance(v, Decimal)
    if j == i:  # "dreimal"
        return i + 1, Quantity(v, PIECE, "mal", words[i])
    u = _unit_at(words, j)
    if u is None:
        if require_unit:
            return None
        if v > MAX_AMOUNT:
            return j, Problem("implausible", "Wie viel genau?")
        return j, Quantity(v, PIECE, None, " ".join(words[i:j]))
    f, unit, container, end = u
    if v * f > MAX_AMOUNT:
        return end, Problem("implausible", "Wie viel genau?")
    # "ein halbes kilo" / "zwei kilo" / "drei mal"
    return end, Quantity(v * f, unit, container, " ".join(words[i:end]))


def is_amount_word(word: str) -> bool:
    """A unit or container word ("kg", "Pfund", "Flaschen", "Kasten"): after a number, an amount of goods."""
    return clean(word) in _UNITS or container_word(word) is not None


def container_word(word: str | None) -> str | None:
    """The container label a word names ("flaschen" → "Flasche", "ring" → "Ring"), else None."""
    return _CONTAINERS.get(clean(word)) if word else None


def parse_quantity(quantity_text: str | None, unit_text: str | None = None) -> Quantity | Problem | None:
    """Parse the NLU's quantity (and unit) text.

    ``None`` when nothing is said ("" / None); a :class:`Problem` for vague amounts ("ein paar")
    or text that is not a quantity at all; otherwise a :class:`Quantity` in ``piece``/``kg``/``l``.

    >>> parse_quantity("zwei", "liter").as_tuple()
    (Decimal('2'), 'l')
    """
    words = clean(" ".join(t for t in (quantity_text, unit_text) if t)).split()
    if not words:
        return None
    res = _parse_at(words, 0)
    if res is None:
        return Problem("not_a_quantity", "Wie viel genau?")
    end, q = res
    if isinstance(q, Quantity) and end < len(words):
        # trailing unit given separately after a complete phrase: "2" + "x" – ignore the rest,
        # but a unit after "mal" ("dreimal zwei liter") is not understood.
        rest = words[end:]
        if (found := _unit_at(rest, 0)) and q.container is None and q.unit == PIECE:
            f, u, c, _ = found
            q = Quantity(q.amount * f, u, c, " ".join(words))
    return q


def parse_number(text: str | None) -> Decimal | None:
    """A number said as words or digits ("zweieinhalb" → 2.5, "einundzwanzig" → 21)."""
    words = clean(text).split()
    if not words:
        return None
    r = _number_at(words, 0)
    if r is None or not isinstance(r[0], Decimal):
        return None
    return r[0]


def find_quantity(text: str | None) -> QuantitySpan | None:
    """Find a quantity phrase in a longer text (e.g. one order group of a raw utterance).

    A phrase at the start wins ("zwei liter milch"); elsewhere a phrase counts only when it has a
    unit word or ends the text ("milch zwei liter", "brötchen sechs stück", "mettwurst dreimal"),
    so that digits inside product names ("Milch 3,5") are not taken for quantities.
    """
    words = clean(text).split()
    for i in range(len(words)):
        res = _parse_at(words, i, require_unit=False)
        if res is None:
            continue
        end, q = res
        if i > 0:
            has_unit = isinstance(q, Problem) or (isinstance(q, Quantity) and q.container is not None) \
                or (isinstance(q, Quantity) and q.unit != PIECE) \
                or words[end - 1] in _COUNT_NOUNS  # "Eier auch, ne Mandel, aber lose"
            if not has_unit and end != len(words):
                continue
            # "milch 3,5": a trailing bare non-whole number is part of the name, not a count
            if not has_unit and isinstance(q, Quantity) and q.amount != q.amount.to_integral_value():
                continue
            # an article inside the text ("milch vom hof ein") is not a quantity
            if words[i] in _ONE and end == i + 1 and end == len(words):
                continue
        num_end = end
        unit_text = None
        if isinstance(q, Quantity) and (q.container or q.unit != PIECE) and q.container != "mal":
            unit_text = words[end - 1]
            num_end = end - 1
        qt = " ".join(words[i:num_end]) or words[i]
        return QuantitySpan(i, end, qt, unit_text, q)
    return None


# ---- sizes and conversion ------------------------------------------------------------------

def parse_size(size: str | None) -> tuple[Decimal, str] | None:
    """Content of one piece: "0,75 l" → (0.75, "l"), "250 g" → (0.25, "kg"), "6 Stück" → (6, "piece"),
    "10er" / "10er Packung" → (10, "piece"), "6 x 0,5 l" → (3, "l"). None when not understood.
    The domain's parser reads it (``ordering.units``), as the catalog import did when it took the size."""
    return units.read_size(size)


_PLURALS = {
    "Flasche": "Flaschen", "Packung": "Packungen", "Laib": "Laibe", "Glas": "Gläser",
    "Becher": "Becher", "Schale": "Schalen", "Bund": "Bund", "Dose": "Dosen", "Tüte": "Tüten",
    "Kiste": "Kisten", "Kasten": "Kästen", "Sack": "Säcke", "Netz": "Netze", "Beutel": "Beutel",
    "Tafel": "Tafeln", "Rolle": "Rollen", "Portion": "Portionen", "Scheibe": "Scheiben",
    "Stück": "Stück", "Kugel": "Kugeln", "Karton": "Kartons", "Pack": "Packungen", "Korb": "Körbe", "Kopf": "Köpfe",
    "Topf": "Töpfe", "Paar": "Paar", "Brot": "Brote", "Beet": "Beete", "Stange": "Stangen",
}


def label_plural(label: str | None, n: Decimal | int) -> str:
    """"Flasche" → "Flaschen" for n ≠ 1; unknown labels get a plain -n/-en/-e guess."""
    lab = label or "Stück"
    if Decimal(n) == 1:
        return lab
    if lab in _PLURALS:
        return _PLURALS[lab]
    if lab.endswith("e"):
        return lab + "n"
    if lab.endswith(("el", "er", "chen", "lein")):
        return lab
    return lab + "e"


def format_amount(v: Decimal) -> str:
    """Decimal → German: 2 → "2", 0.75 → "0,75", 1.50 → "1,5"."""
    v = Decimal(v)
    if v == v.to_integral_value():
        return str(int(v))
    s = format(v.normalize(), "f")
    return s.replace(".", ",")


def _measure(amount: Decimal, unit: str) -> str:
    """0.5 kg → "500 g", 1.5 kg → "1,5 kg", 0.75 l → "0,75 l", 0.2 l → "200 ml"."""
    if unit == KG:
        return f"{format_amount(amount * 1000)} g" if amount < 1 else f"{format_amount(amount)} kg"
    if unit == L:
        return f"{format_amount(amount * 1000)} ml" if amount < Decimal("0.1") else f"{format_amount(amount)} l"
    return f"{format_amount(amount)} Stück"


class Counted(Protocol):
    """What a read-back needs of goods: a catalog item or an order line alike (a voucher line has no unit)."""

    @property
    def unit(self) -> str | None: ...

    @property
    def label(self) -> str | None: ...


def format_quantity(amount: Decimal, item: Counted) -> str:
    """Read-back of an amount in the product's unit: "2 Flaschen", "6", "500 Gramm", "1,5 Kilo",
    "0,5 Liter". For piece items without a label the product name follows directly ("6
    Weizenbrötchen"), so "" + number is returned as just the number."""
    amount = Decimal(amount)
    if item.unit == KG:
        if amount < 1:
            return f"{format_amount(amount * 1000)} Gramm"
        return f"{format_amount(amount)} Kilo"
    if item.unit == L:
        return f"{format_amount(amount)} Liter"
    if item.label and item.label.lower() != "stück":
        return f"{format_amount(amount)} {label_plural(item.label, amount)}"
    return format_amount(amount)


def _label_phrase(item: Counted, n: Decimal) -> str:
    return f"{format_amount(n)} {label_plural(item.label or 'Stück', n)}"


def _canon(amount: Decimal, unit: str | None) -> tuple[Decimal, str | None]:
    if unit in (None, PIECE, KG, L):
        return amount, unit
    u = clean(unit)
    if u in _UNITS:
        f, cu, _ = _UNITS[u]
        return amount * f, cu
    if u in _CONTAINERS or u in ("count", "stück"):
        return amount, PIECE
    return amount, unit


def _how_much(item: CatalogItem) -> Problem:
    if item.unit == KG:
        return Problem("ask_amount", f"Wie viel {item.name} möchten Sie? Zum Beispiel 200 Gramm oder ein Pfund.")
    if item.unit == L:
        return Problem("ask_amount", f"Wie viel {item.name} möchten Sie? Zum Beispiel einen Liter.")
    noun = f"{label_plural(item.label, 2)} " if item.label else ""
    return Problem("ask_amount", f"Wie viele {noun}{item.name} möchten Sie?")


def convert_to_product_unit(
    amount: Decimal | int | str | None,
    unit: str | None,
    item: CatalogItem,
    container: str | None = None,
) -> Decimal | Problem:
    r = _convert(amount, unit, item, container)
    return norm(r) if isinstance(r, Decimal) else r


def _convert(
    amount: Decimal | int | str | None,
    unit: str | None,
    item: CatalogItem,
    container: str | None = None,
) -> Decimal | Problem:
    """Convert a said amount into the product's own unit.

    ``unit``: ``piece``/``None`` (a count), ``kg``, ``l`` – or a spoken unit word ("gramm",
    "pfund", "ml", "flaschen"). ``container``: the spoken container for counts ("Flasche",
    "mal"); it matters for pack items: "zwei Packungen Eier" → 2, but "zwölf Eier" for a
    "10er" pack is a question.

    * "zwei Liter Milch" for a piece of size "1 l" → 2
    * "ein halbes Kilo Butter" for size "250 g" → 2
    * "ein Pfund Hackfleisch" for unit kg → 0.5; "200 gramm käse" → 0.2
    * pieces must be whole: 1,5 pieces → Problem("not_whole"), never rounded silently
    * ``amount`` None → 1 piece for piece items, a "Wie viel …?" Problem for kg/l items
    """
    if amount is None:
        if item.unit == PIECE:
            return Decimal(1)
        return _how_much(item)
    amount = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    amount, unit = _canon(amount, unit)
    if amount <= 0:
        return Problem("zero", f"Wie viel {item.name} möchten Sie?")
    size = parse_size(item.size)

    if item.unit == PIECE:
        if unit in (None, PIECE):
            n = amount
            if size and size[1] == PIECE and container is None and size[0] > 1:
                # "zwölf eier" for a 10er pack: eggs, not packs
                n = amount / size[0]
                if n != n.to_integral_value():
                    return _not_whole(item, amount / size[0], size)
            elif (per_pack := _pieces_in_name(item)) and container in (None, "Stück") \
                    and amount >= per_pack and amount % per_pack == 0:
                # "12 Wildbratwürste" of "Wildbratwurst, 4 Stück" sold by the Packung: three packs
                n = amount / per_pack
            elif n != n.to_integral_value():
                opts = _options(n)
                if item.label and item.label.lower() != "stück":
                    q = (f"{item.name} gibt es nur als ganze {label_plural(item.label, 2)}. "
                         f"Möchten Sie {_options_text(item, opts)}?")
                else:
                    q = (f"{item.name} gibt es nur stückweise. "
                         f"Möchten Sie {' oder '.join(format_amount(o) for o in opts)} Stück?")
                return Problem("not_whole", q, opts)
            return n
        # weight or volume asked of a piece item
        if size is None or size[1] == PIECE:
            return Problem(
                "no_size",
                f"{item.name} gibt es nur {('als ' + label_plural(item.label, 2)) if item.label else 'stückweise'}. "
                f"Wie viele möchten Sie?",
            )
        if size[1] != unit:
            return _mismatch(item, unit)
        n = amount / size[0]
        if n != n.to_integral_value():
            return _not_whole(item, n, size)
        return n.to_integral_value()

    # kg / l items
    if unit == item.unit:
        return amount
    if unit in (KG, L):
        return _mismatch(item, unit)
    # a count of a loose item: pieces of a known size are fine ("zwei Flaschen Apfelsaft" for a
    # litre product with size "1 l"), otherwise ask for the weight/volume.
    if size and size[1] == item.unit and container not in (None, "mal"):
        return amount * size[0]
    word = "Gewicht" if item.unit == KG else "Menge"
    example = "zum Beispiel 500 Gramm" if item.unit == KG else "zum Beispiel einen Liter"
    return Problem(
        "unit_mismatch",
        f"{item.name} wird nach {word} verkauft. Wie viel möchten Sie, {example}?",
    )


_PIECES_IN_NAME = re.compile(r"(?<![\w,])(\d+) (?:stuck|stk|stiele|stielen)\b")  # "Tulpen, Bund mit 10 Stielen"


def _pieces_in_name(item: CatalogItem) -> int | None:
    """How many pieces a pack holds where its name says so and its label is no piece of its own
    ("Wildbratwurst, 4 Stück" sold by the Packung: 4; "Batterien, 4 Stück" too)."""
    if not item.label or item.label.lower() in ("stück", "stk"):
        return None
    m = _PIECES_IN_NAME.search(fold(item.name))  # "à 2,5 Stück" is no count of pieces
    return int(m.group(1)) if m and int(m.group(1)) > 1 else None


def _options(n: Decimal) -> tuple[Decimal, ...]:
    lo = n.to_integral_value(rounding="ROUND_FLOOR")
    hi = n.to_integral_value(rounding="ROUND_CEILING")
    return tuple(x for x in (lo, hi) if x >= 1)


def _options_text(item: CatalogItem, opts: tuple[Decimal, ...], size: tuple[Decimal, str] | None = None) -> str:
    parts = []
    for o in opts:
        p = _label_phrase(item, o)
        if size and size[1] != PIECE:
            p += f" ({_measure(o * size[0], size[1])})"
        parts.append(p)
    return " oder ".join(parts)


def _not_whole(item: CatalogItem, n: Decimal, size: tuple[Decimal, str]) -> Problem:
    opts = _options(n)
    lab = item.label or "Stück"
    what = f"{label_plural(lab, 2)} zu {_measure(size[0], size[1])}" if size[1] != PIECE \
        else f"{label_plural(lab, 2)} zu {format_amount(size[0])} Stück"
    return Problem(
        "not_whole",
        f"{item.name} gibt es nur in {what}. Möchten Sie {_options_text(item, opts, size)}?",
        opts,
    )


def _mismatch(item: CatalogItem, unit: str | None) -> Problem:
    if item.unit == PIECE:
        return Problem("unit_mismatch", f"{item.name} gibt es nur stückweise. Wie viele möchten Sie?")
    word = "Kilo" if item.unit == KG else "Liter"
    return Problem("unit_mismatch", f"{item.name} wird in {word} verkauft. Wie viel möchten Sie?")


def _sold_by_the_half(item: CatalogItem) -> bool:
    """Label "halbes Blech", or "Butterkuchen, halbes Blech" with the label "Blech": one piece is a half."""
    label = fold(item.label or "")
    return label.startswith("halb") or bool(label) and re.search(rf"\bhalb\w* {re.escape(label)}\b", fold(item.name)) is not None


def quantity_for_item(q: Quantity | Problem | None, item: CatalogItem) -> Decimal | Problem:
    """Parsed quantity (or None) → amount in the item's unit, or the question to ask."""
    if isinstance(q, Problem):
        if q.code in ("vague", "not_a_quantity", "implausible"):
            if item.unit == PIECE:
                noun = label_plural(item.label, 2) if item.label else ""
                return Problem(q.code, f"Wie viele {noun + ' ' if noun else ''}{item.name} genau?")
            return Problem(q.code, _how_much(item).question)
        return q
    if q is None:
        return convert_to_product_unit(None, None, item)
    if item.unit == KG and q.unit == PIECE and q.container is None and q.amount < 1 \
            and set((q.text or "").split()) & {"viertel", "viertl", "achtel"}:
        return q.amount  # "a Viertl Bergkäse": a quarter of a kilo, as cheese and sausage are sold in the south
    if q.container == "Stiege" and fold(item.label or "") != "stiege" and "eier" in fold(item.name):
        # "ne Stiege Eier": twenty, as Lower Saxony counts eggs; elsewhere a Stiege is a crate of fruit
        return convert_to_product_unit(q.amount * 20, PIECE, item)
    if item.unit == PIECE and q.unit == PIECE and (q.amount * 2) % 1 == 0 and q.amount % 1 \
            and _sold_by_the_half(item) and set((q.text or "").split()) & _HALF_WORDS:
        return q.amount * 2  # "ein halbes Blech Butterkuchen" where the bakery sells it by the half sheet
    return convert_to_product_unit(q.amount, q.unit, item, container=q.container)
