#!/usr/bin/env python3
"""Check the catalog werdenfels.yml (kiepe-catalog/1) and the conversations werdenfels_1.yml
(kiepe-conversations/1) against the formats and the rules of the evaluation brief.

Usage: python3 gen_werdenfels/check.py [CATALOG.yml [CONVERSATIONS.yml]]   (defaults: the set's own files)
Prints a log and the number of errors; exit status 0 only with 0 errors.
Needs Python 3.9+ (zoneinfo) and PyYAML. Reads nothing but the two YAML files.
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CATALOG = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "werdenfels.yml")
CONVS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "werdenfels_1.yml")

TZ = ZoneInfo("Europe/Berlin")
SEASON_FROM = dt.date(2031, 9, 1)
SEASON_TO = dt.date(2031, 11, 30)
STATE = "BY"

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC = re.compile(r"^\d+(\.\d{1,2})?$")          # money: decimal string, at most 2 places
QTY = re.compile(r"^\d+(\.\d{1,3})?$")          # quantity: decimal string, at most 3 places
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
POSTCODE = re.compile(r"^\d{5}$")
VOICE_OK = re.compile(r"^[a-zäöüß ]+$")

# Everyday and dialect words the residents use for goods; none may be a word of a product name.
RESIDENT_WORDS = [
    "brezn", "würscht", "weißwürscht", "tragl", "weiße", "schweinsbratn", "schwartl", "leberkas",
    "knödlbrot", "blaukraut", "erdäpfel", "bergkas", "topfen", "milli", "auszogne", "rehschlegel",
    "gamsschlegel", "granten", "grabgsteck", "seelenlichter", "winterastern", "seelenzopf", "banzn",
    "spezi", "kastl", "fassl", "graicherte", "forelln", "kren", "rüam", "haxn", "sechserträger",
    "hollersirup", "obazda", "radi", "schlagrahm", "buschn", "schwammerl", "reherl", "kracherl",
    "apfelspritzer", "rahna", "vinschger", "buletten", "schrippen", "pfannkuchen", "daxn", "zentner",
    "gelbe", "rüben", "butter", "tannenzweige", "sixpack", "pretzels",
]

# Days first asked and impossible (the conversation's expected slot is the day named afterwards):
# (conversation id, kind, start, station or None, reason)  reason: holiday | closed:<shop> | cutoff
FIRST_ASKED = [
    ("wf-v-metzger-urlaub", "delivery", "2031-09-17T08:00:00+02:00", None, "closed:metzgerei-reindl"),
    ("wf-v-almabtrieb-sennerei", "pickup", "2031-09-27T09:00:00+02:00", "mittenwald-obermarkt", "closed:sennerei-buckelwiesen"),
    ("wf-v-allerheiligen-grab", "pickup", "2031-11-01T09:00:00+01:00", "gap-bahnhof", "holiday"),
    ("wf-v-zu-spaet-haxn", "delivery", "2031-11-21T08:00:00+01:00", None, "cutoff"),
    ("wf-t-blumen-urlaub", "pickup", "2031-09-10T15:00:00+02:00", "murnau-untermarkt", "closed:blumen-kuchenbaur"),
    ("wf-t-feiertag-einheit", "delivery", "2031-10-03T08:00:00+02:00", None, "holiday"),
    ("wf-w-cafe-zwischensaison", "delivery", "2031-11-15T08:00:00+01:00", None, "closed:cafe-kirchmair"),
    # the resident first wants sausages from a shop that is closed on the wished day, then drops them
    ("wf-w-ferienwohnung-english", "delivery", "2031-09-15T08:00:00+02:00", None, "closed:metzgerei-reindl+"),
]

errors = []
log = []


def err(msg):
    errors.append(msg)


def out(msg):
    log.append(msg)


# ------------------------------------------------------------------ holidays
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
    """Public holidays in Bavaria (state-wide; Mariä Himmelfahrt counted as the region is Catholic,
    the Augsburger Friedensfest left out as it is only Augsburg's)."""
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


HOL = holidays_by(2031)


# ------------------------------------------------------------------ helpers
class LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node, deep=False):
    m = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    m["__line__"] = node.start_mark.line + 1
    return m


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path):
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=LineLoader)


