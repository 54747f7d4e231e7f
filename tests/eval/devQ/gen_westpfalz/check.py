#!/usr/bin/env python3
"""Check westpfalz.yml (kiepe-catalog/1) and westpfalz_1.yml (kiepe-conversations/1).

Usage: python3 gen_westpfalz/check.py   (from the folder holding both YAML files, or anywhere)
Prints a log and the number of errors; exit status 0 only without errors.
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
CATALOG = os.path.join(BASE, "westpfalz.yml")
CONVS = os.path.join(BASE, "westpfalz_1.yml")

TZ = ZoneInfo("Europe/Berlin")
SEASON_FROM = dt.date(2031, 5, 1)
SEASON_TO = dt.date(2031, 8, 31)
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC = re.compile(r"^\d+(\.\d+)?$")
MONEY = re.compile(r"^\d+\.\d{2}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Hard-coded RP public holidays of the season (checked against the computed list below).
RP_HOLIDAYS_SEASON = {
    dt.date(2031, 5, 1): "Tag der Arbeit",
    dt.date(2031, 5, 22): "Christi Himmelfahrt",
    dt.date(2031, 6, 2): "Pfingstmontag",
    dt.date(2031, 6, 12): "Fronleichnam",
}

# Area codes of the five municipalities (landline phones must match).
AREA = {"kusel": "6381", "landstuhl": "6371", "rockenhausen": "6361",
        "kirchheimbolanden": "6352", "lauterecken": "6382"}
POSTCODES = {"kusel": "66869", "landstuhl": "66849", "rockenhausen": "67806",
             "kirchheimbolanden": "67292", "lauterecken": "67742"}

# The residents' regional / everyday words: none may appear in a product name or alias.
RESIDENT_WORDS = ["weck", "grumbeer", "oier", "gelleriewe", "hinkel", "quetsche", "riwwel",
                  "kersche", "schwenk", "lewwer", "knepp", "gummer", "rahm zum", "sprudel",
                  "kischd", "kischt", "wurschtsalat", "worscht", "schälcher", "brode",
                  "kibo", "dutzend", "pfund", "supp hinkel", "neue kartoffeln", "kaffeemaschin"]

# First-asked (impossible) windows, and the reason they are impossible.
FIRST_ASKED = {
    "wp-v-vatertag-feiertag": ({"kind": "delivery", "start": "2031-05-22T09:00:00+02:00"}, "holiday"),
    "wp-v-fronleichnam-hofgut": ({"kind": "pickup", "station": "rockenhausen-bahnhof",
                                  "start": "2031-06-12T15:00:00+02:00"}, "holiday"),
    "wp-v-forellen-urlaub": ({"kind": "pickup", "station": "kusel-marktplatz",
                              "start": "2031-07-16T15:00:00+02:00"}, "closed"),
    "wp-t-spargel-zu-spaet": ({"kind": "delivery", "start": "2031-05-10T08:00:00+02:00"}, "cutoff"),
    "wp-t-baecker-urlaub": ({"kind": "pickup", "station": "kusel-marktplatz",
                             "start": "2031-07-28T15:00:00+02:00"}, "closed"),
    "wp-w-pfingstmontag-fruehstueck": ({"kind": "delivery", "start": "2031-06-02T09:00:00+02:00"}, "holiday"),
}

errors = []
log = []


def err(msg):
    errors.append(msg)
    log.append("ERROR " + msg)


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
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def rp_holidays(year):
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        e + dt.timedelta(days=60): "Fronleichnam",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 11, 1): "Allerheiligen",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


def is_dec(v, money=False):
    return isinstance(v, str) and (MONEY if money else DEC).match(v) is not None


def parse_ts(s, where):
    if not isinstance(s, str):
        err(f"{where}: timestamp must be a quoted string")
        return None
    try:
        t = dt.datetime.fromisoformat(s)
    except ValueError:
        err(f"{where}: bad timestamp {s!r}")
        return None
    if t.tzinfo is None:
        err(f"{where}: timestamp without offset {s!r}")
        return None
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        err(f"{where}: offset {t.utcoffset()} is not the Europe/Berlin offset {local.utcoffset()} of {s}")
    return t


# ---------------------------------------------------------------- catalog
cat = yaml.safe_load(open(CATALOG, encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")
reg = cat.get("region") or {}
if reg.get("id") != "westpfalz" or not SLUG.match(str(reg.get("id"))):
    err("catalog: region.id must be the slug westpfalz")
for k in ("name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if k not in reg:
        err(f"catalog: region.{k} missing")
if reg.get("timezone") != "Europe/Berlin":
    err("catalog: timezone must be Europe/Berlin")
if reg.get("currency") != "EUR":
    err("catalog: currency must be EUR")
if reg.get("holidays") != "RP":
    err("catalog: holidays must be RP")

munis = {}
for m in reg.get("municipalities", []):
    if not SLUG.match(m.get("id", "")):
        err(f"municipality {m.get('id')}: bad slug")
    pcs = m.get("postcodes")
    if not pcs or not all(isinstance(p, str) and re.match(r"^\d{5}$", p) for p in pcs):
        err(f"municipality {m.get('id')}: postcodes must be quoted 5-digit strings")
    if POSTCODES.get(m["id"]) not in (pcs or []):
        err(f"municipality {m['id']}: expected postcode {POSTCODES.get(m['id'])}")
    munis[m["id"]] = m
if len(munis) != 5:
    err(f"catalog: {len(munis)} municipalities, expected 5")

stations = {}
for s in reg.get("pickup_stations", []):
    for k in ("id", "name", "municipality", "address"):
        if k not in s:
            err(f"station {s}: {k} missing")
    if s.get("municipality") not in munis:
        err(f"station {s.get('id')}: unknown municipality")
    elif munis[s["municipality"]]["postcodes"][0] not in s.get("address", ""):
        err(f"station {s.get('id')}: address lacks the municipality's postcode")
    stations[s["id"]] = s
if not 2 <= len(stations) <= 3:
    err(f"catalog: {len(stations)} stations, expected 2-3")


def check_windows(ws, where):
    out = []
    for w in ws:
        if not w.get("days") or any(d not in DAYS for d in w["days"]):
            err(f"{where}: bad days {w.get('days')}")
        if not (HHMM.match(str(w.get("start"))) and HHMM.match(str(w.get("end")))):
            err(f"{where}: bad start/end {w}")
        elif w["start"] >= w["end"]:
            err(f"{where}: start after end {w}")
        if not isinstance(w.get("capacity"), int) or w["capacity"] < 1:
            err(f"{where}: bad capacity {w}")
        out.append(w)
    return out


deliv = reg.get("delivery", {})
pick = reg.get("pickup", {})
if not is_dec(deliv.get("fee"), True):
    err("delivery.fee must be a decimal string")
if "free_from" in deliv and not is_dec(deliv.get("free_from"), True):
    err("delivery.free_from must be a decimal string")
for name, blk in (("delivery", deliv), ("pickup", pick)):
    if not isinstance(blk.get("cutoff_hours"), int):
        err(f"{name}.cutoff_hours must be an integer")
DWIN = check_windows(deliv.get("windows", []), "delivery.windows")
PWIN = check_windows(pick.get("windows", []), "pickup.windows")
tol = (reg.get("weighed_goods") or {}).get("tolerance_percent")
if not isinstance(tol, int):
    err("weighed_goods.tolerance_percent must be an integer")

SHOP_KEYS = {"id", "name", "kind", "municipality", "phone", "products", "services", "vouchers",
             "min_order", "closed"}
PROD_KEYS = {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat",
             "allergens", "deposit", "min_age", "substitutes"}
shops = {}
closures = {}  # shop -> list of (from, to)
n_products = n_services = 0
voucher_shops = []
seen_optional = set()
for sh in cat.get("shops", []):
    sid = sh.get("id", "?")
    for k in sh:
        if k not in SHOP_KEYS:
            err(f"shop {sid}: unknown field {k}")
    if not SLUG.match(sid):
        err(f"shop {sid}: bad slug")
    if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {sid}: bad kind")
    if sh.get("municipality") not in munis:
        err(f"shop {sid}: unknown municipality")
    ph = sh.get("phone", "")
    if not ph.startswith("+49 " + AREA.get(sh.get("municipality"), "?") + " "):
        err(f"shop {sid}: phone {ph} does not have the area code of {sh.get('municipality')}")
    if "min_order" in sh:
        seen_optional.add("min_order")
        if not is_dec(sh["min_order"], True):
            err(f"shop {sid}: min_order must be a decimal string")
    cl = []
    for c in sh.get("closed", []) or []:
        seen_optional.add("closed")
        if isinstance(c, str) and DATE.match(c):
            d = dt.date.fromisoformat(c)
            cl.append((d, d))
        elif isinstance(c, dict) and DATE.match(str(c.get("from"))) and DATE.match(str(c.get("to"))):
            a, b = dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])
            if a > b:
                err(f"shop {sid}: closed range reversed")
            cl.append((a, b))
        else:
            err(f"shop {sid}: bad closed entry {c!r}")
    closures[sid] = cl
    prods = {}
    for p in sh.get("products", []):
        pid = p.get("id", "?")
        where = f"{sid}/{pid}"
        for k in p:
            if k not in PROD_KEYS:
                err(f"{where}: unknown field {k}")
        if not SLUG.match(pid):
            err(f"{where}: bad slug")
        if pid in prods:
            err(f"{where}: duplicate product id")
        if not p.get("name"):
            err(f"{where}: name missing")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{where}: bad unit")
        if not is_dec(p.get("price"), True):
            err(f"{where}: price must be a decimal string with 2 places")
        if p.get("vat") not in (7, 19):
            err(f"{where}: vat must be 7 or 19")
        if "size" in p and not isinstance(p["size"], str):
            err(f"{where}: size must be a string")
        if "deposit" in p:
            seen_optional.add("deposit")
            if not is_dec(p["deposit"], True):
                err(f"{where}: deposit must be a decimal string")
        if "min_age" in p:
            seen_optional.add("min_age")
            if p["min_age"] not in (16, 18):
                err(f"{where}: min_age must be 16 or 18")
        for a in p.get("allergens", []) or []:
            seen_optional.add("allergens")
            if a not in ALLERGENS:
                err(f"{where}: unknown allergen {a}")
        names = [p.get("name", "")] + list(p.get("aliases", []) or [])
        for nm in names:
            low = nm.lower()
            for w in RESIDENT_WORDS:
                if w in low:
                    err(f"{where}: resident word {w!r} in name/alias {nm!r}")
        prods[pid] = p
    for pid, p in prods.items():
        for s2 in p.get("substitutes", []) or []:
            seen_optional.add("substitutes")
            if s2 not in prods or s2 == pid:
                err(f"{sid}/{pid}: substitute {s2} not another product of the shop")
    for sv in sh.get("services", []) or []:
        n_services += 1
        if not SLUG.match(sv.get("id", "")) or not sv.get("name"):
            err(f"{sid}: bad service {sv}")
        if not isinstance(sv.get("duration_minutes"), int):
            err(f"{sid}/{sv.get('id')}: duration_minutes must be an integer")
        if not is_dec(sv.get("price"), True) or sv.get("vat") not in (7, 19):
            err(f"{sid}/{sv.get('id')}: bad price/vat")
    if "vouchers" in sh:
        v = sh["vouchers"]
        if not (is_dec(v.get("min"), True) and is_dec(v.get("max"), True)
                and Decimal(v["min"]) < Decimal(v["max"])):
            err(f"{sid}: bad voucher range")
        voucher_shops.append(sid)
    n_products += len(prods)
    shops[sid] = {"shop": sh, "products": prods}

if len(shops) != 10:
    err(f"catalog: {len(shops)} shops, expected 10")
if not 150 <= n_products <= 170:
    err(f"catalog: {n_products} products, expected 150-170")
if not 4 <= n_services <= 6:
    err(f"catalog: {n_services} services, expected 4-6")
if not 2 <= len(voucher_shops) <= 3:
    err(f"catalog: vouchers at {len(voucher_shops)} shops, expected 2-3")
for opt in ("min_order", "closed", "deposit", "min_age", "allergens", "substitutes"):
    if opt not in seen_optional:
        err(f"catalog: optional field {opt} never used")
for sid in ("metzgerei-gilcher", "hofkaeserei-jung", "hofgut-theis"):
    if not any(p["unit"] == "kg" for p in shops[sid]["products"].values()):
        err(f"{sid}: no weighed goods")

log.append(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
           f"{n_products} products, {n_services} services, vouchers at {len(voucher_shops)} shops "
           f"({', '.join(voucher_shops)})")

# ---------------------------------------------------------------- holidays
hol = {d: n for d, n in rp_holidays(2031).items() if SEASON_FROM <= d <= SEASON_TO}
if hol != RP_HOLIDAYS_SEASON:
    err(f"holidays: computed {hol} differ from hard-coded {RP_HOLIDAYS_SEASON}")
log.append("Easter 2031 (computed): " + easter(2031).isoformat())
log.append("RP holidays in season: " + ", ".join(
    f"{WD[d.weekday()]} {d.isoformat()} {n}" for d, n in sorted(RP_HOLIDAYS_SEASON.items())))
cl_txt = []
for sid, cl in closures.items():
    for a, b in cl:
        cl_txt.append(f"{sid} {a}" + ("" if a == b else f"..{b}"))
log.append("closures: " + "; ".join(cl_txt))
n_in_season = sum(1 for cl in closures.values() for a, b in cl if a <= SEASON_TO and b >= SEASON_FROM)
if n_in_season < 3:
    err("catalog: fewer than 3 closures in the season")


def closed_on(sid, d):
    return any(a <= d <= b for a, b in closures.get(sid, []))


def window_of(kind, start):
    """The template window starting at `start` (local), or None."""
    loc = start.astimezone(TZ)
    wins = DWIN if kind == "delivery" else PWIN
    for w in wins:
        if DAYS[loc.weekday()] in w["days"] and loc.strftime("%H:%M") == w["start"]:
            return w
    return None


def cutoff(kind):
    return (deliv if kind == "delivery" else pick)["cutoff_hours"]


def earliest(kind, now):
    d = now.astimezone(TZ).date()
    for i in range(0, 14):
        day = d + dt.timedelta(days=i)
        if day in RP_HOLIDAYS_SEASON:
            continue
        wins = DWIN if kind == "delivery" else PWIN
        for w in sorted(wins, key=lambda w: w["start"]):
            if DAYS[day.weekday()] not in w["days"]:
                continue
            hh, mm = map(int, w["start"].split(":"))
            st = dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=TZ)
            if st - dt.timedelta(hours=cutoff(kind)) >= now:
                return st
    return None


def slot_problems(slot, now, cust, cart_shops):
    """Reasons why the slot cannot be booked (empty list: bookable)."""
    probs = []
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"):
        return ["bad kind"]
    st = dt.datetime.fromisoformat(slot["start"])
    loc = st.astimezone(TZ)
    if loc.utcoffset() != st.utcoffset():
        probs.append("wrong offset")
    if window_of(kind, st) is None:
        probs.append("no template window")
    if loc.date() in RP_HOLIDAYS_SEASON:
        probs.append("holiday " + RP_HOLIDAYS_SEASON[loc.date()])
    if st - dt.timedelta(hours=cutoff(kind)) < now:
        probs.append("past cutoff")
    if kind == "pickup":
        if slot.get("station") not in stations:
            probs.append("unknown station")
    else:
        if not cust.get("street"):
            probs.append("delivery without street")
    for sid in cart_shops:
        if closed_on(sid, loc.date()):
            probs.append("closed " + sid)
    return probs


# ---------------------------------------------------------------- conversations
conv = yaml.safe_load(open(CONVS, encoding="utf-8"))
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format must be kiepe-conversations/1")
if conv.get("catalog") != "westpfalz.yml":
    err("conversations: catalog must be westpfalz.yml")
ids = set()
chan = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
booked_by_chan = {c: 0 for c in chan}
n_lines = n_vouchers = 0
shop_use = {sid: 0 for sid in shops}
first_lines = []
for c in conv.get("conversations", []):
    cid = c.get("id", "?")
    if not SLUG.match(cid) or cid in ids:
        err(f"{cid}: bad or duplicate id")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in chan:
        err(f"{cid}: bad channel {ch}")
        continue
    chan[ch] += 1
    now = parse_ts(c.get("now"), f"{cid}.now")
    if now is None:
        continue
    nd = now.astimezone(TZ).date()
    if not SEASON_FROM <= nd <= SEASON_TO:
        err(f"{cid}: now {nd} outside the season")
    cust = c.get("customer") or {}
    for k in ("name", "phone", "municipality"):
        if not cust.get(k):
            err(f"{cid}: customer.{k} missing")
    if cust.get("municipality") not in munis:
        err(f"{cid}: unknown municipality {cust.get('municipality')}")
    ph = cust.get("phone", "")
    if not re.match(r"^\+49 (1\d{2,3} \d{6,8}|\d{4} \d{3,7})$", ph):
        err(f"{cid}: phone {ph!r} malformed")
    elif not ph.startswith("+49 1") and not ph.startswith("+49 " + AREA.get(cust.get("municipality"), "?")):
        err(f"{cid}: landline {ph} has not the area code of {cust.get('municipality')}")
    turns = c.get("turns") or []
    if not 4 <= len(turns) <= 7:
        err(f"{cid}: {len(turns)} turns, expected 4-7")
    for i, t in enumerate(turns):
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{cid}: turn {i + 1} must be a single non-empty say")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower():
                err(f"{cid}: voice turn {i + 1} not lower case")
            if re.search(r"\d", s):
                err(f"{cid}: voice turn {i + 1} has digits")
            if re.search(r"[.,;:!?\"'()\-–/+€%]", s):
                err(f"{cid}: voice turn {i + 1} has punctuation")
    exp = c.get("expect")
    if not exp or "cart" not in exp:
        err(f"{cid}: expect.cart missing")
        continue
    totals = {}
    cart_shops = []
    seenl = set()
    for ln in exp["cart"]:
        sid = ln.get("shop")
        if sid not in shops:
            err(f"{cid}: unknown shop {sid}")
            continue
        if sid not in cart_shops:
            cart_shops.append(sid)
        if "voucher" in ln:
            n_vouchers += 1
            v = shops[sid]["shop"].get("vouchers")
            if not v:
                err(f"{cid}: voucher at {sid}, which sells none")
            elif not is_dec(ln["voucher"], True) or not (
                    Decimal(v["min"]) <= Decimal(ln["voucher"]) <= Decimal(v["max"])):
                err(f"{cid}: voucher {ln['voucher']} out of range at {sid}")
            continue
        pid = ln.get("product")
        p = shops[sid]["products"].get(pid)
        if p is None:
            err(f"{cid}: unknown product {sid}/{pid}")
            continue
        if (sid, pid) in seenl:
            err(f"{cid}: line {sid}/{pid} twice")
        seenl.add((sid, pid))
        n_lines += 1
        q = ln.get("quantity")
        if not is_dec(q):
            err(f"{cid}: quantity {q!r} of {pid} is not a decimal string")
            continue
        qd = Decimal(q)
        if qd <= 0:
            err(f"{cid}: quantity of {pid} not positive")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{cid}: fractional quantity {q} of piece product {pid}")
        totals[sid] = totals.get(sid, Decimal(0)) + qd * Decimal(p["price"])
    for sid in cart_shops:
        shop_use[sid] += 1
        mo = shops[sid]["shop"].get("min_order")
        if mo and totals.get(sid, Decimal(0)) < Decimal(mo):
            err(f"{cid}: {sid} part {totals.get(sid)} below min_order {mo}")
        if closed_on(sid, nd):
            err(f"{cid}: now {nd} is a closed day of {sid}")
    desc = f"{len(exp['cart'])} lines, shops {', '.join(cart_shops)}"
    nloc = now.astimezone(TZ)
    nowtxt = f"{WD[nloc.weekday()]} {nloc.strftime('%Y-%m-%d %H:%M%z')}"
    slot = exp.get("slot")
    if slot:
        kind = slot.get("kind")
        st = parse_ts(slot.get("start"), f"{cid}.slot.start")
        if st is None:
            continue
        probs = slot_problems(slot, now, cust, cart_shops)
        for pr in probs:
            err(f"{cid}: slot {slot['start']}: {pr}")
        booked[kind] = booked.get(kind, 0) + 1
        booked_by_chan[ch] += 1
        sl = st.astimezone(TZ)
        ea = earliest(kind, now)
        log.append(f"{cid}: now {nowtxt} -> {kind} {WD[sl.weekday()]} {sl.strftime('%Y-%m-%d %H:%M%z')}"
                   + (f" {slot['station']}" if kind == "pickup" else f" ({cust.get('street')}, {cust.get('municipality')})")
                   + f" ({'ok' if not probs else 'PROBLEMS'}; earliest possible {WD[ea.weekday()]} {ea.strftime('%d.%m. %H:%M')}; {desc})")
    else:
        log.append(f"{cid}: now {nowtxt} -> no slot (cart only; {desc})")
    if cid in FIRST_ASKED:
        fa, why = FIRST_ASKED[cid]
        if not slot or fa["kind"] != slot["kind"]:
            err(f"{cid}: first-asked window of another kind than the booked one")
        fst = dt.datetime.fromisoformat(fa["start"])
        if window_of(fa["kind"], fst) is None:
            err(f"{cid}: first-asked {fa['start']} is not a template window")
        probs = slot_problems(fa, now, cust, cart_shops)
        want = {"holiday": "holiday", "closed": "closed", "cutoff": "past cutoff"}[why]
        if len(probs) != 1 or not probs[0].startswith(want):
            err(f"{cid}: first-asked {fa['start']} should be impossible only for {why}, got {probs}")
        fl = fst.astimezone(TZ)
        first_lines.append(f"{cid}: first asked {fa['kind']} {WD[fl.weekday()]} {fl.strftime('%Y-%m-%d %H:%M%z')}"
                           + (f" {fa['station']}" if fa["kind"] == "pickup" else "")
                           + f" -> impossible ({'; '.join(probs)})")

log.extend(first_lines)
if chan != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channels {chan}, expected 10/10/10")
nb = sum(booked.values())
if not 13 <= nb <= 17:
    err(f"{nb} conversations book a window, expected about half")
for sid, n in shop_use.items():
    if n < 3:
        err(f"shop {sid} in only {n} carts")
if n_vouchers < 1:
    err("no voucher line")
log.append(f"channels voice/telegram/web {chan['voice']}/{chan['telegram']}/{chan['web']}; "
           f"booked delivery {booked['delivery']}, pick-up {booked['pickup']} "
           f"(by channel voice {booked_by_chan['voice']}, telegram {booked_by_chan['telegram']}, web {booked_by_chan['web']}); "
           f"cart lines {n_lines}; voucher lines {n_vouchers}")
log.append("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in shop_use.items()))
log.append(f"{len(errors)} errors")
print("\n".join(log))
sys.exit(1 if errors else 0)
