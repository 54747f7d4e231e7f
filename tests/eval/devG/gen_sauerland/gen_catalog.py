#!/usr/bin/env python3
"""Generates ../sauerland.yml (kiepe-catalog/1) for the Hochsauerland region."""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "sauerland.yml")

HEADER = """\
# Hochsauerland / Sauerland (Nordrhein-Westfalen): Winterberg, Schmallenberg, Brilon, Medebach, Olsberg.
# Window template (region local time, Europe/Berlin):
#   delivery, cutoff 16 h, fee 4.20 per order (free from 65.00 goods):
#     Mon-Fri 17:00-20:00 (evening round, capacity 12)
#     Tue + Fri 09:00-12:00 (morning round, capacity 8)
#     Sat 09:30-12:30 (capacity 14)
#   pick-up at each of the 4 stations, cutoff 3 h:
#     Mon-Fri 15:00-18:30 (capacity 25), Sat 09:00-12:00 (capacity 30)
#   no windows on Sundays and on NW public holidays (3 Oct, 1 Nov in this autumn).
# Closed: Blumenhaus Rameil 6-11 Sep 2027, Forellen & Wild Gierse 27 Sep-2 Oct 2027,
#   Imkerei Vollmer 11-17 Oct 2027 (Betriebsurlaub), Landmetzgerei Hesse 24 Dec 2027.
"""

def q(s):
    return json.dumps(s, ensure_ascii=False)

def P(id, name, unit, price, vat=7, **kw):
    d = {"id": id, "name": name}
    if "aliases" in kw: d["aliases"] = kw.pop("aliases")
    d["category"] = kw.pop("category", None)
    d["unit"] = unit
    for k in ("label", "size"):
        if k in kw: d[k] = kw.pop(k)
    d["price"] = price
    d["vat"] = vat
    d.update(kw)
    if d["category"] is None: del d["category"]
    return d

B = dict(category="Brot", allergens=["gluten"])
bakery = [
    P("bauernbrot-750", "Sauerländer Bauernbrot 750 g", "piece", "3.60", label="Laib", size="750 g", **B),
    P("bauernbrot-1500", "Sauerländer Bauernbrot 1,5 kg", "piece", "6.40", label="Laib", size="1,5 kg", **B),
    P("roggenmischbrot-500", "Roggenmischbrot 500 g", "piece", "2.60", aliases=["Mischbrot klein"], label="Laib", size="500 g", **B),
    P("roggenmischbrot-1000", "Roggenmischbrot 1 kg", "piece", "4.20", aliases=["Mischbrot groß"], label="Laib", size="1 kg", **B),
    P("vollkornbrot-500", "Vollkornbrot 500 g", "piece", "3.10", label="Laib", size="500 g", **B),
    P("vollkornbrot-1000", "Vollkornbrot 1 kg", "piece", "5.20", label="Laib", size="1 kg", **B),
    P("dinkelbrot", "Dinkelbrot 750 g", "piece", "4.60", label="Laib", size="750 g", **B),
    P("pumpernickel", "Pumpernickel 500 g", "piece", "2.90", label="Packung", size="500 g", **B),
    P("weizenbroetchen", "Weizenbrötchen", "piece", "0.45", aliases=["Brötchen"], category="Brötchen", label="Stück", allergens=["gluten"]),
    P("vollkornbroetchen", "Vollkornbrötchen", "piece", "0.70", category="Brötchen", label="Stück", allergens=["gluten"]),
    P("roggenbroetchen", "Roggenbrötchen", "piece", "0.60", category="Brötchen", label="Stück", allergens=["gluten"]),
    P("mehrkornbroetchen", "Mehrkornbrötchen", "piece", "0.70", category="Brötchen", label="Stück", allergens=["gluten", "sesam"]),
    P("rosinenbroetchen", "Rosinenbrötchen", "piece", "0.80", category="Brötchen", label="Stück", allergens=["gluten", "milch"]),
    P("laugenbrezel", "Laugenbrezel", "piece", "0.95", aliases=["Brezel"], category="Brötchen", label="Stück", allergens=["gluten"]),
    P("buttercroissant", "Buttercroissant", "piece", "1.10", aliases=["Croissant"], category="Brötchen", label="Stück", allergens=["gluten", "milch", "eier"]),
    P("rosinenstuten", "Rosinenstuten 500 g", "piece", "3.40", category="Stuten", label="Stück", size="500 g", allergens=["gluten", "milch"]),
    P("butterstuten", "Butterstuten 500 g", "piece", "3.10", category="Stuten", label="Stück", size="500 g", allergens=["gluten", "milch"]),
    P("stutenkerl", "Stutenkerl", "piece", "1.90", category="Stuten", label="Stück", allergens=["gluten", "milch", "eier"]),
    P("apfelkuchen-stueck", "Apfelkuchen, Stück", "piece", "2.20", category="Kuchen", label="Stück", allergens=["gluten", "eier", "milch"]),
    P("streuselkuchen-stueck", "Streuselkuchen, Stück", "piece", "1.90", category="Kuchen", label="Stück", allergens=["gluten", "milch"]),
    P("pflaumenkuchen-stueck", "Pflaumenkuchen, Stück", "piece", "2.30", aliases=["Zwetschenkuchen"], category="Kuchen", label="Stück", allergens=["gluten", "milch"]),
    P("zwiebelkuchen-stueck", "Zwiebelkuchen, Stück", "piece", "2.80", category="Kuchen", label="Stück", allergens=["gluten", "eier", "milch"]),
    P("bienenstich-stueck", "Bienenstich, Stück", "piece", "2.40", category="Kuchen", label="Stück", allergens=["gluten", "eier", "milch", "schalenfruechte"]),
]

