"""Regional, Mecklenburg Platt and East/North German everyday words the residents use.

Each entry: (word as matched, case-insensitive, meaning, what it is expected as, conversations).
check.py verifies that every word occurs in at least one turn, appears nowhere in the catalog
(not even in comments) and is listed in the README's table.
"""

WORDS = [
    # greetings, small talk, fillers (expected as nothing)
    ("moin", "Gruß zu jeder Tageszeit", "nichts (Gruß)"),
    ("gauden dag", "Platt: guten Tag", "nichts (Gruß)"),
    ("tschüssing", "tschüss", "nichts (Abschied)"),
    ("min deern", "Platt: mein Mädchen (freundliche Anrede)", "nichts"),
    ("schietwetter", "schlechtes Wetter", "nichts (Small Talk)"),
    ("dank ok", "Platt: danke auch", "nichts"),
    ("ick bruk", "Platt: ich brauche", "Bestellabsicht"),
    ("mien fru", "Platt: meine Frau", "nichts"),
    # days and times
    ("sonnabend", "Samstag (nord-/ostdeutsch)", "Samstag"),
    ("övermorgen", "Platt: übermorgen", "Tag nach morgen"),
    ("dunnersdag", "Platt: Donnerstag", "Donnerstag"),
    ("hüt", "Platt: heute", "heute (hier nur Small Talk)"),
    # numbers and amounts
    ("twei", "Platt: zwei", "2"),
    ("een", "Platt: ein/eins", "1"),
    ("pund", "Platt: Pfund (500 g)", "0.5 kg / 2 × 250 g"),
    ("halv pund", "Platt: halbes Pfund (250 g)", "0.25 kg"),
    ("kiste", "Kasten (Getränke)", "1 Kasten"),
    ("pött", "Platt: Töpfe, hier Becher", "Becher (Schmand 200 g)"),
    ("buddel", "Flasche", "1 Flasche"),
    ("lütten", "Platt: kleinen", "Größe klein"),
    # goods
    ("tüften", "Platt (Mecklenburg): Kartoffeln", "Kartoffeln festkochend 2,5 kg"),
    ("botter", "Platt: Butter", "Süßrahmbutter 250 g"),
    ("kees", "Platt: Käse", "Gouda (mit \"den milden\": Gouda jung mild)"),
    ("klüten", "Platt: Klöße", "Kartoffelklöße halb und halb 6 Stück"),
    ("hackepeter", "ostdeutsch: gewürztes Schweinemett", "Schweinemett gewürzt (kg)"),
    ("gehacktes", "ostdeutsch: Hackfleisch gemischt", "Hackfleisch gemischt (kg)"),
    ("gehaktes", "dasselbe, vertippt", "Hackfleisch gemischt (kg)"),
    ("karbonade", "ostdeutsch: Schweinekotelett", "Schweinekotelett (kg)"),
    ("buletten", "ostdeutsch: Frikadellen", "Frikadelle (Stück)"),
    ("fischbuletten", "Fischfrikadellen", "Fischfrikadelle (Stück)"),
    ("broiler", "ostdeutsch: Brathähnchen", "Brathähnchen bratfertig"),
    ("tote oma", "ostdeutsch (scherzhaft): Grützwurst", "Grützwurst (kg)"),
    ("leberwust", "Platt: Leberwurst", "Leberwurst grob/fein (kg)"),
    ("selter", "Mineralwasser mit Kohlensäure", "Mineralwasser classic Kasten"),
    ("köm", "Kümmelschnaps", "Mecklenburger Kümmel 32 % 0,7 l"),
    ("brause", "Limonade", "Zitronenlimonade Kasten"),
    ("wruken", "Steckrüben", "Steckrüben (kg)"),
    ("kumst", "Platt: Weißkohl", "Weißkohl (Kopf)"),
    ("wurzeln", "norddeutsch: Möhren", "Möhren (kg)"),
    ("zipollen", "Platt: Zwiebeln", "Zwiebeln Netz 1 kg"),
    ("porree", "Lauch", "Lauch (Stange)"),
    ("äppel", "Platt: Äpfel", "Äpfel Elstar (kg)"),
    ("plummenmus", "Platt: Pflaumenmus", "Pflaumenmus 400 g"),
    ("bickbeer", "norddeutsch: Heidelbeere", "Heidelbeer-Konfitüre 200 g"),
    ("melk", "Platt: Milch", "Frischmilch 1 l"),
    ("pfannkuchen", "ostdeutsch: Berliner (Krapfen)", "Berliner mit Pflaumenmus"),
    ("schrippen", "Berlin/Brandenburg, bis Neustrelitz: Brötchen", "Weizenbrötchen"),
    ("plötz", "Rotauge (Fisch)", "Rotaugen geräuchert (kg)"),
]
