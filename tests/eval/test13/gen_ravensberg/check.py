#!/usr/bin/env python3
"""Check the evaluation set `ravensberg` (catalog + conversations) against the formats
kiepe-catalog/1 and kiepe-conversations/1 and against the rules of the brief.

Usage:  python3 gen_ravensberg/check.py [CATALOG.yml CONVERSATIONS.yml]
Prints a log and the number of errors; exit status 0 only with 0 errors.
Needs Python 3.9+ (zoneinfo) and PyYAML.
"""
import re
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent
BASE = HERE.parent
CATALOG = Path(sys.argv[1]) if len(sys.argv) > 2 else BASE / "ravensberg.yml"
CONVS = Path(sys.argv[2]) if len(sys.argv) > 2 else BASE / "ravensberg_1.yml"

TZ = ZoneInfo("Europe/Berlin")
SEASON_FROM = date(2031, 9, 1)
SEASON_TO = date(2031, 11, 30)
STATE = "NW"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEC = re.compile(r"^\d+\.\d{2}$")            # money: decimal string with 2 places
QTY = re.compile(r"^\d+(?:\.\d+)?$")
SIZE = re.compile(r"^\d+(?:,\d+)? (?:g|kg|ml|l)$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
PHONE = re.compile(r"^\+49 \d{2,4} \d{4,9}$")
VOICE_OK = re.compile(r"^[a-zäöüß ]+$")

# The region's everyday and dialect words used by residents for goods the catalog names otherwise.
# None of them may occur as a word in a product name (they appear only in the conversations).
RESIDENT_WORDS = ["tüffeln", "zentner", "wurzeln", "porree", "schlachter", "stipp grütze", "wurste brot",
                  "mett endchen", "mettendchen", "ringwurst", "gehacktes", "sprudel", "winter astern", "erika",
                  "hirschgulasch", "rosinen stuten", "zuckerkuchen", "rübenkraut", "dicke milch", "karnemelk",
                  "gouda", "neuen wein", "süßmost", "boskop", "steinhäger", "kohlwürste", "schnibbelbohnen",
                  "pflaumen", "alkfreies"]

# First-asked impossible windows: (conversation id, kind, start, station or None, reason).
FIRST_ASKED = [
    ("rv-v-einheit-feiertag", "delivery", "2031-10-03T10:00:00+02:00", None, "holiday"),
    ("rv-v-wild-zu-spaet", "delivery", "2031-10-11T09:00:00+02:00", None, "cutoff"),
    ("rv-t-fischzucht-urlaub", "pickup", "2031-09-10T15:00:00+02:00", "herford-bahnhof", "closed:forellen-wildhof-budde"),
    ("rv-t-brunch-betriebsurlaub", "delivery", "2031-10-14T10:00:00+02:00", None, "closed:baeckerei-heidbreder"),
    ("rv-t-wildessen-allerheiligen", "pickup", "2031-11-01T10:00:00+01:00", "enger-kirchplatz", "holiday"),
    ("rv-w-nochmal-das-gleiche", "pickup", "2031-10-04T10:00:00+02:00", "buende-bahnhof", "closed:landfleischerei-rahe"),
    ("rv-w-adventskranz-geschlossen", "delivery", "2031-11-26T10:00:00+01:00", None, "closed:blumenhaus-woehrmann"),
]
# Days residents mention that are NOT holidays in NW (checked to have windows).
NOT_HOLIDAYS = [("rv-v-reformationstag-obst", date(2031, 10, 31), "Reformationstag (holiday in Lower Saxony, not NW)")]

errors = []
log = []


def err(msg, node=None):
    line = getattr(node, "line", None)
    errors.append(f"ERROR {msg}" + (f" (line {line})" if line else ""))


# ---------------------------------------------------------------- YAML with line numbers
class LDict(dict):
    line = None


class LList(list):
    line = None


class Loader(yaml.SafeLoader):
    pass


def _map(loader, node):
    d = LDict(loader.construct_mapping(node, deep=True))
    d.line = node.start_mark.line + 1
    return d


def _seq(loader, node):
    lst = LList(loader.construct_sequence(node, deep=True))
    lst.line = node.start_mark.line + 1
    return lst


Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _map)
Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _seq)
# keep ISO dates as strings (the formats quote them anyway)
Loader.yaml_implicit_resolvers = {k: [(t, r) for t, r in v if t != "tag:yaml.org,2002:timestamp"]
                                  for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load(p):
    with open(p, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


# ---------------------------------------------------------------- holidays NW (computed)
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
    return date(y, month, day)


def holidays_nw(y):
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


HOL = {}
for _y in (2031, 2032):
    HOL.update(holidays_nw(_y))


def parse_dt(s, node, what):
    if not isinstance(s, str):
        err(f"{what}: not a quoted ISO timestamp: {s!r}", node)
        return None
    if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", s):
        err(f"{what}: not ISO 8601 with offset: {s}", node)
        return None
    dt = datetime.fromisoformat(s)
    real = dt.astimezone(TZ).utcoffset()
    if dt.utcoffset() != real:
        err(f"{what}: offset {s[-6:]} wrong for Europe/Berlin (should be {real})", node)
    return dt


def dec(v, node, what, places2=True):
    if not isinstance(v, str) or not (DEC if places2 else QTY).match(v):
        err(f"{what}: must be a decimal string, got {v!r}", node)
        return None
    return Decimal(v)


def parse_date(s, node, what):
    if not isinstance(s, str) or not re.match(r"^\d{4}-\d\d-\d\d$", s):
        err(f"{what}: not a quoted date: {s!r}", node)
        return None
    return date.fromisoformat(s)


# ================================================================= catalog
cat = load(CATALOG)
if cat.get("format") != "kiepe-catalog/1":
    err("catalog: format must be kiepe-catalog/1", cat)
reg = cat.get("region") or {}
for k in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
    if k not in reg:
        err(f"region.{k} missing", reg)
if not SLUG.match(str(reg.get("id", ""))):
    err("region.id not a slug", reg)
if reg.get("timezone") != "Europe/Berlin" or reg.get("currency") != "EUR":
    err("region timezone/currency", reg)
if reg.get("holidays") != STATE:
    err(f"region.holidays must be {STATE}", reg)

MUNI = {}
for m in reg.get("municipalities", []):
    if not SLUG.match(str(m.get("id", ""))) or not m.get("name"):
        err("municipality id/name", m)
    pcs = m.get("postcodes")
    if not isinstance(pcs, list) or not pcs:
        err("municipality postcodes", m)
    else:
        for pc in pcs:
            if not isinstance(pc, str) or not re.match(r"^\d{5}$", pc):
                err(f"municipality {m.get('id')}: postcode {pc!r} not a quoted 5-digit string", m)
    MUNI[m["id"]] = m
STATIONS = {}
for s in reg.get("pickup_stations", []):
    for k in ("id", "name", "municipality", "address"):
        if not s.get(k):
            err(f"station.{k} missing", s)
    if s.get("municipality") not in MUNI:
        err(f"station {s.get('id')}: unknown municipality", s)
    elif not any(str(pc) in s.get("address", "") for pc in MUNI[s["municipality"]].get("postcodes") or []):
        err(f"station {s.get('id')}: address without a postcode of its municipality", s)
    if not SLUG.match(str(s.get("id", ""))):
        err("station id not a slug", s)
    STATIONS[s["id"]] = s


def check_windows(ws, what):
    out = []
    for w in ws or []:
        days = w.get("days")
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            err(f"{what}: bad days {days}", w)
        st, en = w.get("start"), w.get("end")
        if not (isinstance(st, str) and TIME.match(st) and isinstance(en, str) and TIME.match(en)) or st >= en:
            err(f"{what}: bad start/end {st}-{en}", w)
        if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
            err(f"{what}: capacity", w)
        out.append(w)
    if not out:
        err(f"{what}: no windows")
    return out


dl = reg.get("delivery", {})
dec(dl.get("fee"), dl, "delivery.fee")
if "free_from" in dl:
    dec(dl.get("free_from"), dl, "delivery.free_from")
if not isinstance(dl.get("cutoff_hours"), int) or dl["cutoff_hours"] < 0:
    err("delivery.cutoff_hours", dl)
pk = reg.get("pickup", {})
if not isinstance(pk.get("cutoff_hours"), int) or pk["cutoff_hours"] < 0:
    err("pickup.cutoff_hours", pk)
WIN = {"delivery": check_windows(dl.get("windows"), "delivery.windows"),
       "pickup": check_windows(pk.get("windows"), "pickup.windows")}
CUTOFF = {"delivery": dl.get("cutoff_hours", 0), "pickup": pk.get("cutoff_hours", 0)}
wg = reg.get("weighed_goods")
if not (isinstance(wg, dict) and isinstance(wg.get("tolerance_percent"), int) and 0 < wg["tolerance_percent"] <= 50):
    err("region.weighed_goods.tolerance_percent", reg)

SHOPS = {}
used = set()
n_products = 0
n_services = 0
closures = []
for sh in cat.get("shops", []):
    sid = sh.get("id")
    if not SLUG.match(str(sid)) or sid in SHOPS:
        err(f"shop id {sid!r} not a slug or duplicate", sh)
    for k in ("name", "kind", "municipality", "phone", "products"):
        if k not in sh:
            err(f"shop {sid}: {k} missing", sh)
    if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
        err(f"shop {sid}: kind", sh)
    if sh.get("municipality") not in MUNI:
        err(f"shop {sid}: unknown municipality", sh)
    if not PHONE.match(str(sh.get("phone", ""))):
        err(f"shop {sid}: phone", sh)
    info = {"shop": sh, "products": {}, "closed": set(), "min_order": None, "vouchers": None}
    if "min_order" in sh:
        used.add("min_order")
        info["min_order"] = dec(sh["min_order"], sh, f"{sid}.min_order")
    for c in sh.get("closed", []) or []:
        used.add("closed")
        if isinstance(c, dict):
            used.add("closed-range")
            a = parse_date(c.get("from"), c, f"{sid}.closed.from")
            b = parse_date(c.get("to"), c, f"{sid}.closed.to")
            if a and b:
                if b < a:
                    err(f"{sid}: closed range reversed", c)
                d = a
                while d <= b:
                    info["closed"].add(d)
                    d += timedelta(days=1)
                closures.append((sid, a, b))
        else:
            used.add("closed-date")
            a = parse_date(c, sh, f"{sid}.closed")
            if a:
                info["closed"].add(a)
                closures.append((sid, a, a))
    for p in sh.get("products", []):
        n_products += 1
        pid = p.get("id")
        where = f"{sid}/{pid}"
        if not SLUG.match(str(pid)) or pid in info["products"]:
            err(f"{where}: id not a slug or duplicate", p)
        if not p.get("name"):
            err(f"{where}: name", p)
        if "aliases" in p:
            err(f"{where}: aliases are not wanted in this set", p)
        if p.get("unit") not in ("piece", "kg", "l"):
            err(f"{where}: unit", p)
        dec(p.get("price"), p, f"{where}.price")
        if p.get("vat") not in (7, 19):
            err(f"{where}: vat must be 7 or 19", p)
        if "label" in p:
            used.add("label")
            if p.get("unit") != "piece":
                err(f"{where}: label on a weighed product", p)
        if "size" in p:
            used.add("size")
            if not SIZE.match(str(p["size"])):
                err(f"{where}: size {p['size']!r}", p)
            if p.get("unit") != "piece":
                err(f"{where}: size on a weighed product", p)
        if "deposit" in p:
            used.add("deposit")
            dec(p["deposit"], p, f"{where}.deposit")
        if "min_age" in p:
            used.add("min_age")
            if p["min_age"] not in (16, 18):
                err(f"{where}: min_age must be 16 or 18", p)
        if "allergens" in p:
            used.add("allergens")
            if not isinstance(p["allergens"], list) or any(a not in ALLERGENS for a in p["allergens"]):
                err(f"{where}: unknown allergen in {p['allergens']}", p)
        if p.get("unit") in ("kg", "l"):
            used.add("weighed")
        info["products"][pid] = p
    for p in sh.get("products", []):
        if "substitutes" in p:
            used.add("substitutes")
            for s_ in p["substitutes"]:
                if s_ not in info["products"] or s_ == p["id"]:
                    err(f"{sid}/{p['id']}: substitute {s_} not another product of the shop", p)
    for sv in sh.get("services", []) or []:
        n_services += 1
        for k in ("id", "name", "duration_minutes", "price", "vat"):
            if k not in sv:
                err(f"{sid} service {k} missing", sv)
        if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
            err(f"{sid} service duration", sv)
        dec(sv.get("price"), sv, f"{sid} service price")
        if sv.get("vat") not in (7, 19):
            err(f"{sid} service vat", sv)
    if "vouchers" in sh:
        v = sh["vouchers"]
        lo, hi = dec(v.get("min"), v, f"{sid}.vouchers.min"), dec(v.get("max"), v, f"{sid}.vouchers.max")
        if lo is not None and hi is not None and lo >= hi:
            err(f"{sid}: voucher min >= max", v)
        info["vouchers"] = (lo, hi)
    SHOPS[sid] = info

if "free_from" in dl:
    used.add("free_from")
if "holidays" in reg:
    used.add("holidays")
if wg:
    used.add("weighed_goods")
for f in ("min_order", "closed-date", "closed-range", "label", "size", "deposit", "min_age", "allergens",
          "substitutes", "weighed", "free_from", "holidays", "weighed_goods"):
    if f not in used:
        err(f"optional field {f} used nowhere")
if len(MUNI) != 5:
    err(f"{len(MUNI)} municipalities, want 5")
if len(STATIONS) != 3:
    err(f"{len(STATIONS)} stations, want 3")
if len(SHOPS) != 10:
    err(f"{len(SHOPS)} shops, want 10")
if not 150 <= n_products <= 170:
    err(f"{n_products} products, want 150-170")
if not 4 <= n_services <= 6:
    err(f"{n_services} services, want 4-6")
vshops = [s for s, i in SHOPS.items() if i["vouchers"]]
if not 2 <= len(vshops) <= 3:
    err(f"vouchers at {len(vshops)} shops, want 2-3")
kinds = {i["shop"]["kind"] for i in SHOPS.values()}
if not {"retailer", "direct_marketer"} <= kinds:
    err("want a mix of retailers and direct marketers")
season_closures = [c for c in closures if c[2] >= SEASON_FROM and c[1] <= SEASON_TO]
if len(season_closures) < 3:
    err(f"{len(season_closures)} closures in the season, want >= 3")
# variants: products of one shop differing only by size / kind / container (same name stem)
stems = {}
for sid, i in SHOPS.items():
    for pid, p in i["products"].items():
        stems.setdefault((sid, re.split(r"[,(]| \d", p["name"])[0].strip()), []).append(pid)
n_variant_groups = sum(1 for v in stems.values() if len(v) > 1)
if n_variant_groups < 5:
    err(f"only {n_variant_groups} variant groups")
# resident words must not be catalog words
all_names = " | ".join(p["name"].lower() for i in SHOPS.values() for p in i["products"].values())
for w in RESIDENT_WORDS:
    if re.search(r"(?<![a-zäöüß])" + re.escape(w) + r"(?![a-zäöüß])", all_names):
        err(f"resident word {w!r} occurs in a product name")

log.append(f"catalog: {len(MUNI)} municipalities, {len(STATIONS)} stations, {len(SHOPS)} shops, "
           f"{n_products} products, {n_services} services, vouchers at {len(vshops)} shops ({', '.join(vshops)}), "
           f"{n_variant_groups} variant groups")
log.append("products per shop: " + ", ".join(f"{s} {len(i['products'])}" for s, i in SHOPS.items()))
hol_in = sorted((d, n) for d, n in HOL.items() if SEASON_FROM <= d <= SEASON_TO)
log.append(f"{STATE} holidays in season (computed): " +
           ", ".join(f"{WD[d.weekday()]} {d} {n}" for d, n in hol_in))
log.append(f"Easter 2031 (computed): {easter(2031)}; no Easter-based holiday falls in the season")
log.append("closures in season: " + "; ".join(f"{s} {a}" + (f"..{b}" if b != a else "") for s, a, b in season_closures))


# ================================================================= slot logic
def window_at(kind, start):
    """The template window starting exactly at `start` (aware datetime), or None."""
    loc = start.astimezone(TZ)
    dname = DAYS[loc.weekday()]
    hm = loc.strftime("%H:%M")
    for w in WIN[kind]:
        if dname in w["days"] and w["start"] == hm:
            return w
    return None


def why_impossible(kind, start, now, shops):
    loc = start.astimezone(TZ)
    if window_at(kind, start) is None:
        return "no template window"
    if loc.date() in HOL:
        return "holiday"
    if start - timedelta(hours=CUTOFF[kind]) < now:
        return "cutoff"
    for s in shops:
        if loc.date() in SHOPS[s]["closed"]:
            return f"closed:{s}"
    return None


def earliest(kind, now):
    d = now.astimezone(TZ).date()
    for _ in range(30):
        for w in sorted(WIN[kind], key=lambda w: w["start"]):
            if DAYS[d.weekday()] in w["days"] and d not in HOL:
                h, m = map(int, w["start"].split(":"))
                st = datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
                if st - timedelta(hours=CUTOFF[kind]) >= now:
                    return st
        d += timedelta(days=1)
    return None


# ================================================================= conversations
cv = load(CONVS)
if cv.get("format") != "kiepe-conversations/1":
    err("conversations: format", cv)
if cv.get("catalog") != CATALOG.name:
    err(f"conversations: catalog must be {CATALOG.name}", cv)
convs = cv.get("conversations", [])
ids = set()
per_channel = {"voice": 0, "telegram": 0, "web": 0}
booked = {"delivery": 0, "pickup": 0}
booked_by_channel = {c: {"delivery": 0, "pickup": 0} for c in per_channel}
shop_use = {s: 0 for s in SHOPS}
n_lines = n_vouchers = 0
turn_counts = {c: [] for c in per_channel}
convs_by_id = {}
words_seen = set()
AGE_STATEMENT = re.compile(r"(jahre alt|bin \w+ jahre|volljährig|über achtzehn|über sechzehn|über 18|über 16|"
                           r"ich bin (sechzehn|achtzehn|\d+))")

for c in convs:
    cid = c.get("id")
    convs_by_id[cid] = c
    if not SLUG.match(str(cid)) or cid in ids:
        err(f"conversation id {cid!r} not a slug or duplicate", c)
    ids.add(cid)
    ch = c.get("channel")
    if ch not in per_channel:
        err(f"{cid}: channel {ch!r}", c)
        continue
    per_channel[ch] += 1
    now = parse_dt(c.get("now"), c, f"{cid}.now")
    if now and not SEASON_FROM <= now.astimezone(TZ).date() <= SEASON_TO:
        err(f"{cid}: now outside the season", c)
    cu = c.get("customer") or {}
    for k in ("name", "phone", "municipality"):
        if not cu.get(k):
            err(f"{cid}: customer.{k} missing", c)
    if cu.get("municipality") not in MUNI:
        err(f"{cid}: customer municipality unknown", c)
    if not PHONE.match(str(cu.get("phone", ""))):
        err(f"{cid}: customer phone {cu.get('phone')!r}", c)
    turns = c.get("turns") or []
    if not 4 <= len(turns) <= 7:
        err(f"{cid}: {len(turns)} turns, want 4-7", c)
    turn_counts[ch].append(len(turns))
    text = []
    for t in turns:
        if set(t.keys()) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
            err(f"{cid}: only non-empty say turns allowed", t)
            continue
        text.append(t["say"])
        if ch == "voice" and not VOICE_OK.match(t["say"]):
            bad = sorted(set(re.sub(r"[a-zäöüß ]", "", t["say"])))
            err(f"{cid}: voice turn with upper case, digits or punctuation {bad}", t)
    alltext = " ".join(text).lower()
    for w in RESIDENT_WORDS:
        if w in alltext:
            words_seen.add(w)
    ex = c.get("expect")
    if not isinstance(ex, dict) or "cart" not in ex:
        err(f"{cid}: expect.cart missing", c)
        continue
    totals = {}
    shops_in_cart = []
    seen_lines = set()
    has_age = False
    for ln in ex["cart"]:
        s = ln.get("shop")
        if s not in SHOPS:
            err(f"{cid}: unknown shop {s}", ln)
            continue
        if s not in shops_in_cart:
            shops_in_cart.append(s)
        if "voucher" in ln:
            n_vouchers += 1
            v = dec(ln["voucher"], ln, f"{cid} voucher")
            rng = SHOPS[s]["vouchers"]
            if not rng:
                err(f"{cid}: voucher at {s}, which sells none", ln)
            elif v is not None and not rng[0] <= v <= rng[1]:
                err(f"{cid}: voucher {v} outside {rng[0]}-{rng[1]}", ln)
            if set(ln) != {"shop", "voucher"}:
                err(f"{cid}: voucher line with extra keys", ln)
            continue
        n_lines += 1
        pid = ln.get("product")
        p = SHOPS[s]["products"].get(pid)
        if not p:
            err(f"{cid}: unknown product {s}/{pid}", ln)
            continue
        if (s, pid) in seen_lines:
            err(f"{cid}: duplicate line {s}/{pid}", ln)
        seen_lines.add((s, pid))
        q = ln.get("quantity")
        if not isinstance(q, str) or not QTY.match(q):
            err(f"{cid}: quantity {q!r} not a decimal string", ln)
            continue
        qd = Decimal(q)
        if qd <= 0:
            err(f"{cid}: quantity must be positive", ln)
        if p["unit"] == "piece" and qd != qd.to_integral_value():
            err(f"{cid}: fractional quantity {q} for piece product {pid}", ln)
        if p.get("min_age"):
            has_age = True
        totals[s] = totals.get(s, Decimal(0)) + qd * Decimal(p["price"])
    for s in shops_in_cart:
        shop_use[s] += 1
        mo = SHOPS[s]["min_order"]
        if mo is not None and s in totals and totals[s] < mo:
            err(f"{cid}: {s} part {totals[s]:.2f} below min_order {mo}", c)
        if now and now.astimezone(TZ).date() in SHOPS[s]["closed"]:
            err(f"{cid}: now falls on a closed day of {s}", c)
    if has_age and AGE_STATEMENT.search(alltext):
        err(f"{cid}: resident states an age in a conversation with age-restricted goods", c)
    prod_shops = [s for s in shops_in_cart if s in totals]
    nlines = sum(1 for ln in ex["cart"] if "product" in ln)
    slot = ex.get("slot")
    head = f"{cid}: now {WD[now.astimezone(TZ).weekday()]} {now.strftime('%Y-%m-%d %H:%M%z')}" if now else cid
    if slot is None:
        log.append(f"{head} -> no slot (cart only, {nlines} lines, shops {', '.join(shops_in_cart)})")
        continue
    kind = slot.get("kind")
    if kind not in ("delivery", "pickup"):
        err(f"{cid}: slot.kind", slot)
        continue
    booked[kind] += 1
    booked_by_channel[ch][kind] += 1
    st = parse_dt(slot.get("start"), slot, f"{cid}.slot.start")
    extra = ""
    if kind == "pickup":
        if slot.get("station") not in STATIONS:
            err(f"{cid}: pickup without a known station", slot)
        extra = "+" + str(slot.get("station"))
    else:
        if "station" in slot:
            err(f"{cid}: delivery slot with a station", slot)
        if not cu.get("street"):
            err(f"{cid}: delivery without customer.street", c)
    if st and now:
        why = why_impossible(kind, st, now, prod_shops)
        if why:
            err(f"{cid}: slot {slot.get('start')} impossible ({why})", slot)
        e = earliest(kind, now)
        log.append(f"{head} -> {kind} {WD[st.astimezone(TZ).weekday()]} {st.strftime('%Y-%m-%d %H:%M%z')}{extra} "
                   f"(window ok, no holiday, cutoff ok, shops open, min_order ok; earliest possible "
                   f"{WD[e.weekday()]} {e.strftime('%d.%m. %H:%M')}; {nlines} lines, shops {', '.join(shops_in_cart)})")

# first-asked impossible windows
for cid, kind, s, station, reason in FIRST_ASKED:
    c = convs_by_id.get(cid)
    if not c:
        err(f"first-asked: unknown conversation {cid}")
        continue
    now = datetime.fromisoformat(c["now"])
    st = parse_dt(s, None, f"{cid} first-asked")
    shops = [ln["shop"] for ln in c["expect"]["cart"] if "product" in ln]
    if window_at(kind, st) is None:
        err(f"{cid}: first-asked {s} is not a template window")
    got = why_impossible(kind, st, now, list(dict.fromkeys(shops)))
    if got != reason:
        err(f"{cid}: first-asked {s} should be impossible for {reason}, got {got}")
    if station and station not in STATIONS:
        err(f"{cid}: first-asked station unknown")
    if c["expect"].get("slot", {}).get("start") == s:
        err(f"{cid}: first-asked window equals the expected slot")
    label = reason
    if reason == "holiday":
        label = f"holiday {HOL[st.date()]}"
    elif reason.startswith("closed:"):
        label = f"closed {reason[7:]}"
    else:
        label = "past cutoff"
    log.append(f"{cid}: first asked {kind} {WD[st.weekday()]} {st.strftime('%Y-%m-%d %H:%M%z')}"
               + (f"+{station}" if station else "") + f" -> impossible ({label})")
for cid, d, what in NOT_HOLIDAYS:
    if d in HOL:
        err(f"{cid}: {d} is a {STATE} holiday")
    if not any(DAYS[d.weekday()] in w["days"] for w in WIN["delivery"]):
        err(f"{cid}: {d} has no delivery window")
    log.append(f"{cid}: {WD[d.weekday()]} {d} {what}: no {STATE} holiday, windows exist")

if per_channel != {"voice": 10, "telegram": 10, "web": 10}:
    err(f"channels {per_channel}, want 10/10/10")
nb = booked["delivery"] + booked["pickup"]
if not 13 <= nb <= 17:
    err(f"{nb} conversations book a window, want 13-17")
for s, n in shop_use.items():
    if n < 3:
        err(f"shop {s} in only {n} carts")
if n_vouchers < 1:
    err("no voucher line")
missing = [w for w in RESIDENT_WORDS if w not in words_seen]
if missing:
    err(f"resident words listed but unused: {missing}")

log.append(f"channels voice/telegram/web {per_channel['voice']}/{per_channel['telegram']}/{per_channel['web']}; "
           f"booked delivery {booked['delivery']}, pick-up {booked['pickup']} ({nb} of {len(convs)}); "
           f"cart lines {n_lines}; voucher lines {n_vouchers}")
log.append("booked per channel (delivery/pick-up): " +
           ", ".join(f"{c} {v['delivery']}/{v['pickup']}" for c, v in booked_by_channel.items()))
log.append("turns per channel: " + ", ".join(f"{c} {min(v)}-{max(v)}" for c, v in turn_counts.items() if v))
log.append("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in shop_use.items()))
log.append(f"resident words (none in a product name, all used): {len(RESIDENT_WORDS)}")

for line in log:
    print(line)
for e in errors:
    print(e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
