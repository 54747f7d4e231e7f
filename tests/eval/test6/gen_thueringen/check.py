#!/usr/bin/env python3
"""Checks the catalog thueringen.yml and the conversations thueringen_1.yml of this set.

Run from anywhere: python3 gen/check.py   (writes nothing; save its output yourself:
python3 gen/check.py > gen/check_output.txt). Exit status 0 only when every check passed.
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from dialect_words import ALL as DIALECT  # noqa: E402

SET = os.path.normpath(os.path.join(HERE, ".."))
CATALOG = os.path.join(SET, "thueringen.yml")
CONVS = os.path.join(SET, "thueringen_1.yml")
EXPECTED_CATALOG_LINE = "catalog: ../test6_catalogs/thueringen.yml"
PREFIX = "thw-"
PERIOD = (dt.date(2027, 11, 29), dt.date(2028, 2, 29))
TZ = ZoneInfo("Europe/Berlin")

ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
DEC = re.compile(r"^\d+(\.\d+)?$")
SLUG = re.compile(r"^[a-z0-9-]+$")
VOICE_OK = re.compile(r"^[a-zäöüß]+( [a-zäöüß]+)*$")

passed = 0
failed = 0


def ok(cond, msg):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", msg)
    return cond


def dec(s):
    try:
        return Decimal(s)
    except (InvalidOperation, TypeError):
        return None


def easter(y):
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(y, month, day)


def holidays_th(y):
    e = easter(y)
    return {
        dt.date(y, 1, 1): "Neujahr", e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag", dt.date(y, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt", e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(y, 9, 20): "Weltkindertag", dt.date(y, 10, 3): "Tag der Deutschen Einheit",
        dt.date(y, 10, 31): "Reformationstag", dt.date(y, 12, 25): "1. Weihnachtstag",
        dt.date(y, 12, 26): "2. Weihnachtstag",
    }


HOL = {}
for _y in (2027, 2028):
    HOL.update(holidays_th(_y))


def parse_date(s):
    try:
        return dt.date.fromisoformat(s) if isinstance(s, str) else None
    except ValueError:
        return None


def hhmm(s):
    m = re.fullmatch(r"(\d\d):(\d\d)", str(s))
    return (int(m.group(1)), int(m.group(2))) if m else None


# ------------------------------------------------------------------ catalog
print("== catalog", os.path.relpath(CATALOG, SET))
cat_text = open(CATALOG, encoding="utf-8").read()
cat = yaml.safe_load(cat_text)
ok(isinstance(cat, dict) and cat.get("format") == "kiepe-catalog/1", "catalog format kiepe-catalog/1")
ok(cat_text.lstrip().startswith("#"), "catalog starts with a comment (window template)")
reg = cat["region"]
ok(SLUG.match(reg["id"]) is not None, "region id slug")
ok(reg.get("timezone") == "Europe/Berlin" and reg.get("currency") == "EUR", "timezone/currency")
ok(reg.get("holidays") == "TH", "holidays TH")
munis = {m["id"]: m for m in reg["municipalities"]}
ok(len(munis) == len(reg["municipalities"]), "municipality ids unique")
ok(4 <= len(munis) <= 5, f"4-5 municipalities ({len(munis)})")
for m in reg["municipalities"]:
    ok(SLUG.match(m["id"]) is not None, f"municipality id slug {m['id']}")
    ok(all(re.fullmatch(r"\d{5}", p) for p in m["postcodes"]) and m["postcodes"], f"postcodes of {m['id']}")
stations = {s["id"]: s for s in reg["pickup_stations"]}
ok(len(stations) == len(reg["pickup_stations"]), "station ids unique")
ok(3 <= len(stations) <= 4, f"3-4 pick-up stations ({len(stations)})")
for s in stations.values():
    ok(s["municipality"] in munis, f"station {s['id']} municipality exists")
    pc = re.search(r"\b(\d{5})\b", s["address"])
    ok(pc is not None and pc.group(1) in munis[s["municipality"]]["postcodes"], f"station {s['id']} postcode")

for kind in ("delivery", "pickup"):
    sec = reg[kind]
    ok(isinstance(sec.get("cutoff_hours"), int) and sec["cutoff_hours"] >= 0, f"{kind} cutoff_hours")
    for w in sec["windows"]:
        ok(all(d in DAYS for d in w["days"]), f"{kind} window days {w['days']}")
        a, b = hhmm(w["start"]), hhmm(w["end"])
        ok(a is not None and b is not None and a < b, f"{kind} window {w['start']}-{w['end']}")
        ok(isinstance(w.get("capacity"), int) and w["capacity"] > 0, f"{kind} window capacity")
ok(DEC.match(reg["delivery"]["fee"]) is not None, "delivery fee decimal")
ok(DEC.match(reg["delivery"]["free_from"]) is not None, "free_from decimal")
ok(isinstance(reg["weighed_goods"]["tolerance_percent"], int), "weighed_goods tolerance")
# the template must differ from the format page's example
example = [(("mon", "tue", "wed", "thu", "fri"), "09:00"), (("mon", "tue", "wed", "thu", "fri"), "15:00"), (("sat",), "09:00")]
ours = [(tuple(w["days"]), w["start"]) for w in reg["delivery"]["windows"]]
ok(ours != example, "delivery template differs from the format page's example")

shops = {}
ok(len({s["id"] for s in cat["shops"]}) == len(cat["shops"]), "shop ids unique")
ok(len(cat["shops"]) == 10, f"10 shops ({len(cat['shops'])})")
used_optional = set(k for k in ("holidays",) if k in reg)
if "free_from" in reg["delivery"]:
    used_optional.add("free_from")
if "weighed_goods" in reg:
    used_optional.add("weighed_goods")
nprod = 0
names_by_shop = {}
for s in cat["shops"]:
    shops[s["id"]] = s
    ok(SLUG.match(s["id"]) is not None, f"shop id slug {s['id']}")
    ok(s["kind"] in ("retailer", "direct_marketer", "service_provider"), f"shop kind {s['id']}")
    ok(s["municipality"] in munis, f"shop municipality {s['id']}")
    if "min_order" in s:
        used_optional.add("min_order")
        ok(DEC.match(s["min_order"]) is not None, f"min_order {s['id']}")
    if "closed" in s:
        used_optional.add("closed")
        for c in s["closed"]:
            if isinstance(c, dict):
                a, b = parse_date(c.get("from")), parse_date(c.get("to"))
                ok(a is not None and b is not None and a <= b, f"closed range {s['id']} {c}")
            else:
                ok(parse_date(c) is not None, f"closed date {s['id']} {c}")
    pids = [p["id"] for p in s.get("products", [])]
    ok(len(pids) == len(set(pids)), f"product ids unique in {s['id']}")
    sids = [x["id"] for x in s.get("services", [])]
    ok(len(sids) == len(set(sids)) and not set(sids) & set(pids), f"service ids unique in {s['id']}")
    for p in s.get("products", []):
        nprod += 1
        where = f"{s['id']}/{p['id']}"
        ok(SLUG.match(p["id"]) is not None, f"product id slug {where}")
        ok(p["unit"] in ("piece", "kg", "l"), f"unit {where}")
        ok(p["vat"] in (7, 19), f"vat {where}")
        ok(isinstance(p["price"], str) and DEC.match(p["price"]) is not None and Decimal(p["price"]) > 0, f"price {where}")
        if "deposit" in p:
            used_optional.add("deposit")
            ok(isinstance(p["deposit"], str) and DEC.match(p["deposit"]) is not None, f"deposit {where}")
        if "min_age" in p:
            used_optional.add("min_age")
            ok(p["min_age"] in (16, 18), f"min_age {where}")
        if "allergens" in p:
            used_optional.add("allergens")
            ok(isinstance(p["allergens"], list) and set(p["allergens"]) <= ALLERGENS
               and len(p["allergens"]) == len(set(p["allergens"])), f"allergens {where}")
        if "substitutes" in p:
            used_optional.add("substitutes")
            ok(all(x in pids and x != p["id"] for x in p["substitutes"]), f"substitutes {where}")
        if p["unit"] == "piece" and "size" in p:
            ok(re.fullmatch(r"\d+(,\d+)? (g|kg|l)", p["size"]) is not None, f"size {where} {p['size']}")
        names_by_shop.setdefault(p["name"], set()).add(s["id"])
    for sv in s.get("services", []):
        ok(isinstance(sv.get("duration_minutes"), int) and DEC.match(sv["price"]) and sv["vat"] in (7, 19),
           f"service {s['id']}/{sv['id']}")
    if "vouchers" in s:
        v = s["vouchers"]
        ok(DEC.match(v["min"]) and DEC.match(v["max"]) and Decimal(v["min"]) <= Decimal(v["max"]), f"vouchers {s['id']}")
ok(140 <= nprod <= 160, f"140-160 products ({nprod})")
kinds = {s["kind"] for s in cat["shops"]}
ok("service_provider" in kinds and any("services" in s for s in cat["shops"]), "a service provider with services")
need = {"holidays", "free_from", "weighed_goods", "min_order", "closed", "deposit", "min_age", "substitutes", "allergens"}
ok(need <= used_optional, f"all optional fields used (missing: {sorted(need - used_optional)})")
same = {n: sorted(v) for n, v in names_by_shop.items() if len(v) > 1}
ok(4 <= len(same) <= 5, f"4-5 goods at two shops ({len(same)})")
print(f"   {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {nprod} products")
print("   same good at two shops:", "; ".join(f"{n} ({', '.join(v)})" for n, v in same.items()))

# dialect words absent from the catalog
low = cat_text.lower()
for forms, meaning, expected, mode in DIALECT:
    for f in forms:
        f = f.lower()
        if mode == "sub":
            ok(f not in low, f"dialect word '{f}' occurs in the catalog")
        else:
            ok(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", low) is None,
               f"dialect word '{f}' occurs in the catalog as a word")

# ------------------------------------------------------------------ conversations
print("== conversations", os.path.relpath(CONVS, SET))
conv_text = open(CONVS, encoding="utf-8").read()
lines = conv_text.splitlines()
ok(lines[0] == "format: kiepe-conversations/1", "first line format")
ok(lines[1] == EXPECTED_CATALOG_LINE, f"second line is '{EXPECTED_CATALOG_LINE}'")
doc = yaml.safe_load(conv_text)
convs = doc["conversations"]
ids = [c["id"] for c in convs]
ok(len(ids) == len(set(ids)), "conversation ids unique")
ok(all(i.startswith(PREFIX) and SLUG.match(i) for i in ids), f"conversation ids start with {PREFIX}")
ok(len(convs) == 30, f"30 conversations ({len(convs)})")
chan = {k: sum(1 for c in convs if c["channel"] == k) for k in ("voice", "telegram", "web")}
ok(chan == {"voice": 10, "telegram": 10, "web": 10}, f"10/10/10 channels {chan}")


def product(shop, pid):
    s = shops.get(shop)
    if not s:
        return None
    for p in s.get("products", []):
        if p["id"] == pid:
            return p
    return None


def is_closed(shop, day):
    for c in shops[shop].get("closed", []):
        if isinstance(c, dict):
            if parse_date(c["from"]) <= day <= parse_date(c["to"]):
                return True
        elif parse_date(c) == day:
            return True
    return False


def windows_on(kind, day):
    if day.weekday() == 6 or day in HOL:
        return []
    out = []
    for w in reg[kind]["windows"]:
        if DAYS[day.weekday()] in w["days"]:
            out.append((w["start"], w["end"]))
    return sorted(out)


def earliest(kind, now):
    cutoff = dt.timedelta(hours=reg[kind]["cutoff_hours"])
    d = now.date()
    for _ in range(30):
        for start, end in windows_on(kind, d):
            h, m = hhmm(start)
            st = dt.datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
            if st - cutoff >= now:
                return st
        d += dt.timedelta(days=1)
    return None


dialect_used = {(i, f): False for i, (forms, *_r) in enumerate(DIALECT) for f in forms}
booked = {"delivery": 0, "pickup": 0}
slot_lines = []
for c in convs:
    cid = c["id"]
    ok(set(c) >= {"id", "channel", "now", "customer", "turns", "expect"}, f"{cid}: fields")
    ok(c["channel"] in ("voice", "telegram", "web"), f"{cid}: channel")
    try:
        now = dt.datetime.fromisoformat(c["now"])
    except (TypeError, ValueError):
        ok(False, f"{cid}: now parses")
        continue
    ok(PERIOD[0] <= now.date() <= PERIOD[1], f"{cid}: now {c['now']} in period")
    ok(now.utcoffset() == now.astimezone(TZ).utcoffset(), f"{cid}: now offset right for Europe/Berlin")
    cu = c["customer"]
    ok(cu.get("municipality") in munis and cu.get("name") and re.fullmatch(r"\+49 \d+ \d+", cu.get("phone", "")),
       f"{cid}: customer")
    for t in c["turns"]:
        ok(list(t) == ["say"] and isinstance(t["say"], str) and t["say"].strip(), f"{cid}: only say turns")
        if c["channel"] == "voice":
            ok(VOICE_OK.match(t["say"]) is not None, f"{cid}: voice turn lower case, no digits/punctuation: {t['say']!r}")
        text = t["say"].lower()
        for i, (forms, *_rest) in enumerate(DIALECT):
            for f in forms:
                if re.search(r"(?<!\w)" + re.escape(f.lower()) + r"(?!\w)", text):
                    dialect_used[(i, f)] = True
    exp = c["expect"]
    ok("cart" in exp and isinstance(exp["cart"], list) and exp["cart"], f"{cid}: expect.cart given")
    totals = {}
    for line in exp["cart"]:
        shop = line.get("shop")
        ok(shop in shops, f"{cid}: shop {shop} exists")
        if shop not in shops:
            continue
        if "voucher" in line:
            v = shops[shop].get("vouchers")
            a = dec(line["voucher"]) if isinstance(line["voucher"], str) else None
            ok(v is not None and a is not None and DEC.match(line["voucher"])
               and Decimal(v["min"]) <= a <= Decimal(v["max"]), f"{cid}: voucher {line['voucher']} at {shop}")
            if a is not None:
                totals[shop] = totals.get(shop, Decimal(0)) + a
            continue
        p = product(shop, line.get("product"))
        ok(p is not None, f"{cid}: product {shop}/{line.get('product')} exists")
        if p is None:
            continue
        qs = line.get("quantity")
        good = isinstance(qs, str) and DEC.match(qs) is not None and Decimal(qs) > 0
        if good and p["unit"] == "piece":
            good = Decimal(qs) == Decimal(qs).to_integral_value() and "." not in qs
        ok(good, f"{cid}: quantity {qs!r} for {shop}/{p['id']} ({p['unit']})")
        if good:
            totals[shop] = totals.get(shop, Decimal(0)) + Decimal(qs) * Decimal(p["price"])
    keys = [(x["shop"], x.get("product"), x.get("voucher")) for x in exp["cart"]]
    ok(len(keys) == len(set(keys)), f"{cid}: no duplicate cart lines")
    if "slot" in exp:
        sl = exp["slot"]
        kind = sl.get("kind")
        ok(kind in ("delivery", "pickup"), f"{cid}: slot kind")
        booked[kind] = booked.get(kind, 0) + 1
        st = dt.datetime.fromisoformat(sl["start"])
        ok(st.utcoffset() == st.astimezone(TZ).utcoffset(), f"{cid}: slot offset right for Europe/Berlin")
        day = st.date()
        ok(day.weekday() != 6, f"{cid}: slot not on a Sunday")
        ok(day not in HOL, f"{cid}: slot not on a holiday ({HOL.get(day)})")
        starts = [s for s, _e in windows_on(kind, day)]
        ok(st.strftime("%H:%M") in starts, f"{cid}: {kind} window {st:%a %H:%M} in template")
        cutoff = dt.timedelta(hours=reg[kind]["cutoff_hours"])
        ok(st - cutoff >= now, f"{cid}: slot after cutoff")
        if kind == "pickup":
            ok(sl.get("station") in stations, f"{cid}: station exists")
        else:
            ok(bool(cu.get("street")) or "address-in-turn" in c.get("tags", []),
               f"{cid}: delivery resident has customer.street or says the address")
        for shop, tot in totals.items():
            ok(not is_closed(shop, day), f"{cid}: {shop} not closed on {day}")
            mo = shops[shop].get("min_order")
            ok(mo is None or tot >= Decimal(mo), f"{cid}: {shop} part {tot:.2f} reaches min_order {mo}")
        e = earliest(kind, now)
        if "earliest-window" in c.get("tags", []):
            ok(e == st, f"{cid}: tagged earliest-window but earliest is {e}")
        where = f"+{sl['station']}" if kind == "pickup" else ""
        slot_lines.append(
            f"{cid}: now {WD[now.weekday()]} {now:%Y-%m-%d %H:%M} -> {kind} {WD[st.weekday()]} {st:%Y-%m-%d %H:%M}{where} "
            f"(cutoff ok, earliest possible {WD[e.weekday()]} {e:%d.%m.} {e:%H:%M})")
    else:
        ok(True, f"{cid}: no slot")

nbooked = booked["delivery"] + booked["pickup"]
ok(booked["delivery"] > 0 and booked["pickup"] > 0 and 12 <= nbooked <= 18,
   f"about half book, delivery and pick-up both ({booked})")
for (i, f), used in dialect_used.items():
    ok(used, f"dialect word form '{f}' used in some turn")

print(f"   channels voice/telegram/web: {chan['voice']}/{chan['telegram']}/{chan['web']}; "
      f"booked delivery/pick-up: {booked['delivery']}/{booked['pickup']} ({nbooked} of {len(convs)})")
print(f"   dialect and regional words checked against the catalog: "
      f"{sum(len(f) for f, *_ in DIALECT)} forms of {len(DIALECT)} words, all used in turns: {all(dialect_used.values())}")
print("   TH holidays in the period:", ", ".join(f"{d:%a %d.%m.%Y} {n}" for d, n in sorted(HOL.items())
                                           if PERIOD[0] <= d <= PERIOD[1]))
print("== slots")
for s in slot_lines:
    print(s)
print(f"check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
