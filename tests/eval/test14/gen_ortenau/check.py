#!/usr/bin/env python3
"""Check the Ortenau / Kinzigtal evaluation set (kiepe-catalog/1 + kiepe-conversations/1).

Usage: python3 gen_ortenau/check.py [CATALOG.yml CONVERSATIONS.yml]
(default: ortenau.yml and ortenau_1.yml next to this folder). Needs Python 3, PyYAML, zoneinfo.
Prints a log and, as its last line, "N errors"; exit status 0 only with 0 errors.
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(HERE)
CAT_PATH = sys.argv[1] if len(sys.argv) > 2 else os.path.join(BASE, "ortenau.yml")
CONV_PATH = sys.argv[2] if len(sys.argv) > 2 else os.path.join(BASE, "ortenau_1.yml")

TZ = ZoneInfo("Europe/Berlin")
SEASON_FROM = dt.date(2032, 1, 10)
SEASON_TO = dt.date(2032, 4, 18)
DST_START = dt.datetime(2032, 3, 28, 2, 0, tzinfo=TZ)  # local 02:00 -> 03:00

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^\d+(\.\d+)?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
VOICE_OK = re.compile(r"^[a-zäöüßé ]+$")  # é only as in "café"
ALCOHOL_CATEGORIES = {"Bier", "Wein", "Sekt", "Brände", "Most", "Met"}

# Everyday and regional words the residents use for goods. None may appear in a product name
# (case-insensitive substring test). Words marked True are used in the conversations.
RESIDENT_WORDS = {
    "weckle": True, "brezle": False, "fasnetsküchle": True, "berliner": True, "schenkele": True,
    "gugelhopf": False, "grumbiere": True, "grumbeere": False, "sunnewirbele": True,
    "schälele": True, "gelbe rüebe": False, "ziebele": False, "rotkraut": True, "blaukraut": False,
    "brennessle": True, "büschele": True, "säckle": True, "päckle": True, "fläschle": True,
    "schachtle": True, "graicherte": True, "forelleufstrich": True,
    "oschter": True, "lämmle": True, "häsle": True, "schoklad": True, "osterglocke": True,
    "märzebecher": False, "pensee": True, "blumeerd": True, "kaschte": True, "sprudel": True,
    "moscht": True, "öpfel": True, "obschtler": False, "klingelberger": True, "tannehonig": True,
    "wienerle": True, "lyoner": False, "leberkäs": False, "siedfleisch": False, "schinke ": True,
    "bibbeleskäs": True, "luggeleskäs": False, "rahm": False, "brägele": True,
}

# First wishes that the residents themselves move away from (the expected slot is the one named last).
# (conversation, kind, start or date, station, expected reason)
FIRST_ASKED = [
    ("ort-v-schnee-sprudel", "delivery", "2032-01-19T08:30:00+01:00", None, "past cutoff"),
    ("ort-t-karfreitag-fisch", "delivery", "2032-03-26T08:30:00+01:00", None, "holiday"),
    ("ort-t-osterbrunch", "delivery", "2032-03-28", None, "sunday"),
    ("ort-t-fasnet-zu", "delivery", "2032-02-09T08:30:00+01:00", None, "closed"),
    ("ort-w-forelle-nach-ostern", "delivery", "2032-03-29T08:30:00+02:00", None, "holiday"),
    ("ort-w-forelle-nach-ostern", "delivery", "2032-03-30T17:00:00+02:00", None, "closed"),
    ("ort-w-sonntagskaffee", "delivery", "2032-04-18", None, "sunday"),
]

# BW public holidays in the season, hard-coded and compared with the computed list.
BW_IN_SEASON = {dt.date(2032, 3, 26): "Karfreitag", dt.date(2032, 3, 29): "Ostermontag"}

errors = []


def err(msg):
    errors.append(msg)
    print("ERROR: " + msg)


def easter(year):
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def bw_holidays(year):
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        dt.date(year, 1, 6): "Heilige Drei Könige",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        e + dt.timedelta(days=60): "Fronleichnam",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 11, 1): "Allerheiligen",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


HOLIDAYS = bw_holidays(2032)


def money(v, where):
    if not isinstance(v, str) or not MONEY.match(v):
        err(f"{where}: money value {v!r} is not a decimal string like \"3.90\"")
        return None
    return Decimal(v)


def parse_date(v, where):
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        err(f"{where}: bad date {v!r}")
        return None


def parse_dt(v, where):
    try:
        t = dt.datetime.fromisoformat(v)
    except (TypeError, ValueError):
        err(f"{where}: bad timestamp {v!r}")
        return None
    if t.tzinfo is None:
        err(f"{where}: timestamp {v!r} without UTC offset")
        return None
    local = t.replace(tzinfo=None).replace(tzinfo=TZ)
    if local.utcoffset() != t.utcoffset():
        err(f"{where}: {v} has offset {t.utcoffset()}, Europe/Berlin has {local.utcoffset()} then")
    return t


def fmt(t):
    return f"{WD[t.weekday()]} {t.strftime('%Y-%m-%d %H:%M%z')}"


# ------------------------------------------------------------------------------------------ catalog
with open(CAT_PATH, encoding="utf-8") as fh:
    cat_text = fh.read()
cat = yaml.safe_load(cat_text)
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format is not kiepe-catalog/1")
if "aliases" in cat_text:
    err("catalog: the word 'aliases' occurs in the catalog")
reg = cat.get("region") or {}
for key in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if key not in reg:
        err(f"region: missing {key}")
if not SLUG.match(str(reg.get("id", ""))):
    err("region.id is not a slug")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("region: timezone/currency")
if reg.get("holidays") != "BW":
    err("region.holidays is not BW")

munis = {}
for m in reg.get("municipalities", []):
    if not SLUG.match(str(m.get("id", ""))):
        err(f"municipality id {m.get('id')!r}")
    pcs = m.get("postcodes") or []
    if not pcs or not all(isinstance(p, str) and re.match(r"^\d{5}$", p) for p in pcs):
        err(f"municipality {m.get('id')}: postcodes must be quoted 5-digit strings")
    munis[m["id"]] = m
stations = {}
for s in reg.get("pickup_stations", []):
    if not SLUG.match(str(s.get("id", ""))):
        err(f"station id {s.get('id')!r}")
    mu = munis.get(s.get("municipality"))
    if not mu:
        err(f"station {s.get('id')}: unknown municipality")
    elif not any(p in str(s.get("address", "")) for p in mu["postcodes"]):
        err(f"station {s.get('id')}: address without the municipality's postcode")
    stations[s["id"]] = s


def check_windows(block, name):
    ws = block.get("windows") or []
    if not ws:
        err(f"{name}: no windows")
    for w in ws:
        if not w.get("days") or any(d not in DAYS for d in w["days"]):
            err(f"{name}: bad days {w.get('days')}")
        if not (HHMM.match(str(w.get("start", ""))) and HHMM.match(str(w.get("end", "")))):
            err(f"{name}: bad times {w}")
        elif w["start"] >= w["end"]:
            err(f"{name}: start not before end {w}")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{name}: bad capacity {w}")
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(f"{name}: cutoff_hours")
    return ws


DELIV = reg.get("delivery", {})
PICK = reg.get("pickup", {})
check_windows(DELIV, "delivery")
check_windows(PICK, "pickup")
money(DELIV.get("fee"), "delivery.fee")
if "free_from" in DELIV:
    money(DELIV.get("free_from"), "delivery.free_from")
tol = (reg.get("weighed_goods") or {}).get("tolerance_percent")
if not isinstance(tol, int) or not 0 < tol <= 50:
    err("weighed_goods.tolerance_percent")

shops = {}
products = {}
n_products = n_services = 0
voucher_shops = []
closures = {}
optional_used = set()
for sh in cat.get("shops", []):
    sid = sh.get("id")
    where = f"shop {sid}"
    if not SLUG.match(str(sid)):
        err(f"{where}: id not a slug")
    for key in ("name", "kind", "municipality", "phone", "products"):
        if key not in sh:
            err(f"{where}: missing {key}")
    if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"{where}: kind")
    if sh.get("municipality") not in munis:
        err(f"{where}: unknown municipality")
    if not re.match(r"^\+49 \d{3,5} \d{3,8}$", str(sh.get("phone", ""))):
        err(f"{where}: phone {sh.get('phone')!r}")
    if "min_order" in sh:
        money(sh["min_order"], f"{where}.min_order")
        optional_used.add("min_order")
    if "vouchers" in sh:
        lo = money(sh["vouchers"].get("min"), f"{where}.vouchers.min")
        hi = money(sh["vouchers"].get("max"), f"{where}.vouchers.max")
        if lo is not None and hi is not None and lo > hi:
            err(f"{where}: voucher min > max")
        voucher_shops.append(sid)
    cl = []
    for c in sh.get("closed", []) or []:
        optional_used.add("closed")
        if isinstance(c, dict):
            a = parse_date(c.get("from"), f"{where}.closed.from")
            b = parse_date(c.get("to"), f"{where}.closed.to")
            if a and b:
                if a > b:
                    err(f"{where}: closed range from > to")
                cl.append((a, b))
        else:
            a = parse_date(c, f"{where}.closed")
            if a:
                cl.append((a, a))
    closures[sid] = cl
    pids = {p.get("id") for p in sh.get("products", [])}
    shops[sid] = sh
    for p in sh.get("products", []):
        n_products += 1
        pid = p.get("id")
        pw = f"{where} product {pid}"
        if not SLUG.match(str(pid)):
            err(f"{pw}: id not a slug")
        if (sid, pid) in products:
            err(f"{pw}: duplicate id")
        for key in ("name", "unit", "price", "vat"):
            if key not in p:
                err(f"{pw}: missing {key}")
        if "aliases" in p:
            err(f"{pw}: aliases used")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{pw}: unit {p.get('unit')!r}")
        if p.get("unit") in ("kg", "l") and ("size" in p or "label" in p):
            err(f"{pw}: weighed goods with size/label")
        money(p.get("price"), f"{pw}.price")
        if p.get("vat") not in (7, 19):
            err(f"{pw}: vat {p.get('vat')!r}")
        if "deposit" in p:
            money(p["deposit"], f"{pw}.deposit")
            optional_used.add("deposit")
        if "min_age" in p:
            optional_used.add("min_age")
            if p["min_age"] not in (16, 18):
                err(f"{pw}: min_age {p['min_age']!r}")
        alcoholic = p.get("category") in ALCOHOL_CATEGORIES and "alkoholfrei" not in p.get("name", "")
        if alcoholic and "min_age" not in p:
            err(f"{pw}: alcoholic product without min_age")
        if "% vol" in p.get("name", "") and p.get("min_age") != 18 and p.get("category") == "Brände":
            err(f"{pw}: spirits need min_age 18")
        for a in p.get("allergens", []) or []:
            optional_used.add("allergens")
            if a not in ALLERGENS:
                err(f"{pw}: unknown allergen {a!r}")
        for s in p.get("substitutes", []) or []:
            optional_used.add("substitutes")
            if s not in pids or s == pid:
                err(f"{pw}: substitute {s!r} not another product of the shop")
        name_l = p.get("name", "").lower()
        for w in RESIDENT_WORDS:
            if w.lower() in name_l:
                err(f"{pw}: resident word {w!r} in product name {p.get('name')!r}")
        products[(sid, pid)] = p
    for s in sh.get("services", []) or []:
        n_services += 1
        for key in ("id", "name", "duration_minutes", "price", "vat"):
            if key not in s:
                err(f"{where} service {s.get('id')}: missing {key}")
        money(s.get("price"), f"{where} service {s.get('id')}.price")
        if s.get("vat") not in (7, 19):
            err(f"{where} service {s.get('id')}: vat")
        if not isinstance(s.get("duration_minutes"), int) or s["duration_minutes"] < 0:
            err(f"{where} service {s.get('id')}: duration_minutes")

if len(munis) != 5:
    err(f"{len(munis)} municipalities, want 5")
if len(stations) != 3:
    err(f"{len(stations)} stations, want 3")
if len(shops) != 10:
    err(f"{len(shops)} shops, want 10")
if not 160 <= n_products <= 170:
    err(f"{n_products} products, want 160-170")
if not 4 <= n_services <= 5:
    err(f"{n_services} services, want 4-5")
if len(voucher_shops) != 3:
    err(f"vouchers at {len(voucher_shops)} shops, want 3")
for opt in ("min_order", "closed", "deposit", "min_age", "allergens", "substitutes"):
    if opt not in optional_used:
        err(f"optional field {opt} never used")
with_allergens = sum(1 for p in products.values() if p.get("allergens"))

in_season_closures = {sid: [(a, b) for a, b in cl if a <= SEASON_TO and b >= SEASON_FROM]
                      for sid, cl in closures.items()}
n_closed_shops = sum(1 for v in in_season_closures.values() if v)
if not 1 <= n_closed_shops <= 2:
    err(f"{n_closed_shops} shops with closures in the season, want 1-2")

print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
      f"{n_products} products ({with_allergens} with allergens), {n_services} services, "
      f"vouchers at {len(voucher_shops)} shops ({', '.join(voucher_shops)}); aliases used 0")
print(f"resident words checked against every product name: {len(RESIDENT_WORDS)} "
      f"({sum(RESIDENT_WORDS.values())} used in the conversations)")

# holidays
computed = {d: n for d, n in HOLIDAYS.items() if SEASON_FROM <= d <= SEASON_TO}
if computed != BW_IN_SEASON:
    err(f"hard-coded BW holidays {BW_IN_SEASON} differ from computed {computed}")
print("BW holidays in season (hard-coded, equal to computed): "
      + ", ".join(f"{WD[d.weekday()]} {d} {n}" for d, n in sorted(BW_IN_SEASON.items())))
e = easter(2032)
print(f"Easter 2032 (computed): {e}; Gründonnerstag {e - dt.timedelta(days=3)} and Karsamstag "
      f"{e - dt.timedelta(days=1)} are no holidays in BW; Aschermittwoch {e - dt.timedelta(days=46)}; "
      f"summer time from {DST_START.isoformat()}")
if e != dt.date(2032, 3, 28):
    err("Easter 2032 is not 28 March")
print("closures in season: " + "; ".join(
    f"{sid} " + ", ".join(f"{a}..{b}" if a != b else f"{a}" for a, b in v)
    for sid, v in in_season_closures.items() if v))
print("closures outside the season: " + "; ".join(
    f"{sid} " + ", ".join(f"{a}..{b}" for a, b in cl if not (a <= SEASON_TO and b >= SEASON_FROM))
    for sid, cl in closures.items() if any(not (a <= SEASON_TO and b >= SEASON_FROM) for a, b in cl)))


def shop_closed(sid, day):
    return any(a <= day <= b for a, b in closures.get(sid, []))


def windows_on(kind, day):
    block = DELIV if kind == "delivery" else PICK
    out = []
    for w in block["windows"]:
        if DAYS[day.weekday()] in w["days"]:
            h, m = map(int, w["start"].split(":"))
            out.append(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ))
    return out


def cutoff(kind):
    return dt.timedelta(hours=(DELIV if kind == "delivery" else PICK)["cutoff_hours"])


def earliest(kind, now):
    day = now.date()
    for _ in range(30):
        if day not in HOLIDAYS:
            for s in sorted(windows_on(kind, day)):
                if s - cutoff(kind) >= now:
                    return s
        day += dt.timedelta(days=1)
    return None


def slot_problems(kind, start, station, conv, shops_in_cart, now):
    """Everything that makes the window impossible (empty list: bookable)."""
    probs = []
    local = start.astimezone(TZ)
    if not any(s == local for s in windows_on(kind, local.date())):
        probs.append("no template window starts then")
    if local.date() in HOLIDAYS:
        probs.append(f"holiday {HOLIDAYS[local.date()]}")
    if local - cutoff(kind) < now:
        probs.append("past cutoff")
    for sid in shops_in_cart:
        if shop_closed(sid, local.date()):
            probs.append(f"closed {sid}")
    if kind == "pickup" and station not in stations:
        probs.append("unknown station")
    if kind == "delivery" and not conv["customer"].get("street"):
        probs.append("customer without street")
    return probs


# ------------------------------------------------------------------------------------ conversations
with open(CONV_PATH, encoding="utf-8") as fh:
    conv_doc = yaml.safe_load(fh)
if conv_doc.get("format") != "kiepe-conversations/1":
    err("conversations: format")
if conv_doc.get("catalog") != os.path.basename(CAT_PATH):
    err("conversations: catalog is not " + os.path.basename(CAT_PATH))
convs = conv_doc.get("conversations", [])
if len(convs) != 30:
    err(f"{len(convs)} conversations, want 30")
ids = set()
by_channel = {"voice": 0, "telegram": 0, "web": 0}
booked = {"voice": 0, "telegram": 0, "web": 0}
kinds = {"delivery": 0, "pickup": 0}
turns_per = {"voice": [], "telegram": [], "web": []}
shop_use = {sid: 0 for sid in shops}
n_lines = n_vouchers = 0
conv_by_id = {}
all_text = []
log = []
for c in convs:
    cid = c.get("id")
    cw = f"conversation {cid}"
    if not SLUG.match(str(cid)) or cid in ids:
        err(f"{cw}: id missing, not a slug or duplicate")
    ids.add(cid)
    conv_by_id[cid] = c
    ch = c.get("channel")
    if ch not in by_channel:
        err(f"{cw}: channel {ch!r}")
        continue
    by_channel[ch] += 1
    now = parse_dt(c.get("now"), f"{cw}.now")
    if now is None:
        continue
    if not SEASON_FROM <= now.date() <= SEASON_TO:
        err(f"{cw}: now {now} outside the season")
    cust = c.get("customer") or {}
    if not cust.get("name") or cust.get("municipality") not in munis:
        err(f"{cw}: customer name/municipality")
    if not re.match(r"^\+49 \d{3,5} \d{3,9}$", str(cust.get("phone", ""))):
        err(f"{cw}: customer phone {cust.get('phone')!r}")
    turns = c.get("turns") or []
    if not 4 <= len(turns) <= 6:
        err(f"{cw}: {len(turns)} turns, want 4-6")
    turns_per[ch].append(len(turns))
    for i, t in enumerate(turns):
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{cw} turn {i + 1}: only non-empty say turns allowed ({list(t)})")
            continue
        all_text.append(t["say"].lower())
        if ch == "voice" and not VOICE_OK.match(t["say"]):
            err(f"{cw} turn {i + 1}: voice turn not lower case letters and spaces only")
    exp = c.get("expect") or {}
    cart = exp.get("cart")
    if not cart:
        err(f"{cw}: no expect.cart")
        continue
    totals = {}
    cart_shops = []
    seen = set()
    for line in cart:
        sid = line.get("shop")
        if sid not in shops:
            err(f"{cw}: unknown shop {sid!r}")
            continue
        if sid not in cart_shops:
            cart_shops.append(sid)
        if "voucher" in line:
            n_vouchers += 1
            v = shops[sid].get("vouchers")
            amt = money(line["voucher"], f"{cw} voucher")
            if not v:
                err(f"{cw}: voucher at {sid}, which sells none")
            elif amt is not None and not Decimal(v["min"]) <= amt <= Decimal(v["max"]):
                err(f"{cw}: voucher {amt} outside {v['min']}..{v['max']} at {sid}")
            continue
        pid = line.get("product")
        p = products.get((sid, pid))
        if p is None:
            err(f"{cw}: unknown product {sid}/{pid}")
            continue
        if (sid, pid) in seen:
            err(f"{cw}: product {sid}/{pid} twice in the cart")
        seen.add((sid, pid))
        q = line.get("quantity")
        if not isinstance(q, str) or not QTY.match(q):
            err(f"{cw}: quantity {q!r} of {pid} is not a decimal string")
            continue
        qd = Decimal(q)
        if qd <= 0:
            err(f"{cw}: quantity of {pid} not positive")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{cw}: fractional quantity {q} of piece product {pid}")
        n_lines += 1
        totals[sid] = totals.get(sid, Decimal(0)) + qd * Decimal(p["price"])
    for sid in cart_shops:
        shop_use[sid] += 1
        if shop_closed(sid, now.date()):
            err(f"{cw}: now {now.date()} is a closed day of {sid}")
        mo = shops[sid].get("min_order")
        if mo and sid in totals and totals[sid] < Decimal(mo):
            err(f"{cw}: {sid} part {totals[sid]} below min_order {mo}")
    slot = exp.get("slot")
    n_goods_lines = sum(1 for l in cart if "product" in l)
    if slot:
        kind = slot.get("kind")
        if kind not in kinds:
            err(f"{cw}: slot kind {kind!r}")
            continue
        start = parse_dt(slot.get("start"), f"{cw}.slot.start")
        if start is None:
            continue
        probs = slot_problems(kind, start, slot.get("station"), c, cart_shops, now)
        for pr in probs:
            err(f"{cw}: slot {start}: {pr}")
        booked[ch] += 1
        kinds[kind] += 1
        where_to = slot.get("station") if kind == "pickup" else cust.get("municipality")
        sep = "+" if kind == "pickup" else " to "
        ea = earliest(kind, now)
        log.append(f"{cid}: now {fmt(now)} -> {kind} {fmt(start.astimezone(TZ))}{sep}{where_to} "
                   f"({'window ok, no holiday, cutoff ok, shops open' if not probs else 'PROBLEM'}, "
                   f"min_order ok; earliest possible {fmt(ea) if ea else '-'}; {n_goods_lines} lines, "
                   f"shops {', '.join(cart_shops)})")
    else:
        log.append(f"{cid}: now {fmt(now)} -> no slot (cart only, {n_goods_lines} lines, "
                   f"shops {', '.join(cart_shops)})")

for line in log:
    print(line)

for cid, kind, when, station, reason in FIRST_ASKED:
    c = conv_by_id.get(cid)
    if not c:
        err(f"first-asked: unknown conversation {cid}")
        continue
    now = dt.datetime.fromisoformat(c["now"])
    cart_shops = sorted({l["shop"] for l in c["expect"]["cart"]})
    if "T" not in when:
        day = dt.date.fromisoformat(when)
        ok = day.weekday() == 6 and not windows_on(kind, day)
        if reason != "sunday" or not ok:
            err(f"first-asked {cid} {when}: not a Sunday without windows")
        print(f"{cid}: first asked {kind} {WD[day.weekday()]} {day} -> impossible (Sunday, no {kind} window)")
        continue
    start = parse_dt(when, f"first-asked {cid}")
    if not any(s == start for s in windows_on(kind, start.astimezone(TZ).date())):
        err(f"first-asked {cid} {when}: not a template window")
    probs = slot_problems(kind, start, station, c, cart_shops, now)
    if not probs or not all(p.startswith(reason) for p in probs):
        err(f"first-asked {cid} {when}: expected exactly '{reason}', got {probs}")
    print(f"{cid}: first asked {kind} {fmt(start.astimezone(TZ))} -> impossible ({', '.join(probs)})")

# coverage and balance
if by_channel != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channels {by_channel}, want 10/10/10")
n_booked = sum(booked.values())
if not 13 <= n_booked <= 17:
    err(f"{n_booked} conversations book a window, want about half")
for sid, n in shop_use.items():
    if n < 3:
        err(f"shop {sid} in only {n} carts")
if n_vouchers < 1:
    err("no voucher line")
text = "\n".join(all_text)
for w, used in RESIDENT_WORDS.items():
    if used and w.lower() not in text:
        err(f"resident word {w!r} marked used but not in any turn")
print(f"channels voice/telegram/web {by_channel['voice']}/{by_channel['telegram']}/{by_channel['web']}; "
      f"booked delivery {kinds['delivery']}, pick-up {kinds['pickup']} (voice {booked['voice']}, "
      f"telegram {booked['telegram']}, web {booked['web']}); cart lines {n_lines}; voucher lines {n_vouchers}")
print("turns per conversation: " + ", ".join(
    f"{ch} {min(v)}-{max(v)}" for ch, v in turns_per.items() if v))
print("shop appearances (conversations): " + ", ".join(f"{k} {v}" for k, v in shop_use.items()))
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
