#!/usr/bin/env python3
"""Check the Rheingau evaluation set against the two formats and the rules of the brief.

    python3 gen_rheingau/check.py              # check ../rheingau.yml and ../rheingau_1.yml
    python3 gen_rheingau/check.py --selftest   # also run the checks on deliberately broken copies

Checks the catalog (`kiepe-catalog/1`) and the conversations (`kiepe-conversations/1`), computes the
Hessian public holidays, and verifies every expected slot: a real template window on that weekday with
the right Europe/Berlin offset, not on a holiday, not past the cutoff, not on a closed day of a shop in
the cart, station known (pick-up) or street given (delivery). Needs Python 3.9+ and PyYAML.
Prints a log and ends with "N errors"; exit status 0 only with 0 errors.
"""
import copy
import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent
BASE = HERE.parent
CATALOG_FILE = BASE / "rheingau.yml"
CONV_FILE = BASE / "rheingau_1.yml"

REGION_ID = "rheingau"
STATE = "HE"
TZ = ZoneInfo("Europe/Berlin")
SEASON_FROM = dt.date(2031, 9, 1)
SEASON_TO = dt.date(2031, 11, 30)

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_DE = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
SIZE = re.compile(r"^\d+(,\d+)? (g|kg|ml|l)$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
PHONE = re.compile(r"^\+49 \d{2,4} \d{4,9}$")
QTY = re.compile(r"^\d+(\.\d{1,3})?$")

KEYS = {
    "catalog": {"format", "region", "shops"},
    "region": {"id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery",
               "pickup", "holidays", "weighed_goods"},
    "municipality": {"id", "name", "postcodes"},
    "station": {"id", "name", "municipality", "address"},
    "delivery": {"fee", "free_from", "cutoff_hours", "windows"},
    "pickup": {"cutoff_hours", "windows"},
    "window": {"days", "start", "end", "capacity"},
    "weighed_goods": {"tolerance_percent"},
    "shop": {"id", "name", "kind", "municipality", "phone", "min_order", "closed", "products", "services",
             "vouchers"},
    "product": {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat", "allergens",
                "deposit", "min_age", "substitutes"},
    "service": {"id", "name", "duration_minutes", "price", "vat"},
    "vouchers": {"min", "max"},
    "closed": {"from", "to"},
    "convfile": {"format", "catalog", "conversations"},
    "conversation": {"id", "channel", "now", "customer", "turns", "expect"},
    "customer": {"name", "phone", "municipality", "street"},
    "expect": {"cart", "slot"},
    "slot": {"kind", "start", "station"},
}

# Everyday and dialect words the residents use for goods the catalog names otherwise. None may
# occur in a product name (case-insensitive); each must occur in at least one conversation.
RESIDENT_WORDS = [
    "weck", "kreppel", "weckmännche", "quetsche", "grumbeere", "matte", "mattekuche", "fleischworscht",
    "leberworscht", "wildbratworscht", "schwademage", "rippche", "dörrfleisch", "gehacktes", "sprudel",
    "zitronesprudel", "äppler", "neue wei", "neuer wein", "winteraster", "erika", "zyklamen", "rapunzel",
    "latwerg", "keschde", "wildsau", "gelbe rüben", "maronen", "hasesprung", "äppel",
]

# Where a resident first asks for an impossible day and then names another: the first-asked window
# and why it is impossible. Checked to be a real template window impossible for exactly that reason.
FIRST_ASKED = {
    "rg-v-einheit-feiertag": ("delivery", "2031-10-03T10:00:00+02:00", None, "holiday"),
    "rg-v-metzger-urlaub": ("delivery", "2031-10-15T10:00:00+02:00", None, "closed metzgerei-dietz"),
    "rg-v-sprudel-zu-spaet": ("delivery", "2031-11-14T10:00:00+01:00", None, "cutoff"),
    "rg-t-forelle-betriebsferien": ("pickup", "2031-11-17T15:00:00+01:00", "geisenheim-dom",
                                    "closed forellenhof-kaiser"),
    "rg-w-torten-ruhetag": ("pickup", "2031-11-24T15:00:00+01:00", "geisenheim-dom", "closed cafe-molitor"),
    "rg-w-obsthof-zu": ("pickup", "2031-09-27T10:00:00+02:00", "geisenheim-dom", "closed obsthof-grimm"),
}


# ------------------------------------------------------------------ YAML with line numbers
class LDict(dict):
    line = 0
    key_lines = None


class LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    d = LDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    for k_node, v_node in node.value:
        k = loader.construct_object(k_node, deep=True)
        d[k] = loader.construct_object(v_node, deep=True)
        d.key_lines[k] = k_node.start_mark.line + 1
    return d


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LineLoader)


def ln(obj, key=None):
    if isinstance(obj, LDict):
        if key is not None and obj.key_lines and key in obj.key_lines:
            return obj.key_lines[key]
        return obj.line
    return 0


# ------------------------------------------------------------------ calendar
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
    day = ((h + l - 7 * m + 114) % 31) + 1
    return dt.date(year, month, day)


