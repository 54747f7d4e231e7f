"""Regional and dialect words the residents of the Emsland set use.

Each entry: (word as checked, meaning, what it is expected as).
check.py verifies that every word occurs in at least one turn of the conversation file and
nowhere in the catalog (case-insensitive; words of up to 4 letters as whole words, longer ones
also inside compounds), and that the README's table lists it.
"""

WORDS = [
    # greetings, small talk, fillers
    ("Moin", "Gruß zu jeder Tageszeit", "nichts (Gruß)"),
    ("Tach", "Guten Tag", "nichts (Gruß)"),
    ("Tschöö", "Tschüss, emsländisch gedehnt", "nichts (Abschied)"),
    ("wo geiht di dat", "wie geht es dir (Platt)", "nichts (Small Talk)"),
    ("mutt ja", "muss ja, es geht so (Platt, Standardantwort)", "nichts (Small Talk)"),
    ("wohl", "emsländisches Füllwort: schon, anscheinend", "nichts"),
    ("vandage", "heute (Platt)", "nichts (Abschluss ohne Termin)"),
    ("mok ik later", "mache ich später (Platt)", "kein Termin"),
    ("allens", "alles (Platt)", "nichts"),
    ("düer", "teuer (Platt)", "nichts (Ablehnung nach Preisfrage)"),
    ("pro Kopp", "pro Person", "nichts (Preisfrage)"),
    ("Teetied", "Teezeit am Nachmittag", "nichts (Small Talk)"),
    # places and days
    ("Möppen", "Meppen (Platt)", "Ort Meppen / Station meppen-markt"),
    ("Sonnabend", "Samstag (norddeutsch)", "Samstag"),
    ("Dönnerdag", "Donnerstag (Platt)", "Donnerstag"),
    ("vörmiddags", "vormittags (Platt)", "Vormittagsfenster"),
    # amounts
    ("Pund", "Pfund, 500 g (Platt)", "0.5 kg bzw. Stückzahl, die 500 g ergibt"),
    ("Zentner", "50 kg; ein halber Zentner = 25 kg", "kartoffeln-mehlig-25 x 1"),
    ("Buddel", "Flasche", "1 Flasche (piece)"),
    ("Köppe", "Köpfe (Kohlköpfe)", "rotkohl, Stückzahl"),
    ("lütt", "klein (lütten, lütte)", "kleinere Größe: heidehonig-250, nordmanntanne-150"),
    ("twee", "zwei (Platt)", "2"),
    # goods
    ("Tuffels", "Kartoffeln (Platt)", "kartoffeln-*"),
    ("Bookweiten", "Buchweizen (Platt)", "buchweizenmehl"),
    ("Janhinnerk", "Buchweizenpfannkuchen", "nichts (Verwendungszweck)"),
    ("Knipp", "Hafergrützwurst", "fleischerei-wessels hafergruetzwurst (kg)"),
    ("Schlachter", "Fleischer, Metzger", "fleischerei-wessels"),
    ("Gehacktes", "Hackfleisch", "hackfleisch-gemischt"),
    ("halb und halb", "gemischtes Hackfleisch Rind/Schwein", "hackfleisch-gemischt"),
    ("Granat", "Nordseekrabben (Ostfriesland/nördliches Emsland)", "krabben-100 / krabben-250"),
    ("Apfelsinen", "Orangen (norddeutsch)", "orangen (kg)"),
    ("Stutenkerl", "Hefeteigmann zu Nikolaus", "nikolaus-hefeteig"),
    ("Krintenstuten", "Rosinenbrot (Korinthen-Stuten)", "rosinenbrot"),
    ("Stuten", "Weißbrot/Milchbrot", "milchbrot"),
    ("Schwattbrot", "Schwarzbrot, Roggenvollkornbrot (Platt)", "roggenvollkornbrot-*"),
    ("Karnmelk", "Buttermilch (Platt)", "buttermilch"),
    ("Dannenboom", "Tannenbaum, Weihnachtsbaum (Platt)", "nordmanntanne-*"),
    ("Rullekes", "Neujahrshörnchen, gerollte Waffeln", "neujahrshoernchen"),
    ("Speckendicken", "Silvestergebäck mit Speck und Mettwurst", "nichts (nicht im Sortiment)"),
    ("Kohlfahrt", "Grünkohlwanderung mit Bollerwagen", "nichts (Preisfrage zur Dienstleistung)"),
    ("Brause", "Limonade", "orangenlimonade-kasten"),
    ("Wurzeln", "Möhren (norddeutsch)", "moehren-*"),
    ("Schnibbelbohnen", "sauer eingelegte Schnittbohnen (in der Sprachausgabe \"schnibbel bohnen\")", "schnittbohnen"),
    ("Kluntjes", "weißer Kandis zum Tee", "kandis-weiss"),
]

# How the speech recogniser splits some of them in voice turns; also kept out of the catalog.
ASR_FORMS = ["stuten kerle", "schnibbel bohnen", "doppel korn", "brat würste", "brat heringe",
             "räucher aal", "leber wurst", "gänse keulen", "weihnachts sterne", "papen burg",
             "wes sels", "tünemann"]
