#!/usr/bin/env python3
"""Checks the Eichsfeld catalog and conversation set (stdlib + PyYAML only).

Usage: python3 check_eichsfeld.py [CATALOG] [CONVERSATIONS]
Defaults: ../eichsfeld.yml and ../eichsfeld_1.yml relative to this file.
Prints one line per booked slot (how the day was resolved) and every problem found;
exit status 0 only when no problem was found.
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOG = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "eichsfeld.yml")
CONVS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "eichsfeld_1.yml")

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_DE = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
RANGE_FROM = dt.date(2028, 11, 1)
RANGE_TO = dt.date(2029, 2, 28)
DEC_RE = re.compile(r"^-?\d+(\.\d+)?$")
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}

problems = []


def problem(msg):
    problems.append(msg)


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


def holidays_th(year):
    """Public holidays valid in all of Thuringia (Fronleichnam only holds in parts of the
    Eichsfeld and is in June, outside the period; it is left out)."""
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(year, 9, 20): "Weltkindertag",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 10, 31): "Reformationstag",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


HOLIDAYS = {}
for _y in (2028, 2029):
    HOLIDAYS.update(holidays_th(_y))


def is_dec(s):
    return isinstance(s, str) and bool(DEC_RE.match(s))


# ------------------------------------------------------------------ catalog
with open(CATALOG, encoding="utf-8") as fh:
    cat = yaml.safe_load(fh)

if cat.get("format") != "kiepe-catalog/1":
    problem("catalog: format is not kiepe-catalog/1")
region = cat["region"]
TZ = ZoneInfo(region["timezone"])
if region.get("holidays") != "TH":
    problem("catalog: holidays is not TH")
munis = {m["id"] for m in region["municipalities"]}
for m in region["municipalities"]:
    for pc in m["postcodes"]:
        if not re.match(r"^\d{5}$", pc):
            problem(f"catalog: postcode {pc!r} of {m['id']}")
stations = {}
for s in region["pickup_stations"]:
    if s["municipality"] not in munis:
        problem(f"catalog: station {s['id']} in unknown municipality")
    stations[s["id"]] = s
if not 4 <= len(munis) <= 5:
    problem(f"catalog: {len(munis)} municipalities")
if not 2 <= len(stations) <= 3:
    problem(f"catalog: {len(stations)} stations")
for key in ("fee", "free_from"):
    if not is_dec(region["delivery"].get(key)):
        problem(f"catalog: delivery.{key} not a decimal string")


def parse_closed(entries):
    out = []
    for e in entries or []:
        if isinstance(e, str):
            d = dt.date.fromisoformat(e)
            out.append((d, d))
        else:
            out.append((dt.date.fromisoformat(e["from"]), dt.date.fromisoformat(e["to"])))
    return out


shops = {}
n_products = 0
for shop in cat["shops"]:
    sid = shop["id"]
    if sid in shops:
        problem(f"catalog: duplicate shop {sid}")
    if shop["municipality"] not in munis:
        problem(f"catalog: shop {sid} in unknown municipality")
    if shop["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        problem(f"catalog: shop {sid} kind")
    prods = {}
    for p in shop.get("products", []):
        n_products += 1
        if p["id"] in prods:
            problem(f"catalog: duplicate product {sid}/{p['id']}")
        if not re.match(r"^[a-z0-9-]+$", p["id"]):
            problem(f"catalog: product id {p['id']!r}")
        if p["unit"] not in ("piece", "kg", "l"):
            problem(f"catalog: {sid}/{p['id']} unit")
        if not is_dec(p["price"]):
            problem(f"catalog: {sid}/{p['id']} price not a decimal string")
        if p["vat"] not in (7, 19):
            problem(f"catalog: {sid}/{p['id']} vat")
        if "deposit" in p and not is_dec(p["deposit"]):
            problem(f"catalog: {sid}/{p['id']} deposit")
        if "min_age" in p and p["min_age"] not in (16, 18):
            problem(f"catalog: {sid}/{p['id']} min_age")
        if "size" in p and not re.match(r"^\d+(,\d+)? (g|kg|ml|l)$", p["size"]):
            problem(f"catalog: {sid}/{p['id']} size {p['size']!r} is not '<number> g|kg|ml|l'")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                problem(f"catalog: {sid}/{p['id']} allergen {a}")
        prods[p["id"]] = p
    for p in prods.values():
        for sub in p.get("substitutes", []):
            if sub not in prods:
                problem(f"catalog: {sid}/{p['id']} substitute {sub} not in shop")
    if "min_order" in shop and not is_dec(shop["min_order"]):
        problem(f"catalog: {sid} min_order")
    shops[sid] = {
        "products": prods,
        "vouchers": shop.get("vouchers"),
        "min_order": Decimal(shop.get("min_order", "0")),
        "closed": parse_closed(shop.get("closed")),
        "name": shop["name"],
    }
if len(shops) != 10:
    problem(f"catalog: {len(shops)} shops, want 10")
if not 140 <= n_products <= 170:
    problem(f"catalog: {n_products} products, want 140-170")


def windows(kind, day):
    """Windows (start, end) of the template on a date, without holiday logic."""
    tmpl = region[kind]["windows"]
    wd = DAYS[day.weekday()]
    out = []
    for w in tmpl:
        if wd in w["days"]:
            sh, sm = map(int, w["start"].split(":"))
            eh, em = map(int, w["end"].split(":"))
            out.append((dt.datetime(day.year, day.month, day.day, sh, sm, tzinfo=TZ),
                        dt.datetime(day.year, day.month, day.day, eh, em, tzinfo=TZ)))
    return sorted(out)


def earliest(kind, now):
    cutoff = dt.timedelta(hours=region[kind]["cutoff_hours"])
    day = now.date()
    for _ in range(30):
        if day.weekday() != 6 and day not in HOLIDAYS:
            for start, _end in windows(kind, day):
                if start - cutoff >= now:
                    return start
        day += dt.timedelta(days=1)
    return None


def fmt(t):
    return f"{DAY_DE[t.weekday()]} {t:%Y-%m-%d %H:%M}"


# Slots the residents ask for first in the correction-slot cases; each must be refused.
FIRST_ASKED = {
    "eic-vo-kaffeetrinken-sonntag": {"kind": "delivery", "start": "2029-01-28T08:00:00+01:00"},
    "eic-tg-forellenhof-urlaub": {"kind": "delivery", "start": "2029-01-12T09:00:00+01:00"},
    "eic-tg-neujahr-feiertag": {"kind": "delivery", "start": "2029-01-01T09:00:00+01:00"},
    "eic-web-heute-zu-spaet": {"kind": "pickup", "start": "2029-02-02T15:00:00+01:00",
                               "station": "leinefelde-bahnhof"},
}


def slot_reasons(slot, now, totals, cust, tags):
    """Why a slot could not be booked (empty list: it can)."""
    out = []
    kind = slot["kind"]
    start = dt.datetime.fromisoformat(slot["start"])
    if start.utcoffset() != start.astimezone(TZ).utcoffset():
        out.append("slot start has the wrong UTC offset")
    day = start.date()
    if start not in [s for s, _e in windows(kind, day)]:
        out.append(f"{fmt(start)} is not a {kind} window of the template")
    if day.weekday() == 6:
        out.append("slot on a Sunday")
    if day in HOLIDAYS:
        out.append(f"slot on the holiday {HOLIDAYS[day]}")
    cutoff = dt.timedelta(hours=region[kind]["cutoff_hours"])
    if start - cutoff < now:
        out.append(f"cutoff passed ({fmt(start)} - {region[kind]['cutoff_hours']} h < now)")
    if kind == "pickup":
        if slot.get("station") not in stations:
            out.append(f"station {slot.get('station')} unknown")
    else:
        if "station" in slot:
            out.append("delivery slot with a station")
        if "street" not in cust and "address-in-turn" not in tags:
            out.append("delivery without customer.street and without address-in-turn")
    for sid, total in totals.items():
        shop = shops[sid]
        if total < shop["min_order"]:
            out.append(f"{sid} total {total:.2f} below min_order {shop['min_order']}")
        for a, b in shop["closed"]:
            if a <= day <= b:
                out.append(f"{sid} is closed on {day}")
    return out


# ------------------------------------------------------------------ conversations
with open(CONVS, encoding="utf-8") as fh:
    raw = fh.read()
conv_doc = yaml.safe_load(raw)
lines = raw.splitlines()
if lines[0].strip() != "format: kiepe-conversations/1":
    problem("conversations: first line is not the format")
if lines[1].strip() != "catalog: eichsfeld.yml":
    problem("conversations: second line is not 'catalog: eichsfeld.yml'")

convs = conv_doc["conversations"]
ids = [c["id"] for c in convs]
if len(set(ids)) != len(ids):
    problem("conversations: duplicate ids")
count = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
log = []
VOICE_BAD = re.compile(r"[A-ZÄÖÜ.,;:!?\"'()€%+/]")

for c in convs:
    cid = c["id"]
    ch = c["channel"]
    if ch not in count:
        problem(f"{cid}: channel {ch}")
        continue
    count[ch] += 1
    now = dt.datetime.fromisoformat(c["now"])
    if not RANGE_FROM <= now.date() <= RANGE_TO:
        problem(f"{cid}: now {c['now']} outside the range")
    if now.utcoffset() != now.astimezone(TZ).utcoffset():
        problem(f"{cid}: now {c['now']} has the wrong UTC offset")
    cust = c["customer"]
    if cust["municipality"] not in munis:
        problem(f"{cid}: customer municipality")
    if not re.match(r"^\+49 \d{2,5} \d{5,8}$", cust["phone"]):
        problem(f"{cid}: phone {cust['phone']!r}")
    turns = c["turns"]
    if not 2 <= len(turns) <= 9:
        problem(f"{cid}: {len(turns)} turns")
    for t in turns:
        if set(t) != {"say"}:
            problem(f"{cid}: turn {t} is not a say turn")
        elif ch == "voice" and VOICE_BAD.search(t["say"]):
            problem(f"{cid}: voice turn with capitals/punctuation: {t['say']!r}")
    exp = c.get("expect") or {}
    cart = exp.get("cart", [])
    totals = {}
    for line in cart:
        sid = line["shop"]
        if sid not in shops:
            problem(f"{cid}: unknown shop {sid}")
            continue
        shop = shops[sid]
        if "voucher" in line:
            v = line["voucher"]
            if not is_dec(v):
                problem(f"{cid}: voucher {v!r} not a decimal string")
            elif not shop["vouchers"]:
                problem(f"{cid}: {sid} sells no vouchers")
            elif not Decimal(shop["vouchers"]["min"]) <= Decimal(v) <= Decimal(shop["vouchers"]["max"]):
                problem(f"{cid}: voucher {v} outside {sid}'s range")
            continue
        pid = line["product"]
        q = line["quantity"]
        if pid not in shop["products"]:
            problem(f"{cid}: product {sid}/{pid} does not exist")
            continue
        p = shop["products"][pid]
        if not is_dec(q):
            problem(f"{cid}: quantity {q!r} of {pid} not a decimal string")
            continue
        qd = Decimal(q)
        if qd <= 0:
            problem(f"{cid}: quantity {q} of {pid} not positive")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            problem(f"{cid}: piece product {pid} with quantity {q}")
        totals[sid] = totals.get(sid, Decimal(0)) + qd * Decimal(p["price"])
    keys = [(l["shop"], l.get("product", "voucher:" + str(l.get("voucher")))) for l in cart]
    if len(set(keys)) != len(keys):
        problem(f"{cid}: the same line twice in the cart")
    tags = c.get("tags", [])
    slot = exp.get("slot")
    if not slot:
        continue
    kind = slot["kind"]
    booked[kind] += 1
    start = dt.datetime.fromisoformat(slot["start"])
    for reason in slot_reasons(slot, now, totals, cust, tags):
        problem(f"{cid}: {reason}")
    first = FIRST_ASKED.get(cid)
    if first is not None:
        why = slot_reasons(first, now, totals, cust, tags)
        if not why:
            problem(f"{cid}: the first-asked slot {first['start']} would be bookable")
        else:
            log.append(f"{cid}: first asked {first['kind']} {fmt(dt.datetime.fromisoformat(first['start']))}"
                       f" -> refused: {'; '.join(why)}")
    ear = earliest(kind, now)
    if "earliest-window" in tags and ear != start:
        problem(f"{cid}: tagged earliest-window but earliest is {fmt(ear)}")
    where = f"+{slot['station']}" if kind == "pickup" else ""
    log.append(f"{cid}: now {fmt(now)} -> {kind} {fmt(start)}{where} "
               f"(cutoff ok, earliest possible {fmt(ear)}; totals "
               + ", ".join(f"{s} {t:.2f}" for s, t in totals.items()) + ")")

for l in log:
    print(l)
print()
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
      f"{n_products} products")
print(f"conversations: {len(convs)} (voice {count['voice']}, telegram {count['telegram']}, "
      f"web {count['web']}); booked: delivery {booked['delivery']}, pickup {booked['pickup']}")
print("TH holidays in the period: " + ", ".join(
    f"{d} {n}" for d, n in sorted(HOLIDAYS.items()) if RANGE_FROM <= d <= RANGE_TO))
if count != {"voice": 10, "telegram": 10, "web": 10}:
    problem("conversations: want 10 per channel")
print()
if problems:
    print(f"{len(problems)} PROBLEMS:")
    for p in problems:
        print("  - " + p)
    sys.exit(1)
print("OK: no problems found")
