"""Catalog of the Harz region (kiepe-catalog/1). Run gen_catalog.py to write ../harz.yml."""

HEADER = """\
# Kiepe catalog: Harz (Sachsen-Anhalt) - Wernigerode, Blankenburg (Harz), Quedlinburg, Thale, Ilsenburg (Harz)
# Written for the frozen test part test5 by an independent author.
#
# Window template (local time Europe/Berlin, public holidays of Sachsen-Anhalt (ST) have no windows):
#   Delivery (fee 4.20 EUR per order, free from 55.00 EUR goods, bookable until 18 h before the start):
#     Mon-Fri       08:30-11:30  capacity  8   (morning round)
#     Tue, Thu, Fri 16:00-19:30  capacity 12   (evening round, after work)
#     Sat           08:00-12:00  capacity 16
#     no delivery on Sundays
#   Pick-up at every station (bookable until 3 h before the start):
#     Mon-Fri       14:00-18:30  capacity 25
#     Sat           10:00-13:00  capacity 25
#     Sun           09:00-10:30  capacity 10   (Sunday rolls; none on Sunday holidays such as
#                                               3 Oct 2027 Tag der Deutschen Einheit and
#                                               31 Oct 2027 Reformationstag)
# Closed shops: Landfleischerei Kruse 6-11 Sep 2027 (Betriebsurlaub); Forellenhof & Wild Bodetal
#   11-17 Oct 2027 (Betriebsurlaub); Blumen Hesse 1-3 Nov 2027 (after Allerheiligen).
"""

def P(id, name, price, vat=7, unit="piece", label=None, size=None, aliases=None, category=None, **kw):
    d = {"id": id, "name": name}
    if aliases: d["aliases"] = aliases
    if category: d["category"] = category
    d["unit"] = unit
    if label: d["label"] = label
    if size: d["size"] = size
    d["price"] = price
    d["vat"] = vat
    d.update(kw)
    return d

REGION = {
    "id": "harz",
    "name": "Harz (Sachsen-Anhalt)",
    "timezone": "Europe/Berlin",
    "currency": "EUR",
    "holidays": "ST",
    "municipalities": [
        {"id": "wernigerode", "name": "Wernigerode", "postcodes": ["38855"]},
        {"id": "blankenburg", "name": "Blankenburg (Harz)", "postcodes": ["38889"]},
        {"id": "quedlinburg", "name": "Quedlinburg", "postcodes": ["06484", "06485"]},
        {"id": "thale", "name": "Thale", "postcodes": ["06502"]},
        {"id": "ilsenburg", "name": "Ilsenburg (Harz)", "postcodes": ["38871"]},
    ],
    "pickup_stations": [
        {"id": "wernigerode-bahnhof", "name": "Abholstation Hauptbahnhof Wernigerode", "municipality": "wernigerode", "address": "Bahnhofsplatz 1, 38855 Wernigerode"},
        {"id": "quedlinburg-markt", "name": "Abholstation am Markt", "municipality": "quedlinburg", "address": "Markt 1, 06484 Quedlinburg"},
        {"id": "blankenburg-rathaus", "name": "Abholstation am Rathaus", "municipality": "blankenburg", "address": "Harzstraße 3, 38889 Blankenburg (Harz)"},
        {"id": "thale-bahnhof", "name": "Abholstation Bahnhof Thale", "municipality": "thale", "address": "Bahnhofstraße 1, 06502 Thale"},
    ],
    "delivery": {
        "fee": "4.20",
        "free_from": "55.00",
        "cutoff_hours": 18,
        "windows": [
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:30", "end": "11:30", "capacity": 8},
            {"days": ["tue", "thu", "fri"], "start": "16:00", "end": "19:30", "capacity": 12},
            {"days": ["sat"], "start": "08:00", "end": "12:00", "capacity": 16},
        ],
    },
    "pickup": {
        "cutoff_hours": 3,
        "windows": [
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "14:00", "end": "18:30", "capacity": 25},
            {"days": ["sat"], "start": "10:00", "end": "13:00", "capacity": 25},
            {"days": ["sun"], "start": "09:00", "end": "10:30", "capacity": 10},
        ],
    },
    "weighed_goods": {"tolerance_percent": 10},
}

