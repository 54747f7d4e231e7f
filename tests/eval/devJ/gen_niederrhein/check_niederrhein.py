#!/usr/bin/env python3
"""Checks the Niederrhein catalog and its conversation file (stdlib + PyYAML only).

Usage: python3 check_niederrhein.py [CATALOG] [CONVERSATIONS]
Exit status 0 only when no problem was found.
"""
import datetime as dt
import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent
CATALOG = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "niederrhein.yml"
CONVS = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE.parent / "niederrhein_1.yml"
TZ = ZoneInfo("Europe/Berlin")
RANGE = (dt.datetime(2028, 10, 1, tzinfo=TZ), dt.datetime(2029, 2, 1, tzinfo=TZ))
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
DEC = re.compile(r"^\d+(\.\d+)?$")
MONEY = re.compile(r"^\d+\.\d\d$")
SLUG = re.compile(r"^[a-z0-9-]+$")

problems = []


def bad(msg):
    problems.append(msg)
    print("PROBLEM:", msg)


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
    days = {
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
    return days


HOLIDAYS = {}
for y in (2028, 2029):
    HOLIDAYS.update(nw_holidays(y))


def parse_dt(s, where):
    try:
        t = dt.datetime.fromisoformat(s)
    except (TypeError, ValueError):
        bad(f"{where}: not an ISO date-time: {s!r}")
        return None
    if t.tzinfo is None:
        bad(f"{where}: no UTC offset: {s}")
        return None
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        bad(f"{where}: offset {t.utcoffset()} is not Berlin's {local.utcoffset()} on {local.date()}")
    return t


def hm(s):
    h, m = s.split(":")
    return dt.time(int(h), int(m))


# ---------------------------------------------------------------- catalog
raw_cat = CATALOG.read_text(encoding="utf-8")
cat = yaml.safe_load(raw_cat)
if cat.get("format") != "kiepe-catalog/1":
    bad("catalog: format is not kiepe-catalog/1")
region = cat["region"]
if not SLUG.match(region["id"]):
    bad("catalog: region id is not a slug")
if region.get("holidays") != "NW":
    bad("catalog: holidays is not NW")
munis = {m["id"]: m for m in region["municipalities"]}
stations = {s["id"]: s for s in region["pickup_stations"]}
for s in stations.values():
    if s["municipality"] not in munis:
        bad(f"station {s['id']}: unknown municipality")
shops = {}
n_products = 0
for shop in cat["shops"]:
    if shop["id"] in shops:
        bad(f"shop {shop['id']} twice")
    if shop["municipality"] not in munis:
        bad(f"shop {shop['id']}: unknown municipality")
    if shop["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        bad(f"shop {shop['id']}: bad kind")
    prods = {}
    for p in shop.get("products", []):
        n_products += 1
        pid = p["id"]
        if pid in prods:
            bad(f"{shop['id']}/{pid}: id twice")
        if not SLUG.match(pid):
            bad(f"{shop['id']}/{pid}: id is not a slug")
        if p["unit"] not in ("piece", "kg", "l"):
            bad(f"{shop['id']}/{pid}: bad unit")
        if not MONEY.match(str(p["price"])) or not isinstance(p["price"], str):
            bad(f"{shop['id']}/{pid}: price not a decimal string")
        if p["vat"] not in (7, 19):
            bad(f"{shop['id']}/{pid}: bad vat")
        if "deposit" in p and (not isinstance(p["deposit"], str) or not MONEY.match(p["deposit"])):
            bad(f"{shop['id']}/{pid}: deposit not a decimal string")
        if "min_age" in p and p["min_age"] not in (16, 18):
            bad(f"{shop['id']}/{pid}: bad min_age")
        for a in p.get("allergens", []):
            if a not in ALLERGENS:
                bad(f"{shop['id']}/{pid}: unknown allergen {a}")
        prods[pid] = p
    for p in prods.values():
        for sub in p.get("substitutes", []):
            if sub not in prods:
                bad(f"{shop['id']}/{p['id']}: substitute {sub} not in shop")
    closed = []
    for c in shop.get("closed", []):
        if isinstance(c, str):
            d = dt.date.fromisoformat(c)
            closed.append((d, d))
        else:
            closed.append((dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])))
    shops[shop["id"]] = {"raw": shop, "products": prods, "closed": closed,
                         "min_order": Decimal(shop.get("min_order", "0")),
                         "vouchers": shop.get("vouchers")}
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
      f"{n_products} products")
if not (4 <= len(munis) <= 5 and 2 <= len(stations) <= 3 and len(shops) == 10
        and 140 <= n_products <= 170):
    bad("catalog: sizes outside the brief")

DELIVERY = region["delivery"]
PICKUP = region["pickup"]


def windows(kind):
    tpl = DELIVERY if kind == "delivery" else PICKUP
    return tpl["windows"], int(tpl["cutoff_hours"])


def window_starts(kind, day):
    """Local start datetimes of the template windows on that date (none on holidays)."""
    if day in HOLIDAYS:
        return []
    wins, _ = windows(kind)
    out = []
    for w in wins:
        if DAYS[day.weekday()] in w["days"]:
            out.append(dt.datetime.combine(day, hm(w["start"]), tzinfo=TZ))
    return sorted(out)


def shop_closed(shop_id, day):
    return any(a <= day <= b for a, b in shops[shop_id]["closed"])


# ---------------------------------------------------------------- conversations
raw_conv = CONVS.read_text(encoding="utf-8")
lines = raw_conv.splitlines()
if lines[0] != "format: kiepe-conversations/1" or lines[1] != f"catalog: {CATALOG.name}":
    bad("conversations: first two lines must be the format and the catalog")
