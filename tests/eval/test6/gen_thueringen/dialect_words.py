"""The regional and dialect words the residents of this set use (README table, check.py).

Each entry: (forms as written in the turns, meaning, expected as, where it is used / note, mode)
mode "sub": no form may occur anywhere in the catalog file, not even inside another word;
mode "word": no form may occur in the catalog as a whole word (the form is itself part of a
standard word the catalog must print, e.g. "Stolle" inside "Stollen", or it is a short word).
"""

CONTENT = [
    (["roster"], "Thüringer Rostbratwurst (Thüringisch, Umgangssprache)",
     "Thüringer Rostbratwurst, roh (`rostbratwurst-roh`) of the shop named", "sub"),
    (["rostbrätel"], "mariniertes Nackensteak vom Rost (Thüringisch)",
     "Schweinenackensteak mariniert (`nackensteak-mariniert`, kg)", "sub"),
    (["leberworscht", "rotworscht", "worscht"], "Wurst (Thüringisch/Hennebergisch Aussprache)",
     "Thüringer Leberwurst fein/grob, Thüringer Rotwurst", "sub"),
    (["hackepeter"], "gewürztes Schweinemett (ostdeutsch)", "Schweinemett, gewürzt (`schweinemett`, kg)", "sub"),
    (["gehacktes", "hacktes"], "Hackfleisch (ostmitteldeutsch)", "Hackfleisch gemischt (`hackfleisch-gemischt`, kg)", "sub"),
    (["broiler"], "Brathähnchen (DDR-Wort, im Osten alltäglich)", "Hähnchen ganz, frisch (`haehnchen-ganz`)", "sub"),
    (["hütes"], "Thüringer (grüne) Klöße, Hennebergisch um Suhl/Zella-Mehlis",
     "nothing by itself (the dish); the Kloßmasse the resident names", "sub"),
    (["klees"], "Klöße (Ilmenau/Erfurter Raum)", "nothing by itself (the dish); the Kloßmasse named", "sub"),
    (["chrisamel"], "Christstollen (Suhl: Chrisamelmarkt)", "Thüringer Christstollen 500 g / 1 kg", "sub"),
    (["stolle", "butterstolle", "mohnstolle"], "Stollen (thüringisch/obersächsisch: die Stolle)",
     "Butterstollen 750 g, Mohnstollen 750 g, Christstollen", "word"),
    (["schittchen"], "Stollen (Erfurt)", "nothing (small talk)", "sub"),
    (["semmeln"], "Brötchen (Südthüringen)", "Weizenbrötchen (`weizenbroetchen`)", "sub"),
    (["pfannkuchen"], "Berliner (ost- und mitteldeutsch)", "Berliner mit Pflaumenmus / mit Erdbeerkonfitüre", "sub"),
    (["pfefferkuchen"], "Lebkuchen (ost- und mitteldeutsch)", "Honiglebkuchen 250 g (`honiglebkuchen`)", "sub"),
    (["apfelsinen"], "Orangen (ostdeutsch, alltäglich)", "Orangen (`orangen`, kg)", "sub"),
    (["mohrrüben"], "Möhren (ostdeutsch)", "Möhren 1 kg / 2 kg", "sub"),
    (["porree"], "Lauch (nord- und ostdeutsch)", "Lauch (`lauch`, Stange)", "sub"),
    (["rotkraut"], "Rotkohl (Thüringen, zu Klößen)", "Rotkohl (`rotkohl`, Kopf)", "sub"),
    (["zippeln"], "Zwiebeln (Thüringisch/Obersächsisch)", "Zwiebeln 1 kg / 2,5 kg", "sub"),
    (["grasläube"], "Schnittlauch (Hennebergisch)", "Schnittlauch, Bund (`schnittlauch`)", "sub"),
    (["rapunzel"], "Feldsalat (Thüringen, Hessen, Franken)", "Feldsalat 150 g (`feldsalat`, Schale)", "sub"),
    (["gequellte"], "Pellkartoffeln (Thüringisch/Obersächsisch, mit Quark und Leinöl)",
     "nothing by itself; tells that festkochende Kartoffeln are meant", "sub"),
    (["selters"], "Mineralwasser mit Kohlensäure (ostdeutsch, Gattungswort)",
     "Thüringer Waldquell classic/medium/still, Kasten (the variant named)", "sub"),
    (["brause"], "Limonade (ostdeutsch)", "Zitronenlimonade, Kasten", "sub"),
    (["schwarzes"], "Schwarzbier (Thüringen: Köstritzer)", "Köstritzer Schwarzbier, Kasten / Flasche", "sub"),
    (["kiste", "kisten"], "Getränkekasten", "…, Kasten 12 × 0,7 l / 20 × 0,5 l", "sub"),
    (["sonnabend"], "Samstag (ost- und norddeutsch)", "Saturday of the slot", "sub"),
    (["stücker"], "ungefähr (\"so Stücker zehn\", thüringisch/obersächsisch)", "the number said", "sub"),
    (["blättle"], "Zeitung, Amtsblatt (Hennebergisch, Verkleinerung auf -le)", "nothing (small talk)", "sub"),
]

# everyday dialect function words and greetings: small talk, expected as nothing
FUNCTION = [
    (["gun tach", "tach"], "Guten Tag", "nothing", "word"),
    (["gumorng"], "Guten Morgen", "nothing", "word"),
    (["nabend", "n abend"], "Guten Abend", "nothing", "word"),
    (["ä"], "ein, eine (\"ä pfund\", \"ä halbes pfund\")", "the number one", "word"),
    (["zwee"], "zwei", "2", "word"),
    (["fir"], "für", "nothing", "word"),
    (["ooch"], "auch", "nothing", "word"),
    (["weeß"], "weiß (ich weeß)", "nothing", "word"),
    (["nich"], "nicht", "nothing (negation kept)", "word"),
    (["kinner"], "Kinder", "nothing", "word"),
    (["hamse"], "haben Sie", "nothing (question)", "word"),
    (["runner"], "herunter", "nothing", "word"),
    (["mei"], "mein, meine", "nothing", "word"),
    (["lassmers"], "lassen wir es", "nothing", "word"),
]

ALL = CONTENT + FUNCTION
