#!/usr/bin/env python3
"""Checks the Wendland evaluation set against its catalog.

Usage: python3 gen/check.py [CONVERSATIONS.yml]   (run from the set's folder or anywhere)

Checks:
  * catalog: format, unique ids, references (municipalities, stations), product count,
    vouchers/min_order/closed fields well formed;
  * conversations: format, second line `catalog: ...`, unique ids with prefix `wen-`,
    `now` inside 2028-05-02 .. 2028-08-31, channel counts 10/10/10, only `say` turns,
    voice turns lower case without punctuation or digits, customer municipality exists;
  * every expect line: shop and product exist, quantity is a decimal string that fits the
    unit (piece -> whole number > 0, kg/l -> > 0), voucher shop sells vouchers and the amount
    is inside its min/max;
  * every expected slot: a window of the template on that weekday and start time, station
    exists (pick-up), bookable at `now` (start - cutoff >= now), not a Sunday / NI public
    holiday, no shop of the expected cart closed that day, every shop's min_order reached.
Prints one line per booked conversation (weekday of now and slot) for a second look, and
the counts. Exit status 0 only if no error was found.
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONV = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "wendland_1.yml")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
RANGE = (dt.date(2028, 5, 2), dt.date(2028, 8, 31))
ID_PREFIX = "wen-"

errors = []


def err(msg):
    errors.append(msg)


def easter(y):
    a = y % 19; b = y // 100; c = y % 100; d = b // 4; e = b % 4
    f = (b + 8) // 25; g = (b - f + 1) // 3; h = (19 * a + b - d - g + 15) % 30
    i = c // 4; k = c % 4; l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = ((h + l - 7 * m + 114) % 31) + 1
    return dt.date(y, month, day)


def holidays_ni(y):
    e = easter(y)
    td = dt.timedelta
    return {
        dt.date(y, 1, 1): "Neujahr",
        e - td(2): "Karfreitag",
        e + td(1): "Ostermontag",
        dt.date(y, 5, 1): "Tag der Arbeit",
        e + td(39): "Christi Himmelfahrt",
        e + td(50): "Pfingstmontag",
        dt.date(y, 10, 3): "Tag der Deutschen Einheit",
        dt.date(y, 10, 31): "Reformationstag",
        dt.date(y, 12, 25): "1. Weihnachtstag",
        dt.date(y, 12, 26): "2. Weihnachtstag",
    }


def dec(s, what):
    if not isinstance(s, str):
        err(f"{what}: {s!r} is not a string")
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        err(f"{what}: {s!r} is not a decimal")
        return None


# ------------------------------------------------------------------ catalog
conv_text = open(CONV, encoding="utf-8").read()
lines = conv_text.splitlines()
if len(lines) < 2 or not lines[1].startswith("catalog:"):
    err("second line of the conversation file is not `catalog: ...`")
    cat_name = "wendland.yml"
else:
    cat_name = lines[1].split(":", 1)[1].strip()
CAT = os.path.join(os.path.dirname(os.path.abspath(CONV)), cat_name)
cat = yaml.safe_load(open(CAT, encoding="utf-8"))
conv = yaml.safe_load(conv_text)

if cat.get("format") != "kiepe-catalog/1":
    err("catalog format is not kiepe-catalog/1")
region = cat["region"]
if region.get("holidays") != "NI":
    err("catalog holidays is not NI")
munis = {m["id"]: m for m in region["municipalities"]}
for m in region["municipalities"]:
    for pc in m["postcodes"]:
        if not re.fullmatch(r"\d{5}", pc):
            err(f"municipality {m['id']}: bad postcode {pc}")
stations = {s["id"]: s for s in region["pickup_stations"]}
for s in stations.values():
    if s["municipality"] not in munis:
        err(f"station {s['id']}: unknown municipality")

shops = {}
nprod = 0
for s in cat["shops"]:
    if s["id"] in shops:
        err(f"duplicate shop id {s['id']}")
    if s["municipality"] not in munis:
        err(f"shop {s['id']}: unknown municipality")
    if s["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {s['id']}: bad kind")
    prods = {}
    for p in s["products"]:
        if p["id"] in prods:
            err(f"shop {s['id']}: duplicate product {p['id']}")
        if p["unit"] not in ("piece", "kg", "l"):
            err(f"{s['id']}/{p['id']}: bad unit")
        if p["vat"] not in (7, 19):
            err(f"{s['id']}/{p['id']}: bad vat")
        dec(p["price"], f"{s['id']}/{p['id']} price")
        if "deposit" in p:
            dec(p["deposit"], f"{s['id']}/{p['id']} deposit")
        for sub in p.get("substitutes", []):
            if sub not in {q["id"] for q in s["products"]}:
                err(f"{s['id']}/{p['id']}: unknown substitute {sub}")
        prods[p["id"]] = p
    nprod += len(prods)
    closed = set()
    for c in s.get("closed", []):
        if isinstance(c, str):
            closed.add(dt.date.fromisoformat(c))
        else:
            d0 = dt.date.fromisoformat(c["from"]); d1 = dt.date.fromisoformat(c["to"])
            while d0 <= d1:
                closed.add(d0); d0 += dt.timedelta(days=1)
    shops[s["id"]] = {"raw": s, "products": prods, "closed": closed}

if not (140 <= nprod <= 170):
    err(f"catalog has {nprod} products, not 140-170")
if len(shops) != 10:
    err(f"catalog has {len(shops)} shops, not 10")

deliv = region["delivery"]; pick = region["pickup"]


def windows(kind):
    return (deliv if kind == "delivery" else pick)["windows"]


def cutoff(kind):
    return dt.timedelta(hours=(deliv if kind == "delivery" else pick)["cutoff_hours"])


def earliest(kind, now):
    """Earliest template window (not Sunday-less by template, not holiday) bookable at now."""
    d = now.date()
    for _ in range(14):
        hol = holidays_ni(d.year)
        if d not in hol:
            for w in windows(kind):
                if DAYS[d.weekday()] in w["days"]:
                    h, m = map(int, w["start"].split(":"))
                    st = dt.datetime(d.year, d.month, d.day, h, m, tzinfo=now.tzinfo)
                    if st - cutoff(kind) >= now:
                        return st
        d += dt.timedelta(days=1)
    return None


# ------------------------------------------------------------------ conversations
if conv.get("format") != "kiepe-conversations/1":
    err("conversation format is not kiepe-conversations/1")
seen = set()
channels = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0, "none": 0}
log = []
for c in conv["conversations"]:
    cid = c["id"]
    if cid in seen:
        err(f"duplicate conversation id {cid}")
    seen.add(cid)
    if not cid.startswith(ID_PREFIX):
        err(f"{cid}: id does not start with {ID_PREFIX}")
    ch = c["channel"]
    if ch not in channels:
        err(f"{cid}: bad channel {ch}")
    else:
        channels[ch] += 1
    now = dt.datetime.fromisoformat(c["now"])
    if not (RANGE[0] <= now.date() <= RANGE[1]):
        err(f"{cid}: now {now} outside the assignment's range")
    if now.utcoffset() != dt.timedelta(hours=2):
        err(f"{cid}: now is not in summer time (+02:00)")
    if not c.get("tags"):
        err(f"{cid}: no tags")
    cu = c["customer"]
    if cu.get("municipality") not in munis:
        err(f"{cid}: customer municipality unknown")
    for t in c["turns"]:
        if set(t) != {"say"}:
            err(f"{cid}: a turn is not a plain say: {t}")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[.,!?;:()0-9\"'+€]", s):
                err(f"{cid}: voice turn not lower case / has punctuation or digits: {s[:60]}")
    exp = c.get("expect") or {}
    cart = exp.get("cart", [])
    if not cart:
        err(f"{cid}: empty expected cart")
    totals = {}
    for line in cart:
        sid = line.get("shop")
        if sid not in shops:
            err(f"{cid}: unknown shop {sid}")
            continue
        sh = shops[sid]
        if "voucher" in line:
            amt = dec(line["voucher"], f"{cid} voucher")
            v = sh["raw"].get("vouchers")
            if not v:
                err(f"{cid}: shop {sid} sells no vouchers")
            elif amt is not None and not (Decimal(v["min"]) <= amt <= Decimal(v["max"])):
                err(f"{cid}: voucher {amt} outside {v['min']}..{v['max']}")
            if amt is not None:
                totals[sid] = totals.get(sid, Decimal(0)) + amt
            continue
        pid = line.get("product")
        if pid not in sh["products"]:
            err(f"{cid}: unknown product {sid}/{pid}")
            continue
        p = sh["products"][pid]
        q = dec(line.get("quantity"), f"{cid} {sid}/{pid} quantity")
        if q is None:
            continue
        if q <= 0:
            err(f"{cid}: {sid}/{pid} quantity not positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            err(f"{cid}: {sid}/{pid} is a piece product but quantity {q}")
        totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
    keys = [(l.get("shop"), l.get("product"), "v" if "voucher" in l else "") for l in cart]
    if len(keys) != len(set(keys)):
        err(f"{cid}: duplicate expected cart line")
    slot = exp.get("slot")
    if not slot:
        booked["none"] += 1
        if "no-booking" not in c.get("tags", []):
            err(f"{cid}: no slot but not tagged no-booking")
        continue
    if "no-booking" in c.get("tags", []):
        err(f"{cid}: tagged no-booking but has a slot")
    kind = slot["kind"]
    if kind not in ("delivery", "pickup"):
        err(f"{cid}: bad slot kind {kind}")
        continue
    booked[kind] += 1
    if kind not in c.get("tags", []):
        err(f"{cid}: slot kind {kind} not in tags")
    st = dt.datetime.fromisoformat(slot["start"])
    wd = DAYS[st.weekday()]
    hhmm = st.strftime("%H:%M")
    if not any(wd in w["days"] and w["start"] == hhmm for w in windows(kind)):
        err(f"{cid}: {kind} {wd} {hhmm} is not a window of the template")
    if kind == "pickup":
        if slot.get("station") not in stations:
            err(f"{cid}: unknown station {slot.get('station')}")
    elif "station" in slot:
        err(f"{cid}: delivery slot with a station")
    if st - cutoff(kind) < now:
        err(f"{cid}: slot {st} past its cutoff at now {now}")
    if st <= now:
        err(f"{cid}: slot not in the future")
    hol = holidays_ni(st.year)
    if st.date() in hol:
        err(f"{cid}: slot on holiday {hol[st.date()]}")
    if wd == "sun":
        err(f"{cid}: slot on a Sunday")
    for sid in totals:
        if st.date() in shops[sid]["closed"]:
            err(f"{cid}: shop {sid} closed on {st.date()}")
        mo = shops[sid]["raw"].get("min_order")
        if mo and totals[sid] < Decimal(mo):
            err(f"{cid}: shop {sid} part {totals[sid]} below min_order {mo}")
    e = earliest(kind, now)
    where = f"+{slot['station']}" if kind == "pickup" else ""
    log.append(
        f"{cid}: now {now:%a %Y-%m-%d %H:%M} -> {kind} {st:%a %Y-%m-%d %H:%M}{where} "
        f"(cutoff ok: {st - cutoff(kind) >= now}, earliest possible {e:%a %d.%m. %H:%M})"
    )

if channels != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channel counts {channels}, not 10/10/10")

print(f"catalog {os.path.basename(CAT)}: {len(munis)} municipalities, {len(stations)} stations, "
      f"{len(shops)} shops, {nprod} products")
hol = holidays_ni(2028)
print("NI holidays in range: " + ", ".join(
    f"{d:%a %Y-%m-%d} {n}" for d, n in sorted(hol.items()) if RANGE[0] <= d <= RANGE[1]))
print(f"conversations {os.path.basename(CONV)}: {len(seen)}; channels voice/telegram/web = "
      f"{channels['voice']}/{channels['telegram']}/{channels['web']}")
print(f"booked: delivery {booked['delivery']}, pickup {booked['pickup']}, none {booked['none']}")
print("slots:")
for l in log:
    print("  " + l)
if errors:
    print("ERRORS:")
    for e in errors:
        print("  " + e)
print("checks: all ok" if not errors else f"checks: {len(errors)} error(s)")
sys.exit(1 if errors else 0)
