#!/usr/bin/env python3
"""Check the Wetterau catalog and conversations against kiepe-catalog/1, kiepe-conversations/1
and the rules of the brief. Usage: python3 check.py [DIR]  (DIR defaults to the parent folder).
Prints a per-conversation log and the number of errors; exit status 1 when there is an error."""
import re
import sys
from datetime import date, datetime, timedelta, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

BASE = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
CATALOG = BASE / "wetterau.yml"
CONVS = BASE / "wetterau_1.yml"
TZ = ZoneInfo("Europe/Berlin")
RANGE = (date(2030, 9, 1), date(2030, 11, 30))
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
SLUG = re.compile(r"^[a-z0-9-]+$")
DEC = re.compile(r"^\d+(\.\d+)?$")
MONEY = re.compile(r"^\d+\.\d{2}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

# Impossible choices a resident names before the one expected (checked to be really impossible).
REJECTED = {
    "wet-v-feiertag-abholung": [("pickup", "2030-10-03 15:00", "bad-nauheim-bahnhof")],
    "wet-v-metzger-urlaub": [("delivery", "2030-10-16 17:00", None)],
    "wet-v-karpfen-abfischen": [("pickup", "2030-11-08 15:00", "nidda-markt")],
    "wet-t-kreppel-zu-spaet": [("pickup", "2030-09-14 09:00", "bad-nauheim-bahnhof")],
    "wet-w-wocheneinkauf": [("delivery", "2030-09-15 10:00", None)],
    "wet-w-feiertag-brueckentag": [("delivery", "2030-10-03 10:00", None), ("delivery", "2030-10-04 10:00", None)],
}
# Conversations where the resident asks for the earliest possible window.
EARLIEST = {"wet-v-glatteis-frueh"}
# Words residents use that must never appear in catalog names or aliases (kept out of the report).
RESIDENT_WORDS = ["ebbelwoi", "äppler", "gerippte", "handkäs", "kochkäs", "fleischworscht", "worscht",
                  "grie soß", "gelbe rübe", "weck", "kreppel", "quetsche", "riwwel", "latwerge",
                  "ribbche", "lewwer", "schwartemaache", "grumbeer", "hinkel", "matte", "rapunzel",
                  "rotkraut", "musik", "sprudel", "spax", "rindswürscht", "meiseknödel"]

errors = []


def err(msg):
    errors.append(msg)


def easter(y):
    a = y % 19; b = y // 100; c = y % 100; d = b // 4; e = b % 4; f = (b + 8) // 25
    g = (b - f + 1) // 3; h = (19 * a + b - d - g + 15) % 30; i = c // 4; k = c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7; m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31; day = ((h + l - 7 * m + 114) % 31) + 1
    return date(y, month, day)


def holidays_he(y):
    e = easter(y)
    return {date(y, 1, 1): "Neujahr", e - timedelta(2): "Karfreitag", e + timedelta(1): "Ostermontag",
            date(y, 5, 1): "Tag der Arbeit", e + timedelta(39): "Christi Himmelfahrt",
            e + timedelta(50): "Pfingstmontag", e + timedelta(60): "Fronleichnam",
            date(y, 10, 3): "Tag der Deutschen Einheit", date(y, 12, 25): "1. Weihnachtstag",
            date(y, 12, 26): "2. Weihnachtstag"}


HOL = holidays_he(2030)


def dec(s, where, money=False):
    if not isinstance(s, str):
        err(f"{where}: {s!r} is not a quoted decimal string")
        return None
    if not (MONEY if money else DEC).match(s):
        err(f"{where}: {s!r} is not a decimal string" + (" with two decimals" if money else ""))
        return None
    return Decimal(s)


def parse_day(s, where):
    try:
        return date.fromisoformat(s)
    except (TypeError, ValueError):
        err(f"{where}: bad date {s!r}")
        return None


# ------------------------------------------------------------------ catalog
cat = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format is not kiepe-catalog/1")
reg = cat["region"]
for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in reg:
        err(f"region: missing {f}")
if not SLUG.match(reg["id"]):
    err("region.id not a slug")
if reg["timezone"] != "Europe/Berlin" or reg["currency"] != "EUR":
    err("region: timezone/currency")
if reg.get("holidays") != "HE":
    err("region.holidays must be HE")
munis = {}
for m in reg["municipalities"]:
    if not SLUG.match(m["id"]):
        err(f"municipality {m['id']}: id not a slug")
    for p in m["postcodes"]:
        if not (isinstance(p, str) and re.match(r"^\d{5}$", p)):
            err(f"municipality {m['id']}: postcode {p!r}")
    munis[m["id"]] = m
if not 4 <= len(munis) <= 5:
    err(f"{len(munis)} municipalities, want 4-5")
stations = {}
for s in reg["pickup_stations"]:
    for f in ("id", "name", "municipality", "address"):
        if f not in s:
            err(f"station {s}: missing {f}")
    if s["municipality"] not in munis:
        err(f"station {s['id']}: unknown municipality")
    postcodes = munis.get(s["municipality"], {}).get("postcodes", [])
    if not any(p in s["address"] for p in postcodes):
        err(f"station {s['id']}: address without the municipality's postcode")
    stations[s["id"]] = s
if not 2 <= len(stations) <= 3:
    err(f"{len(stations)} stations, want 2-3")


def windows_of(block, name):
    out = {d: [] for d in DAYS}
    for w in block["windows"]:
        for f in ("days", "start", "end", "capacity"):
            if f not in w:
                err(f"{name}.windows: missing {f}")
        if not (HHMM.match(w["start"]) and HHMM.match(w["end"]) and w["start"] < w["end"]):
            err(f"{name}.windows: bad times {w['start']}-{w['end']}")
        if not (isinstance(w["capacity"], int) and w["capacity"] > 0):
            err(f"{name}.windows: capacity")
        for d in w["days"]:
            if d not in DAYS:
                err(f"{name}.windows: day {d}")
            else:
                out[d].append((w["start"], w["end"]))
    for d in out:
        out[d].sort()
    return out


deliv = reg["delivery"]
pick = reg["pickup"]
dec(deliv["fee"], "delivery.fee", money=True)
free_from = dec(deliv.get("free_from", "0.00"), "delivery.free_from", money=True)
if not isinstance(deliv["cutoff_hours"], int) or not isinstance(pick["cutoff_hours"], int):
    err("cutoff_hours must be integers")
TEMPLATE = {"delivery": windows_of(deliv, "delivery"), "pickup": windows_of(pick, "pickup")}
CUTOFF = {"delivery": timedelta(hours=deliv["cutoff_hours"]), "pickup": timedelta(hours=pick["cutoff_hours"])}
tol = reg.get("weighed_goods", {}).get("tolerance_percent")
if tol is not None and not (isinstance(tol, int) and 0 < tol <= 50):
    err("weighed_goods.tolerance_percent")

shops = {}
nprod = 0
names_and_aliases = []
for sh in cat["shops"]:
    sid = sh["id"]
    for f in ("id", "name", "kind", "municipality", "phone", "products"):
        if f not in sh:
            err(f"shop {sid}: missing {f}")
    if not SLUG.match(sid):
        err(f"shop {sid}: id not a slug")
    if sid in shops:
        err(f"shop {sid}: duplicate id")
    if sh["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {sid}: kind {sh['kind']}")
    if sh["municipality"] not in munis:
        err(f"shop {sid}: municipality {sh['municipality']}")
    if "min_order" in sh:
        dec(sh["min_order"], f"shop {sid}.min_order", money=True)
    closed = []
    for c in sh.get("closed", []):
        if isinstance(c, str):
            d = parse_day(c, f"shop {sid}.closed")
            closed.append((d, d))
        else:
            a, b = parse_day(c["from"], f"shop {sid}.closed.from"), parse_day(c["to"], f"shop {sid}.closed.to")
            if a and b and a > b:
                err(f"shop {sid}.closed: from after to")
            closed.append((a, b))
    prods = {}
    for p in sh["products"]:
        pid = p["id"]
        w = f"shop {sid} product {pid}"
        for f in ("id", "name", "unit", "price", "vat"):
            if f not in p:
                err(f"{w}: missing {f}")
        if not SLUG.match(pid):
            err(f"{w}: id not a slug")
        if pid in prods:
            err(f"{w}: duplicate id")
        if p["unit"] not in ("piece", "kg", "l"):
            err(f"{w}: unit {p['unit']}")
        if p["unit"] != "piece" and ("label" in p or "size" in p):
            err(f"{w}: label/size only for pieces")
        dec(p["price"], f"{w}.price", money=True)
        if p["vat"] not in (7, 19):
            err(f"{w}: vat {p['vat']}")
        if "deposit" in p:
            dec(p["deposit"], f"{w}.deposit", money=True)
        if "min_age" in p and p["min_age"] not in (16, 18):
            err(f"{w}: min_age {p['min_age']}")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                err(f"{w}: allergen {a}")
        if "size" in p and not isinstance(p["size"], str):
            err(f"{w}: size must be a string")
        names_and_aliases.append((w, p["name"]))
        for a in p.get("aliases", []):
            names_and_aliases.append((w, a))
        prods[pid] = p
    for p in sh["products"]:
        for s in p.get("substitutes", []):
            if s not in prods or s == p["id"]:
                err(f"shop {sid} product {p['id']}: substitute {s} not another product of the shop")
    for sv in sh.get("services", []):
        for f in ("id", "name", "duration_minutes", "price", "vat"):
            if f not in sv:
                err(f"shop {sid} service: missing {f}")
        dec(sv["price"], f"shop {sid} service {sv['id']}.price", money=True)
    vch = sh.get("vouchers")
    if vch:
        lo, hi = dec(vch["min"], f"shop {sid}.vouchers.min", True), dec(vch["max"], f"shop {sid}.vouchers.max", True)
        if lo is not None and hi is not None and lo >= hi:
            err(f"shop {sid}: vouchers min >= max")
    nprod += len(prods)
    shops[sid] = {"raw": sh, "products": prods, "closed": closed,
                  "min_order": Decimal(sh.get("min_order", "0.00")), "vouchers": vch}
if len(shops) != 10:
    err(f"{len(shops)} shops, want 10")
if not 140 <= nprod <= 170:
    err(f"{nprod} products, want 140-170")
for w, n in names_and_aliases:
    for word in RESIDENT_WORDS:
        if re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", n.lower()):
            err(f"{w}: catalog name/alias {n!r} contains a resident word")
opt = {"holidays", "free_from", "weighed_goods", "min_order", "closed", "deposit", "min_age",
       "substitutes", "allergens", "vouchers", "services"}
text = CATALOG.read_text(encoding="utf-8")
for o in opt:
    if o + ":" not in text:
        err(f"catalog does not use optional field {o}")


# ------------------------------------------------------------------ slot logic
def is_closed(sid, d):
    return any(a <= d <= b for a, b in shops[sid]["closed"])


def window_at(kind, local):
    """The template window starting exactly at the local datetime, or None."""
    day = DAYS[local.weekday()]
    for s, e in TEMPLATE[kind][day]:
        if local.strftime("%H:%M") == s:
            return s, e
    return None


def why_impossible(kind, local, now, station, cart_shops):
    """Reason the (kind, local start) cannot be booked, or '' if it can."""
    if local.weekday() == 6:
        return "Sunday"
    if local.date() in HOL:
        return "holiday " + HOL[local.date()]
    if not window_at(kind, local):
        return "no template window starts then"
    if kind == "pickup" and station not in stations:
        return "unknown station"
    start = local.replace(tzinfo=TZ)
    if start - CUTOFF[kind] < now:
        return "past the cutoff"
    for sid in cart_shops:
        if is_closed(sid, local.date()):
            return "shop closed: " + sid
    return ""


def earliest(kind, now, station):
    d = now.astimezone(TZ).date()
    for i in range(15):
        day = d + timedelta(i)
        for s, _ in TEMPLATE[kind][DAYS[day.weekday()]]:
            local = datetime.combine(day, time.fromisoformat(s))
            if not why_impossible(kind, local, now, station, []):
                return local
    return None


def parse_offset_dt(s, where):
    try:
        dt = datetime.fromisoformat(s)
    except (TypeError, ValueError):
        err(f"{where}: bad datetime {s!r}")
        return None
    if dt.tzinfo is None:
        err(f"{where}: no UTC offset")
        return None
    local = dt.replace(tzinfo=None)
    want = local.replace(tzinfo=TZ).utcoffset()
    if dt.utcoffset() != want:
        err(f"{where}: offset {dt.utcoffset()} but Europe/Berlin has {want} on {local}")
    return dt


# ------------------------------------------------------------------ conversations
conv = yaml.safe_load(CONVS.read_text(encoding="utf-8"))
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format")
if conv.get("catalog") != "wetterau.yml":
    err("conversations: catalog is not wetterau.yml")
cs = conv["conversations"]
if len(cs) != 30:
    err(f"{len(cs)} conversations, want 30")
ids = set()
chan = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
shop_convs = {s: set() for s in shops}
lines = 0
vouchers = 0
dst_cross = 0
log = []
for c in cs:
    cid = c["id"]
    w = f"conversation {cid}"
    if cid in ids:
        err(f"{w}: duplicate id")
    ids.add(cid)
    if not SLUG.match(cid):
        err(f"{w}: id not a slug")
    extra = set(c) - {"id", "channel", "now", "customer", "turns", "expect", "tags"}
    if extra:
        err(f"{w}: unknown fields {extra}")
    if c["channel"] not in chan:
        err(f"{w}: channel {c['channel']}")
        continue
    chan[c["channel"]] += 1
    now = parse_offset_dt(c["now"], f"{w}.now")
    if now and not RANGE[0] <= now.replace(tzinfo=None).date() <= RANGE[1]:
        err(f"{w}: now outside Sep-Nov 2030")
    cu = c["customer"]
    for f in ("name", "phone", "municipality"):
        if f not in cu:
            err(f"{w}: customer.{f} missing")
    if cu["municipality"] not in munis:
        err(f"{w}: customer municipality {cu['municipality']}")
    turns = c["turns"]
    if not 3 <= len(turns) <= 8:
        err(f"{w}: {len(turns)} turns, want 3-8")
    for t in turns:
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{w}: a turn that is not a non-empty say: {t}")
            continue
        if c["channel"] == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[^\w\s]", s) or re.search(r"\d", s):
                err(f"{w}: voice turn not lower case / has punctuation or digits: {s!r}")
    exp = c.get("expect") or {}
    cart = exp.get("cart", [])
    if not cart:
        err(f"{w}: no expected cart")
    totals = {}
    seen = set()
    for ln in cart:
        sid = ln.get("shop")
        if sid not in shops:
            err(f"{w}: unknown shop {sid}")
            continue
        shop_convs[sid].add(cid)
        if "voucher" in ln:
            vouchers += 1
            v = dec(ln["voucher"], f"{w} voucher", money=True)
            vch = shops[sid]["vouchers"]
            if not vch:
                err(f"{w}: shop {sid} sells no vouchers")
            elif v is not None and not Decimal(vch["min"]) <= v <= Decimal(vch["max"]):
                err(f"{w}: voucher {v} outside {vch['min']}-{vch['max']}")
            if set(ln) != {"shop", "voucher"}:
                err(f"{w}: voucher line fields {set(ln)}")
            continue
        if set(ln) != {"shop", "product", "quantity"}:
            err(f"{w}: cart line fields {set(ln)}")
        p = shops[sid]["products"].get(ln.get("product"))
        if not p:
            err(f"{w}: product {ln.get('product')} not sold by {sid}")
            continue
        if (sid, p["id"]) in seen:
            err(f"{w}: product {p['id']} twice")
        seen.add((sid, p["id"]))
        q = dec(ln["quantity"], f"{w} {p['id']}.quantity")
        if q is None:
            continue
        if q <= 0:
            err(f"{w}: {p['id']} quantity not positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            err(f"{w}: {p['id']} is sold per piece, quantity {q}")
        if p["unit"] != "piece" and ln["quantity"] != str(q.normalize()) and "." in ln["quantity"]:
            err(f"{w}: {p['id']} quantity {ln['quantity']} not normalised")
        lines += 1
        totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
    slot = exp.get("slot")
    entry = f"{cid}: now {now.strftime('%a %Y-%m-%d %H:%M%z') if now else '?'}"
    if slot:
        kind = slot.get("kind")
        if kind not in ("delivery", "pickup"):
            err(f"{w}: slot kind {kind}")
            continue
        booked[kind] += 1
        station = slot.get("station")
        if kind == "pickup" and station not in stations:
            err(f"{w}: pickup without a known station")
        if kind == "delivery" and station is not None:
            err(f"{w}: delivery with a station")
        st = parse_offset_dt(slot.get("start"), f"{w}.slot.start")
        if st and now:
            local = st.replace(tzinfo=None)
            why = why_impossible(kind, local, now, station, list(totals))
            if why:
                err(f"{w}: slot {slot['start']} not bookable: {why}")
            for sid, tot in totals.items():
                if tot < shops[sid]["min_order"]:
                    err(f"{w}: {sid} total {tot:.2f} below min_order {shops[sid]['min_order']}")
            if st.utcoffset() != now.utcoffset():
                dst_cross += 1
            e = earliest(kind, now, station)
            if cid in EARLIEST and e != local:
                err(f"{w}: tagged earliest but earliest is {e}")
            win = window_at(kind, local)
            entry += (f" -> {kind} {local.strftime('%a %Y-%m-%d %H:%M')}-{win[1] if win else '?'}"
                      f"{st.strftime('%z')}" + (f" @{station}" if station else "") +
                      f" (cutoff ok, earliest possible {e.strftime('%a %d.%m. %H:%M') if e else '?'}"
                      f"; goods {sum(totals.values()):.2f})")
            for rk, rs, rst in REJECTED.get(cid, []):
                rl = datetime.fromisoformat(rs)
                rwhy = why_impossible(rk, rl, now, rst, list(totals))
                if not rwhy:
                    err(f"{w}: rejected choice {rs} is in fact bookable")
                entry += f"\n    first asked {rk} {rl.strftime('%a %Y-%m-%d %H:%M')}: impossible ({rwhy})"
    else:
        entry += " -> no slot (cart only; goods " + f"{sum(totals.values()):.2f})"
        if cid in REJECTED or cid in EARLIEST:
            err(f"{w}: listed in REJECTED/EARLIEST without a slot")
    log.append(entry)

if chan != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channels {chan}, want 10/10/10")
nb = booked["delivery"] + booked["pickup"]
if not 13 <= nb <= 17:
    err(f"{nb} booked, want about half of 30")
if not booked["delivery"] or not booked["pickup"]:
    err("want both delivery and pick-up bookings")
for sid, cset in shop_convs.items():
    if len(cset) < 3:
        err(f"shop {sid} appears in only {len(cset)} carts")
if vouchers < 1:
    err("no voucher conversation")
if dst_cross < 1:
    err("no conversation across the change to winter time")

print(f"catalog {CATALOG.name}: {len(munis)} municipalities, {len(stations)} stations, "
      f"{len(shops)} shops, {nprod} products")
print(f"holidays HE in range: " + ", ".join(f"{d} {n}" for d, n in sorted(HOL.items()) if RANGE[0] <= d <= RANGE[1]))
for sid, s in shops.items():
    for a, b in s["closed"]:
        print(f"closed {sid}: {a}" + (f" to {b}" if b != a else ""))
print(f"conversations {CONVS.name}: {len(cs)} ({chan['voice']} voice / {chan['telegram']} telegram / {chan['web']} web), "
      f"booked delivery {booked['delivery']} / pickup {booked['pickup']}, cart lines {lines} "
      f"(+{vouchers} voucher), conversations across DST {dst_cross}")
print("carts per shop: " + ", ".join(f"{s} {len(c)}" for s, c in shop_convs.items()))
print()
for e in log:
    print(e)
print()
for e in errors:
    print("ERROR", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