M = dict(category="Fleisch")
W = dict(category="Wurst")
butcher = [
    P("hackfleisch-gemischt", "Hackfleisch gemischt (Schwein/Rind)", "kg", "9.90", **M),
    P("rinderhack", "Rinderhackfleisch", "kg", "13.90", **M),
    P("schweinemett", "Schweinemett, gewürzt", "kg", "10.90", aliases=["Mett"], **M),
    P("schweineschnitzel", "Schweineschnitzel", "kg", "12.90", aliases=["Schnitzel"], **M),
    P("schweinenacken", "Schweinenacken ohne Knochen", "kg", "10.50", **M),
    P("schweinekotelett", "Schweinekotelett", "kg", "9.80", aliases=["Kotelett"], **M),
    P("kasseler", "Kasseler Nacken", "kg", "12.50", aliases=["Kassler"], **M),
    P("rinderrouladen", "Rinderrouladen", "kg", "21.90", **M),
    P("rindergulasch", "Rindergulasch", "kg", "17.90", **M),
    P("sauerbraten", "Sauerbraten, eingelegt", "kg", "18.90", **M, allergens=["senf", "sellerie"]),
    P("suppenfleisch", "Suppenfleisch vom Rind", "kg", "12.90", **M),
    P("schinken-roh", "Sauerländer Knochenschinken, roh, geschnitten", "kg", "29.90", aliases=["roher Schinken"], **W),
    P("schinken-gekocht", "Kochschinken, geschnitten", "kg", "19.90", aliases=["gekochter Schinken"], **W),
    P("bratwurst-grob", "Bratwurst grob", "piece", "1.60", label="Stück", size="130 g", **W),
    P("bratwurst-fein", "Bratwurst fein", "piece", "1.50", label="Stück", size="120 g", **W),
    P("mettenden", "Mettenden, geräuchert", "piece", "1.40", label="Stück", size="100 g", **W),
    P("frikadelle", "Frikadelle", "piece", "1.80", label="Stück", **W, allergens=["gluten", "eier", "senf"]),
    P("fleischwurst", "Fleischwurst", "kg", "11.90", **W),
    P("leberwurst-grob", "Leberwurst grob", "kg", "13.90", **W),
    P("blutwurst", "Blutwurst", "kg", "10.90", **W),
    P("wurstebrot", "Sauerländer Wurstebrot", "kg", "9.90", **W, allergens=["gluten"]),
    P("panhas", "Panhas", "kg", "8.90", **W, allergens=["gluten"]),
    P("speck-durchwachsen", "Speck durchwachsen, geräuchert", "kg", "14.90", **W),
    P("salami", "Salami", "kg", "24.90", **W),
    P("schinkenmettwurst", "Schinkenmettwurst", "kg", "18.90", **W),
]

