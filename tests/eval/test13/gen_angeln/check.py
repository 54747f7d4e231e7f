#!/usr/bin/env python3
"""Check the Angeln evaluation set against kiepe-catalog/1, kiepe-conversations/1 and the brief's rules.

Usage:  python3 gen_angeln/check.py             (prints the log, last line "N errors")
        python3 gen_angeln/check.py --selftest  (breaks copies on purpose and shows each is reported)

Needs Python 3.9+ (zoneinfo) and PyYAML. Reads only angeln.yml and angeln_1.yml next to this folder.
"""
import datetime as dt
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CATALOG = ROOT / "angeln.yml"
CONVS = ROOT / "angeln_1.yml"

TZ = ZoneInfo("Europe/Berlin")
SEASON_FROM = dt.date(2031, 9, 1)
SEASON_TO = dt.date(2031, 11, 30)
STATE = "SH"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC = re.compile(r"^\d+\.\d{2}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
KINDS = {"retailer", "direct_marketer", "service_provider"}
UNITS = {"piece", "kg", "l"}
VOICE_OK = re.compile(r"^[a-zäöüß]+( [a-zäöüß]+)*$")

# Words residents use in the conversations for goods the catalog names otherwise.
# None of them may be a word of a product name (the check is word-based: "butt" is not "Butter").
RESIDENT_WORDS = [
    "rundstück", "rundstücke", "rund", "graubrot", "plummenkuchen", "klöben", "rosinenklöben", "rundstykker",
    "wienerbrød", "rødgrød", "kohlwürste", "kohlwurst", "mettenden", "kassler", "backe", "gehacktes", "hack",
    "grönkohl", "katüffeln", "wruken", "wurzeln", "porree", "melk", "botter", "kümmelkäse", "bücklinge",
    "bückling", "butt", "flens", "selter", "brause", "buddel", "köm", "sixpack", "pflaumen", "boskop",
    "fliederbeersaft", "rode", "grütt", "erika", "tannenzweige", "vanillesoße", "sonnabend", "dörpshus",
]
RESIDENT_PHRASES = ["grüne heringe", "kieler sprotten"]

# Days a resident asked for first and that the assistant has to refuse; the expected slot is the one named after.
FIRST_ASKED = {
    "an-v-aepfel-einkellern-zu-spaet": ("delivery", None, "2031-10-02T10:00:00+02:00", "cutoff"),
    "an-v-wild-brarup-zu": ("pickup", "suederbrarup-bahnhof", "2031-11-03T15:00:00+01:00", "closed"),
    "an-t-halloween-feiertag": ("pickup", "kappeln-rathausmarkt", "2031-10-31T15:00:00+01:00", "holiday"),
    "an-t-grillabend-zu-spaet": ("delivery", None, "2031-09-05T10:00:00+02:00", "cutoff"),
    "an-w-erntedank-feiertag": ("delivery", None, "2031-10-03T10:00:00+02:00", "holiday"),
    "an-w-betriebsurlaub-brot": ("pickup", "suederbrarup-bahnhof", "2031-10-14T15:00:00+02:00", "closed"),
}

SHOP_FIELDS = {"id", "name", "kind", "municipality", "phone", "products", "services", "vouchers", "min_order", "closed"}
PRODUCT_FIELDS = {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat", "allergens",
                  "deposit", "min_age", "substitutes"}
OPTIONAL_USED = {"deposit", "min_age", "min_order", "substitutes", "closed", "allergens", "size",
                 "free_from", "tolerance_percent", "holidays", "label", "vouchers", "services"}


# ------------------------------------------------------------------ loading with line numbers
class LineLoader(yaml.SafeLoader):
    lines = {}


def _construct_mapping(loader, node, deep=False):
    m = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    LineLoader.lines[id(m)] = node.start_mark.line + 1
    return m


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LineLoader)


def line(obj):
    n = LineLoader.lines.get(id(obj))
    return f"line {n}" if n else "line ?"


