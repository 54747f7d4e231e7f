#!/usr/bin/env python3
"""Checks the Saale-Unstrut evaluation set (catalog saaleunstrut.yml, conversations saaleunstrut_1.yml).

Python 3 stdlib + PyYAML. Run from anywhere:  python3 gen_saaleunstrut/check_saaleunstrut.py
Exit status 0 only when no error was found.
"""
import os
import re
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CATALOG = os.path.join(ROOT, "saaleunstrut.yml")
CONVS = os.path.join(ROOT, "saaleunstrut_1.yml")

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYNAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
SLUG = re.compile(r"^[a-z0-9-]+$")
MONEY = re.compile(r"^\d+\.\d{2}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DATE_RANGE = (date(2029, 6, 1), date(2029, 9, 30))

errors = []
warnings = []


def err(msg):
    errors.append(msg)


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
    return date(year, month, day)


def holidays_st(year):
    """Public holidays of Sachsen-Anhalt."""
    e = easter(year)
    return {
        date(year, 1, 1): "Neujahr",
        date(year, 1, 6): "Heilige Drei Könige",
        e - timedelta(days=2): "Karfreitag",
        e + timedelta(days=1): "Ostermontag",
        date(year, 5, 1): "Tag der Arbeit",
        e + timedelta(days=39): "Christi Himmelfahrt",
        e + timedelta(days=50): "Pfingstmontag",
        date(year, 10, 3): "Tag der Deutschen Einheit",
        date(year, 10, 31): "Reformationstag",
        date(year, 12, 25): "1. Weihnachtstag",
        date(year, 12, 26): "2. Weihnachtstag",
    }


def is_summer_time(d):
    """EU rule: summer time from the last Sunday of March to the last Sunday of October (day granularity)."""
    def last_sunday(y, m):
        d0 = date(y, m, 31)
        return d0 - timedelta(days=(d0.weekday() + 1) % 7)
    return last_sunday(d.year, 3) <= d < last_sunday(d.year, 10)


def dec(s, what):
    try:
        return Decimal(str(s))
    except InvalidOperation:
        err(f"{what}: not a decimal: {s!r}")
        return None


# ------------------------------------------------------------------ catalog
with open(CATALOG, encoding="utf-8") as fh:
    text = fh.read()
cat = yaml.safe_load(text)

if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format is not kiepe-catalog/1")
reg = cat["region"]
for k in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if k not in reg:
        err(f"catalog region: missing {k}")
if not SLUG.match(reg["id"]):
    err("catalog region.id is not a slug")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("catalog: timezone/currency")
if reg.get("holidays") != "ST":
    err("catalog: holidays is not ST")

munis = {}
for m in reg["municipalities"]:
    if not SLUG.match(m["id"]):
        err(f"municipality id {m['id']!r} not a slug")
    for pc in m["postcodes"]:
        if not (isinstance(pc, str) and re.fullmatch(r"\d{5}", pc)):
            err(f"municipality {m['id']}: postcode {pc!r} is not a 5-digit string")
    munis[m["id"]] = m
if not 4 <= len(munis) <= 5:
    err(f"catalog: {len(munis)} municipalities (want 4-5)")

stations = {}
for s in reg["pickup_stations"]:
    if s["municipality"] not in munis:
        err(f"station {s['id']}: unknown municipality")
    if not isinstance(s.get("address"), str) or "," not in s["address"]:
        err(f"station {s['id']}: address not read as one string")
    stations[s["id"]] = s
if len(stations) != 3:
    err(f"catalog: {len(stations)} stations (want 3)")


def check_windows(kind, block):
    for w in block["windows"]:
        for d in w["days"]:
            if d not in DAYS:
                err(f"{kind} window: bad day {d!r}")
        for k in ("start", "end"):
            if not (isinstance(w[k], str) and HHMM.match(w[k])):
                err(f"{kind} window: {k} {w[k]!r} is not a quoted HH:MM string")
        if not w["start"] < w["end"]:
            err(f"{kind} window: start not before end")
        if not (isinstance(w["capacity"], int) and w["capacity"] > 0):
            err(f"{kind} window: capacity")
    if not isinstance(block["cutoff_hours"], int):
        err(f"{kind}: cutoff_hours not an int")


check_windows("delivery", reg["delivery"])
check_windows("pickup", reg["pickup"])
for k in ("fee", "free_from"):
    v = reg["delivery"].get(k)
    if not (isinstance(v, str) and MONEY.match(v)):
        err(f"delivery.{k} {v!r} is not a money string")

shops = {}
n_products = 0
for shop in cat["shops"]:
    sid = shop["id"]
    if sid in shops:
        err(f"shop {sid}: duplicate id")
    if not SLUG.match(sid):
        err(f"shop {sid}: id not a slug")
    if shop["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {sid}: kind")
    if shop["municipality"] not in munis:
        err(f"shop {sid}: unknown municipality")
    if not isinstance(shop.get("phone"), str):
        err(f"shop {sid}: phone not a string")
    for k in ("min_order",):
        if k in shop and not (isinstance(shop[k], str) and MONEY.match(shop[k])):
            err(f"shop {sid}: {k} not a money string")
    if "vouchers" in shop:
        for k in ("min", "max"):
            if not MONEY.match(str(shop["vouchers"][k])) or not isinstance(shop["vouchers"][k], str):
                err(f"shop {sid}: vouchers.{k}")
    closed = []
    for c in shop.get("closed", []):
        if isinstance(c, str):
            closed.append((date.fromisoformat(c), date.fromisoformat(c)))
        else:
            closed.append((date.fromisoformat(c["from"]), date.fromisoformat(c["to"])))
    pids = {}
    for p in shop.get("products", []):
        pid = p["id"]
        where = f"shop {sid} product {pid}"
        if pid in pids:
            err(f"{where}: duplicate id")
        if not SLUG.match(pid):
            err(f"{where}: id not a slug")
        if not isinstance(p.get("name"), str) or not p["name"]:
            err(f"{where}: name not a string")
        for a in p.get("aliases", []):
            if not isinstance(a, str):
                err(f"{where}: alias {a!r} not a string")
        if p["unit"] not in ("piece", "kg", "l"):
            err(f"{where}: unit")
        if not (isinstance(p["price"], str) and MONEY.match(p["price"])):
            err(f"{where}: price {p['price']!r}")
        if p["vat"] not in (7, 19):
            err(f"{where}: vat")
        if "size" in p and not isinstance(p["size"], str):
            err(f"{where}: size not a string")
        if "deposit" in p and not (isinstance(p["deposit"], str) and MONEY.match(p["deposit"])):
            err(f"{where}: deposit")
        if "min_age" in p and p["min_age"] not in (16, 18):
            err(f"{where}: min_age")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                err(f"{where}: allergen {a!r}")
        if p["unit"] != "piece" and "label" in p:
            warnings.append(f"{where}: label on a weighed product")
        pids[pid] = p
    for p in shop.get("products", []):
        for s in p.get("substitutes", []):
            if s not in pids:
                err(f"shop {sid} product {p['id']}: substitute {s} unknown")
    n_products += len(pids)
    shops[sid] = {"shop": shop, "products": pids, "closed": closed}

if len(shops) != 10:
    err(f"catalog: {len(shops)} shops (want 10)")
if not 140 <= n_products <= 170:
    err(f"catalog: {n_products} products (want 140-170)")

# Every quoted-looking value: any unquoted scalar containing ': ' or ' #' would have broken parsing
# or been cut; look for names that lost text because of a '#'.
for ln, line in enumerate(text.splitlines(), 1):
    stripped = line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
    if "name:" in stripped and "#" in line and '"' not in line:
        warnings.append(f"catalog line {ln}: '#' in an unquoted line")

hol = holidays_st(2029)

# ------------------------------------------------------------------ conversations
with open(CONVS, encoding="utf-8") as fh:
    ctext = fh.read()
lines = ctext.splitlines()
if lines[0].strip() != "format: kiepe-conversations/1" or lines[1].strip() != "catalog: saaleunstrut.yml":
    err("conversations: first two lines must be format and catalog")
conv = yaml.safe_load(ctext)
ids = Counter()
channels = Counter()
booked = Counter()
log = []


def window_for(kind, dt):
    block = reg["delivery"] if kind == "delivery" else reg["pickup"]
    wd = DAYS[dt.weekday()]
    for w in block["windows"]:
        if wd in w["days"] and w["start"] == dt.strftime("%H:%M"):
            return w
    return None


def all_window_starts(kind, after, days=14):
    block = reg["delivery"] if kind == "delivery" else reg["pickup"]
    res = []
    d0 = after.date()
    for i in range(days):
        d = d0 + timedelta(days=i)
        for w in block["windows"]:
            if DAYS[d.weekday()] in w["days"]:
                h, m = map(int, w["start"].split(":"))
                res.append(datetime(d.year, d.month, d.day, h, m, tzinfo=after.tzinfo))
    return sorted(res)


for c in conv["conversations"]:
    cid = c.get("id")
    ids[cid] += 1
    where = f"conversation {cid}"
    for k in ("id", "channel", "now", "customer", "tags", "turns", "expect"):
        if k not in c:
            err(f"{where}: missing {k}")
    ch = c["channel"]
    channels[ch] += 1
    prefix = {"voice": "su-v-", "telegram": "su-t-", "web": "su-w-"}.get(ch)
    if prefix is None or not cid.startswith(prefix):
        err(f"{where}: id prefix does not match channel {ch}")
    now = datetime.fromisoformat(c["now"])
    if not DATE_RANGE[0] <= now.date() <= DATE_RANGE[1]:
        err(f"{where}: now outside June-September 2029")
    want_off = timedelta(hours=2 if is_summer_time(now.date()) else 1)
    if now.utcoffset() != want_off:
        err(f"{where}: now has offset {now.utcoffset()}, want {want_off}")
    cu = c["customer"]
    for k in ("name", "phone", "municipality"):
        if k not in cu:
            err(f"{where}: customer.{k} missing")
    if cu["municipality"] not in munis:
        err(f"{where}: customer municipality unknown")
    if not isinstance(cu["phone"], str) or not cu["phone"].startswith("+49 "):
        err(f"{where}: phone")
    for t in c["turns"]:
        if set(t) != {"say"}:
            err(f"{where}: a turn other than say: {t}")
        if not isinstance(t["say"], str):
            err(f"{where}: say is not a string")
        if ch == "voice" and (t["say"] != t["say"].lower() or re.search(r"[.,;:!?()0-9]", t["say"])):
            err(f"{where}: voice turn not lower case / has punctuation or digits: {t['say']!r}")
    if not isinstance(c["tags"], list) or not c["tags"]:
        err(f"{where}: tags")
    cart = c["expect"]["cart"]
    totals = Counter()
    seen = set()
    for line in cart:
        sid = line["shop"]
        if sid not in shops:
            err(f"{where}: unknown shop {sid}")
            continue
        if "voucher" in line:
            v = line["voucher"]
            vr = shops[sid]["shop"].get("vouchers")
            if not vr:
                err(f"{where}: shop {sid} sells no vouchers")
            elif not (isinstance(v, str) and MONEY.match(v)):
                err(f"{where}: voucher {v!r} not a money string")
            elif not Decimal(vr["min"]) <= Decimal(v) <= Decimal(vr["max"]):
                err(f"{where}: voucher {v} outside range")
            else:
                totals[sid] += Decimal(v)
            continue
        pid = line["product"]
        if (sid, pid) in seen:
            err(f"{where}: {sid}/{pid} twice in the cart")
        seen.add((sid, pid))
        p = shops[sid]["products"].get(pid)
        if p is None:
            err(f"{where}: unknown product {sid}/{pid}")
            continue
        q = line["quantity"]
        if not isinstance(q, str):
            err(f"{where}: quantity of {pid} is not a string")
        qd = dec(q, f"{where} {pid}")
        if qd is None:
            continue
        if qd <= 0:
            err(f"{where}: quantity of {pid} not positive")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{where}: piece product {pid} with quantity {q}")
        totals[sid] += qd * Decimal(p["price"])
    # min_order for every cart (a shop's part must reach it, booked or not)
    for sid, tot in totals.items():
        mo = shops[sid]["shop"].get("min_order")
        if mo and tot < Decimal(mo):
            err(f"{where}: shop {sid} part {tot:.2f} below min_order {mo}")
    slot = c["expect"].get("slot")
    if slot:
        kind = slot["kind"]
        booked[kind] += 1
        start = datetime.fromisoformat(slot["start"])
        if start.utcoffset() != timedelta(hours=2 if is_summer_time(start.date()) else 1):
            err(f"{where}: slot offset")
        w = window_for(kind, start)
        if w is None:
            err(f"{where}: no {kind} window on {DAYNAMES[start.weekday()]} at {start:%H:%M}")
        if start.date() in hol:
            err(f"{where}: slot on holiday {hol[start.date()]}")
        if start.weekday() == 6:
            err(f"{where}: slot on a Sunday")
        block = reg["delivery"] if kind == "delivery" else reg["pickup"]
        if start - timedelta(hours=block["cutoff_hours"]) < now:
            err(f"{where}: slot past the cutoff")
        if kind == "pickup":
            if slot.get("station") not in stations:
                err(f"{where}: unknown station {slot.get('station')}")
        elif "station" in slot:
            err(f"{where}: delivery with a station")
        for sid in totals:
            for a, b in shops[sid]["closed"]:
                if a <= start.date() <= b:
                    err(f"{where}: shop {sid} closed on {start.date()}")
        if kind == "delivery" and "street" not in cu and "address-in-turn" not in c["tags"]:
            err(f"{where}: delivery without street and without address in a turn")
        earliest = next(s for s in all_window_starts(kind, now)
                        if s - timedelta(hours=block["cutoff_hours"]) >= now)
        st = f"+{slot['station']}" if kind == "pickup" else ""
        log.append(f"{cid}: now {DAYNAMES[now.weekday()]} {now:%Y-%m-%d %H:%M} -> {kind} "
                   f"{DAYNAMES[start.weekday()]} {start:%Y-%m-%d %H:%M}{st} "
                   f"(cutoff ok, earliest possible {DAYNAMES[earliest.weekday()]} {earliest:%d.%m. %H:%M})")

for cid, n in ids.items():
    if n > 1:
        err(f"id {cid} used {n} times")
if len(ids) != 30:
    err(f"{len(ids)} conversations (want 30)")
for ch in ("voice", "telegram", "web"):
    if channels[ch] != 10:
        err(f"{channels[ch]} {ch} conversations (want 10)")

# ------------------------------------------------------------------ report
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {n_products} products")
for sid, s in shops.items():
    print(f"  {sid}: {len(s['products'])} products")
hl = [f"{d} {n}" for d, n in sorted(hol.items()) if DATE_RANGE[0] <= d <= DATE_RANGE[1]]
print(f"ST public holidays 1 Jun - 30 Sep 2029: {', '.join(hl) if hl else 'none'}")
print(f"conversations: {len(ids)} ({channels['voice']} voice / {channels['telegram']} telegram / {channels['web']} web)")
print(f"booked: {booked['delivery']} delivery / {booked['pickup']} pickup ({sum(booked.values())} of {len(ids)})")
print("slots:")
for l in log:
    print("  " + l)
for w in warnings:
    print("WARNING: " + w)
for e in errors:
    print("ERROR: " + e)
print(f"{len(errors)} errors, {len(warnings)} warnings")
sys.exit(1 if errors else 0)
