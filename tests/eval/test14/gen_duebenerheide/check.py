#!/usr/bin/env python3
"""Check the Dübener Heide evaluation set (catalog duebenerheide.yml, conversations duebenerheide_1.yml).

Usage: python3 gen_duebenerheide/check.py [CATALOG.yml [CONVERSATIONS.yml]]
Prints a log and "N errors"; exit status 0 only with 0 errors. Python 3, PyYAML, zoneinfo only.
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
CATALOG = sys.argv[1] if len(sys.argv) > 1 else os.path.join(BASE, "duebenerheide.yml")
CONVS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(BASE, "duebenerheide_1.yml")

TZ = ZoneInfo("Europe/Berlin")
SEASON_FROM = dt.date(2032, 1, 10)
SEASON_TO = dt.date(2032, 4, 18)
STATE = "ST"

# Public holidays of Saxony-Anhalt inside the season, hard-coded; compared with the computed list below.
ST_HOLIDAYS_IN_SEASON = {
    dt.date(2032, 3, 26): "Karfreitag",
    dt.date(2032, 3, 29): "Ostermontag",
}

# Everyday and regional words the residents use for goods. None may occur in a product name (case-insensitive,
# as a substring); each must occur in at least one conversation.
RESIDENT_WORDS = [
    "semmel", "pfannkuchen", "liebesknochen", "osterzöpfe", "lämmchen",
    "broiler", "gehacktes", "hackepeter", "bulette", "eisbein", "knacker",
    "erdäppel", "mohrrübe", "möhre", "sauerkohl", "porree",
    "gute butter", "harzer", "magerquark", "naturjoghurt", "erdbeerjoghurt", "kräuterfrischkäse",
    "selters", "brause", "pulle", "pfeffi", "rotkäppchen",
    "räucheraal", "osterglocke", "palmkätzchen", "blaubeer", "bärenfang",
]

ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^\d+(\.\d+)?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
PHONE = re.compile(r"^\+49 \d{2,5} \d{5,9}$")
VOICE_OK = re.compile(r"^[a-zäöüß ]+$")
ALCOHOL_CATEGORIES = {"Bier", "Wein", "Sekt", "Spirituosen", "Honigwein"}

# Days a resident asked for first and then moved away from: (conversation id, kind, start, station, reason)
FIRST_ASKED = [
    ("dh-v-karfreitag-karpfen", "delivery", "2032-03-26T10:00:00+01:00", None, "holiday"),
    ("dh-t-valentinstag-last-minute", "delivery", "2032-02-14T08:00:00+01:00", None, "cutoff"),
    ("dh-t-raeucherfisch-betriebsurlaub", "delivery", "2032-04-06T10:00:00+02:00", None, "closed fisch-wild-thieme"),
    ("dh-w-konfirmation-kaffeetafel", "delivery", "2032-04-18T08:00:00+02:00", None, "sunday"),
    ("dh-w-ostermontag-verschoben", "delivery", "2032-03-29T10:00:00+02:00", None, "holiday"),
]
# Shops a resident dropped because of a closure (conversation id, shop, day the goods were wanted)
DROPPED_FOR_CLOSURE = [
    ("dh-t-oma-achtzig-winterpause", "konditorei-naumann", "2032-01-24"),
]

errors = []
log = []


def err(msg):
    errors.append(msg)


def money(v, where, allow_zero=False):
    if not isinstance(v, str) or not MONEY.match(v):
        err(f"{where}: not a decimal string with 2 places: {v!r}")
        return None
    d = Decimal(v)
    if d < 0 or (d == 0 and not allow_zero):
        err(f"{where}: must be positive: {v}")
    return d


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


def st_holidays(year):
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        dt.date(year, 1, 6): "Heilige Drei Könige",
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


def parse_date(v, where):
    try:
        return dt.date.fromisoformat(v)
    except Exception:
        err(f"{where}: not a date: {v!r}")
        return None


def parse_dt(v, where):
    if not isinstance(v, str) or not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", v):
        err(f"{where}: not an ISO date-time with offset: {v!r}")
        return None
    t = dt.datetime.fromisoformat(v)
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        err(f"{where}: offset {v[-6:]} is wrong for Europe/Berlin on that day (should be {local.isoformat()[-6:]})")
    return t


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


# ------------------------------------------------------------------ catalog
cat = yaml.safe_load(open(CATALOG, encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")
reg = cat.get("region") or {}
for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in reg:
        err(f"region: missing {f}")
if not SLUG.match(str(reg.get("id", ""))):
    err("region.id: not a slug")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("region: timezone/currency")
if reg.get("holidays") != STATE:
    err(f"region.holidays must be {STATE}")

munis = {}
for m in reg.get("municipalities", []):
    if not SLUG.match(m.get("id", "")):
        err(f"municipality {m}: id not a slug")
    pcs = m.get("postcodes") or []
    if not pcs or not all(isinstance(p, str) and re.match(r"^0\d{4}$", p) for p in pcs):
        err(f"municipality {m.get('id')}: postcodes must be quoted 5-digit strings (06xxx in ST)")
    munis[m["id"]] = m
stations = {}
for s in reg.get("pickup_stations", []):
    if not SLUG.match(s.get("id", "")):
        err(f"station {s}: id not a slug")
    mu = munis.get(s.get("municipality"))
    if not mu:
        err(f"station {s.get('id')}: unknown municipality")
    elif not any(p in s.get("address", "") for p in mu["postcodes"]):
        err(f"station {s.get('id')}: address without a postcode of its municipality")
    if not s.get("name"):
        err(f"station {s.get('id')}: no name")
    stations[s["id"]] = s


def check_windows(block, name):
    out = []
    for w in block.get("windows", []):
        if not w.get("days") or any(d not in DAYS for d in w["days"]):
            err(f"{name}.windows: bad days {w.get('days')}")
        if not (HHMM.match(w.get("start", "")) and HHMM.match(w.get("end", ""))) or hm(w["start"]) >= hm(w["end"]):
            err(f"{name}.windows: bad times {w}")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{name}.windows: bad capacity {w}")
        out.append(w)
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(f"{name}.cutoff_hours")
    return out


DELIVERY = reg.get("delivery", {})
PICKUP = reg.get("pickup", {})
DWIN = check_windows(DELIVERY, "delivery")
PWIN = check_windows(PICKUP, "pickup")
money(DELIVERY.get("fee"), "delivery.fee", allow_zero=True)
money(DELIVERY.get("free_from"), "delivery.free_from")
tol = (reg.get("weighed_goods") or {}).get("tolerance_percent")
if not isinstance(tol, int) or not 0 < tol <= 50:
    err("weighed_goods.tolerance_percent")

shops = {}
products = {}  # (shop, product) -> product
all_pids = set()
n_services = 0
voucher_shops = []
closures = {}
aliases_used = 0
optional_used = set()
for sh in cat.get("shops", []):
    sid = sh.get("id", "")
    where = f"shop {sid}"
    if not SLUG.match(sid):
        err(f"{where}: id not a slug")
    if sid in shops:
        err(f"{where}: duplicate")
    shops[sid] = sh
    for f in ("name", "kind", "municipality", "phone", "products"):
        if f not in sh:
            err(f"{where}: missing {f}")
    if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"{where}: bad kind")
    if sh.get("municipality") not in munis:
        err(f"{where}: unknown municipality")
    if not PHONE.match(sh.get("phone", "")):
        err(f"{where}: phone format")
    if "min_order" in sh:
        optional_used.add("min_order")
        money(sh["min_order"], f"{where}.min_order")
    days = set()
    for c in sh.get("closed", []) or []:
        optional_used.add("closed")
        if isinstance(c, str):
            d = parse_date(c, f"{where}.closed")
            if d:
                days.add(d)
        elif isinstance(c, dict) and set(c) == {"from", "to"}:
            a, b = parse_date(c["from"], f"{where}.closed.from"), parse_date(c["to"], f"{where}.closed.to")
            if a and b:
                if b < a:
                    err(f"{where}.closed: range ends before it starts")
                while a <= b:
                    days.add(a)
                    a += dt.timedelta(days=1)
        else:
            err(f"{where}.closed: bad entry {c!r}")
    closures[sid] = days
    pids = set()
    for p in sh.get("products", []):
        pid = p.get("id", "")
        pw = f"{where} product {pid}"
        if not SLUG.match(pid):
            err(f"{pw}: id not a slug")
        if pid in pids:
            err(f"{pw}: duplicate in shop")
        if pid in all_pids:
            err(f"{pw}: id also used by another shop")
        pids.add(pid)
        all_pids.add(pid)
        for f in ("name", "unit", "price", "vat"):
            if f not in p:
                err(f"{pw}: missing {f}")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{pw}: bad unit")
        if p.get("unit") in ("kg", "l") and ("size" in p or "label" in p):
            err(f"{pw}: weighed goods carry no size/label")
        if p.get("unit") == "piece" and not p.get("label"):
            err(f"{pw}: piece without label")
        money(p.get("price"), f"{pw}.price")
        if p.get("vat") not in (7, 19):
            err(f"{pw}: vat must be 7 or 19")
        if "aliases" in p:
            aliases_used += 1
            err(f"{pw}: aliases are not allowed in this set")
        if "deposit" in p:
            optional_used.add("deposit")
            money(p["deposit"], f"{pw}.deposit")
        if "min_age" in p:
            optional_used.add("min_age")
            if p["min_age"] not in (16, 18):
                err(f"{pw}: min_age must be 16 or 18")
            if p.get("vat") != 19:
                err(f"{pw}: alcohol must carry 19 % VAT")
        if p.get("category") in ALCOHOL_CATEGORIES and "alkoholfrei" not in p.get("name", "") and "min_age" not in p:
            err(f"{pw}: alcoholic drink without min_age")
        if "allergens" in p:
            optional_used.add("allergens")
            if not isinstance(p["allergens"], list) or any(a not in ALLERGENS for a in p["allergens"]):
                err(f"{pw}: unknown allergen in {p['allergens']}")
        lname = p.get("name", "").lower()
        for w in RESIDENT_WORDS:
            if w in lname:
                err(f"{pw}: resident word {w!r} in product name {p.get('name')!r}")
        products[(sid, pid)] = p
    for p in sh.get("products", []):
        for s in p.get("substitutes", []) or []:
            optional_used.add("substitutes")
            if s not in pids or s == p["id"]:
                err(f"{where} product {p['id']}: substitute {s} not another product of the shop")
    for sv in sh.get("services", []) or []:
        n_services += 1
        if not SLUG.match(sv.get("id", "")) or not sv.get("name"):
            err(f"{where} service {sv}: id/name")
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"{where} service {sv.get('id')}: duration_minutes")
        money(sv.get("price"), f"{where} service {sv.get('id')}.price")
        if sv.get("vat") not in (7, 19):
            err(f"{where} service {sv.get('id')}: vat")
        if set(sv) - {"id", "name", "duration_minutes", "price", "vat"}:
            err(f"{where} service {sv.get('id')}: unexpected fields {sorted(set(sv) - {'id', 'name', 'duration_minutes', 'price', 'vat'})}")
    if "vouchers" in sh:
        v = sh["vouchers"]
        lo, hi = money(v.get("min"), f"{where}.vouchers.min"), money(v.get("max"), f"{where}.vouchers.max")
        if lo is not None and hi is not None and lo >= hi:
            err(f"{where}.vouchers: min >= max")
        voucher_shops.append(sid)

n_products = len(products)
if len(munis) != 5:
    err(f"need 5 municipalities, have {len(munis)}")
if len(stations) != 3:
    err(f"need 3 stations, have {len(stations)}")
if len(shops) != 10:
    err(f"need 10 shops, have {len(shops)}")
if not 160 <= n_products <= 170:
    err(f"need 160-170 products, have {n_products}")
if not 4 <= n_services <= 5:
    err(f"need 4-5 services, have {n_services}")
if len(voucher_shops) != 3:
    err(f"need vouchers at 3 shops, have {len(voucher_shops)}")
for f in ("min_order", "closed", "deposit", "min_age", "allergens", "substitutes"):
    if f not in optional_used:
        err(f"optional field {f} never used")
food = [p for p in products.values() if p["vat"] == 7 and p.get("category") not in (
    "Schnittblumen", "Sträuße", "Topfpflanzen", "Zweige", "Floristik")]
with_all = [p for p in food if "allergens" in p]
if len(with_all) * 2 < len(food):
    err(f"allergens on fewer than half of the food products ({len(with_all)}/{len(food)})")
season_closures = {s: sorted(d for d in days if SEASON_FROM <= d <= SEASON_TO) for s, days in closures.items()}
season_closures = {s: d for s, d in season_closures.items() if d}
if not 1 <= len(season_closures) <= 2:
    err(f"need one or two shop closures in the season, have {len(season_closures)}")

log.append(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {n_products} products, "
           f"{n_services} services, vouchers at {len(voucher_shops)} shops ({', '.join(voucher_shops)}); aliases used {aliases_used}")
log.append("products per shop: " + ", ".join(f"{s} {len(sh['products'])}" for s, sh in shops.items()))
log.append(f"allergens given for {len(with_all)} of {len(food)} food products (7 % VAT, not flowers/plants)")

# ------------------------------------------------------------------ holidays
computed = {d: n for d, n in st_holidays(2032).items() if SEASON_FROM <= d <= SEASON_TO}
if computed != ST_HOLIDAYS_IN_SEASON:
    err(f"hard-coded ST holidays {ST_HOLIDAYS_IN_SEASON} differ from computed {computed}")
HOL = ST_HOLIDAYS_IN_SEASON
log.append("ST holidays in season (hard-coded, equal to computed): "
           + ", ".join(f"{d.strftime('%a')} {d} {n}" for d, n in sorted(HOL.items())))
log.append(f"Easter 2032 (computed): {easter(2032)}; Heilige Drei Könige {dt.date(2032, 1, 6)} lies before the season; "
           f"Thu {easter(2032) - dt.timedelta(days=3)} Gründonnerstag and Sat {easter(2032) - dt.timedelta(days=1)} Karsamstag are no holidays")
dst = dt.datetime(2032, 3, 28, 1, 59, tzinfo=TZ).utcoffset(), dt.datetime(2032, 3, 28, 3, 0, tzinfo=TZ).utcoffset()
log.append(f"summer time: 2032-03-28 01:59 local has offset {dst[0]}, 03:00 has {dst[1]}")
log.append("closures in season: " + "; ".join(f"{s} {d[0]}..{d[-1]}" for s, d in season_closures.items()))


def windows_for(kind):
    return DWIN if kind == "delivery" else PWIN


def template_window(kind, local):
    """The template window starting exactly at this local time on this weekday, or None."""
    wd = DAYS[local.weekday()]
    for w in windows_for(kind):
        if wd in w["days"] and hm(w["start"]) == local.hour * 60 + local.minute:
            return w
    return None


def cutoff(kind):
    return (DELIVERY if kind == "delivery" else PICKUP)["cutoff_hours"]


def earliest(kind, now):
    day = now.astimezone(TZ).date()
    for _ in range(30):
        for w in sorted(windows_for(kind), key=lambda w: w["start"]):
            if DAYS[day.weekday()] not in w["days"] or day in HOL:
                continue
            h, m = map(int, w["start"].split(":"))
            start = dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ)
            if start - dt.timedelta(hours=cutoff(kind)) >= now:
                return start
        day += dt.timedelta(days=1)
    return None


def fmt(t):
    t = t.astimezone(TZ)
    return f"{t.strftime('%a')} {t.strftime('%Y-%m-%d %H:%M%z')}"


# ------------------------------------------------------------------ conversations
cv = yaml.safe_load(open(CONVS, encoding="utf-8"))
if cv.get("format") != "kiepe-conversations/1":
    err("conversations: format")
if cv.get("catalog") != os.path.basename(CATALOG) and cv.get("catalog") != "duebenerheide.yml":
    err("conversations: catalog must name duebenerheide.yml")
convs = cv.get("conversations") or []
ids = set()
chan_count = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
booked_by_channel = {"voice": 0, "telegram": 0, "web": 0}
turn_range = {"voice": [], "telegram": [], "web": []}
cart_lines = voucher_lines = 0
shop_use = {s: 0 for s in shops}
by_id = {}
all_text = []
for c in convs:
    cid = c.get("id", "")
    w = f"conversation {cid}"
    by_id[cid] = c
    if not SLUG.match(cid) or cid in ids:
        err(f"{w}: id not a slug or duplicate")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in chan_count:
        err(f"{w}: bad channel")
        continue
    chan_count[ch] += 1
    now = parse_dt(c.get("now"), f"{w}.now")
    if now is None:
        continue
    if not SEASON_FROM <= now.astimezone(TZ).date() <= SEASON_TO:
        err(f"{w}: now outside the season")
    cu = c.get("customer") or {}
    if not cu.get("name") or cu.get("municipality") not in munis or not PHONE.match(cu.get("phone", "")):
        err(f"{w}: customer name/municipality/phone")
    turns = c.get("turns") or []
    turn_range[ch].append(len(turns))
    if not 4 <= len(turns) <= 6:
        err(f"{w}: {len(turns)} turns, need 4-6")
    for i, t in enumerate(turns):
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{w} turn {i + 1}: only non-empty say turns allowed")
            continue
        all_text.append(t["say"].lower())
        if ch == "voice" and not VOICE_OK.match(t["say"]):
            bad = sorted(set(ch_ for ch_ in t["say"] if not VOICE_OK.match(ch_)))
            err(f"{w} turn {i + 1}: voice turn must be lower case without punctuation or digits: {bad}")
    exp = c.get("expect") or {}
    cart = exp.get("cart")
    if not cart:
        err(f"{w}: expect.cart missing")
        cart = []
    part = {}
    seen = set()
    cart_shops = set()
    for ln in cart:
        s = ln.get("shop")
        if s not in shops:
            err(f"{w}: unknown shop {s}")
            continue
        cart_shops.add(s)
        if "voucher" in ln:
            voucher_lines += 1
            v = money(ln["voucher"], f"{w} voucher")
            vs = shops[s].get("vouchers")
            if not vs:
                err(f"{w}: shop {s} sells no vouchers")
            elif v is not None and not Decimal(vs["min"]) <= v <= Decimal(vs["max"]):
                err(f"{w}: voucher {v} outside {vs['min']}-{vs['max']} at {s}")
            continue
        cart_lines += 1
        pid = ln.get("product")
        p = products.get((s, pid))
        if not p:
            err(f"{w}: unknown product {s}/{pid}")
            continue
        if (s, pid) in seen:
            err(f"{w}: product {pid} listed twice")
        seen.add((s, pid))
        q = ln.get("quantity")
        try:
            if not isinstance(q, str) or not QTY.match(q):
                raise InvalidOperation
            qd = Decimal(q)
        except InvalidOperation:
            err(f"{w}: quantity {q!r} of {pid} is not a decimal string")
            continue
        if qd <= 0:
            err(f"{w}: quantity of {pid} must be positive")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{w}: quantity {q} of piece product {pid} is not whole")
        part[s] = part.get(s, Decimal(0)) + qd * Decimal(p["price"])
    for s in cart_shops:
        shop_use[s] += 1
        if now.astimezone(TZ).date() in closures[s]:
            err(f"{w}: now falls on a closed day of {s}")
    mins_ok = True
    for s, total in part.items():
        mo = shops[s].get("min_order")
        if mo and total < Decimal(mo):
            mins_ok = False
            err(f"{w}: {s} part {total:.2f} below min_order {mo}")
    slot = exp.get("slot")
    n_lines = len(cart)
    if slot:
        kind = slot.get("kind")
        if kind not in ("delivery", "pickup"):
            err(f"{w}: slot kind")
            continue
        booked[kind] += 1
        booked_by_channel[ch] += 1
        start = parse_dt(slot.get("start"), f"{w}.slot.start")
        if start is None:
            continue
        local = start.astimezone(TZ)
        problems = []
        if not template_window(kind, local):
            problems.append("not a template window start")
        if local.date() in HOL:
            problems.append(f"holiday {HOL[local.date()]}")
        if start - dt.timedelta(hours=cutoff(kind)) < now:
            problems.append("past cutoff")
        if start <= now:
            problems.append("not in the future")
        for s in cart_shops:
            if local.date() in closures[s]:
                problems.append(f"shop {s} closed")
        target = ""
        if kind == "pickup":
            if slot.get("station") not in stations:
                problems.append("unknown station")
            target = "+" + str(slot.get("station"))
        else:
            if "station" in slot:
                problems.append("delivery with a station")
            if not cu.get("street"):
                problems.append("delivery but customer has no street")
            target = " to " + cu.get("municipality", "?")
        for pr in problems:
            err(f"{w}: slot {slot.get('start')}: {pr}")
        e = earliest(kind, now)
        log.append(f"{cid}: now {fmt(now)} -> {kind} {fmt(start)}{target} "
                   f"({'window ok, no holiday, cutoff ok, shops open' if not problems else 'PROBLEMS'}"
                   f"{', min_order ok' if mins_ok else ''}; earliest possible {e.strftime('%a %d.%m. %H:%M')}; "
                   f"{n_lines} lines, shops {', '.join(sorted(cart_shops))})")
    else:
        log.append(f"{cid}: now {fmt(now)} -> no slot (cart only, {n_lines} lines, shops {', '.join(sorted(cart_shops))})")

# first-asked, impossible wishes
for cid, kind, start_s, station, reason in FIRST_ASKED:
    c = by_id.get(cid)
    if not c:
        err(f"first-asked: unknown conversation {cid}")
        continue
    now = dt.datetime.fromisoformat(c["now"])
    start = parse_dt(start_s, f"first-asked {cid}")
    local = start.astimezone(TZ)
    cart_shops = {ln["shop"] for ln in c["expect"]["cart"]}
    found = []
    if local.weekday() == 6:
        found.append("sunday")
    elif not template_window(kind, local):
        err(f"first-asked {cid}: {start_s} is not a template window")
    if local.date() in HOL:
        found.append("holiday")
    if start - dt.timedelta(hours=cutoff(kind)) < now:
        found.append("cutoff")
    for s in cart_shops:
        if local.date() in closures[s]:
            found.append(f"closed {s}")
    if found != [reason]:
        err(f"first-asked {cid}: expected exactly {reason!r}, found {found}")
    why = {"holiday": f"holiday {HOL.get(local.date(), '?')}", "cutoff": "past cutoff",
           "sunday": "Sunday, no window"}.get(reason, reason)
    log.append(f"{cid}: first asked {kind} {fmt(start)} -> impossible ({why})")
for cid, shop, day_s in DROPPED_FOR_CLOSURE:
    c = by_id.get(cid)
    day = dt.date.fromisoformat(day_s)
    if not c or day not in closures.get(shop, set()):
        err(f"dropped-for-closure {cid}: {shop} is not closed on {day_s}")
    elif any(ln["shop"] == shop for ln in c["expect"]["cart"]):
        err(f"dropped-for-closure {cid}: {shop} still in the cart")
    else:
        log.append(f"{cid}: goods of {shop} wanted for {day.strftime('%a')} {day} -> dropped (closed {day_s}), not in the cart")

if chan_count != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channels must be 10/10/10: {chan_count}")
nb = booked["delivery"] + booked["pickup"]
if not 13 <= nb <= 17:
    err(f"about half should book a window, {nb} do")
for s, n in shop_use.items():
    if n < 3:
        err(f"shop {s} in only {n} carts")
if voucher_lines < 1:
    err("no voucher line")
text = "\n".join(all_text)
word_use = {w: text.count(w) for w in RESIDENT_WORDS}
for w_, n in word_use.items():
    if n == 0:
        err(f"resident word {w_!r} occurs in no conversation")

log.append(f"channels voice/telegram/web {chan_count['voice']}/{chan_count['telegram']}/{chan_count['web']}; "
           f"booked delivery {booked['delivery']}, pick-up {booked['pickup']} (voice {booked_by_channel['voice']}, "
           f"telegram {booked_by_channel['telegram']}, web {booked_by_channel['web']}); cart lines {cart_lines}; voucher lines {voucher_lines}")
log.append("turns per conversation: " + ", ".join(
    f"{k} {min(v)}-{max(v)}" for k, v in turn_range.items() if v))
log.append("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in shop_use.items()))
log.append(f"resident words ({len(RESIDENT_WORDS)}), none in a product name, occurrences in the talk: "
           + ", ".join(f"{w_} {n}" for w_, n in word_use.items()))

for line in log:
    print(line)
for e in errors:
    print("ERROR:", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