def he_holidays(year):
    """Public holidays of Hesse."""
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        e + dt.timedelta(days=60): "Fronleichnam",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


def parse_date(s):
    if not isinstance(s, str) or not re.match(r"^\d{4}-\d\d-\d\d$", s):
        raise ValueError(s)
    return dt.date.fromisoformat(s)


def parse_iso(s):
    if not isinstance(s, str) or not ISO.match(s):
        raise ValueError(s)
    return dt.datetime.fromisoformat(s)


def fmt(t):
    loc = t.astimezone(TZ)
    return f"{DAY_DE[loc.weekday()]} {loc:%Y-%m-%d %H:%M%z}"


# ------------------------------------------------------------------ catalog
class Catalog:
    pass


def check_catalog(cat, err, log, fname="rheingau.yml"):
    C = Catalog()
    C.shops, C.products, C.closed, C.municipalities, C.stations = {}, {}, {}, {}, {}
    C.windows = {"delivery": [], "pickup": []}
    C.cutoff = {}

    def E(obj, key, msg):
        err(f"{fname}:{ln(obj, key)}: {key + ': ' if key else ''}{msg}")

    def keys(obj, kind):
        if not isinstance(obj, dict):
            E(obj, None, f"{kind} must be a mapping")
            return False
        for k in obj:
            if k not in KEYS[kind]:
                E(obj, k, f"unknown field in {kind}")
        return True

    def money(obj, key, required=True, positive=False):
        if key not in obj:
            if required:
                E(obj, None, f"missing {key}")
            return None
        v = obj[key]
        if not isinstance(v, str) or not MONEY.match(v):
            E(obj, key, f"must be a quoted decimal string with two decimals, got {v!r}")
            return None
        if positive and Decimal(v) <= 0:
            E(obj, key, "must be greater than 0")
        return Decimal(v)

    def slug(obj, key="id"):
        v = obj.get(key)
        if not isinstance(v, str) or not SLUG.match(v):
            E(obj, key, f"must be a slug (a-z, 0-9, '-'), got {v!r}")
        return v

    def name(obj, key="name"):
        v = obj.get(key)
        if not isinstance(v, str) or not v.strip():
            E(obj, key, "missing or empty")
        return v

    if not keys(cat, "catalog"):
        return C
    if cat.get("format") != "kiepe-catalog/1":
        E(cat, "format", "must be kiepe-catalog/1")
    reg = cat.get("region")
    if not isinstance(reg, dict) or not keys(reg, "region"):
        E(cat, "region", "missing region")
        return C
    if slug(reg) != REGION_ID:
        E(reg, "id", f"must be {REGION_ID}")
    name(reg)
    if reg.get("timezone") != "Europe/Berlin":
        E(reg, "timezone", "must be Europe/Berlin")
    if reg.get("currency") != "EUR":
        E(reg, "currency", "must be EUR")
    if reg.get("holidays") not in STATES:
        E(reg, "holidays", f"must be a German state code, got {reg.get('holidays')!r}")
    elif reg.get("holidays") != STATE:
        E(reg, "holidays", f"must be {STATE} for the Rheingau")

    for m in reg.get("municipalities") or []:
        if not keys(m, "municipality"):
            continue
        mid = slug(m)
        name(m)
        pcs = m.get("postcodes")
        if not isinstance(pcs, list) or not pcs:
            E(m, "postcodes", "must be a non-empty list")
            pcs = []
        for pc in pcs:
            if not isinstance(pc, str) or not re.match(r"^\d{5}$", pc):
                E(m, "postcodes", f"postcode must be a quoted 5-digit string, got {pc!r}")
            elif not pc.startswith("65"):
                E(m, "postcodes", f"{pc} is not a Rheingau postcode")
        if mid in C.municipalities:
            E(m, "id", f"duplicate municipality {mid}")
        C.municipalities[mid] = m
    if len(C.municipalities) != 5:
        E(reg, "municipalities", f"need 5 municipalities, found {len(C.municipalities)}")

    for s in reg.get("pickup_stations") or []:
        if not keys(s, "station"):
            continue
        sid = slug(s)
        name(s)
        mun = C.municipalities.get(s.get("municipality"))
        if mun is None:
            E(s, "municipality", f"unknown municipality {s.get('municipality')!r}")
        addr = s.get("address")
        if not isinstance(addr, str) or not addr:
            E(s, "address", "missing")
        elif mun is not None and not any(pc in addr for pc in mun.get("postcodes", [])):
            E(s, "address", "does not contain a postcode of its municipality")
        if sid in C.stations:
            E(s, "id", f"duplicate station {sid}")
        C.stations[sid] = s
    if len(C.stations) != 3:
        E(reg, "pickup_stations", f"need 3 pick-up stations, found {len(C.stations)}")

    def windows(block, kind):
        if not isinstance(block, dict) or not keys(block, kind):
            E(reg, kind, "missing")
            return
        ch = block.get("cutoff_hours")
        if not isinstance(ch, int) or isinstance(ch, bool) or ch < 0:
            E(block, "cutoff_hours", "must be a non-negative integer")
            ch = 0
        C.cutoff[kind] = ch
        for w in block.get("windows") or []:
            if not keys(w, "window"):
                continue
            days = w.get("days")
            if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
                E(w, "days", f"must be a list of {DAYS}, got {days!r}")
                days = []
            if len(set(days)) != len(days):
                E(w, "days", "duplicate day")
            st, en = w.get("start"), w.get("end")
            if not isinstance(st, str) or not HHMM.match(st):
                E(w, "start", f"must be a quoted HH:MM, got {st!r}")
                continue
            if not isinstance(en, str) or not HHMM.match(en):
                E(w, "end", f"must be a quoted HH:MM, got {en!r}")
                continue
            if en <= st:
                E(w, "end", "must be after start")
            cap = w.get("capacity")
            if not isinstance(cap, int) or isinstance(cap, bool) or cap <= 0:
                E(w, "capacity", "must be a positive integer")
            for d in days:
                C.windows[kind].append((DAYS.index(d), st, en))
        if not C.windows[kind]:
            E(block, "windows", "no windows")

    deliv = reg.get("delivery")
    windows(deliv, "delivery")
    if isinstance(deliv, dict):
        C.fee = money(deliv, "fee")
        C.free_from = money(deliv, "free_from", required=False)
    windows(reg.get("pickup"), "pickup")
    for kind in ("delivery", "pickup"):
        seen = Counter((d, s) for d, s, _ in C.windows[kind])
        for (d, s), n in seen.items():
            if n > 1:
                E(reg, kind, f"two windows start {DAYS[d]} {s}")
    wg = reg.get("weighed_goods")
    if wg is not None and keys(wg, "weighed_goods"):
        tp = wg.get("tolerance_percent")
        if not isinstance(tp, int) or isinstance(tp, bool) or not 0 <= tp <= 100:
            E(wg, "tolerance_percent", "must be an integer 0..100")

    used = Counter()
    n_services, voucher_shops, kinds = 0, [], Counter()
    for shop in cat.get("shops") or []:
        if not keys(shop, "shop"):
            continue
        sid = slug(shop)
        name(shop)
        if sid in C.shops:
            E(shop, "id", f"duplicate shop {sid}")
        C.shops[sid] = shop
        kind = shop.get("kind")
        if kind not in ("retailer", "direct_marketer", "service_provider"):
            E(shop, "kind", f"invalid kind {kind!r}")
        kinds[kind] += 1
        if shop.get("municipality") not in C.municipalities:
            E(shop, "municipality", f"unknown municipality {shop.get('municipality')!r}")
        ph = shop.get("phone")
        if not isinstance(ph, str) or not PHONE.match(ph):
            E(shop, "phone", f"must be a quoted +49 number, got {ph!r}")
        if "min_order" in shop:
            used["min_order"] += 1
            money(shop, "min_order", positive=True)
        C.closed[sid] = []
        for c in shop.get("closed") or []:
            used["closed"] += 1
            try:
                if isinstance(c, str):
                    d = parse_date(c)
                    C.closed[sid].append((d, d))
                    used["closed-day"] += 1
                elif isinstance(c, dict):
                    for k in c:
                        if k not in KEYS["closed"]:
                            E(c, k, "unknown field in closed range")
                    a, b = parse_date(c.get("from")), parse_date(c.get("to"))
                    if b < a:
                        E(c, "to", "before from")
                    C.closed[sid].append((a, b))
                    used["closed-range"] += 1
                else:
                    raise ValueError(c)
            except ValueError:
                E(shop, "closed", f"invalid date or range {c!r}")
        prods = {}
        for p in shop.get("products") or []:
            if not keys(p, "product"):
                continue
            pid = slug(p)
            name(p)
            if pid in prods:
                E(p, "id", f"duplicate product {pid} in {sid}")
            prods[pid] = p
            if "aliases" in p:
                E(p, "aliases", "this set uses no aliases (names as printed on the price list only)")
            unit = p.get("unit")
            if unit not in ("piece", "kg", "l"):
                E(p, "unit", f"must be piece, kg or l, got {unit!r}")
            money(p, "price", positive=True)
            if p.get("vat") not in (7, 19):
                E(p, "vat", f"must be 7 or 19, got {p.get('vat')!r}")
            if "category" in p:
                used["category"] += 1
                name(p, "category")
            if "label" in p:
                used["label"] += 1
                name(p, "label")
            if "size" in p:
                used["size"] += 1
                if not isinstance(p["size"], str) or not SIZE.match(p["size"]):
                    E(p, "size", f"must be like \"250 g\" or \"0,75 l\", got {p['size']!r}")
                if unit != "piece":
                    E(p, "size", "only a piece has a size")
            if "allergens" in p:
                used["allergens"] += 1
                al = p["allergens"]
                if not isinstance(al, list) or not al:
                    E(p, "allergens", "must be a non-empty list")
                else:
                    for a in al:
                        if a not in ALLERGENS:
                            E(p, "allergens", f"unknown allergen id {a!r}")
                    if len(set(al)) != len(al):
                        E(p, "allergens", "duplicate allergen")
            if "deposit" in p:
                used["deposit"] += 1
                money(p, "deposit", positive=True)
                if unit != "piece":
                    E(p, "deposit", "only a piece carries a deposit")
            if "min_age" in p:
                used[f"min_age {p['min_age']}"] += 1
                if p["min_age"] not in (16, 18):
                    E(p, "min_age", f"must be 16 or 18, got {p['min_age']!r}")
            if unit in ("kg", "l"):
                used["weighed"] += 1
            if unit == "l":
                used["unit l"] += 1
        for p in prods.values():
            if "substitutes" in p:
                used["substitutes"] += 1
                subs = p["substitutes"]
                if not isinstance(subs, list) or not subs:
                    E(p, "substitutes", "must be a non-empty list")
                    continue
                for s in subs:
                    if s not in prods:
                        E(p, "substitutes", f"{s!r} is not a product of {sid}")
                    elif s == p.get("id"):
                        E(p, "substitutes", "a product cannot substitute itself")
        if not prods:
            E(shop, "products", "shop without products")
        C.products[sid] = prods
        for sv in shop.get("services") or []:
            if not keys(sv, "service"):
                continue
            n_services += 1
            slug(sv)
            name(sv)
            dm = sv.get("duration_minutes")
            if not isinstance(dm, int) or isinstance(dm, bool) or dm < 0:
                E(sv, "duration_minutes", "must be a non-negative integer")
            money(sv, "price", positive=True)
            if sv.get("vat") not in (7, 19):
                E(sv, "vat", "must be 7 or 19")
        if "vouchers" in shop:
            v = shop["vouchers"]
            if keys(v, "vouchers"):
                lo, hi = money(v, "min", positive=True), money(v, "max", positive=True)
                if lo is not None and hi is not None and lo > hi:
                    E(v, "min", "greater than max")
                voucher_shops.append(sid)

    n_products = sum(len(p) for p in C.products.values())
    if len(C.shops) != 10:
        E(cat, "shops", f"need 10 shops, found {len(C.shops)}")
    if not 150 <= n_products <= 170:
        E(cat, "shops", f"need 150-170 products, found {n_products}")
    if not 4 <= n_services <= 6:
        E(cat, "shops", f"need 4-6 services, found {n_services}")
    if not 2 <= len(voucher_shops) <= 3:
        E(cat, "shops", f"need vouchers at 2-3 shops, found {len(voucher_shops)}")
    if kinds["retailer"] == 0 or kinds["direct_marketer"] == 0:
        E(cat, "shops", "need a mix of retailers and direct marketers")
    for f in ("min_order", "closed-day", "closed-range", "category", "label", "size", "allergens", "deposit",
              "min_age 16", "min_age 18", "substitutes", "weighed", "unit l"):
        if used[f] == 0:
            E(cat, "shops", f"optional field never used: {f}")
    if C.free_from is None:
        E(reg, "delivery", "free_from never used")
    if wg is None:
        E(reg, "weighed_goods", "tolerance never used")

    # variants: products of a shop that share the name before the first comma
    variants = 0
    for sid, prods in C.products.items():
        stems = Counter(p["name"].split(",")[0].strip() for p in prods.values() if isinstance(p.get("name"), str))
        variants += sum(1 for n in stems.values() if n > 1)
    if variants < 5:
        E(cat, "shops", f"need variants by size, kind or container, found {variants} groups")

    # resident words never in a product name
    for sid, prods in C.products.items():
        for p in prods.values():
            nm = str(p.get("name", "")).lower()
            for w in RESIDENT_WORDS:
                if w in nm:
                    E(p, "name", f"contains the resident word {w!r}")

    C.holidays = {}
    for y in range(SEASON_FROM.year, SEASON_TO.year + 1):
        C.holidays.update(he_holidays(y))
    closures = []
    for sid, rs in C.closed.items():
        for a, b in rs:
            if a <= SEASON_TO and b >= SEASON_FROM:
                closures.append(f"{sid} {a}" + (f"..{b}" if b != a else ""))
    if len(closures) < 3:
        E(cat, "shops", f"need at least 3 closures in the season, found {len(closures)}")

    log(f"catalog: {len(C.municipalities)} municipalities, {len(C.stations)} stations, {len(C.shops)} shops "
        f"({kinds['retailer']} retailers, {kinds['direct_marketer']} direct marketers), {n_products} products, "
        f"{n_services} services, vouchers at {len(voucher_shops)} shops ({', '.join(voucher_shops)})")
    log("products per shop: " + ", ".join(f"{s} {len(p)}" for s, p in C.products.items()))
    log(f"optional fields used: " + ", ".join(f"{k} {v}" for k, v in sorted(used.items())) +
        f"; variant groups {variants}; free_from {C.free_from}; holidays {reg.get('holidays')}")
    hol = [f"{DAY_DE[d.weekday()]} {d} {n}" for d, n in sorted(C.holidays.items()) if SEASON_FROM <= d <= SEASON_TO]
    log(f"{STATE} holidays in season (computed): " + ", ".join(hol))
    log(f"Easter {SEASON_FROM.year} (computed): {easter(SEASON_FROM.year)}; no Easter-based holiday in the season")
    log("closures in season: " + "; ".join(closures))
    return C