def keys(m):
    return {k for k in m if k != "__line__"}


def where(m):
    return f"line {m.get('__line__', '?')}" if isinstance(m, dict) else "?"


def dec(value, field, ctx, pattern=DEC):
    if not isinstance(value, str) or not pattern.match(value):
        err(f"{ctx}: {field} must be a decimal string, got {value!r}")
        return None
    return Decimal(value)


def parse_date(s, ctx):
    if not isinstance(s, str):
        err(f"{ctx}: date must be a quoted string, got {s!r}")
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        err(f"{ctx}: bad date {s!r}")
        return None


def parse_ts(s, ctx):
    """An ISO timestamp with offset; checks the offset is Europe/Berlin's for that local time."""
    if not isinstance(s, str):
        err(f"{ctx}: timestamp must be a quoted string, got {s!r}")
        return None
    try:
        t = dt.datetime.fromisoformat(s)
    except ValueError:
        err(f"{ctx}: bad timestamp {s!r}")
        return None
    if t.tzinfo is None:
        err(f"{ctx}: timestamp {s!r} has no offset")
        return None
    local = t.replace(tzinfo=None).replace(tzinfo=TZ)
    if local.utcoffset() != t.utcoffset():
        err(f"{ctx}: {s!r} has offset {t.utcoffset()}, Europe/Berlin has {local.utcoffset()} then")
    return t


def fmt(t):
    return t.astimezone(TZ).strftime("%a %Y-%m-%d %H:%M%z")


# ------------------------------------------------------------------ catalog
cat = load(CATALOG)
used_optional = set()

if keys(cat) != {"format", "region", "shops"}:
    err(f"catalog: top-level keys {sorted(keys(cat))}")
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")

reg = cat.get("region", {})
for f in ["id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"]:
    if f not in reg:
        err(f"catalog region: missing {f}")
allowed_region = {"id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery",
                  "pickup", "holidays", "weighed_goods"}
if keys(reg) - allowed_region:
    err(f"catalog region: unknown fields {sorted(keys(reg) - allowed_region)}")
if not SLUG.match(str(reg.get("id", ""))):
    err("catalog region: id is not a slug")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("catalog region: timezone/currency")
if "holidays" in reg:
    used_optional.add("holidays")
    if reg["holidays"] != STATE or reg["holidays"] not in STATES:
        err(f"catalog region: holidays must be {STATE}, got {reg['holidays']!r}")
if "weighed_goods" in reg:
    used_optional.add("weighed_goods")
    tp = reg["weighed_goods"].get("tolerance_percent")
    if not isinstance(tp, int) or not 0 < tp <= 50:
        err(f"catalog weighed_goods: tolerance_percent {tp!r}")

munis = {}
for m in reg.get("municipalities", []):
    ctx = f"municipality {m.get('id')} ({where(m)})"
    if keys(m) != {"id", "name", "postcodes"}:
        err(f"{ctx}: fields {sorted(keys(m))}")
    if not SLUG.match(str(m.get("id", ""))):
        err(f"{ctx}: id not a slug")
    if m["id"] in munis:
        err(f"{ctx}: duplicate id")
    pcs = m.get("postcodes") or []
    if not pcs or not all(isinstance(p, str) and POSTCODE.match(p) for p in pcs):
        err(f"{ctx}: postcodes must be quoted 5-digit strings: {pcs!r}")
    munis[m["id"]] = m
if len(munis) != 5:
    err(f"catalog: {len(munis)} municipalities, want 5")

stations = {}
for s in reg.get("pickup_stations", []):
    ctx = f"station {s.get('id')} ({where(s)})"
    if keys(s) != {"id", "name", "municipality", "address"}:
        err(f"{ctx}: fields {sorted(keys(s))}")
    if not SLUG.match(str(s.get("id", ""))) or s["id"] in stations:
        err(f"{ctx}: bad or duplicate id")
    mu = munis.get(s.get("municipality"))
    if not mu:
        err(f"{ctx}: unknown municipality")
    elif not any(p in s.get("address", "") for p in mu["postcodes"]):
        err(f"{ctx}: address lacks the municipality's postcode")
    stations[s["id"]] = s
