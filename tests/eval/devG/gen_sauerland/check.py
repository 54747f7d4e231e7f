#!/usr/bin/env python3
"""Checks ../sauerland.yml and ../sauerland_1.yml. Prints a log; exit 1 on any error."""
import os, re, sys
from datetime import datetime, date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
TZ = ZoneInfo("Europe/Berlin")
cat = yaml.safe_load(open(os.path.join(HERE, "..", "sauerland.yml")))
doc = yaml.safe_load(open(os.path.join(HERE, "..", "sauerland_1.yml")))
lines2 = open(os.path.join(HERE, "..", "sauerland_1.yml")).read().splitlines()
errors = []
def err(m): errors.append(m); print("ERROR", m)

assert lines2[1] == "catalog: ../devG_catalogs/sauerland.yml", lines2[1]
assert doc["format"] == "kiepe-conversations/1" and cat["format"] == "kiepe-catalog/1"

# ---- catalog checks
R = cat["region"]
muni = {m["id"] for m in R["municipalities"]}
stations = {s["id"]: s for s in R["pickup_stations"]}
shops = {s["id"]: s for s in cat["shops"]}
nprod = 0
kinds = {}
for s in cat["shops"]:
    kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
    if s["municipality"] not in muni: err(f"shop {s['id']} municipality")
    ids = set()
    for p in s.get("products", []):
        nprod += 1
        if p["id"] in ids: err(f"dup product {p['id']}")
        ids.add(p["id"])
        if p["unit"] not in ("piece", "kg", "l"): err(f"unit {p['id']}")
        if p["vat"] not in (7, 19): err(f"vat {p['id']}")
        Decimal(p["price"])
        if "deposit" in p: Decimal(p["deposit"])
        if "min_age" in p and p["min_age"] not in (16, 18): err(f"min_age {p['id']}")
        for sub in p.get("substitutes", []):
            if sub not in {x["id"] for x in s["products"]}: err(f"substitute {sub}")
        for a in p.get("allergens", []):
            if a not in "gluten krebstiere eier fisch erdnuesse soja milch schalenfruechte sellerie senf sesam schwefeldioxid lupinen weichtiere".split():
                err(f"allergen {a}")
optional = dict(holidays="holidays" in R, free_from="free_from" in R["delivery"], weighed_goods="weighed_goods" in R,
                min_order=any("min_order" in s for s in cat["shops"]), closed=any("closed" in s for s in cat["shops"]),
                deposit=any("deposit" in p for s in cat["shops"] for p in s.get("products", [])),
                min_age=any("min_age" in p for s in cat["shops"] for p in s.get("products", [])),
                substitutes=any("substitutes" in p for s in cat["shops"] for p in s.get("products", [])),
                allergens=any("allergens" in p for s in cat["shops"] for p in s.get("products", [])))
print(f"catalog: {len(muni)} municipalities, {len(stations)} stations, {len(shops)} shops {kinds}, {nprod} products")
print("optional fields used:", ", ".join(k for k, v in optional.items() if v), "| missing:", [k for k, v in optional.items() if not v])

# regional / dialect words the residents use must not be in the catalog
DIALECT = ["erpel", "fitzebohnen", "wurzeln", "zipollen", "kappes", "kopp", "selters", "kiste", "pulle", "klümpkes",
           "krintenstuten", "schmacht", "pinneken", "äppel", "stücker", "knifte", "sonnabend", "gehacktes", "erika",
           "pillekuchen", "köppe", "samstach", "freitach", "vormittach", "nachmittach"]
cattext = open(os.path.join(HERE, "..", "sauerland.yml")).read().lower()
for w in DIALECT:
    if re.search(r"\b" + w + r"\b", cattext): err(f"dialect word in catalog: {w}")
alltext = " ".join(t["say"].lower() for c in doc["conversations"] for t in c["turns"])
used = [w for w in DIALECT if re.search(r"\b" + w, alltext)]
print(f"dialect/regional words used in turns: {len(used)}: {', '.join(used)}")

# ---- calendar
def easter(y):
    a=y%19;b=y//100;c=y%100;d=b//4;e=b%4;f=(b+8)//25;g=(b-f+1)//3;h=(19*a+b-d-g+15)%30
    i=c//4;k=c%4;l=(32+2*e+2*i-h-k)%7;m=(a+11*h+22*l)//451;mo=(h+l-7*m+114)//31;da=((h+l-7*m+114)%31)+1
    return date(y,mo,da)
def nw_holidays(y):
    e = easter(y)
    return {date(y,1,1), e-timedelta(2), e+timedelta(1), date(y,5,1), e+timedelta(39), e+timedelta(50),
            e+timedelta(60), date(y,10,3), date(y,11,1), date(y,12,25), date(y,12,26)}
HOL = nw_holidays(2027)
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

def windows(kind, d):
    spec = R["delivery"] if kind == "delivery" else R["pickup"]
    if d in HOL or d.weekday() == 6: return []
    out = []
    for w in spec["windows"]:
        if DAYS[d.weekday()] in w["days"]:
            h, m = map(int, w["start"].split(":"))
            out.append(datetime(d.year, d.month, d.day, h, m, tzinfo=TZ))
    return sorted(out)
