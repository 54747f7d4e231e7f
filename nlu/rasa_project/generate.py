"""Deterministic generator for the bulk of Kiepe's NLU training data.

Run from anywhere:  python nlu/rasa_project/generate.py
Writes (and overwrites) these checked-in files:
  data/nlu_generated.yml   add_items / change_item / remove_item / ask_product / choose_day /
                           voucher examples built from a broad German grocery lexicon
  data/lookup/*.yml        lookup tables for the closed word classes (units, number words, days)

Everything is seeded, so the output is byte-identical on every run; CI can check this with
`python nlu/rasa_project/generate.py --check`.  The text imitates what phone speech recognition
and hurried chat typing produce: lower case, no punctuation, filler words, numbers as words and
digits, split and merged compounds and the odd misheard word.

Annotation convention (the dialogue relies on it):
  * every cart item gets its own entity group "1", "2", ... in order of mention; its quantity,
    unit, product and shop carry that group;
  * a shop said once for the whole order ("alles vom hof schulze") carries no group;
  * quantity is the number phrase only ("zwei", "200", "ein halbes", "anderthalb", "ein dutzend");
    unit the unit word ("kilo", "pfund", "flaschen").  Values stay as spoken (no synonyms):
    nlu/resolution parses German quantities, units and dates from the raw words;
  * a shop is the name without the preposition: "vom [hof schulze]", "beim [bauern]".
Product names in HOLDOUT_ONLY_* never appear here; the held-out file uses them to measure how
entity extraction generalises to unseen names.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261121

# --------------------------------------------------------------------------------------------
# Lexicon.  "|" marks a compound boundary: rendered merged ("vollkornbrot") most of the time,
# sometimes split the way speech recognition writes it ("vollkorn brot", "voll korn brot").
# --------------------------------------------------------------------------------------------
BREAD = ["brot", "vollkorn|brot", "roggen|brot", "roggen|misch|brot", "misch|brot", "grau|brot", "dinkel|brot", "weiß|brot", "bauern|brot", "sonnen|blumen|kern|brot", "kürbis|kern|brot", "pumper|nickel", "schwarz|brot", "westfälisches", "schwarz|brot", "stuten", "rosinen|stuten", "korinthen|stuten", "brötchen", "weizen|brötchen", "körner|brötchen", "mohn|brötchen", "sesam|brötchen", "käse|brötchen", "laugen|brezel", "brezel", "laugen|stange", "croissant", "schoko|croissant", "butter|croissant", "baguette", "ciabatta", "kaiser|brötchen", "milch|brötchen", "franz|brötchen", "berliner", "krapfen", "zimt|schnecke", "apfel|tasche", "streusel|kuchen", "butter|kuchen", "bienen|stich", "käse|kuchen", "apfel|kuchen", "pflaumen|kuchen", "obst|boden", "donau|welle", "frankfurter", "kranz", "schwarzwälder", "kirsch|torte", "sahne|torte", "nuss|ecke", "amerikaner", "spritz|gebäck", "zwie|back", "knäcke|brot", "toast|brot", "vollkorn|toast", "dinkel|brötchen", "roggen|brötchen", "kürbis|kern|brötchen", "hefe|zopf", "rosinen|brötchen", "buchweizen|brot", "kartoffel|brot", "malz|brot", "fladen|brot", "mehrkorn|brot", "mehrkorn|brötchen", "urkorn|brot", "emmer|brot", "krusten|brot", "land|brot", "eiweiß|brot", "quark|bällchen", "mohn|schnecke", "nuss|schnecke", "puddings|teilchen", "plunder|teilchen", "marmor|kuchen", "rühr|kuchen", "zitronen|kuchen", "bienenstich|schnitte", "reibe|kuchen", "westfälischer", "pumpernickel", "münsterländer|brot", "dinkel|vollkorn|brot"]

MEAT = ["rinder|hack", "hack|fleisch", "gemischtes", "hack", "schweine|hack", "rinder|gulasch", "schweine|gulasch", "schnitzel", "schweine|schnitzel", "puten|schnitzel", "kalbs|schnitzel", "rump|steak", "rinder|filet", "schweine|filet", "kotelett", "nacken|steak", "schweine|bauch", "bauch|speck", "speck", "durchwachsener", "speck", "kassler", "frikadellen", "hähnchen|brust", "hähnchen|schenkel", "hähnchen|keulen", "ganzes", "hähnchen", "suppen|huhn", "puten|brust", "rinder|braten", "schweine|braten", "sauer|braten", "rouladen", "rinder|rouladen", "bein|scheibe", "suppen|fleisch", "mark|knochen", "lamm|keule", "lamm|koteletts", "wild|gulasch", "reh|rücken", "hirsch|gulasch", "enten|brust", "gänse|keule", "kalbs|braten", "spare|ribs", "grill|fackeln", "schaschlik", "cevapcici", "hähnchen|spieße", "puten|geschnetzeltes", "rinder|zunge", "schweine|nacken", "rinder|brust", "schweine|leber", "hähnchen|leber", "tafel|spitz", "roast|beef"]

SAUSAGE = ["leber|wurst", "blut|wurst", "mett|wurst", "zwiebel|mett|wurst", "tee|wurst", "salami", "cervelat|wurst", "bier|schinken", "koch|schinken", "gekochter", "schinken", "roher", "schinken", "knochen|schinken", "westfälischer", "schinken", "lyoner", "fleisch|wurst", "brat|wurst", "grobe", "bratwurst", "rost|bratwurst", "wiener", "würstchen", "bock|wurst", "mettenden", "krakauer", "leber|käse", "fleisch|käse", "sülze", "wurst|aufschnitt", "auf|schnitt", "mett", "zwiebel|mett", "pfeffer|beißer", "land|jäger", "rinder|salami", "geflügel|wurst", "pinkel", "wurste|brot", "panhas", "möppken|brot", "kalbs|leber|wurst", "schinken|wurst", "mortadella", "pastete", "jagd|wurst", "paprika|lyoner", "kümmel|braten", "schinken|speck", "lachs|schinken", "katenschinken", "geräucherter", "speck", "münsterländer", "töttchen"]

DAIRY = ["milch", "frisch|milch", "voll|milch", "roh|milch", "butter|milch", "dick|milch", "sahne", "schlag|sahne", "saure", "sahne", "schmand", "creme", "fraiche", "quark", "mager|quark", "sahne|quark", "joghurt", "natur|joghurt", "frucht|joghurt", "butter", "süßrahm|butter", "sauerrahm|butter", "kräuter|butter", "käse", "gouda", "junger", "gouda", "alter", "gouda", "mittelalter", "gouda", "berg|käse", "emmentaler", "tilsiter", "butter|käse", "frisch|käse", "kräuter|frisch|käse", "ziegen|käse", "camembert", "brie", "feta", "mozzarella", "hütten|käse", "kefir", "trink|joghurt", "kakao", "schoko|milch", "heu|milch|käse", "weide|milch", "laktose|freie", "milch", "hafer|milch", "quark|speise", "griechischer", "joghurt", "kräuter|quark", "schafs|käse", "rahm|käse"]

EGGS = ["eier", "frei|land|eier", "bio|eier", "hühner|eier", "wachtel|eier", "boden|haltungs|eier"]

VEG = ["kartoffeln", "fest|kochende", "kartoffeln", "mehlig|kochende", "kartoffeln", "früh|kartoffeln", "süß|kartoffeln", "möhren", "karotten", "zwiebeln", "rote", "zwiebeln", "lauch|zwiebeln", "frühlings|zwiebeln", "knoblauch", "lauch", "porree", "sellerie", "knollen|sellerie", "stauden|sellerie", "rote", "bete", "rot|kohl", "weiß|kohl", "wirsing", "grün|kohl", "rosen|kohl", "blumen|kohl", "brokkoli", "kohlrabi", "spargel", "weißer", "spargel", "grüner", "spargel", "spinat", "feld|salat", "kopf|salat", "eisberg|salat", "rucola", "endivien|salat", "chicoree", "radieschen", "rettich", "gurke", "salat|gurke", "einlege|gurken", "tomaten", "cocktail|tomaten", "strauch|tomaten", "paprika", "rote", "paprika", "zucchini", "aubergine", "kürbis", "hokkaido|kürbis", "butternut|kürbis", "champignons", "pilze", "stein|pilze", "pfifferlinge", "erbsen", "bohnen", "grüne", "bohnen", "dicke", "bohnen", "zucker|mais", "pastinaken", "schwarz|wurzeln", "steck|rüben", "petersilie", "schnitt|lauch", "dill", "basilikum", "koriander", "rosmarin", "thymian", "ingwer", "fenchel", "mangold", "romana|salat", "pflück|salat", "schmor|gurken", "kräuter|seitlinge", "spitz|kohl", "rote", "linsen"]

FRUIT = ["äpfel", "elstar|äpfel", "boskop", "jonagold", "braeburn", "birnen", "pflaumen", "zwetschgen", "kirschen", "erd|beeren", "him|beeren", "heidel|beeren", "blau|beeren", "johannis|beeren", "stachel|beeren", "brom|beeren", "rhabarber", "quitten", "bananen", "orangen", "mandarinen", "clementinen", "zitronen", "limetten", "wein|trauben", "kiwi", "mirabellen", "aprikosen", "pfirsiche", "nektarinen", "melone", "wasser|melone", "ananas", "mango", "tafel|äpfel", "koch|äpfel", "holunder|beeren", "preisel|beeren"]

DRINKS = ["apfel|saft", "naturtrüber", "apfelsaft", "apfel|schorle", "orangen|saft", "multi|vitamin|saft", "trauben|saft", "johannis|beer|saft", "mineral|wasser", "sprudel", "stilles", "wasser", "cola", "limonade", "bier", "pils", "alt|bier", "weizen|bier", "alkoholfreies", "bier", "radler", "rot|wein", "weiß|wein", "rose", "sekt", "korn", "münsterländer", "korn", "kaffee", "kaffee|bohnen", "espresso", "tee", "früchte|tee", "pfeffer|minz|tee", "kamillen|tee", "grüner", "tee", "eistee", "malz|bier", "birnen|saft", "rhabarber|schorle", "holunder|sirup", "apfel|most", "kirsch|saft", "tomaten|saft"]

PANTRY = ["mehl", "weizen|mehl", "dinkel|mehl", "roggen|mehl", "zucker", "puder|zucker", "salz", "nudeln", "spaghetti", "band|nudeln", "reis", "hafer|flocken", "müsli", "honig", "raps|honig", "blüten|honig", "wald|honig", "marmelade", "erdbeer|marmelade", "pflaumen|mus", "apfel|kraut", "rüben|kraut", "senf", "ketchup", "öl", "raps|öl", "oliven|öl", "essig", "sauer|kraut", "linsen", "hülsen|früchte", "back|pulver", "hefe", "vanille|zucker", "grieß", "paniermehl", "speise|stärke", "nuss|nougat|creme", "erdnuss|butter", "dosen|tomaten", "tomaten|mark", "gemüse|brühe", "rinder|brühe", "kichererbsen", "walnüsse", "haselnüsse", "mandeln", "rosinen", "leinsamen", "sonnenblumen|kerne", "kürbis|kerne", "chips", "salzstangen", "kekse", "schokolade", "vollmilch|schokolade", "zart|bitter|schokolade", "gummibärchen", "lakritz", "pralinen", "spekulatius", "lebkuchen", "printen"]

OTHER = ["blumen|strauß", "tulpen", "rosen", "sonnen|blumen", "topf|pflanze", "kerzen", "teelichter", "batterien", "zahn|pasta", "spül|mittel", "toiletten|papier", "küchen|rolle", "wasch|mittel", "katzen|futter", "hunde|futter", "vogel|futter", "brenn|holz", "kamin|holz", "grill|kohle", "streich|hölzer", "müll|beutel", "blumen|erde", "servietten", "geschenk|korb", "präsentkorb"]

# never used for training: the held-out file measures generalisation on these
HOLDOUT_ONLY_PRODUCTS = {
    "grünkernbrot", "saftkorn", "kürbiskernstuten", "ochsenschwanz", "rinderbäckchen",
    "zungenwurst", "weißwurst", "buttermilchquark", "ziegenfrischkäse", "bärlauch", "topinambur",
    "wirsingkohl", "stachelbeerkuchen", "ofenkartoffeln", "schwarzbier", "quittengelee",
    "pumpernickeltaler", "hähnchenflügel", "schafsmilchjoghurt", "dinkelvollkornnudeln",
    "blutorangen", "kohlrübchen", "apfelessig", "heidesand",
}

# (category name, products, unit classes allowed, preferred shop kinds)
CATEGORIES = [
    ("bread", BREAD, ["count", "count", "count", "loaf", "none"], ["bakery"]),
    ("meat", MEAT, ["weight", "weight", "count", "none"], ["butcher", "farm"]),
    ("sausage", SAUSAGE, ["weight", "weight", "slices", "count", "none"], ["butcher"]),
    ("dairy", DAIRY, ["liquid", "pack", "weight", "none"], ["farm", "dairy"]),
    ("eggs", EGGS, ["count", "count", "dozen", "pack"], ["farm"]),
    ("veg", VEG, ["weight", "weight", "count", "bunch", "none"], ["farm", "greengrocer"]),
    ("fruit", FRUIT, ["weight", "weight", "count", "bowl", "none"], ["farm", "greengrocer"]),
    ("drinks", DRINKS, ["bottle", "bottle", "liquid", "crate", "none"], ["drinks", "farm"]),
    ("pantry", PANTRY, ["pack", "pack", "jar", "weight", "none"], ["grocer", "farm"]),
    ("other", OTHER, ["count", "pack", "bunch", "none"], ["other"]),
]

SHOPS = {
    "bakery": ["bäckerei terstegen", "bäckerei kemper", "bäckerei wiesmann", "bäckerei lütkeherm",
               "backstube holtkamp", "konditorei schneider", "café grotemeyer", "bäckerei hölscher",
               "bäcker", "bäckerei", "konditor", "terstegen", "kemper"],
    "butcher": ["metzgerei brüning", "metzgerei lohmann", "fleischerei böckenhoff",
                "landmetzgerei hülsmann", "metzgerei schwering", "metzger", "metzgerei",
                "fleischer", "brüning", "lohmann"],
    "farm": ["hof schulze", "hof schulte", "hof brockhoff", "hof große kleimann",
             "hofladen wenning", "hofladen bröker", "bauer lammers", "biohof terhörst",
             "hof lütke wöstmann", "gut hülshoff", "bauern", "bauer", "hofladen", "hof",
             "schulze", "biohof"],
    "dairy": ["käserei wolbeck", "käsehof münsterland", "milchhof averbeck", "käseladen",
              "käserei"],
    "greengrocer": ["obst und gemüse kösters", "gemüse hofmann", "gemüsehändler",
                    "wochenmarkt", "markt", "obststand"],
    "drinks": ["getränke thesing", "getränkemarkt hegemann", "weinhandlung stienen",
               "getränkemarkt", "getränkehändler"],
    "grocer": ["reformhaus kuhlmann", "bioladen körnchen", "dorfladen havixbeck",
               "eine welt laden", "imkerei brinkmann", "imker", "bioladen", "dorfladen"],
    "other": ["blumen rottmann", "blumenhaus beckmann", "drogerie overbeck", "blumenladen",
              "drogerie", "raiffeisen markt"],
}
HOLDOUT_ONLY_SHOPS = {"hof wermelt", "bäckerei hagedorn", "metzgerei niehues", "hof tenhagen"}
HOLDOUT_ONLY_SURNAMES = {"wermelt", "hagedorn", "niehues", "tenhagen"}

# Shop names are mostly "<kind> <family name>": the model must learn the pattern, not a list.
SURNAMES = ["schulze", "schulte", "brockhoff", "wenning", "bröker", "lammers", "terhörst", "kemper", "wiesmann", "lütkeherm", "holtkamp", "hölscher", "brüning", "lohmann", "böckenhoff", "hülsmann", "schwering", "averbeck", "kösters", "hofmann", "thesing", "hegemann", "stienen", "kuhlmann", "brinkmann", "rottmann", "beckmann", "overbeck", "heitmann", "schlüter", "tenbrink", "hüsing", "bußmann", "wienker", "rohling", "elfering", "weßling", "dirkes", "hagemann", "kock", "stegemann", "wewers", "lanfer", "börger", "wolters", "tebbe", "rengers", "heuer", "niemeyer", "sundermann", "böhmer", "kortmann", "epping", "deitert", "feldkamp", "winkelhaus", "nünning", "ahlers", "suttrup", "grotendorst", "schründer", "bertels", "hemsing", "mertens", "voss", "frie", "pieper", "teupe", "korte", "brockmann", "pohlmann", "tüshaus", "gerdes", "jansen", "hinkelmann", "roters", "möllers", "vennemann", "sibbing", "wältermann", "terstegen", "leifeld", "mersmann", "otte", "lütkenhaus", "sandmann"]
SURNAMES += ["große kleimann", "lütke wöstmann", "schulze esking", "lütke brintrup",
             "große vorholt", "schulze pellengahr"]
SHOP_KINDS = {
    "bakery": ["bäckerei", "bäckerei", "backstube", "konditorei", "café", "bäcker"],
    "butcher": ["metzgerei", "metzgerei", "fleischerei", "landmetzgerei", "metzger"],
    "farm": ["hof", "hof", "hofladen", "biohof", "bauer", "obsthof", "spargelhof",
             "geflügelhof", "eierhof", "gut"],
    "dairy": ["käserei", "milchhof", "hofkäserei", "hof"],
    "greengrocer": ["gemüsebau", "obsthof", "gärtnerei", "gemüsehof"],
    "drinks": ["getränke", "getränkemarkt", "weinhandlung", "brennerei"],
    "grocer": ["reformhaus", "imkerei", "mühle", "dorfladen", "bioladen", "hofladen"],
    "other": ["blumen", "blumenhaus", "drogerie", "gärtnerei", "floristik"],
}

# how a shop is introduced; the second element says whether the noun takes "der"
SHOP_PREPS_MASC = ["vom", "von", "beim", "bei", "von dem", "aus dem", "vom", "vom"]
SHOP_PREPS_FEM = ["von der", "bei der", "aus der", "von", "bei"]
FEM_SHOP_WORDS = ("bäckerei", "metzgerei", "fleischerei", "landmetzgerei", "konditorei",
                  "backstube", "käserei", "drogerie", "weinhandlung", "imkerei", "gärtnerei",
                  "hofkäserei", "mühle", "brennerei", "floristik")

NUM_WORDS = {
    1: ["ein", "eine", "einen", "eins"], 2: ["zwei", "zwo"], 3: ["drei"], 4: ["vier"],
    5: ["fünf"], 6: ["sechs"], 7: ["sieben"], 8: ["acht"], 9: ["neun"], 10: ["zehn"],
    11: ["elf"], 12: ["zwölf"], 15: ["fünfzehn"], 20: ["zwanzig"], 24: ["vierundzwanzig"],
    30: ["dreißig"], 40: ["vierzig"], 50: ["fünfzig"],
}
FRACTIONS = {
    "0.5": ["ein halbes", "einen halben", "eine halbe", "ein halber", "halbes", "halbe"],
    "1.5": ["anderthalb", "eineinhalb", "einhalb"],
    "2.5": ["zweieinhalb"],
    "0.25": ["ein viertel", "viertel"],
    "0.75": ["dreiviertel", "drei viertel"],
}
DOZEN = {"12": ["ein dutzend", "dutzend"], "6": ["ein halbes dutzend"], "24": ["zwei dutzend"]}
GRAMS = ["100", "125", "150", "200", "250", "300", "400", "500", "750", "hundert",
         "zweihundert", "dreihundert", "fünfhundert", "zweihundertfünfzig", "hundertfünfzig"]
DECIMALS = ["1,5", "0,5", "2,5", "1.5", "0,75"]

UNITS = {  # canonical value -> spoken forms
    "kg": ["kilo", "kilogramm", "kg", "kilos"],
    "g": ["gramm", "g", "gr"],
    "pfund": ["pfund"],
    "l": ["liter", "l"],
    "ml": ["milliliter", "ml"],
    "stück": ["stück", "stk"],
    "flasche": ["flasche", "flaschen", "fläschchen", "pulle"],
    "kasten": ["kasten", "kiste", "kisten", "kästen", "träger"],
    "packung": ["packung", "packungen", "päckchen", "pack", "paket", "tetrapack"],
    "glas": ["glas", "gläser", "gläschen"],
    "becher": ["becher"],
    "dose": ["dose", "dosen"],
    "tüte": ["tüte", "tüten", "beutel", "sack", "netz"],
    "bund": ["bund", "bündchen"],
    "kopf": ["kopf", "köpfe"],
    "schale": ["schale", "schalen", "körbchen", "kiste obst"],
    "laib": ["laib", "laibe"],
    "scheibe": ["scheiben", "scheibe", "scheibchen"],
    "stange": ["stange", "stangen"],
    "portion": ["portion", "portionen"],
}
UNIT_CLASSES = {
    "weight": ["kg", "kg", "g", "g", "pfund"],
    "liquid": ["l", "l", "flasche", "packung", "becher", "glas"],
    "bottle": ["flasche", "flasche", "kasten", "l"],
    "crate": ["kasten"],
    "pack": ["packung", "packung", "glas", "becher", "dose", "tüte", "g"],
    "jar": ["glas", "glas", "dose", "packung"],
    "count": ["stück"],
    "loaf": ["laib", "stück"],
    "slices": ["scheibe"],
    "bunch": ["bund", "kopf", "stück"],
    "bowl": ["schale", "kg", "tüte"],
    "dozen": [],
    "none": [],
}

DAYS = {
    "mon": ["montag", "montags", "mo"], "tue": ["dienstag", "dienstags", "di"],
    "wed": ["mittwoch", "mittwochs", "mi"], "thu": ["donnerstag", "donnerstags", "do"],
    "fri": ["freitag", "freitags", "fr"], "sat": ["samstag", "samstags", "sonnabend", "sa"],
    "sun": ["sonntag", "sonntags"],
    "today": ["heute", "heut"], "tomorrow": ["morgen"], "day_after_tomorrow": ["übermorgen"],
}
DAY_PHRASES = ["nächsten {d}", "kommenden {d}", "diesen {d}", "am {d}", "{d}"]
DAYPARTS = {
    "morning": ["vormittag", "vormittags", "morgens", "früh", "am morgen", "früh morgens"],
    "noon": ["mittag", "mittags", "über mittag"],
    "afternoon": ["nachmittag", "nachmittags", "am nachmittag"],
    "evening": ["abend", "abends", "am abend", "feierabend"],
}
TIMES = ["9 uhr", "neun uhr", "10 uhr", "zehn uhr", "elf uhr", "11 uhr", "halb zehn", "halb elf",
         "viertel nach neun", "viertel vor zwölf", "15 uhr", "fünfzehn uhr", "16 uhr", "drei uhr",
         "vier uhr", "17 uhr", "siebzehn uhr", "halb fünf", "9:30", "10:15", "14:30 uhr",
         "zwölf uhr", "18 uhr", "acht uhr", "12 uhr", "sechzehn uhr dreißig", "neun"]

# --------------------------------------------------------------------------------------------
# text helpers
# --------------------------------------------------------------------------------------------
MISHEARD = {  # speech recognition and typing slips, applied to product words now and then
    "brötchen": ["brödchen", "brötschen", "brotchen"],
    "milch": ["milsch", "milch"],
    "kartoffeln": ["kartoffel", "katoffeln", "kartoffeln"],
    "eier": ["eia", "eier"],
    "äpfel": ["äpfl", "epfel", "aepfel"],
    "möhren": ["möhrn", "moehren"],
    "schinken": ["schinkn", "schinke"],
    "würstchen": ["würstschen", "wuerstchen"],
    "käse": ["kese", "kaese"],
    "quark": ["quak", "quark"],
    "sahne": ["sane", "sahne"],
    "zwiebeln": ["zwibeln", "zwiebeln"],
}
FILLERS = ["äh", "ähm", "also", "ja", "öhm", "hm", "na ja", "genau", "so"]


def render_product(rng: random.Random, raw: str) -> str:
    parts = raw.split("|")
    if len(parts) > 1:
        r = rng.random()
        if r < 0.14:
            text = " ".join(parts)
        elif r < 0.18 and len(parts) > 2:
            text = parts[0] + " " + "".join(parts[1:])
        else:
            text = "".join(parts)
    else:
        text = raw
    words = text.split()
    if rng.random() < 0.07:
        i = rng.randrange(len(words))
        if words[i] in MISHEARD:
            words[i] = rng.choice(MISHEARD[words[i]])
        elif len(words[i]) > 5 and rng.random() < 0.5:
            j = rng.randrange(1, len(words[i]) - 1)  # dropped letter
            words[i] = words[i][:j] + words[i][j + 1:]
    return " ".join(words)


class Sentence:
    """Accumulates plain words and annotated entities into Rasa's inline markup."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def word(self, text: str) -> Sentence:
        if text:
            self.parts.append(text)
        return self

    def ent(self, text: str, entity: str, group: str | None = None) -> Sentence:
        meta = {"entity": entity}
        if group is not None:
            meta["group"] = group
        self.parts.append(f"[{text}]{json.dumps(meta, ensure_ascii=False)}")
        return self

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def pick_number(rng: random.Random, small: bool = False) -> str:
    r = rng.random()
    if r < 0.55:
        n = rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 6, 8, 10, 12] if small else list(NUM_WORDS))
        return rng.choice(NUM_WORDS[n])
    if r < 0.9:
        return str(rng.choice([1, 2, 2, 3, 4, 5, 6, 6, 8, 10, 12, 15, 20, 24, 30]))
    return rng.choice(["ein", "eine", "einen"])