# ------------------------------------------------------------------ calendar
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
for _y in (2031, 2032):
    HOLIDAYS.update(holidays_sh(_y))


def parse_date(s):
    return dt.date.fromisoformat(s)


def closed_days(shop):
    days = set()
    for c in shop.get("closed", []) or []:
        if isinstance(c, str):
            days.add(parse_date(c))
        else:
            a, b = parse_date(c["from"]), parse_date(c["to"])
            while a <= b:
                days.add(a)
                a += dt.timedelta(days=1)
    return days


def fmt(t):
    return t.strftime("%a %Y-%m-%d %H:%M%z")


# ------------------------------------------------------------------ catalog
def dec(v):
    if not isinstance(v, str) or not DEC.match(v):
        return None
    try:
        return Decimal(v)
    except InvalidOperation:
        return None


def check_windows(errs, where, block):
    for w in block.get("windows", []):
        if not w.get("days") or any(d not in DAYS for d in w["days"]):
            errs.append(f"catalog {line(w)}: {where} window days {w.get('days')}")
        s, e = w.get("start"), w.get("end")
        if not (isinstance(s, str) and HHMM.match(s) and isinstance(e, str) and HHMM.match(e) and s < e):
            errs.append(f"catalog {line(w)}: {where} window start/end {s!r}-{e!r}")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            errs.append(f"catalog {line(w)}: {where} window capacity")
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        errs.append(f"catalog {line(block)}: {where} cutoff_hours")


