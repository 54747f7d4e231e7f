#!/usr/bin/env python3
"""Check the Weserbergland evaluation set (catalog kiepe-catalog/1, conversations kiepe-conversations/1).

Usage: python3 gen_weserbergland/check.py   (from the set's directory or anywhere)
Prints one line per finding and per conversation, then a summary and "N errors".
Only Python 3, PyYAML and zoneinfo are used.
"""
import os
import re
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(HERE)
CATALOG = os.path.join(BASE, "weserbergland.yml")
CONVS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(BASE, "weserbergland_1.yml")

RANGE_FROM = date(2030, 12, 1)
RANGE_TO = date(2031, 2, 28)
STATE = "NI"

errors = []
log = []


def err(msg):
    errors.append(msg)
    log.append("ERROR " + msg)


SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^(0|[1-9]\d*)(\.\d*[1-9])?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SIZE = re.compile(r"^\d+(,\d+)? (g|kg|ml|l)$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
UNITS = {"piece", "kg", "l"}
KINDS = {"retailer", "direct_marketer", "service_provider"}
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
CHANNELS = {"voice", "telegram", "web"}


# ------------------------------------------------------------------ holidays
def easter(y):
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(y, month, day)


def holidays_ni(y):
    e = easter(y)
    return {
        date(y, 1, 1): "Neujahr",
        e - timedelta(days=2): "Karfreitag",
        e + timedelta(days=1): "Ostermontag",
        date(y, 5, 1): "Tag der Arbeit",
        e + timedelta(days=39): "Christi Himmelfahrt",
        e + timedelta(days=50): "Pfingstmontag",
        date(y, 10, 3): "Tag der Deutschen Einheit",
        date(y, 10, 31): "Reformationstag",
        date(y, 12, 25): "1. Weihnachtstag",
        date(y, 12, 26): "2. Weihnachtstag",
    }


HOLIDAYS = {}
for _y in (2030, 2031):
    HOLIDAYS.update(holidays_ni(_y))


# ------------------------------------------------------------------ helpers
def money(v, where):
    if not isinstance(v, str) or not MONEY.match(v):
        err(f"{where}: {v!r} is not a decimal string with two places")
        return None
    return Decimal(v)


def parse_day(v, where):
    if isinstance(v, date):
        err(f"{where}: date {v} must be a quoted string")
        return v
    try:
        return date.fromisoformat(v)
    except (TypeError, ValueError):
        err(f"{where}: {v!r} is not a date YYYY-MM-DD")
        return None


def parse_ts(v, where):
    if not isinstance(v, str):
        err(f"{where}: {v!r} must be a quoted ISO timestamp")
        return None
    try:
        t = datetime.fromisoformat(v)
    except ValueError:
        err(f"{where}: {v!r} is not an ISO timestamp")
        return None
    if t.tzinfo is None:
        err(f"{where}: {v!r} has no UTC offset")
        return None
    return t


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


# ------------------------------------------------------------------ catalog
cat = yaml.safe_load(open(CATALOG, encoding="utf-8"))
used_optional = set()

if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")
region = cat.get("region") or {}
for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in region:
        err(f"catalog region: missing {f}")
if not SLUG.match(str(region.get("id", ""))):
    err("catalog region.id is not a slug")
if region.get("id") != "weserbergland":
    err("catalog region.id must be weserbergland")
if region.get("timezone") != "Europe/Berlin" or region.get("currency") != "EUR":
    err("catalog region: timezone Europe/Berlin and currency EUR expected")
TZ = ZoneInfo(region.get("timezone", "Europe/Berlin"))
if "holidays" in region:
    used_optional.add("holidays")
    if region["holidays"] != STATE:
        err(f"catalog region.holidays must be {STATE}")

munis = {}
for m in region.get("municipalities", []):
    if not SLUG.match(m.get("id", "")) or not m.get("name"):
        err(f"municipality {m}: id slug and name required")
    pcs = m.get("postcodes") or []
    if not pcs or any(not (isinstance(p, str) and re.fullmatch(r"\d{5}", p)) for p in pcs):
        err(f"municipality {m.get('id')}: postcodes must be quoted 5-digit strings")
    munis[m["id"]] = m
if len(munis) != 5:
    err(f"catalog: {len(munis)} municipalities, 5 expected")

stations = {}
for s in region.get("pickup_stations", []):
    sid = s.get("id", "")
    if not SLUG.match(sid) or not s.get("name") or not s.get("address"):
        err(f"station {sid}: id, name, address required")
    m = munis.get(s.get("municipality"))
    if not m:
        err(f"station {sid}: unknown municipality {s.get('municipality')}")
    elif not any(p in s.get("address", "") and m["name"] in s.get("address", "") for p in m["postcodes"]):
        err(f"station {sid}: address does not carry the municipality's postcode and name")
    stations[sid] = s
if len(stations) != 3:
    err(f"catalog: {len(stations)} pick-up stations, 3 expected")


def check_windows(kind, block):
    out = []
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(f"{kind}.cutoff_hours must be a non-negative integer")
    for i, w in enumerate(block.get("windows", [])):
        where = f"{kind}.windows[{i}]"
        days = w.get("days") or []
        if not days or any(d not in DAYS for d in days):
            err(f"{where}: bad days {days}")
        if not (HHMM.match(str(w.get("start", ""))) and HHMM.match(str(w.get("end", "")))):
            err(f"{where}: start/end must be quoted HH:MM")
            continue
        if hm(w["start"]) >= hm(w["end"]):
            err(f"{where}: start not before end")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{where}: capacity must be a positive integer")
        out.append(w)
    if not out:
        err(f"{kind}: no windows")
    # no two windows of one day in the same daypart (so a daypart names one window)
    for d in DAYS:
        parts = {}
        for w in out:
            if d in w["days"]:
                p = "morning" if hm(w["start"]) < 12 * 60 else "afternoon"
                if p in parts:
                    err(f"{kind}: two windows on {d} in the {p}")
                parts[p] = w
    return out


delivery = region.get("delivery", {})
money(delivery.get("fee"), "delivery.fee")
if "free_from" in delivery:
    used_optional.add("free_from")
    money(delivery["free_from"], "delivery.free_from")
DELIVERY_WINDOWS = check_windows("delivery", delivery)
PICKUP_WINDOWS = check_windows("pickup", region.get("pickup", {}))
wg = region.get("weighed_goods")
if wg is not None:
    used_optional.add("weighed_goods.tolerance_percent")
    if not isinstance(wg.get("tolerance_percent"), int) or not 0 < wg["tolerance_percent"] <= 50:
        err("weighed_goods.tolerance_percent must be an integer 1..50")

shops = {}
n_products = 0
all_pids = {}
for s in cat.get("shops", []):
    sid = s.get("id", "")
    where = f"shop {sid}"
    if not SLUG.match(sid):
        err(f"{where}: id is not a slug")
    if sid in shops:
        err(f"{where}: duplicate id")
    for f in ("name", "kind", "municipality", "phone", "products"):
        if f not in s:
            err(f"{where}: missing {f}")
    if s.get("kind") not in KINDS:
        err(f"{where}: kind {s.get('kind')}")
    if s.get("municipality") not in munis:
        err(f"{where}: unknown municipality {s.get('municipality')}")
    if not re.fullmatch(r"\+49 \d{2,5} \d{5,8}", str(s.get("phone", ""))):
        err(f"{where}: phone {s.get('phone')!r}")
    if "min_order" in s:
        used_optional.add("min_order")
        money(s["min_order"], f"{where}.min_order")
    closed = set()
    if "closed" in s:
        used_optional.add("closed")
        for c in s["closed"]:
            if isinstance(c, dict):
                used_optional.add("closed range")
                a, b = parse_day(c.get("from"), f"{where}.closed.from"), parse_day(c.get("to"), f"{where}.closed.to")
                if a and b:
                    if a > b:
                        err(f"{where}: closed range {a}..{b} reversed")
                    d = a
                    while d <= b:
                        closed.add(d)
                        d += timedelta(days=1)
            else:
                used_optional.add("closed date")
                d = parse_day(c, f"{where}.closed")
                if d:
                    closed.add(d)
    if "vouchers" in s:
        used_optional.add("vouchers")
        lo = money(s["vouchers"].get("min"), f"{where}.vouchers.min")
        hi = money(s["vouchers"].get("max"), f"{where}.vouchers.max")
        if lo is not None and hi is not None and lo > hi:
            err(f"{where}: voucher min above max")
    for sv in s.get("services", []) or []:
        used_optional.add("services")
        if not SLUG.match(sv.get("id", "")) or not sv.get("name"):
            err(f"{where}: service {sv}")
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"{where}: service {sv.get('id')} duration_minutes")
        money(sv.get("price"), f"{where}.service {sv.get('id')}.price")
        if sv.get("vat") not in (7, 19):
            err(f"{where}: service {sv.get('id')} vat")
    prods = {}
    for p in s.get("products", []):
        pid = p.get("id", "")
        pw = f"{where} product {pid}"
        if not SLUG.match(pid):
            err(f"{pw}: id not a slug")
        if pid in prods:
            err(f"{pw}: duplicate id in shop")
        if pid in all_pids:
            err(f"{pw}: id also used by {all_pids[pid]}")
        all_pids[pid] = sid
        for f in ("name", "unit", "price", "vat"):
            if f not in p:
                err(f"{pw}: missing {f}")
        if p.get("unit") not in UNITS:
            err(f"{pw}: unit {p.get('unit')}")
        money(p.get("price"), f"{pw}.price")
        if p.get("vat") not in (7, 19):
            err(f"{pw}: vat {p.get('vat')}")
        for opt in ("aliases", "category", "label", "size", "deposit", "min_age", "substitutes", "allergens"):
            if opt in p:
                used_optional.add(opt)
        if "size" in p and not SIZE.match(str(p["size"])):
            err(f"{pw}: size {p['size']!r}")
        if "label" in p and p.get("unit") != "piece":
            err(f"{pw}: label on a non-piece product")
        if "deposit" in p:
            money(p["deposit"], f"{pw}.deposit")
        if "min_age" in p and p["min_age"] not in (16, 18):
            err(f"{pw}: min_age {p['min_age']}")
        if "allergens" in p and (not isinstance(p["allergens"], list) or set(p["allergens"]) - ALLERGENS):
            err(f"{pw}: allergens {p['allergens']}")
        if "aliases" in p and (not isinstance(p["aliases"], list) or not all(isinstance(a, str) and a for a in p["aliases"])):
            err(f"{pw}: aliases")
        prods[pid] = p
    for p in prods.values():
        for sub in p.get("substitutes", []) or []:
            if sub not in prods or sub == p["id"]:
                err(f"{where} product {p['id']}: substitute {sub} not another product of the shop")
    n_products += len(prods)
    shops[sid] = {"shop": s, "products": prods, "closed": closed,
                  "min_order": Decimal(s["min_order"]) if "min_order" in s else None,
                  "vouchers": s.get("vouchers")}

