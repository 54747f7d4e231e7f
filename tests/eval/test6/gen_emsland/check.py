#!/usr/bin/env python3
"""Checks the Emsland evaluation set (catalog, conversations, README).

Usage: python3 gen/check.py            (from the set's folder or anywhere)
Prints one line per slot and every failure; the last line is
"check: N passed, M failed" (M = 0 when everything holds).
"""
import datetime as dt
import os
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from dialect_words import ASR_FORMS, WORDS  # noqa: E402

CATALOG = os.path.join(ROOT, "emsland.yml")
CONVS = os.path.join(ROOT, "emsland_1.yml")
README = os.path.join(ROOT, "README.md")
CATALOG_LINE = "catalog: ../test6_catalogs/emsland.yml"
PREFIX = "ems-"
PERIOD = (dt.date(2027, 11, 29), dt.date(2028, 2, 29))
TZ = ZoneInfo("Europe/Berlin")

ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD_DE = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST",
          "SH", "TH"}
SLUG = re.compile(r"^[a-z0-9-]+$")
DEC = re.compile(r"^\d+(\.\d+)?$")

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
        return Decimal(str(s))
    except InvalidOperation:
        return None


def is_money(s):
    return isinstance(s, str) and re.fullmatch(r"\d+\.\d{2}", s) is not None


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
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holidays(state, year):
    e = easter(year)
    days = {dt.date(year, 1, 1): "Neujahr", e - dt.timedelta(2): "Karfreitag",
            e + dt.timedelta(1): "Ostermontag", dt.date(year, 5, 1): "Tag der Arbeit",
            e + dt.timedelta(39): "Christi Himmelfahrt", e + dt.timedelta(50): "Pfingstmontag",
            dt.date(year, 10, 3): "Tag der Deutschen Einheit",
            dt.date(year, 12, 25): "1. Weihnachtstag", dt.date(year, 12, 26): "2. Weihnachtstag"}
    if state in {"NI", "HB", "HH", "SH", "BB", "MV", "SN", "ST", "TH"}:
        days[dt.date(year, 10, 31)] = "Reformationstag"
    if state not in {"NI"}:
        raise SystemExit("only NI implemented here")
    return days


def is_holiday(state, d):
    return d in holidays(state, d.year)