K = dict(category="Kartoffeln")
farm = [
    P("kartoffeln-festkochend-2-5", "Kartoffeln festkochend 2,5 kg", "piece", "3.50", label="Sack", size="2,5 kg", **K),
    P("kartoffeln-festkochend-5", "Kartoffeln festkochend 5 kg", "piece", "6.20", label="Sack", size="5 kg", **K),
    P("kartoffeln-festkochend-12-5", "Kartoffeln festkochend 12,5 kg", "piece", "12.90", label="Sack", size="12,5 kg", **K),
    P("kartoffeln-mehlig-2-5", "Kartoffeln mehligkochend 2,5 kg", "piece", "3.50", label="Sack", size="2,5 kg", **K),
    P("kartoffeln-mehlig-5", "Kartoffeln mehligkochend 5 kg", "piece", "6.20", label="Sack", size="5 kg", **K),
    P("kartoffeln-mehlig-12-5", "Kartoffeln mehligkochend 12,5 kg", "piece", "12.90", label="Sack", size="12,5 kg", **K),
    P("eier-6", "Freilandeier, 6 Stück", "piece", "2.40", category="Eier", label="Packung", size="6 Stück", allergens=["eier"]),
    P("eier-10", "Freilandeier, 10 Stück", "piece", "3.90", category="Eier", label="Packung", size="10 Stück", allergens=["eier"]),
    P("apfelsaft-naturtrueb-hof", "Apfelsaft naturtrüb vom Hof 1 l", "piece", "2.60", category="Saft", label="Flasche", size="1 l", deposit="0.15"),
    P("aepfel-boskoop", "Äpfel Boskoop", "kg", "2.80", category="Obst"),
    P("aepfel-elstar", "Äpfel Elstar", "kg", "2.90", category="Obst"),
    P("kuerbis-hokkaido", "Hokkaido-Kürbis", "piece", "2.50", category="Gemüse", label="Stück"),
    P("suppenhuhn", "Suppenhuhn", "kg", "6.90", category="Geflügel"),
    P("pflaumenmus", "Pflaumenmus 450 g", "piece", "4.20", category="Aufstrich", label="Glas", size="450 g"),
    P("bluetenhonig-hof", "Blütenhonig aus Medebach 500 g", "piece", "7.20", category="Honig", label="Glas", size="500 g"),
]

D = dict(category="Molkerei")
dairy = [
    P("vollmilch", "Frische Vollmilch 1 l", "piece", "1.49", aliases=["Milch"], label="Flasche", size="1 l", deposit="0.15", **D, allergens=["milch"]),
    P("buttermilch", "Buttermilch 0,5 l", "piece", "0.99", label="Flasche", size="0,5 l", **D, allergens=["milch"]),
    P("schlagsahne", "Schlagsahne 200 g", "piece", "1.29", aliases=["Sahne"], label="Becher", size="200 g", **D, allergens=["milch"]),
    P("schmand", "Schmand 200 g", "piece", "1.09", label="Becher", size="200 g", **D, allergens=["milch"]),
    P("speisequark", "Speisequark 500 g", "piece", "2.10", aliases=["Quark"], label="Becher", size="500 g", **D, allergens=["milch"]),
    P("joghurt-natur", "Joghurt natur 500 g", "piece", "1.79", label="Becher", size="500 g", **D, allergens=["milch"]),
    P("butter", "Süßrahmbutter 250 g", "piece", "2.89", aliases=["Butter"], label="Stück", size="250 g", **D, allergens=["milch"]),
    P("hofkaese-mild", "Sauerländer Hofkäse mild", "kg", "19.90", category="Käse", allergens=["milch"]),
    P("hofkaese-wuerzig", "Sauerländer Hofkäse würzig, 6 Monate", "kg", "23.90", category="Käse", allergens=["milch"]),
    P("heukaese", "Heumilchkäse", "kg", "25.90", category="Käse", allergens=["milch"]),
    P("frischkaese-kraeuter", "Frischkäse Kräuter 150 g", "piece", "2.49", category="Käse", label="Becher", size="150 g", allergens=["milch"]),
    P("hof-camembert", "Hof-Camembert 200 g", "piece", "3.90", category="Käse", label="Stück", size="200 g", allergens=["milch"]),
    P("eier-10-kaeserei", "Eier aus Freilandhaltung, 10 Stück", "piece", "4.10", category="Eier", label="Packung", size="10 Stück", allergens=["eier"]),
]

