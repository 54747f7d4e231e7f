#!/usr/bin/env python3
"""Generate kaiserstuhl_1.yml / kaiserstuhl_2.yml from convs_1.py / convs_2.py and check everything.

Run from anywhere:  python3 gen.py   (writes ../kaiserstuhl_*.yml and prints the check log)
"""
import json, os, re, sys
from datetime import datetime, timedelta, date
from decimal import Decimal
from zoneinfo import ZoneInfo
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import convs_1, convs_2

TZ = ZoneInfo("Europe/Berlin")
CAT = yaml.safe_load(open(os.path.join(OUT, "kaiserstuhl.yml"), encoding="utf-8"))
CATALOG_REF = "../test5_catalogs/kaiserstuhl.yml"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD_DE = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
# Public holidays of Baden-Württemberg 2027 (and early 2028 for safety)
BW_HOLIDAYS = {date(2027, 1, 1), date(2027, 1, 6), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 1),
               date(2027, 5, 6), date(2027, 5, 17), date(2027, 5, 27), date(2027, 10, 3), date(2027, 11, 1),
               date(2027, 12, 25), date(2027, 12, 26), date(2028, 1, 1), date(2028, 1, 6)}
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
# dialect / regional words the residents use; none may appear in the catalog (names, aliases)
DIALECT = ["weckle", "weckli", "brezle", "grumbiere", "herdöpfel", "rüebli", "gälriebe", "zibele", "gugummer",
           "anke", "rahm", "bibbeleskäs", "wienerle", "sunnewirbele", "ackersalat", "rotkraut", "öpfel", "bire",
           "keschte", "neuer süßer", "zwetschgewässerle", "bredle", "kischte", "hunig", "peterli", "fleischkäs ",
           "zwiebelkueche", "flammkueche", "wurscht", "laugestange", "suppefleisch", "velo", "sprudel",
           "kraut", "schinke", "samschdig", "mändig", "zischdig", "dunnschdig", "morn", "iwwermorn", "hit",
           "nommidag", "z'obe", "z obe", "stückli", "salü", "merci"]

errors = []
def err(cid, msg):
    errors.append(f"{cid}: {msg}")

# ---------------------------------------------------------------- catalog checks
shops = {s["id"]: s for s in CAT["shops"]}
stations = {s["id"] for s in CAT["region"]["pickup_stations"]}
munis = {m["id"] for m in CAT["region"]["municipalities"]}
nprod = 0
for s in CAT["shops"]:
    ids = [p["id"] for p in s.get("products", [])]
    nprod += len(ids)
    if len(ids) != len(set(ids)):
        errors.append(f"catalog: duplicate product id in {s['id']}")
    if s["municipality"] not in munis:
        errors.append(f"catalog: shop {s['id']} municipality")
    for p in s.get("products", []):
        if p["unit"] not in ("piece", "kg", "l"):
            errors.append(f"catalog: unit {p['id']}")
        if p["vat"] not in (7, 19):
            errors.append(f"catalog: vat {p['id']}")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                errors.append(f"catalog: allergen {a} in {p['id']}")
        for sub in p.get("substitutes", []):
            if sub not in ids:
                errors.append(f"catalog: substitute {sub} of {p['id']} not in shop")
        if p.get("min_age") not in (None, 16, 18):
            errors.append(f"catalog: min_age {p['id']}")
        Decimal(p["price"]); p.get("deposit") and Decimal(p["deposit"])
        words = " ".join([p["name"]] + p.get("aliases", [])).lower() + " "
        for d in DIALECT:
            if re.search(r"\b" + re.escape(d.strip()) + r"\b", words):
                errors.append(f"catalog: dialect word '{d}' in product {p['id']}")
for st in CAT["region"]["pickup_stations"]:
    if st["municipality"] not in munis:
        errors.append(f"catalog: station {st['id']} municipality")

def closed_on(shop, d):
    for c in shop.get("closed", []):
        if isinstance(c, str):
            if date.fromisoformat(c) == d:
                return True
        elif date.fromisoformat(c["from"]) <= d <= date.fromisoformat(c["to"]):
            return True
    return False

# ---------------------------------------------------------------- slot helpers
def windows(kind):
    return CAT["region"][kind]["windows"]

def cutoff(kind):
    return timedelta(hours=CAT["region"][kind]["cutoff_hours"])

def local(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)

def iso(dt):
    return dt.isoformat()

