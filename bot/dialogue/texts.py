"""How the assistant says things: money, windows, cart read-backs, per channel.

On the phone a text is spoken: "12 Euro 90" and "von 9 bis 13 Uhr" sound right where
"12,90 €" and "9–13 Uhr" would be read out as symbols.
"""

from __future__ import annotations

from datetime import datetime

from nlu.resolution.products import shop_dative, shop_from
from nlu.resolution.quantity import format_quantity
from ordering.cart import CartSummary, LineView
from ordering.money import format_euro
from ordering.weighing import WEIGHED_UNITS
from ordering.windows import MONTH_NAMES, WEEKDAY_NAMES, format_window

STATUS_PHRASES = {
    "placed": "hat Ihre Bestellung erhalten",
    "confirmed": "hat bestätigt",
    "partly_confirmed": "hat bestätigt, aber nicht alles vorrätig",
    "rejected": "kann leider nicht liefern",
    "ready": "hat alles fertig gepackt",
    "with_courier": "ist mit dem Kurier unterwegs",
    "at_station": "liegt an der Abholstation bereit",
    "delivered": "ist zugestellt",
    "collected": "ist abgeholt",
    "cancelled": "ist storniert",
}

PAYMENT_LABELS = {
    "online": "Online bezahlen",
    "on_delivery": "Bei Übergabe bezahlen",
    "invoice": "Auf Rechnung",
}


def money(cents: int, voice: bool) -> str:
    """"12,90 €" in writing, "12 Euro 90" when spoken."""
    if not voice:
        return format_euro(cents)
    euros, rest = divmod(cents, 100)
    if euros == 0:
        return f"{rest} Cent"
    return f"{euros} Euro" if rest == 0 else f"{euros} Euro {rest}"


def window_text(start: datetime, end: datetime, voice: bool) -> str:
    """"Samstag, 28. November, 9–13 Uhr"; spoken "Samstag, den 28. November, von 9 bis 13 Uhr"."""
    if not voice:
        return format_window(start, end)
    return (f"{WEEKDAY_NAMES[start.weekday()]}, den {start.day}. {MONTH_NAMES[start.month - 1]}, "
            f"von {_clock(start)} bis {_clock(end)} Uhr")


def window_button(start: datetime, end: datetime) -> str:
    """A button label: the full German window ("Samstag, 28. November, 9–13 Uhr")."""
    return format_window(start, end)


def _clock(moment: datetime) -> str:
    return f"{moment.hour}" if moment.minute == 0 else f"{moment.hour}:{moment.minute:02d}"


def line_phrase(line: LineView) -> str:
    """"2 Flaschen Frischmilch", "500 Gramm Mett", "Gutschein über 20,00 €"."""
    if line.voucher_cents is not None:
        return f"ein Gutschein über {format_euro(line.voucher_cents)}"
    if line.quantity is None:  # goods always have an amount; a line with neither says its name
        return line.name
    amount = format_quantity(line.quantity, line)
    return f"{amount} {line.name}"


def cart_readback(summary: CartSummary, voice: bool, *, with_fee: bool = True) -> str:
    """The cart per shop and the total, in one paragraph."""
    if summary.is_empty:
        return "Ihr Warenkorb ist leer."
    parts = []
    for shop in summary.shops:
        items = ", ".join(_estimate_phrase(l) for l in shop.lines)
        pfand = f", dazu {money(shop.deposit_cents, voice)} Pfand" if shop.deposit_cents else ""  # issue 17
        parts.append(f"{upper_first(shop_dative(shop.shop_name))}: {items}, {money(shop.subtotal_cents, voice)}{pfand}.")
    if with_fee and summary.delivery_fee_cents:
        parts.append(f"Dazu die Liefergebühr von {money(summary.delivery_fee_cents, voice)}.")
    parts.append(f"Zusammen {money(summary.total_cents, voice)}.")
    if any(_is_weighed(l) for shop in summary.shops for l in shop.lines):
        parts.append(WEIGHED_NOTE)
    return (" " if voice else "\n").join(parts)


# Weighed goods (kg, l): the amount is an estimate until the shop weighs it (ordering.weighing).
WEIGHED_NOTE = "Abgerechnet wird nach Gewicht; den Endbetrag bekommen Sie, sobald alles abgewogen ist."


def _is_weighed(line: LineView) -> bool:
    return line.voucher_cents is None and line.quantity is not None and line.unit in WEIGHED_UNITS


def _estimate_phrase(line: LineView) -> str:
    """"etwa 300 Gramm Rinderhack" for weighed goods, ``line_phrase`` for the rest."""
    return f"etwa {line_phrase(line)}" if _is_weighed(line) else line_phrase(line)


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def from_shop(name: str) -> str:
    return shop_from(name)


def join_and(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " und " + parts[-1]
