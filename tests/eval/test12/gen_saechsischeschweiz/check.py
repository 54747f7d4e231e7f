#!/usr/bin/env python3
"""Check saechsischeschweiz.yml (kiepe-catalog/1) and saechsischeschweiz_1.yml
(kiepe-conversations/1) against the formats and the rules of the eval-writer brief.

Usage: python3 gen_saechsischeschweiz/check.py   (from the region folder or anywhere)
Prints a log and "N errors"; exit status 0 only without errors.
"""
import os
import re
import sys
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(HERE)
CATALOG = os.path.join(BASE, "saechsischeschweiz.yml")
CONVS = os.path.join(BASE, "saechsischeschweiz_1.yml")

REGION = "saechsischeschweiz"
STATE = "SN"
SEASON = (date(2031, 5, 1), date(2031, 8, 31))
TZ = ZoneInfo("Europe/Berlin")

ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PRICE = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^\d+(\.\d+)?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

# Words the residents use that must NOT appear in a product name or alias
# (the assistant has to know them itself). Matched at the start of a word.
RESIDENT_WORDS = ["semmel", "sonnabend", "hackepeter", "gehackt", "pfannkuchen",
                  "schwarzbeer", "flaumen", "gwarg", "gasten", "kiste", "pfeffi", "bemme",
                  "griebenfett", "vesper", "männertag", "kilobrot", "bauchfleisch",
                  "sprühsahne", "bruchspargel", "kartoffel salat", "erdbeern",
                  "knackwurst", "einwecken", "halb und halb"]

# First-asked impossible windows: (conversation, kind, start, station, expected reason)
FIRST_ASKED = [
    ("ss-v-maennertag-feiertag", "delivery", "2031-05-22T09:00:00+02:00", None, "holiday"),
    ("ss-v-pfingsten-kaffeetafel", "delivery", "2031-06-02T09:00:00+02:00", None, "holiday"),
    ("ss-v-forelle-betriebsruhe", "pickup", "2031-06-04T15:00:00+02:00", "sebnitz-markt", "closed"),
    ("ss-v-erster-mai-balkon", "pickup", "2031-05-01T15:00:00+02:00", "bad-schandau-markt", "holiday"),
    ("ss-t-zu-spaet-fuer-sonnabend", "delivery", "2031-07-19T08:00:00+02:00", None, "cutoff"),
    ("ss-t-kaeserei-urlaub", "delivery", "2031-08-12T09:00:00+02:00", None, "closed"),
    ("ss-t-brueckentag-fleischer", "pickup", "2031-05-23T15:00:00+02:00", "sebnitz-markt", "closed"),
    ("ss-w-spargel-pfingstmontag", "delivery", "2031-06-02T09:00:00+02:00", None, "holiday"),
    ("ss-w-baecker-urlaub", "delivery", "2031-07-22T09:00:00+02:00", None, "closed"),
]

errors = []
log = []


def err(msg):
    errors.append(msg)
    log.append("ERROR: " + msg)


def dec(v, where):
    if not isinstance(v, str) or not PRICE.match(v):
        err(f"{where}: {v!r} is not a decimal string with 2 places")
        return None
    return Decimal(v)


# ---------------------------------------------------------------- holidays
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


def sn_holidays(y):
    """Public holidays valid in the whole of Saxony (Corpus Christi only in a few
    Sorbian municipalities of Landkreis Bautzen, none in this region)."""
    e = easter(y)
    h = {
        date(y, 1, 1): "Neujahr",
        e - timedelta(days=2): "Karfreitag",
        e + timedelta(days=1): "Ostermontag",
        date(y, 5, 1): "Tag der Arbeit",
        e + timedelta(days=39): "Christi Himmelfahrt",
        e + timedelta(days=50): "Pfingstmontag",
        date(y, 10, 3): "Tag der Deutschen Einheit",
        date(y, 10, 31): "Reformationstag",
        date(y, 12, 25): "1. Weihnachtstag",
        date(y, 12, 26): "2. Weihnachtstag",
    }
    # Buß- und Bettag: Wednesday before 23 November
    d = date(y, 11, 22)
    while d.weekday() != 2:
        d -= timedelta(days=1)
    h[d] = "Buß- und Bettag"
    return h


HOL = sn_holidays(2031)


