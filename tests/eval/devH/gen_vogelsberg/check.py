"""Checks the catalog ../vogelsberg.yml and the conversations ../vogelsberg_1.yml.

Run: python3 gen/check.py   (exit status 0 only if every check passes; output saved as
gen/check_output.txt by `python3 gen/check.py > gen/check_output.txt`)."""
import datetime as dt
import os
import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from dialect_words import WORDS  # noqa: E402

CATALOG = os.path.join(HERE, "..", "vogelsberg.yml")
CONVS = os.path.join(HERE, "..", "vogelsberg_1.yml")
CATALOG_LINE = "catalog: ../devH_catalogs/vogelsberg.yml"
PREFIX = "vog-"
PERIOD = (dt.date(2028, 1, 3), dt.date(2028, 4, 10))
TZ = ZoneInfo("Europe/Berlin")
CHANNELS = {"voice": 10, "telegram": 10, "web": 10}

ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD_DE = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^\d+(\.\d+)?$")

problems = []


def bad(msg):
    problems.append(msg)


def money_ok(v):
    return isinstance(v, str) and MONEY.match(v) is not None


# ---------------------------------------------------------------- holidays (Hessen)
def easter(year):
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


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


HOLIDAYS = {}
for _y in (2027, 2028):
    HOLIDAYS.update(holidays_he(_y))


# ---------------------------------------------------------------- catalog
with open(CATALOG, encoding="utf-8") as f:
    catalog_text = f.read()
cat = yaml.safe_load(catalog_text)
print(f"catalog {os.path.basename(CATALOG)}: parsed with yaml.safe_load")

if cat.get("format") != "kiepe-catalog/1":
    bad("catalog: format is not kiepe-catalog/1")
reg = cat["region"]
for k in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if k not in reg:
        bad(f"catalog: region.{k} missing")
if not SLUG.match(reg["id"]):
    bad("catalog: region.id not a slug")
if reg["timezone"] != "Europe/Berlin" or reg["currency"] != "EUR":
    bad("catalog: timezone/currency")
if reg.get("holidays") != "HE":
    bad("catalog: holidays is not HE")
if not isinstance(reg.get("weighed_goods", {}).get("tolerance_percent"), int):
    bad("catalog: weighed_goods.tolerance_percent missing")

munis = {}
for m in reg["municipalities"]:
    if m["id"] in munis:
        bad(f"catalog: municipality id {m['id']} twice")
    munis[m["id"]] = m
    if not SLUG.match(m["id"]) or not all(re.match(r"^\d{5}$", p) for p in m["postcodes"]):
        bad(f"catalog: municipality {m['id']} id/postcodes")
stations = {}
for s in reg["pickup_stations"]:
    if s["id"] in stations:
        bad(f"catalog: station id {s['id']} twice")
    stations[s["id"]] = s
    if s["municipality"] not in munis:
        bad(f"catalog: station {s['id']} municipality unknown")
if not (4 <= len(munis) <= 5 and 3 <= len(stations) <= 4):
    bad("catalog: expected 4-5 municipalities and 3-4 stations")

for part in ("delivery", "pickup"):
    p = reg[part]
    if not isinstance(p.get("cutoff_hours"), int) or p["cutoff_hours"] < 0:
        bad(f"catalog: {part}.cutoff_hours")
    for w in p["windows"]:
        if not all(d in DAYS for d in w["days"]) or not (w["start"] < w["end"]) or w["capacity"] <= 0:
            bad(f"catalog: {part} window {w}")
if not money_ok(reg["delivery"].get("fee")) or not money_ok(reg["delivery"].get("free_from")):
    bad("catalog: delivery fee/free_from")

