#!/usr/bin/env python3
"""Check the Hohenlohe evaluation set against its own catalog (no project code used).

Usage: python3 gen/check.py [--out gen/check_output.txt]

Checks
  catalog: parses; format; 5 municipalities with 5-digit postcodes; 3-4 stations in known
           municipalities; 10 shops; 140-170 products; unique ids; units; prices/deposits as
           decimal strings; vat 7/19; allergen ids; min_age 16/18; substitutes exist; closed dates.
  conversations: second line 'catalog: hohenlohe.yml'; 30 conversations, channels 10/10/10;
           ids unique, prefix 'hoh-'; now in 2028-05-02..2028-08-31; only 'say' turns;
           voice turns lower case without punctuation; tags present; customer municipality known;
           every expected line names a shop and product of the catalog; quantity a decimal string
           (whole number for unit piece, > 0); voucher lines only for shops with vouchers and
           inside min/max; no product twice in one cart.
  slots:   a window of the template on that weekday and start time; not a Sunday or a BW
           holiday; bookable at now (start - cutoff_hours >= now); pickup station exists;
           no shop of the cart closed that day; every shop of the cart reaches its min_order;
           delivery customers have a street.
Prints a log line per slot (weekday, cutoff, earliest window of the template after now).
"""
import datetime as dt
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CATALOG = ROOT / "hohenlohe.yml"
CONVS = ROOT / "hohenlohe_1.yml"

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
NOW_FROM = dt.date(2028, 5, 2)
NOW_TO = dt.date(2028, 8, 31)
TZ = dt.timezone(dt.timedelta(hours=2))  # CEST, valid for the whole May-August range

errors = []
out_lines = []


def say(line=""):
    out_lines.append(line)


def err(msg):
    errors.append(msg)


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


