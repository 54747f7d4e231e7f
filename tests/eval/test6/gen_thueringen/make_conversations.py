#!/usr/bin/env python3
"""Writes ../thueringen_1.yml (kiepe-conversations/1): 30 residents of the Thüringer Wald.

Every expectation was written by hand (what the resident meant); gen/check.py checks them
against the catalog and the window template.
Run: python3 gen/make_conversations.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "thueringen_1.yml")
CATALOG_REF = "../test6_catalogs/thueringen.yml"

# shop ids
BAK = "baeckerei-heinze"
FLE = "fleischerei-gundermann"
HOF = "hofladen-ilmtal"
MIL = "milchhof-rennsteigblick"
GET = "getraenke-wagner"
GEM = "gemuese-kuehn"
FIS = "forellenzucht-nahetal"
IMK = "imkerei-dietz"
BLU = "blumen-ritter"
SKI = "skiservice-kaiser"


def L(shop, product, qty):
    return {"shop": shop, "product": product, "quantity": qty}


def V(shop, amount):
    return {"shop": shop, "voucher": amount}


def D(start):
    return {"kind": "delivery", "start": start}


def PU(start, station):
    return {"kind": "pickup", "start": start, "station": station}


C = []


def conv(id, channel, now, customer, tags, turns, cart, slot=None):
    e = {"cart": cart}
    if slot:
        e["slot"] = slot
    C.append({"id": id, "channel": channel, "now": now, "customer": customer, "tags": tags,
              "turns": turns, "expect": e})


# ---------------------------------------------------------------- voice (10)

conv("thw-roster-sonnabend", "voice", "2027-12-01T10:15:00+01:00",
     {"name": "Manfred Recknagel", "phone": "+49 3681 402317", "municipality": "suhl",
      "street": "Auenstraße 14"},
     ["dialect-thuringian", "regional-word", "pound", "correction-quantity", "asr-split-words", "sonnabend"],
     ["gun tach hier is der recknagel aus suhl",
      "ich bräucht fir sonnabend zehn roster vom fleischer gunder mann und ä pfund ge hacktes",
      "und von der bäckerei heinze äh zehn semmeln nee zwölf semmeln mei enkel kommen",
      "liefern bitte sonnabend früh so ab achte"],
     [L(FLE, "rostbratwurst-roh", "10"), L(FLE, "hackfleisch-gemischt", "0.5"),
      L(BAK, "weizenbroetchen", "12")],
     D("2027-12-04T08:00:00+01:00"))

conv("thw-karpfen-silvester", "voice", "2027-12-27T11:00:00+01:00",
     {"name": "Heinz Holland-Moritz", "phone": "+49 36841 31288", "municipality": "schleusingen"},
     ["dialect-hennebergisch", "shop-closed", "kg-goods", "asr-split-words", "so-ungefaehr"],
     ["ja guten tag äh ich wollt karpfen bestellen fir silvester bei der forellen zucht nahe tal",
      "zwee karpfen so jeder anderthalb kilo also drei kilo zusamm",
      "un ä glas forellen kaviar fir mei frau die isst das so gern",
      "abholen tu ich am markt in schleu singen am einunddreißigsten nee halt an silvester ham die ja zu "
      "das stand im blättle also dann donnerstag den dreißigsten nachmittags"],
     [L(FIS, "karpfen", "3"), L(FIS, "forellenkaviar", "1")],
     PU("2027-12-30T15:00:00+01:00", "schleusingen-markt"))

conv("thw-weihnachtsbaum", "voice", "2027-12-14T16:00:00+01:00",
     {"name": "Gerlinde Anschütz", "phone": "+49 3682 458120", "municipality": "zella-mehlis",
      "street": "Rodebachstraße 7"},
     ["size-by-words", "same-good-two-shops", "sunday", "small-talk-no-add", "asr-split-words"],
     ["hallo äh is das hier der bestelldienst wo man alles zusamm bestellen kann",
      "ich hätt gern än weihnachtsbaum von blumen ritter so ne nordmann tanne aber nich so ä großen "
      "so bis eins siebzig eins fünfundsiebzig reicht uns",
      "und zwee bund tannen grün eins fürs grab und eins fürn balkon",
      "ah und ä bienenwachs kerze ooch vom ritter",
      "liefern am vierten advent das is ja sonntag das geht nich also sonnabend davor vormittags"],
     [L(BLU, "nordmanntanne-150", "1"), L(BLU, "tannengruen", "2"), L(BLU, "bienenwachskerze", "1")],
     D("2027-12-18T08:00:00+01:00"))

conv("thw-gequellte-leinoel", "voice", "2027-12-07T09:30:00+01:00",
     {"name": "Ingrid Luck", "phone": "+49 3677 842391", "municipality": "ilmenau"},
     ["dialect-thuringian", "regional-word", "pound", "size-by-words", "small-talk-no-add", "no-booking", "long"],
     ["gumorng junger mann oder junge frau ich weeß ja nich wer da dran is",
      "also heute abend gibts bei uns gequellte mit quark und leinöl wie früher",
      "da bräucht ich vom hofladen die festkochenden kartoffeln den kleinen beutel und ä fläschchen leinöl",
      "und vom milchhof in oberhof ä pfund quark aber den fetten nich den mageren",
      "mei enkel sagt immer oma das is arme leute essen aber dem schmeckts ooch",
      "gut das wärs erstmal den termin mach ich dann mit meiner tochter"],
     [L(HOF, "kartoffeln-festkochend-2-5", "1"), L(HOF, "leinoel", "1"), L(MIL, "quark-500", "1")])

conv("thw-forelle-heute", "voice", "2028-01-28T06:40:00+01:00",
     {"name": "Jens Kümpel", "phone": "+49 172 5518043", "municipality": "schleusingen"},
     ["earliest-window", "same-day", "asr-split-words", "short"],
     ["morgen äh ich mein guten morgen",
      "vier ge räucherte forellen von der forellen zucht und zwee becher von dem forellen aufstrich",
      "abholen heute nachmittag am schleusinger markt so um drei wenns geht"],
     [L(FIS, "forelle-geraeuchert", "4"), L(FIS, "forellenaufstrich", "2")],
     PU("2028-01-28T15:00:00+01:00", "schleusingen-markt"))

conv("thw-dutzend-eier", "voice", "2028-01-12T14:20:00+01:00",
     {"name": "Sieglinde Amm", "phone": "+49 36841 22745", "municipality": "schleusingen"},
     ["dozen", "pieces-to-packs", "pound", "litres-to-bottles", "same-good-two-shops", "fee-question",
      "small-talk-no-add", "no-booking", "asr-split-words"],
     ["ja hallo hier is die amm sieglinde aus schleusingen",
      "bei uns hats heut wieder geschneit da kommt mer ja nich mehr runner in die stadt",
      "ich hätt gern ä dutzend eier vom hof laden in ilmenau",
      "und vom milchhof ä halbes pfund butter die süße nich die saure",
      "und anderthalb liter butter milch",
      "was kostn bei euch eigentlich die lieferung",
      "na gut das wärs erstmal ich ruf nochmal an wegen dem tag"],
     [L(HOF, "eier-6", "2"), L(MIL, "suessrahmbutter", "1"), L(MIL, "buttermilch", "3")])

conv("thw-schwarzbier-preis", "voice", "2028-02-02T18:10:00+01:00",
     {"name": "Ronny Bätz", "phone": "+49 160 91822710", "municipality": "suhl"},
     ["price-question", "regional-word", "age-restricted", "unavailable-product", "kasten-flasche", "no-booking"],
     ["n abend",
      "was kostn beim wagner der kasten schwarzes",
      "is mir zu viel fürn ganzen kasten da nehm ich sechs flaschen schwarzbier einzeln",
      "und zwee flaschen vita cola für die kinner",
      "hamse ooch vita cola zero wenn nich is ooch egal",
      "gut dann lassmers so das wars erstmal"],
     [L(GET, "schwarzbier-flasche", "6"), L(GET, "vita-cola-flasche", "2")])

conv("thw-silvester-sekt", "voice", "2027-12-28T19:30:00+01:00",
     {"name": "Peggy Schilling", "phone": "+49 151 28871934", "municipality": "zella-mehlis"},
     ["dozen", "correction-replace", "regional-word", "age-restricted", "litres-to-bottles", "no-booking"],
     ["hallo ich bins die peggy äh schilling",
      "für silvester bräucht mer sechs flaschen sekt trocken und ä kasten pils vom getränke wagner",
      "dann ä dutzend pfannkuchen von heinze mit pflaumenmus",
      "nee doch lieber halbe halbe sechs mit pflaumenmus und sechs mit erdbeer",
      "und drei liter kinderpunsch",
      "den termin mach ich morgen mei mann muss erst gucken wann er schicht hat"],
     [L(GET, "sekt-trocken", "6"), L(GET, "pils-kasten", "1"), L(GET, "kinderpunsch", "3"),
      L(BAK, "berliner-pflaume", "6"), L(BAK, "berliner-erdbeer", "6")])

conv("thw-weihnachtsgans", "voice", "2027-12-20T10:00:00+01:00",
     {"name": "Marlies Jäger", "phone": "+49 3681 300452", "municipality": "suhl",
      "street": "Lauterstraße 9"},
     ["holiday", "dialect-hennebergisch", "regional-word", "size-by-words", "so-ungefaehr", "asr-split-words"],
     ["guten morgen ich möcht fürs weihnachtsfest bestellen",
      "ä gans beim gundermann so um die viereinhalb kilo bratfertig",
      "dann vom hofladen drei beutel klos masse die großen für de hütes",
      "und zwee köpfe rotkraut beim kühn",
      "liefern am ersten feiertag geht ja nich und heilig abend wird mir zu knapp "
      "also donnerstag abend den dreiundzwanzigsten"],
     [L(FLE, "bauerngans", "4.5"), L(HOF, "klossmasse-1000", "3"), L(GEM, "rotkohl", "2")],
     D("2027-12-23T17:00:00+01:00"))

conv("thw-grosseinkauf-einatem", "voice", "2028-02-07T08:30:00+01:00",
     {"name": "Mandy Heß", "phone": "+49 176 44105293", "municipality": "schleusingen"},
     ["one-breath", "long", "pound", "size-by-words", "correction-replace", "regional-word", "no-booking"],
     ["also wir bräuchten äh zwei brote das große bauernbrot und ä kleines dinkel dann zwölf semmeln "
      "vier roster vom gundermann ä pfund gehacktes ä halbes pfund leber worscht die grobe zwei kisten "
      "selters medium ä kasten brause und vom milchhof zwee liter milch und ä stück sauerrahm butter",
      "ach so die leberworscht nich die grobe doch lieber die feine",
      "den termin mach ich später mei mann hat diese woche wechselschicht"],
     [L(BAK, "bauernbrot-1500", "1"), L(BAK, "dinkelvollkornbrot", "1"), L(BAK, "weizenbroetchen", "12"),
      L(FLE, "rostbratwurst-roh", "4"), L(FLE, "hackfleisch-gemischt", "0.5"), L(FLE, "leberwurst-fein", "0.25"),
      L(GET, "wasser-medium-kasten", "2"), L(GET, "zitronenlimonade-kasten", "1"),
      L(MIL, "frischmilch-1l", "2"), L(MIL, "sauerrahmbutter", "1")])

# ---------------------------------------------------------------- telegram (10)

conv("thw-chrisamel-suhl", "telegram", "2027-11-29T21:05:00+01:00",
     {"name": "Doris Sauerteig", "phone": "+49 170 3349218", "municipality": "suhl"},
     ["one-word", "regional-word", "dialect-hennebergisch", "size-by-words", "grams-to-packs", "price-question", "no-booking"],
     ["Nabend! 🎄",
      "Chrisamel",
      "Den großen, von Heinze. U. 250 gr Stollenkonfekt",
      "Was kost'n eigentlich der Mohnstolle?",
      "Ok, dann noch 1 Mohnstolle dazu 😊",
      "Termin mach ich später, muss erst gucken wann ich daheim bin"],
     [L(BAK, "christstollen-1000", "1"), L(BAK, "stollenkonfekt", "1"), L(BAK, "mohnstollen-750", "1")])

conv("thw-adventskranz-katze", "telegram", "2027-11-30T20:30:00+01:00",
     {"name": "Sandy Eichhorn", "phone": "+49 151 70418825", "municipality": "suhl",
      "street": "Ringbergstraße 12"},
     ["cutoff-passed", "earliest-window", "size-by-words", "typo", "emoji"],
     ["Hallo 🙈 unser Adventskranz hat die Katze vom Tisch gefegt, alles kaputt",
      "Brauch nen neuen, geschmückt, aber den kleinen, nicht den riesigen\n+ 2 Weihnachsterne rot\n"
      "+ Barbarazweige, am Samstag is ja Barbara",
      "Liefern morgen früh? Ach nee, ist ja zu knapp bei euch. Dann morgen nachmittag 👍"],
     [L(BLU, "adventskranz-geschmueckt-30", "1"), L(BLU, "weihnachtsstern-rot", "2"),
      L(BLU, "barbarazweige", "1")],
     D("2027-12-01T13:00:00+01:00"))

conv("thw-hackepeter-frueh", "telegram", "2027-12-10T06:50:00+01:00",
     {"name": "Torsten Leffler", "phone": "+49 160 5527731", "municipality": "suhl"},
     ["hurried", "regional-word", "grams-to-kg", "same-day", "earliest-window", "line-breaks"],
     ["Morgen, kurz u. schnell, alles vom Gundermann:\n500g Hackepeter\n4 Roster",
      "+ 6 Semmeln von Heinze",
      "Abholen heut am Markt in Suhl, ab 3 bin ich da. Muss los, Meeting"],
     [L(FLE, "schweinemett", "0.5"), L(FLE, "rostbratwurst-roh", "4"), L(BAK, "weizenbroetchen", "6")],
     PU("2027-12-10T15:00:00+01:00", "suhl-markt"))

conv("thw-rostbraetel-urlaub", "telegram", "2028-01-03T12:00:00+01:00",
     {"name": "Stefanie Mohr", "phone": "+49 175 2290316", "municipality": "schleusingen"},
     ["shop-closed", "regional-word", "grams-to-kg", "emoji"],
     ["Hallo! Wir wollen die ersten Rostbrätel des Jahres braten 😄 auch im Schnee",
      "6 Rostbrätel je ca 200 gr + 8 Roster, beides vom Gundermann",
      "Eigentlich wollten wir Sa, aber der Gundermann hat ja bis Sa Betriebsurlaub 🙄 "
      "Dann halt Freitag in ner Woche (14.) abholen, nachmittags am Markt in Schleusingen"],
     [L(FLE, "nackensteak-mariniert", "1.2"), L(FLE, "rostbratwurst-roh", "8")],
     PU("2028-01-14T15:00:00+01:00", "schleusingen-markt"))

conv("thw-honig-geschenke", "telegram", "2027-12-08T17:45:00+01:00",
     {"name": "Uwe Kirchner", "phone": "+49 162 7784120", "municipality": "zella-mehlis"},
     ["regional-word", "unavailable-product", "same-good-two-shops", "age-restricted", "line-breaks", "no-booking"],
     ["Tach! Brauch Weihnachtsgeschenke, alles von der Imkerei Dietz 🐝🎁",
      "3x Waldhonig\n2x Honigmet\n2 Bienenwachskerzn\n4 Pck Pfefferkuchen",
      "Habt ihr auch Propolis? Wenn nicht, auch egal",
      "Dann noch 1 Blütenhonig, den flüssigen, großes Glas",
      "Das wärs erstmal, Termin mach ich später 👍"],
     [L(IMK, "waldhonig-500", "3"), L(IMK, "honigmet", "2"), L(IMK, "bienenwachskerze", "2"),
      L(IMK, "honiglebkuchen", "4"), L(IMK, "bluetenhonig-fluessig-500", "1")])

conv("thw-kaese-jung-alt", "telegram", "2028-01-19T12:30:00+01:00",
     {"name": "Kevin Wenzel", "phone": "+49 157 36620418", "municipality": "oberhof"},
     ["variant-by-words", "grams-to-kg", "pound", "correction-quantity", "opening-question", "no-booking"],
     ["Hi, vom Milchhof bitte:\n300 gr vom jungen Bergkäse\n1/2 Pfund vom alten\n2 Harzer\n1 Kochkäse",
      "Ach, vom jungen doch lieber 400 gr",
      "Wie lange habt ihr Samstag offen?",
      "Ok danke, Termin mach ich später"],
     [L(MIL, "bergkaese-mild", "0.4"), L(MIL, "bergkaese-wuerzig", "0.25"), L(MIL, "harzer", "2"),
      L(MIL, "kochkaese", "1")])

conv("thw-eier-milchhof", "telegram", "2028-02-18T16:00:00+01:00",
     {"name": "Nicole Bräutigam", "phone": "+49 151 66203417", "municipality": "zella-mehlis"},
     ["same-good-two-shops", "sunday", "uebermorgen", "abbreviations"],
     ["Hallo zusammen 🙂",
      "Ich bräuchte vom Milchhof in Oberhof: 10 Eier, 2 Stk Süßrahmbutter, 1 l Milch u. 2 Becher Schlagsahne",
      "Kann ich das übermorgen abholen? Ach nee, das is ja Sonntag. Dann Sa früh in Zella am Rathaus"],
     [L(MIL, "eier-10", "1"), L(MIL, "suessrahmbutter", "2"), L(MIL, "frischmilch-1l", "1"),
      L(MIL, "schlagsahne", "2")],
     PU("2028-02-19T09:00:00+01:00", "zella-mehlis-rathaus"))

conv("thw-valentinstag-rosen", "telegram", "2028-02-12T14:00:00+01:00",
     {"name": "Lukas Hoffmann", "phone": "+49 160 99120457", "municipality": "ilmenau",
      "street": "Ehrenbergstraße 30"},
     ["dozen", "unavailable-product", "age-restricted", "emoji"],
     ["Hey, Valentinstag is Montag 😬",
      "Ein Dutzend rote Rosen von Blumen Ritter 🌹",
      "Und ne Flasche Honigmet von der Imkerei",
      "Habt ihr Pralinen?",
      "Ok. Liefern Montag abend, aber erst ab 5, vorher bin ich nicht da"],
     [L(BLU, "rosen-rot", "12"), L(IMK, "honigmet", "1")],
     D("2028-02-14T17:00:00+01:00"))

conv("thw-wasser-korrektur", "telegram", "2028-02-03T21:00:00+01:00",
     {"name": "Birgit Leutloff", "phone": "+49 3681 709215", "municipality": "suhl"},
     ["regional-word", "correction-replace", "variant-by-words", "line-breaks", "no-booking"],
     ["Guten Abend, bitte vom Getränke Wagner:\n2 Kisten Selters classic 💧\n1 Kasten Vita\n6 Fl. Apfelsaft naturtrüb",
      "Statt classic doch lieber medium, mein Mann verträgt das Sprudelige nicht mehr",
      "Und beim Apfelsaft lieber den klaren",
      "Danke, Termin mach ich morgen"],
     [L(GET, "wasser-medium-kasten", "2"), L(GET, "vita-cola-kasten", "1"), L(GET, "apfelsaft-klar", "6")])

conv("thw-abendbrot-worscht", "telegram", "2027-12-15T07:20:00+01:00",
     {"name": "Klaus Möller", "phone": "+49 36841 40931", "municipality": "schleusingen"},
     ["dialect-thuringian", "pound", "remove-item", "abbreviations", "no-booking"],
     ["Gun Tach. Fürs Abendbrot vom Gundermann:\n1/4 Pfund Rotworscht\n1/2 Pfund Leberworscht fein\n"
      "1/4 Pfd Feldkieker",
      "Und 4 Bockwürste u. e Becher Griebenschmalz",
      "Ach, die Leberworscht streich mal, hab noch welche im Kühlschrank",
      "Das wärs. Liefertermin mach ich später aus"],
     [L(FLE, "rotwurst", "0.125"), L(FLE, "feldkieker", "0.125"), L(FLE, "bockwurst", "4"),
      L(FLE, "griebenschmalz", "1")])

# ---------------------------------------------------------------- web (10)

conv("thw-kloesse-rouladen", "web", "2027-12-09T19:30:00+01:00",
     {"name": "Katrin Wiegand", "phone": "+49 3682 41177", "municipality": "zella-mehlis"},
     ["dialect-hennebergisch", "regional-word", "grams-to-kg", "size-by-words", "unavailable-product", "sunday"],
     ["Guten Abend, wir machen am Sonntag Hütes mit Rouladen für die ganze Familie.",
      "Ich brauche 2 Beutel Kloßmasse vom Hofladen, die großen Beutel, 6 Rouladen vom Gundermann, "
      "jede so 150 g, und 1 Kopf Rotkraut vom Kühn.",
      "Haben Sie auch Rouladensenf?",
      "Sonntag ist ja nichts mit abholen, dann Samstag früh am Rathaus in Zella-Mehlis."],
     [L(HOF, "klossmasse-1000", "2"), L(FLE, "rinderroulade", "0.9"), L(GEM, "rotkohl", "1")],
     PU("2027-12-11T09:00:00+01:00", "zella-mehlis-rathaus"))

conv("thw-fasching-getraenke", "web", "2028-02-21T20:00:00+01:00",
     {"name": "Thomas Wagner", "phone": "+49 3681 421866", "municipality": "suhl",
      "street": "Schleusinger Straße 60"},
     ["customer-name-equals-shop-name", "regional-word", "correction-quantity", "age-restricted",
      "line-breaks", "long", "fasching"],
     ["Hallo, wir feiern am Samstag Fasching im Kleingartenverein 🎉 (bin nicht verwandt mit dem Getränkemarkt Wagner 😄)",
      "Vom Getränkemarkt:\n3 Kasten Schwarzes\n1 Kasten Pils\n2 Kisten Selters still\n1 Kasten Brause\n6x Kinderpunsch",
      "Korrektur: nur 2 Kasten Schwarzes, sonst bleibt zu viel übrig",
      "Und 20 Pfannkuchen von der Bäckerei Heinze, halb Pflaumenmus halb Erdbeer",
      "Liefern bitte Samstag früh, so zeitig wie's geht"],
     [L(GET, "schwarzbier-kasten", "2"), L(GET, "pils-kasten", "1"), L(GET, "wasser-still-kasten", "2"),
      L(GET, "zitronenlimonade-kasten", "1"), L(GET, "kinderpunsch", "6"),
      L(BAK, "berliner-pflaume", "10"), L(BAK, "berliner-erdbeer", "10")],
     D("2028-02-26T08:00:00+01:00"))

conv("thw-broiler-klees", "web", "2028-01-25T11:15:00+01:00",
     {"name": "Renate Böttner", "phone": "+49 3677 670284", "municipality": "ilmenau"},
     ["regional-word", "so-ungefaehr", "correction-quantity", "size-by-words", "no-booking", "elderly"],
     ["Guten Tag, mein Enkel hat mir das hier eingerichtet, ich hoffe, ich mache das richtig.",
      "Ich hätte gern einen Broiler vom Fleischer Gundermann und so Stücker zehn Roster, auch von da.",
      "Dann vom Hofladen Kloßmasse für Klees, einen großen Beutel, und vom Kühn ein Kilo Apfelsinen und einen Rotkraut.",
      "Ach, die Roster doch nur sechs, das ist zu viel für uns zwei.",
      "Das wär's erstmal, liefern lasse ich später, wenn mein Enkel da ist."],
     [L(FLE, "haehnchen-ganz", "1"), L(FLE, "rostbratwurst-roh", "6"), L(HOF, "klossmasse-1000", "1"),
      L(GEM, "orangen", "1"), L(GEM, "rotkohl", "1")])

conv("thw-ski-gutschein", "web", "2027-12-16T13:40:00+01:00",
     {"name": "Gudrun Ehrhardt", "phone": "+49 36842 20591", "municipality": "oberhof"},
     ["voucher", "correction-quantity", "price-question", "service-question", "no-booking"],
     ["Hallo, mein Enkel läuft Langlauf am Grenzadler und ich möchte ihm zu Weihnachten einen Gutschein "
      "vom Skiservice Kaiser schenken, so 50 Euro.",
      "Machen Sie auch Heißwachs für Langlaufski und was kostet das?",
      "Dann noch ein Gleitwachs dazu und die Langlaufhandschuhe, der Junge hat Größe M.",
      "Ach, machen Sie den Gutschein lieber über 60 Euro statt 50, dann kann er dreimal wachsen lassen.",
      "Das war's erstmal, danke!"],
     [V(SKI, "60.00"), L(SKI, "gleitwachs-universal", "1"), L(SKI, "langlaufhandschuhe-m", "1")])

conv("thw-gemuese-liste", "web", "2028-01-06T10:00:00+01:00",
     {"name": "Jana Schmidt", "phone": "+49 3677 204418", "municipality": "ilmenau"},
     ["regional-word", "line-breaks", "kg-to-bags", "remove-item", "each", "typo", "no-booking"],
     ["Hallo! Einkaufsliste für Kühn:\n- 2 kg Mohrrüben\n- 3 Stangen Porree\n- 1 kg Zippeln\n"
      "- 1,5 kg Apfelsinen\n- 2 Schalen Rapunzel\n- 2 kg Boskoop\n- 2 Knoblach",
      "Knoblauch streichen, hab noch 🧄",
      "Und je zwei Bund Petersilie, glatte und krause",
      "Danke, das wär's für heute. Termin mach ich später."],
     [L(GEM, "moehren-2kg", "1"), L(GEM, "lauch", "3"), L(GEM, "zwiebeln-1kg", "1"),
      L(GEM, "orangen", "1.5"), L(GEM, "feldsalat", "2"), L(GEM, "aepfel-boskoop", "2"),
      L(GEM, "petersilie-glatt", "2"), L(GEM, "petersilie-kraus", "2")])

conv("thw-stolle-ilmenau", "web", "2027-12-11T10:00:00+01:00",
     {"name": "Christine Ortlepp", "phone": "+49 3677 465590", "municipality": "ilmenau"},
     ["regional-word", "size-by-words", "each", "address-in-turn", "small-talk-no-add", "wednesday-window"],
     ["Guten Morgen! Für die Feiertage hätte ich gern zwei Stollen von der Landbäckerei Heinze: "
      "einen Butterstolle und einen Christstollen, den kleinen.",
      "Und je zwei Tüten Butterplätzchen und Stollenkonfekt.",
      "Mein Schwiegervater aus Erfurt sagt ja Schittchen, wir sagen Stolle 😄",
      "Liefern bitte am Mittwoch nach dem Mittag, an Ortlepp, Lindenstraße 8 in Ilmenau."],
     [L(BAK, "butterstollen-750", "1"), L(BAK, "christstollen-500", "1"), L(BAK, "butterplaetzchen", "2"),
      L(BAK, "stollenkonfekt", "2")],
     D("2027-12-15T13:00:00+01:00"))

conv("thw-fasching-pfannkuchen", "web", "2028-02-24T09:10:00+01:00",
     {"name": "Sabine Trautvetter", "phone": "+49 3681 884017", "municipality": "suhl"},
     ["regional-word", "correction-quantity", "fee-question", "fasching", "no-booking"],
     ["Hallo, für unser Büro zum Faschingsdienstag: 30 Pfannkuchen, 20 mit Pflaumenmus und 10 mit Erdbeer.",
      "Ach nee, doch lieber 15 und 15, sonst gibt's wieder Streit 🙃",
      "Und ein halbes Blech Streuselkuchen für die Kollegen, die keine Pfannkuchen mögen.",
      "Was kostet die Lieferung nach Suhl?",
      "Gut, den Termin mache ich später, muss erst mit dem Chef reden."],
     [L(BAK, "berliner-pflaume", "15"), L(BAK, "berliner-erdbeer", "15"), L(BAK, "streuselkuchen-blech", "1")])

conv("thw-nikolaus-likoer", "web", "2027-12-02T15:00:00+01:00",
     {"name": "Bernd Schramm", "phone": "+49 3682 46213", "municipality": "zella-mehlis"},
     ["regional-word", "age-restricted", "delivery-area-question", "variant-by-words", "no-booking"],
     ["Tach, ich brauch noch was für die Nikolausstiefel und für den Skatabend.",
      "2 Flaschen Rennsteig-Kräuterlikör vom Getränkemarkt, 3 Pakete Pfefferkuchen von der Imkerei "
      "und 2 Stollenkonfekt von Heinze.",
      "Liefert ihr eigentlich auch nach Oberhof hoch?",
      "Und Glühwein, den mit Heidelbeere, 2 Flaschen.",
      "Das wär's erstmal."],
     [L(GET, "kraeuterlikoer", "2"), L(GET, "heidelbeer-gluehwein", "2"), L(IMK, "honiglebkuchen", "3"),
      L(BAK, "stollenkonfekt", "2")])

conv("thw-graslaeube-suhl", "web", "2028-01-15T11:00:00+01:00",
     {"name": "Hannelore Bauroth", "phone": "+49 3681 351077", "municipality": "suhl"},
     ["dialect-hennebergisch", "regional-word", "same-good-two-shops", "size-by-words", "next-weekday"],
     ["Guten Tag!",
      "Vom Gemüse-Kühn bitte: 2 Bund Grasläube, 1 Bund glatte Petersilie, 2 Schalen Feldsalat, "
      "1 Sellerie und einen Beutel festkochende Kartoffeln, den kleinen.",
      "Abholen dann nächsten Dienstag nachmittag am Markt in Suhl."],
     [L(GEM, "schnittlauch", "2"), L(GEM, "petersilie-glatt", "1"), L(GEM, "feldsalat", "2"),
      L(GEM, "sellerie", "1"), L(GEM, "kartoffeln-festkochend-2-5", "1")],
     PU("2028-01-18T15:00:00+01:00", "suhl-markt"))

conv("thw-neujahr-getraenke", "web", "2027-12-29T09:00:00+01:00",
     {"name": "Frank Heym", "phone": "+49 3682 44390", "municipality": "zella-mehlis",
      "street": "Talstraße 18"},
     ["holiday", "regional-word", "size-by-words", "same-good-two-shops", "emoji"],
     ["Morgen! Nach Silvester ist bei uns immer alles leer getrunken 😅",
      "Getränkemarkt Wagner: 1 Kiste Selters classic, 1 Kasten Vita Cola, 6 Flaschen Apfelsaft naturtrüb.\n"
      "Und von Heinze 1 großes Bauernbrot",
      "Liefern am Samstag? Ach nee, das ist ja Neujahr, Feiertag. Dann Montag, den 3., vormittags."],
     [L(GET, "wasser-classic-kasten", "1"), L(GET, "vita-cola-kasten", "1"),
      L(GET, "apfelsaft-naturtrueb", "6"), L(BAK, "bauernbrot-1500", "1")],
     D("2028-01-03T10:00:00+01:00"))


def q(v):
    return json.dumps(v, ensure_ascii=False)


def flow(d):
    return "{" + ", ".join(f"{k}: {q(v)}" for k, v in d.items()) + "}"


def emit():
    out = ["format: kiepe-conversations/1", f"catalog: {CATALOG_REF}",
           "# 30 residents of the Thüringer Wald (Ilmenau, Suhl, Zella-Mehlis, Schleusingen, Oberhof),",
           "# now between 29 Nov 2027 and 29 Feb 2028 (winter time, +01:00). Only say turns.",
           "conversations:"]
    for c in C:
        out.append(f"  - id: {c['id']}")
        out.append(f"    channel: {c['channel']}")
        out.append(f"    now: {q(c['now'])}")
        out.append(f"    customer: {flow(c['customer'])}")
        out.append(f"    tags: [{', '.join(c['tags'])}]")
        out.append("    turns:")
        for t in c["turns"]:
            out.append(f"      - say: {q(t)}")
        out.append("    expect:")
        out.append("      cart:")
        for line in c["expect"]["cart"]:
            out.append(f"        - {flow(line)}")
        if "slot" in c["expect"]:
            out.append(f"      slot: {flow(c['expect']['slot'])}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(emit())
    print(f"wrote {os.path.normpath(OUT)}: {len(C)} conversations")