# ------------------------------------------------------------------ conversations
def closed_on(C, sid, day):
    return any(a <= day <= b for a, b in C.closed.get(sid, []))


def window_at(C, kind, start):
    loc = start.astimezone(TZ)
    for d, st, en in C.windows[kind]:
        if d == loc.weekday() and st == f"{loc:%H:%M}":
            return (st, en)
    return None


def earliest(C, kind, now):
    day = now.astimezone(TZ).date()
    for _ in range(30):
        if day not in C.holidays:
            for d, st, _en in sorted(C.windows[kind], key=lambda w: w[1]):
                if d != day.weekday():
                    continue
                h, m = map(int, st.split(":"))
                t = dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ)
                if t - dt.timedelta(hours=C.cutoff[kind]) >= now:
                    return t
        day += dt.timedelta(days=1)
    return None


def slot_problems(C, kind, start, now, cart_shops):
    """All reasons why this window cannot be booked (empty list: bookable)."""
    probs = []
    loc = start.astimezone(TZ)
    if TZ.utcoffset(loc.replace(tzinfo=None)) != start.utcoffset():
        probs.append(f"offset {start.utcoffset()} is not Europe/Berlin's")
    if window_at(C, kind, start) is None:
        probs.append("not a template window")
    if loc.date() in C.holidays:
        probs.append("holiday")
    if start - dt.timedelta(hours=C.cutoff.get(kind, 0)) < now:
        probs.append("cutoff")
    for sid in sorted(cart_shops):
        if closed_on(C, sid, loc.date()):
            probs.append(f"closed {sid}")
    return probs


