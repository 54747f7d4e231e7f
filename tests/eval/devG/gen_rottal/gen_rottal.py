#!/usr/bin/env python3
"""Generates ../rottal_1.yml (kiepe-conversations/1) for the Rottal-Inn catalog ../rottal.yml.
Plain data: every conversation written by hand; the script only serialises it."""
import os, yaml

B, M, H, K = "baeckerei-hofbauer", "metzgerei-wimmer", "hofladen-gruber", "hofkaeserei-stadler"
F, G, L, I = "fischzucht-aigner", "getraenke-brandl", "obst-gemuese-lindner", "imkerei-moosbauer"
S, BL, Z = "brennerei-schachner", "blumen-hartl", "zweirad-hofer"

def c(shop, product, q):
    return {"shop": shop, "product": product, "quantity": str(q)}

def v(shop, amount):
    return {"shop": shop, "voucher": amount}

def cust(name, phone, muni, street=None):
    d = {"name": name, "phone": phone, "municipality": muni}
    if street:
        d["street"] = street
    return d

def dl(start):
    return {"kind": "delivery", "start": start}

def pu(start, station):
    return {"kind": "pickup", "start": start, "station": station}

CONVS = [
  dict(id="rot-semmeln-brezn-samstag", channel="voice", now="2027-09-02T14:10:00+02:00",
    customer=cust("Rosa Huber", "+49 8561 44172", "pfarrkirchen", "Lindenweg 4"),
    tags=["dialect-bavarian", "regional-word", "greeting-name", "delivery", "asr-split-words"],
    turns=[
      "grüß gott hier is die huber rosa aus pfarrkirchen",
      "ich bräucht für samstag zehn semmeln und vier brezn vom hofbauer und äh vom zwetschgen datschi so vier stückl",
      "ja und bringen tät ma des am samstag in da friah des passt mir am besten",
      "ja passt so dankschön",
    ],
    expect={"cart": [c(B, "kaiserbroetchen", 10), c(B, "laugenbrezel", 4), c(B, "zwetschgenkuchen-stueck", 4)],
            "slot": dl("2027-09-04T08:30:00+02:00")}),

  dict(id="rot-leberkas-pfund-blunzn", channel="telegram", now="2027-09-06T09:15:00+02:00",
    customer=cust("Michael Obermeier", "+49 151 28841730", "eggenfelden", "Gartenstraße 19"),
    tags=["regional-word", "pound", "half-pound", "grams-to-kg", "no-slot"],
    turns=[
      "Servus! Vom Metzger Wimmer bitte a Pfund Leberkas und 6 Weißwürscht",
      "und a hoibs Pfund Wurstsalat 😋\nund a Blunzn so 300 g",
      "Termin mach i später, merci",
    ],
    expect={"cart": [c(M, "leberkaese", "0.5"), c(M, "weisswurst", 6), c(M, "wurstsalat", "0.25"), c(M, "blutwurst", "0.3")]}),

  dict(id="rot-erdaepfel-mehlig-pfinsta", channel="voice", now="2027-09-07T18:30:00+02:00",
    customer=cust("Johann Reischl", "+49 8562 1187", "triftern", "Hauptstraße 31"),
    tags=["dialect-bavarian", "regional-word", "correction-replace", "day-dialect", "delivery"],
    turns=[
      "äh grüß gott ich hätt gern vom gruber an sack erdäpfel festkochende fünf kilo",
      "und zehn oar a vom gruber",
      "ah naa statt de festkochenden doch liaba mehlige i mach knödl am sonntag",
      "und bringts ma des am pfinsta vormittag",
      "des wars pfiat eich",
    ],
    expect={"cart": [c(H, "kartoffeln-mehlig-5", 1), c(H, "eier-10", 1)],
            "slot": dl("2027-09-09T10:00:00+02:00")}),

  dict(id="rot-tragl-helles-heute-abholen", channel="web", now="2027-09-10T11:00:00+02:00",
    customer=cust("Lukas Eder", "+49 160 5512094", "simbach-am-inn"),
    tags=["regional-word", "age-restricted", "pickup", "same-day", "earliest-window"],
    turns=[
      "Hallo, bräuchte 2 Tragl Helles und 1 Kasten Wasser medium vom Brandl",
      "Hol ich heut nachmittag an der Innstraße ab, so gleich ab halb 4",
    ],
    expect={"cart": [c(G, "helles-kasten", 2), c(G, "wasser-medium-kasten", 1)],
            "slot": pu("2027-09-10T15:30:00+02:00", "simbach-innstrasse")}),

  dict(id="rot-reherl-blaukraut-kren", channel="telegram", now="2027-09-15T17:45:00+02:00",
    customer=cust("Theresia Brandstetter", "+49 8721 966130", "eggenfelden", "Pfarrkirchner Straße 27"),
    tags=["regional-word", "line-breaks", "delivery", "bunch"],
    turns=[
      "Grüß Gott, vom Lindner bitte:\n2 Schalen Reherl\n1 Blaukraut so ca 1 kg\n1 Kren\n2 Bund Schnittlauch",
      "Lieferung am Freitag abend bitte 🙏",
    ],
    expect={"cart": [c(L, "pfifferlinge", 2), c(L, "rotkohl", 1), c(L, "meerrettich", 1), c(L, "schnittlauch", 2)],
            "slot": dl("2027-09-17T17:00:00+02:00")}),

  dict(id="rot-wammerl-metzger-urlaub", channel="voice", now="2027-09-10T16:00:00+02:00",
    customer=cust("Xaver Maier", "+49 8721 3390", "eggenfelden", "Stadtplatz 8"),
    tags=["dialect-bavarian", "regional-word", "pound", "shop-closed", "correction-slot", "greeting-name"],
    turns=[
      "grüß gott hier is da maier xaver aus eggenfelden",
      "i bräucht a kilo schweinsbratn vom wimmer also schulter ohne knochen und a wammerl so a pfund",
      "und des bräucht i am mittwoch auf d nacht gliefert",
      "ah naa de ham ja nächste woch urlaub hod da wimmer gsagt dann hoid erst am montag den zwanzigsten auf d nacht",
      "passt dankschön",
    ],
    expect={"cart": [c(M, "schweineschulter", 1), c(M, "schweinebauch", "0.5")],
            "slot": dl("2027-09-20T17:00:00+02:00")}),

  dict(id="rot-kirtanudeln-adresse", channel="web", now="2027-10-13T19:30:00+02:00",
    customer=cust("Andrea Kollmannsberger", "+49 8561 720045", "pfarrkirchen"),
    tags=["regional-word", "address-in-turn", "delivery", "seasonal"],
    turns=[
      "Hallo zusammen, für Kirta am Sonntag brauch ich 12 Kirtanudeln und 1 ganzes Blech Zwetschgendatschi",
      "Bitte am Samstag vormittag liefern, Ringstraße 12 in Pfarrkirchen. Danke!!",
    ],
    expect={"cart": [c(B, "kirchweihnudeln", 12), c(B, "zwetschgenkuchen-blech", 1)],
            "slot": dl("2027-10-16T08:30:00+02:00")}),

  dict(id="rot-bergkas-topfen-rahm", channel="telegram", now="2027-09-23T08:20:00+02:00",
    customer=cust("Monika Hainzlmaier", "+49 8563 1402", "bad-birnbach"),
    tags=["regional-word", "grams-to-kg", "variant-by-taste", "no-slot"],
    turns=[
      "Servus, von der Käserei Stadler: 300g Bergkas würzig, 200 g vom milden, 2 Becher Topfen u. 1 Becher Rahm zum Schlagen",
      "achso und 2 Camembert",
      "das wars danke 👍 Termin mach ich später",
    ],
    expect={"cart": [c(K, "bergkaese-wuerzig", "0.3"), c(K, "bergkaese-mild", "0.2"), c(K, "speisequark", 2),
                     c(K, "schlagsahne", 1), c(K, "camembert", 2)]}),

  dict(id="rot-haxn-stadtplatz-samstag", channel="voice", now="2027-09-30T12:00:00+02:00",
    customer=cust("Georg Wimmer", "+49 8561 98812", "pfarrkirchen"),
    tags=["dialect-bavarian", "regional-word", "multi-shop", "pickup", "customer-name-equals-shop-name"],
    turns=[
      "ja servus ähm i hätt gern zwoa schweinshaxn vom metzger und a kilo blaukraut",
      "und an sack erdäpfel mehlige de zweiahalb kilo vom gruber für d knödl",
      "abholn tua i des am samstag vormittag am stadtplatz in pfarrkirchen",
    ],
    expect={"cart": [c(M, "schweinshaxe", 2), c(L, "rotkohl", 1), c(H, "kartoffeln-mehlig-2-5", 1)],
            "slot": pu("2027-10-02T09:00:00+02:00", "pfarrkirchen-stadtplatz")}),

  dict(id="rot-kracherl-radler-tausch", channel="web", now="2027-09-27T10:00:00+02:00",
    customer=cust("Simon Gschwendtner", "+49 176 33019462", "simbach-am-inn"),
    tags=["regional-word", "correction-replace", "no-slot"],
    turns=[
      "hi, 1 Kasten Kracherl, 1 Kasten Radler und 2 Kisten Wasser still vom getränkemarkt",
      "statt dem Radler lieber ein alkoholfreies Weißbier, auch nen Kasten",
      "Termin mach ich später",
    ],
    expect={"cart": [c(G, "zitronenlimonade-kasten", 1), c(G, "weissbier-alkoholfrei-kasten", 1), c(G, "wasser-still-kasten", 2)]}),

  dict(id="rot-grabgesteck-allerheiligen", channel="voice", now="2027-10-27T09:00:00+02:00",
    customer=cust("Elfriede Brunner", "+49 8561 2270", "pfarrkirchen", "Kirchenweg 3"),
    tags=["dialect-bavarian", "regional-word", "holiday", "correction-slot", "delivery", "greeting-name"],
    turns=[
      "grüß gott hier is die frau brunner ich bräucht fürs grab an grabgesteck an großen",
      "und zwoa grablichter rote und vier erika im topf",
      "könnts es des am montag bringa",
      "ah naa am montag is ja allerheiligen da brauch is ja scho vorher dann liaba am samstag in da friah",
      "vergelts gott",
    ],
    expect={"cart": [c(BL, "grabgesteck-gross", 1), c(BL, "grablicht", 2), c(BL, "besenheide", 4)],
            "slot": dl("2027-10-30T08:30:00+02:00")}),

  dict(id="rot-forelle-sonntag-feiertag-dst", channel="telegram", now="2027-10-31T11:00:00+01:00",
    customer=cust("Katharina Lechner", "+49 8571 983306", "simbach-am-inn", "Kreuzweg 6"),
    tags=["dst", "holiday", "sunday", "delivery", "shop-named"],
    turns=[
      "Hallo! Heute ist ja Sonntag und morgen Feiertag 🙄 Drum jetzt schon: vom Aigner 2 geräucherte Forellen und 1 Pck Saiblingsfilet geräuchert",
      "Liefern bitte Dienstag vormittag",
      "passt, danke!",
    ],
    expect={"cart": [c(F, "forelle-geraeuchert", 2), c(F, "saiblingsfilet-geraeuchert", 1)],
            "slot": dl("2027-11-02T10:00:00+01:00")}),

  dict(id="rot-hendl-gruber-bei-gruber", channel="web", now="2027-10-05T07:45:00+02:00",
    customer=cust("Franz Gruber", "+49 8721 60431", "eggenfelden"),
    tags=["customer-name-equals-shop-name", "regional-word", "grams-to-kg", "no-slot"],
    turns=[
      "Guten Morgen, Gruber Franz hier (ned verwandt 😄)",
      "Vom Hofladen Gruber: a Hendl so 1,5 kg, 6 Oar und 2 Liter Milch",
      "Abholtermin mach ich dann später",
    ],
    expect={"cart": [c(H, "haehnchen", "1.5"), c(H, "eier-6", 1), c(H, "frischmilch", 2)]}),

  dict(id="rot-enkel-wochenende-lang", channel="voice", now="2027-10-11T15:20:00+02:00",
    customer=cust("Maria Zehentbauer", "+49 8563 7741", "bad-birnbach", "Am Kurpark 11"),
    tags=["long", "small-talk-no-add", "multi-shop", "correction-variant", "regional-word", "no-slot"],
    turns=[
      "ja grüß gott äh hier is die zehentbauer maria aus bad birnbach",
      "also i bräucht a bissl was fürs wochenende mei sohn kommt mit de enkel aus münchen de san ja so selten do",
      "vom bäcker a großes bauernbrot und acht semmeln und vier butterkipferl",
      "vom metzger a kilo gmischts hack für fleischpflanzerl und sechs paar wiener",
      "und vom lindner an beutel gelbe rüben und a kilo tomaten",
      "ah naa des brot doch a kloans ned a großes de essn eh ned so vui",
      "des wars wann i des hoi sag i eich no",
    ],
    expect={"cart": [c(B, "bauernbrot-klein", 1), c(B, "kaiserbroetchen", 8), c(B, "butterhoernchen", 4),
                     c(M, "hackfleisch-gemischt", 1), c(M, "wiener", 6), c(L, "karotten", 1), c(L, "tomaten", 1)]}),

  dict(id="rot-pfund-butter-viertl-kas", channel="telegram", now="2027-10-20T12:30:00+02:00",
    customer=cust("Stefan Prostmeier", "+49 171 4409187", "eggenfelden"),
    tags=["pound", "quarter", "pieces-to-packs", "x2", "regional-word", "no-slot"],
    turns=[
      "servus, brauch vom Stadler n Pfund Butter und a Viertl Bergkäse mild",
      "Heumilch x2",
      "Termin später",
    ],
    expect={"cart": [c(K, "butter", 2), c(K, "bergkaese-mild", "0.25"), c(K, "heumilch", 2)]}),

  dict(id="rot-paradeiser-karfiol-simbach", channel="web", now="2027-09-16T18:00:00+02:00",
    customer=cust("Ingrid Wallner", "+49 8571 3316", "simbach-am-inn"),
    tags=["regional-word", "austrian-border", "grams-to-kg", "no-slot"],
    turns=[
      "Guten Abend, bitte vom Gemüse-Lindner: 1 kg Paradeiser, 1 Karfiol, 2 Gurken, 1 Bund Wurzelwerk, 1 Schale Vogerlsalat und 500gr Zwetschgen",
      "Termin schau ich nachher noch",
    ],
    expect={"cart": [c(L, "tomaten", 1), c(L, "blumenkohl", 1), c(L, "salatgurke", 2), c(L, "suppengruen", 1),
                     c(L, "feldsalat", 1), c(L, "zwetschgen", "0.5")]}),

  dict(id="rot-martinsgans-kren-raus", channel="voice", now="2027-10-29T10:30:00+02:00",
    customer=cust("Anna Stockinger", "+49 8562 8123", "triftern", "Bergstraße 2"),
    tags=["dialect-bavarian", "unavailable-product", "remove-item", "dst", "delivery", "weighed"],
    turns=[
      "grüß gott ich hätt gern a gans für martini so um die viereinhalb kilo vom gruber",
      "und a blaukraut zwoa kilo vom lindner",
      "habts ihr eigentlich aa kürbiskernöl",
      "und an kren dazua",
      "ah naa an kren doch ned den hob i no im kella",
      "liefern am mittwoch den zehnten november auf d nacht",
    ],
    expect={"cart": [c(H, "gans", "4.5"), c(L, "rotkohl", 2)],
            "slot": dl("2027-11-10T17:00:00+01:00")}),

  dict(id="rot-wild-lieferkosten-frage", channel="telegram", now="2027-11-08T19:00:00+01:00",
    customer=cust("Thomas Kagerer", "+49 8561 60288", "pfarrkirchen"),
    tags=["price-question", "fee-question", "grams-to-kg", "multi-shop", "no-slot"],
    turns=[
      "Hallo, hätte gern 800 g Rehgulasch und 4 Wildschweinbratwürste vom Aigner. Was kostet eigentlich die Lieferung?",
      "ok, dann noch 2 Gläser Waldhonig 500g vom Imker",
      "Den Termin mache ich später",
    ],
    expect={"cart": [c(F, "rehgulasch", "0.8"), c(F, "wildschweinbratwurst", 4), c(I, "waldhonig-500", 2)]}),

  dict(id="rot-obstler-gutschein-geburtstag", channel="web", now="2027-11-12T16:00:00+01:00",
    customer=cust("Sabine Huber", "+49 8571 92744", "simbach-am-inn"),
    tags=["voucher", "age-restricted", "pickup", "variant-by-size", "regional-word"],
    turns=[
      "Grüß Gott, für den Geburtstag vom Schwiegervater: 1 Flasche Obstler die große, 1 Bärwurz von der Brennerei Schachner",
      "und nen Gutschein vom Zweirad Hofer über 50 € fürs Radl",
      "abholen morgen vormittag in Simbach",
    ],
    expect={"cart": [c(S, "obstler-07", 1), c(S, "baerwurz", 1), v(Z, "50.00")],
            "slot": pu("2027-11-13T09:00:00+01:00", "simbach-innstrasse")}),

  dict(id="rot-asr-obst-elster", channel="voice", now="2027-11-16T08:10:00+01:00",
    customer=cust("Werner Schmidhuber", "+49 8721 2058", "eggenfelden"),
    tags=["asr-split-words", "asr-misheard", "weighed", "no-slot"],
    turns=[
      "ähm ich bräuchte vomlindner zweikilo äpfel elster",
      "und ein kilo birnen und äh eineinhalb kilo bananen",
      "und zitronen vier stück",
      "also das wärs den termin mach ich später",
    ],
    expect={"cart": [c(L, "aepfel-elstar", 2), c(L, "birnen", 1), c(L, "bananen", "1.5"), c(L, "zitronen", 4)]}),

  dict(id="rot-honig-doch-nur-einer", channel="telegram", now="2027-09-08T11:00:00+02:00",
    customer=cust("Claudia Pöschl", "+49 8563 30912", "bad-birnbach"),
    tags=["correction-quantity", "variant-by-size", "no-slot"],
    turns=[
      "Imkerei Moosbauer: 2 Glas Blütenhonig 500g u. 1 Waldhonig klein",
      "sorry, doch nur 1 Blütenhonig, dafür noch eine Bienenwachskerze",
      "merci 🐝",
    ],
    expect={"cart": [c(I, "bluetenhonig-500", 1), c(I, "waldhonig-250", 1), c(I, "bienenwachskerze", 1)]}),

  dict(id="rot-dutzend-oar-muich", channel="web", now="2027-09-25T09:30:00+02:00",
    customer=cust("Alois Huber", "+49 8562 4417", "triftern"),
    tags=["dozen", "regional-word", "dialect-bavarian", "liters-to-bottles", "no-slot"],
    turns=[
      "Grüß Gott! a Dutzend Oar, 2 Liter Muich und 1 Buttermilch vom Gruber",
      "und 2 Hokkaido",
      "abholn tu i's, sag i no wann",
    ],
    expect={"cart": [c(H, "eier-6", 2), c(H, "frischmilch", 2), c(H, "buttermilch", 1), c(H, "hokkaido", 2)]}),

  dict(id="rot-brotzeit-weisswuerscht-adresse", channel="web", now="2027-10-19T21:00:00+02:00",
    customer=cust("Markus Gruber", "+49 151 70339184", "eggenfelden"),
    tags=["one-breath", "unavailable-product", "age-restricted", "address-in-turn", "delivery", "regional-word", "multi-shop"],
    turns=[
      "Für unsre Brotzeit am Samstag: 20 Weißwürscht vom Wimmer, 20 Brezn vom Hofbauer, 1 Tragl Weißbier + 1 Tragl Weißbier alkfrei vom Brandl und a Glas süßen Senf. Liefern bitte Freitag ab 17 Uhr an Am Anger 3 in Eggenfelden",
      "passt so",
    ],
    expect={"cart": [c(M, "weisswurst", 20), c(B, "laugenbrezel", 20), c(G, "weissbier-kasten", 1), c(G, "weissbier-alkoholfrei-kasten", 1)],
            "slot": dl("2027-10-22T17:00:00+02:00")}),

  dict(id="rot-forelln-vor-dem-abfischen", channel="voice", now="2027-10-22T10:00:00+02:00",
    customer=cust("Josef Lindinger", "+49 8561 5502", "pfarrkirchen"),
    tags=["dialect-bavarian", "same-day", "pickup", "weighed", "shop-closed-aware"],
    turns=[
      "servus i hätt gern zwoa frische forelln und an karpfen so eineinhalb kilo vom aigner",
      "nächste woch ham de ja zua wegn am abfischn drum hol i des heid no ab am stadtplatz in pfarrkirchen so um halb vier",
      "pfiat di",
    ],
    expect={"cart": [c(F, "forelle-frisch", 2), c(F, "karpfen", "1.5")],
            "slot": pu("2027-10-22T15:30:00+02:00", "pfarrkirchen-stadtplatz")}),

  dict(id="rot-regensburger-zwei-mehr", channel="telegram", now="2027-10-07T13:00:00+02:00",
    customer=cust("Julia Hartmann", "+49 8571 8849", "simbach-am-inn"),
    tags=["correction-quantity", "a-per-piece", "x2", "regional-word", "no-slot"],
    turns=[
      "Hi! Vom Metzger: 2x 250g Rinderhack, 4 Bratwürste grob, 6 Regensburger, 4 Schweinekotelett à 200 g",
      "und a Pfund Geselchts",
      "und noch zwei Regensburger mehr 🙂",
      "Termin mach ich später",
    ],
    expect={"cart": [c(M, "rinderhackfleisch", "0.5"), c(M, "bratwurst-grob", 4), c(M, "regensburger", 8),
                     c(M, "schweinekotelett", "0.8"), c(M, "kasseler", "0.5")]}),

  dict(id="rot-sprudel-saft-zwei-sorten", channel="web", now="2027-11-18T10:00:00+01:00",
    customer=cust("Peter Sedlmeier", "+49 8561 7390", "pfarrkirchen", "Zeilarner Straße 40"),
    tags=["shared-product-shop-named", "variant-by-name", "abbreviations", "no-slot"],
    turns=[
      "1 Kiste Sprudel (classic), 1 Kiste medium, 6 Fl. Apfelsaft naturtrüb vom Getränkemarkt u. 3 Fl klar",
      "Liefertermin such ich später aus",
    ],
    expect={"cart": [c(G, "wasser-classic-kasten", 1), c(G, "wasser-medium-kasten", 1), c(G, "apfelsaft-naturtrueb", 6), c(G, "apfelsaft-klar", 3)]}),

  dict(id="rot-sauwetter-topfen", channel="voice", now="2027-11-20T09:10:00+01:00",
    customer=cust("Rita Zehetmair", "+49 8563 2284", "bad-birnbach"),
    tags=["small-talk-no-add", "dialect-bavarian", "regional-word", "no-slot"],
    turns=[
      "servus grüß di wia gehts eich so is a sauwetter heid gell",
      "i bräucht bloß an topfen zwoa becher und an naturjoghurt vom stadler",
      "des wars pfiat di",
    ],
    expect={"cart": [c(K, "speisequark", 2), c(K, "naturjoghurt", 1)]}),

  dict(id="rot-apfelsaft-vom-hof-abholen", channel="telegram", now="2027-11-23T17:30:00+01:00",
    customer=cust("Barbara Unterhuber", "+49 8562 9970", "triftern"),
    tags=["shared-product-shop-named", "regional-word", "pickup"],
    turns=[
      "Servus, 6 Fl Apfelsaft naturtrüb vom Hofladen Gruber (nicht vom Getränkemarkt 😉), 1 Netz Zwiebe und 10 Oar",
      "Abholen Freitag nachmittag in Eggenfelden am Bahnhof",
    ],
    expect={"cart": [c(H, "apfelsaft-naturtrueb", 6), c(H, "zwiebeln", 1), c(H, "eier-10", 1)],
            "slot": pu("2027-11-26T15:30:00+01:00", "eggenfelden-bahnhof")}),

  dict(id="rot-likoer-wieder-raus", channel="web", now="2027-09-21T19:00:00+02:00",
    customer=cust("Helmut Reiter", "+49 8721 5214", "eggenfelden"),
    tags=["remove-item", "variant-by-description", "age-restricted", "no-slot"],
    turns=[
      "hallo, vom Brandl 3 Kisten Wasser: 2x still und 1x mit vui Kohlensäure",
      "+ 1 Kasten Dunkles",
      "und a Flaschn Haselnusslikör vom Schachner für mei Frau",
      "na, den Likör lass weg, den kauf i selber",
      "dann wars des. Termin mach i später",
    ],
    expect={"cart": [c(G, "wasser-still-kasten", 2), c(G, "wasser-classic-kasten", 1), c(G, "dunkles-kasten", 1)]}),

  dict(id="rot-radl-gutschein-christkindl", channel="telegram", now="2027-11-24T18:00:00+01:00",
    customer=cust("Verena Attenberger", "+49 8721 77120", "eggenfelden"),
    tags=["voucher", "regional-word", "je", "multi-shop", "no-slot"],
    turns=[
      "Servus, ich bräucht an Gutschein vom Hofer fürs Radl, 30 Euro, fürs Christkindl 🎄 und a Kettenöl",
      "und vom Bäcker je 2 Butterkipferl und Kürbiskernsemmeln",
      "Termin später, danke!",
    ],
    expect={"cart": [v(Z, "30.00"), c(Z, "kettenoel", 1), c(B, "butterhoernchen", 2), c(B, "kuerbiskernbroetchen", 2)]}),
]

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "rottal_1.yml")
    convs = []
    for d in CONVS:
        convs.append({"id": d["id"], "channel": d["channel"], "now": d["now"], "customer": d["customer"],
                      "tags": d["tags"], "turns": [{"say": t} for t in d["turns"]], "expect": d["expect"]})
    body = yaml.dump({"conversations": convs}, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    with open(out, "w", encoding="utf-8") as f:
        f.write("format: kiepe-conversations/1\n")
        f.write("catalog: ../devG_catalogs/rottal.yml\n")
        f.write(body)
    print("wrote", out, len(convs))

if __name__ == "__main__":
    main()
