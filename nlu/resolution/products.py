"""Match spoken product and shop texts against the live catalog.

Scoring tiers (per catalog item, its best name/alias counts):

=========  =====  ===============================================================================
kind       score  rule
=========  =====  ===============================================================================
exact      100    compact key equal to the name (split/merged compounds, umlauts, plurals fold)
alias       99    compact key equal to an alias
words      90-3k  every query word is a whole word of the name (k = extra words in the name):
                  "hackfleisch" → "Hackfleisch gemischt", "gouda" → "Gouda mittelalt"
category    80    the query is an item's category word ("käse" → Gouda, Ziegenkäse)
head        82    the query is the head (last part) of a compound word of the name:
                  "milch" → "Frischmilch", "brot" → "Vollkornbrot" (German compounds name a kind
                  of their LAST part: Frischmilch is milk, Butterkuchen is not butter)
heads     80-6    several words, each a word or the compound head of a word of the name:
                  "schlauch 28 zoll" → "Fahrradschlauch 28 Zoll" (86 − 3 per extra name word)
fuzzy     < 90    rapidfuzz ratio × 0.85 (+8 when the Kölner Phonetik codes agree), only from
                  ratio ≥ 80 (≥ 85 for 4-5 letter queries; never for ≤ 3 letters); also word by
                  word ("spätburgunda" → "Spätburgunder trocken")
phonetic  < 90    same Kölner Phonetik code and ratio ≥ 70 ("gauda" → "Gouda")
=========  =====  ===============================================================================

"head" needs a modifier of ≥ 3 letters with a vowel ("rot|wein", not "sch|wein") and is never
the end of a longer word (``_FALSE_HEADS``: "ring" is not the head of "Bismarckhering"). Regional
words are tried as well, one point lower ("gehacktes" → Hackfleisch, "semmeln" → Brötchen), and
so are number words as digits ("achtundzwanzig zoll" → "28 zoll", "fünfundvierzig minuten").
Fuzzy search is skipped after an exact or whole-word hit; in catalogs of more than 15 000
distinct names it only looks at names whose first letter sounds alike and whose length allows
the cut-off (``CatalogIndex.fuzzy_pool``). One posting list contributes at most 400 entries
(``POSTING_CAP``): a word as generic as "käse" ends in a question anyway.

Relations that NEVER resolve, but are offered as suggestions:

* ``modifier`` – the query is a strict prefix of a longer word: "butter" vs "Butterkuchen",
  "mett" vs "Mettwurst", "brot" vs "Brötchen";
* ``broader`` – the product is a strict prefix/suffix of the query: "mettwurst" vs "Mett",
  "butterkuchen" vs "Butter", "bio frischmilch" vs "Frischmilch".

A relation found for an item overrides a fuzzy score for it, so "butter" can never fuzzily
become "Butterkuchen" nor "mettwurst" become "Mett". ``Resolved.needs_confirmation`` is set for
weak guesses (fuzzy, phonetic, head, category below 90) so the dialogue can read them back.

Resolution: only items scoring ≥ 68 count. The items within 3 points of the best one tie (2.5
when the best is a fuzzy/phonetic guess; an exact/alias hit ties only with other exact/alias
hits). A fuzzy guess at a text that names a known shop ("wienker") is no product ("Wiener").
One item → :class:`Resolved`. Several → :class:`Ambiguous` with a German
question (same product at several shops: "Frischmilch gibt es beim Hof Schulze und beim Hof
Wienker. Von welchem Hof?"; different products: "Meinten Sie Weizenbrötchen oder
Roggenbrötchen?"; one shop's product in several sizes: "Möchten Sie die 6er oder die 10er
Packung?", see ``size_question``), listing at most 4 choices. Nothing → :class:`NotFound` with suggestions.
Among tied items, available ones are preferred over sold-out ones; a sold-out item still
resolves (``Resolved.sold_out``) so the dialogue can say "ist gerade ausverkauft".

``shop_hint`` (shop id or ids, e.g. from :func:`match_shop`) restricts the match to those shops
when anything there matches; otherwise the whole catalog is matched and the caller sees from
``item.shop_id`` that the hinted shop does not sell it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeGuard, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .catalog_index import _KINDS as _KIND_MARKERS
from .catalog_index import CatalogIndex, CatalogItem, Entry, phonetic, shop_kind_words
from .lexicon import lexicon
from .normalize import (
    clean,
    fold,
    key_tokens,
    key_variants,
    normalize_product_text,
    stem,
    synonym_variants,
)
from .quantity import _measure, format_amount, parse_number, parse_size
from .sounds import respellings

__all__ = [
    "Ambiguous",
    "Match",
    "NotFound",
    "Resolved",
    "ShopMatch",
    "match_product",
    "match_shop",
    "shop_dative",
    "shop_from",
    "size_question",
    "join_or",
    "join_and",
]

_T = TypeVar("_T")

RESOLVE_MIN = 68.0
TIE_MARGIN = 3.0
FUZZY_TIE_MARGIN = 2.5
# At most this many entries are taken from one posting list (a generic word such as "käse" in a
# catalog of 100 000 items): the answer is a question listing 4 choices anyway.
POSTING_CAP = 400
MAX_CHOICES = 4


@dataclass(frozen=True)
class Resolved:
    item: CatalogItem
    score: float
    kind: str = "exact"  # exact | alias | words | head | fuzzy | phonetic

    @property
    def sold_out(self) -> bool:
        return not self.item.available

    @property
    def needs_confirmation(self) -> bool:
        """A guess through misheard words: the dialogue may want to read it back first."""
        return self.kind in ("fuzzy", "phonetic", "head", "category") and self.score < 90


@dataclass(frozen=True)
class Ambiguous:
    candidates: tuple[CatalogItem, ...]
    question: str
    by_shop: bool = False  # True: one product (same name) at several shops


@dataclass(frozen=True)
class NotFound:
    text: str
    suggestions: tuple[CatalogItem, ...] = ()
    question: str = ""


Match = Resolved | Ambiguous | NotFound


# ---- German phrasing helpers -----------------------------------------------------------------

_MASC_NEUTER_ENDINGS = ("hof", "markt", "laden", "haus", "gut", "handel", "keller", "stand", "kiosk",
                        "verkauf", "shop", "café", "cafe", "geschäft", "lädchen", "atelier", "studio",
                        "büro", "werk", "lager", "center", "zentrum", "kontor", "eck")
_FEM_ENDINGS = ("ei", "ung", "erie", "thek", "stube", "scheune", "mühle", "muhle", "manufaktur",
                "apotheke", "küche", "kuche", "schaft", "boutique", "drogerie", "diele", "hütte", "halle")


def _gender_of_first_word(name: str) -> str:
    """"m" (masculine/neuter: vom/beim), "f" (von der/bei der) or "" (a family name: von/bei)."""
    first = name.split()[0].lower() if name.split() else ""
    if first.endswith(_MASC_NEUTER_ENDINGS):
        return "m"
    if first.endswith(_FEM_ENDINGS):
        return "f"
    return ""


def shop_dative(name: str) -> str:
    """"beim Hof Schulze", "bei der Bäckerei Musterfrau", "bei Terstegen"."""
    g = _gender_of_first_word(name)
    return f"beim {name}" if g == "m" else f"bei der {name}" if g == "f" else f"bei {name}"


def shop_from(name: str) -> str:
    """"vom Hof Schulze", "von der Bäckerei Musterfrau", "von Terstegen"."""
    g = _gender_of_first_word(name)
    return f"vom {name}" if g == "m" else f"von der {name}" if g == "f" else f"von {name}"


def join_and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " und " + parts[-1]


def join_or(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " oder " + parts[-1]


def _all_known(values: list[_T | None]) -> TypeGuard[list[_T]]:
    """``all(values)``: every one is there (and so none is None)."""
    return all(values)


def _which_shop_question(names: list[str]) -> str:
    firsts = {n.split()[0] for n in names if n.split()}
    if len(firsts) == 1:
        w = next(iter(firsts))
        g = _gender_of_first_word(w)
        if g == "m":
            return f"Von welchem {w}?"
        if g == "f":
            return f"Von welcher {w}?"
    return "Von welchem Geschäft?"


def _display(text: str) -> str:
    t = normalize_product_text(text) or clean(text) or text
    return t[:1].upper() + t[1:]


# ---- product matching ------------------------------------------------------------------------


@dataclass
class _Cand:
    score: float = 0.0
    kind: str = ""
    relation: str = ""  # modifier | broader – suggestion only
    rel_score: float = 0.0


_VOWELS = re.compile(r"[aeiouy]")


def _fuzzy_cutoff(n: int) -> float | None:
    if n <= 3:
        return None
    if n <= 5:
        return 85.0
    return 80.0


def _score_entries(text: str, index: CatalogIndex) -> tuple[dict[int, _Cand], set[int]]:
    """Score catalog entries (distinct names/aliases) for the query; entry id → _Cand."""
    variants = key_variants(text)
    words = key_tokens(text)
    out: dict[int, _Cand] = {}
    cat_hits: set[int] = set()

    def put(eid: int, score: float, kind: str) -> None:
        c = out.get(eid)
        if c is None:
            out[eid] = _Cand(score, kind)
        elif score > c.score:
            c.score, c.kind = score, kind

    def relate(eid: int, relation: str, score: float) -> None:
        c = out.get(eid)
        if c is None:
            c = out[eid] = _Cand()
        if score > c.rel_score:
            c.relation, c.rel_score = relation, score

    if not variants:
        return out, cat_hits

    # exact compact (name or alias)
    for v in variants:
        for eid in index.by_compact.get(v, ()):
            e = index.entries[eid]
            alias_only = all(e.alias_of)
            put(eid, 99.0 if alias_only else 100.0, "alias" if alias_only else "exact")

    common: list[int] | set[int]  # the entries all the words name: a list here, a set for the compound heads below
    # whole words: every query word is a word of the entry
    if words:
        postings = [index.by_word.get(w) for w in set(words)]
        if _all_known(postings):
            postings.sort(key=len)
            if len(postings) == 1:
                common = postings[0][:POSTING_CAP]  # sorted shortest name first
            else:
                inter = set(postings[0])
                for p in postings[1:]:
                    inter.intersection_update(p)
                common = sorted(inter, key=lambda eid: len(index.entries[eid].words))[:POSTING_CAP]
            for eid in common:
                e = index.entries[eid]
                extra = len(set(e.words) - set(words))
                if extra and _only_measure(set(e.words) - set(words)):
                    extra = 1  # "Rosinenstuten 500 g": the size printed with the name is one word more, not two
                if extra == 0:
                    put(eid, 98.0, "exact")  # same words, other order
                elif _only_what_it_comes_with(words, e):
                    # "Eier" names the "Freilandeier" (a compound head, 82) before the "Bandnudeln mit Ei"
                    put(eid, 74.0, "words")
                else:
                    put(eid, max(84.0, 90.0 - 3.0 * extra), "words")

    # several words, some the head of a compound word of the name: "schlauch 28 zoll" →
    # "Fahrradschlauch 28 Zoll" (every query word is a word or a compound head of the name)
    if len(set(words)) >= 2 and not any(c.score >= 84 for c in out.values()):
        sets: list[set[int]] = []
        strong: list[set[int]] = []
        for w in dict.fromkeys(words):
            hit = set(index.by_word.get(w, ())[:POSTING_CAP])
            hit.update(_head_entries(w, index))
            strong.append(hit)
            # "Wildschwein Keule" → "Wildschweinbraten aus der Keule": the animal said as the first
            # part of a word of the name, the cut as a word of it
            hit = hit | _modifier_entries(w, index)
            if not hit:
                sets = []
                break
            sets.append(hit)
        if sets:
            common = set.intersection(*sorted(sets, key=len))
            for eid in list(common)[:POSTING_CAP]:
                weak = sum(eid not in hit for hit in strong)
                if weak == len(strong):
                    continue  # at least one word of the name said as it is
                extra = max(0, len(set(index.entries[eid].words)) - len(set(words)))
                put(eid, max(80.0, 86.0 - 3.0 * extra) - 4.0 * weak, "head")

    for v in variants:
        # a split query that is one word of a multi-word name: "spät burgunder" → "Spätburgunder trocken"
        for eid in index.by_word.get(v, ())[:POSTING_CAP]:
            e = index.entries[eid]
            extra = len(set(e.words)) - 1
            if extra and _only_measure(set(e.words) - {v}):
                extra = 1  # see the whole words above
            if extra and _only_what_it_comes_with((v,), e):
                put(eid, 74.0, "words")  # see the whole words above
                continue
            put(eid, 98.0 if extra == 0 else max(84.0, 90.0 - 3.0 * extra), "exact" if extra == 0 else "words")
        # category words: "käse" → Gouda, Ziegenkäse
        cat_hits.update(index.by_category.get(v, ())[:POSTING_CAP])

    for v in variants:
        n = len(v)
        # head of a compound: "milch" → "frischmilch" (three letters only where they name goods:
        # "tee" heads "Pfefferminztee", "ist" heads nothing of "Apfelkiste")
        if n >= 4 or (n == 3 and lexicon().is_goods(v)):
            budget = POSTING_CAP
            for key in index.keys_with_suffix(v):
                if budget <= 0:
                    break
                # the modifier part needs a vowel: "rot|wein" is a compound, "sch|wein" is not
                if len(key) - n >= 3 and _VOWELS.search(key[:-n]) and not _false_head(key, v):
                    budget -= len(index.by_key[key])
                    for eid in index.by_key[key]:
                        e = index.entries[eid]
                        if key in e.words:  # a word of the name, not the glued multi-word key
                            put(eid, 82.0, "head")
        # modifier: "butter" is a prefix of "butterkuchen" – suggestion only
        if n >= 3:
            budget = POSTING_CAP
            for key in index.keys_with_prefix(v):
                if budget <= 0:
                    break
                if len(key) - n >= 2:
                    budget -= len(index.by_key[key])
                    for eid in index.by_key[key]:
                        e = index.entries[eid]
                        # a word boundary in a multi-word name is not a compound modifier
                        consumed = _word_prefix(v, e.words) if key == e.compact and len(e.words) > 1 else 0
                        if consumed:
                            put(eid, max(84.0, 90.0 - 3.0 * (len(e.words) - consumed)), "words")
                            continue
                        relate(eid, "modifier", 60.0 + 30.0 * n / len(key))
        # broader: the product is a strict part of the query: "mettwurst" ⊃ "mett"
        for k in range(3, n - 1):
            for part, rel in ((v[:k], 55.0), (v[n - k:], 65.0)):
                for eid in index.by_key.get(part, ()):
                    e = index.entries[eid]
                    if part == e.compact:
                        relate(eid, "broader", rel + 20.0 * k / n)

    # fuzzy over distinct compact keys and words (misheard words) – pointless after an exact or
    # whole-word hit (fuzzy scores stay below those)
    if any(c.score >= 84 for c in out.values()):
        return out, cat_hits
    qph = {phonetic(v) for v in variants}
    for v in variants:
        cut = _fuzzy_cutoff(len(v))
        if cut is None:
            continue
        for key, ratio, _ in process.extract(v, index.fuzzy_pool(v, cut), scorer=fuzz.ratio,
                                             score_cutoff=cut, limit=15):
            phon_equal = phonetic(key) in qph
            for eid in index.by_compact[key]:
                put(eid, ratio * 0.85 + (8.0 if phon_equal else 0.0), "fuzzy")
        # phonetic twins not close enough in spelling for the cut above
        for code in qph:
            for eid in index.by_phonetic.get(code, ())[:50]:
                e = index.entries[eid]
                ratio = fuzz.ratio(v, e.compact)
                if ratio >= 70:
                    put(eid, ratio * 0.85 + 8.0, "phonetic")
    # word-level fuzzy: each query word close to a word of the entry ("spätburgunda"). Only
    # needed when some query word is not a catalog word as it is.
    if words and all(len(w) >= 4 for w in words) and not all(w in index.by_word for w in words):
        per_word: list[dict[str, float]] = []
        for w in words:
            if w in index.by_word:
                per_word.append({w: 100.0})
                continue
            cut = _fuzzy_cutoff(len(w))
            hits = {k: r for k, r, _ in process.extract(w, index.word_keys, scorer=fuzz.ratio,
                                                        score_cutoff=cut, limit=10)}
            if not hits:
                per_word = []
                break
            per_word.append(hits)
        if per_word:
            sets = sorted(({eid for k in hits for eid in index.by_word[k]} for hits in per_word), key=len)
            cand_eids = sets[0]
            for other in sets[1:]:
                cand_eids = cand_eids & other
            for eid in list(cand_eids)[:3000]:
                e = index.entries[eid]
                ratios = [max(hits.get(ew, 0.0) for ew in e.words) for hits in per_word]
                if min(ratios) <= 0:
                    continue
                extra = max(0, len(set(e.words)) - len(words))
                put(eid, sum(ratios) / len(ratios) * 0.85 - 3.0 * extra, "fuzzy")
    return out, cat_hits


# Words whose end looks like another word: "ring" is not the head of "Bismarckhering".
_FALSE_HEADS = ("hering", "spargel", "zwiebel")


def _false_head(key: str, v: str) -> bool:
    """True when ``v`` is only the end of a longer word at the end of ``key`` ("ring" in
    "bismarckhering"), not the head of the compound."""
    return any(key.endswith(w) and len(w) > len(v) and w.endswith(v) for w in _FALSE_HEADS)


def _head_entries(w: str, index: CatalogIndex) -> set[int]:
    """Entries with a word whose compound head is ``w`` ("schlauch" → "fahrradschlauch")."""
    out: set[int] = set()
    n = len(w)
    if n < 3 or (n == 3 and not lexicon().is_goods(w)):
        return out  # "ist" is no head of "Apfelkiste"; "Tee" is the head of "Pfefferminztee"
    budget = POSTING_CAP
    for key in index.keys_with_suffix(w):
        if budget <= 0:
            break
        if len(key) - n >= 3 and _VOWELS.search(key[:-n]) and not _false_head(key, w):
            budget -= len(index.by_key[key])
            out.update(eid for eid in index.by_key[key] if key in index.entries[eid].words)
    return out


def _modifier_entries(w: str, index: CatalogIndex) -> set[int]:
    """Entries with a word that ``w`` begins as a compound's first part ("wildschwein" →
    "Wildschweinbraten"): five letters at least, and three left for the rest."""
    out: set[int] = set()
    if len(w) < 5:
        return out
    budget = POSTING_CAP
    for key in index.keys_with_prefix(w):
        if budget <= 0:
            break
        if len(key) - len(w) >= 3:
            budget -= len(index.by_key[key])
            out.update(eid for eid in index.by_key[key] if key in index.entries[eid].words)
    return out


def _word_prefix(v: str, words: tuple[str, ...]) -> int:
    """How many of the entry's first words glued together equal v (0: none)."""
    acc = ""
    for k, w in enumerate(words, 1):
        acc += w
        if acc == v:
            return k
        if len(acc) >= len(v):
            return 0
    return 0