if len(stations) != 3:
    err(f"catalog: {len(stations)} stations, want 3")


def check_windows(block, name):
    ws = []
    for w in block.get("windows", []):
        ctx = f"{name} window ({where(w)})"
        if keys(w) != {"days", "start", "end", "capacity"}:
            err(f"{ctx}: fields {sorted(keys(w))}")
        if not w.get("days") or any(d not in DAYS for d in w["days"]):
            err(f"{ctx}: days {w.get('days')!r}")
        if not (isinstance(w.get("start"), str) and HHMM.match(w["start"]) and isinstance(w.get("end"), str)
                and HHMM.match(w["end"]) and w["start"] < w["end"]):
            err(f"{ctx}: start/end {w.get('start')!r}-{w.get('end')!r}")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{ctx}: capacity")
        ws.append(w)
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(f"{name}: cutoff_hours")
    return ws


deliv = reg.get("delivery", {})
if keys(deliv) - {"fee", "cutoff_hours", "windows", "free_from"}:
    err(f"delivery: unknown fields {sorted(keys(deliv))}")
dec(deliv.get("fee"), "fee", "delivery")
if "free_from" in deliv:
    used_optional.add("free_from")
    dec(deliv["free_from"], "free_from", "delivery")
pick = reg.get("pickup", {})
if keys(pick) - {"cutoff_hours", "windows"}:
    err(f"pickup: unknown fields {sorted(keys(pick))}")
TEMPLATE = {"delivery": check_windows(deliv, "delivery"), "pickup": check_windows(pick, "pickup")}
CUTOFF = {"delivery": deliv.get("cutoff_hours", 0), "pickup": pick.get("cutoff_hours", 0)}

shops = {}
closures = {}          # shop -> list of (from, to)
n_products = 0
n_services = 0
voucher_shops = []
allowed_shop = {"id", "name", "kind", "municipality", "phone", "products", "services", "vouchers",
                "min_order", "closed"}
allowed_prod = {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat", "deposit",
                "min_age", "substitutes", "allergens"}