def quantity_and_unit(rng: random.Random, unit_class: str) -> tuple[str | None, str | None]:
    """A (quantity text, unit text) pair that fits the product's unit class."""
    if unit_class == "dozen":
        return rng.choice(rng.choice(list(DOZEN.values()))), None
    choices = UNIT_CLASSES[unit_class]
    if not choices or rng.random() < 0.25:
        # count without unit word: "sechs brötchen", "ein halbes brot", "zwei gurken"
        if rng.random() < 0.1:
            return rng.choice(FRACTIONS["0.5"][:4]), None
        return pick_number(rng, small=True), None
    canon = rng.choice(choices)
    forms = UNITS[canon]
    unit = forms[0] if rng.random() < 0.55 else rng.choice(forms)
    if canon == "stück" and rng.random() < 0.5:
        return pick_number(rng, small=True), unit
    if canon == "g":
        unit = rng.choice(["gramm", "gramm", "gramm", "g"])
        return rng.choice(GRAMS), unit
    if canon in ("kg", "l", "pfund"):
        r = rng.random()
        if r < 0.35:
            return rng.choice(["ein", "einen", "eins", "1"]), unit
        if r < 0.6:
            return rng.choice(rng.choice(list(FRACTIONS.values()))), unit
        if r < 0.7:
            return rng.choice(DECIMALS), unit
        return rng.choice(["zwei", "drei", "2", "3", "vier", "5", "fünf", "zehn"]), unit
    return pick_number(rng, small=True), unit


