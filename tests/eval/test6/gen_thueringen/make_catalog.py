#!/usr/bin/env python3
"""Writes ../thueringen.yml (kiepe-catalog/1) for the region Thüringer Wald.

Plain data plus a small emitter (one flow mapping per product), so the file stays readable.
Run: python3 gen/make_catalog.py   (from the set's folder or anywhere)
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "thueringen.yml")

HEADER = """\
# Katalog Thüringer Wald (Thüringen, Feiertage TH) für den Auswertungssatz test6.
#
# Fenster-Vorlage (Ortszeit Europe/Berlin, an Thüringer Feiertagen keine Fenster):
#   Lieferung  Mo, Di, Do, Fr 10:00-13:00   (Kapazität 8)
#              Mi             13:00-16:00   (Kapazität 8, mittwochs kein Vormittagsfenster)
#              Mo-Fr          17:00-20:00   (Kapazität 12)
#              Sa             08:00-12:00   (Kapazität 14)
#              buchbar bis 16 Stunden vor Beginn; Gebühr 3,90 EUR, frei ab 45,00 EUR Warenwert
#   Abholung   Mo-Fr          15:00-18:30   an jeder der vier Stationen (Kapazität 20)
#              Sa             09:00-12:00   (Kapazität 20)
#              buchbar bis 8 Stunden vor Beginn
#   Keine Fenster am Sonntag.  Feiertage TH im Zeitraum der Gespräche: 25./26.12.2027, 01.01.2028.
#   Geschlossene Tage einzelner Betriebe stehen bei den Betrieben unter closed.
"""

REGION = {
    "id": "thueringer-wald",
    "name": "Thüringer Wald",
    "timezone": "Europe/Berlin",
    "currency": "EUR",
    "holidays": "TH",
    "municipalities": [
        {"id": "ilmenau", "name": "Ilmenau", "postcodes": ["98693", "98704", "98708"]},
        {"id": "suhl", "name": "Suhl", "postcodes": ["98527", "98528", "98529"]},
        {"id": "zella-mehlis", "name": "Zella-Mehlis", "postcodes": ["98544"]},
        {"id": "schleusingen", "name": "Schleusingen", "postcodes": ["98553"]},
        {"id": "oberhof", "name": "Oberhof", "postcodes": ["98559"]},
    ],
    "pickup_stations": [
        {"id": "ilmenau-bahnhof", "name": "Abholstation Bahnhof Ilmenau", "municipality": "ilmenau",
         "address": "Bahnhofstraße 1, 98693 Ilmenau"},
        {"id": "suhl-markt", "name": "Abholstation am Markt Suhl", "municipality": "suhl",
         "address": "Marktplatz 1, 98527 Suhl"},
        {"id": "zella-mehlis-rathaus", "name": "Abholstation Rathaus Zella-Mehlis", "municipality": "zella-mehlis",
         "address": "Louis-Anschütz-Straße 28, 98544 Zella-Mehlis"},
        {"id": "schleusingen-markt", "name": "Abholstation Markt Schleusingen", "municipality": "schleusingen",
         "address": "Markt 9, 98553 Schleusingen"},
    ],
    "delivery": {
        "fee": "3.90",
        "free_from": "45.00",
        "cutoff_hours": 16,
        "windows": [
            {"days": ["mon", "tue", "thu", "fri"], "start": "10:00", "end": "13:00", "capacity": 8},
            {"days": ["wed"], "start": "13:00", "end": "16:00", "capacity": 8},
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "17:00", "end": "20:00", "capacity": 12},
            {"days": ["sat"], "start": "08:00", "end": "12:00", "capacity": 14},
        ],
    },
    "pickup": {
        "cutoff_hours": 8,
        "windows": [
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "15:00", "end": "18:30", "capacity": 20},
            {"days": ["sat"], "start": "09:00", "end": "12:00", "capacity": 20},
        ],
    },
    "weighed_goods": {"tolerance_percent": 10},
}


def P(id, name, unit, price, vat, **kw):
    d = {"id": id, "name": name}
    for k in ("aliases", "category"):
        if k in kw:
            d[k] = kw.pop(k)
    d["unit"] = unit
    for k in ("label", "size"):
        if k in kw:
            d[k] = kw.pop(k)
    d["price"] = price
    d["vat"] = vat
    for k in ("deposit", "min_age", "allergens", "substitutes"):
        if k in kw:
            d[k] = kw.pop(k)
    assert not kw, kw
    return d


G = ["gluten"]
GM = ["gluten", "milch"]

SHOPS = [
    {
        "id": "baeckerei-heinze", "name": "Landbäckerei Heinze", "kind": "retailer",
        "municipality": "zella-mehlis", "phone": "+49 3682 400210",
        "closed": ["2027-12-27"],
        "products": [
            P("weizenbroetchen", "Weizenbrötchen", "piece", "0.45", 7, aliases=["Brötchen"], category="Brötchen", label="Stück", allergens=G),
            P("mohnbroetchen", "Mohnbrötchen", "piece", "0.60", 7, category="Brötchen", label="Stück", allergens=G),
            P("kuemmelbroetchen", "Kümmelbrötchen", "piece", "0.60", 7, category="Brötchen", label="Stück", allergens=G),
            P("roggenbroetchen", "Roggenbrötchen", "piece", "0.65", 7, category="Brötchen", label="Stück", allergens=G),
            P("mehrkornbroetchen", "Mehrkornbrötchen", "piece", "0.75", 7, category="Brötchen", label="Stück", allergens=["gluten", "sesam"]),
            P("bauernbrot-750", "Thüringer Bauernbrot 750 g", "piece", "3.60", 7, category="Brot", label="Laib", size="750 g", allergens=G, substitutes=["roggenmischbrot"]),
            P("bauernbrot-1500", "Thüringer Bauernbrot 1,5 kg", "piece", "6.40", 7, category="Brot", label="Laib", size="1,5 kg", allergens=G),
            P("roggenmischbrot", "Roggenmischbrot 1 kg", "piece", "4.20", 7, aliases=["Mischbrot"], category="Brot", label="Laib", size="1 kg", allergens=G),
            P("dinkelvollkornbrot", "Dinkelvollkornbrot 750 g", "piece", "4.80", 7, category="Brot", label="Laib", size="750 g", allergens=G),
            P("kastenweissbrot", "Kastenweißbrot 500 g", "piece", "2.60", 7, category="Brot", label="Stück", size="500 g", allergens=GM),
            P("christstollen-500", "Thüringer Christstollen 500 g", "piece", "11.50", 7, aliases=["Weihnachtsstollen"], category="Weihnachtsgebäck", label="Stück", size="500 g", allergens=["gluten", "milch", "schalenfruechte"]),
            P("christstollen-1000", "Thüringer Christstollen 1 kg", "piece", "21.00", 7, aliases=["Weihnachtsstollen"], category="Weihnachtsgebäck", label="Stück", size="1 kg", allergens=["gluten", "milch", "schalenfruechte"], substitutes=["christstollen-500"]),
            P("butterstollen-750", "Butterstollen 750 g", "piece", "16.50", 7, category="Weihnachtsgebäck", label="Stück", size="750 g", allergens=["gluten", "milch", "schalenfruechte"]),
            P("mohnstollen-750", "Mohnstollen 750 g", "piece", "14.90", 7, category="Weihnachtsgebäck", label="Stück", size="750 g", allergens=["gluten", "milch", "eier"]),
            P("stollenkonfekt", "Stollenkonfekt 250 g", "piece", "5.90", 7, category="Weihnachtsgebäck", label="Packung", size="250 g", allergens=["gluten", "milch", "schalenfruechte"]),
            P("butterplaetzchen", "Butterplätzchen gemischt 250 g", "piece", "5.50", 7, category="Weihnachtsgebäck", label="Tüte", size="250 g", allergens=["gluten", "milch", "eier"]),
            P("berliner-pflaume", "Berliner mit Pflaumenmus", "piece", "1.30", 7, category="Kuchen", label="Stück", allergens=["gluten", "milch", "eier"], substitutes=["berliner-erdbeer"]),
            P("berliner-erdbeer", "Berliner mit Erdbeerkonfitüre", "piece", "1.30", 7, category="Kuchen", label="Stück", allergens=["gluten", "milch", "eier"], substitutes=["berliner-pflaume"]),
            P("streuselkuchen-stueck", "Streuselkuchen, Stück", "piece", "1.70", 7, category="Kuchen", label="Stück", allergens=["gluten", "milch", "eier"]),
            P("schmandkuchen-stueck", "Schmandkuchen, Stück", "piece", "1.90", 7, category="Kuchen", label="Stück", allergens=["gluten", "milch", "eier"]),
            P("streuselkuchen-blech", "Streuselkuchen, halbes Blech", "piece", "14.50", 7, category="Kuchen", label="Blech", allergens=["gluten", "milch", "eier"]),
        ],
        "services": [
            {"id": "torte-auf-bestellung", "name": "Torte auf Bestellung", "duration_minutes": 0, "price": "34.00", "vat": 7},
        ],
        "vouchers": {"min": "5.00", "max": "50.00"},
    },
    {
        "id": "fleischerei-gundermann", "name": "Fleischerei Gundermann", "kind": "retailer",
        "municipality": "schleusingen", "phone": "+49 36841 47120",
        "min_order": "10.00",
        "closed": [{"from": "2028-01-03", "to": "2028-01-08"}],
        "products": [
            P("rostbratwurst-roh", "Thüringer Rostbratwurst, roh", "piece", "1.40", 7, category="Wurst", label="Stück", size="150 g"),
            P("rotwurst", "Thüringer Rotwurst", "kg", "13.90", 7, category="Wurst"),
            P("leberwurst-fein", "Thüringer Leberwurst fein", "kg", "14.50", 7, category="Wurst", substitutes=["leberwurst-grob"]),
            P("leberwurst-grob", "Thüringer Leberwurst grob", "kg", "14.50", 7, category="Wurst", substitutes=["leberwurst-fein"]),
            P("feldkieker", "Thüringer Feldkieker", "kg", "29.90", 7, category="Wurst"),
            P("jagdwurst", "Jagdwurst", "kg", "12.90", 7, category="Wurst", allergens=["senf"]),
            P("bockwurst", "Bockwurst", "piece", "1.50", 7, category="Wurst", label="Stück", size="100 g", allergens=["senf", "sellerie"]),
            P("wiener-4", "Wiener Würstchen, 4 Stück", "piece", "4.20", 7, category="Wurst", label="Packung", size="250 g", allergens=["senf"]),
            P("griebenschmalz", "Griebenschmalz 250 g", "piece", "2.90", 7, category="Wurst", label="Becher", size="250 g"),
            P("schweinemett", "Schweinemett, gewürzt", "kg", "9.90", 7, category="Fleisch"),
            P("hackfleisch-gemischt", "Hackfleisch gemischt", "kg", "9.50", 7, aliases=["Hackfleisch halb und halb"], category="Fleisch"),
            P("rinderhack", "Rinderhackfleisch", "kg", "13.90", 7, category="Fleisch", substitutes=["hackfleisch-gemischt"]),
            P("nackensteak-mariniert", "Schweinenackensteak mariniert", "kg", "12.90", 7, category="Fleisch", label="Scheibe", allergens=["senf"]),
            P("schweinenacken", "Schweinenacken ohne Knochen", "kg", "10.90", 7, category="Fleisch"),
            P("rinderroulade", "Rinderrouladen", "kg", "22.90", 7, category="Fleisch", label="Scheibe"),
            P("rinderbraten", "Rinderbraten aus der Oberschale", "kg", "21.90", 7, category="Fleisch"),
            P("kasseler", "Kasseler Kamm", "kg", "12.50", 7, aliases=["Kassler"], category="Fleisch"),
            P("haehnchen-ganz", "Hähnchen ganz, frisch", "piece", "9.90", 7, category="Geflügel", label="Stück", size="1,2 kg"),
            P("haehnchenschenkel", "Hähnchenschenkel", "kg", "8.50", 7, category="Geflügel"),
            P("bauerngans", "Bauerngans, bratfertig", "kg", "16.90", 7, category="Geflügel"),
        ],
    },
    {
        "id": "hofladen-ilmtal", "name": "Hofladen Agrargenossenschaft Ilmtal", "kind": "direct_marketer",
        "municipality": "ilmenau", "phone": "+49 3677 881540",
        "min_order": "8.00",
        "products": [
            P("kartoffeln-festkochend-2-5", "Speisekartoffeln festkochend 2,5 kg", "piece", "3.20", 7, category="Kartoffeln", label="Beutel", size="2,5 kg"),
            P("kartoffeln-festkochend-5", "Speisekartoffeln festkochend 5 kg", "piece", "5.50", 7, category="Kartoffeln", label="Sack", size="5 kg"),
            P("kartoffeln-mehlig-2-5", "Speisekartoffeln mehligkochend 2,5 kg", "piece", "3.20", 7, category="Kartoffeln", label="Beutel", size="2,5 kg"),
            P("kartoffeln-mehlig-12-5", "Speisekartoffeln mehligkochend 12,5 kg", "piece", "17.50", 7, category="Kartoffeln", label="Sack", size="12,5 kg"),
            P("klossmasse-500", "Thüringer Kloßmasse roh 500 g", "piece", "2.60", 7, aliases=["Kloßteig"], category="Kartoffeln", label="Beutel", size="500 g", allergens=["schwefeldioxid"]),
            P("klossmasse-1000", "Thüringer Kloßmasse roh 1 kg", "piece", "4.50", 7, aliases=["Kloßteig"], category="Kartoffeln", label="Beutel", size="1 kg", allergens=["schwefeldioxid"], substitutes=["klossmasse-500"]),
            P("eier-10", "Eier Freilandhaltung 10 Stück", "piece", "3.90", 7, category="Eier", label="Packung", allergens=["eier"]),
            P("eier-6", "Eier Freilandhaltung 6 Stück", "piece", "2.50", 7, category="Eier", label="Packung", allergens=["eier"]),
            P("rostbratwurst-roh", "Thüringer Rostbratwurst, roh", "piece", "1.35", 7, category="Wurst", label="Stück", size="150 g"),
            P("leberwurst-glas", "Hausschlachtene Leberwurst im Glas 230 g", "piece", "3.90", 7, category="Wurst", label="Glas", size="230 g"),
            P("rotwurst-glas", "Hausschlachtene Rotwurst im Glas 230 g", "piece", "3.90", 7, category="Wurst", label="Glas", size="230 g"),
            P("leinoel", "Leinöl kaltgepresst 250 ml", "piece", "4.90", 7, category="Öl", label="Flasche", size="0,25 l"),
            P("rapsoel", "Rapsöl kaltgepresst 0,5 l", "piece", "4.50", 7, category="Öl", label="Flasche", size="0,5 l"),
            P("apfelsaft-naturtrueb", "Apfelsaft naturtrüb 1 l", "piece", "2.40", 19, category="Getränke", label="Flasche", size="1 l", deposit="0.15"),
            P("sauerkraut", "Sauerkraut aus dem Fass", "kg", "3.90", 7, category="Gemüse"),
            P("suppenhuhn", "Suppenhuhn", "kg", "6.90", 7, category="Geflügel"),
            P("weizenmehl", "Weizenmehl Type 550, 1 kg", "piece", "1.60", 7, category="Mehl", label="Packung", size="1 kg", allergens=G),
        ],
    },
    {
        "id": "milchhof-rennsteigblick", "name": "Milchhof & Käserei Rennsteigblick", "kind": "direct_marketer",
        "municipality": "oberhof", "phone": "+49 36842 52260",
        "closed": [{"from": "2028-02-21", "to": "2028-02-25"}],
        "products": [
            P("frischmilch-1l", "Frischmilch 3,8 % 1 l", "piece", "1.50", 7, category="Milch", label="Flasche", size="1 l", deposit="0.15", allergens=["milch"], substitutes=["frischmilch-05l"]),
            P("frischmilch-05l", "Frischmilch 3,8 % 0,5 l", "piece", "0.95", 7, category="Milch", label="Flasche", size="0,5 l", deposit="0.15", allergens=["milch"]),
            P("buttermilch", "Buttermilch 0,5 l", "piece", "1.10", 7, category="Milch", label="Flasche", size="0,5 l", deposit="0.15", allergens=["milch"]),
            P("schlagsahne", "Schlagsahne 30 % 200 g", "piece", "1.80", 7, category="Milch", label="Becher", size="200 g", allergens=["milch"]),
            P("schmand", "Schmand 24 % 200 g", "piece", "1.40", 7, category="Milch", label="Becher", size="200 g", allergens=["milch"]),
            P("quark-500", "Speisequark 40 % 500 g", "piece", "2.60", 7, category="Milch", label="Becher", size="500 g", allergens=["milch"]),
            P("quark-mager-250", "Speisequark Magerstufe 250 g", "piece", "1.30", 7, category="Milch", label="Becher", size="250 g", allergens=["milch"]),
            P("suessrahmbutter", "Süßrahmbutter 250 g", "piece", "3.40", 7, category="Milch", label="Stück", size="250 g", allergens=["milch"], substitutes=["sauerrahmbutter"]),
            P("sauerrahmbutter", "Sauerrahmbutter 250 g", "piece", "3.40", 7, category="Milch", label="Stück", size="250 g", allergens=["milch"], substitutes=["suessrahmbutter"]),
            P("joghurt-natur", "Joghurt natur 500 g", "piece", "1.90", 7, category="Milch", label="Glas", size="500 g", deposit="0.15", allergens=["milch"]),
            P("bergkaese-mild", "Bergkäse mild, 6 Monate gereift", "kg", "24.90", 7, category="Käse", allergens=["milch"]),
            P("bergkaese-wuerzig", "Bergkäse würzig, 12 Monate gereift", "kg", "29.90", 7, category="Käse", allergens=["milch"], substitutes=["bergkaese-mild"]),
            P("ziegenfrischkaese-natur", "Ziegenfrischkäse natur 150 g", "piece", "3.50", 7, category="Käse", label="Becher", size="150 g", allergens=["milch"]),
            P("ziegenfrischkaese-kraeuter", "Ziegenfrischkäse Kräuter 150 g", "piece", "3.70", 7, category="Käse", label="Becher", size="150 g", allergens=["milch"]),
            P("harzer", "Harzer Käse 200 g", "piece", "1.90", 7, aliases=["Harzer Roller"], category="Käse", label="Packung", size="200 g", allergens=["milch"]),
            P("kochkaese", "Kochkäse mit Kümmel 200 g", "piece", "2.50", 7, category="Käse", label="Becher", size="200 g", allergens=["milch"]),
            P("eier-10", "Eier Freilandhaltung 10 Stück", "piece", "4.10", 7, category="Eier", label="Packung", allergens=["eier"]),
        ],
    },
    {
        "id": "getraenke-wagner", "name": "Getränkemarkt Wagner", "kind": "retailer",
        "municipality": "suhl", "phone": "+49 3681 455300",
        "min_order": "15.00",
        "products": [
            P("wasser-classic-kasten", "Thüringer Waldquell classic, Kasten 12 × 0,7 l", "piece", "5.99", 19, category="Wasser", label="Kasten", size="8,4 l", deposit="3.30", substitutes=["wasser-medium-kasten"]),
            P("wasser-medium-kasten", "Thüringer Waldquell medium, Kasten 12 × 0,7 l", "piece", "5.99", 19, category="Wasser", label="Kasten", size="8,4 l", deposit="3.30", substitutes=["wasser-classic-kasten"]),
            P("wasser-still-kasten", "Thüringer Waldquell still, Kasten 12 × 0,7 l", "piece", "5.99", 19, category="Wasser", label="Kasten", size="8,4 l", deposit="3.30"),
            P("vita-cola-kasten", "Vita Cola, Kasten 12 × 1 l", "piece", "11.99", 19, category="Limonade", label="Kasten", size="12 l", deposit="3.30"),
            P("vita-cola-flasche", "Vita Cola, Flasche 1 l", "piece", "1.19", 19, category="Limonade", label="Flasche", size="1 l", deposit="0.15"),
            P("zitronenlimonade-kasten", "Zitronenlimonade, Kasten 12 × 0,7 l", "piece", "7.99", 19, category="Limonade", label="Kasten", size="8,4 l", deposit="3.30"),
            P("apfelsaft-naturtrueb", "Apfelsaft naturtrüb 1 l", "piece", "2.29", 19, category="Saft", label="Flasche", size="1 l", deposit="0.15", substitutes=["apfelsaft-klar"]),
            P("apfelsaft-klar", "Apfelsaft klar 1 l", "piece", "1.99", 19, category="Saft", label="Flasche", size="1 l", deposit="0.15"),
            P("kinderpunsch", "Kinderpunsch 1 l", "piece", "2.99", 19, category="Saft", label="Flasche", size="1 l"),
            P("pils-kasten", "Pils, Kasten 20 × 0,5 l", "piece", "15.99", 19, category="Bier", label="Kasten", size="10 l", deposit="3.10", min_age=16, substitutes=["export-kasten"]),
            P("export-kasten", "Export, Kasten 20 × 0,5 l", "piece", "15.49", 19, category="Bier", label="Kasten", size="10 l", deposit="3.10", min_age=16),
            P("schwarzbier-kasten", "Köstritzer Schwarzbier, Kasten 20 × 0,5 l", "piece", "17.99", 19, category="Bier", label="Kasten", size="10 l", deposit="3.10", min_age=16),
            P("schwarzbier-flasche", "Köstritzer Schwarzbier, Flasche 0,5 l", "piece", "1.09", 19, category="Bier", label="Flasche", size="0,5 l", deposit="0.08", min_age=16),
            P("winterbock-kasten", "Winterbock dunkel, Kasten 20 × 0,5 l", "piece", "18.99", 19, category="Bier", label="Kasten", size="10 l", deposit="3.10", min_age=16),
            P("gluehwein-rot", "Glühwein rot 1 l", "piece", "3.99", 19, category="Wein", label="Flasche", size="1 l", min_age=16, allergens=["schwefeldioxid"]),
            P("heidelbeer-gluehwein", "Heidelbeer-Glühwein 1 l", "piece", "4.49", 19, category="Wein", label="Flasche", size="1 l", min_age=16, allergens=["schwefeldioxid"]),
            P("sekt-trocken", "Sekt trocken 0,75 l", "piece", "5.49", 19, category="Wein", label="Flasche", size="0,75 l", min_age=16, allergens=["schwefeldioxid"]),
            P("kraeuterlikoer", "Rennsteig-Kräuterlikör 35 % 0,7 l", "piece", "13.99", 19, category="Spirituosen", label="Flasche", size="0,7 l", min_age=18),
            P("eierlikoer", "Eierlikör 20 % 0,5 l", "piece", "8.99", 19, category="Spirituosen", label="Flasche", size="0,5 l", min_age=18, allergens=["eier", "milch"]),
        ],
    },
    {
        "id": "gemuese-kuehn", "name": "Obst & Gemüse Kühn", "kind": "retailer",
        "municipality": "ilmenau", "phone": "+49 3677 203318",
        "products": [
            P("orangen", "Orangen", "kg", "2.99", 7, category="Obst", substitutes=["mandarinen"]),
            P("mandarinen", "Mandarinen", "kg", "3.49", 7, category="Obst"),
            P("aepfel-elstar", "Äpfel Elstar", "kg", "2.99", 7, category="Obst", substitutes=["aepfel-boskoop"]),
            P("aepfel-boskoop", "Äpfel Boskoop", "kg", "2.79", 7, category="Obst"),
            P("bananen", "Bananen", "kg", "1.99", 7, category="Obst"),
            P("moehren-1kg", "Möhren 1 kg", "piece", "1.49", 7, category="Gemüse", label="Beutel", size="1 kg"),
            P("moehren-2kg", "Möhren 2 kg", "piece", "2.59", 7, category="Gemüse", label="Beutel", size="2 kg"),
            P("zwiebeln-1kg", "Zwiebeln 1 kg", "piece", "1.29", 7, category="Gemüse", label="Netz", size="1 kg"),
            P("zwiebeln-2-5kg", "Zwiebeln 2,5 kg", "piece", "2.49", 7, category="Gemüse", label="Netz", size="2,5 kg"),
            P("lauch", "Lauch", "piece", "0.99", 7, category="Gemüse", label="Stange"),
            P("rotkohl", "Rotkohl", "piece", "1.79", 7, category="Gemüse", label="Kopf"),
            P("rosenkohl", "Rosenkohl", "kg", "4.99", 7, category="Gemüse"),
            P("sellerie", "Knollensellerie", "piece", "1.69", 7, category="Gemüse", label="Knolle", allergens=["sellerie"]),
            P("feldsalat", "Feldsalat 150 g", "piece", "2.49", 7, category="Salat", label="Schale", size="150 g"),
            P("schnittlauch", "Schnittlauch, Bund", "piece", "1.19", 7, category="Kräuter", label="Bund"),
            P("petersilie-glatt", "Petersilie glatt, Bund", "piece", "1.19", 7, category="Kräuter", label="Bund"),
            P("petersilie-kraus", "Petersilie kraus, Bund", "piece", "1.19", 7, category="Kräuter", label="Bund"),
            P("knoblauch", "Knoblauch", "piece", "0.69", 7, category="Gemüse", label="Knolle"),
            P("kartoffeln-festkochend-2-5", "Speisekartoffeln festkochend 2,5 kg", "piece", "3.49", 7, category="Kartoffeln", label="Beutel", size="2,5 kg"),
            P("walnuesse", "Walnüsse 500 g", "piece", "4.99", 7, category="Nüsse", label="Beutel", size="500 g", allergens=["schalenfruechte"]),
        ],
    },
    {
        "id": "forellenzucht-nahetal", "name": "Forellenzucht Nahetal", "kind": "direct_marketer",
        "municipality": "schleusingen", "phone": "+49 36841 39405",
        "min_order": "15.00",
        "closed": ["2027-12-24", "2027-12-31", {"from": "2028-01-10", "to": "2028-01-23"}],
        "products": [
            P("forelle-frisch", "Regenbogenforelle frisch, küchenfertig", "kg", "13.90", 7, category="Fisch", allergens=["fisch"]),
            P("saibling-frisch", "Saibling frisch, küchenfertig", "kg", "17.90", 7, category="Fisch", allergens=["fisch"]),
            P("lachsforellenfilet", "Lachsforellenfilet frisch", "kg", "26.90", 7, category="Fisch", allergens=["fisch"]),
            P("karpfen", "Karpfen frisch, küchenfertig", "kg", "11.90", 7, category="Fisch", allergens=["fisch"]),
            P("forelle-geraeuchert", "Forelle geräuchert", "piece", "5.90", 7, aliases=["Räucherforelle"], category="Räucherfisch", label="Stück", size="300 g", allergens=["fisch"], substitutes=["saibling-geraeuchert"]),
            P("saibling-geraeuchert", "Saibling geräuchert", "piece", "6.90", 7, category="Räucherfisch", label="Stück", size="300 g", allergens=["fisch"]),
            P("forellenfilet-geraeuchert", "Forellenfilet geräuchert, 2 Stück", "piece", "5.50", 7, category="Räucherfisch", label="Packung", size="200 g", allergens=["fisch"]),
            P("forellenkaviar", "Forellenkaviar 50 g", "piece", "9.90", 7, category="Feinkost", label="Glas", size="50 g", allergens=["fisch"]),
            P("forellenaufstrich", "Forellenaufstrich 150 g", "piece", "3.90", 7, category="Feinkost", label="Becher", size="150 g", allergens=["fisch", "milch"]),
            P("fischsuppe", "Fischsuppe im Glas 400 ml", "piece", "5.50", 7, category="Feinkost", label="Glas", size="0,4 l", allergens=["fisch", "sellerie"]),
        ],
    },
    {
        "id": "imkerei-dietz", "name": "Imkerei Dietz", "kind": "direct_marketer",
        "municipality": "zella-mehlis", "phone": "+49 3682 469931",
        "closed": [{"from": "2028-02-07", "to": "2028-02-11"}],
        "products": [
            P("bluetenhonig-cremig-500", "Blütenhonig cremig 500 g", "piece", "7.50", 7, category="Honig", label="Glas", size="500 g"),
            P("bluetenhonig-cremig-250", "Blütenhonig cremig 250 g", "piece", "4.20", 7, category="Honig", label="Glas", size="250 g"),
            P("bluetenhonig-fluessig-500", "Blütenhonig flüssig 500 g", "piece", "7.50", 7, category="Honig", label="Glas", size="500 g"),
            P("waldhonig-500", "Waldhonig 500 g", "piece", "8.90", 7, category="Honig", label="Glas", size="500 g", substitutes=["lindenhonig-500"]),
            P("lindenhonig-500", "Lindenhonig 500 g", "piece", "8.20", 7, category="Honig", label="Glas", size="500 g"),
            P("honiglebkuchen", "Honiglebkuchen 250 g", "piece", "4.90", 7, category="Gebäck", label="Packung", size="250 g", allergens=["gluten", "eier", "schalenfruechte"]),
            P("honigsenf", "Honigsenf 200 ml", "piece", "3.50", 7, category="Feinkost", label="Glas", size="0,2 l", allergens=["senf"]),
            P("bienenwachskerze", "Bienenwachskerze Stumpen 6 × 10 cm", "piece", "7.90", 19, category="Kerzen", label="Stück"),
            P("teelichter", "Bienenwachs-Teelichter, 10 Stück", "piece", "6.50", 19, category="Kerzen", label="Packung"),
            P("honigmet", "Honigmet 0,75 l", "piece", "11.90", 19, category="Met und Likör", label="Flasche", size="0,75 l", min_age=16),
            P("honiglikoer", "Honiglikör 30 % 0,5 l", "piece", "12.90", 19, category="Met und Likör", label="Flasche", size="0,5 l", min_age=18),
        ],
        "vouchers": {"min": "10.00", "max": "50.00"},
    },
    {
        "id": "blumen-ritter", "name": "Blumen Ritter", "kind": "retailer",
        "municipality": "suhl", "phone": "+49 3681 722045",
        "min_order": "12.00",
        "closed": [{"from": "2028-01-03", "to": "2028-01-08"}],
        "products": [
            P("adventskranz-natur-30", "Adventskranz natur, Ø 30 cm", "piece", "24.90", 7, category="Advent", label="Stück"),
            P("adventskranz-geschmueckt-30", "Adventskranz geschmückt, Ø 30 cm", "piece", "34.90", 19, category="Advent", label="Stück", substitutes=["adventskranz-geschmueckt-40"]),
            P("adventskranz-geschmueckt-40", "Adventskranz geschmückt, Ø 40 cm", "piece", "44.90", 19, category="Advent", label="Stück"),
            P("weihnachtsstern-rot", "Weihnachtsstern rot, Topf 12 cm", "piece", "5.90", 7, category="Pflanzen", label="Topf", substitutes=["weihnachtsstern-weiss"]),
            P("weihnachtsstern-weiss", "Weihnachtsstern weiß, Topf 12 cm", "piece", "5.90", 7, category="Pflanzen", label="Topf"),
            P("amaryllis", "Amaryllis im Topf", "piece", "9.90", 7, category="Pflanzen", label="Topf"),
            P("christrose", "Christrose im Topf", "piece", "8.90", 7, category="Pflanzen", label="Topf"),
            P("nordmanntanne-150", "Nordmanntanne 1,50–1,75 m", "piece", "34.90", 7, category="Weihnachtsbäume", label="Baum"),
            P("nordmanntanne-175", "Nordmanntanne 1,75–2,00 m", "piece", "42.90", 7, category="Weihnachtsbäume", label="Baum"),
            P("blaufichte-150", "Blaufichte 1,50–1,75 m", "piece", "24.90", 7, category="Weihnachtsbäume", label="Baum"),
            P("tannengruen", "Tannengrün, Bund", "piece", "4.50", 7, category="Advent", label="Bund"),
            P("barbarazweige", "Barbarazweige, Bund", "piece", "4.90", 7, category="Advent", label="Bund"),
            P("mistelzweig", "Mistelzweig", "piece", "5.90", 7, category="Advent", label="Zweig"),
            P("bienenwachskerze", "Bienenwachskerze Stumpen 6 × 10 cm", "piece", "8.50", 19, category="Kerzen", label="Stück"),
            P("rosen-rot", "Rosen rot, Stück", "piece", "2.50", 7, category="Schnittblumen", label="Stiel"),
            P("tulpen-10", "Tulpen, Bund 10 Stück", "piece", "6.90", 7, category="Schnittblumen", label="Bund"),
        ],
        "vouchers": {"min": "10.00", "max": "100.00"},
    },
    {
        "id": "skiservice-kaiser", "name": "Skiservice Kaiser", "kind": "service_provider",
        "municipality": "oberhof", "phone": "+49 36842 28817",
        "products": [
            P("gleitwachs-universal", "Gleitwachs universal 60 g", "piece", "12.90", 19, category="Wintersport", label="Stück", size="60 g"),
            P("steigwachs-blau", "Steigwachs blau 45 g", "piece", "9.90", 19, category="Wintersport", label="Dose", size="45 g"),
            P("wachsabzieher", "Wachsabzieher Plexiglas", "piece", "6.90", 19, category="Wintersport", label="Stück"),
            P("langlaufhandschuhe-m", "Langlaufhandschuhe Größe M", "piece", "24.90", 19, category="Wintersport", label="Paar"),
            P("langlaufhandschuhe-l", "Langlaufhandschuhe Größe L", "piece", "24.90", 19, category="Wintersport", label="Paar"),
        ],
        "services": [
            {"id": "heisswachs-langlauf", "name": "Langlaufski Heißwachs-Service", "duration_minutes": 30, "price": "19.00", "vat": 19},
            {"id": "alpinski-komplett", "name": "Alpinski Komplettservice", "duration_minutes": 60, "price": "39.00", "vat": 19},
            {"id": "schlittschuhe-schleifen", "name": "Schlittschuhe schleifen", "duration_minutes": 15, "price": "9.00", "vat": 19},
        ],
        "vouchers": {"min": "10.00", "max": "150.00"},
    },
]


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        # bare where safe and readable, quoted otherwise
        import re
        if re.fullmatch(r"[a-z][a-z0-9-]*", v) and v not in ("yes", "no", "on", "off", "true", "false", "null"):
            return v
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {scalar(x)}" for k, x in v.items()) + "}"
    raise TypeError(v)


def emit():
    L = [HEADER.rstrip("\n"), "format: kiepe-catalog/1", "region:"]
    r = REGION
    for k in ("id", "name", "timezone", "currency", "holidays"):
        L.append(f"  {k}: {scalar(r[k])}")
    L.append("  municipalities:")
    for m in r["municipalities"]:
        L.append(f"    - {scalar(m)}")
    L.append("  pickup_stations:")
    for s in r["pickup_stations"]:
        L.append(f"    - {scalar(s)}")
    L.append("  delivery:")
    for k in ("fee", "free_from", "cutoff_hours"):
        L.append(f"    {k}: {scalar(r['delivery'][k])}")
    L.append("    windows:")
    for w in r["delivery"]["windows"]:
        L.append(f"      - {scalar(w)}")
    L.append("  pickup:")
    L.append(f"    cutoff_hours: {r['pickup']['cutoff_hours']}")
    L.append("    windows:")
    for w in r["pickup"]["windows"]:
        L.append(f"      - {scalar(w)}")
    L.append("  weighed_goods:")
    L.append(f"    tolerance_percent: {r['weighed_goods']['tolerance_percent']}")
    L.append("shops:")
    for s in SHOPS:
        L.append(f"  - id: {scalar(s['id'])}")
        for k in ("name", "kind", "municipality", "phone", "min_order"):
            if k in s:
                L.append(f"    {k}: {scalar(s[k])}")
        if "closed" in s:
            L.append("    closed:")
            for c in s["closed"]:
                L.append(f"      - {scalar(c)}")
        L.append("    products:")
        for p in s["products"]:
            L.append(f"      - {scalar(p)}")
        if "services" in s:
            L.append("    services:")
            for sv in s["services"]:
                L.append(f"      - {scalar(sv)}")
        if "vouchers" in s:
            L.append(f"    vouchers: {scalar(s['vouchers'])}")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    text = emit()
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    n = sum(len(s["products"]) for s in SHOPS)
    print(f"wrote {os.path.normpath(OUT)}: {len(SHOPS)} shops, {n} products")