if len(shops) != 10:
    err(f"catalog: {len(shops)} shops, 10 expected")
if not 140 <= n_products <= 170:
    err(f"catalog: {n_products} products, 140-170 expected")
vshops = [k for k, v in shops.items() if v["vouchers"]]
if not 2 <= len(vshops) <= 3:
    err(f"catalog: vouchers at {len(vshops)} shops, 2-3 expected")
kinds = {v["shop"]["kind"] for v in shops.values()}
if kinds != {"retailer", "direct_marketer"} and "retailer" not in kinds:
    err("catalog: shops should be retailers and direct marketers")
OPTIONAL = {"holidays", "free_from", "weighed_goods.tolerance_percent", "min_order", "closed", "closed range",
            "closed date", "vouchers", "services", "aliases", "category", "label", "size", "deposit", "min_age",
            "substitutes", "allergens"}
missing = OPTIONAL - used_optional
if missing:
    err(f"catalog: optional fields never used: {sorted(missing)}")
n_alias = sum(1 for v in shops.values() for p in v["products"].values() if p.get("aliases"))
closures_in_range = []
for sid, v in shops.items():
    days = sorted(d for d in v["closed"] if RANGE_FROM <= d <= RANGE_TO)
    if days and (days[-1] - days[0]).days + 1 == len(days) and len(days) > 1:
        closures_in_range.append(f"{sid} {days[0]:%a %d.%m.}-{days[-1]:%a %d.%m.%Y}")
    elif days:
        closures_in_range.append(f"{sid} " + ", ".join(f"{d:%a %d.%m.%Y}" for d in days))