def shop_phrase(rng: random.Random, sentence: Sentence, shop: str, group: str | None) -> None:
    head = shop.split()[0]
    if head in FEM_SHOP_WORDS and len(shop.split()) == 1:
        prep = rng.choice(["von der", "bei der", "aus der"])
    elif head in FEM_SHOP_WORDS:
        prep = rng.choice(SHOP_PREPS_FEM)
    elif head in ("bauern", "bauer", "metzger", "bäcker", "hof", "hofladen", "markt", "imker",
                  "wochenmarkt", "fleischer", "konditor", "gemüsehändler", "getränkemarkt",
                  "bioladen", "dorfladen", "biohof", "käseladen", "blumenladen", "obststand",
                  "getränkehändler", "raiffeisen"):
        prep = rng.choice(["vom", "vom", "beim", "aus dem", "von dem", "bei dem"])
    else:
        prep = rng.choice(SHOP_PREPS_MASC + ["von", "bei", "von"])
    sentence.word(prep).ent(shop, "shop", group)


def pick_product(rng: random.Random) -> tuple[str, str, list[str], list[str]]:
    name, products, unit_classes, shop_kinds = rng.choice(CATEGORIES)
    while True:
        raw = rng.choice(products)
        if raw.replace("|", "") not in HOLDOUT_ONLY_PRODUCTS:
            break
    # multiword names in the lists are joined with spaces already by split(); rebuild the few
    # two-word entries that the whitespace split tore apart
    return name, raw, unit_classes, shop_kinds


