#!/usr/bin/env python3
"""Check holstein.yml (kiepe-catalog/1) and holstein_1.yml (kiepe-conversations/1).

Usage: python3 gen_holstein/check.py [> gen_holstein/check_output.txt]
Needs Python 3 and PyYAML only. Exit status 0 only when no errors were found.

Checks
- catalog: format, required fields, slugs, enums, decimal strings, VAT, windows, stations,
  municipalities, shops (kind, municipality, min_order, closed), products (unit, price, vat,
  allergens, deposit, min_age, substitutes), services, vouchers, unknown keys; counts
  (4-5 municipalities, 2-3 stations, 10 shops, 140-170 products).
- conversations: format, catalog, ids, channels (10/10/10), `now` in range with the right
  UTC offset for Europe/Berlin, customer, only `say` turns (3-8), voice turns lower case
  without punctuation or digits, cart lines (shop/product exist, quantity in the product's
  unit, voucher within the shop's range), min_order of every shop in every cart, slot
  (window start of the template on that weekday, right offset, not Sunday, not a public
  holiday of SH computed from the year, cutoff respected, station exists, no shop of the
  cart closed that day, street known for delivery), one conversation across the DST change,
  about half booked, every shop in several carts, at least one voucher.
"""
import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

BASE = Path(__file__).resolve().parent.parent
CATALOG = BASE / "holstein.yml"
CONVS = BASE / "holstein_1.yml"

RANGE_FROM = dt.date(2030, 9, 1)
RANGE_TO = dt.date(2030, 11, 30)

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DEC2 = re.compile(r"^\d+\.\d{2}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYNAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch",
             "schalenfruechte", "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen",
             "weichtiere"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}


def is_dec2(v):
    return isinstance(v, str) and DEC2.match(v) is not None


def check_keys(obj, allowed, where, required=()):
    if not isinstance(obj, dict):
        err(f"{where}: not a mapping")
        return False
    for k in obj:
        if k not in allowed:
            err(f"{where}: unknown field '{k}'")
    for k in required:
        if k not in obj:
            err(f"{where}: missing field '{k}'")
    return True


# ---------------------------------------------------------------- time helpers
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


def holidays_sh(year):
    """Public holidays of Schleswig-Holstein (Reformationstag since 2018)."""
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 10, 31): "Reformationstag",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


def last_sunday(year, month):
    d = dt.date(year, month, 31)
    while d.weekday() != 6:
        d -= dt.timedelta(days=1)
    return d


def berlin_offset_for_local(naive):
    """UTC offset (hours) of Europe/Berlin for a local wall-clock time (EU rules)."""
    y = naive.year
    start = dt.datetime.combine(last_sunday(y, 3), dt.time(2, 0))   # 02:00 -> 03:00
    end = dt.datetime.combine(last_sunday(y, 10), dt.time(3, 0))    # 03:00 -> 02:00
    return 2 if start <= naive < end else 1


def parse_ts(s, where):
    if not isinstance(s, str):
        err(f"{where}: timestamp must be a quoted string")
        return None
    m = re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$", s)
    if not m:
        err(f"{where}: '{s}' is not an ISO timestamp with offset")
        return None
    t = dt.datetime.fromisoformat(s)
    off = t.utcoffset().total_seconds() / 3600
    want = berlin_offset_for_local(t.replace(tzinfo=None))
    if off != want:
        err(f"{where}: '{s}' has offset {off:+.0f}, Europe/Berlin has +{want:02d}:00 then")
    return t


