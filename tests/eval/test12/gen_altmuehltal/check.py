#!/usr/bin/env python3
"""Check altmuehltal.yml (kiepe-catalog/1) and altmuehltal_1.yml (kiepe-conversations/1).

Run from anywhere: python3 gen_altmuehltal/check.py
Prints a log and the number of errors; exit status 0 only without errors.
"""
import os
import re
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CATALOG = os.path.join(ROOT, "altmuehltal.yml")
CONVS = os.path.join(ROOT, "altmuehltal_1.yml")
TZ = ZoneInfo("Europe/Berlin")
SEASON = (date(2031, 5, 1), date(2031, 8, 31))
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DNAME = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MONEY = re.compile(r"^\d+\.\d{2}$")

# Words the residents use; none of them may appear as a word in a product name or alias.
RESIDENT_WORDS = ["erdäpfel", "erdäpfl", "gelbe rüben", "rüam", "radi", "radieserl", "reherl",
                  "schwarzbeer", "ribisl", "topfen", "schlagrahm", "rahm", "wammerl", "halsgrat",
                  "gselchts", "spezi", "tragl", "kastl", "datschi", "brezn", "brezen",
                  "rehschlegel", "schlegel", "weißwürscht", "schwammerl", "graicherte",
                  "stangerl", "packerl", "schalerl", "sixer", "pressack", "bäck", "leberkäs",
                  "bratwürstl", "kräuterbuschn", "obatzdn", "glasl"]

# Conversations that first ask for an impossible window, then name the one expected.
FIRST_ASKED = {
    "am-v-vatertag-feiertag": ("delivery", "2031-05-22T09:00:00+02:00", None, "holiday"),
    "am-v-prangertag-brotzeit": ("pickup", "2031-06-12T15:00:00+02:00", "riedenburg-marktplatz", "holiday"),
    "am-v-schwammerl-zu-spaet": ("pickup", "2031-08-01T15:00:00+02:00", "beilngries-hauptstrasse", "cutoff"),
    "am-t-brueckentag-gemuese": ("delivery", "2031-05-02T09:00:00+02:00", None, "closed"),
    "am-t-pfingstmontag-lamm": ("pickup", "2031-06-02T15:00:00+02:00", "beilngries-hauptstrasse", "holiday"),
    "am-t-fisch-betriebsurlaub": ("delivery", "2031-07-22T16:00:00+02:00", None, "closed"),
    "am-w-nachbarn-grillen": ("delivery", "2031-05-23T09:00:00+02:00", None, "closed"),
    "am-w-datschi-urlaub": ("pickup", "2031-08-18T15:00:00+02:00", "eichstaett-bahnhof", "closed"),
}

errors = []
log = []


def err(msg):
    errors.append(msg)
    log.append("ERROR: " + msg)


def easter(y):
    a = y % 19; b = y // 100; c = y % 100; d = b // 4; e = b % 4; f = (b + 8) // 25
    g = (b - f + 1) // 3; h = (19 * a + b - d - g + 15) % 30; i = c // 4; k = c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7; m = (a + 11 * h + 22 * l) // 451
    mo = (h + l - 7 * m + 114) // 31; da = (h + l - 7 * m + 114) % 31 + 1
    return date(y, mo, da)


def by_holidays(y):
    e = easter(y)
    h = {
        date(y, 1, 1): "Neujahr", date(y, 1, 6): "Heilige Drei Könige",
        e - timedelta(2): "Karfreitag", e + timedelta(1): "Ostermontag",
        date(y, 5, 1): "Tag der Arbeit", e + timedelta(39): "Christi Himmelfahrt",
        e + timedelta(50): "Pfingstmontag", e + timedelta(60): "Fronleichnam",
        # Mariä Himmelfahrt: holiday in Bavarian communities with a Catholic majority,
        # which all five municipalities of the region are.
        date(y, 8, 15): "Mariä Himmelfahrt",
        date(y, 10, 3): "Tag der Deutschen Einheit", date(y, 11, 1): "Allerheiligen",
        date(y, 12, 25): "1. Weihnachtstag", date(y, 12, 26): "2. Weihnachtstag",
    }
    return h


HOL = by_holidays(2031)


def dec(v, where, allow_zero=False):
    if not isinstance(v, str):
        err(f"{where}: must be a decimal string, got {v!r}")
        return None
    try:
        d = Decimal(v)
    except InvalidOperation:
        err(f"{where}: not a decimal: {v!r}")
        return None
    if d < 0 or (d == 0 and not allow_zero):
        err(f"{where}: must be positive: {v!r}")
    return d


