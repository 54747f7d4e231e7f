"""What residents read about payments (German), and best-effort sending."""

from __future__ import annotations

import logging

from ordering.money import format_euro
from ordering.ports import Notifier

log = logging.getLogger(__name__)


def notify(notifier: Notifier | None, to: str | None, text: str) -> None:
    # Best effort: money has already moved; a lost SMS must not undo that.
    if notifier is None or not to:
        return
    try:
        notifier.send_text(to, text)
    except Exception:  # noqa: BLE001 - whatever the channel raises
        log.exception("notification failed")  # not the address: a phone number or chat id


def payment_link(reference: str, amount_cents: int, url: str) -> str:
    return f"Ihre Bestellung {reference} über {format_euro(amount_cents)} können Sie hier bezahlen: {url}"


def payment_link_weighed(reference: str, amount_cents: int, url: str, *, prepay: bool) -> str:
    """Weighed goods: the amount is the most it can come to."""
    after = ("Was die Geschäfte weniger abwiegen, erstatten wir Ihnen." if prepay
             else "Abgebucht wird nur, was die Geschäfte abwiegen.")
    return (f"Ihre Bestellung {reference} kommt auf höchstens {format_euro(amount_cents)}, abgerechnet nach Gewicht. "
            f"{after} Hier bezahlen: {url}")


def payment_received(reference: str) -> str:
    return f"Danke! Ihre Zahlung für Bestellung {reference} ist eingegangen."


def voucher_code(code: str, shop_name: str, amount_cents: int) -> str:
    return f"Ihr Gutschein für {shop_name} über {format_euro(amount_cents)}: {code}"


def refund(reference: str, amount_cents: int) -> str:
    return f"Für Bestellung {reference} erstatten wir Ihnen {format_euro(amount_cents)} auf Ihre Karte."


def payment_authorised(reference: str, amount_cents: int) -> str:
    return (f"Danke! Für Bestellung {reference} sind bis zu {format_euro(amount_cents)} auf Ihrer Karte vorgemerkt. "
            "Abgebucht wird nur, was die Geschäfte abwiegen.")


def final_amount(reference: str, amount_cents: int) -> str:
    return f"Ihre Bestellung {reference} ist abgewogen. Abgebucht werden {format_euro(amount_cents)}."