# ------------------------------------------------------------------ load
def load(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    data = yaml.safe_load(text)
    return text, data


cat_text, cat = load(CATALOG)
ok(isinstance(cat, dict), "catalog parses with yaml.safe_load")
conv_text, convs = load(CONVS)
ok(isinstance(convs, dict), "conversations parse with yaml.safe_load")

# ------------------------------------------------------------------ catalog
ok(cat.get("format") == "kiepe-catalog/1", "catalog format")
ok(cat_text.lstrip().startswith("#"), "catalog opens with a comment (window template)")
region = cat["region"]
ok(SLUG.match(region["id"]) is not None, "region id slug")
ok(region.get("timezone") == "Europe/Berlin", "timezone")
ok(region.get("currency") == "EUR", "currency")
ok(region.get("holidays") in STATES, "holidays state code")
STATE = region["holidays"]
muni_ids = [m["id"] for m in region["municipalities"]]
ok(len(muni_ids) == len(set(muni_ids)), "municipality ids unique")
ok(4 <= len(muni_ids) <= 5, "4-5 municipalities")
for m in region["municipalities"]:
    ok(SLUG.match(m["id"]) is not None, f"municipality id {m['id']}")
    ok(all(re.fullmatch(r"\d{5}", p) for p in m["postcodes"]), f"postcodes of {m['id']}")
stations = {s["id"]: s for s in region["pickup_stations"]}
ok(len(stations) == len(region["pickup_stations"]), "station ids unique")
ok(3 <= len(stations) <= 4, "3-4 pick-up stations")
for s in stations.values():
    ok(s["municipality"] in muni_ids, f"station {s['id']} municipality")
deliv = region["delivery"]
pick = region["pickup"]
ok(is_money(deliv["fee"]), "delivery fee decimal")
ok(is_money(deliv.get("free_from")), "free_from decimal")
ok(isinstance(region.get("weighed_goods", {}).get("tolerance_percent"), int), "weighed_goods")
for kind, block in (("delivery", deliv), ("pickup", pick)):
    ok(isinstance(block["cutoff_hours"], int) and block["cutoff_hours"] > 0, f"{kind} cutoff")
    for w in block["windows"]:
        ok(all(d in DAYS for d in w["days"]), f"{kind} window days {w['days']}")
        ok(re.fullmatch(r"\d\d:\d\d", w["start"]) and re.fullmatch(r"\d\d:\d\d", w["end"])
           and w["start"] < w["end"], f"{kind} window times {w}")
        ok(isinstance(w["capacity"], int) and w["capacity"] > 0, f"{kind} capacity")

shops = {}
products = {}  # (shop, product) -> product
names_by_shop = defaultdict(set)
optional_seen = Counter()
for shop in cat["shops"]:
    sid = shop["id"]
    ok(sid not in shops, f"shop id unique {sid}")
    ok(SLUG.match(sid) is not None, f"shop id slug {sid}")
    shops[sid] = shop
    ok(shop["kind"] in {"retailer", "direct_marketer", "service_provider"}, f"kind {sid}")
    ok(shop["municipality"] in muni_ids, f"shop municipality {sid}")
    if "min_order" in shop:
        optional_seen["min_order"] += 1
        ok(is_money(shop["min_order"]), f"min_order {sid}")
    for c in shop.get("closed", []):
        optional_seen["closed"] += 1
        if isinstance(c, str):
            ok(dt.date.fromisoformat(c) is not None, f"closed {sid} {c}")
        else:
            a, b = dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])
            ok(a <= b, f"closed range {sid} {c}")
    pids = set()
    for p in shop.get("products", []):
        pid = p["id"]
        ok(pid not in pids, f"product id unique {sid}/{pid}")
        ok(SLUG.match(pid) is not None, f"product id slug {sid}/{pid}")
        pids.add(pid)
        products[(sid, pid)] = p
        names_by_shop[p["name"]].add(sid)
        ok(p["unit"] in {"piece", "kg", "l"}, f"unit {sid}/{pid}")
        ok(p["vat"] in (7, 19), f"vat {sid}/{pid}")
        ok(is_money(p["price"]) and dec(p["price"]) > 0, f"price {sid}/{pid}")
        for a in p.get("allergens", []):
            ok(a in ALLERGENS, f"allergen {a} of {sid}/{pid}")
        if "allergens" in p:
            optional_seen["allergens"] += 1
        if "min_age" in p:
            optional_seen["min_age"] += 1
            ok(p["min_age"] in (16, 18), f"min_age {sid}/{pid}")
        if "deposit" in p:
            optional_seen["deposit"] += 1
            ok(is_money(p["deposit"]), f"deposit {sid}/{pid}")
        if "substitutes" in p:
            optional_seen["substitutes"] += 1
    for p in shop.get("products", []):
        for s in p.get("substitutes", []):
            ok(s in pids and s != p["id"], f"substitute {s} of {sid}/{p['id']}")
    sv = set()
    for s in shop.get("services", []):
        ok(s["id"] not in sv and s["id"] not in pids, f"service id unique {sid}/{s['id']}")
        sv.add(s["id"])
        ok(is_money(s["price"]) and s["vat"] in (7, 19), f"service {sid}/{s['id']}")
        ok(isinstance(s["duration_minutes"], int), f"service duration {sid}/{s['id']}")
    if "vouchers" in shop:
        v = shop["vouchers"]
        ok(is_money(v["min"]) and is_money(v["max"]) and dec(v["min"]) <= dec(v["max"]),
           f"vouchers range {sid}")

ok(len(shops) == 10, "10 shops")
n_products = len(products)
ok(140 <= n_products <= 160, f"140-160 products ({n_products})")
for f in ("min_order", "closed", "deposit", "min_age", "substitutes", "allergens"):
    ok(optional_seen[f] > 0, f"optional field {f} used")
same = {n: s for n, s in names_by_shop.items() if len(s) > 1}
ok(4 <= len(same) <= 5, f"4-5 goods at two shops ({len(same)}: {sorted(same)})")
ok(any(s["kind"] == "service_provider" and s.get("services") and s.get("vouchers")
       for s in shops.values()), "a service provider with services and vouchers")


def closed_on(shop, d):
    for c in shop.get("closed", []):
        if isinstance(c, str):
            if dt.date.fromisoformat(c) == d:
                return True
        elif dt.date.fromisoformat(c["from"]) <= d <= dt.date.fromisoformat(c["to"]):
            return True
    return False


