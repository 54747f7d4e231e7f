#!/usr/bin/env python3
"""Checks mosel_1.yml against mosel.yml (stdlib + PyYAML only).

- catalog: parses, 140-170 products, unique ids, decimal strings, known stations/municipalities
- conversations: 30, 10 per channel, say-only turns, 2-9 turns, voice turns lower case without
  punctuation, `now` inside 2029-02-01 .. 2029-05-31 with the right Berlin UTC offset
- cart: shop exists, product exists in that shop, quantity decimal string (whole for piece),
  vouchers only where the shop sells them and inside min/max
- slot: a window of the template on that weekday and time, right UTC offset, not Sunday, not an RP
  public holiday, cutoff respected from `now`, station exists, no shop of the cart closed that day,
  every shop's min_order reached; street known for deliveries (customer.street or address in turn)
- earliest-window tag: the slot is the earliest bookable window after `now`
Usage: python3 check_mosel.py [catalog] [conversations]
"""
import re
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = __file__.rsplit("/", 1)[0]
CAT = sys.argv[1] if len(sys.argv) > 1 else f"{HERE}/../mosel.yml"
CONV = sys.argv[2] if len(sys.argv) > 2 else f"{HERE}/../mosel_1.yml"
TZ = ZoneInfo("Europe/Berlin")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DEC = re.compile(r"^\d+(\.\d+)?$")
errors = []


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
    return date(y, month, day)


def holidays_rp(y):
    e = easter(y)
    return {
        date(y, 1, 1): "Neujahr",
        e - timedelta(days=2): "Karfreitag",
        e + timedelta(days=1): "Ostermontag",
        date(y, 5, 1): "Tag der Arbeit",
        e + timedelta(days=39): "Christi Himmelfahrt",
        e + timedelta(days=50): "Pfingstmontag",
        e + timedelta(days=60): "Fronleichnam",
        date(y, 10, 3): "Tag der Deutschen Einheit",
        date(y, 11, 1): "Allerheiligen",
        date(y, 12, 25): "1. Weihnachtstag",
        date(y, 12, 26): "2. Weihnachtstag",
    }


def dec(s, where):
    if not isinstance(s, str) or not DEC.match(s):
        err(f"{where}: not a decimal string: {s!r}")
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        err(f"{where}: bad decimal {s!r}")
        return None


def parse_closed(entries):
    out = []
    for c in entries or []:
        if isinstance(c, str):
            d = date.fromisoformat(c)
            out.append((d, d))
        else:
            out.append((date.fromisoformat(c["from"]), date.fromisoformat(c["to"])))
    return out


def hm(s):
    h, m = s.split(":")
    return int(h), int(m)


# ---------------------------------------------------------------- catalog
cat = yaml.safe_load(open(CAT, encoding="utf-8"))
region = cat["region"]
assert cat["format"] == "kiepe-catalog/1"
assert region["holidays"] == "RP"
muni = {m["id"] for m in region["municipalities"]}
stations = {s["id"]: s for s in region["pickup_stations"]}
for s in stations.values():
    if s["municipality"] not in muni:
        err(f"station {s['id']}: unknown municipality")
shops = {}
nprod = 0
for sh in cat["shops"]:
    if sh["municipality"] not in muni:
        err(f"shop {sh['id']}: unknown municipality")
    prods = {}
    for p in sh.get("products", []):
        if p["id"] in prods:
            err(f"shop {sh['id']}: duplicate product {p['id']}")
        prods[p["id"]] = p
        dec(p["price"], f"{sh['id']}/{p['id']} price")
        if "deposit" in p:
            dec(p["deposit"], f"{sh['id']}/{p['id']} deposit")
        if p["unit"] not in ("piece", "kg", "l"):
            err(f"{sh['id']}/{p['id']}: unit {p['unit']}")
        if p.get("vat") not in (7, 19):
            err(f"{sh['id']}/{p['id']}: vat")
        if p.get("min_age") not in (None, 16, 18):
            err(f"{sh['id']}/{p['id']}: min_age")
        for sub in p.get("substitutes", []):
            if sub not in {q["id"] for q in sh["products"]}:
                err(f"{sh['id']}/{p['id']}: substitute {sub} unknown")
    nprod += len(prods)
    shops[sh["id"]] = {
        "prods": prods,
        "vouchers": sh.get("vouchers"),
        "min_order": Decimal(sh["min_order"]) if "min_order" in sh else None,
        "closed": parse_closed(sh.get("closed")),
        "name": sh["name"],
    }
