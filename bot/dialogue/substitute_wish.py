""""Ersatz ist in Ordnung" / "bitte keinen Ersatz" (issue 17): said once while ordering, kept in
the conversation and stored on the order at checkout (``checkout_flow.place_order``). A shop's
substitute the resident does not answer in time is then taken, or not."""

from __future__ import annotations

import re

from bot.dialogue.context import Ctx

_DECLINE = re.compile(r"\b(?:kein(?:en)?|ohne)\s+ersatz(?:artikel|produkt)?\b|\bersatz\s+(?:will|möchte|brauche)\s+ich\s+nicht\b"
                      r"|\bnicht\s+ersetzen\b", re.IGNORECASE)
_ACCEPT = re.compile(r"\bersatz\s+(?:ist\s+)?(?:in\s+ordnung|ok(?:ay)?|recht|gerne?|geht\s+klar|erlaubt)\b"
                     r"|\b(?:gerne?|ruhig)\s+(?:mit\s+)?ersatz\b|\bersetzen\s+ist\s+(?:in\s+ordnung|ok(?:ay)?)\b",
                     re.IGNORECASE)
_REST = re.compile(r"[\s,.;:!?-]+|\b(?:und|bitte|also|ja|nein|auch|dann|danke|noch)\b", re.IGNORECASE)
SAID = {"accept": "Gut, notiert: Wenn etwas fehlt, darf das Geschäft einen gleichwertigen Ersatz schicken.",
        "decline": "Gut, notiert: Wenn etwas fehlt, bekommen Sie keinen Ersatz."}


def said(text: str | None) -> tuple[str | None, str]:
    """("accept" | "decline" | None, what is left of the text once the wish is taken out)."""
    if not text:
        return None, text or ""
    for preference, pattern in (("decline", _DECLINE), ("accept", _ACCEPT)):
        match = pattern.search(text)
        if match:
            return preference, " ".join((text[:match.start()] + " " + text[match.end():]).split())
    return None, text


def note(ctx: Ctx, text: str | None) -> bool:
    """Keep the wish when said; True when nothing else was said (the turn is done then)."""
    preference, rest = said(text)
    if preference is None:
        return False
    ctx.state.substitutes = preference
    ctx.say(SAID[preference])
    return not _REST.sub("", rest)
