#!/usr/bin/env python3
"""Checks ../rottal.yml and ../rottal_1.yml: YAML parses, ids exist, quantities fit units,
slots are real bookable windows, formatting rules, dialect words absent from the catalog."""
import os, re, sys, yaml
from datetime import datetime, timedelta, date
from decimal import Decimal
from zoneinfo import ZoneInfo
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CAT = yaml.safe_load(open(os.path.join(HERE, "..", "rottal.yml"), encoding="utf-8"))
RAW = open(os.path.join(HERE, "..", "rottal_1.yml"), encoding="utf-8").read()
CONV = yaml.safe_load(RAW)
TZ = ZoneInfo("Europe/Berlin")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
errors = []
def err(m): errors.append(m)

# --- catalog sanity
reg = CAT["region"]
assert CAT["format"] == "kiepe-catalog/1"
munis = {m["id"] for m in reg["municipalities"]}
stations = {s["id"]: s for s in reg["pickup_stations"]}
for s in stations.values():
    if s["municipality"] not in munis: err(f"station {s['id']} municipality")
shops = {s["id"]: s for s in CAT["shops"]}
prods = {}
nprod = 0
for s in CAT["shops"]:
    if s["municipality"] not in munis: err(f"shop {s['id']} municipality")
    ids = set()
    for p in s.get("products", []):
        nprod += 1
        if p["id"] in ids: err(f"dup product {s['id']}/{p['id']}")
        ids.add(p["id"])
        if p["unit"] not in ("piece", "kg", "l"): err(f"unit {p['id']}")
        if p["vat"] not in (7, 19): err(f"vat {p['id']}")
        Decimal(p["price"])
        if "deposit" in p: Decimal(p["deposit"])
        if p.get("min_age") not in (None, 16, 18): err(f"min_age {p['id']}")
        for sub in p.get("substitutes", []):
            if sub not in [q["id"] for q in s["products"]]: err(f"substitute {sub}")
        prods[(s["id"], p["id"])] = p
    assert s["kind"] in ("retailer", "direct_marketer", "service_provider")
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {nprod} products")

# --- holidays BY 2027 (Sep-Dec relevant + whole year for completeness)
HOL = {date(2027,1,1), date(2027,1,6), date(2027,3,26), date(2027,3,29), date(2027,5,1), date(2027,5,6),
       date(2027,5,17), date(2027,5,27), date(2027,8,15), date(2027,10,3), date(2027,11,1),
       date(2027,12,25), date(2027,12,26)}

def closed_days(shop):
    out = set()
    for cd in shop.get("closed", []):
        if isinstance(cd, str):
            out.add(date.fromisoformat(cd))
        else:
            d = date.fromisoformat(cd["from"]); e = date.fromisoformat(cd["to"])
            while d <= e: out.add(d); d += timedelta(days=1)
    return out

def windows(kind, day):
    cfg = reg[kind]
    res = []
    if day in HOL or day.weekday() == 6 and not any("sun" in w["days"] for w in cfg["windows"]):
        return res
    for w in cfg["windows"]:
        if DAYS[day.weekday()] in w["days"]:
            h, m = map(int, w["start"].split(":"))
            res.append(datetime(day.year, day.month, day.day, h, m, tzinfo=TZ))
    return res

def earliest(kind, now):
    d = now.date()
    for i in range(14):
        for st in sorted(windows(kind, d + timedelta(days=i))):
            if st - timedelta(hours=reg[kind]["cutoff_hours"]) >= now:
                return st
    return None