if not (140 <= nprod <= 170):
    err(f"catalog has {nprod} products (want 140-170)")
if len(shops) != 10:
    err(f"catalog has {len(shops)} shops (want 10)")
print(f"catalog: {len(muni)} municipalities, {len(stations)} stations, {len(shops)} shops, {nprod} products")

HOL = {}
for y in (2029,):
    HOL.update(holidays_rp(y))


def windows(kind):
    return region["delivery" if kind == "delivery" else "pickup"]["windows"]


def cutoff(kind):
    return region["delivery" if kind == "delivery" else "pickup"]["cutoff_hours"]


def bookable(kind, now, start_local):
    """The window (start,end) of the template that starts at start_local, or None; no cutoff check."""
    d = start_local.date()
    if d.weekday() == 6 or d in HOL:
        return None
    for w in windows(kind):
        if DAYS[d.weekday()] in w["days"] and (start_local.hour, start_local.minute) == hm(w["start"]):
            return w
    return None


def earliest(kind, now):
    day = now.astimezone(TZ).date()
    for i in range(0, 21):
        d = day + timedelta(days=i)
        if d.weekday() == 6 or d in HOL:
            continue
        cands = []
        for w in windows(kind):
            if DAYS[d.weekday()] in w["days"]:
                h, m = hm(w["start"])
                st = datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
                if st - timedelta(hours=cutoff(kind)) >= now:
                    cands.append(st)
        if cands:
            return min(cands)
    return None


# ---------------------------------------------------------------- conversations
conv = yaml.safe_load(open(CONV, encoding="utf-8"))
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format")
if conv.get("catalog") != "mosel.yml":
    err("conversations: catalog line")
with open(CONV, encoding="utf-8") as fh:
    lines = fh.read().splitlines()
if lines[1] != "catalog: mosel.yml":
    err("conversations: catalog is not the second line")

convs = conv["conversations"]
ids = [c["id"] for c in convs]
if len(set(ids)) != len(ids):
    err("duplicate conversation ids")
