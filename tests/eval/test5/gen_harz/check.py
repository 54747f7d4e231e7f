"""Checks the Harz catalog and both conversation files. Prints a log; exits 1 on any error."""
import os, re, sys, yaml
from datetime import datetime, timedelta, date
from decimal import Decimal
from zoneinfo import ZoneInfo
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..")
TZ = ZoneInfo("Europe/Berlin")
errors = []
def err(msg): errors.append(msg); print("ERROR:", msg)

# ---------- catalog ----------
cat_text = open(os.path.join(OUT, "harz.yml"), encoding="utf-8").read()
cat = yaml.safe_load(cat_text)
assert cat["format"] == "kiepe-catalog/1"
reg = cat["region"]
muns = {m["id"] for m in reg["municipalities"]}
stations = {s["id"]: s for s in reg["pickup_stations"]}
shops = {s["id"]: s for s in cat["shops"]}
products = {sid: {p["id"]: p for p in s.get("products", [])} for sid, s in shops.items()}
nprod = sum(len(v) for v in products.values())
allpids = [p for v in products.values() for p in v]
if len(allpids) != len(set(allpids)): err("product ids not unique across the catalog")
for s in cat["shops"]:
    if s["municipality"] not in muns: err(f"shop {s['id']} municipality")
    for p in s.get("products", []):
        for sub in p.get("substitutes", []):
            if sub not in products[s["id"]]: err(f"substitute {sub} of {p['id']} not in shop")
        Decimal(p["price"])
        if p["unit"] not in ("piece", "kg", "l"): err(f"unit of {p['id']}")
        if p.get("min_age") not in (None, 16, 18): err(f"min_age of {p['id']}")
for st in stations.values():
    if st["municipality"] not in muns: err(f"station {st['id']} municipality")
kinds = Counter(s["kind"] for s in cat["shops"])
optional = {"holidays": "holidays" in reg, "free_from": "free_from" in reg["delivery"],
            "weighed_goods": "weighed_goods" in reg,
            "min_order": any("min_order" in s for s in cat["shops"]),
            "closed": any("closed" in s for s in cat["shops"]),
            "deposit": any("deposit" in p for v in products.values() for p in v.values()),
            "min_age": any("min_age" in p for v in products.values() for p in v.values()),
            "substitutes": any("substitutes" in p for v in products.values() for p in v.values()),
            "allergens": any("allergens" in p for v in products.values() for p in v.values()),
            "services": any("services" in s for s in cat["shops"]),
            "vouchers": any("vouchers" in s for s in cat["shops"])}
print(f"catalog: {len(muns)} municipalities, {len(stations)} stations, {len(shops)} shops {dict(kinds)}, {nprod} products")
print("optional fields used:", ", ".join(k for k, v in optional.items() if v))
for k, v in optional.items():
    if not v: err(f"optional field {k} unused")

# holidays of Sachsen-Anhalt 2027 (Easter 2027: 28 March)
easter = date(2027, 3, 28)
HOL = {date(2027, 1, 1), date(2027, 1, 6), easter - timedelta(days=2), easter + timedelta(days=1), date(2027, 5, 1),
       easter + timedelta(days=39), easter + timedelta(days=50), date(2027, 10, 3), date(2027, 10, 31),
       date(2027, 12, 25), date(2027, 12, 26)}

def closed_days(shop):
    out = set()
    for c in shops[shop].get("closed", []):
        if isinstance(c, str): out.add(date.fromisoformat(c))
        else:
            d = date.fromisoformat(c["from"])
            while d <= date.fromisoformat(c["to"]):
                out.add(d); d += timedelta(days=1)
    return out

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
def windows_on(kind, d):
    res = []
    for w in reg[kind]["windows"]:
        if DAYS[d.weekday()] in w["days"] and d not in HOL:
            h, m = map(int, w["start"].split(":"))
            res.append(datetime(d.year, d.month, d.day, h, m, tzinfo=TZ))
    return res

def earliest(kind, now):
    d = now.date()
    cut = timedelta(hours=reg[kind]["cutoff_hours"])
    for i in range(30):
        for s in sorted(windows_on(kind, d + timedelta(days=i))):
            if s - cut >= now: return s
    return None