def bookable(kind, start, now):
    return start - timedelta(hours=(R["delivery"] if kind == "delivery" else R["pickup"])["cutoff_hours"]) >= now
def earliest(kind, now):
    d = now.date()
    for i in range(30):
        for w in windows(kind, d + timedelta(i)):
            if bookable(kind, w, now): return w
def closed(shop, d):
    for c in shops[shop].get("closed", []):
        if isinstance(c, str):
            if date.fromisoformat(c) == d: return True
        elif date.fromisoformat(c["from"]) <= d <= date.fromisoformat(c["to"]): return True
    return False

# ---- conversation checks
ch = {}; nslot = {"delivery": 0, "pickup": 0}; ids = set(); log = []
lo, hi = datetime(2027, 9, 1, tzinfo=TZ), datetime(2027, 12, 1, tzinfo=TZ)
for c in doc["conversations"]:
    cid = c["id"]
    if cid in ids: err(f"dup id {cid}")
    ids.add(cid)
    if not cid.startswith("sau-") or not re.fullmatch(r"[a-z0-9-]+", cid): err(f"id {cid}")
    for k in ("id", "channel", "now", "customer", "tags", "expect", "turns"):
        if k not in c: err(f"{cid} lacks {k}")
    ch[c["channel"]] = ch.get(c["channel"], 0) + 1
    now = datetime.fromisoformat(c["now"])
    if now.utcoffset() != now.astimezone(TZ).utcoffset(): err(f"{cid} now offset wrong")
    if not lo <= now < hi: err(f"{cid} now outside period")
    cu = c["customer"]
    if cu["municipality"] not in muni: err(f"{cid} municipality")
    for t in c["turns"]:
        if set(t) != {"say"}: err(f"{cid} non-say turn")
        if c["channel"] == "voice":
            s = t["say"]
            if s != s.lower() or re.search(r"[0-9.,!?;:\"']", s): err(f"{cid} voice turn not ASR-like: {s}")
    total = {}
    for line in c["expect"]["cart"]:
        sh = line["shop"]
        if sh not in shops: err(f"{cid} shop {sh}"); continue
        if "voucher" in line:
            v = Decimal(line["voucher"]); vs = shops[sh].get("vouchers")
            if not vs or not Decimal(vs["min"]) <= v <= Decimal(vs["max"]): err(f"{cid} voucher {v}")
            total[sh] = total.get(sh, 0) + v
            continue
        prods = {p["id"]: p for p in shops[sh].get("products", [])}
        if line["product"] not in prods: err(f"{cid} product {sh}/{line['product']}"); continue
        p = prods[line["product"]]
        qv = line["quantity"]
        if not isinstance(qv, str): err(f"{cid} quantity not a string")
        qd = Decimal(qv)
        if qd <= 0: err(f"{cid} quantity <= 0")
        if p["unit"] == "piece" and qd != qd.to_integral_value(): err(f"{cid} piece quantity {qv}")
        total[sh] = total.get(sh, 0) + qd * Decimal(p["price"])
    slot = c["expect"].get("slot")
    has_street = "street" in cu
    if slot:
        kind = slot["kind"]; nslot[kind] += 1
        start = datetime.fromisoformat(slot["start"])
        if start.utcoffset() != start.astimezone(TZ).utcoffset(): err(f"{cid} slot offset wrong")
        st = start.astimezone(TZ)
        if st not in windows(kind, st.date()): err(f"{cid} slot {st} is not a window of the template on that day")
        if not bookable(kind, st, now): err(f"{cid} slot {st} past cutoff")
        if kind == "pickup" and slot.get("station") not in stations: err(f"{cid} station")
        for sh, tot in total.items():
            if closed(sh, st.date()): err(f"{cid} shop {sh} closed on {st.date()}")
            mo = shops[sh].get("min_order")
            if mo and tot < Decimal(mo): err(f"{cid} shop {sh} below min_order {tot} < {mo}")
        addr_in_turn = "address-in-turn" in c["tags"]
        if kind == "delivery" and not has_street and not addr_in_turn: err(f"{cid} delivery without street")
        if addr_in_turn and has_street: err(f"{cid} address in turn but street set")
        e = earliest(kind, now)
        log.append(f"{cid}: now {now:%a %Y-%m-%d %H:%M%z} -> {kind} {st:%a %Y-%m-%d %H:%M%z}"
                   + (f"+{slot['station']}" if kind == "pickup" else "")
                   + f" (cutoff ok, earliest possible {e:%a %d.%m. %H:%M})")
    else:
        log.append(f"{cid}: now {now:%a %Y-%m-%d %H:%M%z} -> no slot; cart " +
                   ", ".join(f"{k} {v:.2f}" for k, v in total.items()))

print(f"conversations: {len(doc['conversations'])}, channels {ch}, slots {nslot} "
      f"({sum(nslot.values())} booked, {100*sum(nslot.values())/len(doc['conversations']):.0f} %)")
print("turns per conversation:", sorted(len(c["turns"]) for c in doc["conversations"]))
print("\n".join(log))
print("ERRORS:", len(errors))
sys.exit(1 if errors else 0)