# --- conversations
assert RAW.splitlines()[0] == "format: kiepe-conversations/1", "line 1"
assert RAW.splitlines()[1] == "catalog: ../devG_catalogs/rottal.yml", "line 2"
convs = CONV["conversations"]
ids = [c["id"] for c in convs]
if len(set(ids)) != len(ids): err("duplicate ids")
chan = Counter(c["channel"] for c in convs)
slots = Counter()
log = []
lo = datetime(2027, 9, 1, tzinfo=TZ); hi = datetime(2027, 12, 1, tzinfo=TZ)
for c in convs:
    cid = c["id"]
    if not cid.startswith("rot-"): err(f"{cid}: prefix")
    if set(c) != {"id", "channel", "now", "customer", "tags", "turns", "expect"}: err(f"{cid}: keys {set(c)}")
    now = datetime.fromisoformat(c["now"])
    if now.utcoffset() != now.astimezone(TZ).utcoffset(): err(f"{cid}: now offset wrong")
    if not (lo <= now < hi): err(f"{cid}: now out of period")
    cu = c["customer"]
    if cu["municipality"] not in munis: err(f"{cid}: municipality")
    for t in c["turns"]:
        if list(t) != ["say"]: err(f"{cid}: non-say turn")
        if c["channel"] == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[0-9.,!?;:()€%'\"]", s): err(f"{cid}: voice turn format: {s}")
    if not (2 <= len(c["turns"]) <= 8): err(f"{cid}: {len(c['turns'])} turns")
    exp = c["expect"]
    cart = exp["cart"]
    totals = Counter()
    seen = set()
    for line in cart:
        sh = line["shop"]
        if sh not in shops: err(f"{cid}: shop {sh}"); continue
        if "voucher" in line:
            vo = shops[sh].get("vouchers")
            if not vo: err(f"{cid}: {sh} sells no vouchers"); continue
            a = Decimal(line["voucher"])
            if not (Decimal(vo["min"]) <= a <= Decimal(vo["max"])) or not isinstance(line["voucher"], str): err(f"{cid}: voucher amount")
            continue
        key = (sh, line["product"])
        if key in seen: err(f"{cid}: duplicate line {key}")
        seen.add(key)
        p = prods.get(key)
        if not p: err(f"{cid}: product {key} missing"); continue
        q = line["quantity"]
        if not isinstance(q, str): err(f"{cid}: quantity not string")
        qd = Decimal(q)
        if qd <= 0: err(f"{cid}: quantity <= 0")
        if p["unit"] == "piece" and qd != qd.to_integral_value(): err(f"{cid}: piece quantity {q}")
        if p["unit"] == "piece" and "." in q: err(f"{cid}: piece quantity written with dot {q}")
        totals[sh] += qd * Decimal(p["price"])
    delivery_booked = False
    if "slot" in exp:
        sl = exp["slot"]
        kind = sl["kind"]
        st = datetime.fromisoformat(sl["start"])
        if st.utcoffset() != st.astimezone(TZ).utcoffset(): err(f"{cid}: slot offset wrong")
        local = st.astimezone(TZ)
        if local not in windows(kind, local.date()): err(f"{cid}: slot {sl['start']} is not a window")
        if local.date() in HOL: err(f"{cid}: holiday")
        if st - timedelta(hours=reg[kind]["cutoff_hours"]) < now: err(f"{cid}: past cutoff")
        if kind == "pickup":
            if sl.get("station") not in stations: err(f"{cid}: station")
        else:
            delivery_booked = True
            if "station" in sl: err(f"{cid}: station on delivery")
        for sh in {l["shop"] for l in cart}:
            if local.date() in closed_days(shops[sh]): err(f"{cid}: {sh} closed on {local.date()}")
            mo = shops[sh].get("min_order")
            if mo and totals[sh] < Decimal(mo): err(f"{cid}: {sh} under min_order {totals[sh]}")
        ea = earliest(kind, now)
        if "earliest-window" in c["tags"] and ea != local: err(f"{cid}: not earliest")
        slots[kind] += 1
        log.append(f"{cid}: now {now:%a %Y-%m-%d %H:%M%z} -> {kind} {local:%a %Y-%m-%d %H:%M%z}"
                   + (f"+{sl['station']}" if kind == "pickup" else "")
                   + f" (cutoff ok, earliest possible {ea:%a %d.%m. %H:%M})")
    else:
        for sh in {l["shop"] for l in cart}:
            mo = shops[sh].get("min_order")
            if mo and totals[sh] < Decimal(mo): err(f"{cid}: {sh} under min_order {totals[sh]} (no slot)")
            if now.date() in closed_days(shops[sh]): err(f"{cid}: ordered from {sh} on a closed day")
    if delivery_booked and "address-in-turn" not in c["tags"] and "street" not in cu: err(f"{cid}: delivery without street")
    if "address-in-turn" in c["tags"] and "street" in cu: err(f"{cid}: address-in-turn but street")

# --- dialect words: must not occur in the catalog (whole-word, case-insensitive)
DIALECT = ["Semmel", "Semmeln", "Brezn", "Datschi", "Zwetschgendatschi", "Leberkas", "Weißwürscht", "Blunzn", "Erdäpfel",
           "Oar", "Pfinsta", "Tragl", "Reherl", "Blaukraut", "Kren", "Wammerl", "Schweinsbratn", "Kirta", "Kirtanudeln",
           "Bergkas", "Topfen", "Rahm", "Haxn", "Schweinshaxn", "Kracherl", "Erika", "Hendl", "Kipferl", "Butterkipferl",
           "Fleischpflanzerl", "Gelbe Rüben", "Viertl", "Paradeiser", "Karfiol", "Wurzelwerk", "Vogerlsalat",
           "Muich", "Geselchts", "Zwiebe", "Forelln", "Radl", "Sprudel", "Gmischts", "Kürbiskernsemmeln", "Knödl"]
cat_text = open(os.path.join(HERE, "..", "rottal.yml"), encoding="utf-8").read().split("format: kiepe-catalog/1", 1)[1]
for w in DIALECT:
    if re.search(r"(?<![\wäöüß])" + re.escape(w) + r"(?![\wäöüß])", cat_text, re.I):
        err(f"dialect word in catalog: {w}")
conv_text = RAW.lower()
used = [w for w in DIALECT if w.lower() in conv_text]
print(f"dialect/regional words used in the conversations: {len(used)} of {len(DIALECT)} listed")
unused = [w for w in DIALECT if w.lower() not in conv_text]
if unused: print("  not used:", unused)

print(f"conversations: {len(convs)}; channels {dict(chan)}; slots {dict(slots)} ({sum(slots.values())} booked)")
print(f"cart lines: {sum(len(c['expect']['cart']) for c in convs)}; turns: {sum(len(c['turns']) for c in convs)}")
print("slots:")
for l in log: print("  " + l)
if errors:
    print("ERRORS:"); [print("  " + e) for e in errors]; sys.exit(1)
print("ALL CHECKS PASSED")