def check_conversations(C, doc, err, log, fname="rheingau_1.yml"):
    def E(obj, key, msg, cid=None):
        err(f"{fname}:{ln(obj, key)}: {(cid + ': ') if cid else ''}{key + ': ' if key else ''}{msg}")

    if not isinstance(doc, dict):
        err(f"{fname}: not a mapping")
        return
    for k in doc:
        if k not in KEYS["convfile"]:
            E(doc, k, "unknown field")
    if doc.get("format") != "kiepe-conversations/1":
        E(doc, "format", "must be kiepe-conversations/1")
    if doc.get("catalog") != "rheingau.yml":
        E(doc, "catalog", "must be rheingau.yml")
    convs = doc.get("conversations") or []
    if len(convs) != 30:
        E(doc, "conversations", f"need 30 conversations, found {len(convs)}")

    ids = set()
    channels = Counter()
    booked = Counter()
    turns_by_channel = defaultdict(list)
    shop_use = Counter()
    n_lines = n_vouchers = 0
    voucher_at = set()
    tg_emoji = tg_newline = tg_abbr = 0
    lines_out, first_out = [], []
    all_text = []
    for cv in convs:
        if not isinstance(cv, dict):
            E(doc, "conversations", "entry is not a mapping")
            continue
        for k in cv:
            if k not in KEYS["conversation"]:
                E(cv, k, "unknown field")
        cid = cv.get("id")
        if not isinstance(cid, str) or not SLUG.match(cid):
            E(cv, "id", f"must be a slug, got {cid!r}")
            cid = str(cid)
        if cid in ids:
            E(cv, "id", "duplicate id", cid)
        ids.add(cid)
        ch = cv.get("channel")
        if ch not in ("voice", "telegram", "web"):
            E(cv, "channel", f"invalid channel {ch!r}", cid)
        channels[ch] += 1
        try:
            now = parse_iso(cv.get("now"))
        except (ValueError, TypeError):
            E(cv, "now", f"must be a quoted ISO time with offset, got {cv.get('now')!r}", cid)
            continue
        nloc = now.astimezone(TZ)
        if TZ.utcoffset(nloc.replace(tzinfo=None)) != now.utcoffset():
            E(cv, "now", f"offset {now.utcoffset()} is not Europe/Berlin's at that time", cid)
        if not SEASON_FROM <= nloc.date() <= SEASON_TO:
            E(cv, "now", "outside the season", cid)
        cust = cv.get("customer")
        if not isinstance(cust, dict):
            E(cv, "customer", "missing", cid)
            cust = {}
        for k in cust:
            if k not in KEYS["customer"]:
                E(cust, k, "unknown field", cid)
        if not isinstance(cust.get("name"), str) or len(cust.get("name", "").split()) < 2:
            E(cust, "name", "needs first and last name", cid)
        if not isinstance(cust.get("phone"), str) or not PHONE.match(cust.get("phone", "")):
            E(cust, "phone", f"must be a quoted +49 number, got {cust.get('phone')!r}", cid)
        if cust.get("municipality") not in C.municipalities:
            E(cust, "municipality", f"unknown municipality {cust.get('municipality')!r}", cid)

        turns = cv.get("turns")
        if not isinstance(turns, list):
            E(cv, "turns", "missing", cid)
            turns = []
        if not 4 <= len(turns) <= 7:
            E(cv, "turns", f"need 4-7 turns, found {len(turns)}", cid)
        turns_by_channel[ch].append(len(turns))
        for t in turns:
            if not isinstance(t, dict) or list(t.keys()) != ["say"]:
                E(t if isinstance(t, dict) else cv, None, "only say: turns allowed (no dtmf, no choose)", cid)
                continue
            s = t["say"]
            if not isinstance(s, str) or not s.strip():
                E(t, "say", "empty", cid)
                continue
            all_text.append(s.lower())
            if ch == "voice":
                if s != s.lower():
                    E(t, "say", "voice turn not lower case", cid)
                bad = sorted({c for c in s if not (c.isalpha() or c == " ")})
                if bad:
                    E(t, "say", f"voice turn contains digits or punctuation {bad}", cid)
                if "  " in s or s != s.strip():
                    E(t, "say", "voice turn has stray spaces", cid)
            if ch == "telegram":
                tg_newline += "\n" in s
                tg_emoji += any(ord(c) > 0x2500 for c in s)
                tg_abbr += bool(re.search(r"\d+x|\d+ ?kg|\d+ ?gr|\bstk\b|\bpck\b|\bfl\.|\bsa\b|\bmo\b|\bdo\b|\bfr\b", s))
        if ch == "voice" and not any("ja passt" in t.get("say", "") for t in turns[-2:] if isinstance(t, dict)):
            E(cv, "turns", "voice caller should end with 'ja passt'", cid)

        exp = cv.get("expect")
        if not isinstance(exp, dict):
            E(cv, "expect", "missing", cid)
            continue
        for k in exp:
            if k not in KEYS["expect"]:
                E(exp, k, "unknown field", cid)
        cart = exp.get("cart")
        if not isinstance(cart, list) or not cart:
            E(exp, "cart", "missing or empty", cid)
            cart = []
        goods = defaultdict(Decimal)
        seen = set()
        cart_shops = set()
        for line in cart:
            if not isinstance(line, dict):
                E(exp, "cart", "line is not a mapping", cid)
                continue
            sid = line.get("shop")
            if sid not in C.shops:
                E(line, "shop", f"unknown shop {sid!r}", cid)
                continue
            cart_shops.add(sid)
            if "voucher" in line:
                if set(line) != {"shop", "voucher"}:
                    E(line, None, "voucher line has only shop and voucher", cid)
                v = C.shops[sid].get("vouchers")
                amt = line["voucher"]
                if v is None:
                    E(line, "voucher", f"{sid} sells no vouchers", cid)
                elif not isinstance(amt, str) or not MONEY.match(amt):
                    E(line, "voucher", f"must be a quoted amount like \"20.00\", got {amt!r}", cid)
                elif not Decimal(v["min"]) <= Decimal(amt) <= Decimal(v["max"]):
                    E(line, "voucher", f"{amt} outside {v['min']}..{v['max']}", cid)
                n_vouchers += 1
                voucher_at.add(sid)
                continue
            if set(line) != {"shop", "product", "quantity"}:
                E(line, None, "product line has exactly shop, product, quantity", cid)
            pid = line.get("product")
            p = C.products[sid].get(pid)
            if p is None:
                E(line, "product", f"{pid!r} is not a product of {sid}", cid)
                continue
            if (sid, pid) in seen:
                E(line, "product", "product listed twice", cid)
            seen.add((sid, pid))
            q = line.get("quantity")
            if not isinstance(q, str) or not QTY.match(q) or Decimal(q) <= 0:
                E(line, "quantity", f"must be a positive decimal string, got {q!r}", cid)
                continue
            if p.get("unit") == "piece" and not re.match(r"^\d+$", q):
                E(line, "quantity", f"{pid} is sold by the piece: whole number needed, got {q}", cid)
            goods[sid] += Decimal(q) * Decimal(p["price"])
            n_lines += 1
        for sid in cart_shops:
            shop_use[sid] += 1
            mo = C.shops[sid].get("min_order")
            if mo and sid in goods and goods[sid] < Decimal(mo):
                E(exp, "cart", f"{sid} part {goods[sid]:.2f} below min_order {mo}", cid)
            if mo and sid not in goods:
                E(exp, "cart", f"{sid} has only a voucher but a min_order", cid)
            if closed_on(C, sid, nloc.date()):
                E(cv, "now", f"{sid} is closed on the day of the order", cid)

        slot = exp.get("slot")
        summary = f"{len(cart)} lines, shops {', '.join(sorted(cart_shops))}"
        if slot is None:
            lines_out.append(f"{cid}: now {fmt(now)} -> no slot (cart only, {summary})")
        else:
            for k in slot:
                if k not in KEYS["slot"]:
                    E(slot, k, "unknown field", cid)
            kind = slot.get("kind")
            if kind not in ("delivery", "pickup"):
                E(slot, "kind", f"must be delivery or pickup, got {kind!r}", cid)
                continue
            try:
                start = parse_iso(slot.get("start"))
            except (ValueError, TypeError):
                E(slot, "start", f"must be a quoted ISO time with offset, got {slot.get('start')!r}", cid)
                continue
            booked[(ch, kind)] += 1
            if kind == "pickup":
                if slot.get("station") not in C.stations:
                    E(slot, "station", f"unknown station {slot.get('station')!r}", cid)
            else:
                if "station" in slot:
                    E(slot, "station", "a delivery has no station", cid)
                if not isinstance(cust.get("street"), str) or not re.search(r"\d", cust.get("street", "")):
                    E(cust, "street", "a resident who books a delivery needs a street with number", cid)
            if start <= now:
                E(slot, "start", "not after now", cid)
            probs = slot_problems(C, kind, start, now, cart_shops)
            for pr in probs:
                E(slot, "start", f"{fmt(start)}: {pr}", cid)
            if cv.get("id") in FIRST_ASKED and FIRST_ASKED[cid][1] == slot.get("start"):
                E(slot, "start", "the booked slot equals the first-asked impossible one", cid)
            ea = earliest(C, kind, now)
            st = f"+{slot.get('station')}" if kind == "pickup" else ""
            lines_out.append(
                f"{cid}: now {fmt(now)} -> {kind} {fmt(start)}{st} "
                f"({'window ok, no holiday, cutoff ok, shops open, min_order ok' if not probs else 'PROBLEM'}; "
                f"earliest possible {DAY_DE[ea.weekday()]} {ea:%d.%m. %H:%M}; {summary})")
        if cid in FIRST_ASKED:
            kind, s, station, reason = FIRST_ASKED[cid]
            t = parse_iso(s)
            if slot is None or slot.get("kind") != kind:
                E(cv, "expect", "first-asked entry but no slot of that kind", cid)
            if kind == "pickup" and station not in C.stations:
                E(cv, "expect", f"first-asked station {station} unknown", cid)
            if window_at(C, kind, t) is None:
                E(cv, "expect", f"first-asked {s} is not a template window", cid)
            probs = [p for p in slot_problems(C, kind, t, now, cart_shops) if p != "not a template window"]
            if probs != [reason]:
                E(cv, "expect", f"first-asked {s} should be impossible for exactly {reason!r}, found {probs}", cid)
            first_out.append(f"{cid}: first asked {kind} {fmt(t)}" + (f"+{station}" if station else "")
                             + f" -> impossible ({reason}"
                             + (f" {C.holidays[t.astimezone(TZ).date()]}" if reason == "holiday" else "") + ")")
    for cid in FIRST_ASKED:
        if cid not in ids:
            err(f"check.py: FIRST_ASKED names unknown conversation {cid}")

    for l in lines_out + first_out:
        log(l)
    if channels != Counter({"voice": 10, "telegram": 10, "web": 10}):
        E(doc, "conversations", f"need 10 voice, 10 telegram, 10 web, found {dict(channels)}")
    n_booked = sum(booked.values())
    if not 13 <= n_booked <= 17:
        E(doc, "conversations", f"about half must book (13-17), found {n_booked}")
    for sid in C.shops:
        if shop_use[sid] < 3:
            E(doc, "conversations", f"shop {sid} in only {shop_use[sid]} carts (need 3)")
    if n_vouchers == 0 or not 1 <= len(voucher_at) <= 2:
        E(doc, "conversations", f"need voucher lines at one or two shops, found {sorted(voucher_at)}")
    if tg_emoji < 5 or tg_newline < 5 or tg_abbr < 5:
        E(doc, "conversations", f"telegram turns should show emoji, line breaks and abbreviations "
                                f"({tg_emoji}/{tg_newline}/{tg_abbr})")
    text = "\n".join(all_text)
    for w in RESIDENT_WORDS:
        if w not in text:
            err(f"check.py: resident word {w!r} occurs in no conversation")
    log(f"channels voice/telegram/web {channels['voice']}/{channels['telegram']}/{channels['web']}; "
        f"booked {n_booked}: delivery {sum(v for (c, k), v in booked.items() if k == 'delivery')}, "
        f"pick-up {sum(v for (c, k), v in booked.items() if k == 'pickup')}")
    for c in ("voice", "telegram", "web"):
        log(f"  {c}: delivery {booked[(c, 'delivery')]}, pick-up {booked[(c, 'pickup')]}, "
            f"turns {min(turns_by_channel[c])}-{max(turns_by_channel[c])}")
    log(f"cart lines {n_lines}; voucher lines {n_vouchers} at {', '.join(sorted(voucher_at))}")
    log(f"telegram turns with emoji {tg_emoji}, with line breaks {tg_newline}, with abbreviations {tg_abbr}")
    log("shop appearances (conversations): " + ", ".join(f"{s} {shop_use[s]}" for s in C.shops))
    log(f"resident words checked absent from product names and present in conversations: {len(RESIDENT_WORDS)}")