def bookable_starts(kind, after, days=14):
    d0 = after.date()
    for i in range(days):
        d = d0 + timedelta(days=i)
        if d.weekday() == 6 or d in BW_HOLIDAYS:
            continue
        for w in windows(kind):
            if DAYS[d.weekday()] in w["days"]:
                h, m = map(int, w["start"].split(":"))
                st = datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
                if st - cutoff(kind) >= after:
                    yield st
def earliest(kind, after):
    return min(bookable_starts(kind, after))

# ---------------------------------------------------------------- conversation checks + YAML
def q(s):
    return json.dumps(s, ensure_ascii=False)

VOICE_OK = re.compile(r"^[a-zäöüß ]+$")
log = []
stats = {}

def build(convs, fname):
    out = ["format: kiepe-conversations/1", f"catalog: {CATALOG_REF}",
           "# Kaiserstuhl / Breisgau (BW), test5: written by an independent author, see README_kaiserstuhl.md",
           "conversations:"]
    for c in convs:
        cid = c["id"]
        if not cid.startswith("ksh-"):
            err(cid, "id prefix")
        now = local(c["now"])
        if not (date(2027, 9, 1) <= now.date() <= date(2027, 11, 30)):
            err(cid, "now outside Sep-Nov 2027")
        cust = c["customer"]
        if cust["municipality"] not in munis:
            err(cid, "municipality")
        if c["channel"] not in ("voice", "telegram", "web"):
            err(cid, "channel")
        for t in c["turns"]:
            if c["channel"] == "voice" and not VOICE_OK.match(t):
                err(cid, f"voice turn not plain lower-case words: {t!r}")
        if not 1 <= len(c["turns"]) <= 8:
            err(cid, "turn count")
        # cart
        totals = {}
        seen = set()
        for line in c["cart"]:
            shop_id, pid, qty = line
            shop = shops.get(shop_id)
            if not shop:
                err(cid, f"unknown shop {shop_id}"); continue
            if not isinstance(qty, str):
                err(cid, f"quantity not a string {qty!r}")
            if pid == "voucher":
                v = shop.get("vouchers")
                if not v or not (Decimal(v["min"]) <= Decimal(qty) <= Decimal(v["max"])):
                    err(cid, f"voucher {qty} not sold/out of range at {shop_id}")
                continue
            prod = {p["id"]: p for p in shop.get("products", [])}.get(pid)
            if not prod:
                err(cid, f"unknown product {shop_id}/{pid}"); continue
            if (shop_id, pid) in seen:
                err(cid, f"duplicate line {pid}")
            seen.add((shop_id, pid))
            d = Decimal(qty)
            if d <= 0:
                err(cid, f"non-positive quantity {pid}")
            if prod["unit"] == "piece" and d != d.to_integral_value():
                err(cid, f"piece product {pid} with fractional quantity {qty}")
            totals[shop_id] = totals.get(shop_id, Decimal(0)) + d * Decimal(prod["price"])
        # slot
        slot_yaml = None
        if "slot" in c:
            kind, when = c["slot"][0], c["slot"][1]
            st = local(when)
            ok = True
            wl = [w for w in windows(kind) if DAYS[st.weekday()] in w["days"] and w["start"] == st.strftime("%H:%M")]
            if not wl: err(cid, "slot is not a window of the template"); ok = False
            if st.date() in BW_HOLIDAYS: err(cid, "slot on a BW holiday"); ok = False
            if st.weekday() == 6: err(cid, "slot on Sunday"); ok = False
            if st - cutoff(kind) < now: err(cid, "slot past cutoff"); ok = False
            for sid, tot in totals.items():
                if closed_on(shops[sid], st.date()): err(cid, f"shop {sid} closed on slot day"); ok = False
                mo = shops[sid].get("min_order")
                if mo and tot < Decimal(mo): err(cid, f"shop {sid} below min_order ({tot} < {mo})"); ok = False
            if kind == "delivery":
                if "street" not in cust and "address-in-turn" not in c["tags"]:
                    err(cid, "delivery without street and without address in turn")
            else:
                if c["slot"][2] not in stations: err(cid, "unknown station")
            if "address-in-turn" in c["tags"] and "street" in cust:
                err(cid, "address-in-turn but customer has street")
            e = earliest(kind, now)
            if c.get("earliest") and e != st:
                err(cid, f"earliest-window mismatch: earliest is {e}")
            slot_yaml = {"kind": kind, "start": iso(st)}
            if kind == "pickup":
                slot_yaml["station"] = c["slot"][2]
            log.append(f"{cid}: now {WD_DE[now.weekday()]} {now:%Y-%m-%d %H:%M%z} -> {kind} "
                       f"{WD_DE[st.weekday()]} {st:%Y-%m-%d %H:%M%z}" + (f"+{c['slot'][2]}" if kind == "pickup" else "")
                       + f" ({'ok' if ok else 'FAIL'}; earliest possible {WD_DE[e.weekday()]} {e:%d.%m. %H:%M})")
            stats.setdefault(fname, {}).setdefault(kind, 0)
            stats[fname][kind] += 1
        stats.setdefault(fname, {}).setdefault(c["channel"], 0)
        stats[fname][c["channel"]] += 1
        # emit
        out.append(f"  - id: {cid}")
        out.append(f"    channel: {c['channel']}")
        out.append(f"    now: {q(iso(now))}")
        cparts = [f"name: {q(cust['name'])}", f"phone: {q(cust['phone'])}", f"municipality: {cust['municipality']}"]
        if "street" in cust:
            cparts.append(f"street: {q(cust['street'])}")
        out.append("    customer: {" + ", ".join(cparts) + "}")
        out.append("    tags: [" + ", ".join(c["tags"]) + "]")
        out.append("    turns:")
        for t in c["turns"]:
            out.append(f"      - say: {q(t)}")
        out.append("    expect:")
        out.append("      cart:")
        for shop_id, pid, qty in c["cart"]:
            if pid == "voucher":
                out.append(f"        - {{shop: {shop_id}, voucher: {q(qty)}}}")
            else:
                out.append(f"        - {{shop: {shop_id}, product: {pid}, quantity: {q(qty)}}}")
        if slot_yaml:
            parts = [f"kind: {slot_yaml['kind']}", f"start: {q(slot_yaml['start'])}"]
            if "station" in slot_yaml:
                parts.append(f"station: {slot_yaml['station']}")
            out.append("      slot: {" + ", ".join(parts) + "}")
    path = os.path.join(OUT, fname)
    open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
    return path

