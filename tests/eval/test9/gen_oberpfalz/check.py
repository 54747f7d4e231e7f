#!/usr/bin/env python3
"""Check the Oberpfalz catalog against `kiepe-catalog/1` and every conversation of
oberpfalz_1.yml against the catalog.

Usage: python3 check.py [CATALOG] [CONVERSATIONS]   (defaults: ../oberpfalz.yml ../oberpfalz_1.yml)
Exit status 0 only when no error was found. Warnings do not fail.
Standard library plus PyYAML.
"""
import os
import re
import sys
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CAT_PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "oberpfalz.yml")
CONV_PATH = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "oberpfalz_1.yml")

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC2 = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^\d+(\.\d{1,3})?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS_DE = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
KINDS = {"retailer", "direct_marketer", "service_provider"}
UNITS = {"piece", "kg", "l"}
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN",
          "ST", "SH", "TH"}
RANGE_FROM = date(2030, 3, 1)
RANGE_TO = date(2030, 5, 31)

errors = []
warnings = []


def err(where, msg):
    errors.append(f"ERROR {where}: {msg}")


def warn(where, msg):
    warnings.append(f"warn  {where}: {msg}")


def is_dec2(v):
    return isinstance(v, str) and DEC2.match(v) is not None


# ---------------------------------------------------------------- holidays (BY)
def easter(y):
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(y, month, day + 1)


def holidays_by(y):
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
        date(y, 8, 15): "Mariä Himmelfahrt",
        date(y, 10, 3): "Tag der Deutschen Einheit",
        date(y, 11, 1): "Allerheiligen",
        date(y, 12, 25): "1. Weihnachtstag",
        date(y, 12, 26): "2. Weihnachtstag",
    }


# ---------------------------------------------------------------- catalog
def line_of(text, needle, start=0):
    i = text.find(needle, start)
    return text.count("\n", 0, i) + 1 if i >= 0 else "?"


def check_windows(where, windows):
    out = []
    if not isinstance(windows, list) or not windows:
        err(where, "windows must be a non-empty list")
        return out
    for n, w in enumerate(windows):
        ww = f"{where}.windows[{n}]"
        days = w.get("days")
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            err(ww, f"days {days!r} must be a list of {DAYS}")
            days = []
        s, e = w.get("start"), w.get("end")
        if not (isinstance(s, str) and HHMM.match(s) and isinstance(e, str) and HHMM.match(e)):
            err(ww, f"start/end {s!r}/{e!r} must be quoted HH:MM")
            continue
        if s >= e:
            err(ww, "start must be before end")
        cap = w.get("capacity")
        if not isinstance(cap, int) or isinstance(cap, bool) or cap <= 0:
            err(ww, f"capacity {cap!r} must be a positive integer")
        extra = set(w) - {"days", "start", "end", "capacity"}
        if extra:
            warn(ww, f"unknown fields {sorted(extra)}")
        out.append((days, s, e))
    return out


def parse_closed(where, closed):
    days = set()
    if closed is None:
        return days
    if not isinstance(closed, list):
        err(where, "closed must be a list")
        return days
    for c in closed:
        try:
            if isinstance(c, str):
                days.add(date.fromisoformat(c))
            elif isinstance(c, dict) and set(c) == {"from", "to"}:
                a, b = date.fromisoformat(c["from"]), date.fromisoformat(c["to"])
                if a > b:
                    err(where, f"closed range {c} has from after to")
                while a <= b:
                    days.add(a)
                    a += timedelta(days=1)
            else:
                err(where, f"closed entry {c!r} must be a quoted date or {{from, to}}")
        except (TypeError, ValueError):
            err(where, f"closed entry {c!r} is not an ISO date (quote it)")
    return days


