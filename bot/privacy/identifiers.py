"""Identifiers as log lines may show them: a phone number by its last two digits, nothing more.

Telegram ids and web session ids are never logged at all (a web session id is the visitor's
only credential); ``redact`` is the safety net the log formatter runs over every line, for
numbers and session keys that reach a message or a traceback anyway.
"""

from __future__ import annotations

import re

from bot.privacy.payment_data import mask_payment_data

# E.164 (+49…), 0049…, or a German number with its leading 0 ("02541 123456", "0151-1234567"),
# not a digit run inside a word or an order reference ("K-2611-000012").
_PHONE = re.compile(r"(?<![\w\-+])(?:\+|00)\d(?:[ \-/]?\d){6,14}(?!\d)|(?<![\w\-+])0\d{2,5}(?:[ \-/]?\d){4,10}(?!\d)")
# A web conversation key, "web:<session id>", and a bare session id after "session".
_WEB_KEY = re.compile(r"\bweb:[A-Za-z0-9_\-:]{8,}")
_SESSION = re.compile(r"(?i)(\bsession[ _=:\"']+)[A-Za-z0-9_\-]{16,64}")


def mask_phone(number: str | None) -> str:
    """"+4915112345678" -> "***78"; no number -> "-"."""
    digits = "".join(char for char in number or "" if char.isdigit())
    return f"***{digits[-2:]}" if digits else "-"


def redact(text: str) -> str:
    """Phone numbers cut to their last two digits, session keys and card numbers removed."""
    text = _WEB_KEY.sub("web:[session]", text)
    text = _SESSION.sub(lambda match: f"{match.group(1)}[session]", text)
    text = _PHONE.sub(lambda match: mask_phone(match.group()), text)
    return mask_payment_data(text) or text