# ---------- dialect words: must not be in the catalog ----------
DIALECT = {  # word: regex in the turns (lower case)
    "Hackepeter": r"hacke ?peter", "Knacker": r"knacker", "Gehacktes": r"gehacktes", "Buletten": r"bulette",
    "Broiler": r"broiler", "Mostrich": r"mostrich", "Selter(s)": r"\bselters?\b", "Brause": r"brause",
    "Kiste (= Kasten)": r"\bkisten?\b", "Pulle": r"pulle", "Klarer": r"pulle klaren", "Apfelsinen": r"apfelsine",
    "Porree": r"porree", "Wurzeln": r"wurzeln", "Tüften": r"tüften", "Äppel": r"äppel",
    "Quarkkuchen": r"quarkkuchen", "Pfannkuchen": r"pfannkuchen", "Stiege": r"stiege", "Mandel (= 15)": r"mandel",
    "Achtel": r"achtel", "Viertel (= 250 g)": r"\bn viertel (jagd|mett|geko)", "Sonnabend": r"sonnabend",
    "viertel/dreiviertel + Stunde": r"(drei)?viertel (fünf|zehn)", "Vesper": r"vesper",
    "heute in acht Tagen": r"heute in acht tagen", "Stullen": r"stulle", "Plaste": r"plaste",
    "Erika (= Besenheide)": r"\berika\b", "Harzer Roller": r"harzer roller",
}
CATALOG_BAN = ["hackepeter", "knacker", "gehackt", "bulette", "broiler", "mostrich", "selter", "brause", "kiste",
               "pulle", "klare", "apfelsine", "porree", "wurzel", "tüfte", "äppel", "quarkkuchen", "pfannkuchen",
               "stiege", "mandel", "achtel", "sonnabend", "vesper", "stulle", "plaste", "erika", "roller"]
low = cat_text.lower()
for w in CATALOG_BAN:
    if w in low: err(f"dialect word '{w}' appears in the catalog")

# ---------- conversations ----------
convs = []
for fn in ("harz_1.yml", "harz_2.yml"):
    text = open(os.path.join(OUT, fn), encoding="utf-8").read()
    lines = text.splitlines()
    if lines[0] != "format: kiepe-conversations/1": err(f"{fn} line 1")
    if lines[1] != "catalog: ../test5_catalogs/harz.yml": err(f"{fn} line 2")
    data = yaml.safe_load(text)
    if len(data["conversations"]) != 30: err(f"{fn} has {len(data['conversations'])} conversations")
    for c in data["conversations"]:
        c["_file"] = fn
        convs.append(c)