def check_catalog(path):
    text = open(path, encoding="utf-8").read()
    cat = yaml.safe_load(text)
    if cat.get("format") != "kiepe-catalog/1":
        err("catalog.format", f"{cat.get('format')!r} is not kiepe-catalog/1")
    reg = cat.get("region") or {}
    for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations",
              "delivery", "pickup"):
        if f not in reg:
            err("region", f"missing field {f}")
    if not SLUG.match(str(reg.get("id", ""))):
        err("region.id", "not a slug")
    if reg.get("timezone") != "Europe/Berlin":
        err("region.timezone", "expected Europe/Berlin")
    if reg.get("currency") != "EUR":
        err("region.currency", "expected EUR")
    if reg.get("holidays") not in STATES:
        err("region.holidays", f"{reg.get('holidays')!r} is not a German state code")

    munis = {}
    for m in reg.get("municipalities", []):
        w = f"municipality {m.get('id')} (line {line_of(text, 'id: ' + str(m.get('id')))})"
        if not SLUG.match(str(m.get("id", ""))):
            err(w, "id not a slug")
        if m.get("id") in munis:
            err(w, "duplicate id")
        pcs = m.get("postcodes")
        if not isinstance(pcs, list) or not pcs or any(
                not (isinstance(p, str) and re.match(r"^\d{5}$", p)) for p in pcs):
            err(w, f"postcodes {pcs!r} must be a list of quoted 5-digit strings")
        if not m.get("name"):
            err(w, "missing name")
        munis[m.get("id")] = m
    if not 4 <= len(munis) <= 5:
        err("region.municipalities", f"{len(munis)} municipalities, brief asks 4-5")

    stations = {}
    for s in reg.get("pickup_stations", []):
        w = f"station {s.get('id')}"
        if not SLUG.match(str(s.get("id", ""))):
            err(w, "id not a slug")
        if s.get("municipality") not in munis:
            err(w, f"municipality {s.get('municipality')!r} unknown")
        for f in ("name", "address"):
            if not s.get(f):
                err(w, f"missing {f}")
        mun = munis.get(s.get("municipality"))
        if mun and not any(pc in str(s.get("address", "")) for pc in mun["postcodes"]):
            err(w, "address does not carry the municipality's postcode")
        stations[s.get("id")] = s
    if len(stations) != 3:
        err("region.pickup_stations", f"{len(stations)} stations, brief asks 3")

    dl = reg.get("delivery") or {}
    if not is_dec2(dl.get("fee")):
        err("region.delivery.fee", "must be a quoted decimal with 2 places")
    if "free_from" in dl and not is_dec2(dl.get("free_from")):
        err("region.delivery.free_from", "must be a quoted decimal with 2 places")
    for part in ("delivery", "pickup"):
        ch = reg.get(part) or {}
        c = ch.get("cutoff_hours")
        if not isinstance(c, int) or isinstance(c, bool) or c < 0:
            err(f"region.{part}.cutoff_hours", f"{c!r} must be a non-negative integer")
    dwin = check_windows("region.delivery", dl.get("windows"))
    pwin = check_windows("region.pickup", (reg.get("pickup") or {}).get("windows"))
    wg = reg.get("weighed_goods")
    if wg is not None:
        t = wg.get("tolerance_percent") if isinstance(wg, dict) else None
        if not isinstance(t, int) or not 0 <= t <= 100:
            err("region.weighed_goods.tolerance_percent", f"{t!r} must be an integer 0-100")

    shops = {}
    nprod = 0
    nserv = 0
    pos = 0
    for sh in cat.get("shops", []):
        sid = sh.get("id")
        pos = text.find(f"- id: {sid}\n", pos)
        w = f"shop {sid} (line {line_of(text, f'- id: {sid}')})"
        if not SLUG.match(str(sid)):
            err(w, "id not a slug")
        if sid in shops:
            err(w, "duplicate shop id")
        for f in ("name", "kind", "municipality", "products"):
            if f not in sh:
                err(w, f"missing {f}")
        if sh.get("kind") not in KINDS:
            err(w, f"kind {sh.get('kind')!r} not in {sorted(KINDS)}")
        if sh.get("municipality") not in munis:
            err(w, f"municipality {sh.get('municipality')!r} unknown")
        if "phone" in sh and not isinstance(sh["phone"], str):
            err(w, "phone must be a quoted string")
        if "min_order" in sh and not is_dec2(sh["min_order"]):
            err(w + ".min_order", "must be a quoted decimal with 2 places")
        closed = parse_closed(w + ".closed", sh.get("closed"))
        prods = {}
        names = {}
        for p in sh.get("products", []):
            pid = p.get("id")
            pw = f"{sid}/{pid} (line {line_of(text, 'id: ' + str(pid) + ',', pos)})"
            if not SLUG.match(str(pid)):
                err(pw, "id not a slug")
            if pid in prods:
                err(pw, "duplicate product id in shop")
            for f in ("name", "unit", "price", "vat"):
                if f not in p:
                    err(pw, f"missing {f}")
            if p.get("unit") not in UNITS:
                err(pw, f"unit {p.get('unit')!r} not in {sorted(UNITS)}")
            if not is_dec2(p.get("price")):
                err(pw, f"price {p.get('price')!r} must be a quoted decimal with 2 places")
            if p.get("vat") not in (7, 19):
                err(pw, f"vat {p.get('vat')!r} must be 7 or 19")
            if "deposit" in p and not is_dec2(p["deposit"]):
                err(pw, "deposit must be a quoted decimal with 2 places")
            if "min_age" in p and p["min_age"] not in (16, 18):
                err(pw, "min_age must be 16 or 18")
            for f in ("label", "size", "category", "name"):
                if f in p and not isinstance(p[f], str):
                    err(pw, f"{f} must be a string")
            if p.get("unit") != "piece" and ("label" in p or "size" in p):
                warn(pw, "label/size on a weighed product")
            if "aliases" in p and (not isinstance(p["aliases"], list)
                                   or any(not isinstance(a, str) for a in p["aliases"])):
                err(pw, "aliases must be a list of strings")
            if "allergens" in p:
                bad = [a for a in p["allergens"] if a not in ALLERGENS]
                if bad:
                    err(pw, f"unknown allergens {bad}")
            for n in [p.get("name", "")] + list(p.get("aliases", [])):
                key = n.lower()
                if key in names:
                    err(pw, f"name/alias {n!r} also used by {names[key]}")
                names[key] = pid
            prods[pid] = p
        for p in prods.values():
            for s in p.get("substitutes", []):
                if s not in prods or s == p["id"]:
                    err(f"{sid}/{p['id']}", f"substitute {s!r} is not another product of the shop")
        servs = {}
        for s in sh.get("services", []) or []:
            sw = f"{sid}/service {s.get('id')}"
            if not SLUG.match(str(s.get("id", ""))):
                err(sw, "id not a slug")
            if not s.get("name"):
                err(sw, "missing name")
            if not isinstance(s.get("duration_minutes"), int) or s["duration_minutes"] < 0:
                err(sw, "duration_minutes must be a non-negative integer")
            if not is_dec2(s.get("price")):
                err(sw, "price must be a quoted decimal")
            if s.get("vat") not in (7, 19):
                err(sw, "vat must be 7 or 19")
            servs[s["id"]] = s
        v = sh.get("vouchers")
        if v is not None:
            if not (is_dec2(v.get("min")) and is_dec2(v.get("max"))
                    and Decimal(v["min"]) <= Decimal(v["max"])):
                err(w + ".vouchers", "min/max must be quoted decimals, min <= max")
        nprod += len(prods)
        nserv += len(servs)
        shops[sid] = {"raw": sh, "products": prods, "closed": closed, "vouchers": v,
                      "min_order": Decimal(sh["min_order"]) if "min_order" in sh else None}

    # cross-shop: same product name in two shops is allowed but listed
    seen = {}
    for sid, s in shops.items():
        for p in s["products"].values():
            seen.setdefault(p["name"].lower(), []).append(f"{sid}/{p['id']}")
    for n, where in seen.items():
        if len(where) > 1:
            warn("catalog", f"product name {n!r} in several shops: {where}")

    if len(shops) != 10:
        err("catalog.shops", f"{len(shops)} shops, brief asks 10")
    if not 140 <= nprod <= 170:
        err("catalog.shops", f"{nprod} products, brief asks 140-170")
    if not 1 <= nserv <= 2:
        err("catalog.shops", f"{nserv} services, brief asks one or two")
    for f, present in (("holidays", "holidays" in reg), ("free_from", "free_from" in dl),
                       ("weighed_goods", "weighed_goods" in reg),
                       ("min_order", any(s["min_order"] for s in shops.values())),
                       ("closed", any(s["closed"] for s in shops.values())),
                       ("deposit", any("deposit" in p for s in shops.values() for p in s["products"].values())),
                       ("min_age", any("min_age" in p for s in shops.values() for p in s["products"].values())),
                       ("substitutes", any("substitutes" in p for s in shops.values() for p in s["products"].values())),
                       ("allergens", any("allergens" in p for s in shops.values() for p in s["products"].values()))):
        if not present:
            err("catalog", f"optional field {f} is not used anywhere")
    if not any(RANGE_FROM <= d <= RANGE_TO for s in shops.values() for d in s["closed"]):
        err("catalog", "no closed day inside the date range")
    if not text.lstrip().startswith("#"):
        err("catalog", "window template comment missing at the top")

    return {"region": reg, "munis": munis, "stations": stations, "dwin": dwin, "pwin": pwin,
            "shops": shops, "nprod": nprod, "nserv": nserv,
            "dcut": dl.get("cutoff_hours"), "pcut": (reg.get("pickup") or {}).get("cutoff_hours")}


