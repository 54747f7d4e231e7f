#!/usr/bin/env python3
"""Check the Bergisches Land catalog and conversations.

Usage:  python3 check.py [CATALOG.yml] [CONVERSATIONS.yml]
        (defaults: ../bergischesland.yml ../bergischesland_1.yml)

1. The catalog against the format description `kiepe-catalog/1` (mandatory and optional fields,
   types, ids, references) and against the brief (4-5 municipalities, 3 stations, 10 shops,
   140-170 products, 1-2 services, every optional field used, a Betriebsurlaub in the date range).
2. Every conversation of `kiepe-conversations/1` against that catalog: ids, channels, `now` in
   1 March - 31 May 2030 with the right Europe/Berlin offset, customer, only `say` turns (3-8),
   voice turns lower case without digits or punctuation, cart lines (shop/product exist, the
   quantity fits the unit, vouchers within the shop's range), and the slot (a template window of
   that kind and station, in the future of `now`, after the cutoff, not on a Sunday / NW holiday /
   closed day of a shop in the cart, every shop's min_order reached, a street for deliveries).

Exit status 0 when there is no error. Standard library plus PyYAML only.
"""
import os
import re
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOG = os.path.join(HERE, "..", "bergischesland.yml")
CONVS = os.path.join(HERE, "..", "bergischesland_1.yml")

ERRORS = []
WARNINGS = []


def err(where, msg):
    ERRORS.append(f"ERROR   {where}: {msg}")


def warn(where, msg):
    WARNINGS.append(f"WARNING {where}: {msg}")


# --------------------------------------------------------------------------- YAML with lines
class LDict(dict):
    line = 0


class LineLoader(yaml.SafeLoader):
    pass


def _construct_map(loader, node):
    loader.flatten_mapping(node)
    data = LDict()
    data.line = node.start_mark.line + 1
    seen = {}
    for knode, _ in node.value:
        k = knode.value
        if k in seen:
            err(f"line {knode.start_mark.line + 1}", f"duplicate key '{k}' (first at line {seen[k]})")
        seen[k] = knode.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LineLoader)


def at(obj, name=""):
    line = getattr(obj, "line", "?")
    return f"line {line}{' ' + name if name else ''}"


