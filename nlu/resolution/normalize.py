"""Text normalisation for matching what residents say against the catalog.

Speech recognition writes lower case without punctuation and with misheard words; chat users
type umlauts as ``ae``/``oe``/``ue`` or leave the dots away. Everything here is pure and cheap
so that the catalog index can apply the very same functions to product names at build time.

Key forms
---------
``clean(text)``            lower case, ß→ss, punctuation removed (a decimal comma between digits
                           survives: "2,5"), whitespace collapsed. Umlauts are kept.
``fold(text)``             ``clean`` + umlauts folded to the plain vowel (ä→a, ö→o, ü→u).
``fold(text, digraph=True)``  ``clean`` + umlauts folded to digraphs (ä→ae, ö→oe, ü→ue).
``key_tokens(text)``       folded, fillers/articles removed, each word stemmed – for word-level
                           matching ("kartoffeln" → "kartoffel", "eier" → "ei", "äpfel" → "apfel").
``compact_key(text)``      folded, fillers/articles removed, all words glued, the whole stemmed –
                           so split and merged compounds meet: "voll korn brot" == "vollkornbrot",
                           "weizen brötchen" == "weizenbrötchen".
``key_variants(text)``     the compact keys to look up for a query: the plain one and, when the
                           text contains ae/oe/ue digraphs, one with the digraphs undone
                           ("broetchen" → "brotchen").
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "ABBREVIATIONS",
    "ARTICLES",
    "FILLERS",
    "SOFT_ADJECTIVES",
    "clean",
    "compact_key",
    "fold",
    "key_tokens",
    "key_variants",
    "keys",
    "normalize_product_text",
    "stem",
    "strip_fillers",
    "synonym_variants",
    "tokens",
]

_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e", "à": "a", "ç": "c"})
_DIGRAPH = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "à": "a", "ç": "c"})

# Words that carry no product meaning in an order. Deliberately does NOT contain "und" (the
# group splitter needs it), number words (quantity parsing needs "ein"/"eine") or "halb".
FILLERS: frozenset[str] = frozenset(
    """
    äh ähm äm ähem öh öhm hm hmm mhm em ehm eh
    also bitte bitteschön ja jaa jo joa nee nein noch mal mall mol gern gerne doch halt eben eh
    dann denn so na nun nu okay ok okey gut genau danke dankeschön schön prima super toll schade schad
    ich hätte hätt möchte möcht möchten würde würd will wollte wollt brauche bräuchte nehme nehm
    nehmen kaufen bestellen bestelle haben hab habe gib geben sie mir mich uns wir du ihr
    für fürs gleich auch ooch außerdem dazu zusätzlich
    etwas bisschen biss ganz ganze ganzen ganzer ganzes warte wart moment ichs is tu tue tät täte ca circa zirka etwa ungefähr
    kann könnte könnten können jemand mein meine meinen meinem meiner unser unsere unseren unserem
    guten tag morgen hallo moin servus grüß gott
    """.split()
)

ARTICLES: frozenset[str] = frozenset(
    "der die das den dem des ein eine einen einem einer eines ne nen nem ner n welche welchen von vom".split()
)

# Shortened words a typed list writes with a full stop ("2 Fl. Wasser", "ca. 300 g", "festk.
# Kartoffeln", "u. 3 Brötchen"): the stop ends no item and no sentence.
ABBREVIATIONS = frozenset("""fl fla st stk stck pck pkg pkt pk gr btl bd gl ds ca kg ltr pfd zb bzw evtl festk mehligk
vorw gem ger geräuch halbtr tr fr sa mo di mi do nr u str ggf inkl max min mind tel std""".split())


# Product-text cleaning additionally drops these (they never name a product).
# Praise and filler adjectives people add without meaning another product ("frisches
# Vollkornbrot", "leckere Mettwurst"): the matcher also tries the query without them
# (``synonym_variants``). They stay in the keys, so "frisch milch" still equals "Frischmilch".
# "bio", "klein", "groß" are not among them: they often do tell products apart.
SOFT_ADJECTIVES: frozenset[str] = frozenset(
    """frisch frische frischen frischer frisches lecker leckere leckeren leckerer leckeres
    schöne schönen schöner schönes gute guten guter gutes normale normalen normaler normales
    einfache einfachen einfacher einfaches neu neue neuen neuer neues""".split()
)

_PRODUCT_STOP = FILLERS | ARTICLES | frozenset(
    "stück stck stk mal sorte sorten bitteschön davon bestellung bestellen einkauf liste weng bissl wengla "
    "selbst selber fürs erste mit bis".split()  # "mit", "bis" alone name nothing: "gwohnt mit dem Telefon"
    # what the goods are for, said as a verb: "wir grillen am Freitag", "was zum Grille" (Hesse)
    + "grillen grille grillt backen kochen feiern".split()
    # "den Christbaum liefern lassen", "wie jedes Jahr": how and when, never goods
    + "lassen jahr jedes dieses letztes wieder".split()
    # "kommen doch mehr": how much, never what ("mehr" is no misheard "Möhren")
    + "mehr weniger".split()
    # "wisset Sie was, vergessen Sie das": a verb, never an alias ("Weissen")
    + "wissen wisst wissense".split()
    # "ich bin ja nu schon zweiundachtzig", "das andere macht meine Frau": no goods ("Binden", "Ständer")
    + "bin bist andere anderen anderes anderer".split()
    # "wissen Sie was", "mein Enkel kommt eh": no short form of "Wasserburgen" or anything else
    + "was wer wo kommt kommen".split()
    # "ach weißte was": no white Glühwein
    + "weißte weisste weeßte weesste".split()
    # "meine Mutter wird 90", "schafft ihr das bis morgen?": verbs, no goods
    + "wird werden schafft schaffen".split()
    # "n paar Sachen für Haus und Hof": no "Rohmilch ab Hof"
    + "haus hof".split()
    # "ab wann ist sie frei?": the delivery, no "alkoholfrei"
    + "frei kostenlos gratis".split()
    # "mist. dann Montag früh": a curse, no Mistelzweig; "hot dr Reisch …": "hat"; "in dr Früh"
    + "mist hot dr".split()
    # "Selter, aber das mit viel Kohlensäure", "Mückenspray so wie Autan": no goods of their own
    + "aber wie".split()
    # "Blaukraut habts ned, oder?": the verb of the question
    + "habt habts hättet hattet".split()
)

_PRODUCT_STOP_PLAIN = frozenset(w.translate(_PLAIN) for w in _PRODUCT_STOP)
# the fillers as ``fold`` writes them: the one set for every reader that skips them in folded text
FILLERS_FOLDED = _FILLERS_PLAIN = frozenset(w.translate(_PLAIN) for w in FILLERS)

# "guten morgen" is a greeting, but "morgen" alone could be a date. FILLERS is used for product
# texts only, where "morgen" never names a product.

_PUNCT = re.compile(r"[^\w\s,]", re.UNICODE)
_COMMA_NOT_DECIMAL = re.compile(r"(?<!\d),|,(?!\d)")
_SPACES = re.compile(r"\s+")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
# a unit glued to its number ("200g", "1kg", "0,5l", "2x") becomes two words
# "Krapfen x2", "Milch x 2": a multiplier after the product is a count like "2x"
# (but "20 x 0,5 l" is a size: a number before the "x" or a decimal after it)
_MULTIPLIER_AFTER = re.compile(r"(?<![\w,])(?<!\d )x ?(\d+)\b(?!,\d)")
# "1/2 Pfd", "3/4 kg", "1 1/2 l", "½ Pfund" (NFKC makes "½" into "1⁄2"): a written fraction is a
# decimal amount, never the "1" before its slash
_FRACTION = re.compile(r"(?<![\d,/⁄])(?:(\d+) )?([1-7]) ?[/⁄] ?([2348])(?![\d/⁄])")
_GLUED_UNIT = re.compile(r"\b(\d+(?:,\d+)?)(kg|g|gr|l|ltr|ml|cl|x|stk|stck|pfd)\b")
# the phone's recogniser glues a number word to its unit and "vom" to a name: "zweikilo",
# "vomlindner", "beimbäcker"
_GLUED_WORD_UNIT = re.compile(r"\b(ein|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|"
                              r"halb|anderthalb|eineinhalb|zweieinhalb)(kilo|kilogramm|pfund|liter|gramm)\b")
_GLUED_FROM = re.compile(r"\b(vom|beim)(?!ischung|essen|engen|ischen)([a-zäöüß]{4,})\b")


def _fraction_as_decimal(m: re.Match[str]) -> str:
    whole, top, bottom = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
    if top >= bottom:
        return m.group(0)
    value = f"{whole + top / bottom:g}".replace(".", ",")
    return value


def clean(text: str | None) -> str:
    """Lower-case, ß→ss, strip accents other than umlauts, punctuation → space.

    A comma survives only as a decimal comma between digits ("2,5"; a decimal point "2.5" becomes
    one); "-" and "/" become spaces
    ("Bio-Milch" → "bio milch"); a unit glued to its number is split off ("200g" → "200 g",
    "0,5l" → "0,5 l", "2x" → "2 x").
    """
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text).lower().replace("ß", "ss").replace("_", " ")
    t = _DECIMAL_POINT.sub(",", t)  # "2.5" → "2,5"
    t = _FRACTION.sub(_fraction_as_decimal, t)
    t = _PUNCT.sub(" ", t)
    t = _COMMA_NOT_DECIMAL.sub(" ", t)
    t = _GLUED_UNIT.sub(r"\1 \2", t)
    t = _GLUED_WORD_UNIT.sub(r"\1 \2", t)
    t = _GLUED_FROM.sub(r"\1 \2", t)
    t = _MULTIPLIER_AFTER.sub(r" \1 x", t)
    return _SPACES.sub(" ", t).strip()


def fold(text: str | None, digraph: bool = False) -> str:
    """``clean`` plus umlaut folding: ä→a (default) or ä→ae (``digraph=True``)."""
    return clean(text).translate(_DIGRAPH if digraph else _PLAIN)


def tokens(text: str | None) -> list[str]:
    """Cleaned tokens (umlauts kept)."""
    c = clean(text)
    return c.split() if c else []


def strip_fillers(words: list[str] | tuple[str, ...], extra: frozenset[str] = frozenset()) -> list[str]:
    """Remove filler words ("äh", "also", "bitte", "ja", "noch", "mal" …) from a token list.

    Works on cleaned tokens with or without umlauts ("ähm" and "ahm" both go).
    """
    stop_plain = _FILLERS_PLAIN | {w.translate(_PLAIN) for w in extra}
    return [w for w in words if w.translate(_PLAIN) not in stop_plain]


# Irregular plurals / forms after plain folding (ä→a). Both query and catalog go through stem(),
# so a mapping only has to make the forms meet, not produce a dictionary word.
_IRREGULAR = {
    "eier": "ei",
    "eiern": "ei",
    "krauter": "kraut",
    "huhner": "huhn",
    "nusse": "nuss",
    "brote": "brot",
    "brotes": "brot",
    "wurste": "wurst",
    "kase": "kas",
    "kases": "kas",
    "glaser": "glas",
    "blatter": "blatt",
    "korbe": "korb",
    "sacke": "sack",
    "kasten": "kast",
    "kisten": "kist",
}
_NO_S_STRIP = ("ss", "us", "is", "os", "as", "es", "ns", "ls", "ps", "ks")  # Weidegans, Landpils, Chips, Butterkeks
_ADJ_STEMS = ("en", "isch", "scht", "cht", "ert", "ig", "lich")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Very small German plural/inflection stemmer on plain-folded words.

    brötchen/brotchen → brotch, flaschen/flasche → flasch, kartoffeln → kartoffel,
    äpfel → apfel (by folding), eier → ei, tomaten/tomate → tomat, joghurts → joghurt.
    "butter", "mett", "mettwurst" stay as they are. Not a linguistic stemmer: it only has to
    make query and catalog forms meet.
    """
    w = word
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    if len(w) >= 8 and w[-2:] in ("er", "es", "em") and w[:-2].endswith(_ADJ_STEMS):
        w = w[:-2]  # adjective endings: trockener → trocken, gemischter → gemischt, würziger → würzig
    if len(w) >= 6 and w.endswith("s") and (w.endswith("ons") or not w.endswith(_NO_S_STRIP)):
        w = w[:-1]  # joghurts → joghurt; bonbons, kartons → bonbon, karton (Weidegans keeps its s)
    elif len(w) >= 6 and w.endswith("es") and w[-3] in "tnrl":
        w = w[:-1]  # gemischtes → gemischte (then -e below)
    if len(w) >= 5 and (w.endswith("en") or w.endswith("ln") or w.endswith("rn")):
        w = w[:-1]
        if w in _IRREGULAR:
            return _IRREGULAR[w]  # the dative plural of an irregular one: "mit Kräutern"
    if len(w) >= 4 and w.endswith("e"):
        w = w[:-1]
    return w


