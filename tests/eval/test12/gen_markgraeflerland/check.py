#!/usr/bin/env python3
"""Check markgraeflerland.yml (kiepe-catalog/1) and markgraeflerland_1.yml (kiepe-conversations/1).

Run from anywhere: python3 gen_markgraeflerland/check.py
Prints a log and the number of errors; exit status 0 only with 0 errors.
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CATALOG = os.path.join(ROOT, "markgraeflerland.yml")
CONVS = os.path.join(ROOT, "markgraeflerland_1.yml")
TZ = ZoneInfo("Europe/Berlin")
SEASON = (dt.date(2031, 5, 1), dt.date(2031, 8, 31))
STATE = "BW"

errors = []


def err(msg):
    errors.append(msg)
    print("ERROR: " + msg)


SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DEC = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^\d+(\.\d{1,3})?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
ALCOHOL_CATEGORIES = {"Bier", "Weißwein", "Rotwein", "Rosé", "Sekt", "Brände"}

# Residents' regional and everyday words: they must not appear in any product name or alias.
RESIDENT_WORDS = ["weckli", "anke", "grumbiire", "kriesi", "suur", "johannisträubli", "himbeeri",
                  "heidelbeeri", "erdbeeri", "rüebli", "zibele", "gugummere", "kischte", "sprudel",
                  "spargle", "brotwürscht", "wurscht", "bibbeliskäs", "münschter", "guttere",
                  "gugelhopf", "zwetschge ", "zwetschgekueche", "kueche", "iiswürfel", "gsälz",
                  "marmelad ", "schälli", "päckli", "beck "]

# --------------------------------------------------------------------------- holidays
# Hard-coded public holidays of Baden-Württemberg in the season (1 May – 31 Aug 2031) ...
BW_HOLIDAYS_SEASON = {
    dt.date(2031, 5, 1): "Tag der Arbeit",
    dt.date(2031, 5, 22): "Christi Himmelfahrt",
    dt.date(2031, 6, 2): "Pfingstmontag",
    dt.date(2031, 6, 12): "Fronleichnam",
}


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
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def bw_holidays(year):
    e = easter(year)
    td = dt.timedelta
    return {
        dt.date(year, 1, 1): "Neujahr", dt.date(year, 1, 6): "Heilige Drei Könige",
        e - td(days=2): "Karfreitag", e + td(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit", e + td(days=39): "Christi Himmelfahrt",
        e + td(days=50): "Pfingstmontag", e + td(days=60): "Fronleichnam",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit", dt.date(year, 11, 1): "Allerheiligen",
        dt.date(year, 12, 25): "1. Weihnachtstag", dt.date(year, 12, 26): "2. Weihnachtstag",
    }


computed = {d: n for d, n in bw_holidays(2031).items() if SEASON[0] <= d <= SEASON[1]}
if computed != BW_HOLIDAYS_SEASON:
    err(f"hard-coded BW holidays {BW_HOLIDAYS_SEASON} differ from computed {computed}")
HOLIDAYS = BW_HOLIDAYS_SEASON

# The first day a resident asks for, which must be impossible for exactly the reason given.
FIRST_ASKED = {
    "mg-v-vatertag-kischte": ("delivery", None, "2031-05-22T09:00:00+02:00", "holiday"),
    "mg-v-fronleichnam-forelle": ("delivery", None, "2031-06-12T09:00:00+02:00", "holiday"),
    "mg-v-metzger-betriebsferie": ("delivery", None, "2031-08-19T09:00:00+02:00", "closed"),
    "mg-t-spargel-abholen-zu-spaet": ("pickup", "heitersheim-rathaus", "2031-05-12T15:00:00+02:00", "cutoff"),
    "mg-t-forelle-betriebsruhe": ("delivery", None, "2031-07-08T09:00:00+02:00", "closed"),
    "mg-t-zopf-betriebsurlaub": ("delivery", None, "2031-07-28T09:00:00+02:00", "closed"),
    "mg-w-brueckentag-kaeserei": ("delivery", None, "2031-05-23T09:00:00+02:00", "closed"),
    "mg-w-pfingstmontag-abholung": ("pickup", "heitersheim-rathaus", "2031-06-02T15:00:00+02:00", "holiday"),
}


def dec(v, where, allow_zero=False):
    if not isinstance(v, str) or not DEC.match(v):
        err(f"{where}: {v!r} is not a decimal string with 2 places")
        return None
    d = Decimal(v)
    if d == 0 and not allow_zero:
        err(f"{where}: zero")
    return d


def parse_date(v, where):
    try:
        return dt.date.fromisoformat(v)
    except Exception:
        err(f"{where}: bad date {v!r}")
        return None


# --------------------------------------------------------------------------- catalog
cat = yaml.safe_load(open(CATALOG, encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format")
reg = cat["region"]
for k in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if k not in reg:
        err(f"region: missing {k}")
if reg["id"] != "markgraeflerland" or not SLUG.match(reg["id"]):
    err("region id")
if reg["timezone"] != "Europe/Berlin" or reg["currency"] != "EUR":
    err("region timezone/currency")
if reg.get("holidays") != STATE:
    err("region holidays must be BW")

munis = {}
for m in reg["municipalities"]:
    if not SLUG.match(m["id"]) or m["id"] in munis:
        err(f"municipality id {m['id']}")
    pcs = m.get("postcodes")
    if not pcs or not all(isinstance(p, str) and re.match(r"^\d{5}$", p) for p in pcs):
        err(f"municipality {m['id']}: postcodes must be quoted 5-digit strings")
    munis[m["id"]] = m
if len(munis) != 5:
    err("need 5 municipalities")

stations = {}
for s in reg["pickup_stations"]:
    if not SLUG.match(s["id"]) or s["id"] in stations:
        err(f"station id {s['id']}")
    if s.get("municipality") not in munis:
        err(f"station {s['id']}: unknown municipality")
    elif not any(pc in s.get("address", "") for pc in munis[s["municipality"]]["postcodes"]):
        err(f"station {s['id']}: address lacks the municipality's postcode")
    stations[s["id"]] = s
if not 2 <= len(stations) <= 3:
    err("need 2-3 stations")


def check_windows(kind, block):
    wins = block.get("windows") or []
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(f"{kind}: cutoff_hours")
    for i, w in enumerate(wins):
        where = f"{kind}.windows[{i}]"
        if not w.get("days") or any(d not in DAYS for d in w["days"]):
            err(f"{where}: days")
        if not (HHMM.match(str(w.get("start"))) and HHMM.match(str(w.get("end")))) or w["start"] >= w["end"]:
            err(f"{where}: start/end")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{where}: capacity")
    return wins


DELIV = reg["delivery"]
PICK = reg["pickup"]
dec(DELIV.get("fee"), "delivery.fee")
if "free_from" in DELIV:
    dec(DELIV["free_from"], "delivery.free_from")
DWIN = check_windows("delivery", DELIV)
PWIN = check_windows("pickup", PICK)
tol = reg.get("weighed_goods", {}).get("tolerance_percent")
if tol is not None and (not isinstance(tol, int) or not 0 <= tol <= 100):
    err("weighed_goods.tolerance_percent")

shops = {}
n_products = n_services = 0
used_optional = {"min_order": 0, "closed": 0, "min_age": 0, "deposit": 0, "allergens": 0, "substitutes": 0,
                 "vouchers": 0, "aliases": 0, "kg": 0}
closures = {}
for sh in cat["shops"]:
    sid = sh["id"]
    if not SLUG.match(sid) or sid in shops:
        err(f"shop id {sid}")
    for k in ("name", "kind", "municipality", "phone", "products"):
        if k not in sh:
            err(f"shop {sid}: missing {k}")
    if sh["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {sid}: kind")
    if sh["municipality"] not in munis:
        err(f"shop {sid}: municipality")
    if not re.match(r"^\+49 7\d{3} \d{4,6}$", sh["phone"]):
        err(f"shop {sid}: phone {sh['phone']}")
    if "min_order" in sh:
        dec(sh["min_order"], f"{sid}.min_order")
        used_optional["min_order"] += 1
    closed = []
    for c in sh.get("closed", []) or []:
        if isinstance(c, str):
            d = parse_date(c, f"{sid}.closed")
            if d:
                closed.append((d, d))
        elif isinstance(c, dict) and set(c) == {"from", "to"}:
            a, b = parse_date(c["from"], f"{sid}.closed.from"), parse_date(c["to"], f"{sid}.closed.to")
            if a and b:
                if a > b:
                    err(f"{sid}.closed: from after to")
                closed.append((a, b))
        else:
            err(f"{sid}.closed: bad entry {c!r}")
    for a, b in closed:
        if not (SEASON[0] <= a and b <= SEASON[1]):
            err(f"{sid}.closed {a}..{b} outside season")
    if closed:
        used_optional["closed"] += 1
    closures[sid] = closed
    prods = {}
    for p in sh["products"]:
        pid = p.get("id", "?")
        where = f"{sid}/{pid}"
        if not SLUG.match(pid) or pid in prods:
            err(f"{where}: id")
        if not p.get("name"):
            err(f"{where}: name")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{where}: unit")
        if p["unit"] == "kg":
            used_optional["kg"] += 1
        if p["unit"] == "piece" and not p.get("label"):
            err(f"{where}: piece without label")
        dec(p.get("price"), f"{where}.price")
        if p.get("vat") not in (7, 19):
            err(f"{where}: vat")
        if "size" in p and not isinstance(p["size"], str):
            err(f"{where}: size must be a string")
        if "deposit" in p:
            dec(p["deposit"], f"{where}.deposit")
            used_optional["deposit"] += 1
        if "min_age" in p:
            if p["min_age"] not in (16, 18):
                err(f"{where}: min_age")
            used_optional["min_age"] += 1
        if p.get("category") in ALCOHOL_CATEGORIES and "alkoholfrei" not in p["name"] and "min_age" not in p:
            err(f"{where}: alcoholic drink without min_age")
        if p.get("category") == "Brände" and p.get("min_age") != 18:
            err(f"{where}: spirits need min_age 18")
        if "allergens" in p:
            if not p["allergens"] or any(a not in ALLERGENS for a in p["allergens"]):
                err(f"{where}: allergens {p['allergens']}")
            used_optional["allergens"] += 1
        if "aliases" in p:
            used_optional["aliases"] += 1
        text = " ".join([p["name"]] + list(p.get("aliases", []))).lower() + " "
        for w in RESIDENT_WORDS:
            if w in text:
                err(f"{where}: resident word {w!r} in name/alias")
        prods[pid] = p
    for p in sh["products"]:
        for s in p.get("substitutes", []) or []:
            used_optional["substitutes"] += 1
            if s not in prods or s == p["id"]:
                err(f"{sid}/{p['id']}: substitute {s}")
    for sv in sh.get("services", []) or []:
        n_services += 1
        if not SLUG.match(sv.get("id", "")) or not sv.get("name"):
            err(f"{sid}: service id/name")
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"{sid}/{sv.get('id')}: duration_minutes")
        dec(sv.get("price"), f"{sid}/{sv.get('id')}.price")
        if sv.get("vat") not in (7, 19):
            err(f"{sid}/{sv.get('id')}: vat")
    if "vouchers" in sh:
        lo = dec(sh["vouchers"].get("min"), f"{sid}.vouchers.min")
        hi = dec(sh["vouchers"].get("max"), f"{sid}.vouchers.max")
        if lo is not None and hi is not None and lo > hi:
            err(f"{sid}: voucher min > max")
        used_optional["vouchers"] += 1
    n_products += len(prods)
    shops[sid] = {"shop": sh, "products": prods}

if len(shops) != 10:
    err("need 10 shops")
if not 150 <= n_products <= 170:
    err(f"{n_products} products, need 150-170")
if not 4 <= n_services <= 6:
    err(f"{n_services} services, need 4-6")
if not 2 <= used_optional["vouchers"] <= 3:
    err("need 2-3 shops with vouchers")
for k, v in used_optional.items():
    if v == 0:
        err(f"optional feature {k} never used")
for sid in ("metzgerei-suetterlin", "hofkaeserei-riesterer", "spargelhof-graesslin"):
    if not any(p["unit"] == "kg" for p in shops[sid]["products"].values()):
        err(f"{sid}: no weighed goods")

print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
      f"{n_products} products, {n_services} services, vouchers at {used_optional['vouchers']} shops")
print("BW holidays in season (hard-coded, equal to computed): " + ", ".join(
    f"{d.strftime('%a')} {d} {n}" for d, n in sorted(HOLIDAYS.items())))
print(f"Easter 2031 (computed): {easter(2031)}")
print("closures in season: " + "; ".join(
    f"{sid} {a}..{b}" if a != b else f"{sid} {a}" for sid, cl in closures.items() for a, b in cl))


# --------------------------------------------------------------------------- slots
def is_closed(sid, day):
    return any(a <= day <= b for a, b in closures[sid])


def window_for(kind, start):
    wins = DWIN if kind == "delivery" else PWIN
    day = DAYS[start.weekday()]
    hm = start.strftime("%H:%M")
    for w in wins:
        if day in w["days"] and w["start"] == hm:
            return w
    return None


def cutoff(kind):
    return dt.timedelta(hours=(DELIV if kind == "delivery" else PICK)["cutoff_hours"])


def parse_ts(v, where):
    try:
        t = dt.datetime.fromisoformat(v)
    except Exception:
        err(f"{where}: bad timestamp {v!r}")
        return None
    if t.tzinfo is None:
        err(f"{where}: no offset")
        return None
    if t.utcoffset() != t.astimezone(TZ).utcoffset():
        err(f"{where}: offset {t.utcoffset()} is not Europe/Berlin's")
    return t


def earliest(kind, now):
    t = now.astimezone(TZ).replace(minute=0, second=0, microsecond=0)
    for _ in range(24 * 21):
        t += dt.timedelta(hours=1)
        if window_for(kind, t) and t.date() not in HOLIDAYS and t - cutoff(kind) >= now:
            return t
    return None


def impossible_reasons(kind, start, now, cart_shops):
    r = []
    if not window_for(kind, start):
        r.append("no window")
    if start.date() in HOLIDAYS:
        r.append("holiday")
    if start - cutoff(kind) < now:
        r.append("cutoff")
    if any(is_closed(s, start.date()) for s in cart_shops):
        r.append("closed")
    return r


# --------------------------------------------------------------------------- conversations
conv = yaml.safe_load(open(CONVS, encoding="utf-8"))
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format")
if conv.get("catalog") != "markgraeflerland.yml":
    err("conversations: catalog")
convs = conv["conversations"]
if len(convs) != 30:
    err(f"{len(convs)} conversations, need 30")
ids = set()
channels = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
booked_by_channel = {c: {"delivery": 0, "pickup": 0, "none": 0} for c in channels}
shop_use = {s: 0 for s in shops}
n_lines = n_vouchers = 0
logs, first_logs = [], []
VOICE_OK = re.compile(r"^[a-zäöüßé ]+$")  # é: the recogniser writes "café"

for c in convs:
    cid = c.get("id", "?")
    if not SLUG.match(cid) or cid in ids:
        err(f"conversation id {cid}")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in channels:
        err(f"{cid}: channel")
        continue
    channels[ch] += 1
    now = parse_ts(c.get("now"), f"{cid}.now")
    if now and not SEASON[0] <= now.astimezone(TZ).date() <= SEASON[1]:
        err(f"{cid}: now outside season")
    cust = c.get("customer") or {}
    if not cust.get("name") or not re.match(r"^\+49 \d{3,4} \d{4,8}$", cust.get("phone", "")):
        err(f"{cid}: customer name/phone")
    if cust.get("municipality") not in munis:
        err(f"{cid}: customer municipality")
    turns = c.get("turns") or []
    if not 4 <= len(turns) <= 7:
        err(f"{cid}: {len(turns)} turns")
    for i, t in enumerate(turns):
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{cid}: turn {i} is not a single say")
            continue
        if ch == "voice" and not VOICE_OK.match(t["say"]):
            err(f"{cid}: voice turn {i} has capitals, digits or punctuation")
    ex = c.get("expect")
    if not ex or "cart" not in ex:
        err(f"{cid}: expect.cart missing")
        continue
    totals, cart_shops, seen = {}, set(), set()
    for ln in ex["cart"]:
        sid = ln.get("shop")
        if sid not in shops:
            err(f"{cid}: unknown shop {sid}")
            continue
        cart_shops.add(sid)
        if "voucher" in ln:
            n_vouchers += 1
            v = dec(ln["voucher"], f"{cid}.voucher")
            vb = shops[sid]["shop"].get("vouchers")
            if not vb:
                err(f"{cid}: voucher at {sid}, which has none")
            elif v is not None and not Decimal(vb["min"]) <= v <= Decimal(vb["max"]):
                err(f"{cid}: voucher {v} out of range at {sid}")
            continue
        pid = ln.get("product")
        p = shops[sid]["products"].get(pid)
        if not p:
            err(f"{cid}: unknown product {sid}/{pid}")
            continue
        if (sid, pid) in seen:
            err(f"{cid}: duplicate line {sid}/{pid}")
        seen.add((sid, pid))
        q = ln.get("quantity")
        if not isinstance(q, str) or not QTY.match(q):
            err(f"{cid}: quantity {q!r} of {pid}")
            continue
        qd = Decimal(q)
        if qd <= 0:
            err(f"{cid}: quantity {q} of {pid}")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{cid}: fractional quantity {q} for piece product {pid}")
        n_lines += 1
        totals[sid] = totals.get(sid, Decimal(0)) + qd * Decimal(p["price"])
    for sid, tot in totals.items():
        mo = shops[sid]["shop"].get("min_order")
        if mo and tot < Decimal(mo):
            err(f"{cid}: {sid} part {tot:.2f} below min_order {mo}")
    for sid in cart_shops:
        shop_use[sid] += 1
        if now and is_closed(sid, now.astimezone(TZ).date()):
            err(f"{cid}: now is a closed day of {sid}")
    slot = ex.get("slot")
    nlines = len(ex["cart"])
    shop_list = ", ".join(sorted(cart_shops))
    wd = now.strftime("%a") if now else "?"
    if not slot:
        booked_by_channel[ch]["none"] += 1
        logs.append(f"{cid}: now {wd} {now:%Y-%m-%d %H:%M%z} -> no slot (cart only, {nlines} lines, shops {shop_list})")
    else:
        kind = slot.get("kind")
        if kind not in ("delivery", "pickup"):
            err(f"{cid}: slot kind")
            continue
        booked[kind] += 1
        booked_by_channel[ch][kind] += 1
        start = parse_ts(slot.get("start"), f"{cid}.slot.start")
        if not start:
            continue
        if kind == "pickup":
            if slot.get("station") not in stations:
                err(f"{cid}: pickup station {slot.get('station')}")
        else:
            if "station" in slot:
                err(f"{cid}: delivery with station")
            if not cust.get("street"):
                err(f"{cid}: delivery without customer street")
        reasons = impossible_reasons(kind, start, now, cart_shops)
        if reasons:
            err(f"{cid}: slot {start} impossible: {reasons}")
        e = earliest(kind, now)
        where = f"+{slot['station']}" if kind == "pickup" else ""
        logs.append(f"{cid}: now {wd} {now:%Y-%m-%d %H:%M%z} -> {kind} {start:%a %Y-%m-%d %H:%M%z}{where} "
                    f"(window ok, no holiday, cutoff ok, shops open, min_order ok; earliest possible "
                    f"{e:%a %d.%m. %H:%M}; {nlines} lines, shops {shop_list})")
    if cid in FIRST_ASKED:
        fk, fst, fts, why = FIRST_ASKED[cid]
        ft = parse_ts(fts, f"{cid}.first_asked")
        if not slot:
            err(f"{cid}: first-asked day listed but no slot expected")
        if not window_for(fk, ft):
            err(f"{cid}: first-asked {ft} is no template window")
        r = impossible_reasons(fk, ft, now, cart_shops)
        if r != [why]:
            err(f"{cid}: first-asked {ft} impossible for {r}, expected [{why}]")
        extra = ""
        if why == "holiday":
            extra = " " + HOLIDAYS[ft.date()]
        elif why == "closed":
            extra = " " + ", ".join(s for s in sorted(cart_shops) if is_closed(s, ft.date()))
        first_logs.append(f"{cid}: first asked {fk} {ft:%a %Y-%m-%d %H:%M%z}"
                          f"{'+' + fst if fst else ''} -> impossible ({why}{extra})")

for ch, n in channels.items():
    if n != 10:
        err(f"{n} {ch} conversations, need 10")
nb = booked["delivery"] + booked["pickup"]
if not 13 <= nb <= 17:
    err(f"{nb} conversations book a window; about half wanted")
for sid, n in shop_use.items():
    if n < 3:
        err(f"shop {sid} in only {n} carts")
if n_vouchers < 2:
    err("fewer than 2 voucher lines")
if len(FIRST_ASKED) < 4:
    err("too few impossible-first-day conversations")

for l in logs + first_logs:
    print(l)
print("channels voice/telegram/web {}/{}/{}; booked delivery {}, pick-up {}; cart lines {}; voucher lines {}".format(
    channels["voice"], channels["telegram"], channels["web"], booked["delivery"], booked["pickup"], n_lines, n_vouchers))
for ch in channels:
    b = booked_by_channel[ch]
    print(f"  {ch}: delivery {b['delivery']}, pick-up {b['pickup']}, cart only {b['none']}")
print("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in shop_use.items()))
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
