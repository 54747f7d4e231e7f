#!/usr/bin/env python3
"""Check lueneburgerheide.yml (kiepe-catalog/1) and lueneburgerheide_1.yml (kiepe-conversations/1).

Written by the set's author from the two format descriptions only. Python 3, PyYAML, zoneinfo.
Usage: python3 check.py            (paths are relative to this file's parent directory)
Prints one log line per conversation, then the summary and 'N errors'. Exit status 0 only with 0 errors.
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
CATALOG = os.path.join(ROOT, "lueneburgerheide.yml")
CONVS = os.path.join(ROOT, "lueneburgerheide_1.yml")
README = os.path.join(ROOT, "README.md")

RANGE_FROM = dt.date(2030, 12, 1)
RANGE_TO = dt.date(2031, 2, 28)

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- YAML with line numbers
class LDict(dict):
    line = 0


class LList(list):
    line = 0


class LineLoader(yaml.SafeLoader):
    pass


def _mapping(loader, node, deep=True):
    loader.flatten_mapping(node)
    d = LDict()
    d.line = node.start_mark.line + 1
    for knode, vnode in node.value:
        k = loader.construct_object(knode, deep=True)
        if k in d:
            err(f"line {knode.start_mark.line + 1}: duplicate key {k!r}")
        d[k] = loader.construct_object(vnode, deep=True)
    return d


def _sequence(loader, node, deep=True):
    lst = LList(loader.construct_object(c, deep=True) for c in node.value)
    lst.line = node.start_mark.line + 1
    return lst


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LineLoader)


def ln(obj):
    return getattr(obj, "line", "?")


# ---------------------------------------------------------------- helpers
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^(0|[1-9]\d*)(\.\d*[1-9])?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SIZE = re.compile(r"^(ca\. )?\d+(,\d+)? (g|kg|ml|l)$")
PHONE = re.compile(r"^\+49 \d{3,5} \d{4,8}$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_DE = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}

# words the residents use in the conversations; none may be a product name or alias
RESIDENT_WORDS = ["rundstück", "stuten", "schwarzbrot", "schwattbrot", "braunkohl", "wurzeln", "porree",
                  "tüffel", "karbonade", "bauchfleisch", "mettende", "kronsbeere", "köm", "klaren",
                  "buddel", "brause", "sprudel", "neejohrskoken", "klaben", "plattenkuchen", "sonnabend",
                  "dünnersdag", "schnucke", "kinderpunsch", "bärenfang", "suppengrün", "zentner", "stiege",
                  "köppe", "kohltour", "grogabend"]


def money(v, where):
    if not isinstance(v, str) or not MONEY.match(v):
        err(f"{where}: {v!r} is not a decimal string with 2 places")
        return None
    return Decimal(v)


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


def holidays(state, year):
    """Public holidays of a German state (the ones that matter for NI computed in full)."""
    e = easter(year)
    h = {
        dt.date(year, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 12, 25): "1. Weihnachtsfeiertag",
        dt.date(year, 12, 26): "2. Weihnachtsfeiertag",
    }
    if state in {"NI", "HB", "HH", "SH", "BB", "MV", "SN", "ST", "TH"} and year >= 2018:
        h[dt.date(year, 10, 31)] = "Reformationstag"
    if state in {"BW", "BY", "ST"}:
        h[dt.date(year, 1, 6)] = "Heilige Drei Könige"
    if state in {"BW", "BY", "HE", "NW", "RP", "SL"}:
        h[e + dt.timedelta(days=60)] = "Fronleichnam"
    if state in {"BW", "BY", "NW", "RP", "SL"}:
        h[dt.date(year, 11, 1)] = "Allerheiligen"
    if state == "BE":
        h[dt.date(year, 3, 8)] = "Frauentag"
    return h


def parse_date(v, where):
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        err(f"{where}: {v!r} is not a date")
        return None


def parse_ts(v, where):
    if not isinstance(v, str):
        err(f"{where}: {v!r} must be a quoted ISO timestamp")
        return None
    try:
        t = dt.datetime.fromisoformat(v)
    except ValueError:
        err(f"{where}: {v!r} is not an ISO timestamp")
        return None
    if t.tzinfo is None:
        err(f"{where}: {v!r} has no UTC offset")
        return None
    return t


def check_offset(t, tz, where):
    local = t.astimezone(tz)
    if local.utcoffset() != t.utcoffset():
        err(f"{where}: offset {t.utcoffset()} wrong, Europe/Berlin has {local.utcoffset()} then")


def known(obj, allowed, where):
    if not isinstance(obj, dict):
        err(f"{where}: expected a mapping")
        return False
    for k in obj:
        if k not in allowed:
            err(f"line {ln(obj)}: {where}: unknown field {k!r}")
    return True


# ---------------------------------------------------------------- catalog
cat = load(CATALOG)
used_optional = set()

known(cat, {"format", "region", "shops"}, "catalog")
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")
reg = cat.get("region", {})
known(reg, {"id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup",
            "holidays", "weighed_goods"}, "region")
if not SLUG.match(str(reg.get("id", ""))):
    err(f"line {ln(reg)}: region.id not a slug")
for f in ("name", "timezone", "currency"):
    if not reg.get(f):
        err(f"line {ln(reg)}: region.{f} missing")
try:
    TZ = ZoneInfo(reg.get("timezone", ""))
except Exception:
    err("region.timezone is not a valid zone")
    TZ = ZoneInfo("Europe/Berlin")
if reg.get("currency") != "EUR":
    err("region.currency must be EUR")
STATE = reg.get("holidays")
if STATE is not None:
    used_optional.add("holidays")
    if STATE not in STATES:
        err(f"region.holidays {STATE!r} is not a German state code")

munis = {}
for m in reg.get("municipalities", []):
    known(m, {"id", "name", "postcodes"}, "municipality")
    if not SLUG.match(str(m.get("id", ""))):
        err(f"line {ln(m)}: municipality id not a slug")
    if m.get("id") in munis:
        err(f"line {ln(m)}: duplicate municipality {m.get('id')}")
    pcs = m.get("postcodes") or []
    if not pcs:
        err(f"line {ln(m)}: municipality without postcodes")
    for pc in pcs:
        if not (isinstance(pc, str) and re.match(r"^\d{5}$", pc)):
            err(f"line {ln(m)}: postcode {pc!r} is not a 5-digit string")
    munis[m.get("id")] = m
if len(munis) != 5:
    err(f"region: {len(munis)} municipalities, want 5")

stations = {}
for s in reg.get("pickup_stations", []):
    known(s, {"id", "name", "municipality", "address"}, "pickup station")
    if not SLUG.match(str(s.get("id", ""))):
        err(f"line {ln(s)}: station id not a slug")
    mu = munis.get(s.get("municipality"))
    if not mu:
        err(f"line {ln(s)}: station municipality {s.get('municipality')!r} unknown")
    elif not any(pc in str(s.get("address", "")) for pc in mu["postcodes"]):
        err(f"line {ln(s)}: station address lacks its municipality's postcode")
    if not s.get("name"):
        err(f"line {ln(s)}: station without name")
    stations[s.get("id")] = s
if len(stations) != 3:
    err(f"region: {len(stations)} pick-up stations, want 3")


def check_windows(block, kind):
    wins = []
    for w in block.get("windows", []):
        known(w, {"days", "start", "end", "capacity"}, f"{kind} window")
        days = w.get("days") or []
        if not days or any(d not in DAYS for d in days) or len(set(days)) != len(days):
            err(f"line {ln(w)}: {kind} window days {days!r} invalid")
        st, en = w.get("start"), w.get("end")
        if not (isinstance(st, str) and HHMM.match(st) and isinstance(en, str) and HHMM.match(en)) or st >= en:
            err(f"line {ln(w)}: {kind} window times {st!r}-{en!r} invalid")
        if not (isinstance(w.get("capacity"), int) and w["capacity"] > 0):
            err(f"line {ln(w)}: {kind} window capacity must be a positive integer")
        wins.append(w)
    # per weekday: no overlap, and at most one window before noon and one from noon (daypart rule)
    for d in DAYS:
        today = sorted((w["start"], w["end"]) for w in wins if d in w.get("days", []))
        for (s1, e1), (s2, e2) in zip(today, today[1:]):
            if s2 < e1:
                err(f"{kind}: windows overlap on {d}")
        if sum(1 for s, _ in today if s < "12:00") > 1 or sum(1 for s, _ in today if s >= "12:00") > 1:
            err(f"{kind}: more than one window in a daypart on {d}")
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(f"line {ln(block)}: {kind}.cutoff_hours must be a non-negative integer")
    return wins


deliv = reg.get("delivery", {})
known(deliv, {"fee", "free_from", "cutoff_hours", "windows"}, "delivery")
money(deliv.get("fee"), "delivery.fee")
if "free_from" in deliv:
    used_optional.add("free_from")
    money(deliv["free_from"], "delivery.free_from")
pick = reg.get("pickup", {})
known(pick, {"cutoff_hours", "windows"}, "pickup")
WINDOWS = {"delivery": check_windows(deliv, "delivery"), "pickup": check_windows(pick, "pickup")}
CUTOFF = {"delivery": deliv.get("cutoff_hours", 0), "pickup": pick.get("cutoff_hours", 0)}
if "weighed_goods" in reg:
    used_optional.add("weighed_goods")
    wg = reg["weighed_goods"]
    known(wg, {"tolerance_percent"}, "weighed_goods")
    if not (isinstance(wg.get("tolerance_percent"), int) and 0 < wg["tolerance_percent"] <= 100):
        err("weighed_goods.tolerance_percent must be an integer 1-100")

shops = {}
n_products = 0
units_used = set()
PRODUCT_FIELDS = {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat", "allergens",
                  "deposit", "min_age", "substitutes"}
OPTIONAL_PRODUCT = {"aliases", "category", "label", "size", "allergens", "deposit", "min_age", "substitutes"}
for sh in cat.get("shops", []):
    known(sh, {"id", "name", "kind", "municipality", "phone", "products", "services", "vouchers", "min_order",
               "closed"}, "shop")
    sid = sh.get("id")
    if not SLUG.match(str(sid)):
        err(f"line {ln(sh)}: shop id not a slug")
    if sid in shops:
        err(f"line {ln(sh)}: duplicate shop {sid}")
    if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"line {ln(sh)}: shop kind {sh.get('kind')!r}")
    if sh.get("municipality") not in munis:
        err(f"line {ln(sh)}: shop municipality unknown")
    if not (isinstance(sh.get("phone"), str) and PHONE.match(sh["phone"])):
        err(f"line {ln(sh)}: shop phone {sh.get('phone')!r}")
    info = {"products": {}, "closed": set(), "min_order": None, "vouchers": None, "name": sh.get("name")}
    if "min_order" in sh:
        used_optional.add("min_order")
        info["min_order"] = money(sh["min_order"], f"{sid}.min_order")
    if "vouchers" in sh:
        used_optional.add("vouchers")
        v = sh["vouchers"]
        known(v, {"min", "max"}, f"{sid}.vouchers")
        lo, hi = money(v.get("min"), f"{sid}.vouchers.min"), money(v.get("max"), f"{sid}.vouchers.max")
        if lo is not None and hi is not None and lo >= hi:
            err(f"{sid}: vouchers min >= max")
        info["vouchers"] = (lo, hi)
    for c in sh.get("closed", []) or []:
        used_optional.add("closed")
        if isinstance(c, dict):
            known(c, {"from", "to"}, f"{sid}.closed")
            a, b = parse_date(c.get("from"), f"{sid}.closed"), parse_date(c.get("to"), f"{sid}.closed")
            if a and b:
                if a > b:
                    err(f"{sid}: closed range from > to")
                while a <= b:
                    info["closed"].add(a)
                    a += dt.timedelta(days=1)
        else:
            if not isinstance(c, str):
                err(f"{sid}: closed date {c!r} must be a quoted string")
            d = parse_date(c, f"{sid}.closed")
            if d:
                info["closed"].add(d)
    for sv in sh.get("services", []) or []:
        used_optional.add("services")
        known(sv, {"id", "name", "duration_minutes", "price", "vat"}, f"{sid} service")
        if not SLUG.match(str(sv.get("id"))) or not sv.get("name"):
            err(f"line {ln(sv)}: service id/name")
        if not (isinstance(sv.get("duration_minutes"), int) and sv["duration_minutes"] >= 0):
            err(f"line {ln(sv)}: service duration_minutes")
        money(sv.get("price"), f"line {ln(sv)}: service price")
        if sv.get("vat") not in (7, 19):
            err(f"line {ln(sv)}: service vat")
    prods = sh.get("products") or []
    for p in prods:
        known(p, PRODUCT_FIELDS, f"{sid} product")
        pid = p.get("id")
        where = f"line {ln(p)}: {sid}/{pid}"
        if not SLUG.match(str(pid)):
            err(f"{where}: product id not a slug")
        if pid in info["products"]:
            err(f"{where}: duplicate product id")
        for f in ("name", "unit", "price", "vat"):
            if f not in p:
                err(f"{where}: {f} missing")
        if not isinstance(p.get("name"), str) or not p.get("name"):
            err(f"{where}: name must be a non-empty string")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{where}: unit {p.get('unit')!r}")
        units_used.add(p.get("unit"))
        money(p.get("price"), f"{where}: price")
        if p.get("vat") not in (7, 19):
            err(f"{where}: vat {p.get('vat')!r}")
        for f in OPTIONAL_PRODUCT:
            if f in p:
                used_optional.add(f)
        if "size" in p:
            if not (isinstance(p["size"], str) and SIZE.match(p["size"])):
                err(f"{where}: size {p['size']!r}")
            if p.get("unit") != "piece":
                err(f"{where}: size only on piece products")
        if "label" in p and not (isinstance(p["label"], str) and p["label"]):
            err(f"{where}: label")
        if "deposit" in p:
            money(p["deposit"], f"{where}: deposit")
        if "min_age" in p and p["min_age"] not in (16, 18):
            err(f"{where}: min_age {p['min_age']!r}")
        if "allergens" in p:
            bad = set(p["allergens"] or []) - ALLERGENS
            if bad:
                err(f"{where}: unknown allergens {sorted(bad)}")
        if "aliases" in p and not all(isinstance(a, str) and a for a in p["aliases"]):
            err(f"{where}: aliases must be strings")
        # no resident's everyday or regional word as a printed name or alias
        for text in [p.get("name", "")] + list(p.get("aliases", []) or []):
            low = str(text).lower()
            for w in RESIDENT_WORDS:
                if re.search(r"(?<![a-zäöüß])" + re.escape(w), low):
                    err(f"{where}: name/alias contains a resident's word")
        info["products"][pid] = p
    for p in prods:
        for sub in p.get("substitutes", []) or []:
            if sub not in info["products"] or sub == p.get("id"):
                err(f"line {ln(p)}: {sid}/{p.get('id')}: substitute {sub!r} not another product of the shop")
    n_products += len(prods)
    shops[sid] = info

if len(shops) != 10:
    err(f"catalog: {len(shops)} shops, want 10")
if not 140 <= n_products <= 170:
    err(f"catalog: {n_products} products, want 140-170")
ALL_OPTIONAL = {"holidays", "free_from", "weighed_goods", "min_order", "closed", "vouchers", "services"} | OPTIONAL_PRODUCT
if ALL_OPTIONAL - used_optional:
    err(f"catalog: optional fields never used: {sorted(ALL_OPTIONAL - used_optional)}")
if units_used != {"piece", "kg", "l"}:
    err(f"catalog: units used {sorted(units_used)}, want piece, kg, l")
vshops = [s for s, i in shops.items() if i["vouchers"]]
if not 2 <= len(vshops) <= 3:
    err(f"catalog: {len(vshops)} shops with vouchers, want 2-3")

# holidays in and around the range
HOL = {}
for y in (2030, 2031):
    HOL.update(holidays(STATE or "NI", y))


# ---------------------------------------------------------------- slot logic
def window_at(kind, start_local):
    """The template window starting at start_local (aware, local), or None."""
    day = DAYS[start_local.weekday()]
    hhmm = start_local.strftime("%H:%M")
    for w in WINDOWS[kind]:
        if day in w["days"] and w["start"] == hhmm and start_local.second == 0 and start_local.microsecond == 0:
            return w
    return None


def impossible_reasons(kind, start, now, cart_shops):
    """List of reasons why a window start is not bookable (empty list: bookable)."""
    local = start.astimezone(TZ)
    reasons = []
    if window_at(kind, local) is None:
        reasons.append("no template window")
    if local.date() in HOL:
        reasons.append(f"holiday {HOL[local.date()]}")
    for s in sorted(cart_shops):
        if local.date() in shops[s]["closed"]:
            reasons.append(f"closed {s}")
    if start - dt.timedelta(hours=CUTOFF[kind]) < now:
        reasons.append("past cutoff")
    return reasons


def earliest(kind, now):
    day = now.astimezone(TZ).date()
    for _ in range(30):
        for w in sorted(WINDOWS[kind], key=lambda w: w["start"]):
            if DAYS[day.weekday()] in w["days"] and day not in HOL:
                h, m = map(int, w["start"].split(":"))
                st = dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ)
                if st - dt.timedelta(hours=CUTOFF[kind]) >= now:
                    return st
        day += dt.timedelta(days=1)
    return None


def fmt(t, off=True):
    local = t.astimezone(TZ)
    s = f"{DAY_DE[local.weekday()]} {local:%Y-%m-%d %H:%M}"
    return s + (local.strftime("%z") if off else "")


def short(t):
    if t is None:
        return "-"
    local = t.astimezone(TZ)
    return f"{DAY_DE[local.weekday()]} {local:%d.%m. %H:%M}"


# first-asked days that the residents name before the day they finally book (must be impossible)
FIRST_ASKED = {
    "lh-v-gans-zweiter-feiertag": ("delivery", "2030-12-26T08:30:00+01:00", "holiday"),
    "lh-v-schlachter-urlaub": ("delivery", "2031-02-12T08:30:00+01:00", "closed"),
    "lh-v-zu-spaet-muehle": ("delivery", "2031-01-14T08:30:00+01:00", "past cutoff"),
    "lh-t-forelle-betriebsferien": ("pickup", "2031-01-15T14:00:00+01:00", "closed"),
    "lh-t-glatteis": ("delivery", "2031-01-28T16:00:00+01:00", "past cutoff"),
    "lh-w-neujahr-saft": ("delivery", "2031-01-01T08:30:00+01:00", "holiday"),
}

# ---------------------------------------------------------------- conversations
cv = load(CONVS)
known(cv, {"format", "catalog", "conversations"}, "conversations file")
if cv.get("format") != "kiepe-conversations/1":
    err("conversations: format must be kiepe-conversations/1")
if cv.get("catalog") != os.path.basename(CATALOG):
    err("conversations: catalog must be lueneburgerheide.yml")
convs = cv.get("conversations") or []
if len(convs) != 30:
    err(f"conversations: {len(convs)}, want 30")

log, later = [], []
ids = set()
channels = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
n_lines = n_vouchers = 0
shop_convs = {s: 0 for s in shops}
VOICE_BAD = re.compile(r"[0-9A-ZÄÖÜ.,!?;:\"'()\[\]/+&%€\-–—]")

for c in convs:
    known(c, {"id", "channel", "now", "customer", "turns", "expect", "tags"}, "conversation")
    cid = c.get("id")
    where = f"line {ln(c)}: {cid}"
    if not SLUG.match(str(cid)) or cid in ids:
        err(f"{where}: id not a unique slug")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in channels:
        err(f"{where}: channel {ch!r}")
    else:
        channels[ch] += 1
    now = parse_ts(c.get("now"), f"{where}: now")
    if now:
        check_offset(now, TZ, f"{where}: now")
        if not RANGE_FROM <= now.astimezone(TZ).date() <= RANGE_TO:
            err(f"{where}: now outside 2030-12-01..2031-02-28")
    cu = c.get("customer") or {}
    known(cu, {"name", "phone", "municipality", "street"}, f"{cid} customer")
    if not cu.get("name") or not (isinstance(cu.get("phone"), str) and PHONE.match(cu["phone"])):
        err(f"{where}: customer name/phone")
    if cu.get("municipality") not in munis:
        err(f"{where}: customer municipality unknown")
    turns = c.get("turns") or []
    if not 3 <= len(turns) <= 8:
        err(f"{where}: {len(turns)} turns, want 3-8")
    for t in turns:
        if not isinstance(t, dict) or list(t) != ["say"] or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"line {ln(t)}: {cid}: only non-empty 'say' turns allowed")
            continue
        if ch == "voice" and VOICE_BAD.search(t["say"]):
            err(f"line {ln(t)}: {cid}: voice turn has upper case, digits or punctuation")
    exp = c.get("expect")
    if not isinstance(exp, dict) or "cart" not in exp:
        err(f"{where}: expect with cart missing")
        continue
    known(exp, {"cart", "slot"}, f"{cid} expect")
    cart = exp.get("cart") or []
    if not cart:
        err(f"{where}: empty expected cart")
    seen, totals, cart_shops = set(), {}, set()
    for line in cart:
        lw = f"line {ln(line)}: {cid}"
        sid = line.get("shop")
        if sid not in shops:
            err(f"{lw}: shop {sid!r} unknown")
            continue
        cart_shops.add(sid)
        if "voucher" in line:
            known(line, {"shop", "voucher"}, f"{cid} voucher line")
            n_vouchers += 1
            amt = money(line["voucher"], f"{lw}: voucher")
            vr = shops[sid]["vouchers"]
            if not vr:
                err(f"{lw}: {sid} sells no vouchers")
            elif amt is not None and not vr[0] <= amt <= vr[1]:
                err(f"{lw}: voucher {amt} outside {vr[0]}-{vr[1]}")
            continue
        known(line, {"shop", "product", "quantity"}, f"{cid} cart line")
        pid = line.get("product")
        p = shops[sid]["products"].get(pid)
        if not p:
            err(f"{lw}: product {sid}/{pid} unknown")
            continue
        if (sid, pid) in seen:
            err(f"{lw}: {sid}/{pid} twice in the cart")
        seen.add((sid, pid))
        n_lines += 1
        q = line.get("quantity")
        if not (isinstance(q, str) and QTY.match(q)) or Decimal(q) <= 0:
            err(f"{lw}: quantity {q!r} not a positive decimal string")
            continue
        if p["unit"] == "piece" and "." in q:
            err(f"{lw}: quantity {q} not whole for a piece product")
        totals[sid] = totals.get(sid, Decimal(0)) + Decimal(p["price"]) * Decimal(q)
    for sid, tot in totals.items():
        mo = shops[sid]["min_order"]
        if mo is not None and tot < mo:
            err(f"{where}: {sid} part {tot:.2f} below min_order {mo}")
    for sid in cart_shops:
        shop_convs[sid] += 1
    slot = exp.get("slot")
    if slot is None:
        log.append(f"{cid}: now {fmt(now, False) if now else '?'} -> no slot (cart only, {len(cart)} lines, "
                   f"shops {', '.join(sorted(cart_shops))})")
    else:
        known(slot, {"kind", "start", "station"}, f"{cid} slot")
        kind = slot.get("kind")
        st = parse_ts(slot.get("start"), f"{where}: slot.start")
        if kind not in ("delivery", "pickup") or not st or not now:
            err(f"{where}: slot kind/start invalid")
            continue
        booked[kind] += 1
        check_offset(st, TZ, f"{where}: slot.start")
        if not RANGE_FROM <= st.astimezone(TZ).date() <= RANGE_TO:
            err(f"{where}: slot outside the date range")
        extra = ""
        if kind == "pickup":
            if slot.get("station") not in stations:
                err(f"{where}: pickup station {slot.get('station')!r} unknown")
            extra = "+" + str(slot.get("station"))
        else:
            if "station" in slot:
                err(f"{where}: delivery slot with a station")
            if not cu.get("street"):
                err(f"{where}: delivery booked but customer has no street")
        reasons = impossible_reasons(kind, st, now, cart_shops)
        if reasons:
            err(f"{where}: slot {fmt(st)} not bookable: {'; '.join(reasons)}")
        ea = earliest(kind, now)
        log.append(f"{cid}: now {fmt(now)} -> {kind} {fmt(st)}{extra} "
                   f"({'window ok, no holiday, cutoff ok, shops open, min_order ok' if not reasons else 'FAILED'}; "
                   f"earliest possible {short(ea)})")
    if cid in FIRST_ASKED:
        kind, ts, want = FIRST_ASKED[cid]
        t0 = parse_ts(ts, f"{cid}: first asked")
        reasons = impossible_reasons(kind, t0, now, cart_shops) if (t0 and now) else []
        if not any(r.startswith(want) for r in reasons):
            err(f"{cid}: first-asked {kind} {ts} should be impossible ({want}), got {reasons or 'bookable'}")
        if window_at(kind, t0.astimezone(TZ)) is None:
            err(f"{cid}: first-asked {ts} is not even a template window")
        later.append(f"{cid}: first asked {kind} {fmt(t0, False)} -> impossible ({'; '.join(reasons)})")

for cid in FIRST_ASKED:
    if cid not in ids:
        err(f"first-asked entry for unknown conversation {cid}")

if channels != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channels {channels}, want 10/10/10")
n_booked = booked["delivery"] + booked["pickup"]
if not 12 <= n_booked <= 18:
    err(f"{n_booked} conversations book a window, want about half (12-18)")
if n_vouchers < 1:
    err("no voucher line")
for s, n in shop_convs.items():
    if n < 3:
        err(f"shop {s} in only {n} carts, want >= 3")

# the README must not list the residents' words
if os.path.exists(README):
    txt = open(README, encoding="utf-8").read().lower()
    for w in RESIDENT_WORDS:
        if re.search(r"(?<![a-zäöüß])" + re.escape(w), txt):
            err("README.md names a resident's word")

# ---------------------------------------------------------------- report
hol_in_range = sorted((d, n) for d, n in HOL.items() if RANGE_FROM <= d <= RANGE_TO)
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {n_products} products, "
      f"vouchers at {', '.join(vshops)}")
print("holidays " + (STATE or "?") + " in range: " +
      ", ".join(f"{DAY_DE[d.weekday()]} {d:%Y-%m-%d} {n}" for d, n in hol_in_range))
for line in log + later:
    print(line)
print(f"channels voice/telegram/web {channels['voice']}/{channels['telegram']}/{channels['web']}; "
      f"booked delivery {booked['delivery']}, pick-up {booked['pickup']}; cart lines {n_lines}; voucher lines {n_vouchers}")
print("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in shop_convs.items()))
for e in errors:
    print("ERROR " + e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
