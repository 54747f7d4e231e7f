#!/usr/bin/env python3
"""Checks the Seenplatte catalog and conversation file of the devH set.

    python3 gen/check.py [CATALOG] [CONVERSATIONS]     (defaults: seenplatte.yml, seenplatte_1.yml)

Exit status 0 only when nothing failed; the last line is `OK: …` or `FAILED: …`.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dialect_words import WORDS  # noqa: E402
from seenplatte_calendar import (TZ, DAYS, bookable_after, cutoff_hours, fmt,  # noqa: E402
                                 is_holiday, windows_on)

HERE = Path(__file__).resolve().parent.parent
CAT_PATH = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "seenplatte.yml"
CONV_PATH = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "seenplatte_1.yml"
README = HERE / "README.md"

PREFIX = "mse-"
PERIOD = (dt.datetime(2028, 1, 3, 0, 0, tzinfo=TZ), dt.datetime(2028, 4, 10, 23, 59, 59, tzinfo=TZ))
EXPECTED_CATALOG_LINE = "catalog: ../devH_catalogs/seenplatte.yml"
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
SLUG = re.compile(r"^[a-z0-9-]+$")
DEC = re.compile(r"^\d+(\.\d+)?$")
MONEY = re.compile(r"^\d+\.\d{2}$")
VOICE_OK = re.compile(r"^[a-zäöüß ]+$")

errors: list[str] = []
notes: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def dec(s, what):
    if not isinstance(s, str) or not DEC.match(s):
        err(f"{what}: {s!r} is not a decimal string")
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        err(f"{what}: {s!r} is not a decimal")
        return None


def money(s, what):
    if not isinstance(s, str) or not MONEY.match(s):
        err(f"{what}: {s!r} is not a money string like \"3.90\"")
        return None
    return Decimal(s)


def parse_date(s, what):
    try:
        return dt.date.fromisoformat(str(s))
    except ValueError:
        err(f"{what}: {s!r} is not a date")
        return None


# ---------------------------------------------------------------- parse
cat_text = CAT_PATH.read_text(encoding="utf-8")
conv_text = CONV_PATH.read_text(encoding="utf-8")
cat = yaml.safe_load(cat_text)
conv = yaml.safe_load(conv_text)
print(f"parsed {CAT_PATH.name} and {CONV_PATH.name} with yaml.safe_load")

# ---------------------------------------------------------------- catalog
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format is not kiepe-catalog/1")
if not cat_text.lstrip().startswith("#"):
    err("catalog: no comment at the top")
reg = cat["region"]
if not SLUG.match(reg["id"]):
    err(f"region id {reg['id']!r} not a slug")
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("region timezone/currency")
if reg.get("holidays") != "MV":
    err("region.holidays is not MV")

munis = {}
for m in reg["municipalities"]:
    if m["id"] in munis:
        err(f"municipality id {m['id']} duplicated")
    munis[m["id"]] = m
    if not SLUG.match(m["id"]):
        err(f"municipality id {m['id']} not a slug")
    for pc in m["postcodes"]:
        if not (isinstance(pc, str) and re.fullmatch(r"17\d{3}", pc)):
            err(f"postcode {pc!r} of {m['id']} is not a 5-digit MV postcode string")
if not 4 <= len(munis) <= 5:
    err(f"{len(munis)} municipalities, want 4-5")

stations = {}
for s in reg["pickup_stations"]:
    if s["id"] in stations:
        err(f"station id {s['id']} duplicated")
    stations[s["id"]] = s
    if s["municipality"] not in munis:
        err(f"station {s['id']}: unknown municipality")
if not 3 <= len(stations) <= 4:
    err(f"{len(stations)} stations, want 3-4")

for kind in ("delivery", "pickup"):
    block = reg[kind]
    if not isinstance(block.get("cutoff_hours"), int) or block["cutoff_hours"] < 0:
        err(f"{kind}.cutoff_hours")
    for w in block["windows"]:
        if not w["days"] or any(d not in DAYS for d in w["days"]):
            err(f"{kind} window days {w['days']}")
        if not (re.fullmatch(r"\d\d:\d\d", w["start"]) and re.fullmatch(r"\d\d:\d\d", w["end"])
                and w["start"] < w["end"]):
            err(f"{kind} window times {w['start']}-{w['end']}")
        if not isinstance(w["capacity"], int) or w["capacity"] <= 0:
            err(f"{kind} window capacity")
money(reg["delivery"]["fee"], "delivery.fee")
money(reg["delivery"]["free_from"], "delivery.free_from")
tol = reg["weighed_goods"]["tolerance_percent"]
if not isinstance(tol, int) or not 0 < tol <= 100:
    err("weighed_goods.tolerance_percent")

PRODUCT_KEYS = {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat",
                "deposit", "min_age", "substitutes", "allergens"}


def walk_none(node, path):
    """A null anywhere means a flow mapping was split by an unquoted comma."""
    if node is None:
        err(f"catalog: null value at {path}")
    elif isinstance(node, dict):
        for k, v in node.items():
            walk_none(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk_none(v, f"{path}[{i}]")


walk_none(cat, "catalog")
shops = {}
used_optional = Counter()
n_products = 0
by_name = {}
for sh in cat["shops"]:
    sid = sh["id"]
    if sid in shops:
        err(f"shop id {sid} duplicated")
    if not SLUG.match(sid):
        err(f"shop id {sid} not a slug")
    if sh["kind"] not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {sid}: kind {sh['kind']}")
    if sh["municipality"] not in munis:
        err(f"shop {sid}: unknown municipality {sh['municipality']}")
    prods = {}
    for p in sh.get("products", []):
        n_products += 1
        pid = p["id"]
        where = f"{sid}/{pid}"
        if set(p) - PRODUCT_KEYS:
            err(f"{where}: unknown keys {sorted(set(p) - PRODUCT_KEYS)}")
        if not isinstance(p.get("name"), str) or not p["name"].strip():
            err(f"{where}: name")
        if pid in prods:
            err(f"product id {where} duplicated")
        if not SLUG.match(pid):
            err(f"product id {where} not a slug")
        prods[pid] = p
        by_name.setdefault(p["name"], []).append(sid)
        if p["unit"] not in ("piece", "kg", "l"):
            err(f"{where}: unit {p['unit']}")
        if p["vat"] not in (7, 19):
            err(f"{where}: vat {p['vat']}")
        money(p["price"], f"{where}.price")
        if "deposit" in p:
            used_optional["deposit"] += 1
            money(p["deposit"], f"{where}.deposit")
        if "min_age" in p:
            used_optional["min_age"] += 1
            if p["min_age"] not in (16, 18):
                err(f"{where}: min_age {p['min_age']}")
        if "allergens" in p:
            used_optional["allergens"] += 1
            if not p["allergens"] or any(a not in ALLERGENS for a in p["allergens"]):
                err(f"{where}: allergens {p['allergens']}")
            if len(set(p["allergens"])) != len(p["allergens"]):
                err(f"{where}: allergen listed twice")
        if "aliases" in p and not all(isinstance(a, str) and a for a in p["aliases"]):
            err(f"{where}: aliases")
        if "size" in p and not re.fullmatch(r"\d+(,\d+)? (g|kg|l|ml|Stück)", str(p["size"])):
            err(f"{where}: size {p['size']!r} not of the form '750 g', '0,7 l', '6 Stück'")
    for p in prods.values():
        if "substitutes" in p:
            used_optional["substitutes"] += 1
            for s in p["substitutes"]:
                if s not in prods or s == p["id"]:
                    err(f"{sid}/{p['id']}: substitute {s} not another product of the shop")
    svcs = {}
    for s in sh.get("services", []):
        if s["id"] in svcs or s["id"] in prods:
            err(f"{sid}: service id {s['id']} duplicated")
        svcs[s["id"]] = s
        money(s["price"], f"{sid}/{s['id']}.price")
        if s["vat"] not in (7, 19):
            err(f"{sid}/{s['id']}: vat")
    if "vouchers" in sh:
        vmin = money(sh["vouchers"]["min"], f"{sid}.vouchers.min")
        vmax = money(sh["vouchers"]["max"], f"{sid}.vouchers.max")
        if vmin is not None and vmax is not None and vmin > vmax:
            err(f"{sid}: vouchers min > max")
    if "min_order" in sh:
        used_optional["min_order"] += 1
        money(sh["min_order"], f"{sid}.min_order")
    closed = []
    for c in sh.get("closed", []):
        used_optional["closed"] += 1
        if isinstance(c, dict):
            a, b = parse_date(c["from"], f"{sid}.closed.from"), parse_date(c["to"], f"{sid}.closed.to")
            if a and b:
                if a > b:
                    err(f"{sid}: closed from > to")
                closed.append((a, b))
        else:
            d = parse_date(c, f"{sid}.closed")
            if d:
                closed.append((d, d))
    shops[sid] = {"raw": sh, "products": prods, "services": svcs, "closed": closed}

for key in ("holidays", "free_from", "weighed_goods"):
    used_optional[key] += 1 if (key in reg or key in reg.get("delivery", {})) else 0
for key in ("holidays", "free_from", "weighed_goods", "min_order", "closed", "deposit", "min_age",
            "substitutes", "allergens"):
    if not used_optional[key]:
        err(f"catalog does not use the optional field {key}")
if len(shops) != 10:
    err(f"{len(shops)} shops, want 10")
if not 140 <= n_products <= 160:
    err(f"{n_products} products, want 140-160")
shared = {n: s for n, s in by_name.items() if len(s) > 1}
if not 4 <= len(shared) <= 5:
    err(f"{len(shared)} goods in two shops, want 4-5")
if not any(s["raw"]["kind"] == "service_provider" and s["services"] and "vouchers" in s["raw"]
           for s in shops.values()):
    err("no service provider with services and vouchers")
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
      f"{n_products} products; in two shops: {', '.join(sorted(shared))}")

# ---------------------------------------------------------------- conversations
lines = conv_text.splitlines()
if lines[0].strip() != "format: kiepe-conversations/1":
    err("conversations: first line")
if lines[1].strip() != EXPECTED_CATALOG_LINE:
    err(f"conversations: second line is {lines[1]!r}")
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format")

AGE_STATED = re.compile(r"\b(jahre alt|bin (über|ueber) (16|18|sechzehn|achtzehn)|volljährig|"
                        r"\d\d jahre|jahrgang)\b", re.I)
ids = set()
channels = Counter()
booked = Counter()
slot_log = []
all_turn_text = []
convs = conv["conversations"]
for c in convs:
    cid = c["id"]
    if cid in ids:
        err(f"conversation id {cid} duplicated")
    ids.add(cid)
    if not cid.startswith(PREFIX) or not SLUG.match(cid):
        err(f"{cid}: id not a slug with prefix {PREFIX}")
    ch = c["channel"]
    channels[ch] += 1
    if ch not in ("voice", "telegram", "web"):
        err(f"{cid}: channel {ch}")
    try:
        now = dt.datetime.fromisoformat(c["now"])
    except (TypeError, ValueError):
        err(f"{cid}: now {c['now']!r}")
        continue
    if now.utcoffset() is None or now.utcoffset() != now.astimezone(TZ).utcoffset():
        err(f"{cid}: now {c['now']} has the wrong offset for Europe/Berlin on that date")
    if not PERIOD[0] <= now <= PERIOD[1]:
        err(f"{cid}: now {c['now']} outside the period")
    cust = c["customer"]
    if cust.get("municipality") not in munis:
        err(f"{cid}: customer municipality")
    if not cust.get("name") or not re.fullmatch(r"\+49 \d+ \d+", cust.get("phone", "")):
        err(f"{cid}: customer name/phone")
    age_restricted = False
    for i, t in enumerate(c["turns"]):
        if set(t) != {"say"}:
            err(f"{cid} turn {i}: not a plain say turn: {t}")
            continue
        s = t["say"]
        all_turn_text.append(s)
        if not isinstance(s, str) or not s.strip():
            err(f"{cid} turn {i}: empty")
            continue
        if ch == "voice" and not VOICE_OK.match(s):
            bad = sorted(set(re.sub(r"[a-zäöüß ]", "", s)))
            err(f"{cid} turn {i}: voice turn not lower case without digits/punctuation: {bad}")
        if AGE_STATED.search(s):
            err(f"{cid} turn {i}: the resident states an age")
    exp = c.get("expect")
    if not exp or "cart" not in exp:
        err(f"{cid}: no expect.cart")
        continue
    shop_totals: dict[str, Decimal] = {}
    seen_lines = set()
    for ln in exp["cart"]:
        sid = ln.get("shop")
        if sid not in shops:
            err(f"{cid}: unknown shop {sid}")
            continue
        if "voucher" in ln:
            v = money(ln["voucher"], f"{cid} voucher")
            vr = shops[sid]["raw"].get("vouchers")
            if not vr:
                err(f"{cid}: shop {sid} sells no vouchers")
            elif v is not None and not Decimal(vr["min"]) <= v <= Decimal(vr["max"]):
                err(f"{cid}: voucher {v} outside {vr['min']}-{vr['max']}")
            continue
        pid = ln.get("product")
        p = shops[sid]["products"].get(pid)
        if p is None:
            err(f"{cid}: unknown product {sid}/{pid}")
            continue
        if (sid, pid) in seen_lines:
            err(f"{cid}: {sid}/{pid} twice in the cart")
        seen_lines.add((sid, pid))
        q = dec(ln.get("quantity"), f"{cid} {sid}/{pid} quantity")
        if q is None:
            continue
        if q <= 0:
            err(f"{cid}: {sid}/{pid} quantity not positive")
        if p["unit"] == "piece" and q != q.to_integral_value():
            err(f"{cid}: {sid}/{pid} piece quantity {q} not whole")
        if "min_age" in p:
            age_restricted = True
        shop_totals[sid] = shop_totals.get(sid, Decimal(0)) + q * Decimal(p["price"])
    if age_restricted and "age-restricted" not in c.get("tags", []):
        err(f"{cid}: age-restricted product but no tag age-restricted")
    slot = exp.get("slot")
    if slot is None:
        continue
    kind = slot.get("kind")
    booked[kind] += 1
    try:
        start = dt.datetime.fromisoformat(slot["start"])
    except (KeyError, TypeError, ValueError):
        err(f"{cid}: slot start")
        continue
    if start.utcoffset() != start.astimezone(TZ).utcoffset():
        err(f"{cid}: slot {slot['start']} has the wrong offset for Europe/Berlin")
    day = start.astimezone(TZ).date()
    problems = []
    if kind not in ("delivery", "pickup"):
        problems.append(f"kind {kind}")
    else:
        if start not in [s for s, _ in windows_on(cat, kind, day)]:
            problems.append("no template window starts then")
        if day.weekday() == 6:
            problems.append("Sunday")
        if is_holiday(day):
            problems.append(f"holiday {is_holiday(day)}")
        if start - dt.timedelta(hours=cutoff_hours(cat, kind)) < now:
            problems.append("within the cutoff")
    if kind == "pickup":
        if slot.get("station") not in stations:
            problems.append(f"unknown station {slot.get('station')}")
    else:
        if "station" in slot:
            problems.append("delivery slot with a station")
        if not cust.get("street") and "address-in-turn" not in c.get("tags", []):
            problems.append("delivery without customer.street")
    for sid in {ln["shop"] for ln in exp["cart"]}:
        for a, b in shops[sid]["closed"]:
            if a <= day <= b:
                problems.append(f"{sid} closed")
        mo = shops[sid]["raw"].get("min_order")
        if mo and shop_totals.get(sid, Decimal(0)) < Decimal(mo):
            problems.append(f"{sid} below min_order {mo} ({shop_totals.get(sid, Decimal(0)):.2f})")
    if kind in ("delivery", "pickup"):
        earliest = bookable_after(cat, kind, now, 1)
        e_txt = fmt(earliest[0][0]) if earliest else "none"
        if "earliest-window" in c.get("tags", []) and (not earliest or earliest[0][0] != start):
            problems.append("tagged earliest-window but not the earliest")
    else:
        e_txt = "?"
    station = f" @{slot['station']}" if kind == "pickup" else ""
    slot_log.append(f"{cid}: now {fmt(now)} -> {kind} {fmt(start)}{station} "
                    f"({'ok' if not problems else 'FAIL ' + '; '.join(problems)}, "
                    f"earliest bookable {e_txt})")
    for pr in problems:
        err(f"{cid}: slot {pr}")

# counts
if len(convs) != 30:
    err(f"{len(convs)} conversations, want 30")
for ch in ("voice", "telegram", "web"):
    if channels[ch] != 10:
        err(f"{channels[ch]} {ch} conversations, want 10")
n_booked = booked["delivery"] + booked["pickup"]
if not (12 <= n_booked <= 18 and booked["delivery"] and booked["pickup"]):
    err(f"{n_booked} booked ({dict(booked)}), want about half with both kinds")

# ---------------------------------------------------------------- dialect words
cat_low = cat_text.lower()
turns_low = "\n".join(all_turn_text).lower()
readme_low = README.read_text(encoding="utf-8").lower() if README.exists() else ""
for word, _meaning, _as in WORDS:
    pat = re.compile(r"(?<![a-zäöüß])" + re.escape(word.lower()))
    if pat.search(cat_low):
        err(f"dialect word {word!r} appears in the catalog")
    if not pat.search(turns_low):
        err(f"dialect word {word!r} is listed but used in no turn")
    if readme_low and f"| {word.lower()} |" not in readme_low:
        err(f"dialect word {word!r} missing from the README table")
if not readme_low:
    err("README.md missing")

# ---------------------------------------------------------------- report
print(f"conversations: {len(convs)} ({channels['voice']} voice / {channels['telegram']} telegram / "
      f"{channels['web']} web); booked {n_booked}: {booked['delivery']} delivery / "
      f"{booked['pickup']} pick-up; {len(convs) - n_booked} without slot")
print(f"dialect words checked: {len(WORDS)} (each used in a turn, none in the catalog)")
print("slots:")
for s in slot_log:
    print("  " + s)
if errors:
    print(f"{len(errors)} problem(s):")
    for e in errors:
        print("  - " + e)
    print(f"FAILED: {len(errors)} problem(s)")
    sys.exit(1)
print(f"OK: catalog ({n_products} products) and {len(convs)} conversations pass all checks")
