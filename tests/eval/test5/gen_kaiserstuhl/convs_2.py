# Conversations 31-60 (kaiserstuhl_2.yml). Same conventions as convs_1.py.
from convs_1 import B, M, H, K, F, G, I, BL, W, GF, Z

CONVS = [
dict(id="ksh-rotkraut-kraut-gaelriebe", channel="voice", now="2027-11-09 10:30",
     customer=dict(name="Brigitte Eckert", phone="+49 7642 933108", municipality="endingen"),
     tags=["dialect-alemannic", "regional-word", "kg-decimal", "correction-quantity", "no-slot"],
     turns=[
        "hallo ich bräucht vom frey e kilo rotkraut zwei kilo kraut zum sauerkraut mache und ein beutel gälriebe",
        "nei vom kraut doch drei kilo mir mache e großes fass",
        "des wärs de termin mach i später",
     ],
     cart=[(GF, "rotkohl", "1"), (GF, "weisskohl", "3"), (GF, "karotten-1kg", "1")]),

dict(id="ksh-hunig-iwwermorn", channel="telegram", now="2027-11-10 08:00",
     customer=dict(name="Ralf Zähringer", phone="+49 151 61127730", municipality="ihringen"),
     tags=["dialect-alemannic", "regional-word", "x2", "day-after-tomorrow", "pickup"],
     turns=[
        "Morge! Hunig vom Bührer: Akazie 500g x2, 1x Kastanienhonig",
        "Abhole iwwermorn Nommidag am Rathaus Ihringe",
     ],
     cart=[(I, "akazienhonig-500", "2"), (I, "kastanienhonig-500", "1")],
     slot=("pickup", "2027-11-12 15:30", "ihringen-rathaus")),

dict(id="ksh-hit-nommidag-brezle", channel="voice", now="2027-11-15 11:00",
     customer=dict(name="Simone Baumann", phone="+49 7642 916645", municipality="endingen"),
     tags=["dialect-alemannic", "regional-word", "today", "pickup"],
     turns=[
        "grüeß gott zwei brezle drei laugestange und e walnussbrot vom hügele bitte",
        "hol i hit nommidag am marktplatz in endinge ab",
        "danke ade",
     ],
     cart=[(B, "laugenbrezel", "2"), (B, "laugenstange", "3"), (B, "walnussbrot", "1")],
     slot=("pickup", "2027-11-15 15:30", "endingen-marktplatz")),

dict(id="ksh-kiefer-bei-kiefer", channel="web", now="2027-11-11 19:30",
     customer=dict(name="Renate Kiefer", phone="+49 7642 902233", municipality="sasbach"),
     tags=["customer-name-equals-shop-name", "remove-item", "no-slot"],
     turns=[
        "Hallo, hier Renate Kiefer (nicht verwandt 😄). Von der Hofkäserei Kiefer bitte:\n1 Camembert\n2 Ziegenfrischkäse\n1 Naturjoghurt",
        "Und 2 Stk Butter",
        "Ach, die Butter raus, hab doch noch welche im Kühlschrank",
        "Termin mach ich später",
     ],
     cart=[(K, "hofcamembert", "1"), (K, "ziegenfrischkaese", "2"), (K, "naturjoghurt-500", "1")]),

dict(id="ksh-dst-dienstag-obe", channel="telegram", now="2027-10-30 10:00",
     customer=dict(name="Nadine Fehrenbach", phone="+49 160 44920185", municipality="breisach", street="Neutorstraße 8"),
     tags=["dst", "holiday", "delivery", "crate"],
     turns=[
        "Hallo, 3 Kisten Apfelschorle vom Hauser und 2 Fl roten Traubensaft vom Gutjahr",
        "Montag ist ja Feiertag, also bitte Dienstag abend liefern",
     ],
     cart=[(G, "apfelschorle-kasten", "3"), (W, "traubensaft-rot", "2")],
     slot=("delivery", "2027-11-02 17:00")),

dict(id="ksh-das-zweite-nochmal", channel="voice", now="2027-10-22 14:00",
     customer=dict(name="Daniel Jäger", phone="+49 7667 920771", municipality="breisach"),
     tags=["correction-repeat", "no-slot", "asr-fillers"],
     turns=[
        "ähm ja hallo ich hätte gern ein roggenmischbrot und einen hefezopf vom hügele",
        "und das zweite nochmal also noch so n hefezopf",
        "das wars danke den termin mach ich später",
     ],
     cart=[(B, "roggenmischbrot", "1"), (B, "hefezopf", "2")]),

dict(id="ksh-noch-zwei-mehr-vollkorn", channel="web", now="2027-09-15 09:30",
     customer=dict(name="Rosa Isele", phone="+49 7662 909915", municipality="vogtsburg"),
     tags=["shared-words-vollkorn", "correction-quantity", "no-slot"],
     turns=[
        "Guten Morgen, 4 Vollkornbrötchen und 4 Körnerbrötchen vom Hügele bitte",
        "bei den Vollkornbrötchen noch zwei mehr",
        "Danke, Termin später",
     ],
     cart=[(B, "vollkornbroetchen", "6"), (B, "koernerbroetchen", "4")]),

dict(id="ksh-je-x2-grumbiere", channel="telegram", now="2027-09-16 20:00",
     customer=dict(name="Helmut Gehri", phone="+49 7668 912006", municipality="ihringen"),
     tags=["x2", "je", "potato-variant", "regional-word", "no-slot"],
     turns=[
        "Vom Kiefer: Buttermilch x2 u. Naturjoghurt x2\nVom Schwörer je 1 Netz Grumbiere festkochend bzw mehlig (die 2,5er)",
        "Lieferung mach ich morgen aus",
     ],
     cart=[(K, "buttermilch-05", "2"), (K, "naturjoghurt-500", "2"), (H, "kartoffeln-festkochend-2-5", "1"), (H, "kartoffeln-mehlig-2-5", "1")]),

dict(id="ksh-liter-buttermilch-zwanzig-eier", channel="web", now="2027-09-24 07:45",
     customer=dict(name="Theresa Hummel", phone="+49 7642 917452", municipality="sasbach"),
     tags=["liters-to-bottles", "eggs-to-packs", "pound", "no-slot"],
     turns=[
        "Guten Morgen, ich bräuchte 1 Liter Buttermilch und ein Pfund Quark von der Käserei Kiefer",
        "Ah, und 20 Eier vom Schwörer",
        "Termin sag ich später, danke",
     ],
     cart=[(K, "buttermilch-05", "2"), (K, "speisequark-500", "1"), (H, "eier-10", "2")]),

dict(id="ksh-zander-rehruecken-gaeste", channel="web", now="2027-11-22 18:00",
     customer=dict(name="Manfred Linsenmeier", phone="+49 7667 935580", municipality="breisach"),
     tags=["fish", "game", "grams-to-kg", "no-slot"],
     turns=[
        "Guten Abend, am Samstag kommen Gäste. Bei Ehret hätte ich gern ca. 800 g Zanderfilet und 600 g Rehrücken",
        "Was kostet das ungefähr zusammen?",
        "Gut, den Liefertermin mache ich später.",
     ],
     cart=[(F, "zanderfilet", "0.8"), (F, "rehruecken", "0.6")]),

dict(id="ksh-sprudel-fuer-oma", channel="telegram", now="2027-10-26 16:20",
     customer=dict(name="Katrin Eberle", phone="+49 176 20984417", municipality="sasbach"),
     tags=["address-in-turn", "still-medium-classic", "liters-to-bottles", "delivery", "regional-word"],
     turns=[
        "Hallo, bestelle für meine Oma: 2 Kästen Sprudel (classic) und 6 Fl. Apfelsaft klar, beides von Hauser",
        "Lieferung an Limburgstraße 7 in Sasbach, am Donnerstag zwischen 1 und 4",
        "Danke!! 🙏",
     ],
     cart=[(G, "wasser-classic-kasten", "2"), (G, "apfelsaft-klar-1l", "6")],
     slot=("delivery", "2027-10-28 13:00")),

dict(id="ksh-grillfescht-sportverein", channel="voice", now="2027-09-02 12:00",
     customer=dict(name="Paul Schill", phone="+49 7668 925517", municipality="ihringen"),
     tags=["long", "dialect-alemannic", "regional-word", "correction-quantity", "pickup", "day-dialect"],
     turns=[
        "hallo do isch de schill paul vom sportverein ihringe",
        "mir mache am samschdig e grillfescht und bräuchte vom zimmermann zwanzig rote wurscht zehn bratwürscht fein und zwei kilo schweinebauch",
        "und dreißig weckle vom hügele",
        "ah d rote wurscht zwanzig langt nit mach fünfezwanzig",
        "abhole am samschdig morge am rathaus in ihringe",
        "jo merci vielmol",
     ],
     cart=[(M, "rote-wurst", "25"), (M, "bratwurst-fein", "10"), (M, "schweinebauch", "2"), (B, "weizenbroetchen", "30")],
     slot=("pickup", "2027-09-04 09:30", "ihringen-rathaus")),

dict(id="ksh-grauburgunder-liter", channel="web", now="2027-10-01 10:00",
     customer=dict(name="Stefan Friedrich", phone="+49 7662 944003", municipality="vogtsburg"),
     tags=["variant-by-size", "age-restricted", "question", "no-slot"],
     turns=[
        "Moin, 3 Grauburgunder in der Literflasche und 2 Spätburgunder rot (0,75) vom Weingut Gutjahr",
        "Ist der Spätburgunder trocken?",
        "ok passt, Termin mache ich später",
     ],
     cart=[(W, "grauburgunder-1l", "3"), (W, "spaetburgunder-rot", "2")]),

dict(id="ksh-typos-kuerbis", channel="telegram", now="2027-10-11 21:10",
     customer=dict(name="Oliver Kern", phone="+49 157 81122690", municipality="vogtsburg"),
     tags=["typos", "emoji", "no-slot"],
     turns=[
        "hallo, bitte 1 netz kartofeln mehlig 2,5kg vom schwörer, 1 schachtel eier 10er, 1 kürbis hokaido 🎃",
        "termin später thx",
     ],
     cart=[(H, "kartoffeln-mehlig-2-5", "1"), (H, "eier-10", "1"), (H, "kuerbis-hokkaido", "1")]),

dict(id="ksh-fleischkaes-morn-obe", channel="voice", now="2027-10-27 12:15",
     customer=dict(name="Alfons Dischinger", phone="+49 7642 926630", municipality="endingen"),
     tags=["dialect-alemannic", "regional-word", "half-pound", "correction-quantity", "pickup", "tomorrow-dialect", "paar"],
     turns=[
        "jo hallo e halb pfund fleischkäs vom zimmermann und vier paar landjäger nei zwei paar landjäger langt",
        "und e roggemischbrot vom hügele",
        "hol i morn z obe am marktplatz in endinge ab",
     ],
     cart=[(M, "fleischkaese", "0.25"), (M, "landjaeger", "2"), (B, "roggenmischbrot", "1")],
     slot=("pickup", "2027-10-28 15:30", "endingen-marktplatz")),

dict(id="ksh-rahm-zwetschgenkuchen", channel="telegram", now="2027-09-25 08:00",
     customer=dict(name="Edith Hess", phone="+49 7662 913390", municipality="vogtsburg"),
     tags=["regional-word", "no-slot"],
     turns=[
        "Morge 😊 6 Stück Zwetschgenkuchen vom Hügele und 2 Becher Rahm vom Kiefer zum Schlage",
        "s'Termin mach i spöter",
     ],
     cart=[(B, "zwetschgenkuchen-stueck", "6"), (K, "schlagsahne-200", "2")]),

dict(id="ksh-feigen-trauben-preis", channel="web", now="2027-09-14 13:00",
     customer=dict(name="Luca Moretti", phone="+49 163 5582019", municipality="endingen"),
     tags=["price-question", "kg-decimal", "no-slot"],
     turns=[
        "Hallo, was kosten bei Frey die Feigen vom Kaiserstuhl?",
        "Dann 2 Schalen Feigen und 1,5 kg weiße Trauben",
        "Termin mache ich später, danke",
     ],
     cart=[(GF, "feigen-4", "2"), (GF, "tafeltrauben-weiss", "1.5")]),

dict(id="ksh-flammkueche-grauburgunder", channel="voice", now="2027-10-08 09:20",
     customer=dict(name="Carola Wehrle", phone="+49 7667 908814", municipality="breisach"),
     tags=["dialect-alemannic", "regional-word", "variant-by-size", "age-restricted", "no-slot"],
     turns=[
        "hallo ich hätt gern drei flammkueche vom hügele und e flasch grauburgunder die null komma sieben fünfer",
        "des isch für hit z obe weisch aber de termin mach i nochher selber",
     ],
     cart=[(B, "flammkuchen", "3"), (W, "grauburgunder-075", "1")]),

dict(id="ksh-rouladen-a-180", channel="web", now="2027-11-18 19:45",
     customer=dict(name="Gertrud Ganter", phone="+49 7668 939921", municipality="ihringen", street="Kirchstraße 15"),
     tags=["a-grams", "grams-to-kg", "correction-replace", "delivery", "customer-name-equals-brand"],
     turns=[
        "Guten Abend! Vom Zimmermann 2 kg Rinderrouladen - nein, sagen wir 4 Rouladen à 180 g",
        "Dazu vom Frey 1 kg Rotkohl und 2 Stangen Lauch",
        "Liefern am Samstag bitte, danke",
     ],
     cart=[(M, "rinderrouladen", "0.72"), (GF, "rotkohl", "1"), (GF, "lauch", "2")],
     slot=("delivery", "2027-11-20 08:00")),

dict(id="ksh-met-kerzen-geschenk", channel="telegram", now="2027-11-24 10:00",
     customer=dict(name="Mia Schwarz", phone="+49 152 33018842", municipality="breisach"),
     tags=["age-restricted", "no-slot", "gift"],
     turns=[
        "Hi, hätte gern 6 Bienenwachskerzen und 2 Fl Met vom Bührer, als Wichtelgeschenke 🎁",
        "Termin mach ich später",
     ],
     cart=[(I, "bienenwachskerze", "6"), (I, "met", "2")]),

dict(id="ksh-so-bald-wie-s-goht", channel="voice", now="2027-11-25 14:30",
     customer=dict(name="Lisa Grether", phone="+49 7642 935074", municipality="endingen"),
     tags=["earliest-window", "pickup", "regional-word", "pound-of-butter"],
     turns=[
        "ich bräucht zwei brezle vom hügele und e pfund anke vom kiefer",
        "abhole so bald wie s goht am marktplatz in endinge",
        "merci",
     ],
     cart=[(B, "laugenbrezel", "2"), (K, "landbutter-250", "2")],
     slot=("pickup", "2027-11-26 15:30", "endingen-marktplatz"), earliest=True),

dict(id="ksh-chrysanthemen-grabschale", channel="web", now="2027-10-20 15:00",
     customer=dict(name="Benedikt Hess", phone="+49 7667 926219", municipality="breisach"),
     tags=["florist", "seasonal", "no-slot"],
     turns=[
        "Hallo, bei Blumen Engler: 3 Chrysanthemen im Topf und ne bepflanzte Grabschale",
        "Termin mach ich später, danke",
     ],
     cart=[(BL, "chrysantheme", "3"), (BL, "grabschale", "1")]),

dict(id="ksh-smalltalk-reben-wein", channel="telegram", now="2027-09-27 11:40",
     customer=dict(name="Emil Ritter", phone="+49 7662 937765", municipality="vogtsburg"),
     tags=["small-talk-no-add", "opening-hours-question", "age-restricted", "no-slot"],
     turns=[
        "Grüeß Gott! Was für e Wetter, endlich Regen für d Reben 🍇",
        "Ich bräucht 2 Fl Weißburgunder vom Gutjahr und 1 Weißherbst",
        "Wann hat eigentlich der Hofladen Schwörer offen?",
        "ok, Termin später",
     ],
     cart=[(W, "weissburgunder-075", "2"), (W, "spaetburgunder-weissherbst", "1")]),

dict(id="ksh-suppefleisch-peterli", channel="voice", now="2027-11-16 08:30",
     customer=dict(name="Ingrid Steiert", phone="+49 7668 917734", municipality="ihringen", street="Bahnhofstraße 11"),
     tags=["dialect-alemannic", "regional-word", "kg-decimal", "delivery", "day-dialect"],
     turns=[
        "morge ich hätt gern anderthalb kilo suppefleisch vom rind beim zimmermann",
        "und vom frey e lauchstange und e bund peterli",
        "liefere am dunnschdig nommidag",
        "jo passt danke",
     ],
     cart=[(M, "suppenfleisch-rind", "1.5"), (GF, "lauch", "1"), (GF, "petersilie", "1")],
     slot=("delivery", "2027-11-18 13:00")),

dict(id="ksh-wildschwein-nach-urlaub", channel="web", now="2027-10-18 12:00",
     customer=dict(name="Yvonne Schirmer", phone="+49 7667 911462", municipality="breisach"),
     tags=["shop-closed", "game", "pickup", "min-order"],
     turns=[
        "Hallo, 2 Kg Wildschweingulasch bei Ehret bitte",
        "Die haben ja bis Samstag Urlaub, also Abholung nächsten Montag am Bahnhof Breisach, nachmittags",
     ],
     cart=[(F, "wildschweingulasch", "2")],
     slot=("pickup", "2027-10-25 15:30", "breisach-bahnhof")),

dict(id="ksh-trenkle-edith-lang", channel="voice", now="2027-11-04 10:00",
     customer=dict(name="Edith Trenkle", phone="+49 7642 902517", municipality="sasbach"),
     tags=["long", "dialect-alemannic", "regional-word", "correction-quantity", "small-talk-no-add", "no-slot", "paar"],
     turns=[
        "jo grüß gott i bin d frau trenkle edith us sasbach i hab des no nie gmacht mit dem telefon do",
        "also ich bräucht e laib bauernbrot de kleine und zehn weckli",
        "vom metzger drei bratwürscht grobi und zwei wienerle also ei paar",
        "und vom kiefer e halb pfund anke",
        "d weckli doch bloß acht s isch jo nur für mi allei sit mi ma gstorbe isch",
        "de termin macht mi sohn spöter der kennt sich do us",
     ],
     cart=[(B, "bauernbrot-750", "1"), (B, "weizenbroetchen", "8"), (M, "bratwurst-grob", "3"), (M, "wiener-wuerstchen", "1"), (K, "landbutter-250", "1")]),

dict(id="ksh-apfelsaft-vom-hof", channel="telegram", now="2027-09-10 17:00",
     customer=dict(name="Fatma Yilmaz", phone="+49 176 44310287", municipality="vogtsburg"),
     tags=["two-shops-same-good", "potato-sack", "regional-word", "no-slot"],
     turns=[
        "Hallo, 4 Fl Apfelsaft naturtrüb, aber den vom Hofladen Schwörer (eigenes Obst), nicht vom Getränkemarkt",
        "Und n Sack Grumbiere mehlig, den großen mit 12,5 kg",
        "Liefertermin mach ich später",
     ],
     cart=[(H, "apfelsaft-hof", "4"), (H, "kartoffeln-mehlig-12-5", "1")]),

dict(id="ksh-export-heut-zu-spaet", channel="web", now="2027-09-30 12:00",
     customer=dict(name="Andreas Wehrle", phone="+49 7667 934471", municipality="breisach", street="Kapuzinergasse 4"),
     tags=["age-restricted", "crate", "too-late-today", "delivery"],
     turns=[
        "2 Kästen Ganter Export + 1 Kasten Tannenzäpfle alkoholfrei vom Hauser",
        "Heut Abend geht wohl nicht mehr, dann morgen Abend liefern bitte",
     ],
     cart=[(G, "ganter-export-kasten", "2"), (G, "tannenzaepfle-alkoholfrei-kasten", "1")],
     slot=("delivery", "2027-10-01 17:00")),

dict(id="ksh-gugummere-cherry", channel="telegram", now="2027-09-21 07:10",
     customer=dict(name="Marie Zimmer", phone="+49 7642 919903", municipality="endingen"),
     tags=["regional-word", "grams-to-packs", "no-slot"],
     turns=[
        "Morge, vom Frey: 2 Gugummere, 500g Cherrytomaten, 1 Kopfsalat",
        "Termin mach ich später, merci",
     ],
     cart=[(GF, "salatgurke", "2"), (GF, "cherrytomaten-250", "2"), (GF, "kopfsalat", "1")]),

dict(id="ksh-mirabelle-frage", channel="voice", now="2027-11-27 09:15",
     customer=dict(name="Tobias Maier", phone="+49 7662 920046", municipality="vogtsburg"),
     tags=["question", "spirits", "age-restricted", "no-slot"],
     turns=[
        "hallo hat der gutjahr au mirabelle schnaps",
        "dann e flasch mirabelle und e flasch williams",
        "des wärs termin mach i später",
     ],
     cart=[(W, "mirabellenbrand", "1"), (W, "williamsbrand", "1")]),
]
