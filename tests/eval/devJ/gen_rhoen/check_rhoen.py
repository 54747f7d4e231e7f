#!/usr/bin/env python3
"""Checks the Rhön catalog (rhoen.yml) and conversations (rhoen_1.yml).

stdlib + PyYAML only. Run from anywhere:  python3 check_rhoen.py
Exit status 0 only when no problem was found.
"""
import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent
CATALOG = HERE.parent / "rhoen.yml"
CONVS = HERE.parent / "rhoen_1.yml"
TZ = ZoneInfo("Europe/Berlin")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid",
             "lupinen", "weichtiere"}
NOW_FROM = dt.datetime(2028, 10, 1, tzinfo=TZ)
NOW_TO = dt.datetime(2029, 2, 1, tzinfo=TZ)
DEC = re.compile(r"^\d+(\.\d+)?$")

problems = []


def bad(msg):
    problems.append(msg)
    print("PROBLEM:", msg)


def easter(year):
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = ((h + l - 7 * m + 114) % 31) + 1
    return dt.date(year, month, day)


def holidays_he(year):
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        e + dt.timedelta(days=60): "Fronleichnam",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


HOL = {}
for y in (2028, 2029):
    HOL.update(holidays_he(y))


def dec(s, where):
    if not isinstance(s, str) or not DEC.match(s):
        bad(f"{where}: {s!r} is not a decimal string")
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        bad(f"{where}: {s!r} is not a decimal")
        return None


def parse_ts(s, where):
    try:
        t = dt.datetime.fromisoformat(s)
    except Exception:
        bad(f"{where}: cannot parse {s!r}")
        return None
    if t.tzinfo is None:
        bad(f"{where}: {s!r} has no UTC offset")
        return None
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        bad(f"{where}: {s!r} has offset {t.utcoffset()}, Berlin has {local.utcoffset()} then")
    return local


# ------------------------------------------------------------------ catalog
cat = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    bad("catalog: format is not kiepe-catalog/1")
reg = cat["region"]
if reg.get("holidays") != "HE":
    bad("catalog: holidays is not HE")
munis = {m["id"] for m in reg["municipalities"]}
stations = {s["id"]: s for s in reg["pickup_stations"]}
for s in stations.values():
    if s["municipality"] not in munis:
        bad(f"station {s['id']}: unknown municipality")
for w in reg["delivery"]["windows"] + reg["pickup"]["windows"]:
    for d in w["days"]:
        if d not in DAYS:
            bad(f"window day {d!r}")
shops = {}
nprod = 0
for s in cat["shops"]:
    if s["id"] in shops:
        bad(f"shop id {s['id']} twice")
    shops[s["id"]] = s
    if s["municipality"] not in munis:
        bad(f"shop {s['id']}: unknown municipality")
    if s.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        bad(f"shop {s['id']}: kind")
    ids = Counter(p["id"] for p in s["products"])
    for pid, n in ids.items():
        if n > 1:
            bad(f"shop {s['id']}: product id {pid} {n} times")
    for p in s["products"]:
        nprod += 1
        where = f"{s['id']}/{p['id']}"
        allowed = {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat",
                   "deposit", "min_age", "substitutes", "allergens"}
        extra = set(p) - allowed
        if extra:
            bad(f"{where}: unexpected keys {sorted(extra)} (comma in a flow mapping?)")
        if p["unit"] not in ("piece", "kg", "l"):
            bad(f"{where}: unit {p['unit']}")
        dec(p["price"], where + " price")
        if p["vat"] not in (7, 19):
            bad(f"{where}: vat {p['vat']}")
        if "deposit" in p:
            dec(p["deposit"], where + " deposit")
        if "min_age" in p and p["min_age"] not in (16, 18):
            bad(f"{where}: min_age {p['min_age']}")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                bad(f"{where}: allergen {a}")
        for sub in p.get("substitutes", []):
            if sub not in ids:
                bad(f"{where}: substitute {sub} not in shop")
    if "min_order" in s:
        dec(s["min_order"], s["id"] + " min_order")
    if "vouchers" in s:
        dec(s["vouchers"]["min"], s["id"] + " vouchers.min")
        dec(s["vouchers"]["max"], s["id"] + " vouchers.max")
if not 140 <= nprod <= 170:
    bad(f"catalog has {nprod} products (want 140-170)")
if len(shops) != 10:
    bad(f"catalog has {len(shops)} shops (want 10)")
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {nprod} products")


def closed_on(shop, day):
    for c in shop.get("closed", []):
        if isinstance(c, str):
            if dt.date.fromisoformat(c) == day:
                return True
        else:
            if dt.date.fromisoformat(c["from"]) <= day <= dt.date.fromisoformat(c["to"]):
                return True
    return False


def windows(kind, day):
    """Template windows (start datetimes, local) of a kind on a day."""
    if day.weekday() == 6 or day in HOL:
        return []
    out = []
    for w in reg[kind]["windows"]:
        if DAYS[day.weekday()] in w["days"]:
            h, m = map(int, w["start"].split(":"))
            out.append(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ))
    return sorted(out)


def earliest(kind, now):
    cut = dt.timedelta(hours=reg[kind]["cutoff_hours"])
    day = now.date()
    for _ in range(30):
        for st in windows(kind, day):
            if st - cut >= now:
                return st
        day += dt.timedelta(days=1)
    return None


