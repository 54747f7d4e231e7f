"""Card numbers and IBANs in what residents type, found by their checksums and masked.

Kiepe never takes payment data in a chat: online payment goes through Stripe's own page. A
resident who types a card number or an IBAN anyway must not find it in the transcript, the
logs or a hand-over message, so ``bot.dialogue.types.Turn`` masks its text on construction,
the one place every channel (web chat, Telegram, SMS, phone) passes through.

A card number is a run of 13 to 19 digits, spaces or dashes between them allowed, that passes
the Luhn check; runs that look like German phone numbers (a leading 0 or +, or 49 and at most
13 digits) are left alone, since residents type those on purpose. An IBAN is two letters, two
check digits and up to 30 letters or digits (spaces allowed) whose ISO 13616 mod-97 check holds.
"""

from __future__ import annotations

import re

# Placeholders with no word the dialogue reacts to ("entfernt" would read as "remove an item").
CARD_MASK = "[Kartennummer ***]"
IBAN_MASK = "[IBAN ***]"

# Digits with at most one space or dash between them; the Luhn check decides, not the pattern.
_CARD_CANDIDATE = re.compile(r"(?<![\d+])\d(?:[ \-]?\d){12,18}(?!\d)")
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")
IBAN_MIN, IBAN_MAX = 15, 34  # Norway's 15 to Saint Lucia's 32; ISO allows 34


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a string of digits (card numbers end with it)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_card_number(digits: str) -> bool:
    """13–19 digits passing Luhn, unless they read like a German phone number."""
    if not (13 <= len(digits) <= 19 and digits.isdigit()):
        return False
    if digits.startswith("0") or (digits.startswith("49") and len(digits) <= 13):
        return False
    return luhn_valid(digits)


def iban_valid(iban: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to 10..35, mod 97 is 1."""
    iban = iban.upper()
    if not (IBAN_MIN <= len(iban) <= IBAN_MAX and iban.isalnum() and iban[:2].isalpha() and iban[2:4].isdigit()):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _mask_cards(text: str) -> str:
    def replace(match: re.Match) -> str:
        digits = re.sub(r"[ \-]", "", match.group())
        return CARD_MASK if is_card_number(digits) else match.group()

    return _CARD_CANDIDATE.sub(replace, text)


def _iban_end(text: str, start: int) -> int | None:
    """Where the longest valid IBAN starting at ``start`` ends, or None.

    Walks on over letters and digits (single spaces allowed between them) and tries each
    length, longest first, so "DE89 3704 0044 0532 0130 00 bitte" stops before "bitte".
    """
    chars: list[str] = []
    ends: list[int] = []
    position = start
    while position < len(text) and len(chars) < IBAN_MAX:
        char = text[position]
        if char.isascii() and char.isalnum():
            chars.append(char)
            ends.append(position + 1)
            position += 1
        elif char == " " and position + 1 < len(text) and text[position + 1].isascii() \
                and text[position + 1].isalnum():
            position += 1
        else:
            break
    for length in range(len(chars), IBAN_MIN - 1, -1):
        if iban_valid("".join(chars[:length])):
            return ends[length - 1]
    return None


def _mask_ibans(text: str) -> str:
    out, position = [], 0
    for match in _IBAN_START.finditer(text):
        if match.start() < position:
            continue
        end = _iban_end(text, match.start())
        if end is None:
            continue
        out.append(text[position:match.start()])
        out.append(IBAN_MASK)
        position = end
    out.append(text[position:])
    return "".join(out)


def mask_payment_data(text: str | None) -> str | None:
    """The text with every card number and IBAN replaced by a placeholder (None stays None)."""
    if not text:
        return text
    return _mask_cards(_mask_ibans(text))


def has_payment_data(text: str | None) -> bool:
    return bool(text) and mask_payment_data(text) != text
