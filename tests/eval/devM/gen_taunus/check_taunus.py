#!/usr/bin/env python3
"""Checks the taunus evaluation set: catalog taunus.yml and conversations taunus_1.yml.

Python 3 + PyYAML only.  Run from anywhere:  python3 check_taunus.py
Exit status 0 only where no check failed.
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(HERE)
CATALOG = os.path.join(BASE, "taunus.yml")
CONVS = os.path.join(BASE, "taunus_1.yml")

DATE_FROM = dt.date(2029, 6, 1)
DATE_TO = dt.date(2029, 9, 30)
SUMMER_OFFSET = dt.timedelta(hours=2)

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
SLUG = re.compile(r"^[a-z0-9-]+$")
DEC = re.compile(r"^\d+(\.\d+)?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

errors = []


def err(msg):
    errors.append(msg)
    print("ERROR:", msg)


def dec(value, what):
    if not isinstance(value, str) or not DEC.match(value):
        err(f"{what}: {value!r} is not a decimal string")
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        err(f"{what}: {value!r} is not a decimal")
        return None


# ------------------------------------------------------------------ holidays
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


def holidays_he(year):
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
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


HOLIDAYS = holidays_he(2029)


# ------------------------------------------------------------------ catalog
def check_windows(windows, what):
    out = []
    if not isinstance(windows, list) or not windows:
        err(f"{what}.windows missing or empty")
        return out
    for n, w in enumerate(windows):
        for key in ("days", "start", "end", "capacity"):
            if key not in w:
                err(f"{what}.windows[{n}] lacks {key}")
        if any(d not in DAYS for d in w.get("days", [])):
            err(f"{what}.windows[{n}] has an unknown day: {w.get('days')}")
        for key in ("start", "end"):
            if not isinstance(w.get(key), str) or not HHMM.match(w.get(key, "")):
                err(f"{what}.windows[{n}].{key} {w.get(key)!r} is not HH:MM text")
        if w.get("start", "") >= w.get("end", ""):
            err(f"{what}.windows[{n}] starts after it ends")
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{what}.windows[{n}].capacity must be a positive integer")
        out.append(w)
    return out


def parse_closed(entries, what):
    days = set()
    for c in entries or []:
        if isinstance(c, str):
            days.add(dt.date.fromisoformat(c))
        elif isinstance(c, dict) and set(c) == {"from", "to"}:
            a, b = dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])
            if b < a:
                err(f"{what}: closed range ends before it starts")
            while a <= b:
                days.add(a)
                a += dt.timedelta(days=1)
        else:
            err(f"{what}: closed entry {c!r} is neither a date nor a from/to range")
    return days


def check_catalog():
    with open(CATALOG, encoding="utf-8") as fh:
        text = fh.read()
    cat = yaml.safe_load(text)
    if cat.get("format") != "kiepe-catalog/1":
        err("catalog: format is not kiepe-catalog/1")
    first = text.splitlines()[0]
    if not first.startswith("#"):
        err("catalog: does not open with a comment describing the window template")
    reg = cat["region"]
    for key in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations",
                "delivery", "pickup"):
        if key not in reg:
            err(f"region.{key} missing")
    if not SLUG.match(reg["id"]):
        err("region.id is not a slug")
    if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
        err("region timezone/currency")
    if reg.get("holidays") != "HE":
        err("region.holidays is not HE")
    munis = {}
    for m in reg["municipalities"]:
        if not SLUG.match(m["id"]) or m["id"] in munis:
            err(f"municipality id {m['id']!r} bad or duplicate")
        if not isinstance(m["name"], str):
            err(f"municipality {m['id']} name is not text")
        for pc in m["postcodes"]:
            if not (isinstance(pc, str) and re.match(r"^\d{5}$", pc)):
                err(f"municipality {m['id']} postcode {pc!r} is not 5-digit text")
        munis[m["id"]] = m
    if not 4 <= len(munis) <= 5:
        err(f"{len(munis)} municipalities, expected 4-5")
    stations = {}
    for s in reg["pickup_stations"]:
        if s["id"] in stations or not SLUG.match(s["id"]):
            err(f"station id {s['id']!r} bad or duplicate")
        if s["municipality"] not in munis:
            err(f"station {s['id']} municipality {s['municipality']} unknown")
        if not isinstance(s.get("address"), str) or not isinstance(s.get("name"), str):
            err(f"station {s['id']} name/address is not text")
        else:
            pcs = munis[s["municipality"]]["postcodes"] if s["municipality"] in munis else []
            if not any(pc in s["address"] for pc in pcs):
                err(f"station {s['id']} address has no postcode of its municipality")
        stations[s["id"]] = s
    if len(stations) != 3:
        err(f"{len(stations)} pick-up stations, expected 3")
    dlv = reg["delivery"]
    dec(dlv.get("fee"), "delivery.fee")
    dec(dlv.get("free_from"), "delivery.free_from")
    if not isinstance(dlv.get("cutoff_hours"), int):
        err("delivery.cutoff_hours is not an integer")
    check_windows(dlv.get("windows"), "delivery")
    pk = reg["pickup"]
    if not isinstance(pk.get("cutoff_hours"), int):
        err("pickup.cutoff_hours is not an integer")
    check_windows(pk.get("windows"), "pickup")
    tol = reg.get("weighed_goods", {}).get("tolerance_percent")
    if not isinstance(tol, int):
        err("weighed_goods.tolerance_percent is not an integer")

    shops = {}
    n_products = 0
    for shop in cat["shops"]:
        sid = shop["id"]
        if sid in shops or not SLUG.match(sid):
            err(f"shop id {sid!r} bad or duplicate")
        for key in ("name", "kind", "municipality", "phone", "products"):
            if key not in shop:
                err(f"shop {sid} lacks {key}")
        if shop["kind"] not in ("retailer", "direct_marketer", "service_provider"):
            err(f"shop {sid} kind {shop['kind']!r}")
        if shop["municipality"] not in munis:
            err(f"shop {sid} municipality unknown")
        if not isinstance(shop["phone"], str) or not shop["phone"].startswith("+49 "):
            err(f"shop {sid} phone is not +49 text")
        if "min_order" in shop:
            dec(shop["min_order"], f"{sid}.min_order")
        shop["_closed"] = parse_closed(shop.get("closed"), sid)
        if "vouchers" in shop:
            lo = dec(shop["vouchers"].get("min"), f"{sid}.vouchers.min")
            hi = dec(shop["vouchers"].get("max"), f"{sid}.vouchers.max")
            if lo is not None and hi is not None and lo > hi:
                err(f"{sid}: voucher min above max")
        prods = {}
        for p in shop["products"]:
            pid = p["id"]
            what = f"{sid}/{pid}"
            if pid in prods or not SLUG.match(pid):
                err(f"{what}: id bad or duplicate in shop")
            for key in ("name", "unit", "price", "vat"):
                if key not in p:
                    err(f"{what} lacks {key}")
            if not isinstance(p["name"], str):
                err(f"{what}: name is not text: {p['name']!r}")
            for a in p.get("aliases", []):
                if not isinstance(a, str):
                    err(f"{what}: alias {a!r} is not text")
            if p["unit"] not in ("piece", "kg", "l"):
                err(f"{what}: unit {p['unit']!r}")
            for key in ("label", "size", "category"):
                if key in p and not isinstance(p[key], str):
                    err(f"{what}: {key} is not text")
            dec(p["price"], f"{what}.price")
            if p["vat"] not in (7, 19):
                err(f"{what}: vat {p['vat']!r}")
            if "deposit" in p:
                dec(p["deposit"], f"{what}.deposit")
            if "min_age" in p and p["min_age"] not in (16, 18):
                err(f"{what}: min_age {p['min_age']!r}")
            for a in p.get("allergens", []):
                if a not in ALLERGENS:
                    err(f"{what}: allergen {a!r} unknown")
            prods[pid] = p
        for p in shop["products"]:
            for s in p.get("substitutes", []):
                if s not in prods or s == p["id"]:
                    err(f"{sid}/{p['id']}: substitute {s!r} not another product of the shop")
        for sv in shop.get("services", []):
            dec(sv.get("price"), f"{sid}/{sv.get('id')}.price")
            if not isinstance(sv.get("duration_minutes"), int):
                err(f"{sid}/{sv.get('id')}: duration_minutes not an integer")
        n_products += len(prods)
        shop["_products"] = prods
        shops[sid] = shop
    if len(shops) != 10:
        err(f"{len(shops)} shops, expected 10")
    if not 140 <= n_products <= 170:
        err(f"{n_products} products, expected 140-170")
    print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
          f"{n_products} products")
    for sid, shop in shops.items():
        closed = sorted(shop["_closed"])
        extra = f", closed {closed[0]}..{closed[-1]} ({len(closed)} days)" if closed else ""
        print(f"  {sid}: {len(shop['_products'])} products{extra}")
    return cat, munis, stations, shops


# ------------------------------------------------------------------ slots
def parse_ts(value, what):
    if not isinstance(value, str):
        err(f"{what}: {value!r} is not a timestamp string")
        return None
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        err(f"{what}: {value!r} does not parse")
        return None
    if t.utcoffset() != SUMMER_OFFSET:
        err(f"{what}: {value} should carry +02:00 (summer time)")
    return t


def windows_on(cat, kind, day):
    sect = cat["region"]["delivery" if kind == "delivery" else "pickup"]
    wd = DAYS[day.weekday()]
    out = []
    for w in sect["windows"]:
        if wd in w["days"]:
            h, m = map(int, w["start"].split(":"))
            start = dt.datetime(day.year, day.month, day.day, h, m,
                                tzinfo=dt.timezone(SUMMER_OFFSET))
            out.append((start, w))
    return sorted(out, key=lambda x: x[0])


def earliest(cat, kind, now):
    cutoff = dt.timedelta(hours=cat["region"]["delivery" if kind == "delivery" else "pickup"]
                          ["cutoff_hours"])
    day = now.date()
    for _ in range(14):
        if day not in HOLIDAYS:
            for start, _w in windows_on(cat, kind, day):
                if start - cutoff >= now:
                    return start
        day += dt.timedelta(days=1)
    return None


def check_slot(cat, stations, shops, conv, cart_shops, now):
    slot = conv["expect"]["slot"]
    cid = conv["id"]
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"):
        err(f"{cid}: slot kind {kind!r}")
        return
    start = parse_ts(slot.get("start"), f"{cid}.slot.start")
    if start is None:
        return
    if kind == "pickup":
        if slot.get("station") not in stations:
            err(f"{cid}: station {slot.get('station')!r} unknown")
    elif "station" in slot:
        err(f"{cid}: delivery slot with a station")
    day = start.date()
    match = [w for s, w in windows_on(cat, kind, day) if s == start]
    if not match:
        err(f"{cid}: no {kind} window on {DAYS[day.weekday()]} {day} at {start:%H:%M}")
    if day in HOLIDAYS:
        err(f"{cid}: {day} is a HE holiday ({HOLIDAYS[day]})")
    for sid in cart_shops:
        if day in shops[sid]["_closed"]:
            err(f"{cid}: shop {sid} is closed on {day}")
    cutoff = dt.timedelta(hours=cat["region"][kind]["cutoff_hours"])
    ok = start - cutoff >= now
    if not ok:
        err(f"{cid}: slot {start} is past the cutoff at now {now}")
    if start < now:
        err(f"{cid}: slot lies before now")
    first = earliest(cat, kind, now)
    where = "+" + slot["station"] if kind == "pickup" else ""
    print(f"{cid}: now {now:%a %Y-%m-%d %H:%M} -> {kind} {start:%a %Y-%m-%d %H:%M}{where} "
          f"(cutoff {'ok' if ok else 'FAILED'}, earliest possible {first:%a %d.%m. %H:%M})")
    return kind


# ------------------------------------------------------------------ conversations
def check_conversations(cat, munis, stations, shops):
    with open(CONVS, encoding="utf-8") as fh:
        text = fh.read()
    lines = text.splitlines()
    if lines[0] != "format: kiepe-conversations/1":
        err("conversations: first line is not the format")
    if lines[1] != "catalog: taunus.yml":
        err("conversations: second line is not 'catalog: taunus.yml'")
    doc = yaml.safe_load(text)
    convs = doc["conversations"]
    ids = set()
    channels = {"voice": 0, "telegram": 0, "web": 0}
    booked = {"delivery": 0, "pickup": 0}
    prefix = {"voice": "ta-v-", "telegram": "ta-t-", "web": "ta-w-"}
    print()
    print("slots:")
    for conv in convs:
        cid = conv.get("id")
        if cid in ids:
            err(f"duplicate id {cid}")
        ids.add(cid)
        ch = conv.get("channel")
        if ch not in channels:
            err(f"{cid}: channel {ch!r}")
            continue
        channels[ch] += 1
        if not str(cid).startswith(prefix[ch]):
            err(f"{cid}: id prefix does not match channel {ch}")
        now = parse_ts(conv.get("now"), f"{cid}.now")
        if now and not DATE_FROM <= now.date() <= DATE_TO:
            err(f"{cid}: now {now} outside June-September 2029")
        cust = conv.get("customer", {})
        for key in ("name", "phone", "municipality"):
            if not isinstance(cust.get(key), str):
                err(f"{cid}: customer.{key} missing or not text")
        if cust.get("municipality") not in munis:
            err(f"{cid}: customer municipality {cust.get('municipality')!r} unknown")
        if not re.match(r"^\+49 \d{2,4} \d{4,9}$", cust.get("phone", "")):
            err(f"{cid}: phone {cust.get('phone')!r} looks wrong")
        if not isinstance(conv.get("tags"), list) or not conv["tags"]:
            err(f"{cid}: no tags")
        turns = conv.get("turns", [])
        if len(turns) < 2:
            err(f"{cid}: fewer than 2 turns")
        for n, t in enumerate(turns):
            if set(t) != {"say"} or not isinstance(t["say"], str):
                err(f"{cid}: turn {n} is not a single say with text")
                continue
            if ch == "voice":
                s = t["say"]
                if s != s.lower() or re.search(r"[.,!?;:\d\"'()]", s):
                    err(f"{cid}: voice turn {n} not recogniser-like: {s!r}")
        exp = conv.get("expect")
        if not exp or "cart" not in exp:
            err(f"{cid}: expect.cart missing")
            continue
        totals = {}
        seen_lines = set()
        for line in exp["cart"]:
            sid = line.get("shop")
            if sid not in shops:
                err(f"{cid}: shop {sid!r} unknown")
                continue
            if "voucher" in line:
                amount = dec(line["voucher"], f"{cid} voucher")
                v = shops[sid].get("vouchers")
                if not v:
                    err(f"{cid}: shop {sid} sells no vouchers")
                elif amount is not None and not Decimal(v["min"]) <= amount <= Decimal(v["max"]):
                    err(f"{cid}: voucher {amount} outside {v['min']}-{v['max']}")
                continue
            pid = line.get("product")
            prod = shops[sid]["_products"].get(pid)
            if prod is None:
                err(f"{cid}: product {sid}/{pid} unknown")
                continue
            if (sid, pid) in seen_lines:
                err(f"{cid}: {sid}/{pid} listed twice")
            seen_lines.add((sid, pid))
            q = dec(line.get("quantity"), f"{cid} {pid}.quantity")
            if q is None:
                continue
            if q <= 0:
                err(f"{cid}: {pid} quantity not positive")
            if prod["unit"] == "piece" and q != q.to_integral_value():
                err(f"{cid}: {pid} is a piece product but quantity {q} is not whole")
            if prod["unit"] == "piece" and "." in line["quantity"]:
                err(f"{cid}: {pid} piece quantity written with a decimal point")
            totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(prod["price"])
        for sid, total in totals.items():
            mo = shops[sid].get("min_order")
            if mo and total < Decimal(mo):
                err(f"{cid}: {sid} part {total:.2f} below min_order {mo}")
        if "slot" in exp and now is not None:
            kind = check_slot(cat, stations, shops, conv, set(totals), now)
            if kind:
                booked[kind] += 1
                if (kind == "delivery" and "address-in-turn" not in conv["tags"]
                        and "street" not in cust):
                    err(f"{cid}: delivery without street and without address-in-turn tag")
                if kind == "delivery" and "address-in-turn" in conv["tags"] and "street" in cust:
                    err(f"{cid}: address-in-turn but customer.street set as well")
    print()
    print(f"conversations: {len(convs)} (voice {channels['voice']}, telegram "
          f"{channels['telegram']}, web {channels['web']}); booked delivery "
          f"{booked['delivery']}, pickup {booked['pickup']}")
    if len(convs) != 30:
        err(f"{len(convs)} conversations, expected 30")
    if channels != {"voice": 10, "telegram": 10, "web": 10}:
        err(f"channel counts {channels}, expected 10/10/10")


def main():
    print("HE public holidays 2029:",
          ", ".join(f"{d:%d.%m.} {n}" for d, n in sorted(HOLIDAYS.items())))
    inside = [d for d in HOLIDAYS if DATE_FROM <= d <= DATE_TO]
    print("of these between 2029-06-01 and 2029-09-30:", inside or "none")
    print()
    cat, munis, stations, shops = check_catalog()
    check_conversations(cat, munis, stations, shops)
    print()
    if errors:
        print(f"FAILED: {len(errors)} error(s)")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
