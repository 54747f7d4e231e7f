"""The German grocery lexicon (``data/lexicon/grocery_de.yml``, format ``kiepe-lexicon/1``).

Residents say "Schrippen", "Erdäpfel", "Blaukraut" or "Sprudel" where a shop's catalog says
Brötchen, Kartoffeln, Rotkohl and "Mineralwasser spritzig". No catalog should have to list
these words as aliases: the lexicon holds them as data (documented in
``data/lexicon/README.md``), and the product matcher tries a query again with the other words
of the same group (:func:`Lexicon.variants`), keeping only readings whose words the catalog
actually has.

The lexicon also knows goods in general (:meth:`Lexicon.is_goods`): a word it knows that the
catalog lacks is answered "führen wir leider nicht", while a word it does not know is not
taken for goods at all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from .normalize import fold, stem

__all__ = ["LEXICON_FILE", "Group", "Lexicon", "LexiconError", "lexicon", "load_lexicon"]

LEXICON_FILE = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "grocery_de.yml"
FORMAT = "kiepe-lexicon/1"
MAX_VARIANTS = 12


class LexiconError(ValueError):
    """The lexicon file does not follow kiepe-lexicon/1 (names the entry)."""


@dataclass(frozen=True)
class Group:
    """Words naming the same goods (or the same attribute value), with words they imply."""

    id: str
    head: str
    forms: tuple[str, ...]        # head, words and plurals, folded
    implies: tuple[str, ...] = ()  # folded attribute words the group's words carry ("mit kohlensäure")
    ambiguous: frozenset[str] = frozenset()  # forms marked ambiguous: they mean this only secondarily
    attribute: bool = False  # a value of an attribute ("still", "mehlig"), not goods


def _key(text: str) -> str:
    """Folded, glued and stemmed: "Gelbe Rüben" and "gelbe rueben" meet."""
    return stem("".join(fold(text).split()))


def _inflected_key(text: str) -> str:
    """Each word stemmed, then glued: "neuen Kartoffeln" and "neue Kartoffeln" meet."""
    return "".join(stem(w) for w in fold(text).split())


class Lexicon:
    def __init__(self, version: str, groups: Iterable[Group], goods: Iterable[str],
                 containers: dict[str, str], units: dict[str, str]) -> None:
        self.version = version
        self.groups = tuple(groups)
        self.by_key: dict[str, tuple[int, ...]] = {}
        index: dict[str, list[int]] = {}
        for gi, group in enumerate(self.groups):
            for form in group.forms:
                index.setdefault(_key(form), []).append(gi)
                if " " in form.strip():
                    index.setdefault(_inflected_key(form), []).append(gi)
        self.by_key = {k: tuple(dict.fromkeys(v)) for k, v in index.items() if k}
        self.goods_keys = frozenset(_key(w) for w in goods) | frozenset(self.by_key)
        self.containers = containers  # folded word → container label ("fl" → "Flasche")
        self.units = units            # folded word → unit ("gr" → "g")
        self._keys_by_letter: dict[str, list[str]] = {}
        self._by_sound: dict[tuple[str, str], list[str]] = {}
        for k in self.by_key:
            self._keys_by_letter.setdefault(k[0], []).append(k)
            if len(k) >= 5:
                self._by_sound.setdefault((k[0], _sound(k)), []).append(k)
        self._longest = max((len(f.split()) for g in self.groups for f in g.forms), default=1)

    def __len__(self) -> int:
        return len(self.groups)

    def groups_of(self, text: str, fuzzy: bool = False) -> tuple[Group, ...]:
        """The groups a word names. A word with several meanings ("Gehacktes": minced meat, in
        some regions Mett) names its first group only where every group marks it ambiguous;
        otherwise the groups that do not."""
        found = tuple(self.groups[i] for i in self.by_key.get(_key(text), ()))
        if not found and " " in text.strip():
            found = tuple(self.groups[i] for i in self.by_key.get(_inflected_key(text), ()))  # "neuen Kartoffeln"
        if not found and fuzzy and " " not in text.strip() and len(_key(text)) >= 4 and len(fold(text)) >= 5:
            found = self._near(_key(text))  # "Poree" for "Porree"
        goods = tuple(g for g in found if not g.attribute)
        found = goods or found  # "gehacktes" is minced meat before it is chopped nuts
        if len(found) < 2:
            return found
        key = _key(text)
        plain = tuple(g for g in found if not any(_key(f) == key for f in g.ambiguous))
        return plain or found[:1]

    def _near(self, key: str) -> tuple[Group, ...]:
        """Groups of a form one typo away (same first letter, ratio ≥ 88), or spelled as it is
        said in a dialect with the same sound ("Weggla" for "Weckla": the same Kölner Phonetik)."""
        hit = process.extractOne(key, self._keys_by_letter.get(key[0], ()), scorer=fuzz.ratio, score_cutoff=88)
        if hit is not None and abs(len(hit[0]) - len(key)) <= 2:
            return tuple(self.groups[i] for i in self.by_key[hit[0]])
        if len(key) < 6:
            return ()
        same_sound = [k for k in self._by_sound.get((key[0], _sound(key)), ()) if fuzz.ratio(key, k) >= 70]
        return tuple(dict.fromkeys(g for k in same_sound for i in self.by_key[k]
                                   if not (g := self.groups[i]).attribute))

    def is_goods(self, text: str) -> bool:
        """Whether any word (or the whole) of ``text`` names goods the lexicon knows."""
        words = fold(text).split()
        return _key(text) in self.goods_keys or any(_key(w) in self.goods_keys for w in words if len(w) > 2)

    def variants(self, text: str, known: Callable[[str], bool] | None = None) -> list[str]:
        """Other ways to say ``text`` with the lexicon's words ("zwei schrippen" → "zwei brötchen").

        Spans of up to three words (and the tail of a compound: "Roggenschrippe") that a group
        knows are replaced by the group's other forms, plus the attribute words the group
        implies. ``known(word)`` filters replacements to words the catalog has.
        """
        words = [_undigraph(w) if _key(w) not in self.by_key and _key(_undigraph(w)) in self.by_key else w
                 for w in fold(text).split()]  # "Saitenwuerstle" typed without umlauts
        out: list[str] = []
        plain = self._kinds_in_catalog_words(self._named_once(words), known)
        if plain != words:
            out.append(" ".join(plain))
        for said in (words, plain) if plain != words else (words,):
            # "Selters mit viel Kohlensäure": the goods in other words, and the kind in the
            # catalog's ("Mineralwasser Classic"), in one variant
            for i in range(len(said)):
                for j in range(min(len(said), i + self._longest), i, -1):
                    span = " ".join(said[i:j])
                    for group in self.groups_of(span, fuzzy=j == i + 1):
                        if group.attribute and said is plain:
                            continue
                        for form in group.forms:
                            if _key(form) == _key(span) or (known is not None and not _all_known(form, known)):
                                continue
                            if form in group.ambiguous and _key(span) not in {_key(a) for a in group.ambiguous}:
                                # "Sauerkraut" is no "Kraut", which also finds the "Kräuter"; a
                                # loose word ("Moscht") may still be its loose sibling ("Most")
                                continue
                            implied = self._implied(group, known)
                            out.append(" ".join([*said[:i], form, *implied, *said[j:]]))
        for i, word in enumerate(words):
            out += [" ".join([*words[:i], glued, *words[i + 1:]]) for glued in self._compound_tails(word, known)]
        seen = {" ".join(words)}
        unique = [v for v in out if not (v in seen or seen.add(v))]  # type: ignore[func-returns-value]
        return unique[:MAX_VARIANTS]

    def _named_once(self, words: list[str]) -> list[str]:
        """The words without a second name of the same goods right after the first ("Mückenspray
        so wie Autan": one spray, named twice)."""
        out: list[str] = []
        for word in words:
            before = {g.id for g in self.groups_of(out[-1]) if not g.attribute} if out and len(out[-1]) > 3 else set()
            if before and len(word) > 3 and before & {g.id for g in self.groups_of(word) if not g.attribute}:
                continue
            out.append(word)
        return out

    def _kinds_in_catalog_words(self, words: list[str], known: Callable[[str], bool] | None) -> list[str]:
        """The words with each kind said ("viel Kohlensäure", "mehligkochende") in a form the
        catalog has ("classic"), where it has one; unchanged without a catalog to ask."""
        if known is None:
            return words
        out: list[str] = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + self._longest), i, -1):
                span = " ".join(words[i:j])
                forms = [f for g in self.groups_of(span) if g.attribute for f in g.forms
                         if _all_known(f, known)]
                if forms and not _all_known(span, known):
                    out.append(forms[0])
                    i = j
                    break
            else:
                out.append(words[i])
                i += 1
        return out

    def _implied(self, group: Group, known: Callable[[str], bool] | None) -> list[str]:
        """The attribute words a group implies, in the catalog's words: "Sprudel" implies "mit
        Kohlensäure", which a drinks shop writes "spritzig" or "classic"."""
        out = []
        for phrase in group.implies:
            forms = [phrase] + [f for g in self.groups_of(phrase) for f in g.forms]
            usable = [f for f in forms if known is None or _all_known(f, known)]
            if usable:
                out.append(usable[0])
        return out

    def _compound_tails(self, word: str, known: Callable[[str], bool] | None) -> list[str]:
        """"roggenschrippen" → "roggenbrötchen": a compound whose last part the lexicon knows."""
        if len(word) < 8 or (known is not None and known(word)):
            return []
        out = []
        for cut in range(3, len(word) - 4):
            head, tail = word[:cut], word[cut:]
            tails = [f for g in self.groups_of(tail) for f in g.forms if " " not in f and _key(f) != _key(tail)]
            if not tails:
                continue
            # "Marillenmarmelade" → "Aprikosenkonfitüre": the first part may be a lexicon word too
            heads = [head] + [f + link for g in self.groups_of(head) for f in g.forms if " " not in f
                              for link in _LINKS] if len(head) >= 4 else [head]
            for first in heads:
                for form in tails:
                    glued = first + form
                    if known is None or known(glued):
                        out.append(glued)
            if out:
                break
        return out