def _item_scores(text: str, index: CatalogIndex) -> tuple[dict[int, tuple[float, str]], dict[int, float]]:
    """item position → (best resolving score, kind); item position → best suggestion score.

    Memoised per index (an index never changes; a new catalog revision is a new index)."""
    cache = index.__dict__.setdefault("_score_cache", {})
    hit = cache.get(text)
    if hit is None:
        hit = _compute_item_scores(text, index)
        if len(cache) >= 512:
            cache.clear()
        cache[text] = hit
    return hit


def _number_variants(text: str) -> list[str]:
    """Number words as digits, as catalog names write them: "schlauch achtundzwanzig zoll" →
    "schlauch 28 zoll", "einzelstunde fünfundvierzig minuten" → "einzelstunde 45 minuten"."""
    words = clean(text).split()
    out = []
    changed = False
    for w in words:
        v = parse_number(w) if w.isalpha() and w not in _NOT_NUMBERS else None
        if v is not None and v == v.to_integral_value() and v >= 2:
            out.append(str(int(v)))
            changed = True
        elif v is not None and v > 1:  # "dreieinhalb" → "3,5" (H-Milch 3,5 %)
            out.append(format(v.normalize(), "f").replace(".", ","))
            changed = True
        else:
            out.append(w)
    if not changed:
        return []
    alt = " ".join(out)
    return [alt] + [a for a in synonym_variants(alt) if a != alt]