def _words(text: str | None, stop: frozenset[str] | None = None) -> list[str]:
    """Plain-folded words without product stop words (fillers, articles, "stück", "mal") and
    without the noun "Größe" (see ``_SIZE_NOUN``)."""
    stop_plain = _PRODUCT_STOP_PLAIN if stop is None else frozenset(s.translate(_PLAIN) for s in stop)
    return [w for w in fold(_SIZE_NOUN.sub(" ", text) if text else text).split() if w not in stop_plain]


# "Freilandeier Größe M", "Windeln Gr. 4": the noun names no goods, but folded it is the adjective
# "große" ("die große Packung", "den großen Strauß"), which then found the eggs. The noun is the
# capital word of a printed name, or any spelling before a size ("eier größe m").
SIZE_NOUN = _SIZE_NOUN = re.compile(r"\bGr(?:ö|oe)(?:ß|ss)en?\b|\bgr(?:ö|oe|o)(?:ß|ss)e(?= (?:[sml]|xl|xxl|\d+)\b)")


def key_tokens(text: str | None) -> tuple[str, ...]:
    """Stemmed, plain-folded word keys without fillers and articles."""
    return tuple(stem(w) for w in _words(text))


def compact_key(text: str | None) -> str:
    """All words glued together and the whole stemmed: split/merged compounds become equal."""
    words = _words(text)
    if not words:
        return ""
    return stem("".join(words))


