"""Names of places as people write them: one key to compare a municipality's name with what was said.

In rural Germany several municipalities often share one postcode (Hilders and Ehrenberg (Rhön)
share 36115), so a postcode alone does not always name a municipality: the town's name decides.
"Ehrenberg", "ehrenberg", "Ehrenberg (Rhön)" and "Ehrenberg (Rhoen)" all name the same place.
"""

from __future__ import annotations

import re

_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_DIGRAPH = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_ADDITION = re.compile(r"\s*[(\[].*?[)\]]|,.*$")  # "(Rhön)", "[Oberhessen]", ", Stadt"


def place_key(text: str | None) -> str:
    """Lower case, umlauts folded (ä → a), every run of other characters one space:
    "Ehrenberg (Rhön)" → "ehrenberg rhon", "Rheda-Wiedenbrück" → "rheda wiedenbruck"."""
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower().translate(_PLAIN)))


def name_keys(name: str, slug: str = "") -> frozenset[str]:
    """Every key that names a municipality: its name, its name without an addition in brackets
    ("Ehrenberg" for "Ehrenberg (Rhön)"), both with umlauts folded to one letter or two, and its id."""
    keys = set()
    for form in (name, _ADDITION.sub("", name)):
        keys.add(place_key(form))
        keys.add(" ".join(re.findall(r"[a-z0-9]+", form.lower().translate(_DIGRAPH))))
    keys.add(place_key(slug))
    return frozenset(key for key in keys if key)