kinds = set()
for sh in cat.get("shops", []):
    sid = sh.get("id")
    ctx = f"shop {sid} ({where(sh)})"
    if keys(sh) - allowed_shop:
        err(f"{ctx}: unknown fields {sorted(keys(sh) - allowed_shop)}")
    for f in ["id", "name", "kind", "municipality", "products"]:
        if f not in sh:
            err(f"{ctx}: missing {f}")
    if not SLUG.match(str(sid)) or sid in shops:
        err(f"{ctx}: bad or duplicate id")
    if sh.get("kind") not in {"retailer", "direct_marketer", "service_provider"}:
        err(f"{ctx}: kind {sh.get('kind')!r}")
    kinds.add(sh.get("kind"))
    if sh.get("municipality") not in munis:
        err(f"{ctx}: unknown municipality")
    if "phone" in sh and not (isinstance(sh["phone"], str) and re.match(r"^\+49 \d{2,5} \d{3,9}$", sh["phone"])):
        err(f"{ctx}: phone {sh['phone']!r}")
    if "min_order" in sh:
        used_optional.add("min_order")
        dec(sh["min_order"], "min_order", ctx)
    closures[sid] = []
    if "closed" in sh:
        used_optional.add("closed")
        for c in sh["closed"]:
            if isinstance(c, str):
                used_optional.add("closed-date")
                d = parse_date(c, ctx)
                if d:
                    closures[sid].append((d, d))
            elif isinstance(c, dict):
                used_optional.add("closed-range")
                if keys(c) != {"from", "to"}:
                    err(f"{ctx}: closed range fields {sorted(keys(c))}")
                a, b = parse_date(c.get("from"), ctx), parse_date(c.get("to"), ctx)
                if a and b:
                    if a > b:
                        err(f"{ctx}: closed range from > to")
                    closures[sid].append((a, b))
            else:
                err(f"{ctx}: closed entry {c!r}")
    if "vouchers" in sh:
        v = sh["vouchers"]
        if keys(v) != {"min", "max"}:
            err(f"{ctx}: vouchers fields")
        lo, hi = dec(v.get("min"), "vouchers.min", ctx), dec(v.get("max"), "vouchers.max", ctx)
        if lo is not None and hi is not None and lo > hi:
            err(f"{ctx}: vouchers min > max")
        voucher_shops.append(sid)
    for sv in sh.get("services", []) or []:
        sctx = f"{ctx} service {sv.get('id')}"
        if keys(sv) != {"id", "name", "duration_minutes", "price", "vat"}:
            err(f"{sctx}: fields {sorted(keys(sv))}")
        if not SLUG.match(str(sv.get("id"))):
            err(f"{sctx}: id")
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"{sctx}: duration_minutes")
        dec(sv.get("price"), "price", sctx)
        if sv.get("vat") not in (7, 19):
            err(f"{sctx}: vat")
        n_services += 1
    prods = {}
    for p in sh.get("products", []):
        pid = p.get("id")
        pctx = f"{ctx} product {pid} ({where(p)})"
        if keys(p) - allowed_prod:
            err(f"{pctx}: unknown fields {sorted(keys(p) - allowed_prod)}")
        for f in ["id", "name", "unit", "price", "vat"]:
            if f not in p:
                err(f"{pctx}: missing {f}")
        if not SLUG.match(str(pid)) or pid in prods:
            err(f"{pctx}: bad or duplicate id")
        if "aliases" in p:
            err(f"{pctx}: aliases are not allowed in this set")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{pctx}: unit {p.get('unit')!r}")
        dec(p.get("price"), "price", pctx)
        if p.get("vat") not in (7, 19):
            err(f"{pctx}: vat {p.get('vat')!r}")
        for f in ("label", "size", "category"):
            if f in p:
                used_optional.add(f)
                if not isinstance(p[f], str) or not p[f].strip():
                    err(f"{pctx}: {f} must be a non-empty string")
        if "label" in p and p.get("unit") != "piece":
            err(f"{pctx}: label on a weighed product")
        if "deposit" in p:
            used_optional.add("deposit")
            dec(p["deposit"], "deposit", pctx)
        if "min_age" in p:
            used_optional.add("min_age")
            if p["min_age"] not in (16, 18):
                err(f"{pctx}: min_age {p['min_age']!r}")
        if "allergens" in p:
            used_optional.add("allergens")
            if not isinstance(p["allergens"], list) or any(a not in ALLERGENS for a in p["allergens"]):
                err(f"{pctx}: allergens {p['allergens']!r}")
        if p.get("unit") in ("kg", "l"):
            used_optional.add("weighed")
        prods[pid] = p
    for p in prods.values():
        if "substitutes" in p:
            used_optional.add("substitutes")
            for s in p["substitutes"]:
                if s not in prods or s == p["id"]:
                    err(f"shop {sid} product {p['id']}: substitute {s!r} not another product of the shop")
    n_products += len(prods)
    sh["_products"] = prods
    shops[sid] = sh

if len(shops) != 10:
    err(f"catalog: {len(shops)} shops, want 10")
if not 150 <= n_products <= 170:
    err(f"catalog: {n_products} products, want 150-170")
if not 4 <= n_services <= 6:
    err(f"catalog: {n_services} services, want 4-6")
if not 2 <= len(voucher_shops) <= 3:
    err(f"catalog: vouchers at {len(voucher_shops)} shops, want 2-3")
if not {"retailer", "direct_marketer"} <= kinds:
    err("catalog: want a mix of retailers and direct marketers")
want_optional = {"holidays", "free_from", "weighed_goods", "min_order", "closed", "closed-date", "closed-range",
                 "deposit", "min_age", "substitutes", "allergens", "label", "size", "category", "weighed"}
if want_optional - used_optional:
    err(f"catalog: optional fields never used: {sorted(want_optional - used_optional)}")

# variants differing by size, kind or container (same stem, several products)
names = [p["name"] for sh in shops.values() for p in sh["_products"].values()]