def check_catalog(cat, errs, log):
    used = set()
    if cat.get("format") != "kiepe-catalog/1":
        errs.append("catalog line 1: format must be kiepe-catalog/1")
    reg = cat.get("region", {})
    if reg.get("id") != "angeln" or not SLUG.match(str(reg.get("id"))):
        errs.append(f"catalog {line(reg)}: region.id")
    if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR" or not reg.get("name"):
        errs.append(f"catalog {line(reg)}: region name/timezone/currency")
    if reg.get("holidays") not in STATES:
        errs.append(f"catalog {line(reg)}: region.holidays {reg.get('holidays')!r}")
    elif reg["holidays"] != STATE:
        errs.append(f"catalog {line(reg)}: region.holidays must be {STATE}")
    else:
        used.add("holidays")
    munis = {}
    for m in reg.get("municipalities", []):
        if not SLUG.match(str(m.get("id"))) or not m.get("name"):
            errs.append(f"catalog {line(m)}: municipality id/name")
        pcs = m.get("postcodes")
        if not pcs or any(not isinstance(p, str) or not re.match(r"^\d{5}$", p) for p in pcs):
            errs.append(f"catalog {line(m)}: municipality {m.get('id')} postcodes must be quoted 5-digit strings")
        if not all(p.startswith("24") for p in pcs or [] if isinstance(p, str)):
            errs.append(f"catalog {line(m)}: municipality {m.get('id')} postcode outside Schleswig-Holstein's 24xxx")
        munis[m.get("id")] = m
    if len(munis) != 5:
        errs.append(f"catalog: {len(munis)} municipalities, expected 5")
    stations = {}
    for s in reg.get("pickup_stations", []):
        if not SLUG.match(str(s.get("id"))) or not s.get("name"):
            errs.append(f"catalog {line(s)}: station id/name")
        m = munis.get(s.get("municipality"))
        if not m:
            errs.append(f"catalog {line(s)}: station {s.get('id')} municipality {s.get('municipality')!r} unknown")
        elif not any(str(p) in str(s.get("address", "")) for p in m["postcodes"]):
            errs.append(f"catalog {line(s)}: station {s.get('id')} address lacks the municipality's postcode")
        stations[s.get("id")] = s
    if len(stations) != 3:
        errs.append(f"catalog: {len(stations)} pick-up stations, expected 3")
    dlv, pck = reg.get("delivery", {}), reg.get("pickup", {})
    if dec(dlv.get("fee")) is None:
        errs.append(f"catalog {line(dlv)}: delivery.fee must be a decimal string")
    if "free_from" in dlv:
        if dec(dlv["free_from"]) is None:
            errs.append(f"catalog {line(dlv)}: delivery.free_from must be a decimal string")
        used.add("free_from")
    check_windows(errs, "delivery", dlv)
    check_windows(errs, "pickup", pck)
    wg = reg.get("weighed_goods")
    if wg is not None:
        tp = wg.get("tolerance_percent")
        if not isinstance(tp, int) or not 0 < tp <= 100:
            errs.append(f"catalog {line(wg)}: weighed_goods.tolerance_percent")
        used.add("tolerance_percent")

    shops = {}
    nprod = nserv = 0
    vouch = []
    kinds = set()
    for sh in cat.get("shops", []):
        sid = sh.get("id")
        for k in sh:
            if k not in SHOP_FIELDS:
                errs.append(f"catalog {line(sh)}: shop {sid} unknown field {k}")
        if not SLUG.match(str(sid)) or sid in shops:
            errs.append(f"catalog {line(sh)}: shop id {sid!r} not a slug or duplicate")
        if sh.get("kind") not in KINDS:
            errs.append(f"catalog {line(sh)}: shop {sid} kind {sh.get('kind')!r}")
        kinds.add(sh.get("kind"))
        if sh.get("municipality") not in munis:
            errs.append(f"catalog {line(sh)}: shop {sid} municipality unknown")
        if not isinstance(sh.get("phone"), str) or not sh["phone"].startswith("+49 46"):
            errs.append(f"catalog {line(sh)}: shop {sid} phone must be a quoted Angeln number (+49 46..)")
        if "min_order" in sh:
            used.add("min_order")
            if dec(sh["min_order"]) is None:
                errs.append(f"catalog {line(sh)}: shop {sid} min_order must be a decimal string")
        if "closed" in sh:
            used.add("closed")
            for c in sh["closed"]:
                try:
                    if isinstance(c, str):
                        parse_date(c)
                    elif parse_date(c["from"]) > parse_date(c["to"]):
                        errs.append(f"catalog {line(c)}: shop {sid} closed range from > to")
                except (ValueError, KeyError, TypeError):
                    errs.append(f"catalog {line(sh)}: shop {sid} closed entry {c!r}")
        pids = {}
        for p in sh.get("products", []):
            pid = p.get("id")
            nprod += 1
            for k in p:
                if k not in PRODUCT_FIELDS:
                    errs.append(f"catalog {line(p)}: product {sid}/{pid} unknown field {k}")
            if "aliases" in p:
                errs.append(f"catalog {line(p)}: product {sid}/{pid} has aliases (the brief wants none)")
            if not SLUG.match(str(pid)) or pid in pids:
                errs.append(f"catalog {line(p)}: product id {pid!r} not a slug or duplicate in {sid}")
            if not isinstance(p.get("name"), str) or not p["name"]:
                errs.append(f"catalog {line(p)}: product {sid}/{pid} name")
            if p.get("unit") not in UNITS:
                errs.append(f"catalog {line(p)}: product {sid}/{pid} unit {p.get('unit')!r}")
            if dec(p.get("price")) is None or dec(p.get("price")) <= 0:
                errs.append(f"catalog {line(p)}: product {sid}/{pid} price must be a positive decimal string")
            if p.get("vat") not in (7, 19):
                errs.append(f"catalog {line(p)}: product {sid}/{pid} vat {p.get('vat')!r}")
            if "label" in p:
                used.add("label")
                if p.get("unit") != "piece":
                    errs.append(f"catalog {line(p)}: product {sid}/{pid} label on a weighed product")
            if "size" in p:
                used.add("size")
                if not isinstance(p["size"], str) or not re.search(r"\d", p["size"]):
                    errs.append(f"catalog {line(p)}: product {sid}/{pid} size {p['size']!r}")
            if "deposit" in p:
                used.add("deposit")
                if dec(p["deposit"]) is None:
                    errs.append(f"catalog {line(p)}: product {sid}/{pid} deposit must be a decimal string")
            if "min_age" in p:
                used.add("min_age")
                if p["min_age"] not in (16, 18):
                    errs.append(f"catalog {line(p)}: product {sid}/{pid} min_age {p['min_age']!r}")
            if "allergens" in p:
                used.add("allergens")
                bad = [a for a in p["allergens"] if a not in ALLERGENS]
                if bad:
                    errs.append(f"catalog {line(p)}: product {sid}/{pid} unknown allergens {bad}")
            pids[pid] = p
        for p in sh.get("products", []):
            if "substitutes" in p:
                used.add("substitutes")
                for s in p["substitutes"]:
                    if s not in pids or s == p["id"]:
                        errs.append(f"catalog {line(p)}: product {sid}/{p['id']} substitute {s!r} not in the shop")
        for sv in sh.get("services", []) or []:
            used.add("services")
            nserv += 1
            if not SLUG.match(str(sv.get("id"))) or not sv.get("name"):
                errs.append(f"catalog {line(sv)}: service id/name in {sid}")
            if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
                errs.append(f"catalog {line(sv)}: service {sv.get('id')} duration_minutes")
            if dec(sv.get("price")) is None or sv.get("vat") not in (7, 19):
                errs.append(f"catalog {line(sv)}: service {sv.get('id')} price/vat")
        if "vouchers" in sh:
            used.add("vouchers")
            v = sh["vouchers"]
            lo, hi = dec(v.get("min")), dec(v.get("max"))
            if lo is None or hi is None or lo > hi:
                errs.append(f"catalog {line(v)}: shop {sid} vouchers min/max")
            vouch.append(sid)
        sh["_products"] = pids
        sh["_closed"] = closed_days(sh)
        shops[sid] = sh

    if len(shops) != 10:
        errs.append(f"catalog: {len(shops)} shops, expected 10")
    if not 150 <= nprod <= 170:
        errs.append(f"catalog: {nprod} products, expected 150-170")
    if not 4 <= nserv <= 6:
        errs.append(f"catalog: {nserv} services, expected 4-6")
    if not 2 <= len(vouch) <= 3:
        errs.append(f"catalog: vouchers at {len(vouch)} shops, expected 2-3")
    if not {"retailer", "direct_marketer"} <= kinds:
        errs.append("catalog: needs retailers and direct marketers")
    missing = OPTIONAL_USED - used
    if missing:
        errs.append(f"catalog: optional fields never used: {sorted(missing)}")
    # variants that differ by size, kind or container
    names = [p["name"] for sh in shops.values() for p in sh["_products"].values()]
    for label, a, b in [("size", "Roggenmischbrot, 1000 g", "Roggenmischbrot, 500 g"),
                        ("kind", "Holsteiner Tilsiter, jung", "Holsteiner Tilsiter, mittelalt"),
                        ("container", "Apfelsaft naturtrüb, 1 l", "Apfelsaft naturtrüb, 5-l-Box")]:
        if a not in names or b not in names:
            errs.append(f"catalog: variant pair by {label} missing ({a} / {b})")
    closures = []
    for sid, sh in shops.items():
        for c in sh.get("closed", []) or []:
            a = parse_date(c) if isinstance(c, str) else parse_date(c["from"])
            b = parse_date(c) if isinstance(c, str) else parse_date(c["to"])
            if a <= SEASON_TO and b >= SEASON_FROM:
                closures.append(f"{sid} {a}" + (f"..{b}" if b != a else ""))
    if len(closures) < 3:
        errs.append(f"catalog: {len(closures)} closures in the season, expected at least 3")
    # resident words must not be words of product names
    for sh in shops.values():
        for p in sh["_products"].values():
            words = set(re.findall(r"[a-zäöüßøæå]+", p["name"].lower()))
            hit = [w for w in RESIDENT_WORDS if w in words]
            hit += [ph for ph in RESIDENT_PHRASES if ph in p["name"].lower()]
            if hit:
                errs.append(f"catalog {line(p)}: product {sh['id']}/{p['id']} name contains resident word(s) {hit}")

    log.append(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
               f"{nprod} products, {nserv} services, vouchers at {len(vouch)} shops ({', '.join(vouch)})")
    log.append("products per shop: " + ", ".join(f"{s} {len(sh['_products'])}" for s, sh in shops.items()))
    return {"region": reg, "munis": munis, "stations": stations, "shops": shops, "closures": closures}