# ---------------------------------------------------------------- conversations
BERLIN = ZoneInfo("Europe/Berlin")


def parse_ts(where, s):
    try:
        t = datetime.fromisoformat(s)
    except (TypeError, ValueError):
        err(where, f"{s!r} is not an ISO timestamp")
        return None
    if t.tzinfo is None:
        err(where, f"{s!r} has no UTC offset")
        return None
    local = t.astimezone(BERLIN)
    if local.utcoffset() != t.utcoffset():
        err(where, f"{s!r}: offset should be {local.strftime('%z')} in Europe/Berlin")
    return local


def windows_on(day, wins):
    wd = DAYS[day.weekday()]
    return [(s, e) for days, s, e in wins if wd in days]


def bookable(cat, kind, day, now):
    """Template windows of this kind on this day, not on a holiday, after the cutoff."""
    hol = holidays_by(day.year)
    if day in hol:
        return []
    wins = cat["dwin"] if kind == "delivery" else cat["pwin"]
    cut = cat["dcut"] if kind == "delivery" else cat["pcut"]
    out = []
    for s, e in windows_on(day, wins):
        start = datetime.combine(day, time.fromisoformat(s), BERLIN)
        if start - timedelta(hours=cut) >= now:
            out.append(start)
    return out


def earliest(cat, kind, now):
    d = now.date()
    for _ in range(21):
        b = bookable(cat, kind, d, now)
        if b:
            return b[0]
        d += timedelta(days=1)
    return None


