"""Reading one value: texts, ids, amounts, times, sizes. Each reader returns None after a problem."""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Callable
from datetime import date

from yaml.nodes import ScalarNode

from ordering.catalog_file.nodes import Located, NodeReader, describe
from ordering.catalog_file.specs import ALLERGENS, DEFAULT_CURRENCY, MIN_AGES, STATES, UNITS, WEEKDAYS, ClosedSpan
from ordering.money import VAT_RATES, parse_cents
from ordering.units import SizeError, is_dimension, parse_size

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SLUG_MAX_LENGTH = 64  # the models' slug columns
_PRICE = re.compile(r"^\d+(?:\.\d{1,2})?$")
_COMMA_PRICE = re.compile(r"^-?\d+,\d+$")
_TOO_PRECISE_PRICE = re.compile(r"^\d+\.\d{3,}$")
_INTEGER = re.compile(r"^[-+]?\d+$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_POSTCODE = re.compile(r"^\d{5}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What people write for an allergen instead of the format's id.
_ALLERGEN_HINTS = {
    "nuss": "schalenfruechte", "nuesse": "schalenfruechte", "nüsse": "schalenfruechte",
    "schalenfrüchte": "schalenfruechte", "erdnuss": "erdnuesse", "erdnüsse": "erdnuesse", "ei": "eier",
    "laktose": "milch", "lactose": "milch", "weizen": "gluten", "sulfite": "schwefeldioxid",
    "lupine": "lupinen", "krebs": "krebstiere", "sojabohnen": "soja", "sulphite": "schwefeldioxid",
}
# Units people write that the format spells differently, with what to write instead.
_UNIT_HINTS = {
    "stück": "write 'piece' (and the content of one piece as 'size', e.g. \"6 Stück\")",
    "stk": "write 'piece'",
    "liter": "write 'l'",
    "kilo": "write 'kg'",
    "g": "write 'kg' with the price per kg, or 'piece' with a size such as \"250 g\"",
    "ml": "write 'l' with the price per l, or 'piece' with a size such as \"500 ml\"",
}


@functools.cache
def _known_timezones() -> frozenset[str]:
    # A set lookup, because ZoneInfo(key) raises half a dozen error types for odd keys.
    return frozenset(zoneinfo.available_timezones())


class ScalarReader(NodeReader):
    """Readers of single values; the text read is the scalar as written (see the package docstring)."""

    def text(self, at: Located) -> str | None:
        if not isinstance(at.node, ScalarNode):
            self.problem(at, f"must be a text, found {describe(at.node)}")
            return None
        if at.is_empty:
            self.problem(at, "must not be empty")
            return None
        value: str = at.node.value  # a scalar node's value is its text (yaml's stubs say Any)
        return value.strip()

    def text_up_to(self, max_length: int) -> Callable[[Located], str | None]:
        """A text that fits its database column (PostgreSQL would refuse a longer one; SQLite would not)."""

        def read(at: Located) -> str | None:
            value = self.text(at)
            if value is not None and len(value) > max_length:
                self.problem(at, f"is {len(value)} characters long; at most {max_length} fit")
                return None
            return value

        return read

    def slug(self, at: Located) -> str | None:
        value = self.text_up_to(SLUG_MAX_LENGTH)(at)
        if value is not None and not SLUG.match(value):
            self.problem(at, f"{value!r} is not an id: use a-z, 0-9 and '-', starting with a letter or digit")
            return None
        return value

    def choice(self, options: tuple[str, ...]) -> Callable[[Located], str | None]:
        def read(at: Located) -> str | None:
            value = self.text(at)
            if value is None:
                return None
            if value.lower() not in options:
                self.problem(at, f"{value!r} is not one of: {', '.join(options)}")
                return None
            return value.lower()

        return read

    def whole_number(self, minimum: int) -> Callable[[Located], int | None]:
        def read(at: Located) -> int | None:
            value = self.text(at)
            if value is None:
                return None
            if not _INTEGER.match(value):
                self.problem(at, f"{value!r} is not a whole number")
                return None
            number = int(value)
            if number < minimum:
                self.problem(at, f"must be at least {minimum}, found {number}")
                return None
            return number

        return read

    def price(self, at: Located) -> int | None:
        value = self.text(at)
        if value is None:
            return None
        if _COMMA_PRICE.match(value):
            self.problem(at, f"{value!r} has a decimal comma: write \"{value.replace(',', '.')}\"")
        elif value.startswith("-") and _PRICE.match(value[1:]):
            self.problem(at, f"{value!r} is negative: a price must be 0 or more")
        elif _TOO_PRECISE_PRICE.match(value):
            self.problem(at, f"{value!r} has more than two decimals: give whole cents, like \"4.10\"")
        elif not _PRICE.match(value):
            self.problem(at, f"{value!r} is not an amount in euros: write a decimal string like \"4.10\"")
        else:
            return parse_cents(value)
        return None

    def unit(self, at: Located) -> str | None:
        value = self.text(at)
        if value is None:
            return None
        if value.lower() in _UNIT_HINTS:
            self.problem(at, f"{value!r} is not a unit: {_UNIT_HINTS[value.lower()]}")
            return None
        return self.choice(UNITS)(at)

    def vat(self, at: Located) -> int | None:
        rate = self.whole_number(0)(at)
        if rate is not None and rate not in VAT_RATES:
            self.problem(at, f"VAT rate {rate} is not one of {', '.join(map(str, VAT_RATES))}")
            return None
        return rate

    def time(self, at: Located) -> str | None:
        value = self.text(at)
        if value is None:
            return None
        match = _TIME.match(value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            self.problem(at, f"{value!r} is not a time of day: write \"HH:MM\" from \"00:00\" to \"23:59\"")
            return None
        return f"{int(match[1]):02d}:{match[2]}"

    def size(self, at: Located) -> str | None:
        value = self.text_up_to(50)(at)
        if value is None:
            return None
        if is_dimension(value):
            return value  # "Ø 26 cm" tells the small cake from the large one; it converts nothing
        try:
            parse_size(value)
        except SizeError as exc:
            self.problem(at, str(exc))
            return None
        return value

    def timezone(self, at: Located) -> str | None:
        value = self.text(at)
        if value is None:
            return None
        if value not in _known_timezones():
            self.problem(at, f"{value!r} is not an IANA time zone such as \"Europe/Berlin\"")
            return None
        return value

    def currency(self, at: Located) -> str | None:
        value = self.text(at)
        if value is not None and value != DEFAULT_CURRENCY:
            self.problem(at, f"{value!r} is not supported: Kiepe prices are in EUR")
            return None
        return value

    def text_list(self, at: Located) -> tuple[str, ...]:
        return tuple(value for item in self.items(at, scalar_as_list=True) if (value := self.text(item)) is not None)

    def postcodes(self, at: Located) -> tuple[str, ...]:
        found: list[str] = []
        problems_before = len(self.problems)
        for item in self.items(at, scalar_as_list=True):
            value = self.text(item)
            if value is None:
                continue
            if not _POSTCODE.match(value):
                self.problem(item, f"{value!r} is not a postcode: five digits, like \"48653\"")
            elif value in found:
                self.problem(item, f"postcode {value} is listed twice")
            found.append(value)
        if not found and len(self.problems) == problems_before:
            self.problem(at, "a municipality needs at least one postcode")
        return tuple(found)

    def days(self, at: Located) -> tuple[str, ...]:
        found: list[str] = []
        problems_before = len(self.problems)
        for item in self.items(at, scalar_as_list=True):
            value = self.text(item)
            if value is None:
                continue
            day = value.lower()
            if day not in WEEKDAYS:
                self.problem(item, f"{value!r} is not a day: use {', '.join(WEEKDAYS)}")
            elif day in found:
                self.problem(item, f"{value!r} is listed twice")
            else:
                found.append(day)
        if not found and len(self.problems) == problems_before:
            self.problem(at, "a window needs at least one day")
        return tuple(found)


    def percent(self, at: Located) -> int | None:
        value = self.whole_number(0)(at)
        if value is not None and value > 100:
            self.problem(at, f"must be at most 100 (percent), found {value}")
            return None
        return value

    def state_code(self, at: Located) -> str | None:
        value = self.text(at)
        if value is None:
            return None
        code = value.upper().removeprefix("DE-")
        if code not in STATES:
            self.problem(at, f"{value!r} is not a German state code: use one of {', '.join(STATES)}")
            return None
        return code

    def min_age(self, at: Located) -> int | None:
        value = self.whole_number(0)(at)
        if value is not None and value not in MIN_AGES:
            self.problem(at, f"min_age {value} is not an age of the Jugendschutzgesetz: use 16 or 18")
            return None
        return value

    def allergens(self, at: Located) -> tuple[str, ...] | None:
        found: list[str] = []
        bad = False
        for item in self.items(at, scalar_as_list=True):
            value = self.text(item)
            if value is None:
                bad = True
                continue
            allergen = value.lower()
            if allergen not in ALLERGENS:
                hint = _ALLERGEN_HINTS.get(allergen)
                known = f"write {hint!r}" if hint else f"use {', '.join(ALLERGENS)}"
                self.problem(item, f"{value!r} is not an allergen id of EU 1169/2011 Annex II: {known}")
                bad = True
            elif allergen in found:
                self.problem(item, f"{value!r} is listed twice")
                bad = True
            else:
                found.append(allergen)
        return None if bad else tuple(found)

    def slug_list(self, at: Located) -> tuple[str, ...]:
        return tuple(value for item in self.items(at, scalar_as_list=True) if (value := self.slug(item)) is not None)

    def date(self, at: Located) -> date | None:
        value = self.text(at)
        if value is None:
            return None
        try:
            if not _DATE.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.problem(at, f"{value!r} is not a date: write \"YYYY-MM-DD\", like \"2026-12-24\"")
            return None

    def closed_spans(self, at: Located) -> tuple[ClosedSpan, ...]:
        spans = []
        for item in self.items(at, scalar_as_list=True):
            if isinstance(item.node, ScalarNode):
                day = self.date(item)
                if day is not None:
                    spans.append(ClosedSpan(day, day))
                continue
            fields = self.fields(item)
            if fields is None:
                continue
            first = fields.required("from", self.date)
            last = fields.required("to", self.date)
            if first is not None and last is not None:
                if last < first:
                    self.problem(fields.values["to"], f"must not be before 'from' ({first.isoformat()})")
                else:
                    spans.append(ClosedSpan(first, last))
        return tuple(spans)