# ------------------------------------------------------------------ slots
def template_windows(reg, kind):
    return reg["delivery" if kind == "delivery" else "pickup"]["windows"]


def window_at(reg, kind, start_local):
    day = DAYS[start_local.weekday()]
    hm = start_local.strftime("%H:%M")
    for w in template_windows(reg, kind):
        if day in w["days"] and w["start"] == hm:
            return w
    return None


def cutoff(reg, kind):
    return dt.timedelta(hours=reg["delivery" if kind == "delivery" else "pickup"]["cutoff_hours"])


def earliest(reg, kind, now):
    d = now.astimezone(TZ).date()
    for _ in range(30):
        for w in sorted(template_windows(reg, kind), key=lambda w: w["start"]):
            if DAYS[d.weekday()] not in w["days"] or d in HOLIDAYS:
                continue
            h, m = map(int, w["start"].split(":"))
            t = dt.datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
            if t - cutoff(reg, kind) >= now:
                return t
        d += dt.timedelta(days=1)
    return None


def parse_ts(errs, where, s):
    if not isinstance(s, str):
        errs.append(f"{where}: timestamp must be a quoted string")
        return None
    try:
        t = dt.datetime.fromisoformat(s)
    except ValueError:
        errs.append(f"{where}: bad timestamp {s!r}")
        return None
    if t.tzinfo is None:
        errs.append(f"{where}: timestamp without offset {s!r}")
        return None
    real = t.astimezone(TZ).utcoffset()
    if t.utcoffset() != real:
        errs.append(f"{where}: offset {t.strftime('%z')} is not Europe/Berlin's {real} at {s}")
    return t


