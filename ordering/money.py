"""Money as integer cents; parsing from catalog strings and German formatting."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

VAT_RATES = (7, 19)


class MoneyError(ValueError):
    """A text that is not an amount of money."""


def parse_cents(text: str | int | float | Decimal) -> int:
    """Parse "4.10" (catalog style, dot decimal) into 410 cents; reject negatives and sub-cents."""
    if isinstance(text, bool):
        raise MoneyError(f"not an amount: {text!r}")
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise MoneyError(f"not a decimal amount: {text!r} (write it like \"4.10\")") from None
    if not value.is_finite():
        raise MoneyError(f"not a decimal amount: {text!r}")
    if value < 0:
        raise MoneyError(f"negative amount: {text!r}")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise MoneyError(f"more than two decimals: {text!r}")
    return int(cents)


def cents_to_str(cents: int) -> str:
    """410 -> "4.10" (the catalog and API style)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def format_euro(cents: int) -> str:
    """1290 -> "12,90 €", 123456 -> "1.234,56 €" (German style)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    euros = f"{cents // 100:,}".replace(",", ".")
    return f"{sign}{euros},{cents % 100:02d} €"


def line_total(quantity: Decimal, unit_price_cents: int) -> int:
    """Price of a line, rounded half up to the cent (0.35 kg × 12,90 €/kg = 4,52 €)."""
    return int((quantity * unit_price_cents).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def vat_included(gross_cents: int, rate: int) -> int:
    """The VAT contained in a gross amount (German consumer prices include VAT)."""
    return int((Decimal(gross_cents) * rate / (100 + rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
