#!/usr/bin/env python3
"""Check the Westerwald evaluation set against its catalog (standard library + PyYAML).

Usage:  python3 gen/check.py            (from the set's folder or anywhere)
Writes nothing; run  python3 gen/check.py | tee gen/check_output.txt  to refresh the saved output.

Checks
  catalog:   parses, format tag, unique ids, municipality/station references, units, prices as
             decimal strings, product count 140-170, closed periods parse
  each conversation: id prefix 'ww-', unique ids, channel, now inside 2028-06-05 .. 2028-09-30,
             only 'say' turns, voice turns lower case without punctuation, tags present
  expect.cart: shop exists, product exists in that shop, quantity a decimal string, whole number
             for unit piece, > 0; voucher lines only for shops with vouchers and inside min/max
  expect.slot: a window of the template (weekday + start), bookable at now (start - cutoff >= now),
             not on a Sunday or an RP public holiday, station exists (pick-up), no shop of the
             cart closed that day, every shop of the cart reaches its min_order (kg/l lines at
             the ordered weight)
  totals:    channels 10/10/10; booked delivery / pick-up / none
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(HERE)
CATALOG = os.path.join(BASE, "westerwald.yml")
CONVS = os.path.join(BASE, "westerwald_1.yml")

NOW_FROM = dt.date(2028, 6, 5)
NOW_TO = dt.date(2028, 9, 30)
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DE_DAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]

errors = []


def err(msg):
    errors.append(msg)
    print("ERROR:", msg)


def easter(year):
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher)
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


def holidays_rp(year):
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


def dec(s, what):
    if not isinstance(s, str):
        err(f"{what}: {s!r} is not a string")
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        err(f"{what}: {s!r} is not a decimal")
        return None


def parse_hm(s):
    h, m = s.split(":")
    return dt.time(int(h), int(m))


def closed_dates(shop):
    out = set()
    for c in shop.get("closed", []) or []:
        if isinstance(c, str):
            out.add(dt.date.fromisoformat(c))
        else:
            a = dt.date.fromisoformat(c["from"])
            b = dt.date.fromisoformat(c["to"])
            while a <= b:
                out.add(a)
                a += dt.timedelta(days=1)
    return out


def main():
    cat = yaml.safe_load(open(CATALOG, encoding="utf-8"))
    conv = yaml.safe_load(open(CONVS, encoding="utf-8"))

    # ---------------------------------------------------------------- catalog
    if cat.get("format") != "kiepe-catalog/1":
        err("catalog format tag")
    reg = cat["region"]
    if reg.get("holidays") != "RP":
        err("catalog holidays is not RP")
    munis = {m["id"]: m for m in reg["municipalities"]}
    for m in reg["municipalities"]:
        for p in m["postcodes"]:
            if not re.fullmatch(r"\d{5}", p):
                err(f"postcode {p!r}")
    stations = {s["id"]: s for s in reg["pickup_stations"]}
    for s in stations.values():
        if s["municipality"] not in munis:
            err(f"station {s['id']}: unknown municipality")
    shops = {}
    nprod = 0
    for s in cat["shops"]:
        if s["id"] in shops:
            err(f"duplicate shop {s['id']}")
        if s["municipality"] not in munis:
            err(f"shop {s['id']}: unknown municipality")
        if s["kind"] not in ("retailer", "direct_marketer", "service_provider"):
            err(f"shop {s['id']}: kind")
        pids = {}
        for p in s["products"]:
            if p["id"] in pids:
                err(f"duplicate product {s['id']}/{p['id']}")
            pids[p["id"]] = p
            if p["unit"] not in ("piece", "kg", "l"):
                err(f"{s['id']}/{p['id']}: unit")
            if p["vat"] not in (7, 19):
                err(f"{s['id']}/{p['id']}: vat")
            dec(p["price"], f"{s['id']}/{p['id']} price")
            if "deposit" in p:
                dec(p["deposit"], f"{s['id']}/{p['id']} deposit")
            for sub in p.get("substitutes", []) or []:
                if sub not in [q["id"] for q in s["products"]]:
                    err(f"{s['id']}/{p['id']}: substitute {sub} unknown")
        nprod += len(pids)
        shops[s["id"]] = {"shop": s, "products": pids, "closed": closed_dates(s)}
    print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {nprod} products")
    if not 140 <= nprod <= 170:
        err(f"product count {nprod} outside 140-170")

    hol = {}
    for y in (2028,):
        hol.update(holidays_rp(y))
    print("RP holidays 2028 in June-October:",
          ", ".join(f"{d.isoformat()} {n}" for d, n in sorted(hol.items()) if 6 <= d.month <= 10))
    for sid, s in shops.items():
        if s["closed"]:
            print(f"closed: {sid}: {min(s['closed'])} .. {max(s['closed'])} ({len(s['closed'])} days)")

    templates = {
        "delivery": (reg["delivery"]["cutoff_hours"], reg["delivery"]["windows"]),
        "pickup": (reg["pickup"]["cutoff_hours"], reg["pickup"]["windows"]),
    }

    def windows_on(kind, day):
        """(start, end) datetimes of the template windows of kind on a date (naive local)."""
        out = []
        if day.weekday() == 6 or day in hol:
            return out
        for w in templates[kind][1]:
            if DAYS[day.weekday()] in w["days"]:
                out.append((dt.datetime.combine(day, parse_hm(w["start"])),
                            dt.datetime.combine(day, parse_hm(w["end"]))))
        return sorted(out)

    def earliest(kind, now):
        cutoff = dt.timedelta(hours=templates[kind][0])
        d = now.date()
        for _ in range(14):
            for st, _en in windows_on(kind, d):
                if st - cutoff >= now:
                    return st
            d += dt.timedelta(days=1)
        return None

    # ---------------------------------------------------------------- conversations
    if conv.get("format") != "kiepe-conversations/1":
        err("conversations format tag")
    if conv.get("catalog") != "westerwald.yml":
        err("conversations catalog line")
    with open(CONVS, encoding="utf-8") as fh:
        second = fh.read().splitlines()[1]
    if second != "catalog: westerwald.yml":
        err(f"second line is {second!r}")

    ids = set()
    channels = {"voice": 0, "telegram": 0, "web": 0}
    booked = {"delivery": 0, "pickup": 0, "none": 0}
    slot_log = []
    for c in conv["conversations"]:
        cid = c["id"]
        if cid in ids:
            err(f"duplicate id {cid}")
        ids.add(cid)
        if not cid.startswith("ww-"):
            err(f"{cid}: id prefix")
        ch = c["channel"]
        if ch not in channels:
            err(f"{cid}: channel {ch}")
            continue
        channels[ch] += 1
        now_aw = dt.datetime.fromisoformat(c["now"])
        if now_aw.utcoffset() != dt.timedelta(hours=2):
            err(f"{cid}: now offset is not +02:00 (summer time)")
        now = now_aw.replace(tzinfo=None)
        if not NOW_FROM <= now.date() <= NOW_TO:
            err(f"{cid}: now {now} outside range")
        if not c.get("tags"):
            err(f"{cid}: no tags")
        cust = c["customer"]
        if cust["municipality"] not in munis:
            err(f"{cid}: customer municipality")
        for t in c["turns"]:
            if set(t) != {"say"}:
                err(f"{cid}: turn other than say: {t}")
                continue
            if ch == "voice":
                if t["say"] != t["say"].lower() or re.search(r"[.,;:!?\"()\-]", t["say"]):
                    err(f"{cid}: voice turn not lower case / has punctuation: {t['say']!r}")
        exp = c.get("expect")
        if not exp or "cart" not in exp:
            err(f"{cid}: no expect.cart")
            continue
        totals = {}
        cart_shops = set()
        for line in exp["cart"]:
            sid = line.get("shop")
            if sid not in shops:
                err(f"{cid}: unknown shop {sid}")
                continue
            cart_shops.add(sid)
            if "voucher" in line:
                v = dec(line["voucher"], f"{cid} voucher")
                vs = shops[sid]["shop"].get("vouchers")
                if not vs:
                    err(f"{cid}: shop {sid} sells no vouchers")
                elif v is not None and not Decimal(vs["min"]) <= v <= Decimal(vs["max"]):
                    err(f"{cid}: voucher {v} outside {vs}")
                if v is not None:
                    totals[sid] = totals.get(sid, Decimal(0)) + v
                continue
            pid = line.get("product")
            p = shops[sid]["products"].get(pid)
            if p is None:
                err(f"{cid}: unknown product {sid}/{pid}")
                continue
            q = dec(line.get("quantity"), f"{cid} {sid}/{pid} quantity")
            if q is None:
                continue
            if q <= 0:
                err(f"{cid}: {pid} quantity {q} not positive")
            if p["unit"] == "piece" and q != q.to_integral_value():
                err(f"{cid}: {pid} is sold per piece, quantity {q}")
            totals[sid] = totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
        slot = exp.get("slot")
        if not slot:
            booked["none"] += 1
            continue
        kind = slot["kind"]
        if kind not in templates:
            err(f"{cid}: slot kind {kind}")
            continue
        booked[kind] += 1
        st_aw = dt.datetime.fromisoformat(slot["start"])
        if st_aw.utcoffset() != dt.timedelta(hours=2):
            err(f"{cid}: slot offset is not +02:00")
        st = st_aw.replace(tzinfo=None)
        day = st.date()
        starts = [w[0] for w in windows_on(kind, day)]
        if day.weekday() == 6:
            err(f"{cid}: slot on a Sunday")
        if day in hol:
            err(f"{cid}: slot on holiday {hol[day]}")
        if st not in starts:
            err(f"{cid}: {kind} {st} is not a window of the template")
        cutoff = dt.timedelta(hours=templates[kind][0])
        cut_ok = st - cutoff >= now
        if not cut_ok:
            err(f"{cid}: {kind} {st} past its cutoff at now {now}")
        if kind == "pickup" and slot.get("station") not in stations:
            err(f"{cid}: station {slot.get('station')}")
        for sid in cart_shops:
            if day in shops[sid]["closed"]:
                err(f"{cid}: shop {sid} closed on {day}")
            mo = shops[sid]["shop"].get("min_order")
            if mo and totals.get(sid, Decimal(0)) < Decimal(mo):
                err(f"{cid}: shop {sid} total {totals.get(sid)} below min_order {mo}")
        e = earliest(kind, now)
        where = "+" + slot["station"] if kind == "pickup" else ""
        slot_log.append(
            f"{cid}: now {DE_DAYS[now.weekday()]} {now:%Y-%m-%d %H:%M} -> {kind} "
            f"{DE_DAYS[day.weekday()]} {st:%Y-%m-%d %H:%M}{where} "
            f"(cutoff {'ok' if cut_ok else 'PASSED'}, earliest possible "
            f"{DE_DAYS[e.weekday()]} {e:%d.%m. %H:%M})")

    print()
    print("slots:")
    for s in slot_log:
        print("  " + s)
    print()
    print(f"conversations: {len(ids)}; channels voice/telegram/web = "
          f"{channels['voice']}/{channels['telegram']}/{channels['web']}")
    print(f"booked delivery/pickup/none = {booked['delivery']}/{booked['pickup']}/{booked['none']}")
    if list(channels.values()) != [10, 10, 10]:
        err(f"channel counts {channels}")
    print()
    print("OK: no errors" if not errors else f"FAILED: {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
