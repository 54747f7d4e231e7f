#!/usr/bin/env python3
"""Check the Erzgebirge evaluation set against its own catalog.

Usage: python3 gen/check.py [CATALOG] [CONVERSATIONS]
       (defaults: erzgebirge.yml and erzgebirge_1.yml beside gen/)

Checks
  catalog:       format, ids, units, prices, vat, allergens, min_age, deposits,
                 substitutes, closed periods, vouchers, counts (5 municipalities,
                 3-4 stations, 10 shops, 140-170 products)
  conversations: format and catalog line, ids (prefix erz-, unique), channels 10/10/10,
                 `now` inside the assignment's range and with the right UTC offset,
                 only `say` turns, voice turns lower case without punctuation or digits,
                 tags present, customer municipality known,
                 every expect line names a shop and a product of that shop,
                 quantities are decimal strings fitting the unit (piece: whole numbers),
                 vouchers only where the shop sells them and within min/max,
                 every slot: a window of the template on that weekday and start time,
                 not on a Sunday or a Saxon public holiday, bookable at `now` (cutoff),
                 station exists, no shop of the cart closed that day, every shop's
                 min_order reached, delivery has a street.
Prints one line per conversation and a summary; exit status 0 only without problems.
"""
import datetime as dt
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent.parent
CAT = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "erzgebirge.yml"
CONV = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "erzgebirge_1.yml"

NOW_FROM = dt.date(2028, 6, 5)
NOW_TO = dt.date(2028, 9, 30)
TZ = ZoneInfo("Europe/Berlin")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_DE = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid",
             "lupinen", "weichtiere"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC = re.compile(r"^\d+(\.\d+)?$")

problems = []


def problem(where, msg):
    problems.append(f"{where}: {msg}")


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
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holidays_sn(year):
    e = easter(year)
    nov23 = dt.date(year, 11, 23)
    # Buß- und Bettag: the Wednesday before 23 November
    bbt = nov23 - dt.timedelta(days=(nov23.weekday() - 2) % 7 or 7)
    return {
        dt.date(year, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 10, 31): "Reformationstag",
        bbt: "Buß- und Bettag",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


def dec(s, where):
    if not isinstance(s, str) or not DEC.match(s):
        problem(where, f"not a decimal string: {s!r}")
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        problem(where, f"bad decimal {s!r}")
        return None


def hm(s):
    h, m = s.split(":")
    return int(h), int(m)


def closed_days(shop):
    days = set()
    for c in shop.get("closed", []) or []:
        if isinstance(c, str):
            days.add(dt.date.fromisoformat(c))
        else:
            a, b = dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])
            if b < a:
                problem(shop["id"], f"closed period ends before it starts: {c}")
            while a <= b:
                days.add(a)
                a += dt.timedelta(days=1)
    return days