shops = {}
all_product_ids = Counter()
optional_seen = Counter()
n_products = 0
for sh in cat["shops"]:
    sid = sh["id"]
    if sid in shops:
        bad(f"catalog: shop id {sid} twice")
    shops[sid] = sh
    if not SLUG.match(sid):
        bad(f"catalog: shop id {sid} not a slug")
    if sh["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        bad(f"catalog: shop {sid} kind")
    if sh["municipality"] not in munis:
        bad(f"catalog: shop {sid} municipality")
    if "min_order" in sh:
        optional_seen["min_order"] += 1
        if not money_ok(sh["min_order"]):
            bad(f"catalog: shop {sid} min_order")
    for c in sh.get("closed", []):
        optional_seen["closed"] += 1
        try:
            if isinstance(c, str):
                dt.date.fromisoformat(c)
            else:
                if dt.date.fromisoformat(c["from"]) > dt.date.fromisoformat(c["to"]):
                    bad(f"catalog: shop {sid} closed range reversed")
        except (ValueError, KeyError, TypeError):
            bad(f"catalog: shop {sid} closed entry {c!r}")
    pids = {}
    for p in sh.get("products", []):
        n_products += 1
        pid = p["id"]
        if pid in pids:
            bad(f"catalog: product {sid}/{pid} twice")
        pids[pid] = p
        all_product_ids[pid] += 1
        if not SLUG.match(pid):
            bad(f"catalog: product id {pid} not a slug")
        if p["unit"] not in ("piece", "kg", "l"):
            bad(f"catalog: {sid}/{pid} unit {p['unit']}")
        if p["vat"] not in (7, 19):
            bad(f"catalog: {sid}/{pid} vat {p['vat']}")
        if not money_ok(p["price"]) or Decimal(p["price"]) <= 0:
            bad(f"catalog: {sid}/{pid} price {p['price']!r}")
        if "deposit" in p:
            optional_seen["deposit"] += 1
            if not money_ok(p["deposit"]):
                bad(f"catalog: {sid}/{pid} deposit")
        if "min_age" in p:
            optional_seen["min_age"] += 1
            if p["min_age"] not in (16, 18):
                bad(f"catalog: {sid}/{pid} min_age {p['min_age']}")
        if "allergens" in p:
            optional_seen["allergens"] += 1
            for a in p["allergens"]:
                if a not in ALLERGENS:
                    bad(f"catalog: {sid}/{pid} allergen {a}")
    for p in sh.get("products", []):
        for s in p.get("substitutes", []):
            optional_seen["substitutes"] += 1
            if s not in pids or s == p["id"]:
                bad(f"catalog: {sid}/{p['id']} substitute {s} not another product of the shop")
    for s in sh.get("services", []):
        if not money_ok(s["price"]) or s["vat"] not in (7, 19) or not isinstance(s["duration_minutes"], int):
            bad(f"catalog: service {sid}/{s['id']}")
        if s["id"] in pids:
            bad(f"catalog: service id {s['id']} equals a product id")
    if "vouchers" in sh:
        v = sh["vouchers"]
        if not (money_ok(v["min"]) and money_ok(v["max"]) and Decimal(v["min"]) < Decimal(v["max"])):
            bad(f"catalog: shop {sid} vouchers")
for pid, n in all_product_ids.items():
    if n > 1:
        bad(f"catalog: product id {pid} used in {n} shops (ids are kept unique across the catalog)")
for k in ("free_from", "holidays", "weighed_goods"):
    optional_seen[k] = 1 if (k in reg or k in reg.get("delivery", {})) else 0
for k in ("holidays", "free_from", "weighed_goods", "min_order", "closed", "deposit", "min_age", "substitutes",
          "allergens"):
    if not optional_seen[k]:
        bad(f"catalog: optional field {k} never used")

# same goods at two shops
by_name = {}
for sh in cat["shops"]:
    for p in sh.get("products", []):
        by_name.setdefault(p["name"], []).append(sh["id"])
shared = {n: s for n, s in by_name.items() if len(s) > 1}
if not 4 <= len(shared) <= 5:
    bad(f"catalog: {len(shared)} products sold by two shops (want 4-5)")
if not 140 <= n_products <= 160:
    bad(f"catalog: {n_products} products (want 140-160)")
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, {n_products} products, "
      f"{len(shared)} goods at two shops: " + "; ".join(f"{n} ({', '.join(s)})" for n, s in shared.items()))
print("catalog: optional fields used: " + ", ".join(f"{k} x{optional_seen[k]}" for k in sorted(optional_seen)))


def product(shop, pid):
    for p in shops[shop].get("products", []):
        if p["id"] == pid:
            return p
    return None


def closed_on(shop, day):
    for c in shops[shop].get("closed", []):
        if isinstance(c, str):
            if dt.date.fromisoformat(c) == day:
                return True
        elif dt.date.fromisoformat(c["from"]) <= day <= dt.date.fromisoformat(c["to"]):
            return True
    return False


# ---------------------------------------------------------------- dialect words vs catalog
cat_lower = catalog_text.lower()
for term, _forms, _meaning, _exp, mode in WORDS:
    t = term.lower()
    if mode == "sub":
        hit = t in cat_lower
    else:
        hit = re.search(r"(?<![\w])" + re.escape(t) + r"(?![\w])", cat_lower) is not None
    if hit:
        bad(f"dialect word {term!r} occurs in the catalog")