per_channel = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
log = []
lo = datetime(2029, 2, 1, tzinfo=TZ)
hi = datetime(2029, 6, 1, tzinfo=TZ)
for c in convs:
    cid = c["id"]
    ch = c["channel"]
    per_channel[ch] += 1
    now = datetime.fromisoformat(c["now"])
    if not (lo <= now < hi):
        err(f"{cid}: now {c['now']} outside range")
    if now.utcoffset() != now.astimezone(TZ).utcoffset():
        err(f"{cid}: now has offset {now.utcoffset()} but Berlin has {now.astimezone(TZ).utcoffset()}")
    cust = c["customer"]
    if cust["municipality"] not in muni:
        err(f"{cid}: customer municipality")
    turns = c["turns"]
    if not (2 <= len(turns) <= 9):
        err(f"{cid}: {len(turns)} turns")
    for t in turns:
        if set(t) != {"say"}:
            err(f"{cid}: turn other than say: {t}")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[.,;:!?\"'()\-–…]", s) or "\n" in s:
                err(f"{cid}: voice turn not ASR-like: {s!r}")
    exp = c.get("expect", {})
    cart = exp.get("cart", [])
    totals = {}
    for line in cart:
        sid = line["shop"]
        if sid not in shops:
            err(f"{cid}: unknown shop {sid}")
            continue
        sh = shops[sid]
        if "voucher" in line:
            v = dec(line["voucher"], f"{cid} voucher")
            if not sh["vouchers"]:
                err(f"{cid}: {sid} sells no vouchers")
            elif v is not None and not (Decimal(sh["vouchers"]["min"]) <= v <= Decimal(sh["vouchers"]["max"])):
                err(f"{cid}: voucher {v} outside {sh['vouchers']}")
            continue
        pid = line["product"]
        if pid not in sh["prods"]:
            err(f"{cid}: {sid} has no product {pid}")
            continue
        q = dec(line["quantity"], f"{cid} {pid} quantity")
        p = sh["prods"][pid]
        if q is not None:
            if q <= 0:
                err(f"{cid}: {pid} quantity not positive")
            if p["unit"] == "piece" and q != q.to_integral_value():
                err(f"{cid}: {pid} piece quantity not whole: {q}")
            totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
    keys = [(l["shop"], l.get("product"), l.get("voucher")) for l in cart]
    if len(set(keys)) != len(keys):
        err(f"{cid}: duplicate cart line")
    slot = exp.get("slot")
    if slot:
        kind = slot["kind"]
        booked[kind] += 1
        start = datetime.fromisoformat(slot["start"])
        local = start.astimezone(TZ)
        if start.utcoffset() != local.utcoffset():
            err(f"{cid}: slot offset {start.utcoffset()} but Berlin has {local.utcoffset()}")
        d = local.date()
        if d.weekday() == 6:
            err(f"{cid}: slot on a Sunday")
        if d in HOL:
            err(f"{cid}: slot on holiday {HOL[d]}")
        if not bookable(kind, now, local):
            err(f"{cid}: {local:%a %Y-%m-%d %H:%M} is no {kind} window of the template")
        if start - timedelta(hours=cutoff(kind)) < now:
            err(f"{cid}: cutoff missed ({kind} {local:%a %d.%m. %H:%M}, now {now:%a %d.%m. %H:%M})")
        if kind == "pickup":
            if slot.get("station") not in stations:
                err(f"{cid}: unknown station {slot.get('station')}")
        else:
            if "station" in slot:
                err(f"{cid}: delivery slot with station")
            if not cust.get("street") and "address-in-turn" not in c.get("tags", []):
                err(f"{cid}: delivery without customer.street or address in turn")
        for line in cart:
            sh = shops.get(line["shop"])
            if not sh:
                continue
            for a, b in sh["closed"]:
                if a <= d <= b:
                    err(f"{cid}: {line['shop']} closed on {d}")
        for sid, tot in totals.items():
            mo = shops[sid]["min_order"]
            if mo is not None and tot < mo:
                err(f"{cid}: {sid} total {tot} below min_order {mo}")
        e = earliest(kind, now)
        if "earliest-window" in c.get("tags", []) and e != local:
            err(f"{cid}: tagged earliest-window but earliest is {e}")
        st = f"+{slot['station']}" if kind == "pickup" else ""
        log.append(
            f"{cid}: now {now:%a %Y-%m-%d %H:%M} -> {kind} {local:%a %Y-%m-%d %H:%M}{st} "
            f"(cutoff ok, earliest possible {e:%a %d.%m. %H:%M}; min_order "
            + ", ".join(f"{s} {t:.2f}" for s, t in sorted(totals.items()) if shops[s]['min_order'])
            + ")"
        )

print(f"conversations: {len(convs)}; per channel {per_channel}; booked {booked} "
      f"({sum(booked.values())} of {len(convs)})")
for ch, n in per_channel.items():
    if n != 10:
        err(f"channel {ch}: {n} conversations (want 10)")
print("\n".join(log))
if errors:
    print(f"\n{len(errors)} problem(s):")
    print("\n".join(errors))
    sys.exit(1)
print("\nall checks passed")