# The linking sounds of German compounds: "Aprikose" + "n" + "konfitüre", "Kalb" + "s" + "bratwurst"
_LINKS = ("", "n", "en", "s", "es")


def _sound(key: str) -> str:
    from cologne_phonetics import encode

    return "".join(code for _, code in encode(key))


def _undigraph(word: str) -> str:
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _all_known(form: str, known: Callable[[str], bool]) -> bool:
    return all(known(w) for w in form.split() if len(w) > 2)


def _as_list(value: object, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise LexiconError(f"{where}: must be a list")
    return value


def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Read and check a ``kiepe-lexicon/1`` file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LexiconError(f"{path}: 'format' must be {FORMAT!r}")
    groups: list[Group] = []
    seen: set[str] = set()
    forms: list[str] | tuple[str, ...]  # a synonym's said forms, then an attribute value's folded ones
    for n, entry in enumerate(_as_list(data.get("synonyms"), f"{path}: synonyms")):
        where = f"{path}: synonyms[{n}]"
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("head"):
            raise LexiconError(f"{where}: needs 'id' and 'head'")
        if entry["id"] in seen:
            raise LexiconError(f"{where}: id {entry['id']!r} is used twice")
        seen.add(entry["id"])
        forms = [str(entry["head"])]
        ambiguous: set[str] = set()
        for w, word in enumerate(_as_list(entry.get("words"), f"{where}.words")):
            if not isinstance(word, dict) or not str(word.get("word") or "").strip():
                raise LexiconError(f"{where}.words[{w}]: needs 'word'")
            said = [str(word["word"])] + ([str(word["plural"])] if word.get("plural") else [])
            forms += said
            if word.get("ambiguous"):
                ambiguous.update(fold(f) for f in said)
        implies = tuple(fold(str(x)) for x in _as_list(entry.get("implies"), f"{where}.implies"))
        groups.append(Group(str(entry["id"]), str(entry["head"]),
                            tuple(dict.fromkeys(fold(f) for f in forms if fold(f))), implies, frozenset(ambiguous)))
    # attribute values ("still", "ohne kohlensäure", "naturell") are groups of their own
    for n, entry in enumerate(_as_list(data.get("attributes"), f"{path}: attributes")):
        values = entry.get("values") if isinstance(entry, dict) else None
        if not isinstance(values, dict):
            raise LexiconError(f"{path}: attributes[{n}]: needs 'dimension' and 'values'")
        for value, words in values.items():
            forms = tuple(dict.fromkeys(fold(str(w)) for w in [value, *(words or [])] if fold(str(w))))
            groups.append(Group(f"{entry.get('dimension')}:{value}", str(value), forms, attribute=True))
    goods = [str(g["word"]) for g in _as_list(data.get("goods"), f"{path}: goods") if isinstance(g, dict)]
    goods += [str(g["plural"]) for g in _as_list(data.get("goods"), f"{path}: goods")
              if isinstance(g, dict) and g.get("plural")]
    containers: dict[str, str] = {}
    for entry in _as_list(data.get("containers"), f"{path}: containers"):
        for word in entry.get("words") or []:
            containers.setdefault(fold(str(word)), str(entry.get("container")))
    units: dict[str, str] = {}
    for entry in _as_list(data.get("units"), f"{path}: units"):
        for word in entry.get("words") or []:
            units.setdefault(fold(str(word)), str(entry.get("unit")))
    return Lexicon(str(data.get("version", "")), groups, goods, containers, units)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The project's lexicon, read once per process."""
    return load_lexicon()