# ------------------------------------------------------------ conversations
raw = CONVS.read_text(encoding="utf-8")
lines = raw.splitlines()
if lines[0].strip() != "format: kiepe-conversations/1":
    bad("conversations: first line is not the format")
if lines[1].strip() != "catalog: rhoen.yml":
    bad("conversations: second line is not 'catalog: rhoen.yml'")
doc = yaml.safe_load(raw)
convs = doc["conversations"]
seen = set()
per_channel = Counter()
booked = Counter()
tags_used = Counter()
log = []
for c in convs:
    cid = c["id"]
    if cid in seen:
        bad(f"id {cid} twice")
    seen.add(cid)
    ch = c["channel"]
    per_channel[ch] += 1
    for t in c.get("tags", []):
        tags_used[t] += 1
    now = parse_ts(c["now"], cid + " now")
    if now and not (NOW_FROM <= now < NOW_TO):
        bad(f"{cid}: now {c['now']} outside 1 Oct 2028 - 31 Jan 2029")
    cust = c["customer"]
    if cust["municipality"] not in munis:
        bad(f"{cid}: customer municipality")
    turns = c["turns"]
    if not 2 <= len(turns) <= 9:
        bad(f"{cid}: {len(turns)} turns")
    for t in turns:
        if set(t) != {"say"}:
            bad(f"{cid}: a turn that is not only 'say': {t}")
        if ch == "voice" and re.search(r"[A-ZÄÖÜ.,;:!?\"'()\-]", t["say"]):
            bad(f"{cid}: voice turn with capitals or punctuation: {t['say']!r}")
    exp = c.get("expect", {})
    totals = defaultdict(Decimal)
    for line in exp.get("cart", []):
        sid = line["shop"]
        if sid not in shops:
            bad(f"{cid}: unknown shop {sid}")
            continue
        shop = shops[sid]
        if "voucher" in line:
            v = dec(line["voucher"], f"{cid} voucher")
            if "vouchers" not in shop:
                bad(f"{cid}: {sid} sells no vouchers")
            elif v is not None and not (Decimal(shop["vouchers"]["min"]) <= v <= Decimal(shop["vouchers"]["max"])):
                bad(f"{cid}: voucher {v} outside range of {sid}")
            continue
        prods = {p["id"]: p for p in shop["products"]}
        p = prods.get(line["product"])
        if p is None:
            bad(f"{cid}: product {line['product']} not in {sid}")
            continue
        q = dec(line["quantity"], f"{cid} {line['product']} quantity")
        if q is None:
            continue
        if q <= 0:
            bad(f"{cid}: quantity {q} not positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            bad(f"{cid}: piece product {p['id']} with quantity {q}")
        if p["unit"] == "piece" and "." in line["quantity"]:
            bad(f"{cid}: piece quantity written with a dot: {line['quantity']}")
        totals[sid] += q * Decimal(p["price"])
    addr_in_turn = "address-in-turn" in c.get("tags", [])
    slot = exp.get("slot")
    if slot:
        booked[(ch, slot["kind"])] += 1
        kind = slot["kind"]
        st = parse_ts(slot["start"], cid + " slot")
        if st is None or now is None:
            continue
        day = st.date()
        if day.weekday() == 6:
            bad(f"{cid}: slot on a Sunday")
        if day in HOL:
            bad(f"{cid}: slot on holiday {HOL[day]}")
        if st not in windows(kind, day):
            bad(f"{cid}: {kind} slot {st} is no window of the template that day")
        cut = dt.timedelta(hours=reg[kind]["cutoff_hours"])
        if st - cut < now:
            bad(f"{cid}: slot {st} past the cutoff from now {now}")
        if kind == "pickup":
            if slot.get("station") not in stations:
                bad(f"{cid}: unknown station {slot.get('station')}")
        else:
            if "station" in slot:
                bad(f"{cid}: delivery slot with a station")
            if not cust.get("street") and not addr_in_turn:
                bad(f"{cid}: delivery without customer.street and without address-in-turn")
        for sid, tot in totals.items():
            if closed_on(shops[sid], day):
                bad(f"{cid}: {sid} closed on {day}")
            mo = shops[sid].get("min_order")
            if mo and tot < Decimal(mo):
                bad(f"{cid}: {sid} total {tot} below min_order {mo}")
        e = earliest(kind, now)
        if "earliest-window" in c.get("tags", []) and e != st:
            bad(f"{cid}: tagged earliest-window but earliest is {e}")
        log.append(f"{cid}: now {now:%a %Y-%m-%d %H:%M} -> {kind} {st:%a %Y-%m-%d %H:%M%z}"
                   + (f"+{slot['station']}" if kind == "pickup" else "")
                   + f" (cutoff ok, earliest possible {e:%a %d.%m. %H:%M})")
    else:
        # min_order also checked for unbooked carts (an order must reach it anyway)
        for sid, tot in totals.items():
            mo = shops[sid].get("min_order")
            if mo and tot < Decimal(mo):
                bad(f"{cid}: {sid} total {tot} below min_order {mo}")

print(f"conversations: {len(convs)}  per channel: {dict(per_channel)}")
print("booked:", {f'{a}/{b}': n for (a, b), n in sorted(booked.items())},
      "total", sum(booked.values()))
print("tags:", ", ".join(f"{t} {n}" for t, n in sorted(tags_used.items())))
print()
for l in log:
    print(l)
print()
print(f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
