#!/usr/bin/env python3
"""Checks the Bayerwald evaluation set: catalog bayerwald.yml and conversations bayerwald_1.yml.

Python 3, stdlib + PyYAML. Run from anywhere:  python3 gen_bayerwald/check_bayerwald.py
Prints one line per booked slot and every problem found; exit status 1 if any problem.
"""
import datetime as dt
import os
import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CATALOG = os.path.join(ROOT, "bayerwald.yml")
CONVS = os.path.join(ROOT, "bayerwald_1.yml")

DATE_FROM = dt.date(2029, 6, 1)
DATE_TO = dt.date(2029, 9, 30)
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

problems = []


def bad(msg):
    problems.append(msg)


def money(v, where):
    if not isinstance(v, str) or not MONEY.match(v):
        bad(f"{where}: money value {v!r} is not a decimal string like \"1.23\"")
        return None
    return Decimal(v)


# ----------------------------------------------------------------- holidays (BY)
def easter(y):
    a = y % 19; b = y // 100; c = y % 100; d = b // 4; e = b % 4
    f = (b + 8) // 25; g = (b - f + 1) // 3; h = (19 * a + b - d - g + 15) % 30
    i = c // 4; k = c % 4; l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31; day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(y, month, day)


def holidays_by(y):
    e = easter(y)
    td = dt.timedelta
    return {
        dt.date(y, 1, 1): "Neujahr", dt.date(y, 1, 6): "Heilige Drei Könige",
        e - td(2): "Karfreitag", e + td(1): "Ostermontag", dt.date(y, 5, 1): "Tag der Arbeit",
        e + td(39): "Christi Himmelfahrt", e + td(50): "Pfingstmontag", e + td(60): "Fronleichnam",
        # Mariä Himmelfahrt is a holiday in the (Catholic) Bayerwald municipalities; treated as one here
        dt.date(y, 8, 15): "Mariä Himmelfahrt",
        dt.date(y, 10, 3): "Tag der Deutschen Einheit", dt.date(y, 11, 1): "Allerheiligen",
        dt.date(y, 12, 25): "1. Weihnachtstag", dt.date(y, 12, 26): "2. Weihnachtstag",
    }


HOL = holidays_by(2029)

# ----------------------------------------------------------------- catalog
with open(CATALOG, encoding="utf-8") as fh:
    cat = yaml.safe_load(fh)

if cat.get("format") != "kiepe-catalog/1":
    bad("catalog: format is not kiepe-catalog/1")
reg = cat["region"]
for k in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if k not in reg:
        bad(f"catalog: region.{k} missing")
if not SLUG.match(reg["id"]):
    bad("catalog: region.id not a slug")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    bad("catalog: timezone/currency")
if reg.get("holidays") != "BY":
    bad("catalog: holidays is not BY")
munis = {}
for m in reg["municipalities"]:
    if not SLUG.match(m["id"]):
        bad(f"catalog: municipality id {m['id']!r}")
    for pc in m["postcodes"]:
        if not (isinstance(pc, str) and re.fullmatch(r"\d{5}", pc)):
            bad(f"catalog: postcode {pc!r} of {m['id']} is not a 5-digit string")
    munis[m["id"]] = m
stations = {}
for s in reg["pickup_stations"]:
    if s["municipality"] not in munis:
        bad(f"catalog: station {s['id']} in unknown municipality")
    pcs = munis.get(s["municipality"], {}).get("postcodes", [])
    if not any(pc in s["address"] for pc in pcs):
        bad(f"catalog: station {s['id']} address lacks its postcode")
    stations[s["id"]] = s
if len(stations) != 3:
    bad(f"catalog: {len(stations)} stations, want 3")
if not 4 <= len(munis) <= 5:
    bad(f"catalog: {len(munis)} municipalities, want 4-5")