def pick_shop(rng: random.Random, shop_kinds: list[str]) -> str:
    kind = rng.choice(shop_kinds) if rng.random() < 0.7 else rng.choice(list(SHOPS))
    r = rng.random()
    if r < 0.4:
        return rng.choice(SHOPS[kind])
    surname = rng.choice(SURNAMES)
    if r < 0.88:
        return f"{rng.choice(SHOP_KINDS[kind])} {surname}"
    return surname


# The whitespace-split lexicon tears apart multiword names such as "gemischtes hack".  Keep a
# list of the intended multiword names and stitch them back before generating.
MULTIWORD = [
    "westfälisches schwarz|brot", "frankfurter kranz", "schwarzwälder kirsch|torte",
    "westfälischer pumpernickel", "gemischtes hack", "durchwachsener speck", "ganzes hähnchen",
    "grobe bratwurst", "gekochter schinken", "roher schinken", "westfälischer schinken",
    "wiener würstchen", "geräucherter speck", "münsterländer töttchen", "saure sahne",
    "creme fraiche", "junger gouda", "alter gouda", "mittelalter gouda", "laktose|freie milch",
    "griechischer joghurt", "fest|kochende kartoffeln", "mehlig|kochende kartoffeln",
    "rote zwiebeln", "rote bete", "weißer spargel", "grüner spargel", "rote paprika",
    "grüne bohnen", "dicke bohnen", "rote linsen", "naturtrüber apfelsaft", "stilles wasser",
    "alkoholfreies bier", "münsterländer korn", "grüner tee", "spare|ribs", "roast|beef",
]