# ------------------------------------------------------------------ slots
def windows_on(kind, d):
    block = deliv if kind == "delivery" else pick
    out = []
    if is_holiday(STATE, d):
        return out
    for w in block["windows"]:
        if DAYS[d.weekday()] in w["days"]:
            h, m = map(int, w["start"].split(":"))
            out.append(dt.datetime(d.year, d.month, d.day, h, m, tzinfo=TZ))
    return sorted(out)


def earliest(kind, now):
    cutoff = dt.timedelta(hours=(deliv if kind == "delivery" else pick)["cutoff_hours"])
    d = now.date()
    for _ in range(30):
        for start in windows_on(kind, d):
            if start - cutoff >= now:
                return start
        d += dt.timedelta(1)
    return None


def fmt(t):
    return f"{WD_DE[t.weekday()]} {t:%Y-%m-%d %H:%M}"


# ------------------------------------------------------------------ conversations
lines = conv_text.splitlines()
ok(lines[0] == "format: kiepe-conversations/1", "conversation file line 1")
ok(lines[1] == CATALOG_LINE, "conversation file line 2 names the catalog")
ok(convs.get("format") == "kiepe-conversations/1", "conversation format")
conv_list = convs["conversations"]
ok(len(conv_list) == 30, f"30 conversations ({len(conv_list)})")
ids = [c["id"] for c in conv_list]
ok(len(ids) == len(set(ids)), "conversation ids unique")
channels = Counter(c["channel"] for c in conv_list)
ok(channels == Counter({"voice": 10, "telegram": 10, "web": 10}), f"channels {dict(channels)}")
booked = Counter()
all_turn_text = []
slot_lines = []
AGE_RE = re.compile(r"\b(ich bin|bin)\s+(\d+|\w+zig|\w+zehn)\b|jahre alt|volljährig", re.I)

for c in conv_list:
    cid = c["id"]
    ok(cid.startswith(PREFIX) and SLUG.match(cid), f"id prefix {cid}")
    ok(c["channel"] in {"voice", "telegram", "web"}, f"channel {cid}")
    now = dt.datetime.fromisoformat(c["now"])
    ok(now.tzinfo is not None, f"now has offset {cid}")
    ok(PERIOD[0] <= now.date() <= PERIOD[1], f"now in period {cid}")
    ok(now.utcoffset() == now.astimezone(TZ).utcoffset(), f"now offset matches Berlin {cid}")
    cust = c["customer"]
    ok(cust.get("municipality") in muni_ids, f"customer municipality {cid}")
    ok(bool(cust.get("name")), f"customer name {cid}")
    ok(len(c["turns"]) > 0, f"turns {cid}")
    for t in c["turns"]:
        ok(set(t.keys()) == {"say"} and isinstance(t["say"], str) and t["say"].strip(),
           f"only say turns {cid}")
        text = t["say"]
        all_turn_text.append(text)
        if c["channel"] == "voice":
            ok(text == text.lower(), f"voice lower case {cid}: {text}")
            ok(re.fullmatch(r"[a-zäöüß ]+", text) is not None,
               f"voice without digits/punctuation {cid}: {text}")
    exp = c.get("expect")
    ok(exp is not None and "cart" in exp and exp["cart"], f"expect.cart {cid}")
    goods_total = defaultdict(Decimal)
    has_age = False
    seen_lines = set()
    for line in exp["cart"]:
        sid = line["shop"]
        ok(sid in shops, f"expected shop {sid} exists ({cid})")
        if "voucher" in line:
            v = shops[sid].get("vouchers")
            amount = line["voucher"]
            ok(v is not None and is_money(amount) and dec(v["min"]) <= dec(amount) <= dec(v["max"]),
               f"voucher {amount} within range at {sid} ({cid})")
            continue
        pid = line["product"]
        ok((sid, pid) in products, f"expected product {sid}/{pid} exists ({cid})")
        ok((sid, pid) not in seen_lines, f"line listed once {sid}/{pid} ({cid})")
        seen_lines.add((sid, pid))
        p = products.get((sid, pid))
        q = line["quantity"]
        ok(isinstance(q, str) and DEC.match(q) and dec(q) > 0, f"quantity {q!r} ({cid})")
        if p:
            if p["unit"] == "piece":
                ok(dec(q) == dec(q).to_integral_value(), f"whole quantity for piece {pid} ({cid})")
            goods_total[sid] += dec(q) * dec(p["price"])
            has_age = has_age or "min_age" in p
    if has_age:
        ok(not any(AGE_RE.search(t["say"]) for t in c["turns"]),
           f"age-restricted order without an age stated ({cid})")
        ok("age-restricted" in c.get("tags", []), f"tag age-restricted ({cid})")
    slot = exp.get("slot")
    if slot is None:
        continue
    kind = slot["kind"]
    booked[kind] += 1
    ok(kind in ("delivery", "pickup"), f"slot kind {cid}")
    start = dt.datetime.fromisoformat(slot["start"])
    ok(start.utcoffset() == start.astimezone(TZ).utcoffset(), f"slot offset Berlin {cid}")
    local = start.astimezone(TZ)
    d = local.date()
    ok(d.weekday() != 6, f"slot not on a Sunday {cid}")
    ok(not is_holiday(STATE, d), f"slot not on a {STATE} holiday {cid}")
    ok(local in windows_on(kind, d), f"slot is a {kind} window of the template {cid}")
    cutoff = dt.timedelta(hours=(deliv if kind == "delivery" else pick)["cutoff_hours"])
    ok(start - cutoff >= now, f"slot outside the cutoff {cid}")
    if kind == "pickup":
        ok(slot.get("station") in stations, f"station exists {cid}")
    else:
        ok("station" not in slot, f"delivery without station {cid}")
        ok(bool(cust.get("street")) or "address-in-turn" in c.get("tags", []),
           f"delivery with customer.street {cid}")
    for sid, total in goods_total.items():
        ok(not closed_on(shops[sid], d), f"{sid} not closed on {d} ({cid})")
        mo = shops[sid].get("min_order")
        if mo:
            ok(total >= dec(mo), f"{sid} reaches min_order {mo} with {total} ({cid})")
    e = earliest(kind, now)
    where = f"+{slot['station']}" if kind == "pickup" else ""
    slot_lines.append(f"{cid}: now {fmt(now)} -> {kind} {fmt(local)}{where} "
                      f"(cutoff ok, earliest possible {fmt(e)})")

