#!/usr/bin/env python3
"""Check hegau.yml (kiepe-catalog/1) and hegau_1.yml (kiepe-conversations/1) against the
formats and the rules of the brief. Prints a per-conversation log and an error count.
Usage: python3 gen_hegau/check.py   (from the set's directory or anywhere)"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(HERE)
CATALOG = os.path.join(BASE, "hegau.yml")
CONVS = os.path.join(BASE, "hegau_1.yml")

errors = []
log = []


def err(msg):
    errors.append(msg)


SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC = re.compile(r"^\d+(\.\d+)?$")
PRICE = re.compile(r"^\d+\.\d\d$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
UNITS = {"piece", "kg", "l"}
KINDS = {"retailer", "direct_marketer", "service_provider"}
RANGE_FROM = dt.date(2030, 9, 1)
RANGE_TO = dt.date(2030, 11, 30)


def dec(v, where, pattern=DEC):
    if not isinstance(v, str) or not pattern.match(v):
        err(f"{where}: {v!r} is not a decimal string")
        return None
    try:
        return Decimal(v)
    except InvalidOperation:
        err(f"{where}: {v!r} is not a decimal")
        return None


def easter(year):
    a = year % 19; b = year // 100; c = year % 100
    d = b // 4; e = b % 4; f = (b + 8) // 25; g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30; i = c // 4; k = c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7; m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31; day = ((h + l - 7 * m + 114) % 31) + 1
    return dt.date(year, month, day)


def holidays_bw(year):
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr", dt.date(year, 1, 6): "Heilige Drei Könige",
        e - dt.timedelta(2): "Karfreitag", e + dt.timedelta(1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit", e + dt.timedelta(39): "Christi Himmelfahrt",
        e + dt.timedelta(50): "Pfingstmontag", e + dt.timedelta(60): "Fronleichnam",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit", dt.date(year, 11, 1): "Allerheiligen",
        dt.date(year, 12, 25): "1. Weihnachtstag", dt.date(year, 12, 26): "2. Weihnachtstag",
    }


def parse_date(s, where):
    try:
        return dt.date.fromisoformat(s)
    except (TypeError, ValueError):
        err(f"{where}: {s!r} is not a date YYYY-MM-DD")
        return None


def check_windows(ws, where):
    out = []
    if not isinstance(ws, list) or not ws:
        err(f"{where}: windows missing")
        return out
    for i, w in enumerate(ws):
        wh = f"{where}[{i}]"
        days = w.get("days")
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            err(f"{wh}.days invalid: {days}")
            continue
        if not (isinstance(w.get("start"), str) and HHMM.match(w["start"]) and isinstance(w.get("end"), str) and HHMM.match(w["end"])):
            err(f"{wh}: start/end must be HH:MM strings")
            continue
        if w["start"] >= w["end"]:
            err(f"{wh}: start not before end")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{wh}.capacity must be a positive integer")
        out.append(w)
    return out


# ---------------------------------------------------------------- catalog
cat = yaml.safe_load(open(CATALOG, encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")
reg = cat.get("region") or {}
for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in reg:
        err(f"region.{f} missing")
if not SLUG.match(str(reg.get("id", ""))):
    err("region.id not a slug")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("region timezone/currency")
if reg.get("holidays") != "BW":
    err("region.holidays must be BW")
TZ = ZoneInfo(reg.get("timezone", "Europe/Berlin"))
munis = {}
for m in reg.get("municipalities", []):
    if not SLUG.match(m.get("id", "")) or not m.get("name"):
        err(f"municipality {m}: id/name")
    pcs = m.get("postcodes")
    if not isinstance(pcs, list) or not pcs or any(not (isinstance(p, str) and re.match(r"^\d{5}$", p)) for p in pcs):
        err(f"municipality {m.get('id')}: postcodes must be 5-digit strings")
    if m["id"] in munis:
        err(f"municipality {m['id']} duplicate")
    munis[m["id"]] = m
if not 4 <= len(munis) <= 5:
    err(f"{len(munis)} municipalities, want 4-5")
stations = {}
for s in reg.get("pickup_stations", []):
    if not SLUG.match(s.get("id", "")) or not s.get("name") or not s.get("address"):
        err(f"station {s}: id/name/address")
    if s.get("municipality") not in munis:
        err(f"station {s.get('id')}: unknown municipality {s.get('municipality')}")
    else:
        pcs = munis[s["municipality"]]["postcodes"]
        if not any(p in s.get("address", "") for p in pcs):
            err(f"station {s['id']}: address lacks the municipality's postcode")
    stations[s["id"]] = s
if not 2 <= len(stations) <= 3:
    err(f"{len(stations)} pick-up stations, want 2-3")
deliv = reg.get("delivery", {})
dec(deliv.get("fee"), "region.delivery.fee", PRICE)
if "free_from" in deliv:
    dec(deliv.get("free_from"), "region.delivery.free_from", PRICE)
if not isinstance(deliv.get("cutoff_hours"), int):
    err("region.delivery.cutoff_hours must be an integer")
pick = reg.get("pickup", {})
if not isinstance(pick.get("cutoff_hours"), int):
    err("region.pickup.cutoff_hours must be an integer")
TEMPLATE = {"delivery": check_windows(deliv.get("windows"), "region.delivery.windows"),
            "pickup": check_windows(pick.get("windows"), "region.pickup.windows")}
CUTOFF = {"delivery": deliv.get("cutoff_hours", 0), "pickup": pick.get("cutoff_hours", 0)}
wg = reg.get("weighed_goods")
if wg is not None and not isinstance(wg.get("tolerance_percent"), int):
    err("region.weighed_goods.tolerance_percent must be an integer")

shops = {}
nproducts = 0
for s in cat.get("shops", []):
    sid = s.get("id", "")
    where = f"shop {sid}"
    if not SLUG.match(sid) or sid in shops:
        err(f"{where}: bad or duplicate id")
    if not s.get("name"):
        err(f"{where}: name missing")
    if s.get("kind") not in KINDS:
        err(f"{where}: kind {s.get('kind')}")
    if s.get("municipality") not in munis:
        err(f"{where}: unknown municipality")
    if "min_order" in s:
        dec(s["min_order"], f"{where}.min_order", PRICE)
    closed = []
    for c in s.get("closed", []) or []:
        if isinstance(c, str):
            d = parse_date(c, f"{where}.closed")
            if d:
                closed.append((d, d))
        elif isinstance(c, dict) and set(c) == {"from", "to"}:
            a = parse_date(c["from"], f"{where}.closed.from"); b = parse_date(c["to"], f"{where}.closed.to")
            if a and b:
                if a > b:
                    err(f"{where}.closed: from after to")
                closed.append((a, b))
        else:
            err(f"{where}.closed: bad entry {c!r}")
    prods = {}
    for p in s.get("products", []):
        pid = p.get("id", "")
        pw = f"{where} product {pid}"
        if not SLUG.match(pid) or pid in prods:
            err(f"{pw}: bad or duplicate id")
        if not p.get("name"):
            err(f"{pw}: name missing")
        if p.get("unit") not in UNITS:
            err(f"{pw}: unit {p.get('unit')}")
        dec(p.get("price"), f"{pw}.price", PRICE)
        if p.get("vat") not in (7, 19):
            err(f"{pw}: vat {p.get('vat')}")
        if "deposit" in p:
            dec(p["deposit"], f"{pw}.deposit", PRICE)
        if "min_age" in p and p["min_age"] not in (16, 18):
            err(f"{pw}: min_age {p['min_age']}")
        for a in p.get("allergens", []) or []:
            if a not in ALLERGENS:
                err(f"{pw}: allergen {a}")
        if "size" in p and not (isinstance(p["size"], str) and re.match(r"^\d+(,\d+)? (g|kg|ml|l|Stück)$", p["size"])):
            err(f"{pw}: size {p['size']!r} not '<number> g|kg|ml|l|Stück'")
        if "aliases" in p and not (isinstance(p["aliases"], list) and all(isinstance(x, str) for x in p["aliases"])):
            err(f"{pw}: aliases must be a list of strings")
        prods[pid] = p
    for p in prods.values():
        for sub in p.get("substitutes", []) or []:
            if sub not in prods or sub == p["id"]:
                err(f"{where} product {p['id']}: substitute {sub} not another product of the shop")
    for sv in s.get("services", []) or []:
        if not SLUG.match(sv.get("id", "")) or not sv.get("name") or not isinstance(sv.get("duration_minutes"), int):
            err(f"{where} service {sv}: id/name/duration_minutes")
        dec(sv.get("price"), f"{where} service {sv.get('id')}.price", PRICE)
        if sv.get("vat") not in (7, 19):
            err(f"{where} service {sv.get('id')}: vat")
    v = s.get("vouchers")
    if v is not None:
        lo = dec(v.get("min"), f"{where}.vouchers.min", PRICE); hi = dec(v.get("max"), f"{where}.vouchers.max", PRICE)
        if lo is not None and hi is not None and lo > hi:
            err(f"{where}.vouchers: min > max")
    nproducts += len(prods)
    shops[sid] = {"shop": s, "products": prods, "closed": closed}
if len(shops) != 10:
    err(f"{len(shops)} shops, want 10")
if not 140 <= nproducts <= 170:
    err(f"{nproducts} products, want 140-170")
# aliases must not repeat another product's name or alias within the shop
for sid, sh in shops.items():
    seen = {}
    for p in sh["products"].values():
        for n in [p["name"]] + list(p.get("aliases", []) or []):
            k = n.lower()
            if k in seen and seen[k] != p["id"]:
                err(f"shop {sid}: name/alias {n!r} used by {seen[k]} and {p['id']}")
            seen[k] = p["id"]

HOLIDAYS = {}
for y in (2030, 2031):
    HOLIDAYS.update(holidays_bw(y))


def shop_closed(sid, d):
    return any(a <= d <= b for a, b in shops[sid]["closed"])


def windows_on(kind, d):
    day = DAYS[d.weekday()]
    return [w for w in TEMPLATE[kind] if day in w["days"]]


def earliest(kind, now):
    d = now.astimezone(TZ).date()
    for _ in range(30):
        if d not in HOLIDAYS:
            for w in sorted(windows_on(kind, d), key=lambda w: w["start"]):
                h, m = map(int, w["start"].split(":"))
                start = dt.datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
                if start - dt.timedelta(hours=CUTOFF[kind]) >= now:
                    return start
        d += dt.timedelta(1)
    return None


def parse_ts(s, where):
    if not isinstance(s, str) or not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", s):
        err(f"{where}: {s!r} is not an ISO timestamp with offset")
        return None
    t = dt.datetime.fromisoformat(s)
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        err(f"{where}: offset {s[-6:]} wrong for Europe/Berlin at that instant (should be {local.isoformat()[-6:]})")
    return t


# ---------------------------------------------------------------- conversations
conv = yaml.safe_load(open(CONVS, encoding="utf-8"))
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format")
if conv.get("catalog") != "hegau.yml":
    err("conversations: catalog must be hegau.yml")
convs = conv.get("conversations", [])
if len(convs) != 30:
    err(f"{len(convs)} conversations, want 30")
ids = set()
channels = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
shop_use = {s: 0 for s in shops}
cart_lines = 0
voucher_convs = 0
dst_convs = 0
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

for c in convs:
    cid = c.get("id", "")
    w = f"conversation {cid}"
    if not SLUG.match(cid) or cid in ids:
        err(f"{w}: bad or duplicate id")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in channels:
        err(f"{w}: channel {ch}")
    else:
        channels[ch] += 1
    now = parse_ts(c.get("now"), f"{w}.now")
    if now and not RANGE_FROM <= now.astimezone(TZ).date() <= RANGE_TO:
        err(f"{w}: now outside 1 Sep - 30 Nov 2030")
    cu = c.get("customer") or {}
    if not cu.get("name") or not re.match(r"^\+49 \d{2,4} \d{5,8}$", str(cu.get("phone", ""))):
        err(f"{w}: customer name/phone")
    if cu.get("municipality") not in munis:
        err(f"{w}: customer municipality {cu.get('municipality')}")
    turns = c.get("turns") or []
    if not 3 <= len(turns) <= 8:
        err(f"{w}: {len(turns)} turns, want 3-8")
    for i, t in enumerate(turns):
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{w}: turn {i} is not a single non-empty say")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[^a-zäöüß ]", s) or "  " in s:
                err(f"{w}: voice turn {i} not lower case words without punctuation/digits: {s!r}")
    exp = c.get("expect") or {}
    cart = exp.get("cart")
    if not isinstance(cart, list) or not cart:
        err(f"{w}: expect.cart missing or empty")
        cart = []
    totals = {}
    seen = set()
    shops_here = set()
    for ln in cart:
        sid = ln.get("shop")
        if sid not in shops:
            err(f"{w}: unknown shop {sid}")
            continue
        shops_here.add(sid)
        if "voucher" in ln:
            if set(ln) != {"shop", "voucher"}:
                err(f"{w}: voucher line has extra keys")
            v = shops[sid]["shop"].get("vouchers")
            amt = dec(ln["voucher"], f"{w}: voucher", PRICE)
            if not v:
                err(f"{w}: shop {sid} sells no vouchers")
            elif amt is not None and not Decimal(v["min"]) <= amt <= Decimal(v["max"]):
                err(f"{w}: voucher {amt} outside {v['min']}-{v['max']}")
            voucher_convs += 1
            cart_lines += 1
            continue
        if set(ln) != {"shop", "product", "quantity"}:
            err(f"{w}: cart line keys {sorted(ln)}")
        pid = ln.get("product")
        p = shops[sid]["products"].get(pid)
        if p is None:
            err(f"{w}: product {pid} not in shop {sid}")
            continue
        if (sid, pid) in seen:
            err(f"{w}: product {sid}/{pid} listed twice")
        seen.add((sid, pid))
        q = dec(ln.get("quantity"), f"{w}: quantity of {pid}")
        if q is None:
            continue
        if q <= 0:
            err(f"{w}: quantity of {pid} not positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            err(f"{w}: {pid} is sold per piece, quantity {q} not whole")
        if p["unit"] == "piece" and "." in ln["quantity"]:
            err(f"{w}: {pid} piece quantity written with a decimal point")
        totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
        cart_lines += 1
    for sid in shops_here:
        shop_use[sid] += 1
        mo = shops[sid]["shop"].get("min_order")
        if mo and sid in totals and totals[sid] < Decimal(mo):
            err(f"{w}: shop {sid} part {totals[sid]:.2f} below min_order {mo}")
    slot = exp.get("slot")
    nowl = now.astimezone(TZ) if now else None
    line = f"{cid} [{ch}]: now {WD[nowl.weekday()]} {nowl:%Y-%m-%d %H:%M%z}" if nowl else f"{cid}: now ?"
    if slot is None:
        log.append(f"{line} -> no slot expected ({len(cart)} cart lines)")
        continue
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"):
        err(f"{w}: slot kind {kind}")
        continue
    booked[kind] += 1
    start = parse_ts(slot.get("start"), f"{w}.slot.start")
    if start is None or now is None:
        continue
    sl = start.astimezone(TZ)
    if kind == "pickup":
        if slot.get("station") not in stations:
            err(f"{w}: slot station {slot.get('station')} unknown")
        if set(slot) != {"kind", "station", "start"}:
            err(f"{w}: pickup slot keys {sorted(slot)}")
    elif set(slot) != {"kind", "start"}:
        err(f"{w}: delivery slot keys {sorted(slot)}")
    if kind == "delivery" and not cu.get("street"):
        err(f"{w}: delivery booked but customer has no street")
    hhmm = f"{sl:%H:%M}"
    if sl.second or not any(wi["start"] == hhmm for wi in windows_on(kind, sl.date())):
        err(f"{w}: {kind} slot {sl:%a %Y-%m-%d %H:%M} is not the start of a template window")
    if sl.date() in HOLIDAYS:
        err(f"{w}: slot on holiday {HOLIDAYS[sl.date()]}")
    if sl.weekday() == 6:
        err(f"{w}: slot on a Sunday")
    cutoff_ok = start - dt.timedelta(hours=CUTOFF[kind]) >= now
    if not cutoff_ok:
        err(f"{w}: slot past its cutoff ({CUTOFF[kind]} h)")
    for sid in shops_here:
        if shop_closed(sid, sl.date()):
            err(f"{w}: shop {sid} closed on {sl.date()}")
    if now.utcoffset() != start.utcoffset():
        dst_convs += 1
    ea = earliest(kind, now)
    st = f"+{slot.get('station')}" if kind == "pickup" else ""
    log.append(f"{line} -> {kind} {WD[sl.weekday()]} {sl:%Y-%m-%d %H:%M%z}{st} "
               f"(cutoff {'ok' if cutoff_ok else 'FAILED'}, earliest possible {WD[ea.weekday()]} {ea:%d.%m. %H:%M}; "
               f"{len(cart)} cart lines)")

# first choices the residents name and that must be impossible (the expected slot is the later one)
REJECTED = {
    "heg-zwiebelkuchen-zu-spaet": ("delivery", "2030-09-21T09:00:00+02:00", None, "cutoff"),
    "heg-geburtstag-strauss": ("delivery", "2030-09-06T10:00:00+02:00", None, "cutoff"),
    "heg-einheit-feiertag": ("delivery", "2030-10-03T10:00:00+02:00", None, "holiday"),
    "heg-allerheiligen-grab": ("pickup", "2030-11-01T15:00:00+01:00", "singen-bahnhof", "holiday"),
    "heg-beck-betriebsurlaub": ("delivery", "2030-10-15T10:00:00+02:00", None, "closed"),
    "heg-fischer-urlaub": ("pickup", "2030-11-05T15:00:00+01:00", "radolfzell-markt", "closed"),
}
byid = {c.get("id"): c for c in convs}
for cid, (kind, s, st, why) in REJECTED.items():
    c = byid.get(cid)
    if c is None:
        err(f"rejected-choice check: {cid} missing")
        continue
    now = dt.datetime.fromisoformat(c["now"]); start = dt.datetime.fromisoformat(s); sl = start.astimezone(TZ)
    reasons = []
    if start - dt.timedelta(hours=CUTOFF[kind]) < now:
        reasons.append("cutoff")
    if sl.date() in HOLIDAYS:
        reasons.append("holiday")
    if any(shop_closed(l["shop"], sl.date()) for l in c["expect"]["cart"]):
        reasons.append("closed")
    ok_template = any(wi["start"] == f"{sl:%H:%M}" for wi in windows_on(kind, sl.date()))
    if why not in reasons or not ok_template:
        err(f"{cid}: first choice {s} should be a template window impossible because of {why}, found {reasons}")
    else:
        log.append(f"{cid}: first choice {kind} {WD[sl.weekday()]} {sl:%Y-%m-%d %H:%M} impossible ({', '.join(reasons)}) as intended")

for ch, n in channels.items():
    if n != 10:
        err(f"{n} {ch} conversations, want 10")
nb = booked["delivery"] + booked["pickup"]
if not 13 <= nb <= 17:
    err(f"{nb} booked conversations, want about half (13-17)")
if not booked["delivery"] or not booked["pickup"]:
    err("need both delivery and pick-up bookings")
for sid, n in shop_use.items():
    if n < 3:
        err(f"shop {sid} appears in only {n} carts, want several (>= 3)")
if voucher_convs < 1:
    err("no conversation with a voucher")
if dst_convs < 1:
    err("no conversation across the change of summer time")

print(f"catalog {os.path.basename(CATALOG)}: {len(munis)} municipalities, {len(stations)} stations, "
      f"{len(shops)} shops, {nproducts} products")
print("BW holidays 1 Sep - 31 Dec 2030: " + ", ".join(f"{WD[d.weekday()]} {d} {n}" for d, n in sorted(HOLIDAYS.items()) if dt.date(2030, 9, 1) <= d <= dt.date(2030, 12, 31)))
print("shop closures: " + "; ".join(f"{sid} {a}..{b}" for sid, sh in shops.items() for a, b in sh["closed"]))
print(f"conversations {os.path.basename(CONVS)}: {len(convs)} (voice {channels['voice']} / telegram {channels['telegram']} / web {channels['web']}), "
      f"booked delivery {booked['delivery']} / pick-up {booked['pickup']}, cart lines {cart_lines}, voucher conversations {voucher_convs}, across DST {dst_convs}")
print("carts per shop: " + ", ".join(f"{s} {n}" for s, n in shop_use.items()))
print()
for l in log:
    print(l)
print()
for e in errors:
    print("ERROR:", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
