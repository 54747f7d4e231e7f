#!/usr/bin/env python3
"""Check the Kraichgau catalog against kiepe-catalog/1 and every conversation against it.

Usage: python3 check.py [CATALOG.yml] [CONVERSATIONS.yml ...]
Defaults to ../kraichgau.yml and ../kraichgau_1.yml (relative to this file).
Prints one line per finding (ERROR / WARN), a per-conversation slot log, and a summary.
Exit status 0 only when there is no ERROR.

Standard library plus PyYAML.  Line numbers are taken from a PyYAML compose pass.
"""
import datetime as dt
import os
import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CAT_DEFAULT = os.path.join(HERE, "..", "kraichgau.yml")
CONV_DEFAULT = [os.path.join(HERE, "..", "kraichgau_1.yml")]

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SIZE = re.compile(r"^\d+(,\d+)? ?(g|kg|ml|l)$")
POSTCODE = re.compile(r"^\d{5}$")

# keys of kiepe-catalog/1 (base + optional fields of December 2026)
REGION_KEYS = {"id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery",
               "pickup", "holidays", "weighed_goods"}
SHOP_KEYS = {"id", "name", "kind", "municipality", "phone", "products", "services", "vouchers",
             "min_order", "closed"}
PRODUCT_KEYS = {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat", "deposit",
                "min_age", "substitutes", "allergens"}
SERVICE_KEYS = {"id", "name", "duration_minutes", "price", "vat"}

findings = []


def err(where, msg):
    findings.append(("ERROR", where, msg))


def warn(where, msg):
    findings.append(("WARN", where, msg))


# ---------------------------------------------------------------- line numbers
def line_index(path):
    """Map id values to line numbers (first occurrence per (parent-path, id))."""
    lines = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = re.search(r"\bid: ([A-Za-z0-9\-]+)", line)
            if m:
                lines.setdefault(m.group(1), n)
    return lines


# ---------------------------------------------------------------- helpers
def is_money(v):
    return isinstance(v, str) and bool(MONEY.match(v))


def dec(v):
    try:
        return Decimal(v)
    except (InvalidOperation, TypeError):
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


def holidays_bw(y):
    e = easter(y)
    td = dt.timedelta
    return {
        dt.date(y, 1, 1): "Neujahr",
        dt.date(y, 1, 6): "Heilige Drei Könige",
        e - td(days=2): "Karfreitag",
        e + td(days=1): "Ostermontag",
        dt.date(y, 5, 1): "Tag der Arbeit",
        e + td(days=39): "Christi Himmelfahrt",
        e + td(days=50): "Pfingstmontag",
        e + td(days=60): "Fronleichnam",
        dt.date(y, 10, 3): "Tag der Deutschen Einheit",
        dt.date(y, 11, 1): "Allerheiligen",
        dt.date(y, 12, 25): "1. Weihnachtstag",
        dt.date(y, 12, 26): "2. Weihnachtstag",
    }


def parse_date(s):
    try:
        return dt.date.fromisoformat(s)
    except (TypeError, ValueError):
        return None


def parse_ts(s):
    if not isinstance(s, str) or not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", s):
        return None
    try:
        return dt.datetime.fromisoformat(s)
    except ValueError:
        return None


# ---------------------------------------------------------------- catalog
def check_windows(where, block, tz):
    wins = block.get("windows")
    if not isinstance(wins, list) or not wins:
        err(where, "windows must be a non-empty list")
        return []
    out = []
    for i, w in enumerate(wins):
        wh = f"{where}.windows[{i}]"
        if not isinstance(w, dict):
            err(wh, "window must be a mapping")
            continue
        for k in w:
            if k not in {"days", "start", "end", "capacity"}:
                err(wh, f"unknown key {k}")
        days = w.get("days")
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            err(wh, f"days must be a list of {DAYS}")
            days = []
        if len(set(days)) != len(days):
            err(wh, "duplicate day")
        st, en = w.get("start"), w.get("end")
        if not (isinstance(st, str) and HHMM.match(st)) or not (isinstance(en, str) and HHMM.match(en)):
            err(wh, "start/end must be quoted HH:MM strings")
            continue
        if st >= en:
            err(wh, "start must be before end")
        cap = w.get("capacity")
        if not isinstance(cap, int) or isinstance(cap, bool) or cap <= 0:
            err(wh, "capacity must be a positive integer")
        out.append((set(days), st, en))
    # no overlap per day
    for d in DAYS:
        spans = sorted((s, e) for ds, s, e in out if d in ds)
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1:
                err(where, f"overlapping windows on {d}: {s1}-{e1} and {s2}-{e2}")
    return out


