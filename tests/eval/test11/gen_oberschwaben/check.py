#!/usr/bin/env python3
"""Check oberschwaben.yml (kiepe-catalog/1) and oberschwaben_1.yml (kiepe-conversations/1).

Written by the author of the set from the two format descriptions only. Uses Python 3,
PyYAML and zoneinfo. Run:  python3 gen_oberschwaben/check.py  (from any directory).
Prints one log line per conversation and every error; the last line is "N errors".
"""
import os
import re
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(HERE)
CATALOG = os.path.join(BASE, "oberschwaben.yml")
CONVS = os.path.join(BASE, "oberschwaben_1.yml")

RANGE_FROM = date(2030, 12, 1)
RANGE_TO = date(2031, 2, 28)
STATE = "BW"

errors = []


def err(msg):
    errors.append(msg)
    print("ERROR: " + msg)


# ---------------------------------------------------------------- YAML with line numbers
class LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LineLoader)


def where(obj):
    return "line %s" % obj.get("__line__", "?") if isinstance(obj, dict) else "line ?"


def keys(obj):
    return {k for k in obj if k != "__line__"}


SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC2 = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^(0|[1-9]\d*)(\.\d*[1-9])?$")   # canonical decimal string, no trailing zeros
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SIZE = re.compile(r"^\d+(,\d+)? (g|kg|ml|l)$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}

# Residents' regional and everyday words used in the conversations: none may be a product name or alias.
RESIDENT_WORDS = ["weckle", "laugaweckle", "kimmichweckle", "brezga", "hefanikoläus", "gsälz", "grombiera",
                  "oier", "rahne", "ackersalat", "gelbe rüben", "weißkraut", "blaukraut", "saita",
                  "fleischküchle", "fleischkäs", "halsgrat", "rostbraten", "siedfleisch", "lewerwurscht",
                  "schwartamage", "sprudel", "most", "glühmost", "obstler", "spächele", "ster", "zentner",
                  "kretzer", "hutzelbrot", "krapfa", "spätzlesmehl", "hennenfutter", "tannengrün", "gutsle",
                  "hefe", "kischtle", "buchaholz", "tannahunig"]


def dec(s, field, ctx, pattern=DEC2):
    if not isinstance(s, str) or not pattern.match(s):
        err("%s: %s must be a decimal string like \"3.90\", got %r (%s)" % (ctx, field, s, where_ctx.get(ctx, "")))
        return None
    return Decimal(s)


where_ctx = {}


def parse_date(s, ctx):
    if not isinstance(s, str) or not DATE.match(s):
        err("%s: date %r is not YYYY-MM-DD" % (ctx, s))
        return None
    return date.fromisoformat(s)


# ---------------------------------------------------------------- holidays
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


def holidays_bw(y):
    e = easter(y)
    return {
        date(y, 1, 1): "Neujahr",
        date(y, 1, 6): "Heilige Drei Könige",
        e - timedelta(days=2): "Karfreitag",
        e + timedelta(days=1): "Ostermontag",
        date(y, 5, 1): "Tag der Arbeit",
        e + timedelta(days=39): "Christi Himmelfahrt",
        e + timedelta(days=50): "Pfingstmontag",
        e + timedelta(days=60): "Fronleichnam",
        date(y, 10, 3): "Tag der Deutschen Einheit",
        date(y, 11, 1): "Allerheiligen",
        date(y, 12, 25): "1. Weihnachtstag",
        date(y, 12, 26): "2. Weihnachtstag",
    }


HOLIDAYS = {}
for _y in (2030, 2031):
    HOLIDAYS.update(holidays_bw(_y))

# ---------------------------------------------------------------- catalog
cat = load(CATALOG)
if keys(cat) != {"format", "region", "shops"}:
    err("catalog: top-level keys %s (%s)" % (sorted(keys(cat)), where(cat)))
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")

region = cat["region"]
used_optional = set()
for k in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if k not in region:
        err("region: missing %s (%s)" % (k, where(region)))
if not SLUG.match(region.get("id", "")):
    err("region.id not a slug")
TZ = ZoneInfo(region["timezone"])
if region.get("currency") != "EUR":
    err("region.currency must be EUR")
if "holidays" in region:
    used_optional.add("holidays")
    if region["holidays"] not in STATES:
        err("region.holidays: unknown state code %r (%s)" % (region["holidays"], where(region)))
    if region["holidays"] != STATE:
        err("region.holidays must be %s" % STATE)
unknown = keys(region) - {"id", "name", "timezone", "currency", "holidays", "municipalities", "pickup_stations",
                          "delivery", "pickup", "weighed_goods"}
if unknown:
    err("region: unknown keys %s" % sorted(unknown))

munis = {}
for m in region["municipalities"]:
    ctx = "municipality %s (%s)" % (m.get("id"), where(m))
    if keys(m) != {"id", "name", "postcodes"}:
        err(ctx + ": keys %s" % sorted(keys(m)))
    if not SLUG.match(m.get("id", "")):
        err(ctx + ": id not a slug")
    if m["id"] in munis:
        err(ctx + ": duplicate id")
    pcs = m.get("postcodes") or []
    if not pcs or not all(isinstance(p, str) and re.match(r"^\d{5}$", p) for p in pcs):
        err(ctx + ": postcodes must be 5-digit strings")
    munis[m["id"]] = m
if len(munis) != 5:
    err("catalog: %d municipalities, expected 5" % len(munis))

stations = {}
for s in region["pickup_stations"]:
    ctx = "station %s (%s)" % (s.get("id"), where(s))
    if keys(s) != {"id", "name", "municipality", "address"}:
        err(ctx + ": keys %s" % sorted(keys(s)))
    if not SLUG.match(s.get("id", "")) or s["id"] in stations:
        err(ctx + ": id not a slug or duplicate")
    if s.get("municipality") not in munis:
        err(ctx + ": unknown municipality")
    elif not any(p in s.get("address", "") for p in munis[s["municipality"]]["postcodes"]):
        err(ctx + ": address lacks the municipality's postcode")
    stations[s["id"]] = s
if len(stations) != 3:
    err("catalog: %d pick-up stations, expected 3" % len(stations))


def check_windows(block, name):
    out = []
    for w in block.get("windows", []):
        ctx = "%s window (%s)" % (name, where(w))
        if keys(w) != {"days", "start", "end", "capacity"}:
            err(ctx + ": keys %s" % sorted(keys(w)))
        if not w["days"] or any(d not in DAYS for d in w["days"]):
            err(ctx + ": bad days %s" % w["days"])
        if not (HHMM.match(w["start"]) and HHMM.match(w["end"])) or w["start"] >= w["end"]:
            err(ctx + ": bad start/end %s-%s" % (w["start"], w["end"]))
        if not isinstance(w["capacity"], int) or w["capacity"] <= 0:
            err(ctx + ": capacity must be a positive integer")
        out.append(w)
    if not out:
        err(name + ": no windows")
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(name + ": cutoff_hours must be a non-negative integer")
    return out


delivery = region["delivery"]
where_ctx["delivery"] = where(delivery)
dec(delivery.get("fee"), "fee", "delivery")
if "free_from" in delivery:
    used_optional.add("free_from")
    dec(delivery["free_from"], "free_from", "delivery")
if keys(delivery) - {"fee", "free_from", "cutoff_hours", "windows"}:
    err("delivery: unknown keys")
pickup = region["pickup"]
if keys(pickup) - {"cutoff_hours", "windows"}:
    err("pickup: unknown keys")
WINDOWS = {"delivery": check_windows(delivery, "delivery"), "pickup": check_windows(pickup, "pickup")}
CUTOFF = {"delivery": delivery["cutoff_hours"], "pickup": pickup["cutoff_hours"]}
if "weighed_goods" in region:
    used_optional.add("weighed_goods")
    tp = region["weighed_goods"].get("tolerance_percent")
    if not isinstance(tp, int) or not 0 <= tp <= 100:
        err("weighed_goods.tolerance_percent must be an integer 0-100")

shops = {}
n_products = 0
units_used = set()
min_ages = set()
voucher_shops = 0
n_services = 0
kinds = set()
PRODUCT_KEYS = {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat", "deposit", "min_age",
                "allergens", "substitutes"}
for sh in cat["shops"]:
    ctx = "shop %s (%s)" % (sh.get("id"), where(sh))
    for k in ("id", "name", "kind", "municipality", "products"):
        if k not in sh:
            err(ctx + ": missing " + k)
    if keys(sh) - {"id", "name", "kind", "municipality", "phone", "products", "services", "vouchers", "min_order",
                   "closed"}:
        err(ctx + ": unknown keys %s" % sorted(keys(sh) - {"id", "name", "kind", "municipality", "phone", "products",
                                                        "services", "vouchers", "min_order", "closed"}))
    if not SLUG.match(sh["id"]) or sh["id"] in shops:
        err(ctx + ": id not a slug or duplicate")
    if sh["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        err(ctx + ": bad kind")
    kinds.add(sh["kind"])
    if sh["municipality"] not in munis:
        err(ctx + ": unknown municipality")
    if "phone" in sh and not re.match(r"^\+49 \d{2,5} \d{5,8}$", sh["phone"]):
        err(ctx + ": phone %r" % sh["phone"])
    where_ctx[ctx] = ""
    info = {"products": {}, "closed": set(), "min_order": None, "vouchers": None, "name": sh["name"]}
    if "min_order" in sh:
        used_optional.add("min_order")
        info["min_order"] = dec(sh["min_order"], "min_order", ctx)
    for c in sh.get("closed", []):
        used_optional.add("closed")
        if isinstance(c, str):
            used_optional.add("closed-date")
            d = parse_date(c, ctx)
            if d:
                info["closed"].add(d)
        elif isinstance(c, dict) and keys(c) == {"from", "to"}:
            used_optional.add("closed-range")
            a, b = parse_date(c["from"], ctx), parse_date(c["to"], ctx)
            if a and b:
                if a > b:
                    err(ctx + ": closed range from > to")
                d = a
                while d <= b:
                    info["closed"].add(d)
                    d += timedelta(days=1)
        else:
            err(ctx + ": bad closed entry %r" % (c,))
    for p in sh["products"]:
        pctx = "%s product %s (%s)" % (sh["id"], p.get("id"), where(p))
        for k in ("id", "name", "unit", "price", "vat"):
            if k not in p:
                err(pctx + ": missing " + k)
        if keys(p) - PRODUCT_KEYS:
            err(pctx + ": unknown keys %s" % sorted(keys(p) - PRODUCT_KEYS))
        if not SLUG.match(p["id"]) or p["id"] in info["products"]:
            err(pctx + ": id not a slug or duplicate in shop")
        if p["unit"] not in ("piece", "kg", "l"):
            err(pctx + ": bad unit")
        units_used.add(p["unit"])
        where_ctx[pctx] = ""
        price = dec(p["price"], "price", pctx)
        if price is not None and price <= 0:
            err(pctx + ": price must be positive")
        if p["vat"] not in (7, 19):
            err(pctx + ": vat must be 7 or 19")
        for opt in ("aliases", "category", "label", "size", "deposit", "min_age", "allergens", "substitutes"):
            if opt in p:
                used_optional.add(opt)
        if "size" in p and not SIZE.match(p["size"]):
            err(pctx + ": size %r not like \"250 g\" or \"0,75 l\"" % p["size"])
        if p["unit"] != "piece" and ("size" in p or "label" in p):
            err(pctx + ": size/label only for unit piece")
        if "deposit" in p:
            dec(p["deposit"], "deposit", pctx)
        if "min_age" in p:
            if p["min_age"] not in (16, 18):
                err(pctx + ": min_age must be 16 or 18")
            min_ages.add(p["min_age"])
        if "allergens" in p and (not p["allergens"] or set(p["allergens"]) - ALLERGENS):
            err(pctx + ": bad allergens %s" % p["allergens"])
        names = [p["name"]] + list(p.get("aliases", []))
        for nm in names:
            low = nm.lower()
            for w in RESIDENT_WORDS:
                if re.search(r"(?<![a-zäöüß])" + re.escape(w) + r"(?![a-zäöüß])", low):
                    err(pctx + ": resident word %r in name/alias %r" % (w, nm))
        info["products"][p["id"]] = p
        n_products += 1
    for p in sh["products"]:
        for s in p.get("substitutes", []):
            if s not in info["products"] or s == p["id"]:
                err("%s product %s: substitute %s not another product of the shop" % (sh["id"], p["id"], s))
    for sv in sh.get("services", []):
        sctx = "%s service %s (%s)" % (sh["id"], sv.get("id"), where(sv))
        if keys(sv) != {"id", "name", "duration_minutes", "price", "vat"}:
            err(sctx + ": keys %s" % sorted(keys(sv)))
        if not SLUG.match(sv["id"]):
            err(sctx + ": id not a slug")
        if not isinstance(sv["duration_minutes"], int) or sv["duration_minutes"] < 0:
            err(sctx + ": duration_minutes")
        where_ctx[sctx] = ""
        dec(sv["price"], "price", sctx)
        if sv["vat"] not in (7, 19):
            err(sctx + ": vat")
        n_services += 1
    if "vouchers" in sh:
        v = sh["vouchers"]
        vmin, vmax = dec(v.get("min"), "vouchers.min", ctx), dec(v.get("max"), "vouchers.max", ctx)
        if vmin is not None and vmax is not None and vmin > vmax:
            err(ctx + ": vouchers min > max")
        info["vouchers"] = (vmin, vmax)
        voucher_shops += 1
    shops[sh["id"]] = info

if len(shops) != 10:
    err("catalog: %d shops, expected 10" % len(shops))
if not 140 <= n_products <= 170:
    err("catalog: %d products, expected 140-170" % n_products)
if not 2 <= voucher_shops <= 3:
    err("catalog: vouchers at %d shops, expected 2-3" % voucher_shops)
if n_services < 1:
    err("catalog: no services")
if units_used != {"piece", "kg", "l"}:
    err("catalog: units used %s" % sorted(units_used))
if min_ages != {16, 18}:
    err("catalog: min_age values used %s" % sorted(min_ages))
need = {"holidays", "free_from", "weighed_goods", "min_order", "closed-date", "closed-range", "aliases", "category",
        "label", "size", "deposit", "min_age", "allergens", "substitutes"}
if need - used_optional:
    err("catalog: optional fields never used: %s" % sorted(need - used_optional))
if not {"retailer", "direct_marketer"} <= kinds:
    err("catalog: expected retailers and direct marketers")

# ---------------------------------------------------------------- time helpers
WD = {0: "Mon", 1: "Tue", 2: "Wed", 3: "Thu", 4: "Fri", 5: "Sat", 6: "Sun"}


def parse_ts(s, ctx):
    try:
        t = datetime.fromisoformat(s)
    except (TypeError, ValueError):
        err("%s: %r is not an ISO timestamp" % (ctx, s))
        return None
    if t.tzinfo is None:
        err("%s: %r has no UTC offset" % (ctx, s))
        return None
    local = t.astimezone(TZ)
    if t.utcoffset() != local.utcoffset():
        err("%s: %r has offset %s, Europe/Berlin has %s then" % (ctx, s, t.utcoffset(), local.utcoffset()))
    return local


def window_at(kind, local):
    """The template window starting exactly at this local time, or None."""
    day = DAYS[local.weekday()]
    hhmm = local.strftime("%H:%M")
    for w in WINDOWS[kind]:
        if day in w["days"] and w["start"] == hhmm:
            return w
    return None


def why_impossible(kind, local, now, shop_ids):
    """Reasons a window start is not bookable (empty list = bookable)."""
    reasons = []
    if window_at(kind, local) is None:
        reasons.append("no template window")
    if STATE and local.date() in HOLIDAYS:
        reasons.append("holiday " + HOLIDAYS[local.date()])
    if local - timedelta(hours=CUTOFF[kind]) < now:
        reasons.append("past cutoff")
    for sid in sorted(shop_ids):
        if local.date() in shops[sid]["closed"]:
            reasons.append("closed " + sid)
    if not RANGE_FROM <= local.date() <= RANGE_TO:
        reasons.append("outside the date range")
    return reasons


def earliest(kind, now):
    d = now.date()
    for _ in range(30):
        for w in sorted(WINDOWS[kind], key=lambda w: w["start"]):
            if DAYS[d.weekday()] not in w["days"] or d in HOLIDAYS:
                continue
            h, m = map(int, w["start"].split(":"))
            t = datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
            if t - timedelta(hours=CUTOFF[kind]) >= now:
                return t
        d += timedelta(days=1)
    return None


def fmt(t, offset=True):
    s = "%s %s" % (WD[t.weekday()], t.strftime("%Y-%m-%d %H:%M"))
    return s + t.strftime("%z") if offset else s


# ---------------------------------------------------------------- conversations
# Days a resident first asks for and which must really be impossible (the slot expected is the one named later).
FIRST_ASKED = [
    ("os-v-fondue-metzger-zu", "delivery", "2030-12-28T08:00:00+01:00", None, "closed metzgerei-zembrod"),
    ("os-t-raclette-silvester", "delivery", "2030-12-31T09:00:00+01:00", None, "closed hofladen-kieferle"),
    ("os-t-rolls-too-late", "delivery", "2030-12-14T08:00:00+01:00", None, "past cutoff"),
    ("os-t-forelle-betriebsurlaub", "pickup", "2031-02-05T15:00:00+01:00", "bad-waldsee-rathaus",
     "closed fischzucht-staudacher"),
    ("os-t-dreikoenig-abholen", "pickup", "2031-01-06T15:00:00+01:00", "biberach-marktplatz",
     "holiday Heilige Drei Könige"),
    ("os-w-weihnachtsgans", "pickup", "2030-12-24T15:00:00+01:00", "aulendorf-bahnhof", "closed hofladen-kieferle"),
    ("os-w-neujahrsbrezel", "delivery", "2031-01-01T09:00:00+01:00", None, "holiday Neujahr"),
]

conv = load(CONVS)
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format must be kiepe-conversations/1")
if conv.get("catalog") != "oberschwaben.yml":
    err("conversations: catalog must be oberschwaben.yml")
convs = conv["conversations"]
if len(convs) != 30:
    err("conversations: %d, expected 30" % len(convs))

VOICE_OK = re.compile(r"^[a-zäöüß]+( [a-zäöüß]+)*$")
ids = set()
channels = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
cart_lines = voucher_lines = age_lines = 0
shop_convs = {s: 0 for s in shops}
log = []
by_id = {}
for c in convs:
    cid = c.get("id")
    ctx = "conversation %s (%s)" % (cid, where(c))
    by_id[cid] = c
    if keys(c) - {"id", "channel", "now", "customer", "tags", "turns", "expect"}:
        err(ctx + ": unknown keys %s" % sorted(keys(c) - {"id", "channel", "now", "customer", "tags", "turns",
                                                        "expect"}))
    if not cid or not SLUG.match(cid) or cid in ids:
        err(ctx + ": id not a slug or duplicate")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in channels:
        err(ctx + ": bad channel %r" % ch)
    else:
        channels[ch] += 1
    now = parse_ts(c.get("now"), ctx + " now")
    if now and not RANGE_FROM <= now.date() <= RANGE_TO:
        err(ctx + ": now outside the date range")
    cu = c.get("customer", {})
    if not cu.get("name") or not cu.get("phone") or cu.get("municipality") not in munis:
        err(ctx + ": customer needs name, phone and a known municipality")
    if keys(cu) - {"name", "phone", "municipality", "street"}:
        err(ctx + ": customer has unknown keys")
    turns = c.get("turns", [])
    if not 3 <= len(turns) <= 8:
        err(ctx + ": %d turns, expected 3-8" % len(turns))
    for i, t in enumerate(turns, 1):
        if keys(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(ctx + ": turn %d must be a non-empty say turn" % i)
            continue
        if ch == "voice" and not VOICE_OK.match(t["say"]):
            err(ctx + ": voice turn %d has capitals, digits or punctuation: %r" % (i, t["say"]))
    ex = c.get("expect")
    if not ex or "cart" not in ex:
        err(ctx + ": expect with cart missing")
        continue
    if keys(ex) - {"cart", "slot"}:
        err(ctx + ": expect has unknown keys")
    totals = {}
    seen = set()
    for line in ex["cart"]:
        lctx = "%s cart (%s)" % (cid, where(line))
        sid = line.get("shop")
        if sid not in shops:
            err(lctx + ": unknown shop %r" % sid)
            continue
        if "voucher" in line:
            if keys(line) != {"shop", "voucher"}:
                err(lctx + ": voucher line keys")
            vr = shops[sid]["vouchers"]
            where_ctx[lctx] = ""
            amount = dec(line["voucher"], "voucher", lctx)
            if vr is None:
                err(lctx + ": %s sells no vouchers" % sid)
            elif amount is not None and not vr[0] <= amount <= vr[1]:
                err(lctx + ": voucher %s outside %s-%s" % (amount, vr[0], vr[1]))
            voucher_lines += 1
            continue
        if keys(line) != {"shop", "product", "quantity"}:
            err(lctx + ": product line keys %s" % sorted(keys(line)))
        p = shops[sid]["products"].get(line.get("product"))
        if p is None:
            err(lctx + ": unknown product %s/%s" % (sid, line.get("product")))
            continue
        if (sid, p["id"]) in seen:
            err(lctx + ": duplicate line %s/%s" % (sid, p["id"]))
        seen.add((sid, p["id"]))
        q = line.get("quantity")
        if not isinstance(q, str) or not QTY.match(q) or Decimal(q) <= 0:
            err(lctx + ": quantity %r is not a positive canonical decimal string" % (q,))
            continue
        if p["unit"] == "piece" and "." in q:
            err(lctx + ": quantity %s of piece product %s must be whole" % (q, p["id"]))
        totals[sid] = totals.get(sid, Decimal(0)) + Decimal(q) * Decimal(p["price"])
        cart_lines += 1
        if "min_age" in p:
            age_lines += 1
    if not totals:
        err(ctx + ": cart has no product line")
    min_ok = True
    for sid, total in totals.items():
        mo = shops[sid]["min_order"]
        if mo is not None and total < mo:
            min_ok = False
            err("%s: %s part %.2f below min_order %s" % (cid, sid, total, mo))
    for sid in totals:
        shop_convs[sid] += 1
    slot = ex.get("slot")
    if slot is None:
        log.append("%s: now %s -> no slot (cart only, %d lines, shops %s)" % (
            cid, fmt(now, False), len(ex["cart"]), ", ".join(sorted(totals))))
        continue
    kind = slot.get("kind")
    if kind not in WINDOWS:
        err(ctx + ": slot kind %r" % kind)
        continue
    if keys(slot) != ({"kind", "start", "station"} if kind == "pickup" else {"kind", "start"}):
        err(ctx + ": slot keys %s" % sorted(keys(slot)))
    start = parse_ts(slot.get("start"), ctx + " slot")
    if start is None or now is None:
        continue
    reasons = why_impossible(kind, start, now, totals.keys())
    if start <= now:
        reasons.append("not after now")
    if reasons:
        err("%s: slot %s impossible: %s" % (cid, fmt(start), "; ".join(reasons)))
    station = ""
    if kind == "pickup":
        if slot.get("station") not in stations:
            err(ctx + ": unknown station %r" % slot.get("station"))
        station = "+" + str(slot.get("station"))
    elif not cu.get("street"):
        err(ctx + ": delivery booked but customer has no street")
    booked[kind] += 1
    e = earliest(kind, now)
    log.append("%s: now %s -> %s %s%s (window ok, no holiday, cutoff ok, shops open, min_order %s; "
               "earliest possible %s)" % (cid, fmt(now), kind, fmt(start), station,
                                           "ok" if min_ok else "FAILED",
                                           e.strftime("%a %d.%m. %H:%M") if e else "none"))

for cid, kind, ts, station, expected_reason in FIRST_ASKED:
    c = by_id.get(cid)
    if c is None:
        err("first asked: unknown conversation %s" % cid)
        continue
    now = parse_ts(c["now"], cid)
    t = parse_ts(ts, cid + " first asked")
    shop_ids = {l["shop"] for l in c["expect"]["cart"] if "product" in l}
    reasons = why_impossible(kind, t, now, shop_ids)
    # the first-asked day must be a template window that fails only for the stated reason
    if "no template window" in reasons and not expected_reason.startswith("holiday"):
        err("%s: first asked %s is not a template window" % (cid, fmt(t)))
    if expected_reason not in reasons:
        err("%s: first asked %s %s expected impossible (%s), found %s" % (cid, kind, fmt(t), expected_reason,
                                                                           reasons or "bookable"))
    final = parse_ts(c["expect"]["slot"]["start"], cid)
    if final <= t and expected_reason == "past cutoff":
        pass
    log.append("%s: first asked %s %s%s -> impossible (%s)" % (
        cid, kind, fmt(t), "+" + station if station else "", "; ".join(r for r in reasons
                                                                         if r != "no template window")))

# ---------------------------------------------------------------- set-wide checks
if channels != {"voice": 10, "telegram": 10, "web": 10}:
    err("channels %s, expected 10/10/10" % channels)
n_booked = booked["delivery"] + booked["pickup"]
if not 12 <= n_booked <= 18:
    err("%d conversations book a window, expected about half (12-18)" % n_booked)
for sid, n in shop_convs.items():
    if n < 3:
        err("shop %s appears in only %d carts" % (sid, n))
if voucher_lines < 1:
    err("no voucher line")
if age_lines < 1:
    err("no age-restricted product in any cart")

for line in log:
    print(line)
hol = sorted(d for d in HOLIDAYS if RANGE_FROM <= d <= RANGE_TO)
print("BW holidays in range: " + ", ".join("%s %s (%s)" % (WD[d.weekday()], d.isoformat(), HOLIDAYS[d])
                                            for d in hol))
print("Easter 2031: %s (Easter-based BW holidays fall outside the range)" % easter(2031).isoformat())
print("catalog: %d municipalities, %d stations, %d shops, %d products, %d services, vouchers at %d shops" % (
    len(munis), len(stations), len(shops), n_products, n_services, voucher_shops))
print("channels voice/telegram/web %d/%d/%d; booked delivery %d, pick-up %d; cart lines %d; voucher lines %d; "
      "age-restricted lines %d" % (channels["voice"], channels["telegram"], channels["web"], booked["delivery"],
                                   booked["pickup"], cart_lines, voucher_lines, age_lines))
print("shop appearances (conversations): " + ", ".join("%s %d" % (s, n) for s, n in shop_convs.items()))
print("%d errors" % len(errors))
sys.exit(1 if errors else 0)
