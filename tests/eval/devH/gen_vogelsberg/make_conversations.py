"""Writes ../vogelsberg_1.yml (kiepe-conversations/1): 30 conversations of residents of the
Vogelsberg / Oberhessen region, 10 voice, 10 telegram, 10 web.

Every line below was written by hand; the script only shapes it into YAML.
Run: python3 gen/make_conversations.py"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from yamlfmt import dump  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vogelsberg_1.yml")
CATALOG_REF = "../devH_catalogs/vogelsberg.yml"

RUEHL, SCHAEFER, JOEKEL, KAESEREI = "baeckerei-ruehl", "metzgerei-schaefer", "hofladen-joekel", "hofkaeserei-oberwald"
HAPPEL, WEITZEL, REUTER, DIEHL = "getraenke-happel", "gemuese-weitzel", "fischhaus-reuter", "imkerei-diehl"
LANG, BENDER = "blumen-lang", "kutschhof-bender"


def L(shop, product, quantity):
    return {"shop": shop, "product": product, "quantity": quantity}


def V(shop, amount):
    return {"shop": shop, "voucher": amount}


def C(id, channel, now, customer, tags, turns, cart, slot=None):
    exp = {"cart": cart}
    if slot:
        exp["slot"] = slot
    return {"id": id, "channel": channel, "now": now, "customer": customer, "tags": tags,
            "turns": [{"say": t} for t in turns], "expect": exp}


def delivery(start):
    return {"kind": "delivery", "start": start}


def pickup(start, station):
    return {"kind": "pickup", "start": start, "station": station}


conversations = [
    # ------------------------------------------------------------------ voice
    C("vog-erna-kreppelkaffee", "voice", "2028-02-23T10:15:00+01:00",
      {"name": "Erna Bär", "phone": "+49 6643 000311", "municipality": "herbstein", "street": "Ringstraße 4"},
      ["dialect-oberhessisch", "regional-word", "chatty", "small-talk-no-add", "asr-split-words", "gendered-two",
       "fastnacht"],
      ["gun dach hier is die erna bär aus herbstein ich hätt gern ebbes bestellt",
       "also morgen nachmittag is bei mir kreppelkaffee vom landfrauenverein weil doch fassenacht is und da "
       "bräucht ich zwölf kreppel vom rühl die mit pflaumenmus",
       "und dann noch e rolle hand kees von der käserei am oberwald und zwie becher schmand",
       "äh des wetter is ja schlimm gell mir ham hier oben noch schnee liegen mein mann kommt mit dem schippen "
       "gar net hinterher",
       "liefern sie des bitte morgen früh so bis um elf dann hab ich noch zeit zum hinstellen"],
      [L(RUEHL, "berliner-pflaumenmus", "12"), L(KAESEREI, "handkaese-rolle", "1"), L(KAESEREI, "schmand", "2")],
      delivery("2028-02-24T08:30:00+01:00")),

    C("vog-heinz-ahle-worscht", "voice", "2028-01-11T17:40:00+01:00",
      {"name": "Heinz Kömpel", "phone": "+49 6645 000412", "municipality": "ulrichstein"},
      ["dialect-oberhessisch", "regional-word", "pound", "half-pound", "correction-quantity", "asr-split-words",
       "gendered-two", "no-booking"],
      ["gun owend hier is der heinz kömpel aus ulrichstein",
       "ich bräucht vom metzger schäfer e halb pond ahl worscht und e pond gehacktes",
       "dann noch vier brot worscht die grobe und zwä gläser lewwer worscht",
       "ach nee von der lewwer worscht langt eins meine frau hat noch",
       "den termin mach ich dann mit meiner tochter die kennt sich mit dem liefern aus das wärs erstmal"],
      [L(SCHAEFER, "mettwurst-luftgetrocknet", "0.25"), L(SCHAEFER, "hackfleisch-gemischt", "0.5"),
       L(SCHAEFER, "bratwurst-grob", "4"), L(SCHAEFER, "leberwurst-glas", "1")]),

    C("vog-mittagspause-getraenke", "voice", "2028-03-09T12:30:00+01:00",
      {"name": "Jens Weber", "phone": "+49 151 00000503", "municipality": "lauterbach"},
      ["hurried", "regional-word", "crate", "asr-misheard-shop", "asr-split-words"],
      ["hallo äh ich mach schnell bin in der mittagspause",
       "vom getränke markt happen zwei kisten sprudel eine kiste stilles und ne kiste apfel schorle",
       "abholen morgen nach der arbeit so um fünf am bahnhof in lauterbach"],
      [L(HAPPEL, "wasser-classic-kasten", "2"), L(HAPPEL, "wasser-still-kasten", "1"),
       L(HAPPEL, "apfelschorle-kasten", "1")],
      pickup("2028-03-10T15:00:00+01:00", "lauterbach-bahnhof")),

    C("vog-gisela-huehnersupp", "voice", "2028-01-17T09:05:00+01:00",
      {"name": "Gisela Rausch", "phone": "+49 6044 000604", "municipality": "schotten"},
      ["dialect-oberhessisch", "regional-word", "pound", "asr-split-words", "asr-split-shop-name",
       "correction-quantity", "no-booking"],
      ["moije ich bins die gisela rausch",
       "ich will e hühnersupp kochen ich bräucht e suppen hinkel vom hof jö kel",
       "und vom weitzel e pfund gelbe rüben ne stange lauch ne knolle sellerie und e bund petersilie",
       "ach mach vom lauch doch zwei stangen",
       "das wärs erstmal wann das kommen soll sag ich ihnen noch"],
      [L(JOEKEL, "suppenhuhn", "1"), L(WEITZEL, "moehren", "0.5"), L(WEITZEL, "lauch", "2"),
       L(WEITZEL, "knollensellerie", "1"), L(WEITZEL, "petersilie", "1")]),

    C("vog-karfreitag-forellen", "voice", "2028-04-10T10:00:00+02:00",
      {"name": "Walter Schnell", "phone": "+49 6631 000705", "municipality": "alsfeld",
       "street": "Hersfelder Straße 21"},
      ["holiday", "karfreitag", "dst", "unavailable-product", "same-turn-day-ruled-out"],
      ["ja guten morgen also ich hätt gern fisch für karfreitag",
       "zwei geräucherte forellen ganze und zwei frische forellen küchenfertig vom reuter in schotten",
       "und e glas meerrettich wenn sie des haben",
       "liefern am freitag äh nee freitag is ja feiertag da fährt ja keiner dann lieber donnerstag nachmittag"],
      [L(REUTER, "forelle-geraeuchert", "2"), L(REUTER, "forelle-frisch", "2")],
      delivery("2028-04-13T16:00:00+02:00")),

    C("vog-samstag-frueh-abholen", "voice", "2028-01-22T07:30:00+01:00",
      {"name": "Monika Schmitt", "phone": "+49 6631 000806", "municipality": "alsfeld"},
      ["earliest-window", "cutoff", "regional-word", "each", "kg-goods"],
      ["guten morgen ich bräucht vom weitzel ebbel je zwei kilo boskoop und elstar ein kilo gelbe zwiebeln und ne "
       "gurke",
       "abholen am marktplatz in alsfeld so früh wie es geht"],
      [L(WEITZEL, "aepfel-boskoop", "2"), L(WEITZEL, "aepfel-elstar", "2"), L(WEITZEL, "zwiebeln-gelb", "1"),
       L(WEITZEL, "salatgurke", "1")],
      pickup("2028-01-24T15:00:00+01:00", "alsfeld-marktplatz")),

    C("vog-valentin-rosen", "voice", "2028-02-11T16:00:00+01:00",
      {"name": "Tobias Kraft", "phone": "+49 160 00000907", "municipality": "lauterbach"},
      ["unavailable-product", "price-question", "no-booking", "young"],
      ["hallo ich bräucht rosen für valentinstag",
       "zwölf rote rosen vom blumen lang äh einzeln also keinen fertigen strauß",
       "habt ihr auch pralinen",
       "und was kostet denn so eine rose",
       "okay den termin mach ich dann später wenn ich weiß ob sie bei mir is oder ich bei ihr"],
      [L(LANG, "rose-rot-einzeln", "12")]),

    C("vog-imker-urlaub", "voice", "2028-03-10T11:00:00+01:00",
      {"name": "Ilse Wagner", "phone": "+49 6643 000908", "municipality": "herbstein"},
      ["dialect-oberhessisch", "regional-word", "shop-closed", "same-turn-day-ruled-out", "size-by-words",
       "asr-split-words"],
      ["guten tag ich hätt gern zwei gläser hoink vom imker diehl den cremigen blütenhonig die großen gläser",
       "und e glas wald honig",
       "abholen in herbstein am rathaus nächsten donnerstag äh nee da hat der diehl ja urlaub die ganze woch "
       "stand im blättche dann am montag drauf nachmittags"],
      [L(DIEHL, "bluetenhonig-cremig-500", "2"), L(DIEHL, "waldhonig-500", "1")],
      pickup("2028-03-20T15:00:00+01:00", "herbstein-rathaus")),

    C("vog-gutschein-kutschfahrt", "voice", "2028-03-02T18:00:00+01:00",
      {"name": "Karl Hofmann", "phone": "+49 6645 000909", "municipality": "ulrichstein"},
      ["voucher", "price-question", "age-restricted", "dialect-oberhessisch", "no-booking"],
      ["gun owend ich hätt gern en gutschein für ne kutschfahrt beim bender in ulrichstein",
       "was kost denn so e fahrt e stund",
       "dann machen se mir en gutschein über hundert euro meine frau hat geburtstag",
       "und e flasch von dem eierlikör von denen der is gut",
       "das wärs erstmal wegen dem termin meld ich mich noch"],
      [V(BENDER, "100.00"), L(BENDER, "eierlikoer", "1")]),

    C("vog-wochenende-einkauf-ein-atem", "voice", "2028-01-27T20:00:00+01:00",
      {"name": "Stefan Ruppel", "phone": "+49 6641 000910", "municipality": "lauterbach",
       "street": "Vogelsbergstraße 31"},
      ["one-breath", "long", "regional-word", "one-and-a-half", "approximately", "pound", "half-kilo-to-pieces",
       "grams-to-kg", "size-by-words", "remove-item", "asr-split-words", "no-booking"],
      ["also ich sag ihnen jetzt mal alles auf einmal vom bäcker rühl zwei von den großen bauernbroten und zehn "
       "weck und vier laugen brezeln dann vom schäfer so ungefähr anderthalb kilo rinderrouladen und ein pfund "
       "dörrfleisch am stück und von der käserei ein halbes kilo butter und so dreihundert gramm von dem würzigen "
       "bergkäse",
       "ach so und die brezeln lassen sie weg die kinder mögen die nicht mehr",
       "den termin mach ich später meine frau weiß wann wir daheim sind"],
      [L(RUEHL, "bauernbrot-1500", "2"), L(RUEHL, "weizenbroetchen", "10"),
       L(SCHAEFER, "rinderrouladen", "1.5"), L(SCHAEFER, "bauchspeck-geraeuchert", "0.5"),
       L(KAESEREI, "bauernbutter", "2"), L(KAESEREI, "bergkaese-wuerzig", "0.3")]),

    # --------------------------------------------------------------- telegram
    C("vog-tg-liste-montagmorgen", "telegram", "2028-01-03T08:10:00+01:00",
      {"name": "Lena Möller", "phone": "+49 151 00001101", "municipality": "alsfeld",
       "street": "Obergasse 9"},
      ["line-breaks", "typos", "regional-word", "pound", "grams-to-kg", "grams-to-pieces", "litres-to-bottles",
       "same-good-two-shops", "no-booking"],
      ["Hallo 👋 bräucht bitte:\n2x Bauernbrot 750g\n6 Stk Weck\n1 Pfd Gehacktes\n4 Schnitzl, so ca 600gr\n"
       "500gr Speisqark mager\n2 Schmand\n1 l Milch",
       "+ 10 Eier vom Weitzel u. 1kg Äpfel Elstar",
       "Lieferung mach ich später aus, muss erst schauen wann ich daheim bin 🙈"],
      [L(RUEHL, "bauernbrot-750", "2"), L(RUEHL, "weizenbroetchen", "6"),
       L(SCHAEFER, "hackfleisch-gemischt", "0.5"), L(SCHAEFER, "schweineschnitzel", "0.6"),
       L(KAESEREI, "quark-mager", "1"), L(KAESEREI, "schmand", "2"), L(KAESEREI, "hofmilch", "1"),
       L(WEITZEL, "eier-10", "1"), L(WEITZEL, "aepfel-elstar", "1")]),

    C("vog-tg-vater-samstag-frueh", "telegram", "2028-02-09T13:02:00+01:00",
      {"name": "Markus Eifert", "phone": "+49 170 00001202", "municipality": "schotten",
       "street": "Vogelsbergstraße 12"},
      ["hurried", "regional-word", "crate", "age-restricted", "emoji"],
      ["2 Kisten Sprudel + 1 Kasten Pils, Samstag früh liefern. Danke",
       "ach u. 1 Kiste Cola für die Kids 🙈"],
      [L(HAPPEL, "wasser-classic-kasten", "2"), L(HAPPEL, "pils-kasten", "1"), L(HAPPEL, "cola-kasten", "1")],
      delivery("2028-02-12T08:00:00+01:00")),

    C("vog-tg-matte-handkees", "telegram", "2028-01-14T10:20:00+01:00",
      {"name": "Otto Lind", "phone": "+49 6044 001303", "municipality": "schotten"},
      ["dialect-oberhessisch", "regional-word", "pound", "gendered-two", "opening-question", "no-booking"],
      ["Gemoije!",
       "Aich bräucht e Pond Matte, die fette, zwie Handkees, un vom Jökel e Glas Quoatschehoink un e Netz "
       "Zwiwwel",
       "Wie lang hot die Käserei heut uff?",
       "Des wärs erstmol, dangge. Alles Gurre"],
      [L(KAESEREI, "quark-40", "1"), L(KAESEREI, "handkaese-einzeln", "2"), L(JOEKEL, "zwetschgenmus", "1"),
       L(JOEKEL, "hof-zwiebeln-netz", "1")]),

    C("vog-tg-rosenmontag-metzger", "telegram", "2028-02-25T19:00:00+01:00",
      {"name": "Sabine Wolf", "phone": "+49 152 00001404", "municipality": "herbstein",
       "street": "Lauterbacher Straße 18"},
      ["shop-closed", "rosenmontag", "leap-day", "same-turn-day-ruled-out", "regional-word", "line-breaks",
       "grams-to-kg", "fastnacht"],
      ["Hallo, an Fassenacht kommen Gäste 🎉 Vom Schäfer bitte:\n1,5kg Gulasch\n500g Fleischworscht\n6 Paar Wiener",
       "Liefern Montag Vormittag – ah Mist, Rosenmontag hat der Schäfer ja zu 🙄 Dann Dienstag Nachmittag"],
      [L(SCHAEFER, "gulasch", "1.5"), L(SCHAEFER, "fleischwurst", "0.5"), L(SCHAEFER, "wiener-wuerstchen", "6")],
      delivery("2028-02-29T16:00:00+01:00")),

    C("vog-tg-baecker-tausch-zu-spaet", "telegram", "2028-03-07T07:45:00+01:00",
      {"name": "Anja Krämer", "phone": "+49 151 00001505", "municipality": "schotten"},
      ["correction-replace", "regional-word", "cutoff", "same-turn-day-ruled-out", "emoji"],
      ["Morje, 3 Roggenbrot mit Kümmel vom Rühl bitte",
       "nee, statt dem Roggenbrot lieber das Vogelsberger Landbrot, aber nur 2",
       "+ 4 Stk Mattekuchen u. 2 Salzekuchen mit Speck 😋",
       "Abholen in Schotten. Heut Nachmittag wird des wohl nix mehr, gell? Dann moije Nachmittag"],
      [L(RUEHL, "vogelsberger-landbrot", "2"), L(RUEHL, "kaesekuchen", "4"),
       L(RUEHL, "kartoffelkuchen-speck", "2")],
      pickup("2028-03-08T15:00:00+01:00", "schotten-vogelsbergstrasse")),

    C("vog-tg-wasser-ohne-blubber", "telegram", "2028-03-18T15:30:00+01:00",
      {"name": "Jana Seipp", "phone": "+49 176 00001606", "municipality": "lauterbach"},
      ["variant-by-words", "regional-word", "crate", "remove-item", "emoji", "no-booking"],
      ["Ei gude! Vom Happel: 1 Kiste Wasser mit wenig Kohlensäure, 1 Kiste ganz ohne 💧",
       "+ 6 Fl. Apfelsaft trüb",
       "ach die Flaschen Apfelsaft lass weg, hab doch noch im Keller",
       "das wärs erstmal 👍"],
      [L(HAPPEL, "wasser-medium-kasten", "1"), L(HAPPEL, "wasser-still-kasten", "1")]),

    C("vog-tg-sonnabend-zugezogen", "telegram", "2028-03-22T12:00:00+01:00",
      {"name": "Frauke Petersen", "phone": "+49 162 00001707", "municipality": "alsfeld",
       "street": "Mainzer Gasse 3"},
      ["newcomer", "sonnabend", "regional-word", "emoji", "before-dst"],
      ["Moin! Ich bin neu hier in Alsfeld und brauche zum Sonnabend Blumen für meine Einweihung 🌷",
       "1 großen Frühlingsstrauß und 2 Primeln im Topf von Blumen Lang",
       "Und Brötchen heißen hier Weck, hab ich gelernt 😄 Also 8 Weck und 2 Nussschnecken vom Bäcker Rühl bitte "
       "auch",
       "Lieferung Sonnabend so früh wie möglich"],
      [L(LANG, "fruehlingsstrauss-gross", "1"), L(LANG, "primel", "2"), L(RUEHL, "weizenbroetchen", "8"),
       L(RUEHL, "nussschnecke", "2")],
      delivery("2028-03-25T08:00:00+01:00")),

    C("vog-tg-ostern-kein-termin", "telegram", "2028-04-08T11:00:00+02:00",
      {"name": "Claudia Hahn", "phone": "+49 151 00001808", "municipality": "lauterbach"},
      ["line-breaks", "easter", "holiday", "pieces-to-packs", "same-good-two-shops", "emoji", "dst",
       "no-booking"],
      ["Hallo! Für Ostern hätt ich gern:\n1 Osterlamm 🐑\n1 Hefezopf\n2 Sträuße Tulpen bunt\n20 Eier vom Hof Jökel",
       "Liefern am Karfreitag? Ne, Karfreitag is ja Feiertag... Termin mach ich nachher mit meinem Mann aus"],
      [L(RUEHL, "osterlamm", "1"), L(RUEHL, "hefezopf", "1"), L(LANG, "tulpen-bunt", "2"),
       L(JOEKEL, "hof-eier-10", "2")]),

    C("vog-tg-forelle-winterpause", "telegram", "2028-01-13T18:00:00+01:00",
      {"name": "Petra Heil", "phone": "+49 160 00001909", "municipality": "schotten"},
      ["price-question", "shop-closed", "same-turn-day-ruled-out", "typed-abbreviations"],
      ["Habt ihr geräucherte Forellen? Was kostet eine?",
       "Ok dann 3 Stk geräuchert (ganz) + 1 Forellencreme",
       "Abholen Samstag in Schotten... ach nee, der Reuter hat ja noch Winterpause bis Sonntag. Dann Montag ab 3"],
      [L(REUTER, "forelle-geraeuchert", "3"), L(REUTER, "forellencreme", "1")],
      pickup("2028-01-17T15:00:00+01:00", "schotten-vogelsbergstrasse")),

    C("vog-tg-beulches-spargel", "telegram", "2028-04-05T20:15:00+02:00",
      {"name": "Dieter Stumpf", "phone": "+49 171 00002010", "municipality": "herbstein"},
      ["unavailable-product", "regional-word", "age-restricted", "small-talk-no-add", "dst", "no-booking"],
      ["N'Abend. Gibts bei euch Beulches? 😅",
       "Und Spargel? Wahrscheinlich noch zu früh, gell",
       "Dann halt vom Imker 1 Glas Honigsenf + 2 Fl. Met",
       "des wärs, Termin später"],
      [L(DIEHL, "honigsenf", "1"), L(DIEHL, "met", "2")]),

    # -------------------------------------------------------------------- web
    C("vog-web-wocheneinkauf", "web", "2028-02-03T21:00:00+01:00",
      {"name": "Katrin Zulauf", "phone": "+49 6631 002101", "municipality": "alsfeld",
       "street": "Schellengasse 14"},
      ["long", "regional-word", "pound", "dozen", "litres-to-bottles", "pieces-to-packs", "no-booking"],
      ["Guten Abend, ich möchte meinen Wocheneinkauf bestellen. Vom Weitzel: 1 kg Möhren, ein Pfund rote "
       "Zwiebeln, einen Wersching, 2 Stangen Lauch und einen Kopfsalat.",
       "Vom Hofladen Jökel 5 kg festkochende Kartoffeln und ein Dutzend Eier.",
       "Von der Käserei einen Liter Buttermilch und 3 Liter Milch.",
       "Und beim Bäcker ein Vogelsberger Landbrot. Den Liefertermin mache ich morgen, ich muss erst in meinen "
       "Dienstplan schauen."],
      [L(WEITZEL, "moehren", "1"), L(WEITZEL, "zwiebeln-rot", "0.5"), L(WEITZEL, "wirsing", "1"),
       L(WEITZEL, "lauch", "2"), L(WEITZEL, "kopfsalat", "1"),
       L(JOEKEL, "hof-kartoffeln-fest-5", "1"), L(JOEKEL, "hof-eier-6", "2"),
       L(KAESEREI, "buttermilch", "2"), L(KAESEREI, "hofmilch", "3"),
       L(RUEHL, "vogelsberger-landbrot", "1")]),

    C("vog-web-rouladen-rotkraut", "web", "2028-01-26T16:45:00+01:00",
      {"name": "Heike Schwalm", "phone": "+49 6641 002202", "municipality": "lauterbach"},
      ["regional-word", "approximately", "one-and-a-half", "grams-to-kg", "unavailable-product", "no-booking"],
      ["Hallo, am Sonntag gibt es Rouladen mit Rotkraut. Ich brauche vom Schäfer 6 Rinderrouladen, das sind so "
       "ungefähr 1,2 kg, und 200 g Dörrfleisch in Scheiben.",
       "Vom Weitzel einen Kopf Rotkraut, so anderthalb Kilo, und 2 Schalen Rapunzel.",
       "Haben Sie auch fertigen Kloßteig?",
       "Danke, das wär's erstmal. Den Termin mache ich später."],
      [L(SCHAEFER, "rinderrouladen", "1.2"), L(SCHAEFER, "bauchspeck-geraeuchert", "0.2"),
       L(WEITZEL, "rotkohl", "1.5"), L(WEITZEL, "feldsalat", "2")]),

    C("vog-web-grie-soss-gruendonnerstag", "web", "2028-04-10T19:00:00+02:00",
      {"name": "Birgit Eckhardt", "phone": "+49 6631 002303", "municipality": "alsfeld"},
      ["regional-word", "easter", "dst", "same-good-two-shops", "emoji"],
      ["Guten Abend! Wie jedes Jahr gibt's bei uns an Gründonnerstag Grie Soß 🌿 Ich brauche vom Weitzel 2 "
       "Packungen von den Kräutern, 10 Eier und ein Netz festkochende Kartoffeln, auch vom Weitzel.",
       "Von der Käserei 2 Becher Schmand, eine Dickmilch und einen Becher Magerquark.",
       "Abholen am Donnerstag in Alsfeld am Marktplatz, nachmittags."],
      [L(WEITZEL, "kraeuter-gruene-sosse", "2"), L(WEITZEL, "eier-10", "1"),
       L(WEITZEL, "kartoffeln-fest-2-5", "1"),
       L(KAESEREI, "schmand", "2"), L(KAESEREI, "dickmilch", "1"), L(KAESEREI, "quark-mager", "1")],
      pickup("2028-04-13T15:00:00+02:00", "alsfeld-marktplatz")),

    C("vog-web-gutschein-schwiegermutter", "web", "2028-02-21T09:30:00+01:00",
      {"name": "Sandra Bott", "phone": "+49 6645 002404", "municipality": "ulrichstein"},
      ["voucher", "service-question", "grams-to-pieces", "no-booking"],
      ["Hallo, ich hätte gern einen Gutschein vom Hofcafé Bender über 50 Euro für meine Schwiegermutter.",
       "Wie lange dauert denn die kleine Kutschfahrt und für wie viele Leute ist die?",
       "Ah, und noch 250 g gemahlenen Kaffee von denen.",
       "Danke, das wär's erstmal!"],
      [V(BENDER, "50.00"), L(BENDER, "kaffee-gemahlen-250", "1")]),

    C("vog-web-konfirmation-sonntag-nein", "web", "2028-03-29T09:00:00+02:00",
      {"name": "Thomas Jost", "phone": "+49 6641 002505", "municipality": "lauterbach",
       "street": "Lindenstraße 7"},
      ["sunday", "same-turn-day-ruled-out", "regional-word", "crate", "age-restricted", "dst"],
      ["Guten Morgen, für die Konfirmation meiner Tochter brauche ich vom Happel: 1 Kasten Export, 2 Kästen "
       "stilles Wasser, 2 Kästen Ebbelwoi, den klaren, und 1 Flasche Zwetschgenwasser.",
       "Können Sie am Sonntag liefern? Ach nein, sonntags fahren Sie ja nicht – dann bitte Samstag früh."],
      [L(HAPPEL, "export-kasten", "1"), L(HAPPEL, "wasser-still-kasten", "2"),
       L(HAPPEL, "apfelwein-klar-kasten", "2"), L(HAPPEL, "zwetschgenwasser", "1")],
      delivery("2028-04-01T08:00:00+02:00")),

    C("vog-web-adresse-im-satz-zeitumstellung", "web", "2028-03-24T14:00:00+01:00",
      {"name": "Renate Habermehl", "phone": "+49 6645 002606", "municipality": "ulrichstein"},
      ["address-in-turn", "dst", "size-by-words"],
      ["Guten Tag, ich hätte gern vom Hofladen Jökel einen Sack Kartoffeln festkochend, den großen mit 12,5 kg, "
       "dazu 2 Packungen Nudeln und ein Glas Zwetschgenmus.",
       "Bitte am Montag vormittag liefern, an Renate Habermehl, Hauptstraße 7, 35327 Ulrichstein."],
      [L(JOEKEL, "hof-kartoffeln-fest-12-5", "1"), L(JOEKEL, "eiernudeln", "2"), L(JOEKEL, "zwetschgenmus", "1")],
      delivery("2028-03-27T08:30:00+02:00")),

    C("vog-web-termin-korrektur", "web", "2028-01-12T12:00:00+01:00",
      {"name": "Uwe Brück", "phone": "+49 6643 002707", "municipality": "herbstein",
       "street": "Am Stadtgraben 2"},
      ["correction-slot", "grams-to-pieces", "size-by-words", "next-weekday"],
      ["Hallo, bitte vom Schäfer 1 kg Kasseler, 4 grobe Bratwürste und 2 Gläser Blutwurst, und vom Rühl ein "
       "Bauernbrot, das kleine, und 4 Roggenbrötchen.",
       "Dazu noch 250 g Griebenschmalz.",
       "Lieferung nächsten Dienstag vormittag. Nein, doch lieber nachmittags, vormittags bin ich beim Arzt."],
      [L(SCHAEFER, "kasseler", "1"), L(SCHAEFER, "bratwurst-grob", "4"), L(SCHAEFER, "blutwurst-glas", "2"),
       L(SCHAEFER, "griebenschmalz", "1"), L(RUEHL, "bauernbrot-750", "1"), L(RUEHL, "roggenbroetchen", "4")],
      delivery("2028-01-18T16:00:00+01:00")),

    C("vog-web-hof-statt-markt", "web", "2028-02-16T08:00:00+01:00",
      {"name": "Martina Kaiser", "phone": "+49 6641 002808", "municipality": "lauterbach"},
      ["same-good-two-shops", "shop-by-place", "question-no-add", "no-booking"],
      ["Guten Morgen! Ich möchte die festkochenden Kartoffeln im 2,5-kg-Netz aus Ulrichstein, nicht die aus "
       "Alsfeld, und dazu 6 Flaschen naturtrüben Apfelsaft vom Hof, nicht vom Getränkemarkt.",
       "Die Bauernbutter nehme ich auch vom Hofladen, 2 Stück.",
       "Ist der Blütenhonig vom Hofladen eigentlich derselbe wie beim Imker?",
       "Gut, dann erstmal so. Die Abholung plane ich später."],
      [L(JOEKEL, "hof-kartoffeln-fest-2-5", "1"), L(JOEKEL, "hof-apfelsaft-naturtrueb", "6"),
       L(JOEKEL, "hof-bauernbutter", "2")]),

    C("vog-web-aschermittwoch-fisch", "web", "2028-02-28T20:00:00+01:00",
      {"name": "Michael Gimbel", "phone": "+49 6044 002909", "municipality": "schotten"},
      ["fastnacht", "aschermittwoch", "day-after-tomorrow", "emoji"],
      ["Helau erstmal 😄 Für Aschermittwoch brauche ich vom Fischhaus Reuter einen Heringssalat, 4 Rollmöpse und "
       "ein Glas Bismarckheringe.",
       "Ach, und noch ein Saiblingsfilet, geräuchert.",
       "Abholen übermorgen in Schotten, also Mittwoch ab 15 Uhr."],
      [L(REUTER, "heringssalat", "1"), L(REUTER, "rollmops", "4"), L(REUTER, "bismarckheringe-glas", "1"),
       L(REUTER, "saiblingsfilet-geraeuchert", "1")],
      pickup("2028-03-01T15:00:00+01:00", "schotten-vogelsbergstrasse")),

    C("vog-web-aufschnitt-gramm", "web", "2028-01-07T11:00:00+01:00",
      {"name": "Gerda Sauer", "phone": "+49 6631 003010", "municipality": "alsfeld"},
      ["grams-to-kg", "approximately", "remove-item", "unavailable-product", "no-booking"],
      ["Guten Tag, ich hätte gerne vom Schäfer 400 g Kochschinken, 200 g rohen Schinken und 3 Scheiben "
       "Fleischkäse, so ca. 450 g.",
       "Den rohen Schinken doch nicht, der ist mir zu salzig.",
       "Haben Sie auch Sülze?",
       "Das war's schon, den Termin mache ich später."],
      [L(SCHAEFER, "kochschinken", "0.4"), L(SCHAEFER, "fleischkaese", "0.45")]),
]

doc = {"format": "kiepe-conversations/1", "catalog": CATALOG_REF, "conversations": conversations}

if __name__ == "__main__":
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(dump(doc))
    print(f"wrote {os.path.normpath(OUT)}: {len(conversations)} conversations")