def stitch(words: list[str]) -> list[str]:
    out = list(words)
    for mw in MULTIWORD:
        toks = mw.split()
        i = 0
        while i <= len(out) - len(toks):
            if out[i:i + len(toks)] == toks:
                out[i:i + len(toks)] = [mw]
            i += 1
    return out


for _i, (_n, _p, _u, _s) in enumerate(CATEGORIES):
    CATEGORIES[_i] = (_n, stitch(_p), _u, _s)


# --------------------------------------------------------------------------------------------
# add_items
# --------------------------------------------------------------------------------------------
OPENERS = [
    "", "", "", "", "ich hätte gern", "ich hätte gerne", "ich hätt gern", "hätte gern",
    "ich bräuchte", "ich brauche", "ich möchte", "ich möchte gern", "ich nehme", "ich nehm",
    "ich will", "bitte", "dann bitte", "und", "und noch", "noch", "dann noch", "außerdem",
    "dazu", "pack mir", "packen sie mir", "leg mir", "tu mir", "gib mir", "geben sie mir",
    "wir brauchen", "wir bräuchten", "wir hätten gern", "für mich bitte", "schreib auf",
    "notier mal", "ich hätte gern noch", "hallo ich hätte gern", "guten tag ich bräuchte",
    "moin ich hätte gern", "ja hallo ich möchte", "ich bestelle", "bestell mir",
    "kann ich", "könnte ich", "ich wollte", "ich würde gern", "mach mir", "ich hätte da gern",
    "einmal", "für morgen bräuchte ich", "für samstag hätte ich gern", "am besten",
    "setz mir", "dann hätte ich gern", "und dann noch", "ach und", "ach ja und noch",
]
CLOSERS = [
    "", "", "", "", "", "bitte", "bitte schön", "danke", "dazu", "in den warenkorb",
    "auf die liste", "bestellen", "haben", "bekommen", "kriegen", "einpacken", "mitbringen",
    "liefern", "das wärs", "das wär es", "noch dazu", "mit drauf", "mit in den korb", "wenn es geht",
    "bitte liefern", "für samstag", "für morgen",
]
# closers that need a modal verb in the opener to sound right are fine with ASR text; keep it
CONNECTORS = [
    "und", "und", "und", "und", "", "", "und dann", "und noch", "noch", "dazu", "außerdem",
    "und außerdem", "sowie", "plus", "ach und", "und äh", "äh und", "ähm", "dann", "und auch",
    "und dazu", "und dann noch", "ja und",
]


def item(rng: random.Random, s: Sentence, group: str, with_shop: bool,
         shop_first: bool = False) -> None:
    _cat, raw, unit_classes, shop_kinds = pick_product(rng)
    product = render_product(rng, raw)
    qty, unit = (None, None)
    if rng.random() < 0.88:
        qty, unit = quantity_and_unit(rng, rng.choice(unit_classes))
    shop = pick_shop(rng, shop_kinds) if with_shop else None
    if shop and shop_first:
        shop_phrase(rng, s, shop, group)
    postposed = qty is not None and rng.random() < 0.05
    if not postposed:
        if qty:
            s.ent(qty, "quantity", group)
        if unit:
            s.ent(unit, "unit", group)
    if rng.random() < 0.06:
        s.word(rng.choice(["frische", "frisches", "gute", "von dem", "von den", "von der"]))
    s.ent(product, "product", group)
    if postposed:
        if qty:
            s.ent(qty, "quantity", group)
        if unit:
            s.ent(unit, "unit", group)
    if shop and not shop_first:
        shop_phrase(rng, s, shop, group)


