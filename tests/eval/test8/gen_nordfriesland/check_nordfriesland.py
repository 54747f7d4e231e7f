#!/usr/bin/env python3
"""Checks the Nordfriesland catalog and conversation set (stdlib + PyYAML only).

Usage: python3 check_nordfriesland.py [CATALOG] [CONVERSATIONS]
Exits 1 when any check fails; prints one log line per booked slot.
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
CATALOG = sys.argv[1] if len(sys.argv) > 1 else os.path.join(BASE, "nordfriesland.yml")
CONVS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(BASE, "nordfriesland_1.yml")

RANGE_FROM = dt.date(2028, 11, 1)
RANGE_TO = dt.date(2029, 2, 28)
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD_DE = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DEC = re.compile(r"^-?\d+(\.\d+)?$")
MONEY = re.compile(r"^\d+\.\d\d$")
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}

errors = []


def err(msg):
    errors.append(msg)
    print("ERROR:", msg)


# ------------------------------------------------------------------ holidays
def easter(year):
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def holidays_sh(year):
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
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


HOLIDAYS = {}
for y in (2028, 2029):
    HOLIDAYS.update(holidays_sh(y))


# ------------------------------------------------------------------ catalog
def dec(value, where):
    if not isinstance(value, str) or not DEC.match(value):
        err(f"{where}: {value!r} is not a decimal string")
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        err(f"{where}: {value!r} is not a decimal")
        return None


with open(CATALOG, encoding="utf-8") as fh:
    cat = yaml.safe_load(fh)

if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format is not kiepe-catalog/1")
region = cat["region"]
TZ = ZoneInfo(region["timezone"])
if region.get("holidays") != "SH":
    err("catalog: holidays is not SH")
munis = {m["id"] for m in region["municipalities"]}
for m in region["municipalities"]:
    if not SLUG.match(m["id"]):
        err(f"municipality id {m['id']}")
    for pc in m["postcodes"]:
        if not (isinstance(pc, str) and re.match(r"^\d{5}$", pc)):
            err(f"municipality {m['id']}: postcode {pc!r}")
stations = {}
for s in region["pickup_stations"]:
    stations[s["id"]] = s
    if s["municipality"] not in munis:
        err(f"station {s['id']}: unknown municipality")
for kind in ("delivery", "pickup"):
    for w in region[kind]["windows"]:
        for d in w["days"]:
            if d not in DAYS:
                err(f"{kind} window day {d}")
        if not (re.match(r"^\d\d:\d\d$", w["start"]) and re.match(r"^\d\d:\d\d$", w["end"]) and w["start"] < w["end"]):
            err(f"{kind} window {w}")
dec(region["delivery"]["fee"], "delivery.fee")
dec(region["delivery"]["free_from"], "delivery.free_from")

shops = {}
n_products = 0
for shop in cat["shops"]:
    sid = shop["id"]
    if sid in shops:
        err(f"duplicate shop {sid}")
    if not SLUG.match(sid):
        err(f"shop id {sid}")
    if shop["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {sid}: kind {shop['kind']}")
    if shop["municipality"] not in munis:
        err(f"shop {sid}: municipality {shop['municipality']}")
    if "min_order" in shop:
        dec(shop["min_order"], f"{sid}.min_order")
    closed = set()
    for c in shop.get("closed", []):
        if isinstance(c, str):
            closed.add(dt.date.fromisoformat(c))
        else:
            a, b = dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])
            if b < a:
                err(f"{sid}: closed range reversed")
            while a <= b:
                closed.add(a)
                a += dt.timedelta(days=1)
    prods = {}
    for p in shop["products"]:
        pid = p["id"]
        where = f"{sid}/{pid}"
        if pid in prods:
            err(f"duplicate product {where}")
        if not SLUG.match(pid):
            err(f"product id {where}")
        if p["unit"] not in ("piece", "kg", "l"):
            err(f"{where}: unit {p['unit']}")
        if p["vat"] not in (7, 19):
            err(f"{where}: vat {p['vat']}")
        if not MONEY.match(str(p["price"])) or not isinstance(p["price"], str):
            err(f"{where}: price {p['price']!r}")
        if "deposit" in p and (not isinstance(p["deposit"], str) or not MONEY.match(p["deposit"])):
            err(f"{where}: deposit {p['deposit']!r}")
        if "min_age" in p and p["min_age"] not in (16, 18):
            err(f"{where}: min_age {p['min_age']}")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                err(f"{where}: allergen {a}")
        prods[pid] = p
    for p in shop["products"]:
        for s in p.get("substitutes", []):
            if s not in prods:
                err(f"{sid}/{p['id']}: substitute {s} not in shop")
    vouchers = shop.get("vouchers")
    if vouchers:
        dec(vouchers["min"], f"{sid}.vouchers.min")
        dec(vouchers["max"], f"{sid}.vouchers.max")
    shops[sid] = {"products": prods, "closed": closed, "vouchers": vouchers,
                  "min_order": Decimal(shop.get("min_order", "0"))}
    n_products += len(prods)

print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {n_products} products")
if not 4 <= len(munis) <= 5:
    err("catalog: needs 4-5 municipalities")
if not 2 <= len(stations) <= 3:
    err("catalog: needs 2-3 stations")
if len(shops) != 10:
    err("catalog: needs 10 shops")
if not 140 <= n_products <= 170:
    err("catalog: needs 140-170 products")


# ------------------------------------------------------------------ windows
def windows_on(kind, day):
    """All (start, end) datetimes of the template on a date, [] on Sundays/holidays."""
    if day.weekday() == 6 or day in HOLIDAYS:
        return []
    out = []
    for w in region[kind]["windows"]:
        if DAYS[day.weekday()] in w["days"]:
            h, m = map(int, w["start"].split(":"))
            h2, m2 = map(int, w["end"].split(":"))
            out.append((dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ),
                        dt.datetime(day.year, day.month, day.day, h2, m2, tzinfo=TZ)))
    return sorted(out)


def earliest(kind, now):
    cutoff = dt.timedelta(hours=region[kind]["cutoff_hours"])
    day = now.date()
    for _ in range(30):
        for start, _end in windows_on(kind, day):
            if start - cutoff >= now:
                return start
        day += dt.timedelta(days=1)
    return None


def fmt(t):
    return f"{WD_DE[t.weekday()]} {t.strftime('%d.%m.%Y %H:%M')}"


# ------------------------------------------------------------------ conversations
with open(CONVS, encoding="utf-8") as fh:
    raw = fh.read()
lines = raw.splitlines()
if lines[0].strip() != "format: kiepe-conversations/1":
    err("conversations: first line is not the format")
if lines[1].strip() != f"catalog: {os.path.basename(CATALOG)}":
    err("conversations: second line is not the catalog")
doc = yaml.safe_load(raw)
convs = doc["conversations"]

ids = set()
per_channel = {}
booked = {"delivery": 0, "pickup": 0}
VOICE_OK = re.compile(r"^[a-zäöüß0-9 ]+$")
slot_log = []
for c in convs:
    cid = c["id"]
    if cid in ids:
        err(f"duplicate conversation id {cid}")
    ids.add(cid)
    ch = c["channel"]
    if ch not in ("voice", "telegram", "web"):
        err(f"{cid}: channel {ch}")
    per_channel[ch] = per_channel.get(ch, 0) + 1
    now = dt.datetime.fromisoformat(c["now"])
    if now.utcoffset() != now.astimezone(TZ).utcoffset():
        err(f"{cid}: now offset {c['now']} is not the local offset")
    if not RANGE_FROM <= now.date() <= RANGE_TO:
        err(f"{cid}: now outside the date range")
    cust = c["customer"]
    if cust["municipality"] not in munis:
        err(f"{cid}: customer municipality")
    turns = c["turns"]
    if not 2 <= len(turns) <= 9:
        err(f"{cid}: {len(turns)} turns")
    for t in turns:
        if set(t) != {"say"}:
            err(f"{cid}: turn other than say: {t}")
        if ch == "voice" and not VOICE_OK.match(t["say"]):
            err(f"{cid}: voice turn not lower case without punctuation: {t['say']!r}")
    exp = c.get("expect")
    if not exp or "cart" not in exp:
        err(f"{cid}: no expected cart")
        continue
    totals = {}
    for line in exp["cart"]:
        sid = line["shop"]
        if sid not in shops:
            err(f"{cid}: unknown shop {sid}")
            continue
        if "voucher" in line:
            v = dec(line["voucher"], f"{cid} voucher")
            vs = shops[sid]["vouchers"]
            if not vs:
                err(f"{cid}: shop {sid} sells no vouchers")
            elif v is not None and not Decimal(vs["min"]) <= v <= Decimal(vs["max"]):
                err(f"{cid}: voucher {v} outside {vs}")
            continue
        pid = line["product"]
        p = shops[sid]["products"].get(pid)
        if p is None:
            err(f"{cid}: product {sid}/{pid} does not exist")
            continue
        q = dec(line["quantity"], f"{cid} {pid} quantity")
        if q is None:
            continue
        if q <= 0:
            err(f"{cid}: {pid} quantity not positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            err(f"{cid}: {pid} is sold per piece but quantity is {q}")
        totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
    slot = exp.get("slot")
    if not slot:
        continue
    kind = slot["kind"]
    booked[kind] += 1
    start = dt.datetime.fromisoformat(slot["start"])
    if start.utcoffset() != start.astimezone(TZ).utcoffset():
        err(f"{cid}: slot offset is not the local offset")
    if start.date() in HOLIDAYS:
        err(f"{cid}: slot on holiday {HOLIDAYS[start.date()]}")
    if start.weekday() == 6:
        err(f"{cid}: slot on a Sunday")
    if start not in [s for s, _ in windows_on(kind, start.date())]:
        err(f"{cid}: {fmt(start)} is not a {kind} window of the template")
    if start - dt.timedelta(hours=region[kind]["cutoff_hours"]) < now:
        err(f"{cid}: slot {fmt(start)} is past the cutoff from now {fmt(now)}")
    if kind == "pickup":
        if slot.get("station") not in stations:
            err(f"{cid}: unknown station {slot.get('station')}")
    else:
        if "street" not in cust and "address-in-turn" not in c.get("tags", []):
            err(f"{cid}: delivery without customer.street and without address in a turn")
    for sid, total in totals.items():
        if start.date() in shops[sid]["closed"]:
            err(f"{cid}: shop {sid} closed on {start.date()}")
        if total < shops[sid]["min_order"]:
            err(f"{cid}: shop {sid} total {total} below min_order {shops[sid]['min_order']}")
    e = earliest(kind, now)
    if "earliest-window" in c.get("tags", []) and e != start:
        err(f"{cid}: tagged earliest-window but earliest is {fmt(e)}")
    where = f"+{slot['station']}" if kind == "pickup" else ""
    slot_log.append(f"{cid}: now {fmt(now)} -> {kind} {fmt(start)}{where} "
                    f"(cutoff ok, earliest possible {fmt(e)}, "
                    f"shop totals {', '.join(f'{k} {v:.2f}' for k, v in totals.items())})")

# The first wish of these residents must really be impossible (they name another day after it).
REJECTED = {
    "nf-porren-toenning": ("pickup", "2028-11-17T14:00:00+01:00", None),
    "nf-tg-flens-zu-spaet": ("delivery", "2028-12-02T08:00:00+01:00", None),
    "nf-web-fruehstueck-dutzend": ("pickup", "2029-02-03T09:00:00+01:00", None),
    "nf-silvester-sonntag": ("delivery", "2028-12-31", None),
    "nf-web-neujahr-fisch-zu": ("delivery", "2029-01-01", "fischhaus-jacobsen"),
    "nf-tg-tannenbaum-umbuchen": ("delivery", "2028-12-14T17:00:00+01:00", "bookable"),
}
byid = {c["id"]: c for c in convs}
print("first wishes:")
for cid, (kind, when, extra) in REJECTED.items():
    now = dt.datetime.fromisoformat(byid[cid]["now"])
    cutoff = dt.timedelta(hours=region[kind]["cutoff_hours"])
    if "T" in when:
        start = dt.datetime.fromisoformat(when)
        in_template = start in [s for s, _ in windows_on(kind, start.date())]
        ok = in_template and start - cutoff >= now
        if extra == "bookable":
            if not ok:
                err(f"{cid}: first wish {fmt(start)} should be bookable (the resident changes it by choice)")
            print(f"  {cid}: {kind} {fmt(start)} bookable, changed by the resident's choice")
        else:
            if ok:
                err(f"{cid}: first wish {fmt(start)} is bookable, but the conversation treats it as too late")
            print(f"  {cid}: {kind} {fmt(start)} not bookable from {fmt(now)} (cutoff {region[kind]['cutoff_hours']} h)")
    else:
        day = dt.date.fromisoformat(when)
        if windows_on(kind, day):
            err(f"{cid}: first wish {day} has {kind} windows")
        reason = HOLIDAYS.get(day, "Sunday" if day.weekday() == 6 else "?")
        print(f"  {cid}: {kind} on {WD_DE[day.weekday()]} {day} has no window ({reason})")
    if extra and extra != "bookable":
        nxt = dt.datetime.fromisoformat(byid[cid]["expect"]["slot"]["start"]).date()
        if nxt not in shops[extra]["closed"]:
            err(f"{cid}: {extra} should be closed on {nxt}")
        print(f"  {cid}: {extra} closed on {nxt} (its lines are removed by the resident)")

print(f"conversations: {len(convs)} ({', '.join(f'{k} {v}' for k, v in sorted(per_channel.items()))})")
print(f"booked: delivery {booked['delivery']}, pickup {booked['pickup']}, "
      f"total {booked['delivery'] + booked['pickup']} of {len(convs)}")
if len(convs) != 30 or any(per_channel.get(ch) != 10 for ch in ("voice", "telegram", "web")):
    err("conversations: need 30, 10 per channel")
print("slots:")
for s in slot_log:
    print("  " + s)
print(f"{'OK' if not errors else 'FAILED'}: {len(errors)} error(s)")
sys.exit(1 if errors else 0)
