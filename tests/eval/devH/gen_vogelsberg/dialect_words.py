"""The regional and dialect words the residents of this set use (Oberhessisch / Vogelsberger Platt,
everyday Hessian, and two northern words of a newcomer), with what they mean and what they are
expected as. check.py verifies that none of them occurs in the catalog and that each occurs in at
least one conversation.

mode "sub":  the term must not occur anywhere in the catalog text (case-insensitive substring)
mode "word": the term must not occur in the catalog as a word of its own (used for short words and for
             clipped forms of standard words, e.g. "flasch" next to the catalog's "Flasche")
"""

# (term as checked, forms used in the turns, meaning, expected as, mode)
WORDS = [
    # goods
    ("weck", "Weck", "Brötchen (Hessian)", "weizenbroetchen, Bäckerei Rühl", "sub"),
    ("kreppel", "Kreppel, Kreppelkaffee", "Berliner (Hessian); Kreppelkaffee = Fastnacht coffee party",
     "berliner-pflaumenmus (the resident names the filling)", "sub"),
    ("mattekuchen", "Mattekuchen", "Käsekuchen (Matte = Quark)", "kaesekuchen", "sub"),
    ("matte", "Matte", "Quark (Mittel-/Oberhessian)", "quark-40 (\"die fette\") or quark-mager", "sub"),
    ("salzekuchen", "Salzekuchen", "Vogelsberg potato-and-sour-cream cake on bread dough",
     "kartoffelkuchen-speck / kartoffelkuchen-ohne", "sub"),
    ("kees", "Handkees, hand kees (voice)", "Handkäse", "handkaese-einzeln (per piece) or handkaese-rolle",
     "sub"),
    ("worscht", "ahl Worscht, brot worscht, lewwer worscht (voice), Fleischworscht",
     "Wurst: ahle Worscht = air-dried Mettwurst, Brodworscht = Bratwurst, Lewwerworscht = Leberwurst",
     "mettwurst-luftgetrocknet, bratwurst-grob, leberwurst-glas, fleischwurst", "sub"),
    ("ahl", "ahl (Worscht)", "alt (the long-dried sausage)", "mettwurst-luftgetrocknet", "word"),
    ("dörrfleisch", "Dörrfleisch", "smoked belly bacon (Hessian)", "bauchspeck-geraeuchert", "sub"),
    ("gehackt", "Gehacktes", "mixed minced meat", "hackfleisch-gemischt", "sub"),
    ("hinkel", "suppen hinkel (voice)", "Huhn; Suppenhinkel = Suppenhuhn", "suppenhuhn", "sub"),
    ("rüben", "gelbe Rüben", "Möhren", "moehren", "sub"),
    ("wersching", "Wersching", "Wirsing", "wirsing", "sub"),
    ("rotkraut", "Rotkraut", "Rotkohl", "rotkohl", "sub"),
    ("rapunzel", "Rapunzel", "Feldsalat (Hessian)", "feldsalat", "sub"),
    ("grie soß", "Grie Soß", "Grüne Soße (the herbs for it)", "kraeuter-gruene-sosse", "sub"),
    ("ebbel", "Ebbel", "Äpfel", "aepfel-boskoop / aepfel-elstar", "sub"),
    ("ebbelwoi", "Ebbelwoi", "Apfelwein", "apfelwein-klar-kasten (\"den klaren\")", "sub"),
    ("quoatsche", "Quoatschehoink", "Zwetschgenmus (Quoatsche = Zwetschgen, Hoink = Honig)", "zwetschgenmus",
     "sub"),
    ("hoink", "Hoink", "Honig", "bluetenhonig-cremig-500", "sub"),
    ("zwiwwel", "Zwiwwel", "Zwiebeln", "hof-zwiebeln-netz (\"e Netz\")", "sub"),
    ("sprudel", "Sprudel", "sparkling mineral water", "wasser-classic-kasten", "sub"),
    ("kiste", "Kiste, Kisten", "crate (the catalog says Kasten)", "the Kasten product", "sub"),
    ("hühnersupp", "hühnersupp (voice)", "Hühnersuppe", "nothing (context)", "word"),
    ("beulches", "Beulches", "Vogelsberg potato dumplings boiled in cloth bags; nobody sells them",
     "nothing", "sub"),
    # amounts
    ("pond", "e Pond, e halb Pond", "Pfund; e halb Pond = ein halbes Pfund",
     "0.5 kg / 0.25 kg of a kg product; 500 g piece", "word"),
    ("e", "e (Rolle, Glas, Netz, Pond ...)", "ein / eine", "1", "word"),
    ("zwie", "zwie (Becher, Handkees)", "zwei (masculine form)", "2", "word"),
    ("zwä", "zwä (Gläser)", "zwei (neuter form)", "2", "word"),
    ("stund", "e Stund", "eine Stunde (question only)", "nothing", "word"),
    ("flasch", "e Flasch", "eine Flasche", "1", "word"),
    # days and times
    ("moije", "moije", "(1) Guten Morgen as a greeting, (2) morgen = tomorrow (\"moije Nachmittag\")",
     "greeting: nothing; tomorrow: the next day", "word"),
    ("woch", "die ganze Woch", "Woche", "the shop's closed week", "word"),
    ("fassenacht", "Fassenacht", "Fastnacht", "nothing (context)", "sub"),
    ("sonnabend", "Sonnabend", "Samstag (northern word of a newcomer from Hamburg)", "Saturday", "sub"),
    ("helau", "Helau", "Fastnacht cheer", "nothing", "sub"),
    # greetings, small words
    ("gun dach", "gun dach", "Guten Tag", "nothing", "sub"),
    ("gun owend", "gun owend", "Guten Abend", "nothing", "sub"),
    ("gemoije", "Gemoije", "Guten Morgen (Mittelhessian)", "nothing", "sub"),
    ("morje", "Morje", "Guten Morgen", "nothing", "word"),
    ("ei gude", "Ei gude", "Hessian hello", "nothing", "sub"),
    ("gurre", "Alles Gurre", "alles Gute (goodbye)", "nothing", "sub"),
    ("dangge", "dangge", "danke", "nothing", "sub"),
    ("moin", "Moin", "northern hello (newcomer)", "nothing", "word"),
    ("ebbes", "ebbes", "etwas", "nothing", "word"),
    ("aich", "Aich", "ich", "nothing", "word"),
    ("un", "un", "und", "nothing", "word"),
    ("des", "des", "das", "nothing", "word"),
    ("is", "is", "ist", "nothing", "word"),
    ("net", "net", "nicht", "nothing", "word"),
    ("hot", "hot", "hat", "nothing", "word"),
    ("uff", "uff", "auf (open)", "nothing (opening question)", "word"),
    ("erstmol", "erstmol", "erstmal", "nothing", "sub"),
    ("gell", "gell", "nicht wahr", "nothing", "word"),
    ("kost", "kost", "kostet (price question)", "nothing", "word"),
    ("langt", "langt", "reicht (\"von der Lewwerworscht langt eins\")", "quantity 1", "word"),
    ("bräucht", "bräucht", "bräuchte", "nothing", "word"),
    ("blättche", "Blättche", "the local paper (where the shop announced its holiday)", "nothing", "sub"),
]