all_convs = convs_1.CONVS + convs_2.CONVS
ids = [c["id"] for c in all_convs]
if len(ids) != len(set(ids)):
    errors.append("duplicate conversation ids")
p1 = build(convs_1.CONVS, "kaiserstuhl_1.yml")
p2 = build(convs_2.CONVS, "kaiserstuhl_2.yml")

# re-read the written files and compare with the data
for p, convs in ((p1, convs_1.CONVS), (p2, convs_2.CONVS)):
    lines = open(p, encoding="utf-8").read().splitlines()
    assert lines[0] == "format: kiepe-conversations/1" and lines[1] == f"catalog: {CATALOG_REF}", p
    y = yaml.safe_load("\n".join(lines))
    assert len(y["conversations"]) == len(convs) == 30, p
    for yc, c in zip(y["conversations"], convs):
        assert yc["id"] == c["id"]
        assert all(list(t) == ["say"] for t in yc["turns"])
        assert [t["say"] for t in yc["turns"]] == c["turns"]
        assert all(isinstance(l.get("quantity", l.get("voucher")), str) for l in yc["expect"]["cart"])
        now = datetime.fromisoformat(yc["now"])
        assert now.utcoffset() == local(c["now"]).utcoffset()
        assert now.utcoffset() == timedelta(hours=2 if now.date() < date(2027, 10, 31) else 1), c["id"]
        if "slot" in yc["expect"]:
            st = datetime.fromisoformat(yc["expect"]["slot"]["start"])
            assert st.utcoffset() == timedelta(hours=2 if st.date() < date(2027, 10, 31) else 1), c["id"]

# dialect words actually used in turns
used = {}
for c in all_convs:
    text = " ".join(c["turns"]).lower()
    for d in DIALECT:
        if re.search(r"\b" + re.escape(d.strip()) + r"\w*", text):
            used.setdefault(d.strip(), []).append(c["id"])

print(f"catalog: {len(shops)} shops, {nprod} products, {len(stations)} stations, {len(munis)} municipalities")
for f, s in stats.items():
    print(f"{f}: voice {s.get('voice',0)} / telegram {s.get('telegram',0)} / web {s.get('web',0)}; "
          f"delivery {s.get('delivery',0)} / pickup {s.get('pickup',0)}")
print(f"dialect/regional words (from the check list) used in turns: {len(used)}")
for d, cs in sorted(used.items()):
    print(f"  {d}: {len(cs)}")
print("slots:")
for l in log:
    print("  " + l)
if errors:
    print("ERRORS:")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("ALL CHECKS PASSED")
