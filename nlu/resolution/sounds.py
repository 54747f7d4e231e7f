"""Regional sound shifts undone, word by word, where the standard word is one we know.

Word lists of dialect forms ("zwee", "nachmittach", "kaschte") only ever cover the words someone
wrote down. Most regional forms follow a handful of sound rules instead: Berlin and Brandenburg say
"j" for "g" ("jläser", "morjen", "jroß"), "-ich" and "-ach" for "-ig" and "-ag" ("honich",
"montach"), "ee" and "oo" for "ei" and "au" ("kleen", "ooch"), "-et" for "-es" ("kleenet"), "pp" for
"pf" ("Töppe", "Köppe"), and with Saxony and Thuringia "f" for a first "pf" ("Fund", "Fannkuchen"); Hesse and the Palatinate drop a final "-n" ("Kaste", "Karpfe"), say "aa"
for "ei" or "au" ("zwaa", "aach"), "ww" and "bb" for "b" and "pp" ("Lewwer", "Ribbche"), "-che" for
"-chen", and with Hesse "sch" for "s" before "t" and "-isch" for "-ig" ("Kischde", "mehlisch"),
"w" for "b" ("liewer") and "d" for "t" ("freidags"); the south-west drops a final "-e" ("Säck", "Tüt"). ``respellings`` undoes these, alone and
in pairs; a caller keeps a respelling only where the result is a word it knows (a unit, a day, a
word of the catalog), so a word that merely looks regional is never turned into something else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import combinations

# (pattern, replacement, why). Each rule is applied to every place it matches at once.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^j(?=[aeiouäöülr])", "g"),       # Berlin-Brandenburg, Lower Rhine: "jläser", "jroß", "jut"
    (r"(?<=[aeiouäöürln])j(?=e)", "g"),  # "morjen", "wejen", "Kernjen"
    (r"(?<=i)j(?=[aeiou])", "g"),        # "heilijabend", "billija"
    (r"(?<=\w\w)ich$", "ig"),            # "honich", "küchenfertich"
    (r"(?<=\w\w)ichen$", "igen"),        # "fertichen"
    (r"(?<=\w)ach$", "ag"),              # "montach", "nachmittach"
    (r"ee", "ei"),                       # "kleen", "weeß", "zwee"
    (r"oo", "au"),                       # "ooch", "koofen"
    (r"oi", "ei"),                       # Swabian, Bavarian: "Oier", "hoim", "Schnoi"
    (r"(?<=\w\w)et$", "es"),             # "kleenet", "halbet"
    (r"ppe(?=n?$)", "pfe"),              # "Töppe", "Köppe" (not "topp": agreed)
    (r"aa", "ei"),                       # Hessian "zwaa", "klaa"
    (r"aa", "au"),                       # Hessian "aach"
    (r"ww", "b"),                        # "Lewwer", "Ebbel" is the lexicon's
    (r"bb", "pp"),                       # "Ribbche"
    (r"rsch(?=t)", "rs"),                # "Worscht", "erscht"
    (r"orscht", "urst"),                 # Thuringia, Saxony, Hesse: "Blutworscht", "Bratworscht"
    (r"^f(?=[aeiouäöül])", "pf"),        # Saxony, Thuringia, Berlin: "Fund", "Fefferkuchen", "Fand"
    (r"(?<=\w\w)che$", "chen"),          # "Ribbche", "Brödche"
    (r"(?<=\w\w)cher$", "chen"),         # Palatinate, Hesse: the plural "Schälcher", "Brödcher"
    (r"(?<=[^aeiouäöü]\w)e$", "en"),     # "Kaste", "Karpfe", "zusamme"
    (r"(?<=\w[bcdfgklmnprstz])$", "e"),  # "Säck", "Tüt"
    (r"^uff", "auf"),                    # "uffgeschnitte"
    (r"(?<=[aeiouäöü])dd(?=[aeiou])", "tt"),  # "middach"
    (r"(?<=[bdgkpt])na$", "en"),         # Bavarian and Franconian: "an trockna" (a dry one)
    (r"(?<=[bdgkptsßz])n$", "en"),       # clipped "-en": "grobn", "backn", "großn", "Brezn"
    (r"(?<=ig)n$", "en"),                # "spritzign"
    (r"(?<=t)o+ch$", "ag"),              # Franconia: "Freitoch", "Montoch", "Nachmittooch"
    (r"(?<=[^aeiouäöü])a$", "en"),       # Swabia: "Flascha", "Krapfa", "großa", "Laugastanga"
    (r"(?<=[bdgkptlmnrsz])a(?=[bdfgkmpstwz][a-zäöüß]{3,}$)", "en"),  # "Laugaweckle", "Buchaholz"
    (r"(?<=[bdfgkptz])l(?![aeiouäöüyl])", "el"),  # Bavarian: "Apflsaft", "Zwiebl", "Schnitzl"
    (r"(?<=[zß])g$", "ig"),              # Franconia, Bavaria, Swabia: "dreißg", "zwanzg", "fuchzg"
    (r"(?<=\w)schd", "st"),              # Palatinate, Saarland: "Kischde", "Samschdag", "Donnerschdach"
    (r"(?<=[aeiouäöün])sch(?=t)", "s"),   # Palatinate, Swabia: "koschte", "sonscht", "nächscht"
    (r"(?<=\w\w)isch(?=(?:e|en|er|es)?$)", "ig"),  # Palatinate, Hesse: "mehlische", "würzisch", "zwanzisch"
    (r"(?<=[aeiouäöülr])w(?=e)", "b"),    # Palatinate, Hesse: "liewer", "selwer", "halwe", "Bauchscheiwe"
    (r"(?<=[aeiouäöü])d(?=[aeiou])", "t"),  # Palatinate, Saxony: "freidags", "Brode", "Dode"
    (r"^g(?=[aou])", "k"),               # Saxony, Thuringia: "Gasten", "Gaffee", "Guchen"
    # little forms, Bavarian and Austrian "-erl", Alemannic "-li": "Laugenstangerl", "Weckli", "Brötli"
    (r"(?<=\w\w\w)erl$", "e"),            # "Stangerl", "Schalerl"
    (r"(?<=\w\w\w)erl$", ""),             # "Packerl", "Kipferl"
    (r"(?<=\w\w\w)li$", ""),              # "Weckli", "Säckli"
    (r"(?<=\w\w\w)li$", "chen"),          # "Brötli", "Schäli"
))
MAX_RULES = 2  # at most two shifts in one word: "kleenet" → "kleines", "ribbche" → "rippchen"


def respellings(word: str) -> list[str]:
    """The word with one or two regional shifts undone, nearest first; never the word itself."""
    return list(_respellings(word.lower()))


@lru_cache(maxsize=4096)  # the matcher asks for the same said words once per candidate it weighs
def _respellings(lower: str) -> tuple[str, ...]:
    if len(lower) < 3 or not lower.isalpha():
        return ()
    applicable = [rule for rule in _RULES if rule[0].search(lower)]
    out: list[str] = []
    for n in range(1, min(MAX_RULES, len(applicable)) + 1):
        for chosen in combinations(applicable, n):
            form = lower
            for pattern, replacement in chosen:
                form = pattern.sub(replacement, form)
            if form != lower and form not in out:
                out.append(form)
    return tuple(out)


def standard_form(word: str, known: Callable[[str], bool]) -> str | None:
    """The first respelling of ``word`` that ``known`` accepts, if ``word`` itself is not known."""
    if known(word.lower()):
        return None
    return next((form for form in respellings(word) if known(form)), None)