fee = money(reg["delivery"]["fee"], "delivery.fee")
money(reg["delivery"].get("free_from", "0.00"), "delivery.free_from")
for kind in ("delivery", "pickup"):
    if not isinstance(reg[kind]["cutoff_hours"], int):
        bad(f"catalog: {kind}.cutoff_hours not an integer")
    for w in reg[kind]["windows"]:
        if not set(w["days"]) <= set(DAYS):
            bad(f"catalog: {kind} window days {w['days']}")
        if not (isinstance(w["start"], str) and HHMM.match(w["start"]) and isinstance(w["end"], str) and HHMM.match(w["end"])):
            bad(f"catalog: {kind} window times {w['start']!r}-{w['end']!r} not HH:MM strings")
        elif w["start"] >= w["end"]:
            bad(f"catalog: {kind} window ends before it starts")
        if not isinstance(w["capacity"], int) or w["capacity"] <= 0:
            bad(f"catalog: {kind} window capacity")
tol = reg.get("weighed_goods", {}).get("tolerance_percent")
if not isinstance(tol, int):
    bad("catalog: weighed_goods.tolerance_percent")

shops = {}
nprod = 0
for sh in cat["shops"]:
    sid = sh["id"]
    if sid in shops:
        bad(f"catalog: duplicate shop {sid}")
    shops[sid] = sh
    if not SLUG.match(sid):
        bad(f"catalog: shop id {sid!r}")
    if sh["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        bad(f"catalog: shop {sid} kind {sh['kind']}")
    if sh["municipality"] not in munis:
        bad(f"catalog: shop {sid} municipality")
    if not isinstance(sh.get("phone"), str):
        bad(f"catalog: shop {sid} phone not a string")
    if "min_order" in sh:
        money(sh["min_order"], f"{sid}.min_order")
    closed = []
    for c in sh.get("closed", []):
        if isinstance(c, str):
            closed.append((dt.date.fromisoformat(c), dt.date.fromisoformat(c)))
        elif isinstance(c, dict):
            closed.append((dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])))
        else:
            bad(f"catalog: {sid}.closed entry {c!r} (dates must be quoted strings)")
    sh["_closed"] = closed
    if "vouchers" in sh:
        lo = money(sh["vouchers"]["min"], f"{sid}.vouchers.min")
        hi = money(sh["vouchers"]["max"], f"{sid}.vouchers.max")
        if lo is not None and hi is not None and lo > hi:
            bad(f"catalog: {sid} voucher range")
    pids = {}
    for p in sh["products"]:
        nprod += 1
        pid = p["id"]
        where = f"{sid}/{pid}"
        if pid in pids:
            bad(f"catalog: duplicate product {where}")
        pids[pid] = p
        if not SLUG.match(pid):
            bad(f"catalog: product id {where}")
        if not isinstance(p.get("name"), str) or not p["name"]:
            bad(f"catalog: {where} name")
        if p["unit"] not in ("piece", "kg", "l"):
            bad(f"catalog: {where} unit")
        money(p["price"], f"{where}.price")
        if p["vat"] not in (7, 19):
            bad(f"catalog: {where} vat")
        for k in ("size", "label"):
            if k in p and not isinstance(p[k], str):
                bad(f"catalog: {where} {k} not a string")
        if "deposit" in p:
            money(p["deposit"], f"{where}.deposit")
        if "min_age" in p and p["min_age"] not in (16, 18):
            bad(f"catalog: {where} min_age")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                bad(f"catalog: {where} allergen {a}")
        for a in p.get("aliases", []):
            if not isinstance(a, str):
                bad(f"catalog: {where} alias {a!r}")
    for p in sh["products"]:
        for s in p.get("substitutes", []):
            if s not in pids:
                bad(f"catalog: {sid}/{p['id']} substitute {s} not in shop")
    sh["_products"] = pids
    for sv in sh.get("services", []):
        money(sv["price"], f"{sid}/{sv['id']}.price")
if len(shops) != 10:
    bad(f"catalog: {len(shops)} shops, want 10")
if not 140 <= nprod <= 170:
    bad(f"catalog: {nprod} products, want 140-170")