def add_items_example(rng: random.Random) -> str:
    n = rng.choices([1, 2, 3, 4, 5], weights=[34, 34, 20, 9, 3])[0]
    s = Sentence()
    if rng.random() < 0.12:
        s.word(rng.choice(FILLERS))
    s.word(rng.choice(OPENERS))
    shared_shop = None
    mode = rng.random()
    if n > 1 and mode < 0.12:
        shared_shop = pick_shop(rng, list(SHOPS))
        s.word(rng.choice(["vom", "von", "beim", "bei"]) if shared_shop.split()[0]
               not in FEM_SHOP_WORDS else rng.choice(["von der", "bei der"]))
        s.ent(shared_shop, "shop")
        s.word(rng.choice(["", "bitte", "hätte ich gern", "brauche ich", "nehme ich"]))
    for i in range(n):
        group = str(i + 1)
        if i:
            s.word(rng.choice(CONNECTORS))
            if rng.random() < 0.07:
                s.word(rng.choice(FILLERS))
        with_shop = shared_shop is None and rng.random() < (0.3 if n > 1 else 0.4)
        item(rng, s, group, with_shop, shop_first=with_shop and rng.random() < 0.08)
    if n > 1 and shared_shop is None and 0.12 <= mode < 0.2:
        s.word(rng.choice(["alles", "beides", "das alles", "alles zusammen"]))
        shop = pick_shop(rng, list(SHOPS))
        shop_phrase(rng, s, shop, None)
    s.word(rng.choice(CLOSERS))
    return s.text()


# --------------------------------------------------------------------------------------------
# change_item / remove_item / ask_product with product entities
# --------------------------------------------------------------------------------------------
def one_product(rng: random.Random) -> str:
    return render_product(rng, pick_product(rng)[1])


def change_item_example(rng: random.Random) -> str:
    s = Sentence()
    g = "1"
    p = one_product(rng)
    q, u = quantity_and_unit(rng, rng.choice(["count", "weight", "liquid", "pack", "none"]))
    t = rng.randrange(10)
    if rng.random() < 0.1:
        s.word(rng.choice(FILLERS))
    if t == 0:
        s.word(rng.choice(["mach aus", "ändere", "änder"]))
        s.word(rng.choice(["der", "dem", "den", "die"])).ent(p, "product", g)
        s.word(rng.choice(["bitte", ""]))
        s.ent(q, "quantity", g)
        if u:
            s.ent(u, "unit", g)
    elif t == 1:
        s.word(rng.choice(["doch lieber", "lieber", "doch nur", "nur", "lieber doch"]))
        s.ent(q, "quantity", g)
        if u:
            s.ent(u, "unit", g)
        s.ent(p, "product", g)
    elif t == 2:
        s.word(rng.choice(["bei", "beim", "bei der", "bei den"])).ent(p, "product", g)
        s.word(rng.choice(["bitte", "lieber", "doch", "nicht so viel sondern", "stattdessen"]))
        s.ent(q, "quantity", g)
        if u:
            s.ent(u, "unit", g)
        s.word(rng.choice(["", "statt der anderen menge", "draus machen", "nehmen"]))
    elif t == 3:
        s.word(rng.choice(["die", "den", "das"])).ent(p, "product", g)
        s.word(rng.choice(["auf", "bitte auf"]))
        s.ent(q, "quantity", g)
        if u:
            s.ent(u, "unit", g)
        s.word(rng.choice(["ändern", "erhöhen", "reduzieren", "setzen", "korrigieren"]))
    elif t == 4:
        s.word(rng.choice(["nicht", "nee nicht", "nein nicht"]))
        s.word(rng.choice(["zwei", "drei", "eins", "so viele", "so viel"]))
        s.word("sondern")
        s.ent(q, "quantity", g)
        if u:
            s.ent(u, "unit", g)
        s.ent(p, "product", g)
    elif t == 5:
        s.word(rng.choice(["ich will", "ich möchte", "ich hätte", "ich nehme"]))
        s.word(rng.choice(["doch lieber", "lieber", "doch", "stattdessen"]))
        s.ent(q, "quantity", g)
        if u:
            s.ent(u, "unit", g)
        s.ent(p, "product", g)
        s.word(rng.choice(["", "statt der vorherigen menge", "bitte ändern"]))
    elif t == 6:
        s.word(rng.choice(["kannst du", "können sie", "bitte"]))
        s.word(rng.choice(["die menge von", "die anzahl bei", "bei"])).ent(p, "product", g)
        s.word(rng.choice(["auf", "in"]))
        s.ent(q, "quantity", g)
        if u:
            s.ent(u, "unit", g)
        s.word(rng.choice(["ändern", "korrigieren", "umändern"]))
    elif t == 7:
        s.word(rng.choice(["die", "das", "den", "von den", "vom"])).ent(p, "product", g)
        s.word(rng.choice(["bitte nur", "nur", "doch nur", "lieber nur", "bitte"]))
        s.ent(q, "quantity", g)
        if u:
            s.ent(u, "unit", g)
    elif t == 8:
        s.word(rng.choice(["die", "das", "den"])).ent(p, "product", g)
        s.word(rng.choice(["lieber vom", "doch vom", "bitte vom", "lieber von"]))
        s.ent(pick_shop(rng, list(SHOPS)), "shop", g)
        s.word(rng.choice(["", "statt vom anderen laden", "nehmen"]))
    else:
        s.word(rng.choice(["eins mehr", "einen mehr", "eine weniger", "eins weniger",
                           "einen weniger", "doppelt so viel"]))
        s.word(rng.choice(["von", "bei", "bei den", "von den"])).ent(p, "product", g)
    return s.text()


def remove_item_example(rng: random.Random) -> str:
    s = Sentence()
    n = 2 if rng.random() < 0.2 else 1
    prods = [one_product(rng) for _ in range(n)]
    t = rng.randrange(7)
    lead = rng.choice(["", "", "bitte", "ähm", "also", "ach"])
    s.word(lead)

    def objs() -> None:
        for i, p in enumerate(prods):
            if i:
                s.word("und")
            s.word(rng.choice(["die", "den", "das", "der"])).ent(p, "product", str(i + 1))

    if t == 0:
        s.word(rng.choice(["nimm", "nehmen sie", "streich", "lösch", "entfern"]))
        objs()
        s.word(rng.choice(["wieder raus", "raus", "bitte raus", "aus dem warenkorb", "weg", ""]))
    elif t == 1:
        objs()
        s.word(rng.choice(["bitte streichen", "brauche ich doch nicht", "will ich nicht mehr",
                           "fällt weg", "können weg", "bitte löschen", "rausnehmen",
                           "wieder raus", "doch nicht"]))
    elif t == 2:
        s.word(rng.choice(["ich will keine", "ich möchte keine", "doch keine", "keine", "kein",
                           "doch kein", "ohne"]))
        for i, p in enumerate(prods):
            if i:
                s.word("und keine")
            s.ent(p, "product", str(i + 1))
        s.word(rng.choice(["", "mehr", "bitte", "mehr bitte"]))
    elif t == 3:
        s.word(rng.choice(["kannst du", "können sie", "könntest du"]))
        objs()
        s.word(rng.choice(["wieder rausnehmen", "löschen", "streichen", "entfernen"]))
    elif t == 4:
        s.word(rng.choice(["vergiss", "vergessen sie"]))
        objs()
        s.word(rng.choice(["", "wieder", "bitte"]))
    elif t == 5:
        s.word(rng.choice(["lösche", "streiche", "entferne"]))
        objs()
        s.word(rng.choice(["", "aus der bestellung", "von der liste", "aus dem korb"]))
    else:
        s.word(rng.choice(["die bestellung ohne", "das ganze ohne", "bitte ohne"]))
        for i, p in enumerate(prods):
            if i:
                s.word("und ohne")
            s.ent(p, "product", str(i + 1))
    return s.text()