# ---------------------------------------------------------------- catalog
def check_catalog(cat):
    check_keys(cat, {"format", "region", "shops"}, "catalog", ["format", "region", "shops"])
    if cat.get("format") != "kiepe-catalog/1":
        err("catalog: format must be kiepe-catalog/1")
    reg = cat.get("region", {})
    check_keys(reg, {"id", "name", "timezone", "currency", "holidays", "municipalities",
                     "pickup_stations", "delivery", "pickup", "weighed_goods"}, "region",
               ["id", "name", "timezone", "currency", "municipalities", "pickup_stations",
                "delivery", "pickup"])
    if not SLUG.match(str(reg.get("id", ""))):
        err("region.id: not a slug")
    if reg.get("timezone") != "Europe/Berlin":
        err("region.timezone must be Europe/Berlin")
    if reg.get("currency") != "EUR":
        err("region.currency must be EUR")
    if reg.get("holidays") not in STATES:
        err("region.holidays: not a German state code")
    if reg.get("holidays") != "SH":
        err("region.holidays: this region is in Schleswig-Holstein (SH)")
    munis = {}
    for i, m in enumerate(reg.get("municipalities", [])):
        w = f"region.municipalities[{i}]"
        check_keys(m, {"id", "name", "postcodes"}, w, ["id", "name", "postcodes"])
        if not SLUG.match(str(m.get("id", ""))):
            err(f"{w}.id: not a slug")
        if m.get("id") in munis:
            err(f"{w}.id: duplicate")
        pcs = m.get("postcodes", [])
        if not pcs or not all(isinstance(p, str) and re.match(r"^\d{5}$", p) for p in pcs):
            err(f"{w}.postcodes: must be quoted 5-digit strings")
        munis[m.get("id")] = m
    if not 4 <= len(munis) <= 5:
        err(f"region.municipalities: {len(munis)}, want 4-5")
    stations = {}
    for i, s in enumerate(reg.get("pickup_stations", [])):
        w = f"region.pickup_stations[{i}]"
        check_keys(s, {"id", "name", "municipality", "address"}, w, ["id", "name", "municipality", "address"])
        if not SLUG.match(str(s.get("id", ""))):
            err(f"{w}.id: not a slug")
        if s.get("municipality") not in munis:
            err(f"{w}.municipality: unknown")
        else:
            if not any(pc in s.get("address", "") for pc in munis[s["municipality"]]["postcodes"]):
                err(f"{w}.address: postcode of its municipality missing")
        stations[s.get("id")] = s
    if not 2 <= len(stations) <= 3:
        err(f"region.pickup_stations: {len(stations)}, want 2-3")

    def check_windows(block, name, need_fee):
        allowed = {"cutoff_hours", "windows"} | ({"fee", "free_from"} if need_fee else set())
        check_keys(block, allowed, f"region.{name}", ["cutoff_hours", "windows"] + (["fee"] if need_fee else []))
        if need_fee:
            if not is_dec2(block.get("fee")):
                err(f"region.{name}.fee: not a decimal string")
            if "free_from" in block and not is_dec2(block.get("free_from")):
                err(f"region.{name}.free_from: not a decimal string")
        if not isinstance(block.get("cutoff_hours"), int) or block.get("cutoff_hours") < 0:
            err(f"region.{name}.cutoff_hours: not a non-negative integer")
        for j, win in enumerate(block.get("windows", [])):
            w = f"region.{name}.windows[{j}]"
            check_keys(win, {"days", "start", "end", "capacity"}, w, ["days", "start", "end", "capacity"])
            if not win.get("days") or any(d not in DAYS for d in win.get("days", [])):
                err(f"{w}.days: invalid")
            if not (HHMM.match(str(win.get("start"))) and HHMM.match(str(win.get("end")))):
                err(f"{w}: start/end must be quoted HH:MM")
            elif win["start"] >= win["end"]:
                err(f"{w}: start not before end")
            if not isinstance(win.get("capacity"), int) or win["capacity"] <= 0:
                err(f"{w}.capacity: positive integer")

    check_windows(reg.get("delivery", {}), "delivery", True)
    check_windows(reg.get("pickup", {}), "pickup", False)
    wg = reg.get("weighed_goods")
    if wg is not None:
        check_keys(wg, {"tolerance_percent"}, "region.weighed_goods", ["tolerance_percent"])
        if not isinstance(wg.get("tolerance_percent"), int) or not 0 <= wg["tolerance_percent"] <= 100:
            err("region.weighed_goods.tolerance_percent: integer 0-100")

    shops = {}
    nprod = 0
    for i, sh in enumerate(cat.get("shops", [])):
        w = f"shops[{i}]"
        check_keys(sh, {"id", "name", "kind", "municipality", "phone", "min_order", "closed",
                        "products", "services", "vouchers"}, w,
                   ["id", "name", "kind", "municipality", "products"])
        sid = sh.get("id")
        if not SLUG.match(str(sid)):
            err(f"{w}.id: not a slug")
        if sid in shops:
            err(f"{w}.id: duplicate")
        if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
            err(f"{w}.kind: invalid")
        if sh.get("municipality") not in munis:
            err(f"{w}.municipality: unknown")
        if "phone" in sh and not re.match(r"^\+49 \d{3,5} \d{4,8}$", str(sh["phone"])):
            err(f"{w}.phone: format")
        if "min_order" in sh and not is_dec2(sh["min_order"]):
            err(f"{w}.min_order: not a decimal string")
        closed = []
        for j, c in enumerate(sh.get("closed", []) or []):
            try:
                if isinstance(c, str):
                    d = dt.date.fromisoformat(c)
                    closed.append((d, d))
                elif isinstance(c, dict):
                    check_keys(c, {"from", "to"}, f"{w}.closed[{j}]", ["from", "to"])
                    a, b = dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])
                    if a > b:
                        err(f"{w}.closed[{j}]: from after to")
                    closed.append((a, b))
                else:
                    err(f"{w}.closed[{j}]: must be a quoted date or {{from, to}}")
            except (ValueError, TypeError, KeyError):
                err(f"{w}.closed[{j}]: invalid date")
        prods = {}
        for j, p in enumerate(sh.get("products", [])):
            pw = f"{w}({sid}).products[{j}]"
            check_keys(p, {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat",
                           "deposit", "min_age", "substitutes", "allergens"}, pw,
                       ["id", "name", "unit", "price", "vat"])
            pid = p.get("id")
            if not SLUG.match(str(pid)):
                err(f"{pw}.id: not a slug")
            if pid in prods:
                err(f"{pw}.id: duplicate in shop")
            if p.get("unit") not in ("piece", "kg", "l"):
                err(f"{pw}.unit: invalid")
            if not is_dec2(p.get("price")) or Decimal(p["price"]) <= 0:
                err(f"{pw}.price: positive decimal string")
            if p.get("vat") not in (7, 19):
                err(f"{pw}.vat: 7 or 19")
            if "deposit" in p and not is_dec2(p["deposit"]):
                err(f"{pw}.deposit: decimal string")
            if "min_age" in p and p["min_age"] not in (16, 18):
                err(f"{pw}.min_age: 16 or 18")
            if "min_age" in p and p.get("vat") != 19:
                err(f"{pw}: age-restricted drink should carry 19 % VAT")
            for a in p.get("allergens", []) or []:
                if a not in ALLERGENS:
                    err(f"{pw}.allergens: unknown '{a}'")
            for k in ("aliases",):
                if k in p and not (isinstance(p[k], list) and all(isinstance(x, str) for x in p[k])):
                    err(f"{pw}.{k}: list of strings")
            for k in ("label", "size", "category", "name"):
                if k in p and not isinstance(p[k], str):
                    err(f"{pw}.{k}: string")
            if p.get("unit") in ("kg", "l") and ("size" in p or "label" in p):
                err(f"{pw}: a weighed product has no size/label")
            prods[pid] = p
        for j, p in enumerate(sh.get("products", [])):
            for sub in p.get("substitutes", []) or []:
                if sub not in prods or sub == p.get("id"):
                    err(f"{w}({sid}).products[{j}].substitutes: '{sub}' not another product of this shop")
        for j, s in enumerate(sh.get("services", []) or []):
            sw = f"{w}({sid}).services[{j}]"
            check_keys(s, {"id", "name", "duration_minutes", "price", "vat"}, sw,
                       ["id", "name", "duration_minutes", "price", "vat"])
            if not isinstance(s.get("duration_minutes"), int) or s["duration_minutes"] < 0:
                err(f"{sw}.duration_minutes: non-negative integer")
            if not is_dec2(s.get("price")):
                err(f"{sw}.price: decimal string")
            if s.get("vat") not in (7, 19):
                err(f"{sw}.vat: 7 or 19")
        v = sh.get("vouchers")
        if v is not None:
            check_keys(v, {"min", "max"}, f"{w}.vouchers", ["min", "max"])
            if not (is_dec2(v.get("min")) and is_dec2(v.get("max"))) or Decimal(v["min"]) > Decimal(v["max"]):
                err(f"{w}.vouchers: min/max decimal strings, min <= max")
        shops[sid] = {"shop": sh, "products": prods, "closed": closed,
                      "min_order": Decimal(sh.get("min_order", "0.00"))}
        nprod += len(prods)
    if len(shops) != 10:
        err(f"shops: {len(shops)}, want 10")
    if not 140 <= nprod <= 170:
        err(f"products: {nprod}, want 140-170")
    return munis, stations, shops, nprod