F = dict(category="Fisch")
G = dict(category="Wild")
fish = [
    P("forelle-frisch", "Forelle frisch, küchenfertig", "piece", "5.90", label="Stück", size="350 g", **F, allergens=["fisch"]),
    P("forelle-geraeuchert", "Räucherforelle", "piece", "6.90", aliases=["Forelle geräuchert"], label="Stück", size="300 g", **F, allergens=["fisch"]),
    P("forellenfilet-geraeuchert", "Forellenfilet geräuchert 125 g", "piece", "4.50", label="Packung", size="125 g", **F, allergens=["fisch"]),
    P("saibling-frisch", "Saibling frisch, küchenfertig", "piece", "7.50", label="Stück", size="400 g", **F, allergens=["fisch"]),
    P("forellenkaviar", "Forellenkaviar 50 g", "piece", "8.90", label="Glas", size="50 g", **F, allergens=["fisch"]),
    P("rehruecken", "Rehrücken, ausgelöst", "kg", "59.00", **G),
    P("rehgulasch", "Rehgulasch", "kg", "29.90", **G),
    P("hirschgulasch", "Hirschgulasch", "kg", "27.90", **G),
    P("wildschweingulasch", "Wildschweingulasch", "kg", "21.90", **G),
    P("wildschweinkeule", "Wildschweinkeule ohne Knochen", "kg", "22.90", **G),
    P("wildbratwurst", "Wildbratwurst", "piece", "2.20", label="Stück", size="120 g", **G),
    P("hirschsalami", "Hirschsalami", "kg", "34.90", **G),
]

BI = dict(category="Bier")
WA = dict(category="Wasser")
SA = dict(category="Saft")
drinks = [
    P("veltins-kasten-20", "Veltins Pilsener, Kasten 20 × 0,5 l", "piece", "16.99", 19, label="Kasten", deposit="3.10", min_age=16, substitutes=["warsteiner-kasten-20"], **BI),
    P("veltins-kasten-24", "Veltins Pilsener, Kasten 24 × 0,33 l", "piece", "17.49", 19, label="Kasten", deposit="3.42", min_age=16, **BI),
    P("veltins-flasche", "Veltins Pilsener 0,5 l", "piece", "1.09", 19, label="Flasche", size="0,5 l", deposit="0.08", min_age=16, **BI),
    P("warsteiner-kasten-20", "Warsteiner Premium Pilsener, Kasten 20 × 0,5 l", "piece", "16.49", 19, label="Kasten", deposit="3.10", min_age=16, substitutes=["veltins-kasten-20"], **BI),
    P("veltins-alkoholfrei-kasten", "Veltins Alkoholfrei, Kasten 20 × 0,5 l", "piece", "15.99", 19, label="Kasten", deposit="3.10", **BI),
    P("wasser-still-kasten", "Mineralwasser still, Kasten 12 × 0,7 l", "piece", "6.49", 19, label="Kasten", deposit="3.30", substitutes=["wasser-medium-kasten"], **WA),
    P("wasser-medium-kasten", "Mineralwasser medium, Kasten 12 × 0,7 l", "piece", "6.49", 19, label="Kasten", deposit="3.30", substitutes=["wasser-classic-kasten"], **WA),
    P("wasser-classic-kasten", "Mineralwasser classic, Kasten 12 × 0,7 l", "piece", "6.49", 19, label="Kasten", deposit="3.30", substitutes=["wasser-medium-kasten"], **WA),
    P("wasser-medium-pet", "Mineralwasser medium, 6 × 1,5 l PET", "piece", "3.49", 19, label="Sixpack", deposit="1.50", **WA),
    P("apfelsaft-naturtrueb-kasten", "Apfelsaft naturtrüb, Kasten 6 × 1 l", "piece", "10.49", 19, label="Kasten", deposit="2.40", **SA),
    P("apfelsaft-klar-kasten", "Apfelsaft klar, Kasten 6 × 1 l", "piece", "9.49", 19, label="Kasten", deposit="2.40", **SA),
    P("apfelsaft-naturtrueb-flasche", "Apfelsaft naturtrüb 1 l", "piece", "1.89", 19, label="Flasche", size="1 l", deposit="0.15", **SA),
    P("apfelsaft-klar-flasche", "Apfelsaft klar 1 l", "piece", "1.69", 19, label="Flasche", size="1 l", deposit="0.15", **SA),
    P("orangensaft-flasche", "Orangensaft 1 l", "piece", "1.99", 19, label="Flasche", size="1 l", deposit="0.15", **SA),
    P("apfelschorle-kasten", "Apfelschorle, Kasten 12 × 0,7 l", "piece", "8.99", 19, label="Kasten", deposit="3.30", category="Erfrischungsgetränke"),
    P("cola-kasten", "Cola, Kasten 12 × 1 l", "piece", "12.99", 19, label="Kasten", deposit="3.30", category="Erfrischungsgetränke"),
    P("zitronenlimo-kasten", "Zitronenlimonade, Kasten 12 × 0,7 l", "piece", "8.49", 19, label="Kasten", deposit="3.30", category="Erfrischungsgetränke"),
    P("korn", "Sauerländer Korn 32 %, 0,7 l", "piece", "9.99", 19, label="Flasche", size="0,7 l", min_age=18, category="Spirituosen"),
    P("federweisser", "Federweißer 1 l", "piece", "3.49", 19, label="Flasche", size="1 l", min_age=16, category="Wein"),
    P("gluehwein", "Winzerglühwein rot 1 l", "piece", "3.99", 19, label="Flasche", size="1 l", min_age=16, category="Wein"),
]