log.append(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {n_products} products, "
           f"{sum(len(v['shop'].get('services', []) or []) for v in shops.values())} services, vouchers at {', '.join(vshops)}, "
           f"{n_alias} products with aliases")
log.append("holidays NI in range: " + ", ".join(f"{d:%a %Y-%m-%d} {n}" for d, n in sorted(HOLIDAYS.items())
                                               if RANGE_FROM <= d <= RANGE_TO))
log.append("shop closures in range: " + "; ".join(closures_in_range))


# ------------------------------------------------------------------ slot logic
def window_at(kind, start):
    """The template window starting exactly at start (aware datetime), or None."""
    local = start.astimezone(TZ)
    day = DAYS[local.weekday()]
    for w in DELIVERY_WINDOWS if kind == "delivery" else PICKUP_WINDOWS:
        if day in w["days"] and local.strftime("%H:%M") == w["start"]:
            return w
    return None


def cutoff(kind):
    return region["delivery" if kind == "delivery" else "pickup"]["cutoff_hours"]


def impossibility(kind, start, now, cart_shops):
    """List of reasons why a window start cannot be booked (empty if it can)."""
    reasons = []
    local = start.astimezone(TZ)
    if window_at(kind, start) is None:
        reasons.append("no template window")
    if local.utcoffset() != start.utcoffset():
        reasons.append(f"offset {start.utcoffset()} is not the Europe/Berlin offset {local.utcoffset()}")
    if local.date() in HOLIDAYS:
        reasons.append(f"holiday {HOLIDAYS[local.date()]}")
    if start - timedelta(hours=cutoff(kind)) < now:
        reasons.append("past cutoff")
    for sid in sorted(cart_shops):
        if local.date() in shops[sid]["closed"]:
            reasons.append(f"closed {sid}")
    if not RANGE_FROM <= local.date() <= RANGE_TO:
        reasons.append("outside the date range")
    return reasons