SHOPS = [
 {"id": "baeckerei-baumann", "name": "Bäckerei Baumann", "kind": "retailer", "municipality": "wernigerode",
  "phone": "+49 3943 632418", "products": [
    P("roggenmischbrot-750", "Roggenmischbrot 750 g", "3.40", label="Laib", size="750 g", category="Brot", aliases=["Mischbrot klein"], allergens=["gluten"]),
    P("roggenmischbrot-1500", "Roggenmischbrot 1,5 kg", "5.90", label="Laib", size="1,5 kg", category="Brot", aliases=["Mischbrot groß"], allergens=["gluten"]),
    P("vollkornbrot", "Vollkornbrot", "4.60", label="Laib", size="1 kg", category="Brot", allergens=["gluten"]),
    P("harzer-krustenbrot", "Harzer Krustenbrot", "4.20", label="Laib", size="1 kg", category="Brot", allergens=["gluten"]),
    P("dinkelbrot", "Dinkelbrot", "4.30", label="Laib", size="750 g", category="Brot", allergens=["gluten"]),
    P("buttertoast", "Buttertoast", "2.20", label="Packung", size="500 g", category="Brot", allergens=["gluten", "milch"]),
    P("weizenbroetchen", "Weizenbrötchen", "0.40", aliases=["Brötchen"], category="Brötchen", allergens=["gluten"]),
    P("vollkornbroetchen", "Vollkornbrötchen", "0.65", category="Brötchen", allergens=["gluten"]),
    P("mohnbroetchen", "Mohnbrötchen", "0.55", category="Brötchen", allergens=["gluten"]),
    P("kuerbiskernbroetchen", "Kürbiskernbrötchen", "0.70", category="Brötchen", allergens=["gluten"]),
    P("zwiebelkuchen", "Zwiebelkuchen (Stück)", "2.40", category="Kuchen", allergens=["gluten", "eier", "milch"]),
    P("kaesekuchen", "Käsekuchen (Stück)", "2.10", category="Kuchen", allergens=["gluten", "eier", "milch"]),
    P("pflaumenkuchen", "Pflaumenkuchen mit Streuseln (Stück)", "2.20", category="Kuchen", allergens=["gluten", "milch"]),
    P("eierschecke", "Eierschecke (Stück)", "2.30", category="Kuchen", allergens=["gluten", "eier", "milch"]),
    P("streuselkuchen", "Streuselkuchen (Stück)", "1.80", category="Kuchen", allergens=["gluten", "milch"]),
    P("bienenstich", "Bienenstich (Stück)", "2.20", category="Kuchen", allergens=["gluten", "eier", "milch", "schalenfruechte"]),
    P("berliner", "Berliner mit Pflaumenmus", "1.10", category="Kuchen", allergens=["gluten", "eier", "milch"]),
    P("baumkuchenspitzen", "Baumkuchenspitzen", "5.90", label="Packung", size="200 g", category="Gebäck", allergens=["gluten", "eier", "milch"]),
    P("butterstollen", "Butterstollen", "16.90", label="Stollen", size="1 kg", category="Gebäck", allergens=["gluten", "milch", "schalenfruechte"]),
 ]},
 {"id": "fleischerei-kruse", "name": "Landfleischerei Kruse", "kind": "retailer", "municipality": "blankenburg",
  "phone": "+49 3944 361527", "min_order": "8.00",
  "closed": [{"from": "2027-09-06", "to": "2027-09-11"}],
  "products": [
    P("hackfleisch-gemischt", "Hackfleisch gemischt (Rind/Schwein)", "9.90", unit="kg", category="Frischfleisch"),
    P("rinderhack", "Rinderhackfleisch", "13.90", unit="kg", category="Frischfleisch"),
    P("schweinemett", "Schweinemett, gewürzt", "9.50", unit="kg", aliases=["Mett"], category="Frischfleisch"),
    P("schweineschnitzel", "Schweineschnitzel", "11.90", unit="kg", category="Frischfleisch"),
    P("schweinenacken", "Schweinenacken ohne Knochen", "9.40", unit="kg", aliases=["Nackensteak"], category="Frischfleisch"),
    P("rinderrouladen", "Rinderrouladen", "21.90", unit="kg", aliases=["Rouladen"], category="Frischfleisch"),
    P("rindergulasch", "Rindergulasch", "17.90", unit="kg", category="Frischfleisch"),
    P("schweinegulasch", "Schweinegulasch", "9.90", unit="kg", category="Frischfleisch"),
    P("kasseler", "Kasseler Kotelett", "12.50", unit="kg", category="Frischfleisch"),
    P("haehnchen-ganz", "Hähnchen, ganz, frisch", "9.50", label="Stück", size="1,2 kg", category="Geflügel"),
    P("haehnchenbrustfilet", "Hähnchenbrustfilet", "14.90", unit="kg", category="Geflügel"),
    P("bratwurst-grob", "Bratwurst grob", "1.10", label="Stück", size="120 g", category="Wurst", substitutes=["bockwurst"]),
    P("bockwurst", "Bockwurst", "1.30", label="Stück", size="100 g", category="Wurst"),
    P("knackwurst", "Knackwurst", "1.20", label="Stück", size="100 g", category="Wurst", allergens=["senf"]),
    P("wiener", "Wiener Würstchen", "1.60", label="Paar", size="2 × 50 g", category="Wurst"),
    P("jagdwurst", "Jagdwurst", "10.90", unit="kg", category="Aufschnitt", allergens=["senf"]),
    P("leberwurst-grob", "Leberwurst grob", "11.50", unit="kg", category="Aufschnitt"),
    P("leberwurst-fein", "Leberwurst fein", "11.50", unit="kg", category="Aufschnitt"),
    P("rotwurst", "Rotwurst", "9.90", unit="kg", aliases=["Blutwurst"], category="Aufschnitt"),
    P("schinken-roh", "Schinken roh geräuchert", "24.90", unit="kg", category="Aufschnitt"),
    P("schinken-gekocht", "Schinken gekocht", "19.90", unit="kg", aliases=["Kochschinken"], category="Aufschnitt"),
    P("mettwurst", "Mettwurst geräuchert", "15.90", unit="kg", category="Aufschnitt"),
    P("suelze", "Sülze", "9.50", unit="kg", category="Aufschnitt"),
    P("soljanka", "Soljanka", "3.90", label="Glas", size="400 ml", category="Konserven", allergens=["sellerie"]),
    P("griebenschmalz", "Griebenschmalz", "2.50", label="Becher", size="250 g", category="Konserven"),
 ]},
 {"id": "hofladen-wedde", "name": "Hofladen Wedde", "kind": "direct_marketer", "municipality": "quedlinburg",
  "phone": "+49 3946 702233", "min_order": "5.00",
  "products": [
    P("kartoffeln-fest-2-5", "Kartoffeln festkochend, 2,5 kg", "3.20", label="Netz", size="2,5 kg", category="Kartoffeln", substitutes=["kartoffeln-fest-5"]),
    P("kartoffeln-fest-5", "Kartoffeln festkochend, 5 kg", "5.50", label="Sack", size="5 kg", category="Kartoffeln", substitutes=["kartoffeln-fest-2-5"]),
    P("kartoffeln-fest-12-5", "Kartoffeln festkochend, 12,5 kg", "11.90", label="Sack", size="12,5 kg", category="Kartoffeln"),
    P("kartoffeln-mehlig-2-5", "Kartoffeln mehligkochend, 2,5 kg", "3.20", label="Netz", size="2,5 kg", category="Kartoffeln", substitutes=["kartoffeln-mehlig-5"]),
    P("kartoffeln-mehlig-5", "Kartoffeln mehligkochend, 5 kg", "5.50", label="Sack", size="5 kg", category="Kartoffeln", substitutes=["kartoffeln-mehlig-2-5"]),
    P("kartoffeln-mehlig-12-5", "Kartoffeln mehligkochend, 12,5 kg", "11.90", label="Sack", size="12,5 kg", category="Kartoffeln"),
    P("eier-6", "Freilandeier, 6 Stück", "2.10", label="Packung", size="6 Stück", category="Eier", allergens=["eier"], substitutes=["eier-10"]),
    P("eier-10", "Freilandeier, 10 Stück", "3.40", label="Packung", size="10 Stück", category="Eier", allergens=["eier"], substitutes=["eier-6"]),
    P("aepfel-elstar-hof", "Äpfel Elstar", "2.60", unit="kg", category="Obst"),
    P("aepfel-boskoop", "Äpfel Boskoop", "2.40", unit="kg", category="Obst"),
    P("apfelsaft-hof", "Apfelsaft naturtrüb, eigene Presse", "2.30", label="Flasche", size="1 l", category="Getränke", deposit="0.15"),
    P("senf-mittelscharf", "Senf mittelscharf", "2.40", label="Glas", size="200 ml", category="Feinkost", allergens=["senf"]),
    P("zwiebeln-1kg", "Zwiebeln gelb, 1 kg", "1.60", label="Netz", size="1 kg", category="Gemüse"),
    P("hokkaido-hof", "Hokkaido-Kürbis", "2.80", label="Stück", category="Gemüse"),
    P("rapsoel", "Rapsöl kaltgepresst", "4.90", label="Flasche", size="0,5 l", category="Feinkost"),
    P("pflaumenmus", "Pflaumenmus", "3.90", label="Glas", size="450 g", category="Feinkost"),
    P("quittengelee", "Quittengelee", "3.50", label="Glas", size="250 g", category="Feinkost"),
    P("suppenhuhn", "Suppenhuhn", "8.90", label="Stück", size="1,5 kg", category="Geflügel"),
    P("rote-bete", "Rote Bete, vorgekocht", "1.90", label="Packung", size="500 g", category="Gemüse"),
 ]},
 {"id": "milchhof-rabe", "name": "Milchhof Rabe", "kind": "direct_marketer", "municipality": "ilsenburg",
  "phone": "+49 39452 48810", "min_order": "6.00",
  "products": [
    P("vollmilch", "Vollmilch 3,8 %", "1.49", label="Flasche", size="1 l", category="Milch", deposit="0.15", allergens=["milch"]),
    P("buttermilch", "Buttermilch", "0.99", label="Flasche", size="0,5 l", category="Milch", deposit="0.15", allergens=["milch"]),
    P("suessrahmbutter", "Süßrahmbutter", "3.10", label="Stück", size="250 g", category="Butter", allergens=["milch"], substitutes=["landbutter-gesalzen"]),
    P("landbutter-gesalzen", "Landbutter gesalzen", "3.30", label="Stück", size="250 g", category="Butter", allergens=["milch"]),
    P("schlagsahne", "Schlagsahne 32 %", "1.39", label="Becher", size="200 g", category="Milch", allergens=["milch"]),
    P("schmand", "Schmand 24 %", "1.29", label="Becher", size="200 g", category="Milch", allergens=["milch"]),
    P("speisequark", "Speisequark 40 %", "2.20", label="Becher", size="500 g", aliases=["Quark"], category="Milch", allergens=["milch"]),
    P("joghurt-natur", "Joghurt natur", "1.90", label="Glas", size="500 g", category="Milch", allergens=["milch"]),
    P("schnittkaese-mild", "Bergkäse mild, 4 Monate", "17.90", unit="kg", category="Käse", allergens=["milch"], substitutes=["schnittkaese-wuerzig"]),
    P("schnittkaese-wuerzig", "Bergkäse würzig, 12 Monate", "21.90", unit="kg", category="Käse", allergens=["milch"], substitutes=["schnittkaese-mild"]),
    P("harzer-kaese", "Harzer Käse", "1.60", label="Rolle", size="125 g", category="Käse", allergens=["milch"], substitutes=["harzer-kaese-kuemmel"]),
    P("harzer-kaese-kuemmel", "Harzer Käse mit Kümmel", "1.70", label="Rolle", size="125 g", category="Käse", allergens=["milch"], substitutes=["harzer-kaese"]),
    P("ziegenfrischkaese", "Ziegenfrischkäse natur", "3.40", label="Becher", size="150 g", category="Käse", allergens=["milch"]),
 ]},
 {"id": "forellenhof-bodetal", "name": "Forellenhof & Wild Bodetal (Gerlach)", "kind": "direct_marketer", "municipality": "thale",
  "phone": "+49 3947 63390", "min_order": "12.00",
  "closed": [{"from": "2027-10-11", "to": "2027-10-17"}],
  "products": [
    P("forelle-frisch", "Regenbogenforelle frisch, ausgenommen", "5.90", label="Stück", size="350 g", category="Fisch", allergens=["fisch"], substitutes=["saibling"]),
    P("forelle-geraeuchert", "Regenbogenforelle geräuchert", "6.90", label="Stück", size="300 g", category="Fisch", allergens=["fisch"]),
    P("forellenfilet", "Forellenfilet geräuchert", "4.50", label="Packung", size="125 g", category="Fisch", allergens=["fisch"]),
    P("saibling", "Saibling frisch, ausgenommen", "7.50", label="Stück", size="400 g", category="Fisch", allergens=["fisch"]),
    P("karpfen", "Karpfen küchenfertig", "9.90", unit="kg", category="Fisch", allergens=["fisch"]),
    P("forellenkaviar", "Forellenkaviar", "7.90", label="Glas", size="50 g", category="Fisch", allergens=["fisch"]),
    P("hirschgulasch", "Hirschgulasch", "26.90", unit="kg", category="Wild"),
    P("wildschweinkeule", "Wildschweinkeule ohne Knochen", "22.90", unit="kg", category="Wild"),
    P("rehkeule", "Rehkeule mit Knochen", "24.90", unit="kg", category="Wild"),
    P("wildbratwurst", "Wildbratwurst", "2.20", label="Stück", size="100 g", category="Wild"),
    P("wildschweinsalami", "Wildschweinsalami", "5.90", label="Stück", size="200 g", category="Wild"),
 ]},
 {"id": "getraenke-schaper", "name": "Getränkemarkt Schaper", "kind": "retailer", "municipality": "wernigerode",
  "phone": "+49 3943 557700",
  "products": [
    P("pils-kasten-20", "Pils, Kasten 20 × 0,5 l", "15.99", 19, label="Kasten", size="20 × 0,5 l", category="Bier", deposit="3.10", min_age=16, substitutes=["pils-kasten-24"]),
    P("pils-kasten-24", "Pils, Kasten 24 × 0,33 l", "16.49", 19, label="Kasten", size="24 × 0,33 l", category="Bier", deposit="3.42", min_age=16, substitutes=["pils-kasten-20"]),
    P("schwarzbier-kasten", "Schwarzbier, Kasten 20 × 0,5 l", "17.49", 19, label="Kasten", size="20 × 0,5 l", category="Bier", deposit="3.10", min_age=16),
    P("pils-alkoholfrei-kasten", "Pils alkoholfrei, Kasten 20 × 0,5 l", "14.99", 19, label="Kasten", size="20 × 0,5 l", category="Bier", deposit="3.10"),
    P("malzbier-kasten", "Malzbier, Kasten 24 × 0,33 l", "14.99", 19, label="Kasten", size="24 × 0,33 l", category="Alkoholfrei", deposit="3.42"),
    P("wasser-still-kasten", "Mineralwasser still, Kasten 12 × 0,7 l", "6.49", 19, label="Kasten", size="12 × 0,7 l", category="Wasser", deposit="3.30", substitutes=["wasser-medium-kasten"]),
    P("wasser-medium-kasten", "Mineralwasser medium, Kasten 12 × 0,7 l", "6.49", 19, label="Kasten", size="12 × 0,7 l", category="Wasser", deposit="3.30", substitutes=["wasser-still-kasten", "wasser-classic-kasten"]),
    P("wasser-classic-kasten", "Mineralwasser classic, Kasten 12 × 0,7 l", "6.49", 19, label="Kasten", size="12 × 0,7 l", category="Wasser", deposit="3.30", aliases=["Mineralwasser spritzig"], substitutes=["wasser-medium-kasten"]),
    P("wasser-medium-sixpack", "Mineralwasser medium, 6 × 1,5 l PET", "3.49", 19, label="Packung", size="6 × 1,5 l", category="Wasser", deposit="1.50"),
    P("apfelsaft-trueb-kasten", "Apfelsaft naturtrüb, Kasten 6 × 1 l", "9.90", 19, label="Kasten", size="6 × 1 l", category="Saft", deposit="2.40", substitutes=["apfelsaft-klar-kasten"]),
    P("apfelsaft-klar-kasten", "Apfelsaft klar, Kasten 6 × 1 l", "8.90", 19, label="Kasten", size="6 × 1 l", category="Saft", deposit="2.40", substitutes=["apfelsaft-trueb-kasten"]),
    P("apfelsaft-trueb-flasche", "Apfelsaft naturtrüb 1 l", "1.79", 19, label="Flasche", size="1 l", category="Saft", deposit="0.15"),
    P("apfelsaft-klar-flasche", "Apfelsaft klar 1 l", "1.59", 19, label="Flasche", size="1 l", category="Saft", deposit="0.15"),
    P("apfelschorle-kasten", "Apfelschorle, Kasten 12 × 0,7 l", "8.49", 19, label="Kasten", size="12 × 0,7 l", category="Saft", deposit="3.30"),
    P("zitronenlimonade-kasten", "Zitronenlimonade, Kasten 12 × 0,7 l", "8.99", 19, label="Kasten", size="12 × 0,7 l", category="Alkoholfrei", deposit="3.30"),
    P("cola-kasten", "Cola, Kasten 12 × 1 l", "11.99", 19, label="Kasten", size="12 × 1 l", category="Alkoholfrei", deposit="3.30"),
    P("dornfelder", "Dornfelder trocken", "6.90", 19, label="Flasche", size="0,75 l", category="Wein", min_age=16),
    P("mueller-thurgau", "Müller-Thurgau trocken, Saale-Unstrut", "7.50", 19, label="Flasche", size="0,75 l", category="Wein", min_age=16),
    P("sekt", "Sekt trocken", "5.99", 19, label="Flasche", size="0,75 l", category="Wein", min_age=16),
 ]},
 {"id": "obst-gemuese-lindner", "name": "Obst & Gemüse Lindner", "kind": "retailer", "municipality": "quedlinburg",
  "phone": "+49 3946 915540",
  "products": [
    P("orangen", "Orangen", "2.49", unit="kg", category="Obst"),
    P("clementinen", "Clementinen", "2.99", unit="kg", category="Obst"),
    P("bananen", "Bananen", "1.79", unit="kg", category="Obst"),
    P("aepfel-elstar-lindner", "Äpfel Elstar", "2.79", unit="kg", category="Obst"),
    P("birnen", "Birnen Williams", "2.99", unit="kg", category="Obst"),
    P("weintrauben", "Weintrauben hell, kernlos", "2.49", label="Schale", size="500 g", category="Obst"),
    P("lauch", "Lauch", "0.99", label="Stange", category="Gemüse"),
    P("moehren", "Möhren", "1.29", label="Beutel", size="1 kg", category="Gemüse"),
    P("zwiebeln-2kg", "Zwiebeln gelb, 2 kg", "1.99", label="Netz", size="2 kg", category="Gemüse"),
    P("knoblauch", "Knoblauch", "0.49", label="Knolle", category="Gemüse"),
    P("weisskohl", "Weißkohl", "0.99", unit="kg", category="Gemüse"),
    P("rotkohl", "Rotkohl", "1.19", unit="kg", category="Gemüse"),
    P("blumenkohl", "Blumenkohl", "2.49", label="Kopf", category="Gemüse"),
    P("hokkaido-lindner", "Hokkaido-Kürbis", "2.49", label="Stück", category="Gemüse"),
    P("champignons", "Champignons braun", "1.99", label="Schale", size="250 g", category="Gemüse"),
    P("strauchtomaten", "Strauchtomaten", "3.99", unit="kg", category="Gemüse"),
    P("salatgurke", "Salatgurke", "0.89", label="Stück", category="Gemüse"),
    P("feldsalat", "Feldsalat", "1.99", label="Schale", size="150 g", category="Salat"),
    P("kartoffeln-lindner", "Kartoffeln festkochend, 2,5 kg", "3.49", label="Netz", size="2,5 kg", category="Kartoffeln"),
    P("petersilie", "Petersilie glatt", "0.99", label="Bund", category="Kräuter"),
    P("suppengruen", "Suppengrün", "1.49", label="Bund", category="Gemüse", allergens=["sellerie"]),
 ]},
 {"id": "imkerei-sommer", "name": "Imkerei Sommer", "kind": "direct_marketer", "municipality": "thale",
  "phone": "+49 3947 778812",
  "products": [
    P("bluetenhonig-250", "Harzer Blütenhonig 250 g", "4.50", label="Glas", size="250 g", category="Honig", substitutes=["waldhonig-250"]),
    P("bluetenhonig-500", "Harzer Blütenhonig 500 g", "7.90", label="Glas", size="500 g", category="Honig", substitutes=["waldhonig-500"]),
    P("waldhonig-250", "Harzer Waldhonig 250 g", "5.20", label="Glas", size="250 g", category="Honig"),
    P("waldhonig-500", "Harzer Waldhonig 500 g", "8.90", label="Glas", size="500 g", category="Honig"),
    P("rapshonig-500", "Rapshonig cremig 500 g", "6.90", label="Glas", size="500 g", category="Honig"),
    P("met", "Met (Honigwein)", "9.90", 19, label="Flasche", size="0,75 l", category="Getränke", min_age=16),
    P("bienenwachskerze", "Bienenwachskerze, Stumpen", "6.50", 19, label="Stück", category="Kerzen"),
 ]},
 {"id": "brennerei-ebeling", "name": "Kornbrennerei Ebeling am Regenstein", "kind": "direct_marketer", "municipality": "blankenburg",
  "phone": "+49 3944 980130",
  "products": [
    P("harzer-korn", "Harzer Korn 32 %", "11.90", 19, label="Flasche", size="0,7 l", category="Spirituosen", min_age=18),
    P("doppelkorn", "Doppelkorn 38 %", "13.90", 19, label="Flasche", size="0,7 l", category="Spirituosen", min_age=18),
    P("kraeuterlikoer-05", "Harzer Kräuterlikör 35 %, 0,5 l", "12.90", 19, label="Flasche", size="0,5 l", category="Spirituosen", min_age=18, substitutes=["kraeuterlikoer-07"]),
    P("kraeuterlikoer-07", "Harzer Kräuterlikör 35 %, 0,7 l", "16.90", 19, label="Flasche", size="0,7 l", category="Spirituosen", min_age=18),
    P("eierlikoer", "Eierlikör 20 %", "9.90", 19, label="Flasche", size="0,5 l", category="Spirituosen", min_age=18, allergens=["eier", "milch"]),
    P("schlehenlikoer", "Schlehenlikör 25 %", "11.50", 19, label="Flasche", size="0,5 l", category="Spirituosen", min_age=18),
    P("apfelbrand", "Harzer Apfelbrand 40 %", "19.90", 19, label="Flasche", size="0,5 l", category="Spirituosen", min_age=18),
    P("probierset", "Probierset 5 × 0,04 l", "12.90", 19, label="Packung", size="5 × 0,04 l", category="Spirituosen", min_age=18),
 ]},
 {"id": "blumen-hesse", "name": "Blumen Hesse", "kind": "retailer", "municipality": "wernigerode",
  "phone": "+49 3943 604471",
  "closed": [{"from": "2027-11-01", "to": "2027-11-03"}],
  "products": [
    P("herbststrauss-klein", "Herbststrauß klein", "14.90", label="Strauß", category="Sträuße"),
    P("herbststrauss-gross", "Herbststrauß groß", "24.90", label="Strauß", category="Sträuße"),
    P("rosen-rot", "Rosen rot, Bund 10 Stück", "12.90", label="Bund", size="10 Stück", category="Schnittblumen"),
    P("sonnenblumen", "Sonnenblumen, Bund 5 Stück", "7.50", label="Bund", size="5 Stück", category="Schnittblumen"),
    P("chrysantheme", "Chrysantheme im Topf", "4.90", label="Topf", category="Topfpflanzen"),
    P("besenheide", "Besenheide (Calluna) im Topf", "2.90", label="Topf", category="Topfpflanzen"),
    P("grabgesteck", "Grabgesteck, Tanne und Heide", "24.90", label="Stück", category="Trauerfloristik"),
    P("adventskranz", "Adventskranz natur, Ø 30 cm", "29.90", label="Stück", category="Advent"),
  ],
  "vouchers": {"min": "10.00", "max": "100.00"}},
 {"id": "schuh-schluessel-vogt", "name": "Schuh- und Schlüsseldienst Vogt", "kind": "service_provider", "municipality": "quedlinburg",
  "phone": "+49 3946 811290",
  "products": [
    P("schuhcreme-schwarz", "Schuhcreme schwarz", "3.90", 19, label="Tube", size="75 ml", category="Schuhpflege"),
    P("schnuersenkel", "Schnürsenkel schwarz, 90 cm", "2.50", 19, label="Paar", category="Schuhpflege"),
  ],
  "services": [
    {"id": "absaetze-erneuern", "name": "Absätze erneuern (Paar)", "duration_minutes": 30, "price": "18.00", "vat": 19},
    {"id": "schluessel-nachmachen", "name": "Schlüssel nachmachen (Zylinderschlüssel)", "duration_minutes": 10, "price": "7.50", "vat": 19},
  ],
  "vouchers": {"min": "10.00", "max": "150.00"}},
]