LEXICON_ONLY_BELOW = 90.0
_MADE_OF = re.compile(r"^(?P<before>.*?)(?P<goods>\w+) aus (?P<material>\w+)$")


def _material_first(text: str) -> list[str]:
    """"ein Vollkornbrot aus Roggen", "Brot aus Dinkel": as the catalog names it, material first."""
    m = _MADE_OF.match(fold(text).strip())
    if m is None or len(m.group("material")) < 4:
        return []
    return [f"{m.group('before')}{m.group('material')}{m.group('goods')}".strip()]


def _word_of(key: str, index: CatalogIndex) -> bool:
    """A word of the catalog, or the last part of one ("wasser" of "mineralwasser")."""
    return len(key) >= 4 and (key in index.by_word or any(True for _ in index.keys_with_suffix(key, limit=1)))


def _glued_words(text: str, index: CatalogIndex) -> list[str]:
    """A word typed or heard glued that is two words of the catalog: "wasserstill" → "wasser still"."""
    out = []
    words = fold(text).split()
    for i, word in enumerate(words):
        if len(word) < 8 or stem(word) in index.by_key:
            continue
        for cut in range(3, len(word) - 2):
            head, tail = stem(word[:cut]), stem(word[cut:])
            if _word_of(head, index) and _word_of(tail, index):
                out.append(" ".join([*words[:i], word[:cut], word[cut:], *words[i + 1:]]))
                break
    return out


