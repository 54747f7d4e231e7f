"""Understanding that needs no NLU model: yes/no, picking an offered choice by words,
amounts of money, and a keyword fallback for the intents when Rasa is unavailable."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz
from text_to_num import alpha2digit

from nlu.intents import Intent
from nlu.reading import PUT_OFF, read, standard_text
from nlu.resolution.catalog_index import CatalogIndex
from nlu.resolution.lexicon import lexicon
from nlu.resolution.normalize import fold
from nlu.resolution.products import match_shop

YES = {"ja", "jawohl", "genau", "richtig", "gerne", "gern", "okay", "ok", "klar", "sicher", "stimmt", "passt",
       "jo", "jep", "yes", "natürlich", "selbstverständlich", "bitte", "einverstanden", "korrekt", "prima", "gut",
       "jut", "jerne", "jern"}  # Berlin and Brandenburg: "jut denn", "jerne"
NO = {"nein", "nee", "ne", "nö", "no", "nicht", "falsch", "lieber nicht", "auf keinen fall", "doch nicht"}
# To an offer of more goods, a no in so many words, also after an "ok": "ok dann so lassen", "ok
# erstmal nicht". Only for offers: to "Soll ich so bestellen?" "so lassen" is a yes.
_DECLINED = re.compile(r"\b(?:so lassen|lassen wir so|lieber nicht|doch nicht|erstmal nicht|erst mal nicht|"
                       r"auf keinen fall|"
                       # "ok danke, lass ich", "nee der is mir zu teuer, den lass ma", "dann lass mer des"
                       r"(?:den|die|das|des|dat|dit|det) lass(?:e)? (?:ich|i|ma|mer|wir)|lass(?:e)? (?:ich|i)(?: ?s)?|"
                       r"lass(?:en)? (?:ma|mer|wir) (?:des|das|dat|den|die)|(?:ist|is|isch|sind) (?:mir|uns) zu teuer|"
                       r"(?:nehm|nehme|brauch|brauche) (?:ich|i) (?:doch )?(?:nicht|nich|net|ned|nit)|"
                       # "puh. lass ma, bleibt beim Wildschwein": the offer declined, the cart kept
                       r"bleibt(?: es| s)? (?:(?:beim|bei dem|bei der|bei den)\b[^,.;!?]*|so)|lass (?:ma|mal|mer)$)\b")
_PLAIN_YES = frozenset({"ja", "jawohl", "jo", "jep", "yes", "genau", "richtig", "gerne", "gern"})


def declines_offer(text: str | None) -> bool:
    """Whether the answer to an offer ("Soll ich welche notieren?") turns it down in so many
    words, even after an "ok" ("ok dann so lassen 👍"); not after a plain yes ("ja, gern")."""
    said = words(text)
    # (or puts it off: "gut, dann melde ich mich deswegen nochmal", "das überlege ich mir noch")
    # (or puts it off, with no goods of its own: "gut, dann melde ich mich deswegen nochmal"; but
    # "dann 1 Pck Schupfnudeln, mach ich selber" buys what is needed to make it)
    return bool(said) and said[0] not in _PLAIN_YES and (
        _DECLINED.search(" ".join(said)) is not None
        or PUT_OFF.search(fold(" ".join(said))) is not None and not _orders_something(read(text).content))


_AN_AMOUNT_WORD = re.compile(r"(?<![\w])(?:\d+|ein|eine|einen|zwei|zwee|drei|vier|funf|fünf|sechs|acht|zehn|zwolf|zwölf|"
                             r"pfund|kilo|liter|dutzend)(?![\w])", re.IGNORECASE)


def _orders_something(content: str) -> bool:
    """"ok merk ich mir. abholen Sa vormittag in Steinkirchen": where and when, no goods; "dann 1 Pck
    Schupfnudeln, mach ich selber": goods with their amount."""
    return bool(content) and (_AN_AMOUNT_WORD.search(content) is not None or lexicon().is_goods(content))