def check_conversations(path, cat):
    text = open(path, encoding="utf-8").read()
    lines = text.splitlines()
    data = yaml.safe_load(text)
    if lines[0].strip() != "format: kiepe-conversations/1":
        err("conversations", "first line must be the format")
    if len(lines) < 2 or lines[1].strip() != f"catalog: {os.path.basename(CAT_PATH)}":
        err("conversations", "second line must be `catalog: oberpfalz.yml`")
    convs = data.get("conversations") or []
    ids = set()
    channels = {"voice": 0, "telegram": 0, "web": 0}
    booked = {"delivery": 0, "pickup": 0}
    log = []
    counters = {"voice": 0, "telegram": 0, "web": 0}
    for c in convs:
        cid = c.get("id")
        w = f"{cid} (line {line_of(text, 'id: ' + str(cid))})"
        if cid in ids:
            err(w, "duplicate id")
        ids.add(cid)
        ch = c.get("channel")
        if ch not in channels:
            err(w, f"channel {ch!r}")
            continue
        channels[ch] += 1
        counters[ch] += 1
        want = f"op-{ch[0]}-{counters[ch]:03d}"
        if cid != want:
            err(w, f"id should be {want} (ids numbered per channel)")
        extra = set(c) - {"id", "channel", "now", "customer", "turns", "expect", "tags"}
        if extra:
            err(w, f"unknown fields {sorted(extra)}")
        now = parse_ts(w + ".now", c.get("now"))
        if now is None:
            continue
        if not RANGE_FROM <= now.date() <= RANGE_TO:
            err(w, f"now {now.date()} outside 1 March - 31 May 2030")
        if not 6 <= now.hour <= 22:
            warn(w, f"now at {now.strftime('%H:%M')} is an unusual time of day")
        cu = c.get("customer") or {}
        for f in ("name", "phone", "municipality"):
            if not cu.get(f):
                err(w, f"customer.{f} missing")
        if cu.get("municipality") not in cat["munis"]:
            err(w, f"customer.municipality {cu.get('municipality')!r} unknown")
        if not re.match(r"^\+49 \d{2,4} \d{3,9}$", str(cu.get("phone", ""))):
            err(w, f"customer.phone {cu.get('phone')!r} looks wrong")
        turns = c.get("turns") or []
        if not 3 <= len(turns) <= 8:
            err(w, f"{len(turns)} turns, brief asks 3-8")
        for n, t in enumerate(turns):
            if set(t) != {"say"} or not isinstance(t.get("say"), str) or not t["say"].strip():
                err(w, f"turn {n + 1} must be a single non-empty `say`")
                continue
            s = t["say"]
            if ch == "voice":
                if s != s.lower():
                    err(w, f"voice turn {n + 1} not lower case")
                if re.search(r"[0-9]", s):
                    err(w, f"voice turn {n + 1} has digits (numbers must be words)")
                if re.search(r"[.,;:!?'\"()\[\]…–-]", s):
                    err(w, f"voice turn {n + 1} has punctuation")
                if re.search(r"[^\w\s]", s):
                    err(w, f"voice turn {n + 1} has symbols/emoji")
        tags = c.get("tags") or []
        ex = c.get("expect") or {}
        cart = ex.get("cart")
        if not cart:
            err(w, "expect.cart missing or empty")
            cart = []
        totals = {}
        seen_lines = set()
        for line in cart:
            sid = line.get("shop")
            sh = cat["shops"].get(sid)
            if sh is None:
                err(w, f"cart shop {sid!r} unknown")
                continue
            if "voucher" in line:
                v = line["voucher"]
                if sh["vouchers"] is None:
                    err(w, f"{sid} sells no vouchers")
                elif not is_dec2(v) or not (Decimal(sh["vouchers"]["min"]) <= Decimal(v)
                                            <= Decimal(sh["vouchers"]["max"])):
                    err(w, f"voucher {v!r} not a decimal inside {sh['vouchers']}")
                if set(line) != {"shop", "voucher"}:
                    err(w, f"voucher line {line} has extra fields")
                continue
            pid = line.get("product")
            p = sh["products"].get(pid)
            if p is None:
                err(w, f"product {sid}/{pid} unknown")
                continue
            if (sid, pid) in seen_lines:
                err(w, f"{sid}/{pid} listed twice")
            seen_lines.add((sid, pid))
            q = line.get("quantity")
            if not isinstance(q, str) or not QTY.match(q):
                err(w, f"{sid}/{pid} quantity {q!r} must be a decimal string")
                continue
            qd = Decimal(q)
            if qd <= 0:
                err(w, f"{sid}/{pid} quantity must be positive")
            if p["unit"] == "piece" and qd != qd.to_integral_value():
                err(w, f"{sid}/{pid} is sold per piece, quantity {q} not whole")
            if p["unit"] == "piece" and "." in q:
                err(w, f"{sid}/{pid} piece quantity written with decimals")
            if p["unit"] != "piece" and qd > 20:
                warn(w, f"{sid}/{pid} {q} {p['unit']} is a lot")
            totals[sid] = totals.get(sid, Decimal(0)) + qd * Decimal(p["price"])
        slot = ex.get("slot")
        if slot is None:
            continue
        kind = slot.get("kind")
        booked[kind] = booked.get(kind, 0) + 1
        start = parse_ts(w + ".slot.start", slot.get("start"))
        if start is None:
            continue
        if kind == "pickup":
            if slot.get("station") not in cat["stations"]:
                err(w, f"station {slot.get('station')!r} unknown")
        elif kind == "delivery":
            if "station" in slot:
                err(w, "a delivery slot has no station")
            if not cu.get("street") and "address-in-turn" not in tags:
                err(w, "delivery booked but customer has no street (and no address-in-turn tag)")
        else:
            err(w, f"slot kind {kind!r}")
            continue
        wins = cat["dwin"] if kind == "delivery" else cat["pwin"]
        cut = cat["dcut"] if kind == "delivery" else cat["pcut"]
        day = start.date()
        starts = [s for s, e in windows_on(day, wins)]
        if start.strftime("%H:%M") not in starts:
            err(w, f"{kind} slot {start} is not a template window start on "
                   f"{DAYS_DE[day.weekday()]} (starts: {starts})")
        if start <= now:
            err(w, "slot not in the future of now")
        if start - timedelta(hours=cut) < now:
            err(w, f"slot violates the {cut} h cutoff")
        hol = holidays_by(day.year)
        if day in hol:
            err(w, f"slot on a holiday ({hol[day]})")
        for sid in {l["shop"] for l in cart}:
            sh = cat["shops"].get(sid)
            if sh and day in sh["closed"]:
                err(w, f"slot on a closed day of {sid}")
        for sid, tot in totals.items():
            mo = cat["shops"][sid]["min_order"]
            if mo is not None and tot < mo:
                err(w, f"{sid} part {tot:.2f} below min_order {mo}")
        e = earliest(cat, kind, now)
        st = f"+{slot['station']}" if kind == "pickup" else ""
        log.append(f"{cid}: now {DAYS_DE[now.weekday()]} {now:%Y-%m-%d %H:%M%z} -> {kind} "
                   f"{DAYS_DE[day.weekday()]} {start:%Y-%m-%d %H:%M%z}{st} "
                   f"(cutoff ok, earliest possible {DAYS_DE[e.weekday()]} {e:%d.%m. %H:%M})")

    if channels != {"voice": 10, "telegram": 10, "web": 10}:
        err("conversations", f"channels {channels}, brief asks 10/10/10")
    nb = sum(booked.values())
    if not 12 <= nb <= 18:
        err("conversations", f"{nb} of {len(convs)} book a window, brief asks about half")
    return {"n": len(convs), "channels": channels, "booked": booked, "log": log}


