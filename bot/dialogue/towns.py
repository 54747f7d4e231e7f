"""Which town the words name, of the towns that share a postcode ("36115 Ehrenberg")."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from ordering.models import Municipality
from ordering.places import name_keys, place_key


def town_said(text: str | None, candidates: Sequence[Municipality]) -> Municipality | None:
    """The one candidate the words name: "Ehrenberg", "36115 ehrenberg", "Kirchstraße 4, 36115
    Hilders", "in ehrenberg kirchstraße vier", "Ehrenberg (Rhön)", a recogniser's "ehrenburg".
    A name said as a whole wins over one that only resembles a word ("Hilderser Straße 4,
    Ehrenberg" is Ehrenberg); None when the words name none of them, or several."""
    said = f" {' '.join(_not_a_place_named(place_key(text).split()))} "
    if not said.strip() or not candidates:
        return None
    keys = {m.id: name_keys(m.name, m.slug) for m in candidates}
    exact = [m for m in candidates if any(f" {key} " in said for key in keys[m.id])]
    if exact:
        return exact[0] if len(exact) == 1 else None
    words = said.split()
    close = []
    for m in candidates:
        for key in keys[m.id]:
            size = len(key.split())
            runs = (" ".join(words[i:i + size]) for i in range(len(words) - size + 1))
            if len(key) >= 5 and any(fuzz.ratio(run, key) >= 85 for run in runs):
                close.append(m)
                break
    return close[0] if len(close) == 1 else None


_STREET_WORDS = frozenset("strasse str weg gasse allee platz ring damm ufer".split())
_NOT = frozenset("nicht nich net ned kein keine".split())


def _not_a_place_named(words: list[str]) -> list[str]:
    """Words without a street's name ("Hilderser Straße 4" is in Ehrenberg as often as not) and
    without a town said not to be it ("wir wohnen nicht in Hilders")."""
    kept: list[str] = []
    skip = 0
    for i, word in enumerate(words):
        if skip:
            skip -= 1
            continue
        if word in _NOT:
            skip = 2 if i + 1 < len(words) and words[i + 1] in ("in", "im", "aus") else 1
            continue
        if (i + 1 < len(words) and words[i + 1] in _STREET_WORDS) or word.endswith(("strasse", "weg", "gasse")):
            continue
        kept.append(word)
    return kept
