"""Understanding that needs no NLU model: yes/no, picking an offered choice by words,
amounts of money, and a keyword fallback for the intents when Rasa is unavailable."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz
from text_to_num import alpha2digit

from nlu.resolution.normalize import fold

YES = {"ja", "jawohl", "genau", "richtig", "gerne", "gern", "okay", "ok", "klar", "sicher", "stimmt", "passt",
       "jo", "jep", "yes", "natürlich", "selbstverständlich", "bitte", "einverstanden", "korrekt", "prima", "gut"}
NO = {"nein", "nee", "ne", "nö", "no", "nicht", "falsch", "lieber nicht", "auf keinen fall", "doch nicht"}

# Keyword fallback: (intent, patterns over the folded text). Order matters: first match wins.
KEYWORD_INTENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("human_handoff", (r"\bmensch", r"\bmitarbeiter", r"\bperson\b", r"\bjemand(en)? sprechen", r"\bberater")),
    ("repeat", (r"\bwie bitte\b", r"\bnoch ?mal\b", r"\bwiederholen\b", r"\bnicht verstanden\b")),
    ("help", (r"\bhilfe\b", r"\bwie geht das\b", r"\bwas kann (ich|man)\b")),
    ("order_status", (r"\bwo bleibt\b", r"\bstatus\b", r"\bwann kommt\b", r"\bmeine bestellung\b")),
    ("reorder", (r"\bwie (letzte|letztes|vorige|beim letzten)", r"\bdas gleiche\b", r"\bdasselbe\b", r"\bwie immer\b")),
    ("voucher", (r"\bgutschein",)),
    ("cancel", (r"\bstornier", r"\babbrechen\b", r"\babbruch\b", r"\bvergiss es\b")),
    ("remove_item", (r"\braus\b", r"\bstreichen\b", r"\bentfern", r"\bweg ?lassen\b", r"\bohne\b")),
    ("show_cart", (r"\bwarenkorb\b", r"\bwas hab(e)? ich\b", r"\bwas ist (im|in meinem)\b", r"\bkorb\b")),
    ("checkout", (r"\bbestellen\b", r"\bdas w(a|ae)rs?\b", r"\bfertig\b", r"\bkasse\b", r"\bzahlen\b",
                  r"\babschlie(ss|ß)en\b", r"\bdas ist alles\b")),
    ("choose_pickup", (r"\babhol", r"\bselbst holen\b", r"\bstation\b")),
    ("choose_delivery", (r"\bliefer", r"\bbringen\b", r"\bnach hause\b")),
    ("goodbye", (r"\btsch(u|ue)ss\b", r"\bauf wiederh", r"\bciao\b")),
    ("thanks", (r"\bdanke\b", r"\bdankesch")),
    ("greet", (r"^(guten (tag|morgen|abend)|hallo|moin|servus|gr(u|ue)(ss|ß) gott)\b",)),
)

ORDINALS = {"erste": 0, "ersten": 0, "erster": 0, "erstes": 0, "eins": 0, "zweite": 1, "zweiten": 1, "zweiter": 1,
            "zweites": 1, "zwei": 1, "dritte": 2, "dritten": 2, "dritter": 2, "drittes": 2, "drei": 2,
            "vierte": 3, "vierten": 3, "vierter": 3, "viertes": 3, "vier": 3, "letzte": -1, "letzten": -1}


def words(text: str | None) -> list[str]:
    return re.findall(r"[\wäöüß]+", (text or "").lower())


def yes_or_no(text: str | None) -> bool | None:
    """True for a yes, False for a no, None when the text is neither (or both)."""
    lowered = " ".join(words(text))
    if not lowered:
        return None
    said_no = any(re.search(rf"\b{re.escape(n)}\b", lowered) for n in NO)
    said_yes = any(w in YES for w in lowered.split()[:3])
    if said_no and not said_yes:
        return False
    if said_yes and not said_no:
        return True
    return None


def keyword_intent(text: str | None) -> str | None:
    folded = " ".join(words(text))
    for intent, patterns in KEYWORD_INTENTS:
        if any(re.search(p, folded) for p in patterns):
            return intent
    return None


def pick_choice(text: str | None, labels: list[str]) -> int | None:
    """Which offered choice the words name: "das zweite", "den am Samstag", "vom Schulze"."""
    said = words(text)
    if not said or not labels:
        return None
    for word in said:
        if word in ORDINALS and (len(said) <= 3 or word.endswith(("te", "ten", "ter", "tes"))):
            index = ORDINALS[word]
            if -len(labels) <= index < len(labels):
                return index % len(labels)
    folded = fold(" ".join(said))
    scores = [fuzz.partial_token_set_ratio(folded, fold(label)) for label in labels]
    specific = [fuzz.token_set_ratio(folded, fold(label)) for label in labels]
    best = max(range(len(labels)), key=lambda i: (scores[i], specific[i]))
    ranked = sorted(zip(scores, specific), reverse=True)
    if scores[best] < 80:
        return None
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return None  # two choices fit equally: ask again rather than guess
    return best


_EURO = re.compile(r"(\d+)(?:[,.](\d{1,2}))?\s*(?:€|euro|eur)?(?:\s*(\d{1,2})\b)?")


def parse_euro(text: str | None) -> int | None:
    """"20 Euro", "zwanzig euro", "25,50 €", "20 euro 50" -> cents; None when no amount."""
    if not text:
        return None
    try:
        digits = alpha2digit(text.lower(), "de")
    except Exception:  # noqa: BLE001 - text2num is picky about odd input; fall back to the raw text
        digits = text.lower()
    match = _EURO.search(digits)
    if not match:
        return None
    euros, cents_part, spoken_cents = match.groups()
    try:
        cents = int(Decimal(euros) * 100)
    except InvalidOperation:
        return None
    if cents_part:
        cents += int(cents_part.ljust(2, "0"))
    elif spoken_cents and "euro" in digits[match.start():match.end()]:
        cents += int(spoken_cents)
    return cents


def digits_only(text: str | None) -> str:
    """Digits in a text, number words converted ("vier acht sechs fünf drei" -> "48653")."""
    raw = text or ""
    try:
        raw = alpha2digit(raw.lower(), "de")
    except Exception:  # noqa: BLE001
        pass
    return "".join(ch for ch in raw if ch.isdigit())