print(f"dialect: {len(WORDS)} regional/dialect words checked against the whole catalog text (comments included)")

# ---------------------------------------------------------------- conversations
with open(CONVS, encoding="utf-8") as f:
    conv_text = f.read()
lines = conv_text.splitlines()
if lines[0] != "format: kiepe-conversations/1" or lines[1] != CATALOG_LINE:
    bad("conversations: first two lines are not the format line and the catalog line")
doc = yaml.safe_load(conv_text)
print(f"conversations {os.path.basename(CONVS)}: parsed with yaml.safe_load; second line: {lines[1]}")
convs = doc["conversations"]

all_turn_text = []
ids = Counter(c["id"] for c in convs)
for i, n in ids.items():
    if n > 1:
        bad(f"conversation id {i} twice")
chan = Counter(c["channel"] for c in convs)
if dict(chan) != CHANNELS:
    bad(f"channels {dict(chan)} (want {CHANNELS})")


def parse_ts(s, where):
    t = dt.datetime.fromisoformat(s)
    if t.tzinfo is None:
        bad(f"{where}: {s} has no offset")
        return None
    if t.utcoffset() != t.astimezone(TZ).utcoffset():
        bad(f"{where}: {s} offset is not Europe/Berlin's ({t.astimezone(TZ).isoformat()})")
    return t


def template(kind):
    return reg["delivery" if kind == "delivery" else "pickup"]


def windows_on(kind, day):
    wd = DAYS[day.weekday()]
    out = []
    for w in template(kind)["windows"]:
        if wd in w["days"]:
            h, m = map(int, w["start"].split(":"))
            out.append(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ))
    return sorted(out)


def earliest(kind, now):
    cutoff = dt.timedelta(hours=template(kind)["cutoff_hours"])
    day = now.astimezone(TZ).date()
    for _ in range(21):
        if day.weekday() != 6 and day not in HOLIDAYS:
            for start in windows_on(kind, day):
                if start - cutoff >= now:
                    return start
        day += dt.timedelta(days=1)
    return None