def check_catalog(path):
    lines = line_index(path)
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    with open(path, encoding="utf-8") as f:
        first = f.read().lstrip().splitlines()
    if not first or not first[0].startswith("#"):
        warn(path, "catalog should open with a comment describing the window template")
    if data.get("format") != "kiepe-catalog/1":
        err(path, "format must be kiepe-catalog/1")
    for k in data:
        if k not in {"format", "region", "shops"}:
            err(path, f"unknown top-level key {k}")
    r = data.get("region") or {}
    for k in r:
        if k not in REGION_KEYS:
            err("region", f"unknown key {k}")
    if not (isinstance(r.get("id"), str) and SLUG.match(r["id"])):
        err("region.id", "must be a slug")
    if not r.get("name"):
        err("region.name", "missing")
    if r.get("timezone") != "Europe/Berlin":
        err("region.timezone", "expected Europe/Berlin")
    tz = ZoneInfo(r.get("timezone", "Europe/Berlin"))
    if r.get("currency") != "EUR":
        err("region.currency", "expected EUR")
    if r.get("holidays") is not None and r.get("holidays") not in STATES:
        err("region.holidays", "must be a German state code")
    munis = {}
    for m in r.get("municipalities") or []:
        mid = m.get("id")
        wh = f"municipality {mid} (line {lines.get(mid)})"
        if not (isinstance(mid, str) and SLUG.match(mid)):
            err(wh, "id must be a slug")
        if mid in munis:
            err(wh, "duplicate id")
        if not m.get("name"):
            err(wh, "name missing")
        pcs = m.get("postcodes")
        if not isinstance(pcs, list) or not pcs or not all(isinstance(p, str) and POSTCODE.match(p) for p in pcs):
            err(wh, "postcodes must be a list of quoted 5-digit strings")
        munis[mid] = m
    if not 4 <= len(munis) <= 5:
        warn("region.municipalities", f"{len(munis)} municipalities (brief: 4-5)")
    stations = {}
    for s in r.get("pickup_stations") or []:
        sid = s.get("id")
        wh = f"station {sid} (line {lines.get(sid)})"
        if not (isinstance(sid, str) and SLUG.match(sid)):
            err(wh, "id must be a slug")
        if sid in stations:
            err(wh, "duplicate id")
        if s.get("municipality") not in munis:
            err(wh, "municipality unknown")
        if not s.get("name") or not s.get("address"):
            err(wh, "name/address missing")
        else:
            pcs = munis.get(s.get("municipality"), {}).get("postcodes", [])
            if not any(p in s["address"] for p in pcs):
                err(wh, "address does not contain a postcode of its municipality")
        stations[sid] = s
    if len(stations) != 3:
        warn("region.pickup_stations", f"{len(stations)} stations (brief: 3)")
    dl = r.get("delivery") or {}
    for k in dl:
        if k not in {"fee", "free_from", "cutoff_hours", "windows"}:
            err("region.delivery", f"unknown key {k}")
    if not is_money(dl.get("fee")):
        err("region.delivery.fee", "must be a decimal string")
    if "free_from" in dl and not is_money(dl.get("free_from")):
        err("region.delivery.free_from", "must be a decimal string")
    if not isinstance(dl.get("cutoff_hours"), int) or dl["cutoff_hours"] < 0:
        err("region.delivery.cutoff_hours", "must be a non-negative integer")
    dwins = check_windows("region.delivery", dl, tz)
    pu = r.get("pickup") or {}
    for k in pu:
        if k not in {"cutoff_hours", "windows"}:
            err("region.pickup", f"unknown key {k}")
    if not isinstance(pu.get("cutoff_hours"), int) or pu["cutoff_hours"] < 0:
        err("region.pickup.cutoff_hours", "must be a non-negative integer")
    pwins = check_windows("region.pickup", pu, tz)
    wg = r.get("weighed_goods")
    if wg is not None:
        tp = wg.get("tolerance_percent") if isinstance(wg, dict) else None
        if not isinstance(tp, int) or not 0 <= tp <= 100:
            err("region.weighed_goods.tolerance_percent", "must be an integer 0-100")

    shops = {}
    nprod = 0
    for sh in data.get("shops") or []:
        sid = sh.get("id")
        wh = f"shop {sid} (line {lines.get(sid)})"
        for k in sh:
            if k not in SHOP_KEYS:
                err(wh, f"unknown key {k}")
        if not (isinstance(sid, str) and SLUG.match(sid)):
            err(wh, "id must be a slug")
        if sid in shops:
            err(wh, "duplicate shop id")
        if not sh.get("name"):
            err(wh, "name missing")
        if sh.get("kind") not in {"retailer", "direct_marketer", "service_provider"}:
            err(wh, "kind invalid")
        if sh.get("municipality") not in munis:
            err(wh, "municipality unknown")
        if not isinstance(sh.get("phone"), str) or not re.match(r"^\+49 \d{2,5} \d{3,9}$", sh["phone"]):
            err(wh, "phone must be a quoted +49 number")
        if "min_order" in sh and not is_money(sh["min_order"]):
            err(wh, "min_order must be a decimal string")
        closed = set()
        for c in sh.get("closed") or []:
            if isinstance(c, str):
                d = parse_date(c)
                if not d:
                    err(wh, f"closed: bad date {c!r}")
                else:
                    closed.add(d)
            elif isinstance(c, dict):
                a, b = parse_date(c.get("from")), parse_date(c.get("to"))
                if not a or not b or b < a or set(c) != {"from", "to"}:
                    err(wh, f"closed: bad range {c!r}")
                else:
                    while a <= b:
                        closed.add(a)
                        a += dt.timedelta(days=1)
            else:
                err(wh, f"closed: bad entry {c!r}")
        prods = {}
        for p in sh.get("products") or []:
            pid = p.get("id")
            pw = f"{sid}/{pid} (line {lines.get(pid)})"
            for k in p:
                if k not in PRODUCT_KEYS:
                    err(pw, f"unknown key {k}")
            if not (isinstance(pid, str) and SLUG.match(pid)):
                err(pw, "id must be a slug")
            if pid in prods:
                err(pw, "duplicate product id in shop")
            if not isinstance(p.get("name"), str) or not p["name"]:
                err(pw, "name missing")
            if "aliases" in p and (not isinstance(p["aliases"], list) or not all(isinstance(a, str) and a for a in p["aliases"])):
                err(pw, "aliases must be a list of strings")
            if p.get("unit") not in {"piece", "kg", "l"}:
                err(pw, "unit must be piece|kg|l")
            if p.get("unit") == "piece" and not p.get("label"):
                warn(pw, "piece product without label")
            if p.get("unit") in {"kg", "l"} and ("label" in p or "size" in p):
                warn(pw, "label/size on a weighed product")
            if "size" in p and not (isinstance(p["size"], str) and SIZE.match(p["size"])):
                err(pw, f"size {p.get('size')!r} not of the form '1 kg', '0,75 l', '250 g'")
            if not is_money(p.get("price")) or dec(p["price"]) <= 0:
                err(pw, "price must be a positive decimal string")
            if p.get("vat") not in (7, 19):
                err(pw, "vat must be 7 or 19")
            if "deposit" in p and not is_money(p["deposit"]):
                err(pw, "deposit must be a decimal string")
            if "min_age" in p and p["min_age"] not in (16, 18):
                err(pw, "min_age must be 16 or 18")
            if "allergens" in p:
                if not isinstance(p["allergens"], list) or any(a not in ALLERGENS for a in p["allergens"]):
                    err(pw, f"allergens must be ids of {sorted(ALLERGENS)}")
            prods[pid] = p
        for pid, p in prods.items():
            for s_ in p.get("substitutes") or []:
                if s_ not in prods or s_ == pid:
                    err(f"{sid}/{pid}", f"substitute {s_} is not another product of this shop")
        for sv in sh.get("services") or []:
            sw = f"{sid}/service {sv.get('id')} (line {lines.get(sv.get('id'))})"
            for k in sv:
                if k not in SERVICE_KEYS:
                    err(sw, f"unknown key {k}")
            if not (isinstance(sv.get("id"), str) and SLUG.match(sv["id"])):
                err(sw, "id must be a slug")
            if sv.get("id") in prods:
                err(sw, "service id collides with a product id")
            if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
                err(sw, "duration_minutes must be a non-negative integer")
            if not is_money(sv.get("price")) or sv.get("vat") not in (7, 19):
                err(sw, "price/vat invalid")
        v = sh.get("vouchers")
        if v is not None:
            if not isinstance(v, dict) or set(v) != {"min", "max"} or not is_money(v.get("min")) or not is_money(v.get("max")) or dec(v["min"]) > dec(v["max"]):
                err(wh, "vouchers must be {min, max} decimal strings, min <= max")
        nprod += len(prods)
        shops[sid] = {"shop": sh, "products": prods, "closed": closed}
    if len(shops) != 10:
        warn("shops", f"{len(shops)} shops (brief: 10)")
    if not 140 <= nprod <= 170:
        err("shops", f"{nprod} products (brief: 140-170)")
    nserv = sum(len(s["shop"].get("services") or []) for s in shops.values())
    return {
        "region": r, "tz": tz, "munis": munis, "stations": stations, "shops": shops,
        "dwins": dwins, "pwins": pwins, "nprod": nprod, "nserv": nserv,
        "dcut": dl.get("cutoff_hours", 0), "pcut": pu.get("cutoff_hours", 0),
    }