def money(v, where):
    if not isinstance(v, str) or not MONEY.match(v):
        err(f"{where}: money must be a string like '3.90', got {v!r}")
        return None
    return Decimal(v)


def parse_date(v, where):
    if isinstance(v, date):
        err(f"{where}: date must be quoted: {v}")
        return v
    try:
        return date.fromisoformat(v)
    except Exception:
        err(f"{where}: bad date {v!r}")
        return None


# ---------------------------------------------------------------- catalog
cat = yaml.safe_load(open(CATALOG, encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")
reg = cat["region"]
for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in reg:
        err(f"region.{f} missing")
if reg.get("id") != "altmuehltal":
    err("region.id must be altmuehltal")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("region timezone/currency")
if reg.get("holidays") != "BY":
    err("region.holidays must be BY")

munis = {}
for m in reg["municipalities"]:
    if not SLUG.match(m["id"]):
        err(f"municipality id {m['id']}")
    pcs = m.get("postcodes")
    if not pcs or not all(isinstance(p, str) and re.fullmatch(r"\d{5}", p) for p in pcs):
        err(f"municipality {m['id']}: postcodes must be quoted 5-digit strings")
    munis[m["id"]] = m
if len(munis) != 5:
    err(f"need 5 municipalities, have {len(munis)}")

stations = {}
for s in reg["pickup_stations"]:
    if not SLUG.match(s["id"]):
        err(f"station id {s['id']}")
    if s.get("municipality") not in munis:
        err(f"station {s['id']}: unknown municipality")
    elif not any(p in s.get("address", "") for p in munis[s["municipality"]]["postcodes"]):
        err(f"station {s['id']}: address lacks the municipality's postcode")
    stations[s["id"]] = s
if not 2 <= len(stations) <= 3:
    err("need 2-3 pick-up stations")


def check_windows(ws, where):
    out = []
    for i, w in enumerate(ws):
        if not w.get("days") or any(d not in DAYS for d in w["days"]):
            err(f"{where}[{i}].days")
        for k in ("start", "end"):
            if not isinstance(w.get(k), str) or not HHMM.match(w[k]):
                err(f"{where}[{i}].{k} must be 'HH:MM'")
        if w["start"] >= w["end"]:
            err(f"{where}[{i}]: start not before end")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{where}[{i}].capacity")
        out.append(w)
    return out


dl = reg["delivery"]
money(dl.get("fee"), "delivery.fee")
if "free_from" in dl:
    money(dl["free_from"], "delivery.free_from")
if not isinstance(dl.get("cutoff_hours"), int):
    err("delivery.cutoff_hours")
DWIN = check_windows(dl["windows"], "delivery.windows")
pu = reg["pickup"]
if not isinstance(pu.get("cutoff_hours"), int):
    err("pickup.cutoff_hours")
PWIN = check_windows(pu["windows"], "pickup.windows")
tol = reg.get("weighed_goods", {}).get("tolerance_percent")
if not isinstance(tol, int) or not 0 <= tol <= 100:
    err("weighed_goods.tolerance_percent")

shops = {}
nprod = nserv = 0
voucher_shops = []
closures = []
used = {"min_order": 0, "closed": 0, "min_age": 0, "deposit": 0, "allergens": 0, "substitutes": 0,
        "kg": 0, "aliases": 0}
word_re = [(w, re.compile(r"(?<![a-zäöüß])" + re.escape(w) + r"(?![a-zäöüß])")) for w in RESIDENT_WORDS]
for sh in cat["shops"]:
    sid = sh["id"]
    if not SLUG.match(sid):
        err(f"shop id {sid}")
    if sid in shops:
        err(f"duplicate shop {sid}")
    for f in ("name", "kind", "municipality", "phone", "products"):
        if f not in sh:
            err(f"shop {sid}: {f} missing")
    if sh["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {sid}: kind")
    if sh["municipality"] not in munis:
        err(f"shop {sid}: municipality")
    if not re.fullmatch(r"\+49 \d{3,5} \d{3,8}", sh["phone"]):
        err(f"shop {sid}: phone {sh['phone']}")
    if "min_order" in sh:
        money(sh["min_order"], f"{sid}.min_order"); used["min_order"] += 1
    cl = []
    for c in sh.get("closed", []):
        if isinstance(c, dict):
            a = parse_date(c.get("from"), f"{sid}.closed.from"); b = parse_date(c.get("to"), f"{sid}.closed.to")
            if a and b and a > b:
                err(f"{sid}: closed range reversed")
            cl.append((a, b))
        else:
            d = parse_date(c, f"{sid}.closed")
            cl.append((d, d))
    if cl:
        used["closed"] += 1
    for a, b in cl:
        if a <= SEASON[1] and b >= SEASON[0]:
            closures.append(f"{sid} {a}" + (f"..{b}" if b != a else ""))
    sh["_closed"] = cl
    if "vouchers" in sh:
        vmin = money(sh["vouchers"].get("min"), f"{sid}.vouchers.min")
        vmax = money(sh["vouchers"].get("max"), f"{sid}.vouchers.max")
        if vmin is not None and vmax is not None and vmin > vmax:
            err(f"{sid}: voucher min > max")
        voucher_shops.append(sid)
    for sv in sh.get("services", []):
        nserv += 1
        if not SLUG.match(sv["id"]) or not sv.get("name"):
            err(f"{sid} service {sv.get('id')}")
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"{sid} service {sv['id']}: duration_minutes")
        money(sv.get("price"), f"{sid}.{sv['id']}.price")
        if sv.get("vat") not in (7, 19):
            err(f"{sid} service {sv['id']}: vat")
    prods = {}
    for p in sh["products"]:
        pid = p["id"]
        where = f"{sid}.{pid}"
        if not SLUG.match(pid):
            err(f"{where}: id")
        if pid in prods:
            err(f"{where}: duplicate")
        if not p.get("name"):
            err(f"{where}: name")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{where}: unit")
        if p["unit"] == "kg":
            used["kg"] += 1
        money(p.get("price"), f"{where}.price")
        if p.get("vat") not in (7, 19):
            err(f"{where}: vat")
        if "size" in p and not isinstance(p["size"], str):
            err(f"{where}: size must be a string")
        if "label" in p and not isinstance(p["label"], str):
            err(f"{where}: label")
        if "deposit" in p:
            money(p["deposit"], f"{where}.deposit"); used["deposit"] += 1
        if "min_age" in p:
            if p["min_age"] not in (16, 18):
                err(f"{where}: min_age must be 16 or 18")
            used["min_age"] += 1
        if "allergens" in p:
            used["allergens"] += 1
            for a in p["allergens"]:
                if a not in ALLERGENS:
                    err(f"{where}: unknown allergen {a}")
        if "aliases" in p:
            used["aliases"] += 1
        text = " ".join([p["name"]] + list(p.get("aliases", []))).lower()
        for w, rx in word_re:
            if rx.search(text):
                err(f"{where}: resident word '{w}' in name/alias")
        prods[pid] = p
    for pid, p in prods.items():
        for s in p.get("substitutes", []):
            if s not in prods or s == pid:
                err(f"{sid}.{pid}: substitute {s} not another product of the shop")
        if p.get("substitutes"):
            used["substitutes"] += 1
    nprod += len(prods)
    sh["_products"] = prods
    shops[sid] = sh

if len(shops) != 10:
    err(f"need 10 shops, have {len(shops)}")
if not 150 <= nprod <= 170:
    err(f"need 150-170 products, have {nprod}")
if not 4 <= nserv <= 6:
    err(f"need 4-6 services, have {nserv}")
if not 2 <= len(voucher_shops) <= 3:
    err("need 2-3 shops with vouchers")
for k, v in used.items():
    if v == 0:
        err(f"catalog never uses {k}")

log.append(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
           f"{nprod} products, {nserv} services, vouchers at {len(voucher_shops)} shops "
           f"({', '.join(voucher_shops)})")
log.append("per shop: " + ", ".join(f"{s} {len(sh['_products'])}" for s, sh in shops.items()))
log.append("BY holidays in season (computed): " + ", ".join(
    f"{DNAME[d.weekday()]} {d} {n}" for d, n in sorted(HOL.items()) if SEASON[0] <= d <= SEASON[1]))
log.append(f"Easter 2031 (computed): {easter(2031)}")
log.append("closures in season: " + "; ".join(closures))


# ---------------------------------------------------------------- slots
def window_at(kind, start):
    wins = DWIN if kind == "delivery" else PWIN
    wd = DAYS[start.weekday()]
    for w in wins:
        if wd in w["days"] and start.strftime("%H:%M") == w["start"]:
            return w
    return None


def closed_shops(day, shop_ids):
    return [s for s in shop_ids if any(a <= day <= b for a, b in shops[s]["_closed"])]


def slot_problem(kind, start, now, shop_ids, station, customer):
    """Return None if bookable, else a reason."""
    if start.utcoffset() != start.astimezone(TZ).utcoffset():
        return "offset"
    loc = start.astimezone(TZ)
    if window_at(kind, loc) is None:
        return "no window"
    if loc.date() in HOL:
        return "holiday"
    cutoff = dl["cutoff_hours"] if kind == "delivery" else pu["cutoff_hours"]
    if loc - timedelta(hours=cutoff) < now:
        return "cutoff"
    if closed_shops(loc.date(), shop_ids):
        return "closed"
    if kind == "pickup" and station not in stations:
        return "station"
    if kind == "delivery" and not customer.get("street"):
        return "street"
    return None


def earliest(kind, now):
    t = now.replace(minute=0, second=0, microsecond=0)
    for h in range(0, 24 * 14):
        c = (t + timedelta(hours=h)).astimezone(TZ)
        for mm in (0, 30):
            c2 = c.replace(minute=mm)
            if window_at(kind, c2) and c2.date() not in HOL:
                cut = dl["cutoff_hours"] if kind == "delivery" else pu["cutoff_hours"]
                if c2 - timedelta(hours=cut) >= now:
                    return c2
    return None


# ---------------------------------------------------------------- conversations
conv = yaml.safe_load(open(CONVS, encoding="utf-8"))
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format")
if conv.get("catalog") != "altmuehltal.yml":
    err("conversations: catalog must be altmuehltal.yml")
ids = set()
chan = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
lines = vouchers = 0
appear = {s: 0 for s in shops}
for c in conv["conversations"]:
    cid = c["id"]
    if not SLUG.match(cid) or cid in ids:
        err(f"{cid}: bad or duplicate id")
    ids.add(cid)
    extra = set(c) - {"id", "channel", "now", "customer", "tags", "turns", "expect"}
    if extra:
        err(f"{cid}: unknown fields {extra}")
    if c["channel"] not in chan:
        err(f"{cid}: channel")
    chan[c["channel"]] += 1
    try:
        now = datetime.fromisoformat(c["now"])
    except Exception:
        err(f"{cid}: now")
        continue
    if now.utcoffset() != now.astimezone(TZ).utcoffset():
        err(f"{cid}: now has the wrong UTC offset")
    if not SEASON[0] <= now.date() <= SEASON[1]:
        err(f"{cid}: now outside the season")
    cu = c["customer"]
    for f in ("name", "phone", "municipality"):
        if not cu.get(f):
            err(f"{cid}: customer.{f}")
    if cu["municipality"] not in munis:
        err(f"{cid}: customer municipality")
    if not re.fullmatch(r"\+49 \d{3,4} \d{3,9}", cu["phone"]):
        err(f"{cid}: customer phone {cu['phone']}")
    turns = c["turns"]
    if not 4 <= len(turns) <= 7:
        err(f"{cid}: {len(turns)} turns, need 4-7")
    for t in turns:
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{cid}: only non-empty say turns allowed: {t}")
            continue
        if c["channel"] == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[0-9.,!?;:'\"()€%/+\n-]", s):
                err(f"{cid}: voice turn not recogniser-like: {s!r}")
    ex = c.get("expect")
    if not ex or "cart" not in ex:
        err(f"{cid}: expect.cart missing")
        continue
    shop_ids = []
    totals = {}
    seen = set()
    for ln in ex["cart"]:
        sid = ln.get("shop")
        if sid not in shops:
            err(f"{cid}: unknown shop {sid}")
            continue
        if sid not in shop_ids:
            shop_ids.append(sid)
        if "voucher" in ln:
            v = money(ln["voucher"], f"{cid}.voucher")
            vs = shops[sid].get("vouchers")
            if not vs:
                err(f"{cid}: {sid} sells no vouchers")
            elif v is not None and not Decimal(vs["min"]) <= v <= Decimal(vs["max"]):
                err(f"{cid}: voucher {v} outside {vs['min']}-{vs['max']}")
            vouchers += 1
            continue
        pid = ln.get("product")
        p = shops[sid]["_products"].get(pid)
        if p is None:
            err(f"{cid}: unknown product {sid}/{pid}")
            continue
        if (sid, pid) in seen:
            err(f"{cid}: duplicate line {sid}/{pid}")
        seen.add((sid, pid))
        q = dec(ln.get("quantity"), f"{cid}.{pid}.quantity")
        if q is None:
            continue
        if p["unit"] == "piece" and q != q.to_integral_value():
            err(f"{cid}: {pid} is sold by piece, quantity {q} not whole")
        if p["unit"] == "piece" and "." in ln["quantity"]:
            err(f"{cid}: {pid} piece quantity written with a decimal point")
        totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
        lines += 1
    for sid in shop_ids:
        appear[sid] += 1
        mo = shops[sid].get("min_order")
        if mo and totals.get(sid, Decimal(0)) < Decimal(mo):
            err(f"{cid}: {sid} part {totals.get(sid, 0):.2f} below min_order {mo}")
    cs = closed_shops(now.date(), shop_ids)
    if cs:
        err(f"{cid}: now on a closed day of {cs}")
    nl = len(ex["cart"])
    sl = ex.get("slot")
    head = f"{cid}: now {DNAME[now.weekday()]} {now:%Y-%m-%d %H:%M%z}"
    if sl:
        kind = sl.get("kind")
        if kind not in ("delivery", "pickup"):
            err(f"{cid}: slot kind")
            continue
        start = datetime.fromisoformat(sl["start"])
        st = sl.get("station")
        if kind == "pickup" and st not in stations:
            err(f"{cid}: unknown station {st}")
        if kind == "delivery" and st:
            err(f"{cid}: delivery with station")
        prob = slot_problem(kind, start, now, shop_ids, st, cu)
        if prob:
            err(f"{cid}: slot {sl['start']} not bookable ({prob})")
        booked[kind] += 1
        e = earliest(kind, now)
        log.append(f"{head} -> {kind} {DNAME[start.weekday()]} {start:%Y-%m-%d %H:%M%z}"
                   + (f"+{st}" if st else "")
                   + f" ({'ok' if not prob else prob}: window, no holiday, cutoff, shops open, min_order; "
                   f"earliest possible {DNAME[e.weekday()]} {e:%d.%m. %H:%M}; {nl} lines, shops {', '.join(shop_ids)})")
    else:
        log.append(f"{head} -> no slot (cart only, {nl} lines, shops {', '.join(shop_ids)})")
    if cid in FIRST_ASKED:
        kind, s, st, reason = FIRST_ASKED[cid]
        fs = datetime.fromisoformat(s)
        got = slot_problem(kind, fs, now, shop_ids, st, cu)
        if window_at(kind, fs.astimezone(TZ)) is None:
            err(f"{cid}: first-asked {s} is not a template window")
        if got != reason:
            err(f"{cid}: first-asked {s} should be impossible for {reason}, is {got}")
        c["_first"] = (kind, fs, st, got)
        if not sl:
            err(f"{cid}: first-asked day but no slot expected")

for cid, (kind, s, st, reason) in FIRST_ASKED.items():
    if cid not in ids:
        err(f"first-asked for unknown conversation {cid}")
for c in conv["conversations"]:
    if "_first" in c:
        kind, fs, st, got = c["_first"]
        extra = ""
        if got == "holiday":
            extra = f" {HOL[fs.date()]}"
        if got == "closed":
            extra = " " + ", ".join(closed_shops(fs.date(), list(dict.fromkeys(l["shop"] for l in c["expect"]["cart"]))))
        log.append(f"{c['id']}: first asked {kind} {DNAME[fs.weekday()]} {fs:%Y-%m-%d %H:%M%z}"
                   + (f"+{st}" if st else "") + f" -> impossible ({got}{extra})")

if len(conv["conversations"]) != 30:
    err("need 30 conversations")
if chan != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channels {chan}")
nb = booked["delivery"] + booked["pickup"]
if not 13 <= nb <= 17:
    err(f"about half should book, {nb} do")
for s, n in appear.items():
    if n < 3:
        err(f"shop {s} in only {n} carts")
if vouchers < 1:
    err("no voucher line")
log.append(f"channels voice/telegram/web {chan['voice']}/{chan['telegram']}/{chan['web']}; "
           f"booked delivery {booked['delivery']}, pick-up {booked['pickup']} ({nb} of {len(ids)}); "
           f"cart lines {lines}; voucher lines {vouchers}")
log.append("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in appear.items()))
log.append(f"{len(errors)} errors")
print("\n".join(log))
sys.exit(1 if errors else 0)