def slot_problems(cat, kind, station, start, now, cart_shops, customer):
    """Return the list of reasons why this slot cannot be booked (empty if fine)."""
    reg = cat["region"]
    out = []
    loc = start.astimezone(TZ)
    if kind not in ("delivery", "pickup"):
        return [f"kind {kind!r}"]
    if not window_at(reg, kind, loc):
        out.append("window")
    if loc.date() in HOLIDAYS:
        out.append("holiday " + HOLIDAYS[loc.date()])
    if start - cutoff(reg, kind) < now:
        out.append("cutoff")
    if kind == "pickup" and station not in cat["stations"]:
        out.append(f"station {station!r}")
    if kind == "delivery" and not (customer or {}).get("street"):
        out.append("no street")
    for s in sorted(cart_shops):
        if loc.date() in cat["shops"][s]["_closed"]:
            out.append("closed " + s)
    return out


# ------------------------------------------------------------------ conversations
def check_conversations(cat, doc, errs, log):
    if doc.get("format") != "kiepe-conversations/1":
        errs.append("conversations line 1: format must be kiepe-conversations/1")
    if doc.get("catalog") != "angeln.yml":
        errs.append("conversations: catalog must be angeln.yml")
    convs = doc.get("conversations", [])
    shops = cat["shops"]
    ids = set()
    chan = {"voice": 0, "telegram": 0, "web": 0}
    booked = {"delivery": 0, "pickup": 0}
    booked_by_chan = {c: 0 for c in chan}
    lines = vouchers = 0
    appear = {s: 0 for s in shops}
    voucher_shops = set()
    turns_by_chan = {c: [] for c in chan}
    for c in convs:
        cid = c.get("id")
        where = f"conversations {line(c)} {cid}"
        if not SLUG.match(str(cid)) or cid in ids:
            errs.append(f"{where}: id not a slug or duplicate")
        ids.add(cid)
        ch = c.get("channel")
        if ch not in chan:
            errs.append(f"{where}: channel {ch!r}")
            continue
        chan[ch] += 1
        now = parse_ts(errs, where + " now", c.get("now"))
        if now is None:
            continue
        nl = now.astimezone(TZ)
        if not SEASON_FROM <= nl.date() <= SEASON_TO:
            errs.append(f"{where}: now {c['now']} outside the season")
        cust = c.get("customer") or {}
        if not cust.get("name") or not isinstance(cust.get("phone"), str) or not cust["phone"].startswith("+49 "):
            errs.append(f"{where}: customer name/phone")
        if cust.get("municipality") not in cat["munis"]:
            errs.append(f"{where}: customer municipality {cust.get('municipality')!r}")
        turns = c.get("turns") or []
        if not 4 <= len(turns) <= 7:
            errs.append(f"{where}: {len(turns)} turns, expected 4-7")
        turns_by_chan[ch].append(len(turns))
        for t in turns:
            if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
                errs.append(f"{where}: only non-empty say turns allowed, got {sorted(t)}")
                continue
            if ch == "voice" and not VOICE_OK.match(t["say"]):
                errs.append(f"{where}: voice turn not lower case / has punctuation or digits: {t['say']!r}")
        exp = c.get("expect")
        if not exp or "cart" not in exp:
            errs.append(f"{where}: expect.cart missing")
            continue
        totals = {}
        cart_shops = set()
        for ln in exp["cart"]:
            s = ln.get("shop")
            if s not in shops:
                errs.append(f"{where}: cart shop {s!r} unknown")
                continue
            cart_shops.add(s)
            if "voucher" in ln:
                vouchers += 1
                voucher_shops.add(s)
                v = shops[s].get("vouchers")
                amt = dec(ln["voucher"])
                if not v or amt is None or not dec(v["min"]) <= amt <= dec(v["max"]):
                    errs.append(f"{where}: voucher {ln['voucher']!r} at {s} not allowed or out of range")
                continue
            lines += 1
            p = shops[s]["_products"].get(ln.get("product"))
            if not p:
                errs.append(f"{where}: product {s}/{ln.get('product')!r} unknown")
                continue
            q = ln.get("quantity")
            try:
                qd = Decimal(q) if isinstance(q, str) and re.match(r"^\d+(\.\d+)?$", q) else None
            except InvalidOperation:
                qd = None
            if qd is None or qd <= 0:
                errs.append(f"{where}: quantity {q!r} for {s}/{p['id']} must be a positive decimal string")
                continue
            if p["unit"] == "piece" and qd != qd.to_integral_value():
                errs.append(f"{where}: quantity {q} for piece product {s}/{p['id']} is not whole")
            totals[s] = totals.get(s, Decimal(0)) + qd * Decimal(p["price"])
        keys = [(l.get("shop"), l.get("product", "voucher")) for l in exp["cart"]]
        if len(keys) != len(set(keys)):
            errs.append(f"{where}: a product appears twice in the cart")
        for s in cart_shops:
            appear[s] += 1
            mo = shops[s].get("min_order")
            if mo and totals.get(s, Decimal(0)) < Decimal(mo):
                errs.append(f"{where}: {s} part {totals.get(s, 0):.2f} below min_order {mo}")
            if nl.date() in shops[s]["_closed"]:
                errs.append(f"{where}: now {nl.date()} is a closed day of {s}")
        info = f"{len([l for l in exp['cart'] if 'product' in l])} lines, shops {', '.join(sorted(cart_shops))}"
        slot = exp.get("slot")
        if slot:
            kind = slot.get("kind")
            start = parse_ts(errs, where + " slot", slot.get("start"))
            if start is None:
                continue
            if kind == "delivery" and "station" in slot:
                errs.append(f"{where}: delivery slot with a station")
            probs = slot_problems(cat, kind, slot.get("station"), start, now, cart_shops, cust)
            if probs:
                errs.append(f"{where}: slot {slot.get('start')} not bookable: {', '.join(probs)}")
            booked[kind] = booked.get(kind, 0) + 1
            booked_by_chan[ch] += 1
            e = earliest(cat["region"], kind, now)
            st = f"+{slot['station']}" if kind == "pickup" else ""
            log.append(f"{cid}: now {fmt(nl)} -> {kind} {fmt(start.astimezone(TZ))}{st} "
                       f"(window ok, no holiday, cutoff ok, shops open, min_order ok; earliest possible "
                       f"{e.strftime('%a %d.%m. %H:%M') if e else '-'}; {info})" if not probs else
                       f"{cid}: now {fmt(nl)} -> {kind} {slot.get('start')} PROBLEMS {probs}")
        else:
            log.append(f"{cid}: now {fmt(nl)} -> no slot (cart only, {info})")
        fa = FIRST_ASKED.get(cid)
        if fa:
            fkind, fst, fstart, reason = fa
            t = parse_ts(errs, where + " first-asked", fstart)
            if not slot:
                errs.append(f"{where}: first-asked day listed but no slot expected")
            elif t is not None:
                if not window_at(cat["region"], fkind, t.astimezone(TZ)):
                    errs.append(f"{where}: first-asked {fstart} is not a template window")
                probs = slot_problems(cat, fkind, fst, t, now, cart_shops, cust)
                want = {"holiday": "holiday", "closed": "closed", "cutoff": "cutoff"}[reason]
                if not probs or not all(p.startswith(want) for p in probs):
                    errs.append(f"{where}: first-asked {fstart} should be impossible only for {reason}, got {probs}")
                if slot.get("start") == fstart:
                    errs.append(f"{where}: expected slot equals the impossible first-asked day")
                c["_first"] = (fkind, fst, t, probs)
    for cid in FIRST_ASKED:
        if cid not in ids:
            errs.append(f"first-asked list names unknown conversation {cid}")
    for c in convs:
        if "_first" in c:
            fkind, fst, t, probs = c.pop("_first")
            log.append(f"{c['id']}: first asked {fkind} {fmt(t.astimezone(TZ))}{'+' + fst if fst else ''} "
                       f"-> impossible ({'; '.join(probs)})")
    if len(convs) != 30 or any(v != 10 for v in chan.values()):
        errs.append(f"conversations: {len(convs)} with channels {chan}, expected 30 = 10/10/10")
    nbooked = sum(booked.values())
    if not 13 <= nbooked <= 17:
        errs.append(f"conversations: {nbooked} book a window, expected 13-17")
    for s, n in appear.items():
        if n < 3:
            errs.append(f"conversations: shop {s} in {n} carts, expected at least 3")
    if not 1 <= len(voucher_shops) <= 2:
        errs.append(f"conversations: vouchers at {len(voucher_shops)} shops, expected one or two")
    log.append(f"channels voice/telegram/web {chan['voice']}/{chan['telegram']}/{chan['web']}; "
               f"booked delivery {booked['delivery']}, pick-up {booked['pickup']} "
               f"(voice {booked_by_chan['voice']}, telegram {booked_by_chan['telegram']}, web {booked_by_chan['web']}); "
               f"cart lines {lines}; voucher lines {vouchers} ({', '.join(sorted(voucher_shops))})")
    log.append("turns per conversation: " + ", ".join(
        f"{ch} {min(v)}-{max(v)}" for ch, v in turns_by_chan.items() if v))
    log.append("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in appear.items()))


# ------------------------------------------------------------------ main
def run(cat_doc, conv_doc):
    errs, log = [], []
    cat = check_catalog(cat_doc, errs, log)
    hol = [f"{d.strftime('%a')} {d} {n}" for d, n in sorted(HOLIDAYS.items()) if SEASON_FROM <= d <= SEASON_TO]
    log.append(f"{STATE} holidays in the season (computed): " + ", ".join(hol))
    e = easter(2031)
    log.append(f"Easter 2031 (computed): {e}; no Easter-based holiday falls in the season")
    log.append("summer time ends Sun 2031-10-26: "
               f"{dt.datetime(2031, 10, 25, 12, tzinfo=TZ).strftime('%z')} -> "
               f"{dt.datetime(2031, 10, 27, 12, tzinfo=TZ).strftime('%z')}")
    log.append("closures in the season: " + "; ".join(cat["closures"]))
    check_conversations(cat, conv_doc, errs, log)
    return errs, log


def selftest():
    def conv(cid):
        return lambda c, v: next(x for x in v["conversations"] if x["id"] == cid)

    cases = [
        ("slot on a holiday", lambda c, v: conv("an-w-erntedank-feiertag")(c, v)["expect"]["slot"].update(
            start="2031-10-03T10:00:00+02:00")),
        ("slot past the cutoff", lambda c, v: conv("an-t-grillabend-zu-spaet")(c, v)["expect"]["slot"].update(
            start="2031-09-05T10:00:00+02:00")),
        ("slot on a closed day", lambda c, v: conv("an-v-wild-brarup-zu")(c, v)["expect"]["slot"].update(
            start="2031-11-03T15:00:00+01:00")),
        ("slot not a window", lambda c, v: conv("an-v-raeucherei-heringe")(c, v)["expect"]["slot"].update(
            start="2031-09-19T14:00:00+02:00")),
        ("wrong offset after summer time", lambda c, v: conv("an-t-halloween-feiertag")(c, v)["expect"]["slot"].update(
            start="2031-10-30T15:00:00+02:00")),
        ("fractional piece", lambda c, v: conv("an-v-kaffeetafel-achtzig")(c, v)["expect"]["cart"][0].update(
            quantity="1.5")),
        ("voucher out of range", lambda c, v: conv("an-v-totensonntag-gutschein")(c, v)["expect"]["cart"][2].update(
            voucher="500.00")),
        ("min_order not reached", lambda c, v: conv("an-w-muck-abend")(c, v)["expect"]["cart"][3].update(
            quantity="0.1")),
        ("voice turn with digits", lambda c, v: conv("an-v-feuerwehr-kisten")(c, v)["turns"][1].update(
            say="ich bräucht 2 kisten flens")),
        ("wrong vat", lambda c, v: c["shops"][0]["products"][0].update(vat=16)),
        ("unknown allergen", lambda c, v: c["shops"][0]["products"][0].update(allergens=["nuesse"])),
        ("min_age 21", lambda c, v: c["shops"][4]["products"][0].update(min_age=21)),
        ("unquoted postcode", lambda c, v: c["region"]["municipalities"][0].update(postcodes=[24376])),
        ("alias present", lambda c, v: c["shops"][0]["products"][0].update(aliases=["Rundstück"])),
        ("delivery without street", lambda c, v: conv("an-v-geburtstag-friesentorte")(c, v)["customer"].pop("street")),
    ]
    ok = True
    out = []
    for name, mut in cases:
        LineLoader.lines = {}
        c, v = load(CATALOG), load(CONVS)
        mut(c, v)
        errs, _ = run(c, v)
        out.append(f"selftest {name}: {'reported' if errs else 'NOT REPORTED'} ({errs[0] if errs else ''})")
        ok &= bool(errs)
    return ok, out


def main():
    if "--selftest" in sys.argv:
        ok, out = selftest()
        print("\n".join(out))
        sys.exit(0 if ok else 1)
    errs, log = run(load(CATALOG), load(CONVS))
    print("\n".join(log))
    for e in errs:
        print("ERROR", e)
    print(f"{len(errs)} errors")
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