# --------------------------------------------------------------------------- helpers
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
UNITS = {"piece", "kg", "l"}
KINDS = {"retailer", "direct_marketer", "service_provider"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
SIZE = re.compile(r"^(\d+(,\d+)? (g|kg|ml|l)|\d+ [A-ZÄÖÜ][a-zäöüß]+)$")
RANGE_FROM = date(2030, 3, 1)
RANGE_TO = date(2030, 5, 31)

REGION_KEYS = {"id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery",
               "pickup", "holidays", "weighed_goods"}
SHOP_KEYS = {"id", "name", "kind", "municipality", "phone", "products", "services", "vouchers",
             "min_order", "closed"}
PRODUCT_KEYS = {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat",
                "allergens", "deposit", "min_age", "substitutes"}
SERVICE_KEYS = {"id", "name", "duration_minutes", "price", "vat"}


def money(where, value, field, required=True, positive=True):
    if value is None:
        if required:
            err(where, f"'{field}' missing")
        return None
    if not isinstance(value, str) or not MONEY.match(value):
        err(where, f"'{field}' must be a decimal string with two places, got {value!r}")
        return None
    d = Decimal(value)
    if positive and d <= 0:
        err(where, f"'{field}' must be > 0")
    return d


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
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(y, month, day + 1)


def holidays_nw(y):
    e = easter(y)
    return {
        date(y, 1, 1): "Neujahr", e - timedelta(2): "Karfreitag", e + timedelta(1): "Ostermontag",
        date(y, 5, 1): "Tag der Arbeit", e + timedelta(39): "Christi Himmelfahrt",
        e + timedelta(50): "Pfingstmontag", e + timedelta(60): "Fronleichnam",
        date(y, 10, 3): "Tag der Deutschen Einheit", date(y, 11, 1): "Allerheiligen",
        date(y, 12, 25): "1. Weihnachtstag", date(y, 12, 26): "2. Weihnachtstag",
    }


def check_windows(where, windows):
    out = []
    if not isinstance(windows, list) or not windows:
        err(where, "'windows' must be a non-empty list")
        return out
    for w in windows:
        wa = at(w, "window")
        days = w.get("days")
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            err(wa, f"'days' must be a non-empty list of {DAYS}, got {days!r}")
            continue
        if len(set(days)) != len(days):
            err(wa, "'days' repeats a day")
        s, e = w.get("start"), w.get("end")
        if not (isinstance(s, str) and HHMM.match(s) and isinstance(e, str) and HHMM.match(e)):
            err(wa, f"'start'/'end' must be \"HH:MM\" strings, got {s!r}/{e!r}")
            continue
        if s >= e:
            err(wa, f"start {s} is not before end {e}")
        cap = w.get("capacity")
        if not isinstance(cap, int) or isinstance(cap, bool) or cap <= 0:
            err(wa, f"'capacity' must be a positive integer, got {cap!r}")
        for k in w:
            if k not in {"days", "start", "end", "capacity"}:
                warn(wa, f"unknown key '{k}'")
        out.append((days, s, e))
    # overlapping windows on a day
    for d in DAYS:
        spans = sorted((s, e) for days, s, e in out if d in days)
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1:
                err(where, f"windows overlap on {d}: {s1}-{e1} and {s2}-{e2}")
    return out


# --------------------------------------------------------------------------- catalog
def check_catalog(cat):
    info = {}
    if not isinstance(cat, dict):
        err("catalog", "top level must be a mapping")
        return None
    if cat.get("format") != "kiepe-catalog/1":
        err(at(cat), f"'format' must be kiepe-catalog/1, got {cat.get('format')!r}")
    for k in cat:
        if k not in {"format", "region", "shops"}:
            warn(at(cat), f"unknown top-level key '{k}'")
    reg = cat.get("region")
    if not isinstance(reg, dict):
        err(at(cat), "'region' missing")
        return None
    ra = at(reg, "region")
    for k in reg:
        if k not in REGION_KEYS:
            warn(ra, f"unknown key '{k}'")
    if not isinstance(reg.get("id"), str) or not SLUG.match(reg["id"]):
        err(ra, f"'id' must be a slug, got {reg.get('id')!r}")
    if not isinstance(reg.get("name"), str) or not reg["name"].strip():
        err(ra, "'name' missing")
    try:
        tz = ZoneInfo(reg.get("timezone"))
    except Exception:
        err(ra, f"'timezone' invalid: {reg.get('timezone')!r}")
        tz = ZoneInfo("Europe/Berlin")
    info["tz"] = tz
    if reg.get("currency") != "EUR":
        err(ra, f"'currency' must be EUR, got {reg.get('currency')!r}")
    hol = reg.get("holidays")
    if hol is not None and hol not in STATES:
        err(ra, f"'holidays' must be a German state code, got {hol!r}")
    if hol != "NW":
        err(ra, "brief: holidays must be NW")
    info["holidays"] = holidays_nw(2030)

    munis = {}
    for m in reg.get("municipalities") or []:
        ma = at(m, "municipality")
        mid = m.get("id")
        if not isinstance(mid, str) or not SLUG.match(mid):
            err(ma, f"'id' must be a slug, got {mid!r}")
            continue
        if mid in munis:
            err(ma, f"duplicate municipality id '{mid}'")
        if not isinstance(m.get("name"), str):
            err(ma, "'name' missing")
        pcs = m.get("postcodes")
        if not isinstance(pcs, list) or not pcs or any(not (isinstance(p, str) and re.match(r"^\d{5}$", p)) for p in pcs):
            err(ma, f"'postcodes' must be a list of 5-digit strings, got {pcs!r}")
        munis[mid] = m
    if not 4 <= len(munis) <= 5:
        err(ra, f"brief: 4-5 municipalities, got {len(munis)}")
    info["munis"] = munis

    stations = {}
    for s in reg.get("pickup_stations") or []:
        sa = at(s, "pickup station")
        sid = s.get("id")
        if not isinstance(sid, str) or not SLUG.match(sid):
            err(sa, f"'id' must be a slug, got {sid!r}")
            continue
        if sid in stations:
            err(sa, f"duplicate station id '{sid}'")
        for f in ("name", "address"):
            if not isinstance(s.get(f), str) or not s[f].strip():
                err(sa, f"'{f}' missing")
        mu = s.get("municipality")
        if mu not in munis:
            err(sa, f"'municipality' {mu!r} is not a municipality of the region")
        elif isinstance(s.get("address"), str) and not any(p in s["address"] for p in munis[mu]["postcodes"]):
            err(sa, "address does not contain the municipality's postcode")
        stations[sid] = s
    if len(stations) != 3:
        err(ra, f"brief: 3 pick-up stations, got {len(stations)}")
    info["stations"] = stations

    dl = reg.get("delivery")
    if not isinstance(dl, dict):
        err(ra, "'delivery' missing")
        dl = LDict()
    da = at(dl, "delivery")
    money(da, dl.get("fee"), "fee", positive=False)
    if "free_from" in dl:
        money(da, dl.get("free_from"), "free_from")
    else:
        err(da, "brief: free_from not used")
    for k in dl:
        if k not in {"fee", "free_from", "cutoff_hours", "windows"}:
            warn(da, f"unknown key '{k}'")
    if not isinstance(dl.get("cutoff_hours"), int) or dl["cutoff_hours"] < 0:
        err(da, f"'cutoff_hours' must be a non-negative integer, got {dl.get('cutoff_hours')!r}")
    info["delivery"] = (dl.get("cutoff_hours", 0), check_windows(da, dl.get("windows")))

    pu = reg.get("pickup")
    if not isinstance(pu, dict):
        err(ra, "'pickup' missing")
        pu = LDict()
    pa = at(pu, "pickup")
    for k in pu:
        if k not in {"cutoff_hours", "windows"}:
            warn(pa, f"unknown key '{k}'")
    if not isinstance(pu.get("cutoff_hours"), int) or pu["cutoff_hours"] < 0:
        err(pa, f"'cutoff_hours' must be a non-negative integer, got {pu.get('cutoff_hours')!r}")
    info["pickup"] = (pu.get("cutoff_hours", 0), check_windows(pa, pu.get("windows")))

    wg = reg.get("weighed_goods")
    if wg is None:
        err(ra, "brief: weighed_goods not used")
    else:
        t = wg.get("tolerance_percent")
        if not isinstance(t, (int, float)) or isinstance(t, bool) or not 0 <= t <= 100:
            err(at(wg, "weighed_goods"), f"'tolerance_percent' must be a number 0-100, got {t!r}")

    shops = {}
    used = set()
    n_products = n_services = 0
    closed_in_range = False
    for sh in cat.get("shops") or []:
        sa = at(sh, "shop")
        sid = sh.get("id")
        if not isinstance(sid, str) or not SLUG.match(sid):
            err(sa, f"'id' must be a slug, got {sid!r}")
            continue
        sa = at(sh, f"shop {sid}")
        if sid in shops:
            err(sa, "duplicate shop id")
        for k in sh:
            if k not in SHOP_KEYS:
                warn(sa, f"unknown key '{k}'")
        if not isinstance(sh.get("name"), str) or not sh["name"].strip():
            err(sa, "'name' missing")
        if sh.get("kind") not in KINDS:
            err(sa, f"'kind' must be one of {sorted(KINDS)}, got {sh.get('kind')!r}")
        if sh.get("municipality") not in munis:
            err(sa, f"'municipality' {sh.get('municipality')!r} unknown")
        if not isinstance(sh.get("phone"), str) or not re.match(r"^\+49 \d{2,5} \d{3,9}$", sh["phone"]):
            err(sa, f"'phone' must be a string like \"+49 2267 123456\", got {sh.get('phone')!r}")
        entry = {"shop": sh, "products": {}, "closed": set(), "min_order": None, "vouchers": None}
        if "min_order" in sh:
            entry["min_order"] = money(sa, sh.get("min_order"), "min_order")
            used.add("min_order")
        if "closed" in sh:
            used.add("closed")
            cl = sh.get("closed")
            if not isinstance(cl, list) or not cl:
                err(sa, "'closed' must be a non-empty list")
                cl = []
            for c in cl:
                if isinstance(c, str) and DATE.match(c):
                    try:
                        d = date.fromisoformat(c)
                        entry["closed"].add(d)
                    except ValueError:
                        err(sa, f"'closed' date invalid: {c!r}")
                elif isinstance(c, dict):
                    f, t = c.get("from"), c.get("to")
                    if not (isinstance(f, str) and DATE.match(f) and isinstance(t, str) and DATE.match(t)):
                        err(at(c, "closed"), f"'from'/'to' must be quoted dates, got {f!r}/{t!r}")
                        continue
                    f, t = date.fromisoformat(f), date.fromisoformat(t)
                    if f > t:
                        err(at(c, "closed"), "'from' after 'to'")
                    d = f
                    while d <= t:
                        entry["closed"].add(d)
                        d += timedelta(1)
                    if RANGE_FROM <= f and t <= RANGE_TO and (t - f).days >= 2:
                        closed_in_range = True
                else:
                    err(sa, f"'closed' entry must be a quoted date or {{from, to}}, got {c!r}")
        if "vouchers" in sh:
            v = sh.get("vouchers")
            va = at(v, "vouchers") if isinstance(v, dict) else sa
            if not isinstance(v, dict):
                err(sa, "'vouchers' must be a mapping {min, max}")
            else:
                lo = money(va, v.get("min"), "min")
                hi = money(va, v.get("max"), "max")
                if lo is not None and hi is not None and lo > hi:
                    err(va, "voucher min > max")
                entry["vouchers"] = (lo, hi)
        prods = sh.get("products")
        if not isinstance(prods, list) or not prods:
            err(sa, "'products' must be a non-empty list")
            prods = []
        names = set()
        for p in prods:
            pid = p.get("id")
            pa_ = at(p, f"product {sid}/{pid}")
            if not isinstance(pid, str) or not SLUG.match(pid):
                err(pa_, f"'id' must be a slug, got {pid!r}")
                continue
            if pid in entry["products"]:
                err(pa_, "duplicate product id in shop")
            for k in p:
                if k not in PRODUCT_KEYS:
                    warn(pa_, f"unknown key '{k}'")
            nm = p.get("name")
            if not isinstance(nm, str) or not nm.strip():
                err(pa_, "'name' missing")
            elif nm in names:
                err(pa_, f"duplicate product name '{nm}' in shop")
            names.add(nm)
            if "aliases" in p and (not isinstance(p["aliases"], list) or any(not isinstance(a, str) or not a for a in p["aliases"])):
                err(pa_, "'aliases' must be a list of strings")
            for f in ("category", "label", "size"):
                if f in p and (not isinstance(p[f], str) or not p[f].strip()):
                    err(pa_, f"'{f}' must be a non-empty string")
            if p.get("unit") not in UNITS:
                err(pa_, f"'unit' must be one of {sorted(UNITS)}, got {p.get('unit')!r}")
            if p.get("unit") in ("kg", "l") and ("size" in p or "label" in p):
                warn(pa_, "weighed product with size/label")
            if isinstance(p.get("size"), str) and not SIZE.match(p["size"]):
                err(pa_, f"'size' {p['size']!r} not of the form '250 g', '0,75 l' or '6 Stück'")
            money(pa_, p.get("price"), "price")
            if p.get("vat") not in (7, 19):
                err(pa_, f"'vat' must be 7 or 19, got {p.get('vat')!r}")
            if "deposit" in p:
                money(pa_, p.get("deposit"), "deposit")
                used.add("deposit")
            if "min_age" in p:
                used.add("min_age")
                if p["min_age"] not in (16, 18):
                    err(pa_, f"'min_age' must be 16 or 18, got {p['min_age']!r}")
            if "allergens" in p:
                used.add("allergens")
                al = p["allergens"]
                if not isinstance(al, list) or not al or any(a not in ALLERGENS for a in al):
                    err(pa_, f"'allergens' must be ids of {sorted(ALLERGENS)}, got {al!r}")
                elif len(set(al)) != len(al):
                    err(pa_, "'allergens' repeats an id")
            entry["products"][pid] = p
            n_products += 1
        for p in prods:
            if "substitutes" in p:
                used.add("substitutes")
                subs = p["substitutes"]
                if not isinstance(subs, list) or not subs:
                    err(at(p, "substitutes"), "'substitutes' must be a non-empty list")
                    continue
                for s in subs:
                    if s not in entry["products"]:
                        err(at(p, f"product {sid}/{p.get('id')}"), f"substitute '{s}' is not a product of {sid}")
                    elif s == p.get("id"):
                        err(at(p, f"product {sid}/{p.get('id')}"), "product is its own substitute")
        for sv in sh.get("services") or []:
            sva = at(sv, f"service {sid}/{sv.get('id')}")
            for k in sv:
                if k not in SERVICE_KEYS:
                    warn(sva, f"unknown key '{k}'")
            if not isinstance(sv.get("id"), str) or not SLUG.match(sv["id"]):
                err(sva, "'id' must be a slug")
            if not isinstance(sv.get("name"), str):
                err(sva, "'name' missing")
            dm = sv.get("duration_minutes")
            if not isinstance(dm, int) or isinstance(dm, bool) or dm < 0:
                err(sva, f"'duration_minutes' must be an integer >= 0, got {dm!r}")
            money(sva, sv.get("price"), "price")
            if sv.get("vat") not in (7, 19):
                err(sva, "'vat' must be 7 or 19")
            n_services += 1
        shops[sid] = entry
    for f in ("min_order", "closed", "deposit", "min_age", "substitutes", "allergens"):
        if f not in used:
            err("catalog", f"brief: optional field '{f}' never used")
    if not closed_in_range:
        err("catalog", "brief: no Betriebsurlaub (closed range) inside 1 Mar - 31 May 2030")
    if len(shops) != 10:
        err("catalog", f"brief: 10 shops, got {len(shops)}")
    if not 140 <= n_products <= 170:
        err("catalog", f"brief: 140-170 products, got {n_products}")
    if not 1 <= n_services <= 2:
        err("catalog", f"brief: one or two services, got {n_services}")
    # alias must not equal another product's name/alias in the same shop
    for sid, e in shops.items():
        seen = {}
        for pid, p in e["products"].items():
            for n in [p.get("name")] + list(p.get("aliases") or []):
                key = str(n).lower()
                if key in seen and seen[key] != pid:
                    err(at(p, f"product {sid}/{pid}"), f"name/alias '{n}' also used by {seen[key]}")
                seen[key] = pid
    info["shops"] = shops
    info["n_products"] = n_products
    info["n_services"] = n_services
    return info


# --------------------------------------------------------------------------- slots
def template_starts(info, kind, day):
    cutoff, windows = info[kind]
    wd = DAYS[day.weekday()]
    return sorted(s for days, s, e in windows if wd in days), cutoff


def local_dt(info, day, hhmm):
    h, m = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=info["tz"])


