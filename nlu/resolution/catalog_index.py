"""In-memory index of the live catalog for product and shop matching.

The caller (who owns the database) builds a :class:`CatalogIndex` from :class:`CatalogItem`
rows and rebuilds it whenever the catalog's revision changes, so a product added a minute ago
matches at once. Building is pure Python and takes about a second for 100 000 items.

What is precomputed, per distinct name or alias ("entry"):

* the compact key (``normalize.compact_key``) – split and merged compounds are equal there;
* the stemmed word keys (``normalize.key_tokens``);
* the Kölner Phonetik code of the compact key and of each word.

Lookup structures: compact key → entries, word key → entries (inverted index), phonetic code →
entries, and sorted forward / reversed key lists so that "which keys start / end with this
string" (compound modifier / compound head) is a bisect, not a scan. Fuzzy matching runs
``rapidfuzz.process.extract`` only over the distinct compact keys and word keys, never over
the items.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import cologne_phonetics

from .normalize import compact_key, fold
from .normalize import keys as _keys

__all__ = ["CatalogItem", "CatalogIndex", "Entry", "ShopInfo", "first_letter_group", "items_from_catalog",
           "phonetic", "shop_kind_words"]


@dataclass(frozen=True)
class CatalogItem:
    shop_id: str
    shop_name: str
    product_id: str
    name: str
    aliases: tuple[str, ...]
    category: str | None
    unit: str  # "piece" | "kg" | "l"
    label: str | None  # what one piece is called when spoken: Flasche, Packung, Laib …
    size: str | None  # "1 l", "250 g", "0,75 l", "6 Stück", "10er"
    price_cents: int
    is_service: bool = False
    available: bool = True


@dataclass(frozen=True)
class ShopInfo:
    shop_id: str
    name: str
    kind: str | None = None  # retailer | direct_marketer | service_provider (catalog.md)
    aliases: tuple[str, ...] = ()


@dataclass
class Entry:
    """One distinct spelling (a product name or alias) and the items it names."""

    compact: str
    words: tuple[str, ...]
    text: str  # display form of the first name/alias with this key
    items: list[int] = field(default_factory=list)  # item positions in CatalogIndex.items
    alias_of: list[bool] = field(default_factory=list)  # parallel: True where it is an alias


_PHON_CACHE: dict[str, str] = {}


# Fuzzy search scans all distinct names up to this many; above, only the names whose first
# letter sounds alike and whose length fits (see CatalogIndex.fuzzy_pool).
FULL_SCAN_MAX = 15_000

_LETTER_GROUPS = {}
for _group in ("aeiouy", "bp", "dt", "fvw", "gkcq", "sz", "j", "h", "l", "m", "n", "r", "x"):
    for _ch in _group:
        _LETTER_GROUPS[_ch] = _group[0]


def first_letter_group(key: str) -> str:
    """Sound group of a key's first letter (b/p, d/t, f/v/w, g/k/c/q, s/z, vowels …): misheard
    words keep it far more often than not, so fuzzy search in big catalogs is blocked by it."""
    return _LETTER_GROUPS.get(key[:1], key[:1]) if key else ""


def items_from_catalog(data: dict) -> tuple[list[CatalogItem], list[ShopInfo]]:
    """CatalogItems and ShopInfos from a parsed ``kiepe-catalog/1`` document (shared/formats/
    catalog.md). Validation is the importer's job; this only maps fields. Services become
    ``is_service`` piece items; an optional ``available: false`` on a product is honoured."""
    items: list[CatalogItem] = []
    shops: list[ShopInfo] = []
    for shop in data.get("shops") or ():
        sid, sname = str(shop["id"]), str(shop["name"])
        shops.append(ShopInfo(sid, sname, shop.get("kind"), tuple(shop.get("aliases") or ())))
        for p in shop.get("products") or ():
            items.append(CatalogItem(
                sid, sname, str(p["id"]), str(p["name"]), tuple(str(a) for a in p.get("aliases") or ()),
                p.get("category"), str(p.get("unit", "piece")), p.get("label"),
                None if p.get("size") is None else str(p.get("size")),
                _cents(p.get("price", "0")), False, bool(p.get("available", True)),
            ))
        for sv in shop.get("services") or ():
            items.append(CatalogItem(
                sid, sname, str(sv["id"]), str(sv["name"]), tuple(str(a) for a in sv.get("aliases") or ()),
                sv.get("category"), "piece", None, None, _cents(sv.get("price", "0")), True,
                bool(sv.get("available", True)),
            ))
    return items, shops


def _cents(price: object) -> int:
    from decimal import Decimal

    return int((Decimal(str(price)) * 100).to_integral_value())


def phonetic(text: str) -> str:
    """Kölner Phonetik (``cologne_phonetics.encode``) of a folded string, word codes concatenated.

    Memoised across index builds, so a rebuild after a catalog change only encodes new names."""
    if not text:
        return ""
    c = _PHON_CACHE.get(text)
    if c is None:
        c = "".join(code for _, code in cologne_phonetics.encode(text))
        if len(_PHON_CACHE) > 1_000_000:
            _PHON_CACHE.clear()
        _PHON_CACHE[text] = c
    return c


# Words in shop names / product categories that say what kind of shop it is. A spoken kind word
# ("vom metzger") maps to every shop having one of the kind's markers in its name or among its
# product categories.
_KINDS: dict[str, tuple[str, ...]] = {
    "metzger": ("metzger", "metzgerei", "fleischer", "fleischerei", "schlachter", "schlachterei",
                "fleisch", "wurst", "wurstwaren", "fleischwaren"),
    "backer": ("backer", "backerei", "backstube", "backhaus", "brot", "backwaren", "brotchen"),
    "hof": ("hof", "hofladen", "bauernhof", "biohof", "obsthof", "gemusehof", "milchhof", "landwirt"),
    "kaserei": ("kaserei", "kase", "kasehandel", "kaseladen"),
    "winzer": ("winzer", "weingut", "weinhandel", "wein", "weinhandlung"),
    "getranke": ("getranke", "getrankemarkt", "getrankehandel"),
    "imker": ("imker", "imkerei", "honig"),
    "fisch": ("fisch", "raucherei", "fischer", "fischhandel", "fischerei", "fischhandler", "fischzucht",
              "teichwirtschaft", "forellenzucht", "karpfenteich"),
    "gartnerei": ("gartnerei", "blumen", "gartner", "pflanzen", "florist", "floristik", "blumenhaus",
                  "blumenladen", "blumengeschaft", "blumenstube", "blumenhandel"),
    "obst": ("obst", "gemuse", "obsthandel", "obstbau"),
    "bio": ("naturkost", "bioladen", "biomarkt", "reformhaus", "unverpackt"),
    "laden": ("dorfladen", "laden", "kaufladen", "markt", "lebensmittel", "krämer", "kramer"),
    "molkerei": ("sennerei", "molkerei", "kaserei", "alpe", "kase"),
    "apotheke": ("apotheke",),
    "konditorei": ("konditorei", "konditor", "cafe", "torten", "kuchen"),
    "wochenmarkt": ("marktstand", "wochenmarkt", "markthalle"),
    # "von der Mühle", "bei der Mosterei", "vom Eisenwaren": the trade in the shop's name
    "muhle": ("muhle", "mulerei", "mehl"),
    "mosterei": ("mosterei", "kelterei", "saftkelterei", "brennerei"),
    "eisenwaren": ("eisenwaren", "haushaltswaren", "eisenwarenhandlung"),
}
_KIND_ALIASES = {
    "metzger": "metzger", "metzgerei": "metzger", "fleischer": "metzger", "fleischerei": "metzger",
    "schlachter": "metzger", "schlachterei": "metzger", "schlachters": "metzger", "metzgers": "metzger",
    "backer": "backer", "backerei": "backer", "backers": "backer", "backstube": "backer",
    "hof": "hof", "hofladen": "hof", "bauernhof": "hof", "bauer": "hof", "bauern": "hof", "biohof": "hof",
    "landwirt": "hof",
    "kaserei": "kaserei", "kasehandler": "kaserei", "kaseladen": "kaserei",
    "winzer": "winzer", "weingut": "winzer", "weinhandler": "winzer", "weinhandlung": "winzer",
    "getrankemarkt": "getranke", "getrankehandel": "getranke", "getrankehandler": "getranke",
    "imker": "imker", "imkerei": "imker",
    "fischer": "fisch", "fischhandler": "fisch", "fischladen": "fisch", "fischhandel": "fisch",
    "raucherei": "fisch", "fischraucherei": "fisch", "raucher": "fisch", "fischzucht": "fisch",
    "gartnerei": "gartnerei", "gartner": "gartnerei", "blumenladen": "gartnerei", "florist": "gartnerei",
    "floristin": "gartnerei", "blumenhandler": "gartnerei", "blumenfrau": "gartnerei", "blumenhaus": "gartnerei",
    "blumengeschaft": "gartnerei", "blumenstube": "gartnerei",
    "obsthandler": "obst", "gemusehandler": "obst", "obstbauer": "obst", "gemuseladen": "obst",
    "getranke": "getranke", "getrankeladen": "getranke", "getrankeshop": "getranke",
    "bioladen": "bio", "naturkost": "bio", "naturkostladen": "bio", "biomarkt": "bio", "reformhaus": "bio",
    "dorfladen": "laden", "kaufladen": "laden", "tante": "laden",
    "sennerei": "molkerei", "molkerei": "molkerei", "senner": "molkerei", "sennerin": "molkerei",
    "kasladen": "kaserei",
    "apotheke": "apotheke",
    "konditor": "konditorei", "konditorei": "konditorei",
    # "vom Markt", "vom Wochenmarkt": the market stand (a Getränkemarkt is a "getranke" shop)
    "markt": "wochenmarkt", "wochenmarkt": "wochenmarkt", "marktstand": "wochenmarkt", "stand": "wochenmarkt",
    "muhle": "muhle", "muller": "muhle", "mullers": "muhle", "mosterei": "mosterei", "moster": "mosterei",
    "kelterei": "mosterei", "brennerei": "mosterei", "eisenwaren": "eisenwaren", "eisenwarenladen": "eisenwaren",
    "eisenwarenhandlung": "eisenwaren", "teichwirtschaft": "fisch", "forellenzucht": "fisch",
}


def shop_kind_words() -> dict[str, str]:
    """Spoken kind word (plain-folded) → kind key, e.g. ``"metzgerei" → "metzger"``."""
    return dict(_KIND_ALIASES)


@dataclass
class _Shop:
    info: ShopInfo
    words: tuple[str, ...]  # plain-folded words of name and aliases
    compacts: tuple[str, ...]  # compact forms of name and aliases
    kinds: frozenset[str]
    phon: tuple[str, ...]


_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_OCCASIONS = re.compile(r"\([^)0-9]*,[^)0-9]*\)")
_TELLS_APART = re.compile(r"\([^)]*\b(?:\w+frei|\w+los|vegan|vegetarisch|bio|light|zuckerfrei)\b[^)]*\)", re.IGNORECASE)


class CatalogIndex:
    """Index over catalog items; immutable once built (rebuild on a new catalog revision)."""

    def __init__(
        self,
        items: Iterable[CatalogItem],
        shops: Iterable[ShopInfo | tuple[str, str]] | None = None,
        revision: object = None,
    ) -> None:
        self.revision = revision
        self.items: list[CatalogItem] = list(items)
        self.entries: list[Entry] = []
        self.by_compact: dict[str, list[int]] = {}
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_phonetic: dict[str, list[int]] = defaultdict(list)
        self.by_product: dict[tuple[str, str], CatalogItem] = {}
        self.by_category: dict[str, list[int]] = defaultdict(list)
        # for each key (compact key or word key): entries carrying it
        self.by_key: dict[str, list[int]] = defaultdict(list)

        entry_of: dict[tuple[str, tuple[str, ...]], int] = {}
        # per item position: the compact key of its name (same product name ⇔ same key)
        self.name_keys: list[str] = []
        key_cache: dict[str, tuple[str, tuple[str, ...]]] = {}
        for pos, item in enumerate(self.items):
            self.by_product[(item.shop_id, item.product_id)] = item
            if item.category:
                ck = key_cache.get("\0" + item.category)
                if ck is None:
                    ck = key_cache["\0" + item.category] = (compact_key(item.category), ())
                if ck[0]:
                    self.by_category[ck[0]].append(pos)
            seen: set[int] = set()
            nk = key_cache.get(item.name)
            if nk is None:
                nk = key_cache[item.name] = _keys(item.name)
            self.name_keys.append(nk[0] or item.name.lower())
            # "Schwarzbrot (Roggenvollkornbrot)": the name without what the brackets explain is said
            # as often as the whole, and is as much its name as an alias is
            plain = _PARENTHESES.sub(" ", item.name).strip(" ,")
            # not where the brackets tell it apart: "Sahne (laktosefrei)" is no plain "Sahne"
            said_as = [(True, plain)] if plain and plain != item.name and not _TELLS_APART.search(item.name) else []
            said_names = [(False, item.name)] + said_as
            if item.is_service and said_as and _OCCASIONS.search(item.name):
                # "Kranz binden (Schützenfest, Hochzeit, Jubiläum)": a service's brackets list the
                # occasions, and "wir ham Schützenfest" asks for no wreath ("(45 Minuten)" stays)
                said_names = [(False, plain)]
            for is_alias, text in said_names + [(True, a) for a in item.aliases]:
                keys = key_cache.get(text)
                if keys is None:
                    keys = key_cache[text] = _keys(text)
                if not keys[0]:
                    continue
                eid = entry_of.get(keys)
                if eid is None:
                    eid = len(self.entries)
                    entry_of[keys] = eid
                    self.entries.append(Entry(keys[0], keys[1], text))
                if eid in seen:
                    continue
                seen.add(eid)
                e = self.entries[eid]
                e.items.append(pos)
                e.alias_of.append(is_alias)

        ph = phonetic

        for eid, e in enumerate(self.entries):
            self.by_compact.setdefault(e.compact, []).append(eid)
            self.by_key[e.compact].append(eid)
            # phonetic codes per word (the vocabulary is small, and codes are memoised); the
            # compact key of a one-word name is that word
            codes = set()
            for w in set(e.words):
                self.by_word[w].append(eid)
                if w != e.compact:
                    self.by_key[w].append(eid)
                if len(w) >= 3 or len(e.words) == 1:
                    codes.add(ph(w))
            for c in codes:
                if c:
                    self.by_phonetic[c].append(eid)

        # shortest names first: with a posting cap, the entries with the fewest extra words
        # (the best whole-word matches) are the ones kept
        for plist in self.by_word.values():
            plist.sort(key=lambda eid: len(self.entries[eid].words))
        self.compact_keys: list[str] = list(self.by_compact)
        # fuzzy blocking for big catalogs: compact keys by the sound group of their first letter,
        # each bucket sorted by length (a ratio cut-off bounds the length of a match)
        buckets: dict[str, list[str]] = defaultdict(list)
        for k in self.compact_keys:
            buckets[first_letter_group(k)].append(k)
        self.compact_buckets: dict[str, list[str]] = {g: sorted(ks, key=len) for g, ks in buckets.items()}
        self._bucket_lens: dict[str, list[int]] = {g: [len(k) for k in ks]
                                                   for g, ks in self.compact_buckets.items()}
        self.word_keys: list[str] = list(self.by_word)
        self._fwd: list[str] = sorted(self.by_key)
        self._rev: list[str] = sorted(k[::-1] for k in self.by_key)
        self.by_word = dict(self.by_word)
        self.by_category = dict(self.by_category)
        self.by_phonetic = dict(self.by_phonetic)
        self.by_key = dict(self.by_key)

        # ---- shops -------------------------------------------------------------------------
        infos: dict[str, ShopInfo] = {}
        for s in shops or ():
            if isinstance(s, tuple):
                s = ShopInfo(s[0], s[1])
            infos[s.shop_id] = s
        categories: dict[str, set[str]] = defaultdict(set)
        pairs = {(item.shop_id, item.shop_name, item.category) for item in self.items}
        cat_words: dict[str, list[str]] = {}
        for sid, sname, cat in pairs:
            if sid not in infos:
                infos[sid] = ShopInfo(sid, sname)
            if cat:
                cw = cat_words.get(cat)
                if cw is None:
                    cw = cat_words[cat] = fold(cat).split()
                categories[sid].update(cw)
        self.shops: dict[str, _Shop] = {}
        for sid, info in infos.items():
            names = (info.name,) + tuple(info.aliases)
            words = tuple(dict.fromkeys(w for n in names for w in fold(n).split()))
            compacts = tuple(dict.fromkeys("".join(fold(n).split()) for n in names))
            kinds = {kind for kind, markers in _KINDS.items()
                     if any(m in words or m in categories[sid] for m in markers)
                     or any(w.endswith(m) and len(m) >= 3 for w in words for m in markers[:2])}
            self.shops[sid] = _Shop(info, words, compacts, frozenset(kinds),
                                    tuple(ph(w) for w in words))

    # ---- lookups used by products.py ------------------------------------------------------
    @classmethod
    def from_catalog(cls, data: dict, revision: object = None) -> CatalogIndex:
        """Index of a parsed ``kiepe-catalog/1`` document."""
        items, shops = items_from_catalog(data)
        return cls(items, shops, revision=revision)

    def __len__(self) -> int:
        return len(self.items)

    def keys_with_prefix(self, prefix: str, limit: int = 200) -> Iterator[str]:
        """Keys (compact keys and word keys) starting with ``prefix`` (prefix itself included)."""
        i = bisect.bisect_left(self._fwd, prefix)
        n = 0
        while i < len(self._fwd) and self._fwd[i].startswith(prefix) and n < limit:
            yield self._fwd[i]
            i += 1
            n += 1

    def keys_with_suffix(self, suffix: str, limit: int = 200) -> Iterator[str]:
        """Keys ending with ``suffix`` (suffix itself included)."""
        rs = suffix[::-1]
        i = bisect.bisect_left(self._rev, rs)
        n = 0
        while i < len(self._rev) and self._rev[i].startswith(rs) and n < limit:
            yield self._rev[i][::-1]
            i += 1
            n += 1

    def fuzzy_pool(self, key: str, cutoff: float) -> list[str]:
        """Compact keys worth a fuzzy comparison with ``key`` at a ratio ``cutoff`` (0–100).

        Small catalogs (≤ FULL_SCAN_MAX distinct names): all of them. Bigger ones: those whose
        first letter sounds alike and whose length allows the ratio at all."""
        if len(self.compact_keys) <= FULL_SCAN_MAX:
            return self.compact_keys
        g = first_letter_group(key)
        ks = self.compact_buckets.get(g)
        if not ks:
            return []
        n = len(key)
        lo = math.ceil(n * cutoff / (200 - cutoff))
        hi = math.floor(n * (200 - cutoff) / cutoff)
        lens = self._bucket_lens[g]
        return ks[bisect.bisect_left(lens, lo):bisect.bisect_right(lens, hi)]

    def entry_items(self, eid: int) -> Iterator[tuple[CatalogItem, bool]]:
        e = self.entries[eid]
        for pos, is_alias in zip(e.items, e.alias_of):
            yield self.items[pos], is_alias

    def shop_name(self, shop_id: str) -> str:
        s = self.shops.get(shop_id)
        return s.info.name if s else shop_id

    def items_of_shop(self, shop_id: str) -> list[CatalogItem]:
        return list(self._items_by_shop.get(shop_id, ()))

    # Derived on first use, never at start-up: a catalog index is rebuilt at every catalog change.

    @cached_property
    def _items_by_shop(self) -> dict[str, list[CatalogItem]]:
        by_shop: dict[str, list[CatalogItem]] = defaultdict(list)  # a kind word may ask for 75 shops' goods
        for item in self.items:
            by_shop[item.shop_id].append(item)
        return by_shop

    @cached_property
    def name_words(self) -> frozenset[str]:
        """The folded words of four letters or more in the goods' names."""
        return frozenset(w for it in self.items for w in re.findall(r"[a-zäöüß]+", fold(it.name)) if len(w) >= 4)

    @cached_property
    def name_tails(self) -> frozenset[str]:
        """The name words and the last parts of their compounds ("quark" of "Speisequark")."""
        return self.name_words | {w[i:] for w in self.name_words if len(w) >= 8 for i in range(3, len(w) - 3)}

    def of_shops(self, shops: tuple[str, ...]) -> CatalogIndex | None:
        """An index of these shops' goods only, kept per set of shops; None when they sell nothing."""
        kept = self.__dict__.setdefault("_of_shops", {})
        if shops not in kept:
            own = [it for shop in shops for it in self.items_of_shop(shop)]
            kept[shops] = CatalogIndex(own, [(s, self.shop_name(s)) for s in shops]) if own else None
        return kept[shops]

    def get(self, shop_id: str, product_id: str) -> CatalogItem | None:
        return self.by_product.get((shop_id, product_id))