booked = Counter()
slot_lines = []
for c in convs:
    cid = c["id"]
    where = f"conversation {cid}"
    if not cid.startswith(PREFIX) or not SLUG.match(cid):
        bad(f"{where}: id without prefix {PREFIX} or not a slug")
    if c["channel"] not in CHANNELS:
        bad(f"{where}: channel {c['channel']}")
    now = parse_ts(c["now"], where)
    if now and not (PERIOD[0] <= now.astimezone(TZ).date() <= PERIOD[1]):
        bad(f"{where}: now {c['now']} outside the period")
    cust = c["customer"]
    if cust.get("municipality") not in munis or not cust.get("name") or not cust.get("phone"):
        bad(f"{where}: customer incomplete")
    for t in c["turns"]:
        if list(t.keys()) != ["say"] or not isinstance(t["say"], str) or not t["say"].strip():
            bad(f"{where}: a turn that is not a single say")
            continue
        s = t["say"]
        all_turn_text.append(s)
        if c["channel"] == "voice":
            if s != s.lower() or re.search(r"\d", s) or re.search(r"[^\w\s]", s) or "\n" in s:
                bad(f"{where}: voice turn not lower case / has digits or punctuation: {s!r}")
    exp = c.get("expect")
    if not exp or "cart" not in exp:
        bad(f"{where}: expect.cart missing")
        continue
    totals = Counter()
    for line in exp["cart"]:
        sh = line.get("shop")
        if sh not in shops:
            bad(f"{where}: shop {sh} unknown")
            continue
        if "voucher" in line:
            v = shops[sh].get("vouchers")
            if not v or not money_ok(line["voucher"]) or not (
                    Decimal(v["min"]) <= Decimal(line["voucher"]) <= Decimal(v["max"])):
                bad(f"{where}: voucher {line} not sold or out of range")
            continue
        p = product(sh, line.get("product"))
        if p is None:
            bad(f"{where}: product {sh}/{line.get('product')} unknown")
            continue
        q = line.get("quantity")
        try:
            qd = Decimal(q) if isinstance(q, str) and QTY.match(q) else None
        except InvalidOperation:
            qd = None
        if qd is None or qd <= 0:
            bad(f"{where}: quantity {q!r} not a positive decimal string")
            continue
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            bad(f"{where}: piece quantity {q} not whole")
        totals[sh] += qd * Decimal(p["price"])
    if len({(l["shop"], l.get("product")) for l in exp["cart"] if "product" in l}) != \
            len([l for l in exp["cart"] if "product" in l]):
        bad(f"{where}: a product twice in the cart")
    slot = exp.get("slot")
    if slot is None:
        if "no-booking" not in c.get("tags", []):
            bad(f"{where}: no slot but not tagged no-booking")
        continue
    if "no-booking" in c.get("tags", []):
        bad(f"{where}: slot but tagged no-booking")
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"):
        bad(f"{where}: slot kind {kind}")
        continue
    booked[kind] += 1
    start = parse_ts(slot["start"], where + " slot")
    if start is None or now is None:
        continue
    local = start.astimezone(TZ)
    day = local.date()
    notes = []
    if local not in windows_on(kind, day):
        bad(f"{where}: {slot['start']} is not a {kind} window start on {WD_DE[day.weekday()]}")
    if day.weekday() == 6:
        bad(f"{where}: slot on a Sunday")
    if day in HOLIDAYS:
        bad(f"{where}: slot on {HOLIDAYS[day]}")
    cutoff = dt.timedelta(hours=template(kind)["cutoff_hours"])
    if start - cutoff < now:
        bad(f"{where}: slot within the cutoff of now")
    if kind == "pickup":
        if slot.get("station") not in stations:
            bad(f"{where}: station {slot.get('station')} unknown")
    else:
        if "station" in slot:
            bad(f"{where}: delivery slot with a station")
        if not cust.get("street") and "address-in-turn" not in c.get("tags", []):
            bad(f"{where}: delivery without customer.street and without an address in a turn")
    for sh, tot in totals.items():
        if closed_on(sh, day):
            bad(f"{where}: {sh} is closed on {day}")
        mo = shops[sh].get("min_order")
        if mo and tot < Decimal(mo):
            bad(f"{where}: {sh} part {tot} below min_order {mo}")
        notes.append(f"{sh} {tot.quantize(Decimal('0.01'))}" + (f">={mo}" if mo else ""))
    e = earliest(kind, now)
    if "earliest-window" in c.get("tags", []) and e != local:
        bad(f"{where}: tagged earliest-window but earliest is {e}")
    nl = now.astimezone(TZ)
    st = f"+{slot['station']}" if kind == "pickup" else ""
    slot_lines.append(
        f"{cid}: now {WD_DE[nl.weekday()]} {nl:%Y-%m-%d %H:%M} -> {kind} {WD_DE[day.weekday()]} "
        f"{local:%Y-%m-%d %H:%M}{local:%z}{st} (cutoff ok, earliest possible "
        f"{WD_DE[e.weekday()]} {e:%d.%m. %H:%M}; min_order: {', '.join(notes)})")

print(f"conversations: {len(convs)} ({', '.join(f'{k} {v}' for k, v in sorted(chan.items()))}), "
      f"ids unique with prefix {PREFIX}, now within {PERIOD[0]}..{PERIOD[1]}")
print("slots (weekday, start, earliest bookable window of the template after now and the cutoff):")
for s in slot_lines:
    print("  " + s)

# every dialect word of the table is really used
turns_lower = "\n".join(all_turn_text).lower()
unused = []
for term, *_rest, mode in WORDS:
    t = term.lower()
    if mode == "sub":
        used = t in turns_lower
    else:
        used = re.search(r"(?<![\w])" + re.escape(t) + r"(?![\w])", turns_lower) is not None
    if not used:
        unused.append(term)
if unused:
    bad(f"dialect words in the table but in no turn: {unused}")

hol = sorted(d for d in HOLIDAYS if dt.date(2028, 1, 1) <= d <= dt.date(2028, 4, 30))
print("HE holidays Jan-Apr 2028: " + ", ".join(f"{HOLIDAYS[d]} {WD_DE[d.weekday()]} {d}" for d in hol))
total_booked = sum(booked.values())
print(f"booked: {total_booked} of {len(convs)} (delivery {booked['delivery']}, pickup {booked['pickup']}); "
      f"{len(convs) - total_booked} without slot")
if problems:
    for p in problems:
        print("PROBLEM: " + p)
    print(f"FAILED: {len(problems)} problem(s)")
    sys.exit(1)
print(f"OK: all checks passed ({len(convs)} conversations, {total_booked} booked: "
      f"{booked['delivery']} delivery / {booked['pickup']} pickup, {n_products} products)")