O = dict(category="Obst")
V = dict(category="Gemüse")
green = [
    P("kartoffeln-festkochend-2-5-rickert", "Kartoffeln festkochend 2,5 kg", "piece", "3.90", label="Netz", size="2,5 kg", category="Kartoffeln"),
    P("moehren", "Möhren", "kg", "1.49", **V),
    P("zwiebeln-netz", "Speisezwiebeln 1 kg", "piece", "1.29", label="Netz", size="1 kg", **V),
    P("rote-zwiebeln", "Rote Zwiebeln", "kg", "2.49", **V),
    P("weisskohl", "Weißkohl", "piece", "1.79", label="Kopf", **V),
    P("rotkohl", "Rotkohl", "piece", "1.99", label="Kopf", **V),
    P("wirsing", "Wirsing", "piece", "1.99", label="Kopf", **V),
    P("gruenkohl", "Grünkohl, frisch geschnitten 500 g", "piece", "2.49", label="Beutel", size="500 g", **V),
    P("porree", "Porree", "piece", "0.99", aliases=["Lauch"], label="Stange", **V),
    P("knollensellerie", "Knollensellerie", "piece", "1.49", aliases=["Sellerie"], label="Knolle", **V, allergens=["sellerie"]),
    P("suppengruen", "Suppengrün", "piece", "1.99", label="Bund", **V, allergens=["sellerie"]),
    P("petersilie", "Petersilie glatt", "piece", "0.99", label="Bund", **V),
    P("gruene-bohnen", "Grüne Bohnen", "kg", "4.90", aliases=["Brechbohnen"], **V),
    P("rispentomaten", "Rispentomaten", "kg", "3.49", aliases=["Tomaten"], **V),
    P("salatgurke", "Salatgurke", "piece", "0.89", label="Stück", **V),
    P("feldsalat", "Feldsalat 150 g", "piece", "1.99", label="Schale", size="150 g", **V),
    P("champignons", "Champignons braun 250 g", "piece", "1.79", label="Schale", size="250 g", **V),
    P("pfifferlinge", "Pfifferlinge", "kg", "24.90", **V),
    P("kuerbis-butternut", "Butternut-Kürbis", "piece", "2.99", label="Stück", **V),
    P("aepfel-elstar-rickert", "Äpfel Elstar", "kg", "2.99", **O),
    P("birnen", "Birnen Conference", "kg", "2.99", **O),
    P("bananen", "Bananen", "kg", "1.99", **O),
    P("zitronen", "Zitronen", "piece", "0.49", label="Stück", **O),
    P("zwetschen", "Zwetschen", "kg", "2.99", aliases=["Pflaumen"], **O),
    P("weintrauben-hell", "Weintrauben hell, kernlos", "kg", "3.99", **O),
]