def windows_on(reg, kind, day):
    """Window starts (local naive datetimes) of the template on a date, holidays excluded."""
    if day.weekday() == 6 or day in holidays_sh(day.year):
        return []
    res = []
    for win in reg[kind]["windows"]:
        if DAYS[day.weekday()] in win["days"]:
            h, m = map(int, win["start"].split(":"))
            res.append(dt.datetime.combine(day, dt.time(h, m)))
    return sorted(res)


def aware(naive):
    return naive.replace(tzinfo=dt.timezone(dt.timedelta(hours=berlin_offset_for_local(naive))))


def earliest(reg, kind, now):
    cutoff = dt.timedelta(hours=reg[kind]["cutoff_hours"])
    d = now.date()
    for _ in range(30):
        for st in windows_on(reg, kind, d):
            a = aware(st)
            if a - cutoff >= now:
                return a
        d += dt.timedelta(days=1)
    return None


# ---------------------------------------------------------------- conversations
def check_conversations(doc, cat, munis, stations, shops):
    reg = cat["region"]
    check_keys(doc, {"format", "catalog", "conversations"}, "conversations file",
               ["format", "catalog", "conversations"])
    if doc.get("format") != "kiepe-conversations/1":
        err("conversations: format must be kiepe-conversations/1")
    if doc.get("catalog") != "holstein.yml":
        err("conversations: catalog must be holstein.yml")
    convs = doc.get("conversations", [])
    if len(convs) != 30:
        err(f"conversations: {len(convs)}, want 30")
    ids = set()
    chan = Counter()
    booked = Counter()
    shop_use = Counter()
    lines = 0
    vouchers = 0
    dst_cross = 0
    log = []
    for i, c in enumerate(convs):
        cid = c.get("id", f"#{i}")
        w = f"conversation {cid}"
        check_keys(c, {"id", "channel", "now", "customer", "tags", "turns", "expect"}, w,
                   ["id", "channel", "now", "customer", "turns", "expect"])
        if cid in ids:
            err(f"{w}: duplicate id")
        ids.add(cid)
        ch = c.get("channel")
        if ch not in ("voice", "telegram", "web"):
            err(f"{w}: channel invalid")
        chan[ch] += 1
        now = parse_ts(c.get("now"), f"{w}.now")
        if now and not RANGE_FROM <= now.date() <= RANGE_TO:
            err(f"{w}.now: outside 2030-09-01..2030-11-30")
        cu = c.get("customer", {})
        check_keys(cu, {"name", "phone", "municipality", "street"}, f"{w}.customer",
                   ["name", "phone", "municipality"])
        if cu.get("municipality") not in munis:
            err(f"{w}.customer.municipality: unknown")
        turns = c.get("turns", [])
        if not 3 <= len(turns) <= 8:
            err(f"{w}: {len(turns)} turns, want 3-8")
        for j, t in enumerate(turns):
            if not isinstance(t, dict) or list(t.keys()) != ["say"] or not isinstance(t["say"], str) or not t["say"].strip():
                err(f"{w}.turns[{j}]: only non-empty `say` turns allowed")
                continue
            if ch == "voice":
                s = t["say"]
                if s != s.lower():
                    err(f"{w}.turns[{j}]: voice turn not lower case")
                if re.search(r"[.,!?;:()\d€%+/\"]", s):
                    err(f"{w}.turns[{j}]: voice turn has punctuation or digits")
        exp = c.get("expect", {})
        check_keys(exp, {"cart", "slot"}, f"{w}.expect", ["cart"])
        totals = defaultdict(Decimal)
        seen = set()
        cart_shops = set()
        for j, ln in enumerate(exp.get("cart", [])):
            lw = f"{w}.expect.cart[{j}]"
            sid = ln.get("shop")
            if sid not in shops:
                err(f"{lw}: unknown shop '{sid}'")
                continue
            cart_shops.add(sid)
            if "voucher" in ln:
                check_keys(ln, {"shop", "voucher"}, lw, ["shop", "voucher"])
                v = shops[sid]["shop"].get("vouchers")
                if not v:
                    err(f"{lw}: shop sells no vouchers")
                elif not is_dec2(ln["voucher"]) or not Decimal(v["min"]) <= Decimal(ln["voucher"]) <= Decimal(v["max"]):
                    err(f"{lw}: voucher amount invalid or out of range")
                vouchers += 1
                continue
            check_keys(ln, {"shop", "product", "quantity"}, lw, ["shop", "product", "quantity"])
            pid = ln.get("product")
            p = shops[sid]["products"].get(pid)
            if p is None:
                err(f"{lw}: product '{pid}' not in shop '{sid}'")
                continue
            if (sid, pid) in seen:
                err(f"{lw}: duplicate line")
            seen.add((sid, pid))
            q = ln.get("quantity")
            try:
                if not isinstance(q, str):
                    raise InvalidOperation
                qd = Decimal(q)
            except InvalidOperation:
                err(f"{lw}: quantity must be a decimal string")
                continue
            if qd <= 0:
                err(f"{lw}: quantity not positive")
            if p["unit"] == "piece" and not re.match(r"^\d+$", q):
                err(f"{lw}: piece product needs a whole number")
            if p["unit"] in ("kg", "l") and not re.match(r"^\d+(\.\d{1,3})?$", q):
                err(f"{lw}: kg/l quantity as decimal with up to 3 places")
            totals[sid] += qd * Decimal(p["price"])
            lines += 1
        for sid in cart_shops:
            shop_use[sid] += 1
            if totals[sid] and totals[sid] < shops[sid]["min_order"]:
                err(f"{w}: shop {sid} total {totals[sid]:.2f} below min_order {shops[sid]['min_order']}")
        slot = exp.get("slot")
        if slot is None:
            log.append(f"{cid} [{ch}]: now {fmt(now)} -> no slot (cart only, {len(exp.get('cart', []))} lines)")
            continue
        kind = slot.get("kind")
        check_keys(slot, {"kind", "start", "station"}, f"{w}.expect.slot", ["kind", "start"])
        if kind not in ("delivery", "pickup"):
            err(f"{w}.slot.kind invalid")
            continue
        booked[kind] += 1
        if kind == "pickup":
            if slot.get("station") not in stations:
                err(f"{w}.slot.station: unknown")
        else:
            if "station" in slot:
                err(f"{w}.slot: delivery has no station")
            if not cu.get("street"):
                err(f"{w}: delivery booked but customer has no street")
        st = parse_ts(slot.get("start"), f"{w}.slot.start")
        if not st or not now:
            continue
        local = st.replace(tzinfo=None)
        day = local.date()
        notes = []
        if day.weekday() == 6:
            err(f"{w}.slot: Sunday")
        hol = holidays_sh(day.year)
        if day in hol:
            err(f"{w}.slot: public holiday {hol[day]}")
        if local not in windows_on(reg, kind, day):
            err(f"{w}.slot: {local} is not the start of a {kind} window of the template")
        cutoff = dt.timedelta(hours=reg[kind]["cutoff_hours"])
        if st - cutoff < now:
            err(f"{w}.slot: past the cutoff ({reg[kind]['cutoff_hours']} h)")
        else:
            notes.append("cutoff ok")
        if st <= now:
            err(f"{w}.slot: not after now")
        for sid in cart_shops:
            for a, b in shops[sid]["closed"]:
                if a <= day <= b:
                    err(f"{w}.slot: shop {sid} closed on {day}")
        notes.append("shops open")
        if now.utcoffset() != st.utcoffset():
            dst_cross += 1
            notes.append(f"DST: now {now.strftime('%z')} slot {st.strftime('%z')}")
        e = earliest(reg, kind, now)
        notes.append(f"earliest possible {DAYNAMES[e.weekday()]} {e.strftime('%d.%m. %H:%M')}")
        where = f"+{slot['station']}" if kind == "pickup" else ""
        log.append(f"{cid} [{ch}]: now {fmt(now)} -> {kind} {fmt(st)}{where} ({', '.join(notes)})")

    # overall rules
    for ch in ("voice", "telegram", "web"):
        if chan[ch] != 10:
            err(f"channel {ch}: {chan[ch]} conversations, want 10")
    nb = booked["delivery"] + booked["pickup"]
    if not 13 <= nb <= 17:
        err(f"booked conversations: {nb}, want about half (13-17)")
    if not booked["delivery"] or not booked["pickup"]:
        err("need both delivery and pick-up bookings")
    for sid in shops:
        if shop_use[sid] < 3:
            err(f"shop {sid} appears in {shop_use[sid]} carts, want several (>= 3)")
    if vouchers < 1:
        err("no voucher line")
    if dst_cross < 1:
        err("no conversation across the change to winter time")
    return dict(chan=chan, booked=booked, lines=lines, vouchers=vouchers, shop_use=shop_use,
                dst=dst_cross, log=log)