_VOWELS_ONLY = frozenset("aeiou")


def _typos(text: str) -> list[str]:
    """The commonest typing slips in a word: a doubled vowel typed once ("kaffe", "tee" typed
    "te"), a letter typed twice ("kafffee")."""
    words = fold(text).split()
    out = []
    for i, w in enumerate(words):
        if len(w) < 4 or not w.isalpha():
            continue
        forms = []
        if w[-1] in _VOWELS_ONLY and w[-2] not in _VOWELS_ONLY:
            forms.append(w + w[-1])
        forms += [w[:k] + w[k + 1:] for k in range(1, len(w)) if w[k] == w[k - 1] and (k < 2 or w[k] != w[k - 2])]
        out += [" ".join([*words[:i], f, *words[i + 1:]]) for f in forms]
    return out[:6]


def _regional_sounds(text: str, index: CatalogIndex) -> list[str]:
    """Words said with a regional sound where the catalog has the standard word: "honich" →
    "honig", "Kochkäs" → "kochkäse", "Ribbche" → "rippchen" (nlu.resolution.sounds)."""
    def known(word: str) -> bool:
        key = stem(fold(word))
        return len(key) >= 4 and (key in index.by_key or key in index.by_word
                                  or any(True for _ in index.keys_with_suffix(key, limit=1))
                                  or lexicon().is_goods(word))  # "Fannkuchen": the lexicon's Pfannkuchen

    def known_form(word: str) -> bool:
        # "Oier": the lexicon's Eier, although its stem ("ei") is too short to look up
        return known(word) or (len(word) >= 4 and lexicon().is_goods(word))

    words = fold(text).split()
    said = clean(text).split()
    if len(said) != len(words):
        return []
    forms = [[f for f in respellings(w) if known_form(f)] if w.isalpha() and not known(w) else [] for w in said]
    if not any(forms):
        return []
    # every word at its nearest known form; then each other known form of one word alone
    # ("ribbche": "rippche" and "rippchen" both stem alike, only the second is the shop's word)
    out = [" ".join(fold(f[0]) if f else w for f, w in zip(forms, words, strict=True))]
    for i, options in enumerate(forms):
        out += [" ".join([*words[:i], fold(o), *words[i + 1:]]) for o in options[1:3]]
    return out


def _joined_words(text: str, index: CatalogIndex) -> list[str]:
    """Two words heard apart that the catalog writes as one: "sauer kraut", "hefe zopf"."""
    words = fold(text).split()
    out = []
    for i in range(len(words) - 1):
        if len(words[i]) < 3 or len(words[i + 1]) < 3:
            continue
        joined = stem(words[i] + words[i + 1])
        if joined in index.by_key or joined in index.by_word:
            out.append(" ".join([*words[:i], words[i] + words[i + 1], *words[i + 2:]]))
    return out


def _compounds_said_apart(text: str, index: CatalogIndex) -> list[str]:
    """A compound said as its head and, later, its modifier: "Forellen frisch (Regenbogen)" →
    "regenbogenforellen frisch", "Linsen von der Alb" → "alblinsen". Only compounds the catalog has."""
    words = fold(text).split()
    if not 2 <= len(words) <= 6:
        return []
    out = []
    for i, head in enumerate(words):
        for j in range(i + 1, len(words)):
            modifier = words[j]
            if len(head) < 3 or len(modifier) < 3:
                continue
            for link in ("", "n", "s", "en"):  # "Kaviar von der Forelle": Forelle-n-kaviar
                glued = stem(modifier + link + head)
                if glued in index.by_word or glued in index.by_key:
                    rest = [w for k, w in enumerate(words) if k not in (i, j)]
                    out.append(" ".join([modifier + link + head, *rest]))
                    break
    return out


