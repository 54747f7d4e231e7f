#!/usr/bin/env python3
"""Check kyffhaeuser.yml (kiepe-catalog/1) and kyffhaeuser_1.yml (kiepe-conversations/1).

Independent author's own check: format of the catalog, every expectation of the
conversations, slot rules (template, holidays of TH computed, closures, cutoff).
Run from anywhere: python3 gen_kyffhaeuser/check.py
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
CATALOG = sys.argv[1] if len(sys.argv) > 1 else os.path.join(BASE, "kyffhaeuser.yml")
CONVS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(BASE, "kyffhaeuser_1.yml")

RANGE_FROM = dt.date(2030, 12, 1)
RANGE_TO = dt.date(2031, 2, 28)
STATE = "TH"

errors = []
log = []


def err(msg):
    errors.append(msg)


# ----------------------------------------------------------------- YAML with line numbers
class LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node, deep=False):
    m = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    m["__line__"] = node.start_mark.line + 1
    return m


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LineLoader)


def ln(obj):
    return obj.get("__line__", "?") if isinstance(obj, dict) else "?"


def keys(obj):
    return {k for k in obj if k != "__line__"}


# ----------------------------------------------------------------- helpers
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC = re.compile(r"^\d+(\.\d+)?$")
MONEY = re.compile(r"^\d+\.\d{2}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SIZE = re.compile(r"^\d+(,\d+)? (g|kg|ml|l)$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN",
          "ST", "SH", "TH"}
TZ = ZoneInfo("Europe/Berlin")


def money(v, where, field, required=True):
    if v is None:
        if required:
            err(f"{where}: {field} missing")
        return None
    if not isinstance(v, str) or not MONEY.match(v):
        err(f"{where}: {field} must be a decimal string with 2 places, got {v!r}")
        return None
    return Decimal(v)


def parse_date(v, where):
    if not isinstance(v, str):
        err(f"{where}: date must be a quoted string, got {v!r}")
        return None
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        err(f"{where}: bad date {v!r}")
        return None


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
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def holidays_th(year):
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(year, 9, 20): "Weltkindertag",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 10, 31): "Reformationstag",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


HOLIDAYS = {}
for _y in (2030, 2031):
    HOLIDAYS.update(holidays_th(_y))


def parse_ts(v, where):
    if not isinstance(v, str):
        err(f"{where}: timestamp must be a quoted string, got {v!r}")
        return None
    try:
        t = dt.datetime.fromisoformat(v)
    except ValueError:
        err(f"{where}: bad timestamp {v!r}")
        return None
    if t.tzinfo is None:
        err(f"{where}: timestamp without UTC offset {v!r}")
        return None
    local = t.astimezone(TZ)
    if local.utcoffset() != t.utcoffset():
        err(f"{where}: offset of {v} is wrong for Europe/Berlin (should be {local.strftime('%z')})")
    return t


def fmt(t):
    return t.astimezone(TZ).strftime("%a %Y-%m-%d %H:%M%z")


# ================================================================= catalog
cat = load(CATALOG)
if not isinstance(cat, dict):
    sys.exit("catalog is not a mapping")
if cat.get("format") != "kiepe-catalog/1":
    err(f"catalog line {ln(cat)}: format must be kiepe-catalog/1")
extra = keys(cat) - {"format", "region", "shops"}
if extra:
    err(f"catalog: unknown top-level fields {sorted(extra)}")

reg = cat.get("region") or {}
where = f"region (line {ln(reg)})"
for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if f not in reg:
        err(f"{where}: {f} missing")
if not SLUG.match(str(reg.get("id", ""))):
    err(f"{where}: id not a slug")
if reg.get("id") != "kyffhaeuser":
    err(f"{where}: id must be kyffhaeuser")
if reg.get("timezone") != "Europe/Berlin":
    err(f"{where}: timezone must be Europe/Berlin")
if reg.get("currency") != "EUR":
    err(f"{where}: currency must be EUR")
if reg.get("holidays") not in STATES:
    err(f"{where}: holidays must be a German state code")
if reg.get("holidays") != STATE:
    err(f"{where}: holidays must be {STATE}")

munis = {}
for m in reg.get("municipalities") or []:
    w = f"municipality line {ln(m)}"
    if not SLUG.match(str(m.get("id", ""))):
        err(f"{w}: id not a slug")
    if m.get("id") in munis:
        err(f"{w}: duplicate id {m.get('id')}")
    if not m.get("name"):
        err(f"{w}: name missing")
    pcs = m.get("postcodes")
    if not isinstance(pcs, list) or not pcs or not all(isinstance(p, str) and re.match(r"^\d{5}$", p) for p in pcs):
        err(f"{w}: postcodes must be a list of quoted 5-digit strings")
    munis[m.get("id")] = m
if len(munis) != 5:
    err(f"region: {len(munis)} municipalities, expected 5")

stations = {}
for s in reg.get("pickup_stations") or []:
    w = f"pickup station line {ln(s)}"
    for f in ("id", "name", "municipality", "address"):
        if not s.get(f):
            err(f"{w}: {f} missing")
    if not SLUG.match(str(s.get("id", ""))):
        err(f"{w}: id not a slug")
    mu = munis.get(s.get("municipality"))
    if not mu:
        err(f"{w}: unknown municipality {s.get('municipality')}")
    elif not any(p in str(s.get("address")) for p in mu["postcodes"]):
        err(f"{w}: address does not contain a postcode of {mu['id']}")
    stations[s.get("id")] = s
if len(stations) != 3:
    err(f"region: {len(stations)} pick-up stations, expected 3")


def check_windows(block, name):
    wins = []
    for wdef in block.get("windows") or []:
        w = f"{name} window line {ln(wdef)}"
        days = wdef.get("days")
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            err(f"{w}: days must be a list of mon..sun")
            continue
        st, en = wdef.get("start"), wdef.get("end")
        if not (isinstance(st, str) and HHMM.match(st) and isinstance(en, str) and HHMM.match(en)):
            err(f"{w}: start/end must be quoted HH:MM")
            continue
        if st >= en:
            err(f"{w}: start must be before end")
        cap = wdef.get("capacity")
        if not isinstance(cap, int) or cap <= 0:
            err(f"{w}: capacity must be a positive integer")
        wins.append((set(days), st, en))
    if not wins:
        err(f"{name}: no windows")
    ch = block.get("cutoff_hours")
    if not isinstance(ch, int) or ch < 0:
        err(f"{name}: cutoff_hours must be a non-negative integer")
    return wins


deliv = reg.get("delivery") or {}
money(deliv.get("fee"), "region.delivery", "fee")
free_from = money(deliv.get("free_from"), "region.delivery", "free_from", required=False)
DELIVERY_WINDOWS = check_windows(deliv, "delivery")
PICKUP_WINDOWS = check_windows(reg.get("pickup") or {}, "pickup")
CUTOFF = {"delivery": deliv.get("cutoff_hours"), "pickup": (reg.get("pickup") or {}).get("cutoff_hours")}
wg = reg.get("weighed_goods")
if wg is not None:
    tp = wg.get("tolerance_percent")
    if not isinstance(tp, int) or not 0 <= tp <= 100:
        err("region.weighed_goods: tolerance_percent must be an integer 0..100")

used_optional = set()
for opt in ("holidays", "weighed_goods"):
    if opt in reg:
        used_optional.add(opt)
if free_from is not None:
    used_optional.add("free_from")

shops = {}
n_products = 0
n_services = 0
closures = []
for sh in cat.get("shops") or []:
    w = f"shop {sh.get('id')} (line {ln(sh)})"
    for f in ("id", "name", "kind", "municipality"):
        if not sh.get(f):
            err(f"{w}: {f} missing")
    if not SLUG.match(str(sh.get("id", ""))):
        err(f"{w}: id not a slug")
    if sh.get("id") in shops:
        err(f"{w}: duplicate shop id")
    if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"{w}: kind invalid")
    if sh.get("municipality") not in munis:
        err(f"{w}: unknown municipality")
    if "phone" in sh and not re.match(r"^\+49 \d{2,5} \d{3,8}$", str(sh["phone"])):
        err(f"{w}: phone format")
    info = {"products": {}, "min_order": None, "closed": set(), "vouchers": None, "name": sh.get("name")}
    if "min_order" in sh:
        used_optional.add("min_order")
        info["min_order"] = money(sh["min_order"], w, "min_order")
    for c in sh.get("closed") or []:
        used_optional.add("closed")
        if isinstance(c, str):
            d = parse_date(c, w + " closed")
            if d:
                info["closed"].add(d)
                closures.append((sh["id"], d, d))
        elif isinstance(c, dict):
            a = parse_date(c.get("from"), w + f" closed line {ln(c)}")
            b = parse_date(c.get("to"), w + f" closed line {ln(c)}")
            if a and b:
                if a > b:
                    err(f"{w}: closed range from after to")
                d = a
                while d <= b:
                    info["closed"].add(d)
                    d += dt.timedelta(days=1)
                closures.append((sh["id"], a, b))
        else:
            err(f"{w}: closed entries must be dates or {{from, to}}")
    if "vouchers" in sh:
        used_optional.add("vouchers")
        v = sh["vouchers"]
        lo, hi = money(v.get("min"), w, "vouchers.min"), money(v.get("max"), w, "vouchers.max")
        if lo is not None and hi is not None:
            if lo > hi:
                err(f"{w}: vouchers min > max")
            info["vouchers"] = (lo, hi)
    prods = sh.get("products") or []
    if not prods:
        err(f"{w}: no products")
    for p in prods:
        pw = f"{w} product {p.get('id')} (line {ln(p)})"
        for f in ("id", "name", "unit", "price", "vat"):
            if f not in p:
                err(f"{pw}: {f} missing")
        if not SLUG.match(str(p.get("id", ""))):
            err(f"{pw}: id not a slug")
        if p.get("id") in info["products"]:
            err(f"{pw}: duplicate product id")
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{pw}: unit must be piece, kg or l")
        pr = money(p.get("price"), pw, "price")
        if pr is not None and pr <= 0:
            err(f"{pw}: price must be positive")
        if p.get("vat") not in (7, 19):
            err(f"{pw}: vat must be 7 or 19")
        if "size" in p:
            used_optional.add("size")
            if not SIZE.match(str(p["size"])):
                err(f"{pw}: size {p['size']!r} not like '250 g' / '0,75 l'")
            if p.get("unit") != "piece":
                err(f"{pw}: size only makes sense on piece products")
        if "label" in p and not isinstance(p["label"], str):
            err(f"{pw}: label must be a string")
        if "deposit" in p:
            used_optional.add("deposit")
            money(p["deposit"], pw, "deposit")
        if "min_age" in p:
            used_optional.add("min_age")
            if p["min_age"] not in (16, 18):
                err(f"{pw}: min_age must be 16 or 18")
        if "allergens" in p:
            used_optional.add("allergens")
            if not isinstance(p["allergens"], list) or any(a not in ALLERGENS for a in p["allergens"]):
                err(f"{pw}: allergens must be ids of EU 1169/2011 Annex II")
        if "aliases" in p:
            used_optional.add("aliases")
            if not isinstance(p["aliases"], list) or not all(isinstance(a, str) and a for a in p["aliases"]):
                err(f"{pw}: aliases must be a list of strings")
        if "substitutes" in p:
            used_optional.add("substitutes")
        if p.get("unit") in ("kg", "l"):
            used_optional.add("unit_" + p["unit"])
        info["products"][p.get("id")] = p
        n_products += 1
    for p in prods:
        for s_ in p.get("substitutes") or []:
            if s_ not in info["products"] or s_ == p.get("id"):
                err(f"{w} product {p.get('id')}: substitute {s_} is not another product of the shop")
    for sv in sh.get("services") or []:
        sw = f"{w} service {sv.get('id')} (line {ln(sv)})"
        used_optional.add("services")
        for f in ("id", "name", "duration_minutes", "price", "vat"):
            if f not in sv:
                err(f"{sw}: {f} missing")
        if not SLUG.match(str(sv.get("id", ""))):
            err(f"{sw}: id not a slug")
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"{sw}: duration_minutes must be a non-negative integer")
        money(sv.get("price"), sw, "price")
        if sv.get("vat") not in (7, 19):
            err(f"{sw}: vat must be 7 or 19")
        n_services += 1
    shops[sh.get("id")] = info

if len(shops) != 10:
    err(f"catalog: {len(shops)} shops, expected 10")
if not 140 <= n_products <= 170:
    err(f"catalog: {n_products} products, expected 140-170")
kinds = {sh.get("kind") for sh in cat.get("shops") or []}
if not {"retailer", "direct_marketer"} <= kinds:
    err("catalog: both retailers and direct marketers expected")
n_voucher_shops = sum(1 for s in shops.values() if s["vouchers"])
if not 2 <= n_voucher_shops <= 3:
    err(f"catalog: vouchers at {n_voucher_shops} shops, expected 2-3")
for opt in ("holidays", "free_from", "weighed_goods", "min_order", "closed", "vouchers", "size",
            "deposit", "min_age", "allergens", "aliases", "substitutes", "services", "unit_kg", "unit_l"):
    if opt not in used_optional:
        err(f"catalog: optional field {opt} never used")
in_range_closures = [c for c in closures if not (c[2] < RANGE_FROM or c[1] > RANGE_TO)]
if len(in_range_closures) < 3:
    err("catalog: fewer than 3 shop closures in the date range")

# residents' words must not be catalog names or aliases (whole words, case-insensitive)
RESIDENT_WORDS = ["stolle", "pfefferkuchen", "fefferkuchen", "pfannkuchen", "fannkuchen", "mandel",
                  "roster", "rostbrätel", "hackepeter", "gehacktes", "knacker", "broiler", "mohrrüben",
                  "rotkraut", "klößmasse", "klöß", "wellfleisch", "blutworscht", "blutwurst", "rotworscht",
                  "leberworscht", "selter", "selters", "brause", "orangenbrause", "kiste", "schwarzes",
                  "nordhäuser", "rotkäppchen", "süßmost", "zentner", "briketts-bündel", "christbaum",
                  "barbarazweige", "meisenkugeln", "winterfutter", "schlachteplatte", "sonnabend",
                  "pfund", "fund", "dutzend"]
for sh in cat.get("shops") or []:
    for p in sh.get("products") or []:
        texts = [p.get("name", "")] + list(p.get("aliases") or [])
        for t in texts:
            words = set(re.findall(r"[a-zäöüß\-]+", str(t).lower()))
            for rw in RESIDENT_WORDS:
                if rw in words:
                    err(f"shop {sh['id']} product {p['id']}: resident word {rw!r} in catalog name/alias")

# ================================================================= conversations
conv = load(CONVS)
if conv.get("format") != "kiepe-conversations/1":
    err("conversations: format must be kiepe-conversations/1")
if conv.get("catalog") != "kyffhaeuser.yml":
    err("conversations: catalog must be kyffhaeuser.yml")

# where a resident first asks for a day that cannot be booked and then names another
FIRST_ASKED = {
    "ky-v-heiligabend-hof-zu": ("delivery", "2030-12-24T09:00:00+01:00", None, "closed"),
    "ky-v-brennstoff-feiertag": ("delivery", "2030-12-26T09:00:00+01:00", None, "holiday"),
    "ky-v-valentin-zu-spaet": ("delivery", "2031-02-14T09:00:00+01:00", None, "cutoff"),
    "ky-t-oma-achtzig-betriebsurlaub": ("pickup", "2031-01-10T14:00:00+01:00", "bad-frankenhausen-anger", "closed"),
    "ky-w-neujahr-feiertag": ("pickup", "2031-01-01T14:00:00+01:00", "artern-markt", "holiday"),
    "ky-w-geburtstag-blumenhaus-zu": ("delivery", "2031-01-22T09:00:00+01:00", None, "closed"),
}

VOICE_OK = re.compile(r"^[a-zäöüß ]+$")
channels = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
n_lines = 0
n_vouchers = 0
shop_convs = {s: 0 for s in shops}
ids = set()
first_log = []


def window_of(kind, t):
    local = t.astimezone(TZ)
    day = DAYS[local.weekday()]
    hhmm = local.strftime("%H:%M")
    for days, st, en in (DELIVERY_WINDOWS if kind == "delivery" else PICKUP_WINDOWS):
        if day in days and st == hhmm:
            return (st, en)
    return None


def earliest(kind, now):
    d = now.astimezone(TZ).date()
    for _ in range(30):
        wins = DELIVERY_WINDOWS if kind == "delivery" else PICKUP_WINDOWS
        day = DAYS[d.weekday()]
        for days, st, en in sorted(wins, key=lambda x: x[1]):
            if day not in days or d in HOLIDAYS:
                continue
            h, m = map(int, st.split(":"))
            start = dt.datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
            if start - dt.timedelta(hours=CUTOFF[kind]) >= now:
                return start
        d += dt.timedelta(days=1)
    return None


def slot_problems(kind, start, now, cart_shops, station, customer):
    probs = []
    if window_of(kind, start) is None:
        probs.append("not a window of the template")
    d = start.astimezone(TZ).date()
    if not RANGE_FROM <= d <= RANGE_TO:
        probs.append("outside date range")
    if d in HOLIDAYS:
        probs.append(f"holiday {HOLIDAYS[d]}")
    if start - dt.timedelta(hours=CUTOFF[kind]) < now:
        probs.append("past cutoff")
    for s in sorted(cart_shops):
        if d in shops[s]["closed"]:
            probs.append(f"closed {s}")
    if kind == "pickup" and station not in stations:
        probs.append(f"unknown station {station}")
    if kind == "delivery" and not customer.get("street"):
        probs.append("delivery without customer street")
    return probs


for c in conv.get("conversations") or []:
    cid = c.get("id")
    w = f"conversation {cid} (line {ln(c)})"
    if not SLUG.match(str(cid or "")):
        err(f"{w}: id not a slug")
    if cid in ids:
        err(f"{w}: duplicate id")
    ids.add(cid)
    ch = c.get("channel")
    if ch not in channels:
        err(f"{w}: channel invalid")
    else:
        channels[ch] += 1
    now = parse_ts(c.get("now"), w + " now")
    if now and not RANGE_FROM <= now.astimezone(TZ).date() <= RANGE_TO:
        err(f"{w}: now outside 2030-12-01..2031-02-28")
    cust = c.get("customer") or {}
    for f in ("name", "phone", "municipality"):
        if not cust.get(f):
            err(f"{w}: customer.{f} missing")
    if cust.get("municipality") not in munis:
        err(f"{w}: customer municipality unknown")
    turns = c.get("turns") or []
    if not 3 <= len(turns) <= 8:
        err(f"{w}: {len(turns)} turns, expected 3-8")
    for t in turns:
        if keys(t) != {"say"} or not isinstance(t.get("say"), str) or not t["say"].strip():
            err(f"{w}: turn line {ln(t)} must be a single non-empty say")
            continue
        if ch == "voice" and not VOICE_OK.match(t["say"]):
            bad = sorted(set(ch_ for ch_ in t["say"] if not re.match(r"[a-zäöüß ]", ch_)))
            err(f"{w}: voice turn line {ln(t)} has characters {bad}")
    exp = c.get("expect")
    if not exp or "cart" not in exp:
        err(f"{w}: expect.cart missing")
        continue
    totals = {}
    cart_shops = set()
    seen = set()
    for line in exp["cart"]:
        lw = f"{w} cart line {ln(line)}"
        s = line.get("shop")
        if s not in shops:
            err(f"{lw}: unknown shop {s}")
            continue
        cart_shops.add(s)
        if "voucher" in line:
            n_vouchers += 1
            if keys(line) != {"shop", "voucher"}:
                err(f"{lw}: voucher line must have shop and voucher only")
            v = money(line["voucher"], lw, "voucher")
            if shops[s]["vouchers"] is None:
                err(f"{lw}: shop {s} sells no vouchers")
            elif v is not None and not shops[s]["vouchers"][0] <= v <= shops[s]["vouchers"][1]:
                err(f"{lw}: voucher {v} outside {shops[s]['vouchers']}")
            continue
        if keys(line) != {"shop", "product", "quantity"}:
            err(f"{lw}: product line must have shop, product, quantity")
        p = shops[s]["products"].get(line.get("product"))
        if not p:
            err(f"{lw}: unknown product {line.get('product')} at {s}")
            continue
        if (s, p["id"]) in seen:
            err(f"{lw}: product listed twice")
        seen.add((s, p["id"]))
        q = line.get("quantity")
        if not isinstance(q, str) or not DEC.match(q):
            err(f"{lw}: quantity must be a decimal string, got {q!r}")
            continue
        qd = Decimal(q)
        if qd <= 0:
            err(f"{lw}: quantity must be positive")
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{lw}: piece product needs a whole quantity, got {q}")
        if p["unit"] == "piece" and "." in q:
            err(f"{lw}: piece quantity written with a decimal point")
        n_lines += 1
        totals[s] = totals.get(s, Decimal(0)) + qd * Decimal(p["price"])
    for s in cart_shops:
        shop_convs[s] += 1
        if now and now.astimezone(TZ).date() in shops[s]["closed"]:
            err(f"{w}: now falls on a closed day of {s}")
        mo = shops[s]["min_order"]
        if mo is not None and totals.get(s, Decimal(0)) < mo:
            err(f"{w}: {s} part {totals.get(s, Decimal(0)):.2f} below min_order {mo}")
    slot = exp.get("slot")
    summary = f"{len([l for l in exp['cart'] if 'product' in l])} lines, shops {', '.join(sorted(cart_shops))}"
    if slot is None:
        if now:
            log.append(f"{cid}: now {fmt(now)} -> no slot (cart only, {summary})")
        if cid in FIRST_ASKED:
            err(f"{w}: has a first-asked day but no slot")
        continue
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"):
        err(f"{w}: slot kind invalid")
        continue
    booked[kind] += 1
    start = parse_ts(slot.get("start"), w + " slot.start")
    if not start or not now:
        continue
    if kind == "pickup" and keys(slot) != {"kind", "station", "start"}:
        err(f"{w}: pickup slot needs kind, station, start")
    if kind == "delivery" and keys(slot) != {"kind", "start"}:
        err(f"{w}: delivery slot needs kind, start")
    probs = slot_problems(kind, start, now, cart_shops, slot.get("station"), cust)
    for pr in probs:
        err(f"{w}: slot {slot.get('start')}: {pr}")
    e = earliest(kind, now)
    st = f"+{slot.get('station')}" if kind == "pickup" else ""
    log.append(f"{cid}: now {fmt(now)} -> {kind} {fmt(start)}{st} "
               f"({'window ok, no holiday, cutoff ok, shops open, min_order ok' if not probs else 'PROBLEM'}; "
               f"earliest possible {e.strftime('%a %d.%m. %H:%M') if e else '-'}; {summary})")
    if cid in FIRST_ASKED:
        fk, fs, fstation, why = FIRST_ASKED[cid]
        ft = parse_ts(fs, w + " first asked")
        if ft:
            fp = slot_problems(fk, ft, now, cart_shops, fstation or slot.get("station"), cust)
            if window_of(fk, ft) is None:
                err(f"{w}: first-asked {fs} is not even a template window (should be impossible only for '{why}')")
            if not any(why in p_ for p_ in fp):
                err(f"{w}: first-asked {fs} expected impossible because {why}, check says {fp or 'possible'}")
            if ft == start:
                err(f"{w}: first-asked day equals the booked one")
            first_log.append(f"{cid}: first asked {fk} {fmt(ft)} -> impossible ({'; '.join(fp)})")

for fid in FIRST_ASKED:
    if fid not in ids:
        err(f"FIRST_ASKED names unknown conversation {fid}")

if channels != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channels {channels}, expected 10/10/10")
if len(ids) != 30:
    err(f"{len(ids)} conversations, expected 30")
nb = booked["delivery"] + booked["pickup"]
if not 12 <= nb <= 18:
    err(f"{nb} conversations book a slot, expected about half (12-18)")
if n_vouchers < 1:
    err("no voucher line in any conversation")
for s, n in shop_convs.items():
    if n < 3:
        err(f"shop {s} appears in only {n} carts (want >= 3)")

# ================================================================= report
print(f"catalog: {len(munis)} municipalities, {len(stations)} stations, {len(shops)} shops, "
      f"{n_products} products, {n_services} services, vouchers at {n_voucher_shops} shops")
print("TH holidays in range (computed): " + ", ".join(
    f"{d.strftime('%a %Y-%m-%d')} {n}" for d, n in sorted(HOLIDAYS.items()) if RANGE_FROM <= d <= RANGE_TO))
print(f"Easter 2031 (computed): {easter(2031)}; no Easter-based holiday falls in the range")
print("closures in range: " + "; ".join(
    f"{s} {a}" + (f"..{b}" if b != a else "") for s, a, b in in_range_closures))
for line in log:
    print(line)
for line in first_log:
    print(line)
print(f"channels voice/telegram/web {channels['voice']}/{channels['telegram']}/{channels['web']}; "
      f"booked delivery {booked['delivery']}, pick-up {booked['pickup']}; cart lines {n_lines}; "
      f"voucher lines {n_vouchers}")
print("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in shop_convs.items()))
for e in errors:
    print("ERROR:", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
