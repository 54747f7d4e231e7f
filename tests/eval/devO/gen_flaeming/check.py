#!/usr/bin/env python3
"""Check flaeming.yml (kiepe-catalog/1) and flaeming_1.yml (kiepe-conversations/1).

Usage: python3 gen_flaeming/check.py [DIR]   (DIR defaults to the parent of this script)
Prints a per-conversation log and `N errors`; exit status 0 only without errors.
"""
import os, re, sys
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo
import yaml

BASE = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOG = os.path.join(BASE, "flaeming.yml")
CONVS = os.path.join(BASE, "flaeming_1.yml")
RANGE = (date(2030, 9, 1), date(2030, 11, 30))
errors = []
log = []

def err(msg):
    errors.append(msg)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYNAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}

def dec(v, where, positive=True):
    if not isinstance(v, str):
        err(f"{where}: must be a decimal string, got {v!r}")
        return None
    if not re.fullmatch(r"\d+(\.\d+)?", v):
        err(f"{where}: not a decimal string: {v!r}")
        return None
    d = Decimal(v)
    if positive and d <= 0:
        err(f"{where}: must be > 0: {v}")
    return d

def hhmm(v, where):
    if not isinstance(v, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", v):
        err(f"{where}: not HH:MM: {v!r}")
        return None
    h, m = map(int, v.split(":"))
    return time(h, m)

def isodate(v, where):
    try:
        return date.fromisoformat(v) if isinstance(v, str) else (v if isinstance(v, date) else None)
    except ValueError:
        err(f"{where}: not a date: {v!r}")
        return None

def easter(y):
    a = y % 19; b = y // 100; c = y % 100; d = b // 4; e = b % 4
    f = (b + 8) // 25; g = (b - f + 1) // 3; h = (19 * a + b - d - g + 15) % 30
    i = c // 4; k = c % 4; l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    mo = (h + l - 7 * m + 114) // 31; da = (h + l - 7 * m + 114) % 31 + 1
    return date(y, mo, da)

def holidays_bb(y):
    e = easter(y)
    return {
        date(y, 1, 1): "Neujahr", e - timedelta(2): "Karfreitag", e: "Ostersonntag",
        e + timedelta(1): "Ostermontag", date(y, 5, 1): "Tag der Arbeit",
        e + timedelta(39): "Christi Himmelfahrt", e + timedelta(49): "Pfingstsonntag",
        e + timedelta(50): "Pfingstmontag", date(y, 10, 3): "Tag der Deutschen Einheit",
        date(y, 10, 31): "Reformationstag", date(y, 12, 25): "1. Weihnachtstag",
        date(y, 12, 26): "2. Weihnachtstag",
    }

# ------------------------------------------------------------------ catalog
cat = yaml.safe_load(open(CATALOG, encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")
reg = cat.get("region") or {}
for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in reg:
        err(f"catalog region: missing {f}")
if not SLUG.match(str(reg.get("id", ""))):
    err("catalog region.id: not a slug")
TZ = ZoneInfo(reg.get("timezone", "Europe/Berlin"))
if reg.get("currency") != "EUR":
    err("catalog region.currency must be EUR")
if reg.get("holidays") not in STATES:
    err(f"catalog region.holidays: not a state code: {reg.get('holidays')!r}")
if reg.get("holidays") != "BB":
    err("catalog region.holidays: the Fläming is in Brandenburg (BB)")
HOL = {}
for y in (2030, 2031):
    HOL.update(holidays_bb(y))

munis = {}
for i, m in enumerate(reg.get("municipalities") or []):
    w = f"municipalities[{i}]"
    if not SLUG.match(str(m.get("id", ""))): err(f"{w}.id not a slug")
    if not m.get("name"): err(f"{w}.name missing")
    pcs = m.get("postcodes") or []
    if not pcs or not all(isinstance(p, str) and re.fullmatch(r"\d{5}", p) for p in pcs):
        err(f"{w}.postcodes must be 5-digit strings")
    if pcs and not all(p.startswith(("14", "15", "16", "17", "19", "03", "04")) for p in pcs):
        err(f"{w}.postcodes: not a Brandenburg postcode range")
    munis[m.get("id")] = m
if not 4 <= len(munis) <= 5:
    err(f"catalog: {len(munis)} municipalities, want 4-5")
stations = {}
for i, s in enumerate(reg.get("pickup_stations") or []):
    w = f"pickup_stations[{i}]"
    for f in ("id", "name", "municipality", "address"):
        if not s.get(f): err(f"{w}.{f} missing")
    if s.get("municipality") not in munis: err(f"{w}.municipality unknown: {s.get('municipality')}")
    m = munis.get(s.get("municipality"))
    if m and not any(p in s.get("address", "") for p in m["postcodes"]):
        err(f"{w}.address does not carry the municipality's postcode")
    stations[s.get("id")] = s
if not 2 <= len(stations) <= 3:
    err(f"catalog: {len(stations)} pick-up stations, want 2-3")

def windows(block, w):
    out = []
    for i, win in enumerate(block.get("windows") or []):
        ww = f"{w}.windows[{i}]"
        days = win.get("days") or []
        if not days or any(d not in DAYS for d in days): err(f"{ww}.days invalid: {days}")
        st, en = hhmm(win.get("start"), ww + ".start"), hhmm(win.get("end"), ww + ".end")
        if st and en and st >= en: err(f"{ww}: start not before end")
        if not isinstance(win.get("capacity"), int) or win["capacity"] <= 0: err(f"{ww}.capacity must be a positive integer")
        out.append((set(days), st, en))
    if not out: err(f"{w}.windows empty")
    return out

dl = reg.get("delivery") or {}
FEE = dec(dl.get("fee"), "delivery.fee")
if "free_from" in dl: dec(dl.get("free_from"), "delivery.free_from")
if not isinstance(dl.get("cutoff_hours"), int): err("delivery.cutoff_hours must be an integer")
DWIN = windows(dl, "delivery")
pk = reg.get("pickup") or {}
if not isinstance(pk.get("cutoff_hours"), int): err("pickup.cutoff_hours must be an integer")
PWIN = windows(pk, "pickup")
CUTOFF = {"delivery": dl.get("cutoff_hours", 0), "pickup": pk.get("cutoff_hours", 0)}
TEMPLATE = {"delivery": DWIN, "pickup": PWIN}
wg = reg.get("weighed_goods")
if wg is not None and not (isinstance(wg.get("tolerance_percent"), int) and 0 < wg["tolerance_percent"] <= 50):
    err("weighed_goods.tolerance_percent invalid")

shops = {}
nprod = 0
for i, sh in enumerate(cat.get("shops") or []):
    w = f"shops[{i}]"
    sid = sh.get("id")
    if not SLUG.match(str(sid)): err(f"{w}.id not a slug")
    if sid in shops: err(f"{w}.id duplicate {sid}")
    for f in ("name", "kind", "municipality", "phone"):
        if not sh.get(f): err(f"{w}.{f} missing")
    if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"): err(f"{w}.kind invalid")
    if sh.get("municipality") not in munis: err(f"{w}.municipality unknown")
    if not re.fullmatch(r"\+49 \d{2,5} \d{4,8}", str(sh.get("phone", ""))): err(f"{w}.phone format")
    if "min_order" in sh: dec(sh["min_order"], f"{w}.min_order")
    closed = set()
    for j, c in enumerate(sh.get("closed") or []):
        if isinstance(c, dict):
            a, b = isodate(c.get("from"), f"{w}.closed[{j}].from"), isodate(c.get("to"), f"{w}.closed[{j}].to")
            if a and b:
                if a > b: err(f"{w}.closed[{j}]: from after to")
                d = a
                while d <= b:
                    closed.add(d); d += timedelta(1)
        else:
            d = isodate(c, f"{w}.closed[{j}]")
            if d: closed.add(d)
    prods = {}
    for j, p in enumerate(sh.get("products") or []):
        pw = f"{w}({sid}).products[{j}]"
        pid = p.get("id")
        if not SLUG.match(str(pid)): err(f"{pw}.id not a slug")
        if pid in prods: err(f"{pw}.id duplicate {pid}")
        if not p.get("name"): err(f"{pw}.name missing")
        if p.get("unit") not in ("piece", "kg", "l"): err(f"{pw}.unit invalid")
        dec(p.get("price"), f"{pw}.price")
        if p.get("vat") not in (7, 19): err(f"{pw}.vat must be 7 or 19")
        if "deposit" in p: dec(p["deposit"], f"{pw}.deposit")
        if "min_age" in p and p["min_age"] not in (16, 18): err(f"{pw}.min_age must be 16 or 18")
        for a in p.get("allergens") or []:
            if a not in ALLERGENS: err(f"{pw}.allergens: unknown {a}")
        if "aliases" in p and not (isinstance(p["aliases"], list) and all(isinstance(x, str) for x in p["aliases"])):
            err(f"{pw}.aliases must be a list of strings")
        if "size" in p and not re.fullmatch(r"\d+(,\d+)? (g|kg|ml|l|cm|[A-ZÄÖÜ][a-zäöüß]+)", str(p["size"])):
            err(f"{pw}.size not understood: {p['size']!r}")
        if p.get("unit") != "piece" and ("label" in p or "size" in p):
            err(f"{pw}: label/size only on piece products")
        prods[pid] = p
    for j, p in enumerate(sh.get("products") or []):
        for s in p.get("substitutes") or []:
            if s not in prods or s == p.get("id"): err(f"{w}.products[{j}].substitutes: unknown {s}")
    for j, s in enumerate(sh.get("services") or []):
        sw = f"{w}.services[{j}]"
        if not SLUG.match(str(s.get("id", ""))) or not s.get("name"): err(f"{sw}: id/name")
        if not isinstance(s.get("duration_minutes"), int) or s["duration_minutes"] < 0: err(f"{sw}.duration_minutes")
        dec(s.get("price"), f"{sw}.price")
        if s.get("vat") not in (7, 19): err(f"{sw}.vat")
    v = sh.get("vouchers")
    if v is not None:
        a, b = dec(v.get("min"), f"{w}.vouchers.min"), dec(v.get("max"), f"{w}.vouchers.max")
        if a and b and a > b: err(f"{w}.vouchers: min > max")
    nprod += len(prods)
    shops[sid] = {"raw": sh, "products": prods, "closed": closed,
                  "min_order": Decimal(sh["min_order"]) if "min_order" in sh else Decimal(0)}
if len(shops) != 10: err(f"catalog: {len(shops)} shops, want 10")
if not 140 <= nprod <= 170: err(f"catalog: {nprod} products, want 140-170")
used_optional = {k for k in ("holidays",) if k in reg}
if "free_from" in dl: used_optional.add("free_from")
if wg: used_optional.add("weighed_goods")
for s in shops.values():
    r = s["raw"]
    for k in ("min_order", "closed", "vouchers", "services"):
        if k in r: used_optional.add(k)
    for p in s["products"].values():
        for k in ("deposit", "min_age", "substitutes", "allergens", "aliases"):
            if k in p: used_optional.add(k)
for k in ("holidays", "free_from", "weighed_goods", "min_order", "closed", "deposit", "min_age",
          "substitutes", "allergens", "vouchers", "services"):
    if k not in used_optional: err(f"catalog: optional field {k} never used")
# the 6- and 10-packs of eggs must both exist (variants residents tell apart)
if not {"eier-6", "eier-10"} <= set(shops.get("hof-wendland", {}).get("products", {})):
    err("catalog: egg 6- and 10-packs missing")

# ------------------------------------------------------------------ conversations
def parse_ts(v, where):
    if not isinstance(v, str) or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", v):
        err(f"{where}: not an ISO timestamp with offset: {v!r}")
        return None
    t = datetime.fromisoformat(v)
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        err(f"{where}: offset {v[-6:]} wrong for Europe/Berlin on that date (should be {local.isoformat()[-6:]})")
    if local.replace(tzinfo=None) != t.replace(tzinfo=None):
        err(f"{where}: local time differs from the written one")
    return t

def window_at(kind, local):
    for days, st, en in TEMPLATE[kind]:
        if DAYS[local.weekday()] in days and st == local.time():
            return (st, en)
    return None

def earliest(kind, now):
    d = now.astimezone(TZ).date()
    for k in range(0, 21):
        day = d + timedelta(k)
        if day in HOL: continue
        for days, st, en in sorted(TEMPLATE[kind], key=lambda x: x[1]):
            if DAYS[day.weekday()] not in days: continue
            start = datetime.combine(day, st, TZ)
            if start - timedelta(hours=CUTOFF[kind]) >= now:
                return start
    return None

conv = yaml.safe_load(open(CONVS, encoding="utf-8"))
if conv.get("format") != "kiepe-conversations/1": err("conversations: format")
if conv.get("catalog") != "flaeming.yml": err("conversations: catalog must be flaeming.yml")
convs = conv.get("conversations") or []
if len(convs) != 30: err(f"conversations: {len(convs)}, want 30")
ids = set()
per_channel = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
shop_use = {s: 0 for s in shops}
vouchers = 0
lines = 0
dst_cross = 0
VOICE_OK = re.compile(r"^[a-zäöüß ]+$")
for i, c in enumerate(convs):
    cid = c.get("id", f"#{i}")
    w = f"conversation {cid}"
    if not SLUG.match(str(cid)): err(f"{w}: id not a slug")
    if cid in ids: err(f"{w}: duplicate id")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in per_channel: err(f"{w}: channel {ch!r}")
    else: per_channel[ch] += 1
    now = parse_ts(c.get("now"), f"{w}.now")
    if now and not RANGE[0] <= now.astimezone(TZ).date() <= RANGE[1]: err(f"{w}.now outside Sep-Nov 2030")
    cu = c.get("customer") or {}
    for f in ("name", "phone", "municipality"):
        if not cu.get(f): err(f"{w}.customer.{f} missing")
    if cu.get("municipality") not in munis: err(f"{w}.customer.municipality unknown")
    turns = c.get("turns") or []
    if not 3 <= len(turns) <= 8: err(f"{w}: {len(turns)} turns, want 3-8")
    for j, t in enumerate(turns):
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{w}.turns[{j}]: only non-empty `say` turns allowed")
        elif ch == "voice" and not VOICE_OK.match(t["say"]):
            err(f"{w}.turns[{j}]: voice turn must be lower case words without punctuation or digits")
    ex = c.get("expect")
    if not ex or "cart" not in ex:
        err(f"{w}: expect.cart missing"); continue
    totals = {}
    seen = set()
    for j, l in enumerate(ex["cart"]):
        lw = f"{w}.expect.cart[{j}]"
        s = shops.get(l.get("shop"))
        if not s: err(f"{lw}: unknown shop {l.get('shop')}"); continue
        shop_use[l["shop"]] += 1 if l["shop"] not in {x[0] for x in seen} else 0
        if "voucher" in l:
            v = s["raw"].get("vouchers")
            amt = dec(l["voucher"], lw + ".voucher")
            if not v: err(f"{lw}: shop sells no vouchers")
            elif amt is not None and not Decimal(v["min"]) <= amt <= Decimal(v["max"]): err(f"{lw}: voucher outside min/max")
            if set(l) != {"shop", "voucher"}: err(f"{lw}: voucher line has extra fields")
            vouchers += 1
            seen.add((l["shop"], "voucher"))
            continue
        p = s["products"].get(l.get("product"))
        if not p: err(f"{lw}: unknown product {l.get('shop')}/{l.get('product')}"); continue
        if (l["shop"], l["product"]) in seen: err(f"{lw}: product listed twice")
        seen.add((l["shop"], l["product"]))
        q = dec(l.get("quantity"), lw + ".quantity")
        if q is None: continue
        if p["unit"] == "piece" and q != q.to_integral_value(): err(f"{lw}: piece quantity must be whole")
        if p["unit"] != "piece" and q > 20: err(f"{lw}: implausible weight {q}")
        totals[l["shop"]] = totals.get(l["shop"], Decimal(0)) + q * Decimal(p["price"])
        lines += 1
    for sid, tot in totals.items():
        if tot < shops[sid]["min_order"]:
            err(f"{w}: {sid} total {tot:.2f} below min_order {shops[sid]['min_order']}")
    slot = ex.get("slot")
    if not now: continue
    nl = now.astimezone(TZ)
    if slot is None:
        log.append(f"{cid}: now {DAYNAMES[nl.weekday()]} {nl:%Y-%m-%d %H:%M} -> no slot (cart only, "
                   f"{len(ex['cart'])} lines, shops {', '.join(sorted(totals))})")
        continue
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"): err(f"{w}.slot.kind"); continue
    booked[kind] += 1
    st = parse_ts(slot.get("start"), f"{w}.slot.start")
    if not st: continue
    sl = st.astimezone(TZ)
    if not window_at(kind, sl): err(f"{w}.slot: {sl:%a %H:%M} is not the start of a {kind} window")
    if sl.date() in HOL: err(f"{w}.slot: {sl.date()} is a public holiday ({HOL[sl.date()]})")
    if st - timedelta(hours=CUTOFF[kind]) < now: err(f"{w}.slot: past the cutoff of {CUTOFF[kind]} h")
    if st <= now: err(f"{w}.slot: before now")
    if kind == "pickup":
        if slot.get("station") not in stations: err(f"{w}.slot.station unknown: {slot.get('station')}")
    elif "station" in slot: err(f"{w}.slot: delivery slot with a station")
    elif not cu.get("street"): err(f"{w}: delivery booked but customer has no street")
    for sid in {x[0] for x in seen}:
        if sl.date() in shops[sid]["closed"]: err(f"{w}.slot: shop {sid} closed on {sl.date()}")
    if nl.utcoffset() != sl.utcoffset(): dst_cross += 1
    e = earliest(kind, now)
    el = e.astimezone(TZ) if e else None
    st_name = f"+{slot.get('station')}" if kind == "pickup" else ""
    log.append(f"{cid}: now {DAYNAMES[nl.weekday()]} {nl:%Y-%m-%d %H:%M}{nl:%z} -> {kind} "
               f"{DAYNAMES[sl.weekday()]} {sl:%Y-%m-%d %H:%M}{sl:%z}{st_name} (window ok, no holiday, "
               f"cutoff ok, shops open, min_order ok; earliest possible "
               f"{DAYNAMES[el.weekday()] + ' ' + el.strftime('%d.%m. %H:%M') if el else '-'})")

# The day a resident asks for first, before naming the booked one, must really be impossible
# (holiday, a shop of the cart closed, or past the cutoff): written by hand, checked here.
REJECTED = {
    "fl-v-feiertag-muehle-zu": [("delivery", "2030-10-03T09:00:00+02:00", None), ("delivery", "2030-10-04T09:00:00+02:00", None)],
    "fl-v-gefluegel-zu-spaet": [("delivery", "2030-11-05T09:00:00+01:00", None)],
    "fl-t-fisch-betriebsurlaub": [("pickup", "2030-09-10T15:00:00+02:00", "bad-belzig-bahnhof")],
    "fl-t-reformationstag-gans": [("delivery", "2030-10-31T09:00:00+01:00", None)],
    "fl-w-balkon-herbst": [("delivery", "2030-09-24T09:00:00+02:00", None)],
    "fl-w-wild-fleischer-zu": [("pickup", "2030-11-12T15:00:00+01:00", "treuenbrietzen-rathaus")],
}
byid = {c.get("id"): c for c in convs}
for cid, rej in REJECTED.items():
    c = byid.get(cid)
    if not c: err(f"rejected-day list: unknown conversation {cid}"); continue
    now = datetime.fromisoformat(c["now"])
    cart_shops = {l["shop"] for l in c["expect"]["cart"]}
    for kind, start, _station in rej:
        st = datetime.fromisoformat(start); sl = st.astimezone(TZ)
        reasons = []
        if sl.date() in HOL: reasons.append(f"holiday {HOL[sl.date()]}")
        closed = [s for s in cart_shops if sl.date() in shops[s]["closed"]]
        if closed: reasons.append("closed " + ",".join(sorted(closed)))
        if st - timedelta(hours=CUTOFF[kind]) < now: reasons.append("past cutoff")
        if not window_at(kind, sl): reasons.append("no window")
        if not reasons: err(f"{cid}: first-asked {kind} {start} is possible, but the resident is made to give it up")
        else: log.append(f"{cid}: first asked {kind} {DAYNAMES[sl.weekday()]} {sl:%Y-%m-%d %H:%M} -> impossible ({'; '.join(reasons)})")

if per_channel != {"voice": 10, "telegram": 10, "web": 10}: err(f"channels {per_channel}, want 10/10/10")
nb = booked["delivery"] + booked["pickup"]
if not 13 <= nb <= 17: err(f"{nb} booked conversations, want about half (13-17)")
if booked["delivery"] == 0 or booked["pickup"] == 0: err("need both delivery and pick-up bookings")
for sid, n in shop_use.items():
    if n < 3: err(f"shop {sid} appears in only {n} carts, want several (>= 3)")
if vouchers < 1: err("no voucher line")
if dst_cross < 1: err("no conversation across the end of summer time")
# the holidays within the range, for the record
hol_in_range = sorted(d for d in HOL if RANGE[0] <= d <= RANGE[1])

print("== catalog")
print(f"shops {len(shops)}, products {nprod}, municipalities {len(munis)}, stations {len(stations)}")
print("BB holidays in range: " + ", ".join(f"{DAYNAMES[d.weekday()]} {d} {HOL[d]}" for d in hol_in_range))
for sid, s in shops.items():
    if s["closed"]:
        print(f"closed {sid}: " + ", ".join(str(d) for d in sorted(s["closed"]) if RANGE[0] <= d <= RANGE[1]))
print("== conversations")
for l in log:
    print(l)
print(f"channels voice/telegram/web {per_channel['voice']}/{per_channel['telegram']}/{per_channel['web']}; "
      f"booked delivery {booked['delivery']}, pick-up {booked['pickup']}; cart lines {lines}; voucher lines {vouchers}; "
      f"conversations across the DST change {dst_cross}")
print("shop appearances (conversations): " + ", ".join(f"{k} {v}" for k, v in shop_use.items()))
for e in errors:
    print("ERROR " + e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