# ---------------------------------------------------------------- catalog
cat = yaml.safe_load(CAT.read_text(encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    problem("catalog", "format is not kiepe-catalog/1")
region = cat["region"]
if not SLUG.match(region["id"]):
    problem("catalog", "region id is not a slug")
if region.get("holidays") != "SN":
    problem("catalog", "holidays is not SN")
munis = {m["id"]: m for m in region["municipalities"]}
for m in region["municipalities"]:
    for pc in m["postcodes"]:
        if not re.match(r"^\d{5}$", pc):
            problem(m["id"], f"postcode {pc!r}")
stations = {s["id"]: s for s in region["pickup_stations"]}
for s in stations.values():
    if s["municipality"] not in munis:
        problem(s["id"], "station municipality unknown")
shops = {}
n_products = 0
for shop in cat["shops"]:
    sid = shop["id"]
    if sid in shops:
        problem(sid, "duplicate shop id")
    shops[sid] = shop
    if shop["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        problem(sid, "bad kind")
    if shop["municipality"] not in munis:
        problem(sid, "municipality unknown")
    shop["_closed"] = closed_days(shop)
    shop["_products"] = {}
    for p in shop["products"]:
        w = f"{sid}/{p['id']}"
        n_products += 1
        if not SLUG.match(p["id"]):
            problem(w, "id not a slug")
        if p["id"] in shop["_products"]:
            problem(w, "duplicate product id")
        shop["_products"][p["id"]] = p
        if p["unit"] not in ("piece", "kg", "l"):
            problem(w, "bad unit")
        dec(p["price"], w + " price")
        if p["vat"] not in (7, 19):
            problem(w, "bad vat")
        if "deposit" in p:
            dec(p["deposit"], w + " deposit")
        if "min_age" in p and p["min_age"] not in (16, 18):
            problem(w, "bad min_age")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                problem(w, f"unknown allergen {a}")
    for p in shop["products"]:
        for s in p.get("substitutes", []):
            if s not in shop["_products"]:
                problem(f"{sid}/{p['id']}", f"substitute {s} not in shop")
    if "min_order" in shop:
        dec(shop["min_order"], sid + " min_order")
    if "vouchers" in shop:
        dec(shop["vouchers"]["min"], sid + " voucher min")
        dec(shop["vouchers"]["max"], sid + " voucher max")

print(f"catalog {CAT.name}: {len(munis)} municipalities, {len(stations)} stations, "
      f"{len(shops)} shops, {n_products} products")
if len(munis) != 5:
    problem("catalog", "not 5 municipalities")
if not 3 <= len(stations) <= 4:
    problem("catalog", "not 3-4 stations")
if len(shops) != 10:
    problem("catalog", "not 10 shops")
if not 140 <= n_products <= 170:
    problem("catalog", "product count outside 140-170")
closed_shops = [s for s in shops.values() if s["_closed"]]
for s in closed_shops:
    in_range = sorted(d for d in s["_closed"] if NOW_FROM <= d <= NOW_TO + dt.timedelta(days=7))
    print(f"  closed: {s['id']}: {in_range[0]} .. {in_range[-1]} ({len(in_range)} days)" if in_range
          else f"  closed: {s['id']}: none in range")

TEMPLATES = {"delivery": region["delivery"], "pickup": region["pickup"]}


def windows_on(kind, day):
    """(start, end) datetimes of the template windows of `kind` on date `day`."""
    out = []
    if day in holidays_sn(day.year):
        return out
    for w in TEMPLATES[kind]["windows"]:
        if DAYS[day.weekday()] in w["days"]:
            sh, sm = hm(w["start"])
            eh, em = hm(w["end"])
            out.append((dt.datetime(day.year, day.month, day.day, sh, sm, tzinfo=TZ),
                        dt.datetime(day.year, day.month, day.day, eh, em, tzinfo=TZ)))
    return sorted(out)


def earliest(kind, now):
    cutoff = dt.timedelta(hours=TEMPLATES[kind]["cutoff_hours"])
    d = now.date()
    for _ in range(14):
        for s, _e in windows_on(kind, d):
            if s - cutoff >= now:
                return s
        d += dt.timedelta(days=1)
    return None


# ---------------------------------------------------------------- conversations
text = CONV.read_text(encoding="utf-8")
lines = text.splitlines()
if len(lines) < 2 or lines[1].strip() != f"catalog: {CAT.name}":
    problem("conversations", f"second line is not 'catalog: {CAT.name}'")
conv = yaml.safe_load(text)
if conv.get("format") != "kiepe-conversations/1":
    problem("conversations", "format is not kiepe-conversations/1")
convs = conv["conversations"]
ids = set()
channels = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0, "none": 0}
tags_all = {}
log = []
for c in convs:
    cid = c["id"]
    if not cid.startswith("erz-"):
        problem(cid, "id does not start with erz-")
    if cid in ids:
        problem(cid, "duplicate id")
    ids.add(cid)
    ch = c["channel"]
    if ch not in channels:
        problem(cid, f"bad channel {ch}")
    else:
        channels[ch] += 1
    now = dt.datetime.fromisoformat(c["now"])
    if now.utcoffset() != now.astimezone(TZ).utcoffset():
        problem(cid, f"now offset {now.utcoffset()} is not Berlin's at that date")
    if not NOW_FROM <= now.date() <= NOW_TO:
        problem(cid, f"now {now.date()} outside {NOW_FROM}..{NOW_TO}")
    cust = c["customer"]
    if cust.get("municipality") not in munis:
        problem(cid, "customer municipality unknown")
    if not c.get("tags"):
        problem(cid, "no tags")
    for t in c.get("tags", []):
        tags_all[t] = tags_all.get(t, 0) + 1
    for i, t in enumerate(c["turns"]):
        if set(t) != {"say"}:
            problem(cid, f"turn {i + 1} is not a plain say turn: {sorted(t)}")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower():
                problem(cid, f"voice turn {i + 1} has capitals")
            if re.search(r"[.,;:!?\"'()\d€%]", s):
                problem(cid, f"voice turn {i + 1} has punctuation or digits")
    exp = c.get("expect") or {}
    if "cart" not in exp:
        problem(cid, "no expected cart")
    totals = {}
    for ln in exp.get("cart", []):
        sid = ln.get("shop")
        if sid not in shops:
            problem(cid, f"unknown shop {sid}")
            continue
        shop = shops[sid]
        if "voucher" in ln:
            v = dec(ln["voucher"], f"{cid} voucher")
            if "vouchers" not in shop:
                problem(cid, f"{sid} sells no vouchers")
            elif v is not None and not (Decimal(shop["vouchers"]["min"]) <= v <= Decimal(shop["vouchers"]["max"])):
                problem(cid, f"voucher {v} outside {sid}'s min/max")
            continue
        pid = ln.get("product")
        p = shop["_products"].get(pid)
        if p is None:
            problem(cid, f"{sid} has no product {pid}")
            continue
        q = dec(ln.get("quantity"), f"{cid} {sid}/{pid} quantity")
        if q is None:
            continue
        if q <= 0:
            problem(cid, f"{sid}/{pid} quantity not positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            problem(cid, f"{sid}/{pid} is sold by the piece, quantity {q}")
        totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
    slot = exp.get("slot")
    if slot is None:
        booked["none"] += 1
        log.append(f"{cid:34s} {ch:8s} now {DAY_DE[now.weekday()]} {now:%Y-%m-%d %H:%M} -> no booking")
        continue
    kind = slot["kind"]
    if kind not in TEMPLATES:
        problem(cid, f"bad slot kind {kind}")
        continue
    booked[kind] += 1
    start = dt.datetime.fromisoformat(slot["start"])
    if start.utcoffset() != start.astimezone(TZ).utcoffset():
        problem(cid, "slot offset is not Berlin's at that date")
    day = start.date()
    hol = holidays_sn(day.year)
    if day in hol:
        problem(cid, f"slot on holiday {hol[day]}")
    if day.weekday() == 6:
        problem(cid, "slot on a Sunday")
    if day == easter(day.year) + dt.timedelta(days=60):
        problem(cid, "slot on Fronleichnam (a holiday in parts of Saxony): avoid")
    wins = [s for s, _e in windows_on(kind, day)]
    if start not in wins:
        problem(cid, f"{kind} slot {start} is not a window start on {DAYS[day.weekday()]}")
    cutoff = dt.timedelta(hours=TEMPLATES[kind]["cutoff_hours"])
    if start - cutoff < now:
        problem(cid, f"slot past its cutoff (bookable until {start - cutoff})")
    if kind == "pickup":
        if slot.get("station") not in stations:
            problem(cid, f"unknown station {slot.get('station')}")
    elif not cust.get("street"):
        problem(cid, "delivery without customer street")
    for sid in {ln["shop"] for ln in exp.get("cart", [])}:
        if day in shops[sid]["_closed"]:
            problem(cid, f"{sid} closed on {day}")
        mo = shops[sid].get("min_order")
        if mo and sid in totals and totals[sid] < Decimal(mo):
            problem(cid, f"{sid} total {totals[sid]} below min_order {mo}")
    e = earliest(kind, now)
    st = f"+{slot['station']}" if kind == "pickup" else ""
    log.append(f"{cid:34s} {ch:8s} now {DAY_DE[now.weekday()]} {now:%Y-%m-%d %H:%M} -> {kind} "
               f"{DAY_DE[day.weekday()]} {start:%Y-%m-%d %H:%M}{st} (cutoff {start - cutoff:%a %H:%M}; "
               f"earliest possible {DAY_DE[e.weekday()]} {e:%d.%m. %H:%M})")

print(f"conversations {CONV.name}: {len(convs)}; channels {channels}; "
      f"booked delivery {booked['delivery']} / pickup {booked['pickup']} / none {booked['none']}")
if channels != {"voice": 10, "telegram": 10, "web": 10}:
    problem("conversations", f"channel counts are not 10/10/10: {channels}")
if len(convs) != 30:
    problem("conversations", "not 30 conversations")
print("holidays SN in/after range:",
      ", ".join(f"{d} {n}" for d, n in sorted(holidays_sn(2028).items())
                if NOW_FROM <= d <= NOW_TO + dt.timedelta(days=14)))
print()
for ln in log:
    print(ln)
print()
print("tags:", ", ".join(f"{t} {n}" for t, n in sorted(tags_all.items())))
print()
for p in problems:
    print("PROBLEM", p)
print(f"{len(convs) - len({p.split(':')[0] for p in problems if p.startswith('erz-')})} passed, "
      f"{len(problems)} failed")
sys.exit(1 if problems else 0)