def ask_product_example(rng: random.Random) -> str:
    s = Sentence()
    p = one_product(rng)
    t = rng.randrange(12)
    if t == 0:
        s.word(rng.choice(["habt ihr", "haben sie", "gibt es", "gibts", "gibt es auch"]))
        s.ent(p, "product")
    elif t == 1:
        s.word(rng.choice(["was kostet", "was kosten", "wie teuer ist", "wie teuer sind",
                           "was kostet das kilo", "was kostet ein"]))
        s.ent(p, "product")
    elif t == 2:
        s.word(rng.choice(["wer hat", "wer verkauft", "wo bekomme ich", "wo krieg ich",
                           "wo gibt es"]))
        s.ent(p, "product")
    elif t == 3:
        s.word(rng.choice(["ist", "sind"])).ent(p, "product")
        s.word(rng.choice(["da", "vorrätig", "noch da", "im angebot", "bio", "regional",
                           "vom hof", "frisch"]))
    elif t == 4:
        s.word(rng.choice(["habt ihr auch", "hat jemand", "bietet jemand"]))
        s.ent(p, "product")
        s.word(rng.choice(["an", "im angebot", "da", ""]))
    elif t == 5:
        s.word("hat")
        shop = pick_shop(rng, list(SHOPS))
        s.word(rng.choice(["die", "der", ""])).ent(shop, "shop")
        s.word(rng.choice(["auch", "noch", "heute"])).ent(p, "product")
    elif t == 6:
        s.word(rng.choice(["welche", "was für"])).ent(p, "product")
        s.word(rng.choice(["habt ihr", "gibt es", "haben sie", "gibts"]))
    elif t == 7:
        s.word(rng.choice(["wie viel kostet", "was kostet bei euch", "preis für", "preis von"]))
        s.ent(p, "product")
    elif t == 8:
        s.word(rng.choice(["woher kommt", "woher kommen", "ist das", "sind die"]))
        s.ent(p, "product")
        s.word(rng.choice(["", "aus der region", "bio"]))
    elif t == 9:
        s.word(rng.choice(["kann man bei euch auch", "kann ich auch"])).ent(p, "product")
        s.word(rng.choice(["bestellen", "kaufen", "kriegen"]))
    elif t == 10:
        s.word(rng.choice(["ich suche", "ich such", "suche"])).ent(p, "product")
        s.word(rng.choice(["", "gibt es das", "habt ihr das", "wer hat das"]))
    else:
        s.word(rng.choice(["was für", "welche sorten"])).ent(p, "product")
        s.word(rng.choice(["gibt es", "hat", "führt"]))
        shop = pick_shop(rng, list(SHOPS))
        s.word(rng.choice(["die", "der", ""])).ent(shop, "shop")
    return s.text()


# --------------------------------------------------------------------------------------------
# choose_day and voucher
# --------------------------------------------------------------------------------------------
def day_text(rng: random.Random) -> str:
    key = rng.choice(list(DAYS))
    word = rng.choice(DAYS[key])
    return word


def choose_day_example(rng: random.Random) -> str:
    s = Sentence()
    if rng.random() < 0.15:
        s.word(rng.choice(FILLERS))
    s.word(rng.choice(["", "", "", "dann", "am besten", "geht", "passt", "wie wäre es mit",
                       "ich nehme", "lieber", "bitte", "wenn möglich", "liefern sie",
                       "bring es", "ich hole es", "ich komme", "machen wir", "nehmen wir",
                       "lieferung", "abholung", "ginge auch"]))
    t = rng.randrange(8)
    day = day_text(rng)
    phr = rng.choice(DAY_PHRASES)
    pre, _, post = phr.partition("{d}")
    if day in ("heute", "heut", "morgen", "übermorgen"):
        pre, post = "", ""
    dp_key = rng.choice(list(DAYPARTS))
    dp = rng.choice(DAYPARTS[dp_key])
    dp_pre = ""
    if dp.startswith("am "):
        dp_pre, dp = "am", dp[3:]
    if t in (0, 1):
        s.word(pre).ent(day, "day").word(post)
        s.word(dp_pre).ent(dp, "daypart")
    elif t == 2:
        s.word(pre).ent(day, "day").word(post)
    elif t == 3:
        s.word(pre).ent(day, "day").word(post)
        s.word(rng.choice(["um", "gegen", "ab", "so um", "bis"])).ent(rng.choice(TIMES), "time")
    elif t == 4:
        s.word(rng.choice(["am", "lieber", ""])).ent(dp, "daypart")
    elif t == 5:
        s.word(rng.choice(["um", "gegen", "ab", "so gegen", "bis"])).ent(rng.choice(TIMES), "time")
    elif t == 6:
        s.word(pre).ent(day, "day").word(post)
        s.word("zwischen").ent(rng.choice(TIMES), "time").word("und")
        s.ent(rng.choice(TIMES), "time")
    else:
        s.word(rng.choice(["das fenster am", "den termin am", "den slot am", "zeitfenster"]))
        s.ent(day, "day")
        if rng.random() < 0.5:
            s.ent(dp, "daypart")
    s.word(rng.choice(["", "", "", "bitte", "wenn das geht", "passt mir gut", "wär gut",
                       "ginge das", "da bin ich zu hause"]))
    return s.text()


AMOUNTS = ["10 euro", "zehn euro", "20 euro", "zwanzig euro", "25 euro", "fünfundzwanzig euro",
           "30 euro", "dreißig euro", "50 euro", "fünfzig euro", "hundert euro", "100 euro",
           "15 euro", "fünfzehn euro", "40 euro", "vierzig euro", "75 euro", "zwanzig", "50",
           "dreißig", "200 euro", "5 euro", "fünf euro"]


