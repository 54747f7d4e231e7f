# Conversations 1-30 (kaiserstuhl_1.yml). Plain data; gen.py turns them into YAML and checks them.
# cart: (shop, product, quantity) or (shop, "voucher", amount)
# slot: ("delivery", "YYYY-MM-DD HH:MM") or ("pickup", "YYYY-MM-DD HH:MM", station)
B, M, H, K = "baeckerei-huegele", "metzgerei-zimmermann", "hofladen-schwoerer", "hofkaeserei-kiefer"
F, G, I, BL = "fisch-wild-ehret", "getraenke-hauser", "imkerei-buehrer", "blumen-engler"
W, GF, Z = "weingut-gutjahr", "gemuese-frey", "zweirad-kury"

CONVS = [
dict(id="ksh-weckle-brezle-samschdig", channel="voice", now="2027-09-02 19:10",
     customer=dict(name="Gisela Rinklin", phone="+49 7642 918344", municipality="endingen", street="Adelshof 14"),
     tags=["dialect-alemannic", "regional-word", "day-dialect", "shared-words-vollkorn", "delivery"],
     turns=[
        "grüß gott hier isch d frau rinklin aus endinge ich hätt gern zehn weckle und vier brezle vom hügele",
        "und e vollkornbrot aber e ganzes kei brötchen",
        "ähm liefere am samschdig morge wenn s goht",
        "ja passt so danke ade",
     ],
     cart=[(B, "weizenbroetchen", "10"), (B, "laugenbrezel", "4"), (B, "vollkornbrot", "1")],
     slot=("delivery", "2027-09-04 08:00")),

dict(id="ksh-grumbiere-zibele-schwoerer", channel="telegram", now="2027-09-06 08:45",
     customer=dict(name="Bernd Höfflin", phone="+49 151 22874310", municipality="vogtsburg"),
     tags=["dialect-alemannic", "regional-word", "potato-sack", "no-slot", "two-shops-same-good"],
     turns=[
        "Morge! 1 Sack Grumbiere festkochend 5kg vom Schwörer\nund 2 kg Zibele, au vom Schwörer",
        "Termin mach i speter, danke",
     ],
     cart=[(H, "kartoffeln-festkochend-5", "1"), (H, "zwiebeln-2kg", "1")]),

dict(id="ksh-hack-pfund-rind-statt-gemischt", channel="web", now="2027-09-07 10:20",
     customer=dict(name="Ursula Ehrlacher", phone="+49 7668 944120", municipality="ihringen"),
     tags=["pound", "grams-to-kg", "a-150g", "correction-replace", "pickup", "paar"],
     turns=[
        "Hallo, ich bräuchte vom Metzger Zimmermann 1 Pfund gemischtes Hack und 4 Schnitzel à 150g",
        "ach nee, statt dem gemischten doch lieber Rinderhack. Gleiche Menge.",
        "Und noch 3 Paar Wienerle dazu",
        "Abholen würd ich am Donnerstag nachmittag am Rathaus in Ihringen",
        "Danke, schönen Tag noch!",
     ],
     cart=[(M, "rinderhackfleisch", "0.5"), (M, "schweineschnitzel", "0.6"), (M, "wiener-wuerstchen", "3")],
     slot=("pickup", "2027-09-09 15:30", "ihringen-rathaus")),

dict(id="ksh-anke-rahm-bibbeleskaes", channel="voice", now="2027-09-08 07:30",
     customer=dict(name="Erwin Dufner", phone="+49 7642 913057", municipality="sasbach"),
     tags=["dialect-alemannic", "regional-word", "pound-of-butter", "liters-to-bottles", "no-slot"],
     turns=[
        "ähm guete morge ich bräucht vo de käserei kiefer zwei liter milch e pfund anke und zwei becher rahm",
        "und de bibbeleskäs zweimol",
        "des isch alles de termin mach i spöter",
     ],
     cart=[(K, "vollmilch-1l", "2"), (K, "landbutter-250", "2"), (K, "schlagsahne-200", "2"), (K, "kraeuterquark-250", "2")]),

dict(id="ksh-strauss-urlaub-montag-obe", channel="telegram", now="2027-09-07 12:05",
     customer=dict(name="Monika Zängerle", phone="+49 160 93318452", municipality="breisach"),
     tags=["shop-closed", "address-in-turn", "day-dialect", "delivery", "florist"],
     turns=[
        "Hallo, ich hätt gern en großen Saisonstrauß von Blumen Engler 💐 isch für minere Schwester zum Geburtstag",
        "Ich weiß, die han diese Woch Urlaub bis Samstag. Dann halt am Mändig z'Obe liefern, Kupfertorstraße 3 in Breisach",
        "super danke!!",
     ],
     cart=[(BL, "saisonstrauss-gross", "1")],
     slot=("delivery", "2027-09-13 17:00")),

dict(id="ksh-kischte-sprudel-zaepfle", channel="web", now="2027-09-09 16:00",
     customer=dict(name="Thomas Burkhart", phone="+49 7667 931877", municipality="breisach", street="Münsterbergstraße 21"),
     tags=["drinks", "crate", "still-medium-classic", "age-restricted", "regional-word", "no-slot"],
     turns=[
        "2 Kischte Sprudel medium, 1 Kiste Apfelsaft naturtrüb und 1x Tannenzäpfle Kasten bitte",
        "Alles vom Getränke Hauser. Liefertermin mach ich nachher, muss erst gucken wann ich daheim bin",
     ],
     cart=[(G, "wasser-medium-kasten", "2"), (G, "apfelsaft-naturtrueb-kasten", "1"), (G, "tannenzaepfle-kasten", "1")]),

dict(id="ksh-zwiebelkueche-neuer-suesser", channel="voice", now="2027-09-17 11:00",
     customer=dict(name="Waltraud Schätzle", phone="+49 7662 940318", municipality="vogtsburg"),
     tags=["dialect-alemannic", "regional-word", "seasonal", "age-restricted", "pickup", "small-talk-no-add"],
     turns=[
        "hallo ich hätt gern e ganzes blech zwiebelkueche vom hügele und drei fläsche neuer süßer vom gutjahr",
        "mir mache am samschdig e kleins fescht im hof weisch mit de nochbere",
        "abhole dät ich s am samschdig am winzerkeller in oberrotweil so um halb zehne",
        "jo des wars merci",
     ],
     cart=[(B, "zwiebelkuchen-blech", "1"), (W, "federweisser", "3")],
     slot=("pickup", "2027-09-18 09:30", "oberrotweil-winzerkeller")),

dict(id="ksh-eier-dutzend-marmelade", channel="telegram", now="2027-09-19 20:15",
     customer=dict(name="Jürgen Fischer", phone="+49 171 4452098", municipality="vogtsburg"),
     tags=["dozen", "no-slot", "sunday-now"],
     turns=[
        "n Dutzend Eier vom Schwörer bitte u. 1 Glas Zwetschgenmarmelade",
        "Termin mach ich später 👍",
     ],
     cart=[(H, "eier-6", "2"), (H, "zwetschgen-konfituere", "1")]),

dict(id="ksh-forelle-freitag-bahnhof", channel="web", now="2027-09-21 18:30",
     customer=dict(name="Sabine Gutgsell", phone="+49 7667 907744", municipality="breisach"),
     tags=["fish", "min-order", "pickup"],
     turns=[
        "Guten Abend, für Freitag hätte ich gern 4 frische Forellen bei Ehret und 2 Päckchen geräuchertes Forellenfilet.",
        "Abholen am Bahnhof Breisach, Freitag ab halb vier.",
        "Vielen Dank!",
     ],
     cart=[(F, "forelle-frisch", "4"), (F, "forellenfilet-geraeuchert", "2")],
     slot=("pickup", "2027-09-24 15:30", "breisach-bahnhof")),

dict(id="ksh-oepfel-bire-keschte", channel="voice", now="2027-10-06 09:00",
     customer=dict(name="Hubert Bühler", phone="+49 7668 911963", municipality="ihringen"),
     tags=["dialect-alemannic", "regional-word", "half-kilo", "correction-quantity", "no-slot"],
     turns=[
        "jo grüß gott hier isch de bühler hubert aus ihringe",
        "ich hätt gern zwei kilo öpfel elstar anderthalb kilo bire und e kilo keschte alles vom schwörer",
        "ah und d keschte doch nur e halbs kilo die isst sowieso bloß i",
        "danke des wärs",
     ],
     cart=[(H, "aepfel-elstar", "2"), (H, "birnen-williams", "1.5"), (H, "esskastanien", "0.5")]),

dict(id="ksh-asr-gemuese-frey", channel="voice", now="2027-09-14 17:40",
     customer=dict(name="Klaus Meier", phone="+49 7642 905512", municipality="endingen", street="Königschaffhauser Straße 9"),
     tags=["asr-split-words", "asr-misheard", "regional-word", "delivery", "tue-thu-afternoon"],
     turns=[
        "äh hallo also vom gemüse frei bräucht ich e gu gummer zwei paprika nein keine paprika",
        "ein kilo rüebli und zwei köpf salat und ähm ein netz zwiebel gelb",
        "lieferung donnerstag mittag ab eins wär gut",
        "jo passt",
     ],
     cart=[(GF, "salatgurke", "1"), (GF, "karotten-1kg", "1"), (GF, "kopfsalat", "2"), (GF, "zwiebeln-gelb-1kg", "1")],
     slot=("delivery", "2027-09-16 13:00")),

dict(id="ksh-honig-preisfrage", channel="telegram", now="2027-09-23 14:10",
     customer=dict(name="Anneliese Weber", phone="+49 7668 930271", municipality="ihringen"),
     tags=["price-question", "honey-sizes", "kg-to-jars", "no-slot"],
     turns=[
        "Grüß Gott, was kostet beim Bührer der Waldhonig im großen Glas?",
        "Ok dann nehm ich 1 kg Waldhonig, also zwei von den großen\nund 1 Blütenhonig klein",
        "Den Termin mach ich dann morgen, danke",
     ],
     cart=[(I, "waldhonig-500", "2"), (I, "bluetenhonig-250", "1")]),

dict(id="ksh-wocheneinkauf-lang", channel="web", now="2027-09-28 20:30",
     customer=dict(name="Heidi Stoll", phone="+49 7662 918820", municipality="vogtsburg", street="Castellbergstraße 6"),
     tags=["long", "multi-shop", "remove-item", "delivery", "mixed-case"],
     turns=[
        "Hallo zusammen! Wocheneinkauf für die Familie:\n- 1 Bauernbrot groß\n- 8 Weckle\n- 2 Fl Milch\n- 10er Eier vom Schwörer",
        "Dazu vom Zimmermann 6 Bratwürste grob und 400 g Kochschinken",
        "Und beim Frey: Feldsalat 2 Schalen, 1 kg Tomaten (Rispe), 1 Gurke",
        "Die Gurke bitte wieder raus, haben wir noch im Garten 🙈",
        "Lieferung Freitag früh, also 8:30 bis 11:30",
        "perfekt, danke!",
     ],
     cart=[(B, "bauernbrot-1500", "1"), (B, "weizenbroetchen", "8"), (K, "vollmilch-1l", "2"), (H, "eier-10", "1"),
           (M, "bratwurst-grob", "6"), (M, "schinken-gekocht", "0.4"), (GF, "feldsalat-150", "2"), (GF, "rispentomaten", "1")],
     slot=("delivery", "2027-10-01 08:30")),

dict(id="ksh-sunnewirbele-ackersalat", channel="voice", now="2027-10-12 10:15",
     customer=dict(name="Irmgard Hils", phone="+49 7642 921480", municipality="sasbach"),
     tags=["dialect-alemannic", "regional-word", "grams-to-packs", "no-slot"],
     turns=[
        "hallo ja ich hätt gern dreihundert gramm sunnewirbele vom frey",
        "also ackersalat mein i und noch e bündele schnittlauch",
        "des isch s scho termin sag ich später",
     ],
     cart=[(GF, "feldsalat-150", "2"), (GF, "schnittlauch", "1")]),

dict(id="ksh-schaeufele-sonntagsessen", channel="telegram", now="2027-10-07 09:00",
     customer=dict(name="Markus Wörner", phone="+49 152 08839174", municipality="endingen"),
     tags=["kg-decimal", "pickup", "sunday-asked", "sunday"],
     turns=[
        "Moin, hätte gerne vom Metzger Zimmermann 1,2 kg Schäufele und 2 Ringe... nee, 300g Lyoner",
        "Am liebsten Sonntag, aber sonntags geht ja nix. Dann Samstag morgen abholen am Marktplatz Endingen",
     ],
     cart=[(M, "schaeufele", "1.2"), (M, "lyoner", "0.3")],
     slot=("pickup", "2027-10-09 09:30", "endingen-marktplatz")),

dict(id="ksh-wienerle-kinder", channel="web", now="2027-09-15 12:30",
     customer=dict(name="Lena Bohn", phone="+49 176 55102983", municipality="breisach"),
     tags=["regional-word", "paar", "no-slot", "small-talk-no-add"],
     turns=[
        "Hi! Kindergeburtstag am Wochenende 🎉 brauche 10 Paar Wienerle vom Zimmermann und 20 Laugenstangen vom Hügele",
        "oh Gott, 20 Stangen sind zu viel, mach 15",
        "Den Termin mach ich später, muss erst mit meinem Mann schauen wer wann da ist",
     ],
     cart=[(M, "wiener-wuerstchen", "10"), (B, "laugenstange", "15")]),

dict(id="ksh-kirsch-zwetschgewaesserle", channel="voice", now="2027-10-14 18:20",
     customer=dict(name="Josef Brugger", phone="+49 7662 931045", municipality="vogtsburg", street="Badbergstraße 12"),
     tags=["dialect-alemannic", "regional-word", "age-restricted", "spirits", "delivery", "day-dialect"],
     turns=[
        "n obe ich bräucht vom gutjahr e flasch kirsch und zwei zwetschgewässerle",
        "des isch fürs gschenk für de schwoger der wird sechzig",
        "liefere am zischdig nommidag",
        "merci",
     ],
     cart=[(W, "kirschwasser", "1"), (W, "zwetschgenwasser", "2")],
     slot=("delivery", "2027-10-19 13:00")),

dict(id="ksh-one-breath-delivery-address", channel="web", now="2027-10-05 07:50",
     customer=dict(name="Petra Linder", phone="+49 7668 948811", municipality="ihringen"),
     tags=["one-breath", "address-in-turn", "delivery", "multi-shop"],
     turns=[
        "Bitte 2 Dinkelbrote, 1 Nusszopf vom Hügele, 500gr Bergkäse mild von Kiefer und 6 Eier vom Schwörer, Lieferung Mittwoch abend an Wasenweiler Straße 18, Ihringen. Danke!",
     ],
     cart=[(B, "dinkelbrot", "2"), (B, "nusszopf", "1"), (K, "bergkaese-mild", "0.5"), (H, "eier-6", "1")],
     slot=("delivery", "2027-10-06 17:00")),

dict(id="ksh-bier-033-statt-05", channel="telegram", now="2027-10-08 17:45",
     customer=dict(name="Kevin Schneider", phone="+49 157 30018274", municipality="sasbach"),
     tags=["variant-by-size", "correction-replace", "age-restricted", "no-slot"],
     turns=[
        "Hey, 1 Kasten Rothaus Pils die 0,5er bitte",
        "Sorry, doch lieber die kleinen 0,33er, also Tannenzäpfle. Statt dem anderen",
        "Und 1 Kasten Cola",
        "Termin mach ich später",
     ],
     cart=[(G, "tannenzaepfle-kasten", "1"), (G, "cola-kasten", "1")]),

dict(id="ksh-zwiebelkuchen-stueck-morn", channel="voice", now="2027-09-29 19:00",
     customer=dict(name="Hildegard Glatt", phone="+49 7642 912236", municipality="endingen"),
     tags=["dialect-alemannic", "regional-word", "pickup", "tomorrow-dialect", "age-restricted"],
     turns=[
        "ja guete obe do isch glatt hildegard vier stückli zwiebelkueche bitte vom hügele",
        "und zwei liter federweißer vom gutjahr",
        "hol i morn nommidag am marktplatz in endinge ab",
        "jo danke gell",
     ],
     cart=[(B, "zwiebelkuchen-stueck", "4"), (W, "federweisser", "2")],
     slot=("pickup", "2027-09-30 15:30", "endingen-marktplatz")),

dict(id="ksh-rehgulasch-betriebsurlaub", channel="web", now="2027-10-15 11:00",
     customer=dict(name="Dieter Gerber", phone="+49 7667 924416", municipality="breisach", street="Rheinuferstraße 31"),
     tags=["shop-closed", "game", "half-kilo", "delivery", "min-order"],
     turns=[
        "Guten Tag, ich möchte bei Fischerei & Wild Ehret 1,5 kg Rehgulasch und 4 Wildschwein-Bratwürste bestellen.",
        "Nächste Woche haben die ja Betriebsurlaub, deshalb bitte schon morgen, Samstag früh liefern.",
        "Und noch ein halbes Pfund Hirschsalami - ach nee, die gibts ja nur am Stück, dann 2 Stück.",
     ],
     cart=[(F, "rehgulasch", "1.5"), (F, "wildschwein-bratwurst", "4"), (F, "hirschsalami", "2")],
     slot=("delivery", "2027-10-16 08:00")),

dict(id="ksh-grabgesteck-allerheiligen", channel="telegram", now="2027-10-25 09:30",
     customer=dict(name="Gerda Sütterlin", phone="+49 7668 915530", municipality="ihringen"),
     tags=["holiday-context", "florist", "pickup", "seasonal"],
     turns=[
        "Guten Morgen, ich bräucht fürs Grab an Allerheiligen 1 Grabgesteck und 2 Heide im Topf von Blumen Engler",
        "Abholen Samstag vormittag am Rathaus Ihringen, so um 10",
        "Danke, Gott segne",
     ],
     cart=[(BL, "grabgesteck", "1"), (BL, "besenheide", "2")],
     slot=("pickup", "2027-10-30 09:30", "ihringen-rathaus")),

dict(id="ksh-allerheiligen-montag-dienstag", channel="voice", now="2027-10-28 10:00",
     customer=dict(name="Otto Löffler", phone="+49 7662 922874", municipality="vogtsburg", street="Talstraße 5"),
     tags=["holiday", "dst", "correction-slot", "delivery", "potato-sack", "regional-word"],
     turns=[
        "hallo löffler aus oberrotweil ich hätt gern e sack herdöpfel mehlig die fünf kilo vom schwörer",
        "und fünf kilo öpfel boskoop zum moscht mache nei zum kueche mache",
        "liefere am mändig oh nei mändig isch jo allerheilige dann am zischdig obe",
        "gut danke",
     ],
     cart=[(H, "kartoffeln-mehlig-5", "1"), (H, "aepfel-boskoop", "5")],
     slot=("delivery", "2027-11-02 17:00")),

dict(id="ksh-kaese-mild-wuerzig-korrektur", channel="web", now="2027-11-03 15:20",
     customer=dict(name="Claudia Vögele", phone="+49 7642 930662", municipality="endingen"),
     tags=["cheese-variant", "grams-to-kg", "correction-quantity", "no-slot", "raclette"],
     turns=[
        "Hallo! Für Raclette am Samstag: 800 g Raclettekäse und 300g Bergkäse würzig vom Kiefer",
        "Den Raclettekäse doch 1 kg, wir sind mehr Leute",
        "und 2 Becher saure Sahne",
        "Termin mache ich später, danke!",
     ],
     cart=[(K, "raclettekaese", "1"), (K, "bergkaese-wuerzig", "0.3"), (K, "saure-sahne-200", "2")]),

dict(id="ksh-gutschein-velo", channel="telegram", now="2027-11-05 18:00",
     customer=dict(name="Martin Sexauer", phone="+49 162 77401355", municipality="sasbach"),
     tags=["voucher", "service-question", "no-slot", "regional-word"],
     turns=[
        "Salü! Was kostet bei Zweirad Kury eine Inspektion fürs Velo?",
        "Ok. Dann hätt ich gern einen Gutschein über 60 Euro von Kury, als Geschenk für meine Frau",
        "und 1 Schlauch 28 Zoll",
        "merci, Termin später",
     ],
     cart=[(Z, "voucher", "60.00"), (Z, "fahrradschlauch-28", "1")]),

dict(id="ksh-fruehestens-wasser", channel="voice", now="2027-09-20 09:00",
     customer=dict(name="Franziska Trescher", phone="+49 7667 918002", municipality="breisach", street="Hagenbachring 40"),
     tags=["earliest-window", "still-medium-classic", "crate", "delivery"],
     turns=[
        "guten tag ich bräuchte dringend wasser drei kästen stilles und einen kasten klassik vom getränke hauser",
        "so früh wie möglich bitte liefern",
        "ja danke",
     ],
     cart=[(G, "wasser-still-kasten", "3"), (G, "wasser-classic-kasten", "1")],
     slot=("delivery", "2027-09-21 13:00"), earliest=True),

dict(id="ksh-bredle-advent", channel="web", now="2027-11-23 16:40",
     customer=dict(name="Marianne Blum", phone="+49 7668 934415", municipality="ihringen", street="Winklerbergstraße 2"),
     tags=["regional-word", "advent", "florist", "delivery", "free-delivery"],
     turns=[
        "Hallo, ich hätte gern 3 Tüten Bredle vom Hügele\nund einen Adventskranz geschmückt von Blumen Engler",
        "Noch 2 Bienenwachskerzen vom Imker Bührer",
        "Liefern am Samstag vormittag bitte 🎄",
     ],
     cart=[(B, "weihnachtsgebaeck", "3"), (BL, "adventskranz-geschmueckt", "1"), (I, "bienenwachskerze", "2")],
     slot=("delivery", "2027-11-27 08:00")),

dict(id="ksh-schinken-roh-gekocht", channel="telegram", now="2027-10-20 08:10",
     customer=dict(name="Werner Ruf", phone="+49 7642 947719", municipality="sasbach"),
     tags=["shared-words-schinken", "grams-to-kg", "pound", "regional-word", "no-slot"],
     turns=[
        "Morge, vom Metzger Zimmermann bitte 200g Schinke roh (de Schwarzwälder)\nund 150 gr gekochten Schinken",
        "+ n Pfund Fleischkäs",
        "Termin mach i später",
     ],
     cart=[(M, "schinken-roh", "0.2"), (M, "schinken-gekocht", "0.15"), (M, "fleischkaese", "0.5")]),

dict(id="ksh-rosen-zwanzig-hochzeitstag", channel="telegram", now="2027-10-13 13:30",
     customer=dict(name="Rolf Hauri", phone="+49 173 9920461", municipality="breisach"),
     tags=["stems-to-bunches", "florist", "pickup", "sekt", "age-restricted"],
     turns=[
        "Servus, Hochzeitstag 🙂 20 rote Rosen bitte von Engler\nund 1 Fl Winzersekt vom Gutjahr",
        "Hol ich Freitag am Bahnhof in Breisach ab, nach der Arbeit so ab halb 5",
     ],
     cart=[(BL, "rosen-rot-bund", "2"), (W, "winzersekt", "1")],
     slot=("pickup", "2027-10-15 15:30", "breisach-bahnhof")),

dict(id="ksh-unavailable-spargel", channel="web", now="2027-09-30 11:15",
     customer=dict(name="Julia Hug", phone="+49 7662 951170", municipality="vogtsburg"),
     tags=["unavailable-product", "no-slot", "kg-decimal"],
     turns=[
        "Hallo, gibt es grad Spargel? Und Pfifferlinge?",
        "Schade. Dann 1 Hokkaido vom Schwörer und 750 g Zwetschgen",
        "Danke, Termin mache ich später",
     ],
     cart=[(H, "kuerbis-hokkaido", "1"), (H, "zwetschgen", "0.75")]),
]