def earliest(kind, now):
    d = now.astimezone(TZ).date()
    for _ in range(30):
        for w in sorted(DELIVERY_WINDOWS if kind == "delivery" else PICKUP_WINDOWS, key=lambda w: w["start"]):
            if DAYS[d.weekday()] in w["days"] and d not in HOLIDAYS:
                h, m = map(int, w["start"].split(":"))
                st = datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
                if st - timedelta(hours=cutoff(kind)) >= now:
                    return st
        d += timedelta(days=1)
    return None


# ------------------------------------------------------------------ conversations
conv = yaml.safe_load(open(CONVS, encoding="utf-8"))
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format must be kiepe-conversations/1")
if conv.get("catalog") != "weserbergland.yml":
    err("conversations: catalog must be weserbergland.yml")
convs = conv.get("conversations", [])
if len(convs) != 30:
    err(f"conversations: {len(convs)}, 30 expected")

# Days a resident asks for first and that must really be impossible (the expected slot is the one named last).
FIRST_ASKED = {
    "wb-v-forelle-betriebsferien": [("delivery", "2031-02-06T08:30:00+01:00", "closed forellenzucht-reese")],
    "wb-v-selters-zu-spaet": [("delivery", "2031-01-21T08:30:00+01:00", "past cutoff")],
    "wb-t-feier-zwischen-den-jahren": [("delivery", "2030-12-26T08:30:00+01:00", "holiday 2. Weihnachtstag")],
    "wb-t-baecker-urlaub": [("delivery", "2031-01-04T08:00:00+01:00", "closed baeckerei-wedekind")],
    "wb-w-gruenkohl-neujahr": [("delivery", "2031-01-03T08:30:00+01:00", "closed fleischerei-kreimeyer")],
    "wb-w-sonntag-besuch": [("pickup", "2031-02-09T09:30:00+01:00", "no template window")],
}
# Days that look special but are ordinary weekdays in NI and must be bookable.
ORDINARY_WEEKDAYS = {date(2030, 12, 24), date(2030, 12, 31)}