# ---------------------------------------------------------------- conversations
def local_offset_ok(ts, tz):
    """The written offset must be the real Europe/Berlin offset at that local wall time."""
    naive = ts.replace(tzinfo=None)
    real = naive.replace(tzinfo=tz).utcoffset()
    return real == ts.utcoffset()


def earliest(cat, kind, now):
    wins = cat["dwins"] if kind == "delivery" else cat["pwins"]
    cut = dt.timedelta(hours=cat["dcut"] if kind == "delivery" else cat["pcut"])
    tz = cat["tz"]
    hol = holidays_bw(now.year) if cat["region"].get("holidays") == "BW" else {}
    d = now.astimezone(tz).date()
    for _ in range(21):
        if d not in hol:
            for days, st, en in sorted(wins, key=lambda w: w[1]):
                if DAYS[d.weekday()] in days:
                    h, m = map(int, st.split(":"))
                    start = dt.datetime(d.year, d.month, d.day, h, m, tzinfo=tz)
                    if start - cut >= now:
                        return start
        d += dt.timedelta(days=1)
    return None


def check_conversations(cat, path):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    lines = line_index(path)
    rl = raw.splitlines()
    if not rl or rl[0].strip() != "format: kiepe-conversations/1":
        err(path, "first line must be 'format: kiepe-conversations/1'")
    if len(rl) < 2 or rl[1].strip() != "catalog: kraichgau.yml":
        err(path, "second line must be 'catalog: kraichgau.yml'")
    data = yaml.safe_load(raw)
    convs = data.get("conversations") or []
    tz = cat["tz"]
    hol = holidays_bw(2030)
    ids = Counter(c.get("id") for c in convs)
    for i, n in ids.items():
        if n > 1:
            err(f"{i}", "duplicate conversation id")
    chans = Counter()
    booked = Counter()
    log = []
    lo = dt.datetime(2030, 3, 1, 0, 0, tzinfo=tz)
    hi = dt.datetime(2030, 6, 1, 0, 0, tzinfo=tz)
    for c in convs:
        cid = c.get("id")
        wh = f"{cid} (line {lines.get(cid)})"
        for k in c:
            if k not in {"id", "channel", "now", "customer", "turns", "expect", "tags"}:
                err(wh, f"unknown key {k}")
        ch = c.get("channel")
        if ch not in {"voice", "telegram", "web"}:
            err(wh, "channel invalid")
        chans[ch] += 1
        m = re.match(r"^kr-([vtw])-(\d{3})$", cid or "")
        if not m or {"v": "voice", "t": "telegram", "w": "web"}[m.group(1)] != ch:
            err(wh, "id must be kr-v/t/w-NNN matching the channel")
        now = parse_ts(c.get("now"))
        if not now:
            err(wh, "now must be an ISO timestamp with offset")
            continue
        if not local_offset_ok(now, tz):
            err(wh, f"now offset {now.utcoffset()} is not the Europe/Berlin offset at that time")
        if not lo <= now < hi:
            err(wh, "now outside 1 March - 31 May 2030")
        if not 7 <= now.hour <= 22:
            warn(wh, f"now at unusual hour {now.hour}")
        cu = c.get("customer") or {}
        for k in cu:
            if k not in {"name", "phone", "municipality", "street"}:
                err(wh, f"customer: unknown key {k}")
        if not cu.get("name") or not isinstance(cu.get("phone"), str) or not cu["phone"].startswith("+49 "):
            err(wh, "customer name/phone missing or phone not a quoted +49 number")
        if cu.get("municipality") not in cat["munis"]:
            err(wh, "customer municipality unknown")
        turns = c.get("turns") or []
        if not 3 <= len(turns) <= 8:
            err(wh, f"{len(turns)} turns (brief: 3-8)")
        for j, t in enumerate(turns):
            if set(t) != {"say"} or not isinstance(t.get("say"), str) or not t["say"].strip():
                err(wh, f"turn {j + 1}: only non-empty 'say' turns allowed")
                continue
            s = t["say"]
            if ch == "voice":
                if s != s.lower():
                    err(wh, f"turn {j + 1}: voice turn not lower case")
                if re.search(r"[0-9.,;:!?\"()\-']", s):
                    err(wh, f"turn {j + 1}: voice turn has digits or punctuation")
        ex = c.get("expect")
        if not isinstance(ex, dict) or "cart" not in ex:
            err(wh, "expect.cart missing")
            continue
        for k in ex:
            if k not in {"cart", "slot"}:
                err(wh, f"expect: unknown key {k}")
        totals = Counter()
        seen = set()
        cart_shops = set()
        for line in ex["cart"]:
            shid = line.get("shop")
            if shid not in cat["shops"]:
                err(wh, f"cart: unknown shop {shid}")
                continue
            cart_shops.add(shid)
            shop = cat["shops"][shid]
            if "voucher" in line:
                if set(line) != {"shop", "voucher"}:
                    err(wh, f"cart: voucher line with extra keys {line}")
                v = shop["shop"].get("vouchers")
                amt = dec(line["voucher"]) if is_money(line["voucher"]) else None
                if not v:
                    err(wh, f"cart: {shid} sells no vouchers")
                elif amt is None or not dec(v["min"]) <= amt <= dec(v["max"]):
                    err(wh, f"cart: voucher {line['voucher']!r} not a decimal string within {v['min']}-{v['max']}")
                continue
            if set(line) != {"shop", "product", "quantity"}:
                err(wh, f"cart: product line keys {sorted(line)}")
            pid = line.get("product")
            p = shop["products"].get(pid)
            if not p:
                err(wh, f"cart: {shid} has no product {pid}")
                continue
            if (shid, pid) in seen:
                err(wh, f"cart: duplicate line {shid}/{pid}")
            seen.add((shid, pid))
            q = line.get("quantity")
            if not isinstance(q, str) or not re.match(r"^\d+(\.\d+)?$", q):
                err(wh, f"cart: quantity {q!r} of {pid} must be a decimal string")
                continue
            qd = Decimal(q)
            if qd <= 0:
                err(wh, f"cart: quantity of {pid} must be positive")
            if p["unit"] == "piece" and qd != qd.to_integral_value():
                err(wh, f"cart: piece product {pid} needs a whole quantity, got {q}")
            if p["unit"] == "piece" and "." in q:
                err(wh, f"cart: piece quantity {q} of {pid} written with a decimal point")
            if p["unit"] in {"kg", "l"} and qd > 20:
                warn(wh, f"cart: large weighed quantity {q} {p['unit']} of {pid}")
            totals[shid] += qd * Decimal(p["price"])
        sl = ex.get("slot")
        if sl is None:
            continue
        kind = sl.get("kind")
        booked[(ch, kind)] += 1
        if kind not in {"delivery", "pickup"}:
            err(wh, "slot.kind invalid")
            continue
        want = {"kind", "start"} | ({"station"} if kind == "pickup" else set())
        if set(sl) != want:
            err(wh, f"slot keys {sorted(sl)} (want {sorted(want)})")
        start = parse_ts(sl.get("start"))
        if not start:
            err(wh, "slot.start must be an ISO timestamp with offset")
            continue
        if not local_offset_ok(start, tz):
            err(wh, f"slot offset {start.utcoffset()} is not the Europe/Berlin offset at that time")
        loc = start.astimezone(tz)
        wins = cat["dwins"] if kind == "delivery" else cat["pwins"]
        day = DAYS[loc.weekday()]
        hm = loc.strftime("%H:%M")
        match = [w for w in wins if day in w[0] and w[1] == hm]
        if not match:
            err(wh, f"slot {loc:%a %Y-%m-%d %H:%M} is not the start of a {kind} window")
        cut = dt.timedelta(hours=cat["dcut"] if kind == "delivery" else cat["pcut"])
        if start - cut < now:
            err(wh, f"slot {loc:%a %d.%m. %H:%M} violates the {kind} cutoff from now {now:%a %d.%m. %H:%M}")
        if start <= now:
            err(wh, "slot not in the future of now")
        if loc.date() in hol:
            err(wh, f"slot on public holiday {hol[loc.date()]}")
        for shid in cart_shops:
            if loc.date() in cat["shops"][shid]["closed"]:
                err(wh, f"slot on a closed day of {shid}")
            mo = cat["shops"][shid]["shop"].get("min_order")
            if mo and totals[shid] < Decimal(mo):
                err(wh, f"{shid} part {totals[shid]} below min_order {mo}")
        st = ""
        if kind == "pickup":
            if sl.get("station") not in cat["stations"]:
                err(wh, f"unknown station {sl.get('station')}")
            st = "+" + str(sl.get("station"))
        if kind == "delivery" and not cu.get("street") and "address-in-turn" not in (c.get("tags") or []):
            err(wh, "delivery without customer.street and without an address in a turn")
        e = earliest(cat, kind, now)
        goods = sum(totals.values(), Decimal(0))
        fee = cat["region"]["delivery"]["fee"] if kind == "delivery" else "0.00"
        if kind == "delivery" and goods >= Decimal(cat["region"]["delivery"].get("free_from", "1e9")):
            fee = "0.00 (free)"
        log.append(f"{cid}: now {now.astimezone(tz):%a %Y-%m-%d %H:%M} -> {kind} "
                   f"{loc:%a %Y-%m-%d %H:%M}{st} (cutoff ok, earliest possible "
                   f"{e:%a %d.%m. %H:%M}; goods {goods:.2f}, fee {fee})")
    # non-booking conversations: info on min_order
    for c in convs:
        ex = c.get("expect") or {}
        if "slot" in ex:
            continue
        totals = Counter()
        for line in ex.get("cart", []):
            if "product" in line and line.get("shop") in cat["shops"]:
                p = cat["shops"][line["shop"]]["products"].get(line["product"])
                if p:
                    totals[line["shop"]] += Decimal(line["quantity"]) * Decimal(p["price"])
        for shid, t in totals.items():
            mo = cat["shops"][shid]["shop"].get("min_order")
            if mo and t < Decimal(mo):
                warn(c["id"], f"(no booking) {shid} part {t} below min_order {mo}")
    return convs, chans, booked, log