def earliest(info, kind, now):
    day = now.astimezone(info["tz"]).date()
    for _ in range(30):
        if day not in info["holidays"]:
            starts, cutoff = template_starts(info, kind, day)
            for s in starts:
                st = local_dt(info, day, s)
                if st - timedelta(hours=cutoff) >= now:
                    return st
        day += timedelta(1)
    return None


def parse_ts(where, value, info):
    if not isinstance(value, str):
        err(where, f"timestamp must be a quoted string, got {value!r}")
        return None
    if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$", value):
        err(where, f"timestamp {value!r} not of the form 2030-03-01T10:00:00+01:00")
        return None
    t = datetime.fromisoformat(value)
    expected = t.astimezone(info["tz"]).utcoffset()
    if t.utcoffset() != expected:
        err(where, f"{value}: offset should be {expected} in Europe/Berlin")
    return t


WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def fmt(t):
    return f"{WD[t.weekday()]} {t.strftime('%Y-%m-%d %H:%M')}"


# --------------------------------------------------------------------------- conversations
def check_conversations(doc, info, path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if len(lines) < 2 or lines[1].strip() != "catalog: bergischesland.yml":
        err(path, "second line must be 'catalog: bergischesland.yml'")
    if doc.get("format") != "kiepe-conversations/1":
        err(at(doc), "'format' must be kiepe-conversations/1")
    convs = doc.get("conversations") or []
    ids = set()
    per_channel = {"voice": 0, "telegram": 0, "web": 0}
    booked = {"delivery": 0, "pickup": 0}
    slot_log = []
    shop_use = {s: 0 for s in info["shops"]}
    prod_use = set()
    nows = []
    turn_counts = []
    for c in convs:
        cid = c.get("id")
        ca = at(c, f"conversation {cid}")
        if not isinstance(cid, str) or not re.match(r"^bg-[vtw]-\d{3}$", cid):
            err(ca, f"id {cid!r} not of the form bg-v-001 / bg-t-001 / bg-w-001")
            continue
        if cid in ids:
            err(ca, "duplicate id")
        ids.add(cid)
        ch = c.get("channel")
        if ch not in per_channel:
            err(ca, f"channel {ch!r} invalid")
            continue
        per_channel[ch] += 1
        if ch[0] != cid[3]:
            err(ca, f"id letter does not match channel {ch}")
        for k in c:
            if k not in {"id", "channel", "now", "customer", "turns", "expect", "tags"}:
                warn(ca, f"unknown key '{k}'")
        now = parse_ts(ca, c.get("now"), info)
        if now is None:
            continue
        nl = now.astimezone(info["tz"])
        nows.append(nl)
        if not RANGE_FROM <= nl.date() <= RANGE_TO:
            err(ca, f"now {c['now']} outside 1 Mar - 31 May 2030")
        if not 6 <= nl.hour <= 22:
            warn(ca, f"now at {nl.strftime('%H:%M')} is an unusual time of day")
        cu = c.get("customer")
        if not isinstance(cu, dict):
            err(ca, "'customer' missing")
            cu = LDict()
        for k in cu:
            if k not in {"name", "phone", "municipality", "street"}:
                warn(ca, f"customer: unknown key '{k}'")
        if not isinstance(cu.get("name"), str) or len(cu["name"].split()) < 2:
            err(ca, "customer.name must be a full name")
        if not isinstance(cu.get("phone"), str) or not re.match(r"^\+49 \d{2,5} \d{4,9}$", cu["phone"]):
            err(ca, f"customer.phone invalid: {cu.get('phone')!r}")
        if cu.get("municipality") not in info["munis"]:
            err(ca, f"customer.municipality {cu.get('municipality')!r} unknown")
        tags = c.get("tags")
        if tags is not None and (not isinstance(tags, list) or any(not isinstance(t, str) for t in tags)):
            err(ca, "'tags' must be a list of strings")
        turns = c.get("turns")
        if not isinstance(turns, list) or not 3 <= len(turns) <= 8:
            err(ca, f"3-8 turns required, got {len(turns) if isinstance(turns, list) else turns!r}")
            turns = turns if isinstance(turns, list) else []
        turn_counts.append(len(turns))
        for t in turns:
            ta = at(t, "turn")
            if not isinstance(t, dict) or list(t.keys()) != ["say"]:
                err(ta, f"only 'say' turns allowed, got {list(t.keys()) if isinstance(t, dict) else t!r}")
                continue
            s = t["say"]
            if not isinstance(s, str) or not s.strip():
                err(ta, "'say' must be a non-empty string")
                continue
            if ch == "voice":
                if s != s.lower():
                    err(ta, "voice turn not lower case")
                if re.search(r"\d", s):
                    err(ta, "voice turn contains digits (numbers must be words)")
                if re.search(r"[.,;:!?\"'()\-–…/+%€]", s):
                    err(ta, "voice turn contains punctuation or symbols")
                if re.search(r"[^\w\säöüß]", s):
                    err(ta, "voice turn contains a non-word character")
        ex = c.get("expect")
        if not isinstance(ex, dict):
            err(ca, "'expect' missing")
            continue
        for k in ex:
            if k not in {"cart", "slot"}:
                warn(ca, f"expect: unknown key '{k}'")
        cart = ex.get("cart")
        if not isinstance(cart, list) or not cart:
            err(ca, "expect.cart must be a non-empty list")
            cart = []
        totals = {}
        seen = set()
        for line in cart:
            la = at(line, "cart line")
            sid = line.get("shop")
            if sid not in info["shops"]:
                err(la, f"shop {sid!r} unknown")
                continue
            shop = info["shops"][sid]
            shop_use[sid] += 1
            if "voucher" in line:
                if set(line) != {"shop", "voucher"}:
                    err(la, "voucher line must be exactly {shop, voucher}")
                amt = money(la, line.get("voucher"), "voucher")
                if shop["vouchers"] is None:
                    err(la, f"shop {sid} sells no vouchers")
                elif amt is not None and not shop["vouchers"][0] <= amt <= shop["vouchers"][1]:
                    err(la, f"voucher {amt} outside the shop's range {shop['vouchers']}")
                totals[sid] = totals.get(sid, Decimal(0)) + (amt or 0)
                continue
            if set(line) != {"shop", "product", "quantity"}:
                err(la, f"product line must be exactly {{shop, product, quantity}}, got {sorted(line)}")
            pid = line.get("product")
            if pid not in shop["products"]:
                err(la, f"product {sid}/{pid} unknown")
                continue
            if (sid, pid) in seen:
                err(la, f"{sid}/{pid} listed twice")
            seen.add((sid, pid))
            prod_use.add((sid, pid))
            p = shop["products"][pid]
            q = line.get("quantity")
            if not isinstance(q, str) or not re.match(r"^\d+(\.\d{1,3})?$", q):
                err(la, f"quantity must be a decimal string, got {q!r}")
                continue
            qd = Decimal(q)
            if qd <= 0:
                err(la, "quantity must be > 0")
            if p["unit"] == "piece" and "." in q:
                err(la, f"{sid}/{pid} is sold per piece: quantity must be a whole number, got {q}")
            if p["unit"] in ("kg", "l") and qd > 20:
                warn(la, f"{q} {p['unit']} is a lot")
            if p["unit"] == "piece" and qd > 30:
                warn(la, f"{q} pieces is a lot")
            totals[sid] = totals.get(sid, Decimal(0)) + qd * Decimal(p["price"])
        for sid, tot in totals.items():
            mo = info["shops"][sid]["min_order"]
            if mo is not None and tot < mo:
                err(ca, f"{sid}: cart total {tot:.2f} below min_order {mo}")
        slot = ex.get("slot")
        if slot is None:
            continue
        sla = at(slot, "slot")
        kind = slot.get("kind")
        if kind not in ("delivery", "pickup"):
            err(sla, f"slot.kind must be delivery or pickup, got {kind!r}")
            continue
        booked[kind] += 1
        allowed = {"kind", "start"} | ({"station"} if kind == "pickup" else set())
        if set(slot) != allowed:
            err(sla, f"slot keys must be {sorted(allowed)}, got {sorted(slot)}")
        if kind == "pickup" and slot.get("station") not in info["stations"]:
            err(sla, f"station {slot.get('station')!r} unknown")
        if kind == "delivery" and not cu.get("street"):
            err(ca, "delivery booked but customer has no street")
        st = parse_ts(sla, slot.get("start"), info)
        if st is None:
            continue
        sl = st.astimezone(info["tz"])
        starts, cutoff = template_starts(info, kind, sl.date())
        hhmm = sl.strftime("%H:%M")
        if hhmm not in starts:
            err(sla, f"{fmt(sl)} is not the start of a {kind} window (that day: {starts or 'none'})")
        if st <= now:
            err(sla, "slot not in the future of now")
        if st - timedelta(hours=cutoff) < now:
            err(sla, f"cutoff {cutoff} h missed: booking closed at {fmt(st - timedelta(hours=cutoff))}")
        if sl.date() in info["holidays"]:
            err(sla, f"{sl.date()} is a holiday ({info['holidays'][sl.date()]})")
        if sl.weekday() == 6:
            err(sla, "slot on a Sunday")
        for sid in totals:
            if sl.date() in info["shops"][sid]["closed"]:
                err(sla, f"shop {sid} is closed on {sl.date()}")
        ea = earliest(info, kind, now)
        station = f"+{slot.get('station')}" if kind == "pickup" else ""
        slot_log.append(f"{cid}: now {fmt(nl)} -> {kind} {fmt(sl)}{station} "
                        f"(cutoff ok, earliest possible {fmt(ea) if ea else '-'})")
    for ch, n in per_channel.items():
        if n != 10:
            err(path, f"brief: 10 {ch} conversations, got {n}")
    for ch in ("v", "t", "w"):
        want = {f"bg-{ch}-{i:03d}" for i in range(1, 11)}
        if not want <= ids:
            err(path, f"missing ids: {sorted(want - ids)}")
    nb = booked["delivery"] + booked["pickup"]
    if not 12 <= nb <= 18:
        err(path, f"brief: about half book a window, got {nb} of {len(convs)}")
    return {
        "n": len(convs), "per_channel": per_channel, "booked": booked, "slot_log": slot_log,
        "shop_use": shop_use, "prod_use": prod_use, "nows": nows, "turns": turn_counts,
    }


def main():
    cpath = sys.argv[1] if len(sys.argv) > 1 else CATALOG
    vpath = sys.argv[2] if len(sys.argv) > 2 else CONVS
    out = []
    cat = load(cpath)
    info = check_catalog(cat)
    if info is None:
        print("\n".join(ERRORS))
        return 1
    conv = check_conversations(load(vpath), info, vpath)

    out.append(f"catalog {os.path.basename(cpath)}: {len(info['munis'])} municipalities, "
               f"{len(info['stations'])} stations, {len(info['shops'])} shops, "
               f"{info['n_products']} products, {info['n_services']} services")
    for sid, e in info["shops"].items():
        extra = []
        if e["min_order"] is not None:
            extra.append(f"min_order {e['min_order']}")
        if e["closed"]:
            ds = sorted(d for d in e["closed"] if RANGE_FROM <= d <= RANGE_TO)
            extra.append("closed " + ", ".join(d.isoformat() for d in ds))
        if e["vouchers"]:
            extra.append(f"vouchers {e['vouchers'][0]}-{e['vouchers'][1]}")
        out.append(f"  {sid:28s} {len(e['products']):3d} products, used in {conv['shop_use'][sid]:2d} cart lines"
                   + (f"; {'; '.join(extra)}" if extra else ""))
    hol = [f"{d} {n}" for d, n in sorted(info["holidays"].items()) if RANGE_FROM <= d <= RANGE_TO]
    out.append("NW holidays in range: " + ", ".join(hol))
    out.append("")
    pc = conv["per_channel"]
    out.append(f"conversations {os.path.basename(vpath)}: {conv['n']} "
               f"(voice {pc['voice']} / telegram {pc['telegram']} / web {pc['web']}), "
               f"booked {conv['booked']['delivery']} delivery + {conv['booked']['pickup']} pickup, "
               f"{conv['n'] - sum(conv['booked'].values())} without slot")
    if conv["nows"]:
        out.append(f"now from {min(conv['nows']).isoformat()} to {max(conv['nows']).isoformat()}; "
                   f"turns per conversation {min(conv['turns'])}-{max(conv['turns'])}, "
                   f"{sum(conv['turns'])} turns in all; {len(conv['prod_use'])} distinct products in carts")
    out.append("")
    out.append("slots (weekday of now and of the slot for a second look at relative days):")
    out.extend("  " + s for s in conv["slot_log"])
    out.append("")
    out.extend(WARNINGS)
    out.extend(ERRORS)
    out.append(f"{len(ERRORS)} errors, {len(WARNINGS)} warnings")
    print("\n".join(out))
    return 1 if ERRORS else 0


if __name__ == "__main__":
    sys.exit(main())