def lexicon_variants(text: str, index: CatalogIndex) -> list[str]:
    """The query in the catalog's words where the lexicon knows the resident's: "schrippen" →
    "brötchen" in a catalog that has Brötchen (only replacements the catalog has are tried)."""
    def known(word: str) -> bool:
        key = stem(word)
        return key in index.by_key or any(True for _ in index.keys_with_prefix(key, limit=1)) \
            or ((len(key) >= 5 or lexicon().is_goods(key)) and any(True for _ in index.keys_with_suffix(key, limit=1)))  # "Röstkaffee", "Hofsenf"

    if _names_shop_word(text, index):
        return []  # "Wienker" is a shop, not a misspelt "Wiener"
    return lexicon().variants(text, known)


# words parse_number reads as numbers that are also product words
_NOT_NUMBERS = frozenset({"viertel", "achtel", "halb", "halbe", "halben", "halber", "halbes", "dutzend"})


def _compute_item_scores(text: str, index: CatalogIndex) -> tuple[dict[int, tuple[float, str]], dict[int, float]]:
    scores, sugg = _scores_of_text(text, index)
    # "gehacktes" → "hackfleisch", "achtundzwanzig zoll" → "28 zoll"; a little below the original
    # the lexicon's words only where the resident's own words found nothing sure: "Vollkornbrot"
    # said in a shop that sells one is that bread, not whatever else the lexicon groups with it
    sure = max((sc for sc, _ in scores.values()), default=0.0) >= LEXICON_ONLY_BELOW
    if not sure:
        extra = _glued_words(text, index) + _compounds_said_apart(text, index)  # "wasserstill" → "wasser still"
        extra += _typos(text)  # "kaffe" → "kaffee"
        sounds = _regional_sounds(text, index)  # "akazien honich" → "akazien honig"
        extra += sounds
        extra += _material_first(text)  # "Vollkornbrot aus Roggen" → "Roggenvollkornbrot"
    else:
        extra = []
    extra += _joined_words(text, index)  # "sauer kraut": a split compound the catalog has, sure or not
    # Another word for the goods does not beat a product whose name has the very words said:
    # "Apfelsaft" is "Apfelsaft naturtrüb, Kasten" before the "Apfelmost" the lexicon also calls
    # so, "Schwarzbrot" the "Schwarzbrot (Roggenvollkornbrot)" before the "Landbrot".
    said_words = {w for w in fold(text).split() if len(w) >= 3}
    named = [sc for pos, (sc, _) in scores.items()
             if said_words and said_words <= set(re.findall(r"\w+", fold(index.items[pos].name)))]
    cap = max(named) - TIE_MARGIN - 0.5 if named else None
    synonyms, lexicon_words = synonym_variants(text), ([] if sure else lexicon_variants(text, index))
    if not sure:  # a regional sound undone may give the lexicon's word: "Fefferkuchen" → Lebkuchen
        lexicon_words += [v for form in sounds for v in lexicon_variants(form, index) if v not in lexicon_words]
    other_words = set(synonyms) | set(lexicon_words)
    for alt in synonyms + _number_variants(text) + extra + lexicon_words:
        s2, g2 = _scores_of_text(alt, index)
        for pos, (sc, kind) in s2.items():
            sc -= 1.0
            if cap is not None and alt in other_words and pos not in scores:
                sc = min(sc, cap)
            if sc > scores.get(pos, (0.0, ""))[0]:
                scores[pos] = (sc, kind)
        for pos, sc in g2.items():
            sugg[pos] = max(sugg.get(pos, 0.0), sc)
    return scores, sugg


_COMES_WITH = re.compile(r"\b(?:mit|ohne)\b")
_MEASURE_WORDS = frozenset("g gr kg l ml cl cm mm m stuck stk st er".split())


def _only_measure(words: set[str]) -> bool:
    """Whether the words are only a printed size ("500", "g")."""
    return all(w.isdigit() or w in _MEASURE_WORDS for w in words)


def _only_what_it_comes_with(words: Iterable[str], entry: Entry) -> bool:
    """Whether the words said are only what the goods come with ("Ei" of "Bandnudeln mit Ei"),
    none of the goods themselves."""
    goods = _goods_before_mit(entry.text)
    return bool(goods) and not (set(words) & goods)


@functools.lru_cache(maxsize=4096)
def _goods_before_mit(name: str) -> frozenset[str]:
    """The word keys of a name before its "mit"/"ohne" ("Bandnudeln mit Ei" → bandnudel); empty
    without one. Cached: it is asked in the scoring loop, for the same names again and again."""
    folded = fold(name)
    found = _COMES_WITH.search(folded)
    return frozenset(stem(w) for w in folded[:found.start()].split()) if found else frozenset()


def _scores_of_text(text: str, index: CatalogIndex) -> tuple[dict[int, tuple[float, str]], dict[int, float]]:
    entries, cat_hits = _score_entries(text, index)
    scores: dict[int, tuple[float, str]] = {}
    sugg: dict[int, float] = {}
    for pos in cat_hits:
        scores[pos] = (80.0, "category")
    for eid, c in entries.items():
        e = index.entries[eid]
        resolving = c.score
        if c.relation and c.kind in ("fuzzy", "phonetic", ""):
            resolving = 0.0  # a modifier/broader relation beats any fuzzy similarity
        for pos in e.items:
            if resolving > 0:
                if resolving > scores.get(pos, (0.0, ""))[0]:
                    scores[pos] = (resolving, c.kind)
            s = max(c.rel_score, c.score if c.kind in ("fuzzy", "phonetic") else 0.0)
            if s > sugg.get(pos, 0.0):
                sugg[pos] = s
    return scores, sugg


def _normalize_hint(shop_hint: str | Iterable[str] | ShopMatch | None) -> set[str] | None:
    if shop_hint is None:
        return None
    if isinstance(shop_hint, str):
        return {shop_hint}
    if isinstance(shop_hint, ShopMatch):
        return set(shop_hint.shop_ids) or None
    s = set(shop_hint)
    return s or None


_VERBS_OF_ORDERING = ("bestellen", "bestelle", "bestellung", "liefern", "abholen", "brauchen", "brauche",
                      "brauchte", "mochte", "mochten", "hatte", "hatten", "notieren")


def _slip_of_a_verb(word: str) -> bool:
    """"bestelen", "bestelln", "liefer": a verb of ordering with one letter left out, added or changed."""
    return len(word) >= 6 and any(Levenshtein.distance(word, verb, score_cutoff=1) <= 1 for verb in _VERBS_OF_ORDERING)


_VERBS_NAMING_NOTHING = frozenset("machen mache macht machst gemacht tun tut haben hat hab".split())