def main(argv):
    cat_path = argv[1] if len(argv) > 1 else CAT_DEFAULT
    conv_paths = argv[2:] or CONV_DEFAULT
    cat = check_catalog(cat_path)
    print(f"catalog {os.path.basename(cat_path)}: {len(cat['munis'])} municipalities, "
          f"{len(cat['stations'])} stations, {len(cat['shops'])} shops, {cat['nprod']} products, "
          f"{cat['nserv']} services")
    hol = holidays_bw(2030)
    print("BW holidays 1 Mar - 31 May 2030: " + ", ".join(
        f"{d:%a %d.%m.} {n}" for d, n in sorted(hol.items()) if dt.date(2030, 3, 1) <= d <= dt.date(2030, 5, 31)))
    for sid, s in cat["shops"].items():
        cl = sorted(d for d in s["closed"] if dt.date(2030, 3, 1) <= d <= dt.date(2030, 5, 31))
        if cl:
            print(f"closed {sid}: " + ", ".join(f"{d:%a %d.%m.}" for d in cl))
    total = 0
    for p in conv_paths:
        convs, chans, booked, log = check_conversations(cat, p)
        total += len(convs)
        print(f"\n{os.path.basename(p)}: {len(convs)} conversations; channels "
              + ", ".join(f"{k} {v}" for k, v in sorted(chans.items())))
        nb = sum(booked.values())
        print(f"booked: {nb} of {len(convs)} ("
              + ", ".join(f"{ch}/{k} {n}" for (ch, k), n in sorted(booked.items())) + ")")
        if chans != Counter({"voice": 10, "telegram": 10, "web": 10}):
            err(p, f"channel counts {dict(chans)} (brief: 10/10/10)")
        if not 12 <= nb <= 18:
            warn(p, f"{nb} booked of {len(convs)} (brief: about half)")
        print("slot log:")
        for l in log:
            print("  " + l)
    print()
    for lvl, where, msg in findings:
        print(f"{lvl} {where}: {msg}")
    ne = sum(1 for f in findings if f[0] == "ERROR")
    nw = len(findings) - ne
    print(f"\n{ne} errors, {nw} warnings")
    return 1 if ne else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
