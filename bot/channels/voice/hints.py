"""Speech hints for ``<Gather hints="…">``: the live catalog's shop and product names.

Twilio takes the hints as one comma-separated string. We keep it bounded (phrases of at most
100 characters, at most MAX_PHRASES of them, at most MAX_CHARS in all): the words of the dialogue
first, then shop names, product names, aliases. Rebuilt when the region's catalog revision changes.
"""

from __future__ import annotations

import re
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from ordering.models import Product, Region, Shop

MAX_PHRASES = 250
MAX_CHARS = 5000
MAX_PHRASE_CHARS = 100

# What callers say besides products: answers, units, the ways to pay and to get the goods.
DIALOGUE_PHRASES = (
    "ja", "nein", "wie bitte", "noch einmal", "fertig", "das ist alles", "das Gleiche wie letzte Woche",
    "Warenkorb", "Lieferung", "Abholung", "bei Lieferung bezahlen", "per SMS", "Stück", "Kilo", "Gramm",
    "Liter", "Flasche", "Gutschein", "einen Menschen sprechen", "weitermachen", "von vorne",
)

_SEPARATORS = re.compile(r"[,;\n\r\t]+")
_cache: dict[tuple[str, int], tuple[int, str]] = {}
_lock = threading.Lock()


def _clean(phrase: str | None) -> str:
    # A comma would split the phrase in two; Twilio limits each phrase to 100 characters.
    text = " ".join(_SEPARATORS.sub(" ", phrase or "").split())
    return text[:MAX_PHRASE_CHARS].strip()


def build_hints(phrases: list[str]) -> str:
    """Join phrases into Twilio's one string: cleaned, without duplicates, within the bounds."""
    seen: set[str] = set()
    kept: list[str] = []
    length = 0
    for phrase in phrases:
        text = _clean(phrase)
        folded = text.casefold()
        if not text or folded in seen:
            continue
        extra = len(text) + (2 if kept else 0)
        if len(kept) >= MAX_PHRASES or length + extra > MAX_CHARS:
            break
        seen.add(folded)
        kept.append(text)
        length += extra
    return ", ".join(kept)


def catalog_hints(session: Session, region_id: int | None) -> str:
    """The hints for a region (all regions' shops when None), cached per catalog revision."""
    if region_id is None:
        return build_hints(list(DIALOGUE_PHRASES))
    revision = session.scalar(select(Region.catalog_revision).where(Region.id == region_id))
    if revision is None:
        return build_hints(list(DIALOGUE_PHRASES))
    key = (str(session.get_bind().engine.url), region_id)  # one process may serve several databases (tests)
    cached = _cache.get(key)
    if cached is not None and cached[0] == revision:
        return cached[1]
    shops = session.scalars(
        select(Shop).where(Shop.region_id == region_id, Shop.active.is_(True)).order_by(Shop.name)
    ).all()
    products = session.scalars(
        select(Product)
        .join(Shop, Product.shop_id == Shop.id)
        .where(Shop.region_id == region_id, Shop.active.is_(True), Product.listed.is_(True),
               Product.available.is_(True))
        .order_by(Product.name)
    ).all()
    phrases = [*DIALOGUE_PHRASES, *(s.name for s in shops), *(p.name for p in products)]
    phrases += [alias for p in products for alias in (p.aliases or []) if isinstance(alias, str)]
    hints = build_hints(phrases)
    with _lock:
        _cache[key] = (revision, hints)
    return hints