PUNCT = re.compile(r"[.,;:!?\"'()\[\]/\\+&%€$#*@=<>\-]")
ids = set()
channels = {c: 0 for c in CHANNELS}
booked = {c: {"delivery": 0, "pickup": 0} for c in CHANNELS}
shop_conv = {sid: 0 for sid in shops}
n_lines = n_vouchers = n_age = 0
special_days = []
first_lines = []
for c in convs:
    cid = c.get("id", "")
    where = f"conversation {cid}"
    if not SLUG.match(cid) or cid in ids:
        err(f"{where}: id missing, not a slug or duplicate")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in CHANNELS:
        err(f"{where}: channel {ch}")
        continue
    channels[ch] += 1
    now = parse_ts(c.get("now"), f"{where}.now")
    if now is None:
        continue
    if now.astimezone(TZ).utcoffset() != now.utcoffset():
        err(f"{where}: now has offset {now.utcoffset()}, Europe/Berlin has {now.astimezone(TZ).utcoffset()}")
    if not RANGE_FROM <= now.astimezone(TZ).date() <= RANGE_TO:
        err(f"{where}: now {now} outside the range")
    cust = c.get("customer") or {}
    for f in ("name", "phone", "municipality"):
        if not cust.get(f):
            err(f"{where}: customer.{f} missing")
    if cust.get("municipality") not in munis:
        err(f"{where}: customer municipality {cust.get('municipality')} unknown")
    if not re.fullmatch(r"\+49 \d{2,5} \d{5,8}", str(cust.get("phone", ""))):
        err(f"{where}: customer phone {cust.get('phone')!r}")
    turns = c.get("turns") or []
    if not 3 <= len(turns) <= 8:
        err(f"{where}: {len(turns)} turns, 3-8 expected")
    for i, t in enumerate(turns):
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{where}: turn {i} is not a single non-empty say")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower() or PUNCT.search(s) or re.search(r"\d", s) or "\n" in s:
                err(f"{where}: voice turn {i} has capitals, punctuation, digits or line breaks")
    exp = c.get("expect")
    if not exp or "cart" not in exp:
        err(f"{where}: expect.cart missing")
        continue
    cart = exp["cart"]
    totals = {}
    seen = set()
    for j, line in enumerate(cart):
        lw = f"{where} cart[{j}]"
        sid = line.get("shop")
        if sid not in shops:
            err(f"{lw}: unknown shop {sid}")
            continue
        if "voucher" in line:
            n_vouchers += 1
            if set(line) != {"shop", "voucher"}:
                err(f"{lw}: voucher line has other keys")
            v = money(line["voucher"], f"{lw}.voucher")
            vr = shops[sid]["vouchers"]
            if not vr:
                err(f"{lw}: {sid} sells no vouchers")
            elif v is not None and not Decimal(vr["min"]) <= v <= Decimal(vr["max"]):
                err(f"{lw}: voucher {v} outside {vr['min']}..{vr['max']}")
            totals.setdefault(sid, Decimal(0))
            continue
        if set(line) != {"shop", "product", "quantity"}:
            err(f"{lw}: product line must have shop, product, quantity")
        pid = line.get("product")
        p = shops[sid]["products"].get(pid)
        if p is None:
            err(f"{lw}: {sid} has no product {pid}")
            continue
        if (sid, pid) in seen:
            err(f"{lw}: {sid}/{pid} twice")
        seen.add((sid, pid))
        q = line.get("quantity")
        if not isinstance(q, str) or not QTY.match(q):
            err(f"{lw}: quantity {q!r} is not a canonical decimal string")
            continue
        qd = Decimal(q)
        if qd <= 0:
            err(f"{lw}: quantity not positive")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{lw}: quantity {q} not whole for a piece product")
        n_lines += 1
        if p.get("min_age"):
            n_age += 1
        totals[sid] = totals.get(sid, Decimal(0)) + qd * Decimal(p["price"])
    for sid, tot in totals.items():
        shop_conv[sid] += 1
        mo = shops[sid]["min_order"]
        if mo is not None and tot < mo:
            err(f"{where}: {sid} part {tot:.2f} below min_order {mo}")
    slot = exp.get("slot")
    if slot is None:
        log.append(f"{cid}: now {now.astimezone(TZ):%a %Y-%m-%d %H:%M} -> no slot (cart only, {len(cart)} lines, "
                   f"shops {', '.join(sorted(totals))})")
    else:
        kind = slot.get("kind")
        if kind not in ("delivery", "pickup"):
            err(f"{where}: slot kind {kind}")
            continue
        start = parse_ts(slot.get("start"), f"{where}.slot.start")
        if start is None:
            continue
        if kind == "pickup":
            if slot.get("station") not in stations:
                err(f"{where}: pick-up station {slot.get('station')} unknown")
            if set(slot) != {"kind", "station", "start"}:
                err(f"{where}: pick-up slot keys {sorted(slot)}")
        else:
            if not cust.get("street"):
                err(f"{where}: delivery booked but customer has no street")
            if set(slot) != {"kind", "start"}:
                err(f"{where}: delivery slot keys {sorted(slot)}")
        reasons = impossibility(kind, start, now, set(totals))
        for r in reasons:
            err(f"{where}: slot {slot['start']}: {r}")
        booked[ch][kind] += 1
        local = start.astimezone(TZ)
        if local.date() in ORDINARY_WEEKDAYS:
            special_days.append(f"{cid} {local:%a %d.%m.}")
        e = earliest(kind, now)
        st = f"{kind} {local:%a %Y-%m-%d %H:%M%z}" + (f"+{slot['station']}" if kind == "pickup" else "")
        log.append(f"{cid}: now {now.astimezone(TZ):%a %Y-%m-%d %H:%M%z} -> {st} "
                   f"({'window ok, no holiday, cutoff ok, shops open, min_order ok' if not reasons else 'NOT OK'}; "
                   f"earliest possible {e:%a %d.%m. %H:%M})")
    for kind, ts, why in FIRST_ASKED.get(cid, []):
        t = parse_ts(ts, f"{where} first asked")
        rs = impossibility(kind, t, now, set(totals))
        if why not in rs:
            err(f"{where}: first asked {ts} should be impossible ({why}), found {rs or 'possible'}")
        first_lines.append(f"{cid}: first asked {kind} {t.astimezone(TZ):%a %Y-%m-%d %H:%M} -> impossible ({'; '.join(rs)})")

