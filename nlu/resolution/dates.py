"""Small rule-based German parser for "when" – delivery / pick-up wishes.

``parse_when(text, now, tz="Europe/Berlin") -> WhenRequest | None``
    "morgen", "morgen vormittag", "übermorgen früh", "heute abend", "heute morgen", "am samstag",
    "samstag", "donnerstag nachmittag", "nächste woche dienstag", "dienstag nächste woche",
    "nächste woche", "am wochenende", "in drei tagen", "am 28.", "am 28. november", "am
    achtundzwanzigsten", "28.11.", "28.11.2026", "so bald wie möglich" / "so schnell wie
    möglich" / "asap" / "möglichst bald", "ab 15 uhr", "nach 15 uhr", "bis 12", "vor 12",
    "gegen 10", "um 10 uhr", "zwischen 9 und 12", "von 9 bis 12", "halb zehn", "15:30".

    Dayparts: früh/morgens 6–10, vormittag 8–12, mittag 11–14, nachmittag 13–18, abend 17–21.

    Weekdays: a weekday name means its next occurrence. When it is today's weekday, today counts
    if a matching window is still open – ``WhenRequest.fallback_days`` then holds the same
    weekday a week later, which :func:`match_windows` uses when today has nothing open.
    "nächsten samstag" said on a Saturday means the Saturday in a week.
    Bare hours 1–6 ("ab 3", "gegen 5") are read as afternoon (15, 17 Uhr) – nobody wants a
    delivery at 3 at night – unless "früh"/"morgens" is said. Hours ≤ 11 with "nachmittag" or
    "abend" are read as pm, too.

``match_windows(request, windows, now, tz="Europe/Berlin", limit=None) -> list[window]``
    windows: any objects with aware ``start``/``end`` datetimes and an ``open`` flag (bookable:
    not past cutoff, not full). Returns the open windows matching the request, ordered by start.
    Dayparts and "zwischen X und Y" match by overlap; "ab X" needs start ≥ X; "bis X" needs end
    ≤ X; "gegen X" needs overlap with X ± 1 h. "so bald wie möglich" → the earliest open ones
    (3 unless ``limit``).

``format_window(start, end, tz="Europe/Berlin") -> "Samstag, 28. November, 9–13 Uhr"``
``format_euro(cents) -> "12,90 €"``
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from text_to_num import text2num

from ordering.money import format_euro  # noqa: F401 - re-exported: one German money format
from ordering.windows import format_window as windows_format_window

from .lexicon import lexicon
from .normalize import fold
from .quantity import is_amount_word
from .sounds import standard_form

__all__ = ["DAYPARTS", "WhenRequest", "format_euro", "format_window", "match_windows", "parse_when"]

WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]

DAYPARTS: dict[str, tuple[time, time]] = {
    "früh": (time(6), time(10, 30)),  # "Samstag früh": a window from 10 is still the morning's first
    "vormittag": (time(8), time(12)),
    "mittag": (time(11), time(14)),
    "nachmittag": (time(13), time(18)),
    "abend": (time(17), time(21)),
}
_DAYPART_WORDS = {
    "fruh": "früh", "fruhs": "früh", "morgens": "früh", "fruhmorgens": "früh",
    "vormittag": "vormittag", "vormittags": "vormittag",
    "mittag": "mittag", "mittags": "mittag", "mittagszeit": "mittag", "mittagessen": "mittag",
    "nachmittag": "nachmittag", "nachmittags": "nachmittag",
    "abend": "abend", "abends": "abend", "feierabend": "abend",
}
_WEEKDAY_WORDS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonnabend": 5, "sonntag": 6,
}
for _k, _v in list(_WEEKDAY_WORDS.items()):
    _WEEKDAY_WORDS[_k + "s"] = _v
_MONTH_WORDS = {fold(m): i + 1 for i, m in enumerate(MONTHS)}
_MONTH_WORDS.update({"jan": 1, "feb": 2, "marz": 3, "maerz": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                     "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dez": 12, "janner": 1})

ASAP_PHRASES = _ASAP = [  # also read by nlu.reading: one list of how people say "as soon as possible"
    "so bald wie moglich", "sobald wie moglich", "so schnell wie moglich", "so fruh wie moglich",
    "asap", "a s a p", "moglichst bald", "moglichst schnell", "moglichst fruh", "schnellstmoglich",
    "baldmoglichst", "fruhestmoglich", "nachstmoglich", "schnellstens", "sofort", "egal wann",
    "ehestmoglich", "nachsten freien termin", "nachster freier termin", "erstbeste",
    "fruhesten termin", "fruhester termin", "bald wie moglich", "schnell wie moglich",
    # "so früh wie's geht", "so schnell es geht", "so bald es geht"
    "so fruh wies geht", "so fruh wie es geht", "so fruh es geht", "so schnell wies geht",
    "so schnell wie es geht", "so schnell es geht", "so bald wies geht", "so bald es geht",
    "so bald wie es geht",
]
_NEXT = {"nachste", "nachsten", "nachster", "kommende", "kommenden", "kommender"}
# Days people name instead of a date (the next one from today). Season words ("Fastnacht",
# "Ostern", "Weihnachten") and days that are also goods ("Nikolaus", "Martini") are left out.
_FIXED_DAYS = {"heiligabend": (12, 24), "silvester": (12, 31), "neujahr": (1, 1), "neujahrstag": (1, 1),
               "valentinstag": (2, 14), "frauentag": (3, 8), "nikolaustag": (12, 6), "allerheiligen": (11, 1),
               "allerseelen": (11, 2), "reformationstag": (10, 31), "martinstag": (11, 11),
               # the second day of Christmas, by its saint where people say so (Bavaria, Franconia, Austria)
               "weihnachtstag1": (12, 25), "weihnachtstag2": (12, 26), "stephanitag": (12, 26),
               "stephanstag": (12, 26), "stefanitag": (12, 26), "dreikonig": (1, 6), "dreikonigstag": (1, 6),
               # the summer's: "an Mariä Himmelfahrt" (a holiday in much of Bavaria), the first of May
               "mariahimmelfahrt": (8, 15), "maifeiertag": (5, 1), "einheitstag": (10, 3)}
_EASTER_DAYS = {"rosenmontag": -48, "aschermittwoch": -46, "palmsonntag": -7, "grundonnerstag": -3,
                "karfreitag": -2, "karsamstag": -1, "ostersamstag": -1, "ostersonntag": 0, "ostermontag": 1,
                "himmelfahrt": 39, "pfingstsamstag": 48, "pfingstsonntag": 49, "pfingstmontag": 50,
                "fronleichnam": 60,
                # the Thursday before Ash Wednesday: "am Schmotziga Dunschtig", "an Weiberfastnacht"
                "weiberfastnacht": -52, "altweiber": -52, "schmotzig": -52,
                # Ascension Day by the name of its outings: Vatertag, in the east Herren- or Männertag
                "vatertag": 39, "herrentag": 39, "mannertag": 39}


def _easter(year: int) -> date:
    """Easter Sunday (the Gregorian computus of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _named_day(word: str, today: date) -> date | None:
    """"Gründonnerstag", "Heiligabend": the next such day from ``today`` on."""
    for year in (today.year, today.year + 1):
        if word in _FIXED_DAYS:
            day = date(year, *_FIXED_DAYS[word])
        elif word in _EASTER_DAYS:
            day = _easter(year) + timedelta(days=_EASTER_DAYS[word])
        else:
            return None
        if day >= today:
            return day
    return None


_ORDINAL_1_19 = {
    "erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "funft": 5, "sechst": 6, "siebt": 7, "siebent": 7,
    "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11, "zwolft": 12, "dreizehnt": 13, "vierzehnt": 14,
    "funfzehnt": 15, "sechzehnt": 16, "siebzehnt": 17, "achtzehnt": 18, "neunzehnt": 19,
}
_UMLAUT = {"funf": "fünf", "zwolf": "zwölf", "dreissig": "dreißig", "funfzehn": "fünfzehn"}


@dataclass(frozen=True)
class WhenRequest:
    """What the customer asked for. Days are local dates in ``tz``; times local times of day.

    ``first_day``/``last_day``: the inclusive day range (None: any day). ``fallback_days``: the
    range to use when nothing is open in the first one (today's weekday said on that day).
    ``mode``: ``overlap`` (daypart, "zwischen"), ``after`` ("ab 15 uhr"), ``until`` ("bis 12"),
    ``around`` ("gegen 10") – with ``start``/``end`` the time interval (None: whole day).
    """

    text: str
    asap: bool = False
    first_day: date | None = None
    last_day: date | None = None
    fallback_days: tuple[date, date] | None = None
    daypart: str | None = None
    start: time | None = None
    end: time | None = None
    mode: str = "overlap"
    tz: str = "Europe/Berlin"

    @property
    def day(self) -> date | None:
        """The single day asked for, if it is one."""
        return self.first_day if self.first_day == self.last_day else None


def _num(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    w = _UMLAUT.get(word, word)
    try:
        return int(text2num(w, "de"))
    except (ValueError, TypeError):
        small = {"ein": 1, "eins": 1, "eine": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "funf": 5,
                 "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12}
        return small.get(word)


def _ordinal(word: str) -> int | None:
    """"achtundzwanzigsten" → 28, "ersten" → 1, "dritte" → 3."""
    for end in ("en", "er", "es", "em", "e"):
        if word.endswith(end) and len(word) > len(end) + 2:
            stem = word[: -len(end)]
            if stem in _ORDINAL_1_19:
                return _ORDINAL_1_19[stem]
            if stem.endswith("st"):
                n = _num(stem[:-2])
                if n is not None and 20 <= n <= 31:
                    return n
    return None


_GREETING_TIME = re.compile(r"(?<![\w])(?:(?:guten|gute|schönen|schonen|einen schönen|einen schonen) "
                            r"(?:morgen|abend|tag|mittag|nachmittag)(?: noch)?|^\s*n (?:abend|morgen|tag)|nabend|"
                            r"gute nacht)(?![\w])")
# "ja morjen, Fritsche hier", "Morgen, Zander aus Niemegk": a greeting, where the word after it is
# no goods ("Morgen Spargel aus Beelitz" orders for tomorrow)
_MORNING_HELLO = re.compile(r"^(\s*(?:(?:ja|na|also|so|äh|ähm|hallo),? )*)(?:morgen|morjen)(,? (\w+) (?:hier|aus|von)\b)")


_HOUR_WITH_E = re.compile(r"\b((?:um|gegen|gege|ab|bis|vor|nach) (?:halb )?)(zweie|dreie|viere|funfe|sechse|siebene|achte|"
                          r"neune|zehne|elfe|zwolfe)\b")


_FAT_THURSDAY = re.compile(r"(?:^| )(?:schmotzige[nr]?|schmotziga|schmutzige[nr]?|gumpige[nr]?) "
                           r"(?:dunschtig|donnerstag|donnschtig)(?= |$)")
_MARY_ASSUMPTION = re.compile(r"(?:^| )(?:maria|mariae|mari) himmelfahrt(?= |$)")
_UNITY_DAY = re.compile(r"(?:^| )tag der (?:deutschen )?einheit(?= |$)")
_THREE_KINGS = re.compile(r"(?:^| )(?:heilige[nm]?|heilign|hl\.?) drei ?konig(?:e|en|stag)?(?= |$)")
_CHRISTMAS_DAY = re.compile(r"(?:^| )(erste[nrs]?|d1|zweite[nrs]?|d2)\.? weihnachts(?:feier)?tag(?:e|s)?(?= |$)")


def _prep(text: str) -> str:
    t = text.lower()
    # a greeting or farewell names no time: "Guten Abend, 1 kg Rippchen", "n Abend", "schönen Abend noch"
    t = _GREETING_TIME.sub(" ", t)
    hello = _MORNING_HELLO.match(t)
    if hello is not None and not lexicon().is_goods(hello.group(3)):
        t = f"{hello.group(1)} {hello.group(2)}{t[hello.end():]}"
    # "Gehacktes halb+halb⏎6 Bratwurst": "halb" before a break in the list tells no time ("halb 6")
    t = re.sub(r"\bhalb(?=\s*[,;\n+&/])", "halbes", t)
    # 28.11.2026 / 28.11. / 28.11.26 → d28m11y2026
    t = re.sub(r"\b(\d{1,2})\.\s?(\d{1,2})\.(?:\s?(\d{4}|\d{2})\b)?",
               lambda m: f" d{m.group(1)}m{m.group(2)}" + (f"y{m.group(3)}" if m.group(3) else "") + " ", t)
    # 15:30 / 15.30 uhr → 15h30
    t = re.sub(r"\b(\d{1,2})[:.](\d{2})\b", r" \1h\2 ", t)
    # "am 28." → d28
    t = re.sub(r"\b(\d{1,2})\.(?=\s|$)", r" d\1 ", t)
    # typed digraphs: "uebermorgen", "naechste", "zwoelf"
    folded = _DIGRAPH.sub(lambda m: m.group(0)[0], fold(t))
    # "Mittwochabend", "freitagnachmittag", "samstagfrüh": the day and its part
    folded = _DAY_WITH_PART.sub(r"\1 \2", folded)
    # "am zweiten Weihnachtsfeiertag": one named day, not the second of next month
    folded = _MARY_ASSUMPTION.sub(" mariahimmelfahrt ", folded)  # before "Himmelfahrt" alone: Ascension
    folded = _UNITY_DAY.sub(" einheitstag ", folded)
    folded = _THREE_KINGS.sub(" dreikonig ", folded)
    folded = _FAT_THURSDAY.sub(" schmotzig ", folded)  # "am Heiligen Drei König", "Heilige Drei Könige"
    folded = _CHRISTMAS_DAY.sub(lambda m: " weihnachtstag1 " if m.group(1).startswith(("erst", "1", "d1")) else
                                " weihnachtstag2 ", folded)
    # "wann könnt dat denn frühestens kommen": the earliest, when no hour follows
    folded = re.sub(r"(^| )fruhestens(?! (?:ab |um |gegen )?(?:\d|halb|eins|zwei|drei|vier|funf|sechs|sieben|acht|"
                    r"neun|zehn|elf|zwolf|am |montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|"
                    r"morgen|ubermorgen|nachste))", r"\1fruhestmoglich", folded)
    folded = _EVENING_PHRASE.sub(" abends ", folded)
    folded = _AFTER_WORK.sub(" abends ", folded)
    # the hour with the south-west's -e: "so um zehne rum", "gege viere", "ab elfe"
    folded = _HOUR_WITH_E.sub(lambda m: m.group(1).replace("gege ", "gegen ") + m.group(2)[:-1], folded)
    # said and typed short forms: "heut", "morgn", "in der früh", "Sa", "Do."
    return " ".join(_SHORT_FORMS_FOLDED.get(w) or _respelt_when(w) or w for w in folded.split())


def _respelt_when(word: str) -> str | None:
    """"morjen" → "morgen", "sonnabendach" stays: a day word said with a regional sound."""
    if len(word) < 5 or word in _SHORT_FORMS_FOLDED:
        return None
    return standard_form(word, WHEN_WORDS.__contains__)


# Whole words only; "so" (Sonntag) is left out: it is far more often "so".
_SHORT_FORMS = {"heut": "heute", "heit": "heute", "hait": "heute", "morgn": "morgen", "mo": "montag", "di": "dienstag",
                "mi": "mittwoch", "do": "donnerstag", "fr": "freitag", "sa": "samstag", "mrgn": "morgen",
                "nachmittach": "nachmittag", "vormittach": "vormittag", "obend": "abend", "omds": "abends",
                # Swabian, Alemannic, Bavarian and Low German days as the phone hears them
                "morge": "morgen", "moarge": "morgen", "morgä": "morgen", "übermorge": "übermorgen",
                "ubermorge": "übermorgen", "samschtig": "samstag", "samstig": "samstag", "sunntig": "sonntag",
                "mäntig": "montag", "mentig": "montag", "zischtig": "dienstag", "dienschtig": "dienstag",
                "mittwuch": "mittwoch", "midwoch": "mittwoch", "dunschtig": "donnerstag", "donnschtig": "donnerstag",
                "friedig": "freitag", "freidig": "freitag", "fraidig": "freitag", "sunnabend": "sonnabend",
                # Markgräflerland, Breisgau, Switzerland: "am Friitig nomidag", "Dunnschtig"
                "friitig": "freitag", "fritig": "freitag", "dunnschtig": "donnerstag", "dunnstig": "donnerstag",
                "nomidag": "nachmittag", "nomidaag": "nachmittag", "namidag": "nachmittag",
                "sonnobend": "sonnabend", "namittag": "nachmittag", "nomittag": "nachmittag",
                # "-tach" for "-tag" (Westphalia, Rhineland, Ruhr, Berlin)
                "montach": "montag", "dienstach": "dienstag", "donnerstach": "donnerstag", "freitach": "freitag",
                "samstach": "samstag", "sonntach": "sonntag", "mittach": "mittag", "middach": "mittag",
                "vormiddach": "vormittag", "nachmiddach": "nachmittag",
                # Palatinate, Hesse, Saarland, Swabia
                "mondach": "montag", "dinschdag": "dienstag", "dinschdach": "dienstag", "zeischdig": "dienstag",
                "mittich": "mittwoch", "dunnerschdag": "donnerstag", "dunnerschdach": "donnerstag",
                "dunnerschdig": "donnerstag", "donnerschdag": "donnerstag", "freidach": "freitag",
                "samschdag": "samstag", "samschdach": "samstag", "samschdig": "samstag", "sonndag": "sonntag",
                "sunndag": "sonntag", "sonndig": "sonntag",
                # dayparts of the Palatinate ("owends", "nochmiddags", "vormiddags") and days with "d" for "t"
                "owends": "abends", "owend": "abend", "nochmiddags": "nachmittags", "nochmiddag": "nachmittag",
                "nomiddags": "nachmittags", "vormiddags": "vormittags", "vormiddag": "vormittag",
                "freidags": "freitags", "freidag": "freitag", "morjens": "morgens", "donnerschdags": "donnerstags",
                # Bavaria and Austria ("Pfinstag" is Thursday, "Ertag" Tuesday)
                "moda": "montag", "ertag": "dienstag", "irta": "dienstag", "irda": "dienstag",
                "iada": "dienstag", "pfinsta": "donnerstag", "pfinstag": "donnerstag", "freida": "freitag",
                "samsta": "samstag", "heid": "heute", "heint": "heute", "moang": "morgen", "moing": "morgen",
                "friah": "früh", "fria": "früh", "nammittag": "nachmittag",
                # Low German
                "maandag": "montag", "dingsdag": "dienstag", "middeweek": "mittwoch", "dunnersdag": "donnerstag",
                "freedag": "freitag", "sünnavend": "sonnabend", "sünnabend": "sonnabend", "sonnamd": "sonnabend",
                "sünndag": "sonntag", "vörmiddag": "vormittag", "namiddag": "nachmittag", "avends": "abends"}


_SHORT_FORMS_FOLDED = {fold(k): fold(v) for k, v in _SHORT_FORMS.items()}  # matched on the folded words
# Regional days and dayparts that do not look like the standard word (the reader of goods words
# leaves them out too): folded spellings, longest first for a regular expression.
REGIONAL_WHEN_WORDS = tuple(sorted((k for k in _SHORT_FORMS_FOLDED if len(k) > 3), key=len, reverse=True))
# The standard words of a day or a time of day, folded: what a regional respelling may turn into
# ("morjen" → "morgen", nlu.reading)
WHEN_WORDS = frozenset({*_WEEKDAY_WORDS, *_DAYPART_WORDS, *_SHORT_FORMS_FOLDED.values(), "morgen", "ubermorgen",
                        "heute", "gleich", "woche", "wochenende", "nachste", "nachsten", "kommenden",
                        *_FIXED_DAYS, *_EASTER_DAYS})  # "heilijabend", "fronleichnam"
# "nach der Arbeit", "nach Feierabend": in the evening
# "nach der Arbeit", also glued ("nachder arbeit"); read by nlu.reading as a time too
AFTER_WORK_PHRASE = r"nach ?(?:der arbeit|dem dienst|der schicht|(?:dem )?feierabend)"
_AFTER_WORK = re.compile(rf"\b{AFTER_WORK_PHRASE}\b")
# "auf d'Nacht" (Bavarian: in the evening)
EVENING_PHRASE = r"auf (?:d|die|da|de) ?nacht"  # folded: the apostrophe of "auf d'Nacht" is gone
_EVENING_PHRASE = re.compile(rf"\b{EVENING_PHRASE}\b")
_DAY_WITH_PART = re.compile(r"\b(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)"
                            r"(morgen|vormittag|mittag|nachmittag|abend|fruh)\b")

_DIGRAPH = re.compile(r"ae|oe|ue")


def _parse_clock(words: list[str], i: int) -> tuple[time, int, bool] | None:
    """A time of day at words[i]: "15", "15 uhr", "15h30", "zehn", "halb zehn", "10 uhr 30".
    Returns (time, next index, explicit) – explicit when "uhr" or minutes were said."""
    if i >= len(words):
        return None
    w = words[i]
    m = re.fullmatch(r"(\d{1,2})h(\d{2})", w)
    if m:
        h, mi = int(m.group(1)), int(m.group(2))
        j = i + 1
        if j < len(words) and words[j] == "uhr":
            j += 1
        return (time(h % 24, mi), j, True) if h < 25 and mi < 60 else None
    if w == "halb" and i + 1 < len(words):
        n = _num(words[i + 1])
        if n is not None and 1 <= n <= 24:
            return time((n - 1) % 24, 30), i + 2, True
        return None
    n = _num(w)
    if n is None or not 0 <= n <= 24:
        return None
    j = i + 1
    explicit = False
    minutes = 0
    if j < len(words) and words[j] == "uhr":
        explicit = True
        j += 1
        if j < len(words):
            mn = _num(words[j])
            if mn is not None and 0 < mn < 60 and (j + 1 >= len(words) or words[j + 1] not in ("uhr",)):
                minutes = mn
                j += 1
    return time(n % 24, minutes), j, explicit


_SWAP_VERBS = frozenset({"tauschen", "tausche", "tausch", "austauschen", "umtauschen", "eintauschen"})


def _amount_of_goods(words: list[str], after: int) -> bool:
    """"Lammkeule, ca. 2 kg": a number followed by a unit or container is an amount, not an hour."""
    return after < len(words) and (is_amount_word(words[after]) or words[after] in ("euro", "eur"))


def _pm(t: time, daypart: str | None) -> time:
    if daypart in ("nachmittag", "abend") and t.hour <= 11 and t.hour != 0:
        return time(t.hour + 12, t.minute)
    if daypart in ("früh", "vormittag"):
        return t
    if 1 <= t.hour <= 6:
        return time(t.hour + 12, t.minute)
    return t


def _next_weekday(today: date, wd: int, allow_today: bool = True) -> date:
    delta = (wd - today.weekday()) % 7
    if delta == 0 and not allow_today:
        delta = 7
    return today + timedelta(days=delta)


# Words that take back what was just said about the day: "nächsten Donnerstag, äh nee, da hat der
# Imker Urlaub, dann am Montag drauf"; "Dienstag vormittag. Nein, doch lieber nachmittags"
_CORRECTION = re.compile(r"(?<![\w])(?:nee|nein|nö|doch|lieber|dann|denn|aber|besser|stattdessen)(?![\w])",
                         re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;!?\n]|(?<!\d)\.")  # not the dots of "mo 12.4. nachmittags"
# "am Montag drauf": the weekday after the day named before
_WEEKDAY_AFTER = re.compile(r"(?<![\w])(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)s?"
                            r" (?:drauf|darauf|danach)(?![\w])")


def parse_when(text: str | None, now: datetime, tz: str = "Europe/Berlin") -> WhenRequest | None:
    """Parse a German "when" phrase relative to ``now`` (aware). None when nothing is understood.

    A day or time said after a word that takes the earlier one back ("nee", "doch lieber", "dann")
    wins, and the first clause after it says it (what follows is the reason: "nachmittags,
    vormittags bin ich beim Arzt"). A correction that names only the time of day keeps the day
    said before it.
    """
    if not text:
        return None
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if _NEXT_WEEK.search(fold(text)):
        text = _WEEK_AFTER.sub("übernächste Woche", text)  # "nächste Woch habt ihr zu, dann die Woch drauf"
    whole = _parse_when_once(text, now, tz)
    if whole is None:
        return None  # most turns say no time at all: one reading, however many "dann" they hold
    first_choice, otherwise = _wish_and_otherwise(text)
    if otherwise and _parse_when_once(otherwise, now, tz) is not None and not _NEGATED.search(fold(first_choice)):
        first = parse_when(first_choice, now, tz)  # "heute ab 16 Uhr, und wenn das nicht klappt, morgen": today
        if first is not None:
            return first
    for ruled_out in _RULED_OUT.finditer(text):
        # "Mittwoch abend, Donnerstag is ja Feiertag": the day said to be closed is no wish
        if _parse_when_once(ruled_out.group("day"), now, tz) is None:
            continue
        rest = text[:ruled_out.start()] + " , " + text[ruled_out.end():]
        wish = parse_when(rest, now, tz)
        if wish is not None and (wish.first_day is not None or wish.asap):
            return wish
    for marker in reversed(list(_CORRECTION.finditer(text))):
        after = text[marker.end():]
        if _parse_when_once(after, now, tz) is None:
            continue
        clauses = _CLAUSE_END.split(after)
        k = next((k for k in range(1, len(clauses) + 1) if _parse_when_once(",".join(clauses[:k]), now, tz)), 0)
        if not k:
            continue
        # "dann Dienstag, 2. Januar, vormittags": short clauses of time words only go on saying it
        while k < len(clauses) and _TIME_ONLY.fullmatch(clauses[k].strip(" .!?")) and _parse_when_once(clauses[k], now, tz):
            k += 1
        said = _parse_when_once(",".join(clauses[:k]), now, tz)
        if said is None:
            continue
        before = _parse_when_once(text[:marker.start()], now, tz)
        return _corrected(text, before, said, tz)
    return whole


# "Freitag kann ich nicht, sonst Samstag": the first day is ruled out, not a first choice
_NEGATED = re.compile(r"\b(?:nicht|nich|net|ned|nit|kein\w*)\b")
# "nächste Woch habt ihr zu, dann die Woch drauf": the week after next (only where the next is ruled out)
_NEXT_WEEK = re.compile(r"\bnachste(?:n)? woche?\b.{0,40}?\b(?:zu|geschlossen|urlaub|betriebsurlaub|nicht|nich|net|ned)\b")
_WEEK_AFTER = re.compile(r"\b(?:die\s+)?woche?\s+(?:drauf|darauf|danach)\b", re.IGNORECASE)

# "…, und wenn das nicht mehr klappt, halt morgen Vormittag", "…, sonst Montag": a second choice
_OTHERWISE = re.compile(r"[,;]?\s*(?:und\s+|oder\s+)?(?:wenn|falls)\s+(?:das|es|dit|des|dat)\s+(?:\w+\s+)?nicht"
                        r"(?:\s+mehr)?\s+(?:klappt|geht|passt|reicht)\b[,]?|[,;]\s*(?:sonst|ansonsten|notfalls)\b",
                        re.IGNORECASE)


def _wish_and_otherwise(text: str) -> tuple[str, str]:
    """The time wished for and, after "wenn das nicht klappt" or "sonst", the second choice."""
    found = _OTHERWISE.search(text)
    return (text[:found.start()], text[found.end():]) if found else (text, "")


def otherwise_when(text: str | None, now: datetime, tz: str = "Europe/Berlin") -> WhenRequest | None:
    """The second choice of a time ("heute ab 16 Uhr, sonst morgen früh"), None without one."""
    if not text:
        return None
    wish, otherwise = _wish_and_otherwise(text)
    return parse_when(otherwise, now, tz) if otherwise and parse_when(wish, now, tz) is not None else None


# A short clause of three words at most, none of them a verb or "nicht" ("2. Januar", "vormittags"),
# or a range of hours ("zwischen 16 und 19 Uhr")
_TIME_ONLY = re.compile(r"(?!.*(?<![\w])(?:nicht|kein\w*|geht|gehts|bin|ist|sind|hab|habe|kann|muss|passt)(?![\w]))"
                        r"\S+(?: \S+){0,2}|"
                        # "…, zwischen 16 und 19 Uhr", "…, so von neun bis zwölf"
                        r"(?:so |etwa |ungefahr |ungefähr )?(?:zwischen|von) \S+ (?:und|bis) \S+(?: uhr)?", re.IGNORECASE)


# A day said to be closed ("Donnerstag is ja Feiertag", "mo is ja feiertag", "am Samstag haben die zu")
_RULED_OUT = re.compile(r"(?<![\w])(?:am |der |die |den )?(?P<day>[\w.]+) (?:ist|is|isch|hat|haben|sind|san)"
                        r"(?: (?:ja|doch|aber|leider|da|eh|schon|die|der|sie|se|wieder))* "
                        r"(?:feiertag|zu|geschlossen|ruhetag|urlaub|betriebsurlaub)(?![\w])", re.IGNORECASE)


def _corrected(text: str, before: WhenRequest | None, said: WhenRequest, tz: str) -> WhenRequest:
    """What a correction asks for, with the day said before it where it names none."""
    first, last, fallback = said.first_day, said.last_day, said.fallback_days
    after = _WEEKDAY_AFTER.search(_prep(text))
    if before is not None and before.first_day is not None and after is not None:
        wd = _WEEKDAY_WORDS[after.group(1)]
        first = last = before.first_day + timedelta(days=(wd - before.first_day.weekday() - 1) % 7 + 1)
        fallback = None
    elif first is None and not said.asap and before is not None:
        first, last, fallback = before.first_day, before.last_day, before.fallback_days
    return WhenRequest(text=text, asap=said.asap, first_day=first, last_day=last, fallback_days=fallback,
                       daypart=said.daypart, start=said.start, end=said.end, mode=said.mode, tz=tz)


def _parse_when_once(text: str, now: datetime, tz: str) -> WhenRequest | None:
    """One reading of the whole phrase: of several days the last said wins."""
    if not text.strip():
        return None
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    s = _prep(text)
    words = s.split()
    joined = " ".join(words)

    asap = any(re.search(rf"(^| ){re.escape(p)}($| )", joined) for p in _ASAP)
    if asap:
        # "so früh wie möglich" asks for the earliest window, not a morning one
        joined = re.sub(r"(^| )(?:so|moglichst) fruh(?= wie moglich| |$)", " ", joined).strip()
        words = joined.split()

    first = last = None
    fallback: tuple[date, date] | None = None
    daypart: str | None = None
    start = end = None
    mode = "overlap"
    next_week = False
    week_after = False
    used: set[int] = set()

    # --- relative week words -------------------------------------------------------------
    for i, w in enumerate(words):
        if w == "woche" and i > 0 and words[i - 1] in _NEXT:
            next_week = True
            used.update({i - 1, i})
        elif w == "woche" and i > 0 and words[i - 1] in ("ubernachste", "ubernachsten"):
            week_after = True
            used.update({i - 1, i})
    monday = today - timedelta(days=today.weekday())

    # --- explicit dates --------------------------------------------------------------------
    for i, w in enumerate(words):
        m = re.fullmatch(r"d(\d{1,2})(?:m(\d{1,2}))?(?:y(\d{2,4}))?", w)
        day_n = month_n = year_n = None
        if m:
            day_n = int(m.group(1))
            month_n = int(m.group(2)) if m.group(2) else None
            if m.group(3):
                year_n = int(m.group(3))
                year_n += 2000 if year_n < 100 else 0
            j = i + 1
        elif (w.isdigit() and 1 <= int(w) <= 31 and i > 0 and words[i - 1] in ("am", "den", "der", "zum")
              and (i + 1 >= len(words) or words[i + 1] not in ("uhr",))) or _ordinal(w) is not None:
            if w.isdigit():
                day_n = int(w)
            else:
                day_n = _ordinal(w)
            j = i + 1
        else:
            continue
        if j < len(words) and words[j] in _MONTH_WORDS:
            month_n = _MONTH_WORDS[words[j]]
            j += 1
        elif j < len(words) and words[j].isdigit() and month_n is None and 1 <= int(words[j]) <= 12 \
                and (j + 1 >= len(words) or words[j + 1] != "uhr"):
            month_n = int(words[j])
            j += 1
        d = _resolve_date(today, day_n, month_n, year_n)
        if d is None:
            continue
        first = last = d
        used.update(range(i, j))
        if i > 0 and words[i - 1] in ("am", "den", "der", "zum"):
            used.add(i - 1)
        break

    # --- relative days and weekdays ---------------------------------------------------------
    # "Oh, der 1. Mai, stimmt. Dann hole ich es schon Freitag ab": a day said after a date
    # corrects it, as any day said later does
    date_end = max(used) if first is not None and used else -1
    later_day = first is not None and any(
        w in _WEEKDAY_WORDS or w in ("heute", "ubermorgen") or (w == "morgen" and i > 0 and words[i - 1] not in (
            "heute", "am", "gestern", "fruh") and words[i - 1] not in _WEEKDAY_WORDS)
        for i, w in enumerate(words) if i > date_end)
    if later_day:
        first = last = None
    if first is None:
        for i, w in enumerate(words):
            if i in used or i <= date_end:
                continue
            if w == "heute":
                first = last = today
                used.add(i)
            elif w in ("ubermorgen",):
                first = last = today + timedelta(days=2)
                used.add(i)
            elif w == "morgen":
                prev = words[i - 1] if i > 0 else ""
                if prev in ("heute", "am", "gestern", "fruh") or prev in _WEEKDAY_WORDS or (
                    first is not None and i > 0
                ):
                    daypart = daypart or "früh"
                else:
                    first = last = today + timedelta(days=1)
                used.add(i)
            elif (named := _named_day(w, today)) is not None:
                first = last = named
                used.add(i)
            elif w in _WEEKDAY_WORDS:
                wd = _WEEKDAY_WORDS[w]
                prev = words[i - 1] if i > 0 else ""
                if next_week or week_after:
                    base = monday + timedelta(days=14 if week_after else 7)
                    first = last = base + timedelta(days=wd)
                elif prev in _NEXT:
                    first = last = _next_weekday(today, wd, allow_today=False)
                    used.add(i - 1)
                elif prev in ("ubernachsten", "ubernachste"):
                    first = last = _next_weekday(today, wd, allow_today=False) + timedelta(days=7)
                else:
                    first = last = _next_weekday(today, wd)
                    if first == today:
                        fb = today + timedelta(days=7)
                        fallback = (fb, fb)
                used.add(i)
            elif w == "wochenende":
                sat = _next_weekday(today, 5) if today.weekday() != 6 else today
                if next_week:
                    sat = monday + timedelta(days=12)
                first, last = (sat, sat + timedelta(days=1)) if today.weekday() != 6 else (today, today)
                used.add(i)
            elif w == "in" and i + 2 < len(words) and words[i + 2] in ("tagen", "tag", "wochen", "woche"):
                n = _num(words[i + 1])
                if n is not None:
                    k = n * (7 if words[i + 2].startswith("woche") else 1)
                    first = last = today + timedelta(days=k)
                    used.update({i, i + 1, i + 2})
        if first is None and (next_week or week_after):
            base = monday + timedelta(days=14 if week_after else 7)
            first, last = base, base + timedelta(days=6)
        if first is None and re.search(r"(^| )diese woche($| )", joined):
            first, last = today, monday + timedelta(days=6)

    # --- dayparts --------------------------------------------------------------------------
    for i, w in enumerate(words):
        if w in _DAYPART_WORDS:
            daypart = _DAYPART_WORDS[w]
            if daypart == "mittag" and "nach" in words[max(0, i - 2):i]:
                daypart = "nachmittag"  # "nach dem mittag"

    # --- clock times -----------------------------------------------------------------------
    i = 0
    while i < len(words):
        w = words[i]
        if w == "zwischen" or (w == "von" and "bis" in words[i + 1:i + 5]):
            a = _parse_clock(words, i + 1)
            if a:
                sep = a[1]
                if sep < len(words) and words[sep] in ("und", "bis"):
                    b = _parse_clock(words, sep + 1)
                    if b:
                        t1, t2 = _pm(a[0], daypart), _pm(b[0], daypart)
                        if t2 <= t1 and t2.hour + 12 < 24:
                            t2 = time(t2.hour + 12, t2.minute)
                        start, end, mode = t1, t2, "overlap"
                        i = b[1]
                        continue
        elif w in ("ab", "nach", "fruhestens") or (w == "erst" and i + 1 < len(words) and words[i + 1] == "ab"):
            k = i + 1 + (1 if w == "erst" else 0)
            a = _parse_clock(words, k)
            if a and not _is_date_token(words, k):
                start, end, mode = _pm(a[0], daypart), None, "after"
                i = a[1]
                continue
        elif w in ("bis", "vor", "spatestens") and not (i > 0 and words[i - 1] in ("zwischen",)):
            a = _parse_clock(words, i + 1)
            if a and not _is_date_token(words, i + 1):
                start, end, mode = None, _pm(a[0], daypart), "until"
                i = a[1]
                continue
        elif w in ("gegen", "um", "circa", "ca", "etwa") \
                and not (w == "gegen" and i and words[i - 1] in _SWAP_VERBS):  # "tauschen gegen 4 Mohnkuchen"
            a = _parse_clock(words, i + 1)
            if a and not _is_date_token(words, i + 1) and not _amount_of_goods(words, a[1]):
                t = _pm(a[0], daypart)
                start, end, mode = t, t, "around"
                i = a[1]
                continue
        elif w.isdigit() or w == "halb" or re.fullmatch(r"\d{1,2}h\d{2}", w):
            a = _parse_clock(words, i)
            if a and a[2] and start is None and end is None:
                t = _pm(a[0], daypart)
                start, end, mode = t, t, "around"
                i = a[1]
                continue
        i += 1

    if daypart and start is None and end is None:
        start, end = DAYPARTS[daypart]
        mode = "overlap"
    if not asap and first is None and start is None and end is None and daypart is None:
        return None
    return WhenRequest(text=text, asap=asap, first_day=first, last_day=last, fallback_days=fallback,
                       daypart=daypart, start=start, end=end, mode=mode, tz=tz)


def _is_date_token(words: list[str], i: int) -> bool:
    return i < len(words) and (re.fullmatch(r"d\d.*", words[i]) is not None or (i + 1 < len(words) and words[i + 1] in _MONTH_WORDS))


def _resolve_date(today: date, day_n: int | None, month_n: int | None, year_n: int | None) -> date | None:
    if day_n is None or not 1 <= day_n <= 31:
        return None
    if month_n is not None and not 1 <= month_n <= 12:
        return None
    if year_n is not None and month_n is not None:
        try:
            return date(year_n, month_n, day_n)
        except ValueError:
            return None
    if month_n is not None:
        for y in (today.year, today.year + 1):
            try:
                d = date(y, month_n, day_n)
            except ValueError:
                continue
            if d >= today:
                return d
        return None
    y, mth = today.year, today.month
    for _ in range(13):
        try:
            d = date(y, mth, day_n)
            if d >= today:
                return d
        except ValueError:
            pass
        mth += 1
        if mth == 13:
            y, mth = y + 1, 1
    return None


# ---- window matching ---------------------------------------------------------------------------


def _fits_time(req: WhenRequest, w: Any, zone: ZoneInfo) -> bool:
    if req.start is None and req.end is None:
        return True
    s_loc = w.start.astimezone(zone)
    e_loc = w.end.astimezone(zone)
    ws = s_loc.hour * 60 + s_loc.minute
    we = e_loc.hour * 60 + e_loc.minute
    if e_loc.date() > s_loc.date():
        we = 24 * 60
    rs = req.start.hour * 60 + req.start.minute if req.start else None
    re_ = req.end.hour * 60 + req.end.minute if req.end else None
    if req.mode == "after":  # "früh so ab neun": from nine, in the morning
        return ws >= rs and (req.daypart not in ("früh", "vormittag") or ws < 12 * 60)
    if req.mode == "until":
        return we <= re_
    if req.mode == "around":
        assert rs is not None  # "gegen 10" is always read with its time
        return ws <= rs + 60 and we >= rs - 60
    rs = 0 if rs is None else rs
    re_ = 24 * 60 if re_ is None else re_
    return ws < re_ and we > rs


def _ends_after(req: WhenRequest, w: Any, zone: ZoneInfo, minutes: int) -> bool:
    """The window runs on at least ``minutes`` past the hour asked for."""
    assert req.start is not None
    e_loc = w.end.astimezone(zone)
    s_loc = w.start.astimezone(zone)
    we = 24 * 60 if e_loc.date() > s_loc.date() else e_loc.hour * 60 + e_loc.minute
    return we >= req.start.hour * 60 + req.start.minute + minutes


def _on_days(w: Any, zone: ZoneInfo, days: tuple[date | None, date | None]) -> bool:
    first, last = days
    if first is None:
        return True
    d = w.start.astimezone(zone).date()
    return first <= d <= (last or first)


def match_windows(
    request: WhenRequest | None,
    windows: Iterable[Any],
    now: datetime,
    tz: str | None = None,
    limit: int | None = None,
    pickup: bool = False,
) -> list[Any]:
    """Open windows matching the request, ordered by start (see module doc). For a pick-up,
    "nach 16 Uhr" also fits a window 15–18:30 that day (one comes by when it suits; a delivery
    "ab 16 Uhr" must not arrive before)."""
    zone = ZoneInfo(tz or (request.tz if request else "Europe/Berlin"))
    open_ws = sorted((w for w in windows if getattr(w, "open", True) and w.end > now),
                     key=lambda w: w.start)
    if request is None:
        return open_ws[:limit] if limit else open_ws
    timed = [w for w in open_ws if _fits_time(request, w, zone)]
    days = (request.first_day, request.last_day)
    out = [w for w in timed if _on_days(w, zone, days)]
    if not out and request.fallback_days:
        out = [w for w in timed if _on_days(w, zone, request.fallback_days)]
    if not out and pickup and request.mode == "after" and request.start is not None:
        # "morgen nach 16 Uhr" with a window 15–18:30 that day, "ab 17" with one 15–18: an hour after it is enough
        later = [w for w in open_ws if _on_days(w, zone, days) and _ends_after(request, w, zone, minutes=60)]
        out = later
    if request.asap:
        n = limit or 3
        return out[:n]
    return out[:limit] if limit else out


# ---- formatting --------------------------------------------------------------------------------


def _clock(dt: datetime) -> str:
    return f"{dt.hour}" if dt.minute == 0 else f"{dt.hour}:{dt.minute:02d}"


def format_window(start: datetime, end: datetime, tz: str = "Europe/Berlin") -> str:
    """"Samstag, 28. November, 9–13 Uhr" in ``tz``: ordering's wording, plus windows that span days."""
    zone = ZoneInfo(tz)
    s = start.astimezone(zone) if start.tzinfo else start
    e = end.astimezone(zone) if end.tzinfo else end
    if e.date() != s.date() and not (e.hour == 0 and e.minute == 0 and e.date() == s.date() + timedelta(days=1)):
        head = f"{WEEKDAYS[s.weekday()]}, {s.day}. {MONTHS[s.month - 1]}"
        return f"{head}, {_clock(s)} Uhr bis {WEEKDAYS[e.weekday()]}, {e.day}. {MONTHS[e.month - 1]}, {_clock(e)} Uhr"
    return windows_format_window(s, e)