def fmt(t):
    if t is None:
        return "?"
    return f"{DAYNAMES[t.weekday()]} {t.strftime('%Y-%m-%d %H:%M%z')}"


def main():
    cat = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    doc = yaml.safe_load(CONVS.read_text(encoding="utf-8"))
    munis, stations, shops, nprod = check_catalog(cat)
    res = check_conversations(doc, cat, munis, stations, shops)
    print(f"catalog {CATALOG.name}: {len(munis)} municipalities, {len(stations)} stations, "
          f"{len(shops)} shops, {nprod} products")
    for sid, s in shops.items():
        aliases = [a for p in s["products"].values() for a in p.get("aliases", [])]
        print(f"  {sid}: {len(s['products'])} products, min_order {s['min_order']}, "
              f"closed {[f'{a}..{b}' if a != b else str(a) for a, b in s['closed']]}, "
              f"aliases {aliases}, in {res['shop_use'][sid]} carts")
    hol = {d: n for d, n in holidays_sh(2030).items() if RANGE_FROM <= d <= RANGE_TO}
    print("SH holidays in range (computed): " +
          ", ".join(f"{DAYNAMES[d.weekday()]} {d} {n}" for d, n in sorted(hol.items())))
    print(f"conversations {CONVS.name}: " + ", ".join(f"{k} {v}" for k, v in sorted(res['chan'].items())) +
          f"; booked delivery {res['booked']['delivery']}, pickup {res['booked']['pickup']}; "
          f"cart lines {res['lines']} (+{res['vouchers']} voucher); DST-crossing {res['dst']}")
    print("per-conversation log:")
    for line in res["log"]:
        print("  " + line)
    for w_ in warnings:
        print("WARNING: " + w_)
    for e in errors:
        print("ERROR: " + e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