ids = [c["id"] for c in convs]
if len(ids) != len(set(ids)): err("duplicate ids")
stats = Counter(); slotlog = []; dialect_use = defaultdict(list)
DEC = re.compile(r"^\d+(\.\d+)?$")
for c in convs:
    cid = c["id"]
    if not cid.startswith("hrz-"): err(f"{cid} prefix")
    for k in ("id", "channel", "now", "customer", "tags", "turns", "expect"):
        if k not in c: err(f"{cid} lacks {k}")
    if c["channel"] not in ("voice", "telegram", "web"): err(f"{cid} channel")
    stats[c["channel"]] += 1
    now = datetime.fromisoformat(c["now"])
    if now.utcoffset() != now.astimezone(TZ).utcoffset(): err(f"{cid} now has the wrong offset")
    if not (datetime(2027, 9, 1, tzinfo=TZ) <= now < datetime(2027, 12, 1, tzinfo=TZ)): err(f"{cid} now out of period")
    cu = c["customer"]
    if cu["municipality"] not in muns: err(f"{cid} municipality")
    for t in c["turns"]:
        if list(t) != ["say"]: err(f"{cid} non-say turn {t}")
        s = t["say"]
        if c["channel"] == "voice":
            if s != s.lower() or re.search(r"[0-9.,!?;:()€%+/\n]", s): err(f"{cid} voice turn not ASR-like: {s}")
        for w, rx in DIALECT.items():
            if re.search(rx, s.lower()) and cid not in dialect_use[w]: dialect_use[w].append(cid)
    # cart
    shop_total = defaultdict(Decimal)
    for line in c["expect"]["cart"]:
        sid = line["shop"]
        if sid not in shops: err(f"{cid} unknown shop {sid}"); continue
        if "voucher" in line:
            v = shops[sid].get("vouchers")
            if not v: err(f"{cid} shop {sid} sells no vouchers"); continue
            a = Decimal(line["voucher"])
            if not (Decimal(v["min"]) <= a <= Decimal(v["max"])): err(f"{cid} voucher out of range")
            if not DEC.match(line["voucher"]): err(f"{cid} voucher format")
            shop_total[sid] += a
            continue
        p = products[sid].get(line["product"])
        if not p: err(f"{cid} unknown product {sid}/{line['product']}"); continue
        q = line["quantity"]
        if not isinstance(q, str) or not DEC.match(q): err(f"{cid} quantity {q!r} not a decimal string"); continue
        if Decimal(q) <= 0: err(f"{cid} quantity <= 0")
        if p["unit"] == "piece" and Decimal(q) != Decimal(q).to_integral_value(): err(f"{cid} {p['id']} piece quantity {q}")
        if p["unit"] == "piece" and "." in q: err(f"{cid} {p['id']} piece quantity written with a dot: {q}")
        shop_total[sid] += Decimal(q) * Decimal(p["price"])
    pairs = [(l["shop"], l.get("product"), l.get("voucher")) for l in c["expect"]["cart"]]
    if len(pairs) != len(set(pairs)): err(f"{cid} duplicate cart line")
    # slot
    sl = c["expect"].get("slot")
    booked = bool(sl)
    if "no-slot" in c["tags"] and booked: err(f"{cid} tagged no-slot but has a slot")
    if not booked and "no-slot" not in c["tags"]: err(f"{cid} has no slot but lacks the tag no-slot")
    if booked:
        kind = sl["kind"]; stats[kind] += 1
        start = datetime.fromisoformat(sl["start"])
        if start.utcoffset() != start.astimezone(TZ).utcoffset(): err(f"{cid} slot offset wrong")
        if start not in windows_on(kind, start.date()): err(f"{cid} slot {sl['start']} is not a window of the template")
        if start.date() in HOL: err(f"{cid} slot on a holiday")
        if start - timedelta(hours=reg[kind]["cutoff_hours"]) < now: err(f"{cid} slot past the cutoff")
        if kind == "pickup":
            if sl.get("station") not in stations: err(f"{cid} station")
        else:
            if "station" in sl: err(f"{cid} delivery with station")
            if "address-in-turn" in c["tags"]:
                if "street" in cu: err(f"{cid} address said in a turn but customer has street")
            elif "street" not in cu: err(f"{cid} delivery without street")
        for sid, tot in shop_total.items():
            if start.date() in closed_days(sid): err(f"{cid} shop {sid} closed on slot day")
            mo = shops[sid].get("min_order")
            if mo and tot < Decimal(mo): err(f"{cid} {sid} total {tot} below min_order {mo}")
        e = earliest(kind, now)
        if "earliest-window" in c["tags"] and e != start: err(f"{cid} is not the earliest window ({e})")
        slotlog.append(f"{cid}: now {now:%a %Y-%m-%d %H:%M%z} -> {kind} {start:%a %Y-%m-%d %H:%M%z}"
                       + (f"+{sl['station']}" if kind == 'pickup' else "")
                       + f" (cutoff ok, earliest possible {e:%a %d.%m. %H:%M})")
    else:
        for sid, tot in shop_total.items():
            mo = shops[sid].get("min_order")
            if mo and tot < Decimal(mo): print(f"note: {cid} {sid} total {tot} below min_order {mo} (no slot booked)")

print(f"conversations: {len(convs)} ({Counter(c['_file'] for c in convs)})")
print("channels: voice %d / telegram %d / web %d" % (stats["voice"], stats["telegram"], stats["web"]))
print(f"slots: {stats['delivery']} delivery + {stats['pickup']} pickup = {stats['delivery'] + stats['pickup']} of {len(convs)}")
print(f"cart lines: {sum(len(c['expect']['cart']) for c in convs)}; products used: "
      f"{len({(l['shop'], l.get('product')) for c in convs for l in c['expect']['cart'] if 'product' in l})}")
print(f"customers with street: {sum('street' in c['customer'] for c in convs)}")
print("\nslot log:")
for l in slotlog: print("  " + l)
print(f"\ndialect / regional words used: {len([w for w in DIALECT if dialect_use[w]])} of {len(DIALECT)}")
for w in DIALECT:
    print(f"  {w}: {len(dialect_use[w])}  {', '.join(dialect_use[w])}")
    if not dialect_use[w]: err(f"dialect word {w} unused")
tags = Counter(t for c in convs for t in c["tags"])
print("\ntags:", ", ".join(f"{t} {n}" for t, n in sorted(tags.items())))
print(f"\n{len(errors)} errors")
sys.exit(1 if errors else 0)