def bw_holidays(y):
    e = easter(y)
    return {
        dt.date(y, 1, 1): "Neujahr",
        dt.date(y, 1, 6): "Heilige Drei Könige",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(y, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        e + dt.timedelta(days=60): "Fronleichnam",
        dt.date(y, 10, 3): "Tag der Deutschen Einheit",
        dt.date(y, 11, 1): "Allerheiligen",
        dt.date(y, 12, 25): "1. Weihnachtstag",
        dt.date(y, 12, 26): "2. Weihnachtstag",
    }


HOL = bw_holidays(2028)


def dec(s, what):
    if not isinstance(s, str):
        err(f"{what}: {s!r} is not a string")
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        err(f"{what}: {s!r} is not a decimal")
        return None


def parse_date(s, what):
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        err(f"{what}: {s!r} is not a quoted YYYY-MM-DD date")
        return None
    return dt.date.fromisoformat(s)


# ------------------------------------------------------------------ catalog
cat = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format is not kiepe-catalog/1")
reg = cat["region"]
if reg.get("holidays") != "BW":
    err("catalog: holidays is not BW")
munis = {m["id"]: m for m in reg["municipalities"]}
if len(munis) != 5:
    err(f"catalog: {len(munis)} municipalities, expected 5")
for m in reg["municipalities"]:
    for p in m["postcodes"]:
        if not (isinstance(p, str) and re.fullmatch(r"\d{5}", p)):
            err(f"catalog: municipality {m['id']} postcode {p!r}")
stations = {s["id"]: s for s in reg["pickup_stations"]}
if not 3 <= len(stations) <= 4:
    err(f"catalog: {len(stations)} stations, expected 3-4")
for s in stations.values():
    if s["municipality"] not in munis:
        err(f"catalog: station {s['id']} in unknown municipality")
DEL = reg["delivery"]
PICK = reg["pickup"]
for what, block in (("delivery", DEL), ("pickup", PICK)):
    for w in block["windows"]:
        for d in w["days"]:
            if d not in DAYS:
                err(f"catalog: {what} window day {d!r}")
dec(DEL["fee"], "delivery.fee")
dec(DEL["free_from"], "delivery.free_from")

shops = {}
n_products = 0
for sh in cat["shops"]:
    sid = sh["id"]
    if sid in shops:
        err(f"catalog: shop id {sid} twice")
    shops[sid] = sh
    if sh["municipality"] not in munis:
        err(f"catalog: shop {sid} in unknown municipality")
    if sh["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        err(f"catalog: shop {sid} kind {sh['kind']!r}")
    if "min_order" in sh:
        dec(sh["min_order"], f"{sid}.min_order")
    if "vouchers" in sh:
        dec(sh["vouchers"]["min"], f"{sid}.vouchers.min")
        dec(sh["vouchers"]["max"], f"{sid}.vouchers.max")
    closed = []
    for c in sh.get("closed", []):
        if isinstance(c, dict):
            a = parse_date(c["from"], f"{sid}.closed.from")
            b = parse_date(c["to"], f"{sid}.closed.to")
            if a and b:
                closed.append((a, b))
        else:
            a = parse_date(c, f"{sid}.closed")
            if a:
                closed.append((a, a))
    sh["_closed"] = closed
    pids = {}
    for p in sh["products"]:
        n_products += 1
        if p["id"] in pids:
            err(f"catalog: {sid}/{p['id']} twice")
        pids[p["id"]] = p
        if p["unit"] not in ("piece", "kg", "l"):
            err(f"catalog: {sid}/{p['id']} unit {p['unit']!r}")
        dec(p["price"], f"{sid}/{p['id']}.price")
        if p["vat"] not in (7, 19):
            err(f"catalog: {sid}/{p['id']} vat {p['vat']!r}")
        if "deposit" in p:
            dec(p["deposit"], f"{sid}/{p['id']}.deposit")
        if "min_age" in p and p["min_age"] not in (16, 18):
            err(f"catalog: {sid}/{p['id']} min_age {p['min_age']!r}")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                err(f"catalog: {sid}/{p['id']} allergen {a!r}")
    for p in sh["products"]:
        for s in p.get("substitutes", []):
            if s not in pids:
                err(f"catalog: {sid}/{p['id']} substitute {s!r} unknown")
    sh["_products"] = pids
if len(shops) != 10:
    err(f"catalog: {len(shops)} shops, expected 10")
if not 140 <= n_products <= 170:
    err(f"catalog: {n_products} products, expected 140-170")

say(f"catalog {CATALOG.name}: {len(munis)} municipalities, {len(stations)} stations, "
    f"{len(shops)} shops, {n_products} products")
for sid, sh in shops.items():
    extra = []
    if "min_order" in sh:
        extra.append(f"min_order {sh['min_order']}")
    if sh["_closed"]:
        extra.append("closed " + ", ".join(f"{a}..{b}" for a, b in sh["_closed"]))
    if "vouchers" in sh:
        extra.append("vouchers")
    say(f"  {sid}: {len(sh['_products'])} products" + (f" ({'; '.join(extra)})" if extra else ""))
say("BW holidays in May-Aug 2028: " + ", ".join(
    f"{WD[d.weekday()]} {d} {n}" for d, n in sorted(HOL.items()) if NOW_FROM <= d <= NOW_TO))
say()


def hm(s):
    h, m = s.split(":")
    return dt.time(int(h), int(m))


def windows_on(kind, day):
    block = DEL if kind == "delivery" else PICK
    if day in HOL:
        return []
    res = []
    for w in block["windows"]:
        if DAYS[day.weekday()] in w["days"]:
            res.append(dt.datetime.combine(day, hm(w["start"]), TZ))
    return sorted(res)


def earliest(kind, now):
    block = DEL if kind == "delivery" else PICK
    cut = dt.timedelta(hours=block["cutoff_hours"])
    d = now.date()
    for _ in range(30):
        for s in windows_on(kind, d):
            if s - cut >= now:
                return s
        d += dt.timedelta(days=1)
    return None


def closed_on(sh, day):
    return any(a <= day <= b for a, b in sh["_closed"])


# ------------------------------------------------------------------ conversations
raw = CONVS.read_text(encoding="utf-8")
lines = raw.splitlines()
if len(lines) < 2 or lines[1].strip() != "catalog: hohenlohe.yml":
    err("conversations: second line is not 'catalog: hohenlohe.yml'")
doc = yaml.safe_load(raw)
if doc.get("format") != "kiepe-conversations/1":
    err("conversations: format is not kiepe-conversations/1")
convs = doc["conversations"]
ids = set()
channels = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0, None: 0}
by_channel_booked = {}
slot_log = []
tag_count = {}

for c in convs:
    cid = c["id"]
    if cid in ids:
        err(f"{cid}: id twice")
    ids.add(cid)
    if not cid.startswith("hoh-"):
        err(f"{cid}: id does not start with hoh-")
    ch = c["channel"]
    if ch not in channels:
        err(f"{cid}: channel {ch!r}")
        continue
    channels[ch] += 1
    now = dt.datetime.fromisoformat(c["now"])
    if now.utcoffset() != dt.timedelta(hours=2):
        err(f"{cid}: now not at +02:00")
    if not NOW_FROM <= now.date() <= NOW_TO:
        err(f"{cid}: now {now} outside the assigned range")
    cu = c["customer"]
    if cu.get("municipality") not in munis:
        err(f"{cid}: customer municipality {cu.get('municipality')!r}")
    tags = c.get("tags") or []
    if not tags:
        err(f"{cid}: no tags")
    for t in tags:
        tag_count[t] = tag_count.get(t, 0) + 1
    for t in c["turns"]:
        if set(t) != {"say"}:
            err(f"{cid}: a turn other than say: {t}")
            continue
        if ch == "voice" and not re.fullmatch(r"[a-zäöüß0-9 ]+", t["say"]):
            err(f"{cid}: voice turn not lower case without punctuation: {t['say']!r}")
    exp = c.get("expect")
    if not exp or "cart" not in exp:
        err(f"{cid}: no expect.cart")
        continue
    seen = set()
    shop_totals = {}
    for line in exp["cart"]:
        sid = line.get("shop")
        if sid not in shops:
            err(f"{cid}: unknown shop {sid!r}")
            continue
        sh = shops[sid]
        if "voucher" in line:
            v = dec(line["voucher"], f"{cid}: voucher")
            if "vouchers" not in sh:
                err(f"{cid}: shop {sid} sells no vouchers")
            elif v is not None and not (Decimal(sh["vouchers"]["min"]) <= v <= Decimal(sh["vouchers"]["max"])):
                err(f"{cid}: voucher {v} outside {sid} min/max")
            continue
        pid = line.get("product")
        if pid not in sh["_products"]:
            err(f"{cid}: {sid} has no product {pid!r}")
            continue
        if (sid, pid) in seen:
            err(f"{cid}: {sid}/{pid} twice in the cart")
        seen.add((sid, pid))
        p = sh["_products"][pid]
        q = dec(line.get("quantity"), f"{cid}: {sid}/{pid} quantity")
        if q is None:
            continue
        if q <= 0:
            err(f"{cid}: {sid}/{pid} quantity {q} not positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            err(f"{cid}: {sid}/{pid} is sold per piece, quantity {q}")
        shop_totals[sid] = shop_totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
    slot = exp.get("slot")
    if slot is None:
        booked[None] += 1
        by_channel_booked.setdefault(ch, {"delivery": 0, "pickup": 0, None: 0})[None] += 1
        continue
    kind = slot["kind"]
    booked[kind] += 1
    by_channel_booked.setdefault(ch, {"delivery": 0, "pickup": 0, None: 0})[kind] += 1
    start = dt.datetime.fromisoformat(slot["start"])
    block = DEL if kind == "delivery" else PICK
    day = start.date()
    problems = []
    if start.utcoffset() != dt.timedelta(hours=2):
        problems.append("offset not +02:00")
    if day in HOL:
        problems.append(f"holiday {HOL[day]}")
    if day.weekday() == 6:
        problems.append("Sunday")
    if start not in windows_on(kind, day):
        problems.append("not a window of the template")
    cut = start - dt.timedelta(hours=block["cutoff_hours"])
    if cut < now:
        problems.append(f"past cutoff ({cut:%a %d.%m. %H:%M})")
    if kind == "pickup":
        if slot.get("station") not in stations:
            problems.append(f"unknown station {slot.get('station')!r}")
    else:
        if not cu.get("street"):
            problems.append("delivery customer without street")
    for sid, total in shop_totals.items():
        if closed_on(shops[sid], day):
            problems.append(f"{sid} closed that day")
        mo = shops[sid].get("min_order")
        if mo and total < Decimal(mo):
            problems.append(f"{sid} below min_order ({total} < {mo})")
    for p in problems:
        err(f"{cid}: slot {slot['start']}: {p}")
    ea = earliest(kind, now)
    where = f"+{slot['station']}" if kind == "pickup" else ""
    slot_log.append(
        f"{cid}: now {WD[now.weekday()]} {now:%Y-%m-%d %H:%M} -> {kind} "
        f"{WD[day.weekday()]} {start:%Y-%m-%d %H:%M}{where} "
        f"(cutoff {cut:%a %d.%m. %H:%M} {'ok' if cut >= now else 'MISSED'}, "
        f"earliest possible {WD[ea.weekday()]} {ea:%d.%m. %H:%M})")

n = len(convs)
if n != 30:
    err(f"conversations: {n}, expected 30")
if channels != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"conversations: channels {channels}, expected 10/10/10")

say(f"conversations {CONVS.name}: {n}; voice/telegram/web = "
    f"{channels['voice']}/{channels['telegram']}/{channels['web']}")
say(f"booked: delivery {booked['delivery']}, pickup {booked['pickup']}, none {booked[None]}")
for ch in ("voice", "telegram", "web"):
    b = by_channel_booked.get(ch, {})
    say(f"  {ch}: delivery {b.get('delivery', 0)}, pickup {b.get('pickup', 0)}, none {b.get(None, 0)}")
say(f"expected cart lines: {sum(len(c['expect']['cart']) for c in convs)}")
say()
say("slots:")
for l in slot_log:
    say("  " + l)
say()
say("tags: " + ", ".join(f"{t} {k}" for t, k in sorted(tag_count.items())))
say()
if errors:
    say(f"FAILED: {len(errors)} problem(s)")
    for e in errors:
        say("  " + e)
else:
    say("OK: no problems found")

text = "\n".join(out_lines) + "\n"
sys.stdout.write(text)
if "--out" in sys.argv:
    Path(sys.argv[sys.argv.index("--out") + 1]).write_text(text, encoding="utf-8")
sys.exit(1 if errors else 0)