ok(channels and 12 <= booked["delivery"] + booked["pickup"] <= 18, "about half book a window")
ok(booked["delivery"] > 0 and booked["pickup"] > 0, "delivery and pick-up both booked")

# ------------------------------------------------------------------ dialect words
cat_lower = cat_text.lower()
conv_lower = "\n".join(all_turn_text).lower()
readme = open(README, encoding="utf-8").read() if os.path.exists(README) else ""
ok(bool(readme), "README.md exists")
for word, meaning, expected in WORDS:
    w = word.lower()
    ok(w in conv_lower or (len(w) >= 10 and w in conv_lower.replace(" ", "")),
       f"dialect word used in a turn (voice turns may split it): {word}")
    if len(w) <= 4:
        hit = re.search(r"(?<![a-zäöüß])" + re.escape(w), cat_lower)
    else:
        hit = w in cat_lower
    ok(not hit, f"dialect word not in catalog: {word}")
    ok(word in readme, f"dialect word in README table: {word}")
for form in ASR_FORMS:
    ok(form in conv_lower, f"ASR form used: {form}")
    ok(form not in cat_lower, f"ASR form not in catalog: {form}")

# ------------------------------------------------------------------ report
print("slots (each with its weekday, and the template's earliest bookable window after now;"
      " shops' closed days are checked separately):")
for s in slot_lines:
    print("  " + s)
print(f"catalog: {len(muni_ids)} municipalities, {len(stations)} stations, {len(shops)} shops, "
      f"{n_products} products, holidays {STATE}, same goods at two shops: {len(same)}")
print(f"conversations: {len(conv_list)} ({channels['voice']} voice / {channels['telegram']} telegram"
      f" / {channels['web']} web), booked {booked['delivery']} delivery / {booked['pickup']} pick-up,"
      f" {len(conv_list) - booked['delivery'] - booked['pickup']} without slot")
print(f"dialect words checked: {len(WORDS)}, ASR forms: {len(ASR_FORMS)}")
print(f"check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