def match_product(
    text: str | None,
    index: CatalogIndex,
    shop_hint: str | Iterable[str] | ShopMatch | None = None,
) -> Match:
    """Resolve a product text ("zwei liter milch" → the product part "milch") to a catalog item."""
    found = _match_product(text, index, shop_hint)
    if isinstance(found, Resolved) and found.kind == "head" and text and len(text.split()) == 1 \
            and any(g.attribute for g in lexicon().groups_of(text)):
        # "das Haus mit dem grünen Zaun": a colour alone is no "Tannengrün", only the end of its name
        return NotFound(text, (), f"{_display(text)} habe ich leider nicht im Angebot.")
    if isinstance(found, NotFound) and text:
        # "drei Pfund Äppel, die sauren Boskop": a describing word the catalog does not use
        # ("sauren") keeps the goods it describes from being found; without it they are
        plain = _without_unknown_describing_words(text, index)
        if plain != text:
            again = _match_product(plain, index, shop_hint)
            if isinstance(again, Resolved):
                return again
    return found


_ADJECTIVE_END = re.compile(r"(?:e|en|er|es|em)$")


def _without_unknown_describing_words(text: str, index: CatalogIndex) -> str:
    """``text`` without the adjectives (by their ending) that no catalog name uses and that name
    no goods or kind the lexicon knows; ``text`` itself where none or nothing else is left."""
    words = text.split()
    kept = [w for w in words if not _unknown_describing_word(w, index)]
    return " ".join(kept) if kept and len(kept) < len(words) else text


def _unknown_describing_word(word: str, index: CatalogIndex) -> bool:
    """"sauren" (Boskoop): an adjective's ending, and no word of the catalog or the lexicon; not a
    noun the catalog knows the start of ("Matjes" of "Matjesfilet") or the end of ("Franzbrötchen")."""
    folded = fold(word)
    if len(folded) < 4 or not _ADJECTIVE_END.search(folded) or not word[:1].islower():
        return False
    key = stem(folded)
    if key in index.by_word or folded in index.by_word or lexicon().groups_of(word) or lexicon().is_goods(word):
        return False
    if any(True for _ in index.keys_with_prefix(key, limit=1)) or any(True for _ in index.keys_with_suffix(key, limit=1)):
        return False  # the start or the end of a word of the catalog ("Anzünder" of "Grillanzünder")
    return not any(folded[i:] in index.by_key or folded[i:] in index.by_word for i in range(2, len(folded) - 3))


def _match_product(
    text: str | None,
    index: CatalogIndex,
    shop_hint: str | Iterable[str] | ShopMatch | None,
) -> Match:
    if not text or not key_variants(text):
        return NotFound(text or "", (), "Welches Produkt meinen Sie?")
    if not any(len(w) >= 3 or w.isdigit() or w in index.by_key for w in fold(text).split()):
        # "s in" (left of "hol ich's in …"): scraps of words name no goods; no guess from them
        return NotFound(text, (), "Welches Produkt meinen Sie?")
    if all(_slip_of_a_verb(w) and stem(w) not in index.by_word and not lexicon().is_goods(w)
           for w in fold(text).split()):
        # "ich möchte für die Woche bestelen": a verb mistyped, no goods (not "Eiswürfel, 2-kg-Beutel")
        return NotFound(text, (), "Welches Produkt meinen Sie?")
    if set(fold(text).split()) <= _VERBS_NAMING_NOTHING:
        # "den Balkon herbstlich machen" left "machen": the end of "Schlüssel nachmachen", no goods
        return NotFound(text, (), "Welches Produkt meinen Sie?")
    hint = _normalize_hint(shop_hint)
    scores, sugg = _item_scores(text, index)
    items = index.items

    good = {p: s for p, s in scores.items() if s[0] >= RESOLVE_MIN}
    if hint:
        in_hint = {p: s for p, s in good.items() if items[p].shop_id in hint}
        # a vague guess at the hinted shop does not beat a clear match elsewhere
        if in_hint:
            hinted_best = max(s for s, _ in in_hint.values())
            best_anywhere = max(s for s, _ in good.values())
            # the goods named by their very name elsewhere beat a guess at the shop carried along
            # ("… von der Sennerei sowie 2 Pck. Eierspätzle": the Dorfladen's Eierspätzle)
            named_kinds = {k for s, k in good.values() if s == best_anywhere}
            guessed_kinds = {k for s, k in in_hint.values() if s == hinted_best}
            named_elsewhere = best_anywhere > hinted_best and named_kinds & {"exact", "alias", "words"} \
                and guessed_kinds <= {"head", "fuzzy", "phonetic", "category"} \
                and not any(_shares_a_content_word(text, items[p]) for p, (s, _) in in_hint.items()
                            if s == hinted_best)  # "Eier" is the end of the shop's own "Freilandeier"
            if (hinted_best >= 84 or hinted_best >= best_anywhere - 10) and not named_elsewhere:
                good = in_hint
    if not good:
        return _not_found(text, index, sugg, hint)

    best = max(s for s, _ in good.values())
    # misheard words: the whole alias "Spätburgunder" (74.8) beats one word of "Spätburgunder
    # Rosé" with an extra word (71.8), so fuzzy guesses tie a little more narrowly
    margin = FUZZY_TIE_MARGIN if all(k in ("fuzzy", "phonetic") for s, k in good.values() if s == best) \
        else TIE_MARGIN
    top = [p for p, (s, _) in good.items() if s >= best - margin]
    # exact/alias beats everything below it even within the margin
    if best >= 98:
        top = [p for p in top if good[p][0] >= 98]
    # prefer an available item over a sold-out one of the same name (same product, other shop)
    nk = index.name_keys
    avail_names = {nk[p] for p in top if items[p].available}
    top = [p for p in top if items[p].available or nk[p] not in avail_names]
    if len(top) > 60:  # a very generic word ("käse" in a big catalog): keep the question small
        top = sorted(top, key=lambda p: (-good[p][0], not items[p].available, len(items[p].name)))[:60]
    top.sort(key=lambda p: (-good[p][0], items[p].name, index.shop_name(items[p].shop_id)))
    if best < 90 and all(good[p][1] in ("fuzzy", "phonetic") for p in top) and _names_shop_word(text, index) \
            and match_shop(text, index, strict=True) is not None:
        # a shop's name is no misheard product: "wienker" is not "Wiener Würstchen"
        return _not_found(text, index, {}, hint)
    shared = [p for p in top if good[p][1] != "words" or _shares_a_content_word(text, items[p])]
    if len(shared) < len(top) and not lexicon().variants(text) \
            and not any(lexicon().variants(form) for form in _regional_sounds(text, index)):
        top = shared  # the lexicon is asked only where a match would go (it may have found it)
    if not top:
        return _not_found(text, index, sugg, hint)  # "am in" shares only "in" with "Gouda in Scheiben"
    if len(top) == 1:
        s, kind = good[top[0]]
        if kind == "phonetic" and s < _SURE_BY_SOUND:
            # "Landpartie" sounds a little like "Landbrot": a guess by sound alone is asked, never added
            return Ambiguous((items[top[0]],), f"Meinten Sie {items[top[0]].name}?", by_shop=False)
        if kind == "category" and not lexicon().is_goods(text):
            # "n Geschenk" is a shop's category, not goods: the one product in it is asked about
            return Ambiguous((items[top[0]],), f"Meinten Sie {items[top[0]].name}?", by_shop=False)
        return Resolved(items[top[0]], round(s, 1), kind)
    return ambiguous([items[p] for p in top], index)