H = dict(category="Honig")
bees = [
    P("bluetenhonig-250", "Sauerländer Blütenhonig 250 g", "piece", "4.20", label="Glas", size="250 g", **H),
    P("bluetenhonig-500", "Sauerländer Blütenhonig 500 g", "piece", "7.50", label="Glas", size="500 g", **H),
    P("waldhonig-250", "Waldhonig 250 g", "piece", "4.80", label="Glas", size="250 g", **H),
    P("waldhonig-500", "Waldhonig 500 g", "piece", "8.50", label="Glas", size="500 g", **H),
    P("rapshonig-cremig", "Rapshonig cremig 500 g", "piece", "6.90", label="Glas", size="500 g", **H),
    P("honigbonbons", "Honigbonbons 100 g", "piece", "2.50", label="Tüte", size="100 g", category="Süßes"),
    P("bienenwachskerze", "Bienenwachskerze", "piece", "5.90", 19, label="Stück", category="Kerzen"),
    P("met", "Met (Honigwein) 0,75 l", "piece", "11.90", 19, label="Flasche", size="0,75 l", min_age=16, category="Wein"),
]

FL = dict(category="Blumen")
flowers = [
    P("strauss-klein", "Blumenstrauß der Saison, klein", "piece", "14.90", label="Strauß", **FL),
    P("strauss-gross", "Blumenstrauß der Saison, groß", "piece", "24.90", label="Strauß", **FL),
    P("rose-rot", "Rose rot", "piece", "2.50", label="Stiel", **FL),
    P("sonnenblumen-bund", "Sonnenblumen, Bund mit 5 Stielen", "piece", "6.90", label="Bund", size="5 Stück", **FL),
    P("chrysantheme-topf", "Chrysantheme im Topf", "piece", "4.90", label="Topf", category="Topfpflanzen"),
    P("besenheide-topf", "Besenheide (Calluna) im Topf", "piece", "2.99", aliases=["Calluna"], label="Topf", category="Topfpflanzen"),
    P("alpenveilchen-topf", "Alpenveilchen im Topf", "piece", "5.90", label="Topf", category="Topfpflanzen"),
    P("orchidee", "Orchidee (Phalaenopsis)", "piece", "16.90", label="Topf", category="Topfpflanzen"),
    P("grabgesteck", "Grabgesteck Allerheiligen", "piece", "29.90", label="Stück", category="Grabschmuck"),
    P("grabschale", "Grabschale, bepflanzt", "piece", "19.90", label="Schale", category="Grabschmuck"),
    P("tuerkranz-herbst", "Türkranz Herbst", "piece", "24.90", label="Stück", category="Kränze"),
    P("adventskranz", "Adventskranz, geschmückt", "piece", "34.90", label="Stück", category="Kränze"),
]

shops = [
    dict(id="baeckerei-kemmerling", name="Bäckerei Kemmerling", kind="retailer", municipality="brilon", phone="+49 2961 500110", products=bakery),
    dict(id="landmetzgerei-hesse", name="Landmetzgerei Hesse", kind="retailer", municipality="schmallenberg", phone="+49 2972 500220", closed=["2027-12-24"], products=butcher),
    dict(id="hof-schulte", name="Hofladen Schulte", kind="direct_marketer", municipality="medebach", phone="+49 2982 500330", products=farm),
    dict(id="hofkaeserei-wiegelmann", name="Hofkäserei Wiegelmann", kind="direct_marketer", municipality="olsberg", phone="+49 2962 500440", min_order="8.00", products=dairy),
    dict(id="forellenhof-gierse", name="Forellen & Wild Gierse", kind="direct_marketer", municipality="schmallenberg", phone="+49 2972 500550", min_order="15.00", closed=[{"from": "2027-09-27", "to": "2027-10-02"}], products=fish),
    dict(id="getraenke-kotthoff", name="Getränkemarkt Kotthoff", kind="retailer", municipality="winterberg", phone="+49 2981 500660", min_order="10.00", products=drinks),
    dict(id="obst-gemuese-rickert", name="Obst & Gemüse Rickert", kind="retailer", municipality="winterberg", phone="+49 2981 500770", products=green),
    dict(id="imkerei-vollmer", name="Imkerei Vollmer", kind="direct_marketer", municipality="medebach", phone="+49 2982 500880", closed=[{"from": "2027-10-11", "to": "2027-10-17"}], products=bees),
    dict(id="blumenhaus-rameil", name="Blumenhaus Rameil", kind="retailer", municipality="olsberg", phone="+49 2962 500990", closed=[{"from": "2027-09-06", "to": "2027-09-11"}], products=flowers),
    dict(id="rad-ski-braun", name="Ski- und Radservice Braun", kind="service_provider", municipality="winterberg", phone="+49 2981 501000",
         services=[
             {"id": "ski-service", "name": "Ski-Service (Kanten schleifen, Belag wachsen)", "duration_minutes": 45, "price": "39.00", "vat": 19},
             {"id": "fahrrad-inspektion", "name": "Fahrrad-Inspektion", "duration_minutes": 60, "price": "59.00", "vat": 19},
         ],
         vouchers={"min": "10.00", "max": "300.00"}),
]