# ----------------------------------------------------------------- windows
TZ = dt.timezone(dt.timedelta(hours=2))  # all dates of the set are in CEST (summer time)


def windows_on(kind, day):
    """Window starts (datetime) of the template on that date, ignoring holidays."""
    out = []
    for w in reg[kind]["windows"]:
        if DAYS[day.weekday()] in w["days"]:
            h, m = map(int, w["start"].split(":"))
            out.append(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ))
    return sorted(out)


def bookable(kind, start, now):
    return start - dt.timedelta(hours=reg[kind]["cutoff_hours"]) >= now


def earliest(kind, now):
    d = now.date()
    for _ in range(30):
        if d not in HOL:
            for s in windows_on(kind, d):
                if s > now and bookable(kind, s, now):
                    return s
        d += dt.timedelta(days=1)
    return None


def closed_on(sh, day):
    return any(a <= day <= b for a, b in sh["_closed"])


# ----------------------------------------------------------------- conversations
with open(CONVS, encoding="utf-8") as fh:
    raw = fh.read()
lines = raw.splitlines()
if lines[0] != "format: kiepe-conversations/1" or lines[1] != "catalog: bayerwald.yml":
    bad("conversations: first two lines must be format and catalog")
doc = yaml.safe_load(raw)
convs = doc["conversations"]
ids = Counter(c["id"] for c in convs)
for i, n in ids.items():
    if n > 1:
        bad(f"conversations: id {i} used {n} times")
channels = Counter(c["channel"] for c in convs)
if len(convs) != 30 or channels != Counter({"voice": 10, "telegram": 10, "web": 10}):
    bad(f"conversations: {len(convs)} conversations, channels {dict(channels)}")
prefix = {"voice": "bw-v-", "telegram": "bw-t-", "web": "bw-w-"}