def parse_dt(s, where):
    try:
        dt = datetime.fromisoformat(s)
    except (TypeError, ValueError):
        err(f"{where}: {s!r} is not an ISO datetime")
        return None
    if dt.tzinfo is None:
        err(f"{where}: {s!r} has no UTC offset")
        return None
    local = dt.astimezone(TZ)
    if local.utcoffset() != dt.utcoffset():
        err(f"{where}: {s!r} has offset {dt.utcoffset()}, Europe/Berlin has {local.utcoffset()}")
    return local


# ---------------------------------------------------------------- catalog
cat = yaml.safe_load(open(CATALOG, encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format is not kiepe-catalog/1")
reg = cat.get("region") or {}
if reg.get("id") != REGION:
    err(f"catalog: region.id {reg.get('id')!r} != {REGION}")
for f in ("name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in reg:
        err(f"catalog: region.{f} missing")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("catalog: timezone/currency")
if reg.get("holidays") != STATE:
    err(f"catalog: region.holidays {reg.get('holidays')!r} != {STATE}")

munis = {}
for m in reg.get("municipalities", []):
    if not SLUG.match(str(m.get("id", ""))):
        err(f"catalog: municipality id {m.get('id')!r}")
    pcs = m.get("postcodes") or []
    if not pcs or not all(isinstance(p, str) and re.match(r"^0\d{4}$", p) for p in pcs):
        err(f"catalog: municipality {m.get('id')} postcodes {pcs!r} (quoted 5-digit, Saxony 0xxxx)")
    munis[m["id"]] = m
if len(munis) != 5:
    err(f"catalog: {len(munis)} municipalities, want 5")

stations = {}
for s in reg.get("pickup_stations", []):
    if not SLUG.match(str(s.get("id", ""))):
        err(f"catalog: station id {s.get('id')!r}")
    if s.get("municipality") not in munis:
        err(f"catalog: station {s.get('id')} municipality {s.get('municipality')!r} unknown")
    elif not any(p in str(s.get("address", "")) for p in munis[s["municipality"]]["postcodes"]):
        err(f"catalog: station {s.get('id')} address lacks the municipality's postcode")
    for f in ("name", "address"):
        if not s.get(f):
            err(f"catalog: station {s.get('id')} {f} missing")
    stations[s["id"]] = s
if not 2 <= len(stations) <= 3:
    err(f"catalog: {len(stations)} stations, want 2-3")


def check_windows(ws, where):
    out = []
    for w in ws or []:
        days = w.get("days") or []
        if not days or any(d not in DAYS for d in days):
            err(f"{where}: window days {days!r}")
        st, en = w.get("start"), w.get("end")
        if not (isinstance(st, str) and HHMM.match(st) and isinstance(en, str) and HHMM.match(en)) or st >= en:
            err(f"{where}: window {st!r}-{en!r}")
        if not isinstance(w.get("capacity"), int) or w["capacity"] < 1:
            err(f"{where}: window capacity {w.get('capacity')!r}")
        out.append(w)
    if not out:
        err(f"{where}: no windows")
    return out


deliv = reg.get("delivery") or {}
pick = reg.get("pickup") or {}
dec(deliv.get("fee"), "catalog: delivery.fee")
if "free_from" in deliv:
    dec(deliv.get("free_from"), "catalog: delivery.free_from")
for d, n in ((deliv, "delivery"), (pick, "pickup")):
    if not isinstance(d.get("cutoff_hours"), int) or d["cutoff_hours"] < 0:
        err(f"catalog: {n}.cutoff_hours")
DW = check_windows(deliv.get("windows"), "catalog: delivery")
PW = check_windows(pick.get("windows"), "catalog: pickup")
tol = (reg.get("weighed_goods") or {}).get("tolerance_percent")
if not isinstance(tol, int) or not 0 <= tol <= 100:
    err("catalog: weighed_goods.tolerance_percent")

shops = {}
closures = {}
n_products = n_services = 0
used = {"min_order": 0, "closed": 0, "min_age": 0, "deposit": 0, "allergens": 0,
        "substitutes": 0, "kg": 0, "vouchers": 0, "aliases": 0}
for sh in cat.get("shops", []):
    sid = sh.get("id")
    where = f"catalog: shop {sid}"
    if not SLUG.match(str(sid)):
        err(f"{where}: id")
    if sid in shops:
        err(f"{where}: duplicate")
    if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"{where}: kind {sh.get('kind')!r}")
    if sh.get("municipality") not in munis:
        err(f"{where}: municipality {sh.get('municipality')!r}")
    if not re.match(r"^\+49 \d{3,5} \d{4,8}$", str(sh.get("phone", ""))):
        err(f"{where}: phone {sh.get('phone')!r}")
    if "min_order" in sh:
        dec(sh["min_order"], f"{where}: min_order")
        used["min_order"] += 1
    cl = []
    for c in sh.get("closed") or []:
        try:
            if isinstance(c, str):
                a = b = date.fromisoformat(c)
            else:
                a, b = date.fromisoformat(c["from"]), date.fromisoformat(c["to"])
        except (KeyError, TypeError, ValueError):
            err(f"{where}: closed entry {c!r}")
            continue
        if b < a:
            err(f"{where}: closed range reversed {c!r}")
        cl.append((a, b))
    if cl:
        used["closed"] += 1
    closures[sid] = cl
    if "vouchers" in sh:
        v = sh["vouchers"]
        lo, hi = dec(v.get("min"), f"{where}: vouchers.min"), dec(v.get("max"), f"{where}: vouchers.max")
        if lo is not None and hi is not None and lo > hi:
            err(f"{where}: vouchers min > max")
        used["vouchers"] += 1
    for sv in sh.get("services") or []:
        n_services += 1
        if not SLUG.match(str(sv.get("id", ""))) or not sv.get("name"):
            err(f"{where}: service {sv!r}")
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"{where}: service {sv.get('id')} duration_minutes")
        dec(sv.get("price"), f"{where}: service {sv.get('id')} price")
        if sv.get("vat") not in (7, 19):
            err(f"{where}: service {sv.get('id')} vat")
    prods = {}
    for p in sh.get("products") or []:
        pid = p.get("id")
        pw = f"{where} product {pid}"
        if not SLUG.match(str(pid)) or pid in prods:
            err(f"{pw}: id missing, malformed or duplicate")
        if not p.get("name"):
            err(f"{pw}: name")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{pw}: unit {p.get('unit')!r}")
        if p.get("unit") == "kg":
            used["kg"] += 1
        dec(p.get("price"), f"{pw}: price")
        if p.get("vat") not in (7, 19):
            err(f"{pw}: vat {p.get('vat')!r}")
        if "size" in p and not isinstance(p["size"], str):
            err(f"{pw}: size must be a string")
        if "deposit" in p:
            dec(p["deposit"], f"{pw}: deposit")
            used["deposit"] += 1
        if "min_age" in p:
            if p["min_age"] not in (16, 18):
                err(f"{pw}: min_age {p['min_age']!r}")
            used["min_age"] += 1
        if "allergens" in p:
            bad = [a for a in p["allergens"] if a not in ALLERGENS]
            if bad:
                err(f"{pw}: unknown allergens {bad}")
            used["allergens"] += 1
        if "aliases" in p:
            used["aliases"] += 1
        text = " ".join([p.get("name", "")] + list(p.get("aliases") or [])).lower()
        for w in RESIDENT_WORDS:
            if re.search(r"\b" + re.escape(w), text):
                err(f"{pw}: resident word {w!r} in name/alias")
        prods[pid] = p
        n_products += 1
    for pid, p in prods.items():
        for s in p.get("substitutes") or []:
            if s not in prods or s == pid:
                err(f"{where} product {pid}: substitute {s!r} not in the shop")
        if p.get("substitutes"):
            used["substitutes"] += 1
    sh["_products"] = prods
    shops[sid] = sh

if len(shops) != 10:
    err(f"catalog: {len(shops)} shops, want 10")
if not 150 <= n_products <= 170:
    err(f"catalog: {n_products} products, want 150-170")
if not 4 <= n_services <= 6:
    err(f"catalog: {n_services} services, want 4-6")
if not 2 <= used["vouchers"] <= 3:
    err(f"catalog: vouchers at {used['vouchers']} shops, want 2-3")
for k, v in used.items():
    if v == 0:
        err(f"catalog: optional feature {k} never used")

log.append(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
           f"{n_products} products, {n_services} services, vouchers at {used['vouchers']} shops")
log.append("catalog features: " + ", ".join(f"{k} {v}" for k, v in used.items()))
log.append("SN holidays in season (computed): " + ", ".join(
    f"{WD[d.weekday()]} {d} {n}" for d, n in sorted(HOL.items()) if SEASON[0] <= d <= SEASON[1]))
log.append(f"Easter 2031 (computed): {easter(2031)}; Corpus Christi {easter(2031) + timedelta(days=60)} "
           "is no holiday in this region")
cl_txt = []
for sid, cl in closures.items():
    for a, b in cl:
        if b >= SEASON[0] and a <= SEASON[1]:
            cl_txt.append(f"{sid} {a}..{b}" if a != b else f"{sid} {a}")
log.append("closures in season: " + "; ".join(cl_txt))
if len(cl_txt) < 3:
    err("catalog: fewer than 3 closures in the season")


def closed_on(sid, d):
    return any(a <= d <= b for a, b in closures.get(sid, []))


# ---------------------------------------------------------------- slots
def window_for(kind, start):
    ws = DW if kind == "delivery" else PW
    day = DAYS[start.weekday()]
    for w in ws:
        if day in w["days"] and start.strftime("%H:%M") == w["start"]:
            return w
    return None


def slot_problem(kind, start, now, station, cart_shops, municipality_has_street):
    """Return None if bookable, else a reason."""
    w = window_for(kind, start)
    if w is None:
        return "no template window"
    if start.date() in HOL:
        return f"holiday {HOL[start.date()]}"
    cutoff = (deliv if kind == "delivery" else pick)["cutoff_hours"]
    if start - timedelta(hours=cutoff) < now:
        return "past cutoff"
    if kind == "pickup" and station not in stations:
        return f"unknown station {station!r}"
    if kind == "delivery" and not municipality_has_street:
        return "delivery without street"
    shut = [s for s in cart_shops if closed_on(s, start.date())]
    if shut:
        return "closed " + ", ".join(sorted(shut))
    return None


def earliest(kind, now):
    cutoff = (deliv if kind == "delivery" else pick)["cutoff_hours"]
    ws = DW if kind == "delivery" else PW
    d = now.date()
    for _ in range(30):
        if d not in HOL:
            for w in sorted(ws, key=lambda w: w["start"]):
                if DAYS[d.weekday()] in w["days"]:
                    st = datetime.combine(d, time.fromisoformat(w["start"]), TZ)
                    if st - timedelta(hours=cutoff) >= now:
                        return st
        d += timedelta(days=1)
    return None


# ---------------------------------------------------------------- conversations
conv = yaml.safe_load(open(CONVS, encoding="utf-8"))
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format")
if conv.get("catalog") != "saechsischeschweiz.yml":
    err("conversations: catalog field")
convs = conv.get("conversations") or []
ids = set()
channels = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
booked_by_channel = {}
n_lines = n_vouchers = 0
shop_use = {s: 0 for s in shops}
byid = {}
for c in convs:
    cid = c.get("id")
    w = f"conv {cid}"
    if not SLUG.match(str(cid)) or cid in ids:
        err(f"{w}: id malformed or duplicate")
    ids.add(cid)
    byid[cid] = c
    ch = c.get("channel")
    if ch not in channels:
        err(f"{w}: channel {ch!r}")
        continue
    channels[ch] += 1
    now = parse_dt(c.get("now"), f"{w} now")
    if now is None:
        continue
    if not SEASON[0] <= now.date() <= SEASON[1]:
        err(f"{w}: now {now} outside season")
    cu = c.get("customer") or {}
    if not cu.get("name") or not re.match(r"^\+49 \d{2,5} \d{4,9}$", str(cu.get("phone", ""))):
        err(f"{w}: customer name/phone")
    if cu.get("municipality") not in munis:
        err(f"{w}: customer municipality {cu.get('municipality')!r}")
    turns = c.get("turns") or []
    if not 4 <= len(turns) <= 7:
        err(f"{w}: {len(turns)} turns, want 4-7")
    for i, t in enumerate(turns):
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{w} turn {i + 1}: only non-empty say turns allowed")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[0-9.,;:!?\"'()\-\n/]", s):
                err(f"{w} turn {i + 1}: voice turn not lower case or has punctuation/digits")
    ex = c.get("expect") or {}
    cart = ex.get("cart")
    if not cart:
        err(f"{w}: expect.cart missing")
        continue
    part = {}
    seen = set()
    cart_shops = set()
    for ln in cart:
        sid = ln.get("shop")
        if sid not in shops:
            err(f"{w}: unknown shop {sid!r}")
            continue
        cart_shops.add(sid)
        if "voucher" in ln:
            n_vouchers += 1
            v = dec(ln["voucher"], f"{w}: voucher")
            vr = shops[sid].get("vouchers")
            if not vr:
                err(f"{w}: voucher at {sid}, which sells none")
            elif v is not None and not Decimal(vr["min"]) <= v <= Decimal(vr["max"]):
                err(f"{w}: voucher {v} outside {vr['min']}..{vr['max']}")
            continue
        pid = ln.get("product")
        p = shops[sid]["_products"].get(pid)
        if p is None:
            err(f"{w}: unknown product {sid}/{pid}")
            continue
        if (sid, pid) in seen:
            err(f"{w}: duplicate line {sid}/{pid}")
        seen.add((sid, pid))
        n_lines += 1
        q = ln.get("quantity")
        if not isinstance(q, str) or not QTY.match(q):
            err(f"{w}: quantity {q!r} of {pid} not a decimal string")
            continue
        qd = Decimal(q)
        if qd <= 0:
            err(f"{w}: quantity {q} of {pid} not positive")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{w}: fractional quantity {q} for piece product {pid}")
        part[sid] = part.get(sid, Decimal(0)) + qd * Decimal(p["price"])
    for sid in cart_shops:
        shop_use[sid] += 1
        mo = shops[sid].get("min_order")
        if mo and part.get(sid, Decimal(0)) < Decimal(mo):
            err(f"{w}: {sid} part {part.get(sid)} below min_order {mo}")
        if closed_on(sid, now.date()):
            err(f"{w}: now on a closed day of {sid}")
    slot = ex.get("slot")
    summary = f"{len(cart)} lines, shops {', '.join(sorted(cart_shops))}"
    if slot is None:
        log.append(f"{cid}: now {WD[now.weekday()]} {now:%Y-%m-%d %H:%M%z} -> no slot (cart only, {summary})")
        continue
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"):
        err(f"{w}: slot kind {kind!r}")
        continue
    st = parse_dt(slot.get("start"), f"{w} slot.start")
    if st is None:
        continue
    prob = slot_problem(kind, st, now, slot.get("station"), cart_shops, bool(cu.get("street")))
    if prob:
        err(f"{w}: slot {st} not bookable: {prob}")
    booked[kind] += 1
    booked_by_channel[(ch, kind)] = booked_by_channel.get((ch, kind), 0) + 1
    e = earliest(kind, now)
    stn = f"+{slot.get('station')}" if kind == "pickup" else ""
    log.append(f"{cid}: now {WD[now.weekday()]} {now:%Y-%m-%d %H:%M%z} -> {kind} "
               f"{WD[st.weekday()]} {st:%Y-%m-%d %H:%M%z}{stn} "
               f"({'ok' if not prob else prob}; earliest possible {WD[e.weekday()]} {e:%d.%m. %H:%M}; {summary})")