def voucher_example(rng: random.Random) -> str:
    s = Sentence()
    t = rng.randrange(7)
    shop = pick_shop(rng, list(SHOPS))
    amount = rng.choice(AMOUNTS)
    if t == 0:
        s.word(rng.choice(["ich hätte gern einen gutschein", "ich möchte einen gutschein",
                           "einen gutschein", "ich will einen gutschein kaufen über",
                           "ich brauche einen geschenkgutschein"]))
        s.word(rng.choice(["über", "für", "im wert von", "von"])).ent(amount, "amount")
    elif t == 1:
        s.word(rng.choice(["einen gutschein", "ein gutschein", "gutschein", "einen geschenkgutschein"]))
        s.word(rng.choice(["über", "für"])).ent(amount, "amount")
        s.word(rng.choice(["für die", "von der", "vom", "für"])).ent(shop, "shop")
    elif t == 2:
        s.word(rng.choice(["kann ich einen gutschein", "gibt es gutscheine", "verkauft ihr gutscheine"]))
        s.word(rng.choice(["für", "von"])).ent(shop, "shop")
        s.word(rng.choice(["kaufen", "", "bestellen"]))
    elif t == 3:
        s.word(rng.choice(["ich möchte einen gutschein einlösen", "gutschein einlösen",
                           "ich habe einen gutschein", "ich hab nen gutschein",
                           "ich will meinen gutschein einlösen",
                           "kann ich meinen gutschein einlösen"]))
        s.word(rng.choice(["", "über", "von"]))
        if rng.random() < 0.5:
            s.ent(amount, "amount")
    elif t == 4:
        s.ent(amount, "amount").word(rng.choice(["als gutschein", "gutschein", "in gutscheinen"]))
        s.word(rng.choice(["bitte", "für", "vom"]))
        if rng.random() < 0.6:
            s.ent(shop, "shop")
    elif t == 5:
        s.word(rng.choice(["ich möchte was verschenken einen gutschein", "als geschenk einen gutschein",
                           "einen einkaufsgutschein"]))
        s.word(rng.choice(["über", "im wert von"])).ent(amount, "amount")
    else:
        s.word(rng.choice(["gutscheincode", "mein gutscheincode ist", "ich habe einen gutscheincode",
                           "hier ist mein gutschein"]))
        s.word(rng.choice(["", "bitte anrechnen", "den möchte ich nutzen"]))
    return s.text()


SERVICES = [
    "nachhilfe", "mathe nachhilfe", "nachhilfe in mathe", "englisch nachhilfe", "nachhilfestunde",
    "gitarrenstunde", "gitarrenunterricht", "klavierstunde", "klavierunterricht",
    "geigenunterricht", "schlagzeugstunde", "gesangsunterricht", "reitstunde", "schwimmkurs",
    "haarschnitt", "haare schneiden", "herrenhaarschnitt", "färben", "maniküre", "fußpflege",
    "massage", "kosmetikbehandlung", "fahrradreparatur", "fahrrad inspektion", "reifenwechsel",
    "hose kürzen", "änderungsschneiderei", "schlüsseldienst", "computerhilfe", "handy reparatur",
    "torte auf bestellung", "hochzeitstorte", "geburtstagstorte", "kochkurs", "backkurs",
    "yoga stunde", "hundefriseur", "hundeschule", "fotoshooting", "partyservice",
]


def book_service_example(rng: random.Random) -> str:
    s = Sentence()
    svc = rng.choice(SERVICES)
    s.word(rng.choice(["", "", "ich möchte", "ich hätte gern", "ich brauche", "ich würde gern",
                       "kann ich", "bitte", "für meinen sohn", "für meine tochter", "wir möchten"]))
    s.word(rng.choice(["", "einen termin für", "eine", "einen", "termin", "einmal"]))
    s.ent(svc, "product")
    if rng.random() < 0.6:
        s.word(rng.choice(["am", "", "nächsten", "diesen"])).ent(day_text(rng), "day")
        if rng.random() < 0.4:
            dp = rng.choice(rng.choice(list(DAYPARTS.values())))
            s.ent(dp.removeprefix("am "), "daypart")
        elif rng.random() < 0.5:
            s.word(rng.choice(["um", "gegen", "ab"])).ent(rng.choice(TIMES), "time")
    s.word(rng.choice(["buchen", "buchen", "reservieren", "vereinbaren", "machen", "", "bitte",
                       "bekommen", "ausmachen", "anfragen"]))
    return s.text()


# --------------------------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------------------------
COUNTS = {
    "add_items": (add_items_example, 520),
    "change_item": (change_item_example, 100),
    "remove_item": (remove_item_example, 80),
    "ask_product": (ask_product_example, 100),
    "choose_day": (choose_day_example, 100),
    "voucher": (voucher_example, 50),
    "book_service": (book_service_example, 60),
}


def build() -> dict[str, str]:
    rng = random.Random(SEED)
    files: dict[str, str] = {}
    out = ['version: "3.1"', "# GENERATED by nlu/rasa_project/generate.py -- do not edit by hand.",
           "nlu:"]
    for intent, (fn, n) in COUNTS.items():
        seen: set[str] = set()
        tries = 0
        while len(seen) < n and tries < n * 20:
            tries += 1
            ex = fn(rng)
            if ex and ex not in seen:
                seen.add(ex)
        out.append(f"- intent: {intent}")
        out.append("  examples: |")
        for ex in sorted(seen):
            out.append(f"    - {ex}")
    files["data/nlu_generated.yml"] = "\n".join(out) + "\n"

    def lookup(name: str, values: list[str]) -> str:
        vals = sorted(dict.fromkeys(values))
        return ('version: "3.1"\n# GENERATED by nlu/rasa_project/generate.py\nnlu:\n'
                f"- lookup: {name}\n  examples: |\n" + "".join(f"    - {v}\n" for v in vals))

    kinds = sorted({k for ks in SHOP_KINDS.values() for k in ks} - {"gut", "blumen", "bauer"})
    stop = sorted(set(FILLERS + CONNECTORS + ["bitte", "noch", "dazu", "auch", "hätte", "habe",
                  "nehme", "brauche", "das", "für", "mit", "in", "auf", "wenn", "danke", "statt",
                  "lieber", "liefern", "bestellen", "haben", "bekommen", "kriegen", "einpacken",
                  "alles", "beides", "ist", "hat", "sind"]
                  + [w for ws in NUM_WORDS.values() for w in ws]) - {""})
    stop_words = sorted({w for s in stop for w in s.split()})
    files["data/lookup/shop_regex.yml"] = (
        'version: "3.1"\n# GENERATED by nlu/rasa_project/generate.py\n'
        "# A feature (not an extractor): '<kind> <name>' after a preposition or article, so\n"
        "# shop names with family names never seen in training stay in one piece.\n"
        "nlu:\n- regex: shop_name\n  examples: |\n"
        f"    - \\b(vom|von|beim|bei|aus|für|der|den|dem|die|das)\\s+({'|'.join(kinds)})"
        f"\\s+(?!({'|'.join(stop_words)})\\b)[a-zäöüß]+\\b\n")
    files["data/lookup/unit.yml"] = lookup("unit", [f for fs in UNITS.values() for f in fs])
    files["data/lookup/quantity.yml"] = lookup(
        "quantity", [f for fs in NUM_WORDS.values() for f in fs if f not in ("ein", "eine", "einen")]
        + [f for fs in {**FRACTIONS, **DOZEN}.values() for f in fs])
    files["data/lookup/day.yml"] = lookup("day", [f for fs in DAYS.values() for f in fs
                                                  if len(f) > 2])
    files["data/lookup/daypart.yml"] = lookup(
        "daypart", [f.removeprefix("am ") for fs in DAYPARTS.values() for f in fs])
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if the checked-in files differ from what would be generated")
    args = ap.parse_args(argv)
    stale = []
    for rel, text in build().items():
        path = HERE / rel
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {rel} ({text.count(chr(10))} lines)")
    if stale:
        print("stale generated files: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