# closures in the season
season_closures = []
for sid, cl in closures.items():
    for a, b in cl:
        if a <= SEASON_TO and b >= SEASON_FROM:
            season_closures.append(f"{sid} {a}..{b}" if a != b else f"{sid} {a}")
if len(season_closures) < 3:
    err(f"catalog: {len(season_closures)} closures in the season, want at least 3")

# resident words never in a product name
name_words = set()
for n in names:
    for w in re.findall(r"[a-zäöüß]+", n.lower()):
        name_words.add(w)
for w in RESIDENT_WORDS:
    if w in name_words:
        err(f"catalog: resident word {w!r} is a word of a product name")

out(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {n_products} products, "
    f"{n_services} services, vouchers at {len(voucher_shops)} shops ({', '.join(voucher_shops)})")
out("products per shop: " + ", ".join(f"{s} {len(sh['_products'])}" for s, sh in shops.items()))
hol_in = sorted((d, n) for d, n in HOL.items() if SEASON_FROM <= d <= SEASON_TO)
out(f"{STATE} holidays in season (computed): " + ", ".join(f"{d:%a} {d} {n}" for d, n in hol_in))
out(f"Easter 2031 (computed): {easter(2031)}; no Easter-based holiday falls in the season")
bbt = dt.date(2031, 11, 19)
out(f"Buß- und Bettag {bbt:%a} {bbt}: {'HOLIDAY' if bbt in HOL else 'no holiday in ' + STATE}")
out("closures in season: " + "; ".join(season_closures))


# ------------------------------------------------------------------ slot logic
def window_for(kind, start):
    """The template window starting at `start` (aware datetime), or None."""
    local = start.astimezone(TZ)
    day = DAYS[local.weekday()]
    hhmm = local.strftime("%H:%M")
    for w in TEMPLATE[kind]:
        if day in w["days"] and w["start"] == hhmm and local.second == 0 and local.microsecond == 0:
            return w
    return None


def closed_on(sid, d):
    return any(a <= d <= b for a, b in closures.get(sid, []))


def why_impossible(kind, start, now, cart_shops):
    """List of reasons a template window cannot be booked."""
    reasons = []
    d = start.astimezone(TZ).date()
    if d in HOL:
        reasons.append("holiday")
    if start - dt.timedelta(hours=CUTOFF[kind]) < now:
        reasons.append("cutoff")
    for s in sorted(cart_shops):
        if closed_on(s, d):
            reasons.append(f"closed:{s}")
    return reasons


def earliest(kind, now):
    t = now.astimezone(TZ).replace(minute=0, second=0, microsecond=0)
    for _ in range(24 * 21 * 4):
        t = t + dt.timedelta(minutes=15)
        local = t.astimezone(TZ)
        local = local.replace(tzinfo=None).replace(tzinfo=TZ)
        if window_for(kind, local) and not why_impossible(kind, local, now, set()):
            return local
    return None


# ------------------------------------------------------------------ conversations
conv = load(CONVS)
if keys(conv) != {"format", "catalog", "conversations"}:
    err(f"conversations: top-level keys {sorted(keys(conv))}")
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format")
if conv.get("catalog") != "werdenfels.yml":
    err("conversations: catalog must be werdenfels.yml")

convs = conv.get("conversations", [])
ids = set()
by_channel = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
booked_ch = {c: 0 for c in by_channel}
shop_use = {s: 0 for s in shops}
n_lines = 0
n_vouchers = 0
turn_counts = {c: [] for c in by_channel}
conv_by_id = {}
all_text = []

