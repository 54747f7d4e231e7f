#!/usr/bin/env python3
"""Check fichtelgebirge.yml (kiepe-catalog/1) and fichtelgebirge_1.yml (kiepe-conversations/1).

Python 3 with PyYAML and zoneinfo only. Run from anywhere:
    python3 gen_fichtelgebirge/check.py > gen_fichtelgebirge/check_output.txt
Prints one log line per conversation, the impossible first-asked days, statistics and the
number of errors; exit status 0 only with 0 errors.
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(HERE)
CATALOG = os.path.join(BASE, "fichtelgebirge.yml")
CONVS = os.path.join(BASE, "fichtelgebirge_1.yml")

RANGE_FROM = dt.date(2030, 12, 1)
RANGE_TO = dt.date(2031, 2, 28)
STATE = "BY"

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC = re.compile(r"^\d+(\.\d{1,2})?$")
QTY = re.compile(r"^\d+(\.\d+)?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SIZE = re.compile(r"^\d+(,\d+)?( × \d+(,\d+)?)? ?(g|kg|l|ml|Stück)$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
KINDS = {"retailer", "direct_marketer", "service_provider"}
UNITS = {"piece", "kg", "l"}
CHANNELS = {"voice", "telegram", "web"}
VOICE_OK = re.compile(r"^[a-zäöüß ]+$")

# Days a resident asks for first, before naming the day that is booked: each must be impossible.
FIRST_ASKED = {
    "fg-v-stephanitag-getraenke": ("delivery", "2030-12-26T09:00:00+01:00", None),
    "fg-v-dreikoenig-sauerbraten": ("pickup", "2031-01-06T14:00:00+01:00", "marktredwitz-bahnhof"),
    "fg-v-forelln-zu-spaet": ("delivery", "2030-12-20T09:00:00+01:00", None),
    "fg-t-fisch-betriebsurlaub": ("pickup", "2031-02-04T14:00:00+01:00", "wunsiedel-markt"),
    "fg-w-muehle-zu": ("delivery", "2030-12-27T09:00:00+01:00", None),
    "fg-w-grab-blumen-urlaub": ("pickup", "2031-01-08T14:00:00+01:00", "marktredwitz-bahnhof"),
}

errors = []


def err(where, msg):
    errors.append(f"ERROR {where}: {msg}")


# ---------------------------------------------------------------- holidays
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


def holidays_by(year):
    """Public holidays of Bavaria as they apply in most of the state (Assumption included;
    Augsburger Friedensfest excluded; Buß- und Bettag is no public holiday in BY)."""
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
        dt.date(year, 8, 15): "Mariä Himmelfahrt",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 11, 1): "Allerheiligen",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


HOLIDAYS = {}
for _y in (2030, 2031):
    HOLIDAYS.update(holidays_by(_y))


# ---------------------------------------------------------------- helpers
def is_dec(v):
    return isinstance(v, str) and DEC.match(v) is not None


def parse_date(s):
    try:
        return dt.date.fromisoformat(s)
    except (TypeError, ValueError):
        return None


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


# ---------------------------------------------------------------- catalog
with open(CATALOG, encoding="utf-8") as fh:
    cat = yaml.safe_load(fh)

if cat.get("format") != "kiepe-catalog/1":
    err("catalog.format", "must be kiepe-catalog/1")
region = cat.get("region") or {}
for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in region:
        err(f"region.{f}", "missing")
if not SLUG.match(str(region.get("id", ""))):
    err("region.id", "not a slug")
TZ = ZoneInfo(region.get("timezone", "Europe/Berlin"))
if region.get("currency") != "EUR":
    err("region.currency", "must be EUR")
if region.get("holidays") != STATE:
    err("region.holidays", f"must be {STATE}")

munis = {}
for i, m in enumerate(region.get("municipalities", [])):
    w = f"region.municipalities[{i}]"
    if not SLUG.match(str(m.get("id", ""))):
        err(w + ".id", "not a slug")
    if not m.get("name"):
        err(w + ".name", "missing")
    pcs = m.get("postcodes")
    if not pcs or not all(isinstance(p, str) and re.match(r"^\d{5}$", p) for p in pcs):
        err(w + ".postcodes", "need 5-digit strings")
    if m.get("id") in munis:
        err(w + ".id", "duplicate")
    munis[m.get("id")] = m
if len(munis) != 5:
    err("region.municipalities", f"{len(munis)} instead of 5")

stations = {}
for i, s in enumerate(region.get("pickup_stations", [])):
    w = f"region.pickup_stations[{i}]"
    if not SLUG.match(str(s.get("id", ""))):
        err(w + ".id", "not a slug")
    for f in ("name", "municipality", "address"):
        if not s.get(f):
            err(f"{w}.{f}", "missing")
    mu = munis.get(s.get("municipality"))
    if not mu:
        err(w + ".municipality", "unknown")
    elif not any(p in s.get("address", "") for p in mu["postcodes"]):
        err(w + ".address", "postcode of the municipality missing")
    stations[s.get("id")] = s
if len(stations) != 3:
    err("region.pickup_stations", f"{len(stations)} instead of 3")


def check_windows(w, block):
    out = []
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(w + ".cutoff_hours", "non-negative integer needed")
    for j, win in enumerate(block.get("windows", [])):
        ww = f"{w}.windows[{j}]"
        days = win.get("days")
        if not days or any(d not in DAYS for d in days):
            err(ww + ".days", "bad day")
        if not (HHMM.match(str(win.get("start", ""))) and HHMM.match(str(win.get("end", "")))):
            err(ww, "start/end need HH:MM strings")
            continue
        if hm(win["start"]) >= hm(win["end"]):
            err(ww, "start not before end")
        if not isinstance(win.get("capacity"), int) or win["capacity"] <= 0:
            err(ww + ".capacity", "positive integer needed")
        out.append(win)
    if not out:
        err(w + ".windows", "empty")
    return out


deliv = region.get("delivery", {})
if not is_dec(deliv.get("fee")):
    err("region.delivery.fee", "decimal string needed")
if "free_from" in deliv and not is_dec(deliv["free_from"]):
    err("region.delivery.free_from", "decimal string needed")
DWIN = check_windows("region.delivery", deliv)
PWIN = check_windows("region.pickup", region.get("pickup", {}))
CUTOFF = {"delivery": deliv.get("cutoff_hours", 0), "pickup": region.get("pickup", {}).get("cutoff_hours", 0)}
WINDOWS = {"delivery": DWIN, "pickup": PWIN}
wg = region.get("weighed_goods")
if wg is not None and not (isinstance(wg.get("tolerance_percent"), int) and 0 <= wg["tolerance_percent"] <= 100):
    err("region.weighed_goods.tolerance_percent", "integer 0-100 needed")

shops = {}
closed = {}
used = set()
n_products = 0
units_used = set()
for i, sh in enumerate(cat.get("shops", [])):
    w = f"shops[{i}]"
    sid = sh.get("id")
    if not SLUG.match(str(sid)):
        err(w + ".id", "not a slug")
    if sid in shops:
        err(w + ".id", "duplicate")
    for f in ("name", "kind", "municipality", "products"):
        if f not in sh:
            err(f"{w}.{f}", "missing")
    if sh.get("kind") not in KINDS:
        err(w + ".kind", "bad kind")
    if sh.get("municipality") not in munis:
        err(w + ".municipality", "unknown")
    if "phone" in sh and not isinstance(sh["phone"], str):
        err(w + ".phone", "string needed")
    if "min_order" in sh:
        used.add("min_order")
        if not is_dec(sh["min_order"]):
            err(w + ".min_order", "decimal string needed")
    days_closed = set()
    for j, c in enumerate(sh.get("closed", []) or []):
        used.add("closed")
        if isinstance(c, str):
            d = parse_date(c)
            if not d:
                err(f"{w}.closed[{j}]", "bad date")
                continue
            days_closed.add(d)
            used.add("closed-day")
        elif isinstance(c, dict):
            a, b = parse_date(c.get("from")), parse_date(c.get("to"))
            if not a or not b or a > b:
                err(f"{w}.closed[{j}]", "bad range")
                continue
            used.add("closed-range")
            while a <= b:
                days_closed.add(a)
                a += dt.timedelta(days=1)
        else:
            err(f"{w}.closed[{j}]", "date or {from, to} needed")
    closed[sid] = days_closed
    if "vouchers" in sh:
        used.add("vouchers")
        v = sh["vouchers"]
        if not (is_dec(v.get("min")) and is_dec(v.get("max")) and Decimal(v["min"]) <= Decimal(v["max"])):
            err(w + ".vouchers", "min/max decimal strings, min <= max")
    prods = {}
    for j, p in enumerate(sh.get("products", [])):
        pw = f"{w}.products[{j}]({p.get('id')})"
        if not SLUG.match(str(p.get("id", ""))):
            err(pw + ".id", "not a slug")
        if p.get("id") in prods:
            err(pw + ".id", "duplicate in shop")
        for f in ("name", "unit", "price", "vat"):
            if f not in p:
                err(f"{pw}.{f}", "missing")
        if p.get("unit") not in UNITS:
            err(pw + ".unit", "bad unit")
        units_used.add(p.get("unit"))
        if not is_dec(p.get("price")):
            err(pw + ".price", "decimal string needed")
        if p.get("vat") not in (7, 19):
            err(pw + ".vat", "7 or 19")
        for f in ("aliases", "category", "label", "size", "deposit", "min_age", "substitutes", "allergens"):
            if f in p:
                used.add(f)
        if "aliases" in p and not (isinstance(p["aliases"], list) and all(isinstance(a, str) for a in p["aliases"])):
            err(pw + ".aliases", "list of strings")
        if "size" in p and not (isinstance(p["size"], str) and SIZE.match(p["size"])):
            err(pw + ".size", f"bad size {p['size']!r}")
        if "deposit" in p and not is_dec(p["deposit"]):
            err(pw + ".deposit", "decimal string needed")
        if "min_age" in p and p["min_age"] not in (16, 18):
            err(pw + ".min_age", "16 or 18")
        if "allergens" in p and not set(p["allergens"]) <= ALLERGENS:
            err(pw + ".allergens", f"unknown {set(p['allergens']) - ALLERGENS}")
        prods[p.get("id")] = p
    for p in prods.values():
        for s in p.get("substitutes", []) or []:
            if s not in prods or s == p["id"]:
                err(f"{w}.{p['id']}.substitutes", f"{s} not another product of the shop")
    for j, s in enumerate(sh.get("services", []) or []):
        used.add("services")
        sw = f"{w}.services[{j}]"
        if not SLUG.match(str(s.get("id", ""))) or not s.get("name"):
            err(sw, "id/name")
        if not isinstance(s.get("duration_minutes"), int) or s["duration_minutes"] < 0:
            err(sw + ".duration_minutes", "non-negative integer")
        if not is_dec(s.get("price")) or s.get("vat") not in (7, 19):
            err(sw, "price/vat")
    n_products += len(prods)
    shops[sid] = {"shop": sh, "products": prods}

if "holidays" in region:
    used.add("holidays")
if "free_from" in deliv:
    used.add("free_from")
if wg:
    used.add("weighed_goods")
if len(shops) != 10:
    err("shops", f"{len(shops)} instead of 10")
if not 140 <= n_products <= 170:
    err("shops", f"{n_products} products, not 140-170")
need = {"holidays", "free_from", "weighed_goods", "min_order", "closed", "closed-day", "closed-range",
        "vouchers", "services", "aliases", "category", "label", "size", "deposit", "min_age",
        "substitutes", "allergens"}
if need - used:
    err("catalog", f"optional fields never used: {sorted(need - used)}")
if units_used != UNITS:
    err("catalog", f"units used {sorted(units_used)}")
n_voucher_shops = sum(1 for s in shops.values() if "vouchers" in s["shop"])
if not 2 <= n_voucher_shops <= 3:
    err("catalog", f"vouchers at {n_voucher_shops} shops")


# ---------------------------------------------------------------- slots
def slot_problems(kind, start, now, shop_ids, station=None):
    """Return a list of reasons why the slot is impossible (empty if it is fine)."""
    probs = []
    local = start.astimezone(TZ)
    if start.utcoffset() != local.utcoffset():
        probs.append(f"wrong UTC offset (should be {local.strftime('%z')})")
    day = local.date()
    if not RANGE_FROM <= day <= RANGE_TO:
        probs.append("outside date range")
    wd = DAYS[local.weekday()]
    hhmm = local.strftime("%H:%M")
    if not any(wd in w["days"] and w["start"] == hhmm for w in WINDOWS[kind]):
        probs.append(f"no {kind} window {wd} {hhmm}")
    if day in HOLIDAYS:
        probs.append(f"holiday {HOLIDAYS[day]}")
    for s in shop_ids:
        if day in closed.get(s, set()):
            probs.append(f"closed {s}")
    if start - dt.timedelta(hours=CUTOFF[kind]) < now:
        probs.append("past cutoff")
    if kind == "pickup" and station not in stations:
        probs.append("unknown station")
    return probs


def earliest(kind, now):
    t = now.astimezone(TZ)
    d = t.date()
    for _ in range(30):
        for w in sorted(WINDOWS[kind], key=lambda w: w["start"]):
            if DAYS[d.weekday()] not in w["days"] or d in HOLIDAYS:
                continue
            h, m = map(int, w["start"].split(":"))
            st = dt.datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
            if st - dt.timedelta(hours=CUTOFF[kind]) >= now:
                return st
        d += dt.timedelta(days=1)
    return None


# ---------------------------------------------------------------- conversations
with open(CONVS, encoding="utf-8") as fh:
    conv = yaml.safe_load(fh)

if conv.get("format") != "kiepe-conversations/1":
    err("conversations.format", "must be kiepe-conversations/1")
if conv.get("catalog") != os.path.basename(CATALOG):
    err("conversations.catalog", "must name fichtelgebirge.yml")

log = []
ids = set()
chan_count = {c: 0 for c in CHANNELS}
booked = {"delivery": 0, "pickup": 0}
booked_by_channel = {(c, k): 0 for c in CHANNELS for k in ("delivery", "pickup", None)}
n_lines = n_vouchers = 0
shop_conv = {s: 0 for s in shops}
convs = conv.get("conversations", [])
if len(convs) != 30:
    err("conversations", f"{len(convs)} instead of 30")
for c in convs:
    cid = c.get("id")
    w = f"conversation {cid}"
    if not SLUG.match(str(cid)) or cid in ids:
        err(w, "id not a slug or duplicate")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in CHANNELS:
        err(w + ".channel", "bad")
    else:
        chan_count[ch] += 1
    try:
        now = dt.datetime.fromisoformat(c["now"])
    except (KeyError, TypeError, ValueError):
        err(w + ".now", "bad timestamp")
        continue
    if now.utcoffset() != now.astimezone(TZ).utcoffset():
        err(w + ".now", "wrong UTC offset")
    if not RANGE_FROM <= now.astimezone(TZ).date() <= RANGE_TO:
        err(w + ".now", "outside date range")
    cu = c.get("customer") or {}
    for f in ("name", "phone", "municipality"):
        if not cu.get(f):
            err(f"{w}.customer.{f}", "missing")
    if cu.get("municipality") not in munis:
        err(w + ".customer.municipality", "unknown")
    turns = c.get("turns") or []
    if not 3 <= len(turns) <= 8:
        err(w + ".turns", f"{len(turns)} turns")
    for k, t in enumerate(turns):
        if list(t.keys()) != ["say"] or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{w}.turns[{k}]", "only non-empty say turns allowed")
            continue
        if ch == "voice" and not VOICE_OK.match(t["say"]):
            err(f"{w}.turns[{k}]", "voice turn must be lower case, no punctuation, no digits")
    ex = c.get("expect")
    if not ex or "cart" not in ex:
        err(w + ".expect", "cart missing")
        continue
    totals = {}
    cart_shops = []
    seen = set()
    for k, line in enumerate(ex["cart"]):
        lw = f"{w}.expect.cart[{k}]"
        sid = line.get("shop")
        if sid not in shops:
            err(lw, f"unknown shop {sid}")
            continue
        if sid not in cart_shops:
            cart_shops.append(sid)
        if "voucher" in line:
            n_vouchers += 1
            v = shops[sid]["shop"].get("vouchers")
            if not v:
                err(lw, "shop sells no vouchers")
            elif not (is_dec(line["voucher"]) and Decimal(v["min"]) <= Decimal(line["voucher"]) <= Decimal(v["max"])):
                err(lw, "voucher amount out of range")
            continue
        pid = line.get("product")
        p = shops[sid]["products"].get(pid)
        if not p:
            err(lw, f"unknown product {sid}/{pid}")
            continue
        if (sid, pid) in seen:
            err(lw, "duplicate line")
        seen.add((sid, pid))
        q = line.get("quantity")
        if not (isinstance(q, str) and QTY.match(q)) or Decimal(q) <= 0:
            err(lw, f"quantity {q!r} not a positive decimal string")
            continue
        if p["unit"] == "piece" and "." in q:
            err(lw, f"quantity {q} not whole for piece")
        n_lines += 1
        totals[sid] = totals.get(sid, Decimal(0)) + Decimal(q) * Decimal(p["price"])
    for sid, tot in totals.items():
        mo = shops[sid]["shop"].get("min_order")
        if mo and tot < Decimal(mo):
            err(w, f"{sid} part {tot:.2f} below min_order {mo}")
    for sid in cart_shops:
        shop_conv[sid] += 1
    nowtxt = now.astimezone(TZ).strftime("%a %Y-%m-%d %H:%M%z")
    sl = ex.get("slot")
    if sl:
        kind = sl.get("kind")
        if kind not in ("delivery", "pickup"):
            err(w + ".slot.kind", "bad")
            continue
        try:
            start = dt.datetime.fromisoformat(sl["start"])
        except (KeyError, ValueError):
            err(w + ".slot.start", "bad timestamp")
            continue
        if kind == "delivery" and not cu.get("street"):
            err(w, "delivery but customer has no street")
        if kind == "pickup":
            st = stations.get(sl.get("station"))
            if not st:
                err(w + ".slot.station", "unknown")
        probs = slot_problems(kind, start, now, cart_shops, sl.get("station"))
        for pr in probs:
            err(w + ".slot", pr)
        booked[kind] += 1
        booked_by_channel[(ch, kind)] += 1
        ea = earliest(kind, now)
        where = f"+{sl['station']}" if kind == "pickup" else ""
        log.append(f"{cid}: now {nowtxt} -> {kind} {start.astimezone(TZ).strftime('%a %Y-%m-%d %H:%M%z')}{where} "
                   f"({'window ok, no holiday, cutoff ok, shops open, min_order ok' if not probs else 'PROBLEMS'}; "
                   f"earliest possible {ea.strftime('%a %d.%m. %H:%M') if ea else '-'})")
    else:
        booked_by_channel[(ch, None)] += 1
        log.append(f"{cid}: now {nowtxt} -> no slot (cart only, {len(ex['cart'])} lines, shops {', '.join(cart_shops)})")

for cid, (kind, start, station) in FIRST_ASKED.items():
    c = next((x for x in convs if x.get("id") == cid), None)
    if not c:
        err("FIRST_ASKED", f"{cid} unknown")
        continue
    now = dt.datetime.fromisoformat(c["now"])
    shops_c = []
    for line in c["expect"]["cart"]:
        if line["shop"] not in shops_c:
            shops_c.append(line["shop"])
    st = dt.datetime.fromisoformat(start)
    probs = slot_problems(kind, st, now, shops_c, station)
    if not probs:
        err(cid, f"first-asked {kind} {start} is possible, but the script treats it as impossible")
    log.append(f"{cid}: first asked {kind} {st.strftime('%a %Y-%m-%d %H:%M')} -> impossible ({'; '.join(probs)})")

if chan_count != {"voice": 10, "telegram": 10, "web": 10}:
    err("conversations", f"channels {chan_count}")
n_booked = booked["delivery"] + booked["pickup"]
if not 12 <= n_booked <= 18:
    err("conversations", f"{n_booked} booked, not about half")
for s, n in shop_conv.items():
    if n < 3:
        err("conversations", f"shop {s} in only {n} carts")
if n_vouchers < 1:
    err("conversations", "no voucher line")

# ---------------------------------------------------------------- report
print(f"catalog {os.path.basename(CATALOG)}: {len(munis)} municipalities, {len(stations)} stations, "
      f"{len(shops)} shops, {n_products} products, "
      f"{sum(len(s['shop'].get('services', []) or []) for s in shops.values())} services, "
      f"{n_voucher_shops} shops with vouchers")
print("products per shop: " + ", ".join(f"{s} {len(v['products'])}" for s, v in shops.items()))
print(f"{STATE} holidays in range: " + ", ".join(
    f"{d.strftime('%a %Y-%m-%d')} {n}" for d, n in sorted(HOLIDAYS.items()) if RANGE_FROM <= d <= RANGE_TO))
print(f"Easter 2031: {easter(2031)} (no Easter-based holiday in range)")
for line in log:
    print(line)
print(f"channels voice/telegram/web {chan_count['voice']}/{chan_count['telegram']}/{chan_count['web']}; "
      f"booked delivery {booked['delivery']}, pick-up {booked['pickup']}; cart lines {n_lines}; voucher lines {n_vouchers}")
for ch in ("voice", "telegram", "web"):
    print(f"  {ch}: delivery {booked_by_channel[(ch, 'delivery')]}, pick-up {booked_by_channel[(ch, 'pickup')]}, "
          f"cart only {booked_by_channel[(ch, None)]}")
print("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in shop_conv.items()))
for e in errors:
    print(e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