for cid, kind, s, station, reason in FIRST_ASKED:
    c = byid.get(cid)
    if c is None:
        err(f"first-asked: unknown conversation {cid}")
        continue
    now = parse_dt(c["now"], cid)
    st = parse_dt(s, cid)
    cart_shops = {ln["shop"] for ln in c["expect"]["cart"]}
    if window_for(kind, st) is None:
        err(f"first-asked {cid}: {s} is not a template window")
        continue
    prob = slot_problem(kind, st, now, station, cart_shops, True)
    if prob is None or not prob.startswith({"holiday": "holiday", "closed": "closed", "cutoff": "past cutoff"}[reason]):
        err(f"first-asked {cid}: {s} expected impossible ({reason}), got {prob}")
    log.append(f"{cid}: first asked {kind} {WD[st.weekday()]} {st:%Y-%m-%d %H:%M%z} -> impossible ({prob})")

if channels != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"conversations: channels {channels}, want 10/10/10")
nb = booked["delivery"] + booked["pickup"]
if not 13 <= nb <= 17:
    err(f"conversations: {nb} booked, want about half")
for s, n in shop_use.items():
    if n < 3:
        err(f"conversations: shop {s} in only {n} carts")
if n_vouchers < 1:
    err("conversations: no voucher line")

log.append(f"channels voice/telegram/web {channels['voice']}/{channels['telegram']}/{channels['web']}; "
           f"booked delivery {booked['delivery']}, pick-up {booked['pickup']}; cart lines {n_lines}; "
           f"voucher lines {n_vouchers}")
log.append("booked per channel: " + ", ".join(
    f"{ch} {booked_by_channel.get((ch, 'delivery'), 0)} delivery / {booked_by_channel.get((ch, 'pickup'), 0)} pick-up"
    for ch in ("voice", "telegram", "web")))
log.append("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in shop_use.items()))
log.append(f"{len(errors)} errors")
print("\n".join(log))
sys.exit(1 if errors else 0)