# Below this a match found only by how the words sound is a question, not goods in the cart.
_SURE_BY_SOUND = 70.0

_FUNCTION_WORDS = frozenset("in im am an auf aus mit von vom zu zum zur und oder der die das den dem des ein eine "
                            "einen einem einer für fur nach bei beim".split())


def _shares_a_content_word(text: str, item: CatalogItem) -> bool:
    """Whether a word said that is not a function word is (the start or end of) a word of the item."""
    def plain(t: str) -> list[str]:  # "spaetburgunder" typed for "Spätburgunder"; stemmed and as said
        words = [re.sub(r"(?<=[aou])e", "", w) for w in fold(t).replace(",", " ").replace("-", " ").split()
                 if w not in _FUNCTION_WORDS]
        return words + [stem(w) for w in words]
    said = [w for w in plain(text) if len(w) >= 2]
    said += [fold(r) for w in said for r in respellings(w)]  # "Ribbche" shares "Rippchen" said with a Hessian sound
    words = plain(f"{item.name} {' '.join(item.aliases)}")
    return any(s[:4] and (w.startswith(s[:4]) or (len(s) >= 3 and w.endswith(s)) or s.startswith(w[:4]))
               for s in said for w in words)


def ambiguous(cands: list[CatalogItem], index: CatalogIndex) -> Ambiguous:
    """The question for several candidates: which shop, which size, or which product."""
    names: dict[str, list[CatalogItem]] = {}
    for it in cands:
        names.setdefault(fold(it.name), []).append(it)
    if len(names) == 1:
        name = cands[0].name
        shops = list(dict.fromkeys(index.shop_name(it.shop_id) for it in cands))
        if len(shops) == 1:
            # one shop, one name, several sizes: never "von welchem Hof?"
            return Ambiguous(tuple(cands), size_question(cands), by_shop=False)
        listed = [shop_dative(s) for s in shops[:MAX_CHOICES]]
        if len(shops) > MAX_CHOICES:
            q = (f"{name} gibt es bei mehreren Geschäften, zum Beispiel {join_and(listed)}. "
                 f"{_which_shop_question(shops)}")
        else:
            q = f"{name} gibt es {join_and(listed)}. {_which_shop_question(shops)}"
        return Ambiguous(tuple(cands), q, by_shop=True)
    labels = []
    for group in names.values():
        it = group[0]
        if len(group) == 1 and len(names) <= MAX_CHOICES and any(
            len(g) > 1 for g in names.values()
        ):
            labels.append(f"{it.name} {shop_from(index.shop_name(it.shop_id))}")
        else:
            labels.append(it.name)
    shown = labels[:MAX_CHOICES]
    if len(labels) > MAX_CHOICES:
        q = f"Da gibt es mehrere: {', '.join(shown)} und weitere. Welches meinen Sie?"
    else:
        q = f"Meinten Sie {join_or(shown)}?"
    return Ambiguous(tuple(cands), q, by_shop=False)


def size_question(cands: list[CatalogItem] | tuple[CatalogItem, ...]) -> str:
    """"Möchten Sie die 6er oder die 10er Packung?" – same product of one shop in several sizes."""
    sized = sorted(cands, key=lambda it: (parse_size(it.size) or (Decimal(0), ""))[0])
    labels = {it.label or "" for it in sized}
    sizes = [parse_size(it.size) for it in sized]
    if _all_known(sizes) and all(sz[1] == "piece" for sz in sizes) and len(labels) == 1:
        lab = next(iter(labels)) or "Packung"
        return f"Möchten Sie {join_or([f'die {format_amount(sz[0])}er' for sz in sizes])} {lab}?"
    parts = []
    for it, sz in zip(sized, sizes):
        lab = it.label or "Stück"
        parts.append(f"{_article(lab)} {lab} mit {_measure(*sz)}" if sz else it.name)
    return f"Möchten Sie {join_or(parts)}?"


def _article(label: str) -> str:
    return "den" if label in ("Laib", "Becher", "Topf", "Beutel", "Ring", "Sack", "Korb", "Bund", "Karton",
                              "Kasten") else "das" if label in ("Glas", "Stück", "Netz", "Paar") else "die"


def _not_found(text: str, index: CatalogIndex, sugg: dict[int, float], hint: set[str] | None) -> NotFound:
    items = index.items
    order = sorted(sugg, key=lambda p: (-(sugg[p] + (5 if hint and items[p].shop_id in hint else 0)),
                                        not items[p].available, items[p].name))
    picked: list[CatalogItem] = []
    seen: set[str] = set()
    for p in order:
        if sugg[p] < 50:
            break
        k = fold(items[p].name)
        if k in seen:
            continue
        seen.add(k)
        picked.append(items[p])
        if len(picked) == 3:
            break
    disp = _display(text)
    if picked:
        q = f"{disp} habe ich leider nicht gefunden. Meinten Sie {join_or([i.name for i in picked])}?"
    else:
        q = f"{disp} habe ich leider nicht im Angebot."
    return NotFound(text, tuple(picked), q)


# ---- shop matching -----------------------------------------------------------------------------

_SHOP_STOP = {
    "vom", "von", "beim", "bei", "der", "die", "das", "dem", "den", "des", "aus", "im", "in", "zum",
    "zur", "am", "an", "auf", "aufm", "aufn", "ins", "vor", "laden", "geschaft", "firma", "familie", "herrn",
    "uber", "als", "fur", "furs", "mit", "ohne", "nach", "bis",
    "herr", "frau", "bitte", "gern", "gerne", "und", "dort", "da", "ihrem", "ihr", "unserem",
    "unser", "unsere", "meinem", "mein", "meine", "naturlich", "auch", "eigentlich", "halt",
}