doc = yaml.safe_load(raw_conv)
convs = doc["conversations"]
ids = Counter(c["id"] for c in convs)
for i, n in ids.items():
    if n > 1:
        bad(f"id {i} twice")
channels = Counter(c["channel"] for c in convs)
booked = Counter()
print(f"conversations: {len(convs)}  channels: {dict(channels)}")
if len(convs) != 30 or any(channels[ch] != 10 for ch in ("voice", "telegram", "web")):
    bad("conversations: need 30, 10 per channel")

slot_log = []
for c in convs:
    cid = c["id"]
    now = parse_dt(c["now"], f"{cid} now")
    if now and not (RANGE[0] <= now < RANGE[1]):
        bad(f"{cid}: now outside 1 Oct 2028 - 31 Jan 2029")
    cust = c["customer"]
    if cust["municipality"] not in munis:
        bad(f"{cid}: customer municipality unknown")
    turns = c["turns"]
    if not (2 <= len(turns) <= 9):
        bad(f"{cid}: {len(turns)} turns (2-9 wanted)")
    for t in turns:
        if set(t) != {"say"}:
            bad(f"{cid}: a turn that is not only `say`")
        if c["channel"] == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[.,;:!?\"'()\n]", s):
                bad(f"{cid}: voice turn not lower case without punctuation: {s[:40]}")
    tags = c.get("tags") or []
    if not tags:
        bad(f"{cid}: no tags")
    exp = c["expect"]
    totals = Counter()
    for line in exp["cart"]:
        sid = line["shop"]
        if sid not in shops:
            bad(f"{cid}: unknown shop {sid}")
            continue
        if "voucher" in line:
            v = line["voucher"]
            vs = shops[sid]["vouchers"]
            if not isinstance(v, str) or not MONEY.match(v):
                bad(f"{cid}: voucher amount not a decimal string")
            elif not vs:
                bad(f"{cid}: {sid} sells no vouchers")
            elif not Decimal(vs["min"]) <= Decimal(v) <= Decimal(vs["max"]):
                bad(f"{cid}: voucher {v} outside {vs}")
            continue
        pid = line["product"]
        p = shops[sid]["products"].get(pid)
        if p is None:
            bad(f"{cid}: product {sid}/{pid} does not exist")
            continue
        q = line["quantity"]
        if not isinstance(q, str) or not DEC.match(q):
            bad(f"{cid}: quantity {q!r} of {pid} is not a decimal string")
            continue
        qd = Decimal(q)
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            bad(f"{cid}: piece product {pid} with fractional quantity {q}")
        if qd <= 0:
            bad(f"{cid}: quantity {q} of {pid} not positive")
        totals[sid] += qd * Decimal(p["price"])
    slot = exp.get("slot")
    street = cust.get("street")
    if slot is None:
        continue
    booked[(c["channel"], slot["kind"])] += 1
    start = parse_dt(slot["start"], f"{cid} slot")
    if not start or not now:
        continue
    local = start.astimezone(TZ)
    day = local.date()
    kind = slot["kind"]
    _, cutoff = windows(kind)
    if local not in window_starts(kind, day):
        why = f"holiday {HOLIDAYS[day]}" if day in HOLIDAYS else "no such window"
        bad(f"{cid}: {kind} {local:%a %Y-%m-%d %H:%M} is not a template window ({why})")
    if start - dt.timedelta(hours=cutoff) < now:
        bad(f"{cid}: cutoff {cutoff} h missed ({start} from now {now})")
    if kind == "pickup":
        if slot.get("station") not in stations:
            bad(f"{cid}: unknown station {slot.get('station')}")
    else:
        if not street and "address-in-turn" not in tags:
            bad(f"{cid}: delivery without customer.street and without an address in a turn")
    for sid in {l["shop"] for l in exp["cart"]}:
        if shop_closed(sid, day):
            bad(f"{cid}: shop {sid} closed on {day}")
    for sid, total in totals.items():
        if total < shops[sid]["min_order"]:
            bad(f"{cid}: {sid} total {total:.2f} below min_order {shops[sid]['min_order']}")
    # earliest bookable window after now (template, holidays, cutoff; closed shops too)
    earliest = None
    for k in range(0, 21):
        d = (now.astimezone(TZ) + dt.timedelta(days=k)).date()
        if any(shop_closed(l["shop"], d) for l in exp["cart"]):
            continue
        for w in window_starts(kind, d):
            if w - dt.timedelta(hours=cutoff) >= now:
                earliest = w
                break
        if earliest:
            break
    if "earliest-window" in tags and earliest != local:
        bad(f"{cid}: tagged earliest-window but earliest is {earliest}")
    where = f"+{slot['station']}" if kind == "pickup" else ""
    slot_log.append(
        f"{cid}: now {now.astimezone(TZ):%a %Y-%m-%d %H:%M %z} -> {kind} "
        f"{local:%a %Y-%m-%d %H:%M %z}{where} (cutoff ok, earliest possible "
        f"{earliest:%a %d.%m. %H:%M})" if earliest else f"{cid}: no earliest")

print()
print("\n".join(slot_log))
print()
n_booked = sum(booked.values())
print(f"booked: {n_booked} of {len(convs)}; by channel and kind: "
      + ", ".join(f"{ch}/{k} {n}" for (ch, k), n in sorted(booked.items())))
print(f"tags: {dict(sorted(Counter(t for c in convs for t in c.get('tags', [])).items()))}")
print()
print("OK, no problems" if not problems else f"{len(problems)} PROBLEM(S)")
sys.exit(1 if problems else 0)
