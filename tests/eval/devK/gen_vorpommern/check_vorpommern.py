#!/usr/bin/env python3
"""Checks vorpommern.yml (kiepe-catalog/1) and vorpommern_1.yml (kiepe-conversations/1).

stdlib + PyYAML only. Usage: python3 check_vorpommern.py [DIR]  (DIR defaults to the parent folder)
Exit status 0 only when no problem was found.
"""
import datetime as dt
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

BASE = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
CAT_FILE = BASE / "vorpommern.yml"
CONV_FILE = BASE / "vorpommern_1.yml"
TZ = ZoneInfo("Europe/Berlin")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DATE_FROM, DATE_TO = dt.date(2029, 2, 1), dt.date(2029, 5, 31)
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
problems = []


def bad(msg):
    problems.append(msg)


def easter(year):  # anonymous Gregorian algorithm
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


def holidays_mv(year):
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        dt.date(year, 3, 8): "Internationaler Frauentag",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 10, 31): "Reformationstag",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


def dec(s, where):
    if not isinstance(s, str):
        bad(f"{where}: {s!r} is not a string")
        return None
    if not re.fullmatch(r"\d+(\.\d+)?", s):
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
    except (TypeError, ValueError):
        bad(f"{where}: cannot parse {s!r}")
        return None
    if t.tzinfo is None:
        bad(f"{where}: {s!r} has no UTC offset")
        return None
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        bad(f"{where}: {s!r} has offset {t.utcoffset()} but Berlin has {local.utcoffset()} then")
    return t


# ------------------------------------------------------------------ catalog
cat = yaml.safe_load(CAT_FILE.read_text(encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    bad("catalog: format is not kiepe-catalog/1")
region = cat["region"]
if region.get("holidays") != "MV":
    bad("catalog: holidays is not MV")
HOL = {}
for y in (2029,):
    HOL.update(holidays_mv(y))
munis = {m["id"] for m in region["municipalities"]}
stations = {s["id"]: s for s in region["pickup_stations"]}
for s in stations.values():
    if s["municipality"] not in munis:
        bad(f"station {s['id']}: unknown municipality")
shops = {}
n_products = 0
for shop in cat["shops"]:
    sid = shop["id"]
    if sid in shops:
        bad(f"shop {sid}: duplicate id")
    shops[sid] = shop
    if shop["municipality"] not in munis:
        bad(f"shop {sid}: unknown municipality")
    if shop.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        bad(f"shop {sid}: bad kind")
    pids = {}
    for p in shop.get("products", []):
        n_products += 1
        where = f"{sid}/{p['id']}"
        if p["id"] in pids:
            bad(f"{where}: duplicate product id")
        pids[p["id"]] = p
        if not re.fullmatch(r"[a-z0-9-]+", p["id"]):
            bad(f"{where}: id is not a slug")
        if p.get("unit") not in ("piece", "kg", "l"):
            bad(f"{where}: bad unit")
        dec(p.get("price"), where + " price")
        if p.get("vat") not in (7, 19):
            bad(f"{where}: bad vat")
        if "deposit" in p:
            dec(p["deposit"], where + " deposit")
        if "min_age" in p and p["min_age"] not in (16, 18):
            bad(f"{where}: bad min_age")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                bad(f"{where}: unknown allergen {a}")
    shop["_products"] = pids
    for p in shop.get("products", []):
        for sub in p.get("substitutes", []):
            if sub not in pids:
                bad(f"{sid}/{p['id']}: substitute {sub} not in shop")
    if "min_order" in shop:
        dec(shop["min_order"], f"{sid} min_order")
    closed = set()
    for c in shop.get("closed", []):
        if isinstance(c, str):
            closed.add(dt.date.fromisoformat(c))
        else:
            d0, d1 = dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])
            while d0 <= d1:
                closed.add(d0)
                d0 += dt.timedelta(days=1)
    shop["_closed"] = closed
if not (140 <= n_products <= 170):
    bad(f"catalog: {n_products} products, outside 140-170")
if len(shops) != 10:
    bad(f"catalog: {len(shops)} shops, not 10")


def windows(kind):
    return region["delivery" if kind == "delivery" else "pickup"]["windows"]


def cutoff(kind):
    return dt.timedelta(hours=region["delivery" if kind == "delivery" else "pickup"]["cutoff_hours"])


def window_starts(kind, day):
    """start datetimes (aware, Berlin) of the template windows on a date, none on Sundays/holidays."""
    if day.weekday() == 6 or day in HOL:
        return []
    out = []
    for w in windows(kind):
        if DAYS[day.weekday()] in w["days"]:
            h, m = map(int, w["start"].split(":"))
            out.append(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ))
    return sorted(out)


def earliest(kind, now):
    d = now.astimezone(TZ).date()
    for i in range(30):
        for s in window_starts(kind, d + dt.timedelta(days=i)):
            if s - cutoff(kind) >= now:
                return s
    return None


# ------------------------------------------------------------------ conversations
conv = yaml.safe_load(CONV_FILE.read_text(encoding="utf-8"))
second_line = CONV_FILE.read_text(encoding="utf-8").splitlines()[1]
if second_line.strip() != "catalog: vorpommern.yml":
    bad("conversations: second line is not 'catalog: vorpommern.yml'")
