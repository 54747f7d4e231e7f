"""Writes ../vogelsberg.yml (kiepe-catalog/1) for the region Vogelsberg / Oberhessen.

Run from anywhere: python3 gen/make_catalog.py
All data is written out by hand below; the script only shapes it into YAML."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from yamlfmt import dump  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vogelsberg.yml")

HEADER = """\
# Kiepe marketplace catalog: Vogelsberg / Oberhessen (Hessen, public holidays HE)
# Municipalities: Lauterbach (Hessen), Alsfeld, Schotten, Herbstein, Ulrichstein.
#
# Window template (local time Europe/Berlin; no windows on Sundays or on Hessian public holidays):
#   Delivery by the local courier, fee 4.20 per order, free from 65.00 of goods,
#   bookable until 16 hours before the window starts:
#     Mon-Fri 08:30-11:30   (capacity 8)
#     Tue, Thu, Fri 16:00-19:00   (capacity 8; no afternoon round on Mon and Wed)
#     Sat 08:00-12:00   (capacity 12)
#   Pick-up at each of the four stations, bookable until 8 hours before the window starts:
#     Mon-Fri 15:00-18:30   (capacity 15 per station)
#     Sat 09:00-12:00   (capacity 15 per station)
# Weighed goods (kg lines) may come out up to 10 % above the amount ordered.
# Shop closures in the season: Fischhaus Reuter 3-16 Jan 2028 (Winterpause), Blumen Lang 24-29 Jan 2028,
# Kutschfahrten & Hofcafe Bender 3 Jan-6 Feb 2028 (Winterpause), Metzgerei Schaefer 28 Feb 2028
# (Rosenmontag) and 18-22 Apr 2028, Imkerei Diehl 13-19 Mar 2028.
"""


def P(id, name, category, unit, price, vat, label=None, size=None, aliases=None,
      allergens=None, deposit=None, min_age=None, substitutes=None):
    d = {"id": id, "name": name}
    if aliases:
        d["aliases"] = aliases
    d["category"] = category
    d["unit"] = unit
    if label:
        d["label"] = label
    if size:
        d["size"] = size
    d["price"] = price
    d["vat"] = vat
    if deposit:
        d["deposit"] = deposit
    if min_age:
        d["min_age"] = min_age
    if allergens:
        d["allergens"] = allergens
    if substitutes:
        d["substitutes"] = substitutes
    return d


G, E, M, F, S, SE, SO, SF = "gluten", "eier", "milch", "fisch", "senf", "sellerie", "schwefeldioxid", "schalenfruechte"

region = {
    "id": "vogelsberg-oberhessen",
    "name": "Vogelsberg / Oberhessen",
    "timezone": "Europe/Berlin",
    "currency": "EUR",
    "holidays": "HE",
    "municipalities": [
        {"id": "lauterbach", "name": "Lauterbach (Hessen)", "postcodes": ["36341"]},
        {"id": "alsfeld", "name": "Alsfeld", "postcodes": ["36304"]},
        {"id": "schotten", "name": "Schotten", "postcodes": ["63679"]},
        {"id": "herbstein", "name": "Herbstein", "postcodes": ["36358"]},
        {"id": "ulrichstein", "name": "Ulrichstein", "postcodes": ["35327"]},
    ],
    "pickup_stations": [
        {"id": "lauterbach-bahnhof", "name": "Abholstation am Bahnhof Lauterbach", "municipality": "lauterbach",
         "address": "Bahnhofstraße 40, 36341 Lauterbach"},
        {"id": "alsfeld-marktplatz", "name": "Abholstation am Marktplatz Alsfeld", "municipality": "alsfeld",
         "address": "Marktplatz 2, 36304 Alsfeld"},
        {"id": "schotten-vogelsbergstrasse", "name": "Abholstation Vogelsbergstraße Schotten",
         "municipality": "schotten", "address": "Vogelsbergstraße 5, 63679 Schotten"},
        {"id": "herbstein-rathaus", "name": "Abholstation am Rathaus Herbstein", "municipality": "herbstein",
         "address": "Marktplatz 5, 36358 Herbstein"},
    ],
    "delivery": {
        "fee": "4.20",
        "free_from": "65.00",
        "cutoff_hours": 16,
        "windows": [
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:30", "end": "11:30", "capacity": 8},
            {"days": ["tue", "thu", "fri"], "start": "16:00", "end": "19:00", "capacity": 8},
            {"days": ["sat"], "start": "08:00", "end": "12:00", "capacity": 12},
        ],
    },
    "pickup": {
        "cutoff_hours": 8,
        "windows": [
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "15:00", "end": "18:30", "capacity": 15},
            {"days": ["sat"], "start": "09:00", "end": "12:00", "capacity": 15},
        ],
    },
    "weighed_goods": {"tolerance_percent": 10},
}

baeckerei = {
    "id": "baeckerei-ruehl", "name": "Bäckerei Rühl", "kind": "retailer", "municipality": "lauterbach",
    "phone": "+49 6641 000101", "min_order": "5.00",
    "products": [
        P("bauernbrot-750", "Bauernbrot 750 g", "Brot", "piece", "3.80", 7, "Laib", "750 g", allergens=[G]),
        P("bauernbrot-1500", "Bauernbrot 1,5 kg", "Brot", "piece", "6.60", 7, "Laib", "1,5 kg", allergens=[G],
          substitutes=["bauernbrot-750"]),
        P("vogelsberger-landbrot", "Vogelsberger Landbrot 1 kg", "Brot", "piece", "5.20", 7, "Laib", "1 kg",
          allergens=[G]),
        P("roggenbrot-kuemmel", "Roggenbrot mit Kümmel 1 kg", "Brot", "piece", "4.90", 7, "Laib", "1 kg",
          allergens=[G]),
        P("dinkelvollkornbrot", "Dinkelvollkornbrot 750 g", "Brot", "piece", "5.40", 7, "Laib", "750 g",
          allergens=[G, "sesam"]),
        P("weizenbroetchen", "Weizenbrötchen", "Brötchen", "piece", "0.45", 7, "Stück", aliases=["Brötchen"],
          allergens=[G]),
        P("roggenbroetchen", "Roggenbrötchen", "Brötchen", "piece", "0.60", 7, "Stück", allergens=[G]),
        P("koernerbroetchen", "Körnerbrötchen", "Brötchen", "piece", "0.75", 7, "Stück", allergens=[G, "sesam"]),
        P("laugenbrezel", "Laugenbrezel", "Brötchen", "piece", "0.95", 7, "Stück", aliases=["Brezel"],
          allergens=[G]),
        P("berliner-pflaumenmus", "Berliner mit Pflaumenmus", "Feingebäck", "piece", "1.40", 7, "Stück",
          allergens=[G, E, M]),
        P("berliner-vanille", "Berliner mit Vanillecreme", "Feingebäck", "piece", "1.60", 7, "Stück",
          allergens=[G, E, M]),
        P("nussschnecke", "Nussschnecke", "Feingebäck", "piece", "1.70", 7, "Stück", allergens=[G, E, M, SF]),
        P("streuselkuchen", "Streuselkuchen, Stück", "Kuchen", "piece", "1.90", 7, "Stück", allergens=[G, E, M]),
        P("kaesekuchen", "Käsekuchen, Stück", "Kuchen", "piece", "2.40", 7, "Stück", allergens=[G, E, M]),
        P("schmandkuchen", "Schmandkuchen mit Mandarinen, Stück", "Kuchen", "piece", "2.40", 7, "Stück",
          allergens=[G, E, M]),
        P("kartoffelkuchen-speck", "Kartoffelkuchen mit Speck, Stück", "Herzhaftes", "piece", "2.80", 7, "Stück",
          allergens=[G, E, M]),
        P("kartoffelkuchen-ohne", "Kartoffelkuchen ohne Speck, Stück", "Herzhaftes", "piece", "2.50", 7, "Stück",
          allergens=[G, E, M]),
        P("zwiebelkuchen", "Zwiebelkuchen, Stück", "Herzhaftes", "piece", "2.60", 7, "Stück", allergens=[G, E, M]),
        P("hefezopf", "Hefezopf 500 g", "Feingebäck", "piece", "4.20", 7, "Stück", "500 g", allergens=[G, E, M]),
        P("osterlamm", "Osterlamm aus Rührteig", "Kuchen", "piece", "6.20", 7, "Stück", allergens=[G, E, M]),
    ],
}

metzgerei = {
    "id": "metzgerei-schaefer", "name": "Metzgerei Schäfer", "kind": "retailer", "municipality": "herbstein",
    "phone": "+49 6643 000102", "min_order": "10.00",
    "closed": ["2028-02-28", {"from": "2028-04-18", "to": "2028-04-22"}],
    "products": [
        P("hackfleisch-gemischt", "Hackfleisch gemischt", "Frischfleisch", "kg", "10.90", 7),
        P("rinderhackfleisch", "Rinderhackfleisch", "Frischfleisch", "kg", "14.90", 7),
        P("schweinemett", "Schweinemett, gewürzt", "Frischfleisch", "kg", "11.90", 7),
        P("schweineschnitzel", "Schweineschnitzel", "Frischfleisch", "kg", "13.90", 7),
        P("kasseler", "Kasseler Kotelett", "Frischfleisch", "kg", "13.50", 7),
        P("rinderrouladen", "Rinderrouladen", "Frischfleisch", "kg", "22.90", 7),
        P("suppenfleisch-rind", "Suppenfleisch vom Rind", "Frischfleisch", "kg", "14.90", 7),
        P("gulasch", "Gulasch gemischt", "Frischfleisch", "kg", "13.90", 7),
        P("bratwurst-grob", "Bratwurst grob", "Wurst", "piece", "1.40", 7, "Stück", "120 g"),
        P("bratwurst-fein", "Bratwurst fein", "Wurst", "piece", "1.40", 7, "Stück", "120 g"),
        P("wiener-wuerstchen", "Wiener Würstchen, Paar", "Wurst", "piece", "2.20", 7, "Paar", "200 g",
          allergens=[S]),
        P("rindswurst", "Rindswurst", "Wurst", "piece", "1.90", 7, "Stück", "100 g", allergens=[S]),
        P("fleischwurst", "Fleischwurst", "Wurst", "kg", "12.90", 7, allergens=[S]),
        P("fleischkaese", "Fleischkäse", "Wurst", "kg", "13.90", 7),
        P("leberwurst-grob", "Hausmacher Leberwurst grob", "Wurst", "kg", "14.90", 7, allergens=[SE]),
        P("leberwurst-fein", "Leberwurst fein", "Wurst", "kg", "13.90", 7, allergens=[SE]),
        P("leberwurst-glas", "Hausmacher Leberwurst im Glas 200 g", "Wurstkonserven", "piece", "3.90", 7, "Glas",
          "200 g", allergens=[SE], substitutes=["blutwurst-glas"]),
        P("blutwurst-glas", "Hausmacher Blutwurst im Glas 200 g", "Wurstkonserven", "piece", "3.60", 7, "Glas",
          "200 g"),
        P("mettwurst-luftgetrocknet", "Mettwurst luftgetrocknet", "Wurst", "kg", "25.90", 7),
        P("bauchspeck-geraeuchert", "Bauchspeck geräuchert", "Wurst", "kg", "14.50", 7),
        P("kochschinken", "Kochschinken", "Aufschnitt", "kg", "22.90", 7),
        P("schinken-roh", "Schinken roh, geräuchert", "Aufschnitt", "kg", "28.90", 7),
        P("griebenschmalz", "Griebenschmalz 250 g", "Wurstkonserven", "piece", "2.90", 7, "Becher", "250 g"),
    ],
}

hofladen = {
    "id": "hofladen-joekel", "name": "Hofladen Jökel", "kind": "direct_marketer", "municipality": "ulrichstein",
    "phone": "+49 6645 000103", "min_order": "8.00",
    "products": [
        P("hof-kartoffeln-fest-2-5", "Kartoffeln festkochend 2,5 kg", "Kartoffeln", "piece", "3.90", 7, "Netz",
          "2,5 kg"),
        P("hof-kartoffeln-fest-5", "Kartoffeln festkochend 5 kg", "Kartoffeln", "piece", "6.90", 7, "Sack", "5 kg"),
        P("hof-kartoffeln-mehlig-5", "Kartoffeln mehligkochend 5 kg", "Kartoffeln", "piece", "6.90", 7, "Sack",
          "5 kg"),
        P("hof-kartoffeln-fest-12-5", "Kartoffeln festkochend 12,5 kg", "Kartoffeln", "piece", "14.50", 7, "Sack",
          "12,5 kg"),
        P("hof-eier-10", "Eier Freiland, 10 Stück", "Eier", "piece", "4.20", 7, "Packung", allergens=[E],
          substitutes=["hof-eier-6"]),
        P("hof-eier-6", "Eier Freiland, 6 Stück", "Eier", "piece", "2.60", 7, "Packung", allergens=[E]),
        P("suppenhuhn", "Suppenhuhn", "Geflügel", "piece", "12.90", 7, "Stück", "1,5 kg"),
        P("hof-zwiebeln-netz", "Zwiebeln 1 kg", "Gemüse", "piece", "1.90", 7, "Netz", "1 kg"),
        P("hof-apfelsaft-naturtrueb", "Apfelsaft naturtrüb 1 l", "Säfte", "piece", "2.40", 7, "Flasche", "1 l",
          deposit="0.15"),
        P("hof-bluetenhonig-cremig", "Blütenhonig cremig 500 g", "Honig", "piece", "7.90", 7, "Glas", "500 g"),
        P("hof-bauernbutter", "Bauernbutter 250 g", "Molkereiprodukte", "piece", "3.50", 7, "Stück", "250 g",
          allergens=[M]),
        P("zwetschgenmus", "Zwetschgenmus 450 g", "Aufstriche", "piece", "4.50", 7, "Glas", "450 g"),
        P("apfelgelee", "Apfelgelee 250 g", "Aufstriche", "piece", "3.20", 7, "Glas", "250 g"),
        P("eiernudeln", "Eiernudeln hausgemacht 500 g", "Nudeln", "piece", "3.60", 7, "Packung", "500 g",
          allergens=[G, E]),
        P("kartoffelsalat", "Kartoffelsalat hausgemacht 500 g", "Feinkost", "piece", "4.20", 7, "Becher", "500 g",
          allergens=[E, S]),
        P("rapsoel", "Rapsöl kaltgepresst 0,5 l", "Öl", "piece", "4.90", 7, "Flasche", "0,5 l"),
    ],
}

kaeserei = {
    "id": "hofkaeserei-oberwald", "name": "Hofkäserei am Oberwald", "kind": "direct_marketer",
    "municipality": "schotten", "phone": "+49 6044 000104", "min_order": "6.00",
    "products": [
        P("handkaese-einzeln", "Handkäse, einzeln", "Käse", "piece", "0.95", 7, "Stück", allergens=[M]),
        P("handkaese-rolle", "Handkäse, Rolle 6 Stück", "Käse", "piece", "5.20", 7, "Rolle", allergens=[M]),
        P("kochkaese", "Kochkäse mit Kümmel 200 g", "Käse", "piece", "3.20", 7, "Becher", "200 g", allergens=[M]),
        P("quark-mager", "Speisequark mager 500 g", "Quark", "piece", "2.10", 7, "Becher", "500 g", allergens=[M]),
        P("quark-40", "Speisequark 40 % Fett 500 g", "Quark", "piece", "2.60", 7, "Becher", "500 g",
          allergens=[M], substitutes=["quark-mager"]),
        P("schmand", "Schmand 24 % 200 g", "Molkereiprodukte", "piece", "1.30", 7, "Becher", "200 g",
          allergens=[M]),
        P("dickmilch", "Dickmilch 500 g", "Molkereiprodukte", "piece", "1.40", 7, "Becher", "500 g",
          allergens=[M]),
        P("buttermilch", "Buttermilch 0,5 l", "Molkereiprodukte", "piece", "1.20", 7, "Flasche", "0,5 l",
          allergens=[M]),
        P("hofmilch", "Hofmilch 3,8 % 1 l", "Molkereiprodukte", "piece", "1.60", 7, "Flasche", "1 l",
          deposit="0.15", allergens=[M]),
        P("bauernbutter", "Bauernbutter 250 g", "Molkereiprodukte", "piece", "3.40", 7, "Stück", "250 g",
          allergens=[M]),
        P("bergkaese-mild", "Vogelsberger Bergkäse mild", "Käse", "kg", "19.90", 7, allergens=[M]),
        P("bergkaese-wuerzig", "Vogelsberger Bergkäse würzig", "Käse", "kg", "23.90", 7, allergens=[M],
          substitutes=["bergkaese-mild"]),
        P("camembert", "Hof-Camembert 150 g", "Käse", "piece", "3.90", 7, "Stück", "150 g", allergens=[M]),
        P("kraeuterfrischkaese", "Frischkäse mit Kräutern 150 g", "Käse", "piece", "2.90", 7, "Becher", "150 g",
          allergens=[M]),
        P("joghurt-natur", "Joghurt natur 500 g", "Molkereiprodukte", "piece", "1.90", 7, "Glas", "500 g",
          deposit="0.15", allergens=[M]),
    ],
}

getraenke = {
    "id": "getraenke-happel", "name": "Getränkemarkt Happel", "kind": "retailer", "municipality": "lauterbach",
    "phone": "+49 6641 000105", "min_order": "12.00",
    "products": [
        P("wasser-classic-kasten", "Mineralwasser classic, Kasten 12 × 0,7 l", "Wasser", "piece", "6.49", 19,
          "Kasten", deposit="3.30", substitutes=["wasser-medium-kasten"]),
        P("wasser-medium-kasten", "Mineralwasser medium, Kasten 12 × 0,7 l", "Wasser", "piece", "6.49", 19,
          "Kasten", deposit="3.30", substitutes=["wasser-classic-kasten"]),
        P("wasser-still-kasten", "Mineralwasser still, Kasten 12 × 0,7 l", "Wasser", "piece", "6.49", 19,
          "Kasten", deposit="3.30"),
        P("wasser-classic-flasche", "Mineralwasser classic, Flasche 0,7 l", "Wasser", "piece", "0.65", 19,
          "Flasche", "0,7 l", deposit="0.15"),
        P("wasser-medium-flasche", "Mineralwasser medium, Flasche 0,7 l", "Wasser", "piece", "0.65", 19,
          "Flasche", "0,7 l", deposit="0.15"),
        P("wasser-still-flasche", "Mineralwasser still, Flasche 0,7 l", "Wasser", "piece", "0.65", 19,
          "Flasche", "0,7 l", deposit="0.15"),
        P("apfelsaft-naturtrueb", "Apfelsaft naturtrüb 1 l", "Säfte", "piece", "1.99", 19, "Flasche", "1 l",
          deposit="0.15"),
        P("apfelsaft-klar", "Apfelsaft klar 1 l", "Säfte", "piece", "1.79", 19, "Flasche", "1 l", deposit="0.15"),
        P("apfelsaft-naturtrueb-kasten", "Apfelsaft naturtrüb, Kasten 6 × 1 l", "Säfte", "piece", "10.99", 19,
          "Kasten", deposit="2.40"),
        P("apfelschorle-kasten", "Apfelschorle, Kasten 12 × 0,7 l", "Säfte", "piece", "8.49", 19, "Kasten",
          deposit="3.30"),
        P("apfelwein-klar", "Apfelwein klar 1 l", "Apfelwein", "piece", "2.29", 19, "Flasche", "1 l",
          deposit="0.15", min_age=16, allergens=[SO]),
        P("apfelwein-naturtrueb", "Apfelwein naturtrüb 1 l", "Apfelwein", "piece", "2.59", 19, "Flasche", "1 l",
          deposit="0.15", min_age=16, allergens=[SO]),
        P("apfelwein-klar-kasten", "Apfelwein klar, Kasten 6 × 1 l", "Apfelwein", "piece", "12.99", 19, "Kasten",
          deposit="2.40", min_age=16, allergens=[SO]),
        P("pils-kasten", "Pils, Kasten 20 × 0,5 l", "Bier", "piece", "15.99", 19, "Kasten", deposit="3.10",
          min_age=16, allergens=[G], substitutes=["export-kasten"]),
        P("export-kasten", "Export, Kasten 20 × 0,5 l", "Bier", "piece", "15.49", 19, "Kasten", deposit="3.10",
          min_age=16, allergens=[G]),
        P("hefeweizen-kasten", "Hefeweizen naturtrüb, Kasten 20 × 0,5 l", "Bier", "piece", "17.99", 19, "Kasten",
          deposit="3.10", min_age=16, allergens=[G]),
        P("pils-sechserpack", "Pils, Sechserpack 6 × 0,33 l", "Bier", "piece", "5.49", 19, "Packung",
          deposit="0.48", min_age=16, allergens=[G]),
        P("pils-alkoholfrei-kasten", "Pils alkoholfrei, Kasten 20 × 0,5 l", "Bier", "piece", "15.49", 19, "Kasten",
          deposit="3.10", allergens=[G]),
        P("cola-kasten", "Cola, Kasten 12 × 1 l", "Limonaden", "piece", "11.99", 19, "Kasten", deposit="3.30"),
        P("zwetschgenwasser", "Zwetschgenwasser 40 % vol 0,5 l", "Spirituosen", "piece", "17.90", 19, "Flasche",
          "0,5 l", min_age=18),
        P("dornfelder", "Dornfelder Rotwein trocken 0,75 l", "Wein", "piece", "5.99", 19, "Flasche", "0,75 l",
          min_age=16, allergens=[SO]),
    ],
}

gemuese = {
    "id": "gemuese-weitzel", "name": "Obst & Gemüse Weitzel", "kind": "retailer", "municipality": "alsfeld",
    "phone": "+49 6631 000106", "min_order": "6.00",
    "products": [
        P("kartoffeln-fest-2-5", "Kartoffeln festkochend 2,5 kg", "Kartoffeln", "piece", "3.60", 7, "Netz",
          "2,5 kg"),
        P("eier-10", "Eier Freiland, 10 Stück", "Eier", "piece", "3.99", 7, "Packung", allergens=[E]),
        P("moehren", "Möhren", "Gemüse", "kg", "1.79", 7),
        P("zwiebeln-gelb", "Zwiebeln gelb", "Gemüse", "kg", "1.99", 7),
        P("zwiebeln-rot", "Zwiebeln rot", "Gemüse", "kg", "2.49", 7),
        P("knoblauch", "Knoblauch", "Gemüse", "piece", "0.69", 7, "Knolle"),
        P("lauch", "Lauch", "Gemüse", "piece", "0.99", 7, "Stange"),
        P("knollensellerie", "Knollensellerie", "Gemüse", "piece", "1.99", 7, "Knolle", allergens=[SE]),
        P("rotkohl", "Rotkohl", "Gemüse", "kg", "1.49", 7),
        P("weisskohl", "Weißkohl", "Gemüse", "kg", "1.29", 7),
        P("wirsing", "Wirsing", "Gemüse", "piece", "1.99", 7, "Kopf"),
        P("rosenkohl", "Rosenkohl", "Gemüse", "kg", "3.99", 7),
        P("feldsalat", "Feldsalat 150 g", "Salat", "piece", "2.49", 7, "Schale", "150 g"),
        P("kopfsalat", "Kopfsalat", "Salat", "piece", "1.29", 7, "Kopf"),
        P("salatgurke", "Salatgurke", "Gemüse", "piece", "0.89", 7, "Stück"),
        P("rispentomaten", "Rispentomaten", "Gemüse", "kg", "3.99", 7),
        P("champignons", "Champignons braun 250 g", "Gemüse", "piece", "1.99", 7, "Schale", "250 g"),
        P("aepfel-boskoop", "Äpfel Boskoop", "Obst", "kg", "2.99", 7),
        P("aepfel-elstar", "Äpfel Elstar", "Obst", "kg", "2.79", 7),
        P("bananen", "Bananen", "Obst", "kg", "1.99", 7),
        P("zitronen", "Zitronen", "Obst", "piece", "0.49", 7, "Stück"),
        P("kraeuter-gruene-sosse", "Kräuter für Grüne Soße 250 g", "Kräuter", "piece", "3.49", 7, "Packung",
          "250 g"),
        P("schnittlauch", "Schnittlauch", "Kräuter", "piece", "1.29", 7, "Bund"),
        P("petersilie", "Petersilie glatt", "Kräuter", "piece", "1.29", 7, "Bund"),
    ],
}

fisch = {
    "id": "fischhaus-reuter", "name": "Fischhaus Reuter", "kind": "direct_marketer", "municipality": "schotten",
    "phone": "+49 6044 000107", "min_order": "15.00",
    "closed": [{"from": "2028-01-03", "to": "2028-01-16"}],
    "products": [
        P("forelle-frisch", "Regenbogenforelle frisch, küchenfertig", "Frischfisch", "piece", "6.90", 7, "Stück",
          "350 g", allergens=[F]),
        P("forelle-geraeuchert", "Forelle geräuchert, ganz", "Räucherfisch", "piece", "7.90", 7, "Stück",
          allergens=[F], substitutes=["forellenfilet-geraeuchert"]),
        P("forellenfilet-geraeuchert", "Forellenfilet geräuchert 125 g", "Räucherfisch", "piece", "5.20", 7,
          "Packung", "125 g", allergens=[F]),
        P("saibling-frisch", "Saibling frisch, küchenfertig", "Frischfisch", "piece", "8.50", 7, "Stück",
          allergens=[F]),
        P("saiblingsfilet-geraeuchert", "Saiblingsfilet geräuchert 125 g", "Räucherfisch", "piece", "5.90", 7,
          "Packung", "125 g", allergens=[F]),
        P("forellenkaviar", "Forellenkaviar 50 g", "Feinkost", "piece", "9.90", 7, "Glas", "50 g", allergens=[F]),
        P("forellencreme", "Forellencreme 150 g", "Feinkost", "piece", "4.90", 7, "Becher", "150 g",
          allergens=[F, M]),
        P("karpfen", "Karpfen küchenfertig", "Frischfisch", "kg", "12.90", 7, allergens=[F]),
        P("lachsfilet", "Lachsfilet mit Haut", "Frischfisch", "kg", "32.90", 7, allergens=[F]),
        P("matjesfilet", "Matjesfilet", "Feinkost", "piece", "1.90", 7, "Stück", allergens=[F]),
        P("rollmops", "Rollmops", "Feinkost", "piece", "1.60", 7, "Stück", allergens=[F, S]),
        P("bismarckheringe-glas", "Bismarckheringe im Glas 500 g", "Feinkost", "piece", "5.90", 7, "Glas",
          "500 g", allergens=[F, S]),
        P("heringssalat", "Heringssalat rot 250 g", "Feinkost", "piece", "3.50", 7, "Becher", "250 g",
          allergens=[F, E, S]),
    ],
}

imkerei = {
    "id": "imkerei-diehl", "name": "Imkerei Diehl", "kind": "direct_marketer", "municipality": "herbstein",
    "phone": "+49 6643 000108",
    "closed": [{"from": "2028-03-13", "to": "2028-03-19"}],
    "products": [
        P("bluetenhonig-cremig-500", "Blütenhonig cremig 500 g", "Honig", "piece", "7.50", 7, "Glas", "500 g",
          substitutes=["bluetenhonig-fluessig-500"]),
        P("bluetenhonig-cremig-250", "Blütenhonig cremig 250 g", "Honig", "piece", "4.20", 7, "Glas", "250 g"),
        P("bluetenhonig-fluessig-500", "Blütenhonig flüssig 500 g", "Honig", "piece", "7.50", 7, "Glas", "500 g"),
        P("waldhonig-500", "Waldhonig 500 g", "Honig", "piece", "8.90", 7, "Glas", "500 g"),
        P("rapshonig-500", "Rapshonig cremig 500 g", "Honig", "piece", "6.90", 7, "Glas", "500 g"),
        P("lindenhonig-250", "Lindenblütenhonig 250 g", "Honig", "piece", "4.90", 7, "Glas", "250 g"),
        P("honigsenf", "Honigsenf 200 ml", "Feinkost", "piece", "3.90", 7, "Glas", "200 ml", allergens=[S]),
        P("met", "Met Honigwein 0,75 l", "Honigwein", "piece", "12.90", 19, "Flasche", "0,75 l", min_age=16,
          allergens=[SO]),
        P("honigbonbons", "Honigbonbons 100 g", "Süßwaren", "piece", "2.90", 7, "Tüte", "100 g"),
        P("bienenwachskerze", "Bienenwachskerze, Stumpen", "Kerzen", "piece", "6.50", 19, "Stück"),
        P("propolis-tinktur", "Propolis-Tinktur 20 ml", "Bienenprodukte", "piece", "8.90", 19, "Fläschchen",
          "20 ml"),
    ],
}

blumen = {
    "id": "blumen-lang", "name": "Blumen Lang", "kind": "retailer", "municipality": "lauterbach",
    "phone": "+49 6641 000109", "min_order": "12.00",
    "closed": [{"from": "2028-01-24", "to": "2028-01-29"}],
    "products": [
        P("tulpen-bunt", "Tulpen bunt, Bund 10 Stück", "Schnittblumen", "piece", "6.90", 7, "Bund",
          substitutes=["tulpen-rot"]),
        P("tulpen-rot", "Tulpen rot, Bund 10 Stück", "Schnittblumen", "piece", "6.90", 7, "Bund"),
        P("rose-rot-einzeln", "Rose rot, einzeln", "Schnittblumen", "piece", "2.90", 7, "Stiel"),
        P("osterglocken", "Osterglocken, Bund 10 Stück", "Schnittblumen", "piece", "3.90", 7, "Bund"),
        P("fruehlingsstrauss-klein", "Frühlingsstrauß klein", "Sträuße", "piece", "14.90", 7, "Strauß"),
        P("fruehlingsstrauss-gross", "Frühlingsstrauß groß", "Sträuße", "piece", "24.90", 7, "Strauß",
          substitutes=["fruehlingsstrauss-klein"]),
        P("primel", "Primel im Topf", "Topfpflanzen", "piece", "1.99", 7, "Topf"),
        P("hyazinthe", "Hyazinthe im Topf", "Topfpflanzen", "piece", "2.99", 7, "Topf"),
        P("palmkaetzchen", "Palmkätzchen, Bund", "Zweige", "piece", "4.90", 7, "Bund"),
        P("tischgesteck", "Tischgesteck Frühling", "Gestecke", "piece", "19.90", 7, "Stück"),
        P("grabgesteck", "Grabgesteck", "Gestecke", "piece", "24.90", 7, "Stück"),
        P("blumenerde", "Blumenerde 20 l", "Gartenbedarf", "piece", "5.99", 19, "Sack", "20 l"),
    ],
}

bender = {
    "id": "kutschhof-bender", "name": "Kutschfahrten & Hofcafé Bender", "kind": "service_provider",
    "municipality": "ulrichstein", "phone": "+49 6645 000110",
    "closed": [{"from": "2028-01-03", "to": "2028-02-06"}],
    "products": [
        P("eierlikoer", "Eierlikör hausgemacht 0,5 l", "Spirituosen", "piece", "11.90", 19, "Flasche", "0,5 l",
          min_age=18, allergens=[E, M]),
        P("kaffee-gemahlen-250", "Kaffee gemahlen, Hausröstung 250 g", "Kaffee", "piece", "6.90", 7, "Packung",
          "250 g"),
        P("marmorkuchen", "Marmorkuchen, ganz", "Kuchen", "piece", "12.90", 7, "Stück", allergens=[G, E, M]),
    ],
    "services": [
        {"id": "kutschfahrt-1h", "name": "Kutschfahrt 1 Stunde, bis 6 Personen", "duration_minutes": 60,
         "price": "95.00", "vat": 19},
        {"id": "kutschfahrt-2h", "name": "Kutschfahrt 2 Stunden, bis 6 Personen", "duration_minutes": 120,
         "price": "170.00", "vat": 19},
        {"id": "kaffeetafel-zwei", "name": "Kaffee und Kuchen für zwei im Hofcafé", "duration_minutes": 90,
         "price": "19.80", "vat": 19},
        {"id": "planwagenfahrt", "name": "Planwagenfahrt für Gruppen bis 20 Personen", "duration_minutes": 180,
         "price": "260.00", "vat": 19},
    ],
    "vouchers": {"min": "10.00", "max": "150.00"},
}

catalog = {
    "format": "kiepe-catalog/1",
    "region": region,
    "shops": [baeckerei, metzgerei, hofladen, kaeserei, getraenke, gemuese, fisch, imkerei, blumen, bender],
}

if __name__ == "__main__":
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(dump(catalog, HEADER))
    n = sum(len(s.get("products", [])) for s in catalog["shops"])
    print(f"wrote {os.path.normpath(OUT)}: {len(catalog['shops'])} shops, {n} products")