def flow(d):
    parts = []
    for k, v in d.items():
        if isinstance(v, list):
            if v and isinstance(v[0], dict):
                raise ValueError
            vv = "[" + ", ".join(q(x) if isinstance(x, str) else str(x) for x in v) + "]"
        elif isinstance(v, str):
            vv = q(v)
        else:
            vv = str(v)
        parts.append(f"{k}: {vv}")
    return "{" + ", ".join(parts) + "}"

L = [HEADER.rstrip("\n"), "format: kiepe-catalog/1", "region:",
     "  id: hochsauerland", "  name: Hochsauerland", "  timezone: Europe/Berlin", "  currency: EUR", "  holidays: NW",
     "  municipalities:",
     '    - {id: winterberg, name: Winterberg, postcodes: ["59955"]}',
     '    - {id: schmallenberg, name: Schmallenberg, postcodes: ["57392"]}',
     '    - {id: brilon, name: Brilon, postcodes: ["59929"]}',
     '    - {id: medebach, name: Medebach, postcodes: ["59964"]}',
     '    - {id: olsberg, name: Olsberg, postcodes: ["59939"]}',
     "  pickup_stations:",
     '    - {id: winterberg-bahnhof, name: Abholstation Bahnhof Winterberg, municipality: winterberg, address: "Am Bahnhof 1, 59955 Winterberg"}',
     '    - {id: brilon-markt, name: Abholstation am Markt Brilon, municipality: brilon, address: "Am Markt 1, 59929 Brilon"}',
     '    - {id: schmallenberg-weststrasse, name: Abholstation Weststraße Schmallenberg, municipality: schmallenberg, address: "Weststraße 12, 57392 Schmallenberg"}',
     '    - {id: olsberg-bahnhof, name: Abholstation Bahnhof Olsberg, municipality: olsberg, address: "Bahnhofstraße 20, 59939 Olsberg"}',
     "  delivery:",
     '    fee: "4.20"',
     '    free_from: "65.00"',
     "    cutoff_hours: 16",
     "    windows:",
     '      - {days: [mon, tue, wed, thu, fri], start: "17:00", end: "20:00", capacity: 12}',
     '      - {days: [tue, fri], start: "09:00", end: "12:00", capacity: 8}',
     '      - {days: [sat], start: "09:30", end: "12:30", capacity: 14}',
     "  pickup:",
     "    cutoff_hours: 3",
     "    windows:",
     '      - {days: [mon, tue, wed, thu, fri], start: "15:00", end: "18:30", capacity: 25}',
     '      - {days: [sat], start: "09:00", end: "12:00", capacity: 30}',
     "  weighed_goods:",
     "    tolerance_percent: 10",
     "shops:"]
for s in shops:
    L.append(f"  - id: {s['id']}")
    L.append(f"    name: {q(s['name'])}")
    L.append(f"    kind: {s['kind']}")
    L.append(f"    municipality: {s['municipality']}")
    L.append(f"    phone: {q(s['phone'])}")
    if "min_order" in s:
        L.append(f"    min_order: {q(s['min_order'])}")
    if "closed" in s:
        L.append("    closed:")
        for c in s["closed"]:
            L.append("      - " + (q(c) if isinstance(c, str) else flow(c)))
    if "products" in s:
        L.append("    products:")
        for p in s["products"]:
            L.append("      - " + flow(p))
    if "services" in s:
        L.append("    services:")
        for p in s["services"]:
            L.append("      - " + flow(p))
    if "vouchers" in s:
        L.append("    vouchers: " + flow(s["vouchers"]))
with open(OUT, "w") as f:
    f.write("\n".join(L) + "\n")
print("wrote", OUT, sum(len(s.get("products", [])) for s in shops), "products,", len(shops), "shops")