slot_log = []
booked = Counter()
for c in convs:
    cid = c["id"]
    if not cid.startswith(prefix.get(c["channel"], "?")):
        bad(f"{cid}: id prefix does not match channel {c['channel']}")
    for k in ("id", "channel", "now", "customer", "tags", "turns", "expect"):
        if k not in c:
            bad(f"{cid}: {k} missing")
    if not isinstance(c["now"], str):
        bad(f"{cid}: now is not a quoted string")
        continue
    now = dt.datetime.fromisoformat(c["now"])
    if now.utcoffset() != dt.timedelta(hours=2):
        bad(f"{cid}: now {c['now']} not at +02:00")
    if not DATE_FROM <= now.date() <= DATE_TO:
        bad(f"{cid}: now {c['now']} outside 1 Jun - 30 Sep 2029")
    cu = c["customer"]
    for k in ("name", "phone", "municipality"):
        if k not in cu:
            bad(f"{cid}: customer.{k} missing")
    if cu["municipality"] not in munis:
        bad(f"{cid}: customer municipality {cu['municipality']} unknown")
    if not isinstance(cu["phone"], str) or not cu["phone"].startswith("+49 "):
        bad(f"{cid}: customer phone {cu['phone']!r}")
    for t in c["turns"]:
        if set(t) != {"say"}:
            bad(f"{cid}: turn {t} is not a say turn")
            continue
        if not isinstance(t["say"], str):
            bad(f"{cid}: say {t['say']!r} is not a string")
            continue
        if c["channel"] == "voice":
            if t["say"] != t["say"].lower() or re.search(r"[.,;:!?\d\"']", t["say"]):
                bad(f"{cid}: voice turn not lower case without punctuation/digits: {t['say']!r}")
    exp = c["expect"]
    cart = exp.get("cart", [])
    if not cart:
        bad(f"{cid}: empty expected cart")
    shop_totals = Counter()
    seen = set()
    for line in cart:
        sid = line["shop"]
        if sid not in shops:
            bad(f"{cid}: shop {sid} not in catalog")
            continue
        sh = shops[sid]
        if "voucher" in line:
            v = money(line["voucher"], f"{cid} voucher")
            if "vouchers" not in sh:
                bad(f"{cid}: {sid} sells no vouchers")
            elif v is not None and not Decimal(sh["vouchers"]["min"]) <= v <= Decimal(sh["vouchers"]["max"]):
                bad(f"{cid}: voucher {v} outside {sid}'s range")
            continue
        pid = line["product"]
        if (sid, pid) in seen:
            bad(f"{cid}: {sid}/{pid} twice in cart")
        seen.add((sid, pid))
        p = sh["_products"].get(pid)
        if p is None:
            bad(f"{cid}: product {sid}/{pid} not in catalog")
            continue
        q = line["quantity"]
        if not isinstance(q, str):
            bad(f"{cid}: quantity of {pid} is not a string")
            continue
        try:
            qd = Decimal(q)
        except InvalidOperation:
            bad(f"{cid}: quantity {q!r} of {pid} not a decimal")
            continue
        if qd <= 0:
            bad(f"{cid}: quantity {q} of {pid} not positive")
        if p["unit"] == "piece" and (qd != qd.to_integral_value() or "." in q):
            bad(f"{cid}: piece product {pid} with quantity {q}")
        shop_totals[sid] += qd * Decimal(p["price"])
    slot = exp.get("slot")
    ages = [shops[l["shop"]]["_products"][l["product"]].get("min_age") for l in cart
            if "product" in l and l["shop"] in shops and l["product"] in shops[l["shop"]]["_products"]]
    if any(ages) and "age-restricted" not in c["tags"]:
        bad(f"{cid}: age-restricted product without tag age-restricted")
    if slot is None:
        continue
    kind = slot["kind"]
    booked[kind] += 1
    start = dt.datetime.fromisoformat(slot["start"])
    day = start.date()
    if start.utcoffset() != dt.timedelta(hours=2):
        bad(f"{cid}: slot start not at +02:00")
    if kind == "pickup":
        if slot.get("station") not in stations:
            bad(f"{cid}: station {slot.get('station')} unknown")
    elif kind == "delivery":
        if "street" not in cu and "address-in-turn" not in c["tags"]:
            bad(f"{cid}: delivery without customer.street or address-in-turn")
    else:
        bad(f"{cid}: slot kind {kind}")
        continue
    if start not in windows_on(kind, day):
        bad(f"{cid}: {kind} {start} is not a window of the template on {DAYS[day.weekday()]}")
    if day in HOL:
        bad(f"{cid}: {kind} on holiday {HOL[day]}")
    if not bookable(kind, start, now):
        bad(f"{cid}: {kind} {start} past the cutoff at now {now}")
    if start <= now:
        bad(f"{cid}: slot in the past")
    for sid, tot in shop_totals.items():
        sh = shops[sid]
        if closed_on(sh, day):
            bad(f"{cid}: {sid} is closed on {day}")
        if "min_order" in sh and tot < Decimal(sh["min_order"]):
            bad(f"{cid}: {sid} part {tot} below min_order {sh['min_order']}")
    e = earliest(kind, now)
    if "earliest-window" in c["tags"] and e != start:
        bad(f"{cid}: tagged earliest-window but earliest possible is {e}")
    st = "+" + slot["station"] if kind == "pickup" else ""
    slot_log.append(
        f"{cid}: now {now:%a %Y-%m-%d %H:%M} -> {kind} {start:%a %Y-%m-%d %H:%M}{st} "
        f"(cutoff ok, earliest possible {e:%a %d.%m. %H:%M})")

print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {nprod} products")
print(f"conversations: {len(convs)} ({', '.join(f'{k} {v}' for k, v in sorted(channels.items()))}); "
      f"slots: delivery {booked['delivery']}, pickup {booked['pickup']}")
print("BY holidays in range: " + ", ".join(f"{d:%a %d.%m.} {n}" for d, n in sorted(HOL.items()) if DATE_FROM <= d <= DATE_TO))
print()
for s in slot_log:
    print(s)
print()
for p in problems:
    print("PROBLEM:", p)
print(f"{len(problems)} problems")
sys.exit(1 if problems else 0)
