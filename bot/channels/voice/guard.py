"""Payment data never enters Kiepe by phone: a spoken or keyed card number (or IBAN) is dropped.

Payment on the phone is on delivery or by a link sent by SMS. Should a caller start reading
out a card anyway, the words are neither handed to the dialogue nor stored; the caller hears
that we never take card numbers on the phone.
"""

from __future__ import annotations

import re

from bot.privacy.payment_data import luhn_valid as _luhn

WARNING = ("Bitte nennen Sie am Telefon keine Kartennummer und keine Kontodaten. "
           "Sie bezahlen bei der Übergabe, oder wir schicken Ihnen einen Link per SMS.")

_NUMBER_WORDS = {
    "null": "0", "eins": "1", "ein": "1", "zwei": "2", "zwo": "2", "drei": "3", "vier": "4", "fünf": "5",
    "fuenf": "5", "sechs": "6", "sieben": "7", "acht": "8", "neun": "9",
}
_IBAN = re.compile(r"\b[A-Z]{2}\s?\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b", re.IGNORECASE)
_CARD_WORDS = re.compile(r"\b(kredit|karten?|visa|mastercard|master card|amex|american express|cvc|cvv|prüfziffer|"
                         r"ablaufdatum|gültig bis|iban|kontonummer)", re.IGNORECASE)


def _digit_runs(text: str) -> list[str]:
    """Digit sequences with spaces, dashes and spoken digits between them joined ("4111 1111 …")."""
    tokens = re.findall(r"\d+|[a-zäöüß]+|[^\s\w]", text.lower())
    runs, current = [], ""
    for token in tokens:
        if token.isdigit():
            current += token
        elif token in _NUMBER_WORDS:
            current += _NUMBER_WORDS[token]
        elif token in ("-", "/", "."):
            continue
        else:
            if current:
                runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def _card_like(run: str) -> bool:
    # German phone numbers start with 0, 00 or 49 and have at most 13 digits: never a card.
    if run.startswith("0") or (run.startswith("49") and len(run) <= 13):
        return False
    return 13 <= len(run) <= 19 and _luhn(run)


def has_payment_data(text: str | None) -> bool:
    """True for a card number (13–19 digits passing Luhn, or 12+ digits said with "Karte"), or an IBAN."""
    if not text:
        return False
    if _IBAN.search(text) and sum(c.isdigit() for c in text) >= 12:
        return True
    runs = _digit_runs(text)
    if any(_card_like(run) for run in runs):
        return True
    # A card number read out in pieces or with "Karte": many digits and a payment word.
    return bool(_CARD_WORDS.search(text)) and sum(len(r) for r in runs) >= 12


def keyed_payment_data(digits: str | None) -> bool:
    """Keys pressed: a card number (or anything as long that is not a German phone number)."""
    digits = (digits or "").strip().rstrip("#")
    if has_payment_data(digits):
        return True
    return len(digits) >= 13 and not digits.startswith("0")
