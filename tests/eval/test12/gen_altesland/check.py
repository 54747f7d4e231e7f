#!/usr/bin/env python3
"""Check altesland.yml (kiepe-catalog/1) and altesland_1.yml (kiepe-conversations/1).

Written by hand for the evaluation set altesland_1; uses only Python 3, PyYAML and zoneinfo.
Prints a log and the number of errors; exit status 1 if there is any error.
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(HERE)
CATALOG = sys.argv[1] if len(sys.argv) > 1 else os.path.join(BASE, "altesland.yml")
CONVS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(BASE, "altesland_1.yml")

TZ = ZoneInfo("Europe/Berlin")
SEASON = (dt.date(2031, 5, 1), dt.date(2031, 8, 31))
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^\d+(\.\d+)?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

# Lower Saxony (NI) public holidays in the season, hard-coded ...
NI_HOLIDAYS_SEASON = {
    dt.date(2031, 5, 1): "Tag der Arbeit",
    dt.date(2031, 5, 22): "Christi Himmelfahrt",
    dt.date(2031, 6, 2): "Pfingstmontag",
}
# ... and not holidays in NI (checked to be absent): Fronleichnam 2031-06-12.
NOT_NI = {dt.date(2031, 6, 12): "Fronleichnam (not a holiday in NI)"}

# Residents' regional / everyday words that must not appear in product names or aliases.
RESIDENT_WORDS = ["rundstück", "rundstueck", "alster", "köm", "buddel", "mettend",
                  "blaubeer", "fliederbeer", "tüffel", "tueffel", "plumm", "koken",
                  "granat", "wurzel", "brause", "sonnabend", "neue kartoffel",
                  "grüne bohnen", "bruchspargel"]

# First-asked impossible windows: conversation id -> (kind, start, station or None, reason)
FIRST_ASKED = {
    "al-v-vatertag-bollerwagen": ("delivery", "2031-05-22T09:00:00+02:00", None, "holiday"),
    "al-v-spargel-pfingsten": ("delivery", "2031-06-02T09:00:00+02:00", None, "holiday"),
    "al-t-grillen-zu-spaet": ("delivery", "2031-07-25T09:00:00+02:00", None, "cutoff"),
    "al-t-geburtstag-blumen-urlaub": ("delivery", "2031-07-24T09:00:00+02:00", None, "closed"),
    "al-w-maifeiertag-raeucherfisch": ("pickup", "2031-05-01T15:00:00+02:00", "jork-rathaus", "holiday"),
    "al-w-butterkuchen-betriebsurlaub": ("pickup", "2031-08-09T09:00:00+02:00", "jork-rathaus", "closed"),
    "al-w-hochzeitstag-pfingsten": ("delivery", "2031-06-02T09:00:00+02:00", None, "holiday"),
}

errors = []
log = []


def err(msg):
    errors.append(msg)


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


def ni_holidays(year):
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


def money(v, where, allow_zero=False):
    if not isinstance(v, str) or not MONEY.match(v):
        err(f"{where}: money must be a decimal string with 2 places, got {v!r}")
        return None
    d = Decimal(v)
    if d <= 0 and not allow_zero:
        err(f"{where}: must be > 0")
    return d


def parse_date(v, where):
    try:
        return dt.date.fromisoformat(v)
    except Exception:
        err(f"{where}: bad date {v!r}")
        return None


def parse_ts(v, where):
    try:
        t = dt.datetime.fromisoformat(v)
    except Exception:
        err(f"{where}: bad timestamp {v!r}")
        return None
    if t.tzinfo is None:
        err(f"{where}: timestamp without offset")
        return None
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        err(f"{where}: offset {t.utcoffset()} is not Europe/Berlin's {local.utcoffset()}")
    return local


def fmt(t):
    return f"{WD[t.weekday()]} {t.strftime('%Y-%m-%d %H:%M%z')}"


# ----------------------------------------------------------------- catalog
with open(CATALOG, encoding="utf-8") as fh:
    cat = yaml.safe_load(fh)

if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")
reg = cat.get("region") or {}
if reg.get("id") != "altesland":
    err("catalog: region.id must be altesland")
for k in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if k not in reg:
        err(f"catalog: region.{k} missing")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("catalog: timezone/currency")
if reg.get("holidays") != "NI":
    err("catalog: region.holidays must be NI")

munis = {}
for m in reg.get("municipalities", []):
    if not SLUG.match(m.get("id", "")):
        err(f"municipality id {m.get('id')!r}")
    pcs = m.get("postcodes") or []
    if not pcs or not all(isinstance(p, str) and re.match(r"^\d{5}$", p) for p in pcs):
        err(f"municipality {m.get('id')}: postcodes must be quoted 5-digit strings")
    munis[m["id"]] = m
if len(munis) != 5:
    err(f"catalog: {len(munis)} municipalities, want 5")

stations = {}
for s in reg.get("pickup_stations", []):
    if not SLUG.match(s.get("id", "")):
        err(f"station id {s.get('id')!r}")
    mu = munis.get(s.get("municipality"))
    if not mu:
        err(f"station {s.get('id')}: unknown municipality")
    elif not any(p in s.get("address", "") for p in mu["postcodes"]):
        err(f"station {s.get('id')}: address lacks the municipality's postcode")
    stations[s["id"]] = s
if not 2 <= len(stations) <= 3:
    err(f"catalog: {len(stations)} stations, want 2-3")


def check_windows(ws, where):
    out = []
    for i, w in enumerate(ws):
        days = w.get("days") or []
        if not days or any(d not in DAYS for d in days):
            err(f"{where}.windows[{i}]: bad days {days}")
        if not (HHMM.match(str(w.get("start", ""))) and HHMM.match(str(w.get("end", "")))):
            err(f"{where}.windows[{i}]: bad start/end")
        elif w["start"] >= w["end"]:
            err(f"{where}.windows[{i}]: start not before end")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{where}.windows[{i}]: capacity")
        out.append(w)
    return out


deliv = reg.get("delivery", {})
pick = reg.get("pickup", {})
money(deliv.get("fee"), "delivery.fee")
if "free_from" in deliv:
    money(deliv.get("free_from"), "delivery.free_from")
for name, sect in (("delivery", deliv), ("pickup", pick)):
    if not isinstance(sect.get("cutoff_hours"), int) or sect["cutoff_hours"] < 0:
        err(f"{name}.cutoff_hours")
DWIN = check_windows(deliv.get("windows", []), "delivery")
PWIN = check_windows(pick.get("windows", []), "pickup")
wg = reg.get("weighed_goods", {})
if wg and not isinstance(wg.get("tolerance_percent"), int):
    err("weighed_goods.tolerance_percent")

shops = {}
n_products = n_services = 0
voucher_shops = []
closures = []
used = {"min_order": 0, "closed": 0, "min_age": 0, "deposit": 0, "allergens": 0, "substitutes": 0,
        "size": 0, "label": 0, "aliases": 0}
for s in cat.get("shops", []):
    sid = s.get("id", "")
    if not SLUG.match(sid):
        err(f"shop id {sid!r}")
    if sid in shops:
        err(f"shop {sid}: duplicate")
    for k in ("name", "kind", "municipality", "phone", "products"):
        if k not in s:
            err(f"shop {sid}: {k} missing")
    if s.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {sid}: kind")
    if s.get("municipality") not in munis:
        err(f"shop {sid}: municipality")
    if not re.match(r"^\+49 4\d{2,4} \d{3,8}$", str(s.get("phone", ""))):
        err(f"shop {sid}: phone {s.get('phone')!r}")
    if "min_order" in s:
        money(s["min_order"], f"shop {sid}.min_order")
        used["min_order"] += 1
    sclosed = []
    for c in s.get("closed", []) or []:
        if isinstance(c, str):
            d = parse_date(c, f"shop {sid}.closed")
            if d:
                sclosed.append((d, d))
        else:
            a = parse_date(c.get("from"), f"shop {sid}.closed.from")
            b = parse_date(c.get("to"), f"shop {sid}.closed.to")
            if a and b:
                if a > b:
                    err(f"shop {sid}: closed range reversed")
                sclosed.append((a, b))
    if sclosed:
        used["closed"] += 1
    for a, b in sclosed:
        closures.append(f"{sid} {a}..{b}")
    if "vouchers" in s:
        vmin = money(s["vouchers"].get("min"), f"shop {sid}.vouchers.min")
        vmax = money(s["vouchers"].get("max"), f"shop {sid}.vouchers.max")
        if vmin and vmax and vmin > vmax:
            err(f"shop {sid}: voucher min > max")
        voucher_shops.append(sid)
    for sv in s.get("services", []) or []:
        n_services += 1
        if not SLUG.match(sv.get("id", "")) or not sv.get("name"):
            err(f"shop {sid}: service id/name")
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"shop {sid}.{sv.get('id')}: duration_minutes")
        money(sv.get("price"), f"shop {sid}.{sv.get('id')}.price")
        if sv.get("vat") not in (7, 19):
            err(f"shop {sid}.{sv.get('id')}: vat")
    prods = {}
    for p in s.get("products", []):
        pid = p.get("id", "")
        w = f"product {sid}/{pid}"
        if not SLUG.match(pid):
            err(f"{w}: id")
        if pid in prods:
            err(f"{w}: duplicate")
        if not p.get("name"):
            err(f"{w}: name")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{w}: unit")
        money(p.get("price"), f"{w}.price")
        if p.get("vat") not in (7, 19):
            err(f"{w}: vat {p.get('vat')}")
        if "deposit" in p:
            money(p["deposit"], f"{w}.deposit")
            used["deposit"] += 1
        if "min_age" in p:
            if p["min_age"] not in (16, 18):
                err(f"{w}: min_age {p['min_age']}")
            used["min_age"] += 1
        if "allergens" in p:
            bad = [a for a in p["allergens"] if a not in ALLERGENS]
            if bad:
                err(f"{w}: unknown allergens {bad}")
            used["allergens"] += 1
        for k in ("size", "label", "aliases"):
            if k in p:
                used[k] += 1
        if p.get("unit") != "piece" and ("label" in p or "size" in p):
            err(f"{w}: label/size on a weighed product")
        text = " ".join([p.get("name", "")] + list(p.get("aliases", []) or [])).lower()
        for word in RESIDENT_WORDS:
            if word in text:
                err(f"{w}: resident word {word!r} in name/alias")
        prods[pid] = p
    for p in prods.values():
        for sub in p.get("substitutes", []) or []:
            used["substitutes"] += 1
            if sub not in prods or sub == p["id"]:
                err(f"product {sid}/{p['id']}: substitute {sub} not in shop")
    n_products += len(prods)
    shops[sid] = {"shop": s, "products": prods, "closed": sclosed}

if len(shops) != 10:
    err(f"catalog: {len(shops)} shops, want 10")
if not 150 <= n_products <= 170:
    err(f"catalog: {n_products} products, want 150-170")
if not 4 <= n_services <= 6:
    err(f"catalog: {n_services} services, want 4-6")
if not 2 <= len(voucher_shops) <= 3:
    err(f"catalog: vouchers at {len(voucher_shops)} shops, want 2-3")
for k, v in used.items():
    if k != "aliases" and v == 0:
        err(f"catalog: optional field {k} never used")
log.append(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
           f"{n_products} products, {n_services} services, vouchers at {len(voucher_shops)} shops "
           f"({', '.join(voucher_shops)}); aliases used {used['aliases']}")

# ----------------------------------------------------------------- holidays
computed = ni_holidays(2031)
in_season = {d: n for d, n in computed.items() if SEASON[0] <= d <= SEASON[1]}
if in_season != NI_HOLIDAYS_SEASON:
    err(f"NI holidays: hard-coded {NI_HOLIDAYS_SEASON} != computed {in_season}")
for d in NOT_NI:
    if d in computed:
        err(f"{d} must not be an NI holiday")
log.append("NI holidays in season (hard-coded, equal to computed): " +
           ", ".join(f"{WD[d.weekday()]} {d} {n}" for d, n in sorted(NI_HOLIDAYS_SEASON.items())))
log.append(f"Easter 2031 (computed): {easter(2031)}; Thu 2031-06-12 Fronleichnam is no holiday in NI")
log.append("closures: " + "; ".join(closures))
n_closures_in_season = sum(1 for s in shops.values() for a, b in s["closed"]
                           if a <= SEASON[1] and b >= SEASON[0])
if n_closures_in_season < 3:
    err("catalog: fewer than 3 closures in the season")
HOL = NI_HOLIDAYS_SEASON


def closed_shops(day, shop_ids):
    return [sid for sid in shop_ids for a, b in shops[sid]["closed"] if a <= day <= b]


def slot_problems(kind, start, station, customer, shop_ids, now):
    """Return a list of reasons why this slot is impossible (empty: bookable)."""
    probs = []
    wins = DWIN if kind == "delivery" else PWIN
    cutoff = (deliv if kind == "delivery" else pick)["cutoff_hours"]
    day = DAYS[start.weekday()]
    hm = start.strftime("%H:%M")
    if not any(day in w["days"] and w["start"] == hm for w in wins):
        probs.append("no template window")
    if start.date() in HOL:
        probs.append(f"holiday {HOL[start.date()]}")
    if start - dt.timedelta(hours=cutoff) < now:
        probs.append("past cutoff")
    cl = closed_shops(start.date(), shop_ids)
    if cl:
        probs.append("closed " + ", ".join(cl))
    if kind == "pickup":
        if station not in stations:
            probs.append(f"unknown station {station}")
    else:
        if not customer.get("street"):
            probs.append("delivery without customer street")
    return probs


def earliest(kind, now):
    wins = DWIN if kind == "delivery" else PWIN
    cutoff = (deliv if kind == "delivery" else pick)["cutoff_hours"]
    d = now.date()
    for _ in range(30):
        if d not in HOL:
            for w in sorted(wins, key=lambda w: w["start"]):
                if DAYS[d.weekday()] in w["days"]:
                    h, m = map(int, w["start"].split(":"))
                    t = dt.datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
                    if t - dt.timedelta(hours=cutoff) >= now:
                        return t
        d += dt.timedelta(days=1)
    return None


# ----------------------------------------------------------------- conversations
with open(CONVS, encoding="utf-8") as fh:
    conv = yaml.safe_load(fh)
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format")
if conv.get("catalog") != "altesland.yml":
    err("conversations: catalog must be altesland.yml")
convs = conv.get("conversations", [])
if len(convs) != 30:
    err(f"conversations: {len(convs)}, want 30")

ids = set()
per_channel = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
booked_by_channel = {c: 0 for c in per_channel}
n_lines = n_vouchers = 0
shop_use = {sid: 0 for sid in shops}
turn_counts = {c: [] for c in per_channel}
for c in convs:
    cid = c.get("id", "")
    if not SLUG.match(cid) or cid in ids:
        err(f"conversation id {cid!r}")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in per_channel:
        err(f"{cid}: channel {ch}")
        continue
    per_channel[ch] += 1
    now = parse_ts(c.get("now", ""), f"{cid}.now")
    if now is None:
        continue
    if not SEASON[0] <= now.date() <= SEASON[1]:
        err(f"{cid}: now {now} outside the season")
    cust = c.get("customer") or {}
    for k in ("name", "phone", "municipality"):
        if not cust.get(k):
            err(f"{cid}: customer.{k} missing")
    if cust.get("municipality") not in munis:
        err(f"{cid}: customer municipality {cust.get('municipality')}")
    if not re.match(r"^\+49 4\d{2,4} \d{3,8}$", str(cust.get("phone", ""))):
        err(f"{cid}: customer phone")
    turns = c.get("turns") or []
    turn_counts[ch].append(len(turns))
    if not 4 <= len(turns) <= 7:
        err(f"{cid}: {len(turns)} turns, want 4-7")
    for i, t in enumerate(turns):
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{cid}: turn {i} must be a non-empty say")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[0-9.,;:!?()\"'\-+/€%\n]", s):
                err(f"{cid}: voice turn {i} not recogniser-like: {s!r}")
    exp = c.get("expect")
    if not exp or "cart" not in exp:
        err(f"{cid}: expect.cart missing")
        continue
    cart_shops = set()
    totals = {}
    for line in exp["cart"]:
        sid = line.get("shop")
        if sid not in shops:
            err(f"{cid}: unknown shop {sid}")
            continue
        cart_shops.add(sid)
        if "voucher" in line:
            n_vouchers += 1
            amt = money(line["voucher"], f"{cid}: voucher")
            v = shops[sid]["shop"].get("vouchers")
            if not v:
                err(f"{cid}: shop {sid} sells no vouchers")
            elif amt is not None and not Decimal(v["min"]) <= amt <= Decimal(v["max"]):
                err(f"{cid}: voucher {amt} outside {v['min']}..{v['max']}")
            continue
        pid = line.get("product")
        p = shops[sid]["products"].get(pid)
        if not p:
            err(f"{cid}: unknown product {sid}/{pid}")
            continue
        n_lines += 1
        q = line.get("quantity")
        if not isinstance(q, str) or not QTY.match(q):
            err(f"{cid}: quantity {q!r} of {pid} must be a decimal string")
            continue
        qd = Decimal(q)
        if qd <= 0:
            err(f"{cid}: quantity of {pid} must be > 0")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{cid}: fractional quantity {q} for piece product {pid}")
        totals[sid] = totals.get(sid, Decimal(0)) + qd * Decimal(p["price"])
    keys = [(l.get("shop"), l.get("product")) for l in exp["cart"] if "product" in l]
    if len(keys) != len(set(keys)):
        err(f"{cid}: duplicate cart line")
    for sid in cart_shops:
        shop_use[sid] += 1
    for sid, tot in totals.items():
        mo = shops[sid]["shop"].get("min_order")
        if mo and tot < Decimal(mo):
            err(f"{cid}: {sid} part {tot:.2f} below min_order {mo}")
    cl_now = closed_shops(now.date(), cart_shops)
    if cl_now:
        err(f"{cid}: now falls on a closed day of {cl_now}")
    slot = exp.get("slot")
    desc = f"{len(exp['cart'])} lines, shops {', '.join(sorted(cart_shops))}"
    if slot:
        kind = slot.get("kind")
        if kind not in booked:
            err(f"{cid}: slot kind {kind}")
            continue
        start = parse_ts(slot.get("start", ""), f"{cid}.slot.start")
        if start is None:
            continue
        booked[kind] += 1
        booked_by_channel[ch] += 1
        if kind == "pickup" and "station" not in slot:
            err(f"{cid}: pickup without station")
        if kind == "delivery" and "station" in slot:
            err(f"{cid}: delivery with station")
        probs = slot_problems(kind, start, slot.get("station"), cust, cart_shops, now)
        if probs:
            err(f"{cid}: slot {fmt(start)} impossible: {'; '.join(probs)}")
        e = earliest(kind, now)
        st = f"+{slot['station']}" if kind == "pickup" else f" to {cust.get('municipality')}"
        log.append(f"{cid}: now {fmt(now)} -> {kind} {fmt(start)}{st} (window ok, no holiday, cutoff ok, "
                   f"shops open, min_order ok; earliest possible {e.strftime('%a %d.%m. %H:%M')}; {desc})")
    else:
        log.append(f"{cid}: now {fmt(now)} -> no slot (cart only, {desc})")
    if cid in FIRST_ASKED:
        kind, s, station, reason = FIRST_ASKED[cid]
        t = parse_ts(s, f"{cid}: first asked")
        day = DAYS[t.weekday()]
        wins = DWIN if kind == "delivery" else PWIN
        if not any(day in w["days"] and w["start"] == t.strftime("%H:%M") for w in wins):
            err(f"{cid}: first-asked {t} is not a template window")
        probs = slot_problems(kind, t, station, cust, cart_shops, now)
        want = {"holiday": "holiday", "cutoff": "past cutoff", "closed": "closed"}[reason]
        if len(probs) != 1 or not probs[0].startswith(want):
            err(f"{cid}: first-asked {t} should be impossible for exactly '{reason}', got {probs}")
        FIRST_ASKED[cid] = (kind, t, station, "; ".join(probs))

for cid, (kind, t, station, why) in FIRST_ASKED.items():
    if isinstance(t, str):
        err(f"{cid}: first-asked listed but conversation missing")
        continue
    log.append(f"{cid}: first asked {kind} {fmt(t)}{'+' + station if station else ''} -> impossible ({why})")

for ch, n in per_channel.items():
    if n != 10:
        err(f"channel {ch}: {n} conversations, want 10")
nb = sum(booked.values())
if not 13 <= nb <= 17:
    err(f"{nb} conversations book a window, want about half")
for sid, n in shop_use.items():
    if n < 3:
        err(f"shop {sid} in only {n} carts")
if n_vouchers < 1:
    err("no voucher line")

log.append(f"channels voice/telegram/web {per_channel['voice']}/{per_channel['telegram']}/{per_channel['web']}; "
           f"booked delivery {booked['delivery']}, pick-up {booked['pickup']} "
           f"(voice {booked_by_channel['voice']}, telegram {booked_by_channel['telegram']}, web {booked_by_channel['web']}); "
           f"cart lines {n_lines}; voucher lines {n_vouchers}")
log.append("turns per conversation: " + ", ".join(
    f"{ch} {min(v)}-{max(v)}" for ch, v in turn_counts.items() if v))
log.append("shop appearances (conversations): " + ", ".join(f"{k} {v}" for k, v in shop_use.items()))

for line in log:
    print(line)
for e in errors:
    print("ERROR:", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