def main():
    cat = check_catalog(CAT_PATH)
    res = check_conversations(CONV_PATH, cat)
    print(f"catalog {os.path.basename(CAT_PATH)}: {len(cat['munis'])} municipalities, "
          f"{len(cat['stations'])} stations, {len(cat['shops'])} shops, "
          f"{cat['nprod']} products, {cat['nserv']} services")
    for sid, s in cat["shops"].items():
        cl = sorted(d for d in s["closed"] if RANGE_FROM <= d <= RANGE_TO)
        cls = f", closed {cl[0]:%d.%m.}-{cl[-1]:%d.%m.} ({len(cl)} d)" if cl else ""
        print(f"  {sid}: {len(s['products'])} products{cls}")
    hol = {d: n for d, n in holidays_by(2030).items() if RANGE_FROM <= d <= RANGE_TO}
    print("holidays BY in range: " + ", ".join(f"{n} {d:%d.%m.%Y}" for d, n in sorted(hol.items())))
    print(f"conversations {os.path.basename(CONV_PATH)}: {res['n']} "
          f"(voice/telegram/web {res['channels']['voice']}/{res['channels']['telegram']}/"
          f"{res['channels']['web']}), booked delivery {res['booked'].get('delivery', 0)}, "
          f"pickup {res['booked'].get('pickup', 0)}")
    print("slots:")
    for l in res["log"]:
        print("  " + l)
    for w in warnings:
        print(w)
    for e in errors:
        print(e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