def after_declining(text: str | None) -> str:
    """What is said after turning an offer down ("zu teuer, den lass ma, aber noch eine Dose
    Schneckenkorn" → "aber noch eine Dose Schneckenkorn"); empty when nothing follows."""
    said = re.sub(r"\s+", " ", (text or "").lower())  # the words as said: "1,5 kg" keeps its comma
    found = list(_DECLINED.finditer(said))
    return said[found[-1].end():].strip(" ,.;!?") if found else ""


# Keyword fallback: (intent, patterns over the folded text). Order matters: first match wins.
KEYWORD_INTENTS: tuple[tuple[Intent, tuple[str, ...]], ...] = (
    (Intent.HUMAN_HANDOFF, (r"\bmensch", r"\bmitarbeiter", r"\bperson\b", r"\bjemand(en)? sprechen", r"\bberater")),
    # "nochmal" alone or to be said again; not "ich fange nochmal neu an", "nochmal zwei Brötchen"
    (Intent.REPEAT, (r"\bwie bitte\b", r"^(bitte )?noch ?mal( bitte)?$", r"\bnoch ?mal (sagen|bitte)\b",
                     r"\bwiederholen\b", r"\bnicht verstanden\b")),
    (Intent.HELP, (r"\bhilfe\b", r"\bwie geht das\b", r"\bwas kann (ich|man)\b")),
    (Intent.ORDER_STATUS, (r"\bwo bleibt\b", r"\bstatus\b", r"\bwann kommt\b", r"\bmeine bestellung\b")),
    (Intent.REORDER, (r"\bwie (letzte|letztes|vorige|beim letzten)", r"\bdas gleiche\b", r"\bdasselbe\b", r"\bwie immer\b")),
    (Intent.CLEAR_CART, (r"\b(warenkorb|korb|alles)\b.*\b(leer|leeren|löschen|loeschen|ausleeren)\b",
                         r"\b(leere|lösche|loesche)\b.*\b(warenkorb|alles)\b", r"\bneu anfangen\b", r"\bvon vorne?\b")),
    (Intent.VOUCHER, (r"\bgutschein",)),
    # "haben Sie auch Aal geräuchert?", "was kostet die Hochzeitssuppe?", "wie viel kostet …"
    (Intent.ASK_PRODUCT, (r"\b(haben|habt|ham|habet|hent) (sie|ihr|se)\b.*\?|\b(haben|habt|ham|habet|hent) (sie|ihr|se) "
                          r"(auch|au|denn|noch|eigentlich)\b", r"\b(was|wat|wie ?viel) (kostet|kosten|koschtet|kost)\b",
                          r"\bwie teuer\b", r"\b(führen|verkaufen) sie (auch )?", r"\bgibt es (bei ihnen |bei euch )?(auch )")),
    (Intent.CANCEL, (r"\bstornier", r"\babbrechen\b", r"\babbruch\b", r"\bvergiss es\b")),
    (Intent.CHANGE_ITEM, (r"^nur\b", r"\bsondern\b", r"\bstatt\b", r"\bdraus\b", r"\bändern\b", r"\baendern\b", r"\bdoch (nur|lieber)\b",
                          r"\bstattdessen\b")),
    (Intent.REMOVE_ITEM, (r"\braus\b", r"\bstreichen\b", r"\bentfern", r"\bweg ?lassen\b", r"\bohne\b")),
    (Intent.SHOW_CART, (r"\bwarenkorb\b", r"\bwas hab(e)? ich\b", r"\bwas ist (im|in meinem)\b", r"\bkorb\b")),
    (Intent.CHECKOUT, (r"\bbestellen\b", r"\bdas w(a|ae|ä)rs?\b", r"\bdas w(a|ae|ä)re es\b", r"\bfertig\b", r"\bkasse\b", r"\bzahlen\b",
                       r"\babschlie(ss|ß)en\b", r"\bdas ist alles\b")),
    (Intent.CHOOSE_PICKUP, (r"\babhol", r"\bselbst holen\b", r"\bstation\b", r"\bhol\w*\b.*\bab\b")),
    (Intent.CHOOSE_DELIVERY, (r"\bliefer", r"\bbringen\b", r"\bnach hause\b")),
    (Intent.GOODBYE, (r"\btsch(u|ue)ss\b", r"\bauf wiederh", r"\bciao\b")),
    (Intent.THANKS, (r"\bdanke\b", r"\bdankesch")),
    (Intent.GREET, (r"^(guten (tag|morgen|abend)|hallo|moin|servus|gr(u|ue)(ss|ß) gott)\b",)),
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
    if "schade" in lowered.split() and not said_no:
        return None  # "ok schade, dann …": no yes to what was offered; what follows is read on its own
    if said_no and not said_yes:
        return False
    if said_yes and not said_no:
        return True
    return None


def keyword_intent(text: str | None) -> Intent | None:
    folded = " ".join(words(text))
    for intent, patterns in KEYWORD_INTENTS:
        if any(re.search(p, folded) for p in patterns):
            return intent
    return None


# Words that say nothing about which choice is meant ("ich nehme die von Uphoff").
_NEUTRAL = frozenset("""
    ich nehme nehmen nehm hätte hatte hätt gern gerne bitte danke die der das den dem des von vom bei beim
    am um im in für fur mit und oder lieber doch dann ja also äh ähm ah mal einfach gut okay ok genau
    eine einen ein einer eines welche welchen welches diese diesen dieses davon da dort so wie
    möchte mochte will würde wurde hätten nimm gib geben sie mir
""".split())


def _tokens(text: str) -> list[str]:
    return [w for w in fold(text).split() if w]


def _matches(word: str, candidates: set[str]) -> bool:
    return word in candidates or any(len(word) > 3 and fuzz.ratio(word, c) >= 85 for c in candidates)


# Nouns an ordinal counts that are not the offered choices.
_COUNTED_NOT_CHOSEN = frozenset(
    "feiertag feiertage weihnachtstag weihnachtsfeiertag weihnachtsfeiertage advent adventssonntag woche mal "
    "januar februar märz maerz april mai juni juli august september oktober november dezember".split())


def pick_choice(text: str | None, labels: list[str], vocabulary: frozenset[str] = frozenset()) -> int | None:
    """Which offered choice the words name: "das zweite", "die von Uphoff", "Samstag 9–13 Uhr".

    A choice is picked when the resident's words name something only it has (a shop, a
    day) and say nothing that none of them has: "zwei Quittengelee vom Hof Schulze" does
    not pick "Quittengelee vom Obsthof Tenbrock", because "Schulze" is a word of the
    catalog (``vocabulary``) that the choice lacks.
    """
    said = words(text)
    if not said or not labels:
        return None
    for i, word in enumerate(said):
        if i + 1 < len(said) and said[i + 1] in _COUNTED_NOT_CHOSEN:
            continue  # "das is ja der zweite Feiertag", "am zweiten Januar": no pick of the second
        if i and said[i - 1] in ("fürs", "zum"):
            continue  # "das war's fürs Erste", "zum ersten Mal": no pick of the first
        if word in ORDINALS and (len(said) <= 3 or word.endswith(("te", "ten", "ter", "tes"))):
            index = ORDINALS[word]
            if -len(labels) <= index < len(labels):
                return index % len(labels)
    content = [w for w in _tokens(" ".join(said)) if w not in _NEUTRAL]
    if not content:
        return None
    label_tokens = [set(_tokens(label)) for label in labels]
    common = set.intersection(*label_tokens) if len(labels) > 1 else set()
    best, best_hits = None, 0
    for i, tokens in enumerate(label_tokens):
        distinct = tokens - common
        hits = sum(_matches(w, distinct) for w in content)
        strangers = [w for w in content if not _matches(w, tokens) and (w in vocabulary or not vocabulary)]
        if strangers and (vocabulary or len(strangers) > len(content) // 2):
            continue
        if hits > best_hits:
            best, best_hits = i, hits
        elif hits == best_hits and hits:
            best = None  # two choices fit equally well: ask again rather than guess
    return best


# "machen Sie sechs": the amount after it is what a line becomes (the words before may give a
# reason: "nee warten se mal, die Kinder kommen ja auch mit, machen se sechs Weckmänner")
MAKE_IT = re.compile(r"(?<![\w])(?:mach|mache|machen|machense)(?: (?:se|sie|mir|uns|bitte|doch|dann|lieber|mal))* "
                     r"(?P<rest>.+)$")

# A turn that opens by taking back what was said ("nee, …", "ach nein, …", "ne doch …", "ne, …"):
# not the "ne" of "ne Kiste" (eine)
NO_FIRST = re.compile(r"^\s*(?:(?:ach|och|oh|ah)\s+)?(?:nee|nein|no|ne(?=,)|ne(?=\s+(?:warte|doch|lieber|moment|dann|nur)\b))"
                      r"\b,?\s*", re.IGNORECASE)
_EURO = re.compile(r"(\d+)(?:[,.](\d{1,2}))?\s*(?:€|euro|eur)?(?:\s*(\d{1,2})\b)?")


def parse_euro(text: str | None) -> int | None:
    """"20 Euro", "zwanzig euro", "25,50 €", "20 euro 50" -> cents; None when no amount."""
    if not text:
        return None
    try:
        digits = alpha2digit(standard_text(text).lower(), "de")  # "dreißg euro", "fuchzich"
    except Exception:  # noqa: BLE001 - text2num is picky about odd input; fall back to the raw text
        digits = text.lower()
    matches = list(_EURO.finditer(digits))
    if not matches:
        return None
    # "1 Gutschein über 50 €": the amount is the figure with a currency or after "über", not the count
    marked = [m for m in matches if re.search(r"€|eur", digits[m.start():m.end()])
              or re.search(r"(?:uber|über|zu|von|wert von|für|fur)\s*$", digits[:m.start()])]
    counts = [m for m in matches if re.match(r"\s*(?:x\s*)?(?:gutschein|stück|stk)", digits[m.end():])]
    # "Donnerstag nach 17 Uhr", "um 10": a time of day is no amount of money
    times = [m for m in matches if re.match(r"\s*(?:uhr|h\b)", digits[m.end():])
             or re.search(r"(?:um|nach|ab|bis|gegen|vor)\s*$", digits[:m.start()])]
    plain = [m for m in matches if m not in counts and m not in times]
    if not marked and not plain:
        return None
    match = marked[0] if marked else plain[0]
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


def find_shop(text: str | None, index: CatalogIndex) -> str | None:
    """The one shop a whole sentence names ("einen Gutschein für die Bäckerei Terstegen"), or None.

    The shop matcher wants a shop phrase, so the sentence's word runs are tried, longest first.
    """
    said = words(text)
    best = None
    for size in (4, 3, 2, 1):
        for start in range(0, max(len(said) - size + 1, 0)):
            found = match_shop(" ".join(said[start:start + size]), index, strict=True)
            if found is not None and found.unique and (best is None or found.score > best.score):
                best = found  # the run that names a shop best, not the first that resembles one
    return best.shop_id if best is not None else None


PICKUP = re.compile(r"\babhol|\bselbst holen\b|\babholstation\b|\bhol\w*\b.*\bab\b")


def wants_pickup(text: str | None) -> bool:
    """"Ich hol das morgen ab", "Abholen am Samstag", "selbst holen": the resident comes to a station."""
    return bool(PICKUP.search(" ".join(words(text))))


# Said in so many words, these win over a waiting question; what the NLU guesses does not.
OVERRIDES_A_QUESTION: frozenset[Intent] = frozenset({Intent.HUMAN_HANDOFF, Intent.REPEAT, Intent.HELP, Intent.CANCEL,
                                                     Intent.CLEAR_CART})


def explicit_intent(text: str | None) -> Intent | None:
    """An intent said in so many words ("Mitarbeiter", "wie bitte", "Hilfe", "abbrechen"),
    which wins over a waiting question; what the NLU guesses does not."""
    intent = keyword_intent(text)
    return intent if intent in OVERRIDES_A_QUESTION else None