for c in convs:
    cid = c.get("id")
    ctx = f"conversation {cid} ({where(c)})"
    allowed = {"id", "channel", "now", "customer", "turns", "expect"}
    if keys(c) - allowed:
        err(f"{ctx}: unknown fields {sorted(keys(c) - allowed)}")
    for f in allowed:
        if f not in c:
            err(f"{ctx}: missing {f}")
    if not SLUG.match(str(cid)) or cid in ids:
        err(f"{ctx}: bad or duplicate id")
    ids.add(cid)
    conv_by_id[cid] = c
    ch = c.get("channel")
    if ch not in by_channel:
        err(f"{ctx}: channel {ch!r}")
        continue
    by_channel[ch] += 1
    now = parse_ts(c.get("now"), ctx)
    if now and not SEASON_FROM <= now.astimezone(TZ).date() <= SEASON_TO:
        err(f"{ctx}: now {c['now']} outside the season")
    cu = c.get("customer", {})
    if keys(cu) - {"name", "phone", "municipality", "street"} or not {"name", "phone", "municipality"} <= keys(cu):
        err(f"{ctx}: customer fields {sorted(keys(cu))}")
    if cu.get("municipality") not in munis:
        err(f"{ctx}: customer municipality {cu.get('municipality')!r}")
    if not (isinstance(cu.get("phone"), str) and re.match(r"^\+\d{2} \d{2,5} \d{3,9}$", cu["phone"])):
        err(f"{ctx}: customer phone {cu.get('phone')!r}")
    turns = c.get("turns", [])
    turn_counts[ch].append(len(turns))
    if not 4 <= len(turns) <= 7:
        err(f"{ctx}: {len(turns)} turns, want 4-7")
    for t in turns:
        if keys(t) != {"say"} or not isinstance(t.get("say"), str) or not t["say"].strip():
            err(f"{ctx}: only non-empty say turns allowed ({where(t)})")
            continue
        all_text.append(t["say"].lower())
        if ch == "voice" and not VOICE_OK.match(t["say"]):
            bad = sorted(set(re.sub(r"[a-zäöüß ]", "", t["say"])))
            err(f"{ctx}: voice turn has {bad!r} ({where(t)})")
    exp = c.get("expect", {})
    if keys(exp) - {"cart", "slot"} or "cart" not in exp:
        err(f"{ctx}: expect fields {sorted(keys(exp))}")
    cart = exp.get("cart", [])
    totals = {}
    seen = set()
    cart_shops = set()
    for line in cart:
        lctx = f"{ctx} cart line ({where(line)})"
        sid = line.get("shop")
        if sid not in shops:
            err(f"{lctx}: unknown shop {sid!r}")
            continue
        cart_shops.add(sid)
        if "voucher" in line:
            if keys(line) != {"shop", "voucher"}:
                err(f"{lctx}: voucher line fields")
            amt = dec(line["voucher"], "voucher", lctx)
            v = shops[sid].get("vouchers")
            if not v:
                err(f"{lctx}: shop {sid} sells no vouchers")
            elif amt is not None and not Decimal(v["min"]) <= amt <= Decimal(v["max"]):
                err(f"{lctx}: voucher {amt} outside {v['min']}-{v['max']}")
            n_vouchers += 1
            continue
        if keys(line) != {"shop", "product", "quantity"}:
            err(f"{lctx}: fields {sorted(keys(line))}")
        pid = line.get("product")
        p = shops[sid]["_products"].get(pid)
        if not p:
            err(f"{lctx}: unknown product {sid}/{pid}")
            continue
        if (sid, pid) in seen:
            err(f"{lctx}: product {pid} twice")
        seen.add((sid, pid))
        q = dec(line.get("quantity"), "quantity", lctx, QTY)
        if q is None:
            continue
        if q <= 0:
            err(f"{lctx}: quantity not positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            err(f"{lctx}: fractional quantity {q} for a piece product")
        totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
        n_lines += 1
    for sid, tot in totals.items():
        mo = shops[sid].get("min_order")
        if mo and tot < Decimal(mo):
            err(f"{ctx}: {sid} part {tot:.2f} below min_order {mo}")
    for sid in cart_shops:
        shop_use[sid] += 1
        if now and closed_on(sid, now.astimezone(TZ).date()):
            err(f"{ctx}: now falls on a closed day of {sid}")
    c["_cart_shops"] = cart_shops
    c["_now"] = now
    slot = exp.get("slot")
    if slot is None:
        out(f"{cid}: now {fmt(now)} -> no slot (cart only, {len(cart)} lines, shops {', '.join(sorted(cart_shops))})")
        continue
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"):
        err(f"{ctx}: slot kind {kind!r}")
        continue
    if kind == "pickup":
        if keys(slot) != {"kind", "start", "station"}:
            err(f"{ctx}: pickup slot fields {sorted(keys(slot))}")
        if slot.get("station") not in stations:
            err(f"{ctx}: unknown station {slot.get('station')!r}")
    else:
        if keys(slot) != {"kind", "start"}:
            err(f"{ctx}: delivery slot fields {sorted(keys(slot))}")
        if not cu.get("street"):
            err(f"{ctx}: delivery booked but customer has no street")
    start = parse_ts(slot.get("start"), ctx)
    if not start or not now:
        continue
    w = window_for(kind, start)
    if not w:
        err(f"{ctx}: slot {slot['start']} is not the start of a {kind} template window")
    reasons = why_impossible(kind, start, now, cart_shops)
    if start <= now:
        reasons.append("in the past")
    if reasons:
        err(f"{ctx}: slot {slot['start']} impossible: {', '.join(reasons)}")
    booked[kind] += 1
    booked_ch[ch] += 1
    e = earliest(kind, now)
    st = f"+{slot['station']}" if kind == "pickup" else ""
    out(f"{cid}: now {fmt(now)} -> {kind} {fmt(start)}{st} (window ok, no holiday, cutoff ok, shops open, "
        f"min_order ok; earliest possible {e:%a %d.%m. %H:%M}; {len(cart)} lines, shops {', '.join(sorted(cart_shops))})")

# first-asked impossible days
for cid, kind, s, station, reason in FIRST_ASKED:
    c = conv_by_id.get(cid)
    if not c:
        err(f"first-asked: unknown conversation {cid}")
        continue
    t = parse_ts(s, f"first-asked {cid}")
    if not t:
        continue
    if not window_for(kind, t):
        err(f"first-asked {cid}: {s} is not a template {kind} window")
    slot = c["expect"].get("slot") or {}
    if slot.get("kind") != kind or (station and slot.get("station") != station):
        err(f"first-asked {cid}: kind/station differ from the booked slot")
    shops_then = set(c["_cart_shops"])
    want = reason
    if reason.endswith("+"):           # the reason is a shop dropped from the cart afterwards
        want = reason[:-1]
        shops_then.add(want.split(":", 1)[1])
        if want.split(":", 1)[1] in c["_cart_shops"]:
            err(f"first-asked {cid}: the dropped shop is still in the cart")
    got = why_impossible(kind, t, c["_now"], shops_then)
    if got != [want]:
        err(f"first-asked {cid}: {s} should be impossible for exactly {want}, got {got}")
    name = HOL.get(t.astimezone(TZ).date(), "")
    out(f"{cid}: first asked {kind} {fmt(t)} -> impossible ({want}{' ' + name if name else ''})")

# counts
n = len(convs)
if n != 30:
    err(f"conversations: {n}, want 30")
if by_channel != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"conversations per channel {by_channel}, want 10/10/10")
nb = booked["delivery"] + booked["pickup"]
if not 13 <= nb <= 17:
    err(f"conversations booking a window: {nb}, want 13-17")
if n_vouchers < 1:
    err("no voucher line")
for s, k in shop_use.items():
    if k < 3:
        err(f"shop {s} in only {k} carts, want at least 3")
text = " ".join(all_text)
for w in RESIDENT_WORDS:
    if w not in text:
        err(f"resident word {w!r} listed but never said")

out(f"channels voice/telegram/web {by_channel['voice']}/{by_channel['telegram']}/{by_channel['web']}; "
    f"booked delivery {booked['delivery']}, pick-up {booked['pickup']} "
    f"(voice {booked_ch['voice']}, telegram {booked_ch['telegram']}, web {booked_ch['web']}); "
    f"cart lines {n_lines}; voucher lines {n_vouchers}")
out("turns per conversation: " + ", ".join(f"{c} {min(v)}-{max(v)}" for c, v in turn_counts.items()))
out("shop appearances (conversations): " + ", ".join(f"{s} {k}" for s, k in shop_use.items()))

for line in log:
    print(line)
for e in errors:
    print("ERROR:", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
