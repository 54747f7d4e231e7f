#!/usr/bin/env python3
"""Checks the Ammerland evaluation set (catalog + conversations).

Usage: python3 check_ammerland.py   (from any directory; paths are relative to this file)
Python 3.9+ stdlib + PyYAML. Exit status 0 only when no error was found.
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
CATALOG = os.path.join(BASE, "ammerland.yml")
CONVS = os.path.join(BASE, "ammerland_1.yml")
TZ = ZoneInfo("Europe/Berlin")
RANGE = (dt.date(2029, 6, 1), dt.date(2029, 9, 30))
REGION_CODE = "am"

ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DEC = re.compile(r"^\d+(\.\d{1,2})?$")
QTY = re.compile(r"^\d+(\.\d+)?$")

errors = []
notes = []


def err(msg):
    errors.append(msg)


def is_dec(v):
    return isinstance(v, str) and bool(DEC.match(v))


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
    return dt.date(y, month, day + 1)


def holidays_ni(y):
    e = easter(y)
    return {
        dt.date(y, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(y, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(y, 10, 3): "Tag der Deutschen Einheit",
        dt.date(y, 10, 31): "Reformationstag",
        dt.date(y, 12, 25): "1. Weihnachtstag",
        dt.date(y, 12, 26): "2. Weihnachtstag",
    }


def parse_date(s, where):
    if not isinstance(s, str):
        err(f"{where}: date {s!r} is not a quoted string (YAML read it as {type(s).__name__})")
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        err(f"{where}: bad date {s!r}")
        return None


def parse_ts(s, where):
    if not isinstance(s, str):
        err(f"{where}: timestamp {s!r} is not a quoted string")
        return None
    try:
        t = dt.datetime.fromisoformat(s)
    except ValueError:
        err(f"{where}: bad timestamp {s!r}")
        return None
    if t.tzinfo is None:
        err(f"{where}: timestamp {s!r} has no UTC offset")
        return None
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        err(f"{where}: {s} has offset {t.utcoffset()}, Europe/Berlin has {local.utcoffset()} then")
    return t


# ------------------------------------------------------------------ catalog
with open(CATALOG, encoding="utf-8") as fh:
    cat_text = fh.read()
if not cat_text.startswith("format: kiepe-catalog/1\n"):
    err("catalog: first line must be 'format: kiepe-catalog/1'")
cat = yaml.safe_load(cat_text)
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format")

reg = cat["region"]
for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in reg:
        err(f"catalog: region.{f} missing")
if not SLUG.match(reg["id"]):
    err("catalog: region.id not a slug")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("catalog: timezone/currency")
if reg.get("holidays") != "NI":
    err("catalog: holidays should be NI")

munis = {}
for m in reg["municipalities"]:
    if not SLUG.match(m["id"]) or m["id"] in munis:
        err(f"catalog: municipality id {m['id']!r}")
    pcs = m.get("postcodes")
    if not pcs or not all(isinstance(p, str) and re.fullmatch(r"\d{5}", p) for p in pcs):
        err(f"catalog: municipality {m['id']}: postcodes must be quoted 5-digit strings")
    munis[m["id"]] = m
if not 4 <= len(munis) <= 5:
    err(f"catalog: {len(munis)} municipalities (want 4-5)")

stations = {}
for s in reg["pickup_stations"]:
    if not SLUG.match(s["id"]) or s["id"] in stations:
        err(f"catalog: station id {s['id']!r}")
    if s.get("municipality") not in munis:
        err(f"catalog: station {s['id']}: unknown municipality")
    if not isinstance(s.get("address"), str) or not isinstance(s.get("name"), str):
        err(f"catalog: station {s['id']}: name/address")
    else:
        pc = re.search(r"\b(\d{5})\b", s["address"])
        if not pc or pc.group(1) not in munis[s["municipality"]]["postcodes"]:
            err(f"catalog: station {s['id']}: address postcode does not match municipality")
    stations[s["id"]] = s
if len(stations) != 3:
    err(f"catalog: {len(stations)} pick-up stations (want 3)")


def check_windows(block, name):
    if not isinstance(block.get("cutoff_hours"), int):
        err(f"catalog: {name}.cutoff_hours must be an integer")
    for i, w in enumerate(block.get("windows", [])):
        where = f"catalog: {name}.windows[{i}]"
        if not w.get("days") or any(d not in DAYS for d in w["days"]):
            err(f"{where}: days")
        for k in ("start", "end"):
            if not isinstance(w.get(k), str) or not HHMM.match(w[k]):
                err(f"{where}: {k} must be a quoted 'HH:MM' string (got {w.get(k)!r})")
        if isinstance(w.get("start"), str) and isinstance(w.get("end"), str) and w["start"] >= w["end"]:
            err(f"{where}: start >= end")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{where}: capacity")


dl = reg["delivery"]
if not is_dec(dl.get("fee")):
    err("catalog: delivery.fee")
if "free_from" in dl and not is_dec(dl["free_from"]):
    err("catalog: delivery.free_from")
check_windows(dl, "delivery")
check_windows(reg["pickup"], "pickup")
wg = reg.get("weighed_goods")
if wg is not None and not isinstance(wg.get("tolerance_percent"), int):
    err("catalog: weighed_goods.tolerance_percent")

shops = {}
n_products = 0
closed_days = {}
for s in cat["shops"]:
    sid = s["id"]
    where = f"catalog: shop {sid}"
    if not SLUG.match(sid) or sid in shops:
        err(f"{where}: id")
    if s.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"{where}: kind")
    if s.get("municipality") not in munis:
        err(f"{where}: municipality")
    if not isinstance(s.get("phone"), str) or not s["phone"].startswith("+49 "):
        err(f"{where}: phone")
    if not isinstance(s.get("name"), str):
        err(f"{where}: name")
    if "min_order" in s and not is_dec(s["min_order"]):
        err(f"{where}: min_order")
    if "vouchers" in s:
        v = s["vouchers"]
        if not (is_dec(v.get("min")) and is_dec(v.get("max")) and Decimal(v["min"]) < Decimal(v["max"])):
            err(f"{where}: vouchers")
    cd = set()
    for c in s.get("closed", []):
        if isinstance(c, dict):
            a, b = parse_date(c.get("from"), where), parse_date(c.get("to"), where)
            if a and b:
                if a > b:
                    err(f"{where}: closed from > to")
                d = a
                while d <= b:
                    cd.add(d)
                    d += dt.timedelta(days=1)
        else:
            d = parse_date(c, where)
            if d:
                cd.add(d)
    closed_days[sid] = cd
    prods = {}
    for p in s.get("products", []):
        pw = f"{where} product {p.get('id')}"
        if not SLUG.match(str(p.get("id"))) or p["id"] in prods:
            err(f"{pw}: id")
        if not isinstance(p.get("name"), str) or not p["name"].strip():
            err(f"{pw}: name must be a string")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{pw}: unit")
        if not is_dec(p.get("price")) or Decimal(p["price"]) <= 0:
            err(f"{pw}: price must be a decimal string")
        if p.get("vat") not in (7, 19):
            err(f"{pw}: vat")
        for k in ("label", "size", "category"):
            if k in p and not isinstance(p[k], str):
                err(f"{pw}: {k} must be a string (YAML read {p[k]!r})")
        if "aliases" in p and not all(isinstance(a, str) for a in p["aliases"]):
            err(f"{pw}: aliases")
        if "deposit" in p and not is_dec(p["deposit"]):
            err(f"{pw}: deposit")
        if "min_age" in p and p["min_age"] not in (16, 18):
            err(f"{pw}: min_age")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                err(f"{pw}: unknown allergen {a}")
        if p.get("unit") == "piece" and "label" not in p:
            notes.append(f"{pw}: piece without label")
        prods[p["id"]] = p
    for p in prods.values():
        for sub in p.get("substitutes", []):
            if sub not in prods or sub == p["id"]:
                err(f"{where} product {p['id']}: substitute {sub} not in this shop")
    s["_products"] = prods
    shops[sid] = s
    n_products += len(prods)
if len(shops) != 10:
    err(f"catalog: {len(shops)} shops (want 10)")
if not 140 <= n_products <= 170:
    err(f"catalog: {n_products} products (want 140-170)")

# ------------------------------------------------------------ window logic
def windows_on(kind, day):
    block = reg["delivery"] if kind == "delivery" else reg["pickup"]
    wd = DAYS[day.weekday()]
    out = []
    for w in block["windows"]:
        if wd in w["days"]:
            h, m = map(int, w["start"].split(":"))
            out.append(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ))
    return sorted(out)


def earliest(kind, now):
    block = reg["delivery"] if kind == "delivery" else reg["pickup"]
    d = now.astimezone(TZ).date()
    for _ in range(30):
        if d not in holidays_ni(d.year):
            for start in windows_on(kind, d):
                if start - dt.timedelta(hours=block["cutoff_hours"]) >= now:
                    return start
        d += dt.timedelta(days=1)
    return None


# ------------------------------------------------------------ conversations
with open(CONVS, encoding="utf-8") as fh:
    conv_text = fh.read()
lines = conv_text.splitlines()
if lines[0] != "format: kiepe-conversations/1" or lines[1] != "catalog: ammerland.yml":
    err("conversations: first two lines must be the format and 'catalog: ammerland.yml'")
data = yaml.safe_load(conv_text)
convs = data["conversations"]
ids = set()
counts = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
slot_log = []
prefix = {"voice": "v", "telegram": "t", "web": "w"}
for c in convs:
    cid = c.get("id")
    where = f"conversation {cid}"
    if cid in ids:
        err(f"{where}: duplicate id")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in counts:
        err(f"{where}: channel {ch!r}")
        continue
    counts[ch] += 1
    if not re.fullmatch(rf"{REGION_CODE}-{prefix[ch]}-\d{{3}}", cid or ""):
        err(f"{where}: id does not match '{REGION_CODE}-{prefix[ch]}-NNN'")
    now = parse_ts(c.get("now"), where)
    if now and not RANGE[0] <= now.astimezone(TZ).date() <= RANGE[1]:
        err(f"{where}: now outside {RANGE}")
    cu = c.get("customer", {})
    for k in ("name", "phone", "municipality"):
        if not isinstance(cu.get(k), str):
            err(f"{where}: customer.{k}")
    if cu.get("municipality") not in munis:
        err(f"{where}: customer municipality {cu.get('municipality')!r} unknown")
    if not isinstance(cu.get("phone"), str) or not cu["phone"].startswith("+49 "):
        err(f"{where}: customer.phone")
    if not c.get("tags"):
        err(f"{where}: no tags")
    turns = c.get("turns", [])
    if not turns:
        err(f"{where}: no turns")
    for i, t in enumerate(turns):
        if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{where}: turn {i} must be a single non-empty 'say'")
            continue
        if ch == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[0-9.,;:!?'\"()]", s):
                err(f"{where}: voice turn {i} not ASR-like (upper case, digits or punctuation)")
    exp = c.get("expect")
    if not exp or "cart" not in exp:
        err(f"{where}: expect.cart missing")
        continue
    totals = {}
    seen = set()
    for j, line in enumerate(exp["cart"]):
        lw = f"{where} cart[{j}]"
        sid = line.get("shop")
        if sid not in shops:
            err(f"{lw}: unknown shop {sid}")
            continue
        if "voucher" in line:
            v = shops[sid].get("vouchers")
            if not v:
                err(f"{lw}: shop {sid} sells no vouchers")
            elif not is_dec(line["voucher"]) or not Decimal(v["min"]) <= Decimal(line["voucher"]) <= Decimal(v["max"]):
                err(f"{lw}: voucher {line['voucher']!r} outside {v}")
            continue
        pid = line.get("product")
        p = shops[sid]["_products"].get(pid)
        if p is None:
            err(f"{lw}: unknown product {sid}/{pid}")
            continue
        if (sid, pid) in seen:
            err(f"{lw}: duplicate line {sid}/{pid}")
        seen.add((sid, pid))
        q = line.get("quantity")
        if not isinstance(q, str) or not QTY.match(q):
            err(f"{lw}: quantity {q!r} must be a decimal string")
            continue
        qd = Decimal(q)
        if qd <= 0:
            err(f"{lw}: quantity not positive")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{lw}: piece product {pid} with non-whole quantity {q}")
        totals[sid] = totals.get(sid, Decimal(0)) + qd * Decimal(p["price"])
    slot = exp.get("slot")
    if slot is None:
        continue
    kind = slot.get("kind")
    if kind not in booked:
        err(f"{where}: slot.kind")
        continue
    booked[kind] += 1
    start = parse_ts(slot.get("start"), where + " slot")
    if not start or not now:
        continue
    block = reg["delivery"] if kind == "delivery" else reg["pickup"]
    sl = start.astimezone(TZ)
    day = sl.date()
    if sl not in windows_on(kind, day):
        err(f"{where}: slot {slot['start']} is no {kind} window on {DAYS[day.weekday()]}")
    hol = holidays_ni(day.year)
    if day in hol:
        err(f"{where}: slot on public holiday {hol[day]}")
    for sid in totals:
        if day in closed_days[sid]:
            err(f"{where}: shop {sid} is closed on {day}")
    for sid, tot in totals.items():
        mo = shops[sid].get("min_order")
        if mo and tot < Decimal(mo):
            err(f"{where}: shop {sid} total {tot} below min_order {mo}")
    if start - dt.timedelta(hours=block["cutoff_hours"]) < now:
        err(f"{where}: slot {slot['start']} past its cutoff at now {c['now']}")
    if kind == "pickup":
        if slot.get("station") not in stations:
            err(f"{where}: unknown station {slot.get('station')}")
    elif "station" in slot:
        err(f"{where}: delivery slot with a station")
    if kind == "delivery" and "street" not in cu and "address-in-turn" not in c.get("tags", []):
        err(f"{where}: delivery without customer.street and without address-in-turn")
    first = earliest(kind, now)
    if "earliest-window" in c.get("tags", []) and first != sl:
        err(f"{where}: tagged earliest-window but earliest is {first}")
    goods = sum(totals.values(), Decimal(0))
    fee = ""
    if kind == "delivery":
        fee = ", free delivery" if goods >= Decimal(dl["free_from"]) else f", fee {dl['fee']}"
    nl = now.astimezone(TZ)
    st = f"+{slot['station']}" if kind == "pickup" else ""
    slot_log.append(
        f"{cid}: now {nl:%a %Y-%m-%d %H:%M} -> {kind} {sl:%a %Y-%m-%d %H:%M}{st} "
        f"(cutoff ok, earliest possible {first:%a %d.%m. %H:%M}; goods {goods:.2f}{fee})")

if counts != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channel counts {counts} (want 10/10/10)")

# ------------------------------------------------------------------ report
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {n_products} products")
print("NI public holidays in the date range:",
      [f"{d} {n}" for d, n in sorted(holidays_ni(2029).items()) if RANGE[0] <= d <= RANGE[1]] or "none")
for sid in shops:
    if closed_days[sid]:
        print(f"closed {sid}: {min(closed_days[sid])} .. {max(closed_days[sid])} ({len(closed_days[sid])} days)")
print(f"conversations: {len(convs)} ({counts['voice']} voice / {counts['telegram']} telegram / {counts['web']} web), "
      f"ids unique: {len(ids) == len(convs)}")
print(f"booked slots: {booked['delivery']} delivery / {booked['pickup']} pick-up "
      f"({booked['delivery'] + booked['pickup']} of {len(convs)})")
print("slots:")
for line in slot_log:
    print("  " + line)
for n in notes:
    print("note: " + n)
for e in errors:
    print("ERROR: " + e)
print(f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)
