#!/usr/bin/env python3
"""Check the Oderbruch evaluation set (catalog + conversations) by hand-written rules.

Usage: python3 gen_oderbruch/check.py   (from /work/evalout/oderbruch or anywhere)
Needs only Python 3, PyYAML and zoneinfo. Prints a log and `N errors`; exit status 0 only with 0 errors.
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.environ.get("ODERBRUCH_BASE") or os.path.dirname(HERE)   # override only for self-tests
CATALOG = os.path.join(BASE, "oderbruch.yml")
CONVS = os.path.join(BASE, "oderbruch_1.yml")

RANGE_FROM = dt.date(2030, 12, 1)
RANGE_TO = dt.date(2031, 2, 28)
STATE = "BB"

errors = []


def err(msg, node=None):
    line = getattr(node, "line", None)
    errors.append(f"ERROR{(' line ' + str(line)) if line else ''}: {msg}")


# ---------------------------------------------------------------- YAML with line numbers
class LDict(dict):
    line = None


class LList(list):
    line = None


class LineLoader(yaml.SafeLoader):
    pass


def _map(loader, node):
    d = LDict(loader.construct_mapping(node, deep=True))
    d.line = node.start_mark.line + 1
    return d


def _seq(loader, node):
    s = LList(loader.construct_sequence(node, deep=True))
    s.line = node.start_mark.line + 1
    return s


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _map)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _seq)
# keep dates and times as strings: the formats quote them, we parse them ourselves
LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LineLoader)


# ---------------------------------------------------------------- helpers
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC = re.compile(r"^\d+\.\d{2}$")          # money: decimal string with two places
QTY = re.compile(r"^\d+(\.\d+)?$")          # quantity: decimal string
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SIZE = re.compile(r"^\d+(,\d+)? (g|kg|ml|l)$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def money(v, what, node):
    if not isinstance(v, str) or not DEC.match(v):
        err(f"{what}: {v!r} is not a decimal string like \"4.50\"", node)
        return None
    return Decimal(v)


def parse_date(s, what, node):
    try:
        return dt.date.fromisoformat(s)
    except (TypeError, ValueError):
        err(f"{what}: {s!r} is not a date YYYY-MM-DD", node)
        return None


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
    return dt.date(y, month, day)


def bb_holidays(y):
    e = easter(y)
    return {
        dt.date(y, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e: "Ostersonntag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(y, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=49): "Pfingstsonntag",
        e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(y, 10, 3): "Tag der Deutschen Einheit",
        dt.date(y, 10, 31): "Reformationstag",
        dt.date(y, 12, 25): "1. Weihnachtsfeiertag",
        dt.date(y, 12, 26): "2. Weihnachtsfeiertag",
    }


HOLIDAYS = {}
for _y in (2030, 2031):
    HOLIDAYS.update(bb_holidays(_y))


def parse_ts(s, what, node, tz):
    if not isinstance(s, str):
        err(f"{what}: {s!r} is not a quoted timestamp", node)
        return None
    try:
        t = dt.datetime.fromisoformat(s)
    except ValueError:
        err(f"{what}: {s!r} is not an ISO timestamp", node)
        return None
    if t.tzinfo is None:
        err(f"{what}: {s!r} has no UTC offset", node)
        return None
    local = t.astimezone(tz)
    if local.utcoffset() != t.utcoffset():
        err(f"{what}: {s!r} has offset {t.utcoffset()}, Europe/Berlin has {local.utcoffset()} then", node)
    return t


def fmt(t, tz):
    l = t.astimezone(tz)
    return f"{WD[l.weekday()]} {l:%Y-%m-%d %H:%M}{l:%z}"


# ---------------------------------------------------------------- catalog
cat = load(CATALOG)
if cat.get("format") != "kiepe-catalog/1":
    err("catalog format must be kiepe-catalog/1", cat)
reg = cat.get("region") or LDict()
tz = ZoneInfo("Europe/Berlin")
for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in reg:
        err(f"region.{f} missing", reg)
if not SLUG.match(str(reg.get("id", ""))):
    err("region.id is not a slug", reg)
if reg.get("timezone") != "Europe/Berlin":
    err("region.timezone must be Europe/Berlin", reg)
if reg.get("currency") != "EUR":
    err("region.currency must be EUR", reg)
if reg.get("holidays") not in STATES:
    err(f"region.holidays {reg.get('holidays')!r} is not a German state code", reg)
if reg.get("holidays") != STATE:
    err(f"region.holidays must be {STATE}", reg)

munis = {}
for m in reg.get("municipalities", []):
    for f in ("id", "name", "postcodes"):
        if f not in m:
            err(f"municipality.{f} missing", m)
    if not SLUG.match(str(m.get("id", ""))):
        err(f"municipality id {m.get('id')!r} not a slug", m)
    if m.get("id") in munis:
        err(f"municipality {m.get('id')} twice", m)
    pcs = m.get("postcodes") or []
    if not pcs or not all(isinstance(p, str) and re.match(r"^\d{5}$", p) for p in pcs):
        err(f"municipality {m.get('id')}: postcodes must be quoted 5-digit strings", m)
    munis[m.get("id")] = m
if len(munis) != 5:
    err(f"{len(munis)} municipalities, brief asks for 5", reg)

stations = {}
for s in reg.get("pickup_stations", []):
    for f in ("id", "name", "municipality", "address"):
        if f not in s:
            err(f"pickup_station.{f} missing", s)
    if not SLUG.match(str(s.get("id", ""))):
        err(f"station id {s.get('id')!r} not a slug", s)
    mu = munis.get(s.get("municipality"))
    if mu is None:
        err(f"station {s.get('id')}: unknown municipality {s.get('municipality')!r}", s)
    elif not any(p in str(s.get("address", "")) for p in mu["postcodes"]):
        err(f"station {s.get('id')}: address lacks the municipality's postcode", s)
    stations[s.get("id")] = s
if len(stations) != 3:
    err(f"{len(stations)} pick-up stations, brief asks for 3", reg)


def check_windows(block, name):
    if not isinstance(block, dict):
        err(f"region.{name} missing", reg)
        return []
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(f"region.{name}.cutoff_hours must be a whole number >= 0", block)
    wins = []
    for w in block.get("windows") or []:
        days = w.get("days") or []
        if not days or any(d not in DAYS for d in days):
            err(f"region.{name}.windows: bad days {days}", w)
        if not (HHMM.match(str(w.get("start", ""))) and HHMM.match(str(w.get("end", "")))):
            err(f"region.{name}.windows: start/end must be quoted HH:MM", w)
        elif w["start"] >= w["end"]:
            err(f"region.{name}.windows: start not before end", w)
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"region.{name}.windows: capacity must be a positive whole number", w)
        wins.append(w)
    if not wins:
        err(f"region.{name}.windows empty", block)
    return wins


deliv = reg.get("delivery") or LDict()
pick = reg.get("pickup") or LDict()
money(deliv.get("fee"), "region.delivery.fee", deliv)
if "free_from" in deliv:
    money(deliv.get("free_from"), "region.delivery.free_from", deliv)
DWIN = check_windows(deliv, "delivery")
PWIN = check_windows(pick, "pickup")
wg = reg.get("weighed_goods")
if wg is not None and (not isinstance(wg.get("tolerance_percent"), int) or not 0 <= wg["tolerance_percent"] <= 100):
    err("region.weighed_goods.tolerance_percent must be a whole number 0..100", wg)

used = set()
units_used = set()
ages_used = set()
closed_forms = set()
shops = {}
n_products = 0
n_services = 0
for sh in cat.get("shops") or []:
    sid = sh.get("id")
    for f in ("id", "name", "kind", "municipality", "products"):
        if f not in sh:
            err(f"shop.{f} missing", sh)
    if not SLUG.match(str(sid)):
        err(f"shop id {sid!r} not a slug", sh)
    if sid in shops:
        err(f"shop {sid} twice", sh)
    if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {sid}: kind {sh.get('kind')!r}", sh)
    if sh.get("municipality") not in munis:
        err(f"shop {sid}: unknown municipality {sh.get('municipality')!r}", sh)
    if "phone" in sh and not re.match(r"^\+49 \d{2,5} \d{4,9}$", str(sh["phone"])):
        err(f"shop {sid}: phone {sh['phone']!r}", sh)
    info = {"node": sh, "products": {}, "closed": set(), "min_order": None, "vouchers": None}
    if "min_order" in sh:
        used.add("min_order")
        info["min_order"] = money(sh["min_order"], f"shop {sid}.min_order", sh)
    for c in sh.get("closed") or []:
        used.add("closed")
        if isinstance(c, str):
            closed_forms.add("date")
            d = parse_date(c, f"shop {sid}.closed", sh.get("closed"))
            if d:
                info["closed"].add(d)
        elif isinstance(c, dict):
            closed_forms.add("range")
            a = parse_date(c.get("from"), f"shop {sid}.closed.from", c)
            b = parse_date(c.get("to"), f"shop {sid}.closed.to", c)
            if a and b:
                if a > b:
                    err(f"shop {sid}: closed range from after to", c)
                d = a
                while d <= b:
                    info["closed"].add(d)
                    d += dt.timedelta(days=1)
        else:
            err(f"shop {sid}: closed entry {c!r}", sh)
    prods = info["products"]
    names = set()
    for p in sh.get("products") or []:
        n_products += 1
        pid = p.get("id")
        for f in ("id", "name", "unit", "price", "vat"):
            if f not in p:
                err(f"{sid}/{pid}: {f} missing", p)
        if not SLUG.match(str(pid)):
            err(f"{sid}: product id {pid!r} not a slug", p)
        if pid in prods:
            err(f"{sid}: product {pid} twice", p)
        if p.get("name") in names:
            err(f"{sid}: product name {p.get('name')!r} twice", p)
        names.add(p.get("name"))
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{sid}/{pid}: unit {p.get('unit')!r}", p)
        units_used.add(p.get("unit"))
        money(p.get("price"), f"{sid}/{pid}.price", p)
        if p.get("vat") not in (7, 19):
            err(f"{sid}/{pid}: vat {p.get('vat')!r}", p)
        for f in ("label", "size", "category", "aliases", "deposit", "min_age", "substitutes", "allergens"):
            if f in p:
                used.add(f)
        if "label" in p and not isinstance(p["label"], str):
            err(f"{sid}/{pid}: label must be text", p)
        if "label" in p and p.get("unit") != "piece":
            err(f"{sid}/{pid}: label only makes sense on unit piece", p)
        if "size" in p and (not isinstance(p["size"], str) or not SIZE.match(p["size"])):
            err(f"{sid}/{pid}: size {p.get('size')!r} not like \"250 g\" / \"0,75 l\"", p)
        if "aliases" in p and (not isinstance(p["aliases"], list) or not all(isinstance(a, str) for a in p["aliases"])):
            err(f"{sid}/{pid}: aliases must be a list of text", p)
        if "deposit" in p:
            money(p["deposit"], f"{sid}/{pid}.deposit", p)
        if "min_age" in p:
            if p["min_age"] not in (16, 18):
                err(f"{sid}/{pid}: min_age {p['min_age']!r}", p)
            ages_used.add(p["min_age"])
        if "allergens" in p:
            bad = [a for a in p["allergens"] if a not in ALLERGENS]
            if bad:
                err(f"{sid}/{pid}: unknown allergens {bad}", p)
        prods[pid] = p
    for p in prods.values():
        for s in p.get("substitutes") or []:
            if s not in prods or s == p["id"]:
                err(f"{sid}/{p['id']}: substitute {s!r} is not another product of the shop", p)
    for sv in sh.get("services") or []:
        used.add("services")
        n_services += 1
        for f in ("id", "name", "duration_minutes", "price", "vat"):
            if f not in sv:
                err(f"{sid}: service.{f} missing", sv)
        if not SLUG.match(str(sv.get("id"))):
            err(f"{sid}: service id {sv.get('id')!r}", sv)
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"{sid}: service duration_minutes", sv)
        money(sv.get("price"), f"{sid}/{sv.get('id')}.price", sv)
        if sv.get("vat") not in (7, 19):
            err(f"{sid}: service vat", sv)
    if "vouchers" in sh:
        used.add("vouchers")
        v = sh["vouchers"]
        lo = money(v.get("min"), f"{sid}.vouchers.min", v)
        hi = money(v.get("max"), f"{sid}.vouchers.max", v)
        if lo is not None and hi is not None and lo >= hi:
            err(f"{sid}: vouchers min not below max", v)
        info["vouchers"] = (lo, hi)
    shops[sid] = info

if "holidays" in reg:
    used.add("holidays")
if "free_from" in deliv:
    used.add("free_from")
if wg is not None:
    used.add("weighed_goods")
if len(shops) != 10:
    err(f"{len(shops)} shops, brief asks for 10")
if not 140 <= n_products <= 170:
    err(f"{n_products} products, brief asks for 140-170")
need = {"holidays", "free_from", "weighed_goods", "min_order", "closed", "label", "size", "category", "aliases",
        "deposit", "min_age", "substitutes", "allergens", "services", "vouchers"}
if need - used:
    err(f"optional fields never used: {sorted(need - used)}")
if units_used != {"piece", "kg", "l"}:
    err(f"units used: {sorted(units_used)}")
if ages_used != {16, 18}:
    err(f"min_age values used: {sorted(ages_used)}")
if closed_forms != {"date", "range"}:
    err(f"closed forms used: {sorted(closed_forms)}")
n_voucher_shops = sum(1 for s in shops.values() if s["vouchers"])
if not 2 <= n_voucher_shops <= 3:
    err(f"{n_voucher_shops} shops with vouchers, brief asks for 2-3")
kinds = {s["node"]["kind"] for s in shops.values()}
if not {"retailer", "direct_marketer"} <= kinds:
    err("both retailers and direct marketers needed")

# Residents' everyday words must not be catalog names or aliases (whole words, case-insensitive).
EVERYDAY = ["schrippe", "schrippen", "schusterjunge", "schusterjungen", "stolle", "pfannkuchen", "knacker",
            "gehacktes", "jehacktet", "tote oma", "broiler", "bollen", "wurzeln", "mohrrüben", "wruken",
            "tüften", "äppel", "selter", "brause", "pfeffi", "preßkohlen", "kohlen", "schlächter", "sonnabend",
            "sonnamd", "jans", "honich", "jrieß", "jrünkohl"]
catalog_text = []
for s in shops.values():
    catalog_text.append(s["node"]["name"])
    for p in s["products"].values():
        catalog_text.append(p["name"])
        catalog_text.extend(p.get("aliases") or [])
        catalog_text.append(p.get("category", ""))
low = " | ".join(catalog_text).lower()
for w in EVERYDAY:
    if re.search(r"(?<![a-zäöüß])" + re.escape(w) + r"(?![a-zäöüß])", low):
        err("an everyday word of the residents is a catalog name, alias or category (see EVERYDAY in check.py)")

# closures in the range, printed for the README
closures = []
for sid, s in shops.items():
    days = sorted(d for d in s["closed"] if RANGE_FROM <= d <= RANGE_TO)
    runs = []
    for d in days:
        if runs and d - runs[-1][-1] == dt.timedelta(days=1):
            runs[-1].append(d)
        else:
            runs.append([d])
    for r in runs:
        closures.append(f"{sid} {WD[r[0].weekday()]} {r[0]:%d.%m.%Y}"
                        + (f" - {WD[r[-1].weekday()]} {r[-1]:%d.%m.%Y} ({len(r)} days)" if len(r) > 1 else ""))
hol_in_range = sorted((d, n) for d, n in HOLIDAYS.items() if RANGE_FROM <= d <= RANGE_TO)

# ---------------------------------------------------------------- windows
def windows_on(day, kind):
    wins = DWIN if kind == "delivery" else PWIN
    out = []
    for w in wins:
        if DAYS[day.weekday()] in w["days"]:
            h, m = map(int, w["start"].split(":"))
            out.append(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=tz))
    return sorted(out)


def cutoff(kind):
    return dt.timedelta(hours=(deliv if kind == "delivery" else pick)["cutoff_hours"])


def earliest(now, kind):
    d = now.astimezone(tz).date()
    for _ in range(20):
        if d not in HOLIDAYS:
            for st in windows_on(d, kind):
                if st - cutoff(kind) >= now:
                    return st
        d += dt.timedelta(days=1)
    return None


def slot_problems(kind, start, now, shop_ids, station, customer):
    """Reasons why a window cannot be booked (empty list: bookable)."""
    why = []
    loc = start.astimezone(tz)
    d = loc.date()
    if not RANGE_FROM <= d <= RANGE_TO:
        why.append("outside the date range")
    if loc.replace(tzinfo=None) not in [w.replace(tzinfo=None) for w in windows_on(d, kind)]:
        why.append("not a window start of the template on that weekday")
    if d in HOLIDAYS:
        why.append(f"holiday {HOLIDAYS[d]}")
    if start - cutoff(kind) < now:
        why.append("past cutoff")
    for sid in sorted(shop_ids):
        if sid in shops and d in shops[sid]["closed"]:
            why.append(f"closed {sid}")
    if kind == "pickup" and station not in stations:
        why.append(f"unknown station {station!r}")
    if kind == "delivery" and not (customer or {}).get("street"):
        why.append("delivery without the customer's street")
    return why


# ---------------------------------------------------------------- conversations
conv = load(CONVS)
if conv.get("format") != "kiepe-conversations/1":
    err("conversations format must be kiepe-conversations/1", conv)
if conv.get("catalog") != "oderbruch.yml":
    err("conversations catalog must be oderbruch.yml", conv)
convs = conv.get("conversations") or []
ids = set()
chan = {"voice": 0, "telegram": 0, "web": 0}
booked = {"voice": {"delivery": 0, "pickup": 0}, "telegram": {"delivery": 0, "pickup": 0}, "web": {"delivery": 0, "pickup": 0}}
n_lines = n_vouch = 0
appear = {sid: 0 for sid in shops}
log = []
now_by_id = {}
cust_by_id = {}
carts_by_id = {}
VOICE_OK = re.compile(r"^[a-zäöüß]+( [a-zäöüß]+)*$")

for c in convs:
    cid = c.get("id")
    for f in ("id", "channel", "now", "customer", "turns", "expect"):
        if f not in c:
            err(f"{cid}: {f} missing", c)
    if not SLUG.match(str(cid)):
        err(f"conversation id {cid!r} not a slug", c)
    if cid in ids:
        err(f"conversation {cid} twice", c)
    ids.add(cid)
    ch = c.get("channel")
    if ch not in chan:
        err(f"{cid}: channel {ch!r}", c)
        continue
    chan[ch] += 1
    now = parse_ts(c.get("now"), f"{cid}.now", c, tz)
    if now and not RANGE_FROM <= now.astimezone(tz).date() <= RANGE_TO:
        err(f"{cid}: now outside 1 Dec 2030 - 28 Feb 2031", c)
    now_by_id[cid] = now
    cu = c.get("customer") or LDict()
    cust_by_id[cid] = cu
    for f in ("name", "phone", "municipality"):
        if not cu.get(f):
            err(f"{cid}: customer.{f} missing", cu)
    if cu.get("municipality") not in munis:
        err(f"{cid}: customer municipality {cu.get('municipality')!r} unknown", cu)
    if not re.match(r"^\+49 \d{2,5} \d{4,9}$", str(cu.get("phone", ""))):
        err(f"{cid}: customer phone {cu.get('phone')!r}", cu)
    turns = c.get("turns") or []
    if not 3 <= len(turns) <= 8:
        err(f"{cid}: {len(turns)} turns, 3-8 wanted", c)
    for t in turns:
        if set(t.keys()) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{cid}: only non-empty say turns allowed", t)
            continue
        if ch == "voice" and not VOICE_OK.match(t["say"]):
            err(f"{cid}: voice turn not lower case words without punctuation/digits: {t['say']!r}", t)
    ex = c.get("expect") or LDict()
    cart = ex.get("cart")
    if not cart:
        err(f"{cid}: expect.cart missing or empty", ex)
        cart = []
    totals = {}
    seen = set()
    cart_shops = set()
    nl = 0
    for line in cart:
        sid = line.get("shop")
        if sid not in shops:
            err(f"{cid}: unknown shop {sid!r}", line)
            continue
        cart_shops.add(sid)
        if "voucher" in line:
            n_vouch += 1
            amt = money(line["voucher"], f"{cid}: voucher", line)
            vr = shops[sid]["vouchers"]
            if not vr:
                err(f"{cid}: {sid} sells no vouchers", line)
            elif amt is not None and not vr[0] <= amt <= vr[1]:
                err(f"{cid}: voucher {amt} outside {vr[0]}-{vr[1]}", line)
            if set(line.keys()) != {"shop", "voucher"}:
                err(f"{cid}: voucher line with extra fields", line)
            continue
        pid = line.get("product")
        p = shops[sid]["products"].get(pid)
        if p is None:
            err(f"{cid}: {sid} has no product {pid!r}", line)
            continue
        if (sid, pid) in seen:
            err(f"{cid}: {sid}/{pid} twice in the cart", line)
        seen.add((sid, pid))
        q = line.get("quantity")
        if not isinstance(q, str) or not QTY.match(q):
            err(f"{cid}: quantity {q!r} is not a decimal string", line)
            continue
        qd = Decimal(q)
        if qd <= 0:
            err(f"{cid}: quantity {q} not positive", line)
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{cid}: {pid} is sold by piece, quantity {q} not whole", line)
        if p["unit"] == "piece" and "." in q:
            err(f"{cid}: {pid} is sold by piece, write {q!r} without decimals", line)
        totals[sid] = totals.get(sid, Decimal(0)) + qd * Decimal(p["price"])
        nl += 1
    n_lines += nl
    for sid, tot in totals.items():
        mo = shops[sid]["min_order"]
        if mo is not None and tot < mo:
            err(f"{cid}: {sid} part {tot:.2f} below min_order {mo}", ex)
    for sid in cart_shops:
        appear[sid] += 1
    carts_by_id[cid] = cart_shops
    slot = ex.get("slot")
    if slot is None:
        log.append(f"{cid}: now {fmt(now, tz) if now else '?'} -> no slot (cart only, {nl} lines"
                   f"{', 1 voucher' if any('voucher' in l for l in cart) else ''}, shops {', '.join(sorted(cart_shops))})")
        continue
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"):
        err(f"{cid}: slot kind {kind!r}", slot)
        continue
    if kind == "delivery" and "station" in slot:
        err(f"{cid}: delivery slot with a station", slot)
    start = parse_ts(slot.get("start"), f"{cid}.slot.start", slot, tz)
    if not start or not now:
        continue
    booked[ch][kind] += 1
    probs = slot_problems(kind, start, now, cart_shops, slot.get("station"), cu)
    for pr in probs:
        err(f"{cid}: slot {fmt(start, tz)}: {pr}", slot)
    e = earliest(now, kind)
    st = f"+{slot.get('station')}" if kind == "pickup" else ""
    mo_ok = "min_order ok" if any(shops[s]["min_order"] for s in cart_shops) else "no min_order"
    log.append(f"{cid}: now {fmt(now, tz)} -> {kind} {fmt(start, tz)}{st} "
               f"({'window ok, no holiday, cutoff ok, shops open, ' + mo_ok if not probs else 'PROBLEMS'}; "
               f"earliest possible {WD[e.weekday()]} {e:%d.%m. %H:%M})")

# Days a resident asks for first, which must really be impossible (the script's later day wins).
FIRST_ASKED = [
    ("ob-v-gans-feiertag", "delivery", "2030-12-25T09:00:00+01:00", None),
    ("ob-v-quappe-winterpause", "delivery", "2031-01-10T09:00:00+01:00", None),
    ("ob-v-muehle-zu-spaet", "delivery", "2031-02-04T09:00:00+01:00", None),
    ("ob-t-rouladen-urlaub", "delivery", "2031-02-12T09:00:00+01:00", None),
    ("ob-w-neujahr-feiertag", "delivery", "2031-01-01T09:00:00+01:00", None),
]
for cid, kind, s, station in FIRST_ASKED:
    if cid not in now_by_id:
        err(f"first-asked list names unknown conversation {cid}")
        continue
    t = dt.datetime.fromisoformat(s)
    probs = slot_problems(kind, t, now_by_id[cid], carts_by_id[cid], station, cust_by_id[cid])
    probs = [p for p in probs if not p.startswith("delivery without")]
    if not probs:
        err(f"{cid}: first-asked {kind} {fmt(t, tz)} would be possible, the script says it is not")
    log.append(f"{cid}: first asked {kind} {fmt(t, tz)} -> impossible ({'; '.join(probs)})")

if chan != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channels {chan}, 10/10/10 wanted")
n_booked = sum(sum(v.values()) for v in booked.values())
if not 13 <= n_booked <= 17:
    err(f"{n_booked} conversations book a window, about half (13-17) wanted")
if n_vouch < 1:
    err("no voucher line in any cart")
for sid, n in appear.items():
    if n < 3:
        err(f"shop {sid} appears in only {n} carts, 3 wanted")

# ---------------------------------------------------------------- report
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
      f"{n_products} products, {n_services} services, {n_voucher_shops} shops with vouchers")
print("catalog products per shop: " + ", ".join(f"{sid} {len(s['products'])}" for sid, s in shops.items()))
print(f"everyday words of the residents checked against catalog names, aliases and categories: {len(EVERYDAY)}")
print("BB holidays in range (computed, Easter " + ", ".join(f"{easter(y):%d.%m.%Y}" for y in (2030, 2031)) + "): "
      + ", ".join(f"{WD[d.weekday()]} {d:%d.%m.%Y} {n}" for d, n in hol_in_range))
print("24.12.2030 and 31.12.2030 holiday in BB: " + ("yes" if dt.date(2030, 12, 24) in HOLIDAYS or dt.date(2030, 12, 31) in HOLIDAYS else "no (ordinary Tuesdays)"))
print("shop closures in range: " + "; ".join(closures))
for line in log:
    print(line)
print("channels voice/telegram/web {voice}/{telegram}/{web}".format(**chan)
      + "; booked delivery " + "/".join(str(booked[c]["delivery"]) for c in ("voice", "telegram", "web"))
      + ", pick-up " + "/".join(str(booked[c]["pickup"]) for c in ("voice", "telegram", "web"))
      + f" (voice/telegram/web), {n_booked} of {len(convs)} book a window; cart lines {n_lines}; voucher lines {n_vouch}")
print("shop appearances (conversations): " + ", ".join(f"{sid} {n}" for sid, n in appear.items()))
for e in errors:
    print(e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
