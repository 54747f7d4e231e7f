#!/usr/bin/env python3
"""Check soesterboerde.yml (kiepe-catalog/1) and soesterboerde_1.yml (kiepe-conversations/1).

Run from anywhere:  python3 gen_soesterboerde/check.py [CATALOG] [CONVERSATIONS]
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
CAT_PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(BASE, "soesterboerde.yml")
CONV_PATH = sys.argv[2] if len(sys.argv) > 2 else os.path.join(BASE, "soesterboerde_1.yml")

TZ = ZoneInfo("Europe/Berlin")
SEASON_FROM = dt.date(2031, 5, 1)
SEASON_TO = dt.date(2031, 8, 31)
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_DE = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
DEC2 = re.compile(r"^[0-9]+\.[0-9]{2}$")
QTY = re.compile(r"^[0-9]+(\.[0-9]{1,3})?$")
PHONE = re.compile(r"^\+49 [1-9][0-9]{1,4} [0-9]{3,9}$")

# Words the residents use that must not appear in the catalog (names or aliases):
# the assistant has to know them itself.
RESIDENT_WORDS = ["mettendchen", "teilchen", "schwattbrot", "schwarzbrot", "wurzeln", "bickbeeren",
                  "halb und halb", "gehacktes", "suppenspargel", "pulle", "kiste", "hängegeranie",
                  "zentner", "dutzend", "schälchen", "sechserschachtel"]

# Area codes of the region (fixed network) and which municipality uses which.
AREA = {"soest": "2921", "bad-sassendorf": "2921", "werl": "2922", "erwitte": "2943", "lippstadt": "2941"}

# First-asked impossible windows (the resident then names another day; the expected slot is the last one).
FIRST_ASKED = {
    "sb-v-vatertag-feiertag": ("delivery", "2031-05-22T09:00:00+02:00", None, "holiday"),
    "sb-v-fronleichnam-kuchen": ("delivery", "2031-06-12T09:00:00+02:00", None, "holiday"),
    "sb-t-pfingsten-spargel": ("pickup", "2031-06-02T15:00:00+02:00", "werl-markt", "holiday"),
    "sb-t-muttertag-korb": ("delivery", "2031-05-11T08:00:00+02:00", None, "no window on sunday"),
    "sb-t-matjes-zu-spaet": ("delivery", "2031-06-10T16:00:00+02:00", None, "past cutoff"),
    "sb-w-kaeseplatte-urlaub": ("pickup", "2031-06-30T15:00:00+02:00", "werl-markt", "closed hofkaeserei-stratmann"),
    "sb-w-fisch-betriebsurlaub": ("delivery", "2031-07-10T16:00:00+02:00", None, "closed fisch-wild-linnemann"),
}
# A shop dropped by the resident because it is closed on the booked day.
DROPPED_FOR_CLOSURE = {"sb-v-wild-geburtstag": ("blumen-eickhoff", "2031-08-09")}

# NW public holidays of the season, hard-coded (checked against the computation below).
NW_HOLIDAYS_SEASON = {
    dt.date(2031, 5, 1): "Tag der Arbeit",
    dt.date(2031, 5, 22): "Christi Himmelfahrt",
    dt.date(2031, 6, 2): "Pfingstmontag",
    dt.date(2031, 6, 12): "Fronleichnam",
}

errors = []


def err(msg):
    errors.append(msg)
    print("ERROR:", msg)


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
    day = ((h + l - 7 * m + 114) % 31) + 1
    return dt.date(year, month, day)


def nw_holidays(year):
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


HOLIDAYS = nw_holidays(2031)


def dec(value, where, pattern=DEC2):
    if not isinstance(value, str) or not pattern.match(value):
        err(f"{where}: {value!r} is not a quoted decimal string")
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        err(f"{where}: {value!r} is not a decimal")
        return None


def parse_date(value, where):
    if not isinstance(value, str):
        err(f"{where}: date {value!r} must be a quoted string")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        err(f"{where}: bad date {value!r}")
        return None


def parse_ts(value, where):
    if not isinstance(value, str):
        err(f"{where}: timestamp {value!r} must be a quoted string")
        return None
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        err(f"{where}: bad timestamp {value!r}")
        return None
    if t.tzinfo is None:
        err(f"{where}: timestamp {value!r} without offset")
        return None
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        err(f"{where}: offset of {value!r} is not Europe/Berlin's ({local.utcoffset()})")
    return local


def hm(s):
    h, m = s.split(":")
    return int(h), int(m)


# ------------------------------------------------------------------ catalog
with open(CAT_PATH, encoding="utf-8") as fh:
    cat = yaml.safe_load(fh)

if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1")
region = cat.get("region") or {}
for key in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if key not in region:
        err(f"region.{key} missing")
if region.get("id") != "soesterboerde" or not SLUG.match(str(region.get("id"))):
    err("region.id must be the slug soesterboerde")
if region.get("timezone") != "Europe/Berlin" or region.get("currency") != "EUR":
    err("region timezone/currency")
if region.get("holidays") != "NW":
    err("region.holidays must be NW")
tol = (region.get("weighed_goods") or {}).get("tolerance_percent")
if not isinstance(tol, int) or not 0 < tol <= 50:
    err("region.weighed_goods.tolerance_percent")

munis = {}
for i, m in enumerate(region.get("municipalities") or []):
    w = f"region.municipalities[{i}]"
    if not SLUG.match(str(m.get("id"))):
        err(f"{w}.id not a slug")
    if m.get("id") in munis:
        err(f"{w}.id duplicate")
    pcs = m.get("postcodes")
    if not pcs or not all(isinstance(p, str) and re.match(r"^[0-9]{5}$", p) for p in pcs):
        err(f"{w}.postcodes must be quoted 5-digit strings")
    if not m.get("name"):
        err(f"{w}.name missing")
    munis[m["id"]] = m
if len(munis) != 5:
    err(f"{len(munis)} municipalities, want 5")

stations = {}
for i, s in enumerate(region.get("pickup_stations") or []):
    w = f"region.pickup_stations[{i}]"
    if not SLUG.match(str(s.get("id"))) or s.get("id") in stations:
        err(f"{w}.id")
    if s.get("municipality") not in munis:
        err(f"{w}.municipality unknown")
    elif not any(pc in str(s.get("address")) for pc in munis[s["municipality"]]["postcodes"]):
        err(f"{w}.address lacks a postcode of its municipality")
    if not s.get("name"):
        err(f"{w}.name missing")
    stations[s["id"]] = s
if not 2 <= len(stations) <= 3:
    err(f"{len(stations)} stations, want 2-3")


def check_windows(block, where):
    wins = []
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(f"{where}.cutoff_hours")
    for i, win in enumerate(block.get("windows") or []):
        ww = f"{where}.windows[{i}]"
        days = win.get("days") or []
        if not days or any(d not in DAYS for d in days) or len(set(days)) != len(days):
            err(f"{ww}.days {days}")
        if not (isinstance(win.get("start"), str) and HHMM.match(win["start"])
                and isinstance(win.get("end"), str) and HHMM.match(win["end"])):
            err(f"{ww} start/end must be quoted HH:MM")
            continue
        if hm(win["start"]) >= hm(win["end"]):
            err(f"{ww} start not before end")
        if not isinstance(win.get("capacity"), int) or win["capacity"] <= 0:
            err(f"{ww}.capacity")
        wins.append(win)
    if not wins:
        err(f"{where}.windows empty")
    return wins


delivery = region.get("delivery") or {}
pickup = region.get("pickup") or {}
fee = dec(delivery.get("fee"), "region.delivery.fee")
free_from = dec(delivery.get("free_from"), "region.delivery.free_from")
DEL_WINS = check_windows(delivery, "region.delivery")
PICK_WINS = check_windows(pickup, "region.pickup")
CUTOFF = {"delivery": delivery.get("cutoff_hours"), "pickup": pickup.get("cutoff_hours")}
WINS = {"delivery": DEL_WINS, "pickup": PICK_WINS}

shops = {}
products = {}
n_products = n_services = 0
voucher_shops = []
closures = {}
used = {"min_order": 0, "closed": 0, "min_age": 0, "deposit": 0, "allergens": 0, "substitutes": 0,
        "kg": 0, "l_or_size_l": 0}
catalog_words = []
for si, shop in enumerate(cat.get("shops") or []):
    w = f"shops[{si}]"
    sid = shop.get("id")
    if not SLUG.match(str(sid)) or sid in shops:
        err(f"{w}.id {sid!r}")
    w = f"shop {sid}"
    if not shop.get("name"):
        err(f"{w}.name missing")
    catalog_words.append(shop.get("name", ""))
    if shop.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"{w}.kind")
    if shop.get("municipality") not in munis:
        err(f"{w}.municipality unknown")
    ph = shop.get("phone")
    if not isinstance(ph, str) or not PHONE.match(ph):
        err(f"{w}.phone {ph!r}")
    elif ph.split()[1] != AREA.get(shop.get("municipality")):
        err(f"{w}.phone area code does not fit {shop.get('municipality')}")
    if "min_order" in shop:
        dec(shop["min_order"], f"{w}.min_order")
        used["min_order"] += 1
    closed = []
    for ci, c in enumerate(shop.get("closed") or []):
        if isinstance(c, dict):
            a = parse_date(c.get("from"), f"{w}.closed[{ci}].from")
            b = parse_date(c.get("to"), f"{w}.closed[{ci}].to")
            if a and b:
                if a > b:
                    err(f"{w}.closed[{ci}] from after to")
                closed.append((a, b))
        else:
            a = parse_date(c, f"{w}.closed[{ci}]")
            if a:
                closed.append((a, a))
    if closed:
        used["closed"] += 1
    closures[sid] = closed
    if "vouchers" in shop:
        vmin = dec(shop["vouchers"].get("min"), f"{w}.vouchers.min")
        vmax = dec(shop["vouchers"].get("max"), f"{w}.vouchers.max")
        if vmin is not None and vmax is not None and vmin > vmax:
            err(f"{w}.vouchers min > max")
        voucher_shops.append(sid)
    sv_ids = set()
    for vi, sv in enumerate(shop.get("services") or []):
        vw = f"{w}.services[{vi}]"
        if not SLUG.match(str(sv.get("id"))) or sv.get("id") in sv_ids:
            err(f"{vw}.id")
        sv_ids.add(sv.get("id"))
        if not sv.get("name"):
            err(f"{vw}.name")
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"{vw}.duration_minutes")
        dec(sv.get("price"), f"{vw}.price")
        if sv.get("vat") not in (7, 19):
            err(f"{vw}.vat")
        n_services += 1
    prods = {}
    for pi, p in enumerate(shop.get("products") or []):
        pw = f"{w}.products[{pi}]"
        pid = p.get("id")
        if not SLUG.match(str(pid)) or pid in prods:
            err(f"{pw}.id {pid!r}")
        pw = f"{w} product {pid}"
        if not p.get("name"):
            err(f"{pw}.name")
        catalog_words.append(p.get("name", ""))
        catalog_words.extend(p.get("aliases") or [])
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{pw}.unit")
        if p.get("unit") == "kg":
            used["kg"] += 1
        if p.get("unit") == "l" or " l" in str(p.get("size", "")):
            used["l_or_size_l"] += 1
        if "size" in p and not isinstance(p["size"], str):
            err(f"{pw}.size must be a string")
        if "label" in p and not isinstance(p["label"], str):
            err(f"{pw}.label must be a string")
        dec(p.get("price"), f"{pw}.price")
        if p.get("vat") not in (7, 19):
            err(f"{pw}.vat")
        if "deposit" in p:
            dec(p["deposit"], f"{pw}.deposit")
            used["deposit"] += 1
        if "min_age" in p:
            if p["min_age"] not in (16, 18):
                err(f"{pw}.min_age")
            used["min_age"] += 1
        if "allergens" in p:
            bad = [a for a in p["allergens"] if a not in ALLERGENS]
            if bad:
                err(f"{pw}.allergens unknown {bad}")
            used["allergens"] += 1
        prods[pid] = p
        n_products += 1
    for pid, p in prods.items():
        for s in p.get("substitutes") or []:
            if s not in prods or s == pid:
                err(f"{w} product {pid}.substitutes {s} not another product of the shop")
        if p.get("substitutes"):
            used["substitutes"] += 1
    shops[sid] = shop
    products[sid] = prods

if len(shops) != 10:
    err(f"{len(shops)} shops, want 10")
if not 150 <= n_products <= 170:
    err(f"{n_products} products, want 150-170")
if not 4 <= n_services <= 6:
    err(f"{n_services} services, want 4-6")
if not 2 <= len(voucher_shops) <= 3:
    err(f"vouchers at {len(voucher_shops)} shops, want 2-3")
for k, v in used.items():
    if v == 0:
        err(f"catalog never uses {k}")
lower_words = " ".join(catalog_words).lower() + " "
for word in RESIDENT_WORDS:
    if word in lower_words:
        err(f"resident word {word!r} appears in the catalog")

print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
      f"{n_products} products, {n_services} services, vouchers at {len(voucher_shops)} shops "
      f"({', '.join(voucher_shops)})")
print("optional fields used (shops/products): " + ", ".join(f"{k} {v}" for k, v in used.items()))

# ------------------------------------------------------------------ holidays
season_hol = {d: n for d, n in HOLIDAYS.items() if SEASON_FROM <= d <= SEASON_TO}
if season_hol != NW_HOLIDAYS_SEASON:
    err(f"computed NW holidays {season_hol} differ from the hard-coded list")
print("NW holidays in season (computed = hard-coded): " + ", ".join(
    f"{DAY_DE[d.weekday()]} {d} {n}" for d, n in sorted(season_hol.items())))
print(f"Easter 2031 (computed): {easter(2031)}; 15 Aug 2031 holiday in NW: {dt.date(2031, 8, 15) in HOLIDAYS}")
cl_text = []
for sid, cl in closures.items():
    for a, b in cl:
        if b >= SEASON_FROM and a <= SEASON_TO:
            cl_text.append(f"{sid} {a}" + (f"..{b}" if b != a else ""))
print("closures in season: " + "; ".join(cl_text))
if len(cl_text) < 3:
    err("fewer than 3 closures in the season")


def is_closed(sid, day):
    return any(a <= day <= b for a, b in closures.get(sid, []))


def window_at(kind, start):
    """The template window that starts at `start` (local), or None."""
    wd = DAYS[start.weekday()]
    for win in WINS[kind]:
        if wd in win["days"] and hm(win["start"]) == (start.hour, start.minute):
            return win
    return None


def slot_problem(kind, start, now, shop_ids, station=None, customer=None):
    """None if the window is bookable at `now`, else a reason."""
    if window_at(kind, start) is None:
        if not any(DAYS[start.weekday()] in w["days"] for w in WINS[kind]):
            return f"no window on {DAYS[start.weekday()]}"
        return "no template window starts then"
    if start.date() in HOLIDAYS:
        return f"holiday {HOLIDAYS[start.date()]}"
    if start - dt.timedelta(hours=CUTOFF[kind]) < now:
        return "past cutoff"
    for sid in shop_ids:
        if is_closed(sid, start.date()):
            return f"closed {sid}"
    if kind == "pickup" and station not in stations:
        return f"unknown station {station}"
    return None


def earliest(kind, now):
    day = now.date()
    for _ in range(30):
        for win in sorted(WINS[kind], key=lambda w: w["start"]):
            if DAYS[day.weekday()] in win["days"] and day not in HOLIDAYS:
                h, m = hm(win["start"])
                start = dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ)
                if start - dt.timedelta(hours=CUTOFF[kind]) >= now:
                    return start
        day += dt.timedelta(days=1)
    return None


# ------------------------------------------------------------------ conversations
with open(CONV_PATH, encoding="utf-8") as fh:
    conv = yaml.safe_load(fh)

if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format must be kiepe-conversations/1")
if conv.get("catalog") != os.path.basename(CAT_PATH):
    err("conversations: catalog must name the catalog file")

ids = set()
channels = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
booked_by_channel = {"voice": 0, "telegram": 0, "web": 0}
n_lines = n_vouchers = 0
shop_use = {sid: 0 for sid in shops}
turn_counts = {"voice": [], "telegram": [], "web": []}
log = []
for ci, c in enumerate(conv.get("conversations") or []):
    cid = c.get("id")
    w = f"conversation {cid or ci}"
    if not SLUG.match(str(cid)) or cid in ids:
        err(f"{w}: id")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in channels:
        err(f"{w}: channel {ch}")
        continue
    channels[ch] += 1
    now = parse_ts(c.get("now"), f"{w}.now")
    if now is None:
        continue
    if not SEASON_FROM <= now.date() <= SEASON_TO:
        err(f"{w}: now outside the season")
    cust = c.get("customer") or {}
    if not cust.get("name") or cust.get("municipality") not in munis:
        err(f"{w}: customer name/municipality")
    if not isinstance(cust.get("phone"), str) or not PHONE.match(cust["phone"]):
        err(f"{w}: customer phone {cust.get('phone')!r}")
    elif not cust["phone"].startswith("+49 1"):
        if cust["phone"].split()[1] != AREA.get(cust.get("municipality")):
            err(f"{w}: landline area code does not fit {cust.get('municipality')}")
    turns = c.get("turns") or []
    turn_counts[ch].append(len(turns))
    if not 4 <= len(turns) <= 7:
        err(f"{w}: {len(turns)} turns, want 4-7")
    for ti, t in enumerate(turns):
        if set(t.keys()) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{w}.turns[{ti}]: only non-empty say turns allowed")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower():
                err(f"{w}.turns[{ti}]: voice turn not lower case")
            if re.search(r"[0-9]", s):
                err(f"{w}.turns[{ti}]: voice turn with digits")
            if re.search(r"[^\w\s]", s):
                err(f"{w}.turns[{ti}]: voice turn with punctuation")
    exp = c.get("expect") or {}
    cart = exp.get("cart")
    if not cart:
        err(f"{w}: expect.cart missing")
        continue
    totals = {}
    seen = set()
    for li, line in enumerate(cart):
        lw = f"{w}.cart[{li}]"
        sid = line.get("shop")
        if sid not in shops:
            err(f"{lw}: unknown shop {sid}")
            continue
        if "voucher" in line:
            amount = dec(line["voucher"], f"{lw}.voucher")
            v = shops[sid].get("vouchers")
            if not v:
                err(f"{lw}: {sid} sells no vouchers")
            elif amount is not None and not Decimal(v["min"]) <= amount <= Decimal(v["max"]):
                err(f"{lw}: voucher {amount} outside {v['min']}..{v['max']}")
            n_vouchers += 1
            continue
        pid = line.get("product")
        p = products[sid].get(pid)
        if p is None:
            err(f"{lw}: {sid} has no product {pid}")
            continue
        if (sid, pid) in seen:
            err(f"{lw}: duplicate line {sid}/{pid}")
        seen.add((sid, pid))
        q = dec(line.get("quantity"), f"{lw}.quantity", QTY)
        if q is None:
            continue
        if q <= 0:
            err(f"{lw}: quantity must be positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            err(f"{lw}: piece quantity {q} not whole")
        if p["unit"] == "piece" and "." in line["quantity"]:
            err(f"{lw}: piece quantity written with a decimal point")
        totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
        n_lines += 1
    for sid, total in totals.items():
        mo = shops[sid].get("min_order")
        if mo and total < Decimal(mo):
            err(f"{w}: {sid} part {total:.2f} below min_order {mo}")
    cart_shops = [sid for sid in shops if any(l.get("shop") == sid for l in cart)]
    for sid in cart_shops:
        shop_use[sid] += 1
        if is_closed(sid, now.date()):
            err(f"{w}: now falls on a closed day of {sid}")
    slot = exp.get("slot")
    if slot is None:
        if cid in FIRST_ASKED:
            err(f"{w}: has a first-asked day but no slot")
        log.append(f"{cid}: now {DAY_DE[now.weekday()]} {now:%Y-%m-%d %H:%M%z} -> no slot "
                   f"(cart only, {len(cart)} lines, shops {', '.join(cart_shops)})")
        continue
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"):
        err(f"{w}: slot.kind {kind}")
        continue
    start = parse_ts(slot.get("start"), f"{w}.slot.start")
    if start is None:
        continue
    station = slot.get("station")
    if kind == "delivery":
        if station is not None:
            err(f"{w}: delivery slot with a station")
        if not cust.get("street"):
            err(f"{w}: delivery without customer.street")
    problem = slot_problem(kind, start, now, cart_shops, station)
    if problem:
        err(f"{w}: slot {slot['start']} not bookable: {problem}")
    booked[kind] += 1
    booked_by_channel[ch] += 1
    e = earliest(kind, now)
    where = f"+{station}" if station else ""
    log.append(f"{cid}: now {DAY_DE[now.weekday()]} {now:%Y-%m-%d %H:%M%z} -> {kind} "
               f"{DAY_DE[start.weekday()]} {start:%Y-%m-%d %H:%M%z}{where} (window ok, no holiday, "
               f"cutoff ok, shops open, min_order ok; earliest possible {DAY_DE[e.weekday()]} "
               f"{e:%d.%m. %H:%M}; {len(cart)} lines, shops {', '.join(cart_shops)})")
    if cid in DROPPED_FOR_CLOSURE:
        sid, day = DROPPED_FOR_CLOSURE[cid]
        if not is_closed(sid, dt.date.fromisoformat(day)) or start.date() != dt.date.fromisoformat(day):
            err(f"{w}: dropped shop {sid} is not closed on the booked day")
        if sid in cart_shops:
            err(f"{w}: dropped shop {sid} still in the cart")

print()
for line in log:
    print(line)

# first-asked impossible days
for cid, (kind, start_s, station, why) in FIRST_ASKED.items():
    c = next((c for c in conv["conversations"] if c["id"] == cid), None)
    if c is None:
        err(f"first-asked: no conversation {cid}")
        continue
    now = parse_ts(c["now"], cid)
    start = parse_ts(start_s, cid)
    cart_shops = sorted({l["shop"] for l in c["expect"]["cart"]})
    problem = slot_problem(kind, start, now, cart_shops, station)
    if why == "no window on sunday":
        ok = problem == "no window on sun"
    elif why == "holiday":
        ok = problem is not None and problem.startswith("holiday") and window_at(kind, start) is not None
    else:
        ok = problem == why and window_at(kind, start) is not None
    print(f"{cid}: first asked {kind} {DAY_DE[start.weekday()]} {start:%Y-%m-%d %H:%M%z}"
          f"{'+' + station if station else ''} -> impossible ({problem})")
    if not ok:
        err(f"{cid}: first-asked window not impossible for the stated reason {why!r} (got {problem})")
    if start <= now and why != "past cutoff":
        err(f"{cid}: first-asked window lies before now")
for cid, (sid, day) in DROPPED_FOR_CLOSURE.items():
    print(f"{cid}: {sid} closed on {day}, resident drops its goods and keeps the day")

print()
if channels != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channels {channels}, want 10/10/10")
n_booked = booked["delivery"] + booked["pickup"]
if not 13 <= n_booked <= 17:
    err(f"{n_booked} conversations book a window, want about half")
for sid, n in shop_use.items():
    if n < 3:
        err(f"shop {sid} in only {n} carts")
if n_vouchers < 2:
    err("fewer than 2 voucher lines")
print(f"channels voice/telegram/web {channels['voice']}/{channels['telegram']}/{channels['web']}; "
      f"booked delivery {booked['delivery']}, pick-up {booked['pickup']} "
      f"(by channel {booked_by_channel['voice']}/{booked_by_channel['telegram']}/{booked_by_channel['web']}); "
      f"cart-only {len(ids) - n_booked}; cart lines {n_lines}; voucher lines {n_vouchers}")
print("turns per conversation: " + ", ".join(
    f"{k} {min(v)}-{max(v)}" for k, v in turn_counts.items() if v))
print("shop appearances (conversations): " + ", ".join(f"{k} {v}" for k, v in shop_use.items()))
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