def run(cat, conv, quiet=False):
    errors, logs = [], []
    C = check_catalog(cat, errors.append, logs.append)
    check_conversations(C, conv, errors.append, logs.append)
    return errors, logs


# ------------------------------------------------------------------ self-test on broken copies
def selftest(cat, conv):
    def find_conv(d, cid):
        return next(c for c in d["conversations"] if c["id"] == cid)

    def shop(d, sid):
        return next(s for s in d["shops"] if s["id"] == sid)

    cases = []

    def case(label, needle, mut_cat=None, mut_conv=None):
        c2, v2 = copy.deepcopy(cat), copy.deepcopy(conv)
        if mut_cat:
            mut_cat(c2)
        if mut_conv:
            mut_conv(v2)
        errs, _ = run(c2, v2)
        hit = any(needle in e for e in errs)
        cases.append((label, hit, len(errs)))

    case("slot on a holiday (Fri 3 Oct)", "holiday",
         mut_conv=lambda v: find_conv(v, "rg-v-einheit-feiertag")["expect"]["slot"].update(
             start="2031-10-03T10:00:00+02:00"))
    case("slot past the cutoff", "cutoff",
         mut_conv=lambda v: find_conv(v, "rg-v-sprudel-zu-spaet")["expect"]["slot"].update(
             start="2031-11-14T10:00:00+01:00"))
    case("slot on a closed day of a cart shop", "closed metzgerei-dietz",
         mut_conv=lambda v: find_conv(v, "rg-v-metzger-urlaub")["expect"]["slot"].update(
             start="2031-10-15T10:00:00+02:00"))
    case("slot not a template window", "not a template window",
         mut_conv=lambda v: find_conv(v, "rg-t-vereinsfest")["expect"]["slot"].update(
             start="2031-09-18T18:00:00+02:00"))
    case("slot with winter offset in summer time", "offset",
         mut_conv=lambda v: find_conv(v, "rg-v-federweisser-erbach")["expect"]["slot"].update(
             start="2031-09-20T09:00:00+01:00"))
    case("now with summer offset after 26 Oct", "offset",
         mut_conv=lambda v: find_conv(v, "rg-w-wildessen-zeitumstellung").update(now="2031-10-26T11:00:00+02:00"))
    case("fractional piece quantity", "whole number",
         mut_conv=lambda v: find_conv(v, "rg-v-martinsumzug")["expect"]["cart"][0].update(quantity="20.5"))
    case("voucher out of range", "outside",
         mut_conv=lambda v: find_conv(v, "rg-t-wein-gutschein")["expect"]["cart"][2].update(voucher="500.00"))
    case("min_order not reached", "below min_order",
         mut_conv=lambda v: find_conv(v, "rg-w-obsthof-zu")["expect"]["cart"][3].update(quantity="0.2"))
    case("delivery without street", "street",
         mut_conv=lambda v: find_conv(v, "rg-t-wg-party")["customer"].pop("street"))
    case("unknown station", "unknown station",
         mut_conv=lambda v: find_conv(v, "rg-v-martinsumzug")["expect"]["slot"].update(station="kiedrich-markt"))
    case("digits in a voice turn", "digits or punctuation",
         mut_conv=lambda v: find_conv(v, "rg-v-lese-vesper")["turns"][1].update(say="also vom hummrich 24 weck"))
    case("dtmf turn", "only say",
         mut_conv=lambda v: find_conv(v, "rg-v-lese-vesper")["turns"].append({"dtmf": "1"}))
    case("wrong VAT", "vat",
         mut_cat=lambda c: shop(c, "baeckerei-hummrich")["products"][0].update(vat=16))
    case("unknown allergen", "unknown allergen",
         mut_cat=lambda c: shop(c, "baeckerei-hummrich")["products"][0].update(allergens=["weizen"]))
    case("min_age 21", "min_age",
         mut_cat=lambda c: shop(c, "getraenke-reitz")["products"][14].update(min_age=21))
    case("unquoted postcode", "postcode",
         mut_cat=lambda c: c["region"]["municipalities"][1].update(postcodes=[65375]))
    case("alias present", "aliases",
         mut_cat=lambda c: shop(c, "obsthof-grimm")["products"][0].update(aliases=["Ebbel"]))
    case("resident word in a product name", "resident word",
         mut_cat=lambda c: shop(c, "baeckerei-hummrich")["products"][0].update(name="Wasserweck"))
    case("substitute from another shop", "substitutes",
         mut_cat=lambda c: shop(c, "baeckerei-hummrich")["products"][1].update(substitutes=["pils-kasten"]))
    return cases


def main():
    cat, conv = load(CATALOG_FILE), load(CONV_FILE)
    errors, logs = run(cat, conv)
    for l in logs:
        print(l)
    if "--selftest" in sys.argv:
        print("self-test on deliberately broken copies:")
        for label, hit, n in selftest(cat, conv):
            print(f"  {'caught' if hit else 'MISSED'}: {label} ({n} errors)")
            if not hit:
                errors.append(f"self-test missed: {label}")
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} errors")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