if conv.get("format") != "kiepe-conversations/1":
    bad("conversations: format is not kiepe-conversations/1")
ids = set()
per_channel = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
log = []
for c in conv["conversations"]:
    cid = c["id"]
    if cid in ids:
        bad(f"{cid}: duplicate id")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in per_channel:
        bad(f"{cid}: bad channel {ch}")
    else:
        per_channel[ch] += 1
    now = parse_ts(c.get("now"), f"{cid} now")
    if now and not (DATE_FROM <= now.astimezone(TZ).date() <= DATE_TO):
        bad(f"{cid}: now outside the date range")
    cust = c.get("customer", {})
    if cust.get("municipality") not in munis:
        bad(f"{cid}: customer municipality unknown")
    turns = c.get("turns", [])
    if not (2 <= len(turns) <= 9):
        bad(f"{cid}: {len(turns)} turns")
    for i, t in enumerate(turns):
        if set(t) != {"say"}:
            bad(f"{cid} turn {i+1}: not a say-only turn")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[.,!?;:\"()%€+]", s) or re.search(r"\d", s):
                bad(f"{cid} turn {i+1}: voice turn not lower case without punctuation/digits")
    exp = c.get("expect", {})
    cart = exp.get("cart", [])
    totals = {}
    seen = set()
    for line in cart:
        sid = line.get("shop")
        if sid not in shops:
            bad(f"{cid}: unknown shop {sid}")
            continue
        if "voucher" in line:
            v = dec(line["voucher"], f"{cid} voucher")
            vv = shops[sid].get("vouchers")
            if not vv:
                bad(f"{cid}: {sid} sells no vouchers")
            elif v is not None and not (Decimal(vv["min"]) <= v <= Decimal(vv["max"])):
                bad(f"{cid}: voucher {v} outside {vv}")
            continue
        pid = line.get("product")
        p = shops[sid]["_products"].get(pid)
        if p is None:
            bad(f"{cid}: product {sid}/{pid} not in catalog")
            continue
        if (sid, pid) in seen:
            bad(f"{cid}: {sid}/{pid} twice in cart")
        seen.add((sid, pid))
        q = dec(line.get("quantity"), f"{cid} {pid} quantity")
        if q is None:
            continue
        if q <= 0:
            bad(f"{cid}: {pid} quantity not positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            bad(f"{cid}: {pid} is a piece product, quantity {q} not whole")
        totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
    slot = exp.get("slot")
    if slot is None:
        continue
    kind = slot.get("kind")
    if kind not in booked:
        bad(f"{cid}: bad slot kind")
        continue
    booked[kind] += 1
    start = parse_ts(slot.get("start"), f"{cid} slot start")
    if start is None or now is None:
        continue
    ls = start.astimezone(TZ)
    day = ls.date()
    if day.weekday() == 6:
        bad(f"{cid}: slot on a Sunday")
    if day in HOL:
        bad(f"{cid}: slot on holiday {HOL[day]}")
    if ls not in window_starts(kind, day):
        bad(f"{cid}: {ls} is no {kind} window start of the template")
    cut_ok = start - cutoff(kind) >= now
    if not cut_ok:
        bad(f"{cid}: cutoff not respected")
    if kind == "pickup":
        if slot.get("station") not in stations:
            bad(f"{cid}: unknown station {slot.get('station')}")
    else:
        if "street" not in cust and "address-in-turn" not in c.get("tags", []):
            bad(f"{cid}: delivery without customer.street or address-in-turn")
    for line in cart:
        sid = line.get("shop")
        if sid in shops and day in shops[sid]["_closed"]:
            bad(f"{cid}: shop {sid} closed on {day}")
    for sid, tot in totals.items():
        mo = shops[sid].get("min_order")
        if mo and tot < Decimal(mo):
            bad(f"{cid}: {sid} total {tot} below min_order {mo}")
    first = earliest(kind, now)
    if "earliest-window" in c.get("tags", []) and first != ls:
        bad(f"{cid}: tagged earliest-window but earliest is {first}")
    ln = now.astimezone(TZ)
    st = f"+{slot['station']}" if kind == "pickup" else ""
    log.append(f"{cid}: now {ln:%a %Y-%m-%d %H:%M} -> {kind} {ls:%a %Y-%m-%d %H:%M}{st} "
               f"(cutoff {'ok' if cut_ok else 'VIOLATED'}, earliest possible {first:%a %d.%m. %H:%M})")

print(f"catalog: {len(shops)} shops, {n_products} products, {len(stations)} stations, "
      f"{len(munis)} municipalities; MV holidays Feb-May 2029: "
      + ", ".join(f"{d:%a %d.%m.} {n}" for d, n in sorted(HOL.items()) if DATE_FROM <= d <= DATE_TO))
print(f"conversations: {len(ids)} ({per_channel['voice']} voice / {per_channel['telegram']} telegram / "
      f"{per_channel['web']} web); booked: {booked['delivery']} delivery, {booked['pickup']} pick-up")
print("\n".join(log))
if problems:
    print(f"\n{len(problems)} PROBLEM(S):")
    print("\n".join("  " + p for p in problems))
    sys.exit(1)
print("\nno problems found")