def _names_shop_word(text: str, index: CatalogIndex) -> bool:
    """Cheap pre-check: some word of the text is a word of a shop's name (cached per index)."""
    sw = index.__dict__.get("_shop_words")
    if sw is None:
        # "und" of "Imkerei und Obsthof Ziesche" names no shop
        sw = index.__dict__["_shop_words"] = frozenset(w for s in index.shops.values() for w in s.words
                                                       if w not in _FUNCTION_WORDS and len(w) > 2)
    return not sw.isdisjoint(fold(text).split())


@dataclass(frozen=True)
class ShopMatch:
    """Shops a text names: one (``unique``) or several (a kind word: "vom metzger")."""

    shop_ids: tuple[str, ...]
    score: float
    kind: str  # "name" | "kind"
    text: str = ""

    @property
    def unique(self) -> bool:
        return len(self.shop_ids) == 1

    @property
    def shop_id(self) -> str | None:
        return self.shop_ids[0] if len(self.shop_ids) == 1 else None


_DIGRAPHS = re.compile(r"ae|oe|ue")


def _word_sim(q: str, w: str, qph: str, wph: str) -> float:
    if q == w:
        return 1.0
    if len(q) < 4 or len(w) < 4:
        # "hip" for "Hipp", "zeh" for "Zeeh": a short name heard with a letter more or less
        return 0.85 if min(len(q), len(w)) >= 3 and qph and qph == wph and abs(len(q) - len(w)) == 1 \
            and (w.startswith(q) or q.startswith(w)) else 0.0
    r = fuzz.ratio(q, w)
    if r >= 85:
        return 0.9
    if qph and qph == wph and r >= 65:
        return 0.85
    return 0.0


_SHOP_WORD_TAIL = re.compile(r"(?<=\w{4})(?:laden|geschaft|handlung)$")


def match_shop(text: str | None, index: CatalogIndex, strict: bool = False) -> ShopMatch | None:
    """Which shop(s) a text names: "vom hof schulze", "beim schulze", "bei terstegen",
    "vom metzger" (kind word → all shops of that kind; unique when only one). None when the
    text names no known shop ("vom hof meier" when there is no Hof Meier). ``strict``: every
    word must belong to the shop (used when cutting shop phrases out of a longer text)."""
    kinds = shop_kind_words()
    # "vom Eisenwarenladen": the trade, glued to the word for a shop ("Blumenladen", a kind word,
    # and "vom Dorfladen" where a shop is called so stay as they are)
    words = [_SHOP_WORD_TAIL.sub("", w) if _SHOP_WORD_TAIL.search(w) and w not in kinds
             and not any(w in shop.words for shop in index.shops.values()) else w
             for w in fold(text).split()]  # (the shops are looked through only for a word that ends so)
    words = [w for w in words if w not in _SHOP_STOP]
    if not words:
        return None
    words = [w if w in kinds else _DIGRAPHS.sub(lambda m: m.group(0)[0], w) if _DIGRAPHS.sub(
        lambda m: m.group(0)[0], w) in kinds else w for w in words]  # "baecker" → "backer"
    generic = {w for w in words if w in kinds}
    content = [w for w in words if w not in generic]

    by_name = _shop_by_name(words, content, generic, kinds, index, strict, text)
    if by_name is not None:
        return by_name if by_name.shop_ids else None
    if content and not generic:
        return None
    if generic:
        wanted = {kinds[g] for g in generic}
        ids = tuple(sorted((sid for sid, s in index.shops.items() if wanted & s.kinds),
                           key=lambda s: index.shop_name(s)))
        if ids and not content:
            # "vom Bäcker" is the bakery, not the village store that also sells bread
            markers = {m for g in generic for m in _KIND_MARKERS.get(kinds[g], ())} | generic
            exact = tuple(sid for sid in ids if generic & set(fold(index.shop_name(sid)).split()))
            named = tuple(sid for sid in ids if any(w.endswith(m) for w in fold(index.shop_name(sid)).split()
                                                   for m in markers))
            return ShopMatch(exact or named or ids, 0.5, "kind", text or "")
        if not ids and not content:
            # a trade no shop of the region is known for by its kind, said as its name: the
            # shop called "Mühle" (a word the trade list also knows)
            found = _shop_by_name(words, list(generic), set(), kinds, index, strict, text)
            return found if found is not None and found.shop_ids else None
    return None


def _shop_by_name(words: list[str], content: list[str], generic: set[str], kinds: dict[str, str],
                  index: CatalogIndex, strict: bool, text: str | None) -> ShopMatch | None:
    """The shops whose name words match ``content``: a match, an empty match (a name was said
    and fits no shop well enough), or None (no shop shares a word)."""
    best: dict[str, float] = {}
    unmatched_of: dict[str, int] = {}
    if content:
        qph = {w: phonetic(w) for w in content}
        for sid, shop in index.shops.items():
            total = 0.0
            unmatched = 0
            for q in content:
                sim = max((_word_sim(q, w, qph[q], ph) for w, ph in zip(shop.words, shop.phon)), default=0.0)
                total += sim
                unmatched += sim == 0.0
            joined = "".join(words)
            if joined in shop.compacts:
                total = max(total, len(content) + 0.5)
            elif len(content) > 1:
                # a name said in pieces: "berg told" is Berktold, "bieder stedt" Biederstedt
                glued = "".join(content)
                sim = max((_word_sim(glued, w, phonetic(glued), ph) for w, ph in zip(shop.words, shop.phon)),
                          default=0.0)
                if sim * len(content) > total:
                    total, unmatched = sim * len(content), 0 if sim > 0 else unmatched
            if any(words[i] + words[i + 1] in shop.words for i in range(len(words) - 1)):
                # "vom forellen hof" is the Forellenhof: a name word the recogniser split in two
                total, unmatched = max(total, len(content) + 0.5), 0
            if total > 0:
                for g in generic:
                    if g in shop.words or kinds[g] in shop.kinds:
                        total += 0.5
                best[sid] = total
                unmatched_of[sid] = 0 if joined in shop.compacts else unmatched
    if best:
        top = max(best.values())
        ids = tuple(sorted((s for s, v in best.items() if v >= top - 0.05),
                           key=lambda s: index.shop_name(s)))
        unmatched = unmatched_of.get(ids[0], len(content))
        # content words that match nothing make a name match doubtful: "hof schulze ein kilo"
        if unmatched > (0 if strict else max(0, len(content) - 2)) or top < 0.85:
            return ShopMatch((), 0.0, "name", text or "")
        return ShopMatch(ids, round(top, 2), "name", text or "")
    return None