log.extend(first_lines)
for ch in sorted(CHANNELS):
    if channels[ch] != 10:
        err(f"channel {ch}: {channels[ch]} conversations, 10 expected")
n_booked = sum(v["delivery"] + v["pickup"] for v in booked.values())
if not 12 <= n_booked <= 18:
    err(f"{n_booked} conversations book a window, about half (12-18) expected")
for sid, n in shop_conv.items():
    if n < 3:
        err(f"shop {sid} in only {n} carts, 3 expected")
if n_vouchers < 1:
    err("no voucher line")
if n_age < 3:
    err("fewer than 3 age-restricted lines")
for cid in FIRST_ASKED:
    if cid not in ids:
        err(f"first-asked list names unknown conversation {cid}")

log.append("channels voice/telegram/web {}/{}/{}; booked delivery {} (voice {}, telegram {}, web {}), pick-up {} "
           "(voice {}, telegram {}, web {}); cart lines {}; voucher lines {}; age-restricted lines {}".format(
               channels["voice"], channels["telegram"], channels["web"],
               sum(v["delivery"] for v in booked.values()), booked["voice"]["delivery"],
               booked["telegram"]["delivery"], booked["web"]["delivery"],
               sum(v["pickup"] for v in booked.values()), booked["voice"]["pickup"],
               booked["telegram"]["pickup"], booked["web"]["pickup"], n_lines, n_vouchers, n_age))
log.append("slots on 24/31 Dec (ordinary weekdays in NI): " + ", ".join(special_days))
log.append("shop appearances (conversations): " + ", ".join(f"{k} {v}" for k, v in shop_conv.items()))
log.append(f"{len(errors)} errors")
print("\n".join(log))
sys.exit(1 if errors else 0)