def keys(text: str | None) -> tuple[str, tuple[str, ...]]:
    """(compact_key, key_tokens) in one pass; memoised – catalog rebuilds reuse earlier work."""
    r = _KEY_CACHE.get(text)
    if r is None:
        words = _words(text)
        r = (stem("".join(words)) if words else "", tuple(stem(w) for w in words))
        if len(_KEY_CACHE) > 1_000_000:
            _KEY_CACHE.clear()
        _KEY_CACHE[text] = r
    return r


_KEY_CACHE: dict[str | None, tuple[str, tuple[str, ...]]] = {}


_DIGRAPH_RE = re.compile(r"(ae|oe|ue)")


def key_variants(text: str | None) -> list[str]:
    """Compact keys to try for a query: as folded, and with ae/oe/ue read as umlauts."""
    base = compact_key(text)
    out = [base] if base else []
    words = _words(text)
    if any(_DIGRAPH_RE.search(w) for w in words):
        undone = stem("".join(_DIGRAPH_RE.sub(lambda m: m.group(1)[0], w) for w in words))
        if undone and undone not in out:
            out.append(undone)
    return out


_SOFT_PLAIN = frozenset(w.translate(_PLAIN) for w in SOFT_ADJECTIVES)


def synonym_variants(text: str | None) -> list[str]:
    """The query without praise adjectives ("frisches vollkornbrot" → "vollkornbrot"); [] when
    none. Regional words ("Gehacktes", "Schrippen") are the lexicon's (``nlu.resolution.lexicon``)."""
    words = fold(text).split()
    kept = [w for w in words if w not in _SOFT_PLAIN]
    return [" ".join(kept)] if kept != words and kept else []


def normalize_product_text(text: str | None) -> str:
    """Product text as said, cleaned of fillers and articles (umlauts kept) – for messages."""
    words = tokens(text)
    return " ".join(w for w in words if w.translate(_PLAIN) not in _PRODUCT_STOP_PLAIN or w in ("von", "vom"))
